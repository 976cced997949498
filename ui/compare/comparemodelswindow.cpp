#include "ui/compare/comparemodelswindow.h"

#include "ui/chat/safedocument.h"

#include "core/compare/modelcompare.h"
#include "core/util/format.h"
#include "ui/messagebar.h"
#include "ui/tray/meterbar.h"

#include <QCloseEvent>
#include <QComboBox>
#include <QCompleter>
#include <QDesktopServices>
#include <QFrame>
#include <QHBoxLayout>
#include <QKeySequence>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QScrollBar>
#include <QShortcut>
#include <QSplitter>
#include <QTextBrowser>
#include <QTextDocument>
#include <QUrl>
#include <QVBoxLayout>

#include <algorithm>
#include <climits>
#include <utility>

namespace squint {

namespace {

bool isOver(const Evaluation &e)
{
    return e.count.level == Meter::Level::Over || e.payload.level == Meter::Level::Over
           || e.tokens.level == Meter::Level::Over;
}

QColor errorColor()
{
    Meter over;
    over.limit = 1;
    over.value = 2;
    over.level = Meter::Level::Over;
    return MeterWidget::levelColor(over);
}

void setTextColor(QLabel *label, const QColor &color)
{
    QPalette p = label->palette();
    p.setColor(QPalette::WindowText, color);
    label->setPalette(p);
}

/// The status line of a column.
QString statusText(const ComparisonColumn &c)
{
    if (c.started && !c.turn.status.isEmpty() && !c.turn.isFinished())
        return c.turn.status;
    if (c.fitting)
        return CompareModelsWindow::tr("Fitting the images to the model…");
    if (!c.started) {
        if (c.preparing > 0)
            return CompareModelsWindow::tr("Preparing the images…");
        return c.canSend() ? CompareModelsWindow::tr("Ready to send")
                           : CompareModelsWindow::tr("Can't send yet");
    }
    switch (c.turn.state) {
    case Turn::State::Pending:
        return CompareModelsWindow::tr("Waiting…");
    case Turn::State::Streaming:
        return CompareModelsWindow::tr("Answering…");
    case Turn::State::Done:
        return CompareModelsWindow::tr("Done");
    case Turn::State::Stopped:
        return c.turn.answer.isEmpty()
                   ? CompareModelsWindow::tr("Stopped before any answer arrived")
                   : CompareModelsWindow::tr("Stopped");
    case Turn::State::Failed:
        return CompareModelsWindow::tr("Failed");
    }
    return {};
}

/// "312 tokens · first token 0.8 s · total 4.2 s", leaving out what is not known.
QString figuresText(const Turn &turn)
{
    QStringList parts;
    if (turn.usage.completion > 0)
        //: tokens of the answer
        parts << CompareModelsWindow::tr("%Ln token(s)",
                                         nullptr,
                                         int(std::min<qint64>(turn.usage.completion, INT_MAX)));
    if (turn.firstTokenMs > 0)
        //: time from sending to the first text of the answer, e.g. "first token 0.8 s"
        parts << CompareModelsWindow::tr("first token %1").arg(formatSeconds(turn.firstTokenMs));
    if (turn.totalMs > 0)
        //: time from sending to the end of the answer, e.g. "total 4.2 s"
        parts << CompareModelsWindow::tr("total %1").arg(formatSeconds(turn.totalMs));
    return parts.join(QStringLiteral(" · "));
}

QString errorText(const Turn &turn)
{
    QString text = turn.error.message;
    if (text.isEmpty())
        text = turn.error.serverMessage;
    if (text.isEmpty())
        text = CompareModelsWindow::tr("The request failed.");
    if (!turn.error.hint.isEmpty())
        text += QLatin1Char('\n') + turn.error.hint;
    return text;
}

} // namespace

CompareModelsWindow::CompareModelsWindow(ModelComparison *comparison, QWidget *parent)
    : QWidget(parent, Qt::Window)
    , m_comparison(comparison)
{
    setObjectName(QStringLiteral("compareModelsWindow"));
    setAccessibleName(tr("Compare Models"));
    setWindowTitle(tr("Compare Models"));
    resize(1100, 720);

    auto *layout = new QVBoxLayout(this);
    m_messages = new MessageBar(this);
    m_messages->setObjectName(QStringLiteral("compareMessageBar"));
    m_messages->setAccessibleName(tr("Compare Models Messages"));
    layout->addWidget(m_messages);

    // ---- what is sent, and the actions on every column ----
    auto *top = new QHBoxLayout;
    m_promptLabel = new QLabel(this);
    m_promptLabel->setObjectName(QStringLiteral("comparePromptLabel"));
    m_promptLabel->setAccessibleName(tr("Prompt"));
    m_promptLabel->setTextFormat(Qt::PlainText);
    m_promptLabel->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    top->addWidget(m_promptLabel, 1);
    m_imagesLabel = new QLabel(this);
    m_imagesLabel->setObjectName(QStringLiteral("compareImagesLabel"));
    m_imagesLabel->setAccessibleName(tr("Images"));
    m_imagesLabel->setTextFormat(Qt::PlainText);
    top->addWidget(m_imagesLabel);
    m_addButton = new QPushButton(tr("Add Model"), this);
    m_addButton->setObjectName(QStringLiteral("compareAddButton"));
    m_addButton->setAccessibleName(tr("Add Model"));
    top->addWidget(m_addButton);
    m_sendButton = new QPushButton(tr("Send to All"), this);
    m_sendButton->setObjectName(QStringLiteral("compareSendButton"));
    m_sendButton->setAccessibleName(tr("Send to All"));
    m_sendButton->setDefault(true);
    top->addWidget(m_sendButton);
    m_stopAllButton = new QPushButton(tr("Stop All"), this);
    m_stopAllButton->setObjectName(QStringLiteral("compareStopAllButton"));
    m_stopAllButton->setAccessibleName(tr("Stop All"));
    m_stopAllButton->setToolTip(tr("Stop every answer still arriving (what arrived is kept)"));
    m_stopAllButton->setVisible(false);
    top->addWidget(m_stopAllButton);
    layout->addLayout(top);

    // ---- the columns ----
    m_splitter = new QSplitter(Qt::Horizontal, this);
    m_splitter->setObjectName(QStringLiteral("compareSplitter"));
    m_splitter->setAccessibleName(tr("Models"));
    m_splitter->setChildrenCollapsible(false);
    layout->addWidget(m_splitter, 1);

    connect(m_addButton, &QPushButton::clicked, this, &CompareModelsWindow::addModel);
    connect(m_sendButton, &QPushButton::clicked, this, &CompareModelsWindow::sendToAll);
    connect(m_stopAllButton, &QPushButton::clicked, this, &CompareModelsWindow::stopAll);

    auto *send = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return), this);
    send->setObjectName(QStringLiteral("compareSendShortcut"));
    connect(send, &QShortcut::activated, this, &CompareModelsWindow::sendToAll);
    auto *sendEnter = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_Enter), this);
    sendEnter->setObjectName(QStringLiteral("compareSendEnterShortcut"));
    connect(sendEnter, &QShortcut::activated, this, &CompareModelsWindow::sendToAll);
    auto *closeKey = new QShortcut(QKeySequence(Qt::Key_Escape), this);
    closeKey->setObjectName(QStringLiteral("compareCloseShortcut"));
    connect(closeKey, &QShortcut::activated, this, &QWidget::close);

    m_renderTimer.setSingleShot(true);
    m_renderTimer.setInterval(RenderDelayMs);
    connect(&m_renderTimer, &QTimer::timeout, this, &CompareModelsWindow::renderDirty);

    if (m_comparison) {
        connect(m_comparison,
                &ModelComparison::columnsChanged,
                this,
                &CompareModelsWindow::rebuildColumns);
        connect(m_comparison, &ModelComparison::columnChanged, this, [this](int index) {
            if (index < 0 || index >= m_columns.size()
                || m_columns.size() != m_comparison->count()) {
                rebuildColumns();
                return;
            }
            updateColumn(index);
            updateButtons();
        });
        connect(m_comparison,
                &ModelComparison::answerAppended,
                this,
                [this](int index, const QString &) { onAnswerAppended(index); });
        connect(m_comparison, &ModelComparison::runningChanged, this, [this](bool) {
            updateButtons();
        });
        // A message about one column (e.g. what Fit to Model did) stays in that column.
        connect(m_comparison,
                &ModelComparison::message,
                this,
                [this](int index, const QString &text) {
                    if (index >= 0 && index < m_columns.size()) {
                        m_columns[index].message->setText(text);
                        m_columns[index].message->setVisible(!text.isEmpty());
                    } else {
                        m_messages->showMessage(MessageBar::Level::Info, text);
                    }
                });
    }
    rebuildColumns();
}

