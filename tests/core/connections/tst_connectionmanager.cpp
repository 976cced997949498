// ConnectionManager without a display: a temporary INI, the in-memory keychain, a made-up
// environment with a temporary home folder, and the loopback fake of each backend (docs/protocol.md
// sections 4 and 5).
#include "core/connections/connectionmanager.h"
#include "core/connections/connections.h"
#include "core/connections/secretstore.h"
#include "core/util/settings.h"

#include "connectionworld.h"
#include "fakedatabricksauth.h"
#include "fakeendpoint.h"
#include "fakehttpserver.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

using namespace squint;
using namespace squint::test;
using namespace Qt::StringLiterals;

Q_DECLARE_METATYPE(squint::Connection::Kind)
Q_DECLARE_METATYPE(squint::test::Backend)

namespace {

// Fake tokens. Tests compare tokens with QVERIFY(a == b) so that a failure never prints one.
const QByteArray DatabricksToken = "dapi0123456789abcdef0123456789abcdef";
const QByteArray ProfileToken = "dapifedcba9876543210fedcba9876543210";
const QByteArray OpenAIKey = "sk-test-key-environment-bbbb";
const QByteArray TypedToken = "sk-typed-into-squint-cccc";
const QByteArray WrongToken = "sk-wrong-token-eeee";

constexpr int Wait = 5000;

/// The keychain of a machine whose keychain fails: says so once, keeps nothing.
class FailingSecretStore final : public SecretStore
{
public:
    using SecretStore::SecretStore;
    void read(const QString &, ReadCallback done) override
    {
        QMetaObject::invokeMethod(this, [done] { done(std::nullopt, u"no keychain"_s); }, Qt::QueuedConnection);
    }
    void write(const QString &, const QByteArray &, WriteCallback done) override
    {
        QMetaObject::invokeMethod(this, [this, done] {
            emit persistenceLost(u"The Secret Service is not running."_s);
            done(false, QString());
        }, Qt::QueuedConnection);
    }
    void remove(const QString &) override {}
    bool isPersistent() const override { return false; }
};

QStringList ids(const QList<Connection> &list)
{
    QStringList out;
    for (const Connection &c : list)
        out << c.id;
    return out;
}

QStringList names(const QList<RemoteModel> &models)
{
    QStringList out;
    for (const RemoteModel &m : models)
        out << m.name;
    return out;
}

/// Tests `c` with `token` and waits for that test's answer (null when none came).
std::unique_ptr<ConnectionTest> tested(ConnectionManager &m,
                                       const Connection &c,
                                       const QByteArray &token)
{
    std::unique_ptr<ConnectionTest> test(m.test(c, token, nullptr));
    QSignalSpy finished(test.get(), &ConnectionTest::finished);
    if (!test->isFinished() && !finished.wait(Wait))
        return nullptr;
    if (finished.count() != 1 || !test->isFinished())
        return nullptr;
    return test;
}

} // namespace

class TestConnectionManager final : public QObject
{
    Q_OBJECT

private slots:
    void environmentConnectionsComeFirst();
    void databricksProfileFromConfigFile();
    void savedConnectionsRoundTrip();
    void keychainTokenStaysOutOfIni();
    void targetOfCurrent_data();
    void targetOfCurrent();
    void missingKeychainTokenFails();
    void missingEnvironmentVariableFails();
    void refreshModelsDatabricks();
    void refreshModelsOpenAILike_data();
    void refreshModelsOpenAILike();
    void noTokenNoAuthorizationHeader();
    void testSucceeds();
    void testWrongToken_data();
    void testWrongToken();
    void testRefusesPlainHttpElsewhere();
    void testUnsavedKeychainWithoutToken();
    void ollamaProbeOffersConnection();
    void ollamaProbeClosedPortNeedsSetup();
    void ollamaProbeTimesOut();
    void rememberedDetectedOllama();
    void removeForgetsSecret();
    void keychainLossIsNoticed();
    void newAddressNeverGetsTheOldToken();
    void modelListRedirectStaysOnOrigin();
    void databricksCliProfileSignsIn();
    void batchTokenIsRenewedForItsOwnConnectionOnly();
    void databricksCliTokenRenewedBeforeExpiry();
    void databricksCliMissingSaysWhatToRun();
    void servicePrincipalFromEnvironment();
    void servicePrincipalSecretGoesToKeychain();
    void tokenNeverBecomesAClientSecret();
};

void TestConnectionManager::environmentConnectionsComeFirst()
{
    ConnectionWorld w;
    w.env = {{u"DATABRICKS_HOST"_s, u"dbc-1234abcd-5678.cloud.databricks.com"_s},
             {u"DATABRICKS_TOKEN"_s, QString::fromLatin1(DatabricksToken)},
             {u"OPENAI_API_KEY"_s, QString::fromLatin1(OpenAIKey)}};
    QString savedId;
    {
        auto first = w.makeManager();
        savedId = first->save(keychainConnection(Connection::Kind::Compatible, u"A local vLLM"_s,
                                                 QUrl(u"http://127.0.0.1:8000/v1"_s)),
                              TypedToken, false);
    }
    auto m = w.makeManager();
    QSignalSpy target(m.get(), &ConnectionManager::targetChanged);
    QVERIFY(startAndSettle(*m));
    QCOMPARE(ids(m->connections()), (QStringList{u"env:databricks"_s, u"env:openai"_s, savedId}));
    const Connection databricks = m->connections().at(0);
    QCOMPARE(databricks.kind, Connection::Kind::Databricks);
    QCOMPARE(databricks.baseUrl, u"https://dbc-1234abcd-5678.cloud.databricks.com"_s);
    QCOMPARE(databricks.tokenSource, Connection::TokenSource::Environment);
    QVERIFY(!databricks.persistent);
    QCOMPARE(m->connections().at(1).kind, Connection::Kind::OpenAI);
    QVERIFY(!m->needsSetup());

    // Nothing remembered: the environment's Databricks is current, with its token.
    QCOMPARE(m->currentId(), u"env:databricks"_s);
    QTRY_COMPARE_WITH_TIMEOUT(target.count(), 1, Wait);
    const auto t = target.at(0).at(0).value<ChatTarget>();
    QCOMPARE(t.chatUrl, QUrl(u"https://dbc-1234abcd-5678.cloud.databricks.com/serving-endpoints/chat/completions"_s));
    QVERIFY(t.token == DatabricksToken);
    // Environment connections are never written to the settings file.
    QVERIFY(!w.iniBytes().contains("env:databricks"));
    QVERIFY(!w.iniBytes().contains("dbc-1234abcd"));
}

