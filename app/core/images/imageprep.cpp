#include "core/images/imageprep.h"
#include "core/util/format.h"

#include "core/util/base64.h"
#include "core/images/metadata.h"
#include "core/chat/requestbody.h"
#include "core/catalog/tokens.h"

#include <QBuffer>
#include <QCoreApplication>
#include <QFile>
#include <QImageWriter>
#include <QLocale>
#include <QPainter>

#include <algorithm>
#include <cmath>

namespace squint {

// Translation context for this file's messages (lupdate reads it from here).
namespace {
class Tr
{
    Q_DECLARE_TR_FUNCTIONS(squint::ImagePrep)
};
} // namespace

namespace {

// The format Squint re-encodes to: JPEG for opaque photos, PNG for screenshots, drawings and
// anything transparent; whatever the model takes when it takes neither.
QByteArray chooseFormat(const ImageInfo &info, const QStringList &accepted)
{
    const bool jpegOk = accepted.contains(QLatin1String("jpeg"));
    const bool pngOk = accepted.contains(QLatin1String("png"));
    if (info.photoLike && !info.hasAlpha && jpegOk)
        return QByteArrayLiteral("jpeg");
    if (pngOk)
        return QByteArrayLiteral("png");
    if (jpegOk)
        return QByteArrayLiteral("jpeg");
    return accepted.isEmpty() ? QByteArrayLiteral("png") : accepted.first().toLatin1();
}

QImage flattenForJpeg(const QImage &img)
{
    if (!img.hasAlphaChannel())
        return img;
    QImage out(img.size(), QImage::Format_RGB32);
    out.fill(Qt::white);
    QPainter p(&out);
    p.drawImage(0, 0, img);
    return out;
}

QImage scaledTo(const QImage &img, QSize size)
{
    if (img.size() == size)
        return img;
    return img.scaled(size, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
}

// JPEG size falls with quality along a curve that is much the same for most photos (relative to
// quality 85). Start from the quality the curve predicts for the budget, then step by 5: two to
// four encodes instead of a six-step bisection.
struct JpegSearch
{
    QByteArray bytes; ///< best encoding within budget, or empty
    int quality = -1;
    qint64 smallest = 0;
};

template<typename Fits>
JpegSearch searchJpegQuality(const QImage &img, double ratioTo85, Fits fits)
{
    static constexpr std::pair<int, double> curve[] = {{80, 0.85}, {75, 0.72}, {70, 0.63}, {65, 0.56}, {60, 0.50},
                                                       {55, 0.46}, {50, 0.42}, {45, 0.39}, {40, 0.36}, {35, 0.33}};
    int q = 35;
    for (const auto &[quality, ratio] : curve) {
        if (ratio <= ratioTo85) {
            q = quality;
            break;
        }
    }
    JpegSearch out;
    bool steppedDown = false;
    for (int attempts = 0; attempts < 6 && q >= 35 && q <= 84; ++attempts) {
        const QByteArray attempt = encodeImage(img, "jpeg", q);
        if (out.smallest == 0 || attempt.size() < out.smallest)
            out.smallest = attempt.size();
        if (fits(attempt.size())) {
            out.bytes = attempt;
            out.quality = q;
            if (steppedDown)
                break; // the quality above did not fit
            q += 5; // room to spare? one step up
        } else {
            if (out.quality >= 0)
                break; // the step up was too much: keep the last that fitted
            q -= 5;
            steppedDown = true;
        }
    }
    return out;
}

QString metadataChange(const ImageInfo &info)
{
    return info.hasGps ? Tr::tr("Removed metadata, including the GPS position") : Tr::tr("Removed metadata (EXIF, XMP, comments)");
}

} // namespace

QByteArray PreparedImage::data() const
{
    if (!bytes.isEmpty() || path.isEmpty())
        return bytes;
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    const QByteArray all = f.readAll();
    return all.size() == byteCount ? all : QByteArray();
}

QString SendPlan::key() const
{
    return QStringLiteral("%1:%2:%3x%4")
        .arg(int(action))
        .arg(QString::fromLatin1(targetFormat))
        .arg(targetSize.width())
        .arg(targetSize.height());
}

SendPlan planForSend(const ImageInfo &info,
                     const ModelLimits &limits,
                     int imageCount,
                     bool keepMetadata)
{
    SendPlan plan;
    plan.targetSize = info.size;
    plan.targetFormat = info.format;
    const int maxSide = limits.maxPixelsFor(imageCount);
    const bool tooBig = maxSide > 0 && std::max(info.size.width(), info.size.height()) > maxSide;
    const bool accepted = limits.accepts(QString::fromLatin1(info.format));
    if (tooBig) {
        plan.action = SendPlan::Action::Downscale;
        plan.targetSize = fitLongEdge(info.size, maxSide);
        // keep a still format the model takes; GIF and anything else is re-chosen
        const bool keep = accepted && (info.format == "jpeg" || info.format == "png" || info.format == "webp");
        plan.targetFormat = keep ? info.format : chooseFormat(info, limits.formats);
    } else if (!accepted) {
        plan.action = SendPlan::Action::Convert;
        plan.targetFormat = chooseFormat(info, limits.formats);
    } else if (info.hasMetadata && !keepMetadata) {
        plan.action = SendPlan::Action::Clean;
    }
    return plan;
}

bool planRemovesMetadata(const ImageInfo &info, const SendPlan &plan)
{
    return info.hasMetadata && plan.action != SendPlan::Action::AsIs;
}

QByteArray encodeImage(const QImage &image, const QByteArray &format, int quality, PngEffort effort)
{
    // Re-wrap the pixels so that no text keys read from the original (PNG tEXt and the like) are
    // written back: re-encoded images carry no metadata.
    QImage src = format == "jpeg" ? flattenForJpeg(image) : image;
    const QImage clean(src.constBits(), src.width(), src.height(), src.bytesPerLine(), src.format());
    QByteArray out;
    QBuffer buffer(&out);
    buffer.open(QIODevice::WriteOnly);
    QImageWriter writer(&buffer, format);
    if (format == "jpeg" || format == "webp")
        writer.setQuality(quality);
    // PNG: Qt's compression knob runs from 0 to 100 and maps to zlib's levels 0 to 9 (times 9/91):
    // 11 is level 1. Thorough leaves libpng's default.
    if (format == "png" && effort == PngEffort::Fast)
        writer.setCompression(11);
    if (!writer.write(clean))
        return {};
    return out;
}

int decodeEdgeFor(const SendPlan &plan)
{
    return plan.action == SendPlan::Action::Downscale
               ? std::max(plan.targetSize.width(), plan.targetSize.height())
               : 0;
}

PreparedImage prepareForSend(const QByteArray &original, const ImageInfo &info, const SendPlan &plan, QString *error)
{
    if (plan.action == SendPlan::Action::AsIs) {
        PreparedImage out;
        out.key = plan.key();
        out.bytes = original;
        out.byteCount = original.size();
        out.format = info.format;
        out.size = info.size;
        return out;
    }
    if (plan.action == SendPlan::Action::Clean && !info.rotated) {
        // Lossless: the metadata goes, the pixels stay as they are. (A rotated image is re-encoded
        // upright below, since its orientation goes with the EXIF.)
        if (const auto stripped = stripMetadata(original, info.format)) {
            PreparedImage out;
            out.key = plan.key();
            out.bytes = *stripped;
            out.byteCount = out.bytes.size();
            out.format = info.format;
            out.size = info.size;
            out.changes << metadataChange(info);
            return out;
        }
    }
    const QImage img = decodeImageScaled(original, decodeEdgeFor(plan), error);
    if (img.isNull())
        return {};
    return prepareDecoded(img, info, plan, error);
}

PreparedImage prepareDecoded(const QImage &decoded,
                             const ImageInfo &info,
                             const SendPlan &plan,
                             QString *error)
{
    PreparedImage out;
    out.key = plan.key();
    if (decoded.isNull() || plan.action == SendPlan::Action::AsIs)
        return {};
    const QImage img = scaledTo(decoded, plan.targetSize);
    // A rotated photo re-encoded only to turn it upright keeps as much of its quality as it can.
    const int quality = plan.action == SendPlan::Action::Clean ? 95 : 90;
    out.quality = plan.targetFormat == "jpeg" ? quality : -1;
    out.bytes = encodeImage(img, plan.targetFormat, quality);
    out.byteCount = out.bytes.size();
    if (out.bytes.isEmpty()) {
        if (error)
            *error = Tr::tr("Squint could not encode the image as %1.").arg(QString::fromLatin1(plan.targetFormat).toUpper());
        return {};
    }
    out.format = plan.targetFormat;
    out.size = img.size();
    if (plan.action == SendPlan::Action::Downscale)
        out.changes << Tr::tr("Scaled from %1 to %2")
                           .arg(formatPixelSize(info.size), formatPixelSize(out.size));
    if (plan.targetFormat != info.format)
        out.changes << Tr::tr("Converted from %1 to %2")
                           .arg(QString::fromLatin1(info.format).toUpper(), QString::fromLatin1(plan.targetFormat).toUpper());
    if (plan.action == SendPlan::Action::Clean && info.rotated)
        out.changes << Tr::tr("Turned upright as the EXIF orientation asks");
    if (info.hasMetadata)
        out.changes << metadataChange(info);
    return out;
}

FitTarget fitTargetFor(const ModelLimits &limits, int imageCount, qint64 fixedOverheadBytes)
{
    FitTarget t;
    t.formats = limits.formats;
    const int side = limits.maxPixelsFor(std::max(1, imageCount));
    t.longEdge = limits.recommendedLongEdge;
    if (side > 0 && (t.longEdge <= 0 || side < t.longEdge))
        t.longEdge = side;
    const int n = std::max(1, imageCount);
    qint64 budget = 0;
    if (limits.maxRequestBytes > 0) {
        // every image part costs its base64 plus about 80 bytes of JSON and data-URL framing
        const qint64 framing = imagePartBytes(QStringLiteral("image/jpeg"), 0) + 8;
        const qint64 available = limits.maxRequestBytes - fixedOverheadBytes - framing * n;
        budget = std::max<qint64>(1024, available / n * 3 / 4);
    }
    if (limits.maxImageBytes > 0) {
        const qint64 cap = limits.maxImageBytes / 4 * 3; // the per-image limit is measured on base64
        budget = budget > 0 ? std::min(budget, cap) : cap;
    }
    t.maxBytes = budget;
    return t;
}

std::optional<PreparedImage> fitWithoutDecode(const QByteArray &original,
                                              const ImageInfo &info,
                                              const FitTarget &target)
{
    const bool accepted = target.formats.contains(QString::fromLatin1(info.format));
    const bool withinEdge = target.longEdge <= 0 || std::max(info.size.width(), info.size.height()) <= target.longEdge;
    auto withinBudget = [&target](qint64 n) { return target.maxBytes <= 0 || n <= target.maxBytes; };
    const bool stillFormat = info.format == "jpeg" || info.format == "png" || info.format == "webp";

    // Cheapest first: when only metadata is in the way, drop it without touching a pixel.
    if (accepted && withinEdge && !info.animated && stillFormat) {
        QByteArray bytes = original;
        QStringList changes;
        if (info.hasMetadata && !info.rotated) {
            if (const auto stripped = stripMetadata(original, info.format)) {
                bytes = *stripped;
                changes << metadataChange(info);
            }
        }
        if ((!info.hasMetadata || !changes.isEmpty()) && withinBudget(bytes.size())) {
            PreparedImage out;
            out.bytes = bytes;
            out.byteCount = bytes.size();
            out.format = info.format;
            out.size = info.size;
            out.changes = changes.isEmpty() ? QStringList{Tr::tr("Already fits; sent unchanged")} : changes;
            return out;
        }
    }
    return std::nullopt;
}

bool fitNeedsDecode(const ImageInfo &info, const FitTarget &target)
{
    const bool accepted = target.formats.contains(QString::fromLatin1(info.format));
    const bool withinEdge = target.longEdge <= 0
                            || std::max(info.size.width(), info.size.height()) <= target.longEdge;
    const bool stillFormat = info.format == "jpeg" || info.format == "png" || info.format == "webp";
    // Over the budget as it is: stripping metadata rarely saves enough to matter, so the pixels decide.
    const bool withinBudget = target.maxBytes <= 0 || info.fileBytes <= target.maxBytes;
    return !(accepted && withinEdge && !info.animated && stillFormat && withinBudget);
}

PreparedImage fitImage(const QByteArray &original,
                       const ImageInfo &info,
                       const FitTarget &target,
                       QString *error)
{
    if (auto unchanged = fitWithoutDecode(original, info, target))
        return *unchanged;
    QString decodeError;
    const QImage img = decodeImageScaled(original, target.longEdge, &decodeError);
    if (img.isNull()) {
        if (error)
            *error = decodeError;
        return {};
    }
    return fitDecoded(img, info, target, error);
}

PreparedImage fitDecoded(const QImage &decoded,
                         const ImageInfo &info,
                         const FitTarget &target,
                         QString *error)
{
    PreparedImage out;
    auto withinBudget = [&target](qint64 n) { return target.maxBytes <= 0 || n <= target.maxBytes; };
    QImage img = decoded;
    if (img.isNull())
        return {};
    if (target.longEdge > 0 && std::max(img.width(), img.height()) > target.longEdge)
        img = scaledTo(img, fitLongEdge(img.size(), target.longEdge));

    const bool jpegOk = target.formats.contains(QLatin1String("jpeg"));
    QByteArray format = chooseFormat(info, target.formats);
    bool switchedToJpeg = false;
    int quality = -1;
    QByteArray bytes;
    int encodes = 0;
    // Each round: encode; if over budget, a JPEG quality search; if still over, shrink by the area
    // ratio the budget asks for (a little more, to land inside) and go again.
    for (int round = 0; round < 8; ++round) {
        qint64 smallest = 0; // size of the smallest encoding tried this round
        if (format == "jpeg") {
            bytes = encodeImage(img, format, 85);
            ++encodes;
            quality = 85;
            smallest = bytes.size();
            if (!withinBudget(bytes.size()) && !bytes.isEmpty()) {
                const JpegSearch found = searchJpegQuality(img, double(target.maxBytes) / bytes.size(), withinBudget);
                ++encodes; // at least one more
                smallest = found.smallest;
                if (!found.bytes.isEmpty()) {
                    bytes = found.bytes;
                    quality = found.quality;
                }
            }
        } else {
            bytes = encodeImage(img, format, 85);
            ++encodes;
            if (!withinBudget(bytes.size()) && !bytes.isEmpty() && format == "png") {
                // The same pixels, compressed harder, before giving up any of them.
                const QByteArray thorough = encodeImage(img, format, 85, PngEffort::Thorough);
                ++encodes;
                if (!thorough.isEmpty() && thorough.size() < bytes.size())
                    bytes = thorough;
            }
            quality = -1;
            smallest = bytes.size();
            if (!withinBudget(bytes.size()) && jpegOk && !img.hasAlphaChannel() && !switchedToJpeg) {
                // an opaque screenshot that PNG can't fit: JPEG keeps it readable at this size
                format = QByteArrayLiteral("jpeg");
                switchedToJpeg = true;
                continue;
            }
        }
        if (bytes.isEmpty() || withinBudget(bytes.size()))
            break;
        const double factor = std::clamp(std::sqrt(double(target.maxBytes) / double(smallest)) * 0.95, 0.3, 0.9);
        const QSize smaller(std::max(1, int(img.width() * factor)), std::max(1, int(img.height() * factor)));
        if (smaller.width() < 16 || smaller.height() < 16)
            break;
        img = scaledTo(img, smaller);
    }
    if (bytes.isEmpty() || !withinBudget(bytes.size())) {
        if (error)
            *error = Tr::tr("Could not make the image fit in %1.").arg(formatBytes(target.maxBytes));
        return {};
    }
    out.bytes = bytes;
    out.byteCount = bytes.size();
    out.format = format;
    out.size = img.size();
    out.quality = quality;
    out.firstTry = encodes == 1;
    if (out.size != info.size)
        out.changes << Tr::tr("Scaled from %1 to %2")
                           .arg(formatPixelSize(info.size), formatPixelSize(out.size));
    if (format == "jpeg")
        out.changes << (format != info.format ? Tr::tr("Re-encoded as JPEG, quality %1").arg(quality)
                                               : Tr::tr("Re-encoded at JPEG quality %1").arg(quality));
    else if (format != info.format)
        out.changes << Tr::tr("Converted from %1 to %2")
                           .arg(QString::fromLatin1(info.format).toUpper(), QString::fromLatin1(format).toUpper());
    if (info.hasMetadata)
        out.changes << metadataChange(info);
    return out;
}

} // namespace squint
