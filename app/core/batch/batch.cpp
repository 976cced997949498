#include "core/batch/batch.h"

#include "core/util/enumnames.h"
#include "core/util/format.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>

namespace squint {

namespace {
class Tr
{
    Q_DECLARE_TR_FUNCTIONS(squint::Batch)
};

const QString FilenameField = QStringLiteral("filename");
const QString PathField = QStringLiteral("path");
const QString IndexField = QStringLiteral("index");

/// Walks a template: calls `literal` for text and `field` for each {name}; returns the first problem
/// (the offending text is passed to `literal` as it is), or empty.
template<typename Literal, typename Field>
QString walkTemplate(const QString &tmpl, Literal literal, Field field)
{
    QString error;
    qsizetype i = 0;
    const qsizetype n = tmpl.size();
    while (i < n) {
        const QChar c = tmpl.at(i);
        if (c == u'{') {
            if (i + 1 < n && tmpl.at(i + 1) == u'{') {
                literal(QStringLiteral("{"));
                i += 2;
                continue;
            }
            const qsizetype close = tmpl.indexOf(u'}', i + 1);
            if (close < 0) {
                literal(tmpl.mid(i));
                if (error.isEmpty())
                    error = Tr::tr("The prompt has a “{” that is not closed (write {{ for a literal brace).");
                return error;
            }
            const QString name = tmpl.mid(i + 1, close - i - 1);
            if (name != FilenameField && name != PathField && name != IndexField) {
                literal(tmpl.mid(i, close - i + 1));
                if (error.isEmpty())
                    error = Tr::tr("The prompt names {%1}: only {filename}, {path} and {index} can be used (write {{ and }} "
                                   "for literal braces).")
                                .arg(name);
                i = close + 1;
                continue;
            }
            field(name);
            i = close + 1;
            continue;
        }
        if (c == u'}') {
            if (i + 1 < n && tmpl.at(i + 1) == u'}') {
                literal(QStringLiteral("}"));
                i += 2;
                continue;
            }
            literal(QStringLiteral("}"));
            ++i;
            if (error.isEmpty())
                error = Tr::tr("The prompt has a “}” that closes nothing (write }} for a literal brace).");
            continue;
        }
        const qsizetype next = [&] {
            qsizetype j = i;
            while (j < n && tmpl.at(j) != u'{' && tmpl.at(j) != u'}')
                ++j;
            return j;
        }();
        literal(tmpl.mid(i, next - i));
        i = next;
    }
    return error;
}

// ---- a small JSON scanner, only to read the order of an object's keys (QJsonObject sorts them) ----

struct KeyScanner
{
    const QString &s;
    qsizetype i = 0;

