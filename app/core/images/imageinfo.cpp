#include "core/images/imageinfo.h"
#include "core/util/format.h"

#include "core/images/jpegdecode.h"
#include "core/images/metadata.h"
#include "core/images/webpdecode.h"
#ifdef SQUINT_HAVE_HEIF
#include "core/images/heifdecoder.h"
#endif

#include <QBuffer>
#include <QCoreApplication>
#include <QImageReader>
#include <QLocale>
#include <QMimeDatabase>
#include <QSet>
#include <QTransform>

#include <cmath>
#include <mutex>

namespace squint {

// Translation context for this file's messages (lupdate reads it from here).
namespace {
class Tr
{
    Q_DECLARE_TR_FUNCTIONS(squint::ImageInfo)
};
} // namespace

namespace {


// Qt refuses to allocate more than 256 MB per image by default; Squint's own cap (MaxDecodePixels)
// is the guard, so the reader's limit is raised once to what that cap needs.
void raiseAllocationLimit()
{
    static std::once_flag once;
    std::call_once(once, [] {
        const int neededMb = int(MaxDecodePixels * 4 / (1024 * 1024)) + 64;
        if (QImageReader::allocationLimit() < neededMb)
            QImageReader::setAllocationLimit(neededMb);
    });
}

// HEIF and AVIF are ISO-BMFF files: "ftyp" at offset 4 followed by a brand.
QByteArray heifFlavour(const QByteArray &bytes)
{
    if (bytes.size() < 12 || bytes.mid(4, 4) != "ftyp")
        return {};
    const QByteArray brand = bytes.mid(8, 4);
    if (brand == "avif" || brand == "avis")
        return QByteArrayLiteral("avif");
    static const QSet<QByteArray> heic = {"heic", "heix", "heim", "heis", "hevc", "hevx", "mif1", "msf1"};
    return heic.contains(brand) ? QByteArrayLiteral("heic") : QByteArray();
}

QString pixelsText(QSize s)
{
    const double mp = double(s.width()) * s.height() / 1e6;
    return Tr::tr("%1 × %2 pixels (%3 megapixels)")
        .arg(s.width())
        .arg(s.height())
        .arg(QLocale().toString(mp, 'f', mp < 10 ? 1 : 0));
}

bool isOpaque(const QImage &img)
{
    if (!img.hasAlphaChannel())
        return true;
    const QImage a = img.convertToFormat(QImage::Format_ARGB32);
    for (int y = 0; y < a.height(); ++y) {
        const auto *line = reinterpret_cast<const QRgb *>(a.constScanLine(y));
        for (int x = 0; x < a.width(); ++x)
            if (qAlpha(line[x]) != 255)
                return false;
    }
    return true;
}

// Photos have many distinct colours even in a thumbnail; screenshots and drawings have large flat
// areas. Decides JPEG (photos) versus PNG (everything else) when Squint must re-encode.
bool looksLikePhoto(const QImage &thumb)
{
    if (thumb.isNull())
        return true;
    const QImage img = thumb.convertToFormat(QImage::Format_RGB32);
    QSet<QRgb> colours;
    int samples = 0;
    const int step = std::max(1, int(std::sqrt(double(img.width()) * img.height() / 4096.0)));
    for (int y = 0; y < img.height(); y += step) {
        const auto *line = reinterpret_cast<const QRgb *>(img.constScanLine(y));
        for (int x = 0; x < img.width(); x += step) {
            colours.insert(line[x] & 0xF8F8F8); // 5 bits per channel: ignore scaling noise
            ++samples;
        }
    }
    return samples > 0 && double(colours.size()) / samples > 0.2;
}

QSize thumbnailSizeFor(QSize full, int edge) { return full.scaled(QSize(edge, edge), Qt::KeepAspectRatio); }

// A QImageReader over bytes in memory that sniffs the format from the content (never the name)
// and applies the EXIF orientation.
struct MemoryReader
{
    QBuffer buffer;
    QImageReader reader;
    explicit MemoryReader(const QByteArray &bytes)
    {
        buffer.setData(bytes);
        buffer.open(QIODevice::ReadOnly);
        reader.setDevice(&buffer);
        reader.setDecideFormatFromContent(true);
        reader.setAutoTransform(true);
    }
};

// Applies an EXIF orientation as Qt's reader does: mirror and flip first, then rotate.
QImage oriented(const QImage &img, QImageIOHandler::Transformations t)
{
    if (t == QImageIOHandler::TransformationNone)
        return img;
    if (t == QImageIOHandler::TransformationRotate270)
        return img.transformed(QTransform().rotate(270));
    QImage out = img.mirrored(t & QImageIOHandler::TransformationMirror, t & QImageIOHandler::TransformationFlip);
    if (t & QImageIOHandler::TransformationRotate90)
        out = out.transformed(QTransform().rotate(90));
    return out;
}

// The guard against decompression bombs: empty when `s` may be decoded, else the reason.
QString oversizeError(QSize s)
{
    if (qint64(s.width()) * s.height() <= MaxDecodePixels)
        return {};
    return Tr::tr("The image declares %1; Squint opens images of up to %2 megapixels.")
        .arg(pixelsText(s))
        .arg(MaxDecodePixels / 1'000'000);
}

} // namespace

QString mimeForFormat(const QByteArray &format)
{
    const QByteArray f = format.toLower();
    if (f == "jpg" || f == "jpeg")
        return QStringLiteral("image/jpeg");
    if (f == "tif")
        return QStringLiteral("image/tiff");
    return QStringLiteral("image/") + QString::fromLatin1(f);
}

QString formatLabel(const QByteArray &format) { return QString::fromLatin1(format).toUpper(); }

bool canDecodeFormat(const QByteArray &format)
{
#ifdef SQUINT_HAVE_HEIF
    if (format == "heic" || format == "heif" || format == "avif")
        return true;
#endif
    return QImageReader::supportedImageFormats().contains(format);
}

namespace {

// The end of every thumbnail path: the oriented image fitted in the thumbnail box, what its pixels
// say about transparency and photo-likeness, kept compact.
void finishThumbnail(ProbeResult &r, QImage thumb, int edge)
{
    const QSize finalSize = thumbnailSizeFor(r.info.size, edge);
    if (thumb.size() != finalSize
        && (thumb.width() > finalSize.width() || thumb.height() > finalSize.height()))
        thumb = thumb.scaled(finalSize, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
    if (thumb.hasAlphaChannel() && isOpaque(thumb))
        thumb = thumb.convertToFormat(QImage::Format_RGB32);
    r.info.hasAlpha = thumb.hasAlphaChannel();
    // Keep thumbnails compact: 3 bytes a pixel when opaque.
    r.thumbnail = thumb.hasAlphaChannel()
                      ? thumb.convertToFormat(QImage::Format_ARGB32_Premultiplied)
                      : thumb.convertToFormat(QImage::Format_RGB888);
    r.info.photoLike = r.info.format == "jpeg" || (!r.info.hasAlpha && looksLikePhoto(thumb));
}

ProbeResult failed(ProbeResult r, const QString &why)
{
    r.ok = false;
    r.error = why;
    r.thumbnail = QImage();
    return r;
}

// The largest side of `s`.
int longSide(QSize s)
{
    return std::max(s.width(), s.height());
}

} // namespace

ProbeResult probeHeader(const QByteArray &bytes)
{
    raiseAllocationLimit();
    ProbeResult r;
    r.info.fileBytes = bytes.size();
    auto fail = [&r](const QString &why) { return failed(r, why); };
    if (bytes.isEmpty())
        return fail(Tr::tr("The file is empty (0 bytes)."));
    if (bytes.size() > MaxFileBytes)
        return fail(Tr::tr("The file is %1, more than the %2 Squint reads as an image.")
                        .arg(formatBytes(bytes.size()), formatBytes(MaxFileBytes)));

    const QByteArray heif = heifFlavour(bytes);
    if (!heif.isEmpty()) {
        r.info.format = heif;
#ifdef SQUINT_HAVE_HEIF
        QString error;
        if (!heif::probe(bytes, &r.info.size, &r.info.hasAlpha, &error))
            return fail(error);
        if (const QString e = oversizeError(r.info.size); !e.isEmpty())
            return fail(e);
        r.info.photoLike = true;
        r.ok = true;
        return r;
#else
        return fail(Tr::tr("This is a %1 image, and this build of Squint has no %1 decoder (it was built without libheif).")
                        .arg(formatLabel(heif)));
#endif
    }

    MemoryReader mem(bytes);
    QImageReader &reader = mem.reader;
    const QByteArray format = reader.format();
    if (format.isEmpty() || !reader.canRead()) {
        const QMimeType mime = QMimeDatabase().mimeTypeForData(bytes);
        if (mime.name().startsWith(QLatin1String("image/")))
            return fail(Tr::tr("The %1 data is damaged or in a variant Squint can't read.").arg(mime.comment()));
        return fail(Tr::tr("This is not an image: it looks like %1 (%2).").arg(mime.comment(), mime.name()));
    }
    r.info.format = format == "jpg" ? QByteArrayLiteral("jpeg") : format;

    QSize raw = reader.size();
    if (!raw.isValid() || raw.isEmpty())
        return fail(Tr::tr("The %1 header is damaged: it gives no valid pixel size.").arg(formatLabel(r.info.format)));
    if (const QString e = oversizeError(raw); !e.isEmpty())
        return fail(e);
    const QImageIOHandler::Transformations t = reader.transformation();
    r.info.rotated = t != QImageIOHandler::TransformationNone;
    r.info.size = (t & QImageIOHandler::TransformationRotate90) ? raw.transposed() : raw;
    r.info.hasAlpha = QImage::toPixelFormat(reader.imageFormat()).alphaUsage() == QPixelFormat::UsesAlpha;
    r.info.animated = reader.supportsAnimation() && reader.imageCount() > 1;

    const MetadataScan meta = scanMetadata(bytes, r.info.format);
    r.info.hasMetadata = meta.any();
    r.info.hasGps = meta.hasGps;

    if (!looksComplete(bytes, r.info.format))
        return fail(Tr::tr("The %1 file is truncated: its image data ends early.").arg(formatLabel(r.info.format)));

    r.info.photoLike = r.info.format == "jpeg";
    r.ok = true;
    return r;
}

void addThumbnail(const QByteArray &bytes, ProbeResult &r, int thumbnailEdge)
{
    if (!r.ok || thumbnailEdge <= 0)
        return;
    raiseAllocationLimit();
#ifdef SQUINT_HAVE_HEIF
    if (!heifFlavour(bytes).isEmpty()) {
        QString error;
        const QImage full = heif::decode(bytes, &error);
        if (full.isNull()) {
            r = failed(r, error);
            return;
        }
        r.info.size = full.size(); // libheif applies rotation and mirroring
        r.thumbnail = full.scaled(thumbnailSizeFor(full.size(), thumbnailEdge),
                                  Qt::KeepAspectRatio,
                                  Qt::SmoothTransformation);
        return;
    }
#endif
    MemoryReader mem(bytes);
    QImageReader &reader = mem.reader;
    const QSize raw = reader.size();
    const QImageIOHandler::Transformations t = reader.transformation();
    const QSize target = thumbnailSizeFor(raw, thumbnailEdge);
    const bool jpeg = r.info.format == "jpeg";
    if (jpeg && target.width() < raw.width()) {
        // Let libjpeg do the heavy reduction in the DCT (1/2, 1/4 or 1/8, at the size it produces
        // so Qt does not rescale), with the fast IDCT (quality < 50 in Qt's handler) since the
        // result is a thumbnail; then one smooth scale to the exact thumbnail size.
        int denom = 8;
        while (denom > 1
               && ((raw.width() + denom - 1) / denom < target.width()
                   || (raw.height() + denom - 1) / denom < target.height()))
            denom /= 2;
        reader.setScaledSize(
            QSize((raw.width() + denom - 1) / denom, (raw.height() + denom - 1) / denom));
        reader.setQuality(49);
    } else if (target.width() < raw.width()) {
        reader.setScaledSize(target);
    }
    // A progressive JPEG spreads each pixel over many scans; for a thumbnail the first is enough.
    QImage thumb = jpeg ? progressiveJpegDcThumbnail(bytes, target) : QImage();
    if (!thumb.isNull())
        thumb = oriented(thumb, t);
    else if (!reader.read(&thumb) || thumb.isNull()) {
        r = failed(r,
                   Tr::tr("The %1 image data is corrupt: %2")
                       .arg(formatLabel(r.info.format), reader.errorString()));
        return;
    }
    // Every path ends at the same size: the oriented image fitted in the thumbnail box.
    finishThumbnail(r, thumb, thumbnailEdge);
}

ProbeResult probeImage(const QByteArray &bytes, const DecodeOptions &options)
{
    ProbeResult r = probeHeader(bytes);
    addThumbnail(bytes, r, options.thumbnailEdge);
    return r;
}

bool DecodedImage::serves(int longEdge) const
{
    if (isNull())
        return false;
    if (!reduced)
        return true;
    const QSize need = decodedSizeFor(full, longEdge);
    return pixels.width() >= need.width() && pixels.height() >= need.height();
}

QSize decodedSizeFor(QSize full, int longEdge)
{
    // As decodeImageScaled has always done it: the long edge in a square box, rounded down by
    // QSize::scaled, and only ever smaller.
    if (longEdge <= 0 || full.isEmpty() || longEdge >= longSide(full))
        return full;
    return full.scaled(QSize(longEdge, longEdge), Qt::KeepAspectRatio);
}

DecodedImage decodeOnce(const QByteArray &bytes, const QList<int> &longEdges, QString *error)
{
    raiseAllocationLimit();
    DecodedImage d;
#ifdef SQUINT_HAVE_HEIF
    if (!heifFlavour(bytes).isEmpty()) {
        d.pixels = heif::decode(bytes, error); // whole: libheif has no scaled decode
        d.full = d.pixels.size();
        return d;
    }
#endif
    MemoryReader mem(bytes);
    QImageReader &reader = mem.reader;
    const QSize raw = reader.size();
    if (const QString e = raw.isValid() ? oversizeError(raw) : QString(); !e.isEmpty()) {
        if (error)
            *error = e;
        return {};
    }
    const QImageIOHandler::Transformations t = reader.transformation();
    d.full = (t & QImageIOHandler::TransformationRotate90) ? raw.transposed() : raw;
    // The largest long edge asked for decides the scale; 0 (or more than the image has) means full size.
    bool fullSize = longEdges.isEmpty() || !raw.isValid();
    int largest = 0;
    QSet<int> distinct;
    for (int edge : longEdges) {
        if (edge <= 0 || (raw.isValid() && edge >= longSide(raw)))
            fullSize = true;
        else
            largest = std::max(largest, edge);
        distinct.insert(edge);
    }
    const QByteArray format = reader.format();
    const bool jpeg = format == "jpeg" || format == "jpg";
    if (!fullSize && largest > 0) {
        // Unoriented, as the reader scales before it orients: the box is square, the long edge is what counts.
        const QSize target = raw.scaled(QSize(largest, largest), Qt::KeepAspectRatio);
        if (jpeg) {
            // The M/8 Qt's reader would pick for the largest target serves every smaller one.
            const int m = jpegScaleFor(raw, target);
            const QImage img = m < 8 ? decodeJpegReduced(bytes, m) : QImage();
            if (!img.isNull()) {
                d.pixels = oriented(img, t);
                d.reduced = true;
                return d;
            }
            // Barely smaller (M = 8), or CMYK and the like: Qt's reader, scaled to the largest target.
            reader.setScaledSize(target);
            d.reduced = true;
        } else if (format == "webp" && t == QImageIOHandler::TransformationNone) {
            const QImage img = decodeWebpScaled(bytes, target);
            if (!img.isNull()) {
                d.pixels = img;
                d.reduced = true;
                return d;
            }
        }
        if (!d.reduced && distinct.size() == 1) {
            // One size only: Qt's reader makes it as it always has (PNG's reader averages while it
            // reads, other formats are scaled after decoding).
            reader.setScaledSize(target);
            d.reduced = true;
        }
        // Several sizes: one whole decode, shared, each size scaled from it.
    }
    if (!reader.read(&d.pixels)) {
        if (error)
            *error = Tr::tr("The image can't be decoded: %1").arg(reader.errorString());
        return {};
    }
    if (!d.reduced)
        d.full = d.pixels.size();
    return d;
}

QImage scaledFromDecoded(const DecodedImage &decoded, int longEdge)
{
    const QSize need = decodedSizeFor(decoded.full, longEdge);
    if (decoded.pixels.size() == need || decoded.isNull())
        return decoded.pixels;
    return decoded.pixels.scaled(need, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
}

void addThumbnailFrom(const DecodedImage &decoded, ProbeResult &r, int thumbnailEdge)
{
    if (!r.ok || thumbnailEdge <= 0)
        return;
    if (decoded.isNull()) {
        r = failed(r, Tr::tr("The %1 image data is corrupt.").arg(formatLabel(r.info.format)));
        return;
    }
#ifdef SQUINT_HAVE_HEIF
    if (r.info.format == "heic" || r.info.format == "avif") {
        r.info.size = decoded.full; // libheif applies rotation and mirroring
        r.thumbnail = decoded.pixels.scaled(thumbnailSizeFor(decoded.full, thumbnailEdge),
                                            Qt::KeepAspectRatio,
                                            Qt::SmoothTransformation);
        return;
    }
#endif
    finishThumbnail(r, decoded.pixels, thumbnailEdge);
}

bool isProgressiveJpeg(const QByteArray &bytes)
{
    return bytes.startsWith("\xFF\xD8") && readJpegHeader(bytes).progressive;
}

QImage decodeImageScaled(const QByteArray &bytes, int longEdge, QString *error)
{
    const DecodedImage d = decodeOnce(bytes, {longEdge}, error);
    return d.isNull() ? QImage() : scaledFromDecoded(d, longEdge);
}

QImage decodeImage(const QByteArray &bytes, QString *error) { return decodeImageScaled(bytes, 0, error); }

} // namespace squint
