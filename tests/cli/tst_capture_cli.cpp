// squint capture, run as the real binary: under a private Xvfb for the X11 path (the test draws
// a known picture on the X screen first), and on a desktop with neither X11 nor the portal.
#include "childprocess.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

using namespace squint::test;

class TestCaptureCli : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void capturesTheWholeScreen();
    void capturesARegionWithItsPixels();
    void badRegionAndMissingOutputAreUsage();
    void noDesktopSaysSoAndFails();

private:
    QProcessEnvironment x11Environment() const;

    QTemporaryDir m_dir;
    QProcess m_xvfb;
    QString m_display;
};

void TestCaptureCli::initTestCase()
{
    QVERIFY(m_dir.isValid());
    const QString xvfb = QStandardPaths::findExecutable(QStringLiteral("Xvfb"));
    if (xvfb.isEmpty())
        QSKIP("Xvfb is not installed (package xvfb)");
    // A display number nobody uses: Xvfb writes it to the file descriptor given with -displayfd.
    // QProcess can't pass one, so probe for a free lock file instead.
    for (int n = 70; n < 200 && m_display.isEmpty(); ++n) {
        if (QFile::exists(QStringLiteral("/tmp/.X%1-lock").arg(n))
            || QFile::exists(QStringLiteral("/tmp/.X11-unix/X%1").arg(n)))
            continue;
        m_xvfb.start(xvfb,
                     {QStringLiteral(":%1").arg(n),
                      QStringLiteral("-screen"),
                      QStringLiteral("0"),
                      QStringLiteral("320x240x24"),
                      QStringLiteral("-nolisten"),
                      QStringLiteral("tcp")});
        if (!m_xvfb.waitForStarted(5000))
            QFAIL("Xvfb did not start");
        if (QTest::qWaitFor(
                [n] { return QFile::exists(QStringLiteral("/tmp/.X11-unix/X%1").arg(n)); }, 10000)
            && m_xvfb.state() == QProcess::Running)
            m_display = QStringLiteral(":%1").arg(n);
        else {
            m_xvfb.kill();
            m_xvfb.waitForFinished();
        }
    }
    QVERIFY2(!m_display.isEmpty(), "no free X display for Xvfb");
}

void TestCaptureCli::cleanupTestCase()
{
    if (m_xvfb.state() != QProcess::NotRunning) {
        m_xvfb.terminate();
        if (!m_xvfb.waitForFinished(5000))
            m_xvfb.kill();
        m_xvfb.waitForFinished();
    }
}

QProcessEnvironment TestCaptureCli::x11Environment() const
{
    QProcessEnvironment env = isolatedEnvironment(m_dir.filePath(QStringLiteral("home")));
    env.remove(QStringLiteral("WAYLAND_DISPLAY"));
    env.remove(QStringLiteral("QT_QPA_PLATFORM"));
    env.insert(QStringLiteral("XDG_SESSION_TYPE"), QStringLiteral("x11"));
    env.insert(QStringLiteral("DISPLAY"), m_display);
    return env;
}

void TestCaptureCli::capturesTheWholeScreen()
{
    const QString out = m_dir.filePath(QStringLiteral("whole.png"));
    const ProcessResult r = runProcess(QStringLiteral(SQUINT_BINARY),
                                       {QStringLiteral("capture"), QStringLiteral("-o"), out},
                                       x11Environment());
    QVERIFY2(r.finished && r.exitCode == 0, qPrintable(r.err));
    const QImage image(out);
    QCOMPARE(image.size(), QSize(320, 240)); // the screen at its real resolution
    QVERIFY2(r.err.contains(QLatin1String("320")) && r.err.contains(QLatin1String("240")),
             qPrintable(r.err));
    QCOMPARE(QFileInfo(out).permissions() & (QFileDevice::ReadOther | QFileDevice::ReadGroup),
             QFileDevice::Permissions());
}

