#include "jpegbench.h"

#include "benchutil.h"

#include "core/compare/imagediff.h"
#include "core/images/jpegdecode.h"

#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>

#include <array>
#include <csetjmp>
#include <cstdio>

#include <jpeglib.h>

namespace bench {

namespace {

struct ErrorManager
{
    jpeg_error_mgr pub;
    std::jmp_buf jump;
};

[[noreturn]] void onError(j_common_ptr cinfo)
{
    std::longjmp(reinterpret_cast<ErrorManager *>(cinfo->err)->jump, 1);
}
void onMessage(j_common_ptr, int) {}

struct Scan
{
    int components = 0, ss = 0, se = 0, ah = 0, al = 0;
    double seconds = 0;
};

// Entropy-decodes the file scan by scan in buffered-image mode (no IDCT, no output), timing each.
bool timeScans(const QByteArray &bytes, std::vector<Scan> *scans)
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
    jpeg_mem_src(&cinfo,
                 reinterpret_cast<const unsigned char *>(bytes.constData()),
                 (unsigned long) bytes.size());
    jpeg_read_header(&cinfo, TRUE);
    cinfo.buffered_image = TRUE;
    jpeg_start_decompress(&cinfo);
    QElapsedTimer t;
    for (;;) {
        t.start();
        int status;
        do {
            status = jpeg_consume_input(&cinfo);
        } while (status != JPEG_SUSPENDED && status != JPEG_REACHED_EOI
                 && status != JPEG_SCAN_COMPLETED);
        if (status != JPEG_SCAN_COMPLETED)
            break;
        Scan s;
        s.seconds = double(t.nsecsElapsed()) / 1e9;
        s.components = cinfo.comps_in_scan;
        s.ss = cinfo.Ss;
        s.se = cinfo.Se;
        s.ah = cinfo.Ah;
        s.al = cinfo.Al;
        scans->push_back(s);
    }
    jpeg_abort_decompress(&cinfo);
    jpeg_destroy_decompress(&cinfo);
    return true;
}

// Decodes at M/8 in buffered-image mode, reading scans only until the first one that refines the
// last bit of AC coefficients (Ah = 1, Al = 0): what a scaled decode could skip if the bottom bit of
// the AC coefficients did not matter at that scale. Block smoothing off, so that only the skipped
// precision differs from a full decode. Null on anything unexpected.
QImage decodeWithoutLastRefinement(const QByteArray &bytes, int m)
{
    jpeg_decompress_struct cinfo;
    ErrorManager err;
    cinfo.err = jpeg_std_error(&err.pub);
    err.pub.error_exit = onError;
    err.pub.emit_message = onMessage;
    QImage out;
    if (setjmp(err.jump)) {
        jpeg_destroy_decompress(&cinfo);
        return {};
    }
    jpeg_create_decompress(&cinfo);
    jpeg_mem_src(&cinfo,
                 reinterpret_cast<const unsigned char *>(bytes.constData()),
                 (unsigned long) bytes.size());
    jpeg_read_header(&cinfo, TRUE);
    if (!jpeg_has_multiple_scans(&cinfo) || cinfo.num_components != 3) {
        jpeg_destroy_decompress(&cinfo);
        return {};
    }
    cinfo.buffered_image = TRUE;
    cinfo.do_block_smoothing = FALSE;
    cinfo.scale_num = unsigned(m);
    cinfo.scale_denom = 8;
    cinfo.out_color_space = JCS_EXT_BGRA;
    jpeg_start_decompress(&cinfo);
    int lastComplete = 0;
    for (;;) {
        // Peek at each scan's header: stop before a last-bit AC refinement.
        const int status = jpeg_consume_input(&cinfo);
        if (status == JPEG_REACHED_SOS && cinfo.Ss > 0 && cinfo.Ah == 1 && cinfo.Al == 0) {
            lastComplete = cinfo.input_scan_number - 1; // the scan just announced is left unread
            break;
        }
        if (status == JPEG_REACHED_EOI || status == JPEG_SUSPENDED) {
            lastComplete = cinfo.input_scan_number;
            break;
        }
    }
    out = QImage(int(cinfo.output_width), int(cinfo.output_height), QImage::Format_RGB32);
    // An output pass for a scan already read does not pull in more input.
    jpeg_start_output(&cinfo, std::max(1, lastComplete));
    while (cinfo.output_scanline < cinfo.output_height) {
        JSAMPROW row = out.scanLine(int(cinfo.output_scanline));
        jpeg_read_scanlines(&cinfo, &row, 1);
    }
    jpeg_finish_output(&cinfo);
    jpeg_abort_decompress(&cinfo);
    jpeg_destroy_decompress(&cinfo);
    return out;
}

template<typename F>
double best(int repeat, F f)
{
    double b = 1e9;
    for (int i = 0; i < repeat; ++i) {
        QElapsedTimer t;
        t.start();
        f();
        b = std::min(b, double(t.nsecsElapsed()) / 1e9);
    }
    return b;
}

} // namespace

