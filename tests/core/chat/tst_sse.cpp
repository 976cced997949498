// The SSE parser against the framing rules of openai-node's LineDecoder + SSEDecoder
// (docs/protocol.md section 2.3). Every case is also fed split at every single byte boundary, at
// every pair of boundaries, and one byte at a time: the events must not depend on how the bytes
// arrived.

#include "core/chat/sse.h"

#include <QElapsedTimer>
#include <QTest>

using namespace squint;

namespace {

SseEvent ev(const QByteArray &data, const QByteArray &event = {}, const QByteArray &id = {})
{
    SseEvent e;
    e.data = data;
    e.event = event;
    e.id = id;
    return e;
}

/// Readable form of events for comparisons (QTest prints it on failure).
QByteArray dump(const QList<SseEvent> &events)
{
    QByteArray out;
    for (const SseEvent &e : events) {
        out += "[event=" + e.event.toPercentEncoding() + " id=" + e.id.toPercentEncoding()
               + " data=" + e.data.toPercentEncoding() + "]\n";
    }
    return out;
}

/// Feeds `bytes` in the pieces `cuts` delimits (offsets, ascending), then finishes if asked.
QList<SseEvent> parse(const QByteArray &bytes, const QList<qsizetype> &cuts, bool finish)
{
    SseParser p;
    QList<SseEvent> out;
    qsizetype from = 0;
    for (qsizetype cut : cuts) {
        p.feed(QByteArrayView(bytes).sliced(from, cut - from), out);
        from = cut;
    }
    p.feed(QByteArrayView(bytes).sliced(from), out);
    if (finish)
        p.finish(out);
    return out;
}

// Chunks of the example stream in docs/protocol.md section 2.2, verbatim.
const QByteArray chunk1 =
    R"({"id":"chatcmpl-123","object":"chat.completion.chunk","created":1694268190,"model":"gpt-4o-mini","system_fingerprint":"fp_44709d6fcb","choices":[{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}],"usage":null,"obfuscation":"r4N7vQ2m"})";
const QByteArray chunk2 =
    R"({"id":"chatcmpl-123","object":"chat.completion.chunk","created":1694268190,"model":"gpt-4o-mini","system_fingerprint":"fp_44709d6fcb","choices":[{"index":0,"delta":{"content":"Hello"},"logprobs":null,"finish_reason":null}],"usage":null,"obfuscation":"p9K3xT6w"})";
const QByteArray openAiStream = "data: " + chunk1 + "\n\ndata: " + chunk2 + "\n\ndata: [DONE]\n\n";

} // namespace

class TstSse : public QObject
{
    Q_OBJECT
private slots:
    void framing_data();
    void framing();
    void crAndLfInSeparateFeeds();
    void lfAtFeedStartWithoutCrIsALine();
    void finishFlushesUnterminatedEvent_data();
    void finishFlushesUnterminatedEvent();
    void finishResetsForANewStream();
    void maxLineGuard_data();
    void maxLineGuard();
    void maxLineGuardCountsBufferedBytes();
    void resetClearsEverything();
    void bufferedBytesTracksPendingInput();
    void largeEventInNetworkPiecesIsLinear();
    void manyShortLinesInOneFeed();
};