void TestConnectionManager::databricksProfileFromConfigFile()
{
    ConnectionWorld w;
    QVERIFY(w.writeDatabricksConfig(
        "[DEFAULT]\nhost = https://dbc-aaaa-bbbb.cloud.databricks.com/\ntoken = " + ProfileToken
        + "\n\n[work]\nhost = https://adb-123.4.azuredatabricks.net/\ntoken = dapi-other\n"));
    auto m = w.makeManager();
    QSignalSpy target(m.get(), &ConnectionManager::targetChanged);
    QVERIFY(startAndSettle(*m));
    QCOMPARE(ids(m->connections()), QStringList{u"env:databricks"_s});
    const Connection c = m->connections().first();
    QCOMPARE(c.tokenSource, Connection::TokenSource::DatabricksProfile);
    QCOMPARE(c.profile, u"DEFAULT"_s);
    QCOMPARE(c.baseUrl, u"https://dbc-aaaa-bbbb.cloud.databricks.com"_s);
    QCOMPARE(m->databricksProfiles(), (QStringList{u"DEFAULT"_s, u"work"_s}));
    QCOMPARE(m->databricksProfileHost(u"work"_s), u"https://adb-123.4.azuredatabricks.net"_s);

    QTRY_COMPARE_WITH_TIMEOUT(target.count(), 1, Wait);
    const auto t = target.at(0).at(0).value<ChatTarget>();
    QVERIFY(t.token == ProfileToken);
    QCOMPARE(t.maxTokensField, u"max_tokens"_s);
    QVERIFY(!t.streamOptions);
    QVERIFY(!w.iniBytes().contains(ProfileToken));
}

void TestConnectionManager::savedConnectionsRoundTrip()
{
    ConnectionWorld w;
    QList<Connection> before;
    QString currentId;
    {
        auto m = w.makeManager();
        QVERIFY(startAndSettle(*m));
        QVERIFY(m->needsSetup());
        QSignalSpy setup(m.get(), &ConnectionManager::setupNeededChanged);
        m->save(keychainConnection(Connection::Kind::Compatible, u"vLLM box"_s, QUrl(u"https://vllm.example.com/v1"_s)),
                TypedToken, false);
        Connection ollama;
        ollama.kind = Connection::Kind::Ollama;
        ollama.name = u"Ollama on the desk"_s;
        ollama.baseUrl = u"http://localhost:11434/v1"_s;
        currentId = m->save(ollama, {}, true);
        Connection env;
        env.kind = Connection::Kind::OpenAI;
        env.name = u"OpenAI from a variable"_s;
        env.baseUrl = defaultBaseUrl(Connection::Kind::OpenAI);
        env.tokenSource = Connection::TokenSource::Environment;
        env.tokenEnv = u"MY_OPENAI_KEY"_s;
        m->save(env, {}, false);
        before = m->connections();
        QCOMPARE(before.size(), 3);
        QCOMPARE(m->currentId(), currentId);
        QVERIFY(!m->needsSetup());
        QCOMPARE(setup.count(), 1);
        QCOMPARE(setup.at(0).at(0).toBool(), false);
        for (const Connection &c : std::as_const(before)) {
            QVERIFY(c.persistent);
            QCOMPARE(c.id.size(), 36); // a UUID without braces
        }
    }
    auto m = w.makeManager();
    QVERIFY(startAndSettle(*m));
    QCOMPARE(m->connections(), before);
    QCOMPARE(m->currentId(), currentId);
    QCOMPARE(m->current()->name, u"Ollama on the desk"_s);
    QCOMPARE(m->connection(currentId)->tokenSource, Connection::TokenSource::None);
}

void TestConnectionManager::keychainTokenStaysOutOfIni()
{
    ConnectionWorld w;
    auto m = w.makeManager();
    QVERIFY(startAndSettle(*m));
    const QString id = m->save(keychainConnection(Connection::Kind::OpenAI, u"My OpenAI"_s,
                                                  QUrl(defaultBaseUrl(Connection::Kind::OpenAI))),
                               TypedToken, true);
    const Connection c = *m->connection(id);
    QVERIFY(w.secrets.peek(c.keychainKey()) == std::optional<QByteArray>(TypedToken));
    const QByteArray ini = w.iniBytes();
    QVERIFY(ini.contains("My OpenAI")); // the connection is there...
    QVERIFY(!ini.contains(TypedToken)); // ...its token is not
    QVERIFY(!ini.contains(TypedToken.toBase64()));
    QVERIFY(!ini.contains(TypedToken.toHex()));

    // Saving again without a token keeps the stored one; another token replaces it.
    Connection renamed = c;
    renamed.name = u"OpenAI, renamed"_s;
    QCOMPARE(m->save(renamed, {}, false), id);
    QVERIFY(w.secrets.peek(c.keychainKey()) == std::optional<QByteArray>(TypedToken));
    m->save(renamed, WrongToken, false);
    QVERIFY(w.secrets.peek(c.keychainKey()) == std::optional<QByteArray>(WrongToken));
    // Moving the token to an environment variable forgets the typed one.
    renamed.tokenSource = Connection::TokenSource::Environment;
    renamed.tokenEnv = u"OPENAI_API_KEY"_s;
    m->save(renamed, {}, false);
    QVERIFY(!w.secrets.peek(c.keychainKey()).has_value());
    QVERIFY(!w.iniBytes().contains(WrongToken));
}

void TestConnectionManager::targetOfCurrent_data()
{
    QTest::addColumn<Connection::Kind>("kind");
    QTest::addColumn<QString>("base");
    QTest::addColumn<QString>("chatUrl");
    QTest::addColumn<QString>("maxTokensField");
    QTest::addColumn<bool>("streamOptions");
    QTest::newRow("databricks") << Connection::Kind::Databricks << u"https://dbc-1.cloud.databricks.com/"_s
                                << u"https://dbc-1.cloud.databricks.com/serving-endpoints/chat/completions"_s
                                << u"max_tokens"_s << false;
    QTest::newRow("openai") << Connection::Kind::OpenAI << u"https://api.openai.com/v1"_s
                            << u"https://api.openai.com/v1/chat/completions"_s << u"max_completion_tokens"_s << true;
    QTest::newRow("compatible") << Connection::Kind::Compatible << u"https://llm.example.com/v1/"_s
                                << u"https://llm.example.com/v1/chat/completions"_s << u"max_tokens"_s << true;
}

