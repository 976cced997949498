#pragma once

#include <QStringList>

namespace squint::cli {

/// squint probe: says whether a model sees images, from what its server says about it and, when
/// that says nothing, from one tiny test image; returns one of the ExitCode values.
int runProbe(const QStringList &args);

} // namespace squint::cli
