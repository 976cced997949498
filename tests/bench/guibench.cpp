// squint-bench-gui: measures the GUI thread while an answer streams into the chat pane.
// One compact JSON object per result on stdout; notes on stderr.
//
//   squint-bench-gui stream [--turns 50] [--tokens 2000] [--rate 200] [--chars 4] [--width 900] [--height 700] [--grab PNG]
//       Shows a squint::ChatView (offscreen unless QT_QPA_PLATFORM says otherwise) over a
//       Conversation of TURNS earlier turns with realistic Markdown answers (paragraphs, a list, a
//       table, a code block; a few hundred words each), then streams a new answer of TOKENS tokens of
//       about CHARS characters at RATE tokens per second, as ChatSession does (Conversation::appendAnswer
//       from a timer). Meanwhile a 1 ms heartbeat timer (Qt::PreciseTimer) records the gaps between
//       its ticks, and every event the application delivers is timed (QApplication::notify).
//       --grab saves a picture of the view at the end.
//
//       max_stall_ms    largest heartbeat gap minus its interval: the longest the GUI could not react
//       stall_busy_ms   the GUI thread's own CPU time inside that gap (much less than the gap: the
//                       thread was waiting for a core, not working)
//       max_busy_ms     the most GUI-thread CPU time between two heartbeat ticks: the longest stall
//                       the code causes by itself (on a busy machine max_stall_ms adds the waiting)
//       p99_gap_ms      99th percentile of the heartbeat gaps
//       max_event_ms    the longest single event delivered (wall clock), and max_event what it was
//       max_event_cpu_ms the most GUI-thread CPU time a single event took (what the code costs,
//                       whatever else the machine runs), and max_cpu_event what it was
//       paint_cpu_*     GUI-thread CPU time of the window's paints (UpdateRequest), median and 99th percentile
//       render_cpu_*    GUI-thread CPU time of ChatView's coalesced answer renders, median and max
//       renders         answer renders (ChatView::renderCount) during the stream
//       setup_s         setConversation() of the earlier turns; total_s the stream from first to last token
//
//   squint-bench-gui compare [--megapixels 24] [--images 4]
//       Writes IMAGES photo-like JPEGs (noise over gradients) of MEGAPIXELS each to a temporary folder.
//       first_paint_ms  constructing a squint::CompareView over all of them until every pane has
//                       painted a picture (first_pane_ms: the first pane that did; full_load_ms: until
//                       every full-resolution pyramid was built), measured on the second opening;
//                       cold_first_paint_ms is the process's first (one-time font and style set-up)
//       pan_fps         with the first two images, after every level is ready: STEPS pan and zoom steps
//                       (a zoom-in every 8th, from fit to about 190 %), each followed by a forced
//                       repaint() of the window; frame_p50_ms and frame_max_ms per step

#include "benchutil.h"
#include "storebench.h"

#include "core/catalog/catalog.h"
#include "core/chat/conversation.h"
#include "core/compose/composer.h"
#include "core/compose/traymodel.h"
#include "core/history/conversationstore.h"
#include "core/history/history.h"
#include "core/images/intake.h"
#include "core/images/pdfpages.h"
#include "core/util/settings.h"
#include "ui/chat/chatview.h"
#include "ui/compare/compareview.h"
#include "ui/tray/traywidget.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QEvent>
#include <QEventLoop>
#include <QMetaEnum>
#include <QNetworkAccessManager>
#include <QRandomGenerator>
#include <QScrollBar>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTimer>
#include <QtConcurrent>

#include <cmath>

#include <algorithm>
#include <cstdio>
#include <vector>

using bench::JsonLine;
using bench::note;

namespace {

constexpr int HeartbeatMs = 1;

/// Times every event delivered from the event loop (the outermost notify() only: events sent from
/// inside another event's handling are part of that one).
class TimedApplication final : public QApplication
{
public:
    using QApplication::QApplication;

