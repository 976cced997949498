#pragma once

#include <QMainWindow>

class QAction;
class QLabel;
class QPushButton;
class QSplitter;
class QTextBrowser;

namespace squint {

class Composer;
class MessageBar;
class MeterBar;
class ModelPicker;
class PromptEdit;
class TrayWidget;

/// The composition root of the window (habit 9.4): it builds the panes, forwards user actions to
/// the Composer and paints the Composer's evaluation. Nothing is decided here.
///
///   [model picker] [model note]                                  [Limits...]
///   [message bar]
///   | chat (placeholder)         | tray: Add Images... Remove Clear All  Fit to Model |
///   |----------------------------| list of images                                     |
///   | prompt                     | meters: images, request size, tokens               |
///   | [why Send is off]   [Send] |                                                    |
class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)
public:
    explicit MainWindow(Composer *composer, QWidget *parent = nullptr);
    ~MainWindow() override;

    Composer *composer() const { return m_composer; }
    MessageBar *messageBar() const { return m_messageBar; }

    /// Opens the Limits dialog (window-modal, returns at once).
    void showLimitsDialog();

protected:
    void closeEvent(QCloseEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dragMoveEvent(QDragMoveEvent *event) override;
    void dropEvent(QDropEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    QWidget *createTopBar();
    QWidget *createChatPane();
    QWidget *createTrayPane();
    void createMenus();

    void onProfileChanged();
    void onEvaluationChanged();
    void updateActions();
    void requestSend();
    void pasteIntoTray();
    void showAbout();
    void saveWindowState();

    Composer *m_composer = nullptr;

    ModelPicker *m_modelPicker = nullptr;
    QLabel *m_modelNote = nullptr;
    QPushButton *m_limitsButton = nullptr;
    MessageBar *m_messageBar = nullptr;
    QSplitter *m_mainSplitter = nullptr;
    QSplitter *m_chatSplitter = nullptr;
    QTextBrowser *m_chatView = nullptr;
    PromptEdit *m_promptEdit = nullptr;
    QLabel *m_sendBlocker = nullptr;
    QPushButton *m_sendButton = nullptr;
    TrayWidget *m_tray = nullptr;
    MeterBar *m_meters = nullptr;

    QAction *m_pasteAction = nullptr;
    QAction *m_removeAction = nullptr;
    QAction *m_clearAction = nullptr;
    QAction *m_selectAllAction = nullptr;
    QAction *m_fitAction = nullptr;
    bool m_stateSaved = false;
};

} // namespace squint
