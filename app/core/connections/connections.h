#pragma once

#include "core/chat/chattarget.h"
#include "core/connections/databricksconfig.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <functional>

class QNetworkReply;
class QNetworkRequest;
class QObject;
class QSettings;

namespace squint {

/// One place Squint can send chat requests to: a Databricks workspace or an OpenAI-compatible
/// server, with where its token comes from. The token itself is never part of a Connection.
struct Connection
{
    enum class Kind { Databricks, OpenAI, Ollama, Compatible };
    enum class TokenSource {
        None,              ///< no token is sent (e.g. a local Ollama)
        Keychain,          ///< typed into Squint, kept by the SecretStore under keychainKey()
        Environment,       ///< the environment variable tokenEnv
        DatabricksProfile, ///< resolveDatabricks() with `profile` (a token, a service principal or the CLI)
        DatabricksCli,     ///< `databricks auth token --host HOST` (after `databricks auth login`)
        ServicePrincipal,  ///< OAuth M2M: `clientId`, its secret kept by the SecretStore under keychainKey()
    };

    QString id;   ///< stable: a UUID without braces; "env:databricks" / "env:openai" for the environment's
    Kind kind = Kind::Compatible;
    QString name; ///< shown to the user, e.g. "Databricks (dbc-1234.cloud.databricks.com)"
    /// Databricks: the workspace, https://HOST. Others: the API base such as https://api.openai.com/v1
    /// or http://localhost:11434/v1.
    QString baseUrl;
    TokenSource tokenSource = TokenSource::None;
    QString tokenEnv; ///< Environment: the variable (DATABRICKS_TOKEN, OPENAI_API_KEY, --token-env's)
    QString profile;  ///< DatabricksProfile: the profile ("" = the default resolution)
    QString clientId; ///< ServicePrincipal: the service principal's client ID (not a secret)
    bool persistent = true; ///< false for connections derived from the environment (never saved)

    /// Databricks: HOST/serving-endpoints/chat/completions. Others: base + "/chat/completions"
    /// joined like openai-node (no double slash; a query on the base is kept).
    QUrl chatUrl() const;
    /// Databricks: HOST/api/2.0/serving-endpoints. Others: base + "/models".
    QUrl modelsUrl() const;
    /// "max_completion_tokens" for OpenAI; "max_tokens" for the others (Ollama ignores the former).
    QString maxTokensField() const;
    /// Whether requests may carry stream_options (not for Databricks: unconfirmed there, and
    /// Databricks rejects unknown fields on some endpoints).
    bool sendsStreamOptions() const;
    /// Where its requests go: the workspace (normalized) for Databricks, else the base URL.
    QUrl address() const;
    /// The SecretStore key of this connection's token (or client secret): "connection/<id>".
    QString keychainKey() const;

