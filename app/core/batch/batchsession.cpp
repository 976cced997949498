#include "core/batch/batchsession.h"
#include "core/images/pdfpages.h"

#include "core/batch/databricksbatch.h"

#include "core/history/conversationstore.h"
#include "core/images/folderscan.h"
#include "core/images/imageinfo.h"
#include "core/util/format.h"
#include "core/util/privatefiles.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QMap>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSaveFile>
#include <QSet>
#include <QThread>
#include <QTimer>
#include <QtConcurrent/QtConcurrentMap>

#include <memory>
#include <optional>

namespace squint {

namespace {
class Tr
{
    Q_DECLARE_TR_FUNCTIONS(squint::BatchSession)
};

struct Probed
{
    ItemFacts facts;
    QImage thumbnail;
};
} // namespace

// ---- inputs ----------------------------------------------------------------------------------------

QStringList batchInputFiles(const QStringList &inputs,
                            QStringList *emptyFolders,
                            const QString &pdfPages,
                            QStringList *pdfProblems)
{
    QStringList files;
    QSet<QString> seen;
    for (const QString &input : inputs) {
        const QFileInfo fi(input);
        QStringList found;
        if (fi.isDir()) {
            found = scanFolder(fi.absoluteFilePath(), 10'000'000).files;
            if (found.isEmpty() && emptyFolders)
                *emptyFolders << input;
        } else if (isPdfPath(input) && fi.isFile()) {
            const PdfFile pdf(fi.absoluteFilePath());
            QString why = pdf.error();
            const QList<int> pages = why.isEmpty() ? selectPages(pdfPages, pdf.pageCount(), &why)
                                                   : QList<int>();
            if (pages.isEmpty() && pdfProblems)
                *pdfProblems << Tr::tr("“%1”: %2").arg(fi.fileName(), why);
            for (int page : pages)
                found << pdfPagePath(fi.absoluteFilePath(), page);
        } else {
            found << fi.absoluteFilePath();
        }
        for (const QString &f : std::as_const(found)) {
            if (!seen.contains(f)) {
                seen.insert(f);
                files << f;
            }
        }
    }
    return files;
}

QList<QStringList> batchUnits(const QStringList &files, int groupSize)
{
    groupSize = std::max(1, groupSize);
    QList<QStringList> units;
    for (qsizetype i = 0; i < files.size(); i += groupSize)
        units << files.mid(i, groupSize);
    return units;
}

ItemFacts probeBatchFile(const QString &path, int thumbnailEdge, QImage *thumbnail)
{
    ItemFacts f;
    f.name = QFileInfo(path).fileName();
    if (fileOfInput(path) != path) { // a page of a PDF: rendered as the request would render it
        QString error;
        const QByteArray png = renderPdfPagePath(path, DefaultPdfLongEdge, &error);
        DecodeOptions options;
        options.thumbnailEdge = thumbnail ? std::max(0, thumbnailEdge) : 0;
        const ProbeResult probe = png.isEmpty() ? ProbeResult() : probeImage(png, options);
        f.stage = probe.ok ? ItemFacts::Stage::Ready : ItemFacts::Stage::Failed;
        f.error = probe.ok ? QString() : (error.isEmpty() ? probe.error : error);
        f.info = probe.info;
        if (thumbnail)
            *thumbnail = probe.thumbnail;
        return f;
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        f.stage = ItemFacts::Stage::Failed;
        f.error = file.errorString();
        return f;
    }
    if (file.size() > MaxFileBytes) {
        f.stage = ItemFacts::Stage::Failed;
        f.error = Tr::tr("larger than %1").arg(formatBytes(MaxFileBytes));
        return f;
    }
    DecodeOptions options;
    options.thumbnailEdge = thumbnail ? std::max(0, thumbnailEdge) : 0;
    const ProbeResult probe = probeImage(file.readAll(), options);
    if (!probe.ok) {
        f.stage = ItemFacts::Stage::Failed;
        f.error = probe.error;
        return f;
    }
    f.stage = ItemFacts::Stage::Ready;
    f.info = probe.info;
    if (thumbnail)
        *thumbnail = probe.thumbnail;
    return f;
}

QList<DryRunUnit> probeBatchUnits(const QList<QStringList> &units, int thumbnailEdge, QHash<QString, QImage> *thumbnails)
{
    QStringList files;
    for (const QStringList &u : units)
        files << u;
    const bool wantThumbs = thumbnails && thumbnailEdge > 0;
    const QList<Probed> probed = QtConcurrent::blockingMapped(files, [wantThumbs, thumbnailEdge](const QString &path) {
        Probed p;
        p.facts = probeBatchFile(path, thumbnailEdge, wantThumbs ? &p.thumbnail : nullptr);
        return p;
    });
    QList<DryRunUnit> dry;
    qsizetype at = 0;
    for (int i = 0; i < int(units.size()); ++i) {
        DryRunUnit d;
        d.index = i + 1;
        d.paths = units.at(i);
        for (qsizetype k = 0; k < units.at(i).size(); ++k, ++at) {
            d.facts << probed.at(at).facts;
            if (wantThumbs && !probed.at(at).thumbnail.isNull())
                thumbnails->insert(files.at(at), probed.at(at).thumbnail);
        }
        dry << d;
    }
    return dry;
}

// ---- worker ----------------------------------------------------------------------------------------

namespace {

/// Checks the settings and finds the files; false with check->error when they can't be used.
bool resolveInputs(const BatchSettings &s, BatchCheck *check, ColumnSpec *spec)
{
    if (s.model.trimmed().isEmpty()) {
        check->error = Tr::tr("Choose a model.");
        return false;
    }
    if (s.promptTemplate.trimmed().isEmpty()) {
        check->error = Tr::tr("The prompt is empty.");
        return false;
    }
    if (const QString problem = checkPromptTemplate(s.promptTemplate); !problem.isEmpty()) {
        check->error = Tr::tr("The prompt: %1").arg(problem);
        return false;
    }
    QString problem;
    const std::optional<ColumnSpec> parsed = parseColumnSpec(s.columns, &problem);
    if (!parsed) {
        check->error = Tr::tr("The columns: %1").arg(problem);
        return false;
    }
    *spec = *parsed;
    if (s.inputs.isEmpty()) {
        check->error = Tr::tr("Choose a folder or images.");
        return false;
    }
    for (const QString &input : s.inputs) {
        if (!QFileInfo::exists(input)) {
            check->error = Tr::tr("“%1” does not exist.").arg(input);
            return false;
        }
    }
    check->files = batchInputFiles(s.inputs, &check->emptyFolders);
    if (check->files.isEmpty()) {
        check->error = Tr::tr("There are no image files to ask about.");
        return false;
    }
    check->units = batchUnits(check->files, s.groupSize);
    return true;
}

QByteArray keyFor(const BatchSettings &s, const ColumnSpec &spec)
{
    return batchKey(s.model, s.promptTemplate, spec.source, s.system, std::max(1, s.groupSize), s.inputs);
}

} // namespace

struct BatchSession::Worker
{
    QString path;
    std::unique_ptr<ConversationStore> store;
    std::optional<BatchStore> batches;
    bool triedOpen = false;
    QString openError;
    std::unique_ptr<QNetworkAccessManager> nam;
    std::unique_ptr<BatchRunner> runner;
    std::unique_ptr<DatabricksBatchRunner> dbxRunner;
    qint64 id = 0;
    ColumnSpec spec;
    QMap<int, BatchRow> rows;
    BatchProgress progress;
    QElapsedTimer clock;
    bool closing = false;

