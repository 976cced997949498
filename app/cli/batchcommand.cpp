// squint batch: one question over a folder of images, one request per image (or group), the results
// as a table. The core work is BatchRunner's; this file reads the options, shows the dry run, writes
// the rows in input order and says how it went.

#include "cli/batchcommand.h"
#include "cli/askcommand.h"
#include "cli/commandline.h"
#include "cli/historycommand.h"
#include "cli/output.h"

#include "core/batch/batch.h"
#include "core/batch/batchrunner.h"
#include "core/batch/batchsession.h"
#include "core/batch/batchstore.h"
#include "core/catalog/catalog.h"
#include "core/images/folderscan.h"
#include "core/util/format.h"
#include "core/images/imageinfo.h"
#include "core/util/privatefiles.h"
#include "core/util/settings.h"
#include "core/history/conversationstore.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QLocale>
#include <QLoggingCategory>
#include <QMap>
#include <QNetworkAccessManager>
#include <QSet>
#include <QTimer>
#include <QtConcurrent/QtConcurrentMap>

#include <atomic>
#include <csignal>
#include <cstdio>

#include <unistd.h>

namespace squint::cli {

namespace {
class Tr
{
    Q_DECLARE_TR_FUNCTIONS(squint::cli)
};

const QString Command = QStringLiteral("squint batch");


std::atomic<bool> g_interrupted{false};
extern "C" void onBatchInterrupt(int) { g_interrupted.store(true); }

enum class Format { Csv, Jsonl, Markdown };

/// Where the rows go, in input order, as they become available.
class RowWriter
{
public:
    RowWriter(Format format, const ColumnSpec &spec, QFile *file)
        : m_format(format)
        , m_spec(spec)
        , m_file(file)
    {
    }
    void begin()
    {
        if (m_format == Format::Csv)
            write(csvHeader(m_spec));
        else if (m_format == Format::Markdown)
            write(markdownHeader(m_spec).toUtf8());
    }
    void add(const BatchRow &row)
    {
        m_pending.insert(row.index, row);
        while (m_pending.contains(m_next)) {
            const BatchRow r = m_pending.take(m_next++);
            switch (m_format) {
            case Format::Csv: write(csvLine(r, m_spec)); break;
            case Format::Jsonl: write(jsonlLine(r, m_spec)); break;
            case Format::Markdown: write(markdownLine(r, m_spec).toUtf8()); break;
            }
        }
    }
    bool ok() const { return m_ok; }

private:
    void write(const QByteArray &b)
    {
        if (!m_file) {
            if (m_format == Format::Jsonl)
                writeOutJson(b);
            else
                writeOut(QString::fromUtf8(b));
            return;
        }
        if (m_file->write(b) != b.size())
            m_ok = false;
        m_file->flush();
    }
    Format m_format;
    ColumnSpec m_spec;
    QFile *m_file;
    QMap<int, BatchRow> m_pending;
    int m_next = 1;
    bool m_ok = true;
};

/// Progress on stderr: one line rewritten in place on a terminal, else a plain line every 5 seconds.
class Progress
{
public:
    explicit Progress(int total)
        : m_total(total)
        , m_tty(isatty(STDERR_FILENO) == 1)
    {
        m_clock.start();
    }
    void update(int finished, int failed, int resumed, bool force = false)
    {
        const qint64 now = m_clock.elapsed();
        if (!force && now - m_last < (m_tty ? 200 : 5000))
            return;
        m_last = now;
        const int asked = finished - resumed;
        const double rate = now > 0 ? asked * 1000.0 / double(now) : 0;
        QString line = Tr::tr("%1 of %2 finished: %3 answered, %4 failed").arg(finished).arg(m_total).arg(finished - failed).arg(failed);
        if (rate > 0 && now >= 2000) { // a rate is meaningless over the first moments
            line += Tr::tr(", %1 per second").arg(QLocale().toString(rate, 'f', 1));
            if (finished < m_total)
                line += Tr::tr(", about %1 left").arg(formatDuration((m_total - finished) / rate));
        }
        if (m_tty) {
            // the only control sequence squint writes: back to the line's start, clear it
            std::fputs("\r\033[K", stderr);
            std::fputs(terminalSafe(line).toUtf8().constData(), stderr);
            std::fflush(stderr);
            m_open = true;
        } else {
            printErr(line);
        }
    }
    /// Ends the rewritten line before other messages.
    void breakLine()
    {
        if (m_open) {
            std::fputc('\n', stderr);
            m_open = false;
        }
    }

private:
    int m_total;
    bool m_tty;
    bool m_open = false;
    QElapsedTimer m_clock;
    qint64 m_last = -100000;
};

int dryRun(const ModelProfile &profile, const QList<QStringList> &units, const QString &prompt, const ColumnSpec &spec,
           const QString &system, bool fit)
{
    qsizetype files = 0;
    for (const QStringList &u : units)
        files += u.size();
    const QList<DryRunUnit> dry = probeBatchUnits(units);
    const DryRunPlan plan = planDryRun(profile, dry, prompt, spec, system, fit);
    printOut(Tr::tr("Dry run for %1 (%2): nothing is sent.").arg(profile.endpoint, profile.displayName));
    printOut(Tr::tr("  files:           %1").arg(files));
    printOut(Tr::tr("  requests:        %1").arg(plan.requests));
    printOut(Tr::tr("  total payload:   %1%2 (largest request %3)")
            .arg(plan.estimate ? Tr::tr("about ") : QString(), formatBytes(plan.totalBodyBytes), formatBytes(plan.maxBodyBytes)));
    printOut(Tr::tr("  estimated tokens: about %1 for the images, about %2 for the prompts (rough)")
            .arg(QLocale().toString(plan.imageTokens), QLocale().toString(plan.textTokens)));
    if (plan.imagesToConvert > 0)
        printOut(Tr::tr("  %n image(s) will be converted or scaled down to suit the model.", nullptr, plan.imagesToConvert));
    int unreadable = 0, over = 0, fitHelps = 0;
    for (const DryRunProblem &pr : plan.problems) {
        unreadable += pr.unreadable;
        over += !pr.unreadable;
        fitHelps += pr.fitHelps;
    }
    if (plan.problems.isEmpty()) {
        printOut(Tr::tr("Every request fits the model's limits."));
        return Ok;
    }
    printOut(Tr::tr("%n request(s) would not go as they are:", nullptr, int(plan.problems.size())));
    for (const DryRunProblem &pr : plan.problems)
        printOut(QStringLiteral("  %1\t%2\t%3").arg(pr.index).arg(pr.paths.join(QStringLiteral("; ")), pr.text));
    if (fitHelps > 0 && !fit)
        printOut(Tr::tr("--fit would make %n of them fit (Fit to Model: scaled down and re-encoded copies; the originals stay as they are).",
                   nullptr, fitHelps));
    return over > 0 ? OverLimits : (unreadable > 0 ? Failure : Ok);
}

int exitCodeFor(BatchRunner::Outcome outcome, const QList<int> &failureKinds)
{
    switch (outcome) {
    case BatchRunner::Outcome::Canceled: return Interrupted;
    case BatchRunner::Outcome::ConnectionLost: return ConnectionError;
    case BatchRunner::Outcome::RateLimited: return ServerError;
    case BatchRunner::Outcome::Completed: break;
    }
    const auto has = [&](BatchRow::ErrorKind k) { return failureKinds.contains(int(k)); };
    if (has(BatchRow::ErrorKind::Connection))
        return ConnectionError;
    if (has(BatchRow::ErrorKind::Server))
        return ServerError;
    if (has(BatchRow::ErrorKind::Limits))
        return OverLimits;
    if (has(BatchRow::ErrorKind::Input))
        return Failure;
    if (has(BatchRow::ErrorKind::Interrupted))
        return Interrupted;
    return failureKinds.isEmpty() ? Ok : Failure;
}

} // namespace

int runBatch(const QStringList &args)
{
    QCommandLineParser p;
    p.setApplicationDescription(Tr::tr(
        "Asks the same question about every image of folders or files, one request per image (or per group of N "
        "images with --group), and writes one row per request, in input order.\n"
        "The prompt is a template: {filename}, {path} and {index} (1-based) are filled in; {{ and }} are literal braces.\n"
        "--columns names the columns the answer must fill: a comma-separated list (brand,colour,count), a JSON schema "
        "object with \"properties\", or @FILE holding either. The answer is asked for as one JSON object and read into "
        "those columns; an answer that does not parse keeps its raw text and is flagged in parse_error.\n"
        "Output: --out FILE.csv (RFC 4180), FILE.jsonl or FILE.md (a Markdown table); without --out, JSONL on standard "
        "output. A file that fails is a row with its error, never a gap.\n"
        "Results are saved in Squint's history as they arrive. --resume continues the latest batch with the same model, "
        "prompt, columns, system prompt, group size and inputs (as named on the command line); --batch-id ID continues "
        "batch ID (printed at the start of each run). A resumed run does not ask again for files answered before, unless "
        "they changed since (size and time, then SHA-256); failed and unfinished files are asked again.\n"
        "--dry-run reads every image and shows what would be sent (requests, total payload, estimated tokens, and every "
        "request over the model's limits, with what --fit would fix) without sending anything.\n"
        "A 429 answer pauses every new request for the server's Retry-After and halves the concurrency, which then grows "
        "back. After 3 connection failures in a row the batch stops (the rest is reported not asked): --resume later.\n"
        "Progress goes to standard error: one line updated in place on a terminal, a plain line every 5 seconds otherwise.\n"
        "Without --profile or --base-url, the Databricks workspace comes from DATABRICKS_HOST and DATABRICKS_TOKEN, or "
        "from ~/.databrickscfg.\n"
        "Exit status: 0 every file answered, 1 a file could not be read, 2 usage or configuration, 3 over the model's "
        "limits, 4 connection failed, 5 the server answered with an error, 130 interrupted (the results so far are saved). "
        "An answer that does not fill the columns counts as answered (it is flagged, and said on standard error)."));
    p.addHelpOption();
    const RequestOptions o;
    const QCommandLineOption prompt(QStringLiteral("prompt"), Tr::tr("The question (a template, see above)."), Tr::tr("TEXT"));
    const QCommandLineOption columns(QStringLiteral("columns"), Tr::tr("Columns the answer must fill: a,b,c, a JSON schema, or @FILE."),
                                     Tr::tr("SPEC"));
    const QCommandLineOption concurrency(QStringLiteral("concurrency"), Tr::tr("Requests in flight at most (default 4)."),
                                         Tr::tr("N"));
    const QCommandLineOption group(QStringLiteral("group"), Tr::tr("Images per request, for comparisons (default 1)."), Tr::tr("N"));
    const QCommandLineOption out(QStringList{QStringLiteral("o"), QStringLiteral("out")},
                                 Tr::tr("Write the rows to FILE.csv, FILE.jsonl or FILE.md (default: JSONL on standard output)."),
                                 Tr::tr("FILE"));
    const QCommandLineOption resume(QStringLiteral("resume"), Tr::tr("Continue the latest batch with the same settings and inputs."));
    const QCommandLineOption batchId(QStringLiteral("batch-id"), Tr::tr("Continue batch ID (implies --resume)."), Tr::tr("ID"));
    const QCommandLineOption dry(QStringLiteral("dry-run"), Tr::tr("Show what would be sent, send nothing."));
    const QCommandLineOption noSave(QStringLiteral("no-save"), Tr::tr("Don't keep the results in Squint's history (no --resume later)."));
    p.addOptions({o.profile, o.baseUrl, o.tokenEnv, o.model, prompt, columns, o.system, o.maxTokens, o.temperature, o.noStream,
                  o.fit, o.timeout, concurrency, group, out, resume, batchId, dry, noSave});
    p.addPositionalArgument(QStringLiteral("inputs"), Tr::tr("Folders and image files."), Tr::tr("DIR|FILE..."));
    processSubcommand(p, QStringList{Command} + args);
    // The image plugins' own warnings repeat what the failed file's row says.
    QLoggingCategory::setFilterRules(QStringLiteral("qt.gui.imageio*=false"));

    const QString usage = Tr::tr("usage: squint batch [--profile NAME | --base-url URL [--token-env VAR]] --model NAME --prompt TEXT "
                                 "[--columns a,b,c] [--concurrency N] [--group N] [--out FILE.csv|.jsonl|.md] [--resume | "
                                 "--batch-id ID] [--dry-run] [--fit] DIR|FILE...");
    if (!p.isSet(o.model) || !p.isSet(prompt) || p.positionalArguments().isEmpty()) {
        printErr(usage);
        return Usage;
    }
    if (!checkConnectionOptions(p, o, Command))
        return Usage;
    RequestSettings settingsFromArgs;
    if (!readRequestSettings(p, o, Command, &settingsFromArgs))
        return Usage;
    const QString promptTemplate = p.value(prompt);
    if (promptTemplate.trimmed().isEmpty()) {
        printErr(Tr::tr("squint batch: the prompt is empty."));
        return Usage;
    }
    if (const QString problem = checkPromptTemplate(promptTemplate); !problem.isEmpty()) {
        printErr(Tr::tr("squint batch: %1").arg(problem));
        return Usage;
    }
    QString columnText = p.value(columns);
    if (columnText.startsWith(u'@')) {
        QFile f(columnText.mid(1));
        if (!f.open(QIODevice::ReadOnly)) {
            printErr(Tr::tr("squint batch: can't read the columns from “%1”: %2").arg(columnText.mid(1), f.errorString()));
            return Usage;
        }
        columnText = QString::fromUtf8(f.readAll());
    }
    QString problem;
    const std::optional<ColumnSpec> spec = parseColumnSpec(columnText, &problem);
    if (!spec) {
        printErr(Tr::tr("squint batch: %1").arg(problem));
        return Usage;
    }
    int maxConcurrency = 4;
    if (p.isSet(concurrency)) {
        bool ok = false;
        maxConcurrency = p.value(concurrency).toInt(&ok);
        if (!ok || maxConcurrency < 1 || maxConcurrency > 64) {
            printErr(Tr::tr("squint batch: --concurrency takes a whole number from 1 to 64."));
            return Usage;
        }
    }
    int groupSize = 1;
    if (p.isSet(group)) {
        bool ok = false;
        groupSize = p.value(group).toInt(&ok);
        if (!ok || groupSize < 1) {
            printErr(Tr::tr("squint batch: --group takes a positive whole number."));
            return Usage;
        }
    }
    Format format = Format::Jsonl;
    const QString outPath = p.value(out);
    if (p.isSet(out)) {
        const QString suffix = QFileInfo(outPath).suffix().toLower();
        if (suffix == QLatin1String("csv"))
            format = Format::Csv;
        else if (suffix == QLatin1String("jsonl") || suffix == QLatin1String("ndjson"))
            format = Format::Jsonl;
        else if (suffix == QLatin1String("md") || suffix == QLatin1String("markdown"))
            format = Format::Markdown;
        else {
            printErr(Tr::tr("squint batch: --out needs a file name ending in .csv, .jsonl or .md."));
            return Usage;
        }
    }
    qint64 wantedId = 0;
    if (p.isSet(batchId)) {
        bool ok = false;
        wantedId = p.value(batchId).toLongLong(&ok);
        if (!ok || wantedId <= 0) {
            printErr(Tr::tr("squint batch: --batch-id takes a batch number."));
            return Usage;
        }
    }
    const bool resuming = p.isSet(resume) || wantedId > 0;
    if (resuming && p.isSet(noSave)) {
        printErr(Tr::tr("squint batch: --resume needs the saved results: it can't go with --no-save."));
        return Usage;
    }

    // The inputs, in order.
    QStringList named;
    for (const QString &a : p.positionalArguments()) {
        if (!QFileInfo::exists(a)) {
            printErr(Tr::tr("squint batch: “%1” does not exist.").arg(a));
            return Failure;
        }
        named << QFileInfo(a).absoluteFilePath();
    }
    QStringList emptyFolders;
    const QStringList files = batchInputFiles(named, &emptyFolders);
    for (const QString &f : std::as_const(emptyFolders))
        printErr(Tr::tr("squint batch: no image files in “%1”.").arg(f));
    if (files.isEmpty()) {
        printErr(Tr::tr("squint batch: no image files to ask about."));
        return Failure;
    }
    const QList<QStringList> units = batchUnits(files, groupSize);

    const QString modelName = p.value(o.model);
    Settings settings;
    const ModelProfile profile = Catalog::builtIn().profileWithOverrides(modelName, &settings);
    if (p.isSet(dry))
        return dryRun(profile, units, promptTemplate, *spec, settingsFromArgs.system, settingsFromArgs.fit);

    BatchJob job;
    std::optional<DatabricksCredential> oauth;
    if (!resolveTarget(p, o, Command, settingsFromArgs.timeoutMs, &job.target, nullptr, &oauth))
        return Usage;
    job.profile = profile;
    job.model = modelName;
    job.promptTemplate = promptTemplate;
    job.columns = *spec;
    job.system = settingsFromArgs.system;
    job.maxTokens = settingsFromArgs.maxTokens;
    job.temperature = settingsFromArgs.temperature;
    leaveOutRefusedTemperature(Command, job.model, &job.temperature);
    job.stream = settingsFromArgs.stream;
    job.fit = settingsFromArgs.fit;
    job.concurrency = maxConcurrency;
    job.units = units;

    // The history: where results go as they arrive and where --resume finds them.
    ConversationStore history;
    std::optional<BatchStore> store;
    qint64 id = 0;
    const QByteArray key = batchKey(modelName, promptTemplate, spec->source, job.system, groupSize, named);
    if (!p.isSet(noSave)) {
        if (openHistoryStore(history, Command)) {
            store.emplace(history);
            if (wantedId > 0) {
                const std::optional<BatchInfo> info = store->batch(wantedId);
                if (!info) {
                    printErr(Tr::tr("squint batch: there is no batch %1.").arg(wantedId));
                    return Usage;
                }
                if (info->key != key) {
                    printErr(Tr::tr("squint batch: batch %1 was run with another model, prompt, columns, group size or inputs "
                               "(model %2, prompt “%3”); run it with the same ones to continue it.")
                            .arg(wantedId)
                            .arg(info->model, info->prompt));
                    return Usage;
                }
                id = wantedId;
            } else if (resuming) {
                id = store->findLatest(key);
                if (id == 0)
                    printErr(Tr::tr("squint batch: no earlier batch with these settings and inputs: starting a new one."));
            }
            if (id == 0) {
                BatchInfo info;
                info.key = key;
                info.model = modelName;
                info.connectionName = job.target.connectionName;
                info.prompt = promptTemplate;
                info.columns = spec->source;
                info.system = job.system;
                info.groupSize = groupSize;
                info.inputs = named;
                info.total = int(units.size());
                id = store->createBatch(info);
                if (id == 0) {
                    printErr(Tr::tr("squint batch: the results will not be saved: %1").arg(store->lastError()));
                    store.reset();
                }
            }
            if (store)
                store->beginRun(id, int(units.size()));
        } else if (resuming) {
            return Usage;
        } else {
            printErr(Tr::tr("squint batch: the results will not be saved."));
        }
    }

    QFile outFile;
    if (p.isSet(out)) {
        outFile.setFileName(outPath);
        if (!openPrivateFile(outFile, QIODevice::WriteOnly | QIODevice::Truncate)) {
            printErr(Tr::tr("squint batch: can't write “%1”: %2").arg(outPath, outFile.errorString()));
            return Failure;
        }
    }
    RowWriter writer(format, *spec, p.isSet(out) ? &outFile : nullptr);
    writer.begin();

    if (store)
        printErr(Tr::tr("squint batch: batch %1, %n request(s).", nullptr, int(units.size())).arg(id));

    QNetworkAccessManager nam;
    // A Databricks OAuth token lives an hour: one the server refuses mid-batch is fetched anew.
    DatabricksTokenProvider tokens(&nam, systemEnvironment());
    if (oauth) {
        job.renewToken = [&tokens, credential = *oauth](auto done) {
            tokens.invalidate(credential);
            tokens.token(credential, [done](std::optional<QByteArray> token, const QString &error) {
                done(token.value_or(QByteArray()), error);
            });
        };
    }
    BatchRunner runner(&nam);
    runner.setJob(job);
    if (store)
        runner.setStore(&*store, id);
    Progress progress(int(units.size()));
    QList<int> failureKinds;
    int flagged = 0;
    QObject::connect(&runner, &BatchRunner::rowReady, &runner, [&](const BatchRow &row) {
        writer.add(row);
        if (row.status != BatchRow::Status::Done && !failureKinds.contains(int(row.errorKind)))
            failureKinds << int(row.errorKind);
        flagged += row.flagged();
        progress.update(runner.rowsEmitted(), runner.rowsFailed(), runner.rowsResumed());
    });
    QObject::connect(&runner, &BatchRunner::rateLimited, &runner, [&](int waitMs, int limit) {
        progress.breakLine();
        printErr(Tr::tr("squint batch: the server asks to slow down (429): waiting %1, then %n request(s) at a time.", nullptr, limit)
                .arg(formatDuration(waitMs / 1000.0)));
    });
    QObject::connect(&runner, &BatchRunner::notice, &runner, [&](const QString &text) {
        progress.breakLine();
        printErr(Tr::tr("squint batch: %1").arg(text));
    });
    BatchRunner::Outcome outcome = BatchRunner::Outcome::Completed;
    QEventLoop loop;
    QObject::connect(&runner, &BatchRunner::finished, &loop, [&](BatchRunner::Outcome o2) {
        outcome = o2;
        loop.quit();
    });
    g_interrupted.store(false);
    std::signal(SIGINT, onBatchInterrupt);
    std::signal(SIGTERM, onBatchInterrupt);
    QTimer interruptPoll;
    QObject::connect(&interruptPoll, &QTimer::timeout, &runner, [&runner] {
        if (g_interrupted.load())
            runner.cancel();
    });
    interruptPoll.start(50);
    runner.start();
    if (runner.isRunning())
        loop.exec();
    interruptPoll.stop();
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
    progress.update(runner.rowsEmitted(), runner.rowsFailed(), runner.rowsResumed(), true);
    progress.breakLine();

    const bool complete = runner.rowsDone() == runner.total();
    if (store)
        store->endRun(id, complete);
    if (outFile.isOpen())
        outFile.close();
    if (!writer.ok())
        printErr(Tr::tr("squint batch: “%1” could not be written completely.").arg(outPath));

    QString summary = Tr::tr("squint batch: %1 answered (%2 from an earlier run), %3 failed or not asked.")
                          .arg(runner.rowsDone())
                          .arg(runner.rowsResumed())
                          .arg(runner.rowsFailed());
    printErr(summary);
    if (flagged > 0)
        printErr(Tr::tr("squint batch: %n answer(s) did not fill the columns: their raw text is kept and parse_error says why.",
                   nullptr, flagged));
    switch (outcome) {
    case BatchRunner::Outcome::Canceled: printErr(Tr::tr("squint batch: interrupted.")); break;
    case BatchRunner::Outcome::ConnectionLost: printErr(Tr::tr("squint batch: stopped: the server could not be reached.")); break;
    case BatchRunner::Outcome::RateLimited: printErr(Tr::tr("squint batch: stopped: the server asks to wait before more requests.")); break;
    case BatchRunner::Outcome::Completed: break;
    }
    // Resuming helps with what was not asked or failed on the way; not with files that can't be read.
    const bool worthResuming = outcome != BatchRunner::Outcome::Completed || failureKinds.contains(int(BatchRow::ErrorKind::Connection))
                               || failureKinds.contains(int(BatchRow::ErrorKind::Server))
                               || failureKinds.contains(int(BatchRow::ErrorKind::Interrupted));
    if (!complete && store && worthResuming)
        printErr(Tr::tr("squint batch: run it again with --resume (or --batch-id %1) to ask the rest.").arg(id));
    if (!writer.ok())
        return Failure;
    return exitCodeFor(outcome, failureKinds);
}

} // namespace squint::cli
