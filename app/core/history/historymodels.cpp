#include "core/history/historymodels.h"

#include <QCoreApplication>
#include <QLocale>
#include <QSet>

namespace squint {

namespace {
class Tr
{
    Q_DECLARE_TR_FUNCTIONS(squint::ConversationListModel)
};

QString plainSnippet(QString snippet)
{
    snippet.remove(ConversationStore::MatchStart);
    snippet.remove(ConversationStore::MatchEnd);
    return snippet;
}
} // namespace

ConversationListModel::ConversationListModel(QObject *parent)
    : QAbstractListModel(parent)
{
}

void ConversationListModel::setConversations(const QList<ConversationSummary> &conversations)
{
    m_all = conversations;
    rebuild();
}

void ConversationListModel::setHidden(const QSet<qint64> &hidden)
{
    m_hidden = hidden;
    rebuild();
}

void ConversationListModel::rebuild()
{
    beginResetModel();
    m_rows.clear();
    for (const ConversationSummary &c : std::as_const(m_all)) {
        if (!m_hidden.contains(c.id))
            m_rows.append(c);
    }
    endResetModel();
}

int ConversationListModel::rowOf(qint64 id) const
{
    for (int i = 0; i < m_rows.size(); ++i) {
        if (m_rows.at(i).id == id)
            return i;
    }
    return -1;
}

qint64 ConversationListModel::idAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows.at(row).id : 0;
}

int ConversationListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant ConversationListModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const ConversationSummary &c = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return c.title.isEmpty() ? Tr::tr("Untitled conversation") : c.title;
    case Qt::EditRole:
        return c.title;
    case Qt::ToolTipRole:
        //: %1 title, %2 number of turns, %3 date and time of the last activity
        return Tr::tr("%1\n%n turn(s), last active %2", nullptr, c.turnCount)
            .arg(c.title, QLocale().toString(c.updatedAt.toLocalTime(), QLocale::ShortFormat));
    case IdRole:
        return c.id;
    case UpdatedRole:
        return c.updatedAt;
    case TurnCountRole:
        return c.turnCount;
    default:
        return {};
    }
}

bool ConversationListModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (role != Qt::EditRole || !index.isValid() || index.row() >= m_rows.size())
        return false;
    const QString title = value.toString().simplified();
    if (title.isEmpty() || title == m_rows.at(index.row()).title)
        return false;
    const qint64 id = m_rows.at(index.row()).id;
    m_rows[index.row()].title = title;
    for (ConversationSummary &c : m_all) {
        if (c.id == id)
            c.title = title;
    }
    emit dataChanged(index, index);
    emit renameRequested(id, title);
    return true;
}

Qt::ItemFlags ConversationListModel::flags(const QModelIndex &index) const
{
    return QAbstractListModel::flags(index) | (index.isValid() ? Qt::ItemIsEditable : Qt::NoItemFlags);
}

SearchHitModel::SearchHitModel(QObject *parent)
    : QAbstractListModel(parent)
{
}

void SearchHitModel::setHits(const QString &query, const QList<SearchHit> &hits)
{
    beginResetModel();
    m_query = query;
    m_hits = hits;
    endResetModel();
}

int SearchHitModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_hits.size());
}

QVariant SearchHitModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_hits.size())
        return {};
    const SearchHit &h = m_hits.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return plainSnippet(h.snippet);
    case Qt::ToolTipRole:
        //: a search hit: %1 the conversation's title, %2 the turn's number
        return Tr::tr("%1, turn %2").arg(h.title).arg(h.position + 1);
    case HtmlRole:
        return ConversationStore::snippetToHtml(h.snippet);
    case TitleRole:
        return h.title;
    case ConversationIdRole:
        return h.conversationId;
    case PositionRole:
        return h.position;
    default:
        return {};
    }
}

} // namespace squint
