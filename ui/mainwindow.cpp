#include "ui/mainwindow.h"

#include "core/catalog/catalog.h"
#include "core/util/safelinks.h"
#include "core/chat/chatsession.h"
#include "core/compose/composer.h"
#include "core/connections/connectionmanager.h"
#include "core/history/history.h"
#include "core/images/intake.h"
#include "core/compare/modelcompare.h"
#include "core/history/historymodels.h"
#include "core/util/settings.h"
#include "core/compose/traymodel.h"
#include "ui/chat/chatview.h"
#include "ui/batch/batchwindow.h"
#include "ui/compare/comparemodelswindow.h"
#include "ui/compare/compareview.h"
#include "ui/connections/connectiondialog.h"
#include "ui/history/historypanel.h"
#include "ui/tray/limitsdialog.h"
#include "ui/messagebar.h"
#include "ui/tray/meterbar.h"
#include "ui/modelpicker.h"
#include "core/catalog/capabilities.h"
#include "ui/connections/parametersdialog.h"
#include "ui/chat/promptedit.h"
#include "ui/connections/setuppanel.h"
#include "ui/tray/traywidget.h"

#include <utility>

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QCloseEvent>
#include <QDragEnterEvent>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QStandardPaths>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenuBar>
#include <QNetworkAccessManager>
#include <QMessageBox>
#include <QMimeData>
#include <QPointer>
#include <QPushButton>
#include <QRegularExpression>
#include <QShortcut>
#include <QSplitter>
#include <QStackedWidget>
#include <QThreadPool>
#include <QVBoxLayout>

namespace squint {

MainWindow::MainWindow(Composer *composer, QWidget *parent)
    : QMainWindow(parent)
    , m_composer(composer)
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("Squint"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/squint.svg")));
    setAccessibleName(tr("Squint"));
    // Images dropped anywhere in the window go to the tray.
    setAcceptDrops(true);

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
    // The conversation list goes left of the chat (setHistory() adds it).
    m_historySplitter = new QSplitter(Qt::Horizontal, central);
    m_historySplitter->setObjectName(QStringLiteral("historySplitter"));
    m_historySplitter->setChildrenCollapsible(true);
    m_historySplitter->addWidget(m_mainSplitter);
    m_historySplitter->setCollapsible(0, false);
    layout->addWidget(m_historySplitter, 1);

    setCentralWidget(central);
    createMenus();

    // Composer -> window: the window only shows what the composer decided.
    connect(composer, &Composer::profileChanged, this, &MainWindow::onProfileChanged);
    connect(composer, &Composer::evaluationChanged, this, &MainWindow::onEvaluationChanged);
    connect(composer, &Composer::message, m_messageBar, qOverload<Composer::MessageLevel, const QString &>(&MessageBar::showMessage));
    connect(composer, &Composer::busyChanged, this, &MainWindow::updateActions);

    // Window -> composer: user actions are forwarded as they are.
    connect(m_modelPicker, &ModelPicker::modelCommitted, composer, &Composer::setModelName);
    connect(m_promptEdit, &QPlainTextEdit::textChanged, composer,
            [this] { m_composer->setPrompt(m_promptEdit->toPlainText()); });
    connect(m_promptEdit, &PromptEdit::imagesOffered, composer,
            [this](const QMimeData *mime) { m_composer->addMimeData(mime); });
    connect(m_promptEdit, &PromptEdit::sendRequested, this, &MainWindow::requestSend);
    connect(m_sendButton, &QPushButton::clicked, this, &MainWindow::requestSend);
    connect(m_stopButton, &QPushButton::clicked, this, &MainWindow::requestStop);
    connect(m_connectionsButton, &QPushButton::clicked, this, &MainWindow::showConnectionsDialog);
    auto *escape = new QShortcut(QKeySequence(Qt::Key_Escape), this);
    escape->setContext(Qt::WindowShortcut);
    connect(escape, &QShortcut::activated, this, [this] {
        if (m_session && m_session->isBusy())
            requestStop();
    });
    connect(m_limitsButton, &QPushButton::clicked, this, &MainWindow::showLimitsDialog);
    connect(m_tray, &TrayWidget::selectionChanged, this, &MainWindow::updateActions);
    connect(composer->tray(), &QAbstractItemModel::rowsInserted, this, &MainWindow::updateActions);
    connect(composer->tray(), &QAbstractItemModel::rowsRemoved, this, &MainWindow::updateActions);
    connect(composer->tray(), &QAbstractItemModel::modelReset, this, &MainWindow::updateActions);

    m_modelPicker->setSuggestions(composer->catalog().suggestedNames());
    if (Settings *settings = composer->settings())
        m_promptEdit->setEnterSends(settings->sendWithEnter());
    m_enterSendsAction->setChecked(m_promptEdit->enterSends());
    updateConnectionPicker();
    updateChatPage();
    if (!composer->prompt().isEmpty())
        m_promptEdit->setPlainText(composer->prompt());
    onProfileChanged();
    onEvaluationChanged();

    const Settings *settings = composer->settings();
    const QByteArray geometry = settings ? settings->windowGeometry() : QByteArray();
    if (geometry.isEmpty() || !restoreGeometry(geometry))
        resize(1200, 780);
    if (settings) {
        restoreState(settings->windowState());
        for (QSplitter *splitter : {m_mainSplitter, m_chatSplitter})
            splitter->restoreState(settings->splitterState(splitter->objectName()));
    }

    m_promptEdit->setFocus(Qt::OtherFocusReason);
}

MainWindow::~MainWindow() = default;

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
    m_chatStack->addWidget(m_chatView);

