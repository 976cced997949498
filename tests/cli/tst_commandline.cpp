// The command line: parsing (pure) and the real `squint` binary run as a child process without a
// display (--version, --help, `limits`, `check` with its exit codes).

#include "cli/commandline.h"

#include "testimages.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace squint;
using squint::cli::Invocation;
namespace t = squint::test;

namespace {

struct Run
{
    bool started = false;
    bool finished = false;
    int exitCode = -1;
    QString out;
    QString err;
};

} // namespace

class TestCommandLine : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();

    void parse_data();
    void parse();
    void parseResolvesFiles();
    void parseCaptureOption();
    void appNeeds_data();
    void appNeeds();
    void subcommandsAreListed();

    void binaryVersion();
    void binaryHelp();
    void binaryUnknownOption();
    void binaryBatchWithoutFilesSaysUsage();
    void binarySubcommandHelpNamesTheSubcommand_data();
    void binarySubcommandHelpNamesTheSubcommand();
    void binarySubcommandBadOptionIsUsage();
    void binaryLimitsJson_data();
    void binaryLimitsJson();
    void binaryLimitsText();
    void binaryCheckExitCodes_data();
    void binaryCheckExitCodes();
    void binaryCheckUsage();
    void binaryCheckWaitsForConversions();

private:
    Run runSquint(const QStringList &args, int timeoutMs = 60'000);
    QString m_binary;
    QTemporaryDir m_home; // XDG folders for the child: it never touches the real config
};

void TestCommandLine::initTestCase()
{
    QCoreApplication::setApplicationName(QStringLiteral("squint"));
    QCoreApplication::setApplicationVersion(QStringLiteral(SQUINT_VERSION));
    QVERIFY(m_home.isValid());
#ifdef SQUINT_BINARY
    m_binary = QStringLiteral(SQUINT_BINARY);
#else
    // build/tests/tst_commandline -> build/app/squint
    m_binary = QDir(QCoreApplication::applicationDirPath()).absoluteFilePath(QStringLiteral("../app/squint"));
#endif
}

