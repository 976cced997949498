#include "core/connections/connections.h"
#include "core/connections/databricksconfig.h"
#include "core/connections/secretstore.h"
#include "core/util/settings.h"
#include "fakeendpoint.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace squint;
using namespace Qt::StringLiterals;

Q_DECLARE_METATYPE(squint::Connection::Kind)
Q_DECLARE_METATYPE(squint::Connection::TokenSource)

namespace {

// Fake tokens. Tests compare tokens with QVERIFY(a == b) so that a failure never prints one.
const QByteArray DatabricksToken = "dapi-test-token-aaaa";
const QByteArray OpenAIKey = "sk-test-key-bbbb";
const QByteArray TypedToken = "sk-typed-into-squint-cccc";

/// The operating system's keychain, in memory: entries by key, and a switch that makes it hang
/// (a locked keychain that shows no prompt: jobs never answer).
class MemoryKeychain final : public KeychainBackend
{
public:
    QHash<QString, QByteArray> entries;
    bool hang = false;
    QObject context;

    void read(const QString &, const QString &key, Done done) override
    {
        answer(std::move(done), [this, key] {
            return entries.contains(key) ? std::pair(Result::Ok, entries.value(key)) : std::pair(Result::NotFound, QByteArray());
        });
    }
    void write(const QString &, const QString &key, const QByteArray &secret, Done done) override
    {
        answer(std::move(done), [this, key, secret] {
            entries.insert(key, secret);
            return std::pair(Result::Ok, QByteArray());
        });
    }
    void remove(const QString &, const QString &key, Done done) override
    {
        answer(std::move(done), [this, key] {
            return std::pair(entries.remove(key) ? Result::Ok : Result::NotFound, QByteArray());
        });
    }

private:
    template<typename F>
    void answer(Done done, F f)
    {
        if (hang)
            return;
        QMetaObject::invokeMethod(&context, [done = std::move(done), f] {
            const auto [result, data] = f();
            done(result, data);
        }, Qt::QueuedConnection);
    }
};

/// A keychain store over the in-memory keychain, which holds TypedToken under "connection/a";
/// jobs time out after 50 ms.
struct KeychainWorld
{
    MemoryKeychain *keychain = new MemoryKeychain;
    KeychainSecretStore store{nullptr, std::unique_ptr<KeychainBackend>(keychain)};

    KeychainWorld()
    {
        keychain->entries.insert(u"connection/a"_s, TypedToken);
        store.setJobTimeout(50);
    }
};
const QByteArray KeychainToken = "sk-keychain-test-dddd";

// docs/protocol.md §4.3, the list the fake Databricks endpoint serves.
const QByteArray EndpointsExample =
    QJsonDocument(QJsonObject{{QStringLiteral("endpoints"), squint::test::FakeChatEndpoint::exampleServingEndpoints()}}).toJson();

QHash<QString, QString> envFrom(const QStringList &lines)
{
    QHash<QString, QString> env;
    for (const QString &line : lines) {
        const qsizetype eq = line.indexOf(u'=');
        env.insert(line.left(eq), line.mid(eq + 1));
    }
    return env;
}

QStringList namesOf(const QList<RemoteModel> &models)
{
    QStringList out;
    for (const RemoteModel &m : models)
        out.append(m.name);
    return out;
}

QString readiness(const QList<RemoteModel> &models)
{
    QString out;
    for (const RemoteModel &m : models)
        out.append(m.ready ? u'R' : u'-');
    return out;
}

Connection connection(Connection::Kind kind, const QString &baseUrl)
{
    Connection c;
    c.id = u"c1"_s;
    c.kind = kind;
    c.name = u"Test"_s;
    c.baseUrl = baseUrl;
    return c;
}

} // namespace

class TstConnections : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();

    void urls_data();
    void urls();
    void perKindRequestShape_data();
    void perKindRequestShape();
    void keychainKeyAndIds();
    void hostAndPortNamesAPortOnlyWhenGiven();
    void checkBaseUrl_data();
    void checkBaseUrl();

    void databricksEndpoints_data();
    void databricksEndpoints();
    void databricksEndpointDetails();
    void modelList_data();
    void modelList();

    void fromEnvironment_data();
    void fromEnvironment();
    void fromEnvironmentWithProfile();

    void storeRoundTrip();
    void oauthConnections();
    void storeThroughSettings();
    void tokenFromEnvironment_data();
    void tokenFromEnvironment();

    void memoryStore();
    void memoryStoreCallbacksDieWithIt();
    void keychainFallsBack();
    void keychainFallsBackOnRead();
    void redirectRule_data();
    void redirectRule();
    void removeReachesKeychainAfterTimeout();
    void removeThatFailsIsReported();

private:
    std::unique_ptr<QTemporaryDir> m_noBus;
};

void TstConnections::initTestCase()
{
    // Never touch the keychain of the person running the tests: no session bus, no display to
    // autolaunch one. The keychain store then meets what a desktop without Secret Service gives it.
    m_noBus.reset(new QTemporaryDir);
    QVERIFY(m_noBus->isValid());
    qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=" + QFile::encodeName(m_noBus->filePath(u"no-bus"_s)));
    qunsetenv("DISPLAY");
    qunsetenv("WAYLAND_DISPLAY");
}

