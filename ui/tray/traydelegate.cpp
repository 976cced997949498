#include "ui/tray/traydelegate.h"
#include "core/util/format.h"
#include "core/util/safelinks.h"

#include "core/compose/traymodel.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QHelpEvent>
#include <QLocale>
#include <QPainter>
#include <QPainterPath>
#include <QToolTip>

namespace squint {

namespace {

using State = ItemVerdict::State;
using Stage = ItemFacts::Stage;

QColor mix(const QColor &a, const QColor &b, qreal t)
{
    return QColor::fromRgbF(float(a.redF() * (1 - t) + b.redF() * t), float(a.greenF() * (1 - t) + b.greenF() * t),
                            float(a.blueF() * (1 - t) + b.blueF() * t));
}

QFont badgeFont(const QFont &base)
{
    QFont f = base;
    f.setBold(true);
    f.setPointSizeF(base.pointSizeF() > 0 ? base.pointSizeF() * 0.85 : 8);
    return f;
}

QFont smallFont(const QFont &base)
{
    QFont f = base;
    if (base.pointSizeF() > 0)
        f.setPointSizeF(base.pointSizeF() * 0.9);
    return f;
}

} // namespace

TrayDelegate::TrayDelegate(QObject *parent)
    : QStyledItemDelegate(parent)
{
    // Cost in kilobytes: about 16 MB of pixmaps, a few hundred thumbnails.
    m_pixmaps.setMaxCost(16 * 1024);
}

QColor TrayDelegate::stateColor(int state)
{
    switch (State(state)) {
    case State::Ok:
        return QColor(0x2e, 0x7d, 0x32);
    case State::Convert:
    case State::Downscale:
    case State::Fitted:
        return QColor(0x15, 0x65, 0xc0);
    case State::TooLarge:
    case State::Failed:
        return QColor(0xc6, 0x28, 0x28);
    case State::Loading:
        break;
    }
    return QColor(0x75, 0x75, 0x75);
}

QStringList TrayDelegate::factLines(const QModelIndex &index) const
{
    QStringList lines;
    const auto stage = Stage(index.data(TrayModel::StageRole).toInt());
    const int progress = index.data(TrayModel::ProgressRole).toInt();

    if (stage == Stage::Loading) {
        lines << (progress >= 0 ? tr("Downloading... %1%").arg(progress) : tr("Reading..."));
        return lines;
    }
    if (stage == Stage::Failed)
        return lines; // the error line says it all

    QStringList facts;
    const QString format = index.data(TrayModel::FormatRole).toString();
    if (!format.isEmpty())
        facts << format;
    const QSize size = index.data(TrayModel::PixelSizeRole).toSize();
    if (size.isValid())
        //: pixel size of an image, width x height
        facts << tr("%1 \u00d7 %2 px").arg(size.width()).arg(size.height());
    const qint64 fileBytes = index.data(TrayModel::FileBytesRole).toLongLong();
    if (fileBytes > 0)
        facts << tr("%1 on disk").arg(formatBytes(fileBytes));
    if (!facts.isEmpty())
        lines << facts.join(QStringLiteral(" \u00b7 "));

    QStringList request;
    const qint64 requestBytes = index.data(TrayModel::RequestBytesRole).toLongLong();
    if (requestBytes > 0)
        request << tr("adds %1 to the request").arg(formatBytes(requestBytes));
    const int tokens = index.data(TrayModel::TokensRole).toInt();
    if (tokens > 0)
        request << tr("about %Ln tokens", nullptr, tokens);
    if (!request.isEmpty()) {
        QString line = request.join(QStringLiteral(" \u00b7 "));
        line[0] = line.at(0).toUpper();
        lines << line;
    }
    return lines;
}

const QPixmap *TrayDelegate::thumbnailFor(const QModelIndex &index, qreal dpr) const
{
    const QImage image = index.data(TrayModel::ThumbnailRole).value<QImage>();
    if (image.isNull())
        return nullptr;
    const CacheKey key{index.data(TrayModel::IdRole).toULongLong(), image.cacheKey()};
    if (const QPixmap *cached = m_pixmaps.object(key); cached && qFuzzyCompare(cached->devicePixelRatio(), dpr))
        return cached;

    // The worker already made a small thumbnail; this only fits it to the cell once, not per paint.
    const int edge = qRound(ThumbEdge * dpr);
    QImage fitted = image;
    if (image.width() > edge || image.height() > edge)
        fitted = image.scaled(edge, edge, Qt::KeepAspectRatio, Qt::SmoothTransformation);
    auto *pixmap = new QPixmap(QPixmap::fromImage(fitted));
    pixmap->setDevicePixelRatio(dpr);
    const int cost = qMax(1, int(qint64(pixmap->width()) * pixmap->height() * 4 / 1024));
    m_pixmaps.insert(key, pixmap, cost);
    return m_pixmaps.object(key);
}

void TrayDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const QWidget *widget = opt.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();

