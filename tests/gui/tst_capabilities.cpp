// What a model can take: the parsers of what servers say about a model's eyes, the probe against
// loopback fakes in the real shapes (Ollama /api/show, llama.cpp /props and models list, a
// Databricks serving endpoint), Test Vision against chat fakes that look at the image, reject it or
// ignore it, the cache, the evaluation's blocker and the model picker's mark.
#include "appharness.h"
#include "core/catalog/capabilities.h"
#include "core/catalog/catalog.h"
#include "core/chat/chatsession.h"
#include "core/compose/composer.h"
#include "core/compose/evaluation.h"
#include "core/connections/connectionmanager.h"
#include "core/connections/secretstore.h"
#include "core/util/settings.h"
#include "testimages.h"
#include "ui/mainwindow.h"
#include "ui/modelpicker.h"

#include "fakecapabilities.h"
#include "fakeendpoint.h"
#include "fakehttpserver.h"

#include <QFile>
#include <QImage>
#include <QJsonDocument>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace squint;
using namespace squint::test;
using Vision = VisionCapability::Vision;

Q_DECLARE_METATYPE(squint::VisionCapability::Vision)

namespace {
const QByteArray Token = QByteArrayLiteral("dapi-capabilities-0123456789abcdef0123");
constexpr int Wait = 10000;

Connection connectionTo(Connection::Kind kind, const QUrl &base)
{
    Connection c;
    c.id = QStringLiteral("conn-1");
    c.kind = kind;
    c.name = QStringLiteral("test");
    c.baseUrl = base.toString();
    return c;
}

ChatTarget targetOf(const FakeChatEndpoint &ep)
{
    ChatTarget t;
    t.connectionName = QStringLiteral("test");
    t.chatUrl = ep.chatUrl();
    t.transferTimeoutMs = Wait;
    return t;
}

/// Waits for the probe's answer about `model`.
VisionCapability await(QSignalSpy &spy, const QString &model)
{
    for (int i = 0; i < 50; ++i) {
        for (const QList<QVariant> &args : std::as_const(spy))
            if (args.at(1).toString() == model)
                return args.at(2).value<VisionCapability>();
        if (!spy.wait(Wait / 10))
            continue;
    }
    return {};
}

ItemFacts readyImage()
{
    ItemFacts f;
    f.stage = ItemFacts::Stage::Ready;
    f.name = QStringLiteral("photo.png");
    f.info.format = "png";
    f.info.size = QSize(64, 64);
    f.info.fileBytes = 300;
    return f;
}
} // namespace

class TestCapabilities final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { qRegisterMetaType<VisionCapability>(); }

    // Pure parsers, on the real shapes.
    void ollamaShow_data();
    void ollamaShow();
    void llamaCppProps_data();
    void llamaCppProps();
    void llamaCppModels();
    void databricksEndpoint();
    void testImageIsRed();
    void classifyAnswers_data();
    void classifyAnswers();

    // The probe against loopback fakes.
    void probeOllama();
    void probeLlamaCppWithAndWithoutProjector_data();
    void probeLlamaCppWithAndWithoutProjector();
    void probeDatabricksEndpoint();
    void probeRefusesRedirectElsewhere();
    void probeReadsNoMoreThanItsCap();
    void testVision_data();
    void testVision();
    void cacheAndSettingsKeepNoSecret();

    // What the window shows.
    void evaluationBlocksImagesForBlindModel();
    void pickerMarksBlindModels();
    void windowMarksAndBlocksForABlindOllamaModel();
};

void TestCapabilities::ollamaShow_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<Vision>("vision");
    QTest::addColumn<QString>("whyHas");
    QTest::addColumn<bool>("error");
    QTest::newRow("vision") << QByteArray(
        R"({"details":{"family":"mllama","parameter_size":"10.7B"},"capabilities":["completion","vision"]})")
                            << Vision::Sees << QStringLiteral("vision") << false;
    QTest::newRow("text only") << QByteArray(
        R"({"details":{"family":"llama"},"capabilities":["completion","tools"]})")
                               << Vision::Refuses << QStringLiteral("completion, tools") << false;
    QTest::newRow("older ollama") << QByteArray(
        R"({"details":{"family":"llama"},"modelfile":"FROM x"})")
                                  << Vision::Unknown << QStringLiteral("older") << false;
    QTest::newRow("not found") << QByteArray(R"({"error":"model 'x' not found"})")
                               << Vision::Unknown << QString() << true;
    QTest::newRow("not json") << QByteArray("<html>502</html>") << Vision::Unknown << QString()
                              << true;
    QTest::newRow("capabilities not strings")
        << QByteArray(R"({"capabilities":[1,{"vision":true}]})") << Vision::Refuses << QString()
        << false;
}

