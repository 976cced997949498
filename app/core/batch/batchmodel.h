#pragma once

// BatchModel: the rows of a batch for a table view. One row per request, in input order, known from
// the start (waiting) and filled in as results arrive. Columns: thumbnail, file, status, the spec's
// columns (or the answer), tokens, time. No I/O: thumbnails are given, decoded elsewhere.

#include "core/batch/batch.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QImage>
#include <QList>

namespace squint {

class BatchModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BatchModel)
public:
    enum Roles {
        FlaggedRole = Qt::UserRole + 1, ///< bool: answered, but the answer did not fill the columns
        StatusRole,                     ///< int: RowState
        PathsRole,                      ///< QStringList: the files of the row
        RawAnswerRole,                  ///< QString: the answer as it came
    };
    /// What a row's status column says.
    enum class RowState { Waiting, Answered, Flagged, Failed, NotAsked, Resumed };
    Q_ENUM(RowState)

    explicit BatchModel(QObject *parent = nullptr);

    /// Starts over: one waiting row per unit, the columns of `spec`.
    void reset(const ColumnSpec &spec, const QList<QStringList> &units);
    void clear();
    /// Fills in the row at row.index (rows beyond the known ones are added).
    void setRow(const BatchRow &row);
    /// Thumbnails by absolute path; a group shows its first file's.
    void addThumbnails(const QHash<QString, QImage> &thumbnails);

    const ColumnSpec &spec() const { return m_spec; }
    /// Fixed columns around the spec's.
    int thumbnailColumn() const { return 0; }
    int fileColumn() const { return 1; }
    int statusColumn() const { return 2; }
    int firstAnswerColumn() const { return 3; }
    int tokensColumn() const { return firstAnswerColumn() + answerColumns(); }
    int timeColumn() const { return tokensColumn() + 1; }
    int answerColumns() const { return m_spec.isEmpty() ? 1 : int(m_spec.names.size()); }

    int knownRows() const { return m_known; }
    int flaggedRows() const;
    RowState stateOf(int row) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Entry
    {
        BatchRow row;
        bool known = false;
    };
    QString statusText(const Entry &e) const;
    QImage thumbnailFor(const Entry &e) const;

    ColumnSpec m_spec;
    QList<Entry> m_rows;
    QHash<QString, QImage> m_thumbnails;
    int m_known = 0;
};

} // namespace squint