Run TestCommandLine::runSquint(const QStringList &args, int timeoutMs)
{
    Run r;
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("DISPLAY"));
    env.remove(QStringLiteral("WAYLAND_DISPLAY"));
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_home.filePath(QStringLiteral("config")));
    env.insert(QStringLiteral("XDG_CACHE_HOME"), m_home.filePath(QStringLiteral("cache")));
    env.insert(QStringLiteral("XDG_DATA_HOME"), m_home.filePath(QStringLiteral("data")));
    env.insert(QStringLiteral("LC_ALL"), QStringLiteral("C.UTF-8"));
    p.setProcessEnvironment(env);
    p.start(m_binary, args);
    r.started = p.waitForStarted(10'000);
    if (!r.started)
        return r;
    r.finished = p.waitForFinished(timeoutMs);
    if (!r.finished) {
        p.kill();
        p.waitForFinished(5000);
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

#define RUN_OR_FAIL(var, ...)                                                                                          \
    if (!QFileInfo(m_binary).isExecutable()) {                                                                         \
        QFAIL(qPrintable(QStringLiteral("the squint binary is missing: ") + m_binary));                               \
    }                                                                                                                  \
    const Run var = runSquint(__VA_ARGS__);                                                                            \
    QVERIFY2(var.started, "squint did not start");                                                                     \
    QVERIFY2(var.finished, "squint did not finish in time");

void TestCommandLine::parse_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("mode");
    QTest::addColumn<QString>("model");
    QTest::addColumn<QString>("subcommand");
    QTest::addColumn<QStringList>("subArgs");
    QTest::addColumn<QString>("textHas");

    const int gui = int(Invocation::Mode::Gui), help = int(Invocation::Mode::Help), version = int(Invocation::Mode::Version),
              sub = int(Invocation::Mode::Subcommand), error = int(Invocation::Mode::Error);
    const QString s = QStringLiteral("squint");
    QTest::newRow("nothing") << QStringList{s} << gui << QString() << QString() << QStringList() << QString();
    QTest::newRow("--help") << QStringList{s, QStringLiteral("--help")} << help << QString() << QString() << QStringList()
                            << QStringLiteral("--model");
    QTest::newRow("-h") << QStringList{s, QStringLiteral("-h")} << help << QString() << QString() << QStringList()
                        << QStringLiteral("limits");
    QTest::newRow("--version") << QStringList{s, QStringLiteral("--version")} << version << QString() << QString()
                               << QStringList() << QStringLiteral(SQUINT_VERSION);
    QTest::newRow("--model NAME") << QStringList{s, QStringLiteral("--model"), QStringLiteral("databricks-gemma-3-12b")} << gui
                                  << QStringLiteral("databricks-gemma-3-12b") << QString() << QStringList() << QString();
    QTest::newRow("--model=NAME files") << QStringList{s, QStringLiteral("--model=my model"), QStringLiteral("a.jpg")} << gui
                                        << QStringLiteral("my model") << QString() << QStringList() << QString();
    QTest::newRow("-m NAME") << QStringList{s, QStringLiteral("-m"), QStringLiteral("x")} << gui << QStringLiteral("x")
                             << QString() << QStringList() << QString();
    QTest::newRow("unknown option") << QStringList{s, QStringLiteral("--frobnicate")} << error << QString() << QString()
                                    << QStringList() << QStringLiteral("frobnicate");
    QTest::newRow("--model without value") << QStringList{s, QStringLiteral("--model")} << error << QString() << QString()
                                           << QStringList() << QStringLiteral("model");
    QTest::newRow("batch") << QStringList{s, QStringLiteral("batch"), QStringLiteral("arg")} << sub << QString()
                           << QStringLiteral("batch") << QStringList{QStringLiteral("arg")} << QString();
    QTest::newRow("limits") << QStringList{s, QStringLiteral("limits"), QStringLiteral("--json"), QStringLiteral("x")} << sub
                            << QString() << QStringLiteral("limits") << QStringList{QStringLiteral("--json"), QStringLiteral("x")}
                            << QString();
    QTest::newRow("check") << QStringList{s, QStringLiteral("check"), QStringLiteral("--model"), QStringLiteral("m"), QStringLiteral("f.png")}
                           << sub << QString() << QStringLiteral("check")
                           << QStringList{QStringLiteral("--model"), QStringLiteral("m"), QStringLiteral("f.png")} << QString();
    QTest::newRow("export") << QStringList{s, QStringLiteral("export"), QStringLiteral("--list")} << sub << QString()
                            << QStringLiteral("export") << QStringList{QStringLiteral("--list")} << QString();
    QTest::newRow("import") << QStringList{s, QStringLiteral("import"), QStringLiteral("t.json")} << sub << QString()
                            << QStringLiteral("import") << QStringList{QStringLiteral("t.json")} << QString();
    // A subcommand name only counts in first place: here it is a file name.
    QTest::newRow("file called limits") << QStringList{s, QStringLiteral("photo.jpg"), QStringLiteral("limits")} << gui
                                        << QString() << QString() << QStringList() << QString();
}

void TestCommandLine::parse()
{
    QFETCH(QStringList, args);
    QFETCH(int, mode);
    QFETCH(QString, model);
    QFETCH(QString, subcommand);
    QFETCH(QStringList, subArgs);
    QFETCH(QString, textHas);
    const Invocation inv = cli::parse(args);
    QCOMPARE(int(inv.mode), mode);
    QCOMPARE(inv.model, model);
    QCOMPARE(inv.subcommand, subcommand);
    QCOMPARE(inv.subArgs, subArgs);
    if (!textHas.isEmpty())
        QVERIFY2(inv.text.contains(textHas), qPrintable(inv.text));
    if (mode == int(Invocation::Mode::Error))
        QVERIFY(!inv.text.isEmpty());
    if (mode == int(Invocation::Mode::Gui))
        QVERIFY(inv.text.isEmpty());
}

void TestCommandLine::parseCaptureOption()
{
    // --capture goes to the window (or to the Squint already running); it keeps the files too.
    const Invocation inv = cli::parse(
        {QStringLiteral("squint"), QStringLiteral("--capture"), QStringLiteral("/abs/b.png")});
    QCOMPARE(int(inv.mode), int(Invocation::Mode::Gui));
    QVERIFY(inv.capture);
    QCOMPARE(inv.inputs, QStringList{QStringLiteral("/abs/b.png")});
    QVERIFY(!cli::parse({QStringLiteral("squint")}).capture);
    const Invocation sub = cli::parse({QStringLiteral("squint"),
                                       QStringLiteral("capture"),
                                       QStringLiteral("-o"),
                                       QStringLiteral("f.png")});
    QCOMPARE(int(sub.mode), int(Invocation::Mode::Subcommand));
    QCOMPARE(sub.subcommand, QStringLiteral("capture"));
}

void TestCommandLine::parseResolvesFiles()
{
    const Invocation inv = cli::parse({QStringLiteral("squint"), QStringLiteral("rel/a.jpg"), QStringLiteral("/abs/b.png"),
                                       QStringLiteral("https://example.com/c.webp?x=1"), QStringLiteral("file:///tmp/d.gif")});
    QCOMPARE(int(inv.mode), int(Invocation::Mode::Gui));
    QCOMPARE(inv.inputs.size(), 4);
    QCOMPARE(inv.inputs.at(0), QDir::current().absoluteFilePath(QStringLiteral("rel/a.jpg")));
    QCOMPARE(inv.inputs.at(1), QStringLiteral("/abs/b.png"));
    QCOMPARE(inv.inputs.at(2), QStringLiteral("https://example.com/c.webp?x=1")); // links stay links
    QCOMPARE(inv.inputs.at(3), QStringLiteral("file:///tmp/d.gif"));
}

void TestCommandLine::appNeeds_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<cli::AppNeeds>("needs");
    QTest::newRow("nothing") << QStringList() << cli::AppNeeds::Window;
    QTest::newRow("files") << QStringList{QStringLiteral("a.jpg"), QStringLiteral("b.png")} << cli::AppNeeds::Window;
    QTest::newRow("--model") << QStringList{QStringLiteral("--model"), QStringLiteral("x"), QStringLiteral("a.jpg")} << cli::AppNeeds::Window;
    QTest::newRow("--help") << QStringList{QStringLiteral("--help")} << cli::AppNeeds::Core;
    QTest::newRow("-h") << QStringList{QStringLiteral("-h")} << cli::AppNeeds::Core;
    QTest::newRow("--help-all") << QStringList{QStringLiteral("--help-all")} << cli::AppNeeds::Core;
    QTest::newRow("--version") << QStringList{QStringLiteral("--version")} << cli::AppNeeds::Core;
    QTest::newRow("-v") << QStringList{QStringLiteral("-v")} << cli::AppNeeds::Core;
    QTest::newRow("--version after files") << QStringList{QStringLiteral("a.jpg"), QStringLiteral("--version")} << cli::AppNeeds::Core;
    QTest::newRow("limits") << QStringList{QStringLiteral("limits"), QStringLiteral("x")} << cli::AppNeeds::Core;
    QTest::newRow("check") << QStringList{QStringLiteral("check"), QStringLiteral("--model"), QStringLiteral("x")} << cli::AppNeeds::Core;
    QTest::newRow("ask") << QStringList{QStringLiteral("ask"), QStringLiteral("--model"), QStringLiteral("x")} << cli::AppNeeds::Core;
    QTest::newRow("export") << QStringList{QStringLiteral("export"), QStringLiteral("--list")} << cli::AppNeeds::Core;
    QTest::newRow("import") << QStringList{QStringLiteral("import"), QStringLiteral("t.json")} << cli::AppNeeds::Core;
    QTest::newRow("batch") << QStringList{QStringLiteral("batch"), QStringLiteral("--dry-run")} << cli::AppNeeds::Core;
    QTest::newRow("export pdf") << QStringList{QStringLiteral("export"), QStringLiteral("3"), QStringLiteral("--format"), QStringLiteral("pdf")}
                                << cli::AppNeeds::HeadlessGui;
    QTest::newRow("export --format=html") << QStringList{QStringLiteral("export"), QStringLiteral("x"), QStringLiteral("--format=HTML")}
                                          << cli::AppNeeds::HeadlessGui;
    QTest::newRow("export md") << QStringList{QStringLiteral("export"), QStringLiteral("3"), QStringLiteral("--format"), QStringLiteral("md")}
                               << cli::AppNeeds::HeadlessGui; // the answers go through Qt's Markdown reader
    QTest::newRow("export json") << QStringList{QStringLiteral("export"), QStringLiteral("3"), QStringLiteral("--format"), QStringLiteral("json")}
                                 << cli::AppNeeds::Core;
    QTest::newRow("subcommand name later") << QStringList{QStringLiteral("a.jpg"), QStringLiteral("limits")} << cli::AppNeeds::Window;
    QTest::newRow("capture") << QStringList{QStringLiteral("capture"),
                                            QStringLiteral("-o"),
                                            QStringLiteral("x.png")}
                             << cli::AppNeeds::Display;
    QTest::newRow("--capture") << QStringList{QStringLiteral("--capture")} << cli::AppNeeds::Window;
}

