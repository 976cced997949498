// FakeDatabricksSql: a loopback Databricks workspace for batches on a SQL warehouse, on a
// FakeHttpServer: the Files API (/api/2.0/fs/files, /api/2.0/fs/directories), the warehouses API
// (/api/2.0/sql/warehouses) and the Statement Execution API (/api/2.0/sql/statements), with facts
// from the Databricks REST reference (see docs/protocol.md and the shared reference).
//
// It really runs the statement's ai_query: it reads the endpoint, the volume folder, failOnError,
// modelParameters and responseFormat from the SQL (refusing a statement without failOnError => false,
// files => content or a bound :prompt), and for every file of the folder (sorted, names starting with
// "_" or "." skipped as Spark does) it sends the prompt and the file's bytes as a data URL to the fake
// chat endpoint (a Databricks FakeChatEndpoint) as a real chat request. The rows are its answers:
// path ("dbfs:" + the percent-encoded path, as read_files gives it), result, errorMessage.
//
// States: PENDING while the warehouse is not RUNNING (a warehouse started with .../start is STARTING
// for startPolls GETs of the warehouse or of a statement), RUNNING while the chat calls are out (and at
// least runningPolls polls), then SUCCEEDED, FAILED (failNextStatement(), a bad statement, a missing
// folder) or CANCELED (.../cancel). Results come in chunks of rowsPerChunk rows: INLINE (data_array,
// next_chunk_index) or EXTERNAL_LINKS (links to /external/... on the same server, which must be
// fetched WITHOUT an Authorization header and with the given http_headers; expireNextLinks() makes
// the next links answer 403 like an expired presigned URL). Faults: 429 on uploads with Retry-After.
// Every /api/ call must carry "Authorization: Bearer <token>" when a token is set (401 otherwise).
// Protocol problems are kept in problems().
#pragma once

#include "fakeendpoint.h"
#include "fakehttpserver.h"

#include <QByteArray>
#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <memory>
#include <utility>

class QNetworkAccessManager;

namespace squint::test {

class FakeDatabricksSql final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FakeDatabricksSql)

public:
    /// `chat` answers ai_query's calls (a Backend::Databricks endpoint); it must outlive this object.
    explicit FakeDatabricksSql(FakeChatEndpoint *chat, QObject *parent = nullptr);
    ~FakeDatabricksSql() override;

    FakeHttpServer &server() { return *m_server; }
    /// http://127.0.0.1:PORT: the workspace host.
    QUrl host() const;

    /// Every /api/ call must carry it (empty: no check). ai_query calls the chat endpoint with
    /// `chatToken` (the endpoint's own token).
    void setToken(const QByteArray &token) { m_token = token; }
    void setChatToken(const QByteArray &token) { m_chatToken = token; }

    /// A warehouse of the list. `startPolls`: GETs it stays STARTING after .../start.
    void addWarehouse(const QString &id,
                      const QString &name,
                      const QString &state = QStringLiteral("RUNNING"),
                      const QString &type = QStringLiteral("PRO"),
                      int startPolls = 2);
    QString warehouseState(const QString &id) const;
    int warehouseStarts() const { return m_starts; }

    void setRowsPerChunk(int rows) { m_rowsPerChunk = std::max(1, rows); }
    /// Polls a statement stays RUNNING at least (default 1).
    void setRunningPolls(int polls) { m_runningPolls = polls; }
    /// Chat calls ai_query has in flight at once (default 8).
    void setChatConcurrency(int n) { m_chatConcurrency = std::max(1, n); }
    /// The next statement fails with these words (HTTP 200, state FAILED).
    void failNextStatement(const QString &errorCode,
                           const QString &sqlState,
                           const QString &message);
    /// The next `count` file uploads (PUT) get 429 with Retry-After: `retryAfterS`.
    void rateLimitUploads(int count, int retryAfterS = 0);
    /// The next `count` external link fetches get 403 (expired).
    void expireNextLinks(int count) { m_expireLinks = count; }
    /// Every API answer waits this long (the latency of a real workspace).
    void setLatencyMs(int ms) { m_latencyMs = ms; }
    /// Keep requests (default true); off for long runs.
    void setRecordRequests(bool record);
    /// Keep uploaded files in this folder instead of memory (long runs: memory stays flat).
    void setSpoolDir(const QString &dir) { m_spool = dir; }

    /// The volume's files by path.
    QMap<QString, QByteArray> files() const { return m_files; }
    void removeFile(const QString &path) { m_files.remove(path); }
    bool hasDirectory(const QString &path) const { return m_dirs.contains(path); }
    /// Successful file uploads (PUT with a body), by path, in order.
    QStringList uploads() const { return m_uploads; }
    int headCalls() const { return m_heads; }
    int rateLimited() const { return m_rateLimited; }
    /// Bodies of POST /api/2.0/sql/statements.
    QList<QJsonObject> statements() const { return m_statementBodies; }
    int statementPolls() const { return m_polls; }
    int cancels() const { return m_cancels; }
    int chunkCalls() const { return m_chunkCalls; }
    int linkFetches() const { return m_linkFetches; }
    int chatCalls() const { return m_chatCalls; }
    /// What a client did wrong (missing token, a token sent to a link, a bad statement request).
    QStringList problems() const { return m_problems; }
    /// problems(), then forgets them (a test that provokes some on purpose).
    QStringList takeProblems() { return std::exchange(m_problems, {}); }

