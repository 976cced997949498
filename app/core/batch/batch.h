#pragma once

#include "core/chat/requestbody.h"

// Batch: one question over many images. The pure part: the prompt template, the columns an answer
// must fill and how an answer is read into them, the rows and their CSV / JSONL / Markdown forms, and
// the dry-run plan (what would be sent, checked with the same evaluation as the tray). No I/O here.

#include "core/catalog/catalog.h"
#include "core/chat/chatprotocol.h"
#include "core/compose/evaluation.h"

#include <QByteArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>
#include <QStringView>

#include <optional>

namespace squint {

// ---- prompt template -----------------------------------------------------------------------------

/// What a prompt template may name: {filename}, {path} and {index}. `{{` and `}}` are literal braces.
struct TemplateFields
{
    QStringList paths; ///< the files of the request (one, or a group for comparisons)
    int index = 1;     ///< 1-based position of the request in input order
};

/// Empty when `tmpl` is a valid template; else a translated reason (an unknown {name}, a lone brace).
QString checkPromptTemplate(const QString &tmpl);
/// The template with its fields filled in: {filename} is the file name (names joined by ", " for a
/// group), {path} the absolute path (joined by ", "), {index} the request's position. Anything a
/// checkPromptTemplate() would refuse is copied as it is.
QString expandPromptTemplate(const QString &tmpl, const TemplateFields &fields);

// ---- columns -------------------------------------------------------------------------------------

/// The columns an answer must fill: a plain list of names, or a JSON schema object whose
/// "properties" name them (in the order they are written).
struct ColumnSpec
{
    QStringList names;
    QJsonObject schema; ///< the schema as given; empty for a plain list
    QString source;     ///< the text the spec was parsed from (saved with the batch)
    bool isEmpty() const { return names.isEmpty(); }
};

/// "a, b, c" or a JSON schema object ({"type":"object","properties":{...}}). Names are trimmed; empty
/// or duplicate names, a schema without a "properties" object, and invalid JSON are refused with a
/// translated *error. Empty text gives an empty spec (no columns).
std::optional<ColumnSpec> parseColumnSpec(const QString &text, QString *error = nullptr);

/// The columns as a structured-output schema (ChatBodySpec::columns): a plain list gives string-or-null
/// columns; a schema's property keeps its "type" when it is string, number, integer or boolean (or a
/// list of those), null always allowed. Empty without columns, or when a property's type cannot be
/// said that way (an object, an array): the prompt's instruction alone asks for the columns then.
QList<BodyColumn> bodyColumns(const ColumnSpec &spec);

/// The instruction appended to the prompt when there are columns: answer with one JSON object with
/// exactly these keys (and the schema when there is one). Empty without columns.
QString columnInstruction(const ColumnSpec &spec);

/// The whole text of a request: the expanded template, then a blank line and the column instruction
/// when there are columns.
QString batchPromptText(const QString &tmpl, const TemplateFields &fields, const ColumnSpec &spec);

/// An answer read into the columns.
struct ParsedAnswer
{
    bool ok = false;      ///< a JSON object with every column was found
    QJsonObject values;   ///< the columns found (by their spec names), whatever else the object held is dropped
    QString problem;      ///< translated: why the answer did not fill the columns
};

/// The JSON object an answer holds: the first ```json (or bare ```) fenced block that is an object or
/// holds one, else the first balanced {...} outside strings that parses (an object inside one that
/// does not parse counts too, up to three levels in). Linear time in the answer, whatever its braces
/// or fences: the model's text is hostile input.
std::optional<QJsonObject> findAnswerObject(const QString &answer);

/// Takes the columns from findAnswerObject()'s object (exact key, else case-insensitive). Not ok when
/// no object parses or a column is missing (the columns that were there are kept).
ParsedAnswer parseAnswer(const QString &answer, const ColumnSpec &spec);

/// A column value as text for a table: strings as they are, null as "", numbers and booleans in
/// JSON form, arrays and objects as compact JSON.
QString columnText(const QJsonValue &value);

// ---- rows ----------------------------------------------------------------------------------------

/// One request's result: a file (or a group), its answer and its columns, or why there is none.
struct BatchRow
{
    enum class Status {
        Done,     ///< answered (the columns may still be flagged: see parseError)
        Failed,   ///< could not be asked or the server said no: see error
        NotAsked, ///< the batch stopped before this file was asked (interrupted, connection lost)
    };
    /// Why a row failed, for the exit status.
    enum class ErrorKind { None, Input, Limits, Connection, Server, Interrupted };

    int index = 0;       ///< 1-based position in input order
    QStringList paths;   ///< absolute paths of the files
    Status status = Status::NotAsked;
    QString answer;      ///< the raw answer text (kept even when it does not parse)
    QJsonObject columns; ///< parsed column values
    QString parseError;  ///< not empty: the answer did not fill the columns (the row is flagged)
    ErrorKind errorKind = ErrorKind::None;
    QString error;       ///< translated, for Failed and NotAsked rows
    int httpStatus = 0;
    qint64 promptTokens = -1;
    qint64 completionTokens = -1;
    qint64 ms = -1;      ///< time the request took
    bool resumed = false; ///< taken from an earlier run of the same batch, not asked again

