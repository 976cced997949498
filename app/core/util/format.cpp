#include "core/util/format.h"

#include <QCoreApplication>
#include <QLocale>

#include <algorithm>
#include <cmath>

namespace squint {

namespace {
// Translation context for this file's messages (lupdate reads it from here).
class Tr
{
    Q_DECLARE_TR_FUNCTIONS(squint::Format)
};

/// `value` in the user's locale with one decimal, or none when it rounds to a whole number.
QString tenthsOrWhole(double value)
{
    const double tenths = std::round(value * 10.0) / 10.0;
    if (tenths == std::floor(tenths))
        return QLocale().toString(qint64(tenths));
    return QLocale().toString(tenths, 'f', 1);
}

} // namespace

QString formatBytes(qint64 bytes, int precision)
{
    return QLocale().formattedDataSize(bytes, precision, QLocale::DataSizeSIFormat);
}

QString formatByteLimit(qint64 bytes)
{
    qint64 unit = 1;
    while (unit <= bytes / 1000)
        unit *= 1000;
    return formatBytes(bytes, bytes % unit == 0 ? 0 : 1);
}

QString formatPixelSize(QSize size)
{
    //: an image's width and height in pixels, e.g. "4032 × 3024"
    return Tr::tr("%1 × %2").arg(size.width()).arg(size.height());
}

QString formatSeconds(qint64 ms)
{
    //: a measured time in seconds, e.g. "3.1 s"
    return Tr::tr("%1 s").arg(QLocale().toString(double(ms) / 1000.0, 'f', 1));
}

QString formatDuration(double seconds)
{
    if (!(seconds > 0)) // negative, and NaN
        seconds = 0;
    if (seconds < 10)
        return Tr::tr("%1 s").arg(tenthsOrWhole(seconds));
    if (seconds < 90)
        return Tr::tr("%1 s").arg(QLocale().toString(qint64(std::llround(seconds))));
    if (seconds < 90 * 60)
        //: minutes, e.g. "12 min"
        return Tr::tr("%1 min").arg(QLocale().toString(qint64(std::llround(seconds / 60))));
    //: hours, e.g. "1.5 h"
    return Tr::tr("%1 h").arg(QLocale().toString(seconds / 3600, 'f', 1));
}

QString formatDurationWords(double ms)
{
    const double s = ms > 0 ? ms / 1000.0 : 0.0; // NaN counts as 0 too
    if (s < 120)
        return Tr::tr("%n second(s)", nullptr, int(std::ceil(s)));
    if (s < 120 * 60)
        return Tr::tr("%n minute(s)", nullptr, int(std::lround(s / 60)));
    if (s < 48 * 3600)
        return Tr::tr("%n hour(s)", nullptr, int(std::lround(s / 3600)));
    // A server may name any delay: the count stays within an int.
    return Tr::tr("%n day(s)", nullptr, int(std::min(std::round(s / 86400), 1e9)));
}

} // namespace squint
