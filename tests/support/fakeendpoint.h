// FakeChatEndpoint: a loopback chat-completions endpoint for tests, built on FakeHttpServer. It imitates
// one backend (OpenAI, an OpenAI reasoning model, Databricks Model Serving, Ollama, llama.cpp server,
// vLLM) and validates every chat request as strictly as docs/protocol.md section 7 asks (see
// validateChatRequest below). Every fact comes from docs/protocol.md; where that file
// marks something [infer] or leaves it open, the choice made here is noted next to it.
//
// Routes
//   OpenAI-like   POST /v1/chat/completions, GET /v1/models                 baseUrl() = http://127.0.0.1:PORT/v1
//   Databricks    POST /serving-endpoints/chat/completions ("model" = endpoint name),
//                 POST /serving-endpoints/{name}/invocations (one per listed endpoint, "model" optional),
//                 GET  /api/2.0/serving-endpoints                          baseUrl() = http://127.0.0.1:PORT (the host)
//
// Each chat request is recorded, then validated. An invalid one is answered with the backend's error
// (400, or 401/403 for the token, 404 for an unknown model when asked for, 405, 413 for the size) and
// its problem is kept in validationProblems(); it does NOT consume a fault. A valid one is answered by
// the next queued fault, if any, else by the default: an event stream when the body says
// "stream": true, one chat.completion JSON otherwise.
//
// Default answers
//   "stream": true -> 200 text/event-stream, one `data: {json}\n\n` event per HTTP chunk, ending with
//   `data: [DONE]\n\n`: a role chunk, one content chunk per setCharsPerChunk() characters, a finish chunk
//   (delta {}, finish_reason "stop"), then a usage chunk with "choices": [] when usage was asked for.
//     OpenAI      "obfuscation" on every chunk; "usage": null on every chunk when include_usage, else no key
//     Databricks  usage on the finish chunk, never a usage chunk ([infer]: docs/protocol.md 4.6 leaves it open)
//     Ollama      the role on every delta (no separate role chunk), "usage" omitted from normal chunks
//     llama.cpp   role chunk with "content": null, "timings" on the finish chunk
//     vLLM        no null anywhere (exclude_none); usage once stream_options is present (include_usage
//                 defaults to true), on every chunk with continuous_usage_stats
//   otherwise -> 200 application/json chat.completion in the backend's shape.
//   usage: prompt_tokens 10 + 85 per image, completion_tokens one per content chunk (setUsage overrides).
//
// Faults (Fault::Kind), one-shot, used in order by the next valid chat requests:
//   Status answers (the body in the backend's error shape unless said otherwise)
//     RateLimited           429 with Retry-After: 2
//     RateLimitedMs         429 with retry-after-ms: 1500 (no Retry-After)
//     RateLimitedHttpDate   429 with Retry-After: <IMF-fixdate `ms`/1000 s from now, default 2 s>
//     RateLimitedLong       429 with Retry-After: 300 (over every SDK's cap)
//     ServerError           500 JSON
//     Unavailable           503 JSON
//     ServerErrorNoRetry    500 JSON with x-should-retry: false
//     BadGatewayHtml        502 text/html from an nginx proxy
//     PayloadTooLargeHtml   413 text/html (Cloudflare's page)
//     Unauthorized          401 (Databricks: numeric error_code 401; vLLM: {"error":"Unauthorized"})
//     Forbidden             403 (Databricks: numeric error_code 403 + X-Databricks-Reason-Phrase)
//     StreamNotSupported    400 {"error":{..."param":"stream","code":"unsupported_parameter"}} (OpenAI shape)
//     StreamOptionsUnknown  400 text/plain `Bad request: json: unknown field "stream_options"` (Databricks)
//   Connection
//     ResetDuringUpload     the connection closes without a byte of answer. FakeHttpServer reads the whole
//                           body first, so the close comes after the upload, not during it. Qt resends
//                           such a request once by itself: use .repeated(2) to make a Qt client fail.
//     StallBeforeHead       nothing for `ms`, then the normal answer
//   Streams (always an event stream, whatever the request asked; `events` counts SSE events, the
//   first being the role chunk)
//     DropMidStream         `events` events, then the connection closes (no terminating HTTP chunk)
//     StallMidStream        `events` events, a pause of `ms`, then the rest
//     ByteSplit             every byte of the stream in its own HTTP chunk (splits UTF-8 and CR/LF)
//     CrlfFraming           lines end with \r\n
//     CrFraming             lines end with \r
//     KeepAlives            `: keep-alive` comments and `event: ping` (no data) around the events
//     MultiLineData         each JSON payload spread over several `data:` lines (split at top-level commas)
//     ErrorThenDone         `events` events, data: {"error":{...}}, data: [DONE] (vLLM)
//     ErrorNoDone           `events` events, data: {"error":{...}}, end of stream (llama.cpp)
//     LegacyErrorLine       `events` events, `error: {...}` (old llama.cpp), end of stream
//     NoDone                the whole stream without data: [DONE]
//     DoneThenGarbage       data: [DONE], then `data: garbage after [DONE]` and a non-SSE line
//   Answer variants (stream or JSON as the request asks)
//     FinishLength          finish_reason "length"
//     ContentArray          content as arrays of {"type":"reasoning","summary":[...]} / {"type":"text",...}
//                           items (Databricks reasoning models); the text items concatenate to the answer
//     JsonForStream         200 application/json chat.completion even to "stream": true
//   Scripted                `response` exactly as given (Fault::scripted)
#pragma once