    auto *promptPane = new QWidget(m_chatSplitter);
    promptPane->setObjectName(QStringLiteral("promptPane"));
    auto *layout = new QVBoxLayout(promptPane);
    layout->setContentsMargins(0, 0, 0, 0);
    m_editBanner = new QWidget(promptPane);
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
    connect(cancelEdit, &QPushButton::clicked, this, [this] {
        if (m_session)
            m_session->cancelEdit();
    });
    bannerLayout->addWidget(m_editLabel, 1);
    bannerLayout->addWidget(cancelEdit);
    m_editBanner->hide();
    layout->addWidget(m_editBanner);

    m_promptEdit = new PromptEdit(promptPane);
    layout->addWidget(m_promptEdit, 1);

    auto *sendRow = new QHBoxLayout;
    m_sendBlocker = new QLabel(promptPane);
    m_sendBlocker->setObjectName(QStringLiteral("sendBlockerLabel"));
    m_sendBlocker->setAccessibleName(tr("Why Send is unavailable"));
    m_sendBlocker->setWordWrap(true);
    m_sendBlocker->setTextFormat(Qt::PlainText);
    QFont small = m_sendBlocker->font();
    if (small.pointSizeF() > 0)
        small.setPointSizeF(small.pointSizeF() * 0.9);
    m_sendBlocker->setFont(small); // normal text colour: this is information, not a placeholder

    m_sendButton = new QPushButton(tr("Send"), promptPane);
    m_sendButton->setObjectName(QStringLiteral("sendButton"));
    m_sendButton->setAccessibleName(tr("Send"));
    m_sendButton->setMinimumWidth(100);
    m_sendButton->setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed); // not stretched when the reason hides

    m_stopButton = new QPushButton(tr("Stop"), promptPane);
    m_stopButton->setObjectName(QStringLiteral("stopButton"));
    m_stopButton->setAccessibleName(tr("Stop"));
    m_stopButton->setToolTip(tr("Stop the answer (Esc); what arrived is kept"));
    m_stopButton->setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
    m_stopButton->hide();

    sendRow->addWidget(m_sendBlocker, 1);
    sendRow->addStretch(0); // keeps the buttons on the right while the reason is hidden
    sendRow->addWidget(m_stopButton, 0, Qt::AlignTop);
    sendRow->addWidget(m_sendButton, 0, Qt::AlignTop);
    layout->addLayout(sendRow);

    m_chatSplitter->addWidget(m_chatStack);
    m_chatSplitter->addWidget(promptPane);
    m_chatSplitter->setStretchFactor(0, 3);
    m_chatSplitter->setStretchFactor(1, 1);
    return m_chatSplitter;
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

void MainWindow::createMenus()
{
    QMenuBar *bar = menuBar();
    bar->setObjectName(QStringLiteral("menuBar"));

    QMenu *file = bar->addMenu(tr("&File"));
    file->setObjectName(QStringLiteral("fileMenu"));
    m_newConversationAction = file->addAction(tr("&New Conversation"), this, [this] {
        if (m_session)
            m_session->newConversation();
    });
    m_newConversationAction->setObjectName(QStringLiteral("newConversationAction"));
    m_newConversationAction->setShortcut(QKeySequence::New);
    m_saveAsAction = file->addAction(tr("&Save Conversation As..."), this, &MainWindow::saveConversationAsWithDialog);
    m_saveAsAction->setObjectName(QStringLiteral("saveConversationAsAction"));
    m_saveAsAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));
    m_saveAsAction->setStatusTip(tr("Write the conversation as Markdown, HTML, PDF or JSON"));
    m_saveAsAction->setEnabled(false);
    m_importAction = file->addAction(tr("&Import Conversation..."), this, &MainWindow::importConversationWithDialog);
    m_importAction->setObjectName(QStringLiteral("importConversationAction"));
    m_importAction->setStatusTip(tr("Add a JSON transcript to the saved conversations"));
    m_importAction->setEnabled(false);
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

    QMenu *edit = bar->addMenu(tr("&Edit"));
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

    QMenu *chat = bar->addMenu(tr("&Chat"));
    chat->setObjectName(QStringLiteral("chatMenu"));
    m_showHistoryAction = chat->addAction(tr("Show &Conversations"));
    m_showHistoryAction->setObjectName(QStringLiteral("showConversationsAction"));
    m_showHistoryAction->setCheckable(true);
    m_showHistoryAction->setChecked(true);
    m_showHistoryAction->setEnabled(false);
    m_showHistoryAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_L));
    connect(m_showHistoryAction, &QAction::toggled, this, [this](bool on) {
        if (m_historyPanel)
            m_historyPanel->setVisible(on);
    });
    m_searchAction = chat->addAction(tr("Searc&h Conversations"), this, [this] {
        if (!m_historyPanel)
            return;
        m_showHistoryAction->setChecked(true);
        m_historyPanel->focusSearch();
    });
    m_searchAction->setObjectName(QStringLiteral("searchConversationsAction"));
    m_searchAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F));
    m_searchAction->setEnabled(false);
    QAction *batch = chat->addAction(tr("&Batch: One Question, Many Images..."), this, &MainWindow::showBatchWindow);
    batch->setObjectName(QStringLiteral("batchAction"));
    batch->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_B));
    batch->setStatusTip(tr("Ask the same question about every image of a folder or of the tray, one request each"));
    chat->addAction(m_modelPicker->testVisionAction());
    m_compareModelsAction = chat->addAction(tr("Compare &Models..."), this, &MainWindow::showCompareModels);
    m_compareModelsAction->setObjectName(QStringLiteral("compareModelsAction"));
    m_compareModelsAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_M));
    m_compareModelsAction->setStatusTip(tr("Send the prompt and images to two or three models at once and compare their answers side by side"));
    QAction *rename = chat->addAction(tr("Re&name Conversation"), this, [this] {
        if (m_historyPanel) {
            m_showHistoryAction->setChecked(true);
            m_historyPanel->renameSelected();
        }
    });
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
        if (Settings *settings = m_composer->settings())
            settings->setSendWithEnter(on);
    });

    QMenu *images = bar->addMenu(tr("&Images"));
    images->setObjectName(QStringLiteral("imagesMenu"));
    m_fitAction = images->addAction(tr("&Fit to Model"), m_tray, &TrayWidget::fitToModel);
    m_fitAction->setObjectName(QStringLiteral("fitAction"));
    m_fitAction->setStatusTip(tr("Scale down and re-encode the images so the request fits the model"));
    m_compareAction = images->addAction(tr("&Compare Side by Side"), this, &MainWindow::showCompareView);
    m_compareAction->setObjectName(QStringLiteral("compareAction"));
    m_compareAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_D));
    m_compareAction->setStatusTip(tr("Compare 2 to 4 images (the selected ones, or the whole tray) with synchronised zoom, swipe and difference views"));
    m_compareAction->setEnabled(false);
    images->addSeparator();
    QAction *limits = images->addAction(tr("Model &Limits..."), this, &MainWindow::showLimitsDialog);
    limits->setObjectName(QStringLiteral("limitsAction"));

    QMenu *help = bar->addMenu(tr("&Help"));
    help->setObjectName(QStringLiteral("helpMenu"));
    QAction *about = help->addAction(tr("&About Squint"), this, &MainWindow::showAbout);
    about->setObjectName(QStringLiteral("aboutAction"));
    about->setMenuRole(QAction::AboutRole);

    // The tray's context menu, and the widget the Delete shortcut is bound to.
    QListView *view = m_tray->view();
    view->setContextMenuPolicy(Qt::ActionsContextMenu);
    view->addAction(m_removeAction);
    auto *separator = new QAction(view);
    separator->setSeparator(true);
    view->addAction(separator);
    view->addAction(m_fitAction);
}

