#include "protocolbench.h"

#include "benchutil.h"

#include "core/util/base64.h"
#include "core/chat/chatprotocol.h"
#include "core/chat/requestbody.h"
#include "core/chat/sse.h"

#include <QElapsedTimer>
#include <QRandomGenerator>

#include <algorithm>
#include <cstring>
#include <limits>

namespace bench {

namespace {

constexpr double MB = 1024.0 * 1024.0;

double seconds(const QElapsedTimer &t) { return double(t.nsecsElapsed()) / 1e9; }

double medianOf(QList<double> v)
{
    if (v.isEmpty())
        return 0;
    std::sort(v.begin(), v.end());
    return v.size() % 2 ? v.at(v.size() / 2) : (v.at(v.size() / 2 - 1) + v.at(v.size() / 2)) / 2;
}

/// Reads "--name value" options; false on an unknown option or a bad number.
bool parseOptions(const QStringList &args, QList<QPair<QLatin1String, double *>> options)
{
    for (int i = 0; i < args.size(); ++i) {
        auto it = std::find_if(options.begin(), options.end(), [&](const auto &o) { return args.at(i) == o.first; });
        if (it == options.end() || i + 1 >= args.size())
            return false;
        bool ok = false;
        *it->second = args.at(++i).toDouble(&ok);
        if (!ok || *it->second <= 0)
            return false;
    }
    return true;
}

// Tokens as a vision model streams them, already escaped for a JSON string: mostly short ASCII
// words, some punctuation and escapes, some multi-byte UTF-8 (Latin, CJK, emoji).
const char *const tokens[] = {
    " The",  " image", " shows", " a",     " wooden", " board", "walk",  " path", " running", " through",
    " a",    " lush",  " green", " field", " or",     " meadow", ".",    ",",     " with",    " trees",
    " in",   " the",   " back",  "ground", ":",       "\\n",     "\\n\\n", " -",  " **",      "Details",
    "**",    " \\\"",  "sky",    "\\\"",   " Größe",  " café",   " naïve", " 日本", "語",      "の",
    " 写真", " —",     " 🐈",    " ✓",     " 42",     " px",     " (",    "approx", ")",      " is",
};
constexpr int tokenCount = int(sizeof(tokens) / sizeof(tokens[0]));

/// An OpenAI chat-completions stream of at least `bytes` bytes, shaped like docs/protocol.md 2.2:
/// a role chunk, content chunks of about five tokens with an obfuscation field of random length,
/// a finish chunk, the usage-only chunk and [DONE].
QByteArray makeStream(qint64 bytes)
{
    QRandomGenerator rng(20260501);
    static const char alnum[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    const QByteArray head = R"(data: {"id":"chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG","object":"chat.completion.chunk","created":1741570283,"model":"gpt-4o-2024-08-06","system_fingerprint":"fp_fc9f1d7035","choices":[{"index":0,"delta":{)";
    QByteArray s;
    s.reserve(bytes + 4096);
    s += head + R"("role":"assistant","content":"","refusal":null},"logprobs":null,"finish_reason":null}],"usage":null,"obfuscation":"Kx0"})"
         "\n\n";
    while (s.size() < bytes) {
        s += head;
        s += R"("content":")";
        const int n = 3 + int(rng.bounded(5)); // 3..7 tokens, about 5
        for (int i = 0; i < n; ++i)
            s += tokens[rng.bounded(tokenCount)];
        s += R"("},"logprobs":null,"finish_reason":null}],"usage":null,"obfuscation":")";
        const int ob = int(rng.bounded(1, 17));
        for (int i = 0; i < ob; ++i)
            s += alnum[rng.bounded(62)];
        s += "\"}\n\n";
    }
    s += head + R"(},"logprobs":null,"finish_reason":"stop"}],"usage":null,"obfuscation":"a"})"
         "\n\n";
    s += R"(data: {"id":"chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG","object":"chat.completion.chunk","created":1741570283,"model":"gpt-4o-2024-08-06","system_fingerprint":"fp_fc9f1d7035","choices":[],"usage":{"prompt_tokens":1117,"completion_tokens":46,"total_tokens":1163}})"
         "\n\n";
    s += "data: [DONE]\n\n";
    return s;
}

