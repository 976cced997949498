// Probing images: every format Squint reads, oriented sizes, alpha, animation, thumbnails, the
// photo/screenshot guess, and a clear message for each kind of bad input.

#include "core/compare/imagediff.h"
#include "core/images/imageinfo.h"
#include "core/images/jpegdecode.h"
#include "core/images/metadata.h"
#include "core/images/webpdecode.h"
#include <QImageWriter>
#include <array>

#include "testimages.h"

#include <QBuffer>
#include <QElapsedTimer>
#include <QImageReader>
#include <QTest>

#include <cstring>

using namespace squint;
namespace t = squint::test;

namespace {

QByteArray bytesFor(const QString &kind, QSize size)
{
    if (kind == QLatin1String("jpeg"))
        return t::photoJpeg(size);
    if (kind == QLatin1String("png"))
        return t::screenshotPng(size);
    if (kind == QLatin1String("png-alpha"))
        return t::alphaPng(size);
    if (kind == QLatin1String("gif"))
        return t::gifBytes(size);
    if (kind == QLatin1String("gif-animated"))
        return t::animatedGifBytes(size, 3);
    if (kind == QLatin1String("webp"))
        return t::webpBytes(size);
    if (kind == QLatin1String("tiff"))
        return t::tiffBytes(t::screenshotImage(size));
    if (kind == QLatin1String("bmp"))
        return t::bmpBytes(t::photoImage(size));
    return {};
}

// What decodeImageScaled() did before issue 17, kept here as the reference its results are held to:
// Qt's reader with the scaled size in a square box of the long edge, oriented by the reader.
QImage decodeScaledTheQtWay(const QByteArray &bytes, int longEdge)
{
    QBuffer buffer;
    buffer.setData(bytes);
    buffer.open(QIODevice::ReadOnly);
    QImageReader reader(&buffer);
    reader.setAutoTransform(true);
    const QSize raw = reader.size();
    if (longEdge > 0 && raw.isValid()) {
        const QSize target = raw.scaled(QSize(longEdge, longEdge), Qt::KeepAspectRatio);
        if (target.width() < raw.width())
            reader.setScaledSize(target);
    }
    QImage img;
    reader.read(&img);
    return img;
}

bool sameBytes(const QImage &a, const QImage &b)
{
    if (a.size() != b.size() || a.format() != b.format())
        return false;
    for (int y = 0; y < a.height(); ++y)
        if (std::memcmp(a.constScanLine(y),
                        b.constScanLine(y),
                        size_t(a.width()) * size_t(a.depth() / 8))
            != 0)
            return false;
    return true;
}

// "Visually equal": the same size, and per pixel (largest channel difference) a mean under 3 of
// 255 with under 1 % of the pixels off by more than 24 (a sharp transparent edge averaged another
// way moves by more than that along its one-pixel border). The fixtures are noisy photos, the
// hardest case: a JPEG re-encoding at quality 90 moves them by about as much.
QString visualDifference(const QImage &a, const QImage &b)
{
    if (a.size() != b.size())
        return QStringLiteral("sizes differ: %1x%2 vs %3x%4")
            .arg(a.width())
            .arg(a.height())
            .arg(b.width())
            .arg(b.height());
    const DiffResult d = compareImages(a, b, 24, QSize());
    if (d.meanDifference < 3.0 && d.changedFraction < 0.01)
        return {};
    return QStringLiteral("mean difference %1, %2 % over 24, max %3")
        .arg(d.meanDifference, 0, 'f', 2)
        .arg(d.changedFraction * 100, 0, 'f', 2)
        .arg(d.maxDifference);
}

QByteArray progressiveJpeg(const QImage &img, int quality = 90)
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    QImageWriter writer(&buffer, "jpeg");
    writer.setQuality(quality);
    writer.setProgressiveScanWrite(true);
    writer.write(img);
    return buffer.data();
}

} // namespace

class TestImageInfo : public QObject
{
    Q_OBJECT

private slots:
    void probeFormats_data();
    void probeFormats();
    void exifRotatedJpegReportsOrientedSize_data();
    void exifRotatedJpegReportsOrientedSize();
    void metadataFlags();
    void badInputs_data();
    void badInputs();
    void completeGifAndBmpVariants();
    void decompressionBombRefusedFast();
    void heic();
    void thumbnailsFitAndKeepAspect_data();
    void thumbnailsFitAndKeepAspect();
    void noThumbnailWhenNotAsked();
    void photoLike_data();
    void photoLike();
    void decodeImageScaled();
    void mimeAndLabels();
    void progressiveJpegThumbnailFromFirstScan_data();
    void progressiveJpegThumbnailFromFirstScan();
    void jpegHeaderAndScale();
    void directJpegDecodeMatchesQt_data();
    void directJpegDecodeMatchesQt();
    void decodeImageScaledAsBefore_data();
    void decodeImageScaledAsBefore();
    void oneDecodeServesEveryEdge_data();
    void oneDecodeServesEveryEdge();
    void thumbnailFromSharedDecode_data();
    void thumbnailFromSharedDecode();
    void webpScaledDecode();
    void progressiveWithoutLastBitRefinement();
};

