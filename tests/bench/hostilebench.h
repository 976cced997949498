#pragma once

// squint-bench hostile: what hostile servers and files cost. Every case runs in a child process of
// squint-bench (so that its peak RSS is its own) under a time limit, so that code that takes
// quadratic time or never stops gives "over N s" instead of hanging the bench.

#include <QStringList>

namespace bench {

/// squint-bench hostile [--limit-s 30] [--stream-mb 64] [--transcript-mb 64] [--case NAME]:
/// html_1mib, html_8mib (errorFromHttp on an error page of repeated "<head>"), batch_braces_320k
/// (parseAnswer on 160 Ki '{' then 160 Ki '}'), stream_64mib (a ChatCall against a loopback server streaming
/// SSE chunks until --stream-mb is served; 0: without end), transcript_import (readJsonFile on a
/// JSON transcript of --transcript-mb of images), then the 8 MiB / 1 MiB time ratio.
/// Returns 2 on bad arguments, 1 when a case failed or ran over its limit.
int cmdHostile(const QStringList &args);

} // namespace bench
