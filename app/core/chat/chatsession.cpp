#include "core/chat/chatsession.h"

#include "core/compose/composer.h"
#include "core/compose/traymodel.h"
#include "core/history/history.h"
#include "core/util/error.h"
#include "core/util/format.h"

#include <QCoreApplication>
#include <QNetworkAccessManager>
#include <QLocale>

namespace squint {

namespace {
class Tr
{
    Q_DECLARE_TR_FUNCTIONS(squint::ChatSession)
};
} // namespace

ChatSession::ChatSession(Composer *composer, QNetworkAccessManager *nam, QObject *parent)
    : QObject(parent)
    , m_composer(composer)
    , m_nam(nam)
    , m_conversation(new Conversation(this))
{
    connect(m_conversation, &Conversation::contextChanged, this, &ChatSession::updateContext);

    // Saving as it happens. A streaming answer is saved when the timer fires, at most
    // ProgressIntervalMs after text arrived, so a crash loses at most that much of it.
    m_progressTimer.setSingleShot(true);
    m_progressTimer.setInterval(ProgressIntervalMs);
    connect(&m_progressTimer, &QTimer::timeout, this, &ChatSession::saveProgress);
    connect(m_conversation, &Conversation::turnAdded, this, &ChatSession::recordTurn);
    connect(m_conversation, &Conversation::turnChanged, this, [this](int index) {
        if (m_conversation->at(index).isFinished())
            recordTurn(index); // the end of an answer, or images left out of the context
    });
    connect(m_conversation, &Conversation::answerAppended, this, [this](int index) {
        if (m_progressIndex != index)
            saveProgress();
        m_progressIndex = index;
        if (!m_progressTimer.isActive())
            m_progressTimer.start();
    });
    connect(m_conversation, &Conversation::turnsRemoved, this, [this](int from) {
        if (m_history)
            m_history->recordTruncate(m_historyKey, from);
    });
    connect(m_conversation, &Conversation::titleChanged, this, [this](const QString &title) {
        if (m_history && !title.isEmpty())
            m_history->recordTitle(m_historyKey, title);
    });
}

QNetworkAccessManager *ChatSession::nam() const
{
    return m_nam;
}

ChatSession::~ChatSession()
{
    delete m_call;
}

void ChatSession::setTarget(const ChatTarget &target) { m_target = target; }

void ChatSession::setParameters(const ChatParameters &parameters)
{
    ChatParameters p = parameters;
    p.stream = m_conversation->parameters().stream;
    m_conversation->setParameters(p);
    if (m_history)
        m_history->recordParameters(m_historyKey, p);
    updateContext(); // the system prompt is part of the request the meters measure
}

QString busyOrNoConnection(bool busy, const ChatTarget &target)
{
    if (busy)
        return Tr::tr("Wait for the current answer or stop it first.");
    if (!target.isValid())
        return Tr::tr("Choose a connection first.");
    return {};
}

QString ChatSession::stateBlocker() const
{
    if (const QString why = busyOrNoConnection(isBusy(), m_target); !why.isEmpty())
        return why;
    if (!m_composer)
        return Tr::tr("Nothing to send.");
    return {};
}

QString ChatSession::sendBlocker() const
{
    const QString blocker = stateBlocker();
    return blocker.isEmpty() ? m_composer->evaluation().blocker : blocker;
}

TurnImage turnImageFor(const TrayItem &item)
{
    TurnImage img;
    img.name = item.name;
    // An edited item sends its marked-up copy; the turn still names the original it was made from.
    img.originalPath = item.isEdited() ? item.originalPath : item.path;
    img.sha256 = (item.isEdited() ? item.originalSha256 : item.sha256)
                     .toHex(); // raw in the tray, hex in turns
    img.edits = item.edits;
    img.thumbnail = item.thumbnail;
    img.tokens = item.verdict.tokens;
    QByteArray format = item.info.format;
    // The variant that goes: its file (or its bytes, when no file holds them).
    auto sendVariant = [&](const PreparedImage &variant) {
        format = variant.format;
        img.sentPath = variant.path;
        img.data = variant.path.isEmpty() ? variant.bytes : QByteArray();
        img.sentBytes = variant.byteCount;
        img.sentSize = variant.size;
    };
    switch (item.verdict.state) {
    case ItemVerdict::State::Fitted:
        sendVariant(item.fitted);
        break;
    case ItemVerdict::State::Convert:
    case ItemVerdict::State::Downscale:
        sendVariant(item.prepared);
        break;
    case ItemVerdict::State::Ok:
        if (item.verdict.plan.action == SendPlan::Action::Clean) {
            sendVariant(item.prepared); // the original without its location and camera data
            break;
        }
        [[fallthrough]];
    default:
        img.sentPath = item.path;
        img.sentBytes = item.info.fileBytes;
        img.sentSize = item.info.size;
        break;
    }
    img.mime = mimeForFormat(format);
    return img;
}

QList<TurnImage> sendableImages(const QList<TrayItem> &items)
{
    QList<TurnImage> out;
    for (const TrayItem &item : items) {
        if (item.stage != ItemFacts::Stage::Ready)
            continue;
        switch (item.verdict.state) {
        case ItemVerdict::State::Ok:
        case ItemVerdict::State::Convert:
        case ItemVerdict::State::Downscale:
        case ItemVerdict::State::Fitted:
            out << turnImageFor(item);
            break;
        default:
            break; // failed items are left out (the evaluation said so)
        }
    }
    return out;
}

ChatRequest chatRequestFor(const ChatTarget &target, const ChatParameters &params,
                           const QList<BodyMessage> &history, const Turn &turn)
{
    ChatRequest req;
    req.connection = target.connectionName;
    req.url = target.chatUrl;
    req.token = target.token;
    req.transferTimeoutMs = target.transferTimeoutMs;
    req.body.model = turn.model;
    req.body.system = params.system;
    req.body.messages = history;
    req.body.messages << userMessage(turn, true);
    req.body.stream = params.stream;
    req.body.includeUsage = target.streamOptions;
    req.body.maxTokens = params.maxTokens;
    req.body.maxTokensField = target.maxTokensField;
    req.body.temperature = params.temperature;
    return req;
}

QString phaseStatus(ChatCall::Phase phase)
{
    switch (phase) {
    case ChatCall::Phase::Waiting:
        return Tr::tr("Waiting for the answer…");
    case ChatCall::Phase::Preparing:
        return Tr::tr("Preparing the request…");
    case ChatCall::Phase::Sending:
        return Tr::tr("Sending…");
    default:
        return {};
    }
}

QString retryStatus(int attempt, int delayMs, const ApiError &why)
{
    const QString reason = why.message.isEmpty() ? why.serverMessage : why.message;
    return Tr::tr("%1 Retrying in %2 (attempt %3)…")
        .arg(reason, formatDuration(delayMs / 1000.0))
        .arg(attempt + 1);
}

QString uploadStatus(qint64 sent, qint64 total)
{
    if (total < 256 * 1024)
        return {}; // small requests go in a blink; no progress to show
    const int percent = int(sent * 100 / std::max<qint64>(1, total));
    return percent < 100 ? Tr::tr("Uploading %1 %").arg(percent) : Tr::tr("Waiting for the answer…");
}

void finishTurn(Turn &t, const ChatOutcome &o)
{
    switch (o.status) {
    case ChatOutcome::Status::Completed:
        t.state = Turn::State::Done;
        break;
    case ChatOutcome::Status::Stopped:
        t.state = Turn::State::Stopped;
        break;
    case ChatOutcome::Status::Failed:
        t.state = Turn::State::Failed;
        break;
    }
    t.error = o.error;
    t.usage = o.usage;
    t.finishReason = o.finishReason;
    if (!o.model.isEmpty() && t.model.isEmpty())
        t.model = o.model;
    t.firstTokenMs = o.firstTokenMs;
    t.totalMs = o.totalMs;
    t.status = o.notices.join(QLatin1Char(' ')); // what was changed to get the answer, if anything
}

bool ChatSession::send(QString *error)
{
    const QString blocker = sendBlocker();
    if (!blocker.isEmpty()) {
        setError(error, blocker);
        return false;
    }
    Turn turn;
    turn.prompt = m_composer->prompt();
    turn.askedAt = QDateTime::currentDateTime();
    turn.model = m_composer->modelName();
    turn.connectionName = m_target.connectionName;
    turn.images = sendableImages(m_composer->tray()->items());
    const int index = appendTurn(turn);
    m_composer->clear();
    m_composer->setPrompt(QString());
    startCall(index);
    return true;
}

int ChatSession::appendTurn(const Turn &turn)
{
    if (m_editFrom >= 0) {
        m_conversation->truncate(m_editFrom);
        m_editFrom = -1;
        emit editingChanged(-1);
    }
    if (m_conversation->count() == 0 || m_conversation->title().isEmpty())
        m_conversation->setTitle(titleFromPrompt(turn.prompt.isEmpty() ? Tr::tr("Images") : turn.prompt));
    return m_conversation->append(turn);
}

QList<TrayItem> ChatSession::trayItems(const QList<quint64> &ids) const
{
    QList<TrayItem> items;
    if (!m_composer)
        return items;
    for (quint64 id : ids)
        if (const TrayItem *item = m_composer->tray()->itemById(id))
            items << *item;
    return items;
}

Evaluation ChatSession::evaluateLabelled(const QList<quint64> &trayIds, const QString &prompt) const
{
    if (!m_composer)
        return {};
    RequestContext ctx = m_composer->context();
    ctx.labelImages = true;
    return evaluate(m_composer->profile(), factsOf(trayItems(trayIds)), prompt, ctx);
}

QString ChatSession::labelledBlocker(const QString &prompt) const
{
    const QString blocker = stateBlocker();
    if (blocker.isEmpty() && prompt.trimmed().isEmpty())
        return Tr::tr("Type a question.");
    return blocker;
}

bool ChatSession::sendLabelled(const QList<quint64> &trayIds, const QString &prompt, QString *error)
{
    QString blocker = labelledBlocker(prompt);
    QList<TrayItem> items = trayItems(trayIds);
    if (blocker.isEmpty() && items.size() != trayIds.size())
        blocker = Tr::tr("An image was removed from the tray; open the comparison again.");
    Evaluation ev;
    if (blocker.isEmpty()) {
        ev = evaluateLabelled(trayIds, prompt);
        blocker = ev.blocker;
    }
    if (!blocker.isEmpty()) {
        setError(error, blocker);
        return false;
    }
    for (int i = 0; i < items.size() && i < ev.items.size(); ++i)
        items[i].verdict = ev.items.at(i); // these images as they go in this request
    sendLabelledTurn(sendableImages(items), prompt);
    return true;
}

bool ChatSession::sendLabelledTurnImages(const QList<TurnImage> &images,
                                         const QString &prompt,
                                         QString *error)
{
    QString blocker = labelledBlocker(prompt);
    QList<TurnImage> sent = images;
    if (blocker.isEmpty()) {
        // The images as they were sent, measured against the model chosen now.
        QList<ItemFacts> facts;
        for (const TurnImage &image : images) {
            ItemFacts f;
            f.stage = ItemFacts::Stage::Ready;
            f.name = image.name;
            f.info.format = image.mime.section(QLatin1Char('/'), 1).toLatin1();
            f.info.size = image.sentSize;
            f.info.fileBytes = image.sentBytes;
            facts << f;
        }
        RequestContext ctx = m_composer->context();
        ctx.labelImages = true;
        const Evaluation ev = evaluate(m_composer->profile(), facts, prompt, ctx);
        for (int i = 0; blocker.isEmpty() && i < ev.items.size(); ++i) {
            const ItemVerdict::State state = ev.items.at(i).state;
            if (state == ItemVerdict::State::Convert || state == ItemVerdict::State::Downscale)
                blocker = Tr::tr("“%1” would have to be converted or scaled down for %2: add these images to the tray "
                                 "and compare them there.")
                              .arg(images.at(i).name, m_composer->profile().displayName);
            else
                sent[i].tokens = ev.items.at(i).tokens;
        }
        if (blocker.isEmpty())
            blocker = ev.blocker;
    }
    if (!blocker.isEmpty()) {
        setError(error, blocker);
        return false;
    }
    sendLabelledTurn(sent, prompt);
    return true;
}

void ChatSession::sendLabelledTurn(QList<TurnImage> images, const QString &prompt)
{
    Turn turn;
    turn.prompt = prompt.trimmed();
    turn.askedAt = QDateTime::currentDateTime();
    turn.model = m_composer->modelName();
    turn.connectionName = m_target.connectionName;
    turn.labelImages = true;
    turn.images = std::move(images);
    const int index = appendTurn(turn);
    startCall(index);
}

bool ChatSession::adoptTurn(const Turn &turn)
{
    if (isBusy() || !turn.isFinished())
        return false;
    Turn t = turn;
    t.status.clear();
    appendTurn(t);
    if (m_composer) {
        m_composer->clear();
        m_composer->setPrompt(QString());
    }
    return true;
}

void ChatSession::startCall(int index)
{
    const Turn &turn = m_conversation->at(index);
    const ChatRequest req = chatRequestFor(m_target, m_conversation->parameters(),
                                           m_conversation->contextBefore(index), turn);

    m_callTurn = turn.id;
    m_lastUploadStatus.clear();
    m_call = new ChatCall(m_nam, req, this);
    ChatCall *call = m_call;
    const quint64 id = turn.id;
    auto indexNow = [this, id] { return m_conversation->indexOf(id); };

    connect(call, &ChatCall::textReceived, this, [this, indexNow](const QString &delta) {
        m_conversation->appendAnswer(indexNow(), delta);
    });
    connect(call, &ChatCall::reasoningReceived, this, [this, indexNow](const QString &delta) {
        const int i = indexNow();
        if (i < 0)
            return;
        Turn t = m_conversation->at(i);
        t.reasoning += delta;
        m_conversation->update(i, t);
    });
    connect(call, &ChatCall::uploadProgress, this, [this, indexNow](qint64 sent, qint64 total) {
        const QString status = uploadStatus(sent, total);
        if (status.isEmpty() || status == m_lastUploadStatus)
            return;
        m_lastUploadStatus = status;
        m_conversation->setStatus(indexNow(), status);
    });
    connect(call, &ChatCall::phaseChanged, this, [this, indexNow](ChatCall::Phase phase) {
        const QString status = phaseStatus(phase);
        if (!status.isEmpty())
            m_conversation->setStatus(indexNow(), status);
    });
    connect(call, &ChatCall::retrying, this, [this, indexNow](int attempt, int delayMs, const ApiError &why) {
        m_conversation->setStatus(indexNow(), retryStatus(attempt, delayMs, why));
    });
    connect(call, &ChatCall::finished, this, [this, call, indexNow](const ChatOutcome &o) {
        const int i = indexNow();
        if (i >= 0) {
            Turn t = m_conversation->at(i);
            finishTurn(t, o);
            m_conversation->update(i, t);
        }
        if (m_call == call) {
            m_call = nullptr;
            m_callTurn = 0;
        }
        call->deleteLater();
        emit busyChanged(false);
        if (i >= 0)
            emit turnFinished(i);
    });
    emit busyChanged(true);
    call->start();
}

void ChatSession::stop()
{
    if (m_call)
        m_call->stop();
}

bool ChatSession::retry(quint64 turnId)
{
    const int i = m_conversation->indexOf(turnId);
    if (i < 0 || isBusy() || !m_target.isValid())
        return false;
    Turn t = m_conversation->at(i);
    if (!t.isFinished())
        return false;
    t.state = Turn::State::Pending;
    t.answer.clear();
    t.reasoning.clear();
    t.error = {};
    t.usage = {};
    t.finishReason.clear();
    t.firstTokenMs = t.totalMs = -1;
    t.connectionName = m_target.connectionName;
    m_conversation->update(i, t);
    startCall(i);
    return true;
}

bool ChatSession::edit(quint64 turnId)
{
    const int i = m_conversation->indexOf(turnId);
    if (i < 0 || isBusy() || !m_composer)
        return false;
    const Turn &t = m_conversation->at(i);
    m_composer->clear();
    QStringList paths;
    for (const TurnImage &img : t.images)
        if (!img.originalPath.isEmpty())
            paths << img.originalPath;
    if (!paths.isEmpty())
        m_composer->addPaths(paths);
    m_composer->setPrompt(t.prompt);
    m_editFrom = i;
    updateContext();
    emit promptRestored(t.prompt);
    emit editingChanged(i);
    return true;
}

void ChatSession::cancelEdit()
{
    if (m_editFrom < 0)
        return;
    m_editFrom = -1;
    updateContext();
    emit editingChanged(-1);
}

void ChatSession::setImagesInContext(quint64 turnId, bool include)
{
    m_conversation->setImagesInContext(m_conversation->indexOf(turnId), include);
}

void ChatSession::newConversation()
{
    stop();
    saveProgress();
    m_editFrom = -1;
    ++m_historyKey; // a new conversation: the history gives it an id with its first turn
    m_conversation->clear();
    updateContext();
    emit editingChanged(-1);
    emit storeIdChanged(0);
}

void ChatSession::setHistory(History *history)
{
    if (m_history)
        disconnect(m_history, nullptr, this, nullptr);
    m_history = history;
    if (m_history) {
        connect(m_history, &History::conversationSaved, this, [this](quint64 key, qint64 id) {
            if (key == m_historyKey)
                emit storeIdChanged(id);
        });
    }
}

History *ChatSession::history() const
{
    return m_history;
}

qint64 ChatSession::storeId() const
{
    return m_history ? m_history->idFor(m_historyKey) : 0;
}

void ChatSession::openConversation(const LoadedConversation &loaded)
{
    stop();
    saveProgress();
    m_editFrom = -1;
    ++m_historyKey;
    if (m_history)
        m_history->bind(m_historyKey, loaded.id);
    ChatParameters p = loaded.parameters;
    m_conversation->replace(loaded.title, p, loaded.turns);
    updateContext();
    emit editingChanged(-1);
    emit storeIdChanged(loaded.id);
}

void ChatSession::rename(const QString &title)
{
    const QString t = title.simplified();
    if (!t.isEmpty())
        m_conversation->setTitle(t);
}

void ChatSession::recordTurn(int index)
{
    if (!m_history || index < 0 || index >= m_conversation->count())
        return;
    if (index == m_progressIndex)
        m_progressTimer.stop(); // the whole turn is saved now
    m_history->recordTurn(m_historyKey, index, m_conversation->at(index), m_conversation->title(),
                          m_conversation->parameters());
}

void ChatSession::saveProgress()
{
    m_progressTimer.stop();
    const int index = m_progressIndex;
    if (!m_history || index < 0 || index >= m_conversation->count())
        return;
    const Turn &t = m_conversation->at(index);
    if (!t.isFinished()) // a finished turn was saved whole
        m_history->recordProgress(m_historyKey, index, t.answer, t.state);
}

void ChatSession::updateContext()
{
    if (!m_composer)
        return;
    const int upTo = m_editFrom >= 0 ? m_editFrom : m_conversation->count();
    RequestContext ctx;
    ctx.system = m_conversation->parameters().system;
    ctx.history = m_conversation->contextBefore(upTo);
    ctx.historyImageTokens = m_conversation->contextImageTokens(upTo);
    m_composer->setContext(ctx);
}

} // namespace squint
