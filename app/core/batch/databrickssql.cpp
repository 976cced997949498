#include "core/batch/databrickssql.h"

#include "core/chat/chatprotocol.h"
#include "core/chat/requestbody.h"
#include "core/util/hash.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

#include <limits>

namespace squint {

namespace {
class Tr
{
    Q_DECLARE_TR_FUNCTIONS(squint::DatabricksBatch)
};

constexpr int MaxStemChars = 60;
constexpr int MaxServerWords = 600;

bool isUnsafePathChar(QChar c)
{
    return c.unicode() < 0x20 || c.unicode() == 0x7f || c == u'\'' || c == u'"' || c == u'\\'
           || c == u'*' || c == u'?' || c == u'[' || c == u']' || c == u'{' || c == u'}'
           || c == u'`';
}

QString clipped(QString text)
{
    text = text.trimmed();
    if (text.size() > MaxServerWords)
        text = text.left(MaxServerWords) + QStringLiteral("…");
    return text;
}
} // namespace

QString checkVolumeFolder(const QString &folder)
{
    const QString f = normalizeVolumeFolder(folder);
    if (!f.startsWith(QLatin1String("/Volumes/")))
        return Tr::tr(
            "The volume folder must start with /Volumes/ (such as /Volumes/main/default/squint).");
    for (const QChar c : f) {
        if (isUnsafePathChar(c))
            return Tr::tr("The volume folder may not hold quotes, backslashes, control characters "
                          "or any of * ? [ ] { }.");
    }
    const QStringList parts = f.mid(1).split(u'/');
    if (parts.size() < 4)
        return Tr::tr("The volume folder must name a catalog, a schema and a volume: "
                      "/Volumes/CATALOG/SCHEMA/VOLUME.");
    for (const QString &p : parts) {
        if (p.isEmpty() || p == QLatin1String(".") || p == QLatin1String(".."))
            return Tr::tr("The volume folder has an empty, “.” or “..” part.");
    }
    return {};
}

QString normalizeVolumeFolder(const QString &folder)
{
    QString f = folder.trimmed();
    while (f.size() > 1 && f.endsWith(u'/'))
        f.chop(1);
    return f;
}

QString checkServingEndpointName(const QString &name)
{
    static const QRegularExpression re(QStringLiteral("^[A-Za-z0-9_-]{1,63}$"));
    if (!re.match(name).hasMatch())
        return Tr::tr("“%1” is not a serving endpoint name (letters, digits, - and _, at most 63 "
                      "characters).")
            .arg(name.left(80));
    return {};
}

QString sqlStringLiteral(const QString &text)
{
    QString out;
    out.reserve(text.size() + 2);
    out += u'\'';
    for (const QChar c : text) {
        switch (c.unicode()) {
        case '\\':
            out += QStringLiteral("\\\\");
            break;
        case '\'':
            out += QStringLiteral("\\'");
            break;
        case '\n':
            out += QStringLiteral("\\n");
            break;
        case '\r':
            out += QStringLiteral("\\r");
            break;
        case '\t':
            out += QStringLiteral("\\t");
            break;
        default:
            if (c.unicode() < 0x20 || c.unicode() == 0x7f)
                out += QStringLiteral("\\u%1").arg(c.unicode(), 4, 16, QLatin1Char('0'));
            else
                out += c;
        }
    }
    out += u'\'';
    return out;
}

QString volumeFileName(int index, const QString &localPath)
{
    const QFileInfo fi(localPath);
    QString stem;
    for (const QChar c : fi.completeBaseName()) {
        if (stem.size() >= MaxStemChars)
            break;
        const char16_t u = c.unicode();
        const bool keep = (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9')
                          || u == '.' || u == '-' || u == '_';
        stem += keep ? c : QChar(u'_');
    }
    if (stem.isEmpty())
        stem = QStringLiteral("image");
    QString suffix;
    for (const QChar c : fi.suffix().toLower()) {
        if ((c >= u'a' && c <= u'z') || (c >= u'0' && c <= u'9'))
            suffix += c;
    }
    QString name = QStringLiteral("%1-%2").arg(index, 6, 10, QLatin1Char('0')).arg(stem);
    if (!suffix.isEmpty())
        name += u'.' + suffix.left(10);
    return name;
}

int indexFromVolumePath(const QString &path)
{
    const qsizetype slash = path.lastIndexOf(u'/');
    const QStringView last = QStringView(path).mid(slash + 1);
    qsizetype i = 0;
    qint64 value = 0;
    while (i < last.size() && i < 10 && last[i].isDigit() && last[i].unicode() < 128) {
        value = value * 10 + (last[i].unicode() - '0');
        ++i;
    }
    // The digits end at the dash (or its percent-encoding, which the dash never gets, but be lenient).
    if (i < 6 || i >= last.size() || last[i] != u'-' || value <= 0
        || value > std::numeric_limits<int>::max())
        return 0;
    return int(value);
}

QString batchVolumeFolder(const QString &volumeFolder,
                          const QStringList &files,
                          const QList<qint64> &sizes)
{
    QByteArray key;
    for (qsizetype i = 0; i < files.size(); ++i) {
        key += files[i].toUtf8();
        key += '\t';
        key += QByteArray::number(i < sizes.size() ? sizes[i] : -1);
        key += '\n';
    }
    return normalizeVolumeFolder(volumeFolder) + QStringLiteral("/squint-")
           + QString::fromLatin1(sha256Hex(key).left(16));
}

QUrl workspaceHost(const QUrl &chatUrl)
{
    static const QString suffix = QStringLiteral("/serving-endpoints/chat/completions");
    if (!chatUrl.isValid() || !chatUrl.path().endsWith(suffix))
        return {};
    QUrl host = chatUrl;
    host.setPath(chatUrl.path().chopped(suffix.size()));
    host.setQuery(QString());
    host.setFragment(QString());
    return host;
}

QUrl filesApiUrl(const QUrl &host, const QString &volumePath, bool directory)
{
    QUrl url = host;
    QString base = host.path();
    while (base.endsWith(u'/'))
        base.chop(1);
    const QString api = directory ? QStringLiteral("/api/2.0/fs/directories")
                                  : QStringLiteral("/api/2.0/fs/files");
    url.setPath(base + api + volumePath, QUrl::DecodedMode);
    url.setQuery(QString());
    return url;
}

// ---- the statement --------------------------------------------------------------------------------

QString checkDatabricksTemplate(const QString &promptTemplate)
{
    if (const QString problem = checkPromptTemplate(promptTemplate); !problem.isEmpty())
        return problem;
    const QString marker = QStringLiteral("\x01");
    // Fields expand to the marker: when it shows up, the template names one.
    TemplateFields fields;
    fields.paths = {marker};
    fields.index = 1;
    const QString once = expandPromptTemplate(promptTemplate, fields);
    fields.index = 2;
    if (once.contains(marker) || once != expandPromptTemplate(promptTemplate, fields))
        return Tr::tr("On Databricks one prompt serves every image: the template can't use "
                      "{filename}, {path} or {index}.");
    return {};
}

QString databricksPromptText(const AiQuerySpec &spec)
{
    return batchPromptText(spec.promptTemplate, TemplateFields{}, spec.columns);
}

QString responseFormatJson(const ColumnSpec &columns)
{
    const QList<BodyColumn> body = bodyColumns(columns);
    if (body.isEmpty())
        return {};
    QJsonObject props;
    QJsonArray required;
    for (const BodyColumn &c : body) {
        props.insert(c.name,
                     QJsonObject{{QStringLiteral("type"), QJsonArray::fromStringList(c.types)}});
        required.append(c.name);
    }
    const QJsonObject schema{{QStringLiteral("type"), QStringLiteral("object")},
                             {QStringLiteral("properties"), props},
                             {QStringLiteral("required"), required},
                             {QStringLiteral("additionalProperties"), false}};
    const QJsonObject format{{QStringLiteral("type"), QStringLiteral("json_schema")},
                             {QStringLiteral("json_schema"),
                              QJsonObject{{QStringLiteral("name"), QStringLiteral("answer")},
                                          {QStringLiteral("schema"), schema},
                                          {QStringLiteral("strict"), true}}}};
    return QString::fromUtf8(QJsonDocument(format).toJson(QJsonDocument::Compact));
}

QString skipParameter(const QList<int> &skip)
{
    QString out = QStringLiteral("[");
    for (qsizetype i = 0; i < skip.size(); ++i) {
        if (i > 0)
            out += u',';
        out += QString::number(skip[i]);
    }
    return out + u']';
}

namespace {
QString statementWith(const AiQuerySpec &spec,
                      const QString &promptExpr,
                      const QString &skipExpr,
                      QString *error)
{
    QString problem = checkServingEndpointName(spec.endpoint);
    if (problem.isEmpty())
        problem = checkVolumeFolder(spec.folder);
    if (problem.isEmpty())
        problem = checkDatabricksTemplate(spec.promptTemplate);
    if (!problem.isEmpty()) {
        if (error)
            *error = problem;
        return {};
    }
    QStringList params;
    if (spec.maxTokens > 0)
        params << QStringLiteral("'max_tokens', %1").arg(spec.maxTokens);
    if (spec.temperature >= 0)
        params << QStringLiteral("'temperature', CAST(%1 AS DOUBLE)")
                      .arg(QString::number(spec.temperature, 'g', 6));
    QString args
        = sqlStringLiteral(spec.endpoint) + QStringLiteral(",\n                 ") + promptExpr
          + QStringLiteral(
              ",\n                 files => content,\n                 failOnError => false");
    if (!params.isEmpty())
        args += QStringLiteral(",\n                 modelParameters => named_struct(%1)")
                    .arg(params.join(QStringLiteral(", ")));
    if (const QString format = responseFormatJson(spec.columns); !format.isEmpty())
        args += QStringLiteral(",\n                 responseFormat => ") + sqlStringLiteral(format);
    return QStringLiteral("SELECT path, r.result AS answer, r.errorMessage AS error\n"
                          "FROM (SELECT path,\n"
                          "        ai_query(%1) AS r\n"
                          "      FROM read_files(%2, format => 'binaryFile')%3)\n"
                          "ORDER BY path")
        .arg(args,
             sqlStringLiteral(normalizeVolumeFolder(spec.folder) + u'/'),
             spec.skip.isEmpty()
                 ? QString()
                 : QStringLiteral(
                       "\n      WHERE NOT array_contains(from_json(%1, 'ARRAY<INT>'),\n"
                       "            CAST(regexp_extract(path, '/([0-9]+)-[^/]*$', 1) AS INT))")
                       .arg(skipExpr));
}
} // namespace

QString buildAiQueryStatement(const AiQuerySpec &spec, QString *error)
{
    return statementWith(spec, QStringLiteral(":prompt"), QStringLiteral(":done"), error);
}

bool resultNeedsExternalLinks(qsizetype files, int maxTokens)
{
    constexpr qsizetype AlwaysFrom = 2000;
    constexpr qint64 InlineBudget = 16LL * 1024 * 1024;
    const qint64 perRow = 1024 + 4LL * (maxTokens > 0 ? maxTokens : 4096);
    return files >= AlwaysFrom || qint64(files) * perRow > InlineBudget;
}

QJsonObject statementRequest(const QString &statement,
                             const QString &warehouseId,
                             const QString &prompt,
                             bool externalLinks,
                             const QList<int> &skip)
{
    const QJsonObject param{{QStringLiteral("name"), QStringLiteral("prompt")},
                            {QStringLiteral("value"), prompt},
                            {QStringLiteral("type"), QStringLiteral("STRING")}};
    QJsonArray params{param};
    if (!skip.isEmpty())
        params.append(QJsonObject{{QStringLiteral("name"), QStringLiteral("done")},
                                  {QStringLiteral("value"), skipParameter(skip)},
                                  {QStringLiteral("type"), QStringLiteral("STRING")}});
    return QJsonObject{{QStringLiteral("statement"), statement},
                       {QStringLiteral("warehouse_id"), warehouseId},
                       {QStringLiteral("parameters"), params},
                       {QStringLiteral("wait_timeout"), QStringLiteral("0s")},
                       {QStringLiteral("on_wait_timeout"), QStringLiteral("CONTINUE")},
                       {QStringLiteral("format"), QStringLiteral("JSON_ARRAY")},
                       {QStringLiteral("disposition"),
                        externalLinks ? QStringLiteral("EXTERNAL_LINKS")
                                      : QStringLiteral("INLINE")}};
}

QString printableStatement(const AiQuerySpec &spec, QString *error)
{
    const QString sql = statementWith(spec,
                                      sqlStringLiteral(databricksPromptText(spec)),
                                      sqlStringLiteral(skipParameter(spec.skip)),
                                      error);
    if (sql.isEmpty())
        return {};
    return sql + QStringLiteral(";\n");
}

// ---- reading the answers ---------------------------------------------------------------------------

StatementState statementStateFromName(const QString &name)
{
    if (name == QLatin1String("PENDING"))
        return StatementState::Pending;
    if (name == QLatin1String("RUNNING"))
        return StatementState::Running;
    if (name == QLatin1String("SUCCEEDED"))
        return StatementState::Succeeded;
    if (name == QLatin1String("FAILED"))
        return StatementState::Failed;
    if (name == QLatin1String("CANCELED"))
        return StatementState::Canceled;
    if (name == QLatin1String("CLOSED"))
        return StatementState::Closed;
    return StatementState::Unknown;
}

QString statementStateName(StatementState state)
{
    switch (state) {
    case StatementState::Pending:
        return QStringLiteral("PENDING");
    case StatementState::Running:
        return QStringLiteral("RUNNING");
    case StatementState::Succeeded:
        return QStringLiteral("SUCCEEDED");
    case StatementState::Failed:
        return QStringLiteral("FAILED");
    case StatementState::Canceled:
        return QStringLiteral("CANCELED");
    case StatementState::Closed:
        return QStringLiteral("CLOSED");
    case StatementState::Unknown:
        break;
    }
    return QStringLiteral("UNKNOWN");
}

bool isTerminal(StatementState state)
{
    return state == StatementState::Succeeded || state == StatementState::Failed
           || state == StatementState::Canceled || state == StatementState::Closed;
}

namespace {
std::optional<QJsonObject> jsonObject(const QByteArray &body, QString *error)
{
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &pe);
    if (pe.error != QJsonParseError::NoError || !doc.isObject()) {
        if (error)
            *error = Tr::tr("Databricks answered with something that is not a JSON object.");
        return std::nullopt;
    }
    return doc.object();
}

QString cellText(const QJsonValue &c)
{
    if (c.isString())
        return c.toString();
    if (c.isNull() || c.isUndefined())
        return {};
    return columnText(c);
}

void readRows(const QJsonArray &data, ResultChunk *chunk)
{
    chunk->rows.reserve(data.size());
    for (const QJsonValue &rv : data) {
        QStringList row;
        const QJsonArray cells = rv.toArray();
        row.reserve(cells.size());
        for (const QJsonValue &c : cells) {
            chunk->nulls << c.isNull();
            row << cellText(c);
        }
        chunk->rows << row;
    }
}

ResultChunk chunkFrom(const QJsonObject &o)
{
    ResultChunk c;
    c.chunkIndex = o.value(QStringLiteral("chunk_index")).toInt();
    c.rowOffset = o.value(QStringLiteral("row_offset")).toInteger();
    c.nextChunkIndex = o.contains(QStringLiteral("next_chunk_index"))
                           ? o.value(QStringLiteral("next_chunk_index")).toInt(-1)
                           : -1;
    readRows(o.value(QStringLiteral("data_array")).toArray(), &c);
    for (const QJsonValue &lv : o.value(QStringLiteral("external_links")).toArray()) {
        const QJsonObject l = lv.toObject();
        ExternalLink link;
        link.url = QUrl(l.value(QStringLiteral("external_link")).toString(), QUrl::StrictMode);
        link.expiration = l.value(QStringLiteral("expiration")).toString();
        const QJsonObject headers = l.value(QStringLiteral("http_headers")).toObject();
        for (auto it = headers.begin(); it != headers.end(); ++it) {
            if (it.key().compare(QLatin1String("authorization"), Qt::CaseInsensitive) == 0)
                continue;
            link.headers.append({it.key().toUtf8(), it.value().toString().toUtf8()});
        }
        if (l.contains(QStringLiteral("chunk_index")))
            c.chunkIndex = l.value(QStringLiteral("chunk_index")).toInt();
        if (l.contains(QStringLiteral("next_chunk_index")))
            c.nextChunkIndex = l.value(QStringLiteral("next_chunk_index")).toInt(-1);
        if (l.contains(QStringLiteral("row_offset")))
            c.rowOffset = l.value(QStringLiteral("row_offset")).toInteger();
        c.links << link;
    }
    return c;
}
} // namespace

std::optional<StatementStatus> parseStatementStatus(const QByteArray &body, QString *error)
{
    const std::optional<QJsonObject> o = jsonObject(body, error);
    if (!o)
        return std::nullopt;
    StatementStatus s;
    s.statementId = o->value(QStringLiteral("statement_id")).toString();
    const QJsonObject status = o->value(QStringLiteral("status")).toObject();
    s.state = statementStateFromName(status.value(QStringLiteral("state")).toString());
    if (s.state == StatementState::Unknown) {
        if (error)
            *error = Tr::tr("Databricks answered without a statement state.");
        return std::nullopt;
    }
    const QJsonObject err = status.value(QStringLiteral("error")).toObject();
    s.errorCode = err.value(QStringLiteral("error_code")).toVariant().toString();
    s.message = err.value(QStringLiteral("message")).toString();
    s.sqlState = status.value(QStringLiteral("sql_state")).toString();
    const QJsonObject manifest = o->value(QStringLiteral("manifest")).toObject();
    for (const QJsonValue &cv : manifest.value(QStringLiteral("schema"))
                                    .toObject()
                                    .value(QStringLiteral("columns"))
                                    .toArray()) {
        const QJsonObject c = cv.toObject();
        s.columnNames << c.value(QStringLiteral("name")).toString();
        s.columnTypes << c.value(QStringLiteral("type_text")).toString();
    }
    s.totalChunkCount = manifest.value(QStringLiteral("total_chunk_count")).toInt();
    s.totalRowCount = manifest.value(QStringLiteral("total_row_count")).toInteger();
    s.truncated = manifest.value(QStringLiteral("truncated")).toBool();
    if (o->contains(QStringLiteral("result")))
        s.firstChunk = chunkFrom(o->value(QStringLiteral("result")).toObject());
    return s;
}

std::optional<ResultChunk> parseResultChunk(const QByteArray &body, QString *error)
{
    const std::optional<QJsonObject> o = jsonObject(body, error);
    if (!o)
        return std::nullopt;
    return chunkFrom(*o);
}

std::optional<ResultChunk> parseJsonArrayRows(const QByteArray &body, QString *error)
{
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &pe);
    if (pe.error != QJsonParseError::NoError || !doc.isArray()) {
        if (error)
            *error = Tr::tr("A result chunk from Databricks' storage is not a JSON array.");
        return std::nullopt;
    }
    ResultChunk c;
    readRows(doc.array(), &c);
    return c;
}

