// DatabricksTokenProvider against the outside world's fakes: a `databricks` executable on PATH and the
// workspace's OIDC token endpoint on the loopback server. Tokens expire by a test clock, not by waiting.
#include "core/connections/databricksauth.h"

#include "fakedatabricksauth.h"
#include "fakehttpserver.h"

#include <QNetworkAccessManager>
#include <QTemporaryDir>
#include <QtTest>

#include <optional>

using namespace squint;
using namespace squint::test;
using namespace Qt::StringLiterals;

namespace {

const QByteArray ClientId = "6731de76-14a6-49ae-97bc-6eba6914391e";
const QByteArray ClientSecret = "the-secret-of-the-service-principal-0000";
constexpr int Wait = 10000;

/// The answer of one token() call.
struct Answer
{
    bool done = false;
    std::optional<QByteArray> token;
    QString error;
};

Answer ask(DatabricksTokenProvider &p, const DatabricksCredential &c)
{
    auto answer = std::make_shared<Answer>();
    p.token(c, [answer](std::optional<QByteArray> token, const QString &error) {
        answer->done = true;
        answer->token = token;
        answer->error = error;
    });
    if (answer->done)
        return Answer{false, std::nullopt, u"answered from inside token()"_s};
    if (!QTest::qWaitFor([&answer] { return answer->done; }, Wait))
        return Answer{false, std::nullopt, u"no answer in time"_s};
    return *answer;
}

QHash<QString, QString> pathOnly(const QString &dir)
{
    return {{u"PATH"_s, dir}};
}

} // namespace

class TstDatabricksAuth : public QObject
{
    Q_OBJECT
private slots:
    void cliTokenCachedThenRefreshed();
    void cliWithoutProfileAsksByHost();
    void cliMissing();
    void cliLoginExpired();
    void m2mTokenCachedThenRefreshed();
    void m2mInvalidateFetchesAgain();
    void m2mWrongSecret();
    void m2mRedirectElsewhereRefused();
    void concurrentAsksShareOneFetch();
    void authTypes();
};

void TstDatabricksAuth::cliTokenCachedThenRefreshed()
{
    FakeDatabricksCli cli;
    QVERIFY(cli.isValid());
    QDateTime now = QDateTime(QDate(2026, 3, 1), QTime(12, 0), Qt::UTC);
    cli.setExpiry(now.addSecs(3600));
    QNetworkAccessManager nam;
    DatabricksTokenProvider provider(&nam, pathOnly(cli.binDir()));
    provider.setClock([&now] { return now; });

    DatabricksCredential c;
    c.method = DatabricksCredential::Method::DatabricksCli;
    c.host = u"https://dbc-1234.cloud.databricks.com"_s;
    c.profile = u"dev"_s;

    Answer a = ask(provider, c);
    QVERIFY2(a.token, qPrintable(a.error));
    QVERIFY(*a.token == FakeDatabricksCli::tokenOfCall(1));
    QCOMPARE(cli.lastArguments(), (QStringList{u"auth"_s, u"token"_s, u"--profile"_s, u"dev"_s}));
    // The expiry was read (nanoseconds and a +02:00 offset): renewal is due two minutes before it.
    QCOMPARE(provider.refreshAt(c), now.addSecs(3600 - DatabricksTokenProvider::RefreshMarginSecs));

    // Still valid: kept in memory, the CLI is not run again.
    now = now.addSecs(3000);
    a = ask(provider, c);
    QVERIFY(a.token && *a.token == FakeDatabricksCli::tokenOfCall(1));
    QCOMPARE(cli.calls(), 1);

    // Close to its expiry: fetched again.
    now = now.addSecs(500);
    cli.setExpiry(now.addSecs(3600));
    a = ask(provider, c);
    QVERIFY2(a.token, qPrintable(a.error));
    QVERIFY(*a.token == FakeDatabricksCli::tokenOfCall(2));
    QCOMPARE(cli.calls(), 2);
}

