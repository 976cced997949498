#include "ui/history/historypanel.h"

#include "core/history/history.h"
#include "core/history/historymodels.h"
#include "core/util/safelinks.h"

#include <QAbstractItemView>
#include <QAbstractTextDocumentLayout>
#include <QHelpEvent>
#include <QApplication>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMenu>
#include <QPainter>
#include <QStackedWidget>
#include <QStyledItemDelegate>
#include <QTextDocument>
#include <QTimer>
#include <QToolButton>
#include <QToolTip>
#include <QVBoxLayout>

namespace squint {

namespace {

/// Tooltips of titles and prompts from saved or imported conversations, shown as the text they are.
class PlainToolTipDelegate : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    bool helpEvent(QHelpEvent *event, QAbstractItemView *view, const QStyleOptionViewItem &option,
                   const QModelIndex &index) override
    {
        if (event && view && index.isValid() && event->type() == QEvent::ToolTip) {
            const QString tip = index.data(Qt::ToolTipRole).toString();
            if (tip.isEmpty())
                QToolTip::hideText();
            else
                QToolTip::showText(event->globalPos(), plainToolTip(tip), view->viewport(), view->visualRect(index));
            return true;
        }
        return QStyledItemDelegate::helpEvent(event, view, option, index);
    }
};

/// Paints a search hit: the conversation's title, then the snippet with its matches in bold.
class HitDelegate final : public PlainToolTipDelegate
{
public:
    using PlainToolTipDelegate::PlainToolTipDelegate;

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        QStyleOptionViewItem opt = option;
        initStyleOption(&opt, index);
        opt.text.clear();
        QStyle *style = opt.widget ? opt.widget->style() : QApplication::style();
        style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, opt.widget);

        QTextDocument doc;
        setUp(doc, opt, index);
        painter->save();
        const QRect r = opt.rect.adjusted(4, 2, -4, -2);
        painter->translate(r.topLeft());
        painter->setClipRect(QRect(QPoint(0, 0), r.size()));
        QAbstractTextDocumentLayout::PaintContext ctx;
        ctx.palette = opt.palette;
        if (opt.state & QStyle::State_Selected)
            ctx.palette.setColor(QPalette::Text, opt.palette.color(QPalette::HighlightedText));
        doc.documentLayout()->draw(painter, ctx);
        painter->restore();
    }

    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        QStyleOptionViewItem opt = option;
        initStyleOption(&opt, index);
        QTextDocument doc;
        setUp(doc, opt, index);
        return QSize(int(doc.idealWidth()), int(doc.size().height()) + 4);
    }

private:
    static void setUp(QTextDocument &doc, const QStyleOptionViewItem &opt, const QModelIndex &index)
    {
        doc.setDefaultFont(opt.font);
        doc.setDocumentMargin(0);
        doc.setTextWidth(std::max(80, opt.rect.width() - 8));
        const QString title = index.data(SearchHitModel::TitleRole).toString().toHtmlEscaped();
        doc.setHtml(QStringLiteral("<div style='font-size:small'>%1</div><div>%2</div>")
                        .arg(title, index.data(SearchHitModel::HtmlRole).toString()));
    }
};

} // namespace

