#include "mainwindow.h"

#include "core/settings.h"
#include "core/composer.h"
#include "limitsdialog.h"
#include "messagebar.h"
#include "meterbar.h"
#include "modelpicker.h"
#include "promptedit.h"
#include "traywidget.h"

#include <QAction>
#include <QClipboard>
#include <QCloseEvent>
#include <QDragEnterEvent>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QPushButton>
#include <QSplitter>
#include <QTextBrowser>
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
    layout->addWidget(m_mainSplitter, 1);

    setCentralWidget(central);
    createMenus();

    // Composer -> window: the window only shows what the composer decided.
    connect(composer, &Composer::profileChanged, this, &MainWindow::onProfileChanged);
    connect(composer, &Composer::evaluationChanged, this, &MainWindow::onEvaluationChanged);
    connect(composer, &Composer::message, m_messageBar, &MessageBar::showMessage);
    connect(composer, &Composer::busyChanged, this, &MainWindow::updateActions);

    // Window -> composer: user actions are forwarded as they are.
    connect(m_modelPicker, &ModelPicker::modelCommitted, composer, &Composer::setModelName);
    connect(m_promptEdit, &QPlainTextEdit::textChanged, composer,
            [this] { m_composer->setPrompt(m_promptEdit->toPlainText()); });
    connect(m_promptEdit, &PromptEdit::imagesOffered, composer,
            [this](const QMimeData *mime) { m_composer->addMimeData(mime); });
    connect(m_promptEdit, &PromptEdit::sendRequested, this, &MainWindow::requestSend);
    connect(m_sendButton, &QPushButton::clicked, this, &MainWindow::requestSend);
    connect(m_limitsButton, &QPushButton::clicked, this, &MainWindow::showLimitsDialog);
    connect(m_tray, &TrayWidget::selectionChanged, this, &MainWindow::updateActions);
    connect(composer->tray(), &QAbstractItemModel::rowsInserted, this, &MainWindow::updateActions);
    connect(composer->tray(), &QAbstractItemModel::rowsRemoved, this, &MainWindow::updateActions);
    connect(composer->tray(), &QAbstractItemModel::modelReset, this, &MainWindow::updateActions);

    m_modelPicker->setSuggestions(composer->catalog().suggestedNames());
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

    // The conversation arrives with the connection feature; for now the pane explains itself and
    // takes dropped images like the rest of the window.
    m_chatView = new QTextBrowser(m_chatSplitter);
    m_chatView->setObjectName(QStringLiteral("chatView"));
    m_chatView->setAccessibleName(tr("Conversation"));
    m_chatView->setAccessibleDescription(tr("The conversation with the model will appear here."));
    m_chatView->setReadOnly(true);
    m_chatView->setOpenLinks(false);
    m_chatView->setPlaceholderText(
        tr("Drop images anywhere in this window, paste a screenshot, or use Add Images...\n\n"
           "Then type your question below. The model's answers will appear here."));
    m_chatView->setAcceptDrops(true);
    m_chatView->viewport()->setAcceptDrops(true);
    m_chatView->viewport()->installEventFilter(this);

    auto *promptPane = new QWidget(m_chatSplitter);
    promptPane->setObjectName(QStringLiteral("promptPane"));
    auto *layout = new QVBoxLayout(promptPane);
    layout->setContentsMargins(0, 0, 0, 0);
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

    sendRow->addWidget(m_sendBlocker, 1);
    sendRow->addWidget(m_sendButton, 0, Qt::AlignTop);
    layout->addLayout(sendRow);

    m_chatSplitter->addWidget(m_chatView);
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

    QMenu *images = bar->addMenu(tr("&Images"));
    images->setObjectName(QStringLiteral("imagesMenu"));
    m_fitAction = images->addAction(tr("&Fit to Model"), m_tray, &TrayWidget::fitToModel);
    m_fitAction->setObjectName(QStringLiteral("fitAction"));
    m_fitAction->setStatusTip(tr("Scale down and re-encode the images so the request fits the model"));
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
    const Evaluation &evaluation = m_composer->evaluation();
    m_meters->setEvaluation(evaluation);

    QString blocker;
    if (!evaluation.canSend)
        blocker = evaluation.blocker.isEmpty() ? tr("Nothing to send yet.") : evaluation.blocker;
    m_sendButton->setEnabled(evaluation.canSend);
    m_sendButton->setToolTip(evaluation.canSend ? tr("Send the prompt and images (Ctrl+Return)") : blocker);
    m_sendButton->setAccessibleDescription(evaluation.canSend ? tr("Ready to send") : blocker);
    m_sendBlocker->setText(blocker);
    m_sendBlocker->setVisible(!blocker.isEmpty());
    updateActions();
}

void MainWindow::updateActions()
{
    const int count = m_composer->tray()->rowCount();
    m_removeAction->setEnabled(m_tray->hasSelection());
    m_clearAction->setEnabled(count > 0);
    m_selectAllAction->setEnabled(count > 0);
    m_fitAction->setEnabled(count > 0 && !m_composer->isBusy());
}

void MainWindow::requestSend()
{
    const Evaluation &evaluation = m_composer->evaluation();
    if (!evaluation.canSend) {
        m_messageBar->showMessage(Composer::MessageLevel::Info,
                                  tr("Can't send yet: %1").arg(m_sendBlocker->text()));
        return;
    }
    m_messageBar->showMessage(Composer::MessageLevel::Info,
                              tr("Sending arrives with the connection feature in a later version. "
                                 "Your images and prompt stay as they are."));
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
    for (const QSplitter *splitter : {m_mainSplitter, m_chatSplitter})
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