void TstDatabricksAuth::cliWithoutProfileAsksByHost()
{
    FakeDatabricksCli cli;
    QVERIFY(cli.isValid());
    QNetworkAccessManager nam;
    DatabricksTokenProvider provider(&nam, pathOnly(cli.binDir()));
    DatabricksCredential c;
    c.method = DatabricksCredential::Method::DatabricksCli;
    c.host = u"https://dbc-1234.cloud.databricks.com"_s;
    const Answer a = ask(provider, c);
    QVERIFY2(a.token, qPrintable(a.error));
    QCOMPARE(cli.lastArguments(), (QStringList{u"auth"_s, u"token"_s, u"--host"_s, c.host}));
}

void TstDatabricksAuth::cliMissing()
{
    QTemporaryDir empty;
    QVERIFY(empty.isValid());
    QNetworkAccessManager nam;
    DatabricksTokenProvider provider(&nam, pathOnly(empty.path()));
    DatabricksCredential c;
    c.method = DatabricksCredential::Method::DatabricksCli;
    c.host = u"https://dbc-1234.cloud.databricks.com"_s;
    const Answer a = ask(provider, c);
    QVERIFY(!a.token);
    QVERIFY2(a.error.contains(u"not on PATH"_s), qPrintable(a.error));
    QVERIFY2(a.error.contains(
                 u"databricks auth login --host https://dbc-1234.cloud.databricks.com"_s),
             qPrintable(a.error));
}

void TstDatabricksAuth::cliLoginExpired()
{
    FakeDatabricksCli cli;
    QVERIFY(cli.isValid());
    cli.setLoginExpired(true);
    QNetworkAccessManager nam;
    DatabricksTokenProvider provider(&nam, pathOnly(cli.binDir()));
    DatabricksCredential c;
    c.method = DatabricksCredential::Method::DatabricksCli;
    c.host = u"https://dbc-1234.cloud.databricks.com"_s;
    c.profile = u"dev"_s;
    Answer a = ask(provider, c);
    QVERIFY(!a.token);
    QVERIFY2(a.error.contains(u"refresh token is invalid"_s), qPrintable(a.error));
    QVERIFY2(
        a.error.contains(
            u"databricks auth login --host https://dbc-1234.cloud.databricks.com --profile dev"_s),
        qPrintable(a.error));
    QVERIFY(!a.error.contains(u'\n'));

    // Signed in again: the next ask works (a failure is not cached).
    cli.setLoginExpired(false);
    a = ask(provider, c);
    QVERIFY2(a.token, qPrintable(a.error));
    QCOMPARE(cli.calls(), 2);
}

void TstDatabricksAuth::m2mTokenCachedThenRefreshed()
{
    FakeHttpServer workspace;
    QVERIFY(workspace.isListening());
    FakeOidcEndpoint oidc(workspace, ClientId, ClientSecret);
    oidc.setExpiresIn(3600);
    QDateTime now = QDateTime(QDate(2026, 3, 1), QTime(12, 0), Qt::UTC);
    QNetworkAccessManager nam;
    DatabricksTokenProvider provider(&nam, {});
    provider.setClock([&now] { return now; });

    DatabricksCredential c;
    c.method = DatabricksCredential::Method::OAuthM2M;
    c.host = workspace.url(u""_s).toString();
    c.clientId = QString::fromLatin1(ClientId);
    c.clientSecret = ClientSecret;

    Answer a = ask(provider, c);
    QVERIFY2(a.token, qPrintable(a.error));
    QVERIFY(*a.token == FakeOidcEndpoint::tokenNumber(1));
    QCOMPARE(oidc.problems(), QStringList());
    QCOMPARE(workspace.requests().size(), 1);
    QCOMPARE(workspace.requests().first().path, u"/oidc/v1/token"_s);

    now = now.addSecs(3000);
    a = ask(provider, c);
    QVERIFY(a.token && *a.token == FakeOidcEndpoint::tokenNumber(1));
    QCOMPARE(oidc.issuedCount(), 1);

    now = now.addSecs(500); // within two minutes of expires_in
    a = ask(provider, c);
    QVERIFY(a.token && *a.token == FakeOidcEndpoint::tokenNumber(2));
    QCOMPARE(oidc.issuedCount(), 2);
}