void TstSse::framing_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<bool>("finish");
    QTest::addColumn<QList<SseEvent>>("expected");

    using L = QList<SseEvent>;
    QTest::newRow("LF") << QByteArray("data: a\n\ndata: b\n\n") << false << L{ev("a"), ev("b")};
    QTest::newRow("CRLF") << QByteArray("data: a\r\n\r\ndata: b\r\n\r\n") << false << L{ev("a"), ev("b")};
    QTest::newRow("CR") << QByteArray("data: a\r\rdata: b\r\r") << false << L{ev("a"), ev("b")};
    QTest::newRow("mixed line ends") << QByteArray("data: a\r\n\ndata: b\n\r\ndata: c\r\r\ndata: d\n\r")
                                     << false << L{ev("a"), ev("b"), ev("c"), ev("d")};
    QTest::newRow("CR CR LF is one empty line after a line")
        << QByteArray("data: a\r\r\ndata: b\r\n\r\n") << false << L{ev("a"), ev("b")};
    QTest::newRow("comment before an event") << QByteArray(": keep-alive\n\ndata: x\n\n") << false << L{ev("x")};
    QTest::newRow("comments only") << QByteArray(": ping\n\n:\n\n: another\r\n\r\n") << false << L{};
    QTest::newRow("comment inside an event") << QByteArray("data: a\n: note\ndata: b\n\n") << false << L{ev("a\nb")};
    QTest::newRow("multi-line data") << QByteArray("data: {\"a\":\ndata: 1}\n\n") << false << L{ev("{\"a\":\n1}")};
    QTest::newRow("three data lines, CRLF") << QByteArray("data: 1\r\ndata: 2\r\ndata: 3\r\n\r\n") << false
                                            << L{ev("1\n2\n3")};
    QTest::newRow("no space after colon") << QByteArray("data:{\"x\":1}\n\n") << false << L{ev("{\"x\":1}")};
    QTest::newRow("only one space stripped") << QByteArray("data:  two\n\n") << false << L{ev(" two")};
    QTest::newRow("colon inside the value") << QByteArray("data: a:b: c\n\n") << false << L{ev("a:b: c")};
    QTest::newRow("tab is not stripped") << QByteArray("data:\tx\n\n") << false << L{ev("\tx")};
    QTest::newRow("field without colon: empty data line") << QByteArray("data\n\n") << false << L{ev("")};
    QTest::newRow("two bare data lines") << QByteArray("data\ndata\n\n") << false << L{ev("\n")};
    QTest::newRow("data with only a space") << QByteArray("data: \n\n") << false << L{ev("")};
    QTest::newRow("event without data") << QByteArray("event: ping\n\n") << false << L{ev("", "ping")};
    QTest::newRow("event and data") << QByteArray("event: error\ndata: {\"message\":\"x\"}\n\n") << false
                                    << L{ev("{\"message\":\"x\"}", "error")};
    QTest::newRow("event name reset after dispatch") << QByteArray("event: a\ndata: 1\n\ndata: 2\n\n") << false
                                                     << L{ev("1", "a"), ev("2")};
    QTest::newRow("last event field wins") << QByteArray("event: a\nevent: b\ndata: 1\n\n") << false << L{ev("1", "b")};
    QTest::newRow("empty event name and no data: nothing") << QByteArray("event:\n\n") << false << L{};
    QTest::newRow("id only: nothing") << QByteArray("id: 5\n\n") << false << L{};
    QTest::newRow("id kept for later events")
        << QByteArray("id: 5\n\ndata: x\n\nid: 7\ndata: y\n\ndata: z\n\n") << false
        << L{ev("x", {}, "5"), ev("y", {}, "7"), ev("z", {}, "7")};
    QTest::newRow("id with NUL ignored") << QByteArray("id: 1\n\nid: a\0b\ndata: x\n\n", 24) << false
                                         << L{ev("x", {}, "1")};
    QTest::newRow("retry and unknown fields ignored") << QByteArray("retry: 1000\nfoo: bar\ndata: x\nDATA: y\n\n") << false
                                                      << L{ev("x")};
    QTest::newRow("old llama.cpp error line ignored")
        << QByteArray("error: {\"code\":500,\"message\":\"boom\"}\n\ndata: [DONE]\n\n") << false << L{ev("[DONE]")};
    QTest::newRow("field name with a leading space is unknown") << QByteArray(" data: x\n\n") << false << L{};
    QTest::newRow("[DONE]") << QByteArray("data: [DONE]\n\n") << false << L{ev("[DONE]")};
    QTest::newRow("blank lines alone dispatch nothing") << QByteArray("\n\n\r\n\r\r\n") << false << L{};
    QTest::newRow("many events in one feed")
        << QByteArray("data: 1\n\ndata: 2\n\ndata: 3\n\ndata: 4\n\ndata: 5\n\n") << false
        << L{ev("1"), ev("2"), ev("3"), ev("4"), ev("5")};
    QTest::newRow("UTF-8 multibyte") << QByteArray("data: Größe 日本語 🐈‍⬛ ✓\n\ndata: é\r\n\r\n") << false
                                     << L{ev("Größe 日本語 🐈‍⬛ ✓"), ev("é")};
    QTest::newRow("invalid UTF-8 passes through as bytes") << QByteArray("data: \xff\xfe\xc3\n\n") << false
                                                           << L{ev("\xff\xfe\xc3")};
    QTest::newRow("BOM at stream start skipped") << QByteArray("\xEF\xBB\xBF" "data: x\n\n") << false << L{ev("x")};
    QTest::newRow("BOM later is data") << QByteArray("data: \xEF\xBB\xBFx\n\n") << false << L{ev("\xEF\xBB\xBFx")};
    QTest::newRow("BOM prefix that is not a BOM") << QByteArray("\xEF\xBB" "data: x\n\ndata: y\n\n") << false
                                                  << L{ev("y")};
    QTest::newRow("OpenAI stream from protocol.md")
        << openAiStream << false << L{ev(chunk1), ev(chunk2), ev("[DONE]")};
    QTest::newRow("unterminated event without finish: pending") << QByteArray("data: a\n\ndata: b\n") << false
                                                                << L{ev("a")};
    QTest::newRow("unterminated event with finish") << QByteArray("data: a\n\ndata: b\n") << true << L{ev("a"), ev("b")};
    QTest::newRow("unterminated line with finish") << QByteArray("data: a\n\ndata: b") << true << L{ev("a"), ev("b")};
    QTest::newRow("trailing CR with finish") << QByteArray("data: a\r") << true << L{ev("a")};
    QTest::newRow("finish after a complete stream adds nothing") << QByteArray("data: a\n\n") << true << L{ev("a")};
    QTest::newRow("finish with only a comment pending") << QByteArray(": x") << true << L{};
    QTest::newRow("BOM alone with finish") << QByteArray("\xEF\xBB\xBF") << true << L{};
    QTest::newRow("partial BOM with finish is a field") << QByteArray("\xEF\xBB") << true << L{};
}

