// What stream events, completion bodies and error responses mean, and the retry rules, against
// the shapes in docs/protocol.md (sections 2 to 5): the verbatim bodies quoted there and the shapes
// each backend's source produces.

#include "core/chat/chatprotocol.h"

#include "fakeendpoint.h"

#include <QRegularExpression>
#include <QTest>

using namespace squint;
using namespace Qt::StringLiterals;
using namespace squint::test;

namespace {

// The categories of hint errorFromHttp gives; each is recognised by words only its hint has.
enum class Hint { None, Token, Size, RateLimit, Quota, NotFound, Server, Image, Timeout };

Hint hintCategory(const QString &hint)
{
    if (hint.isEmpty())
        return Hint::None;
    const QList<QPair<Hint, const char *>> keys = {
        {Hint::Token, "access token"},   {Hint::Size, "Fit to Model"},   {Hint::RateLimit, "rate limiting"},
        {Hint::Quota, "quota"},          {Hint::NotFound, "endpoint name"}, {Hint::Server, "having trouble"},
        {Hint::Image, "vision model"},   {Hint::Timeout, "gave up waiting"},
    };
    Hint found = Hint::None;
    int matches = 0;
    for (const auto &[h, k] : keys) {
        if (hint.contains(QLatin1String(k))) {
            found = h;
            ++matches;
        }
    }
    return matches == 1 ? found : Hint(-1);
}

SseEvent sseEvent(const QByteArray &data, const QByteArray &name = {})
{
    SseEvent e;
    e.data = data;
    e.event = name;
    return e;
}

QDateTime fixedNow() { return QDateTime(QDate(2026, 5, 1), QTime(12, 0, 0), Qt::UTC); }

// docs/protocol.md 2.1: the spec's own example, verbatim.
const QByteArray specCompletion = R"({
  "id": "chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG",
  "object": "chat.completion",
  "created": 1741570283,
  "model": "gpt-4o-2024-08-06",
  "choices": [
    {
      "index": 0,
      "message": {
        "role": "assistant",
        "content": "The image shows a wooden boardwalk path running through a lush green field or meadow. …",
        "refusal": null,
        "annotations": []
      },
      "logprobs": null,
      "finish_reason": "stop"
    }
  ],
  "usage": {
    "prompt_tokens": 1117,
    "completion_tokens": 46,
    "total_tokens": 1163,
    "prompt_tokens_details": { "cached_tokens": 0, "audio_tokens": 0 },
    "completion_tokens_details": { "reasoning_tokens": 0, "audio_tokens": 0,
                                   "accepted_prediction_tokens": 0, "rejected_prediction_tokens": 0 }
  },
  "service_tier": "default",
  "system_fingerprint": "fp_fc9f1d7035"
})";

} // namespace

Q_DECLARE_METATYPE(Hint)

class TstChatProtocol : public QObject
{
    Q_OBJECT
private slots:
    void streamEvent_data();
    void streamEvent();
    void streamErrorWords_data();
    void streamErrorWords();
    void completion_data();
    void completion();
    void errorFromHttp_data();
    void errorFromHttp();
    void errorMessageIsClipped();
    void reasonPhraseAlone_data();
    void reasonPhraseAlone();
    void transportErrors_data();
    void transportErrors();
    void redact_data();
    void redact();
    void classification_data();
    void rejectedParameter_data();
    void rejectedParameter();
    void classification();
    void retry_data();
    void retry();
    void tokenUsageValidity();
    void hostileHtmlPages_data();
    void hostileHtmlPages();
    void htmlErrorWordsParts_data();
    void htmlErrorWordsParts();
    void echoedLongTokenIsHidden();
};

