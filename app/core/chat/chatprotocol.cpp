#include "core/chat/chatprotocol.h"

#include "core/util/enumnames.h"
#include "core/util/format.h"
#include "core/util/httpstatus.h"

#include <QCoreApplication>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QRegularExpression>

#include <algorithm>
#include <cmath>

namespace squint {

// Translation context for this file's messages (lupdate reads it from here).
namespace {
class Tr
{
    Q_DECLARE_TR_FUNCTIONS(squint::ChatProtocol)
};
} // namespace

namespace {

constexpr qsizetype MaxServerWords = 500;

// ---- small text helpers ----------------------------------------------------------------------

/// Whitespace collapsed, trimmed, cut to at most `max` characters (at a word boundary when one is
/// near, with an ellipsis).
QString clip(const QString &s, qsizetype max = MaxServerWords)
{
    QString t = s.simplified();
    if (t.size() <= max)
        return t;
    qsizetype cut = t.lastIndexOf(QLatin1Char(' '), max - 1);
    if (cut < max * 3 / 4)
        cut = max - 1;
    if (cut > 0 && t.at(cut - 1).isHighSurrogate())
        --cut;
    t.truncate(cut);
    return t + QChar(0x2026);
}

/// `s` ending with a full stop unless it already ends with sentence punctuation.
QString sentence(const QString &s)
{
    if (s.isEmpty())
        return s;
    const QChar last = s.back();
    if (last == QLatin1Char('.') || last == QLatin1Char('!') || last == QLatin1Char('?') || last == QChar(0x2026)
        || last == QChar(0x3002))
        return s;
    QString t = s;
    while (!t.isEmpty() && QStringView(u":,;").contains(t.back()))
        t.chop(1);
    return t + QLatin1Char('.');
}

QString jsonText(const QJsonValue &v)
{
    if (v.isString())
        return v.toString();
    if (v.isDouble())
        return QString::number(qint64(v.toDouble()));
    return {};
}

bool truthy(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        return false;
    case QJsonValue::Bool:
        return v.toBool();
    case QJsonValue::Double:
        return v.toDouble() != 0;
    case QJsonValue::String:
        return !v.toString().isEmpty();
    default:
        return true;
    }
}

/// A fixed pattern (a string literal), case-insensitive, compiled once per thread.
const QRegularExpression &re(const char *pattern)
{
    static thread_local QHash<const char *, QRegularExpression> cache;
    auto it = cache.find(pattern);
    if (it == cache.end())
        it = cache.insert(pattern, QRegularExpression(QString::fromLatin1(pattern),
                                                      QRegularExpression::CaseInsensitiveOption
                                                          | QRegularExpression::DotMatchesEverythingOption));
    return *it;
}

// ---- HTML ------------------------------------------------------------------------------------

QString decodeEntities(const QString &s)
{
    if (!s.contains(QLatin1Char('&')))
        return s;
    static const QRegularExpression entity(QStringLiteral("&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});"));
    QString out;
    qsizetype last = 0;
    auto it = entity.globalMatch(s);
    while (it.hasNext()) {
        const QRegularExpressionMatch m = it.next();
        out += QStringView(s).mid(last, m.capturedStart() - last);
        const QString name = m.captured(1);
        QString rep;
        if (name.startsWith(QLatin1Char('#'))) {
            bool ok = false;
            const uint cp = name.startsWith(QLatin1String("#x"), Qt::CaseInsensitive) ? name.mid(2).toUInt(&ok, 16)
                                                                                      : name.mid(1).toUInt(&ok, 10);
            if (ok && cp > 0 && cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF)) {
                const char32_t c = cp;
                rep = QString::fromUcs4(&c, 1);
            }
        } else {
            static const QHash<QString, QString> named = {
                {QStringLiteral("amp"), QStringLiteral("&")},  {QStringLiteral("lt"), QStringLiteral("<")},
                {QStringLiteral("gt"), QStringLiteral(">")},   {QStringLiteral("quot"), QStringLiteral("\"")},
                {QStringLiteral("apos"), QStringLiteral("'")}, {QStringLiteral("nbsp"), QStringLiteral(" ")},
            };
            rep = named.value(name.toLower());
        }
        out += rep.isNull() ? m.captured(0) : rep;
        last = m.capturedEnd();
    }
    out += QStringView(s).mid(last);
    return out;
}

