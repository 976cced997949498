// Preparing images for a model: send plans, conversions, "Fit to model" (scaling, re-encoding,
// metadata stripping, byte budgets) and the per-request fit targets.

#include "core/catalog/catalog.h"
#include "core/catalog/tokens.h"
#include "core/chat/requestbody.h"
#include "core/compare/imagediff.h"
#include "core/images/imageinfo.h"
#include "core/images/imageprep.h"
#include "core/images/metadata.h"
#include "core/images/variants.h"
#include "core/util/base64.h"

#include "testimages.h"

#include <QBuffer>
#include <QImageWriter>
#include <QTest>

using namespace squint;
namespace t = squint::test;

namespace {

const Catalog &catalog()
{
    static const Catalog c = Catalog::builtIn();
    return c;
}

ModelLimits limitsOf(const QString &name) { return catalog().profileFor(name).limits; }

const QString Claude = QStringLiteral("databricks-claude-sonnet-4-5");
const QString Llama = QStringLiteral("databricks-llama-4-maverick");

ImageInfo infoOf(const QByteArray &bytes)
{
    const ProbeResult r = probeImage(bytes);
    if (!r.ok)
        qWarning("fixture did not probe: %s", qPrintable(r.error));
    return r.info;
}

ImageInfo synthetic(const QByteArray &format, QSize size, bool photo = true, bool alpha = false)
{
    ImageInfo i;
    i.format = format;
    i.size = size;
    i.photoLike = photo;
    i.hasAlpha = alpha;
    i.fileBytes = 1000;
    return i;
}

QImage decoded(const QByteArray &bytes)
{
    QImage img;
    img.loadFromData(bytes);
    return img;
}

QByteArray formatOf(const QByteArray &bytes) { return probeImage(bytes).info.format; }

bool anyTransparentPixel(const QImage &img)
{
    const QImage a = img.convertToFormat(QImage::Format_ARGB32);
    for (int y = 0; y < a.height(); ++y)
        for (int x = 0; x < a.width(); ++x)
            if (qAlpha(a.pixel(x, y)) < 255)
                return true;
    return false;
}

// The bytes a request's framing costs besides the base64: data-URL prefix and JSON, written out here.
qint64 framingFor(const QString &mime)
{
    return QByteArray(R"(,{"type":"image_url","image_url":{"url":"data:)").size() + mime.toLatin1().size()
           + QByteArray(";base64,").size() + QByteArray(R"("}})").size();
}

// "Visually equal" for encoded variants: the same format and size, and their decoded pixels differ
// by a mean under 2 of 255 with under 1 % of the pixels off by more than 24. A fitted variant that
// had to shrink to meet its budget may land a pixel apart (the shrink factor follows the encoded size
// of the round before): up to one pixel each way is compared after scaling to the first one's size,
// with a mean under 4.
QString visualDifference(const PreparedImage &a, const PreparedImage &b)
{
    const QSize d = a.size - b.size;
    if (std::abs(d.width()) > 1 || std::abs(d.height()) > 1 || a.format != b.format)
        return QStringLiteral("%1 %2x%3 vs %4 %5x%6")
            .arg(QString::fromLatin1(a.format))
            .arg(a.size.width())
            .arg(a.size.height())
            .arg(QString::fromLatin1(b.format))
            .arg(b.size.width())
            .arg(b.size.height());
    const DiffResult r = compareImages(decoded(a.data()), decoded(b.data()), 24, QSize());
    // Resampling photo noise by a pixel moves it by about 2.5 on average: a looser mean then.
    if (r.meanDifference < (r.scaled ? 4.0 : 2.0) && r.changedFraction < 0.01)
        return {};
    return QStringLiteral("mean difference %1, %2 % over 24")
        .arg(r.meanDifference, 0, 'f', 2)
        .arg(r.changedFraction * 100, 0, 'f', 2);
}

QByteArray progressiveJpeg(const QImage &img)
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    QImageWriter writer(&buffer, "jpeg");
    writer.setQuality(90);
    writer.setProgressiveScanWrite(true);
    writer.write(img);
    return buffer.data();
}

// A model with a side cap and a recommended edge of our choosing, and a request small enough that
// `images` photos each need fitting.
ModelLimits customLimits(int maxSide, int recommended)
{
    ModelLimits l;
    l.formats = {QStringLiteral("jpeg"), QStringLiteral("png")};
    l.maxPixelsPerSide = maxSide;
    l.recommendedLongEdge = recommended;
    l.maxRequestBytes = 2'000'000;
    return l;
}

} // namespace

class TestImagePrep : public QObject
{
    Q_OBJECT

private slots:
    void planForSend_data();
    void planForSend();
    void planKeyIsStable();
    void prepareConvertsTiff_data();
    void prepareConvertsTiff();
    void prepareDownscales();
    void prepareAsIsReturnsOriginal();
    void prepareFailsOnBrokenBytes();
    void fitBigPhotoForClaude();
    void fitScreenshotStaysPng();
    void fitPhotoPngBecomesJpeg();
    void fitAlphaStaysPngWithAlpha();
    void fitStripsMetadataLosslessly();
    void fitRotatedJpegIsReencodedUpright();
    void fitAlreadyFitting();
    void fitConvertsUnacceptedFormat();
    void fitBudgetLowersQualityThenSize();
    void fitImpossibleBudgetFails();
    void fitTargetFor_data();
    void fitTargetFor();
    void fitTargetForRequestShare();
    void encodeImageHasNoMetadata();
    void pngEncodesFastThenThoroughWhenOverBudget();
    void variantsFromOneDecode_data();
    void variantsFromOneDecode();
    void stepsFor_data();
    void stepsFor();
    void fittedServes();
    void fitNeedsDecodeAgreesWithFitImage_data();
    void fitNeedsDecodeAgreesWithFitImage();
};

