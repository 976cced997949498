#pragma once

// BatchSession: a batch as the window runs it. Everything that touches the disk or the network (the
// folder scan, the header probes and thumbnails of the dry run, the SQLite store, the requests, the
// exports) happens on a thread of its own; the GUI thread only sends requests and receives queued
// signals. Also holds the reusable input steps of a batch (files, units, probes) that `squint batch`
// shares.

#include "core/batch/batch.h"
#include "core/batch/batchrunner.h"
#include "core/batch/batchstore.h"
#include "core/batch/databrickssql.h"
#include "core/catalog/catalog.h"
#include "core/chat/chattarget.h"

#include <QHash>
#include <QImage>
#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>

class QThread;

namespace squint {

// ---- inputs (read the file system: worker threads only) ------------------------------------------

/// The files a batch asks about, in input order: a folder gives its image files (recursively, in the
/// folder scan's order), a file is taken as it is; duplicates are kept once. Paths are absolute.
/// Folders without image files are added to *emptyFolders.
/// A PDF named as an input gives its pages (pdfPagePath: "report.pdf#page=3"), those of `pdfPages`
/// ("2-4,7"; empty: all); a PDF that can't be read, or whose pages are not there, is left out and
/// said in *pdfProblems ("“report.pdf”: why").
QStringList batchInputFiles(const QStringList &inputs,
                            QStringList *emptyFolders = nullptr,
                            const QString &pdfPages = {},
                            QStringList *pdfProblems = nullptr);
/// The files cut into requests of `groupSize` files (the last may hold fewer).
QList<QStringList> batchUnits(const QStringList &files, int groupSize);
/// Reads one file and probes its header (Ready with info, or Failed with the reason). With
/// `thumbnailEdge` > 0 and `thumbnail`, a thumbnail fitting that box is decoded too.
ItemFacts probeBatchFile(const QString &path, int thumbnailEdge = 0, QImage *thumbnail = nullptr);
/// Every unit's files probed (in parallel), ready for planDryRun(). With `thumbnailEdge` > 0 and
/// `thumbnails`, the thumbnails by path.
QList<DryRunUnit> probeBatchUnits(const QList<QStringList> &units, int thumbnailEdge = 0,
                                  QHash<QString, QImage> *thumbnails = nullptr);

// ---- the session ---------------------------------------------------------------------------------

/// Where a batch runs when not on this computer: a SQL warehouse of the Databricks workspace of the
/// settings' target (its host and token).
struct DatabricksRunSettings
{
    bool enabled = false;
    QString warehouse; ///< an id or a name
    QString volume;    ///< /Volumes/c/s/v[/dir]
    bool cleanUp = false;
};

/// What the window asks for. Holds the token only inside `target`.
struct BatchSettings
{
    ChatTarget target;
    ModelProfile profile;   ///< the model's limits (with the user's overrides)
    QString model;          ///< what goes into the request's "model"
    QString promptTemplate;
    QString columns;        ///< the column spec as typed: "a, b" or a JSON schema; empty: free answer
    QString system;
    int maxTokens = 0;
    double temperature = -1;
    bool stream = true;
    bool fit = false;
    int concurrency = 4;
    int groupSize = 1;
    QStringList inputs;     ///< folders and files as chosen (made absolute)
    BatchJob::TokenRenewer renewToken; ///< for tokens that expire mid-batch (see BatchJob)
    DatabricksRunSettings databricks;  ///< enabled: one ai_query statement on a warehouse
};

/// The result of a dry run.
struct BatchCheck
{
    bool ok = false;         ///< false: the settings are wrong (see error), nothing was planned
    QString error;           ///< translated
    QStringList files;
    QList<QStringList> units;
    DryRunPlan plan;
    QStringList emptyFolders;
    qint64 earlierId = 0;    ///< the latest saved batch with the same settings and inputs, 0: none
    int earlierDone = 0;     ///< its answered requests
    bool continues = false;  ///< the batch asked to continue was saved with these settings and inputs
};

/// A saved batch for the list of earlier batches.
struct BatchListEntry
{
    BatchInfo info;
    int done = 0;   ///< answered requests saved
    int failed = 0; ///< failed ones saved
    bool singleFolder = false; ///< its inputs are one folder (else a list of files)
};

/// How far a run is.
struct BatchProgress
{
    int done = 0;        ///< rows known (answered, failed or taken from an earlier run)
    int total = 0;
    int answered = 0;
    int failed = 0;
    int resumed = 0;
    int flagged = 0;
    double rate = 0;     ///< requests per second (rows asked in this run), 0 while unknown
    double secondsLeft = -1; ///< estimated, -1 while unknown
};

enum class BatchExportFormat { Csv, Jsonl, Markdown };

class BatchSession final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BatchSession)
public:
    /// Edge of the thumbnails made by the dry run.
    static constexpr int ThumbnailEdge = 48;

    /// `storePath`: the history file (empty: ConversationStore::defaultPath()), opened on the
    /// session's thread when first needed.
    explicit BatchSession(const QString &storePath = {}, QObject *parent = nullptr);
    /// Cancels a run (its results so far are saved), then stops the thread.
    ~BatchSession() override;

    /// Dry run of `settings`: answers with checked(). Sends nothing. `continueId` > 0: also says
    /// whether that saved batch has the same settings and inputs (BatchCheck::continues).
    void check(const BatchSettings &settings, qint64 continueId = 0);
    /// Runs `settings`. `continueId` > 0: continues that saved batch (finished files that did not
    /// change are not asked again) when its settings and inputs are the same; otherwise a new batch.
    /// Answers with started(), rowReady() and progressChanged() for each row, then finished().
    void start(const BatchSettings &settings, qint64 continueId = 0);
    void cancel();
    bool isRunning() const { return m_running; }

    /// The statement `settings` would run on Databricks (the prompt inlined): answers with sqlReady().
    /// Sends nothing.
    void showSql(const BatchSettings &settings);
    /// The SQL warehouses of the Databricks workspace of `target`: answers with warehousesListed().
    void listWarehouses(const ChatTarget &target);
    /// The batch of the current or last run (0: none or not saved).
    qint64 batchId() const { return m_batchId; }
    /// The rows of the last run can be exported.
    bool canExport() const { return m_hasRows; }

    /// Answers with batchesListed(), newest first.
    void listBatches(int limit = 50);
    /// Writes the rows of the last run, in input order, to `path` (atomically). Answers with exported().
    void exportTo(const QString &path, BatchExportFormat format);

    /// Waits until what was asked of the thread so far has run (tests, quitting).
    void flush();