void TestCapabilities::ollamaShow()
{
    QFETCH(QByteArray, json);
    QFETCH(Vision, vision);
    QFETCH(QString, whyHas);
    QFETCH(bool, error);
    QString err;
    const VisionCapability c = parseOllamaShow(json, &err);
    QCOMPARE(c.vision, vision);
    QVERIFY2(c.why.contains(whyHas), qPrintable(c.why));
    QCOMPARE(!err.isEmpty(), error);
    QCOMPARE(c.source, VisionCapability::Source::OllamaShow);
}

void TestCapabilities::llamaCppProps_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<Vision>("vision");
    QTest::newRow("projector") << QByteArray(
        R"({"total_slots":1,"modalities":{"vision":true,"audio":false}})")
                               << Vision::Sees;
    QTest::newRow("no projector") << QByteArray(
        R"({"total_slots":1,"modalities":{"vision":false,"audio":false}})")
                                  << Vision::Refuses;
    QTest::newRow("older build") << QByteArray(R"({"total_slots":1})") << Vision::Unknown;
    QTest::newRow("vision as a string")
        << QByteArray(R"({"modalities":{"vision":"yes"}})") << Vision::Unknown;
}

void TestCapabilities::llamaCppProps()
{
    QFETCH(QByteArray, json);
    QFETCH(Vision, vision);
    QCOMPARE(parseLlamaCppProps(json).vision, vision);
}

void TestCapabilities::llamaCppModels()
{
    const QByteArray multimodal
        = R"({"models":[{"name":"g.gguf","model":"g.gguf","capabilities":["completion","multimodal"]}],"object":"list","data":[{"id":"g.gguf"}]})";
    QCOMPARE(parseLlamaCppModels(multimodal, QStringLiteral("g.gguf")).vision, Vision::Sees);
    // Single-model mode: whatever name is asked, the one model answers.
    QCOMPARE(parseLlamaCppModels(multimodal, QStringLiteral("anything")).vision, Vision::Sees);
    const QByteArray text = R"({"models":[{"name":"t.gguf","capabilities":["completion"]}]})";
    QCOMPARE(parseLlamaCppModels(text, QStringLiteral("t.gguf")).vision, Vision::Refuses);
    // OpenAI's and vLLM's lists say nothing.
    QCOMPARE(parseLlamaCppModels(R"({"object":"list","data":[{"id":"gpt-4o"}]})",
                                 QStringLiteral("gpt-4o"))
                 .vision,
             Vision::Unknown);
}

void TestCapabilities::databricksEndpoint()
{
    const QJsonArray endpoints = FakeChatEndpoint::exampleServingEndpoints();
    QJsonObject chat, external, embeddings;
    for (const QJsonValue &v : endpoints) {
        const QString name = v.toObject().value(QLatin1String("name")).toString();
        if (name == QLatin1String("databricks-claude-sonnet-4-5"))
            chat = v.toObject();
        else if (name == QLatin1String("my-gpt4o-proxy"))
            external = v.toObject();
        else if (name == QLatin1String("databricks-gte-large-en"))
            embeddings = v.toObject();
    }
    QVERIFY(!chat.isEmpty() && !external.isEmpty() && !embeddings.isEmpty());
    const VisionCapability c = parseDatabricksEndpoint(QJsonDocument(chat).toJson());
    QCOMPARE(c.vision, Vision::Unknown); // the API does not say
    QVERIFY2(c.detail.contains(QLatin1String("Claude Sonnet 4.5")), qPrintable(c.detail));
    QVERIFY2(c.detail.contains(QLatin1String("llm/v1/chat")), qPrintable(c.detail));
    const VisionCapability e = parseDatabricksEndpoint(QJsonDocument(external).toJson());
    QVERIFY2(e.detail.contains(QLatin1String("openai/gpt-4o")), qPrintable(e.detail));
    const VisionCapability emb = parseDatabricksEndpoint(QJsonDocument(embeddings).toJson());
    QCOMPARE(emb.vision, Vision::Refuses);
    QVERIFY2(emb.why.contains(QLatin1String("llm/v1/embeddings")), qPrintable(emb.why));
}

