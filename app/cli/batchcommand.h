#pragma once

#include <QStringList>

namespace squint::cli {

/// squint batch: the same question about every image of folders or files, one request per file (or
/// group), results as CSV, JSONL or Markdown; returns one of the ExitCode values.
int runBatch(const QStringList &args);

} // namespace squint::cli
