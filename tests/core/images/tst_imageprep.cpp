// Preparing images for a model: send plans, conversions, "Fit to model" (scaling, re-encoding,
// metadata stripping, byte budgets) and the per-request fit targets.

#include "core/util/base64.h"
#include "core/catalog/catalog.h"
#include "core/images/imageinfo.h"
#include "core/images/imageprep.h"
#include "core/images/metadata.h"
#include "core/chat/requestbody.h"
#include "core/catalog/tokens.h"

#include "testimages.h"

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

QTEST_GUILESS_MAIN(TestImagePrep)
#include "tst_imageprep.moc"