void TestImageInfo::probeFormats_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QSize>("size");
    QTest::addColumn<QByteArray>("format");
    QTest::addColumn<bool>("alpha");
    QTest::addColumn<bool>("animated");
    QTest::newRow("jpeg") << QStringLiteral("jpeg") << QSize(640, 480) << QByteArray("jpeg") << false << false;
    QTest::newRow("png") << QStringLiteral("png") << QSize(300, 500) << QByteArray("png") << false << false;
    QTest::newRow("png with alpha") << QStringLiteral("png-alpha") << QSize(200, 100) << QByteArray("png") << true << false;
    QTest::newRow("gif") << QStringLiteral("gif") << QSize(120, 90) << QByteArray("gif") << false << false;
    QTest::newRow("gif animated") << QStringLiteral("gif-animated") << QSize(64, 48) << QByteArray("gif") << false << true;
    QTest::newRow("webp") << QStringLiteral("webp") << QSize(333, 222) << QByteArray("webp") << false << false;
    QTest::newRow("tiff") << QStringLiteral("tiff") << QSize(210, 297) << QByteArray("tiff") << false << false;
    QTest::newRow("bmp") << QStringLiteral("bmp") << QSize(101, 77) << QByteArray("bmp") << false << false;
}

void TestImageInfo::probeFormats()
{
    QFETCH(QString, kind);
    QFETCH(QSize, size);
    QFETCH(QByteArray, format);
    QFETCH(bool, alpha);
    QFETCH(bool, animated);
    const QByteArray bytes = bytesFor(kind, size);
    QVERIFY2(!bytes.isEmpty(), "fixture could not be encoded");
    // The fixture itself is what it claims (independent check through Qt's reader).
    {
        QImage direct;
        QVERIFY(direct.loadFromData(bytes));
        QCOMPARE(direct.size(), size);
    }
    const ProbeResult r = probeImage(bytes);
    QVERIFY2(r.ok, qPrintable(r.error));
    QVERIFY(r.error.isEmpty());
    QCOMPARE(r.info.format, format);
    QCOMPARE(r.info.size, size);
    QCOMPARE(r.info.fileBytes, qint64(bytes.size()));
    QCOMPARE(r.info.hasAlpha, alpha);
    QCOMPARE(r.info.animated, animated);
    QVERIFY(!r.info.rotated);
    QVERIFY(!r.thumbnail.isNull());
    QCOMPARE(r.thumbnail.hasAlphaChannel(), alpha);
    QVERIFY(canDecodeFormat(format));
}

void TestImageInfo::exifRotatedJpegReportsOrientedSize_data()
{
    QTest::addColumn<int>("orientation");
    QTest::addColumn<QSize>("expected");
    // Orientations 5-8 swap width and height; 1-4 don't (EXIF 2.3, tag 0x0112).
    QTest::newRow("1 normal") << 1 << QSize(300, 200);
    QTest::newRow("3 rotated 180") << 3 << QSize(300, 200);
    QTest::newRow("6 rotated 90 cw") << 6 << QSize(200, 300);
    QTest::newRow("8 rotated 90 ccw") << 8 << QSize(200, 300);
}

void TestImageInfo::exifRotatedJpegReportsOrientedSize()
{
    QFETCH(int, orientation);
    QFETCH(QSize, expected);
    const QByteArray jpeg = t::jpegWithExif(t::photoJpeg(QSize(300, 200)), orientation, false);
    QCOMPARE(scanMetadata(jpeg, "jpeg").exifOrientation, orientation); // the fixture carries it
    const ProbeResult r = probeImage(jpeg);
    QVERIFY2(r.ok, qPrintable(r.error));
    QCOMPARE(r.info.size, expected);
    QCOMPARE(r.info.rotated, orientation != 1);
    // The thumbnail is oriented too.
    QCOMPARE(r.thumbnail.width() > r.thumbnail.height(), expected.width() > expected.height());
    // And the full decode.
    QCOMPARE(decodeImage(jpeg).size(), expected);
}

void TestImageInfo::metadataFlags()
{
    const QByteArray plain = t::photoJpeg(QSize(64, 48));
    const ProbeResult p = probeImage(plain);
    QVERIFY(p.ok);
    QVERIFY(!p.info.hasMetadata);
    QVERIFY(!p.info.hasGps);
    const ProbeResult g = probeImage(t::jpegWithExif(plain, 1, true));
    QVERIFY2(g.ok, qPrintable(g.error));
    QVERIFY(g.info.hasMetadata);
    QVERIFY(g.info.hasGps);
    QVERIFY(!g.info.rotated);
    const ProbeResult e = probeImage(t::jpegWithExif(plain, 1, false));
    QVERIFY(e.info.hasMetadata);
    QVERIFY(!e.info.hasGps);
}