void TestCapabilities::testImageIsRed()
{
    const QImage image = QImage::fromData(visionTestImage(), "PNG");
    QCOMPARE(image.size(), QSize(64, 64));
    QCOMPARE(image.pixelColor(0, 0), QColor(255, 0, 0));
    QCOMPARE(image.pixelColor(63, 63), QColor(255, 0, 0));
    QVERIFY(visionTestImage().size() < 1024);
}

void TestCapabilities::classifyAnswers_data()
{
    QTest::addColumn<QString>("answer");
    QTest::addColumn<int>("status");
    QTest::addColumn<Vision>("vision");
    QTest::newRow("red") << QStringLiteral("Red.") << 0 << Vision::Sees;
    QTest::newRow("red in a sentence")
        << QStringLiteral("The image is a solid RED square.") << 0 << Vision::Sees;
    QTest::newRow("blue") << QStringLiteral("Blue") << 0 << Vision::Ignores;
    // "red" inside another word is not the colour.
    QTest::newRow("considered") << QStringLiteral("I considered it, but I answered: no image.") << 0
                                << Vision::Ignores;
    QTest::newRow("400") << QString() << 400 << Vision::Refuses;
    QTest::newRow("415") << QString() << 415 << Vision::Refuses;
    QTest::newRow("422") << QString() << 422 << Vision::Refuses;
    QTest::newRow("401 says nothing about images") << QString() << 401 << Vision::Unknown;
    QTest::newRow("503 says nothing about images") << QString() << 503 << Vision::Unknown;
}

void TestCapabilities::classifyAnswers()
{
    QFETCH(QString, answer);
    QFETCH(int, status);
    QFETCH(Vision, vision);
    ChatOutcome o;
    if (status == 0) {
        o.status = ChatOutcome::Status::Completed;
    } else {
        o.status = ChatOutcome::Status::Failed;
        o.error.kind = ApiError::Kind::Http;
        o.error.status = status;
        o.error.serverMessage = QStringLiteral("image input is not supported");
        o.error.message = QStringLiteral("HTTP %1").arg(status);
    }
    const VisionCapability c = classifyVisionTest(o, answer);
    QCOMPARE(c.vision, vision);
    if (vision == Vision::Refuses)
        QVERIFY2(c.why.contains(QLatin1String("image input is not supported")), qPrintable(c.why));
    if (vision == Vision::Unknown)
        QVERIFY(c.serverError);
}

void TestCapabilities::probeOllama()
{
    FakeChatEndpoint ep(Backend::Ollama);
    routeOllamaShow(ep.server(),
                    {{QStringLiteral("llava:latest"),
                      {QStringLiteral("completion"), QStringLiteral("vision")}},
                     {QStringLiteral("llama3.2:3b"),
                      {QStringLiteral("completion"), QStringLiteral("tools")}}});
    QNetworkAccessManager nam;
    CapabilityProbe probe(&nam);
    QSignalSpy spy(&probe, &CapabilityProbe::capabilityKnown);
    const Connection c = connectionTo(Connection::Kind::Ollama, ep.baseUrl());
    probe.probeMetadata(c, {}, QStringLiteral("llava:latest"));
    probe.probeMetadata(c, {}, QStringLiteral("llama3.2:3b"));
    const VisionCapability sees = await(spy, QStringLiteral("llava:latest"));
    const VisionCapability blind = await(spy, QStringLiteral("llama3.2:3b"));
    QCOMPARE(sees.vision, Vision::Sees);
    QVERIFY2(sees.detail.contains(QLatin1String("10.7B")), qPrintable(sees.detail));
    QCOMPARE(blind.vision, Vision::Refuses);
    QVERIFY2(blind.why.contains(QLatin1String("completion, tools")), qPrintable(blind.why));
    // /api/show sits at the server's root, next to /v1, and takes {"model": NAME}.
    int shows = 0;
    for (const RecordedRequest &r : ep.server().requests()) {
        if (r.path != QLatin1String("/api/show"))
            continue;
        ++shows;
        QCOMPARE(r.method, QByteArray("POST"));
        QVERIFY(QJsonDocument::fromJson(r.body).object().contains(QLatin1String("model")));
    }
    QCOMPARE(shows, 2);
    QCOMPARE(probe.capability(c.id, QStringLiteral("llama3.2:3b")).vision, Vision::Refuses);
    QVERIFY(ep.chatRequests().isEmpty()); // metadata only: no image was sent
}