    void ws()
    {
        while (i < s.size() && (s.at(i) == u' ' || s.at(i) == u'\t' || s.at(i) == u'\n' || s.at(i) == u'\r'))
            ++i;
    }
    bool string(QString *out)
    {
        ws();
        if (i >= s.size() || s.at(i) != u'"')
            return false;
        const qsizetype start = i++;
        while (i < s.size() && s.at(i) != u'"') {
            if (s.at(i) == u'\\')
                ++i;
            ++i;
        }
        if (i >= s.size())
            return false;
        ++i;
        if (out) {
            const QJsonDocument d = QJsonDocument::fromJson(QStringLiteral("[%1]").arg(s.mid(start, i - start)).toUtf8());
            *out = d.array().at(0).toString();
        }
        return true;
    }
    /// At `open`: calls `item()` for each element, the elements separated by commas, up to `close`.
    template<typename F>
    bool sequence(QChar open, QChar close, F item)
    {
        ws();
        if (i >= s.size() || s.at(i) != open)
            return false;
        ++i;
        ws();
        if (i < s.size() && s.at(i) == close) {
            ++i;
            return true;
        }
        while (true) {
            if (!item())
                return false;
            ws();
            if (i >= s.size())
                return false;
            if (s.at(i) == u',') {
                ++i;
                continue;
            }
            if (s.at(i) == close) {
                ++i;
                return true;
            }
            return false;
        }
    }
    /// A member's key (into `key` unless null) and the colon after it.
    bool member(QString *key)
    {
        if (!string(key))
            return false;
        ws();
        if (i >= s.size() || s.at(i) != u':')
            return false;
        ++i;
        return true;
    }
    bool skipValue()
    {
        ws();
        if (i >= s.size())
            return false;
        const QChar c = s.at(i);
        if (c == u'"')
            return string(nullptr);
        if (c == u'{')
            return sequence(u'{', u'}', [this] { return member(nullptr) && skipValue(); });
        if (c == u'[')
            return sequence(u'[', u']', [this] { return skipValue(); });
        while (i < s.size() && !QStringView(u",}] \t\r\n").contains(s.at(i)))
            ++i;
        return true;
    }
    /// At an object: calls `onKey(key)` with the scanner at the value; onKey must consume the value.
    template<typename F>
    bool object(F onKey)
    {
        return sequence(u'{', u'}', [&] {
            QString key;
            return member(&key) && onKey(key);
        });
    }
};

/// The keys of the top-level object's "properties" object, in the order written.
QStringList propertyOrder(const QString &json)
{
    KeyScanner sc{json};
    QStringList keys;
    sc.object([&](const QString &key) {
        if (key != QLatin1String("properties"))
            return sc.skipValue();
        sc.ws();
        if (sc.i < json.size() && json.at(sc.i) == u'{') {
            return sc.object([&](const QString &name) {
                keys << name;
                return sc.skipValue();
            });
        }
        return sc.skipValue();
    });
    return keys;
}

std::optional<QJsonObject> parseObject(QByteArrayView utf8)
{
    QJsonParseError e;
    const QJsonDocument d = QJsonDocument::fromJson(QByteArray::fromRawData(utf8.data(), utf8.size()), &e);
    if (e.error != QJsonParseError::NoError || !d.isObject())
        return std::nullopt;
    return d.object();
}

/// The first balanced {...} of `text` (UTF-8) that parses as a JSON object. One pass pairs the
/// braces (inside braces, strings are skipped); then the pairs are tried in the order they open, the
/// outermost first and at most MaxNesting levels inside another pair. Pairs of one level never
/// overlap, so the JSON parser sees each byte at most MaxNesting + 1 times: linear in the answer,
/// whatever braces it holds. A brace that is never closed does not hide the objects after it.
std::optional<QJsonObject> firstObjectIn(QByteArrayView text)
{
    constexpr int MaxNesting = 3;
    struct Pair
    {
        qsizetype open = 0;
        qsizetype close = -1; ///< -1: never closed
    };
    QList<Pair> pairs;      // in the order they open
    QList<qsizetype> stack; // indexes into pairs of the braces still open
    bool inString = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char c = text.at(i);
        if (inString) {
            if (c == '\\')
                ++i;
            else if (c == '"')
                inString = false;
            continue;
        }
        if (c == '"' && !stack.isEmpty()) {
            inString = true;
        } else if (c == '{') {
            stack.append(pairs.size());
            pairs.append(Pair{i, -1});
        } else if (c == '}' && !stack.isEmpty()) {
            pairs[stack.takeLast()].close = i;
        }
    }
    QList<qsizetype> enclosing; // close positions of the closed pairs holding the current one
    for (const Pair &p : std::as_const(pairs)) {
        if (p.close < 0)
            continue;
        while (!enclosing.isEmpty() && enclosing.constLast() < p.open)
            enclosing.removeLast();
        const bool shallow = enclosing.size() <= MaxNesting;
        enclosing.append(p.close);
        if (shallow)
            if (auto o = parseObject(text.sliced(p.open, p.close - p.open + 1)))
                return o;
    }
    return std::nullopt;
}

/// Where the content of the next ```json fence (``` then spaces, an optional json tag, spaces and a
/// line break) from `from` starts and where its closing ``` is; nullopt when there is none. Linear:
/// the caller goes on after the closing fence.
std::optional<std::pair<qsizetype, qsizetype>> nextFence(QByteArrayView text, qsizetype from)
{
    const auto skipBlanks = [&](qsizetype i) {
        while (i < text.size() && (text.at(i) == ' ' || text.at(i) == '\t'))
            ++i;
        return i;
    };
    while (true) {
        const qsizetype open = text.indexOf("```", from);
        if (open < 0)
            return std::nullopt;
        qsizetype i = skipBlanks(open + 3);
        const QByteArrayView tag = text.sliced(i).first(std::min<qsizetype>(4, text.size() - i));
        if (tag == "json" || tag == "JSON" || tag == "Json")
            i = skipBlanks(i + 4);
        if (i < text.size() && text.at(i) == '\r')
            ++i;
        if (i >= text.size() || text.at(i) != '\n') {
            from = open + 1;
            continue;
        }
        const qsizetype close = text.indexOf("```", i + 1);
        if (close < 0)
            return std::nullopt;
        return std::pair{i + 1, close};
    }
}

} // namespace