struct SseRun
{
    double seconds = std::numeric_limits<double>::max();
    qint64 events = 0;
    qint64 contentUtf8 = 0; ///< from interpretStreamEvent, checked against the generator
    bool done = false;
    bool ok = true;
};

/// Feeds `stream` in `piece`-byte reads, handling the events after each read as a client does.
SseRun runSse(const QByteArray &stream, qsizetype piece, bool interpret)
{
    SseRun r;
    squint::SseParser parser;
    QList<squint::SseEvent> events;
    QElapsedTimer t;
    t.start();
    for (qsizetype at = 0; at < stream.size(); at += piece) {
        parser.feed(QByteArrayView(stream).sliced(at, std::min(piece, stream.size() - at)), events);
        r.events += events.size();
        if (interpret) {
            for (const squint::SseEvent &e : events) {
                const squint::StreamPiece p = squint::interpretStreamEvent(e);
                if (p.kind == squint::StreamPiece::Kind::Delta)
                    r.contentUtf8 += p.content.toUtf8().size();
                else if (p.kind == squint::StreamPiece::Kind::Done)
                    r.done = true;
                else
                    r.ok = false;
            }
        } else if (!events.isEmpty()) {
            r.done = r.done || events.last().data == "[DONE]";
        }
        events.clear();
    }
    parser.finish(events);
    r.events += events.size();
    r.seconds = seconds(t);
    r.ok = r.ok && !parser.hasError() && r.done;
    return r;
}

} // namespace

int cmdSse(const QStringList &args)
{
    double mb = 64, repeat = 3;
    if (!parseOptions(args, {{QLatin1String("--mb"), &mb}, {QLatin1String("--repeat"), &repeat}}))
        return 2;
    const QByteArray stream = makeStream(qint64(mb * MB));
    note(QStringLiteral("sse: %1 MB stream").arg(double(stream.size()) / MB, 0, 'f', 1));

    int rc = 0;
    for (qsizetype piece : {qsizetype(1460), qsizetype(16384)}) {
        SseRun parse, full;
        for (int i = 0; i < int(repeat); ++i) {
            const SseRun a = runSse(stream, piece, false);
            if (a.seconds < parse.seconds)
                parse = a;
            const SseRun b = runSse(stream, piece, true);
            if (b.seconds < full.seconds)
                full = b;
        }
        const bool ok = parse.ok && full.ok && parse.events == full.events;
        if (!ok)
            rc = 1;
        const double bytes = double(stream.size());
        JsonLine()
            .add("bench", "sse")
            .add("piece_bytes", qint64(piece))
            .add("stream_mb", bytes / MB, 1)
            .add("events", parse.events)
            .add("parse_s", parse.seconds, 4)
            .add("mb_per_s", bytes / MB / parse.seconds, 1)
            .add("parse_json_s", full.seconds, 4)
            .add("mb_per_s_with_json", bytes / MB / full.seconds, 1)
            .add("events_per_s_with_json", double(full.events) / full.seconds, 0)
            .add("content_mb", double(full.contentUtf8) / MB, 2)
            .add("ok", ok)
            .add("repeat", int(repeat))
            .print();
    }
    return rc;
}

