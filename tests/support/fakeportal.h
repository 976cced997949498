// A fake of the outside world for screen capture: a private D-Bus session bus (its own
// dbus-daemon) and, on it, org.freedesktop.portal.Desktop with the Screenshot interface speaking
// the real protocol (a Request object path, then its Response signal). Qt only; no Squint code.
#pragma once

#include <QDBusConnection>
#include <QDBusObjectPath>
#include <QImage>
#include <QObject>
#include <QProcess>
#include <QVariantMap>

namespace squint::test {

/// dbus-daemon --session on a private address, for one test. Stopped by the destructor.
class PrivateSessionBus
{
public:
    PrivateSessionBus();
    ~PrivateSessionBus();
    PrivateSessionBus(const PrivateSessionBus &) = delete;
    PrivateSessionBus &operator=(const PrivateSessionBus &) = delete;

    /// Empty when dbus-daemon is not installed or did not start (then `error()` says why).
    QString address() const { return m_address; }
    QString error() const { return m_error; }
    /// A new connection to the bus under `name`.
    QDBusConnection connect(const QString &name) const;

private:
    QProcess m_daemon;
    QString m_address;
    QString m_error;
};

/// The screenshot portal. Answers Screenshot() with the request path built from the caller's
/// unique name and handle_token, and sends Response *before* the method reply (as a fast portal
/// may), so a client that subscribes late misses it.
class FakeScreenshotPortal final : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "org.freedesktop.portal.Screenshot")
public:
    enum class Mode { Succeed, Cancel, Fail };
    /// Registers org.freedesktop.portal.Desktop on `bus`; `imageFile` is where the picture goes.
    FakeScreenshotPortal(QDBusConnection bus, QString imageFile, QObject *parent = nullptr);
    ~FakeScreenshotPortal() override;

    bool isRegistered() const { return m_registered; }
    void setMode(Mode mode) { m_mode = mode; }
    void setImage(const QImage &image) { m_image = image; }
    /// The options of the last call ("interactive", "handle_token"...) and its parent window.
    QVariantMap lastOptions() const { return m_lastOptions; }
    QString lastParent() const { return m_lastParent; }
    int calls() const { return m_calls; }

public slots:
    QDBusObjectPath Screenshot(const QString &parentWindow,
                               const QVariantMap &options,
                               const QDBusMessage &message);

private:
    QDBusConnection m_bus;
    QString m_file;
    QImage m_image;
    Mode m_mode = Mode::Succeed;
    QVariantMap m_lastOptions;
    QString m_lastParent;
    int m_calls = 0;
    bool m_registered = false;
};

} // namespace squint::test
