#pragma once

#include <QDateTime>
#include <QObject>
#include <QTimer>

namespace squint {

class ClockTimer;

/// Where code that waits gets its time: the current time and the timers that end a wait. The
/// application runs on Clock::system(), the wall clock and QTimer. A test gives the object under test
/// a clock of its own and moves it forward by hand (tests/support/testclock.h), so that a wait of
/// seconds, such as a server's Retry-After, takes no time and ends at an exact moment.
class Clock
{
public:
    virtual ~Clock();

    /// The wall clock: QDateTime::currentDateTimeUtc() and precise QTimers. Lives as long as the program.
    static Clock *system();

    /// The current time in UTC.
    virtual QDateTime nowUtc() const = 0;

protected:
    friend class ClockTimer;
    /// Makes `timer` due `ms` milliseconds from now; when that time comes, call fire(timer).
    virtual void schedule(ClockTimer *timer, int ms) = 0;
    /// `timer` is no longer due (stopped or destroyed); harmless when it was not scheduled.
    virtual void cancel(ClockTimer *timer) = 0;
    /// Ends the wait of `timer`: it emits timeout().
    static void fire(ClockTimer *timer);
};

/// A single-shot timer on a Clock: timeout() once, `ms` milliseconds of its clock after start(),
/// unless stopped or restarted first. The clock must outlive the timer.
class ClockTimer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ClockTimer)
public:
    explicit ClockTimer(QObject *parent = nullptr);
    ~ClockTimer() override;

    /// The clock it runs on: Clock::system() unless set. Changing it stops the timer.
    void setClock(Clock *clock);
    Clock *clock() const { return m_clock; }

    void start(int ms);
    void stop();
    bool isActive() const { return m_active; }

signals:
    void timeout();

private:
    friend class Clock;
    friend class SystemClock;
    void due();

    Clock *m_clock;
    QTimer m_timer; ///< what waits on the system clock
    bool m_active = false;
};

} // namespace squint
