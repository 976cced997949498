#include "cli/requestoptions.h"

#include "core/chat/chatcall.h"
#include "core/connections/databricksconfig.h"

#include <QDir>
#include <QUrl>

namespace squint::cli {

namespace {
bool failWith(Problem *problem, const QString &text)
{
    *problem = Problem{Usage, text};
    return false;
}

/// A connection and its token from --base-url and --token-env.
bool fromBaseUrl(const Command &command,
                 const QCommandLineParser &p,
                 const RequestOptions &o,
                 const QHash<QString, QString> &env,
                 Connection *conn,
                 QByteArray *token)
{
    const QUrl url = QUrl::fromUserInput(p.value(o.baseUrl));
    const QString problem = checkBaseUrl(url);
    if (!problem.isEmpty()) {
        command.say(problem);
        return false;
    }
    conn->kind = url.host() == QLatin1String("api.openai.com") ? Connection::Kind::OpenAI
                                                               : Connection::Kind::Compatible;
    conn->baseUrl = url.toString();
    conn->name = url.host();
    if (p.isSet(o.tokenEnv)) {
        *token = env.value(p.value(o.tokenEnv)).toUtf8();
        if (token->isEmpty()) {
            command.say(
                Tr::tr("the environment variable %1 is not set or empty.").arg(p.value(o.tokenEnv)));
            return false;
        }
    }
    return true;
}

/// A connection and its token from --profile, the environment or ~/.databrickscfg; an OAuth
/// token is fetched now, and its credential kept in *oauthOut (optional).
bool fromDatabricks(const Command &command,
                    const QCommandLineParser &p,
                    const RequestOptions &o,
                    const QHash<QString, QString> &env,
                    Connection *conn,
                    QByteArray *token,
                    std::optional<DatabricksCredential> *oauthOut)
{
    const DatabricksResolution r = resolveDatabricks(env,
                                                     p.value(o.profile),
                                                     QDir::homePath(),
                                                     readSmallFile);
    for (const QString &w : r.warnings)
        command.say(w);
    if (!r.isUsable()) {
        command.say(
            Tr::tr("no Databricks workspace: %1")
                .arg(r.error.isEmpty() ? Tr::tr(
                         "set DATABRICKS_HOST and DATABRICKS_TOKEN, write ~/.databrickscfg, or use "
                         "--base-url for another endpoint.")
                                       : r.error));
        return false;
    }
    const QString problem = checkBaseUrl(QUrl(r.host));
    if (!problem.isEmpty()) {
        command.say(Tr::tr("the Databricks host %1: %2").arg(r.host, problem));
        return false;
    }
    conn->kind = Connection::Kind::Databricks;
    conn->baseUrl = r.host;
    conn->name = QUrl(r.host).host();
    *token = r.token;
    if (const std::optional<DatabricksCredential> oauth = oauthCredential(r)) {
        // Databricks CLI sign-in or a service principal: a short-lived token, fetched now.
        QString why;
        *token = fetchDatabricksTokenBlocking(*oauth, env, &why);
        if (token->isEmpty()) {
            command.say(why);
            return false;
        }
        if (oauthOut)
            *oauthOut = oauth;
    }
    return true;
}
} // namespace

RequestOptions::RequestOptions()
    : profile(QStringLiteral("profile"),
              Tr::tr("Databricks profile in ~/.databrickscfg."),
              Tr::tr("NAME"))
    , baseUrl(QStringLiteral("base-url"),
              Tr::tr("OpenAI-compatible base URL, e.g. http://localhost:11434/v1."),
              Tr::tr("URL"))
    , tokenEnv(QStringLiteral("token-env"),
               Tr::tr("Environment variable holding the token for --base-url."),
               Tr::tr("VAR"))
    , model(QStringList{QStringLiteral("m"), QStringLiteral("model")},
            Tr::tr("Model or serving endpoint name."),
            Tr::tr("NAME"))
    , system(QStringLiteral("system"), Tr::tr("System prompt."), Tr::tr("TEXT"))
    , maxTokens(QStringLiteral("max-tokens"), Tr::tr("Most tokens the answer may use."), Tr::tr("N"))
    , temperature(QStringLiteral("temperature"),
                  Tr::tr("Sampling temperature (0 to 2)."),
                  Tr::tr("T"))
    , noStream(QStringLiteral("no-stream"), Tr::tr("Ask for the whole answer at once."))
    , fit(QStringLiteral("fit"), Tr::tr("Fit the images to the model's limits instead of failing."))
    , timeout(QStringLiteral("timeout"),
              Tr::tr("Seconds without any data before giving up (default 120)."),
              Tr::tr("S"))
{}

bool checkConnectionOptions(const QCommandLineParser &p, const RequestOptions &o, Problem *problem)
{
    if (p.isSet(o.profile) && p.isSet(o.baseUrl))
        return failWith(problem, Tr::tr("--profile and --base-url can't be used together."));
    if (p.isSet(o.tokenEnv) && !p.isSet(o.baseUrl))
        return failWith(problem, Tr::tr("--token-env goes with --base-url."));
    return true;
}

void leaveOutRefusedTemperature(const Command &command, const QString &model, double *temperature)
{
    if (*temperature < 0)
        return;
    ChatBodySpec probe;
    probe.temperature = *temperature;
    if (applyModelParameters(builtInParameters(model), probe).contains(QLatin1String("temperature"))) {
        command.say(
            Tr::tr("%1 takes only its default temperature; --temperature is left out.").arg(model));
        *temperature = -1;
    }
}

bool readRequestSettings(const QCommandLineParser &p,
                         const RequestOptions &o,
                         RequestSettings *out,
                         Problem *problem)
{
    RequestSettings r;
    r.system = p.value(o.system);
    r.stream = !p.isSet(o.noStream);
    r.fit = p.isSet(o.fit);
    if (p.isSet(o.maxTokens)) {
        bool ok = false;
        r.maxTokens = p.value(o.maxTokens).toInt(&ok);
        if (!ok || r.maxTokens <= 0)
            return failWith(problem, Tr::tr("--max-tokens takes a positive whole number."));
    }
    if (p.isSet(o.temperature)) {
        bool ok = false;
        r.temperature = p.value(o.temperature).toDouble(&ok);
        if (!ok || r.temperature < 0 || r.temperature > 2)
            return failWith(problem, Tr::tr("--temperature takes a number from 0 to 2."));
    }
    if (!readTimeout(p, o, &r.timeoutMs, problem))
        return false;
    *out = r;
    return true;
}

bool readTimeout(const QCommandLineParser &p,
                 const RequestOptions &o,
                 int *timeoutMs,
                 Problem *problem)
{
    if (!p.isSet(o.timeout))
        return true;
    bool ok = false;
    const double s = p.value(o.timeout).toDouble(&ok);
    if (!ok || s <= 0)
        return failWith(problem, Tr::tr("--timeout takes a number of seconds."));
    *timeoutMs = int(s * 1000);
    return true;
}

bool resolveTarget(const Command &command,
                   const QCommandLineParser &p,
                   const RequestOptions &o,
                   int timeoutMs,
                   ChatTarget *target,
                   Connection *connection,
                   std::optional<DatabricksCredential> *oauth)
{
    const QHash<QString, QString> env = systemEnvironment();
    Connection conn;
    QByteArray token;
    const bool ok = p.isSet(o.baseUrl) ? fromBaseUrl(command, p, o, env, &conn, &token)
                                       : fromDatabricks(command, p, o, env, &conn, &token, oauth);
    if (!ok)
        return false;
    *target = chatTargetFor(conn, token);
    target->transferTimeoutMs = timeoutMs;
    if (connection)
        *connection = conn;
    return true;
}

} // namespace squint::cli