    /// Opens the store once; false (with openError) when it can't be opened.
    bool openStore()
    {
        if (!triedOpen) {
            triedOpen = true;
            store = std::make_unique<ConversationStore>();
            if (store->open(path)) {
                batches.emplace(*store);
            } else {
                openError = store->lastError();
                store.reset();
            }
        }
        return batches.has_value();
    }

    void updateRate()
    {
        const qint64 ms = clock.elapsed();
        const int asked = progress.done - progress.resumed;
        if (asked > 0 && ms >= 1000) {
            progress.rate = asked * 1000.0 / double(ms);
            progress.secondsLeft = progress.done < progress.total ? (progress.total - progress.done) / progress.rate : 0;
        } else {
            progress.rate = 0;
            progress.secondsLeft = -1;
        }
    }
};

BatchSession::BatchSession(const QString &storePath, QObject *parent)
    : QObject(parent)
    , m_thread(new QThread)
    , m_context(new QObject)
{
    m_thread->setObjectName(QStringLiteral("squint-batch"));
    m_context->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_context, &QObject::deleteLater);
    m_thread->start();
    post([this, storePath] {
        m_worker = new Worker;
        m_worker->path = storePath;
    });
}

BatchSession::~BatchSession()
{
    QMetaObject::invokeMethod(m_context, [this] {
        if (!m_worker)
            return;
        m_worker->closing = true;
        if (m_worker->runner && m_worker->runner->isRunning())
            m_worker->runner->cancel(); // the rows so far are saved; finished() ends the run in the store
        m_worker->runner.reset();
        if (m_worker->dbxRunner && m_worker->dbxRunner->isRunning())
            m_worker->dbxRunner->cancel();
        m_worker->dbxRunner.reset();
        m_worker->nam.reset();
        m_worker->batches.reset();
        m_worker->store.reset();
        delete m_worker;
        m_worker = nullptr;
    }, Qt::BlockingQueuedConnection);
    m_thread->quit();
    m_thread->wait();
    delete m_thread;
}

