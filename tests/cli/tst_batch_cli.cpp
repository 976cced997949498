// squint batch end to end: the real binary as a child process, the fake endpoint in this process (its
// event loop keeps turning while the child works), the history in a temporary XDG_DATA_HOME. Includes
// a server that dies midway and a --resume that finishes without asking again for finished files.

#include "cli/commandline.h"
#include "core/batch/batchstore.h"
#include "core/history/conversationstore.h"
#include "childprocess.h"
#include "fakedatabricksauth.h"
#include "fakeendpoint.h"
#include "testimages.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>
#include <functional>

using namespace squint;
using namespace squint::test;

namespace {

using Result = test::ProcessResult;
using test::readCsv;

/// An answer that tests CSV quoting: commas, quotes and line breaks around the file's name.
QString trickyAnswer(const QString &file)
{
    return QStringLiteral("It shows \"%1\", a test image,\nwith two lines\r\nand a CRLF.").arg(file);
}

} // namespace

class TestBatchCli final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void helpAndUsage();
    void databricksTokenRenewedMidBatch();
    void csvInInputOrderWithAFailedFile();
    void jsonlOnStdoutWithColumns();
    void serverErrorGivesExit5();
    void burstOf429StillAnswersEverything();
    void dryRunSendsNothing();
    void serverDiesMidwayThenResume();
    void interruptSavesAndExits130();
    void pdfPagesInGroups();

private:
    QProcessEnvironment environment() const;
    Result run(const QStringList &args, const std::function<void(QProcess &)> &whileRunning = {});
    QStringList batchArgs(const FakeChatEndpoint &ep, const QString &dir, const QStringList &more) const;

    QTemporaryDir m_dir;
    QString m_images;     ///< 6 images and a corrupt one, plus a text file the folder scan skips
    QStringList m_files;  ///< the 7 image files in scan order
};

void TestBatchCli::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QVERIFY(QDir(m_dir.path()).mkpath(QStringLiteral("home")));
    m_images = m_dir.filePath(QStringLiteral("images"));
    for (int i = 0; i < 6; ++i) {
        const QString name = QStringLiteral("p%1.%2").arg(i).arg(i % 2 ? QStringLiteral("png") : QStringLiteral("jpg"));
        m_files << writeFile(m_images, name, i % 2 ? screenshotPng(QSize(50 + i, 40)) : photoJpeg(QSize(64, 40 + i), 80, quint32(i)));
    }
    m_files.insert(2, writeFile(m_images, QStringLiteral("p1b-broken.jpg"), corruptJpeg()));
    QVERIFY(!writeFile(m_images, QStringLiteral("notes.txt"), textBytes()).isEmpty());
    m_files.sort();
    QCOMPARE(m_files.size(), 7);
}

QProcessEnvironment TestBatchCli::environment() const
{
    return test::isolatedEnvironment(m_dir.filePath(QStringLiteral("home")), m_dir.filePath(QStringLiteral("data")));
}

Result TestBatchCli::run(const QStringList &args, const std::function<void(QProcess &)> &whileRunning)
{
    test::ProcessOptions options;
    options.workingDirectory = m_dir.path();
    options.whileRunning = whileRunning;
    options.timeoutMs = 90'000;
    return test::runProcess(QStringLiteral(SQUINT_BINARY), args, environment(), options);
}

QStringList TestBatchCli::batchArgs(const FakeChatEndpoint &ep, const QString &dir, const QStringList &more) const
{
    return QStringList{QStringLiteral("batch"), QStringLiteral("--base-url"), ep.baseUrl().toString(), QStringLiteral("--model"),
                       QStringLiteral("gpt-4o"), QStringLiteral("--prompt"), QStringLiteral("What is in <{filename}>?")}
        + more + QStringList{dir};
}

#define EXPECT_EXIT(r, code)                                                                                           \
    do {                                                                                                               \
        QVERIFY2((r).finished, "squint did not finish");                                                               \
        QVERIFY2((r).exitCode == (code), qPrintable(QStringLiteral("exit %1, stderr: %2").arg((r).exitCode).arg((r).err))); \
    } while (false)

