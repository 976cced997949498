#include "ui/mainwindow.h"
#include "core/capture/capture.h"
#include "ui/capture/captureoverlay.h"
#include "ui/markup/markupeditor.h"

#include "core/application/appcontroller.h"
#include "core/catalog/catalog.h"
#include "core/chat/chatsession.h"
#include "core/compare/modelcompare.h"
#include "core/compose/composer.h"
#include "core/compose/traymodel.h"
#include "core/connections/connectionmanager.h"
#include "core/history/history.h"
#include "core/history/historymodels.h"
#include "core/util/safelinks.h"
#include "core/util/settings.h"
#include "ui/batch/batchwindow.h"
#include "ui/chat/chatview.h"
#include "ui/chat/promptedit.h"
#include "ui/compare/comparemodelswindow.h"
#include "ui/compare/compareview.h"
#include "ui/connections/connectiondialog.h"
#include "ui/connections/parametersdialog.h"
#include "ui/connections/setuppanel.h"
#include "ui/history/historypanel.h"
#include "ui/messagebar.h"
#include "ui/modelpicker.h"
#include "ui/tray/limitsdialog.h"
#include "ui/tray/meterbar.h"
#include "ui/tray/traywidget.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QComboBox>
#include <QDir>
#include <QDragEnterEvent>
#include <QFileDialog>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QListView>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QPushButton>
#include <QShortcut>
#include <QSplitter>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QVBoxLayout>

namespace squint {

MainWindow::MainWindow(AppController *app, QWidget *parent)
    : QMainWindow(parent)
    , m_app(app)
    , m_composer(app->composer())
    , m_session(app->session())
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("Squint"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/squint.svg")));
    setAccessibleName(tr("Squint"));
    // Images dropped anywhere in the window go to the tray.
    setAcceptDrops(true);
    app->setInitialTurns(ChatView::InitialTurns);

    createCentralWidget();
    createMenus();
    connectComposer();
    connectUserActions();
    connectSession();
    connectConnections();
    connectHistory();
    connectController();

    m_modelPicker->setSuggestions(m_composer->catalog().suggestedNames());
    m_promptEdit->setEnterSends(app->settings()->sendWithEnter());
    m_enterSendsAction->setChecked(m_promptEdit->enterSends());
    updateConnectionPicker();
    updateChatPage();
    if (!m_composer->prompt().isEmpty())
        m_promptEdit->setPlainText(m_composer->prompt());
    onProfileChanged();
    onEvaluationChanged();
    restoreLayout();
    m_promptEdit->setFocus(Qt::OtherFocusReason);
}

MainWindow::~MainWindow() = default;

// ------------------------------------------------------------------------------------------------
// The panes

void MainWindow::createCentralWidget()
{
    auto *central = new QWidget(this);
    central->setObjectName(QStringLiteral("centralWidget"));
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(8, 6, 8, 8);
    layout->setSpacing(6);

    layout->addWidget(createTopBar());

    m_messageBar = new MessageBar(central);
    layout->addWidget(m_messageBar);

    m_mainSplitter = new QSplitter(Qt::Horizontal, central);
    m_mainSplitter->setObjectName(QStringLiteral("mainSplitter"));
    m_mainSplitter->setChildrenCollapsible(false);
    m_mainSplitter->addWidget(createChatPane());
    m_mainSplitter->addWidget(createTrayPane());
    m_mainSplitter->setStretchFactor(0, 3);
    m_mainSplitter->setStretchFactor(1, 2);
    // The conversation list goes left of the chat.
    m_historySplitter = new QSplitter(Qt::Horizontal, central);
    m_historySplitter->setObjectName(QStringLiteral("historySplitter"));
    m_historySplitter->setChildrenCollapsible(true);
    m_historySplitter->addWidget(m_mainSplitter);
    m_historySplitter->setCollapsible(0, false);
    createHistoryPane();
    layout->addWidget(m_historySplitter, 1);

    setCentralWidget(central);
}

QWidget *MainWindow::createTopBar()
{
    auto *bar = new QWidget(this);
    bar->setObjectName(QStringLiteral("topBar"));
    auto *layout = new QHBoxLayout(bar);
    layout->setContentsMargins(0, 0, 0, 0);

    auto *connLabel = new QLabel(tr("C&onnection:"), bar);
    connLabel->setObjectName(QStringLiteral("connectionPickerLabel"));
    m_connectionPicker = new QComboBox(bar);
    m_connectionPicker->setObjectName(QStringLiteral("connectionPicker"));
    m_connectionPicker->setAccessibleName(tr("Connection"));
    m_connectionPicker->setAccessibleDescription(tr("Where questions are sent: a Databricks workspace or an OpenAI-compatible server"));
    m_connectionPicker->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    connLabel->setBuddy(m_connectionPicker);
    m_connectionsButton = new QPushButton(tr("Connections..."), bar);
    m_connectionsButton->setObjectName(QStringLiteral("connectionsButton"));
    m_connectionsButton->setAccessibleName(tr("Manage Connections"));
    m_connectionsButton->setToolTip(tr("Add, test and remove connections to model endpoints"));

    auto *label = new QLabel(tr("&Model:"), bar);
    label->setObjectName(QStringLiteral("modelPickerLabel"));
    m_modelPicker = new ModelPicker(bar);
    label->setBuddy(m_modelPicker);

    m_modelNote = new QLabel(bar);
    m_modelNote->setObjectName(QStringLiteral("modelNoteLabel"));
    m_modelNote->setAccessibleName(tr("About the model"));
    m_modelNote->setTextFormat(Qt::RichText);
    m_modelNote->setWordWrap(true);
    m_modelNote->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);

    m_limitsButton = new QPushButton(tr("Limits..."), bar);
    m_limitsButton->setObjectName(QStringLiteral("limitsButton"));
    m_limitsButton->setAccessibleName(tr("Model Limits"));
    m_limitsButton->setToolTip(tr("See the limits Squint checks for this model, their sources, and override them"));

