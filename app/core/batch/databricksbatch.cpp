#include "core/batch/databricksbatch.h"

#include "core/batch/batchstore.h"
#include "core/chat/chatprotocol.h"
#include "core/images/imageinfo.h"
#include "core/images/imageprep.h"
#include "core/util/format.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QRandomGenerator>
#include <QUrlQuery>

#include <memory>

namespace squint {

namespace {
class Tr
{
    Q_DECLARE_TR_FUNCTIONS(squint::DatabricksBatchRunner)
};

/// Answers larger than this are cut off (an INLINE chunk is at most 25 MiB; links' chunks are smaller).
constexpr qint64 MaxAnswerBytes = 64LL * 1024 * 1024;
constexpr int MaxLinkAttempts = 3;

/// Whether the local file at `path` was last changed no later than `remoteWritten` (an HTTP date:
/// whole seconds). Unknown times count as changed.
bool unchangedSince(const QString &path, const QDateTime &remoteWritten)
{
    const QDateTime local = QFileInfo(path).lastModified();
    return remoteWritten.isValid() && local.isValid()
           && local.toSecsSinceEpoch() <= remoteWritten.toSecsSinceEpoch();
}

bool sameOrigin(const QUrl &a, const QUrl &b)
{
    return a.scheme() == b.scheme() && a.host().compare(b.host(), Qt::CaseInsensitive) == 0
           && a.port(a.scheme() == QLatin1String("https") ? 443 : 80)
                  == b.port(b.scheme() == QLatin1String("https") ? 443 : 80);
}

bool transient(int status)
{
    return status == 0 || status == 408 || status == 429 || status == 500 || status == 502
           || status == 503 || status == 504;
}
} // namespace

struct DatabricksBatchRunner::Call
{
    QByteArray method;
    QUrl url;
    QByteArray body;
    QByteArray contentType;
    QString filePath; ///< PUT: the file streamed as the body
    bool auth = true;
    bool idempotent = true;
    bool renewed = false; ///< sent again with a renewed token already
    int attempt = 0;
    QList<std::pair<QByteArray, QByteArray>> headers;
    /// status 0: no answer (connection failed); the reply is still readable (headers).
    std::function<void(int status, const QByteArray &body, QNetworkReply *reply)> done;
};

DatabricksBatchRunner::DatabricksBatchRunner(QNetworkAccessManager *nam, QObject *parent)
    : QObject(parent)
    , m_nam(nam)
{
    m_pollTimer.setSingleShot(true);
    connect(&m_pollTimer, &QTimer::timeout, this, &DatabricksBatchRunner::poll);
}

DatabricksBatchRunner::~DatabricksBatchRunner()
{
    ++m_generation;
    for (QNetworkReply *r : std::as_const(m_replies)) {
        r->disconnect(this);
        r->abort();
        r->deleteLater();
    }
    qDeleteAll(m_calls);
}

void DatabricksBatchRunner::setJob(DatabricksBatchJob job)
{
    m_job = std::move(job);
}

void DatabricksBatchRunner::setStore(BatchStore *store, qint64 batchId)
{
    m_store = store;
    m_batchId = batchId;
}

void DatabricksBatchRunner::setStage(Stage stage)
{
    if (m_stage == stage)
        return;
    m_stage = stage;
    emit stageChanged(stage);
}

// ---- HTTP ------------------------------------------------------------------------------------------

void DatabricksBatchRunner::send(Call call)
{
    if (!m_nam)
        return;
    QNetworkRequest req(call.url);
    req.setTransferTimeout(m_job.transferTimeoutMs);
    if (call.auth && sameOrigin(call.url, m_job.host)) {
        req.setRawHeader("Authorization", "Bearer " + m_job.token);
        // The token never follows a redirect: a 3xx is an error here.
        req.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    } else {
        req.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::NoLessSafeRedirectPolicy);
    }
    for (const auto &[name, value] : std::as_const(call.headers))
        req.setRawHeader(name, value);
    if (!call.contentType.isEmpty())
        req.setHeader(QNetworkRequest::ContentTypeHeader, call.contentType);
    QNetworkReply *reply = nullptr;
    if (!call.filePath.isEmpty()) {
        auto *file = new QFile(call.filePath);
        if (!file->open(QIODevice::ReadOnly)) {
            const QString why = file->errorString();
            delete file;
            if (call.done)
                call.done(-1, why.toUtf8(), nullptr);
            return;
        }
        reply = m_nam->put(req, file);
        file->setParent(reply);
    } else if (call.method == "GET") {
        reply = m_nam->get(req);
    } else if (call.method == "HEAD") {
        reply = m_nam->head(req);
    } else if (call.method == "DELETE") {
        reply = m_nam->deleteResource(req);
    } else if (call.method == "PUT") {
        reply = m_nam->put(req, call.body);
    } else {
        if (call.contentType.isEmpty())
            req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        reply = m_nam->post(req, call.body);
    }
    m_replies.insert(reply);
    m_calls.insert(reply, new Call(std::move(call)));
    connect(reply, &QNetworkReply::downloadProgress, reply, [reply](qint64 received, qint64) {
        if (received > MaxAnswerBytes) {
            reply->setProperty("squintTooLarge", true);
            reply->abort();
        }
    });
    connect(reply, &QNetworkReply::finished, this, [this, reply] { onReply(reply); });
}