CompareModelsWindow::~CompareModelsWindow()
{
    if (m_comparison) {
        disconnect(m_comparison, nullptr, this, nullptr);
        if (m_comparison->isRunning())
            m_comparison->stopAll();
    }
}

void CompareModelsWindow::setModelSuggestions(const QStringList &names)
{
    m_suggestions = names;
    for (Column &c : m_columns) {
        const QSignalBlocker blocker(c.model);
        c.model->clear();
        c.model->addItems(names);
        c.model->setEditText(c.shownModel);
    }
}

QWidget *CompareModelsWindow::columnWidget(int index) const
{
    return index >= 0 && index < m_columns.size() ? m_columns.at(index).root.data() : nullptr;
}

void CompareModelsWindow::sendToAll()
{
    if (!m_comparison || !m_comparison->startBlocker().isEmpty())
        return;
    if (m_comparison->start() == 0)
        m_messages
            ->showMessage(MessageBar::Level::Info,
                          tr("Every model that can take this request has been asked already."));
    updateButtons();
}

void CompareModelsWindow::stopAll()
{
    if (m_comparison)
        m_comparison->stopAll();
}

void CompareModelsWindow::addModel()
{
    if (!m_comparison || m_comparison->count() >= ModelComparison::MaxModels)
        return;
    const QStringList used = m_comparison->models();
    QString name;
    for (const QString &s : std::as_const(m_suggestions)) {
        if (!used.contains(s)) {
            name = s;
            break;
        }
    }
    if (name.isEmpty() && !used.isEmpty())
        name = used.constLast();
    if (name.isEmpty() || !m_comparison->addModel(name))
        return;
    if (m_columns.size() != m_comparison->count())
        rebuildColumns();
    // The user names the model next.
    if (QComboBox *combo = m_columns.constLast().model) {
        combo->setFocus(Qt::OtherFocusReason);
        if (combo->lineEdit())
            combo->lineEdit()->selectAll();
    }
}

