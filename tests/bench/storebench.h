#pragma once

// squint-bench store: the saved history at the sizes issue 4 names. A temporary store is filled
// with 10,000 conversations holding 50,000 messages (prompts and answers) and one conversation of
// 1,000 turns with 200 images; then listing, searching, loading and exporting are timed.

#include <QString>
#include <QStringList>

namespace bench {

struct StoreBenchSizes
{
    int conversations = 10'000;
    int messages = 50'000;   ///< prompts plus answers across the small conversations
    int bigTurns = 1'000;
    int bigImages = 200;
};

/// Fills `path` (a new file) and returns the id of the big conversation, 0 on failure.
qint64 fillBenchStore(const QString &path, const StoreBenchSizes &sizes, double *fillSeconds);

/// squint-bench store [--conversations N] [--messages N] [--turns N] [--images N]: prints one JSON
/// line with list_ms, search_ms, load_ms and export_ms. Returns 2 on bad arguments.
int cmdStore(const QStringList &args);

/// Parses the options shared by squint-bench store and squint-bench-gui open; false on a bad one.
bool parseStoreSizes(QStringList args, StoreBenchSizes *sizes);

} // namespace bench