void TstSse::framing()
{
    QFETCH(QByteArray, bytes);
    QFETCH(bool, finish);
    QFETCH(QList<SseEvent>, expected);
    const QByteArray want = dump(expected);

    QCOMPARE(dump(parse(bytes, {}, finish)), want);

    // Every single split.
    for (qsizetype i = 0; i <= bytes.size(); ++i) {
        const QByteArray got = dump(parse(bytes, {i}, finish));
        if (got != want)
            QFAIL(qPrintable(QStringLiteral("split at %1:\n%2\nwanted:\n%3")
                                 .arg(i).arg(QString::fromUtf8(got), QString::fromUtf8(want))));
    }
    // Every pair of splits (the inputs are short).
    for (qsizetype i = 1; i < bytes.size(); ++i) {
        for (qsizetype j = i; j < bytes.size(); ++j) {
            const QByteArray got = dump(parse(bytes, {i, j}, finish));
            if (got != want)
                QFAIL(qPrintable(QStringLiteral("splits at %1 and %2:\n%3\nwanted:\n%4")
                                     .arg(i).arg(j).arg(QString::fromUtf8(got), QString::fromUtf8(want))));
        }
    }
    // One byte at a time.
    QList<qsizetype> all;
    for (qsizetype i = 1; i < bytes.size(); ++i)
        all << i;
    QCOMPARE(dump(parse(bytes, all, finish)), want);
}

