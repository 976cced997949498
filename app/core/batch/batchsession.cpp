#include "core/batch/batchsession.h"
#include "core/images/pdfpages.h"

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
#include <QSaveFile>
#include <QSet>
#include <QThread>
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
    });
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