void TstConnections::urls_data()
{
    QTest::addColumn<Connection::Kind>("kind");
    QTest::addColumn<QString>("baseUrl");
    QTest::addColumn<QString>("chat");
    QTest::addColumn<QString>("models");

    using K = Connection::Kind;
    QTest::newRow("OpenAI") << K::OpenAI << u"https://api.openai.com/v1"_s
                            << u"https://api.openai.com/v1/chat/completions"_s << u"https://api.openai.com/v1/models"_s;
    QTest::newRow("OpenAI, trailing slash") << K::OpenAI << u"https://api.openai.com/v1/"_s
                                            << u"https://api.openai.com/v1/chat/completions"_s
                                            << u"https://api.openai.com/v1/models"_s;
    QTest::newRow("Ollama /v1/") << K::Ollama << u"http://localhost:11434/v1/"_s
                                 << u"http://localhost:11434/v1/chat/completions"_s
                                 << u"http://localhost:11434/v1/models"_s;
    QTest::newRow("two trailing slashes") << K::Compatible << u"http://localhost:8080/v1//"_s
                                          << u"http://localhost:8080/v1/chat/completions"_s
                                          << u"http://localhost:8080/v1/models"_s;
    QTest::newRow("no path") << K::Compatible << u"http://127.0.0.1:8000"_s << u"http://127.0.0.1:8000/chat/completions"_s
                             << u"http://127.0.0.1:8000/models"_s;
    QTest::newRow("query kept") << K::Compatible << u"https://x.example/openai/v1?api-version=2024-10-21"_s
                                << u"https://x.example/openai/v1/chat/completions?api-version=2024-10-21"_s
                                << u"https://x.example/openai/v1/models?api-version=2024-10-21"_s;
    QTest::newRow("spaces around") << K::OpenAI << u"  https://api.openai.com/v1  "_s
                                   << u"https://api.openai.com/v1/chat/completions"_s
                                   << u"https://api.openai.com/v1/models"_s;
    QTest::newRow("Databricks") << K::Databricks << u"https://dbc-1234.cloud.databricks.com"_s
                                << u"https://dbc-1234.cloud.databricks.com/serving-endpoints/chat/completions"_s
                                << u"https://dbc-1234.cloud.databricks.com/api/2.0/serving-endpoints"_s;
    QTest::newRow("Databricks, slash and :443") << K::Databricks << u"https://adb-1.2.azuredatabricks.net:443/"_s
                                                << u"https://adb-1.2.azuredatabricks.net/serving-endpoints/chat/completions"_s
                                                << u"https://adb-1.2.azuredatabricks.net/api/2.0/serving-endpoints"_s;
    QTest::newRow("Databricks, bare host") << K::Databricks << u"dbc-1234.cloud.databricks.com"_s
                                           << u"https://dbc-1234.cloud.databricks.com/serving-endpoints/chat/completions"_s
                                           << u"https://dbc-1234.cloud.databricks.com/api/2.0/serving-endpoints"_s;
    QTest::newRow("Databricks, workspace query dropped")
        << K::Databricks << u"https://adb-1.2.azuredatabricks.net/?o=1234"_s
        << u"https://adb-1.2.azuredatabricks.net/serving-endpoints/chat/completions"_s
        << u"https://adb-1.2.azuredatabricks.net/api/2.0/serving-endpoints"_s;
    // D8: the AI Gateway's OpenAI-compatible API. As a Databricks connection the chat goes under the
    // gateway path and the model list is the workspace's serving endpoints; as an OpenAI-compatible
    // connection both go under the base URL.
    QTest::newRow("Databricks, AI Gateway") << K::Databricks << u"https://dbc-1234.cloud.databricks.com/ai-gateway/mlflow/v1"_s
                                            << u"https://dbc-1234.cloud.databricks.com/ai-gateway/mlflow/v1/chat/completions"_s
                                            << u"https://dbc-1234.cloud.databricks.com/api/2.0/serving-endpoints"_s;
    QTest::newRow("Databricks, AI Gateway, bare host and slash")
        << K::Databricks << u"dbc-1234.cloud.databricks.com/ai-gateway/mlflow/v1/"_s
        << u"https://dbc-1234.cloud.databricks.com/ai-gateway/mlflow/v1/chat/completions"_s
        << u"https://dbc-1234.cloud.databricks.com/api/2.0/serving-endpoints"_s;
    QTest::newRow("compatible, AI Gateway") << K::Compatible << u"https://dbc-1234.cloud.databricks.com/ai-gateway/mlflow/v1"_s
                                            << u"https://dbc-1234.cloud.databricks.com/ai-gateway/mlflow/v1/chat/completions"_s
                                            << u"https://dbc-1234.cloud.databricks.com/ai-gateway/mlflow/v1/models"_s;
    QTest::newRow("empty") << K::Compatible << QString() << QString() << QString();
}

void TstConnections::urls()
{
    QFETCH(Connection::Kind, kind);
    QFETCH(QString, baseUrl);
    QFETCH(QString, chat);
    QFETCH(QString, models);
    const Connection c = connection(kind, baseUrl);
    QCOMPARE(c.chatUrl().toString(QUrl::FullyEncoded), chat);
    QCOMPARE(c.modelsUrl().toString(QUrl::FullyEncoded), models);
}

void TstConnections::perKindRequestShape_data()
{
    QTest::addColumn<Connection::Kind>("kind");
    QTest::addColumn<QString>("maxTokensField");
    QTest::addColumn<bool>("streamOptions");
    QTest::addColumn<QString>("name");

    using K = Connection::Kind;
    QTest::newRow("Databricks") << K::Databricks << u"max_tokens"_s << false << u"Databricks workspace"_s;
    QTest::newRow("OpenAI") << K::OpenAI << u"max_completion_tokens"_s << true << u"OpenAI"_s;
    QTest::newRow("Ollama") << K::Ollama << u"max_tokens"_s << true << u"Ollama (local)"_s;
    QTest::newRow("Compatible") << K::Compatible << u"max_tokens"_s << true << u"OpenAI-compatible"_s;
}

void TstConnections::perKindRequestShape()
{
    QFETCH(Connection::Kind, kind);
    QFETCH(QString, maxTokensField);
    QFETCH(bool, streamOptions);
    QFETCH(QString, name);
    const Connection c = connection(kind, u"https://h.example/v1"_s);
    QCOMPARE(c.maxTokensField(), maxTokensField);
    QCOMPARE(c.sendsStreamOptions(), streamOptions);
    QCOMPARE(kindName(kind), name);

    // Where the chat goes through it, the one way the window and the command line make it.
    const ChatTarget withToken = chatTargetFor(c, "s3cret");
    QCOMPARE(withToken.connectionName, c.name);
    QCOMPARE(withToken.chatUrl, c.chatUrl());
    QVERIFY(withToken.isValid());
    QCOMPARE(withToken.token, QByteArray("s3cret"));
    QCOMPARE(withToken.maxTokensField, maxTokensField);
    QCOMPARE(withToken.streamOptions, streamOptions);
    QCOMPARE(withToken.transferTimeoutMs, ChatTarget().transferTimeoutMs);
    QVERIFY(chatTargetFor(c, {}).token.isEmpty());
}

