#include "core/images/jpegthumb.h"

#include <csetjmp>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include <jpeglib.h>

namespace squint {

namespace {

// libjpeg reports fatal errors through error_exit; we jump back out. Only plain C data lives
// between setjmp and any longjmp, so no destructor is skipped.
struct ErrorManager
{
    jpeg_error_mgr pub;
    std::jmp_buf jump;
};

[[noreturn]] void onError(j_common_ptr cinfo)
{
    auto *err = reinterpret_cast<ErrorManager *>(cinfo->err);
    std::longjmp(err->jump, 1);
}

void onMessage(j_common_ptr, int) {} // warnings (corrupt data and the like) are not fatal here

struct Decoded
{
    unsigned char *pixels = nullptr; // malloc'd RGB, width * 3 per row
    int width = 0;
    int height = 0;
};

// Plain C-style decoding: returns false on anything unexpected.
bool decodeFirstScan(const unsigned char *data, unsigned long size, int minWidth, int minHeight, Decoded *out)
{
    jpeg_decompress_struct cinfo;
    ErrorManager err;
    cinfo.err = jpeg_std_error(&err.pub);
    err.pub.error_exit = onError;
    err.pub.emit_message = onMessage;
    unsigned char *volatile pixels = nullptr;
    if (setjmp(err.jump)) {
        std::free(pixels);
        jpeg_destroy_decompress(&cinfo);
        return false;
    }
    jpeg_create_decompress(&cinfo);
    jpeg_mem_src(&cinfo, data, size);
    if (jpeg_read_header(&cinfo, TRUE) != JPEG_HEADER_OK || !jpeg_has_multiple_scans(&cinfo)
        || cinfo.num_components != 3 || cinfo.jpeg_color_space != JCS_YCbCr) {
        jpeg_destroy_decompress(&cinfo);
        return false;
    }
    const int w8 = int((cinfo.image_width + 7) / 8), h8 = int((cinfo.image_height + 7) / 8);
    if (w8 < minWidth || h8 < minHeight) {
        jpeg_destroy_decompress(&cinfo);
        return false;
    }
    cinfo.buffered_image = TRUE;
    cinfo.scale_num = 1;
    cinfo.scale_denom = 8;
    cinfo.out_color_space = JCS_RGB;
    cinfo.dct_method = JDCT_IFAST;
    cinfo.do_fancy_upsampling = FALSE;
    jpeg_start_decompress(&cinfo);

    // Read input until the first scan is complete; it must hold the DC of all three components
    // (the usual progressive script), or the picture would miss colour.
    int status;
    do {
        status = jpeg_consume_input(&cinfo);
    } while (status != JPEG_SUSPENDED && status != JPEG_REACHED_EOI && status != JPEG_SCAN_COMPLETED);
    if (status == JPEG_SUSPENDED || cinfo.comps_in_scan != 3 || cinfo.Ss != 0) {
        jpeg_destroy_decompress(&cinfo);
        return false;
    }

    const int width = int(cinfo.output_width), height = int(cinfo.output_height);
    pixels = static_cast<unsigned char *>(std::malloc(size_t(width) * size_t(height) * 3));
    if (!pixels) {
        jpeg_destroy_decompress(&cinfo);
        return false;
    }
    jpeg_start_output(&cinfo, cinfo.input_scan_number);
    while (cinfo.output_scanline < cinfo.output_height) {
        JSAMPROW row = pixels + size_t(cinfo.output_scanline) * size_t(width) * 3;
        jpeg_read_scanlines(&cinfo, &row, 1);
    }
    jpeg_finish_output(&cinfo);
    jpeg_abort_decompress(&cinfo); // the rest of the file is not needed
    jpeg_destroy_decompress(&cinfo);
    out->pixels = pixels;
    out->width = width;
    out->height = height;
    return true;
}

} // namespace

QImage progressiveJpegDcThumbnail(const QByteArray &bytes, QSize atLeast)
{
    Decoded d;
    if (!decodeFirstScan(reinterpret_cast<const unsigned char *>(bytes.constData()), (unsigned long)bytes.size(),
                         atLeast.width(), atLeast.height(), &d))
        return {};
    QImage img(d.width, d.height, QImage::Format_RGB888);
    for (int y = 0; y < d.height; ++y)
        std::memcpy(img.scanLine(y), d.pixels + size_t(y) * size_t(d.width) * 3, size_t(d.width) * 3);
    std::free(d.pixels);
    return img;
}

} // namespace squint
