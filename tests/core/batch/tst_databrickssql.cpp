// The pure part of a batch on Databricks: literals, names on the volume, the statement, and the
// reading of statement answers, chunks and errors.

#include "core/batch/databrickssql.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QtTest>

using namespace squint;

class TestDatabricksSql final : public QObject
{
    Q_OBJECT

private slots:
    void literalsEscapeQuotesAndBackslashes();
    void volumeFolderIsChecked_data();
    void volumeFolderIsChecked();
    void endpointNameIsChecked();
    void volumeNamesAreSafeAndMapBack_data();
    void volumeNamesAreSafeAndMapBack();
    void batchFolderDependsOnTheFiles();
    void filesApiUrlKeepsSlashesAndEncodes();
    void statementBindsThePromptAndQuotesLiterals();
    void templateFieldsAreRefused();
    void answeredFilesAreSkippedBeforeAiQuery();
    void printableStatementInlinesThePrompt();
    void statementRequestShape();
    void externalLinksBeforeTheInlineLimit();
    void statusAndManifestAreRead();
    void failedStatementKeepsDatabricksWords();
    void chunksInlineAndExternal();
    void hostileAnswersDoNotCrash();
    void rowsBecomeBatchRows();
    void warehousesAreFound();
};

void TestDatabricksSql::literalsEscapeQuotesAndBackslashes()
{
    QCOMPARE(sqlStringLiteral(QStringLiteral("it's")), QStringLiteral("'it\\'s'"));
    QCOMPARE(sqlStringLiteral(QStringLiteral("a\\b")), QStringLiteral("'a\\\\b'"));
    QCOMPARE(sqlStringLiteral(QStringLiteral("x\ny")), QStringLiteral("'x\\ny'"));
    QCOMPARE(sqlStringLiteral(QString(QChar(0x01))), QStringLiteral("'\\u0001'"));
    // A quote can't end the literal early: the only unescaped quotes are the two at the ends.
    const QString hostile = sqlStringLiteral(QStringLiteral("') ; DROP TABLE x; --\\'"));
    int bare = 0;
    for (qsizetype i = 0; i < hostile.size(); ++i) {
        if (hostile[i] == u'\'') {
            qsizetype backslashes = 0;
            for (qsizetype j = i - 1; j >= 0 && hostile[j] == u'\\'; --j)
                ++backslashes;
            bare += backslashes % 2 == 0;
        }
    }
    QCOMPARE(bare, 2);
}

void TestDatabricksSql::volumeFolderIsChecked_data()
{
    QTest::addColumn<QString>("folder");
    QTest::addColumn<bool>("ok");
    QTest::newRow("volume") << QStringLiteral("/Volumes/main/default/squint") << true;
    QTest::newRow("subfolder, trailing slash")
        << QStringLiteral("/Volumes/main/default/squint/runs/") << true;
    QTest::newRow("no volume") << QStringLiteral("/Volumes/main/default") << false;
    QTest::newRow("dbfs") << QStringLiteral("/dbfs/tmp") << false;
    QTest::newRow("quote") << QStringLiteral("/Volumes/main/default/v/it's") << false;
    QTest::newRow("glob") << QStringLiteral("/Volumes/main/default/v/*") << false;
    QTest::newRow("dotdot") << QStringLiteral("/Volumes/main/default/v/../x") << false;
    QTest::newRow("empty part") << QStringLiteral("/Volumes/main//v") << false;
    QTest::newRow("newline") << QStringLiteral("/Volumes/main/default/v\n") << true; // trimmed
    QTest::newRow("control") << QStringLiteral("/Volumes/main/default/v\x01x") << false;
}

void TestDatabricksSql::volumeFolderIsChecked()
{
    QFETCH(QString, folder);
    QFETCH(bool, ok);
    QCOMPARE(checkVolumeFolder(folder).isEmpty(), ok);
}

void TestDatabricksSql::endpointNameIsChecked()
{
    QVERIFY(checkServingEndpointName(QStringLiteral("databricks-claude-sonnet-4-5")).isEmpty());
    QVERIFY(!checkServingEndpointName(QStringLiteral("a'b")).isEmpty());
    QVERIFY(!checkServingEndpointName(QString()).isEmpty());
    QVERIFY(!checkServingEndpointName(QString(64, u'a')).isEmpty());
}