void TestImagePrep::planForSend_data()
{
    QTest::addColumn<QString>("model");
    QTest::addColumn<QByteArray>("format");
    QTest::addColumn<QSize>("size");
    QTest::addColumn<bool>("photo");
    QTest::addColumn<int>("imageCount");
    QTest::addColumn<int>("action");
    QTest::addColumn<QByteArray>("targetFormat");
    QTest::addColumn<QSize>("targetSize");

    const int asIs = int(SendPlan::Action::AsIs), convert = int(SendPlan::Action::Convert),
              downscale = int(SendPlan::Action::Downscale);
    // Claude (A1): JPEG, PNG, GIF, WebP; 8000 px; 2000 px above 20 images.
    for (const char *f : {"jpeg", "png", "gif", "webp"})
        QTest::addRow("claude %s as is", f) << Claude << QByteArray(f) << QSize(1200, 800) << true << 1 << asIs << QByteArray(f)
                                            << QSize(1200, 800);
    QTest::newRow("claude tiff photo") << Claude << QByteArray("tiff") << QSize(1200, 800) << true << 1 << convert
                                       << QByteArray("jpeg") << QSize(1200, 800);
    QTest::newRow("claude tiff screenshot") << Claude << QByteArray("tiff") << QSize(1200, 800) << false << 1 << convert
                                            << QByteArray("png") << QSize(1200, 800);
    QTest::newRow("claude bmp") << Claude << QByteArray("bmp") << QSize(64, 64) << false << 1 << convert << QByteArray("png")
                                << QSize(64, 64);
    QTest::newRow("claude heic photo") << Claude << QByteArray("heic") << QSize(4032, 3024) << true << 1 << convert
                                       << QByteArray("jpeg") << QSize(4032, 3024);
    QTest::newRow("claude 8000 edge ok") << Claude << QByteArray("jpeg") << QSize(8000, 3000) << true << 1 << asIs
                                         << QByteArray("jpeg") << QSize(8000, 3000);
    QTest::newRow("claude 9000x6000 jpeg") << Claude << QByteArray("jpeg") << QSize(9000, 6000) << true << 1 << downscale
                                           << QByteArray("jpeg") << fitLongEdge(QSize(9000, 6000), 8000);
    QTest::newRow("claude 6000x9000 png") << Claude << QByteArray("png") << QSize(6000, 9000) << false << 1 << downscale
                                          << QByteArray("png") << QSize(5333, 8000);
    QTest::newRow("claude big gif -> still image") << Claude << QByteArray("gif") << QSize(9000, 100) << false << 1 << downscale
                                                   << QByteArray("png") << QSize(8000, 89);
    QTest::newRow("claude big tiff photo") << Claude << QByteArray("tiff") << QSize(10000, 5000) << true << 1 << downscale
                                           << QByteArray("jpeg") << QSize(8000, 4000);
    QTest::newRow("claude 2500x1000 with 20") << Claude << QByteArray("jpeg") << QSize(2500, 1000) << true << 20 << asIs
                                              << QByteArray("jpeg") << QSize(2500, 1000);
    QTest::newRow("claude 2500x1000 with 21") << Claude << QByteArray("jpeg") << QSize(2500, 1000) << true << 21 << downscale
                                              << QByteArray("jpeg") << QSize(2000, 800);
    // Llama 4 on Databricks: JPEG and PNG only (Squint's choice), no side cap.
    QTest::newRow("llama webp photo") << Llama << QByteArray("webp") << QSize(800, 600) << true << 1 << convert
                                      << QByteArray("jpeg") << QSize(800, 600);
    QTest::newRow("llama gif") << Llama << QByteArray("gif") << QSize(800, 600) << false << 1 << convert << QByteArray("png")
                               << QSize(800, 600);
    QTest::newRow("llama huge jpeg as is") << Llama << QByteArray("jpeg") << QSize(12000, 9000) << true << 1 << asIs
                                           << QByteArray("jpeg") << QSize(12000, 9000);
    // Unknown model: 2000 px (Squint's conservative choice).
    QTest::newRow("generic 2400 png") << QStringLiteral("my-custom-vlm") << QByteArray("png") << QSize(2400, 1200) << false << 1
                                      << downscale << QByteArray("png") << QSize(2000, 1000);
}

void TestImagePrep::planForSend()
{
    QFETCH(QString, model);
    QFETCH(QByteArray, format);
    QFETCH(QSize, size);
    QFETCH(bool, photo);
    QFETCH(int, imageCount);
    QFETCH(int, action);
    QFETCH(QByteArray, targetFormat);
    QFETCH(QSize, targetSize);
    const SendPlan plan = squint::planForSend(synthetic(format, size, photo), limitsOf(model), imageCount);
    QCOMPARE(int(plan.action), action);
    QCOMPARE(plan.targetFormat, targetFormat);
    QCOMPARE(plan.targetSize, targetSize);
    // Whatever the plan, what it sends is something the model takes, within its side cap.
    const ModelLimits l = limitsOf(model);
    QVERIFY(l.accepts(QString::fromLatin1(plan.targetFormat)));
    if (l.maxPixelsFor(imageCount) > 0)
        QVERIFY(std::max(plan.targetSize.width(), plan.targetSize.height()) <= l.maxPixelsFor(imageCount));
}