void TestConnectionManager::targetOfCurrent()
{
    QFETCH(Connection::Kind, kind);
    QFETCH(QString, base);
    QFETCH(QString, chatUrl);
    QFETCH(QString, maxTokensField);
    QFETCH(bool, streamOptions);

    ConnectionWorld w;
    auto m = w.makeManager();
    QVERIFY(startAndSettle(*m));
    const QString id = m->save(keychainConnection(kind, u"Target"_s, QUrl(base)), TypedToken, false);

    // A fresh manager reads the token back from the keychain.
    auto fresh = w.makeManager();
    QVERIFY(startAndSettle(*fresh));
    QSignalSpy current(fresh.get(), &ConnectionManager::currentChanged);
    QSignalSpy target(fresh.get(), &ConnectionManager::targetChanged);
    QSignalSpy failed(fresh.get(), &ConnectionManager::targetFailed);
    target.clear();
    fresh->setCurrent(id);
    QCOMPARE(current.count(), 1);
    QCOMPARE(fresh->currentId(), id);
    QTRY_COMPARE_WITH_TIMEOUT(target.count(), 1, Wait);
    QCOMPARE(failed.count(), 0);
    const auto t = target.at(0).at(0).value<ChatTarget>();
    QCOMPARE(t.connectionName, u"Target"_s);
    QCOMPARE(t.chatUrl, QUrl(chatUrl));
    QCOMPARE(t.maxTokensField, maxTokensField);
    QCOMPARE(t.streamOptions, streamOptions);
    QVERIFY(t.token == TypedToken);
    QVERIFY(fresh->target().token == TypedToken);
    QVERIFY(fresh->isTargetReady());

    // setCurrent is remembered.
    auto third = w.makeManager();
    QVERIFY(startAndSettle(*third));
    QCOMPARE(third->currentId(), id);
}

void TestConnectionManager::missingKeychainTokenFails()
{
    ConnectionWorld w;
    auto m = w.makeManager();
    QVERIFY(startAndSettle(*m));
    const QString id = m->save(keychainConnection(Connection::Kind::Databricks, u"Lost token"_s,
                                                  QUrl(u"https://dbc-2.cloud.databricks.com"_s)),
                               {}, false);
    QSignalSpy target(m.get(), &ConnectionManager::targetChanged);
    QSignalSpy failed(m.get(), &ConnectionManager::targetFailed);
    m->setCurrent(id);
    QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, Wait);
    QCOMPARE(target.count(), 0);
    const QString why = failed.at(0).at(0).toString();
    QVERIFY2(why.contains(u"Lost token"_s), qPrintable(why));
    QVERIFY2(why.contains(u"keychain"_s), qPrintable(why));
    QVERIFY2(why.contains(u"type its token again"_s), qPrintable(why));
    QVERIFY(!m->isTargetReady());
    QVERIFY(m->target().token.isEmpty());
    QCOMPARE(m->target().chatUrl, QUrl(u"https://dbc-2.cloud.databricks.com/serving-endpoints/chat/completions"_s));
}

void TestConnectionManager::missingEnvironmentVariableFails()
{
    ConnectionWorld w;
    auto m = w.makeManager();
    QVERIFY(startAndSettle(*m));
    Connection c;
    c.kind = Connection::Kind::Compatible;
    c.name = u"Variable server"_s;
    c.baseUrl = u"https://llm.example.com/v1"_s;
    c.tokenSource = Connection::TokenSource::Environment;
    c.tokenEnv = u"SQUINT_TEST_UNSET_TOKEN"_s;
    QSignalSpy failed(m.get(), &ConnectionManager::targetFailed);
    m->save(c, {}, true);
    QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, Wait);
    const QString why = failed.at(0).at(0).toString();
    QVERIFY2(why.contains(u"SQUINT_TEST_UNSET_TOKEN"_s), qPrintable(why));
    QVERIFY2(why.contains(u"restart Squint"_s), qPrintable(why));
}

void TestConnectionManager::refreshModelsDatabricks()
{
    FakeChatEndpoint fake(Backend::Databricks);
    fake.setToken(DatabricksToken);
    ConnectionWorld w;
    auto m = w.makeManager();
    QVERIFY(startAndSettle(*m));
    const QString id = m->save(keychainConnection(Connection::Kind::Databricks, u"Fake workspace"_s, fake.baseUrl()),
                               DatabricksToken, true);
    QSignalSpy listed(m.get(), &ConnectionManager::modelsListed);
    m->refreshModels();
    QTRY_COMPARE_WITH_TIMEOUT(listed.count(), 1, Wait);
    QCOMPARE(listed.at(0).at(0).toString(), id);
    QCOMPARE(listed.at(0).at(2).toString(), QString());
    auto models = listed.at(0).at(1).value<QList<RemoteModel>>();
    // The chat endpoints of docs/protocol.md 4.3: not the embeddings one, not the custom model.
    QCOMPARE(names(models), (QStringList{u"databricks-claude-sonnet-4-5"_s, u"my-gpt4o-proxy"_s}));
    QCOMPARE(models.at(0).displayName, u"Claude Sonnet 4.5"_s);
    QVERIFY(models.at(0).ready && models.at(1).ready);
    const RecordedRequest request = fake.server().requests().constLast();
    QCOMPARE(request.path, u"/api/2.0/serving-endpoints"_s);
    QVERIFY(request.header("Authorization") == "Bearer " + DatabricksToken);

    // A chat endpoint still being created is listed, as not ready.
    QJsonArray endpoints = FakeChatEndpoint::exampleServingEndpoints();
    endpoints.append(QJsonObject{{u"name"_s, u"my-llava"_s},
                                 {u"task"_s, u"llm/v1/chat"_s},
                                 {u"state"_s, QJsonObject{{u"ready"_s, u"NOT_READY"_s}, {u"config_update"_s, u"IN_PROGRESS"_s}}}});
    fake.setServingEndpoints(endpoints);
    m->refreshModels();
    QTRY_COMPARE_WITH_TIMEOUT(listed.count(), 2, Wait);
    models = listed.at(1).at(1).value<QList<RemoteModel>>();
    QCOMPARE(names(models), (QStringList{u"databricks-claude-sonnet-4-5"_s, u"my-gpt4o-proxy"_s, u"my-llava"_s}));
    QVERIFY(!models.at(2).ready);
    QVERIFY2(models.at(2).detail.contains(u"IN_PROGRESS"_s), qPrintable(models.at(2).detail));

    // A wrong token: no models, and the error names the status.
    fake.setToken("dapi-another-token");
    m->refreshModels();
    QTRY_COMPARE_WITH_TIMEOUT(listed.count(), 3, Wait);
    QVERIFY(listed.at(2).at(1).value<QList<RemoteModel>>().isEmpty());
    const QString error = listed.at(2).at(2).toString();
    QVERIFY2(error.contains(u"403"_s), qPrintable(error));
    QVERIFY(!error.contains(QString::fromLatin1(DatabricksToken)));
}

