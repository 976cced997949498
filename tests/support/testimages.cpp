#include "testimages.h"

#include <QBuffer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QImageWriter>
#include <QRandomGenerator>
#include <QtEndian>

#if defined(SQUINT_HAVE_HEIF) && __has_include(<libheif/heif.h>)
#include <libheif/heif.h>
#define SQUINT_TEST_HEIF 1
#endif

#include <unistd.h>
#include <sys/stat.h>

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/lsan_interface.h>
#endif

#include <algorithm>
#include <memory>

namespace squint::test {

QByteArray be16(quint32 v)
{
    QByteArray b(2, '\0');
    qToBigEndian<quint16>(quint16(v), b.data());
    return b;
}

QByteArray be32(quint32 v)
{
    QByteArray b(4, '\0');
    qToBigEndian<quint32>(v, b.data());
    return b;
}

QByteArray le16(quint32 v)
{
    QByteArray b(2, '\0');
    qToLittleEndian<quint16>(quint16(v), b.data());
    return b;
}

QByteArray le32(quint32 v)
{
    QByteArray b(4, '\0');
    qToLittleEndian<quint32>(v, b.data());
    return b;
}

namespace {

// xorshift32: fast, deterministic noise (QRandomGenerator per pixel is slow in debug builds).
struct Noise
{
    quint32 s;
    explicit Noise(quint32 seed) : s(seed ? seed : 0x9E3779B9u) {}
    quint32 next()
    {
        s ^= s << 13;
        s ^= s >> 17;
        s ^= s << 5;
        return s;
    }
};

int clamp255(int v) { return std::clamp(v, 0, 255); }

// Fills rows [y0, y1) and columns [x0, x1) of a 32-bit image with one colour.
void fillRect(QImage &img, int x0, int y0, int x1, int y1, QRgb c)
{
    x0 = std::clamp(x0, 0, img.width());
    x1 = std::clamp(x1, 0, img.width());
    y0 = std::clamp(y0, 0, img.height());
    y1 = std::clamp(y1, 0, img.height());
    for (int y = y0; y < y1; ++y) {
        auto *line = reinterpret_cast<QRgb *>(img.scanLine(y));
        std::fill(line + x0, line + x1, c);
    }
}

} // namespace

// ---- pixels ----------------------------------------------------------------------------------------

QImage photoImage(QSize size, quint32 seed)
{
    QImage img(size, QImage::Format_RGB32);
    Noise n(seed);
    const int w = std::max(1, size.width()), h = std::max(1, size.height());
    for (int y = 0; y < size.height(); ++y) {
        auto *line = reinterpret_cast<QRgb *>(img.scanLine(y));
        const int g0 = y * 255 / h;
        for (int x = 0; x < size.width(); ++x) {
            const quint32 r = n.next();
            const int dr = int(r & 31) - 16, dg = int((r >> 5) & 31) - 16, db = int((r >> 10) & 31) - 16;
            line[x] = qRgb(clamp255(x * 255 / w + dr), clamp255(g0 + dg), clamp255((x + y) * 255 / (w + h) + 60 + db));
        }
    }
    return img;
}

QImage screenshotImage(QSize size)
{
    QImage img(size, QImage::Format_RGB32);
    const int w = size.width(), h = size.height();
    fillRect(img, 0, 0, w, h, qRgb(236, 236, 236));
    fillRect(img, 0, 0, w, std::max(1, h / 12), qRgb(40, 44, 52));           // title bar
    fillRect(img, 0, h / 12, std::max(1, w / 5), h, qRgb(250, 250, 250));     // side bar
    fillRect(img, w / 4, h / 6, w * 9 / 10, h / 3, qRgb(66, 133, 244));      // a button-ish block
    for (int y = h / 2; y < h * 9 / 10; y += 12)                              // "text" lines
        fillRect(img, w / 4, y, w * 4 / 5, y + 2, qRgb(60, 60, 60));
    return img;
}

QImage alphaImage(QSize size)
{
    QImage img(size, QImage::Format_ARGB32);
    const int w = size.width(), h = size.height();
    fillRect(img, 0, 0, w, h, qRgba(0, 0, 0, 0));
    fillRect(img, w / 10, h / 10, w * 9 / 10, h * 9 / 10, qRgba(200, 30, 30, 255));
    fillRect(img, w / 10, h / 2, w * 9 / 10, h / 2 + std::max(1, h / 10), qRgba(20, 20, 200, 128));
    return img;
}

// ---- encoded bytes ---------------------------------------------------------------------------------

QByteArray encode(const QImage &image, const char *format, int quality)
{
    QByteArray out;
    QBuffer buffer(&out);
    buffer.open(QIODevice::WriteOnly);
    QImageWriter writer(&buffer, format);
    if (quality >= 0)
        writer.setQuality(quality);
    if (!writer.write(image))
        return {};
    return out;
}

QByteArray photoJpeg(QSize size, int quality, quint32 seed) { return encode(photoImage(size, seed), "jpeg", quality); }
QByteArray photoPng(QSize size, quint32 seed) { return encode(photoImage(size, seed), "png"); }
QByteArray screenshotPng(QSize size) { return encode(screenshotImage(size), "png"); }
QByteArray alphaPng(QSize size) { return encode(alphaImage(size), "png"); }
QByteArray webpBytes(QSize size) { return encode(photoImage(size), "webp", 80); }
QByteArray tiffBytes(const QImage &image) { return encode(image, "tiff"); }
QByteArray bmpBytes(const QImage &image) { return encode(image, "bmp"); }

QByteArray gif(const QList<QImage> &frames, int delayCs)
{
    if (frames.isEmpty())
        return {};
    const QSize s = frames.first().size();
    QByteArray out("GIF89a");
    out += le16(quint32(s.width()));
    out += le16(quint32(s.height()));
    out += char(0xF7); // global colour table, 8 bits of colour resolution, 256 entries
    out += char(0);    // background index
    out += char(0);    // aspect
    for (int i = 0; i < 256; ++i) {
        const int r = i < 216 ? (i / 36) * 51 : 0, g = i < 216 ? (i / 6 % 6) * 51 : 0, b = i < 216 ? (i % 6) * 51 : 0;
        out += char(r);
        out += char(g);
        out += char(b);
    }
    if (frames.size() > 1) {
        out += QByteArray("\x21\xFF\x0BNETSCAPE2.0\x03\x01\x00\x00\x00", 19);
    }
    for (const QImage &frame : frames) {
        const QImage f = frame.convertToFormat(QImage::Format_RGB32).scaled(s);
        out += QByteArray("\x21\xF9\x04\x04", 4); // graphic control: dispose "do not dispose", no transparency
        out += le16(quint32(delayCs));
        out += char(0);
        out += char(0);
        out += char(0x2C);
        out += le16(0);
        out += le16(0);
        out += le16(quint32(s.width()));
        out += le16(quint32(s.height()));
        out += char(0);
        out += char(8); // LZW minimum code size

        // "Uncompressed" LZW: 9-bit literal codes, a clear code before the table would need 10 bits.
        QByteArray data;
        quint32 acc = 0;
        int bits = 0;
        auto put = [&](quint32 code) {
            acc |= code << bits;
            bits += 9;
            while (bits >= 8) {
                data += char(acc & 0xFF);
                acc >>= 8;
                bits -= 8;
            }
        };
        const quint32 clear = 256, eoi = 257;
        put(clear);
        int sinceClear = 0;
        for (int y = 0; y < s.height(); ++y) {
            const auto *line = reinterpret_cast<const QRgb *>(f.constScanLine(y));
            for (int x = 0; x < s.width(); ++x) {
                if (sinceClear == 254) {
                    put(clear);
                    sinceClear = 0;
                }
                const QRgb c = line[x];
                const quint32 index = quint32((qRed(c) * 6 >> 8) * 36 + (qGreen(c) * 6 >> 8) * 6 + (qBlue(c) * 6 >> 8));
                put(index);
                ++sinceClear;
            }
        }
        put(eoi);
        if (bits > 0)
            data += char(acc & 0xFF);
        for (qsizetype i = 0; i < data.size(); i += 255) {
            const QByteArray block = data.mid(i, 255);
            out += char(block.size());
            out += block;
        }
        out += char(0);
    }
    out += char(0x3B);
    return out;
}

QByteArray gifBytes(QSize size) { return gif({screenshotImage(size)}); }

QByteArray animatedGifBytes(QSize size, int frames)
{
    QList<QImage> list;
    for (int i = 0; i < frames; ++i) {
        QImage img = screenshotImage(size);
        fillRect(img, i * size.width() / frames, 0, (i + 1) * size.width() / frames, size.height() / 4, qRgb(255, 0, 0));
        list << img;
    }
    return gif(list);
}

QByteArray heifBytes(const QImage &image, bool avif, QString *why)
{
#ifdef SQUINT_TEST_HEIF
#if defined(__SANITIZE_ADDRESS__)
    // The HEVC encoder (x265) keeps an allocation for the life of the process; it is only used to make
    // this fixture, never by Squint, so LeakSanitizer is told to ignore what is allocated here.
    __lsan_disable();
    struct Reenable
    {
        ~Reenable() { __lsan_enable(); }
    } reenable;
#endif
    auto fail = [why](const QString &s) {
        if (why)
            *why = s;
        return QByteArray();
    };
    std::unique_ptr<heif_context, decltype(&heif_context_free)> ctx(heif_context_alloc(), heif_context_free);
    heif_encoder *encoderRaw = nullptr;
    heif_error err = heif_context_get_encoder_for_format(ctx.get(), avif ? heif_compression_AV1 : heif_compression_HEVC,
                                                         &encoderRaw);
    if (err.code != heif_error_Ok || !encoderRaw)
        return fail(QStringLiteral("libheif has no %1 encoder: %2")
                        .arg(avif ? QStringLiteral("AV1") : QStringLiteral("HEVC"), QString::fromUtf8(err.message)));
    std::unique_ptr<heif_encoder, decltype(&heif_encoder_release)> encoder(encoderRaw, heif_encoder_release);
    heif_encoder_set_lossy_quality(encoder.get(), 60);

    const QImage rgb = image.convertToFormat(QImage::Format_RGB888);
    heif_image *imgRaw = nullptr;
    err = heif_image_create(rgb.width(), rgb.height(), heif_colorspace_RGB, heif_chroma_interleaved_RGB, &imgRaw);
    if (err.code != heif_error_Ok)
        return fail(QString::fromUtf8(err.message));
    std::unique_ptr<heif_image, decltype(&heif_image_release)> img(imgRaw, heif_image_release);
    err = heif_image_add_plane(img.get(), heif_channel_interleaved, rgb.width(), rgb.height(), 8);
    if (err.code != heif_error_Ok)
        return fail(QString::fromUtf8(err.message));
    int stride = 0;
    uint8_t *plane = heif_image_get_plane(img.get(), heif_channel_interleaved, &stride);
    for (int y = 0; y < rgb.height(); ++y)
        memcpy(plane + qsizetype(y) * stride, rgb.constScanLine(y), size_t(rgb.width()) * 3);
    err = heif_context_encode_image(ctx.get(), img.get(), encoder.get(), nullptr, nullptr);
    if (err.code != heif_error_Ok)
        return fail(QStringLiteral("encoding failed: %1").arg(QString::fromUtf8(err.message)));
    QByteArray out;
    heif_writer writer{};
    writer.writer_api_version = 1;
    writer.write = [](heif_context *, const void *data, size_t size, void *user) -> heif_error {
        static_cast<QByteArray *>(user)->append(static_cast<const char *>(data), qsizetype(size));
        return heif_error{heif_error_Ok, heif_suberror_Unspecified, ""};
    };
    err = heif_context_write(ctx.get(), &writer, &out);
    if (err.code != heif_error_Ok)
        return fail(QString::fromUtf8(err.message));
    return out;
#else
    Q_UNUSED(image);
    Q_UNUSED(avif);
    if (why)
        *why = QStringLiteral("this build has no libheif");
    return {};
#endif
}

// ---- metadata --------------------------------------------------------------------------------------

QByteArray exifApp1(int orientation, bool gps)
{
    const int entries = gps ? 2 : 1;
    QByteArray tiff("MM\x00\x2A", 4);
    tiff += be32(8);
    tiff += be16(quint32(entries));
    // Orientation, SHORT, count 1, value left-justified in the 4-byte field
    tiff += be16(0x0112) + be16(3) + be32(1) + be16(quint32(orientation)) + be16(0);
    const quint32 gpsIfd = quint32(8 + 2 + 12 * entries + 4);
    if (gps)
        tiff += be16(0x8825) + be16(4) + be32(1) + be32(gpsIfd);
    tiff += be32(0); // no next IFD
    if (gps) {
        tiff += be16(2);
        tiff += be16(0x0000) + be16(1) + be32(4) + QByteArray("\x02\x02\x00\x00", 4); // GPSVersionID
        tiff += be16(0x0001) + be16(2) + be32(2) + QByteArray("N\x00\x00\x00", 4);    // GPSLatitudeRef
        tiff += be32(0);
    }
    const QByteArray payload = QByteArray("Exif\x00\x00", 6) + tiff;
    return QByteArray("\xFF\xE1", 2) + be16(quint32(payload.size() + 2)) + payload;
}

QByteArray insertAfterSoi(const QByteArray &jpeg, const QByteArray &segment)
{
    QByteArray out = jpeg;
    out.insert(2, segment);
    return out;
}

QByteArray jpegWithExif(const QByteArray &jpeg, int orientation, bool gps)
{
    const QByteArray comment("Squint test comment");
    const QByteArray com = QByteArray("\xFF\xFE", 2) + be16(quint32(comment.size() + 2)) + comment;
    return insertAfterSoi(jpeg, exifApp1(orientation, gps) + com);
}

namespace {
// A TIFF writer for the EXIF blocks: entries of one IFD, values of more than 4 bytes laid out after it.
struct TiffWriter
{
    bool little;
    QByteArray u16(quint32 v) const { return little ? le16(v) : be16(v); }
    QByteArray u32(quint32 v) const { return little ? le32(v) : be32(v); }
    struct Entry
    {
        quint32 tag, type, count;
        QByteArray value; // the raw value bytes in this byte order
    };
    // Lays out an IFD at `at` with its out-of-line values after it; `next` is the next IFD offset.
    QByteArray ifd(quint32 at, const QList<Entry> &entries, quint32 next = 0) const
    {
        QByteArray head = u16(quint32(entries.size()));
        QByteArray data;
        const quint32 dataAt = at + 2 + 12 * quint32(entries.size()) + 4;
        for (const Entry &e : entries) {
            head += u16(e.tag) + u16(e.type) + u32(e.count);
            if (e.value.size() <= 4) {
                head += e.value + QByteArray(4 - e.value.size(), '\0');
            } else {
                head += u32(dataAt + quint32(data.size()));
                data += e.value;
                if (data.size() % 2)
                    data += '\0';
            }
        }
        head += u32(next);
        return head + data;
    }
    QByteArray rationals(std::initializer_list<std::pair<quint32, quint32>> values) const
    {
        QByteArray b;
        for (const auto &[n, d] : values)
            b += u32(n) + u32(d);
        return b;
    }
};
constexpr quint32 Ascii = 2, Short = 3, Long = 4, Rational = 5, Byte = 1;
} // namespace

QByteArray gpsExifTiff(int orientation, bool little)
{
    const TiffWriter w{little};
    const QByteArray make("SquintCam\0", 10), model("SquintCam Z1\0", 13);
    // IFD0 first; its size is known before the GPS IFD's offset is: entries and values are fixed.
    auto ifd0 = [&](quint32 gpsAt) {
        return w.ifd(8,
                     {{0x010F, Ascii, quint32(make.size()), make},
                      {0x0110, Ascii, quint32(model.size()), model},
                      {0x0112, Short, 1, w.u16(quint32(orientation))},
                      {0x8825, Long, 1, w.u32(gpsAt)}});
    };
    const quint32 gpsAt = quint32(8 + ifd0(0).size());
    const QByteArray gps
        = w.ifd(gpsAt,
                {{0x0000, Byte, 4, QByteArray("\x02\x02\x00\x00", 4)},
                 {0x0001, Ascii, 2, QByteArray("N\0", 2)},
                 {0x0002, Rational, 3, w.rationals({{48, 1}, {51, 1}, {2960, 100}})},
                 {0x0003, Ascii, 2, QByteArray("E\0", 2)},
                 {0x0004, Rational, 3, w.rationals({{2, 1}, {17, 1}, {4020, 100}})},
                 {0x0006, Rational, 1, w.rationals({{35, 1}})},
                 {0x001D, Ascii, 11, QByteArray("2026:12:07\0", 11)}});
    return (little ? QByteArray("II\x2A\x00", 4) : QByteArray("MM\x00\x2A", 4)) + w.u32(8)
           + ifd0(gpsAt) + gps;
}

QByteArray gpsXmpPacket()
{
    return QByteArrayLiteral(
        "<?xpacket begin=\"\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>"
        "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF "
        "xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">"
        "<rdf:Description xmlns:exif=\"http://ns.adobe.com/exif/1.0/\" "
        "xmlns:photoshop=\"http://ns.adobe.com/photoshop/1.0/\" "
        "exif:GPSLatitude=\"48,51.4933N\" exif:GPSLongitude=\"2,17.67E\" "
        "photoshop:City=\"Squintville\"/></rdf:RDF></x:xmpmeta><?xpacket end=\"w\"?>");
}

QList<QByteArray> gpsFingerprints()
{
    return {be32(2960) + be32(100),
            le32(2960) + le32(100),
            QByteArrayLiteral("48,51.4933N"),
            QByteArrayLiteral("Squintville"),
            QByteArrayLiteral("SquintCam Z1")};
}

QByteArray jpegWithGps(const QByteArray &jpeg, int orientation)
{
    const QByteArray exif = QByteArray("Exif\0\0", 6) + gpsExifTiff(orientation, false);
    const QByteArray xmp = QByteArray("http://ns.adobe.com/xap/1.0/\0", 29) + gpsXmpPacket();
    const QByteArray app1 = QByteArray("\xFF\xE1", 2) + be16(quint32(exif.size() + 2)) + exif;
    const QByteArray app1x = QByteArray("\xFF\xE1", 2) + be16(quint32(xmp.size() + 2)) + xmp;
    return insertAfterSoi(jpeg, app1 + app1x);
}

QByteArray pngWithGps(const QByteArray &png)
{
    // signature (8) + IHDR chunk (4 + 4 + 13 + 4)
    constexpr qsizetype afterIhdr = 8 + 25;
    QByteArray out = png;
    const QByteArray itxt = QByteArray("XML:com.adobe.xmp\0\0\0\0\0", 22) + gpsXmpPacket();
    out.insert(afterIhdr, pngChunk("eXIf", gpsExifTiff(1, true)) + pngChunk("iTXt", itxt));
    return out;
}

QByteArray webpWithGps(const QByteArray &webp, QSize size)
{
    if (webp.size() < 20 || !webp.startsWith("RIFF") || webp.mid(8, 4) != "WEBP")
        return {};
    auto chunk = [](const char *fourcc, const QByteArray &data) {
        QByteArray c = QByteArray(fourcc, 4) + le32(quint32(data.size())) + data;
        if (data.size() % 2)
            c += '\0';
        return c;
    };
    // VP8X: flags (EXIF 0x08, XMP 0x04; alpha 0x10 for VP8L images with alpha is not needed here),
    // three reserved bytes, canvas width - 1 and height - 1 as 24-bit values.
    QByteArray vp8x;
    vp8x += char(0x08 | 0x04);
    vp8x += QByteArray(3, '\0');
    vp8x += le32(quint32(size.width() - 1)).left(3);
    vp8x += le32(quint32(size.height() - 1)).left(3);
    QByteArray body = QByteArray("WEBP") + chunk("VP8X", vp8x) + webp.mid(12)
                      + chunk("EXIF", gpsExifTiff(1, true)) + chunk("XMP ", gpsXmpPacket());
    return QByteArray("RIFF") + le32(quint32(body.size())) + body;
}

// ---- PDF -----------------------------------------------------------------------------------------

namespace {
// Objects numbered from 1 in order; the cross-reference table gives each one's byte offset.
QByteArray assemblePdf(const QList<QByteArray> &objects, const QByteArray &trailerExtra = {})
{
    QByteArray out("%PDF-1.4\n%\xE2\xE3\xCF\xD3\n");
    QList<qsizetype> offsets;
    for (qsizetype i = 0; i < objects.size(); ++i) {
        offsets << out.size();
        out += QByteArray::number(i + 1) + " 0 obj\n" + objects.at(i) + "\nendobj\n";
    }
    const qsizetype xref = out.size();
    out += "xref\n0 " + QByteArray::number(objects.size() + 1) + "\n0000000000 65535 f \n";
    for (qsizetype off : offsets)
        out += QByteArray::number(off).rightJustified(10, '0') + " 00000 n \n";
    out += "trailer\n<< /Size " + QByteArray::number(objects.size() + 1) + " /Root 1 0 R"
           + trailerExtra + " >>\n";
    out += "startxref\n" + QByteArray::number(xref) + "\n%%EOF\n";
    return out;
}

QByteArray pdfStream(const QByteArray &data)
{
    return "<< /Length " + QByteArray::number(data.size()) + " >>\nstream\n" + data + "\nendstream";
}

QList<QByteArray> pdfObjects(int pages, QSizeF points)
{
    QList<QByteArray> objects;
    QByteArray kids;
    for (int i = 0; i < pages; ++i)
        kids += QByteArray::number(4 + 2 * i) + " 0 R ";
    objects << "<< /Type /Catalog /Pages 2 0 R >>";
    objects << "<< /Type /Pages /Kids [" + kids + "] /Count " + QByteArray::number(pages) + " >>";
    objects << "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>";
    const QByteArray w = QByteArray::number(points.width()),
                     h = QByteArray::number(points.height());
    for (int i = 0; i < pages; ++i) {
        const QRgb c = pdfPageColour(i + 1);
        auto unit = [](int v) { return QByteArray::number(v / 255.0, 'f', 4); };
        const QByteArray content = unit(qRed(c)) + ' ' + unit(qGreen(c)) + ' ' + unit(qBlue(c))
                                   + " rg 0 " + QByteArray::number(points.height() / 2) + ' ' + w
                                   + ' ' + QByteArray::number(points.height() / 2)
                                   + " re f 0 0 0 rg BT /F1 36 Tf 72 "
                                   + QByteArray::number(points.height() / 4) + " Td (Page "
                                   + QByteArray::number(i + 1) + ") Tj ET";
        objects << "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 " + w + ' ' + h
                       + "] /Resources << /Font << /F1 3 0 R >> >> /Contents "
                       + QByteArray::number(5 + 2 * i) + " 0 R >>";
        objects << pdfStream(content);
    }
    return objects;
}
} // namespace

QRgb pdfPageColour(int page)
{
    return qRgb((page * 53) % 200 + 30, (page * 97) % 200 + 30, (page * 31) % 200 + 30);
}

QByteArray pdfBytes(int pages, QSizeF points)
{
    return assemblePdf(pdfObjects(pages, points));
}

QByteArray encryptedPdfBytes()
{
    QList<QByteArray> objects = pdfObjects(2, QSizeF(595, 842));
    // RC4 40-bit (V 1, R 2) with /O and /U that no empty password matches: the user password is
    // needed. The /ID the key derivation uses goes in the trailer.
    const QByteArray o(32, '\x5A'), u(32, '\xA5');
    objects << "<< /Filter /Standard /V 1 /R 2 /O <" + o.toHex() + "> /U <" + u.toHex()
                   + "> /P -44 >>";
    const QByteArray id = QByteArray(16, '\x11').toHex();
    return assemblePdf(objects,
                       " /Encrypt " + QByteArray::number(objects.size()) + " 0 R /ID [<" + id
                           + "> <" + id + ">]");
}

QByteArray damagedPdfBytes()
{
    QByteArray out("%PDF-1.7\n");
    Noise n(777);
    for (int i = 0; i < 3000; ++i)
        out += char('A' + n.next() % 26);
    out += "\nstartxref\n999999\n%%EOF\n";
    return out;
}

// ---- broken inputs ---------------------------------------------------------------------------------

QByteArray truncated(const QByteArray &bytes, double keepFraction)
{
    return bytes.left(qsizetype(double(bytes.size()) * keepFraction));
}

QByteArray corruptJpeg()
{
    const QByteArray good = photoJpeg(QSize(64, 48));
    // SOI, then APP0 (Qt writes JFIF first): keep marker + length bytes of it.
    qsizetype keep = 2;
    if (good.size() > 6 && uchar(good[2]) == 0xFF && uchar(good[3]) == 0xE0)
        keep = 4 + ((uchar(good[4]) << 8) | uchar(good[5]));
    QByteArray out = good.left(keep);
    Noise n(12345);
    for (int i = 0; i < 4000; ++i) {
        char c = char(n.next() & 0xFF);
        if (uchar(c) == 0xFF)
            c = 0x7F; // no accidental markers: the reader just finds no frame header
        out += c;
    }
    return out;
}

quint32 crc32(const QByteArray &data)
{
    quint32 c = 0xFFFFFFFFu;
    for (char ch : data) {
        c ^= uchar(ch);
        for (int k = 0; k < 8; ++k)
            c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1u)));
    }
    return ~c;
}