private:
    struct Statement;
    Response answer(const RecordedRequest &r);
    Response files(const RecordedRequest &r, const QString &path);
    Response directories(const RecordedRequest &r, const QString &path);
    Response warehouses(const RecordedRequest &r, const QString &rest);
    Response statements(const RecordedRequest &r, const QString &rest);
    Response submit(const RecordedRequest &r);
    Response statementAnswer(Statement &s, bool withResult);
    QJsonObject chunkJson(const Statement &s, int index) const;
    Response external(const RecordedRequest &r);
    void advance(Statement &s);
    void startAiQuery(Statement &s);
    void pumpChat(const QString &id);
    void tickWarehouses();
    QByteArray bytesOf(const QString &path) const;
    qint64 sizeOf(const QString &path) const;
    QString spoolPath(const QString &path) const;
    Response apiError(int status, const QString &code, const QString &message) const;
    Response timed(Response r) const;

    FakeChatEndpoint *m_chat;
    FakeHttpServer *m_server;
    QNetworkAccessManager *m_nam;
    QByteArray m_token;
    QByteArray m_chatToken;
    struct Warehouse
    {
        QString id, name, state, type;
        int startPolls = 2;
        int startingLeft = 0;
    };
    QList<Warehouse> m_warehouses;
    QMap<QString, QByteArray> m_files;
    QHash<QString, QDateTime> m_written; ///< when each file was last PUT (HEAD's last-modified)
    QSet<QString> m_dirs;
    QStringList m_uploads;
    QHash<QString, std::shared_ptr<Statement>> m_statements;
    QList<QJsonObject> m_statementBodies;
    QStringList m_problems;
    int m_rowsPerChunk = 100;
    int m_runningPolls = 1;
    int m_chatConcurrency = 8;
    int m_rateLimitUploads = 0;
    int m_retryAfterS = 0;
    int m_expireLinks = 0;
    int m_latencyMs = 0;
    QString m_failCode, m_failState, m_failMessage;
    int m_starts = 0, m_heads = 0, m_rateLimited = 0, m_polls = 0, m_cancels = 0, m_chunkCalls = 0;
    int m_linkFetches = 0, m_chatCalls = 0, m_serial = 0;
    bool m_record = true;
    QString m_spool;
    QHash<QString, qint64> m_spoolSizes;
};

} // namespace squint::test