void MainWindow::onProfileChanged()
{
    const ModelProfile &profile = m_composer->profile();
    m_modelPicker->setCurrentName(m_composer->modelName());
    applyVision(m_composer->modelName());

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
    const Evaluation &evaluation = m_composer->evaluation();
    const bool busy = m_session && m_session->isBusy();
    QString blocker;
    if (!m_session)
        blocker = evaluation.canSend ? tr("No connection to send to.") : evaluation.blocker;
    else
        blocker = m_session->sendBlocker();
    if (blocker.isEmpty() && !evaluation.canSend)
        blocker = tr("Nothing to send yet.");
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
    const qsizetype comparable = compareCandidates().size();
    m_compareAction->setEnabled(comparable >= 2 && comparable <= 4);
    if (m_saveAsAction)
        m_saveAsAction->setEnabled(m_history && m_session && m_session->storeId() != 0);
}

void MainWindow::requestSend()
{
    if (!m_session) {
        m_messageBar->showMessage(Composer::MessageLevel::Info, tr("Can't send: there is no connection to a model."));
        return;
    }
    const QString prompt = m_promptEdit->toPlainText();
    QString why;
    if (!m_session->send(&why)) {
        m_messageBar->showMessage(Composer::MessageLevel::Info, tr("Can't send yet: %1").arg(why));
        return;
    }
    // The turn holds the prompt and images now; the box and the tray are ready for the next one.
    m_promptEdit->addToHistory(prompt);
    const QSignalBlocker blocker(m_promptEdit);
    m_promptEdit->clear();
}

void MainWindow::requestStop()
{
    if (m_session)
        m_session->stop();
}

void MainWindow::setChatSession(ChatSession *session)
{
    m_session = session;
    m_chatView->setConversation(session ? session->conversation() : nullptr);
    if (!session) {
        updateSendState();
        return;
    }
    connect(session->conversation(), &Conversation::titleChanged, this, &MainWindow::updateWindowTitle);
    connect(session, &ChatSession::busyChanged, this, [this] {
        updateSendState();
        updateCompareAsk();
        m_newConversationAction->setEnabled(true);
    });
    connect(session, &ChatSession::promptRestored, this, [this](const QString &text) {
        m_promptEdit->setPlainText(text);
        m_promptEdit->moveCursor(QTextCursor::End);
        m_promptEdit->setFocus(Qt::OtherFocusReason);
    });
    connect(session, &ChatSession::editingChanged, this, [this](int from) {
        m_editBanner->setVisible(from >= 0);
        m_editLabel->setText(tr("Editing question %1: sending replaces it and the answers after it.").arg(from + 1));
    });
    connect(session, &ChatSession::turnFinished, this, [this](int index) {
        const Turn &t = m_session->conversation()->at(index);
        // An OAuth token the workspace no longer takes (Databricks: 403, else 401): fetched once more,
        // and the turn asked again with it.
        if (t.state == Turn::State::Failed && (t.error.status == 401 || t.error.status == 403) && m_connections
            && t.id != m_retriedOnNewToken && m_connections->tokenRejected()) {
            m_retryOnNewToken = t.id;
            return;
        }
        if (t.state == Turn::State::Failed && !isActiveWindow())
            QApplication::alert(this);
        updateSendState();
    });
    connect(m_chatView, &ChatView::retryRequested, session, [this](quint64 id) {
        if (!m_session->retry(id))
            m_messageBar->showMessage(Composer::MessageLevel::Info, m_session->isBusy()
                                                                        ? tr("Wait for the current answer or stop it first.")
                                                                        : tr("Choose a connection first."));
    });
    connect(m_chatView, &ChatView::editRequested, session, [this](quint64 id) { m_session->edit(id); });
    connect(m_chatView, &ChatView::imagesInContextRequested, session,
            [this](quint64 id, bool include) { m_session->setImagesInContext(id, include); });
    connect(m_chatView, &ChatView::compareImagesRequested, this, &MainWindow::compareTurnImages);
    connect(m_chatView, &ChatView::copied, this, [this] {
        m_messageBar->showMessage(Composer::MessageLevel::Info, tr("Answer copied to the clipboard."));
    });
    updateSendState();
}