void TestImagePrep::planKeyIsStable()
{
    const ModelLimits l = limitsOf(Claude);
    const SendPlan a = squint::planForSend(synthetic("tiff", QSize(100, 100)), l, 1);
    const SendPlan b = squint::planForSend(synthetic("tiff", QSize(100, 100)), l, 1);
    const SendPlan c = squint::planForSend(synthetic("tiff", QSize(100, 101)), l, 1);
    const SendPlan d = squint::planForSend(synthetic("tiff", QSize(100, 100), false), l, 1);
    QCOMPARE(a.key(), b.key());
    QVERIFY(a == b);
    QVERIFY(a.key() != c.key());
    QVERIFY(a.key() != d.key());
}

void TestImagePrep::prepareConvertsTiff_data()
{
    QTest::addColumn<bool>("photo");
    QTest::addColumn<QByteArray>("target");
    QTest::newRow("photo -> jpeg") << true << QByteArray("jpeg");
    QTest::newRow("screenshot -> png") << false << QByteArray("png");
}

void TestImagePrep::prepareConvertsTiff()
{
    QFETCH(bool, photo);
    QFETCH(QByteArray, target);
    const QImage src = photo ? t::photoImage(QSize(500, 300)) : t::screenshotImage(QSize(500, 300));
    const QByteArray tiff = t::tiffBytes(src);
    const ImageInfo info = infoOf(tiff);
    QCOMPARE(info.format, QByteArray("tiff"));
    const SendPlan plan = squint::planForSend(info, limitsOf(Claude), 1);
    QCOMPARE(int(plan.action), int(SendPlan::Action::Convert));
    QCOMPARE(plan.targetFormat, target);

    QString error;
    const PreparedImage out = prepareForSend(tiff, info, plan, &error);
    QVERIFY2(!out.isNull(), qPrintable(error));
    QCOMPARE(out.format, target);
    QCOMPARE(out.size, QSize(500, 300));
    QCOMPARE(out.key, plan.key());
    QCOMPARE(formatOf(out.bytes), target); // the bytes really are that format
    const QImage img = decoded(out.bytes);
    QCOMPARE(img.size(), QSize(500, 300));
    QVERIFY(!out.changes.isEmpty());
    if (!photo) // lossless: the very same pixels
        QCOMPARE(img.convertToFormat(QImage::Format_RGB32), src.convertToFormat(QImage::Format_RGB32));
}

void TestImagePrep::prepareDownscales()
{
    const QByteArray png = t::screenshotPng(QSize(3000, 1000));
    const ImageInfo info = infoOf(png);
    const SendPlan plan = squint::planForSend(info, limitsOf(QStringLiteral("my-custom-vlm")), 1); // 2000 px
    QCOMPARE(int(plan.action), int(SendPlan::Action::Downscale));
    QString error;
    const PreparedImage out = prepareForSend(png, info, plan, &error);
    QVERIFY2(!out.isNull(), qPrintable(error));
    QCOMPARE(out.size, QSize(2000, 667));
    QCOMPARE(decoded(out.bytes).size(), QSize(2000, 667));
    QCOMPARE(formatOf(out.bytes), QByteArray("png"));
    QVERIFY(std::any_of(out.changes.begin(), out.changes.end(), [](const QString &c) { return c.contains(QLatin1String("2000")); }));

    // A big JPEG on Claude: scaled decode, still JPEG.
    const QByteArray jpeg = t::photoJpeg(QSize(2600, 1300), 80);
    ModelLimits l = limitsOf(Claude);
    const SendPlan many = squint::planForSend(infoOf(jpeg), l, 25); // 2000 px above 20 images
    const PreparedImage j = prepareForSend(jpeg, infoOf(jpeg), many, &error);
    QVERIFY2(!j.isNull(), qPrintable(error));
    QCOMPARE(decoded(j.bytes).size(), QSize(2000, 1000));
    QCOMPARE(formatOf(j.bytes), QByteArray("jpeg"));
}

void TestImagePrep::prepareAsIsReturnsOriginal()
{
    const QByteArray jpeg = t::photoJpeg(QSize(200, 100));
    const ImageInfo info = infoOf(jpeg);
    const SendPlan plan = squint::planForSend(info, limitsOf(Claude), 1);
    QCOMPARE(int(plan.action), int(SendPlan::Action::AsIs));
    const PreparedImage out = prepareForSend(jpeg, info, plan);
    QCOMPARE(out.bytes, jpeg);
    QCOMPARE(out.size, QSize(200, 100));
}

void TestImagePrep::prepareFailsOnBrokenBytes()
{
    const ImageInfo info = synthetic("tiff", QSize(100, 100), false);
    const SendPlan plan = squint::planForSend(info, limitsOf(Claude), 1);
    QString error;
    const PreparedImage out = prepareForSend(t::textBytes(), info, plan, &error);
    QVERIFY(out.isNull());
    QVERIFY(!error.isEmpty());
}

void TestImagePrep::fitBigPhotoForClaude()
{
    // A 6000x4000 camera photo with EXIF and a GPS position.
    const QByteArray original = t::jpegWithExif(t::photoJpeg(QSize(6000, 4000), 85), 1, true);
    const MetadataScan before = scanMetadata(original, "jpeg");
    QVERIFY(before.hasExif && before.hasGps);
    const ImageInfo info = infoOf(original);
    QVERIFY(info.hasGps);

    const ModelLimits l = limitsOf(Claude);
    const FitTarget target = squint::fitTargetFor(l, 1, 300);
    QCOMPARE(target.longEdge, 1568); // A1's recommendation
    QString error;
    const PreparedImage out = fitImage(original, info, target, &error);
    QVERIFY2(!out.isNull(), qPrintable(error));
    QCOMPARE(out.format, QByteArray("jpeg"));
    QCOMPARE(out.size, fitLongEdge(QSize(6000, 4000), 1568));
    QCOMPARE(out.size, QSize(1568, 1045));
    const QImage img = decoded(out.bytes);
    QCOMPARE(img.size(), out.size);
    QCOMPARE(formatOf(out.bytes), QByteArray("jpeg"));
    // Nothing of the EXIF or the position is left.
    const MetadataScan after = scanMetadata(out.bytes, "jpeg");
    QVERIFY(!after.hasExif);
    QVERIFY(!after.hasGps);
    QVERIFY(!after.any());
    QVERIFY(!out.bytes.contains("Exif"));
    // Within the budget and the model's per-image limit (measured on base64).
    QVERIFY(out.bytes.size() <= target.maxBytes);
    QVERIFY(base64Length(out.bytes.size()) <= l.maxImageBytes);
    QVERIFY(out.quality >= 35 && out.quality <= 100);
    // The user is told what happened, including the GPS removal.
    const QString changes = out.changes.join(QLatin1Char('\n'));
    QVERIFY2(changes.contains(QLatin1String("GPS")), qPrintable(changes));
    QVERIFY2(changes.contains(QLatin1String("1568")), qPrintable(changes));
}

