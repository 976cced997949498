#pragma once

#include <QByteArray>
#include <QImage>
#include <QSize>
#include <QString>

namespace squint::heif {

/// Header facts of a HEIF/AVIF primary image through libheif; false with *error when unreadable.
bool probe(const QByteArray &bytes, QSize *size, bool *hasAlpha, QString *error);
/// Decodes the primary image (with its transformations applied) to RGB(A).
QImage decode(const QByteArray &bytes, QString *error);

} // namespace squint::heif