#include "fakehttpserver.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <functional>

namespace squint::test {

enum class Backend { OpenAI, OpenAIReasoning, Databricks, Ollama, LlamaCpp, VLLM };

/// "openai", "openai-reasoning", "databricks", "ollama", "llamacpp", "vllm" (for test row names).
QString backendName(Backend backend);

struct ValidationResult
{
    bool ok = true;
    QString problem;  ///< what is wrong, starting with the JSON path when there is one: "messages[0].content: ..."
    int status = 200; ///< what the backend answers: 400, 401, 403, 404, 405 or 413
    QByteArray param; ///< the offending field for OpenAI-shaped errors ("max_tokens"), or empty
    QByteArray code;  ///< OpenAI-style error code ("invalid_api_key", "unsupported_parameter"), or empty
    QString message;  ///< the backend's own wording for the error body where known; empty: use `problem`
};

struct ValidationOptions
{
    /// Required as exactly "Authorization: Bearer <token>"; empty: no check. Ollama never checks
    /// (it ignores the header). Missing -> 401; wrong -> 401, Databricks 403.
    QByteArray token;
    /// Cap on the body (413). -1: defaultMaxBodyBytes(backend); 0: none.
    qint64 maxBodyBytes = -1;
    /// Cap on one image's decoded bytes (400). -1: the backend's (OpenAI 20 MB, others none); 0: none.
    qint64 maxImageBytes = -1;
    /// Cap on the decoded bytes of all images (400). -1: the backend's (OpenAI 50 MB, others none); 0: none.
    qint64 maxTotalImageBytes = -1;
    /// Not empty: "model" must be one of these (404 otherwise).
    QStringList knownModels;
    /// Databricks /serving-endpoints/{name}/invocations: the endpoint comes from the path, so "model"
    /// may be left out (and must be this name when present).
    QString impliedModel;
    /// The model has no structured output: a "response_format" is answered with OpenAI's 400
    /// ("Invalid parameter: 'response_format' of type 'json_schema' is not supported with this model.",
    /// param "response_format"; Databricks: `Bad request: json: unknown field "response_format"`).
    bool rejectResponseFormat = false;
};

/// Databricks: 4,000,000 (foundation-model endpoints' 4 MB, read as decimal to be strict); others: 0 (none).
qint64 defaultMaxBodyBytes(Backend backend);

/// Pure strict validation of a chat request (docs/protocol.md section 7 items 1-8), in this order:
///  - method POST (405);
///  - body size against the cap (413);
///  - Authorization: Bearer <token> when a token is set (401/403; Ollama ignores it);
///  - Content-Type application/json (parameters such as charset allowed); body a JSON object;
///  - OpenAI(+reasoning): no unknown top-level field ("Unrecognized request argument supplied");
///  - model: a non-empty string; Databricks: an endpoint name ([A-Za-z0-9_-], at most 63 characters);
///    one of knownModels when given (404);
///  - messages: a non-empty array of objects with role system|developer|user|assistant|tool;
///    user content a string or a non-empty array of text/image_url parts; system/developer/tool content
///    a string or text parts only; assistant content a string, text parts, or null with tool_calls;
///    tool messages need tool_call_id;
///  - text parts: "text" a string; image_url parts: "image_url" an OBJECT with a string "url" and an
///    optional "detail" in auto|low|high;
///  - url: http(s) accepted except by Ollama; otherwise a data URL
///    ^data:image/(png|jpeg|webp|gif);base64,[A-Za-z0-9+/]+={0,2}$ whose base64 has a length that is a
///    multiple of 4, decodes, and starts with the magic number of its MIME type (PNG 89 50 4E 47, JPEG
///    FF D8 FF, WEBP RIFF....WEBP, GIF GIF8). Ollama: no gif. llama.cpp: any data:image/<subtype>;base64,
///    (magic checked for the known subtypes and bmp);
///  - per-image and total decoded image caps (OpenAI 20 MB / 50 MB, 400);
///  - temperature a number 0..2 (or null); OpenAI reasoning: only 1; top_p 0..1;
///    max_tokens / max_completion_tokens positive integers; OpenAI reasoning rejects max_tokens
///    (Ollama ignores max_completion_tokens: accepted, not an error); n: OpenAI 1..128, Databricks 1..5,
///    llama.cpp 1;
///  - response_format (OpenAI): type text|json_object|json_schema; json_schema needs a name of
///    [A-Za-z0-9_-]{1,64} and a schema object; with strict true the schema's additionalProperties must
///    be false and its required list every property (OpenAI's "Invalid schema for response_format" 400);
///    OpenAI reasoning models also refuse top_p;
///  - stream a boolean; stream_options an object, only with "stream": true; include_usage a boolean.
ValidationResult validateChatRequest(Backend backend, const RecordedRequest &request, const ValidationOptions &options);
/// Shorthand: only the token and the body cap (-1: the backend's default; 0: none).
ValidationResult validateChatRequest(Backend backend, const RecordedRequest &request,
                                     const QByteArray &expectedToken, qint64 maxBodyBytes = -1);

/// The backend's error answer for `status`:
///   OpenAI/OpenAIReasoning {"error":{"message","type","param","code"}} (413: Cloudflare's HTML page);
///   Databricks {"error_code":"BAD_REQUEST"|...,"message"} (401/403 with a numeric error_code);
///   Ollama {"error":{"message","type","param":null,"code":null}};
///   llama.cpp {"error":{"code":<int>,"message","type"}};
///   vLLM {"error":{"message","type","param":null,"code":<int>}}, 401 {"error":"Unauthorized"}.
/// `param` / `code` fill the OpenAI fields (null when empty).
Response errorResponse(Backend backend, int status, const QString &message, const QByteArray &param = {},
                       const QByteArray &code = {});

/// A long made-up token (`size` characters from "sk-"), no 16-character window of it repeated
/// elsewhere in it: what a hostile server echoes back in tests of redaction.
inline QByteArray longFakeToken(qsizetype size = 800)
{
    QByteArray t = "sk-";
    quint32 x = 12345;
    while (t.size() < size) {
        x = x * 1103515245u + 12345u;
        t += "abcdefghijklmnopqrstuvwxyz0123456789"[(x >> 16) % 36];
    }
    return t;
}

/// Where a 16-character piece of `token` shows in `text` ("at N"), or empty: a piece that long,
/// a clipped prefix for one, is still worth stealing. Never the piece itself (tests print it).
inline QString leakedTokenPiece(const QString &text, const QByteArray &token)
{
    for (qsizetype i = 0; i + 16 <= token.size(); ++i) {
        if (text.contains(QLatin1StringView(token.mid(i, 16))))
            return QStringLiteral("a piece of the token at %1").arg(i);
    }
    return {};
}

struct Fault
{
    enum class Kind {
        RateLimited, RateLimitedMs, RateLimitedHttpDate, RateLimitedLong,
        ServerError, Unavailable, ServerErrorNoRetry, BadGatewayHtml, PayloadTooLargeHtml,
        Unauthorized, Forbidden, StreamNotSupported, StreamOptionsUnknown,
        ResetDuringUpload, StallBeforeHead,
        DropMidStream, StallMidStream, ByteSplit, CrlfFraming, CrFraming, KeepAlives, MultiLineData,
        ErrorThenDone, ErrorNoDone, LegacyErrorLine, NoDone, DoneThenGarbage,
        FinishLength, ContentArray, JsonForStream,
        Scripted,
    };

