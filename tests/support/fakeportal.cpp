#include "fakeportal.h"

#include <QDBusConnectionInterface>
#include <QDBusMessage>
#include <QStandardPaths>
#include <QUrl>

namespace squint::test {

PrivateSessionBus::PrivateSessionBus()
{
    const QString daemon = QStandardPaths::findExecutable(QStringLiteral("dbus-daemon"));
    if (daemon.isEmpty()) {
        m_error = QStringLiteral("dbus-daemon is not installed");
        return;
    }
    m_daemon.setProgram(daemon);
    m_daemon.setArguments({QStringLiteral("--session"),
                           QStringLiteral("--nofork"),
                           QStringLiteral("--nopidfile"),
                           QStringLiteral("--print-address=1")});
    m_daemon.setProcessChannelMode(QProcess::SeparateChannels);
    m_daemon.start();
    if (!m_daemon.waitForStarted(5000)) {
        m_error = QStringLiteral("dbus-daemon did not start: ") + m_daemon.errorString();
        return;
    }
    // The first line it prints is the address.
    while (!m_daemon.canReadLine() && m_daemon.waitForReadyRead(5000)) {
    }
    m_address = QString::fromUtf8(m_daemon.readLine()).trimmed();
    if (m_address.isEmpty())
        m_error = QStringLiteral("dbus-daemon printed no address: ")
                  + QString::fromUtf8(m_daemon.readAllStandardError());
}

PrivateSessionBus::~PrivateSessionBus()
{
    if (m_daemon.state() != QProcess::NotRunning) {
        m_daemon.terminate();
        if (!m_daemon.waitForFinished(3000)) {
            m_daemon.kill();
            m_daemon.waitForFinished(3000);
        }
    }
}

QDBusConnection PrivateSessionBus::connect(const QString &name) const
{
    // Named per bus: a name Qt already knows would give the connection to an earlier bus.
    return QDBusConnection::connectToBus(m_address, name + QLatin1Char('@') + m_address);
}

FakeScreenshotPortal::FakeScreenshotPortal(QDBusConnection bus, QString imageFile, QObject *parent)
    : QObject(parent)
    , m_bus(std::move(bus))
    , m_file(std::move(imageFile))
{
    m_image = QImage(64, 48, QImage::Format_RGB32);
    m_image.fill(QColor(12, 200, 34));
    m_registered = m_bus.isConnected()
                   && m_bus.registerService(QStringLiteral("org.freedesktop.portal.Desktop"))
                   && m_bus.registerObject(QStringLiteral("/org/freedesktop/portal/desktop"),
                                           this,
                                           QDBusConnection::ExportAllSlots);
}

FakeScreenshotPortal::~FakeScreenshotPortal()
{
    if (m_registered) {
        m_bus.unregisterObject(QStringLiteral("/org/freedesktop/portal/desktop"));
        m_bus.unregisterService(QStringLiteral("org.freedesktop.portal.Desktop"));
    }
}

QDBusObjectPath FakeScreenshotPortal::Screenshot(const QString &parentWindow,
                                                 const QVariantMap &options,
                                                 const QDBusMessage &message)
{
    ++m_calls;
    m_lastParent = parentWindow;
    m_lastOptions = options;
    QString sender = message.service();
    sender.remove(0, 1).replace(QLatin1Char('.'), QLatin1Char('_'));
    const QString path = QStringLiteral("/org/freedesktop/portal/desktop/request/%1/%2")
                             .arg(sender, options.value(QStringLiteral("handle_token")).toString());
    uint response = 0;
    QVariantMap results;
    if (m_mode == Mode::Succeed) {
        m_image.save(m_file, "PNG");
        results.insert(QStringLiteral("uri"), QUrl::fromLocalFile(m_file).toString());
    } else {
        response = m_mode == Mode::Cancel ? 1 : 2;
    }
    QDBusMessage signal = QDBusMessage::createSignal(path,
                                                     QStringLiteral(
                                                         "org.freedesktop.portal.Request"),
                                                     QStringLiteral("Response"));
    signal << response << results;
    m_bus.send(signal); // before the reply: a client must have subscribed already
    return QDBusObjectPath(path);
}

} // namespace squint::test
