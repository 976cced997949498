#pragma once

#include <QSet>
#include <QWidget>

class QLineEdit;
class QListView;
class QStackedWidget;
class QTimer;
class QToolButton;

namespace squint {

class ConversationListModel;
class History;
class SearchHitModel;

/// The conversation list beside the chat: a search field over the saved prompts and answers, the
/// conversations by last activity (or the search's hits, with the matches in bold), and New,
/// Rename (F2) and Delete (Del). It only shows and asks: History does the work off the GUI thread.
class HistoryPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HistoryPanel)
public:
    explicit HistoryPanel(History *history, QWidget *parent = nullptr);

    /// Marks the conversation shown in the chat (0: a new one, not saved yet).
    void setCurrentId(qint64 id);
    qint64 currentId() const { return m_currentId; }
    /// Hides or shows a conversation in the list (deleted, waiting for Undo).
    void setHidden(qint64 id, bool hidden);

    /// Starts editing the selected conversation's title.
    void renameSelected();
    /// Asks to delete the selected conversation (deleteRequested()).
    void deleteSelected();
    /// Puts the keyboard focus into the search field.
    void focusSearch();

    ConversationListModel *listModel() const { return m_listModel; }
    SearchHitModel *hitModel() const { return m_hitModel; }
    QListView *listView() const { return m_list; }
    QListView *hitView() const { return m_hits; }
    QLineEdit *searchField() const { return m_search; }

    /// How long typing pauses before the search runs, in milliseconds.
    static constexpr int SearchDelayMs = 150;

signals:
    void openRequested(qint64 id, int focusPosition);
    void newRequested();
    void deleteRequested(qint64 id, const QString &title);
    void renameRequested(qint64 id, const QString &title);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void runSearch();
    void selectCurrent();
    void openListRow(int row);
    void openHitRow(int row);
    qint64 selectedId() const;

    History *m_history = nullptr;
    QLineEdit *m_search = nullptr;
    QStackedWidget *m_stack = nullptr;
    QListView *m_list = nullptr;
    QListView *m_hits = nullptr;
    QToolButton *m_newButton = nullptr;
    QToolButton *m_deleteButton = nullptr;
    ConversationListModel *m_listModel = nullptr;
    SearchHitModel *m_hitModel = nullptr;
    QTimer *m_searchTimer = nullptr;
    QTimer *m_refreshTimer = nullptr;
    qint64 m_currentId = 0;
    QSet<qint64> m_hidden;
};

} // namespace squint
