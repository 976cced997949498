#include "ui/chat/promptedit.h"

#include "core/util/settings.h"
#include "core/compose/composer.h"

#include <QKeyEvent>
#include <QTextBlock>
#include <QTextLayout>
#include <QMimeData>

namespace squint {

PromptEdit::PromptEdit(QWidget *parent)
    : QPlainTextEdit(parent)
{
    setObjectName(QStringLiteral("promptEdit"));
    setAccessibleName(tr("Prompt"));
    setAccessibleDescription(tr("Your question about the images. Press Ctrl+Return to send."));
    setTabChangesFocus(true);
    updatePlaceholder();
}

void PromptEdit::updatePlaceholder()
{
    setPlaceholderText(m_enterSends ? tr("Ask about your images... (Return to send, Shift+Return for a new line)")
                                    : tr("Ask about your images... (Ctrl+Return to send)"));
    setAccessibleDescription(m_enterSends ? tr("Your question about the images. Press Return to send, Up and Down for earlier prompts.")
                                          : tr("Your question about the images. Press Ctrl+Return to send, Up and Down for earlier prompts."));
}

void PromptEdit::setEnterSends(bool enterSends)
{
    m_enterSends = enterSends;
    updatePlaceholder();
}

void PromptEdit::setHistory(const QStringList &prompts)
{
    m_history = prompts;
    m_historyPos = -1;
}

void PromptEdit::addToHistory(const QString &prompt)
{
    const QString p = prompt.trimmed();
    if (p.isEmpty())
        return;
    m_history.removeAll(p);
    m_history.append(p);
    constexpr int MaxHistory = 200;
    if (m_history.size() > MaxHistory)
        m_history.remove(0, m_history.size() - MaxHistory);
    m_historyPos = -1;
}

// Up (step -1) goes to older prompts, Down (+1) to newer ones and finally back to the draft.
bool PromptEdit::recall(int step)
{
    if (m_history.isEmpty())
        return false;
    int pos = m_historyPos < 0 ? int(m_history.size()) : m_historyPos;
    pos += step;
    if (pos < 0)
        return true; // at the oldest already: stay
    if (m_historyPos < 0) {
        if (step > 0)
            return false; // not recalling: Down moves the cursor as usual
        m_draft = toPlainText();
    }
    if (pos >= m_history.size()) {
        m_historyPos = -1;
        setPlainText(m_draft);
    } else {
        m_historyPos = pos;
        setPlainText(m_history.at(pos));
    }
    moveCursor(QTextCursor::End);
    return true;
}

bool PromptEdit::carriesImages(const QMimeData *source)
{
    // Plain text stays text even when it happens to be a link: people paste links into questions.
    return source && (source->hasImage() || source->hasUrls()) && Composer::canAccept(source);
}

bool PromptEdit::canInsertFromMimeData(const QMimeData *source) const
{
    return carriesImages(source) || QPlainTextEdit::canInsertFromMimeData(source);
}

void PromptEdit::insertFromMimeData(const QMimeData *source)
{
    if (carriesImages(source)) {
        emit imagesOffered(source);
        return;
    }
    QPlainTextEdit::insertFromMimeData(source);
}

void PromptEdit::keyPressEvent(QKeyEvent *event)
{
    const bool enter = event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter;
    const Qt::KeyboardModifiers mods = event->modifiers() & ~Qt::KeypadModifier;
    if (enter && (mods == Qt::ControlModifier || (m_enterSends && mods == Qt::NoModifier))) {
        event->accept();
        emit sendRequested();
        return;
    }
    if (enter && m_enterSends && mods == Qt::ShiftModifier) {
        event->accept();
        textCursor().insertText(QStringLiteral("\n"));
        return;
    }
    // Up on the first line and Down on the last line walk through earlier prompts.
    if (mods == Qt::NoModifier && (event->key() == Qt::Key_Up || event->key() == Qt::Key_Down)) {
        const QTextCursor c = textCursor();
        const bool firstLine = c.blockNumber() == 0 && c.block().layout()
                               && c.block().layout()->lineForTextPosition(c.positionInBlock()).lineNumber() == 0;
        const QTextBlock last = document()->lastBlock();
        const bool lastLine = c.block() == last && last.layout()
                              && last.layout()->lineForTextPosition(c.positionInBlock()).lineNumber()
                                     == last.layout()->lineCount() - 1;
        if (((event->key() == Qt::Key_Up && firstLine) || (event->key() == Qt::Key_Down && lastLine))
            && recall(event->key() == Qt::Key_Up ? -1 : 1)) {
            event->accept();
            return;
        }
    }
    QPlainTextEdit::keyPressEvent(event);
}

} // namespace squint
