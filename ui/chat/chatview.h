#pragma once

#include "core/chat/conversation.h"

#include <QHash>
#include <QImage>
#include <QList>
#include <QPointer>
#include <QSet>
#include <QString>
#include <QStringList>
#include <QTextBrowser>
#include <QTextCursor>
#include <QTimer>
#include <QUrl>

class QTextFrame;

namespace squint {

/// The chat history pane: renders a Conversation (prompts as plain text with their image thumbnails,
/// answers as Markdown) and follows its signals, changing only the part of the document that changed.
///
/// Each turn is a frame of the document holding the prompt blocks, the answer frame (a header line
/// with the model name and the transient status, then the Markdown) and the footer blocks (figures,
/// stopped or error lines, action links). Streamed text only marks its turn dirty; a single-shot
/// timer then re-renders that answer, and only its tail: the blocks that later text can no longer
/// change (see stableMarkdownEnd) are committed and left alone, so a render costs the last block or
/// two, not the whole answer, and never touches the rest of the history.
///
/// Nothing is ever fetched: the document serves only its own `squint-image:` thumbnails, links in
/// answers open in the browser only when clicked (http, https and mailto), and the actions are
/// `squint-action:` links that the answers themselves cannot carry.
class ChatView final : public QTextBrowser
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ChatView)
public:
    /// Names of the per-turn actions, for activateAction() and availableActions().
    static inline const QString CopyAction = QStringLiteral("copy");
    static inline const QString RetryAction = QStringLiteral("retry");
    static inline const QString RegenerateAction = QStringLiteral("regenerate");
    static inline const QString EditAction = QStringLiteral("edit");
    static inline const QString LeaveImagesOutAction = QStringLiteral("leave-images-out");
    static inline const QString IncludeImagesAction = QStringLiteral("include-images");
    static inline const QString CompareImagesAction = QStringLiteral("compare-images");
    /// The link above a long conversation's first shown turn.
    static inline const QString EarlierAction = QStringLiteral("earlier");
    /// A conversation opens showing at most this many of its last turns.
    static constexpr int InitialTurns = 30;
    /// "Show earlier turns" adds this many.
    static constexpr int EarlierChunk = 50;

    /// Scheme of the thumbnails' resource URLs, and of the action links.
    static inline const QString ImageScheme = QStringLiteral("squint-image");
    static inline const QString ActionScheme = QStringLiteral("squint-action");

    /// How long streamed text waits before its answer is re-rendered, in milliseconds.
    static constexpr int RenderDelayMs = 40;
    /// Thumbnails are shown at most this high, in device-independent pixels.
    static constexpr int ThumbnailHeight = 96;

    explicit ChatView(QWidget *parent = nullptr);
    ~ChatView() override;

    /// Renders `conversation` (may be null: nothing) and follows its changes from now on.
    void setConversation(Conversation *conversation);
    Conversation *conversation() const { return m_conversation; }

    /// The actions turn `turnId` offers now, in the order shown (CopyAction, RetryAction...).
    QStringList availableActions(quint64 turnId) const;
    /// Does what clicking the action's link does. Returns false (and does nothing) when the turn
    /// does not exist or does not offer that action now.
    bool activateAction(const QString &action, quint64 turnId);
    /// The link an action's anchor carries, e.g. squint-action:copy/7.
    static QUrl actionUrl(const QString &action, quint64 turnId);
    /// The resource URL of image `index` of turn `turnId`.
    static QUrl imageUrl(quint64 turnId, int index);

    /// Renders earlier turns above the first shown one (EarlierChunk, or down to turn `atLeastTo`),
    /// keeping what is on the screen in place. Returns the index of the first turn shown now.
    int showEarlier(int atLeastTo = -1);
    /// Renders the conversation again, showing turn `focus` (-1: the end).
    void rebuildFrom(int focus);
    /// Scrolls turn `index` to the top (rendering it first if needed) and highlights the words of
    /// `highlight` in it (a search's words).
    void showTurn(int index, const QString &highlight = {});
    /// Index of the first turn rendered; earlier ones wait for showEarlier().
    int firstShownTurn() const { return m_firstShown; }
    int renderedTurnCount() const;
    /// How many times an answer has been (re-)rendered as Markdown so far.
    int renderCount() const { return m_renderCount; }
    /// Whether the view keeps itself scrolled to the bottom as the content grows.
    bool isFollowingBottom() const { return m_followBottom; }
    /// Where the part of streamed Markdown `text` that later text cannot change ends (at least `from`).
    static int stableMarkdownEnd(const QString &text, int from = 0);
    /// The text shown while the conversation is empty.
    static QString emptyText();

    /// Serves only the thumbnails (`squint-image:` URLs); anything else, remote or local, is empty.
    QVariant loadResource(int type, const QUrl &name) override;

signals:
    /// Retry (a failed or stopped turn) or Regenerate (the last answered turn) was clicked.
    void retryRequested(quint64 turnId);
    /// Edit was clicked: the prompt should go back into the prompt editor.
    void editRequested(quint64 turnId);
    /// "Leave images out" (include false) or "Include images" (include true) was clicked.
    void imagesInContextRequested(quint64 turnId, bool include);
    /// "Compare images" was clicked on a turn with 2 to 4 images.
    void compareImagesRequested(quint64 turnId);
    /// The answer of `turnId` was copied to the clipboard.
    void copied(quint64 turnId);

protected:
    void showEvent(QShowEvent *event) override;

private:
    struct TurnRecord
    {
        quint64 id = 0;
        QPointer<QTextFrame> frame;  ///< the whole turn
        QPointer<QTextFrame> answer; ///< header block, then the Markdown
        QString promptKey;           ///< what the prompt blocks were last rendered from
        QString headerKey;
        QString footerKey;
        QString renderedAnswer; ///< the Markdown the answer frame shows
        bool answerRendered = false;
        int committed = 0; ///< characters of renderedAnswer rendered for good (see stableMarkdownEnd)
        QTextCursor committedEnd; ///< where the committed part ends in the document, when committed > 0
        bool inParts = false;     ///< rendered while streaming: the parts were parsed apart
    };

    void onAnchorClicked(const QUrl &url);
    void onTurnAdded(int index);
    void onTurnChanged(int index);
    void onAnswerAppended(int index);
    void onTurnsRemoved(int from);
    void renderDirty();

    void rebuild();
    void appendTurn(QTextCursor &cursor, int index);
    void insertTurn(QTextCursor &cursor, int index);
    void renderEarlierLink();
    /// Re-renders whatever of turn `index` changed since it was last rendered.
    void refreshTurn(int index, bool withAnswer);
    void renderPrompt(TurnRecord &record, const Turn &turn);
    void renderHeader(TurnRecord &record, const Turn &turn);
    void renderAnswer(TurnRecord &record, const Turn &turn);
    void insertMarkdown(QTextCursor &cursor, const QString &markdown);
    void renderFooter(TurnRecord &record, const Turn &turn, bool isLast);
    QStringList actionsFor(const Turn &turn, bool isLast) const;
    void updateEmptyState();
    void keepBottom();

    QPointer<Conversation> m_conversation;
    QList<TurnRecord> m_records;     ///< one per turn, in the conversation's order
    QHash<QString, QImage> m_images; ///< thumbnails by resource URL
    QSet<quint64> m_dirty;           ///< turns whose streamed answer waits for a render
    QTimer m_renderTimer;
    QList<QMetaObject::Connection> m_connections;
    int m_renderCount = 0;
    int m_firstShown = 0;
    bool m_followBottom = true;
    bool m_adjustingScroll = false;
};

} // namespace squint