    bool notify(QObject *receiver, QEvent *event) override
    {
        if (!m_measuring || m_depth > 0) {
            ++m_depth;
            const bool r = QApplication::notify(receiver, event);
            --m_depth;
            return r;
        }
        const QEvent::Type type = event->type();
        // Whatever is needed of the receiver is read now: handling the event may delete it.
        const char *cls = receiver ? receiver->metaObject()->className() : "null";
        const bool isRender = type == QEvent::Timer && receiver
                              && receiver->objectName() == QLatin1String("chatRenderTimer");
        const double cpu0 = bench::threadCpuSeconds();
        m_clock.start();
        ++m_depth;
        const bool r = QApplication::notify(receiver, event);
        --m_depth;
        const qint64 ns = m_clock.nsecsElapsed();
        const double cpu = bench::threadCpuSeconds() - cpu0;
        ++m_events;
        if (ns > m_maxNs) {
            m_maxNs = ns;
            m_maxWhat = describe(type, cls);
        }
        if (cpu > m_maxCpu) {
            m_maxCpu = cpu;
            m_maxCpuWhat = describe(type, cls);
        }
        if (type == QEvent::UpdateRequest)
            m_paintCpu.push_back(cpu);
        else if (isRender)
            m_renderCpu.push_back(cpu);
        return r;
    }

    void setMeasuring(bool on) { m_measuring = on; }
    /// The longest event, wall clock: includes time the thread waited for a core.
    double maxEventMs() const { return double(m_maxNs) / 1e6; }
    QString maxEvent() const { return m_maxWhat; }
    /// The most GUI-thread CPU time one event took: the cost of the code, whatever else runs.
    double maxEventCpuMs() const { return m_maxCpu * 1e3; }
    QString maxCpuEvent() const { return m_maxCpuWhat; }
    /// GUI-thread CPU time of the window's paints (UpdateRequest), percentile `p` in 0..1.
    double paintCpuMs(double p) const { return percentile(m_paintCpu, p); }
    /// GUI-thread CPU time of ChatView's coalesced answer renders (its render timer's events).
    double renderCpuMs(double p) const { return percentile(m_renderCpu, p); }
    int paints() const { return int(m_paintCpu.size()); }
    qint64 events() const { return m_events; }

private:
    static double percentile(std::vector<double> values, double p)
    {
        if (values.empty())
            return 0;
        std::sort(values.begin(), values.end());
        return values[std::min(values.size() - 1, size_t(p * double(values.size())))] * 1e3;
    }

    static QString describe(QEvent::Type type, const char *cls)
    {
        const char *name = QMetaEnum::fromType<QEvent::Type>().valueToKey(type);
        return QString::fromLatin1(name ? name : "?") + QLatin1Char('@') + QString::fromLatin1(cls);
    }

    bool m_measuring = false;
    int m_depth = 0;
    QElapsedTimer m_clock;
    qint64 m_maxNs = 0;
    qint64 m_events = 0;
    QString m_maxWhat;
    double m_maxCpu = 0;
    QString m_maxCpuWhat;
    std::vector<double> m_paintCpu;
    std::vector<double> m_renderCpu;
};

/// The gaps between the ticks of a 1 ms precise timer on the GUI thread.
class Heartbeat
{
public:
    Heartbeat()
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(HeartbeatMs);
        QObject::connect(&m_timer, &QTimer::timeout, &m_timer, [this] { tick(); });
    }
    void start()
    {
        m_gaps.clear();
        m_gaps.reserve(100000);
        m_clock.start();
        m_last = 0;
        m_lastCpu = bench::threadCpuSeconds();
        m_timer.start();
    }
    void stop()
    {
        tick();
        m_timer.stop();
    }
    double maxStallMs() const { return std::max(0.0, double(m_maxGapNs) / 1e6 - HeartbeatMs); }
    double maxStallBusyMs() const { return m_maxGapCpu * 1e3; }
    /// The most GUI-thread CPU time spent between two ticks: the longest stall the code itself
    /// causes, however busy the machine is.
    double maxBusyMs() const { return m_maxBusy * 1e3; }
    double gapPercentileMs(double p) const
    {
        if (m_gaps.empty())
            return 0;
        std::vector<qint64> sorted = m_gaps;
        const size_t k = std::min(sorted.size() - 1, size_t(p * double(sorted.size())));
        std::nth_element(sorted.begin(), sorted.begin() + qsizetype(k), sorted.end());
        return double(sorted[k]) / 1e6;
    }
    int gapsOver(double ms) const
    {
        return int(std::count_if(m_gaps.begin(), m_gaps.end(), [ms](qint64 g) {
            return double(g) / 1e6 - HeartbeatMs > ms;
        }));
    }

private:
    void tick()
    {
        const qint64 now = m_clock.nsecsElapsed();
        const double cpu = bench::threadCpuSeconds();
        const qint64 gap = now - m_last;
        m_gaps.push_back(gap);
        if (gap > m_maxGapNs) {
            m_maxGapNs = gap;
            m_maxGapCpu = cpu - m_lastCpu;
        }
        m_maxBusy = std::max(m_maxBusy, cpu - m_lastCpu);
        m_last = now;
        m_lastCpu = cpu;
    }
    QTimer m_timer;
    QElapsedTimer m_clock;
    std::vector<qint64> m_gaps;
    qint64 m_last = 0;
    qint64 m_maxGapNs = 0;
    double m_maxGapCpu = 0;
    double m_maxBusy = 0;
    double m_lastCpu = 0;
};