void TstChatProtocol::streamEvent_data()
{
    QTest::addColumn<QByteArray>("name");
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("content");
    QTest::addColumn<QString>("reasoning");
    QTest::addColumn<QString>("finish");
    QTest::addColumn<QString>("model");
    QTest::addColumn<qint64>("prompt"); // -2: no usage object
    QTest::addColumn<qint64>("completion");
    QTest::addColumn<qint64>("total");
    QTest::addColumn<qint64>("reasoningTokens");

    const int Delta = int(StreamPiece::Kind::Delta), Done = int(StreamPiece::Kind::Done),
              Error = int(StreamPiece::Kind::Error), Ignored = int(StreamPiece::Kind::Ignored),
              Malformed = int(StreamPiece::Kind::Malformed);
    const QString none;
    const QString mini = QStringLiteral("gpt-4o-mini");

    // docs/protocol.md 2.2, verbatim chunks (OpenAI, with obfuscation and "usage":null).
    QTest::newRow("OpenAI first chunk: role, empty content")
        << QByteArray() << QByteArray(R"({"id":"chatcmpl-123","object":"chat.completion.chunk","created":1694268190,"model":"gpt-4o-mini","system_fingerprint":"fp_44709d6fcb","choices":[{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}],"usage":null,"obfuscation":"r4N7vQ2m"})")
        << Delta << QString() << none << none << mini << qint64(-2) << qint64(-2) << qint64(-2) << qint64(-2);
    QTest::newRow("OpenAI content chunk")
        << QByteArray() << QByteArray(R"({"id":"chatcmpl-123","object":"chat.completion.chunk","created":1694268190,"model":"gpt-4o-mini","system_fingerprint":"fp_44709d6fcb","choices":[{"index":0,"delta":{"content":"Hello"},"logprobs":null,"finish_reason":null}],"usage":null,"obfuscation":"p9K3xT6w"})")
        << Delta << QStringLiteral("Hello") << none << none << mini << qint64(-2) << qint64(-2) << qint64(-2) << qint64(-2);
    QTest::newRow("OpenAI finish chunk: empty delta")
        << QByteArray() << QByteArray(R"({"id":"chatcmpl-123","object":"chat.completion.chunk","created":1694268190,"model":"gpt-4o-mini","system_fingerprint":"fp_44709d6fcb","choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}],"usage":null,"obfuscation":""})")
        << Delta << QString() << none << QStringLiteral("stop") << mini << qint64(-2) << qint64(-2) << qint64(-2) << qint64(-2);
    QTest::newRow("usage-only final chunk, choices []")
        << QByteArray() << QByteArray(R"({"id":"chatcmpl-123","object":"chat.completion.chunk","created":1694268190,"model":"gpt-4o-mini","system_fingerprint":"fp_44709d6fcb","choices":[],"usage":{"prompt_tokens":1117,"completion_tokens":46,"total_tokens":1163}})")
        << Delta << QString() << none << none << mini << qint64(1117) << qint64(46) << qint64(1163) << qint64(-1);
    QTest::newRow("usage with reasoning tokens")
        << QByteArray() << QByteArray(R"({"choices":[],"usage":{"prompt_tokens":10,"completion_tokens":300,"total_tokens":310,"completion_tokens_details":{"reasoning_tokens":256}}})")
        << Delta << QString() << none << none << none << qint64(10) << qint64(300) << qint64(310) << qint64(256);
    QTest::newRow("usage without total")
        << QByteArray() << QByteArray(R"({"choices":[],"usage":{"prompt_tokens":7,"completion_tokens":5}})")
        << Delta << QString() << none << none << none << qint64(7) << qint64(5) << qint64(12) << qint64(-1);
    QTest::newRow("Ollama chunk: no usage key")
        << QByteArray() << QByteArray(R"({"id":"chatcmpl-544","object":"chat.completion.chunk","created":1745000000,"model":"llava:latest","system_fingerprint":"fp_ollama","choices":[{"index":0,"delta":{"role":"assistant","content":"A cat"},"finish_reason":null}]})")
        << Delta << QStringLiteral("A cat") << none << none << QStringLiteral("llava:latest") << qint64(-2) << qint64(-2)
        << qint64(-2) << qint64(-2);
    QTest::newRow("Ollama reasoning field")
        << QByteArray() << QByteArray(R"({"object":"chat.completion.chunk","model":"qwen3-vl","choices":[{"index":0,"delta":{"role":"assistant","content":"","reasoning":"Let me look."},"finish_reason":null}]})")
        << Delta << QString() << QStringLiteral("Let me look.") << none << QStringLiteral("qwen3-vl") << qint64(-2)
        << qint64(-2) << qint64(-2) << qint64(-2);
    QTest::newRow("vLLM exclude_none: no finish_reason, logprobs or usage keys")
        << QByteArray() << QByteArray(R"({"id":"chatcmpl-abc","object":"chat.completion.chunk","created":1745000000,"model":"Qwen/Qwen2.5-VL-7B-Instruct","choices":[{"index":0,"delta":{"content":" sits"}}]})")
        << Delta << QStringLiteral(" sits") << none << none << QStringLiteral("Qwen/Qwen2.5-VL-7B-Instruct") << qint64(-2)
        << qint64(-2) << qint64(-2) << qint64(-2);
    QTest::newRow("vLLM reasoning_content")
        << QByteArray() << QByteArray(R"({"choices":[{"index":0,"delta":{"reasoning_content":"Counting the dogs"}}]})")
        << Delta << QString() << QStringLiteral("Counting the dogs") << none << none << qint64(-2) << qint64(-2)
        << qint64(-2) << qint64(-2);
    QTest::newRow("last content and finish_reason length together")
        << QByteArray() << QByteArray(R"({"choices":[{"index":0,"delta":{"content":" and th"},"finish_reason":"length"}],"usage":null})")
        << Delta << QStringLiteral(" and th") << none << QStringLiteral("length") << none << qint64(-2) << qint64(-2)
        << qint64(-2) << qint64(-2);
    QTest::newRow("Databricks content array: reasoning summary")
        << QByteArray() << QByteArray(R"({"model":"databricks-gpt-oss-120b","choices":[{"index":0,"delta":{"role":"assistant","content":[{"type":"reasoning","summary":[{"type":"summary_text","text":"The user shows "},{"type":"summary_text","text":"a boardwalk."}]}]},"finish_reason":null}]})")
        << Delta << QString() << QStringLiteral("The user shows a boardwalk.") << none << QStringLiteral("databricks-gpt-oss-120b")
        << qint64(-2) << qint64(-2) << qint64(-2) << qint64(-2);
    QTest::newRow("Databricks content array: text items concatenated")
        << QByteArray() << QByteArray(R"({"choices":[{"index":0,"delta":{"content":[{"type":"text","text":"A wooden "},{"type":"text","text":"boardwalk"}]}}]})")
        << Delta << QStringLiteral("A wooden boardwalk") << none << none << none << qint64(-2) << qint64(-2) << qint64(-2)
        << qint64(-2);
    QTest::newRow("content null") << QByteArray() << QByteArray(R"({"choices":[{"index":0,"delta":{"content":null}}]})")
                                  << Delta << QString() << none << none << none << qint64(-2) << qint64(-2) << qint64(-2)
                                  << qint64(-2);
    QTest::newRow("n>1: only choice 0 is taken")
        << QByteArray() << QByteArray(R"({"choices":[{"index":1,"delta":{"content":"B"}}]})") << Delta << QString() << none
        << none << none << qint64(-2) << qint64(-2) << qint64(-2) << qint64(-2);
    QTest::newRow("whole message in a chunk")
        << QByteArray() << QByteArray(R"({"object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":"All at once"},"finish_reason":"stop"}]})")
        << Delta << QStringLiteral("All at once") << none << QStringLiteral("stop") << none << qint64(-2) << qint64(-2)
        << qint64(-2) << qint64(-2);
    QTest::newRow("error: null is not an error")
        << QByteArray() << QByteArray(R"({"error":null,"choices":[{"index":0,"delta":{"content":"ok"}}]})") << Delta
        << QStringLiteral("ok") << none << none << none << qint64(-2) << qint64(-2) << qint64(-2) << qint64(-2);
    QTest::newRow("unicode escapes and UTF-8")
        << QByteArray() << QByteArray(R"({"choices":[{"index":0,"delta":{"content":"Gr\u00f6\u00dfe 🐈 \"q\"\n"}}]})")
        << Delta << QStringLiteral("Größe 🐈 \"q\"\n") << none << none << none << qint64(-2) << qint64(-2) << qint64(-2)
        << qint64(-2);

    QTest::newRow("[DONE]") << QByteArray() << QByteArray("[DONE]") << Done << QString() << none << none << none
                            << qint64(-2) << qint64(-2) << qint64(-2) << qint64(-2);
    QTest::newRow("[DONE] extra is malformed") << QByteArray() << QByteArray("[DONE] extra") << Malformed << QString()
                                               << none << none << none << qint64(-2) << qint64(-2) << qint64(-2)
                                               << qint64(-2);
    QTest::newRow("event: ping, no data") << QByteArray("ping") << QByteArray() << Ignored << QString() << none << none
                                          << none << qint64(-2) << qint64(-2) << qint64(-2) << qint64(-2);
    QTest::newRow("empty data") << QByteArray() << QByteArray() << Ignored << QString() << none << none << none
                                << qint64(-2) << qint64(-2) << qint64(-2) << qint64(-2);
    QTest::newRow("malformed JSON") << QByteArray() << QByteArray(R"({"choices":[{"delta":{"content":"Hel)")
                                    << Malformed << QString() << none << none << none << qint64(-2) << qint64(-2)
                                    << qint64(-2) << qint64(-2);
    QTest::newRow("JSON that is not an object") << QByteArray() << QByteArray("[1,2]") << Malformed << QString() << none
                                                << none << none << qint64(-2) << qint64(-2) << qint64(-2) << qint64(-2);
    QTest::newRow("mid-stream error object (llama.cpp)")
        << QByteArray() << QByteArray(R"({"error":{"code":500,"message":"Failed to decode image","type":"server_error"}})")
        << Error << QString() << none << none << none << qint64(-2) << qint64(-2) << qint64(-2) << qint64(-2);
    QTest::newRow("event: error") << QByteArray("error") << QByteArray(R"({"message":"Overloaded"})") << Error
                                  << QString() << none << none << none << qint64(-2) << qint64(-2) << qint64(-2)
                                  << qint64(-2);
    QTest::newRow("event: error, no data") << QByteArray("error") << QByteArray() << Error << QString() << none << none
                                           << none << qint64(-2) << qint64(-2) << qint64(-2) << qint64(-2);
}

void TstChatProtocol::streamEvent()
{
    QFETCH(QByteArray, name);
    QFETCH(QByteArray, data);
    QFETCH(int, kind);
    QFETCH(QString, content);
    QFETCH(QString, reasoning);
    QFETCH(QString, finish);
    QFETCH(QString, model);
    QFETCH(qint64, prompt);
    QFETCH(qint64, completion);
    QFETCH(qint64, total);
    QFETCH(qint64, reasoningTokens);

    const StreamPiece p = interpretStreamEvent(sseEvent(data, name));
    QCOMPARE(int(p.kind), kind);
    QCOMPARE(p.content, content);
    QCOMPARE(p.reasoning, reasoning);
    QCOMPARE(p.finishReason, finish);
    QCOMPARE(p.model, model);
    QCOMPARE(p.usage.has_value(), prompt != -2);
    if (p.usage) {
        QCOMPARE(p.usage->prompt, prompt);
        QCOMPARE(p.usage->completion, completion);
        QCOMPARE(p.usage->total, total);
        QCOMPARE(p.usage->reasoning, reasoningTokens);
    }
    if (kind == int(StreamPiece::Kind::Error)) {
        QCOMPARE(p.error.kind, ApiError::Kind::Stream);
        QVERIFY(!p.error.message.isEmpty());
    } else if (kind == int(StreamPiece::Kind::Malformed)) {
        QCOMPARE(p.error.kind, ApiError::Kind::Protocol);
        QVERIFY(!p.error.message.isEmpty());
    } else {
        QVERIFY(p.error.isNull());
    }
}

void TstChatProtocol::streamErrorWords_data()
{
    QTest::addColumn<QByteArray>("name");
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<QString>("words");
    QTest::addColumn<QString>("code");
    QTest::addColumn<Hint>("hint");

    QTest::newRow("llama.cpp context exceeded")
        << QByteArray() << QByteArray(R"({"error":{"code":400,"message":"the request exceeds the available context size, try increasing it","type":"exceed_context_size_error","n_prompt_tokens":5000,"n_ctx":4096}})")
        << QStringLiteral("the request exceeds the available context size, try increasing it")
        << QStringLiteral("exceed_context_size_error") << Hint::Size;
    QTest::newRow("vLLM error then [DONE]")
        << QByteArray() << QByteArray(R"({"error":{"object":"error","message":"CUDA out of memory","type":"InternalServerError","param":null,"code":500}})")
        << QStringLiteral("CUDA out of memory") << QStringLiteral("InternalServerError") << Hint::Server;
    QTest::newRow("OpenAI server_error")
        << QByteArray() << QByteArray(R"({"error":{"message":"The server had an error while processing your request. Sorry about that!","type":"server_error","param":null,"code":null}})")
        << QStringLiteral("The server had an error while processing your request. Sorry about that!")
        << QStringLiteral("server_error") << Hint::None;
    QTest::newRow("error as a string") << QByteArray() << QByteArray(R"({"error":"boom"})") << QStringLiteral("boom")
                                       << QString() << Hint::None;
    QTest::newRow("event: error with message") << QByteArray("error") << QByteArray(R"({"message":"Overloaded","code":"overloaded"})")
                                               << QStringLiteral("Overloaded") << QStringLiteral("overloaded") << Hint::None;
    QTest::newRow("event: error with error object")
        << QByteArray("error") << QByteArray(R"({"error":{"message":"Rate limited","code":429}})")
        << QStringLiteral("Rate limited") << QStringLiteral("429") << Hint::RateLimit;
    QTest::newRow("event: error with plain text") << QByteArray("error") << QByteArray("upstream went away")
                                                  << QStringLiteral("upstream went away") << QString() << Hint::None;
}