template<typename F> void BatchSession::post(F &&work)
{
    QMetaObject::invokeMethod(m_context, std::forward<F>(work), Qt::QueuedConnection);
}

template<typename F> void BatchSession::toGui(F &&work)
{
    if (m_worker && m_worker->closing)
        return;
    QMetaObject::invokeMethod(this, std::forward<F>(work), Qt::QueuedConnection);
}

void BatchSession::flush()
{
    if (QThread::currentThread() == m_thread)
        return;
    QMetaObject::invokeMethod(m_context, [] {}, Qt::BlockingQueuedConnection);
}

void BatchSession::check(const BatchSettings &settings, qint64 continueId)
{
    post([this, settings, continueId] {
        BatchCheck c;
        ColumnSpec spec;
        QHash<QString, QImage> thumbs;
        if (resolveInputs(settings, &c, &spec)) {
            const QList<DryRunUnit> dry = probeBatchUnits(c.units, ThumbnailEdge, &thumbs);
            c.plan = planDryRun(settings.profile, dry, settings.promptTemplate, spec, settings.system, settings.fit);
            c.ok = true;
            if (m_worker->openStore()) {
                const QByteArray key = keyFor(settings, spec);
                c.earlierId = m_worker->batches->findLatest(key);
                if (c.earlierId > 0)
                    c.earlierDone = m_worker->batches->countItems(c.earlierId, BatchRow::Status::Done);
                if (continueId > 0) {
                    const std::optional<BatchInfo> info = m_worker->batches->batch(continueId);
                    c.continues = info && info->key == key;
                }
            }
        }
        toGui([this, c, thumbs] {
            if (!thumbs.isEmpty())
                emit thumbnailsReady(thumbs);
            emit checked(c);
        });
    });
}

