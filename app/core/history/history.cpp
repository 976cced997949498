#include "core/history/history.h"


#include <QBuffer>
#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QImageReader>
#include <QSet>
#include <QThread>
#include <QThreadPool>
#include <QTimer>
#include <QtConcurrent/QtConcurrentMap>

namespace squint {

namespace {
class Tr
{
    Q_DECLARE_TR_FUNCTIONS(squint::History)
};
} // namespace

std::optional<TranscriptData> transcriptFromStore(const ConversationStore &store, qint64 id)
{
    const ConversationSummary summary = store.summary(id);
    if (summary.id != id || id == 0)
        return std::nullopt;
    TranscriptData data;
    data.title = summary.title;
    data.parameters = store.parameters(id);
    data.turns = store.loadTurns(id);
    if (data.turns.size() != summary.turnCount)
        return std::nullopt; // a read failed part way (store.lastError() says why)
    return data;
}

bool writeTranscript(const TranscriptData &data, const QString &path, TranscriptFormat format, QString *error)
{
    switch (format) {
    case TranscriptFormat::MarkdownAssets: return writeMarkdown(data, path, MarkdownImages::AssetsFolder, error);
    case TranscriptFormat::MarkdownEmbedded: return writeMarkdown(data, path, MarkdownImages::Embedded, error);
    case TranscriptFormat::Html: return writeHtml(data, path, error);
    case TranscriptFormat::Pdf: return writePdf(data, path, error);
    case TranscriptFormat::Json: return writeJson(data, path, error);
    }
    return false;
}

qint64 importTranscript(ConversationStore &store, const TranscriptData &data, const QString &fallbackTitle,
                        QString *error)
{
    const QString title = data.title.isEmpty() ? fallbackTitle : data.title;
    const qint64 id = store.createConversation(title, data.parameters);
    if (id == 0) {
        if (error)
            *error = Tr::tr("couldn't add the conversation: %1").arg(store.lastError());
        return 0;
    }
    for (int i = 0; i < data.turns.size(); ++i) {
        if (store.saveTurn(id, i, data.turns.at(i)) == 0) {
            const QString why = store.lastError();
            store.deleteConversation(id);
            if (error)
                *error = Tr::tr("couldn't save the conversation: %1").arg(why);
            return 0;
        }
    }
    return id;
}

QImage thumbnailFromBytes(const QByteArray &bytes, int height)
{
    QBuffer buffer;
    buffer.setData(bytes);
    buffer.open(QIODevice::ReadOnly);
    QImageReader reader(&buffer);
    reader.setAutoTransform(true);
    const QSize size = reader.size();
    if (size.isValid() && size.height() > height) {
        // Decoding at the thumbnail's size (libjpeg scales while it decodes) costs a fraction of a full decode.
        reader.setScaledSize(QSize(std::max(1, int(qint64(size.width()) * height / size.height())), height));
    }
    QImage image = reader.read();
    if (!image.isNull() && image.height() > height)
        image = image.scaledToHeight(height, Qt::SmoothTransformation);
    return image;
}

History::History(QObject *parent)
    : QObject(parent)
    , m_thread(new QThread)
    , m_worker(new QObject)
    , m_background(new QThreadPool(this))
{
    m_background->setMaxThreadCount(1);
    m_background->setThreadPriority(QThread::IdlePriority);
    qRegisterMetaType<LoadedConversation>();
    qRegisterMetaType<QList<ConversationSummary>>();
    qRegisterMetaType<QList<SearchHit>>();
    m_thread->setObjectName(QStringLiteral("squint-history"));
    m_worker->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread->start();
}

History::~History()
{
    // Blocking: everything queued before runs first (a quitting event loop would drop it).
    QMetaObject::invokeMethod(m_worker, [this] {
        // What waited for another program's lock gets a last try (each waits the busy timeout).
        while (!m_pending.isEmpty() && m_pending.constFirst()())
            m_pending.removeFirst();
        delete m_store;
        m_store = nullptr;
    }, Qt::BlockingQueuedConnection);
    m_thread->quit();
    m_thread->wait();
    m_background->waitForDone();
    delete m_thread;
}

template<typename F> void History::post(F &&work)
{
    QMetaObject::invokeMethod(m_worker, std::forward<F>(work), Qt::QueuedConnection);
}

void History::flush()
{
    if (QThread::currentThread() == m_thread)
        return;
    QMetaObject::invokeMethod(m_worker, [] {}, Qt::BlockingQueuedConnection);
}

void History::setBusyTimeout(int ms)
{
    m_busyTimeoutMs = ms;
}

void History::setRetryInterval(int firstMs, int maxMs)
{
    m_retryFirstMs = std::max(1, firstMs);
    m_retryMaxMs = std::max(m_retryFirstMs, maxMs);
}

void History::postWrite(Write write)
{
    post([this, write = std::move(write)]() mutable { runWrite(std::move(write)); });
}

void History::runWrite(Write write)
{
    // Worker thread. Behind a write that waits for a lock, everything waits: the order is kept.
    if (!m_pending.isEmpty()) {
        m_pending.append(std::move(write));
        return;
    }
    if (write())
        return;
    m_pending.append(std::move(write));
    setBusy(true);
    m_retryMs = m_retryFirstMs;
    if (!m_retryTimer) {
        m_retryTimer = new QTimer(m_worker);
        m_retryTimer->setSingleShot(true);
        connect(m_retryTimer, &QTimer::timeout, m_worker, [this] { retryPending(); });
    }
    m_retryTimer->start(m_retryMs);
}

void History::retryPending()
{
    // Worker thread, on the timer: in order, until one is still busy (then later, backing off).
    while (!m_pending.isEmpty()) {
        if (!m_pending.constFirst()()) {
            m_retryMs = std::min(m_retryMs * 2, m_retryMaxMs);
            m_retryTimer->start(m_retryMs);
            return;
        }
        m_pending.removeFirst();
    }
    setBusy(false);
}

void History::setBusy(bool busy)
{
    // Worker thread.
    if (busy == m_workerBusy)
        return;
    m_workerBusy = busy;
    const QString message =
        busy ? Tr::tr("%1 Squint keeps what it is saving and writes it as soon as the history is free.")
                   .arg(m_store ? m_store->lastError() : QString())
             : Tr::tr("The history is free again; everything was saved.");
    QMetaObject::invokeMethod(this, [this, busy, message] {
        m_busy = busy;
        emit busyChanged(busy, message);
    }, Qt::QueuedConnection);
}

void History::reportFailure(const QString &what)
{
    // Worker thread. The same failure again and again (a full disk while an answer streams) is said once.
    const QString message = what.isEmpty() ? Tr::tr("The history could not be saved.") : what;
    if (message == m_lastFailure)
        return;
    m_lastFailure = message;
    QMetaObject::invokeMethod(this, [this, message] { emit failed(message); }, Qt::QueuedConnection);
}

void History::open(const QString &path)
{
    // A write like the others: while the file is locked, what is recorded meanwhile waits behind it.
    postWrite([this, path] { return tryOpen(path); });
}

bool History::tryOpen(const QString &path)
{
    {
        if (!m_store)
            m_store = new ConversationStore;
        m_store->setBusyTimeout(m_busyTimeoutMs);
        const bool ok = m_store->open(path);
        if (!ok && m_store->isBusy())
            return false; // in use by another program, not damaged: tried again
        if (ok)
            m_store->purgeTrash(); // deletions of an earlier session are final now
        const QString notice = m_store->notice();
        const QString error = ok ? QString() : m_store->lastError();
        const QString opened = m_store->path();
        m_workerIds.clear();
        m_turnIds.clear();
        QMetaObject::invokeMethod(this, [this, ok, notice, error, opened] {
            m_open = ok;
            m_path = opened;
            m_ids.clear();
            emit this->opened(ok, notice, error);
        }, Qt::QueuedConnection);
    }
    return true;
}

void History::refreshList()
{
    post([this] {
        if (!m_store || !m_store->isOpen())
            return;
        const QList<ConversationSummary> list = m_store->listConversations();
        QMetaObject::invokeMethod(this, [this, list] { emit listed(list); }, Qt::QueuedConnection);
    });
}

void History::postListWrite(std::function<bool(ConversationStore &)> change)
{
    postWrite([this, change = std::move(change)] {
        if (!m_store || !m_store->isOpen())
            return true;
        if (!change(*m_store)) {
            if (m_store->isBusy())
                return false;
            reportFailure(m_store->lastError());
        }
        QMetaObject::invokeMethod(this, [this] { emit listChanged(); }, Qt::QueuedConnection);
        return true;
    });
}

void History::rename(qint64 id, const QString &title)
{
    postListWrite(
        [id, title](ConversationStore &store) { return store.renameConversation(id, title); });
}

void History::trash(qint64 id)
{
    postListWrite([id](ConversationStore &store) { return store.trashConversation(id); });
}

void History::restore(qint64 id)
{
    postListWrite([id](ConversationStore &store) { return store.restoreConversation(id); });
}

void History::load(qint64 id, int focusPosition, int eagerTurns)
{
    post([this, id, focusPosition, eagerTurns] {
        LoadedConversation c;
        c.id = id;
        c.focusPosition = focusPosition;
        std::optional<TranscriptData> data;
        if (m_store && m_store->isOpen())
            data = transcriptFromStore(*m_store, id);
        if (!data) {
            c.error = m_store && !m_store->lastError().isEmpty()
                          ? m_store->lastError()
                          : Tr::tr("The conversation is no longer in the history.");
            QMetaObject::invokeMethod(this, [this, c] { emit loaded(c); }, Qt::QueuedConnection);
            return;
        }
        c.title = data->title;
        c.parameters = data->parameters;
        c.turns = std::move(data->turns);

        // Thumbnails are decoded here (never on the GUI thread), each image once, on the worker pool:
        // first those of the turns shown at once, then, after loaded(), all the others.
        const int count = int(c.turns.size());
        int from = std::max(0, count - eagerTurns);
        if (focusPosition >= 0)
            from = std::min(from, std::max(0, focusPosition - 1));
        auto decode = [](const QList<QPair<QByteArray, QByteArray>> &work) {
            QList<QImage> images = QtConcurrent::blockingMapped(work, [](const QPair<QByteArray, QByteArray> &w) {
                return thumbnailFromBytes(w.second, ThumbnailHeight);
            });
            QHash<QByteArray, QImage> bySha;
            for (int i = 0; i < work.size(); ++i)
                bySha.insert(work.at(i).first, images.at(i));
            return bySha;
        };
        auto collect = [&c](int first, int last, const QHash<QByteArray, QImage> &done) {
            QList<QPair<QByteArray, QByteArray>> work;
            QSet<QByteArray> seen;
            for (int t = first; t < last; ++t) {
                for (const TurnImage &img : std::as_const(c.turns.at(t).images)) {
                    const QByteArray key = thumbnailKey(img);
                    if (!done.contains(key) && !seen.contains(key)) {
                        seen.insert(key);
                        work.append({key, img.data});
                    }
                }
            }
            return work;
        };
        const QHash<QByteArray, QImage> eager = decode(collect(from, count, {}));
        for (Turn &t : c.turns) {
            for (TurnImage &img : t.images)
                img.thumbnail = eager.value(thumbnailKey(img));
        }
        QMetaObject::invokeMethod(this, [this, c] { emit loaded(c); }, Qt::QueuedConnection);
        if (from == 0)
            return;
        // The others on a thread of idle priority: they must not slow the window (or the saving)
        // down while it shows the conversation. The destructor waits for it.
        const QList<QPair<QByteArray, QByteArray>> work = collect(0, from, eager);
        if (work.isEmpty())
            return;
        m_background->start([this, id, work] {
            QHash<QByteArray, QImage> rest;
            for (const auto &w : work)
                rest.insert(w.first, thumbnailFromBytes(w.second, ThumbnailHeight));
            QMetaObject::invokeMethod(this, [this, id, rest] { emit thumbnailsReady(id, rest); }, Qt::QueuedConnection);
        });
    });
}

QByteArray History::thumbnailKey(const TurnImage &image)
{
    // The bytes sent identify the picture; the original's hash alone could stand for two variants.
    return image.sha256 + '/' + QByteArray::number(image.sentBytes);
}

void History::search(const QString &query)
{
    post([this, query] {
        QList<SearchHit> hits;
        if (m_store && m_store->isOpen())
            hits = m_store->search(query, 200);
        QMetaObject::invokeMethod(this, [this, query, hits] { emit searched(query, hits); }, Qt::QueuedConnection);
    });
}

void History::exportTo(qint64 id, const QString &path, TranscriptFormat format)
{
    // Queued like a write, so it runs after the writes before it even while they wait for a lock.
    postWrite([this, id, path, format] {
        QString error;
        bool ok = false;
        const std::optional<TranscriptData> data =
            m_store && m_store->isOpen() ? transcriptFromStore(*m_store, id) : std::nullopt;
        if (!data && m_store && m_store->isOpen() && m_store->isBusy())
            return false;
        if (!data)
            error = Tr::tr("the conversation could not be read from the history.");
        else
            ok = writeTranscript(*data, path, format, &error);
        QMetaObject::invokeMethod(this, [this, ok, path, error] { emit exported(ok, path, error); }, Qt::QueuedConnection);
        return true;
    });
}

void History::importFrom(const QString &path)
{
    post([this, path] {
        QString error;
        qint64 id = 0;
        QString title;
        const std::optional<TranscriptData> data = readJsonFile(path, &error);
        if (data) {
            if (!m_store || !m_store->isOpen()) {
                error = Tr::tr("the history is not open.");
            } else {
                title = data->title.isEmpty() ? QFileInfo(path).completeBaseName() : data->title;
                id = importTranscript(*m_store, *data, title, &error);
            }
        }
        QMetaObject::invokeMethod(this, [this, id, title, error] {
            emit imported(id, title, error);
            if (id != 0)
                emit listChanged();
        }, Qt::QueuedConnection);
    });
}

void History::bind(quint64 key, qint64 id)
{
    m_ids.insert(key, id);
    postWrite([this, key, id] { // in order with the writes, behind an open waiting for a lock
        m_workerIds.insert(key, id);
        m_turnIds.insert(key, m_store && m_store->isOpen() ? m_store->turnIds(id) : QList<qint64>());
        return true;
    });
}

void History::recordTurn(quint64 key, int position, const Turn &turn, const QString &title,
                         const ChatParameters &parameters)
{
    // Tried again whole while the file is locked: creating is once per key, saving a position twice is one save.
    postWrite([this, key, position, turn, title, parameters] {
        if (!m_store || !m_store->isOpen())
            return true;
        qint64 id = m_workerIds.value(key);
        if (id == 0) {
            id = m_store->createConversation(title.isEmpty() ? titleFromPrompt(turn.prompt) : title, parameters);
            if (id == 0) {
                if (m_store->isBusy())
                    return false;
                reportFailure(Tr::tr("The conversation could not be saved: %1").arg(m_store->lastError()));
                return true;
            }
            m_workerIds.insert(key, id);
            QMetaObject::invokeMethod(this, [this, key, id] {
                m_ids.insert(key, id);
                emit conversationSaved(key, id);
            }, Qt::QueuedConnection);
        }
        const qint64 turnId = m_store->saveTurn(id, position, turn);
        if (turnId == 0) {
            if (m_store->isBusy())
                return false;
            reportFailure(Tr::tr("A turn could not be saved: %1").arg(m_store->lastError()));
            return true;
        }
        QList<qint64> &ids = m_turnIds[key];
        if (ids.size() <= position)
            ids.resize(position + 1);
        ids[position] = turnId;
        m_lastFailure.clear();
        QMetaObject::invokeMethod(this, [this] { emit listChanged(); }, Qt::QueuedConnection);
        return true;
    });
}

void History::recordProgress(quint64 key, int position, const QString &answer, Turn::State state)
{
    postWrite([this, key, position, answer, state] {
        if (!m_store || !m_store->isOpen())
            return true;
        const qint64 turnId = m_turnIds.value(key).value(position);
        if (turnId != 0 && !m_store->saveAnswerProgress(turnId, answer, state)) {
            if (m_store->isBusy())
                return false;
            reportFailure(Tr::tr("The answer could not be saved: %1").arg(m_store->lastError()));
        }
        return true;
    });
}

void History::recordTruncate(quint64 key, int position)
{
    postWrite([this, key, position] {
        const qint64 id = m_workerIds.value(key);
        if (!m_store || !m_store->isOpen() || id == 0)
            return true;
        if (!m_store->truncateTurns(id, position)) {
            if (m_store->isBusy())
                return false;
            reportFailure(m_store->lastError());
        }
        QList<qint64> &ids = m_turnIds[key];
        if (ids.size() > position)
            ids.resize(position);
        return true;
    });
}

void History::recordTitle(quint64 key, const QString &title)
{
    postWrite([this, key, title] {
        const qint64 id = m_workerIds.value(key);
        if (!m_store || !m_store->isOpen() || id == 0)
            return true; // saved with the first turn
        if (!m_store->renameConversation(id, title)) {
            if (m_store->isBusy())
                return false;
            reportFailure(m_store->lastError());
        }
        QMetaObject::invokeMethod(this, [this] { emit listChanged(); }, Qt::QueuedConnection);
        return true;
    });
}

void History::recordParameters(quint64 key, const ChatParameters &parameters)
{
    postWrite([this, key, parameters] {
        const qint64 id = m_workerIds.value(key);
        if (!m_store || !m_store->isOpen() || id == 0)
            return true;
        if (!m_store->setParameters(id, parameters)) {
            if (m_store->isBusy())
                return false;
            reportFailure(m_store->lastError());
        }
        return true;
    });
}

} // namespace squint
