#pragma once

#include <QMainWindow>
#include <QHash>
#include <QPointer>

class QAction;
class QComboBox;
class QLabel;
class QPushButton;
class QSplitter;
class QStackedWidget;

namespace squint {

class ChatSession;
class CompareModelsWindow;
class CompareView;
class ModelComparison;
struct TrayItem;
class ChatView;
class History;
class HistoryPanel;
enum class TranscriptFormat;
class Composer;
class CapabilityProbe;
class ConnectionManager;
class MessageBar;
class SetupPanel;
class MeterBar;
class ModelPicker;
class PromptEdit;
class TrayWidget;

/// The composition root of the window (docs/development.md, habit 4): it builds the panes, forwards
/// user actions to the Composer and paints the Composer's evaluation. Nothing is decided here.
///
///   [connection] [Connections...] [model picker] [model note]     [Limits...]
///   [message bar]
///   | chat history (or setup)    | tray: Add Images... Remove Clear All  Fit to Model |
///   |----------------------------| list of images                                     |
///   | [editing an earlier turn]  |                                                    |
///   | prompt                     | meters: images, request size, tokens               |
///   | [why Send is off] [Stop][Send]                                                  |
class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)
public:
    explicit MainWindow(Composer *composer, QWidget *parent = nullptr);
    ~MainWindow() override;

    /// The conversation and where it goes. Without them the window only prepares images.
    void setChatSession(ChatSession *session);
    void setConnectionManager(ConnectionManager *connections);
    /// The saved history: the conversation list and search beside the chat, Save As and Import.
    /// Call after setChatSession(). Without it nothing is saved.
    void setHistory(History *history);
    HistoryPanel *historyPanel() const { return m_historyPanel; }
    /// Opens conversation `id` of the history (asynchronously), showing turn `focusPosition`.
    void openConversation(qint64 id, int focusPosition = -1, const QString &highlight = {});
    /// Saves the conversation shown as `path` in `format` (asynchronously; a message says how it went).
    /// Returns false when there is nothing saved to write yet.
    bool saveConversationAs(const QString &path, TranscriptFormat format);
    /// Asks for a file name and format, then saveConversationAs().
    void saveConversationAsWithDialog();
    /// Adds a JSON transcript to the history and opens it.
    void importConversation(const QString &path);
    void importConversationWithDialog();
    /// Opens a Batch window (one question over many images) for the current connection and model.
    void showBatchWindow();
    /// Opens the images selected in the tray (or the whole tray) side by side, when there are 2 to 4.
    /// Its "Ask About These" sends them, in the order shown, as a turn of this conversation.
    /// Returns the view (null when there was nothing to compare).
    CompareView *showCompareView();
    /// Opens the images of turn `turnId` side by side (files are found or written off the GUI thread;
    /// the view opens when they are). Its Ask About These sends them again as they were sent.
    void compareTurnImages(quint64 turnId);
    /// Opens Compare Models with the prompt and tray as they are: the current model and another one.
    void showCompareModels();
    CompareModelsWindow *compareModelsWindow() const;
    ModelComparison *modelComparison() const { return m_comparison; }

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
    QWidget *createTopBar();
    QWidget *createChatPane();
    QWidget *createTrayPane();
    void createMenus();

    void onProfileChanged();
    /// What is known of the current model's eyes goes to the picker and the composer (capabilities.h).
    void applyVision(const QString &model);
    void setUpCapabilities();
    void onEvaluationChanged();
    void updateActions();
    void requestSend();
    void requestStop();
    void updateSendState();
    void updateConnectionPicker();
    void updateChatPage();
    void pasteIntoTray();
    void showAbout();
    void saveWindowState();
    void deleteConversation(qint64 id, const QString &title);
    void updateWindowTitle();
    QList<TrayItem> trayItemsForAction() const;
    QList<TrayItem> compareCandidates() const;
    void updateCompareAsk();
    void askAboutCompared(CompareView *view, const QHash<QString, quint64> &trayIds, const QStringList &paths,
                          const QString &prompt);
    void askFailed(CompareView *view, const QString &why);
    void askSent(int images);
    void continueWithModel(int column);

    Composer *m_composer = nullptr;

    ModelPicker *m_modelPicker = nullptr;
    QLabel *m_modelNote = nullptr;
    QPushButton *m_limitsButton = nullptr;
    MessageBar *m_messageBar = nullptr;
    QSplitter *m_mainSplitter = nullptr;
    QSplitter *m_chatSplitter = nullptr;
    QSplitter *m_historySplitter = nullptr;
    History *m_history = nullptr;
    HistoryPanel *m_historyPanel = nullptr;
    qint64 m_loadingId = 0;
    QString m_loadingHighlight;
    bool m_loadingQuietly = false;
    QAction *m_saveAsAction = nullptr;
    QAction *m_importAction = nullptr;
    QAction *m_searchAction = nullptr;
    QAction *m_showHistoryAction = nullptr;
    ChatSession *m_session = nullptr;
    ConnectionManager *m_connections = nullptr;
    CapabilityProbe *m_capabilities = nullptr;
    quint64 m_retryOnNewToken = 0; ///< a turn refused for its OAuth token, asked again once the token is renewed
    quint64 m_retriedOnNewToken = 0; ///< the last turn asked again so (never twice)
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
    QAction *m_compareAction = nullptr;
    QAction *m_compareModelsAction = nullptr;
    QList<QPointer<CompareView>> m_compareViews; ///< open ones (Ask About These follows the session)
    ModelComparison *m_comparison = nullptr;
    QPointer<CompareModelsWindow> m_compareModelsWindow;
    bool m_stateSaved = false;
};

} // namespace squint