// --- Realistic answers -------------------------------------------------------------------------

const char *const Words[] = {
    "the",      "image",   "shows",  "a",       "harbour", "at",          "dusk",       "with",
    "three",    "boats",   "moored", "along",   "pier",    "and",         "lighthouse", "on",
    "left",     "gulls",   "circle", "over",    "water",   "which",       "reflects",   "orange",
    "sky",      "lights",  "of",     "town",    "are",     "coming",      "in",         "distance",
    "exposure", "is",      "long",   "enough",  "to",      "smooth",      "waves",      "but",
    "short",    "keep",    "birds",  "sharp",   "colour",  "balance",     "leans",      "warm",
    "there",    "no",      "people", "visible", "frame",   "composition", "follows",    "rule",
    "thirds",   "horizon", "sits",   "lower",   "third",
};

QString words(QRandomGenerator &rng, int n)
{
    QString out;
    for (int i = 0; i < n; ++i) {
        if (i > 0)
            out += QLatin1Char(' ');
        out += QString::fromLatin1(Words[rng.bounded(int(std::size(Words)))]);
    }
    if (!out.isEmpty())
        out[0] = out.at(0).toUpper();
    return out;
}

/// A Markdown answer of roughly `targetWords` words: heading, paragraphs, a list, a table, a code block.
QString markdownAnswer(QRandomGenerator &rng, int targetWords)
{
    QString md = QStringLiteral("## ") + words(rng, 4) + QStringLiteral("\n\n");
    int count = 4;
    auto paragraph = [&](int n) {
        md += words(rng, n) + QStringLiteral(". ") + words(rng, n / 2) + QStringLiteral(", **")
              + words(rng, 2) + QStringLiteral("** ") + words(rng, n / 2) + QStringLiteral(".\n\n");
        count += 2 * n + 2;
    };
    paragraph(40);
    for (int i = 0; i < 5; ++i) {
        md += QStringLiteral("- ") + words(rng, 8) + QStringLiteral(" `") + words(rng, 1)
              + QStringLiteral("`\n");
        count += 9;
    }
    md += QStringLiteral("\n| Object | Count | Where | Confidence |\n|---|---:|---|---|\n");
    for (int i = 0; i < 6; ++i) {
        md += QStringLiteral("| %1 | %2 | %3 | %4 |\n")
                  .arg(words(rng, 1))
                  .arg(rng.bounded(20))
                  .arg(words(rng, 3))
                  .arg(rng.bounded(2) ? QStringLiteral("high") : QStringLiteral("medium"));
        count += 6;
    }
    md += QStringLiteral("\n");
    paragraph(30);
    md += QStringLiteral(
        "```python\nfrom PIL import Image\n\nimage = Image.open(\"harbour.jpg\")\n");
    for (int i = 0; i < 8; ++i)
        md += QStringLiteral("boxes_%1 = detect(image, label=\"%2\", threshold=0.%3)\n")
                  .arg(i)
                  .arg(words(rng, 1))
                  .arg(5 + i % 5);
    md += QStringLiteral("print(len(boxes_0))\n```\n\n");
    count += 40;
    while (count < targetWords)
        paragraph(35);
    return md;
}

