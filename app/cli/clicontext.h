#pragma once

// What every subcommand needs, written once: the exit codes, the translation context, how a
// subcommand names itself in what it says on standard error, how it learns of SIGINT and SIGTERM,
// and how it waits for the core's asynchronous objects (by their signals, not by polling).

#include <QCoreApplication>
#include <QEventLoop>
#include <QObject>
#include <QString>
#include <QStringList>

#include <functional>

class QCommandLineParser;
class QSocketNotifier;

namespace squint {
class Composer;
}

namespace squint::cli {

/// Exit codes shared by every subcommand.
enum ExitCode {
    Ok = 0,
    Failure = 1,         ///< an input could not be read
    Usage = 2,           ///< bad arguments or configuration
    OverLimits = 3,      ///< the images break the model's limits
    ConnectionError = 4, ///< no answer: network, TLS or timeout
    ServerError = 5,     ///< the server answered with an error
    Interrupted = 130,   ///< stopped by SIGINT or SIGTERM
};

/// The translation context of every message of the command line.
class Tr
{
    Q_DECLARE_TR_FUNCTIONS(squint::cli)
};

/// What stops a subcommand before it does its work: the exit code and what to say. Readers of
/// options return one instead of printing, so that tests can call them without a process.
struct Problem
{
    int code = Usage;
    QString text;       ///< said as "<command>: <text>"
    bool usage = false; ///< `text` is a usage line, said as it is
};

/// A subcommand as the user typed it ("squint ask"), and the one way it speaks on standard error:
/// every problem and notice is "<command>: <text>".
class Command
{
public:
    explicit Command(QString name);
    const QString &name() const { return m_name; }

    /// The options in `args` (the words after the subcommand): --help prints the help with this
    /// name as the program and exits 0; a bad option or a missing value is said, exit Usage.
    void parse(QCommandLineParser &parser, const QStringList &args) const;
    /// parse() into `line.parser`, then `reader` reads the options into *options; false when it
    /// can't, the problem said and its exit code in *code.
    template<typename Line, typename Options>
    bool read(Line &line,
              const QStringList &args,
              bool (*reader)(const Line &, Options *, Problem *),
              Options *options,
              int *code) const
    {
        parse(line.parser, args);
        Problem problem;
        if (reader(line, options, &problem))
            return true;
        *code = fail(problem);
        return false;
    }

    /// "<command>: <text>" on standard error.
    void say(const QString &text) const;
    /// say(text) and `code`: `return command.fail(Usage, ...)`.
    int fail(int code, const QString &text) const;
    /// The problem said (a usage line as it is), and its exit code.
    int fail(const Problem &problem) const;

private:
    QString m_name;
};

/// SIGINT and SIGTERM while an Interruption lives, as a Qt signal. The handler does nothing but
/// write() a byte to a pipe (async-signal-safe); a QSocketNotifier on the other end turns it into
/// interrupted() on the event loop, so a signal that arrives while no event loop runs is delivered
/// when one does. One at a time; the handlers in place before are restored by the destructor.
class Interruption : public QObject
{
    Q_OBJECT

public:
    explicit Interruption(QObject *parent = nullptr);
    ~Interruption() override;

    /// A signal has been delivered (interrupted() was emitted).
    bool isInterrupted() const { return m_interrupted; }

signals:
    void interrupted();

private:
    void drain();

    QSocketNotifier *m_notifier = nullptr;
    bool m_interrupted = false;
};

namespace detail {
/// Runs `loop` until `done()` holds (checked each time the loop is quit) or, with `timeoutMs` >= 0,
/// that many milliseconds have gone by.
bool runUntil(QEventLoop &loop, const std::function<bool()> &done, int timeoutMs);
} // namespace detail

/// Runs the event loop until `done()` holds, looking again each time `sender` emits `signal`; with
/// `timeoutMs` >= 0 it gives up after that many milliseconds. Returns done().
template<typename Sender, typename Signal>
bool waitUntil(const Sender *sender,
               Signal signal,
               const std::function<bool()> &done,
               int timeoutMs = -1)
{
    if (done())
        return true;
    QEventLoop loop;
    QObject::connect(sender, signal, &loop, [&loop, &done] {
        if (done())
            loop.quit();
    });
    return detail::runUntil(loop, done, timeoutMs);
}

/// Waits until `composer` has read, checked and prepared everything it was given (its evaluation
/// is then up to date), by its busyChanged() signal.
void waitUntilIdle(const Composer &composer);

} // namespace squint::cli
