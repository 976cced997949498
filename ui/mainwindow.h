#pragma once

#include <QList>
#include <QMainWindow>
#include <QPointer>

class QAction;
class QComboBox;
class QLabel;
class QLayout;
class QPushButton;
class QSplitter;
class QStackedWidget;

namespace squint {

class AppController;
class ChatSession;
class CompareModelsWindow;
class CompareView;
class ModelComparison;
class ChatView;
class HistoryPanel;
enum class TranscriptFormat;
class Composer;
class MarkupEditor;
class ScreenCapturer;
class MessageBar;
class SetupPanel;
class MeterBar;
class ModelPicker;
class PromptEdit;
class TrayWidget;
struct TurnComparison;

/// The window (docs/development.md, habit 4): it builds the panes, shows the AppController's state and forwards what
/// the user does to it. Decisions (what Send needs, which models to compare, what to select, which
/// conversation opens) are the controller's; the window shows their answers.
///
///   [connection] [Connections...] [model picker] [model note]     [Limits...]
///   [message bar]
///   | conversations | chat history (or setup)    | tray: Add Images... Remove Clear All  Fit to Model |
///   |               |----------------------------| list of images                                     |
///   |               | [editing an earlier turn]  |                                                    |
///   |               | prompt                     | meters: images, request size, tokens               |
///   |               | [why Send is off] [Stop][Send]                                                  |
class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)
public:
    /// `app` must outlive the window. The conversation list is there when the app has a history.
    explicit MainWindow(AppController *app, QWidget *parent = nullptr);
    ~MainWindow() override;

    AppController *app() const { return m_app; }
    HistoryPanel *historyPanel() const { return m_historyPanel; }
    /// Opens conversation `id` of the history (asynchronously), showing turn `focusPosition`.
    void openConversation(qint64 id, int focusPosition = -1, const QString &highlight = {});
    /// Saves the conversation shown as `path` in `format` (asynchronously; a message says how it went).
    /// Returns false, saying why, when there is nothing saved to write yet.
    bool saveConversationAs(const QString &path, TranscriptFormat format);
    /// Asks for a file name and format, then saveConversationAs().
    void saveConversationAsWithDialog();
    /// Adds a JSON transcript to the history and opens it.
    void importConversation(const QString &path);
    void importConversationWithDialog();
    /// Opens a Batch window (one question over many images) for the current connection and model.
    void showBatchWindow();
    /// Opens the images selected in the tray (or the whole tray) side by side, when there are 2 to 4;
    /// otherwise the message bar says what to select. Its "Ask About These" sends them, in the order
    /// shown, as a turn of this conversation. Returns the view (null when there was nothing to compare).
    CompareView *showCompareView();
    /// Opens the markup editor on tray item `id` (0: the selected one, or the only one); Apply makes
    /// its edited variant what is sent. Returns the editor, or null (the message bar says why).
    MarkupEditor *showImageEditor(quint64 id = 0);
    /// Images > Capture Screen Region...: the window hides, the user picks a region (an overlay on
    /// X11, the desktop's picker on Wayland) and the capture goes into the tray like a pasted image.
    ScreenCapturer *captureScreenRegion();
    /// Opens Compare Models with the prompt and tray as they are: the current model and another one.
    void showCompareModels();
    CompareModelsWindow *compareModelsWindow() const;
    ModelComparison *modelComparison() const;

    Composer *composer() const { return m_composer; }
    ChatSession *chatSession() const { return m_session; }
    ChatView *chatView() const { return m_chatView; }
    MessageBar *messageBar() const { return m_messageBar; }

    /// Opens the Limits dialog (window-modal, returns at once).
    void showLimitsDialog();
    /// Opens the Connections dialog (window-modal, returns at once).
    void showConnectionsDialog();
    /// Opens the request parameters dialog (system prompt, temperature, answer length).
    void showParametersDialog();

protected:
    void closeEvent(QCloseEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dragMoveEvent(QDragMoveEvent *event) override;
    void dropEvent(QDropEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    // The panes.
    void createCentralWidget();
    QWidget *createTopBar();
    QWidget *createChatPane();
    QWidget *createEditBanner(QWidget *parent);
    QLayout *createSendRow(QWidget *parent);
    QWidget *createTrayPane();
    void createHistoryPane();
    void restoreLayout();
    void saveWindowState();

    // The menus.
    void createMenus();
    void createFileMenu();
    void createEditMenu();
    void createChatMenu();
    void createImagesMenu();
    void createHelpMenu();
    void createTrayContextMenu();

    // What follows what.
    void connectComposer();
    void connectUserActions();
    void connectSession();
    void connectConnections();
    void connectHistory();
    void connectController();

    void onProfileChanged();
    void onEvaluationChanged();
    void updateActions();
    void updateSendState();
    void updateConnectionPicker();
    void updateChatPage();
    void updateWindowTitle();
    void updateCompareAsk();
    void requestSend();
    void requestStop();
    void pasteIntoTray();
    void renameConversation();
    void searchConversations();
    void deleteConversation(qint64 id, const QString &title);
    void showAbout();
    void showTurnComparison(const TurnComparison &comparison);
    void watchCompareView(CompareView *view);
    void continueWithModel(int column);
    /// After Ask About These: the answer streams in the chat, so the window comes forward.
    void bringForward();

    AppController *m_app = nullptr;
    Composer *m_composer = nullptr;
    ChatSession *m_session = nullptr;

    ModelPicker *m_modelPicker = nullptr;
    QLabel *m_modelNote = nullptr;
    QPushButton *m_limitsButton = nullptr;
    MessageBar *m_messageBar = nullptr;
    QSplitter *m_mainSplitter = nullptr;
    QSplitter *m_chatSplitter = nullptr;
    QSplitter *m_historySplitter = nullptr;
    HistoryPanel *m_historyPanel = nullptr;
    QAction *m_saveAsAction = nullptr;
    QAction *m_importAction = nullptr;
    QAction *m_searchAction = nullptr;
    QAction *m_showHistoryAction = nullptr;
    QComboBox *m_connectionPicker = nullptr;
    QPushButton *m_connectionsButton = nullptr;
    QStackedWidget *m_chatStack = nullptr;
    SetupPanel *m_setupPanel = nullptr;
    ChatView *m_chatView = nullptr;
    QWidget *m_editBanner = nullptr;
    QLabel *m_editLabel = nullptr;
    QPushButton *m_stopButton = nullptr;
    QAction *m_newConversationAction = nullptr;
    QAction *m_stopAction = nullptr;
    QAction *m_enterSendsAction = nullptr;
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
    QAction *m_editImageAction = nullptr;
    QAction *m_compareAction = nullptr;
    QAction *m_compareModelsAction = nullptr;
    QList<QPointer<CompareView>> m_compareViews; ///< open ones (Ask About These follows the session)
    QPointer<CompareModelsWindow> m_compareModelsWindow;
};

} // namespace squint