void TestImageInfo::badInputs_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QStringList>("mentions"); // each must appear in the message (case-insensitive)

    const QByteArray jpeg = t::photoJpeg(QSize(400, 300));
    const QByteArray png = t::photoPng(QSize(200, 150));
    QTest::newRow("empty") << QByteArray() << QStringList{QStringLiteral("empty")};
    QTest::newRow("text named .jpg") << t::textBytes() << QStringList{QStringLiteral("not an image"), QStringLiteral("text")};
    QTest::newRow("pdf") << t::pdfLike() << QStringList{QStringLiteral("not an image"), QStringLiteral("PDF")};
    QTest::newRow("truncated jpeg") << t::truncated(jpeg, 0.5) << QStringList{QStringLiteral("truncated"), QStringLiteral("JPEG")};
    QTest::newRow("truncated jpeg (just the header)") << jpeg.left(700) << QStringList{QStringLiteral("truncated")};
    QTest::newRow("truncated png") << t::truncated(png, 0.6) << QStringList{QStringLiteral("truncated"), QStringLiteral("PNG")};
    QTest::newRow("png without IEND") << png.left(png.size() - 12) << QStringList{QStringLiteral("truncated")};
    // Qt decodes cut GIFs and BMPs "fine", filling the missing rows with black: the probe must notice.
    const QByteArray gif = t::gifBytes(QSize(200, 100));
    const QByteArray bmp = t::bmpBytes(t::photoImage(QSize(200, 100)));
    QTest::newRow("truncated gif") << t::truncated(gif, 0.5) << QStringList{QStringLiteral("truncated"), QStringLiteral("GIF")};
    QTest::newRow("gif cut inside the header") << gif.left(40) << QStringList{QStringLiteral("GIF")};
    QTest::newRow("truncated animated gif") << t::truncated(t::animatedGifBytes(QSize(64, 48), 3), 0.2)
                                           << QStringList{QStringLiteral("truncated")};
    QTest::newRow("truncated bmp") << t::truncated(bmp, 0.5) << QStringList{QStringLiteral("truncated"), QStringLiteral("BMP")};
    QTest::newRow("bmp missing its last row") << bmp.left(bmp.size() - 200 * 3) << QStringList{QStringLiteral("truncated")};
    QTest::newRow("corrupt jpeg") << t::corruptJpeg() << QStringList{QStringLiteral("JPEG"), QStringLiteral("damaged")};
    QTest::newRow("png declaring 40000x40000") << t::pngDeclaring(40000, 40000)
                                              << QStringList{QStringLiteral("40000"), QStringLiteral("megapixels")};
    QTest::newRow("png declaring 20000x20000") << t::pngDeclaring(20000, 20000)
                                              << QStringList{QStringLiteral("megapixels")};
    QTest::newRow("random bytes") << QByteArray(1000, '\x5A') << QStringList{QStringLiteral("not an image")};
}

void TestImageInfo::badInputs()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QStringList, mentions);
    const ProbeResult r = probeImage(bytes);
    QVERIFY2(!r.ok, "a bad input was accepted");
    QVERIFY(!r.error.isEmpty());
    for (const QString &m : mentions)
        QVERIFY2(r.error.contains(m, Qt::CaseInsensitive), qPrintable(QStringLiteral("'%1' not in: %2").arg(m, r.error)));
    QCOMPARE(r.info.fileBytes, qint64(bytes.size()));
    QVERIFY(r.thumbnail.isNull());
    // Decoding refuses too, with a message, and never crashes.
    QString error;
    const QImage img = decodeImage(bytes, &error);
    if (img.isNull())
        QVERIFY(!error.isEmpty());
}

void TestImageInfo::completeGifAndBmpVariants()
{
    // A GIF whose last image ends the file without the ";" trailer is whole (decoders accept it).
    const QByteArray gif = t::gifBytes(QSize(120, 80));
    QCOMPARE(gif.back(), ';');
    const ProbeResult noTrailer = probeImage(gif.chopped(1));
    QVERIFY2(noTrailer.ok, qPrintable(noTrailer.error));
    // Bytes after the trailer don't matter.
    QVERIFY(probeImage(gif + QByteArray(100, '\0')).ok);
    // An animated GIF keeps working whole, and a top-down or 8-bit BMP too.
    QVERIFY(probeImage(t::animatedGifBytes(QSize(64, 48), 4)).ok);
    const QImage gray = t::screenshotImage(QSize(99, 33)).convertToFormat(QImage::Format_Grayscale8);
    const ProbeResult g = probeImage(t::bmpBytes(gray));
    QVERIFY2(g.ok, qPrintable(g.error));
    QCOMPARE(g.info.size, QSize(99, 33));
    const ProbeResult a = probeImage(t::bmpBytes(t::alphaImage(QSize(31, 17))));
    QVERIFY2(a.ok, qPrintable(a.error));
}

void TestImageInfo::decompressionBombRefusedFast()
{
    // 40000 x 40000 x 4 bytes would be 6.4 GB. The header is valid (correct CRCs), the data tiny.
    const QByteArray bomb = t::pngDeclaring(40000, 40000);
    QVERIFY(bomb.size() < 200);
    {
        QImageReader check; // the fixture really declares that size
        QBuffer buf;
        buf.setData(bomb);
        buf.open(QIODevice::ReadOnly);
        check.setDevice(&buf);
        QCOMPARE(check.size(), QSize(40000, 40000));
    }
    QElapsedTimer timer;
    timer.start();
    const ProbeResult r = probeImage(bomb);
    QVERIFY(!r.ok);
    QString error;
    QVERIFY(decodeImage(bomb, &error).isNull());
    QVERIFY2(error.contains(QLatin1String("megapixels")), qPrintable(error));
    // Refused from the header: no time spent decoding (and no allocation; ASan builds would fail on one).
    QVERIFY2(timer.elapsed() < 2000, qPrintable(QString::number(timer.elapsed())));
    // Just under the cap is not refused as a bomb (it fails as truncated data instead, or decodes).
    const ProbeResult under = probeImage(t::pngDeclaring(100, 100));
    QVERIFY(!under.error.contains(QLatin1String("megapixels")));
}

