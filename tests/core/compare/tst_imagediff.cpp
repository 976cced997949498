// Image comparison: per-pixel differences, heat map, figures and sentence, size and format rules,
// and the downscaled pyramid the compare view renders from.

#include "core/compare/imagediff.h"

#include <QTest>

using namespace squint;

namespace {

// Varied, opaque content whose channels stay within [20, 235], so +-16 never clips.
QImage pattern(int w, int h)
{
    QImage img(w, h, QImage::Format_RGB32);
    for (int y = 0; y < h; ++y) {
        auto *line = reinterpret_cast<QRgb *>(img.scanLine(y));
        for (int x = 0; x < w; ++x)
            line[x] = qRgb(20 + (x * 3) % 200, 20 + (y * 5) % 200, 20 + ((x + y) * 7) % 100);
    }
    return img;
}

// A smooth gradient: neighbouring pixels differ by at most 1 per channel.
QImage gradient(int w, int h)
{
    QImage img(w, h, QImage::Format_RGB32);
    for (int y = 0; y < h; ++y) {
        auto *line = reinterpret_cast<QRgb *>(img.scanLine(y));
        for (int x = 0; x < w; ++x)
            line[x] = qRgb(40 + x / 2, 40 + y / 2, 128);
    }
    return img;
}

int countNonTransparent(const QImage &heat)
{
    int n = 0;
    for (int y = 0; y < heat.height(); ++y) {
        const auto *line = reinterpret_cast<const QRgb *>(heat.constScanLine(y));
        for (int x = 0; x < heat.width(); ++x)
            n += qAlpha(line[x]) != 0;
    }
    return n;
}

} // namespace

class TestImageDiff : public QObject
{
    Q_OBJECT

private slots:
    void identicalImages();
    void changedRectangle();
    void noiseBelowThreshold();
    void thresholdIsClamped();
    void heatColors();
    void downscaledCopyOfUpscale();
    void upscaledComparison();
    void differentAspectRatio();
    void maxSizeLimitsComparedSize();
    void indexedAndGrayscale();
    void premultipliedAndTransparency();
    void nullImages();
    void onePixel();
    void pyramidLevels();
    void pyramidLevelFor_data();
    void pyramidLevelFor();
    void pyramidBoxAverage();
    void pyramidSmallAndNull();
};

void TestImageDiff::identicalImages()
{
    const QImage a = pattern(400, 300);
    const DiffResult r = compareImages(a, a);
    QVERIFY(r.isValid());
    QCOMPARE(r.comparedSize, QSize(400, 300));
    QCOMPARE(r.changedPixels, 0);
    QVERIFY(r.changedFraction == 0.0);
    QVERIFY(r.meanDifference == 0.0);
    QCOMPARE(r.maxDifference, 0);
    QVERIFY(r.changedBounds.isNull());
    QVERIFY(!r.scaled);
    QVERIFY(!r.aspectDiffers);
    QCOMPARE(r.heatMap.size(), QSize(400, 300));
    QCOMPARE(countNonTransparent(r.heatMap), 0);
    QCOMPARE(describeDifference(r), QStringLiteral("No pixels differ (threshold 16 of 255)."));
}