int cmdJpegScale(const QStringList &args)
{
    int repeat = 3;
    QStringList files;
    for (int i = 0; i < args.size(); ++i) {
        const QString &a = args.at(i);
        if (a == QLatin1String("--repeat") && i + 1 < args.size()) {
            repeat = std::max(1, args.at(++i).toInt());
        } else if (a.startsWith(QLatin1String("--"))) {
            return 2;
        } else if (QFileInfo(a).isDir()) {
            QDirIterator it(a, QDir::Files, QDirIterator::Subdirectories);
            QStringList found;
            while (it.hasNext())
                found << it.next();
            found.sort();
            files << found;
        } else {
            files << a;
        }
    }
    if (files.isEmpty())
        return 2;
    static constexpr std::array<int, 4> scales = {8, 4, 2, 1};
    static const char *names[] = {"full_s", "half_s", "quarter_s", "eighth_s"};
    std::array<double, 4> total = {};
    double totalFirstScan = 0, totalScans = 0, totalMp = 0, totalPartial = 0;
    int decoded = 0, progressive = 0;
    for (const QString &path : std::as_const(files)) {
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly))
            continue;
        const QByteArray bytes = f.readAll();
        const squint::JpegHeader h = squint::readJpegHeader(bytes);
        if (!h.ok || !h.directlyDecodable)
            continue;
        ++decoded;
        progressive += h.progressive;
        totalMp += double(h.size.width()) * h.size.height() / 1e6;
        JsonLine line;
        line.add("file", path)
            .add("width", h.size.width())
            .add("height", h.size.height())
            .add("bytes", qint64(bytes.size()))
            .add("progressive", h.progressive);
        for (size_t i = 0; i < scales.size(); ++i) {
            const double s = best(repeat,
                                  [&] { (void) squint::decodeJpegScaled(bytes, scales[i]); });
            total[i] += s;
            line.add(names[i], s, 4);
        }
        if (h.progressive) {
            const double dc = best(repeat, [&] {
                (void) squint::progressiveJpegDcThumbnail(bytes, QSize(1, 1));
            });
            totalFirstScan += dc;
            line.add("first_scan_thumb_s", dc, 4);
            // What skipping the last-bit AC refinement scans would save at 1/2, and what it costs.
            QImage partial;
            const double p = best(repeat, [&] { partial = decodeWithoutLastRefinement(bytes, 4); });
            const squint::DiffResult d = squint::compareImages(partial,
                                                               squint::decodeJpegScaled(bytes, 4),
                                                               24,
                                                               QSize());
            totalPartial += p;
            line.add("half_without_last_refinement_s", p, 4)
                .add("half_without_last_refinement_mean_diff", d.meanDifference, 2)
                .add("half_without_last_refinement_over_24", d.changedFraction, 4);
        }
        std::vector<Scan> scans;
        if (timeScans(bytes, &scans)) {
            double all = 0;
            QByteArray list = "[";
            for (const Scan &s : scans) {
                all += s.seconds;
                if (list.size() > 1)
                    list += ',';
                list += QByteArray("{\"comps\":") + QByteArray::number(s.components) + ",\"ss\":"
                        + QByteArray::number(s.ss) + ",\"se\":" + QByteArray::number(s.se)
                        + ",\"ah\":" + QByteArray::number(s.ah)
                        + ",\"al\":" + QByteArray::number(s.al)
                        + ",\"s\":" + QByteArray::number(s.seconds, 'f', 4) + '}';
            }
            list += ']';
            totalScans += all;
            line.add("entropy_s", all, 4).addRaw("scans", list);
        }
        line.print();
    }
    JsonLine sum;
    sum.add("bench", "jpegscale")
        .add("files", decoded)
        .add("progressive", progressive)
        .add("megapixels", totalMp, 1);
    for (size_t i = 0; i < scales.size(); ++i)
        sum.add(names[i], total[i], 4);
    sum.add("first_scan_thumb_s", totalFirstScan, 4)
        .add("half_without_last_refinement_s", totalPartial, 4)
        .add("entropy_s", totalScans, 4);
    static const char *ratios[] = {"", "half_of_full", "quarter_of_full", "eighth_of_full"};
    for (size_t i = 1; i < scales.size(); ++i)
        sum.add(ratios[i], total[0] > 0 ? total[i] / total[0] : 0.0, 2);
    sum.add("repeat", repeat).print();
    return 0;
}

} // namespace bench
