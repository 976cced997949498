#include "ui/chat/chatview.h"

#include "ui/chat/safedocument.h"

#include "core/chat/conversation.h"
#include "core/util/format.h"

#include <QClipboard>
#include <QDesktopServices>
#include <QGuiApplication>
#include <QLocale>
#include <QMimeData>
#include <QScrollBar>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextDocument>
#include <QTextDocumentFragment>
#include <QTextFrame>
#include <QTextTable>

#include <functional>
#include <utility>

namespace squint {

namespace {

QColor mix(const QColor &a, const QColor &b, double t)
{
    return QColor::fromRgbF(float(a.redF() * (1 - t) + b.redF() * t),
                            float(a.greenF() * (1 - t) + b.greenF() * t),
                            float(a.blueF() * (1 - t) + b.blueF() * t));
}

QTextCharFormat plainFormat()
{
    return QTextCharFormat();
}

QTextCharFormat boldFormat()
{
    QTextCharFormat f;
    f.setFontWeight(QFont::Bold);
    return f;
}

QTextCharFormat smallFormat(const QColor &color)
{
    QTextCharFormat f;
    f.setProperty(QTextFormat::FontSizeAdjustment, -1);
    f.setForeground(color);
    return f;
}

/// Where the figures and actions of a turn come from, and how they are shown.
struct FooterLine
{
    enum class Style { Note, Error, Hint, Meta };
    Style style = Style::Note;
    QString text;
};

/// Whether `line` (a line of Markdown without its newline; `complete` when the newline has arrived)
/// is, or may still become, a list item.
bool mayBeListItem(QStringView line, bool complete)
{
    if (line.isEmpty())
        return !complete;
    const QChar first = line.at(0);
    if (first == QLatin1Char('-') || first == QLatin1Char('*') || first == QLatin1Char('+'))
        return line.size() == 1 || line.at(1).isSpace();
    int digits = 0;
    while (digits < line.size() && digits < 10 && line.at(digits).isDigit())
        ++digits;
    if (digits == 0 || digits > 9)
        return false;
    if (digits == line.size())
        return !complete;
    const QChar delimiter = line.at(digits);
    if (delimiter != QLatin1Char('.') && delimiter != QLatin1Char(')'))
        return false;
    return digits + 1 == line.size() || line.at(digits + 1).isSpace();
}

bool isBlank(QStringView line)
{
    for (const QChar ch : line)
        if (!ch.isSpace())
            return false;
    return true;
}

} // namespace

/// Where the part of streamed Markdown `text` that no later text can change ends: the start of
/// the last top-level block, after a blank line, outside code fences, that no continuation can
/// join to what comes before (not indented, not a list item, not after a table). At least `from`.
/// Each part renders as it would within the whole, so only the part after it is rendered again.
int ChatView::stableMarkdownEnd(const QString &text, int from)
{
    int best = from;
    bool inFence = false;
    QChar fenceChar;
    qsizetype fenceLength = 0;
    bool previousBlank = false;
    bool afterTable = false; ///< the last non-blank line had a '|': a table may go on
    qsizetype pos = 0;
    while (pos < text.size()) {
        const qsizetype newline = text.indexOf(QLatin1Char('\n'), pos);
        const bool complete = newline >= 0;
        const qsizetype end = complete ? newline : text.size();
        const QStringView line = QStringView(text).mid(pos, end - pos);
        const bool blank = isBlank(line);

        if (!inFence && !blank && previousBlank && !afterTable && pos > best
            && !line.at(0).isSpace() && !mayBeListItem(line, complete)) {
            best = int(pos);
        }

        // Code fences: ``` or ~~~ (three or more) after at most three spaces; a closing fence has
        // the same character, at least as many, and nothing after it.
        qsizetype indent = 0;
        while (indent < line.size() && indent < 4 && line.at(indent) == QLatin1Char(' '))
            ++indent;
        if (complete && indent < 4 && indent < line.size()
            && (line.at(indent) == QLatin1Char('`') || line.at(indent) == QLatin1Char('~'))) {
            const QChar ch = line.at(indent);
            qsizetype run = 0;
            while (indent + run < line.size() && line.at(indent + run) == ch)
                ++run;
            if (run >= 3) {
                if (!inFence) {
                    inFence = true;
                    fenceChar = ch;
                    fenceLength = run;
                } else if (ch == fenceChar && run >= fenceLength
                           && isBlank(line.mid(indent + run))) {
                    inFence = false;
                }
            }
        }
        if (!blank)
            afterTable = line.contains(QLatin1Char('|'));
        previousBlank = blank;
        if (!complete)
            break;
        pos = newline + 1;
    }
    return best;
}

ChatView::ChatView(QWidget *parent)
    : QTextBrowser(parent)
{
    setObjectName(QStringLiteral("chatView"));
    setAccessibleName(tr("Conversation"));
    setOpenLinks(false);
    setOpenExternalLinks(false);
    setUndoRedoEnabled(false);
    setWordWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    setPlaceholderText(emptyText());

    auto *doc = new SafeDocument([this](int type,
                                        const QUrl &name) { return loadResource(type, name); },
                                 this);
    doc->setDocumentMargin(12);
    setDocument(doc);

    m_renderTimer.setObjectName(QStringLiteral("chatRenderTimer"));
    m_renderTimer.setSingleShot(true);
    m_renderTimer.setInterval(RenderDelayMs);
    connect(&m_renderTimer, &QTimer::timeout, this, &ChatView::renderDirty);
    connect(this, &QTextBrowser::anchorClicked, this, &ChatView::onAnchorClicked);

    // Follow the bottom: the user's scrolling decides whether the view sticks to the end; growth of
    // the content (streamed text, a relayout, a resize) keeps it there if it was there.
    QScrollBar *bar = verticalScrollBar();
    connect(bar, &QScrollBar::valueChanged, this, [this, bar](int value) {
        if (!m_adjustingScroll)
            m_followBottom = value >= bar->maximum() - 2;
    });
    connect(bar, &QScrollBar::rangeChanged, this, [this] { keepBottom(); });

    updateEmptyState();
}

ChatView::~ChatView()
{
    for (const QMetaObject::Connection &c : std::as_const(m_connections))
        disconnect(c);
}

void ChatView::showEvent(QShowEvent *event)
{
    // QTextEdit scrolls its (invisible, read-only) text cursor into view on the first show; that is
    // not the user scrolling away from the bottom.
    m_adjustingScroll = true;
    QTextBrowser::showEvent(event);
    m_adjustingScroll = false;
    keepBottom();
}

QString ChatView::emptyText()
{
    return tr("Drop images on the right, type a question, and press Ctrl+Enter.");
}

QUrl ChatView::actionUrl(const QString &action, quint64 turnId)
{
    QUrl url;
    url.setScheme(ActionScheme);
    url.setPath(action + QLatin1Char('/') + QString::number(turnId));
    return url;
}

QUrl ChatView::imageUrl(quint64 turnId, int index)
{
    QUrl url;
    url.setScheme(ImageScheme);
    url.setPath(QString::number(turnId) + QLatin1Char('/') + QString::number(index));
    return url;
}

QVariant ChatView::loadResource(int type, const QUrl &name)
{
    if (type != QTextDocument::ImageResource || name.scheme() != ImageScheme)
        return {};
    const auto it = m_images.constFind(name.toString());
    return it == m_images.constEnd() ? QVariant() : QVariant(*it);
}

void ChatView::setConversation(Conversation *conversation)
{
    for (const QMetaObject::Connection &c : std::as_const(m_connections))
        disconnect(c);
    m_connections.clear();
    m_conversation = conversation;
    if (conversation) {
        m_connections << connect(conversation,
                                 &Conversation::turnAdded,
                                 this,
                                 &ChatView::onTurnAdded)
                      << connect(conversation,
                                 &Conversation::turnChanged,
                                 this,
                                 &ChatView::onTurnChanged)
                      << connect(conversation,
                                 &Conversation::answerAppended,
                                 this,
                                 &ChatView::onAnswerAppended)
                      << connect(conversation,
                                 &Conversation::turnsRemoved,
                                 this,
                                 &ChatView::onTurnsRemoved)
                      << connect(conversation, &Conversation::replaced, this, &ChatView::rebuild)
                      << connect(conversation, &Conversation::thumbnailsChanged, this, [this](int index) {
                             if (index >= 0 && index < m_records.size() && m_records.at(index).frame) {
                                 QTextCursor cursor(document());
                                 cursor.beginEditBlock();
                                 refreshTurn(index, false);
                                 cursor.endEditBlock();
                             }
                         })
                      << connect(conversation, &QObject::destroyed, this, [this] {
                             setConversation(nullptr);
                         });
    }
    rebuild();
}

// --- Actions -----------------------------------------------------------------------------------

QStringList ChatView::actionsFor(const Turn &turn, bool isLast) const
{
    QStringList out;
    if (!turn.isFinished())
        return out;
    if (!turn.answer.isEmpty())
        out << CopyAction;
    if (turn.state == Turn::State::Failed || turn.state == Turn::State::Stopped)
        out << RetryAction;
    else if (turn.state == Turn::State::Done && isLast)
        out << RegenerateAction;
    out << EditAction;
    if (!turn.images.isEmpty())
        out << (turn.imagesInContext ? LeaveImagesOutAction : IncludeImagesAction);
    if (turn.images.size() >= 2 && turn.images.size() <= 4)
        out << CompareImagesAction;
    return out;
}

QStringList ChatView::availableActions(quint64 turnId) const
{
    if (!m_conversation)
        return {};
    const int index = m_conversation->indexOf(turnId);
    if (index < 0)
        return {};
    return actionsFor(m_conversation->at(index), index == m_conversation->count() - 1);
}

bool ChatView::activateAction(const QString &action, quint64 turnId)
{
    if (!availableActions(turnId).contains(action))
        return false;
    // `turn` is not used after a signal: a receiver may change the conversation.
    const Turn &turn = *m_conversation->byId(turnId);
    if (action == CopyAction) {
        auto *mime = new QMimeData;
        mime->setText(turn.answer);
        mime->setData(QStringLiteral("text/markdown"), turn.answer.toUtf8());
        QGuiApplication::clipboard()->setMimeData(mime);
        emit copied(turnId);
    } else if (action == RetryAction || action == RegenerateAction) {
        emit retryRequested(turnId);
    } else if (action == EditAction) {
        emit editRequested(turnId);
    } else if (action == LeaveImagesOutAction) {
        emit imagesInContextRequested(turnId, false);
    } else if (action == IncludeImagesAction) {
        emit imagesInContextRequested(turnId, true);
    } else if (action == CompareImagesAction) {
        emit compareImagesRequested(turnId);
    }
    return true;
}

void ChatView::onAnchorClicked(const QUrl &url)
{
    if (url.scheme() == ActionScheme) {
        const QString path = url.path();
        if (path.section(QLatin1Char('/'), 0, 0) == EarlierAction) {
            showEarlier();
            return;
        }
        bool ok = false;
        const quint64 id = path.section(QLatin1Char('/'), 1, 1).toULongLong(&ok);
        if (ok)
            activateAction(path.section(QLatin1Char('/'), 0, 0), id);
        return;
    }
    if (isSafeLink(url))
        QDesktopServices::openUrl(url);
    // Anything else (file:, relative links, other schemes) is ignored.
}

// --- Following the conversation ----------------------------------------------------------------

void ChatView::onTurnAdded(int index)
{
    if (!m_conversation)
        return;
    if (index != m_records.size() || index >= m_conversation->count()) {
        rebuild(); // not an append: start over (the conversation only appends today)
        return;
    }
    QTextCursor cursor(document());
    cursor.beginEditBlock();
    appendTurn(cursor, index);
    // The turn before is no longer the last one: its Regenerate goes.
    if (index > 0)
        refreshTurn(index - 1, false);
    cursor.endEditBlock();
    updateEmptyState();
}

void ChatView::onTurnChanged(int index)
{
    if (!m_conversation || index < 0 || index >= m_records.size()
        || index >= m_conversation->count())
        return;
    if (m_records.at(index).id != m_conversation->at(index).id) {
        rebuild();
        return;
    }
    QTextCursor cursor(document());
    cursor.beginEditBlock();
    refreshTurn(index, true);
    cursor.endEditBlock();
}

void ChatView::onAnswerAppended(int index)
{
    if (!m_conversation || index < 0 || index >= m_records.size())
        return;
    m_dirty.insert(m_records.at(index).id);
    if (!m_renderTimer.isActive())
        m_renderTimer.start();
}

void ChatView::onTurnsRemoved(int from)
{
    if (from <= 0 || from > m_records.size() || !m_conversation) {
        rebuild();
        return;
    }
    if (from == m_records.size())
        return;
    if (from <= m_firstShown) {
        rebuild();
        return;
    }
    QTextCursor cursor(document());
    cursor.beginEditBlock();
    QTextFrame *first = m_records.at(from).frame;
    // From the start of the turn's frame to the end: what remains ends as after an append.
    cursor.setPosition(first->firstPosition() - 1);
    cursor.movePosition(QTextCursor::End, QTextCursor::KeepAnchor);
    cursor.removeSelectedText();
    for (int i = from; i < m_records.size(); ++i) {
        const QString prefix = imageUrl(m_records.at(i).id, 0).toString().chopped(1);
        m_dirty.remove(m_records.at(i).id);
        for (auto it = m_images.begin(); it != m_images.end();) {
            if (it.key().startsWith(prefix))
                it = m_images.erase(it);
            else
                ++it;
        }
    }
    m_records.erase(m_records.begin() + from, m_records.end());
    // The new last turn may offer Regenerate now.
    if (from - 1 < m_conversation->count())
        refreshTurn(from - 1, false);
    cursor.endEditBlock();
    updateEmptyState();
}

void ChatView::renderDirty()
{
    if (!m_conversation) {
        m_dirty.clear();
        return;
    }
    const QSet<quint64> dirty = std::exchange(m_dirty, {});
    for (const quint64 id : dirty) {
        const int index = m_conversation->indexOf(id);
        if (index < 0 || index >= m_records.size() || m_records.at(index).id != id || !m_records.at(index).answer)
            continue;
        renderAnswer(m_records[index], m_conversation->at(index));
    }
}

void ChatView::rebuild()
{
    rebuildFrom(-1);
}

void ChatView::rebuildFrom(int focus)
{
    m_renderTimer.stop();
    m_dirty.clear();
    m_records.clear();
    m_images.clear();
    setExtraSelections({});
    document()->clear();
    m_followBottom = true;
    const int count = m_conversation ? m_conversation->count() : 0;
    // A long conversation shows its last InitialTurns (or from the turn to show); the earlier ones
    // are a link away, so opening costs the same for 30 turns or 3,000.
    m_firstShown = std::max(0, count - InitialTurns);
    if (focus >= 0)
        m_firstShown = std::min(m_firstShown, std::max(0, focus - 1));
    if (count > 0) {
        m_records.resize(m_firstShown);
        for (int i = 0; i < m_firstShown; ++i)
            m_records[i].id = m_conversation->at(i).id;
        QTextCursor cursor(document());
        cursor.beginEditBlock();
        renderEarlierLink();
        for (int i = m_firstShown; i < count; ++i)
            appendTurn(cursor, i);
        cursor.endEditBlock();
    }
    updateEmptyState();
}

void ChatView::renderEarlierLink()
{
    QTextCursor c(document()->firstBlock());
    c.movePosition(QTextCursor::EndOfBlock, QTextCursor::KeepAnchor);
    c.removeSelectedText();
    if (m_firstShown <= 0)
        return;
    QTextCharFormat link;
    link.setAnchor(true);
    link.setAnchorHref(actionUrl(EarlierAction, 0).toString());
    link.setForeground(palette().link());
    link.setFontUnderline(true);
    c.insertText(tr("Show %n earlier turn(s)", nullptr, std::min(m_firstShown, EarlierChunk)), link);
    QTextCharFormat plain;
    c.insertText(QStringLiteral("  "), plain);
    c.insertText(tr("(%n not shown)", nullptr, m_firstShown), plain);
}

int ChatView::showEarlier(int atLeastTo)
{
    if (!m_conversation || m_firstShown <= 0)
        return 0;
    int newFirst = std::max(0, m_firstShown - EarlierChunk);
    if (atLeastTo >= 0)
        newFirst = std::min(newFirst, std::max(0, atLeastTo));
    QPointer<QTextFrame> anchor = m_records.value(m_firstShown).frame;
    QScrollBar *bar = verticalScrollBar();
    const int anchorTopBefore = anchor ? cursorRect(QTextCursor(anchor)).top() : 0;

    QTextCursor cursor(document());
    cursor.beginEditBlock();
    // Each turn goes right after the link's block, the latest first, so they end up in order.
    for (int i = m_firstShown - 1; i >= newFirst; --i) {
        QTextBlock first = document()->firstBlock();
        cursor.setPosition(first.position() + first.length() - 1);
        insertTurn(cursor, i);
    }
    m_firstShown = newFirst;
    renderEarlierLink();
    cursor.endEditBlock();

    // The turn that was on top stays where it was on the screen.
    if (anchor) {
        m_adjustingScroll = true;
        bar->setValue(bar->value() + cursorRect(QTextCursor(anchor)).top() - anchorTopBefore);
        m_adjustingScroll = false;
        m_followBottom = bar->value() >= bar->maximum() - 2;
    }
    return m_firstShown;
}

void ChatView::showTurn(int index, const QString &highlight)
{
    if (!m_conversation || index < 0 || index >= m_conversation->count())
        return;
    if (index < m_firstShown)
        showEarlier(std::max(0, index - 1));
    QTextFrame *frame = m_records.at(index).frame;
    if (!frame)
        return;

    // The words searched for are highlighted in that turn.
    QList<QTextEdit::ExtraSelection> marks;
    QTextCharFormat mark;
    mark.setBackground(QColor(0xff, 0xe0, 0x66));
    mark.setForeground(QColor(Qt::black));
    const int end = frame->lastPosition();
    for (const QString &word : highlight.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        QString w = word;
        w.remove(QLatin1Char('"'));
        if (w.isEmpty())
            continue;
        QTextCursor c(frame);
        for (;;) {
            c = document()->find(w, c);
            if (c.isNull() || c.selectionEnd() > end)
                break;
            marks.append({c, mark});
        }
    }
    setExtraSelections(marks);

    m_followBottom = false;
    QScrollBar *bar = verticalScrollBar();
    m_adjustingScroll = true;
    const QRect r = cursorRect(QTextCursor(frame));
    bar->setValue(bar->value() + r.top() - 8);
    m_adjustingScroll = false;
    m_followBottom = bar->value() >= bar->maximum() - 2;
}

int ChatView::renderedTurnCount() const
{
    return m_conversation ? m_conversation->count() - m_firstShown : 0;
}

void ChatView::appendTurn(QTextCursor &cursor, int index)
{
    cursor.movePosition(QTextCursor::End);
    insertTurn(cursor, index);
}

void ChatView::insertTurn(QTextCursor &cursor, int index)
{
    const Turn &turn = m_conversation->at(index);
    if (index == m_records.size())
        m_records.append(TurnRecord{});
    TurnRecord record;
    record.id = turn.id;

    QTextFrameFormat turnFormat;
    turnFormat.setBottomMargin(4);
    record.frame = cursor.insertFrame(turnFormat);
    // Inside the turn's frame: the prompt's blocks, then the answer's frame, then the footer's blocks.
    QTextFrameFormat answerFormat;
    answerFormat.setTopMargin(6);
    record.answer = cursor.insertFrame(answerFormat);

    m_records[index] = record;
    refreshTurn(index, true);
}

void ChatView::refreshTurn(int index, bool withAnswer)
{
    TurnRecord &record = m_records[index];
    const Turn &turn = m_conversation->at(index);
    if (!record.frame || !record.answer)
        return;
    renderPrompt(record, turn);
    renderHeader(record, turn);
    if (withAnswer) {
        renderAnswer(record, turn);
        m_dirty.remove(record.id);
    }
    renderFooter(record, turn, index == m_conversation->count() - 1);
}

// --- Rendering ---------------------------------------------------------------------------------

void ChatView::renderPrompt(TurnRecord &record, const Turn &turn)
{
    QString key = turn.prompt + QChar(0x1f)
                  + (turn.imagesInContext ? QLatin1Char('1') : QLatin1Char('0'));
    for (const TurnImage &img : turn.images)
        key += QChar(0x1f) + img.name + QString::number(img.thumbnail.cacheKey());
    if (key == record.promptKey)
        return;
    record.promptKey = key;

    const QColor muted = palette().color(QPalette::PlaceholderText);
    QTextCursor c(document());
    c.beginEditBlock();
    c.setPosition(record.frame->firstPosition());
    c.setPosition(record.answer->firstPosition() - 1, QTextCursor::KeepAnchor);
    c.removeSelectedText();

    QTextBlockFormat block;
    c.setBlockFormat(block);
    c.setBlockCharFormat(boldFormat());
    //: the heading above the user's question in the chat
    c.insertText(tr("You"), boldFormat());

    QString prompt = turn.prompt;
    prompt.replace(QStringLiteral("\r\n"), QStringLiteral("\n"));
    prompt.replace(QLatin1Char('\r'), QLatin1Char('\n'));
    c.insertBlock(block, plainFormat());
    c.insertText(prompt, plainFormat()); // plain text: each line becomes a block, nothing is markup

    if (!turn.images.isEmpty()) {
        QTextBlockFormat imagesBlock;
        imagesBlock.setTopMargin(4);
        c.insertBlock(imagesBlock, plainFormat());
        for (int i = 0; i < turn.images.size(); ++i) {
            const TurnImage &img = turn.images.at(i);
            const QSize pixels = img.sentSize.isValid() ? img.sentSize : img.thumbnail.size();
            //: tooltip of an image in the chat: file name, width and height in pixels
            const QString label
                = tr("%1 (%2 × %3 px)").arg(img.name).arg(pixels.width()).arg(pixels.height());
            if (i > 0)
                c.insertText(QStringLiteral(" "), plainFormat());
            if (img.thumbnail.isNull()) {
                c.insertText(QStringLiteral("[") + label + QStringLiteral("]"), smallFormat(muted));
                continue;
            }
            const QUrl url = imageUrl(turn.id, i);
            m_images.insert(url.toString(), img.thumbnail);
            document()->addResource(QTextDocument::ImageResource, url, img.thumbnail);
            QSizeF shown = img.thumbnail.deviceIndependentSize();
            if (shown.height() > ThumbnailHeight)
                shown = shown * (ThumbnailHeight / shown.height());
            if (shown.width() > 2 * ThumbnailHeight)
                shown = shown * (2.0 * ThumbnailHeight / shown.width());
            QTextImageFormat format;
            format.setName(url.toString());
            format.setWidth(shown.width());
            format.setHeight(shown.height());
            format.setToolTip(plainToolTip(label));
            format.setProperty(QTextFormat::ImageAltText, label);
            format.setProperty(QTextFormat::ImageTitle, label);
            c.insertImage(format);
        }
        if (!turn.imagesInContext) {
            QTextCharFormat note = smallFormat(muted);
            note.setFontItalic(true);
            c.insertBlock(block, note);
            c.insertText(turn.images.size() == 1
                             ? tr("This image is left out of the context of later questions.")
                             : tr("These images are left out of the context of later questions."),
                         note);
        }
    }
    c.endEditBlock();
}

void ChatView::renderHeader(TurnRecord &record, const Turn &turn)
{
    const QString model = turn.model.isEmpty() ? tr("Assistant") : turn.model;
    QString status;
    if (turn.state == Turn::State::Pending)
        status = turn.status.isEmpty() ? tr("Waiting for the answer…") : turn.status;
    else if (turn.state == Turn::State::Streaming || turn.state == Turn::State::Done)
        status = turn.status; // for a finished answer: what was changed to get it (a parameter left out)
    const QString key = model + QChar(0x1f) + status + QChar(0x1f) + turn.connectionName;
    if (key == record.headerKey)
        return;
    record.headerKey = key;

    QTextCursor c(document());
    c.beginEditBlock();
    c.setPosition(record.answer->firstPosition());
    c.movePosition(QTextCursor::EndOfBlock, QTextCursor::KeepAnchor);
    QTextCharFormat name = boldFormat();
    if (!turn.connectionName.isEmpty())
        name.setToolTip(plainToolTip(turn.connectionName));
    c.insertText(model, name);
    if (!status.isEmpty())
        c.insertText(QStringLiteral(" · ") + status,
                     smallFormat(palette().color(QPalette::PlaceholderText)));
    c.endEditBlock();
}

void ChatView::renderAnswer(TurnRecord &record, const Turn &turn)
{
    const QString &answer = turn.answer;
    // Reference-style link definitions ("[1]: https://...") can change text rendered before them,
    // which a rendering in parts cannot follow: a finished answer that may have some is rendered whole.
    const bool renderWhole = turn.isFinished() && record.inParts
                             && answer.contains(QLatin1String("]:"));
    if (record.answerRendered && record.renderedAnswer == answer && !renderWhole)
        return;
    // The committed part stays as it is when the answer only grew (streaming); anything else
    // (a retry, a replaced answer) renders it all again.
    if (renderWhole || !answer.startsWith(QStringView(record.renderedAnswer).left(record.committed)))
        record.committed = 0;
    record.inParts = record.committed > 0 || !turn.isFinished();
    record.answerRendered = true;
    record.renderedAnswer = answer;
    ++m_renderCount;

    QTextCursor c(document());
    c.beginEditBlock();
    int start = 0;
    if (record.committed > 0) {
        start = record.committedEnd.position();
    } else {
        const QTextBlock header = document()->findBlock(record.answer->firstPosition());
        start = header.position() + header.length() - 1;
    }
    c.setPosition(start);
    c.setPosition(record.answer->lastPosition(), QTextCursor::KeepAnchor);
    c.removeSelectedText();

    // What can no longer change as text arrives is committed: later renders start after it.
    const int split = turn.isFinished() ? int(answer.size())
                                        : stableMarkdownEnd(answer, record.committed);
    if (split > record.committed) {
        insertMarkdown(c, answer.mid(record.committed, split - record.committed));
        record.committed = split;
        record.committedEnd = c;
        record.committedEnd.clearSelection();
        record.committedEnd.setKeepPositionOnInsert(
            true); // what goes in at its position comes after it
    }
    if (split < answer.size())
        insertMarkdown(c, answer.mid(split));
    c.endEditBlock();
    keepBottom();
}

void ChatView::insertMarkdown(QTextCursor &cursor, const QString &markdownText)
{
    if (markdownText.isEmpty())
        return;
    SafeDocument markdown;
    markdown.setMarkdown(markdownText, AnswerMarkdownFeatures);

    // Make the answer safe and readable before it goes in: images from anywhere but the
    // thumbnails become text (a link when they are on the web), links that could not be opened
    // (internal actions, local files) become plain text, code blocks get a background.
    const QColor codeBackground = mix(palette().color(QPalette::Base),
                                      palette().color(QPalette::Text),
                                      0.07);
    for (QTextBlock b = markdown.begin(); b.isValid(); b = b.next()) {
        const QTextBlockFormat bf = b.blockFormat();
        if (bf.hasProperty(QTextFormat::BlockCodeFence)
            || bf.hasProperty(QTextFormat::BlockCodeLanguage)) {
            QTextBlockFormat code;
            code.setBackground(codeBackground);
            code.setNonBreakableLines(false);
            QTextCursor(b).mergeBlockFormat(code);
        }
    }
    // Tables: single thin rules instead of the default double borders.
    for (QTextFrame *frame : markdown.rootFrame()->childFrames()) {
        if (auto *table = qobject_cast<QTextTable *>(frame)) {
            QTextTableFormat format = table->format();
            format.setBorderCollapse(true);
            format.setBorder(1);
            format.setBorderBrush(
                mix(palette().color(QPalette::Base), palette().color(QPalette::Text), 0.3));
            format.setCellSpacing(0);
            format.setCellPadding(4);
            table->setFormat(format);
            // With collapsed borders the inner rules are the cells' own.
            for (int row = 0; row < table->rows(); ++row) {
                for (int column = 0; column < table->columns(); ++column) {
                    QTextTableCell cell = table->cellAt(row, column);
                    QTextTableCellFormat cellFormat = cell.format().toTableCellFormat();
                    cellFormat.setBorder(1);
                    cellFormat.setBorderBrush(format.borderBrush());
                    cellFormat.setBorderStyle(QTextFrameFormat::BorderStyle_Solid);
                    cell.setFormat(cellFormat);
                }
            }
        }
    }
    sanitizeAnswerDocument(markdown, {true, palette().color(QPalette::Link), ImageScheme});

    // QTextCursor::insertFragment() merges the fragment's first block into the block at the
    // cursor and so drops its format (a heading or list item would come out as a plain
    // paragraph). Start the fragment with an empty block: it merges into the block at the cursor
    // (the header line, or the last block of the committed part) and the first real block keeps
    // its format. (Not when the text starts with a table: its empty first block does that already.)
    const QTextBlock first = markdown.begin();
    QTextFrame::iterator second = markdown.rootFrame()->begin();
    ++second;
    const bool startsWithFrame = first.length() == 1 && !second.atEnd() && second.currentFrame();
    if (!startsWithFrame) {
        QTextCursor c(&markdown);
        c.insertBlock();
        c.movePosition(QTextCursor::Start);
        c.setBlockFormat(QTextBlockFormat());
        c.setBlockCharFormat(QTextCharFormat());
    }

    cursor.insertFragment(QTextDocumentFragment(&markdown));
}

void ChatView::renderFooter(TurnRecord &record, const Turn &turn, bool isLast)
{
    QList<FooterLine> lines;
    using Style = FooterLine::Style;
    if (turn.state == Turn::State::Stopped) {
        lines.append(
            {Style::Note,
             turn.answer.isEmpty() ? tr("Stopped before any answer arrived.") : tr("Stopped")});
    } else if (turn.state == Turn::State::Failed) {
        lines.append(
            {Style::Error,
             turn.error.message.isEmpty() ? tr("The request failed.") : turn.error.message});
        if (!turn.error.hint.isEmpty())
            lines.append({Style::Hint, turn.error.hint});
    }
    QStringList figures;
    if (turn.usage.prompt >= 0 && turn.usage.completion >= 0) {
        //: tokens sent (the prompt) → tokens received (the answer)
        figures << tr("%1 → %2 tokens")
                       .arg(QLocale().toString(turn.usage.prompt),
                            QLocale().toString(turn.usage.completion));
    } else if (turn.usage.total >= 0) {
        figures << tr("%1 tokens").arg(QLocale().toString(turn.usage.total));
    }
    if (turn.firstTokenMs >= 0)
        //: time from sending the question to the first text of the answer, e.g. "first token 0.8 s"
        figures << tr("first token %1").arg(formatSeconds(turn.firstTokenMs));
    if (turn.totalMs >= 0 && turn.isFinished())
        figures << formatSeconds(turn.totalMs);
    if (!figures.isEmpty())
        lines.append({Style::Meta, figures.join(QStringLiteral(" · "))});
    const QStringList actions = actionsFor(turn, isLast);

    QString key = actions.join(QLatin1Char(','));
    for (const FooterLine &l : std::as_const(lines))
        key += QChar(0x1f) + QString::number(int(l.style)) + l.text;
    if (key == record.footerKey)
        return;
    record.footerKey = key;

    const QColor muted = palette().color(QPalette::PlaceholderText);
    QTextCursor c(document());
    c.beginEditBlock();
    c.setPosition(record.answer->lastPosition() + 1);
    c.setPosition(record.frame->lastPosition(), QTextCursor::KeepAnchor);
    c.removeSelectedText();
    c.setBlockFormat(QTextBlockFormat());
    c.setBlockCharFormat(plainFormat());
    bool firstBlock = true;
    auto nextBlock = [&](const QTextCharFormat &format) {
        if (!firstBlock)
            c.insertBlock(QTextBlockFormat(), format);
        else
            c.setBlockCharFormat(format);
        firstBlock = false;
    };
    for (const FooterLine &l : std::as_const(lines)) {
        QTextCharFormat format;
        switch (l.style) {
        case Style::Error:
            format.setForeground(QColor(0xc6, 0x28, 0x28));
            format.setFontWeight(QFont::DemiBold);
            break;
        case Style::Note:
            format.setFontItalic(true);
            format.setForeground(muted);
            break;
        case Style::Hint:
            break;
        case Style::Meta:
            format = smallFormat(muted);
            break;
        }
        nextBlock(format);
        c.insertText(l.text, format);
    }
    if (!actions.isEmpty()) {
        nextBlock(smallFormat(muted));
        for (int i = 0; i < actions.size(); ++i) {
            const QString &a = actions.at(i);
            QString label;
            QString tip;
            if (a == CopyAction) {
                label = tr("Copy");
                tip = tr("Copy the answer as Markdown");
            } else if (a == RetryAction) {
                label = tr("Retry");
                tip = tr("Send the same question again");
            } else if (a == RegenerateAction) {
                label = tr("Regenerate");
                tip = tr("Ask for a new answer to the same question");
            } else if (a == EditAction) {
                label = tr("Edit");
                tip = tr("Put the question back in the editor");
            } else if (a == LeaveImagesOutAction) {
                label = tr("Leave images out");
                tip = tr("Don't send this question's images with later questions");
            } else if (a == IncludeImagesAction) {
                label = tr("Include images");
                tip = tr("Send this question's images with later questions again");
            } else if (a == CompareImagesAction) {
                label = tr("Compare images");
                tip = tr("Open this question's images side by side, as they were sent");
            }
            if (i > 0)
                c.insertText(QStringLiteral("   "), smallFormat(muted));
            QTextCharFormat link = smallFormat(palette().color(QPalette::Link));
            link.setAnchor(true);
            link.setAnchorHref(actionUrl(a, turn.id).toString());
            link.setToolTip(tip);
            c.insertText(label, link);
        }
    }
    c.endEditBlock();
}

void ChatView::updateEmptyState()
{
    setAccessibleDescription(m_records.isEmpty() ? emptyText() : QString());
    viewport()->update();
}

void ChatView::keepBottom()
{
    if (!m_followBottom)
        return;
    QScrollBar *bar = verticalScrollBar();
    if (bar->value() == bar->maximum())
        return;
    m_adjustingScroll = true;
    bar->setValue(bar->maximum());
    m_adjustingScroll = false;
}

} // namespace squint
