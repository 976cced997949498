#include "cli/commandline.h"
#include "cli/askcommand.h"
#include "cli/batchcommand.h"
#include "cli/capturecommand.h"
#include "cli/historycommand.h"
#include "cli/output.h"
#include "cli/probecommand.h"
#include "core/util/format.h"

#include "core/catalog/catalog.h"
#include "core/compose/composer.h"
#include "core/compose/traymodel.h"
#include "core/images/pdfpages.h"
#include "core/util/settings.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QNetworkAccessManager>
#include <QUrl>

namespace squint::cli {

namespace {

const QStringList laterSubcommands = {};

QString limitText(qint64 v, bool bytes)
{
    if (v <= 0)
        return Tr::tr("no known limit");
    return bytes ? QStringLiteral("%1 (%2 bytes)").arg(formatBytes(v, 2)).arg(v) : QString::number(v);
}

// squint limits [--json] NAME: the profile Squint applies to an endpoint or model name.
int runLimits(const QStringList &args)
{
    QCommandLineParser p;
    p.setApplicationDescription(Tr::tr("Shows the image limits Squint applies to a model or endpoint name."));
    p.addHelpOption();
    p.addOption({QStringLiteral("json"), Tr::tr("Print JSON.")});
    p.addPositionalArgument(QStringLiteral("name"), Tr::tr("Endpoint or model name."));
    Command(QStringLiteral("squint limits")).parse(p, args);
    if (p.positionalArguments().size() != 1) {
        printErr(Tr::tr("usage: squint limits [--json] NAME"));
        return Usage;
    }
    Settings settings;
    const QString name = p.positionalArguments().constFirst();
    const ModelProfile prof = Catalog::builtIn().profileWithOverrides(name, &settings);
    const ModelLimits &l = prof.limits;
    if (p.isSet(QStringLiteral("json"))) {
        QJsonObject o{{QStringLiteral("endpoint"), prof.endpoint},
                      {QStringLiteral("name"), prof.displayName},
                      {QStringLiteral("family"), prof.familyId},
                      {QStringLiteral("generic"), prof.generic},
                      {QStringLiteral("formats"), QJsonArray::fromStringList(l.formats)},
                      {QStringLiteral("maxImages"), l.maxImages},
                      {QStringLiteral("maxRequestBytes"), l.maxRequestBytes},
                      {QStringLiteral("maxImageBytes"), l.maxImageBytes},
                      {QStringLiteral("maxPixelsPerSide"), l.maxPixelsPerSide},
                      {QStringLiteral("manyImagesThreshold"), l.manyImagesThreshold},
                      {QStringLiteral("manyImagesMaxPixelsPerSide"), l.manyImagesMaxPixelsPerSide},
                      {QStringLiteral("recommendedLongEdge"), l.recommendedLongEdge}};
        QJsonObject sources;
        for (auto it = prof.sources.begin(); it != prof.sources.end(); ++it)
            sources.insert(it.key(), it.value());
        o.insert(QStringLiteral("sources"), sources);
        o.insert(QStringLiteral("notes"), QJsonArray::fromStringList(prof.notes));
        printOut(QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Indented)));
        return Ok;
    }
    auto src = [&prof](const char *field) { return prof.sources.value(QLatin1String(field)); };
    printOut(Tr::tr("%1: %2%3").arg(prof.endpoint, prof.displayName, prof.generic ? Tr::tr(" (not in the catalog: conservative limits)") : QString()));
    printOut(Tr::tr("  formats:              %1 [%2]").arg(l.formats.join(QStringLiteral(", ")), src("formats")));
    printOut(Tr::tr("  images per request:   %1 [%2]").arg(limitText(l.maxImages, false), src(LimitField::MaxImages)));
    printOut(Tr::tr("  request size:         %1 [%2]").arg(limitText(l.maxRequestBytes, true), src(LimitField::MaxRequestBytes)));
    printOut(Tr::tr("  per image (base64):   %1 [%2]").arg(limitText(l.maxImageBytes, true), src(LimitField::MaxImageBytes)));
    printOut(Tr::tr("  pixels per side:      %1 [%2]").arg(limitText(l.maxPixelsPerSide, false), src(LimitField::MaxPixelsPerSide)));
    if (l.manyImagesThreshold > 0)
        printOut(Tr::tr("  above %1 images:      %2 px per side [%3]")
                .arg(l.manyImagesThreshold)
                .arg(l.manyImagesMaxPixelsPerSide)
                .arg(src("manyImages")));
    printOut(Tr::tr("  recommended long edge: %1 px [%2]").arg(l.recommendedLongEdge).arg(src(LimitField::RecommendedLongEdge)));
    for (const QString &n : prof.notes)
        printOut(QStringLiteral("  * ") + n);
    return Ok;
}