namespace {
/// The statement of `settings` for Databricks (reads the files' sizes: worker thread).
AiQuerySpec databricksSpec(const BatchSettings &settings,
                           const QList<QStringList> &units,
                           const ColumnSpec &spec)
{
    QStringList files;
    QList<qint64> sizes;
    for (const QStringList &u : units) {
        for (const QString &f : u) {
            files << f;
            sizes << QFileInfo(f).size();
        }
    }
    AiQuerySpec q;
    q.endpoint = settings.model;
    q.folder = batchVolumeFolder(settings.databricks.volume, files, sizes);
    q.promptTemplate = settings.promptTemplate;
    q.columns = spec;
    q.maxTokens = settings.maxTokens;
    q.temperature = settings.temperature;
    return q;
}

/// Why `settings` can't run on Databricks, or empty.
QString databricksProblem(const BatchSettings &settings)
{
    if (workspaceHost(settings.target.chatUrl).isEmpty())
        return Tr::tr("Running on Databricks needs a Databricks connection.");
    if (const QString why = checkVolumeFolder(settings.databricks.volume); !why.isEmpty())
        return why;
    if (const QString why = checkServingEndpointName(settings.model); !why.isEmpty())
        return why;
    if (const QString why = checkDatabricksTemplate(settings.promptTemplate); !why.isEmpty())
        return why;
    if (settings.groupSize > 1)
        return Tr::tr("On Databricks every request holds one image: set the group size to 1.");
    if (!settings.system.isEmpty())
        return Tr::tr("ai_query takes no system prompt: clear it to run on Databricks.");
    for (const QString &input : settings.inputs) {
        if (isPdfPath(input))
            return Tr::
                tr("“%1” is a PDF: on Databricks a batch asks about image files only. Run it on "
                   "this computer to ask about its pages.")
                    .arg(QFileInfo(input).fileName());
    }
    return {};
}
} // namespace

