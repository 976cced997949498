// squint batch: one question over a folder of images, one request per image (or group), the results
// as a table. The core work is BatchRunner's; this file reads the options, shows the dry run, writes
// the rows in input order and says how it went.

#include "cli/batchcommand.h"
#include "cli/historycommand.h"
#include "cli/output.h"
#include "core/images/pdfpages.h"

#include "core/batch/batchrunner.h"
#include "core/batch/batchsession.h"
#include "core/batch/batchstore.h"
#include "core/batch/databricksbatch.h"
#include "core/batch/databrickssql.h"
#include "core/catalog/catalog.h"
#include "core/connections/connections.h"
#include "core/connections/databricksconfig.h"
#include "core/history/conversationstore.h"
#include "core/util/format.h"
#include "core/util/privatefiles.h"
#include "core/util/settings.h"

#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QLocale>
#include <QLoggingCategory>
#include <QMap>
#include <QNetworkAccessManager>
#include <QTimer>

#include <cstdio>
#include <limits>

#include <unistd.h>

namespace squint::cli {

namespace {

using Format = BatchOptions::Format;

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

int dryRun(const ModelProfile &profile, const QList<QStringList> &units, const BatchOptions &options)
{
    qsizetype files = 0;
    for (const QStringList &u : units)
        files += u.size();
    const bool fit = options.request.fit;
    const QList<DryRunUnit> dry = probeBatchUnits(units);
    const DryRunPlan plan = planDryRun(profile,
                                       dry,
                                       options.promptTemplate,
                                       options.columns,
                                       options.request.system,
                                       fit);
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

/// A whole number from `min` to `max` in *value, from `option` when it is given.
bool readCount(
    const QCommandLineParser &p, const QCommandLineOption &option, int min, int max, int *value)
{
    if (!p.isSet(option))
        return true;
    bool ok = false;
    *value = p.value(option).toInt(&ok);
    return ok && *value >= min && *value <= max;
}

/// --out's format, from the file name's suffix.
std::optional<Format> formatFor(const QString &path)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == QLatin1String("csv"))
        return Format::Csv;
    if (suffix == QLatin1String("jsonl") || suffix == QLatin1String("ndjson"))
        return Format::Jsonl;
    if (suffix == QLatin1String("md") || suffix == QLatin1String("markdown"))
        return Format::Markdown;
    return std::nullopt;
}

/// --prompt and --columns (a list, a JSON schema, or @FILE holding either).
bool readQuestion(const BatchCommandLine &line, BatchOptions *r, Problem *problem)
{
    const QCommandLineParser &p = line.parser;
    r->promptTemplate = p.value(line.prompt);
    QString text;
    if (r->promptTemplate.trimmed().isEmpty())
        text = Tr::tr("the prompt is empty.");
    else
        text = checkPromptTemplate(r->promptTemplate);
    if (!text.isEmpty()) {
        *problem = Problem{Usage, text};
        return false;
    }
    QString columnText = p.value(line.columns);
    if (columnText.startsWith(u'@')) {
        QFile f(columnText.mid(1));
        if (!f.open(QIODevice::ReadOnly)) {
            *problem = Problem{Usage,
                               Tr::tr("can't read the columns from “%1”: %2")
                                   .arg(columnText.mid(1), f.errorString())};
            return false;
        }
        columnText = QString::fromUtf8(f.readAll());
    }
    const std::optional<ColumnSpec> spec = parseColumnSpec(columnText, &text);
    if (!spec) {
        *problem = Problem{Usage, text};
        return false;
    }
    r->columns = *spec;
    return true;
}

/// --concurrency, --group, --out, --batch-id, --resume and --no-save.
bool readRunOptions(const BatchCommandLine &line, BatchOptions *r, Problem *problem)
{
    const QCommandLineParser &p = line.parser;
    auto fail = [problem](const QString &text) {
        *problem = Problem{Usage, text};
        return false;
    };
    if (!readCount(p, line.concurrency, 1, 64, &r->concurrency))
        return fail(Tr::tr("--concurrency takes a whole number from 1 to 64."));
    if (!readCount(p, line.group, 1, std::numeric_limits<int>::max(), &r->groupSize))
        return fail(Tr::tr("--group takes a positive whole number."));
    r->pages = p.value(line.pages);
    if (QString why; p.isSet(line.pages) && !parsePageRanges(r->pages, &why))
        return fail(Tr::tr("--pages %1: %2").arg(r->pages, why));
    if (p.isSet(line.out)) {
        r->outPath = p.value(line.out);
        const std::optional<Format> format = formatFor(r->outPath);
        if (!format)
            return fail(Tr::tr("--out needs a file name ending in .csv, .jsonl or .md."));
        r->format = *format;
    }
    if (p.isSet(line.batchId)) {
        bool ok = false;
        r->batchId = p.value(line.batchId).toLongLong(&ok);
        if (!ok || r->batchId <= 0)
            return fail(Tr::tr("--batch-id takes a batch number."));
    }
    r->resume = p.isSet(line.resume) || r->batchId > 0;
    r->save = !p.isSet(line.noSave);
    if (r->resume && !r->save)
        return fail(Tr::tr("--resume needs the saved results: it can't go with --no-save."));
    return true;
}

/// The inputs as absolute paths, and the requests they make (said when there are none).
bool collectInputs(const Command &command,
                   const BatchOptions &options,
                   QStringList *named,
                   QList<QStringList> *units)
{
    for (const QString &a : options.inputs) {
        if (!QFileInfo::exists(a)) {
            command.say(Tr::tr("“%1” does not exist.").arg(a));
            return false;
        }
        if (options.onDatabricks && isPdfPath(a)) {
            command.say(
                Tr::tr(
                    "“%1” is a PDF: a batch on Databricks asks about image files only; run it on "
                    "this computer (without --on-databricks) to ask about its pages.")
                    .arg(a));
            return false;
        }
        *named << QFileInfo(a).absoluteFilePath();
    }
    QStringList emptyFolders, pdfProblems;
    const QStringList files = batchInputFiles(*named, &emptyFolders, options.pages, &pdfProblems);
    for (const QString &f : std::as_const(emptyFolders))
        command.say(Tr::tr("no image files in “%1”.").arg(f));
    if (!pdfProblems.isEmpty()) {
        for (const QString &p : std::as_const(pdfProblems))
            command.say(p);
        return false;
    }
    if (files.isEmpty()) {
        command.say(Tr::tr("no image files to ask about."));
        return false;
    }
    *units = batchUnits(files, options.groupSize);
    return true;
}

BatchJob makeJob(const Command &command,
                 const BatchOptions &options,
                 const ModelProfile &profile,
                 const ChatTarget &target,
                 const QList<QStringList> &units)
{
    BatchJob job;
    job.target = target;
    job.profile = profile;
    job.model = options.model;
    job.promptTemplate = options.promptTemplate;
    job.columns = options.columns;
    job.system = options.request.system;
    job.maxTokens = options.request.maxTokens;
    job.temperature = options.request.temperature;
    leaveOutRefusedTemperature(command, job.model, &job.temperature);
    job.stream = options.request.stream;
    job.fit = options.request.fit;
    job.concurrency = options.concurrency;
    job.units = units;
    return job;
}

/// The history: where results go as they arrive and where --resume finds them.
struct BatchRecord
{
    ConversationStore history;
    std::optional<BatchStore> store;
    qint64 id = 0;
};

/// The batch --batch-id or --resume continues, 0 for a new one; false when --batch-id names a
/// batch that can't be continued (said).
bool findEarlierBatch(const Command &command,
                      const BatchOptions &options,
                      BatchStore &store,
                      const QByteArray &key,
                      qint64 *id)
{
    if (options.batchId > 0) {
        const std::optional<BatchInfo> info = store.batch(options.batchId);
        if (!info) {
            command.say(Tr::tr("there is no batch %1.").arg(options.batchId));
            return false;
        }
        if (info->key != key) {
            command.say(
                Tr::tr("batch %1 was run with another model, prompt, columns, group size or inputs "
                       "(model %2, prompt “%3”); run it with the same ones to continue it.")
                    .arg(options.batchId)
                    .arg(info->model, info->prompt));
            return false;
        }
        *id = options.batchId;
    } else if (options.resume) {
        *id = store.findLatest(key);
        if (*id == 0)
            command.say(
                Tr::tr("no earlier batch with these settings and inputs: starting a new one."));
    }
    return true;
}

/// The batch's record in the history: the one to continue or a new one, its run begun. Ok, or
/// Usage when --resume or --batch-id can't be honoured; otherwise a history that can't be written
/// only costs the saving.
int openRecord(const Command &command,
               const BatchOptions &options,
               const BatchJob &job,
               const QStringList &named,
               BatchRecord *record)
{
    if (!options.save)
        return Ok;
    if (!openHistoryStore(record->history, command)) {
        if (options.resume)
            return Usage;
        command.say(Tr::tr("the results will not be saved."));
        return Ok;
    }
    BatchStore &store = record->store.emplace(record->history);
    const QByteArray key = batchKey(options.model,
                                    options.promptTemplate,
                                    options.columns.source,
                                    job.system,
                                    options.groupSize,
                                    named);
    if (!findEarlierBatch(command, options, store, key, &record->id))
        return Usage;
    const int total = int(job.units.size());
    if (record->id == 0) {
        BatchInfo info;
        info.key = key;
        info.model = options.model;
        info.connectionName = job.target.connectionName;
        info.prompt = options.promptTemplate;
        info.columns = options.columns.source;
        info.system = job.system;
        info.groupSize = options.groupSize;
        info.inputs = named;
        info.total = total;
        record->id = store.createBatch(info);
        if (record->id == 0) {
            command.say(Tr::tr("the results will not be saved: %1").arg(store.lastError()));
            record->store.reset();
            return Ok;
        }
    }
    store.beginRun(record->id, total);
    return Ok;
}

/// How a run went.
struct BatchRun
{
    BatchRunner::Outcome outcome = BatchRunner::Outcome::Completed;
    QList<int> failureKinds; ///< the BatchRow::ErrorKind of the rows that failed, each once
    int flagged = 0;         ///< answers that did not fill the columns
    int done = 0, resumed = 0, failed = 0;
    bool complete = false;
};

/// Sets a job's `renew` so that an OAuth token the server refuses mid-batch is fetched anew for
/// `oauth` (a token lives an hour); nothing when the batch has no OAuth credential.
template<typename Renew>
void renewTokensWith(DatabricksTokenProvider &tokens,
                     const std::optional<DatabricksCredential> &oauth,
                     Renew *renew)
{
    if (!oauth)
        return;
    *renew = [&tokens, credential = *oauth](auto done) {
        tokens.invalidate(credential);
        tokens.token(credential, [done](std::optional<QByteArray> token, const QString &error) {
            done(token.value_or(QByteArray()), error);
        });
    };
}

/// Runs the job with progress on standard error; SIGINT or SIGTERM cancels it (what was answered is
/// kept). A Databricks OAuth token lives an hour: one the server refuses mid-batch is fetched anew.
BatchRun runJob(const Command &command,
                BatchJob job,
                const std::optional<DatabricksCredential> &oauth,
                BatchRecord &record,
                RowWriter &writer)
{
    QNetworkAccessManager nam;
    DatabricksTokenProvider tokens(&nam, systemEnvironment());
    renewTokensWith(tokens, oauth, &job.renewToken);
    BatchRunner runner(&nam);
    runner.setJob(job);
    if (record.store)
        runner.setStore(&*record.store, record.id);
    Progress progress(int(job.units.size()));
    BatchRun run;
    QObject::connect(&runner, &BatchRunner::rowReady, &runner, [&](const BatchRow &row) {
        writer.add(row);
        if (row.status != BatchRow::Status::Done && !run.failureKinds.contains(int(row.errorKind)))
            run.failureKinds << int(row.errorKind);
        run.flagged += row.flagged();
        progress.update(runner.rowsEmitted(), runner.rowsFailed(), runner.rowsResumed());
    });
    QObject::connect(&runner, &BatchRunner::rateLimited, &runner, [&](int waitMs, int limit) {
        progress.breakLine();
        // The prefix is inside the string: the English plural forms are keyed by the whole of it.
        printErr(Tr::tr("squint batch: the server asks to slow down (429): waiting %1, then %n "
                        "request(s) at a time.",
                        nullptr,
                        limit)
                     .arg(formatDuration(waitMs / 1000.0)));
    });
    QObject::connect(&runner, &BatchRunner::notice, &runner, [&](const QString &text) {
        progress.breakLine();
        command.say(text);
    });
    QObject::connect(&runner, &BatchRunner::finished, &runner, [&run](BatchRunner::Outcome outcome) {
        run.outcome = outcome;
    });
    {
        const Interruption interruption;
        QObject::connect(&interruption, &Interruption::interrupted, &runner, &BatchRunner::cancel);
        runner.start();
        waitUntil(&runner, &BatchRunner::finished, [&runner] { return !runner.isRunning(); });
    }
    progress.update(runner.rowsEmitted(), runner.rowsFailed(), runner.rowsResumed(), true);
    progress.breakLine();
    run.done = runner.rowsDone();
    run.resumed = runner.rowsResumed();
    run.failed = runner.rowsFailed();
    run.complete = runner.rowsDone() == runner.total();
    return run;
}

/// What the run comes to, on standard error, and the exit code.
int report(const Command &command,
           const BatchRun &run,
           const BatchRecord &record,
           bool written,
           const QString &outPath)
{
    if (!written)
        command.say(Tr::tr("“%1” could not be written completely.").arg(outPath));
    command.say(Tr::tr("%1 answered (%2 from an earlier run), %3 failed or not asked.")
                    .arg(run.done)
                    .arg(run.resumed)
                    .arg(run.failed));
    // The prefix is inside the string: the English plural forms are keyed by the whole of it.
    if (run.flagged > 0)
        printErr(Tr::tr("squint batch: %n answer(s) did not fill the columns: their raw text is "
                        "kept and parse_error says why.",
                        nullptr,
                        run.flagged));
    switch (run.outcome) {
    case BatchRunner::Outcome::Canceled:
        command.say(Tr::tr("interrupted."));
        break;
    case BatchRunner::Outcome::ConnectionLost:
        command.say(Tr::tr("stopped: the server could not be reached."));
        break;
    case BatchRunner::Outcome::RateLimited:
        command.say(Tr::tr("stopped: the server asks to wait before more requests."));
        break;
    case BatchRunner::Outcome::Completed: break;
    }
    // Resuming helps with what was not asked or failed on the way; not with files that can't be read.
    const auto failed = [&run](BatchRow::ErrorKind k) { return run.failureKinds.contains(int(k)); };
    const bool worthResuming = run.outcome != BatchRunner::Outcome::Completed
                               || failed(BatchRow::ErrorKind::Connection)
                               || failed(BatchRow::ErrorKind::Server)
                               || failed(BatchRow::ErrorKind::Interrupted);
    if (!run.complete && record.store && worthResuming)
        command.say(
            Tr::tr("run it again with --resume (or --batch-id %1) to ask the rest.").arg(record.id));
    if (!written)
        return Failure;
    return exitCodeFor(run.outcome, run.failureKinds);
}

/// Sends the job, writing the rows to --out or standard output, and says how it went.
int sendBatch(const Command &command,
              const BatchOptions &options,
              const BatchJob &job,
              const std::optional<DatabricksCredential> &oauth,
              const QStringList &named)
{
    BatchRecord record;
    if (const int code = openRecord(command, options, job, named, &record); code != Ok)
        return code;
    QFile outFile;
    if (!options.outPath.isEmpty()) {
        outFile.setFileName(options.outPath);
        if (!openPrivateFile(outFile, QIODevice::WriteOnly | QIODevice::Truncate))
            return command
                .fail(Failure,
                      Tr::tr("can't write “%1”: %2").arg(options.outPath, outFile.errorString()));
    }
    RowWriter writer(options.format, options.columns, outFile.isOpen() ? &outFile : nullptr);
    writer.begin();
    // The prefix is inside the string: the English plural forms are keyed by the whole of it.
    if (record.store)
        printErr(Tr::tr("squint batch: batch %1, %n request(s).", nullptr, int(job.units.size()))
                     .arg(record.id));
    const BatchRun run = runJob(command, job, oauth, record, writer);
    if (record.store)
        record.store->endRun(record.id, run.complete);
    if (outFile.isOpen())
        outFile.close();
    return report(command, run, record, writer.ok(), options.outPath);
}

/// --on-databricks, --warehouse, --volume, --print-sql and --clean-up, and what can't go with them.
bool readDatabricksOptions(const BatchCommandLine &line, BatchOptions *r, Problem *problem)
{
    const QCommandLineParser &p = line.parser;
    auto fail = [problem](const QString &text) {
        *problem = Problem{Usage, text};
        return false;
    };
    r->onDatabricks = p.isSet(line.onDatabricks);
    if (!r->onDatabricks) {
        for (const QCommandLineOption *o :
             {&line.warehouse, &line.volume, &line.printSql, &line.cleanUp}) {
            if (p.isSet(*o))
                return fail(Tr::tr("--%1 goes with --on-databricks.").arg(o->names().constFirst()));
        }
        return true;
    }
    r->warehouse = p.value(line.warehouse).trimmed();
    r->volume = normalizeVolumeFolder(p.value(line.volume));
    r->printSql = p.isSet(line.printSql);
    r->cleanUp = p.isSet(line.cleanUp);
    if (r->volume.isEmpty())
        return fail(Tr::tr("--on-databricks needs --volume /Volumes/CATALOG/SCHEMA/VOLUME[/DIR]."));
    if (const QString why = checkVolumeFolder(r->volume); !why.isEmpty())
        return fail(Tr::tr("--volume: %1").arg(why));
    if (r->warehouse.isEmpty() && !r->printSql)
        return fail(Tr::tr("--on-databricks needs --warehouse ID|NAME."));
    if (const QString why = checkServingEndpointName(r->model); !why.isEmpty())
        return fail(Tr::tr("--model: %1").arg(why));
    if (const QString why = checkDatabricksTemplate(r->promptTemplate); !why.isEmpty())
        return fail(why);
    if (r->groupSize != 1)
        return fail(Tr::tr(
            "--group can't go with --on-databricks: ai_query asks about one image at a time."));
    if (!r->request.system.isEmpty())
        return fail(
            Tr::tr("--system can't go with --on-databricks: ai_query takes no system prompt."));
    if (r->dryRun)
        return fail(Tr::tr("--dry-run can't go with --on-databricks: use --print-sql."));
    if (p.isSet(line.pages))
        return fail(Tr::tr(
            "--pages can't go with --on-databricks: ai_query reads image files from the volume."));
    return true;
}

/// The statement squint batch --on-databricks sends, for `files`.
AiQuerySpec databricksQuery(const BatchOptions &options, const QStringList &files, QString *folder)
{
    QList<qint64> sizes;
    for (const QString &f : files)
        sizes << QFileInfo(f).size();
    *folder = batchVolumeFolder(options.volume, files, sizes);
    AiQuerySpec spec;
    spec.endpoint = options.model;
    spec.folder = *folder;
    spec.promptTemplate = options.promptTemplate;
    spec.columns = options.columns;
    spec.maxTokens = options.request.maxTokens;
    spec.temperature = options.request.temperature;
    return spec;
}

QString stageText(const DatabricksBatchRunner &runner)
{
    using Stage = DatabricksBatchRunner::Stage;
    switch (runner.stage()) {
    case Stage::Uploading:
        return Tr::tr("uploading the images");
    case Stage::StartingWarehouse:
        return Tr::tr("starting the SQL warehouse");
    case Stage::Submitting:
        return Tr::tr("submitting the statement");
    case Stage::Pending:
        return Tr::tr("statement pending (waiting for the warehouse)");
    case Stage::Running:
        return Tr::tr("statement running, %1")
            .arg(formatDuration(runner.statementElapsedMs() / 1000.0));
    case Stage::Fetching:
        return Tr::tr("reading the results");
    case Stage::CleaningUp:
        return Tr::tr("deleting the uploaded folder");
    default:
        break;
    }
    return {};
}

/// Runs the batch on Databricks with its stages on standard error; SIGINT or SIGTERM cancels it
/// (the statement too).
BatchRun runOnDatabricks(const Command &command,
                         DatabricksBatchJob job,
                         const std::optional<DatabricksCredential> &oauth,
                         BatchRecord &record,
                         RowWriter &writer)
{
    QNetworkAccessManager nam;
    DatabricksTokenProvider tokens(&nam, systemEnvironment());
    renewTokensWith(tokens, oauth, &job.renewToken);
    DatabricksBatchRunner runner(&nam);
    runner.setJob(std::move(job));
    if (record.store)
        runner.setStore(&*record.store, record.id);
    BatchRun run;
    const bool tty = isatty(STDERR_FILENO) == 1;
    QString lastLine;
    auto say = [&](const QString &line) {
        if (line.isEmpty() || line == lastLine)
            return;
        lastLine = line;
        printErr(QStringLiteral("squint batch: ") + line);
    };
    QObject::connect(&runner, &DatabricksBatchRunner::rowReady, &runner, [&](const BatchRow &row) {
        writer.add(row);
        if (row.status != BatchRow::Status::Done && !run.failureKinds.contains(int(row.errorKind)))
            run.failureKinds << int(row.errorKind);
        run.flagged += row.flagged();
    });
    QObject::connect(&runner,
                     &DatabricksBatchRunner::stageChanged,
                     &runner,
                     [&](DatabricksBatchRunner::Stage) { say(stageText(runner)); });
    QElapsedTimer sinceLast;
    sinceLast.start();
    QObject::connect(&runner,
                     &DatabricksBatchRunner::uploadProgress,
                     &runner,
                     [&](int done, int total) {
                         if (done == total || sinceLast.elapsed() >= (tty ? 1000 : 5000)) {
                             sinceLast.restart();
                             say(Tr::tr("uploaded %1 of %2 (%3 already there)")
                                     .arg(done)
                                     .arg(total)
                                     .arg(runner.filesSkipped()));
                         }
                     });
    QObject::connect(&runner, &DatabricksBatchRunner::notice, &runner, [&](const QString &text) {
        command.say(text);
    });
    QObject::connect(&runner,
                     &DatabricksBatchRunner::finished,
                     &runner,
                     [&run](BatchRunner::Outcome outcome) { run.outcome = outcome; });
    QTimer ticker;
    QObject::connect(&ticker, &QTimer::timeout, &runner, [&] {
        if (runner.stage() == DatabricksBatchRunner::Stage::Running
            && sinceLast.elapsed() >= 10'000) {
            sinceLast.restart();
            say(stageText(runner));
        }
    });
    ticker.start(1000);
    {
        const Interruption interruption;
        QObject::connect(&interruption,
                         &Interruption::interrupted,
                         &runner,
                         &DatabricksBatchRunner::cancel);
        runner.start();
        waitUntil(&runner, &DatabricksBatchRunner::finished, [&runner] {
            return !runner.isRunning();
        });
    }
    if (!runner.error().isEmpty())
        command.say(runner.error());
    run.done = runner.rowsDone();
    run.resumed = runner.rowsResumed();
    run.failed = runner.rowsFailed();
    run.complete = runner.rowsDone() == runner.total();
    return run;
}

/// squint batch --on-databricks: --print-sql, or the whole run with the history and --out.
int batchOnDatabricks(const Command &command,
                      const BatchCommandLine &line,
                      const BatchOptions &options,
                      const QStringList &named,
                      const QList<QStringList> &units)
{
    QStringList files;
    for (const QStringList &u : units)
        files << u;
    QString folder;
    const AiQuerySpec spec = databricksQuery(options, files, &folder);
    if (options.printSql) {
        QString error;
        const QString sql = printableStatement(spec, &error);
        if (sql.isEmpty())
            return command.fail(Usage, error);
        writeOut(sql);
        printErr(
            Tr::tr("squint batch: the images would be uploaded to %1 (names: 000001-NAME.EXT in "
                   "input order); nothing was sent.")
                .arg(folder));
        return Ok;
    }
    ChatTarget target;
    Connection connection;
    std::optional<DatabricksCredential> oauth;
    if (!resolveTarget(command,
                       line.parser,
                       line.request,
                       options.request.timeoutMs,
                       &target,
                       &connection,
                       &oauth))
        return Usage;
    if (connection.kind != Connection::Kind::Databricks)
        return command.fail(Usage,
                            Tr::tr("--on-databricks needs a Databricks workspace (--profile, "
                                   "DATABRICKS_HOST or ~/.databrickscfg), not --base-url."));
    DatabricksBatchJob job;
    job.host = QUrl(connection.baseUrl);
    job.token = target.token;
    job.warehouse = options.warehouse;
    job.volumeFolder = options.volume;
    job.query = spec;
    job.units = units;
    job.cleanUp = options.cleanUp;
    job.fit = options.request.fit;
    if (job.fit) {
        Settings settings;
        job.fitLimits = Catalog::builtIn().profileWithOverrides(options.model, &settings).limits;
    }
    job.transferTimeoutMs = options.request.timeoutMs;
    // The history and --resume work as for a local batch (the record holds no token).
    BatchJob recordJob;
    recordJob.target = target;
    recordJob.target.token.clear();
    recordJob.units = units;
    BatchRecord record;
    if (const int code = openRecord(command, options, recordJob, named, &record); code != Ok)
        return code;
    QFile outFile;
    if (!options.outPath.isEmpty()) {
        outFile.setFileName(options.outPath);
        if (!openPrivateFile(outFile, QIODevice::WriteOnly | QIODevice::Truncate))
            return command
                .fail(Failure,
                      Tr::tr("can't write “%1”: %2").arg(options.outPath, outFile.errorString()));
    }
    RowWriter writer(options.format, options.columns, outFile.isOpen() ? &outFile : nullptr);
    writer.begin();
    if (record.store)
        printErr(Tr::tr("squint batch: batch %1 on Databricks, %n image(s), folder %2.",
                        nullptr,
                        int(units.size()))
                     .arg(record.id)
                     .arg(folder));
    const BatchRun run = runOnDatabricks(command, std::move(job), oauth, record, writer);
    if (record.store)
        record.store->endRun(record.id, run.complete);
    if (outFile.isOpen())
        outFile.close();
    return report(command, run, record, writer.ok(), options.outPath);
}

} // namespace