void TestDatabricksSql::volumeNamesAreSafeAndMapBack_data()
{
    QTest::addColumn<QString>("local");
    QTest::addColumn<int>("index");
    QTest::newRow("plain") << QStringLiteral("/p/cat.JPG") << 1;
    QTest::newRow("hidden") << QStringLiteral("/p/.hidden.png") << 12;
    QTest::newRow("underscore") << QStringLiteral("/p/_SUCCESS.png") << 3;
    QTest::newRow("globs and spaces") << QStringLiteral("/p/a [1] {x}*?.png") << 999999;
    QTest::newRow("non-ascii") << QStringLiteral("/p/café 東京.webp") << 1234567;
    QTest::newRow("no suffix") << QStringLiteral("/p/README") << 5;
}

void TestDatabricksSql::volumeNamesAreSafeAndMapBack()
{
    QFETCH(QString, local);
    QFETCH(int, index);
    const QString name = volumeFileName(index, local);
    static const QRegularExpression safe(QStringLiteral("^[0-9]{6,}-[A-Za-z0-9._-]+$"));
    QVERIFY2(safe.match(name).hasMatch(), qPrintable(name));
    QVERIFY(!name.startsWith(u'_') && !name.startsWith(u'.'));
    QCOMPARE(indexFromVolumePath(QStringLiteral("dbfs:/Volumes/c/s/v/squint-1/") + name), index);
    // read_files gives the path percent-encoded: the index is read all the same.
    QCOMPARE(indexFromVolumePath(QString::fromLatin1(
                 QUrl::toPercentEncoding(QStringLiteral("/Volumes/c/s/v/") + name, "/"))),
             index);
}

void TestDatabricksSql::batchFolderDependsOnTheFiles()
{
    const QString a = batchVolumeFolder(QStringLiteral("/Volumes/c/s/v/"),
                                        {QStringLiteral("/x/1.png")},
                                        {10});
    QVERIFY(a.startsWith(QLatin1String("/Volumes/c/s/v/squint-")));
    QCOMPARE(a.size(), QStringLiteral("/Volumes/c/s/v/squint-").size() + 16);
    QCOMPARE(batchVolumeFolder(QStringLiteral("/Volumes/c/s/v"), {QStringLiteral("/x/1.png")}, {10}),
             a);
    QVERIFY(batchVolumeFolder(QStringLiteral("/Volumes/c/s/v"), {QStringLiteral("/x/1.png")}, {11})
            != a);
    QVERIFY(batchVolumeFolder(QStringLiteral("/Volumes/c/s/v"), {QStringLiteral("/x/2.png")}, {10})
            != a);
    QVERIFY(indexFromVolumePath(QStringLiteral("/Volumes/c/s/v/abc.png")) == 0);
    QVERIFY(indexFromVolumePath(QStringLiteral("/Volumes/c/s/v/12-abc.png"))
            == 0); // fewer than six digits
}

void TestDatabricksSql::filesApiUrlKeepsSlashesAndEncodes()
{
    const QUrl host(QStringLiteral("https://dbc-1.cloud.databricks.com"));
    const QUrl u = filesApiUrl(host, QStringLiteral("/Volumes/c/s/v/squint-1/000001-a b.png"));
    QCOMPARE(u.toString(QUrl::FullyEncoded),
             QStringLiteral("https://dbc-1.cloud.databricks.com/api/2.0/fs/files/Volumes/c/s/v/"
                            "squint-1/000001-a%20b.png"));
    QCOMPARE(filesApiUrl(host, QStringLiteral("/Volumes/c/s/v"), true).path(),
             QStringLiteral("/api/2.0/fs/directories/Volumes/c/s/v"));
}