    layout->addWidget(connLabel);
    layout->addWidget(m_connectionPicker);
    layout->addWidget(m_connectionsButton);
    layout->addSpacing(12);
    layout->addWidget(label);
    layout->addWidget(m_modelPicker);
    layout->addWidget(m_modelNote, 1);
    layout->addWidget(m_limitsButton);
    return bar;
}

QWidget *MainWindow::createChatPane()
{
    m_chatSplitter = new QSplitter(Qt::Vertical, this);
    m_chatSplitter->setObjectName(QStringLiteral("chatSplitter"));
    m_chatSplitter->setChildrenCollapsible(false);

    m_chatStack = new QStackedWidget(m_chatSplitter);
    m_chatStack->setObjectName(QStringLiteral("chatStack"));
    m_chatView = new ChatView(m_chatStack);
    // The chat pane is read-only text: what is dropped on it goes to the tray.
    m_chatView->setAcceptDrops(true);
    m_chatView->viewport()->setAcceptDrops(true);
    m_chatView->viewport()->installEventFilter(this);
    m_chatView->setConversation(m_session->conversation());
    m_chatStack->addWidget(m_chatView);
    // In place of the chat while Squint has no connection at all.
    m_setupPanel = new SetupPanel(m_app->connections(), m_chatStack);
    m_chatStack->insertWidget(0, m_setupPanel);

    auto *promptPane = new QWidget(m_chatSplitter);
    promptPane->setObjectName(QStringLiteral("promptPane"));
    auto *layout = new QVBoxLayout(promptPane);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(createEditBanner(promptPane));
    m_promptEdit = new PromptEdit(promptPane);
    layout->addWidget(m_promptEdit, 1);
    layout->addLayout(createSendRow(promptPane));

    m_chatSplitter->addWidget(m_chatStack);
    m_chatSplitter->addWidget(promptPane);
    m_chatSplitter->setStretchFactor(0, 3);
    m_chatSplitter->setStretchFactor(1, 1);
    return m_chatSplitter;
}

QWidget *MainWindow::createEditBanner(QWidget *parent)
{
    m_editBanner = new QWidget(parent);
    m_editBanner->setObjectName(QStringLiteral("editBanner"));
    auto *bannerLayout = new QHBoxLayout(m_editBanner);
    bannerLayout->setContentsMargins(0, 0, 0, 0);
    m_editLabel = new QLabel(m_editBanner);
    m_editLabel->setObjectName(QStringLiteral("editLabel"));
    m_editLabel->setWordWrap(true);
    m_editLabel->setAccessibleName(tr("Editing an earlier question"));
    auto *cancelEdit = new QPushButton(tr("Cancel Editing"), m_editBanner);
    cancelEdit->setObjectName(QStringLiteral("cancelEditButton"));
    cancelEdit->setAccessibleName(tr("Cancel Editing"));
    connect(cancelEdit, &QPushButton::clicked, m_session, &ChatSession::cancelEdit);
    bannerLayout->addWidget(m_editLabel, 1);
    bannerLayout->addWidget(cancelEdit);
    m_editBanner->hide();
    return m_editBanner;
}

QLayout *MainWindow::createSendRow(QWidget *parent)
{
    auto *sendRow = new QHBoxLayout;
    m_sendBlocker = new QLabel(parent);
    m_sendBlocker->setObjectName(QStringLiteral("sendBlockerLabel"));
    m_sendBlocker->setAccessibleName(tr("Why Send is unavailable"));
    m_sendBlocker->setWordWrap(true);
    m_sendBlocker->setTextFormat(Qt::PlainText);
    QFont small = m_sendBlocker->font();
    if (small.pointSizeF() > 0)
        small.setPointSizeF(small.pointSizeF() * 0.9);
    m_sendBlocker->setFont(small); // normal text colour: this is information, not a placeholder

    m_sendButton = new QPushButton(tr("Send"), parent);
    m_sendButton->setObjectName(QStringLiteral("sendButton"));
    m_sendButton->setAccessibleName(tr("Send"));
    m_sendButton->setMinimumWidth(100);
    m_sendButton->setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed); // not stretched when the reason hides

    m_stopButton = new QPushButton(tr("Stop"), parent);
    m_stopButton->setObjectName(QStringLiteral("stopButton"));
    m_stopButton->setAccessibleName(tr("Stop"));
    m_stopButton->setToolTip(tr("Stop the answer (Esc); what arrived is kept"));
    m_stopButton->setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
    m_stopButton->hide();

    sendRow->addWidget(m_sendBlocker, 1);
    sendRow->addStretch(0); // keeps the buttons on the right while the reason is hidden
    sendRow->addWidget(m_stopButton, 0, Qt::AlignTop);
    sendRow->addWidget(m_sendButton, 0, Qt::AlignTop);
    return sendRow;
}

QWidget *MainWindow::createTrayPane()
{
    auto *pane = new QWidget(this);
    pane->setObjectName(QStringLiteral("trayPane"));
    auto *layout = new QVBoxLayout(pane);
    layout->setContentsMargins(0, 0, 0, 0);
    m_tray = new TrayWidget(m_composer, pane);
    m_meters = new MeterBar(pane);
    layout->addWidget(m_tray, 1);
    layout->addWidget(m_meters);
    return pane;
}

void MainWindow::createHistoryPane()
{
    History *history = m_app->history();
    if (!history)
        return; // nothing is saved: no conversation list
    m_historyPanel = new HistoryPanel(history, m_historySplitter);
    m_historySplitter->insertWidget(0, m_historyPanel);
    m_historySplitter->setStretchFactor(0, 1);
    m_historySplitter->setStretchFactor(1, 4);
}

