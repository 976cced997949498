#pragma once

// squint-bench batch: BatchRunner against the loopback fake endpoint (on its own thread) answering
// after a fixed latency: throughput against the ideal concurrency / latency, and memory as the
// number of images grows (it should stay flat beyond the result rows).

#include <QStringList>

namespace bench {

/// squint-bench batch [--images 1000] [--concurrency 8] [--latency-ms 50] [--no-store]: prints one
/// JSON line with requests_per_s, ideal_requests_per_s, efficiency, peak_rss_mb and the RSS after 100
/// images and after all of them. Returns 2 on bad arguments, 1 when a request failed.
int cmdBatch(const QStringList &args);

} // namespace bench
