// BatchRunner against the loopback fake endpoint: bounded concurrency, a burst of 429s with
// Retry-After honoured for every request (no storm), a failing image, corrupt files, cancel, a server
// that dies midway and a resumed run that asks only for what is missing, a changed file asked again.

#include "core/batch/batchrunner.h"
#include "core/batch/batchstore.h"
#include "core/catalog/catalog.h"
#include "core/chat/chatcall.h"
#include "core/connections/connections.h"
#include "core/history/conversationstore.h"

#include "fakeendpoint.h"
#include "testimages.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

using namespace squint;
using namespace squint::test;

namespace {

const QString Model = QStringLiteral("gpt-4o");
const QString Template = QStringLiteral("Describe <{filename}> (#{index}).");

int imagesIn(const QJsonObject &body)
{
    int n = 0;
    for (const QJsonValue &m : body.value(QLatin1String("messages")).toArray())
        for (const QJsonValue &part : m.toObject().value(QLatin1String("content")).toArray())
            n += part.toObject().value(QLatin1String("type")).toString() == QLatin1String("image_url");
    return n;
}

/// The endpoint answers each request with a JSON object naming the file its prompt names.
void answerWithFileName(FakeChatEndpoint &ep)
{
    ep.setCharsPerChunk(16);
    ep.setAnswerProvider([](const QJsonObject &body) {
        return QStringLiteral("Sure:\n```json\n{\"name\": \"%1\", \"images\": %2}\n```").arg(bracketedName(body)).arg(imagesIn(body));
    });
}

struct Run
{
    QList<BatchRow> rows; ///< in the order emitted
    BatchRunner::Outcome outcome = BatchRunner::Outcome::Completed;
    bool finished = false;
    QMap<int, BatchRow> byIndex() const
    {
        QMap<int, BatchRow> m;
        for (const BatchRow &r : rows)
            m.insert(r.index, r);
        return m;
    }
};

} // namespace

class TestBatchRunner final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void answersEveryFileWithBoundedConcurrency();
    void refusedTokenIsRenewedOnce();
    void tokenThatCannotBeRenewedFailsItsRows();
    void groupsSendSeveralImages();
    void burstOf429HonoursRetryAfterWithoutStorm();
    void oneFailingImage();
    void longRetryAfterStopsTheBatch();
    void rateLimitAfterOtherRetriesIsWaitedFor();
    void corruptImagesAreRowsNotRequests();
    void oversizeImageNeedsFit();
    void cancelStopsAndReportsEveryRow();
    void resumeAfterServerDiesMidway();
    void changedFileIsAskedAgain();
    void newFileInFolderIsTheOnlyOneAsked();
    void storeRoundTrip();
    void columnsAreAskedAsStructuredOutput();
    void refusedStructuredOutputFallsBackOnce();

private:
    QStringList makeImages(const QString &dir, int count, int seed = 1);
    BatchJob jobFor(const FakeChatEndpoint &ep, const QList<QStringList> &units, int concurrency = 4) const;
    Run run(BatchRunner &runner, int timeoutMs = 60'000);

    QTemporaryDir m_dir;
    QNetworkAccessManager m_nam;
};

void TestBatchRunner::initTestCase()
{
    QVERIFY(m_dir.isValid());
}

QStringList TestBatchRunner::makeImages(const QString &dir, int count, int seed)
{
    QStringList paths;
    for (int i = 0; i < count; ++i) {
        const QString name = QStringLiteral("img%1.%2").arg(i, 3, 10, QLatin1Char('0')).arg(i % 2 ? QStringLiteral("png") : QStringLiteral("jpg"));
        const QByteArray bytes = i % 2 ? screenshotPng(QSize(60 + i, 40)) : photoJpeg(QSize(64, 48 + i), 80, quint32(seed * 1000 + i));
        paths << writeFile(dir, name, bytes);
    }
    return paths;
}

BatchJob TestBatchRunner::jobFor(const FakeChatEndpoint &ep, const QList<QStringList> &units, int concurrency) const
{
    Connection c;
    c.kind = Connection::Kind::OpenAI;
    c.baseUrl = ep.baseUrl().toString();
    BatchJob job;
    job.target.connectionName = QStringLiteral("fake");
    job.target.chatUrl = c.chatUrl();
    job.target.maxTokensField = c.maxTokensField();
    job.target.streamOptions = c.sendsStreamOptions();
    job.profile = Catalog::builtIn().profileFor(Model);
    job.model = Model;
    job.promptTemplate = Template;
    job.columns = *parseColumnSpec(QStringLiteral("name,images"));
    job.concurrency = concurrency;
    job.units = units;
    job.rateLimitBackoffMs = 100;
    return job;
}

Run TestBatchRunner::run(BatchRunner &runner, int timeoutMs)
{
    Run r;
    QObject context;
    connect(&runner, &BatchRunner::rowReady, &context, [&r](const BatchRow &row) { r.rows << row; });
    QSignalSpy finished(&runner, &BatchRunner::finished);
    runner.start();
    if (finished.isEmpty() && !finished.wait(timeoutMs))
        return r;
    r.finished = true;
    r.outcome = finished.constFirst().constFirst().value<BatchRunner::Outcome>();
    return r;
}