void TstConnections::hostAndPortNamesAPortOnlyWhenGiven()
{
    QCOMPARE(hostAndPort(QUrl(u"http://localhost:11434/v1"_s)), u"localhost:11434"_s);
    QCOMPARE(hostAndPort(QUrl(u"https://dbc-1.cloud.databricks.com"_s)),
             u"dbc-1.cloud.databricks.com"_s);
    QCOMPARE(hostAndPort(QUrl(u"https://h.example:443/x"_s)), u"h.example:443"_s);
    QCOMPARE(hostAndPort(QUrl()), QString());
}

void TstConnections::keychainKeyAndIds()
{
    Connection c = connection(Connection::Kind::OpenAI, u"https://api.openai.com/v1"_s);
    c.id = u"0f3c7a52-3c1e-4b7e-9a53-5a3f2e1d0c9b"_s;
    QCOMPARE(c.keychainKey(), u"connection/0f3c7a52-3c1e-4b7e-9a53-5a3f2e1d0c9b"_s);

    const QString a = newConnectionId();
    const QString b = newConnectionId();
    QVERIFY(a != b);
    QCOMPARE(a.size(), 36);
    QVERIFY(!a.contains(u'{') && !a.contains(u'}'));

    QCOMPARE(defaultBaseUrl(Connection::Kind::OpenAI), u"https://api.openai.com/v1"_s);
    QCOMPARE(defaultBaseUrl(Connection::Kind::Ollama), u"http://localhost:11434/v1"_s);
    QCOMPARE(defaultBaseUrl(Connection::Kind::Databricks), QString());
}

void TstConnections::checkBaseUrl_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<bool>("accepted");

    QTest::newRow("https") << u"https://api.openai.com/v1"_s << true;
    QTest::newRow("https, any host") << u"https://llm.example.com:8443/v1"_s << true;
    QTest::newRow("http://localhost") << u"http://localhost:11434/v1"_s << true;
    QTest::newRow("http://LOCALHOST") << u"http://LOCALHOST:8080"_s << true;
    QTest::newRow("http://127.0.0.1") << u"http://127.0.0.1:8080/v1"_s << true;
    QTest::newRow("http://127.0.0.5") << u"http://127.0.0.5"_s << true;
    QTest::newRow("http://[::1]") << u"http://[::1]:8000/v1"_s << true;
    QTest::newRow("http://example.com") << u"http://example.com/v1"_s << false;
    QTest::newRow("http to a LAN address") << u"http://192.168.1.20:11434/v1"_s << false;
    QTest::newRow("http://128.0.0.1") << u"http://128.0.0.1"_s << false;
    QTest::newRow("localhost as a subdomain") << u"http://localhost.example.com"_s << false;
    QTest::newRow("ftp") << u"ftp://example.com/v1"_s << false;
    QTest::newRow("file") << u"file:///tmp/models"_s << false;
    QTest::newRow("no host") << u"https:///v1"_s << false;
    QTest::newRow("no scheme") << u"api.openai.com/v1"_s << false;
    QTest::newRow("credentials in the URL") << u"https://user:secret@api.openai.com/v1"_s << false;
    QTest::newRow("empty") << QString() << false;
}

void TstConnections::checkBaseUrl()
{
    QFETCH(QString, url);
    QFETCH(bool, accepted);
    const QString reason = squint::checkBaseUrl(QUrl(url));
    if (accepted)
        QCOMPARE(reason, QString());
    else
        QVERIFY2(!reason.isEmpty(), qPrintable(url));
}

void TstConnections::databricksEndpoints_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QStringList>("names");
    QTest::addColumn<QString>("ready"); ///< one letter per model: R ready, - not
    QTest::addColumn<bool>("error");

    QTest::newRow("protocol.md example") << EndpointsExample
                                         << QStringList{u"databricks-claude-sonnet-4-5"_s, u"my-gpt4o-proxy"_s} << u"RR"_s
                                         << false;
    QTest::newRow("empty workspace {}") << QByteArray("{}") << QStringList() << QString() << false;
    QTest::newRow("empty list") << QByteArray(R"({"endpoints":[]})") << QStringList() << QString() << false;
    QTest::newRow("NOT_READY") << QByteArray(R"({"endpoints":[{"name":"llama","task":"llm/v1/chat",
                                   "state":{"ready":"NOT_READY","config_update":"IN_PROGRESS"}}]})")
                               << QStringList{u"llama"_s} << u"-"_s << false;
    QTest::newRow("task only on the external model")
        << QByteArray(R"({"endpoints":[{"name":"proxy","state":{"ready":"READY"},"config":{"served_entities":[
              {"name":"e","external_model":{"provider":"anthropic","name":"claude","task":"llm/v1/chat"}}]}}]})")
        << QStringList{u"proxy"_s} << u"R"_s << false;
    QTest::newRow("completions and embeddings left out")
        << QByteArray(R"({"endpoints":[{"name":"a","task":"llm/v1/completions"},{"name":"b","task":"llm/v1/embeddings"},
              {"name":"c"}]})")
        << QStringList() << QString() << false;
    QTest::newRow("invalid JSON") << QByteArray(R"({"endpoints":[)") << QStringList() << QString() << true;
    QTest::newRow("not an object") << QByteArray("[1,2]") << QStringList() << QString() << true;
    QTest::newRow("error body") << QByteArray(R"({"error_code":"PERMISSION_DENIED","message":"No access."})")
                                << QStringList() << QString() << true;
}

void TstConnections::databricksEndpoints()
{
    QFETCH(QByteArray, json);
    QFETCH(QStringList, names);
    QFETCH(QString, ready);
    QFETCH(bool, error);

    QString message = u"(untouched)"_s;
    const QList<RemoteModel> models = parseDatabricksEndpoints(json, &message);
    QCOMPARE(namesOf(models), names);
    QCOMPARE(readiness(models), ready);
    QCOMPARE(!message.isEmpty(), error);
    for (const RemoteModel &m : models) {
        QCOMPARE(m.task, u"llm/v1/chat"_s);
        QVERIFY(m.chat);
    }
    QCOMPARE(parseRemoteModels(Connection::Kind::Databricks, json), models);
}

