#pragma once

// Batches in the history file: each batch (model, prompt template, columns, the inputs named) and
// the result of each of its requests, written as they arrive so that a batch stopped for any reason
// can continue where it stopped. Same SQLite file and connection as ConversationStore (schema 3).

#include "core/batch/batch.h"

#include <QByteArray>
#include <QDateTime>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace squint {

class ConversationStore;

/// What identifies the files of one request on disk: sizes summed, the latest modification time, and
/// the SHA-256 (hex) of the bytes (a group: of the files' hashes joined by newlines).
struct FileFingerprint
{
    qint64 size = -1;
    qint64 mtimeMs = -1;
    QByteArray sha256; ///< empty when not computed

    /// Same size and modification time (the cheap check).
    bool sameStat(const FileFingerprint &o) const { return size == o.size && mtimeMs == o.mtimeMs && size >= 0; }
};

/// Sizes and modification times of `paths`, read from the file system (no file is read). Size -1 when
/// a file is missing.
FileFingerprint statFingerprint(const QStringList &paths);
/// The SHA-256 of a group from its files' hashes (hex); a single file's hash is returned as it is.
QByteArray combineSha256(const QList<QByteArray> &hexHashes);

/// One batch as saved.
struct BatchInfo
{
    qint64 id = 0;
    QDateTime createdAt;
    QDateTime updatedAt;
    QDateTime finishedAt;   ///< invalid: never ran to the end
    QByteArray key;         ///< batchKey()
    QString model;
    QString connectionName;
    QString prompt;         ///< the template
    QString columns;        ///< ColumnSpec::source
    QString system;
    int groupSize = 1;
    QStringList inputs;     ///< the files and folders named, absolute
    int total = 0;          ///< requests in the last run
};

/// The key under which `squint batch --resume` finds an earlier run: the SHA-256 (hex) of the model,
/// prompt template, column spec, system prompt, group size and the inputs as named (absolute).
QByteArray batchKey(const QString &model, const QString &prompt, const QString &columns, const QString &system,
                    int groupSize, const QStringList &inputs);

/// A saved result with the fingerprint of its files when it was asked.
struct StoredItem
{
    BatchRow row;
    FileFingerprint fingerprint;
};

/// Works on an open ConversationStore's connection, on the thread that opened it. Holds no token.
class BatchStore final
{
public:
    /// The statements that make the batch tables of the history file: ConversationStore runs them as
    /// its migration to schema version 3 (conversations and batches share one file and connection).
    static QStringList schema();

    /// `store` must be open and outlive this object.
    explicit BatchStore(const ConversationStore &store);

    /// Saves a new batch; returns its id (0 on failure).
    qint64 createBatch(const BatchInfo &info);
    /// The newest batch saved under `key`, 0 when none.
    qint64 findLatest(const QByteArray &key) const;
    std::optional<BatchInfo> batch(qint64 id) const;
    /// Newest first. `limit` < 0: all.
    QList<BatchInfo> listBatches(int limit = -1) const;
    /// A new run of the batch starts: its request count, and not finished (yet).
    bool beginRun(qint64 id, int total);
    /// The run ended with every request answered (finished_at set) or not.
    bool endRun(qint64 id, bool complete);

    /// Writes (inserts or replaces) the result at row.index.
    bool saveItem(qint64 batchId, const BatchRow &row, const FileFingerprint &fingerprint);
    /// Every saved result by position.
    QHash<int, StoredItem> items(qint64 batchId) const;
    /// The saved results in order, limited to positions 1..total when total > 0.
    QList<BatchRow> rows(qint64 batchId, int total = 0) const;
    /// Results saved with the given state.
    int countItems(qint64 batchId, BatchRow::Status status) const;

    QString lastError() const { return m_lastError; }

private:
    bool fail(const QString &what, const QString &detail) const;
    QString m_connection;
    mutable QString m_lastError;
};

} // namespace squint
