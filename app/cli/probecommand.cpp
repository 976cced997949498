// squint probe: whether a model sees images (the window's model picker and Test Vision, headless).

#include "cli/probecommand.h"
#include "cli/askcommand.h"
#include "cli/commandline.h"
#include "cli/output.h"

#include "core/catalog/capabilities.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QEventLoop>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>

namespace squint::cli {

namespace {
class Tr
{
    Q_DECLARE_TR_FUNCTIONS(squint::cli)
};

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
} // namespace

int runProbe(const QStringList &args)
{
    QCommandLineParser p;
    p.setApplicationDescription(
        Tr::tr("Says whether a model sees images. It asks the server first (Ollama's /api/show, "
               "llama.cpp's /props "
               "and models list, the Databricks serving endpoint); when that says nothing, it "
               "sends one 64 x 64 red "
               "PNG with the question \"What colour is this image?\" and reads the answer.\n"
               "Verdicts: sees images, cannot see images (the server says so or rejects the "
               "image), ignores images "
               "(it answered without naming the colour), unknown.\n"
               "Exit status: 0 a verdict was reached (sees, cannot see or ignores), 2 usage or "
               "configuration, "
               "4 connection failed, 5 the server answered with an error that says nothing about "
               "images."));
    p.addHelpOption();
    const RequestOptions o;
    const QCommandLineOption json(QStringLiteral("json"),
                                  Tr::tr("Print one JSON object with the verdict."));
    const QCommandLineOption test(QStringLiteral("test"),
                                  Tr::tr("Send the test image even when the server says."));
    const QCommandLineOption noTest(QStringLiteral("no-test"),
                                    Tr::tr("Only ask the server; never send the test image."));
    p.addOptions({o.profile, o.baseUrl, o.tokenEnv, o.model, json, test, noTest, o.timeout});
    processSubcommand(p, QStringList{QStringLiteral("squint probe")} + args);
    const QString command = QStringLiteral("squint probe");
    if (!p.isSet(o.model) || !p.positionalArguments().isEmpty()
        || (p.isSet(test) && p.isSet(noTest))) {
        printErr(Tr::tr(
            "usage: squint probe [--profile NAME | --base-url URL [--token-env VAR]] --model NAME "
            "[--test | --no-test] [--json]"));
        return Usage;
    }
    if (!checkConnectionOptions(p, o, command))
        return Usage;
    RequestSettings settings; // only the timeout: probe takes no other request option
    if (!readTimeout(p, o, command, &settings.timeoutMs))
        return Usage;
    ChatTarget target;
    Connection connection;
    if (!resolveTarget(p, o, command, settings.timeoutMs, &target, &connection))
        return Usage;
    connection.id = QStringLiteral("cli");
    const QString model = p.value(o.model).trimmed();

    QNetworkAccessManager nam;
    CapabilityProbe probe(&nam);
    QEventLoop loop;
    VisionCapability result;
    QObject::connect(&probe,
                     &CapabilityProbe::capabilityKnown,
                     &loop,
                     [&](const QString &, const QString &, const VisionCapability &c) {
                         result = c;
                         loop.quit();
                     });
    probe.probeMetadata(connection, target.token, model);
    loop.exec();
    const VisionCapability fromServer = result;
    const bool runTest = !p.isSet(noTest)
                         && (p.isSet(test) || result.vision == VisionCapability::Vision::Unknown);
    if (runTest) {
        if (!p.isSet(json))
            printErr(Tr::tr("Sending a 64 x 64 test image to %1…").arg(model));
        probe.testVision(connection.id, target, model);
        loop.exec();
        if (result.detail.isEmpty())
            result.detail = fromServer.detail;
    }

    if (p.isSet(json)) {
        QJsonObject out{{QStringLiteral("model"), model},
                        {QStringLiteral("vision"), visionKey(result.vision)},
                        {QStringLiteral("source"), sourceKey(result.source)},
                        {QStringLiteral("why"), result.why},
                        {QStringLiteral("detail"), result.detail},
                        {QStringLiteral("tested"), runTest}};
        writeOutJson(QJsonDocument(out).toJson(QJsonDocument::Compact) + '\n');
    } else {
        printOut(Tr::tr("%1: %2").arg(model, visionText(result.vision)));
        if (!result.why.isEmpty())
            printOut(QStringLiteral("  ") + result.why);
        if (!result.detail.isEmpty())
            printOut(Tr::tr("  model: %1").arg(result.detail));
    }
    if (result.vision != VisionCapability::Vision::Unknown)
        return Ok;
    if (!runTest)
        return Ok; // --no-test: "unknown" is the answer asked for
    return result.serverError ? ServerError : ConnectionError;
}

} // namespace squint::cli
