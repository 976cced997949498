#pragma once

// squint-bench jpegscale: what a JPEG costs to decode at each of libjpeg's scales, and, for a
// progressive file, what each of its scans costs (issue 17: a progressive JPEG pays for every scan
// whatever the scale).

#include <QStringList>

namespace bench {

/// squint-bench jpegscale [--repeat 3] FILE|DIR...: per file, the best of N decodes through
/// squint::decodeJpegScaled at 1/1, 1/2, 1/4 and 1/8, the first-scan thumbnail of a progressive
/// file, a 1/2 decode that stops before the last-bit AC refinement scans (what it saves, and how far
/// its pixels are from the full decode's), and the entropy decoding of each scan alone (libjpeg's
/// buffered-image mode), then totals.
/// Returns 2 on bad arguments.
int cmdJpegScale(const QStringList &args);

} // namespace bench
