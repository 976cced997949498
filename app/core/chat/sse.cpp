#include "core/chat/sse.h"

#include <cstring>
#include <utility>

namespace squint {

namespace {

// The UTF-8 byte order mark, skipped once at the start of a stream (as TextDecoder and the
// WHATWG event-stream parser do).
constexpr char Bom[] = "\xEF\xBB\xBF";
constexpr qsizetype BomSize = 3;

// Keeps a large buffer's memory only while it is small enough not to matter.
void emptyBuffer(QByteArray &b)
{
    if (b.capacity() > 64 * 1024)
        b.clear();
    else
        b.resize(0);
}

/// Whether the field name [p, p + n) is `name`.
template<size_t N>
bool isField(const char *p, qsizetype n, const char (&name)[N])
{
    return n == qsizetype(N - 1) && std::memcmp(p, name, N - 1) == 0;
}

} // namespace

void SseParser::setMaxLineBytes(qsizetype n)
{
    m_maxLine = n > 0 ? n : DefaultMaxLineBytes;
}

void SseParser::reset()
{
    const qsizetype maxLine = m_maxLine;
    *this = SseParser();
    m_maxLine = maxLine;
}

void SseParser::feed(QByteArrayView bytes, QList<SseEvent> &out)
{
    if (m_error || bytes.isEmpty())
        return;
    const char *p = bytes.data();
    const char *const end = p + bytes.size();

    if (m_atStart) {
        // Only the very first bytes can be a BOM; they may arrive one by one.
        if (m_buf.size() + (end - p) < BomSize && std::memcmp(Bom, m_buf.constData(), size_t(m_buf.size())) == 0
            && std::memcmp(Bom + m_buf.size(), p, size_t(end - p)) == 0) {
            m_buf.append(p, end - p);
            return;
        }
        m_atStart = false;
        const qsizetype held = m_buf.size();
        if (held > 0) {
            // A proper prefix of the BOM was held back; either it completes now or it was text.
            const qsizetype need = BomSize - held;
            if (end - p >= need && std::memcmp(Bom + held, p, size_t(need)) == 0) {
                m_buf.resize(0);
                p += need;
            }
        } else if (end - p >= BomSize && std::memcmp(Bom, p, BomSize) == 0) {
            p += BomSize;
        }
        if (!m_buf.isEmpty()) {
            // The held bytes were not a BOM: feed them again as ordinary input, then the rest.
            const QByteArray notBom = std::exchange(m_buf, QByteArray());
            feed(notBom, out);
            if (p < end)
                feed(QByteArrayView(p, end - p), out);
            return;
        }
    }

    if (m_skipLF && p < end) {
        m_skipLF = false;
        if (*p == '\n')
            ++p;
    }

    // Next LF and next CR at or after p; each is searched for again only once p has passed it, so
    // the bytes of one feed are scanned once per character whatever the framing.
    const char *nextLF = nullptr;
    const char *nextCR = nullptr;
    while (p < end) {
        if (nextLF < p) {
            nextLF = static_cast<const char *>(std::memchr(p, '\n', size_t(end - p)));
            if (!nextLF)
                nextLF = end;
        }
        if (nextCR < p) {
            nextCR = static_cast<const char *>(std::memchr(p, '\r', size_t(end - p)));
            if (!nextCR)
                nextCR = end;
        }
        const char *eol = nextLF < nextCR ? nextLF : nextCR;
        if (eol == end) {
            if (m_buf.size() + (end - p) > m_maxLine) {
                m_error = true;
                m_buf.clear();
                m_data.clear();
                return;
            }
            m_buf.append(p, end - p);
            return;
        }
        if (m_buf.isEmpty()) {
            line(p, eol - p, out);
        } else {
            m_buf.append(p, eol - p);
            line(m_buf.constData(), m_buf.size(), out);
            emptyBuffer(m_buf);
        }
        if (m_error)
            return;
        if (*eol == '\r') {
            if (eol + 1 < end) {
                p = eol + (eol[1] == '\n' ? 2 : 1);
            } else {
                m_skipLF = true; // the LF of a CRLF may come with the next feed
                p = end;
            }
        } else {
            p = eol + 1;
        }
    }
}

void SseParser::finish(QList<SseEvent> &out)
{
    if (m_error)
        return;
    if (m_atStart && !m_buf.isEmpty()) {
        // A stream shorter than a BOM that began like one: it was ordinary input after all.
        m_atStart = false;
        const QByteArray held = std::exchange(m_buf, QByteArray());
        feed(held, out);
    }
    if (!m_buf.isEmpty()) {
        line(m_buf.constData(), m_buf.size(), out);
        emptyBuffer(m_buf);
    }
    if (m_error)
        return;
    line(nullptr, 0, out); // the blank line the stream did not send
    reset();
}

void SseParser::line(const char *p, qsizetype n, QList<SseEvent> &out)
{
    if (n > m_maxLine) {
        m_error = true;
        m_data.clear();
        return;
    }
    if (n == 0) {
        if (m_dataLines > 0 || !m_event.isEmpty())
            dispatch(out);
        return;
    }
    if (*p == ':')
        return; // comment
    const auto *colon = static_cast<const char *>(std::memchr(p, ':', size_t(n)));
    const qsizetype nameLen = colon ? colon - p : n;
    const char *value = colon ? colon + 1 : p + n;
    qsizetype valueLen = colon ? n - nameLen - 1 : 0;
    if (valueLen > 0 && *value == ' ') {
        ++value;
        --valueLen;
    }
    if (isField(p, nameLen, "data")) {
        if (m_dataLines++ == 0) {
            m_data = QByteArray(value, valueLen);
        } else {
            if (m_data.size() + 1 + valueLen > m_maxLine) {
                m_error = true;
                m_data.clear();
                return;
            }
            m_data.append('\n').append(value, valueLen);
        }
    } else if (isField(p, nameLen, "event")) {
        m_event = QByteArray(value, valueLen);
    } else if (isField(p, nameLen, "id")) {
        if (!std::memchr(value, '\0', size_t(valueLen)))
            m_id = QByteArray(value, valueLen);
    }
    // retry and unknown fields: ignored.
}

void SseParser::dispatch(QList<SseEvent> &out)
{
    SseEvent e;
    e.event = std::exchange(m_event, QByteArray());
    e.data = std::exchange(m_data, QByteArray());
    e.id = m_id;
    m_dataLines = 0;
    out.append(std::move(e));
}

} // namespace squint