/// The next `needle` at or after a position (with `closingTag`, only where whitespace and '>'
/// follow it, as in "</script >"). The positions asked for only grow, so the page is read once.
class NextFinder
{
public:
    NextFinder(QString needle, bool closingTag)
        : m_needle(std::move(needle))
        , m_closingTag(closingTag)
    {
    }
    /// Index of the next match at or after `from`, -1 when none; *end is just past it.
    qsizetype find(QStringView s, qsizetype from, qsizetype *end)
    {
        if (m_at == -1 || m_at >= from) {
            *end = m_end;
            return m_at;
        }
        qsizetype i = from;
        while ((i = s.indexOf(m_needle, i, Qt::CaseInsensitive)) >= 0) {
            qsizetype j = i + m_needle.size();
            if (m_closingTag) {
                while (j < s.size() && s.at(j).isSpace())
                    ++j;
                if (j >= s.size() || s.at(j) != u'>') {
                    i = j;
                    continue;
                }
                ++j;
            }
            m_at = i;
            m_end = j;
            *end = j;
            return i;
        }
        m_at = -1;
        return -1;
    }

private:
    QString m_needle;
    bool m_closingTag;
    qsizetype m_at = -2; ///< -2: not searched yet
    qsizetype m_end = 0;
};

} // namespace

QString htmlErrorWords(QStringView html)
{
    // Characters kept per part, whitespace collapsed; far more than clip() keeps of them.
    constexpr qsizetype MaxPart = 16 * 1024;
    enum Part { Pre, Title, H1, Page, PartCount };
    QString text[PartCount];
    bool open[PartCount] = {false, false, false, true};
    bool closed[PartCount] = {};
    bool inHead = false;
    NextFinder commentEnd(QStringLiteral("-->"), false);
    NextFinder scriptEnd(QStringLiteral("</script"), true);
    NextFinder styleEnd(QStringLiteral("</style"), true);
    NextFinder headEnd(QStringLiteral("</head"), true);
    qsizetype nextGt = -2; // the next '>' (-1: none left)

    auto add = [&](QChar c) {
        for (int p = 0; p < PartCount; ++p) {
            if (!open[p] || (p == Page && inHead) || text[p].size() >= MaxPart)
                continue;
            if (c.isSpace()) {
                if (!text[p].isEmpty() && text[p].back() != u' ')
                    text[p] += u' ';
            } else {
                text[p] += c;
            }
        }
    };

    const qsizetype n = html.size();
    qsizetype i = 0;
    while (i < n) {
        const QChar c = html.at(i);
        if (c != u'<') {
            add(c);
            ++i;
            continue;
        }
        qsizetype end = 0;
        if (html.mid(i, 4) == QLatin1String("<!--") && commentEnd.find(html, i + 4, &end) >= 0) {
            add(u' ');
            i = end;
            continue;
        }
        if (nextGt != -1 && nextGt <= i)
            nextGt = html.indexOf(u'>', i + 1);
        if (nextGt < 0) { // no tag can close any more: the rest is text
            add(c);
            ++i;
            continue;
        }
        const qsizetype gt = nextGt;
        qsizetype j = i + 1;
        const bool closing = j < gt && html.at(j) == u'/';
        if (closing)
            ++j;
        const qsizetype nameStart = j;
        while (j < gt && (html.at(j).isLetterOrNumber()))
            ++j;
        const QString name = html.mid(nameStart, j - nameStart).toString().toLower();
        i = gt + 1;
        add(u' ');
        int part = -1;
        if (name == QLatin1String("pre"))
            part = Pre;
        else if (name == QLatin1String("title"))
            part = Title;
        else if (name == QLatin1String("h1"))
            part = H1;
        if (part >= 0) {
            if (closing && open[part]) {
                open[part] = false;
                closed[part] = true;
            } else if (!closing && !open[part] && !closed[part]) {
                open[part] = true;
                text[part].clear();
            }
            continue;
        }
        if (name == QLatin1String("head")) {
            // Hidden up to its end tag, when there is one (the title inside is still read).
            if (closing)
                inHead = false;
            else if (headEnd.find(html, i, &end) >= 0)
                inHead = true;
            continue;
        }
        if (!closing && (name == QLatin1String("script") || name == QLatin1String("style"))) {
            NextFinder &f = name == QLatin1String("script") ? scriptEnd : styleEnd;
            if (f.find(html, i, &end) >= 0)
                i = end; // its content is code, not words
        }
    }
    for (int p : {Pre, Title, H1}) {
        if (closed[p]) {
            const QString t = decodeEntities(text[p]).simplified();
            if (!t.isEmpty())
                return t;
        }
    }
    return decodeEntities(text[Page]).simplified();
}

