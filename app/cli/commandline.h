#pragma once

#include <QString>
#include <QStringList>

class QCommandLineParser;

namespace squint::cli {

/// What the command line asks for. Parsing is pure so that tests need no process.
struct Invocation
{
    enum class Mode { Gui, Help, Version, Subcommand, Error };
    Mode mode = Mode::Gui;
    QString model;        ///< --model NAME (GUI)
    QStringList inputs;   ///< files, folders or http(s) links to put in the tray
    QString subcommand;   ///< e.g. "limits"; later "ask", "batch", "export"
    QStringList subArgs;  ///< the arguments after the subcommand
    QString text;         ///< help text, version text or error message
};

/// Subcommands, each with its one-line description; the first word after "squint" selects one.
struct Subcommand
{
    QString name;
    QString summary;
    int (*run)(const QStringList &args); ///< returns the exit code; prints to stdout/stderr
};
const QList<Subcommand> &subcommands();

/// What a run of `args` (argv without argv[0]) needs from Qt.
enum class AppNeeds {
    Core,        ///< --help, --version and subcommands: no display
    HeadlessGui, ///< "export --format pdf|html": fonts and painting (QGuiApplication), no window;
                 ///< main() runs it on the offscreen platform unless QT_QPA_PLATFORM says otherwise
    Window,      ///< the window
};
AppNeeds appNeeds(const QStringList &args);

/// Parses argv (with argv[0]). Needs a QCoreApplication for translations and the version.
Invocation parse(const QStringList &arguments);

/// Runs a non-GUI invocation (help, version, error, subcommand) and returns the exit code.
int runHeadless(const Invocation &inv);

/// QCommandLineParser::process() for a subcommand; `arguments` starts with the subcommand's name
/// ("squint ask"). --help (and --help-all) print the help with that name as the program, not the
/// binary's path, and exit 0; a bad option or a missing value says so on standard error and exits
/// with Usage.
void processSubcommand(QCommandLineParser &parser, const QStringList &arguments);

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

} // namespace squint::cli
