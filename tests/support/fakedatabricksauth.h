// Fakes of the outside world for Databricks OAuth (docs/protocol.md 4.8):
//  - FakeDatabricksCli: a `databricks` executable (a small sh script) in a temporary folder to put on
//    PATH. `databricks auth token ...` prints {"access_token","token_type","expiry"} like the real CLI,
//    counts its calls in a file and records its arguments; told so, it fails with the CLI's real
//    message for an expired login.
//  - FakeOidcEndpoint: POST /oidc/v1/token on a FakeHttpServer (the workspace): checks the form
//    (grant_type=client_credentials, scope=all-apis) and HTTP Basic client_id:client_secret, and
//    issues short-lived tokens "m2m-token-N"; a wrong secret gets the 401 invalid_client answer.
#pragma once

#include "fakehttpserver.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

#include <functional>

namespace squint::test {

class FakeDatabricksCli
{
public:
    FakeDatabricksCli();
    bool isValid() const { return m_ok; }
    /// The folder to put on PATH.
    QString binDir() const { return m_dir.path(); }
    /// The expiry the next answers carry (RFC 3339 with nanoseconds and an offset, as Go writes it).
    void setExpiry(const QDateTime &expiry);
    /// The next calls fail like `databricks auth token` does after the refresh token expired.
    void setLoginExpired(bool expired);
    /// How many times the CLI ran.
    int calls() const;
    /// The arguments of the last call, one per element.
    QStringList lastArguments() const;
    /// The token the n-th call (1-based) prints.
    static QByteArray tokenOfCall(int n) { return "cli-token-" + QByteArray::number(n); }

private:
    QTemporaryDir m_dir;
    bool m_ok = false;
};

class FakeOidcEndpoint
{
public:
    /// Routes /oidc/v1/token of `server`; `issued` is told every token handed out.
    FakeOidcEndpoint(FakeHttpServer &server,
                     QByteArray clientId,
                     QByteArray clientSecret,
                     std::function<void(const QByteArray &token)> issued = {});
    void setExpiresIn(int seconds) { m_expiresIn = seconds; }
    int issuedCount() const { return m_count; }
    /// Requests refused (wrong form or credentials).
    QStringList problems() const { return m_problems; }
    static QByteArray tokenNumber(int n) { return "m2m-token-" + QByteArray::number(n); }

private:
    Response answer(const RecordedRequest &r);
    QByteArray m_clientId;
    QByteArray m_clientSecret;
    std::function<void(const QByteArray &)> m_issued;
    int m_expiresIn = 3600;
    int m_count = 0;
    QStringList m_problems;
};

} // namespace squint::test