void CompareModelsWindow::closeEvent(QCloseEvent *event)
{
    if (m_comparison && m_comparison->isRunning())
        m_comparison->stopAll(); // what arrived is kept in each column
    QWidget::closeEvent(event);
}

void CompareModelsWindow::rebuildColumns()
{
    // The old columns go later: this may run inside a click on one of their buttons.
    for (Column &c : m_columns) {
        if (!c.root)
            continue;
        c.root->hide();
        c.root->setObjectName(QString());
        c.root->setParent(this); // out of the splitter; deleted with the window at the latest
        c.root->hide();
        c.root->deleteLater();
    }
    m_columns.clear();
    m_dirty.clear();
    m_renderTimer.stop();

    const int n = m_comparison ? m_comparison->count() : 0;
    for (int i = 0; i < n; ++i) {
        m_columns.append(makeColumn(i));
        m_splitter->addWidget(m_columns.constLast().root);
    }
    for (int i = 0; i < n; ++i)
        updateColumn(i);
    if (n > 0)
        m_splitter->setSizes(QList<int>(n, std::max(1, m_splitter->width() / n)));
    updateSummary();
    updateButtons();
}

CompareModelsWindow::Column CompareModelsWindow::makeColumn(int index)
{
    Column c;
    const int number = index + 1;
    auto *root = new QFrame;
    root->setFrameShape(QFrame::StyledPanel);
    root->setObjectName(QStringLiteral("compareColumn%1").arg(index));
    root->setAccessibleName(tr("Column %1").arg(number));
    c.root = root;
    auto *layout = new QVBoxLayout(root);

    auto *head = new QHBoxLayout;
    c.model = new QComboBox(root);
    c.model->setObjectName(QStringLiteral("compareModelCombo"));
    //: %1 is the column's number
    c.model->setAccessibleName(tr("Model, Column %1").arg(number));
    c.model->setEditable(true);
    c.model->setInsertPolicy(QComboBox::NoInsert);
    c.model->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    c.model->setMinimumContentsLength(16);
    c.model->addItems(m_suggestions);
    if (c.model->completer()) // a prefix of a longer name is a model too: no inline completion
        c.model->completer()->setCompletionMode(QCompleter::PopupCompletion);
    if (c.model->lineEdit()) {
        c.model->lineEdit()->setObjectName(QStringLiteral("compareModelEdit"));
        c.model->lineEdit()->setAccessibleName(tr("Model, Column %1").arg(number));
        c.model->lineEdit()->setPlaceholderText(tr("Model or endpoint name"));
        connect(c.model->lineEdit(), &QLineEdit::returnPressed, this, [this, index] {
            if (index < m_columns.size())
                commitModel(index, m_columns.at(index).model->currentText());
        });
    }
    connect(c.model, &QComboBox::textActivated, this, [this, index](const QString &text) {
        commitModel(index, text);
    });
    head->addWidget(c.model, 1);
    c.remove = new QPushButton(tr("Remove"), root);
    c.remove->setObjectName(QStringLiteral("compareRemoveButton"));
    c.remove->setAccessibleName(tr("Remove Column %1").arg(number));
    c.remove->setToolTip(tr("Remove this model from the comparison (its call is stopped)"));
    connect(c.remove, &QPushButton::clicked, this, [this, index] {
        if (m_comparison && index < m_comparison->count()
            && m_comparison->count() > ModelComparison::MinModels)
            m_comparison->removeModel(index);
    });
    head->addWidget(c.remove);
    layout->addLayout(head);

    c.count = new MeterWidget(root);
    c.count->setObjectName(QStringLiteral("compareCountMeter"));
    c.count->setAccessibleName(tr("Images, Column %1").arg(number));
    layout->addWidget(c.count);
    c.payload = new MeterWidget(root);
    c.payload->setObjectName(QStringLiteral("comparePayloadMeter"));
    c.payload->setAccessibleName(tr("Request Size, Column %1").arg(number));
    layout->addWidget(c.payload);
    c.tokens = new MeterWidget(root);
    c.tokens->setObjectName(QStringLiteral("compareTokensMeter"));
    c.tokens->setAccessibleName(tr("Tokens, Column %1").arg(number));
    layout->addWidget(c.tokens);

    c.blocker = new QLabel(root);
    c.blocker->setObjectName(QStringLiteral("compareBlockerLabel"));
    c.blocker->setAccessibleName(tr("Why Column %1 Can't Send").arg(number));
    c.blocker->setTextFormat(Qt::PlainText);
    c.blocker->setWordWrap(true);
    setTextColor(c.blocker, errorColor());
    layout->addWidget(c.blocker);

    auto *fitRow = new QHBoxLayout;
    c.fit = new QPushButton(tr("Fit to Model"), root);
    c.fit->setObjectName(QStringLiteral("compareFitButton"));
    c.fit->setAccessibleName(tr("Fit to Model, Column %1").arg(number));
    c.fit->setToolTip(
        tr("Send scaled-down, re-encoded copies of the images so the request fits this model "
           "(the originals stay as they are)"));
    connect(c.fit, &QPushButton::clicked, this, [this, index] {
        if (m_comparison && index < m_comparison->count())
            m_comparison->fit(index);
    });
    fitRow->addWidget(c.fit);
    fitRow->addStretch(1);
    layout->addLayout(fitRow);

    c.message = new QLabel(root);
    c.message->setObjectName(QStringLiteral("compareMessageLabel"));
    c.message->setAccessibleName(tr("Message, Column %1").arg(number));
    c.message->setTextFormat(Qt::PlainText);
    c.message->setWordWrap(true);
    c.message->setVisible(false);
    layout->addWidget(c.message);

    c.status = new QLabel(root);
    c.status->setObjectName(QStringLiteral("compareStatusLabel"));
    c.status->setAccessibleName(tr("Status, Column %1").arg(number));
    c.status->setTextFormat(Qt::PlainText);
    c.status->setWordWrap(true);
    layout->addWidget(c.status);

    c.answer = new QTextBrowser(root);
    c.answer->setObjectName(QStringLiteral("compareAnswerView"));
    c.answer->setAccessibleName(tr("Answer, Column %1").arg(number));
    c.answer->setDocument(new SafeDocument({}, c.answer));
    c.answer->setReadOnly(true);
    c.answer->setOpenLinks(false);
    c.answer->setOpenExternalLinks(false);
    c.answer->setTabChangesFocus(true);
    c.answer->setPlaceholderText(tr("The answer appears here."));
    connect(c.answer, &QTextBrowser::anchorClicked, this, &CompareModelsWindow::onAnchorClicked);
    layout->addWidget(c.answer, 1);

    c.figures = new QLabel(root);
    c.figures->setObjectName(QStringLiteral("compareFiguresLabel"));
    c.figures->setAccessibleName(tr("Figures, Column %1").arg(number));
    c.figures->setTextFormat(Qt::PlainText);
    layout->addWidget(c.figures);

    auto *errorRow = new QHBoxLayout;
    c.error = new QLabel(root);
    c.error->setObjectName(QStringLiteral("compareErrorLabel"));
    c.error->setAccessibleName(tr("Error, Column %1").arg(number));
    c.error->setTextFormat(Qt::PlainText);
    c.error->setWordWrap(true);
    c.error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    setTextColor(c.error, errorColor());
    errorRow->addWidget(c.error, 1);
    c.retry = new QPushButton(tr("Retry"), root);
    c.retry->setObjectName(QStringLiteral("compareRetryButton"));
    c.retry->setAccessibleName(tr("Retry Column %1").arg(number));
    c.retry->setToolTip(tr("Send this model the same request again"));
    connect(c.retry, &QPushButton::clicked, this, [this, index] {
        if (m_comparison && index < m_comparison->count())
            m_comparison->retry(index);
    });
    errorRow->addWidget(c.retry, 0, Qt::AlignTop);
    layout->addLayout(errorRow);

    auto *actions = new QHBoxLayout;
    c.stop = new QPushButton(tr("Stop"), root);
    c.stop->setObjectName(QStringLiteral("compareStopButton"));
    c.stop->setAccessibleName(tr("Stop Column %1").arg(number));
    c.stop->setToolTip(tr("Stop this answer (what arrived is kept)"));
    connect(c.stop, &QPushButton::clicked, this, [this, index] {
        if (m_comparison && index < m_comparison->count())
            m_comparison->stop(index);
    });
    actions->addWidget(c.stop);
    actions->addStretch(1);
    c.continueButton = new QPushButton(tr("Continue with This Answer"), root);
    c.continueButton->setObjectName(QStringLiteral("compareContinueButton"));
    c.continueButton->setAccessibleName(tr("Continue with the Answer of Column %1").arg(number));
    c.continueButton->setToolTip(
        tr("Take this model's answer into the conversation and go on from there"));
    connect(c.continueButton, &QPushButton::clicked, this, [this, index] {
        Turn turn;
        if (m_comparison && index < m_comparison->count() && m_comparison->turnFor(index, &turn))
            emit continueRequested(index);
    });
    actions->addWidget(c.continueButton);
    layout->addLayout(actions);
    return c;
}

