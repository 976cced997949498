#include "core/history/conversationstore.h"

#include "core/batch/batchstore.h"
#include "core/util/hash.h"
#include "core/util/privatefiles.h"

#include <QBuffer>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QImageReader>
#include <QMimeDatabase>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QVariant>

#include <algorithm>
#include <atomic>

namespace squint {

// Translation context for this file's messages (lupdate reads it from here).
namespace {
class Tr
{
    Q_DECLARE_TR_FUNCTIONS(squint::Store)
};
} // namespace

namespace {

// SQLite primary result codes seen through QSqlError::nativeErrorCode().
constexpr int SqliteBusy = 5;
constexpr int SqliteLocked = 6;
constexpr int SqliteCorrupt = 11;
constexpr int SqliteNotADb = 26;

int sqliteCode(const QSqlError &e)
{
    bool ok = false;
    const int code = e.nativeErrorCode().toInt(&ok);
    return ok ? (code & 0xff) : -1; // extended codes (SQLITE_BUSY_SNAPSHOT...) carry the primary one below
}

/// SQLITE_BUSY or SQLITE_LOCKED (and their extended codes): another connection holds a lock.
bool isBusyError(const QSqlError &e)
{
    const int code = sqliteCode(e);
    return code == SqliteBusy || code == SqliteLocked;
}

/// The schema, one list of statements per version: migrations()[i] takes version i to i + 1.
const QList<QStringList> &migrations()
{
    static const QList<QStringList> steps = {
        {
            // ---- version 1 ----
            QStringLiteral("CREATE TABLE conversations ("
                           " id INTEGER PRIMARY KEY,"
                           " title TEXT NOT NULL DEFAULT '',"
                           " created_at INTEGER NOT NULL,"
                           " updated_at INTEGER NOT NULL,"
                           " system TEXT NOT NULL DEFAULT '',"
                           " temperature REAL,"   // NULL: the server's default
                           " max_tokens INTEGER," // NULL: the server's default
                           " stream INTEGER NOT NULL DEFAULT 1)"),
            QStringLiteral("CREATE INDEX conversations_by_activity ON conversations(updated_at "
                           "DESC, id DESC)"),
            QStringLiteral(
                "CREATE TABLE turns ("
                " id INTEGER PRIMARY KEY,"
                " conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,"
                " position INTEGER NOT NULL,"
                " prompt TEXT NOT NULL DEFAULT '',"
                " asked_at INTEGER,"
                " state TEXT NOT NULL,"
                " answer TEXT NOT NULL DEFAULT '',"
                " reasoning TEXT NOT NULL DEFAULT '',"
                " model TEXT NOT NULL DEFAULT '',"
                " connection_name TEXT NOT NULL DEFAULT '',"
                " finish_reason TEXT NOT NULL DEFAULT '',"
                " prompt_tokens INTEGER, completion_tokens INTEGER, total_tokens INTEGER,"
                " reasoning_tokens INTEGER,"
                " first_token_ms INTEGER, total_ms INTEGER,"
                " error_kind TEXT, error_status INTEGER, error_code TEXT, error_param TEXT,"
                " error_server_message TEXT, error_message TEXT, error_hint TEXT,"
                " images_in_context INTEGER NOT NULL DEFAULT 1,"
                " UNIQUE (conversation_id, position))"),
            QStringLiteral("CREATE TABLE images ("
                           " sha256 TEXT PRIMARY KEY,"
                           " mime TEXT NOT NULL DEFAULT '',"
                           " bytes BLOB NOT NULL,"
                           " width INTEGER, height INTEGER,"
                           " byte_count INTEGER NOT NULL)"),
            QStringLiteral(
                "CREATE TABLE turn_images ("
                " turn_id INTEGER NOT NULL REFERENCES turns(id) ON DELETE CASCADE,"
                " position INTEGER NOT NULL,"
                " name TEXT NOT NULL DEFAULT '',"
                " sha256 TEXT NOT NULL DEFAULT ''," // TurnImage::sha256, the original's identity
                " original_path TEXT NOT NULL DEFAULT '',"
                " original_sha256 TEXT REFERENCES images(sha256)," // NULL: original not stored
                " sent_sha256 TEXT REFERENCES images(sha256),"     // NULL: bytes were unreadable
                " sent_mime TEXT NOT NULL DEFAULT '',"
                " sent_bytes INTEGER NOT NULL DEFAULT 0,"
                " sent_width INTEGER, sent_height INTEGER,"
                " tokens INTEGER NOT NULL DEFAULT 0,"
                " PRIMARY KEY (turn_id, position))"),
            QStringLiteral("CREATE INDEX turn_images_original ON turn_images(original_sha256)"),
            QStringLiteral("CREATE INDEX turn_images_sent ON turn_images(sent_sha256)"),
            QStringLiteral(
                "CREATE VIRTUAL TABLE turns_fts USING fts5(prompt, answer,"
                " content='turns', content_rowid='id', tokenize='unicode61 remove_diacritics 2')"),
            QStringLiteral("CREATE TRIGGER turns_fts_insert AFTER INSERT ON turns BEGIN"
                           " INSERT INTO turns_fts(rowid, prompt, answer) VALUES (new.id, "
                           "new.prompt, new.answer);"
                           " END"),
            QStringLiteral("CREATE TRIGGER turns_fts_delete AFTER DELETE ON turns BEGIN"
                           " INSERT INTO turns_fts(turns_fts, rowid, prompt, answer)"
                           " VALUES ('delete', old.id, old.prompt, old.answer);"
                           " END"),
            QStringLiteral(
                "CREATE TRIGGER turns_fts_update AFTER UPDATE OF prompt, answer ON turns BEGIN"
                " INSERT INTO turns_fts(turns_fts, rowid, prompt, answer)"
                " VALUES ('delete', old.id, old.prompt, old.answer);"
                " INSERT INTO turns_fts(rowid, prompt, answer) VALUES (new.id, new.prompt, "
                "new.answer);"
                " END"),
        },
        {
            // ---- version 2: deleting a conversation first moves it to the trash, so it can be undone ----
            QStringLiteral(
                "ALTER TABLE conversations ADD COLUMN deleted_at INTEGER"), // NULL: not deleted
        },
        // ---- version 3: batches (BatchStore::schema(), next to the code that uses the tables) ----
        BatchStore::schema(),
        {
            // ---- version 4: turns whose images went labelled "Image 1:"... (Ask About These) ----
            QStringLiteral("ALTER TABLE turns ADD COLUMN label_images INTEGER NOT NULL DEFAULT 0"),
        },
        {
            // ---- version 5: the editor's edit list that made an image's sent bytes (JSON, editlist.h) ----
            QStringLiteral("ALTER TABLE turn_images ADD COLUMN edits TEXT NOT NULL DEFAULT ''"),
        },
    };
    return steps;
}

/// A write transaction, rolled back unless committed.
class Transaction
{
public:
    explicit Transaction(const QSqlDatabase &db)
        : m_db(db)
    {
        QSqlQuery q(m_db);
        m_active = q.exec(QStringLiteral("BEGIN IMMEDIATE"));
        if (!m_active)
            m_error = q.lastError();
    }
    ~Transaction()
    {
        if (m_active) {
            QSqlQuery q(m_db);
            q.exec(QStringLiteral("ROLLBACK"));
        }
    }
    Q_DISABLE_COPY_MOVE(Transaction)
    bool isActive() const { return m_active; }
    QSqlError error() const { return m_error; }
    /// What failed: the transaction (BEGIN or COMMIT) if it did, else `q`.
    QSqlError errorOr(const QSqlQuery &q) const { return m_error.isValid() ? m_error : q.lastError(); }
    bool commit()
    {
        QSqlQuery q(m_db);
        if (!q.exec(QStringLiteral("COMMIT"))) {
            m_error = q.lastError();
            return false;
        }
        m_active = false;
        return true;
    }

private:
    QSqlDatabase m_db;
    QSqlError m_error;
    bool m_active = false;
};

/// Never NULL for the NOT NULL text columns (Qt binds a null QString as NULL).
QString text(const QString &s)
{
    return s.isNull() ? QStringLiteral("") : s;
}

QVariant nullInt()
{
    return QVariant(QMetaType::fromType<qint64>());
}

QVariant orNull(qint64 v, bool known)
{
    return known ? QVariant(v) : nullInt();
}

QVariant textOrNull(const QString &s)
{
    return s.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(s);
}

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

QDateTime fromMs(const QVariant &v)
{
    return v.isNull() ? QDateTime() : QDateTime::fromMSecsSinceEpoch(v.toLongLong());
}

QByteArray readFile(const QString &path)
{
    if (path.isEmpty())
        return {};
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readAll();
}

/// A database file with its -wal and -shm made 0600 (left readable by others by an older version).
void tightenDatabaseFiles(const QString &path)
{
    for (const QLatin1StringView suffix : {QLatin1StringView(""), QLatin1StringView("-wal"), QLatin1StringView("-shm")})
        tightenPrivateFile(path + suffix);
}

QString imagesSignature(const QList<TurnImage> &images)
{
    QString s;
    for (const TurnImage &img : images) {
        s += img.name + QChar(0x1f) + QString::fromLatin1(img.sha256.toLower()) + QChar(0x1f)
             + QString::number(img.sentBytes) + QChar(0x1f) + QString::number(img.tokens)
             + QChar(0x1f) + img.edits + QChar(0x1e);
    }
    return s;
}

} // namespace

ConversationStore::ConversationStore() = default;

ConversationStore::~ConversationStore()
{
    close();
}

QString ConversationStore::defaultPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation) + QStringLiteral("/squint.sqlite");
}