void BatchSession::start(const BatchSettings &settings, qint64 continueId)
{
    if (m_running)
        return;
    m_running = true;
    post([this, settings, continueId] {
        Worker &w = *m_worker;
        BatchCheck c;
        ColumnSpec spec;
        if (!resolveInputs(settings, &c, &spec)) {
            toGui([this, error = c.error] {
                m_running = false;
                emit failed(error);
            });
            return;
        }
        BatchJob job;
        job.target = settings.target;
        job.renewToken = settings.renewToken;
        job.profile = settings.profile;
        job.model = settings.model;
        job.promptTemplate = settings.promptTemplate;
        job.columns = spec;
        job.system = settings.system;
        job.maxTokens = settings.maxTokens;
        job.temperature = settings.temperature;
        job.stream = settings.stream;
        job.fit = settings.fit;
        job.concurrency = std::clamp(settings.concurrency, 1, 64);
        job.units = c.units;

        QString notice;
        qint64 id = 0;
        const int total = int(c.units.size());
        if (w.openStore()) {
            const QByteArray key = keyFor(settings, spec);
            if (continueId > 0) {
                const std::optional<BatchInfo> info = w.batches->batch(continueId);
                if (info && info->key == key)
                    id = continueId;
                else
                    notice = Tr::tr("Batch %1 was run with another model, prompt, columns, group size or images: "
                                    "this is a new batch.").arg(continueId);
            }
            if (id == 0) {
                BatchInfo info;
                info.key = key;
                info.model = settings.model;
                info.connectionName = settings.target.connectionName;
                info.prompt = settings.promptTemplate;
                info.columns = spec.source;
                info.system = settings.system;
                info.groupSize = std::max(1, settings.groupSize);
                info.inputs = settings.inputs;
                info.total = total;
                id = w.batches->createBatch(info);
                if (id == 0)
                    notice = Tr::tr("The results will not be saved: %1").arg(w.batches->lastError());
            }
            if (id > 0)
                w.batches->beginRun(id, total);
        } else {
            notice = Tr::tr("The results will not be saved: %1").arg(w.openError);
        }

        w.id = id;
        w.spec = spec;
        w.rows.clear();
        w.progress = BatchProgress();
        w.progress.total = total;
        if (!w.nam)
            w.nam = std::make_unique<QNetworkAccessManager>();
        if (settings.databricks.enabled) {
            if (const QString problem = databricksProblem(settings); !problem.isEmpty()) {
                if (id > 0)
                    w.batches->endRun(id, false);
                toGui([this, problem] {
                    m_running = false;
                    emit failed(problem);
                });
                return;
            }
            const QList<QStringList> units = c.units;
            toGui([this, id, spec, units, notice] {
                m_batchId = id;
                m_hasRows = true;
                emit started(id, spec, units, notice);
            });
            startOnDatabricks(settings, c.units, spec);
            return;
        }
        w.runner = std::make_unique<BatchRunner>(w.nam.get());
        w.runner->setJob(job);
        if (id > 0)
            w.runner->setStore(&*w.batches, id);
        BatchRunner *runner = w.runner.get();
        QObject::connect(runner, &BatchRunner::rowReady, runner, [this, runner](const BatchRow &row) {
            Worker &wk = *m_worker;
            wk.rows.insert(row.index, row);
            BatchProgress &p = wk.progress;
            p.done = runner->rowsEmitted();
            p.answered = runner->rowsDone();
            p.failed = runner->rowsFailed();
            p.resumed = runner->rowsResumed();
            p.flagged += row.flagged();
            wk.updateRate();
            toGui([this, row, p] {
                emit rowReady(row);
                emit progressChanged(p);
            });
        });
        QObject::connect(runner, &BatchRunner::rateLimited, runner, [this](int waitMs, int limit) {
            toGui([this, waitMs, limit] { emit rateLimited(waitMs, limit); });
        });
        QObject::connect(runner, &BatchRunner::finished, runner, [this, runner](BatchRunner::Outcome outcome) {
            Worker &wk = *m_worker;
            const bool complete = runner->rowsDone() == runner->total();
            if (wk.id > 0)
                wk.batches->endRun(wk.id, complete);
            wk.updateRate();
            QString message = Tr::tr("%1 answered (%2 from an earlier run), %3 failed or not asked.")
                                  .arg(runner->rowsDone())
                                  .arg(runner->rowsResumed())
                                  .arg(runner->rowsFailed());
            if (wk.progress.flagged > 0)
                message += QLatin1Char(' ')
                           + Tr::tr("%n answer(s) did not fill the columns: their raw text is kept.", nullptr, wk.progress.flagged);
            switch (outcome) {
            case BatchRunner::Outcome::Canceled: message += QLatin1Char(' ') + Tr::tr("Canceled: Continue asks the rest."); break;
            case BatchRunner::Outcome::ConnectionLost:
                message += QLatin1Char(' ') + Tr::tr("Stopped: the server could not be reached. Continue later.");
                break;
            case BatchRunner::Outcome::RateLimited:
                message += QLatin1Char(' ') + Tr::tr("Stopped: the server asks to wait before more requests. Continue later.");
                break;
            case BatchRunner::Outcome::Completed: break;
            }
            for (const QString &notice : runner->notices()) // what was changed to get the answers
                message += QLatin1Char(' ') + notice;
            const BatchProgress p = wk.progress;
            toGui([this, outcome, message, p] {
                m_running = false;
                emit progressChanged(p);
                emit finished(outcome, message);
            });
        });
        const QList<QStringList> units = c.units;
        toGui([this, id, spec, units, notice] {
            m_batchId = id;
            m_hasRows = true;
            emit started(id, spec, units, notice);
        });
        w.clock.start();
        runner->start();
    });
}

void BatchSession::cancel()
{
    post([this] {
        if (m_worker->runner && m_worker->runner->isRunning())
            m_worker->runner->cancel();
        if (m_worker->dbxRunner && m_worker->dbxRunner->isRunning())
            m_worker->dbxRunner->cancel();
    });
}

void BatchSession::showSql(const BatchSettings &settings)
{
    post([this, settings] {
        BatchCheck c;
        ColumnSpec spec;
        QString error;
        QString sql;
        if (!resolveInputs(settings, &c, &spec))
            error = c.error;
        else if (const QString why = databricksProblem(settings);
                 !why.isEmpty() && !why.contains(QLatin1String("connection")))
            error = why;
        else
            sql = printableStatement(databricksSpec(settings, c.units, spec), &error);
        toGui([this, sql, error] { emit sqlReady(sql, error); });
    });
}