void DatabricksBatchRunner::onReply(QNetworkReply *reply)
{
    reply->deleteLater();
    m_replies.remove(reply);
    Call *raw = m_calls.take(reply);
    if (!raw)
        return;
    const std::unique_ptr<Call> call(raw);
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (reply->property("squintTooLarge").toBool()) {
        failAll(Tr::tr("Databricks answered with more than %1: stopped.")
                    .arg(formatBytes(MaxAnswerBytes)),
                BatchRow::ErrorKind::Server,
                BatchRunner::Outcome::Completed);
        return;
    }
    // Replies aborted by finish() are disconnected first; an OperationCanceledError here is a
    // transfer timeout, retried like any connection failure.
    const QByteArray body = reply->readAll();
    if (status == 401 && call->auth && !call->renewed && m_job.renewToken && !m_canceling) {
        // The token expired (OAuth tokens live an hour): a new one, then this call again.
        ++m_renewals;
        Call again = *call;
        again.renewed = true;
        const quint64 generation = m_generation;
        QPointer<DatabricksBatchRunner> self(this);
        m_job.renewToken([self, again, generation](const QByteArray &token,
                                                   const QString &error) mutable {
            if (!self)
                return;
            QMetaObject::invokeMethod(
                self, [self, again = std::move(again), generation, token, error]() mutable {
                    if (!self || generation != self->m_generation || !self->m_running)
                        return;
                    if (token.isEmpty()) {
                        self->failAll(
                            Tr::tr(
                                "The workspace refused the token and no new one could be had: %1")
                                .arg(error),
                            BatchRow::ErrorKind::Server,
                            BatchRunner::Outcome::Completed);
                        return;
                    }
                    self->m_job.token = token;
                    self->send(std::move(again));
                });
        });
        return;
    }
    const bool mayRetry = call->idempotent || status == 429 || status == 503;
    if (transient(status) && mayRetry && !m_canceling) {
        const RetryDecision d = decideRetry(status,
                                            reply->rawHeader("Retry-After"),
                                            reply->rawHeader("retry-after-ms"),
                                            reply->rawHeader("x-should-retry"),
                                            call->attempt,
                                            QDateTime::currentDateTimeUtc(),
                                            QRandomGenerator::global()->generateDouble(),
                                            RetryPolicy{m_job.maxRetries, 60'000, 0.5, 8.0});
        if (d.retry) {
            ++m_retries;
            Call again = *call;
            ++again.attempt;
            const quint64 generation = m_generation;
            QTimer::singleShot(d.delayMs, this, [this, again, generation]() mutable {
                if (generation == m_generation && m_running)
                    send(std::move(again));
            });
            return;
        }
    }
    if (call->done)
        call->done(status, body, reply);
}

QString DatabricksBatchRunner::httpError(int status,
                                         const QByteArray &body,
                                         QNetworkReply *reply) const
{
    if (status <= 0) {
        const QString detail = reply ? reply->errorString() : QString::fromUtf8(body);
        return transportError(ApiError::Kind::Network, detail, m_job.host.host()).message;
    }
    return databricksHttpErrorText(status, body, m_job.token);
}

// ---- the run ---------------------------------------------------------------------------------------

void DatabricksBatchRunner::start()
{
    ++m_generation;
    m_running = true;
    m_canceling = m_cancelSent = false;
    m_error.clear();
    m_files.clear();
    m_sizes.clear();
    m_statementId.clear();
    m_state = StatementState::Unknown;
    m_statementClock.invalidate();
    m_rowsDone = m_rowsFailed = m_rowsEmitted = m_rowsResumed = 0;
    m_uploaded = m_skipped = m_peakUploads = 0;
    m_bytesUploaded = 0;
    m_polls = m_chunksRead = m_retries = 0;
    m_nextUpload = m_uploadsInFlight = m_uploadsFinished = 0;
    m_startedWarehouse = false;
    m_warehouses.clear();
    setStage(Stage::Preparing);
    for (const QStringList &u : std::as_const(m_job.units)) {
        const QString path = u.value(0);
        m_files << path;
        m_sizes << QFileInfo(path).size();
    }
    m_uploadPaths = m_files;
    m_fitDir.reset();
    m_haveRow = QList<bool>(m_files.size(), false);
    // Fitted copies go to a folder of their own: the same files fitted or not are different uploads.
    m_folder = m_job.fit ? batchVolumeFolder(m_job.volumeFolder,
                                             m_files + QStringList{QStringLiteral("fit")},
                                             m_sizes)
                         : batchVolumeFolder(m_job.volumeFolder, m_files, m_sizes);
    m_job.query.folder = m_folder;
    m_job.query.skip.clear();
    if (m_store && m_batchId > 0) {
        const QHash<int, StoredItem> stored = m_store->items(m_batchId);
        for (int i = 0; i < m_files.size(); ++i) {
            const auto it = stored.constFind(i + 1);
            if (it == stored.constEnd() || it->row.status != BatchRow::Status::Done
                || it->row.paths != QStringList{m_files[i]}
                || !statFingerprint(it->row.paths).sameStat(it->fingerprint))
                continue;
            m_job.query.skip << i + 1;
        }
    }
    QString problem;
    m_statement = buildAiQueryStatement(m_job.query, &problem);
    if (m_statement.isEmpty() || m_files.isEmpty()) {
        failAll(problem.isEmpty() ? Tr::tr("There are no files to ask about.") : problem,
                BatchRow::ErrorKind::Input,
                BatchRunner::Outcome::Completed);
        return;
    }
    for (const QStringList &u : std::as_const(m_job.units)) {
        if (u.size() != 1) {
            failAll(Tr::tr("On Databricks every request holds one image (no groups)."),
                    BatchRow::ErrorKind::Input,
                    BatchRunner::Outcome::Completed);
            return;
        }
    }
    m_prompt = databricksPromptText(m_job.query);
    if (!m_job.query.skip.isEmpty()) {
        const QHash<int, StoredItem> stored = m_store->items(m_batchId);
        for (const int index : std::as_const(m_job.query.skip)) {
            BatchRow row = stored.value(index).row;
            row.resumed = true;
            ++m_rowsResumed;
            emitRow(row, false);
        }
        if (m_job.query.skip.size() == m_files.size()) {
            finish(BatchRunner::Outcome::Completed); // everything was answered before
            return;
        }
    }
    listWarehouses({});
}

void DatabricksBatchRunner::listWarehouses(const QString &pageToken)
{
    QUrl url = m_job.host;
    url.setPath(QStringLiteral("/api/2.0/sql/warehouses"));
    if (!pageToken.isEmpty())
        url.setQuery(QUrlQuery{{QStringLiteral("page_token"), pageToken}});
    const quint64 generation = m_generation;
    Call c;
    c.method = "GET";
    c.url = url;
    c.done = [this, generation](int status, const QByteArray &body, QNetworkReply *reply) {
        if (generation != m_generation)
            return;
        if (status != 200) {
            failCall(Tr::tr("Can't list the SQL warehouses: %1").arg(httpError(status, body, reply)),
                     status);
            return;
        }
        QString next, error;
        const std::optional<QList<WarehouseInfo>> list = parseWarehouses(body, &next, &error);
        if (!list) {
            failAll(error, BatchRow::ErrorKind::Server, BatchRunner::Outcome::Completed);
            return;
        }
        m_warehouses << *list;
        if (!next.isEmpty() && m_warehouses.size() < 10'000)
            listWarehouses(next);
        else
            useWarehouse();
    };
    send(std::move(c));
}

void DatabricksBatchRunner::useWarehouse()
{
    const std::optional<WarehouseInfo> w = findWarehouse(m_warehouses, m_job.warehouse);
    if (!w) {
        QStringList names;
        for (const WarehouseInfo &x : std::as_const(m_warehouses))
            names << QStringLiteral("%1 (%2)").arg(x.name, x.id);
        failAll(names.isEmpty()
                    ? Tr::tr(
                          "There is no SQL warehouse “%1”: the workspace lists none you can use.")
                          .arg(m_job.warehouse)
                    : Tr::tr("There is no SQL warehouse “%1”; the workspace has: %2.")
                          .arg(m_job.warehouse, names.join(QStringLiteral(", "))),
                BatchRow::ErrorKind::Input,
                BatchRunner::Outcome::Completed);
        return;
    }
    m_warehouse = *w;
    if (m_warehouse.type == QLatin1String("CLASSIC")) {
        failAll(Tr::tr("The SQL warehouse “%1” is a Classic warehouse: ai_query runs on Pro and "
                       "Serverless warehouses only.")
                    .arg(m_warehouse.name),
                BatchRow::ErrorKind::Input,
                BatchRunner::Outcome::Completed);
        return;
    }
    if (m_warehouse.state == QLatin1String("DELETED")
        || m_warehouse.state == QLatin1String("DELETING")) {
        failAll(Tr::tr("The SQL warehouse “%1” is deleted.").arg(m_warehouse.name),
                BatchRow::ErrorKind::Input,
                BatchRunner::Outcome::Completed);
        return;
    }
    if (m_warehouse.state == QLatin1String("STOPPED")
        || m_warehouse.state == QLatin1String("STOPPING")) {
        // Started now, so that it warms up while the images are uploaded.
        QUrl url = m_job.host;
        url.setPath(QStringLiteral("/api/2.0/sql/warehouses/%1/start")
                        .arg(QString::fromLatin1(QUrl::toPercentEncoding(m_warehouse.id))));
        const quint64 generation = m_generation;
        Call c;
        c.method = "POST";
        c.url = url;
        c.body = "{}";
        c.done = [this, generation](int status, const QByteArray &body, QNetworkReply *reply) {
            if (generation != m_generation)
                return;
            if (status != 200) {
                failCall(Tr::tr("Can't start the SQL warehouse: %1")
                             .arg(httpError(status, body, reply)),
                         status);
                return;
            }
            m_startedWarehouse = true;
            emit notice(
                Tr::tr("Starting the SQL warehouse “%1” (it was stopped).").arg(m_warehouse.name));
            createFolder();
        };
        send(std::move(c));
        return;
    }
    createFolder();
}

void DatabricksBatchRunner::createFolder()
{
    setStage(Stage::Uploading);
    emit uploadProgress(0, total());
    const quint64 generation = m_generation;
    Call c;
    c.method = "PUT";
    c.url = filesApiUrl(m_job.host, m_folder, true);
    c.done = [this, generation](int status, const QByteArray &body, QNetworkReply *reply) {
        if (generation != m_generation)
            return;
        if (status < 200 || status > 299) {
            failCall(Tr::tr("Can't create the folder %1 on the volume: %2")
                         .arg(m_folder, httpError(status, body, reply)),
                     status);
            return;
        }
        pumpUploads();
    };
    send(std::move(c));
}

void DatabricksBatchRunner::pumpUploads()
{
    if (!m_running || m_canceling)
        return;
    while (m_uploadsInFlight < std::max(1, m_job.uploadConcurrency)
           && m_nextUpload < m_files.size()) {
        ++m_uploadsInFlight;
        m_peakUploads = std::max(m_peakUploads, m_uploadsInFlight);
        checkFile(m_nextUpload++);
    }
    if (m_uploadsFinished == m_files.size() && m_uploadsInFlight == 0)
        waitForWarehouse();
}

bool DatabricksBatchRunner::prepareFit(int i, QString *error)
{
    if (m_uploadPaths[i] != m_files[i])
        return true;
    if (!m_fitDir) {
        m_fitDir = std::make_unique<QTemporaryDir>();
        if (!m_fitDir->isValid()) {
            *error = m_fitDir->errorString();
            return false;
        }
    }
    QFile in(m_files[i]);
    if (!in.open(QIODevice::ReadOnly)) {
        *error = in.errorString();
        return false;
    }
    const QByteArray original = in.readAll();
    DecodeOptions noThumb;
    noThumb.thumbnailEdge = 0;
    const ProbeResult probe = probeImage(original, noThumb);
    if (!probe.ok) {
        *error = probe.error;
        return false;
    }
    const FitTarget target = fitTargetFor(m_job.fitLimits, 1, m_prompt.toUtf8().size() + 4096);
    const PreparedImage fitted = fitImage(original, probe.info, target, error);
    if (fitted.isNull())
        return false;
    const QString copy = m_fitDir->filePath(volumeFileName(i + 1, m_files[i]));
    QFile out(copy);
    const QByteArray bytes = fitted.data();
    if (!out.open(QIODevice::WriteOnly) || out.write(bytes) != bytes.size()) {
        *error = out.errorString();
        return false;
    }
    m_uploadPaths[i] = copy;
    m_sizes[i] = bytes.size();
    return true;
}

void DatabricksBatchRunner::checkFile(int i)
{
    if (m_haveRow[i]) { // answered before (resumed): nothing to upload
        QTimer::singleShot(0, this, [this, i, generation = m_generation] {
            if (generation == m_generation)
                fileDone(i, false);
        });
        return;
    }
    if (m_job.fit) {
        QString error;
        if (!prepareFit(i, &error)) {
            BatchRow row;
            row.index = i + 1;
            row.paths = {m_files[i]};
            row.status = BatchRow::Status::Failed;
            row.errorKind = BatchRow::ErrorKind::Limits;
            row.error = Tr::tr("“%1” could not be fitted to the model: %2")
                            .arg(QFileInfo(m_files[i]).fileName(), error);
            emitRow(row);
            QTimer::singleShot(0, this, [this, i, generation = m_generation] {
                if (generation == m_generation)
                    fileDone(i, false);
            });
            return;
        }
    }
    const quint64 generation = m_generation;
    Call c;
    c.method = "HEAD";
    c.url = filesApiUrl(m_job.host, m_folder + u'/' + volumeFileName(i + 1, m_files[i]));
    c.done = [this, generation, i](int status, const QByteArray &body, QNetworkReply *reply) {
        if (generation != m_generation)
            return;
        // Already there: the same size, and the local file not changed since that copy was
        // written (the Files API's last-modified; the API gives no hash). A file edited in place
        // since an interrupted run is sent again even when its size stayed the same.
        if (status == 200 && reply
            && reply->header(QNetworkRequest::ContentLengthHeader).toLongLong() == m_sizes[i]
            && unchangedSince(m_files[i],
                              reply->header(QNetworkRequest::LastModifiedHeader).toDateTime())) {
            fileDone(i, false);
            return;
        }
        if (status == 200 || status == 404) {
            putFile(i, status == 200);
            return;
        }
        failCall(Tr::tr("Can't upload to %1: %2").arg(m_folder, httpError(status, body, reply)),
                 status);
    };
    send(std::move(c));
}

void DatabricksBatchRunner::putFile(int i, bool overwrite)
{
    const quint64 generation = m_generation;
    Call c;
    c.method = "PUT";
    c.url = filesApiUrl(m_job.host, m_folder + u'/' + volumeFileName(i + 1, m_files[i]));
    c.url.setQuery(QStringLiteral("overwrite=%1")
                       .arg(overwrite ? QStringLiteral("true") : QStringLiteral("false")));
    c.filePath = m_uploadPaths[i];
    c.contentType = "application/octet-stream";
    c.done = [this, generation, i, overwrite](int status,
                                              const QByteArray &body,
                                              QNetworkReply *reply) {
        if (generation != m_generation)
            return;
        if (status >= 200 && status <= 299) {
            m_bytesUploaded += m_sizes[i];
            fileDone(i, true);
            return;
        }
        if (status == 409 && !overwrite) { // written meanwhile (an earlier attempt that did arrive)
            putFile(i, true);
            return;
        }
        if (status == -1) { // the local file can't be read: that row fails, the rest goes on
            BatchRow row;
            row.index = i + 1;
            row.paths = {m_files[i]};
            row.status = BatchRow::Status::Failed;
            row.errorKind = BatchRow::ErrorKind::Input;
            row.error = Tr::tr("Can't read the file: %1").arg(QString::fromUtf8(body));
            emitRow(row);
            fileDone(i, false);
            return;
        }
        failCall(Tr::tr("Can't upload to %1: %2").arg(m_folder, httpError(status, body, reply)),
                 status);
    };
    send(std::move(c));
}

void DatabricksBatchRunner::fileDone(int, bool sent)
{
    --m_uploadsInFlight;
    ++m_uploadsFinished;
    if (sent)
        ++m_uploaded;
    else
        ++m_skipped;
    emit uploadProgress(m_uploadsFinished, total());
    pumpUploads();
}

void DatabricksBatchRunner::waitForWarehouse()
{
    if (m_warehouse.state == QLatin1String("RUNNING")) {
        submit();
        return;
    }
    setStage(Stage::StartingWarehouse);
    QUrl url = m_job.host;
    url.setPath(QStringLiteral("/api/2.0/sql/warehouses/%1")
                    .arg(QString::fromLatin1(QUrl::toPercentEncoding(m_warehouse.id))));
    const quint64 generation = m_generation;
    Call c;
    c.method = "GET";
    c.url = url;
    c.done = [this, generation](int status, const QByteArray &body, QNetworkReply *reply) {
        if (generation != m_generation || m_canceling)
            return;
        QString error;
        const std::optional<WarehouseInfo> w = status == 200 ? parseWarehouse(body, &error)
                                                             : std::nullopt;
        if (!w) {
            failCall(Tr::tr("Can't read the SQL warehouse's state: %1")
                         .arg(status == 200 ? error : httpError(status, body, reply)),
                     status);
            return;
        }
        m_warehouse.state = w->state;
        if (w->state == QLatin1String("RUNNING")) {
            submit();
            return;
        }
        if (w->state == QLatin1String("DELETED") || w->state == QLatin1String("DELETING")) {
            failAll(Tr::tr("The SQL warehouse “%1” is deleted.").arg(m_warehouse.name),
                    BatchRow::ErrorKind::Input,
                    BatchRunner::Outcome::Completed);
            return;
        }
        if (w->state == QLatin1String("STOPPED")) {
            if (m_startedWarehouse) {
                failAll(Tr::tr("The SQL warehouse “%1” stopped while it was starting.")
                            .arg(m_warehouse.name),
                        BatchRow::ErrorKind::Server,
                        BatchRunner::Outcome::Completed);
                return;
            }
            useWarehouse(); // stopped meanwhile (auto stop): start it, then come back here
            return;
        }
        QTimer::singleShot(m_job.warehousePollMs, this, [this, generation] {
            if (generation == m_generation && !m_canceling)
                waitForWarehouse();
        });
    };
    send(std::move(c));
}

void DatabricksBatchRunner::submit()
{
    setStage(Stage::Submitting);
    const bool external = m_job.links == DatabricksBatchJob::Links::External
                          || (m_job.links == DatabricksBatchJob::Links::Auto
                              && resultNeedsExternalLinks(m_files.size(), m_job.query.maxTokens));
    QUrl url = m_job.host;
    url.setPath(QStringLiteral("/api/2.0/sql/statements"));
    const quint64 generation = m_generation;
    Call c;
    c.method = "POST";
    c.url = url;
    c.idempotent = false;
    c.body = QJsonDocument(
                 statementRequest(m_statement, m_warehouse.id, m_prompt, external, m_job.query.skip))
                 .toJson(QJsonDocument::Compact);
    c.done = [this, generation](int status, const QByteArray &body, QNetworkReply *reply) {
        if (generation != m_generation)
            return;
        QString error;
        const std::optional<StatementStatus> s = status == 200 ? parseStatementStatus(body, &error)
                                                               : std::nullopt;
        if (!s) {
            failCall(Tr::tr("The statement was not accepted: %1")
                         .arg(status == 200 ? error : httpError(status, body, reply)),
                     status);
            return;
        }
        m_statementId = s->statementId;
        m_statementClock.start();
        m_pollDelayMs = m_job.pollFirstMs;
        onStatus(*s);
    };
    send(std::move(c));
}

void DatabricksBatchRunner::schedulePoll()
{
    m_pollTimer.start(m_pollDelayMs);
    m_pollDelayMs = std::min(m_job.pollMaxMs, std::max(m_pollDelayMs + 1, m_pollDelayMs * 3 / 2));
}

void DatabricksBatchRunner::poll()
{
    QUrl url = m_job.host;
    url.setPath(QStringLiteral("/api/2.0/sql/statements/%1")
                    .arg(QString::fromLatin1(QUrl::toPercentEncoding(m_statementId))));
    const quint64 generation = m_generation;
    ++m_polls;
    Call c;
    c.method = "GET";
    c.url = url;
    c.done = [this, generation](int status, const QByteArray &body, QNetworkReply *reply) {
        if (generation != m_generation)
            return;
        QString error;
        const std::optional<StatementStatus> s = status == 200 ? parseStatementStatus(body, &error)
                                                               : std::nullopt;
        if (!s) {
            failCall(Tr::tr("Can't read the statement's state: %1")
                         .arg(status == 200 ? error : httpError(status, body, reply)),
                     status);
            return;
        }
        onStatus(*s);
    };
    send(std::move(c));
}

void DatabricksBatchRunner::onStatus(const StatementStatus &s)
{
    m_state = s.state;
    switch (s.state) {
    case StatementState::Pending:
    case StatementState::Running:
        setStage(s.state == StatementState::Pending ? Stage::Pending : Stage::Running);
        if (m_canceling && !m_cancelSent)
            sendCancel();
        schedulePoll();
        return;
    case StatementState::Succeeded: {
        if (m_canceling) {
            finish(BatchRunner::Outcome::Canceled);
            return;
        }
        setStage(Stage::Fetching);
        m_columns = resultColumns(s.columnNames);
        if (!m_columns.ok()) {
            failAll(Tr::tr("The result has columns %1, not path, answer and error: the ai_query "
                           "result's fields "
                           "may be named differently on this workspace.")
                        .arg(s.columnNames.join(QStringLiteral(", "))),
                    BatchRow::ErrorKind::Server,
                    BatchRunner::Outcome::Completed);
            return;
        }
        m_totalChunks = s.totalChunkCount;
        if (s.firstChunk)
            readChunk(*s.firstChunk, 0);
        else if (m_totalChunks > 0)
            fetchChunk(0);
        else
            cleanUp();
        return;
    }
    case StatementState::Canceled:
    case StatementState::Closed:
        if (m_canceling) {
            finish(BatchRunner::Outcome::Canceled);
            return;
        }
        failAll(Tr::tr("The statement was canceled on Databricks. %1")
                    .arg(databricksErrorText(s.errorCode, s.message, s.sqlState, m_job.token)),
                BatchRow::ErrorKind::Server,
                BatchRunner::Outcome::Completed);
        return;
    case StatementState::Failed:
        failAll(databricksErrorText(s.errorCode, s.message, s.sqlState, m_job.token),
                BatchRow::ErrorKind::Server,
                m_canceling ? BatchRunner::Outcome::Canceled : BatchRunner::Outcome::Completed);
        return;
    case StatementState::Unknown:
        break;
    }
}

void DatabricksBatchRunner::sendCancel()
{
    m_cancelSent = true;
    QUrl url = m_job.host;
    url.setPath(QStringLiteral("/api/2.0/sql/statements/%1/cancel")
                    .arg(QString::fromLatin1(QUrl::toPercentEncoding(m_statementId))));
    Call c;
    c.method = "POST";
    c.url = url;
    c.done = [](int, const QByteArray &, QNetworkReply *) {};
    send(std::move(c));
    m_pollDelayMs = m_job.pollFirstMs;
}

void DatabricksBatchRunner::fetchChunk(int index, int attempt)
{
    QUrl url = m_job.host;
    url.setPath(QStringLiteral("/api/2.0/sql/statements/%1/result/chunks/%2")
                    .arg(QString::fromLatin1(QUrl::toPercentEncoding(m_statementId)))
                    .arg(index));
    const quint64 generation = m_generation;
    Call c;
    c.method = "GET";
    c.url = url;
    c.done = [this, generation, attempt](int status, const QByteArray &body, QNetworkReply *reply) {
        if (generation != m_generation || m_canceling)
            return;
        QString error;
        const std::optional<ResultChunk> chunk = status == 200 ? parseResultChunk(body, &error)
                                                               : std::nullopt;
        if (!chunk) {
            failCall(Tr::tr("Can't read a result chunk: %1")
                         .arg(status == 200 ? error : httpError(status, body, reply)),
                     status);
            return;
        }
        readChunk(*chunk, attempt);
    };
    send(std::move(c));
}

void DatabricksBatchRunner::readChunk(const ResultChunk &chunk, int attempt)
{
    if (!chunk.links.isEmpty()) {
        fetchLink(chunk, attempt);
        return;
    }
    takeRows(chunk);
    afterChunk(chunk);
}

void DatabricksBatchRunner::fetchLink(const ResultChunk &chunk, int attempt)
{
    const ExternalLink link = chunk.links.first();
    const bool loopback = link.url.host() == QLatin1String("127.0.0.1")
                          || link.url.host() == QLatin1String("localhost");
    if (link.url.scheme() != QLatin1String("https")
        && !(link.url.scheme() == QLatin1String("http") && loopback)) {
        failAll(Tr::tr("Databricks gave a result link that is not https: not fetched."),
                BatchRow::ErrorKind::Server,
                BatchRunner::Outcome::Completed);
        return;
    }
    const quint64 generation = m_generation;
    Call c;
    c.method = "GET";
    c.url = link.url;
    c.auth = false; // the storage's own signed URL: the Authorization header must not go there
    c.headers = link.headers;
    c.done = [this, generation, chunk, attempt](int status,
                                                const QByteArray &body,
                                                QNetworkReply *reply) {
        if (generation != m_generation || m_canceling)
            return;
        if (status != 200) {
            // An expired link (403 from the storage) is asked for again: the chunk gets a fresh one.
            if (attempt + 1 < MaxLinkAttempts && status > 0) {
                emit notice(Tr::tr("A result link expired; asking Databricks for a new one."));
                fetchChunk(chunk.chunkIndex, attempt + 1);
                return;
            }
            failCall(Tr::tr("Can't read a result chunk from Databricks' storage: %1")
                         .arg(status <= 0 ? httpError(status, body, reply)
                                          : Tr::tr("HTTP %1").arg(status)),
                     status);
            return;
        }
        QString error;
        std::optional<ResultChunk> rows = parseJsonArrayRows(body, &error);
        if (!rows) {
            failAll(error, BatchRow::ErrorKind::Server, BatchRunner::Outcome::Completed);
            return;
        }
        rows->chunkIndex = chunk.chunkIndex;
        rows->nextChunkIndex = chunk.nextChunkIndex;
        takeRows(*rows);
        afterChunk(*rows);
    };
    send(std::move(c));
}

void DatabricksBatchRunner::takeRows(const ResultChunk &chunk)
{
    ++m_chunksRead;
    qsizetype cell = 0;
    for (const QStringList &r : chunk.rows) {
        const qsizetype base = cell;
        cell += r.size();
        if (r.size() <= std::max({m_columns.path, m_columns.answer, m_columns.error}))
            continue;
        const int index = indexFromVolumePath(r[m_columns.path]);
        if (index < 1 || index > m_files.size() || m_haveRow[index - 1])
            continue; // not one of this batch's files (or said twice)
        const bool answerNull = chunk.nulls.value(base + m_columns.answer, false);
        const bool errorNull = chunk.nulls.value(base + m_columns.error, false);
        emitRow(rowFromResult(index,
                              m_files[index - 1],
                              r[m_columns.answer],
                              answerNull,
                              r[m_columns.error],
                              errorNull,
                              m_job.query.columns));
    }
}

void DatabricksBatchRunner::afterChunk(const ResultChunk &chunk)
{
    int next = chunk.nextChunkIndex;
    if (next < 0 && chunk.chunkIndex + 1 < m_totalChunks)
        next = chunk.chunkIndex + 1;
    if (next > chunk.chunkIndex) { // always forward: a server that points back can't loop us
        fetchChunk(next);
        return;
    }
    cleanUp();
}

void DatabricksBatchRunner::cleanUp()
{
    if (!m_job.cleanUp) {
        finish(BatchRunner::Outcome::Completed);
        return;
    }
    setStage(Stage::CleaningUp);
    auto left = std::make_shared<int>(int(m_files.size()));
    const quint64 generation = m_generation;
    auto removeFolder = [this, generation] {
        Call c;
        c.method = "DELETE";
        c.url = filesApiUrl(m_job.host, m_folder, true);
        c.done = [this, generation](int status, const QByteArray &body, QNetworkReply *reply) {
            if (generation != m_generation)
                return;
            if (status < 200 || status > 299)
                emit notice(Tr::tr("The uploaded folder %1 could not be deleted: %2")
                                .arg(m_folder, httpError(status, body, reply)));
            finish(BatchRunner::Outcome::Completed);
        };
        send(std::move(c));
    };
    for (int i = 0; i < m_files.size(); ++i) {
        Call c;
        c.method = "DELETE";
        c.url = filesApiUrl(m_job.host, m_folder + u'/' + volumeFileName(i + 1, m_files[i]));
        c.done = [this, generation, left, removeFolder](int, const QByteArray &, QNetworkReply *) {
            if (generation != m_generation)
                return;
            if (--*left == 0)
                removeFolder();
        };
        send(std::move(c));
    }
}

void DatabricksBatchRunner::cancel()
{
    if (!m_running || m_canceling)
        return;
    m_canceling = true;
    if (m_stage == Stage::Submitting)
        return; // the statement's id comes with the answer: canceled then
    if (!m_statementId.isEmpty() && !isTerminal(m_state)) {
        // The cancel may not take effect: the statement is polled until it stops.
        m_pollTimer.stop();
        sendCancel();
        schedulePoll();
        return;
    }
    finish(BatchRunner::Outcome::Canceled);
}

void DatabricksBatchRunner::failCall(const QString &text, int status)
{
    // No answer at all (status <= 0) is a lost connection; an answer that is an error, the server's.
    failAll(text,
            status <= 0 ? BatchRow::ErrorKind::Connection : BatchRow::ErrorKind::Server,
            status <= 0 ? BatchRunner::Outcome::ConnectionLost : BatchRunner::Outcome::Completed);
}

void DatabricksBatchRunner::failAll(const QString &text,
                                    BatchRow::ErrorKind kind,
                                    BatchRunner::Outcome outcome)
{
    if (!m_running)
        return;
    m_error = text;
    for (int i = 0; i < m_files.size(); ++i) {
        if (m_haveRow[i])
            continue;
        BatchRow row;
        row.index = i + 1;
        row.paths = {m_files[i]};
        row.status = outcome == BatchRunner::Outcome::Completed ? BatchRow::Status::Failed
                                                                : BatchRow::Status::NotAsked;
        row.errorKind = kind;
        row.error = text;
        emitRow(row);
    }
    finish(outcome);
}

void DatabricksBatchRunner::finish(BatchRunner::Outcome outcome)
{
    if (!m_running)
        return;
    ++m_generation;
    m_pollTimer.stop();
    for (QNetworkReply *r : std::as_const(m_replies)) {
        r->disconnect(this);
        r->abort();
        r->deleteLater();
    }
    m_replies.clear();
    qDeleteAll(m_calls);
    m_calls.clear();
    for (int i = 0; i < m_files.size(); ++i) {
        if (m_haveRow[i])
            continue;
        BatchRow row;
        row.index = i + 1;
        row.paths = {m_files[i]};
        if (outcome == BatchRunner::Outcome::Canceled) {
            row.status = BatchRow::Status::NotAsked;
            row.errorKind = BatchRow::ErrorKind::Interrupted;
            row.error = Tr::tr("Not asked: the batch was canceled.");
        } else {
            row.status = BatchRow::Status::Failed;
            row.errorKind = BatchRow::ErrorKind::Server;
            row.error = Tr::tr("Databricks returned no row for this file.");
        }
        emitRow(row);
    }
    m_running = false;
    setStage(Stage::Finished);
    emit finished(outcome);
}

void DatabricksBatchRunner::emitRow(const BatchRow &row, bool save)
{
    const int i = row.index - 1;
    if (i < 0 || i >= m_haveRow.size() || m_haveRow[i])
        return;
    m_haveRow[i] = true;
    ++m_rowsEmitted;
    if (row.status == BatchRow::Status::Done)
        ++m_rowsDone;
    else
        ++m_rowsFailed;
    if (save && m_store && m_batchId > 0)
        m_store->saveItem(m_batchId, row, statFingerprint(row.paths));
    emit rowReady(row);
}

} // namespace squint
