// squint batch --on-databricks end to end: the real binary as a child process against the loopback
// Databricks workspace (FakeDatabricksSql, whose ai_query asks the fake chat endpoint) living in this
// process; --print-sql sends nothing; CSV rows; a resumed run uploads only what is missing; a failed
// statement exits 5 with Databricks' words; options that can't go together are usage errors.

#include "childprocess.h"
#include "cli/commandline.h"
#include "fakedatabrickssql.h"
#include "fakeendpoint.h"
#include "testimages.h"

#include <QDir>
#include <QFile>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

using namespace squint;
using namespace squint::test;

namespace {
const QByteArray Token = "dapi-cli-token-9876543210";
const QString Endpoint = QStringLiteral("databricks-claude-sonnet-4-5");
} // namespace

class TestBatchDatabricksCli final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void printSqlSendsNothing();
    void runsOnDatabricksThenResumesWithOnlyTheMissingUpload();
    void failedStatementExits5WithDatabricksWords();
    void usageErrors();

private:
    ProcessResult run(const QStringList &args, const QString &dataDir = QStringLiteral("data"));
    QStringList args(const QStringList &more) const;

    QTemporaryDir m_dir;
    QString m_images;
    std::unique_ptr<FakeChatEndpoint> m_chat;
    std::unique_ptr<FakeDatabricksSql> m_dbx;
};

void TestBatchDatabricksCli::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QVERIFY(QDir(m_dir.path()).mkpath(QStringLiteral("home")));
    m_images = m_dir.filePath(QStringLiteral("images"));
    for (int i = 0; i < 5; ++i)
        QVERIFY(!writeFile(m_images,
                           QStringLiteral("p %1.%2").arg(i).arg(i % 2 ? QStringLiteral("png")
                                                                      : QStringLiteral("jpg")),
                           i % 2 ? screenshotPng(QSize(50 + i, 40))
                                 : photoJpeg(QSize(64, 40 + i), 80, quint32(i)))
                     .isEmpty());
    m_chat = std::make_unique<FakeChatEndpoint>(Backend::Databricks);
    m_chat->setAnswerProvider([](const QJsonObject &body) {
        int images = 0;
        qsizetype bytes = 0;
        for (const QJsonValue &m : body.value(QLatin1String("messages")).toArray())
            for (const QJsonValue &part : m.toObject().value(QLatin1String("content")).toArray())
                if (part.toObject().value(QLatin1String("type")).toString()
                    == QLatin1String("image_url")) {
                    ++images;
                    bytes += part.toObject()
                                 .value(QLatin1String("image_url"))
                                 .toObject()
                                 .value(QLatin1String("url"))
                                 .toString()
                                 .size();
                }
        return QStringLiteral("{\"images\": %1, \"url_chars\": %2}").arg(images).arg(bytes);
    });
    m_dbx = std::make_unique<FakeDatabricksSql>(m_chat.get());
    m_dbx->setToken(Token);
    m_dbx->addWarehouse(QStringLiteral("wh-9"),
                        QStringLiteral("Shared"),
                        QStringLiteral("STOPPED"),
                        QStringLiteral("PRO"),
                        2);
    m_dbx->setRowsPerChunk(2);
}

ProcessResult TestBatchDatabricksCli::run(const QStringList &a, const QString &dataDir)
{
    QProcessEnvironment env = isolatedEnvironment(m_dir.filePath(QStringLiteral("home")),
                                                  m_dir.filePath(dataDir));
    env.insert(QStringLiteral("DATABRICKS_HOST"), m_dbx->host().toString());
    env.insert(QStringLiteral("DATABRICKS_TOKEN"), QString::fromLatin1(Token));
    ProcessOptions options;
    options.workingDirectory = m_dir.path();
    options.timeoutMs = 90'000;
    return runProcess(QStringLiteral(SQUINT_BINARY), a, env, options);
}

QStringList TestBatchDatabricksCli::args(const QStringList &more) const
{
    return QStringList{QStringLiteral("batch"),
                       QStringLiteral("--on-databricks"),
                       QStringLiteral("--warehouse"),
                       QStringLiteral("Shared"),
                       QStringLiteral("--volume"),
                       QStringLiteral("/Volumes/main/default/squint"),
                       QStringLiteral("--model"),
                       Endpoint,
                       QStringLiteral("--prompt"),
                       QStringLiteral("How many images? It's a test.")}
           + more + QStringList{m_images};
}

#define EXPECT_EXIT(r, code) \
    do { \
        QVERIFY2((r).finished, "squint did not finish"); \
        QVERIFY2((r).exitCode == (code), \
                 qPrintable(QStringLiteral("exit %1, stderr: %2").arg((r).exitCode).arg((r).err))); \
    } while (false)

void TestBatchDatabricksCli::printSqlSendsNothing()
{
    m_dbx->server().clearRequests();
    const ProcessResult r = run(args(
        {QStringLiteral("--print-sql"), QStringLiteral("--columns"), QStringLiteral("images")}));
    EXPECT_EXIT(r, 0);
    QVERIFY2(r.out.contains(QStringLiteral("ai_query('%1',").arg(Endpoint)), qPrintable(r.out));
    QVERIFY(r.out.contains(QLatin1String("'How many images? It\\'s a test.")));
    QVERIFY(r.out.contains(QLatin1String("read_files('/Volumes/main/default/squint/squint-")));
    QVERIFY(r.out.contains(QLatin1String("failOnError => false")));
    QVERIFY(r.out.contains(QLatin1String("responseFormat => ")));
    QVERIFY(m_dbx->server().requests().isEmpty());
    QVERIFY(!r.out.contains(QString::fromLatin1(Token))
            && !r.err.contains(QString::fromLatin1(Token)));
}