void TstConnections::databricksEndpointDetails()
{
    const QList<RemoteModel> models = parseDatabricksEndpoints(EndpointsExample);
    QCOMPARE(models.size(), 2);
    QCOMPARE(models.at(0).displayName, u"Claude Sonnet 4.5"_s);
    QCOMPARE(models.at(0).detail, QString());
    QCOMPARE(models.at(1).displayName, u"my-gpt4o-proxy"_s);
    QCOMPARE(models.at(1).detail, u"external model openai/gpt-4o"_s);

    const QList<RemoteModel> notReady = parseDatabricksEndpoints(
        R"({"endpoints":[{"name":"llama","task":"llm/v1/chat","state":{"ready":"NOT_READY","config_update":"IN_PROGRESS"}}]})");
    QCOMPARE(notReady.size(), 1);
    QCOMPARE(notReady.at(0).detail, u"not ready: IN_PROGRESS"_s);

    QString error;
    parseDatabricksEndpoints(R"({"error_code":"PERMISSION_DENIED","message":"No access."})", &error);
    QVERIFY2(error.contains(u"No access."_s), qPrintable(error));
}

void TstConnections::modelList_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QStringList>("names");
    QTest::addColumn<QString>("detail"); ///< of the first model
    QTest::addColumn<bool>("error");

    QTest::newRow("OpenAI") << QByteArray(R"({"object":"list","data":[
            {"id":"gpt-4o","object":"model","created":1715367049,"owned_by":"system"},
            {"id":"gpt-4o-mini","object":"model","created":1721172741,"owned_by":"system"}]})")
                            << QStringList{u"gpt-4o"_s, u"gpt-4o-mini"_s} << u"owned by system"_s << false;
    QTest::newRow("Ollama") << QByteArray(R"({"object":"list","data":[
            {"id":"llava:latest","object":"model","created":1718000000,"owned_by":"library"}]})")
                            << QStringList{u"llava:latest"_s} << u"owned by library"_s << false;
    QTest::newRow("Ollama without models: data null") << QByteArray(R"({"object":"list","data":null})")
                                                      << QStringList() << QString() << false;
    QTest::newRow("llama.cpp: models and data")
        << QByteArray(R"({"models":[{"name":"gemma-3-4b-it-Q4_K_M.gguf","model":"gemma-3-4b-it-Q4_K_M.gguf",
            "modified_at":"","size":"","digest":"","type":"model","description":"","tags":[""],"capabilities":["completion"],
            "parameters":"","details":{"parent_model":"","format":"gguf","family":"","families":[""],
            "parameter_size":"","quantization_level":""}}],"object":"list","data":[{"id":"gemma3","aliases":["gemma3"],
            "tags":[],"object":"model","created":1760000000,"owned_by":"llamacpp","meta":{"vocab_type":1,
            "n_vocab":262144,"n_ctx":8192,"n_ctx_train":131072,"n_embd":2560,"n_params":3880263168,"size":2489757856}}]})")
        << QStringList{u"gemma3"_s} << u"owned by llamacpp"_s << false;
    QTest::newRow("llama.cpp: models only") << QByteArray(R"({"models":[{"name":"a.gguf","model":"a.gguf"}]})")
                                            << QStringList{u"a.gguf"_s} << QString() << false;
    QTest::newRow("vLLM") << QByteArray(R"({"object":"list","data":[{"id":"Qwen/Qwen2.5-VL-7B-Instruct","object":"model",
            "created":1760000000,"owned_by":"vllm","root":"/models/qwen","parent":null,"max_model_len":32768,
            "permission":[{"id":"modelperm-1","object":"model_permission"}]}]})")
                          << QStringList{u"Qwen/Qwen2.5-VL-7B-Instruct"_s} << u"owned by vllm, context 32,768 tokens"_s
                          << false;
    QTest::newRow("duplicates dropped") << QByteArray(R"({"data":[{"id":"a"},{"id":"a"},{"id":"b"}]})")
                                        << QStringList{u"a"_s, u"b"_s} << QString() << false;
    QTest::newRow("invalid JSON") << QByteArray("<html>") << QStringList() << QString() << true;
    QTest::newRow("vLLM 401 body") << QByteArray(R"({"error":"Unauthorized"})") << QStringList() << QString() << true;
    QTest::newRow("OpenAI error body")
        << QByteArray(R"({"error":{"message":"Incorrect API key provided.","type":"invalid_request_error"}})")
        << QStringList() << QString() << true;
    QTest::newRow("neither data nor models") << QByteArray(R"({"object":"list"})") << QStringList() << QString() << true;
}

void TstConnections::modelList()
{
    QFETCH(QByteArray, json);
    QFETCH(QStringList, names);
    QFETCH(QString, detail);
    QFETCH(bool, error);

    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    QString message = u"(untouched)"_s;
    const QList<RemoteModel> models = parseModelList(json, &message);
    QCOMPARE(namesOf(models), names);
    QCOMPARE(!message.isEmpty(), error);
    if (!models.isEmpty()) {
        QCOMPARE(models.first().detail, detail);
        QCOMPARE(models.first().displayName, models.first().name);
    }
    QCOMPARE(parseRemoteModels(Connection::Kind::Ollama, json), models);
}