void TestBatchRunner::answersEveryFileWithBoundedConcurrency()
{
    const QString dir = m_dir.filePath(QStringLiteral("all"));
    const QStringList files = makeImages(dir, 10);
    FakeChatEndpoint ep(Backend::OpenAI);
    answerWithFileName(ep);
    ep.setAnswerDelayMs(150);
    QList<QStringList> units;
    for (const QString &f : files)
        units << QStringList{f};
    BatchRunner runner(&m_nam);
    runner.setJob(jobFor(ep, units, 4));
    const Run r = run(runner);
    QVERIFY(r.finished);
    QCOMPARE(r.outcome, BatchRunner::Outcome::Completed);
    QCOMPARE(r.rows.size(), 10);
    QCOMPARE(ep.chatRequests().size(), 10);
    QVERIFY2(ep.validationProblems().isEmpty(), qPrintable(ep.validationProblems().join(u'\n')));
    QCOMPARE(runner.peakInFlight(), 4); // bounded, and used
    const QMap<int, BatchRow> rows = r.byIndex();
    for (int i = 1; i <= 10; ++i) {
        const BatchRow &row = rows.value(i);
        QCOMPARE(row.status, BatchRow::Status::Done);
        QCOMPARE(row.paths, QStringList{files.at(i - 1)});
        QVERIFY2(row.parseError.isEmpty(), qPrintable(row.parseError));
        // The answer was about this file: its prompt named it.
        QCOMPARE(row.columns.value(QLatin1String("name")).toString(), QFileInfo(files.at(i - 1)).fileName());
        QCOMPARE(row.columns.value(QLatin1String("images")).toInt(), 1);
        QVERIFY(row.ms >= 150);
        QVERIFY(row.promptTokens > 0);
    }
    // Every prompt was expanded, with the column instruction after it.
    for (const QJsonObject &body : ep.requestBodies()) {
        const QString prompt = lastPromptText(body);
        QVERIFY2(QRegularExpression(QStringLiteral("^Describe <img\\d{3}\\.(png|jpg)> \\(#\\d+\\)\\.\\n\\n")).match(prompt).hasMatch(),
                 qPrintable(prompt));
        QVERIFY(prompt.contains(QLatin1String("\"name\", \"images\"")));
    }
}

// A Databricks OAuth token expires mid-batch (the server starts refusing it after the first row): the
// runner asks for a new one once, the requests refused meanwhile wait for it, and every file is answered.
void TestBatchRunner::refusedTokenIsRenewedOnce()
{
    const QStringList files = makeImages(m_dir.filePath(QStringLiteral("renew")), 6);
    FakeChatEndpoint ep(Backend::OpenAI);
    answerWithFileName(ep);
    ep.setToken("first-token");
    BatchJob job = jobFor(ep, {{files.at(0)}, {files.at(1)}, {files.at(2)}, {files.at(3)}, {files.at(4)}, {files.at(5)}}, 2);
    job.target.token = "first-token";
    int renewals = 0;
    job.renewToken = [&renewals](auto done) {
        ++renewals;
        done(QByteArrayLiteral("second-token"), QString());
    };
    BatchRunner runner(&m_nam);
    runner.setJob(job);
    connect(&runner, &BatchRunner::rowReady, &runner, [&ep] { ep.setToken("second-token"); });
    const Run r = run(runner);
    QVERIFY(r.finished);
    QCOMPARE(r.rows.size(), 6);
    for (const BatchRow &row : r.rows)
        QVERIFY2(row.status == BatchRow::Status::Done, qPrintable(row.error));
    QCOMPARE(renewals, 1);
}

// No new token to be had (the CLI login expired): the renewal is asked once, the rows fail with the
// server's refusal, and the reason is said once as a notice.
void TestBatchRunner::tokenThatCannotBeRenewedFailsItsRows()
{
    const QStringList files = makeImages(m_dir.filePath(QStringLiteral("norenew")), 3);
    FakeChatEndpoint ep(Backend::OpenAI);
    answerWithFileName(ep);
    ep.setToken("current-token");
    BatchJob job = jobFor(ep, {{files.at(0)}, {files.at(1)}, {files.at(2)}}, 1);
    job.target.token = "expired-token";
    int renewals = 0;
    const QString why = QStringLiteral("Your Databricks login has expired: run databricks auth login --host H.");
    job.renewToken = [&renewals, why](auto done) {
        ++renewals;
        done(QByteArray(), why);
    };
    BatchRunner runner(&m_nam);
    runner.setJob(job);
    QSignalSpy notices(&runner, &BatchRunner::notice);
    const Run r = run(runner);
    QVERIFY(r.finished);
    QCOMPARE(r.rows.size(), 3);
    for (const BatchRow &row : r.rows) {
        QCOMPARE(row.status, BatchRow::Status::Failed);
        QCOMPARE(row.httpStatus, 401);
    }
    QCOMPARE(renewals, 1);
    QCOMPARE(notices.size(), 1);
    QCOMPARE(notices.constFirst().constFirst().toString(), why);
}

