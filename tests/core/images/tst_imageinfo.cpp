// Probing images: every format Squint reads, oriented sizes, alpha, animation, thumbnails, the
// photo/screenshot guess, and a clear message for each kind of bad input.

#include "core/images/imageinfo.h"
#include <array>
#include <QImageWriter>
#include "core/images/jpegdecode.h"
#include "core/images/metadata.h"

#include "testimages.h"

#include <QBuffer>
#include <QElapsedTimer>
#include <QImageReader>
#include <QTest>

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

QTEST_GUILESS_MAIN(TestImageInfo)
#include "tst_imageinfo.moc"