void TestImagePrep::fitScreenshotStaysPng()
{
    const QByteArray png = t::screenshotPng(QSize(2400, 1600));
    const ImageInfo info = infoOf(png);
    QVERIFY(!info.photoLike);
    QString error;
    const PreparedImage out = fitImage(png, info, squint::fitTargetFor(limitsOf(Claude), 1, 300), &error);
    QVERIFY2(!out.isNull(), qPrintable(error));
    QCOMPARE(out.format, QByteArray("png"));
    QCOMPARE(formatOf(out.bytes), QByteArray("png"));
    QCOMPARE(out.size, QSize(1568, 1045));
    QCOMPARE(decoded(out.bytes).size(), QSize(1568, 1045));
    QCOMPARE(out.quality, -1);
}

void TestImagePrep::fitPhotoPngBecomesJpeg()
{
    // A photo saved as PNG: JPEG suits it far better once it must be re-encoded anyway.
    const QByteArray png = t::photoPng(QSize(2400, 1600));
    const ImageInfo info = infoOf(png);
    QVERIFY(info.photoLike);
    QVERIFY(!info.hasAlpha);
    QString error;
    const FitTarget target = squint::fitTargetFor(limitsOf(Claude), 1, 300);
    const PreparedImage out = fitImage(png, info, target, &error);
    QVERIFY2(!out.isNull(), qPrintable(error));
    QCOMPARE(out.format, QByteArray("jpeg"));
    QCOMPARE(formatOf(out.bytes), QByteArray("jpeg"));
    QCOMPARE(out.size, QSize(1568, 1045));
    QVERIFY(out.bytes.size() < png.size());
    QVERIFY(out.bytes.size() <= target.maxBytes);
}

void TestImagePrep::fitAlphaStaysPngWithAlpha()
{
    const QByteArray png = t::alphaPng(QSize(2000, 1000));
    const ImageInfo info = infoOf(png);
    QVERIFY(info.hasAlpha);
    QString error;
    const PreparedImage out = fitImage(png, info, squint::fitTargetFor(limitsOf(Claude), 1, 300), &error);
    QVERIFY2(!out.isNull(), qPrintable(error));
    QCOMPARE(out.format, QByteArray("png"));
    const QImage img = decoded(out.bytes);
    QCOMPARE(img.size(), QSize(1568, 784));
    QVERIFY(img.hasAlphaChannel());
    QVERIFY(anyTransparentPixel(img));
    QCOMPARE(qAlpha(img.pixel(2, 2)), 0); // the transparent border is still transparent
}

void TestImagePrep::fitStripsMetadataLosslessly()
{
    const QByteArray plain = t::photoJpeg(QSize(800, 600), 90);
    const QByteArray tagged = t::jpegWithExif(plain, 1, true);
    const ImageInfo info = infoOf(tagged);
    QVERIFY(info.hasMetadata && info.hasGps && !info.rotated);
    QString error;
    const PreparedImage out = fitImage(tagged, info, squint::fitTargetFor(limitsOf(Claude), 1, 300), &error);
    QVERIFY2(!out.isNull(), qPrintable(error));
    QCOMPARE(out.format, QByteArray("jpeg"));
    QCOMPARE(out.size, QSize(800, 600));
    QCOMPARE(out.quality, -1); // not re-encoded
    QVERIFY(!scanMetadata(out.bytes, "jpeg").any());
    QVERIFY(out.bytes.size() < tagged.size());
    // Pixels identical to the original's (lossless), and in fact the very bytes without the metadata.
    QCOMPARE(decoded(out.bytes), decoded(tagged));
    QCOMPARE(out.bytes, plain);
    QVERIFY(!out.changes.isEmpty());
}

void TestImagePrep::fitRotatedJpegIsReencodedUpright()
{
    // Orientation lives in the EXIF: stripping it losslessly would turn the picture; re-encode upright.
    const QByteArray rotated = t::jpegWithExif(t::photoJpeg(QSize(600, 400), 90), 6, false);
    const ImageInfo info = infoOf(rotated);
    QVERIFY(info.rotated);
    QCOMPARE(info.size, QSize(400, 600));
    QString error;
    const PreparedImage out = fitImage(rotated, info, squint::fitTargetFor(limitsOf(Claude), 1, 300), &error);
    QVERIFY2(!out.isNull(), qPrintable(error));
    QCOMPARE(out.size, QSize(400, 600));
    QCOMPARE(decoded(out.bytes).size(), QSize(400, 600));
    QCOMPARE(scanMetadata(out.bytes, "jpeg").exifOrientation, 1);
    QVERIFY(!scanMetadata(out.bytes, "jpeg").hasExif);
}