void TestImageInfo::heic()
{
    // A file that looks like HEIC (ftyp heic) but isn't: a clear error, no crash, whatever the build.
    const ProbeResult fake = probeImage(t::fakeHeic());
    QVERIFY(!fake.ok);
    QVERIFY2(fake.error.contains(QLatin1String("HEI"), Qt::CaseInsensitive), qPrintable(fake.error));
    QCOMPARE(fake.info.format, QByteArray("heic"));

    QString why;
    const QImage src = t::photoImage(QSize(128, 96));
    const QByteArray heic = t::heifBytes(src, false, &why);
#ifdef SQUINT_HAVE_HEIF
    QVERIFY(canDecodeFormat("heic"));
    if (heic.isEmpty())
        QSKIP(qPrintable(QStringLiteral("no HEIC encoder to make a fixture: ") + why));
    const ProbeResult r = probeImage(heic);
    QVERIFY2(r.ok, qPrintable(r.error));
    QCOMPARE(r.info.format, QByteArray("heic"));
    QCOMPARE(r.info.size, QSize(128, 96));
    QVERIFY(!r.thumbnail.isNull());
    QCOMPARE(decodeImage(heic).size(), QSize(128, 96));
    // Truncated HEIC: an error, not a crash.
    const ProbeResult cut = probeImage(heic.left(heic.size() / 2));
    if (!cut.ok)
        QVERIFY(!cut.error.isEmpty());
    // AVIF goes through the same decoder, when an AV1 encoder is there to make one.
    const QByteArray avif = t::heifBytes(src, true, &why);
    if (avif.isEmpty()) {
        qInfo("no AVIF fixture: %s", qPrintable(why));
    } else {
        const ProbeResult a = probeImage(avif);
        QVERIFY2(a.ok, qPrintable(a.error));
        QCOMPARE(a.info.format, QByteArray("avif"));
        QCOMPARE(a.info.size, QSize(128, 96));
    }
#else
    if (!heic.isEmpty()) {
        const ProbeResult r = probeImage(heic);
        QVERIFY(!r.ok);
        QVERIFY(r.error.contains(QLatin1String("HEIC")));
    }
    QSKIP("built without libheif: only the error path is tested");
#endif
}

void TestImageInfo::thumbnailsFitAndKeepAspect_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QSize>("size");
    QTest::newRow("jpeg landscape") << QStringLiteral("jpeg") << QSize(1000, 500);
    QTest::newRow("jpeg portrait") << QStringLiteral("jpeg") << QSize(600, 1800);
    QTest::newRow("png wide strip") << QStringLiteral("png") << QSize(2000, 100);
    QTest::newRow("png small (not enlarged)") << QStringLiteral("png") << QSize(100, 60);
    QTest::newRow("webp") << QStringLiteral("webp") << QSize(800, 600);
    QTest::newRow("tiff") << QStringLiteral("tiff") << QSize(512, 700);
    QTest::newRow("gif") << QStringLiteral("gif") << QSize(300, 300);
}

void TestImageInfo::thumbnailsFitAndKeepAspect()
{
    QFETCH(QString, kind);
    QFETCH(QSize, size);
    const ProbeResult r = probeImage(bytesFor(kind, size));
    QVERIFY2(r.ok, qPrintable(r.error));
    const QSize th = r.thumbnail.size();
    QVERIFY2(th.width() <= 256 && th.height() <= 256, qPrintable(QStringLiteral("%1x%2").arg(th.width()).arg(th.height())));
    if (std::max(size.width(), size.height()) > 256)
        QCOMPARE(std::max(th.width(), th.height()), 256);
    else
        QCOMPARE(th, size);
    // Aspect ratio within rounding: the short side is within one pixel of the exact value.
    const double exactShort = 256.0 * std::min(size.width(), size.height()) / std::max(size.width(), size.height());
    if (std::max(size.width(), size.height()) > 256)
        QVERIFY(std::abs(std::min(th.width(), th.height()) - exactShort) <= 1.0);
    QCOMPARE(th.width() >= th.height(), size.width() >= size.height());

    // A smaller box is honoured too.
    DecodeOptions small;
    small.thumbnailEdge = 64;
    const ProbeResult s = probeImage(bytesFor(kind, size), small);
    QVERIFY(s.ok);
    QVERIFY(s.thumbnail.width() <= 64 && s.thumbnail.height() <= 64);
}

void TestImageInfo::noThumbnailWhenNotAsked()
{
    DecodeOptions none;
    none.thumbnailEdge = 0;
    const ProbeResult r = probeImage(t::photoJpeg(QSize(320, 200)), none);
    QVERIFY(r.ok);
    QVERIFY(r.thumbnail.isNull());
    QCOMPARE(r.info.size, QSize(320, 200));
}

