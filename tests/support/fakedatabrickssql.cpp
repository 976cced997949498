#include "fakedatabrickssql.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QRegularExpression>
#include <QSet>
#include <QUrlQuery>

namespace squint::test {

namespace {

QByteArray json(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

/// A Databricks SQL string literal's text ('...' with backslash escapes).
QString unescapeSql(const QString &literal)
{
    QString out;
    for (qsizetype i = 0; i < literal.size(); ++i) {
        const QChar c = literal[i];
        if (c != u'\\' || i + 1 >= literal.size()) {
            out += c;
            continue;
        }
        const QChar n = literal[++i];
        switch (n.unicode()) {
        case 'n':
            out += u'\n';
            break;
        case 'r':
            out += u'\r';
            break;
        case 't':
            out += u'\t';
            break;
        case 'u':
            out += QChar(char16_t(literal.mid(i + 1, 4).toUShort(nullptr, 16)));
            i += 4;
            break;
        default:
            out += n;
        }
    }
    return out;
}

QString mimeOf(const QByteArray &bytes)
{
    if (bytes.startsWith("\x89PNG"))
        return QStringLiteral("image/png");
    if (bytes.startsWith("\xff\xd8\xff"))
        return QStringLiteral("image/jpeg");
    if (bytes.startsWith("GIF8"))
        return QStringLiteral("image/gif");
    if (bytes.startsWith("RIFF") && bytes.mid(8, 4) == "WEBP")
        return QStringLiteral("image/webp");
    return QStringLiteral("application/octet-stream");
}

} // namespace

struct FakeDatabricksSql::Statement
{
    QString id;
    QString warehouseId;
    QString state = QStringLiteral("PENDING");
    QString errorCode, sqlState, message;
    bool external = false;
    int runningPolls = 0;
    // ai_query
    QString endpoint, folder, prompt, responseFormat;
    int maxTokens = 0;
    double temperature = -1;
    QStringList paths; ///< the files read_files reads
    QList<QJsonArray> rows;
    int nextChat = 0, chatsOut = 0, chatsDone = 0;
    bool started = false;
    QList<QNetworkReply *> replies;
};

FakeDatabricksSql::FakeDatabricksSql(FakeChatEndpoint *chat, QObject *parent)
    : QObject(parent)
    , m_chat(chat)
    , m_server(new FakeHttpServer(this))
    , m_nam(new QNetworkAccessManager(this))
{
    m_server->setFallback([this](const RecordedRequest &r) { return answer(r); });
}

FakeDatabricksSql::~FakeDatabricksSql()
{
    for (const auto &s : std::as_const(m_statements)) {
        for (QNetworkReply *r : std::as_const(s->replies)) {
            r->disconnect(this);
            r->abort();
        }
    }
}

QUrl FakeDatabricksSql::host() const
{
    return m_server->url(QStringLiteral("/")).adjusted(QUrl::StripTrailingSlash);
}

void FakeDatabricksSql::addWarehouse(const QString &id,
                                     const QString &name,
                                     const QString &state,
                                     const QString &type,
                                     int startPolls)
{
    m_warehouses.append(Warehouse{id, name, state, type, startPolls, 0});
}

QString FakeDatabricksSql::warehouseState(const QString &id) const
{
    for (const Warehouse &w : m_warehouses) {
        if (w.id == id)
            return w.state;
    }
    return {};
}

void FakeDatabricksSql::failNextStatement(const QString &errorCode,
                                          const QString &sqlState,
                                          const QString &message)
{
    m_failCode = errorCode;
    m_failState = sqlState;
    m_failMessage = message;
}

void FakeDatabricksSql::rateLimitUploads(int count, int retryAfterS)
{
    m_rateLimitUploads = count;
    m_retryAfterS = retryAfterS;
}

void FakeDatabricksSql::setRecordRequests(bool record)
{
    m_record = record;
    m_server->setRecordRequests(record);
}

QString FakeDatabricksSql::spoolPath(const QString &path) const
{
    return m_spool + u'/'
           + QString::fromLatin1(
               QCryptographicHash::hash(path.toUtf8(), QCryptographicHash::Sha1).toHex());
}

QByteArray FakeDatabricksSql::bytesOf(const QString &path) const
{
    if (m_spool.isEmpty())
        return m_files.value(path);
    QFile f(spoolPath(path));
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

qint64 FakeDatabricksSql::sizeOf(const QString &path) const
{
    return m_spool.isEmpty() ? m_files.value(path).size() : m_spoolSizes.value(path, -1);
}

Response FakeDatabricksSql::timed(Response r) const
{
    r.stallMs = m_latencyMs;
    return r;
}

Response FakeDatabricksSql::apiError(int status, const QString &code, const QString &message) const
{
    Response r = Response::ok(json(QJsonObject{{QStringLiteral("error_code"), code},
                                               {QStringLiteral("message"), message}}),
                              "application/json");
    r.status = status;
    return timed(r);
}

Response FakeDatabricksSql::answer(const RecordedRequest &r)
{
    const QString path = r.path;
    if (path.startsWith(QLatin1String("/external/")))
        return external(r);
    if (!m_token.isEmpty() && r.header("Authorization") != "Bearer " + m_token) {
        m_problems << QStringLiteral("%1 %2 without the right token")
                          .arg(QString::fromLatin1(r.method), path);
        return apiError(401,
                        QStringLiteral("UNAUTHENTICATED"),
                        QStringLiteral("Invalid access token."));
    }
    static const QString filesApi = QStringLiteral("/api/2.0/fs/files");
    static const QString dirsApi = QStringLiteral("/api/2.0/fs/directories");
    static const QString whApi = QStringLiteral("/api/2.0/sql/warehouses");
    static const QString stApi = QStringLiteral("/api/2.0/sql/statements");
    if (path.startsWith(filesApi + u'/'))
        return files(r, path.mid(filesApi.size()));
    if (path.startsWith(dirsApi + u'/'))
        return directories(r, path.mid(dirsApi.size()));
    if (path == whApi || path.startsWith(whApi + u'/'))
        return warehouses(r, path.mid(whApi.size()));
    if (path == stApi || path.startsWith(stApi + u'/'))
        return statements(r, path.mid(stApi.size()));
    return apiError(404,
                    QStringLiteral("ENDPOINT_NOT_FOUND"),
                    QStringLiteral("No API found for '%1'").arg(path));
}

// ---- Files API ---------------------------------------------------------------------------------------

Response FakeDatabricksSql::files(const RecordedRequest &r, const QString &path)
{
    const QString parent = path.left(path.lastIndexOf(u'/'));
    if (r.method == "PUT") {
        if (m_rateLimitUploads > 0) {
            --m_rateLimitUploads;
            ++m_rateLimited;
            return apiError(429,
                            QStringLiteral("RESOURCE_EXHAUSTED"),
                            QStringLiteral("Too many requests."))
                .withHeader("Retry-After", QByteArray::number(m_retryAfterS));
        }
        if (!r.header("Content-Type").startsWith("application/octet-stream"))
            m_problems << QStringLiteral("PUT %1 with Content-Type %2")
                              .arg(path, QString::fromLatin1(r.header("Content-Type")));
        const bool overwrite = QUrlQuery(QString::fromLatin1(r.query))
                                   .queryItemValue(QStringLiteral("overwrite"))
                               == QLatin1String("true");
        if (!overwrite && m_files.contains(path))
            return apiError(409,
                            QStringLiteral("ALREADY_EXISTS"),
                            QStringLiteral("The file being created already exists."));
        if (!m_dirs.contains(parent))
            m_dirs.insert(parent); // PUT creates the parents, like the real API
        if (m_spool.isEmpty()) {
            m_files.insert(path, r.body);
        } else {
            QFile f(spoolPath(path));
            if (!f.open(QIODevice::WriteOnly) || f.write(r.body) != r.body.size())
                return apiError(500,
                                QStringLiteral("INTERNAL_ERROR"),
                                QStringLiteral("The fake could not spool the file."));
            m_files.insert(path, QByteArray());
            m_spoolSizes.insert(path, r.body.size());
        }
        m_uploads << path;
        m_written.insert(path, QDateTime::currentDateTimeUtc());
        return timed(Response::ok({}, "application/json"));
    }
    const auto it = m_files.constFind(path);
    if (r.method == "HEAD") {
        ++m_heads;
        if (it == m_files.constEnd())
            return timed(Response::error(404));
        Response ok;
        // last-modified as the Files API sends it: an HTTP date, whole seconds, GMT.
        const QByteArray written = QLocale::c()
                                       .toString(m_written.value(path),
                                                 QStringLiteral("ddd, dd MMM yyyy hh:mm:ss 'GMT'"))
                                       .toLatin1();
        ok.headers = {{"Content-Type", "application/octet-stream"},
                      {"Content-Length", QByteArray::number(it->size())},
                      {"Last-Modified", written}};
        return timed(ok);
    }
    if (it == m_files.constEnd())
        return apiError(404,
                        QStringLiteral("NOT_FOUND"),
                        QStringLiteral("The file being accessed is not found."));
    if (r.method == "GET")
        return timed(Response::ok(bytesOf(path), "application/octet-stream"));
    if (r.method == "DELETE") {
        m_files.remove(path);
        return timed(Response::ok({}, "application/json"));
    }
    return apiError(405, QStringLiteral("BAD_REQUEST"), QStringLiteral("Method not allowed."));
}

Response FakeDatabricksSql::directories(const RecordedRequest &r, const QString &path)
{
    if (!path.startsWith(QLatin1String("/Volumes/")) || path.count(u'/') < 4)
        return apiError(400,
                        QStringLiteral("INVALID_PARAMETER_VALUE"),
                        QStringLiteral("Invalid path: %1").arg(path));
    if (r.method == "PUT") {
        if (m_files.contains(path))
            return apiError(409,
                            QStringLiteral("RESOURCE_ALREADY_EXISTS"),
                            QStringLiteral("A file exists at that path."));
        m_dirs.insert(path);
        return timed(Response::ok({}, "application/json"));
    }
    if (r.method == "HEAD")
        return timed(m_dirs.contains(path) ? Response() : Response::error(404));
    if (r.method == "DELETE") {
        for (auto it = m_files.cbegin(); it != m_files.cend(); ++it) {
            if (it.key().startsWith(path + u'/'))
                return apiError(400,
                                QStringLiteral("FILES_API_DIRECTORY_IS_NOT_EMPTY"),
                                QStringLiteral("Directory is not empty."));
        }
        m_dirs.remove(path);
        return timed(Response::ok({}, "application/json"));
    }
    return apiError(405, QStringLiteral("BAD_REQUEST"), QStringLiteral("Method not allowed."));
}

// ---- warehouses --------------------------------------------------------------------------------------

void FakeDatabricksSql::tickWarehouses()
{
    for (Warehouse &w : m_warehouses) {
        if (w.state == QLatin1String("STARTING") && --w.startingLeft <= 0)
            w.state = QStringLiteral("RUNNING");
    }
}

Response FakeDatabricksSql::warehouses(const RecordedRequest &r, const QString &rest)
{
    auto jsonOf = [](const Warehouse &w) {
        return QJsonObject{{QStringLiteral("id"), w.id},
                           {QStringLiteral("name"), w.name},
                           {QStringLiteral("state"), w.state},
                           {QStringLiteral("warehouse_type"), w.type},
                           {QStringLiteral("enable_serverless_compute"),
                            w.type == QLatin1String("PRO")},
                           {QStringLiteral("cluster_size"), QStringLiteral("Small")},
                           {QStringLiteral("auto_stop_mins"), 10}};
    };
    if (rest.isEmpty()) {
        QJsonArray list;
        for (const Warehouse &w : std::as_const(m_warehouses))
            list.append(jsonOf(w));
        return timed(Response::ok(json(QJsonObject{{QStringLiteral("warehouses"), list}}),
                                  "application/json"));
    }
    const QStringList parts = rest.mid(1).split(u'/');
    for (Warehouse &w : m_warehouses) {
        if (w.id != parts.value(0))
            continue;
        if (parts.size() == 2 && parts[1] == QLatin1String("start") && r.method == "POST") {
            ++m_starts;
            if (w.state == QLatin1String("STOPPED") || w.state == QLatin1String("STOPPING")) {
                w.state = QStringLiteral("STARTING");
                w.startingLeft = w.startPolls;
            }
            return timed(Response::ok("{}", "application/json"));
        }
        if (parts.size() == 1 && r.method == "GET") {
            tickWarehouses();
            return timed(Response::ok(json(jsonOf(w)), "application/json"));
        }
    }
    return apiError(404,
                    QStringLiteral("RESOURCE_DOES_NOT_EXIST"),
                    QStringLiteral("Warehouse %1 does not exist.").arg(parts.value(0)));
}

// ---- statements --------------------------------------------------------------------------------------

Response FakeDatabricksSql::statements(const RecordedRequest &r, const QString &rest)
{
    if (rest.isEmpty() && r.method == "POST")
        return submit(r);
    const QStringList parts = rest.mid(1).split(u'/');
    const std::shared_ptr<Statement> s = m_statements.value(parts.value(0));
    if (!s)
        return apiError(404,
                        QStringLiteral("NOT_FOUND"),
                        QStringLiteral("The statement %1 was not found.").arg(parts.value(0)));
    if (parts.size() == 1 && r.method == "GET") {
        ++m_polls;
        tickWarehouses();
        advance(*s);
        return statementAnswer(*s, true);
    }
    if (parts.size() == 2 && parts[1] == QLatin1String("cancel") && r.method == "POST") {
        ++m_cancels;
        if (s->state == QLatin1String("PENDING") || s->state == QLatin1String("RUNNING")) {
            s->state = QStringLiteral("CANCELED");
            for (QNetworkReply *reply : std::as_const(s->replies)) {
                reply->disconnect(this);
                reply->abort();
                reply->deleteLater();
            }
            s->replies.clear();
        }
        return timed(Response::ok({}, "application/json"));
    }
    if (parts.size() == 4 && parts[1] == QLatin1String("result")
        && parts[2] == QLatin1String("chunks") && r.method == "GET") {
        ++m_chunkCalls;
        bool ok = false;
        const int index = parts[3].toInt(&ok);
        const int chunks = int((s->rows.size() + m_rowsPerChunk - 1) / m_rowsPerChunk);
        if (s->state != QLatin1String("SUCCEEDED") || !ok || index < 0
            || index >= std::max(1, chunks))
            return apiError(400,
                            QStringLiteral("INVALID_PARAMETER_VALUE"),
                            QStringLiteral("Invalid chunk index %1.").arg(parts[3]));
        return timed(Response::ok(json(chunkJson(*s, index)), "application/json"));
    }
    return apiError(404, QStringLiteral("ENDPOINT_NOT_FOUND"), QStringLiteral("No API found."));
}

Response FakeDatabricksSql::submit(const RecordedRequest &r)
{
    const QJsonObject body = QJsonDocument::fromJson(r.body).object();
    m_statementBodies << body;
    const QString statement = body.value(QStringLiteral("statement")).toString();
    const QString wait = body.value(QStringLiteral("wait_timeout")).toString(QStringLiteral("10s"));
    static const QRegularExpression waitRe(QStringLiteral("^(0|[5-9]|[1-4][0-9]|50)s$"));
    if (statement.isEmpty() || body.value(QStringLiteral("warehouse_id")).toString().isEmpty())
        return apiError(400,
                        QStringLiteral("INVALID_PARAMETER_VALUE"),
                        QStringLiteral("statement and warehouse_id are required."));
    if (!waitRe.match(wait).hasMatch())
        return apiError(400,
                        QStringLiteral("INVALID_PARAMETER_VALUE"),
                        QStringLiteral("wait_timeout must be 0s or between 5s and 50s, got %1.")
                            .arg(wait));
    if (wait != QLatin1String("0s"))
        m_problems << QStringLiteral("wait_timeout %1 (Squint polls: 0s expected)").arg(wait);
    const QString disposition = body.value(QStringLiteral("disposition"))
                                    .toString(QStringLiteral("INLINE"));
    const QString format = body.value(QStringLiteral("format"))
                               .toString(QStringLiteral("JSON_ARRAY"));
    if (format != QLatin1String("JSON_ARRAY") && disposition == QLatin1String("INLINE"))
        return apiError(400,
                        QStringLiteral("INVALID_PARAMETER_VALUE"),
                        QStringLiteral("%1 needs EXTERNAL_LINKS.").arg(format));
    bool warehouseKnown = false;
    for (const Warehouse &w : std::as_const(m_warehouses))
        warehouseKnown |= w.id == body.value(QStringLiteral("warehouse_id")).toString();
    if (!warehouseKnown)
        return apiError(404,
                        QStringLiteral("RESOURCE_DOES_NOT_EXIST"),
                        QStringLiteral("Warehouse does not exist."));

    auto s = std::make_shared<Statement>();
    s->id = QStringLiteral("01ef-fake-%1").arg(++m_serial);
    s->warehouseId = body.value(QStringLiteral("warehouse_id")).toString();
    s->external = disposition == QLatin1String("EXTERNAL_LINKS");
    for (const QJsonValue &pv : body.value(QStringLiteral("parameters")).toArray()) {
        const QJsonObject p = pv.toObject();
        if (p.value(QStringLiteral("name")).toString() == QLatin1String("prompt"))
            s->prompt = p.value(QStringLiteral("value")).toString();
    }
    auto fail = [&](const QString &code, const QString &state, const QString &message) {
        s->state = QStringLiteral("FAILED");
        s->errorCode = code;
        s->sqlState = state;
        s->message = message;
    };
    static const QString lit = QStringLiteral("'((?:\\\\.|[^'\\\\])*)'");
    static const QRegularExpression aiRe(QStringLiteral("ai_query\\(\\s*") + lit
                                         + QStringLiteral(",\\s*:prompt\\s*,"));
    static const QRegularExpression readRe(QStringLiteral("read_files\\(\\s*") + lit
                                           + QStringLiteral(",\\s*format => 'binaryFile'\\)"));
    static const QRegularExpression formatRe(QStringLiteral("responseFormat => ") + lit);
    static const QRegularExpression maxRe(QStringLiteral("'max_tokens',\\s*(\\d+)"));
    static const QRegularExpression tempRe(
        QStringLiteral("'temperature',\\s*CAST\\(([-0-9.eE+]+) AS DOUBLE\\)"));
    const QRegularExpressionMatch ai = aiRe.match(statement);
    const QRegularExpressionMatch rf = readRe.match(statement);
    if (!ai.hasMatch() || !rf.hasMatch())
        fail(QStringLiteral("BAD_REQUEST"),
             QStringLiteral("42601"),
             QStringLiteral(
                 "[PARSE_SYNTAX_ERROR] Syntax error: the fake reads ai_query('endpoint', :prompt, "
                 "...) over read_files('folder', format => 'binaryFile')."));
    else if (!statement.contains(QLatin1String("files => content"))
             || !statement.contains(QLatin1String("failOnError => false")))
        fail(QStringLiteral("BAD_REQUEST"),
             QStringLiteral("42K09"),
             QStringLiteral("ai_query needs files => content and failOnError => false here."));
    else if (!body.value(QStringLiteral("parameters")).toArray().size() || s->prompt.isNull())
        fail(QStringLiteral("BAD_REQUEST"),
             QStringLiteral("42P02"),
             QStringLiteral("[UNBOUND_SQL_PARAMETER] Found the unbound parameter: prompt."));
    else if (!m_failCode.isEmpty()) {
        fail(m_failCode, m_failState, m_failMessage);
        m_failCode.clear();
    } else {
        s->endpoint = unescapeSql(ai.captured(1));
        s->folder = unescapeSql(rf.captured(1));
        while (s->folder.endsWith(u'/'))
            s->folder.chop(1);
        if (const QRegularExpressionMatch m = formatRe.match(statement); m.hasMatch())
            s->responseFormat = unescapeSql(m.captured(1));
        if (const QRegularExpressionMatch m = maxRe.match(statement); m.hasMatch())
            s->maxTokens = m.captured(1).toInt();
        if (const QRegularExpressionMatch m = tempRe.match(statement); m.hasMatch())
            s->temperature = m.captured(1).toDouble();
        if (!m_dirs.contains(s->folder)) {
            fail(QStringLiteral("BAD_REQUEST"),
                 QStringLiteral("42K03"),
                 QStringLiteral("[PATH_NOT_FOUND] Path does not exist: dbfs:%1.").arg(s->folder));
        } else {
            // WHERE NOT array_contains(from_json(:done, 'ARRAY<INT>'), <the name's leading number>)
            QSet<int> done;
            if (statement.contains(QLatin1String("array_contains(from_json(:done"))) {
                for (const QJsonValue &pv : body.value(QStringLiteral("parameters")).toArray()) {
                    const QJsonObject p = pv.toObject();
                    if (p.value(QStringLiteral("name")).toString() != QLatin1String("done"))
                        continue;
                    const QByteArray value = p.value(QStringLiteral("value")).toString().toUtf8();
                    for (const QJsonValue &v : QJsonDocument::fromJson(value).array())
                        done.insert(v.toInt());
                }
            }
            for (auto it = m_files.cbegin(); it != m_files.cend(); ++it) {
                const QString name = it.key().mid(it.key().lastIndexOf(u'/') + 1);
                if (!it.key().startsWith(s->folder + u'/') || name.startsWith(u'_')
                    || name.startsWith(u'.') || done.contains(name.section(u'-', 0, 0).toInt()))
                    continue;
                s->paths << it.key(); // QMap: sorted, as ORDER BY path gives them
            }
        }
    }
    m_statements.insert(s->id, s);
    advance(*s);
    return statementAnswer(*s, false);
}

void FakeDatabricksSql::advance(Statement &s)
{
    if (s.state == QLatin1String("PENDING")) {
        if (warehouseState(s.warehouseId) == QLatin1String("RUNNING")) {
            s.state = QStringLiteral("RUNNING");
            startAiQuery(s);
        }
        return;
    }
    if (s.state == QLatin1String("RUNNING")) {
        ++s.runningPolls;
        if (s.chatsDone == s.paths.size() && s.runningPolls > m_runningPolls)
            s.state = QStringLiteral("SUCCEEDED");
    }
}

void FakeDatabricksSql::startAiQuery(Statement &s)
{
    s.started = true;
    s.rows = QList<QJsonArray>(s.paths.size());
    pumpChat(s.id);
}

void FakeDatabricksSql::pumpChat(const QString &id)
{
    const std::shared_ptr<Statement> s = m_statements.value(id);
    if (!s || s->state != QLatin1String("RUNNING"))
        return;
    while (s->chatsOut < m_chatConcurrency && s->nextChat < s->paths.size()) {
        const int i = s->nextChat++;
        ++s->chatsOut;
        ++m_chatCalls;
        const QByteArray bytes = bytesOf(s->paths[i]);
        const QString url = QStringLiteral("data:%1;base64,%2")
                                .arg(mimeOf(bytes), QString::fromLatin1(bytes.toBase64()));
        QJsonObject
            body{{QStringLiteral("model"), s->endpoint},
                 {QStringLiteral("messages"),
                  QJsonArray{QJsonObject{
                      {QStringLiteral("role"), QStringLiteral("user")},
                      {QStringLiteral("content"),
                       QJsonArray{QJsonObject{{QStringLiteral("type"), QStringLiteral("text")},
                                              {QStringLiteral("text"), s->prompt}},
                                  QJsonObject{{QStringLiteral("type"), QStringLiteral("image_url")},
                                              {QStringLiteral("image_url"),
                                               QJsonObject{{QStringLiteral("url"), url}}}}}}}}}};
        if (s->maxTokens > 0)
            body.insert(QStringLiteral("max_tokens"), s->maxTokens);
        if (s->temperature >= 0)
            body.insert(QStringLiteral("temperature"), s->temperature);
        if (!s->responseFormat.isEmpty())
            body.insert(QStringLiteral("response_format"),
                        QJsonDocument::fromJson(s->responseFormat.toUtf8()).object());
        QNetworkRequest req(m_chat->chatUrl());
        req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        if (!m_chatToken.isEmpty())
            req.setRawHeader("Authorization", "Bearer " + m_chatToken);
        QNetworkReply *reply = m_nam->post(req, json(body));
        s->replies << reply;
        const QString path = s->paths[i];
        connect(reply, &QNetworkReply::finished, this, [this, reply, id, i, path] {
            reply->deleteLater();
            const std::shared_ptr<Statement> st = m_statements.value(id);
            if (!st)
                return;
            st->replies.removeOne(reply);
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            const QByteArray answer = reply->readAll();
            QJsonValue result = QJsonValue::Null, error = QJsonValue::Null;
            if (status == 200) {
                const QJsonObject o = QJsonDocument::fromJson(answer).object();
                result = o.value(QStringLiteral("choices"))
                             .toArray()
                             .at(0)
                             .toObject()
                             .value(QStringLiteral("message"))
                             .toObject()
                             .value(QStringLiteral("content"));
            } else {
                error = QStringLiteral("HTTP %1: %2")
                            .arg(status)
                            .arg(QString::fromUtf8(answer.left(500)).trimmed());
            }
            const QString encoded = QString::fromLatin1(QUrl::toPercentEncoding(path, "/"));
            st->rows[i] = QJsonArray{QString(QStringLiteral("dbfs:") + encoded), result, error};
            --st->chatsOut;
            ++st->chatsDone;
            pumpChat(id);
        });
    }
}

Response FakeDatabricksSql::statementAnswer(Statement &s, bool withResult)
{
    QJsonObject status{{QStringLiteral("state"), s.state}};
    if (s.state == QLatin1String("FAILED")) {
        status.insert(QStringLiteral("error"),
                      QJsonObject{{QStringLiteral("error_code"), s.errorCode},
                                  {QStringLiteral("message"), s.message}});
        status.insert(QStringLiteral("sql_state"), s.sqlState);
    }
    QJsonObject o{{QStringLiteral("statement_id"), s.id}, {QStringLiteral("status"), status}};
    if (s.state == QLatin1String("SUCCEEDED")) {
        const int chunks = int((s.rows.size() + m_rowsPerChunk - 1) / m_rowsPerChunk);
        QJsonArray chunkList;
        for (int c = 0; c < chunks; ++c) {
            const qsizetype n = std::min<qsizetype>(m_rowsPerChunk,
                                                    s.rows.size() - qsizetype(c) * m_rowsPerChunk);
            chunkList.append(QJsonObject{{QStringLiteral("chunk_index"), c},
                                         {QStringLiteral("row_offset"), qint64(c) * m_rowsPerChunk},
                                         {QStringLiteral("row_count"), qint64(n)}});
        }
        auto column = [](const QString &name, int pos, const QString &type) {
            return QJsonObject{{QStringLiteral("name"), name},
                               {QStringLiteral("position"), pos},
                               {QStringLiteral("type_name"), QStringLiteral("STRING")},
                               {QStringLiteral("type_text"), type}};
        };
        o.insert(QStringLiteral("manifest"),
                 QJsonObject{{QStringLiteral("format"), QStringLiteral("JSON_ARRAY")},
                             {QStringLiteral("schema"),
                              QJsonObject{{QStringLiteral("column_count"), 3},
                                          {QStringLiteral("columns"),
                                           QJsonArray{column(QStringLiteral("path"),
                                                             0,
                                                             QStringLiteral("STRING")),
                                                      column(QStringLiteral("answer"),
                                                             1,
                                                             QStringLiteral("STRING")),
                                                      column(QStringLiteral("error"),
                                                             2,
                                                             QStringLiteral("STRING"))}}}},
                             {QStringLiteral("total_chunk_count"), chunks},
                             {QStringLiteral("total_row_count"), qint64(s.rows.size())},
                             {QStringLiteral("chunks"), chunkList},
                             {QStringLiteral("truncated"), false}});
        if (withResult && chunks > 0)
            o.insert(QStringLiteral("result"), chunkJson(s, 0));
    }
    return timed(Response::ok(json(o), "application/json"));
}

QJsonObject FakeDatabricksSql::chunkJson(const Statement &s, int index) const
{
    const int chunks = int((s.rows.size() + m_rowsPerChunk - 1) / m_rowsPerChunk);
    const qsizetype from = qsizetype(index) * m_rowsPerChunk;
    const qsizetype n = std::max<qsizetype>(0,
                                            std::min<qsizetype>(m_rowsPerChunk,
                                                                s.rows.size() - from));
    QJsonObject c{{QStringLiteral("chunk_index"), index},
                  {QStringLiteral("row_offset"), qint64(from)},
                  {QStringLiteral("row_count"), qint64(n)}};
    if (index + 1 < chunks)
        c.insert(QStringLiteral("next_chunk_index"), index + 1);
    if (s.external) {
        QJsonObject link = c;
        link.insert(QStringLiteral("external_link"),
                    m_server
                        ->url(QStringLiteral("/external/%1/%2?X-Amz-Signature=%3")
                                  .arg(s.id)
                                  .arg(index)
                                  .arg(m_serial * 7919 + index))
                        .toString());
        link.insert(QStringLiteral("expiration"), QStringLiteral("2099-01-01T00:00:00.000Z"));
        link.insert(QStringLiteral("http_headers"),
                    QJsonObject{{QStringLiteral("x-ms-blob-type"), QStringLiteral("fake")}});
        return QJsonObject{{QStringLiteral("chunk_index"), index},
                           {QStringLiteral("external_links"), QJsonArray{link}}};
    }
    QJsonArray data;
    for (qsizetype i = from; i < from + n; ++i)
        data.append(s.rows[i]);
    c.insert(QStringLiteral("data_array"), data);
    return c;
}

Response FakeDatabricksSql::external(const RecordedRequest &r)
{
    ++m_linkFetches;
    if (!r.header("Authorization").isEmpty()) {
        m_problems << QStringLiteral("an Authorization header was sent to an external link");
        return timed(Response::error(400, "Authorization not allowed with a presigned URL"));
    }
    if (r.header("x-ms-blob-type") != "fake")
        m_problems << QStringLiteral("an external link was fetched without its http_headers");
    if (m_expireLinks > 0) {
        --m_expireLinks;
        Response expired = Response::ok(
            "<?xml version=\"1.0\"?><Error><Code>AccessDenied</Code><Message>Request has "
            "expired</Message></Error>",
            "application/xml");
        expired.status = 403;
        return timed(expired);
    }
    const QStringList parts = r.path.mid(QStringLiteral("/external/").size()).split(u'/');
    const std::shared_ptr<Statement> s = m_statements.value(parts.value(0));
    if (!s)
        return timed(Response::error(404));
    const int index = parts.value(1).toInt();
    const qsizetype from = qsizetype(index) * m_rowsPerChunk;
    QJsonArray data;
    for (qsizetype i = from; i < std::min<qsizetype>(from + m_rowsPerChunk, s->rows.size()); ++i)
        data.append(s->rows[i]);
    return timed(
        Response::ok(QJsonDocument(data).toJson(QJsonDocument::Compact), "application/json"));
}

} // namespace squint::test