void TestBatchRunner::groupsSendSeveralImages()
{
    const QStringList files = makeImages(m_dir.filePath(QStringLiteral("groups")), 5);
    FakeChatEndpoint ep(Backend::OpenAI);
    answerWithFileName(ep);
    BatchRunner runner(&m_nam);
    runner.setJob(jobFor(ep, {files.mid(0, 2), files.mid(2, 2), files.mid(4)}, 2));
    const Run r = run(runner);
    QVERIFY(r.finished);
    QCOMPARE(r.rows.size(), 3);
    const QMap<int, BatchRow> rows = r.byIndex();
    QCOMPARE(rows.value(1).columns.value(QLatin1String("images")).toInt(), 2);
    QCOMPARE(rows.value(2).columns.value(QLatin1String("images")).toInt(), 2);
    QCOMPARE(rows.value(3).columns.value(QLatin1String("images")).toInt(), 1);
    QCOMPARE(rows.value(1).columns.value(QLatin1String("name")).toString(), QStringLiteral("img000.jpg, img001.png"));
}

void TestBatchRunner::burstOf429HonoursRetryAfterWithoutStorm()
{
    const QStringList files = makeImages(m_dir.filePath(QStringLiteral("burst")), 8);
    FakeChatEndpoint ep(Backend::OpenAI);
    answerWithFileName(ep);
    ep.setAnswerDelayMs(20);
    ep.enqueueFault(Fault(Fault::Kind::RateLimited).repeated(6)); // 429 with Retry-After: 2
    QList<qint64> arrivals;
    QElapsedTimer clock;
    clock.start();
    connect(&ep, &FakeChatEndpoint::chatRequestHandled, this, [&](bool) { arrivals << clock.elapsed(); });
    QList<QList<int>> slowdowns;
    QList<QStringList> units;
    for (const QString &f : files)
        units << QStringList{f};
    BatchRunner runner(&m_nam);
    runner.setJob(jobFor(ep, units, 4));
    connect(&runner, &BatchRunner::rateLimited, this, [&](int waitMs, int limit) { slowdowns << QList<int>{waitMs, limit}; });
    const Run r = run(runner);
    QVERIFY(r.finished);
    QCOMPARE(r.outcome, BatchRunner::Outcome::Completed);
    QCOMPARE(r.rows.size(), 8);
    for (const BatchRow &row : r.rows)
        QVERIFY2(row.status == BatchRow::Status::Done, qPrintable(row.error));
    // Each 429 costs exactly one more request: 8 answers + 6 refusals, no retry storm.
    QCOMPARE(ep.chatRequests().size(), 14);
    QCOMPARE(runner.rateLimitHits(), 6);
    QCOMPARE(arrivals.size(), 14);
    // Round 1: four requests at once, all refused. Nothing more for the Retry-After's 2 seconds.
    QVERIFY2(arrivals.at(3) - arrivals.at(0) < 1000, qPrintable(QString::number(arrivals.at(3) - arrivals.at(0))));
    QVERIFY2(arrivals.at(4) - arrivals.at(3) >= 1900, qPrintable(QString::number(arrivals.at(4) - arrivals.at(3))));
    // Round 2: the concurrency was halved, so two requests, both refused; then 2 seconds again.
    QVERIFY2(arrivals.at(5) - arrivals.at(4) < 1000, qPrintable(QString::number(arrivals.at(5) - arrivals.at(4))));
    QVERIFY2(arrivals.at(6) - arrivals.at(5) >= 1900, qPrintable(QString::number(arrivals.at(6) - arrivals.at(5))));
    QCOMPARE(slowdowns.size(), 6);
    QVERIFY(slowdowns.constFirst().at(0) >= 2000);
    QCOMPARE(slowdowns.constFirst().at(1), 2);
    QCOMPARE(slowdowns.constLast().at(1), 1);
    // After the pause only one request at a time, growing back: never more than two in flight.
    QVERIFY(runner.concurrencyLimit() >= 1 && runner.concurrencyLimit() <= 4);
}

void TestBatchRunner::oneFailingImage()
{
    const QStringList files = makeImages(m_dir.filePath(QStringLiteral("onefails")), 4);
    FakeChatEndpoint ep(Backend::OpenAI);
    answerWithFileName(ep);
    ep.enqueueFault(Fault::Kind::ServerErrorNoRetry); // 500, x-should-retry: false
    QList<QStringList> units;
    for (const QString &f : files)
        units << QStringList{f};
    BatchRunner runner(&m_nam);
    runner.setJob(jobFor(ep, units, 1));
    const Run r = run(runner);
    QVERIFY(r.finished);
    QCOMPARE(r.outcome, BatchRunner::Outcome::Completed); // one failure does not stop the batch
    const QMap<int, BatchRow> rows = r.byIndex();
    QCOMPARE(rows.size(), 4);
    QCOMPARE(rows.value(1).status, BatchRow::Status::Failed);
    QCOMPARE(rows.value(1).errorKind, BatchRow::ErrorKind::Server);
    QCOMPARE(rows.value(1).httpStatus, 500);
    QVERIFY(rows.value(1).error.contains(QLatin1String("500")));
    for (int i = 2; i <= 4; ++i)
        QCOMPARE(rows.value(i).status, BatchRow::Status::Done);
    QCOMPARE(ep.chatRequests().size(), 4);
    QCOMPARE(runner.rowsFailed(), 1);
}

