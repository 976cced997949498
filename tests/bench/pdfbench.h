#pragma once

#include <QStringList>

namespace bench {

/// squint-bench pdf FILE [--long-edge 1568] [--pages N] [--no-gui]
///     Renders the pages of FILE (all, or the first N) one after another on one thread as the tray
///     does (squint::PdfFile: PDFium render at the long edge, white paper, PNG encode): pages_per_s,
///     render_ms_avg and encode_ms_avg per page, png_kb_avg, peak_rss_mb (VmHWM). Then, unless
///     --no-gui, runs `squint-bench-gui pdf FILE` for the GUI thread's stalls while the pages land.
/// squint-bench pdf --make PAGES OUT.pdf
///     Writes a report-like PDF to measure with: on each A4 page a heading, forty lines of text, a
///     table of ruled cells and a photo-like gradient picture (QPdfWriter).
/// `runGuiSibling(command, args)` runs squint-bench-gui COMMAND ARGS from this directory.
int cmdPdf(QStringList args, int (*runGuiSibling)(const QString &, const QStringList &));

} // namespace bench
