#pragma once

// The synchronised zoom and pan shared by the 2 to 4 panes of the "compare images" view: pure
// logic, no widgets. Every pane reads the same ViewState and maps with its own image and viewport
// size, so panes whose images differ in size stay aligned on the same normalised image point.

#include <QPointF>
#include <QRectF>
#include <QSize>

#include <optional>

namespace squint {

/// Zoom and pan shared by several panes.
///
/// - zoom(): displayed (device-independent) pixels per image pixel, the same in every pane, so
///   100 % shows actual pixels everywhere; images of different sizes then appear at different sizes.
/// - centre(): the image point shown at the middle of every viewport, in normalised image
///   coordinates ((0, 0) top-left corner, (1, 1) bottom-right corner of the image), clamped to
///   [0, 1] on both axes: the middle of each viewport always lies over its image, so an image can
///   never be panned out of view, and the clamp is the same whatever a pane's image size.
///
/// Image coordinates are continuous pixel coordinates: pixel (x, y) covers [x, x + 1) x [y, y + 1).
/// The viewport's middle is (width / 2, height / 2).
///
/// Zoom ranges over [minZoom(), MaxZoom], where minZoom() is the smaller of fitZoom() and 1, so
/// zooming out stops at "fit" (or at 100 % for images smaller than their viewports).
class ViewState
{
public:
    static constexpr double ZoomStep = 1.25;             ///< factor of one zoomIn() / zoomOut()
    static constexpr double MaxZoom = 32.0;              ///< 3200 %
    static constexpr double DefaultMinZoom = 1.0 / 32.0; ///< fitZoom() until setFitZoom() is called
    static constexpr double KeyPanFraction = 0.1; ///< an arrow key pans by this much of the viewport

    /// The zoom at which all of `image` fits in `viewport` (may be > 1 for small images); 0 when
    /// either is empty.
    static double fit(QSize image, QSize viewport);

    double zoom() const { return m_zoom; }
    QPointF centre() const { return m_centre; }
    /// True after fitToView() until the next zoom or pan: the view follows setFitZoom().
    bool isFitting() const { return m_fitting; }
    double fitZoom() const { return m_fitZoom; }
    double minZoom() const;

    /// The zoom "fit" stands for, normally the smallest fit() over all panes. Raises the zoom to
    /// the new minimum if needed; while fitting, the zoom follows it.
    void setFitZoom(double fitZoom);
    /// Zoom to fitZoom() with the image centred, and keep fitting until the next zoom or pan.
    void fitToView();
    /// Zoom to 100 % (one image pixel per displayed pixel), keeping the centre.
    void setActualSize();
    /// Sets the zoom (clamped), keeping the centre.
    void setZoom(double zoom);
    /// Sets the centre (clamped to [0, 1] on both axes).
    void setCentre(QPointF normalised);

    /// One ZoomStep in or out about the centre (clamped). Passing 100 % stops there once.
    void zoomIn();
    void zoomOut();
    /// Multiplies the zoom by `factor` (clamped) keeping the image point under `viewportPos` in the
    /// pane with `image` and `viewport` where it is (unless the centre clamp must move it).
    void zoomAt(double factor, QPointF viewportPos, QSize image, QSize viewport);
    /// Drags the content by `viewportDelta` displayed pixels in the pane showing `image`: the image
    /// point under the cursor follows the cursor (unless the centre clamp stops it).
    void panBy(QPointF viewportDelta, QSize image);
    /// Arrow keys (Qt::Key_Left/Right/Up/Down): looks KeyPanFraction of the viewport further in
    /// that direction (the content moves the other way). Returns false for any other key.
    bool panByKey(int key, QSize image, QSize viewport);

    /// Where image point `imagePos` of the pane with `image` in `viewport` is displayed.
    QPointF imageToViewport(QPointF imagePos, QSize image, QSize viewport) const;
    /// The image point displayed at `viewportPos`: the inverse of imageToViewport().
    QPointF viewportToImage(QPointF viewportPos, QSize image, QSize viewport) const;
    /// The pixel under `viewportPos` for the readout, or nothing when it is outside the image.
    std::optional<QPoint> pixelAt(QPointF viewportPos, QSize image, QSize viewport) const;
    /// Where the whole image is drawn in the viewport (may extend beyond it).
    QRectF imageRectInViewport(QSize image, QSize viewport) const;
    /// The part of the image visible in the viewport, in image coordinates (clipped to the image):
    /// what a pane paints, from ImagePyramid::levelFor(zoom()).
    QRectF visibleImageRect(QSize image, QSize viewport) const;

    bool operator==(const ViewState &o) const = default;

private:
    double clampZoom(double zoom) const;
    void setCentreInPixels(QPointF imagePos, QSize image);

    double m_zoom = 1.0;
    QPointF m_centre{0.5, 0.5};
    double m_fitZoom = DefaultMinZoom;
    bool m_fitting = false;
};

} // namespace squint