HistoryPanel::HistoryPanel(History *history, QWidget *parent)
    : QWidget(parent)
    , m_history(history)
    , m_listModel(new ConversationListModel(this))
    , m_hitModel(new SearchHitModel(this))
    , m_searchTimer(new QTimer(this))
    , m_refreshTimer(new QTimer(this))
{
    setObjectName(QStringLiteral("historyPanel"));
    setAccessibleName(tr("Conversations"));

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);

    auto *top = new QHBoxLayout;
    m_search = new QLineEdit(this);
    m_search->setObjectName(QStringLiteral("historySearch"));
    m_search->setPlaceholderText(tr("Search"));
    m_search->setToolTip(tr("Search the prompts and answers of every saved conversation (Ctrl+Shift+F)"));
    m_search->setAccessibleName(tr("Search Conversations"));
    m_search->setClearButtonEnabled(true);
    m_search->installEventFilter(this);
    top->addWidget(m_search, 1);
    m_newButton = new QToolButton(this);
    m_newButton->setObjectName(QStringLiteral("historyNewButton"));
    m_newButton->setText(tr("New"));
    m_newButton->setToolTip(tr("Start a new conversation"));
    m_newButton->setAccessibleName(tr("New Conversation"));
    top->addWidget(m_newButton);
    m_deleteButton = new QToolButton(this);
    m_deleteButton->setObjectName(QStringLiteral("historyDeleteButton"));
    m_deleteButton->setText(tr("Delete"));
    m_deleteButton->setToolTip(tr("Delete the selected conversation (it can be undone)"));
    m_deleteButton->setAccessibleName(tr("Delete Conversation"));
    top->addWidget(m_deleteButton);
    layout->addLayout(top);

    m_stack = new QStackedWidget(this);
    m_list = new QListView(m_stack);
    m_list->setObjectName(QStringLiteral("conversationList"));
    m_list->setAccessibleName(tr("Saved Conversations"));
    m_list->setModel(m_listModel);
    m_list->setItemDelegate(new PlainToolTipDelegate(m_list));
    m_list->setEditTriggers(QAbstractItemView::EditKeyPressed);
    m_list->setUniformItemSizes(true);
    m_list->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_list->setTextElideMode(Qt::ElideRight);
    m_list->setContextMenuPolicy(Qt::CustomContextMenu);
    m_list->installEventFilter(this);
    m_hits = new QListView(m_stack);
    m_hits->setObjectName(QStringLiteral("searchHitList"));
    m_hits->setAccessibleName(tr("Search Results"));
    m_hits->setModel(m_hitModel);
    m_hits->setItemDelegate(new HitDelegate(m_hits));
    m_hits->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_hits->setWordWrap(true);
    m_hits->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_hits->installEventFilter(this);
    m_stack->addWidget(m_list);
    m_stack->addWidget(m_hits);
    layout->addWidget(m_stack, 1);

    auto *empty = new QLabel(this);
    empty->setObjectName(QStringLiteral("historyStatusLabel"));
    empty->setWordWrap(true);
    empty->setForegroundRole(QPalette::PlaceholderText);
    layout->addWidget(empty);
    auto updateStatus = [this, empty] {
        QString text;
        if (m_stack->currentWidget() == m_hits && m_hitModel->rowCount() == 0 && !m_hitModel->query().isEmpty())
            text = tr("Nothing matches “%1”.").arg(m_hitModel->query());
        else if (m_stack->currentWidget() == m_list && m_listModel->rowCount() == 0)
            text = tr("Conversations are saved here as you ask.");
        empty->setText(text);
        empty->setVisible(!text.isEmpty());
        m_deleteButton->setEnabled(m_stack->currentWidget() == m_list && selectedId() != 0);
    };

    m_searchTimer->setSingleShot(true);
    m_searchTimer->setInterval(SearchDelayMs);
    connect(m_searchTimer, &QTimer::timeout, this, &HistoryPanel::runSearch);
    connect(m_search, &QLineEdit::textChanged, this, [this, updateStatus](const QString &text) {
        if (text.trimmed().isEmpty()) {
            m_searchTimer->stop();
            m_hitModel->setHits({}, {});
            m_stack->setCurrentWidget(m_list);
            updateStatus();
        } else {
            m_searchTimer->start();
        }
    });
    connect(m_search, &QLineEdit::returnPressed, this, [this] {
        if (m_searchTimer->isActive()) {
            m_searchTimer->stop();
            runSearch();
        }
        if (m_stack->currentWidget() == m_hits && m_hitModel->rowCount() > 0)
            openHitRow(0);
    });

    // The list is read again shortly after changes (a burst of saves costs one read).
    m_refreshTimer->setSingleShot(true);
    m_refreshTimer->setInterval(200);
    connect(m_refreshTimer, &QTimer::timeout, m_history, &History::refreshList);
    connect(m_history, &History::listChanged, m_refreshTimer, qOverload<>(&QTimer::start));
    connect(m_history, &History::opened, m_history, &History::refreshList);
    connect(m_history, &History::listed, this, [this, updateStatus](const QList<ConversationSummary> &list) {
        m_listModel->setConversations(list);
        selectCurrent();
        updateStatus();
        if (!m_search->text().trimmed().isEmpty())
            runSearch(); // what was saved since may match
    });
    connect(m_history, &History::searched, this, [this, updateStatus](const QString &query, const QList<SearchHit> &hits) {
        if (query != m_search->text().trimmed())
            return; // an older search; the newer one is on its way
        QList<SearchHit> shown;
        for (const SearchHit &h : hits) {
            if (!m_hidden.contains(h.conversationId))
                shown.append(h);
        }
        m_hitModel->setHits(query, shown);
        m_stack->setCurrentWidget(m_hits);
        updateStatus();
    });

    connect(m_listModel, &ConversationListModel::renameRequested, this, &HistoryPanel::renameRequested);
    connect(m_newButton, &QToolButton::clicked, this, &HistoryPanel::newRequested);
    connect(m_deleteButton, &QToolButton::clicked, this, &HistoryPanel::deleteSelected);
    connect(m_list, &QListView::activated, this, [this](const QModelIndex &index) { openListRow(index.row()); });
    connect(m_list, &QListView::clicked, this, [this](const QModelIndex &index) { openListRow(index.row()); });
    connect(m_hits, &QListView::activated, this, [this](const QModelIndex &index) { openHitRow(index.row()); });
    connect(m_hits, &QListView::clicked, this, [this](const QModelIndex &index) { openHitRow(index.row()); });
    connect(m_list->selectionModel(), &QItemSelectionModel::currentChanged, this, updateStatus);
    connect(m_list, &QListView::customContextMenuRequested, this, [this](const QPoint &pos) {
        const QModelIndex index = m_list->indexAt(pos);
        if (!index.isValid())
            return;
        m_list->setCurrentIndex(index);
        QMenu menu(this);
        menu.addAction(tr("Open"), this, [this, index] { openListRow(index.row()); });
        menu.addAction(tr("Rename"), this, &HistoryPanel::renameSelected);
        menu.addAction(tr("Delete"), this, &HistoryPanel::deleteSelected);
        menu.exec(m_list->viewport()->mapToGlobal(pos));
    });
    updateStatus();
}

