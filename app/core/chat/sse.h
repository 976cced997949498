#pragma once

// Incremental Server-Sent Events parser for chat-completions streams, with the framing rules of
// openai-node's LineDecoder + SSEDecoder (docs/protocol.md section 2.3): lines end at CRLF, LF or a
// lone CR; ':' lines are comments; data lines are joined with "\n"; an empty line dispatches when
// there is data or an event name. Beyond openai-node: `id` is kept (as the WHATWG parser keeps it),
// a leading UTF-8 BOM is skipped, lines are capped, and finish() dispatches an event that no empty
// line ended (openai-node completes the last line at EOF but drops such an event).
// Pure: no event loop, no I/O. Works on bytes: UTF-8 split across feeds comes out intact.

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

namespace squint {

/// One dispatched event. `data` is the event's data lines joined with "\n"; `event` the last
/// `event:` field (empty when none); `id` the last `id:` field seen so far in the stream.
struct SseEvent
{
    QByteArray event;
    QByteArray data;
    QByteArray id;

    friend bool operator==(const SseEvent &a, const SseEvent &b)
    {
        return a.event == b.event && a.data == b.data && a.id == b.id;
    }
};

class SseParser
{
public:
    static constexpr qsizetype DefaultMaxLineBytes = qsizetype(64) * 1024 * 1024;

    /// Feeds bytes exactly as they arrived (any boundary); complete events are appended to `out`.
    void feed(QByteArrayView bytes, QList<SseEvent> &out);
    /// End of stream: completes a last line without a line end and dispatches a pending event.
    /// A stream cut mid-line therefore yields its truncated last event (typically invalid JSON).
    /// The parser is then ready for a new stream, as after reset(), unless it is in error (which
    /// only reset() clears).
    void finish(QList<SseEvent> &out);
    /// Back to the state of a new parser, error cleared (the line limit is kept).
    void reset();
    /// A line, or the data of one event, longer than this (default 64 MiB) puts the parser in error;
    /// feed() and finish() then ignore input until reset(). n <= 0 restores the default.
    void setMaxLineBytes(qsizetype n);
    bool hasError() const { return m_error; }
    /// Bytes held: the incomplete last line plus the data of the event being assembled.
    qsizetype bufferedBytes() const { return m_buf.size() + m_data.size() + m_event.size(); }

private:
    void line(const char *p, qsizetype n, QList<SseEvent> &out);
    void dispatch(QList<SseEvent> &out);

    QByteArray m_buf;          ///< the incomplete last line (never holds a line end)
    bool m_skipLF = false;     ///< the previous feed ended with a CR: a first LF belongs to it
    bool m_atStart = true;     ///< nothing but a possible BOM prefix seen yet
    bool m_error = false;
    qsizetype m_dataLines = 0; ///< data lines in the event being assembled (data may be empty)
    qsizetype m_maxLine = DefaultMaxLineBytes;
    QByteArray m_data;
    QByteArray m_event;
    QByteArray m_id;
};

} // namespace squint
