#include "core/batch/batchstore.h"
#include "core/images/pdfpages.h"

#include "core/history/conversationstore.h"
#include "core/util/hash.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace squint {

namespace {
class Tr
{
    Q_DECLARE_TR_FUNCTIONS(squint::BatchStore)
};

QVariant nullable(qint64 v) { return v >= 0 ? QVariant(v) : QVariant(QMetaType(QMetaType::LongLong)); }
/// A text column that is NOT NULL: Qt binds a null QString as NULL.
QVariant text(const QString &s) { return s.isNull() ? QVariant(QStringLiteral("")) : QVariant(s); }
qint64 orMinus(const QVariant &v) { return v.isNull() ? -1 : v.toLongLong(); }
QDateTime fromMs(const QVariant &v)
{
    return v.isNull() ? QDateTime() : QDateTime::fromMSecsSinceEpoch(v.toLongLong(), Qt::UTC);
}

const QString BatchColumns = QStringLiteral(
    "id, created_at, updated_at, finished_at, batch_key, model, connection_name, prompt, columns, system, group_size, "
    "inputs, total");

BatchInfo batchFrom(const QSqlQuery &q)
{
    BatchInfo b;
    b.id = q.value(0).toLongLong();
    b.createdAt = fromMs(q.value(1));
    b.updatedAt = fromMs(q.value(2));
    b.finishedAt = fromMs(q.value(3));
    b.key = q.value(4).toString().toLatin1();
    b.model = q.value(5).toString();
    b.connectionName = q.value(6).toString();
    b.prompt = q.value(7).toString();
    b.columns = q.value(8).toString();
    b.system = q.value(9).toString();
    b.groupSize = q.value(10).toInt();
    for (const QJsonValue &v : QJsonDocument::fromJson(q.value(11).toString().toUtf8()).array())
        b.inputs << v.toString();
    b.total = q.value(12).toInt();
    return b;
}

} // namespace

FileFingerprint statFingerprint(const QStringList &paths)
{
    FileFingerprint f;
    qint64 size = 0;
    qint64 mtime = -1;
    for (const QString &p : paths) {
        const QFileInfo fi(fileOfInput(p)); // a PDF page: its PDF
        if (!fi.exists() || !fi.isFile())
            return f;
        size += fi.size();
        mtime = std::max(mtime, fi.lastModified().toMSecsSinceEpoch());
    }
    f.size = size;
    f.mtimeMs = mtime;
    return f;
}

QByteArray combineSha256(const QList<QByteArray> &hexHashes)
{
    if (hexHashes.size() == 1)
        return hexHashes.constFirst();
    QByteArray joined;
    for (const QByteArray &h : hexHashes)
        joined += h + '\n';
    return sha256Hex(joined);
}