QString databricksErrorText(const QString &errorCode,
                            const QString &message,
                            const QString &sqlState,
                            QByteArrayView secret)
{
    QString words = clipped(redactSecret(message, secret));
    if (words.isEmpty())
        words = Tr::tr("no message");
    QStringList codes;
    if (!errorCode.isEmpty())
        codes << QStringLiteral("error_code %1")
                     .arg(clipped(redactSecret(errorCode, secret)).left(80));
    if (!sqlState.isEmpty())
        codes << QStringLiteral("SQLSTATE %1").arg(sqlState.left(16));
    QString text = Tr::tr("Databricks: %1").arg(words);
    if (!codes.isEmpty())
        text += QStringLiteral(" (%1)").arg(codes.join(QStringLiteral(", ")));
    const QString all = errorCode + u' ' + message;
    if (all.contains(QLatin1String("CLASSIC"), Qt::CaseInsensitive)
        || all.contains(QLatin1String("serverless"), Qt::CaseInsensitive))
        text += u' '
                + Tr::tr("ai_query needs a Pro or Serverless SQL warehouse, not a Classic one.");
    else if (all.contains(QLatin1String("CAN QUERY"), Qt::CaseInsensitive)
             || all.contains(QLatin1String("CAN_QUERY"), Qt::CaseInsensitive))
        text += u' ' + Tr::tr("Ask for CAN QUERY on the serving endpoint.");
    else if (all.contains(QLatin1String("25 MiB"), Qt::CaseInsensitive)
             || all.contains(QLatin1String("inline"), Qt::CaseInsensitive))
        text += u' '
                + Tr::tr(
                    "The result is too large to come inline: run it again with external links.");
    return text;
}