void ConversationStore::setBusyTimeout(int ms)
{
    m_busyTimeoutMs = qMax(0, ms);
}

bool ConversationStore::isOpen() const
{
    return !m_connection.isEmpty() && QSqlDatabase::database(m_connection, false).isOpen();
}

void ConversationStore::fail(const QString &message, const QSqlError &cause) const
{
    // A lock another program holds is not damage: said as such, so callers wait and try again.
    m_busy = isBusyError(cause);
    m_lastError = m_busy ? busyMessage() : message;
}

QString ConversationStore::busyMessage() const
{
    return Tr::tr("The history %1 is in use by another program (perhaps another Squint) and stayed locked; "
                  "nothing in it was changed.")
        .arg(QDir::toNativeSeparators(m_path));
}

bool ConversationStore::ready() const
{
    m_busy = false; // a new call: isBusy() speaks of its failure only
    if (isOpen())
        return true;
    fail(Tr::tr("The history is not open."));
    return false;
}

void ConversationStore::closeConnection()
{
    if (m_connection.isEmpty())
        return;
    {
        QSqlDatabase db = QSqlDatabase::database(m_connection, false);
        if (db.isOpen())
            db.close();
    }
    QSqlDatabase::removeDatabase(m_connection);
    m_connection.clear();
}

void ConversationStore::close()
{
    closeConnection();
}