std::optional<QJsonObject> findAnswerObject(const QString &answer)
{
    const QByteArray utf8 = answer.toUtf8();
    const QByteArrayView text(utf8);
    for (qsizetype from = 0; const auto fence = nextFence(text, from);) {
        const QByteArrayView inner = text.sliced(fence->first, fence->second - fence->first);
        if (auto o = parseObject(inner))
            return o;
        if (auto o = firstObjectIn(inner))
            return o;
        from = fence->second + 3;
    }
    return firstObjectIn(text);
}

namespace {

const QStringList FixedColumns = {QStringLiteral("index"), QStringLiteral("file"), QStringLiteral("status"),
                                  QStringLiteral("answer"), QStringLiteral("parse_error"), QStringLiteral("error"),
                                  QStringLiteral("prompt_tokens"), QStringLiteral("completion_tokens"), QStringLiteral("ms")};

QString numberOrEmpty(qint64 v) { return v >= 0 ? QString::number(v) : QString(); }

} // namespace

// ---- prompt template -----------------------------------------------------------------------------

QString checkPromptTemplate(const QString &tmpl)
{
    return walkTemplate(tmpl, [](const QString &) {}, [](const QString &) {});
}

QString expandPromptTemplate(const QString &tmpl, const TemplateFields &fields)
{
    QString out;
    out.reserve(tmpl.size() + 64);
    const auto field = [&](const QString &name) {
        if (name == IndexField) {
            out += QString::number(fields.index);
        } else if (name == PathField) {
            out += fields.paths.join(QStringLiteral(", "));
        } else {
            QStringList names;
            for (const QString &p : fields.paths)
                names << QFileInfo(p).fileName();
            out += names.join(QStringLiteral(", "));
        }
    };
    walkTemplate(tmpl, [&](const QString &s) { out += s; }, field);
    return out;
}

// ---- columns -------------------------------------------------------------------------------------

std::optional<ColumnSpec> parseColumnSpec(const QString &text, QString *error)
{
    ColumnSpec spec;
    spec.source = text.trimmed();
    if (spec.source.isEmpty())
        return spec;
    const auto fail = [error](const QString &why) -> std::optional<ColumnSpec> {
        if (error)
            *error = why;
        return std::nullopt;
    };
    if (spec.source.startsWith(u'{')) {
        QJsonParseError e;
        const QJsonDocument d = QJsonDocument::fromJson(spec.source.toUtf8(), &e);
        if (e.error != QJsonParseError::NoError || !d.isObject())
            return fail(Tr::tr("The columns look like a JSON schema but are not valid JSON: %1").arg(e.errorString()));
        spec.schema = d.object();
        const QJsonValue props = spec.schema.value(QLatin1String("properties"));
        if (!props.isObject() || props.toObject().isEmpty())
            return fail(Tr::tr("The JSON schema needs a \"properties\" object naming the columns."));
        spec.names = propertyOrder(spec.source);
        const QStringList keys = props.toObject().keys();
        if (QSet<QString>(spec.names.begin(), spec.names.end()) != QSet<QString>(keys.begin(), keys.end()))
            spec.names = keys; // duplicate keys or an unusual layout: fall back to the parsed (sorted) keys
    } else {
        for (const QString &part : spec.source.split(u','))
            spec.names << part.trimmed();
    }
    QSet<QString> seen;
    for (const QString &name : std::as_const(spec.names)) {
        if (name.isEmpty())
            return fail(Tr::tr("A column name is empty: write the names separated by commas, e.g. \"brand,colour,count\"."));
        if (seen.contains(name))
            return fail(Tr::tr("The column “%1” is named twice.").arg(name));
        seen.insert(name);
    }
    return spec;
}