QString databricksHttpErrorText(int status, const QByteArray &body, QByteArrayView secret)
{
    QString code, message;
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(body.left(1 << 20), &pe);
    if (pe.error == QJsonParseError::NoError && doc.isObject()) {
        code = doc.object().value(QStringLiteral("error_code")).toVariant().toString();
        message = doc.object().value(QStringLiteral("message")).toString();
    }
    if (message.isEmpty())
        message = htmlErrorWords(QString::fromUtf8(body.left(64 * 1024)));
    QString text = databricksErrorText(code, message, {}, secret);
    text += u' ' + Tr::tr("(HTTP %1)").arg(status);
    if (status == 403 && (code.isEmpty() || code == QLatin1String("PERMISSION_DENIED")))
        text += u' '
                + Tr::tr("Check the permissions: WRITE VOLUME on the volume, CAN USE on the "
                         "warehouse, CAN QUERY on the endpoint.");
    return text;
}

namespace {
WarehouseInfo warehouseFrom(const QJsonObject &o)
{
    WarehouseInfo w;
    w.id = o.value(QStringLiteral("id")).toString();
    w.name = o.value(QStringLiteral("name")).toString();
    w.state = o.value(QStringLiteral("state")).toString();
    w.type = o.value(QStringLiteral("warehouse_type")).toString();
    w.serverless = o.value(QStringLiteral("enable_serverless_compute")).toBool();
    w.size = o.value(QStringLiteral("cluster_size")).toString();
    return w;
}
} // namespace