QByteArray batchKey(const QString &model, const QString &prompt, const QString &columns, const QString &system,
                    int groupSize, const QStringList &inputs)
{
    const QJsonObject o{{QStringLiteral("model"), model},
                        {QStringLiteral("prompt"), prompt},
                        {QStringLiteral("columns"), columns},
                        {QStringLiteral("system"), system},
                        {QStringLiteral("group"), groupSize},
                        {QStringLiteral("inputs"), QJsonArray::fromStringList(inputs)}};
    return sha256Hex(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

QStringList BatchStore::schema()
{
    // Schema version 3 of the history file. Its tables and their meaning never change in place:
    // a later change is a new migration step in ConversationStore.
    return {
        // (IF NOT EXISTS: a file taken back to an older version by hand may still hold them.)
        QStringLiteral(
            "CREATE TABLE IF NOT EXISTS batches ("
            " id INTEGER PRIMARY KEY,"
            " created_at INTEGER NOT NULL,"
            " updated_at INTEGER NOT NULL,"
            " batch_key TEXT NOT NULL," // SHA-256 of model, prompt, columns, group size, inputs
            " model TEXT NOT NULL DEFAULT '',"
            " connection_name TEXT NOT NULL DEFAULT '',"
            " prompt TEXT NOT NULL DEFAULT '',"
            " columns TEXT NOT NULL DEFAULT '',"
            " system TEXT NOT NULL DEFAULT '',"
            " group_size INTEGER NOT NULL DEFAULT 1,"
            " inputs TEXT NOT NULL DEFAULT '[]'," // JSON array of the files and folders named
            " total INTEGER NOT NULL DEFAULT 0,"
            " finished_at INTEGER)"), // NULL: never ran to the end
        QStringLiteral("CREATE INDEX IF NOT EXISTS batches_by_key ON batches(batch_key, id DESC)"),
        QStringLiteral("CREATE TABLE IF NOT EXISTS batch_items ("
                       " batch_id INTEGER NOT NULL REFERENCES batches(id) ON DELETE CASCADE,"
                       " position INTEGER NOT NULL," // 1-based, input order
                       " path TEXT NOT NULL,"        // a group's paths joined by newlines
                       " size INTEGER,"              // bytes (a group: summed)
                       " mtime INTEGER,"             // ms since the epoch (a group: the latest)
                       " sha256 TEXT,"               // hex (a group: SHA-256 of the files' hashes)
                       " state TEXT NOT NULL,"       // done, failed, not_asked
                       " answer TEXT NOT NULL DEFAULT '',"
                       " columns_json TEXT,"
                       " parse_error TEXT NOT NULL DEFAULT '',"
                       " error TEXT NOT NULL DEFAULT '',"
                       " error_kind TEXT NOT NULL DEFAULT '',"
                       " http_status INTEGER,"
                       " prompt_tokens INTEGER, completion_tokens INTEGER,"
                       " ms INTEGER,"
                       " updated_at INTEGER NOT NULL,"
                       " PRIMARY KEY (batch_id, position))"),
    };
}

BatchStore::BatchStore(const ConversationStore &store)
    : m_connection(store.connectionName())
{
}

bool BatchStore::fail(const QString &what, const QString &detail) const
{
    m_lastError = Tr::tr("%1: %2").arg(what, detail);
    return false;
}

qint64 BatchStore::createBatch(const BatchInfo &info)
{
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    QSqlQuery q(db);
    q.prepare(QStringLiteral("INSERT INTO batches (created_at, updated_at, batch_key, model, connection_name, prompt, "
                             "columns, system, group_size, inputs, total) VALUES (?,?,?,?,?,?,?,?,?,?,?)"));
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    q.addBindValue(now);
    q.addBindValue(now);
    q.addBindValue(text(QString::fromLatin1(info.key)));
    q.addBindValue(text(info.model));
    q.addBindValue(text(info.connectionName));
    q.addBindValue(text(info.prompt));
    q.addBindValue(text(info.columns));
    q.addBindValue(text(info.system));
    q.addBindValue(info.groupSize);
    q.addBindValue(QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(info.inputs)).toJson(QJsonDocument::Compact)));
    q.addBindValue(info.total);
    if (!q.exec()) {
        fail(Tr::tr("The batch could not be saved"), q.lastError().text());
        return 0;
    }
    m_lastError.clear();
    return q.lastInsertId().toLongLong();
}

qint64 BatchStore::findLatest(const QByteArray &key) const
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(QStringLiteral("SELECT id FROM batches WHERE batch_key = ? ORDER BY id DESC LIMIT 1"));
    q.addBindValue(QString::fromLatin1(key));
    if (!q.exec()) {
        fail(Tr::tr("The saved batches could not be read"), q.lastError().text());
        return 0;
    }
    return q.next() ? q.value(0).toLongLong() : 0;
}

std::optional<BatchInfo> BatchStore::batch(qint64 id) const
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(QStringLiteral("SELECT %1 FROM batches WHERE id = ?").arg(BatchColumns));
    q.addBindValue(id);
    if (!q.exec()) {
        fail(Tr::tr("The saved batches could not be read"), q.lastError().text());
        return std::nullopt;
    }
    if (!q.next())
        return std::nullopt;
    return batchFrom(q);
}

QList<BatchInfo> BatchStore::listBatches(int limit) const
{
    QList<BatchInfo> out;
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(QStringLiteral("SELECT %1 FROM batches ORDER BY id DESC LIMIT ?").arg(BatchColumns));
    q.addBindValue(limit);
    if (!q.exec()) {
        fail(Tr::tr("The saved batches could not be read"), q.lastError().text());
        return out;
    }
    while (q.next())
        out << batchFrom(q);
    return out;
}

bool BatchStore::beginRun(qint64 id, int total)
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(QStringLiteral("UPDATE batches SET total = ?, updated_at = ?, finished_at = NULL WHERE id = ?"));
    q.addBindValue(total);
    q.addBindValue(QDateTime::currentMSecsSinceEpoch());
    q.addBindValue(id);
    if (!q.exec())
        return fail(Tr::tr("The batch could not be saved"), q.lastError().text());
    return true;
}

