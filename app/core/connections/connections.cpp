#include "core/connections/connections.h"

#include "core/util/enumnames.h"

#include <QCoreApplication>
#include <QDir>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QLocale>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSet>
#include <QSettings>
#include <QUuid>

#include <algorithm>

namespace squint {

// Translation context for this file's messages (lupdate reads it from here).
namespace {
class Tr
{
    Q_DECLARE_TR_FUNCTIONS(squint::Connections)
};
} // namespace

namespace {

const QString DatabricksChatPath = QStringLiteral("serving-endpoints/chat/completions");
const QString DatabricksListPath = QStringLiteral("api/2.0/serving-endpoints");
const QString OpenAIBase = QStringLiteral("https://api.openai.com/v1");
const QString OllamaBase = QStringLiteral("http://localhost:11434/v1");

/// `base` + "/" + `path` the way openai-node joins them: one slash between, whatever the base ends
/// with. The base's query is kept, its fragment dropped.
QUrl joined(const QUrl &base, const QString &path)
{
    if (base.isEmpty() || !base.isValid())
        return {};
    QUrl url = base;
    QString p = url.path(QUrl::FullyEncoded);
    while (p.endsWith(u'/'))
        p.chop(1);
    url.setPath(p + u'/' + path, QUrl::TolerantMode);
    url.setFragment({});
    return url;
}

/// The workspace of a Databricks connection, as scheme://host[:port][/path] without query.
QUrl databricksWorkspace(const QString &baseUrl)
{
    QUrl url(normalizeDatabricksHost(baseUrl), QUrl::TolerantMode);
    url.setQuery(QString());
    url.setFragment(QString());
    return url;
}

/// A Databricks base URL that names the AI Gateway's OpenAI-compatible API
/// (https://HOST/ai-gateway/mlflow/v1) rather than the workspace: chat goes under that path, and the
/// model list stays the workspace's serving endpoints, whose names the gateway also takes.
bool isAiGatewayBase(const QUrl &workspace)
{
    return workspace.path().contains(QLatin1String("/ai-gateway/"), Qt::CaseInsensitive);
}

QUrl workspaceRoot(QUrl url)
{
    url.setPath(QString());
    return url;
}

constexpr EnumName<Connection::Kind> KindKeys[] = {
    {Connection::Kind::Databricks, u"databricks"},
    {Connection::Kind::OpenAI, u"openai"},
    {Connection::Kind::Ollama, u"ollama"},
    {Connection::Kind::Compatible, u"compatible"},
};

QString kindKey(Connection::Kind kind)
{
    return nameOf(KindKeys, kind);
}

Connection::Kind kindFromKey(const QString &key)
{
    return valueOf(KindKeys, key).value_or(Connection::Kind::Compatible);
}

constexpr EnumName<Connection::TokenSource> TokenSourceKeys[] = {
    {Connection::TokenSource::None, u"none"},
    {Connection::TokenSource::Keychain, u"keychain"},
    {Connection::TokenSource::Environment, u"environment"},
    {Connection::TokenSource::DatabricksProfile, u"databricks-profile"},
    {Connection::TokenSource::DatabricksCli, u"databricks-cli"},
    {Connection::TokenSource::ServicePrincipal, u"oauth-m2m"},
};

QString tokenSourceKey(Connection::TokenSource source)
{
    return nameOf(TokenSourceKeys, source);
}

Connection::TokenSource tokenSourceFromKey(const QString &key)
{
    return valueOf(TokenSourceKeys, key).value_or(Connection::TokenSource::None);
}

/// `message` has %1 for the parser's complaint and %2 for the byte offset.
QJsonDocument parseJson(QByteArrayView json, QString *error, const QString &message)
{
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(json.toByteArray(), &pe);
    if (pe.error != QJsonParseError::NoError && error)
        *error = message.arg(pe.errorString()).arg(pe.offset);
    return pe.error == QJsonParseError::NoError ? doc : QJsonDocument();
}

/// The message of an error body, whatever its shape ({"error":"..."}, {"error":{"message"}},
/// {"message":...}).
QString errorMessage(const QJsonObject &o)
{
    const QJsonValue e = o.value(QLatin1String("error"));
    if (e.isString())
        return e.toString();
    if (e.isObject())
        return e.toObject().value(QLatin1String("message")).toString();
    return o.value(QLatin1String("message")).toString();
}

} // namespace

QString hostAndPort(const QUrl &url)
{
    return url.port() < 0 ? url.host() : url.host() + u':' + QString::number(url.port());
}

QUrl Connection::chatUrl() const
{
    if (kind == Kind::Databricks) {
        const QUrl workspace = databricksWorkspace(baseUrl);
        return joined(workspace, isAiGatewayBase(workspace) ? QStringLiteral("chat/completions") : DatabricksChatPath);
    }
    return joined(QUrl(baseUrl.trimmed(), QUrl::TolerantMode), QStringLiteral("chat/completions"));
}

QUrl Connection::modelsUrl() const
{
    if (kind == Kind::Databricks) {
        const QUrl workspace = databricksWorkspace(baseUrl);
        return joined(isAiGatewayBase(workspace) ? workspaceRoot(workspace) : workspace, DatabricksListPath);
    }
    return joined(QUrl(baseUrl.trimmed(), QUrl::TolerantMode), QStringLiteral("models"));
}

QString Connection::maxTokensField() const
{
    return kind == Kind::OpenAI ? QStringLiteral("max_completion_tokens") : QStringLiteral("max_tokens");
}

bool Connection::sendsStreamOptions() const { return kind != Kind::Databricks; }

ChatTarget chatTargetFor(const Connection &c, const QByteArray &token)
{
    ChatTarget t;
    t.connectionName = c.name;
    t.chatUrl = c.chatUrl();
    t.token = token;
    t.maxTokensField = c.maxTokensField();
    t.streamOptions = c.sendsStreamOptions();
    return t;
}

QUrl Connection::address() const
{
    if (kind == Kind::Databricks)
        return QUrl(normalizeDatabricksHost(baseUrl.trimmed()), QUrl::TolerantMode);
    return QUrl(baseUrl.trimmed(), QUrl::TolerantMode);
}

QString Connection::keychainKey() const { return QStringLiteral("connection/") + id; }

QString newConnectionId() { return QUuid::createUuid().toString(QUuid::WithoutBraces); }

QString kindName(Connection::Kind kind)
{
    switch (kind) {
    case Connection::Kind::Databricks: return Tr::tr("Databricks workspace");
    case Connection::Kind::OpenAI: return Tr::tr("OpenAI");
    case Connection::Kind::Ollama: return Tr::tr("Ollama (local)");
    case Connection::Kind::Compatible: break;
    }
    return Tr::tr("OpenAI-compatible");
}

QString defaultBaseUrl(Connection::Kind kind)
{
    switch (kind) {
    case Connection::Kind::OpenAI: return OpenAIBase;
    case Connection::Kind::Ollama: return OllamaBase;
    case Connection::Kind::Databricks:
    case Connection::Kind::Compatible: break;
    }
    return {};
}

bool isLoopbackHost(const QString &hostIn)
{
    QString host = hostIn.toLower();
    if (host.endsWith(u'.'))
        host.chop(1);
    if (host.startsWith(u'[') && host.endsWith(u']'))
        host = host.mid(1, host.size() - 2);
    if (host == QLatin1String("localhost"))
        return true;
    QHostAddress address;
    return address.setAddress(host) && address.isLoopback();
}

QString checkBaseUrl(const QUrl &url)
{
    if (url.isEmpty())
        return Tr::tr("Enter the server's address, such as https://api.openai.com/v1.");
    if (!url.isValid())
        return Tr::tr("This is not a valid address.");
    const QString scheme = url.scheme().toLower();
    if (scheme.isEmpty())
        return Tr::tr("Start the address with https://.");
    if (scheme != QLatin1String("https") && scheme != QLatin1String("http"))
        return Tr::tr("Squint talks to servers over https (or http on this computer), not %1.").arg(scheme);
    if (url.host().isEmpty())
        return Tr::tr("The address has no server name.");
    if (!url.userInfo().isEmpty())
        return Tr::tr("Leave the user name and password out of the address; Squint asks for the token separately.");
    if (scheme == QLatin1String("http") && !isLoopbackHost(url.host())) {
        return Tr::tr("Use https for %1: over plain http the token would cross the network unencrypted. "
                      "http is only accepted for servers on this computer (localhost).")
            .arg(url.host());
    }
    return {};
}

bool sameOrigin(const QUrl &a, const QUrl &b)
{
    auto defaultPort = [](const QString &scheme) { return scheme == QLatin1String("https") ? 443 : 80; };
    const QString schemeA = a.scheme().toLower();
    const QString schemeB = b.scheme().toLower();
    return schemeA == schemeB && !a.host().isEmpty() && a.host().compare(b.host(), Qt::CaseInsensitive) == 0
           && a.port(defaultPort(schemeA)) == b.port(defaultPort(schemeB));
}

QString redirectProblem(const QUrl &from, const QUrl &to)
{
    if (sameOrigin(from, to))
        return {};
    QUrl shown = to.adjusted(QUrl::RemoveUserInfo | QUrl::RemovePath | QUrl::RemoveQuery | QUrl::RemoveFragment);
    return Tr::tr("The server redirected the request to another address, %1; Squint sends the token and images "
                  "only to the connection's own address (%2), so it stopped.")
        .arg(shown.toDisplayString(), from.adjusted(QUrl::RemoveUserInfo | QUrl::RemovePath | QUrl::RemoveQuery
                                                    | QUrl::RemoveFragment)
                                          .toDisplayString());
}

void setCredentialRedirectPolicy(QNetworkRequest &request)
{
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::UserVerifiedRedirectPolicy);
}

