// ChatCall and ChatSession against the loopback fake endpoint (tests/support/fakeendpoint.h), which
// speaks each backend's wire protocol, validates every request strictly and injects faults.

#include "core/catalog/catalog.h"
#include "core/chat/chatcall.h"
#include "core/chat/chatsession.h"
#include "core/compose/composer.h"
#include "core/connections/connections.h"
#include "core/util/settings.h"
#include "core/compose/traymodel.h"

#include "fakeendpoint.h"
#include "testclock.h"
#include "testimages.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QProcess>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslServer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace squint;
using namespace squint::test;

Q_DECLARE_METATYPE(squint::test::Backend)
Q_DECLARE_METATYPE(squint::test::Fault::Kind)

namespace {

const QByteArray Token = QByteArrayLiteral("dapi0123456789abcdef0123456789abcdef");

Connection::Kind kindFor(Backend b)
{
    switch (b) {
    case Backend::OpenAI:
    case Backend::OpenAIReasoning:
        return Connection::Kind::OpenAI;
    case Backend::Databricks:
        return Connection::Kind::Databricks;
    case Backend::Ollama:
        return Connection::Kind::Ollama;
    case Backend::LlamaCpp:
    case Backend::VLLM:
        return Connection::Kind::Compatible;
    }
    return Connection::Kind::Compatible;
}

Connection connectionFor(const FakeChatEndpoint &ep)
{
    Connection c;
    c.kind = kindFor(ep.backend());
    c.baseUrl = ep.baseUrl().toString();
    c.name = QStringLiteral("fake");
    return c;
}

QString modelFor(Backend b)
{
    return b == Backend::Databricks ? QStringLiteral("databricks-claude-sonnet-4-5") : QStringLiteral("gpt-4o");
}

ChatRequest requestFor(const FakeChatEndpoint &ep, const QByteArray &image = {})
{
    const Connection c = connectionFor(ep);
    ChatRequest r;
    r.url = c.chatUrl();
    r.token = Token;
    r.body.model = modelFor(ep.backend());
    r.body.includeUsage = c.sendsStreamOptions();
    r.body.maxTokensField = c.maxTokensField();
    r.body.maxTokens = 300;
    BodyMessage m;
    m.text = QStringLiteral("What is in this picture?");
    if (!image.isEmpty()) {
        BodyImage img;
        img.mime = QStringLiteral("image/jpeg");
        img.data = image;
        img.size = image.size();
        m.images << img;
    }
    r.body.messages << m;
    r.retry.baseDelayS = 0.05; // keep backoff short; server-directed delays stay as the server says
    return r;
}

struct Run
{
    ChatOutcome outcome;
    QString text;
    QList<int> retryDelays;
    QList<QPair<qint64, qint64>> progress;
    int deltas = 0;
};

Run runCall(QNetworkAccessManager *nam, const ChatRequest &req, int timeoutMs = 20'000,
            const std::function<void(ChatCall *)> &onText = {})
{
    Run run;
    ChatCall call(nam, req);
    QObject::connect(&call, &ChatCall::textReceived, &call, [&](const QString &d) {
        run.text += d;
        ++run.deltas;
        if (onText)
            onText(&call);
    });
    QObject::connect(&call, &ChatCall::retrying, &call, [&](int, int delayMs, const ApiError &) { run.retryDelays << delayMs; });
    QObject::connect(&call, &ChatCall::uploadProgress, &call, [&](qint64 s, qint64 t) { run.progress << qMakePair(s, t); });
    QSignalSpy finished(&call, &ChatCall::finished);
    call.start();
    if (!finished.wait(timeoutMs))
        qWarning("the call did not finish in %d ms", timeoutMs);
    run.outcome = call.outcome();
    return run;
}

const QString ChatPath = QStringLiteral("/v1/chat/completions");

/// A chat request with a token and an image to `url`, streamed, retried quickly.
ChatRequest requestTo(const QUrl &url)
{
    ChatRequest r;
    r.url = url;
    r.token = Token;
    r.body.model = QStringLiteral("gpt-4o");
    BodyMessage m;
    m.text = QStringLiteral("What is in this picture?");
    BodyImage img;
    img.mime = QStringLiteral("image/jpeg");
    img.data = QByteArrayLiteral("\xFF\xD8\xFF\xE0 a private picture");
    img.size = img.data.size();
    m.images << img;
    r.body.messages << m;
    r.retry.baseDelayS = 0.05;
    return r;
}

QByteArray deltaEvent(const QByteArray &content)
{
    return R"(data: {"choices":[{"index":0,"delta":{"content":")" + content + R"("}}]})" "\n\n";
}

bool mentionsToken(const ApiError &e)
{
    return e.message.contains(QString::fromLatin1(Token)) || e.serverMessage.contains(QString::fromLatin1(Token))
           || e.hint.contains(QString::fromLatin1(Token));
}

} // namespace

class TestChatClient final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();

    void streamsEachBackend_data();
    void streamsEachBackend();
    void nonStreaming_data();
    void nonStreaming();
    void faults_data();
    void faults();
    void timeoutThenRetry();
    void retryAfterIsHonoured_data();
    void retryAfterIsHonoured();
    void stopMidStream();
    void stopWhileWaitingForRetry();
    void uploadProgressForLargeBodies();
    void tokenNeverInErrors();
    void unreadableImageFails();
    void connectionRefused();
    void refusedParametersAreSentAgainAndRemembered();
    void catalogReasoningModelGetsItsParameters();
    void responseFormatIsSentStrict();
    void refusedResponseFormatFallsBackToThePrompt();
    void certificateErrorIsNotRetried();
    void redirectsStayOnOrigin_data();
    void redirectsStayOnOrigin();
    void sameOriginRedirectIsFollowed();
    void redirectToNetworkAddressNeverConnects();
    void echoedLongTokenIsHidden();
    void streamedAnswerIsCapped();
    void endlessEventLineIsCapped();
    void plainBodyIsCapped();

    void sessionFollowUpCarriesContext();
    void sessionLeavingImagesOut();
    void sessionAskAboutTheseLabelsInOrder();
    void sessionRetrySendsTheSameRequest();
    void sessionFailedTurnKeepsPromptAndImages();
    void sessionEditReplacesFromThatTurn();

private:
    QByteArray m_jpeg;
    QTemporaryDir m_dir;
    QString writeImage(const QString &name, const QByteArray &bytes);
};

void TestChatClient::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_jpeg = photoJpeg(QSize(320, 240));
    QVERIFY(!m_jpeg.isEmpty());
}

QString TestChatClient::writeImage(const QString &name, const QByteArray &bytes)
{
    const QString path = m_dir.filePath(name);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size())
        return {};
    return path;
}

void TestChatClient::streamsEachBackend_data()
{
    QTest::addColumn<Backend>("backend");
    for (Backend b : {Backend::OpenAI, Backend::OpenAIReasoning, Backend::Databricks, Backend::Ollama, Backend::LlamaCpp,
                      Backend::VLLM})
        QTest::newRow(qPrintable(backendName(b))) << b;
}

