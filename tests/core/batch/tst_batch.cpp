// The pure part of batches: prompt templates, column specs, reading answers into columns, the CSV,
// JSONL and Markdown forms of the rows, and the dry-run plan.

#include "childprocess.h"
#include "core/batch/batch.h"
#include "core/catalog/catalog.h"
#include "core/chat/requestbody.h"
#include "core/catalog/tokens.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QtTest>

using namespace squint;

namespace {

using test::readCsv;
ItemFacts readyFacts(const QString &name, QSize size, qint64 bytes, const QByteArray &format = "jpeg")
{
    ItemFacts f;
    f.stage = ItemFacts::Stage::Ready;
    f.name = name;
    f.info.format = format;
    f.info.size = size;
    f.info.fileBytes = bytes;
    return f;
}

BatchRow doneRow(int index, const QString &path, const QString &answer)
{
    BatchRow r;
    r.index = index;
    r.paths = {path};
    r.status = BatchRow::Status::Done;
    r.answer = answer;
    r.promptTokens = 95;
    r.completionTokens = 12;
    r.ms = 340;
    return r;
}

} // namespace

class TestBatch final : public QObject
{
    Q_OBJECT

private slots:
    void bodyColumnsFollowTheSpec();
    void templateExpansion_data();
    void templateExpansion();
    void templateProblems_data();
    void templateProblems();
    void templateGroup();
    void columnList();
    void columnSchemaKeepsOrder();
    void columnSpecErrors_data();
    void columnSpecErrors();
    void instructionAndPrompt();
    void parseAnswer_data();
    void parseAnswer();
    void hostileAnswers_data();
    void hostileAnswers();
    void columnTextForms();
    void csvQuoting_data();
    void csvQuoting();
    void csvRoundTrip();
    void csvHeaderAndFailedRow();
    void csvColumnNameClash();
    void jsonlLines();
    void markdownEscaping();
    void spreadsheetFormulas_data();
    void spreadsheetFormulas();
    void formulasInRows();
    void dryRunCounts();
    void dryRunProblems();
    void dryRunFitAndGroups();
};

void TestBatch::templateExpansion_data()
{
    QTest::addColumn<QString>("tmpl");
    QTest::addColumn<QString>("expected");
    QTest::newRow("all fields") << QStringLiteral("File {filename} at {path}, number {index}.")
                                << QStringLiteral("File shot 1.png at /data/in/shot 1.png, number 7.");
    QTest::newRow("literal braces") << QStringLiteral("Answer as {{\"name\": ...}} for {filename}")
                                    << QStringLiteral("Answer as {\"name\": ...} for shot 1.png");
    QTest::newRow("repeated") << QStringLiteral("{index}{index}") << QStringLiteral("77");
    QTest::newRow("nothing to fill") << QStringLiteral("What is this?") << QStringLiteral("What is this?");
    QTest::newRow("non-ASCII around") << QStringLiteral("Größe von „{filename}“?") << QStringLiteral("Größe von „shot 1.png“?");
}

void TestBatch::templateExpansion()
{
    QFETCH(QString, tmpl);
    QFETCH(QString, expected);
    QVERIFY(checkPromptTemplate(tmpl).isEmpty());
    QCOMPARE(expandPromptTemplate(tmpl, TemplateFields{{QStringLiteral("/data/in/shot 1.png")}, 7}), expected);
}

void TestBatch::templateProblems_data()
{
    QTest::addColumn<QString>("tmpl");
    QTest::addColumn<QString>("mentions");
    QTest::addColumn<QString>("expanded"); // the offending text stays as it is
    QTest::newRow("unknown field") << QStringLiteral("Describe {file} ({index})") << QStringLiteral("{file}")
                                   << QStringLiteral("Describe {file} (3)");
    QTest::newRow("lone open brace") << QStringLiteral("{index} and { more") << QStringLiteral("{")
                                     << QStringLiteral("3 and { more");
    QTest::newRow("lone close brace") << QStringLiteral("a } b {index}") << QStringLiteral("}") << QStringLiteral("a } b 3");
    QTest::newRow("JSON example unescaped") << QStringLiteral("Return {\"a\": 1}") << QStringLiteral("{\"a\": 1}")
                                            << QStringLiteral("Return {\"a\": 1}");
}

