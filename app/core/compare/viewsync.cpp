#include "core/compare/viewsync.h"

#include <Qt>

#include <algorithm>
#include <cmath>

namespace squint {

namespace {

constexpr double Epsilon = 1e-9;

bool usable(QSize s)
{
    return s.width() > 0 && s.height() > 0;
}

} // namespace

double ViewState::fit(QSize image, QSize viewport)
{
    if (!usable(image) || !usable(viewport))
        return 0.0;
    return std::min(double(viewport.width()) / image.width(),
                    double(viewport.height()) / image.height());
}

double ViewState::minZoom() const
{
    return std::min(m_fitZoom, 1.0);
}

double ViewState::clampZoom(double zoom) const
{
    if (!std::isfinite(zoom) || zoom <= 0.0)
        return minZoom();
    return std::clamp(zoom, minZoom(), MaxZoom);
}

void ViewState::setFitZoom(double fitZoom)
{
    m_fitZoom = std::isfinite(fitZoom) && fitZoom > 0.0 ? std::min(fitZoom, MaxZoom)
                                                        : DefaultMinZoom;
    m_zoom = m_fitting ? m_fitZoom : clampZoom(m_zoom);
}

void ViewState::fitToView()
{
    m_zoom = m_fitZoom;
    m_centre = QPointF(0.5, 0.5);
    m_fitting = true;
}

void ViewState::setActualSize()
{
    setZoom(1.0);
}

void ViewState::setZoom(double zoom)
{
    m_zoom = clampZoom(zoom);
    m_fitting = false;
}

void ViewState::setCentre(QPointF normalised)
{
    const double x = std::isfinite(normalised.x()) ? normalised.x() : 0.5;
    const double y = std::isfinite(normalised.y()) ? normalised.y() : 0.5;
    m_centre = QPointF(std::clamp(x, 0.0, 1.0), std::clamp(y, 0.0, 1.0));
    m_fitting = false;
}

void ViewState::zoomIn()
{
    double z = m_zoom * ZoomStep;
    if (m_zoom < 1.0 - Epsilon && z > 1.0 + Epsilon)
        z = 1.0;
    setZoom(z);
}

void ViewState::zoomOut()
{
    double z = m_zoom / ZoomStep;
    if (m_zoom > 1.0 + Epsilon && z < 1.0 - Epsilon)
        z = 1.0;
    setZoom(z);
}

void ViewState::setCentreInPixels(QPointF imagePos, QSize image)
{
    setCentre(QPointF(imagePos.x() / image.width(), imagePos.y() / image.height()));
}

void ViewState::zoomAt(double factor, QPointF viewportPos, QSize image, QSize viewport)
{
    if (!usable(image) || !usable(viewport) || !std::isfinite(factor) || factor <= 0.0)
        return;
    const QPointF anchor = viewportToImage(viewportPos, image, viewport);
    setZoom(m_zoom * factor);
    // Put the centre where `anchor` stays under `viewportPos` at the new zoom.
    const QPointF fromMiddle = viewportPos
                               - QPointF(viewport.width() / 2.0, viewport.height() / 2.0);
    setCentreInPixels(anchor - fromMiddle / m_zoom, image);
}

void ViewState::panBy(QPointF viewportDelta, QSize image)
{
    if (!usable(image))
        return;
    const QPointF centrePx(m_centre.x() * image.width(), m_centre.y() * image.height());
    setCentreInPixels(centrePx - viewportDelta / m_zoom, image);
}

bool ViewState::panByKey(int key, QSize image, QSize viewport)
{
    QPointF direction;
    switch (key) {
    case Qt::Key_Left:
        direction = QPointF(-1, 0);
        break;
    case Qt::Key_Right:
        direction = QPointF(1, 0);
        break;
    case Qt::Key_Up:
        direction = QPointF(0, -1);
        break;
    case Qt::Key_Down:
        direction = QPointF(0, 1);
        break;
    default:
        return false;
    }
    if (!usable(image) || !usable(viewport))
        return true;
    // Looking further right means dragging the content left.
    const QPointF step(direction.x() * KeyPanFraction * viewport.width(),
                       direction.y() * KeyPanFraction * viewport.height());
    panBy(-step, image);
    return true;
}

QPointF ViewState::imageToViewport(QPointF imagePos, QSize image, QSize viewport) const
{
    const QPointF centrePx(m_centre.x() * image.width(), m_centre.y() * image.height());
    return (imagePos - centrePx) * m_zoom
           + QPointF(viewport.width() / 2.0, viewport.height() / 2.0);
}

QPointF ViewState::viewportToImage(QPointF viewportPos, QSize image, QSize viewport) const
{
    const QPointF centrePx(m_centre.x() * image.width(), m_centre.y() * image.height());
    return (viewportPos - QPointF(viewport.width() / 2.0, viewport.height() / 2.0)) / m_zoom
           + centrePx;
}

std::optional<QPoint> ViewState::pixelAt(QPointF viewportPos, QSize image, QSize viewport) const
{
    if (!usable(image))
        return std::nullopt;
    const QPointF p = viewportToImage(viewportPos, image, viewport);
    const double x = std::floor(p.x()), y = std::floor(p.y());
    if (!(x >= 0 && y >= 0 && x < image.width() && y < image.height()))
        return std::nullopt;
    return QPoint(int(x), int(y));
}

QRectF ViewState::imageRectInViewport(QSize image, QSize viewport) const
{
    const QPointF topLeft = imageToViewport(QPointF(0, 0), image, viewport);
    return QRectF(topLeft, QSizeF(image.width() * m_zoom, image.height() * m_zoom));
}

QRectF ViewState::visibleImageRect(QSize image, QSize viewport) const
{
    if (!usable(image) || !usable(viewport))
        return {};
    const QPointF a = viewportToImage(QPointF(0, 0), image, viewport);
    const QPointF b = viewportToImage(QPointF(viewport.width(), viewport.height()), image, viewport);
    return QRectF(a, b).intersected(QRectF(0, 0, image.width(), image.height()));
}

} // namespace squint