void guardRedirects(QNetworkReply *reply, const QUrl &origin, QObject *context,
                    std::function<void(const QString &why, int status)> refused)
{
    QObject::connect(reply, &QNetworkReply::redirected, context, [reply, origin, refused](const QUrl &to) {
        const QString problem = redirectProblem(origin, to);
        if (problem.isEmpty()) {
            emit reply->redirectAllowed();
            return;
        }
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        refused(problem, status);
        reply->abort(); // no-op when `refused` already aborted it
    });
}

QList<RemoteModel> parseDatabricksEndpoints(QByteArrayView json, QString *error)
{
    if (error)
        error->clear();
    const QJsonDocument doc = parseJson(json, error, Tr::tr("The list of serving endpoints is not valid JSON: %1 at byte %2."));
    if (doc.isNull())
        return {};
    if (!doc.isObject()) {
        if (error)
            *error = Tr::tr("The list of serving endpoints is not a JSON object.");
        return {};
    }
    const QJsonObject root = doc.object();
    const QJsonValue endpoints = root.value(QLatin1String("endpoints"));
    if (endpoints.isUndefined() || endpoints.isNull()) {
        const QString message = errorMessage(root);
        if (!message.isEmpty() && error)
            *error = Tr::tr("The workspace answered with an error: %1").arg(message);
        return {}; // {} is an empty workspace
    }
    if (!endpoints.isArray()) {
        if (error)
            *error = Tr::tr("The list of serving endpoints has no list of endpoints.");
        return {};
    }

    QList<RemoteModel> out;
    QSet<QString> names;
    const QJsonArray array = endpoints.toArray();
    for (const QJsonValue &value : array) {
        const QJsonObject e = value.toObject();
        const QString name = e.value(QLatin1String("name")).toString();
        if (name.isEmpty() || names.contains(name))
            continue;
        const QJsonArray entities = e.value(QLatin1String("config")).toObject().value(QLatin1String("served_entities")).toArray();
        QString task = e.value(QLatin1String("task")).toString();
        QString displayName;
        QString external;
        for (const QJsonValue &entityValue : entities) {
            const QJsonObject entity = entityValue.toObject();
            const QJsonObject model = entity.value(QLatin1String("external_model")).toObject();
            if (!model.isEmpty()) {
                if (task.isEmpty())
                    task = model.value(QLatin1String("task")).toString();
                if (external.isEmpty()) {
                    const QString provider = model.value(QLatin1String("provider")).toString();
                    const QString modelName = model.value(QLatin1String("name")).toString();
                    external = provider.isEmpty() ? modelName : provider + u'/' + modelName;
                }
            }
            if (displayName.isEmpty()) {
                displayName = entity.value(QLatin1String("foundation_model")).toObject()
                                  .value(QLatin1String("display_name")).toString();
            }
        }
        if (task != QLatin1String("llm/v1/chat"))
            continue;

        RemoteModel m;
        m.name = name;
        m.displayName = displayName.isEmpty() ? name : displayName;
        m.task = task;
        const QJsonObject state = e.value(QLatin1String("state")).toObject();
        m.ready = state.value(QLatin1String("ready")).toString() != QLatin1String("NOT_READY");
        QStringList detail;
        if (!m.ready) {
            const QString update = state.value(QLatin1String("config_update")).toString();
            detail.append(update.isEmpty() ? Tr::tr("not ready") : Tr::tr("not ready: %1").arg(update));
        }
        if (!external.isEmpty())
            detail.append(Tr::tr("external model %1").arg(external));
        m.detail = detail.join(QLatin1String(", "));
        names.insert(name);
        out.append(m);
    }
    return out;
}

