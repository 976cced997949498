#pragma once

#include "cli/clicontext.h"

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QStringList>

namespace squint {
class ConversationStore;
}

namespace squint::cli {

/// squint export: lists the saved conversations (--list) or writes one as Markdown, HTML, PDF or JSON.
int runExport(const QStringList &args);

/// squint import FILE.json: a JSON transcript becomes a new saved conversation (nothing is created
/// when the file is not valid).
int runImport(const QStringList &args);

/// Opens the history at its default path for `command`: a notice from open() (a corrupt file set
/// aside) is said, and so is the reason when it can't be opened.
bool openHistoryStore(ConversationStore &store, const Command &command);

/// The options of squint export, declared on `parser`.
struct ExportCommandLine
{
    ExportCommandLine();
    QCommandLineParser parser;
    QCommandLineOption list, json, format, output, embed;
};

/// What squint export was asked to do.
struct ExportOptions
{
    bool list = false;      ///< --list: the saved conversations
    bool json = false;      ///< with list: as JSON
    QString conversation;   ///< a number from --list or an exact title
    QString format;         ///< md, html, pdf or json (lower case)
    bool hasOutput = false; ///< -o given; else the file is named after the title
    QString output;         ///< the file to write; "-": standard output
    bool embedImages = false;
    bool toStdout() const { return output == QLatin1String("-"); }
};

/// The options of a parsed squint export command line, or the *problem with them. Reads nothing
/// and prints nothing.
bool readExportOptions(const ExportCommandLine &line, ExportOptions *out, Problem *problem);

} // namespace squint::cli