    Fault(Kind k) : kind(k) {} // NOLINT(google-explicit-constructor): enqueueFault(Fault::Kind::NoDone) reads well

    Kind kind;
    int events = 2; ///< DropMidStream, StallMidStream, ErrorThenDone, ErrorNoDone, LegacyErrorLine
    int ms = 0;     ///< StallBeforeHead, StallMidStream: the pause; RateLimitedHttpDate: time to the date (0: 2000)
    Response response; ///< Scripted
    /// Consecutive requests this fault answers. Note: QNetworkAccessManager (Qt 6.4) silently sends a
    /// request again, once, when the connection closes before any byte of answer; so a
    /// ResetDuringUpload reaches a Qt client as an error only with times >= 2.
    int times = 1;

    /// This fault for `n` consecutive requests: enqueueFault(Fault(Fault::Kind::ResetDuringUpload).repeated(2)).
    Fault &repeated(int n)
    {
        times = n;
        return *this;
    }

    static Fault dropAfterEvents(int events);
    static Fault stallBeforeHead(int ms);
    static Fault stallMidStream(int afterEvents, int ms);
    static Fault errorAfterEvents(Kind kind, int events); ///< ErrorThenDone, ErrorNoDone or LegacyErrorLine
    static Fault scripted(const Response &response);
};

/// Name of a fault kind ("RateLimited", ...), for test row names and messages.
QString faultName(Fault::Kind kind);

class FakeChatEndpoint final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FakeChatEndpoint)