// One image and a prompt, streamed: the strict fake accepts the request as each backend would, and
// the text reassembled from the deltas is the fake's answer, character for character.
void TestChatClient::streamsEachBackend()
{
    QFETCH(Backend, backend);
    FakeChatEndpoint ep(backend);
    ep.setToken(Token);
    ep.setAnswer(QStringLiteral("Ein Möwe über dem Fjord — 🐦, mit „Zitat“ und\nzwei Zeilen."));
    ep.setCharsPerChunk(3);
    QNetworkAccessManager nam;
    const Run run = runCall(&nam, requestFor(ep, m_jpeg));
    QVERIFY2(ep.validationProblems().isEmpty(), qPrintable(ep.validationProblems().join(u'\n')));
    QCOMPARE(run.outcome.status, ChatOutcome::Status::Completed);
    QCOMPARE(run.text, ep.answer());
    QVERIFY(run.outcome.streamed);
    QVERIFY(run.deltas > 5);
    QCOMPARE(run.outcome.attempts, 1);
    QVERIFY(run.outcome.firstTokenMs >= 0);
    QVERIFY(run.outcome.totalMs >= run.outcome.firstTokenMs);
    QCOMPARE(ep.chatRequests().size(), 1);
    const QJsonObject body = ep.requestBodies().constFirst();
    QCOMPARE(body.value(QStringLiteral("stream")).toBool(), true);
    // The token-limit parameter goes under the name the backend takes.
    const bool openai = backend == Backend::OpenAI || backend == Backend::OpenAIReasoning;
    QCOMPARE(body.contains(QStringLiteral("max_completion_tokens")), openai);
    QCOMPARE(body.contains(QStringLiteral("max_tokens")), !openai);
    QCOMPARE(body.contains(QStringLiteral("stream_options")), backend != Backend::Databricks);
    if (backend == Backend::OpenAI || backend == Backend::VLLM || backend == Backend::Ollama)
        QVERIFY2(run.outcome.usage.isValid(), "usage from the final chunk");
}

void TestChatClient::nonStreaming_data() { streamsEachBackend_data(); }

void TestChatClient::nonStreaming()
{
    QFETCH(Backend, backend);
    FakeChatEndpoint ep(backend);
    QNetworkAccessManager nam;
    ChatRequest req = requestFor(ep, m_jpeg);
    req.body.stream = false;
    const Run run = runCall(&nam, req);
    QVERIFY2(ep.validationProblems().isEmpty(), qPrintable(ep.validationProblems().join(u'\n')));
    QCOMPARE(run.outcome.status, ChatOutcome::Status::Completed);
    QCOMPARE(run.text, ep.answer());
    QVERIFY(!run.outcome.streamed);
    QVERIFY(!ep.requestBodies().constFirst().contains(QStringLiteral("stream_options")));
}

void TestChatClient::faults_data()
{
    QTest::addColumn<Backend>("backend");
    QTest::addColumn<Fault::Kind>("fault");
    QTest::addColumn<int>("expected");     // int(ChatOutcome::Status)
    QTest::addColumn<int>("requests");     // chat requests the fake saw
    QTest::addColumn<int>("status");       // error status when failed
    QTest::addColumn<QString>("words");    // in the error message or hint when failed
    QTest::addColumn<bool>("fullText");    // the whole answer arrived

    const int ok = int(ChatOutcome::Status::Completed), failed = int(ChatOutcome::Status::Failed);
    using K = Fault::Kind;
    auto row = [](const char *name, Backend b, K k, int expected, int requests, int status, const char *words, bool full) {
        QTest::newRow(name) << b << k << expected << requests << status << QString::fromUtf8(words) << full;
    };
    row("500 then retried", Backend::OpenAI, K::ServerError, ok, 2, 0, "", true);
    row("503 then retried", Backend::VLLM, K::Unavailable, ok, 2, 0, "", true);
    row("500 x-should-retry false", Backend::OpenAI, K::ServerErrorNoRetry, failed, 1, 500, "500", false);
    row("HTML 502 from a proxy, retried", Backend::Databricks, K::BadGatewayHtml, ok, 2, 0, "", true);
    row("HTML 413", Backend::OpenAI, K::PayloadTooLargeHtml, failed, 1, 413, "Fit", false);
    row("401 OpenAI", Backend::OpenAI, K::Unauthorized, failed, 1, 401, "token", false);
    row("401 Databricks numeric code", Backend::Databricks, K::Unauthorized, failed, 1, 401, "401", false);
    row("403 Databricks", Backend::Databricks, K::Forbidden, failed, 1, 403, "Invalid access token", false);
    row("401 vLLM string error", Backend::VLLM, K::Unauthorized, failed, 1, 401, "Unauthorized", false);
    row("429 Retry-After 300 is not waited for", Backend::OpenAI, K::RateLimitedLong, failed, 1, 429, "429", false);
    row("stream not supported: falls back", Backend::OpenAI, K::StreamNotSupported, ok, 2, 0, "", true);
    row("stream_options unknown: dropped", Backend::Ollama, K::StreamOptionsUnknown, ok, 2, 0, "", true);
    row("reset during upload, retried", Backend::Databricks, K::ResetDuringUpload, ok, 2, 0, "", true);
    row("split at every byte", Backend::OpenAI, K::ByteSplit, ok, 1, 0, "", true);
    row("CRLF framing", Backend::OpenAI, K::CrlfFraming, ok, 1, 0, "", true);
    row("CR framing", Backend::LlamaCpp, K::CrFraming, ok, 1, 0, "", true);
    row("keep-alives and pings", Backend::OpenAI, K::KeepAlives, ok, 1, 0, "", true);
    row("multi-line data", Backend::VLLM, K::MultiLineData, ok, 1, 0, "", true);
    row("no [DONE]", Backend::Databricks, K::NoDone, ok, 1, 0, "", true);
    row("[DONE] then garbage", Backend::OpenAI, K::DoneThenGarbage, ok, 1, 0, "", true);
    row("finish_reason length", Backend::OpenAI, K::FinishLength, ok, 1, 0, "", true);
    row("content as an array", Backend::Databricks, K::ContentArray, ok, 1, 0, "", true);
    row("JSON reply to a stream request", Backend::LlamaCpp, K::JsonForStream, ok, 1, 0, "", true);
    row("error event then [DONE] (vLLM)", Backend::VLLM, K::ErrorThenDone, failed, 1, 0, "", false);
    row("error event, no [DONE] (llama.cpp)", Backend::LlamaCpp, K::ErrorNoDone, failed, 1, 0, "", false);
    row("old llama.cpp error: line", Backend::LlamaCpp, K::LegacyErrorLine, failed, 1, 0, "ended", false);
}

