#include "core/images/jpegdecode.h"

#include <QList>
#include <QtEndian>

#include <algorithm>
#include <cmath>
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
bool decodeFirstScan(
    const unsigned char *data, unsigned long size, int minWidth, int minHeight, Decoded *out)
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
    } while (status != JPEG_SUSPENDED && status != JPEG_REACHED_EOI
             && status != JPEG_SCAN_COMPLETED);
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

// Reads the header into `cinfo` (created by the caller) under the caller's setjmp.
bool readHeader(jpeg_decompress_struct &cinfo, const QByteArray &bytes)
{
    jpeg_mem_src(&cinfo,
                 reinterpret_cast<const unsigned char *>(bytes.constData()),
                 (unsigned long) bytes.size());
    return jpeg_read_header(&cinfo, TRUE) == JPEG_HEADER_OK;
}

// The colour layouts decodeJpegScaled() writes straight into a QImage.
bool directLayout(const jpeg_decompress_struct &cinfo)
{
    return (cinfo.num_components == 3
            && (cinfo.jpeg_color_space == JCS_YCbCr || cinfo.jpeg_color_space == JCS_RGB))
           || (cinfo.num_components == 1 && cinfo.jpeg_color_space == JCS_GRAYSCALE);
}

// The scans of a JPEG, from their headers, without decoding any: the marker segments are walked and
// each scan's entropy-coded data skipped to the next marker (linear in the file). False when the
// structure is not what a well-formed file has.
struct ScanHeader
{
    int ss = 0, se = 0, ah = 0, al = 0;
};
bool listScans(const QByteArray &bytes, QList<ScanHeader> *scans)
{
    const auto *d = reinterpret_cast<const unsigned char *>(bytes.constData());
    const qsizetype n = bytes.size();
    if (n < 4 || d[0] != 0xFF || d[1] != 0xD8)
        return false;
    qsizetype pos = 2;
    while (pos < n) {
        if (d[pos] != 0xFF)
            return false;
        while (pos < n && d[pos] == 0xFF) // fill bytes
            ++pos;
        if (pos >= n)
            return false;
        const unsigned char marker = d[pos++];
        if (marker == 0xD9) // EOI
            return true;
        if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7))
            continue;
        if (pos + 2 > n)
            return false;
        const qsizetype length = (qsizetype(d[pos]) << 8) | d[pos + 1];
        if (length < 2 || pos + length > n)
            return false;
        if (marker == 0xDA) { // SOS: Ns, Ns component selectors, Ss, Se, Ah/Al
            const int ns = d[pos + 2];
            if (length != 6 + 2 * ns)
                return false;
            const qsizetype p = pos + 3 + 2 * ns;
            scans->append(ScanHeader{d[p], d[p + 1], d[p + 2] >> 4, d[p + 2] & 15});
            pos += length;
            // Entropy-coded data: up to a marker that is not a stuffed zero or a restart marker.
            while (pos + 1 < n
                   && !(d[pos] == 0xFF && d[pos + 1] != 0x00
                        && !(d[pos + 1] >= 0xD0 && d[pos + 1] <= 0xD7)))
                ++pos;
            if (pos + 1 >= n)
                return false;
        } else {
            pos += length;
        }
    }
    return false;
}

// How many scans to read for a decode that leaves out the last-bit refinement of the AC
// coefficients: the file's scans must end with such refinements (Ss > 0, Ah = 1, Al = 0) and
// nothing else, and the DC must be complete before them. 0 when that is not how the file is made.
int scansBeforeLastBitRefinements(const QByteArray &bytes)
{
    QList<ScanHeader> scans;
    if (!listScans(bytes, &scans))
        return 0;
    qsizetype tail = scans.size();
    while (tail > 0 && scans.at(tail - 1).ss > 0 && scans.at(tail - 1).ah == 1
           && scans.at(tail - 1).al == 0)
        --tail;
    if (tail == scans.size() || tail == 0)
        return 0;
    const bool dcComplete = std::any_of(scans.begin(),
                                        scans.begin() + tail,
                                        [](const ScanHeader &h) { return h.ss == 0 && h.al == 0; });
    return dcComplete ? int(tail) : 0;
}

