// squint-bench: times Squint's image work the way the app does it, for comparison with
// tests/peers/pillow_peer.py. One compact JSON object per result on stdout; notes on stderr.
//
//   squint-bench ingest DIR [--thumb 256] [--repeat N] [--model NAME] [--timeout S]
//       Takes every file of DIR into a tray through a real squint::Composer (as a folder drop does)
//       and waits until nothing is loading and the composer is idle. Prints one
//       {"rejected":path,"reason":text} line per file that did not end up in the tray, then the summary.
//   squint-bench ingest DIR --direct [--threads N] [--thumb 256] [--repeat N]
//       The core work alone: squint::ingestFile() (read, SHA-256, probe, thumbnail) on a pool of N
//       threads, no composer, no event loop. For telling core cost from app overhead.
//   squint-bench fit --model NAME [--prompt TEXT] [--out BODY.json] [--repeat N] FILE...
//       Takes the files into the tray, runs Fit to Model, and builds the request body from the fitted
//       variants in tray order.
//   squint-bench breakdown [--thumb 256] [--long-edge 1568 | --model NAME] FILE|DIR...
//       Single-threaded per-stage timings (read, SHA-256, header probe, thumbnail decode, scaled
//       decode, smooth scaling, JPEG encode, fitImage; the one shared decode at the long edge and the
//       thumbnail made from it) summed over the files: where the time goes.
//       With --model, fitImage gets the target Fit to Model computes for that model and file count.
//   squint-bench sse [--mb 64] [--repeat 3]
//   squint-bench body [--mb 10] [--images 8] [--repeat 10]
//       The chat protocol's hot paths, in memory: see protocolbench.h.
//   squint-bench store [--conversations 10000] [--messages 50000] [--turns 1000] [--images 200]
//       The saved history at issue 4's sizes: list, search, load and export (storebench.h).
//   squint-bench batch [--images 1000] [--concurrency 8] [--latency-ms 50] [--no-store]
//       BatchRunner against the fake endpoint answering after the latency: requests_per_s against the
//       ideal, peak_rss_mb and the RSS after 100 images and at the end (batchbench.h).
//   squint-bench jpegscale [--repeat 3] FILE|DIR...
//       Each JPEG decoded at 1/1, 1/2, 1/4 and 1/8 (libjpeg's scaled IDCT), the first-scan thumbnail
//       of a progressive file, and the entropy decoding of each of its scans (jpegbench.h).
//   squint-bench databricks-batch [--images 1000] [--latency-ms 20] [--kb 100] [--rows-per-chunk 100]
//       DatabricksBatchRunner against the fake workspace (every API call after the latency): upload
//       MB/s with the concurrency used, polls per minute, result paging time, peak RSS (databricksbench.h).
//   squint-bench hostile [--limit-s 30] [--stream-mb 64] [--transcript-mb 64]
//       Hostile servers and files, each case in a child process under the time limit: 1 and 8 MiB
//       HTML error pages, a 320 KB answer of braces, an SSE stream past the answer cap, a large
//       transcript import; time and peak RSS each, and the 8 MiB / 1 MiB ratio (hostilebench.h).
//   squint-bench compare [--megapixels 24] [--images 4]
//       The compare view's first_paint_ms and pan_fps. It needs the widgets, which this binary does
//       not link: it runs the sibling squint-bench-gui (same directory) with the same arguments and
//       passes its output and exit status through.

#include "batchbench.h"
#include "benchutil.h"
#include "databricksbench.h"
#include "hostilebench.h"
#include "jpegbench.h"
#include "pdfbench.h"
#include "protocolbench.h"
#include "storebench.h"

#include "core/catalog/catalog.h"
#include "core/catalog/tokens.h"
#include "core/chat/requestbody.h"
#include "core/compose/composer.h"
#include "core/compose/traymodel.h"
#include "core/images/imageinfo.h"
#include "core/images/imageprep.h"
#include "core/images/intake.h"
#include "core/util/hash.h"
#include "core/util/settings.h"

#include <QBuffer>
#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QGuiApplication>
#include <QImageReader>
#include <QNetworkAccessManager>
#include <QProcess>
#include <QTemporaryDir>
#include <QThreadPool>
#include <QTimer>
#include <QtConcurrent>

#include <algorithm>
#include <cmath>
#include <array>
#include <cstdio>
#include <functional>
#include <limits>
#include <memory>

using bench::JsonLine;
using bench::note;

