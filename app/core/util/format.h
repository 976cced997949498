#pragma once

// Figures for people: sizes and durations, in the user's locale. One place, so that every window,
// the command line and the exports write the same figure the same way.

#include <QSize>
#include <QString>

namespace squint {

/// Bytes for people, in the user's locale and in SI units (1 MB = 1,000,000 bytes), the units the
/// model providers and Databricks state their limits in: "4.1 MB", "950 bytes".
QString formatBytes(qint64 bytes, int precision = 1);

/// A limit or other round size: like formatBytes(), without a decimal when the value is a whole
/// number of its unit ("50 MB", "1 kB"; "4.9 kB" otherwise).
QString formatByteLimit(qint64 bytes);

/// An image's size in pixels: "4032 × 3024".
QString formatPixelSize(QSize size);

/// A measured time (first token, a whole answer, one batch request): seconds with one decimal and
/// the unit, "0.8 s", "12.0 s".
QString formatSeconds(qint64 ms);

/// A duration told roughly, with its unit: under 10 s with one decimal where it has one ("0.3 s",
/// "2 s"), then whole seconds up to 90 s, whole minutes up to 90 minutes, then hours with one
/// decimal ("45 s", "12 min", "1.5 h"). For time left, waits and timeouts. Negative counts as 0.
QString formatDuration(double seconds);

/// A duration in words for a sentence, rounded to its unit, with the plural the language wants:
/// "5 seconds" (rounded up, under 2 minutes), "3 minutes", "2 hours", "3 days". `ms` may be
/// fractional (a server's Retry-After); negative counts as 0.
QString formatDurationWords(double ms);

} // namespace squint