void TestImagePrep::fitAlreadyFitting()
{
    const QByteArray png = t::screenshotPng(QSize(640, 480));
    const ImageInfo info = infoOf(png);
    QVERIFY(!info.hasMetadata);
    const PreparedImage out = fitImage(png, info, squint::fitTargetFor(limitsOf(Claude), 1, 300));
    QCOMPARE(out.bytes, png);
    QCOMPARE(out.size, QSize(640, 480));
    QCOMPARE(out.changes.size(), 1);
}

void TestImagePrep::fitConvertsUnacceptedFormat()
{
    // WebP for Llama 4 (JPEG/PNG only): converted, scaled to its 1344-px recommendation (L2: 4x336).
    const QByteArray webp = t::webpBytes(QSize(2000, 1500));
    const ImageInfo info = infoOf(webp);
    const FitTarget target = squint::fitTargetFor(limitsOf(Llama), 1, 300);
    QCOMPARE(target.longEdge, 4 * 336);
    QString error;
    const PreparedImage out = fitImage(webp, info, target, &error);
    QVERIFY2(!out.isNull(), qPrintable(error));
    QVERIFY(limitsOf(Llama).accepts(QString::fromLatin1(out.format)));
    QCOMPARE(formatOf(out.bytes), out.format);
    QCOMPARE(out.size, QSize(1344, 1008));
}