int usage()
{
    std::fputs("usage:\n"
               "  squint-bench-gui stream [--turns 50] [--tokens 2000] [--rate 200] [--chars 4] "
               "[--width 900] [--height 700] [--grab PNG]\n"
               "  squint-bench-gui open [--turns 1000] [--images 200]\n"
               "  squint-bench-gui compare [--megapixels 24] [--images 4]\n"
               "  squint-bench-gui pdf FILE [--pages N]\n",
               stderr);
    return 2;
}

/// squint-bench-gui pdf FILE [--pages N]: the tray (a TrayWidget on a real Composer, shown) takes
/// every page of FILE (or the first N), in imports of at most MaxPdfPagesAtOnce as the page dialog
/// allows, while the heartbeat measures the GUI thread until every page is in the tray.
int cmdPdf(TimedApplication &app, QStringList args)
{
    if (args.isEmpty())
        return usage();
    const QString file = args.takeFirst();
    int maxPages = 0;
    if (args.size() == 2 && args.at(0) == QLatin1String("--pages"))
        maxPages = args.at(1).toInt();
    else if (!args.isEmpty())
        return usage();
    // The pages go to a test cache folder, not the user's.
    QStandardPaths::setTestModeEnabled(true);
    QTemporaryDir dir;
    squint::Settings settings(dir.filePath(QStringLiteral("squint.ini")));
    QNetworkAccessManager nam;
    squint::Composer composer(squint::Catalog::builtIn(), &settings, &nam);
    composer.setModelName(QStringLiteral("databricks-claude-sonnet-4-5"));
    int pageCount = 0;
    {
        const squint::PdfFile pdf(file);
        if (!pdf.isOpen()) {
            note(QStringLiteral("squint-bench-gui: %1: %2").arg(file, pdf.error()));
            return 1;
        }
        pageCount = maxPages > 0 ? std::min(maxPages, pdf.pageCount()) : pdf.pageCount();
    }
    squint::TrayWidget tray(&composer);
    tray.resize(420, 800);
    tray.show();
    for (int i = 0; i < 20; ++i)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 10);

    Heartbeat heartbeat;
    QElapsedTimer clock;
    app.setMeasuring(true);
    heartbeat.start();
    clock.start();
    for (int first = 1; first <= pageCount; first += squint::MaxPdfPagesAtOnce) {
        QList<int> pages;
        for (int p = first; p < first + squint::MaxPdfPagesAtOnce && p <= pageCount; ++p)
            pages << p;
        composer.addPdfPages(file, pages);
    }
    QEventLoop loop;
    QTimer poll;
    int quiet = 0;
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        quiet = composer.isBusy() ? 0 : quiet + 1;
        if (quiet >= 3)
            loop.quit();
    });
    poll.start(20);
    loop.exec();
    const double totalS = double(clock.nsecsElapsed()) / 1e9;
    heartbeat.stop();
    app.setMeasuring(false);
    int ready = 0;
    for (const squint::TrayItem &it : composer.tray()->items())
        ready += it.stage == squint::ItemFacts::Stage::Ready;
    JsonLine()
        .add("bench", "pdf_gui")
        .add("pages", pageCount)
        .add("in_tray", ready)
        .add("total_s", totalS, 2)
        .add("pages_per_s", pageCount / totalS, 2)
        .add("max_stall_ms", heartbeat.maxStallMs(), 2)
        .add("stall_busy_ms", heartbeat.maxStallBusyMs(), 2)
        .add("max_busy_ms", heartbeat.maxBusyMs(), 2)
        .add("p99_gap_ms", heartbeat.gapPercentileMs(0.99), 2)
        .add("stalls_over_16ms", heartbeat.gapsOver(16))
        .add("max_event_ms", app.maxEventMs(), 2)
        .add("max_event", app.maxEvent())
        .add("max_event_cpu_ms", app.maxEventCpuMs(), 2)
        .add("max_cpu_event", app.maxCpuEvent())
        .add("peak_rss_mb", bench::procStatusMb("VmHWM"), 1)
        .print();
    QDir(squint::intakeCacheDir()).removeRecursively();
    return ready == pageCount ? 0 : 1;
}