int cmdBody(const QStringList &args)
{
    double mb = 10, images = 8, repeat = 10;
    if (!parseOptions(args, {{QLatin1String("--mb"), &mb}, {QLatin1String("--images"), &images},
                             {QLatin1String("--repeat"), &repeat}}))
        return 2;
    const int n = std::max(1, int(images));
    const qint64 rawTotal = qint64(mb * MB);

    squint::ChatBodySpec spec;
    spec.model = QStringLiteral("databricks-claude-sonnet-4-5");
    spec.system = QStringLiteral("You are a careful assistant. Describe only what is visible.");
    spec.maxTokens = 1024;
    spec.stream = true;
    spec.includeUsage = true;
    squint::BodyMessage msg;
    msg.text = QStringLiteral("Compare these %1 photos: which ones show the same place, and what changed between "
                              "them? Answer with a short list, \"quoted\" names, and one line per photo.\n")
                   .arg(n);
    QRandomGenerator rng(7);
    for (int i = 0; i < n; ++i) {
        // Uneven sizes, like a real set; random bytes (compressed image data looks random).
        const qint64 size = rawTotal / n + (i % 2 == 0 ? 1 : -1) * (rawTotal / n / 10) + i;
        squint::BodyImage img;
        img.mime = i % 3 == 2 ? QStringLiteral("image/png") : QStringLiteral("image/jpeg");
        img.data = QByteArray(size, '\0');
        rng.fillRange(reinterpret_cast<quint32 *>(img.data.data()), size / 4);
        img.size = size;
        msg.images << img;
    }
    spec.messages << msg;

    const qint64 expected = squint::chatBodySize(spec);

    // The first build writes into memory the process has never touched: its pages fault in as they
    // are written (the app's first request; very costly in some VMs). Later builds get memory the
    // allocator has recycled, as a running app does.
    // For comparison, a memcpy of the body's size into never-touched memory first.
    QElapsedTimer clock;
    double firstCopy = 0;
    {
        const QByteArray from(expected, 'x');
        clock.start();
        QByteArray to(expected, Qt::Uninitialized);
        std::memcpy(to.data(), from.constData(), size_t(expected));
        firstCopy = seconds(clock);
    }
    clock.restart();
    double cpu0 = threadCpuSeconds();
    qint64 bodyBytes = squint::buildChatBody(spec).size();
    const double firstWall = seconds(clock), firstCpu = threadCpuSeconds() - cpu0;

    QList<double> wall, cpu;
    for (int i = 0; i < int(repeat); ++i) {
        clock.restart();
        cpu0 = threadCpuSeconds();
        const QByteArray body = squint::buildChatBody(spec);
        cpu << threadCpuSeconds() - cpu0;
        wall << seconds(clock);
        bodyBytes = body.size();
    }

    // The same number of bytes copied into a new buffer each time, as buildChatBody allocates one.
    const QByteArray source(bodyBytes, 'x');
    QList<double> copy;
    volatile char sink = 0;
    for (int i = 0; i < int(repeat) + 1; ++i) {
        clock.restart();
        QByteArray out(bodyBytes, Qt::Uninitialized);
        std::memcpy(out.data(), source.constData(), size_t(bodyBytes));
        const double s = seconds(clock);
        sink = out.at(bodyBytes / 2);
        if (i > 0) // the first one touches new memory, like the first build
            copy << s;
    }
    Q_UNUSED(sink);

    // Base64 alone into a reused buffer: the encoder's own speed, without allocation.
    const QByteArray &first = msg.images.first().data;
    QByteArray b64(squint::base64Length(first.size()), Qt::Uninitialized);
    QList<double> enc;
    for (int i = 0; i < int(repeat); ++i) {
        clock.restart();
        squint::encodeBase64(first.constData(), first.size(), b64.data());
        enc << seconds(clock);
    }

    const double outMb = double(bodyBytes) / MB;
    const double median = medianOf(wall);
    JsonLine()
        .add("bench", "body")
        .add("images", n)
        .add("raw_mb", double(rawTotal) / MB, 2)
        .add("body_mb", outMb, 2)
        .add("size_exact", bodyBytes == expected)
        .add("build_s", median, 5)
        .add("mb_per_s", outMb / median, 1)
        .add("best_mb_per_s", outMb / *std::min_element(wall.begin(), wall.end()), 1)
        .add("cpu_mb_per_s", outMb / medianOf(cpu), 1)
        .add("first_build_mb_per_s", outMb / firstWall, 1)
        .add("first_build_cpu_mb_per_s", outMb / firstCpu, 1)
        .add("first_memcpy_mb_per_s", outMb / firstCopy, 1)
        .add("memcpy_mb_per_s", outMb / medianOf(copy), 1)
        .add("ratio_to_memcpy", medianOf(copy) / median, 3)
        .add("base64_only_mb_per_s", double(b64.size()) / MB / medianOf(enc), 1)
        .add("repeat", int(repeat))
        .print();
    return bodyBytes == expected ? 0 : 1;
}

} // namespace bench
