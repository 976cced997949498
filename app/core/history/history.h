#pragma once

// The saved history as the window uses it: the ConversationStore lives on a thread of its own, so
// no disk access (and no image decoding for thumbnails) ever happens on the GUI thread. Requests
// are queued in order and answered by signals; the GUI never waits, except in flush().

#include "core/history/conversationstore.h"
#include "core/history/transcript.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QString>

#include <functional>
#include <optional>

class QThread;
class QThreadPool;
class QTimer;

namespace squint {

/// The formats "Save As" and `squint export` write.
enum class TranscriptFormat { MarkdownAssets, MarkdownEmbedded, Html, Pdf, Json };

/// Reads a conversation from the store as transcript data (nullopt when there is none).
std::optional<TranscriptData> transcriptFromStore(const ConversationStore &store, qint64 id);
/// Writes `data` to `path` in `format`, atomically.
bool writeTranscript(const TranscriptData &data, const QString &path, TranscriptFormat format, QString *error);
/// Adds an imported transcript to the store as a new conversation titled `data.title` (or
/// `fallbackTitle`) and returns its id; on failure nothing is left behind and 0 is returned.
qint64 importTranscript(ConversationStore &store, const TranscriptData &data, const QString &fallbackTitle,
                        QString *error);
/// A thumbnail at most `height` pixels high decoded from image bytes; null when they don't decode.
QImage thumbnailFromBytes(const QByteArray &bytes, int height);

/// A conversation read back for the window.
struct LoadedConversation
{
    qint64 id = 0;
    QString title;
    ChatParameters parameters;
    QList<Turn> turns;      ///< images carry their thumbnails and the bytes sent (`data`)
    int focusPosition = -1; ///< the turn to show (a search hit), -1: the end
    QString error;          ///< why it could not be loaded; empty on success
};

class History final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(History)
public:
    /// Height of the thumbnails made for loaded turns (twice the chat pane's, for HiDPI screens).
    static constexpr int ThumbnailHeight = 192;

    explicit History(QObject *parent = nullptr);
    /// Runs what is still queued (nothing the user said is dropped), then closes the store.
    ~History() override;

    /// Opens the store (default: ConversationStore::defaultPath()) and empties the trash of an
    /// earlier session. Answers with opened(); while another program keeps the file locked, with
    /// busyChanged() first, and opened() once it could be opened (what is recorded meanwhile waits).
    void open(const QString &path = {});
    bool isOpen() const { return m_open; }
    /// Whether saving waits for a lock another program holds on the history (see busyChanged()).
    bool isBusy() const { return m_busy; }
    /// The store's busy timeout (ConversationStore::setBusyTimeout()); call before open().
    void setBusyTimeout(int ms);
    /// How soon what the history was too busy for is tried again: after `firstMs`, then twice as
    /// long each time up to `maxMs`.
    void setRetryInterval(int firstMs, int maxMs);
    QString path() const { return m_path; }

    void refreshList();
    void rename(qint64 id, const QString &title);
    /// Moves to the trash (undoable with restore() until the next start).
    void trash(qint64 id);
    void restore(qint64 id);
    /// Reads a conversation; answers with loaded(). `focusPosition`: a turn to show. The images of
    /// the last `eagerTurns` turns (and from the focus on) come with their thumbnails; the others'
    /// follow in thumbnailsReady().
    void load(qint64 id, int focusPosition = -1, int eagerTurns = 30);
    /// What thumbnailsReady() keys a thumbnail by.
    static QByteArray thumbnailKey(const TurnImage &image);
    /// Answers with searched(); a newer search makes an older one's answer irrelevant (see the query).
    void search(const QString &query);
    /// Writes conversation `id` to `path`; answers with exported(). Runs after the writes queued before.
    void exportTo(qint64 id, const QString &path, TranscriptFormat format);
    /// Reads a JSON transcript and adds it; answers with imported().
    void importFrom(const QString &path);

    /// Recording a conversation as it happens. `key` names a conversation of this session; it gets
    /// a store id when its first turn is saved (conversationSaved()), or bind() gives it one.
    void bind(quint64 key, qint64 id);
    void recordTurn(quint64 key, int position, const Turn &turn, const QString &title, const ChatParameters &parameters);
    void recordProgress(quint64 key, int position, const QString &answer, Turn::State state);
    void recordTruncate(quint64 key, int position);
    void recordTitle(quint64 key, const QString &title);
    void recordParameters(quint64 key, const ChatParameters &parameters);
    /// The store id of `key`, 0 while unknown.
    qint64 idFor(quint64 key) const { return m_ids.value(key); }

    /// Waits until everything queued so far has run (quitting, tests). Writes waiting for a lock
    /// held by another program (isBusy()) stay queued.
    void flush();

signals:
    /// `notice`: something the user should know (a damaged file set aside); `error`: the history
    /// could not be opened at all (nothing will be saved).
    void opened(bool ok, const QString &notice, const QString &error);
    void listed(const QList<squint::ConversationSummary> &conversations);
    void conversationSaved(quint64 key, qint64 id);
    void loaded(const squint::LoadedConversation &conversation);
    /// Thumbnails of conversation `id`'s earlier images, by thumbnailKey().
    void thumbnailsReady(qint64 id, const QHash<QByteArray, QImage> &thumbnails);
    void searched(const QString &query, const QList<squint::SearchHit> &hits);
    void exported(bool ok, const QString &path, const QString &error);
    void imported(qint64 id, const QString &title, const QString &error);
    /// Something changed that the conversation list shows (a turn saved, a rename, a deletion).
    void listChanged();
    /// A write failed: what was not saved and why.
    void failed(const QString &message);
    /// Another program holds the history locked (`busy`; `message` says so): what is being saved is
    /// kept and written, in the order it came, once the lock is gone, and then this says false.
    void busyChanged(bool busy, const QString &message);

private:
    template<typename F> void post(F &&work);
    void reportFailure(const QString &what);
    /// A write on the worker: true when done (or failed for good), false when the store was busy.
    using Write = std::function<bool()>;
    void postWrite(Write write);
    /// A write of the conversation list (rename, trash, restore) through `change`, which returns
    /// whether the store made it; a failure is reported, and listChanged() follows either way.
    void postListWrite(std::function<bool(ConversationStore &)> change);
    void runWrite(Write write);
    void retryPending();
    void setBusy(bool busy);
    bool tryOpen(const QString &path);

    QThread *m_thread = nullptr;
    QObject *m_worker = nullptr;         ///< lives on m_thread; the context of queued work
    QThreadPool *m_background = nullptr; ///< one idle-priority thread for thumbnails not shown yet
    ConversationStore *m_store = nullptr; ///< created, used and destroyed on m_thread only
    QString m_path;
    bool m_open = false;
    bool m_busy = false;
    // Worker-side state (touched on m_thread only).
    QHash<quint64, qint64> m_workerIds;
    QHash<quint64, QList<qint64>> m_turnIds;
    QString m_lastFailure;
    QList<Write> m_pending; ///< waiting for another program's lock, in order
    QTimer *m_retryTimer = nullptr;
    int m_retryMs = 0;
    bool m_workerBusy = false;
    // Set before open(), read on the worker.
    int m_busyTimeoutMs = 5000;
    int m_retryFirstMs = 250;
    int m_retryMaxMs = 5000;
    // GUI-side copy of the ids.
    QHash<quint64, qint64> m_ids;
};

} // namespace squint

Q_DECLARE_METATYPE(squint::LoadedConversation)
