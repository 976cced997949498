#include "core/compose/traymodel.h"
#include "core/util/format.h"

#include <QCoreApplication>
#include <QDataStream>
#include <QIODevice>
#include <QLocale>
#include <QMimeData>

namespace squint {

// Translation context for this file's messages (lupdate reads it from here).
namespace {
class Tr
{
    Q_DECLARE_TR_FUNCTIONS(squint::TrayModel)
};
} // namespace

namespace {
const QString MoveMime = QStringLiteral("application/x-squint-tray-ids");
} // namespace

TrayModel::TrayModel(QObject *parent)
    : QAbstractListModel(parent)
{
}

int TrayModel::rowCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : int(m_items.size()); }

QVariant TrayModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const TrayItem &it = m_items.at(index.row());
    const QLocale locale;
    switch (role) {
    case Qt::DisplayRole:
    case NameRole:
        return it.name;
    case Qt::ToolTipRole:
    case Qt::AccessibleDescriptionRole:
    case DetailRole: {
        QStringList lines{it.name};
        if (it.stage == ItemFacts::Stage::Ready) {
            lines << Tr::tr("%1, %2 × %3 pixels, %4 on disk")
                         .arg(formatLabel(it.info.format))
                         .arg(it.info.size.width())
                         .arg(it.info.size.height())
                         .arg(formatBytes(it.info.fileBytes));
            lines << Tr::tr("Adds %1 to the request, about %n image token(s)", nullptr, it.verdict.tokens)
                         .arg(formatBytes(it.verdict.requestBytes));
        }
        if (!it.verdict.text.isEmpty())
            lines << it.verdict.text;
        const PreparedImage &v = it.verdict.state == ItemVerdict::State::Fitted ? it.fitted : it.prepared;
        if (it.verdict.state != ItemVerdict::State::Ok
            || it.verdict.plan.action == SendPlan::Action::Clean)
            lines << v.changes;
        if (const QString mark = metadataMark(it); !mark.isEmpty())
            lines << (it.info.hasGps
                          ? Tr::tr("Location removed: the GPS position and camera data stay on "
                                   "this computer")
                          : Tr::tr(
                              "Metadata removed: camera data and comments stay on this computer"));
        if (it.isEdited())
            lines << Tr::tr("Edited: the marked-up copy is sent, the original is unchanged");
        if (!it.origin.isEmpty() && it.origin != it.name)
            lines << Tr::tr("From: %1").arg(it.origin);
        return lines.join(QLatin1Char('\n'));
    }
    case Qt::AccessibleTextRole:
        return Tr::tr("%1, %2").arg(it.name, it.verdict.text);
    case IdRole:
        return it.id;
    case OriginRole:
        return it.origin;
    case StageRole:
        return int(it.stage);
    case ErrorRole:
        return it.error;
    case FormatRole:
        return it.info.format.isEmpty() ? QString() : formatLabel(it.info.format);
    case PixelSizeRole:
        return it.info.size;
    case FileBytesRole:
        return it.info.fileBytes;
    case RequestBytesRole:
        return it.verdict.requestBytes;
    case TokensRole:
        return it.verdict.tokens;
    case StateRole:
        return int(it.verdict.state);
    case StateTextRole:
        return it.verdict.label.isEmpty() ? it.verdict.text : it.verdict.label;
    case ThumbnailRole:
        return it.thumbnail;
    case ChangesRole:
        if (it.verdict.state == ItemVerdict::State::Fitted)
            return it.fitted.changes;
        if (it.verdict.state == ItemVerdict::State::Convert
            || it.verdict.state == ItemVerdict::State::Downscale
            || it.verdict.plan.action == SendPlan::Action::Clean)
            return it.prepared.changes;
        return QStringList();
    case MetadataMarkRole:
        return metadataMark(it);
    case EditedRole:
        return it.isEdited();
    case ProgressRole:
        if (it.stage == ItemFacts::Stage::Loading && it.downloadTotal > 0)
            return int(100 * it.downloadReceived / it.downloadTotal);
        return -1;
    default:
        return {};
    }
}

QHash<int, QByteArray> TrayModel::roleNames() const
{
    QHash<int, QByteArray> r = QAbstractListModel::roleNames();
    r.insert(IdRole, "id");
    r.insert(NameRole, "name");
    r.insert(StateTextRole, "stateText");
    r.insert(ThumbnailRole, "thumbnail");
    return r;
}

Qt::ItemFlags TrayModel::flags(const QModelIndex &index) const
{
    const Qt::ItemFlags f = QAbstractListModel::flags(index);
    return index.isValid() ? (f | Qt::ItemIsDragEnabled) & ~Qt::ItemIsDropEnabled : f | Qt::ItemIsDropEnabled;
}

Qt::DropActions TrayModel::supportedDropActions() const { return Qt::MoveAction; }

QStringList TrayModel::mimeTypes() const { return {MoveMime}; }