// A profile signed in through the Databricks CLI; the workspace stops taking the first token after
// the first answer (it expired): the batch gets a new one from the CLI once and answers every file.
void TestBatchCli::databricksTokenRenewedMidBatch()
{
    test::FakeDatabricksCli cli;
    QVERIFY(cli.isValid());
    FakeChatEndpoint ep(Backend::Databricks);
    ep.setToken(test::FakeDatabricksCli::tokenOfCall(1));
    int asked = 0;
    ep.setAnswerProvider([&](const QJsonObject &) {
        if (++asked == 1)
            ep.setToken(test::FakeDatabricksCli::tokenOfCall(2));
        return QStringLiteral("An image.");
    });
    const QString folder = m_dir.filePath(QStringLiteral("oauth-images"));
    for (int i = 0; i < 3; ++i)
        QVERIFY(!writeFile(folder, QStringLiteral("o%1.jpg").arg(i), photoJpeg(QSize(64, 40 + i), 80, quint32(50 + i))).isEmpty());
    QVERIFY(!writeFile(m_dir.filePath(QStringLiteral("home")), QStringLiteral(".databrickscfg"),
                       "[oauth-user]\nhost = " + ep.baseUrl().toString().toUtf8() + "\nauth_type = databricks-cli\n")
                 .isEmpty());
    QProcessEnvironment env = environment();
    env.insert(QStringLiteral("PATH"), cli.binDir() + u':' + env.value(QStringLiteral("PATH")));
    env.insert(QStringLiteral("XDG_DATA_HOME"), m_dir.filePath(QStringLiteral("data-oauth"))); // a history of its own
    test::ProcessOptions options;
    options.workingDirectory = m_dir.path();
    options.timeoutMs = 90'000;
    const Result r = test::runProcess(QStringLiteral(SQUINT_BINARY),
                                      {QStringLiteral("batch"), QStringLiteral("--profile"), QStringLiteral("oauth-user"),
                                       QStringLiteral("--model"), QStringLiteral("databricks-claude-sonnet-4-5"),
                                       QStringLiteral("--prompt"), QStringLiteral("Describe {filename}."),
                                       QStringLiteral("--concurrency"), QStringLiteral("1"), folder},
                                      env, options);
    QFile::remove(m_dir.filePath(QStringLiteral("home/.databrickscfg")));
    EXPECT_EXIT(r, 0);
    QCOMPARE(r.out.count(QStringLiteral("An image.")), 3);
    QCOMPARE(cli.calls(), 2); // the first token, then one renewal
    QVERIFY(!r.out.contains(QString::fromLatin1(test::FakeDatabricksCli::tokenOfCall(1))));
    QVERIFY(!r.err.contains(QString::fromLatin1(test::FakeDatabricksCli::tokenOfCall(2))));
}

void TestBatchCli::helpAndUsage()
{
    const Result h = run({QStringLiteral("batch"), QStringLiteral("--help")});
    EXPECT_EXIT(h, 0);
    for (const char *word : {"--resume", "--batch-id", "--dry-run", "--columns", "--concurrency", "--fit", "{filename}", "130"})
        QVERIFY2(h.out.contains(QLatin1String(word)), word);
    const Result u = run({QStringLiteral("batch"), QStringLiteral("--model"), QStringLiteral("x"), m_images});
    EXPECT_EXIT(u, int(cli::Usage));
    QVERIFY2(u.err.contains(QLatin1String("usage: squint batch")), qPrintable(u.err));
    const Result t = run({QStringLiteral("batch"), QStringLiteral("--model"), QStringLiteral("x"), QStringLiteral("--prompt"),
                          QStringLiteral("Describe {name}"), m_images});
    EXPECT_EXIT(t, int(cli::Usage));
    QVERIFY2(t.err.contains(QLatin1String("{name}")), qPrintable(t.err));
    const Result c = run({QStringLiteral("batch"), QStringLiteral("--model"), QStringLiteral("x"), QStringLiteral("--prompt"),
                          QStringLiteral("Describe"), QStringLiteral("--columns"), QStringLiteral("a,,b"), m_images});
    EXPECT_EXIT(c, int(cli::Usage));
}

