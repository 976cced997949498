#pragma once

// squint-bench databricks-batch: DatabricksBatchRunner against the loopback Databricks workspace
// (FakeDatabricksSql and its fake chat endpoint, on their own thread, every API call answered after
// a fixed latency): upload throughput with the concurrency used, polling calls per minute, result
// paging time and peak RSS as the number of images grows.

#include <QStringList>

namespace bench {

/// squint-bench databricks-batch [--images 1000] [--latency-ms 20] [--kb 100] [--rows-per-chunk 100]:
/// prints one JSON line. Returns 2 on bad arguments, 1 when a row failed.
int cmdDatabricksBatch(const QStringList &args);

} // namespace bench