    // Background (selection, hover) from the style; the content is ours.
    opt.text.clear();
    opt.icon = QIcon();
    style->drawPrimitive(QStyle::PE_PanelItemViewItem, &opt, painter, widget);

    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setRenderHint(QPainter::SmoothPixmapTransform);

    const QPalette::ColorGroup group = !(opt.state & QStyle::State_Enabled) ? QPalette::Disabled
                                       : (opt.state & QStyle::State_Active) ? QPalette::Active
                                                                            : QPalette::Inactive;
    const bool selected = opt.state & QStyle::State_Selected;
    const QColor textColor = opt.palette.color(group, selected ? QPalette::HighlightedText : QPalette::Text);
    const QColor background = opt.palette.color(group, selected ? QPalette::Highlight : QPalette::Base);
    const QColor secondary = mix(textColor, background, 0.3);

    const QRect area = opt.rect.adjusted(Padding, Padding, -Padding, -Padding);
    const auto stage = Stage(index.data(TrayModel::StageRole).toInt());
    const int state = index.data(TrayModel::StateRole).toInt();

    // Thumbnail, or a placeholder while loading, or a broken-image mark.
    const QRect thumbRect(area.left(), area.top(), ThumbEdge, ThumbEdge);
    const qreal dpr = painter->device() ? painter->device()->devicePixelRatioF() : 1.0;
    const QPixmap *thumb = stage == Stage::Failed ? nullptr : thumbnailFor(index, dpr);
    if (thumb) {
        const QSizeF logical = thumb->deviceIndependentSize();
        QRectF target(QPointF(), logical);
        target.moveCenter(QRectF(thumbRect).center());
        painter->drawPixmap(target.topLeft(), *thumb);
        painter->setPen(QPen(mix(secondary, background, 0.5), 1));
        painter->setBrush(Qt::NoBrush);
        painter->drawRect(target.adjusted(0.5, 0.5, -0.5, -0.5));
        if (index.data(TrayModel::EditedRole).toBool()) {
            // Marked up in the editor: the edited copy is what goes.
            const QFont tagFont = smallFont(opt.font);
            const QString tag = tr("Edited");
            const QFontMetrics tfm(tagFont);
            QRectF tagRect(0, 0, tfm.horizontalAdvance(tag) + 8, tfm.height() + 2);
            tagRect.moveBottomLeft(target.bottomLeft() + QPointF(2, -2));
            painter->setPen(Qt::NoPen);
            painter->setBrush(QColor(0x1e, 0x6f, 0xff));
            painter->drawRoundedRect(tagRect, 3, 3);
            painter->setPen(Qt::white);
            painter->setFont(tagFont);
            painter->drawText(tagRect, Qt::AlignCenter, tag);
        }
    } else {
        painter->setPen(QPen(mix(secondary, background, 0.4), 1, Qt::DashLine));
        painter->setBrush(mix(background, secondary, 0.08));
        painter->drawRoundedRect(QRectF(thumbRect).adjusted(0.5, 0.5, -0.5, -0.5), 4, 4);
        if (stage == Stage::Failed) {
            // Broken image: a red cross in the frame.
            const QRectF mark = QRectF(thumbRect).adjusted(ThumbEdge / 3.0, ThumbEdge / 3.0, -ThumbEdge / 3.0,
                                                           -ThumbEdge / 3.0);
            painter->setPen(QPen(stateColor(int(State::Failed)), 2.5, Qt::SolidLine, Qt::RoundCap));
            painter->drawLine(mark.topLeft(), mark.bottomRight());
            painter->drawLine(mark.topRight(), mark.bottomLeft());
        } else {
            painter->setPen(secondary);
            painter->setFont(smallFont(opt.font));
            painter->drawText(thumbRect, Qt::AlignCenter, tr("Loading"));
        }
    }

