#pragma once

#include "chatclient.h"
#include "chattarget.h"
#include "conversation.h"

#include <QObject>
#include <QPointer>
#include <QUrl>

class QNetworkAccessManager;

namespace squint {

class Composer;
struct TrayItem;

/// The conversation in the window: turns the Composer's prompt and tray into a turn, sends it with
/// the earlier turns as context, follows the call into the Conversation, and offers Stop, Retry,
/// Edit and leaving earlier images out. No widgets: the window forwards user actions.
class ChatSession final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ChatSession)
public:
    ChatSession(Composer *composer, QNetworkAccessManager *nam, QObject *parent = nullptr);
    ~ChatSession() override;

    Conversation *conversation() const { return m_conversation; }
    Composer *composer() const { return m_composer; }

    void setTarget(const ChatTarget &target);
    /// System prompt, temperature and answer length of the next requests; the meters follow.
    void setParameters(const ChatParameters &parameters);
    const ChatTarget &target() const { return m_target; }

    /// A call is in flight.
    bool isBusy() const { return m_call != nullptr; }
    /// Why a new turn can't be sent now (empty when it can).
    QString sendBlocker() const;

    /// Makes a turn of the Composer's prompt and images and sends it. The Composer is emptied (the
    /// turn keeps the prompt and images). Returns false, with *why, when nothing was sent.
    bool send(QString *why = nullptr);
    /// Stops the call in flight; what arrived is kept.
    void stop();
    /// Sends turn `turnId` again: a failed or stopped turn (the same request), or a done one (regenerate).
    bool retry(quint64 turnId);
    /// Puts turn `turnId`'s prompt and images back into the Composer; the next send replaces that
    /// turn and the ones after it. Nothing is removed until then.
    bool edit(quint64 turnId);
    void cancelEdit();
    /// Index of the turn being edited, or -1.
    int editingFrom() const { return m_editFrom; }
    void setImagesInContext(quint64 turnId, bool include);
    /// Starts an empty conversation (stops a call in flight).
    void newConversation();

signals:
    void busyChanged(bool busy);
    void editingChanged(int fromIndex);
    /// The prompt box should show `text` (after edit()).
    void promptRestored(const QString &text);
    void turnFinished(int index);

private:
    void startCall(int index);
    void updateContext();
    TurnImage turnImageFor(const TrayItem &item) const;

    QPointer<Composer> m_composer;
    QPointer<QNetworkAccessManager> m_nam;
    Conversation *m_conversation = nullptr;
    ChatTarget m_target;
    ChatCall *m_call = nullptr;
    quint64 m_callTurn = 0;
    int m_lastPercent = -1;
    int m_editFrom = -1;
};

} // namespace squint
