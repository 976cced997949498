#pragma once

// Batch on a Databricks SQL warehouse, the pure part: the statement (ai_query over read_files on the
// batch's own volume folder), the names the images get on the volume, and the reading of the
// Statement Execution API's answers (status, manifest, result chunks). No I/O here. Wire facts:
// docs/protocol.md and the Databricks REST reference (Files API, SQL Statement Execution API).

#include "core/batch/batch.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <optional>

namespace squint {

// ---- literals and names --------------------------------------------------------------------------

/// Empty when `folder` is a Unity Catalog volume folder Squint can put a batch under:
/// /Volumes/CATALOG/SCHEMA/VOLUME[/more], without "." or ".." segments, empty segments, control
/// characters, quotes, backslashes or read_files' glob characters (* ? [ ] { }). Else the reason.
QString checkVolumeFolder(const QString &folder);
/// `folder` without trailing slashes (as checked by checkVolumeFolder()).
QString normalizeVolumeFolder(const QString &folder);
/// Empty when `name` is a Model Serving endpoint name (letters, digits, - and _, 1 to 63 characters),
/// the only thing ai_query's first argument can be here. Else the reason.
QString checkServingEndpointName(const QString &name);
/// `text` as a Databricks SQL string literal: in single quotes, with \ and ' escaped by a backslash
/// (Spark SQL reads '' as two literals, not as a quote) and control characters as \n, \r, \t or \uXXXX.
QString sqlStringLiteral(const QString &text);

/// The name a local file gets in the batch's volume folder: its 1-based position as six digits or
/// more, a dash, the file name's stem reduced to [A-Za-z0-9._-] (at most 60 characters, "image"
/// when nothing is left), and the lower-case suffix. read_files skips names that start with "_" or
/// ".", reads * ? [ ] { } as globs and returns the path percent-encoded: none of that can happen to
/// these names, and the position at the front maps a result row back to its file whatever the path
/// looks like.
QString volumeFileName(int index, const QString &localPath);
/// The position volumeFileName() put at the front of the last segment of `path` (as read_files
/// returns it: "dbfs:/Volumes/.../000012-cat.jpg", possibly percent-encoded). 0 when there is none.
int indexFromVolumePath(const QString &path);
/// The folder of one batch under `volumeFolder`: "squint-" and 16 hex digits of the SHA-256 of the
/// files (absolute paths and sizes, in order), so that the same files go to the same folder and a
/// resumed upload finds what is already there.
QString batchVolumeFolder(const QString &volumeFolder,
                          const QStringList &files,
                          const QList<qint64> &sizes);
/// The workspace of a Databricks chat URL (HOST/serving-endpoints/chat/completions): HOST. Empty
/// when the URL is not a Databricks workspace's.
QUrl workspaceHost(const QUrl &chatUrl);
/// /api/2.0/fs/files{path} or /api/2.0/fs/directories{path}, percent-encoded with '/' kept, on `host`.
QUrl filesApiUrl(const QUrl &host, const QString &volumePath, bool directory = false);

// ---- the statement --------------------------------------------------------------------------------

/// What the statement asks.
struct AiQuerySpec
{
    QString endpoint;       ///< the serving endpoint (checked with checkServingEndpointName())
    QString folder;         ///< the batch's volume folder (checked with checkVolumeFolder())
    QString promptTemplate; ///< may not name {filename}, {path} or {index}: one prompt serves every file
    ColumnSpec columns;
    int maxTokens = 0;       ///< 0: the endpoint's default
    double temperature = -1; ///< < 0: the endpoint's default
    /// Positions (volumeFileName()'s index) answered before: the statement skips them before
    /// ai_query runs (bound as :done, a JSON array). Empty: every file is asked.
    QList<int> skip;
};

/// The JSON array bound to :done.
QString skipParameter(const QList<int> &skip);

/// Empty when the template can go to ai_query as one parameter: it names none of {filename}, {path},
/// {index} (each row would need its own text). Else the reason.
QString checkDatabricksTemplate(const QString &promptTemplate);
/// The text bound to :prompt: the template (its {{ }} made single braces) and the column instruction,
/// exactly as the local batch words it for a file (batchPromptText()).
QString databricksPromptText(const AiQuerySpec &spec);
/// The responseFormat argument when there are columns: a JSON schema response format
/// ({"type":"json_schema","json_schema":{"name":"squint_columns","schema":{...}}}); empty without.
QString responseFormatJson(const ColumnSpec &columns);
/// The SQL statement. The prompt is the parameter :prompt; the endpoint, the folder and the response
/// format are literals (ai_query's endpoint and read_files' path must be constants). Empty with
/// *error when the endpoint, folder or template is refused.
QString buildAiQueryStatement(const AiQuerySpec &spec, QString *error = nullptr);
/// The request body of POST /api/2.0/sql/statements: statement, warehouse_id, the prompt parameter,
/// wait_timeout "0s" (answers at once, the run is polled), on_wait_timeout CONTINUE, format
/// JSON_ARRAY and the disposition (INLINE or EXTERNAL_LINKS).
QJsonObject statementRequest(const QString &statement,
                             const QString &warehouseId,
                             const QString &prompt,
                             bool externalLinks,
                             const QList<int> &skip = {});
/// Whether the result of `files` rows, each answer up to `maxTokens` tokens (0: the endpoint's
/// default, taken as 4,096), should come through external links. An INLINE result over 25 MiB fails
/// the whole statement after every model call has run, so links are chosen as soon as the rows could
/// pass 16 MiB (about 4 bytes a token and 1 KiB a row besides), and always from 2,000 files.
bool resultNeedsExternalLinks(qsizetype files, int maxTokens);
/// The whole statement with :prompt replaced by its literal, for pasting into a notebook (Show SQL,
/// --print-sql), then a comment saying what :prompt is bound to.
QString printableStatement(const AiQuerySpec &spec, QString *error = nullptr);

// ---- reading the answers ---------------------------------------------------------------------------

enum class StatementState { Unknown, Pending, Running, Succeeded, Failed, Canceled, Closed };
StatementState statementStateFromName(const QString &name);
QString statementStateName(StatementState state); ///< "PENDING", ...
bool isTerminal(StatementState state);

/// One external link of a chunk.
struct ExternalLink
{
    QUrl url;
    QList<std::pair<QByteArray, QByteArray>>
        headers;        ///< http_headers, to send as they are (never Authorization)
    QString expiration; ///< as given (ISO 8601)
};

/// One chunk of a result: rows of strings (null as a null QString) or links to them.
struct ResultChunk
{
    int chunkIndex = 0;
    qint64 rowOffset = 0;
    int nextChunkIndex = -1; ///< -1: none
    QList<QStringList> rows; ///< INLINE JSON_ARRAY data_array
    QList<bool> nulls;       ///< per cell, row by row: the value was JSON null
    QList<ExternalLink> links;
};

/// What a statement answer (POST, GET statement) says.
struct StatementStatus
{
    QString statementId;
    StatementState state = StatementState::Unknown;
    QString errorCode; ///< status.error.error_code
    QString message;   ///< status.error.message
    QString sqlState;  ///< status.sql_state
    // manifest (SUCCEEDED)
    QStringList columnNames;
    QStringList columnTypes; ///< type_text
    int totalChunkCount = 0;
    qint64 totalRowCount = 0;
    bool truncated = false;
    std::optional<ResultChunk> firstChunk; ///< "result" when the answer carries it
};

/// Reads a statement answer. nullopt with *error when it is not JSON or has no known state.
std::optional<StatementStatus> parseStatementStatus(const QByteArray &body,
                                                    QString *error = nullptr);
/// Reads GET .../result/chunks/{n}. nullopt with *error when it is not a chunk.
std::optional<ResultChunk> parseResultChunk(const QByteArray &body, QString *error = nullptr);
/// Reads the body of an external link in JSON_ARRAY format: an array of rows of strings or nulls.
std::optional<ResultChunk> parseJsonArrayRows(const QByteArray &body, QString *error = nullptr);

/// A FAILED statement (or an API error) in Databricks' own words: "Databricks: MESSAGE (error_code
/// CODE, SQLSTATE S)" with the parts that are known, clipped, secrets removed. Adds what to do for
/// the causes Squint knows: a Classic warehouse, a missing CAN QUERY, a volume without write access,
/// an INLINE result over its 25 MiB.
QString databricksErrorText(const QString &errorCode,
                            const QString &message,
                            const QString &sqlState,
                            QByteArrayView secret = {});
/// The words of a Databricks REST error body ({error_code, message}) and its status.
QString databricksHttpErrorText(int status, const QByteArray &body, QByteArrayView secret = {});

/// One SQL warehouse of GET /api/2.0/sql/warehouses.
struct WarehouseInfo
{
    QString id;
    QString name;
    QString state; ///< STARTING, RUNNING, STOPPING, STOPPED, DELETING, DELETED
    QString type;  ///< PRO, CLASSIC (empty when not said)
    bool serverless = false;
    QString size; ///< cluster_size
};
/// The warehouses of a list answer (and its next_page_token in *nextPageToken). nullopt with *error
/// when the body is not such a list.
std::optional<QList<WarehouseInfo>> parseWarehouses(const QByteArray &body,
                                                    QString *nextPageToken = nullptr,
                                                    QString *error = nullptr);
/// One warehouse of GET /api/2.0/sql/warehouses/{id}.
std::optional<WarehouseInfo> parseWarehouse(const QByteArray &body, QString *error = nullptr);
/// The warehouse `idOrName` names: an id first, then an exact name, then a name ignoring case.
std::optional<WarehouseInfo> findWarehouse(const QList<WarehouseInfo> &list,
                                           const QString &idOrName);

/// The result columns the statement selects: path, answer, error.
struct ResultColumns
{
    int path = -1, answer = -1, error = -1;
    bool ok() const { return path >= 0 && answer >= 0 && error >= 0; }
};
/// Finds them in a manifest's column names; not ok() when one is missing.
ResultColumns resultColumns(const QStringList &names);

/// One result row as the local batch's row for file `localPath` at position `index`: an error from
/// ai_query makes it Failed (kind Server, Databricks' words), else its answer is read into `spec`'s
/// columns like a local answer.
BatchRow rowFromResult(int index,
                       const QString &localPath,
                       const QString &answer,
                       bool answerNull,
                       const QString &error,
                       bool errorNull,
                       const ColumnSpec &spec);

} // namespace squint