void MainWindow::restoreLayout()
{
    const Settings *settings = m_app->settings();
    const QByteArray geometry = settings->windowGeometry();
    if (geometry.isEmpty() || !restoreGeometry(geometry))
        resize(1200, 780);
    restoreState(settings->windowState());
    for (QSplitter *splitter : {m_mainSplitter, m_chatSplitter})
        splitter->restoreState(settings->splitterState(splitter->objectName()));
    if (m_historyPanel) {
        const QByteArray state = settings->splitterState(m_historySplitter->objectName());
        if (state.isEmpty() || !m_historySplitter->restoreState(state))
            m_historySplitter->setSizes({240, 960});
    }
}

void MainWindow::saveWindowState()
{
    Settings *settings = m_app->settings();
    settings->setWindowGeometry(saveGeometry());
    settings->setWindowState(saveState());
    for (const QSplitter *splitter : {m_mainSplitter, m_chatSplitter, m_historySplitter})
        settings->setSplitterState(splitter->objectName(), splitter->saveState());
    settings->sync();
}

// ------------------------------------------------------------------------------------------------
// The menus

void MainWindow::createMenus()
{
    menuBar()->setObjectName(QStringLiteral("menuBar"));
    createFileMenu();
    createEditMenu();
    createChatMenu();
    createImagesMenu();
    createHelpMenu();
    createTrayContextMenu();
}

void MainWindow::createFileMenu()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->setObjectName(QStringLiteral("fileMenu"));
    m_newConversationAction = file->addAction(tr("&New Conversation"),
                                              m_session,
                                              &ChatSession::newConversation);
    m_newConversationAction->setObjectName(QStringLiteral("newConversationAction"));
    m_newConversationAction->setShortcut(QKeySequence::New);
    // Save As says why when there is nothing saved to write yet.
    m_saveAsAction = file->addAction(tr("&Save Conversation As..."), this, &MainWindow::saveConversationAsWithDialog);
    m_saveAsAction->setObjectName(QStringLiteral("saveConversationAsAction"));
    m_saveAsAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));
    m_saveAsAction->setStatusTip(tr("Write the conversation as Markdown, HTML, PDF or JSON"));
    m_importAction = file->addAction(tr("&Import Conversation..."), this, &MainWindow::importConversationWithDialog);
    m_importAction->setObjectName(QStringLiteral("importConversationAction"));
    m_importAction->setStatusTip(tr("Add a JSON transcript to the saved conversations"));
    m_importAction->setEnabled(m_historyPanel != nullptr);
    file->addSeparator();
    QAction *add = file->addAction(tr("&Add Images..."), m_tray, &TrayWidget::addImagesWithDialog);
    add->setObjectName(QStringLiteral("addImagesAction"));
    add->setShortcut(QKeySequence::Open);
    QAction *folder = file->addAction(tr("Add &Folder..."), m_tray, &TrayWidget::addFolderWithDialog);
    folder->setObjectName(QStringLiteral("addFolderAction"));
    file->addSeparator();
    // Text fields take Ctrl+V themselves (the prompt sends pasted images to the tray on its own);
    // elsewhere in the window Ctrl+V pastes into the tray.
    m_pasteAction = file->addAction(tr("&Paste"), this, &MainWindow::pasteIntoTray);
    m_pasteAction->setObjectName(QStringLiteral("pasteAction"));
    m_pasteAction->setShortcut(QKeySequence::Paste);
    m_pasteAction->setStatusTip(tr("Add the images or files on the clipboard to the tray"));
    file->addSeparator();
    QAction *connections = file->addAction(tr("&Connections..."), this, &MainWindow::showConnectionsDialog);
    connections->setObjectName(QStringLiteral("connectionsAction"));
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setObjectName(QStringLiteral("quitAction"));
    quit->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Q));
    quit->setMenuRole(QAction::QuitRole);
}

void MainWindow::createEditMenu()
{
    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    edit->setObjectName(QStringLiteral("editMenu"));
    m_removeAction = edit->addAction(tr("&Remove"), m_tray, &TrayWidget::removeSelected);
    m_removeAction->setObjectName(QStringLiteral("removeAction"));
    m_removeAction->setShortcut(QKeySequence::Delete);
    // Delete removes images only while the tray has focus: in text fields it deletes text.
    m_removeAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_clearAction = edit->addAction(tr("&Clear All"), m_tray, &TrayWidget::clearAll);
    m_clearAction->setObjectName(QStringLiteral("clearAllAction"));
    edit->addSeparator();
    m_selectAllAction = edit->addAction(tr("Select &All"), m_tray, &TrayWidget::selectAll);
    m_selectAllAction->setObjectName(QStringLiteral("selectAllAction"));
    m_selectAllAction->setShortcut(QKeySequence::SelectAll);
}

