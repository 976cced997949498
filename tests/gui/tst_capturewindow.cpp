// Images > Capture Screen Region... in the whole application: the window hides, the overlay takes
// a drag (or Enter, or Esc) and the capture lands in the tray like a pasted image. The screen is the
// offscreen platform's (the X11 grab itself is tested under Xvfb by tst_capture_cli).
#include "appharness.h"
#include "core/compose/composer.h"
#include "core/compose/traymodel.h"
#include "core/images/intake.h"
#include "ui/capture/captureoverlay.h"
#include "ui/mainwindow.h"
#include "widgets.h"

#include <QAction>
#include <QApplication>
#include <QScreen>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

using namespace squint;

class TestCaptureWindow : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void cleanup();
    void dragAddsTheRegionToTheTray();
    void enterTakesTheWholeScreen();
    void escapeCancels();

private:
    CaptureOverlay *startCapture();

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<test::AppHarness> m_app;
};

void TestCaptureWindow::initTestCase()
{
    // An X11 session as far as the backend choice goes; the grab is the offscreen screen's.
    qputenv("DISPLAY", ":0");
    qunsetenv("WAYLAND_DISPLAY");
    qputenv("XDG_SESSION_TYPE", "x11");
}

void TestCaptureWindow::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_app = std::make_unique<test::AppHarness>(m_dir->path());
    QVERIFY(m_app->showWindow());
}

void TestCaptureWindow::cleanup()
{
    m_app.reset();
    m_dir.reset();
}

CaptureOverlay *TestCaptureWindow::startCapture()
{
    auto *action = test::child<QAction>(m_app->window(), "captureScreenAction");
    if (!action || action->shortcut().isEmpty())
        return nullptr;
    action->trigger();
    // The window hides itself before the grab.
    if (!QTest::qWaitFor([this] { return !m_app->window()->isVisible(); }, 2000))
        return nullptr;
    CaptureOverlay *overlay = nullptr;
    const bool shown = QTest::qWaitFor(
        [&overlay] {
            for (QWidget *w : QApplication::topLevelWidgets())
                if (auto *o = qobject_cast<CaptureOverlay *>(w); o && o->isVisible())
                    overlay = o;
            return overlay != nullptr;
        },
        5000);
    return shown && QTest::qWaitForWindowExposed(overlay) ? overlay : nullptr;
}

void TestCaptureWindow::dragAddsTheRegionToTheTray()
{
    CaptureOverlay *overlay = startCapture();
    QVERIFY(overlay);
    QVERIFY(!overlay->accessibleName().isEmpty());
    const QSize screen = overlay->grab().size();
    QVERIFY(screen.width() > 100 && screen.height() > 100);
    // Drag from (20,30) to (120,90) in the grab's pixels.
    const double sx = double(overlay->width()) / screen.width();
    const double sy = double(overlay->height()) / screen.height();
    const QPoint a(int(20 * sx + 0.5), int(30 * sy + 0.5));
    const QPoint b(int(121 * sx + 0.5), int(91 * sy + 0.5));
    QTest::mousePress(overlay, Qt::LeftButton, {}, a);
    QTest::mouseMove(overlay, b);
    QTest::mouseRelease(overlay, Qt::LeftButton, {}, b);
    QTRY_VERIFY(m_app->window()->isVisible()); // back again

    Composer *composer = m_app->composer();
    QTRY_COMPARE(composer->tray()->count(), 1);
    QTRY_VERIFY_WITH_TIMEOUT(composer->tray()->itemAt(0).stage == ItemFacts::Stage::Ready, 10000);
    const TrayItem &item = composer->tray()->itemAt(0);
    QVERIFY2(item.name.startsWith(QLatin1String("Screen capture ")), qPrintable(item.name));
    QVERIFY(item.name.endsWith(QLatin1String(".png")));
    QVERIFY(std::abs(item.info.size.width() - 100) <= 2
            && std::abs(item.info.size.height() - 60) <= 2);
    // Kept in the cache folder like a pasted image.
    QVERIFY2(item.path.startsWith(intakeCacheDir()), qPrintable(item.path));
}

void TestCaptureWindow::enterTakesTheWholeScreen()
{
    CaptureOverlay *overlay = startCapture();
    QVERIFY(overlay);
    const QSize screen = overlay->grab().size();
    QTest::keyClick(overlay, Qt::Key_Return);
    Composer *composer = m_app->composer();
    QTRY_COMPARE(composer->tray()->count(), 1);
    QTRY_VERIFY_WITH_TIMEOUT(composer->tray()->itemAt(0).stage == ItemFacts::Stage::Ready, 10000);
    QCOMPARE(composer->tray()->itemAt(0).info.size, screen);
    // The grab is at the device resolution of the screen.
    QScreen *s = QGuiApplication::primaryScreen();
    QCOMPARE(screen, (QSizeF(s->geometry().size()) * s->devicePixelRatio()).toSize());
}

void TestCaptureWindow::escapeCancels()
{
    CaptureOverlay *overlay = startCapture();
    QVERIFY(overlay);
    QTest::keyClick(overlay, Qt::Key_Escape);
    QTRY_VERIFY(m_app->window()->isVisible());
    QTest::qWait(50);
    QCOMPARE(m_app->composer()->tray()->count(), 0);
    // A second capture can start once the first is over.
    QTRY_VERIFY(!m_app->window()->findChild<ScreenCapturer *>());
    overlay = startCapture();
    QVERIFY(overlay);
    QTest::keyClick(overlay, Qt::Key_Escape);
    QTRY_VERIFY(m_app->window()->isVisible());
}

QTEST_MAIN(TestCaptureWindow)
#include "tst_capturewindow.moc"
