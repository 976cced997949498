#pragma once

// The Batch window: one question over a folder (or the tray's images), a dry run before anything is
// sent, then the requests with a results table, progress, export, and earlier batches to continue.
// The work is BatchSession's (on a thread of its own); this window only composes widgets.

#include "core/batch/batchsession.h"
#include "core/catalog/catalog.h"
#include "core/chat/chattarget.h"

#include <QWidget>

#include <functional>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QRadioButton;
class QSpinBox;
class QTableView;

namespace squint {

class BatchModel;
class MessageBar;

/// A non-modal top-level window (Qt::Window). Create it with the current connection and model:
///
///     auto *w = new BatchWindow(session->target(), composer->profile(), this);
///     w->setAttribute(Qt::WA_DeleteOnClose);
///     w->setTrayImages(trayPaths);        // optional: enables "Use the tray's images"
///     w->show();
///
/// Closing it while a batch runs cancels the batch (what arrived is saved; Continue asks the rest).
class BatchWindow final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BatchWindow)
public:
    /// `storePath`: the history file (empty: ConversationStore::defaultPath()); tests pass their own.
    BatchWindow(const ChatTarget &target, const ModelProfile &profile, QWidget *parent = nullptr,
                const QString &storePath = {});
    ~BatchWindow() override;

    /// How a model name typed in the window becomes a profile (with the user's limit overrides).
    /// Default: the built-in catalog without overrides (the profile given keeps its overrides).
    void setProfileLookup(std::function<ModelProfile(const QString &name)> lookup);
    /// How a token the server refuses mid-batch is renewed (Databricks OAuth); see BatchJob.
    void setTokenRenewer(BatchJob::TokenRenewer renewer) { m_renewToken = std::move(renewer); }
    /// The tray's images (absolute paths): "Use the tray's images" asks about these.
    void setTrayImages(const QStringList &paths);
    /// Chooses a folder (as the folder chooser would).
    void setFolder(const QString &folder);
    /// The request parameters of the main window (system prompt, answer length, temperature, streaming).
    void setRequestParameters(const QString &system, int maxTokens, double temperature, bool stream = true);

    /// The dry run of the current settings; Start is enabled once its summary is shown.
    void check();
    /// Starts (or, after continueBatch(), continues) the checked batch.
    void start();
    void cancel();
    /// Fills the settings from saved batch `id`, then checks: Start continues it.
    void continueBatch(qint64 id);
    /// Writes the rows of the last run; a message says how it went.
    void exportTo(const QString &path, BatchExportFormat format);
    void exportWithDialog();

    BatchSession *session() const { return m_session; }
    BatchModel *model() const { return m_model; }
    MessageBar *messageBar() const { return m_messages; }
    /// The check shown (valid when checkIsCurrent()).
    const BatchCheck &lastCheck() const { return m_check; }
    bool checkIsCurrent() const { return m_checkCurrent; }
    /// The saved batch that Start continues (0: a new batch).
    qint64 continueId() const { return m_continueId; }

signals:
    void checkShown();
    void batchFinished(squint::BatchRunner::Outcome outcome);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    BatchSettings currentSettings() const;
    void invalidateCheck();
    void onChecked(const BatchCheck &check);
    void onStarted(qint64 batchId, const ColumnSpec &spec, const QList<QStringList> &units, const QString &notice);
    void onProgress(const BatchProgress &progress);
    void onFinished(BatchRunner::Outcome outcome, const QString &message);
    void onBatchesListed(const QList<BatchListEntry> &batches);
    void updateButtons();
    void chooseFolder();
    void onWarehousesListed(const QList<WarehouseInfo> &warehouses, const QString &error);
    bool onDatabricks() const;

    ChatTarget m_target;
    ModelProfile m_profile;
    std::function<ModelProfile(const QString &)> m_lookup;
    BatchJob::TokenRenewer m_renewToken;
    QString m_system;
    int m_maxTokens = 0;
    double m_temperature = -1;
    bool m_stream = true;
    QStringList m_trayImages;

    BatchSession *m_session = nullptr;
    BatchModel *m_model = nullptr;
    MessageBar *m_messages = nullptr;

    QRadioButton *m_folderChoice = nullptr;
    QLineEdit *m_folderEdit = nullptr;
    QPushButton *m_folderButton = nullptr;
    QRadioButton *m_trayChoice = nullptr;
    QLineEdit *m_modelEdit = nullptr;
    QPlainTextEdit *m_promptEdit = nullptr;
    QLineEdit *m_columnsEdit = nullptr;
    QSpinBox *m_groupSpin = nullptr;
    QSpinBox *m_concurrencySpin = nullptr;
    QCheckBox *m_fitCheck = nullptr;
    QComboBox *m_earlierCombo = nullptr;
    QPushButton *m_continueButton = nullptr;
    QPushButton *m_checkButton = nullptr;
    QPushButton *m_startButton = nullptr;
    QPushButton *m_cancelButton = nullptr;
    QPushButton *m_exportButton = nullptr;
    QLabel *m_summaryLabel = nullptr;
    QListWidget *m_problemList = nullptr;
    QPushButton *m_fitButton = nullptr;
    QProgressBar *m_progressBar = nullptr;
    QLabel *m_progressLabel = nullptr;
    QTableView *m_table = nullptr;
    // Run on: this computer or a Databricks SQL warehouse
    QComboBox *m_runOnCombo = nullptr;
    QWidget *m_databricksBox = nullptr;
    QComboBox *m_warehouseCombo = nullptr;
    QPushButton *m_warehouseRefresh = nullptr;
    QLineEdit *m_volumeEdit = nullptr;
    QCheckBox *m_cleanUpCheck = nullptr;
    QPushButton *m_showSqlButton = nullptr;
    QPlainTextEdit *m_sqlView = nullptr;
    bool m_warehousesAsked = false;

    BatchCheck m_check;
    bool m_checkCurrent = false;
    bool m_checking = false;
    quint64 m_checkGeneration = 0;
    quint64 m_checkAsked = 0;
    qint64 m_continueId = 0;
    bool m_filling = false;
    QList<BatchListEntry> m_batches;
};

} // namespace squint
