#pragma once

#include <QStringList>

namespace squint::cli {

/// squint ask: prepares the images with the model's limits, streams the answer to stdout, errors to
/// stderr; returns one of the ExitCode values.
int runAsk(const QStringList &args);

} // namespace squint::cli
