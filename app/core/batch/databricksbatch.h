#pragma once

// DatabricksBatchRunner: runs a batch as one ai_query statement on a Databricks SQL warehouse. It
// uploads the images to a folder of the batch's own under a Unity Catalog volume (several at a time,
// retrying 429 and 5xx as the server asks, skipping files already there with the same size), starts
// the warehouse when it is stopped, submits the statement (wait_timeout 0s) and polls it with backoff,
// reads every result chunk (inline, or external links fetched without the Authorization header) and
// emits one BatchRow per file, the same rows as the local BatchRunner gives. No widgets.
//
// The token goes only to the workspace host: redirects are not followed for authorised calls.

#include "core/batch/batch.h"
#include "core/batch/batchrunner.h"
#include "core/batch/databrickssql.h"

#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QTemporaryDir>
#include <QTimer>
#include <QUrl>

#include <functional>
#include <memory>

class QNetworkAccessManager;
class QNetworkReply;

namespace squint {

class BatchStore;
struct FileFingerprint;

/// Everything a batch on Databricks needs. Holds the token (never saved, never printed).
struct DatabricksBatchJob
{
    QUrl host; ///< the workspace, https://HOST (http for a loopback test host)
    QByteArray token;
    QString warehouse;    ///< a warehouse id or name
    QString volumeFolder; ///< /Volumes/c/s/v[/dir]: the batch gets a folder of its own under it
    AiQuerySpec
        query; ///< endpoint, prompt, columns, model parameters (its folder is set by the runner)
    QList<QStringList> units;  ///< one file per unit, in input order (row index = position + 1)
    int uploadConcurrency = 6; ///< uploads in flight (Qt opens 6 connections per host)
    int maxRetries = 6;        ///< per call, for 408, 429, 5xx and connection failures
    int pollFirstMs = 500; ///< first wait before polling the statement; grows by half up to pollMaxMs
    int pollMaxMs = 5000;
    int warehousePollMs = 2000;
    enum class Links { Auto, Inline, External };
    Links links
        = Links::Auto; ///< Auto: resultNeedsExternalLinks() decides (an INLINE result stops at 25 MiB)
    bool cleanUp = false; ///< delete the uploaded folder at the end (default: keep it for re-runs)
    int transferTimeoutMs = 120'000;
    /// Gets a new token when the workspace refuses the one it has (401), for OAuth tokens that expire
    /// during a long batch (see BatchJob::TokenRenewer). Empty: a refused token fails the batch.
    BatchJob::TokenRenewer renewToken;
    /// Fit to Model: upload scaled-down, re-encoded copies that fit `fitLimits` (one image per
    /// request), made just before each upload; the originals stay as they are.
    bool fit = false;
    ModelLimits fitLimits;
};

class DatabricksBatchRunner final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DatabricksBatchRunner)
public:
    enum class Stage {
        Idle,
        Preparing,
        Uploading,
        StartingWarehouse,
        Submitting,
        Pending,
        Running,
        Fetching,
        CleaningUp,
        Finished
    };
    Q_ENUM(Stage)

    explicit DatabricksBatchRunner(QNetworkAccessManager *nam, QObject *parent = nullptr);
    ~DatabricksBatchRunner() override;

    void setJob(DatabricksBatchJob job);
    const DatabricksBatchJob &job() const { return m_job; }
    /// Rows are saved as they arrive in batch `batchId`; a file whose saved row is answered and that
    /// did not change since (size and time) is not uploaded nor asked again: its saved row is emitted
    /// with `resumed` set, and the statement skips it. `store` must outlive the run.
    void setStore(BatchStore *store, qint64 batchId);

    void start();
    /// Stops: uploads are aborted; a submitted statement is canceled (.../cancel) and polled to a
    /// terminal state; rows not known are NotAsked. finished(Canceled) follows.
    void cancel();
    bool isRunning() const { return m_running; }

    Stage stage() const { return m_stage; }
    /// The batch's own folder on the volume (known once started).
    QString runFolder() const { return m_folder; }
    QString statementId() const { return m_statementId; }
    QString warehouseId() const { return m_warehouse.id; }
    /// Milliseconds since the statement was submitted (-1 before).
    qint64 statementElapsedMs() const
    {
        return m_statementClock.isValid() ? m_statementClock.elapsed() : -1;
    }
    /// What stopped the whole batch, in Databricks' words when it said something; empty otherwise.
    QString error() const { return m_error; }

    int total() const { return int(m_files.size()); }
    int rowsDone() const { return m_rowsDone; }
    int rowsFailed() const { return m_rowsFailed; }
    int rowsEmitted() const { return m_rowsEmitted; }
    /// Rows taken from an earlier run of the same batch (setStore()): not uploaded, not asked.
    int rowsResumed() const { return m_rowsResumed; }
    int filesUploaded() const { return m_uploaded; }
    int filesSkipped() const { return m_skipped; }
    qint64 bytesUploaded() const { return m_bytesUploaded; }
    int peakUploads() const { return m_peakUploads; }
    int statementPolls() const { return m_polls; }
    int chunksRead() const { return m_chunksRead; }
    int retries() const { return m_retries; }
    int tokenRenewals() const { return m_renewals; }

