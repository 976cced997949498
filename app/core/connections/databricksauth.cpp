#include "core/connections/databricksauth.h"

#include "core/chat/chatprotocol.h"
#include "core/connections/connections.h"
#include "core/util/enumnames.h"
#include "core/util/hash.h"

#include <QCoreApplication>
#include <QDir>
#include <QEventLoop>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>
#include <QMetaObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTimer>
#include <QUrl>

#include <utility>

namespace squint {

// Translation context for this file's messages (lupdate reads it from here).
namespace {
class Tr
{
    Q_DECLARE_TR_FUNCTIONS(squint::DatabricksAuth)
};

const char TooLargeProperty[] = "squintTokenAnswerTooLarge";
const char RedirectRefusedProperty[] = "squintRedirectRefused";

/// The first lines of a program's or server's words, as plain single-spaced text of bounded size.
QString firstWords(const QByteArray &bytes)
{
    QString text = QString::fromUtf8(bytes.left(2000)).trimmed();
    QStringList lines = text.split(u'\n', Qt::SkipEmptyParts);
    if (lines.size() > 3)
        lines = lines.mid(0, 3);
    text = lines.join(u' ');
    for (QChar &ch : text) {
        if (ch.category() == QChar::Other_Control || ch.category() == QChar::Other_Format)
            ch = u' ';
    }
    return text.simplified();
}

/// RFC 3339 as the Go CLI writes it (up to nanoseconds, Z or an offset); invalid when not that.
QDateTime parseExpiry(const QString &text)
{
    static const QRegularExpression fraction(QStringLiteral("^([^.]*\\.\\d{1,3})\\d*(.*)$"));
    QString s = text.trimmed();
    const QRegularExpressionMatch m = fraction.match(s);
    if (m.hasMatch())
        s = m.captured(1) + m.captured(2);
    return QDateTime::fromString(s, Qt::ISODateWithMs);
}

QString hostName(const QString &host)
{
    const QUrl url(host);
    return url.host().isEmpty() ? host : url.host();
}

} // namespace

QString DatabricksCredential::cacheKey() const
{
    const QByteArray secretHash = clientSecret.isEmpty() ? QByteArray() : sha256Hex(clientSecret);
    return authTypeName(method) + u'\n' + host + u'\n' + profile + u'\n' + clientId + u'\n'
           + QString::fromLatin1(secretHash);
}

namespace {
constexpr EnumName<DatabricksCredential::Method> AuthTypeNames[] = {
    {DatabricksCredential::Method::Pat, u"pat"},
    {DatabricksCredential::Method::OAuthM2M, u"oauth-m2m"},
    {DatabricksCredential::Method::DatabricksCli, u"databricks-cli"},
};
} // namespace

QString authTypeName(DatabricksCredential::Method method)
{
    return nameOf(AuthTypeNames, method);
}

std::optional<DatabricksCredential::Method> authMethodFromName(const QString &authType)
{
    return valueOf(AuthTypeNames, authType.trimmed().toLower());
}

std::optional<DatabricksCredential> oauthCredential(const DatabricksResolution &r)
{
    const std::optional<DatabricksCredential::Method> method = authMethodFromName(r.method);
    if (!r.isUsable() || !method || *method == DatabricksCredential::Method::Pat)
        return std::nullopt;
    DatabricksCredential c;
    c.method = *method;
    c.host = r.host;
    c.profile = r.profile;
    c.clientId = r.clientId;
    c.clientSecret = r.clientSecret;
    return c;
}

QByteArray fetchDatabricksTokenBlocking(const DatabricksCredential &c,
                                        const QHash<QString, QString> &env,
                                        QString *error)
{
    QNetworkAccessManager nam;
    DatabricksTokenProvider provider(&nam, env);
    QEventLoop loop;
    QByteArray token;
    QString why;
    provider.token(c, [&](std::optional<QByteArray> t, const QString &e) {
        token = t.value_or(QByteArray());
        why = e;
        loop.quit();
    });
    loop.exec();
    if (error)
        *error = why;
    return token;
}

QString databricksLoginCommand(const DatabricksCredential &c)
{
    QString command = QStringLiteral("databricks auth login --host %1").arg(c.host);
    if (!c.profile.isEmpty())
        command += QStringLiteral(" --profile %1").arg(c.profile);
    return command;
}

DatabricksTokenProvider::DatabricksTokenProvider(QNetworkAccessManager *nam,
                                                 QHash<QString, QString> env,
                                                 QObject *parent)
    : QObject(parent)
    , m_nam(nam)
    , m_env(std::move(env))
{}

// Processes and replies are children: deleting the provider ends them, and no callback runs.
DatabricksTokenProvider::~DatabricksTokenProvider() = default;

QDateTime DatabricksTokenProvider::now() const
{
    return m_clock ? m_clock() : QDateTime::currentDateTimeUtc();
}

std::optional<QDateTime> DatabricksTokenProvider::refreshAt(const DatabricksCredential &c) const
{
    const auto it = m_cache.constFind(c.cacheKey());
    if (it == m_cache.cend())
        return std::nullopt;
    return it->expiry.addSecs(-RefreshMarginSecs);
}

void DatabricksTokenProvider::invalidate(const DatabricksCredential &c)
{
    m_cache.remove(c.cacheKey());
}

void DatabricksTokenProvider::token(const DatabricksCredential &c, Callback done)
{
    const QString key = c.cacheKey();
    const auto cached = m_cache.constFind(key);
    if (cached != m_cache.cend() && now() < cached->expiry.addSecs(-RefreshMarginSecs)) {
        QMetaObject::invokeMethod(
            this, [done, token = cached->token] { done(token, QString()); }, Qt::QueuedConnection);
        return;
    }
    m_cache.remove(key);
    const bool running = m_waiting.contains(key);
    m_waiting[key].append(std::move(done));
    if (running)
        return;
    switch (c.method) {
    case DatabricksCredential::Method::DatabricksCli:
        fetchFromCli(c, key);
        break;
    case DatabricksCredential::Method::OAuthM2M:
        fetchM2M(c, key);
        break;
    case DatabricksCredential::Method::Pat:
        QMetaObject::invokeMethod(
            this,
            [this, key] {
                finish(key,
                       std::nullopt,
                       Tr::tr(
                           "A personal access token is not fetched; it is read from its source."));
            },
            Qt::QueuedConnection);
        break;
    }
}

void DatabricksTokenProvider::finish(const QString &key,
                                     std::optional<QByteArray> token,
                                     const QString &error)
{
    const QList<Callback> waiting = m_waiting.take(key);
    for (const Callback &cb : waiting)
        cb(token, error);
}

void DatabricksTokenProvider::fetchFromCli(const DatabricksCredential &c, const QString &key)
{
    const QString login = databricksLoginCommand(c);
    const QStringList path = m_env.value(QStringLiteral("PATH"))
                                 .split(QDir::listSeparator(), Qt::SkipEmptyParts);
    const QString program = path.isEmpty()
                                ? QString()
                                : QStandardPaths::findExecutable(QStringLiteral("databricks"), path);
    if (program.isEmpty()) {
        QMetaObject::invokeMethod(
            this,
            [this, key, login] {
                finish(key,
                       std::nullopt,
                       Tr::tr("The Databricks CLI (databricks) is not on PATH. Install it, sign in "
                              "with “%1” and try "
                              "again.")
                           .arg(login));
            },
            Qt::QueuedConnection);
        return;
    }
    QStringList args{QStringLiteral("auth"), QStringLiteral("token")};
    if (!c.profile.isEmpty())
        args << QStringLiteral("--profile") << c.profile;
    else
        args << QStringLiteral("--host") << c.host;

    auto *process = new QProcess(this);
    process->setProgram(program);
    process->setArguments(args);
    process->setProcessChannelMode(QProcess::SeparateChannels);
    auto *timer = new QTimer(process);
    timer->setSingleShot(true);
    auto tooLarge = std::make_shared<bool>(false);
    auto timedOut = std::make_shared<bool>(false);
    connect(timer, &QTimer::timeout, process, [process, timedOut] {
        *timedOut = true;
        process->kill();
    });
    const auto guard = [process, tooLarge] {
        if (process->bytesAvailable() > MaxAnswerBytes) {
            *tooLarge = true;
            process->kill();
        }
    };
    connect(process, &QProcess::readyReadStandardOutput, process, guard);
    const QString host = hostName(c.host);
    connect(process,
            &QProcess::errorOccurred,
            this,
            [this, process, key, login](QProcess::ProcessError e) {
                if (e != QProcess::FailedToStart)
                    return; // the others end in finished()
                process->deleteLater();
                finish(key,
                       std::nullopt,
                       Tr::tr("The Databricks CLI could not be started (%1). Check it works, sign "
                              "in with “%2” and try again.")
                           .arg(process->errorString(), login));
            });
    connect(process,
            &QProcess::finished,
            this,
            [this, process, key, login, host, tooLarge, timedOut](int code,
                                                                  QProcess::ExitStatus status) {
                process->deleteLater();
                const QByteArray out = process->readAllStandardOutput().left(MaxAnswerBytes);
                const QByteArray err = process->readAllStandardError().left(MaxAnswerBytes);
                if (*timedOut) {
                    finish(key,
                           std::nullopt,
                           Tr::tr("The Databricks CLI gave no token for %1 in %2 seconds. Run “%3” "
                                  "in a terminal and try again.")
                               .arg(host)
                               .arg(CliTimeoutMs / 1000)
                               .arg(login));
                    return;
                }
                if (*tooLarge) {
                    finish(key,
                           std::nullopt,
                           Tr::tr("The Databricks CLI wrote more than Squint reads for a token."));
                    return;
                }
                if (status != QProcess::NormalExit || code != 0) {
                    QString words = firstWords(err);
                    // The CLI prints no secret on failure, but a token it might echo is never shown.
                    const QJsonObject maybe = QJsonDocument::fromJson(out).object();
                    words = redactSecret(words,
                                         maybe.value(QLatin1String("access_token"))
                                             .toString()
                                             .toUtf8());
                    finish(key,
                           std::nullopt,
                           Tr::tr("The Databricks CLI could not give a token for %1%2. Sign in "
                                  "again with “%3” and try again.")
                               .arg(host,
                                    words.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(words),
                                    login));
                    return;
                }
                const QJsonObject o = QJsonDocument::fromJson(out).object();
                const QByteArray token = o.value(QLatin1String("access_token")).toString().toUtf8();
                if (token.isEmpty()) {
                    finish(key,
                           std::nullopt,
                           Tr::tr("The Databricks CLI answered without an access token for %1. "
                                  "Sign in again with “%2”.")
                               .arg(host, login));
                    return;
                }
                QDateTime expiry = parseExpiry(o.value(QLatin1String("expiry")).toString());
                if (!expiry.isValid())
                    expiry = now().addSecs(RefreshMarginSecs
                                           + 300); // unknown: ask again in five minutes
                m_cache.insert(key, Cached{token, expiry});
                finish(key, token, QString());
            });
    timer->start(CliTimeoutMs);
    process->start(QIODevice::ReadOnly);
}

void DatabricksTokenProvider::fetchM2M(const DatabricksCredential &c, const QString &key)
{
    const QString host = hostName(c.host);
    QUrl url(c.host + QStringLiteral("/oidc/v1/token"));
    QString problem = checkBaseUrl(url);
    if (c.clientId.isEmpty() || c.clientSecret.isEmpty())
        problem = Tr::tr("The service principal for %1 needs both a client ID and a client secret.")
                      .arg(host);
    if (!m_nam)
        problem = Tr::tr("The network is not available.");
    if (!problem.isEmpty()) {
        QMetaObject::invokeMethod(
            this,
            [this, key, problem] { finish(key, std::nullopt, problem); },
            Qt::QueuedConnection);
        return;
    }
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader,
                      QByteArrayLiteral("application/x-www-form-urlencoded"));
    request.setRawHeader("Accept", "application/json");
    request.setHeader(QNetworkRequest::UserAgentHeader,
                      QStringLiteral("Squint/%1").arg(QCoreApplication::applicationVersion()));
    request.setRawHeader("Authorization",
                         QByteArrayLiteral("Basic ")
                             + QByteArray(c.clientId.toUtf8() + ':' + c.clientSecret).toBase64());
    request.setTransferTimeout(TokenRequestTimeoutMs);
    setCredentialRedirectPolicy(request);
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    request.setAttribute(QNetworkRequest::CacheSaveControlAttribute, false);