namespace {

// ---- error bodies ------------------------------------------------------------------------------

struct Words
{
    QString message;
    QString code;
    QString param;
    int number = 0; ///< a numeric code (llama.cpp, vLLM, Databricks), 0 when none
};

Words wordsFromObject(const QJsonObject &o, int depth);

/// A message that is itself JSON ({"error":"Upstream error: ..."}) gives the words inside it.
void unwrapJsonMessage(Words &w, int depth)
{
    const QString t = w.message.trimmed();
    if (depth > 4 || !t.startsWith(QLatin1Char('{')))
        return;
    const QJsonDocument inner = QJsonDocument::fromJson(t.toUtf8());
    if (!inner.isObject())
        return;
    const Words in = wordsFromObject(inner.object(), depth + 1);
    if (!in.message.isEmpty())
        w.message = in.message;
    if (w.code.isEmpty())
        w.code = in.code;
    if (w.param.isEmpty())
        w.param = in.param;
}

QString detailText(const QJsonValue &v, int depth)
{
    if (v.isString())
        return v.toString();
    if (v.isObject())
        return wordsFromObject(v.toObject(), depth + 1).message;
    if (v.isArray()) {
        // FastAPI / pydantic validation errors: [{"loc":[...],"msg":"...","type":"..."}, ...]
        QStringList parts;
        for (const QJsonValue &item : v.toArray()) {
            QString t;
            if (item.isObject()) {
                const QJsonObject io = item.toObject();
                t = io.value(QLatin1String("msg")).toString();
                if (t.isEmpty())
                    t = io.value(QLatin1String("message")).toString();
                const QJsonArray loc = io.value(QLatin1String("loc")).toArray();
                if (!t.isEmpty() && !loc.isEmpty()) {
                    QStringList path;
                    for (const QJsonValue &l : loc)
                        path << (l.isString() ? l.toString() : QString::number(l.toInt()));
                    t = path.join(QLatin1Char('.')) + QLatin1String(": ") + t;
                }
            } else {
                t = item.toString();
            }
            if (!t.isEmpty())
                parts << t;
        }
        return parts.join(QLatin1String("; "));
    }
    return {};
}

/// The first string under a key that sounds like a message, anywhere in an unfamiliar shape.
QString searchWords(const QJsonObject &o, int depth)
{
    if (depth > 4)
        return {};
    static const QRegularExpression key(QStringLiteral("message|error|detail|reason|description"),
                                        QRegularExpression::CaseInsensitiveOption);
    for (auto it = o.begin(); it != o.end(); ++it) {
        if (it.value().isString() && !it.value().toString().trimmed().isEmpty() && key.match(it.key()).hasMatch())
            return it.value().toString();
    }
    for (auto it = o.begin(); it != o.end(); ++it) {
        if (it.value().isObject()) {
            const QString t = searchWords(it.value().toObject(), depth + 1);
            if (!t.isEmpty())
                return t;
        }
    }
    return {};
}

/// Words of every error shape docs/protocol.md lists (sections 3 and 5): {"error":{...}},
/// {"error":"..."} (with or without external_model_message), {"error_code":...,"message":...},
/// {"object":"error",...}, {"detail":...}.
Words wordsFromObject(const QJsonObject &o, int depth)
{
    Words w;
    if (depth > 4)
        return w;
    const QJsonValue err = o.value(QLatin1String("error"));
    if (err.isObject()) {
        w = wordsFromObject(err.toObject(), depth + 1);
    } else if (err.isString() && !err.toString().trimmed().isEmpty()) {
        w.message = err.toString();
        // Databricks external models: {"error":"Received error from ...","external_model_message":{...}}
        const QJsonValue ext = o.value(QLatin1String("external_model_message"));
        if (ext.isObject()) {
            const Words e = wordsFromObject(ext.toObject(), depth + 1);
            if (!e.message.isEmpty())
                w = e;
        } else if (ext.isString() && !ext.toString().trimmed().isEmpty()) {
            w.message = ext.toString();
        }
    }
    if (w.message.isEmpty()) {
        for (const char *k : {"message", "msg", "detail", "error_description", "title"}) {
            const QString t = detailText(o.value(QLatin1String(k)), depth);
            if (!t.trimmed().isEmpty()) {
                w.message = t;
                break;
            }
        }
    }
    if (w.code.isEmpty()) {
        const QJsonValue code = o.value(QLatin1String("code"));
        const QJsonValue errorCode = o.value(QLatin1String("error_code"));
        const QJsonValue type = o.value(QLatin1String("type"));
        if (code.isString() && !code.toString().isEmpty())
            w.code = code.toString();
        else if (!jsonText(errorCode).isEmpty())
            w.code = jsonText(errorCode);
        else if (type.isString() && !type.toString().isEmpty())
            w.code = type.toString();
        else
            w.code = jsonText(code);
        if (code.isDouble())
            w.number = code.toInt();
        else if (errorCode.isDouble())
            w.number = errorCode.toInt();
    }
    if (w.param.isEmpty())
        w.param = o.value(QLatin1String("param")).toString();
    unwrapJsonMessage(w, depth);
    return w;
}

/// Every server-provided string of `w` with `secret` hidden, before anything is clipped: a token
/// cut at the clip would otherwise leave its start.
Words redacted(Words w, QByteArrayView secret)
{
    w.message = redactSecret(w.message, secret);
    w.code = redactSecret(w.code, secret);
    w.param = redactSecret(w.param, secret);
    return w;
}

Words wordsFromBody(QByteArrayView contentType, QByteArrayView body)
{
    Words w;
    const QByteArrayView trimmed = body.trimmed();
    if (trimmed.isEmpty())
        return w;
    const bool looksJson = trimmed.front() == '{' || trimmed.front() == '[';
    if (looksJson) {
        QJsonParseError pe;
        const QJsonDocument doc = QJsonDocument::fromJson(QByteArray::fromRawData(trimmed.data(), trimmed.size()), &pe);
        if (doc.isObject()) {
            w = wordsFromObject(doc.object(), 0);
            if (w.message.trimmed().isEmpty())
                w.message = searchWords(doc.object(), 0);
            if (w.message.trimmed().isEmpty())
                w.message = QString::fromUtf8(doc.toJson(QJsonDocument::Compact));
            return w;
        }
        if (doc.isArray()) {
            w.message = detailText(doc.array(), 0);
            if (w.message.isEmpty())
                w.message = QString::fromUtf8(doc.toJson(QJsonDocument::Compact));
            return w;
        }
    }
    const QString text = QString::fromUtf8(trimmed);
    const bool html = QByteArray::fromRawData(contentType.data(), contentType.size()).toLower().contains("html")
                      || trimmed.front() == '<';
    if (html) {
        w.message = htmlErrorWords(text);
        return w;
    }
    // Plain text; Databricks' "ERROR_CODE: message" form gives its code.
    w.message = text;
    static const QRegularExpression codePrefix(QStringLiteral(R"(^([A-Z][A-Z0-9_]{2,}):\s)"));
    const QRegularExpressionMatch m = codePrefix.match(text);
    if (m.hasMatch())
        w.code = m.captured(1);
    return w;
}

QString lettersOnly(const QString &s)
{
    QString out;
    out.reserve(s.size());
    for (QChar c : s)
        if (c.isLetter())
            out += c.toLower();
    return out;
}

/// Words that only repeat the status ("413 Request Entity Too Large", "HTTP ERROR 502", "Bad Gateway").
bool addsNothing(const QString &words, int status, const QString &phrase)
{
    QString w = words;
    w.remove(QString::number(status));
    w = lettersOnly(w);
    if (w.startsWith(QLatin1String("http")))
        w.remove(0, 4);
    if (w.startsWith(QLatin1String("error")))
        w.remove(0, 5);
    if (w.isEmpty())
        return true;
    if (w == lettersOnly(phrase))
        return true;
    if (status == 413)
        return w == QLatin1String("requestentitytoolarge") || w == QLatin1String("contenttoolarge");
    return false;
}

bool sizeWords(const QString &text)
{
    // "max_tokens is too large: ..." is about a parameter, not the request's size.
    if (re(R"(max_tokens|max_completion_tokens|max_output_tokens|max_new_tokens)").match(text).hasMatch())
        return false;
    return re(R"(too large|too big|too long|exceed|payload|request size|maximum size|max size|body size|size limit|)"
              R"(context length|context_length|context window|maximum context|too many tokens|prompt token count|)"
              R"(request_too_large|entity too large)")
        .match(text)
        .hasMatch();
}

bool rejectionWords(const QString &text)
{
    return re(R"(unknown (field|parameter|argument|key)|unrecogni[sz]ed|unsupported|not supported|does not support|)"
              R"(doesn't support|not allowed|not permitted|extra (inputs|fields)|unexpected|invalid|not implemented|)"
              R"(cannot|can't|only allowed|not available|not valid)")
        .match(text)
        .hasMatch();
}

bool mentionsStreamOptions(const ApiError &e)
{
    return re(R"(stream_options|streamoptions|include_usage)").match(e.serverMessage).hasMatch()
           || re(R"(stream_options|include_usage)").match(e.param).hasMatch();
}

bool mentionsStream(const ApiError &e)
{
    // "stream" or "streaming" as a word, not "upstream" or "stream_options".
    const QRegularExpression &word = re(R"((?<![A-Za-z_])stream(ing|ed)?(?![A-Za-z_]))");
    return word.match(e.serverMessage).hasMatch() || e.param == QLatin1String("stream");
}

/// The hint for an error: what the status, the code and the words suggest doing.
QString hintFor(int status, const QString &code, const QString &words)
{
    const QString all = words + QLatin1Char(' ') + code;
    if (status == 413 || ((status == 400 || status == 422 || status == 0) && sizeWords(all)))
        return Tr::tr("The request is too large for this endpoint: use Fit to Model, send fewer images, or set a lower "
                      "request size for this endpoint under Limits….");
    if (status == 401 || status == 403)
        return Tr::tr("Check the access token of this connection: it may be wrong, expired, or not allowed to use this "
                      "endpoint.");
    if (status == 404)
        return Tr::tr("Check the model or endpoint name, and the address of the connection.");
    if (status == 429) {
        if (code == QLatin1String("insufficient_quota") || re(R"(\bquota\b)").match(words).hasMatch())
            return Tr::tr("The account's quota is used up: check its plan and billing.");
        return Tr::tr("The server is rate limiting requests.");
    }
    if (status == 408)
        return Tr::tr("The server gave up waiting for the request: try again, or send a smaller request.");
    if (status >= 500)
        return Tr::tr("The server, or a gateway in front of it, is having trouble: try again in a moment.");
    if (re(R"(image)").match(words).hasMatch()
        && re(R"(not supported|only supported|does not support|doesn't support|mmproj|not a vision)")
               .match(words)
               .hasMatch())
        return Tr::tr("This model may not accept images: choose a vision model.");
    return {};
}

/// The error reported inside a 2xx response: a mid-stream {"error":...} or event: error, or an
/// error body in place of a chat.completion.
ApiError errorFromWords(const Words &serverWords, bool midStream, QByteArrayView secret)
{
    const Words w = redacted(serverWords, secret);
    ApiError e;
    e.kind = ApiError::Kind::Stream;
    e.code = w.code;
    e.param = w.param;
    e.serverMessage = clip(w.message);
    if (midStream)
        e.message = e.serverMessage.isEmpty()
                        ? Tr::tr("The server reported an error during the answer.")
                        : Tr::tr("The server reported an error during the answer: %1").arg(sentence(e.serverMessage));
    else
        e.message = e.serverMessage.isEmpty()
                        ? Tr::tr("The server answered with an error.")
                        : Tr::tr("The server answered with an error: %1").arg(sentence(e.serverMessage));
    const int effective = w.number >= 400 && w.number < 600 ? w.number : 0;
    e.hint = hintFor(effective, w.code, e.serverMessage);
    return e;
}

// ---- chunks and completions -----------------------------------------------------------------

// A token count as the server gave it, or -1. A count that no integer holds (5e72, -1, NaN) is no
// count: converting it to qint64 would be undefined behaviour.
qint64 count(const QJsonValue &v)
{
    if (!v.isDouble())
        return -1;
    const double d = v.toDouble();
    return d >= 0 && d <= 9.0e15 ? qint64(d) : -1;
}

TokenUsage usageFrom(const QJsonObject &u)
{
    TokenUsage t;
    t.prompt = count(u.value(QLatin1String("prompt_tokens")));
    t.completion = count(u.value(QLatin1String("completion_tokens")));
    t.total = count(u.value(QLatin1String("total_tokens")));
    const QJsonObject details = u.value(QLatin1String("completion_tokens_details")).toObject();
    t.reasoning = count(details.value(QLatin1String("reasoning_tokens")));
    if (t.reasoning < 0)
        t.reasoning = count(u.value(QLatin1String("reasoning_tokens"))); // Databricks
    if (t.total < 0 && t.prompt >= 0 && t.completion >= 0)
        t.total = t.prompt + t.completion;
    return t;
}

void append(QString &to, const QString &s, bool separate)
{
    if (s.isEmpty())
        return;
    if (separate && !to.isEmpty())
        to += QLatin1String("\n\n");
    to += s;
}

/// content as a string or as an array of parts: text parts go to `text`, reasoning (summary_text
/// items, or a reasoning part's own text) to `reasoning`. `separate`: a blank line between parts
/// (whole messages); stream deltas are concatenated as they come.
void takeContent(const QJsonValue &content, QString &text, QString &reasoning, bool separate)
{
    if (content.isString()) {
        text += content.toString();
        return;
    }
    if (!content.isArray())
        return;
    for (const QJsonValue &item : content.toArray()) {
        if (item.isString()) {
            append(text, item.toString(), separate);
            continue;
        }
        const QJsonObject part = item.toObject();
        const QString type = part.value(QLatin1String("type")).toString();
        if (type == QLatin1String("text") || type == QLatin1String("output_text")) {
            append(text, part.value(QLatin1String("text")).toString(), separate);
        } else if (type == QLatin1String("reasoning") || type == QLatin1String("thinking")) {
            const QJsonValue summary = part.value(QLatin1String("summary"));
            if (summary.isArray()) {
                for (const QJsonValue &s : summary.toArray()) {
                    const QString t = s.isString() ? s.toString()
                                                   : s.toObject().value(QLatin1String("text")).toString();
                    append(reasoning, t, separate);
                }
            } else if (summary.isString()) {
                append(reasoning, summary.toString(), separate);
            }
            append(reasoning, part.value(QLatin1String("text")).toString(), separate);
            append(reasoning, part.value(QLatin1String("thinking")).toString(), separate);
        }
    }
}

/// message.reasoning (Ollama, vLLM) or reasoning_content (vLLM, llama.cpp, DeepSeek).
void takeReasoning(const QJsonObject &m, QString &reasoning)
{
    for (const char *k : {"reasoning_content", "reasoning"}) {
        const QJsonValue v = m.value(QLatin1String(k));
        if (v.isString())
            reasoning += v.toString();
    }
}

/// The first choice (index 0, or no index) of a choices array.
QJsonObject firstChoice(const QJsonArray &choices)
{
    for (const QJsonValue &c : choices) {
        const QJsonObject o = c.toObject();
        const QJsonValue index = o.value(QLatin1String("index"));
        if (index.isUndefined() || index.isNull() || index.toInt() == 0)
            return o;
    }
    return {};
}

/// retry-after-ms (float ms), else Retry-After as float seconds, else as an HTTP date minus now.
std::optional<double> serverDelayMs(QByteArrayView retryAfter, QByteArrayView retryAfterMs, const QDateTime &now)
{
    bool ok = false;
    const QByteArrayView ms = retryAfterMs.trimmed();
    if (!ms.isEmpty()) {
        const double v = ms.toDouble(&ok);
        if (ok && std::isfinite(v))
            return v;
    }
    const QByteArrayView ra = retryAfter.trimmed();
    if (ra.isEmpty())
        return std::nullopt;
    const double secs = ra.toDouble(&ok);
    if (ok && std::isfinite(secs))
        return secs * 1000.0;
    if (!now.isValid())
        return std::nullopt;
    const QString text = QString::fromLatin1(ra);
    QDateTime when = QDateTime::fromString(text, Qt::RFC2822Date);
    if (!when.isValid()) {
        // IMF-fixdate with "GMT", in the C locale whatever the user's language.
        when = QLocale::c().toDateTime(text, QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'"));
        if (when.isValid())
            when.setTimeSpec(Qt::UTC);
    }
    if (!when.isValid())
        return std::nullopt;
    return double(now.msecsTo(when));
}

} // namespace

// ---- public ------------------------------------------------------------------------------------

StreamPiece interpretStreamEvent(const SseEvent &event, QByteArrayView secret)
{
    StreamPiece piece;
    const QByteArray &data = event.data;
    if (data == "[DONE]") {
        piece.kind = StreamPiece::Kind::Done;
        return piece;
    }
    const bool errorEvent = event.event == "error";
    if (data.isEmpty()) {
        if (errorEvent) {
            piece.kind = StreamPiece::Kind::Error;
            piece.error = errorFromWords({}, true, secret);
        }
        return piece; // Ignored: event: ping, a bare "data:", ...
    }
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(data, &pe);
    if (!doc.isObject()) {
        if (errorEvent) {
            // event: error with text that is not JSON: the text is the server's words.
            piece.kind = StreamPiece::Kind::Error;
            Words w;
            w.message = QString::fromUtf8(data);
            piece.error = errorFromWords(w, true, secret);
            return piece;
        }
        piece.kind = StreamPiece::Kind::Malformed;
        piece.error.kind = ApiError::Kind::Protocol;
        piece.error.serverMessage = clip(redactSecret(QString::fromUtf8(data), secret), 200);
        piece.error.message = Tr::tr("The server sent a piece of the answer that is not valid JSON.");
        return piece;
    }
    const QJsonObject chunk = doc.object();
    if (errorEvent || truthy(chunk.value(QLatin1String("error")))) {
        piece.kind = StreamPiece::Kind::Error;
        piece.error = errorFromWords(wordsFromObject(chunk, 0), true, secret);
        return piece;
    }

    piece.kind = StreamPiece::Kind::Delta;
    const QJsonValue model = chunk.value(QLatin1String("model"));
    if (model.isString())
        piece.model = model.toString();
    const QJsonValue usage = chunk.value(QLatin1String("usage"));
    if (usage.isObject())
        piece.usage = usageFrom(usage.toObject());
    const QJsonObject choice = firstChoice(chunk.value(QLatin1String("choices")).toArray());
    if (!choice.isEmpty()) {
        QJsonValue delta = choice.value(QLatin1String("delta"));
        if (!delta.isObject())
            delta = choice.value(QLatin1String("message")); // a whole message sent as one chunk
        const QJsonObject d = delta.toObject();
        takeContent(d.value(QLatin1String("content")), piece.content, piece.reasoning, false);
        takeReasoning(d, piece.reasoning);
        const QJsonValue finish = choice.value(QLatin1String("finish_reason"));
        if (finish.isString())
            piece.finishReason = finish.toString();
    }
    return piece;
}

Completion parseCompletion(QByteArrayView body, QByteArrayView secret)
{
    Completion c;
    const QByteArrayView trimmed = body.trimmed();
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray::fromRawData(trimmed.data(), trimmed.size()));
    if (!doc.isObject()) {
        c.error.kind = ApiError::Kind::Protocol;
        c.error.serverMessage = clip(redactSecret(QString::fromUtf8(trimmed), secret), 200);
        c.error.message = Tr::tr("The server's answer is not valid JSON.");
        return c;
    }
    const QJsonObject o = doc.object();
    if (truthy(o.value(QLatin1String("error"))) || o.contains(QLatin1String("error_code"))) {
        c.error = errorFromWords(wordsFromObject(o, 0), false, secret);
        return c;
    }
    const QJsonValue model = o.value(QLatin1String("model"));
    if (model.isString())
        c.model = model.toString();
    const QJsonValue usage = o.value(QLatin1String("usage"));
    if (usage.isObject())
        c.usage = usageFrom(usage.toObject());
    const QJsonValue choices = o.value(QLatin1String("choices"));
    const QJsonObject choice = firstChoice(choices.toArray());
    if (choice.isEmpty()) {
        c.error.kind = ApiError::Kind::Protocol;
        c.error.message = Tr::tr("The server's answer has no choices.");
        return c;
    }
    const QJsonObject m = choice.value(QLatin1String("message")).toObject();
    takeContent(m.value(QLatin1String("content")), c.content, c.reasoning, true);
    takeReasoning(m, c.reasoning);
    if (c.content.isEmpty())
        c.content = m.value(QLatin1String("refusal")).toString();
    const QJsonValue finish = choice.value(QLatin1String("finish_reason"));
    if (finish.isString())
        c.finishReason = finish.toString();
    c.ok = true;
    return c;
}