void TestBatch::templateProblems()
{
    QFETCH(QString, tmpl);
    QFETCH(QString, mentions);
    QFETCH(QString, expanded);
    const QString problem = checkPromptTemplate(tmpl);
    QVERIFY(!problem.isEmpty());
    QVERIFY2(problem.contains(mentions) || problem.contains(QStringLiteral("“%1”").arg(mentions)), qPrintable(problem));
    QCOMPARE(expandPromptTemplate(tmpl, TemplateFields{{QStringLiteral("/x/a.png")}, 3}), expanded);
}

void TestBatch::templateGroup()
{
    const TemplateFields f{{QStringLiteral("/p/a.jpg"), QStringLiteral("/q/b.png")}, 2};
    QCOMPARE(expandPromptTemplate(QStringLiteral("Compare {filename} ({path}) #{index}"), f),
             QStringLiteral("Compare a.jpg, b.png (/p/a.jpg, /q/b.png) #2"));
}

void TestBatch::columnList()
{
    QString error;
    const auto spec = parseColumnSpec(QStringLiteral(" brand , colour,count "), &error);
    QVERIFY2(spec, qPrintable(error));
    QCOMPARE(spec->names, (QStringList{QStringLiteral("brand"), QStringLiteral("colour"), QStringLiteral("count")}));
    QVERIFY(spec->schema.isEmpty());
    const auto none = parseColumnSpec(QString(), &error);
    QVERIFY(none);
    QVERIFY(none->isEmpty());
}

void TestBatch::columnSchemaKeepsOrder()
{
    const QString schema = QStringLiteral(R"({"type": "object",
        "properties": {"zeta": {"type": "string", "description": "with {braces} and \"quotes\""},
                       "alpha": {"type": "integer"},
                       "mid\u00e9": {"type": "array", "items": {"type": "string"}}},
        "required": ["zeta"]})");
    QString error;
    const auto spec = parseColumnSpec(schema, &error);
    QVERIFY2(spec, qPrintable(error));
    QCOMPARE(spec->names, (QStringList{QStringLiteral("zeta"), QStringLiteral("alpha"), QStringLiteral("midé")}));
    QCOMPARE(spec->schema.value(QLatin1String("type")).toString(), QStringLiteral("object"));
}

void TestBatch::columnSpecErrors_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("empty name") << QStringLiteral("a,,b");
    QTest::newRow("trailing comma") << QStringLiteral("a,b,");
    QTest::newRow("duplicate") << QStringLiteral("a,b,a");
    QTest::newRow("invalid JSON") << QStringLiteral("{\"properties\": {\"a\": }");
    QTest::newRow("no properties") << QStringLiteral("{\"type\": \"object\"}");
    QTest::newRow("properties not an object") << QStringLiteral("{\"properties\": [\"a\"]}");
    QTest::newRow("empty properties") << QStringLiteral("{\"properties\": {}}");
}

void TestBatch::columnSpecErrors()
{
    QFETCH(QString, text);
    QString error;
    QVERIFY(!parseColumnSpec(text, &error));
    QVERIFY(!error.isEmpty());
}

void TestBatch::instructionAndPrompt()
{
    const ColumnSpec spec = *parseColumnSpec(QStringLiteral("brand,count"));
    const QString instruction = columnInstruction(spec);
    QVERIFY2(instruction.contains(QLatin1String("\"brand\", \"count\"")), qPrintable(instruction));
    QVERIFY(instruction.contains(QLatin1String("JSON")));
    QCOMPARE(batchPromptText(QStringLiteral("Look at {filename}."), TemplateFields{{QStringLiteral("/a/b.png")}, 1}, spec),
             QStringLiteral("Look at b.png.\n\n") + instruction);
    QCOMPARE(batchPromptText(QStringLiteral("Look at {filename}."), TemplateFields{{QStringLiteral("/a/b.png")}, 1}, ColumnSpec{}),
             QStringLiteral("Look at b.png."));
    QVERIFY(columnInstruction(ColumnSpec{}).isEmpty());

    const ColumnSpec schema = *parseColumnSpec(QStringLiteral(R"({"properties":{"n":{"type":"integer"}}})"));
    QVERIFY2(columnInstruction(schema).contains(QLatin1String(R"({"properties":{"n":{"type":"integer"}}})")),
             qPrintable(columnInstruction(schema)));
}