QMimeData *TrayModel::mimeData(const QModelIndexList &indexes) const
{
    QList<quint64> ids;
    for (const QModelIndex &i : indexes)
        if (i.isValid())
            ids << m_items.at(i.row()).id;
    QByteArray payload;
    QDataStream out(&payload, QIODevice::WriteOnly);
    out << ids;
    auto *mime = new QMimeData;
    mime->setData(MoveMime, payload);
    return mime;
}

bool TrayModel::dropMimeData(const QMimeData *data, Qt::DropAction action, int row, int, const QModelIndex &parent)
{
    if (action != Qt::MoveAction || !data || !data->hasFormat(MoveMime))
        return false;
    QList<quint64> ids;
    QDataStream in(data->data(MoveMime));
    in >> ids;
    if (row < 0)
        row = parent.isValid() ? parent.row() : int(m_items.size());
    moveIdsTo(ids, row);
    // The move is done here; returning false keeps the view from removing the "source" rows.
    return false;
}

bool TrayModel::moveRows(const QModelIndex &sourceParent, int sourceRow, int count, const QModelIndex &destinationParent,
                         int destinationChild)
{
    if (sourceParent.isValid() || destinationParent.isValid() || count <= 0 || sourceRow < 0
        || sourceRow + count > m_items.size() || destinationChild < 0 || destinationChild > m_items.size())
        return false;
    if (destinationChild >= sourceRow && destinationChild <= sourceRow + count)
        return false; // no-op move
    if (!beginMoveRows({}, sourceRow, sourceRow + count - 1, {}, destinationChild))
        return false;
    const QList<TrayItem> moving = m_items.mid(sourceRow, count);
    m_items.remove(sourceRow, count);
    const int insertAt = destinationChild > sourceRow ? destinationChild - count : destinationChild;
    for (int i = 0; i < count; ++i)
        m_items.insert(insertAt + i, moving.at(i));
    endMoveRows();
    emit contentChanged();
    return true;
}

void TrayModel::moveIdsTo(const QList<quint64> &ids, int row)
{
    // Move one row at a time with proper move signals, so views keep their selection.
    int target = std::clamp(row, 0, int(m_items.size()));
    for (quint64 id : ids) {
        const int from = rowOf(id);
        if (from < 0)
            continue;
        if (from < target) {
            moveRows({}, from, 1, {}, target); // lands at target - 1
        } else {
            moveRows({}, from, 1, {}, target);
            ++target;
        }
    }
}

quint64 TrayModel::addPending(const QString &name, const QString &origin)
{
    TrayItem it;
    it.id = m_nextId++;
    it.name = name;
    it.origin = origin;
    it.verdict.label = it.verdict.text = Tr::tr("Reading…");
    beginInsertRows({}, int(m_items.size()), int(m_items.size()));
    m_items << it;
    endInsertRows();
    emit contentChanged();
    return it.id;
}

int TrayModel::rowOf(quint64 id) const
{
    for (int i = 0; i < m_items.size(); ++i)
        if (m_items.at(i).id == id)
            return i;
    return -1;
}

const TrayItem *TrayModel::itemById(quint64 id) const
{
    const int row = rowOf(id);
    return row < 0 ? nullptr : &m_items.at(row);
}

const TrayItem *TrayModel::findBySha256(const QByteArray &sha256, quint64 exceptId) const
{
    if (sha256.isEmpty())
        return nullptr;
    for (const TrayItem &it : m_items)
        if (it.id != exceptId && it.sha256 == sha256 && it.stage == ItemFacts::Stage::Ready)
            return &it;
    return nullptr;
}

void TrayModel::touch(int row)
{
    const QModelIndex i = index(row);
    emit dataChanged(i, i);
    emit contentChanged();
}

void TrayModel::setLoaded(quint64 id, const QString &path, const ImageInfo &info, const QByteArray &sha256,
                          const QImage &thumbnail)
{
    const int row = rowOf(id);
    if (row < 0)
        return;
    TrayItem &it = m_items[row];
    it.path = path;
    it.info = info;
    it.sha256 = sha256;
    it.thumbnail = thumbnail;
    it.stage = ItemFacts::Stage::Ready;
    it.error.clear();
    touch(row);
}

void TrayModel::setFailed(quint64 id, const QString &error)
{
    const int row = rowOf(id);
    if (row < 0)
        return;
    TrayItem &it = m_items[row];
    it.stage = ItemFacts::Stage::Failed;
    it.error = error;
    it.verdict = {};
    it.verdict.state = ItemVerdict::State::Failed;
    it.verdict.label = Tr::tr("Can't use");
    it.verdict.text = error;
    touch(row);
}

void TrayModel::setDownloadProgress(quint64 id, qint64 received, qint64 total)
{
    const int row = rowOf(id);
    if (row < 0)
        return;
    m_items[row].downloadReceived = received;
    m_items[row].downloadTotal = total;
    const QModelIndex i = index(row);
    emit dataChanged(i, i, {ProgressRole});
}