void TestBatchRunner::longRetryAfterStopsTheBatch()
{
    const QStringList files = makeImages(m_dir.filePath(QStringLiteral("longwait")), 3);
    FakeChatEndpoint ep(Backend::OpenAI);
    answerWithFileName(ep);
    ep.enqueueFault(Fault::Kind::RateLimitedLong); // 429 with Retry-After: 300
    QList<QStringList> units;
    for (const QString &f : files)
        units << QStringList{f};
    BatchRunner runner(&m_nam);
    runner.setJob(jobFor(ep, units, 1));
    const Run r = run(runner, 10'000);
    QVERIFY(r.finished);
    QCOMPARE(r.outcome, BatchRunner::Outcome::RateLimited);
    const QMap<int, BatchRow> rows = r.byIndex();
    QCOMPARE(rows.size(), 3);
    QCOMPARE(rows.value(1).status, BatchRow::Status::Failed);
    QCOMPARE(rows.value(1).httpStatus, 429);
    QVERIFY2(rows.value(1).error.contains(QLatin1String("5 minute")), qPrintable(rows.value(1).error));
    QCOMPARE(rows.value(2).status, BatchRow::Status::NotAsked);
    QCOMPARE(rows.value(3).status, BatchRow::Status::NotAsked);
    QCOMPARE(ep.chatRequests().size(), 1); // no knocking again for every other file
}

void TestBatchRunner::rateLimitAfterOtherRetriesIsWaitedFor()
{
    const QStringList files = makeImages(m_dir.filePath(QStringLiteral("mixed")), 2);
    FakeChatEndpoint ep(Backend::OpenAI);
    answerWithFileName(ep);
    // Two 503s use up the call's own retries, then a 429 with Retry-After arrives.
    ep.enqueueFault(Fault(Fault::Kind::Unavailable).repeated(2));
    ep.enqueueFault(Fault::Kind::RateLimited);
    BatchRunner runner(&m_nam);
    runner.setJob(jobFor(ep, {{files.at(0)}, {files.at(1)}}, 1));
    const Run r = run(runner, 20'000);
    QVERIFY(r.finished);
    QCOMPARE(r.outcome, BatchRunner::Outcome::Completed);
    const QMap<int, BatchRow> rows = r.byIndex();
    QCOMPARE(rows.value(1).status, BatchRow::Status::Done);
    QCOMPARE(rows.value(2).status, BatchRow::Status::Done);
    QCOMPARE(runner.rateLimitHits(), 1);
    QCOMPARE(ep.chatRequests().size(), 5); // 503, 503, 429, then the two answers
}

void TestBatchRunner::corruptImagesAreRowsNotRequests()
{
    const QString dir = m_dir.filePath(QStringLiteral("corrupt"));
    QStringList files = makeImages(dir, 2);
    files.insert(1, writeFile(dir, QStringLiteral("broken.jpg"), corruptJpeg()));
    files << writeFile(dir, QStringLiteral("cut.png"), truncated(photoPng(QSize(120, 90)), 0.5));
    files << writeFile(dir, QStringLiteral("notes.png"), textBytes());
    FakeChatEndpoint ep(Backend::OpenAI);
    answerWithFileName(ep);
    QList<QStringList> units;
    for (const QString &f : files)
        units << QStringList{f};
    BatchRunner runner(&m_nam);
    runner.setJob(jobFor(ep, units, 3));
    const Run r = run(runner);
    QVERIFY(r.finished);
    const QMap<int, BatchRow> rows = r.byIndex();
    QCOMPARE(rows.size(), 5);
    QCOMPARE(rows.value(1).status, BatchRow::Status::Done);
    QCOMPARE(rows.value(3).status, BatchRow::Status::Done);
    for (int i : {2, 4, 5}) {
        QCOMPARE(rows.value(i).status, BatchRow::Status::Failed);
        QCOMPARE(rows.value(i).errorKind, BatchRow::ErrorKind::Input);
        QVERIFY2(rows.value(i).error.contains(QFileInfo(files.at(i - 1)).fileName()), qPrintable(rows.value(i).error));
    }
    QCOMPARE(ep.chatRequests().size(), 2); // nothing was spent on the broken files
}

void TestBatchRunner::oversizeImageNeedsFit()
{
    // The generic profile (unknown model): 5 MiB an image as base64, 4,000,000 bytes a request.
    const QString big = writeFile(m_dir.filePath(QStringLiteral("oversize")), QStringLiteral("big.png"), photoPng(QSize(1900, 1300)));
    QVERIFY(QFileInfo(big).size() * 4 / 3 > 5 * 1024 * 1024);
    const QString small = makeImages(m_dir.filePath(QStringLiteral("oversize")), 1).constFirst();
    FakeChatEndpoint ep(Backend::OpenAI);
    answerWithFileName(ep);
    BatchJob job = jobFor(ep, {{big}, {small}}, 2);
    job.model = QStringLiteral("some-unknown-vision-model");
    job.profile = Catalog::builtIn().profileFor(job.model);
    QVERIFY(job.profile.generic);
    {
        BatchRunner runner(&m_nam);
        runner.setJob(job);
        const QMap<int, BatchRow> rows = run(runner).byIndex();
        QCOMPARE(rows.value(1).status, BatchRow::Status::Failed);
        QCOMPARE(rows.value(1).errorKind, BatchRow::ErrorKind::Limits);
        QVERIFY2(rows.value(1).error.contains(QLatin1String("--fit")), qPrintable(rows.value(1).error));
        QCOMPARE(rows.value(2).status, BatchRow::Status::Done);
        QCOMPARE(ep.chatRequests().size(), 1);
    }
    ep.clear();
    job.fit = true;
    BatchRunner runner(&m_nam);
    runner.setJob(job);
    const QMap<int, BatchRow> rows = run(runner).byIndex();
    QCOMPARE(rows.value(1).status, BatchRow::Status::Done);
    QCOMPARE(rows.value(2).status, BatchRow::Status::Done);
    QCOMPARE(ep.chatRequests().size(), 2);
    for (const RecordedRequest &req : ep.chatRequests())
        QVERIFY2(req.body.size() <= job.profile.limits.maxRequestBytes, qPrintable(QString::number(req.body.size())));
    QVERIFY2(ep.validationProblems().isEmpty(), qPrintable(ep.validationProblems().join(u'\n')));
}

void TestBatchRunner::cancelStopsAndReportsEveryRow()
{
    const QStringList files = makeImages(m_dir.filePath(QStringLiteral("cancel")), 6);
    FakeChatEndpoint ep(Backend::OpenAI);
    answerWithFileName(ep);
    ep.setAnswerDelayMs(5000);
    QTemporaryDir storeDir;
    ConversationStore history;
    QVERIFY(history.open(storeDir.filePath(QStringLiteral("h.sqlite"))));
    BatchStore store(history);
    BatchInfo info;
    info.key = "cancel";
    const qint64 id = store.createBatch(info);
    QVERIFY2(id > 0, qPrintable(store.lastError()));
    QList<QStringList> units;
    for (const QString &f : files)
        units << QStringList{f};
    BatchRunner runner(&m_nam);
    runner.setJob(jobFor(ep, units, 2));
    runner.setStore(&store, id);
    connect(&ep, &FakeChatEndpoint::chatRequestHandled, &runner, [&] {
        if (ep.chatRequests().size() == 2)
            QTimer::singleShot(100, &runner, &BatchRunner::cancel);
    });
    QElapsedTimer t;
    t.start();
    const Run r = run(runner, 20'000);
    QVERIFY(r.finished);
    QVERIFY2(t.elapsed() < 4000, "cancel did not stop the requests in flight");
    QCOMPARE(r.outcome, BatchRunner::Outcome::Canceled);
    QCOMPARE(r.rows.size(), 6);
    for (const BatchRow &row : r.rows) {
        QCOMPARE(row.status, BatchRow::Status::NotAsked);
        QCOMPARE(row.errorKind, BatchRow::ErrorKind::Interrupted);
    }
    QCOMPARE(ep.chatRequests().size(), 2);
    QCOMPARE(store.countItems(id, BatchRow::Status::NotAsked), 6);
}

void TestBatchRunner::resumeAfterServerDiesMidway()
{
    const QStringList files = makeImages(m_dir.filePath(QStringLiteral("dies")), 12);
    QList<QStringList> units;
    for (const QString &f : files)
        units << QStringList{f};
    QTemporaryDir storeDir;
    ConversationStore history;
    QVERIFY(history.open(storeDir.filePath(QStringLiteral("h.sqlite"))));
    BatchStore store(history);
    BatchInfo info;
    info.key = "dies";
    info.total = 12;
    const qint64 id = store.createBatch(info);
    QVERIFY2(id > 0, qPrintable(store.lastError()));

    // First run: the server goes away after its fifth request.
    auto *first = new FakeChatEndpoint(Backend::OpenAI);
    answerWithFileName(*first);
    first->setAnswerDelayMs(30);
    QPointer<FakeChatEndpoint> guard(first);
    connect(first, &FakeChatEndpoint::chatRequestHandled, this, [&] {
        if (guard && guard->chatRequests().size() == 5)
            guard->deleteLater();
    });
    BatchRunner runner(&m_nam);
    runner.setJob(jobFor(*first, units, 2));
    runner.setStore(&store, id);
    const Run r1 = run(runner);
    QVERIFY(r1.finished);
    QVERIFY(!guard);
    QCOMPARE(r1.outcome, BatchRunner::Outcome::ConnectionLost);
    QCOMPARE(r1.rows.size(), 12); // every file has a row, never a gap
    QSet<QString> answered;
    for (const BatchRow &row : r1.rows) {
        if (row.status == BatchRow::Status::Done)
            answered << QFileInfo(row.paths.constFirst()).fileName();
        else
            QCOMPARE(row.errorKind, BatchRow::ErrorKind::Connection);
    }
    QVERIFY2(answered.size() >= 3 && answered.size() <= 5, qPrintable(QString::number(answered.size())));
    QCOMPARE(store.countItems(id, BatchRow::Status::Done), int(answered.size()));

    // The resumed run, against a new server: only the files not answered are asked.
    FakeChatEndpoint second(Backend::OpenAI);
    answerWithFileName(second);
    BatchRunner resumed(&m_nam);
    resumed.setJob(jobFor(second, units, 4));
    resumed.setStore(&store, id);
    const Run r2 = run(resumed);
    QVERIFY(r2.finished);
    QCOMPARE(r2.outcome, BatchRunner::Outcome::Completed);
    QCOMPARE(r2.rows.size(), 12);
    QCOMPARE(second.chatRequests().size(), 12 - int(answered.size()));
    QSet<QString> askedAgain;
    for (const QJsonObject &body : second.requestBodies())
        askedAgain << bracketedName(body);
    QVERIFY(!askedAgain.intersects(answered));
    QCOMPARE(askedAgain.size() + answered.size(), 12);
    QCOMPARE(resumed.rowsResumed(), int(answered.size()));
    for (const BatchRow &row : r2.rows) {
        QCOMPARE(row.status, BatchRow::Status::Done);
        QCOMPARE(row.resumed, answered.contains(QFileInfo(row.paths.constFirst()).fileName()));
        QCOMPARE(row.columns.value(QLatin1String("name")).toString(), QFileInfo(row.paths.constFirst()).fileName());
    }
    QCOMPARE(store.countItems(id, BatchRow::Status::Done), 12);
}

void TestBatchRunner::changedFileIsAskedAgain()
{
    const QString dir = m_dir.filePath(QStringLiteral("changed"));
    const QStringList files = makeImages(dir, 3);
    QList<QStringList> units;
    for (const QString &f : files)
        units << QStringList{f};
    QTemporaryDir storeDir;
    ConversationStore history;
    QVERIFY(history.open(storeDir.filePath(QStringLiteral("h.sqlite"))));
    BatchStore store(history);
    const qint64 id = store.createBatch(BatchInfo{});
    QVERIFY2(id > 0, qPrintable(store.lastError()));
    FakeChatEndpoint ep(Backend::OpenAI);
    answerWithFileName(ep);
    {
        BatchRunner runner(&m_nam);
        runner.setJob(jobFor(ep, units, 3));
        runner.setStore(&store, id);
        QCOMPARE(run(runner).rows.size(), 3);
        QCOMPARE(ep.chatRequests().size(), 3);
    }
    // img001 gets new content; img002 is written again with the same bytes (new time, same content).
    const auto later = QDateTime::currentDateTime().addSecs(60);
    QVERIFY(!writeFile(dir, QStringLiteral("img001.png"), screenshotPng(QSize(90, 70))).isEmpty());
    QFile same(files.at(2));
    QVERIFY(same.open(QIODevice::ReadWrite));
    QVERIFY(same.setFileTime(later, QFileDevice::FileModificationTime));
    same.close();
    QFile changed(files.at(1));
    QVERIFY(changed.open(QIODevice::ReadWrite));
    QVERIFY(changed.setFileTime(later, QFileDevice::FileModificationTime));
    changed.close();

    ep.clear();
    BatchRunner again(&m_nam);
    again.setJob(jobFor(ep, units, 3));
    again.setStore(&store, id);
    const Run r = run(again);
    QVERIFY(r.finished);
    QCOMPARE(ep.chatRequests().size(), 1);
    QCOMPARE(bracketedName(ep.requestBodies().constFirst()), QStringLiteral("img001.png"));
    const QMap<int, BatchRow> rows = r.byIndex();
    QVERIFY(rows.value(1).resumed);
    QVERIFY(!rows.value(2).resumed);
    QVERIFY(rows.value(3).resumed);
    // The untouched content's new time was saved: a third run reads nothing at all.
    const QHash<int, StoredItem> saved = store.items(id);
    QCOMPARE(saved.value(3).fingerprint.mtimeMs, later.toMSecsSinceEpoch());
    ep.clear();
    BatchRunner third(&m_nam);
    third.setJob(jobFor(ep, units, 3));
    third.setStore(&store, id);
    QCOMPARE(run(third).rows.size(), 3);
    QCOMPARE(ep.chatRequests().size(), 0);
    QCOMPARE(third.rowsResumed(), 3);
}

void TestBatchRunner::newFileInFolderIsTheOnlyOneAsked()
{
    const QStringList files = makeImages(m_dir.filePath(QStringLiteral("added")), 4);
    QTemporaryDir storeDir;
    ConversationStore history;
    QVERIFY(history.open(storeDir.filePath(QStringLiteral("h.sqlite"))));
    BatchStore store(history);
    const qint64 id = store.createBatch(BatchInfo{});
    QVERIFY2(id > 0, qPrintable(store.lastError()));
    FakeChatEndpoint ep(Backend::OpenAI);
    answerWithFileName(ep);
    {
        BatchRunner runner(&m_nam);
        runner.setJob(jobFor(ep, {{files.at(1)}, {files.at(3)}}, 2));
        runner.setStore(&store, id);
        QCOMPARE(run(runner).rows.size(), 2);
    }
    // Two files appear before and between them: positions shift, the answers stay with their files.
    ep.clear();
    BatchRunner runner(&m_nam);
    runner.setJob(jobFor(ep, {{files.at(0)}, {files.at(1)}, {files.at(2)}, {files.at(3)}}, 2));
    runner.setStore(&store, id);
    const Run r = run(runner);
    QCOMPARE(r.rows.size(), 4);
    QCOMPARE(ep.chatRequests().size(), 2);
    const QMap<int, BatchRow> rows = r.byIndex();
    for (int i = 1; i <= 4; ++i) {
        QCOMPARE(rows.value(i).paths, QStringList{files.at(i - 1)});
        QCOMPARE(rows.value(i).resumed, i == 2 || i == 4);
        QCOMPARE(rows.value(i).columns.value(QLatin1String("name")).toString(), QFileInfo(files.at(i - 1)).fileName());
    }
    // The store now holds every file at its new position.
    const QList<BatchRow> saved = store.rows(id, 4);
    QCOMPARE(saved.size(), 4);
    for (int i = 0; i < 4; ++i)
        QCOMPARE(saved.at(i).paths, QStringList{files.at(i)});
}

void TestBatchRunner::storeRoundTrip()
{
    QTemporaryDir storeDir;
    ConversationStore history;
    QVERIFY(history.open(storeDir.filePath(QStringLiteral("h.sqlite"))));
    BatchStore store(history);
    BatchInfo info;
    info.model = Model;
    info.prompt = Template;
    info.columns = QStringLiteral("name,images");
    info.groupSize = 2;
    info.inputs = {QStringLiteral("/in/a"), QStringLiteral("/in/b.png")};
    info.key = batchKey(info.model, info.prompt, info.columns, {}, info.groupSize, info.inputs);
    QCOMPARE(info.key.size(), 64);
    QVERIFY(info.key != batchKey(info.model, info.prompt, info.columns, {}, 1, info.inputs));
    QVERIFY(info.key != batchKey(info.model, info.prompt, info.columns, {}, info.groupSize, {QStringLiteral("/in/a")}));
    const qint64 older = store.createBatch(info);
    const qint64 newer = store.createBatch(info);
    QVERIFY(older > 0 && newer > older);
    QCOMPARE(store.findLatest(info.key), newer);
    QCOMPARE(store.findLatest("nothing"), 0);
    const std::optional<BatchInfo> back = store.batch(older);
    QVERIFY(back);
    QCOMPARE(back->inputs, info.inputs);
    QCOMPARE(back->groupSize, 2);
    QCOMPARE(back->prompt, Template);
    QVERIFY(!back->finishedAt.isValid());
    QCOMPARE(store.listBatches().size(), 2);
    QCOMPARE(store.listBatches().constFirst().id, newer);

    BatchRow row;
    row.index = 3;
    row.paths = {QStringLiteral("/in/a/x.png"), QStringLiteral("/in/b.png")};
    row.status = BatchRow::Status::Done;
    row.answer = QStringLiteral("raw, \"text\"\nwith a line");
    row.columns = QJsonObject{{QStringLiteral("name"), QStringLiteral("x")}, {QStringLiteral("images"), 2}};
    row.parseError = QStringLiteral("flagged");
    row.httpStatus = 200;
    row.promptTokens = 180;
    row.completionTokens = 9;
    row.ms = 51;
    FileFingerprint fp{1234, 1'700'000'000'123, QByteArray(64, 'a')};
    QVERIFY2(store.saveItem(older, row, fp), qPrintable(store.lastError()));
    BatchRow failed;
    failed.index = 1;
    failed.paths = {QStringLiteral("/in/a/y.jpg")};
    failed.status = BatchRow::Status::Failed;
    failed.errorKind = BatchRow::ErrorKind::Connection;
    failed.error = QStringLiteral("refused");
    QVERIFY(store.saveItem(older, failed, FileFingerprint{}));
    const QHash<int, StoredItem> items = store.items(older);
    QCOMPARE(items.size(), 2);
    const StoredItem &s3 = items.value(3);
    QCOMPARE(s3.row.paths, row.paths);
    QCOMPARE(s3.row.answer, row.answer);
    QCOMPARE(s3.row.columns, row.columns);
    QCOMPARE(s3.row.parseError, row.parseError);
    QCOMPARE(s3.row.promptTokens, 180);
    QCOMPARE(s3.row.ms, 51);
    QCOMPARE(s3.fingerprint.size, 1234);
    QCOMPARE(s3.fingerprint.mtimeMs, 1'700'000'000'123);
    QCOMPARE(s3.fingerprint.sha256, QByteArray(64, 'a'));
    const StoredItem &s1 = items.value(1);
    QCOMPARE(s1.row.status, BatchRow::Status::Failed);
    QCOMPARE(s1.row.errorKind, BatchRow::ErrorKind::Connection);
    QCOMPARE(s1.fingerprint.size, -1);
    QVERIFY(s1.fingerprint.sha256.isEmpty());
    QCOMPARE(store.rows(older).size(), 2);
    QCOMPARE(store.rows(older).constFirst().index, 1);
    QCOMPARE(store.rows(older, 2).size(), 1);
    QCOMPARE(store.countItems(older, BatchRow::Status::Done), 1);
    QCOMPARE(store.countItems(newer, BatchRow::Status::Done), 0);
    // Saving the same position again replaces it.
    row.answer = QStringLiteral("second");
    QVERIFY(store.saveItem(older, row, fp));
    QCOMPARE(store.items(older).value(3).row.answer, QStringLiteral("second"));
    QVERIFY(store.endRun(older, true));
    QVERIFY(store.batch(older)->finishedAt.isValid());
    QVERIFY(store.beginRun(older, 7));
    QCOMPARE(store.batch(older)->total, 7);
    QVERIFY(!store.batch(older)->finishedAt.isValid());
}

void TestBatchRunner::columnsAreAskedAsStructuredOutput()
{
    ParameterMemory::clear();
    const QStringList files = makeImages(m_dir.filePath(QStringLiteral("structured")), 3);
    FakeChatEndpoint ep(Backend::OpenAI); // checks the schema as OpenAI's strict mode does
    answerWithFileName(ep);
    BatchRunner runner(&m_nam);
    runner.setJob(jobFor(ep, {{files.at(0)}, {files.at(1)}, {files.at(2)}}, 2));
    const Run r = run(runner);
    QVERIFY(r.finished);
    QVERIFY2(ep.validationProblems().isEmpty(), qPrintable(ep.validationProblems().join(u'\n')));
    QCOMPARE(ep.requestBodies().size(), 3);
    for (const QJsonObject &body : ep.requestBodies()) {
        const QJsonObject js = body.value(QLatin1String("response_format")).toObject().value(QLatin1String("json_schema")).toObject();
        QCOMPARE(js.value(QLatin1String("strict")).toBool(), true);
        const QJsonObject schema = js.value(QLatin1String("schema")).toObject();
        QCOMPARE(schema.value(QLatin1String("required")).toArray(),
                 QJsonArray({QStringLiteral("name"), QStringLiteral("images")}));
        QCOMPARE(schema.value(QLatin1String("additionalProperties")), QJsonValue(false));
    }
    for (const BatchRow &row : r.rows) {
        QCOMPARE(row.status, BatchRow::Status::Done);
        QVERIFY2(row.parseError.isEmpty(), qPrintable(row.parseError)); // read the same way as before
        QCOMPARE(row.columns.value(QLatin1String("name")).toString(), QFileInfo(row.paths.constFirst()).fileName());
    }
}

void TestBatchRunner::refusedStructuredOutputFallsBackOnce()
{
    ParameterMemory::clear();
    const QStringList files = makeImages(m_dir.filePath(QStringLiteral("nostructured")), 3);
    FakeChatEndpoint ep(Backend::OpenAI);
    ep.setRejectResponseFormat(true);
    answerWithFileName(ep);
    BatchRunner runner(&m_nam);
    QStringList notices;
    connect(&runner, &BatchRunner::notice, &runner, [&notices](const QString &n) { notices << n; });
    runner.setJob(jobFor(ep, {{files.at(0)}, {files.at(1)}, {files.at(2)}}, 1));
    const Run r = run(runner);
    QVERIFY(r.finished);
    QCOMPARE(r.outcome, BatchRunner::Outcome::Completed);
    // The first request learns it; the connection remembers: 3 files, 4 requests.
    QCOMPARE(ep.requestBodies().size(), 4);
    QVERIFY(ep.requestBodies().at(0).contains(QLatin1String("response_format")));
    for (int i = 1; i < 4; ++i)
        QVERIFY(!ep.requestBodies().at(i).contains(QLatin1String("response_format")));
    QCOMPARE(notices.size(), 1);
    QVERIFY2(notices.constFirst().contains(QLatin1String("response_format")), qPrintable(notices.constFirst()));
    for (const BatchRow &row : r.rows) {
        QCOMPARE(row.status, BatchRow::Status::Done);
        QVERIFY2(row.parseError.isEmpty(), qPrintable(row.parseError));
    }
    ParameterMemory::clear();
}

QTEST_GUILESS_MAIN(TestBatchRunner)
#include "tst_batchrunner.moc"