void TestImageDiff::changedRectangle()
{
    const QImage a = pattern(400, 300);
    QImage b = a.copy();
    // A 40 x 30 rectangle at (100, 50) whose blue channel goes to 255: each of its pixels differs
    // by exactly 255 - blue of a (136..235), the sum and maximum of which are worked out here.
    const QRect rect(100, 50, 40, 30);
    qint64 expectedSum = 0;
    int expectedMax = 0;
    for (int y = rect.top(); y <= rect.bottom(); ++y) {
        auto *line = reinterpret_cast<QRgb *>(b.scanLine(y));
        for (int x = rect.left(); x <= rect.right(); ++x) {
            const int d = 255 - qBlue(line[x]);
            QVERIFY(d > 100);
            expectedSum += d;
            expectedMax = std::max(expectedMax, d);
            line[x] = qRgb(qRed(line[x]), qGreen(line[x]), 255);
        }
    }

    const DiffResult r = compareImages(a, b);
    QCOMPARE(r.changedPixels, 1200);
    QVERIFY(r.changedFraction == 0.01);
    QCOMPARE(r.changedBounds, rect);
    QCOMPARE(r.maxDifference, expectedMax);
    QVERIFY(qAbs(r.meanDifference - double(expectedSum) / 120000.0) < 1e-12);
    QCOMPARE(countNonTransparent(r.heatMap), 1200);
    // Opaque, red-to-yellow inside; transparent just outside.
    const QRgb inside = r.heatMap.pixel(100, 50);
    QCOMPARE(qAlpha(inside), 255);
    QCOMPARE(qRed(inside), 255);
    QCOMPARE(qBlue(inside), 0);
    QCOMPARE(qAlpha(r.heatMap.pixel(99, 50)), 0);
    QCOMPARE(qAlpha(r.heatMap.pixel(140, 50)), 0);
    QCOMPARE(qAlpha(r.heatMap.pixel(100, 80)), 0);
    QCOMPARE(describeDifference(r),
             QStringLiteral("1.0 % of the pixels differ (threshold 16 of 255)."));

    // The same comparison with a tiny change: never "0.0 %".
    QImage c = a.copy();
    c.setPixel(399, 299, qRgb(255, 255, 255));
    const DiffResult one = compareImages(a, c);
    QCOMPARE(one.changedPixels, 1);
    QCOMPARE(one.changedBounds, QRect(399, 299, 1, 1));
    QCOMPARE(describeDifference(one),
             QStringLiteral("Less than 0.1 % of the pixels differ (threshold 16 of 255)."));
}

void TestImageDiff::noiseBelowThreshold()
{
    const QImage a = pattern(400, 300);
    QImage b = a.copy();
    qint64 at16 = 0;
    for (int y = 0; y < b.height(); ++y) {
        auto *line = reinterpret_cast<QRgb *>(b.scanLine(y));
        for (int x = 0; x < b.width(); ++x) {
            const int n = (x * 7 + y * 13) % 33 - 16; // -16..16
            at16 += qAbs(n) == 16;
            const QRgb p = line[x];
            line[x] = qRgb(qRed(p) + n, qGreen(p) - n, qBlue(p) + n / 2);
        }
    }
    QVERIFY(at16 > 0);

    const DiffResult r = compareImages(a, b, 16);
    QCOMPARE(r.maxDifference, 16);
    QCOMPARE(r.changedPixels, 0);
    QVERIFY(r.changedBounds.isNull());
    QVERIFY(r.meanDifference > 4.0 && r.meanDifference < 12.0);
    // Below the threshold the heat map only shades faintly.
    for (int x = 0; x < 33; ++x)
        QVERIFY(qAlpha(r.heatMap.pixel(x, 0)) <= 96);

    // One lower, exactly the pixels at +-16 count.
    const DiffResult r15 = compareImages(a, b, 15);
    QCOMPARE(r15.changedPixels, at16);
    QCOMPARE(r15.threshold, 15);
}

void TestImageDiff::thresholdIsClamped()
{
    const QImage a = pattern(20, 10);
    QImage b(20, 10, QImage::Format_RGB32);
    b.fill(Qt::white);
    const DiffResult high = compareImages(a, b, 300);
    QCOMPARE(high.threshold, 255);
    QCOMPARE(high.changedPixels, 0);
    const DiffResult low = compareImages(a, a, -5);
    QCOMPARE(low.threshold, 0);
    QCOMPARE(low.changedPixels, 0);
    const DiffResult zero = compareImages(a, b, 0);
    QCOMPARE(zero.changedPixels, 200);
    QCOMPARE(describeDifference(zero), QStringLiteral("All pixels differ (threshold 0 of 255)."));
}