    const int textLeft = thumbRect.right() + Padding * 2;
    QRect textRect(textLeft, area.top(), area.right() - textLeft, area.height());

    // First line: the name.
    QFont nameFont = opt.font;
    nameFont.setBold(true);
    const QFontMetrics nfm(nameFont);
    painter->setFont(nameFont);
    painter->setPen(textColor);
    const QRect nameRect(textRect.left(), textRect.top(), textRect.width(), nfm.height());
    painter->drawText(nameRect, Qt::AlignLeft | Qt::AlignVCenter,
                      nfm.elidedText(index.data(TrayModel::NameRole).toString(), Qt::ElideMiddle, nameRect.width()));
    int y = nameRect.bottom() + 3;

    // Second line: the state as a coloured pill. The colour repeats what the words say.
    const QString stateText = index.data(TrayModel::StateTextRole).toString();
    if (!stateText.isEmpty()) {
        const QFont bFont = badgeFont(opt.font);
        const QFontMetrics bfm(bFont);
        const int badgeWidth = qMin(bfm.horizontalAdvance(stateText) + 14, textRect.width());
        const QRect badge(textRect.left(), y, badgeWidth, bfm.height() + 2);
        painter->setPen(Qt::NoPen);
        painter->setBrush(stateColor(state));
        painter->drawRoundedRect(badge, badge.height() / 2.0, badge.height() / 2.0);
        painter->setPen(Qt::white);
        painter->setFont(bFont);
        painter->drawText(badge, Qt::AlignCenter, bfm.elidedText(stateText, Qt::ElideRight, badgeWidth - 10));
        // "Location removed": an outlined pill beside the state, when there is room for it.
        const QString mark = index.data(TrayModel::MetadataMarkRole).toString();
        const int markWidth = bfm.horizontalAdvance(mark) + 14;
        if (!mark.isEmpty() && badge.right() + 6 + markWidth <= textRect.right()) {
            const QRectF markRect(badge.right() + 6.5,
                                  badge.top() + 0.5,
                                  markWidth,
                                  badge.height() - 1);
            painter->setPen(QPen(stateColor(int(State::Ok)), 1));
            painter->setBrush(Qt::NoBrush);
            painter->drawRoundedRect(markRect, markRect.height() / 2.0, markRect.height() / 2.0);
            painter->setPen(selected ? textColor : stateColor(int(State::Ok)));
            painter->drawText(markRect, Qt::AlignCenter, mark);
        }
        y = badge.bottom() + 3;
    }
    const QFontMetrics fm(opt.font);
    painter->setFont(opt.font);
    painter->setPen(secondary);
    for (const QString &line : factLines(index)) {
        painter->drawText(QRect(textRect.left(), y, textRect.width(), fm.height()), Qt::AlignLeft | Qt::AlignVCenter,
                          fm.elidedText(line, Qt::ElideRight, textRect.width()));
        y += fm.height();
    }