void TestBatch::parseAnswer_data()
{
    QTest::addColumn<QString>("answer");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QString>("brand");
    QTest::addColumn<QString>("count");
    QTest::newRow("bare object") << QStringLiteral(R"({"brand": "Acme", "count": 3})") << true << QStringLiteral("Acme")
                                 << QStringLiteral("3");
    QTest::newRow("fenced json") << QStringLiteral("Here you go:\n```json\n{\"brand\": \"Acme, Inc.\", \"count\": 2}\n```\nDone.")
                                 << true << QStringLiteral("Acme, Inc.") << QStringLiteral("2");
    QTest::newRow("fence wins over prose object")
        << QStringLiteral("Format {like this}.\n```\n{\"brand\": \"B\", \"count\": 1}\n```") << true << QStringLiteral("B")
        << QStringLiteral("1");
    QTest::newRow("object in prose") << QStringLiteral("Sure! {\"brand\": \"x}y\", \"count\": null} hope that helps {")
                                     << true << QStringLiteral("x}y") << QString();
    QTest::newRow("first object does not parse")
        << QStringLiteral("{not json} then {\"brand\": \"C\", \"count\": 5}") << true << QStringLiteral("C") << QStringLiteral("5");
    QTest::newRow("keys in another case") << QStringLiteral(R"({"Brand": "D", "COUNT": 4})") << true << QStringLiteral("D")
                                          << QStringLiteral("4");
    QTest::newRow("missing column") << QStringLiteral(R"({"brand": "E"})") << false << QStringLiteral("E") << QString();
    QTest::newRow("no object") << QStringLiteral("I can't tell from this image.") << false << QString() << QString();
    QTest::newRow("array, not object") << QStringLiteral(R"(["brand", "count"])") << false << QString() << QString();
    QTest::newRow("cut off") << QStringLiteral(R"({"brand": "F", "count": )") << false << QString() << QString();
}

void TestBatch::parseAnswer()
{
    QFETCH(QString, answer);
    QFETCH(bool, ok);
    QFETCH(QString, brand);
    QFETCH(QString, count);
    const ColumnSpec spec = *parseColumnSpec(QStringLiteral("brand,count"));
    const ParsedAnswer p = squint::parseAnswer(answer, spec);
    QCOMPARE(p.ok, ok);
    QCOMPARE(p.problem.isEmpty(), ok);
    QCOMPARE(columnText(p.values.value(QLatin1String("brand"))), brand);
    QCOMPARE(columnText(p.values.value(QLatin1String("count"))), count);
    if (QByteArray(QTest::currentDataTag()) == "missing column")
        QVERIFY2(p.problem.contains(QLatin1String("count")), qPrintable(p.problem));
}

void TestBatch::hostileAnswers_data()
{
    // 320 KB answers made to make a scanner quadratic: the old finder rescanned from every "{" (31 s
    // for the first one); these must be read in one pass, and right.
    QTest::addColumn<QString>("answer");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QString>("brand");
    constexpr int Half = 160'000;
    const QString object = QStringLiteral(R"({"brand": "Z", "count": 9})");
    QTest::newRow("{ x 160000 then } x 160000") << QString(Half, u'{') + QString(Half, u'}') << false << QString();
    QTest::newRow("{ x 320000, never closed") << QString(2 * Half, u'{') << false << QString();
    QTest::newRow("} x 320000") << QString(2 * Half, u'}') << false << QString();
    QTest::newRow("unclosed braces, then the object") << QString(2 * Half, u'{') + object << true << QStringLiteral("Z");
    QTest::newRow("closed braces, then the object") << QString(Half, u'{') + QString(Half, u'}') + object << true
                                                    << QStringLiteral("Z");
    QTest::newRow("the object inside deep braces") << QString(Half, u'{') + object + QString(Half, u'}') << false << QString();
    QTest::newRow("{\"a\": nested 50000 deep")
        << QStringLiteral("{\"a\": ").repeated(Half / 3) + QStringLiteral("1") + QString(Half / 3, u'}') << false << QString();
    QTest::newRow("an open string inside braces") << QStringLiteral("{\"") + QString(2 * Half, u'{') << false << QString();
    QTest::newRow("fences x 80000") << QStringLiteral("```\n").repeated(Half / 2) << false << QString();
    QTest::newRow("json fences of braces")
        << QStringLiteral("```json\n{{{{\n```\n").repeated(Half / 8) + QStringLiteral("```json\n") + object + QStringLiteral("\n```")
        << true << QStringLiteral("Z");
    QTest::newRow("one fence never closed") << QStringLiteral("```json\n") + QString(2 * Half, u'{') << false << QString();
    QTest::newRow("backticks x 320000, then the object") << QString(2 * Half, u'`') + u'\n' + object << true << QStringLiteral("Z");
}