    friend bool operator==(const Connection &, const Connection &) = default;
};

/// Where chat requests go through `c`: its name, chat URL, token field and stream options, with
/// `token` (empty: no Authorization header). The transfer timeout is ChatTarget's default.
ChatTarget chatTargetFor(const Connection &c, const QByteArray &token);

/// A new connection id (a UUID without braces).
QString newConnectionId();

/// "host" or "host:port" when the URL names a port: how connection names show a server.
QString hostAndPort(const QUrl &url);

/// Translated: "Databricks workspace", "OpenAI", "Ollama (local)", "OpenAI-compatible".
QString kindName(Connection::Kind kind);

/// The usual base URL of a kind ("https://api.openai.com/v1", "http://localhost:11434/v1"); empty
/// for Databricks and Compatible.
QString defaultBaseUrl(Connection::Kind kind);

/// True when `host` is a loopback address: localhost, 127.0.0.0/8 or ::1.
bool isLoopbackHost(const QString &host);

/// Empty when `url` is acceptable as a base URL; else a translated reason. https always; http only
/// to a loopback host (tokens must not cross a network in clear); no other schemes; a host is
/// required; no user name or password in the URL (it would be saved in the settings file).
QString checkBaseUrl(const QUrl &url);

/// Same scheme, host and port (a missing port is the scheme's default).
bool sameOrigin(const QUrl &a, const QUrl &b);

/// The one rule for requests that carry a token (or a user's images): they stay on the origin
/// they were sent to. Empty when a redirect from `from` to `to` keeps the same scheme, host and
/// port; else a translated sentence naming the other address (so https to http, another port,
/// localhost to a network address are all refused).
QString redirectProblem(const QUrl &from, const QUrl &to);

/// Makes `request` leave every redirect to guardRedirects() (Qt follows none by itself).
void setCredentialRedirectPolicy(QNetworkRequest &request);

/// Follows `reply`'s redirects that redirectProblem() accepts; refuses any other before a
/// connection to it is made: the reply is aborted and `refused` is called (with `context` alive)
/// with the reason and the redirect's HTTP status. The reply must come from a request given
/// setCredentialRedirectPolicy().
void guardRedirects(QNetworkReply *reply, const QUrl &origin, QObject *context,
                    std::function<void(const QString &why, int status)> refused);

/// A model (OpenAI-style list) or serving endpoint (Databricks) offered by a connection.
struct RemoteModel
{
    QString name;        ///< what goes into the request's "model"
    QString displayName; ///< for the user; the name when the server gives nothing better
    QString task;        ///< Databricks task, e.g. "llm/v1/chat"; empty for model lists
    bool ready = true;   ///< false for Databricks endpoints that are NOT_READY
    bool chat = true;    ///< answers chat completions (always true in the lists below)
    QString detail;      ///< translated, e.g. "external model openai/gpt-4o", "not ready: IN_PROGRESS"

    friend bool operator==(const RemoteModel &, const RemoteModel &) = default;
};

/// The chat endpoints of `GET /api/2.0/serving-endpoints`: task "llm/v1/chat", else the served
/// entities' external_model.task. `{}` is an empty workspace. Invalid JSON: empty list and `error`.
QList<RemoteModel> parseDatabricksEndpoints(QByteArrayView json, QString *error = nullptr);

/// The models of `GET /v1/models`: OpenAI, vLLM, Ollama (`data` may be null), llama.cpp (`models`
/// and `data`). Invalid JSON or an error body: empty list and `error`.
QList<RemoteModel> parseModelList(QByteArrayView json, QString *error = nullptr);

/// The models of a connection's list answer (parseDatabricksEndpoints or parseModelList).
QList<RemoteModel> parseRemoteModels(Connection::Kind kind, QByteArrayView json, QString *error = nullptr);

/// Connections found in the environment at start (not persistent):
/// - "env:databricks" when `databricks` is usable: token source Environment (DATABRICKS_TOKEN) when
///   no profile was read, else DatabricksProfile with the profile it read;
/// - "env:openai" when OPENAI_API_KEY is set; OPENAI_BASE_URL replaces https://api.openai.com/v1
///   (a base URL that checkBaseUrl refuses drops the connection, with a warning).
QList<Connection> connectionsFromEnvironment(const QHash<QString, QString> &env,
                                             const DatabricksResolution &databricks,
                                             QStringList *warnings = nullptr);

/// The connections the user saved, in the settings INI under the group "connections": every field
/// but any token (tokens go to the SecretStore), plus the current connection's id.
class ConnectionStore
{
public:
    /// `settings` is owned elsewhere and must outlive the store.
    explicit ConnectionStore(QSettings *settings);

    /// Saved connections, sorted by name.
    QList<Connection> saved() const;
    /// Adds or replaces the connection with `c.id`. Non-persistent connections are not saved.
    void save(const Connection &c);
    void remove(const QString &id);

    QString currentId() const;
    void setCurrentId(const QString &id);

private:
    QSettings *m_settings;
};

/// The token of a connection that doesn't use the keychain: Environment reads `tokenEnv` from
/// `env`; DatabricksProfile resolves `profile` again (and refuses a token whose profile now names
/// another workspace than the connection's). None gives an empty token and no error. Empty with a
/// translated `error` when missing; the error never contains the token.
QByteArray tokenFromEnvironment(const Connection &c, const QHash<QString, QString> &env, const QString &homeDir,
                                const FileReader &readFile, QString *error);

} // namespace squint