signals:
    void stageChanged(squint::DatabricksBatchRunner::Stage stage);
    /// Files checked or sent so far of `total`.
    void uploadProgress(int done, int total);
    void rowReady(const squint::BatchRow &row);
    /// Something worth saying that is not an error (a warehouse being started, a retry).
    void notice(const QString &text);
    void finished(squint::BatchRunner::Outcome outcome);

private:
    struct Call;
    void send(Call call);
    void onReply(QNetworkReply *reply);
    void setStage(Stage stage);

    void listWarehouses(const QString &pageToken);
    void useWarehouse();
    void createFolder();
    void pumpUploads();
    void checkFile(int i);
    void putFile(int i, bool overwrite);
    void fileDone(int i, bool sent);
    /// Fit to Model: the copy of file i to upload (made once); false with *error when it can't be made.
    bool prepareFit(int i, QString *error);
    void waitForWarehouse();
    void submit();
    void schedulePoll();
    void poll();
    void onStatus(const StatementStatus &s);
    void sendCancel();
    void fetchChunk(int index, int attempt = 0);
    void readChunk(const ResultChunk &chunk, int attempt);
    void fetchLink(const ResultChunk &chunk, int attempt);
    void takeRows(const ResultChunk &chunk);
    void afterChunk(const ResultChunk &chunk);
    void cleanUp();
    void failAll(const QString &text, BatchRow::ErrorKind kind, BatchRunner::Outcome outcome);
    /// failAll() for a call that failed with HTTP `status` (<= 0: no answer, the connection was lost).
    void failCall(const QString &text, int status);
    void finish(BatchRunner::Outcome outcome);
    void emitRow(const BatchRow &row, bool save = true);
    QString httpError(int status, const QByteArray &body, QNetworkReply *reply) const;

    DatabricksBatchJob m_job;
    QPointer<QNetworkAccessManager> m_nam;
    BatchStore *m_store = nullptr;
    qint64 m_batchId = 0;
    QStringList m_files;
    QList<qint64> m_sizes;     ///< of what is uploaded (the fitted copy with Fit to Model)
    QStringList m_uploadPaths; ///< what is uploaded: the file, or its fitted copy
    std::unique_ptr<QTemporaryDir> m_fitDir;
    QString m_folder;
    QString m_statement;
    QString m_prompt;
    WarehouseInfo m_warehouse;
    QList<WarehouseInfo> m_warehouses;
    bool m_startedWarehouse = false;
    QString m_statementId;
    StatementState m_state = StatementState::Unknown;
    ResultColumns m_columns;
    int m_totalChunks = 0;
    int m_nextUpload = 0;
    int m_uploadsInFlight = 0;
    int m_uploadsFinished = 0;
    int m_pollDelayMs = 0;
    QSet<QNetworkReply *> m_replies;
    QHash<QNetworkReply *, Call *> m_calls;
    QList<bool> m_haveRow;
    Stage m_stage = Stage::Idle;
    QString m_error;
    bool m_running = false;
    bool m_canceling = false;
    bool m_cancelSent = false;
    int m_rowsDone = 0, m_rowsFailed = 0, m_rowsEmitted = 0, m_rowsResumed = 0;
    int m_uploaded = 0, m_skipped = 0, m_peakUploads = 0;
    qint64 m_bytesUploaded = 0;
    int m_polls = 0, m_chunksRead = 0, m_retries = 0, m_renewals = 0;
    QElapsedTimer m_statementClock;
    QTimer m_pollTimer;
    quint64 m_generation = 0;
};

} // namespace squint