void TestBatch::hostileAnswers()
{
    QFETCH(QString, answer);
    QFETCH(bool, ok);
    QFETCH(QString, brand);
    QVERIFY(answer.size() >= 320'000);
    const ParsedAnswer p = squint::parseAnswer(answer, *parseColumnSpec(QStringLiteral("brand,count")));
    QCOMPARE(p.ok, ok);
    QCOMPARE(p.problem.isEmpty(), ok);
    QCOMPARE(columnText(p.values.value(QLatin1String("brand"))), brand);
    QCOMPARE(findAnswerObject(answer).has_value(), ok);
}

void TestBatch::columnTextForms()
{
    QCOMPARE(columnText(QJsonValue(QStringLiteral("a\nb"))), QStringLiteral("a\nb"));
    QCOMPARE(columnText(QJsonValue(3)), QStringLiteral("3"));
    QCOMPARE(columnText(QJsonValue(2.5)), QStringLiteral("2.5"));
    QCOMPARE(columnText(QJsonValue(true)), QStringLiteral("true"));
    QCOMPARE(columnText(QJsonValue(QJsonValue::Null)), QString());
    QCOMPARE(columnText(QJsonArray{1, QStringLiteral("x")}), QStringLiteral("[1,\"x\"]"));
}

void TestBatch::csvQuoting_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("plain") << QStringLiteral("plain text") << QByteArray("plain text");
    QTest::newRow("empty") << QString() << QByteArray("");
    QTest::newRow("comma") << QStringLiteral("a, b") << QByteArray("\"a, b\"");
    QTest::newRow("quotes") << QStringLiteral("say \"hi\"") << QByteArray("\"say \"\"hi\"\"\"");
    QTest::newRow("newline") << QStringLiteral("line 1\nline 2") << QByteArray("\"line 1\nline 2\"");
    QTest::newRow("crlf") << QStringLiteral("a\r\nb") << QByteArray("\"a\r\nb\"");
    QTest::newRow("cr alone") << QStringLiteral("a\rb") << QByteArray("\"a\rb\"");
    QTest::newRow("only a quote") << QStringLiteral("\"") << QByteArray("\"\"\"\"");
    QTest::newRow("non-ASCII") << QStringLiteral("Größe ❄") << QStringLiteral("Größe ❄").toUtf8();
    QTest::newRow("leading space kept") << QStringLiteral("  x ") << QByteArray("  x ");
}

void TestBatch::csvQuoting()
{
    QFETCH(QString, field);
    QFETCH(QByteArray, expected);
    QCOMPARE(csvField(field), expected);
}

void TestBatch::csvRoundTrip()
{
    const QStringList nasty = {QStringLiteral("Acme, Inc."), QStringLiteral("He said \"no\", twice"),
                               QStringLiteral("two\nlines"), QStringLiteral("windows\r\nlines, \"quoted\""), QString(),
                               QStringLiteral("\"\""), QStringLiteral(",")};
    QList<BatchRow> rows;
    for (int i = 0; i < nasty.size(); ++i)
        rows << doneRow(i + 1, QStringLiteral("/imgs/file, %1.png").arg(i), nasty.at(i));
    const QByteArray csv = writeCsv(rows, ColumnSpec{});
    QVERIFY(csv.endsWith("\r\n"));
    bool ok = false;
    const QList<QStringList> records = readCsv(csv, &ok);
    QVERIFY2(ok, csv.constData());
    QCOMPARE(records.size(), nasty.size() + 1);
    QCOMPARE(records.constFirst(), rowHeader(ColumnSpec{}));
    for (int i = 0; i < nasty.size(); ++i) {
        const QStringList &r = records.at(i + 1);
        QCOMPARE(r.size(), rowHeader(ColumnSpec{}).size());
        QCOMPARE(r.at(0), QString::number(i + 1));
        QCOMPARE(r.at(1), QStringLiteral("/imgs/file, %1.png").arg(i));
        QCOMPARE(r.at(2), QStringLiteral("done"));
        QCOMPARE(r.at(3), nasty.at(i));
    }
}