void TestBatchCli::csvInInputOrderWithAFailedFile()
{
    FakeChatEndpoint ep(Backend::OpenAI);
    ep.setAnswerProvider([](const QJsonObject &body) { return trickyAnswer(bracketedName(body)); });
    ep.setAnswerDelayMs(40);
    const QString csvPath = m_dir.filePath(QStringLiteral("out.csv"));
    const Result r = run(batchArgs(ep, m_images, {QStringLiteral("--out"), csvPath, QStringLiteral("--concurrency"), QStringLiteral("3")}));
    EXPECT_EXIT(r, int(cli::Failure)); // one file could not be read
    QVERIFY(r.out.isEmpty());
    QVERIFY2(r.err.contains(QLatin1String("batch 1")), qPrintable(r.err));
    QCOMPARE(ep.chatRequests().size(), 6);
    QFile f(csvPath);
    QVERIFY(f.open(QIODevice::ReadOnly));
    bool ok = false;
    const QList<QStringList> records = readCsv(f.readAll(), &ok);
    QVERIFY(ok);
    QCOMPARE(records.size(), 8);
    QCOMPARE(records.at(0).mid(0, 4),
             (QStringList{QStringLiteral("index"), QStringLiteral("file"), QStringLiteral("status"), QStringLiteral("answer")}));
    for (int i = 1; i <= 7; ++i) {
        const QStringList &rec = records.at(i);
        QCOMPARE(rec.at(0), QString::number(i));
        QCOMPARE(rec.at(1), m_files.at(i - 1));
        if (m_files.at(i - 1).contains(QLatin1String("broken"))) {
            QCOMPARE(rec.at(2), QStringLiteral("failed"));
            QVERIFY2(rec.at(4).contains(QLatin1String("p1b-broken.jpg")), qPrintable(rec.at(4)));
        } else {
            QCOMPARE(rec.at(2), QStringLiteral("done"));
            QCOMPARE(rec.at(3), trickyAnswer(QFileInfo(m_files.at(i - 1)).fileName())); // quotes, commas, CR LF intact
        }
    }
}

void TestBatchCli::jsonlOnStdoutWithColumns()
{
    FakeChatEndpoint ep(Backend::OpenAI);
    ep.setAnswerProvider([](const QJsonObject &body) {
        const QString name = bracketedName(body);
        if (name == QLatin1String("p3.png"))
            return QStringLiteral("Sorry, I can't say."); // does not parse: flagged, raw text kept
        return QStringLiteral("```json\n{\"name\": \"%1\", \"kind\": \"%2\"}\n```").arg(name, name.endsWith(QLatin1String("png")) ? QStringLiteral("screenshot") : QStringLiteral("photo"));
    });
    QStringList good = m_files;
    good.removeIf([](const QString &f) { return f.contains(QLatin1String("broken")); });
    const Result r = run(batchArgs(ep, good.at(0), {QStringLiteral("--columns"), QStringLiteral("name, kind")}) + good.mid(1));
    EXPECT_EXIT(r, 0);
    QVERIFY2(r.err.contains(QLatin1String("did not fill the columns")), qPrintable(r.err));
    const QStringList lines = r.out.split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 6);
    for (int i = 0; i < 6; ++i) {
        const QJsonObject o = QJsonDocument::fromJson(lines.at(i).toUtf8()).object();
        QCOMPARE(o.value(QLatin1String("index")).toInt(), i + 1);
        QCOMPARE(o.value(QLatin1String("file")).toString(), good.at(i));
        QCOMPARE(o.value(QLatin1String("status")).toString(), QStringLiteral("done"));
        const QJsonObject cols = o.value(QLatin1String("columns")).toObject();
        const QString name = QFileInfo(good.at(i)).fileName();
        if (name == QLatin1String("p3.png")) {
            QVERIFY(o.contains(QLatin1String("parse_error")));
            QCOMPARE(o.value(QLatin1String("answer")).toString(), QStringLiteral("Sorry, I can't say."));
            QVERIFY(cols.value(QLatin1String("name")).isNull());
        } else {
            QVERIFY(!o.contains(QLatin1String("parse_error")));
            QCOMPARE(cols.value(QLatin1String("name")).toString(), name);
            QCOMPARE(cols.value(QLatin1String("kind")).toString(),
                     name.endsWith(QLatin1String("png")) ? QStringLiteral("screenshot") : QStringLiteral("photo"));
        }
    }
}