void TestImageInfo::photoLike_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<bool>("photo");
    QTest::newRow("noisy jpeg") << t::photoJpeg(QSize(640, 480)) << true;
    QTest::newRow("noisy png") << t::photoPng(QSize(640, 480)) << true;
    QTest::newRow("noisy webp") << t::webpBytes(QSize(400, 300)) << true;
    QTest::newRow("flat screenshot png") << t::screenshotPng(QSize(1280, 800)) << false;
    QTest::newRow("flat screenshot tiff") << t::tiffBytes(t::screenshotImage(QSize(800, 600))) << false;
    QTest::newRow("noisy bmp") << t::bmpBytes(t::photoImage(QSize(300, 200))) << true;
    QTest::newRow("png with alpha") << t::alphaPng(QSize(400, 300)) << false;
}

void TestImageInfo::photoLike()
{
    QFETCH(QByteArray, bytes);
    QFETCH(bool, photo);
    const ProbeResult r = probeImage(bytes);
    QVERIFY2(r.ok, qPrintable(r.error));
    QCOMPARE(r.info.photoLike, photo);
}

void TestImageInfo::decodeImageScaled()
{
    const QByteArray jpeg = t::photoJpeg(QSize(1600, 1200));
    QString error;
    const QImage half = squint::decodeImageScaled(jpeg, 800, &error);
    QVERIFY2(!half.isNull(), qPrintable(error));
    QCOMPARE(half.size(), QSize(800, 600));
    QCOMPARE(squint::decodeImageScaled(jpeg, 0).size(), QSize(1600, 1200));
    QCOMPARE(squint::decodeImageScaled(jpeg, 5000).size(), QSize(1600, 1200)); // never enlarged
    // Rotated: the long edge is what counts.
    const QByteArray rotated = t::jpegWithExif(jpeg, 6, false);
    QCOMPARE(squint::decodeImageScaled(rotated, 800).size(), QSize(600, 800));
    // Broken input: null image and a reason.
    QVERIFY(squint::decodeImageScaled(t::textBytes(), 100, &error).isNull());
    QVERIFY(!error.isEmpty());
}

void TestImageInfo::mimeAndLabels()
{
    QCOMPARE(mimeForFormat("jpeg"), QStringLiteral("image/jpeg"));
    QCOMPARE(mimeForFormat("jpg"), QStringLiteral("image/jpeg"));
    QCOMPARE(mimeForFormat("png"), QStringLiteral("image/png"));
    QCOMPARE(mimeForFormat("webp"), QStringLiteral("image/webp"));
    QCOMPARE(mimeForFormat("gif"), QStringLiteral("image/gif"));
    QCOMPARE(mimeForFormat("tif"), QStringLiteral("image/tiff"));
    QCOMPARE(formatLabel("jpeg"), QStringLiteral("JPEG"));
    QVERIFY(!canDecodeFormat("no-such-format"));
}

// A progressive JPEG's thumbnail comes from its first scan only; it must look like the thumbnail of
// a full decode (same size, same orientation, same colours) and baseline files must not take
// that path.
void TestImageInfo::progressiveJpegThumbnailFromFirstScan_data()
{
    QTest::addColumn<int>("orientation");
    QTest::addColumn<QSize>("expectedSize");
    // 3000 x 2000 in a 256 px box: 256 x 2000 * 256 / 3000 = 170.7, rounded down as QSize::scaled does.
    QTest::newRow("upright") << 1 << QSize(256, 170);
    QTest::newRow("rotated 90 (EXIF 6)") << 6 << QSize(170, 256);
    QTest::newRow("rotated 180 (EXIF 3)") << 3 << QSize(256, 170);
}

void TestImageInfo::progressiveJpegThumbnailFromFirstScan()
{
    QFETCH(int, orientation);
    QFETCH(QSize, expectedSize);
    // Four coloured quadrants over noise: orientation and colour errors both show.
    QImage img = squint::test::photoImage(QSize(3000, 2000), 7).convertToFormat(QImage::Format_RGB32);
    const QRgb quadrant[4] = {qRgb(220, 30, 30), qRgb(30, 200, 40), qRgb(40, 60, 230), qRgb(240, 220, 40)};
    for (int y = 0; y < img.height(); ++y) {
        auto *line = reinterpret_cast<QRgb *>(img.scanLine(y));
        for (int x = 0; x < img.width(); ++x)
            if ((x / 40 + y / 40) % 2 == 0) // a checker of solid squares keeps the quadrant colour dominant
                line[x] = quadrant[(y >= 1000) * 2 + (x >= 1500)];
    }
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    QImageWriter writer(&buffer, "jpeg");
    writer.setQuality(90);
    writer.setProgressiveScanWrite(true);
    QVERIFY(writer.write(img));
    const QByteArray progressive = squint::test::jpegWithExif(buffer.data(), orientation, false);
    const QByteArray baseline = squint::test::jpegWithExif(squint::test::encode(img, "jpeg", 90), orientation, false);

    QVERIFY(!squint::progressiveJpegDcThumbnail(progressive, QSize(256, 170)).isNull());
    QVERIFY(squint::progressiveJpegDcThumbnail(baseline, QSize(256, 170)).isNull());
    // Too small for 1/8 scale: the ordinary path.
    QVERIFY(squint::progressiveJpegDcThumbnail(progressive, QSize(400, 300)).isNull());

    const squint::ProbeResult fast = squint::probeImage(progressive);
    const squint::ProbeResult full = squint::probeImage(baseline);
    QVERIFY2(fast.ok, qPrintable(fast.error));
    QVERIFY2(full.ok, qPrintable(full.error));
    QCOMPARE(fast.thumbnail.size(), expectedSize);
    QCOMPARE(full.thumbnail.size(), expectedSize);
    // Compare the mean colour of each quadrant of the two thumbnails.
    auto meanOf = [](const QImage &t, int qx, int qy) {
        const QImage c = t.copy(qx * t.width() / 2, qy * t.height() / 2, t.width() / 2, t.height() / 2)
                             .convertToFormat(QImage::Format_RGB32);
        double r = 0, g = 0, b = 0;
        for (int y = 0; y < c.height(); ++y)
            for (int x = 0; x < c.width(); ++x) {
                const QRgb p = c.pixel(x, y);
                r += qRed(p), g += qGreen(p), b += qBlue(p);
            }
        const double n = double(c.width()) * c.height();
        return std::array<double, 3>{r / n, g / n, b / n};
    };
    for (int qy = 0; qy < 2; ++qy)
        for (int qx = 0; qx < 2; ++qx) {
            const auto a = meanOf(fast.thumbnail, qx, qy), b = meanOf(full.thumbnail, qx, qy);
            for (int ch = 0; ch < 3; ++ch)
                QVERIFY2(std::abs(a[ch] - b[ch]) < 6.0,
                         qPrintable(QStringLiteral("quadrant %1,%2 channel %3: %4 vs %5").arg(qx).arg(qy).arg(ch).arg(a[ch]).arg(b[ch])));
        }
}