void MainWindow::setHistory(History *history)
{
    Q_ASSERT(!m_history && history);
    m_history = history;
    m_historyPanel = new HistoryPanel(history, m_historySplitter);
    m_historySplitter->insertWidget(0, m_historyPanel);
    m_historySplitter->setStretchFactor(0, 1);
    m_historySplitter->setStretchFactor(1, 4);
    if (const Settings *settings = m_composer->settings()) {
        const QByteArray state = settings->splitterState(m_historySplitter->objectName());
        if (state.isEmpty() || !m_historySplitter->restoreState(state))
            m_historySplitter->setSizes({240, 960});
    }
    m_showHistoryAction->setEnabled(true);
    m_searchAction->setEnabled(true);
    m_importAction->setEnabled(true);

    connect(m_historyPanel, &HistoryPanel::openRequested, this, [this](qint64 id, int position) {
        openConversation(id, position, position >= 0 ? m_historyPanel->hitModel()->query() : QString());
    });
    connect(m_historyPanel, &HistoryPanel::newRequested, m_newConversationAction, &QAction::trigger);
    connect(m_historyPanel, &HistoryPanel::deleteRequested, this, &MainWindow::deleteConversation);
    connect(m_historyPanel, &HistoryPanel::renameRequested, this, [this](qint64 id, const QString &title) {
        if (m_session && id == m_session->storeId())
            m_session->rename(title); // the conversation shown: its title and the history follow
        else
            m_history->rename(id, title);
    });

    connect(history, &History::opened, this, [this](bool ok, const QString &notice, const QString &error) {
        if (!notice.isEmpty())
            m_messageBar->showMessage(Composer::MessageLevel::Warning, notice);
        if (!ok) {
            m_messageBar->showMessage(Composer::MessageLevel::Error,
                                      tr("Conversations will not be saved: %1").arg(error));
            return;
        }
        // Back where the user left off, unless something was asked already.
        const Settings *settings = m_composer->settings();
        const qint64 last = settings ? settings->qsettings()->value(QStringLiteral("history/lastConversation")).toLongLong() : 0;
        if (last > 0 && m_session && m_session->conversation()->count() == 0 && !m_session->isBusy()) {
            openConversation(last);
            m_loadingQuietly = true;
        }
    });
    connect(history, &History::loaded, this, [this](const LoadedConversation &c) {
        if (c.id != m_loadingId || !m_session)
            return; // the user opened another one meanwhile
        m_loadingId = 0;
        if (!c.error.isEmpty()) {
            if (!std::exchange(m_loadingQuietly, false)) // the last conversation of a session may be gone; no news
                m_messageBar->showMessage(Composer::MessageLevel::Warning, tr("Couldn't open the conversation: %1").arg(c.error));
            return;
        }
        m_loadingQuietly = false;
        if (m_session->isBusy()) {
            const QString was = m_session->conversation()->title();
            m_messageBar->showMessage(Composer::MessageLevel::Info,
                                      tr("The answer in “%1” was stopped to open another conversation; what arrived is kept.")
                                          .arg(was.isEmpty() ? tr("Untitled conversation") : was));
        }
        m_session->openConversation(c);
        if (c.focusPosition >= 0)
            m_chatView->showTurn(c.focusPosition, m_loadingHighlight);
    });
    connect(history, &History::thumbnailsReady, this, [this](qint64 id, const QHash<QByteArray, QImage> &thumbnails) {
        if (m_session && id == m_session->storeId())
            m_session->conversation()->setThumbnails(thumbnails, &History::thumbnailKey);
    });
    connect(history, &History::failed, this, [this](const QString &message) {
        m_messageBar->showMessage(Composer::MessageLevel::Warning, message);
    });
    connect(history, &History::busyChanged, this, [this](bool busy, const QString &message) {
        m_messageBar->showMessage(busy ? Composer::MessageLevel::Warning : Composer::MessageLevel::Info, message);
    });
    connect(history, &History::exported, this, [this](bool ok, const QString &path, const QString &error) {
        if (ok)
            m_messageBar->showMessage(Composer::MessageLevel::Info, tr("Saved %1.").arg(QDir::toNativeSeparators(path)));
        else
            m_messageBar->showMessage(Composer::MessageLevel::Error, tr("Couldn't save %1: %2").arg(QDir::toNativeSeparators(path), error));
    });
    connect(history, &History::imported, this, [this](qint64 id, const QString &title, const QString &error) {
        if (id == 0) {
            m_messageBar->showMessage(Composer::MessageLevel::Error, tr("Nothing was imported: %1").arg(error));
            return;
        }
        m_messageBar->showMessage(Composer::MessageLevel::Info, tr("Imported “%1”.").arg(title));
        openConversation(id);
    });
    if (m_session) {
        connect(m_session, &ChatSession::storeIdChanged, this, [this](qint64 id) {
            m_historyPanel->setCurrentId(id);
            if (Settings *settings = m_composer->settings())
                settings->qsettings()->setValue(QStringLiteral("history/lastConversation"), id);
            updateActions();
        });
    }
    updateActions();
}

