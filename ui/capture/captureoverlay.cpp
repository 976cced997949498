#include "ui/capture/captureoverlay.h"

#include "core/capture/capture.h"

#include <QGuiApplication>
#include <QKeyEvent>
#include <QPainter>
#include <QPainterPath>
#include <QScreen>
#include <QTimer>
#include <QWindow>

namespace squint {

CaptureOverlay::CaptureOverlay(const QImage &grab, QWidget *parent)
    : QWidget(parent, Qt::Window | Qt::FramelessWindowHint | Qt::WindowStaysOnTopHint)
    , m_grab(grab)
{
    setObjectName(QStringLiteral("captureOverlay"));
    setAccessibleName(tr("Screen capture: drag the region to capture"));
    setAccessibleDescription(tr(
        "Drag over the part of the screen to capture. Enter takes the whole screen, Esc cancels."));
    setAttribute(Qt::WA_DeleteOnClose);
    setCursor(Qt::CrossCursor);
    setFocusPolicy(Qt::StrongFocus);
}

QPoint CaptureOverlay::toGrab(QPointF widgetPos) const
{
    if (width() <= 0 || height() <= 0)
        return {};
    const double sx = double(m_grab.width()) / width();
    const double sy = double(m_grab.height()) / height();
    return QPoint(std::clamp(int(widgetPos.x() * sx), 0, m_grab.width()),
                  std::clamp(int(widgetPos.y() * sy), 0, m_grab.height()));
}

void CaptureOverlay::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::SmoothPixmapTransform);
    p.drawImage(rect(), m_grab);
    const double sx = double(width()) / std::max(1, m_grab.width());
    const double sy = double(height()) / std::max(1, m_grab.height());
    const QRectF sel = m_dragging ? QRectF(QRect(m_from, m_to).normalized()) : QRectF();
    const QRectF shown(sel.x() * sx, sel.y() * sy, sel.width() * sx, sel.height() * sy);
    QPainterPath dim;
    dim.addRect(QRectF(rect()));
    if (!shown.isEmpty()) {
        QPainterPath kept;
        kept.addRect(shown);
        dim = dim.subtracted(kept);
    }
    p.fillPath(dim, QColor(0, 0, 0, 110));
    if (!shown.isEmpty()) {
        p.setPen(QPen(QColor(0x1e, 0x6f, 0xff), 2));
        p.drawRect(shown);
        p.setPen(Qt::white);
        p.drawText(shown.topLeft() + QPointF(4, -6),
                   tr("%1 × %2")
                       .arg(std::abs(m_to.x() - m_from.x()))
                       .arg(std::abs(m_to.y() - m_from.y())));
    } else {
        p.setPen(Qt::white);
        p.drawText(rect(),
                   Qt::AlignCenter,
                   tr("Drag over the region to capture. Enter: whole screen. Esc: cancel."));
    }
}

void CaptureOverlay::keyPressEvent(QKeyEvent *event)
{
    if (m_finished)
        return;
    if (event->key() == Qt::Key_Escape) {
        m_finished = true;
        emit cancelled();
        close();
    } else if (event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter) {
        m_finished = true;
        emit regionChosen(m_grab.rect());
        close();
    } else {
        QWidget::keyPressEvent(event);
    }
}

void CaptureOverlay::mousePressEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton)
        return;
    m_dragging = true;
    m_from = m_to = toGrab(event->position());
    update();
}

void CaptureOverlay::mouseMoveEvent(QMouseEvent *event)
{
    if (!m_dragging)
        return;
    m_to = toGrab(event->position());
    update();
}

void CaptureOverlay::mouseReleaseEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton || !m_dragging || m_finished)
        return;
    m_to = toGrab(event->position());
    const QRect r = QRect(m_from, m_to).normalized().adjusted(0, 0, -1, -1);
    m_dragging = false;
    if (r.width() < 4 || r.height() < 4) {
        update(); // a click, not a drag: keep waiting
        return;
    }
    m_finished = true;
    emit regionChosen(r);
    close();
}

ScreenCapturer::ScreenCapturer(QWidget *window)
    : QObject(window)
    , m_window(window)
{}

ScreenCapturer::~ScreenCapturer()
{
    if (m_overlay)
        m_overlay->close();
}

void ScreenCapturer::start()
{
    const CaptureBackend backend = detectCaptureBackend();
    if (backend == CaptureBackend::Portal
        || (backend == CaptureBackend::None
            && QGuiApplication::platformName() == QLatin1String("wayland"))) {
        m_portal = new PortalScreenshot(QDBusConnection::sessionBus(), this);
        connect(m_portal, &PortalScreenshot::captured, this, [this](const QImage &image) {
            emit captured(image);
            finish();
        });
        connect(m_portal, &PortalScreenshot::cancelled, this, [this] {
            emit cancelled();
            finish();
        });
        connect(m_portal, &PortalScreenshot::failed, this, [this](const QString &error) {
            emit failed(error);
            finish();
        });
        // The portal's own picker chooses the region; the window stays (GNOME refuses an unfocused app).
        QString parent;
        if (m_window && m_window->windowHandle()
            && QGuiApplication::platformName() == QLatin1String("xcb"))
            parent = QStringLiteral("x11:%1").arg(m_window->windowHandle()->winId(), 0, 16);
        m_portal->start(true, parent);
        return;
    }
    if (QGuiApplication::platformName() != QLatin1String("xcb")
        && QGuiApplication::platformName() != QLatin1String("offscreen")) {
        emit failed(noCaptureBackendText());
        finish();
        return;
    }
    // The window hides itself first so it is not in the picture; the grab waits for the window
    // system to have removed it.
    m_wasVisible = m_window && m_window->isVisible();
    if (m_wasVisible)
        m_window->hide();
    QTimer::singleShot(m_wasVisible ? 250 : 0, this, &ScreenCapturer::grabAndShowOverlay);
}

void ScreenCapturer::grabAndShowOverlay()
{
    QString error;
    const QImage grab = grabAllScreens(&error);
    if (grab.isNull()) {
        emit failed(error);
        finish();
        return;
    }
    m_overlay = new CaptureOverlay(grab);
    connect(m_overlay, &CaptureOverlay::regionChosen, this, [this](const QRect &r) {
        const QImage image = m_overlay ? m_overlay->grab().copy(r) : QImage();
        emit captured(image);
        finish();
    });
    connect(m_overlay, &CaptureOverlay::cancelled, this, [this] {
        emit cancelled();
        finish();
    });
    // Over the whole virtual desktop.
    QRect desktop;
    for (QScreen *s : QGuiApplication::screens())
        desktop = desktop.united(s->geometry());
    m_overlay->setGeometry(desktop);
    m_overlay->show();
    m_overlay->raise();
    m_overlay->activateWindow();
    m_overlay->setFocus();
}

void ScreenCapturer::finish()
{
    if (m_window && m_wasVisible) {
        m_window->show();
        m_window->raise();
        m_window->activateWindow();
    }
    m_wasVisible = false;
    deleteLater();
}

} // namespace squint