public:
    explicit FakeChatEndpoint(Backend backend, QObject *parent = nullptr);
    ~FakeChatEndpoint() override;

    Backend backend() const { return m_backend; }
    FakeHttpServer &server() { return *m_server; }

    /// OpenAI-like: http://127.0.0.1:PORT/v1 ; Databricks: http://127.0.0.1:PORT (the workspace host).
    QUrl baseUrl() const;
    /// .../v1/chat/completions ; Databricks .../serving-endpoints/chat/completions
    QUrl chatUrl() const;
    /// Databricks .../serving-endpoints/{name}/invocations
    QUrl invocationsUrl(const QString &endpointName) const;
    /// .../v1/models ; Databricks .../api/2.0/serving-endpoints
    QUrl modelsUrl() const;

    /// Requests (chat and list) must carry Authorization: Bearer <token>; empty (default): no check.
    void setToken(const QByteArray &token);
    /// Body cap; -1 (default): defaultMaxBodyBytes(backend); 0: none.
    void setMaxBodyBytes(qint64 bytes);
    /// Oversize requests get their connection closed without an answer (Databricks' "abrupt TLS
    /// termination") instead of a 413. Off by default.
    void setDropOversize(bool drop);
    /// Answer 404 in the backend's shape to a model that is not in the list (models / serving endpoints).
    void setRejectUnknownModels(bool reject);
    /// Refuse "response_format" (ValidationOptions::rejectResponseFormat). Off by default.
    void setRejectResponseFormat(bool reject) { m_rejectResponseFormat = reject; }

    /// The assistant's answer (default: a short sentence with non-ASCII characters).
    void setAnswer(const QString &text);
    QString answer() const { return m_answer; }
    /// Answers derived from each request (e.g. from its prompt or image count); unset (default): answer().
    /// Called with the request body (a valid request) for default answers and answer-variant faults.
    void setAnswerProvider(std::function<QString(const QJsonObject &body)> provider);
    /// A valid request answered without a fault waits this long before its head is sent (default 0):
    /// the latency of a real server. Faults keep their own timing.
    void setAnswerDelayMs(int ms);
    /// Characters of the answer per content event (default 4; at least 1).
    void setCharsPerChunk(int chars);
    /// Pause before each stream event after the first (default 0).
    void setChunkDelayMs(int ms);
    /// prompt_tokens / completion_tokens reported in usage (default 0: 10 + 85 per image / one per event).
    void setUsage(int promptTokens, int completionTokens);

    /// Model ids of GET /v1/models (defaults per backend). Ollama with none: "data": null.
    void setModels(const QStringList &ids);
    QStringList models() const { return m_models; }
    /// Databricks: the "endpoints" of GET /api/2.0/serving-endpoints (default: exampleServingEndpoints());
    /// empty: the body is {}. Each endpoint also gets an .../invocations route.
    void setServingEndpoints(const QJsonArray &endpoints);
    /// The list of docs/protocol.md 4.3: a READY chat foundation model, a READY external chat
    /// model, an embeddings endpoint and a NOT_READY custom model.
    static QJsonArray exampleServingEndpoints();

    /// Queues `fault` for the next fault.times valid chat requests.
    void enqueueFault(const Fault &fault);
    /// Shorthand for enqueueFault(Fault::scripted(response)).
    void enqueueResponse(const Response &response);
    /// Valid chat requests that will still get a queued fault (a fault with times = n counts n).
    qsizetype pendingFaults() const { return m_faults.size(); }

    /// Every request to a chat path (valid or not), in order.
    QList<RecordedRequest> chatRequests() const { return m_chatRequests; }
    /// Their bodies parsed (an empty object when not a JSON object), one per chat request.
    QList<QJsonObject> requestBodies() const { return m_bodies; }
    /// Problems of the rejected chat requests, in order.
    QStringList validationProblems() const { return m_problems; }
    /// Whether chat requests are kept for chatRequests(), requestBodies() and FakeHttpServer::requests()
    /// (default true). Off for long runs (benchmarks): memory then stays flat.
    void setRecordRequests(bool record);
    /// Forgets recorded requests, problems and queued faults (settings stay).
    void clear();