QList<BodyColumn> bodyColumns(const ColumnSpec &spec)
{
    QList<BodyColumn> out;
    const QJsonObject props = spec.schema.value(QLatin1String("properties")).toObject();
    static const QStringList simple{QStringLiteral("string"), QStringLiteral("number"), QStringLiteral("integer"),
                                    QStringLiteral("boolean"), QStringLiteral("null")};
    for (const QString &name : spec.names) {
        BodyColumn c;
        c.name = name;
        if (!spec.schema.isEmpty()) {
            const QJsonValue type = props.value(name).toObject().value(QLatin1String("type"));
            QStringList types;
            if (type.isString())
                types << type.toString();
            else if (type.isArray())
                for (const QJsonValue &t : type.toArray())
                    types << t.toString();
            else
                types << QStringLiteral("string"); // no type given: text
            for (const QString &t : std::as_const(types))
                if (!simple.contains(t))
                    return {};
            if (!types.contains(QLatin1String("null")))
                types << QStringLiteral("null"); // "Use null for a value the image does not give."
            types.removeDuplicates();
            c.types = types;
        }
        out << c;
    }
    return out;
}

QString columnInstruction(const ColumnSpec &spec)
{
    if (spec.isEmpty())
        return {};
    QStringList quoted;
    for (const QString &n : spec.names)
        quoted << QLatin1Char('"') + n + QLatin1Char('"');
    QString text = Tr::tr("Answer with one JSON object and nothing else, with exactly these keys: %1. Use null for a "
                          "value the image does not give.")
                       .arg(quoted.join(QStringLiteral(", ")));
    if (!spec.schema.isEmpty())
        text += QLatin1Char(' ')
            + Tr::tr("The object must match this JSON schema: %1")
                  .arg(QString::fromUtf8(QJsonDocument(spec.schema).toJson(QJsonDocument::Compact)));
    return text;
}

QString batchPromptText(const QString &tmpl, const TemplateFields &fields, const ColumnSpec &spec)
{
    QString text = expandPromptTemplate(tmpl, fields);
    if (!spec.isEmpty())
        text += QStringLiteral("\n\n") + columnInstruction(spec);
    return text;
}

ParsedAnswer parseAnswer(const QString &answer, const ColumnSpec &spec)
{
    ParsedAnswer r;
    const std::optional<QJsonObject> obj = findAnswerObject(answer);
    if (!obj) {
        r.problem = Tr::tr("The answer holds no JSON object.");
        return r;
    }
    QStringList missing;
    for (const QString &name : spec.names) {
        if (obj->contains(name)) {
            r.values.insert(name, obj->value(name));
            continue;
        }
        bool found = false;
        for (auto it = obj->begin(); it != obj->end(); ++it) {
            if (it.key().compare(name, Qt::CaseInsensitive) == 0) {
                r.values.insert(name, it.value());
                found = true;
                break;
            }
        }
        if (!found)
            missing << name;
    }
    if (!missing.isEmpty()) {
        r.problem = Tr::tr("The answer's JSON object lacks %n column(s): %1", nullptr, int(missing.size()))
                        .arg(missing.join(QStringLiteral(", ")));
        return r;
    }
    r.ok = true;
    return r;
}

QString columnText(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null:
    case QJsonValue::Undefined: return {};
    case QJsonValue::String: return value.toString();
    case QJsonValue::Bool: return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Double: {
        const QByteArray a = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
        return QString::fromUtf8(a.mid(1, a.size() - 2));
    }
    case QJsonValue::Array: return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    case QJsonValue::Object: return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    }
    return {};
}