void TestDatabricksSql::statementBindsThePromptAndQuotesLiterals()
{
    AiQuerySpec spec;
    spec.endpoint = QStringLiteral("databricks-claude-sonnet-4-5");
    spec.folder = QStringLiteral("/Volumes/main/default/squint/squint-0123456789abcdef");
    spec.promptTemplate = QStringLiteral("What's in it? {{braces}}");
    spec.columns = *parseColumnSpec(QStringLiteral("brand, colour"));
    spec.maxTokens = 300;
    spec.temperature = 0;
    QString error;
    const QString sql = buildAiQueryStatement(spec, &error);
    QVERIFY2(!sql.isEmpty(), qPrintable(error));
    QVERIFY(sql.contains(QLatin1String("ai_query('databricks-claude-sonnet-4-5',")));
    QVERIFY(sql.contains(QLatin1String(":prompt")));
    QVERIFY(!sql.contains(QLatin1String("What"))); // the prompt is bound, never pasted in
    QVERIFY(sql.contains(QLatin1String("files => content")));
    QVERIFY(sql.contains(QLatin1String("failOnError => false")));
    QVERIFY(sql.contains(QLatin1String(
        "modelParameters => named_struct('max_tokens', 300, 'temperature', CAST(0 AS DOUBLE))")));
    QVERIFY(sql.contains(QLatin1String("read_files('/Volumes/main/default/squint/"
                                       "squint-0123456789abcdef/', format => 'binaryFile')")));
    QVERIFY(sql.contains(QLatin1String("responseFormat => '{\"json_schema\""))
            || sql.contains(QLatin1String("responseFormat => '{")));
    // The response format literal holds the columns as a JSON schema.
    const qsizetype at = sql.indexOf(QLatin1String("responseFormat => '")) + 19;
    const QString format = sql.mid(at, sql.indexOf(u'\'', at) - at);
    const QJsonObject fo = QJsonDocument::fromJson(format.toUtf8()).object();
    QCOMPARE(fo.value(QLatin1String("type")).toString(), QStringLiteral("json_schema"));
    const QJsonObject props = fo.value(QLatin1String("json_schema"))
                                  .toObject()
                                  .value(QLatin1String("schema"))
                                  .toObject()
                                  .value(QLatin1String("properties"))
                                  .toObject();
    QCOMPARE(props.keys(), (QStringList{QStringLiteral("brand"), QStringLiteral("colour")}));
    QCOMPARE(databricksPromptText(spec).left(24), QStringLiteral("What's in it? {braces}\n\n"));

    // Without columns or parameters there is neither responseFormat nor modelParameters.
    spec.columns = {};
    spec.maxTokens = 0;
    spec.temperature = -1;
    const QString plain = buildAiQueryStatement(spec);
    QVERIFY(!plain.contains(QLatin1String("responseFormat")));
    QVERIFY(!plain.contains(QLatin1String("modelParameters")));

    spec.endpoint = QStringLiteral("x', 'y");
    QVERIFY(buildAiQueryStatement(spec, &error).isEmpty());
    QVERIFY(!error.isEmpty());
    spec.endpoint = QStringLiteral("ok");
    spec.folder = QStringLiteral("/Volumes/a/b/c/') --");
    QVERIFY(buildAiQueryStatement(spec).isEmpty());
}

void TestDatabricksSql::templateFieldsAreRefused()
{
    QVERIFY(checkDatabricksTemplate(QStringLiteral("Describe it. {{literal}}")).isEmpty());
    QVERIFY(!checkDatabricksTemplate(QStringLiteral("Describe {filename}")).isEmpty());
    QVERIFY(!checkDatabricksTemplate(QStringLiteral("#{index}")).isEmpty());
    QVERIFY(!checkDatabricksTemplate(QStringLiteral("{path}")).isEmpty());
    QVERIFY(!checkDatabricksTemplate(QStringLiteral("{nope}")).isEmpty());
}