void CompareModelsWindow::commitModel(int index, const QString &name)
{
    if (!m_comparison || index < 0 || index >= m_comparison->count() || index >= m_columns.size())
        return;
    const QString model = name.trimmed();
    const ComparisonColumn &column = m_comparison->column(index);
    if (model.isEmpty() || column.isRunning()) {
        // Nothing to change to (or not now): show the model the column has.
        const QSignalBlocker blocker(m_columns[index].model);
        m_columns[index].model->setEditText(column.model);
        return;
    }
    if (model != column.model)
        m_comparison->setModel(index, model);
}

void CompareModelsWindow::updateSummary()
{
    const QString prompt = m_comparison ? m_comparison->prompt() : QString();
    const QString oneLine = prompt.simplified();
    const QFontMetrics metrics = m_promptLabel->fontMetrics();
    const QString shown = metrics.elidedText(oneLine,
                                             Qt::ElideRight,
                                             metrics.averageCharWidth() * 80);
    m_promptLabel->setText(oneLine.isEmpty() ? tr("(no prompt)") : tr("Prompt: %1").arg(shown));
    m_promptLabel->setToolTip(plainToolTip(prompt));
    m_promptLabel->setAccessibleDescription(prompt);
    const int images = m_comparison ? m_comparison->imageCount() : 0;
    m_imagesLabel->setText(tr("%n image(s)", nullptr, images));
}