Q_SIGNALS:
    /// A chat request was read and validated (`ok` false: it was rejected).
    void chatRequestHandled(bool ok);

private:
    Response handleChat(const RecordedRequest &request, const QString &impliedModel);
    Response handleList(const RecordedRequest &request);
    Response answerWith(const QJsonObject &body, const Fault *fault);
    void routeInvocations();
    QStringList knownModels() const;

    Backend m_backend;
    FakeHttpServer *m_server;
    QByteArray m_token;
    qint64 m_maxBodyBytes = -1;
    bool m_dropOversize = false;
    bool m_rejectUnknownModels = false;
    bool m_rejectResponseFormat = false;
    QString m_answer;
    std::function<QString(const QJsonObject &)> m_answerProvider;
    int m_answerDelayMs = 0;
    bool m_record = true;
    int m_charsPerChunk = 4;
    int m_chunkDelayMs = 0;
    int m_promptTokens = 0;
    int m_completionTokens = 0;
    QStringList m_models;
    QJsonArray m_endpoints;
    QStringList m_invocationRoutes;
    QList<Fault> m_faults;
    QList<RecordedRequest> m_chatRequests;
    QList<QJsonObject> m_bodies;
    QStringList m_problems;
    int m_serial = 0;
};

/// The text of a chat request's last message: its text part, or its content when that is a string.
QString lastPromptText(const QJsonObject &body);
/// What the batch tests put between < and > in their prompt template ("Describe <{filename}>"):
/// the file a request asks about.
QString bracketedName(const QJsonObject &body);

} // namespace squint::test