BatchCommandLine::BatchCommandLine()
    : prompt(QStringLiteral("prompt"),
             Tr::tr("The question (a template, see above)."),
             Tr::tr("TEXT"))
    , columns(QStringLiteral("columns"),
              Tr::tr("Columns the answer must fill: a,b,c, a JSON schema, or @FILE."),
              Tr::tr("SPEC"))
    , concurrency(QStringLiteral("concurrency"),
                  Tr::tr("Requests in flight at most (default 4)."),
                  Tr::tr("N"))
    , group(QStringLiteral("group"),
            Tr::tr("Images per request, for comparisons (default 1)."),
            Tr::tr("N"))
    , pages(QStringLiteral("pages"),
            Tr::tr("The pages of the PDFs among the inputs, as \"2-4,7\" (default: all); each page "
                   "is an image."),
            Tr::tr("PAGES"))
    , out(QStringList{QStringLiteral("o"), QStringLiteral("out")},
          Tr::tr("Write the rows to FILE.csv, FILE.jsonl or FILE.md (default: JSONL on standard "
                 "output)."),
          Tr::tr("FILE"))
    , resume(QStringLiteral("resume"),
             Tr::tr("Continue the latest batch with the same settings and inputs."))
    , batchId(QStringLiteral("batch-id"),
              Tr::tr("Continue batch ID (implies --resume)."),
              Tr::tr("ID"))
    , dryRun(QStringLiteral("dry-run"), Tr::tr("Show what would be sent, send nothing."))
    , noSave(QStringLiteral("no-save"),
             Tr::tr("Don't keep the results in Squint's history (no --resume later)."))
    , onDatabricks(QStringLiteral("on-databricks"),
                   Tr::tr("Run the batch on a Databricks SQL warehouse as one ai_query statement."))
    , warehouse(QStringLiteral("warehouse"),
                Tr::tr("With --on-databricks: the SQL warehouse, by id or name."),
                Tr::tr("ID|NAME"))
    , volume(QStringLiteral("volume"),
             Tr::tr("With --on-databricks: the volume folder the images are uploaded under "
                    "(/Volumes/CATALOG/SCHEMA/VOLUME[/DIR])."),
             Tr::tr("PATH"))
    , printSql(QStringLiteral("print-sql"),
               Tr::tr("With --on-databricks: print the SQL statement and send nothing."))
    , cleanUp(QStringLiteral("clean-up"),
              Tr::tr("With --on-databricks: delete the uploaded folder at the end (default: keep "
                     "it for re-runs)."))
{
    parser.setApplicationDescription(Tr::tr(
        "Asks the same question about every image of folders or files, one request per image (or "
        "per group of N images with --group), and writes one row per request, in input order.\n"
        "A PDF named as an input gives one image per page (those of --pages), named like "
        "report.pdf#page=3.\n"
        "The prompt is a template: {filename}, {path} and {index} (1-based) are filled in; {{ and "
        "}} are literal braces.\n"
        "--columns names the columns the answer must fill: a comma-separated list "
        "(brand,colour,count), a JSON schema object with \"properties\", or @FILE holding either. "
        "The answer is asked for as one JSON object and read into those columns; an answer that "
        "does not parse keeps its raw text and is flagged in parse_error.\n"
        "Output: --out FILE.csv (RFC 4180), FILE.jsonl or FILE.md (a Markdown table); without "
        "--out, JSONL on standard output. A file that fails is a row with its error, never a gap.\n"
        "Results are saved in Squint's history as they arrive. --resume continues the latest batch "
        "with the same model, prompt, columns, system prompt, group size and inputs (as named on "
        "the command line); --batch-id ID continues batch ID (printed at the start of each run). A "
        "resumed run does not ask again for files answered before, unless they changed since (size "
        "and time, then SHA-256); failed and unfinished files are asked again.\n"
        "--dry-run reads every image and shows what would be sent (requests, total payload, "
        "estimated tokens, and every request over the model's limits, with what --fit would fix) "
        "without sending anything.\n"
        "A 429 answer pauses every new request for the server's Retry-After and halves the "
        "concurrency, which then grows back. After 3 connection failures in a row the batch stops "
        "(the rest is reported not asked): --resume later.\n"
        "Progress goes to standard error: one line updated in place on a terminal, a plain line "
        "every 5 seconds otherwise.\n"
        "Without --profile or --base-url, the Databricks workspace comes from DATABRICKS_HOST and "
        "DATABRICKS_TOKEN, or from ~/.databrickscfg.\n"
        "--on-databricks runs the batch on a SQL warehouse (--warehouse ID|NAME) of that "
        "workspace: "
        "the images are uploaded to a folder of their own under --volume (a resumed run uploads "
        "only what is missing), the warehouse is started when stopped, and one ai_query statement "
        "asks the --model serving endpoint about every image; the rows are the same as from a "
        "local run. The prompt can't use {filename}, {path} or {index} there. --print-sql prints "
        "the statement (to paste into a notebook) and sends nothing.\n"
        "Exit status: 0 every file answered, 1 a file could not be read, 2 usage or configuration, "
        "3 over the model's limits, 4 connection failed, 5 the server answered with an error, 130 "
        "interrupted (the results so far are saved). An answer that does not fill the columns "
        "counts as answered (it is flagged, and said on standard error)."));
    parser.addHelpOption();
    const RequestOptions &o = request;
    parser.addOptions(o.targetOptions());
    parser.addOptions({prompt, columns,   o.system,    o.maxTokens, o.temperature, o.noStream,
                       o.fit,  o.timeout, concurrency, group,       pages,         out,
                       resume, batchId,   dryRun,      noSave,      onDatabricks,  warehouse,
                       volume, printSql,  cleanUp});
    parser.addPositionalArgument(QStringLiteral("inputs"),
                                 Tr::tr("Folders, image files and PDFs."),
                                 Tr::tr("DIR|FILE..."));
}