void TestDatabricksSql::answeredFilesAreSkippedBeforeAiQuery()
{
    AiQuerySpec spec;
    spec.endpoint = QStringLiteral("ep");
    spec.folder = QStringLiteral("/Volumes/c/s/v/f");
    spec.promptTemplate = QStringLiteral("Q");
    QVERIFY(!buildAiQueryStatement(spec).contains(QLatin1String(":done")));
    spec.skip = {2, 5};
    const QString sql = buildAiQueryStatement(spec);
    // The filter is inside the inner query, where read_files' rows come in: ai_query never sees them.
    const qsizetype where = sql.indexOf(
        QLatin1String("WHERE NOT array_contains(from_json(:done, 'ARRAY<INT>')"));
    QVERIFY(where > sql.indexOf(QLatin1String("read_files(")));
    QVERIFY(where < sql.indexOf(QLatin1String("ORDER BY")));
    QCOMPARE(skipParameter(spec.skip), QStringLiteral("[2,5]"));
    const QJsonArray params = statementRequest(sql,
                                               QStringLiteral("w"),
                                               QStringLiteral("Q"),
                                               false,
                                               spec.skip)
                                  .value(QLatin1String("parameters"))
                                  .toArray();
    QCOMPARE(params.size(), 2);
    QCOMPARE(params.at(1).toObject().value(QLatin1String("value")).toString(),
             QStringLiteral("[2,5]"));
    QVERIFY(printableStatement(spec).contains(QLatin1String("from_json('[2,5]'")));
}

void TestDatabricksSql::printableStatementInlinesThePrompt()
{
    AiQuerySpec spec;
    spec.endpoint = QStringLiteral("ep");
    spec.folder = QStringLiteral("/Volumes/c/s/v/f");
    spec.promptTemplate = QStringLiteral("Is it Bob's?");
    const QString sql = printableStatement(spec);
    QVERIFY(sql.contains(QLatin1String("'Is it Bob\\'s?'")));
    QVERIFY(!sql.contains(QLatin1String(":prompt")));
    QVERIFY(sql.endsWith(QLatin1String(";\n")));
}

void TestDatabricksSql::statementRequestShape()
{
    const QJsonObject r = statementRequest(QStringLiteral("SELECT 1"),
                                           QStringLiteral("wh1"),
                                           QStringLiteral("p"),
                                           false);
    QCOMPARE(r.value(QLatin1String("wait_timeout")).toString(), QStringLiteral("0s"));
    QCOMPARE(r.value(QLatin1String("warehouse_id")).toString(), QStringLiteral("wh1"));
    QCOMPARE(r.value(QLatin1String("disposition")).toString(), QStringLiteral("INLINE"));
    QCOMPARE(r.value(QLatin1String("format")).toString(), QStringLiteral("JSON_ARRAY"));
    const QJsonObject p = r.value(QLatin1String("parameters")).toArray().at(0).toObject();
    QCOMPARE(p.value(QLatin1String("name")).toString(), QStringLiteral("prompt"));
    QCOMPARE(p.value(QLatin1String("value")).toString(), QStringLiteral("p"));
    QCOMPARE(statementRequest({}, {}, {}, true).value(QLatin1String("disposition")).toString(),
             QStringLiteral("EXTERNAL_LINKS"));
}

void TestDatabricksSql::statusAndManifestAreRead()
{
    const QByteArray body = R"({"statement_id":"s1","status":{"state":"SUCCEEDED"},
        "manifest":{"format":"JSON_ARRAY","schema":{"column_count":3,"columns":[
            {"name":"path","position":0,"type_text":"STRING"},{"name":"answer","position":1,"type_text":"STRING"},
            {"name":"error","position":2,"type_text":"STRING"}]},"total_chunk_count":2,"total_row_count":3},
        "result":{"chunk_index":0,"row_offset":0,"row_count":2,"next_chunk_index":1,
            "data_array":[["dbfs:/Volumes/c/s/v/f/000001-a.png","yes",null],["dbfs:/Volumes/c/s/v/f/000002-b.png",null,"boom"]]}})";
    QString error;
    const std::optional<StatementStatus> s = parseStatementStatus(body, &error);
    QVERIFY2(s, qPrintable(error));
    QCOMPARE(s->statementId, QStringLiteral("s1"));
    QCOMPARE(s->state, StatementState::Succeeded);
    QCOMPARE(s->columnNames,
             (QStringList{QStringLiteral("path"),
                          QStringLiteral("answer"),
                          QStringLiteral("error")}));
    QCOMPARE(s->totalChunkCount, 2);
    QCOMPARE(s->totalRowCount, 3);
    QVERIFY(s->firstChunk);
    QCOMPARE(s->firstChunk->rows.size(), 2);
    QCOMPARE(s->firstChunk->nextChunkIndex, 1);
    QCOMPARE(s->firstChunk->nulls, (QList<bool>{false, false, true, false, true, false}));
    QVERIFY(resultColumns(s->columnNames).ok());
    QVERIFY(!resultColumns({QStringLiteral("path"), QStringLiteral("result")}).ok());
    QVERIFY(isTerminal(s->state));
    QVERIFY(!isTerminal(StatementState::Pending));
}