void TstChatProtocol::streamErrorWords()
{
    QFETCH(QByteArray, name);
    QFETCH(QByteArray, data);
    QFETCH(QString, words);
    QFETCH(QString, code);
    QFETCH(Hint, hint);
    const StreamPiece p = interpretStreamEvent(sseEvent(data, name));
    QCOMPARE(p.kind, StreamPiece::Kind::Error);
    QCOMPARE(p.error.kind, ApiError::Kind::Stream);
    QCOMPARE(p.error.serverMessage, words);
    QCOMPARE(p.error.code, code);
    QVERIFY2(p.error.message.contains(words), qPrintable(p.error.message));
    QVERIFY(!p.error.message.contains(QLatin1Char('{')));
    QCOMPARE(hintCategory(p.error.hint), hint);
}

void TstChatProtocol::completion_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QString>("content");
    QTest::addColumn<QString>("reasoning");
    QTest::addColumn<QString>("finish");
    QTest::addColumn<QString>("model");
    QTest::addColumn<qint64>("total");
    QTest::addColumn<QString>("errorWords");

    QTest::newRow("OpenAI spec example")
        << specCompletion << true
        << QStringLiteral("The image shows a wooden boardwalk path running through a lush green field or meadow. …")
        << QString() << QStringLiteral("stop") << QStringLiteral("gpt-4o-2024-08-06") << qint64(1163) << QString();
    QTest::newRow("Databricks reasoning model: content array")
        << QByteArray(R"({"id":"chatcmpl_1","object":"chat.completion","created":1745000000,"model":"databricks-gpt-oss-120b","choices":[{"index":0,"message":{"role":"assistant","content":[{"type":"reasoning","summary":[{"type":"summary_text","text":"Need to describe the photo."}]},{"type":"text","text":"A boardwalk through a meadow."}]},"finish_reason":"stop"}],"usage":{"prompt_tokens":1200,"completion_tokens":80,"total_tokens":1280,"reasoning_tokens":40}})")
        << true << QStringLiteral("A boardwalk through a meadow.") << QStringLiteral("Need to describe the photo.")
        << QStringLiteral("stop") << QStringLiteral("databricks-gpt-oss-120b") << qint64(1280) << QString();
    QTest::newRow("two text parts are kept apart")
        << QByteArray(R"({"choices":[{"index":0,"message":{"content":[{"type":"text","text":"One."},{"type":"text","text":"Two."}]},"finish_reason":"stop"}]})")
        << true << QStringLiteral("One.\n\nTwo.") << QString() << QStringLiteral("stop") << QString() << qint64(-1) << QString();
    QTest::newRow("Ollama message.reasoning")
        << QByteArray(R"({"id":"chatcmpl-1","object":"chat.completion","model":"qwen3-vl","system_fingerprint":"fp_ollama","choices":[{"index":0,"message":{"role":"assistant","content":"Two dogs.","reasoning":"Counting."},"finish_reason":"stop"}],"usage":{"prompt_tokens":10,"completion_tokens":3,"total_tokens":13}})")
        << true << QStringLiteral("Two dogs.") << QStringLiteral("Counting.") << QStringLiteral("stop")
        << QStringLiteral("qwen3-vl") << qint64(13) << QString();
    QTest::newRow("refusal")
        << QByteArray(R"({"choices":[{"index":0,"message":{"role":"assistant","content":null,"refusal":"I can't help with that."},"finish_reason":"stop"}]})")
        << true << QStringLiteral("I can't help with that.") << QString() << QStringLiteral("stop") << QString() << qint64(-1)
        << QString();
    QTest::newRow("finish_reason length")
        << QByteArray(R"({"choices":[{"index":0,"message":{"role":"assistant","content":"Cut"},"finish_reason":"length"}]})")
        << true << QStringLiteral("Cut") << QString() << QStringLiteral("length") << QString() << qint64(-1) << QString();
    QTest::newRow("OpenAI error body")
        << QByteArray(R"({"error":{"message":"The model `fake-model` does not exist or you do not have access to it.","type":"invalid_request_error","param":null,"code":"model_not_found"}})")
        << false << QString() << QString() << QString() << QString() << qint64(-1)
        << QStringLiteral("The model `fake-model` does not exist or you do not have access to it.");
    QTest::newRow("Databricks error body")
        << QByteArray(R"({"error_code":"BAD_REQUEST","message":"Bad request: prompt token count exceeds the limit"})")
        << false << QString() << QString() << QString() << QString() << qint64(-1)
        << QStringLiteral("Bad request: prompt token count exceeds the limit");
    QTest::newRow("not JSON") << QByteArray("<html>oops</html>") << false << QString() << QString() << QString() << QString()
                              << qint64(-1) << QString();
    QTest::newRow("no choices") << QByteArray(R"({"object":"chat.completion","choices":[]})") << false << QString()
                                << QString() << QString() << QString() << qint64(-1) << QString();
}

void TstChatProtocol::completion()
{
    QFETCH(QByteArray, body);
    QFETCH(bool, ok);
    QFETCH(QString, content);
    QFETCH(QString, reasoning);
    QFETCH(QString, finish);
    QFETCH(QString, model);
    QFETCH(qint64, total);
    QFETCH(QString, errorWords);

    const Completion c = parseCompletion(body);
    QCOMPARE(c.ok, ok);
    QCOMPARE(c.content, content);
    QCOMPARE(c.reasoning, reasoning);
    QCOMPARE(c.finishReason, finish);
    QCOMPARE(c.model, model);
    QCOMPARE(c.usage.total, total);
    if (ok) {
        QVERIFY(c.error.isNull());
    } else {
        QVERIFY(!c.error.isNull());
        QVERIFY(!c.error.message.isEmpty());
        if (!errorWords.isEmpty()) {
            QCOMPARE(c.error.kind, ApiError::Kind::Stream);
            QCOMPARE(c.error.serverMessage, errorWords);
            QVERIFY(c.error.message.contains(errorWords));
        } else {
            QCOMPARE(c.error.kind, ApiError::Kind::Protocol);
        }
    }
}

