// ConnectionWorld: one test's world for a ConnectionManager, shared by the manager's tests and the
// connection widgets' tests. A temporary folder holds the settings file and a home folder (for
// ~/.databrickscfg); the keychain is the in-memory one; the environment is made up.
#pragma once

#include "core/connections/connectionmanager.h"
#include "core/connections/connections.h"
#include "core/connections/secretstore.h"
#include "core/util/settings.h"

#include <QByteArray>
#include <QHash>
#include <QNetworkAccessManager>
#include <QString>
#include <QTemporaryDir>
#include <QUrl>

#include <memory>

namespace squint::test {

/// A local URL nothing listens on (a port the system just released), ending in /v1.
QUrl closedPortUrl();

/// A connection whose token the user types into Squint (kept in the keychain).
Connection keychainConnection(Connection::Kind kind, const QString &name, const QUrl &base);

/// Starts `manager` and waits until its Ollama probe has answered; false after `ms`.
bool startAndSettle(ConnectionManager &manager, int ms = 5000);

struct ConnectionWorld
{
    QTemporaryDir dir;
    std::unique_ptr<Settings> settings;
    MemorySecretStore secrets;
    QNetworkAccessManager nam;
    QHash<QString, QString> env;
    /// The manager start() made; tests that need several make them with makeManager().
    std::unique_ptr<ConnectionManager> manager;

    ConnectionWorld();
    ~ConnectionWorld();

    /// The made-up home folder (inside dir).
    QString home() const;
    /// Writes `text` as ~/.databrickscfg of the home folder; false if it could not.
    bool writeDatabricksConfig(const QByteArray &text) const;
    /// A manager on this world, probing `probe` for Ollama (a closed port unless said otherwise),
    /// with `store` as its keychain (the in-memory one unless said otherwise). Not started.
    std::unique_ptr<ConnectionManager> makeManager(QUrl probe = {}, SecretStore *store = nullptr);
    /// Makes `manager` with makeManager(probe) and starts it; true once the probe has answered.
    bool start(QUrl probe = {});
    /// The settings file as it is on disk now.
    QByteArray iniBytes() const;
};

} // namespace squint::test
