// squint ask: one question about images, answered on stdout, with the same core as the window.

#include "cli/askcommand.h"
#include "cli/historycommand.h"
#include "cli/output.h"

#include "core/catalog/catalog.h"
#include "core/chat/chatsession.h"
#include "core/compose/composer.h"
#include "core/compose/traymodel.h"
#include "core/history/conversationstore.h"
#include "core/images/pdfpages.h"
#include "core/util/settings.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>

#include <cstdio>
#include <memory>

namespace squint::cli {

namespace {

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

/// --json: the turn as one object.
QJsonObject turnJson(const Turn &turn)
{
    QJsonObject o{{QStringLiteral("model"), turn.model},
                  {QStringLiteral("answer"), turn.answer},
                  {QStringLiteral("state"),
                   turn.isFinished() ? turnStateName(turn.state) : QStringLiteral("failed")},
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
        o.insert(QStringLiteral("error"),
                 QJsonObject{{QStringLiteral("status"), turn.error.status},
                             {QStringLiteral("message"), turn.error.message},
                             {QStringLiteral("hint"), turn.error.hint}});
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

/// The answer on standard output as it streams, through terminalSafe(). A CR at the end of a piece
/// waits for the next one, which tells whether it is half of a CRLF (kept) or a lone CR (shown as a
/// picture).
class AnswerPrinter
{
public:
    void add(const QString &text)
    {
        if (text.isEmpty())
            return;
        QString piece = m_heldCr + text;
        m_heldCr.clear();
        if (piece.endsWith(QLatin1Char('\r'))) {
            piece.chop(1);
            m_heldCr = QStringLiteral("\r");
        }
        writeOut(piece);
    }
    /// What is held back, and a line break after an answer that has none.
    void finish(const QString &answer)
    {
        writeOut(m_heldCr);
        if (!answer.isEmpty() && !answer.endsWith(QLatin1Char('\n')))
            writeOut(u"\n");
    }

private:
    QString m_heldCr;
};

/// --save: the question and its answer in the history. The history is opened before sending; one
/// that can't be opened only costs the saving. While the answer streams, what arrived is saved
/// about once a second (a crash loses at most that).
class AskRecord
{
public:
    AskRecord(const Command &command, const AskOptions &options)
        : m_command(command)
        , m_options(options)
    {
        if (!options.save)
            return;
        m_saving = openHistoryStore(m_store, command);
        if (!m_saving)
            command.say(Tr::tr("the answer will not be saved."));
    }

    /// The turn just sent, saved with a new conversation; its answer saved as it streams.
    void begin(Conversation *conversation)
    {
        if (!m_saving || conversation->count() == 0)
            return;
        const Turn &sent = conversation->at(0);
        const QString title = m_options.title.trimmed();
        m_conversationId = m_store.createConversation(title.isEmpty() ? titleFromPrompt(sent.prompt)
                                                                      : title,
                                                      m_options.parameters);
        if (m_conversationId != 0)
            m_turnId = m_store.saveTurn(m_conversationId, 0, sent);
        if (m_turnId == 0) {
            m_command.say(Tr::tr("the answer will not be saved: %1").arg(m_store.lastError()));
            if (m_conversationId != 0)
                m_store.deleteConversation(m_conversationId);
            m_conversationId = 0;
            return;
        }
        m_sinceSave.start();
        QObject::connect(conversation,
                         &Conversation::answerAppended,
                         &m_context,
                         [this, conversation](int index, const QString &) {
                             if (index != 0 || m_sinceSave.elapsed() < 1000)
                                 return;
                             const Turn &t = conversation->at(0);
                             m_store.saveAnswerProgress(m_turnId, t.answer, t.state);
                             m_sinceSave.restart();
                         });
    }

    /// The turn as it ended.
    void finish(const Turn &turn)
    {
        if (m_turnId == 0)
            return;
        if (m_store.saveTurn(m_conversationId, 0, turn) != 0)
            printErr(Tr::tr("Saved as conversation %1.").arg(m_conversationId));
        else
            m_command.say(
                Tr::tr("the answer could not be saved completely: %1").arg(m_store.lastError()));
    }

private:
    const Command &m_command;
    const AskOptions &m_options;
    ConversationStore m_store;
    QObject m_context; // destroyed before the store: no save after it
    bool m_saving = false;
    qint64 m_conversationId = 0;
    qint64 m_turnId = 0;
    QElapsedTimer m_sinceSave;
};

/// "-" reads the prompt from standard input; a prompt without images can't be empty.
bool readPrompt(const Command &command, AskOptions *options)
{
    if (options->prompt == QLatin1String("-")) {
        QFile in;
        if (!in.open(stdin, QIODevice::ReadOnly)) {
            command.say(Tr::tr("couldn't read the prompt from standard input."));
            return false;
        }
        options->prompt = QString::fromUtf8(in.readAll()).trimmed();
    }
    if (options->prompt.trimmed().isEmpty() && options->images.isEmpty()) {
        command.say(Tr::tr("the prompt is empty."));
        return false;
    }
    return true;
}

/// The images, prepared exactly as the tray prepares them: Ok, or why they can't go.
int prepareImages(const Command &command, Composer &composer, const AskOptions &options)
{
    composer.setModelName(options.model);
    composer.setPrompt(options.prompt);
    if (options.keepMetadata)
        composer.setKeepMetadata(true);
    composer.setPdfPages(options.pages);
    QObject::connect(&composer, &Composer::message, &composer, [](Composer::MessageLevel level, const QString &text) {
        if (level != Composer::MessageLevel::Info)
            printErr(text);
    });
    if (!options.images.isEmpty()) {
        composer.addPaths(options.images);
        waitUntilIdle(composer);
        bool anyFailed = false;
        for (const TrayItem &item : composer.tray()->items()) {
            if (item.stage == ItemFacts::Stage::Failed) {
                command.say(Tr::tr("“%1” can't be used: %2").arg(item.name, item.error));
                anyFailed = true;
            }
        }
        if (anyFailed)
            return Failure;
        if (options.request.fit)
            composer.fitToModel();
    }
    waitUntilIdle(composer);
    const Evaluation &ev = composer.evaluation();
    if (ev.canSend)
        return Ok;
    command.say(ev.blocker);
    printErr(QStringLiteral("  ") + ev.count.text);
    printErr(QStringLiteral("  ") + ev.payload.text);
    if (!options.request.fit)
        printErr(Tr::tr("  --fit makes the images fit the model's limits."));
    return OverLimits;
}

/// What the finished turn means for the user and the exit code.
int reportOutcome(const Command &command, const Turn &turn)
{
    switch (turn.state) {
    case Turn::State::Done:
        if (turn.finishReason == QLatin1String("length"))
            command.say(Tr::tr("the answer was cut off at the token limit."));
        return Ok;
    case Turn::State::Stopped:
        command.say(Tr::tr("interrupted."));
        return Interrupted;
    default:
        break;
    }
    command.say(turn.error.message);
    if (!turn.error.hint.isEmpty())
        printErr(QStringLiteral("  ") + turn.error.hint);
    return exitCodeFor(turn.error);
}

/// Sends the question, streams the answer (SIGINT or SIGTERM stops it, keeping what arrived),
/// saves it with --save and says how it ended.
int askAndAnswer(const Command &command,
                 Composer &composer,
                 QNetworkAccessManager &nam,
                 const AskOptions &options,
                 const ChatTarget &target)
{
    ChatSession session(&composer, &nam);
    Conversation *conversation = session.conversation();
    conversation->setParameters(options.parameters);
    session.setTarget(target);
    AnswerPrinter printer;
    if (!options.json)
        QObject::connect(conversation,
                         &Conversation::answerAppended,
                         &session,
                         [&printer](int, const QString &text) { printer.add(text); });
    QObject::connect(conversation,
                     &Conversation::turnChanged,
                     &session,
                     [conversation, last = QString()](int index) mutable {
                         const QString status = conversation->at(index).status;
                         if (!status.isEmpty() && status != last
                             && status.contains(QLatin1String("Retrying")))
                             printErr(status);
                         last = status;
                     });
    auto interruption = std::make_unique<Interruption>();
    QObject::connect(interruption.get(), &Interruption::interrupted, &session, &ChatSession::stop);
    AskRecord record(command, options);
    QString why;
    if (!session.send(&why))
        return command.fail(Failure, why);
    record.begin(conversation);
    waitUntil(&session, &ChatSession::busyChanged, [&session] { return !session.isBusy(); });
    interruption.reset();

    const Turn &turn = conversation->at(0);
    if (turn.state != Turn::State::Pending && turn.state != Turn::State::Streaming
        && !turn.status.isEmpty())
        command.say(turn.status); // a parameter the server refused, left out
    record.finish(turn);
    if (options.json)
        writeOutJson(QJsonDocument(turnJson(turn)).toJson(QJsonDocument::Compact) + '\n');
    else
        printer.finish(turn.answer);
    return reportOutcome(command, turn);
}

} // namespace

AskCommandLine::AskCommandLine()
    : image(QStringList{QStringLiteral("i"), QStringLiteral("image")},
            Tr::tr("An image to send (repeat for several)."),
            Tr::tr("FILE"))
    , pages(QStringLiteral("pages"),
            Tr::tr("The pages of the PDF images to send, as \"2-4,7\" (default: all, up to %1).")
                .arg(MaxPdfPagesAtOnce),
            Tr::tr("PAGES"))
    , keepMetadata(
          QStringLiteral("keep-metadata"),
          Tr::tr("Send the images with their location and camera data (GPS, EXIF, XMP, comments); "
                 "by default Squint removes them from what it sends."))
    , json(QStringLiteral("json"),
           Tr::tr("Print one JSON object with the answer, usage and timings."))
    , save(QStringLiteral("save"), Tr::tr("Keep the question and its answer in Squint's history."))
    , title(QStringLiteral("title"),
            Tr::tr("With --save: the conversation's title (default: from the prompt)."),
            Tr::tr("TEXT"))
{
    parser.setApplicationDescription(Tr::tr(
        "Asks a vision model about images and prints the answer as it streams.\n"
        "Without --profile or --base-url, the Databricks workspace comes from DATABRICKS_HOST and "
        "DATABRICKS_TOKEN, or from ~/.databrickscfg (DATABRICKS_CONFIG_PROFILE, "
        "DATABRICKS_CONFIG_FILE).\n"
        "With --save, the question and its answer are kept in Squint's history (see \"squint "
        "export "
        "--list\").\n"
        "Exit status: 0 answered, 1 an image could not be read, 2 usage or configuration, 3 over "
        "the model's limits, 4 connection failed, 5 the server answered with an error, 130 "
        "interrupted."));
    parser.addHelpOption();
    const RequestOptions &o = request;
    parser.addOptions(o.targetOptions());
    parser.addOptions({image,
                       pages,
                       keepMetadata,
                       o.system,
                       o.maxTokens,
                       o.temperature,
                       o.noStream,
                       json,
                       o.fit,
                       o.timeout,
                       save,
                       title});
    parser.addPositionalArgument(QStringLiteral("prompt"),
                                 Tr::tr("The question; \"-\" reads it from standard input."),
                                 Tr::tr("PROMPT"));
}

bool readAskOptions(const AskCommandLine &line, AskOptions *out, Problem *problem)
{
    const QCommandLineParser &p = line.parser;
    const RequestOptions &o = line.request;
    if (!p.isSet(o.model) || p.positionalArguments().size() != 1) {
        *problem = Problem{
            Usage,
            Tr::tr("usage: squint ask [--profile NAME | --base-url URL [--token-env VAR]] --model "
                   "NAME "
                   "[--image FILE]... [--pages PAGES] [--keep-metadata] [--system TEXT] "
                   "[--max-tokens N] [--no-stream] [--json] [--fit] "
                   "[--save [--title TEXT]] PROMPT"),
            true};
        return false;
    }
    if (!checkConnectionOptions(p, o, problem))
        return false;
    if (p.isSet(line.title) && !p.isSet(line.save)) {
        *problem = Problem{Usage, Tr::tr("--title goes with --save.")};
        return false;
    }
    AskOptions r;
    if (!readRequestSettings(p, o, &r.request, problem))
        return false;
    r.model = p.value(o.model);
    r.prompt = p.positionalArguments().constFirst();
    r.images = p.values(line.image);
    r.parameters.system = r.request.system;
    r.parameters.stream = r.request.stream;
    r.parameters.maxTokens = r.request.maxTokens;
    r.parameters.temperature = r.request.temperature;
    r.json = p.isSet(line.json);
    r.save = p.isSet(line.save);
    r.title = p.value(line.title);
    r.pages = p.value(line.pages);
    r.keepMetadata = p.isSet(line.keepMetadata);
    if (p.isSet(line.pages)) {
        QString why;
        if (!parsePageRanges(r.pages, &why)) {
            *problem = Problem{Usage, Tr::tr("--pages %1: %2").arg(r.pages, why)};
            return false;
        }
    }
    *out = r;
    return true;
}

int runAsk(const QStringList &args)
{
    const Command command(QStringLiteral("squint ask"));
    AskCommandLine line;
    AskOptions options;
    if (int code = Ok; !command.read(line, args, readAskOptions, &options, &code))
        return code;
    leaveOutRefusedTemperature(command, options.model, &options.parameters.temperature);
    if (!readPrompt(command, &options))
        return Usage;
    ChatTarget target;
    if (!resolveTarget(command, line.parser, line.request, options.request.timeoutMs, &target))
        return Usage;

    Settings settings;
    QNetworkAccessManager nam;
    Composer composer(Catalog::builtIn(), &settings, &nam);
    if (const int code = prepareImages(command, composer, options); code != Ok)
        return code;
    return askAndAnswer(command, composer, nam, options, target);
}

} // namespace squint::cli
