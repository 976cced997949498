#pragma once

// BatchRunner: asks one question of many images, one request per file (or per group of files), a
// bounded number at a time. Images are read, checked and prepared on worker threads (the tray's
// rules: planForSend / prepareForSend, or fitImage with --fit), requests go through ChatCall, and each
// result is emitted (and saved, with a BatchStore) as soon as it is known. A 429 pauses every new
// request for the server's Retry-After and halves the concurrency, which then grows back one by one.

#include "core/batch/batch.h"
#include "core/batch/batchstore.h"
#include "core/catalog/catalog.h"
#include "core/chat/chattarget.h"

#include <QElapsedTimer>

#include <functional>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <deque>

class QNetworkAccessManager;

namespace squint {

class ChatCall;
struct ChatOutcome;
struct BatchUnitPrep;

/// Everything a batch needs. Holds the token only inside `target` (never saved, never printed).
struct BatchJob
{
    ChatTarget target;
    ModelProfile profile;        ///< the model's limits (with the user's overrides); profile.endpoint is "model"
    QString model;               ///< what goes into the request's "model"
    QString promptTemplate;      ///< {filename}, {path}, {index}; {{ }} for braces
    ColumnSpec columns;
    QString system;
    int maxTokens = 0;
    double temperature = -1;
    bool stream = true;
    bool fit = false;            ///< Fit to Model every image (else only the tray's automatic conversions)
    int concurrency = 4;         ///< requests in flight at most
    QList<QStringList> units;    ///< the files of each request, in input order (row index = position + 1)
    /// Connection failures (no answer at all) in a row after which the batch stops: the server is gone.
    int maxConnectionFailuresInRow = 3;
    /// How often one request may be sent again after a 429 before it counts as failed.
    int maxRateLimitRetries = 8;
    /// Wait after a 429 without Retry-After; doubled on each 429 in a row, at most 30 s.
    int rateLimitBackoffMs = 1000;
    /// Gets a new token for `target` when the server refuses the one it has (401 or 403), for
    /// connections whose tokens expire (Databricks OAuth): called on the runner's thread, it calls
    /// `done` once, from any thread, with the new token or, when there is none, empty and the reason.
    /// Empty: a refused token fails the row.
    using TokenRenewer = std::function<void(std::function<void(const QByteArray &token, const QString &error)> done)>;
    TokenRenewer renewToken;
};

class BatchRunner final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BatchRunner)
public:
    enum class Outcome {
        Completed,      ///< every request ran (some may have failed: see the rows)
        Canceled,       ///< cancel(): what was in flight is NotAsked
        ConnectionLost, ///< maxConnectionFailuresInRow connection failures in a row: the rest is NotAsked
        RateLimited,    ///< the server asked to wait longer than Squint waits (over a minute)
    };
    Q_ENUM(Outcome)

    /// HTTP/1.1 connections Qt opens per host and QNetworkAccessManager (Qt 6.4 has no setting for it).
    static constexpr int ConnectionsPerManager = 6;

    /// `nam` carries the first ConnectionsPerManager requests; the runner adds managers of its own
    /// when the concurrency is higher (Qt would otherwise queue the extra requests).
    explicit BatchRunner(QNetworkAccessManager *nam, QObject *parent = nullptr);
    ~BatchRunner() override;

    void setJob(BatchJob job);
    const BatchJob &job() const { return m_job; }
    /// Results are saved as they arrive in batch `batchId`; a request whose saved result is Done and
    /// whose files are unchanged (size and modification time, else SHA-256) is not asked again: its
    /// saved row is emitted with `resumed` set. `store` must outlive the run.
    void setStore(BatchStore *store, qint64 batchId);

    void start();
    /// Stops: nothing new starts, requests in flight are aborted (their rows are NotAsked, so a resumed
    /// run asks them), the rest is reported NotAsked. finished(Canceled) follows at once.
    void cancel();
    bool isRunning() const { return m_running; }

    /// The current limit of requests in flight (lowered after a 429, then growing back). As many
    /// units again may be read and prepared ahead of their turn (their bytes are held until sent).
    int concurrencyLimit() const { return m_limit; }
    /// The largest number of HTTP requests that were in flight at once.
    int peakInFlight() const { return m_peakCalls; }
    int rowsDone() const { return m_rowsDone; }
    int rowsFailed() const { return m_rowsFailed; }
    int rowsResumed() const { return m_rowsResumed; }
    int rowsEmitted() const { return m_rowsEmitted; }
    int total() const { return int(m_job.units.size()); }
    int rateLimitHits() const { return m_rateLimitHits; }

signals:
    /// A request's result, as soon as it is known (any order; row.index gives the position). Every
    /// unit gets exactly one row before finished().
    void rowReady(const squint::BatchRow &row);
    /// The server said 429: new requests wait `waitMs`; the concurrency is now `limit`.
    void rateLimited(int waitMs, int limit);
    /// Something was changed to get answers (a parameter the server refused and that is now left
    /// out, structured output the server does not take): once per distinct text.
    void notice(const QString &text);
    void finished(squint::BatchRunner::Outcome outcome);

public:
    /// Every notice() of this run, in order.
    const QStringList &notices() const { return m_notices; }

private:
    void fill();
    void startUnit(int index);
    void onPrepared(int index, const BatchUnitPrep &prepared);
    void sendReady();
    void sendUnit(int index);
    void onCallFinished(int index, const ChatOutcome &outcome);
    void onRateLimited(int index, int delayMs);
    void requeueAfter429(int index, int delayMs);
    void renewToken();
    void onTokenRenewed(const QByteArray &token, const QString &error);
    void emitRow(BatchRow row, const FileFingerprint &fingerprint, bool save);
    void stopAll(Outcome outcome, BatchRow::ErrorKind kind, const QString &why);
    void maybeFinish();
    int pickManager();
    void releaseCall(int index);

    BatchJob m_job;
    QStringList m_notices; ///< already emitted
    QPointer<QNetworkAccessManager> m_nam;
    QList<QNetworkAccessManager *> m_extraNams;
    QList<int> m_namLoad;      ///< calls in flight per manager (m_nam first, then m_extraNams)
    BatchStore *m_store = nullptr;
    qint64 m_batchId = 0;
    QHash<QString, StoredItem> m_stored; ///< earlier results by their paths joined with newlines

    struct UnitState;
    std::vector<UnitState> m_units;
    std::deque<int> m_queue;   ///< units not started yet (requeued ones go to the front)
    QList<int> m_ready;        ///< prepared, waiting for the pause to end or a free slot
    int m_active = 0;          ///< units started and not finished (preparing, ready or calling)
    int m_calls = 0;           ///< ChatCalls in flight
    int m_limit = 4;
    int m_successesSinceChange = 0;
    qint64 m_lastReductionMs = -1;
    int m_rateLimitStreak = 0;
    int m_connectionFailuresInRow = 0;
    int m_peakCalls = 0;
    int m_rowsDone = 0, m_rowsFailed = 0, m_rowsResumed = 0, m_rowsEmitted = 0;
    int m_rateLimitHits = 0;
    bool m_running = false;
    bool m_stopping = false;
    bool m_renewingToken = false; ///< nothing is sent until the renewed token is here
    bool m_tokenRenewalFailed = false;
    Outcome m_outcome = Outcome::Completed;
    QElapsedTimer m_clock;
    QTimer m_pauseTimer;
    quint64 m_generation = 0;  ///< bumped by start(): results of an earlier run are dropped
};

} // namespace squint