// ---- rows ----------------------------------------------------------------------------------------

namespace {
constexpr EnumName<BatchRow::Status> RowStatusNames[] = {
    {BatchRow::Status::Done, u"done"},
    {BatchRow::Status::Failed, u"failed"},
    {BatchRow::Status::NotAsked, u"not_asked"},
};
constexpr EnumName<BatchRow::ErrorKind> RowErrorKindNames[] = {
    {BatchRow::ErrorKind::None, u""},
    {BatchRow::ErrorKind::Input, u"input"},
    {BatchRow::ErrorKind::Limits, u"limits"},
    {BatchRow::ErrorKind::Connection, u"connection"},
    {BatchRow::ErrorKind::Server, u"server"},
    {BatchRow::ErrorKind::Interrupted, u"interrupted"},
};
} // namespace

QString rowStatusName(BatchRow::Status status)
{
    return nameOf(RowStatusNames, status);
}

BatchRow::Status rowStatusFromName(const QString &name, bool *ok)
{
    const std::optional<BatchRow::Status> status = valueOf(RowStatusNames, name);
    if (ok)
        *ok = status.has_value();
    return status.value_or(BatchRow::Status::NotAsked);
}

QString errorKindName(BatchRow::ErrorKind kind)
{
    return nameOf(RowErrorKindNames, kind);
}

BatchRow::ErrorKind errorKindFromName(const QString &name)
{
    return valueOf(RowErrorKindNames, name).value_or(BatchRow::ErrorKind::None);
}

BatchRow::ErrorKind errorKindFor(const ApiError &error)
{
    switch (error.kind) {
    case ApiError::Kind::Network:
    case ApiError::Kind::Timeout:
    case ApiError::Kind::Tls: return BatchRow::ErrorKind::Connection;
    case ApiError::Kind::Canceled: return BatchRow::ErrorKind::Interrupted;
    case ApiError::Kind::None: return BatchRow::ErrorKind::None;
    default: break;
    }
    return BatchRow::ErrorKind::Server;
}

QStringList rowHeader(const ColumnSpec &spec)
{
    QStringList h{QStringLiteral("index"), QStringLiteral("file"), QStringLiteral("status")};
    if (spec.isEmpty()) {
        h << QStringLiteral("answer");
    } else {
        for (const QString &n : spec.names)
            h << (FixedColumns.contains(n) ? QStringLiteral("col_") + n : n);
        h << QStringLiteral("answer") << QStringLiteral("parse_error");
    }
    h << QStringLiteral("error") << QStringLiteral("prompt_tokens") << QStringLiteral("completion_tokens")
      << QStringLiteral("ms");
    return h;
}

QStringList rowFields(const BatchRow &row, const ColumnSpec &spec)
{
    QStringList f{QString::number(row.index), row.paths.join(QStringLiteral("; ")), rowStatusName(row.status)};
    if (spec.isEmpty()) {
        f << row.answer;
    } else {
        for (const QString &n : spec.names)
            f << columnText(row.columns.value(n));
        f << row.answer << row.parseError;
    }
    f << row.error << numberOrEmpty(row.promptTokens) << numberOrEmpty(row.completionTokens) << numberOrEmpty(row.ms);
    return f;
}

bool looksLikeFormula(QStringView cell)
{
    if (cell.isEmpty() || !QStringView(u"=+-@\t\r").contains(cell.front()))
        return false;
    // A plain decimal number ("-2", "-0.5", "-1e3") is a value, not a formula.
    qsizetype i = cell.front() == u'-' ? 1 : 0;
    const auto digits = [&] {
        const qsizetype from = i;
        while (i < cell.size() && cell.at(i) >= u'0' && cell.at(i) <= u'9')
            ++i;
        return i > from;
    };
    if (i == 0 || !digits())
        return true;
    if (i < cell.size() && cell.at(i) == u'.') {
        ++i;
        if (!digits())
            return true;
    }
    if (i < cell.size() && (cell.at(i) == u'e' || cell.at(i) == u'E')) {
        ++i;
        if (i < cell.size() && (cell.at(i) == u'+' || cell.at(i) == u'-'))
            ++i;
        if (!digits())
            return true;
    }
    return i != cell.size();
}

