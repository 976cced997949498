#include "core/images/heifdecoder.h"

#include <QCoreApplication>

#include <libheif/heif.h>

#include <memory>

namespace squint::heif {

namespace {

struct Ctx
{
    heif_context *ctx = heif_context_alloc();
    heif_image_handle *handle = nullptr;
    ~Ctx()
    {
        if (handle)
            heif_image_handle_release(handle);
        heif_context_free(ctx);
    }
};

bool open(Ctx &c, const QByteArray &bytes, QString *error)
{
    heif_error err = heif_context_read_from_memory_without_copy(c.ctx, bytes.constData(), size_t(bytes.size()), nullptr);
    if (err.code == heif_error_Ok)
        err = heif_context_get_primary_image_handle(c.ctx, &c.handle);
    if (err.code != heif_error_Ok) {
        if (error)
            *error = QCoreApplication::translate("squint::ImageInfo", "The HEIF/AVIF file can't be read: %1")
                         .arg(QString::fromUtf8(err.message));
        return false;
    }
    return true;
}

} // namespace

bool probe(const QByteArray &bytes, QSize *size, bool *hasAlpha, QString *error)
{
    Ctx c;
    if (!open(c, bytes, error))
        return false;
    *size = QSize(heif_image_handle_get_width(c.handle), heif_image_handle_get_height(c.handle));
    *hasAlpha = heif_image_handle_has_alpha_channel(c.handle);
    return true;
}

QImage decode(const QByteArray &bytes, QString *error)
{
    Ctx c;
    if (!open(c, bytes, error))
        return {};
    const bool alpha = heif_image_handle_has_alpha_channel(c.handle);
    heif_image *img = nullptr;
    const heif_error err = heif_decode_image(c.handle, &img, heif_colorspace_RGB,
                                             alpha ? heif_chroma_interleaved_RGBA : heif_chroma_interleaved_RGB, nullptr);
    if (err.code != heif_error_Ok) {
        if (error)
            *error = QCoreApplication::translate("squint::ImageInfo", "The HEIF/AVIF image data is corrupt: %1")
                         .arg(QString::fromUtf8(err.message));
        return {};
    }
    std::unique_ptr<heif_image, decltype(&heif_image_release)> guard(img, heif_image_release);
    int stride = 0;
    const uint8_t *data = heif_image_get_plane_readonly(img, heif_channel_interleaved, &stride);
    const int w = heif_image_get_width(img, heif_channel_interleaved);
    const int h = heif_image_get_height(img, heif_channel_interleaved);
    if (!data || w <= 0 || h <= 0)
        return {};
    const QImage view(data, w, h, stride, alpha ? QImage::Format_RGBA8888 : QImage::Format_RGB888);
    return view.copy(); // own the pixels before libheif frees them
}

} // namespace squint::heif
