#pragma once

// The "Compare Models" window: the same turn sent to two or three models, one column per model side
// by side. The work is ModelComparison's (limits, preparation, calls); this window only composes
// widgets over it and forwards the user's actions.

#include "core/compare/modelcompare.h"

#include <QList>
#include <QPointer>
#include <QSet>
#include <QString>
#include <QStringList>
#include <QTimer>
#include <QWidget>

class QComboBox;
class QLabel;
class QPushButton;
class QSplitter;
class QTextBrowser;

namespace squint {

class MessageBar;
class MeterWidget;

/// A non-modal top-level window (Qt::Window) over a ModelComparison that the caller owns and has
/// set up (ModelComparison::setup, setTarget):
///
///     auto *w = new CompareModelsWindow(comparison, this);
///     w->setAttribute(Qt::WA_DeleteOnClose);
///     w->setModelSuggestions(catalog.suggestedNames());
///     connect(w, &CompareModelsWindow::continueRequested, ...); // then comparison->turnFor(column, &turn)
///     w->show();
///
/// Columns are the QWidgets "compareColumn0", "compareColumn1"... in a horizontal QSplitter; the
/// controls inside a column carry the same object names in every column (compareModelCombo,
/// compareAnswerView, compareRetryButton...), so find a column first, then its control.
/// Ctrl+Return sends to all, Esc closes. Closing the window while calls run stops them.
class CompareModelsWindow final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CompareModelsWindow)
public:
    /// Streamed text waits at most this long before its column's answer is rendered again, in ms.
    static constexpr int RenderDelayMs = 80;

    explicit CompareModelsWindow(ModelComparison *comparison, QWidget *parent = nullptr);
    ~CompareModelsWindow() override;

    ModelComparison *comparison() const { return m_comparison; }

    /// Names offered in each column's model combo box (e.g. Catalog::suggestedNames()).
    void setModelSuggestions(const QStringList &names);
    QStringList modelSuggestions() const { return m_suggestions; }

    /// The widget of column `index` (null when there is no such column).
    QWidget *columnWidget(int index) const;
    int columnCount() const { return int(m_columns.size()); }
    /// How many times an answer has been rendered as Markdown so far (streaming is throttled).
    int renderCount() const { return m_renderCount; }
    MessageBar *messageBar() const { return m_messages; }

    /// What the buttons do.
    void sendToAll();
    void stopAll();
    /// Adds a column for the first suggested name not compared yet (and focuses its model box).
    void addModel();

signals:
    /// "Continue with This Answer" of `column` was clicked (its turn: ModelComparison::turnFor).
    void continueRequested(int column);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    struct Column
    {
        QPointer<QWidget> root;
        QComboBox *model = nullptr;
        QPushButton *remove = nullptr;
        MeterWidget *count = nullptr;
        MeterWidget *payload = nullptr;
        MeterWidget *tokens = nullptr;
        QLabel *blocker = nullptr;
        QPushButton *fit = nullptr;
        QLabel *message = nullptr; ///< the comparison's latest message about this column
        QLabel *status = nullptr;
        QTextBrowser *answer = nullptr;
        QLabel *figures = nullptr;
        QLabel *error = nullptr;
        QPushButton *retry = nullptr;
        QPushButton *stop = nullptr;
        QPushButton *continueButton = nullptr;
        QString shownModel;   ///< the model name the combo box was last given
        QString renderedText; ///< the Markdown the answer view shows
    };

    void rebuildColumns();
    Column makeColumn(int index);
    void updateColumn(int index);
    void updateSummary();
    void updateButtons();
    void commitModel(int index, const QString &name);
    void onAnswerAppended(int index);
    void renderDirty();
    void renderAnswer(int index);
    void onAnchorClicked(const QUrl &url);

    QPointer<ModelComparison> m_comparison;
    QStringList m_suggestions;
    QList<Column> m_columns;
    QSet<int> m_dirty; ///< columns whose streamed answer waits for a render
    QTimer m_renderTimer;
    int m_renderCount = 0;

    MessageBar *m_messages = nullptr;
    QLabel *m_promptLabel = nullptr;
    QLabel *m_imagesLabel = nullptr;
    QPushButton *m_addButton = nullptr;
    QPushButton *m_sendButton = nullptr;
    QPushButton *m_stopAllButton = nullptr;
    QSplitter *m_splitter = nullptr;
};

} // namespace squint