void TrayModel::setPrepared(quint64 id, const PreparedImage &prepared, const QString &error)
{
    const int row = rowOf(id);
    if (row < 0)
        return;
    m_items[row].prepared = prepared;
    m_items[row].prepareError = error;
    touch(row);
}

void TrayModel::setFitted(quint64 id, const PreparedImage &fitted)
{
    const int row = rowOf(id);
    if (row < 0)
        return;
    m_items[row].fitted = fitted;
    touch(row);
}

quint64 TrayModel::setEdited(quint64 id,
                             const QString &path,
                             const ImageInfo &info,
                             const QByteArray &sha256,
                             const QImage &thumbnail,
                             const QString &editsJson)
{
    const int row = rowOf(id);
    if (row < 0)
        return 0;
    TrayItem &it = m_items[row];
    if (!it.isEdited()) {
        it.originalPath = it.path;
        it.originalInfo = it.info;
        it.originalSha256 = it.sha256;
        it.originalThumbnail = it.thumbnail;
    }
    it.id = m_nextId++;
    it.path = path;
    it.info = info;
    it.sha256 = sha256;
    it.thumbnail = thumbnail;
    it.edits = editsJson;
    // Variants of the old pixels must never go: they are made again from the edited file.
    it.prepared = {};
    it.prepareError.clear();
    it.fitted = {};
    touch(row);
    return it.id;
}

quint64 TrayModel::clearEdits(quint64 id)
{
    const int row = rowOf(id);
    if (row < 0)
        return 0;
    TrayItem &it = m_items[row];
    if (!it.isEdited())
        return id;
    it.id = m_nextId++;
    it.path = it.originalPath;
    it.info = it.originalInfo;
    it.sha256 = it.originalSha256;
    it.thumbnail = it.originalThumbnail;
    it.edits.clear();
    it.originalPath.clear();
    it.originalInfo = {};
    it.originalSha256.clear();
    it.originalThumbnail = {};
    it.prepared = {};
    it.prepareError.clear();
    it.fitted = {};
    touch(row);
    return it.id;
}

bool TrayModel::removeIds(const QList<quint64> &ids)
{
    bool removed = false;
    for (quint64 id : ids) {
        const int row = rowOf(id);
        if (row < 0)
            continue;
        beginRemoveRows({}, row, row);
        m_items.removeAt(row);
        endRemoveRows();
        removed = true;
    }
    if (removed)
        emit contentChanged();
    return removed;
}

void TrayModel::clear()
{
    if (m_items.isEmpty())
        return;
    beginResetModel();
    m_items.clear();
    endResetModel();
    emit contentChanged();
}

void TrayModel::setVerdicts(const QList<ItemVerdict> &verdicts)
{
    const int n = std::min(int(verdicts.size()), int(m_items.size()));
    int first = -1, last = -1;
    for (int i = 0; i < n; ++i) {
        ItemVerdict &v = m_items[i].verdict;
        const ItemVerdict &nv = verdicts.at(i);
        if (v.state == nv.state && v.text == nv.text && v.label == nv.label && v.requestBytes == nv.requestBytes && v.tokens == nv.tokens
            && v.sendSize == nv.sendSize)
            continue;
        v = nv;
        if (first < 0)
            first = i;
        last = i;
    }
    // Verdicts are derived data: views repaint, but nothing is re-evaluated (no contentChanged).
    if (first >= 0)
        emit dataChanged(index(first), index(last));
}

QString metadataMark(const TrayItem &item)
{
    if (item.stage != ItemFacts::Stage::Ready || !item.verdict.metadataRemoved)
        return {};
    return item.info.hasGps ? Tr::tr("Location removed") : Tr::tr("Metadata removed");
}

ItemFacts factsOf(const TrayItem &it)
{
    ItemFacts f;
    f.stage = it.stage;
    f.name = it.name;
    f.error = it.error;
    f.info = it.info;
    if (!it.fitted.isNull()) {
        f.fittedFormat = it.fitted.format;
        f.fittedSize = it.fitted.size;
        f.fittedBytes = it.fitted.byteCount;
    }
    if (!it.prepared.isNull()) {
        f.preparedKey = it.prepared.key;
        f.preparedBytes = it.prepared.byteCount;
        f.preparedSize = it.prepared.size;
    } else if (!it.prepareError.isEmpty()) {
        f.preparedKey = it.prepared.key;
    }
    f.prepareError = it.prepareError;
    return f;
}

QList<ItemFacts> factsOf(const QList<TrayItem> &items)
{
    QList<ItemFacts> out;
    out.reserve(items.size());
    for (const TrayItem &it : items)
        out << factsOf(it);
    return out;
}

QList<ItemFacts> TrayModel::facts() const
{
    return factsOf(m_items);
}

} // namespace squint
