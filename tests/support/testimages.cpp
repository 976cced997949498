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
