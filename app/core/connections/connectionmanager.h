#pragma once

#include "core/chat/chattarget.h"
#include "core/connections/connections.h"
#include "core/connections/databricksauth.h"
#include "core/connections/databricksconfig.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <functional>
#include <optional>

class QNetworkAccessManager;
class QNetworkReply;
class QTimer;

namespace squint {

class SecretStore;
class Settings;

/// One test of a connection (ConnectionManager::test()), like a ChatCall is one question: it ends
/// once with finished(), after which ok(), message() and models() say how it went. Whoever asked
/// owns it; deleting it abandons the test (its request is aborted and nothing is reported).
class ConnectionTest final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConnectionTest)
public:
    ~ConnectionTest() override;

    bool isFinished() const { return m_finished; }
    bool ok() const { return m_ok; }
    /// The HTTP status and the server's words on failure, the model count on success.
    QString message() const { return m_message; }
    QList<RemoteModel> models() const { return m_models; }

signals:
    void finished();

private:
    friend class ConnectionManager;
    explicit ConnectionTest(QObject *parent);
    void finish(bool ok, const QString &message, const QList<RemoteModel> &models);

    QPointer<QNetworkReply> m_reply;
    bool m_finished = false;
    bool m_ok = false;
    QString m_message;
    QList<RemoteModel> m_models;
};

/// The connections Squint knows and the one in use. It gathers the environment's (DATABRICKS_HOST /
/// DATABRICKS_TOKEN, ~/.databrickscfg, OPENAI_API_KEY), the ones the user saved (ConnectionStore, the
/// tokens typed into Squint in the SecretStore) and an Ollama server found on this computer; it
/// resolves the current connection's token into a ChatTarget and lists or tests a connection's models.
///
/// Everything is asynchronous (keychain reads, HTTP); nothing here blocks except reading the small
/// Databricks config file. A token only ever leaves this class in targetChanged().
class ConnectionManager final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConnectionManager)
public:
    /// Where environment connections and their tokens come from; tests pass their own.
    struct Environment
    {
        QHash<QString, QString> env;
        QString homeDir;
        FileReader readFile;
        /// This process's environment, home folder and files.
        static Environment system();
    };

    /// The id of the Ollama server found by the probe (not saved unless the user saves it).
    static QString detectedOllamaId();

    /// `settings`, `secrets` and `nam` are owned elsewhere and must outlive the manager.
    ConnectionManager(Settings *settings, SecretStore *secrets, QNetworkAccessManager *nam, Environment environment,
                      QObject *parent = nullptr);
    ~ConnectionManager() override;

    /// Loads saved connections and those from the environment/~/.databrickscfg; probes Ollama at
    /// ollamaProbeUrl() (GET .../models, 1.5 s timeout, async) and offers it as a connection when it
    /// answers; chooses the current one (saved current id, else the environment's Databricks, else
    /// OpenAI, else the first saved one, else a detected Ollama).
    void start();

    /// Default http://localhost:11434/v1 (tests point it at a fake). Takes effect at the next probe.
    void setOllamaProbeUrl(const QUrl &base);
    QUrl ollamaProbeUrl() const { return m_probeBase; }
    /// Asks the Ollama probe URL again (start() does it once); the answer updates connections().
    void probeOllama();
    /// The probe is waiting for an answer.
    bool isProbing() const { return m_probe != nullptr; }
    /// The last probe found an Ollama server.
    bool ollamaDetected() const { return m_detected.has_value(); }

    /// Environment ones first, then saved (by name), then a detected Ollama (unless a saved or
    /// environment connection already points at it).
    QList<Connection> connections() const;
    std::optional<Connection> connection(const QString &id) const;
    std::optional<Connection> current() const;
    QString currentId() const { return m_currentId; }
    /// No connection at all (after start() and the Ollama probe finished).
    bool needsSetup() const;

    /// Makes `id` current and remembers it; resolves the token and emits targetChanged or
    /// targetFailed. An unknown id is ignored.
    void setCurrent(const QString &id);
    /// Saves (adds or replaces) a connection; a Keychain connection's token goes to the SecretStore
    /// (never the INI); an empty `token` keeps the one already stored. A connection without id, or
    /// one from the environment or the probe, is saved as a new connection. Makes it current when
    /// `makeCurrent`. Returns the saved connection's id.
    QString save(const Connection &c, const QByteArray &token, bool makeCurrent = true);
    /// Removes a saved connection and its secret.
    void remove(const QString &id);

    /// Of the current connection, with its token once resolved (empty token before that).
    ChatTarget target() const;

    /// Where OAuth tokens (Databricks CLI, service principal) come from for every request of this
    /// manager: chat targets, model lists and tests. Tests set its clock.
    DatabricksTokenProvider *tokenProvider() const { return m_oauth; }
    /// When the current connection's OAuth token is renewed (a timer calls renewToken() then);
    /// std::nullopt when it has none, e.g. a personal access token.
    std::optional<QDateTime> tokenRenewalDue() const;
    /// Fetches the current connection's OAuth token again if the cached one is due, and emits
    /// targetChanged with it (targetFailed when that fails). Nothing for other connections.
    void renewToken();
    /// The server refused the current target's token (HTTP 401): for an OAuth connection the token
    /// is forgotten and fetched once more (targetChanged or targetFailed follow) and true is
    /// returned; false for tokens Squint can't renew.
    bool tokenRejected();
    /// For a long run that holds a copy of `stale` (a batch): its token was refused, so the
    /// current connection's OAuth token is forgotten and fetched again, and `done` gets it (from the
    /// event loop). When `stale` is not the current connection's target any more, or its token does
    /// not expire, `done` gets an empty token and why: a token only ever goes to its own host.
    void renewTokenFor(const ChatTarget &stale, std::function<void(const QByteArray &token, const QString &error)> done);
    /// The current connection's token is resolved (target() carries it).
    bool isTargetReady() const { return m_targetReady; }

    /// GETs the current connection's models list with its token -> modelsListed(id, models, error).
    void refreshModels();
    /// Tries a connection that may not be saved: GETs its models URL with `token` (when empty: its
    /// environment/profile token, or the keychain's for a saved Keychain connection). The answer
    /// comes to the returned test alone (ConnectionTest::finished()), a child of `parent`; tests
    /// asked from several places run side by side.
    ConnectionTest *test(const Connection &c, const QByteArray &token, QObject *parent);

    /// Profiles of the Databricks config file this manager's environment names.
    QStringList databricksProfiles() const;
    /// The workspace a Databricks profile resolves to (environment variables applied), or empty.
    QString databricksProfileHost(const QString &profile) const;

    /// Transfer timeouts.
    static constexpr int ProbeTimeoutMs = 1500;
    static constexpr int ListTimeoutMs = 15000;
    /// Model lists larger than this are refused.
    static constexpr qint64 MaxListBytes = 8 * 1024 * 1024;

