// squint export / squint import: the saved history on the command line.

#include "cli/historycommand.h"
#include "cli/output.h"

#include "core/history/conversationstore.h"
#include "core/history/history.h"
#include "core/history/transcript.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QTemporaryDir>

namespace squint::cli {

namespace {

/// A file name made from a title: letters, digits, spaces, '-', '_' and '.' kept, the rest '_'.
QString safeFileName(const QString &title, qint64 id)
{
    QString s;
    for (const QChar c : title)
        s += (c.isLetterOrNumber() || c == QLatin1Char(' ') || c == QLatin1Char('-') || c == QLatin1Char('_')) ? c
                                                                                                               : QLatin1Char('_');
    s = s.simplified().left(80).trimmed();
    while (s.startsWith(QLatin1Char('.')))
        s.remove(0, 1);
    if (s.isEmpty())
        s = QStringLiteral("conversation-%1").arg(id);
    return s;
}

QString describe(const ConversationSummary &c)
{
    return QStringLiteral("  %1\t%2").arg(c.id).arg(c.title);
}

/// --list: the saved conversations, newest first, as lines or as JSON.
int listConversations(const Command &command, bool json)
{
    ConversationStore store;
    if (!openHistoryStore(store, command))
        return Failure;
    const QList<ConversationSummary> all = store.listConversations();
    if (json) {
        QJsonArray arr;
        for (const ConversationSummary &c : all)
            arr.append(
                QJsonObject{{QStringLiteral("id"), c.id},
                            {QStringLiteral("title"), c.title},
                            {QStringLiteral("turns"), c.turnCount},
                            {QStringLiteral("created"), c.createdAt.toUTC().toString(Qt::ISODate)},
                            {QStringLiteral("updated"), c.updatedAt.toUTC().toString(Qt::ISODate)}});
        writeOutJson(QJsonDocument(arr).toJson(QJsonDocument::Indented));
        return Ok;
    }
    if (all.isEmpty()) {
        printOut(Tr::tr("No saved conversations yet. \"squint ask --save\" or the window's history "
                        "adds some."));
        return Ok;
    }
    for (const ConversationSummary &c : all)
        printOut(
            Tr::tr("%1\t%2\t%n turn(s)\t%3", nullptr, c.turnCount)
                .arg(c.id)
                .arg(QLocale().toString(c.updatedAt.toLocalTime(), QLocale::ShortFormat), c.title));
    return Ok;
}

/// The conversation `key` names: its number, else its exact title. 0 when none or several do
/// (said, with the near misses).
qint64 findConversation(const Command &command, const ConversationStore &store, const QString &key)
{
    bool numeric = false;
    const qint64 asNumber = key.toLongLong(&numeric);
    if (numeric && asNumber > 0 && store.summary(asNumber).id == asNumber)
        return asNumber;
    QList<ConversationSummary> exact, near;
    for (const ConversationSummary &c : store.listConversations()) {
        if (c.title == key)
            exact << c;
        else if (c.title.contains(key, Qt::CaseInsensitive))
            near << c;
    }
    if (exact.size() == 1)
        return exact.constFirst().id;
    if (exact.size() > 1) {
        command.say(
            Tr::tr("several conversations are titled “%1”; give the number of one:").arg(key));
        for (const ConversationSummary &c : exact)
            printErr(describe(c));
        return 0;
    }
    command.say(Tr::tr("no saved conversation is numbered or titled “%1”.").arg(key));
    if (!near.isEmpty()) {
        printErr(Tr::tr("Did you mean:"));
        for (const ConversationSummary &c : near.mid(0, 10))
            printErr(describe(c));
    } else {
        printErr(Tr::tr("\"squint export --list\" shows them."));
    }
    return 0;
}

/// -o -: the transcript on standard output (md with its images inside, html, json).
int writeToStandardOutput(const Command &command, const TranscriptData &data, const QString &format)
{
    QString error;
    if (format == QLatin1String("json")) {
        const QByteArray bytes = toJson(data, &error);
        if (bytes.isEmpty())
            return command.fail(Failure, error);
        writeOutJson(bytes);
    } else if (format == QLatin1String("html")) {
        writeOut(transcriptHtml(data));
    } else {
        // Markdown on standard output can't have an assets folder: the images go inside.
        QTemporaryDir tmp;
        const QString path = tmp.filePath(QStringLiteral("transcript.md"));
        QFile f(path);
        if (!tmp.isValid() || !writeMarkdown(data, path, MarkdownImages::Embedded, &error)
            || !f.open(QIODevice::ReadOnly))
            return command.fail(Failure,
                                error.isEmpty() ? Tr::tr("couldn't write a temporary file.")
                                                : error);
        writeOut(QString::fromUtf8(f.readAll()));
    }
    return Ok;
}

/// The transcript in the file -o names, else in one named after its title in the current folder.
int writeToFile(const Command &command,
                const TranscriptData &data,
                qint64 id,
                const ExportOptions &options)
{
    const QString &fmt = options.format;
    const QString path = options.hasOutput
                             ? QFileInfo(options.output).absoluteFilePath()
                             : QDir::current().absoluteFilePath(safeFileName(data.title, id)
                                                                + QLatin1Char('.') + fmt);
    TranscriptFormat outFormat = TranscriptFormat::Json;
    if (fmt == QLatin1String("md"))
        outFormat = options.embedImages ? TranscriptFormat::MarkdownEmbedded
                                        : TranscriptFormat::MarkdownAssets;
    else if (fmt == QLatin1String("html"))
        outFormat = TranscriptFormat::Html;
    else if (fmt == QLatin1String("pdf"))
        outFormat = TranscriptFormat::Pdf;
    QString error;
    if (!writeTranscript(data, path, outFormat, &error))
        return command
            .fail(Failure,
                  Tr::tr("couldn't write %1: %2").arg(QDir::toNativeSeparators(path), error));
    printErr(Tr::tr("Wrote %1.").arg(QDir::toNativeSeparators(path)));
    return Ok;
}

} // namespace

bool openHistoryStore(ConversationStore &store, const Command &command)
{
    const bool ok = store.open();
    if (!store.notice().isEmpty())
        command.say(store.notice());
    if (!ok)
        command.say(Tr::tr("the history can't be opened: %1").arg(store.lastError()));
    return ok;
}

ExportCommandLine::ExportCommandLine()
    : list(QStringLiteral("list"), Tr::tr("List the saved conversations, newest first."))
    , json(QStringLiteral("json"), Tr::tr("With --list: print JSON."))
    , format(QStringLiteral("format"), Tr::tr("md, html, pdf or json."), Tr::tr("FORMAT"))
    , output(QStringList{QStringLiteral("o"), QStringLiteral("output")},
             Tr::tr(
                 "The file to write (default: the title, in the current folder); \"-\": standard "
                 "output (md, html, json)."),
             Tr::tr("FILE"))
    , embed(QStringLiteral("embed-images"),
            Tr::tr("Markdown: images inside the file instead of an assets folder."))
{
    parser.setApplicationDescription(
        Tr::tr("Lists the saved conversations, or writes one as Markdown, HTML, PDF or JSON.\n"
               "CONVERSATION is a number from --list or an exact title.\n"
               "Exit status: 0 written, 1 the file could not be written, 2 usage or unknown "
               "conversation."));
    parser.addHelpOption();
    parser.addOptions({list, json, format, output, embed});
    parser.addPositionalArgument(QStringLiteral("conversation"),
                                 Tr::tr("Conversation number or title."),
                                 Tr::tr("CONVERSATION"));
}

bool readExportOptions(const ExportCommandLine &line, ExportOptions *out, Problem *problem)
{
    const QCommandLineParser &p = line.parser;
    const Problem usage{Usage,
                        Tr::tr("usage: squint export --list [--json]\n"
                               "       squint export CONVERSATION --format md|html|pdf|json [-o "
                               "FILE] [--embed-images]"),
                        true};
    ExportOptions r;
    r.list = p.isSet(line.list);
    r.json = p.isSet(line.json);
    r.hasOutput = p.isSet(line.output);
    r.output = p.value(line.output);
    r.embedImages = p.isSet(line.embed);
    r.format = p.value(line.format).toLower();
    r.conversation = p.positionalArguments().value(0);
    if (r.list ? !p.positionalArguments().isEmpty() || p.isSet(line.format) || r.hasOutput
               : p.positionalArguments().size() != 1 || !p.isSet(line.format)) {
        *problem = usage;
        return false;
    }
    if (r.list) {
        *out = r;
        return true;
    }
    const QStringList formats{QStringLiteral("md"),
                              QStringLiteral("html"),
                              QStringLiteral("pdf"),
                              QStringLiteral("json")};
    if (!formats.contains(r.format)) {
        *problem = Problem{Usage,
                           Tr::tr("unknown format “%1”: use md, html, pdf or json.")
                               .arg(p.value(line.format))};
        return false;
    }
    if (r.toStdout() && r.format == QLatin1String("pdf")) {
        *problem = Problem{Usage, Tr::tr("a PDF can't go to standard output; name a file with -o.")};
        return false;
    }
    *out = r;
    return true;
}

int runExport(const QStringList &args)
{
    const Command command(QStringLiteral("squint export"));
    ExportCommandLine line;
    ExportOptions options;
    if (int code = Ok; !command.read(line, args, readExportOptions, &options, &code))
        return code;
    if (options.list)
        return listConversations(command, options.json);

    ConversationStore store;
    if (!openHistoryStore(store, command))
        return Failure;
    const qint64 id = findConversation(command, store, options.conversation);
    if (id == 0)
        return Usage;
    const std::optional<TranscriptData> data = transcriptFromStore(store, id);
    if (!data)
        return command
            .fail(Failure,
                  Tr::tr("couldn't read conversation %1: %2").arg(id).arg(store.lastError()));
    return options.toStdout() ? writeToStandardOutput(command, *data, options.format)
                              : writeToFile(command, *data, id, options);
}

int runImport(const QStringList &args)
{
    const Command command(QStringLiteral("squint import"));
    QCommandLineParser p;
    p.setApplicationDescription(
        Tr::tr("Adds a JSON transcript (from \"squint export --format json\") to the saved "
               "conversations.\n"
               "The whole file is checked first: when anything is wrong, nothing is added.\n"
               "Exit status: 0 imported, 1 the file is not a valid transcript or the history can't "
               "be written, 2 usage."));
    p.addHelpOption();
    p.addPositionalArgument(QStringLiteral("file"), Tr::tr("A JSON transcript."), Tr::tr("FILE.json"));
    command.parse(p, args);
    if (p.positionalArguments().size() != 1)
        return command.fail(Problem{Usage, Tr::tr("usage: squint import FILE.json"), true});
    const QString file = p.positionalArguments().constFirst();
    QString error;
    const std::optional<TranscriptData> data = readJsonFile(file, &error);
    if (!data)
        return command.fail(Failure, Tr::tr("%1: %2").arg(QDir::toNativeSeparators(file), error));
    ConversationStore store;
    if (!openHistoryStore(store, command))
        return Failure;
    const QString title = data->title.isEmpty() ? QFileInfo(file).completeBaseName() : data->title;
    const qint64 id = importTranscript(store, *data, title, &error);
    if (id == 0)
        return command.fail(Failure, error);
    printOut(Tr::tr("Imported as conversation %1: %2").arg(id).arg(title));
    return Ok;
}

} // namespace squint::cli
