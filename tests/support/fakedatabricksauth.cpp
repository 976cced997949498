#include "fakedatabricksauth.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrlQuery>

namespace squint::test {

namespace {

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return false;
    return f.write(bytes) == bytes.size();
}

QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace

FakeDatabricksCli::FakeDatabricksCli()
{
    // The messages are those of the Databricks CLI (Go SDK credentials/u2m) for an expired login.
    const QByteArray script = R"SH(#!/bin/sh
dir=$(dirname "$0")
echo x >> "$dir/calls"
printf '%s\n' "$@" > "$dir/args"
n=$(wc -l < "$dir/calls" | tr -d ' ')
if [ -f "$dir/expired" ]; then
  host=$(cat "$dir/expired")
  echo "Error: a new access token could not be retrieved because the refresh token is invalid. If using the CLI, run the following command to reauthenticate:" >&2
  echo "  \$ databricks auth login --host $host" >&2
  exit 1
fi
printf '{\n  "access_token": "cli-token-%s",\n  "token_type": "Bearer",\n  "expiry": "%s"\n}\n' "$n" "$(cat "$dir/expiry")"
)SH";
    const QString path = m_dir.filePath(QStringLiteral("databricks"));
    m_ok = m_dir.isValid() && writeFile(path, script)
           && QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    setExpiry(QDateTime::currentDateTimeUtc().addSecs(3600));
}

void FakeDatabricksCli::setExpiry(const QDateTime &expiry)
{
    // Go's RFC 3339 with nanoseconds, in a +02:00 zone.
    const QDateTime local = expiry.toOffsetFromUtc(2 * 3600);
    const QByteArray text = local.toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzz")).toLatin1()
                            + "123456+02:00";
    writeFile(m_dir.filePath(QStringLiteral("expiry")), text);
}

void FakeDatabricksCli::setLoginExpired(bool expired)
{
    const QString flag = m_dir.filePath(QStringLiteral("expired"));
    if (expired)
        writeFile(flag, "https://the-workspace-the-cli-knows");
    else
        QFile::remove(flag);
}

int FakeDatabricksCli::calls() const
{
    return int(readFile(m_dir.filePath(QStringLiteral("calls"))).count('\n'));
}

QStringList FakeDatabricksCli::lastArguments() const
{
    return QString::fromUtf8(readFile(m_dir.filePath(QStringLiteral("args"))))
        .split(u'\n', Qt::SkipEmptyParts);
}

FakeOidcEndpoint::FakeOidcEndpoint(FakeHttpServer &server,
                                   QByteArray clientId,
                                   QByteArray clientSecret,
                                   std::function<void(const QByteArray &)> issued)
    : m_clientId(std::move(clientId))
    , m_clientSecret(std::move(clientSecret))
    , m_issued(std::move(issued))
{
    server.route(QStringLiteral("/oidc/v1/token"),
                 [this](const RecordedRequest &r) { return answer(r); });
}

Response FakeOidcEndpoint::answer(const RecordedRequest &r)
{
    const auto refuse = [this](int status, const QByteArray &error, const QString &problem) {
        m_problems.append(problem);
        Response response
            = Response::ok(QJsonDocument(
                               QJsonObject{{QStringLiteral("error"), QString::fromLatin1(error)},
                                           {QStringLiteral("error_description"),
                                            QStringLiteral("Client authentication failed")}})
                               .toJson(QJsonDocument::Compact),
                           "application/json");
        response.status = status;
        return response;
    };
    if (r.method != "POST")
        return refuse(405,
                      "invalid_request",
                      QStringLiteral("method %1").arg(QString::fromLatin1(r.method)));
    if (!r.header("Content-Type").startsWith("application/x-www-form-urlencoded"))
        return refuse(400, "invalid_request", QStringLiteral("content type"));
    const QUrlQuery form(QString::fromUtf8(r.body));
    if (form.queryItemValue(QStringLiteral("grant_type")) != QLatin1String("client_credentials")
        || form.queryItemValue(QStringLiteral("scope")) != QLatin1String("all-apis")
        || form.queryItems().size() != 2)
        return refuse(400, "invalid_request", QStringLiteral("form"));
    const QByteArray expected = "Basic " + QByteArray(m_clientId + ':' + m_clientSecret).toBase64();
    if (r.header("Authorization") != expected)
        return refuse(401, "invalid_client", QStringLiteral("credentials"));
    const QByteArray token = tokenNumber(++m_count);
    if (m_issued)
        m_issued(token);
    return Response::ok(QJsonDocument(
                            QJsonObject{{QStringLiteral("access_token"), QString::fromLatin1(token)},
                                        {QStringLiteral("token_type"), QStringLiteral("Bearer")},
                                        {QStringLiteral("scope"), QStringLiteral("all-apis")},
                                        {QStringLiteral("expires_in"), m_expiresIn}})
                            .toJson(QJsonDocument::Compact),
                        "application/json");
}

} // namespace squint::test
