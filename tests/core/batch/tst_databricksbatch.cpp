// DatabricksBatchRunner against the loopback Databricks workspace (FakeDatabricksSql), whose ai_query
// really asks the fake chat endpoint about the uploaded bytes: the same batch gives the same rows
// locally and on Databricks; a stopped warehouse is started; 429s on upload are retried; several
// chunks, inline and through external links (fetched without the token, an expired one renewed); a
// failing statement keeps Databricks' words; cancel cancels the statement; a resumed upload sends only
// what is missing; the token never follows a redirect to another host.

#include "core/batch/batchrunner.h"
#include "core/batch/batchstore.h"
#include "core/batch/databricksbatch.h"
#include "core/catalog/catalog.h"
#include "core/connections/connections.h"
#include "core/history/conversationstore.h"

#include "fakedatabrickssql.h"
#include "fakeendpoint.h"
#include "testimages.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace squint;
using namespace squint::test;

namespace {

const QString Endpoint = QStringLiteral("databricks-claude-sonnet-4-5");
const QByteArray Token = "dapi-workspace-token-0123456789";
const QString Prompt = QStringLiteral("What is the size of this image? {{exactly}}");

/// The answer is about the image the request carries: its pixel size and a hash of the prompt.
QString describeImage(const QJsonObject &body)
{
    QString url;
    for (const QJsonValue &m : body.value(QLatin1String("messages")).toArray())
        for (const QJsonValue &part : m.toObject().value(QLatin1String("content")).toArray())
            if (part.toObject().value(QLatin1String("type")).toString()
                == QLatin1String("image_url"))
                url = part.toObject()
                          .value(QLatin1String("image_url"))
                          .toObject()
                          .value(QLatin1String("url"))
                          .toString();
    const QByteArray bytes = QByteArray::fromBase64(url.mid(url.indexOf(u',') + 1).toLatin1());
    const QImage image = QImage::fromData(bytes);
    const QByteArray promptHash = QCryptographicHash::hash(lastPromptText(body).toUtf8(),
                                                           QCryptographicHash::Sha256)
                                      .toHex()
                                      .left(12);
    return QStringLiteral("```json\n{\"w\": %1, \"h\": %2, \"prompt\": \"%3\"}\n```")
        .arg(image.width())
        .arg(image.height())
        .arg(QString::fromLatin1(promptHash));
}

struct Run
{
    QMap<int, BatchRow> rows;
    BatchRunner::Outcome outcome = BatchRunner::Outcome::Completed;
    QList<DatabricksBatchRunner::Stage> stages;
    bool finished = false;
};

} // namespace

class TestDatabricksBatch final : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void sameRowsLocallyAndOnDatabricks();
    void stoppedWarehouseIsStartedAndUploadsRetried();
    void externalLinksGoWithoutTheTokenAndExpiredOnesAreRenewed();
    void failedStatementKeepsDatabricksWords();
    void cancelCancelsTheStatement();
    void resumedUploadSendsOnlyWhatIsMissing();
    void tokenNeverFollowsARedirect();
    void unknownWarehouseNamesTheOthers();
    void expiredTokenIsRenewedOnce();
    void fitUploadsFittedCopies();
    void resumeAsksOnlyWhatWasNotAnswered();

private:
    QStringList makeImages(int count);
    DatabricksBatchJob jobFor(const QStringList &files) const;
    Run run(DatabricksBatchRunner &runner, std::function<void(DatabricksBatchRunner &)> during = {});

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<FakeChatEndpoint> m_chat;
    std::unique_ptr<FakeDatabricksSql> m_dbx;
    QNetworkAccessManager m_nam;
};

