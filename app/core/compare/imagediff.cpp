#include "core/compare/imagediff.h"

#include <QCoreApplication>
#include <QLocale>

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace squint {

// Translation context for this file's messages (lupdate reads it from here).
namespace {
class Tr
{
    Q_DECLARE_TR_FUNCTIONS(squint::ImageDiff)
};
} // namespace

namespace {

// The format both images are compared in, and the pyramid's format for images with alpha.
constexpr QImage::Format CompareFormat = QImage::Format_ARGB32_Premultiplied;

QImage::Format pyramidFormat(const QImage &image)
{
    return image.hasAlphaChannel() ? QImage::Format_ARGB32_Premultiplied : QImage::Format_RGB32;
}

// `image` at exactly `size` in CompareFormat, scaled smoothly only when needed.
QImage prepared(const QImage &image, QSize size, bool *scaled)
{
    QImage out = image;
    if (out.size() != size) {
        out = out.scaled(size, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
        *scaled = true;
    }
    if (out.format() != CompareFormat)
        out = out.convertToFormat(CompareFormat);
    return out;
}

// The compared size: a's size, reduced to fit within maxSize (keeping a's aspect ratio).
QSize comparedSizeFor(QSize a, QSize maxSize)
{
    if (maxSize.isEmpty() || (a.width() <= maxSize.width() && a.height() <= maxSize.height()))
        return a;
    QSize s = a.scaled(maxSize, Qt::KeepAspectRatio);
    return s.expandedTo(QSize(1, 1));
}

inline int channelDiff(QRgb p, QRgb q, int shift)
{
    return std::abs(int((p >> shift) & 0xff) - int((q >> shift) & 0xff));
}

inline int pixelDiff(QRgb p, QRgb q)
{
    return std::max(std::max(channelDiff(p, q, 0), channelDiff(p, q, 8)),
                    std::max(channelDiff(p, q, 16), channelDiff(p, q, 24)));
}

} // namespace

QRgb heatColor(int difference, int threshold)
{
    const int d = std::clamp(difference, 0, 255);
    const int t = std::clamp(threshold, 0, 255);
    if (d == 0)
        return qRgba(0, 0, 0, 0);
    if (d <= t)
        return qRgba(0, 0, 0, (96 * d + t / 2) / t);
    // Above the threshold: green falls from 255 (yellow) just above it to 0 (red) at 255.
    const int span = 255 - t; // >= 1 here, since t < d <= 255
    const int green = span > 1 ? 255 - (255 * (d - t - 1) + (span - 1) / 2) / (span - 1) : 0;
    return qRgba(255, green, 0, 255);
}

DiffResult compareImages(const QImage &a, const QImage &b, int threshold, QSize maxSize)
{
    DiffResult r;
    r.threshold = std::clamp(threshold, 0, 255);
    r.sizeA = a.size();
    r.sizeB = b.size();
    if (a.isNull() || b.isNull())
        return r;

    const double ra = double(a.width()) / a.height();
    const double rb = double(b.width()) / b.height();
    r.aspectDiffers = std::abs(ra / rb - 1.0) > 0.01;

    const QSize size = comparedSizeFor(a.size(), maxSize);
    const QImage pa = prepared(a, size, &r.scaled);
    const QImage pb = prepared(b, size, &r.scaled);
    if (pa.isNull() || pb.isNull() || pa.size() != size || pb.size() != size)
        return r; // out of memory while scaling or converting

    QImage heat(size, QImage::Format_ARGB32_Premultiplied);
    if (heat.isNull())
        return r;
    // The 256 possible colours, premultiplied once.
    QRgb palette[256];
    for (int d = 0; d < 256; ++d)
        palette[d] = qPremultiply(heatColor(d, r.threshold));

    const int w = size.width(), h = size.height();
    qint64 sum = 0, changed = 0;
    int maxDiff = 0;
    int left = w, right = -1, top = h, bottom = -1;
    for (int y = 0; y < h; ++y) {
        const auto *la = reinterpret_cast<const QRgb *>(pa.constScanLine(y));
        const auto *lb = reinterpret_cast<const QRgb *>(pb.constScanLine(y));
        auto *out = reinterpret_cast<QRgb *>(heat.scanLine(y));
        int rowLeft = w, rowRight = -1;
        for (int x = 0; x < w; ++x) {
            const int d = pixelDiff(la[x], lb[x]);
            out[x] = palette[d];
            sum += d;
            maxDiff = std::max(maxDiff, d);
            if (d > r.threshold) {
                ++changed;
                if (rowLeft == w)
                    rowLeft = x;
                rowRight = x;
            }
        }
        if (rowRight >= 0) {
            left = std::min(left, rowLeft);
            right = std::max(right, rowRight);
            top = std::min(top, y);
            bottom = y;
        }
    }

    const double total = double(w) * double(h);
    r.heatMap = heat;
    r.comparedSize = size;
    r.changedPixels = changed;
    r.changedFraction = double(changed) / total;
    r.meanDifference = double(sum) / total;
    r.maxDifference = maxDiff;
    if (right >= 0)
        r.changedBounds = QRect(QPoint(left, top), QPoint(right, bottom));
    return r;
}

QString describeDifference(const DiffResult &result)
{
    if (!result.isValid())
        return Tr::tr("There is nothing to compare: an image is missing or could not be read.");
    const qint64 total = qint64(result.comparedSize.width()) * result.comparedSize.height();
    QString sentence;
    if (result.changedPixels == 0) {
        sentence = Tr::tr("No pixels differ (threshold %1 of 255)").arg(result.threshold);
    } else if (result.changedPixels >= total) {
        sentence = Tr::tr("All pixels differ (threshold %1 of 255)").arg(result.threshold);
    } else {
        double percent = result.changedFraction * 100.0;
        // Never say "0.0 %" when something differs, nor "100.0 %" when something does not.
        if (percent < 0.05) {
            sentence = Tr::tr("Less than 0.1 % of the pixels differ (threshold %1 of 255)")
                           .arg(result.threshold);
        } else {
            percent = std::min(percent, 99.9);
            sentence = Tr::tr("%L1 % of the pixels differ (threshold %2 of 255)")
                           .arg(percent, 0, 'f', 1)
                           .arg(result.threshold);
        }
    }
    if (result.aspectDiffers)
        return Tr::tr("%1; the second image was stretched to the first one's aspect ratio.")
            .arg(sentence);
    return Tr::tr("%1.").arg(sentence);
}

QImage halveImage(const QImage &image)
{
    if (image.isNull())
        return {};
    const QImage src = image.convertToFormat(pyramidFormat(image));
    const int w = src.width(), h = src.height();
    const int ow = (w + 1) / 2, oh = (h + 1) / 2;
    QImage out(ow, oh, src.format());
    if (out.isNull())
        return {};
    for (int oy = 0; oy < oh; ++oy) {
        const auto *r0 = reinterpret_cast<const QRgb *>(src.constScanLine(2 * oy));
        const auto *r1 = reinterpret_cast<const QRgb *>(
            src.constScanLine(std::min(2 * oy + 1, h - 1)));
        auto *o = reinterpret_cast<QRgb *>(out.scanLine(oy));
        for (int ox = 0; ox < ow; ++ox) {
            const int x0 = 2 * ox, x1 = std::min(2 * ox + 1, w - 1);
            const QRgb p[4] = {r0[x0], r0[x1], r1[x0], r1[x1]};
            QRgb v = 0;
            for (int shift = 0; shift < 32; shift += 8) {
                uint s = 2; // rounds to nearest
                for (QRgb q : p)
                    s += (q >> shift) & 0xff;
                v |= QRgb(s >> 2) << shift;
            }
            o[ox] = v;
        }
    }
    return out;
}

ImagePyramid::ImagePyramid(const QImage &full, int minEdge)
{
    if (full.isNull())
        return;
    QImage current = full.convertToFormat(pyramidFormat(full));
    if (current.isNull())
        return;
    const int floorEdge = std::max(1, minEdge);
    m_levels.append(current);
    while (std::max(current.width(), current.height()) > floorEdge) {
        current = halveImage(current);
        if (current.isNull())
            break;
        m_levels.append(current);
    }
}

const QImage &ImagePyramid::level(int i) const
{
    static const QImage null;
    return i >= 0 && i < m_levels.size() ? m_levels.at(i) : null;
}

double ImagePyramid::levelScale(int i) const
{
    if (i < 0 || i >= m_levels.size())
        return 0.0;
    const QSize f = m_levels.first().size(), l = m_levels.at(i).size();
    return std::min(double(l.width()) / f.width(), double(l.height()) / f.height());
}

int ImagePyramid::levelFor(double scale) const
{
    if (m_levels.isEmpty())
        return -1;
    if (!(scale > 0.0)) // also NaN
        return levelCount() - 1;
    int best = 0;
    for (int i = 1; i < levelCount(); ++i) {
        if (levelScale(i) >= scale)
            best = i;
        else
            break;
    }
    return best;
}

QSize ImagePyramid::fullSize() const
{
    return m_levels.isEmpty() ? QSize() : m_levels.first().size();
}

} // namespace squint