ApiError errorFromHttp(int status, QByteArrayView contentType, QByteArrayView body, QByteArrayView reasonPhrase,
                       QByteArrayView secret)
{
    ApiError e;
    e.kind = ApiError::Kind::Http;
    e.status = status;
    const Words w = redacted(wordsFromBody(contentType, body), secret);
    e.code = w.code;
    e.param = w.param;
    e.serverMessage = clip(w.message);

    const QString reason = redactSecret(QString::fromUtf8(reasonPhrase.trimmed()), secret);
    QString phrase = httpReasonPhrase(status);
    if (phrase.isEmpty())
        phrase = reason;
    // A body that says nothing (or is empty): a non-standard reason phrase is the server's words
    // (Databricks sends "Invalid access token." as X-Databricks-Reason-Phrase).
    if (e.serverMessage.isEmpty() && !reason.isEmpty() && !addsNothing(reason, status, phrase))
        e.serverMessage = clip(reason);

    QString statusText = QString::number(status);
    if (!phrase.isEmpty())
        statusText += QLatin1Char(' ') + phrase;
    if (e.serverMessage.isEmpty() || addsNothing(e.serverMessage, status, phrase))
        e.message = Tr::tr("The server answered %1.").arg(statusText);
    else
        e.message = Tr::tr("The server answered %1: %2").arg(statusText, sentence(e.serverMessage));
    e.hint = hintFor(status, e.code, e.serverMessage);
    return e;
}

