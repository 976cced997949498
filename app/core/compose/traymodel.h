#pragma once

#include "core/compose/evaluation.h"
#include "core/images/imageinfo.h"
#include "core/images/imageprep.h"

#include <QAbstractListModel>
#include <QImage>
#include <QList>

namespace squint {

/// One image in the tray. The original stays on disk at `path` (for pasted or downloaded images, a
/// copy in Squint's cache folder); only the thumbnail and any prepared variants live in memory.
struct TrayItem
{
    quint64 id = 0;
    QString name;       ///< file name shown to the user
    QString origin;     ///< where it came from: a path, a URL, "Clipboard"
    QString path;       ///< file that holds the original bytes
    ItemFacts::Stage stage = ItemFacts::Stage::Loading;
    QString error;
    ImageInfo info;
    QByteArray sha256;
    QImage thumbnail;
    PreparedImage prepared; ///< for the current Convert/Downscale plan
    QString prepareError;
    PreparedImage fitted;   ///< made by "Fit to model"
    ItemVerdict verdict;    ///< set from the latest evaluation
    qint64 downloadReceived = -1, downloadTotal = -1; ///< while a URL downloads
    /// Marked up in the editor: `path`, `info`, `sha256` and `thumbnail` are then the edited variant
    /// (a PNG in the cache) and these keep the original, which is never changed.
    QString edits; ///< the edit list as JSON (editlist.h); empty when not edited
    QString originalPath;
    ImageInfo originalInfo;
    QByteArray originalSha256;
    QImage originalThumbnail;
    bool isEdited() const { return !edits.isEmpty(); }
};

/// The tray's mark for an item whose sent bytes leave its metadata behind: "Location removed" when
/// the original holds a GPS position, "Metadata removed" otherwise; empty when nothing is removed.
QString metadataMark(const TrayItem &item);

/// What the evaluation needs to know of an item (its stage, facts and variants).
ItemFacts factsOf(const TrayItem &item);
QList<ItemFacts> factsOf(const QList<TrayItem> &items);

/// The image tray as a list model. Touched only on the GUI thread; workers report through Intake.
/// Supports internal drag-and-drop reordering.
class TrayModel final : public QAbstractListModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TrayModel)
public:
    enum Roles {
        IdRole = Qt::UserRole + 1,
        NameRole,
        OriginRole,
        StageRole, ///< int(ItemFacts::Stage)
        ErrorRole,
        FormatRole,       ///< "JPEG"
        PixelSizeRole,    ///< QSize
        FileBytesRole,    ///< qint64
        RequestBytesRole, ///< qint64: what it adds to the request
        TokensRole,       ///< int
        StateRole,        ///< int(ItemVerdict::State)
        StateTextRole,    ///< short translated state text
        ThumbnailRole,    ///< QImage
        ChangesRole,      ///< QStringList: what Fit/convert did
        DetailRole,       ///< multi-line description for tooltips and accessibility
        ProgressRole,     ///< int percent while downloading, -1 otherwise
        /// QString: the tray's mark when what is sent leaves the original's metadata behind
        /// ("Location removed", "Metadata removed"); empty otherwise
        MetadataMarkRole,
        EditedRole, ///< bool: marked up in the editor (what goes is the edited variant)
    };

    explicit TrayModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    Qt::DropActions supportedDropActions() const override;
    QStringList mimeTypes() const override;
    QMimeData *mimeData(const QModelIndexList &indexes) const override;
    bool dropMimeData(const QMimeData *data, Qt::DropAction action, int row, int column,
                      const QModelIndex &parent) override;
    bool moveRows(const QModelIndex &sourceParent, int sourceRow, int count,
                  const QModelIndex &destinationParent, int destinationChild) override;

    // Mutations (GUI thread). Each emits contentChanged().
    quint64 addPending(const QString &name, const QString &origin);
    void setLoaded(quint64 id, const QString &path, const ImageInfo &info, const QByteArray &sha256,
                   const QImage &thumbnail);
    void setFailed(quint64 id, const QString &error);
    void setDownloadProgress(quint64 id, qint64 received, qint64 total);
    void setPrepared(quint64 id, const PreparedImage &prepared, const QString &error = {});
    void setFitted(quint64 id, const PreparedImage &fitted);
    /// Makes the edited variant at `path` what item `id` sends (the original stays where it is) and
    /// gives the item a new id, so results of work on the old pixels find no item. Returns the new id.
    quint64 setEdited(quint64 id,
                      const QString &path,
                      const ImageInfo &info,
                      const QByteArray &sha256,
                      const QImage &thumbnail,
                      const QString &editsJson);
    /// Back to the original; returns the item's (new) id.
    quint64 clearEdits(quint64 id);
    bool removeIds(const QList<quint64> &ids);
    void clear();
    void setVerdicts(const QList<ItemVerdict> &verdicts);
    /// Moves the items with `ids` so they start at `row` (used by drag reordering and tests).
    void moveIdsTo(const QList<quint64> &ids, int row);

    int count() const { return int(m_items.size()); }
    int rowOf(quint64 id) const;
    const TrayItem *itemById(quint64 id) const;
    const TrayItem &itemAt(int row) const { return m_items.at(row); }
    const QList<TrayItem> &items() const { return m_items; }
    /// The loaded item with this content, if any (duplicate detection).
    const TrayItem *findBySha256(const QByteArray &sha256, quint64 exceptId = 0) const;
    QList<ItemFacts> facts() const;

signals:
    /// Something that changes what would be sent (items, order, variants) changed.
    void contentChanged();

private:
    void touch(int row);

    QList<TrayItem> m_items;
    quint64 m_nextId = 1;
};

} // namespace squint