    bool flagged() const { return status == Status::Done && !parseError.isEmpty(); }
};

/// "done", "failed", "not_asked" (what the files and the store say).
QString rowStatusName(BatchRow::Status status);
BatchRow::Status rowStatusFromName(const QString &name, bool *ok = nullptr);
/// "", "input", "limits", "connection", "server", "interrupted".
QString errorKindName(BatchRow::ErrorKind kind);
BatchRow::ErrorKind errorKindFromName(const QString &name);
/// The ErrorKind of a failed call's error.
BatchRow::ErrorKind errorKindFor(const ApiError &error);

/// The columns of every table form: index, file, status, the spec's columns (or "answer" without
/// columns), then answer (with columns: the raw text), parse_error, error, prompt_tokens,
/// completion_tokens, ms. Column names that clash with these fixed ones get a "col_" prefix.
QStringList rowHeader(const ColumnSpec &spec);
/// One row as text fields, aligned with rowHeader(spec). A group's files are joined by "; ".
QStringList rowFields(const BatchRow &row, const ColumnSpec &spec);

/// Whether a spreadsheet would take `cell` as a formula (OWASP "CSV Injection"): it starts with `=`,
/// `+`, `-`, `@`, a tab or a carriage return, and is not a plain decimal number such as "-2.5".
bool looksLikeFormula(QStringView cell);
/// `cell` with a `'` in front when looksLikeFormula(cell), so that a spreadsheet shows it as text.
/// Every table cell of the exports (CSV and Markdown) goes through it: answers, file names, errors.
QString spreadsheetSafe(const QString &cell);

/// One CSV field per RFC 4180: quoted when it holds a comma, a quote, CR or LF (quotes doubled). A
/// formula-like field is made spreadsheetSafe() and always quoted.
QByteArray csvField(const QString &field);
/// A CSV record: the fields joined by commas, ending with CRLF.
QByteArray csvRecord(const QStringList &fields);
QByteArray csvHeader(const ColumnSpec &spec);
QByteArray csvLine(const BatchRow &row, const ColumnSpec &spec);
/// A whole CSV file: the header then the rows in the order given.
QByteArray writeCsv(const QList<BatchRow> &rows, const ColumnSpec &spec);

/// One JSON object on one line (ending with LF): index, file (a string, or an array for a group),
/// status, answer, columns (JSON values, only with columns), parse_error, error, error_kind,
/// http_status, prompt_tokens, completion_tokens, ms (only those that are known), resumed when true.
QByteArray jsonlLine(const BatchRow &row, const ColumnSpec &spec);
QByteArray writeJsonl(const QList<BatchRow> &rows, const ColumnSpec &spec);

/// A Markdown table cell: spreadsheetSafe(), then `|` becomes `\|`, a backslash `\\`, line breaks `<br>`.
QString markdownCell(const QString &text);
QString markdownHeader(const ColumnSpec &spec); ///< the header line and the separator line
QString markdownLine(const BatchRow &row, const ColumnSpec &spec);
QString writeMarkdown(const QList<BatchRow> &rows, const ColumnSpec &spec);

// ---- dry run -------------------------------------------------------------------------------------

/// What is known about one request before sending it: its files and each file's facts (a header
/// probe: ItemFacts with stage Ready and info, or Failed with the reason).
struct DryRunUnit
{
    int index = 1;
    QStringList paths;
    QList<ItemFacts> facts; ///< one per path
};

/// A request that would not go as it is.
struct DryRunProblem
{
    int index = 1;
    QStringList paths;
    QString text;          ///< translated: what breaks which limit, or why a file can't be read
    bool fitHelps = false; ///< Fit to Model (--fit) would make it fit
    bool unreadable = false;
};

/// What a batch would send.
struct DryRunPlan
{
    int requests = 0;              ///< requests that would be sent (units whose files can be read)
    qint64 totalBodyBytes = 0;     ///< sum of the request bodies (estimates where images need converting)
    qint64 maxBodyBytes = 0;       ///< the largest request
    qint64 imageTokens = 0;        ///< estimated image tokens, summed (the model's token formula)
    qint64 textTokens = 0;         ///< rough estimate of the prompt's tokens: UTF-8 bytes / 4, summed
    int imagesToConvert = 0;       ///< images that will be converted or scaled down before sending
    QList<DryRunProblem> problems; ///< in input order
    bool estimate = false;         ///< some sizes are estimates (conversions)
};

/// Pure: evaluates each unit with evaluate() (the tray's rules) for `profile`, with the expanded
/// prompt and column instruction as the text and `system` as the system prompt. With `fit`, images
/// over the limits are not problems when Fit to Model can make them fit (their size is then counted
/// at the limit it would fit into).
DryRunPlan planDryRun(const ModelProfile &profile, const QList<DryRunUnit> &units, const QString &promptTemplate,
                      const ColumnSpec &spec, const QString &system = {}, bool fit = false);

} // namespace squint