signals:
    void connectionsChanged();
    void currentChanged();
    /// The current connection's token is resolved (possibly empty for None). Also emitted with an
    /// empty, invalid target when no connection is left to be current.
    void targetChanged(const squint::ChatTarget &target);
    /// The current connection can't be used as it is (e.g. its token is missing): says what to do.
    void targetFailed(const QString &why);
    void modelsListed(const QString &connectionId,
                      const QList<squint::RemoteModel> &models,
                      const QString &error);
    /// Something the user should know that needs no answer (keychain unavailable, environment warnings).
    void notice(const QString &text);
    void setupNeededChanged(bool needed);

private:
    using TokenCallback = std::function<void(std::optional<QByteArray> token, QString error)>;
    using ListCallback = std::function<void(bool ok, QList<RemoteModel> models, QString error, int status)>;

    void resolveToken(const Connection &c, TokenCallback done);
    /// The OAuth token of `cred` through m_oauth, remembering `cred` for connection `id`.
    void fetchOAuth(const DatabricksCredential &cred, const QString &id, TokenCallback done);
    void scheduleRenewal();
    QNetworkReply *fetchModels(const Connection &c, const QByteArray &token, int timeoutMs, ListCallback done);
    void chooseCurrent();
    void activate(const Connection &c, std::optional<QByteArray> knownToken);
    void clearCurrent();
    void updateSetupNeeded();
    void onProbeFinished(bool found);

    Settings *m_settings = nullptr;
    SecretStore *m_secrets = nullptr;
    QPointer<QNetworkAccessManager> m_nam;
    Environment m_env;
    ConnectionStore m_store;

    bool m_started = false;
    QList<Connection> m_envConnections;
    QList<Connection> m_saved;
    std::optional<Connection> m_detected;
    QUrl m_probeBase;
    QNetworkReply *m_probe = nullptr;
    bool m_probeDone = false;

    QString m_currentId;
    QByteArray m_token;
    bool m_targetReady = false;
    DatabricksTokenProvider *m_oauth = nullptr;
    /// The OAuth credentials last used per connection id (in memory only; they may hold a secret).
    QHash<QString, DatabricksCredential> m_credentials;
    std::optional<DatabricksCredential> m_currentCredential;
    QTimer *m_renewTimer = nullptr;
    quint64 m_resolveGeneration = 0;

    bool m_setupNeeded = false;
};

} // namespace squint
