#pragma once

#include <QByteArray>
#include <QImage>
#include <QSize>

namespace squint {

// libjpeg(-turbo) used directly, where Qt's JPEG reader can't be told what Squint needs.

/// What a JPEG's header says, read without decoding any scan.
struct JpegHeader
{
    bool ok = false;          ///< a JPEG header libjpeg could read
    QSize size;               ///< stored (unoriented) pixel size
    bool progressive = false; ///< more than one scan: every scale costs the decode of every scan
    int components = 0;
    bool directlyDecodable = false; ///< YCbCr or greyscale: decodeJpegScaled() handles it
};
JpegHeader readJpegHeader(const QByteArray &bytes);

/// The M of libjpeg's M/8 scaled decode that Qt's JPEG reader picks when asked for `target` out of
/// `stored` (both unoriented): the smallest M whose output is at least `target`, 1..8.
int jpegScaleFor(QSize stored, QSize target);
/// The size libjpeg decodes `stored` to at M/8: each side rounded up.
QSize jpegScaledSize(QSize stored, int m);

/// Decodes at M/8 (M = 1..8) with libjpeg's scaled IDCT, un-oriented, in the format and with the
/// pixels Qt's JPEG reader gives for the same scale (Format_RGB32 for colour, Format_Grayscale8 for
/// grey; accurate integer IDCT, fancy upsampling), without Qt's choice of M (which for sizes that
/// are not multiples of 8 can land one step higher) and without a separate RGB conversion pass.
/// Null for what it does not handle (CMYK, YCCK) or on any error: the caller then uses Qt's reader.
QImage decodeJpegScaled(const QByteArray &bytes, int m);

/// Scales at or below which decodeJpegReduced() leaves out a progressive file's last-bit AC refinement.
inline constexpr int MaxScaleWithoutLastBit = 3;

/// decodeJpegScaled() for a variant that is scaled down further: at M/8 with M <= 3 (the image
/// reduced at least 2.67 times in the DCT, where libjpeg's 3x3 and smaller IDCTs use only the lowest
/// frequencies), a progressive file made the usual way (its scans end with refinements of the last
/// bit of the AC coefficients, which cost about 40 % of its decoding) is read without those
/// refinement scans, through libjpeg's buffered-image mode. The same picture within a level or two
/// of 255 on average (squint-bench jpegscale measures it); everything else is decodeJpegScaled().
QImage decodeJpegReduced(const QByteArray &bytes, int m);

/// Fast thumbnail of a progressive JPEG: libjpeg reads only the first scan (the DC coefficients,
/// which is all a 1/8-scale decode uses anyway) instead of every refinement scan of the file. For
/// a 16 MB progressive photo that is a fraction of the full decode. Returns an un-oriented RGB image
/// of ceil(w/8) x ceil(h/8) pixels, or a null image when the file is not progressive, 1/8 would be
/// smaller than `atLeast`, the first scan does not carry every component's DC, or anything fails:
/// the caller then takes the ordinary path.
QImage progressiveJpegDcThumbnail(const QByteArray &bytes, QSize atLeast);

} // namespace squint