QList<RemoteModel> parseModelList(QByteArrayView json, QString *error)
{
    if (error)
        error->clear();
    const QJsonDocument doc = parseJson(json, error, Tr::tr("The list of models is not valid JSON: %1 at byte %2."));
    if (doc.isNull())
        return {};

    QJsonArray items;
    if (doc.isArray()) {
        items = doc.array();
    } else {
        const QJsonObject root = doc.object();
        const QJsonValue data = root.value(QLatin1String("data"));
        const QJsonValue models = root.value(QLatin1String("models"));
        if (data.isArray()) {
            items = data.toArray();
        } else if (models.isArray()) {
            items = models.toArray();
        } else if (!data.isNull()) { // Ollama sends "data": null when no model is installed
            const QString message = errorMessage(root);
            if (error) {
                *error = message.isEmpty() ? Tr::tr("The answer is not a list of models.")
                                           : Tr::tr("The server answered with an error: %1").arg(message);
            }
            return {};
        }
    }

    QList<RemoteModel> out;
    QSet<QString> names;
    for (const QJsonValue &value : std::as_const(items)) {
        const QJsonObject o = value.toObject();
        QString name = o.value(QLatin1String("id")).toString();
        if (name.isEmpty())
            name = o.value(QLatin1String("model")).toString(); // Ollama-style entries (llama.cpp "models")
        if (name.isEmpty())
            name = o.value(QLatin1String("name")).toString();
        if (name.isEmpty() && value.isString())
            name = value.toString();
        if (name.isEmpty() || names.contains(name))
            continue;
        RemoteModel m;
        m.name = name;
        m.displayName = name;
        QStringList detail;
        const QString owner = o.value(QLatin1String("owned_by")).toString();
        if (!owner.isEmpty())
            detail.append(Tr::tr("owned by %1").arg(owner));
        const qint64 context = o.value(QLatin1String("max_model_len")).toInteger();
        if (context > 0)
            detail.append(Tr::tr("context %1 tokens").arg(QLocale().toString(context)));
        m.detail = detail.join(QLatin1String(", "));
        names.insert(name);
        out.append(m);
    }
    return out;
}

