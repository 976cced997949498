#pragma once

#include "core/connections/databricksconfig.h"

#include <QByteArray>
#include <QDateTime>
#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>

#include <functional>
#include <optional>

class QNetworkAccessManager;

namespace squint {

/// How a Databricks connection signs in, as the Databricks SDKs' auth_type names it.
struct DatabricksCredential
{
    enum class Method {
        Pat,           ///< "pat": a personal access token, nothing to fetch
        OAuthM2M,      ///< "oauth-m2m": a service principal's client_id and client_secret
        DatabricksCli, ///< "databricks-cli": `databricks auth token` after `databricks auth login`
    };
    Method method = Method::Pat;
    QString host;     ///< normalised workspace, https://HOST (http only for a loopback test host)
    QString profile;  ///< DatabricksCli: passed as --profile when set, else --host is
    QString clientId; ///< OAuthM2M
    QByteArray clientSecret; ///< OAuthM2M; never shown, logged or saved by this class

    /// The key of its cached token (the secret is hashed, never kept in the key).
    QString cacheKey() const;
};

/// "pat", "oauth-m2m", "databricks-cli".
QString authTypeName(DatabricksCredential::Method method);
/// The method of an auth_type value (any case), or std::nullopt for one Squint does not do.
std::optional<DatabricksCredential::Method> authMethodFromName(const QString &authType);

/// The OAuth credential of a resolution whose method is oauth-m2m or databricks-cli (the profile it
/// read is kept for the CLI's --profile); std::nullopt for a personal access token or none.
std::optional<DatabricksCredential> oauthCredential(const DatabricksResolution &r);

/// For the command line only (it runs a nested event loop until the answer): the token of `c`, or
/// empty with a translated `error`. Needs a QCoreApplication.
QByteArray fetchDatabricksTokenBlocking(const DatabricksCredential &c,
                                        const QHash<QString, QString> &env,
                                        QString *error);

/// The command that signs in again: "databricks auth login --host H" (with " --profile P").
QString databricksLoginCommand(const DatabricksCredential &c);

/// Gets short-lived OAuth tokens for Databricks connections and keeps each in memory (never in a
/// file) until shortly before it expires:
/// - DatabricksCli runs `databricks auth token --profile P` (or `--host H`) asynchronously with a
///   timeout, and reads access_token / expiry from its JSON;
/// - OAuthM2M POSTs `grant_type=client_credentials&scope=all-apis` to HOST/oidc/v1/token with HTTP
///   Basic client_id:client_secret, following no redirect to another origin.
/// Requests for the same credential while one is running share its answer. Errors are translated,
/// say what to do, and never hold the secret or a token.
class DatabricksTokenProvider final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DatabricksTokenProvider)
public:
    using Callback = std::function<void(std::optional<QByteArray> token, QString error)>;
    using Clock = std::function<QDateTime()>;

    /// `env` gives PATH (where `databricks` is looked for). `nam` must outlive the provider.
    DatabricksTokenProvider(QNetworkAccessManager *nam,
                            QHash<QString, QString> env,
                            QObject *parent = nullptr);
    ~DatabricksTokenProvider() override;

    /// Calls `done` from the event loop (never from inside this call) with a token valid for at
    /// least RefreshMarginSecs more seconds, fetching one when none is cached.
    void token(const DatabricksCredential &c, Callback done);
    /// Forgets the cached token of `c` (the server refused it): the next token() fetches anew.
    void invalidate(const DatabricksCredential &c);
    /// When the cached token of `c` stops being handed out, if one is cached.
    std::optional<QDateTime> refreshAt(const DatabricksCredential &c) const;

    /// The provider's clock (UTC): the system's unless a test set another.
    QDateTime now() const;
    /// Tests replace the clock to expire tokens without waiting.
    void setClock(Clock clock) { m_clock = std::move(clock); }

    static constexpr int RefreshMarginSecs = 120;
    static constexpr int CliTimeoutMs = 30'000;
    static constexpr int TokenRequestTimeoutMs = 30'000;
    /// Answers (CLI output, token endpoint body) larger than this are refused.
    static constexpr qint64 MaxAnswerBytes = 256 * 1024;

private:
    struct Cached
    {
        QByteArray token;
        QDateTime expiry;
    };
    void finish(const QString &key, std::optional<QByteArray> token, const QString &error);
    void fetchFromCli(const DatabricksCredential &c, const QString &key);
    void fetchM2M(const DatabricksCredential &c, const QString &key);

    QPointer<QNetworkAccessManager> m_nam;
    QHash<QString, QString> m_env;
    Clock m_clock;
    QHash<QString, Cached> m_cache;
    QHash<QString, QList<Callback>> m_waiting;
};

} // namespace squint