QString spreadsheetSafe(const QString &cell) { return looksLikeFormula(cell) ? QLatin1Char('\'') + cell : cell; }

QByteArray csvField(const QString &field)
{
    const bool formula = looksLikeFormula(field);
    QByteArray u = (formula ? QLatin1Char('\'') + field : field).toUtf8();
    const bool quote = formula || u.contains(',') || u.contains('"') || u.contains('\r') || u.contains('\n');
    if (!quote)
        return u;
    u.replace('"', QByteArrayLiteral("\"\""));
    return '"' + u + '"';
}

QByteArray csvRecord(const QStringList &fields)
{
    QByteArray out;
    for (qsizetype i = 0; i < fields.size(); ++i) {
        if (i)
            out += ',';
        out += csvField(fields.at(i));
    }
    out += "\r\n";
    return out;
}

QByteArray csvHeader(const ColumnSpec &spec) { return csvRecord(rowHeader(spec)); }
QByteArray csvLine(const BatchRow &row, const ColumnSpec &spec) { return csvRecord(rowFields(row, spec)); }

QByteArray writeCsv(const QList<BatchRow> &rows, const ColumnSpec &spec)
{
    QByteArray out = csvHeader(spec);
    for (const BatchRow &r : rows)
        out += csvLine(r, spec);
    return out;
}

QByteArray jsonlLine(const BatchRow &row, const ColumnSpec &spec)
{
    QJsonObject o;
    o.insert(QStringLiteral("index"), row.index);
    if (row.paths.size() == 1)
        o.insert(QStringLiteral("file"), row.paths.constFirst());
    else
        o.insert(QStringLiteral("file"), QJsonArray::fromStringList(row.paths));
    o.insert(QStringLiteral("status"), rowStatusName(row.status));
    if (row.status == BatchRow::Status::Done)
        o.insert(QStringLiteral("answer"), row.answer);
    if (!spec.isEmpty() && row.status == BatchRow::Status::Done) {
        QJsonObject cols;
        for (const QString &n : spec.names)
            cols.insert(n, row.columns.contains(n) ? row.columns.value(n) : QJsonValue(QJsonValue::Null));
        o.insert(QStringLiteral("columns"), cols);
        if (!row.parseError.isEmpty())
            o.insert(QStringLiteral("parse_error"), row.parseError);
    }
    if (!row.error.isEmpty()) {
        o.insert(QStringLiteral("error"), row.error);
        o.insert(QStringLiteral("error_kind"), errorKindName(row.errorKind));
    }
    if (row.httpStatus > 0)
        o.insert(QStringLiteral("http_status"), row.httpStatus);
    if (row.promptTokens >= 0)
        o.insert(QStringLiteral("prompt_tokens"), row.promptTokens);
    if (row.completionTokens >= 0)
        o.insert(QStringLiteral("completion_tokens"), row.completionTokens);
    if (row.ms >= 0)
        o.insert(QStringLiteral("ms"), row.ms);
    if (row.resumed)
        o.insert(QStringLiteral("resumed"), true);
    return QJsonDocument(o).toJson(QJsonDocument::Compact) + '\n';
}

QByteArray writeJsonl(const QList<BatchRow> &rows, const ColumnSpec &spec)
{
    QByteArray out;
    for (const BatchRow &r : rows)
        out += jsonlLine(r, spec);
    return out;
}

QString markdownCell(const QString &cell)
{
    const QString text = spreadsheetSafe(cell);
    QString out;
    out.reserve(text.size() + 8);
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (c == u'|') {
            out += QStringLiteral("\\|");
        } else if (c == u'\\') {
            out += QStringLiteral("\\\\");
        } else if (c == u'\r') {
            out += QStringLiteral("<br>");
            if (i + 1 < text.size() && text.at(i + 1) == u'\n')
                ++i;
        } else if (c == u'\n') {
            out += QStringLiteral("<br>");
        } else {
            out += c;
        }
    }
    return out;
}