signals:
    void checked(const squint::BatchCheck &check);
    /// Thumbnails of the files (by absolute path), made by the dry run.
    void thumbnailsReady(const QHash<QString, QImage> &thumbnails);
    /// A run started: its batch (0: not saved), the spec and its units; `notice`: something to say.
    void started(qint64 batchId, const squint::ColumnSpec &spec, const QList<QStringList> &units, const QString &notice);
    void rowReady(const squint::BatchRow &row);
    void progressChanged(const squint::BatchProgress &progress);
    /// The server asked to slow down: waiting `waitMs`, then `limit` requests at a time.
    void rateLimited(int waitMs, int limit);
    /// `message`: translated summary of how it went.
    void finished(squint::BatchRunner::Outcome outcome, const QString &message);
    /// A run could not start (settings, no files): translated.
    void failed(const QString &error);
    void batchesListed(const QList<squint::BatchListEntry> &batches);
    /// showSql()'s answer: the statement, or empty and why.
    void sqlReady(const QString &sql, const QString &error);
    /// listWarehouses()'s answer: the warehouses with their states, or empty and why.
    void warehousesListed(const QList<squint::WarehouseInfo> &warehouses, const QString &error);
    /// A batch on Databricks moved on: uploading n/m, starting the warehouse, pending, running (elapsed).
    void databricksStage(const QString &text);
    void exported(bool ok, const QString &path, const QString &error);

private:
    void startOnDatabricks(const BatchSettings &settings,
                           const QList<QStringList> &units,
                           const ColumnSpec &spec);
    struct Worker;
    template<typename F> void post(F &&work);
    template<typename F> void toGui(F &&work);

    QThread *m_thread = nullptr;
    QObject *m_context = nullptr; ///< lives on m_thread
    Worker *m_worker = nullptr;   ///< created, used and destroyed on m_thread only
    bool m_running = false;
    bool m_hasRows = false;
    qint64 m_batchId = 0;
};

} // namespace squint