bool ConversationStore::open(const QString &path)
{
    close();
    m_lastError.clear();
    m_busy = false;
    m_notice.clear();
    m_setAsidePath.clear();
    m_path = QFileInfo(path.isEmpty() ? defaultPath() : path).absoluteFilePath();

    const QFileInfo fi(m_path);
    // Squint's own data folder is tightened to 0700 (an older version made it 0755); a folder the
    // user named is only made so when it is new.
    const bool ownFolder = m_path == QFileInfo(defaultPath()).absoluteFilePath();
    if (!ensurePrivateDir(fi.absolutePath(), ownFolder)) {
        fail(Tr::tr("Could not create the folder %1 for the history.").arg(QDir::toNativeSeparators(fi.absolutePath())));
        return false;
    }

    QString corruptReason;
    if (fi.exists() && fi.size() > 0) {
        QFile f(m_path);
        if (f.open(QIODevice::ReadOnly)) {
            static const QByteArray magic("SQLite format 3\0", 16);
            if (f.read(16) != magic)
                corruptReason = Tr::tr("it is not a database");
        }
    }
    if (corruptReason.isEmpty()) {
        if (openFile(&corruptReason))
            return true;
        closeConnection();
        if (corruptReason.isEmpty())
            return false;
    }
    if (!setAside(corruptReason))
        return false;
    QString again;
    if (openFile(&again))
        return true;
    closeConnection();
    if (!again.isEmpty())
        fail(Tr::tr("Could not start a new history in %1: %2.").arg(QDir::toNativeSeparators(m_path), again));
    return false;
}

bool ConversationStore::openFile(QString *corruptReason)
{
    // SQLite gives the -wal and -shm the main file's mode: the file is made 0600 before SQLite
    // creates it, and tightened when an older version left it readable by others.
    if (!QFileInfo::exists(m_path)) {
        QFile file(m_path);
        if (!openPrivateFile(file, QIODevice::WriteOnly | QIODevice::NewOnly) && !QFileInfo::exists(m_path)) {
            fail(Tr::tr("Could not create the history %1: %2").arg(QDir::toNativeSeparators(m_path), file.errorString()));
            return false;
        }
    }
    tightenDatabaseFiles(m_path);

    static std::atomic<quint64> counter{0};
    m_connection = QStringLiteral("squint-store-%1").arg(++counter);
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connection);
    db.setDatabaseName(m_path);
    db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(m_busyTimeoutMs));
    const QString nativePath = QDir::toNativeSeparators(m_path);
    if (!db.open()) {
        fail(Tr::tr("Could not open the history %1: %2").arg(nativePath, db.lastError().text()));
        return false;
    }

    // Nothing is written before the version is known: a newer file stays as it is.
    QSqlQuery q(db);
    auto classify = [&](const QSqlError &e) {
        // Only a file SQLite calls damaged is set aside; a locked one is in use (fail() says busy).
        const int code = sqliteCode(e);
        if (code == SqliteCorrupt || code == SqliteNotADb)
            *corruptReason = Tr::tr("it is damaged: %1").arg(e.databaseText());
        else
            fail(Tr::tr("Could not read the history %1: %2").arg(nativePath, e.text()), e);
    };
    if (!q.exec(QStringLiteral("PRAGMA user_version")) || !q.next()) {
        classify(q.lastError());
        return false;
    }
    const int version = q.value(0).toInt();
    q.finish();
    if (version > SchemaVersion) {
        fail(Tr::tr("The history %1 was written by a newer version of Squint (schema %2, this one knows up to %3). "
                    "It was left as it is; update Squint to open it.")
                 .arg(nativePath)
                 .arg(version)
                 .arg(SchemaVersion));
        return false;
    }
    if (!q.exec(QStringLiteral("PRAGMA quick_check(1)")) || !q.next()) {
        classify(q.lastError());
        return false;
    }
    const QString check = q.value(0).toString();
    q.finish();
    if (check != QLatin1StringView("ok")) {
        *corruptReason = Tr::tr("it is damaged: %1").arg(check);
        return false;
    }

    const QString pragmas[] = {
        QStringLiteral("PRAGMA journal_mode=WAL"),
        QStringLiteral("PRAGMA synchronous=NORMAL"),
        QStringLiteral("PRAGMA foreign_keys=ON"),
        QStringLiteral("PRAGMA busy_timeout=%1").arg(m_busyTimeoutMs),
    };
    for (const QString &p : pragmas) {
        if (!q.exec(p)) {
            classify(q.lastError());
            return false;
        }
        q.finish();
    }
    return migrate();
}

bool ConversationStore::migrate()
{
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    const QList<QStringList> &steps = migrations();
    Q_ASSERT(steps.size() == SchemaVersion);
    for (;;) {
        Transaction t(db);
        if (!t.isActive()) {
            fail(Tr::tr("Could not update the history %1: %2").arg(QDir::toNativeSeparators(m_path), t.error().text()),
                 t.error());
            return false;
        }
        QSqlQuery q(db);
        if (!q.exec(QStringLiteral("PRAGMA user_version")) || !q.next())
            break;
        const int version = q.value(0).toInt();
        q.finish();
        if (version >= SchemaVersion)
            return true;
        for (const QString &statement : steps.at(version)) {
            if (!q.exec(statement)) {
                fail(Tr::tr("Could not update the history %1 to version %2: %3")
                         .arg(QDir::toNativeSeparators(m_path))
                         .arg(version + 1)
                         .arg(q.lastError().text()), q.lastError());
                return false;
            }
        }
        if (!q.exec(QStringLiteral("PRAGMA user_version=%1").arg(version + 1)) || !t.commit()) {
            fail(Tr::tr("Could not update the history %1 to version %2.").arg(QDir::toNativeSeparators(m_path)).arg(version + 1));
            return false;
        }
    }
    fail(Tr::tr("Could not read the version of the history %1.").arg(QDir::toNativeSeparators(m_path)));
    return false;
}