namespace {

constexpr int StallTimerMs = 5;
constexpr double MB = 1024.0 * 1024.0;

int usage(FILE *to = stderr)
{
    std::fputs(
        "usage:\n"
        "  squint-bench ingest DIR [--thumb 256] [--repeat N] [--model NAME] [--timeout S]\n"
        "  squint-bench ingest DIR --direct [--threads N] [--thumb 256] [--repeat N]\n"
        "  squint-bench fit --model NAME [--prompt TEXT] [--out FILE] [--repeat N] [--timeout S] "
        "FILE...\n"
        "  squint-bench breakdown [--thumb 256] [--long-edge 1568 | --model NAME] FILE|DIR...\n"
        "  squint-bench sse [--mb 64] [--repeat 3]\n"
        "  squint-bench body [--mb 10] [--images 8] [--repeat 10]\n"
        "  squint-bench store [--conversations 10000] [--messages 50000] [--turns 1000] [--images "
        "200]\n"
        "  squint-bench batch [--images 1000] [--concurrency 8] [--latency-ms 50] [--no-store]\n"
        "  squint-bench jpegscale [--repeat 3] FILE|DIR...\n"
        "  squint-bench hostile [--limit-s 30] [--stream-mb 64] [--transcript-mb 64]\n"
        "  squint-bench compare [--megapixels 24] [--images 4]\n"
        "      (runs squint-bench-gui compare from this directory: first_paint_ms, pan_fps)\n"
        "  squint-bench pdf FILE [--long-edge 1568] [--pages N] [--no-gui]\n"
        "      (pages_per_s and peak_rss_mb; then squint-bench-gui pdf FILE: the GUI thread's "
        "stalls)\n"
        "  squint-bench pdf --make PAGES OUT.pdf\n",
        to);
    std::fputs("  squint-bench databricks-batch [--images 1000] [--latency-ms 20] [--kb 100]\n"
               "      [--rows-per-chunk 100]\n",
               to);
    return to == stderr ? 2 : 0;
}

/// squint-bench compare ...: the compare view lives in the widgets library, which only
/// squint-bench-gui links. Runs that sibling with the same arguments, its standard output and error
/// going straight to ours, and returns its exit status.
int runGuiSibling(const QString &command, const QStringList &args)
{
#ifdef Q_OS_WIN
    const QString name = QStringLiteral("squint-bench-gui.exe");
#else
    const QString name = QStringLiteral("squint-bench-gui");
#endif
    const QString gui = QDir(QCoreApplication::applicationDirPath()).filePath(name);
    const QFileInfo info(gui);
    if (!info.exists() || !info.isExecutable()) {
        note(QStringLiteral("squint-bench: %1 runs %2, which is missing or not executable (build "
                            "the squint-bench-gui target, "
                            "or run it directly)")
                 .arg(command, QDir::toNativeSeparators(gui)));
        return 1;
    }
    QProcess child;
    child.setProcessChannelMode(QProcess::ForwardedChannels);
    child.setInputChannelMode(QProcess::ForwardedInputChannel);
    child.start(gui, QStringList{command} + args);
    if (!child.waitForStarted(-1)) {
        note(QStringLiteral("squint-bench: could not start %1: %2").arg(QDir::toNativeSeparators(gui), child.errorString()));
        return 1;
    }
    child.waitForFinished(-1);
    if (child.exitStatus() != QProcess::NormalExit) {
        note(QStringLiteral("squint-bench: %1 crashed").arg(QDir::toNativeSeparators(gui)));
        return 1;
    }
    return child.exitCode();
}

int cmdCompare(const QStringList &args)
{
    return runGuiSibling(QStringLiteral("compare"), args);
}

/// Every regular file under `dir`, recursively (following symlinks, like the folder scan), sorted.
QStringList allFilesUnder(const QString &dir)
{
    QStringList files;
    QDirIterator it(dir, QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot,
                    QDirIterator::Subdirectories | QDirIterator::FollowSymlinks);
    while (it.hasNext())
        files << QFileInfo(it.next()).absoluteFilePath();
    files.sort();
    files.removeDuplicates();
    return files;
}

/// Files named on the command line, with folders expanded to their files.
QStringList expandPaths(const QStringList &paths)
{
    QStringList out;
    for (const QString &p : paths) {
        const QFileInfo fi(p);
        if (fi.isDir())
            out << allFilesUnder(fi.absoluteFilePath());
        else
            out << fi.absoluteFilePath();
    }
    return out;
}

double seconds(const QElapsedTimer &t) { return double(t.nsecsElapsed()) / 1e9; }

/// Largest gap between the ticks of a 5 ms timer on the GUI thread, minus the interval: how long the
/// event loop was unable to react (to input, to painting) at worst. For that worst gap it also keeps
/// the GUI thread's own CPU time: close to the gap when the thread was busy running Squint's code,
/// much less when it was waiting for a core (other threads or processes had them).
class StallMeter
{
public:
    StallMeter()
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(StallTimerMs);
        QObject::connect(&m_timer, &QTimer::timeout, &m_timer, [this] { tick(); });
    }
    void start()
    {
        m_clock.start();
        m_last = 0;
        m_lastCpu = bench::threadCpuSeconds();
        m_cpu0 = m_lastCpu;
        m_timer.start();
    }
    void stop()
    {
        tick();
        m_timer.stop();
    }
    double maxStallMs() const { return double(m_maxGapNs) / 1e6 - StallTimerMs; }
    /// GUI-thread CPU time within the worst gap.
    double maxStallBusyMs() const { return m_maxGapCpu * 1e3; }
    int stallsOver50ms() const { return m_over50; }
    /// GUI-thread CPU time from start() to stop().
    double guiCpuSeconds() const { return m_lastCpu - m_cpu0; }

private:
    void tick()
    {
        const qint64 now = m_clock.nsecsElapsed();
        const double cpu = bench::threadCpuSeconds();
        const qint64 gap = now - m_last;
        if (gap > m_maxGapNs) {
            m_maxGapNs = gap;
            m_maxGapCpu = cpu - m_lastCpu;
        }
        m_last = now;
        m_lastCpu = cpu;
        if (double(gap) / 1e6 - StallTimerMs > 50.0)
            ++m_over50;
    }
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_last = 0;
    qint64 m_maxGapNs = 0;
    double m_maxGapCpu = 0;
    double m_lastCpu = 0;
    double m_cpu0 = 0;
    int m_over50 = 0;
};

