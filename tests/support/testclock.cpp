#include "testclock.h"

#include <algorithm>

namespace squint::test {

TestClock::TestClock(const QDateTime &start)
    : m_start(start.toUTC())
{}

TestClock::~TestClock()
{
    if (!m_due.isEmpty())
        qWarning("TestClock: destroyed with %d timers waiting on it", int(m_due.size()));
}

QDateTime TestClock::nowUtc() const
{
    return m_start.addMSecs(m_elapsedMs);
}

void TestClock::advance(qint64 ms)
{
    const qint64 end = m_elapsedMs + qMax<qint64>(0, ms);
    // Timers due at the same time fire in the order they were started.
    const auto fallsDueFirst = [](const Due &a, const Due &b) {
        return a.atMs != b.atMs ? a.atMs < b.atMs : a.order < b.order;
    };
    for (;;) {
        const auto next = std::min_element(m_due.cbegin(), m_due.cend(), fallsDueFirst);
        if (next == m_due.cend() || next->atMs > end)
            break;
        ClockTimer *timer = next->timer;
        m_elapsedMs = qMax(m_elapsedMs, next->atMs);
        m_due.erase(next);
        fire(timer); // may start, stop or destroy timers, this one included
    }
    m_elapsedMs = end;
}

qint64 TestClock::nextDueInMs() const
{
    qint64 next = -1;
    for (const Due &d : m_due)
        if (next < 0 || d.atMs - m_elapsedMs < next)
            next = d.atMs - m_elapsedMs;
    return next;
}

void TestClock::schedule(ClockTimer *timer, int ms)
{
    cancel(timer);
    m_due.append({m_elapsedMs + ms, m_started++, timer});
}

void TestClock::cancel(ClockTimer *timer)
{
    m_due.removeIf([timer](const Due &d) { return d.timer == timer; });
}

} // namespace squint::test