void TestImageInfo::jpegHeaderAndScale()
{
    const QByteArray baseline = t::photoJpeg(QSize(640, 480));
    const QByteArray progressive = progressiveJpeg(t::photoImage(QSize(640, 480)));
    const JpegHeader b = readJpegHeader(baseline), p = readJpegHeader(progressive);
    QVERIFY(b.ok && p.ok);
    QCOMPARE(b.size, QSize(640, 480));
    QVERIFY(!b.progressive);
    QVERIFY(p.progressive);
    QVERIFY(b.directlyDecodable);
    QVERIFY(isProgressiveJpeg(progressive));
    QVERIFY(!isProgressiveJpeg(baseline));
    QVERIFY(!isProgressiveJpeg(t::photoPng(QSize(64, 64))));
    QVERIFY(!readJpegHeader(t::textBytes()).ok);
    QVERIFY(!readJpegHeader(t::corruptJpeg()).ok);
    QVERIFY(decodeJpegScaled(t::corruptJpeg(), 4).isNull());
    QVERIFY(decodeJpegScaled(QByteArray(), 4).isNull());
    // Qt's choice of M: the smallest whose output covers the target.
    QCOMPARE(jpegScaleFor(QSize(4032, 3024), QSize(2000, 1500)), 4);
    QCOMPARE(jpegScaleFor(QSize(4032, 3024), QSize(1568, 1176)), 4);
    QCOMPARE(jpegScaleFor(QSize(5120, 2880), QSize(1568, 882)), 3);
    QCOMPARE(jpegScaleFor(QSize(5120, 2880), QSize(2000, 1125)), 4);
    QCOMPARE(jpegScaleFor(QSize(4000, 3000), QSize(256, 192)), 1);
    QCOMPARE(jpegScaleFor(QSize(800, 600), QSize(800, 600)), 8);
    QCOMPARE(jpegScaledSize(QSize(5123, 2881), 3), QSize(1922, 1081));
}

// The direct libjpeg decode gives Qt's reader's pixels at the same M/8, colour and grey, baseline
// and progressive (sizes that are multiples of 8, where Qt's M is the asked one).
void TestImageInfo::directJpegDecodeMatchesQt_data()
{
    QTest::addColumn<QByteArray>("jpeg");
    QTest::addColumn<int>("m");
    const QImage photo = t::photoImage(QSize(1600, 1200), 3);
    const QByteArray baseline = t::encode(photo, "jpeg", 90);
    const QByteArray progressive = progressiveJpeg(photo);
    const QByteArray grey = t::encode(photo.convertToFormat(QImage::Format_Grayscale8), "jpeg", 90);
    for (int m : {1, 2, 3, 4, 8}) {
        QTest::addRow("baseline %d/8", m) << baseline << m;
        QTest::addRow("progressive %d/8", m) << progressive << m;
        QTest::addRow("grey %d/8", m) << grey << m;
    }
}

void TestImageInfo::directJpegDecodeMatchesQt()
{
    QFETCH(QByteArray, jpeg);
    QFETCH(int, m);
    const QImage direct = decodeJpegScaled(jpeg, m);
    QVERIFY(!direct.isNull());
    const QSize size = jpegScaledSize(QSize(1600, 1200), m);
    QCOMPARE(direct.size(), size);
    QBuffer buffer;
    buffer.setData(jpeg);
    buffer.open(QIODevice::ReadOnly);
    QImageReader reader(&buffer);
    if (m < 8)
        reader.setScaledSize(size);
    const QImage qt = reader.read();
    QCOMPARE(qt.size(), size);
    QCOMPARE(direct.format(), qt.format());
    QVERIFY(sameBytes(direct, qt));
}