/// Runs the event loop until `done()` holds, checked on a 1 ms poll and confirmed one posted event
/// later (so that work the composer queued for the next loop turn, such as preparations requested
/// by a pending re-evaluation, is seen). Returns false on timeout.
bool runUntil(const std::function<bool()> &done, double timeoutS)
{
    QEventLoop loop;
    bool ok = false;
    QTimer poll;
    poll.setTimerType(Qt::PreciseTimer);
    poll.setInterval(1);
    bool confirming = false;
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        if (confirming || !done())
            return;
        confirming = true;
        QMetaObject::invokeMethod(
            &loop,
            [&] {
                confirming = false;
                if (done()) {
                    ok = true;
                    loop.quit();
                }
            },
            Qt::QueuedConnection);
    });
    QTimer deadline;
    deadline.setSingleShot(true);
    QObject::connect(&deadline, &QTimer::timeout, &loop, [&] { loop.quit(); });
    deadline.start(int(std::min(timeoutS * 1000.0, double(std::numeric_limits<int>::max()))));
    poll.start();
    loop.exec();
    return ok;
}

bool anyLoading(const squint::TrayModel *tray)
{
    for (const squint::TrayItem &it : tray->items())
        if (it.stage == squint::ItemFacts::Stage::Loading)
            return true;
    return false;
}

/// The app's object graph, as the main window builds it, on a throwaway settings file.
struct AppUnderTest
{
    QTemporaryDir tmp;
    std::unique_ptr<squint::Settings> settings;
    QNetworkAccessManager nam;
    std::unique_ptr<squint::Composer> composer;
    QList<QPair<squint::Composer::MessageLevel, QString>> messages;

    explicit AppUnderTest(const QString &model)
    {
        settings = std::make_unique<squint::Settings>(tmp.path() + QStringLiteral("/squint.ini"));
        settings->setFolderFileCap(100000); // the largest cap Settings accepts: take every file
        composer = std::make_unique<squint::Composer>(squint::Catalog::builtIn(), settings.get(), &nam);
        if (!model.isEmpty())
            composer->setModelName(model);
        QObject::connect(composer.get(), &squint::Composer::message, composer.get(),
                         [this](squint::Composer::MessageLevel level, const QString &text) {
                             messages.append({level, text});
                         });
    }
    ~AppUnderTest()
    {
        composer.reset(); // cancels and waits for the intake workers
        settings.reset();
    }
    squint::TrayModel *tray() const { return composer->tray(); }

    /// Why `path` is not in the tray, from the composer's messages (which name files as “name”).
    QString reasonFor(const QString &path) const
    {
        const QString quoted = QStringLiteral("\u201C") + QFileInfo(path).fileName() + QStringLiteral("\u201D");
        for (const auto &m : messages)
            if (m.second.contains(quoted))
                return m.second;
        return {};
    }
};

struct IngestFigures
{
    int files = 0;
    int loaded = 0;
    int failed = 0;
    int absent = 0; ///< not in the tray: not taken by the folder scan, or a duplicate
    double wall = 0;     ///< addPaths() until idle with nothing loading
    double allDone = 0; ///< until the intake has nothing queued or running (variants made ahead too)
    int decodes = 0;    ///< the intake's decodes of image data
    double cpu = 0;      ///< CPU seconds of all threads over the same span
    double loadedAt = 0; ///< addPaths() until the last item left the Loading stage
    double maxStallMs = 0;
    double maxStallBusyMs = 0;
    double guiCpu = 0;
    int stallsOver50 = 0;
    double rssAfterMb = 0;
    double rssAfterTrimMb = 0;
    double thumbMb = 0;
    int prepared = 0;
    double preparedMb = 0;
    bool timedOut = false;
    QList<QPair<QString, QString>> rejected;
};

