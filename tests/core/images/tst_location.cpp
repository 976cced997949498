// Location and camera data: images written with real GPS EXIF (JPEG APP1, PNG eXIf, WebP EXIF) and
// XMP go out without them. The pure plan and preparation, the evaluation's verdict and tray mark,
// and a real Composer whose sendable images are decoded to prove that no position is left and that
// a rotated photo arrives upright.

#include "core/catalog/catalog.h"
#include "core/chat/chatsession.h"
#include "core/compose/composer.h"
#include "core/compose/evaluation.h"
#include "core/compose/traymodel.h"
#include "core/images/imageinfo.h"
#include "core/images/imageprep.h"
#include "core/images/intake.h"
#include "core/images/metadata.h"
#include "core/util/settings.h"

#include "testimages.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QNetworkAccessManager>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace squint;
namespace t = squint::test;

namespace {

const QString Claude = QStringLiteral("databricks-claude-sonnet-4-5");

ModelProfile claude()
{
    return Catalog::builtIn().profileFor(Claude);
}

// Four flat quadrants: red top left, green top right, blue bottom left, white bottom right, so that
// which way an image was turned can be read from its corners.
QImage quadrants(QSize size)
{
    QImage img(size, QImage::Format_RGB32);
    const int w = size.width() / 2, h = size.height() / 2;
    for (int y = 0; y < size.height(); ++y) {
        for (int x = 0; x < size.width(); ++x) {
            QRgb c = x < w ? (y < h ? qRgb(255, 0, 0) : qRgb(0, 0, 255))
                           : (y < h ? qRgb(0, 255, 0) : qRgb(255, 255, 255));
            img.setPixel(x, y, c);
        }
    }
    return img;
}

bool near(QRgb a, QRgb b)
{
    return std::abs(qRed(a) - qRed(b)) < 40 && std::abs(qGreen(a) - qGreen(b)) < 40
           && std::abs(qBlue(a) - qBlue(b)) < 40;
}

// What the bytes say about location: no GPS pointer, no EXIF, no XMP, and none of the fingerprints.
QString locationLeft(const QByteArray &bytes, const QByteArray &format)
{
    const MetadataScan scan = scanMetadata(bytes, format);
    if (scan.hasGps)
        return QStringLiteral("GPS IFD pointer");
    if (scan.hasExif)
        return QStringLiteral("EXIF block");
    if (scan.hasXmp)
        return QStringLiteral("XMP packet");
    for (const QByteArray &f : t::gpsFingerprints())
        if (bytes.contains(f))
            return QStringLiteral("bytes ") + QString::fromLatin1(f.toHex());
    return {};
}

} // namespace

class TestLocation : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void helpersWriteRealGps_data();
    void helpersWriteRealGps();
    void planCleansUnlessKept();
    void preparedBytesCarryNoLocation_data();
    void preparedBytesCarryNoLocation();
    void rotatedJpegIsTurnedUpright();
    void evaluationMarksRemoval();
    void composerSendsStrippedBytes();
    void keepSettingSendsOriginal();

private:
    bool waitIdle(Composer *composer);
};

void TestLocation::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QDir(intakeCacheDir()).removeRecursively();
}

void TestLocation::cleanupTestCase()
{
    QVERIFY(QStandardPaths::isTestModeEnabled());
    QDir(QStandardPaths::writableLocation(QStandardPaths::CacheLocation)).removeRecursively();
}

bool TestLocation::waitIdle(Composer *composer)
{
    QDeadlineTimer deadline(60'000);
    int quiet = 0;
    while (!deadline.hasExpired()) {
        QTest::qWait(10);
        if (composer->isBusy())
            quiet = 0;
        else if (++quiet >= 3)
            return true;
    }
    return false;
}

void TestLocation::helpersWriteRealGps_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QByteArray>("format");
    const QSize s(96, 64);
    QTest::newRow("jpeg") << t::jpegWithGps(t::photoJpeg(s)) << QByteArray("jpeg");
    QTest::newRow("png") << t::pngWithGps(t::photoPng(s)) << QByteArray("png");
    QTest::newRow("webp") << t::webpWithGps(t::webpBytes(s), s) << QByteArray("webp");
}

