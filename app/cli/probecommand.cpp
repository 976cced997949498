// squint probe: whether a model sees images (the window's model picker and Test Vision, headless).

#include "cli/probecommand.h"
#include "cli/output.h"
#include "cli/requestoptions.h"

#include "core/catalog/capabilities.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>

namespace squint::cli {

namespace {

QString sourceKey(VisionCapability::Source s)
{
    switch (s) {
    case VisionCapability::Source::OllamaShow:
        return QStringLiteral("ollama-show");
    case VisionCapability::Source::LlamaCppProps:
        return QStringLiteral("llamacpp-props");
    case VisionCapability::Source::LlamaCppModels:
        return QStringLiteral("llamacpp-models");
    case VisionCapability::Source::DatabricksEndpoint:
        return QStringLiteral("databricks-endpoint");
    case VisionCapability::Source::VisionTest:
        return QStringLiteral("vision-test");
    case VisionCapability::Source::None:
        break;
    }
    return QStringLiteral("none");
}

/// The options of squint probe, declared on `parser`.
struct ProbeCommandLine
{
    ProbeCommandLine();
    QCommandLineParser parser;
    RequestOptions request;
    QCommandLineOption json, test, noTest;
};

ProbeCommandLine::ProbeCommandLine()
    : json(QStringLiteral("json"), Tr::tr("Print one JSON object with the verdict."))
    , test(QStringLiteral("test"), Tr::tr("Send the test image even when the server says."))
    , noTest(QStringLiteral("no-test"), Tr::tr("Only ask the server; never send the test image."))
{
    parser.setApplicationDescription(Tr::tr(
        "Says whether a model sees images. It asks the server first (Ollama's /api/show, "
        "llama.cpp's /props and models list, the Databricks serving endpoint); when that "
        "says nothing, it sends one 64 x 64 red PNG with the question \"What colour is this "
        "image?\" and reads the answer.\n"
        "Verdicts: sees images, cannot see images (the server says so or rejects the image), "
        "ignores images (it answered without naming the colour), unknown.\n"
        "Exit status: 0 a verdict was reached (sees, cannot see or ignores), 2 usage or "
        "configuration, 4 connection failed, 5 the server answered with an error that says "
        "nothing about images."));
    parser.addHelpOption();
    parser.addOptions(request.targetOptions());
    parser.addOptions({json, test, noTest, request.timeout});
}

/// What squint probe was asked to do.
struct ProbeOptions
{
    QString model;
    int timeoutMs = RequestSettings()
                        .timeoutMs; // only the timeout: probe takes no other request option
    bool json = false;
    bool test = false;   ///< --test: send the test image whatever the server says
    bool noTest = false; ///< --no-test: never send it
};

/// The options, or the *problem: the usage line, options that don't go together, a bad --timeout.
bool readProbeOptions(const ProbeCommandLine &line, ProbeOptions *out, Problem *problem)
{
    const QCommandLineParser &p = line.parser;
    if (!p.isSet(line.request.model) || !p.positionalArguments().isEmpty()
        || (p.isSet(line.test) && p.isSet(line.noTest))) {
        *problem = Problem{Usage,
                           Tr::tr("usage: squint probe [--profile NAME | --base-url URL "
                                  "[--token-env VAR]] --model NAME [--test | --no-test] [--json]"),
                           true};
        return false;
    }
    ProbeOptions r;
    if (!checkConnectionOptions(p, line.request, problem)
        || !readTimeout(p, line.request, &r.timeoutMs, problem))
        return false;
    r.model = p.value(line.request.model).trimmed();
    r.json = p.isSet(line.json);
    r.test = p.isSet(line.test);
    r.noTest = p.isSet(line.noTest);
    *out = r;
    return true;
}

/// What the server says about `model`, then, unless --no-test, or always with --test, what the
/// test image shows. *tested says whether the image went.
VisionCapability probeVision(const ProbeOptions &options,
                             const Connection &connection,
                             const ChatTarget &target,
                             bool *tested)
{
    const QString &model = options.model;
    QNetworkAccessManager nam;
    CapabilityProbe probe(&nam);
    VisionCapability result;
    bool known = false;
    QObject::connect(&probe,
                     &CapabilityProbe::capabilityKnown,
                     &probe,
                     [&](const QString &, const QString &, const VisionCapability &c) {
                         result = c;
                         known = true;
                     });
    probe.probeMetadata(connection, target.token, model);
    waitUntil(&probe, &CapabilityProbe::capabilityKnown, [&known] { return known; });
    const VisionCapability fromServer = result;
    *tested = !options.noTest
              && (options.test || result.vision == VisionCapability::Vision::Unknown);
    if (*tested) {
        if (!options.json)
            printErr(Tr::tr("Sending a 64 x 64 test image to %1…").arg(model));
        known = false;
        probe.testVision(connection.id, target, model);
        waitUntil(&probe, &CapabilityProbe::capabilityKnown, [&known] { return known; });
        if (result.detail.isEmpty())
            result.detail = fromServer.detail;
    }
    return result;
}

void printVerdict(const QString &model, const VisionCapability &result, bool tested, bool json)
{
    if (json) {
        QJsonObject out{{QStringLiteral("model"), model},
                        {QStringLiteral("vision"), visionKey(result.vision)},
                        {QStringLiteral("source"), sourceKey(result.source)},
                        {QStringLiteral("why"), result.why},
                        {QStringLiteral("detail"), result.detail},
                        {QStringLiteral("tested"), tested}};
        writeOutJson(QJsonDocument(out).toJson(QJsonDocument::Compact) + '\n');
        return;
    }
    printOut(Tr::tr("%1: %2").arg(model, visionText(result.vision)));
    if (!result.why.isEmpty())
        printOut(QStringLiteral("  ") + result.why);
    if (!result.detail.isEmpty())
        printOut(Tr::tr("  model: %1").arg(result.detail));
}

} // namespace

int runProbe(const QStringList &args)
{
    const Command command(QStringLiteral("squint probe"));
    ProbeCommandLine line;
    ProbeOptions options;
    if (int code = Ok; !command.read(line, args, readProbeOptions, &options, &code))
        return code;
    ChatTarget target;
    Connection connection;
    if (!resolveTarget(command, line.parser, line.request, options.timeoutMs, &target, &connection))
        return Usage;
    connection.id = QStringLiteral("cli");

    bool tested = false;
    const VisionCapability result = probeVision(options, connection, target, &tested);
    printVerdict(options.model, result, tested, options.json);
    if (result.vision != VisionCapability::Vision::Unknown)
        return Ok;
    if (!tested)
        return Ok; // --no-test: "unknown" is the answer asked for
    return result.serverError ? ServerError : ConnectionError;
}

} // namespace squint::cli