void TestCapabilities::probeLlamaCppWithAndWithoutProjector_data()
{
    QTest::addColumn<bool>("projector");
    QTest::addColumn<bool>("routeProps");
    QTest::addColumn<Vision>("vision");
    QTest::newRow("with projector") << true << true << Vision::Sees;
    QTest::newRow("without projector") << false << true << Vision::Refuses;
    // No /props (an older build): its models list says "multimodal".
    QTest::newRow("models list only") << false << false << Vision::Sees;
}

void TestCapabilities::probeLlamaCppWithAndWithoutProjector()
{
    QFETCH(bool, projector);
    QFETCH(bool, routeProps);
    QFETCH(Vision, vision);
    FakeChatEndpoint ep(Backend::LlamaCpp);
    if (routeProps)
        routeLlamaCppProps(ep.server(), projector);
    QNetworkAccessManager nam;
    CapabilityProbe probe(&nam);
    QSignalSpy spy(&probe, &CapabilityProbe::capabilityKnown);
    const QString model = QStringLiteral("gemma-3-4b-it-Q4_K_M.gguf");
    probe.probeMetadata(connectionTo(Connection::Kind::Compatible, ep.baseUrl()), {}, model);
    const VisionCapability c = await(spy, model);
    QCOMPARE(c.vision, vision);
    if (vision == Vision::Refuses)
        QVERIFY2(c.why.contains(QLatin1String("mmproj")), qPrintable(c.why));
}

void TestCapabilities::probeDatabricksEndpoint()
{
    FakeChatEndpoint ep(Backend::Databricks);
    ep.setToken(Token);
    routeServingEndpointDetails(ep.server(), FakeChatEndpoint::exampleServingEndpoints(), Token);
    QNetworkAccessManager nam;
    CapabilityProbe probe(&nam);
    QSignalSpy spy(&probe, &CapabilityProbe::capabilityKnown);
    const Connection c = connectionTo(Connection::Kind::Databricks, ep.baseUrl());
    probe.probeMetadata(c, Token, QStringLiteral("databricks-gte-large-en"));
    probe.probeMetadata(c, Token, QStringLiteral("databricks-claude-sonnet-4-5"));
    const VisionCapability emb = await(spy, QStringLiteral("databricks-gte-large-en"));
    const VisionCapability chat = await(spy, QStringLiteral("databricks-claude-sonnet-4-5"));
    QCOMPARE(emb.vision, Vision::Refuses);
    QCOMPARE(chat.vision, Vision::Unknown);
    QVERIFY2(chat.detail.contains(QLatin1String("Claude Sonnet 4.5")), qPrintable(chat.detail));
    for (const RecordedRequest &r : ep.server().requests())
        QVERIFY(r.header("Authorization") == "Bearer " + Token);

    // A wrong token: the server's 401, no verdict, and the token in no message.
    spy.clear();
    probe.probeMetadata(c,
                        QByteArrayLiteral("dapi-wrong-token-ffffffffffffffff"),
                        QStringLiteral("my-gpt4o-proxy"));
    const VisionCapability denied = await(spy, QStringLiteral("my-gpt4o-proxy"));
    QCOMPARE(denied.vision, Vision::Unknown);
    QVERIFY2(denied.why.contains(QLatin1String("401")), qPrintable(denied.why));
    QVERIFY(!denied.why.contains(QLatin1String("dapi")));
}

void TestCapabilities::probeRefusesRedirectElsewhere()
{
    // An Ollama whose /api/show redirects to another server: the token must not follow.
    FakeHttpServer elsewhere;
    routeOllamaShow(elsewhere, {{QStringLiteral("m"), {QStringLiteral("vision")}}});
    FakeHttpServer server;
    server.route(QStringLiteral("/api/show"),
                 Response::redirect(elsewhere.url(QStringLiteral("/api/show")).toEncoded(), 307));
    QNetworkAccessManager nam;
    CapabilityProbe probe(&nam);
    QSignalSpy spy(&probe, &CapabilityProbe::capabilityKnown);
    probe.probeMetadata(connectionTo(Connection::Kind::Ollama, server.url(QStringLiteral("/v1"))),
                        Token,
                        QStringLiteral("m"));
    const VisionCapability c = await(spy, QStringLiteral("m"));
    QCOMPARE(c.vision, Vision::Unknown);
    QVERIFY(elsewhere.requests().isEmpty());
}