void TestDatabricksBatch::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_chat = std::make_unique<FakeChatEndpoint>(Backend::Databricks);
    m_chat->setAnswerProvider(describeImage);
    m_chat->setToken("chat-token");
    m_dbx = std::make_unique<FakeDatabricksSql>(m_chat.get());
    m_dbx->setToken(Token);
    m_dbx->setChatToken("chat-token");
    m_dbx->addWarehouse(QStringLiteral("wh-classic"),
                        QStringLiteral("Old"),
                        QStringLiteral("RUNNING"),
                        QStringLiteral("CLASSIC"));
    m_dbx->addWarehouse(QStringLiteral("wh-1"),
                        QStringLiteral("Serverless Starter"),
                        QStringLiteral("RUNNING"));
    m_dbx->setRowsPerChunk(3);
}

void TestDatabricksBatch::cleanup()
{
    if (m_dbx)
        QVERIFY2(m_dbx->problems().isEmpty(),
                 qPrintable(m_dbx->problems().join(QStringLiteral("; "))));
    QVERIFY2(m_chat->validationProblems().isEmpty(),
             qPrintable(m_chat->validationProblems().join(QStringLiteral("; "))));
    m_dbx.reset();
    m_chat.reset();
    m_dir.reset();
}

QStringList TestDatabricksBatch::makeImages(int count)
{
    QStringList paths;
    for (int i = 0; i < count; ++i) {
        // Names read_files would misread: hidden, underscore, globs, spaces, non-ASCII.
        static const QStringList names{QStringLiteral(".hidden"),
                                       QStringLiteral("_SUCCESS"),
                                       QStringLiteral("a [1] *"),
                                       QStringLiteral("café 東京"),
                                       QStringLiteral("plain")};
        const QString name = QStringLiteral("%1 %2.%3")
                                 .arg(names[i % names.size()])
                                 .arg(i)
                                 .arg(i % 2 ? QStringLiteral("png") : QStringLiteral("jpg"));
        const QByteArray bytes = i % 2 ? screenshotPng(QSize(60 + i, 40))
                                       : photoJpeg(QSize(64, 48 + i), 80, quint32(1000 + i));
        paths << writeFile(m_dir->path(), name, bytes);
    }
    return paths;
}

DatabricksBatchJob TestDatabricksBatch::jobFor(const QStringList &files) const
{
    DatabricksBatchJob job;
    job.host = m_dbx->host();
    job.token = Token;
    job.warehouse = QStringLiteral("Serverless Starter");
    job.volumeFolder = QStringLiteral("/Volumes/main/default/squint");
    job.query.endpoint = Endpoint;
    job.query.promptTemplate = Prompt;
    job.query.columns = *parseColumnSpec(QStringLiteral("w, h, prompt"));
    for (const QString &f : files)
        job.units << QStringList{f};
    job.pollFirstMs = 5;
    job.pollMaxMs = 20;
    job.warehousePollMs = 5;
    return job;
}