QString markdownHeader(const ColumnSpec &spec)
{
    const QStringList h = rowHeader(spec);
    QStringList cells, rule;
    for (const QString &c : h) {
        cells << markdownCell(c);
        rule << QStringLiteral("---");
    }
    return QStringLiteral("| ") + cells.join(QStringLiteral(" | ")) + QStringLiteral(" |\n| ")
        + rule.join(QStringLiteral(" | ")) + QStringLiteral(" |\n");
}

QString markdownLine(const BatchRow &row, const ColumnSpec &spec)
{
    QStringList cells;
    for (const QString &f : rowFields(row, spec))
        cells << markdownCell(f);
    return QStringLiteral("| ") + cells.join(QStringLiteral(" | ")) + QStringLiteral(" |\n");
}

QString writeMarkdown(const QList<BatchRow> &rows, const ColumnSpec &spec)
{
    QString out = markdownHeader(spec);
    for (const BatchRow &r : rows)
        out += markdownLine(r, spec);
    return out;
}

// ---- dry run -------------------------------------------------------------------------------------

DryRunPlan planDryRun(const ModelProfile &profile, const QList<DryRunUnit> &units, const QString &promptTemplate,
                      const ColumnSpec &spec, const QString &system, bool fit)
{
    DryRunPlan plan;
    const ModelLimits &L = profile.limits;
    RequestContext context;
    context.system = system;
    for (const DryRunUnit &u : units) {
        QStringList unreadable;
        for (qsizetype i = 0; i < u.facts.size(); ++i)
            if (u.facts.at(i).stage == ItemFacts::Stage::Failed)
                unreadable << Tr::tr("“%1”: %2").arg(QFileInfo(u.paths.value(i)).fileName(), u.facts.at(i).error);
        if (!unreadable.isEmpty()) {
            plan.problems << DryRunProblem{u.index, u.paths, unreadable.join(QStringLiteral("; ")), false, true};
            continue;
        }
        const QString text = batchPromptText(promptTemplate, TemplateFields{u.paths, u.index}, spec);
        const Evaluation ev = evaluate(profile, u.facts, text, context);
        ++plan.requests;
        plan.textTokens += (text.toUtf8().size() + system.toUtf8().size() + 3) / 4;
        plan.imageTokens += ev.tokens.value;
        plan.estimate = plan.estimate || ev.payload.estimate;

        QStringList problems;
        bool fitHelps = true;
        for (qsizetype i = 0; i < ev.items.size(); ++i) {
            const ItemVerdict &v = ev.items.at(i);
            if (v.state == ItemVerdict::State::Convert || v.state == ItemVerdict::State::Downscale)
                ++plan.imagesToConvert;
            if (v.state == ItemVerdict::State::TooLarge)
                problems << Tr::tr("“%1”: %2").arg(QFileInfo(u.paths.value(i)).fileName(), v.text);
            else if (v.state == ItemVerdict::State::Failed)
                problems << Tr::tr("“%1”: %2").arg(QFileInfo(u.paths.value(i)).fileName(), v.text);
            if (v.state == ItemVerdict::State::Failed)
                fitHelps = false;
        }
        if (ev.count.level == Meter::Level::Over) {
            problems << ev.count.text;
            fitHelps = false;
        }
        if (ev.payload.level == Meter::Level::Over)
            problems << ev.payload.text;
        qint64 body = ev.payload.value;
        if (!problems.isEmpty() && fit && fitHelps && L.maxRequestBytes > 0)
            body = std::min(body, L.maxRequestBytes);
        plan.totalBodyBytes += body;
        plan.maxBodyBytes = std::max(plan.maxBodyBytes, body);
        if (!problems.isEmpty() && !(fit && fitHelps))
            plan.problems << DryRunProblem{u.index, u.paths, problems.join(QStringLiteral("; ")), fitHelps, false};
    }
    return plan;
}

} // namespace squint