IngestFigures ingestThroughComposer(const QString &dir, const QString &model, double timeoutS)
{
    IngestFigures f;
    const QStringList files = allFilesUnder(dir);
    f.files = int(files.size());

    AppUnderTest app(model);
    squint::TrayModel *tray = app.tray();
    // When the last item leaves "Loading" (every thumbnail is in): the work Pillow's peer does.
    QElapsedTimer clock;
    bool sawItems = false;
    auto updateLoaded = [&] {
        if (tray->count() > 0)
            sawItems = true;
        if (sawItems && f.loadedAt == 0 && !anyLoading(tray))
            f.loadedAt = seconds(clock);
    };
    QObject::connect(tray, &squint::TrayModel::contentChanged, tray, updateLoaded);

    StallMeter stall;
    stall.start();
    const double cpu0 = bench::cpuSeconds();
    clock.start();
    app.composer->addPaths({dir});
    f.timedOut = !runUntil([&] { return !app.composer->isBusy() && !anyLoading(tray); }, timeoutS);
    f.wall = seconds(clock);
    f.cpu = bench::cpuSeconds() - cpu0;
    // The composer is idle; variants made ahead (that nobody waits for yet) may still be running.
    runUntil([&] { return app.composer->intake()->queuedOrRunning() == 0; }, timeoutS);
    f.allDone = seconds(clock);
    f.decodes = app.composer->intake()->decodeCount();
    stall.stop();
    if (f.loadedAt == 0)
        f.loadedAt = f.wall;
    f.maxStallMs = stall.maxStallMs();
    f.stallsOver50 = stall.stallsOver50ms();
    f.maxStallBusyMs = stall.maxStallBusyMs();
    f.guiCpu = stall.guiCpuSeconds();

    QHash<QString, const squint::TrayItem *> byOrigin;
    for (const squint::TrayItem &it : tray->items()) {
        byOrigin.insert(it.origin, &it);
        if (it.stage == squint::ItemFacts::Stage::Ready) {
            ++f.loaded;
            f.thumbMb += double(it.thumbnail.sizeInBytes()) / MB;
            if (!it.prepared.isNull()) {
                ++f.prepared;
                f.preparedMb += double(it.prepared.bytes.size()) / MB; // in memory only; variants live in the cache folder
            }
        }
    }
    for (const QString &path : files) {
        const squint::TrayItem *it = byOrigin.value(path);
        if (!it)
            it = byOrigin.value(QFileInfo(path).canonicalFilePath());
        if (it && it->stage == squint::ItemFacts::Stage::Ready)
            continue;
        if (it) {
            ++f.failed;
            f.rejected.append({path, it->stage == squint::ItemFacts::Stage::Failed ? it->error
                                                                                  : QStringLiteral("still loading")});
            continue;
        }
        ++f.absent;
        QString reason = app.reasonFor(path);
        if (reason.isEmpty())
            reason = squint::hasImageExtension(QFileInfo(path).fileName())
                         ? QStringLiteral("not in the tray (no message)")
                         : QStringLiteral("skipped by the folder scan: not an image file name");
        f.rejected.append({path, reason});
    }
    // Memory with the tray still full (thumbnails and prepared variants held), as the app would be.
    f.rssAfterMb = bench::procStatusMb("VmRSS");
    bench::trimMalloc();
    f.rssAfterTrimMb = bench::procStatusMb("VmRSS");
    return f;
}

/// The core's per-file work without the composer: ingestFile() on `threads` workers.
IngestFigures ingestDirect(const QString &dir, int thumb, int threads)
{
    IngestFigures f;
    const QStringList files = allFilesUnder(dir);
    f.files = int(files.size());
    QThreadPool pool;
    pool.setMaxThreadCount(std::max(1, threads));
    squint::DecodeOptions options;
    options.thumbnailEdge = thumb;
    QElapsedTimer clock;
    const double cpu0 = bench::cpuSeconds();
    clock.start();
    const QList<squint::IngestResult> results = QtConcurrent::blockingMapped<QList<squint::IngestResult>>(
        &pool, files, [options](const QString &path) { return squint::ingestFile(path, options); });
    f.wall = seconds(clock);
    f.cpu = bench::cpuSeconds() - cpu0;
    f.loadedAt = f.wall;
    QSet<QByteArray> seen;
    for (int i = 0; i < results.size(); ++i) {
        const squint::IngestResult &r = results.at(i);
        if (!r.probe.ok) {
            ++f.failed;
            f.rejected.append({files.at(i), r.probe.error});
        } else if (seen.contains(r.sha256)) {
            ++f.absent;
            f.rejected.append({files.at(i), QStringLiteral("duplicate content (same SHA-256)")});
        } else {
            seen.insert(r.sha256);
            ++f.loaded;
            f.thumbMb += double(r.probe.thumbnail.sizeInBytes()) / MB;
        }
    }
    f.rssAfterMb = bench::procStatusMb("VmRSS");
    bench::trimMalloc();
    f.rssAfterTrimMb = bench::procStatusMb("VmRSS");
    return f;
}