void TestConnectionManager::refreshModelsOpenAILike_data()
{
    QTest::addColumn<Backend>("backend");
    QTest::addColumn<Connection::Kind>("kind");
    for (const Backend b : {Backend::OpenAI, Backend::VLLM, Backend::LlamaCpp})
        QTest::newRow(qPrintable(backendName(b))) << b << (b == Backend::OpenAI ? Connection::Kind::OpenAI : Connection::Kind::Compatible);
}

void TestConnectionManager::refreshModelsOpenAILike()
{
    QFETCH(Backend, backend);
    QFETCH(Connection::Kind, kind);
    FakeChatEndpoint fake(backend);
    fake.setToken(TypedToken);
    ConnectionWorld w;
    auto m = w.makeManager();
    QVERIFY(startAndSettle(*m));
    const QString id = m->save(keychainConnection(kind, u"Fake server"_s, fake.baseUrl()), TypedToken, true);
    QSignalSpy listed(m.get(), &ConnectionManager::modelsListed);
    m->refreshModels();
    QTRY_COMPARE_WITH_TIMEOUT(listed.count(), 1, Wait);
    QCOMPARE(listed.at(0).at(0).toString(), id);
    QCOMPARE(listed.at(0).at(2).toString(), QString());
    QCOMPARE(names(listed.at(0).at(1).value<QList<RemoteModel>>()), fake.models());
    QCOMPARE(fake.server().requests().constLast().path, u"/v1/models"_s);
}

void TestConnectionManager::noTokenNoAuthorizationHeader()
{
    FakeChatEndpoint fake(Backend::Ollama);
    ConnectionWorld w;
    auto m = w.makeManager();
    QVERIFY(startAndSettle(*m));
    Connection c;
    c.kind = Connection::Kind::Ollama;
    c.name = u"Ollama"_s;
    c.baseUrl = fake.baseUrl().toString();
    QSignalSpy target(m.get(), &ConnectionManager::targetChanged);
    m->save(c, {}, true);
    QTRY_COMPARE_WITH_TIMEOUT(target.count(), 1, Wait);
    QVERIFY(target.at(0).at(0).value<ChatTarget>().token.isEmpty());
    QSignalSpy listed(m.get(), &ConnectionManager::modelsListed);
    m->refreshModels();
    QTRY_COMPARE_WITH_TIMEOUT(listed.count(), 1, Wait);
    QCOMPARE(names(listed.at(0).at(1).value<QList<RemoteModel>>()), fake.models());
    const RecordedRequest request = fake.server().requests().constLast();
    QVERIFY(request.header("Authorization").isEmpty());
}

void TestConnectionManager::testSucceeds()
{
    FakeChatEndpoint fake(Backend::Databricks);
    fake.setToken(DatabricksToken);
    ConnectionWorld w;
    auto m = w.makeManager();
    QVERIFY(startAndSettle(*m));
    // Not saved: the token comes with the call.
    const auto unsaved = tested(*m,
                                keychainConnection(Connection::Kind::Databricks,
                                                   u"Unsaved"_s,
                                                   fake.baseUrl()),
                                DatabricksToken);
    QVERIFY(unsaved);
    QVERIFY(unsaved->ok());
    QVERIFY2(unsaved->message().startsWith(u"Connected: 2 chat model"_s),
             qPrintable(unsaved->message()));
    QCOMPARE(unsaved->models().size(), 2);
    QVERIFY(m->connections().isEmpty()); // testing saves nothing

    // Saved with its token in the keychain: testing it again needs no token typed.
    const QString id = m->save(keychainConnection(Connection::Kind::Databricks, u"Saved"_s, fake.baseUrl()),
                               DatabricksToken, false);
    const auto saved = tested(*m, *m->connection(id), {});
    QVERIFY(saved);
    QVERIFY(saved->ok());

    // Two tests at once (the Connections dialog and the setup panel): each gets its own answer.
    std::unique_ptr<ConnectionTest> wrong(m->test(*m->connection(id), WrongToken, nullptr));
    std::unique_ptr<ConnectionTest> right(m->test(*m->connection(id), DatabricksToken, nullptr));
    QSignalSpy wrongDone(wrong.get(), &ConnectionTest::finished);
    QSignalSpy rightDone(right.get(), &ConnectionTest::finished);
    QTRY_VERIFY_WITH_TIMEOUT(wrongDone.count() == 1 && rightDone.count() == 1, Wait);
    QVERIFY(!wrong->ok());
    QVERIFY2(wrong->message().contains(u"403"_s), qPrintable(wrong->message()));
    QVERIFY(right->ok());

    // A test deleted before its answer: its request is dropped and nothing is reported.
    const qsizetype before = fake.server().requests().size();
    std::unique_ptr<ConnectionTest> dropped(m->test(*m->connection(id), DatabricksToken, nullptr));
    QVERIFY(!dropped->isFinished());
    dropped.reset();
    const auto after = tested(*m,
                              *m->connection(id),
                              DatabricksToken); // answered after the dropped one would be
    QVERIFY(after && after->ok());
    QCOMPARE(fake.server().requests().size(), before + 1); // the dropped test never asked
}

void TestConnectionManager::testWrongToken_data()
{
    QTest::addColumn<Backend>("backend");
    QTest::addColumn<Connection::Kind>("kind");
    QTest::addColumn<QString>("status");
    QTest::newRow("databricks") << Backend::Databricks << Connection::Kind::Databricks << u"403"_s;
    QTest::newRow("openai") << Backend::OpenAI << Connection::Kind::OpenAI << u"401"_s;
    QTest::newRow("vllm") << Backend::VLLM << Connection::Kind::Compatible << u"401"_s;
}

void TestConnectionManager::testWrongToken()
{
    QFETCH(Backend, backend);
    QFETCH(Connection::Kind, kind);
    QFETCH(QString, status);
    FakeChatEndpoint fake(backend);
    fake.setToken(TypedToken);
    ConnectionWorld w;
    auto m = w.makeManager();
    QVERIFY(startAndSettle(*m));
    const auto test = tested(*m, keychainConnection(kind, u"Wrong"_s, fake.baseUrl()), WrongToken);
    QVERIFY(test);
    QVERIFY(!test->ok());
    const QString message = test->message();
    QVERIFY2(message.contains(status), qPrintable(message));
    QVERIFY(!message.contains(QString::fromLatin1(WrongToken)));
    QVERIFY(!message.contains(QString::fromLatin1(TypedToken)));
    QVERIFY(test->models().isEmpty());
    QVERIFY(fake.server().requests().constLast().header("Authorization") == "Bearer " + WrongToken);
}

