#include "promptedit.h"

#include "core/settings.h"
#include "core/composer.h"

#include <QKeyEvent>
#include <QMimeData>

namespace squint {

PromptEdit::PromptEdit(QWidget *parent)
    : QPlainTextEdit(parent)
{
    setObjectName(QStringLiteral("promptEdit"));
    setAccessibleName(tr("Prompt"));
    setAccessibleDescription(tr("Your question about the images. Press Ctrl+Return to send."));
    setPlaceholderText(tr("Ask about your images... (Ctrl+Return to send)"));
    setTabChangesFocus(true);
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
    if ((event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter)
        && (event->modifiers() & Qt::ControlModifier)) {
        event->accept();
        emit sendRequested();
        return;
    }
    QPlainTextEdit::keyPressEvent(event);
}

} // namespace squint
