#include "core/batch/batchmodel.h"

#include "core/util/format.h"

#include <QBrush>
#include <QColor>
#include <QFileInfo>
#include <QLocale>

namespace squint {

BatchModel::BatchModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void BatchModel::reset(const ColumnSpec &spec, const QList<QStringList> &units)
{
    beginResetModel();
    m_spec = spec;
    m_rows.clear();
    m_rows.reserve(units.size());
    for (int i = 0; i < int(units.size()); ++i) {
        Entry e;
        e.row.index = i + 1;
        e.row.paths = units.at(i);
        m_rows << e;
    }
    m_known = 0;
    endResetModel();
}

void BatchModel::clear()
{
    beginResetModel();
    m_spec = ColumnSpec();
    m_rows.clear();
    m_known = 0;
    endResetModel();
}

void BatchModel::setRow(const BatchRow &row)
{
    if (row.index < 1)
        return;
    const int at = row.index - 1;
    if (at >= m_rows.size()) {
        beginInsertRows({}, int(m_rows.size()), at);
        while (m_rows.size() <= at) {
            Entry e;
            e.row.index = int(m_rows.size()) + 1;
            m_rows << e;
        }
        endInsertRows();
    }
    Entry &e = m_rows[at];
    if (!e.known)
        ++m_known;
    e.row = row;
    e.known = true;
    emit dataChanged(index(at, 0), index(at, columnCount() - 1));
}

void BatchModel::addThumbnails(const QHash<QString, QImage> &thumbnails)
{
    for (auto it = thumbnails.cbegin(); it != thumbnails.cend(); ++it)
        m_thumbnails.insert(it.key(), it.value());
    if (!m_rows.isEmpty())
        emit dataChanged(index(0, thumbnailColumn()), index(rowCount() - 1, thumbnailColumn()), {Qt::DecorationRole});
}

int BatchModel::flaggedRows() const
{
    int n = 0;
    for (const Entry &e : m_rows)
        n += e.known && e.row.flagged();
    return n;
}

BatchModel::RowState BatchModel::stateOf(int row) const
{
    if (row < 0 || row >= m_rows.size() || !m_rows.at(row).known)
        return RowState::Waiting;
    const BatchRow &r = m_rows.at(row).row;
    switch (r.status) {
    case BatchRow::Status::Done:
        if (r.flagged())
            return RowState::Flagged;
        return r.resumed ? RowState::Resumed : RowState::Answered;
    case BatchRow::Status::Failed: return RowState::Failed;
    case BatchRow::Status::NotAsked: return RowState::NotAsked;
    }
    return RowState::Waiting;
}

int BatchModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int BatchModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : timeColumn() + 1;
}

QString BatchModel::statusText(const Entry &e) const
{
    if (!e.known)
        return tr("Waiting");
    const BatchRow &r = e.row;
    switch (r.status) {
    case BatchRow::Status::Done:
        if (r.flagged())
            return tr("Answered, not in columns");
        return r.resumed ? tr("Answered earlier") : tr("Answered");
    case BatchRow::Status::Failed: return tr("Failed");
    case BatchRow::Status::NotAsked: return tr("Not asked");
    }
    return {};
}

QImage BatchModel::thumbnailFor(const Entry &e) const
{
    for (const QString &p : e.row.paths) {
        const auto it = m_thumbnails.constFind(p);
        if (it != m_thumbnails.cend())
            return it.value();
    }
    return {};
}

QVariant BatchModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size() || index.column() >= columnCount())
        return {};
    const Entry &e = m_rows.at(index.row());
    const BatchRow &r = e.row;
    const int col = index.column();
    switch (role) {
    case FlaggedRole: return e.known && r.flagged();
    case StatusRole: return int(stateOf(index.row()));
    case PathsRole: return r.paths;
    case RawAnswerRole: return r.answer;
    default: break;
    }
    if (role == Qt::DecorationRole && col == thumbnailColumn()) {
        const QImage thumb = thumbnailFor(e);
        return thumb.isNull() ? QVariant() : QVariant(thumb);
    }
    if (role == Qt::ForegroundRole && col == statusColumn() && e.known) {
        if (r.status == BatchRow::Status::Failed)
            return QBrush(QColor(0xb0, 0x20, 0x20));
        if (r.flagged())
            return QBrush(QColor(0xa0, 0x60, 0x00));
        return {};
    }
    if (role == Qt::ToolTipRole) {
        if (col == fileColumn())
            return r.paths.join(QLatin1Char('\n'));
        if (!e.known)
            return {};
        if (r.flagged())
            return tr("The answer did not fill the columns: %1\n\n%2").arg(r.parseError, r.answer);
        if (r.status != BatchRow::Status::Done)
            return r.error;
        if (col >= firstAnswerColumn() && col < tokensColumn())
            return r.answer;
        return {};
    }
    if (role == Qt::TextAlignmentRole && (col == tokensColumn() || col == timeColumn()))
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};

    if (col == thumbnailColumn())
        return {};
    if (col == fileColumn()) {
        QStringList names;
        for (const QString &p : r.paths)
            names << QFileInfo(p).fileName();
        return names.join(QStringLiteral("; "));
    }
    if (col == statusColumn())
        return statusText(e);
    if (!e.known)
        return {};
    if (col >= firstAnswerColumn() && col < tokensColumn()) {
        if (r.status != BatchRow::Status::Done)
            return col == firstAnswerColumn() ? r.error : QString();
        if (m_spec.isEmpty() || r.flagged()) {
            // A flagged answer keeps its raw text where the first column would be.
            if (col == firstAnswerColumn())
                return r.answer.simplified();
            if (r.flagged())
                return columnText(r.columns.value(m_spec.names.at(col - firstAnswerColumn())));
            return {};
        }
        return columnText(r.columns.value(m_spec.names.at(col - firstAnswerColumn())));
    }
    const QLocale locale;
    if (col == tokensColumn()) {
        if (r.promptTokens < 0 && r.completionTokens < 0)
            return {};
        return tr("%1 + %2").arg(r.promptTokens >= 0 ? locale.toString(r.promptTokens) : QStringLiteral("?"),
                                 r.completionTokens >= 0 ? locale.toString(r.completionTokens) : QStringLiteral("?"));
    }
    if (col == timeColumn()) {
        if (r.ms < 0)
            return {};
        return formatSeconds(r.ms);
    }
    return {};
}

QVariant BatchModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (section == thumbnailColumn())
        return QString();
    if (section == fileColumn())
        return tr("File");
    if (section == statusColumn())
        return tr("Status");
    if (section >= firstAnswerColumn() && section < tokensColumn())
        return m_spec.isEmpty() ? tr("Answer") : m_spec.names.at(section - firstAnswerColumn());
    if (section == tokensColumn())
        return tr("Tokens");
    if (section == timeColumn())
        return tr("Time");
    return {};
}

} // namespace squint