// The fixtures are what they claim: decodable images whose EXIF a reader finds, with a GPS IFD,
// the camera, and the XMP; otherwise the other tests would prove nothing.
void TestLocation::helpersWriteRealGps()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QByteArray, format);
    QVERIFY(!bytes.isEmpty());
    const ProbeResult probe = probeImage(bytes);
    QVERIFY2(probe.ok, qPrintable(probe.error));
    QCOMPARE(probe.info.format, format);
    QCOMPARE(probe.info.size, QSize(96, 64));
    QVERIFY(probe.info.hasGps);
    QVERIFY(probe.info.hasMetadata);
    const MetadataScan scan = scanMetadata(bytes, format);
    QVERIFY(scan.hasExif);
    QVERIFY(scan.hasXmp);
    QCOMPARE(readExifSummary(bytes).camera, QStringLiteral("SquintCam Z1"));
    QVERIFY(!locationLeft(bytes, format).isEmpty());
}

void TestLocation::planCleansUnlessKept()
{
    const QByteArray jpeg = t::jpegWithGps(t::photoJpeg(QSize(96, 64)));
    const ProbeResult probe = probeImage(jpeg);
    QVERIFY(probe.ok);
    const ModelLimits &L = claude().limits;
    SendPlan plan = planForSend(probe.info, L, 1);
    QCOMPARE(int(plan.action), int(SendPlan::Action::Clean));
    QCOMPARE(plan.targetFormat, QByteArray("jpeg"));
    QCOMPARE(plan.targetSize, QSize(96, 64));
    QVERIFY(planRemovesMetadata(probe.info, plan));
    plan = planForSend(probe.info, L, 1, true);
    QCOMPARE(int(plan.action), int(SendPlan::Action::AsIs));
    QVERIFY(!planRemovesMetadata(probe.info, plan));
    // Without metadata there is nothing to clean.
    const ProbeResult plain = probeImage(t::photoJpeg(QSize(96, 64)));
    QCOMPARE(int(planForSend(plain.info, L, 1).action), int(SendPlan::Action::AsIs));
    // A re-encode (Downscale) drops it anyway, and says so.
    ModelLimits small = L;
    small.maxPixelsPerSide = 48;
    plan = planForSend(probe.info, small, 1, true);
    QCOMPARE(int(plan.action), int(SendPlan::Action::Downscale));
    QVERIFY(planRemovesMetadata(probe.info, plan));
}

void TestLocation::preparedBytesCarryNoLocation_data()
{
    helpersWriteRealGps_data();
}

void TestLocation::preparedBytesCarryNoLocation()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QByteArray, format);
    const ProbeResult probe = probeImage(bytes);
    QVERIFY(probe.ok);
    const SendPlan plan = planForSend(probe.info, claude().limits, 1);
    QCOMPARE(int(plan.action), int(SendPlan::Action::Clean));
    QString error;
    const PreparedImage sent = prepareForSend(bytes, probe.info, plan, &error);
    QVERIFY2(!sent.isNull(), qPrintable(error));
    const QByteArray out = sent.data();
    QCOMPARE(sent.format, format);
    QVERIFY2(locationLeft(out, format).isEmpty(), qPrintable(locationLeft(out, format)));
    QVERIFY(readExifSummary(out).isEmpty());
    // Lossless: the very same pixels, and the same size.
    const QImage before = decodeImage(bytes), after = decodeImage(out);
    QVERIFY(!after.isNull());
    QCOMPARE(after.size(), before.size());
    QCOMPARE(after.convertToFormat(QImage::Format_RGB32),
             before.convertToFormat(QImage::Format_RGB32));
    QVERIFY(sent.changes.join(u' ').contains(QStringLiteral("GPS")));
    QVERIFY(out.size() < bytes.size());
}

