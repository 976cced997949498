// TestClock: time as a test wants it. It stands still until the test moves it forward.
#pragma once

#include "core/util/clock.h"

#include <QList>

namespace squint::test {

/// A Clock that moves only when advance() is called. Code under test that waits on a ClockTimer (a
/// retry after a server's Retry-After, for instance) then waits no real time, and the test can check
/// what happens a millisecond before and at the very moment the wait ends. Declare it before the
/// objects that use it, so that it outlives their timers.
class TestClock final : public Clock
{
public:
    /// Starts at `start` (the current time unless said otherwise).
    explicit TestClock(const QDateTime &start = QDateTime::currentDateTimeUtc());
    ~TestClock() override;

    QDateTime nowUtc() const override;

    /// Moves the time forward by `ms` milliseconds. Every timer that falls due on the way fires, in
    /// the order they fall due, with nowUtc() at its due time; a timer started by another's timeout
    /// fires too if it falls due within `ms`. timeout() is emitted from inside this call.
    void advance(qint64 ms);
    /// Milliseconds advanced since the start.
    qint64 elapsedMs() const { return m_elapsedMs; }
    /// How many timers wait on this clock.
    int pendingTimers() const { return int(m_due.size()); }
    /// Milliseconds until the next timer falls due, or -1 when none waits.
    qint64 nextDueInMs() const;

protected:
    void schedule(ClockTimer *timer, int ms) override;
    void cancel(ClockTimer *timer) override;

private:
    struct Due
    {
        qint64 atMs;   ///< elapsedMs() when it falls due
        quint64 order; ///< timers due at the same time fire in the order they were started
        ClockTimer *timer;
    };

    QDateTime m_start;
    qint64 m_elapsedMs = 0;
    quint64 m_started = 0;
    QList<Due> m_due;
};

} // namespace squint::test