namespace {
constexpr EnumName<ApiError::Kind> ApiErrorKindNames[] = {
    {ApiError::Kind::None, u"none"},
    {ApiError::Kind::Network, u"network"},
    {ApiError::Kind::Timeout, u"timeout"},
    {ApiError::Kind::Tls, u"tls"},
    {ApiError::Kind::Http, u"http"},
    {ApiError::Kind::Stream, u"stream"},
    {ApiError::Kind::Protocol, u"protocol"},
    {ApiError::Kind::Canceled, u"canceled"},
};
} // namespace

QString apiErrorKindName(ApiError::Kind kind)
{
    return nameOf(ApiErrorKindNames, kind);
}

std::optional<ApiError::Kind> apiErrorKindFromName(QStringView name)
{
    if (name.isEmpty())
        return ApiError::Kind::None;
    return valueOf(ApiErrorKindNames, name);
}

ApiError transportError(ApiError::Kind kind, const QString &detail, const QString &host)
{
    ApiError e;
    e.kind = kind;
    const QString where = host.isEmpty() ? Tr::tr("the server") : host;
    const QString d = detail.simplified();
    switch (kind) {
    case ApiError::Kind::Timeout:
        e.message = d.isEmpty() ? Tr::tr("No answer from %1 in time.").arg(where)
                                : Tr::tr("No answer from %1 in time (%2).").arg(where, d);
        e.hint = Tr::tr("The server may be busy, or the request slow to upload: try again, perhaps with fewer or "
                        "smaller images.");
        break;
    case ApiError::Kind::Tls:
        e.message = d.isEmpty() ? Tr::tr("The secure connection to %1 failed.").arg(where)
                                : Tr::tr("The secure connection to %1 failed: %2").arg(where, sentence(d));
        e.hint = Tr::tr("Check the computer's date and time, and whether a proxy or security software on this network "
                        "replaces certificates. A company's own certificate authority belongs in the system's store, "
                        "which Squint trusts: copy its certificate (.crt) to /usr/local/share/ca-certificates and "
                        "run update-ca-certificates as root. If it happens only with large requests, the endpoint "
                        "may be cutting them off for their size: use Fit to Model.");
        break;
    case ApiError::Kind::Canceled:
        e.message = Tr::tr("The request was stopped.");
        break;
    case ApiError::Kind::Network:
    default:
        e.kind = kind == ApiError::Kind::None ? ApiError::Kind::Network : kind;
        e.message = d.isEmpty() ? Tr::tr("The connection to %1 failed.").arg(where)
                                : Tr::tr("The connection to %1 failed: %2").arg(where, sentence(d));
        if (re(R"(closed|reset|broken pipe|eof)").match(d).hasMatch())
            e.hint = Tr::tr("If it happens only with large requests, the endpoint may be cutting them off for their "
                            "size: use Fit to Model or send fewer images.");
        else
            e.hint = Tr::tr("Check the network connection and the address of the connection.");
        break;
    }
    return e;
}