    QNetworkReply *reply = m_nam->post(request,
                                       QByteArrayLiteral(
                                           "grant_type=client_credentials&scope=all-apis"));
    reply->setParent(this);
    // The secret goes to the workspace only: no redirect elsewhere is followed.
    guardRedirects(reply, url, this, [reply](const QString &why, int) {
        reply->setProperty(RedirectRefusedProperty, why);
    });
    connect(reply, &QNetworkReply::downloadProgress, this, [reply](qint64 received, qint64) {
        if (received > MaxAnswerBytes && !reply->property(TooLargeProperty).toBool()) {
            reply->setProperty(TooLargeProperty, true);
            reply->abort();
        }
    });
    const QByteArray secret = c.clientSecret;
    connect(reply, &QNetworkReply::finished, this, [this, reply, key, host, secret] {
        reply->deleteLater();
        const QByteArray body = reply->isOpen() ? reply->readAll() : QByteArray();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const auto fail = [&](const QString &why) {
            finish(key, std::nullopt, redactSecret(why, secret));
        };
        const QString refused = reply->property(RedirectRefusedProperty).toString();
        if (!refused.isEmpty())
            return fail(refused);
        if (reply->property(TooLargeProperty).toBool())
            return fail(
                Tr::tr("The token endpoint of %1 answered with more than Squint reads.").arg(host));
        const QJsonObject o = QJsonDocument::fromJson(body).object();
        if (status == 400 || status == 401 || status == 403) {
            QString words = o.value(QLatin1String("error_description")).toString();
            if (words.isEmpty())
                words = o.value(QLatin1String("error")).toString();
            words = firstWords(words.toUtf8());
            return fail(Tr::tr("%1 refused the service principal's client ID or secret (HTTP "
                               "%2%3). Check them in "
                               "Connections… or the Databricks profile.")
                            .arg(host)
                            .arg(status)
                            .arg(words.isEmpty() ? QString() : QStringLiteral(": %1").arg(words)));
        }
        if (status < 200 || status >= 300 || reply->error() != QNetworkReply::NoError) {
            return fail(
                status > 0
                    ? Tr::tr("The token endpoint of %1 answered HTTP %2.").arg(host).arg(status)
                    : Tr::tr("The token endpoint of %1 could not be reached (%2).")
                          .arg(host, reply->errorString()));
        }
        const QByteArray token = o.value(QLatin1String("access_token")).toString().toUtf8();
        if (token.isEmpty())
            return fail(
                Tr::tr("The token endpoint of %1 answered without an access token.").arg(host));
        qint64 lifetime = o.value(QLatin1String("expires_in")).toInteger(3600);
        if (lifetime <= 0 || lifetime > 24 * 3600)
            lifetime = 3600;
        m_cache.insert(key, Cached{token, now().addSecs(lifetime)});
        finish(key, token, QString());
    });
}

} // namespace squint