// squint check --model NAME FILE...: the tray's verdict without a window; exit 3 when over a limit.
int runCheck(const QStringList &args)
{
    QCommandLineParser p;
    p.setApplicationDescription(Tr::tr("Checks images against a model's limits, as the tray would, without sending anything."));
    p.addHelpOption();
    const QCommandLineOption model(QStringLiteral("model"), Tr::tr("Endpoint or model name."), Tr::tr("NAME"));
    const QCommandLineOption fit(QStringLiteral("fit"), Tr::tr("Apply Fit to Model before checking."));
    const QCommandLineOption prompt(QStringLiteral("prompt"), Tr::tr("Prompt text counted in the request size."), Tr::tr("TEXT"));
    const QCommandLineOption
        pages(QStringLiteral("pages"),
              Tr::tr(
                  "The pages of the PDFs among the files, as \"2-4,7\" (default: all, up to %1).")
                  .arg(MaxPdfPagesAtOnce),
              Tr::tr("PAGES"));
    p.addOptions({model, fit, prompt, pages});
    p.addPositionalArgument(QStringLiteral("files"),
                            Tr::tr("Image files, PDFs or folders."),
                            Tr::tr("FILE..."));
    Command(QStringLiteral("squint check")).parse(p, args);
    if (!p.isSet(model) || p.positionalArguments().isEmpty()) {
        printErr(Tr::tr(
            "usage: squint check --model NAME [--fit] [--prompt TEXT] [--pages PAGES] FILE..."));
        return Usage;
    }
    if (QString why; p.isSet(pages) && !parsePageRanges(p.value(pages), &why)) {
        printErr(Tr::tr("squint check: --pages %1: %2").arg(p.value(pages), why));
        return Usage;
    }
    Settings settings;
    QNetworkAccessManager nam;
    Composer composer(Catalog::builtIn(), &settings, &nam);
    composer.setModelName(p.value(model));
    composer.setPrompt(p.value(prompt));
    composer.setPdfPages(p.value(pages));
    QObject::connect(&composer,
                     &Composer::message,
                     &composer,
                     [](Composer::MessageLevel, const QString &text) { printErr(text); });
    composer.addPaths(p.positionalArguments());
    waitUntilIdle(composer);
    if (p.isSet(fit)) {
        composer.fitToModel();
        waitUntilIdle(composer);
    }
    const Evaluation &ev = composer.evaluation();
    const TrayModel *tray = composer.tray();
    for (int i = 0; i < tray->count(); ++i) {
        const TrayItem &item = tray->itemAt(i);
        printOut(QStringLiteral("%1\t%2").arg(item.name, item.verdict.text));
    }
    printOut(ev.count.text);
    printOut(ev.payload.text);
    printOut(ev.tokens.text);
    for (const QString &note : ev.notes)
        printOut(note);
    if (ev.count.value == 0) {
        printErr(Tr::tr("None of the files is an image Squint can send."));
        return Failure;
    }
    if (!ev.canSend) {
        printErr(ev.blocker);
        return OverLimits;
    }
    return Ok;
}

// squint export --format pdf|html renders through QTextDocument, which needs a QGuiApplication.
bool exportNeedsGuiApplication(const QStringList &args)
{
    for (int i = 0; i < args.size(); ++i) {
        QString value;
        if (args.at(i) == QLatin1String("--format") && i + 1 < args.size())
            value = args.at(i + 1);
        else if (args.at(i).startsWith(QLatin1String("--format=")))
            value = args.at(i).mid(9);
        value = value.toLower();
        if (value == QLatin1String("pdf") || value == QLatin1String("html") || value == QLatin1String("md"))
            return true;
    }
    return false;
}

} // namespace

const QList<Subcommand> &subcommands()
{
    static const QList<Subcommand> list = {
        {QStringLiteral("limits"),
         Tr::tr("Show the image limits applied to a model or endpoint name"),
         &runLimits},
        {QStringLiteral("check"),
         Tr::tr("Check images against a model's limits without sending them"),
         &runCheck},
        {QStringLiteral("ask"),
         Tr::tr("Ask a model about images; the answer streams to standard output"),
         &runAsk},
        {QStringLiteral("batch"),
         Tr::tr("Ask the same question about every image of a folder; the rows go to CSV, JSONL or "
                "Markdown"),
         &runBatch},
        {QStringLiteral("export"),
         Tr::tr("List the saved conversations or write one as Markdown, HTML, PDF or JSON"),
         &runExport},
        {QStringLiteral("import"),
         Tr::tr("Add a JSON transcript to the saved conversations"),
         &runImport},
        {QStringLiteral("probe"),
         Tr::tr("Say whether a model sees images: ask its server, else send one tiny test image"),
         &runProbe},
        {QStringLiteral("capture"),
         Tr::tr("Capture the screen or a region of it to a PNG file"),
         &runCapture},
    };
    return list;
}