void TstSse::crAndLfInSeparateFeeds()
{
    // "data: a\r" | "\ndata: b\r" | "\n\r" | "\n": each LF after a CR that ended a feed belongs to
    // that CR. Were it taken for an empty line, "a" would be dispatched on its own.
    SseParser p;
    QList<SseEvent> out;
    p.feed("data: a\r", out);
    p.feed("\ndata: b\r", out);
    QVERIFY(out.isEmpty());
    p.feed("", out); // an empty read between CR and LF changes nothing
    p.feed("\n\r", out);
    QCOMPARE(dump(out), dump({ev("a\nb")}));
    p.feed("\n", out);
    p.feed("data: c\n\n", out);
    QCOMPARE(dump(out), dump({ev("a\nb"), ev("c")}));
}

void TstSse::lfAtFeedStartWithoutCrIsALine()
{
    SseParser p;
    QList<SseEvent> out;
    p.feed("data: a\n", out);
    QVERIFY(out.isEmpty());
    p.feed("\n", out);
    QCOMPARE(dump(out), dump({ev("a")}));
}

void TstSse::finishFlushesUnterminatedEvent_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QByteArray>("lastData");
    QTest::newRow("no line end") << QByteArray("data: {\"x\":1}") << QByteArray("{\"x\":1}");
    QTest::newRow("LF, no blank line") << QByteArray("data: {\"x\":1}\n") << QByteArray("{\"x\":1}");
    QTest::newRow("two data lines, last unterminated") << QByteArray("data: 1\ndata: 2") << QByteArray("1\n2");
    QTest::newRow("CRLF, no blank line") << QByteArray("data: z\r\n") << QByteArray("z");
}

void TstSse::finishFlushesUnterminatedEvent()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QByteArray, lastData);
    SseParser p;
    QList<SseEvent> out;
    p.feed(bytes, out);
    QVERIFY(out.isEmpty());
    p.finish(out);
    QCOMPARE(out.size(), 1);
    QCOMPARE(out.first().data, lastData);
    // A second finish has nothing left.
    p.finish(out);
    QCOMPARE(out.size(), 1);
}

void TstSse::finishResetsForANewStream()
{
    SseParser p;
    QList<SseEvent> out;
    p.feed("id: 3\nevent: x\ndata: a", out);
    p.finish(out);
    QCOMPARE(dump(out), dump({ev("a", "x", "3")}));
    out.clear();
    p.feed("data: b\n\n", out);
    QCOMPARE(dump(out), dump({ev("b")})); // no event name or id carried over
    QCOMPARE(p.bufferedBytes(), 0);
}

void TstSse::maxLineGuard_data()
{
    QTest::addColumn<int>("pieceSize");
    QTest::newRow("one feed") << 0;
    QTest::newRow("1-byte pieces") << 1;
    QTest::newRow("7-byte pieces") << 7;
}

void TstSse::maxLineGuard()
{
    QFETCH(int, pieceSize);
    const QByteArray ok = "data: 0123456789\n\n";          // a 16-byte line
    const QByteArray tooLong = "data: 0123456789A\n\n";     // 17 bytes
    const QByteArray after = "data: after\n\n";
    const QByteArray all = ok + tooLong + after;

    SseParser p;
    p.setMaxLineBytes(16);
    QList<SseEvent> out;
    if (pieceSize == 0) {
        p.feed(all, out);
    } else {
        for (qsizetype i = 0; i < all.size(); i += pieceSize)
            p.feed(QByteArrayView(all).sliced(i, std::min<qsizetype>(pieceSize, all.size() - i)), out);
    }
    QVERIFY(p.hasError());
    QCOMPARE(dump(out), dump({ev("0123456789")})); // nothing from or after the long line
    p.feed("data: more\n\n", out);
    p.finish(out);
    QCOMPARE(out.size(), 1);
    QVERIFY(p.hasError());

    p.reset();
    QVERIFY(!p.hasError());
    p.feed(after, out);
    QCOMPARE(out.size(), 2);
    QCOMPARE(out.last().data, QByteArray("after"));
}

