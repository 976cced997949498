#include "core/util/clock.h"

namespace squint {

/// The wall clock. A server's Retry-After is a floor, not a hint: its timers are precise.
class SystemClock final : public Clock
{
public:
    QDateTime nowUtc() const override { return QDateTime::currentDateTimeUtc(); }

protected:
    void schedule(ClockTimer *timer, int ms) override
    {
        timer->m_timer.setTimerType(Qt::PreciseTimer);
        timer->m_timer.setSingleShot(true);
        timer->m_timer.start(ms);
    }
    void cancel(ClockTimer *timer) override { timer->m_timer.stop(); }
};

Clock::~Clock() = default;

Clock *Clock::system()
{
    static SystemClock clock;
    return &clock;
}

void Clock::fire(ClockTimer *timer)
{
    timer->due();
}

ClockTimer::ClockTimer(QObject *parent)
    : QObject(parent)
    , m_clock(Clock::system())
{
    connect(&m_timer, &QTimer::timeout, this, &ClockTimer::due);
}

ClockTimer::~ClockTimer()
{
    stop();
}

void ClockTimer::setClock(Clock *clock)
{
    stop();
    m_clock = clock ? clock : Clock::system();
}

void ClockTimer::start(int ms)
{
    stop();
    m_active = true;
    m_clock->schedule(this, qMax(0, ms));
}

void ClockTimer::stop()
{
    if (!m_active)
        return;
    m_active = false;
    m_clock->cancel(this);
}

void ClockTimer::due()
{
    if (!m_active)
        return;
    m_active = false;
    emit timeout();
}

} // namespace squint