void TestBatchDatabricksCli::runsOnDatabricksThenResumesWithOnlyTheMissingUpload()
{
    const QString csv = m_dir.filePath(QStringLiteral("out.csv"));
    const ProcessResult r = run(args(
        {QStringLiteral("--columns"), QStringLiteral("images"), QStringLiteral("--out"), csv}));
    EXPECT_EXIT(r, 0);
    QVERIFY2(r.err.contains(QLatin1String("starting the SQL warehouse")), qPrintable(r.err));
    QCOMPARE(m_dbx->warehouseStarts(), 1);
    QCOMPARE(m_dbx->uploads().size(), 5);
    QFile f(csv);
    QVERIFY(f.open(QIODevice::ReadOnly));
    bool ok = false;
    const QList<QStringList> rows = readCsv(f.readAll(), &ok);
    QVERIFY(ok);
    QCOMPARE(rows.size(), 6);
    const qsizetype statusCol = rows[0].indexOf(QStringLiteral("status"));
    const qsizetype imagesCol = rows[0].indexOf(QStringLiteral("images"));
    QVERIFY(statusCol >= 0 && imagesCol >= 0);
    for (int i = 1; i < rows.size(); ++i) {
        QCOMPARE(rows[i][statusCol], QStringLiteral("done"));
        QCOMPARE(rows[i][imagesCol],
                 QStringLiteral("1")); // one image per request, the uploaded bytes
        QVERIFY(rows[i][1].contains(QStringLiteral("p %1.").arg(i - 1))); // in input order
    }
    QVERIFY(!r.err.contains(QString::fromLatin1(Token)));

    // One file went missing on the volume: a new run of the same files uploads only that one.
    m_dbx->removeFile(m_dbx->uploads().at(2));
    const ProcessResult again = run(args(
        {QStringLiteral("--columns"), QStringLiteral("images"), QStringLiteral("--out"), csv}));
    EXPECT_EXIT(again, 0);
    QCOMPARE(m_dbx->uploads().size(), 6);
    QCOMPARE(m_dbx->uploads().at(5), m_dbx->uploads().at(2));
    QVERIFY2(again.err.contains(QLatin1String("4 already there")), qPrintable(again.err));

    // --resume: every file was answered, so nothing is uploaded or asked; the rows are written again.
    const int chats = int(m_chat->chatRequests().size());
    const int statements = int(m_dbx->statements().size());
    const ProcessResult resumed = run(args({QStringLiteral("--columns"),
                                            QStringLiteral("images"),
                                            QStringLiteral("--resume"),
                                            QStringLiteral("--out"),
                                            csv}));
    EXPECT_EXIT(resumed, 0);
    QCOMPARE(int(m_chat->chatRequests().size()), chats);
    QCOMPARE(int(m_dbx->statements().size()), statements);
    QCOMPARE(m_dbx->uploads().size(), 6);
    QVERIFY2(resumed.err.contains(QLatin1String("5 from an earlier run")), qPrintable(resumed.err));
    QFile again2(csv);
    QVERIFY(again2.open(QIODevice::ReadOnly));
    QCOMPARE(readCsv(again2.readAll(), &ok).size(), 6);
    QVERIFY(ok);
}

void TestBatchDatabricksCli::failedStatementExits5WithDatabricksWords()
{
    m_dbx->failNextStatement(
        QStringLiteral("BAD_REQUEST"),
        QStringLiteral("0A000"),
        QStringLiteral("AI_FUNCTION_UNSUPPORTED: ai_query is not supported on this warehouse."));
    const ProcessResult r = run(args({}));
    EXPECT_EXIT(r, int(cli::ServerError));
    QVERIFY2(r.err.contains(QLatin1String(
                 "AI_FUNCTION_UNSUPPORTED: ai_query is not supported on this warehouse.")),
             qPrintable(r.err));
    QVERIFY(r.err.contains(QLatin1String("0A000")));
    QCOMPARE(r.out.count(QLatin1String("\"status\":\"failed\"")), 5);
}

void TestBatchDatabricksCli::usageErrors()
{
    const QList<QStringList> bad{
        {QStringLiteral("batch"),
         QStringLiteral("--warehouse"),
         QStringLiteral("x"),
         QStringLiteral("--model"),
         Endpoint,
         QStringLiteral("--prompt"),
         QStringLiteral("p"),
         m_images},
        args({QStringLiteral("--group"), QStringLiteral("2")}),
        {QStringLiteral("batch"),
         QStringLiteral("--on-databricks"),
         QStringLiteral("--warehouse"),
         QStringLiteral("x"),
         QStringLiteral("--volume"),
         QStringLiteral("/tmp/x"),
         QStringLiteral("--model"),
         Endpoint,
         QStringLiteral("--prompt"),
         QStringLiteral("p"),
         m_images},
        {QStringLiteral("batch"),
         QStringLiteral("--on-databricks"),
         QStringLiteral("--warehouse"),
         QStringLiteral("x"),
         QStringLiteral("--volume"),
         QStringLiteral("/Volumes/a/b/c"),
         QStringLiteral("--model"),
         Endpoint,
         QStringLiteral("--prompt"),
         QStringLiteral("Describe {filename}"),
         m_images},
    };
    const int before = int(m_dbx->server().requests().size());
    for (const QStringList &a : bad) {
        const ProcessResult r = run(a);
        EXPECT_EXIT(r, int(cli::Usage));
    }
    QCOMPARE(int(m_dbx->server().requests().size()), before);
}

QTEST_GUILESS_MAIN(TestBatchDatabricksCli)
#include "tst_batch_databricks_cli.moc"
