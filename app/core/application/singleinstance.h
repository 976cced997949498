#pragma once

#include <QObject>
#include <QString>

class QLocalServer;

namespace squint {

/// One Squint per user for requests from the desktop (`squint --capture` bound to a key): the
/// first instance listens on a local socket in the user's runtime folder (private to the user);
/// a later one hands its request to it and exits. Messages are one short line of ASCII.
class SingleInstance final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SingleInstance)
public:
    /// `socketPath` empty: defaultSocketPath().
    explicit SingleInstance(QString socketPath = {}, QObject *parent = nullptr);
    ~SingleInstance() override;

    /// squint.socket in the runtime folder (XDG_RUNTIME_DIR).
    static QString defaultSocketPath();

    /// Sends `message` to the running instance; false when none answers (within a second).
    bool sendToRunning(const QString &message) const;
    /// Starts listening (a stale socket left by a crash is replaced); false when another instance
    /// listens or the socket can't be made.
    bool listen();
    bool isListening() const;
    QString socketPath() const { return m_path; }

signals:
    void messageReceived(const QString &message);

private:
    QString m_path;
    QLocalServer *m_server = nullptr;
};

} // namespace squint
