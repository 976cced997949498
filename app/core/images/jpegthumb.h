#pragma once

#include <QByteArray>
#include <QImage>
#include <QSize>

namespace squint {

/// Fast thumbnail of a progressive JPEG: libjpeg reads only the first scan (the DC coefficients,
/// which is all a 1/8-scale decode uses anyway) instead of every refinement scan of the file. For
/// a 16 MB progressive photo that is a fraction of the full decode. Returns an un-oriented RGB image
/// of ceil(w/8) x ceil(h/8) pixels, or a null image when the file is not progressive, 1/8 would be
/// smaller than `atLeast`, the first scan does not carry every component's DC, or anything fails:
/// the caller then takes the ordinary path.
QImage progressiveJpegDcThumbnail(const QByteArray &bytes, QSize atLeast);

} // namespace squint