void TestImagePrep::fitBudgetLowersQualityThenSize()
{
    const QByteArray original = t::photoJpeg(QSize(2000, 1500), 95);
    const ImageInfo info = infoOf(original);
    FitTarget target;
    target.longEdge = 1568;
    target.formats = {QStringLiteral("jpeg"), QStringLiteral("png")};
    const QSize fitted = fitLongEdge(info.size, 1568);

    // Measure, independently, what the fitted image costs at a middling quality.
    const QImage scaled = decodeImage(original).scaled(fitted, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
    const qint64 at60 = t::encode(scaled, "jpeg", 60).size();
    const qint64 at85 = t::encode(scaled, "jpeg", 85).size();
    QVERIFY(at60 < at85);

    // Budget between q60 and q85: same size, lower quality.
    target.maxBytes = at60 + (at85 - at60) / 10;
    QString error;
    const PreparedImage mid = fitImage(original, info, target, &error);
    QVERIFY2(!mid.isNull(), qPrintable(error));
    QVERIFY(mid.bytes.size() <= target.maxBytes);
    QCOMPARE(mid.size, fitted);
    QVERIFY2(mid.quality < 85 && mid.quality >= 55, qPrintable(QString::number(mid.quality)));

    // A budget even the lowest quality can't meet at this size: the image shrinks.
    const qint64 at35 = t::encode(scaled, "jpeg", 35).size();
    target.maxBytes = at35 / 3;
    const PreparedImage small = fitImage(original, info, target, &error);
    QVERIFY2(!small.isNull(), qPrintable(error));
    QVERIFY(small.bytes.size() <= target.maxBytes);
    QVERIFY(small.size.width() < fitted.width());
    // Aspect kept within rounding of the successive 3/4 steps.
    QVERIFY(std::abs(double(small.size.width()) / small.size.height() - 4.0 / 3.0) < 0.02);
    QCOMPARE(decoded(small.bytes).size(), small.size);
}

void TestImagePrep::fitImpossibleBudgetFails()
{
    const QByteArray original = t::photoJpeg(QSize(400, 300));
    FitTarget target;
    target.longEdge = 400;
    target.maxBytes = 50; // smaller than any JPEG header
    target.formats = {QStringLiteral("jpeg")};
    QString error;
    const PreparedImage out = fitImage(original, infoOf(original), target, &error);
    QVERIFY(out.isNull());
    QVERIFY(!error.isEmpty());
}

void TestImagePrep::fitTargetFor_data()
{
    QTest::addColumn<QString>("model");
    QTest::addColumn<int>("imageCount");
    QTest::addColumn<int>("longEdge");
    QTest::addColumn<qint64>("perImageCap"); // from the per-image limit alone (0: none)

    // Claude: 1568 (A1); 5,242,880 base64 bytes per image -> 3,932,160 raw.
    QTest::newRow("claude 1") << Claude << 1 << 1568 << qint64(5'242'880 / 4 * 3);
    QTest::newRow("claude 21 (2000 px rule, 1568 still lower)") << Claude << 21 << 1568 << qint64(5'242'880 / 4 * 3);
    QTest::newRow("llama 1") << Llama << 1 << 1344 << qint64(0);
    QTest::newRow("llama 5") << Llama << 5 << 1344 << qint64(0);
    QTest::newRow("gemma 1") << QStringLiteral("databricks-gemma-3-12b") << 1 << 896 << qint64(0);
    QTest::newRow("gemini 2.5, 3 images") << QStringLiteral("databricks-gemini-2-5-pro") << 3 << 1536 << qint64(7'000'000 / 4 * 3);
    QTest::newRow("generic") << QStringLiteral("my-custom-vlm") << 2 << 1568 << qint64(5'242'880 / 4 * 3);
}

void TestImagePrep::fitTargetFor()
{
    QFETCH(QString, model);
    QFETCH(int, imageCount);
    QFETCH(int, longEdge);
    QFETCH(qint64, perImageCap);
    const ModelLimits l = limitsOf(model);
    const qint64 overhead = 500;
    const FitTarget t = squint::fitTargetFor(l, imageCount, overhead);
    QCOMPARE(t.longEdge, longEdge);
    QCOMPARE(t.formats, l.formats);
    QVERIFY(t.maxBytes > 0);
    if (perImageCap > 0) {
        QVERIFY(t.maxBytes <= perImageCap);
        QVERIFY(base64Length(t.maxBytes) <= l.maxImageBytes);
    }
    // n images of that budget, with their framing and the fixed overhead, fit the request.
    const qint64 worst = overhead + imageCount * (base64Length(t.maxBytes) + framingFor(QStringLiteral("image/jpeg")));
    QVERIFY2(worst <= l.maxRequestBytes, qPrintable(QStringLiteral("%1 > %2").arg(worst).arg(l.maxRequestBytes)));
    // And the budget is not wastefully small: the binding limit is nearly used up.
    const qint64 requestShare = (l.maxRequestBytes - overhead) / imageCount * 3 / 4;
    const qint64 binding = perImageCap > 0 ? std::min(perImageCap, requestShare) : requestShare;
    QVERIFY2(t.maxBytes >= binding - 200, qPrintable(QStringLiteral("%1 vs %2").arg(t.maxBytes).arg(binding)));
}

void TestImagePrep::fitTargetForRequestShare()
{
    // Ten images on Claude: the 10,000,000-byte request, not the per-image limit, binds.
    const ModelLimits l = limitsOf(Claude);
    const FitTarget t10 = squint::fitTargetFor(l, 10, 1000);
    QVERIFY(t10.maxBytes < 5'242'880 / 4 * 3);
    QVERIFY(1000 + 10 * (base64Length(t10.maxBytes) + framingFor(QStringLiteral("image/png"))) <= l.maxRequestBytes);
    QVERIFY(t10.maxBytes > (10'000'000 - 1000) / 10 * 3 / 4 - 200);
    // More images, smaller shares.
    QVERIFY(squint::fitTargetFor(l, 20, 1000).maxBytes < t10.maxBytes);
    // Above 20 images the 2000-px rule caps the edge; a custom limit below 1568 does too.
    ModelLimits custom = l;
    custom.maxPixelsPerSide = 1000;
    QCOMPARE(squint::fitTargetFor(custom, 1, 0).longEdge, 1000);
    custom.recommendedLongEdge = 0;
    QCOMPARE(squint::fitTargetFor(custom, 1, 0).longEdge, 1000);
    // No request or image limit: no budget.
    ModelLimits free;
    free.formats = {QStringLiteral("png")};
    QCOMPARE(squint::fitTargetFor(free, 3, 0).maxBytes, qint64(0));
}

void TestImagePrep::encodeImageHasNoMetadata()
{
    QImage img = t::photoImage(QSize(64, 64));
    img.setText(QStringLiteral("Author"), QStringLiteral("Somebody"));
    img.setText(QStringLiteral("Location"), QStringLiteral("52.5N 13.4E"));
    const QByteArray png = encodeImage(img, "png");
    QVERIFY(!png.isEmpty());
    QVERIFY(!scanMetadata(png, "png").any());
    QVERIFY(!png.contains("Somebody"));
    const QByteArray jpeg = encodeImage(img, "jpeg", 80);
    QVERIFY(!scanMetadata(jpeg, "jpeg").any());
    QVERIFY(!jpeg.contains("Somebody"));
    // JPEG of a transparent image is flattened, not broken.
    const QByteArray flat = encodeImage(t::alphaImage(QSize(50, 50)), "jpeg", 80);
    QCOMPARE(decoded(flat).size(), QSize(50, 50));
}

// PNG is encoded fast (zlib level 1) first; Fit compresses the same pixels harder before it shrinks
// them or turns to JPEG. Either encoding decodes to the very same pixels.
void TestImagePrep::pngEncodesFastThenThoroughWhenOverBudget()
{
    QImage img = t::photoImage(QSize(480, 360)).convertToFormat(QImage::Format_ARGB32);
    for (int y = 0; y < img.height(); ++y) {
        auto *line = reinterpret_cast<QRgb *>(img.scanLine(y));
        for (int x = 0; x < img.width() / 2; ++x)
            line[x] = qRgba(qRed(line[x]), qGreen(line[x]), qBlue(line[x]), 160);
    }
    const QByteArray fast = encodeImage(img, "png");
    const QByteArray thorough = encodeImage(img, "png", 85, PngEffort::Thorough);
    QVERIFY(!fast.isEmpty() && !thorough.isEmpty());
    QVERIFY2(thorough.size() < fast.size(),
             qPrintable(QStringLiteral("%1 vs %2").arg(thorough.size()).arg(fast.size())));
    const QImage pixels = img.convertToFormat(QImage::Format_ARGB32);
    QCOMPARE(decoded(fast).convertToFormat(QImage::Format_ARGB32), pixels);
    QCOMPARE(decoded(thorough).convertToFormat(QImage::Format_ARGB32), pixels);

    ImageInfo info;
    info.format = "png";
    info.size = img.size();
    info.hasAlpha = true;
    info.photoLike = false;
    FitTarget target;
    target.formats = {QStringLiteral("png"), QStringLiteral("jpeg")};
    target.maxBytes = fast.size();
    const PreparedImage roomy = fitDecoded(img, info, target);
    QCOMPARE(roomy.format, QByteArray("png"));
    QCOMPARE(roomy.byteCount, qint64(fast.size()));
    QVERIFY(roomy.firstTry);

    target.maxBytes = (fast.size() + thorough.size()) / 2;
    const PreparedImage tight = fitDecoded(img, info, target);
    QCOMPARE(tight.format, QByteArray("png"));
    QCOMPARE(tight.size, img.size()); // not one pixel given up
    QCOMPARE(tight.byteCount, qint64(thorough.size()));
    QCOMPARE(decoded(tight.data()).convertToFormat(QImage::Format_ARGB32), pixels);
}

// The conversion and the fitted variant made from the one decode Intake shares are what
// prepareForSend() and fitImage() make from the bytes: the same bytes when both sizes take the
// same libjpeg scale, the same picture otherwise (a larger M/8, a whole PNG shared, a rotation).
void TestImagePrep::variantsFromOneDecode_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<int>("maxSide");
    QTest::addColumn<int>("recommended");
    QTest::addColumn<bool>("identical");
    // 2016 -> 1000 (the side cap) and 784 (Fit) both decode at 4/8.
    QTest::newRow("jpeg, one scale")
        << t::photoJpeg(QSize(2016, 1512), 90, 21) << 1000 << 784 << true;
    // 2560 -> 1000 takes 4/8, 612 takes 2/8: Fit comes from the 4/8 decode.
    QTest::newRow("progressive jpeg, two scales")
        << progressiveJpeg(t::photoImage(QSize(2560, 1440), 22)) << 1000 << 612 << false;
    QTest::newRow("jpeg rotated") << t::jpegWithExif(t::photoJpeg(QSize(2016, 1512), 90, 23),
                                                     6,
                                                     false)
                                  << 1000 << 784 << false;
    QTest::newRow("png, whole decode shared")
        << t::photoPng(QSize(1600, 1000), 24) << 1000 << 700 << false;
    QImage alpha = t::photoImage(QSize(1600, 1000), 25).convertToFormat(QImage::Format_ARGB32);
    for (int y = 0; y < alpha.height(); ++y)
        for (int x = 0; x < 200; ++x)
            alpha.setPixel(x,
                           y,
                           qRgba(qRed(alpha.pixel(x, y)),
                                 qGreen(alpha.pixel(x, y)),
                                 qBlue(alpha.pixel(x, y)),
                                 x));
    QTest::newRow("png alpha") << t::encode(alpha, "png") << 1000 << 700 << false;
}