int cmdIngest(const QStringList &args)
{
    QString dir, model;
    int thumb = 256, repeat = 1, threads = QThread::idealThreadCount();
    bool direct = false;
    double timeoutS = 900;
    for (int i = 0; i < args.size(); ++i) {
        const QString &a = args.at(i);
        auto value = [&]() -> QString { return i + 1 < args.size() ? args.at(++i) : QString(); };
        if (a == QLatin1String("--thumb"))
            thumb = value().toInt();
        else if (a == QLatin1String("--repeat"))
            repeat = std::max(1, value().toInt());
        else if (a == QLatin1String("--model"))
            model = value();
        else if (a == QLatin1String("--timeout"))
            timeoutS = value().toDouble();
        else if (a == QLatin1String("--direct"))
            direct = true;
        else if (a == QLatin1String("--threads"))
            threads = std::max(1, value().toInt());
        else if (a.startsWith(QLatin1String("--")))
            return usage();
        else if (dir.isEmpty())
            dir = a;
        else
            return usage();
    }
    if (dir.isEmpty() || !QFileInfo(dir).isDir()) {
        note(QStringLiteral("squint-bench ingest: %1 is not a folder").arg(dir));
        return usage();
    }
    dir = QFileInfo(dir).absoluteFilePath();
    if (!direct && thumb != 256) {
        note(QStringLiteral("squint-bench: the tray's thumbnails are 256 px (the intake's DecodeOptions default); "
                            "--thumb %1 only applies with --direct").arg(thumb));
        thumb = 256;
    }

    IngestFigures best;
    double worstStall = 0, worstStallBusy = 0;
    int worstOver50 = 0;
    for (int run = 0; run < repeat; ++run) {
        IngestFigures f = direct ? ingestDirect(dir, thumb, threads) : ingestThroughComposer(dir, model, timeoutS);
        note(QStringLiteral("run %1/%2: %3 files, %4 loaded in %5 s (thumbnails in %6 s), max stall %7 ms")
                 .arg(run + 1).arg(repeat).arg(f.files).arg(f.loaded)
                 .arg(f.wall, 0, 'f', 3).arg(f.loadedAt, 0, 'f', 3).arg(f.maxStallMs, 0, 'f', 1));
        if (f.timedOut)
            note(QStringLiteral("run %1 timed out after %2 s").arg(run + 1).arg(timeoutS));
        if (run == 0)
            for (const auto &r : f.rejected)
                JsonLine().add("rejected", r.first).add("reason", r.second).print();
        if (f.maxStallMs > worstStall) {
            worstStall = f.maxStallMs;
            worstStallBusy = f.maxStallBusyMs;
        }
        worstOver50 = std::max(worstOver50, f.stallsOver50);
        if (run == 0 || f.wall < best.wall)
            best = f;
    }
    const double hwm = bench::procStatusMb("VmHWM");
    JsonLine line;
    line.add("bench", "ingest")
        .add("mode", direct ? "direct" : "composer")
        .add("files", best.files)
        .add("loaded", best.loaded)
        .add("rejected", int(best.rejected.size()))
        .add("wall_s", best.wall, 4)
        .add("images_per_s", best.wall > 0 ? best.loaded / best.wall : 0.0, 2)
        .add("thumbs_s", best.loadedAt, 4)
        .add("thumbs_per_s", best.loadedAt > 0 ? best.loaded / best.loadedAt : 0.0, 2)
        .add("all_done_s", best.allDone, 4)
        .add("decodes", best.decodes)
        .add("cpu_s", best.cpu, 3)
        .add("peak_rss_mb", hwm, 1)
        .add("rss_after_mb", best.rssAfterMb, 1)
        .add("rss_after_trim_mb", best.rssAfterTrimMb, 1)
        .add("thumb_mb", best.thumbMb, 1);
    if (direct) {
        line.add("threads", threads);
    } else {
        line.add("max_stall_ms", worstStall, 1)
            .add("max_stall_busy_ms", worstStallBusy, 1)
            .add("stalls_over_50ms", worstOver50)
            .add("gui_cpu_s", best.guiCpu, 3)
            .add("prepared", best.prepared)
            .add("prepared_mb", best.preparedMb, 1)
            .add("model", model);
    }
    line.add("thumb", thumb).add("repeat", repeat).add("threads_available", QThread::idealThreadCount());
    if (best.timedOut)
        line.add("timed_out", true);
    line.print();
    return best.timedOut ? 1 : 0;
}