void TestImageDiff::heatColors()
{
    QCOMPARE(heatColor(0, 16), qRgba(0, 0, 0, 0));
    QCOMPARE(heatColor(8, 16), qRgba(0, 0, 0, 48));
    QCOMPARE(heatColor(16, 16), qRgba(0, 0, 0, 96));
    QCOMPARE(heatColor(17, 16), qRgba(255, 255, 0, 255));
    QCOMPARE(heatColor(255, 16), qRgba(255, 0, 0, 255));
    QCOMPARE(heatColor(1, 0), qRgba(255, 255, 0, 255));
    QCOMPARE(heatColor(255, 254), qRgba(255, 0, 0, 255));
    QCOMPARE(heatColor(255, 255), qRgba(0, 0, 0, 96));
    // Green falls monotonically from yellow to red.
    int previous = 256;
    for (int d = 17; d <= 255; ++d) {
        const QRgb c = heatColor(d, 16);
        QCOMPARE(qAlpha(c), 255);
        QVERIFY(qGreen(c) <= previous);
        previous = qGreen(c);
    }
    QCOMPARE(qGreen(heatColor(136, 16)), 127);
}

void TestImageDiff::downscaledCopyOfUpscale()
{
    // b is a 2x pixel-doubled upscale of a: scaled back to a's size it shows the same content.
    const QImage a = pattern(200, 150);
    const QImage b = a.scaled(400, 300, Qt::IgnoreAspectRatio, Qt::FastTransformation);
    const DiffResult r = compareImages(a, b);
    QCOMPARE(r.comparedSize, QSize(200, 150));
    QVERIFY(r.scaled);
    QVERIFY(!r.aspectDiffers);
    QCOMPARE(r.sizeB, QSize(400, 300));
    QCOMPARE(r.changedPixels, 0);
    QVERIFY2(r.maxDifference <= 2, qPrintable(QString::number(r.maxDifference)));
    QVERIFY(r.meanDifference < 1.0);
}

void TestImageDiff::upscaledComparison()
{
    // The other way round b (small, smooth) is smoothly upscaled to a's size.
    const QImage small = gradient(200, 150);
    const QImage big = small.scaled(400, 300, Qt::IgnoreAspectRatio, Qt::FastTransformation);
    const DiffResult r = compareImages(big, small);
    QCOMPARE(r.comparedSize, QSize(400, 300));
    QCOMPARE(r.changedPixels, 0);
    QVERIFY2(r.maxDifference <= 2, qPrintable(QString::number(r.maxDifference)));
}

void TestImageDiff::differentAspectRatio()
{
    const QImage a = pattern(400, 300);
    const QImage b = pattern(300, 300);
    const DiffResult r = compareImages(a, b);
    QVERIFY(r.isValid());
    QVERIFY(r.aspectDiffers);
    QCOMPARE(r.comparedSize, QSize(400, 300));
    QCOMPARE(r.heatMap.size(), QSize(400, 300));
    QVERIFY(describeDifference(r).contains(QStringLiteral("stretched")));
    QVERIFY(describeDifference(r).endsWith(QLatin1Char('.')));
    // Within 1 % is the same shape.
    QVERIFY(!compareImages(pattern(400, 300), pattern(401, 300)).aspectDiffers);
}

void TestImageDiff::maxSizeLimitsComparedSize()
{
    QImage a(1000, 500, QImage::Format_RGB32);
    a.fill(qRgb(10, 20, 30));
    QImage b = a.copy();
    // A changed right half shows up as the right half of the smaller comparison.
    for (int y = 0; y < 500; ++y) {
        auto *line = reinterpret_cast<QRgb *>(b.scanLine(y));
        for (int x = 500; x < 1000; ++x)
            line[x] = qRgb(250, 20, 30);
    }
    const DiffResult r = compareImages(a, b, 16, QSize(200, 200));
    QCOMPARE(r.comparedSize, QSize(200, 100));
    QVERIFY(r.scaled);
    QCOMPARE(r.heatMap.size(), QSize(200, 100));
    QVERIFY(r.changedPixels >= 100 * 100 && r.changedPixels <= 101 * 100);
    QVERIFY(r.changedBounds.left() >= 99 && r.changedBounds.left() <= 100);
    QCOMPARE(r.changedBounds.right(), 199);
    QCOMPARE(r.changedBounds.top(), 0);
    QCOMPARE(r.changedBounds.bottom(), 99);

    // No limit: an empty maxSize.
    QCOMPARE(compareImages(a, b, 16, QSize()).comparedSize, QSize(1000, 500));
}