// Decodes into `out` (allocated here, after the header, so its size is known). Only plain data and
// the QImage, whose storage is assigned before any libjpeg call that can fail, cross the setjmp.
// With `scansToRead` > 0 (a progressive file), libjpeg's buffered-image mode reads only that many
// scans and the output comes from the coefficients they carry (without block smoothing).
bool decodeScaledInto(const QByteArray &bytes, int m, int scansToRead, QImage *out)
{
    jpeg_decompress_struct cinfo;
    ErrorManager err;
    cinfo.err = jpeg_std_error(&err.pub);
    err.pub.error_exit = onError;
    err.pub.emit_message = onMessage;
    if (setjmp(err.jump)) {
        jpeg_destroy_decompress(&cinfo);
        return false;
    }
    jpeg_create_decompress(&cinfo);
    if (!readHeader(cinfo, bytes) || !directLayout(cinfo)) {
        jpeg_destroy_decompress(&cinfo);
        return false;
    }
    // What Qt's reader leaves at libjpeg's defaults: accurate integer IDCT, fancy upsampling.
    cinfo.scale_num = unsigned(std::clamp(m, 1, 8));
    cinfo.scale_denom = 8;
    const bool grey = cinfo.num_components == 1;
#if Q_BYTE_ORDER == Q_LITTLE_ENDIAN
    cinfo.out_color_space = grey ? JCS_GRAYSCALE : JCS_EXT_BGRA; // 0xAARRGGBB words, alpha 0xFF
#else
    cinfo.out_color_space = grey ? JCS_GRAYSCALE : JCS_EXT_ARGB;
#endif
    jpeg_calc_output_dimensions(&cinfo);
    *out = QImage(int(cinfo.output_width),
                  int(cinfo.output_height),
                  grey ? QImage::Format_Grayscale8 : QImage::Format_RGB32);
    if (out->isNull()) {
        jpeg_destroy_decompress(&cinfo);
        return false;
    }
    if (scansToRead > 0) {
        cinfo.buffered_image = TRUE;
        cinfo.do_block_smoothing = FALSE;
        jpeg_start_decompress(&cinfo);
        int status;
        do {
            status = jpeg_consume_input(&cinfo);
        } while (status != JPEG_SUSPENDED && status != JPEG_REACHED_EOI
                 && !(status == JPEG_SCAN_COMPLETED && cinfo.input_scan_number >= scansToRead));
        jpeg_start_output(&cinfo, std::min(cinfo.input_scan_number, scansToRead));
        while (cinfo.output_scanline < cinfo.output_height) {
            JSAMPROW row = out->scanLine(int(cinfo.output_scanline));
            jpeg_read_scanlines(&cinfo, &row, 1);
        }
        jpeg_finish_output(&cinfo);
        jpeg_abort_decompress(&cinfo); // the refinement scans are not read
        jpeg_destroy_decompress(&cinfo);
        return true;
    }
    jpeg_start_decompress(&cinfo);
    while (cinfo.output_scanline < cinfo.output_height) {
        JSAMPROW row = out->scanLine(int(cinfo.output_scanline));
        jpeg_read_scanlines(&cinfo, &row, 1);
    }
    jpeg_finish_decompress(&cinfo);
    jpeg_destroy_decompress(&cinfo);
    return true;
}

} // namespace

JpegHeader readJpegHeader(const QByteArray &bytes)
{
    JpegHeader h;
    jpeg_decompress_struct cinfo;
    ErrorManager err;
    cinfo.err = jpeg_std_error(&err.pub);
    err.pub.error_exit = onError;
    err.pub.emit_message = onMessage;
    if (setjmp(err.jump)) {
        jpeg_destroy_decompress(&cinfo);
        return JpegHeader{};
    }
    jpeg_create_decompress(&cinfo);
    if (readHeader(cinfo, bytes)) {
        h.ok = true;
        h.size = QSize(int(cinfo.image_width), int(cinfo.image_height));
        h.progressive = jpeg_has_multiple_scans(&cinfo);
        h.components = cinfo.num_components;
        h.directlyDecodable = directLayout(cinfo);
    }
    jpeg_destroy_decompress(&cinfo);
    return h;
}

int jpegScaleFor(QSize stored, QSize target)
{
    if (stored.isEmpty() || target.isEmpty())
        return 8;
    // As Qt's JPEG reader computes it (read_jpeg_image): the smaller of the two reduction factors.
    const double f = std::min(double(stored.width()) / target.width(),
                              double(stored.height()) / target.height());
    return std::clamp(int(std::ceil(8 / f)), 1, 8);
}

QSize jpegScaledSize(QSize stored, int m)
{
    m = std::clamp(m, 1, 8);
    return QSize(int((qint64(stored.width()) * m + 7) / 8),
                 int((qint64(stored.height()) * m + 7) / 8));
}

QImage decodeJpegScaled(const QByteArray &bytes, int m)
{
    QImage img;
    if (bytes.isEmpty() || !decodeScaledInto(bytes, m, 0, &img))
        return {};
    return img;
}

QImage decodeJpegReduced(const QByteArray &bytes, int m)
{
    if (m > MaxScaleWithoutLastBit || bytes.isEmpty())
        return decodeJpegScaled(bytes, m);
    const int scans = readJpegHeader(bytes).progressive ? scansBeforeLastBitRefinements(bytes) : 0;
    QImage img;
    if (!decodeScaledInto(bytes, m, scans, &img))
        return {};
    return img;
}

QImage progressiveJpegDcThumbnail(const QByteArray &bytes, QSize atLeast)
{
    Decoded d;
    if (!decodeFirstScan(reinterpret_cast<const unsigned char *>(bytes.constData()),
                         (unsigned long) bytes.size(),
                         atLeast.width(),
                         atLeast.height(),
                         &d))
        return {};
    QImage img(d.width, d.height, QImage::Format_RGB888);
    for (int y = 0; y < d.height; ++y)
        std::memcpy(img.scanLine(y),
                    d.pixels + size_t(y) * size_t(d.width) * 3,
                    size_t(d.width) * 3);
    std::free(d.pixels);
    return img;
}

} // namespace squint
