#include "connectionworld.h"

#include "core/connections/databricksconfig.h"

#include <QDir>
#include <QFile>
#include <QHostAddress>
#include <QTcpServer>
#include <QTest>

using namespace Qt::StringLiterals;

namespace squint::test {

QUrl closedPortUrl()
{
    QTcpServer server;
    if (!server.listen(QHostAddress::LocalHost, 0))
        return {};
    const quint16 port = server.serverPort();
    server.close();
    return QUrl(u"http://127.0.0.1:%1/v1"_s.arg(port));
}

Connection keychainConnection(Connection::Kind kind, const QString &name, const QUrl &base)
{
    Connection c;
    c.kind = kind;
    c.name = name;
    c.baseUrl = base.toString();
    c.tokenSource = Connection::TokenSource::Keychain;
    return c;
}

bool startAndSettle(ConnectionManager &manager, int ms)
{
    manager.start();
    return QTest::qWaitFor([&manager] { return !manager.isProbing(); }, ms);
}

ConnectionWorld::ConnectionWorld()
    : settings(std::make_unique<Settings>(dir.filePath(u"squint.ini"_s)))
{}

// The manager goes first: it holds pointers to the settings, the keychain and the network.
ConnectionWorld::~ConnectionWorld()
{
    manager.reset();
}

QString ConnectionWorld::home() const
{
    return dir.filePath(u"home"_s);
}

bool ConnectionWorld::writeDatabricksConfig(const QByteArray &text) const
{
    QDir().mkpath(home());
    QFile f(QDir(home()).filePath(u".databrickscfg"_s));
    return f.open(QIODevice::WriteOnly) && f.write(text) == text.size();
}

std::unique_ptr<ConnectionManager> ConnectionWorld::makeManager(QUrl probe, SecretStore *store)
{
    ConnectionManager::Environment e{env, home(), &readSmallFile};
    auto m = std::make_unique<ConnectionManager>(settings.get(), store ? store : &secrets, &nam, e);
    m->setOllamaProbeUrl(probe.isEmpty() ? closedPortUrl() : probe);
    return m;
}

bool ConnectionWorld::start(QUrl probe)
{
    manager = makeManager(probe);
    return startAndSettle(*manager);
}

QByteArray ConnectionWorld::iniBytes() const
{
    settings->sync();
    QFile f(settings->fileName());
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace squint::test
