#pragma once

#include <QImage>
#include <QPointer>
#include <QWidget>

namespace squint {

class PortalScreenshot;

/// A full-screen view of a screen grab on which the user drags the region to keep: Esc cancels,
/// Enter takes the whole grab. The grab is shown at its real resolution scaled to the widget.
class CaptureOverlay final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CaptureOverlay)
public:
    explicit CaptureOverlay(const QImage &grab, QWidget *parent = nullptr);

    QImage grab() const { return m_grab; }
    /// Widget position to grab pixels.
    QPoint toGrab(QPointF widgetPos) const;

signals:
    /// The region the user chose, in the grab's pixels (the whole grab for Enter).
    void regionChosen(const QRect &region);
    void cancelled();

protected:
    void paintEvent(QPaintEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;

private:
    QImage m_grab;
    bool m_dragging = false;
    QPoint m_from, m_to; ///< grab pixels
    bool m_finished = false;
};

/// Images > Capture Screen Region...: hides `window`, takes the picture (X11: grab, then the
/// overlay; Wayland: the portal's own picker) and shows `window` again. Reports once, then deletes itself.
class ScreenCapturer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ScreenCapturer)
public:
    explicit ScreenCapturer(QWidget *window);
    ~ScreenCapturer() override;
    void start();
    CaptureOverlay *overlay() const { return m_overlay; }

signals:
    void captured(const QImage &image);
    void failed(const QString &error);
    void cancelled();

private:
    void grabAndShowOverlay();
    void finish();

    QPointer<QWidget> m_window;
    bool m_wasVisible = false;
    QPointer<CaptureOverlay> m_overlay;
    PortalScreenshot *m_portal = nullptr;
};

} // namespace squint