void TestCommandLine::appNeeds()
{
    QFETCH(QStringList, args);
    QFETCH(cli::AppNeeds, needs);
    const QByteArray platform = qgetenv("QT_QPA_PLATFORM");
    QCOMPARE(cli::appNeeds(args), needs);
    QCOMPARE(qgetenv("QT_QPA_PLATFORM"), platform); // deciding changes nothing
}

void TestCommandLine::subcommandsAreListed()
{
    QStringList names;
    for (const cli::Subcommand &s : cli::subcommands()) {
        names << s.name;
        QVERIFY(!s.summary.isEmpty());
        QVERIFY(s.run);
    }
    QCOMPARE(names,
             (QStringList{QStringLiteral("limits"),
                          QStringLiteral("check"),
                          QStringLiteral("ask"),
                          QStringLiteral("batch"),
                          QStringLiteral("export"),
                          QStringLiteral("import"),
                          QStringLiteral("probe"),
                          QStringLiteral("capture")}));
    const Invocation help = cli::parse({QStringLiteral("squint"), QStringLiteral("--help")});
    for (const QString &n : names)
        QVERIFY2(help.text.contains(n), qPrintable(help.text));
}

void TestCommandLine::binaryVersion()
{
    RUN_OR_FAIL(r, {QStringLiteral("--version")});
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.contains(QStringLiteral(SQUINT_VERSION)), qPrintable(r.out));
    QVERIFY2(r.out.contains(QLatin1String("squint")), qPrintable(r.out));
}