void CompareModelsWindow::updateButtons()
{
    const int count = m_comparison ? m_comparison->count() : 0;
    const bool running = m_comparison && m_comparison->isRunning();
    m_addButton->setEnabled(m_comparison && count < ModelComparison::MaxModels);
    m_addButton->setToolTip(
        count < ModelComparison::MaxModels
            ? tr("Compare one more model")
            : tr("At most %n models can be compared at once.", nullptr, ModelComparison::MaxModels));
    const QString blocker = m_comparison ? m_comparison->startBlocker() : tr("Nothing to compare.");
    m_sendButton->setEnabled(blocker.isEmpty());
    m_sendButton->setToolTip(
        blocker.isEmpty()
            ? tr("Send the prompt and the images to every model that can take them (Ctrl+Return)")
            : blocker);
    m_sendButton->setAccessibleDescription(blocker);
    m_stopAllButton->setVisible(running);
    m_stopAllButton->setEnabled(running);
}

void CompareModelsWindow::updateColumn(int index)
{
    if (!m_comparison || index < 0 || index >= m_columns.size() || index >= m_comparison->count())
        return;
    const ComparisonColumn &c = m_comparison->column(index);
    Column &w = m_columns[index];
    const bool running = c.isRunning();
    const Evaluation &e = c.evaluation;

    if (c.model != w.shownModel) {
        const QSignalBlocker blocker(w.model);
        w.model->setEditText(c.model);
        w.shownModel = c.model;
        w.message->clear(); // it was about the model before
        w.message->setVisible(false);
    }
    w.model->setEnabled(!running);
    QString about = c.profile.displayName.isEmpty() ? c.model : c.profile.displayName;
    if (!c.profile.notes.isEmpty())
        about += QLatin1Char('\n') + c.profile.notes.join(QLatin1Char('\n'));
    w.model->setToolTip(plainToolTip(about));
    w.model->setAccessibleDescription(about);
    //: %1 is the column's number, %2 its model name
    w.root->setAccessibleName(tr("Column %1: %2").arg(QLocale().toString(index + 1), c.model));
    w.remove->setVisible(m_comparison->count() > ModelComparison::MinModels);

    w.count->setMeter(e.count);
    w.payload->setMeter(e.payload);
    w.tokens->setMeter(e.tokens);
    const bool blocked = !e.blocker.isEmpty() && !running;
    w.blocker->setText(blocked ? e.blocker : QString());
    w.blocker->setVisible(blocked);
    w.fit->setEnabled((isOver(e) || !e.blocker.isEmpty()) && !c.fitting && !running);

    w.status->setText(statusText(c));

    // The answer: at once when it was replaced or is complete, else when the render timer says.
    if (c.turn.answer != w.renderedText) {
        const bool growing = c.turn.answer.startsWith(w.renderedText) && !c.turn.isFinished();
        if (growing) {
            m_dirty.insert(index);
            if (!m_renderTimer.isActive())
                m_renderTimer.start();
        } else {
            m_dirty.remove(index);
            renderAnswer(index);
        }
    }

    const bool answered = c.turn.state == Turn::State::Done || c.turn.state == Turn::State::Stopped;
    const QString figures = c.started && answered ? figuresText(c.turn) : QString();
    w.figures->setText(figures);
    w.figures->setVisible(!figures.isEmpty());

    const bool failed = c.started && c.turn.state == Turn::State::Failed;
    w.error->setText(failed ? errorText(c.turn) : QString());
    w.error->setVisible(failed);
    const bool retryable = c.started
                           && (c.turn.state == Turn::State::Failed
                               || c.turn.state == Turn::State::Stopped);
    w.retry->setVisible(retryable);
    w.retry->setEnabled(retryable && c.canSend());
    w.retry->setToolTip(retryable && !c.canSend() && !e.blocker.isEmpty()
                            ? plainToolTip(e.blocker)
                            : tr("Send this model the same request again"));
    w.stop->setVisible(running);
    w.stop->setEnabled(running);
    Turn turn;
    w.continueButton->setEnabled(m_comparison->turnFor(index, &turn));
}

