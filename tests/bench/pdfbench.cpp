#include "pdfbench.h"

#include "benchutil.h"

#include "core/images/imageprep.h"
#include "core/images/pdfpages.h"

#include <QElapsedTimer>
#include <QLinearGradient>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>

#include <algorithm>

namespace bench {

namespace {

int makePdf(int pages, const QString &out)
{
    QPdfWriter writer(out);
    writer.setPageSize(QPageSize(QPageSize::A4));
    writer.setResolution(150);
    QPainter p(&writer);
    const QRect page = p.viewport();
    QFont body(QStringLiteral("DejaVu Serif"), 10);
    QFont heading(QStringLiteral("DejaVu Sans"), 18, QFont::Bold);
    for (int n = 1; n <= pages; ++n) {
        if (n > 1)
            writer.newPage();
        const int margin = page.width() / 12;
        int y = margin;
        p.setFont(heading);
        p.drawText(margin, y, QStringLiteral("Quarterly report, section %1").arg(n));
        y += p.fontMetrics().height() * 2;
        p.setFont(body);
        const int line = p.fontMetrics().height();
        for (int i = 0; i < 40; ++i, y += line)
            p.drawText(
                margin,
                y,
                QStringLiteral(
                    "%1.%2 The figures for this period show steady growth in every region, with "
                    "costs held at last year's level.")
                    .arg(n)
                    .arg(i + 1));
        // A table of ruled cells.
        const int cellW = (page.width() - 2 * margin) / 5, cellH = line + 8;
        for (int r = 0; r < 6; ++r)
            for (int c = 0; c < 5; ++c) {
                const QRect cell(margin + c * cellW, y + r * cellH, cellW, cellH);
                p.drawRect(cell);
                p.drawText(cell.adjusted(4, 0, -4, 0),
                           Qt::AlignVCenter,
                           QString::number((n * 31 + r * 7 + c * 13) % 997));
            }
        y += 7 * cellH;
        // A photo-like picture.
        const QRect picture(margin,
                            y,
                            page.width() - 2 * margin,
                            std::max(10, page.height() - y - margin));
        QLinearGradient g(picture.topLeft(), picture.bottomRight());
        g.setColorAt(0, QColor::fromHsv((n * 37) % 360, 160, 220));
        g.setColorAt(1, QColor::fromHsv((n * 37 + 120) % 360, 200, 90));
        p.fillRect(picture, g);
    }
    p.end();
    note(QStringLiteral("squint-bench: wrote %1 pages to %2").arg(pages).arg(out));
    return 0;
}

} // namespace

int cmdPdf(QStringList args, int (*runGuiSibling)(const QString &, const QStringList &))
{
    if (args.size() == 3 && args.at(0) == QLatin1String("--make")) {
        bool ok = false;
        const int pages = args.at(1).toInt(&ok);
        return ok && pages > 0 ? makePdf(pages, args.at(2)) : 2;
    }
    QString file;
    int longEdge = squint::DefaultPdfLongEdge;
    int maxPages = 0;
    bool gui = true;
    while (!args.isEmpty()) {
        const QString a = args.takeFirst();
        if (a == QLatin1String("--no-gui")) {
            gui = false;
        } else if ((a == QLatin1String("--long-edge") || a == QLatin1String("--pages"))
                   && !args.isEmpty()) {
            bool ok = false;
            const int v = args.takeFirst().toInt(&ok);
            if (!ok || v <= 0)
                return 2;
            (a == QLatin1String("--long-edge") ? longEdge : maxPages) = v;
        } else if (file.isEmpty() && !a.startsWith(QLatin1String("--"))) {
            file = a;
        } else {
            return 2;
        }
    }
    if (file.isEmpty())
        return 2;
    QElapsedTimer total;
    total.start();
    const squint::PdfFile pdf(file);
    if (!pdf.isOpen()) {
        note(QStringLiteral("squint-bench: %1: %2").arg(file, pdf.error()));
        return 1;
    }
    const double openMs = double(total.nsecsElapsed()) / 1e6;
    const int pages = maxPages > 0 ? std::min(maxPages, pdf.pageCount()) : pdf.pageCount();
    double renderS = 0, encodeS = 0;
    qint64 pngBytes = 0;
    QElapsedTimer clock;
    for (int i = 0; i < pages; ++i) {
        clock.start();
        const QImage img = pdf.render(i, longEdge);
        renderS += double(clock.nsecsElapsed()) / 1e9;
        clock.start();
        const QByteArray png = squint::encodePagePng(img);
        encodeS += double(clock.nsecsElapsed()) / 1e9;
        pngBytes += png.size();
    }
    const double seconds = double(total.nsecsElapsed()) / 1e9;
    JsonLine()
        .add("bench", "pdf")
        .add("pages", pages)
        .add("long_edge", longEdge)
        .add("pages_per_s", pages / seconds, 2)
        .add("render_ms_avg", renderS * 1e3 / std::max(1, pages), 1)
        .add("encode_ms_avg", encodeS * 1e3 / std::max(1, pages), 1)
        .add("open_ms", openMs, 1)
        .add("png_kb_avg", double(pngBytes) / 1024.0 / std::max(1, pages), 1)
        .add("total_s", seconds, 2)
        .add("peak_rss_mb", procStatusMb("VmHWM"), 1)
        .print();
    if (!gui)
        return 0;
    QStringList guiArgs{file};
    if (maxPages > 0)
        guiArgs << QStringLiteral("--pages") << QString::number(maxPages);
    return runGuiSibling(QStringLiteral("pdf"), guiArgs);
}

} // namespace bench
