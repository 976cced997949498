#include "fakeendpoint.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonValue>
#include <QLocale>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSet>

#include <cmath>
#include <optional>

namespace squint::test {

using namespace Qt::StringLiterals;

namespace {

// ---- small helpers ---------------------------------------------------------------------------------

std::pair<QByteArray, QByteArray> hdr(const QByteArray &name, const QByteArray &value)
{
    return {name, value};
}

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

bool isOpenAI(Backend b)
{
    return b == Backend::OpenAI || b == Backend::OpenAIReasoning;
}

QString jsonTypeName(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::Null: return u"null"_s;
    case QJsonValue::Bool: return u"a boolean"_s;
    case QJsonValue::Double: {
        const double d = v.toDouble();
        return std::floor(d) == d ? u"an integer"_s : u"a decimal"_s;
    }
    case QJsonValue::String: return u"a string"_s;
    case QJsonValue::Array: return u"an array"_s;
    case QJsonValue::Object: return u"an object"_s;
    case QJsonValue::Undefined: break;
    }
    return u"nothing"_s;
}

bool isInteger(const QJsonValue &v)
{
    if (!v.isDouble())
        return false;
    const double d = v.toDouble();
    return std::isfinite(d) && std::floor(d) == d;
}

ValidationResult fail(int status, const QString &problem, const QString &message = {}, const QByteArray &param = {},
                      const QByteArray &code = {})
{
    ValidationResult r;
    r.ok = false;
    r.status = status;
    r.problem = problem;
    r.message = message;
    r.param = param;
    r.code = code;
    return r;
}

/// OpenAI's "Invalid type for 'x': expected ..., but got ... instead." for `path`.
ValidationResult wrongType(const QString &path, const QString &expected, const QJsonValue &got)
{
    const QString text = u"Invalid type for '%1': expected %2, but got %3 instead."_s.arg(path, expected, jsonTypeName(got));
    return fail(400, path + u": expected "_s + expected + u", got "_s + jsonTypeName(got), text, path.toUtf8(),
                QByteArrayLiteral("invalid_type"));
}

ValidationResult invalidValue(const QString &path, const QString &why, const QByteArray &code = QByteArrayLiteral("invalid_value"))
{
    return fail(400, path + u": "_s + why, u"Invalid value for '%1': %2"_s.arg(path, why), path.toUtf8(), code);
}

ValidationResult missing(const QString &path)
{
    return fail(400, path + u": missing"_s, u"Missing required parameter: '%1'."_s.arg(path), path.toUtf8(),
                QByteArrayLiteral("missing_required_parameter"));
}

// ---- authorization ---------------------------------------------------------------------------------

QString maskedKey(const QByteArray &sent)
{
    const QString key = QString::fromLatin1(sent);
    if (key.size() <= 8)
        return u"***"_s;
    return key.left(3) + QString(key.size() - 7, u'*') + key.right(4);
}

ValidationResult checkAuth(Backend backend, const RecordedRequest &request, const QByteArray &token)
{
    if (token.isEmpty()
        || backend == Backend::Ollama) // Ollama ignores the header (docs/protocol.md 5.1)
        return {};
    const QByteArray header = request.header("Authorization");
    if (header == "Bearer " + token)
        return {};
    const bool bearer = header.startsWith("Bearer ") && header.size() > 7;
    const QByteArray sent = bearer ? header.mid(7) : QByteArray();
    const QString problem = header.isEmpty() ? u"Authorization: missing"_s
        : bearer                             ? u"Authorization: wrong token"_s
                                             : u"Authorization: not \"Bearer <token>\""_s;
    switch (backend) {
    case Backend::OpenAI:
    case Backend::OpenAIReasoning:
        if (!bearer)
            return fail(401, problem,
                        u"You didn't provide an API key. You need to provide your API key in an Authorization header "
                        "using Bearer auth (i.e. Authorization: Bearer YOUR_KEY), or as the password field (with blank "
                        "username) if you're accessing the API from your browser and are prompted for a username. You "
                        "can obtain an API key from https://platform.openai.com/account/api-keys."_s);
        return fail(401, problem,
                    u"Incorrect API key provided: %1. You can find your API key at "
                    "https://platform.openai.com/account/api-keys."_s.arg(maskedKey(sent)),
                    {}, QByteArrayLiteral("invalid_api_key"));
    case Backend::Databricks:
        if (!bearer)
            return fail(401, problem, u"Credential was not sent or was of an unsupported type for this API."_s);
        return fail(403, problem, u"Invalid access token."_s);
    case Backend::LlamaCpp:
        return fail(401, problem, u"Invalid API Key"_s);
    case Backend::VLLM:
        return fail(401, problem, u"Unauthorized"_s);
    case Backend::Ollama:
        break;
    }
    return {};
}

// ---- images ----------------------------------------------------------------------------------------

bool base64Char(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
}

/// Strict base64 (alphabet, padding only at the end, length a multiple of 4, decodable).
std::optional<QByteArray> strictBase64(QStringView payload, QString *why)
{
    if (payload.isEmpty()) {
        *why = u"empty base64 payload"_s;
        return std::nullopt;
    }
    qsizetype end = payload.size();
    int padding = 0;
    while (end > 0 && payload.at(end - 1) == u'=' && padding < 3) {
        --end;
        ++padding;
    }
    if (padding > 2 || end == 0) {
        *why = u"base64 payload is only padding or has more than two '='"_s;
        return std::nullopt;
    }
    for (qsizetype i = 0; i < end; ++i) {
        const QChar c = payload.at(i);
        if (c.unicode() > 0x7f || !base64Char(char(c.unicode()))) {
            *why = u"character %1 at offset %2 is not base64"_s.arg(
                c == u'\n' ? u"\\n"_s : c == u'\r' ? u"\\r"_s : QString(c), QString::number(i));
            return std::nullopt;
        }
    }
    if (payload.size() % 4 != 0) {
        *why = u"base64 length %1 is not a multiple of 4 (padding missing?)"_s.arg(payload.size());
        return std::nullopt;
    }
    auto result = QByteArray::fromBase64Encoding(payload.toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
    if (!result) {
        *why = u"base64 payload does not decode"_s;
        return std::nullopt;
    }
    return std::move(result.decoded);
}

/// Whether `bytes` start with the magic number of image/<subtype>; nullopt when the subtype has none known.
std::optional<bool> magicMatches(const QString &subtype, const QByteArray &bytes)
{
    if (subtype == u"png")
        return bytes.startsWith("\x89PNG");
    if (subtype == u"jpeg" || subtype == u"jpg")
        return bytes.startsWith("\xFF\xD8\xFF");
    if (subtype == u"webp")
        return bytes.size() >= 12 && bytes.startsWith("RIFF") && bytes.mid(8, 4) == "WEBP";
    if (subtype == u"gif")
        return bytes.startsWith("GIF8");
    if (subtype == u"bmp")
        return bytes.startsWith("BM");
    return std::nullopt;
}

/// Checks one image_url.url; adds its decoded size to *decoded (data URLs only).
ValidationResult checkImageUrl(Backend backend, const QString &url, const QString &path, qint64 *decoded)
{
    if (url.startsWith(u"http://") || url.startsWith(u"https://")) {
        if (backend == Backend::Ollama)
            return fail(400, path + u": http(s) image URLs are rejected by Ollama"_s,
                        u"image URLs are not currently supported, please use base64 encoded data instead"_s);
        return {}; // the real servers download it (OpenAI, vLLM, llama.cpp); nothing is fetched here
    }
    if (!url.startsWith(u"data:"))
        return fail(400, path + u": neither an http(s) URL nor a data URL: "_s + url.left(40),
                    backend == Backend::Ollama ? u"invalid image input"_s : QString(), path.toUtf8(),
                    QByteArrayLiteral("invalid_image_url"));

    const qsizetype comma = url.indexOf(u',');
    const QString header = comma < 0 ? url : url.left(comma);
    const QStringView payload = comma < 0 ? QStringView() : QStringView(url).mid(comma + 1);
    QString subtype;
    if (backend == Backend::LlamaCpp) {
        // server-common.cpp: two parts around ',', part 0 starts with data:image/ and ends with base64.
        static const QRegularExpression any(u"^data:image/([A-Za-z0-9.+-]+);base64$"_s);
        const QRegularExpressionMatch m = any.match(header);
        if (comma < 0 || url.indexOf(u',', comma + 1) >= 0)
            return fail(400, path + u": data URL must have exactly one ','"_s, u"Invalid image_url.url value"_s);
        if (!header.startsWith(u"data:image/"))
            return fail(400, path + u": data URL is not data:image/..."_s,
                        u"Invalid image_url.url format: "_s + header.left(40));
        if (!m.hasMatch())
            return fail(400, path + u": data URL is not base64 (" + header.left(60) + u")"_s,
                        u"image_url.url must be base64 encoded"_s);
        subtype = m.captured(1).toLower();
    } else {
        static const QRegularExpression strict(u"^data:image/(png|jpeg|webp|gif);base64$"_s);
        const QRegularExpressionMatch m = strict.match(header);
        if (comma < 0 || !m.hasMatch()) {
            const QString shown = header.left(60);
            return fail(400, path + u": data URL header \""_s + shown + u"\" is not data:image/(png|jpeg|webp|gif);base64"_s,
                        backend == Backend::Ollama ? u"invalid image input"_s
                        : backend == Backend::VLLM && !header.endsWith(u";base64")
                            ? u"Only base64 data URLs are supported for now."_s
                            : u"Invalid MIME type. Only image types are supported."_s,
                        {}, QByteArrayLiteral("invalid_image_format"));
        }
        subtype = m.captured(1);
        if (backend == Backend::Ollama && subtype == u"gif")
            return fail(400, path + u": Ollama does not take image/gif"_s, u"invalid image input"_s);
    }

    QString why;
    const std::optional<QByteArray> bytes = strictBase64(payload, &why);
    if (!bytes)
        return fail(400, path + u": "_s + why,
                    backend == Backend::Ollama     ? u"invalid image input"_s
                    : backend == Backend::LlamaCpp ? u"Failed to decode image: invalid base64"_s
                                                   : u"Invalid base64 image_url."_s,
                    {}, QByteArrayLiteral("invalid_image_format"));
    const std::optional<bool> magic = magicMatches(subtype, *bytes);
    if (magic.has_value() && !*magic)
        return fail(400,
                    path + u": bytes do not start with the magic number of image/"_s + subtype + u" (they start "_s
                        + QString::fromLatin1(bytes->left(4).toHex(' ')) + u")"_s,
                    backend == Backend::Ollama ? u"invalid image input"_s
                                               : u"You uploaded an unsupported image. Please make sure your image is valid."_s,
                    {}, QByteArrayLiteral("invalid_image_format"));
    *decoded = bytes->size();
    return {};
}

// ---- messages --------------------------------------------------------------------------------------

const QSet<QString> &roles()
{
    static const QSet<QString> set{u"system"_s, u"developer"_s, u"user"_s, u"assistant"_s, u"tool"_s};
    return set;
}

struct ImageTotals
{
    qint64 perImageCap = 0;
    qint64 total = 0;
};

ValidationResult checkPart(Backend backend, const QJsonValue &value, const QString &path, const QString &role,
                           ImageTotals &images)
{
    if (!value.isObject())
        return wrongType(path, u"an object"_s, value);
    const QJsonObject part = value.toObject();
    const QJsonValue type = part.value(u"type");
    if (type.isUndefined())
        return missing(path + u".type"_s);
    if (!type.isString())
        return wrongType(path + u".type"_s, u"a string"_s, type);
    const QString t = type.toString();
    const bool textOnly = role != u"user";
    if (t == u"text") {
        const QJsonValue text = part.value(u"text");
        if (text.isUndefined())
            return missing(path + u".text"_s);
        if (!text.isString())
            return wrongType(path + u".text"_s, u"a string"_s, text);
        return {};
    }
    if (t == u"refusal" && role == u"assistant")
        return part.value(u"refusal").isString() ? ValidationResult{} : wrongType(path + u".refusal"_s, u"a string"_s, part.value(u"refusal"));
    if (t == u"image_url" && !textOnly) {
        const QJsonValue imageUrl = part.value(u"image_url");
        if (imageUrl.isUndefined())
            return missing(path + u".image_url"_s);
        if (!imageUrl.isObject())
            return wrongType(path + u".image_url"_s, u"an object"_s, imageUrl);
        const QJsonObject object = imageUrl.toObject();
        const QJsonValue url = object.value(u"url");
        if (url.isUndefined())
            return missing(path + u".image_url.url"_s);
        if (!url.isString())
            return wrongType(path + u".image_url.url"_s, u"a string"_s, url);
        const QJsonValue detail = object.value(u"detail");
        if (!detail.isUndefined()) {
            if (!detail.isString())
                return wrongType(path + u".image_url.detail"_s, u"a string"_s, detail);
            const QString d = detail.toString();
            if (d != u"auto" && d != u"low" && d != u"high")
                return invalidValue(path + u".image_url.detail"_s,
                                    u"'%1'. Supported values are: 'auto', 'low', and 'high'."_s.arg(d));
        }
        qint64 bytes = 0;
        if (ValidationResult r = checkImageUrl(backend, url.toString(), path + u".image_url.url"_s, &bytes); !r.ok)
            return r;
        if (images.perImageCap > 0 && bytes > images.perImageCap)
            return fail(400,
                        path + u".image_url.url: image of %1 bytes is over the %2-byte cap per image"_s.arg(bytes).arg(
                            images.perImageCap),
                        u"You uploaded an unsupported image. Please make sure your image is below 20 MB in size and is "
                        "of one the following formats: ['png', 'jpeg', 'gif', 'webp']."_s,
                        {}, QByteArrayLiteral("sanitizer_server_error"));
        images.total += bytes;
        return {};
    }
    if (t == u"image_url")
        return fail(400, path + u".type: image_url parts are only allowed in user messages, not "_s + role,
                    u"Invalid value: 'image_url'. Supported values are: 'text'."_s, (path + u".type"_s).toUtf8(),
                    QByteArrayLiteral("invalid_value"));
    return fail(400,
                path + u".type: '"_s + t + (textOnly ? u"' is not a text part"_s : u"' is not text or image_url"_s),
                backend == Backend::LlamaCpp ? u"unsupported content[].type"_s
                                             : u"Invalid value: '%1'. Supported values are: 'text' and 'image_url'."_s.arg(t),
                (path + u".type"_s).toUtf8(), QByteArrayLiteral("invalid_value"));
}

ValidationResult checkMessage(Backend backend, const QJsonValue &value, const QString &path, ImageTotals &images)
{
    if (!value.isObject())
        return wrongType(path, u"an object"_s, value);
    const QJsonObject message = value.toObject();
    const QJsonValue role = message.value(u"role");
    if (role.isUndefined())
        return missing(path + u".role"_s);
    if (!role.isString())
        return wrongType(path + u".role"_s, u"a string"_s, role);
    const QString r = role.toString();
    if (!roles().contains(r))
        return invalidValue(path + u".role"_s,
                            u"'%1'. Supported values are: 'system', 'assistant', 'user', 'tool', and 'developer'."_s.arg(r),
                            QByteArrayLiteral("invalid_value"));
    if (r == u"tool" && !message.value(u"tool_call_id").isString())
        return missing(path + u".tool_call_id"_s);

    const QJsonValue content = message.value(u"content");
    if (r == u"assistant" && (content.isNull() || content.isUndefined())) {
        if (message.value(u"tool_calls").isArray())
            return {};
        return missing(path + u".content"_s);
    }
    if (content.isUndefined())
        return missing(path + u".content"_s);
    if (content.isString())
        return {};
    if (!content.isArray())
        return wrongType(path + u".content"_s, u"a string or an array"_s, content);
    const QJsonArray parts = content.toArray();
    if (parts.isEmpty())
        return fail(400, path + u".content: empty array"_s,
                    u"Invalid 'messages[%1].content': empty array. Expected an array with minimum length 1, but got an "
                    "empty array instead."_s.arg(path.mid(9).chopped(1)),
                    (path + u".content"_s).toUtf8(), QByteArrayLiteral("empty_array"));
    for (qsizetype i = 0; i < parts.size(); ++i) {
        if (ValidationResult res = checkPart(backend, parts.at(i), path + u".content[%1]"_s.arg(i), r, images); !res.ok)
            return res;
    }
    return {};
}

const QSet<QString> &openAIFields()
{
    // CreateChatCompletionRequest + ModelResponseProperties (openapi.yaml @ f85dbe2, docs/protocol.md 1.2).
    static const QSet<QString> set{
        u"model"_s, u"messages"_s, u"audio"_s, u"frequency_penalty"_s, u"function_call"_s, u"functions"_s,
        u"logit_bias"_s, u"logprobs"_s, u"max_completion_tokens"_s, u"max_tokens"_s, u"metadata"_s, u"modalities"_s,
        u"n"_s, u"parallel_tool_calls"_s, u"prediction"_s, u"presence_penalty"_s, u"prompt_cache_key"_s,
        u"reasoning_effort"_s, u"response_format"_s, u"safety_identifier"_s, u"seed"_s, u"service_tier"_s, u"stop"_s,
        u"store"_s, u"stream"_s, u"stream_options"_s, u"temperature"_s, u"tool_choice"_s, u"tools"_s,
        u"top_logprobs"_s, u"top_p"_s, u"user"_s, u"verbosity"_s, u"web_search_options"_s};
    return set;
}

ValidationResult checkNumber(const QJsonObject &body, const QString &key, double lo, double hi)
{
    const QJsonValue v = body.value(key);
    if (v.isUndefined() || v.isNull())
        return {};
    if (!v.isDouble())
        return wrongType(key, u"a number"_s, v);
    const double d = v.toDouble();
    if (!(d >= lo && d <= hi))
        return fail(400, key + u": %1 is outside %2..%3"_s.arg(d).arg(lo).arg(hi),
                    u"Invalid '%1': decimal above maximum value. Expected a value <= %2, but got %3 instead."_s.arg(key).arg(hi).arg(d),
                    key.toUtf8(), QByteArrayLiteral("decimal_above_max_value"));
    return {};
}

ValidationResult checkPositiveInteger(const QJsonObject &body, const QString &key, qint64 lo = 1, qint64 hi = 0)
{
    const QJsonValue v = body.value(key);
    if (v.isUndefined() || v.isNull())
        return {};
    if (!isInteger(v))
        return wrongType(key, u"an integer"_s, v);
    const qint64 n = qint64(v.toDouble());
    if (n < lo || (hi > 0 && n > hi))
        return fail(400, key + u": %1 is outside %2..%3"_s.arg(n).arg(lo).arg(hi > 0 ? QString::number(hi) : u"inf"_s),
                    u"Invalid '%1': integer out of range (%2)."_s.arg(key).arg(n), key.toUtf8(),
                    QByteArrayLiteral("integer_out_of_range"));
    return {};
}

// ---- response bodies -------------------------------------------------------------------------------

QByteArray cloudflare413()
{
    return QByteArrayLiteral("<html>\r\n<head><title>413 Request Entity Too Large</title></head>\r\n<body>\r\n"
                             "<center><h1>413 Request Entity Too Large</h1></center>\r\n<hr><center>cloudflare</center>\r\n"
                             "</body>\r\n</html>\r\n");
}

QByteArray nginx502()
{
    return QByteArrayLiteral("<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
                             "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.25.3</center>\r\n"
                             "</body>\r\n</html>\r\n");
}

QJsonValue orNull(const QByteArray &s)
{
    return s.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(QString::fromUtf8(s));
}

QString openAIType(int status)
{
    if (status == 429)
        return u"requests"_s;
    if (status >= 500)
        return u"server_error"_s;
    return u"invalid_request_error"_s;
}

QString databricksCode(int status)
{
    switch (status) {
    case 400: return u"BAD_REQUEST"_s;
    case 404: return u"RESOURCE_DOES_NOT_EXIST"_s;
    case 409: return u"RESOURCE_CONFLICT"_s;
    case 413:
        return u"BAD_REQUEST"_s; // [infer] the real text is not public (docs/protocol.md 3.5)
    case 429: return u"REQUEST_LIMIT_EXCEEDED"_s;
    case 500: return u"INTERNAL_ERROR"_s;
    case 501: return u"NOT_IMPLEMENTED"_s;
    case 503: return u"TEMPORARILY_UNAVAILABLE"_s;
    case 504: return u"DEADLINE_EXCEEDED"_s;
    default: return status >= 500 ? u"INTERNAL_ERROR"_s : u"BAD_REQUEST"_s;
    }
}

QString llamaType(int status)
{
    switch (status) {
    case 400: return u"invalid_request_error"_s;
    case 401: return u"authentication_error"_s;
    case 403: return u"permission_error"_s;
    case 404: return u"not_found_error"_s;
    case 501: return u"not_supported_error"_s;
    case 503: return u"unavailable_error"_s;
    default: return status >= 500 ? u"server_error"_s : u"invalid_request_error"_s;
    }
}

QString vllmType(int status)
{
    switch (status) {
    case 400: return u"BadRequestError"_s;
    case 404: return u"NotFoundError"_s;
    case 429: return u"TooManyRequestsError"_s;
    case 503: return u"ServiceUnavailableError"_s;
    default: return status >= 500 ? u"InternalServerError"_s : u"BadRequestError"_s;
    }
}

/// The JSON error object of `backend`, as put in a body or a mid-stream event.
QJsonObject errorJson(Backend backend, int status, const QString &message, const QByteArray &param, const QByteArray &code)
{
    switch (backend) {
    case Backend::OpenAI:
    case Backend::OpenAIReasoning:
        return {{u"error"_s, QJsonObject{{u"message"_s, message}, {u"type"_s, openAIType(status)},
                                         {u"param"_s, orNull(param)}, {u"code"_s, orNull(code)}}}};
    case Backend::Databricks:
        if (status == 401 || status == 403)
            return {{u"error_code"_s, status}, {u"message"_s, message}};
        return {{u"error_code"_s, databricksCode(status)}, {u"message"_s, message}};
    case Backend::Ollama: {
        const QString type = status == 400 ? u"invalid_request_error"_s
            : status == 404                ? u"not_found_error"_s
                                           : u"api_error"_s;
        return {{u"error"_s, QJsonObject{{u"message"_s, message}, {u"type"_s, type}, {u"param"_s, QJsonValue::Null},
                                         {u"code"_s, QJsonValue::Null}}}};
    }
    case Backend::LlamaCpp:
        return {{u"error"_s, QJsonObject{{u"code"_s, status}, {u"message"_s, message}, {u"type"_s, llamaType(status)}}}};
    case Backend::VLLM:
        if (status == 401)
            return {{u"error"_s, u"Unauthorized"_s}};
        return {{u"error"_s, QJsonObject{{u"message"_s, message}, {u"type"_s, vllmType(status)},
                                         {u"param"_s, QJsonValue::Null}, {u"code"_s, status}}}};
    }
    return {};
}

QByteArray jsonContentType(Backend backend)
{
    return backend == Backend::LlamaCpp || backend == Backend::Ollama ? QByteArrayLiteral("application/json; charset=utf-8")
                                                                      : QByteArrayLiteral("application/json");
}

QByteArray eventStreamContentType(Backend backend)
{
    switch (backend) {
    case Backend::OpenAI:
    case Backend::OpenAIReasoning:
    case Backend::VLLM: return QByteArrayLiteral("text/event-stream; charset=utf-8");
    default: return QByteArrayLiteral("text/event-stream");
    }
}

/// Headers every answer of the backend carries (OpenAI's request id, version and rate-limit headers).
HeaderList backendHeaders(Backend backend, int serial)
{
    HeaderList h;
    if (isOpenAI(backend)) {
        h.append(hdr("x-request-id", "req_" + QByteArray::number(0xfa4e0000 + serial, 16) + "deadbeef0123456789abcd"));
        h.append(hdr("openai-processing-ms", "42"));
        h.append(hdr("openai-version", "2020-10-01"));
        h.append(hdr("x-ratelimit-limit-requests", "60"));
        h.append(hdr("x-ratelimit-remaining-requests", "59"));
        h.append(hdr("x-ratelimit-reset-requests", "1s"));
        h.append(hdr("x-ratelimit-limit-tokens", "150000"));
        h.append(hdr("x-ratelimit-remaining-tokens", "149984"));
        h.append(hdr("x-ratelimit-reset-tokens", "6m0s"));
    }
    return h;
}

Response jsonResponse(Backend backend, int status, const QJsonObject &object, int serial)
{
    Response r;
    r.status = status;
    r.headers = backendHeaders(backend, serial);
    r.headers.append(hdr("Content-Type", jsonContentType(backend)));
    r.body = compact(object);
    return r;
}

/// IMF-fixdate, e.g. "Sun, 06 Nov 1994 08:49:37 GMT".
QByteArray httpDate(const QDateTime &utc)
{
    return QLocale::c().toString(utc.toUTC(), u"ddd, dd MMM yyyy hh:mm:ss 'GMT'"_s).toLatin1();
}

// ---- answers ---------------------------------------------------------------------------------------

struct Answer
{
    Backend backend = Backend::OpenAI;
    int serial = 0;
    QString id;
    qint64 created = 0;
    QString model;
    QStringList pieces;
    int promptTokens = 0;
    int completionTokens = 0;
    bool stream = false;
    bool includeUsage = false;
    bool continuousUsage = false;
    bool obfuscation = false;
    QString finishReason = u"stop"_s;
    bool contentArray = false;
    mutable QRandomGenerator rng;
};

QString randomAlnum(QRandomGenerator &rng, int n)
{
    static const char alphabet[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    QString s;
    s.reserve(n);
    for (int i = 0; i < n; ++i)
        s += QLatin1Char(alphabet[rng.bounded(int(sizeof alphabet) - 1)]);
    return s;
}

QString randomHex(QRandomGenerator &rng, int n)
{
    QString s;
    for (int i = 0; i < n; ++i)
        s += QLatin1Char("0123456789abcdef"[rng.bounded(16)]);
    return s;
}

QString reasoningSummary()
{
    return u"The user asks about the image; describe what is visible."_s;
}

QJsonObject usageJson(const Answer &a)
{
    QJsonObject u{{u"prompt_tokens"_s, a.promptTokens},
                  {u"completion_tokens"_s, a.completionTokens},
                  {u"total_tokens"_s, a.promptTokens + a.completionTokens}};
    if (isOpenAI(a.backend)) {
        u.insert(u"prompt_tokens_details"_s, QJsonObject{{u"cached_tokens"_s, 0}, {u"audio_tokens"_s, 0}});
        u.insert(u"completion_tokens_details"_s,
                 QJsonObject{{u"reasoning_tokens"_s, 0}, {u"audio_tokens"_s, 0},
                             {u"accepted_prediction_tokens"_s, 0}, {u"rejected_prediction_tokens"_s, 0}});
    }
    return u;
}

QJsonObject llamaTimings(const Answer &a)
{
    return {{u"prompt_n"_s, a.promptTokens}, {u"prompt_ms"_s, 12.5}, {u"predicted_n"_s, a.completionTokens},
            {u"predicted_ms"_s, 40.0}, {u"predicted_per_second"_s, 25.0}};
}

QJsonArray reasoningItems()
{
    return {QJsonObject{{u"type"_s, u"reasoning"_s},
                        {u"summary"_s, QJsonArray{QJsonObject{{u"type"_s, u"summary_text"_s}, {u"text"_s, reasoningSummary()}}}}}};
}

QJsonArray textItems(const QString &text)
{
    return {QJsonObject{{u"type"_s, u"text"_s}, {u"text"_s, text}}};
}

/// One chat.completion.chunk in the backend's shape. `finish` null or the reason.
QJsonObject chunkJson(const Answer &a, const QJsonObject &delta, const QJsonValue &finish)
{
    QJsonObject choice{{u"index"_s, 0}, {u"delta"_s, delta}};
    QJsonObject o{{u"id"_s, a.id}, {u"object"_s, u"chat.completion.chunk"_s}, {u"created"_s, a.created}, {u"model"_s, a.model}};
    const bool last = finish.isString();
    switch (a.backend) {
    case Backend::OpenAI:
    case Backend::OpenAIReasoning:
        choice.insert(u"logprobs"_s, QJsonValue::Null);
        choice.insert(u"finish_reason"_s, finish);
        o.insert(u"system_fingerprint"_s, u"fp_fake0c0ffee"_s);
        o.insert(u"service_tier"_s, u"default"_s);
        if (a.includeUsage)
            o.insert(u"usage"_s, QJsonValue::Null);
        if (a.obfuscation)
            o.insert(u"obfuscation"_s, last ? QString() : randomAlnum(a.rng, 4 + a.rng.bounded(9)));
        break;
    case Backend::Databricks:
        choice.insert(u"logprobs"_s, QJsonValue::Null);
        choice.insert(u"finish_reason"_s, finish);
        if (last) // [infer] docs/protocol.md 4.6 leaves include_usage open: usage rides on the finish chunk
            o.insert(u"usage"_s, usageJson(a));
        break;
    case Backend::Ollama:
        choice.insert(u"finish_reason"_s, finish);
        o.insert(u"system_fingerprint"_s, u"fp_ollama"_s);
        break;
    case Backend::LlamaCpp:
        choice.insert(u"finish_reason"_s, finish);
        o.insert(u"system_fingerprint"_s, u"b5000-fake0001"_s);
        if (last)
            o.insert(u"timings"_s, llamaTimings(a));
        break;
    case Backend::VLLM: // exclude_none: null keys are left out
        if (last)
            choice.insert(u"finish_reason"_s, finish);
        if (a.continuousUsage)
            o.insert(u"usage"_s, usageJson(a));
        break;
    }
    o.insert(u"choices"_s, QJsonArray{choice});
    return o;
}

/// The stream's `data:` payloads in order, [DONE] included.
QList<QByteArray> streamPayloads(const Answer &a)
{
    QList<QByteArray> out;
    const auto contentValue = [&a](const QString &text) -> QJsonValue {
        return a.contentArray ? QJsonValue(textItems(text)) : QJsonValue(text);
    };
    // the role chunk
    QJsonObject first{{u"role"_s, u"assistant"_s}};
    qsizetype next = 0;
    if (a.contentArray) {
        first.insert(u"content"_s, reasoningItems());
    } else {
        switch (a.backend) {
        case Backend::OpenAI:
        case Backend::OpenAIReasoning:
            first.insert(u"content"_s, QString());
            first.insert(u"refusal"_s, QJsonValue::Null);
            break;
        case Backend::LlamaCpp: first.insert(u"content"_s, QJsonValue::Null); break;
        case Backend::Ollama: // no separate role chunk: every delta carries the role
            first.insert(u"content"_s, a.pieces.isEmpty() ? QString() : a.pieces.constFirst());
            next = 1;
            break;
        default: first.insert(u"content"_s, QString()); break;
        }
    }
    out.append(compact(chunkJson(a, first, QJsonValue::Null)));
    for (qsizetype i = next; i < a.pieces.size(); ++i) {
        QJsonObject delta{{u"content"_s, contentValue(a.pieces.at(i))}};
        if (a.backend == Backend::Ollama)
            delta.insert(u"role"_s, u"assistant"_s);
        out.append(compact(chunkJson(a, delta, QJsonValue::Null)));
    }
    out.append(compact(chunkJson(a, QJsonObject(), a.finishReason)));
    if (a.includeUsage && a.backend != Backend::Databricks) {
        QJsonObject u{{u"id"_s, a.id}, {u"object"_s, u"chat.completion.chunk"_s}, {u"created"_s, a.created},
                      {u"model"_s, a.model}, {u"choices"_s, QJsonArray()}, {u"usage"_s, usageJson(a)}};
        if (isOpenAI(a.backend)) {
            u.insert(u"system_fingerprint"_s, u"fp_fake0c0ffee"_s);
            u.insert(u"service_tier"_s, u"default"_s);
        } else if (a.backend == Backend::Ollama) {
            u.insert(u"system_fingerprint"_s, u"fp_ollama"_s);
        } else if (a.backend == Backend::LlamaCpp) {
            u.insert(u"system_fingerprint"_s, u"b5000-fake0001"_s);
        }
        out.append(compact(u));
    }
    out.append(QByteArrayLiteral("[DONE]"));
    return out;
}

QJsonObject completionJson(const Answer &a)
{
    const QString text = a.pieces.join(QString());
    QJsonObject message{{u"role"_s, u"assistant"_s}};
    if (a.contentArray) {
        QJsonArray items = reasoningItems();
        items.append(textItems(text).first());
        message.insert(u"content"_s, items);
    } else {
        message.insert(u"content"_s, text);
    }
    QJsonObject choice{{u"index"_s, 0}, {u"finish_reason"_s, a.finishReason}};
    QJsonObject o{{u"id"_s, a.id}, {u"object"_s, u"chat.completion"_s}, {u"created"_s, a.created}, {u"model"_s, a.model},
                  {u"usage"_s, usageJson(a)}};
    switch (a.backend) {
    case Backend::OpenAI:
    case Backend::OpenAIReasoning:
        message.insert(u"refusal"_s, QJsonValue::Null);
        message.insert(u"annotations"_s, QJsonArray());
        choice.insert(u"logprobs"_s, QJsonValue::Null);
        o.insert(u"system_fingerprint"_s, u"fp_fake0c0ffee"_s);
        o.insert(u"service_tier"_s, u"default"_s);
        break;
    case Backend::Databricks: choice.insert(u"logprobs"_s, QJsonValue::Null); break;
    case Backend::Ollama: o.insert(u"system_fingerprint"_s, u"fp_ollama"_s); break;
    case Backend::LlamaCpp:
        o.insert(u"system_fingerprint"_s, u"b5000-fake0001"_s);
        o.insert(u"timings"_s, llamaTimings(a));
        break;
    case Backend::VLLM:
        message.insert(u"tool_calls"_s, QJsonArray());
        message.insert(u"reasoning_content"_s, QJsonValue::Null);
        choice.insert(u"logprobs"_s, QJsonValue::Null);
        choice.insert(u"stop_reason"_s, QJsonValue::Null);
        o.insert(u"prompt_logprobs"_s, QJsonValue::Null);
        break;
    }
    choice.insert(u"message"_s, message);
    o.insert(u"choices"_s, QJsonArray{choice});
    return o;
}

/// The top-level commas of a compact JSON object, for spreading it over several data: lines.
QList<QByteArray> splitAtTopLevelCommas(const QByteArray &json)
{
    QList<QByteArray> parts;
    int depth = 0;
    bool inString = false;
    qsizetype start = 0;
    for (qsizetype i = 0; i < json.size(); ++i) {
        const char c = json.at(i);
        if (inString) {
            if (c == '\\')
                ++i;
            else if (c == '"')
                inString = false;
            continue;
        }
        if (c == '"')
            inString = true;
        else if (c == '{' || c == '[')
            ++depth;
        else if (c == '}' || c == ']')
            --depth;
        else if (c == ',' && depth == 1) {
            parts.append(json.mid(start, i + 1 - start));
            start = i + 1;
        }
    }
    parts.append(json.mid(start));
    return parts;
}

QByteArray sseEvent(const QByteArray &payload)
{
    return "data: " + payload + "\n\n";
}

QByteArray chunkFramed(const QByteArray &data)
{
    return QByteArray::number(data.size(), 16) + "\r\n" + data + "\r\n";
}

/// What FakeHttpServer writes as the head of `r` (all framing headers must already be in r.headers).
qint64 headSize(const Response &r)
{
    qint64 n = QByteArray("HTTP/1.1 " + QByteArray::number(r.status) + ' ' + r.reason + "\r\n").size() + 2;
    for (const auto &[name, value] : r.headers)
        n += name.size() + 2 + value.size() + 2;
    return n;
}

Response streamResponse(Backend backend, int serial, const QList<QByteArray> &events, int delayMs)
{
    Response r;
    r.status = 200;
    r.reason = QByteArrayLiteral("OK");
    r.framing = Response::Framing::Chunked;
    r.headers = backendHeaders(backend, serial);
    r.headers.append(hdr("Content-Type", eventStreamContentType(backend)));
    r.headers.append(hdr("Cache-Control", "no-cache"));
    r.headers.append(hdr("Transfer-Encoding", "chunked")); // explicit, so headSize() knows the whole head
    for (qsizetype i = 0; i < events.size(); ++i)
        r.chunks.append(Chunk{events.at(i), i > 0 ? delayMs : 0});
    return r;
}

QJsonObject midStreamError(Backend backend)
{
    const QString message = u"The model stopped with an internal error (fake mid-stream error)."_s;
    // Databricks' mid-stream shape is unknown (docs/protocol.md 0): the OpenAI one is used.
    return errorJson(backend == Backend::Databricks ? Backend::OpenAI : backend, 500, message, {}, {});
}

} // namespace

// ---- public functions ------------------------------------------------------------------------------

QString backendName(Backend backend)
{
    switch (backend) {
    case Backend::OpenAI: return u"openai"_s;
    case Backend::OpenAIReasoning: return u"openai-reasoning"_s;
    case Backend::Databricks: return u"databricks"_s;
    case Backend::Ollama: return u"ollama"_s;
    case Backend::LlamaCpp: return u"llamacpp"_s;
    case Backend::VLLM: return u"vllm"_s;
    }
    return {};
}

QString faultName(Fault::Kind kind)
{
    using K = Fault::Kind;
    switch (kind) {
    case K::RateLimited: return u"RateLimited"_s;
    case K::RateLimitedMs: return u"RateLimitedMs"_s;
    case K::RateLimitedHttpDate: return u"RateLimitedHttpDate"_s;
    case K::RateLimitedLong: return u"RateLimitedLong"_s;
    case K::ServerError: return u"ServerError"_s;
    case K::Unavailable: return u"Unavailable"_s;
    case K::ServerErrorNoRetry: return u"ServerErrorNoRetry"_s;
    case K::BadGatewayHtml: return u"BadGatewayHtml"_s;
    case K::PayloadTooLargeHtml: return u"PayloadTooLargeHtml"_s;
    case K::Unauthorized: return u"Unauthorized"_s;
    case K::Forbidden: return u"Forbidden"_s;
    case K::StreamNotSupported: return u"StreamNotSupported"_s;
    case K::StreamOptionsUnknown: return u"StreamOptionsUnknown"_s;
    case K::ResetDuringUpload: return u"ResetDuringUpload"_s;
    case K::StallBeforeHead: return u"StallBeforeHead"_s;
    case K::DropMidStream: return u"DropMidStream"_s;
    case K::StallMidStream: return u"StallMidStream"_s;
    case K::ByteSplit: return u"ByteSplit"_s;
    case K::CrlfFraming: return u"CrlfFraming"_s;
    case K::CrFraming: return u"CrFraming"_s;
    case K::KeepAlives: return u"KeepAlives"_s;
    case K::MultiLineData: return u"MultiLineData"_s;
    case K::ErrorThenDone: return u"ErrorThenDone"_s;
    case K::ErrorNoDone: return u"ErrorNoDone"_s;
    case K::LegacyErrorLine: return u"LegacyErrorLine"_s;
    case K::NoDone: return u"NoDone"_s;
    case K::DoneThenGarbage: return u"DoneThenGarbage"_s;
    case K::FinishLength: return u"FinishLength"_s;
    case K::ContentArray: return u"ContentArray"_s;
    case K::JsonForStream: return u"JsonForStream"_s;
    case K::Scripted: return u"Scripted"_s;
    }
    return {};
}

qint64 defaultMaxBodyBytes(Backend backend)
{
    return backend == Backend::Databricks ? 4'000'000 : 0;
}

ValidationResult validateChatRequest(Backend backend, const RecordedRequest &request, const QByteArray &expectedToken,
                                     qint64 maxBodyBytes)
{
    ValidationOptions options;
    options.token = expectedToken;
    options.maxBodyBytes = maxBodyBytes;
    return validateChatRequest(backend, request, options);
}

ValidationResult validateChatRequest(Backend backend, const RecordedRequest &request, const ValidationOptions &options)
{
    // 0. method, size, token
    if (request.method != "POST")
        return fail(405, u"method %1: chat completions take POST"_s.arg(QString::fromLatin1(request.method)),
                    u"Method Not Allowed"_s);
    const qint64 cap = options.maxBodyBytes < 0 ? defaultMaxBodyBytes(backend) : options.maxBodyBytes;
    if (cap > 0 && request.body.size() > cap)
        return fail(413, u"body of %1 bytes is over the %2-byte cap"_s.arg(request.body.size()).arg(cap),
                    u"Request size %1 bytes exceeds the limit of %2 bytes."_s.arg(request.body.size()).arg(cap));
    if (ValidationResult auth = checkAuth(backend, request, options.token); !auth.ok)
        return auth;

    // 1. Content-Type and JSON
    const QByteArray contentType = request.header("Content-Type");
    const qsizetype semicolon = contentType.indexOf(';');
    const QByteArray mediaType = (semicolon < 0 ? contentType : contentType.left(semicolon)).trimmed().toLower();
    if (mediaType != "application/json")
        return fail(400, u"Content-Type: \"%1\" is not application/json"_s.arg(QString::fromLatin1(contentType)),
                    isOpenAI(backend) ? u"Invalid Content-Type header (%1), expected application/json."_s.arg(
                                            QString::fromLatin1(contentType))
                                      : QString());
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(request.body, &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject())
        return fail(400,
                    doc.isNull() ? u"body is not JSON: %1 at offset %2"_s.arg(parseError.errorString()).arg(parseError.offset)
                                 : u"body is JSON but not an object"_s,
                    isOpenAI(backend) ? u"We could not parse the JSON body of your request. (HINT: This likely means you "
                                        "aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, "
                                        "but what was sent was not valid JSON.)"_s
                                      : QString());
    const QJsonObject body = doc.object();

    if (isOpenAI(backend)) {
        for (auto it = body.constBegin(); it != body.constEnd(); ++it) {
            if (!openAIFields().contains(it.key()))
                return fail(400, it.key() + u": unknown top-level field"_s,
                            u"Unrecognized request argument supplied: "_s + it.key(), it.key().toUtf8());
        }
    }

    // 2. model, messages
    const QJsonValue model = body.value(u"model");
    const bool modelOptional = !options.impliedModel.isEmpty();
    if (model.isUndefined() && !modelOptional)
        return fail(400, u"model: missing"_s, u"you must provide a model parameter"_s, QByteArrayLiteral("model"));
    if (!model.isUndefined()) {
        if (!model.isString())
            return wrongType(u"model"_s, u"a string"_s, model);
        const QString name = model.toString();
        if (name.isEmpty())
            return fail(400, u"model: empty string"_s, u"you must provide a model parameter"_s, QByteArrayLiteral("model"));
        if (backend == Backend::Databricks) {
            static const QRegularExpression endpointName(u"^[A-Za-z0-9_-]{1,63}$"_s);
            if (!endpointName.match(name).hasMatch())
                return fail(400, u"model: \"%1\" is not a serving endpoint name"_s.arg(name),
                            u"Invalid endpoint name '%1'."_s.arg(name));
            if (modelOptional && name != options.impliedModel)
                return fail(400, u"model: \"%1\" differs from the endpoint \"%2\" in the path"_s.arg(name, options.impliedModel));
        }
        if (!options.knownModels.isEmpty() && !options.knownModels.contains(name)) {
            QString text;
            switch (backend) {
            case Backend::Databricks: text = u"RESOURCE_DOES_NOT_EXIST: Endpoint '%1' does not exist."_s.arg(name); break;
            case Backend::Ollama: text = u"model \"%1\" not found, try pulling it first"_s.arg(name); break;
            case Backend::VLLM: text = u"The model `%1` does not exist."_s.arg(name); break;
            default: text = u"The model `%1` does not exist or you do not have access to it."_s.arg(name); break;
            }
            return fail(404, u"model: \"%1\" is not a known model"_s.arg(name), text, {}, QByteArrayLiteral("model_not_found"));
        }
    }

    const QJsonValue messagesValue = body.value(u"messages");
    if (messagesValue.isUndefined())
        return missing(u"messages"_s);
    if (!messagesValue.isArray())
        return wrongType(u"messages"_s, u"an array"_s, messagesValue);
    const QJsonArray messages = messagesValue.toArray();
    if (messages.isEmpty())
        return fail(400, u"messages: empty array"_s, u"[] is too short - 'messages'"_s, QByteArrayLiteral("messages"),
                    QByteArrayLiteral("empty_array"));
    ImageTotals images;
    images.perImageCap = options.maxImageBytes >= 0 ? options.maxImageBytes : isOpenAI(backend) ? 20'000'000 : 0;
    for (qsizetype i = 0; i < messages.size(); ++i) {
        if (ValidationResult r = checkMessage(backend, messages.at(i), u"messages[%1]"_s.arg(i), images); !r.ok)
            return r;
    }
    const qint64 totalCap = options.maxTotalImageBytes >= 0 ? options.maxTotalImageBytes : isOpenAI(backend) ? 50'000'000 : 0;
    if (totalCap > 0 && images.total > totalCap)
        return fail(400, u"messages: %1 bytes of images are over the %2-byte cap per request"_s.arg(images.total).arg(totalCap),
                    u"Total image size %1 bytes exceeds the limit of %2 bytes per request."_s.arg(images.total).arg(totalCap),
                    QByteArrayLiteral("messages"), QByteArrayLiteral("invalid_value"));

    // 3. sampling and length
    if (backend == Backend::OpenAIReasoning) {
        if (body.contains(u"max_tokens"))
            return fail(400, u"max_tokens: not supported by reasoning models (use max_completion_tokens)"_s,
                        u"Unsupported parameter: 'max_tokens' is not supported with this model. Use "
                        "'max_completion_tokens' instead."_s,
                        QByteArrayLiteral("max_tokens"), QByteArrayLiteral("unsupported_parameter"));
        const QJsonValue t = body.value(u"temperature");
        if (t.isDouble() && t.toDouble() != 1.0)
            return fail(400, u"temperature: reasoning models only take the default 1, got %1"_s.arg(t.toDouble()),
                        u"Unsupported value: 'temperature' does not support %1 with this model. Only the default (1) "
                        "value is supported."_s.arg(t.toDouble()),
                        QByteArrayLiteral("temperature"), QByteArrayLiteral("unsupported_value"));
    }
    if (backend == Backend::OpenAIReasoning && body.contains(u"top_p"))
        return fail(400, u"top_p: not supported by reasoning models"_s,
                    u"Unsupported parameter: 'top_p' is not supported with this model."_s, QByteArrayLiteral("top_p"),
                    QByteArrayLiteral("unsupported_parameter"));
    if (body.contains(u"response_format")) {
        if (options.rejectResponseFormat)
            return fail(400, u"response_format: this model has no structured output"_s,
                        backend == Backend::Databricks
                            ? u"Bad request: json: unknown field \"response_format\""_s
                            : u"Invalid parameter: 'response_format' of type 'json_schema' is not supported with this model."_s,
                        QByteArrayLiteral("response_format"));
        if (isOpenAI(backend)) {
            const QJsonObject rf = body.value(u"response_format").toObject();
            const QString type = rf.value(u"type").toString();
            if (type != u"text" && type != u"json_object" && type != u"json_schema")
                return fail(400, u"response_format.type: \"%1\""_s.arg(type),
                            u"Invalid value: '%1'. Supported values are: 'text', 'json_object', and 'json_schema'."_s.arg(type),
                            QByteArrayLiteral("response_format.type"), QByteArrayLiteral("invalid_value"));
            if (type == u"json_schema") {
                const QJsonObject js = rf.value(u"json_schema").toObject();
                const QString name = js.value(u"name").toString();
                static const QRegularExpression nameRe(u"^[A-Za-z0-9_-]{1,64}$"_s);
                if (!nameRe.match(name).hasMatch())
                    return fail(400, u"response_format.json_schema.name: \"%1\""_s.arg(name),
                                u"Invalid 'response_format.json_schema.name': string does not match pattern."_s,
                                QByteArrayLiteral("response_format.json_schema.name"), QByteArrayLiteral("invalid_value"));
                const QJsonObject schema = js.value(u"schema").toObject();
                if (schema.isEmpty())
                    return fail(400, u"response_format.json_schema.schema: missing"_s,
                                u"Missing required parameter: 'response_format.json_schema.schema'."_s,
                                QByteArrayLiteral("response_format.json_schema.schema"), QByteArrayLiteral("missing_required_parameter"));
                if (js.value(u"strict").toBool()) {
                    if (schema.value(u"additionalProperties") != QJsonValue(false))
                        return fail(400, u"response_format schema: additionalProperties must be false"_s,
                                    u"Invalid schema for response_format '%1': In context=(), 'additionalProperties' is "
                                    "required to be supplied and to be false."_s.arg(name),
                                    QByteArrayLiteral("response_format"), QByteArrayLiteral("invalid_json_schema"));
                    const QJsonArray required = schema.value(u"required").toArray();
                    const QStringList keys = schema.value(u"properties").toObject().keys();
                    for (const QString &k : keys)
                        if (!required.contains(QJsonValue(k)))
                            return fail(400, u"response_format schema: \"%1\" not required"_s.arg(k),
                                        u"Invalid schema for response_format '%1': In context=(), 'required' is required "
                                        "to be supplied and to be an array including every key in properties. Missing "
                                        "'%2'."_s.arg(name, k),
                                        QByteArrayLiteral("response_format"), QByteArrayLiteral("invalid_json_schema"));
                }
            }
        }
    }
    if (ValidationResult r = checkNumber(body, u"temperature"_s, 0, 2); !r.ok)
        return r;
    if (ValidationResult r = checkNumber(body, u"top_p"_s, 0, 1); !r.ok)
        return r;
    if (ValidationResult r = checkPositiveInteger(body, u"max_tokens"_s); !r.ok)
        return r;
    if (ValidationResult r = checkPositiveInteger(body, u"max_completion_tokens"_s); !r.ok)
        return r;
    const qint64 maxN = isOpenAI(backend) ? 128 : backend == Backend::Databricks ? 5 : backend == Backend::LlamaCpp ? 1 : 0;
    if (ValidationResult r = checkPositiveInteger(body, u"n"_s, 1, maxN); !r.ok) {
        if (backend == Backend::LlamaCpp)
            r.message = u"Only one completion choice is allowed"_s;
        return r;
    }

    // 4. stream, stream_options
    const QJsonValue stream = body.value(u"stream");
    if (!stream.isUndefined() && !stream.isNull() && !stream.isBool())
        return wrongType(u"stream"_s, u"a boolean"_s, stream);
    const QJsonValue streamOptions = body.value(u"stream_options");
    if (!streamOptions.isUndefined() && !streamOptions.isNull()) {
        if (!stream.toBool(false))
            return fail(400, u"stream_options: only allowed when stream is true"_s,
                        backend == Backend::VLLM ? u"Stream options can only be defined when `stream=True`."_s
                                                 : u"The 'stream_options' parameter is only allowed when 'stream' is enabled."_s,
                        QByteArrayLiteral("stream_options"), QByteArrayLiteral("invalid_value"));
        if (!streamOptions.isObject())
            return wrongType(u"stream_options"_s, u"an object"_s, streamOptions);
        const QJsonValue includeUsage = streamOptions.toObject().value(u"include_usage");
        if (!includeUsage.isUndefined() && !includeUsage.isNull() && !includeUsage.isBool())
            return wrongType(u"stream_options.include_usage"_s, u"a boolean"_s, includeUsage);
    }
    return {};
}

Response errorResponse(Backend backend, int status, const QString &message, const QByteArray &param, const QByteArray &code)
{
    if (isOpenAI(backend) && status == 413) {
        Response r;
        r.status = 413;
        r.headers.append(hdr("Content-Type", "text/html"));
        r.headers.append(hdr("Server", "cloudflare"));
        r.body = cloudflare413();
        return r;
    }
    Response r = jsonResponse(backend, status, errorJson(backend, status, message, param, code), 0);
    if (backend == Backend::Databricks && status == 403)
        r.headers.append(hdr("X-Databricks-Reason-Phrase", message.toUtf8()));
    return r;
}

// ---- Fault -----------------------------------------------------------------------------------------

Fault Fault::dropAfterEvents(int events)
{
    Fault f(Kind::DropMidStream);
    f.events = events;
    return f;
}

Fault Fault::stallBeforeHead(int ms)
{
    Fault f(Kind::StallBeforeHead);
    f.ms = ms;
    return f;
}

Fault Fault::stallMidStream(int afterEvents, int ms)
{
    Fault f(Kind::StallMidStream);
    f.events = afterEvents;
    f.ms = ms;
    return f;
}

Fault Fault::errorAfterEvents(Kind kind, int events)
{
    Fault f(kind);
    f.events = events;
    return f;
}

Fault Fault::scripted(const Response &response)
{
    Fault f(Kind::Scripted);
    f.response = response;
    return f;
}

// ---- FakeChatEndpoint ------------------------------------------------------------------------------

FakeChatEndpoint::FakeChatEndpoint(Backend backend, QObject *parent)
    : QObject(parent)
    , m_backend(backend)
    , m_server(new FakeHttpServer(this))
    , m_answer(u"A red fox sits in deep snow — its breath shows as a small cloud. Größe: 12 px ❄."_s)
{
    switch (backend) {
    case Backend::OpenAI: m_models = {u"gpt-4o"_s, u"gpt-4o-mini"_s}; break;
    case Backend::OpenAIReasoning: m_models = {u"o4-mini"_s, u"gpt-5"_s}; break;
    case Backend::Databricks: break;
    case Backend::Ollama: m_models = {u"llava:latest"_s, u"gemma3:4b"_s}; break;
    case Backend::LlamaCpp: m_models = {u"gemma-3-4b-it-Q4_K_M.gguf"_s}; break;
    case Backend::VLLM: m_models = {u"Qwen/Qwen2.5-VL-7B-Instruct"_s}; break;
    }
    if (backend == Backend::Databricks) {
        m_server->route(u"/serving-endpoints/chat/completions"_s,
                        [this](const RecordedRequest &r) { return handleChat(r, QString()); });
        m_server->route(u"/api/2.0/serving-endpoints"_s, [this](const RecordedRequest &r) { return handleList(r); });
        setServingEndpoints(exampleServingEndpoints());
    } else {
        m_server->route(u"/v1/chat/completions"_s, [this](const RecordedRequest &r) { return handleChat(r, QString()); });
        m_server->route(u"/v1/models"_s, [this](const RecordedRequest &r) { return handleList(r); });
    }
}

FakeChatEndpoint::~FakeChatEndpoint() = default;

QUrl FakeChatEndpoint::baseUrl() const
{
    return m_server->url(m_backend == Backend::Databricks ? QString() : u"/v1"_s);
}

QUrl FakeChatEndpoint::chatUrl() const
{
    return m_server->url(m_backend == Backend::Databricks ? u"/serving-endpoints/chat/completions"_s
                                                          : u"/v1/chat/completions"_s);
}

QUrl FakeChatEndpoint::invocationsUrl(const QString &endpointName) const
{
    return m_server->url(u"/serving-endpoints/"_s + endpointName + u"/invocations"_s);
}

QUrl FakeChatEndpoint::modelsUrl() const
{
    return m_server->url(m_backend == Backend::Databricks ? u"/api/2.0/serving-endpoints"_s : u"/v1/models"_s);
}

void FakeChatEndpoint::setToken(const QByteArray &token)
{
    m_token = token;
}

void FakeChatEndpoint::setMaxBodyBytes(qint64 bytes)
{
    m_maxBodyBytes = bytes;
}

void FakeChatEndpoint::setDropOversize(bool drop)
{
    m_dropOversize = drop;
}

void FakeChatEndpoint::setRejectUnknownModels(bool reject)
{
    m_rejectUnknownModels = reject;
}

void FakeChatEndpoint::setAnswer(const QString &text)
{
    m_answer = text;
}

void FakeChatEndpoint::setAnswerProvider(std::function<QString(const QJsonObject &)> provider)
{
    m_answerProvider = std::move(provider);
}

void FakeChatEndpoint::setRecordRequests(bool record)
{
    m_record = record;
}

void FakeChatEndpoint::setAnswerDelayMs(int ms)
{
    m_answerDelayMs = qMax(0, ms);
}

void FakeChatEndpoint::setCharsPerChunk(int chars)
{
    m_charsPerChunk = qMax(1, chars);
}

void FakeChatEndpoint::setChunkDelayMs(int ms)
{
    m_chunkDelayMs = qMax(0, ms);
}

void FakeChatEndpoint::setUsage(int promptTokens, int completionTokens)
{
    m_promptTokens = promptTokens;
    m_completionTokens = completionTokens;
}

void FakeChatEndpoint::setModels(const QStringList &ids)
{
    m_models = ids;
}

void FakeChatEndpoint::setServingEndpoints(const QJsonArray &endpoints)
{
    m_endpoints = endpoints;
    routeInvocations();
}

QJsonArray FakeChatEndpoint::exampleServingEndpoints()
{
    static const QByteArray json = QByteArrayLiteral(R"([
    {
      "name": "databricks-claude-sonnet-4-5",
      "creator": "Databricks",
      "creation_timestamp": 1776902400000,
      "last_updated_timestamp": 1776902400000,
      "endpoint_type": "FOUNDATION_MODEL_API",
      "task": "llm/v1/chat",
      "permission_level": "CAN_QUERY",
      "state": { "ready": "READY", "config_update": "NOT_UPDATING" },
      "config": {
        "served_entities": [
          {
            "name": "databricks-claude-sonnet-4-5",
            "entity_name": "system.ai.databricks-claude-sonnet-4-5",
            "foundation_model": {
              "name": "system.ai.databricks-claude-sonnet-4-5",
              "display_name": "Claude Sonnet 4.5"
            }
          }
        ]
      }
    },
    {
      "name": "my-gpt4o-proxy",
      "creator": "alice@example.com",
      "endpoint_type": "EXTERNAL_MODEL",
      "task": "llm/v1/chat",
      "state": { "ready": "READY", "config_update": "NOT_UPDATING" },
      "config": {
        "served_entities": [
          { "name": "gpt4o", "external_model": { "provider": "openai", "name": "gpt-4o", "task": "llm/v1/chat" } }
        ]
      }
    },
    {
      "name": "databricks-gte-large-en",
      "endpoint_type": "FOUNDATION_MODEL_API",
      "task": "llm/v1/embeddings",
      "state": { "ready": "READY" }
    },
    {
      "name": "fraud-model",
      "endpoint_type": "CUSTOM_MODEL",
      "state": { "ready": "NOT_READY", "config_update": "IN_PROGRESS" },
      "config": { "served_entities": [ { "name": "fraud-model-3", "entity_name": "main.ml.fraud", "entity_version": "3" } ] }
    }
  ])");
    return QJsonDocument::fromJson(json).array();
}

void FakeChatEndpoint::routeInvocations()
{
    if (m_backend != Backend::Databricks)
        return;
    // FakeHttpServer cannot remove a route: endpoints that left the list answer 404 like Databricks.
    for (const QString &path : std::as_const(m_invocationRoutes)) {
        const QString name = path.section(u'/', 2, 2);
        m_server->route(path, [this, name](const RecordedRequest &) {
            return errorResponse(m_backend, 404, u"RESOURCE_DOES_NOT_EXIST: Endpoint '%1' does not exist."_s.arg(name));
        });
    }
    for (const QJsonValue &endpoint : std::as_const(m_endpoints)) {
        const QString name = endpoint.toObject().value(u"name").toString();
        if (name.isEmpty())
            continue;
        const QString path = u"/serving-endpoints/"_s + name + u"/invocations"_s;
        m_server->route(path, [this, name](const RecordedRequest &r) { return handleChat(r, name); });
        if (!m_invocationRoutes.contains(path))
            m_invocationRoutes.append(path);
    }
}

QStringList FakeChatEndpoint::knownModels() const
{
    if (m_backend != Backend::Databricks)
        return m_models;
    QStringList names;
    for (const QJsonValue &endpoint : m_endpoints)
        names.append(endpoint.toObject().value(u"name").toString());
    return names;
}

void FakeChatEndpoint::enqueueFault(const Fault &fault)
{
    for (int i = 0; i < qMax(1, fault.times); ++i)
        m_faults.append(fault);
}

void FakeChatEndpoint::enqueueResponse(const Response &response)
{
    m_faults.append(Fault::scripted(response));
}

void FakeChatEndpoint::clear()
{
    m_faults.clear();
    m_chatRequests.clear();
    m_bodies.clear();
    m_problems.clear();
    m_server->clearRequests();
}

Response FakeChatEndpoint::handleList(const RecordedRequest &request)
{
    if (request.method != "GET")
        return errorResponse(m_backend, 405, u"Method Not Allowed"_s);
    if (ValidationResult auth = checkAuth(m_backend, request, m_token); !auth.ok)
        return errorResponse(m_backend, auth.status, auth.message, auth.param, auth.code);
    ++m_serial;
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    QJsonObject list;
    if (m_backend == Backend::Databricks) {
        if (!m_endpoints.isEmpty())
            list.insert(u"endpoints"_s, m_endpoints);
        return jsonResponse(m_backend, 200, list, m_serial);
    }
    QJsonArray data;
    QJsonArray llamaModels;
    for (const QString &id : std::as_const(m_models)) {
        QJsonObject m{{u"id"_s, id}, {u"object"_s, u"model"_s}};
        switch (m_backend) {
        case Backend::OpenAI:
        case Backend::OpenAIReasoning:
            m.insert(u"created"_s, 1715367049);
            m.insert(u"owned_by"_s, u"system"_s);
            break;
        case Backend::Ollama:
            m.insert(u"created"_s, 1718000000);
            m.insert(u"owned_by"_s, id.contains(u'/') ? id.section(u'/', 0, 0) : u"library"_s);
            break;
        case Backend::LlamaCpp:
            m.insert(u"created"_s, now);
            m.insert(u"owned_by"_s, u"llamacpp"_s);
            m.insert(u"aliases"_s, QJsonArray());
            m.insert(u"tags"_s, QJsonArray());
            m.insert(u"meta"_s, QJsonObject{{u"vocab_type"_s, 2}, {u"n_vocab"_s, 262144}, {u"n_ctx"_s, 8192},
                                            {u"n_ctx_train"_s, 131072}, {u"n_embd"_s, 2560},
                                            {u"n_params"_s, 3880263168.0}, {u"size"_s, 2489757696.0}});
            llamaModels.append(QJsonObject{{u"name"_s, id}, {u"model"_s, id}, {u"type"_s, u"model"_s},
                                           {u"capabilities"_s, QJsonArray{u"completion"_s, u"multimodal"_s}}});
            break;
        case Backend::VLLM:
            m.insert(u"created"_s, now);
            m.insert(u"owned_by"_s, u"vllm"_s);
            m.insert(u"root"_s, id);
            m.insert(u"parent"_s, QJsonValue::Null);
            m.insert(u"max_model_len"_s, 32768);
            m.insert(u"permission"_s, QJsonArray{QJsonObject{{u"id"_s, u"modelperm-0123456789abcdef"_s},
                                                             {u"object"_s, u"model_permission"_s},
                                                             {u"allow_view"_s, true}}});
            break;
        case Backend::Databricks: break;
        }
        data.append(m);
    }
    list.insert(u"object"_s, u"list"_s);
    // Ollama with nothing installed sends a nil Go slice: "data": null (docs/protocol.md 5.1).
    list.insert(u"data"_s, m_backend == Backend::Ollama && data.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(data));
    if (m_backend == Backend::LlamaCpp)
        list.insert(u"models"_s, llamaModels);
    return jsonResponse(m_backend, 200, list, m_serial);
}

Response FakeChatEndpoint::handleChat(const RecordedRequest &request, const QString &impliedModel)
{
    const QJsonDocument doc = QJsonDocument::fromJson(request.body);
    const QJsonObject body = doc.isObject() ? doc.object() : QJsonObject();
    if (m_record) {
        m_chatRequests.append(request);
        m_bodies.append(body);
    } else {
        m_server->clearRequests();
    }

    ValidationOptions options;
    options.token = m_token;
    options.maxBodyBytes = m_maxBodyBytes;
    options.impliedModel = impliedModel;
    if (m_rejectUnknownModels)
        options.knownModels = knownModels();
    options.rejectResponseFormat = m_rejectResponseFormat;
    const ValidationResult v = validateChatRequest(m_backend, request, options);
    if (!v.ok) {
        m_problems.append(v.problem);
        Q_EMIT chatRequestHandled(false);
        if (v.status == 413 && m_dropOversize) {
            Response drop;
            drop.dropAfterBytes = 0;
            return drop;
        }
        return errorResponse(m_backend, v.status, v.message.isEmpty() ? v.problem : v.message, v.param, v.code);
    }
    Q_EMIT chatRequestHandled(true);

    QJsonObject effective = body;
    if (!impliedModel.isEmpty())
        effective.insert(u"model"_s, impliedModel);
    Response r;
    if (m_faults.isEmpty()) {
        r = answerWith(effective, nullptr);
    } else {
        const Fault fault = m_faults.takeFirst();
        r = answerWith(effective, &fault);
    }
    if (!impliedModel.isEmpty())
        r.headers.append(hdr("served-model-name", impliedModel.toUtf8()));
    return r;
}

Response FakeChatEndpoint::answerWith(const QJsonObject &body, const Fault *fault)
{
    using K = Fault::Kind;
    const int serial = ++m_serial;
    // A real Scripted fault returns in the switch below, so past it Scripted means "no fault".
    const K kind = fault ? fault->kind : K::Scripted;
    const auto status = [this](int code, const QString &message, const QByteArray &param = {},
                               const QByteArray &errorCode = {}) {
        return errorResponse(m_backend, code, message, param, errorCode);
    };

    if (fault) {
        switch (kind) {
        case K::Scripted: return fault->response;
        case K::RateLimited:
        case K::RateLimitedMs:
        case K::RateLimitedHttpDate:
        case K::RateLimitedLong: {
            const QString message = m_backend == Backend::Databricks
                ? u"REQUEST_LIMIT_EXCEEDED: Exceeded workspace rate limit for this endpoint, please try again later."_s
                : u"Rate limit reached for requests per min (RPM): Limit 3, Used 3, Requested 1. Please try again later."_s;
            Response r = status(429, message, {}, QByteArrayLiteral("rate_limit_exceeded"));
            if (kind == K::RateLimited)
                r.withHeader("Retry-After", "2");
            else if (kind == K::RateLimitedMs)
                r.withHeader("retry-after-ms", "1500");
            else if (kind == K::RateLimitedLong)
                r.withHeader("Retry-After", "300");
            else // rounded up to the next whole second, so the wait is at least `ms`
                r.withHeader("Retry-After", httpDate(QDateTime::currentDateTimeUtc().addMSecs((fault->ms > 0 ? fault->ms : 2000) + 999)));
            return r;
        }
        case K::ServerError:
            return status(500, m_backend == Backend::Databricks
                                   ? u"INTERNAL_ERROR: The server encountered an internal error."_s
                                   : u"The server had an error while processing your request. Sorry about that!"_s);
        case K::Unavailable:
            return status(503, m_backend == Backend::Databricks
                                   ? u"TEMPORARILY_UNAVAILABLE: The service is temporarily unavailable."_s
                                   : u"The server is overloaded or not ready yet."_s);
        case K::ServerErrorNoRetry: {
            Response r = status(500, u"The server had an error while processing your request. Sorry about that!"_s);
            return r.withHeader("x-should-retry", "false");
        }
        case K::BadGatewayHtml: {
            Response r;
            r.status = 502;
            r.headers = {{"Server", "nginx/1.25.3"}, {"Content-Type", "text/html"}};
            r.body = nginx502();
            return r;
        }
        case K::PayloadTooLargeHtml: {
            Response r;
            r.status = 413;
            r.headers = {{"Server", "cloudflare"}, {"Content-Type", "text/html"}};
            r.body = cloudflare413();
            return r;
        }
        case K::Unauthorized: {
            RecordedRequest none; // what checkAuth says when no credential came
            ValidationResult v = checkAuth(m_backend == Backend::Ollama ? Backend::OpenAI : m_backend, none, "x");
            return status(401, v.message, {}, {});
        }
        case K::Forbidden: {
            const QString message = m_backend == Backend::Databricks
                ? u"Invalid access token."_s
                : m_backend == Backend::LlamaCpp ? u"Forbidden"_s
                                                 : u"Country, region, or territory not supported"_s;
            return status(403, message, {},
                          isOpenAI(m_backend) ? QByteArrayLiteral("unsupported_country_region_territory") : QByteArray());
        }
        case K::StreamNotSupported: {
            const QJsonObject e = errorJson(Backend::OpenAI, 400,
                                            u"Unsupported parameter: 'stream' is not supported with this model."_s,
                                            QByteArrayLiteral("stream"), QByteArrayLiteral("unsupported_parameter"));
            return jsonResponse(Backend::OpenAI, 400, e, serial);
        }
        case K::StreamOptionsUnknown: {
            Response r;
            r.status = 400;
            r.headers = {{"Content-Type", "text/plain; charset=utf-8"}};
            r.body = QByteArrayLiteral("Bad request: json: unknown field \"stream_options\"\n");
            return r;
        }
        case K::ResetDuringUpload: {
            Response r;
            r.dropAfterBytes = 0;
            return r;
        }
        default: break;
        }
    }

    // An answer: work out its shape from the request.
    const QJsonObject streamOptions = body.value(u"stream_options").toObject();
    Answer a;
    a.backend = m_backend;
    a.serial = serial;
    a.created = QDateTime::currentSecsSinceEpoch();
    a.model = body.value(u"model").toString();
    a.rng.seed(quint32(serial));
    a.stream = body.value(u"stream").toBool(false);
    if (m_backend == Backend::VLLM) // StreamOptions.include_usage defaults to True
        a.includeUsage = body.value(u"stream_options").isObject() && streamOptions.value(u"include_usage").toBool(true);
    else
        a.includeUsage = streamOptions.value(u"include_usage").toBool(false);
    a.continuousUsage = m_backend == Backend::VLLM && streamOptions.value(u"continuous_usage_stats").toBool(false);
    a.obfuscation = isOpenAI(m_backend) && streamOptions.value(u"include_obfuscation").toBool(true);
    switch (m_backend) {
    case Backend::OpenAI:
    case Backend::OpenAIReasoning: a.id = u"chatcmpl-"_s + randomAlnum(a.rng, 29); break;
    case Backend::Databricks:
        a.id = u"chatcmpl_"_s + randomHex(a.rng, 8) + u'-' + randomHex(a.rng, 4) + u'-' + randomHex(a.rng, 4) + u'-'
            + randomHex(a.rng, 4) + u'-' + randomHex(a.rng, 12);
        break;
    case Backend::Ollama: a.id = u"chatcmpl-"_s + QString::number(serial); break;
    case Backend::LlamaCpp: a.id = u"chatcmpl-"_s + randomAlnum(a.rng, 32); break;
    case Backend::VLLM: a.id = u"chatcmpl-"_s + randomHex(a.rng, 32); break;
    }
    const QString answerText = m_answerProvider ? m_answerProvider(body) : m_answer;
    for (qsizetype i = 0; i < answerText.size();) {
        qsizetype n = qMin<qsizetype>(m_charsPerChunk, answerText.size() - i);
        if (answerText.at(i + n - 1).isHighSurrogate() && i + n < answerText.size())
            ++n; // never split a surrogate pair
        a.pieces.append(answerText.mid(i, n));
        i += n;
    }
    int images = 0;
    for (const QJsonValue &message : body.value(u"messages").toArray()) {
        for (const QJsonValue &part : message.toObject().value(u"content").toArray())
            images += part.toObject().value(u"type").toString() == u"image_url";
    }
    a.promptTokens = m_promptTokens > 0 ? m_promptTokens : 10 + 85 * images;
    a.completionTokens = m_completionTokens > 0 ? m_completionTokens : int(a.pieces.size());
    if (kind == K::FinishLength)
        a.finishReason = u"length"_s;
    if (kind == K::ContentArray)
        a.contentArray = true;

    const bool streamShaped = fault && kind != K::StallBeforeHead && kind != K::FinishLength
        && kind != K::ContentArray && kind != K::JsonForStream;
    if ((!a.stream && !streamShaped) || kind == K::JsonForStream) {
        Response r = jsonResponse(m_backend, 200, completionJson(a), serial);
        if (kind == K::StallBeforeHead)
            r.stallMs = fault->ms;
        else if (!fault)
            r.stallMs = m_answerDelayMs;
        return r;
    }

    const QList<QByteArray> payloads = streamPayloads(a);
    QList<QByteArray> events;
    for (const QByteArray &p : payloads)
        events.append(sseEvent(p));
    const qsizetype beforeDone = events.size() - 1;
    const auto errorAt = [&](int n) { return qBound<qsizetype>(0, qsizetype(n), beforeDone); };

    switch (kind) {
    case K::NoDone: events.removeLast(); break;
    case K::DoneThenGarbage:
        events.append(QByteArrayLiteral("data: garbage after [DONE]\n\n"));
        events.append(QByteArrayLiteral("this line is not an event stream at all\n\n"));
        break;
    case K::KeepAlives: {
        QList<QByteArray> spaced{QByteArrayLiteral(": keep-alive\n\n")};
        for (qsizetype i = 0; i < events.size(); ++i) {
            spaced.append(events.at(i));
            if (i + 1 < events.size())
                spaced.append(i % 2 == 0 ? QByteArrayLiteral("event: ping\n\n") : QByteArrayLiteral(": keep-alive\n\n"));
        }
        events = spaced;
        break;
    }
    case K::MultiLineData:
        for (qsizetype i = 0; i < beforeDone; ++i) {
            QByteArray multi;
            for (const QByteArray &line : splitAtTopLevelCommas(payloads.at(i)))
                multi += "data: " + line + '\n';
            events[i] = multi + '\n';
        }
        break;
    case K::ErrorThenDone:
    case K::ErrorNoDone:
    case K::LegacyErrorLine: {
        events = events.mid(0, errorAt(fault->events));
        if (kind == K::LegacyErrorLine)
            events.append("error: " + compact(errorJson(Backend::LlamaCpp, 500, u"fake legacy error line"_s, {}, {})) + "\n\n");
        else
            events.append(sseEvent(compact(midStreamError(m_backend))));
        if (kind == K::ErrorThenDone)
            events.append(sseEvent(QByteArrayLiteral("[DONE]")));
        break;
    }
    default: break;
    }
    if (kind == K::CrlfFraming || kind == K::CrFraming) {
        for (QByteArray &e : events)
            e.replace('\n', kind == K::CrlfFraming ? QByteArrayLiteral("\r\n") : QByteArrayLiteral("\r"));
    }

    if (kind == K::ByteSplit) {
        const QByteArray all = events.join();
        events.clear();
        for (char c : all)
            events.append(QByteArray(1, c));
    }
    Response r = streamResponse(m_backend, serial, events, kind == K::ByteSplit ? 0 : m_chunkDelayMs);
    if (kind == K::StallBeforeHead)
        r.stallMs = fault->ms;
    else if (!fault)
        r.stallMs = m_answerDelayMs;
    if (kind == K::StallMidStream && fault->events < r.chunks.size())
        r.chunks[qMax(0, fault->events)].delayMs += fault->ms;
    if (kind == K::DropMidStream) {
        qint64 budget = headSize(r);
        for (qsizetype i = 0; i < qMin<qsizetype>(qMax(0, fault->events), r.chunks.size()); ++i)
            budget += chunkFramed(r.chunks.at(i).data).size();
        r.dropAfterBytes = budget;
    }
    return r;
}

QString lastPromptText(const QJsonObject &body)
{
    const QJsonValue content = body.value(QLatin1String("messages")).toArray().last().toObject().value(QLatin1String("content"));
    for (const QJsonValue &part : content.toArray()) {
        if (part.toObject().value(QLatin1String("type")).toString() == QLatin1String("text"))
            return part.toObject().value(QLatin1String("text")).toString();
    }
    return content.toString();
}

QString bracketedName(const QJsonObject &body)
{
    static const QRegularExpression re(QStringLiteral("<([^>]*)>"));
    return re.match(lastPromptText(body)).captured(1);
}

} // namespace squint::test