QList<RemoteModel> parseRemoteModels(Connection::Kind kind, QByteArrayView json, QString *error)
{
    return kind == Connection::Kind::Databricks ? parseDatabricksEndpoints(json, error) : parseModelList(json, error);
}

QList<Connection> connectionsFromEnvironment(const QHash<QString, QString> &env,
                                             const DatabricksResolution &databricks, QStringList *warnings)
{
    QList<Connection> out;
    if (databricks.isUsable()) {
        const QUrl host(databricks.host, QUrl::TolerantMode);
        const QString problem = checkBaseUrl(host);
        if (!problem.isEmpty()) {
            if (warnings)
                warnings->append(Tr::tr("The Databricks workspace from %1 is not used: %2").arg(databricks.source, problem));
        } else {
            Connection c;
            c.id = QStringLiteral("env:databricks");
            c.kind = Connection::Kind::Databricks;
            c.name = Tr::tr("Databricks (%1)").arg(hostAndPort(host));
            c.baseUrl = databricks.host;
            if (databricks.profile.isEmpty() && databricks.method == QLatin1String("pat")) {
                c.tokenSource = Connection::TokenSource::Environment;
                c.tokenEnv = QStringLiteral("DATABRICKS_TOKEN");
            } else {
                c.tokenSource = Connection::TokenSource::DatabricksProfile;
                c.profile = databricks.profile;
            }
            c.persistent = false;
            out.append(c);
        }
    }

    const QString key = env.value(QStringLiteral("OPENAI_API_KEY")).trimmed();
    if (!key.isEmpty()) {
        QString base = env.value(QStringLiteral("OPENAI_BASE_URL")).trimmed();
        if (base.isEmpty())
            base = OpenAIBase;
        const QUrl url(base, QUrl::TolerantMode);
        const QString problem = checkBaseUrl(url);
        if (!problem.isEmpty()) {
            if (warnings)
                warnings->append(Tr::tr("OPENAI_API_KEY is not used: OPENAI_BASE_URL is refused. %1").arg(problem));
        } else {
            Connection c;
            c.id = QStringLiteral("env:openai");
            if (url.host().compare(QLatin1String("api.openai.com"), Qt::CaseInsensitive) == 0) {
                c.kind = Connection::Kind::OpenAI;
                c.name = Tr::tr("OpenAI");
            } else if (url.port() == 11434 && isLoopbackHost(url.host())) {
                c.kind = Connection::Kind::Ollama;
                c.name = Tr::tr("Ollama (%1)").arg(hostAndPort(url));
            } else {
                c.kind = Connection::Kind::Compatible;
                c.name = Tr::tr("OpenAI-compatible (%1)").arg(hostAndPort(url));
            }
            c.baseUrl = base;
            c.tokenSource = Connection::TokenSource::Environment;
            c.tokenEnv = QStringLiteral("OPENAI_API_KEY");
            c.persistent = false;
            out.append(c);
        }
    }
    return out;
}