void TstConnections::fromEnvironment_data()
{
    QTest::addColumn<QStringList>("env");
    QTest::addColumn<QStringList>("ids");
    QTest::addColumn<QStringList>("baseUrls");
    QTest::addColumn<QStringList>("names");
    QTest::addColumn<bool>("warned");

    const QString dbHost = u"DATABRICKS_HOST=dbc-1234.cloud.databricks.com"_s;
    const QString dbToken = u"DATABRICKS_TOKEN="_s + QString::fromLatin1(DatabricksToken);
    const QString key = u"OPENAI_API_KEY="_s + QString::fromLatin1(OpenAIKey);

    QTest::newRow("nothing") << QStringList() << QStringList() << QStringList() << QStringList() << false;
    QTest::newRow("Databricks") << QStringList{dbHost, dbToken} << QStringList{u"env:databricks"_s}
                                << QStringList{u"https://dbc-1234.cloud.databricks.com"_s}
                                << QStringList{u"Databricks (dbc-1234.cloud.databricks.com)"_s} << false;
    QTest::newRow("Databricks host without token") << QStringList{dbHost} << QStringList() << QStringList()
                                                   << QStringList() << false;
    QTest::newRow("Databricks over http refused")
        << QStringList{u"DATABRICKS_HOST=http://dbc-1234.cloud.databricks.com"_s, dbToken} << QStringList()
        << QStringList() << QStringList() << true;
    QTest::newRow("OpenAI") << QStringList{key} << QStringList{u"env:openai"_s}
                            << QStringList{u"https://api.openai.com/v1"_s} << QStringList{u"OpenAI"_s} << false;
    QTest::newRow("empty OPENAI_API_KEY") << QStringList{u"OPENAI_API_KEY="_s} << QStringList() << QStringList()
                                          << QStringList() << false;
    QTest::newRow("OPENAI_BASE_URL, Ollama") << QStringList{key, u"OPENAI_BASE_URL=http://localhost:11434/v1/"_s}
                                             << QStringList{u"env:openai"_s}
                                             << QStringList{u"http://localhost:11434/v1/"_s}
                                             << QStringList{u"Ollama (localhost:11434)"_s} << false;
    QTest::newRow("OPENAI_BASE_URL, other server")
        << QStringList{key, u"OPENAI_BASE_URL=https://llm.example.com/v1"_s} << QStringList{u"env:openai"_s}
        << QStringList{u"https://llm.example.com/v1"_s} << QStringList{u"OpenAI-compatible (llm.example.com)"_s}
        << false;
    QTest::newRow("OPENAI_BASE_URL over http refused")
        << QStringList{key, u"OPENAI_BASE_URL=http://llm.example.com/v1"_s} << QStringList() << QStringList()
        << QStringList() << true;
    QTest::newRow("both") << QStringList{dbHost, dbToken, key} << QStringList{u"env:databricks"_s, u"env:openai"_s}
                          << QStringList{u"https://dbc-1234.cloud.databricks.com"_s, u"https://api.openai.com/v1"_s}
                          << QStringList{u"Databricks (dbc-1234.cloud.databricks.com)"_s, u"OpenAI"_s} << false;
}

void TstConnections::fromEnvironment()
{
    QFETCH(QStringList, env);
    QFETCH(QStringList, ids);
    QFETCH(QStringList, baseUrls);
    QFETCH(QStringList, names);
    QFETCH(bool, warned);

    const QHash<QString, QString> vars = envFrom(env);
    const DatabricksResolution databricks = resolveDatabricks(vars, QString(), u"/nonexistent-home"_s, {});
    QStringList warnings;
    const QList<Connection> found = connectionsFromEnvironment(vars, databricks, &warnings);

    const QString allText = warnings.join(u'\n');
    QVERIFY(!allText.contains(QString::fromLatin1(DatabricksToken)) && !allText.contains(QString::fromLatin1(OpenAIKey)));
    QStringList gotIds, gotUrls, gotNames;
    for (const Connection &c : found) {
        gotIds.append(c.id);
        gotUrls.append(c.baseUrl);
        gotNames.append(c.name);
        QVERIFY(!c.persistent);
        QCOMPARE(c.tokenSource, Connection::TokenSource::Environment);
        QCOMPARE(c.tokenEnv, c.kind == Connection::Kind::Databricks ? u"DATABRICKS_TOKEN"_s : u"OPENAI_API_KEY"_s);
    }
    QCOMPARE(gotIds, ids);
    QCOMPARE(gotUrls, baseUrls);
    QCOMPARE(gotNames, names);
    QCOMPARE(!warnings.isEmpty(), warned);
}

void TstConnections::fromEnvironmentWithProfile()
{
    const QByteArray cfg = "[work]\nhost = https://adb-1.2.azuredatabricks.net/\ntoken = " + DatabricksToken + "\n";
    const FileReader reader = [&](const QString &path) -> std::optional<QByteArray> {
        return path == u"/home/u/.databrickscfg"_s ? std::optional<QByteArray>(cfg) : std::nullopt;
    };
    const QHash<QString, QString> env{{u"DATABRICKS_CONFIG_PROFILE"_s, u"work"_s}};
    const DatabricksResolution databricks = resolveDatabricks(env, QString(), u"/home/u"_s, reader);
    QVERIFY(databricks.isUsable());

    const QList<Connection> found = connectionsFromEnvironment(env, databricks);
    QCOMPARE(found.size(), 1);
    const Connection &c = found.first();
    QCOMPARE(c.id, u"env:databricks"_s);
    QCOMPARE(c.kind, Connection::Kind::Databricks);
    QCOMPARE(c.name, u"Databricks (adb-1.2.azuredatabricks.net)"_s);
    QCOMPARE(c.baseUrl, u"https://adb-1.2.azuredatabricks.net"_s);
    QCOMPARE(c.tokenSource, Connection::TokenSource::DatabricksProfile);
    QCOMPARE(c.profile, u"work"_s);
    QVERIFY(!c.persistent);

    // The token it stands for comes back through the same resolution.
    QString error;
    QVERIFY(squint::tokenFromEnvironment(c, env, u"/home/u"_s, reader, &error) == DatabricksToken);
    QCOMPARE(error, QString());
}