// decodeImageScaled() now decodes JPEGs through libjpeg directly and WebP through libwebp: the
// same pixels as before for upright JPEGs, PNG, GIF, BMP; the same picture for rotated JPEGs (the
// reader scaled before it rotated) and for WebP (libwebp's rescaler instead of Qt's).
void TestImageInfo::decodeImageScaledAsBefore_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<int>("edge");
    QTest::addColumn<bool>("identical");
    const QByteArray jpeg = t::photoJpeg(QSize(1600, 1200), 90, 5);
    QTest::newRow("jpeg 1/2") << jpeg << 800 << true;
    QTest::newRow("jpeg 3/8 and a smooth scale") << jpeg << 500 << true;
    QTest::newRow("jpeg odd size") << t::photoJpeg(QSize(1921, 1081), 90, 6) << 1568 << true;
    QTest::newRow("jpeg full") << jpeg << 0 << true;
    QTest::newRow("progressive jpeg")
        << progressiveJpeg(t::photoImage(QSize(1600, 1200), 7)) << 700 << true;
    // 3/8 and below: the last-bit AC refinement scans are left out (decodeJpegReduced).
    QTest::newRow("progressive jpeg at 3/8")
        << progressiveJpeg(t::photoImage(QSize(1600, 1200), 7)) << 500 << false;
    QTest::newRow("jpeg rotated (EXIF 6)") << t::jpegWithExif(jpeg, 6, false) << 700 << false;
    QTest::newRow("png alpha") << t::alphaPng(QSize(900, 600)) << 400 << true;
    QTest::newRow("png photo") << t::photoPng(QSize(900, 600)) << 333 << true;
    QTest::newRow("gif") << t::gifBytes(QSize(500, 300)) << 200 << true;
    QTest::newRow("bmp") << t::bmpBytes(t::photoImage(QSize(500, 300))) << 250 << true;
    QTest::newRow("webp") << t::webpBytes(QSize(1200, 800)) << 500 << !webpScaledDecodeAvailable();
}

void TestImageInfo::decodeImageScaledAsBefore()
{
    QFETCH(QByteArray, bytes);
    QFETCH(int, edge);
    QFETCH(bool, identical);
    QString error;
    const QImage now = squint::decodeImageScaled(bytes, edge, &error);
    QVERIFY2(!now.isNull(), qPrintable(error));
    const QImage before = decodeScaledTheQtWay(bytes, edge);
    QCOMPARE(now.size(), before.size());
    if (identical) {
        QCOMPARE(now.format(), before.format());
        QVERIFY(sameBytes(now, before));
    } else {
        const QString diff = visualDifference(now, before);
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
    }
}

// One decode for several long edges: each size made from it is what a decode for that edge alone
// gives (the very same pixels when the edges share libjpeg's scale), and the decode is no larger
// than the largest edge needs.
void TestImageInfo::oneDecodeServesEveryEdge_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QList<int>>("edges");
    QTest::addColumn<QSize>("decodedSize");
    QTest::addColumn<QList<bool>>("identical");
    const QByteArray camera = t::photoJpeg(QSize(2016, 1512), 90, 8);
    // 2016 -> 1000 and 784 both take M = 4: one 1008 x 756 decode.
    QTest::newRow("jpeg, same scale")
        << camera << QList<int>{1000, 784} << QSize(1008, 756) << QList<bool>{true, true};
    // 2560 x 1440 -> 1000 takes M = 4, 612 takes M = 2: from the M = 4 decode, 612 is the same picture.
    QTest::newRow("jpeg, two scales")
        << progressiveJpeg(t::photoImage(QSize(2560, 1440), 9)) << QList<int>{1000, 612}
        << QSize(1280, 720) << QList<bool>{true, false};
    QTest::newRow("jpeg, full size and a smaller one")
        << camera << QList<int>{0, 784} << QSize(2016, 1512) << QList<bool>{true, false};
    // PNG: one whole decode shared by both sizes (Qt's reader for one size averages while reading).
    QTest::newRow("png decodes whole") << t::photoPng(QSize(1200, 800)) << QList<int>{600, 300}
                                       << QSize(1200, 800) << QList<bool>{false, false};
    QTest::newRow("png, one size as before")
        << t::alphaPng(QSize(1200, 800)) << QList<int>{600} << QSize(600, 400) << QList<bool>{true};
}

void TestImageInfo::oneDecodeServesEveryEdge()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QList<int>, edges);
    QFETCH(QSize, decodedSize);
    QFETCH(QList<bool>, identical);
    QString error;
    const DecodedImage once = decodeOnce(bytes, edges, &error);
    QVERIFY2(!once.isNull(), qPrintable(error));
    QCOMPARE(once.pixels.size(), decodedSize);
    for (int i = 0; i < edges.size(); ++i) {
        QVERIFY(once.serves(edges.at(i)));
        const QImage shared = scaledFromDecoded(once, edges.at(i));
        const QImage alone = squint::decodeImageScaled(bytes, edges.at(i));
        QCOMPARE(shared.size(), alone.size());
        if (identical.at(i)) {
            QVERIFY2(sameBytes(shared, alone), qPrintable(QString::number(edges.at(i))));
        } else {
            const QString diff = visualDifference(shared, alone);
            QVERIFY2(diff.isEmpty(), qPrintable(diff));
        }
    }
    // A reduced decode does not serve a larger edge; a whole one serves everything.
    if (once.reduced)
        QVERIFY(!once.serves(0));
    else
        QVERIFY(once.serves(0));
}