void MainWindow::openConversation(qint64 id, int focusPosition, const QString &highlight)
{
    if (!m_history || !m_session || id <= 0)
        return;
    if (id == m_session->storeId() && focusPosition >= 0) {
        m_chatView->showTurn(focusPosition, highlight); // already shown
        return;
    }
    m_loadingId = id;
    m_loadingHighlight = highlight;
    m_loadingQuietly = false;
    m_history->load(id, focusPosition, ChatView::InitialTurns);
}

void MainWindow::deleteConversation(qint64 id, const QString &title)
{
    if (!m_history)
        return;
    const bool current = m_session && id == m_session->storeId();
    if (current && m_session->isBusy())
        m_session->stop();
    m_history->trash(id);
    m_historyPanel->setHidden(id, true);
    if (current)
        m_session->newConversation();
    const QString name = title.isEmpty() ? tr("Untitled conversation") : title;
    m_messageBar->showMessage(Composer::MessageLevel::Info, tr("Deleted “%1”.").arg(name), tr("Undo"), [this, id, current] {
        m_history->restore(id);
        m_historyPanel->setHidden(id, false);
        if (current)
            openConversation(id);
    });
}

bool MainWindow::saveConversationAs(const QString &path, TranscriptFormat format)
{
    if (!m_history || !m_session || m_session->storeId() == 0)
        return false;
    m_session->saveProgressNow(); // what streamed in the last second goes too
    m_history->exportTo(m_session->storeId(), path, format);
    return true;
}