void TstChatProtocol::errorFromHttp_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("reason");
    QTest::addColumn<QString>("words");    // serverMessage must equal this
    QTest::addColumn<bool>("wordsInMessage");
    QTest::addColumn<QString>("code");
    QTest::addColumn<Hint>("hint");

    const QByteArray json = "application/json";
    const QByteArray text = "text/plain; charset=utf-8";
    const QByteArray html = "text/html";

    // docs/protocol.md 3.1, OpenAI, verbatim.
    QTest::newRow("OpenAI 401 invalid_api_key")
        << 401 << json << QByteArray(R"({"error":{"message":"Incorrect API key provided: sk-VKMIs***************************************wjh3. You can find your API key at https://platform.openai.com/account/api-keys.","type":"invalid_request_error","param":null,"code":"invalid_api_key"}})")
        << QByteArray("Unauthorized")
        << QStringLiteral("Incorrect API key provided: sk-VKMIs***************************************wjh3. You can find your API key at https://platform.openai.com/account/api-keys.")
        << true << QStringLiteral("invalid_api_key") << Hint::Token;
    QTest::newRow("OpenAI 429 rate_limit_exceeded")
        << 429 << json << QByteArray(R"({"error":{"message":"Rate limit reached for gpt-4o-mini in project proj_… organization org-… on tokens per min (TPM): Limit 50000, Used 47949, Requested 3006. Please try again in 1.146s. Visit https://platform.openai.com/account/rate-limits to learn more.","type":"tokens","param":null,"code":"rate_limit_exceeded"}})")
        << QByteArray()
        << QStringLiteral("Rate limit reached for gpt-4o-mini in project proj_… organization org-… on tokens per min (TPM): Limit 50000, Used 47949, Requested 3006. Please try again in 1.146s. Visit https://platform.openai.com/account/rate-limits to learn more.")
        << true << QStringLiteral("rate_limit_exceeded") << Hint::RateLimit;
    QTest::newRow("OpenAI 429 insufficient_quota")
        << 429 << json << QByteArray(R"({"error":{"message":"You exceeded your current quota, please check your plan and billing details. For more information on this error, read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors.","type":"insufficient_quota","param":null,"code":"insufficient_quota"}})")
        << QByteArray()
        << QStringLiteral("You exceeded your current quota, please check your plan and billing details. For more information on this error, read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors.")
        << true << QStringLiteral("insufficient_quota") << Hint::Quota;
    QTest::newRow("OpenAI 404 model_not_found")
        << 404 << json << QByteArray(R"({"error":{"message":"The model `fake-model` does not exist or you do not have access to it.","type":"invalid_request_error","param":null,"code":"model_not_found"}})")
        << QByteArray() << QStringLiteral("The model `fake-model` does not exist or you do not have access to it.") << true
        << QStringLiteral("model_not_found") << Hint::NotFound;
    // docs/protocol.md 1.4, image errors.
    QTest::newRow("OpenAI 400 invalid_image_format")
        << 400 << json << QByteArray(R"({"error":{"message":"Invalid MIME type. Only image types are supported.","type":"invalid_request_error","param":null,"code":"invalid_image_format"}})")
        << QByteArray() << QStringLiteral("Invalid MIME type. Only image types are supported.") << true
        << QStringLiteral("invalid_image_format") << Hint::None;
    QTest::newRow("OpenAI 400 sanitizer_server_error")
        << 400 << json << QByteArray(R"({"error":{"message":"You uploaded an unsupported image. Please make sure your image is below 20 MB in size and is of one the following formats: ['png', 'jpeg', 'gif', 'webp'].","type":"invalid_request_error","param":null,"code":"sanitizer_server_error"}})")
        << QByteArray()
        << QStringLiteral("You uploaded an unsupported image. Please make sure your image is below 20 MB in size and is of one the following formats: ['png', 'jpeg', 'gif', 'webp'].")
        << true << QStringLiteral("sanitizer_server_error") << Hint::None;
    QTest::newRow("OpenAI 400 non-vision model")
        << 400 << json << QByteArray(R"({"error":{"message":"Invalid content type. image_url is only supported by certain models.","type":"invalid_request_error","param":"messages.[0].content.[1].type","code":null}})")
        << QByteArray() << QStringLiteral("Invalid content type. image_url is only supported by certain models.") << true
        << QStringLiteral("invalid_request_error") << Hint::Image;
    QTest::newRow("OpenAI 400 max_tokens unsupported")
        << 400 << json << QByteArray(R"({"error":{"message":"Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.","type":"invalid_request_error","param":"max_tokens","code":"unsupported_parameter"}})")
        << QByteArray()
        << QStringLiteral("Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.")
        << true << QStringLiteral("unsupported_parameter") << Hint::None;
    QTest::newRow("OpenAI 500")
        << 500 << json << QByteArray(R"({"error":{"message":"The server had an error while processing your request. Sorry about that!","type":"server_error","param":null,"code":null}})")
        << QByteArray() << QStringLiteral("The server had an error while processing your request. Sorry about that!") << true
        << QStringLiteral("server_error") << Hint::Server;
    // docs/protocol.md 3.2: the CDN's HTML 413.
    QTest::newRow("413 HTML from cloudflare")
        << 413 << html << QByteArray("<html>\r\n<head><title>413 Request Entity Too Large</title></head>\r\n<body>\r\n<center><h1>413 Request Entity Too Large</h1></center>\r\n<hr><center>cloudflare</center>\r\n</body>\r\n</html>\r\n")
        << QByteArray("Request Entity Too Large") << QStringLiteral("413 Request Entity Too Large") << false << QString()
        << Hint::Size;
    QTest::newRow("502 HTML from a proxy, no content type")
        << 502 << QByteArray() << QByteArray("<!DOCTYPE html><html><head><style>body{color:red}</style><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1><p>The proxy server received an invalid response.</p></body></html>")
        << QByteArray() << QStringLiteral("502 Bad Gateway") << false << QString() << Hint::Server;
    QTest::newRow("HTML without title: the page text")
        << 503 << html << QByteArray("<html><body><script>var x = 1;</script><p>Service is down for maintenance &amp; upgrades &#8211; back soon.</p></body></html>")
        << QByteArray() << QStringLiteral("Service is down for maintenance & upgrades – back soon.") << true << QString()
        << Hint::Server;
    // docs/protocol.md 3.5 and 4.2, Databricks, verbatim.
    QTest::newRow("Databricks BAD_REQUEST prompt token count")
        << 400 << json << QByteArray(R"({"error_code":"BAD_REQUEST","message":"Bad request: prompt token count …"})")
        << QByteArray() << QStringLiteral("Bad request: prompt token count …") << true << QStringLiteral("BAD_REQUEST")
        << Hint::Size;
    QTest::newRow("Databricks BAD_REQUEST custom model")
        << 400 << json << QByteArray(R"({"error_code": "BAD_REQUEST", "message": "Invalid input. The input must be a JSON dictionary with exactly one of the input fields {'instances', 'dataframe_records', 'dataframe_split', 'inputs'}.. Received dictionary with input fields: set()."})")
        << QByteArray()
        << QStringLiteral("Invalid input. The input must be a JSON dictionary with exactly one of the input fields {'instances', 'dataframe_records', 'dataframe_split', 'inputs'}.. Received dictionary with input fields: set().")
        << true << QStringLiteral("BAD_REQUEST") << Hint::None;
    QTest::newRow("Databricks external_model_message")
        << 400 << json << QByteArray(R"({"error":"Received error from databricks-model-serving","external_model_message":{"error_code":"INVALID_PARAMETER_VALUE","message":"INVALID_PARAMETER_VALUE: Missing required embeddings parameter: 'input'"}})")
        << QByteArray() << QStringLiteral("INVALID_PARAMETER_VALUE: Missing required embeddings parameter: 'input'") << true
        << QStringLiteral("INVALID_PARAMETER_VALUE") << Hint::None;
    QTest::newRow("Databricks REQUEST_LIMIT_EXCEEDED")
        << 429 << json << QByteArray(R"({"error_code":"REQUEST_LIMIT_EXCEEDED","message":"REQUEST_LIMIT_EXCEEDED: Exceeded workspace rate limit for …"})")
        << QByteArray() << QStringLiteral("REQUEST_LIMIT_EXCEEDED: Exceeded workspace rate limit for …") << true
        << QStringLiteral("REQUEST_LIMIT_EXCEEDED") << Hint::RateLimit;
    QTest::newRow("Databricks PERMISSION_DENIED")
        << 403 << json << QByteArray(R"({"error_code":"PERMISSION_DENIED","message":"PERMISSION_DENIED: The endpoint is temporarily disabled due to a Databricks-set rate limit of 0."})")
        << QByteArray()
        << QStringLiteral("PERMISSION_DENIED: The endpoint is temporarily disabled due to a Databricks-set rate limit of 0.")
        << true << QStringLiteral("PERMISSION_DENIED") << Hint::Token;
    QTest::newRow("Databricks numeric 403")
        << 403 << json << QByteArray(R"({ "error_code": 403, "message": "Invalid access token." })")
        << QByteArray("Invalid access token.") << QStringLiteral("Invalid access token.") << true << QStringLiteral("403")
        << Hint::Token;
    QTest::newRow("Databricks numeric 401")
        << 401 << json << QByteArray(R"({ "error_code": 401, "message": "Credential was not sent or was of an unsupported type for this API." })")
        << QByteArray() << QStringLiteral("Credential was not sent or was of an unsupported type for this API.") << true
        << QStringLiteral("401") << Hint::Token;
    QTest::newRow("Databricks RESOURCE_DOES_NOT_EXIST")
        << 404 << json << QByteArray(R"({"error_code":"RESOURCE_DOES_NOT_EXIST","message":"Endpoint with name 'databricks-claude-9' does not exist."})")
        << QByteArray() << QStringLiteral("Endpoint with name 'databricks-claude-9' does not exist.") << true
        << QStringLiteral("RESOURCE_DOES_NOT_EXIST") << Hint::NotFound;
    QTest::newRow("Databricks plain text unknown field")
        << 400 << text << QByteArray("Bad request: json: unknown field \"prompt\"\n") << QByteArray()
        << QStringLiteral("Bad request: json: unknown field \"prompt\"") << true << QString() << Hint::None;
    QTest::newRow("Databricks plain text with a code prefix")
        << 400 << text << QByteArray("INVALID_PARAMETER_VALUE: max_tokens must be positive") << QByteArray()
        << QStringLiteral("INVALID_PARAMETER_VALUE: max_tokens must be positive") << true
        << QStringLiteral("INVALID_PARAMETER_VALUE") << Hint::None;
    QTest::newRow("Databricks JSON inside message")
        << 400 << json << QByteArray(R"({"error_code":"BAD_REQUEST","message":"{\"error\":\"Upstream error: INVALID_ARGUMENT: image is not valid\"}"})")
        << QByteArray() << QStringLiteral("Upstream error: INVALID_ARGUMENT: image is not valid") << true
        << QStringLiteral("BAD_REQUEST") << Hint::None;
    QTest::newRow("old gateway HTML 403")
        << 403 << html << QByteArray("<html>\n<head>\n<meta http-equiv=\"Content-Type\" content=\"text/html;charset=utf-8\"/>\n<title>Error 403 Invalid access token.</title>\n</head>\n<body><h2>HTTP ERROR 403</h2>\n<p>Problem accessing /api/2.0/dbfs/put. Reason:\n<pre>    Invalid access token.</pre></p>\n</body>\n</html>\n")
        << QByteArray() << QStringLiteral("Invalid access token.") << true << QString() << Hint::Token;
    // docs/protocol.md 5.3, vLLM.
    QTest::newRow("vLLM 401 error string")
        << 401 << json << QByteArray(R"({"error": "Unauthorized"})") << QByteArray() << QStringLiteral("Unauthorized") << true
        << QString() << Hint::Token;
    QTest::newRow("vLLM error object, integer code")
        << 400 << json << QByteArray(R"({"error":{"message":"Only base64 data URLs are supported for now.","type":"BadRequestError","param":null,"code":400}})")
        << QByteArray() << QStringLiteral("Only base64 data URLs are supported for now.") << true
        << QStringLiteral("BadRequestError") << Hint::None;
    QTest::newRow("vLLM old flat error")
        << 400 << json << QByteArray(R"({"object":"error","message":"Cannot load local files without --allowed-local-media-path.","type":"BadRequestError","param":null,"code":400})")
        << QByteArray() << QStringLiteral("Cannot load local files without --allowed-local-media-path.") << true
        << QStringLiteral("BadRequestError") << Hint::None;
    QTest::newRow("FastAPI 422 detail list")
        << 422 << json << QByteArray(R"({"detail":[{"type":"missing","loc":["body","messages"],"msg":"Field required","input":{}}]})")
        << QByteArray() << QStringLiteral("body.messages: Field required") << true << QString() << Hint::None;
    // docs/protocol.md 5.2, llama.cpp.
    QTest::newRow("llama.cpp 401")
        << 401 << QByteArray("application/json; charset=utf-8")
        << QByteArray(R"({"error":{"code":401,"message":"Invalid API Key","type":"authentication_error"}})") << QByteArray()
        << QStringLiteral("Invalid API Key") << true << QStringLiteral("authentication_error") << Hint::Token;
    QTest::newRow("llama.cpp exceed_context_size_error")
        << 400 << json << QByteArray(R"({"error":{"code":400,"message":"the request exceeds the available context size, try increasing it","type":"exceed_context_size_error","n_prompt_tokens":9000,"n_ctx":8192}})")
        << QByteArray() << QStringLiteral("the request exceeds the available context size, try increasing it") << true
        << QStringLiteral("exceed_context_size_error") << Hint::Size;
    QTest::newRow("llama.cpp no mmproj")
        << 400 << json << QByteArray(R"({"error":{"code":400,"message":"image input is not supported - hint: if this is unexpected, you may need to provide the mmproj","type":"invalid_request_error"}})")
        << QByteArray() << QStringLiteral("image input is not supported - hint: if this is unexpected, you may need to provide the mmproj")
        << true << QStringLiteral("invalid_request_error") << Hint::Image;
    QTest::newRow("llama.cpp 503 loading")
        << 503 << json << QByteArray(R"({"error":{"code":503,"message":"Loading model","type":"unavailable_error"}})")
        << QByteArray() << QStringLiteral("Loading model") << true << QStringLiteral("unavailable_error") << Hint::Server;
    // docs/protocol.md 5.1, Ollama.
    QTest::newRow("Ollama invalid image input")
        << 400 << json << QByteArray(R"({"error":{"message":"invalid image input","type":"invalid_request_error","param":null,"code":null}})")
        << QByteArray() << QStringLiteral("invalid image input") << true << QStringLiteral("invalid_request_error") << Hint::None;
    QTest::newRow("Ollama model not found")
        << 404 << json << QByteArray(R"({"error":{"message":"model \"llava\" not found, try pulling it first","type":"not_found_error","param":null,"code":null}})")
        << QByteArray() << QStringLiteral("model \"llava\" not found, try pulling it first") << true
        << QStringLiteral("not_found_error") << Hint::NotFound;
    // docs/protocol.md 6, Anthropic native 413.
    QTest::newRow("Anthropic 413 request_too_large")
        << 413 << json << QByteArray(R"({"error":{"type":"request_too_large","message":"Request exceeds the maximum size"}})")
        << QByteArray() << QStringLiteral("Request exceeds the maximum size") << true << QStringLiteral("request_too_large")
        << Hint::Size;
    QTest::newRow("400 with a size message")
        << 400 << json << QByteArray(R"({"error_code":"BAD_REQUEST","message":"Request size 5242880 exceeds the maximum size of 4194304 bytes"})")
        << QByteArray() << QStringLiteral("Request size 5242880 exceeds the maximum size of 4194304 bytes") << true
        << QStringLiteral("BAD_REQUEST") << Hint::Size;
    QTest::newRow("408") << 408 << text << QByteArray() << QByteArray() << QString() << true << QString() << Hint::Timeout;
    QTest::newRow("empty body, reason phrase") << 502 << QByteArray() << QByteArray() << QByteArray("Bad Gateway")
                                               << QString() << true << QString() << Hint::Server;
    QTest::newRow("unfamiliar JSON: a message key found deeper")
        << 400 << json << QByteArray(R"({"status":"failed","result":{"reason":"quota of images per request is 5"}})")
        << QByteArray() << QStringLiteral("quota of images per request is 5") << true << QString() << Hint::None;
    QTest::newRow("JSON with an unexpected content type")
        << 400 << text << QByteArray(R"({"error":{"message":"bad thing","type":"invalid_request_error"}})") << QByteArray()
        << QStringLiteral("bad thing") << true << QStringLiteral("invalid_request_error") << Hint::None;
    QTest::newRow("broken JSON is text") << 400 << json << QByteArray(R"({"error": "unterminated)") << QByteArray()
                                         << QStringLiteral(R"({"error": "unterminated)") << true << QString() << Hint::None;
    QTest::newRow("HTML that only repeats the status")
        << 404 << html << QByteArray("<html><body><h2>HTTP ERROR 404</h2></body></html>") << QByteArray()
        << QStringLiteral("HTTP ERROR 404") << false << QString() << Hint::NotFound;
    QTest::newRow("text that is only the status") << 503 << text << QByteArray("503") << QByteArray() << QStringLiteral("503")
                                                  << false << QString() << Hint::Server;
}