QString redactSecret(QString text, QByteArrayView secret)
{
    if (secret.isEmpty() || text.isEmpty())
        return text;
    const QString s = QString::fromUtf8(secret);
    const QString hidden = QStringLiteral("[token hidden]");
    static const QString bearer = QStringLiteral("Bearer");
    text.replace(QRegularExpression(bearer + QStringLiteral(R"(\s+)") + QRegularExpression::escape(s),
                                    QRegularExpression::CaseInsensitiveOption),
                 hidden);
    text.replace(s, hidden);
    return text;
}

void redactError(ApiError &e, QByteArrayView secret)
{
    for (QString *t : {&e.message, &e.serverMessage, &e.hint, &e.code, &e.param})
        *t = redactSecret(*t, secret);
}

bool rejectsStreamOptions(const ApiError &e)
{
    const bool statusFits = e.status == 400 || e.status == 422;
    return statusFits && mentionsStreamOptions(e) && rejectionWords(e.serverMessage + QLatin1Char(' ') + e.code);
}

bool rejectsStreaming(const ApiError &e)
{
    const bool statusFits = e.status == 400 || e.status == 422 || e.status == 501;
    // Words about stream_options are answered by dropping stream_options first.
    return statusFits && !mentionsStreamOptions(e) && mentionsStream(e)
           && rejectionWords(e.serverMessage + QLatin1Char(' ') + e.code);
}

