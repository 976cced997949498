#pragma once

// Small helpers for squint-bench: ordered compact JSON lines, /proc memory figures, clocks.

#include <QByteArray>
#include <QJsonArray>
#include <QJsonDocument>
#include <QString>
#include <QStringList>

#include <cstdio>

namespace bench {

/// One JSON object written as a compact line with the keys in the order they were added
/// (QJsonObject would sort them, which makes the output harder to read).
class JsonLine
{
public:
    JsonLine &add(const char *key, const QString &value)
    {
        key_(key);
        const QByteArray a = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
        m_out += a.mid(1, a.size() - 2); // strip the array brackets: a correctly escaped string is left
        return *this;
    }
    JsonLine &add(const char *key, const char *value) { return add(key, QString::fromUtf8(value)); }
    JsonLine &add(const char *key, qint64 value)
    {
        key_(key);
        m_out += QByteArray::number(value);
        return *this;
    }
    JsonLine &add(const char *key, int value) { return add(key, qint64(value)); }
    JsonLine &add(const char *key, bool value)
    {
        key_(key);
        m_out += value ? "true" : "false";
        return *this;
    }
    /// A number with `decimals` digits after the point (trailing zeros kept: easier to eyeball).
    JsonLine &add(const char *key, double value, int decimals = 3)
    {
        key_(key);
        m_out += QByteArray::number(value, 'f', decimals);
        return *this;
    }
    JsonLine &addRaw(const char *key, const QByteArray &json)
    {
        key_(key);
        m_out += json;
        return *this;
    }
    QByteArray text() const { return m_out + '}'; }
    /// Writes the line to stdout and flushes, so a pipe sees each result as soon as it exists.
    void print() const
    {
        const QByteArray t = text();
        std::fwrite(t.constData(), 1, size_t(t.size()), stdout);
        std::fputc('\n', stdout);
        std::fflush(stdout);
    }

private:
    void key_(const char *key)
    {
        m_out += m_out.size() > 1 ? ",\"" : "\"";
        m_out += key;
        m_out += "\":";
    }
    QByteArray m_out = "{";
};

/// A field of /proc/self/status in MB ("VmHWM", "VmRSS"); -1 when it can't be read.
double procStatusMb(const char *field);
/// User plus system CPU time of the whole process (every thread) so far, in seconds. Less sensitive
/// than wall time to other work on the machine: compare it with the peer's to judge per-core cost.
double cpuSeconds();
/// CPU time of the calling thread so far, in seconds (CLOCK_THREAD_CPUTIME_ID).
double threadCpuSeconds();
/// glibc's malloc_trim(0): gives freed heap memory back to the system (a diagnostic, not what the app does).
void trimMalloc();

/// A note for the human reader, on stderr.
void note(const QString &text);

} // namespace bench