bool BatchStore::endRun(qint64 id, bool complete)
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(QStringLiteral("UPDATE batches SET updated_at = ?, finished_at = ? WHERE id = ?"));
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    q.addBindValue(now);
    q.addBindValue(complete ? QVariant(now) : QVariant(QMetaType(QMetaType::LongLong)));
    q.addBindValue(id);
    if (!q.exec())
        return fail(Tr::tr("The batch could not be saved"), q.lastError().text());
    return true;
}

bool BatchStore::saveItem(qint64 batchId, const BatchRow &row, const FileFingerprint &fp)
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(QStringLiteral("INSERT OR REPLACE INTO batch_items (batch_id, position, path, size, mtime, sha256, state, "
                             "answer, columns_json, parse_error, error, error_kind, http_status, prompt_tokens, "
                             "completion_tokens, ms, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"));
    q.addBindValue(batchId);
    q.addBindValue(row.index);
    q.addBindValue(text(row.paths.join(u'\n')));
    q.addBindValue(nullable(fp.size));
    q.addBindValue(nullable(fp.mtimeMs));
    q.addBindValue(fp.sha256.isEmpty() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(QString::fromLatin1(fp.sha256)));
    q.addBindValue(text(rowStatusName(row.status)));
    q.addBindValue(text(row.answer));
    q.addBindValue(row.columns.isEmpty() ? QVariant(QMetaType(QMetaType::QString))
                                         : QVariant(QString::fromUtf8(QJsonDocument(row.columns).toJson(QJsonDocument::Compact))));
    q.addBindValue(text(row.parseError));
    q.addBindValue(text(row.error));
    q.addBindValue(text(errorKindName(row.errorKind)));
    q.addBindValue(row.httpStatus > 0 ? QVariant(row.httpStatus) : QVariant(QMetaType(QMetaType::Int)));
    q.addBindValue(nullable(row.promptTokens));
    q.addBindValue(nullable(row.completionTokens));
    q.addBindValue(nullable(row.ms));
    q.addBindValue(QDateTime::currentMSecsSinceEpoch());
    if (!q.exec())
        return fail(Tr::tr("A result could not be saved"), q.lastError().text());
    return true;
}

QHash<int, StoredItem> BatchStore::items(qint64 batchId) const
{
    QHash<int, StoredItem> out;
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT position, path, size, mtime, sha256, state, answer, columns_json, parse_error, error, "
                             "error_kind, http_status, prompt_tokens, completion_tokens, ms FROM batch_items "
                             "WHERE batch_id = ? ORDER BY position"));
    q.addBindValue(batchId);
    if (!q.exec()) {
        fail(Tr::tr("The saved results could not be read"), q.lastError().text());
        return out;
    }
    while (q.next()) {
        StoredItem item;
        BatchRow &r = item.row;
        r.index = q.value(0).toInt();
        r.paths = q.value(1).toString().split(u'\n');
        item.fingerprint.size = orMinus(q.value(2));
        item.fingerprint.mtimeMs = orMinus(q.value(3));
        item.fingerprint.sha256 = q.value(4).toString().toLatin1();
        r.status = rowStatusFromName(q.value(5).toString());
        r.answer = q.value(6).toString();
        if (!q.value(7).isNull())
            r.columns = QJsonDocument::fromJson(q.value(7).toString().toUtf8()).object();
        r.parseError = q.value(8).toString();
        r.error = q.value(9).toString();
        r.errorKind = errorKindFromName(q.value(10).toString());
        r.httpStatus = q.value(11).toInt();
        r.promptTokens = orMinus(q.value(12));
        r.completionTokens = orMinus(q.value(13));
        r.ms = orMinus(q.value(14));
        out.insert(r.index, item);
    }
    return out;
}

QList<BatchRow> BatchStore::rows(qint64 batchId, int total) const
{
    const QHash<int, StoredItem> all = items(batchId);
    QList<int> positions = all.keys();
    std::sort(positions.begin(), positions.end());
    QList<BatchRow> out;
    for (int p : positions)
        if (total <= 0 || p <= total)
            out << all.value(p).row;
    return out;
}

int BatchStore::countItems(qint64 batchId, BatchRow::Status status) const
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(QStringLiteral("SELECT COUNT(*) FROM batch_items WHERE batch_id = ? AND state = ?"));
    q.addBindValue(batchId);
    q.addBindValue(rowStatusName(status));
    if (!q.exec() || !q.next())
        return -1;
    return q.value(0).toInt();
}

} // namespace squint