QByteArray pngChunk(const char type[4], const QByteArray &data)
{
    const QByteArray typed = QByteArray(type, 4) + data;
    return be32(quint32(data.size())) + typed + be32(crc32(typed));
}

QByteArray pngDeclaring(quint32 width, quint32 height)
{
    QByteArray ihdr = be32(width) + be32(height);
    ihdr += char(8); // bit depth
    ihdr += char(2); // colour type RGB
    ihdr += char(0); // compression
    ihdr += char(0); // filter
    ihdr += char(0); // interlace
    // A zlib stream of the first scanline only: far less than the image needs, but well-formed.
    const QByteArray zlib = qCompress(QByteArray(1 + 3 * 16, '\0'), 9).mid(4); // strip Qt's length prefix
    return QByteArray("\x89PNG\r\n\x1a\n", 8) + pngChunk("IHDR", ihdr) + pngChunk("IDAT", zlib)
           + pngChunk("IEND", {});
}

QByteArray fakeHeic()
{
    QByteArray out = be32(24) + QByteArray("ftypheic") + be32(0) + QByteArray("mif1heic");
    Noise n(777);
    for (int i = 0; i < 300; ++i)
        out += char(n.next() & 0xFF);
    return out;
}

QByteArray pdfLike()
{
    return QByteArrayLiteral("%PDF-1.4\n%\xE2\xE3\xCF\xD3\n"
                             "1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
                             "2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
                             "xref\n0 3\n0000000000 65535 f \ntrailer\n<< /Size 3 /Root 1 0 R >>\nstartxref\n0\n%%EOF\n");
}

