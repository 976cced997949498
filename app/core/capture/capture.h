#pragma once

#include <QDBusConnection>
#include <QDateTime>
#include <QImage>
#include <QObject>
#include <QProcessEnvironment>
#include <QRect>
#include <QString>

#include <optional>

namespace squint {

/// How this desktop lets Squint take a picture of the screen.
enum class CaptureBackend {
    None,   ///< neither an X11 display nor a Wayland session with the portal
    X11,    ///< QScreen::grabWindow on the X server (an X11 session)
    Portal, ///< org.freedesktop.portal.Screenshot (Wayland; the desktop's own picker)
};

/// Pure: the backend for a session described by `env` (DISPLAY, WAYLAND_DISPLAY, XDG_SESSION_TYPE).
/// A Wayland session uses the portal even when XWayland offers a DISPLAY (an X11 grab would show
/// only X11 windows); without Wayland, a DISPLAY means X11; else the portal when there is a session
/// bus to reach it. `portalReachable` says whether the session bus answers.
CaptureBackend captureBackendFor(const QProcessEnvironment &env, bool portalReachable);
/// The backend for this process's environment (asks the session bus whether the portal is there).
CaptureBackend detectCaptureBackend();
/// The Qt platform plugin a capture run needs: "xcb" for X11, else "offscreen" (the portal needs no display).
QByteArray qpaPlatformForCapture(CaptureBackend backend);
/// Why capture is impossible, in words for the user (for CaptureBackend::None).
QString noCaptureBackendText();

/// Pure: "X,Y,W,H" (whole numbers, W and H above 0) as a rectangle; nullopt with *error otherwise.
std::optional<QRect> parseCaptureRegion(const QString &text, QString *error = nullptr);

/// The tray name of a capture taken at `when`: "Screen capture 2026-12-08 14.03.27.png".
QString captureName(const QDateTime &when);

/// Grabs every screen (GUI thread; needs the xcb platform) into one image of the virtual desktop at
/// the screens' real device resolution. Null with *error when nothing could be grabbed.
QImage grabAllScreens(QString *error = nullptr);

/// One request to org.freedesktop.portal.Screenshot: subscribes to the Request's Response signal
/// before calling (so a fast answer is not missed), then reads the image the portal wrote and
/// removes that file. Asynchronous; reports exactly once.
class PortalScreenshot final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PortalScreenshot)
public:
    explicit PortalScreenshot(QDBusConnection bus = QDBusConnection::sessionBus(),
                              QObject *parent = nullptr);

    /// `interactive`: the desktop lets the user pick a region or window first. `parentWindow` is
    /// the portal's parent-window string ("x11:1a00007"), empty when there is none.
    void start(bool interactive, const QString &parentWindow = {});

signals:
    void captured(const QImage &image);
    void cancelled();
    void failed(const QString &error);

private slots:
    void onResponse(uint response, const QVariantMap &results);

private:
    void finishWith(const QString &error);

    QDBusConnection m_bus;
    QString m_requestPath;
    bool m_done = false;
};

} // namespace squint