void MainWindow::createChatMenu()
{
    QMenu *chat = menuBar()->addMenu(tr("&Chat"));
    chat->setObjectName(QStringLiteral("chatMenu"));
    m_showHistoryAction = chat->addAction(tr("Show &Conversations"));
    m_showHistoryAction->setObjectName(QStringLiteral("showConversationsAction"));
    m_showHistoryAction->setCheckable(true);
    m_showHistoryAction->setChecked(true);
    m_showHistoryAction->setEnabled(m_historyPanel != nullptr);
    m_showHistoryAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_L));
    connect(m_showHistoryAction, &QAction::toggled, this, [this](bool on) {
        if (m_historyPanel)
            m_historyPanel->setVisible(on);
    });
    m_searchAction = chat->addAction(tr("Searc&h Conversations"),
                                     this,
                                     &MainWindow::searchConversations);
    m_searchAction->setObjectName(QStringLiteral("searchConversationsAction"));
    m_searchAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F));
    m_searchAction->setEnabled(m_historyPanel != nullptr);
    QAction *batch = chat->addAction(tr("&Batch: One Question, Many Images..."), this, &MainWindow::showBatchWindow);
    batch->setObjectName(QStringLiteral("batchAction"));
    batch->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_B));
    batch->setStatusTip(tr("Ask the same question about every image of a folder or of the tray, one request each"));
    chat->addAction(m_modelPicker->testVisionAction());
    m_compareModelsAction = chat->addAction(tr("Compare &Models..."), this, &MainWindow::showCompareModels);
    m_compareModelsAction->setObjectName(QStringLiteral("compareModelsAction"));
    m_compareModelsAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_M));
    m_compareModelsAction->setStatusTip(tr("Send the prompt and images to two or three models at once and compare their answers side by side"));
    QAction *rename = chat->addAction(tr("Re&name Conversation"),
                                      this,
                                      &MainWindow::renameConversation);
    rename->setObjectName(QStringLiteral("renameConversationAction"));
    rename->setShortcut(QKeySequence(Qt::Key_F2));
    chat->addSeparator();
    QAction *send = chat->addAction(tr("&Send"), this, &MainWindow::requestSend);
    send->setObjectName(QStringLiteral("sendAction"));
    send->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return));
    send->setShortcutContext(Qt::WidgetShortcut); // the prompt box handles the key itself
    m_stopAction = chat->addAction(tr("S&top"), this, &MainWindow::requestStop);
    m_stopAction->setObjectName(QStringLiteral("stopAction"));
    m_stopAction->setEnabled(false);
    chat->addSeparator();
    QAction *parameters = chat->addAction(tr("Request &Parameters..."), this, &MainWindow::showParametersDialog);
    parameters->setObjectName(QStringLiteral("parametersAction"));
    parameters->setStatusTip(tr("System prompt, temperature and answer length for new questions"));
    m_enterSendsAction = chat->addAction(tr("&Return Sends"));
    m_enterSendsAction->setObjectName(QStringLiteral("enterSendsAction"));
    m_enterSendsAction->setCheckable(true);
    m_enterSendsAction->setStatusTip(tr("Return sends the prompt and Shift+Return starts a new line; "
                                        "otherwise Ctrl+Return sends"));
    connect(m_enterSendsAction, &QAction::toggled, this, [this](bool on) {
        m_promptEdit->setEnterSends(on);
        m_app->settings()->setSendWithEnter(on);
    });
}

void MainWindow::createImagesMenu()
{
    QMenu *images = menuBar()->addMenu(tr("&Images"));
    images->setObjectName(QStringLiteral("imagesMenu"));
    m_fitAction = images->addAction(tr("&Fit to Model"), m_tray, &TrayWidget::fitToModel);
    m_fitAction->setObjectName(QStringLiteral("fitAction"));
    m_fitAction->setStatusTip(tr("Scale down and re-encode the images so the request fits the model"));
    QAction *capture = images->addAction(tr("Capture Screen &Region..."), this, [this] {
        captureScreenRegion();
    });
    capture->setObjectName(QStringLiteral("captureScreenAction"));
    capture->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
    capture->setStatusTip(tr("Drag over a part of the screen to add it to the tray"));
    m_editImageAction = images->addAction(tr("&Edit Image..."), this, [this] { showImageEditor(); });
    m_editImageAction->setObjectName(QStringLiteral("editImageAction"));
    m_editImageAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    m_editImageAction->setStatusTip(
        tr("Crop, mark up and redact the selected image before it is sent"));
    // Always on: with the wrong number of images it says what to select.
    m_compareAction = images->addAction(tr("&Compare Side by Side"), this, &MainWindow::showCompareView);
    m_compareAction->setObjectName(QStringLiteral("compareAction"));
    m_compareAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_D));
    m_compareAction->setStatusTip(tr("Compare 2 to 4 images (the selected ones, or the whole tray) "
                                     "with synchronised zoom, swipe and difference views"));
    images->addSeparator();
    QAction *keepMetadata = images->addAction(tr("Send Location and Camera &Data"));
    keepMetadata->setObjectName(QStringLiteral("keepMetadataAction"));
    keepMetadata->setCheckable(true);
    keepMetadata->setChecked(m_app->settings()->keepImageMetadata());
    keepMetadata->setStatusTip(
        tr("Send images with their GPS position, camera data and comments (EXIF, XMP); "
           "off, Squint removes them from what it sends and leaves the files as they are"));
    connect(keepMetadata, &QAction::toggled, m_app->settings(), &Settings::setKeepImageMetadata);
    QAction *limits = images->addAction(tr("Model &Limits..."), this, &MainWindow::showLimitsDialog);
    limits->setObjectName(QStringLiteral("limitsAction"));
}

void MainWindow::createHelpMenu()
{
    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->setObjectName(QStringLiteral("helpMenu"));
    QAction *about = help->addAction(tr("&About Squint"), this, &MainWindow::showAbout);
    about->setObjectName(QStringLiteral("aboutAction"));
    about->setMenuRole(QAction::AboutRole);
}

void MainWindow::createTrayContextMenu()
{
    // The tray's context menu, and the widget the Delete shortcut is bound to.
    QListView *view = m_tray->view();
    view->setContextMenuPolicy(Qt::ActionsContextMenu);
    view->addAction(m_removeAction);
    auto *separator = new QAction(view);
    separator->setSeparator(true);
    view->addAction(separator);
    view->addAction(m_fitAction);
    view->addAction(m_editImageAction);
}

// ------------------------------------------------------------------------------------------------
// What follows what

void MainWindow::connectComposer()
{
    // Composer -> window: the window only shows what the composer decided.
    connect(m_composer, &Composer::profileChanged, this, &MainWindow::onProfileChanged);
    connect(m_composer, &Composer::evaluationChanged, this, &MainWindow::onEvaluationChanged);
    connect(m_composer,
            &Composer::message,
            m_messageBar,
            qOverload<Composer::MessageLevel, const QString &>(&MessageBar::showMessage));
    connect(m_composer, &Composer::busyChanged, this, &MainWindow::updateActions);
    TrayModel *tray = m_composer->tray();
    connect(tray, &QAbstractItemModel::rowsInserted, this, &MainWindow::updateActions);
    connect(tray, &QAbstractItemModel::rowsRemoved, this, &MainWindow::updateActions);
    connect(tray, &QAbstractItemModel::modelReset, this, &MainWindow::updateActions);
    connect(m_tray, &TrayWidget::selectionChanged, this, &MainWindow::updateActions);
    connect(m_tray->view(),
            &QAbstractItemView::doubleClicked,
            this,
            [this](const QModelIndex &index) {
                showImageEditor(index.data(TrayModel::IdRole).toULongLong());
            });
}