void HistoryPanel::setCurrentId(qint64 id)
{
    m_currentId = id;
    selectCurrent();
}

void HistoryPanel::setHidden(qint64 id, bool hidden)
{
    if (hidden)
        m_hidden.insert(id);
    else
        m_hidden.remove(id);
    m_listModel->setHidden(m_hidden);
    selectCurrent();
    if (!m_search->text().trimmed().isEmpty())
        runSearch();
}

void HistoryPanel::selectCurrent()
{
    const int row = m_listModel->rowOf(m_currentId);
    if (row < 0) {
        m_list->clearSelection();
        return;
    }
    const QModelIndex index = m_listModel->index(row);
    m_list->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect);
}

qint64 HistoryPanel::selectedId() const
{
    const QModelIndex index = m_list->currentIndex();
    return index.isValid() && m_list->selectionModel()->isSelected(index) ? m_listModel->idAt(index.row()) : 0;
}

void HistoryPanel::renameSelected()
{
    const QModelIndex index = m_list->currentIndex();
    if (index.isValid())
        m_list->edit(index);
}

void HistoryPanel::deleteSelected()
{
    const qint64 id = selectedId();
    if (id == 0)
        return;
    const QModelIndex index = m_list->currentIndex();
    emit deleteRequested(id, index.data(Qt::EditRole).toString());
}

void HistoryPanel::focusSearch()
{
    m_search->setFocus(Qt::ShortcutFocusReason);
    m_search->selectAll();
}

void HistoryPanel::runSearch()
{
    const QString query = m_search->text().trimmed();
    if (!query.isEmpty())
        m_history->search(query);
}

void HistoryPanel::openListRow(int row)
{
    const qint64 id = m_listModel->idAt(row);
    if (id != 0 && id != m_currentId)
        emit openRequested(id, -1);
}

void HistoryPanel::openHitRow(int row)
{
    const SearchHit hit = m_hitModel->hitAt(row);
    if (hit.conversationId != 0)
        emit openRequested(hit.conversationId, hit.position);
}

bool HistoryPanel::eventFilter(QObject *watched, QEvent *event)
{
    // Esc clears the search before the window's Esc (Stop) sees it.
    if (event->type() == QEvent::ShortcutOverride && watched == m_search && !m_search->text().isEmpty()
        && static_cast<QKeyEvent *>(event)->key() == Qt::Key_Escape) {
        event->accept();
        return true;
    }
    if (event->type() == QEvent::KeyPress) {
        auto *key = static_cast<QKeyEvent *>(event);
        if (watched == m_list && (key->key() == Qt::Key_Delete)) {
            deleteSelected();
            return true;
        }
        if (watched == m_search && key->key() == Qt::Key_Down) {
            QListView *view = m_stack->currentWidget() == m_hits ? m_hits : m_list;
            if (view->model()->rowCount() > 0) {
                view->setFocus();
                view->setCurrentIndex(view->model()->index(0, 0));
            }
            return true;
        }
        if (watched == m_search && key->key() == Qt::Key_Escape && !m_search->text().isEmpty()) {
            m_search->clear();
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace squint