std::optional<QList<WarehouseInfo>> parseWarehouses(const QByteArray &body,
                                                    QString *nextPageToken,
                                                    QString *error)
{
    const std::optional<QJsonObject> o = jsonObject(body, error);
    if (!o)
        return std::nullopt;
    QList<WarehouseInfo> list;
    for (const QJsonValue &v : o->value(QStringLiteral("warehouses")).toArray()) {
        WarehouseInfo w = warehouseFrom(v.toObject());
        if (!w.id.isEmpty())
            list << w;
    }
    if (nextPageToken)
        *nextPageToken = o->value(QStringLiteral("next_page_token")).toString();
    return list;
}

std::optional<WarehouseInfo> parseWarehouse(const QByteArray &body, QString *error)
{
    const std::optional<QJsonObject> o = jsonObject(body, error);
    if (!o)
        return std::nullopt;
    WarehouseInfo w = warehouseFrom(*o);
    if (w.id.isEmpty() || w.state.isEmpty()) {
        if (error)
            *error = Tr::tr("Databricks answered without the warehouse's id and state.");
        return std::nullopt;
    }
    return w;
}

std::optional<WarehouseInfo> findWarehouse(const QList<WarehouseInfo> &list, const QString &idOrName)
{
    for (const WarehouseInfo &w : list) {
        if (w.id == idOrName)
            return w;
    }
    for (const WarehouseInfo &w : list) {
        if (w.name == idOrName)
            return w;
    }
    for (const WarehouseInfo &w : list) {
        if (w.name.compare(idOrName, Qt::CaseInsensitive) == 0)
            return w;
    }
    return std::nullopt;
}