void TestBatch::csvHeaderAndFailedRow()
{
    const ColumnSpec spec = *parseColumnSpec(QStringLiteral("brand,count"));
    QCOMPARE(csvHeader(spec), QByteArray("index,file,status,brand,count,answer,parse_error,error,prompt_tokens,completion_tokens,ms\r\n"));
    BatchRow done = doneRow(1, QStringLiteral("/a.png"), QStringLiteral("{\"brand\": \"Acme, Inc.\", \"count\": 3}"));
    done.columns = QJsonObject{{QStringLiteral("brand"), QStringLiteral("Acme, Inc.")}, {QStringLiteral("count"), 3}};
    QCOMPARE(csvLine(done, spec), QByteArray("1,/a.png,done,\"Acme, Inc.\",3,\"{\"\"brand\"\": \"\"Acme, Inc.\"\", \"\"count\"\": 3}\",,,95,12,340\r\n"));
    BatchRow failed;
    failed.index = 2;
    failed.paths = {QStringLiteral("/b.jpg")};
    failed.status = BatchRow::Status::Failed;
    failed.errorKind = BatchRow::ErrorKind::Input;
    failed.error = QStringLiteral("“b.jpg” can't be used: the file is damaged");
    QCOMPARE(csvLine(failed, spec), QStringLiteral("2,/b.jpg,failed,,,,,“b.jpg” can't be used: the file is damaged,,,\r\n").toUtf8());
}

void TestBatch::csvColumnNameClash()
{
    const ColumnSpec spec = *parseColumnSpec(QStringLiteral("file,answer,colour"));
    const QStringList h = rowHeader(spec);
    QCOMPARE(h.mid(3, 3), (QStringList{QStringLiteral("col_file"), QStringLiteral("col_answer"), QStringLiteral("colour")}));
    QCOMPARE(QSet<QString>(h.begin(), h.end()).size(), h.size());
}

void TestBatch::jsonlLines()
{
    const ColumnSpec spec = *parseColumnSpec(QStringLiteral("brand,count"));
    BatchRow done = doneRow(1, QStringLiteral("/a.png"), QStringLiteral("no json here"));
    done.parseError = QStringLiteral("The answer holds no JSON object.");
    BatchRow group;
    group.index = 2;
    group.paths = {QStringLiteral("/x.png"), QStringLiteral("/y.png")};
    group.status = BatchRow::Status::NotAsked;
    group.errorKind = BatchRow::ErrorKind::Interrupted;
    group.error = QStringLiteral("Not asked: the batch was interrupted.");
    const QByteArray out = writeJsonl({done, group}, spec);
    const QList<QByteArray> lines = out.split('\n');
    QCOMPARE(lines.size(), 3);
    QVERIFY(lines.at(2).isEmpty());
    const QJsonObject a = QJsonDocument::fromJson(lines.at(0)).object();
    QCOMPARE(a.value(QLatin1String("index")).toInt(), 1);
    QCOMPARE(a.value(QLatin1String("file")).toString(), QStringLiteral("/a.png"));
    QCOMPARE(a.value(QLatin1String("status")).toString(), QStringLiteral("done"));
    QCOMPARE(a.value(QLatin1String("answer")).toString(), QStringLiteral("no json here"));
    QVERIFY(a.value(QLatin1String("columns")).toObject().value(QLatin1String("brand")).isNull());
    QCOMPARE(a.value(QLatin1String("parse_error")).toString(), done.parseError);
    QCOMPARE(a.value(QLatin1String("prompt_tokens")).toInt(), 95);
    const QJsonObject b = QJsonDocument::fromJson(lines.at(1)).object();
    QCOMPARE(b.value(QLatin1String("file")).toArray().size(), 2);
    QCOMPARE(b.value(QLatin1String("status")).toString(), QStringLiteral("not_asked"));
    QCOMPARE(b.value(QLatin1String("error_kind")).toString(), QStringLiteral("interrupted"));
    QVERIFY(!b.contains(QLatin1String("answer")));
    QVERIFY(!b.contains(QLatin1String("ms")));
}