void TestCapabilities::probeReadsNoMoreThanItsCap()
{
    // A /props answer over the cap, valid JSON that would say "vision": its bytes are not read.
    FakeHttpServer server;
    const QByteArray padding(MaxCapabilityBodyBytes + 1024, 'x');
    server.route(QStringLiteral("/props"),
                 Response::ok(R"({"modalities":{"vision":true},"chat_template":")" + padding
                                  + R"("})",
                              "application/json"));
    QNetworkAccessManager nam;
    CapabilityProbe probe(&nam);
    QSignalSpy spy(&probe, &CapabilityProbe::capabilityKnown);
    probe.probeMetadata(connectionTo(Connection::Kind::Compatible,
                                     server.url(QStringLiteral("/v1"))),
                        {},
                        QStringLiteral("m"));
    const VisionCapability c = await(spy, QStringLiteral("m"));
    QCOMPARE(c.vision, Vision::Unknown);
    // The answer of a normal size is read (the same body, without the padding).
    server.route(QStringLiteral("/props"),
                 Response::ok(R"({"modalities":{"vision":true},"chat_template":""})",
                              "application/json"));
    spy.clear();
    probe.probeMetadata(connectionTo(Connection::Kind::Compatible,
                                     server.url(QStringLiteral("/v1"))),
                        {},
                        QStringLiteral("m"));
    QCOMPARE(await(spy, QStringLiteral("m")).vision, Vision::Sees);
}

void TestCapabilities::testVision_data()
{
    QTest::addColumn<int>("backend");
    QTest::addColumn<int>("judge");
    QTest::addColumn<Vision>("vision");
    QTest::addColumn<QString>("whyHas");
    QTest::newRow("looks: openai")
        << int(Backend::OpenAI) << int(ImageJudge::Looks) << Vision::Sees << QStringLiteral("red");
    QTest::newRow("looks: ollama")
        << int(Backend::Ollama) << int(ImageJudge::Looks) << Vision::Sees << QStringLiteral("red");
    QTest::newRow("rejects: llama.cpp")
        << int(Backend::LlamaCpp) << int(ImageJudge::Rejects) << Vision::Refuses
        << QStringLiteral("image input is not supported");
    QTest::newRow("ignores: vllm") << int(Backend::VLLM) << int(ImageJudge::Ignores)
                                   << Vision::Ignores << QStringLiteral("I think it is blue.");
}

void TestCapabilities::testVision()
{
    QFETCH(int, backend);
    QFETCH(int, judge);
    QFETCH(Vision, vision);
    QFETCH(QString, whyHas);
    FakeChatEndpoint ep{Backend(backend)};
    judgeImages(ep, ImageJudge(judge));
    QNetworkAccessManager nam;
    CapabilityProbe probe(&nam);
    QSignalSpy spy(&probe, &CapabilityProbe::capabilityKnown);
    const QString model = ep.models().value(0);
    probe.testVision(QStringLiteral("conn-1"), targetOf(ep), model);
    QVERIFY(probe.isBusy(QStringLiteral("conn-1"), model));
    const VisionCapability c = await(spy, model);
    QCOMPARE(c.vision, vision);
    QCOMPARE(c.source, VisionCapability::Source::VisionTest);
    QVERIFY2(c.why.contains(whyHas), qPrintable(c.why));
    QVERIFY(!probe.isBusy(QStringLiteral("conn-1"), model));
    // Exactly one request, valid, with one PNG that the fake decodes as red.
    const QList<RecordedRequest> sent = ep.server().requests();
    QCOMPARE(sent.size(), 1);
    QCOMPARE(firstImageColour(QJsonDocument::fromJson(sent.first().body).object()),
             QStringLiteral("red"));
    QVERIFY2(ep.validationProblems().isEmpty(), qPrintable(ep.validationProblems().join(u'\n')));
}