void TstSse::maxLineGuardCountsBufferedBytes()
{
    // A line that never ends must not grow the buffer past the limit.
    SseParser p;
    p.setMaxLineBytes(1000);
    QList<SseEvent> out;
    const QByteArray piece(100, 'x');
    p.feed("data: ", out);
    for (int i = 0; i < 9; ++i)
        p.feed(piece, out);
    QVERIFY(!p.hasError());
    QCOMPARE(p.bufferedBytes(), 906);
    p.feed(piece, out);
    QVERIFY(p.hasError());
    QVERIFY(p.bufferedBytes() < 1000);
    for (int i = 0; i < 100; ++i)
        p.feed(piece, out);
    QVERIFY(p.bufferedBytes() < 1000);
    QVERIFY(out.isEmpty());
}

void TstSse::resetClearsEverything()
{
    SseParser p;
    QList<SseEvent> out;
    p.feed("id: 9\nevent: e\ndata: half\ndata: li", out);
    QVERIFY(p.bufferedBytes() > 0);
    p.reset();
    QCOMPARE(p.bufferedBytes(), 0);
    p.feed("ne\n\n", out); // "ne" is a field name now, not the end of "data: li"
    QVERIFY(out.isEmpty());
    p.feed("data: fresh\n\n", out);
    QCOMPARE(dump(out), dump({ev("fresh")}));
}

void TstSse::bufferedBytesTracksPendingInput()
{
    SseParser p;
    QList<SseEvent> out;
    QCOMPARE(p.bufferedBytes(), 0);
    p.feed("data: abc", out);
    QCOMPARE(p.bufferedBytes(), 9); // the incomplete line
    p.feed("\n", out);
    QCOMPARE(p.bufferedBytes(), 3); // the event's data
    p.feed("\n", out);
    QCOMPARE(p.bufferedBytes(), 0);
    QCOMPARE(out.size(), 1);
}

void TstSse::largeEventInNetworkPiecesIsLinear()
{
    // 16 MiB of data in one line, then 16 MiB in 4096 lines of one event, fed in 1460-byte pieces.
    // A parser that copies or rescans its buffer on each feed would take minutes here.
    QByteArray big = "data: ";
    big += QByteArray(16 * 1024 * 1024, 'a');
    big += "\n\n";
    QByteArray lines;
    const QByteArray line = "data: " + QByteArray(4096, 'b') + "\r\n";
    for (int i = 0; i < 4096; ++i)
        lines += line;
    lines += "\r\n";
    const QByteArray all = big + lines;

    QElapsedTimer t;
    t.start();
    SseParser p;
    QList<SseEvent> out;
    for (qsizetype i = 0; i < all.size(); i += 1460)
        p.feed(QByteArrayView(all).sliced(i, std::min<qsizetype>(1460, all.size() - i)), out);
    const qint64 ms = t.elapsed();
    QCOMPARE(out.size(), 2);
    QCOMPARE(out.at(0).data.size(), 16 * 1024 * 1024);
    QVERIFY(out.at(0).data.count('a') == out.at(0).data.size());
    QCOMPARE(out.at(1).data.size(), 4096 * 4096 + 4095);
    QCOMPARE(out.at(1).data.count('\n'), 4095);
    QVERIFY2(ms < 5000, qPrintable(QStringLiteral("took %1 ms").arg(ms)));
}

void TstSse::manyShortLinesInOneFeed()
{
    // CR-only framing in one big feed: finding each line end must not rescan to the end of the feed.
    QByteArray all;
    const int n = 200000;
    for (int i = 0; i < n; ++i)
        all += "data: " + QByteArray::number(i) + "\r\r";
    QElapsedTimer t;
    t.start();
    SseParser p;
    QList<SseEvent> out;
    p.feed(all, out);
    QCOMPARE(out.size(), n);
    QCOMPARE(out.last().data, QByteArray::number(n - 1));
    QVERIFY2(t.elapsed() < 5000, qPrintable(QStringLiteral("took %1 ms").arg(t.elapsed())));
}

QTEST_GUILESS_MAIN(TstSse)
#include "tst_sse.moc"