QString rejectedParameter(const ApiError &e, const QStringList &sent)
{
    if (e.status != 400 && e.status != 422)
        return {};
    const QString words = e.serverMessage + QLatin1Char(' ') + e.code;
    static const QRegularExpression refusal(
        QStringLiteral(R"(unsupported|not supported|does not support|doesn't support|unknown (field|parameter|argument|key))"
                       R"(|unrecogni[sz]ed|extra (inputs|fields)|not permitted|not allowed)"),
        QRegularExpression::CaseInsensitiveOption);
    if (!refusal.match(words).hasMatch())
        return {};
    if (!e.param.isEmpty() && sent.contains(e.param))
        return e.param;
    // The first sent name the words give as a whole name ("max_tokens", not "max_tokens_x").
    qsizetype best = -1;
    QString found;
    for (const QString &name : sent) {
        const QRegularExpression word(QStringLiteral("(?<![A-Za-z0-9_])") + QRegularExpression::escape(name)
                                      + QStringLiteral("(?![A-Za-z0-9_])"));
        const QRegularExpressionMatch m = word.match(e.serverMessage);
        if (m.hasMatch() && (best < 0 || m.capturedStart() < best)) {
            best = m.capturedStart();
            found = name;
        }
    }
    return found;
}

bool isSizeError(const ApiError &e)
{
    if (e.status == 413)
        return true;
    const bool statusFits = e.status == 400 || e.status == 422 || (e.status == 0 && e.kind == ApiError::Kind::Stream);
    return statusFits && sizeWords(e.serverMessage + QLatin1Char(' ') + e.code);
}