int cmdStream(TimedApplication &app, QStringList args)
{
    int turns = 50, tokens = 2000, rate = 200, chars = 4, width = 900, height = 700;
    QString grab;
    while (!args.isEmpty()) {
        const QString opt = args.takeFirst();
        if (args.isEmpty())
            return usage();
        if (opt == QLatin1String("--grab")) {
            grab = args.takeFirst();
            continue;
        }
        bool ok = false;
        const int value = args.takeFirst().toInt(&ok);
        if (!ok || value < 0)
            return usage();
        if (opt == QLatin1String("--turns"))
            turns = value;
        else if (opt == QLatin1String("--tokens"))
            tokens = value;
        else if (opt == QLatin1String("--rate") && value > 0)
            rate = value;
        else if (opt == QLatin1String("--chars") && value > 0)
            chars = value;
        else if (opt == QLatin1String("--width") && value > 0)
            width = value;
        else if (opt == QLatin1String("--height") && value > 0)
            height = value;
        else
            return usage();
    }

    QRandomGenerator rng(42);
    squint::Conversation conversation;
    for (int i = 0; i < turns; ++i) {
        squint::Turn t;
        t.prompt = words(rng, 12) + QLatin1Char('?');
        t.answer = markdownAnswer(rng, 250 + rng.bounded(250));
        t.state = squint::Turn::State::Done;
        t.model = QStringLiteral("gpt-4o");
        t.usage.prompt = 1000 + rng.bounded(2000);
        t.usage.completion = 300 + rng.bounded(400);
        t.firstTokenMs = 400 + rng.bounded(900);
        t.totalMs = 3000 + rng.bounded(9000);
        conversation.append(t);
    }
    // The streamed answer: the same kind of Markdown, cut in pieces of `chars` characters.
    QString streamed;
    while (streamed.size() < qsizetype(tokens) * chars)
        streamed += markdownAnswer(rng, 400);
    streamed.truncate(qsizetype(tokens) * chars);

    squint::ChatView view;
    view.resize(width, height);
    view.show();

    QElapsedTimer setupClock;
    setupClock.start();
    view.setConversation(&conversation);
    const double setupS = double(setupClock.nsecsElapsed()) / 1e9;
    // Let the first layout and painting finish before measuring.
    QElapsedTimer settle;
    settle.start();
    while (settle.elapsed() < 1500)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);

    squint::Turn ask;
    ask.prompt = QStringLiteral(
        "Describe the harbour in detail, with a table and the code to count the boats.");
    ask.model = QStringLiteral("gpt-4o");

    Heartbeat heartbeat;
    QTimer feeder;
    feeder.setTimerType(Qt::PreciseTimer);
    feeder.setInterval(std::max(1, 1000 / rate));
    int sent = 0;
    int index = -1;
    QElapsedTimer streamClock;
    const int rendersBefore = view.renderCount();
    QObject::connect(&feeder, &QTimer::timeout, &feeder, [&] {
        // Catch up when the timer fell behind, as a network read would deliver several tokens at once.
        const qint64 due = std::min<qint64>(tokens, 1 + streamClock.elapsed() * rate / 1000);
        QString piece;
        while (sent < due) {
            piece += streamed.mid(qsizetype(sent) * chars, chars);
            ++sent;
        }
        if (!piece.isEmpty())
            conversation.appendAnswer(index, piece);
        if (sent >= tokens) {
            feeder.stop();
            squint::Turn done = conversation.at(index);
            done.state = squint::Turn::State::Done;
            done.totalMs = streamClock.elapsed();
            conversation.update(index, done);
            QTimer::singleShot(300, &app, [&app] { app.quit(); });
        }
    });

    app.setMeasuring(true);
    heartbeat.start();
    streamClock.start();
    index = conversation.append(ask);
    feeder.start();
    QApplication::exec();
    const double totalS = double(streamClock.nsecsElapsed()) / 1e9 - 0.3;
    heartbeat.stop();
    app.setMeasuring(false);

    if (!grab.isEmpty() && !view.grab().save(grab))
        note(QStringLiteral("squint-bench-gui: could not write %1").arg(grab));
    const bool atBottom = view.verticalScrollBar()->value() == view.verticalScrollBar()->maximum();
    if (!atBottom)
        note(QStringLiteral("squint-bench-gui: the view did not stay at the bottom"));
    if (conversation.at(index).answer != streamed)
        note(QStringLiteral("squint-bench-gui: the streamed answer is incomplete"));

    JsonLine line;
    line.add("bench", "stream_gui")
        .add("turns", turns)
        .add("tokens", tokens)
        .add("rate", rate)
        .add("max_stall_ms", heartbeat.maxStallMs(), 2)
        .add("stall_busy_ms", heartbeat.maxStallBusyMs(), 2)
        .add("max_busy_ms", heartbeat.maxBusyMs(), 2)
        .add("p99_gap_ms", heartbeat.gapPercentileMs(0.99), 2)
        .add("stalls_over_16ms", heartbeat.gapsOver(16))
        .add("max_event_ms", app.maxEventMs(), 2)
        .add("max_event", app.maxEvent())
        .add("max_event_cpu_ms", app.maxEventCpuMs(), 2)
        .add("max_cpu_event", app.maxCpuEvent())
        .add("paints", app.paints())
        .add("paint_cpu_p50_ms", app.paintCpuMs(0.5), 2)
        .add("paint_cpu_p99_ms", app.paintCpuMs(0.99), 2)
        .add("render_cpu_p50_ms", app.renderCpuMs(0.5), 2)
        .add("render_cpu_max_ms", app.renderCpuMs(1.0), 2)
        .add("events", app.events())
        .add("renders", view.renderCount() - rendersBefore)
        .add("doc_chars", int(view.document()->characterCount()))
        .add("at_bottom", atBottom)
        .add("setup_s", setupS, 3)
        .add("total_s", totalS, 3);
    line.print();
    return 0;
}

} // namespace