void TestDatabricksSql::failedStatementKeepsDatabricksWords()
{
    const QByteArray body = R"({"statement_id":"s2","status":{"state":"FAILED","sql_state":"42K03",
        "error":{"error_code":"BAD_REQUEST","message":"[PATH_NOT_FOUND] Path does not exist: dbfs:/Volumes/x."}}})";
    const std::optional<StatementStatus> s = parseStatementStatus(body);
    QVERIFY(s);
    QCOMPARE(s->state, StatementState::Failed);
    const QString text = databricksErrorText(s->errorCode, s->message, s->sqlState);
    QVERIFY(text.contains(QLatin1String("[PATH_NOT_FOUND] Path does not exist: dbfs:/Volumes/x.")));
    QVERIFY(text.contains(QLatin1String("BAD_REQUEST")));
    QVERIFY(text.contains(QLatin1String("42K03")));
    // A token in the server's words is hidden.
    const QString leaky = databricksErrorText(QStringLiteral("X"),
                                              QStringLiteral("bad token dapi123secret456"),
                                              {},
                                              "dapi123secret456");
    QVERIFY(!leaky.contains(QLatin1String("dapi123secret456")));
    const QString perm = databricksHttpErrorText(
        403,
        R"({"error_code":"PERMISSION_DENIED","message":"User does not have WRITE VOLUME on Volume 'c.s.v'."})");
    QVERIFY(perm.contains(QLatin1String("User does not have WRITE VOLUME on Volume 'c.s.v'.")));
    QVERIFY(perm.contains(QLatin1String("403")));
    QVERIFY(databricksErrorText({},
                                QStringLiteral("ai_query is not supported on CLASSIC warehouses"),
                                {})
                .contains(QLatin1String("Serverless")));
}

void TestDatabricksSql::chunksInlineAndExternal()
{
    const QByteArray ext
        = R"({"chunk_index":3,"external_links":[{"chunk_index":3,"row_offset":300,"row_count":100,
        "next_chunk_index":4,"external_link":"https://storage.example/abc?sig=1","expiration":"2099-01-01T00:00:00Z",
        "http_headers":{"x-ms-blob-type":"BlockBlob","Authorization":"Bearer stolen"}}]})";
    const std::optional<ResultChunk> c = parseResultChunk(ext);
    QVERIFY(c);
    QCOMPARE(c->chunkIndex, 3);
    QCOMPARE(c->nextChunkIndex, 4);
    QCOMPARE(c->rowOffset, 300);
    QCOMPARE(c->links.size(), 1);
    QCOMPARE(c->links[0].url.host(), QStringLiteral("storage.example"));
    // An Authorization header from the answer is never sent along.
    QCOMPARE(c->links[0].headers.size(), 1);
    QCOMPARE(c->links[0].headers[0].first, QByteArray("x-ms-blob-type"));
    const std::optional<ResultChunk> rows = parseJsonArrayRows(
        R"([["p1","a",null],["p2",null,"e"]])");
    QVERIFY(rows);
    QCOMPARE(rows->rows.size(), 2);
    QCOMPARE(rows->rows[1][2], QStringLiteral("e"));
    QVERIFY(rows->nulls[2]);
}

