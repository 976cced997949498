// The command line's shared layer in process: SIGINT and SIGTERM as a Qt signal, waiting by signal
// (on Qt's own objects and on a real Composer reading real files), and the option readers that
// turn a parsed command line into what a subcommand does, without running one.

#include "cli/askcommand.h"
#include "cli/batchcommand.h"
#include "cli/clicontext.h"
#include "cli/historycommand.h"
#include "testimages.h"

#include "core/catalog/catalog.h"
#include "core/compose/composer.h"
#include "core/compose/traymodel.h"

#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>

#include <csignal>

using namespace squint;
using namespace squint::test;

namespace {
/// The handler `sig` has now.
void (*currentHandler(int sig))(int)
{
    struct sigaction now = {};
    sigaction(sig, nullptr, &now);
    return now.sa_handler;
}

/// The words of `text`, split at spaces: a command line to parse.
QStringList words(const char *text)
{
    return QString::fromUtf8(text).split(u' ', Qt::SkipEmptyParts);
}

template<typename Line>
bool parse(Line &line, const QString &command, const QStringList &args)
{
    return line.parser.parse(QStringList{command} + args);
}
} // namespace

class TestCliContext final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();

    void signalBecomesInterrupted_data();
    void signalBecomesInterrupted();
    void handlersAreRestored();
    void earlierSignalIsNotDelivered();

    void waitUntilReturnsOnceTheConditionHolds();
    void waitUntilLooksBeforeWaiting();
    void waitUntilGivesUpAtItsTimeout();
    void waitUntilIdleWaitsForReadingAndFitting();

    void commandSaysWithItsName();
    void batchOptions_data();
    void batchOptions();
    void batchOutputFormatFromSuffix_data();
    void batchOutputFormatFromSuffix();
    void askOptions();
    void exportOptions_data();
    void exportOptions();

private:
    QTemporaryDir m_dir;
};

void TestCliContext::initTestCase()
{
    QVERIFY(m_dir.isValid());
}

void TestCliContext::signalBecomesInterrupted_data()
{
    QTest::addColumn<int>("sig");
    QTest::newRow("SIGINT") << SIGINT;
    QTest::newRow("SIGTERM") << SIGTERM;
}

