#pragma once

#include <QByteArray>
#include <QImage>
#include <QSize>

namespace squint {

/// Whether this build decodes WebP through libwebp itself (found at build time).
bool webpScaledDecodeAvailable();

/// Decodes a still WebP image straight to `target` pixels with libwebp's own rescaler
/// (WebPDecoderConfig::options.use_scaling), which Qt's WebP plugin does not use: it decodes the
/// full image and Qt scales it afterwards. An invalid `target` decodes at full size. Format_ARGB32
/// with transparency, else Format_RGB32, as Qt's plugin gives. Null when libwebp is not built in, for
/// animations (Qt composes their frames), or on any error: the caller then uses Qt's reader.
QImage decodeWebpScaled(const QByteArray &bytes, QSize target);

} // namespace squint