void MainWindow::connectUserActions()
{
    // Window -> composer and controller: user actions are forwarded as they are.
    connect(m_modelPicker, &ModelPicker::modelCommitted, m_composer, &Composer::setModelName);
    connect(m_modelPicker, &ModelPicker::testVisionRequested, m_app, &AppController::testVision);
    connect(m_promptEdit, &QPlainTextEdit::textChanged, m_composer, [this] {
        m_composer->setPrompt(m_promptEdit->toPlainText());
    });
    connect(m_promptEdit, &PromptEdit::imagesOffered, m_composer, [this](const QMimeData *mime) {
        m_composer->addMimeData(mime);
    });
    connect(m_promptEdit, &PromptEdit::sendRequested, this, &MainWindow::requestSend);
    connect(m_sendButton, &QPushButton::clicked, this, &MainWindow::requestSend);
    connect(m_stopButton, &QPushButton::clicked, this, &MainWindow::requestStop);
    connect(m_connectionsButton, &QPushButton::clicked, this, &MainWindow::showConnectionsDialog);
    connect(m_limitsButton, &QPushButton::clicked, this, &MainWindow::showLimitsDialog);
    auto *escape = new QShortcut(QKeySequence(Qt::Key_Escape), this);
    escape->setContext(Qt::WindowShortcut);
    connect(escape, &QShortcut::activated, this, [this] {
        if (m_session->isBusy())
            requestStop();
    });
}

void MainWindow::connectSession()
{
    connect(m_session->conversation(),
            &Conversation::titleChanged,
            this,
            &MainWindow::updateWindowTitle);
    connect(m_session, &ChatSession::promptRestored, this, [this](const QString &text) {
        m_promptEdit->setPlainText(text);
        m_promptEdit->moveCursor(QTextCursor::End);
        m_promptEdit->setFocus(Qt::OtherFocusReason);
    });
    connect(m_session, &ChatSession::editingChanged, this, [this](int from) {
        m_editBanner->setVisible(from >= 0);
        m_editLabel->setText(
            tr("Editing question %1: sending replaces it and the answers after it.").arg(from + 1));
    });
    connect(m_session, &ChatSession::storeIdChanged, this, [this](qint64 id) {
        if (m_historyPanel)
            m_historyPanel->setCurrentId(id);
        updateActions();
    });
    connect(m_chatView, &ChatView::retryRequested, m_app, &AppController::retry);
    connect(m_chatView, &ChatView::editRequested, m_session, &ChatSession::edit);
    connect(m_chatView,
            &ChatView::imagesInContextRequested,
            m_session,
            &ChatSession::setImagesInContext);
    connect(m_chatView, &ChatView::compareImagesRequested, m_app, &AppController::compareTurnImages);
    connect(m_chatView, &ChatView::copied, this, [this] {
        m_messageBar->showMessage(Composer::MessageLevel::Info,
                                  tr("Answer copied to the clipboard."));
    });
}

void MainWindow::connectConnections()
{
    ConnectionManager *connections = m_app->connections();
    connect(connections,
            &ConnectionManager::connectionsChanged,
            this,
            &MainWindow::updateConnectionPicker);
    connect(connections,
            &ConnectionManager::currentChanged,
            this,
            &MainWindow::updateConnectionPicker);
    connect(connections, &ConnectionManager::setupNeededChanged, this, &MainWindow::updateChatPage);
    connect(m_connectionPicker, &QComboBox::activated, connections, [this, connections](int index) {
        const QString id = m_connectionPicker->itemData(index).toString();
        if (!id.isEmpty())
            connections->setCurrent(id);
    });
    connect(m_setupPanel, &SetupPanel::done, this, [this] {
        updateChatPage();
        m_promptEdit->setFocus(Qt::OtherFocusReason);
    });
}

void MainWindow::connectHistory()
{
    if (!m_historyPanel)
        return;
    connect(m_historyPanel, &HistoryPanel::openRequested, this, [this](qint64 id, int position) {
        openConversation(id,
                         position,
                         position >= 0 ? m_historyPanel->hitModel()->query() : QString());
    });
    connect(m_historyPanel, &HistoryPanel::newRequested, m_newConversationAction, &QAction::trigger);
    connect(m_historyPanel, &HistoryPanel::deleteRequested, this, &MainWindow::deleteConversation);
    connect(m_historyPanel,
            &HistoryPanel::renameRequested,
            m_app,
            &AppController::renameConversation);
}

void MainWindow::connectController()
{
    connect(m_app,
            &AppController::message,
            m_messageBar,
            qOverload<Composer::MessageLevel, const QString &>(&MessageBar::showMessage));
    connect(m_app, &AppController::askStateChanged, this, [this] {
        updateSendState();
        updateCompareAsk();
    });
    connect(m_app, &AppController::turnFailed, this, [this] {
        if (!isActiveWindow())
            QApplication::alert(this);
    });
    connect(m_app, &AppController::turnToShow, m_chatView, &ChatView::showTurn);
    connect(m_app, &AppController::turnImagesReady, this, &MainWindow::showTurnComparison);
    connect(m_app,
            &AppController::remoteModelsChanged,
            m_modelPicker,
            &ModelPicker::setRemoteModels);
    connect(m_app,
            &AppController::visionForgotten,
            m_modelPicker,
            &ModelPicker::clearVisionCapabilities);
    connect(m_app, &AppController::visionKnown, m_modelPicker, &ModelPicker::setVisionCapability);
}

// ------------------------------------------------------------------------------------------------
// What the window shows

