// squint ask: one question about images, answered on stdout, with the same core as the window.

#include "cli/askcommand.h"
#include "cli/commandline.h"
#include "cli/historycommand.h"
#include "cli/output.h"

#include "core/catalog/catalog.h"
#include "core/chat/chatcall.h"
#include "core/chat/chatsession.h"
#include "core/compose/composer.h"
#include "core/connections/connections.h"
#include "core/connections/databricksauth.h"
#include "core/connections/databricksconfig.h"
#include "core/util/settings.h"
#include "core/history/conversationstore.h"
#include "core/compose/traymodel.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QNetworkAccessManager>
#include <QTimer>

#include <atomic>
#include <csignal>
#include <cstdio>

namespace squint::cli {

namespace {
class Tr
{
    Q_DECLARE_TR_FUNCTIONS(squint::cli)
};


std::atomic<bool> g_interrupted{false};
extern "C" void onInterrupt(int) { g_interrupted.store(true); }

QJsonObject usageJson(const TokenUsage &u)
{
    QJsonObject o;
    if (u.prompt >= 0)
        o.insert(QStringLiteral("prompt_tokens"), u.prompt);
    if (u.completion >= 0)
        o.insert(QStringLiteral("completion_tokens"), u.completion);
    if (u.total >= 0)
        o.insert(QStringLiteral("total_tokens"), u.total);
    if (u.reasoning >= 0)
        o.insert(QStringLiteral("reasoning_tokens"), u.reasoning);
    return o;
}

int exitCodeFor(const ApiError &e)
{
    switch (e.kind) {
    case ApiError::Kind::Network:
    case ApiError::Kind::Timeout:
    case ApiError::Kind::Tls:
        return ConnectionError;
    case ApiError::Kind::Http:
    case ApiError::Kind::Stream:
    case ApiError::Kind::Protocol:
        return ServerError;
    case ApiError::Kind::Canceled:
        return Interrupted;
    case ApiError::Kind::None:
        break;
    }
    return Failure;
}

} // namespace

RequestOptions::RequestOptions()
    : profile(QStringLiteral("profile"), Tr::tr("Databricks profile in ~/.databrickscfg."), Tr::tr("NAME"))
    , baseUrl(QStringLiteral("base-url"), Tr::tr("OpenAI-compatible base URL, e.g. http://localhost:11434/v1."), Tr::tr("URL"))
    , tokenEnv(QStringLiteral("token-env"), Tr::tr("Environment variable holding the token for --base-url."), Tr::tr("VAR"))
    , model(QStringList{QStringLiteral("m"), QStringLiteral("model")}, Tr::tr("Model or serving endpoint name."), Tr::tr("NAME"))
    , system(QStringLiteral("system"), Tr::tr("System prompt."), Tr::tr("TEXT"))
    , maxTokens(QStringLiteral("max-tokens"), Tr::tr("Most tokens the answer may use."), Tr::tr("N"))
    , temperature(QStringLiteral("temperature"), Tr::tr("Sampling temperature (0 to 2)."), Tr::tr("T"))
    , noStream(QStringLiteral("no-stream"), Tr::tr("Ask for the whole answer at once."))
    , fit(QStringLiteral("fit"), Tr::tr("Fit the images to the model's limits instead of failing."))
    , timeout(QStringLiteral("timeout"), Tr::tr("Seconds without any data before giving up (default 120)."), Tr::tr("S"))
{
}

bool checkConnectionOptions(const QCommandLineParser &p, const RequestOptions &o, const QString &command)
{
    if (p.isSet(o.profile) && p.isSet(o.baseUrl)) {
        printErr(Tr::tr("%1: --profile and --base-url can't be used together.").arg(command));
        return false;
    }
    if (p.isSet(o.tokenEnv) && !p.isSet(o.baseUrl)) {
        printErr(Tr::tr("%1: --token-env goes with --base-url.").arg(command));
        return false;
    }
    return true;
}

void leaveOutRefusedTemperature(const QString &command, const QString &model, double *temperature)
{
    if (*temperature < 0)
        return;
    ChatBodySpec probe;
    probe.temperature = *temperature;
    if (applyModelParameters(builtInParameters(model), probe).contains(QLatin1String("temperature"))) {
        printErr(Tr::tr("%1: %2 takes only its default temperature; --temperature is left out.").arg(command, model));
        *temperature = -1;
    }
}

bool readRequestSettings(const QCommandLineParser &p, const RequestOptions &o, const QString &command, RequestSettings *out)
{
    RequestSettings r;
    r.system = p.value(o.system);
    r.stream = !p.isSet(o.noStream);
    r.fit = p.isSet(o.fit);
    if (p.isSet(o.maxTokens)) {
        bool ok = false;
        r.maxTokens = p.value(o.maxTokens).toInt(&ok);
        if (!ok || r.maxTokens <= 0) {
            printErr(Tr::tr("%1: --max-tokens takes a positive whole number.").arg(command));
            return false;
        }
    }
    if (p.isSet(o.temperature)) {
        bool ok = false;
        r.temperature = p.value(o.temperature).toDouble(&ok);
        if (!ok || r.temperature < 0 || r.temperature > 2) {
            printErr(Tr::tr("%1: --temperature takes a number from 0 to 2.").arg(command));
            return false;
        }
    }
    if (!readTimeout(p, o, command, &r.timeoutMs))
        return false;
    *out = r;
    return true;
}

bool readTimeout(const QCommandLineParser &p, const RequestOptions &o, const QString &command, int *timeoutMs)
{
    if (!p.isSet(o.timeout))
        return true;
    bool ok = false;
    const double s = p.value(o.timeout).toDouble(&ok);
    if (!ok || s <= 0) {
        printErr(Tr::tr("%1: --timeout takes a number of seconds.").arg(command));
        return false;
    }
    *timeoutMs = int(s * 1000);
    return true;
}

bool resolveTarget(const QCommandLineParser &p, const RequestOptions &o, const QString &command, int timeoutMs,
                   ChatTarget *target, Connection *connection, std::optional<DatabricksCredential> *oauthOut)
{
    const QHash<QString, QString> env = systemEnvironment();
    Connection conn;
    QByteArray token;
    if (p.isSet(o.baseUrl)) {
        const QUrl url = QUrl::fromUserInput(p.value(o.baseUrl));
        const QString problem = checkBaseUrl(url);
        if (!problem.isEmpty()) {
            printErr(Tr::tr("%1: %2").arg(command, problem));
            return false;
        }
        conn.kind = url.host() == QLatin1String("api.openai.com") ? Connection::Kind::OpenAI : Connection::Kind::Compatible;
        conn.baseUrl = url.toString();
        conn.name = url.host();
        if (p.isSet(o.tokenEnv)) {
            token = env.value(p.value(o.tokenEnv)).toUtf8();
            if (token.isEmpty()) {
                printErr(Tr::tr("%1: the environment variable %2 is not set or empty.").arg(command, p.value(o.tokenEnv)));
                return false;
            }
        }
    } else {
        const DatabricksResolution r = resolveDatabricks(env, p.value(o.profile), QDir::homePath(), readSmallFile);
        for (const QString &w : r.warnings)
            printErr(Tr::tr("%1: %2").arg(command, w));
        if (!r.isUsable()) {
            printErr(Tr::tr("%1: no Databricks workspace: %2")
                    .arg(command, r.error.isEmpty() ? Tr::tr("set DATABRICKS_HOST and DATABRICKS_TOKEN, write ~/.databrickscfg, "
                                                             "or use --base-url for another endpoint.")
                                                    : r.error));
            return false;
        }
        const QString problem = checkBaseUrl(QUrl(r.host));
        if (!problem.isEmpty()) {
            printErr(Tr::tr("%1: the Databricks host %2: %3").arg(command, r.host, problem));
            return false;
        }
        conn.kind = Connection::Kind::Databricks;
        conn.baseUrl = r.host;
        conn.name = QUrl(r.host).host();
        token = r.token;
        if (const std::optional<DatabricksCredential> oauth = oauthCredential(r)) {
            // Databricks CLI sign-in or a service principal: a short-lived token, fetched now.
            QString why;
            token = fetchDatabricksTokenBlocking(*oauth, env, &why);
            if (token.isEmpty()) {
                printErr(Tr::tr("%1: %2").arg(command, why));
                return false;
            }
            if (oauthOut)
                *oauthOut = oauth;
        }
    }
    *target = chatTargetFor(conn, token);
    target->transferTimeoutMs = timeoutMs;
    if (connection)
        *connection = conn;
    return true;
}

int runAsk(const QStringList &args)
{
    QCommandLineParser p;
    p.setApplicationDescription(
        Tr::tr("Asks a vision model about images and prints the answer as it streams.\n"
               "Without --profile or --base-url, the Databricks workspace comes from DATABRICKS_HOST and "
               "DATABRICKS_TOKEN, or from ~/.databrickscfg (DATABRICKS_CONFIG_PROFILE, DATABRICKS_CONFIG_FILE).\n"
               "With --save, the question and its answer are kept in Squint's history (see \"squint export --list\").\n"
               "Exit status: 0 answered, 1 an image could not be read, 2 usage or configuration, 3 over the "
               "model's limits, 4 connection failed, 5 the server answered with an error, 130 interrupted."));
    p.addHelpOption();
    const RequestOptions o;
    const QCommandLineOption image(QStringList{QStringLiteral("i"), QStringLiteral("image")},
                                   Tr::tr("An image to send (repeat for several)."), Tr::tr("FILE"));
    const QCommandLineOption json(QStringLiteral("json"), Tr::tr("Print one JSON object with the answer, usage and timings."));
    const QCommandLineOption save(QStringLiteral("save"), Tr::tr("Keep the question and its answer in Squint's history."));
    const QCommandLineOption title(QStringLiteral("title"), Tr::tr("With --save: the conversation's title (default: from the prompt)."),
                                   Tr::tr("TEXT"));
    p.addOptions({o.profile, o.baseUrl, o.tokenEnv, o.model, image, o.system, o.maxTokens, o.temperature, o.noStream, json, o.fit,
                  o.timeout, save, title});
    p.addPositionalArgument(QStringLiteral("prompt"), Tr::tr("The question; \"-\" reads it from standard input."), Tr::tr("PROMPT"));
    processSubcommand(p, QStringList{QStringLiteral("squint ask")} + args);

    const QString usage = Tr::tr("usage: squint ask [--profile NAME | --base-url URL [--token-env VAR]] --model NAME "
                                 "[--image FILE]... [--system TEXT] [--max-tokens N] [--no-stream] [--json] [--fit] "
                                 "[--save [--title TEXT]] PROMPT");
    if (!p.isSet(o.model) || p.positionalArguments().size() != 1) {
        printErr(usage);
        return Usage;
    }
    const QString command = QStringLiteral("squint ask");
    if (!checkConnectionOptions(p, o, command))
        return Usage;
    if (p.isSet(title) && !p.isSet(save)) {
        printErr(Tr::tr("squint ask: --title goes with --save."));
        return Usage;
    }
    RequestSettings settingsFromArgs;
    if (!readRequestSettings(p, o, command, &settingsFromArgs))
        return Usage;
    ChatParameters params;
    params.system = settingsFromArgs.system;
    params.stream = settingsFromArgs.stream;
    params.maxTokens = settingsFromArgs.maxTokens;
    params.temperature = settingsFromArgs.temperature;
    leaveOutRefusedTemperature(command, p.value(o.model), &params.temperature);

    QString prompt = p.positionalArguments().constFirst();
    if (prompt == QLatin1String("-")) {
        QFile in;
        if (!in.open(stdin, QIODevice::ReadOnly)) {
            printErr(Tr::tr("squint ask: couldn't read the prompt from standard input."));
            return Usage;
        }
        prompt = QString::fromUtf8(in.readAll()).trimmed();
    }
    if (prompt.trimmed().isEmpty() && p.values(image).isEmpty()) {
        printErr(Tr::tr("squint ask: the prompt is empty."));
        return Usage;
    }

    // Where to send it.
    ChatTarget target;
    if (!resolveTarget(p, o, command, settingsFromArgs.timeoutMs, &target))
        return Usage;

    // The images, prepared exactly as the tray prepares them.
    Settings settings;
    QNetworkAccessManager nam;
    Composer composer(Catalog::builtIn(), &settings, &nam);
    composer.setModelName(p.value(o.model));
    composer.setPrompt(prompt);
    QObject::connect(&composer, &Composer::message, &composer, [](Composer::MessageLevel level, const QString &text) {
        if (level != Composer::MessageLevel::Info)
            printErr(text);
    });
    QEventLoop loop;
    auto waitIdle = [&] {
        QTimer poll;
        QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
            if (!composer.isBusy())
                loop.quit();
        });
        poll.start(10);
        loop.exec();
    };
    const QStringList images = p.values(image);
    if (!images.isEmpty()) {
        composer.addPaths(images);
        waitIdle();
        const TrayModel *tray = composer.tray();
        bool anyFailed = false;
        for (const TrayItem &item : tray->items()) {
            if (item.stage == ItemFacts::Stage::Failed) {
                printErr(Tr::tr("squint ask: “%1” can't be used: %2").arg(item.name, item.error));
                anyFailed = true;
            }
        }
        if (anyFailed)
            return Failure;
        if (p.isSet(o.fit)) {
            composer.fitToModel();
            waitIdle();
        }
    }
    QCoreApplication::processEvents();
    if (!composer.evaluation().canSend) {
        const Evaluation &ev = composer.evaluation();
        printErr(Tr::tr("squint ask: %1").arg(ev.blocker));
        printErr(QStringLiteral("  ") + ev.count.text);
        printErr(QStringLiteral("  ") + ev.payload.text);
        if (!p.isSet(o.fit))
            printErr(Tr::tr("  --fit makes the images fit the model's limits."));
        return OverLimits;
    }

    ChatSession session(&composer, &nam);
    session.conversation()->setParameters(params);
    session.setTarget(target);
    const bool asJson = p.isSet(json);
    // The answer streams through terminalSafe(); a CR at the end of a piece waits for the next one,
    // which tells whether it is half of a CRLF (kept) or a lone CR (shown as a picture).
    QString heldCr;
    QObject::connect(session.conversation(), &Conversation::answerAppended, &session, [asJson, &heldCr](int, const QString &text) {
        if (asJson || text.isEmpty())
            return;
        QString piece = heldCr + text;
        heldCr.clear();
        if (piece.endsWith(QLatin1Char('\r'))) {
            piece.chop(1);
            heldCr = QStringLiteral("\r");
        }
        writeOut(piece);
    });
    QObject::connect(session.conversation(), &Conversation::turnChanged, &session, [&session](int index) {
        static QString last;
        const QString status = session.conversation()->at(index).status;
        if (!status.isEmpty() && status != last && status.contains(QLatin1String("Retrying")))
            printErr(status);
        last = status;
    });
    std::signal(SIGINT, onInterrupt);
    std::signal(SIGTERM, onInterrupt);
    QTimer interruptPoll;
    QObject::connect(&interruptPoll, &QTimer::timeout, &session, [&session] {
        if (g_interrupted.load())
            session.stop();
    });
    interruptPoll.start(50);

    // --save: the history is opened before sending; a history that can't be opened only costs the saving.
    ConversationStore store;
    const bool saving = p.isSet(save) && openHistoryStore(store, QStringLiteral("squint ask"));
    if (p.isSet(save) && !saving)
        printErr(Tr::tr("squint ask: the answer will not be saved."));
    qint64 conversationId = 0;
    qint64 turnStoreId = 0;
    QElapsedTimer sinceSave;
    QObject saveContext; // destroyed before the store: no save after it

    QString why;
    if (!session.send(&why)) {
        printErr(Tr::tr("squint ask: %1").arg(why));
        return Failure;
    }
    if (saving && session.conversation()->count() > 0) {
        const Turn &sent = session.conversation()->at(0);
        const QString name = p.isSet(title) && !p.value(title).trimmed().isEmpty() ? p.value(title).trimmed()
                                                                                   : titleFromPrompt(sent.prompt);
        conversationId = store.createConversation(name, params);
        if (conversationId != 0)
            turnStoreId = store.saveTurn(conversationId, 0, sent);
        if (turnStoreId == 0) {
            printErr(Tr::tr("squint ask: the answer will not be saved: %1").arg(store.lastError()));
            if (conversationId != 0)
                store.deleteConversation(conversationId);
            conversationId = 0;
        }
        sinceSave.start();
    }
    // While the answer streams, what arrived is saved about once a second (a crash loses at most that).
    QObject::connect(session.conversation(), &Conversation::answerAppended, &saveContext, [&](int index, const QString &) {
        if (turnStoreId == 0 || index != 0 || sinceSave.elapsed() < 1000)
            return;
        const Turn &t = session.conversation()->at(0);
        store.saveAnswerProgress(turnStoreId, t.answer, t.state);
        sinceSave.restart();
    });
    QObject::connect(&session, &ChatSession::busyChanged, &loop, [&loop](bool busy) {
        if (!busy)
            loop.quit();
    });
    if (session.isBusy())
        loop.exec();
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);

    const Turn &turn = session.conversation()->at(0);
    if (turn.state != Turn::State::Pending && turn.state != Turn::State::Streaming && !turn.status.isEmpty())
        printErr(Tr::tr("squint ask: %1").arg(turn.status)); // a parameter the server refused, left out
    if (turnStoreId != 0) {
        if (store.saveTurn(conversationId, 0, turn) != 0)
            printErr(Tr::tr("Saved as conversation %1.").arg(conversationId));
        else
            printErr(Tr::tr("squint ask: the answer could not be saved completely: %1").arg(store.lastError()));
    }
    if (asJson) {
        QJsonObject o{{QStringLiteral("model"), turn.model},
                      {QStringLiteral("answer"), turn.answer},
                      {QStringLiteral("state"), turn.isFinished() ? turnStateName(turn.state) : QStringLiteral("failed")},
                      {QStringLiteral("finish_reason"), turn.finishReason},
                      {QStringLiteral("usage"), usageJson(turn.usage)},
                      {QStringLiteral("first_token_ms"), turn.firstTokenMs},
                      {QStringLiteral("total_ms"), turn.totalMs}};
        QJsonArray imgs;
        for (const TurnImage &img : turn.images)
            imgs.append(QJsonObject{{QStringLiteral("name"), img.name},
                                    {QStringLiteral("mime"), img.mime},
                                    {QStringLiteral("bytes"), img.sentBytes},
                                    {QStringLiteral("width"), img.sentSize.width()},
                                    {QStringLiteral("height"), img.sentSize.height()},
                                    {QStringLiteral("sha256"), QString::fromLatin1(img.sha256)}});
        o.insert(QStringLiteral("images"), imgs);
        if (turn.state == Turn::State::Failed)
            o.insert(QStringLiteral("error"), QJsonObject{{QStringLiteral("status"), turn.error.status},
                                                          {QStringLiteral("message"), turn.error.message},
                                                          {QStringLiteral("hint"), turn.error.hint}});
        writeOutJson(QJsonDocument(o).toJson(QJsonDocument::Compact) + '\n');
    } else {
        writeOut(heldCr);
        if (!turn.answer.isEmpty() && !turn.answer.endsWith(QLatin1Char('\n')))
            writeOut(u"\n");
    }

    switch (turn.state) {
    case Turn::State::Done:
        if (turn.finishReason == QLatin1String("length"))
            printErr(Tr::tr("squint ask: the answer was cut off at the token limit."));
        return Ok;
    case Turn::State::Stopped:
        printErr(Tr::tr("squint ask: interrupted."));
        return Interrupted;
    default:
        break;
    }
    printErr(Tr::tr("squint ask: %1").arg(turn.error.message));
    if (!turn.error.hint.isEmpty())
        printErr(QStringLiteral("  ") + turn.error.hint);
    return exitCodeFor(turn.error);
}

} // namespace squint::cli
