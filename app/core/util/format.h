#pragma once

#include <QLocale>
#include <QString>

namespace squint {

/// Bytes for people, in the user's locale and in SI units (1 MB = 1,000,000 bytes), the units the
/// model providers and Databricks state their limits in. One place, so every figure matches.
inline QString formatBytes(qint64 bytes, int precision = 1)
{
    return QLocale().formattedDataSize(bytes, precision, QLocale::DataSizeSIFormat);
}

} // namespace squint
