#pragma once

#include <QCache>
#include <QPixmap>
#include <QStyledItemDelegate>

namespace squint {

/// Paints one tray item: thumbnail, name, facts (format, pixel size, bytes on disk, bytes added
/// to the request, estimated tokens), a coloured state badge, what Fit/convert changed, and a thin
/// download bar. It only paints: thumbnails arrive decoded and scaled as QImage from the workers and
/// are turned into pixmaps once, kept in a small cache keyed by item id and image cache key.
class TrayDelegate final : public QStyledItemDelegate
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TrayDelegate)
public:
    explicit TrayDelegate(QObject *parent = nullptr);

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    bool helpEvent(QHelpEvent *event, QAbstractItemView *view, const QStyleOptionViewItem &option,
                   const QModelIndex &index) override;

    /// Badge colour for an ItemVerdict::State: green ok, blue changed, red blocking or failed.
    static QColor stateColor(int state);

    static constexpr int ThumbEdge = 76;
    static constexpr int Padding = 6;

private:
    /// The text lines under the name, in order.
    QStringList factLines(const QModelIndex &index) const;
    const QPixmap *thumbnailFor(const QModelIndex &index, qreal dpr) const;

    struct CacheKey
    {
        quint64 id = 0;
        qint64 imageKey = 0;
        friend bool operator==(const CacheKey &a, const CacheKey &b)
        {
            return a.id == b.id && a.imageKey == b.imageKey;
        }
        friend size_t qHash(const CacheKey &k, size_t seed = 0) noexcept
        {
            return qHashMulti(seed, k.id, k.imageKey);
        }
    };
    mutable QCache<CacheKey, QPixmap> m_pixmaps;
};

} // namespace squint