    const QString error = stage == Stage::Failed ? index.data(TrayModel::ErrorRole).toString() : QString();
    if (!error.isEmpty()) {
        painter->setPen(selected ? textColor : stateColor(int(State::Failed)));
        const QRect errorRect(textRect.left(), y, textRect.width(), fm.height() * 2);
        const QString shown = fm.elidedText(error, Qt::ElideRight, textRect.width() * 2 - fm.averageCharWidth() * 4);
        painter->drawText(errorRect, Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap, shown);
        y += errorRect.height();
    }

    const QFont changesFont = smallFont(opt.font);
    const QFontMetrics cfm(changesFont);
    painter->setFont(changesFont);
    painter->setPen(secondary);
    for (const QString &change : index.data(TrayModel::ChangesRole).toStringList()) {
        painter->drawText(QRect(textRect.left(), y, textRect.width(), cfm.height()), Qt::AlignLeft | Qt::AlignVCenter,
                          cfm.elidedText(QStringLiteral("\u2022 ") + change, Qt::ElideRight, textRect.width()));
        y += cfm.height();
    }

    // Download progress: a thin bar along the bottom of the text column.
    const int progress = index.data(TrayModel::ProgressRole).toInt();
    if (progress >= 0) {
        const QRectF track(textRect.left(), area.bottom() - 3, textRect.width(), 3);
        painter->setPen(Qt::NoPen);
        painter->setBrush(mix(background, secondary, 0.25));
        painter->drawRoundedRect(track, 1.5, 1.5);
        QRectF done = track;
        done.setWidth(track.width() * qBound(0, progress, 100) / 100.0);
        painter->setBrush(opt.palette.color(group, QPalette::Highlight));
        painter->drawRoundedRect(done, 1.5, 1.5);
    }

    painter->restore();

    if (opt.state & QStyle::State_HasFocus) {
        QStyleOptionFocusRect focus;
        focus.QStyleOption::operator=(opt);
        focus.rect = opt.rect.adjusted(1, 1, -1, -1);
        focus.state |= QStyle::State_KeyboardFocusChange | QStyle::State_Item;
        focus.backgroundColor = background;
        style->drawPrimitive(QStyle::PE_FrameFocusRect, &focus, painter, widget);
    }
}

QSize TrayDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QFont nameFont = option.font;
    nameFont.setBold(true);
    const QFontMetrics nfm(nameFont);
    const QFontMetrics fm(option.font);
    const QFontMetrics cfm(smallFont(option.font));

    int textHeight = nfm.height() + 3 + int(factLines(index).size()) * fm.height();
    if (!index.data(TrayModel::StateTextRole).toString().isEmpty())
        textHeight += QFontMetrics(badgeFont(option.font)).height() + 5;
    if (Stage(index.data(TrayModel::StageRole).toInt()) == Stage::Failed
        && !index.data(TrayModel::ErrorRole).toString().isEmpty())
        textHeight += fm.height() * 2;
    textHeight += int(index.data(TrayModel::ChangesRole).toStringList().size()) * cfm.height();
    if (index.data(TrayModel::ProgressRole).toInt() >= 0)
        textHeight += 6;

    const int height = qMax(ThumbEdge, textHeight) + Padding * 2;
    return {qMax(240, option.rect.width()), height};
}

bool TrayDelegate::helpEvent(QHelpEvent *event, QAbstractItemView *view, const QStyleOptionViewItem &option,
                             const QModelIndex &index)
{
    if (event && view && index.isValid() && event->type() == QEvent::ToolTip) {
        const QString detail = index.data(TrayModel::DetailRole).toString();
        if (!detail.isEmpty()) {
            QToolTip::showText(event->globalPos(), plainToolTip(detail), view->viewport(), view->visualRect(index));
            return true;
        }
    }
    return QStyledItemDelegate::helpEvent(event, view, option, index);
}

} // namespace squint
