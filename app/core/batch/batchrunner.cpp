#include "core/batch/batchrunner.h"
#include "core/images/pdfpages.h"

#include "core/chat/chatcall.h"
#include "core/chat/requestbody.h"
#include "core/compose/evaluation.h"
#include "core/images/imageinfo.h"
#include "core/images/imageprep.h"
#include "core/images/intake.h"
#include "core/util/hash.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QNetworkAccessManager>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>

namespace squint {

namespace {
class Tr
{
    Q_DECLARE_TR_FUNCTIONS(squint::BatchRunner)
};

constexpr int MaxRateLimitBackoffMs = 30'000;

QString fileName(const QString &path) { return QFileInfo(path).fileName(); }

} // namespace

/// The result of reading and preparing one unit's files on a worker thread.
struct BatchUnitPrep
{
    ChatBodySpec spec;           ///< ready to send: images carry their bytes
    FileFingerprint fingerprint;
    bool unchanged = false;      ///< the files hash to the saved result's SHA-256: nothing to ask
    BatchRow::ErrorKind errorKind = BatchRow::ErrorKind::None;
    QString error;
};

struct BatchRunner::UnitState
{
    enum class Phase { Queued, Preparing, Ready, Calling, Finished };
    Phase phase = Phase::Queued;
    ChatBodySpec spec;             ///< while Ready or Calling (kept to send again after a 429)
    FileFingerprint fingerprint;
    QPointer<ChatCall> call;
    int nam = 0;                   ///< index of the manager carrying the call
    qint64 callStartedMs = 0;
    int rateLimitRetries = 0;
    bool tokenRenewed = false;     ///< sent again once with a renewed token; a second refusal fails it
    QByteArray sentToken;          ///< the token of the call in flight
};

namespace {

struct PrepareInput
{
    QStringList paths;
    ModelProfile profile;
    bool fit = false;
    QString text;      ///< the prompt with the column instruction
    QString system;
    QString model;
    bool stream = true;
    bool includeUsage = false;
    int maxTokens = 0;
    QString maxTokensField;
    double temperature = -1;
    QList<BodyColumn> columns;  ///< sent as response_format (structured output)
    QByteArray expectedSha256; ///< the saved result's hash: equal means unchanged
};

/// The row of unit `index` (0-based) of `job` that ended without an answer (Failed or NotAsked).
BatchRow unansweredRow(const BatchJob &job,
                       int index,
                       BatchRow::Status status,
                       BatchRow::ErrorKind kind,
                       const QString &error)
{
    BatchRow row;
    row.index = index + 1;
    row.paths = job.units.at(index);
    row.status = status;
    row.errorKind = kind;
    row.error = error;
    return row;
}

} // namespace

// Worker thread: read, hash, probe, prepare (the tray's automatic conversion, or Fit), check against
// the model with evaluate(), build the message. Image bytes only live until the request is done.
static BatchUnitPrep *prepareUnit(const PrepareInput &in);

BatchRunner::BatchRunner(QNetworkAccessManager *nam, QObject *parent)
    : QObject(parent)
    , m_nam(nam)
{
    m_pauseTimer.setSingleShot(true);
    m_pauseTimer.setTimerType(Qt::PreciseTimer); // Retry-After is a floor
    connect(&m_pauseTimer, &QTimer::timeout, this, &BatchRunner::fill);
}

BatchRunner::~BatchRunner()
{
    ++m_generation;
    for (UnitState &u : m_units)
        delete u.call.data();
}

void BatchRunner::setJob(BatchJob job)
{
    m_job = std::move(job);
    m_job.concurrency = std::max(1, m_job.concurrency);
}

void BatchRunner::setStore(BatchStore *store, qint64 batchId)
{
    m_store = store;
    m_batchId = batchId;
}

void BatchRunner::start()
{
    if (m_running)
        return;
    ++m_generation;
    m_running = true;
    m_stopping = false;
    m_renewingToken = m_tokenRenewalFailed = false;
    m_outcome = Outcome::Completed;
    m_units.assign(size_t(m_job.units.size()), UnitState{});
    m_queue.clear();
    for (int i = 0; i < int(m_job.units.size()); ++i)
        m_queue.push_back(i);
    m_ready.clear();
    m_active = m_calls = 0;
    m_limit = m_job.concurrency;
    m_successesSinceChange = 0;
    m_lastReductionMs = -1;
    m_rateLimitStreak = 0;
    m_connectionFailuresInRow = 0;
    m_peakCalls = m_rowsDone = m_rowsFailed = m_rowsResumed = m_rowsEmitted = m_rateLimitHits = 0;
    m_clock.start();
    // Earlier results by their files (not their position: files added to a folder shift the positions).
    m_stored.clear();
    if (m_store && m_batchId > 0) {
        const QHash<int, StoredItem> saved = m_store->items(m_batchId);
        for (const StoredItem &item : saved) {
            const QString key = item.row.paths.join(u'\n');
            const auto it = m_stored.constFind(key);
            if (it == m_stored.constEnd() || (item.row.status == BatchRow::Status::Done && it->row.status != BatchRow::Status::Done))
                m_stored.insert(key, item);
        }
    }
    // Enough managers for the concurrency: Qt opens at most 6 connections per host and manager.
    const int managers = (m_job.concurrency + ConnectionsPerManager - 1) / ConnectionsPerManager;
    while (1 + int(m_extraNams.size()) < managers)
        m_extraNams << new QNetworkAccessManager(this);
    m_namLoad = QList<int>(1 + m_extraNams.size(), 0);
    // Results come through the event loop, so a caller connecting after start() sees them all.
    QMetaObject::invokeMethod(this, &BatchRunner::fill, Qt::QueuedConnection);
}

int BatchRunner::pickManager()
{
    return int(std::min_element(m_namLoad.begin(), m_namLoad.end()) - m_namLoad.begin());
}

void BatchRunner::releaseCall(int index)
{
    UnitState &u = m_units[size_t(index)];
    if (!u.call)
        return;
    disconnect(u.call, nullptr, this, nullptr);
    u.call->deleteLater(); // aborts the reply if there is one
    u.call = nullptr;
    --m_calls;
    --m_namLoad[u.nam];
}

void BatchRunner::fill()
{
    if (!m_running || m_stopping)
        return;
    sendReady();
    // Up to m_limit requests in flight, and as many read and prepared ahead (worker threads), so a
    // finished request is followed at once by the next without waiting for its files.
    while (m_running && !m_stopping && m_active - m_calls < m_limit && !m_queue.empty()) {
        const int index = m_queue.front();
        m_queue.pop_front();
        startUnit(index);
    }
    maybeFinish();
}

void BatchRunner::startUnit(int index)
{
    UnitState &u = m_units[size_t(index)];
    const QStringList &paths = m_job.units.at(index);
    QByteArray expectedSha;
    const auto stored = m_stored.constFind(paths.join(u'\n'));
    if (stored != m_stored.constEnd() && stored->row.status == BatchRow::Status::Done) {
        const FileFingerprint now = statFingerprint(paths);
        if (now.sameStat(stored->fingerprint)) {
            BatchRow row = stored->row;
            row.resumed = true;
            row.index = index + 1;
            u.phase = UnitState::Phase::Finished;
            emitRow(row, stored->fingerprint, stored->row.index != row.index); // saved again only if it moved
            return;
        }
        expectedSha = stored->fingerprint.sha256; // size or time changed: the content decides
    }

    PrepareInput in;
    in.paths = paths;
    in.profile = m_job.profile;
    in.fit = m_job.fit;
    in.text = batchPromptText(m_job.promptTemplate, TemplateFields{paths, index + 1}, m_job.columns);
    in.system = m_job.system;
    in.model = m_job.model;
    in.stream = m_job.stream;
    in.includeUsage = m_job.target.streamOptions;
    in.maxTokens = m_job.maxTokens;
    in.maxTokensField = m_job.target.maxTokensField;
    in.temperature = m_job.temperature;
    in.columns = bodyColumns(m_job.columns);
    in.expectedSha256 = expectedSha;

    u.phase = UnitState::Phase::Preparing;
    ++m_active;
    // The result is owned by the future (a shared pointer), so a runner destroyed while a unit is
    // being prepared leaks nothing.
    using Prep = std::shared_ptr<BatchUnitPrep>;
    auto *watcher = new QFutureWatcher<Prep>(this);
    const quint64 generation = m_generation;
    connect(watcher, &QFutureWatcher<Prep>::finished, this, [this, watcher, index, generation] {
        watcher->deleteLater();
        const Prep p = watcher->result();
        if (generation != m_generation || !m_running)
            return;
        onPrepared(index, *p);
    });
    watcher->setFuture(QtConcurrent::run([in] { return Prep(prepareUnit(in)); }));
}

void BatchRunner::onPrepared(int index, const BatchUnitPrep &p)
{
    UnitState &u = m_units[size_t(index)];
    if (u.phase != UnitState::Phase::Preparing)
        return; // canceled meanwhile
    u.fingerprint = p.fingerprint;
    if (p.unchanged) {
        // Touched but not changed: the saved answer stands; the new time is saved so the next run is cheap.
        --m_active;
        u.phase = UnitState::Phase::Finished;
        BatchRow row = m_stored.value(m_job.units.at(index).join(u'\n')).row;
        row.resumed = true;
        row.index = index + 1;
        emitRow(row, p.fingerprint, true);
        fill();
        return;
    }
    if (!p.error.isEmpty()) {
        --m_active;
        u.phase = UnitState::Phase::Finished;
        emitRow(unansweredRow(m_job, index, BatchRow::Status::Failed, p.errorKind, p.error),
                p.fingerprint,
                true);
        fill();
        return;
    }
    u.spec = p.spec;
    u.phase = UnitState::Phase::Ready;
    m_ready << index;
    sendReady();
    fill();
}

void BatchRunner::sendReady()
{
    while (!m_stopping && !m_renewingToken && !m_pauseTimer.isActive() && !m_ready.isEmpty() && m_calls < m_limit)
        sendUnit(m_ready.takeFirst());
}

void BatchRunner::sendUnit(int index)
{
    UnitState &u = m_units[size_t(index)];
    ChatRequest req;
    req.connection = m_job.target.connectionName;
    req.url = m_job.target.chatUrl;
    req.token = m_job.target.token;
    u.sentToken = req.token;
    req.transferTimeoutMs = m_job.target.transferTimeoutMs;
    req.body = u.spec;
    u.nam = pickManager();
    ++m_namLoad[u.nam];
    auto *call = new ChatCall(u.nam == 0 ? m_nam.data() : m_extraNams.at(u.nam - 1), std::move(req), this);
    u.call = call;
    u.phase = UnitState::Phase::Calling;
    u.callStartedMs = m_clock.elapsed();
    ++m_calls;
    m_peakCalls = std::max(m_peakCalls, m_calls);
    // 429: the runner waits for every request (Retry-After), not each call on its own.
    connect(call, &ChatCall::retrying, this, [this, index](int, int delayMs, const ApiError &why) {
        if (why.status == 429)
            onRateLimited(index, delayMs);
    });
    connect(call, &ChatCall::finished, this, [this, index](const ChatOutcome &outcome) { onCallFinished(index, outcome); });
    call->start();
}

void BatchRunner::onRateLimited(int index, int delayMs)
{
    UnitState &u = m_units[size_t(index)];
    ChatCall *call = u.call;
    if (!call || u.phase != UnitState::Phase::Calling)
        return;
    // The call would send again by itself after the delay: take it back; the runner decides when.
    releaseCall(index);
    requeueAfter429(index, delayMs);
}

void BatchRunner::requeueAfter429(int index, int delayMs)
{
    UnitState &u = m_units[size_t(index)];
    ++m_rateLimitHits;
    if (++u.rateLimitRetries > m_job.maxRateLimitRetries) {
        --m_active;
        u.phase = UnitState::Phase::Finished;
        BatchRow row = unansweredRow(
            m_job,
            index,
            BatchRow::Status::Failed,
            BatchRow::ErrorKind::Server,
            Tr::tr("The server kept answering 429 (too many requests): gave up after %n retry(s).",
                   nullptr,
                   m_job.maxRateLimitRetries));
        row.httpStatus = 429;
        u.spec = {};
        emitRow(row, u.fingerprint, true);
    } else {
        u.phase = UnitState::Phase::Ready;
        m_ready.prepend(index);
    }

    // The server's delay (Retry-After, which ChatCall read) is a floor; 429s round after round also
    // back off exponentially, so a server that gives no delay is not knocked on every half second.
    const int backoff = std::min(MaxRateLimitBackoffMs, m_job.rateLimitBackoffMs << std::min(m_rateLimitStreak, 5));
    const int wait = std::max(delayMs, backoff);
    const qint64 now = m_clock.elapsed();
    // Halve the concurrency once per round: only for a request sent after the last halving.
    if (u.callStartedMs >= m_lastReductionMs) {
        m_limit = std::max(1, m_limit / 2);
        m_lastReductionMs = now;
        ++m_rateLimitStreak;
    }
    m_successesSinceChange = 0;
    const int remaining = m_pauseTimer.isActive() ? m_pauseTimer.remainingTime() : 0;
    if (wait > remaining)
        m_pauseTimer.start(wait);
    emit rateLimited(wait, m_limit);
    fill();
}

void BatchRunner::onCallFinished(int index, const ChatOutcome &outcome)
{
    UnitState &u = m_units[size_t(index)];
    ChatCall *call = u.call;
    if (!call || u.phase != UnitState::Phase::Calling)
        return;
    const QString text = call->text();
    releaseCall(index);
    for (const QString &n : outcome.notices) {
        if (!m_notices.contains(n)) {
            m_notices << n;
            emit notice(n);
        }
    }
    if (outcome.status == ChatOutcome::Status::Failed && outcome.error.status == 429 && outcome.attempts > 1
        && text.isEmpty()) {
        // A 429 after the call's own retries for other errors (a 503, a reset) used them up: the runner
        // waits and sends it again like any other 429 (retrying() handed over those with retries left).
        requeueAfter429(index, 0);
        return;
    }
    if (outcome.status == ChatOutcome::Status::Failed && (outcome.error.status == 401 || outcome.error.status == 403)
        && text.isEmpty() && m_job.renewToken && !m_tokenRenewalFailed
        && (!u.tokenRenewed || u.sentToken != m_job.target.token)) {
        // The token expired or was revoked mid-batch: this request waits for a new one and goes again,
        // once (a request that went with an older token than the current one just goes again).
        u.phase = UnitState::Phase::Ready;
        m_ready.prepend(index);
        if (u.sentToken == m_job.target.token) {
            u.tokenRenewed = true;
            renewToken();
        } else {
            fill();
        }
        return;
    }
    --m_active;
    u.phase = UnitState::Phase::Finished;
    u.spec = {}; // the image bytes go now

    BatchRow row;
    row.index = index + 1;
    row.paths = m_job.units.at(index);
    row.ms = outcome.totalMs;
    row.promptTokens = outcome.usage.prompt;
    row.completionTokens = outcome.usage.completion;
    if (outcome.status == ChatOutcome::Status::Completed) {
        row.status = BatchRow::Status::Done;
        row.answer = text;
        if (!m_job.columns.isEmpty()) {
            const ParsedAnswer parsed = parseAnswer(text, m_job.columns);
            row.columns = parsed.values;
            row.parseError = parsed.problem;
        }
        m_connectionFailuresInRow = 0;
        m_rateLimitStreak = 0;
        // Additive increase: one more request in flight after a full round of successes.
        if (m_limit < m_job.concurrency && ++m_successesSinceChange >= m_limit) {
            ++m_limit;
            m_successesSinceChange = 0;
        }
        emitRow(row, u.fingerprint, true);
        fill();
        return;
    }
    if (outcome.status == ChatOutcome::Status::Stopped) {
        row.status = BatchRow::Status::NotAsked;
        row.errorKind = BatchRow::ErrorKind::Interrupted;
        row.error = Tr::tr("Interrupted before the answer was complete.");
        row.answer = text;
        emitRow(row, u.fingerprint, true);
        fill();
        return;
    }
    row.status = BatchRow::Status::Failed;
    row.errorKind = errorKindFor(outcome.error);
    row.httpStatus = outcome.error.status;
    row.error = outcome.error.message;
    if (!outcome.error.hint.isEmpty())
        row.error += QLatin1Char(' ') + outcome.error.hint;
    row.answer = text;
    emitRow(row, u.fingerprint, true);

    if (outcome.error.status == 429) {
        // Not retried by the call at its first attempt: the server asks for a longer wait than Squint
        // makes (or says not to retry). Stop here
        // rather than knock again for every file; --resume continues later.
        stopAll(Outcome::RateLimited, BatchRow::ErrorKind::Server,
                Tr::tr("Not asked: the server asked to wait before any more requests (%1).").arg(outcome.error.hint));
        return;
    }
    if (row.errorKind == BatchRow::ErrorKind::Connection) {
        if (++m_connectionFailuresInRow >= m_job.maxConnectionFailuresInRow) {
            stopAll(Outcome::ConnectionLost, BatchRow::ErrorKind::Connection,
                    Tr::tr("Not asked: the batch stopped after %n connection failure(s) in a row (%1).", nullptr,
                           m_connectionFailuresInRow)
                        .arg(outcome.error.message));
            return;
        }
    } else {
        m_connectionFailuresInRow = 0;
    }
    fill();
}

void BatchRunner::renewToken()
{
    if (m_renewingToken)
        return; // the requests refused meanwhile wait for the same new token
    m_renewingToken = true;
    QPointer<BatchRunner> self(this);
    const quint64 generation = m_generation;
    m_job.renewToken([self, generation](const QByteArray &token, const QString &error) {
        if (!self)
            return;
        QMetaObject::invokeMethod(self.data(), [self, generation, token, error] {
            if (self && self->m_generation == generation)
                self->onTokenRenewed(token, error);
        }, Qt::QueuedConnection);
    });
}

void BatchRunner::onTokenRenewed(const QByteArray &token, const QString &error)
{
    m_renewingToken = false;
    if (!token.isEmpty()) {
        m_job.target.token = token;
    } else {
        m_tokenRenewalFailed = true; // not asked again in this run: each refusal now fails its row
    }
    if (token.isEmpty() && !error.isEmpty() && !m_notices.contains(error)) {
        // The waiting requests go with the old token and fail with the server's words; this says why.
        m_notices << error;
        emit notice(error);
    }
    if (m_running && !m_stopping)
        fill();
}

void BatchRunner::cancel()
{
    if (!m_running || m_stopping)
        return;
    stopAll(Outcome::Canceled, BatchRow::ErrorKind::Interrupted, Tr::tr("Not asked: the batch was interrupted."));
}

void BatchRunner::stopAll(Outcome outcome, BatchRow::ErrorKind kind, const QString &why)
{
    m_stopping = true;
    m_outcome = outcome;
    m_pauseTimer.stop();
    for (int i = 0; i < int(m_units.size()); ++i) {
        UnitState &u = m_units[size_t(i)];
        if (u.phase == UnitState::Phase::Finished)
            continue;
        const bool wasQueued = u.phase == UnitState::Phase::Queued;
        releaseCall(i);
        if (u.phase != UnitState::Phase::Queued)
            --m_active;
        u.phase = UnitState::Phase::Finished;
        u.spec = {};
        BatchRow row = unansweredRow(m_job, i, BatchRow::Status::NotAsked, kind, why);
        // A result saved by an earlier run stays (and is reported): only files without one get a row saved.
        const StoredItem earlier = m_stored.value(row.paths.join(u'\n'));
        if (wasQueued && earlier.row.status == BatchRow::Status::Done && !earlier.row.paths.isEmpty()) {
            const bool moved = earlier.row.index != row.index;
            row = earlier.row;
            row.index = i + 1;
            row.resumed = true;
            emitRow(row, earlier.fingerprint, moved);
            continue;
        }
        emitRow(row, u.fingerprint, true);
    }
    m_queue.clear();
    m_ready.clear();
    maybeFinish();
}

void BatchRunner::emitRow(BatchRow row, const FileFingerprint &fingerprint, bool save)
{
    if (save && m_store && m_batchId > 0)
        m_store->saveItem(m_batchId, row, fingerprint); // a failed save only costs the resume of this row
    ++m_rowsEmitted;
    if (row.resumed)
        ++m_rowsResumed;
    if (row.status == BatchRow::Status::Done)
        ++m_rowsDone;
    else
        ++m_rowsFailed;
    emit rowReady(row);
}

void BatchRunner::maybeFinish()
{
    if (!m_running || m_rowsEmitted < int(m_job.units.size()) || m_active > 0)
        return;
    m_running = false;
    m_pauseTimer.stop();
    emit finished(m_outcome);
}

// ---- the worker-thread part ----------------------------------------------------------------------

static BatchUnitPrep *prepareUnit(const PrepareInput &in)
{
    auto *out = new BatchUnitPrep;
    const auto fail = [out](BatchRow::ErrorKind kind, const QString &why) {
        out->errorKind = kind;
        out->error = why;
        return out;
    };
    QList<QByteArray> originals;
    QList<ImageInfo> infos;
    QList<QByteArray> hashes;
    qint64 size = 0;
    qint64 mtime = -1;
    for (const QString &path : in.paths) {
        if (fileOfInput(path) != path) { // a page of a PDF, rendered at the long edge Fit would pick
            QString error;
            const int edge = fitTargetFor(in.profile.limits, int(in.paths.size()), 0).longEdge;
            QByteArray png = renderPdfPagePath(path, edge > 0 ? edge : DefaultPdfLongEdge, &error);
            if (png.isEmpty())
                return fail(BatchRow::ErrorKind::Input,
                            Tr::tr("“%1” can't be read: %2").arg(fileName(path), error));
            size += png.size();
            mtime = std::max(mtime, QFileInfo(fileOfInput(path)).lastModified().toMSecsSinceEpoch());
            hashes << sha256Hex(png);
            originals << png;
            continue;
        }
        QFile f(path);
        const QFileInfo fi(path);
        if (!f.open(QIODevice::ReadOnly))
            return fail(BatchRow::ErrorKind::Input, Tr::tr("“%1” can't be read: %2").arg(fileName(path), f.errorString()));
        if (f.size() > MaxFileBytes)
            return fail(BatchRow::ErrorKind::Input,
                        Tr::tr("“%1” is larger than %2 MB: Squint does not read it as an image.").arg(fileName(path)).arg(MaxFileBytes >> 20));
        QByteArray bytes = f.readAll();
        size += bytes.size();
        mtime = std::max(mtime, fi.lastModified().toMSecsSinceEpoch());
        hashes << sha256Hex(bytes);
        originals << bytes;
    }
    out->fingerprint.size = size;
    out->fingerprint.mtimeMs = mtime;
    out->fingerprint.sha256 = combineSha256(hashes);
    if (!in.expectedSha256.isEmpty() && out->fingerprint.sha256 == in.expectedSha256) {
        out->unchanged = true;
        return out;
    }

    DecodeOptions noThumb;
    noThumb.thumbnailEdge = 0;
    QList<ItemFacts> facts;
    for (qsizetype i = 0; i < originals.size(); ++i) {
        const ProbeResult probe = probeImage(originals.at(i), noThumb);
        if (!probe.ok)
            return fail(BatchRow::ErrorKind::Input,
                        Tr::tr("“%1” can't be used: %2").arg(fileName(in.paths.at(i)), probe.error));
        infos << probe.info;
        ItemFacts f;
        f.stage = ItemFacts::Stage::Ready;
        f.name = fileName(in.paths.at(i));
        f.info = probe.info;
        facts << f;
    }

    BodyMessage msg;
    msg.text = in.text;
    ChatBodySpec spec;
    spec.model = in.model;
    spec.system = in.system;
    spec.stream = in.stream;
    spec.includeUsage = in.includeUsage;
    spec.maxTokens = in.maxTokens;
    spec.maxTokensField = in.maxTokensField;
    spec.temperature = in.temperature;
    spec.columns = in.columns;
    spec.schemaName = QStringLiteral("columns");
    const int n = int(originals.size());
    const ModelLimits &L = in.profile.limits;
    FitTarget target;
    if (in.fit) {
        ChatBodySpec frame = spec;
        frame.messages << msg;
        target = fitTargetFor(L, n, chatBodySize(frame) + 4096);
    }
    for (int i = 0; i < n; ++i) {
        QString error;
        BodyImage img;
        if (in.fit) {
            const PreparedImage fitted = fitImage(originals.at(i), infos.at(i), target, &error);
            if (fitted.isNull())
                return fail(BatchRow::ErrorKind::Limits,
                            Tr::tr("“%1” could not be fitted to the model: %2").arg(facts.at(i).name, error));
            img.data = fitted.data();
            img.mime = mimeForFormat(fitted.format);
            facts[i].fittedFormat = fitted.format;
            facts[i].fittedSize = fitted.size;
            facts[i].fittedBytes = img.data.size();
        } else {
            const SendPlan plan = planForSend(infos.at(i), L, n);
            if (plan.action == SendPlan::Action::AsIs) {
                img.data = originals.at(i);
                img.mime = mimeForFormat(infos.at(i).format);
            } else {
                const PreparedImage prepared = prepareForSend(originals.at(i), infos.at(i), plan, &error);
                if (prepared.isNull())
                    return fail(BatchRow::ErrorKind::Limits,
                                Tr::tr("“%1” can't be prepared for this model: %2").arg(facts.at(i).name, error));
                img.data = prepared.data();
                img.mime = mimeForFormat(prepared.format);
                facts[i].preparedKey = plan.key();
                facts[i].preparedBytes = img.data.size();
                facts[i].preparedSize = prepared.size;
            }
        }
        img.size = img.data.size();
        msg.images << img;
        originals[i].clear();
    }
    // The same verdict as the tray: count, per-image size and request size against the model.
    RequestContext context;
    context.system = in.system;
    const Evaluation ev = evaluate(in.profile, facts, in.text, context);
    if (!ev.canSend) {
        QString why = ev.blocker;
        if (!in.fit)
            why += QLatin1Char(' ') + Tr::tr("(--fit makes images fit the model's limits.)");
        return fail(BatchRow::ErrorKind::Limits, why);
    }
    spec.messages << msg;
    out->spec = std::move(spec);
    return out;
}

} // namespace squint