void TestChatClient::faults()
{
    QFETCH(Backend, backend);
    QFETCH(Fault::Kind, fault);
    QFETCH(int, expected);
    QFETCH(int, requests);
    QFETCH(int, status);
    QFETCH(QString, words);
    QFETCH(bool, fullText);

    FakeChatEndpoint ep(backend);
    ep.setToken(Token);
    ep.setAnswer(QStringLiteral("Two cats on a sofa, one asleep."));
    ep.enqueueFault(fault);
    QNetworkAccessManager nam;
    const Run run = runCall(&nam, requestFor(ep, m_jpeg));
    QVERIFY2(ep.validationProblems().isEmpty(), qPrintable(ep.validationProblems().join(u'\n')));
    QCOMPARE(int(run.outcome.status), expected);
    QCOMPARE(ep.chatRequests().size(), requests);
    QCOMPARE(run.outcome.attempts, 1 + int(run.retryDelays.size()));
    if (fullText) {
        QCOMPARE(run.text, ep.answer());
    } else {
        QVERIFY2(ep.answer().startsWith(run.text), qPrintable(run.text)); // what arrived is kept, nothing invented
        QVERIFY(run.text.size() < ep.answer().size());
    }
    if (expected == int(ChatOutcome::Status::Failed)) {
        QCOMPARE(run.outcome.error.status, status);
        const QString said = run.outcome.error.message + u' ' + run.outcome.error.hint;
        QVERIFY2(!run.outcome.error.message.isEmpty(), "a failed call says why");
        if (!words.isEmpty())
            QVERIFY2(said.contains(words, Qt::CaseInsensitive), qPrintable(said));
        QCOMPARE(run.outcome.partial, !run.text.isEmpty());
        QVERIFY(!mentionsToken(run.outcome.error));
    }
    if (fault == Fault::Kind::StreamNotSupported) {
        QCOMPARE(ep.requestBodies().at(1).value(QStringLiteral("stream")).toBool(true), false);
        QVERIFY(!run.outcome.streamed);
    }
    if (fault == Fault::Kind::StreamOptionsUnknown) {
        QVERIFY(ep.requestBodies().at(0).contains(QStringLiteral("stream_options")));
        QVERIFY(!ep.requestBodies().at(1).contains(QStringLiteral("stream_options")));
        QVERIFY(run.outcome.streamed);
    }
    if (fault == Fault::Kind::FinishLength)
        QCOMPARE(run.outcome.finishReason, QStringLiteral("length"));
}

// A server that says nothing for longer than the transfer timeout: the attempt ends as a timeout and is
// retried (nothing had arrived), and the retry gets the answer.
void TestChatClient::timeoutThenRetry()
{
    FakeChatEndpoint ep(Backend::OpenAI);
    ep.enqueueFault(Fault::stallBeforeHead(3000));
    QNetworkAccessManager nam;
    ChatRequest req = requestFor(ep);
    req.transferTimeoutMs = 400;
    const Run run = runCall(&nam, req);
    QCOMPARE(run.outcome.status, ChatOutcome::Status::Completed);
    QCOMPARE(run.text, ep.answer());
    QCOMPARE(run.retryDelays.size(), 1);
    QCOMPARE(ep.chatRequests().size(), 2);
}

void TestChatClient::retryAfterIsHonoured_data()
{
    QTest::addColumn<Fault::Kind>("fault");
    QTest::addColumn<int>("minMs");
    QTest::addColumn<int>("maxMs");
    QTest::newRow("Retry-After: 2") << Fault::Kind::RateLimited << 2000 << 2000;
    QTest::newRow("retry-after-ms: 1500") << Fault::Kind::RateLimitedMs << 1500 << 1500;
    // An HTTP date has whole seconds: "2 s from now" is up to 3 s away.
    QTest::newRow("Retry-After: HTTP date") << Fault::Kind::RateLimitedHttpDate << 1 << 3100;
}