void TstDatabricksAuth::m2mInvalidateFetchesAgain()
{
    FakeHttpServer workspace;
    FakeOidcEndpoint oidc(workspace, ClientId, ClientSecret);
    QNetworkAccessManager nam;
    DatabricksTokenProvider provider(&nam, {});
    DatabricksCredential c;
    c.method = DatabricksCredential::Method::OAuthM2M;
    c.host = workspace.url(u""_s).toString();
    c.clientId = QString::fromLatin1(ClientId);
    c.clientSecret = ClientSecret;
    QVERIFY(ask(provider, c).token == FakeOidcEndpoint::tokenNumber(1));
    provider.invalidate(c); // the server said 401 to it
    QVERIFY(ask(provider, c).token == FakeOidcEndpoint::tokenNumber(2));
}

void TstDatabricksAuth::m2mWrongSecret()
{
    FakeHttpServer workspace;
    FakeOidcEndpoint oidc(workspace, ClientId, ClientSecret);
    QNetworkAccessManager nam;
    DatabricksTokenProvider provider(&nam, {});
    DatabricksCredential c;
    c.method = DatabricksCredential::Method::OAuthM2M;
    c.host = workspace.url(u""_s).toString();
    c.clientId = QString::fromLatin1(ClientId);
    c.clientSecret = "wrong-secret-1111";
    const Answer a = ask(provider, c);
    QVERIFY(!a.token);
    QCOMPARE(oidc.problems(), QStringList{u"credentials"_s});
    QVERIFY2(a.error.contains(u"401"_s) && a.error.contains(u"client ID or secret"_s),
             qPrintable(a.error));
    QVERIFY(!a.error.contains(u"wrong-secret-1111"_s));
    QCOMPARE(oidc.issuedCount(), 0);
}

void TstDatabricksAuth::m2mRedirectElsewhereRefused()
{
    FakeHttpServer workspace;
    FakeHttpServer elsewhere;
    FakeOidcEndpoint oidc(elsewhere, ClientId, ClientSecret);
    workspace.route(u"/oidc/v1/token"_s,
                    Response::redirect(elsewhere.url(u"/oidc/v1/token"_s).toEncoded(), 307));
    QNetworkAccessManager nam;
    DatabricksTokenProvider provider(&nam, {});
    DatabricksCredential c;
    c.method = DatabricksCredential::Method::OAuthM2M;
    c.host = workspace.url(u""_s).toString();
    c.clientId = QString::fromLatin1(ClientId);
    c.clientSecret = ClientSecret;
    const Answer a = ask(provider, c);
    QVERIFY(!a.token);
    QVERIFY(!a.error.isEmpty());
    QCOMPARE(elsewhere.requests().size(), 0); // the secret never went there
}

void TstDatabricksAuth::concurrentAsksShareOneFetch()
{
    FakeDatabricksCli cli;
    QVERIFY(cli.isValid());
    QNetworkAccessManager nam;
    DatabricksTokenProvider provider(&nam, pathOnly(cli.binDir()));
    DatabricksCredential c;
    c.method = DatabricksCredential::Method::DatabricksCli;
    c.host = u"https://dbc-1234.cloud.databricks.com"_s;
    int answered = 0;
    for (int i = 0; i < 3; ++i) {
        provider.token(c, [&answered](std::optional<QByteArray> token, const QString &) {
            if (token && *token == FakeDatabricksCli::tokenOfCall(1))
                ++answered;
        });
    }
    QTRY_COMPARE_WITH_TIMEOUT(answered, 3, Wait);
    QCOMPARE(cli.calls(), 1);
}

void TstDatabricksAuth::authTypes()
{
    QCOMPARE(authMethodFromName(u"PAT"_s), DatabricksCredential::Method::Pat);
    QCOMPARE(authMethodFromName(u"oauth-m2m"_s), DatabricksCredential::Method::OAuthM2M);
    QCOMPARE(authMethodFromName(u"databricks-cli"_s), DatabricksCredential::Method::DatabricksCli);
    QVERIFY(!authMethodFromName(u"azure-cli"_s));
    for (auto m : {DatabricksCredential::Method::Pat,
                   DatabricksCredential::Method::OAuthM2M,
                   DatabricksCredential::Method::DatabricksCli})
        QCOMPARE(authMethodFromName(authTypeName(m)), m);
    DatabricksCredential c;
    c.clientSecret = ClientSecret;
    QVERIFY(!c.cacheKey().contains(QString::fromLatin1(ClientSecret)));
}

QTEST_GUILESS_MAIN(TstDatabricksAuth)
#include "tst_databricksauth.moc"