bool readBatchOptions(const BatchCommandLine &line, BatchOptions *out, Problem *problem)
{
    const QCommandLineParser &p = line.parser;
    if (!p.isSet(line.request.model) || !p.isSet(line.prompt) || p.positionalArguments().isEmpty()) {
        *problem = Problem{
            Usage,
            Tr::tr("usage: squint batch [--profile NAME | --base-url URL "
                   "[--token-env VAR]] --model NAME --prompt TEXT [--columns a,b,c] "
                   "[--concurrency N] [--group N] [--pages PAGES] [--out FILE.csv|.jsonl|.md] "
                   "[--resume | --batch-id ID] [--dry-run] [--fit] DIR|FILE..."),
            true};
        return false;
    }
    BatchOptions r;
    if (!checkConnectionOptions(p, line.request, problem)
        || !readRequestSettings(p, line.request, &r.request, problem)
        || !readQuestion(line, &r, problem) || !readRunOptions(line, &r, problem))
        return false;
    r.model = p.value(line.request.model);
    r.dryRun = p.isSet(line.dryRun);
    r.inputs = p.positionalArguments();
    if (!readDatabricksOptions(line, &r, problem))
        return false;
    *out = r;
    return true;
}

int runBatch(const QStringList &args)
{
    const Command command(QStringLiteral("squint batch"));
    // The image plugins' own warnings repeat what the failed file's row says.
    QLoggingCategory::setFilterRules(QStringLiteral("qt.gui.imageio*=false"));
    BatchCommandLine line;
    BatchOptions options;
    if (int code = Ok; !command.read(line, args, readBatchOptions, &options, &code))
        return code;
    QStringList named;
    QList<QStringList> units;
    if (!collectInputs(command, options, &named, &units))
        return Failure;
    if (options.onDatabricks)
        return batchOnDatabricks(command, line, options, named, units);
    Settings settings;
    const ModelProfile profile = Catalog::builtIn().profileWithOverrides(options.model, &settings);
    if (options.dryRun)
        return dryRun(profile, units, options);

    ChatTarget target;
    std::optional<DatabricksCredential> oauth;
    if (!resolveTarget(command,
                       line.parser,
                       line.request,
                       options.request.timeoutMs,
                       &target,
                       nullptr,
                       &oauth))
        return Usage;
    const BatchJob job = makeJob(command, options, profile, target, units);
    return sendBatch(command, options, job, oauth, named);
}

} // namespace squint::cli