void TestBatchCli::serverErrorGivesExit5()
{
    FakeChatEndpoint ep(Backend::OpenAI);
    ep.enqueueFault(Fault::Kind::ServerErrorNoRetry);
    const Result r = run(batchArgs(ep, m_files.at(0), {QStringLiteral("--concurrency"), QStringLiteral("1"), QStringLiteral("--no-save")})
                         + QStringList{m_files.at(1)});
    EXPECT_EXIT(r, int(cli::ServerError));
    const QStringList lines = r.out.split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 2);
    const QJsonObject first = QJsonDocument::fromJson(lines.at(0).toUtf8()).object();
    QCOMPARE(first.value(QLatin1String("status")).toString(), QStringLiteral("failed"));
    QCOMPARE(first.value(QLatin1String("http_status")).toInt(), 500);
    QCOMPARE(first.value(QLatin1String("error_kind")).toString(), QStringLiteral("server"));
    QCOMPARE(QJsonDocument::fromJson(lines.at(1).toUtf8()).object().value(QLatin1String("status")).toString(), QStringLiteral("done"));
}

void TestBatchCli::burstOf429StillAnswersEverything()
{
    FakeChatEndpoint ep(Backend::OpenAI);
    ep.setAnswerProvider([](const QJsonObject &body) { return bracketedName(body); });
    ep.enqueueFault(Fault(Fault::Kind::RateLimitedMs).repeated(2)); // 429 with retry-after-ms: 1500
    QStringList good = m_files;
    good.removeIf([](const QString &f) { return f.contains(QLatin1String("broken")); });
    QElapsedTimer t;
    t.start();
    const Result r = run(batchArgs(ep, good.at(0), {QStringLiteral("--concurrency"), QStringLiteral("2"), QStringLiteral("--no-save")})
                         + good.mid(1, 3));
    EXPECT_EXIT(r, 0);
    QVERIFY(t.elapsed() >= 1500); // the server's wait was honoured
    QVERIFY2(r.err.contains(QLatin1String("429")), qPrintable(r.err));
    QCOMPARE(ep.chatRequests().size(), 6); // 4 answers + 2 refusals, nothing more
    const QStringList lines = r.out.split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 4);
    for (int i = 0; i < 4; ++i) {
        const QJsonObject o = QJsonDocument::fromJson(lines.at(i).toUtf8()).object();
        QCOMPARE(o.value(QLatin1String("status")).toString(), QStringLiteral("done"));
        QCOMPARE(o.value(QLatin1String("answer")).toString(), QFileInfo(good.at(i)).fileName());
    }
}

void TestBatchCli::dryRunSendsNothing()
{
    FakeChatEndpoint ep(Backend::OpenAI);
    const Result r = run(batchArgs(ep, m_images, {QStringLiteral("--dry-run")}));
    EXPECT_EXIT(r, int(cli::Failure)); // the broken file is listed
    QVERIFY2(r.out.contains(QRegularExpression(QStringLiteral("requests: +6\\n"))), qPrintable(r.out));
    QVERIFY2(r.out.contains(QRegularExpression(QStringLiteral("files: +7\\n"))), qPrintable(r.out));
    QVERIFY2(r.out.contains(QLatin1String("p1b-broken.jpg")), qPrintable(r.out));
    QVERIFY2(r.out.contains(QLatin1String("estimated tokens")), qPrintable(r.out));
    QCOMPARE(ep.chatRequests().size(), 0);

    // Groups of 6 for a model that takes 5 images a request: over its limits, and --fit can't help.
    QStringList good = m_files;
    good.removeIf([](const QString &f) { return f.contains(QLatin1String("broken")); });
    const Result g = run(QStringList{QStringLiteral("batch"), QStringLiteral("--model"), QStringLiteral("databricks-llama-4-maverick"),
                                     QStringLiteral("--prompt"), QStringLiteral("Compare {filename}"), QStringLiteral("--group"),
                                     QStringLiteral("6"), QStringLiteral("--dry-run")}
                         + good);
    EXPECT_EXIT(g, int(cli::OverLimits));
    QVERIFY2(g.out.contains(QRegularExpression(QStringLiteral("requests: +1\\n"))), qPrintable(g.out));
    QVERIFY2(g.out.contains(QLatin1String("6")), qPrintable(g.out));
}