void TestImageDiff::indexedAndGrayscale()
{
    // Indexed8 with its own colour table, against the same picture in RGB32.
    QImage indexed(64, 48, QImage::Format_Indexed8);
    indexed.setColorTable({qRgb(0, 0, 0), qRgb(255, 0, 0), qRgb(12, 200, 99), qRgb(255, 255, 255)});
    QImage rgb(64, 48, QImage::Format_RGB32);
    for (int y = 0; y < 48; ++y) {
        uchar *il = indexed.scanLine(y);
        auto *rl = reinterpret_cast<QRgb *>(rgb.scanLine(y));
        for (int x = 0; x < 64; ++x) {
            il[x] = uchar((x / 8 + y / 8) % 4);
            rl[x] = indexed.colorTable().at(il[x]);
        }
    }
    DiffResult r = compareImages(indexed, rgb);
    QCOMPARE(r.maxDifference, 0);
    QCOMPARE(r.changedPixels, 0);

    // Index 1 (red) replaced by index 2 in one 8x8 cell: red differs by 243.
    QImage changed = indexed.copy();
    for (int y = 0; y < 8; ++y)
        for (int x = 8; x < 16; ++x)
            changed.scanLine(y)[x] = 2;
    r = compareImages(rgb, changed);
    QCOMPARE(r.changedPixels, 64);
    QCOMPARE(r.changedBounds, QRect(8, 0, 8, 8));
    QCOMPARE(r.maxDifference, 243);

    // Grayscale8 against the same grays in RGB32.
    QImage gray(30, 20, QImage::Format_Grayscale8);
    QImage grayRgb(30, 20, QImage::Format_RGB32);
    for (int y = 0; y < 20; ++y) {
        uchar *gl = gray.scanLine(y);
        auto *rl = reinterpret_cast<QRgb *>(grayRgb.scanLine(y));
        for (int x = 0; x < 30; ++x) {
            gl[x] = uchar(x * 8 + y);
            rl[x] = qRgb(gl[x], gl[x], gl[x]);
        }
    }
    r = compareImages(gray, grayRgb);
    QCOMPARE(r.maxDifference, 0);
    grayRgb.setPixel(3, 4, qRgb(gray.scanLine(4)[3], gray.scanLine(4)[3], 255));
    r = compareImages(gray, grayRgb);
    QCOMPARE(r.changedPixels, 1);
    QCOMPARE(r.changedBounds, QRect(3, 4, 1, 1));
    QCOMPARE(r.maxDifference, 255 - (3 * 8 + 4));
}

void TestImageDiff::premultipliedAndTransparency()
{
    QImage argb(40, 10, QImage::Format_ARGB32);
    for (int y = 0; y < 10; ++y) {
        auto *line = reinterpret_cast<QRgb *>(argb.scanLine(y));
        for (int x = 0; x < 40; ++x)
            line[x] = qRgba(200, 100, x * 6, x < 20 ? 255 : 128);
    }
    const QImage premul = argb.convertToFormat(QImage::Format_ARGB32_Premultiplied);
    DiffResult r = compareImages(argb, premul);
    QCOMPARE(r.maxDifference, 0);

    // Fully transparent pixels are equal whatever colour they hide.
    QImage clearRed(10, 10, QImage::Format_ARGB32);
    clearRed.fill(qRgba(255, 0, 0, 0));
    QImage clearBlue(10, 10, QImage::Format_ARGB32);
    clearBlue.fill(qRgba(0, 0, 255, 0));
    QCOMPARE(compareImages(clearRed, clearBlue).maxDifference, 0);

    // Alpha is a channel: opaque black against transparent black differs by 255.
    QImage opaqueBlack(10, 10, QImage::Format_ARGB32);
    opaqueBlack.fill(qRgba(0, 0, 0, 255));
    r = compareImages(opaqueBlack, clearBlue);
    QCOMPARE(r.maxDifference, 255);
    QVERIFY(r.changedFraction == 1.0);
}

