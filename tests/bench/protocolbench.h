#pragma once

// squint-bench commands for the chat protocol's hot paths: the SSE parser (with and without the
// per-event JSON) and building a request body with images. In-memory only, single-threaded.

#include <QStringList>

namespace bench {

/// squint-bench sse [--mb 64] [--repeat 3]: a realistic OpenAI stream fed to SseParser in
/// network-sized pieces; returns 2 on bad arguments, 1 when the parse went wrong.
int cmdSse(const QStringList &args);
/// squint-bench body [--mb 10] [--images 8] [--repeat 10]: buildChatBody with that many raw image
/// bytes, against a plain memcpy of the same output size.
int cmdBody(const QStringList &args);

} // namespace bench