void TestConnectionManager::testRefusesPlainHttpElsewhere()
{
    ConnectionWorld w;
    auto m = w.makeManager();
    QVERIFY(startAndSettle(*m));
    const auto test = tested(*m,
                             keychainConnection(Connection::Kind::Compatible,
                                                u"Plain"_s,
                                                QUrl(u"http://example.com/v1"_s)),
                             TypedToken);
    QVERIFY(test);
    QVERIFY(!test->ok());
    const QString message = test->message();
    QVERIFY2(message.contains(u"https"_s), qPrintable(message));
}

void TestConnectionManager::testUnsavedKeychainWithoutToken()
{
    FakeChatEndpoint fake(Backend::OpenAI);
    ConnectionWorld w;
    auto m = w.makeManager();
    QVERIFY(startAndSettle(*m));
    const auto test
        = tested(*m, keychainConnection(Connection::Kind::OpenAI, u"No key"_s, fake.baseUrl()), {});
    QVERIFY(test);
    QVERIFY(!test->ok());
    QVERIFY2(test->message().contains(u"token"_s), qPrintable(test->message()));
    QVERIFY(fake.server().requests().isEmpty());
}

void TestConnectionManager::ollamaProbeOffersConnection()
{
    FakeChatEndpoint fake(Backend::Ollama);
    ConnectionWorld w;
    auto m = w.makeManager(fake.baseUrl());
    QSignalSpy target(m.get(), &ConnectionManager::targetChanged);
    QSignalSpy setup(m.get(), &ConnectionManager::setupNeededChanged);
    m->start();
    QVERIFY(m->isProbing());
    QVERIFY(!m->needsSetup()); // not known before the probe answers
    QTRY_VERIFY_WITH_TIMEOUT(!m->isProbing(), Wait);
    QVERIFY(m->ollamaDetected());
    const QList<Connection> all = m->connections();
    QCOMPARE(all.size(), 1);
    QCOMPARE(all.first().id, ConnectionManager::detectedOllamaId());
    QCOMPARE(all.first().kind, Connection::Kind::Ollama);
    QCOMPARE(all.first().tokenSource, Connection::TokenSource::None);
    QVERIFY(!all.first().persistent);
    QVERIFY(!m->needsSetup());
    QCOMPARE(setup.count(), 0);
    const RecordedRequest probe = fake.server().requests().constFirst();
    QCOMPARE(probe.path, u"/v1/models"_s);
    QVERIFY(probe.header("Authorization").isEmpty());

    // Nothing else: the detected Ollama is current.
    QCOMPARE(m->currentId(), ConnectionManager::detectedOllamaId());
    QTRY_COMPARE_WITH_TIMEOUT(target.count(), 1, Wait);
    const auto t = target.at(0).at(0).value<ChatTarget>();
    QCOMPARE(t.chatUrl, fake.chatUrl());
    QVERIFY(t.token.isEmpty());

    // A saved connection to the same server replaces the detected one in the list.
    Connection mine = all.first();
    mine.name = u"My Ollama"_s;
    const QString id = m->save(mine, {}, false);
    QCOMPARE(ids(m->connections()), QStringList{id});
    QCOMPARE(m->currentId(), id);
}

void TestConnectionManager::ollamaProbeClosedPortNeedsSetup()
{
    ConnectionWorld w;
    auto m = w.makeManager(closedPortUrl());
    QSignalSpy setup(m.get(), &ConnectionManager::setupNeededChanged);
    QSignalSpy changed(m.get(), &ConnectionManager::currentChanged);
    QElapsedTimer clock;
    clock.start();
    m->start();
    QTRY_VERIFY_WITH_TIMEOUT(m->needsSetup(), 2000);
    QVERIFY(clock.elapsed() < 2000);
    QCOMPARE(setup.count(), 1);
    QCOMPARE(setup.at(0).at(0).toBool(), true);
    QVERIFY(!m->ollamaDetected());
    QVERIFY(m->connections().isEmpty());
    QVERIFY(!m->current().has_value());
    QVERIFY(!m->target().isValid());
    QCOMPARE(changed.count(), 0);
}

void TestConnectionManager::ollamaProbeTimesOut()
{
    // A server that accepts the connection and never answers within the probe's 1.5 s.
    FakeHttpServer silent;
    Response slow = Response::ok(R"({"object":"list","data":[]})", "application/json");
    slow.stallMs = 10000;
    silent.route(u"/v1/models"_s, slow);
    ConnectionWorld w;
    auto m = w.makeManager(silent.url(u"/v1"_s));
    QElapsedTimer clock;
    clock.start();
    m->start();
    QTRY_VERIFY_WITH_TIMEOUT(m->needsSetup(), 4000);
    QVERIFY2(clock.elapsed() >= ConnectionManager::ProbeTimeoutMs - 100, qPrintable(QString::number(clock.elapsed())));
    QVERIFY(!m->ollamaDetected());
    QCOMPARE(silent.requests().size(), 1);
}

