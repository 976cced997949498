#include "ui/batch/batchwindow.h"

#include "core/batch/batchmodel.h"
#include "core/util/format.h"
#include "core/util/safelinks.h"
#include "ui/messagebar.h"

#include <QCheckBox>
#include <QCloseEvent>
#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QSplitter>
#include <QStandardItemModel>
#include <QTableView>
#include <QVBoxLayout>

namespace squint {

BatchWindow::BatchWindow(const ChatTarget &target, const ModelProfile &profile, QWidget *parent, const QString &storePath)
    : QWidget(parent, Qt::Window)
    , m_target(target)
    , m_profile(profile)
    , m_session(new BatchSession(storePath, this))
    , m_model(new BatchModel(this))
{
    setObjectName(QStringLiteral("batchWindow"));
    setAccessibleName(tr("Batch"));
    setWindowTitle(tr("Batch"));

    auto *layout = new QVBoxLayout(this);
    m_messages = new MessageBar(this);
    m_messages->setObjectName(QStringLiteral("batchMessageBar"));
    m_messages->setAccessibleName(tr("Batch Messages"));
    layout->addWidget(m_messages);

    // ---- settings ----
    auto *form = new QFormLayout;
    auto *images = new QVBoxLayout;
    auto *folderRow = new QHBoxLayout;
    m_folderChoice = new QRadioButton(tr("Folder:"), this);
    m_folderChoice->setObjectName(QStringLiteral("batchFolderChoice"));
    m_folderChoice->setAccessibleName(tr("Ask About a Folder"));
    m_folderChoice->setChecked(true);
    folderRow->addWidget(m_folderChoice);
    m_folderEdit = new QLineEdit(this);
    m_folderEdit->setObjectName(QStringLiteral("batchFolderEdit"));
    m_folderEdit->setAccessibleName(tr("Folder"));
    m_folderEdit->setPlaceholderText(tr("A folder of images (its subfolders too)"));
    folderRow->addWidget(m_folderEdit, 1);
    m_folderButton = new QPushButton(tr("Choose…"), this);
    m_folderButton->setObjectName(QStringLiteral("batchFolderButton"));
    m_folderButton->setAccessibleName(tr("Choose Folder"));
    folderRow->addWidget(m_folderButton);
    images->addLayout(folderRow);
    m_trayChoice = new QRadioButton(tr("Use the tray's images"), this);
    m_trayChoice->setObjectName(QStringLiteral("batchTrayChoice"));
    m_trayChoice->setAccessibleName(tr("Use the Tray's Images"));
    m_trayChoice->setEnabled(false);
    images->addWidget(m_trayChoice);
    form->addRow(tr("Images:"), images);

    m_modelEdit = new QLineEdit(profile.endpoint, this);
    m_modelEdit->setObjectName(QStringLiteral("batchModelEdit"));
    m_modelEdit->setAccessibleName(tr("Model"));
    form->addRow(tr("Model:"), m_modelEdit);

    m_promptEdit = new QPlainTextEdit(this);
    m_promptEdit->setObjectName(QStringLiteral("batchPromptEdit"));
    m_promptEdit->setAccessibleName(tr("Prompt Template"));
    m_promptEdit->setPlaceholderText(tr("The question for every image. {filename}, {path} and {index} are filled in."));
    m_promptEdit->setTabChangesFocus(true);
    m_promptEdit->setFixedHeight(m_promptEdit->fontMetrics().lineSpacing() * 4 + 12);
    form->addRow(tr("Prompt:"), m_promptEdit);

    m_columnsEdit = new QLineEdit(this);
    m_columnsEdit->setObjectName(QStringLiteral("batchColumnsEdit"));
    m_columnsEdit->setAccessibleName(tr("Columns"));
    m_columnsEdit->setPlaceholderText(tr("Optional: brand, colour, count, or a JSON schema"));
    m_columnsEdit->setToolTip(tr("The answer is asked for as one JSON object with these columns. An answer that does "
                                 "not fill them keeps its raw text and is flagged."));
    form->addRow(tr("Columns:"), m_columnsEdit);

    auto *numbers = new QHBoxLayout;
    m_groupSpin = new QSpinBox(this);
    m_groupSpin->setObjectName(QStringLiteral("batchGroupSpin"));
    m_groupSpin->setAccessibleName(tr("Images per Request"));
    m_groupSpin->setRange(1, 16);
    numbers->addWidget(new QLabel(tr("Images per request:"), this));
    numbers->addWidget(m_groupSpin);
    m_concurrencySpin = new QSpinBox(this);
    m_concurrencySpin->setObjectName(QStringLiteral("batchConcurrencySpin"));
    m_concurrencySpin->setAccessibleName(tr("Requests at a Time"));
    m_concurrencySpin->setRange(1, 64);
    m_concurrencySpin->setValue(4);
    numbers->addWidget(new QLabel(tr("Requests at a time:"), this));
    numbers->addWidget(m_concurrencySpin);
    m_fitCheck = new QCheckBox(tr("Fit to Model"), this);
    m_fitCheck->setObjectName(QStringLiteral("batchFitCheck"));
    m_fitCheck->setAccessibleName(tr("Fit to Model"));
    m_fitCheck->setToolTip(tr("Send scaled-down, re-encoded copies of images over the model's limits (the originals stay as they are)"));
    numbers->addWidget(m_fitCheck);
    numbers->addStretch(1);
    form->addRow(QString(), numbers);

    // ---- run on ----
    m_runOnCombo = new QComboBox(this);
    m_runOnCombo->setObjectName(QStringLiteral("batchRunOnCombo"));
    m_runOnCombo->setAccessibleName(tr("Run On"));
    m_runOnCombo->addItem(tr("This computer"));
    const bool databricks = !workspaceHost(m_target.chatUrl).isEmpty();
    m_runOnCombo->addItem(databricks
                              ? tr("Databricks SQL warehouse (%1)").arg(m_target.connectionName)
                              : tr("Databricks SQL warehouse (needs a Databricks connection)"));
    if (!databricks) {
        if (auto *items = qobject_cast<QStandardItemModel *>(m_runOnCombo->model()))
            items->item(1)->setEnabled(false);
    }
    m_runOnCombo->setToolTip(
        tr("This computer sends one request per image from here; a Databricks SQL warehouse runs "
           "the whole folder as one ai_query statement, for large folders."));
    form->addRow(tr("Run on:"), m_runOnCombo);
    m_databricksBox = new QWidget(this);
    m_databricksBox->setObjectName(QStringLiteral("batchDatabricksBox"));
    m_databricksBox->setAccessibleName(tr("Databricks Settings"));
    auto *dbx = new QFormLayout(m_databricksBox);
    dbx->setContentsMargins(0, 0, 0, 0);
    auto *warehouseRow = new QHBoxLayout;
    m_warehouseCombo = new QComboBox(m_databricksBox);
    m_warehouseCombo->setObjectName(QStringLiteral("batchWarehouseCombo"));
    m_warehouseCombo->setAccessibleName(tr("SQL Warehouse"));
    m_warehouseCombo->setEditable(true);
    m_warehouseCombo->setMinimumContentsLength(30);
    warehouseRow->addWidget(m_warehouseCombo, 1);
    m_warehouseRefresh = new QPushButton(tr("Refresh"), m_databricksBox);
    m_warehouseRefresh->setObjectName(QStringLiteral("batchWarehouseRefresh"));
    m_warehouseRefresh->setAccessibleName(tr("Refresh SQL Warehouses"));
    warehouseRow->addWidget(m_warehouseRefresh);
    dbx->addRow(tr("SQL warehouse:"), warehouseRow);
    m_volumeEdit = new QLineEdit(m_databricksBox);
    m_volumeEdit->setObjectName(QStringLiteral("batchVolumeEdit"));
    m_volumeEdit->setAccessibleName(tr("Volume Folder"));
    m_volumeEdit->setPlaceholderText(tr("/Volumes/main/default/squint"));
    m_volumeEdit->setToolTip(tr("The images are uploaded to a folder of their own under this Unity "
                                "Catalog volume folder."));
    dbx->addRow(tr("Volume folder:"), m_volumeEdit);
    auto *dbxActions = new QHBoxLayout;
    m_cleanUpCheck = new QCheckBox(tr("Delete the uploaded images afterwards"), m_databricksBox);
    m_cleanUpCheck->setObjectName(QStringLiteral("batchCleanUpCheck"));
    m_cleanUpCheck->setAccessibleName(tr("Delete the Uploaded Images Afterwards"));
    dbxActions->addWidget(m_cleanUpCheck);
    dbxActions->addStretch(1);
    m_showSqlButton = new QPushButton(tr("Show SQL"), m_databricksBox);
    m_showSqlButton->setObjectName(QStringLiteral("batchShowSqlButton"));
    m_showSqlButton->setAccessibleName(tr("Show SQL"));
    m_showSqlButton->setToolTip(
        tr("Show the statement, to copy into a notebook or a job; nothing is sent"));
    dbxActions->addWidget(m_showSqlButton);
    dbx->addRow(QString(), dbxActions);
    m_sqlView = new QPlainTextEdit(m_databricksBox);
    m_sqlView->setObjectName(QStringLiteral("batchSqlView"));
    m_sqlView->setAccessibleName(tr("SQL Statement"));
    m_sqlView->setReadOnly(true);
    m_sqlView->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_sqlView->setFixedHeight(m_sqlView->fontMetrics().lineSpacing() * 8 + 12);
    m_sqlView->setVisible(false);
    dbx->addRow(m_sqlView);
    m_databricksBox->setVisible(false);
    form->addRow(m_databricksBox);

    auto *earlier = new QHBoxLayout;
    m_earlierCombo = new QComboBox(this);
    m_earlierCombo->setObjectName(QStringLiteral("batchEarlierCombo"));
    m_earlierCombo->setAccessibleName(tr("Earlier Batches"));
    m_earlierCombo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_earlierCombo->setMinimumContentsLength(30);
    earlier->addWidget(m_earlierCombo, 1);
    m_continueButton = new QPushButton(tr("Continue"), this);
    m_continueButton->setObjectName(QStringLiteral("batchContinueButton"));
    m_continueButton->setAccessibleName(tr("Continue Batch"));
    m_continueButton->setToolTip(tr("Take the settings of this batch and ask what it has not answered yet (and files changed since)"));
    earlier->addWidget(m_continueButton);
    form->addRow(tr("Earlier batches:"), earlier);
    layout->addLayout(form);

    // ---- actions ----
    auto *actions = new QHBoxLayout;
    m_checkButton = new QPushButton(tr("Check"), this);
    m_checkButton->setObjectName(QStringLiteral("batchCheckButton"));
    m_checkButton->setAccessibleName(tr("Check Batch"));
    m_checkButton->setToolTip(tr("Read every image and show what would be sent, without sending anything"));
    actions->addWidget(m_checkButton);
    m_startButton = new QPushButton(tr("Start"), this);
    m_startButton->setObjectName(QStringLiteral("batchStartButton"));
    m_startButton->setAccessibleName(tr("Start Batch"));
    actions->addWidget(m_startButton);
    m_cancelButton = new QPushButton(tr("Cancel"), this);
    m_cancelButton->setObjectName(QStringLiteral("batchCancelButton"));
    m_cancelButton->setAccessibleName(tr("Cancel Batch"));
    actions->addWidget(m_cancelButton);
    actions->addStretch(1);
    m_exportButton = new QPushButton(tr("Export…"), this);
    m_exportButton->setObjectName(QStringLiteral("batchExportButton"));
    m_exportButton->setAccessibleName(tr("Export Results"));
    m_exportButton->setToolTip(tr("Save the results as CSV, JSON Lines or a Markdown table"));
    actions->addWidget(m_exportButton);
    layout->addLayout(actions);

    // ---- dry run summary ----
    m_summaryLabel = new QLabel(tr("Check the batch to see what would be sent before anything is."), this);
    m_summaryLabel->setObjectName(QStringLiteral("batchSummaryLabel"));
    m_summaryLabel->setAccessibleName(tr("Check Summary"));
    m_summaryLabel->setWordWrap(true);
    m_summaryLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_summaryLabel);
    auto *problemRow = new QHBoxLayout;
    m_problemList = new QListWidget(this);
    m_problemList->setObjectName(QStringLiteral("batchProblemList"));
    m_problemList->setAccessibleName(tr("Problems"));
    m_problemList->setMaximumHeight(m_problemList->fontMetrics().lineSpacing() * 5 + 8);
    m_problemList->setVisible(false);
    problemRow->addWidget(m_problemList, 1);
    m_fitButton = new QPushButton(tr("Turn On Fit to Model"), this);
    m_fitButton->setObjectName(QStringLiteral("batchFitButton"));
    m_fitButton->setAccessibleName(tr("Turn On Fit to Model"));
    m_fitButton->setVisible(false);
    problemRow->addWidget(m_fitButton, 0, Qt::AlignTop);
    layout->addLayout(problemRow);