void TstChatProtocol::errorFromHttp()
{
    QFETCH(int, status);
    QFETCH(QByteArray, contentType);
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, reason);
    QFETCH(QString, words);
    QFETCH(bool, wordsInMessage);
    QFETCH(QString, code);
    QFETCH(Hint, hint);

    const ApiError e = squint::errorFromHttp(status, contentType, body, reason);
    QCOMPARE(e.kind, ApiError::Kind::Http);
    QCOMPARE(e.status, status);
    QCOMPARE(e.serverMessage, words);
    QCOMPARE(e.code, code);
    QVERIFY2(e.message.startsWith(QStringLiteral("The server answered %1").arg(status)), qPrintable(e.message));
    if (wordsInMessage && !words.isEmpty())
        QVERIFY2(e.message.contains(words), qPrintable(e.message));
    if (!wordsInMessage) // words that add nothing to the status are left out of the sentence
        QVERIFY2(QRegularExpression(QStringLiteral(R"(^The server answered \d+( [A-Za-z ]+)?\.$)")).match(e.message).hasMatch(),
                 qPrintable(e.message));
    if (wordsInMessage || words.isEmpty())
        QVERIFY2(!e.message.contains(QLatin1Char('{')) || words.contains(QLatin1Char('{')), qPrintable(e.message));
    const QChar last = e.message.back();
    QVERIFY2(last == QLatin1Char('.') || last == QLatin1Char('!') || last == QChar(0x2026), qPrintable(e.message));
    QCOMPARE(hintCategory(e.hint), hint);
}

