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

    /// Which key sends. Ctrl+Return always sends; with `enterSends`, Return sends too and
    /// Shift+Return starts a new line.
    void setEnterSends(bool enterSends);
    bool enterSends() const { return m_enterSends; }

    /// Earlier prompts, oldest first, for Up/Down recall (Up on the first line goes back in time).
    void setHistory(const QStringList &prompts);
    void addToHistory(const QString &prompt);
    QStringList history() const { return m_history; }

signals:
    void sendRequested();
    /// Images or files were dropped or pasted. Only valid during the emission.
    void imagesOffered(const QMimeData *mime);

protected:
    bool canInsertFromMimeData(const QMimeData *source) const override;
    void insertFromMimeData(const QMimeData *source) override;
    void keyPressEvent(QKeyEvent *event) override;

private:
    bool recall(int step);
    void updatePlaceholder();

    bool m_enterSends = false;
    QStringList m_history;
    int m_historyPos = -1; ///< index into m_history while recalling, -1 when editing new text
    QString m_draft;       ///< what was typed before recalling started
};

} // namespace squint
