// Screen capture without a screen: choosing the backend, reading --region, the single instance
// `squint --capture` talks to, and the portal path against a fake portal on a private session bus.
#include "core/application/singleinstance.h"
#include "core/capture/capture.h"
#include "fakeportal.h"

#include <QFile>
#include <QLocalSocket>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace squint;

class TestCapture : public QObject
{
    Q_OBJECT
private slots:
    void backendForSession_data();
    void backendForSession();
    void platformForBackend();
    void region_data();
    void region();
    void nameHasTheTime();
    void singleInstanceHandsOverMessages();
    void staleSocketIsReplaced();
    void portalDeliversTheImageAndRemovesItsFile();
    void portalCancelAndFailure();
    void portalMissingSaysSo();
};

void TestCapture::backendForSession_data()
{
    QTest::addColumn<QString>("display");
    QTest::addColumn<QString>("wayland");
    QTest::addColumn<QString>("sessionType");
    QTest::addColumn<bool>("portal");
    QTest::addColumn<CaptureBackend>("expected");
    QTest::newRow("x11") << ":0"
                         << ""
                         << "x11" << true << CaptureBackend::X11;
    QTest::newRow("x11 without bus") << ":0"
                                     << ""
                                     << "" << false << CaptureBackend::X11;
    QTest::newRow("wayland") << ""
                             << "wayland-0"
                             << "wayland" << true << CaptureBackend::Portal;
    QTest::newRow("xwayland uses the portal") << ":0"
                                              << "wayland-0"
                                              << "wayland" << true << CaptureBackend::Portal;
    QTest::newRow("wayland by session type") << ":1"
                                             << ""
                                             << "wayland" << true << CaptureBackend::Portal;
    QTest::newRow("wayland, no portal") << ":0"
                                        << "wayland-0"
                                        << "wayland" << false << CaptureBackend::None;
    QTest::newRow("nothing") << ""
                             << ""
                             << "" << false << CaptureBackend::None;
    QTest::newRow("only a bus") << ""
                                << ""
                                << "tty" << true << CaptureBackend::Portal;
}

void TestCapture::backendForSession()
{
    QFETCH(QString, display);
    QFETCH(QString, wayland);
    QFETCH(QString, sessionType);
    QFETCH(bool, portal);
    QFETCH(CaptureBackend, expected);
    QProcessEnvironment env;
    if (!display.isEmpty())
        env.insert(QStringLiteral("DISPLAY"), display);
    if (!wayland.isEmpty())
        env.insert(QStringLiteral("WAYLAND_DISPLAY"), wayland);
    if (!sessionType.isEmpty())
        env.insert(QStringLiteral("XDG_SESSION_TYPE"), sessionType);
    QCOMPARE(captureBackendFor(env, portal), expected);
}

void TestCapture::platformForBackend()
{
    QCOMPARE(qpaPlatformForCapture(CaptureBackend::X11), QByteArray("xcb"));
    QCOMPARE(qpaPlatformForCapture(CaptureBackend::Portal), QByteArray("offscreen"));
    QCOMPARE(qpaPlatformForCapture(CaptureBackend::None), QByteArray("offscreen"));
    QVERIFY(noCaptureBackendText().contains(QLatin1String("DISPLAY")));
}

void TestCapture::region_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QRect>("expected"); // null: refused
    QTest::newRow("plain") << "10,20,300,200" << QRect(10, 20, 300, 200);
    QTest::newRow("spaces") << " 0, 0, 1, 1 " << QRect(0, 0, 1, 1);
    QTest::newRow("three numbers") << "1,2,3" << QRect();
    QTest::newRow("five numbers") << "1,2,3,4,5" << QRect();
    QTest::newRow("zero width") << "0,0,0,10" << QRect();
    QTest::newRow("negative") << "-1,0,10,10" << QRect();
    QTest::newRow("words") << "a,b,c,d" << QRect();
    QTest::newRow("x") << "10x20" << QRect();
    QTest::newRow("empty") << "" << QRect();
    QTest::newRow("overflow") << "0,0,99999999999,1" << QRect();
}

void TestCapture::region()
{
    QFETCH(QString, text);
    QFETCH(QRect, expected);
    QString error;
    const std::optional<QRect> r = parseCaptureRegion(text, &error);
    if (expected.isNull()) {
        QVERIFY(!r);
        QVERIFY(error.contains(QLatin1String("X,Y,WIDTH,HEIGHT")));
    } else {
        QVERIFY2(r, qPrintable(error));
        QCOMPARE(*r, expected);
    }
}

void TestCapture::nameHasTheTime()
{
    const QDateTime when(QDate(2026, 12, 8), QTime(14, 3, 27));
    QCOMPARE(captureName(when), QStringLiteral("Screen capture 2026-12-08 14.03.27.png"));
}

