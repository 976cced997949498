#include "cli/clicontext.h"
#include "cli/output.h"

#include "core/compose/composer.h"

#include <QCommandLineParser>
#include <QSocketNotifier>
#include <QTimer>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>

#include <fcntl.h>
#include <unistd.h>

namespace squint::cli {

Command::Command(QString name)
    : m_name(std::move(name))
{}

void Command::parse(QCommandLineParser &parser, const QStringList &args) const
{
    if (!parser.parse(QStringList{m_name} + args)) {
        printErr(QStringLiteral("%1: %2").arg(m_name, parser.errorText()));
        std::fflush(stderr);
        std::exit(Usage);
    }
    if (parser.isSet(QStringLiteral("help")) || parser.isSet(QStringLiteral("help-all"))) {
        // helpText() names the program by the binary's path; the user typed "squint NAME".
        QString text = parser.helpText();
        const QString binary = QCoreApplication::arguments().value(0);
        const qsizetype at = binary.isEmpty() ? -1 : text.indexOf(binary);
        if (at >= 0)
            text.replace(at, binary.size(), m_name);
        writeOut(text);
        std::exit(Ok);
    }
}

void Command::say(const QString &text) const
{
    printErr(Tr::tr("%1: %2").arg(m_name, text));
}

int Command::fail(int code, const QString &text) const
{
    say(text);
    return code;
}

int Command::fail(const Problem &problem) const
{
    if (problem.usage)
        printErr(problem.text);
    else
        say(problem.text);
    return problem.code;
}

namespace {
// The pipe from the signal handler to the event loop: made once, never closed, so that a signal
// delivered to another thread while an Interruption goes away still writes to an open descriptor.
int g_pipe[2] = {-1, -1};
struct sigaction g_previous[2];
constexpr int Signals[2] = {SIGINT, SIGTERM};
bool g_active = false;

extern "C" void onInterruptSignal(int)
{
    const int saved = errno;
    const char byte = 1;
    [[maybe_unused]] const ssize_t n = ::write(g_pipe[1], &byte, 1); // a full pipe already says it
    errno = saved;
}

bool ensurePipe()
{
    return g_pipe[0] >= 0 || ::pipe2(g_pipe, O_CLOEXEC | O_NONBLOCK) == 0;
}
} // namespace

Interruption::Interruption(QObject *parent)
    : QObject(parent)
{
    Q_ASSERT(!g_active);
    if (!ensurePipe()) {
        std::perror("squint: pipe");
        return; // no interruption: the signals keep their default action
    }
    drain(); // a signal that came after the last Interruption read the pipe is not this one's
    g_active = true;
    struct sigaction action = {};
    action.sa_handler = onInterruptSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    for (int i = 0; i < 2; ++i)
        sigaction(Signals[i], &action, &g_previous[i]);
    m_notifier = new QSocketNotifier(g_pipe[0], QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, [this] {
        drain();
        m_interrupted = true;
        emit interrupted();
    });
}

Interruption::~Interruption()
{
    if (!m_notifier)
        return;
    for (int i = 0; i < 2; ++i)
        sigaction(Signals[i], &g_previous[i], nullptr);
    g_active = false;
}

void Interruption::drain()
{
    char bytes[64];
    while (::read(g_pipe[0], bytes, sizeof bytes) > 0) {
    }
}

namespace detail {
bool runUntil(QEventLoop &loop, const std::function<bool()> &done, int timeoutMs)
{
    QTimer timeout;
    if (timeoutMs >= 0) {
        timeout.setSingleShot(true);
        QObject::connect(&timeout, &QTimer::timeout, &loop, &QEventLoop::quit);
        timeout.start(timeoutMs);
    }
    while (!done() && (timeoutMs < 0 || timeout.isActive()))
        loop.exec();
    return done();
}
} // namespace detail

void waitUntilIdle(const Composer &composer)
{
    // isBusy() covers a queued evaluation and the conversions it starts; every change to idle
    // emits busyChanged().
    waitUntil(&composer, &Composer::busyChanged, [&composer] { return !composer.isBusy(); });
}

} // namespace squint::cli