// --- ConnectionStore ------------------------------------------------------------------------

namespace {
const QString Group = QStringLiteral("connections");
const QString CurrentKey = QStringLiteral("connections/current");

QString itemGroup(const QString &id)
{
    // QSettings keys can't hold '/' or '\\' safely; percent-encode the id.
    return Group + u'/' + QString::fromLatin1(QUrl::toPercentEncoding(id, "-_."));
}
} // namespace

ConnectionStore::ConnectionStore(QSettings *settings)
    : m_settings(settings)
{
    Q_ASSERT(m_settings);
}

QList<Connection> ConnectionStore::saved() const
{
    QList<Connection> out;
    m_settings->beginGroup(Group);
    const QStringList groups = m_settings->childGroups();
    for (const QString &g : groups) {
        m_settings->beginGroup(g);
        Connection c;
        c.id = m_settings->value(QStringLiteral("id")).toString();
        if (c.id.isEmpty())
            c.id = QUrl::fromPercentEncoding(g.toLatin1());
        c.kind = kindFromKey(m_settings->value(QStringLiteral("kind")).toString());
        c.name = m_settings->value(QStringLiteral("name")).toString();
        c.baseUrl = m_settings->value(QStringLiteral("baseUrl")).toString();
        c.tokenSource = tokenSourceFromKey(m_settings->value(QStringLiteral("tokenSource")).toString());
        c.tokenEnv = m_settings->value(QStringLiteral("tokenEnv")).toString();
        c.profile = m_settings->value(QStringLiteral("profile")).toString();
        c.clientId = m_settings->value(QStringLiteral("clientId")).toString();
        c.persistent = true;
        m_settings->endGroup();
        out.append(c);
    }
    m_settings->endGroup();
    std::sort(out.begin(), out.end(), [](const Connection &a, const Connection &b) {
        const int byName = a.name.compare(b.name, Qt::CaseInsensitive);
        return byName != 0 ? byName < 0 : a.id < b.id;
    });
    return out;
}