QByteArray textBytes()
{
    QByteArray out;
    for (int i = 0; i < 20; ++i)
        out += "This is a plain text file that someone named like a photo.\n";
    return out;
}

// ---- files -----------------------------------------------------------------------------------------

QString writeFile(const QString &dir, const QString &name, const QByteArray &bytes)
{
    const QString path = dir + QLatin1Char('/') + name;
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size())
        return {};
    return path;
}

bool runningAsRoot() { return ::geteuid() == 0; }

QString unreadableFile(const QString &dir, QString *how)
{
    if (!runningAsRoot()) {
        const QString path = writeFile(dir, QStringLiteral("locked.jpg"), photoJpeg(QSize(32, 32)));
        if (path.isEmpty() || ::chmod(QFile::encodeName(path).constData(), 0) != 0) {
            *how = QStringLiteral("could not chmod 000");
            return {};
        }
        *how = QStringLiteral("a file with mode 000");
        return path;
    }
    // Root reads any file whatever its mode. /proc/self/mem opens, but reading at offset 0 (an
    // address that is never mapped) fails with EIO: a file that exists and can't be read.
    const QString path = dir + QStringLiteral("/locked.jpg");
    if (!QFile::link(QStringLiteral("/proc/self/mem"), path)) {
        *how = QStringLiteral("could not make a symlink to /proc/self/mem");
        return {};
    }
    *how = QStringLiteral("a symlink to /proc/self/mem (running as root, so permissions can't lock a file)");
    return path;
}