void TstChatProtocol::errorMessageIsClipped()
{
    QByteArray long1;
    for (int i = 0; i < 300; ++i)
        long1 += "word" + QByteArray::number(i) + ' ';
    const ApiError e = squint::errorFromHttp(400, "text/plain", long1);
    QVERIFY2(e.serverMessage.size() <= 501, qPrintable(QString::number(e.serverMessage.size())));
    QVERIFY(e.serverMessage.size() > 400);
    QVERIFY(e.serverMessage.startsWith(QLatin1String("word0 word1 ")));
    QVERIFY(e.serverMessage.endsWith(QChar(0x2026)));
    QVERIFY(!e.serverMessage.contains(QLatin1String("word299")));
    QVERIFY(e.message.contains(e.serverMessage));
}

void TstChatProtocol::reasonPhraseAlone_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("reason");
    QTest::addColumn<QString>("message");
    QTest::newRow("standard phrase only") << 502 << QByteArray("Bad Gateway") << QStringLiteral("The server answered 502 Bad Gateway.");
    QTest::newRow("HTTP/2: no phrase") << 404 << QByteArray() << QStringLiteral("The server answered 404 Not Found.");
    QTest::newRow("nginx 413 phrase") << 413 << QByteArray("Request Entity Too Large")
                                      << QStringLiteral("The server answered 413 Payload Too Large.");
    QTest::newRow("custom phrase is the server's words")
        << 403 << QByteArray("Invalid access token.") << QStringLiteral("The server answered 403 Forbidden: Invalid access token.");
    QTest::newRow("unknown status with phrase") << 529 << QByteArray("Site Overloaded")
                                                << QStringLiteral("The server answered 529 Site Overloaded.");
    QTest::newRow("unknown status, nothing") << 520 << QByteArray() << QStringLiteral("The server answered 520.");
}

void TstChatProtocol::reasonPhraseAlone()
{
    QFETCH(int, status);
    QFETCH(QByteArray, reason);
    QFETCH(QString, message);
    QCOMPARE(squint::errorFromHttp(status, {}, {}, reason).message, message);
}

void TstChatProtocol::transportErrors_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("detail");
    QTest::addColumn<QString>("mustContain");
    QTest::newRow("network") << int(ApiError::Kind::Network) << QStringLiteral("Connection refused") << QStringLiteral("Connection refused");
    QTest::newRow("network, remote closed") << int(ApiError::Kind::Network)
                                            << QStringLiteral("Remote host closed the connection") << QStringLiteral("Fit to Model");
    QTest::newRow("timeout") << int(ApiError::Kind::Timeout) << QString() << QStringLiteral("in time");
    QTest::newRow("tls") << int(ApiError::Kind::Tls) << QStringLiteral("The certificate has expired.")
                         << QStringLiteral("The certificate has expired.");
    QTest::newRow("tls, no detail") << int(ApiError::Kind::Tls) << QString() << QStringLiteral("secure connection");
}

void TstChatProtocol::transportErrors()
{
    QFETCH(int, kind);
    QFETCH(QString, detail);
    QFETCH(QString, mustContain);
    const QString host = QStringLiteral("dbc-1234.cloud.databricks.com");
    const ApiError e = transportError(ApiError::Kind(kind), detail, host);
    QCOMPARE(int(e.kind), kind);
    QCOMPARE(e.status, 0);
    QVERIFY2(e.message.contains(host), qPrintable(e.message));
    QVERIFY2(QString(e.message + e.hint).contains(mustContain), qPrintable(e.message + QLatin1Char(' ') + e.hint));
    QVERIFY(!e.message.contains(QLatin1String("..")));
    QVERIFY(!e.hint.isEmpty());
    // Never a suggestion to turn certificate checks off.
    for (const char *w : {"ignore", "disable", "skip", "insecure"})
        QVERIFY2(!e.hint.contains(QLatin1String(w), Qt::CaseInsensitive), qPrintable(e.hint));
}

void TstChatProtocol::redact_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QByteArray>("secret");
    QTest::addColumn<QString>("expected");
    const QByteArray pat = "dapi0123456789abcdef0123456789abcdef";
    QTest::newRow("bare token") << QStringLiteral("token dapi0123456789abcdef0123456789abcdef is bad") << pat
                                << QStringLiteral("token [token hidden] is bad");
    QTest::newRow("Bearer header") << QStringLiteral("Authorization: Bearer dapi0123456789abcdef0123456789abcdef") << pat
                                   << QStringLiteral("Authorization: [token hidden]");
    QTest::newRow("bearer, other case and spaces") << QStringLiteral("bearer   dapi0123456789abcdef0123456789abcdef!") << pat
                                                   << QStringLiteral("[token hidden]!");
    QTest::newRow("several") << QStringLiteral("a dapi0123456789abcdef0123456789abcdef b dapi0123456789abcdef0123456789abcdef")
                             << pat << QStringLiteral("a [token hidden] b [token hidden]");
    QTest::newRow("absent") << QStringLiteral("nothing secret here") << pat << QStringLiteral("nothing secret here");
    QTest::newRow("empty secret") << QStringLiteral("Bearer x") << QByteArray() << QStringLiteral("Bearer x");
    QTest::newRow("regex characters are literal") << QStringLiteral("k a.b+c and aXb+c") << QByteArray("a.b+c")
                                                  << QStringLiteral("k [token hidden] and aXb+c");
}

void TstChatProtocol::redact()
{
    QFETCH(QString, text);
    QFETCH(QByteArray, secret);
    QFETCH(QString, expected);
    QCOMPARE(redactSecret(text, secret), expected);
}

void TstChatProtocol::classification_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<bool>("streaming");
    QTest::addColumn<bool>("streamOptions");
    QTest::addColumn<bool>("size");

    QTest::newRow("unknown field stream") << 400 << QByteArray("Bad request: json: unknown field \"stream\"") << true << false
                                          << false;
    QTest::newRow("unknown field stream_options")
        << 400 << QByteArray("Bad request: json: unknown field \"stream_options\"") << false << true << false;
    QTest::newRow("OpenAI stream_options without stream")
        << 400 << QByteArray(R"({"error":{"message":"The 'stream_options' parameter is only allowed when 'stream' is enabled.","type":"invalid_request_error","param":"stream_options","code":null}})")
        << false << true << false;
    QTest::newRow("pydantic extra field stream_options")
        << 422 << QByteArray(R"({"detail":[{"type":"extra_forbidden","loc":["body","stream_options"],"msg":"Extra inputs are not permitted","input":{"include_usage":true}}]})")
        << false << true << false;
    QTest::newRow("streaming not supported")
        << 400 << QByteArray(R"({"error_code":"BAD_REQUEST","message":"Streaming is not supported for this endpoint."})")
        << true << false << false;
    QTest::newRow("501 stream not implemented") << 501 << QByteArray("stream: not implemented") << true << false << false;
    QTest::newRow("upstream is not stream")
        << 400 << QByteArray(R"({"error_code":"BAD_REQUEST","message":"{\"error\":\"Upstream error: INVALID_ARGUMENT: bad image\"}"})")
        << false << false << false;
    QTest::newRow("500 about streaming is not a rejection") << 500 << QByteArray("stream not supported") << false << false
                                                            << false;
    QTest::newRow("413") << 413 << QByteArray() << false << false << true;
    QTest::newRow("400 too large") << 400 << QByteArray(R"({"error":{"type":"request_too_large","message":"Request exceeds the maximum size"}})")
                                   << false << false << true;
    QTest::newRow("400 context length")
        << 400 << QByteArray(R"({"error":{"message":"This model's maximum context length is 128000 tokens. However, your messages resulted in 131000 tokens. Please reduce the length of the messages.","type":"invalid_request_error","param":"messages","code":"context_length_exceeded"}})")
        << false << false << true;
    QTest::newRow("422 payload") << 422 << QByteArray("payload too large for this model") << false << false << true;
    QTest::newRow("400 max_tokens too large is a parameter")
        << 400 << QByteArray(R"({"error":{"message":"max_tokens is too large: 100000. This model supports at most 16384 completion tokens, whereas you provided 100000.","type":"invalid_request_error","param":"max_tokens","code":"invalid_value"}})")
        << false << false << false;
    QTest::newRow("429 exceeded is not size")
        << 429 << QByteArray(R"({"error_code":"REQUEST_LIMIT_EXCEEDED","message":"REQUEST_LIMIT_EXCEEDED: Exceeded workspace rate limit"})")
        << false << false << false;
    QTest::newRow("400 bad MIME type") << 400 << QByteArray(R"({"error":{"message":"Invalid MIME type. Only image types are supported.","type":"invalid_request_error","param":null,"code":"invalid_image_format"}})")
                                       << false << false << false;
}