// Orientation 6 (turn 90 degrees clockwise to view): the EXIF goes, so the pixels must be turned.
void TestLocation::rotatedJpegIsTurnedUpright()
{
    const QImage stored = quadrants(QSize(120, 80));
    const QByteArray bytes = t::jpegWithGps(t::encode(stored, "jpeg", 95), 6);
    const ProbeResult probe = probeImage(bytes);
    QVERIFY(probe.ok);
    QVERIFY(probe.info.rotated);
    QCOMPARE(probe.info.size, QSize(80, 120));
    const SendPlan plan = planForSend(probe.info, claude().limits, 1);
    QCOMPARE(int(plan.action), int(SendPlan::Action::Clean));
    QString error;
    const PreparedImage sent = prepareForSend(bytes, probe.info, plan, &error);
    QVERIFY2(!sent.isNull(), qPrintable(error));
    const QByteArray out = sent.data();
    QVERIFY2(locationLeft(out, "jpeg").isEmpty(), qPrintable(locationLeft(out, "jpeg")));
    QCOMPARE(scanMetadata(out, "jpeg").exifOrientation, 1);
    QCOMPARE(sent.size, QSize(80, 120));
    // Read without any EXIF handling: what a server that ignores orientation sees.
    QImage seen = QImage::fromData(out, "JPEG");
    QCOMPARE(seen.size(), QSize(80, 120));
    // Turned clockwise: the stored top-left (red) is now top right, bottom-left (blue) top left.
    QVERIFY(near(seen.pixel(70, 10), qRgb(255, 0, 0)));
    QVERIFY(near(seen.pixel(10, 10), qRgb(0, 0, 255)));
    QVERIFY(near(seen.pixel(70, 110), qRgb(0, 255, 0)));
    QVERIFY(near(seen.pixel(10, 110), qRgb(255, 255, 255)));
}

void TestLocation::evaluationMarksRemoval()
{
    const ProbeResult probe = probeImage(t::pngWithGps(t::photoPng(QSize(96, 64))));
    QVERIFY(probe.ok);
    ItemFacts f;
    f.stage = ItemFacts::Stage::Ready;
    f.name = QStringLiteral("gps.png");
    f.info = probe.info;
    Evaluation ev = evaluate(claude(), {f}, QStringLiteral("Where?"));
    QCOMPARE(int(ev.items.at(0).state), int(ItemVerdict::State::Ok));
    QVERIFY(ev.items.at(0).metadataRemoved);
    QVERIFY(ev.items.at(0).needsPrepare);
    QVERIFY(!ev.canSend); // not before the clean copy exists
    f.preparedKey = ev.items.at(0).plan.key();
    f.preparedBytes = probe.info.fileBytes - 500;
    f.preparedSize = probe.info.size;
    ev = evaluate(claude(), {f}, QStringLiteral("Where?"));
    QVERIFY(ev.canSend);
    QCOMPARE(ev.items.at(0).sendBytes, probe.info.fileBytes - 500);

    RequestContext keep;
    keep.keepMetadata = true;
    ev = evaluate(claude(), {f}, QStringLiteral("Where?"), keep);
    QVERIFY(!ev.items.at(0).metadataRemoved);
    QVERIFY(!ev.items.at(0).needsPrepare);
    QCOMPARE(ev.items.at(0).sendBytes, probe.info.fileBytes);
}