// The thumbnail made from a shared decode has the size and facts of the one probeImage makes and
// looks the same.
void TestImageInfo::thumbnailFromSharedDecode_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<int>("edge");
    const QByteArray jpeg = t::photoJpeg(QSize(3000, 2000), 90, 11);
    QTest::newRow("jpeg") << jpeg << 1000;
    QTest::newRow("jpeg rotated") << t::jpegWithExif(jpeg, 6, true) << 1000;
    QTest::newRow("png alpha") << t::alphaPng(QSize(1000, 700)) << 0;
    QTest::newRow("png screenshot") << t::screenshotPng(QSize(1000, 700)) << 0;
    QTest::newRow("png photo") << t::photoPng(QSize(1000, 700)) << 500;
    QTest::newRow("webp") << t::webpBytes(QSize(1200, 800)) << 600;
}

void TestImageInfo::thumbnailFromSharedDecode()
{
    QFETCH(QByteArray, bytes);
    QFETCH(int, edge);
    const ProbeResult usual = probeImage(bytes);
    QVERIFY2(usual.ok, qPrintable(usual.error));
    ProbeResult header = probeHeader(bytes);
    QVERIFY2(header.ok, qPrintable(header.error));
    QVERIFY(header.thumbnail.isNull());
    QCOMPARE(header.info.size, usual.info.size);
    const DecodedImage once = decodeOnce(bytes, {edge});
    QVERIFY(!once.isNull());
    addThumbnailFrom(once, header);
    QVERIFY(header.ok);
    QCOMPARE(header.thumbnail.size(), usual.thumbnail.size());
    QCOMPARE(header.thumbnail.format(), usual.thumbnail.format());
    QCOMPARE(header.info.hasAlpha, usual.info.hasAlpha);
    QCOMPARE(header.info.photoLike, usual.info.photoLike);
    const QString diff = visualDifference(header.thumbnail, usual.thumbnail);
    QVERIFY2(diff.isEmpty(), qPrintable(diff));
    // The two halves of probeImage make the same result as the whole.
    ProbeResult halves = probeHeader(bytes);
    addThumbnail(bytes, halves);
    QVERIFY(sameBytes(halves.thumbnail, usual.thumbnail));
    QCOMPARE(halves.info.photoLike, usual.info.photoLike);
}

void TestImageInfo::webpScaledDecode()
{
    if (!webpScaledDecodeAvailable())
        QSKIP("built without libwebp");
    const QByteArray opaque = t::webpBytes(QSize(1200, 800));
    const QImage small = decodeWebpScaled(opaque, QSize(300, 200));
    QCOMPARE(small.size(), QSize(300, 200));
    QCOMPARE(small.format(), QImage::Format_RGB32);
    const QImage whole = decodeWebpScaled(opaque, QSize());
    QCOMPARE(whole.size(), QSize(1200, 800));
    // The same picture as Qt's full decode scaled down.
    const QImage qt = QImage::fromData(opaque, "webp")
                          .scaled(300, 200, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
    const QString diff = visualDifference(small, qt);
    QVERIFY2(diff.isEmpty(), qPrintable(diff));
    // Transparency survives.
    const QByteArray alpha = t::encode(t::alphaImage(QSize(400, 300)), "webp", 90);
    const QImage a = decodeWebpScaled(alpha, QSize(200, 150));
    QCOMPARE(a.format(), QImage::Format_ARGB32);
    QVERIFY(qAlpha(a.pixel(0, 0)) < 255);
    // Not WebP, or damaged: null, and the caller uses Qt's reader.
    QVERIFY(decodeWebpScaled(t::photoPng(QSize(40, 30)), QSize(20, 15)).isNull());
    QVERIFY(decodeWebpScaled(t::truncated(opaque, 0.3), QSize(300, 200)).isNull());
}

// At 3/8 and below a progressive file is read without its last-bit AC refinement scans: the same
// picture (a level or two apart), for less than two thirds of the decoding. Baseline files, other
// scales, and progressive files made some other way decode fully.
void TestImageInfo::progressiveWithoutLastBitRefinement()
{
    const QImage photo = t::photoImage(QSize(1600, 1200), 31);
    const QByteArray progressive = progressiveJpeg(photo);
    const QByteArray baseline = t::encode(photo, "jpeg", 90);
    for (int m : {1, 2, 3}) {
        const QImage reduced = decodeJpegReduced(progressive, m);
        const QImage full = decodeJpegScaled(progressive, m);
        QCOMPARE(reduced.size(), full.size());
        QVERIFY2(!sameBytes(reduced, full), "the refinement scans were read"); // skipped indeed
        const QString diff = visualDifference(reduced, full);
        QVERIFY2(diff.isEmpty(), qPrintable(QStringLiteral("%1/8: ").arg(m) + diff));
        QVERIFY(sameBytes(decodeJpegReduced(baseline, m), decodeJpegScaled(baseline, m)));
    }
    QVERIFY(sameBytes(decodeJpegReduced(progressive, 4), decodeJpegScaled(progressive, 4)));
    // Truncated inside the scans: still a picture (libjpeg fills what is missing), never a crash.
    (void) decodeJpegReduced(t::truncated(progressive, 0.6), 2);
    QVERIFY(decodeJpegReduced(t::corruptJpeg(), 2).isNull());
}

QTEST_GUILESS_MAIN(TestImageInfo)
#include "tst_imageinfo.moc"