void TstChatProtocol::classification()
{
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(bool, streaming);
    QFETCH(bool, streamOptions);
    QFETCH(bool, size);
    const ApiError e = squint::errorFromHttp(status, {}, body);
    QCOMPARE(rejectsStreaming(e), streaming);
    QCOMPARE(rejectsStreamOptions(e), streamOptions);
    QCOMPARE(isSizeError(e), size);
}

void TstChatProtocol::rejectedParameter_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("expected");
    // OpenAI's real 400 bodies (docs/protocol.md 1.2 and 3.1).
    QTest::newRow("max_tokens on a reasoning model")
        << 400 << QByteArray(R"({"error":{"message":"Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.","type":"invalid_request_error","param":"max_tokens","code":"unsupported_parameter"}})")
        << QStringLiteral("max_tokens");
    QTest::newRow("max_tokens, param null: the words name it")
        << 400 << QByteArray(R"({"error":{"message":"Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.","type":"invalid_request_error","param":null,"code":null}})")
        << QStringLiteral("max_tokens");
    QTest::newRow("temperature value")
        << 400 << QByteArray(R"({"error":{"message":"Unsupported value: 'temperature' does not support 0.2 with this model. Only the default (1) value is supported.","type":"invalid_request_error","param":"temperature","code":"unsupported_value"}})")
        << QStringLiteral("temperature");
    QTest::newRow("response_format not supported")
        << 400 << QByteArray(R"({"error":{"message":"Invalid parameter: 'response_format' of type 'json_schema' is not supported with this model.","type":"invalid_request_error","param":"response_format","code":null}})")
        << QStringLiteral("response_format");
    QTest::newRow("Databricks unknown field response_format")
        << 400 << QByteArray("Bad request: json: unknown field \"response_format\"") << QStringLiteral("response_format");
    QTest::newRow("max_tokens too large is not a rejection")
        << 400 << QByteArray(R"({"error":{"message":"max_tokens is too large: 100000. This model supports at most 16384 completion tokens, whereas you provided 100000.","type":"invalid_request_error","param":"max_tokens","code":"invalid_value"}})")
        << QString();
    QTest::newRow("a field not sent") << 400 << QByteArray(R"({"error":{"message":"Unsupported parameter: 'top_logprobs'","type":"invalid_request_error","param":"top_logprobs","code":"unsupported_parameter"}})")
                                      << QString();
    QTest::newRow("429 naming max_tokens") << 429 << QByteArray(R"({"error":{"message":"max_tokens not supported","param":"max_tokens"}})")
                                           << QString();
    QTest::newRow("bad MIME type") << 400 << QByteArray(R"({"error":{"message":"Invalid MIME type. Only image types are supported.","type":"invalid_request_error","param":null,"code":"invalid_image_format"}})")
                                   << QString();
}

void TstChatProtocol::rejectedParameter()
{
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(QString, expected);
    const ApiError e = squint::errorFromHttp(status, {}, body);
    const QStringList sent{QStringLiteral("max_tokens"), QStringLiteral("temperature"), QStringLiteral("response_format")};
    QCOMPARE(squint::rejectedParameter(e, sent), expected);
}

void TstChatProtocol::retry_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("retryAfter");
    QTest::addColumn<QByteArray>("retryAfterMs");
    QTest::addColumn<QByteArray>("shouldRetry");
    QTest::addColumn<int>("retries");
    QTest::addColumn<double>("random01");
    QTest::addColumn<int>("maxRetries");
    QTest::addColumn<bool>("retry");
    QTest::addColumn<int>("delayMs");
    QTest::addColumn<bool>("serverDirected");
    QTest::addColumn<QString>("reasonContains");

    const QByteArray none;
    // Status classes, default backoff 0.5 s * 2^n, no jitter.
    QTest::newRow("connection failure") << 0 << none << none << none << 0 << 0.0 << 2 << true << 500 << false << QString();
    for (int s : {408, 409, 429, 500, 502, 503, 504, 529})
        QTest::addRow("%d retried", s) << s << none << none << none << 0 << 0.0 << 2 << true << 500 << false << QString();
    for (int s : {400, 401, 403, 404, 413, 422})
        QTest::addRow("%d not retried, nothing to explain", s) << s << none << none << none << 0 << 0.0 << 2 << false << 0
                                                               << false << QString();
    QTest::newRow("second retry doubles") << 503 << none << none << none << 1 << 0.0 << 2 << true << 1000 << false << QString();
    QTest::newRow("backoff capped at 8 s") << 503 << none << none << none << 6 << 0.0 << 10 << true << 8000 << false << QString();
    // Jitter: up to 25 % shorter.
    QTest::newRow("jitter random 1") << 429 << none << none << none << 0 << 1.0 << 2 << true << 375 << false << QString();
    QTest::newRow("jitter random 1, second retry") << 429 << none << none << none << 1 << 1.0 << 2 << true << 750 << false
                                                   << QString();
    QTest::newRow("jitter random 0.5") << 429 << none << none << none << 0 << 0.5 << 2 << true << 438 << false << QString();
    // Server-directed delays.
    QTest::newRow("retry-after-ms 1500") << 429 << none << QByteArray("1500") << none << 0 << 0.7 << 2 << true << 1500
                                         << true << QString();
    QTest::newRow("retry-after-ms float") << 429 << none << QByteArray("1500.2") << none << 0 << 0.7 << 2 << true << 1501
                                          << true << QString();
    QTest::newRow("retry-after-ms wins over Retry-After") << 429 << QByteArray("30") << QByteArray("100") << none << 0 << 0.0
                                                          << 2 << true << 100 << true << QString();
    QTest::newRow("Retry-After 2") << 429 << QByteArray("2") << none << none << 0 << 0.7 << 2 << true << 2000 << true
                                   << QString();
    QTest::newRow("Retry-After 1.5") << 503 << QByteArray(" 1.5 ") << none << none << 0 << 0.7 << 2 << true << 1500 << true
                                     << QString();
    QTest::newRow("Retry-After 0") << 429 << QByteArray("0") << none << none << 0 << 0.7 << 2 << true << 0 << true
                                   << QString();
    QTest::newRow("Retry-After HTTP date") << 429 << QByteArray("Fri, 01 May 2026 12:00:03 GMT") << none << none << 0 << 0.7
                                           << 2 << true << 3000 << true << QString();
    QTest::newRow("Retry-After HTTP date in the past: backoff")
        << 429 << QByteArray("Fri, 01 May 2026 11:59:00 GMT") << none << none << 0 << 0.0 << 2 << true << 500 << false
        << QString();
    QTest::newRow("Retry-After garbage: backoff") << 429 << QByteArray("soon") << none << none << 0 << 0.0 << 2 << true
                                                  << 500 << false << QString();
    QTest::newRow("Retry-After 60 is the cap") << 429 << QByteArray("60") << none << none << 0 << 0.0 << 2 << true << 60000
                                               << true << QString();
    QTest::newRow("Retry-After 300 over the cap") << 429 << QByteArray("300") << none << none << 0 << 0.0 << 2 << false << 0
                                                  << false << QStringLiteral("wait 5 minute");
    QTest::newRow("HTTP date two hours ahead") << 503 << QByteArray("Fri, 01 May 2026 14:00:00 GMT") << none << none << 0
                                               << 0.0 << 2 << false << 0 << false << QStringLiteral("wait 2 hour");
    QTest::newRow("retry-after-ms over the cap") << 429 << none << QByteArray("90000") << none << 0 << 0.0 << 2 << false
                                                 << 0 << false << QStringLiteral("wait 90 second");
    // x-should-retry.
    QTest::newRow("x-should-retry false on 500") << 500 << none << none << QByteArray("false") << 0 << 0.0 << 2 << false
                                                 << 0 << false << QStringLiteral("The server says not to retry.");
    QTest::newRow("x-should-retry true on 400") << 400 << none << none << QByteArray("true") << 0 << 0.0 << 2 << true << 500
                                                << false << QString();
    QTest::newRow("x-should-retry TRUE, spaces") << 401 << none << none << QByteArray(" TRUE ") << 0 << 0.0 << 2 << true
                                                 << 500 << false << QString();
    QTest::newRow("x-should-retry true, but over the cap") << 400 << QByteArray("600") << none << QByteArray("true") << 0
                                                           << 0.0 << 2 << false << 0 << false << QStringLiteral("wait 10 minute");
    // Retries used up.
    QTest::newRow("maxRetries reached") << 503 << none << none << none << 2 << 0.0 << 2 << false << 0 << false
                                        << QStringLiteral("Gave up after 2 retr");
    QTest::newRow("maxRetries reached beats x-should-retry") << 503 << QByteArray("1") << none << QByteArray("true") << 2
                                                             << 0.0 << 2 << false << 0 << false << QStringLiteral("Gave up after 2 retr");
    QTest::newRow("x-should-retry false on 400: nothing to explain") << 400 << none << none << QByteArray("false") << 0 << 0.0
                                                                    << 2 << false << 0 << false << QString();
    QTest::newRow("Retry-After 300 on a 400: nothing to explain") << 400 << QByteArray("300") << none << none << 0 << 0.0
                                                                  << 2 << false << 0 << false << QString();
    QTest::newRow("retries off") << 503 << none << none << none << 0 << 0.0 << 0 << false << 0 << false
                                 << QStringLiteral("Automatic retries are off.");
}

