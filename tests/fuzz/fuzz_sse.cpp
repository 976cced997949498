// SseParser (app/core/sse.h): any bytes, fed in pieces whose sizes come from the input itself.
// Promise checked: the events do not depend on where the network split the stream.

#include "fuzzsupport.h"

#include "core/chat/sse.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView in = fuzz::view(data, size);

    squint::SseParser whole;
    QList<squint::SseEvent> a;
    whole.feed(in, a);
    whole.finish(a);

    // The same bytes in pieces of 1..16 bytes, the sizes taken from the bytes themselves.
    squint::SseParser pieces;
    QList<squint::SseEvent> b;
    qsizetype pos = 0;
    while (pos < in.size()) {
        const qsizetype n = std::min<qsizetype>(1 + (uchar(in[pos]) & 15), in.size() - pos);
        pieces.feed(in.sliced(pos, n), b);
        pos += n;
    }
    pieces.finish(b);
    if (a != b)
        fuzz::broken("SseParser gave other events when the same stream came in pieces");

    // A tiny line limit puts the parser in error on most inputs: it must then ignore the rest.
    squint::SseParser capped;
    capped.setMaxLineBytes(8);
    QList<squint::SseEvent> c;
    capped.feed(in, c);
    capped.finish(c);
    if (capped.hasError() && capped.bufferedBytes() > 64)
        fuzz::broken("SseParser in error holds on to bytes");
    return 0;
}
