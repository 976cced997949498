#include "core/connections/connectionmanager.h"

#include "core/chat/chatprotocol.h"
#include "core/connections/secretstore.h"
#include "core/util/format.h"
#include "core/util/settings.h"

#include <QCoreApplication>
#include <QDir>
#include <QMetaObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>

#include <algorithm>
#include <utility>

namespace squint {

// Translation context for this file's messages (lupdate reads it from here).
namespace {
class Tr
{
    Q_DECLARE_TR_FUNCTIONS(squint::ConnectionManager)
};
} // namespace

namespace {

const char TooLargeProperty[] = "squintListTooLarge";
const char RedirectRefusedProperty[] = "squintRedirectRefused";

QString hostOf(const QUrl &url)
{
    return url.port() < 0 ? url.host() : url.host() + u':' + QString::number(url.port());
}

/// The Databricks config file `env` names (DATABRICKS_CONFIG_FILE, a leading ~ being `homeDir`), else
/// `homeDir`/.databrickscfg.
QString databricksConfigPath(const QHash<QString, QString> &env, const QString &homeDir)
{
    QString path = env.value(QStringLiteral("DATABRICKS_CONFIG_FILE")).trimmed();
    if (path.isEmpty())
        return QDir(homeDir).filePath(QStringLiteral(".databrickscfg"));
    if (path == u'~')
        return homeDir;
    if (path.startsWith(QLatin1String("~/")))
        return QDir(homeDir).filePath(path.mid(2));
    return path;
}

/// `error` with the token taken out, should any server echo it back.
QString clean(const QString &text, const QByteArray &token)
{
    return redactSecret(text, token);
}

} // namespace

ConnectionManager::Environment ConnectionManager::Environment::system()
{
    return Environment{systemEnvironment(), QDir::homePath(), &readSmallFile};
}

QString ConnectionManager::detectedOllamaId() { return QStringLiteral("detected:ollama"); }

ConnectionManager::ConnectionManager(Settings *settings, SecretStore *secrets, QNetworkAccessManager *nam,
                                     Environment environment, QObject *parent)
    : QObject(parent)
    , m_settings(settings)
    , m_secrets(secrets)
    , m_nam(nam)
    , m_env(std::move(environment))
    , m_store(settings->qsettings())
    , m_probeBase(QStringLiteral("http://localhost:11434/v1"))
{
    Q_ASSERT(m_settings && m_secrets && nam);
    if (!m_env.readFile)
        m_env.readFile = &readSmallFile;
    m_oauth = new DatabricksTokenProvider(nam, m_env.env, this);
    m_renewTimer = new QTimer(this);
    m_renewTimer->setSingleShot(true);
    connect(m_renewTimer, &QTimer::timeout, this, &ConnectionManager::renewToken);
    connect(m_secrets, &SecretStore::persistenceLost, this, [this](const QString &why) {
        const QString text = Tr::tr("No keychain answered; the token is kept for this session only.");
        emit notice(why.isEmpty() ? text : text + u' ' + why);
    });
    connect(m_secrets, &SecretStore::removalFailed, this, [this](const QString &key, const QString &why) {
        emit notice(Tr::tr("The token of a deleted connection could not be removed from the keychain (%1). Remove "
                           "the entry “%2” of “Squint” with the system's keychain tool.")
                        .arg(why, key));
    });
}

// Replies are children of the manager: deleting it aborts them, and their handlers (connected with
// the manager as context) never run.
ConnectionManager::~ConnectionManager() = default;

void ConnectionManager::start()
{
    const bool first = !m_started;
    m_started = true;

    QStringList warnings;
    const DatabricksResolution databricks = resolveDatabricks(m_env.env, QString(), m_env.homeDir, m_env.readFile);
    if (!databricks.error.isEmpty())
        warnings.append(databricks.error);
    warnings.append(databricks.warnings);
    m_envConnections = connectionsFromEnvironment(m_env.env, databricks, &warnings);
    m_saved = m_store.saved();
    if (first) {
        for (const QString &w : std::as_const(warnings))
            emit notice(w);
    }
    emit connectionsChanged();

    probeOllama();
    chooseCurrent();
    updateSetupNeeded();
}

void ConnectionManager::setOllamaProbeUrl(const QUrl &base) { m_probeBase = base; }

void ConnectionManager::probeOllama()
{
    if (m_probe) {
        m_probe->disconnect(this);
        m_probe->abort();
        m_probe->deleteLater();
        m_probe = nullptr;
    }
    Connection probe;
    probe.kind = Connection::Kind::Ollama;
    probe.baseUrl = m_probeBase.toString();
    if (!checkBaseUrl(m_probeBase).isEmpty() || !m_nam) {
        onProbeFinished(false);
        return;
    }
    m_probeDone = false;
    m_probe = fetchModels(probe, QByteArray(), ProbeTimeoutMs, [this](bool ok, const QList<RemoteModel> &, const QString &, int) {
        m_probe = nullptr;
        onProbeFinished(ok);
    });
}

void ConnectionManager::onProbeFinished(bool found)
{
    m_probeDone = true;
    const bool had = m_detected.has_value();
    if (found) {
        Connection c;
        c.id = detectedOllamaId();
        c.kind = Connection::Kind::Ollama;
        c.name = Tr::tr("Ollama on this computer");
        c.baseUrl = m_probeBase.toString();
        c.tokenSource = Connection::TokenSource::None;
        c.persistent = false;
        m_detected = c;
    } else {
        m_detected.reset();
    }
    if (had || found)
        emit connectionsChanged();
    if (m_started) {
        if (!m_currentId.isEmpty() && !connection(m_currentId))
            clearCurrent();
        chooseCurrent();
        updateSetupNeeded();
    }
}

QList<Connection> ConnectionManager::connections() const
{
    QList<Connection> out = m_envConnections;
    out.append(m_saved);
    if (m_detected) {
        // Not twice: a saved or environment connection may already point at the same server.
        const QUrl models = m_detected->modelsUrl();
        const bool known = std::any_of(out.cbegin(), out.cend(), [&](const Connection &c) {
            return c.kind != Connection::Kind::Databricks && c.modelsUrl() == models;
        });
        if (!known)
            out.append(*m_detected);
    }
    return out;
}

std::optional<Connection> ConnectionManager::connection(const QString &id) const
{
    if (id.isEmpty())
        return std::nullopt;
    const QList<Connection> all = connections();
    for (const Connection &c : all) {
        if (c.id == id)
            return c;
    }
    return std::nullopt;
}

std::optional<Connection> ConnectionManager::current() const { return connection(m_currentId); }

bool ConnectionManager::needsSetup() const { return m_setupNeeded; }

void ConnectionManager::updateSetupNeeded()
{
    const bool needed = m_started && m_probeDone && !m_probe && connections().isEmpty();
    if (needed == m_setupNeeded)
        return;
    m_setupNeeded = needed;
    emit setupNeededChanged(needed);
}

void ConnectionManager::chooseCurrent()
{
    if (!m_currentId.isEmpty() && connection(m_currentId))
        return;
    const QString remembered = m_store.currentId();
    if (auto c = connection(remembered)) {
        activate(*c, std::nullopt);
        return;
    }
    if (remembered == detectedOllamaId() && !m_probeDone)
        return; // decided once the probe answers
    // The environment's Databricks, else its OpenAI, else the first saved, else a detected Ollama.
    const QList<Connection> all = connections();
    for (const QString &id : {QStringLiteral("env:databricks"), QStringLiteral("env:openai")}) {
        if (auto c = connection(id)) {
            activate(*c, std::nullopt);
            return;
        }
    }
    if (!all.isEmpty() && (all.first().id != detectedOllamaId() || m_probeDone))
        activate(all.first(), std::nullopt);
}

void ConnectionManager::clearCurrent()
{
    if (m_currentId.isEmpty())
        return;
    m_currentId.clear();
    m_token.clear();
    m_targetReady = false;
    m_currentCredential.reset();
    m_renewTimer->stop();
    ++m_resolveGeneration;
    emit currentChanged();
    emit targetChanged(ChatTarget{});
}

void ConnectionManager::setCurrent(const QString &id)
{
    const std::optional<Connection> c = connection(id);
    if (!c)
        return;
    m_store.setCurrentId(c->id);
    activate(*c, std::nullopt);
}

void ConnectionManager::activate(const Connection &c, std::optional<QByteArray> knownToken)
{
    m_currentId = c.id;
    m_token.clear();
    m_targetReady = false;
    m_currentCredential.reset();
    m_renewTimer->stop();
    m_credentials.remove(c.id);
    const quint64 generation = ++m_resolveGeneration;
    emit currentChanged();

    auto finish = [this, generation, id = c.id](std::optional<QByteArray> token, const QString &error) {
        if (generation != m_resolveGeneration)
            return; // another connection was chosen meanwhile
        if (!token) {
            emit targetFailed(error);
            return;
        }
        m_token = *token;
        m_targetReady = true;
        const auto cred = m_credentials.constFind(id);
        if (cred != m_credentials.cend())
            m_currentCredential = *cred;
        scheduleRenewal();
        emit targetChanged(target());
    };
    if (knownToken) {
        QMetaObject::invokeMethod(this, [finish, token = *knownToken] { finish(token, QString()); }, Qt::QueuedConnection);
        return;
    }
    resolveToken(c, finish);
}

std::optional<QDateTime> ConnectionManager::tokenRenewalDue() const
{
    return m_currentCredential ? m_oauth->refreshAt(*m_currentCredential) : std::nullopt;
}

void ConnectionManager::scheduleRenewal()
{
    m_renewTimer->stop();
    const std::optional<QDateTime> due = tokenRenewalDue();
    if (!due)
        return;
    const qint64 ms = std::clamp<qint64>(m_oauth->now().msecsTo(*due), 1000, 24LL * 3600 * 1000);
    m_renewTimer->start(int(ms));
}

void ConnectionManager::renewToken()
{
    if (!m_currentCredential || !m_targetReady)
        return;
    const quint64 generation = m_resolveGeneration;
    m_oauth->token(*m_currentCredential, [this, generation](std::optional<QByteArray> token, const QString &error) {
        if (generation != m_resolveGeneration)
            return;
        if (!token) {
            m_token.clear();
            m_targetReady = false;
            emit targetFailed(error);
            return;
        }
        scheduleRenewal();
        if (*token == m_token)
            return;
        m_token = *token;
        emit targetChanged(target());
    });
}

bool ConnectionManager::tokenRejected()
{
    if (!m_currentCredential || !m_targetReady)
        return false;
    m_oauth->invalidate(*m_currentCredential);
    renewToken();
    return true;
}

void ConnectionManager::renewTokenFor(const ChatTarget &stale,
                                      std::function<void(const QByteArray &token, const QString &error)> done)
{
    if (!m_currentCredential || target().chatUrl != stale.chatUrl) {
        QMetaObject::invokeMethod(this, [done] {
            done({}, Tr::tr("The server refused the token, and Squint cannot get a new one for this run: its "
                            "connection is no longer the current one, or its token does not expire."));
        }, Qt::QueuedConnection);
        return;
    }
    m_oauth->invalidate(*m_currentCredential);
    m_oauth->token(*m_currentCredential, [done](std::optional<QByteArray> token, const QString &error) {
        done(token.value_or(QByteArray()), error);
    });
}

void ConnectionManager::fetchOAuth(const DatabricksCredential &cred, const QString &id, TokenCallback done)
{
    if (!id.isEmpty())
        m_credentials.insert(id, cred);
    m_oauth->token(cred, std::move(done));
}

void ConnectionManager::resolveToken(const Connection &c, TokenCallback done)
{
    // Always answers from the event loop, never from inside this call.
    const QString host = normalizeDatabricksHost(c.baseUrl);
    if (c.tokenSource == Connection::TokenSource::DatabricksCli) {
        DatabricksCredential cred;
        cred.method = DatabricksCredential::Method::DatabricksCli;
        cred.host = host;
        fetchOAuth(cred, c.id, std::move(done));
        return;
    }
    if (c.tokenSource == Connection::TokenSource::ServicePrincipal) {
        if (c.id.isEmpty() || !c.persistent) {
            QMetaObject::invokeMethod(this, [done, name = c.name] {
                done(std::nullopt, Tr::tr("Enter the client secret of %1.").arg(name));
            }, Qt::QueuedConnection);
            return;
        }
        QPointer<ConnectionManager> self(this);
        m_secrets->read(c.keychainKey(), [self, done, c, host](std::optional<QByteArray> secret, const QString &error) {
            if (!self)
                return;
            if (!secret || secret->isEmpty()) {
                done(std::nullopt, Tr::tr("The keychain did not give the client secret of %1%2. Open Connections…, "
                                          "select it and type its client secret again.")
                                       .arg(c.name, error.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(error)));
                return;
            }
            DatabricksCredential cred;
            cred.method = DatabricksCredential::Method::OAuthM2M;
            cred.host = host;
            cred.clientId = c.clientId;
            cred.clientSecret = *secret;
            self->fetchOAuth(cred, c.id, done);
        });
        return;
    }
    if (c.tokenSource == Connection::TokenSource::DatabricksProfile) {
        const DatabricksResolution r = resolveDatabricks(m_env.env, c.profile, m_env.homeDir, m_env.readFile);
        if (std::optional<DatabricksCredential> cred = oauthCredential(r)) {
            if (host.compare(r.host, Qt::CaseInsensitive) != 0) {
                // The profile names another workspace now: its credential is not used for this one.
                QMetaObject::invokeMethod(this, [done, r, host] {
                    done(std::nullopt, Tr::tr("The Databricks configuration (%1) now names %2, not %3; it is not "
                                              "used for %3.")
                                           .arg(r.source, r.host.isEmpty() ? Tr::tr("no workspace") : r.host, host));
                }, Qt::QueuedConnection);
                return;
            }
            fetchOAuth(*cred, c.id, std::move(done));
            return;
        }
    }
    if (c.tokenSource == Connection::TokenSource::Keychain) {
        if (c.id.isEmpty() || !c.persistent) {
            QMetaObject::invokeMethod(this, [done, name = c.name] {
                done(std::nullopt, Tr::tr("Enter the token of %1.").arg(name));
            }, Qt::QueuedConnection);
            return;
        }
        QPointer<ConnectionManager> self(this);
        m_secrets->read(c.keychainKey(), [self, done, name = c.name](std::optional<QByteArray> secret, const QString &error) {
            if (!self)
                return;
            if (secret && !secret->isEmpty()) {
                done(*secret, QString());
                return;
            }
            if (!error.isEmpty()) {
                done(std::nullopt, Tr::tr("The keychain did not give the token of %1 (%2). Open Connections…, "
                                          "select it and type its token again.")
                                       .arg(name, error));
            } else {
                done(std::nullopt, Tr::tr("The token of %1 is not in the keychain. Open Connections…, select it "
                                          "and type its token again.")
                                       .arg(name));
            }
        });
        return;
    }
    QString error;
    const QByteArray token = tokenFromEnvironment(c, m_env.env, m_env.homeDir, m_env.readFile, &error);
    QMetaObject::invokeMethod(this, [done, token, error, name = c.name, source = c.tokenSource] {
        if (!error.isEmpty()) {
            QString why = error;
            if (source == Connection::TokenSource::Environment)
                why += u' ' + Tr::tr("Set it and restart Squint, or open Connections… and type the token into Squint.");
            done(std::nullopt, why);
            return;
        }
        done(token, QString());
    }, Qt::QueuedConnection);
}

QString ConnectionManager::save(const Connection &in, const QByteArray &token, bool makeCurrent)
{
    Connection c = in;
    c.name = c.name.trimmed();
    c.baseUrl = c.baseUrl.trimmed();
    if (c.kind == Connection::Kind::Databricks)
        c.baseUrl = normalizeDatabricksHost(c.baseUrl);
    const auto before = std::find_if(m_saved.cbegin(), m_saved.cend(), [&](const Connection &s) { return s.id == c.id; });
    const bool existing = !c.id.isEmpty() && c.persistent && before != m_saved.cend();
    // The token saved for one server is never sent to another: a new address needs the token again.
    const bool moved = existing && !sameOrigin(before->address(), c.address());
    // Nor is a token saved as one kind of secret used as another (a token as a client secret).
    const bool retyped = existing && before->tokenSource != c.tokenSource;
    if (!existing) {
        c.id = newConnectionId();
        c.persistent = true;
    }
    if (c.name.isEmpty())
        c.name = hostOf(c.address());
    if (c.name.isEmpty())
        c.name = kindName(c.kind);

    if (c.tokenSource == Connection::TokenSource::Keychain || c.tokenSource == Connection::TokenSource::ServicePrincipal) {
        if (!token.isEmpty()) {
            QPointer<ConnectionManager> self(this);
            m_secrets->write(c.keychainKey(), token, [self](bool, const QString &error) {
                if (self && !error.isEmpty())
                    emit self->notice(Tr::tr("The token could not be saved in the keychain (%1); it is kept for this "
                                             "session only.")
                                          .arg(error));
            });
        } else if (moved || retyped) {
            m_secrets->remove(c.keychainKey());
        }
    } else if (existing) {
        m_secrets->remove(c.keychainKey()); // no longer typed into Squint
    }
    m_store.save(c);
    m_saved = m_store.saved();
    emit connectionsChanged();

    const bool wasCurrent = m_currentId == c.id;
    if (makeCurrent || wasCurrent) {
        if (makeCurrent)
            m_store.setCurrentId(c.id);
        // The token just typed is known: no need to wait for the keychain to give it back.
        const bool known = c.tokenSource == Connection::TokenSource::Keychain && !token.isEmpty();
        activate(c, known ? std::optional<QByteArray>(token) : std::nullopt);
    } else if (!m_currentId.isEmpty() && !connection(m_currentId)) {
        clearCurrent();
        chooseCurrent();
    } else if (m_currentId.isEmpty()) {
        chooseCurrent();
    }
    updateSetupNeeded();
    return c.id;
}

void ConnectionManager::remove(const QString &id)
{
    const auto it = std::find_if(m_saved.cbegin(), m_saved.cend(), [&](const Connection &c) { return c.id == id; });
    if (it == m_saved.cend())
        return;
    m_secrets->remove(it->keychainKey());
    m_store.remove(id);
    m_saved = m_store.saved();
    emit connectionsChanged();
    if (m_currentId == id) {
        clearCurrent();
        chooseCurrent();
    }
    updateSetupNeeded();
}

ChatTarget ConnectionManager::target() const
{
    const std::optional<Connection> c = current();
    if (!c)
        return {};
    return chatTargetFor(*c, m_targetReady ? m_token : QByteArray());
}

void ConnectionManager::refreshModels()
{
    const std::optional<Connection> c = current();
    if (!c) {
        QMetaObject::invokeMethod(this, [this] {
            emit modelsListed(QString(), {}, Tr::tr("No connection is chosen."));
        }, Qt::QueuedConnection);
        return;
    }
    const QString id = c->id;
    auto list = [this, id](const Connection &conn, const QByteArray &token) {
        fetchModels(conn, token, ListTimeoutMs, [this, id, conn](bool, const QList<RemoteModel> &models,
                                                                 const QString &error, int status) {
            const auto cred = m_credentials.constFind(id);
            // Databricks answers 403 to a token it no longer takes, 401 to a malformed one.
            if ((status != 401 && status != 403) || cred == m_credentials.cend()) {
                emit modelsListed(id, models, error);
                return;
            }
            // An OAuth token refused: fetched once more, then the list is asked for again, once.
            m_oauth->invalidate(*cred);
            resolveToken(conn, [this, id, conn](std::optional<QByteArray> token, const QString &why) {
                if (!token) {
                    emit modelsListed(id, {}, why);
                    return;
                }
                if (id == m_currentId && m_targetReady && *token != m_token) {
                    // The chat target gets the new token too.
                    m_token = *token;
                    scheduleRenewal();
                    emit targetChanged(target());
                }
                fetchModels(conn, *token, ListTimeoutMs, [this, id](bool, const QList<RemoteModel> &again,
                                                                    const QString &error2, int) {
                    emit modelsListed(id, again, error2);
                });
            });
        });
    };
    if (m_targetReady) {
        list(*c, m_token);
        return;
    }
    resolveToken(*c, [this, conn = *c, list](std::optional<QByteArray> token, const QString &error) {
        if (!token) {
            emit modelsListed(conn.id, {}, error);
            return;
        }
        list(conn, *token);
    });
}

ConnectionTest::ConnectionTest(QObject *parent)
    : QObject(parent)
{}

ConnectionTest::~ConnectionTest()
{
    m_finished = true; // the abort below reports nothing
    if (m_reply)
        m_reply->abort();
}

void ConnectionTest::finish(bool ok, const QString &message, const QList<RemoteModel> &models)
{
    if (m_finished)
        return;
    m_finished = true;
    m_reply = nullptr;
    m_ok = ok;
    m_message = message;
    m_models = models;
    emit finished();
}

ConnectionTest *ConnectionManager::test(const Connection &c,
                                        const QByteArray &token,
                                        QObject *parent)
{
    auto *test = new ConnectionTest(parent);
    QPointer<ConnectionTest> alive(test);
    auto report = [alive](bool ok, const QString &message, const QList<RemoteModel> &models) {
        if (alive)
            alive->finish(ok, message, models);
    };

    const QString problem = checkBaseUrl(c.address());
    if (!problem.isEmpty()) {
        QMetaObject::invokeMethod(this, [report, problem] { report(false, problem, {}); }, Qt::QueuedConnection);
        return test;
    }
    auto run = [this, alive, report, c](const QByteArray &t) {
        if (!alive)
            return;
        alive->m_reply = fetchModels(
            c,
            t,
            ListTimeoutMs,
            [report,
             kind = c.kind](bool ok, const QList<RemoteModel> &models, const QString &error, int) {
                if (!ok) {
                    report(false, error, models);
                    return;
                }
                QString message = Tr::tr("Connected: %n chat model(s).",
                                         nullptr,
                                         int(models.size()));
                const auto notReady = std::count_if(models.cbegin(),
                                                    models.cend(),
                                                    [](const RemoteModel &m) { return !m.ready; });
                if (kind == Connection::Kind::Databricks && notReady > 0)
                    message += u' ' + Tr::tr("%n of them not ready.", nullptr, int(notReady));
                if (models.isEmpty())
                    message += u' '
                               + (kind == Connection::Kind::Databricks
                                      ? Tr::tr(
                                          "The workspace has no chat serving endpoint you can use.")
                                      : Tr::tr("The server lists no model."));
                report(true, message, models);
            });
    };
    if (c.tokenSource == Connection::TokenSource::ServicePrincipal && !token.isEmpty()) {
        // `token` is the client secret just typed: it goes to the token endpoint only.
        DatabricksCredential cred;
        cred.method = DatabricksCredential::Method::OAuthM2M;
        cred.host = normalizeDatabricksHost(c.baseUrl);
        cred.clientId = c.clientId;
        cred.clientSecret = token;
        m_oauth->token(cred, [run, report](std::optional<QByteArray> t, const QString &error) {
            if (!t) {
                report(false, error, {});
                return;
            }
            run(*t);
        });
        return test;
    }
    const bool needsStoredToken = token.isEmpty() && c.tokenSource != Connection::TokenSource::None;
    if (!needsStoredToken) {
        // Started from the event loop, like every other answer of this class.
        QMetaObject::invokeMethod(this, [run, token] { run(token); }, Qt::QueuedConnection);
        return test;
    }
    Connection lookup = c;
    if (c.tokenSource == Connection::TokenSource::Keychain || c.tokenSource == Connection::TokenSource::ServicePrincipal) {
        // A saved connection being edited: its token (or client secret) is the one in the keychain.
        const auto savedAs = std::find_if(m_saved.cbegin(), m_saved.cend(), [&](const Connection &s) { return s.id == c.id; });
        const bool saved = savedAs != m_saved.cend();
        lookup.persistent = saved;
        if (saved && !sameOrigin(savedAs->address(), c.address())) {
            // Its saved token belongs to the old address: never sent to the new one.
            QMetaObject::invokeMethod(this, [report, host = hostOf(c.address())] {
                report(false, Tr::tr("The address changed to %1: enter the token for it.").arg(host), {});
            }, Qt::QueuedConnection);
            return test;
        }
        if (!saved) {
            QMetaObject::invokeMethod(this, [report] { report(false, Tr::tr("Enter the token first."), {}); },
                                      Qt::QueuedConnection);
            return test;
        }
    }
    resolveToken(lookup, [run, report](std::optional<QByteArray> t, const QString &error) {
        if (!t) {
            report(false, error, {});
            return;
        }
        run(*t);
    });
    return test;
}

QNetworkReply *ConnectionManager::fetchModels(const Connection &c, const QByteArray &token, int timeoutMs,
                                              ListCallback done)
{
    const QUrl url = c.modelsUrl();
    if (!m_nam) {
        QMetaObject::invokeMethod(this, [done] { done(false, {}, Tr::tr("The network is not available."), 0); },
                                  Qt::QueuedConnection);
        return nullptr;
    }
    QNetworkRequest request(url);
    request.setRawHeader("Accept", "application/json");
    request.setHeader(QNetworkRequest::UserAgentHeader,
                      QStringLiteral("Squint/%1").arg(QCoreApplication::applicationVersion()));
    if (!token.isEmpty())
        request.setRawHeader("Authorization", QByteArrayLiteral("Bearer ") + token);
    request.setTransferTimeout(timeoutMs);
    setCredentialRedirectPolicy(request);
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    request.setAttribute(QNetworkRequest::CacheSaveControlAttribute, false);

    QNetworkReply *reply = m_nam->get(request);
    reply->setParent(this);
    // Redirects only within the same server: the token must not follow one elsewhere.
    guardRedirects(reply, url, this, [reply](const QString &why, int) {
        reply->setProperty(RedirectRefusedProperty, why);
    });
    connect(reply, &QNetworkReply::downloadProgress, this, [reply](qint64 received, qint64) {
        if (received > MaxListBytes && !reply->property(TooLargeProperty).toBool()) {
            reply->setProperty(TooLargeProperty, true);
            reply->abort();
        }
    });
    // TLS errors are never ignored: the reply then fails with SslHandshakeFailedError.
    connect(reply, &QNetworkReply::finished, this, [reply, done, token, kind = c.kind, host = hostOf(url)] {
        reply->deleteLater();
        const QByteArray body = reply->isOpen() ? reply->readAll() : QByteArray(); // closed once aborted
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QString refused = reply->property(RedirectRefusedProperty).toString();
        if (!refused.isEmpty()) {
            done(false, {}, refused, status);
            return;
        }
        if (reply->property(TooLargeProperty).toBool()) {
            done(false,
                 {},
                 Tr::tr("The list of models from %1 is larger than %2; Squint does not read it.")
                     .arg(host, formatBytes(MaxListBytes)),
                 status);
            return;
        }
        if (status >= 200 && status < 300 && reply->error() == QNetworkReply::NoError) {
            QString parseError;
            const QList<RemoteModel> models = parseRemoteModels(kind, body, &parseError);
            if (!parseError.isEmpty()) {
                done(false, {}, clean(Tr::tr("%1 answered, but not with a list of models: %2").arg(host, parseError), token), status);
                return;
            }
            done(true, models, QString(), status);
            return;
        }
        ApiError e;
        if (status > 0) {
            e = errorFromHttp(status, reply->header(QNetworkRequest::ContentTypeHeader).toByteArray(), body,
                              reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toByteArray(), token);
        } else {
            ApiError::Kind k = ApiError::Kind::Network;
            switch (reply->error()) {
            case QNetworkReply::SslHandshakeFailedError: k = ApiError::Kind::Tls; break;
            case QNetworkReply::TimeoutError:
            case QNetworkReply::OperationCanceledError: k = ApiError::Kind::Timeout; break; // the transfer timeout
            default: break;
            }
            e = transportError(k, reply->errorString(), host);
        }
        QString message = e.message;
        if (!e.hint.isEmpty())
            message += u' ' + e.hint;
        done(false, {}, clean(message, token), status);
    });
    return reply;
}

QStringList ConnectionManager::databricksProfiles() const
{
    const std::optional<QByteArray> text = m_env.readFile(databricksConfigPath(m_env.env, m_env.homeDir));
    if (!text)
        return {};
    return squint::databricksProfiles(parseIni(*text));
}

QString ConnectionManager::databricksProfileHost(const QString &profile) const
{
    return resolveDatabricks(m_env.env, profile, m_env.homeDir, m_env.readFile).host;
}

} // namespace squint