void TestDatabricksSql::hostileAnswersDoNotCrash()
{
    QString error;
    QVERIFY(!parseStatementStatus("not json", &error));
    QVERIFY(!error.isEmpty());
    QVERIFY(!parseStatementStatus(R"({"status":{"state":"WHATEVER"}})"));
    QVERIFY(!parseJsonArrayRows(R"({"a":1})"));
    const std::optional<ResultChunk> odd = parseResultChunk(
        R"({"data_array":[1,[2,true,{"x":1}],null]})");
    QVERIFY(odd);
    QCOMPARE(odd->rows.size(), 3);
    QCOMPARE(odd->rows[1].size(), 3);
    // Deep nesting is refused by the JSON parser, in bounded time.
    QByteArray deep(100000, '[');
    QVERIFY(!parseJsonArrayRows(deep));
}

void TestDatabricksSql::rowsBecomeBatchRows()
{
    const ColumnSpec spec = *parseColumnSpec(QStringLiteral("brand"));
    const BatchRow ok = rowFromResult(2,
                                      QStringLiteral("/x/a.png"),
                                      QStringLiteral("{\"brand\":\"Acme\"}"),
                                      false,
                                      {},
                                      true,
                                      spec);
    QCOMPARE(ok.status, BatchRow::Status::Done);
    QCOMPARE(ok.columns.value(QLatin1String("brand")).toString(), QStringLiteral("Acme"));
    QVERIFY(ok.parseError.isEmpty());
    const BatchRow flagged = rowFromResult(3,
                                           QStringLiteral("/x/b.png"),
                                           QStringLiteral("no json"),
                                           false,
                                           {},
                                           true,
                                           spec);
    QCOMPARE(flagged.status, BatchRow::Status::Done);
    QVERIFY(flagged.flagged());
    const BatchRow failed = rowFromResult(4,
                                          QStringLiteral("/x/c.png"),
                                          {},
                                          true,
                                          QStringLiteral("ENDPOINT_NOT_FOUND"),
                                          false,
                                          spec);
    QCOMPARE(failed.status, BatchRow::Status::Failed);
    QCOMPARE(failed.errorKind, BatchRow::ErrorKind::Server);
    QVERIFY(failed.error.contains(QLatin1String("ENDPOINT_NOT_FOUND")));
    QCOMPARE(failed.paths, QStringList{QStringLiteral("/x/c.png")});
}

void TestDatabricksSql::warehousesAreFound()
{
    QString next;
    const auto list = parseWarehouses(
        R"({"warehouses":[{"id":"a1","name":"Starter","state":"STOPPED","warehouse_type":"PRO"},
        {"id":"b2","name":"starter","state":"RUNNING","warehouse_type":"CLASSIC"}],"next_page_token":"t"})",
        &next);
    QVERIFY(list);
    QCOMPARE(list->size(), 2);
    QCOMPARE(next, QStringLiteral("t"));
    QCOMPARE(findWarehouse(*list, QStringLiteral("b2"))->name, QStringLiteral("starter"));
    QCOMPARE(findWarehouse(*list, QStringLiteral("starter"))->id, QStringLiteral("b2"));
    QCOMPARE(findWarehouse(*list, QStringLiteral("STARTER"))->id, QStringLiteral("a1"));
    QVERIFY(!findWarehouse(*list, QStringLiteral("none")));
}

// An INLINE result over 25 MiB fails the statement after every model call: links are chosen while
// the rows could still pass 16 MiB, and always from 2,000 files.
void TestDatabricksSql::externalLinksBeforeTheInlineLimit()
{
    QVERIFY(!resultNeedsExternalLinks(10, 0));
    QVERIFY(!resultNeedsExternalLinks(900, 0));    // 900 x 17 KiB: under 16 MiB
    QVERIFY(resultNeedsExternalLinks(1100, 0));    // the endpoint's default taken as 4,096 tokens
    QVERIFY(!resultNeedsExternalLinks(1999, 300)); // short answers stay inline up to 2,000 files
    QVERIFY(resultNeedsExternalLinks(2000, 300));
    QVERIFY(resultNeedsExternalLinks(200, 32000)); // long answers: links early
    QVERIFY(!resultNeedsExternalLinks(100, 32000));
}

QTEST_GUILESS_MAIN(TestDatabricksSql)
#include "tst_databrickssql.moc"