void MainWindow::saveConversationAsWithDialog()
{
    if (!m_session || m_session->storeId() == 0)
        return;
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
    QString name = m_session->conversation()->title();
    name.replace(QRegularExpression(QStringLiteral("[/\\:*?\"<>|]+")), QStringLiteral(" "));
    name = name.simplified();
    if (name.isEmpty())
        name = tr("conversation");
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
    if (m_history)
        m_history->importFrom(path);
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

QList<TrayItem> MainWindow::trayItemsForAction() const
{
    // The tray's selection, or the whole tray when nothing is selected.
    const QList<quint64> selected = m_tray->selectedIds();
    QList<TrayItem> items;
    for (const TrayItem &item : m_composer->tray()->items()) {
        if (selected.isEmpty() || selected.contains(item.id))
            items << item;
    }
    return items;
}

QList<TrayItem> MainWindow::compareCandidates() const
{
    QList<TrayItem> items; // only images that loaded can be shown
    for (const TrayItem &item : trayItemsForAction()) {
        if (item.stage == ItemFacts::Stage::Ready)
            items << item;
    }
    return items;
}

CompareView *MainWindow::showCompareView()
{
    const QList<TrayItem> items = compareCandidates();
    if (items.size() < CompareView::MinImages || items.size() > CompareView::MaxImages) {
        m_messageBar->showMessage(Composer::MessageLevel::Info, tr("Select 2 to 4 images in the tray to compare them."));
        return nullptr;
    }
    QStringList paths;
    QHash<QString, quint64> ids; // "Ask About These" names the images by path; the tray by id
    for (const TrayItem &item : items) {
        paths << item.path;
        ids.insert(item.path, item.id);
    }
    auto *view = new CompareView(paths, this);
    view->setAttribute(Qt::WA_DeleteOnClose);
    connect(view, &CompareView::askRequested, this, [this, view, ids](const QStringList &shown, const QString &prompt) {
        askAboutCompared(view, ids, shown, prompt);
    });
    m_compareViews << view;
    updateCompareAsk();
    view->show();
    return view;
}

void MainWindow::askAboutCompared(CompareView *view, const QHash<QString, quint64> &trayIds, const QStringList &paths,
                                  const QString &prompt)
{
    QList<quint64> ids;
    for (const QString &path : paths)
        ids << trayIds.value(path);
    QString why;
    if (!m_session || !m_session->sendLabelled(ids, prompt, &why))
        askFailed(view, m_session ? why : tr("There is no conversation."));
    else
        askSent(int(ids.size()));
}

void MainWindow::askFailed(CompareView *view, const QString &why)
{
    const QString text = tr("Can't ask about these images: %1").arg(why);
    m_messageBar->showMessage(Composer::MessageLevel::Warning, text);
    view->setAskEnabled(true, text);
}

void MainWindow::askSent(int images)
{
    m_messageBar->showMessage(Composer::MessageLevel::Info,
                              tr("Asked about %n image(s) as Image 1 to Image %n, in the order of the comparison.",
                                 nullptr, images));
    // The answer streams in the chat: bring the window forward, the comparison stays open behind it.
    raise();
    activateWindow();
}

void MainWindow::updateCompareAsk()
{
    m_compareViews.removeAll(nullptr);
    QString why;
    if (!m_session)
        why = tr("There is no conversation to ask in.");
    else if (m_session->isBusy())
        why = tr("Wait for the current answer or stop it first.");
    else if (!m_session->target().isValid())
        why = tr("Choose a connection first.");
    for (const QPointer<CompareView> &view : std::as_const(m_compareViews))
        view->setAskEnabled(why.isEmpty(), why);
}

void MainWindow::compareTurnImages(quint64 turnId)
{
    const Turn *turn = m_session ? m_session->conversation()->byId(turnId) : nullptr;
    if (!turn || turn->images.size() < CompareView::MinImages || turn->images.size() > CompareView::MaxImages)
        return;
    // History images may exist only as bytes in the database: they are written to the cache folder
    // on a worker thread, and the view opens when their files are there.
    const QList<TurnImage> images = turn->images;
    QPointer<MainWindow> self(this);
    QThreadPool::globalInstance()->start([self, images] {
        QStringList paths;
        QStringList names;
        QStringList errors;
        for (const TurnImage &image : images) {
            names << image.name;
            QString error;
            const QString path = fileForTurnImage(image, &error);
            paths << path; // the view shows why an image is missing
            if (path.isEmpty())
                errors << error;
        }
        QMetaObject::invokeMethod(qApp, [self, images, paths, names, errors] {
            if (!self)
                return;
            if (!errors.isEmpty())
                self->m_messageBar->showMessage(Composer::MessageLevel::Warning, errors.join(QLatin1Char(' ')));
            auto *view = new CompareView(paths, names, self);
            view->setAttribute(Qt::WA_DeleteOnClose);
            connect(view, &CompareView::askRequested, self,
                    [self, view, images, paths](const QStringList &shown, const QString &prompt) {
                        QList<TurnImage> ordered; // as the view shows them
                        for (const QString &path : shown)
                            ordered << images.value(paths.indexOf(path));
                        QString why;
                        if (shown.contains(QString()))
                            self->askFailed(view, tr("An image of this question is no longer available."));
                        else if (!self->m_session || !self->m_session->sendLabelledTurnImages(ordered, prompt, &why))
                            self->askFailed(view, self->m_session ? why : tr("There is no conversation."));
                        else
                            self->askSent(int(ordered.size()));
                    });
            self->m_compareViews << view;
            self->updateCompareAsk();
            view->show();
        });
    });
}

void MainWindow::showCompareModels()
{
    if (!m_session) {
        m_messageBar->showMessage(Composer::MessageLevel::Info, tr("There is no conversation to compare models in."));
        return;
    }
    if (!m_comparison) {
        m_comparison = new ModelComparison(m_composer->catalog(), m_composer->settings(), m_session->nam(), this);
    }
    if (!m_compareModelsWindow) {
        m_compareModelsWindow = new CompareModelsWindow(m_comparison, this);
        connect(m_compareModelsWindow, &CompareModelsWindow::continueRequested, this, &MainWindow::continueWithModel);
    }
    const QStringList offered = m_modelPicker->offeredNames();
    m_compareModelsWindow->setModelSuggestions(offered);
    // The last comparison stays as it was (answers and all) while the prompt and tray are the same;
    // a new prompt or other images start a new one.
    QList<quint64> readyIds;
    for (const TrayItem &item : m_composer->tray()->items())
        if (item.stage == ItemFacts::Stage::Ready)
            readyIds << item.id;
    const bool same = m_comparison->count() > 0 && m_comparison->prompt() == m_composer->prompt()
                      && m_comparison->imageIds() == readyIds;
    if (!m_comparison->isRunning() && !same) {
        // The current model, and the models of the last comparison, else the next one offered.
        QStringList models{m_composer->modelName()};
        for (const QString &m : m_comparison->models())
            if (!models.contains(m) && models.size() < ModelComparison::MaxModels)
                models << m;
        for (const QString &m : offered)
            if (models.size() < ModelComparison::MinModels && !models.contains(m))
                models << m;
        m_comparison->setTarget(m_session->target());
        m_comparison->setup(m_composer->prompt(), m_composer->tray()->items(), m_composer->context(),
                            m_session->conversation()->parameters(), models);
    }
    m_compareModelsWindow->show();
    m_compareModelsWindow->raise();
    m_compareModelsWindow->activateWindow();
}

CompareModelsWindow *MainWindow::compareModelsWindow() const
{
    return m_compareModelsWindow;
}

void MainWindow::continueWithModel(int column)
{
    Turn turn;
    if (!m_comparison || !m_comparison->turnFor(column, &turn))
        return;
    if (!m_session->adoptTurn(turn)) {
        m_messageBar->showMessage(Composer::MessageLevel::Info, tr("Wait for the current answer or stop it first."));
        return;
    }
    const QString model = m_comparison->column(column).model;
    m_composer->setModelName(model);
    {
        const QSignalBlocker blocker(m_promptEdit);
        m_promptEdit->clear();
    }
    m_messageBar->showMessage(Composer::MessageLevel::Info,
                              tr("Continuing with %1: its answer is now part of the conversation.").arg(model));
    if (m_compareModelsWindow)
        m_compareModelsWindow->close();
    raise();
    activateWindow();
    m_promptEdit->setFocus(Qt::OtherFocusReason);
}

void MainWindow::showBatchWindow()
{
    const ChatTarget target = m_session ? m_session->target() : ChatTarget();
    auto *window = new BatchWindow(target, m_composer->profile(), this);
    window->setAttribute(Qt::WA_DeleteOnClose);
    // The batch runs on its own thread; the connection manager renews a refused OAuth token on this one.
    QPointer<ConnectionManager> connections = m_connections;
    window->setTokenRenewer([connections, target](auto done) {
        const bool asked = connections && QMetaObject::invokeMethod(connections.data(), [connections, target, done] {
            if (connections)
                connections->renewTokenFor(target, done);
            else
                done({}, tr("Squint is closing."));
        }, Qt::QueuedConnection);
        if (!asked)
            done({}, tr("Squint is closing."));
    });
    const Catalog catalog = m_composer->catalog();
    QPointer<Settings> settings = m_composer->settings();
    window->setProfileLookup([catalog, settings](const QString &name) {
        return catalog.profileWithOverrides(name, settings.data());
    });
    QStringList paths; // the batch reports an image that can't be used as a row with its error
    for (const TrayItem &item : trayItemsForAction())
        paths << item.path;
    if (!paths.isEmpty())
        window->setTrayImages(paths);
    if (m_session) {
        const ChatParameters p = m_session->conversation()->parameters();
        window->setRequestParameters(p.system, p.maxTokens, p.temperature, p.stream);
    }
    window->show();
}

void MainWindow::updateWindowTitle()
{
    const QString title = m_session ? m_session->conversation()->title() : QString();
    setWindowTitle(title.isEmpty() ? tr("Squint") : tr("%1 — Squint").arg(title));
}

void MainWindow::setConnectionManager(ConnectionManager *connections)
{
    m_connections = connections;
    if (!connections) {
        updateConnectionPicker();
        updateChatPage();
        return;
    }
    if (!m_setupPanel) {
        m_setupPanel = new SetupPanel(connections, m_chatStack);
        m_chatStack->insertWidget(0, m_setupPanel);
        connect(m_setupPanel, &SetupPanel::done, this, [this] {
            updateChatPage();
            m_promptEdit->setFocus(Qt::OtherFocusReason);
        });
    }
    connect(connections, &ConnectionManager::connectionsChanged, this, &MainWindow::updateConnectionPicker);
    connect(connections, &ConnectionManager::currentChanged, this, [this] {
        updateConnectionPicker();
        m_modelPicker->setRemoteModels({});
        m_connections->refreshModels();
    });
    connect(connections, &ConnectionManager::setupNeededChanged, this, &MainWindow::updateChatPage);
    connect(connections, &ConnectionManager::targetChanged, this, [this](const ChatTarget &target) {
        if (m_session)
            m_session->setTarget(target);
        if (const quint64 id = std::exchange(m_retryOnNewToken, 0); id && m_session && target.isValid()) {
            m_retriedOnNewToken = id;
            m_session->retry(id);
        }
        if (m_comparison)
            m_comparison->setTarget(target);
        updateSendState();
        updateCompareAsk();
    });
    connect(connections, &ConnectionManager::targetFailed, this, [this](const QString &why) {
        m_retryOnNewToken = 0;
        if (m_session)
            m_session->setTarget({});
        if (m_comparison)
            m_comparison->setTarget({});
        m_messageBar->showMessage(Composer::MessageLevel::Warning, why);
        updateSendState();
        updateCompareAsk();
    });
    connect(connections, &ConnectionManager::notice, this,
            [this](const QString &text) { m_messageBar->showMessage(Composer::MessageLevel::Warning, text); });
    connect(connections, &ConnectionManager::modelsListed, this,
            [this](const QString &id, const QList<RemoteModel> &models, const QString &error) {
                const std::optional<Connection> current = m_connections->current();
                if (!current || current->id != id)
                    return;
                m_modelPicker->setRemoteModels(models);
                if (!error.isEmpty())
                    m_messageBar->showMessage(Composer::MessageLevel::Warning,
                                              tr("Couldn't list the models of %1: %2").arg(current->name, error));
            });
    connect(m_connectionPicker, &QComboBox::activated, this, [this](int index) {
        const QString id = m_connectionPicker->itemData(index).toString();
        if (!id.isEmpty() && m_connections)
            m_connections->setCurrent(id);
    });
    if (m_session && m_connections->current())
        m_session->setTarget(m_connections->target());
    updateConnectionPicker();
    updateChatPage();
    setUpCapabilities();
    if (m_connections->current())
        m_connections->refreshModels();
}

void MainWindow::setUpCapabilities()
{
    if (m_capabilities)
        return;
    Settings *settings = m_composer->settings();
    m_capabilities = new CapabilityProbe(m_session ? m_session->nam() : new QNetworkAccessManager(this),
                                         settings ? settings->qsettings() : nullptr, this);
    connect(m_connections, &ConnectionManager::currentChanged, this, [this] {
        m_modelPicker->clearVisionCapabilities(); // another server: what was known is not about its models
        applyVision(m_composer->modelName());
    });
    // A model typed by hand (not in the list) is asked about when it becomes current.
    connect(m_composer, &Composer::profileChanged, this, [this] {
        const std::optional<Connection> current = m_connections->current();
        const QString model = m_composer->modelName();
        if (current && m_connections->isTargetReady() && !model.isEmpty() && !m_capabilities->isBusy(current->id, model)
            && m_capabilities->capability(current->id, model).vision == VisionCapability::Vision::Unknown)
            m_capabilities->probeMetadata(*current, m_connections->target().token, model);
    });
    // A listed model is asked about once per session (the answer is kept); its verdict marks the picker.
    connect(m_connections, &ConnectionManager::modelsListed, this,
            [this](const QString &id, const QList<RemoteModel> &models, const QString &) {
                const std::optional<Connection> current = m_connections->current();
                if (!current || current->id != id || !m_connections->isTargetReady())
                    return;
                int asked = 0;
                for (const RemoteModel &m : models) {
                    applyVision(m.name);
                    if (m.ready && asked < 50 && m_capabilities->capability(id, m.name).vision == VisionCapability::Vision::Unknown
                        && !m_capabilities->isBusy(id, m.name)) {
                        m_capabilities->probeMetadata(*current, m_connections->target().token, m.name);
                        ++asked;
                    }
                }
            });
    connect(m_capabilities, &CapabilityProbe::capabilityKnown, this,
            [this](const QString &id, const QString &model, const VisionCapability &found) {
                const std::optional<Connection> current = m_connections ? m_connections->current() : std::nullopt;
                if (!current || current->id != id)
                    return;
                applyVision(model);
                if (found.source == VisionCapability::Source::VisionTest)
                    m_messageBar->showMessage(found.vision == VisionCapability::Vision::Sees ? Composer::MessageLevel::Info
                                                                                           : Composer::MessageLevel::Warning,
                                              tr("Test Vision: %1 %2. %3").arg(model, visionText(found.vision), found.why));
            });
    connect(m_modelPicker, &ModelPicker::testVisionRequested, this, [this](const QString &model) {
        const std::optional<Connection> current = m_connections ? m_connections->current() : std::nullopt;
        if (!current || !m_connections->isTargetReady()) {
            m_messageBar->showMessage(Composer::MessageLevel::Warning, tr("Test Vision needs a connection to send to."));
            return;
        }
        m_capabilities->forget(current->id, model);
        applyVision(model);
        m_capabilities->testVision(current->id, m_connections->target(), model);
        m_messageBar->showMessage(Composer::MessageLevel::Info,
                                  tr("Test Vision: sending a small red image to %1…").arg(model));
    });
}

void MainWindow::applyVision(const QString &model)
{
    const std::optional<Connection> current = m_connections ? m_connections->current() : std::nullopt;
    if (!m_capabilities || !current || model.isEmpty())
        return;
    const VisionCapability c = m_capabilities->capability(current->id, model);
    m_modelPicker->setVisionCapability(model, c);
    if (model == m_composer->modelName())
        m_composer->setNoVision(c.cannotSee() ? c.why : QString(), c.vision == VisionCapability::Vision::Refuses);
}

void MainWindow::updateConnectionPicker()
{
    const QSignalBlocker blocker(m_connectionPicker);
    m_connectionPicker->clear();
    if (!m_connections) {
        m_connectionPicker->setEnabled(false);
        return;
    }
    const std::optional<Connection> current = m_connections->current();
    for (const Connection &c : m_connections->connections()) {
        m_connectionPicker->addItem(c.name, c.id);
        m_connectionPicker->setItemData(m_connectionPicker->count() - 1, plainToolTip(c.baseUrl), Qt::ToolTipRole);
        if (current && current->id == c.id)
            m_connectionPicker->setCurrentIndex(m_connectionPicker->count() - 1);
    }
    m_connectionPicker->setEnabled(m_connectionPicker->count() > 0);
    if (m_connectionPicker->count() == 0)
        m_connectionPicker->addItem(tr("None yet"));
}

void MainWindow::updateChatPage()
{
    const bool setup = m_connections && m_setupPanel && m_connections->needsSetup();
    m_chatStack->setCurrentWidget(setup ? static_cast<QWidget *>(m_setupPanel) : m_chatView);
}

void MainWindow::showParametersDialog()
{
    if (!m_session)
        return;
    auto *dialog = new ParametersDialog(m_session->conversation()->parameters(), this);
    dialog->setModel(m_composer->modelName(), m_composer->profile().parameters);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        const ChatParameters p = dialog->parameters();
        m_session->setParameters(p);
        if (Settings *settings = m_composer->settings())
            settings->setChatParameters(p);
    });
    dialog->open();
}

