#include "core/application/singleinstance.h"

#include <QLocalServer>
#include <QLocalSocket>
#include <QStandardPaths>

namespace squint {

namespace {
constexpr int MaxMessage = 256; // "capture" and the like: anything longer is not ours
constexpr int TimeoutMs = 1000;
} // namespace

SingleInstance::SingleInstance(QString socketPath, QObject *parent)
    : QObject(parent)
    , m_path(socketPath.isEmpty() ? defaultSocketPath() : std::move(socketPath))
{}

SingleInstance::~SingleInstance() = default;

QString SingleInstance::defaultSocketPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::RuntimeLocation)
           + QStringLiteral("/squint.socket");
}

bool SingleInstance::sendToRunning(const QString &message) const
{
    QLocalSocket socket;
    socket.connectToServer(m_path);
    if (!socket.waitForConnected(TimeoutMs))
        return false;
    socket.write(message.toLatin1().left(MaxMessage - 1) + '\n');
    if (!socket.waitForBytesWritten(TimeoutMs))
        return false;
    socket.disconnectFromServer();
    if (socket.state() != QLocalSocket::UnconnectedState)
        socket.waitForDisconnected(TimeoutMs);
    return true;
}

bool SingleInstance::listen()
{
    if (m_server && m_server->isListening())
        return true;
    delete m_server;
    m_server = nullptr;
    {
        // Qt makes the socket elsewhere and renames it into place, which would take the name from a
        // running Squint: ask first whether one answers.
        QLocalSocket probe;
        probe.connectToServer(m_path);
        if (probe.waitForConnected(TimeoutMs))
            return false;
    }
    QLocalServer::removeServer(m_path); // left by a Squint that crashed
    m_server = new QLocalServer(this);
    m_server->setSocketOptions(QLocalServer::UserAccessOption);
    if (!m_server->listen(m_path))
        return false;
    connect(m_server, &QLocalServer::newConnection, this, [this] {
        while (QLocalSocket *s = m_server->nextPendingConnection()) {
            connect(s, &QLocalSocket::disconnected, s, &QObject::deleteLater);
            connect(s, &QLocalSocket::readyRead, this, [this, s] {
                while (s->canReadLine()) {
                    const QByteArray line = s->readLine(MaxMessage).trimmed();
                    if (!line.isEmpty())
                        emit messageReceived(QString::fromLatin1(line));
                }
                if (s->bytesAvailable() >= MaxMessage)
                    s->abort(); // not a line of ours
            });
        }
    });
    return true;
}

bool SingleInstance::isListening() const
{
    return m_server && m_server->isListening();
}

} // namespace squint