void TestImageDiff::nullImages()
{
    const QImage a = pattern(10, 10);
    for (const auto &[x, y] :
         {std::pair{QImage(), a}, std::pair{a, QImage()}, std::pair{QImage(), QImage()}}) {
        const DiffResult r = compareImages(x, y);
        QVERIFY(!r.isValid());
        QVERIFY(r.heatMap.isNull());
        QVERIFY(r.changedFraction == 0.0);
        QCOMPARE(r.changedPixels, 0);
        QVERIFY(r.changedBounds.isNull());
        QVERIFY(!describeDifference(r).isEmpty());
        QVERIFY(!describeDifference(r).contains(QLatin1Char('%')));
    }
}

void TestImageDiff::onePixel()
{
    QImage red(1, 1, QImage::Format_RGB32);
    red.fill(qRgb(255, 0, 0));
    QImage blue(1, 1, QImage::Format_RGB32);
    blue.fill(qRgb(0, 0, 255));
    DiffResult r = compareImages(red, blue);
    QCOMPARE(r.comparedSize, QSize(1, 1));
    QVERIFY(r.changedFraction == 1.0);
    QVERIFY(r.meanDifference == 255.0);
    QCOMPARE(r.changedBounds, QRect(0, 0, 1, 1));
    QCOMPARE(r.heatMap.pixel(0, 0), qRgba(255, 0, 0, 255));
    QCOMPARE(describeDifference(r), QStringLiteral("All pixels differ (threshold 16 of 255)."));

    // A 1x1 image against a large uniform one of the same colour.
    QImage big(300, 200, QImage::Format_RGB32);
    big.fill(qRgb(255, 0, 0));
    r = compareImages(red, big);
    QCOMPARE(r.comparedSize, QSize(1, 1));
    QVERIFY(r.aspectDiffers);
    QCOMPARE(r.maxDifference, 0);
    r = compareImages(big, red);
    QCOMPARE(r.comparedSize, QSize(300, 200));
    QCOMPARE(r.maxDifference, 0);
}

void TestImageDiff::pyramidLevels()
{
    const ImagePyramid p(pattern(1000, 600), 256);
    QCOMPARE(p.fullSize(), QSize(1000, 600));
    QCOMPARE(p.levelCount(), 3);
    QCOMPARE(p.level(0).size(), QSize(1000, 600));
    QCOMPARE(p.level(1).size(), QSize(500, 300));
    QCOMPARE(p.level(2).size(), QSize(250, 150));
    QVERIFY(p.level(3).isNull());
    QVERIFY(p.level(-1).isNull());
    QCOMPARE(p.level(0).format(), QImage::Format_RGB32);
    QCOMPARE(p.level(2).format(), QImage::Format_RGB32);
    QVERIFY(p.levelScale(1) == 0.5);
    QVERIFY(p.levelScale(2) == 0.25);

    // Odd sizes round up; alpha gives premultiplied levels; smaller minEdge gives more levels.
    QImage alpha(1001, 601, QImage::Format_ARGB32);
    alpha.fill(qRgba(10, 20, 30, 40));
    const ImagePyramid q(alpha, 100);
    QCOMPARE(q.levelCount(), 5);
    QCOMPARE(q.level(1).size(), QSize(501, 301));
    QCOMPARE(q.level(2).size(), QSize(251, 151));
    QCOMPARE(q.level(3).size(), QSize(126, 76));
    QCOMPARE(q.level(4).size(), QSize(63, 38));
    QCOMPARE(q.level(4).format(), QImage::Format_ARGB32_Premultiplied);
    QCOMPARE(q.level(4).pixel(62, 37), q.level(0).pixel(0, 0));
}