bool ConversationStore::setAside(const QString &reason)
{
    closeConnection();
    const QString stamp = QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss"));
    QString target = m_path + QStringLiteral(".corrupt-") + stamp;
    for (int n = 2; QFileInfo::exists(target) || QFileInfo::exists(target + QStringLiteral("-wal")); ++n)
        target = m_path + QStringLiteral(".corrupt-") + stamp + QLatin1Char('-') + QString::number(n);
    if (!QFile::rename(m_path, target)) {
        fail(Tr::tr("The history %1 cannot be used (%2) and could not be moved aside.")
                 .arg(QDir::toNativeSeparators(m_path), reason));
        return false;
    }
    // A stale -wal next to a new database would be replayed into it: it goes along, or nothing opens.
    for (const QLatin1StringView suffix : {QLatin1StringView("-wal"), QLatin1StringView("-shm")}) {
        const QString from = m_path + suffix;
        if (QFileInfo::exists(from) && !QFile::rename(from, target + suffix)) {
            fail(Tr::tr("The history %1 cannot be used (%2); it was moved to %3 but %4 could not be moved.")
                     .arg(QDir::toNativeSeparators(m_path), reason, QDir::toNativeSeparators(target),
                          QDir::toNativeSeparators(from)));
            return false;
        }
    }
    // The old file keeps the user's conversations: as private as the new one.
    tightenDatabaseFiles(target);
    m_setAsidePath = target;
    m_notice = Tr::tr("Squint could not use its history file (%1). It was moved aside to %2 and a new, empty history "
                      "was started.")
                   .arg(reason, QDir::toNativeSeparators(target));
    return true;
}

bool ConversationStore::touch(qint64 conversationId)
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    // Strictly after every other conversation, so the order is that of activity even within a millisecond.
    q.prepare(QStringLiteral("UPDATE conversations SET updated_at ="
                             " MAX(:now, COALESCE((SELECT MAX(updated_at) FROM conversations), 0) + 1)"
                             " WHERE id = :id"));
    q.bindValue(QStringLiteral(":now"), nowMs());
    q.bindValue(QStringLiteral(":id"), conversationId);
    return q.exec();
}

bool ConversationStore::removeUnreferencedImages()
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    return q.exec(QStringLiteral("DELETE FROM images WHERE"
                                 " NOT EXISTS (SELECT 1 FROM turn_images WHERE sent_sha256 = images.sha256) AND"
                                 " NOT EXISTS (SELECT 1 FROM turn_images WHERE original_sha256 = images.sha256)"));
}

QString ConversationStore::storeImage(const QByteArray &bytes, const QString &mime, QSize size)
{
    const QString sha = QString::fromLatin1(sha256Hex(bytes));
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(QStringLiteral("SELECT 1 FROM images WHERE sha256 = ?"));
    q.addBindValue(sha);
    if (!q.exec())
        return {};
    if (q.next())
        return sha;
    q.finish();
    q.prepare(QStringLiteral("INSERT INTO images (sha256, mime, bytes, width, height, byte_count) VALUES (?, ?, ?, ?, ?, ?)"));
    q.addBindValue(sha);
    q.addBindValue(text(mime));
    q.addBindValue(bytes);
    q.addBindValue(orNull(size.width(), size.isValid()));
    q.addBindValue(orNull(size.height(), size.isValid()));
    q.addBindValue(qint64(bytes.size()));
    if (!q.exec()) {
        fail(Tr::tr("Could not save an image in the history: %1").arg(q.lastError().text()), q.lastError());
        return {};
    }
    return sha;
}

qint64 ConversationStore::createConversation(const QString &title, const ChatParameters &p)
{
    if (!ready())
        return 0;
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    Transaction t(db);
    QSqlQuery q(db);
    q.prepare(QStringLiteral("INSERT INTO conversations (title, created_at, updated_at, system, temperature, max_tokens, stream)"
                             " VALUES (:title, :now,"
                             " MAX(:now, COALESCE((SELECT MAX(updated_at) FROM conversations), 0) + 1),"
                             " :system, :temperature, :max_tokens, :stream)"));
    q.bindValue(QStringLiteral(":title"), text(title));
    q.bindValue(QStringLiteral(":now"), nowMs());
    q.bindValue(QStringLiteral(":system"), text(p.system));
    q.bindValue(QStringLiteral(":temperature"), p.temperature >= 0 ? QVariant(p.temperature) : QVariant(QMetaType::fromType<double>()));
    q.bindValue(QStringLiteral(":max_tokens"), orNull(p.maxTokens, p.maxTokens > 0));
    q.bindValue(QStringLiteral(":stream"), p.stream ? 1 : 0);
    if (!t.isActive() || !q.exec() || !t.commit()) {
        fail(Tr::tr("Could not save the conversation: %1").arg(q.lastError().text()), t.errorOr(q));
        return 0;
    }
    m_lastError.clear();
    return q.lastInsertId().toLongLong();
}

bool ConversationStore::renameConversation(qint64 id, const QString &title)
{
    if (!ready())
        return false;
    m_lastError.clear();
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(QStringLiteral("UPDATE conversations SET title = ? WHERE id = ?"));
    q.addBindValue(text(title));
    q.addBindValue(id);
    if (!q.exec() || q.numRowsAffected() != 1) {
        fail(Tr::tr("Could not rename the conversation: %1").arg(q.lastError().text()), q.lastError());
        return false;
    }
    return true;
}

bool ConversationStore::setParameters(qint64 id, const ChatParameters &p)
{
    if (!ready())
        return false;
    m_lastError.clear();
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(QStringLiteral("UPDATE conversations SET system = ?, temperature = ?, max_tokens = ?, stream = ? WHERE id = ?"));
    q.addBindValue(text(p.system));
    q.addBindValue(p.temperature >= 0 ? QVariant(p.temperature) : QVariant(QMetaType::fromType<double>()));
    q.addBindValue(orNull(p.maxTokens, p.maxTokens > 0));
    q.addBindValue(p.stream ? 1 : 0);
    q.addBindValue(id);
    if (!q.exec() || q.numRowsAffected() != 1) {
        fail(Tr::tr("Could not save the conversation's parameters: %1").arg(q.lastError().text()), q.lastError());
        return false;
    }
    return true;
}

