#include "core/chat/requestbody.h"

#include "core/util/base64.h"

#include <QByteArray>
#include <cmath>
#include <cstddef>
#include <cstring>

namespace squint {

namespace {

// The body is written by one routine over two kinds of sink: one counts bytes, one appends them.
// So chatBodySize() and buildChatBody() cannot drift apart. A sink writes nothing unescaped that
// comes from outside the code: `lit` takes only string literals (the JSON framing), every run-time
// string goes through JSON escaping (`str`, `strPart`), numbers through `number`.
template<std::size_t N>
using Literal = const char (&)[N];

struct CountSink
{
    qint64 n = 0;
    template<std::size_t N>
    void lit(Literal<N>) { n += qint64(N - 1); }
    void str(const QString &s) { n += jsonEscapedLength(s) + 2; }
    void strPart(const QString &s) { n += jsonEscapedLength(s); }
    void number(const QByteArray &digits) { n += digits.size(); }
    void base64(const BodyImage &img) { n += base64Length(img.size); }
};

struct WriteSink
{
    QByteArray out;
    char *p = nullptr;
    template<std::size_t N>
    void lit(Literal<N> s)
    {
        memcpy(p, s, N - 1);
        p += N - 1;
    }
    void str(const QString &s)
    {
        *p++ = '"';
        strPart(s);
        *p++ = '"';
    }
    void strPart(const QString &s);
    void number(const QByteArray &digits);
    void base64(const BodyImage &img)
    {
        encodeBase64(img.data.constData(), img.data.size(), p);
        p += base64Length(img.data.size());
    }
};

/// A JSON number: digits, sign, '.', 'e' only (QByteArray::number never writes anything else).
void WriteSink::number(const QByteArray &digits)
{
    for (const char c : digits) {
        Q_ASSERT((c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e');
        *p++ = c;
    }
}

const char hexDigits[] = "0123456789abcdef";

// JSON string escaping (RFC 8259): quote, backslash and control characters; everything else is
// written as UTF-8. Must stay in step with jsonEscapedLength().
void WriteSink::strPart(const QString &s)
{
    const QByteArray u = s.toUtf8();
    for (char ch : u) {
        const auto c = static_cast<unsigned char>(ch);
        switch (c) {
        case '"': *p++ = '\\'; *p++ = '"'; break;
        case '\\': *p++ = '\\'; *p++ = '\\'; break;
        case '\n': *p++ = '\\'; *p++ = 'n'; break;
        case '\r': *p++ = '\\'; *p++ = 'r'; break;
        case '\t': *p++ = '\\'; *p++ = 't'; break;
        case '\b': *p++ = '\\'; *p++ = 'b'; break;
        case '\f': *p++ = '\\'; *p++ = 'f'; break;
        default:
            if (c < 0x20) {
                *p++ = '\\'; *p++ = 'u'; *p++ = '0'; *p++ = '0';
                *p++ = hexDigits[c >> 4];
                *p++ = hexDigits[c & 15];
            } else {
                *p++ = char(c);
            }
        }
    }
}

template<typename Sink>
void writeImagePart(Sink &sink, const BodyImage &img)
{
    sink.lit(R"({"type":"image_url","image_url":{"url":"data:)");
    sink.strPart(img.mime);
    sink.lit(";base64,");
    sink.base64(img);
    sink.lit(R"("}})");
}

template<typename Sink>
void writeBody(Sink &sink, const ChatBodySpec &spec)
{
    sink.lit(R"({"model":)");
    sink.str(spec.model);
    sink.lit(R"(,"messages":[)");
    bool firstMessage = true;
    if (!spec.system.isEmpty()) {
        sink.lit(R"({"role":"system","content":)");
        sink.str(spec.system);
        sink.lit("}");
        firstMessage = false;
    }
    for (const BodyMessage &m : spec.messages) {
        if (!firstMessage)
            sink.lit(",");
        firstMessage = false;
        sink.lit(R"({"role":)");
        sink.str(m.role);
        sink.lit(R"(,"content":)");
        if (m.images.isEmpty()) {
            sink.str(m.text);
        } else {
            // Text first, then the images in tray order (the seed's examples use this order),
            // each after its label when it has one.
            sink.lit(R"([{"type":"text","text":)");
            sink.str(m.text);
            sink.lit("}");
            for (const BodyImage &img : m.images) {
                if (!img.label.isEmpty()) {
                    sink.lit(R"(,{"type":"text","text":)");
                    sink.str(img.label);
                    sink.lit("}");
                }
                sink.lit(",");
                writeImagePart(sink, img);
            }
            sink.lit("]");
        }
        sink.lit("}");
    }
    sink.lit("]");
    if (spec.maxTokens > 0) {
        sink.lit(",");
        sink.str(spec.maxTokensField);
        sink.lit(":");
        sink.number(QByteArray::number(spec.maxTokens));
    }
    if (spec.temperature >= 0 && std::isfinite(spec.temperature)) {
        sink.lit(R"(,"temperature":)");
        sink.number(QByteArray::number(spec.temperature, 'g', 3));
    }
    if (!spec.columns.isEmpty()) {
        sink.lit(R"(,"response_format":{"type":"json_schema","json_schema":{"name":)");
        sink.str(spec.schemaName);
        sink.lit(R"(,"schema":{"type":"object","properties":{)");
        bool first = true;
        for (const BodyColumn &c : spec.columns) {
            if (!first)
                sink.lit(",");
            sink.str(c.name);
            sink.lit(R"(:{"type":[)");
            bool firstType = true;
            for (const QString &t : c.types) {
                if (!firstType)
                    sink.lit(",");
                firstType = false;
                sink.str(t);
            }
            sink.lit("]}");
            first = false;
        }
        sink.lit(R"(},"required":[)");
        first = true;
        for (const BodyColumn &c : spec.columns) {
            if (!first)
                sink.lit(",");
            first = false;
            sink.str(c.name);
        }
        sink.lit(R"(],"additionalProperties":false},"strict":true}})");
    }
    if (spec.stream)
        sink.lit(R"(,"stream":true)");
    else
        sink.lit(R"(,"stream":false)");
    if (spec.stream && spec.includeUsage)
        sink.lit(R"(,"stream_options":{"include_usage":true})");
    sink.lit("}");
}

} // namespace

qint64 jsonEscapedLength(const QString &s)
{
    const QByteArray u = s.toUtf8();
    qint64 n = 0;
    for (char ch : u) {
        const auto c = static_cast<unsigned char>(ch);
        if (c == '"' || c == '\\' || c == '\n' || c == '\r' || c == '\t' || c == '\b' || c == '\f')
            n += 2;
        else if (c < 0x20)
            n += 6;
        else
            n += 1;
    }
    return n;
}

QString imageLabel(int n)
{
    // Sent to the model, not shown as UI: the same words whatever the user's language, so answers
    // say "Image 2" the way the compare view's captions do.
    return QStringLiteral("Image %1:").arg(n);
}

qint64 imagePartBytes(const QString &mime, qint64 rawBytes)
{
    CountSink c;
    c.lit(",");
    BodyImage img;
    img.mime = mime;
    img.size = rawBytes;
    writeImagePart(c, img);
    return c.n;
}

qint64 chatBodySize(const ChatBodySpec &spec)
{
    CountSink c;
    writeBody(c, spec);
    return c.n;
}

QByteArray buildChatBody(const ChatBodySpec &spec)
{
    // Count with the real data sizes, allocate once, then write.
    ChatBodySpec sized = spec;
    for (BodyMessage &m : sized.messages)
        for (BodyImage &img : m.images)
            img.size = img.data.size();
    const qint64 total = chatBodySize(sized);
    WriteSink w;
    w.out.resize(total);
    w.p = w.out.data();
    writeBody(w, sized);
    Q_ASSERT(w.p == w.out.data() + total);
    return w.out;
}

} // namespace squint
