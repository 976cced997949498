#pragma once

#include <QPlainTextEdit>

class QMimeData;

namespace squint {

/// The prompt box. Text is typed as usual; images and files that are dropped or pasted go to the
/// tray (imagesOffered) instead of being inserted as text. Ctrl+Return asks to send.
class PromptEdit final : public QPlainTextEdit
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PromptEdit)
public:
    explicit PromptEdit(QWidget *parent = nullptr);

    /// Whether `source` carries images or files rather than text meant for the prompt.
    static bool carriesImages(const QMimeData *source);

signals:
    void sendRequested();
    /// Images or files were dropped or pasted. Only valid during the emission.
    void imagesOffered(const QMimeData *mime);

protected:
    bool canInsertFromMimeData(const QMimeData *source) const override;
    void insertFromMimeData(const QMimeData *source) override;
    void keyPressEvent(QKeyEvent *event) override;
};

} // namespace squint