AppNeeds appNeeds(const QStringList &args)
{
    for (const QString &a : args) {
        if (a == QLatin1String("--help") || a == QLatin1String("-h") || a == QLatin1String("--help-all")
            || a == QLatin1String("--version") || a == QLatin1String("-v"))
            return AppNeeds::Core;
    }
    if (args.isEmpty())
        return AppNeeds::Window;
    const QString first = args.constFirst();
    if (laterSubcommands.contains(first))
        return AppNeeds::Core;
    if (first == QLatin1String("capture"))
        return AppNeeds::Display;
    if (first == QLatin1String("export") && exportNeedsGuiApplication(args.mid(1)))
        return AppNeeds::HeadlessGui; // QTextDocument (HTML, and Markdown's reader) and QPdfWriter need a QGuiApplication
    const bool subcommand = std::any_of(subcommands().begin(), subcommands().end(),
                                        [&](const Subcommand &s) { return s.name == first; });
    return subcommand ? AppNeeds::Core : AppNeeds::Window;
}

Invocation parse(const QStringList &arguments)
{
    Invocation inv;
    const QStringList rest = arguments.mid(1);
    if (!rest.isEmpty()) {
        const QString first = rest.constFirst();
        const bool known = std::any_of(subcommands().begin(), subcommands().end(),
                                       [&](const Subcommand &s) { return s.name == first; });
        if (known || laterSubcommands.contains(first)) {
            inv.mode = known ? Invocation::Mode::Subcommand : Invocation::Mode::Error;
            inv.subcommand = first;
            inv.subArgs = rest.mid(1);
            if (!known)
                inv.text = Tr::tr("squint %1: this command is not part of Squint %2 yet.")
                               .arg(first, QCoreApplication::applicationVersion());
            return inv;
        }
    }

    QCommandLineParser p;
    QString description = Tr::tr("Ask vision models about your images.\n\nCommands:");
    for (const Subcommand &s : subcommands())
        description += QStringLiteral("\n  squint %1 ...  %2").arg(s.name, -8).arg(s.summary);
    description += Tr::tr("\nRun \"squint COMMAND --help\" for a command's options.");
    p.setApplicationDescription(description);
    const QCommandLineOption help = p.addHelpOption();
    const QCommandLineOption version = p.addVersionOption();
    const QCommandLineOption model(QStringList{QStringLiteral("m"), QStringLiteral("model")},
                                   Tr::tr("Choose the model or serving endpoint, e.g. databricks-claude-sonnet-4-5."),
                                   Tr::tr("NAME"));
    p.addOption(model);
    const QCommandLineOption
        capture(QStringLiteral("capture"),
                Tr::tr(
                    "Capture a screen region into the tray: the running Squint does it, or a new "
                    "one starts and does it (bind this to a keyboard shortcut)."));
    p.addOption(capture);
    p.addPositionalArgument(QStringLiteral("files"), Tr::tr("Images, folders or http(s) links to put in the tray."),
                            Tr::tr("[FILE...]"));
    if (!p.parse(arguments)) {
        inv.mode = Invocation::Mode::Error;
        inv.text = p.errorText() + QLatin1Char('\n') + Tr::tr("Run \"squint --help\" for usage.");
        return inv;
    }
    if (p.isSet(help)) {
        inv.mode = Invocation::Mode::Help;
        inv.text = p.helpText();
        return inv;
    }
    if (p.isSet(version)) {
        inv.mode = Invocation::Mode::Version;
        inv.text = QStringLiteral("squint %1 (Qt %2)").arg(QCoreApplication::applicationVersion(), QString::fromLatin1(qVersion()));
        return inv;
    }
    inv.model = p.value(model);
    inv.capture = p.isSet(capture);
    for (const QString &a : p.positionalArguments()) {
        const QUrl url(a, QUrl::StrictMode);
        if (url.scheme() == QLatin1String("http") || url.scheme() == QLatin1String("https") || url.scheme() == QLatin1String("file"))
            inv.inputs << a;
        else
            inv.inputs << QFileInfo(a).absoluteFilePath();
    }
    return inv;
}

int runHeadless(const Invocation &inv)
{
    switch (inv.mode) {
    case Invocation::Mode::Help:
    case Invocation::Mode::Version:
        printOut(inv.text.trimmed());
        return Ok;
    case Invocation::Mode::Error:
        printErr(inv.text);
        return Usage;
    case Invocation::Mode::Subcommand:
        for (const Subcommand &s : subcommands())
            if (s.name == inv.subcommand)
                return s.run(inv.subArgs);
        return Usage;
    case Invocation::Mode::Gui:
        break;
    }
    return Failure;
}

} // namespace squint::cli