void TestConnectionManager::rememberedDetectedOllama()
{
    FakeChatEndpoint fake(Backend::Ollama);
    ConnectionWorld w;
    w.env = {{u"OPENAI_API_KEY"_s, QString::fromLatin1(OpenAIKey)}};
    {
        auto m = w.makeManager(fake.baseUrl());
        QVERIFY(startAndSettle(*m));
        QCOMPARE(m->currentId(), u"env:openai"_s);
        m->setCurrent(ConnectionManager::detectedOllamaId());
        QCOMPARE(m->currentId(), ConnectionManager::detectedOllamaId());
    }
    // Chosen once, it is chosen again as soon as the probe finds it (not the environment's OpenAI).
    auto m = w.makeManager(fake.baseUrl());
    QSignalSpy current(m.get(), &ConnectionManager::currentChanged);
    m->start();
    QVERIFY(m->currentId().isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(m->currentId(), ConnectionManager::detectedOllamaId(), Wait);
    QCOMPARE(current.count(), 1);

    // Without Ollama running, the usual choice applies.
    auto without = w.makeManager(closedPortUrl());
    QVERIFY(startAndSettle(*without));
    QCOMPARE(without->currentId(), u"env:openai"_s);
}

void TestConnectionManager::removeForgetsSecret()
{
    ConnectionWorld w;
    auto m = w.makeManager();
    QVERIFY(startAndSettle(*m));
    const QString id = m->save(keychainConnection(Connection::Kind::Compatible, u"Short-lived"_s,
                                                  QUrl(u"https://llm.example.com/v1"_s)),
                               TypedToken, true);
    const QString key = m->connection(id)->keychainKey();
    QVERIFY(w.secrets.peek(key).has_value());
    QVERIFY(!m->needsSetup());
    QSignalSpy setup(m.get(), &ConnectionManager::setupNeededChanged);
    QSignalSpy target(m.get(), &ConnectionManager::targetChanged);
    m->remove(id);
    QVERIFY(!w.secrets.peek(key).has_value());
    QVERIFY(m->connections().isEmpty());
    QVERIFY(!m->current().has_value());
    QVERIFY(m->needsSetup());
    QCOMPARE(setup.count(), 1);
    QVERIFY(!w.iniBytes().contains(id.toLatin1()));
    // The window learns that there is nothing to send to any more.
    QVERIFY(std::any_of(target.cbegin(), target.cend(),
                        [](const QList<QVariant> &args) { return !args.at(0).value<ChatTarget>().isValid(); }));
}

void TestConnectionManager::keychainLossIsNoticed()
{
    ConnectionWorld w;
    FailingSecretStore failing;
    auto m = w.makeManager({}, &failing);
    QVERIFY(startAndSettle(*m));
    QSignalSpy notice(m.get(), &ConnectionManager::notice);
    QSignalSpy target(m.get(), &ConnectionManager::targetChanged);
    m->save(keychainConnection(Connection::Kind::OpenAI, u"Session only"_s, QUrl(defaultBaseUrl(Connection::Kind::OpenAI))),
            TypedToken, true);
    QTRY_COMPARE_WITH_TIMEOUT(notice.count(), 1, Wait);
    const QString text = notice.at(0).at(0).toString();
    QVERIFY2(text.contains(u"session only"_s), qPrintable(text));
    QVERIFY(!text.contains(QString::fromLatin1(TypedToken)));
    // The token just typed is used all the same.
    QTRY_COMPARE_WITH_TIMEOUT(target.count(), 1, Wait);
    QVERIFY(target.at(0).at(0).value<ChatTarget>().token == TypedToken);
}

// Editing a saved connection's address to another server: the token saved for the old one is
// dropped and never sent to the new one (testing, listing models and chatting all ask for it).
void TestConnectionManager::newAddressNeverGetsTheOldToken()
{
    FakeChatEndpoint before(Backend::VLLM);
    FakeChatEndpoint after(Backend::VLLM);
    before.setToken(TypedToken);
    after.setToken({});
    ConnectionWorld w;
    auto m = w.makeManager();
    QVERIFY(startAndSettle(*m));
    const QString id = m->save(keychainConnection(Connection::Kind::Compatible, u"Moving"_s, before.baseUrl()), TypedToken, true);
    QTRY_VERIFY_WITH_TIMEOUT(m->isTargetReady(), Wait);
    const QString key = m->connection(id)->keychainKey();

    Connection moved = *m->connection(id);
    moved.baseUrl = after.baseUrl().toString();
    const auto test = tested(*m, moved, {}); // the editor's Test button before saving
    QVERIFY(test);
    QVERIFY(!test->ok());
    const QString message = test->message();
    QVERIFY2(message.contains(u"enter the token"_s), qPrintable(message));

    QSignalSpy failed(m.get(), &ConnectionManager::targetFailed);
    m->save(moved, {}, true);
    QVERIFY(!w.secrets.peek(key).has_value());
    QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, Wait);
    QVERIFY(m->target().token.isEmpty());
    QSignalSpy listed(m.get(), &ConnectionManager::modelsListed);
    m->refreshModels();
    QTRY_COMPARE_WITH_TIMEOUT(listed.count(), 1, Wait);
    for (const RecordedRequest &r : after.server().requests())
        QVERIFY(!r.header("Authorization").contains(TypedToken));
}

// The model list with a token follows a redirect on its own server only; one to another port is
// refused with a message naming it, and the other server sees nothing.
void TestConnectionManager::modelListRedirectStaysOnOrigin()
{
    FakeHttpServer origin;
    FakeHttpServer other;
    origin.route(u"/v1/models"_s, Response::redirect(other.url(u"/v1/models"_s).toEncoded(), 302));
    other.route(u"/v1/models"_s, Response::ok(R"({"object":"list","data":[]})", "application/json"));
    ConnectionWorld w;
    auto m = w.makeManager();
    QVERIFY(startAndSettle(*m));
    const auto test = tested(*m,
                             keychainConnection(Connection::Kind::Compatible,
                                                u"Redirecting"_s,
                                                origin.url(u"/v1"_s)),
                             TypedToken);
    QVERIFY(test);
    QVERIFY(!test->ok());
    const QString message = test->message();
    QVERIFY2(message.contains(other.url(u"/"_s).authority()), qPrintable(message));
    QCOMPARE(other.requests().size(), 0);
}

namespace {
const QByteArray SpClientId = "6731de76-14a6-49ae-97bc-6eba6914391e";
const QByteArray SpSecret = "dose0123-service-principal-secret";
} // namespace

void TestConnectionManager::databricksCliProfileSignsIn()
{
    // `databricks auth login` wrote a profile without a token; the CLI gives the token.
    FakeDatabricksCli cli;
    QVERIFY(cli.isValid());
    FakeChatEndpoint fake(Backend::Databricks);
    fake.setToken(FakeDatabricksCli::tokenOfCall(1));
    ConnectionWorld w;
    w.env = {{u"PATH"_s, cli.binDir()}};
    QVERIFY(w.writeDatabricksConfig("[DEFAULT]\nhost = " + fake.baseUrl().toEncoded()
                                    + "\nauth_type = databricks-cli\n"));
    auto m = w.makeManager();
    QSignalSpy target(m.get(), &ConnectionManager::targetChanged);
    QSignalSpy failed(m.get(), &ConnectionManager::targetFailed);
    QVERIFY(startAndSettle(*m));
    QCOMPARE(ids(m->connections()), QStringList{u"env:databricks"_s});
    QTRY_COMPARE_WITH_TIMEOUT(target.count() + failed.count(), 1, Wait);
    QVERIFY2(failed.isEmpty(), qPrintable(failed.isEmpty() ? QString() : failed.at(0).at(0).toString()));
    QVERIFY(target.at(0).at(0).value<ChatTarget>().token == FakeDatabricksCli::tokenOfCall(1));
    QCOMPARE(cli.lastArguments(), (QStringList{u"auth"_s, u"token"_s, u"--profile"_s, u"DEFAULT"_s}));

    QSignalSpy listed(m.get(), &ConnectionManager::modelsListed);
    m->refreshModels();
    QTRY_COMPARE_WITH_TIMEOUT(listed.count(), 1, Wait);
    QCOMPARE(listed.at(0).at(2).toString(), QString());
    QCOMPARE(cli.calls(), 1); // the token is kept in memory between requests
    QVERIFY(!w.iniBytes().contains(FakeDatabricksCli::tokenOfCall(1)));
}