void TestCommandLine::binaryHelp()
{
    RUN_OR_FAIL(r, {QStringLiteral("--help")});
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.contains(QLatin1String("--model")), qPrintable(r.out));
    QVERIFY2(r.out.contains(QLatin1String("limits")) && r.out.contains(QLatin1String("check")), qPrintable(r.out));
}

void TestCommandLine::binaryUnknownOption()
{
    RUN_OR_FAIL(r, {QStringLiteral("--frobnicate")});
    QCOMPARE(r.exitCode, int(cli::Usage));
    QVERIFY2(r.err.contains(QLatin1String("frobnicate")), qPrintable(r.err));
}

void TestCommandLine::binarySubcommandHelpNamesTheSubcommand_data()
{
    QTest::addColumn<QString>("name");
    for (const cli::Subcommand &sub : cli::subcommands())
        QTest::newRow(qPrintable(sub.name)) << sub.name;
}

void TestCommandLine::binarySubcommandHelpNamesTheSubcommand()
{
    QFETCH(QString, name);
    RUN_OR_FAIL(r, {name, QStringLiteral("--help")});
    QCOMPARE(r.exitCode, int(cli::Ok));
    QVERIFY2(r.out.startsWith(QStringLiteral("Usage: squint %1 ").arg(name)), qPrintable(r.out.left(80)));
    QVERIFY(!r.out.contains(m_binary));
}