int makeTreeWithLoop(const QString &root)
{
    const QSize s(24, 16);
    writeFile(root, QStringLiteral("a.jpg"), photoJpeg(s, 90, 1));
    writeFile(root, QStringLiteral("b.png"), screenshotPng(s));
    writeFile(root, QStringLiteral("notes.txt"), textBytes());
    writeFile(root, QStringLiteral("sub/c.gif"), gifBytes(s));
    writeFile(root, QStringLiteral("sub/readme.md"), QByteArrayLiteral("# readme\n"));
    writeFile(root, QStringLiteral("sub/deeper/d.webp"), webpBytes(s));
    // Two ways back up: to the root and to sub. Following either again would never end.
    QFile::link(QDir(root).absolutePath(), root + QStringLiteral("/sub/deeper/back"));
    QFile::link(QDir(root + QStringLiteral("/sub")).absolutePath(), root + QStringLiteral("/sub/deeper/again"));
    return 4;
}

void makeManyFiles(const QString &dir, int total, int images)
{
    QDir().mkpath(dir);
    const QByteArray tiny("x\n");
    for (int i = 0; i < total; ++i) {
        if (i < images) {
            QImage img(2, 2, QImage::Format_RGB32);
            img.fill(qRgb(i & 0xFF, (i >> 8) & 0xFF, 7)); // distinct content per file
            writeFile(dir, QStringLiteral("img-%1.png").arg(i, 5, 10, QLatin1Char('0')), encode(img, "png"));
        } else {
            writeFile(dir, QStringLiteral("note-%1.txt").arg(i, 5, 10, QLatin1Char('0')), tiny);
        }
    }
}

} // namespace squint::test