int cmdFit(const QStringList &args)
{
    QString model, outPath;
    QString prompt = QStringLiteral("Describe these images.");
    QStringList paths;
    int repeat = 1;
    double timeoutS = 900;
    for (int i = 0; i < args.size(); ++i) {
        const QString &a = args.at(i);
        auto value = [&]() -> QString { return i + 1 < args.size() ? args.at(++i) : QString(); };
        if (a == QLatin1String("--model"))
            model = value();
        else if (a == QLatin1String("--prompt"))
            prompt = value();
        else if (a == QLatin1String("--out"))
            outPath = value();
        else if (a == QLatin1String("--repeat"))
            repeat = std::max(1, value().toInt());
        else if (a == QLatin1String("--timeout"))
            timeoutS = value().toDouble();
        else if (a.startsWith(QLatin1String("--")))
            return usage();
        else
            paths << a;
    }
    if (model.isEmpty() || paths.isEmpty())
        return usage();
    const QStringList files = expandPaths(paths);

    struct Run
    {
        double wall = 0, probe = 0, fit = 0, fitOnly = 0, cpu = 0, fitCpu = 0;
        qint64 bodyBytes = 0;
        int ready = 0, fitted = 0, unchanged = 0, qualitySearched = 0, minQuality = 100,
            decodes = 0;
        qint64 fittedBytes = 0;
        bool fits = false, timedOut = false;
        qint64 maxRequestBytes = 0;
        QByteArray body;
    };
    Run best;
    for (int run = 0; run < repeat; ++run) {
        Run r;
        AppUnderTest app(model);
        app.composer->setPrompt(prompt);
        squint::TrayModel *tray = app.tray();
        auto idle = [&] { return !app.composer->isBusy() && !anyLoading(tray); };

        QElapsedTimer clock;
        const double cpu0 = bench::cpuSeconds();
        clock.start();
        app.composer->addPaths(files);
        // As a user would: press Fit as soon as the images are in the tray (it cancels the
        // conversions the meters queued in the background).
        r.timedOut = !runUntil([&] { return !anyLoading(tray) && tray->count() > 0; }, timeoutS);
        r.probe = seconds(clock);

        QElapsedTimer fitClock;
        const double fitCpu0 = bench::cpuSeconds();
        fitClock.start();
        app.composer->fitToModel();
        r.timedOut = !runUntil(idle, timeoutS) || r.timedOut;
        const double fitted = seconds(fitClock);

        // The request as it would be sent: the fitted variant of every ready item, in tray order.
        squint::ChatBodySpec spec;
        spec.model = model;
        spec.stream = true;
        squint::BodyMessage msg;
        msg.text = prompt;
        for (const squint::TrayItem &it : tray->items()) {
            if (it.stage != squint::ItemFacts::Stage::Ready)
                continue;
            ++r.ready;
            if (it.fitted.isNull())
                continue;
            ++r.fitted;
            r.fittedBytes += it.fitted.byteCount;
            if (it.fitted.quality < 0 && it.fitted.format == it.info.format)
                ++r.unchanged;
            if (it.fitted.quality >= 0) {
                r.minQuality = std::min(r.minQuality, it.fitted.quality);
                if (it.fitted.quality < 85)
                    ++r.qualitySearched;
            }
            squint::BodyImage img;
            img.mime = squint::mimeForFormat(it.fitted.format);
            img.data = it.fitted.data();
            img.size = img.data.size();
            msg.images << img;
        }
        spec.messages << msg;
        r.body = squint::buildChatBody(spec);
        r.bodyBytes = r.body.size();
        r.fit = seconds(fitClock);
        r.wall = seconds(clock);
        r.fitOnly = fitted;
        r.cpu = bench::cpuSeconds() - cpu0;
        r.fitCpu = bench::cpuSeconds() - fitCpu0;
        r.maxRequestBytes = app.composer->profile().limits.maxRequestBytes;
        r.decodes = app.composer->intake()->decodeCount();
        r.fits = r.ready > 0 && r.fitted == r.ready && app.composer->evaluation().canSend
                 && (r.maxRequestBytes <= 0 || r.bodyBytes <= r.maxRequestBytes);
        if (!app.composer->evaluation().canSend)
            note(QStringLiteral("after fitting, Send is disabled: %1").arg(app.composer->evaluation().blocker));
        for (const auto &m : app.messages)
            if (m.first != squint::Composer::MessageLevel::Info)
                note(m.second);
        note(QStringLiteral("run %1/%2: %3 files, %4 ready, %5 fitted; probe %6 s, fit+body %7 s, body %8 bytes")
                 .arg(run + 1).arg(repeat).arg(files.size()).arg(r.ready).arg(r.fitted)
                 .arg(r.probe, 0, 'f', 3).arg(r.fit, 0, 'f', 3).arg(r.bodyBytes));
        if (run == 0 || r.wall < best.wall)
            best = std::move(r);
    }
    if (!outPath.isEmpty()) {
        QFile out(outPath);
        if (!out.open(QIODevice::WriteOnly) || out.write(best.body) != best.body.size())
            note(QStringLiteral("could not write %1").arg(outPath));
    }
    JsonLine()
        .add("bench", "fit")
        .add("model", model)
        .add("files", int(files.size()))
        .add("wall_s", best.wall, 4)
        .add("fit_s", best.fit, 4)
        .add("probe_s", best.probe, 4)
        .add("fit_only_s", best.fitOnly, 4)
        .add("cpu_s", best.cpu, 3)
        .add("fit_cpu_s", best.fitCpu, 3)
        .add("body_bytes", best.bodyBytes)
        .add("fits", best.fits)
        .add("max_request_bytes", best.maxRequestBytes)
        .add("ready", best.ready)
        .add("fitted", best.fitted)
        .add("sent_unchanged", best.unchanged)
        .add("quality_searched", best.qualitySearched)
        .add("min_quality", best.fitted > 0 && best.minQuality <= 100 ? best.minQuality : -1)
        .add("fitted_bytes", best.fittedBytes)
        .add("decodes", best.decodes)
        .add("peak_rss_mb", bench::procStatusMb("VmHWM"), 1)
        .add("repeat", repeat)
        .print();
    return best.timedOut ? 1 : 0;
}