void TestCapabilities::cacheAndSettingsKeepNoSecret()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString ini = dir.filePath(QStringLiteral("squint.ini"));
    FakeChatEndpoint ep(Backend::OpenAI);
    ep.setToken(Token);
    judgeImages(ep, ImageJudge::Ignores);
    QNetworkAccessManager nam;
    {
        QSettings settings(ini, QSettings::IniFormat);
        CapabilityProbe probe(&nam, &settings);
        QSignalSpy spy(&probe, &CapabilityProbe::capabilityKnown);
        ChatTarget t = targetOf(ep);
        t.token = Token;
        probe.testVision(QStringLiteral("conn/with/slashes"), t, QStringLiteral("org/model:7b"));
        QCOMPARE(await(spy, QStringLiteral("org/model:7b")).vision, Vision::Ignores);
        QCOMPARE(probe
                     .capability(QStringLiteral("conn/with/slashes"), QStringLiteral("org/model:7b"))
                     .vision,
                 Vision::Ignores);
        QCOMPARE(probe.capability(QStringLiteral("other"), QStringLiteral("org/model:7b")).vision,
                 Vision::Unknown);
        settings.sync();
    }
    QFile f(ini);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray saved = f.readAll();
    QVERIFY(saved.contains("ignores"));
    QVERIFY(!saved.contains(Token));
    QVERIFY(!saved.contains("dapi"));
    {
        // A new session remembers it; forget() refreshes.
        QSettings settings(ini, QSettings::IniFormat);
        CapabilityProbe probe(&nam, &settings);
        const VisionCapability c = probe.capability(QStringLiteral("conn/with/slashes"),
                                                    QStringLiteral("org/model:7b"));
        QCOMPARE(c.vision, Vision::Ignores);
        QVERIFY2(c.why.contains(QLatin1String("blue")), qPrintable(c.why));
        probe.forget(QStringLiteral("conn/with/slashes"));
        QCOMPARE(probe
                     .capability(QStringLiteral("conn/with/slashes"), QStringLiteral("org/model:7b"))
                     .vision,
                 Vision::Unknown);
    }
}

void TestCapabilities::evaluationBlocksImagesForBlindModel()
{
    ModelProfile profile;
    profile.endpoint = profile.displayName = QStringLiteral("llama3.2:3b");
    profile.limits.formats = {QStringLiteral("png"), QStringLiteral("jpeg")};
    RequestContext context;
    context.noVision = QStringLiteral(
        "Ollama lists its capabilities as completion, without “vision”.");
    context.noVisionBlocks = true;
    Evaluation ev = evaluate(profile, {readyImage()}, QStringLiteral("What is this?"), context);
    QVERIFY(!ev.canSend);
    QVERIFY2(ev.blocker.contains(QLatin1String("cannot see images")), qPrintable(ev.blocker));
    QVERIFY2(ev.blocker.contains(context.noVision), qPrintable(ev.blocker));
    // Text alone still goes.
    ev = evaluate(profile, {}, QStringLiteral("Hello"), context);
    QVERIFY(ev.canSend);
    // A model that only ignored the test image: a note, Send stays enabled.
    context.noVisionBlocks = false;
    ev = evaluate(profile, {readyImage()}, QStringLiteral("What is this?"), context);
    QVERIFY2(ev.canSend, qPrintable(ev.blocker));
    QVERIFY2(ev.notes.join(u'\n').contains(QLatin1String("may not see images")),
             qPrintable(ev.notes.join(u'\n')));
}