void BatchSession::listWarehouses(const ChatTarget &target)
{
    post([this, target] {
        Worker &w = *m_worker;
        const QUrl host = workspaceHost(target.chatUrl);
        if (host.isEmpty()) {
            toGui([this] {
                emit warehousesListed({}, Tr::tr("This connection is not a Databricks workspace."));
            });
            return;
        }
        if (!w.nam)
            w.nam = std::make_unique<QNetworkAccessManager>();
        QUrl url = host;
        url.setPath(host.path() + QStringLiteral("/api/2.0/sql/warehouses"));
        QNetworkRequest req(url);
        req.setRawHeader("Authorization", "Bearer " + target.token);
        req.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
        req.setTransferTimeout(30'000);
        QNetworkReply *reply = w.nam->get(req);
        QObject::connect(reply, &QNetworkReply::finished, reply, [this, reply, token = target.token] {
            reply->deleteLater();
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            const QByteArray body = reply->read(8 << 20);
            QString error;
            std::optional<QList<WarehouseInfo>> list;
            if (status == 200)
                list = parseWarehouses(body, nullptr, &error);
            else if (status == 0)
                error = reply->errorString();
            else
                error = databricksHttpErrorText(status, body, token);
            toGui([this, list = list.value_or(QList<WarehouseInfo>()), error] {
                emit warehousesListed(list, error);
            });
        });
    });
}

void BatchSession::startOnDatabricks(const BatchSettings &settings,
                                     const QList<QStringList> &units,
                                     const ColumnSpec &spec)
{
    Worker &w = *m_worker;
    DatabricksBatchJob job;
    job.host = workspaceHost(settings.target.chatUrl);
    job.token = settings.target.token;
    job.warehouse = settings.databricks.warehouse;
    job.volumeFolder = settings.databricks.volume;
    job.query = databricksSpec(settings, units, spec);
    job.units = units;
    job.cleanUp = settings.databricks.cleanUp;
    job.transferTimeoutMs = settings.target.transferTimeoutMs;
    job.renewToken = settings.renewToken;
    job.fit = settings.fit;
    job.fitLimits = settings.profile.limits;
    w.dbxRunner = std::make_unique<DatabricksBatchRunner>(w.nam.get());
    DatabricksBatchRunner *runner = w.dbxRunner.get();
    runner->setJob(job);
    if (w.id > 0)
        runner->setStore(&*w.batches, w.id);
    QObject::connect(runner,
                     &DatabricksBatchRunner::rowReady,
                     runner,
                     [this, runner](const BatchRow &row) {
                         Worker &wk = *m_worker;
                         wk.rows.insert(row.index, row);
                         BatchProgress &p = wk.progress;
                         p.done = runner->rowsEmitted();
                         p.answered = runner->rowsDone();
                         p.failed = runner->rowsFailed();
                         p.resumed = runner->rowsResumed();
                         p.flagged += row.flagged();
                         toGui([this, row, p] {
                             emit rowReady(row);
                             emit progressChanged(p);
                         });
                     });
    auto stageText = [runner]() -> QString {
        using Stage = DatabricksBatchRunner::Stage;
        switch (runner->stage()) {
        case Stage::Preparing:
            return Tr::tr("Finding the SQL warehouse…");
        case Stage::Uploading:
            return Tr::tr("Uploading %1 of %2…")
                .arg(runner->filesUploaded() + runner->filesSkipped())
                .arg(runner->total());
        case Stage::StartingWarehouse:
            return Tr::tr("Starting the SQL warehouse…");
        case Stage::Submitting:
            return Tr::tr("Submitting the statement…");
        case Stage::Pending:
            return Tr::tr("Pending: waiting for the warehouse…");
        case Stage::Running:
            return Tr::tr("Running on Databricks, %1…")
                .arg(formatDuration(std::max<qint64>(0, runner->statementElapsedMs()) / 1000.0));
        case Stage::Fetching:
            return Tr::tr("Reading the results…");
        case Stage::CleaningUp:
            return Tr::tr("Deleting the uploaded folder…");
        case Stage::Idle:
        case Stage::Finished:
            break;
        }
        return {};
    };
    QObject::connect(runner,
                     &DatabricksBatchRunner::stageChanged,
                     runner,
                     [this, stageText](DatabricksBatchRunner::Stage) {
                         toGui([this, text = stageText()] { emit databricksStage(text); });
                     });
    QObject::connect(runner,
                     &DatabricksBatchRunner::uploadProgress,
                     runner,
                     [this, stageText](int, int) {
                         toGui([this, text = stageText()] { emit databricksStage(text); });
                     });
    auto *ticker = new QTimer(runner);
    QObject::connect(ticker, &QTimer::timeout, runner, [this, runner, stageText] {
        if (runner->stage() == DatabricksBatchRunner::Stage::Running)
            toGui([this, text = stageText()] { emit databricksStage(text); });
    });
    ticker->start(1000);
    QObject::connect(
        runner,
        &DatabricksBatchRunner::finished,
        runner,
        [this, runner, ticker](BatchRunner::Outcome outcome) {
            ticker->stop();
            Worker &wk = *m_worker;
            const bool complete = runner->rowsDone() == runner->total();
            if (wk.id > 0)
                wk.batches->endRun(wk.id, complete);
            QString message = Tr::tr("%1 answered on Databricks, %2 failed or not asked.")
                                  .arg(runner->rowsDone())
                                  .arg(runner->rowsFailed());
            if (!runner->error().isEmpty())
                message += QLatin1Char(' ') + runner->error();
            if (outcome == BatchRunner::Outcome::Canceled)
                message += QLatin1Char(' ') + Tr::tr("Canceled: the statement was canceled too.");
            if (wk.progress.flagged > 0)
                message
                    += QLatin1Char(' ')
                       + Tr::tr("%n answer(s) did not fill the columns: their raw text is kept.",
                                nullptr,
                                wk.progress.flagged);
            const BatchProgress p = wk.progress;
            toGui([this, outcome, message, p] {
                m_running = false;
                emit progressChanged(p);
                emit finished(outcome, message);
            });
        });
    w.clock.start();
    runner->start();
}

void BatchSession::listBatches(int limit)
{
    post([this, limit] {
        QList<BatchListEntry> list;
        if (m_worker->openStore()) {
            for (const BatchInfo &info : m_worker->batches->listBatches(limit)) {
                BatchListEntry e;
                e.info = info;
                e.done = m_worker->batches->countItems(info.id, BatchRow::Status::Done);
                e.failed = m_worker->batches->countItems(info.id, BatchRow::Status::Failed);
                e.singleFolder = info.inputs.size() == 1 && QFileInfo(info.inputs.constFirst()).isDir();
                list << e;
            }
        }
        toGui([this, list] { emit batchesListed(list); });
    });
}

void BatchSession::exportTo(const QString &path, BatchExportFormat format)
{
    post([this, path, format] {
        const QList<BatchRow> rows = m_worker->rows.values(); // QMap: in input order
        QByteArray bytes;
        switch (format) {
        case BatchExportFormat::Csv: bytes = writeCsv(rows, m_worker->spec); break;
        case BatchExportFormat::Jsonl: bytes = writeJsonl(rows, m_worker->spec); break;
        case BatchExportFormat::Markdown: bytes = writeMarkdown(rows, m_worker->spec).toUtf8(); break;
        }
        QSaveFile file(path);
        QString error;
        if (!openPrivateFile(file, QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
            error = file.errorString();
        toGui([this, path, error] { emit exported(error.isEmpty(), path, error); });
    });
}

} // namespace squint
