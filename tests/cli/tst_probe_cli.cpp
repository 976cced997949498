// `squint probe` end to end: the real binary as a child process, asking the loopback fakes that run
// in this process (Ollama /api/show, llama.cpp /props, a Databricks serving endpoint, chat endpoints
// that look at the test image, reject it or ignore it).

#include "childprocess.h"
#include "fakecapabilities.h"
#include "fakeendpoint.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

using namespace squint;
using namespace squint::test;

namespace {
const QByteArray Token = QByteArrayLiteral("dapi-probe-cli-00112233445566778899aabb");
} // namespace

#define EXPECT_EXIT(r, code) \
    do { \
        QVERIFY2((r).finished, "squint probe did not finish"); \
        QVERIFY2((r).exitCode == (code), \
                 qPrintable(QStringLiteral("exit %1, stderr: %2").arg((r).exitCode).arg((r).err))); \
    } while (false)

class TestProbeCli final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void ollamaSaysSo();
    void genericEndpointIsTested_data();
    void genericEndpointIsTested();
    void databricksEndpointThenTest();
    void noTestLeavesItUnknown();
    void usage();

private:
    ProcessResult run(const QStringList &args, const QProcessEnvironment &env);
    QProcessEnvironment environment() const
    {
        return isolatedEnvironment(m_dir.filePath(QStringLiteral("home")));
    }

    QTemporaryDir m_dir;
};

void TestProbeCli::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QVERIFY(QDir(m_dir.path()).mkpath(QStringLiteral("home")));
}

ProcessResult TestProbeCli::run(const QStringList &args, const QProcessEnvironment &env)
{
    return runProcess(QStringLiteral(SQUINT_BINARY),
                      QStringList{QStringLiteral("probe")} + args,
                      env);
}

void TestProbeCli::ollamaSaysSo()
{
    FakeChatEndpoint ep(Backend::Ollama);
    routeOllamaShow(ep.server(),
                    {{QStringLiteral("llama3.2:3b"),
                      {QStringLiteral("completion"), QStringLiteral("tools")}}});
    const ProcessResult r = run({QStringLiteral("--base-url"),
                                 ep.baseUrl().toString(),
                                 QStringLiteral("--model"),
                                 QStringLiteral("llama3.2:3b")},
                                environment());
    EXPECT_EXIT(r, 0);
    QVERIFY2(r.out.startsWith(QLatin1String("llama3.2:3b: cannot see images\n")), qPrintable(r.out));
    QVERIFY2(r.out.contains(QLatin1String("completion, tools")), qPrintable(r.out));
    QVERIFY(ep.chatRequests().isEmpty()); // the server said: nothing sent
}

void TestProbeCli::genericEndpointIsTested_data()
{
    QTest::addColumn<int>("judge");
    QTest::addColumn<QString>("vision");
    QTest::addColumn<QString>("whyHas");
    QTest::newRow("looks") << int(ImageJudge::Looks) << QStringLiteral("sees")
                           << QStringLiteral("red test image");
    QTest::newRow("rejects") << int(ImageJudge::Rejects) << QStringLiteral("refuses")
                             << QStringLiteral("image input is not supported");
    QTest::newRow("ignores") << int(ImageJudge::Ignores) << QStringLiteral("ignores")
                             << QStringLiteral("I think it is blue.");
}