bool ConversationStore::deleteConversation(qint64 id)
{
    if (!ready())
        return false;
    m_lastError.clear();
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    Transaction t(db);
    QSqlQuery q(db);
    q.prepare(QStringLiteral("DELETE FROM conversations WHERE id = ?"));
    q.addBindValue(id);
    if (!t.isActive() || !q.exec() || q.numRowsAffected() != 1 || !removeUnreferencedImages() || !t.commit()) {
        fail(Tr::tr("Could not delete the conversation: %1").arg(q.lastError().text()), t.errorOr(q));
        return false;
    }
    return true;
}

bool ConversationStore::trashConversation(qint64 id)
{
    return setDeleted(id, true);
}

bool ConversationStore::restoreConversation(qint64 id)
{
    return setDeleted(id, false);
}

bool ConversationStore::setDeleted(qint64 id, bool deleted)
{
    if (!ready())
        return false;
    m_lastError.clear();
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(deleted ? QStringLiteral("UPDATE conversations SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL")
                      : QStringLiteral("UPDATE conversations SET deleted_at = NULL WHERE id = ? AND deleted_at IS NOT NULL"));
    if (deleted)
        q.addBindValue(QDateTime::currentMSecsSinceEpoch());
    q.addBindValue(id);
    if (!q.exec() || q.numRowsAffected() != 1) {
        fail(deleted ? Tr::tr("Could not delete the conversation: %1").arg(q.lastError().text())
                     : Tr::tr("Could not restore the conversation: %1").arg(q.lastError().text()), q.lastError());
        return false;
    }
    return true;
}

int ConversationStore::purgeTrash()
{
    if (!ready())
        return -1;
    m_lastError.clear();
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    Transaction t(db);
    QSqlQuery q(db);
    if (!t.isActive() || !q.exec(QStringLiteral("DELETE FROM conversations WHERE deleted_at IS NOT NULL"))) {
        fail(Tr::tr("Could not empty the deleted conversations: %1").arg(q.lastError().text()), t.errorOr(q));
        return -1;
    }
    const int n = q.numRowsAffected();
    if ((n > 0 && !removeUnreferencedImages()) || !t.commit()) {
        fail(Tr::tr("Could not empty the deleted conversations: %1").arg(t.error().text()), t.error());
        return -1;
    }
    return n;
}

QList<ConversationSummary> ConversationStore::listConversations(int limit) const
{
    if (!ready())
        return {};
    m_lastError.clear();
    QList<ConversationSummary> result;
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT c.id, c.title, c.created_at, c.updated_at,"
                             " (SELECT COUNT(*) FROM turns t WHERE t.conversation_id = c.id)"
                             " FROM conversations c WHERE c.deleted_at IS NULL"
                             " ORDER BY c.updated_at DESC, c.id DESC LIMIT ?"));
    q.addBindValue(limit < 0 ? -1 : limit);
    if (!q.exec()) {
        fail(Tr::tr("Could not read the history: %1").arg(q.lastError().text()), q.lastError());
        return result;
    }
    while (q.next()) {
        result.append({q.value(0).toLongLong(), q.value(1).toString(), fromMs(q.value(2)), fromMs(q.value(3)),
                       q.value(4).toInt()});
    }
    return result;
}

ConversationSummary ConversationStore::summary(qint64 id) const
{
    if (!ready())
        return {};
    m_lastError.clear();
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(QStringLiteral("SELECT c.id, c.title, c.created_at, c.updated_at,"
                             " (SELECT COUNT(*) FROM turns t WHERE t.conversation_id = c.id)"
                             " FROM conversations c WHERE c.id = ? AND c.deleted_at IS NULL"));
    q.addBindValue(id);
    if (!q.exec() || !q.next())
        return {};
    return {q.value(0).toLongLong(), q.value(1).toString(), fromMs(q.value(2)), fromMs(q.value(3)), q.value(4).toInt()};
}

ChatParameters ConversationStore::parameters(qint64 conversationId) const
{
    if (!ready())
        return {};
    m_lastError.clear();
    ChatParameters p;
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(QStringLiteral("SELECT system, temperature, max_tokens, stream FROM conversations WHERE id = ?"));
    q.addBindValue(conversationId);
    if (!q.exec() || !q.next())
        return p;
    p.system = q.value(0).toString();
    if (!q.value(1).isNull())
        p.temperature = q.value(1).toDouble();
    if (!q.value(2).isNull())
        p.maxTokens = q.value(2).toInt();
    p.stream = q.value(3).toInt() != 0;
    return p;
}