void TestBatch::markdownEscaping()
{
    QCOMPARE(markdownCell(QStringLiteral("a|b\\c\nd\r\ne")), QStringLiteral("a\\|b\\\\c<br>d<br>e"));
    const QString table = writeMarkdown({doneRow(1, QStringLiteral("/p|q.png"), QStringLiteral("one | two\nthree"))}, ColumnSpec{});
    const QStringList lines = table.split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 3);
    QCOMPARE(lines.at(0), QStringLiteral("| index | file | status | answer | error | prompt_tokens | completion_tokens | ms |"));
    QCOMPARE(lines.at(1), QStringLiteral("| --- | --- | --- | --- | --- | --- | --- | --- |"));
    QCOMPARE(lines.at(2), QStringLiteral("| 1 | /p\\|q.png | done | one \\| two<br>three |  | 95 | 12 | 340 |"));
}

void TestBatch::spreadsheetFormulas_data()
{
    QTest::addColumn<QString>("cell");
    QTest::addColumn<QByteArray>("csv");
    QTest::addColumn<QString>("markdown");
    // OWASP "CSV Injection": a leading ' makes a spreadsheet show the cell as text, and the cell is quoted.
    QTest::newRow("=HYPERLINK") << QStringLiteral(R"(=HYPERLINK("http://x","y"))")
                                << QByteArray(R"csv("'=HYPERLINK(""http://x"",""y"")")csv") << QStringLiteral(R"('=HYPERLINK("http://x","y"))");
    QTest::newRow("+1") << QStringLiteral("+1") << QByteArray("\"'+1\"") << QStringLiteral("'+1");
    QTest::newRow("-2+3") << QStringLiteral("-2+3") << QByteArray("\"'-2+3\"") << QStringLiteral("'-2+3");
    QTest::newRow("@SUM(A1)") << QStringLiteral("@SUM(A1)") << QByteArray("\"'@SUM(A1)\"") << QStringLiteral("'@SUM(A1)");
    QTest::newRow("tab") << QStringLiteral("\tx") << QByteArray("\"'\tx\"") << QStringLiteral("'\tx");
    QTest::newRow("carriage return") << QStringLiteral("\rx") << QByteArray("\"'\rx\"") << QStringLiteral("'<br>x");
    QTest::newRow("DDE") << QStringLiteral("=cmd|' /C calc'!A0") << QByteArray("\"'=cmd|' /C calc'!A0\"")
                         << QStringLiteral("'=cmd\\|' /C calc'!A0");
    QTest::newRow("a lone minus") << QStringLiteral("-") << QByteArray("\"'-\"") << QStringLiteral("'-");
    QTest::newRow("-1e") << QStringLiteral("-1e") << QByteArray("\"'-1e\"") << QStringLiteral("'-1e");
    QTest::newRow("-.5") << QStringLiteral("-.5") << QByteArray("\"'-.5\"") << QStringLiteral("'-.5");
    // A plain number is a value, not a formula: it stays a number.
    QTest::newRow("-2") << QStringLiteral("-2") << QByteArray("-2") << QStringLiteral("-2");
    QTest::newRow("-0.25") << QStringLiteral("-0.25") << QByteArray("-0.25") << QStringLiteral("-0.25");
    QTest::newRow("-1.5e-3") << QStringLiteral("-1.5e-3") << QByteArray("-1.5e-3") << QStringLiteral("-1.5e-3");
    QTest::newRow("= inside") << QStringLiteral("a=b") << QByteArray("a=b") << QStringLiteral("a=b");
    QTest::newRow("leading space") << QStringLiteral(" =1") << QByteArray(" =1") << QStringLiteral(" =1");
}

void TestBatch::spreadsheetFormulas()
{
    QFETCH(QString, cell);
    QFETCH(QByteArray, csv);
    QFETCH(QString, markdown);
    QCOMPARE(csvField(cell), csv);
    QCOMPARE(markdownCell(cell), markdown);
    // Read back, the CSV cell is the text with its ' in front, or the number as it was.
    bool ok = false;
    const QList<QStringList> records = test::readCsv(csv + "\r\n", &ok);
    QVERIFY(ok);
    QCOMPARE(records.constFirst().constFirst(), looksLikeFormula(cell) ? u'\'' + cell : cell);
}

// Every cell of a row goes through the same guard: the model's columns and answer, the file name and
// the error; numbers stay numbers.
void TestBatch::formulasInRows()
{
    const ColumnSpec spec = *parseColumnSpec(QStringLiteral("brand,count"));
    BatchRow row = doneRow(1, QStringLiteral("@evil.png"), QStringLiteral("=1+1"));
    row.columns = QJsonObject{{QStringLiteral("brand"), QStringLiteral("+SUM(1)")}, {QStringLiteral("count"), -2}};
    row.error = QStringLiteral("-bad server text");
    QCOMPARE(csvLine(row, spec), QByteArray("1,\"'@evil.png\",done,\"'+SUM(1)\",-2,\"'=1+1\",,\"'-bad server text\",95,12,340\r\n"));
    QCOMPARE(markdownLine(row, spec), QStringLiteral("| 1 | '@evil.png | done | '+SUM(1) | -2 | '=1+1 |  | '-bad server text | 95 | 12 | 340 |\n"));
    QVERIFY(writeCsv({row}, spec).contains("\"'=1+1\""));
    QVERIFY(writeMarkdown({row}, spec).contains(QLatin1String("| '=1+1 |")));
}

void TestBatch::dryRunCounts()
{
    // Unknown model: the generic profile (5 images, 4,000,000 bytes a request, 5 MiB an image, 2000 px a side).
    const ModelProfile profile = Catalog::builtIn().profileFor(QStringLiteral("some-unknown-vision-model"));
    QVERIFY(profile.generic);
    const QString tmpl = QStringLiteral("What is in {filename}?");
    const ColumnSpec spec = *parseColumnSpec(QStringLiteral("label"));
    QList<DryRunUnit> units;
    qint64 expectedBytes = 0;
    qint64 expectedTokens = 0;
    const QList<QPair<QSize, qint64>> images = {{QSize(800, 600), 120'000}, {QSize(1200, 900), 400'000}, {QSize(640, 640), 90'000}};
    for (int i = 0; i < images.size(); ++i) {
        const QString path = QStringLiteral("/in/img%1.jpg").arg(i);
        units << DryRunUnit{i + 1, {path}, {readyFacts(QStringLiteral("img%1.jpg").arg(i), images.at(i).first, images.at(i).second)}};
        ChatBodySpec body;
        body.model = profile.endpoint;
        BodyMessage m;
        m.text = batchPromptText(tmpl, TemplateFields{{path}, i + 1}, spec);
        m.images << BodyImage{QStringLiteral("image/jpeg"), images.at(i).second, {}, {}};
        body.messages << m;
        expectedBytes += chatBodySize(body);
        expectedTokens += estimateImageTokens(profile.tokens, images.at(i).first);
    }
    const DryRunPlan plan = planDryRun(profile, units, tmpl, spec);
    QCOMPARE(plan.requests, 3);
    QCOMPARE(plan.totalBodyBytes, expectedBytes);
    QVERIFY(plan.totalBodyBytes > 4 * (120'000 + 400'000 + 90'000) / 3);
    QCOMPARE(plan.imageTokens, expectedTokens);
    QVERIFY(plan.imageTokens > 0);
    QVERIFY(plan.textTokens > 3 * 10);
    QVERIFY(plan.problems.isEmpty());
    QVERIFY(!plan.estimate);
}

void TestBatch::dryRunProblems()
{
    const ModelProfile profile = Catalog::builtIn().profileFor(QStringLiteral("some-unknown-vision-model"));
    ItemFacts broken;
    broken.stage = ItemFacts::Stage::Failed;
    broken.name = QStringLiteral("broken.jpg");
    broken.error = QStringLiteral("The file is damaged.");
    const QList<DryRunUnit> units = {
        {1, {QStringLiteral("/in/ok.jpg")}, {readyFacts(QStringLiteral("ok.jpg"), QSize(800, 600), 100'000)}},
        {2, {QStringLiteral("/in/huge.jpg")}, {readyFacts(QStringLiteral("huge.jpg"), QSize(1900, 1900), 6'000'000)}},
        {3, {QStringLiteral("/in/broken.jpg")}, {broken}},
        {4, {QStringLiteral("/in/wide.png")}, {readyFacts(QStringLiteral("wide.png"), QSize(4000, 1000), 300'000, "png")}},
        {5, {QStringLiteral("/in/pic.webp")}, {readyFacts(QStringLiteral("pic.webp"), QSize(500, 500), 30'000, "webp")}},
    };
    const DryRunPlan plan = planDryRun(profile, units, QStringLiteral("Describe."), ColumnSpec{});
    QCOMPARE(plan.requests, 4); // the unreadable file is not a request
    QCOMPARE(plan.problems.size(), 2);
    QCOMPARE(plan.problems.at(0).index, 2);
    QVERIFY(plan.problems.at(0).fitHelps);
    QVERIFY(!plan.problems.at(0).unreadable);
    QVERIFY2(plan.problems.at(0).text.contains(QLatin1String("huge.jpg")), qPrintable(plan.problems.at(0).text));
    QCOMPARE(plan.problems.at(1).index, 3);
    QVERIFY(plan.problems.at(1).unreadable);
    QVERIFY(plan.problems.at(1).text.contains(QLatin1String("The file is damaged.")));
    // Over the side limit and an unaccepted format are converted automatically, not problems.
    QCOMPARE(plan.imagesToConvert, 2);
    QVERIFY(plan.estimate);
}

void TestBatch::dryRunFitAndGroups()
{
    const ModelProfile profile = Catalog::builtIn().profileFor(QStringLiteral("some-unknown-vision-model"));
    const QList<DryRunUnit> single = {
        {1, {QStringLiteral("/in/huge.jpg")}, {readyFacts(QStringLiteral("huge.jpg"), QSize(1900, 1900), 6'000'000)}}};
    const DryRunPlan withFit = planDryRun(profile, single, QStringLiteral("Describe."), ColumnSpec{}, {}, true);
    QVERIFY(withFit.problems.isEmpty());
    QCOMPARE(withFit.requests, 1);
    QVERIFY(withFit.maxBodyBytes <= profile.limits.maxRequestBytes);

    // A group of 6 is over the generic profile's 5 images a request: Fit can't fix that.
    DryRunUnit group{1, {}, {}};
    for (int i = 0; i < 6; ++i) {
        group.paths << QStringLiteral("/in/g%1.jpg").arg(i);
        group.facts << readyFacts(QStringLiteral("g%1.jpg").arg(i), QSize(300, 300), 20'000);
    }
    const DryRunPlan groups = planDryRun(profile, {group}, QStringLiteral("Compare {filename}."), ColumnSpec{}, {}, true);
    QCOMPARE(groups.problems.size(), 1);
    QVERIFY(!groups.problems.at(0).fitHelps);
    QCOMPARE(groups.problems.at(0).paths.size(), 6);
}

void TestBatch::bodyColumnsFollowTheSpec()
{
    const QStringList stringOrNull{QStringLiteral("string"), QStringLiteral("null")};
    const QList<BodyColumn> plain = bodyColumns(*parseColumnSpec(QStringLiteral("brand, colour")));
    QCOMPARE(plain.size(), 2);
    QCOMPARE(plain.at(0).name, QStringLiteral("brand"));
    QCOMPARE(plain.at(1).name, QStringLiteral("colour"));
    QCOMPARE(plain.at(0).types, stringOrNull);

    const QList<BodyColumn> typed = bodyColumns(*parseColumnSpec(
        QStringLiteral(R"({"type":"object","properties":{"count":{"type":"integer"},"ok":{"type":["boolean","null"]},"note":{}}})")));
    QCOMPARE(typed.size(), 3);
    QCOMPARE(typed.at(0).name, QStringLiteral("count")); // in the order written
    QCOMPARE(typed.at(0).types, (QStringList{QStringLiteral("integer"), QStringLiteral("null")}));
    QCOMPARE(typed.at(1).types, (QStringList{QStringLiteral("boolean"), QStringLiteral("null")}));
    QCOMPARE(typed.at(2).types, stringOrNull);

    // A type a flat schema cannot say: no structured output, the prompt asks for the columns alone.
    QVERIFY(bodyColumns(*parseColumnSpec(QStringLiteral(R"({"properties":{"tags":{"type":"array"}}})"))).isEmpty());
    QVERIFY(bodyColumns(*parseColumnSpec(QString())).isEmpty());
}

QTEST_GUILESS_MAIN(TestBatch)
#include "tst_batch.moc"
