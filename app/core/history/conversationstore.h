#pragma once

#include "core/chat/conversation.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QSqlError>
#include <QString>

namespace squint {

/// One conversation as listed in the history.
struct ConversationSummary
{
    qint64 id = 0;
    QString title;
    QDateTime createdAt;
    QDateTime updatedAt; ///< last activity (a turn saved or streamed into)
    int turnCount = 0;
};

/// A turn whose prompt or answer matches a search.
struct SearchHit
{
    qint64 conversationId = 0;
    qint64 turnId = 0;   ///< the turn's store id
    int position = 0;    ///< the turn's position in its conversation
    QString title;       ///< of the conversation
    /// A few words around the matches, plain text; each match is wrapped in
    /// ConversationStore::MatchStart ... ConversationStore::MatchEnd (see snippetToHtml()).
    QString snippet;
};

/// The saved history: conversations, their turns and images, in one SQLite file (Qt SQL, QSQLITE).
///
/// Each image is stored once by the SHA-256 of its bytes (the variant that was sent and the
/// original). Everything happens on the thread that called open(): a Qt SQL connection may not be
/// used from another thread. Credentials never go here (the structs it stores hold none).
///
/// Turns found in the file as pending or streaming (Squint closed while an answer arrived) are
/// loaded as Failed, with what arrived kept and ApiError::message "The answer was interrupted:
/// Squint closed before it finished." (kind Network, so Retry applies). The file keeps the raw state
/// until the turn is saved again, so an answer still streaming in another Squint is not overwritten.
class ConversationStore final
{
    Q_DISABLE_COPY_MOVE(ConversationStore)
public:
    /// The schema version this build writes (PRAGMA user_version).
    static constexpr int SchemaVersion = 5;
    static constexpr QChar MatchStart = QChar(0x02);
    static constexpr QChar MatchEnd = QChar(0x03);

    ConversationStore();
    ~ConversationStore();

    /// squint.sqlite in the user's data folder (QStandardPaths::AppLocalDataLocation).
    static QString defaultPath();

    /// How long a statement waits for a lock held by another connection (default 5000 ms). Set
    /// before open().
    void setBusyTimeout(int ms);

    /// Opens `path` (default: defaultPath()), creating or migrating it. A file whose schema is newer
    /// than SchemaVersion is refused and left untouched. A corrupt file (SQLite says SQLITE_CORRUPT or
    /// SQLITE_NOTADB, or quick_check fails) is renamed to `<name>.corrupt-YYYYMMDD-HHMMSS` (with its
    /// -wal and -shm), a fresh one is started and notice() says so and where the old file went. A file
    /// another program keeps locked is never set aside: open() fails with isBusy(). The user's file is
    /// never deleted. The file (and the -wal and -shm SQLite makes after it) is readable by the user
    /// only (0600); the default folder is made 0700.
    bool open(const QString &path = {});
    void close();
    bool isOpen() const;
    QString path() const { return m_path; }
    /// Why the last call failed, for the user; empty after a success.
    QString lastError() const { return m_lastError; }
    /// Whether the last call failed because another program held a lock past the busy timeout
    /// (SQLITE_BUSY, SQLITE_LOCKED): nothing is damaged or lost, the same call can be made again later.
    bool isBusy() const { return m_busy; }
    /// Something the user should know after open() (a file set aside); empty otherwise.
    QString notice() const { return m_notice; }
    /// Where a file set aside by open() went; empty when none was.
    QString setAsidePath() const { return m_setAsidePath; }
    /// The Qt SQL connection's name (QSqlDatabase::database()), for diagnostics and tests.
    QString connectionName() const { return m_connection; }

    /// Returns the new conversation's id, 0 on failure.
    qint64 createConversation(const QString &title, const ChatParameters &p = {});
    bool renameConversation(qint64 id, const QString &title);
    bool setParameters(qint64 id, const ChatParameters &p);
    /// Deletes the conversation with its turns at once; images no other turn refers to go too.
    bool deleteConversation(qint64 id);
    /// Moves a conversation to the trash: it leaves the list, summary() and search() but keeps
    /// everything, so restoreConversation() can undo it. purgeTrash() deletes it for good.
    bool trashConversation(qint64 id);
    bool restoreConversation(qint64 id);
    /// Deletes every conversation in the trash (see trashConversation()); the number, -1 on failure.
    int purgeTrash();
    /// By last activity, newest first. `limit` < 0: all.
    QList<ConversationSummary> listConversations(int limit = -1) const;
    ConversationSummary summary(qint64 id) const; ///< id 0 when there is none
    ChatParameters parameters(qint64 conversationId) const;

    /// Writes turn `position` of a conversation (inserted, or updated in place when that position
    /// exists) with its images, and returns its store id (0 on failure). Image bytes are read from
    /// TurnImage::sentPath (or `data`) and originalPath and stored once per SHA-256; an original
    /// whose file is gone or changed (its hash is not TurnImage::sha256) is not stored. Images are
    /// only read again when the turn's image list changed since the last save.
    qint64 saveTurn(qint64 conversationId, int position, const Turn &turn);
    /// Cheap update while an answer streams (answer text and state only), about once a second.
    bool saveAnswerProgress(qint64 turnStoreId, const QString &answer, Turn::State state);
    /// Removes turns from `position` on (the conversation was truncated); unreferenced images go.
    bool truncateTurns(qint64 conversationId, int position);
    /// The store ids of the conversation's turns, in order.
    QList<qint64> turnIds(qint64 conversationId) const;
    /// The turns in order with their images: `data` holds the bytes sent, sentPath is empty,
    /// thumbnail is null, originalPath is the path saved (the file may be gone). Turn::id is left 0
    /// (Conversation::append assigns it).
    QList<Turn> loadTurns(qint64 conversationId) const;
    /// The stored bytes with this SHA-256 (hex), empty when none.
    QByteArray imageBytes(const QByteArray &sha256) const;

    /// Turns whose prompt or answer hold all the words of `query` (the last one as a prefix), best
    /// first. Any text is safe: the words are quoted, FTS syntax in it is taken literally.
    QList<SearchHit> search(const QString &query, int limit = 50) const;
    /// A snippet as HTML: escaped, with the matches in <b></b>.
    static QString snippetToHtml(const QString &snippet);

private:
    bool openFile(QString *corruptReason);
    bool migrate();
    bool setAside(const QString &reason);
    void closeConnection();
    bool touch(qint64 conversationId);
    bool removeUnreferencedImages();
    bool setDeleted(qint64 id, bool deleted);
    QString storeImage(const QByteArray &bytes, const QString &mime, QSize size);
    void fail(const QString &message, const QSqlError &cause = {}) const;
    QString busyMessage() const;
    bool ready() const;

    QString m_connection;
    QString m_path;
    mutable QString m_lastError;
    mutable bool m_busy = false;
    QString m_notice;
    QString m_setAsidePath;
    int m_busyTimeoutMs = 5000;
};

} // namespace squint