// The signal is raised before any event loop runs: it waits in the pipe and is delivered once one
// does, exactly once; the process is not stopped by it.
void TestCliContext::signalBecomesInterrupted()
{
    QFETCH(int, sig);
    cli::Interruption interruption;
    QSignalSpy spy(&interruption, &cli::Interruption::interrupted);
    QVERIFY(!interruption.isInterrupted());
    QCOMPARE(std::raise(sig), 0);
    QVERIFY(spy.wait(10'000));
    QCOMPARE(spy.count(), 1);
    QVERIFY(interruption.isInterrupted());
}

void TestCliContext::handlersAreRestored()
{
    struct sigaction ignore = {};
    ignore.sa_handler = SIG_IGN;
    struct sigaction before[2] = {};
    sigaction(SIGINT, &ignore, &before[0]);
    sigaction(SIGTERM, &ignore, &before[1]);
    {
        cli::Interruption interruption;
        QVERIFY(currentHandler(SIGINT) != SIG_IGN);
        QVERIFY(currentHandler(SIGTERM) != SIG_IGN);
    }
    QVERIFY(currentHandler(SIGINT) == SIG_IGN);
    QVERIFY(currentHandler(SIGTERM) == SIG_IGN);
    sigaction(SIGINT, &before[0], nullptr);
    sigaction(SIGTERM, &before[1], nullptr);
}

// A signal the last Interruption caught but never read out (it went away first) does not reach the
// next one: a batch run after an interrupted one starts clean.
void TestCliContext::earlierSignalIsNotDelivered()
{
    {
        cli::Interruption first;
        QCOMPARE(std::raise(SIGINT), 0);
    }
    cli::Interruption second;
    QSignalSpy spy(&second, &cli::Interruption::interrupted);
    QCoreApplication::processEvents(); // a byte left in the pipe would be read here
    QCOMPARE(spy.count(), 0);
    QVERIFY(!second.isInterrupted());
}

void TestCliContext::waitUntilReturnsOnceTheConditionHolds()
{
    QTimer ticker;
    ticker.setInterval(0);
    int ticks = 0;
    connect(&ticker, &QTimer::timeout, this, [&ticks] { ++ticks; });
    ticker.start();
    QVERIFY(cli::waitUntil(&ticker, &QTimer::timeout, [&ticks] { return ticks >= 3; }));
    QCOMPARE(ticks, 3);
}

void TestCliContext::waitUntilLooksBeforeWaiting()
{
    QTimer ticker;
    ticker.setInterval(0);
    int ticks = 0;
    connect(&ticker, &QTimer::timeout, this, [&ticks] { ++ticks; });
    ticker.start();
    QVERIFY(cli::waitUntil(&ticker, &QTimer::timeout, [] { return true; }));
    QCOMPARE(ticks, 0); // no event loop ran
}

void TestCliContext::waitUntilGivesUpAtItsTimeout()
{
    QTimer silent; // never started: its signal never comes
    QVERIFY(!cli::waitUntil(
        &silent, &QTimer::timeout, [] { return false; }, 0));
}

// The composer reads files on other threads and prepares them after an evaluation it queues: idle
// means every item is read, the evaluation is current, and Fit to Model's copies are made.
void TestCliContext::waitUntilIdleWaitsForReadingAndFitting()
{
    const QString folder = m_dir.filePath(QStringLiteral("images"));
    QVERIFY(QDir().mkpath(folder));
    const QList<QByteArray> files{photoJpeg(QSize(640, 480), 90, 1),
                                  photoJpeg(QSize(800, 600), 90, 2),
                                  photoPng(QSize(3000, 2200))}; // over Claude's 5 MB per image
    for (int i = 0; i < files.size(); ++i) {
        QFile f(folder
                + QStringLiteral("/%1.%2").arg(i).arg(i == 2 ? QStringLiteral("png")
                                                             : QStringLiteral("jpg")));
        QVERIFY(f.open(QIODevice::WriteOnly));
        QCOMPARE(f.write(files.at(i)), files.at(i).size());
    }
    QNetworkAccessManager nam;
    Composer composer(Catalog::builtIn(), nullptr, &nam);
    composer.setModelName(QStringLiteral("databricks-claude-sonnet-4-5"));
    composer.setPrompt(QStringLiteral("What are these?"));
    composer.addPaths({folder});
    QVERIFY(composer.isBusy());
    cli::waitUntilIdle(composer);
    QVERIFY(!composer.isBusy());
    QCOMPARE(composer.tray()->count(), 3);
    for (const TrayItem &item : composer.tray()->items())
        QVERIFY2(item.stage == ItemFacts::Stage::Ready, qPrintable(item.name));
    QCOMPARE(composer.evaluation().count.value, 3);
    QVERIFY2(!composer.evaluation().canSend, "the PNG should be over the model's limits");

    composer.fitToModel();
    QVERIFY(composer.isBusy());
    cli::waitUntilIdle(composer);
    QVERIFY(!composer.isBusy());
    QVERIFY2(composer.evaluation().canSend, qPrintable(composer.evaluation().blocker));
}

void TestCliContext::commandSaysWithItsName()
{
    const cli::Command command(QStringLiteral("squint test"));
    QCOMPARE(command.name(), QStringLiteral("squint test"));
    // fail() gives the problem's own code, whatever it is.
    QCOMPARE(command.fail(cli::OverLimits, QStringLiteral("over")), int(cli::OverLimits));
    QCOMPARE(command.fail(cli::Problem{cli::ConnectionError, QStringLiteral("gone")}),
             int(cli::ConnectionError));
}

void TestCliContext::batchOptions_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("problem"); // empty: read (unless the usage line is expected)
    QTest::addColumn<bool>("usageLine");
    const QString base = QStringLiteral("--model m --prompt What? ");
    auto row =
        [&base](const char *name, const char *args, const char *problem, bool usageLine = false) {
            QTest::newRow(name) << words((base + QString::fromUtf8(args)).toUtf8().constData())
                                << QString::fromUtf8(problem) << usageLine;
        };
    row("fine", "photos", "");
    row("no inputs", "", "", true);
    row("profile and base-url",
        "--profile p --base-url http://h/v1 photos",
        "--profile and --base-url can't be used together.");
    row("token-env alone", "--token-env T photos", "--token-env goes with --base-url.");
    row("temperature 3", "--temperature 3 photos", "--temperature takes a number from 0 to 2.");
    row("timeout 0", "--timeout 0 photos", "--timeout takes a number of seconds.");
    row("columns file missing",
        "--columns @/nonexistent/columns.txt photos",
        "can't read the columns from “/nonexistent/columns.txt”");
    row("concurrency 0",
        "--concurrency 0 photos",
        "--concurrency takes a whole number from 1 to 64.");
    row("concurrency 65",
        "--concurrency 65 photos",
        "--concurrency takes a whole number from 1 to 64.");
    row("group 0", "--group 0 photos", "--group takes a positive whole number.");
    row("out .txt",
        "--out rows.txt photos",
        "--out needs a file name ending in .csv, .jsonl or .md.");
    row("batch-id -1", "--batch-id -1 photos", "--batch-id takes a batch number.");
    row("resume without saving", "--resume --no-save photos", "--resume needs the saved results");
    row("batch-id without saving",
        "--batch-id 4 --no-save photos",
        "--resume needs the saved results");
    QTest::newRow("no prompt") << words("--model m photos") << QString() << true;
    QTest::newRow("blank prompt") << (words("--model m --prompt")
                                      << QStringLiteral("  ") << QStringLiteral("photos"))
                                  << QStringLiteral("the prompt is empty.") << false;
}

void TestCliContext::batchOptions()
{
    QFETCH(QStringList, args);
    QFETCH(QString, problem);
    QFETCH(bool, usageLine);
    cli::BatchCommandLine line;
    QVERIFY(parse(line, QStringLiteral("squint batch"), args));
    cli::BatchOptions options;
    cli::Problem p;
    const bool read = cli::readBatchOptions(line, &options, &p);
    QCOMPARE(read, problem.isEmpty() && !usageLine);
    if (read) {
        QCOMPARE(options.model, QStringLiteral("m"));
        QCOMPARE(options.inputs, QStringList{QStringLiteral("photos")});
        return;
    }
    QCOMPARE(p.code, int(cli::Usage));
    QCOMPARE(p.usage, usageLine);
    QVERIFY2(usageLine ? p.text.startsWith(QLatin1String("usage: squint batch"))
                       : p.text.startsWith(problem),
             qPrintable(p.text));
}

void TestCliContext::batchOutputFormatFromSuffix_data()
{
    QTest::addColumn<QStringList>("extra");
    QTest::addColumn<int>("format");
    QTest::addColumn<QString>("outPath");
    using Format = cli::BatchOptions::Format;
    QTest::newRow("standard output") << QStringList() << int(Format::Jsonl) << QString();
    QTest::newRow("CSV") << words("-o r.CSV") << int(Format::Csv) << QStringLiteral("r.CSV");
    QTest::newRow("ndjson") << words("--out r.ndjson") << int(Format::Jsonl)
                            << QStringLiteral("r.ndjson");
    QTest::newRow("markdown") << words("--out r.markdown") << int(Format::Markdown)
                              << QStringLiteral("r.markdown");
}

void TestCliContext::batchOutputFormatFromSuffix()
{
    QFETCH(QStringList, extra);
    QFETCH(int, format);
    QFETCH(QString, outPath);
    cli::BatchCommandLine line;
    const QStringList options = words(
        "--model m --prompt {filename}? --batch-id 12 --group 3 --concurrency 64 --columns a,b");
    QVERIFY(parse(line, QStringLiteral("squint batch"), options + extra + words("x y")));
    cli::BatchOptions read;
    cli::Problem p;
    QVERIFY2(cli::readBatchOptions(line, &read, &p), qPrintable(p.text));
    QCOMPARE(int(read.format), format);
    QCOMPARE(read.outPath, outPath);
    QCOMPARE(read.batchId, 12);
    QVERIFY(read.resume); // --batch-id continues a batch
    QVERIFY(read.save);
    QCOMPARE(read.groupSize, 3);
    QCOMPARE(read.concurrency, 64);
    QCOMPARE(read.columns.names, words("a b"));
    QCOMPARE(read.inputs, words("x y"));
}

void TestCliContext::askOptions()
{
    {
        cli::AskCommandLine line;
        QVERIFY(parse(line, QStringLiteral("squint ask"), words("--model m --title T Hi")));
        cli::AskOptions options;
        cli::Problem p;
        QVERIFY(!cli::readAskOptions(line, &options, &p));
        QCOMPARE(p.code, int(cli::Usage));
        QCOMPARE(p.text, QStringLiteral("--title goes with --save."));
    }
    cli::AskCommandLine line;
    QVERIFY(
        parse(line,
              QStringLiteral("squint ask"),
              words(
                  "-m m -i a.jpg --image b.png --system Brief. --max-tokens 300 --temperature 0.5 "
                  "--no-stream --timeout 2.5 --save --title Mine --json -")));
    cli::AskOptions options;
    cli::Problem p;
    QVERIFY2(cli::readAskOptions(line, &options, &p), qPrintable(p.text));
    QCOMPARE(options.model, QStringLiteral("m"));
    QCOMPARE(options.prompt, QStringLiteral("-"));
    QCOMPARE(options.images, words("a.jpg b.png"));
    QCOMPARE(options.parameters.system, QStringLiteral("Brief."));
    QCOMPARE(options.parameters.maxTokens, 300);
    QCOMPARE(options.parameters.temperature, 0.5);
    QVERIFY(!options.parameters.stream);
    QCOMPARE(options.request.timeoutMs, 2500);
    QVERIFY(options.save && options.json);
    QCOMPARE(options.title, QStringLiteral("Mine"));
}

void TestCliContext::exportOptions_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("problem"); // empty: read; "usage": the usage line
    QTest::newRow("list") << words("--list --json") << QString();
    QTest::newRow("list with a conversation") << words("--list 3") << QStringLiteral("usage");
    QTest::newRow("list with a file") << words("--list -o f") << QStringLiteral("usage");
    QTest::newRow("no format") << words("3") << QStringLiteral("usage");
    QTest::newRow("unknown format")
        << words("3 --format TXT")
        << QStringLiteral("unknown format “TXT”: use md, html, pdf or json.");
    QTest::newRow("PDF to standard output")
        << words("3 --format PDF -o -")
        << QStringLiteral("a PDF can't go to standard output; name a file with -o.");
    QTest::newRow("markdown to standard output") << words("3 --format MD -o -") << QString();
}

void TestCliContext::exportOptions()
{
    QFETCH(QStringList, args);
    QFETCH(QString, problem);
    cli::ExportCommandLine line;
    QVERIFY(parse(line, QStringLiteral("squint export"), args));
    cli::ExportOptions options;
    cli::Problem p;
    const bool read = cli::readExportOptions(line, &options, &p);
    QCOMPARE(read, problem.isEmpty());
    if (!read) {
        QCOMPARE(p.code, int(cli::Usage));
        QCOMPARE(p.usage, problem == QLatin1String("usage"));
        if (!p.usage)
            QCOMPARE(p.text, problem);
        return;
    }
    if (options.list) {
        QVERIFY(options.json);
        return;
    }
    QCOMPARE(options.format, QStringLiteral("md")); // lower case
    QVERIFY(options.toStdout());
    QCOMPARE(options.conversation, QStringLiteral("3"));
}

QTEST_GUILESS_MAIN(TestCliContext)
#include "tst_clicontext.moc"