    // ---- progress and results ----
    auto *progressRow = new QHBoxLayout;
    m_progressBar = new QProgressBar(this);
    m_progressBar->setObjectName(QStringLiteral("batchProgressBar"));
    m_progressBar->setAccessibleName(tr("Batch Progress"));
    m_progressBar->setRange(0, 1);
    m_progressBar->setValue(0);
    m_progressBar->setTextVisible(false);
    progressRow->addWidget(m_progressBar, 1);
    m_progressLabel = new QLabel(this);
    m_progressLabel->setObjectName(QStringLiteral("batchProgressLabel"));
    m_progressLabel->setAccessibleName(tr("Batch Progress Details"));
    progressRow->addWidget(m_progressLabel);
    layout->addLayout(progressRow);

    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("batchResultsTable"));
    m_table->setAccessibleName(tr("Batch Results"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setWordWrap(false);
    m_table->setIconSize(QSize(BatchSession::ThumbnailEdge, BatchSession::ThumbnailEdge));
    m_table->verticalHeader()->setVisible(false);
    m_table->verticalHeader()->setDefaultSectionSize(BatchSession::ThumbnailEdge + 4);
    m_table->horizontalHeader()->setStretchLastSection(false);
    m_table->setColumnWidth(0, BatchSession::ThumbnailEdge + 8);
    layout->addWidget(m_table, 1);

    resize(900, 720);

    // ---- wiring ----
    connect(m_folderButton, &QPushButton::clicked, this, &BatchWindow::chooseFolder);
    const auto changed = [this] { invalidateCheck(); };
    connect(m_folderEdit, &QLineEdit::textChanged, this, [this] {
        if (!m_filling)
            m_folderChoice->setChecked(true);
        invalidateCheck();
    });
    connect(m_folderChoice, &QRadioButton::toggled, this, changed);
    connect(m_modelEdit, &QLineEdit::textChanged, this, changed);
    connect(m_promptEdit, &QPlainTextEdit::textChanged, this, changed);
    connect(m_columnsEdit, &QLineEdit::textChanged, this, changed);
    connect(m_groupSpin, &QSpinBox::valueChanged, this, changed);
    connect(m_fitCheck, &QCheckBox::toggled, this, changed);
    // The concurrency changes neither what is sent nor the batch: no new check needed.
    connect(m_checkButton, &QPushButton::clicked, this, &BatchWindow::check);
    connect(m_startButton, &QPushButton::clicked, this, &BatchWindow::start);
    connect(m_cancelButton, &QPushButton::clicked, this, &BatchWindow::cancel);
    connect(m_exportButton, &QPushButton::clicked, this, &BatchWindow::exportWithDialog);
    connect(m_fitButton, &QPushButton::clicked, this, [this] {
        m_fitCheck->setChecked(true);
        check();
    });
    connect(m_continueButton, &QPushButton::clicked, this, [this] {
        const qint64 id = m_earlierCombo->currentData().toLongLong();
        if (id > 0)
            continueBatch(id);
    });
    connect(m_earlierCombo, &QComboBox::currentIndexChanged, this, &BatchWindow::updateButtons);
    connect(m_runOnCombo, &QComboBox::currentIndexChanged, this, [this] {
        m_databricksBox->setVisible(onDatabricks());
        if (onDatabricks() && !m_warehousesAsked) {
            m_warehousesAsked = true;
            m_session->listWarehouses(m_target);
        }
        updateButtons();
    });
    connect(m_warehouseRefresh, &QPushButton::clicked, this, [this] {
        m_session->listWarehouses(m_target);
    });
    connect(m_showSqlButton, &QPushButton::clicked, this, [this] {
        m_session->showSql(currentSettings());
    });
    connect(m_session,
            &BatchSession::sqlReady,
            this,
            [this](const QString &sql, const QString &error) {
                if (sql.isEmpty()) {
                    m_messages->showMessage(MessageBar::Level::Error, error);
                    return;
                }
                m_sqlView->setPlainText(sql);
                m_sqlView->setVisible(true);
            });
    connect(m_session, &BatchSession::warehousesListed, this, &BatchWindow::onWarehousesListed);
    connect(m_session, &BatchSession::databricksStage, this, [this](const QString &text) {
        m_progressLabel->setText(text);
    });

    connect(m_session, &BatchSession::checked, this, &BatchWindow::onChecked);
    connect(m_session, &BatchSession::thumbnailsReady, m_model, &BatchModel::addThumbnails);
    connect(m_session, &BatchSession::started, this, &BatchWindow::onStarted);
    connect(m_session, &BatchSession::rowReady, m_model, &BatchModel::setRow);
    connect(m_session, &BatchSession::progressChanged, this, &BatchWindow::onProgress);
    connect(m_session, &BatchSession::finished, this, &BatchWindow::onFinished);
    connect(m_session, &BatchSession::rateLimited, this, [this](int waitMs, int limit) {
        m_messages->showMessage(
            MessageBar::Level::Info,
            tr("The server asks to slow down: waiting %1, then %n request(s) at a time.",
               nullptr,
               limit)
                .arg(formatDuration(waitMs / 1000.0)));
    });
    connect(m_session, &BatchSession::failed, this, [this](const QString &error) {
        m_messages->showMessage(MessageBar::Level::Error, error);
        updateButtons();
    });
    connect(m_session, &BatchSession::batchesListed, this, &BatchWindow::onBatchesListed);
    connect(m_session, &BatchSession::exported, this, [this](bool ok, const QString &path, const QString &error) {
        if (ok)
            m_messages->showMessage(MessageBar::Level::Info, tr("Saved “%1”.").arg(QDir::toNativeSeparators(path)));
        else
            m_messages->showMessage(MessageBar::Level::Error,
                                    tr("“%1” could not be saved: %2").arg(QDir::toNativeSeparators(path), error));
    });

    updateButtons();
    m_session->listBatches();
}

BatchWindow::~BatchWindow() = default;

void BatchWindow::setProfileLookup(std::function<ModelProfile(const QString &)> lookup)
{
    m_lookup = std::move(lookup);
}

void BatchWindow::setTrayImages(const QStringList &paths)
{
    m_trayImages = paths;
    m_trayChoice->setText(paths.isEmpty() ? tr("Use the tray's images")
                                          : tr("Use the tray's images (%n)", nullptr, int(paths.size())));
    m_trayChoice->setEnabled(!paths.isEmpty());
    if (paths.isEmpty() && m_trayChoice->isChecked())
        m_folderChoice->setChecked(true);
    else if (!paths.isEmpty() && m_folderEdit->text().isEmpty())
        m_trayChoice->setChecked(true);
    invalidateCheck();
}

void BatchWindow::setFolder(const QString &folder)
{
    m_folderEdit->setText(QDir::toNativeSeparators(folder));
    m_folderChoice->setChecked(true);
}

void BatchWindow::setRequestParameters(const QString &system, int maxTokens, double temperature, bool stream)
{
    m_system = system;
    m_maxTokens = maxTokens;
    m_temperature = temperature;
    m_stream = stream;
    invalidateCheck();
}

bool BatchWindow::onDatabricks() const
{
    return m_runOnCombo->currentIndex() == 1;
}

void BatchWindow::onWarehousesListed(const QList<WarehouseInfo> &warehouses, const QString &error)
{
    if (!error.isEmpty()) {
        m_messages->showMessage(MessageBar::Level::Error,
                                tr("The SQL warehouses could not be listed: %1").arg(error));
        return;
    }
    const QString typed = m_warehouseCombo->currentText();
    const QString current = m_warehouseCombo->currentData().toString();
    m_warehouseCombo->clear();
    for (const WarehouseInfo &w : warehouses) {
        QString label = tr("%1 — %2").arg(w.name, w.state);
        if (w.type == QLatin1String("CLASSIC"))
            label += tr(" (Classic: no ai_query)");
        m_warehouseCombo->addItem(label, w.id);
    }
    int keep = current.isEmpty() ? -1 : m_warehouseCombo->findData(current);
    if (keep < 0) {
        for (int i = 0; i < warehouses.size(); ++i) {
            if (warehouses[i].state == QLatin1String("RUNNING")
                && warehouses[i].type != QLatin1String("CLASSIC")) {
                keep = i;
                break;
            }
        }
    }
    if (keep >= 0)
        m_warehouseCombo->setCurrentIndex(keep);
    else if (!typed.isEmpty())
        m_warehouseCombo->setEditText(typed);
}

BatchSettings BatchWindow::currentSettings() const
{
    BatchSettings s;
    s.target = m_target;
    s.renewToken = m_renewToken;
    s.model = m_modelEdit->text().trimmed();
    if (s.model == m_profile.endpoint)
        s.profile = m_profile;
    else if (m_lookup)
        s.profile = m_lookup(s.model);
    else {
        static const Catalog catalog = Catalog::builtIn(); // compiled in: parsed once
        s.profile = catalog.profileFor(s.model);
    }
    s.promptTemplate = m_promptEdit->toPlainText();
    s.columns = m_columnsEdit->text();
    s.system = m_system;
    s.maxTokens = m_maxTokens;
    s.temperature = m_temperature;
    s.stream = m_stream;
    s.fit = m_fitCheck->isChecked();
    s.concurrency = m_concurrencySpin->value();
    s.groupSize = m_groupSpin->value();
    if (m_trayChoice->isChecked()) {
        for (const QString &p : m_trayImages)
            s.inputs << QFileInfo(p).absoluteFilePath();
    } else if (!m_folderEdit->text().trimmed().isEmpty()) {
        s.inputs << QFileInfo(QDir::fromNativeSeparators(m_folderEdit->text().trimmed())).absoluteFilePath();
    }
    if (onDatabricks()) {
        s.databricks.enabled = true;
        // A warehouse picked from the list goes by its id; a typed one by the text (an id or a name).
        const int i = m_warehouseCombo->currentIndex();
        s.databricks.warehouse = i >= 0
                                         && m_warehouseCombo->itemText(i)
                                                == m_warehouseCombo->currentText()
                                     ? m_warehouseCombo->itemData(i).toString()
                                     : m_warehouseCombo->currentText().trimmed();
        s.databricks.volume = m_volumeEdit->text().trimmed();
        s.databricks.cleanUp = m_cleanUpCheck->isChecked();
    }
    return s;
}

void BatchWindow::invalidateCheck()
{
    ++m_checkGeneration;
    if (m_checkCurrent) {
        m_checkCurrent = false;
        m_summaryLabel->setText(tr("The settings changed: check again before starting."));
        m_problemList->clear();
        m_problemList->setVisible(false);
        m_fitButton->setVisible(false);
    }
    updateButtons();
}

void BatchWindow::check()
{
    if (m_session->isRunning())
        return;
    m_checking = true;
    m_checkAsked = m_checkGeneration;
    m_summaryLabel->setText(tr("Reading the images…"));
    m_problemList->clear();
    m_problemList->setVisible(false);
    m_fitButton->setVisible(false);
    m_session->check(currentSettings(), m_continueId);
    updateButtons();
}

void BatchWindow::onChecked(const BatchCheck &check)
{
    m_checking = false;
    if (m_checkAsked != m_checkGeneration) { // the settings changed while it ran
        updateButtons();
        return;
    }
    m_check = check;
    m_checkCurrent = check.ok;
    if (check.ok && !check.continues)
        m_continueId = 0; // other settings or images than the batch continued: Start makes a new one
    m_problemList->clear();
    if (!check.ok) {
        m_summaryLabel->setText(check.error);
        m_problemList->setVisible(false);
        m_fitButton->setVisible(false);
        updateButtons();
        emit checkShown();
        return;
    }
    const DryRunPlan &plan = check.plan;
    const QLocale locale;
    QStringList lines;
    lines << tr("%n file(s):", nullptr, int(check.files.size())) + QLatin1Char(' ')
                 + tr("%n request(s) would be sent.", nullptr, plan.requests);
    lines << tr("Total payload: %1%2 (largest request %3).")
                 .arg(plan.estimate ? tr("about ") : QString(), formatBytes(plan.totalBodyBytes), formatBytes(plan.maxBodyBytes));
    lines << tr("Estimated tokens: about %1 for the images, about %2 for the prompts.")
                 .arg(locale.toString(plan.imageTokens), locale.toString(plan.textTokens));
    if (plan.imagesToConvert > 0)
        lines << tr("%n image(s) will be converted or scaled down to suit the model.", nullptr, plan.imagesToConvert);
    for (const QString &f : check.emptyFolders)
        lines << tr("No image files in “%1”.").arg(QDir::toNativeSeparators(f));
    if (m_continueId > 0)
        lines << tr("Start continues batch %1: files answered before and unchanged are not asked again.").arg(m_continueId);
    else if (check.earlierId > 0)
        lines << tr("Batch %1 had the same settings (%2 answered): choose it under Earlier batches and Continue to ask only the rest.")
                     .arg(check.earlierId)
                     .arg(check.earlierDone);
    int fitHelps = 0;
    for (const DryRunProblem &p : plan.problems) {
        QStringList names;
        for (const QString &path : p.paths)
            names << QFileInfo(path).fileName();
        QString text = tr("%1. %2: %3").arg(p.index).arg(names.join(QStringLiteral("; ")), p.text);
        if (p.fitHelps && !m_fitCheck->isChecked()) {
            text += QLatin1Char(' ') + tr("(Fit to Model would fix it)");
            ++fitHelps;
        }
        auto *item = new QListWidgetItem(text, m_problemList);
        item->setData(Qt::UserRole, p.paths);
        item->setToolTip(plainToolTip(p.paths.join(QLatin1Char('\n'))));
    }
    if (plan.problems.isEmpty())
        lines << tr("Every request fits the model's limits.");
    else
        lines << tr("%n request(s) would not go as they are:", nullptr, int(plan.problems.size()));
    m_summaryLabel->setText(lines.join(QLatin1Char('\n')));
    m_problemList->setVisible(!plan.problems.isEmpty());
    m_fitButton->setVisible(fitHelps > 0);
    updateButtons();
    emit checkShown();
}

void BatchWindow::start()
{
    if (!m_checkCurrent || m_session->isRunning())
        return;
    m_messages->clearMessages();
    m_session->start(currentSettings(), m_continueId);
    m_progressLabel->setText(tr("Starting…"));
    updateButtons();
}

void BatchWindow::cancel()
{
    if (m_session->isRunning())
        m_session->cancel();
}

void BatchWindow::onStarted(qint64 batchId, const ColumnSpec &spec, const QList<QStringList> &units, const QString &notice)
{
    Q_UNUSED(batchId)
    m_model->reset(spec, units);
    m_table->setColumnWidth(m_model->thumbnailColumn(), BatchSession::ThumbnailEdge + 8);
    // The answer columns share what the file, status, tokens and time columns leave.
    QHeaderView *header = m_table->horizontalHeader();
    for (int c = 1; c < m_model->columnCount(); ++c) {
        const bool answer = c >= m_model->firstAnswerColumn() && c < m_model->tokensColumn();
        header->setSectionResizeMode(c, answer ? QHeaderView::Stretch : QHeaderView::Interactive);
    }
    m_table->setColumnWidth(m_model->fileColumn(), 160);
    m_table->setColumnWidth(m_model->statusColumn(), 150);
    m_progressBar->setRange(0, std::max(1, int(units.size())));
    m_progressBar->setValue(0);
    m_progressLabel->setText(tr("0 of %1").arg(units.size()));
    if (!notice.isEmpty())
        m_messages->showMessage(MessageBar::Level::Warning, notice);
    updateButtons();
}

void BatchWindow::onProgress(const BatchProgress &p)
{
    m_progressBar->setRange(0, std::max(1, p.total));
    m_progressBar->setValue(p.done);
    const QLocale locale;
    QString text = tr("%1 of %2").arg(p.done).arg(p.total);
    if (p.failed > 0)
        text += tr(", %n failed", nullptr, p.failed);
    if (p.rate > 0)
        text += tr(", %1 per second").arg(locale.toString(p.rate, 'f', 1));
    if (p.secondsLeft > 0 && p.done < p.total)
        text += tr(", about %1 left").arg(formatDuration(p.secondsLeft));
    m_progressLabel->setText(text);
}

void BatchWindow::onFinished(BatchRunner::Outcome outcome, const QString &message)
{
    const bool trouble = outcome == BatchRunner::Outcome::ConnectionLost || outcome == BatchRunner::Outcome::RateLimited;
    m_messages->showMessage(trouble ? MessageBar::Level::Warning : MessageBar::Level::Info, message);
    // The saved batch is the one to continue from now on.
    m_continueId = m_session->batchId();
    m_checkCurrent = false; // a new run (or a continuation) is checked again first
    m_summaryLabel->setText(tr("Check again to continue or run the batch again."));
    m_session->listBatches();
    updateButtons();
    emit batchFinished(outcome);
}

void BatchWindow::continueBatch(qint64 id)
{
    if (m_session->isRunning())
        return;
    const auto it = std::find_if(m_batches.cbegin(), m_batches.cend(), [id](const BatchListEntry &e) { return e.info.id == id; });
    if (it == m_batches.cend())
        return;
    const BatchInfo &info = it->info;
    m_filling = true;
    m_modelEdit->setText(info.model);
    m_promptEdit->setPlainText(info.prompt);
    m_columnsEdit->setText(info.columns);
    m_groupSpin->setValue(std::max(1, info.groupSize));
    m_system = info.system;
    if (it->singleFolder) {
        m_folderEdit->setText(QDir::toNativeSeparators(info.inputs.constFirst()));
        m_folderChoice->setChecked(true);
    } else {
        setTrayImages(info.inputs);
        m_trayChoice->setChecked(true);
    }
    m_filling = false;
    m_continueId = id;
    check();
}

void BatchWindow::onBatchesListed(const QList<BatchListEntry> &batches)
{
    const qint64 selected = m_earlierCombo->currentData().toLongLong();
    m_batches = batches;
    m_earlierCombo->clear();
    const QLocale locale;
    for (const BatchListEntry &e : batches) {
        QString prompt = e.info.prompt.simplified();
        if (prompt.size() > 40)
            prompt = prompt.left(39) + QChar(0x2026);
        const QString text = tr("%1 · %2 · %3 · “%4” · %5 of %6 answered")
                                 .arg(e.info.id)
                                 .arg(locale.toString(e.info.updatedAt.toLocalTime(), QLocale::ShortFormat), e.info.model, prompt)
                                 .arg(e.done)
                                 .arg(e.info.total);
        m_earlierCombo->addItem(text, e.info.id);
        m_earlierCombo->setItemData(m_earlierCombo->count() - 1, e.info.inputs.join(QLatin1Char('\n')), Qt::ToolTipRole);
    }
    const int at = m_earlierCombo->findData(selected);
    if (at >= 0)
        m_earlierCombo->setCurrentIndex(at);
    updateButtons();
}

void BatchWindow::exportTo(const QString &path, BatchExportFormat format)
{
    if (!m_session->canExport())
        return;
    m_session->exportTo(path, format);
}

void BatchWindow::exportWithDialog()
{
    const QString csv = tr("CSV (*.csv)");
    const QString jsonl = tr("JSON Lines (*.jsonl)");
    const QString md = tr("Markdown table (*.md)");
    QString filter = csv;
    QString path = QFileDialog::getSaveFileName(this, tr("Export Results"), QString(), QStringList{csv, jsonl, md}.join(QStringLiteral(";;")),
                                                &filter);
    if (path.isEmpty())
        return;
    const QString suffix = QFileInfo(path).suffix().toLower();
    BatchExportFormat format = BatchExportFormat::Csv;
    if (suffix == QLatin1String("jsonl") || (suffix.isEmpty() && filter == jsonl))
        format = BatchExportFormat::Jsonl;
    else if (suffix == QLatin1String("md") || suffix == QLatin1String("markdown") || (suffix.isEmpty() && filter == md))
        format = BatchExportFormat::Markdown;
    if (suffix.isEmpty())
        path += format == BatchExportFormat::Csv ? QStringLiteral(".csv")
                                                 : (format == BatchExportFormat::Jsonl ? QStringLiteral(".jsonl") : QStringLiteral(".md"));
    exportTo(path, format);
}

void BatchWindow::chooseFolder()
{
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Choose a Folder of Images"), m_folderEdit->text());
    if (!dir.isEmpty())
        setFolder(dir);
}

void BatchWindow::updateButtons()
{
    const bool running = m_session->isRunning();
    for (QWidget *w : std::initializer_list<QWidget *>{m_folderChoice,
                                                       m_folderEdit,
                                                       m_folderButton,
                                                       m_modelEdit,
                                                       m_promptEdit,
                                                       m_columnsEdit,
                                                       m_groupSpin,
                                                       m_concurrencySpin,
                                                       m_fitCheck,
                                                       m_earlierCombo,
                                                       m_runOnCombo,
                                                       m_databricksBox})
        w->setEnabled(!running);
    m_trayChoice->setEnabled(!running && !m_trayImages.isEmpty());
    m_checkButton->setEnabled(!running && !m_checking);
    m_startButton->setEnabled(!running && !m_checking && m_checkCurrent);
    m_startButton->setText(m_continueId > 0 ? tr("Continue Batch %1").arg(m_continueId) : tr("Start"));
    m_cancelButton->setEnabled(running);
    m_exportButton->setEnabled(!running && m_session->canExport());
    m_continueButton->setEnabled(!running && !m_checking && m_earlierCombo->currentData().toLongLong() > 0);
    m_fitButton->setEnabled(!running && !m_checking);
}

void BatchWindow::closeEvent(QCloseEvent *event)
{
    if (m_session->isRunning())
        m_session->cancel(); // what arrived is saved: Continue asks the rest
    QWidget::closeEvent(event);
}

} // namespace squint