ResultColumns resultColumns(const QStringList &names)
{
    ResultColumns c;
    c.path = int(names.indexOf(QStringLiteral("path")));
    c.answer = int(names.indexOf(QStringLiteral("answer")));
    c.error = int(names.indexOf(QStringLiteral("error")));
    return c;
}

BatchRow rowFromResult(int index,
                       const QString &localPath,
                       const QString &answer,
                       bool answerNull,
                       const QString &error,
                       bool errorNull,
                       const ColumnSpec &spec)
{
    BatchRow row;
    row.index = index;
    row.paths = {localPath};
    if (!errorNull && !error.trimmed().isEmpty()) {
        row.status = BatchRow::Status::Failed;
        row.errorKind = BatchRow::ErrorKind::Server;
        row.error = Tr::tr("Databricks: %1").arg(clipped(error));
        if (!answerNull)
            row.answer = answer;
        return row;
    }
    if (answerNull) {
        row.status = BatchRow::Status::Failed;
        row.errorKind = BatchRow::ErrorKind::Server;
        row.error = Tr::tr("Databricks returned no answer and no error for this file.");
        return row;
    }
    row.status = BatchRow::Status::Done;
    row.answer = answer;
    if (!spec.isEmpty()) {
        const ParsedAnswer parsed = parseAnswer(answer, spec);
        row.columns = parsed.values;
        row.parseError = parsed.problem;
    }
    return row;
}

} // namespace squint
