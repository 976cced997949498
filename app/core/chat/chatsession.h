#pragma once

#include "core/chat/chatcall.h"
#include "core/chat/chattarget.h"
#include "core/chat/conversation.h"
#include "core/compose/evaluation.h"

#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QUrl>

class QNetworkAccessManager;

namespace squint {

class Composer;
class History;
struct LoadedConversation;
struct TrayItem;

/// The conversation in the window: turns the Composer's prompt and tray into a turn, sends it with
/// the earlier turns as context, follows the call into the Conversation, and offers Stop, Retry,
/// Edit and leaving earlier images out. No widgets: the window forwards user actions.
/// The image as it goes with a turn: the variant the tray's verdict chose (fitted, converted or the
/// original), with its thumbnail and token estimate.
TurnImage turnImageFor(const TrayItem &item);
/// The images of `items` that go with a turn, in order (loaded ones whose verdict lets them go).
QList<TurnImage> sendableImages(const QList<TrayItem> &items);
/// The request that sends turn `turn` after `history` (earlier messages) to `target`.
ChatRequest chatRequestFor(const ChatTarget &target, const ChatParameters &parameters,
                           const QList<BodyMessage> &history, const Turn &turn);
/// The status line of a turn while its call is in `phase` (empty for phases that show none).
QString phaseStatus(ChatCall::Phase phase);
/// The status line while a call waits `delayMs` before attempt `attempt` + 1.
QString retryStatus(int attempt, int delayMs, const ApiError &why);
/// The status line of an upload at `percent` (sent of total bytes; small uploads show none: empty).
QString uploadStatus(qint64 sent, qint64 total);
/// Puts a finished call's outcome into its turn (state, error, usage, times; status cleared).
void finishTurn(Turn &turn, const ChatOutcome &outcome);
/// Why nothing can be asked now, whatever the question: an answer is still coming (`busy`) or there
/// is no connection to send to (`target`). Empty when neither. The one rule behind Send, Retry, Ask
/// About These, Continue With (ChatSession) and Compare Models' Send (ModelComparison).
QString busyOrNoConnection(bool busy, const ChatTarget &target);

class ChatSession final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ChatSession)
public:
    ChatSession(Composer *composer, QNetworkAccessManager *nam, QObject *parent = nullptr);
    ~ChatSession() override;

    Conversation *conversation() const { return m_conversation; }
    Composer *composer() const { return m_composer; }
    QNetworkAccessManager *nam() const;

    void setTarget(const ChatTarget &target);
    /// System prompt, temperature and answer length of the next requests; the meters follow.
    void setParameters(const ChatParameters &parameters);
    const ChatTarget &target() const { return m_target; }

    /// A call is in flight.
    bool isBusy() const { return m_call != nullptr; }
    /// Why a new turn can't be sent now (empty when it can).
    QString sendBlocker() const;
    /// Why nothing can be sent now whatever the request (busyOrNoConnection()), or empty.
    QString stateBlocker() const;

    /// Makes a turn of the Composer's prompt and images and sends it. The Composer is emptied (the
    /// turn keeps the prompt and images). Returns false, with *error, when nothing was sent.
    bool send(QString *error = nullptr);
    /// "Ask About These": sends `prompt` with the tray images `trayIds`, in that order, labelled
    /// "Image 1:", "Image 2:"... (so the answer names them as the compare view shows them), as a turn
    /// of this conversation. The prompt box and the tray stay as they are. Returns false, with *error,
    /// when nothing was sent (busy, no connection, over the model's limits...).
    bool sendLabelled(const QList<quint64> &trayIds,
                      const QString &prompt,
                      QString *error = nullptr);
    /// Ask About These for images of an earlier turn (compared from the chat): they go again, in
    /// this order and labelled, as they were sent, when the model chosen now takes them as they are
    /// (else *error says to add them to the tray, where they can be converted or fitted).
    bool sendLabelledTurnImages(const QList<TurnImage> &images,
                                const QString &prompt,
                                QString *error = nullptr);
    /// What sendLabelled() would send those images as, for the model chosen now (its meters).
    Evaluation evaluateLabelled(const QList<quint64> &trayIds, const QString &prompt) const;
    /// Continues the conversation with a turn answered elsewhere (Compare Models): appends it as it
    /// is (it must be finished) and empties the Composer as send() does. Replaces the turns from the
    /// one being edited, if any. Returns false when busy or the turn is not finished.
    bool adoptTurn(const Turn &turn);
    /// Stops the call in flight; what arrived is kept.
    void stop();
    /// Sends turn `turnId` again: a failed or stopped turn (the same request), or a done one (regenerate).
    bool retry(quint64 turnId);
    /// Puts turn `turnId`'s prompt and images back into the Composer; the next send replaces that
    /// turn and the ones after it. Nothing is removed until then.
    bool edit(quint64 turnId);
    void cancelEdit();
    void setImagesInContext(quint64 turnId, bool include);
    /// Starts an empty conversation (stops a call in flight).
    void newConversation();

    /// Saves the conversation as it happens: each turn when it is added and when it ends, a
    /// streaming answer about once a second (ProgressIntervalMs), truncations, the title and the
    /// parameters. Null: nothing is saved.
    void setHistory(History *history);
    History *history() const;
    static constexpr int ProgressIntervalMs = 1000;
    /// Shows a conversation read back from the history (stops a call in flight); what follows is
    /// saved into it.
    void openConversation(const LoadedConversation &loaded);
    /// The history's id of the conversation shown, 0 while it has not been saved.
    qint64 storeId() const;
    /// Saves what streamed since the last save now (before an export, at quit).
    void saveProgressNow() { saveProgress(); }
    /// Renames the conversation shown (and in the history).
    void rename(const QString &title);

signals:
    void busyChanged(bool busy);
    void editingChanged(int fromIndex);
    /// The prompt box should show `text` (after edit()).
    void promptRestored(const QString &text);
    void turnFinished(int index);
    /// The conversation shown got its history id (its first turn was saved) or another one was opened.
    void storeIdChanged(qint64 id);

private:
    void startCall(int index);
    QList<TrayItem> trayItems(const QList<quint64> &ids) const;
    QString labelledBlocker(const QString &prompt) const;
    void sendLabelledTurn(QList<TurnImage> images, const QString &prompt);
    int appendTurn(const Turn &turn);
    void updateContext();
    void recordTurn(int index);
    void saveProgress();

    QPointer<Composer> m_composer;
    QPointer<QNetworkAccessManager> m_nam;
    Conversation *m_conversation = nullptr;
    ChatTarget m_target;
    ChatCall *m_call = nullptr;
    quint64 m_callTurn = 0;
    QString m_lastUploadStatus;
    int m_editFrom = -1;
    QPointer<History> m_history;
    quint64 m_historyKey = 1;
    QTimer m_progressTimer;
    int m_progressIndex = -1;
};

} // namespace squint
