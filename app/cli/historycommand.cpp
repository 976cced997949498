// squint export / squint import: the saved history on the command line.

#include "cli/historycommand.h"
#include "cli/commandline.h"
#include "cli/output.h"

#include "core/history/history.h"
#include "core/history/conversationstore.h"
#include "core/history/transcript.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QTemporaryDir>

#include <cstdio>

namespace squint::cli {

namespace {
class Tr
{
    Q_DECLARE_TR_FUNCTIONS(squint::cli)
};


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

} // namespace

bool openHistoryStore(ConversationStore &store, const QString &command)
{
    const bool ok = store.open();
    if (!store.notice().isEmpty())
        printErr(Tr::tr("%1: %2").arg(command, store.notice()));
    if (!ok)
        printErr(Tr::tr("%1: the history can't be opened: %2").arg(command, store.lastError()));
    return ok;
}

int runExport(const QStringList &args)
{
    QCommandLineParser p;
    p.setApplicationDescription(
        Tr::tr("Lists the saved conversations, or writes one as Markdown, HTML, PDF or JSON.\n"
               "CONVERSATION is a number from --list or an exact title.\n"
               "Exit status: 0 written, 1 the file could not be written, 2 usage or unknown conversation."));
    p.addHelpOption();
    const QCommandLineOption list(QStringLiteral("list"), Tr::tr("List the saved conversations, newest first."));
    const QCommandLineOption json(QStringLiteral("json"), Tr::tr("With --list: print JSON."));
    const QCommandLineOption format(QStringLiteral("format"), Tr::tr("md, html, pdf or json."), Tr::tr("FORMAT"));
    const QCommandLineOption output(QStringList{QStringLiteral("o"), QStringLiteral("output")},
                                    Tr::tr("The file to write (default: the title, in the current folder); \"-\": standard "
                                           "output (md, html, json)."),
                                    Tr::tr("FILE"));
    const QCommandLineOption embed(QStringLiteral("embed-images"),
                                   Tr::tr("Markdown: images inside the file instead of an assets folder."));
    p.addOptions({list, json, format, output, embed});
    p.addPositionalArgument(QStringLiteral("conversation"), Tr::tr("Conversation number or title."), Tr::tr("CONVERSATION"));
    processSubcommand(p, QStringList{QStringLiteral("squint export")} + args);

    const QString usage = Tr::tr("usage: squint export --list [--json]\n"
                                 "       squint export CONVERSATION --format md|html|pdf|json [-o FILE] [--embed-images]");
    const QString cmd = QStringLiteral("squint export");
    if (p.isSet(list)) {
        if (!p.positionalArguments().isEmpty() || p.isSet(format) || p.isSet(output)) {
            printErr(usage);
            return Usage;
        }
        ConversationStore store;
        if (!openHistoryStore(store, cmd))
            return Failure;
        const QList<ConversationSummary> all = store.listConversations();
        if (p.isSet(json)) {
            QJsonArray arr;
            for (const ConversationSummary &c : all)
                arr.append(QJsonObject{{QStringLiteral("id"), c.id},
                                       {QStringLiteral("title"), c.title},
                                       {QStringLiteral("turns"), c.turnCount},
                                       {QStringLiteral("created"), c.createdAt.toUTC().toString(Qt::ISODate)},
                                       {QStringLiteral("updated"), c.updatedAt.toUTC().toString(Qt::ISODate)}});
            writeOutJson(QJsonDocument(arr).toJson(QJsonDocument::Indented));
            return Ok;
        }
        if (all.isEmpty()) {
            printOut(Tr::tr("No saved conversations yet. \"squint ask --save\" or the window's history adds some."));
            return Ok;
        }
        for (const ConversationSummary &c : all)
            printOut(Tr::tr("%1\t%2\t%n turn(s)\t%3", nullptr, c.turnCount)
                    .arg(c.id)
                    .arg(QLocale().toString(c.updatedAt.toLocalTime(), QLocale::ShortFormat), c.title));
        return Ok;
    }

    if (p.positionalArguments().size() != 1 || !p.isSet(format)) {
        printErr(usage);
        return Usage;
    }
    const QString fmt = p.value(format).toLower();
    const QStringList formats{QStringLiteral("md"), QStringLiteral("html"), QStringLiteral("pdf"), QStringLiteral("json")};
    if (!formats.contains(fmt)) {
        printErr(Tr::tr("squint export: unknown format “%1”: use md, html, pdf or json.").arg(p.value(format)));
        return Usage;
    }
    const bool toStdout = p.value(output) == QLatin1String("-");
    if (toStdout && fmt == QLatin1String("pdf")) {
        printErr(Tr::tr("squint export: a PDF can't go to standard output; name a file with -o."));
        return Usage;
    }

    ConversationStore store;
    if (!openHistoryStore(store, cmd))
        return Failure;
    const QString key = p.positionalArguments().constFirst();
    qint64 id = 0;
    bool numeric = false;
    const qint64 asNumber = key.toLongLong(&numeric);
    if (numeric && asNumber > 0 && store.summary(asNumber).id == asNumber)
        id = asNumber;
    if (id == 0) {
        const QList<ConversationSummary> all = store.listConversations();
        QList<ConversationSummary> exact, near;
        for (const ConversationSummary &c : all) {
            if (c.title == key)
                exact << c;
            else if (c.title.contains(key, Qt::CaseInsensitive))
                near << c;
        }
        if (exact.size() == 1) {
            id = exact.constFirst().id;
        } else if (exact.size() > 1) {
            printErr(Tr::tr("squint export: several conversations are titled “%1”; give the number of one:").arg(key));
            for (const ConversationSummary &c : exact)
                printErr(describe(c));
            return Usage;
        } else {
            printErr(Tr::tr("squint export: no saved conversation is numbered or titled “%1”.").arg(key));
            if (!near.isEmpty()) {
                printErr(Tr::tr("Did you mean:"));
                for (const ConversationSummary &c : near.mid(0, 10))
                    printErr(describe(c));
            } else {
                printErr(Tr::tr("\"squint export --list\" shows them."));
            }
            return Usage;
        }
    }

    const std::optional<TranscriptData> read = transcriptFromStore(store, id);
    if (!read) {
        printErr(Tr::tr("squint export: couldn't read conversation %1: %2").arg(id).arg(store.lastError()));
        return Failure;
    }
    const TranscriptData &data = *read;

    QString error;
    if (toStdout) {
        if (fmt == QLatin1String("json")) {
            const QByteArray bytes = toJson(data, &error);
            if (bytes.isEmpty()) {
                printErr(Tr::tr("squint export: %1").arg(error));
                return Failure;
            }
            writeOutJson(bytes);
        } else if (fmt == QLatin1String("html")) {
            writeOut(transcriptHtml(data));
        } else {
            // Markdown on standard output can't have an assets folder: the images go inside.
            QTemporaryDir tmp;
            const QString path = tmp.filePath(QStringLiteral("transcript.md"));
            QFile f(path);
            if (!tmp.isValid() || !writeMarkdown(data, path, MarkdownImages::Embedded, &error) || !f.open(QIODevice::ReadOnly)) {
                printErr(Tr::tr("squint export: %1").arg(error.isEmpty() ? Tr::tr("couldn't write a temporary file.") : error));
                return Failure;
            }
            writeOut(QString::fromUtf8(f.readAll()));
        }
        return Ok;
    }

    const QString path = p.isSet(output) ? QFileInfo(p.value(output)).absoluteFilePath()
                                         : QDir::current().absoluteFilePath(safeFileName(data.title, id) + QLatin1Char('.') + fmt);
    TranscriptFormat outFormat = TranscriptFormat::Json;
    if (fmt == QLatin1String("md"))
        outFormat = p.isSet(embed) ? TranscriptFormat::MarkdownEmbedded : TranscriptFormat::MarkdownAssets;
    else if (fmt == QLatin1String("html"))
        outFormat = TranscriptFormat::Html;
    else if (fmt == QLatin1String("pdf"))
        outFormat = TranscriptFormat::Pdf;
    const bool ok = writeTranscript(data, path, outFormat, &error);
    if (!ok) {
        printErr(Tr::tr("squint export: couldn't write %1: %2").arg(QDir::toNativeSeparators(path), error));
        return Failure;
    }
    printErr(Tr::tr("Wrote %1.").arg(QDir::toNativeSeparators(path)));
    return Ok;
}

int runImport(const QStringList &args)
{
    QCommandLineParser p;
    p.setApplicationDescription(
        Tr::tr("Adds a JSON transcript (from \"squint export --format json\") to the saved conversations.\n"
               "The whole file is checked first: when anything is wrong, nothing is added.\n"
               "Exit status: 0 imported, 1 the file is not a valid transcript or the history can't be written, 2 usage."));
    p.addHelpOption();
    p.addPositionalArgument(QStringLiteral("file"), Tr::tr("A JSON transcript."), Tr::tr("FILE.json"));
    processSubcommand(p, QStringList{QStringLiteral("squint import")} + args);
    if (p.positionalArguments().size() != 1) {
        printErr(Tr::tr("usage: squint import FILE.json"));
        return Usage;
    }
    const QString file = p.positionalArguments().constFirst();
    QString error;
    const std::optional<TranscriptData> data = readJsonFile(file, &error);
    if (!data) {
        printErr(Tr::tr("squint import: %1: %2").arg(QDir::toNativeSeparators(file), error));
        return Failure;
    }
    ConversationStore store;
    if (!openHistoryStore(store, QStringLiteral("squint import")))
        return Failure;
    const QString title = data->title.isEmpty() ? QFileInfo(file).completeBaseName() : data->title;
    const qint64 id = importTranscript(store, *data, title, &error);
    if (id == 0) {
        printErr(Tr::tr("squint import: %1").arg(error));
        return Failure;
    }
    printOut(Tr::tr("Imported as conversation %1: %2").arg(id).arg(title));
    return Ok;
}

} // namespace squint::cli