namespace {
// Paints of a widget, counted by an event filter on its viewport.
class PaintWatch final : public QObject
{
public:
    int paints = 0;
    bool eventFilter(QObject *o, QEvent *e) override
    {
        if (e->type() == QEvent::Paint)
            ++paints;
        return QObject::eventFilter(o, e);
    }
};
} // namespace

// squint-bench-gui open [--turns 1000] [--images 200]: a store holding a conversation of that many
// turns and images; times opening it to the chat pane's first paint (open the store, load the turns,
// fill the Conversation, render, paint).
int cmdOpen(QStringList args)
{
    bench::StoreBenchSizes sizes;
    sizes.conversations = 0;
    sizes.messages = 0;
    if (!bench::parseStoreSizes(args, &sizes))
        return usage();
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("open.sqlite"));
    double fillS = 0;
    const qint64 id = bench::fillBenchStore(path, sizes, &fillS);
    if (id == 0)
        return 1;

    squint::ChatView view;
    view.resize(900, 700);
    view.show();
    QCoreApplication::processEvents();
    PaintWatch watch;
    view.viewport()->installEventFilter(&watch);

    // The window's path: History opens the store and reads the conversation on its own thread
    // (thumbnails decoded there too), the Conversation is replaced, the ChatView renders it.
    squint::History history;
    {
        QEventLoop wait;
        QObject::connect(&history, &squint::History::opened, &wait, &QEventLoop::quit);
        QTimer::singleShot(60'000, &wait, &QEventLoop::quit);
        history.open(path);
        wait.exec();
    }
    if (!history.isOpen())
        return 1;
    squint::Conversation conversation;
    view.setConversation(&conversation);
    QCoreApplication::processEvents();

    QElapsedTimer t;
    t.start();
    double loadMs = 0;
    double renderMs = 0;
    int turnCount = 0;
    QObject::connect(&history, &squint::History::loaded, &view, [&](const squint::LoadedConversation &c) {
        loadMs = double(t.nsecsElapsed()) / 1e6;
        turnCount = int(c.turns.size());
        conversation.replace(c.title, c.parameters, c.turns);
        renderMs = double(t.nsecsElapsed()) / 1e6;
        watch.paints = 0;
        view.viewport()->update();
    });
    history.load(id, -1, squint::ChatView::InitialTurns);
    while ((renderMs == 0 || watch.paints == 0) && t.elapsed() < 60'000)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    const double paintMs = double(t.nsecsElapsed()) / 1e6;

    bench::JsonLine line;
    line.add("bench", "store_open")
        .add("turns", turnCount)
        .add("images", sizes.bigImages)
        .add("fill_s", fillS, 1)
        .add("rendered_turns", view.renderedTurnCount())
        .add("load_ms", loadMs, 1)
        .add("render_ms", renderMs, 1)
        .add("open_ms", paintMs, 1)
        .add("painted", watch.paints > 0);
    line.print();
    return watch.paints > 0 ? 0 : 1;
}

namespace {
/// The first paint of each compare pane that shows a picture.
class PicturePaintWatch final : public QObject
{
public:
    QList<bool> painted;
    bool eventFilter(QObject *o, QEvent *e) override
    {
        if (e->type() == QEvent::Paint) {
            auto *pane = static_cast<squint::ComparePane *>(o);
            if (pane->hasPicture() && pane->imageIndex() >= 0 && pane->imageIndex() < painted.size())
                painted[pane->imageIndex()] = true;
        }
        return QObject::eventFilter(o, e);
    }
    int count() const { return int(std::count(painted.begin(), painted.end(), true)); }
};

/// A photo-like picture: gradients with per-pixel noise (JPEG can't squeeze it much, like a photo).
QImage noisyGradient(QSize size, quint32 seed)
{
    QImage image(size, QImage::Format_RGB32);
    quint32 state = seed * 2654435761u + 12345u;
    const int w = size.width();
    const int h = size.height();
    for (int y = 0; y < h; ++y) {
        auto *line = reinterpret_cast<QRgb *>(image.scanLine(y));
        const int gy = y * 255 / std::max(1, h - 1);
        for (int x = 0; x < w; ++x) {
            state = state * 1664525u + 1013904223u;
            const int noise = int((state >> 24) & 31) - 16;
            const int gx = x * 255 / std::max(1, w - 1);
            const int r = std::clamp(gx + noise, 0, 255);
            const int g = std::clamp(gy + noise, 0, 255);
            const int b = std::clamp(int((seed * 60 + (gx + gy) / 2) % 256) + noise, 0, 255);
            line[x] = qRgb(r, g, b);
        }
    }
    return image;
}
} // namespace

// squint-bench-gui compare [--megapixels 24] [--images 4]: first picture of the compare view and
// the frame rate of zoom and pan over two images (see the top of the file).
int cmdCompare(QStringList args)
{
    int megapixels = 24;
    int images = 4;
    while (!args.isEmpty()) {
        const QString opt = args.takeFirst();
        if (args.isEmpty())
            return usage();
        bool ok = false;
        const int value = args.takeFirst().toInt(&ok);
        if (!ok || value <= 0)
            return usage();
        if (opt == QLatin1String("--megapixels"))
            megapixels = value;
        else if (opt == QLatin1String("--images") && value >= 2 && value <= squint::CompareView::MaxImages)
            images = value;
        else
            return usage();
    }
    const int width = int(std::lround(std::sqrt(megapixels * 1e6 * 1.5)));
    const int height = int(std::lround(width / 1.5));

    QTemporaryDir dir;
    QStringList paths;
    for (int i = 0; i < images; ++i)
        paths << dir.filePath(QStringLiteral("compare%1.jpg").arg(i));
    QElapsedTimer gen;
    gen.start();
    std::atomic_bool written{true};
    QList<int> indices;
    for (int i = 0; i < images; ++i)
        indices << i;
    QtConcurrent::blockingMap(indices, [&](int i) {
        if (!noisyGradient(QSize(width, height), quint32(i + 1)).save(paths.at(i), "jpeg", 90))
            written = false;
    });
    if (!written) {
        note(QStringLiteral("squint-bench-gui: could not write the JPEGs"));
        return 1;
    }
    const double genS = double(gen.nsecsElapsed()) / 1e9;
    note(QStringLiteral("squint-bench-gui: %1 JPEGs of %2 x %3 written in %4 s")
             .arg(images).arg(width).arg(height).arg(genS, 0, 'f', 1));

    // First picture: from constructing the view to every pane having painted its picture.
    struct Opening
    {
        double firstPaneMs = -1;
        double firstPaintMs = -1;
        double fullLoadMs = -1;
    };
    auto openAll = [&] {
        Opening o;
        PicturePaintWatch watch;
        watch.painted = QList<bool>(images, false);
        QElapsedTimer t;
        t.start();
        squint::CompareView view(paths);
        view.resize(1600, 900);
        for (int i = 0; i < images; ++i)
            view.pane(i)->installEventFilter(&watch);
        view.show();
        while (t.elapsed() < 60'000 && (watch.count() < images || !view.isFullyLoaded())) {
            QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
            const double now = double(t.nsecsElapsed()) / 1e6;
            if (o.firstPaneMs < 0 && watch.count() > 0)
                o.firstPaneMs = now;
            if (o.firstPaintMs < 0 && watch.count() == images)
                o.firstPaintMs = now;
            if (o.fullLoadMs < 0 && view.isFullyLoaded())
                o.fullLoadMs = now;
        }
        QThreadPool::globalInstance()->waitForDone();
        return o;
    };
    // The process's first window pays one-time costs the app has paid before the view opens
    // (fonts and glyph fallbacks for "×", "·" and "…", styles): measured apart as cold_first_paint_ms.
    const Opening cold = openAll();
    const Opening warm = openAll();
    const double firstPaneMs = warm.firstPaneMs;
    const double firstPaintMs = warm.firstPaintMs;
    const double fullLoadMs = warm.fullLoadMs;

    // Zoom and pan over two images once every level is ready.
    double panFps = 0;
    std::vector<double> frames;
    int paints = 0;
    double zoomFrom = 0;
    double zoomTo = 0;
    {
        squint::CompareView view(paths.mid(0, 2));
        view.resize(1600, 900);
        view.show();
        QElapsedTimer t;
        t.start();
        while (!view.isFullyLoaded() && t.elapsed() < 60'000)
            QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
        QElapsedTimer settle;
        settle.start();
        while (settle.elapsed() < 200)
            QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
        PaintWatch watch;
        view.pane(0)->installEventFilter(&watch);
        view.fitToView();
        view.repaint();
        zoomFrom = view.viewState().zoom();
        constexpr int Steps = 120;
        frames.reserve(Steps);
        QElapsedTimer total;
        total.start();
        for (int i = 0; i < Steps; ++i) {
            QElapsedTimer frame;
            frame.start();
            if (i % 8 == 0) {
                view.zoomIn();
            } else {
                const double angle = i * 0.4;
                view.panBy(QPointF(80 * std::cos(angle), 60 * std::sin(angle)));
            }
            view.repaint();
            frames.push_back(double(frame.nsecsElapsed()) / 1e6);
        }
        const double seconds = double(total.nsecsElapsed()) / 1e9;
        panFps = seconds > 0 ? Steps / seconds : 0;
        paints = watch.paints;
        zoomTo = view.viewState().zoom();
        if (paints < Steps)
            note(QStringLiteral("squint-bench-gui: only %1 of %2 steps painted the pane").arg(paints).arg(Steps));
    }
    std::sort(frames.begin(), frames.end());
    const double p50 = frames.empty() ? 0 : frames[frames.size() / 2];
    const double worst = frames.empty() ? 0 : frames.back();

    JsonLine line;
    line.add("bench", "compare")
        .add("megapixels", megapixels)
        .add("images", images)
        .add("width", width)
        .add("height", height)
        .add("first_paint_ms", firstPaintMs, 1)
        .add("first_pane_ms", firstPaneMs, 1)
        .add("full_load_ms", fullLoadMs, 1)
        .add("cold_first_paint_ms", cold.firstPaintMs, 1)
        .add("pan_fps", panFps, 1)
        .add("frame_p50_ms", p50, 2)
        .add("frame_max_ms", worst, 2)
        .add("steps", int(frames.size()))
        .add("paints", paints)
        .add("zoom_from", zoomFrom, 4)
        .add("zoom_to", zoomTo, 4)
        .add("gen_s", genS, 1);
    line.print();
    return firstPaintMs >= 0 && paints > 0 ? 0 : 1;
}

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    TimedApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("squint-bench-gui"));
    QStringList args = QApplication::arguments();
    args.removeFirst();
    if (args.isEmpty())
        return usage();
    const QString command = args.takeFirst();
    if (command == QLatin1String("stream"))
        return cmdStream(app, args);
    if (command == QLatin1String("open"))
        return cmdOpen(args);
    if (command == QLatin1String("compare"))
        return cmdCompare(args);
    if (command == QLatin1String("pdf"))
        return cmdPdf(app, args);
    return usage();
}