void MainWindow::showConnectionsDialog()
{
    if (!m_connections) {
        m_messageBar->showMessage(Composer::MessageLevel::Info, tr("Connections are not available here."));
        return;
    }
    auto *dialog = new ConnectionDialog(m_connections, this);
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
    m_messageBar->showMessage(Composer::MessageLevel::Info, tr("The clipboard holds no images or files to add."));
}

void MainWindow::showLimitsDialog()
{
    auto *dialog = new LimitsDialog(m_composer, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

void MainWindow::showAbout()
{
    const QString text =
        tr("<h3>Squint %1</h3>"
           "<p>Drag images in and ask a vision model about them. Squint checks the images against "
           "the model's limits before anything is sent.</p>"
           "<p>Built with Qt %2, running on Qt %3.</p>")
            .arg(QStringLiteral(SQUINT_VERSION), QStringLiteral(QT_VERSION_STR), QString::fromLatin1(qVersion()));
    auto *box = new QMessageBox(QMessageBox::NoIcon, tr("About Squint"), text, QMessageBox::Ok, this);
    box->setObjectName(QStringLiteral("aboutBox"));
    box->setIconPixmap(windowIcon().pixmap(64, 64));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

void MainWindow::saveWindowState()
{
    Settings *settings = m_composer->settings();
    if (!settings)
        return;
    settings->setWindowGeometry(saveGeometry());
    settings->setWindowState(saveState());
    for (const QSplitter *splitter : {m_mainSplitter, m_chatSplitter, m_historySplitter})
        settings->setSplitterState(splitter->objectName(), splitter->saveState());
    settings->sync();
}

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