void TestProbeCli::genericEndpointIsTested()
{
    QFETCH(int, judge);
    QFETCH(QString, vision);
    QFETCH(QString, whyHas);
    // vLLM says nothing about eyes: /api/show and /props are 404, its models list has no capabilities.
    FakeChatEndpoint ep(Backend::VLLM);
    ep.setToken(Token);
    judgeImages(ep, ImageJudge(judge));
    QProcessEnvironment env = environment();
    env.insert(QStringLiteral("MY_TOKEN"), QString::fromLatin1(Token));
    const ProcessResult r = run({QStringLiteral("--base-url"),
                                 ep.baseUrl().toString(),
                                 QStringLiteral("--token-env"),
                                 QStringLiteral("MY_TOKEN"),
                                 QStringLiteral("--model"),
                                 ep.models().value(0),
                                 QStringLiteral("--json")},
                                env);
    EXPECT_EXIT(r, 0);
    QVERIFY2(!r.err.contains(QLatin1String("QCommandLineParser")), qPrintable(r.err)); // asks only for its own options
    const QJsonObject o = QJsonDocument::fromJson(r.out.toUtf8()).object();
    QCOMPARE(o.value(QLatin1String("vision")).toString(), vision);
    QCOMPARE(o.value(QLatin1String("source")).toString(), QStringLiteral("vision-test"));
    QVERIFY(o.value(QLatin1String("tested")).toBool());
    QVERIFY2(o.value(QLatin1String("why")).toString().contains(whyHas), qPrintable(r.out));
    int chats = 0;
    for (const RecordedRequest &req : ep.server().requests()) {
        if (!req.path.endsWith(QLatin1String("/chat/completions")))
            continue;
        ++chats;
        QCOMPARE(firstImageColour(QJsonDocument::fromJson(req.body).object()),
                 QStringLiteral("red"));
    }
    QCOMPARE(chats, 1);
    QVERIFY(!r.out.contains(QString::fromLatin1(Token))
            && !r.err.contains(QString::fromLatin1(Token)));
}

void TestProbeCli::databricksEndpointThenTest()
{
    FakeChatEndpoint ep(Backend::Databricks);
    ep.setToken(Token);
    routeServingEndpointDetails(ep.server(), FakeChatEndpoint::exampleServingEndpoints(), Token);
    judgeImages(ep, ImageJudge::Looks);
    QProcessEnvironment env = environment();
    env.insert(QStringLiteral("DATABRICKS_HOST"), ep.baseUrl().toString());
    env.insert(QStringLiteral("DATABRICKS_TOKEN"), QString::fromLatin1(Token));
    const ProcessResult r = run({QStringLiteral("--model"),
                                 QStringLiteral("databricks-claude-sonnet-4-5")},
                                env);
    EXPECT_EXIT(r, 0);
    QVERIFY2(r.out.startsWith(QLatin1String("databricks-claude-sonnet-4-5: sees images\n")),
             qPrintable(r.out));
    QVERIFY2(r.out.contains(QLatin1String("Claude Sonnet 4.5")),
             qPrintable(r.out)); // the endpoint's details
    QCOMPARE(ep.chatRequests().size(), 1);
    QVERIFY2(ep.validationProblems().isEmpty(), qPrintable(ep.validationProblems().join(u'\n')));

    // An embeddings endpoint: the details say so, nothing is sent.
    ep.clear();
    const ProcessResult e = run({QStringLiteral("--model"),
                                 QStringLiteral("databricks-gte-large-en")},
                                env);
    EXPECT_EXIT(e, 0);
    QVERIFY2(e.out.contains(QLatin1String("cannot see images")), qPrintable(e.out));
    QVERIFY(ep.chatRequests().isEmpty());
}

void TestProbeCli::noTestLeavesItUnknown()
{
    FakeChatEndpoint ep(Backend::OpenAI);
    const ProcessResult r = run({QStringLiteral("--base-url"),
                                 ep.baseUrl().toString(),
                                 QStringLiteral("--model"),
                                 QStringLiteral("gpt-4o"),
                                 QStringLiteral("--no-test")},
                                environment());
    EXPECT_EXIT(r, 0);
    QVERIFY2(r.out.startsWith(QLatin1String("gpt-4o: unknown\n")), qPrintable(r.out));
    for (const RecordedRequest &req : ep.server().requests())
        QVERIFY(!req.path.endsWith(QLatin1String("/chat/completions")));
}

void TestProbeCli::usage()
{
    ProcessResult r = run({}, environment());
    EXPECT_EXIT(r, 2);
    QVERIFY(r.err.contains(QLatin1String("usage: squint probe")));
    r = run({QStringLiteral("--model"),
             QStringLiteral("m"),
             QStringLiteral("--test"),
             QStringLiteral("--no-test")},
            environment());
    EXPECT_EXIT(r, 2);
    r = run({QStringLiteral("--model"),
             QStringLiteral("m"),
             QStringLiteral("--base-url"),
             QStringLiteral("http://example.com/v1")},
            environment());
    EXPECT_EXIT(r, 2); // plain http only to this computer
}

QTEST_MAIN(TestProbeCli)
#include "tst_probe_cli.moc"