// The wait runs on a test clock: the call is checked a millisecond before the server's delay ends
// (still waiting, no second request) and at its end (the retry goes out and gets the answer).
void TestChatClient::retryAfterIsHonoured()
{
    QFETCH(Fault::Kind, fault);
    QFETCH(int, minMs);
    QFETCH(int, maxMs);
    TestClock clock;
    FakeChatEndpoint ep(Backend::OpenAI);
    ep.enqueueFault(fault);
    QNetworkAccessManager nam;
    ChatCall call(&nam, requestFor(ep));
    call.setClock(&clock);
    QSignalSpy retrying(&call, &ChatCall::retrying);
    QSignalSpy finished(&call, &ChatCall::finished);
    call.start();
    QVERIFY(retrying.wait(10'000));
    const int delayMs = retrying.constFirst().at(1).toInt();
    QVERIFY2(delayMs >= minMs && delayMs <= maxMs, qPrintable(QString::number(delayMs)));
    QCOMPARE(clock.nextDueInMs(), qint64(delayMs));

    clock.advance(delayMs - 1);
    QCOMPARE(call.phase(), ChatCall::Phase::RetryWait);
    QCoreApplication::processEvents();
    QCOMPARE(ep.chatRequests().size(), 1);

    clock.advance(1);
    QVERIFY(call.phase() != ChatCall::Phase::RetryWait);
    QVERIFY(finished.wait(10'000));
    QCOMPARE(call.outcome().status, ChatOutcome::Status::Completed);
    QCOMPARE(call.outcome().attempts, 2);
    QCOMPARE(call.text(), ep.answer());
    QCOMPARE(ep.chatRequests().size(), 2);
}

void TestChatClient::stopMidStream()
{
    FakeChatEndpoint ep(Backend::OpenAI);
    ep.setAnswer(QString(400, u'x'));
    ep.setCharsPerChunk(2);
    ep.setChunkDelayMs(10);
    QNetworkAccessManager nam;
    int afterStop = 0;
    bool stopped = false;
    const Run run = runCall(&nam, requestFor(ep), 20'000, [&](ChatCall *call) {
        if (stopped) {
            ++afterStop;
            return;
        }
        if (call->text().size() >= 20) {
            stopped = true;
            call->stop();
        }
    });
    QCOMPARE(run.outcome.status, ChatOutcome::Status::Stopped);
    QVERIFY(run.outcome.partial);
    QCOMPARE(afterStop, 0);
    QVERIFY(run.text.size() >= 20 && run.text.size() < 400);
    QCOMPARE(ep.chatRequests().size(), 1);
}

void TestChatClient::stopWhileWaitingForRetry()
{
    TestClock clock;
    FakeChatEndpoint ep(Backend::OpenAI);
    ep.enqueueFault(Fault::Kind::RateLimited); // Retry-After: 2
    QNetworkAccessManager nam;
    ChatCall call(&nam, requestFor(ep));
    call.setClock(&clock);
    QSignalSpy retrying(&call, &ChatCall::retrying);
    QSignalSpy finished(&call, &ChatCall::finished);
    call.start();
    QVERIFY(retrying.wait(10'000));
    QCOMPARE(clock.pendingTimers(), 1);
    call.stop();
    QCOMPARE(finished.size(), 1);
    QCOMPARE(call.outcome().status, ChatOutcome::Status::Stopped);
    // Long past the server's two seconds, the scheduled retry never goes out.
    QCOMPARE(clock.pendingTimers(), 0);
    clock.advance(10'000);
    QCoreApplication::processEvents();
    QCOMPARE(call.phase(), ChatCall::Phase::Finished);
    QCOMPARE(finished.size(), 1);
    QCOMPARE(ep.chatRequests().size(), 1);
}

void TestChatClient::uploadProgressForLargeBodies()
{
    FakeChatEndpoint ep(Backend::VLLM);
    QNetworkAccessManager nam;
    const QByteArray big = photoJpeg(QSize(2400, 1800), 97);
    QVERIFY(big.size() > 500'000);
    const Run run = runCall(&nam, requestFor(ep, big));
    QCOMPARE(run.outcome.status, ChatOutcome::Status::Completed);
    QVERIFY(!run.progress.isEmpty());
    const qint64 total = run.progress.constLast().second;
    QCOMPARE(total, qint64(ep.chatRequests().constFirst().body.size()));
    QCOMPARE(run.progress.constLast().first, total);
}

// The fake's 401 for a wrong token; the token is in the request only, never in what Squint reports.
void TestChatClient::tokenNeverInErrors()
{
    FakeChatEndpoint ep(Backend::OpenAI);
    ep.setToken(QByteArrayLiteral("sk-the-right-one"));
    QNetworkAccessManager nam;
    // A server that echoes the token back in its error must not get it into Squint's message either.
    ep.enqueueResponse(errorResponse(Backend::OpenAI, 401,
                                     QStringLiteral("Incorrect API key provided: %1.").arg(QString::fromLatin1(Token))));
    ep.setToken({});
    const Run run = runCall(&nam, requestFor(ep));
    QCOMPARE(run.outcome.status, ChatOutcome::Status::Failed);
    QCOMPARE(run.outcome.error.status, 401);
    QVERIFY(!mentionsToken(run.outcome.error));
    QVERIFY2(run.outcome.error.message.contains(QLatin1String("token hidden")), qPrintable(run.outcome.error.message));
    QVERIFY(ep.chatRequests().constFirst().header("Authorization").endsWith(Token));
}

void TestChatClient::unreadableImageFails()
{
    FakeChatEndpoint ep(Backend::OpenAI);
    QNetworkAccessManager nam;
    ChatRequest req = requestFor(ep);
    BodyImage img;
    img.mime = QStringLiteral("image/jpeg");
    img.path = m_dir.filePath(QStringLiteral("gone.jpg"));
    img.size = 1000;
    req.body.messages.first().images << img;
    const Run run = runCall(&nam, req);
    QCOMPARE(run.outcome.status, ChatOutcome::Status::Failed);
    QVERIFY2(run.outcome.error.message.contains(QLatin1String("gone.jpg")), qPrintable(run.outcome.error.message));
    QCOMPARE(ep.chatRequests().size(), 0);
}

void TestChatClient::connectionRefused()
{
    quint16 port = 0;
    {
        FakeChatEndpoint ep(Backend::OpenAI);
        port = ep.server().port();
    } // closed: nothing listens there now
    QNetworkAccessManager nam;
    ChatRequest req;
    req.url = QUrl(QStringLiteral("http://127.0.0.1:%1/v1/chat/completions").arg(port));
    req.body.model = QStringLiteral("m");
    req.body.messages << BodyMessage{QStringLiteral("user"), QStringLiteral("hi"), {}};
    req.retry.baseDelayS = 0.01;
    const Run run = runCall(&nam, req);
    QCOMPARE(run.outcome.status, ChatOutcome::Status::Failed);
    QCOMPARE(run.outcome.error.kind, ApiError::Kind::Network);
    QCOMPARE(run.retryDelays.size(), 2); // connection failures are retried, twice
    QVERIFY(run.outcome.error.message.contains(QLatin1String("127.0.0.1")));
}

namespace {
ChatRequest reasoningRequest(const FakeChatEndpoint &ep, const QString &model)
{
    ChatRequest r;
    r.connection = QStringLiteral("OpenAI test");
    r.url = ep.chatUrl();
    r.body.model = model;
    r.body.maxTokensField = QStringLiteral("max_tokens"); // what a connection of unknown kind would send
    r.body.maxTokens = 100;
    r.body.temperature = 0.2;
    r.body.messages << BodyMessage{QStringLiteral("user"), QStringLiteral("hi"), {}};
    r.retry.baseDelayS = 0.01;
    return r;
}

QList<BodyColumn> twoColumns()
{
    return {BodyColumn{QStringLiteral("brand"), {QStringLiteral("string"), QStringLiteral("null")}},
            BodyColumn{QStringLiteral("count"), {QStringLiteral("integer"), QStringLiteral("null")}}};
}
} // namespace

void TestChatClient::refusedParametersAreSentAgainAndRemembered()
{
    // A model the catalog does not know, behind a server that answers as OpenAI's reasoning models do.
    ParameterMemory::clear();
    FakeChatEndpoint ep(Backend::OpenAIReasoning);
    QNetworkAccessManager nam;
    const QString model = QStringLiteral("o9-preview");
    const Run first = runCall(&nam, reasoningRequest(ep, model));
    QCOMPARE(first.outcome.status, ChatOutcome::Status::Completed);
    QCOMPARE(first.text, ep.answer());
    const QList<QJsonObject> bodies = ep.requestBodies();
    QCOMPARE(bodies.size(), 3); // max_tokens refused, then temperature refused, then answered
    QVERIFY(bodies.at(0).contains(QLatin1String("max_tokens")));
    QCOMPARE(bodies.at(1).value(QLatin1String("max_completion_tokens")).toInt(), 100);
    QVERIFY(!bodies.at(1).contains(QLatin1String("max_tokens")));
    QVERIFY(bodies.at(1).contains(QLatin1String("temperature")));
    QVERIFY(!bodies.at(2).contains(QLatin1String("temperature")));
    QCOMPARE(bodies.at(2).value(QLatin1String("max_completion_tokens")).toInt(), 100);
    QCOMPARE(first.retryDelays.size(), 0); // not retries: each refusal is answered once, at once
    QCOMPARE(first.outcome.notices.size(), 2);
    QVERIFY2(first.outcome.notices.at(0).contains(QLatin1String("max_completion_tokens")), qPrintable(first.outcome.notices.at(0)));
    QVERIFY2(first.outcome.notices.at(1).contains(QLatin1String("temperature")), qPrintable(first.outcome.notices.at(1)));

    // Remembered for this connection and model: the next request is right the first time.
    const Run second = runCall(&nam, reasoningRequest(ep, model));
    QCOMPARE(second.outcome.status, ChatOutcome::Status::Completed);
    QCOMPARE(ep.requestBodies().size(), 4);
    const QJsonObject again = ep.requestBodies().last();
    QVERIFY(!again.contains(QLatin1String("max_tokens")));
    QVERIFY(!again.contains(QLatin1String("temperature")));
    QCOMPARE(again.value(QLatin1String("max_completion_tokens")).toInt(), 100);

    // Another connection has not learned it.
    ChatRequest other = reasoningRequest(ep, model);
    other.connection = QStringLiteral("Another");
    runCall(&nam, other);
    QVERIFY(ep.requestBodies().at(4).contains(QLatin1String("max_tokens")));
    QVERIFY(ep.validationProblems().size() >= 3);
    ParameterMemory::clear();
}

void TestChatClient::catalogReasoningModelGetsItsParameters()
{
    ParameterMemory::clear();
    FakeChatEndpoint ep(Backend::OpenAIReasoning);
    QNetworkAccessManager nam;
    const Run run = runCall(&nam, reasoningRequest(ep, QStringLiteral("gpt-5")));
    QCOMPARE(run.outcome.status, ChatOutcome::Status::Completed);
    QCOMPARE(ep.requestBodies().size(), 1); // the catalog knows: nothing is refused
    const QJsonObject body = ep.requestBodies().constFirst();
    QCOMPARE(body.value(QLatin1String("max_completion_tokens")).toInt(), 100);
    QVERIFY(!body.contains(QLatin1String("max_tokens")));
    QVERIFY(!body.contains(QLatin1String("temperature")));
    QVERIFY(run.outcome.notices.isEmpty());
    QVERIFY(ep.validationProblems().isEmpty());
}

void TestChatClient::responseFormatIsSentStrict()
{
    ParameterMemory::clear();
    FakeChatEndpoint ep(Backend::OpenAI); // validates the schema as OpenAI's strict mode does
    QNetworkAccessManager nam;
    ChatRequest req = requestFor(ep);
    req.connection = QStringLiteral("OpenAI test");
    req.body.columns = twoColumns();
    ep.setAnswer(QStringLiteral(R"({"brand":"Acme","count":2})"));
    const Run run = runCall(&nam, req);
    QCOMPARE(run.outcome.status, ChatOutcome::Status::Completed);
    QVERIFY2(ep.validationProblems().isEmpty(), qPrintable(ep.validationProblems().join(QLatin1Char('\n'))));
    QCOMPARE(ep.requestBodies().size(), 1);
    const QJsonObject rf = ep.requestBodies().constFirst().value(QLatin1String("response_format")).toObject();
    QCOMPARE(rf.value(QLatin1String("type")).toString(), QStringLiteral("json_schema"));
    QCOMPARE(run.text, QStringLiteral(R"({"brand":"Acme","count":2})"));
}

void TestChatClient::refusedResponseFormatFallsBackToThePrompt()
{
    for (Backend backend : {Backend::OpenAI, Backend::Databricks}) {
        ParameterMemory::clear();
        FakeChatEndpoint ep(backend);
        ep.setRejectResponseFormat(true);
        QNetworkAccessManager nam;
        ChatRequest req = requestFor(ep);
        req.connection = QStringLiteral("test");
        req.body.columns = twoColumns();
        const Run first = runCall(&nam, req);
        QCOMPARE(first.outcome.status, ChatOutcome::Status::Completed);
        QCOMPARE(ep.requestBodies().size(), 2);
        QVERIFY(ep.requestBodies().at(0).contains(QLatin1String("response_format")));
        QVERIFY(!ep.requestBodies().at(1).contains(QLatin1String("response_format")));
        QCOMPARE(first.outcome.notices.size(), 1);
        QVERIFY2(first.outcome.notices.constFirst().contains(QLatin1String("response_format")),
                 qPrintable(first.outcome.notices.constFirst()));
        // The connection remembers it, for every model.
        req.body.model = backend == Backend::Databricks ? QStringLiteral("databricks-gpt-5") : QStringLiteral("gpt-4.1");
        const Run second = runCall(&nam, req);
        QCOMPARE(second.outcome.status, ChatOutcome::Status::Completed);
        QCOMPARE(ep.requestBodies().size(), 3);
        QVERIFY(!ep.requestBodies().at(2).contains(QLatin1String("response_format")));
    }
    ParameterMemory::clear();
}

void TestChatClient::certificateErrorIsNotRetried()
{
    // A loopback TLS server whose certificate nobody signed: the handshake fails, and so would every retry.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QProcess openssl;
    openssl.start(QStringLiteral("openssl"),
                  {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("rsa:2048"),
                   QStringLiteral("-nodes"), QStringLiteral("-days"), QStringLiteral("1"), QStringLiteral("-subj"),
                   QStringLiteral("/CN=127.0.0.1"), QStringLiteral("-keyout"), dir.filePath(QStringLiteral("key.pem")),
                   QStringLiteral("-out"), dir.filePath(QStringLiteral("cert.pem"))});
    if (!openssl.waitForStarted())
        QSKIP("openssl is not installed");
    QVERIFY(openssl.waitForFinished(60'000));
    QCOMPARE(openssl.exitCode(), 0);
    QFile certFile(dir.filePath(QStringLiteral("cert.pem")));
    QFile keyFile(dir.filePath(QStringLiteral("key.pem")));
    QVERIFY(certFile.open(QIODevice::ReadOnly) && keyFile.open(QIODevice::ReadOnly));
    QSslConfiguration config = QSslConfiguration::defaultConfiguration();
    config.setLocalCertificate(QSslCertificate(certFile.readAll(), QSsl::Pem));
    config.setPrivateKey(QSslKey(keyFile.readAll(), QSsl::Rsa, QSsl::Pem));
    QVERIFY(!config.localCertificate().isNull() && !config.privateKey().isNull());
    QSslServer server;
    server.setSslConfiguration(config);
    int handshakes = 0;
    connect(&server, &QSslServer::startedEncryptionHandshake, this, [&handshakes] { ++handshakes; });
    QVERIFY(server.listen(QHostAddress::LocalHost));

    QNetworkAccessManager nam;
    ChatRequest req;
    req.url = QUrl(QStringLiteral("https://127.0.0.1:%1/v1/chat/completions").arg(server.serverPort()));
    req.token = Token;
    req.body.model = QStringLiteral("gpt-4o");
    req.body.messages << BodyMessage{QStringLiteral("user"), QStringLiteral("hi"), {}};
    req.retry.baseDelayS = 0.01;
    const Run run = runCall(&nam, req);
    QCOMPARE(run.outcome.status, ChatOutcome::Status::Failed);
    QCOMPARE(run.outcome.error.kind, ApiError::Kind::Tls);
    QCOMPARE(run.retryDelays.size(), 0);
    QCOMPARE(run.outcome.attempts, 1);
    QCOMPARE(handshakes, 1);
    const QString message = run.outcome.error.message;
    QVERIFY2(message.contains(QLatin1String("127.0.0.1")), qPrintable(message));
    QVERIFY2(message.contains(QLatin1String("self signed"), Qt::CaseInsensitive)
                 || message.contains(QLatin1String("self-signed"), Qt::CaseInsensitive),
             qPrintable(message));
    const QString hint = run.outcome.error.hint;
    QVERIFY2(hint.contains(QLatin1String("/usr/local/share/ca-certificates")) && hint.contains(QLatin1String("update-ca-certificates")),
             qPrintable(hint));
    QVERIFY(!mentionsToken(run.outcome.error));
}

// --- ChatSession: the Composer's tray and prompt become turns ------------------------------------

namespace {
struct SessionRig
{
    explicit SessionRig(Backend backend, const QString &iniPath)
        : ep(backend)
        , settings(iniPath)
        , composer(Catalog::builtIn(), &settings, &nam)
        , session(&composer, &nam)
    {
        const Connection c = connectionFor(ep);
        ChatTarget t;
        t.connectionName = c.name;
        t.chatUrl = c.chatUrl();
        t.maxTokensField = c.maxTokensField();
        t.streamOptions = c.sendsStreamOptions();
        session.setTarget(t);
        composer.setModelName(QStringLiteral("gpt-4o"));
    }
    bool waitIdle(int ms = 15'000)
    {
        QElapsedTimer clock;
        clock.start();
        while (composer.isBusy() && clock.elapsed() < ms)
            QTest::qWait(10);
        QCoreApplication::processEvents();
        return !composer.isBusy();
    }
    bool ask(const QString &prompt, const QStringList &paths = {})
    {
        if (!paths.isEmpty()) {
            composer.addPaths(paths);
            if (!waitIdle())
                return false;
        }
        composer.setPrompt(prompt);
        if (!waitIdle())
            return false;
        QString why;
        if (!session.send(&why)) {
            qWarning("not sent: %s", qPrintable(why));
            return false;
        }
        return waitAnswered();
    }
    bool waitAnswered(int ms = 20'000)
    {
        QElapsedTimer clock;
        clock.start();
        while (session.isBusy() && clock.elapsed() < ms)
            QTest::qWait(10);
        return !session.isBusy();
    }
    FakeChatEndpoint ep;
    QNetworkAccessManager nam;
    Settings settings;
    Composer composer;
    ChatSession session;
};

int imagePartsIn(const QJsonObject &body)
{
    int n = 0;
    for (const QJsonValue &m : body.value(QStringLiteral("messages")).toArray()) {
        const QJsonValue c = m.toObject().value(QStringLiteral("content"));
        if (c.isArray())
            for (const QJsonValue &part : c.toArray())
                n += part.toObject().value(QStringLiteral("type")).toString() == QLatin1String("image_url");
    }
    return n;
}
} // namespace

void TestChatClient::sessionFollowUpCarriesContext()
{
    SessionRig rig(Backend::OpenAI, m_dir.filePath(QStringLiteral("a.ini")));
    const QString img = writeImage(QStringLiteral("one.jpg"), m_jpeg);
    rig.ep.setAnswer(QStringLiteral("A red square."));
    QVERIFY(rig.ask(QStringLiteral("What is this?"), {img}));
    Conversation *conv = rig.session.conversation();
    QCOMPARE(conv->count(), 1);
    QCOMPARE(conv->at(0).state, Turn::State::Done);
    QCOMPARE(conv->at(0).answer, QStringLiteral("A red square."));
    QCOMPARE(conv->at(0).images.size(), 1);
    QCOMPARE(rig.composer.tray()->count(), 0); // the turn took the images
    // The meters now count the earlier image.
    QCOMPARE(rig.composer.evaluation().count.value, 1);

    rig.ep.setAnswer(QStringLiteral("It is red."));
    QVERIFY(rig.ask(QStringLiteral("And its colour?")));
    QCOMPARE(conv->count(), 2);
    const QJsonObject body = rig.ep.requestBodies().constLast();
    const QJsonArray messages = body.value(QStringLiteral("messages")).toArray();
    QCOMPARE(messages.size(), 3); // user (with the image), assistant, user
    QCOMPARE(messages.at(1).toObject().value(QStringLiteral("role")).toString(), QStringLiteral("assistant"));
    QCOMPARE(messages.at(1).toObject().value(QStringLiteral("content")).toString(), QStringLiteral("A red square."));
    QCOMPARE(messages.at(2).toObject().value(QStringLiteral("content")).toString(), QStringLiteral("And its colour?"));
    QCOMPARE(imagePartsIn(body), 1);
    QVERIFY(rig.ep.validationProblems().isEmpty());
}

void TestChatClient::sessionLeavingImagesOut()
{
    SessionRig rig(Backend::OpenAI, m_dir.filePath(QStringLiteral("b.ini")));
    const QString img = writeImage(QStringLiteral("two.jpg"), m_jpeg);
    QVERIFY(rig.ask(QStringLiteral("Describe."), {img}));
    QVERIFY(rig.waitIdle());
    const qint64 withImage = rig.composer.evaluation().payload.value;
    QCOMPARE(rig.composer.evaluation().count.value, 1);
    rig.session.setImagesInContext(rig.session.conversation()->at(0).id, false);
    QVERIFY(rig.waitIdle());
    QCOMPARE(rig.composer.evaluation().count.value, 0);
    QVERIFY(rig.composer.evaluation().payload.value < withImage - m_jpeg.size());
    QVERIFY(rig.ask(QStringLiteral("Again, from memory.")));
    QCOMPARE(imagePartsIn(rig.ep.requestBodies().constLast()), 0);
    // The meter's figure is the size of the request that was actually sent.
    QCOMPARE(rig.ep.requestBodies().size(), 2);
}

// "Ask About These" from the compare view: the images go in the order shown, each after its label,
// the prompt box and the tray stay, and later turns repeat the labels in their context.
void TestChatClient::sessionAskAboutTheseLabelsInOrder()
{
    SessionRig rig(Backend::OpenAI, m_dir.filePath(QStringLiteral("labels.ini")));
    QStringList paths;
    QList<QByteArray> bytes;
    for (int i = 0; i < 3; ++i) {
        bytes << photoJpeg(QSize(160, 120), 90, quint32(40 + i));
        paths << writeImage(QStringLiteral("shown%1.jpg").arg(i), bytes.last());
    }
    rig.composer.addPaths(paths);
    QVERIFY(rig.waitIdle());
    rig.composer.setPrompt(QStringLiteral("half-typed question"));
    QVERIFY(rig.waitIdle());
    TrayModel *tray = rig.composer.tray();
    QCOMPARE(tray->count(), 3);
    // Shown as: the third tray image, then the first.
    const QList<quint64> shown = {tray->itemAt(2).id, tray->itemAt(0).id};
    const QList<QByteArray> expected = {bytes.at(2), bytes.at(0)};

    const Evaluation ev = rig.session.evaluateLabelled(shown, QStringLiteral("Differences?"));
    QVERIFY2(ev.canSend, qPrintable(ev.blocker));
    QCOMPARE(ev.count.value, 2);
    QString why;
    QVERIFY(!rig.session.sendLabelled(shown, QStringLiteral("   "), &why));
    QVERIFY(!why.isEmpty());
    QVERIFY2(rig.session.sendLabelled(shown, QStringLiteral("What are the differences between these images?"), &why),
             qPrintable(why));
    QVERIFY(rig.waitAnswered());

    const QJsonObject body = rig.ep.requestBodies().constLast();
    const QJsonArray parts = body.value(QStringLiteral("messages")).toArray().last().toObject()
                                 .value(QStringLiteral("content")).toArray();
    QCOMPARE(parts.size(), 5);
    QCOMPARE(parts.at(0).toObject().value(QStringLiteral("text")).toString(),
             QStringLiteral("What are the differences between these images?"));
    for (int i = 0; i < 2; ++i) {
        QCOMPARE(parts.at(1 + 2 * i).toObject().value(QStringLiteral("text")).toString(), QStringLiteral("Image %1:").arg(i + 1));
        const QString url = parts.at(2 + 2 * i).toObject().value(QStringLiteral("image_url")).toObject()
                                .value(QStringLiteral("url")).toString();
        QCOMPARE(QByteArray::fromBase64(url.section(u',', 1).toLatin1()), expected.at(i));
    }
    // The payload meter of those images is the size of what went, labels included (the meter leaves
    // out the stream flags: under 100 bytes).
    const qint64 sent = rig.ep.chatRequests().constLast().body.size();
    QVERIFY2(sent - ev.payload.value >= 0 && sent - ev.payload.value < 100,
             qPrintable(QStringLiteral("%1 vs %2").arg(sent).arg(ev.payload.value)));

    const Turn &turn = rig.session.conversation()->at(0);
    QVERIFY(turn.labelImages);
    QCOMPARE(turn.images.size(), 2);
    QCOMPARE(turn.images.at(0).name, QStringLiteral("shown2.jpg"));
    QCOMPARE(tray->count(), 3); // what the user had attached and typed is still there
    QCOMPARE(rig.composer.prompt(), QStringLiteral("half-typed question"));

    // A follow-up carries the labelled turn as context, labels and all.
    rig.composer.clear();
    QVERIFY(rig.ask(QStringLiteral("And which is brighter?")));
    const QJsonArray context = rig.ep.requestBodies().constLast().value(QStringLiteral("messages")).toArray()
                                   .first().toObject().value(QStringLiteral("content")).toArray();
    QCOMPARE(context.size(), 5);
    QCOMPARE(context.at(3).toObject().value(QStringLiteral("text")).toString(), QStringLiteral("Image 2:"));
}

void TestChatClient::sessionRetrySendsTheSameRequest()
{
    SessionRig rig(Backend::OpenAI, m_dir.filePath(QStringLiteral("c.ini")));
    const QString img = writeImage(QStringLiteral("three.jpg"), m_jpeg);
    rig.ep.enqueueFault(Fault::Kind::PayloadTooLargeHtml); // not retried by itself
    QVERIFY(rig.ask(QStringLiteral("What is this?"), {img}));
    Conversation *conv = rig.session.conversation();
    QCOMPARE(conv->at(0).state, Turn::State::Failed);
    QCOMPARE(conv->at(0).error.status, 413);
    QVERIFY(rig.session.retry(conv->at(0).id));
    QVERIFY(rig.waitAnswered());
    QCOMPARE(conv->count(), 1);
    QCOMPARE(conv->at(0).state, Turn::State::Done);
    QCOMPARE(conv->at(0).answer, rig.ep.answer());
    const QList<RecordedRequest> reqs = rig.ep.chatRequests();
    QCOMPARE(reqs.size(), 2);
    QCOMPARE(reqs.at(1).body, reqs.at(0).body);
}

void TestChatClient::sessionFailedTurnKeepsPromptAndImages()
{
    SessionRig rig(Backend::Databricks, m_dir.filePath(QStringLiteral("d.ini")));
    rig.composer.setModelName(QStringLiteral("databricks-claude-sonnet-4-5"));
    const QString img = writeImage(QStringLiteral("four.jpg"), m_jpeg);
    rig.ep.enqueueFault(Fault::dropAfterEvents(3));
    QVERIFY(rig.ask(QStringLiteral("Count the birds."), {img}));
    const Turn &t = rig.session.conversation()->at(0);
    QCOMPARE(t.state, Turn::State::Failed);
    QCOMPARE(t.prompt, QStringLiteral("Count the birds."));
    QCOMPARE(t.images.size(), 1);
    QVERIFY(QFile::exists(t.images.constFirst().sentPath));
    QVERIFY(!t.answer.isEmpty()); // the part that arrived
    QVERIFY(rig.ep.answer().startsWith(t.answer));
    QVERIFY(!t.error.message.isEmpty());
}

void TestChatClient::sessionEditReplacesFromThatTurn()
{
    SessionRig rig(Backend::OpenAI, m_dir.filePath(QStringLiteral("e.ini")));
    QVERIFY(rig.ask(QStringLiteral("First question")));
    QVERIFY(rig.ask(QStringLiteral("Second question")));
    Conversation *conv = rig.session.conversation();
    QCOMPARE(conv->count(), 2);
    QSignalSpy restored(&rig.session, &ChatSession::promptRestored);
    QVERIFY(rig.session.edit(conv->at(1).id));
    QCOMPARE(restored.size(), 1);
    QCOMPARE(restored.constFirst().constFirst().toString(), QStringLiteral("Second question"));
    QCOMPARE(conv->count(), 2); // nothing removed until the edited turn is sent
    QVERIFY(rig.ask(QStringLiteral("Second question, better")));
    QCOMPARE(conv->count(), 2);
    QCOMPARE(conv->at(1).prompt, QStringLiteral("Second question, better"));
    const QJsonArray messages = rig.ep.requestBodies().constLast().value(QStringLiteral("messages")).toArray();
    QCOMPARE(messages.size(), 3);
}

// A redirect to another origin (another port, or the same server under another name) is never
// followed, whatever the status (a 307/308 would resend the token and the images, a 301/302/303
// the token): the call stops at once, not retried, with a message naming the other address.
void TestChatClient::redirectsStayOnOrigin_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<bool>("otherPort");
    for (int status : {301, 302, 303, 307, 308}) {
        QTest::addRow("%d to another port", status) << status << true;
        QTest::addRow("%d to another host name", status) << status << false;
    }
}

void TestChatClient::redirectsStayOnOrigin()
{
    QFETCH(int, status);
    QFETCH(bool, otherPort);
    FakeHttpServer origin;
    FakeHttpServer other;
    // 127.0.0.1 and localhost are two origins even on one server: it must see one request only.
    const QUrl elsewhere = otherPort ? other.url(ChatPath)
                                     : QUrl(QStringLiteral("http://localhost:%1%2").arg(origin.port()).arg(ChatPath));
    int hits = 0;
    origin.route(ChatPath, [&](const RecordedRequest &) {
        return ++hits == 1 ? Response::redirect(elsewhere.toEncoded(), status)
                           : Response::eventStream({{deltaEvent("leaked")}, {"data: [DONE]\n\n"}});
    });
    other.route(ChatPath, Response::eventStream({{deltaEvent("leaked")}, {"data: [DONE]\n\n"}}));
    QNetworkAccessManager nam;
    const Run run = runCall(&nam, requestTo(origin.url(ChatPath)));
    QCOMPARE(run.outcome.status, ChatOutcome::Status::Failed);
    QCOMPARE(run.outcome.attempts, 1);
    QCOMPARE(run.outcome.error.status, status);
    QVERIFY2(run.outcome.error.message.contains(elsewhere.authority()), qPrintable(run.outcome.error.message));
    QVERIFY(run.text.isEmpty());
    QCOMPARE(other.requests().size(), 0);
    QCOMPARE(origin.requests().size(), 1);
}

void TestChatClient::sameOriginRedirectIsFollowed()
{
    FakeHttpServer server;
    server.route(ChatPath, Response::redirect(server.url(QStringLiteral("/v2/chat")).toEncoded(), 307));
    server.route(QStringLiteral("/v2/chat"), Response::eventStream({{deltaEvent("A cat.")}, {"data: [DONE]\n\n"}}));
    QNetworkAccessManager nam;
    const Run run = runCall(&nam, requestTo(server.url(ChatPath)));
    QVERIFY2(run.outcome.status == ChatOutcome::Status::Completed, qPrintable(run.outcome.error.message));
    QCOMPARE(run.text, QStringLiteral("A cat."));
    const QList<RecordedRequest> requests = server.requests();
    QCOMPARE(requests.size(), 2);
    QVERIFY(requests.at(1).header("Authorization").endsWith(Token));
    QVERIFY(requests.at(1).body == requests.at(0).body);
}

// localhost to an address on the network: stopped before any connection. The network access
// manager's proxy is the loopback server itself, so even a request that went out would only reach
// it (nothing leaves this computer): it must never see one for the network address.
void TestChatClient::redirectToNetworkAddressNeverConnects()
{
    FakeHttpServer server;
    const QByteArray network = "http://192.0.2.10:8080/v1/chat/completions";
    const QUrl origin(QStringLiteral("http://localhost:%1%2").arg(server.port()).arg(ChatPath));
    server.route(ChatPath, Response::redirect(network, 307));
    server.route(origin.toString(), Response::redirect(network, 307)); // as a proxy sees it
    QNetworkAccessManager nam;
    nam.setProxy(QNetworkProxy(QNetworkProxy::HttpProxy, QStringLiteral("127.0.0.1"), server.port()));
    const Run run = runCall(&nam, requestTo(origin));
    QCOMPARE(run.outcome.status, ChatOutcome::Status::Failed);
    QVERIFY2(run.outcome.error.message.contains(QLatin1String("192.0.2.10")), qPrintable(run.outcome.error.message));
    QVERIFY(!server.requests().isEmpty());
    for (const RecordedRequest &r : server.requests())
        QVERIFY2(!r.target.contains("192.0.2.10") && !r.header("Host").contains("192.0.2.10"), r.target.constData());
}

// A server that echoes an 800-character token in message, type, param and code: the retry line
// (ChatCall::retrying's error, what the window and stderr show) and the outcome (stored, exported)
// hold no piece of it, not even the part before the clip of the server's words.
void TestChatClient::echoedLongTokenIsHidden()
{
    const QByteArray token = longFakeToken();
    FakeHttpServer server;
    Response r;
    r.status = 500;
    r.withHeader("Content-Type", "application/json");
    r.body = R"({"error":{"message":"Key )" + token + R"( failed","type":")" + token + R"(","param":")" + token
             + R"(","code":")" + token + R"("}})";
    server.route(ChatPath, r);
    QNetworkAccessManager nam;
    ChatRequest req = requestTo(server.url(ChatPath));
    req.token = token;
    req.retry.maxRetries = 1;
    QList<ApiError> retries;
    ChatCall call(&nam, req);
    connect(&call, &ChatCall::retrying, this, [&](int, int, const ApiError &why) { retries << why; });
    QSignalSpy finished(&call, &ChatCall::finished);
    call.start();
    QVERIFY(finished.wait(20'000));
    QCOMPARE(retries.size(), 1);
    QCOMPARE(server.requests().size(), 2);
    for (const ApiError &e : {retries.constFirst(), call.outcome().error}) {
        QCOMPARE(e.status, 500);
        for (const QString &field : {e.message, e.serverMessage, e.code, e.param, e.hint})
            QVERIFY2(leakedTokenPiece(field, token).isEmpty(), qPrintable(leakedTokenPiece(field, token)));
        QVERIFY(e.message.contains(QLatin1String("[token hidden]")));
    }
}

// A server that streams without end: the answer stops at ChatLimits::MaxAnswerBytes with a clear
// message, and the text up to there is kept (sent here: 17 MiB in 64 KiB deltas).
void TestChatClient::streamedAnswerIsCapped()
{
    FakeHttpServer server;
    QList<Chunk> events;
    QByteArray sent;
    const qsizetype piece = 64 * 1024;
    for (int i = 0; sent.size() < ChatLimits::MaxAnswerBytes + 1024 * 1024; ++i) {
        const QByteArray text(piece, char('a' + i % 26));
        sent += text;
        events << Chunk{deltaEvent(text)};
    }
    events << Chunk{"data: [DONE]\n\n"};
    server.route(ChatPath, Response::eventStream(events));
    QNetworkAccessManager nam;
    const Run run = runCall(&nam, requestTo(server.url(ChatPath)), 60'000);
    QCOMPARE(run.outcome.status, ChatOutcome::Status::Failed);
    QVERIFY(run.outcome.partial);
    QVERIFY2(run.outcome.error.message.contains(QLatin1String("16 MiB")), qPrintable(run.outcome.error.message));
    QCOMPARE(run.text.size(), ChatLimits::MaxAnswerBytes);
    QVERIFY(run.text == QLatin1StringView(sent.left(ChatLimits::MaxAnswerBytes)));
}

// One SSE line that never ends (17 MiB without a line end): stopped at the event limit, the
// answer before it kept.
void TestChatClient::endlessEventLineIsCapped()
{
    FakeHttpServer server;
    QList<Chunk> chunks{{deltaEvent("Before.")}, {"data: {\"choices\":[{\"delta\":{\"content\":\""}};
    for (int i = 0; i < 17; ++i)
        chunks << Chunk{QByteArray(1024 * 1024, 'x')};
    server.route(ChatPath, Response::eventStream(chunks));
    QNetworkAccessManager nam;
    const Run run = runCall(&nam, requestTo(server.url(ChatPath)), 60'000);
    QCOMPARE(run.outcome.status, ChatOutcome::Status::Failed);
    QVERIFY(run.outcome.partial);
    QCOMPARE(run.text, QStringLiteral("Before."));
    QVERIFY2(run.outcome.error.message.contains(QLatin1String("16 MiB")), qPrintable(run.outcome.error.message));
}

// A non-streamed answer larger than ChatLimits::MaxJsonBodyBytes (here 1 MiB over it, as valid JSON):
// reading stops there with a message that says so, instead of holding whatever the server sends.
void TestChatClient::plainBodyIsCapped()
{
    FakeHttpServer server;
    const QByteArray head = R"({"choices":[{"index":0,"message":{"role":"assistant","content":")";
    const QByteArray tail = R"("},"finish_reason":"stop"}]})";
    QByteArray body = head;
    body += QByteArray(ChatLimits::MaxJsonBodyBytes + 1024 * 1024, 'a');
    body += tail;
    server.route(ChatPath, Response::ok(body, "application/json"));
    QNetworkAccessManager nam;
    ChatRequest req = requestTo(server.url(ChatPath));
    req.body.stream = false;
    const Run run = runCall(&nam, req, 60'000);
    QCOMPARE(run.outcome.status, ChatOutcome::Status::Failed);
    QVERIFY2(run.outcome.error.message.contains(QString::number(ChatLimits::MaxJsonBodyBytes >> 20)),
             qPrintable(run.outcome.error.message));
    QVERIFY(run.text.isEmpty());
}

QTEST_GUILESS_MAIN(TestChatClient)
#include "tst_chatclient.moc"