void TestCapabilities::pickerMarksBlindModels()
{
    ModelPicker picker;
    RemoteModel seeing{QStringLiteral("llava:latest"), QStringLiteral("llava:latest")};
    RemoteModel blind{QStringLiteral("llama3.2:3b"), QStringLiteral("llama3.2:3b")};
    picker.setRemoteModels({seeing, blind});
    VisionCapability refuses;
    refuses.vision = Vision::Refuses;
    refuses.why = QStringLiteral("<b>Ollama</b> lists no “vision”.");
    picker.setVisionCapability(blind.name, refuses);
    VisionCapability sees;
    sees.vision = Vision::Sees;
    picker.setVisionCapability(seeing.name, sees);
    const int blindRow = picker.findText(blind.name);
    const int seeingRow = picker.findText(seeing.name);
    QVERIFY(blindRow >= 0 && seeingRow >= 0);
    const QString tip = picker.itemData(blindRow, Qt::ToolTipRole).toString();
    QVERIFY2(tip.contains(QLatin1String("cannot see images")), qPrintable(tip));
    QVERIFY2(tip.contains(QLatin1String("&lt;b&gt;Ollama")),
             qPrintable(tip)); // the server's words stay text
    QVERIFY(!picker.itemData(blindRow, Qt::DecorationRole).value<QIcon>().isNull());
    QVERIFY(picker.itemData(seeingRow, Qt::DecorationRole).value<QIcon>().isNull());
    QVERIFY(picker.itemText(blindRow)
            == blind.name); // the name that goes to the server is unchanged

    // The field shows the mark while the blind model is current.
    auto *mark = picker.findChild<QAction *>(QStringLiteral("noVisionMark"));
    QVERIFY(mark);
    picker.setCurrentName(seeing.name);
    QVERIFY(!mark->isVisible());
    picker.setCurrentName(blind.name);
    QVERIFY(mark->isVisible());
    QVERIFY(
        picker.lineEdit()->accessibleDescription().contains(QLatin1String("cannot see images")));

    // Test Vision asks for the name in the field.
    QSignalSpy asked(&picker, &ModelPicker::testVisionRequested);
    picker.testVisionAction()->trigger();
    QCOMPARE(asked.size(), 1);
    QCOMPARE(asked.first().first().toString(), blind.name);
}

void TestCapabilities::windowMarksAndBlocksForABlindOllamaModel()
{
    // The window as main() builds it, with an Ollama found on this computer (the fake).
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    FakeChatEndpoint ep(Backend::Ollama);
    const QString seeing = QStringLiteral("llava:latest"), blind = QStringLiteral("llama3.2:3b");
    ep.setModels({seeing, blind});
    routeOllamaShow(ep.server(),
                    {{seeing, {QStringLiteral("completion"), QStringLiteral("vision")}},
                     {blind, {QStringLiteral("completion"), QStringLiteral("tools")}}});
    AppHarness::Options options;
    options.startConnections = true;
    options.ollamaProbeUrl = ep.baseUrl();
    AppHarness app(dir.path(), options);
    Composer &composer = *app.composer();
    MainWindow &window = *app.window();
    auto *picker = window.findChild<ModelPicker *>(QStringLiteral("modelPicker"));
    QVERIFY(picker);
    QTRY_VERIFY_WITH_TIMEOUT(picker->visionNote(blind).contains(QLatin1String("cannot see images")),
                             Wait);
    QVERIFY(picker->visionNote(seeing).isEmpty());
    QVERIFY(ep.chatRequests().isEmpty()); // asking the server sends no image

    // An image for the blind model: Send is off and says why; the seeing model takes it.
    composer.setModelName(blind);
    composer.addEncoded(photoPng(QSize(64, 48)),
                        QStringLiteral("photo.png"),
                        QStringLiteral("test"));
    composer.setPrompt(QStringLiteral("What is this?"));
    auto *send = window.findChild<QPushButton *>(QStringLiteral("sendButton"));
    QVERIFY(send);
    QTRY_VERIFY_WITH_TIMEOUT(composer.evaluation().blocker.contains(
                                 QLatin1String("cannot see images")),
                             Wait);
    QVERIFY(!send->isEnabled());
    composer.setModelName(seeing);
    QTRY_VERIFY_WITH_TIMEOUT(composer.evaluation().canSend, Wait);

    // Test Vision on a model the server says nothing about (not in /api/show): it ignores the image,
    // the picker says so, and its images get a note, not a blocker.
    judgeImages(ep, ImageJudge::Ignores);
    const QString unknown = QStringLiteral("gemma3:4b");
    composer.setModelName(unknown);
    QVERIFY(picker->visionNote(unknown).isEmpty());
    // Asked while /api/show is still being asked about it: the test goes anyway.
    picker->testVisionAction()->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(picker->visionNote(unknown).contains(QLatin1String("ignores images")), Wait);
    QCOMPARE(ep.chatRequests().size(), 1);
    QCOMPARE(firstImageColour(ep.requestBodies().constFirst()), QStringLiteral("red"));
    QTRY_VERIFY_WITH_TIMEOUT(composer.evaluation().notes.join(u'\n').contains(QLatin1String("may not see images")), Wait);
    QVERIFY(composer.evaluation().canSend);
}

QTEST_MAIN(TestCapabilities)
#include "tst_capabilities.moc"