void TestCommandLine::binarySubcommandBadOptionIsUsage()
{
    RUN_OR_FAIL(r, {QStringLiteral("ask"), QStringLiteral("--frobnicate"), QStringLiteral("x")});
    QCOMPARE(r.exitCode, int(cli::Usage));
    QVERIFY2(r.err.startsWith(QLatin1String("squint ask: ")) && r.err.contains(QLatin1String("frobnicate")), qPrintable(r.err));
    RUN_OR_FAIL(r2, {QStringLiteral("export"), QStringLiteral("--format")});
    QCOMPARE(r2.exitCode, int(cli::Usage));
    QVERIFY2(r2.err.contains(QLatin1String("format")), qPrintable(r2.err));
}

void TestCommandLine::binaryBatchWithoutFilesSaysUsage()
{
    RUN_OR_FAIL(r, {QStringLiteral("batch"), QStringLiteral("What is this?")});
    QCOMPARE(r.exitCode, int(cli::Usage));
    QVERIFY2(r.err.contains(QLatin1String("usage: squint batch")), qPrintable(r.err));
}

void TestCommandLine::binaryLimitsJson_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("family");
    QTest::addColumn<int>("maxImages");
    QTest::addColumn<qint64>("maxRequestBytes");
    // Llama 4 on Databricks: 5 images (L1, seed); request 10,000,000 (seed; Meta documents none).
    QTest::newRow("llama") << QStringLiteral("databricks-llama-4-maverick") << QStringLiteral("llama4") << 5 << qint64(10'000'000);
    // Claude on Databricks: 100 images (A1 < seed 500), request 10,000,000 (seed < A1's 32 MB).
    QTest::newRow("claude") << QStringLiteral("databricks-claude-sonnet-4-5") << QStringLiteral("claude") << 100
                            << qint64(10'000'000);
    QTest::newRow("unknown") << QStringLiteral("my-custom-vlm") << QStringLiteral("generic") << 5 << qint64(4'000'000);
}

void TestCommandLine::binaryLimitsJson()
{
    QFETCH(QString, name);
    QFETCH(QString, family);
    QFETCH(int, maxImages);
    QFETCH(qint64, maxRequestBytes);
    RUN_OR_FAIL(r, {QStringLiteral("limits"), name, QStringLiteral("--json")});
    QCOMPARE(r.exitCode, 0);
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(r.out.toUtf8(), &pe);
    QVERIFY2(doc.isObject(), qPrintable(pe.errorString() + QLatin1Char('\n') + r.out));
    const QJsonObject o = doc.object();
    QCOMPARE(o.value(QLatin1String("endpoint")).toString(), name);
    QCOMPARE(o.value(QLatin1String("family")).toString(), family);
    QCOMPARE(o.value(QLatin1String("generic")).toBool(), family == QLatin1String("generic"));
    QCOMPARE(o.value(QLatin1String("maxImages")).toInt(), maxImages);
    QCOMPARE(o.value(QLatin1String("maxRequestBytes")).toInteger(), maxRequestBytes);
    QVERIFY(o.value(QLatin1String("formats")).toArray().contains(QStringLiteral("jpeg")));
    QVERIFY(!o.value(QLatin1String("sources")).toObject().value(QLatin1String("maxImages")).toString().isEmpty());
}

void TestCommandLine::binaryLimitsText()
{
    RUN_OR_FAIL(r, {QStringLiteral("limits"), QStringLiteral("databricks-claude-sonnet-4-5")});
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.contains(QLatin1String("Claude Sonnet 4.5 on Databricks")), qPrintable(r.out));
    QVERIFY2(r.out.contains(QLatin1String("2000")) && r.out.contains(QLatin1String("1568")), qPrintable(r.out));
    RUN_OR_FAIL(bad, {QStringLiteral("limits")});
    QCOMPARE(bad.exitCode, int(cli::Usage));
}