void TstConnections::storeRoundTrip()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"squint.ini"_s);

    Connection typed;
    typed.id = newConnectionId();
    typed.kind = Connection::Kind::OpenAI;
    typed.name = u"My OpenAI"_s;
    typed.baseUrl = u"https://api.openai.com/v1"_s;
    typed.tokenSource = Connection::TokenSource::Keychain;

    Connection profile;
    profile.id = newConnectionId();
    profile.kind = Connection::Kind::Databricks;
    profile.name = u"Databricks (adb-1.2.azuredatabricks.net)"_s;
    profile.baseUrl = u"https://adb-1.2.azuredatabricks.net"_s;
    profile.tokenSource = Connection::TokenSource::DatabricksProfile;
    profile.profile = u"azure-pat"_s;

    Connection local;
    local.id = u"odd/id\\with=chars"_s;
    local.kind = Connection::Kind::Ollama;
    local.name = u"ollama here"_s;
    local.baseUrl = u"http://localhost:11434/v1"_s;

    Connection fromEnv;
    fromEnv.id = u"env:openai"_s;
    fromEnv.kind = Connection::Kind::OpenAI;
    fromEnv.name = u"OpenAI (environment)"_s;
    fromEnv.baseUrl = u"https://api.openai.com/v1"_s;
    fromEnv.tokenSource = Connection::TokenSource::Environment;
    fromEnv.tokenEnv = u"OPENAI_API_KEY"_s;
    fromEnv.persistent = false;

    // The typed token goes to the secret store, never to the settings.
    MemorySecretStore secrets;
    bool written = false;
    secrets.write(typed.keychainKey(), TypedToken, [&](bool, const QString &) { written = true; });
    QTRY_VERIFY(written);

    {
        QSettings settings(path, QSettings::IniFormat);
        ConnectionStore store(&settings);
        store.save(typed);
        store.save(profile);
        store.save(local);
        store.save(fromEnv); // not persistent: not saved
        store.setCurrentId(profile.id);
    }

    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray raw = file.readAll();
    QVERIFY(raw.contains("My OpenAI")); // the file was written...
    QVERIFY(!raw.contains(TypedToken)); // ...without the token
    QVERIFY(!raw.contains("OPENAI_API_KEY"));

    {
        QSettings settings(path, QSettings::IniFormat);
        ConnectionStore store(&settings);
        const QList<Connection> saved = store.saved();
        QCOMPARE(saved.size(), 3);
        // Sorted by name, case-insensitively.
        QCOMPARE(saved.at(0), profile);
        QCOMPARE(saved.at(1), typed);
        QCOMPARE(saved.at(2), local);
        QCOMPARE(store.currentId(), profile.id);

        Connection renamed = typed;
        renamed.name = u"Work OpenAI"_s;
        store.save(renamed);
        QCOMPARE(store.saved().size(), 3);
        QCOMPARE(store.saved().at(2), renamed);

        store.remove(profile.id);
        QCOMPARE(store.currentId(), QString());
        QCOMPARE(store.saved().size(), 2);
        store.setCurrentId(u"env:databricks"_s);
    }
    QSettings settings(path, QSettings::IniFormat);
    QCOMPARE(ConnectionStore(&settings).currentId(), u"env:databricks"_s);
    QCOMPARE(ConnectionStore(&settings).saved().size(), 2);
}

void TstConnections::oauthConnections()
{
    // From the environment: a service principal becomes the environment's Databricks connection,
    // resolved again (not read as a token) each time.
    const QHash<QString, QString> env{{u"DATABRICKS_HOST"_s, u"https://dbc-sp.cloud.databricks.com"_s},
                                      {u"DATABRICKS_CLIENT_ID"_s, u"sp-id"_s},
                                      {u"DATABRICKS_CLIENT_SECRET"_s, u"sp-secret-0123456789abcdef"_s}};
    const FileReader none = [](const QString &) { return std::optional<QByteArray>(); };
    const DatabricksResolution r = resolveDatabricks(env, QString(), u"/home/u"_s, none);
    QCOMPARE(r.method, u"oauth-m2m"_s);
    const QList<Connection> found = connectionsFromEnvironment(env, r);
    QCOMPARE(found.size(), 1);
    QCOMPARE(found.first().tokenSource, Connection::TokenSource::DatabricksProfile);
    QCOMPARE(found.first().baseUrl, u"https://dbc-sp.cloud.databricks.com"_s);
    QString error;
    QVERIFY(squint::tokenFromEnvironment(found.first(), env, u"/home/u"_s, none, &error).isEmpty());
    QVERIFY2(error.contains(u"oauth-m2m"_s), qPrintable(error));
    QVERIFY(!error.contains(u"sp-secret"_s));

    // Saved: the client ID and how it signs in, never a secret.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"squint.ini"_s);
    Connection sp;
    sp.id = newConnectionId();
    sp.kind = Connection::Kind::Databricks;
    sp.name = u"Service principal"_s;
    sp.baseUrl = u"https://dbc-sp.cloud.databricks.com"_s;
    sp.tokenSource = Connection::TokenSource::ServicePrincipal;
    sp.clientId = u"sp-id"_s;
    Connection cli = sp;
    cli.id = newConnectionId();
    cli.name = u"CLI sign-in"_s;
    cli.tokenSource = Connection::TokenSource::DatabricksCli;
    cli.clientId.clear();
    {
        QSettings settings(path, QSettings::IniFormat);
        ConnectionStore store(&settings);
        store.save(sp);
        store.save(cli);
    }
    QSettings settings(path, QSettings::IniFormat);
    const QList<Connection> saved = ConnectionStore(&settings).saved();
    QCOMPARE(saved.size(), 2);
    QCOMPARE(saved.at(0), cli);
    QCOMPARE(saved.at(1), sp);
}

void TstConnections::storeThroughSettings()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"squint.ini"_s);
    Connection c = connection(Connection::Kind::Compatible, u"https://llm.example.com/v1"_s);
    {
        Settings settings(path);
        settings.setLastModel(u"gpt-4o"_s);
        ConnectionStore(settings.qsettings()).save(c);
    }
    Settings settings(path);
    QCOMPARE(settings.lastModel(), u"gpt-4o"_s);
    const QList<Connection> saved = ConnectionStore(settings.qsettings()).saved();
    QCOMPARE(saved.size(), 1);
    QCOMPARE(saved.first(), c);
}