/// Per-stage timings, single-threaded, summed over the files.
int cmdBreakdown(const QStringList &args)
{
    int thumb = 256, longEdge = 1568;
    QString model;
    QStringList paths;
    for (int i = 0; i < args.size(); ++i) {
        const QString &a = args.at(i);
        auto value = [&]() -> QString { return i + 1 < args.size() ? args.at(++i) : QString(); };
        if (a == QLatin1String("--model"))
            model = value();
        else if (a == QLatin1String("--thumb"))
            thumb = value().toInt();
        else if (a == QLatin1String("--long-edge"))
            longEdge = value().toInt();
        else if (a.startsWith(QLatin1String("--")))
            return usage();
        else
            paths << a;
    }
    const QStringList files = expandPaths(paths);
    if (files.isEmpty())
        return usage();

    // fitImage's target: the model's, as Composer::fitToModel computes it for this many images,
    // or with --long-edge alone (no byte budget) when no model is named.
    squint::FitTarget fitTarget;
    fitTarget.longEdge = longEdge;
    fitTarget.formats = {QStringLiteral("jpeg"), QStringLiteral("png"), QStringLiteral("gif"), QStringLiteral("webp")};
    if (!model.isEmpty()) {
        const squint::ModelProfile profile = squint::Catalog::builtIn().profileFor(model);
        squint::ChatBodySpec spec;
        spec.model = model;
        squint::BodyMessage msg;
        msg.text = QStringLiteral("Describe these images.");
        spec.messages << msg;
        fitTarget = squint::fitTargetFor(profile.limits, int(files.size()), squint::chatBodySize(spec) + 4096);
        longEdge = fitTarget.longEdge;
    }
    JsonLine()
        .add("fit_target_long_edge", fitTarget.longEdge)
        .add("fit_target_max_bytes", fitTarget.maxBytes)
        .add("fit_target_formats", fitTarget.formats.join(QLatin1Char(',')))
        .print();

    // thumb_decode: QImageReader with the thumbnail size, as probeImage sets it; thumb_dct: the same
    // decode stopped at libjpeg's M/8 size (no scaling step). decode_scaled: decodeImageScaled() to the
    // long edge, as Fit does; decode_dct: at libjpeg's M/8 size only; smooth_scale: that image
    // brought to the long edge with Qt::SmoothTransformation.
    enum Stage {
        Read,
        Sha,
        Header,
        Probe,
        ThumbDecode,
        ThumbDct,
        ThumbConvert,
        Decode,
        DecodeDct,
        Scale,
        Encode,
        PngEncode,
        FitImage,
        SharedDecode,
        ThumbFromShared,
        Count
    };
    const char *names[Count] = {"read_s",
                                "sha256_s",
                                "probe_header_s",
                                "probe_thumb_s",
                                "thumb_decode_s",
                                "thumb_dct_s",
                                "thumb_convert_s",
                                "decode_scaled_s",
                                "decode_dct_s",
                                "smooth_scale_s",
                                "jpeg_encode_s",
                                "png_encode_s",
                                "fit_image_s",
                                "shared_decode_s",
                                "thumb_from_shared_s"};
    // The size libjpeg decodes to when asked for `target`: M/8 of the original, M = 1..8 (as Qt's
    // JPEG handler picks it); other formats decode at full size.
    auto dctSize = [](QSize raw, QSize target, bool jpeg) {
        if (!jpeg || target.isEmpty())
            return raw;
        const double f = std::min(double(raw.width()) / target.width(), double(raw.height()) / target.height());
        const int m = std::clamp(int(std::ceil(8.0 / f)), 1, 8);
        return QSize((raw.width() * m + 7) / 8, (raw.height() * m + 7) / 8);
    };
    auto readAt = [](const QByteArray &bytes, QSize size) {
        QBuffer buffer;
        buffer.setData(bytes);
        buffer.open(QIODevice::ReadOnly);
        QImageReader reader(&buffer);
        reader.setAutoTransform(true);
        if (size.isValid() && size != reader.size())
            reader.setScaledSize(size);
        QImage img;
        reader.read(&img);
        return img;
    };
    std::array<double, Count> total = {};
    int ok = 0;
    double megapixels = 0;
    QElapsedTimer t;
    for (const QString &path : files) {
        const std::array<double, Count> before = total;
        t.start();
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly))
            continue;
        const QByteArray bytes = f.readAll();
        total[Read] += seconds(t);

        t.start();
        const QByteArray sha = squint::sha256Of(bytes);
        total[Sha] += seconds(t);

        squint::DecodeOptions noThumb;
        noThumb.thumbnailEdge = 0;
        t.start();
        const squint::ProbeResult header = squint::probeImage(bytes, noThumb);
        total[Header] += seconds(t);
        if (!header.ok)
            continue;
        ++ok;
        megapixels += double(header.info.size.width()) * header.info.size.height() / 1e6;

        squint::DecodeOptions withThumb;
        withThumb.thumbnailEdge = thumb;
        t.start();
        const squint::ProbeResult probe = squint::probeImage(bytes, withThumb);
        total[Probe] += seconds(t);

        // Raw (unoriented) size, as the reader sees it before any transformation.
        QSize raw;
        {
            QBuffer buffer;
            buffer.setData(bytes);
            buffer.open(QIODevice::ReadOnly);
            raw = QImageReader(&buffer).size();
        }
        const bool isJpeg = header.info.format == "jpeg";
        {
            const QSize target = raw.scaled(QSize(thumb, thumb), Qt::KeepAspectRatio);
            t.start();
            const QImage img = readAt(bytes, target.width() < raw.width() ? target : QSize());
            total[ThumbDecode] += seconds(t);
            t.start();
            const QImage dct = readAt(bytes, dctSize(raw, target, isJpeg));
            total[ThumbDct] += seconds(t);
            t.start();
            const QImage conv = img.convertToFormat(img.hasAlphaChannel() ? QImage::Format_ARGB32_Premultiplied
                                                                           : QImage::Format_RGB888);
            total[ThumbConvert] += seconds(t);
        }

        t.start();
        QImage img = squint::decodeImageScaled(bytes, longEdge);
        total[Decode] += seconds(t);
        {
            const QSize target = raw.scaled(QSize(longEdge, longEdge), Qt::KeepAspectRatio);
            t.start();
            const QImage dct = readAt(bytes, target.width() < raw.width() ? dctSize(raw, target, isJpeg) : QSize());
            total[DecodeDct] += seconds(t);
            t.start();
            const QSize to = squint::fitLongEdge(dct.size(), longEdge);
            const QImage scaled = to != dct.size() ? dct.scaled(to, Qt::IgnoreAspectRatio, Qt::SmoothTransformation) : dct;
            total[Scale] += seconds(t);
        }
        t.start();
        const QByteArray jpeg = squint::encodeImage(img, "jpeg", 85);
        total[Encode] += seconds(t);
        t.start();
        const QByteArray png = squint::encodeImage(img, "png");
        total[PngEncode] += seconds(t);

        t.start();
        const squint::PreparedImage fitted = squint::fitImage(bytes, probe.info, fitTarget);
        total[FitImage] += seconds(t);

        // Issue 17: the one decode an image with steps gets (at the fit edge), and its thumbnail made from it.
        t.start();
        const squint::DecodedImage shared = squint::decodeOnce(bytes, {longEdge});
        total[SharedDecode] += seconds(t);
        t.start();
        squint::ProbeResult fromShared = header;
        squint::addThumbnailFrom(shared, fromShared, thumb);
        total[ThumbFromShared] += seconds(t);
        JsonLine file;
        file.add("file", path)
            .add("format", QString::fromLatin1(header.info.format))
            .add("width", header.info.size.width())
            .add("height", header.info.size.height())
            .add("bytes", qint64(bytes.size()))
            .add("alpha", header.info.hasAlpha)
            .add("photo_like", probe.info.photoLike)
            .add("sha_ok", !sha.isEmpty())
            .add("fitted_bytes", qint64(fitted.bytes.size()))
            .add("fitted_format", QString::fromLatin1(fitted.format))
            .add("fitted_quality", fitted.quality)
            .add("fitted_width", fitted.size.width())
            .add("jpeg85_bytes", qint64(jpeg.size()))
            .add("png_bytes", qint64(png.size()));
        for (int s = 0; s < Count; ++s)
            file.add(names[s], total[s] - before[s], 4);
        file.print();
    }
    JsonLine line;
    line.add("bench", "breakdown").add("files", int(files.size())).add("decoded", ok).add("megapixels", megapixels, 1);
    for (int s = 0; s < Count; ++s)
        line.add(names[s], total[s], 4);
    line.print();
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    // No window is shown: the offscreen platform keeps the bench runnable without a display.
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    QGuiApplication::setApplicationName(QStringLiteral("squint-bench"));
    QStringList args = QGuiApplication::arguments();
    args.removeFirst();
    if (args.isEmpty())
        return usage();
    const QString command = args.takeFirst();
    if (command == QLatin1String("--help") || command == QLatin1String("-h") || command == QLatin1String("help"))
        return usage(stdout);
    if (command == QLatin1String("compare"))
        return cmdCompare(args);
    if (command == QLatin1String("ingest"))
        return cmdIngest(args);
    if (command == QLatin1String("pdf")) {
        const int rc = bench::cmdPdf(args, &runGuiSibling);
        return rc == 2 ? usage() : rc;
    }
    if (command == QLatin1String("fit"))
        return cmdFit(args);
    if (command == QLatin1String("breakdown"))
        return cmdBreakdown(args);
    if (command == QLatin1String("batch")) {
        const int rc = bench::cmdBatch(args);
        return rc == 2 ? usage() : rc;
    }
    if (command == QLatin1String("jpegscale")) {
        const int rc = bench::cmdJpegScale(args);
        return rc == 2 ? usage() : rc;
    }
    if (command == QLatin1String("databricks-batch")) {
        const int rc = bench::cmdDatabricksBatch(args);
        return rc == 2 ? usage() : rc;
    }
    if (command == QLatin1String("hostile")) {
        const int rc = bench::cmdHostile(args);
        return rc == 2 ? usage() : rc;
    }
    if (command == QLatin1String("store")) {
        const int rc = bench::cmdStore(args);
        return rc == 2 ? usage() : rc;
    }
    if (command == QLatin1String("sse") || command == QLatin1String("body")) {
        const int rc = command == QLatin1String("sse") ? bench::cmdSse(args) : bench::cmdBody(args);
        return rc == 2 ? usage() : rc;
    }
    return usage();
}