void TestBatchCli::serverDiesMidwayThenResume()
{
    QTemporaryDir dir;
    QStringList files;
    for (int i = 0; i < 10; ++i)
        files << writeFile(dir.path(), QStringLiteral("f%1.jpg").arg(i, 2, 10, QLatin1Char('0')), photoJpeg(QSize(48, 32 + i), 80, quint32(100 + i)));
    const QString csvPath = m_dir.filePath(QStringLiteral("dies.csv"));

    auto *first = new FakeChatEndpoint(Backend::OpenAI);
    first->setAnswerProvider([](const QJsonObject &body) { return trickyAnswer(bracketedName(body)); });
    first->setAnswerDelayMs(50);
    QPointer<FakeChatEndpoint> guard(first);
    connect(first, &FakeChatEndpoint::chatRequestHandled, this, [&] {
        if (guard && guard->chatRequests().size() == 4)
            guard->deleteLater(); // the server goes away: connections close, the port refuses
    });
    const Result r1 = run(batchArgs(*first, dir.path(), {QStringLiteral("--out"), csvPath, QStringLiteral("--concurrency"), QStringLiteral("2")}));
    EXPECT_EXIT(r1, int(cli::ConnectionError));
    QVERIFY(!guard);
    QVERIFY2(r1.err.contains(QLatin1String("--resume")), qPrintable(r1.err));
    QFile f1(csvPath);
    QVERIFY(f1.open(QIODevice::ReadOnly));
    bool ok = false;
    const QList<QStringList> rows1 = readCsv(f1.readAll(), &ok);
    f1.close();
    QVERIFY(ok);
    QCOMPARE(rows1.size(), 11); // a row for every file, never a gap
    QSet<QString> answered;
    for (int i = 1; i <= 10; ++i) {
        QCOMPARE(rows1.at(i).at(1), files.at(i - 1));
        if (rows1.at(i).at(2) == QLatin1String("done"))
            answered << QFileInfo(files.at(i - 1)).fileName();
        else
            QVERIFY2(!rows1.at(i).at(4).isEmpty(), "a failed row says why");
    }
    QVERIFY2(answered.size() >= 2 && answered.size() <= 4, qPrintable(QString::number(answered.size())));

    // The server is back (on another port): --resume asks only for what is missing.
    FakeChatEndpoint second(Backend::OpenAI);
    second.setAnswerProvider([](const QJsonObject &body) { return trickyAnswer(bracketedName(body)); });
    const Result r2 = run(batchArgs(second, dir.path(), {QStringLiteral("--out"), csvPath, QStringLiteral("--resume")}));
    EXPECT_EXIT(r2, 0);
    QCOMPARE(second.chatRequests().size(), 10 - int(answered.size()));
    for (const QJsonObject &body : second.requestBodies())
        QVERIFY2(!answered.contains(bracketedName(body)), qPrintable(bracketedName(body)));
    QVERIFY2(r2.err.contains(QStringLiteral("%1 from an earlier run").arg(answered.size())), qPrintable(r2.err));
    QFile f2(csvPath);
    QVERIFY(f2.open(QIODevice::ReadOnly));
    const QList<QStringList> rows2 = readCsv(f2.readAll(), &ok);
    QVERIFY(ok);
    QCOMPARE(rows2.size(), 11);
    for (int i = 1; i <= 10; ++i) {
        QCOMPARE(rows2.at(i).at(2), QStringLiteral("done"));
        QCOMPARE(rows2.at(i).at(3), trickyAnswer(QFileInfo(files.at(i - 1)).fileName()));
    }
    // Again: everything is answered, nothing is sent.
    second.clear();
    const Result r3 = run(batchArgs(second, dir.path(), {QStringLiteral("--resume"), QStringLiteral("--out"), csvPath}));
    EXPECT_EXIT(r3, 0);
    QCOMPARE(second.chatRequests().size(), 0);
    // Without --resume it is a new batch that asks everything.
    const Result r4 = run(batchArgs(second, dir.path(), {QStringLiteral("--out"), csvPath}));
    EXPECT_EXIT(r4, 0);
    QCOMPARE(second.chatRequests().size(), 10);
}