// A batch holds a copy of the target: when its token is refused, renewTokenFor() runs the CLI again
// and hands over the new token; for a target that is not the current connection's, it gives none.
void TestConnectionManager::batchTokenIsRenewedForItsOwnConnectionOnly()
{
    FakeDatabricksCli cli;
    QVERIFY(cli.isValid());
    FakeChatEndpoint fake(Backend::Databricks);
    fake.setToken(FakeDatabricksCli::tokenOfCall(1));
    ConnectionWorld w;
    w.env = {{u"PATH"_s, cli.binDir()}};
    QVERIFY(w.writeDatabricksConfig("[DEFAULT]\nhost = " + fake.baseUrl().toEncoded()
                                    + "\nauth_type = databricks-cli\n"));
    auto m = w.makeManager();
    QSignalSpy target(m.get(), &ConnectionManager::targetChanged);
    QVERIFY(startAndSettle(*m));
    QTRY_COMPARE_WITH_TIMEOUT(target.count(), 1, Wait);
    const ChatTarget batchTarget = m->target();
    QVERIFY(batchTarget.token == FakeDatabricksCli::tokenOfCall(1));

    QByteArray renewed;
    QString error;
    bool answered = false;
    m->renewTokenFor(batchTarget, [&](const QByteArray &token, const QString &why) {
        renewed = token;
        error = why;
        answered = true;
    });
    QTRY_VERIFY_WITH_TIMEOUT(answered, Wait);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY(renewed == FakeDatabricksCli::tokenOfCall(2)); // fetched again, not the cached one
    QCOMPARE(cli.calls(), 2);

    // A copy of another server's target never gets this connection's token.
    ChatTarget other = batchTarget;
    other.chatUrl = QUrl(u"https://elsewhere.example/serving-endpoints/chat/completions"_s);
    answered = false;
    m->renewTokenFor(other, [&](const QByteArray &token, const QString &why) {
        renewed = token;
        error = why;
        answered = true;
    });
    QTRY_VERIFY_WITH_TIMEOUT(answered, Wait);
    QVERIFY(renewed.isEmpty());
    QVERIFY(!error.isEmpty());
    QCOMPARE(cli.calls(), 2);
}

void TestConnectionManager::databricksCliTokenRenewedBeforeExpiry()
{
    FakeDatabricksCli cli;
    QVERIFY(cli.isValid());
    QDateTime now = QDateTime(QDate(2026, 3, 1), QTime(12, 0), Qt::UTC);
    cli.setExpiry(now.addSecs(3600));
    FakeChatEndpoint fake(Backend::Databricks);
    fake.setToken(FakeDatabricksCli::tokenOfCall(1));
    ConnectionWorld w;
    w.env = {{u"PATH"_s, cli.binDir()}};
    QVERIFY(w.writeDatabricksConfig("[oauth-user]\nhost = " + fake.baseUrl().toEncoded()
                                    + "\nauth_type = databricks-cli\n"));
    auto m = w.makeManager();
    m->tokenProvider()->setClock([&now] { return now; });
    QVERIFY(startAndSettle(*m));
    Connection c;
    c.kind = Connection::Kind::Databricks;
    c.baseUrl = fake.baseUrl().toString();
    c.tokenSource = Connection::TokenSource::DatabricksProfile;
    c.profile = u"oauth-user"_s;
    QSignalSpy target(m.get(), &ConnectionManager::targetChanged);
    m->save(c, QByteArray(), true);
    QTRY_COMPARE_WITH_TIMEOUT(target.count(), 1, Wait);
    QVERIFY(m->target().token == FakeDatabricksCli::tokenOfCall(1));
    QCOMPARE(m->tokenRenewalDue(), now.addSecs(3600 - DatabricksTokenProvider::RefreshMarginSecs));

    // Not yet due: nothing changes.
    m->renewToken();
    QCoreApplication::processEvents(); // the provider answers from the event loop
    QCOMPARE(cli.calls(), 1);
    QCOMPARE(target.count(), 1);

    // Due: the workspace now takes only the new token, and the target carries it.
    now = now.addSecs(3500);
    cli.setExpiry(now.addSecs(3600));
    fake.setToken(FakeDatabricksCli::tokenOfCall(2));
    m->renewToken();
    QTRY_COMPARE_WITH_TIMEOUT(target.count(), 2, Wait);
    QVERIFY(target.at(1).at(0).value<ChatTarget>().token == FakeDatabricksCli::tokenOfCall(2));
    QCOMPARE(m->tokenRenewalDue(), now.addSecs(3600 - DatabricksTokenProvider::RefreshMarginSecs));
    QSignalSpy listed(m.get(), &ConnectionManager::modelsListed);
    m->refreshModels();
    QTRY_COMPARE_WITH_TIMEOUT(listed.count(), 1, Wait);
    QCOMPARE(listed.at(0).at(2).toString(), QString());

    // The login expired meanwhile: the next renewal says what to run.
    now = now.addSecs(3500);
    cli.setLoginExpired(true);
    QSignalSpy failed(m.get(), &ConnectionManager::targetFailed);
    m->renewToken();
    QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, Wait);
    const QString why = failed.at(0).at(0).toString();
    QVERIFY2(why.contains(u"databricks auth login --host "_s + fake.baseUrl().toString() + u" --profile oauth-user"_s),
             qPrintable(why));
    QVERIFY(!m->isTargetReady());
}

void TestConnectionManager::databricksCliMissingSaysWhatToRun()
{
    QTemporaryDir emptyBin;
    FakeChatEndpoint fake(Backend::Databricks);
    ConnectionWorld w;
    w.env = {{u"PATH"_s, emptyBin.path()}};
    QVERIFY(w.writeDatabricksConfig("[DEFAULT]\nhost = " + fake.baseUrl().toEncoded()
                                    + "\nauth_type = databricks-cli\n"));
    auto m = w.makeManager();
    QSignalSpy failed(m.get(), &ConnectionManager::targetFailed);
    QVERIFY(startAndSettle(*m));
    QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, Wait);
    const QString why = failed.at(0).at(0).toString();
    QVERIFY2(why.contains(u"not on PATH"_s), qPrintable(why));
    QVERIFY2(why.contains(u"databricks auth login --host "_s + fake.baseUrl().toString()), qPrintable(why));
}

