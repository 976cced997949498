// interpretStreamEvent (app/core/chatprotocol.h): what one SSE event of a chat-completions stream
// means. The input is read as a whole SSE stream (every event is interpreted), and once more as the
// data of a single event, with and without "event: error".

#include "fuzzsupport.h"

#include "core/chat/chatprotocol.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView in = fuzz::view(data, size);
    squint::SseParser parser;
    QList<squint::SseEvent> events;
    parser.feed(in, events);
    parser.finish(events);
    for (const squint::SseEvent &e : events)
        (void)squint::interpretStreamEvent(e);

    squint::SseEvent raw;
    raw.data = in.toByteArray();
    const squint::StreamPiece piece = squint::interpretStreamEvent(raw);
    if (piece.kind == squint::StreamPiece::Kind::Error && piece.error.isNull())
        fuzz::broken("an Error piece without an error");
    raw.event = QByteArrayLiteral("error");
    (void)squint::interpretStreamEvent(raw);
    return 0;
}