void TestCapture::singleInstanceHandsOverMessages()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("squint.socket"));
    SingleInstance first(path);
    QVERIFY(!first.sendToRunning(QStringLiteral("capture"))); // nobody listens yet
    QVERIFY(first.listen());
    QVERIFY(first.isListening());
    // A second Squint finds the first and does not take over.
    SingleInstance second(path);
    QVERIFY(!second.listen());
    QSignalSpy received(&first, &SingleInstance::messageReceived);
    QVERIFY(second.sendToRunning(QStringLiteral("capture")));
    QTRY_COMPARE(received.size(), 1);
    QCOMPARE(received.at(0).at(0).toString(), QStringLiteral("capture"));
    // Junk without a line end is dropped once it is longer than any message.
    QLocalSocket junk;
    junk.connectToServer(path);
    QVERIFY(junk.waitForConnected(1000));
    junk.write(QByteArray(4096, 'x'));
    QVERIFY(junk.waitForBytesWritten(1000));
    QTRY_COMPARE(junk.state(), QLocalSocket::UnconnectedState);
    QCOMPARE(received.size(), 1);
    // The socket is the user's only.
    QCOMPARE(QFileInfo(path).permissions()
                 & (QFileDevice::ReadOther | QFileDevice::WriteOther | QFileDevice::ReadGroup),
             QFileDevice::Permissions());
}

void TestCapture::staleSocketIsReplaced()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("squint.socket"));
    {
        // A file where the socket goes, as a crashed Squint leaves it.
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
    }
    SingleInstance instance(path);
    QVERIFY(instance.listen());
    QSignalSpy received(&instance, &SingleInstance::messageReceived);
    QVERIFY(SingleInstance(path).sendToRunning(QStringLiteral("capture")));
    QTRY_COMPARE(received.size(), 1);
}

void TestCapture::portalDeliversTheImageAndRemovesItsFile()
{
    test::PrivateSessionBus bus;
    if (bus.address().isEmpty())
        QSKIP(qPrintable(bus.error()));
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("Screenshot.png"));
    test::FakeScreenshotPortal portal(bus.connect(QStringLiteral("portal-service")), file);
    QVERIFY(portal.isRegistered());
    QImage picture(120, 80, QImage::Format_RGB32);
    picture.fill(QColor(200, 10, 30));
    portal.setImage(picture);

    PortalScreenshot shot(bus.connect(QStringLiteral("portal-client")));
    QSignalSpy captured(&shot, &PortalScreenshot::captured);
    QSignalSpy failed(&shot, &PortalScreenshot::failed);
    shot.start(true, QStringLiteral("x11:1a00007"));
    QTRY_COMPARE_WITH_TIMEOUT(captured.size() + failed.size(), 1, 10000);
    QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.at(0).at(0).toString()));
    const QImage image = captured.at(0).at(0).value<QImage>();
    QCOMPARE(image.size(), QSize(120, 80));
    QCOMPARE(image.pixel(5, 5), qRgb(200, 10, 30));
    QVERIFY(!QFile::exists(file)); // the portal's copy is removed
    QCOMPARE(portal.calls(), 1);
    QCOMPARE(portal.lastOptions().value(QStringLiteral("interactive")).toBool(), true);
    QVERIFY(!portal.lastOptions().value(QStringLiteral("handle_token")).toString().isEmpty());
    QCOMPARE(portal.lastParent(), QStringLiteral("x11:1a00007"));
    // Reports once only.
    QTest::qWait(50);
    QCOMPARE(captured.size(), 1);
}

void TestCapture::portalCancelAndFailure()
{
    test::PrivateSessionBus bus;
    if (bus.address().isEmpty())
        QSKIP(qPrintable(bus.error()));
    QTemporaryDir dir;
    test::FakeScreenshotPortal portal(bus.connect(QStringLiteral("portal-service")),
                                      dir.filePath(QStringLiteral("s.png")));
    QVERIFY(portal.isRegistered());
    portal.setMode(test::FakeScreenshotPortal::Mode::Cancel);
    {
        PortalScreenshot shot(bus.connect(QStringLiteral("client-1")));
        QSignalSpy cancelled(&shot, &PortalScreenshot::cancelled);
        QSignalSpy captured(&shot, &PortalScreenshot::captured);
        shot.start(false);
        QTRY_COMPARE_WITH_TIMEOUT(cancelled.size(), 1, 10000);
        QVERIFY(captured.isEmpty());
        QCOMPARE(portal.lastOptions().value(QStringLiteral("interactive")).toBool(), false);
    }
    portal.setMode(test::FakeScreenshotPortal::Mode::Fail);
    {
        PortalScreenshot shot(bus.connect(QStringLiteral("client-2")));
        QSignalSpy failed(&shot, &PortalScreenshot::failed);
        shot.start(false);
        QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, 10000);
        QVERIFY(!failed.at(0).at(0).toString().isEmpty());
    }
}

void TestCapture::portalMissingSaysSo()
{
    test::PrivateSessionBus bus;
    if (bus.address().isEmpty())
        QSKIP(qPrintable(bus.error()));
    // Nobody provides the portal on this bus.
    PortalScreenshot shot(bus.connect(QStringLiteral("lonely-client")));
    QSignalSpy failed(&shot, &PortalScreenshot::failed);
    shot.start(true);
    QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, 10000);
    QVERIFY(failed.at(0).at(0).toString().contains(QLatin1String("portal")));
    // And with no bus at all.
    PortalScreenshot offline(QDBusConnection(QStringLiteral("not-connected")));
    QSignalSpy offlineFailed(&offline, &PortalScreenshot::failed);
    offline.start(true);
    QCOMPARE(offlineFailed.size(), 1);
}

QTEST_MAIN(TestCapture)
#include "tst_capture.moc"