void TestCommandLine::binaryCheckExitCodes_data()
{
    QTest::addColumn<int>("images");
    QTest::addColumn<int>("exitCode");
    // Llama 4 on Databricks takes 5 images.
    QTest::newRow("2 images fit") << 2 << int(cli::Ok);
    QTest::newRow("5 images fit") << 5 << int(cli::Ok);
    QTest::newRow("6 images are over") << 6 << int(cli::OverLimits);
}

void TestCommandLine::binaryCheckExitCodes()
{
    QFETCH(int, images);
    QFETCH(int, exitCode);
    QTemporaryDir dir;
    QStringList args{QStringLiteral("check"), QStringLiteral("--model"), QStringLiteral("databricks-llama-4-maverick")};
    for (int i = 0; i < images; ++i)
        args << t::writeFile(dir.path(), QStringLiteral("img%1.jpg").arg(i), t::photoJpeg(QSize(320, 240), 85, quint32(i + 1)));
    RUN_OR_FAIL(r, args);
    QVERIFY2(r.exitCode == exitCode, qPrintable(QStringLiteral("exit %1\nstdout:\n%2\nstderr:\n%3").arg(r.exitCode).arg(r.out, r.err)));
    // One line per image, then the meters.
    for (int i = 0; i < images; ++i)
        QVERIFY2(r.out.contains(QStringLiteral("img%1.jpg").arg(i)), qPrintable(r.out));
    QVERIFY2(r.out.contains(QStringLiteral("%1 of 5").arg(images)), qPrintable(r.out));
    if (exitCode == cli::OverLimits)
        QVERIFY2(r.err.contains(QLatin1String("remove 1")), qPrintable(r.err));
}

void TestCommandLine::binaryCheckUsage()
{
    RUN_OR_FAIL(noModel, {QStringLiteral("check"), QStringLiteral("a.jpg")});
    QCOMPARE(noModel.exitCode, int(cli::Usage));
    QVERIFY(noModel.err.contains(QLatin1String("usage")));
    // A bad file is reported, and doesn't make the request unsendable.
    QTemporaryDir dir;
    const QString good = t::writeFile(dir.path(), QStringLiteral("good.png"), t::screenshotPng(QSize(100, 80)));
    const QString bad = t::writeFile(dir.path(), QStringLiteral("bad.jpg"), t::textBytes());
    RUN_OR_FAIL(mixed, {QStringLiteral("check"), QStringLiteral("--model"), QStringLiteral("databricks-llama-4-maverick"), good, bad});
    QCOMPARE(mixed.exitCode, int(cli::Ok));
    QVERIFY2(mixed.out.contains(QLatin1String("bad.jpg")) && mixed.out.contains(QLatin1String("not an image")),
             qPrintable(mixed.out));
}

void TestCommandLine::binaryCheckWaitsForConversions()
{
    // A TIFF must be converted for Claude. `check` must give its verdict once the conversion is done,
    // never while it is still "Preparing" (the evaluation that starts it runs after the file is read,
    // so this was timing-dependent: several runs make a regression show).
    QTemporaryDir dir;
    const QString tiff = t::writeFile(dir.path(), QStringLiteral("scan.tiff"), t::tiffBytes(t::screenshotImage(QSize(300, 200))));
    for (int i = 0; i < 12; ++i) {
        RUN_OR_FAIL(r, {QStringLiteral("check"), QStringLiteral("--model"), QStringLiteral("databricks-claude-sonnet-4-5"), tiff});
        QVERIFY2(r.exitCode == cli::Ok, qPrintable(QStringLiteral("run %1: exit %2\n%3\n%4").arg(i).arg(r.exitCode).arg(r.out, r.err)));
        QVERIFY2(r.out.contains(QLatin1String("PNG")), qPrintable(r.out));
        QVERIFY2(!r.err.contains(QLatin1String("Preparing")), qPrintable(r.err));
    }
}

QTEST_GUILESS_MAIN(TestCommandLine)
#include "tst_commandline.moc"
