#pragma once

#include "cli/clicontext.h"

#include <QString>
#include <QStringList>

namespace squint::cli {

/// What the command line asks for. Parsing is pure so that tests need no process.
struct Invocation
{
    enum class Mode { Gui, Help, Version, Subcommand, Error };
    Mode mode = Mode::Gui;
    QString model;        ///< --model NAME (GUI)
    bool capture = false; ///< --capture: capture a screen region (in the running Squint, if any)
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
    Display,     ///< "capture": a QGuiApplication on the platform the screen is grabbed with
                 ///< (qpaPlatformForCapture), without a window
};
AppNeeds appNeeds(const QStringList &args);

/// Parses argv (with argv[0]). Needs a QCoreApplication for translations and the version.
Invocation parse(const QStringList &arguments);

/// Runs a non-GUI invocation (help, version, error, subcommand) and returns the exit code.
int runHeadless(const Invocation &inv);

} // namespace squint::cli