void TestBatchCli::interruptSavesAndExits130()
{
    FakeChatEndpoint ep(Backend::OpenAI);
    ep.setAnswerDelayMs(4000);
    QStringList good = m_files;
    good.removeIf([](const QString &f) { return f.contains(QLatin1String("broken")); });
    QElapsedTimer t;
    t.start();
    const Result r = run(batchArgs(ep, good.at(0), {QStringLiteral("--concurrency"), QStringLiteral("2")}) + good.mid(1),
                         [&](QProcess &p) {
                             QSignalSpy handled(&ep, &FakeChatEndpoint::chatRequestHandled);
                             QVERIFY(handled.wait(10'000));
                             ::kill(pid_t(p.processId()), SIGINT);
                         });
    EXPECT_EXIT(r, int(cli::Interrupted));
    QVERIFY2(t.elapsed() < 4000, "SIGINT did not stop the requests in flight");
    const QStringList lines = r.out.split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 6);
    for (const QString &line : lines)
        QCOMPARE(QJsonDocument::fromJson(line.toUtf8()).object().value(QLatin1String("status")).toString(), QStringLiteral("not_asked"));
    QVERIFY2(r.err.contains(QLatin1String("interrupted")), qPrintable(r.err));
    // The store knows the batch and its rows.
    ConversationStore history;
    QVERIFY(history.open(m_dir.filePath(QStringLiteral("data/squint/squint.sqlite"))));
    BatchStore store(history);
    const QList<BatchInfo> batches = store.listBatches();
    QVERIFY(!batches.isEmpty());
    QCOMPARE(store.countItems(batches.constFirst().id, BatchRow::Status::NotAsked), 6);
}

// A PDF gives one image per chosen page; --group 2 puts two pages in each request.
void TestBatchCli::pdfPagesInGroups()
{
    const QString pdf = writeFile(m_dir.filePath(QStringLiteral("docs")),
                                  QStringLiteral("minutes.pdf"),
                                  pdfBytes(5));
    FakeChatEndpoint ep(Backend::OpenAI);
    Result r = run(batchArgs(ep,
                             pdf,
                             {QStringLiteral("--pages"),
                              QStringLiteral("2-4"),
                              QStringLiteral("--group"),
                              QStringLiteral("2"),
                              QStringLiteral("--no-save")}));
    EXPECT_EXIT(r, 0);
    const QStringList lines = r.out.split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 2);
    QCOMPARE(ep.requestBodies().size(), 2);
    QList<int> imagesPerRequest;
    for (const QJsonObject &body : ep.requestBodies()) {
        int n = 0;
        for (const QJsonValue &part : body.value(QStringLiteral("messages"))
                                          .toArray()
                                          .last()
                                          .toObject()
                                          .value(QStringLiteral("content"))
                                          .toArray()) {
            const QString url = part.toObject()
                                    .value(QStringLiteral("image_url"))
                                    .toObject()
                                    .value(QStringLiteral("url"))
                                    .toString();
            if (url.startsWith(QLatin1String("data:image/png;base64,"))) {
                ++n;
                QVERIFY(!QImage::fromData(QByteArray::fromBase64(url.mid(22).toLatin1()), "PNG")
                             .isNull());
            }
        }
        imagesPerRequest << n;
    }
    std::sort(imagesPerRequest.begin(), imagesPerRequest.end());
    QCOMPARE(imagesPerRequest, (QList<int>{1, 2}));
    QVERIFY2(lines.at(0).contains(QStringLiteral("minutes.pdf#page=2")), qPrintable(lines.at(0)));
    QVERIFY2(lines.at(1).contains(QStringLiteral("minutes.pdf#page=4")), qPrintable(lines.at(1)));

    // Pages that are not there, and a protected PDF: said, nothing sent.
    r = run(
        batchArgs(ep,
                  pdf,
                  {QStringLiteral("--pages"), QStringLiteral("7"), QStringLiteral("--no-save")}));
    EXPECT_EXIT(r, int(cli::Failure));
    QVERIFY2(r.err.contains(QStringLiteral("5 page")), qPrintable(r.err));
    const QString secret = writeFile(m_dir.filePath(QStringLiteral("docs")),
                                     QStringLiteral("secret.pdf"),
                                     encryptedPdfBytes());
    r = run(batchArgs(ep, secret, {QStringLiteral("--no-save")}));
    EXPECT_EXIT(r, int(cli::Failure));
    QVERIFY2(r.err.contains(QStringLiteral("password")), qPrintable(r.err));
    QCOMPARE(ep.requestBodies().size(), 2);
}

QTEST_GUILESS_MAIN(TestBatchCli)
#include "tst_batch_cli.moc"
