#pragma once

// Pure functions about the chat-completions protocol (docs/protocol.md sections 2 to 5): what a
// stream event or a response body means, one clear error from any backend's error body or a
// transport failure, and whether and when to retry. No I/O, no event loop.

#include "core/chat/sse.h"

#include <QByteArrayView>
#include <QDateTime>
#include <QString>
#include <QStringList>

#include <optional>

namespace squint {

/// Token counts as the server reported them; -1 where it did not (total is prompt + completion when
/// the server gave those two but no total; reasoning from completion_tokens_details or Databricks'
/// usage.reasoning_tokens).
struct TokenUsage
{
    qint64 prompt = -1, completion = -1, total = -1, reasoning = -1;
    /// At least one of prompt, completion or total is known.
    bool isValid() const { return prompt >= 0 || completion >= 0 || total >= 0; }
};

struct ApiError
{
    enum class Kind {
        None,
        Network,  ///< no connection, or it broke (no HTTP status)
        Timeout,  ///< no answer in time
        Tls,      ///< the secure connection failed
        Http,     ///< a non-2xx status
        Stream,   ///< the server reported an error inside a 2xx response (mid-stream, or in a body)
        Protocol, ///< the response does not make sense (not JSON, no choices, malformed event)
        Canceled, ///< the user stopped it
    };
    Kind kind = Kind::None;
    int status = 0;            ///< HTTP status, 0 when none
    QString code;              ///< the server's code or type as text ("rate_limit_exceeded", "BAD_REQUEST", "403"...)
    QString param;             ///< the request field the server names, when it does (OpenAI's "param")
    QString serverMessage;     ///< the server's own words, trimmed, at most about 500 characters, HTML reduced to text
    QString message;           ///< one sentence for the user naming the status and the server's words
    QString hint;              ///< what to do about it, where something helps; may be empty
    bool isNull() const { return kind == Kind::None; }
};

/// The name of an error kind in the history file and in transcripts: "network", "timeout", "tls",
/// "http", "stream", "protocol", "canceled"; None is "none".
QString apiErrorKindName(ApiError::Kind kind);
/// The kind a name written by apiErrorKindName() stands for. None from "none" and from "" as well
/// (Squint 0.2 wrote no kind for None in the history file, "none" in transcripts); nullopt for a
/// name it does not know (one from a newer Squint: the caller decides).
std::optional<ApiError::Kind> apiErrorKindFromName(QStringView name);

/// What one SSE event of a chat-completions stream means.
struct StreamPiece
{
    enum class Kind { Delta, Done, Error, Ignored, Malformed };
    Kind kind = Kind::Ignored;
    QString content;      ///< delta.content, or the concatenated text items when content is an array
    QString reasoning;    ///< delta.reasoning / reasoning_content / summary_text items, if any
    QString finishReason; ///< "stop", "length", ... when present
    QString model;        ///< the chunk's "model", if present
    std::optional<TokenUsage> usage; ///< when a non-null usage object is present
    ApiError error;       ///< Error: kind Stream, the server's words; Malformed: kind Protocol
};

/// Data exactly "[DONE]": Done ("[DONE] extra" is Malformed, as in openai-node v7). Empty data
/// (e.g. event: ping): Ignored. Invalid JSON or a non-object: Malformed. {"error":...} in any
/// event, or event: error: Error. Otherwise a chunk: Delta (possibly with nothing in it).
/// Every string the server gave (message, code, param, type, a malformed event's text) has `secret`
/// hidden (redactSecret) before it is clipped; the same holds for parseCompletion and errorFromHttp.
StreamPiece interpretStreamEvent(const SseEvent &event, QByteArrayView secret = {});

/// A whole non-streaming chat.completion body (also what a backend returns when it ignores stream:true).
struct Completion
{
    bool ok = false;
    QString content;
    QString reasoning;
    QString finishReason;
    QString model;
    TokenUsage usage;
    ApiError error; ///< when !ok: kind Stream for an error body, Protocol for anything else
};
/// message.content as a string or as an array of {type:text} / {type:reasoning, summary:[...]} parts.
Completion parseCompletion(QByteArrayView body, QByteArrayView secret = {});

/// One clear error from an HTTP error response, whatever the backend: OpenAI, llama.cpp, vLLM (new,
/// old flat and {"error":"Unauthorized"}), Databricks (error_code string or number, JSON inside
/// message, external_model_message), plain text, HTML, or an empty body (the reason phrase is used).
ApiError errorFromHttp(int status, QByteArrayView contentType, QByteArrayView body, QByteArrayView reasonPhrase = {},
                       QByteArrayView secret = {});

/// The words of an HTML error page: the first closed <pre>'s text (Jetty puts the reason there),
/// else the <title>'s, else the first <h1>'s, else the page's text without <script>, <style>,
/// <head> and comments; entities decoded, whitespace collapsed. One pass over the page, in time
/// linear in its size and memory bounded whatever the markup (unclosed or repeated tags).
QString htmlErrorWords(QStringView html);

/// Wording for transport failures (no HTTP status): kind Network, Timeout or Tls (Canceled also
/// accepted); `detail` is e.g. QNetworkReply::errorString(). Never suggests ignoring TLS errors.
ApiError transportError(ApiError::Kind kind, const QString &detail, const QString &host);

/// Replaces every occurrence of `secret`, and of "Bearer <secret>", in `text` by "[token hidden]".
/// An empty secret leaves the text unchanged.
QString redactSecret(QString text, QByteArrayView secret);
/// redactSecret() on every text field of `e` (message, serverMessage, hint, code, param).
void redactError(ApiError &e, QByteArrayView secret);

/// The backend cannot stream, or rejects the field "stream" (400/422/501 saying so).
bool rejectsStreaming(const ApiError &e);
/// The backend rejects stream_options / include_usage (400/422 saying so).
bool rejectsStreamOptions(const ApiError &e);
/// The request field, among `sent`, that a 400/422 says the model or server does not take: OpenAI's
/// `param` with code unsupported_parameter / unsupported_value (or words saying so), else the first
/// name of `sent` that the server's words name next to "unsupported", "not supported", "unknown
/// field", "unrecognized"... ("Unsupported parameter: 'max_tokens' is not supported with this model.",
/// Databricks' `json: unknown field "response_format"`). Empty when none; a value the model merely
/// finds too large ("max_tokens is too large") is not a rejection of the field.
QString rejectedParameter(const ApiError &e, const QStringList &sent);
/// 413, or a 400/422 (or a mid-stream error) whose words are about size ("too large", "exceeds",
/// "payload", "context length"...), but not complaints about max_tokens.
bool isSizeError(const ApiError &e);

struct RetryPolicy
{
    int maxRetries = 2;
    int maxServerDelayMs = 60000;
    double baseDelayS = 0.5;
    double maxBackoffS = 8.0;
};

struct RetryDecision
{
    bool retry = false;
    int delayMs = 0;
    bool serverDirected = false; ///< the delay is the server's (Retry-After or retry-after-ms)
    /// When a retryable failure is not retried, why, as a sentence: "The server asks to wait 5 minutes
    /// before trying again.", "Gave up after 2 retries.", "The server says not to retry." Empty for
    /// errors that retrying does not fix (400, 401, ...) and whenever retry is true.
    QString reason;
};

/// Whether to retry a failed attempt, and after how long (the SDKs' rules, docs/protocol.md 3.4).
/// status 0 means a connection failure or timeout (retried). Retries 408, 409, 429 and >= 500 unless
/// x-should-retry: false; x-should-retry: true forces a retry. Delay: retry-after-ms (float ms), else
/// Retry-After as float seconds, else as an HTTP date minus `now`; a server delay within
/// [0, maxServerDelayMs] is honoured, one above it means no automatic retry (the reason says how
/// long the server asked for); otherwise min(base * 2^retriesSoFar, maxBackoff) * (1 - random01 / 4).
/// No retry once retriesSoFar >= maxRetries.
RetryDecision decideRetry(int status, QByteArrayView retryAfter, QByteArrayView retryAfterMs,
                          QByteArrayView shouldRetry, int retriesSoFar, const QDateTime &now, double random01,
                          const RetryPolicy &policy = {});

} // namespace squint