void TstConnections::tokenFromEnvironment_data()
{
    QTest::addColumn<Connection::TokenSource>("source");
    QTest::addColumn<QString>("tokenEnv");
    QTest::addColumn<QString>("profile");
    QTest::addColumn<QString>("baseUrl");
    QTest::addColumn<QStringList>("env");
    QTest::addColumn<QByteArray>("token");
    QTest::addColumn<QString>("error"); ///< a part of the error; empty: none

    using S = Connection::TokenSource;
    const QString workspace = u"https://dbc-1234.cloud.databricks.com"_s;
    const QString key = u"OPENAI_API_KEY="_s + QString::fromLatin1(OpenAIKey);
    const QString home = u"DATABRICKS_CONFIG_FILE=/cfg"_s;

    QTest::newRow("none") << S::None << QString() << QString() << workspace << QStringList{key} << QByteArray()
                          << QString();
    QTest::newRow("environment") << S::Environment << u"OPENAI_API_KEY"_s << QString() << workspace << QStringList{key}
                                 << OpenAIKey << QString();
    QTest::newRow("environment, unset") << S::Environment << u"MY_KEY"_s << QString() << workspace << QStringList{key}
                                        << QByteArray() << u"MY_KEY"_s;
    QTest::newRow("environment, empty") << S::Environment << u"MY_KEY"_s << QString() << workspace
                                        << QStringList{u"MY_KEY="_s} << QByteArray() << u"MY_KEY"_s;
    QTest::newRow("keychain") << S::Keychain << QString() << QString() << workspace << QStringList{key} << QByteArray()
                              << u"keychain"_s;
    QTest::newRow("profile") << S::DatabricksProfile << QString() << u"work"_s << workspace << QStringList{home}
                             << DatabricksToken << QString();
    QTest::newRow("default profile") << S::DatabricksProfile << QString() << QString() << workspace
                                     << QStringList{home} << DatabricksToken << QString();
    QTest::newRow("profile missing") << S::DatabricksProfile << QString() << u"gone"_s << workspace
                                     << QStringList{home} << QByteArray() << u"has no gone profile"_s;
    QTest::newRow("profile without token") << S::DatabricksProfile << QString() << u"notoken"_s << workspace
                                           << QStringList{home} << QByteArray() << u"no token"_s;
    QTest::newRow("profile now names another workspace")
        << S::DatabricksProfile << QString() << u"moved"_s << workspace << QStringList{home} << QByteArray()
        << u"not sent"_s;
}

void TstConnections::tokenFromEnvironment()
{
    QFETCH(Connection::TokenSource, source);
    QFETCH(QString, tokenEnv);
    QFETCH(QString, profile);
    QFETCH(QString, baseUrl);
    QFETCH(QStringList, env);
    QFETCH(QByteArray, token);
    QFETCH(QString, error);

    const QByteArray cfg = "[DEFAULT]\nhost = dbc-1234.cloud.databricks.com\ntoken = " + DatabricksToken
        + "\n[work]\nhost = https://dbc-1234.cloud.databricks.com/\ntoken = " + DatabricksToken
        + "\n[notoken]\nhost = https://dbc-1234.cloud.databricks.com/\n"
          "[moved]\nhost = https://dbc-9999.cloud.databricks.com\ntoken = " + DatabricksToken + "\n";
    const FileReader reader = [&](const QString &path) -> std::optional<QByteArray> {
        if (path == u"/cfg"_s)
            return cfg;
        return std::nullopt;
    };

    Connection c = connection(Connection::Kind::Databricks, baseUrl);
    c.tokenSource = source;
    c.tokenEnv = tokenEnv;
    c.profile = profile;
    QString message = u"(untouched)"_s;
    const QByteArray got = squint::tokenFromEnvironment(c, envFrom(env), u"/home/u"_s, reader, &message);
    QVERIFY(!message.contains(QString::fromLatin1(DatabricksToken)) && !message.contains(QString::fromLatin1(OpenAIKey)));
    QVERIFY(got == token);
    if (error.isEmpty())
        QCOMPARE(message, QString());
    else
        QVERIFY2(message.contains(error), qPrintable(message));
}

void TstConnections::memoryStore()
{
    MemorySecretStore store;
    QVERIFY(!store.isPersistent());

    std::optional<bool> persisted;
    store.write(u"connection/a"_s, TypedToken, [&](bool p, const QString &error) {
        QVERIFY(error.isEmpty());
        persisted = p;
    });
    QVERIFY(!persisted); // never from inside the call
    QTRY_VERIFY(persisted.has_value());
    QCOMPARE(*persisted, false);

    bool answered = false;
    std::optional<QByteArray> secret;
    store.read(u"connection/a"_s, [&](std::optional<QByteArray> s, const QString &error) {
        QVERIFY(error.isEmpty());
        secret = std::move(s);
        answered = true;
    });
    QVERIFY(!answered);
    QTRY_VERIFY(answered);
    QVERIFY(secret && *secret == TypedToken);

    answered = false;
    store.read(u"connection/other"_s, [&](std::optional<QByteArray> s, const QString &error) {
        QVERIFY(error.isEmpty());
        secret = std::move(s);
        answered = true;
    });
    QTRY_VERIFY(answered);
    QVERIFY(!secret);

    store.remove(u"connection/a"_s);
    answered = false;
    store.read(u"connection/a"_s, [&](std::optional<QByteArray> s, const QString &) {
        secret = std::move(s);
        answered = true;
    });
    QTRY_VERIFY(answered);
    QVERIFY(!secret);
}

void TstConnections::memoryStoreCallbacksDieWithIt()
{
    bool called = false;
    {
        MemorySecretStore store;
        store.write(u"k"_s, TypedToken, [&](bool, const QString &) { called = true; });
        store.read(u"k"_s, [&](std::optional<QByteArray>, const QString &) { called = true; });
    }
    QTest::qWait(50);
    QVERIFY(!called);
}