void TestConnectionManager::servicePrincipalFromEnvironment()
{
    FakeChatEndpoint fake(Backend::Databricks);
    // The workspace issues short-lived tokens and accepts only the newest.
    FakeOidcEndpoint oidc(fake.server(), SpClientId, SpSecret, [&fake](const QByteArray &t) { fake.setToken(t); });
    ConnectionWorld w;
    w.env = {{u"DATABRICKS_HOST"_s, fake.baseUrl().toString()},
             {u"DATABRICKS_CLIENT_ID"_s, QString::fromLatin1(SpClientId)},
             {u"DATABRICKS_CLIENT_SECRET"_s, QString::fromLatin1(SpSecret)}};
    auto m = w.makeManager();
    QSignalSpy target(m.get(), &ConnectionManager::targetChanged);
    QSignalSpy notices(m.get(), &ConnectionManager::notice);
    QVERIFY(startAndSettle(*m));
    QCOMPARE(ids(m->connections()), QStringList{u"env:databricks"_s});
    QTRY_COMPARE_WITH_TIMEOUT(target.count(), 1, Wait);
    QVERIFY(target.at(0).at(0).value<ChatTarget>().token == FakeOidcEndpoint::tokenNumber(1));
    QCOMPARE(oidc.problems(), QStringList());

    QSignalSpy listed(m.get(), &ConnectionManager::modelsListed);
    m->refreshModels();
    QTRY_COMPARE_WITH_TIMEOUT(listed.count(), 1, Wait);
    QCOMPARE(listed.at(0).at(2).toString(), QString());
    QCOMPARE(oidc.issuedCount(), 1);

    // Mid-session the workspace stops taking the token: fetched once more, then the list works.
    fake.setToken("revoked-by-the-workspace");
    m->refreshModels();
    QTRY_COMPARE_WITH_TIMEOUT(listed.count(), 2, Wait);
    QCOMPARE(listed.at(1).at(2).toString(), QString());
    QCOMPARE(oidc.issuedCount(), 2);
    QTRY_COMPARE_WITH_TIMEOUT(target.count(), 2, Wait); // the chat target follows
    QVERIFY(m->target().token == FakeOidcEndpoint::tokenNumber(2));

    // The chat target follows a refused token too.
    fake.setToken("revoked-again");
    QVERIFY(m->tokenRejected());
    QTRY_COMPARE_WITH_TIMEOUT(target.count(), 3, Wait);
    QVERIFY(target.at(2).at(0).value<ChatTarget>().token == FakeOidcEndpoint::tokenNumber(3));

    for (const QList<QVariant> &n : std::as_const(notices))
        QVERIFY(!n.at(0).toString().contains(QString::fromLatin1(SpSecret)));
    QVERIFY(!w.iniBytes().contains(SpSecret));
}

void TestConnectionManager::servicePrincipalSecretGoesToKeychain()
{
    FakeChatEndpoint fake(Backend::Databricks);
    FakeOidcEndpoint oidc(fake.server(), SpClientId, SpSecret, [&fake](const QByteArray &t) { fake.setToken(t); });
    ConnectionWorld w;
    auto m = w.makeManager();
    QVERIFY(startAndSettle(*m));
    Connection c;
    c.kind = Connection::Kind::Databricks;
    c.name = u"Service principal"_s;
    c.baseUrl = fake.baseUrl().toString();
    c.tokenSource = Connection::TokenSource::ServicePrincipal;
    c.clientId = QString::fromLatin1(SpClientId);

    // A test with the typed secret: it goes to the token endpoint, never to the chat API.
    const auto good = tested(*m, c, SpSecret);
    QVERIFY(good);
    QVERIFY2(good->ok(), qPrintable(good->message()));
    for (const RecordedRequest &r : fake.server().requests()) {
        if (r.path != u"/oidc/v1/token"_s)
            QVERIFY(!r.header("Authorization").contains(SpSecret) && !r.body.contains(SpSecret));
    }

    // A wrong secret: the workspace's refusal, without the secret.
    const auto bad = tested(*m, c, "wrong-secret-2222");
    QVERIFY(bad);
    QVERIFY(!bad->ok());
    const QString why = bad->message();
    QVERIFY2(why.contains(u"client ID or secret"_s), qPrintable(why));
    QVERIFY(!why.contains(u"wrong-secret-2222"_s));

    QSignalSpy target(m.get(), &ConnectionManager::targetChanged);
    const QString id = m->save(c, SpSecret, true);
    QTRY_COMPARE_WITH_TIMEOUT(target.count(), 1, Wait);
    QVERIFY(m->target().token == FakeOidcEndpoint::tokenNumber(oidc.issuedCount()));
    const QByteArray ini = w.iniBytes();
    QVERIFY(!ini.contains(SpSecret));
    QVERIFY(ini.contains(SpClientId));
    QVERIFY(ini.contains("oauth-m2m"));
    bool stored = false;
    w.secrets.read(u"connection/"_s + id, [&stored](std::optional<QByteArray> s, const QString &) {
        stored = s && *s == SpSecret;
    });
    QTRY_VERIFY_WITH_TIMEOUT(stored, Wait);

    // Reopened later: the secret comes back from the keychain.
    auto again = w.makeManager();
    QSignalSpy target2(again.get(), &ConnectionManager::targetChanged);
    QVERIFY(startAndSettle(*again));
    QTRY_COMPARE_WITH_TIMEOUT(target2.count(), 1, Wait);
    QVERIFY(again->target().token == FakeOidcEndpoint::tokenNumber(oidc.issuedCount()));
}

void TestConnectionManager::tokenNeverBecomesAClientSecret()
{
    FakeChatEndpoint fake(Backend::Databricks);
    FakeOidcEndpoint oidc(fake.server(), SpClientId, SpSecret);
    ConnectionWorld w;
    auto m = w.makeManager();
    QVERIFY(startAndSettle(*m));
    Connection c = keychainConnection(Connection::Kind::Databricks, u"Workspace"_s, fake.baseUrl());
    c.id = m->save(c, DatabricksToken, true);
    QVERIFY(w.secrets.peek(c.keychainKey()) == std::optional<QByteArray>(DatabricksToken));

    // Switched to a service principal without typing its secret: the token is not sent as one.
    c.tokenSource = Connection::TokenSource::ServicePrincipal;
    c.clientId = QString::fromLatin1(SpClientId);
    QSignalSpy failed(m.get(), &ConnectionManager::targetFailed);
    m->save(c, QByteArray(), true);
    QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, Wait);
    QVERIFY2(failed.at(0).at(0).toString().contains(u"client secret"_s), qPrintable(failed.at(0).at(0).toString()));
    QVERIFY(!w.secrets.peek(c.keychainKey()));
    QCOMPARE(oidc.issuedCount() + int(oidc.problems().size()), 0);
}

QTEST_GUILESS_MAIN(TestConnectionManager)
#include "tst_connectionmanager.moc"