RetryDecision decideRetry(int status, QByteArrayView retryAfter, QByteArrayView retryAfterMs,
                          QByteArrayView shouldRetry, int retriesSoFar, const QDateTime &now, double random01,
                          const RetryPolicy &policy)
{
    RetryDecision d;
    const QByteArray should = shouldRetry.trimmed().toByteArray().toLower();
    const bool transient = status == 0 || status == 408 || status == 409 || status == 429 || status >= 500;
    if (should == "false") {
        if (transient)
            d.reason = Tr::tr("The server says not to retry.");
        return d;
    }
    if (!transient && should != "true")
        return d; // not an error that retrying fixes: nothing to explain
    if (retriesSoFar >= policy.maxRetries) {
        d.reason = policy.maxRetries > 0 ? Tr::tr("Gave up after %n retry(s).", nullptr, retriesSoFar)
                                         : Tr::tr("Automatic retries are off.");
        return d;
    }
    const std::optional<double> server = serverDelayMs(retryAfter, retryAfterMs, now);
    if (server && *server >= 0) {
        if (*server > policy.maxServerDelayMs) {
            d.reason = Tr::tr("The server asks to wait %1 before trying again.")
                           .arg(formatDurationWords(*server));
            return d;
        }
        d.retry = true;
        d.serverDirected = true;
        d.delayMs = int(std::ceil(*server));
        return d;
    }
    const double sleepS = std::min(policy.baseDelayS * std::pow(2.0, retriesSoFar), policy.maxBackoffS);
    const double jitter = 1.0 - std::clamp(random01, 0.0, 1.0) * 0.25;
    d.retry = true;
    d.delayMs = int(std::lround(sleepS * jitter * 1000.0));
    return d;
}

} // namespace squint