void MainWindow::onProfileChanged()
{
    const ModelProfile &profile = m_composer->profile();
    m_modelPicker->setCurrentName(m_composer->modelName());

    QString text = QLatin1String("<b>") + profile.displayName.toHtmlEscaped() + QLatin1String("</b>");
    QString plain = profile.displayName;
    if (profile.generic) {
        const QString warning = tr("Squint does not know this model: conservative limits apply. "
                                   "Check them under Limits... if you know better.");
        text += QLatin1String("<br><span style=\"color:#c62828\">") + warning.toHtmlEscaped()
                + QLatin1String("</span>");
        plain += QLatin1String(". ") + warning;
    }
    m_modelNote->setText(text);
    m_modelNote->setToolTip(profile.notes.join(QLatin1Char('\n')));
    m_modelNote->setAccessibleDescription(
        profile.notes.isEmpty() ? plain : plain + QLatin1String(". ") + profile.notes.join(QLatin1Char(' ')));
}

void MainWindow::onEvaluationChanged()
{
    m_meters->setEvaluation(m_composer->evaluation());
    updateSendState();
    updateActions();
}

void MainWindow::updateSendState()
{
    const bool busy = m_session->isBusy();
    const QString blocker = m_app->sendBlocker();
    const bool canSend = blocker.isEmpty();
    m_sendButton->setEnabled(canSend);
    // The reason may name a file ("photo <1>.png is too large"): a plain-text tooltip.
    m_sendButton->setToolTip(canSend ? tr("Send the prompt and images (%1)")
                                           .arg(m_promptEdit->enterSends() ? tr("Return") : tr("Ctrl+Return"))
                                     : plainToolTip(blocker));
    m_sendButton->setAccessibleDescription(canSend ? tr("Ready to send") : blocker);
    m_sendBlocker->setText(busy ? QString() : blocker);
    m_sendBlocker->setVisible(!busy && !blocker.isEmpty());
    m_stopButton->setVisible(busy);
    m_stopAction->setEnabled(busy);
}

void MainWindow::updateActions()
{
    const int count = m_composer->tray()->rowCount();
    m_removeAction->setEnabled(m_tray->hasSelection());
    m_clearAction->setEnabled(count > 0);
    m_selectAllAction->setEnabled(count > 0);
    m_fitAction->setEnabled(count > 0 && !m_composer->isBusy());
    m_editImageAction->setEnabled(count > 0);
}

void MainWindow::updateConnectionPicker()
{
    const QSignalBlocker blocker(m_connectionPicker);
    m_connectionPicker->clear();
    const ConnectionManager *connections = m_app->connections();
    const std::optional<Connection> current = connections->current();
    for (const Connection &c : connections->connections()) {
        m_connectionPicker->addItem(c.name, c.id);
        m_connectionPicker->setItemData(m_connectionPicker->count() - 1,
                                        plainToolTip(c.baseUrl),
                                        Qt::ToolTipRole);
        if (current && current->id == c.id)
            m_connectionPicker->setCurrentIndex(m_connectionPicker->count() - 1);
    }
    m_connectionPicker->setEnabled(m_connectionPicker->count() > 0);
    if (m_connectionPicker->count() == 0)
        m_connectionPicker->addItem(tr("None yet"));
}

void MainWindow::updateChatPage()
{
    const bool setup = m_app->connections()->needsSetup();
    m_chatStack->setCurrentWidget(setup ? static_cast<QWidget *>(m_setupPanel) : m_chatView);
}

void MainWindow::updateWindowTitle()
{
    const QString title = m_session->conversation()->title();
    setWindowTitle(title.isEmpty() ? tr("Squint") : tr("%1 — Squint").arg(title));
}

// ------------------------------------------------------------------------------------------------
// The conversation

void MainWindow::requestSend()
{
    const QString prompt = m_promptEdit->toPlainText();
    if (!m_app->send())
        return; // the message bar says why
    // The turn holds the prompt and images now; the box and the tray are ready for the next one.
    m_promptEdit->addToHistory(prompt);
    const QSignalBlocker blocker(m_promptEdit);
    m_promptEdit->clear();
}

void MainWindow::requestStop()
{
    m_session->stop();
}

void MainWindow::showParametersDialog()
{
    auto *dialog = new ParametersDialog(m_session->conversation()->parameters(), this);
    dialog->setModel(m_composer->modelName(), m_composer->profile().parameters);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        m_app->setChatParameters(dialog->parameters());
    });
    dialog->open();
}