// The whole way: files on disk into a Composer, and the images a turn would send read back.
void TestLocation::composerSendsStrippedBytes()
{
    QTemporaryDir dir;
    const QSize s(96, 64);
    const QString jpeg
        = t::writeFile(dir.path(),
                       QStringLiteral("a.jpg"),
                       t::jpegWithGps(t::encode(quadrants(QSize(120, 80)), "jpeg", 95), 6));
    const QString png = t::writeFile(dir.path(),
                                     QStringLiteral("b.png"),
                                     t::pngWithGps(t::photoPng(s)));
    const QString webp = t::writeFile(dir.path(),
                                      QStringLiteral("c.webp"),
                                      t::webpWithGps(t::webpBytes(s), s));
    const QByteArray originalJpeg = [&] {
        QFile f(jpeg);
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }();
    Settings settings(dir.filePath(QStringLiteral("squint.ini")));
    QNetworkAccessManager nam;
    Composer composer(Catalog::builtIn(), &settings, &nam);
    composer.setModelName(Claude);
    composer.setPrompt(QStringLiteral("Where was this taken?"));
    composer.addPaths({jpeg, png, webp});
    QVERIFY(waitIdle(&composer));
    QVERIFY2(composer.evaluation().canSend, qPrintable(composer.evaluation().blocker));
    const TrayModel *tray = composer.tray();
    QCOMPARE(tray->count(), 3);
    for (int i = 0; i < tray->count(); ++i) {
        const QModelIndex index = tray->index(i);
        QCOMPARE(index.data(TrayModel::MetadataMarkRole).toString(),
                 QStringLiteral("Location removed"));
        QVERIFY(index.data(Qt::AccessibleDescriptionRole)
                    .toString()
                    .contains(QStringLiteral("Location removed")));
    }
    const QList<TurnImage> sent = sendableImages(tray->items());
    QCOMPARE(sent.size(), 3);
    for (const TurnImage &img : sent) {
        QByteArray bytes = img.data;
        if (bytes.isEmpty()) {
            QFile f(img.sentPath);
            QVERIFY(f.open(QIODevice::ReadOnly));
            bytes = f.readAll();
        }
        const QByteArray format = img.mime.section(u'/', 1).toLatin1();
        QVERIFY2(locationLeft(bytes, format).isEmpty(),
                 qPrintable(img.name + QLatin1Char(' ') + locationLeft(bytes, format)));
        QVERIFY(!QImage::fromData(bytes).isNull());
        QCOMPARE(img.sentBytes, qint64(bytes.size()));
        QVERIFY(img.sentPath != img.originalPath);
    }
    // The first one was stored on its side: it goes upright.
    QCOMPARE(sent.at(0).sentSize, QSize(80, 120));
    // The upright ones lose their metadata without being decoded and encoded again (the intake's
    // one shared decode is not for them): what goes is exactly what stripMetadata() leaves.
    for (int i : {1, 2}) {
        QFile original(i == 1 ? png : webp);
        QVERIFY(original.open(QIODevice::ReadOnly));
        const std::optional<QByteArray> stripped = stripMetadata(original.readAll(),
                                                                 i == 1 ? "png" : "webp");
        QVERIFY(stripped.has_value());
        QByteArray bytes = sent.at(i).data;
        if (bytes.isEmpty()) {
            QFile f(sent.at(i).sentPath);
            QVERIFY(f.open(QIODevice::ReadOnly));
            bytes = f.readAll();
        }
        QCOMPARE(bytes, *stripped);
    }
    // The originals are untouched.
    QFile f(jpeg);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(f.readAll(), originalJpeg);
}

void TestLocation::keepSettingSendsOriginal()
{
    QTemporaryDir dir;
    const QSize s(96, 64);
    const QString png = t::writeFile(dir.path(),
                                     QStringLiteral("b.png"),
                                     t::pngWithGps(t::photoPng(s)));
    Settings settings(dir.filePath(QStringLiteral("squint.ini")));
    settings.setKeepImageMetadata(true);
    QNetworkAccessManager nam;
    Composer composer(Catalog::builtIn(), &settings, &nam);
    composer.setModelName(Claude);
    composer.addPaths({png});
    QVERIFY(waitIdle(&composer));
    QVERIFY(composer.evaluation().canSend);
    QList<TurnImage> sent = sendableImages(composer.tray()->items());
    QCOMPARE(sent.size(), 1);
    QCOMPARE(sent.at(0).sentPath, png);
    QVERIFY(composer.tray()->index(0).data(TrayModel::MetadataMarkRole).toString().isEmpty());
    // Turning the setting off takes effect at once.
    settings.setKeepImageMetadata(false);
    QVERIFY(waitIdle(&composer));
    sent = sendableImages(composer.tray()->items());
    QVERIFY(sent.at(0).sentPath != png);
    QFile f(sent.at(0).sentPath);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QVERIFY(locationLeft(f.readAll(), "png").isEmpty());
}

QTEST_GUILESS_MAIN(TestLocation)
#include "tst_location.moc"
