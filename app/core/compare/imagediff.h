#pragma once

// Widget-free foundations of the "compare images" view: a per-pixel difference of two images with
// a heat map and figures, and a downscaled pyramid to render zoom and pan from.

#include <QImage>
#include <QList>
#include <QRect>
#include <QSize>
#include <QString>

namespace squint {

/// What compareImages() found.
struct DiffResult
{
    /// One pixel per compared pixel (comparedSize), Format_ARGB32_Premultiplied, coloured by
    /// heatColor(): transparent where nothing differs, a faint dark shade up to the threshold,
    /// then yellow (just above it) to red (255). Null when there was nothing to compare.
    QImage heatMap;
    double changedFraction = 0.0; ///< changedPixels / (width * height of comparedSize), 0..1
    double meanDifference = 0.0;  ///< mean per-pixel difference over all compared pixels, 0..255
    qint64 changedPixels = 0;     ///< pixels whose difference is > threshold
    int maxDifference = 0;        ///< largest per-pixel difference, 0..255
    QSize comparedSize;           ///< the common size both images were compared at
    int threshold = 16;           ///< the threshold used, clamped to 0..255
    QRect changedBounds; ///< bounding box of changed pixels in compared coordinates (null if none)
    QSize sizeA;         ///< original size of the first image
    QSize sizeB;         ///< original size of the second image
    bool scaled = false; ///< either image was scaled to reach comparedSize
    bool aspectDiffers = false; ///< the aspect ratios differ by more than 1 %: b was stretched
    /// False when either image was null: every figure is then 0 and heatMap is null.
    bool isValid() const { return !comparedSize.isEmpty(); }
};

/// The heat-map colour (non-premultiplied ARGB) for a per-pixel `difference` (0..255):
/// 0 is fully transparent; up to and including `threshold` a black shade whose alpha grows to 96;
/// above it opaque, from yellow (255, 255, 0) just above the threshold to red (255, 0, 0) at 255.
QRgb heatColor(int difference, int threshold);

/// Pure: compares two images pixel by pixel.
///
/// Size rule: the compared size is a's size, reduced (keeping a's aspect ratio) to fit within
/// `maxSize` when it is larger (an invalid or empty maxSize means no limit). Each image is then
/// smoothly scaled to exactly that size if it is not already, so b is stretched to a's shape when
/// their aspect ratios differ (DiffResult::aspectDiffers tells, describeDifference() says so).
///
/// Both are compared as ARGB32 premultiplied: indexed, grayscale, RGB and premultiplied images
/// compare by what they show, alpha counts as a channel, and fully transparent pixels are equal
/// whatever colour they hide. The per-pixel difference is the largest absolute difference over
/// the four channels (0..255); a pixel is changed when it is > `threshold` (clamped to 0..255).
///
/// Runs in time linear in the compared pixels; call it off the GUI thread for large images.
DiffResult compareImages(const QImage &a,
                         const QImage &b,
                         int threshold = 16,
                         QSize maxSize = QSize(2048, 2048));

/// One translated sentence for the user, e.g. "3.2 % of the pixels differ (threshold 16 of 255)."
QString describeDifference(const DiffResult &result);

/// Successively halved copies of an image, so a view can paint any zoom from a level close to the
/// displayed resolution instead of rescaling the full image every frame.
///
/// Level 0 is the full image converted to Format_ARGB32_Premultiplied (Format_RGB32 when it has no
/// alpha channel), the formats QPainter draws fastest. Level i + 1 is a 2x2 box average of level i,
/// (w + 1) / 2 x (h + 1) / 2 pixels (the last row and column of odd sizes are averaged with
/// themselves). Halving stops at the first level whose longer edge is <= `minEdge`.
///
/// Building it converts and reads the whole image (a 24-megapixel photo takes tens of milliseconds
/// or more): callers build it on a worker thread and hand the finished, immutable pyramid to the
/// GUI thread. A const pyramid is safe to read from several threads.
class ImagePyramid
{
public:
    ImagePyramid() = default;
    explicit ImagePyramid(const QImage &full, int minEdge = 256);

    bool isNull() const { return m_levels.isEmpty(); }
    int levelCount() const { return int(m_levels.size()); }
    /// Level `i` (0 = full size); a null image when `i` is out of range.
    const QImage &level(int i) const;
    /// The smallest level whose resolution is still >= what `scale` (displayed pixels per image
    /// pixel of the full image) needs: 0 for scale >= 1, the last level for tiny or invalid scales,
    /// -1 for a null pyramid.
    int levelFor(double scale) const;
    /// Resolution of level `i` relative to the full image (the smaller of its width and height
    /// ratios): 1 for level 0, 0.5 for level 1 of an even-sized image.
    double levelScale(int i) const;
    QSize fullSize() const;

private:
    QList<QImage> m_levels;
};

/// Pure: a 2x2 box downscale of `image` ((w + 1) / 2 x (h + 1) / 2), in the pyramid's formats.
QImage halveImage(const QImage &image);

} // namespace squint