void MainWindow::showConnectionsDialog()
{
    auto *dialog = new ConnectionDialog(m_app->connections(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

void MainWindow::pasteIntoTray()
{
    const QMimeData *mime = QGuiApplication::clipboard()->mimeData();
    if (mime && Composer::canAccept(mime)) {
        m_composer->addMimeData(mime);
        return;
    }
    m_messageBar->showMessage(Composer::MessageLevel::Info,
                              tr("The clipboard holds no images or files to add."));
}

void MainWindow::showLimitsDialog()
{
    auto *dialog = new LimitsDialog(m_composer, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

void MainWindow::showAbout()
{
    const QString text = tr("<h3>Squint %1</h3>"
                            "<p>Drag images in and ask a vision model about them. Squint checks "
                            "the images against "
                            "the model's limits before anything is sent.</p>"
                            "<p>Built with Qt %2, running on Qt %3.</p>")
                             .arg(QStringLiteral(SQUINT_VERSION),
                                  QStringLiteral(QT_VERSION_STR),
                                  QString::fromLatin1(qVersion()));
    auto *box = new QMessageBox(QMessageBox::NoIcon, tr("About Squint"), text, QMessageBox::Ok, this);
    box->setObjectName(QStringLiteral("aboutBox"));
    box->setIconPixmap(windowIcon().pixmap(64, 64));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

// ------------------------------------------------------------------------------------------------
// The history

void MainWindow::openConversation(qint64 id, int focusPosition, const QString &highlight)
{
    m_app->openConversation(id, focusPosition, highlight);
}

void MainWindow::searchConversations()
{
    if (!m_historyPanel)
        return; // the action is off without a history
    m_showHistoryAction->setChecked(true);
    m_historyPanel->focusSearch();
}

void MainWindow::renameConversation()
{
    const bool selected = m_historyPanel && m_historyPanel->listView()->currentIndex().isValid();
    if (const QString why = m_app->renameProblem(selected); !why.isEmpty()) {
        m_messageBar->showMessage(Composer::MessageLevel::Info, why);
        return;
    }
    m_showHistoryAction->setChecked(true);
    m_historyPanel->renameSelected();
}

void MainWindow::deleteConversation(qint64 id, const QString &title)
{
    const QString text = m_app->deleteConversation(id, title);
    if (text.isEmpty())
        return;
    m_historyPanel->setHidden(id, true);
    m_messageBar->showMessage(Composer::MessageLevel::Info, text, tr("Undo"), [this, id] {
        m_app->restoreConversation(id);
        m_historyPanel->setHidden(id, false);
    });
}

bool MainWindow::saveConversationAs(const QString &path, TranscriptFormat format)
{
    return m_app->saveConversationAs(path, format);
}

void MainWindow::saveConversationAsWithDialog()
{
    if (const QString why = m_app->saveProblem(); !why.isEmpty()) {
        m_messageBar->showMessage(Composer::MessageLevel::Info, why);
        return;
    }
    struct Choice
    {
        QString filter;
        TranscriptFormat format;
        QString suffix;
    };
    const QList<Choice> choices = {
        {tr("Markdown, images in a folder beside it (*.md)"), TranscriptFormat::MarkdownAssets, QStringLiteral("md")},
        {tr("Markdown, images inside the file (*.md)"), TranscriptFormat::MarkdownEmbedded, QStringLiteral("md")},
        {tr("Web page, one file (*.html)"), TranscriptFormat::Html, QStringLiteral("html")},
        {tr("PDF (*.pdf)"), TranscriptFormat::Pdf, QStringLiteral("pdf")},
        {tr("JSON transcript, complete (*.json)"), TranscriptFormat::Json, QStringLiteral("json")},
    };
    QStringList filters;
    for (const Choice &c : choices)
        filters << c.filter;
    const QString name = fileNameForConversation(m_session->conversation()->title());
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    auto *dialog = new QFileDialog(this, tr("Save Conversation As"), QDir(dir).filePath(name + QStringLiteral(".md")));
    dialog->setObjectName(QStringLiteral("saveConversationDialog"));
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    dialog->setNameFilters(filters);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QFileDialog::filterSelected, dialog, [dialog, choices, filters](const QString &filter) {
        const qsizetype i = filters.indexOf(filter);
        if (i >= 0)
            dialog->setDefaultSuffix(choices.at(i).suffix);
    });
    dialog->setDefaultSuffix(QStringLiteral("md"));
    connect(dialog, &QFileDialog::fileSelected, this, [this, dialog, choices, filters](const QString &file) {
        const qsizetype i = std::max<qsizetype>(0, filters.indexOf(dialog->selectedNameFilter()));
        saveConversationAs(file, choices.at(i).format);
    });
    dialog->open();
}

void MainWindow::importConversation(const QString &path)
{
    m_app->importConversation(path);
}

void MainWindow::importConversationWithDialog()
{
    auto *dialog = new QFileDialog(this, tr("Import Conversation"),
                                   QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation),
                                   tr("JSON transcripts (*.json)"));
    dialog->setObjectName(QStringLiteral("importConversationDialog"));
    dialog->setFileMode(QFileDialog::ExistingFile);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QFileDialog::fileSelected, this, &MainWindow::importConversation);
    dialog->open();
}

// ------------------------------------------------------------------------------------------------
// Comparing images and models

MarkupEditor *MainWindow::showImageEditor(quint64 id)
{
    const TrayModel *tray = m_composer->tray();
    if (id == 0) {
        const QList<quint64> selected = m_tray->selectedIds();
        id = !selected.isEmpty()  ? selected.constFirst()
             : tray->count() == 1 ? tray->itemAt(0).id
                                  : 0;
    }
    const TrayItem *item = tray->itemById(id);
    if (!item || item->stage != ItemFacts::Stage::Ready) {
        m_messageBar->showMessage(Composer::MessageLevel::Info,
                                  item ? tr("“%1” can be edited once it is read.").arg(item->name)
                                       : tr("Select the image to edit in the tray."));
        return nullptr;
    }
    auto *editor = new MarkupEditor(item->name,
                                    item->isEdited() ? item->originalPath : item->path,
                                    editListFromJson(item->edits),
                                    this);
    editor->setAttribute(Qt::WA_DeleteOnClose);
    // The tray item may change id while the editor is open (a conversion finishing does not, an
    // edit does): the editor applies to the item it was opened on, found by its original.
    connect(editor, &QDialog::accepted, this, [this, editor, id] {
        if (!m_composer->tray()->itemById(id)) {
            m_messageBar->showMessage(Composer::MessageLevel::Warning,
                                      tr("The image was removed or edited again while this editor "
                                         "was open: open the editor again."));
            return;
        }
        m_composer->applyEdits(id, editor->edits());
        if (const QString legend = editor->promptLegend(); !legend.isEmpty()) {
            QString prompt = m_promptEdit->toPlainText();
            if (!prompt.isEmpty() && !prompt.endsWith(QLatin1Char('\n')))
                prompt += QLatin1Char('\n');
            m_promptEdit->setPlainText(prompt + legend);
            m_promptEdit->moveCursor(QTextCursor::End);
        }
    });
    editor->open();
    return editor;
}

ScreenCapturer *MainWindow::captureScreenRegion()
{
    if (findChild<ScreenCapturer *>())
        return nullptr; // one capture at a time
    auto *capturer = new ScreenCapturer(this);
    connect(capturer, &ScreenCapturer::captured, this, [this](const QImage &image) {
        m_composer->addImageData(image, captureName(QDateTime::currentDateTime()));
    });
    connect(capturer, &ScreenCapturer::failed, this, [this](const QString &error) {
        m_messageBar->showMessage(Composer::MessageLevel::Warning,
                                  tr("Screen capture: %1").arg(error));
    });
    capturer->start();
    return capturer;
}

CompareView *MainWindow::showCompareView()
{
    const QList<quint64> selected = m_tray->selectedIds();
    if (const QString why = m_app->compareProblem(selected); !why.isEmpty()) {
        m_messageBar->showMessage(Composer::MessageLevel::Info, why);
        return nullptr;
    }
    const QList<TrayItem> items = m_app->compareItems(selected);
    QStringList paths;
    for (const TrayItem &item : items)
        paths << item.path;
    auto *view = new CompareView(paths, this);
    connect(view,
            &CompareView::askRequested,
            this,
            [this, view, items](const QStringList &shown, const QString &prompt) {
                QString why;
                if (m_app->askAboutTrayImages(items, shown, prompt, &why))
                    bringForward();
                else
                    view->setAskEnabled(true, why);
            });
    watchCompareView(view);
    return view;
}

void MainWindow::showTurnComparison(const TurnComparison &comparison)
{
    auto *view = new CompareView(comparison.paths, comparison.names, this);
    connect(view,
            &CompareView::askRequested,
            this,
            [this, view, comparison](const QStringList &shown, const QString &prompt) {
                QString why;
                if (m_app->askAboutTurnImages(comparison, shown, prompt, &why))
                    bringForward();
                else
                    view->setAskEnabled(true, why);
            });
    watchCompareView(view);
}

void MainWindow::watchCompareView(CompareView *view)
{
    view->setAttribute(Qt::WA_DeleteOnClose);
    m_compareViews << view;
    updateCompareAsk();
    view->show();
}

void MainWindow::updateCompareAsk()
{
    m_compareViews.removeAll(nullptr);
    const QString why = m_app->askBlocker();
    for (const QPointer<CompareView> &view : std::as_const(m_compareViews))
        view->setAskEnabled(why.isEmpty(), why);
}

void MainWindow::bringForward()
{
    // The answer streams in the chat: the window comes forward, the comparison stays open behind it.
    raise();
    activateWindow();
}

void MainWindow::showCompareModels()
{
    const QStringList offered = m_modelPicker->offeredNames();
    ModelComparison *comparison = m_app->ensureModelComparison();
    if (!m_compareModelsWindow) {
        m_compareModelsWindow = new CompareModelsWindow(comparison, this);
        connect(m_compareModelsWindow, &CompareModelsWindow::continueRequested, this, &MainWindow::continueWithModel);
    }
    m_compareModelsWindow->setModelSuggestions(offered);
    m_app->setUpModelComparison(offered);
    m_compareModelsWindow->show();
    m_compareModelsWindow->raise();
    m_compareModelsWindow->activateWindow();
}

CompareModelsWindow *MainWindow::compareModelsWindow() const
{
    return m_compareModelsWindow;
}

ModelComparison *MainWindow::modelComparison() const
{
    return m_app->modelComparison();
}

void MainWindow::continueWithModel(int column)
{
    if (!m_app->continueWithModel(column))
        return; // the message bar says why
    {
        const QSignalBlocker blocker(m_promptEdit);
        m_promptEdit->clear();
    }
    if (m_compareModelsWindow)
        m_compareModelsWindow->close();
    bringForward();
    m_promptEdit->setFocus(Qt::OtherFocusReason);
}

void MainWindow::showBatchWindow()
{
    const ChatTarget target = m_session->target();
    auto *window = new BatchWindow(target, m_composer->profile(), this);
    window->setAttribute(Qt::WA_DeleteOnClose);
    window->setTokenRenewer(m_app->batchTokenRenewer(target));
    window->setProfileLookup(m_app->profileLookup());
    const QStringList paths = m_app->batchImages(m_tray->selectedIds());
    if (!paths.isEmpty())
        window->setTrayImages(paths);
    const ChatParameters p = m_session->conversation()->parameters();
    window->setRequestParameters(p.system, p.maxTokens, p.temperature, p.stream);
    window->show();
}

// ------------------------------------------------------------------------------------------------
// Events

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveWindowState();
    QMainWindow::closeEvent(event);
}

void MainWindow::dragEnterEvent(QDragEnterEvent *event)
{
    if (Composer::canAccept(event->mimeData())) {
        event->setDropAction(Qt::CopyAction);
        event->accept();
    } else {
        event->ignore();
    }
}

void MainWindow::dragMoveEvent(QDragMoveEvent *event)
{
    if (Composer::canAccept(event->mimeData())) {
        event->setDropAction(Qt::CopyAction);
        event->accept();
    } else {
        event->ignore();
    }
}

void MainWindow::dropEvent(QDropEvent *event)
{
    if (!Composer::canAccept(event->mimeData())) {
        event->ignore();
        return;
    }
    m_composer->addMimeData(event->mimeData());
    event->setDropAction(Qt::CopyAction);
    event->accept();
}

bool MainWindow::eventFilter(QObject *watched, QEvent *event)
{
    // The chat pane is read-only text: what is dropped on it goes to the tray.
    if (m_chatView && watched == m_chatView->viewport()) {
        switch (event->type()) {
        case QEvent::DragEnter:
            dragEnterEvent(static_cast<QDragEnterEvent *>(event));
            return true;
        case QEvent::DragMove:
            dragMoveEvent(static_cast<QDragMoveEvent *>(event));
            return true;
        case QEvent::Drop:
            dropEvent(static_cast<QDropEvent *>(event));
            return true;
        default:
            break;
        }
    }
    return QMainWindow::eventFilter(watched, event);
}

} // namespace squint