void TestImageDiff::pyramidLevelFor_data()
{
    QTest::addColumn<double>("scale");
    QTest::addColumn<int>("level");
    QTest::newRow("1") << 1.0 << 0;
    QTest::newRow("2") << 2.0 << 0;
    QTest::newRow("0.9") << 0.9 << 0;
    QTest::newRow("0.5") << 0.5 << 1;
    QTest::newRow("0.3") << 0.3 << 1;
    QTest::newRow("0.26") << 0.26 << 1;
    QTest::newRow("0.25") << 0.25 << 2;
    QTest::newRow("0.01") << 0.01 << 2;
    QTest::newRow("0") << 0.0 << 2;
    QTest::newRow("negative") << -1.0 << 2;
    QTest::newRow("nan") << qQNaN() << 2;
}

void TestImageDiff::pyramidLevelFor()
{
    QFETCH(double, scale);
    QFETCH(int, level);
    static const ImagePyramid p(pattern(1000, 600), 256);
    QCOMPARE(p.levelFor(scale), level);
    // The chosen level has enough resolution, and the next one would not.
    if (scale > 0 && scale <= 1) {
        QVERIFY(p.levelScale(level) >= scale);
        if (level + 1 < p.levelCount())
            QVERIFY(p.levelScale(level + 1) < scale);
    }
}

void TestImageDiff::pyramidBoxAverage()
{
    QImage img(3, 3, QImage::Format_RGB32);
    const QRgb px[3][3] = {{qRgb(0, 0, 0), qRgb(100, 10, 1), qRgb(40, 40, 40)},
                           {qRgb(200, 20, 2), qRgb(101, 11, 3), qRgb(60, 60, 60)},
                           {qRgb(7, 8, 9), qRgb(9, 8, 7), qRgb(255, 255, 255)}};
    for (int y = 0; y < 3; ++y)
        for (int x = 0; x < 3; ++x)
            img.setPixel(x, y, px[y][x]);
    const QImage h = halveImage(img);
    QCOMPARE(h.size(), QSize(2, 2));
    // 401 / 4 = 100.25 -> 100, 41 / 4 = 10.25 -> 10, 6 / 4 = 1.5 -> 2 (rounded to nearest)
    QCOMPARE(h.pixel(0, 0), qRgb(100, 10, 2));
    // Right column averages with itself: (40+40+60+60+2)/4 = 50
    QCOMPARE(h.pixel(1, 0), qRgb(50, 50, 50));
    // Bottom row with itself: 32 / 4 = 8 in every channel
    QCOMPARE(h.pixel(0, 1), qRgb(8, 8, 8));
    QCOMPARE(h.pixel(1, 1), qRgb(255, 255, 255));
    QCOMPARE(halveImage(QImage(1, 1, QImage::Format_RGB32)).size(), QSize(1, 1));
    QVERIFY(halveImage(QImage()).isNull());
}

void TestImageDiff::pyramidSmallAndNull()
{
    const ImagePyramid small(pattern(100, 80));
    QCOMPARE(small.levelCount(), 1);
    QCOMPARE(small.levelFor(0.01), 0);
    QCOMPARE(small.levelFor(4.0), 0);

    const ImagePyramid none{QImage()};
    QVERIFY(none.isNull());
    QCOMPARE(none.levelCount(), 0);
    QCOMPARE(none.levelFor(1.0), -1);
    QVERIFY(none.level(0).isNull());
    QVERIFY(!none.fullSize().isValid());

    // Grayscale input becomes opaque RGB32 levels.
    QImage gray(600, 10, QImage::Format_Grayscale8);
    gray.fill(77);
    const ImagePyramid g(gray);
    QCOMPARE(g.levelCount(), 3);
    QCOMPARE(g.level(2).size(), QSize(150, 3));
    QCOMPARE(g.level(2).pixel(5, 1), qRgb(77, 77, 77));
}

QTEST_GUILESS_MAIN(TestImageDiff)
#include "tst_imagediff.moc"