void CompareModelsWindow::onAnswerAppended(int index)
{
    if (index < 0 || index >= m_columns.size())
        return;
    m_dirty.insert(index);
    if (!m_renderTimer.isActive())
        m_renderTimer.start();
    // The status line says "Answering…" from the first piece on.
    if (m_comparison && index < m_comparison->count())
        m_columns[index].status->setText(statusText(m_comparison->column(index)));
}

void CompareModelsWindow::renderDirty()
{
    const QSet<int> dirty = std::exchange(m_dirty, {});
    for (int index : dirty)
        renderAnswer(index);
}

void CompareModelsWindow::renderAnswer(int index)
{
    if (!m_comparison || index < 0 || index >= m_columns.size() || index >= m_comparison->count())
        return;
    Column &w = m_columns[index];
    const QString &text = m_comparison->column(index).turn.answer;
    if (text == w.renderedText)
        return;
    QScrollBar *bar = w.answer->verticalScrollBar();
    const bool atBottom = bar->value() >= bar->maximum() - 4;
    const int scroll = bar->value();
    w.answer->document()->setMarkdown(text, AnswerMarkdownFeatures);
    sanitizeAnswerDocument(*w.answer->document(), {true, palette().color(QPalette::Link), {}});
    w.renderedText = text;
    ++m_renderCount;
    bar->setValue(atBottom ? bar->maximum() : scroll);
}

void CompareModelsWindow::onAnchorClicked(const QUrl &url)
{
    // Links in answers open in the browser, only when clicked, and only these kinds.
    if (isSafeLink(url))
        QDesktopServices::openUrl(url);
}

} // namespace squint