void TestImagePrep::variantsFromOneDecode()
{
    QFETCH(QByteArray, bytes);
    QFETCH(int, maxSide);
    QFETCH(int, recommended);
    QFETCH(bool, identical);
    const ModelLimits limits = customLimits(maxSide, recommended);
    const ImageInfo info = infoOf(bytes);
    IngestPlan plan;
    plan.active = true;
    plan.limits = limits;
    plan.imageCount = 8;
    plan.fit = squint::fitTargetFor(limits, 8, 4096);
    const VariantSteps steps = squint::stepsFor(info, plan);
    QVERIFY(steps.convert);
    QCOMPARE(int(steps.convert->action), int(SendPlan::Action::Downscale));
    QVERIFY2(steps.fit,
             qPrintable(
                 QStringLiteral("%1 bytes, share %2").arg(info.fileBytes).arg(plan.fit->maxBytes)));

    QString error;
    const DecodedImage once = decodeOnce(bytes, steps.longEdges(), &error);
    QVERIFY2(!once.isNull(), qPrintable(error));
    const PreparedImage converted = prepareDecoded(scaledFromDecoded(once,
                                                                     decodeEdgeFor(*steps.convert)),
                                                   info,
                                                   *steps.convert,
                                                   &error);
    const PreparedImage fitted = fitDecoded(scaledFromDecoded(once, steps.fit->longEdge),
                                            info,
                                            *steps.fit,
                                            &error);
    const PreparedImage convertedAlone = prepareForSend(bytes, info, *steps.convert, &error);
    const PreparedImage fittedAlone = fitImage(bytes, info, *steps.fit, &error);
    QVERIFY2(!converted.isNull() && !fitted.isNull() && !convertedAlone.isNull()
                 && !fittedAlone.isNull(),
             qPrintable(error));
    QCOMPARE(converted.changes, convertedAlone.changes);
    QCOMPARE(converted.size, convertedAlone.size);
    QVERIFY(fitted.byteCount <= steps.fit->maxBytes);
    if (identical) {
        QVERIFY(converted.bytes == convertedAlone.bytes);
        QVERIFY(fitted.bytes == fittedAlone.bytes);
        QCOMPARE(fitted.quality, fittedAlone.quality);
        QCOMPARE(fitted.changes, fittedAlone.changes);
    } else {
        QString diff = visualDifference(converted, convertedAlone);
        QVERIFY2(diff.isEmpty(), qPrintable(QStringLiteral("conversion: ") + diff));
        diff = visualDifference(fitted, fittedAlone);
        QVERIFY2(diff.isEmpty(), qPrintable(QStringLiteral("fit: ") + diff));
    }
}

void TestImagePrep::stepsFor_data()
{
    QTest::addColumn<ImageInfo>("info");
    QTest::addColumn<QString>("model");
    QTest::addColumn<int>("count");
    QTest::addColumn<bool>("active");
    QTest::addColumn<bool>("convert");
    QTest::addColumn<bool>("fit");
    ImageInfo camera = synthetic("jpeg", QSize(4032, 3024));
    camera.fileBytes = 4'000'000;
    ImageInfo small = synthetic("jpeg", QSize(1200, 900));
    small.fileBytes = 150'000;
    ImageInfo tiff = synthetic("tiff", QSize(800, 600), false);
    tiff.fileBytes = 1'400'000;
    // Claude on Databricks: a 10 MB request, 2000 px a side above 20 images, 1568 px recommended.
    QTest::newRow("one camera photo: over the per-image share, fit ahead")
        << camera << Claude << 1 << true << false << true;
    QTest::newRow("twenty: fit ahead, no side rule")
        << camera << Claude << 20 << true << false << true;
    QTest::newRow("twenty-five: conversion to 2000 px and fit")
        << camera << Claude << 25 << true << true << true;
    QTest::newRow("a small photo within its share")
        << small << Claude << 5 << true << false << false;
    QTest::newRow("a small photo among 25: within the side rule")
        << small << Claude << 25 << true << false << false;
    QTest::newRow("TIFF: converted, and over its share")
        << tiff << Claude << 10 << true << true << true;
    QTest::newRow("no model known") << camera << Claude << 25 << false << false << false;
    QTest::newRow("more images than Llama takes: nothing")
        << camera << Llama << 6 << true << false << false;
    QTest::newRow("more images than Claude takes: nothing")
        << camera << Claude << 101 << true << false << false;
    // GPT-4o takes 500 images: fitted variants are made ahead for trays of up to a hundred.
    QTest::newRow("a hundred images: fit ahead")
        << camera << QStringLiteral("gpt-4o") << 100 << true << false << true;
    QTest::newRow("past a hundred: not ahead")
        << camera << QStringLiteral("gpt-4o") << 101 << true << false << false;
}