void ConnectionStore::save(const Connection &c)
{
    if (!c.persistent || c.id.isEmpty())
        return;
    const QString group = itemGroup(c.id);
    m_settings->remove(group);
    m_settings->beginGroup(group);
    m_settings->setValue(QStringLiteral("id"), c.id);
    m_settings->setValue(QStringLiteral("kind"), kindKey(c.kind));
    m_settings->setValue(QStringLiteral("name"), c.name);
    m_settings->setValue(QStringLiteral("baseUrl"), c.baseUrl);
    m_settings->setValue(QStringLiteral("tokenSource"), tokenSourceKey(c.tokenSource));
    m_settings->setValue(QStringLiteral("tokenEnv"), c.tokenEnv);
    m_settings->setValue(QStringLiteral("profile"), c.profile);
    if (!c.clientId.isEmpty())
        m_settings->setValue(QStringLiteral("clientId"), c.clientId);
    m_settings->endGroup();
    m_settings->sync();
}

void ConnectionStore::remove(const QString &id)
{
    if (id.isEmpty())
        return;
    m_settings->remove(itemGroup(id));
    if (currentId() == id)
        m_settings->remove(CurrentKey);
    m_settings->sync();
}

QString ConnectionStore::currentId() const { return m_settings->value(CurrentKey).toString(); }

void ConnectionStore::setCurrentId(const QString &id)
{
    if (id.isEmpty())
        m_settings->remove(CurrentKey);
    else
        m_settings->setValue(CurrentKey, id);
    m_settings->sync();
}

// --- Tokens ---------------------------------------------------------------------------------

QByteArray tokenFromEnvironment(const Connection &c, const QHash<QString, QString> &env, const QString &homeDir,
                                const FileReader &readFile, QString *error)
{
    QString problem;
    QByteArray token;
    switch (c.tokenSource) {
    case Connection::TokenSource::None:
        break;
    case Connection::TokenSource::Keychain:
    case Connection::TokenSource::ServicePrincipal:
        problem = Tr::tr("The token of %1 is kept in the keychain, not in the environment.").arg(c.name);
        break;
    case Connection::TokenSource::DatabricksCli:
        problem = Tr::tr("The token of %1 comes from the Databricks CLI, not from the environment.").arg(c.name);
        break;
    case Connection::TokenSource::Environment: {
        if (c.tokenEnv.isEmpty()) {
            problem = Tr::tr("No environment variable is named for the token of %1.").arg(c.name);
            break;
        }
        token = env.value(c.tokenEnv).trimmed().toUtf8();
        if (token.isEmpty())
            problem = Tr::tr("The environment variable %1, which holds the token of %2, is not set.").arg(c.tokenEnv, c.name);
        break;
    }
    case Connection::TokenSource::DatabricksProfile: {
        const DatabricksResolution r = resolveDatabricks(env, c.profile, homeDir, readFile);
        if (!r.error.isEmpty()) {
            problem = r.error;
        } else if (!r.method.isEmpty() && r.method != QLatin1String("pat")) {
            problem = Tr::tr("%1 signs in with OAuth (%2): its token is fetched, not read.").arg(c.name, r.method);
        } else if (r.token.isEmpty()) {
            problem = c.profile.isEmpty()
                ? Tr::tr("No Databricks personal access token was found for %1.").arg(c.name)
                : Tr::tr("Profile %1 in %2 has no token.").arg(c.profile, QDir::toNativeSeparators(r.configFile));
        } else if (normalizeDatabricksHost(c.baseUrl).compare(r.host, Qt::CaseInsensitive) != 0) {
            // The token belongs to another workspace now: never send it to this one.
            problem = Tr::tr("The Databricks configuration (%1) now names %2, not %3; its token is not sent to %3.")
                          .arg(r.source, r.host.isEmpty() ? Tr::tr("no workspace") : r.host,
                               normalizeDatabricksHost(c.baseUrl));
        } else {
            token = r.token;
        }
        break;
    }
    }
    if (!problem.isEmpty())
        token.clear();
    if (error)
        *error = problem;
    return token;
}

} // namespace squint