void TestCaptureCli::capturesARegionWithItsPixels()
{
    // The region holds exactly the pixels of that part of the whole screen.
    const QString whole = m_dir.filePath(QStringLiteral("whole2.png"));
    QVERIFY(runProcess(QStringLiteral(SQUINT_BINARY),
                       {QStringLiteral("capture"), QStringLiteral("-o"), whole},
                       x11Environment())
                .exitCode
            == 0);
    const QImage screen(whole);
    QVERIFY(!screen.isNull());
    const QString out = m_dir.filePath(QStringLiteral("region.png"));
    const ProcessResult r = runProcess(QStringLiteral(SQUINT_BINARY),
                                       {QStringLiteral("capture"),
                                        QStringLiteral("--region"),
                                        QStringLiteral("10,20,100,50"),
                                        QStringLiteral("-o"),
                                        out},
                                       x11Environment());
    QVERIFY2(r.finished && r.exitCode == 0, qPrintable(r.err));
    const QImage region(out);
    QCOMPARE(region.size(), QSize(100, 50));
    QCOMPARE(region, screen.copy(10, 20, 100, 50).convertToFormat(region.format()));
    // A region reaching past the edge is clipped to the screen.
    const ProcessResult edge = runProcess(QStringLiteral(SQUINT_BINARY),
                                          {QStringLiteral("capture"),
                                           QStringLiteral("--region"),
                                           QStringLiteral("300,200,100,100"),
                                           QStringLiteral("-o"),
                                           out},
                                          x11Environment());
    QCOMPARE(edge.exitCode, 0);
    QCOMPARE(QImage(out).size(), QSize(20, 40));
}

void TestCaptureCli::badRegionAndMissingOutputAreUsage()
{
    const QString out = m_dir.filePath(QStringLiteral("never.png"));
    ProcessResult r = runProcess(QStringLiteral(SQUINT_BINARY),
                                 {QStringLiteral("capture"),
                                  QStringLiteral("--region"),
                                  QStringLiteral("1,2,3"),
                                  QStringLiteral("-o"),
                                  out},
                                 x11Environment());
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.err.contains(QLatin1String("squint capture:")));
    QVERIFY(r.err.contains(QLatin1String("X,Y,WIDTH,HEIGHT")));
    r = runProcess(QStringLiteral(SQUINT_BINARY), {QStringLiteral("capture")}, x11Environment());
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.err.contains(QLatin1String("usage: squint capture")));
    r = runProcess(QStringLiteral(SQUINT_BINARY),
                   {QStringLiteral("capture"),
                    QStringLiteral("--region"),
                    QStringLiteral("5000,5000,10,10"),
                    QStringLiteral("-o"),
                    out},
                   x11Environment());
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.err.contains(QLatin1String("outside the screen")));
    QVERIFY(!QFile::exists(out));
}

void TestCaptureCli::noDesktopSaysSoAndFails()
{
    QProcessEnvironment env = isolatedEnvironment(m_dir.filePath(QStringLiteral("home")));
    env.remove(QStringLiteral("DISPLAY"));
    env.remove(QStringLiteral("WAYLAND_DISPLAY"));
    env.remove(QStringLiteral("XDG_SESSION_TYPE"));
    env.remove(QStringLiteral("QT_QPA_PLATFORM"));
    // A session bus address where nothing listens: no portal either.
    env.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"),
               QStringLiteral("unix:path=") + m_dir.filePath(QStringLiteral("no-bus")));
    const QString out = m_dir.filePath(QStringLiteral("none.png"));
    const ProcessResult r = runProcess(QStringLiteral(SQUINT_BINARY),
                                       {QStringLiteral("capture"), QStringLiteral("-o"), out},
                                       env);
    QVERIFY(r.finished);
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(QLatin1String("no way to capture the screen")), qPrintable(r.err));
    QVERIFY(!QFile::exists(out));
}

QTEST_MAIN(TestCaptureCli)
#include "tst_capture_cli.moc"