Run TestDatabricksBatch::run(DatabricksBatchRunner &runner,
                             std::function<void(DatabricksBatchRunner &)> during)
{
    Run r;
    QObject context;
    connect(&runner, &DatabricksBatchRunner::rowReady, &context, [&r](const BatchRow &row) {
        if (r.rows.contains(row.index))
            qWarning("row %d emitted twice", row.index);
        r.rows.insert(row.index, row);
    });
    connect(&runner,
            &DatabricksBatchRunner::stageChanged,
            &context,
            [&](DatabricksBatchRunner::Stage s) {
                r.stages << s;
                if (during)
                    during(runner);
            });
    connect(&runner, &DatabricksBatchRunner::uploadProgress, &context, [&](int, int) {
        if (during)
            during(runner);
    });
    connect(&runner, &DatabricksBatchRunner::finished, &context, [&r](BatchRunner::Outcome o) {
        r.outcome = o;
        r.finished = true;
    });
    runner.start();
    QElapsedTimer clock;
    clock.start();
    while (!r.finished && clock.elapsed() < 60'000)
        QTest::qWait(5);
    if (!r.finished)
        qWarning("the run did not finish within a minute");
    return r;
}

void TestDatabricksBatch::sameRowsLocallyAndOnDatabricks()
{
    const QStringList files = makeImages(8);

    // Locally: BatchRunner against the same chat endpoint.
    Connection c;
    c.kind = Connection::Kind::Databricks;
    c.baseUrl = m_chat->baseUrl().toString();
    BatchJob local;
    local.target.chatUrl = c.chatUrl();
    local.target.token = "chat-token";
    local.target.maxTokensField = c.maxTokensField();
    local.target.streamOptions = c.sendsStreamOptions();
    local.profile = Catalog::builtIn().profileFor(Endpoint);
    local.model = Endpoint;
    local.promptTemplate = Prompt;
    local.columns = *parseColumnSpec(QStringLiteral("w, h, prompt"));
    for (const QString &f : files)
        local.units << QStringList{f};
    BatchRunner localRunner(&m_nam);
    localRunner.setJob(local);
    QMap<int, BatchRow> localRows;
    connect(&localRunner, &BatchRunner::rowReady, this, [&](const BatchRow &row) {
        localRows.insert(row.index, row);
    });
    QSignalSpy localDone(&localRunner, &BatchRunner::finished);
    localRunner.start();
    QTRY_COMPARE_WITH_TIMEOUT(localDone.size(), 1, 60'000);
    const int localChats = int(m_chat->chatRequests().size());

    DatabricksBatchRunner runner(&m_nam);
    runner.setJob(jobFor(files));
    const Run r = run(runner);
    QCOMPARE(r.outcome, BatchRunner::Outcome::Completed);
    QVERIFY2(runner.error().isEmpty(), qPrintable(runner.error()));
    QCOMPARE(r.rows.size(), files.size());
    QCOMPARE(localRows.size(), files.size());
    // ai_query asked once per uploaded file, with the file's bytes.
    QCOMPARE(m_chat->chatRequests().size(), localChats + files.size());
    QCOMPARE(m_dbx->uploads().size(), files.size());
    QVERIFY(runner.chunksRead() >= 3); // 8 rows in chunks of 3
    for (int i = 1; i <= files.size(); ++i) {
        const BatchRow &a = localRows[i];
        const BatchRow &b = r.rows[i];
        QCOMPARE(b.paths, a.paths);
        QCOMPARE(b.status, BatchRow::Status::Done);
        QCOMPARE(b.status, a.status);
        QCOMPARE(b.answer, a.answer);
        QCOMPARE(b.columns, a.columns);
        QCOMPARE(b.parseError, a.parseError);
        QVERIFY(b.columns.value(QLatin1String("w")).toInt() > 0);
        // The CSV line is the same too (ms and tokens aside, which the statement does not give).
        BatchRow a2 = a, b2 = b;
        a2.ms = b2.ms = -1;
        a2.promptTokens = a2.completionTokens = b2.promptTokens = b2.completionTokens = -1;
        a2.httpStatus = b2.httpStatus = 0;
        QCOMPARE(csvLine(b2, local.columns), csvLine(a2, local.columns));
    }
    const QJsonObject st = m_dbx->statements().constLast();
    QCOMPARE(st.value(QLatin1String("wait_timeout")).toString(), QStringLiteral("0s"));
    QCOMPARE(st.value(QLatin1String("warehouse_id")).toString(), QStringLiteral("wh-1"));
}

void TestDatabricksBatch::stoppedWarehouseIsStartedAndUploadsRetried()
{
    m_dbx->addWarehouse(QStringLiteral("wh-2"),
                        QStringLiteral("Sleepy"),
                        QStringLiteral("STOPPED"),
                        QStringLiteral("PRO"),
                        4);
    m_dbx->rateLimitUploads(3, 0);
    const QStringList files = makeImages(5);
    DatabricksBatchJob job = jobFor(files);
    job.warehouse = QStringLiteral("wh-2");
    DatabricksBatchRunner runner(&m_nam);
    runner.setJob(job);
    const Run r = run(runner);
    QCOMPARE(r.outcome, BatchRunner::Outcome::Completed);
    QCOMPARE(m_dbx->warehouseStarts(), 1);
    QCOMPARE(m_dbx->warehouseState(QStringLiteral("wh-2")), QStringLiteral("RUNNING"));
    QVERIFY(r.stages.contains(DatabricksBatchRunner::Stage::StartingWarehouse));
    QVERIFY(r.stages.contains(DatabricksBatchRunner::Stage::Running));
    QCOMPARE(m_dbx->rateLimited(), 3);
    QVERIFY(runner.retries() >= 3);
    QCOMPARE(m_dbx->uploads().size(), files.size());
    for (const BatchRow &row : r.rows)
        QCOMPARE(row.status, BatchRow::Status::Done);
}

void TestDatabricksBatch::externalLinksGoWithoutTheTokenAndExpiredOnesAreRenewed()
{
    m_dbx->expireNextLinks(1);
    const QStringList files = makeImages(7);
    DatabricksBatchJob job = jobFor(files);
    job.links = DatabricksBatchJob::Links::External;
    DatabricksBatchRunner runner(&m_nam);
    runner.setJob(job);
    const Run r = run(runner);
    QCOMPARE(r.outcome, BatchRunner::Outcome::Completed);
    QCOMPARE(m_dbx->statements().constLast().value(QLatin1String("disposition")).toString(),
             QStringLiteral("EXTERNAL_LINKS"));
    QCOMPARE(m_dbx->linkFetches(), 3 + 1); // three chunks, one of them twice
    for (const RecordedRequest &req : m_dbx->server().requests()) {
        if (req.path.startsWith(QLatin1String("/external/")))
            QVERIFY(req.header("Authorization").isEmpty());
    }
    QCOMPARE(r.rows.size(), files.size());
    for (const BatchRow &row : r.rows)
        QCOMPARE(row.status, BatchRow::Status::Done);
}

void TestDatabricksBatch::failedStatementKeepsDatabricksWords()
{
    m_dbx->failNextStatement(
        QStringLiteral("PERMISSION_DENIED"),
        QStringLiteral("42501"),
        QStringLiteral(
            "User does not have CAN QUERY permission on endpoint databricks-claude-sonnet-4-5."));
    const QStringList files = makeImages(3);
    DatabricksBatchRunner runner(&m_nam);
    runner.setJob(jobFor(files));
    const Run r = run(runner);
    QCOMPARE(r.outcome, BatchRunner::Outcome::Completed);
    QCOMPARE(r.rows.size(), 3);
    for (const BatchRow &row : r.rows) {
        QCOMPARE(row.status, BatchRow::Status::Failed);
        QCOMPARE(row.errorKind, BatchRow::ErrorKind::Server);
        QVERIFY2(row.error.contains(
                     QLatin1String("User does not have CAN QUERY permission on endpoint")),
                 qPrintable(row.error));
        QVERIFY(row.error.contains(QLatin1String("PERMISSION_DENIED")));
        QVERIFY(row.error.contains(QLatin1String("42501")));
    }
    QVERIFY(!runner.error().isEmpty());
}

void TestDatabricksBatch::cancelCancelsTheStatement()
{
    m_dbx->setRunningPolls(1'000'000); // runs until canceled
    const QStringList files = makeImages(3);
    DatabricksBatchRunner runner(&m_nam);
    runner.setJob(jobFor(files));
    bool canceled = false;
    const Run r = run(runner, [&canceled](DatabricksBatchRunner &x) {
        if (!canceled && x.stage() == DatabricksBatchRunner::Stage::Running) {
            canceled = true;
            QTimer::singleShot(0, &x, &DatabricksBatchRunner::cancel);
        }
    });
    QVERIFY(canceled);
    QCOMPARE(r.outcome, BatchRunner::Outcome::Canceled);
    QCOMPARE(m_dbx->cancels(), 1);
    QCOMPARE(r.rows.size(), 3);
    for (const BatchRow &row : r.rows)
        QCOMPARE(row.status, BatchRow::Status::NotAsked);
}

void TestDatabricksBatch::resumedUploadSendsOnlyWhatIsMissing()
{
    m_dbx->setLatencyMs(5);
    const QStringList files = makeImages(12);
    DatabricksBatchJob job = jobFor(files);
    job.uploadConcurrency = 2;
    // First run: canceled once 4 files are up.
    DatabricksBatchRunner first(&m_nam);
    first.setJob(job);
    bool canceled = false;
    const Run r1 = run(first, [&canceled](DatabricksBatchRunner &x) {
        if (!canceled && x.filesUploaded() >= 4) {
            canceled = true;
            QTimer::singleShot(0, &x, &DatabricksBatchRunner::cancel);
        }
    });
    QCOMPARE(r1.outcome, BatchRunner::Outcome::Canceled);
    const qsizetype sentFirst = m_dbx->uploads().size();
    QVERIFY(sentFirst >= 4 && sentFirst < files.size());
    QCOMPARE(m_dbx->statements().size(), 0);

    // Second run: the same files go to the same folder; only the missing ones are sent.
    DatabricksBatchRunner second(&m_nam);
    second.setJob(job);
    const Run r2 = run(second);
    QCOMPARE(r2.outcome, BatchRunner::Outcome::Completed);
    QCOMPARE(second.runFolder(), first.runFolder());
    QCOMPARE(m_dbx->uploads().size(), files.size()); // each file sent exactly once over both runs
    const QStringList uploads = m_dbx->uploads();
    QCOMPARE(QSet<QString>(uploads.begin(), uploads.end()).size(), files.size());
    QCOMPARE(second.filesSkipped(), int(sentFirst));
    QCOMPARE(second.filesUploaded(), int(files.size() - sentFirst));
    for (const BatchRow &row : r2.rows)
        QCOMPARE(row.status, BatchRow::Status::Done);

    // A file that changed size on the volume (a cut-off upload) is sent again, overwriting it.
    const QString someRemote = m_dbx->uploads().first();
    m_dbx->removeFile(someRemote);
    DatabricksBatchRunner third(&m_nam);
    third.setJob(job);
    QCOMPARE(run(third).outcome, BatchRunner::Outcome::Completed);
    QCOMPARE(third.filesUploaded(), 1);
    QCOMPARE(m_dbx->uploads().constLast(), someRemote);

    // A local file changed in place since its copy was written (same size, later time) is sent
    // again; the others are not.
    {
        QFile edited(files.at(5));
        QVERIFY(edited.open(QIODevice::ReadWrite));
        QVERIFY(edited.setFileTime(QDateTime::currentDateTimeUtc().addSecs(120),
                                   QFileDevice::FileModificationTime));
    }
    const qsizetype before = m_dbx->uploads().size();
    DatabricksBatchRunner fourth(&m_nam);
    fourth.setJob(job);
    QCOMPARE(run(fourth).outcome, BatchRunner::Outcome::Completed);
    QCOMPARE(fourth.filesUploaded(), 1);
    QCOMPARE(fourth.filesSkipped(), int(files.size() - 1));
    QCOMPARE(m_dbx->uploads().size(), before + 1);
    QVERIFY2(m_dbx->uploads().constLast().endsWith(u'/' + volumeFileName(6, files.at(5))),
             qPrintable(m_dbx->uploads().constLast()));
}

void TestDatabricksBatch::tokenNeverFollowsARedirect()
{
    FakeHttpServer elsewhere;
    FakeHttpServer workspace;
    workspace.route(QStringLiteral("/api/2.0/sql/warehouses"),
                    Response::redirect(
                        elsewhere.url(QStringLiteral("/api/2.0/sql/warehouses")).toEncoded()));
    const QStringList files = makeImages(2);
    DatabricksBatchJob job = jobFor(files);
    job.host = workspace.url(QStringLiteral("/")).adjusted(QUrl::StripTrailingSlash);
    DatabricksBatchRunner runner(&m_nam);
    runner.setJob(job);
    const Run r = run(runner);
    QCOMPARE(r.outcome, BatchRunner::Outcome::Completed);
    QVERIFY(elsewhere.requests().isEmpty());
    QCOMPARE(workspace.requests().size(), 1);
    for (const BatchRow &row : r.rows) {
        QCOMPARE(row.status, BatchRow::Status::Failed);
        QVERIFY(!row.error.contains(QString::fromLatin1(Token)));
    }
}

void TestDatabricksBatch::unknownWarehouseNamesTheOthers()
{
    const QStringList files = makeImages(2);
    DatabricksBatchJob job = jobFor(files);
    job.warehouse = QStringLiteral("nope");
    DatabricksBatchRunner runner(&m_nam);
    runner.setJob(job);
    Run r = run(runner);
    QVERIFY(runner.error().contains(QLatin1String("Serverless Starter (wh-1)")));
    QCOMPARE(r.rows.first().errorKind, BatchRow::ErrorKind::Input);
    QVERIFY(m_dbx->uploads().isEmpty());

    job.warehouse = QStringLiteral("Old");
    DatabricksBatchRunner classic(&m_nam);
    classic.setJob(job);
    r = run(classic);
    QVERIFY(classic.error().contains(QLatin1String("Classic")));
    QVERIFY(m_dbx->statements().isEmpty());
}

// An OAuth token that expires mid-upload: the workspace answers 401, the runner gets a new token
// once and goes on with it; nothing is lost.
void TestDatabricksBatch::expiredTokenIsRenewedOnce()
{
    const QStringList files = makeImages(6);
    DatabricksBatchJob job = jobFor(files);
    job.uploadConcurrency = 1;
    int renewals = 0;
    job.renewToken = [&renewals](std::function<void(const QByteArray &, const QString &)> done) {
        ++renewals;
        done("dapi-renewed-token", {});
    };
    DatabricksBatchRunner runner(&m_nam);
    runner.setJob(job);
    bool switched = false;
    const Run r = run(runner, [this, &switched](DatabricksBatchRunner &x) {
        if (!switched && x.filesUploaded() >= 2) {
            switched = true;
            m_dbx->setToken("dapi-renewed-token");
        }
    });
    QVERIFY(switched);
    QCOMPARE(r.outcome, BatchRunner::Outcome::Completed);
    QCOMPARE(renewals, 1);
    QCOMPARE(runner.tokenRenewals(), 1);
    QCOMPARE(r.rows.size(), files.size());
    for (const BatchRow &row : r.rows)
        QCOMPARE(row.status, BatchRow::Status::Done);
    QCOMPARE(m_dbx->takeProblems().size(), 1); // the one call made with the expired token

    // Without a renewer the refused token fails the batch, in the workspace's words.
    m_dbx->setToken("yet-another-token");
    DatabricksBatchRunner plain(&m_nam);
    plain.setJob(jobFor(files));
    const Run refused = run(plain);
    QVERIFY2(plain.error().contains(QLatin1String("Invalid access token.")),
             qPrintable(plain.error()));
    QVERIFY(!plain.error().contains(QString::fromLatin1(Token)));
    m_dbx->takeProblems();
}

// Fit to Model: a picture over the model's long edge is uploaded as a scaled-down copy (ai_query
// sees the copy's pixels); the original stays as it is and the row names it.
void TestDatabricksBatch::fitUploadsFittedCopies()
{
    const QByteArray big = photoJpeg(QSize(4000, 3000), 90, 7);
    const QString path = writeFile(m_dir->path(), QStringLiteral("big.jpg"), big);
    DatabricksBatchJob job = jobFor({path});
    job.fit = true;
    job.fitLimits = Catalog::builtIn().profileFor(Endpoint).limits;
    QVERIFY(job.fitLimits.recommendedLongEdge > 0 || job.fitLimits.maxPixelsPerSide > 0);
    DatabricksBatchRunner runner(&m_nam);
    runner.setJob(job);
    const Run r = run(runner);
    QCOMPARE(r.outcome, BatchRunner::Outcome::Completed);
    QCOMPARE(r.rows.size(), 1);
    const BatchRow &row = r.rows.first();
    QCOMPARE(row.status, BatchRow::Status::Done);
    QCOMPARE(row.paths, QStringList{path});
    const int w = row.columns.value(QLatin1String("w")).toInt();
    QVERIFY2(w > 0 && w < 4000, qPrintable(row.answer));
    QVERIFY(runner.bytesUploaded() < big.size());
    QCOMPARE(QFileInfo(path).size(), big.size());
    QVERIFY(runner.runFolder() != batchVolumeFolder(job.volumeFolder, {path}, {big.size()}));
}

// A batch saved in the history: the first run loses one answer (the model endpoint fails for it);
// run again, only that file is asked (the statement skips the others before ai_query runs), the
// rest comes back from the history as resumed rows.
void TestDatabricksBatch::resumeAsksOnlyWhatWasNotAnswered()
{
    ConversationStore history;
    QVERIFY(history.open(m_dir->filePath(QStringLiteral("history.sqlite"))));
    BatchStore store(history);
    BatchInfo info;
    info.key = "k";
    info.model = Endpoint;
    const qint64 id = store.createBatch(info);
    QVERIFY(id > 0);
    const QStringList files = makeImages(6);
    m_chat->enqueueFault(Fault::Kind::ServerError);
    DatabricksBatchRunner first(&m_nam);
    first.setJob(jobFor(files));
    first.setStore(&store, id);
    const Run r1 = run(first);
    QCOMPARE(r1.outcome, BatchRunner::Outcome::Completed);
    QCOMPARE(first.rowsDone(), 5);
    QCOMPARE(first.rowsFailed(), 1);
    int failedIndex = 0;
    for (const BatchRow &row : r1.rows) {
        if (row.status == BatchRow::Status::Failed) {
            failedIndex = row.index;
            QVERIFY2(row.error.contains(QLatin1String("500")), qPrintable(row.error));
        }
    }
    QVERIFY(failedIndex > 0);
    const int chatsBefore = int(m_chat->chatRequests().size());

    DatabricksBatchRunner second(&m_nam);
    second.setJob(jobFor(files));
    second.setStore(&store, id);
    const Run r2 = run(second);
    QCOMPARE(r2.outcome, BatchRunner::Outcome::Completed);
    QCOMPARE(second.rowsResumed(), 5);
    QCOMPARE(second.rowsDone(), 6);
    QCOMPARE(int(m_chat->chatRequests().size()), chatsBefore + 1); // only the file that failed
    QCOMPARE(m_dbx->uploads().size(), files.size());               // nothing uploaded again
    for (const BatchRow &row : r2.rows) {
        QCOMPARE(row.status, BatchRow::Status::Done);
        QCOMPARE(row.resumed, row.index != failedIndex);
        if (row.index != failedIndex)
            QCOMPARE(row.columns, r1.rows.value(row.index).columns);
        else
            QVERIFY(row.columns.value(QLatin1String("w")).toInt() > 0);
    }
    const QJsonArray params
        = m_dbx->statements().constLast().value(QLatin1String("parameters")).toArray();
    QCOMPARE(params.size(), 2);
    const QByteArray done = params.at(1).toObject().value(QLatin1String("value")).toString().toUtf8();
    QCOMPARE(QJsonDocument::fromJson(done).array().size(), 5);
    QCOMPARE(store.countItems(id, BatchRow::Status::Done), 6);

    // A third run finds everything answered: nothing is sent at all.
    const int requestsBefore = int(m_dbx->server().requests().size());
    DatabricksBatchRunner third(&m_nam);
    third.setJob(jobFor(files));
    third.setStore(&store, id);
    const Run r3 = run(third);
    QCOMPARE(r3.outcome, BatchRunner::Outcome::Completed);
    QCOMPARE(third.rowsResumed(), 6);
    QCOMPARE(int(m_dbx->server().requests().size()), requestsBefore);
}

QTEST_GUILESS_MAIN(TestDatabricksBatch)
#include "tst_databricksbatch.moc"