void TestImagePrep::stepsFor()
{
    QFETCH(ImageInfo, info);
    QFETCH(QString, model);
    QFETCH(int, count);
    QFETCH(bool, active);
    QFETCH(bool, convert);
    QFETCH(bool, fit);
    const ModelProfile profile = catalog().profileFor(model);
    IngestPlan plan;
    plan.active = active;
    plan.limits = profile.limits;
    plan.imageCount = count;
    plan.fit = squint::fitTargetFor(profile.limits, count, 4096);
    const VariantSteps steps = squint::stepsFor(info, plan);
    QCOMPARE(bool(steps.convert), convert);
    QCOMPARE(bool(steps.fit), fit);
    QCOMPARE(steps.isEmpty(), !convert && !fit);
    if (convert) {
        QCOMPARE(*steps.convert,
                 squint::planForSend(info, profile.limits, count)); // what the evaluation will ask
        QVERIFY(steps.longEdges().contains(decodeEdgeFor(*steps.convert)));
    }
    if (fit) {
        QCOMPARE(*steps.fit, *plan.fit);
        QVERIFY(steps.longEdges().contains(plan.fit->longEdge));
    }
}

void TestImagePrep::fittedServes()
{
    FitTarget t1;
    t1.longEdge = 1568;
    t1.maxBytes = 300'000;
    t1.formats = {QStringLiteral("jpeg"), QStringLiteral("png")};
    PreparedImage first;
    first.byteCount = 250'000;
    first.firstTry = true;
    PreparedImage searched = first;
    searched.firstTry = false;
    searched.byteCount = 295'000;
    QVERIFY(squint::fittedServes(first, t1, t1));
    QVERIFY(squint::fittedServes(searched, t1, t1));
    FitTarget tighter = t1;
    tighter.maxBytes = 260'000; // the first encoding still fits: fitImage stops at it again
    QVERIFY(squint::fittedServes(first, t1, tighter));
    tighter.maxBytes = 240'000; // it no longer does
    QVERIFY(!squint::fittedServes(first, t1, tighter));
    FitTarget roomier = t1;
    roomier.maxBytes = 600'000;
    QVERIFY(squint::fittedServes(first, t1, roomier));     // same first encoding
    QVERIFY(!squint::fittedServes(searched, t1, roomier)); // a higher quality would be chosen now
    FitTarget prompt = t1;
    prompt.maxBytes = 299'000; // the prompt grew a little
    QVERIFY(squint::fittedServes(searched, t1, prompt));
    prompt.maxBytes = 294'000; // under what it made
    QVERIFY(!squint::fittedServes(searched, t1, prompt));
    FitTarget otherEdge = t1;
    otherEdge.longEdge = 1000;
    QVERIFY(!squint::fittedServes(first, t1, otherEdge));
    FitTarget otherFormats = t1;
    otherFormats.formats = {QStringLiteral("jpeg")};
    QVERIFY(!squint::fittedServes(first, t1, otherFormats));
    QVERIFY(!squint::fittedServes(PreparedImage{}, t1, t1)); // a failure is answered by target only
    QCOMPARE(fitKey(t1), fitKey(t1));
    QVERIFY(fitKey(t1) != fitKey(prompt));
}

// fitNeedsDecode() says "decode" exactly when fitImage() cannot answer from the bytes as they are
// (or without their metadata, when that alone brings them under the budget: counted as a decode).
void TestImagePrep::fitNeedsDecodeAgreesWithFitImage_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<int>("longEdge");
    QTest::addColumn<qint64>("maxBytes");
    QTest::addColumn<bool>("needs");
    const QByteArray photo = t::photoJpeg(QSize(800, 600), 85);
    QTest::newRow("fits as it is") << photo << 1568 << qint64(10'000'000) << false;
    QTest::newRow("too wide") << photo << 400 << qint64(10'000'000) << true;
    QTest::newRow("over budget") << photo << 1568 << qint64(photo.size() / 2) << true;
    QTest::newRow("gif") << t::gifBytes(QSize(200, 100)) << 1568 << qint64(10'000'000) << true;
    QTest::newRow("exif, within budget")
        << t::jpegWithExif(photo, 1, true) << 1568 << qint64(10'000'000) << false;
}

void TestImagePrep::fitNeedsDecodeAgreesWithFitImage()
{
    QFETCH(QByteArray, bytes);
    QFETCH(int, longEdge);
    QFETCH(qint64, maxBytes);
    QFETCH(bool, needs);
    const ImageInfo info = infoOf(bytes);
    FitTarget target;
    target.longEdge = longEdge;
    target.maxBytes = maxBytes;
    target.formats = {QStringLiteral("jpeg"), QStringLiteral("png")};
    QCOMPARE(fitNeedsDecode(info, target), needs);
    QCOMPARE(!fitWithoutDecode(bytes, info, target).has_value(), needs);
}

QTEST_GUILESS_MAIN(TestImagePrep)
#include "tst_imageprep.moc"