void TstConnections::keychainFallsBack()
{
    KeychainSecretStore store;
    store.setJobTimeout(8000);
    QVERIFY(store.isPersistent()); // until the keychain fails
    QSignalSpy lost(&store, &SecretStore::persistenceLost);

    QElapsedTimer clock;
    clock.start();
    std::optional<bool> persisted;
    QString writeError;
    store.write(u"connection/squint-test"_s, KeychainToken, [&](bool p, const QString &error) {
        persisted = p;
        writeError = error;
    });
    QVERIFY(!persisted);
    QTRY_VERIFY_WITH_TIMEOUT(persisted.has_value(), 10000);
    qInfo("the keychain failed after %lld ms", static_cast<long long>(clock.elapsed()));
    QCOMPARE(*persisted, false);
    QVERIFY(!writeError.isEmpty());
    QVERIFY(!writeError.contains(QString::fromLatin1(KeychainToken)));
    QVERIFY(!store.isPersistent());
    QCOMPARE(lost.size(), 1);
    QCOMPARE(lost.at(0).at(0).toString(), u"No keychain answered; the token is kept for this session only."_s);

    // The secret still works for this session.
    bool answered = false;
    std::optional<QByteArray> secret;
    store.read(u"connection/squint-test"_s, [&](std::optional<QByteArray> s, const QString &) {
        secret = std::move(s);
        answered = true;
    });
    QTRY_VERIFY_WITH_TIMEOUT(answered, 5000);
    QVERIFY(secret && *secret == KeychainToken);

    // Later writes stay in memory at once, and the loss is reported only once.
    persisted.reset();
    store.write(u"connection/second"_s, TypedToken, [&](bool p, const QString &) { persisted = p; });
    QTRY_VERIFY_WITH_TIMEOUT(persisted.has_value(), 1000);
    QCOMPARE(*persisted, false);
    QCOMPARE(lost.size(), 1);

    store.remove(u"connection/squint-test"_s);
    answered = false;
    store.read(u"connection/squint-test"_s, [&](std::optional<QByteArray> s, const QString &) {
        secret = std::move(s);
        answered = true;
    });
    QTRY_VERIFY_WITH_TIMEOUT(answered, 1000);
    QVERIFY(!secret);
}

void TstConnections::keychainFallsBackOnRead()
{
    KeychainSecretStore store;
    store.setJobTimeout(8000);
    QSignalSpy lost(&store, &SecretStore::persistenceLost);
    bool answered = false;
    std::optional<QByteArray> secret = QByteArray("sentinel");
    QString error;
    store.read(u"connection/squint-test-read"_s, [&](std::optional<QByteArray> s, const QString &e) {
        secret = std::move(s);
        error = e;
        answered = true;
    });
    QVERIFY(!answered);
    QTRY_VERIFY_WITH_TIMEOUT(answered, 10000);
    QVERIFY(!secret);
    QVERIFY(!error.isEmpty());
    QVERIFY(!store.isPersistent());
    QCOMPARE(lost.size(), 1);
}

// The one rule for requests that carry a token: same scheme, host and port, or stop.
void TstConnections::redirectRule_data()
{
    QTest::addColumn<QString>("from");
    QTest::addColumn<QString>("to");
    QTest::addColumn<bool>("allowed");
    QTest::newRow("same origin, other path") << u"https://h.example.com/v1/chat"_s << u"https://h.example.com/v2/x?y=1"_s << true;
    QTest::newRow("default port written out") << u"https://h.example.com/v1"_s << u"https://H.example.com:443/v1"_s << true;
    QTest::newRow("https to http") << u"https://h.example.com/v1"_s << u"http://h.example.com/v1"_s << false;
    QTest::newRow("other port") << u"http://127.0.0.1:8080/v1"_s << u"http://127.0.0.1:8081/v1"_s << false;
    QTest::newRow("other host") << u"https://h.example.com/v1"_s << u"https://evil.example.net/v1"_s << false;
    QTest::newRow("localhost to 127.0.0.1") << u"http://localhost:8080/v1"_s << u"http://127.0.0.1:8080/v1"_s << false;
    QTest::newRow("localhost to the network") << u"http://localhost:11434/v1"_s << u"http://10.0.0.5:11434/v1"_s << false;
    QTest::newRow("loopback to the network") << u"http://127.0.0.1:11434/v1"_s << u"http://192.168.1.20:11434/v1"_s << false;
    QTest::newRow("no host") << u"https://h.example.com/v1"_s << u"file:///etc/passwd"_s << false;
}

void TstConnections::redirectRule()
{
    QFETCH(QString, from);
    QFETCH(QString, to);
    QFETCH(bool, allowed);
    const QString problem = redirectProblem(QUrl(from), QUrl(to));
    QCOMPARE(problem.isEmpty(), allowed);
    if (!allowed && !QUrl(to).host().isEmpty())
        QVERIFY2(problem.contains(QUrl(to).host()), qPrintable(problem));
}

// A keychain that timed out once (the store then keeps tokens for the session only) still gets
// asked to delete the entry of a deleted connection: the token saved before must not outlive it.
void TstConnections::removeReachesKeychainAfterTimeout()
{
    KeychainWorld w;
    MemoryKeychain *keychain = w.keychain;
    KeychainSecretStore &store = w.store;
    QSignalSpy lost(&store, &SecretStore::persistenceLost);
    QSignalSpy removalFailed(&store, &SecretStore::removalFailed);

    keychain->hang = true;
    bool answered = false;
    store.read(u"connection/b"_s, [&](std::optional<QByteArray>, const QString &) { answered = true; });
    QTRY_VERIFY(answered);
    QCOMPARE(lost.size(), 1);
    QVERIFY(!store.isPersistent());

    keychain->hang = false; // it answers again
    store.remove(u"connection/a"_s);
    QTRY_VERIFY(!keychain->entries.contains(u"connection/a"_s));
    QCOMPARE(removalFailed.size(), 0);
}

void TstConnections::removeThatFailsIsReported()
{
    KeychainWorld w;
    MemoryKeychain *keychain = w.keychain;
    KeychainSecretStore &store = w.store;
    QSignalSpy removalFailed(&store, &SecretStore::removalFailed);
    keychain->hang = true;
    store.remove(u"connection/a"_s);
    QTRY_COMPARE(removalFailed.size(), 1);
    QCOMPARE(removalFailed.at(0).at(0).toString(), u"connection/a"_s);
    QVERIFY(!removalFailed.at(0).at(1).toString().isEmpty());
}

QTEST_GUILESS_MAIN(TstConnections)
#include "tst_connections.moc"