qint64 ConversationStore::saveTurn(qint64 conversationId, int position, const Turn &turn)
{
    if (!ready())
        return 0;
    m_lastError.clear();
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    Transaction t(db);
    if (!t.isActive()) {
        fail(Tr::tr("Could not save the turn: %1").arg(t.error().text()), t.error());
        return 0;
    }
    QSqlQuery q(db);
    q.prepare(QStringLiteral(
        "INSERT INTO turns (conversation_id, position, prompt, asked_at, state, answer, reasoning, model,"
        " connection_name, finish_reason, prompt_tokens, completion_tokens, total_tokens, reasoning_tokens,"
        " first_token_ms, total_ms, error_kind, error_status, error_code, error_param, error_server_message,"
        " error_message, error_hint, images_in_context, label_images)"
        " VALUES (:conversation_id, :position, :prompt, :asked_at, :state, :answer, :reasoning, :model,"
        " :connection_name, :finish_reason, :prompt_tokens, :completion_tokens, :total_tokens, :reasoning_tokens,"
        " :first_token_ms, :total_ms, :error_kind, :error_status, :error_code, :error_param, :error_server_message,"
        " :error_message, :error_hint, :images_in_context, :label_images)"
        " ON CONFLICT (conversation_id, position) DO UPDATE SET"
        " prompt = excluded.prompt, asked_at = excluded.asked_at, state = excluded.state, answer = excluded.answer,"
        " reasoning = excluded.reasoning, model = excluded.model, connection_name = excluded.connection_name,"
        " finish_reason = excluded.finish_reason, prompt_tokens = excluded.prompt_tokens,"
        " completion_tokens = excluded.completion_tokens, total_tokens = excluded.total_tokens,"
        " reasoning_tokens = excluded.reasoning_tokens, first_token_ms = excluded.first_token_ms,"
        " total_ms = excluded.total_ms, error_kind = excluded.error_kind, error_status = excluded.error_status,"
        " error_code = excluded.error_code, error_param = excluded.error_param,"
        " error_server_message = excluded.error_server_message, error_message = excluded.error_message,"
        " error_hint = excluded.error_hint, images_in_context = excluded.images_in_context,"
        " label_images = excluded.label_images"));
    const ApiError &e = turn.error;
    q.bindValue(QStringLiteral(":conversation_id"), conversationId);
    q.bindValue(QStringLiteral(":position"), position);
    q.bindValue(QStringLiteral(":prompt"), text(turn.prompt));
    q.bindValue(QStringLiteral(":asked_at"), orNull(turn.askedAt.toMSecsSinceEpoch(), turn.askedAt.isValid()));
    q.bindValue(QStringLiteral(":state"), turnStateName(turn.state));
    q.bindValue(QStringLiteral(":answer"), text(turn.answer));
    q.bindValue(QStringLiteral(":reasoning"), text(turn.reasoning));
    q.bindValue(QStringLiteral(":model"), text(turn.model));
    q.bindValue(QStringLiteral(":connection_name"), text(turn.connectionName));
    q.bindValue(QStringLiteral(":finish_reason"), text(turn.finishReason));
    q.bindValue(QStringLiteral(":prompt_tokens"), orNull(turn.usage.prompt, turn.usage.prompt >= 0));
    q.bindValue(QStringLiteral(":completion_tokens"), orNull(turn.usage.completion, turn.usage.completion >= 0));
    q.bindValue(QStringLiteral(":total_tokens"), orNull(turn.usage.total, turn.usage.total >= 0));
    q.bindValue(QStringLiteral(":reasoning_tokens"), orNull(turn.usage.reasoning, turn.usage.reasoning >= 0));
    q.bindValue(QStringLiteral(":first_token_ms"), orNull(turn.firstTokenMs, turn.firstTokenMs >= 0));
    q.bindValue(QStringLiteral(":total_ms"), orNull(turn.totalMs, turn.totalMs >= 0));
    // No error is NULL, as Squint 0.2 wrote it (and reads it back).
    q.bindValue(QStringLiteral(":error_kind"),
                textOrNull(e.isNull() ? QString() : apiErrorKindName(e.kind)));
    q.bindValue(QStringLiteral(":error_status"), orNull(e.status, !e.isNull()));
    q.bindValue(QStringLiteral(":error_code"), textOrNull(e.code));
    q.bindValue(QStringLiteral(":error_param"), textOrNull(e.param));
    q.bindValue(QStringLiteral(":error_server_message"), textOrNull(e.serverMessage));
    q.bindValue(QStringLiteral(":error_message"), textOrNull(e.message));
    q.bindValue(QStringLiteral(":error_hint"), textOrNull(e.hint));
    q.bindValue(QStringLiteral(":images_in_context"), turn.imagesInContext ? 1 : 0);
    q.bindValue(QStringLiteral(":label_images"), turn.labelImages ? 1 : 0);
    if (!q.exec()) {
        fail(Tr::tr("Could not save the turn: %1").arg(q.lastError().text()), q.lastError());
        return 0;
    }
    q.prepare(QStringLiteral("SELECT id FROM turns WHERE conversation_id = ? AND position = ?"));
    q.addBindValue(conversationId);
    q.addBindValue(position);
    if (!q.exec() || !q.next()) {
        fail(Tr::tr("Could not save the turn: %1").arg(q.lastError().text()), q.lastError());
        return 0;
    }
    const qint64 turnId = q.value(0).toLongLong();
    q.finish();

    // The images: read again only when the list changed since the last save.
    QList<TurnImage> saved;
    q.prepare(QStringLiteral("SELECT name, sha256, sent_bytes, tokens, edits FROM turn_images "
                             "WHERE turn_id = ? ORDER BY position"));
    q.addBindValue(turnId);
    if (q.exec()) {
        while (q.next()) {
            TurnImage img;
            img.name = q.value(0).toString();
            img.sha256 = q.value(1).toString().toLatin1();
            img.sentBytes = q.value(2).toLongLong();
            img.tokens = q.value(3).toInt();
            img.edits = q.value(4).toString();
            saved.append(img);
        }
    }
    q.finish();
    if (imagesSignature(saved) != imagesSignature(turn.images)) {
        q.prepare(QStringLiteral("DELETE FROM turn_images WHERE turn_id = ?"));
        q.addBindValue(turnId);
        if (!q.exec()) {
            fail(Tr::tr("Could not save the turn's images: %1").arg(q.lastError().text()), q.lastError());
            return 0;
        }
        for (int i = 0; i < turn.images.size(); ++i) {
            const TurnImage &img = turn.images.at(i);
            QByteArray sent = readFile(img.sentPath);
            if (sent.isEmpty())
                sent = img.data;
            QString sentSha;
            if (!sent.isEmpty()) {
                sentSha = storeImage(sent, img.mime, img.sentSize);
                if (sentSha.isEmpty())
                    return 0;
            }
            QString originalSha;
            if (!img.originalPath.isEmpty() && img.originalPath == img.sentPath) {
                originalSha = sentSha;
            } else if (const QByteArray original = readFile(img.originalPath); !original.isEmpty()) {
                const QString sha = QString::fromLatin1(sha256Hex(original));
                // A file changed since it was added is not this image's original.
                if (img.sha256.isEmpty() || sha.compare(QString::fromLatin1(img.sha256), Qt::CaseInsensitive) == 0) {
                    QBuffer buffer;
                    buffer.setData(original);
                    buffer.open(QIODevice::ReadOnly);
                    QImageReader reader(&buffer);
                    originalSha = storeImage(original, QMimeDatabase().mimeTypeForData(original).name(), reader.size());
                    if (originalSha.isEmpty())
                        return 0;
                }
            }
            q.prepare(QStringLiteral(
                "INSERT INTO turn_images (turn_id, position, name, sha256, original_path,"
                " original_sha256, sent_sha256, sent_mime, sent_bytes, sent_width, sent_height, "
                "tokens,"
                " edits)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
            q.addBindValue(turnId);
            q.addBindValue(i);
            q.addBindValue(text(img.name));
            q.addBindValue(QString::fromLatin1(img.sha256.toLower()));
            q.addBindValue(text(img.originalPath));
            q.addBindValue(textOrNull(originalSha));
            q.addBindValue(textOrNull(sentSha));
            q.addBindValue(text(img.mime));
            q.addBindValue(img.sentBytes > 0 ? img.sentBytes : qint64(sent.size()));
            q.addBindValue(orNull(img.sentSize.width(), img.sentSize.isValid()));
            q.addBindValue(orNull(img.sentSize.height(), img.sentSize.isValid()));
            q.addBindValue(img.tokens);
            q.addBindValue(text(img.edits));
            if (!q.exec()) {
                fail(Tr::tr("Could not save the turn's images: %1").arg(q.lastError().text()), q.lastError());
                return 0;
            }
        }
        if (!removeUnreferencedImages()) {
            fail(Tr::tr("Could not save the turn's images."));
            return 0;
        }
    }
    if (!touch(conversationId) || !t.commit()) {
        fail(Tr::tr("Could not save the turn: %1").arg(t.error().text()), t.error());
        return 0;
    }
    m_lastError.clear();
    return turnId;
}

bool ConversationStore::saveAnswerProgress(qint64 turnStoreId, const QString &answer, Turn::State state)
{
    if (!ready())
        return false;
    m_lastError.clear();
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    Transaction t(db);
    QSqlQuery q(db);
    q.prepare(QStringLiteral("UPDATE turns SET answer = ?, state = ? WHERE id = ?"));
    q.addBindValue(text(answer));
    q.addBindValue(turnStateName(state));
    q.addBindValue(turnStoreId);
    if (!t.isActive() || !q.exec() || q.numRowsAffected() != 1) {
        fail(Tr::tr("Could not save the answer: %1").arg(q.lastError().text()), t.errorOr(q));
        return false;
    }
    q.prepare(QStringLiteral("SELECT conversation_id FROM turns WHERE id = ?"));
    q.addBindValue(turnStoreId);
    if (!q.exec() || !q.next()) {
        fail(Tr::tr("Could not save the answer: %1").arg(q.lastError().text()), q.lastError());
        return false;
    }
    const qint64 conversationId = q.value(0).toLongLong();
    q.finish();
    if (!touch(conversationId) || !t.commit()) {
        fail(Tr::tr("Could not save the answer: %1").arg(t.error().text()), t.error());
        return false;
    }
    return true;
}

bool ConversationStore::truncateTurns(qint64 conversationId, int position)
{
    if (!ready())
        return false;
    m_lastError.clear();
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    Transaction t(db);
    QSqlQuery q(db);
    q.prepare(QStringLiteral("DELETE FROM turns WHERE conversation_id = ? AND position >= ?"));
    q.addBindValue(conversationId);
    q.addBindValue(position);
    if (!t.isActive() || !q.exec() || !removeUnreferencedImages() || !touch(conversationId) || !t.commit()) {
        fail(Tr::tr("Could not remove the turns: %1").arg(q.lastError().text()), t.errorOr(q));
        return false;
    }
    return true;
}

QList<qint64> ConversationStore::turnIds(qint64 conversationId) const
{
    if (!ready())
        return {};
    m_lastError.clear();
    QList<qint64> ids;
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(QStringLiteral("SELECT id FROM turns WHERE conversation_id = ? ORDER BY position"));
    q.addBindValue(conversationId);
    if (q.exec()) {
        while (q.next())
            ids.append(q.value(0).toLongLong());
    }
    return ids;
}

QList<Turn> ConversationStore::loadTurns(qint64 conversationId) const
{
    if (!ready())
        return {};
    m_lastError.clear();
    QList<Turn> turns;
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    QSqlQuery q(db);
    q.setForwardOnly(true);
    q.prepare(QStringLiteral(
        "SELECT id, prompt, asked_at, state, answer, reasoning, model, connection_name, finish_reason,"
        " prompt_tokens, completion_tokens, total_tokens, reasoning_tokens, first_token_ms, total_ms,"
        " error_kind, error_status, error_code, error_param, error_server_message, error_message, error_hint,"
        " images_in_context, label_images FROM turns WHERE conversation_id = ? ORDER BY position"));
    q.addBindValue(conversationId);
    if (!q.exec()) {
        fail(Tr::tr("Could not read the conversation: %1").arg(q.lastError().text()), q.lastError());
        return turns;
    }
    QList<qint64> ids;
    auto intOr = [&q](int column, qint64 fallback) {
        const QVariant v = q.value(column);
        return v.isNull() ? fallback : v.toLongLong();
    };
    while (q.next()) {
        Turn turn;
        ids.append(q.value(0).toLongLong());
        turn.prompt = q.value(1).toString();
        turn.askedAt = fromMs(q.value(2));
        turn.state = turnStateFromName(q.value(3).toString()).value_or(Turn::State::Failed);
        turn.answer = q.value(4).toString();
        turn.reasoning = q.value(5).toString();
        turn.model = q.value(6).toString();
        turn.connectionName = q.value(7).toString();
        turn.finishReason = q.value(8).toString();
        turn.usage.prompt = intOr(9, -1);
        turn.usage.completion = intOr(10, -1);
        turn.usage.total = intOr(11, -1);
        turn.usage.reasoning = intOr(12, -1);
        turn.firstTokenMs = intOr(13, -1);
        turn.totalMs = intOr(14, -1);
        // An error kind from a newer Squint still is an error.
        turn.error.kind = apiErrorKindFromName(q.value(15).toString())
                              .value_or(ApiError::Kind::Protocol);
        turn.error.status = int(intOr(16, 0));
        turn.error.code = q.value(17).toString();
        turn.error.param = q.value(18).toString();
        turn.error.serverMessage = q.value(19).toString();
        turn.error.message = q.value(20).toString();
        turn.error.hint = q.value(21).toString();
        turn.imagesInContext = q.value(22).toInt() != 0;
        turn.labelImages = q.value(23).toInt() != 0;
        if (!turn.isFinished()) {
            // Squint closed (or crashed) while this answer was coming: what arrived is kept.
            turn.state = Turn::State::Failed;
            turn.error = ApiError();
            turn.error.kind = ApiError::Kind::Network;
            turn.error.message = Tr::tr("The answer was interrupted: Squint closed before it finished.");
        }
        turns.append(turn);
    }
    q.finish();

    // Every image of the conversation in one query (not one per turn).
    QHash<qint64, int> indexOf;
    indexOf.reserve(ids.size());
    for (int n = 0; n < ids.size(); ++n)
        indexOf.insert(ids.at(n), n);
    QSqlQuery qi(db);
    qi.setForwardOnly(true);
    qi.prepare(QStringLiteral(
        "SELECT ti.turn_id, ti.name, ti.sha256, ti.original_path, ti.sent_mime, ti.sent_bytes,"
        " ti.sent_width, ti.sent_height, ti.tokens, i.bytes, ti.edits"
        " FROM turn_images ti JOIN turns t ON t.id = ti.turn_id"
        " LEFT JOIN images i ON i.sha256 = ti.sent_sha256"
        " WHERE t.conversation_id = ? ORDER BY t.position, ti.position"));
    qi.addBindValue(conversationId);
    if (!qi.exec()) {
        fail(Tr::tr("Could not read the conversation's images: %1").arg(qi.lastError().text()), qi.lastError());
        return turns;
    }
    while (qi.next()) {
        const int n = indexOf.value(qi.value(0).toLongLong(), -1);
        if (n < 0)
            continue;
        TurnImage img;
        img.name = qi.value(1).toString();
        img.sha256 = qi.value(2).toString().toLatin1();
        img.originalPath = qi.value(3).toString();
        img.mime = qi.value(4).toString();
        img.sentBytes = qi.value(5).toLongLong();
        if (!qi.value(6).isNull() && !qi.value(7).isNull())
            img.sentSize = QSize(qi.value(6).toInt(), qi.value(7).toInt());
        img.tokens = qi.value(8).toInt();
        img.data = qi.value(9).toByteArray();
        img.edits = qi.value(10).toString();
        turns[n].images.append(img);
    }
    return turns;
}

QByteArray ConversationStore::imageBytes(const QByteArray &sha256) const
{
    if (!ready())
        return {};
    m_lastError.clear();
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(QStringLiteral("SELECT bytes FROM images WHERE sha256 = ?"));
    q.addBindValue(QString::fromLatin1(sha256.toLower()));
    if (!q.exec() || !q.next())
        return {};
    return q.value(0).toByteArray();
}

QList<SearchHit> ConversationStore::search(const QString &query, int limit) const
{
    if (!ready())
        return {};
    m_lastError.clear();
    QList<SearchHit> hits;
    // Each word becomes an FTS5 string ("..." with " doubled), so nothing the user types is syntax.
    // Words without a letter or digit would match nothing and are left out.
    QStringList terms;
    for (const QString &word : query.split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts)) {
        const QString w = word.trimmed();
        if (!std::any_of(w.begin(), w.end(), [](QChar c) { return c.isLetterOrNumber(); }))
            continue;
        QString quoted = w;
        quoted.replace(QLatin1Char('"'), QStringLiteral("\"\""));
        terms.append(QLatin1Char('"') + quoted + QLatin1Char('"'));
    }
    if (terms.isEmpty())
        return hits;
    terms.last() += QLatin1Char('*'); // the word being typed
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT t.conversation_id, t.id, t.position, c.title,"
                             " snippet(turns_fts, -1, char(2), char(3), :ellipsis, 12)"
                             " FROM turns_fts JOIN turns t ON t.id = turns_fts.rowid"
                             " JOIN conversations c ON c.id = t.conversation_id"
                             " WHERE turns_fts MATCH :match AND c.deleted_at IS NULL ORDER BY rank LIMIT :limit"));
    q.bindValue(QStringLiteral(":ellipsis"), QString(QChar(0x2026)));
    q.bindValue(QStringLiteral(":match"), terms.join(QLatin1Char(' ')));
    q.bindValue(QStringLiteral(":limit"), limit < 0 ? -1 : limit);
    if (!q.exec()) {
        fail(Tr::tr("Could not search the history: %1").arg(q.lastError().text()), q.lastError());
        return hits;
    }
    while (q.next()) {
        hits.append({q.value(0).toLongLong(), q.value(1).toLongLong(), q.value(2).toInt(), q.value(3).toString(),
                     q.value(4).toString()});
    }
    return hits;
}

QString ConversationStore::snippetToHtml(const QString &snippet)
{
    QString html = snippet.toHtmlEscaped();
    html.replace(MatchStart, QLatin1StringView("<b>"));
    html.replace(MatchEnd, QLatin1StringView("</b>"));
    return html;
}

} // namespace squint