void TstChatProtocol::retry()
{
    QFETCH(int, status);
    QFETCH(QByteArray, retryAfter);
    QFETCH(QByteArray, retryAfterMs);
    QFETCH(QByteArray, shouldRetry);
    QFETCH(int, retries);
    QFETCH(double, random01);
    QFETCH(int, maxRetries);
    QFETCH(bool, retry);
    QFETCH(int, delayMs);
    QFETCH(bool, serverDirected);
    QFETCH(QString, reasonContains);

    RetryPolicy policy;
    policy.maxRetries = maxRetries;
    const RetryDecision d = decideRetry(status, retryAfter, retryAfterMs, shouldRetry, retries, fixedNow(), random01, policy);
    QCOMPARE(d.retry, retry);
    QCOMPARE(d.delayMs, delayMs);
    QCOMPARE(d.serverDirected, serverDirected);
    if (reasonContains.isEmpty())
        QVERIFY2(d.reason.isEmpty(), qPrintable(d.reason));
    else
        QVERIFY2(d.reason.contains(reasonContains), qPrintable(d.reason));
}

void TstChatProtocol::tokenUsageValidity()
{
    TokenUsage u;
    QVERIFY(!u.isValid());
    u.reasoning = 5;
    QVERIFY(!u.isValid());
    u.completion = 0;
    QVERIFY(u.isValid());
    TokenUsage t;
    t.total = 12;
    QVERIFY(t.isValid());
}

namespace {

/// `piece` repeated to at least `n` bytes (whole pieces).
QByteArray repeated(const QByteArray &piece, qsizetype n)
{
    return piece.repeated(n / piece.size() + 1);
}

} // namespace

// A megabyte of markup that makes a backtracking parser take minutes (quadratic): each page gives
// its words, through errorFromHttp as a 502 from a proxy would. The old regular expressions took
// about 100 s for the first; a linear scan takes milliseconds, so these finish within the timeout.
void TstChatProtocol::hostileHtmlPages_data()
{
    QTest::addColumn<QByteArray>("page");
    QTest::addColumn<QString>("words");
    constexpr qsizetype MiB = 1 << 20;
    QTest::newRow("repeated <head>") << repeated("<head>", MiB) + "Service down" << u"Service down"_s;
    QTest::newRow("unclosed <script>") << repeated("<script>", MiB) + "Service down" << u"Service down"_s;
    QTest::newRow("nested <style>") << repeated("<style>", MiB) + "p{}</style>Service down" << u"Service down"_s;
    QTest::newRow("unclosed <pre>") << repeated("<pre>", MiB) + "<h1>Service down</h1>" << u"Service down"_s;
    QTest::newRow("unclosed <title>") << repeated("<title>x", MiB) + "<pre>Service down</pre>" << u"Service down"_s;
    QTest::newRow("unclosed comments") << repeated("<!--", MiB) + ">Service down" << u"Service down"_s;
    QTest::newRow("< without >") << "<html>" + repeated("< ", MiB) << QString();
}

void TstChatProtocol::hostileHtmlPages()
{
    QFETCH(QByteArray, page);
    QFETCH(QString, words);
    const ApiError e = squint::errorFromHttp(502, "text/html", page);
    QCOMPARE(e.status, 502);
    if (words.isEmpty()) {
        // Kept as text (no tag ends), clipped.
        QVERIFY2(e.serverMessage.startsWith(u"< < < <"_s), qPrintable(e.serverMessage.left(40)));
        QVERIFY(e.serverMessage.size() <= 501);
    } else {
        QCOMPARE(e.serverMessage, words);
    }
}

void TstChatProtocol::htmlErrorWordsParts_data()
{
    QTest::addColumn<QString>("html");
    QTest::addColumn<QString>("words");
    QTest::newRow("pre first") << u"<title>T</title><h1>H</h1><pre> Reason &amp; more </pre>"_s << u"Reason & more"_s;
    QTest::newRow("title in head") << u"<head><title>T &lt;1&gt;</title><style>x</style></head><h1>H</h1>"_s << u"T <1>"_s;
    QTest::newRow("h1") << u"<body><H1 class=x>Bad <b>Gateway</b></H1></body>"_s << u"Bad Gateway"_s;
    QTest::newRow("page text") << u"<head><meta x></head><script>var a='<p>no</p>';</script>"
                                  "<p>Down <!-- c --> now</p><style >s</style >"_s
                               << u"Down now"_s;
    QTest::newRow("unclosed head keeps text") << u"<head>words"_s << u"words"_s;
    QTest::newRow("script-like name") << u"<scripts>kept</scripts>"_s << u"kept"_s;
    QTest::newRow("close with spaces") << u"<script>x</script  >after"_s << u"after"_s;
}

void TstChatProtocol::htmlErrorWordsParts()
{
    QFETCH(QString, html);
    QFETCH(QString, words);
    QCOMPARE(squint::htmlErrorWords(html), words);
}

// A server that echoes a long token in every field of its error: nothing of it is left, not even
// the part before the 500-character clip of the server's words.
void TstChatProtocol::echoedLongTokenIsHidden()
{
    const QByteArray token = longFakeToken();
    const QByteArray body = R"({"error":{"message":"bad key )" + token + R"(","type":")" + token + R"(","param":")"
                            + token + R"(","code":")" + token + R"("}})";
    const ApiError e = squint::errorFromHttp(401, "application/json", body, QByteArray("Unauthorized " + token), token);
    for (const QString &field : {e.message, e.serverMessage, e.code, e.param, e.hint})
        QVERIFY2(leakedTokenPiece(field, token).isEmpty(), qPrintable(leakedTokenPiece(field, token)));
    QVERIFY(e.serverMessage.contains(u"[token hidden]"_s));

    // A type without a code: the type is the code.
    const QByteArray typed = R"({"error":{"message":"x","type":"Bearer )" + token + R"("}})";
    QVERIFY(leakedTokenPiece(squint::errorFromHttp(400, "application/json", typed, {}, token).code, token).isEmpty());

    SseEvent ev;
    ev.data = body;
    const StreamPiece piece = interpretStreamEvent(ev, token);
    QCOMPARE(piece.kind, StreamPiece::Kind::Error);
    for (const QString &field : {piece.error.message, piece.error.serverMessage, piece.error.code, piece.error.param})
        QVERIFY2(leakedTokenPiece(field, token).isEmpty(), qPrintable(leakedTokenPiece(field, token)));

    // Not JSON: the text shown is cut at 200 characters, after the token is hidden.
    ev.data = "oops " + token;
    const StreamPiece malformed = interpretStreamEvent(ev, token);
    QCOMPARE(malformed.kind, StreamPiece::Kind::Malformed);
    QVERIFY(leakedTokenPiece(malformed.error.serverMessage, token).isEmpty());

    const Completion c = parseCompletion(body, token);
    QVERIFY(!c.ok);
    for (const QString &field : {c.error.message, c.error.serverMessage, c.error.code, c.error.param})
        QVERIFY2(leakedTokenPiece(field, token).isEmpty(), qPrintable(leakedTokenPiece(field, token)));
}

QTEST_GUILESS_MAIN(TstChatProtocol)
#include "tst_chatprotocol.moc"
