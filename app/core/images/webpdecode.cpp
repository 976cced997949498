#include "core/images/webpdecode.h"

#ifdef SQUINT_HAVE_WEBP
#include <webp/decode.h>
#endif

namespace squint {

bool webpScaledDecodeAvailable()
{
#ifdef SQUINT_HAVE_WEBP
    return true;
#else
    return false;
#endif
}

QImage decodeWebpScaled(const QByteArray &bytes, QSize target)
{
#ifdef SQUINT_HAVE_WEBP
    WebPDecoderConfig config;
    if (bytes.isEmpty() || !WebPInitDecoderConfig(&config))
        return {};
    const auto *data = reinterpret_cast<const uint8_t *>(bytes.constData());
    const size_t size = size_t(bytes.size());
    if (WebPGetFeatures(data, size, &config.input) != VP8_STATUS_OK || config.input.has_animation
        || config.input.width <= 0 || config.input.height <= 0)
        return {};
    const QSize full(config.input.width, config.input.height);
    const QSize out = target.isValid() && !target.isEmpty() && target != full ? target : full;
    if (out != full) {
        config.options.use_scaling = 1;
        config.options.scaled_width = out.width();
        config.options.scaled_height = out.height();
    }
    QImage img(out, config.input.has_alpha ? QImage::Format_ARGB32 : QImage::Format_RGB32);
    if (img.isNull())
        return {};
        // Straight into the QImage: BGRA bytes are Qt's 0xAARRGGBB words on little-endian machines.
#if Q_BYTE_ORDER == Q_LITTLE_ENDIAN
    config.output.colorspace = MODE_BGRA;
#else
    config.output.colorspace = MODE_ARGB;
#endif
    config.output.is_external_memory = 1;
    config.output.u.RGBA.rgba = img.bits();
    config.output.u.RGBA.stride = int(img.bytesPerLine());
    config.output.u.RGBA.size = size_t(img.sizeInBytes());
    const VP8StatusCode status = WebPDecode(data, size, &config);
    WebPFreeDecBuffer(&config.output);
    return status == VP8_STATUS_OK ? img : QImage();
#else
    Q_UNUSED(bytes);
    Q_UNUSED(target);
    return {};
#endif
}

} // namespace squint
