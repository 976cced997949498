#pragma once

#include "core/catalog/catalog.h"

#include <QSize>

namespace squint {

/// Estimated input tokens for one image of `size` pixels (as sent) under `formula`.
/// Pure; every formula and its source is described in resources/catalog/models.json.
int estimateImageTokens(const TokenFormula &formula, QSize size);

/// Scales `size` down (never up) so that its long edge is at most `longEdge`, keeping the aspect
/// ratio and rounding to whole pixels. A non-positive longEdge leaves the size alone.
QSize fitLongEdge(QSize size, int longEdge);

} // namespace squint
