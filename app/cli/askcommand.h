#pragma once

#include "cli/requestoptions.h"

#include "core/chat/conversation.h"

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QStringList>

namespace squint::cli {

/// squint ask: prepares the images with the model's limits, streams the answer to stdout, errors to
/// stderr; returns one of the ExitCode values.
int runAsk(const QStringList &args);

/// The options of squint ask, declared on `parser`.
struct AskCommandLine
{
    AskCommandLine();
    QCommandLineParser parser;
    RequestOptions request;
    QCommandLineOption image, pages, keepMetadata, json, save, title;
};

/// What squint ask was asked to do.
struct AskOptions
{
    QString model;
    QString prompt; ///< "-": read it from standard input
    QStringList images;
    RequestSettings request;
    ChatParameters parameters;
    bool json = false;
    bool save = false;
    QString title; ///< with save: the conversation's title, else one made from the prompt
    QString pages; ///< --pages: the pages of the PDFs among the images ("2-4,7"); empty: all
    bool keepMetadata = false; ///< --keep-metadata: send location and camera data (EXIF, XMP)
};

/// The options of a parsed squint ask command line, or the *problem with them (a usage line, a
/// bad value, options that don't go together). Reads nothing and prints nothing.
bool readAskOptions(const AskCommandLine &line, AskOptions *out, Problem *problem);

} // namespace squint::cli
