// squint export / import and ask --save end to end: the real binary as a child process, the fake
// endpoint in this process (its event loop keeps turning while the child works), the history in a
// temporary XDG_DATA_HOME.

#include "cli/commandline.h"
#include "core/history/conversationstore.h"
#include "core/history/transcript.h"
#include "childprocess.h"
#include "fakeendpoint.h"
#include "testimages.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>
#include <functional>

#include <sys/types.h>

using namespace squint;
using namespace squint::test;

namespace {
using Result = test::ProcessResult;

const QString Prompt = QStringLiteral("Is <this> a boardwalk & a meadow?");

bool hasRawControls(const QString &s)
{
    return s.contains(u'\x1b') || s.contains(u'\x07') || s.contains(QChar(0x9b));
}
} // namespace

class TestHistoryCli final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void listOnEmptyStore();
    void unknownConversationIsAUsageError();
    void askSaveThenExport();
    void importRoundTrip();
    void importRejectsBadFiles_data();
    void importRejectsBadFiles();
    void killedMidAnswerKeepsWhatArrived();
    void interruptedAnswerIsPrintedAndSaved_data();
    void interruptedAnswerIsPrintedAndSaved();
    void titleOption();
    void unopenableStoreStillAnswers();
    void corruptStoreIsSetAside();
    void hostileTitlesAreShownNotObeyed();

private:
    QProcessEnvironment environment(const QString &dataHome) const;
    Result run(const QStringList &args, const QProcessEnvironment &env, const std::function<void(QProcess &)> &whileRunning = {});
    QString writeFile(const QString &name, const QByteArray &bytes);
    QString storePath(const QString &dataHome) const;
    int conversationCount(const QString &dataHome) const;

    QTemporaryDir m_dir;
    QString m_image;
    QString m_data;    ///< XDG_DATA_HOME of the export/import tests
    QString m_json;    ///< the JSON transcript exported by askSaveThenExport
    QString m_answer;  ///< the answer it saved
};

void TestHistoryCli::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QVERIFY(QDir(m_dir.path()).mkpath(QStringLiteral("home")));
    QVERIFY(QDir(m_dir.path()).mkpath(QStringLiteral("work")));
    m_image = writeFile(QStringLiteral("photo.jpg"), photoJpeg(QSize(400, 300)));
    QVERIFY(!m_image.isEmpty());
    m_data = m_dir.filePath(QStringLiteral("data"));
}

QString TestHistoryCli::writeFile(const QString &name, const QByteArray &bytes)
{
    const QString path = m_dir.filePath(name);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size())
        return {};
    return path;
}

QProcessEnvironment TestHistoryCli::environment(const QString &dataHome) const
{
    return test::isolatedEnvironment(m_dir.filePath(QStringLiteral("home")), dataHome);
}

// ConversationStore::defaultPath() in the child: AppLocalDataLocation with the application name
// "squint" and no organization, i.e. $XDG_DATA_HOME/squint/squint.sqlite.
QString TestHistoryCli::storePath(const QString &dataHome) const
{
    return dataHome + QStringLiteral("/squint/squint.sqlite");
}

int TestHistoryCli::conversationCount(const QString &dataHome) const
{
    if (!QFileInfo::exists(storePath(dataHome)))
        return 0;
    ConversationStore store;
    if (!store.open(storePath(dataHome)))
        return -1;
    return int(store.listConversations().size());
}

Result TestHistoryCli::run(const QStringList &args, const QProcessEnvironment &env, const std::function<void(QProcess &)> &whileRunning)
{
    test::ProcessOptions options;
    options.workingDirectory = m_dir.filePath(QStringLiteral("work"));
    options.whileRunning = whileRunning;
    return test::runProcess(QStringLiteral(SQUINT_BINARY), args, env, options);
}

#define EXPECT_EXIT(r, code)                                                                                           \
    do {                                                                                                               \
        QVERIFY2((r).finished, "squint did not finish");                                                               \
        QVERIFY2((r).exitCode == (code), qPrintable(QStringLiteral("exit %1, stderr: %2").arg((r).exitCode).arg((r).err))); \
    } while (false)

void TestHistoryCli::listOnEmptyStore()
{
    const Result r = run({QStringLiteral("export"), QStringLiteral("--list")}, environment(m_data));
    EXPECT_EXIT(r, 0);
    QVERIFY2(r.out.contains(QLatin1String("No saved conversations")), qPrintable(r.out));
    const Result j = run({QStringLiteral("export"), QStringLiteral("--list"), QStringLiteral("--json")}, environment(m_data));
    EXPECT_EXIT(j, 0);
    QVERIFY(QJsonDocument::fromJson(j.out.toUtf8()).isArray());
    QCOMPARE(QJsonDocument::fromJson(j.out.toUtf8()).array().size(), 0);
}

void TestHistoryCli::unknownConversationIsAUsageError()
{
    const Result r = run({QStringLiteral("export"), QStringLiteral("999"), QStringLiteral("--format"), QStringLiteral("json")},
                         environment(m_data));
    EXPECT_EXIT(r, int(cli::Usage));
    QVERIFY2(r.err.contains(QLatin1String("999")), qPrintable(r.err));
    const Result t = run({QStringLiteral("export"), QStringLiteral("No such title"), QStringLiteral("--format"), QStringLiteral("md")},
                         environment(m_data));
    EXPECT_EXIT(t, int(cli::Usage));
    const Result f = run({QStringLiteral("export"), QStringLiteral("1"), QStringLiteral("--format"), QStringLiteral("doc")},
                         environment(m_data));
    EXPECT_EXIT(f, int(cli::Usage));
}

void TestHistoryCli::askSaveThenExport()
{
    FakeChatEndpoint ep(Backend::OpenAI);
    ep.setAnswer(QStringLiteral("A wooden boardwalk through a green meadow — ünïcödé."));
    const QProcessEnvironment env = environment(m_data);
    const Result a = run({QStringLiteral("ask"), QStringLiteral("--base-url"), ep.baseUrl().toString(), QStringLiteral("--model"),
                          QStringLiteral("gpt-4o"), QStringLiteral("--image"), m_image, QStringLiteral("--save"), Prompt},
                         env);
    EXPECT_EXIT(a, 0);
    QCOMPARE(a.out, ep.answer() + u'\n'); // stdout is the answer, nothing else
    QVERIFY2(a.err.contains(QLatin1String("Saved as conversation 1.")), qPrintable(a.err));
    m_answer = ep.answer();

    const Result list = run({QStringLiteral("export"), QStringLiteral("--list")}, env);
    EXPECT_EXIT(list, 0);
    QVERIFY2(list.out.startsWith(QLatin1String("1\t")), qPrintable(list.out));
    QVERIFY2(list.out.contains(titleFromPrompt(Prompt)), qPrintable(list.out));

    // JSON: lossless, with the image's bytes.
    m_json = m_dir.filePath(QStringLiteral("t.json"));
    const Result j = run({QStringLiteral("export"), QStringLiteral("1"), QStringLiteral("--format"), QStringLiteral("json"),
                          QStringLiteral("-o"), m_json},
                         env);
    EXPECT_EXIT(j, 0);
    QVERIFY(j.out.isEmpty());
    QString error;
    const std::optional<TranscriptData> data = readJsonFile(m_json, &error);
    QVERIFY2(data, qPrintable(error));
    QCOMPARE(data->turns.size(), 1);
    const Turn &turn = data->turns.constFirst();
    QCOMPARE(turn.prompt, Prompt);
    QCOMPARE(turn.answer, m_answer);
    QCOMPARE(turn.state, Turn::State::Done);
    QCOMPARE(turn.images.size(), 1);
    QFile img(m_image);
    QVERIFY(img.open(QIODevice::ReadOnly));
    const QByteArray imageHash = QCryptographicHash::hash(img.readAll(), QCryptographicHash::Sha256).toHex();
    QCOMPARE(turn.images.constFirst().sha256, imageHash);
    QVERIFY(!turn.images.constFirst().data.isEmpty());

    // By title too; Markdown with an assets folder holding the image.
    const QString md = m_dir.filePath(QStringLiteral("md/t.md"));
    QVERIFY(QDir(m_dir.path()).mkpath(QStringLiteral("md")));
    const Result m = run({QStringLiteral("export"), titleFromPrompt(Prompt), QStringLiteral("--format"), QStringLiteral("md"),
                          QStringLiteral("-o"), md},
                         env);
    EXPECT_EXIT(m, 0);
    QVERIFY(QFileInfo::exists(md));
    const QStringList assets = QDir(m_dir.filePath(QStringLiteral("md/assets"))).entryList(QDir::Files);
    QCOMPARE(assets.size(), 1);
    QVERIFY2(assets.constFirst().endsWith(QLatin1String("photo.jpg")), qPrintable(assets.join(u' ')));

    // Default file name: the title made safe, in the current folder.
    const Result d = run({QStringLiteral("export"), QStringLiteral("1"), QStringLiteral("--format"), QStringLiteral("md"),
                          QStringLiteral("--embed-images")},
                         env);
    EXPECT_EXIT(d, 0);
    const QStringList written = QDir(m_dir.filePath(QStringLiteral("work"))).entryList(QStringList{QStringLiteral("*.md")}, QDir::Files);
    QCOMPARE(written.size(), 1);
    QVERIFY2(!written.constFirst().contains(u'<') && !written.constFirst().contains(u'&'), qPrintable(written.constFirst()));
    QVERIFY(!QFileInfo::exists(m_dir.filePath(QStringLiteral("work/assets"))));

    // HTML to standard output, the prompt escaped.
    const Result h = run({QStringLiteral("export"), QStringLiteral("1"), QStringLiteral("--format"), QStringLiteral("html"),
                          QStringLiteral("-o"), QStringLiteral("-")},
                         env);
    EXPECT_EXIT(h, 0);
    QVERIFY2(h.out.contains(QLatin1String("Is &lt;this&gt; a boardwalk &amp; a meadow?")), qPrintable(h.out.left(2000)));
    QVERIFY(!h.out.contains(QLatin1String("<this>")));

    // PDF, with no display and no platform chosen: export picks the offscreen one itself.
    QProcessEnvironment noDisplay = env;
    for (const char *k : {"QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"})
        noDisplay.remove(QString::fromLatin1(k));
    const QString pdf = m_dir.filePath(QStringLiteral("t.pdf"));
    const Result pd = run({QStringLiteral("export"), QStringLiteral("1"), QStringLiteral("--format=pdf"), QStringLiteral("-o"), pdf},
                          noDisplay);
    EXPECT_EXIT(pd, 0);
    QFile pf(pdf);
    QVERIFY(pf.open(QIODevice::ReadOnly));
    QVERIFY(pf.read(5).startsWith("%PDF"));

    // Writing where no file can go.
    const Result bad = run({QStringLiteral("export"), QStringLiteral("1"), QStringLiteral("--format"), QStringLiteral("json"),
                            QStringLiteral("-o"), m_dir.filePath(QStringLiteral("no/such/folder/t.json"))},
                           env);
    EXPECT_EXIT(bad, int(cli::Failure));
}

void TestHistoryCli::importRoundTrip()
{
    QVERIFY(!m_json.isEmpty());
    const QProcessEnvironment env = environment(m_data);
    const Result r = run({QStringLiteral("import"), m_json}, env);
    EXPECT_EXIT(r, 0);
    QVERIFY2(r.out.contains(QLatin1String("2")) && r.out.contains(titleFromPrompt(Prompt)), qPrintable(r.out));

    const Result list = run({QStringLiteral("export"), QStringLiteral("--list"), QStringLiteral("--json")}, env);
    EXPECT_EXIT(list, 0);
    QCOMPARE(QJsonDocument::fromJson(list.out.toUtf8()).array().size(), 2);

    ConversationStore store;
    QVERIFY2(store.open(storePath(m_data)), qPrintable(store.lastError()));
    const QList<Turn> a = store.loadTurns(1);
    const QList<Turn> b = store.loadTurns(2);
    QCOMPARE(b.size(), a.size());
    QCOMPARE(b.constFirst().prompt, a.constFirst().prompt);
    QCOMPARE(b.constFirst().answer, a.constFirst().answer);
    QCOMPARE(b.constFirst().state, a.constFirst().state);
    QCOMPARE(b.constFirst().images.size(), 1);
    QCOMPARE(b.constFirst().images.constFirst().data, a.constFirst().images.constFirst().data);
    QCOMPARE(b.constFirst().images.constFirst().sha256, a.constFirst().images.constFirst().sha256);

    // Two conversations now share the title: naming it is ambiguous, the candidates are listed.
    const Result amb = run({QStringLiteral("export"), titleFromPrompt(Prompt), QStringLiteral("--format"), QStringLiteral("json"),
                            QStringLiteral("-o"), QStringLiteral("-")},
                           env);
    EXPECT_EXIT(amb, int(cli::Usage));
    QVERIFY2(amb.err.contains(QLatin1String("  1\t")) && amb.err.contains(QLatin1String("  2\t")), qPrintable(amb.err));
    QVERIFY(amb.out.isEmpty());
}

void TestHistoryCli::importRejectsBadFiles_data()
{
    QTest::addColumn<QString>("kind");
    QTest::newRow("truncated") << QStringLiteral("truncated");
    QTest::newRow("flipped base64") << QStringLiteral("flipped");
    QTest::newRow("version 99") << QStringLiteral("version");
}

void TestHistoryCli::importRejectsBadFiles()
{
    QFETCH(QString, kind);
    QVERIFY(!m_json.isEmpty());
    QFile f(m_json);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray good = f.readAll();
    QByteArray bad;
    if (kind == QLatin1String("truncated")) {
        bad = good.left(good.size() / 2);
    } else {
        QJsonObject root = QJsonDocument::fromJson(good).object();
        if (kind == QLatin1String("version")) {
            root.insert(QStringLiteral("version"), 99);
        } else {
            QJsonArray turns = root.value(QStringLiteral("turns")).toArray();
            QJsonObject turn = turns.at(0).toObject();
            QJsonArray images = turn.value(QStringLiteral("images")).toArray();
            QJsonObject image = images.at(0).toObject();
            QJsonObject sent = image.value(QStringLiteral("sent")).toObject();
            QString b64 = sent.value(QStringLiteral("bytes")).toString();
            QVERIFY(b64.size() > 200);
            b64[200] = b64.at(200) == u'A' ? u'B' : u'A';
            sent.insert(QStringLiteral("bytes"), b64);
            image.insert(QStringLiteral("sent"), sent);
            images.replace(0, image);
            turn.insert(QStringLiteral("images"), images);
            turns.replace(0, turn);
            root.insert(QStringLiteral("turns"), turns);
        }
        bad = QJsonDocument(root).toJson();
    }
    const QString path = writeFile(QStringLiteral("bad-%1.json").arg(kind), bad);
    QVERIFY(!path.isEmpty());
    const int before = conversationCount(m_data);
    QCOMPARE(before, 2);
    const Result r = run({QStringLiteral("import"), path}, environment(m_data));
    EXPECT_EXIT(r, int(cli::Failure));
    QVERIFY2(r.err.contains(QLatin1String("squint import")) && r.err.size() > 30, qPrintable(r.err));
    QVERIFY(r.out.isEmpty());
    QCOMPARE(conversationCount(m_data), before);
}

void TestHistoryCli::killedMidAnswerKeepsWhatArrived()
{
    // 4 characters every 20 ms: 200 characters a second, a 3,200-character answer takes 16 s.
    constexpr int CharsPerSecond = 200;
    FakeChatEndpoint ep(Backend::OpenAI);
    ep.setCharsPerChunk(4);
    ep.setChunkDelayMs(20);
    QString answer;
    for (int i = 0; answer.size() < 3200; ++i)
        answer += QStringLiteral("word%1 ").arg(i, 4, 10, QLatin1Char('0'));
    ep.setAnswer(answer);
    const QString dataHome = m_dir.filePath(QStringLiteral("data-kill"));
    QByteArray printed;
    QElapsedTimer sinceFirst;
    qint64 streamedMs = 0;
    const Result r = run({QStringLiteral("ask"), QStringLiteral("--base-url"), ep.baseUrl().toString(), QStringLiteral("--model"),
                          QStringLiteral("gpt-4o"), QStringLiteral("--save"), QStringLiteral("Tell me a long story.")},
                         environment(dataHome), [&](QProcess &p) {
                             QElapsedTimer t;
                             t.start();
                             // Well over a second's worth of answer (about 3 s).
                             while (printed.size() < 3 * CharsPerSecond && t.elapsed() < 30'000
                                    && p.state() == QProcess::Running) {
                                 QTest::qWait(20);
                                 printed += p.readAllStandardOutput();
                                 if (!printed.isEmpty() && !sinceFirst.isValid())
                                     sinceFirst.start();
                             }
                             streamedMs = sinceFirst.isValid() ? sinceFirst.elapsed() : 0;
                             ::kill(pid_t(p.processId()), SIGKILL);
                         });
    QVERIFY(r.finished);
    QVERIFY2(r.crashed, qPrintable(r.err));
    printed += r.out.toUtf8(); // what was still in the pipe when it died
    QVERIFY2(printed.size() >= 3 * CharsPerSecond, qPrintable(QStringLiteral("printed %1").arg(printed.size())));
    QVERIFY(answer.startsWith(QString::fromUtf8(printed)));

    ConversationStore store;
    QVERIFY2(store.open(storePath(dataHome)), qPrintable(store.lastError()));
    const QList<ConversationSummary> all = store.listConversations();
    QCOMPARE(all.size(), 1);
    QCOMPARE(all.constFirst().title, QStringLiteral("Tell me a long story."));
    const QList<Turn> turns = store.loadTurns(all.constFirst().id);
    QCOMPARE(turns.size(), 1);
    const Turn &t = turns.constFirst();
    QCOMPARE(t.prompt, QStringLiteral("Tell me a long story."));
    QCOMPARE(t.state, Turn::State::Failed);
    QVERIFY2(t.error.message.contains(QLatin1String("interrupted")), qPrintable(t.error.message));
    QVERIFY(!t.answer.isEmpty());
    QVERIFY(answer.startsWith(t.answer));
    QVERIFY(QString::fromUtf8(printed).startsWith(t.answer));
    // At most about a second of answer lost: judged at the rate the stream really had.
    const double rate = streamedMs > 0 ? std::max<double>(CharsPerSecond, printed.size() * 1000.0 / double(streamedMs)) : CharsPerSecond;
    const qsizetype lost = printed.size() - t.answer.size();
    const QString facts = QStringLiteral("printed %1 in %2 ms, saved %3").arg(printed.size()).arg(streamedMs).arg(t.answer.size());
    qInfo("%s", qPrintable(facts));
    QVERIFY2(lost <= qsizetype(rate * 1.5), qPrintable(facts));
}

void TestHistoryCli::interruptedAnswerIsPrintedAndSaved_data()
{
    QTest::addColumn<int>("sig");
    QTest::newRow("SIGINT") << SIGINT;
    QTest::newRow("SIGTERM") << SIGTERM;
}

// SIGINT or SIGTERM mid-answer stops it in order (unlike SIGKILL above): exit 130, and all that
// arrived is both printed and saved, the turn marked stopped.
void TestHistoryCli::interruptedAnswerIsPrintedAndSaved()
{
    QFETCH(int, sig);
    FakeChatEndpoint ep(Backend::OpenAI);
    ep.setCharsPerChunk(4);
    ep.setChunkDelayMs(20);
    QString answer;
    for (int i = 0; answer.size() < 3200; ++i)
        answer += QStringLiteral("word%1 ").arg(i, 4, 10, QLatin1Char('0'));
    ep.setAnswer(answer);
    const QString dataHome = m_dir.filePath(QStringLiteral("data-signal-%1").arg(sig));
    QByteArray printed;
    const Result r = run({QStringLiteral("ask"),
                          QStringLiteral("--base-url"),
                          ep.baseUrl().toString(),
                          QStringLiteral("--model"),
                          QStringLiteral("gpt-4o"),
                          QStringLiteral("--save"),
                          QStringLiteral("Tell me a long story.")},
                         environment(dataHome),
                         [&](QProcess &p) {
                             QElapsedTimer t;
                             t.start();
                             while (printed.size() < 100 && t.elapsed() < 30'000
                                    && p.state() == QProcess::Running) {
                                 QTest::qWait(20);
                                 printed += p.readAllStandardOutput();
                             }
                             ::kill(pid_t(p.processId()), sig);
                         });
    EXPECT_EXIT(r, int(cli::Interrupted));
    QVERIFY2(r.err.contains(QLatin1String("squint ask: interrupted.")), qPrintable(r.err));
    QVERIFY2(r.err.contains(QLatin1String("Saved as conversation 1.")), qPrintable(r.err));
    printed += r.out.toUtf8();
    QVERIFY2(printed.endsWith('\n'), printed.right(40).constData()); // the line break squint adds
    const QString shown = QString::fromUtf8(printed.chopped(1));
    QVERIFY2(shown.size() >= 100 && shown.size() < answer.size(),
             qPrintable(QString::number(shown.size())));
    QVERIFY(answer.startsWith(shown));

    ConversationStore store;
    QVERIFY2(store.open(storePath(dataHome)), qPrintable(store.lastError()));
    const QList<ConversationSummary> all = store.listConversations();
    QCOMPARE(all.size(), 1);
    const QList<Turn> turns = store.loadTurns(all.constFirst().id);
    QCOMPARE(turns.size(), 1);
    QCOMPARE(turns.constFirst().state, Turn::State::Stopped);
    QCOMPARE(turns.constFirst().answer, shown);
}

void TestHistoryCli::titleOption()
{
    FakeChatEndpoint ep(Backend::OpenAI);
    const QString dataHome = m_dir.filePath(QStringLiteral("data-title"));
    const Result r = run({QStringLiteral("ask"), QStringLiteral("--base-url"), ep.baseUrl().toString(), QStringLiteral("--model"),
                          QStringLiteral("m"), QStringLiteral("--save"), QStringLiteral("--title"), QStringLiteral("My own title"),
                          QStringLiteral("--json"), QStringLiteral("Hi")},
                         environment(dataHome));
    EXPECT_EXIT(r, 0);
    QVERIFY(QJsonDocument::fromJson(r.out.toUtf8()).isObject()); // --json output unchanged by --save
    ConversationStore store;
    QVERIFY(store.open(storePath(dataHome)));
    const QList<ConversationSummary> all = store.listConversations();
    QCOMPARE(all.size(), 1);
    QCOMPARE(all.constFirst().title, QStringLiteral("My own title"));
    const QList<Turn> turns = store.loadTurns(all.constFirst().id);
    QCOMPARE(turns.size(), 1);
    QCOMPARE(turns.constFirst().state, Turn::State::Done);
    QCOMPARE(turns.constFirst().answer, ep.answer());

    const Result bad = run({QStringLiteral("ask"), QStringLiteral("--base-url"), ep.baseUrl().toString(), QStringLiteral("--model"),
                            QStringLiteral("m"), QStringLiteral("--title"), QStringLiteral("x"), QStringLiteral("Hi")},
                           environment(dataHome));
    EXPECT_EXIT(bad, int(cli::Usage));
}

void TestHistoryCli::unopenableStoreStillAnswers()
{
    // XDG_DATA_HOME is a file: no folder for the history can be made.
    const QString notAFolder = writeFile(QStringLiteral("not-a-folder"), "x");
    QVERIFY(!notAFolder.isEmpty());
    FakeChatEndpoint ep(Backend::OpenAI);
    const Result r = run({QStringLiteral("ask"), QStringLiteral("--base-url"), ep.baseUrl().toString(), QStringLiteral("--model"),
                          QStringLiteral("m"), QStringLiteral("--save"), QStringLiteral("Hi")},
                         environment(notAFolder));
    EXPECT_EXIT(r, 0);
    QCOMPARE(r.out, ep.answer() + u'\n');
    QVERIFY2(r.err.contains(QLatin1String("not be saved")), qPrintable(r.err));
}

void TestHistoryCli::corruptStoreIsSetAside()
{
    const QString dataHome = m_dir.filePath(QStringLiteral("data-corrupt"));
    QVERIFY(QDir().mkpath(dataHome + QStringLiteral("/squint")));
    QFile f(storePath(dataHome));
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(QByteArray(8192, 'z'));
    f.close();
    const Result r = run({QStringLiteral("export"), QStringLiteral("--list")}, environment(dataHome));
    EXPECT_EXIT(r, 0);
    QVERIFY2(r.err.contains(QLatin1String("squint export: ")) && r.err.contains(QLatin1String(".corrupt-")), qPrintable(r.err));
    QVERIFY2(r.out.contains(QLatin1String("No saved conversations")), qPrintable(r.out));
}

// A title (from --title, an import or a model's answer) holding OSC 52 and CSI 2J is listed, offered
// and exported with its control characters shown as pictures, never written raw to the terminal.
void TestHistoryCli::hostileTitlesAreShownNotObeyed()
{
    FakeChatEndpoint ep(Backend::OpenAI);
    ep.setAnswer(QStringLiteral("Answer \x1b]52;c;aGFja2Vk\x07 \u009b2J end."));
    const QString title = QStringLiteral("Evil \x1b]52;c;aGFja2Vk\x07\x1b[2J title");
    const QString shown = QStringLiteral("Evil \u241b]52;c;aGFja2Vk\u2407\u241b[2J title");
    const QProcessEnvironment env = environment(m_dir.filePath(QStringLiteral("data-hostile")));
    const Result a = run({QStringLiteral("ask"), QStringLiteral("--base-url"), ep.baseUrl().toString(), QStringLiteral("--model"),
                          QStringLiteral("m"), QStringLiteral("--save"), QStringLiteral("--title"), title, QStringLiteral("Hi")},
                         env);
    EXPECT_EXIT(a, 0);
    QVERIFY2(!hasRawControls(a.out) && !hasRawControls(a.err), qPrintable(a.out));

    const Result list = run({QStringLiteral("export"), QStringLiteral("--list")}, env);
    EXPECT_EXIT(list, 0);
    QVERIFY2(list.out.contains(shown), qPrintable(list.out));
    QVERIFY2(!hasRawControls(list.out), qPrintable(list.out));

    const Result json = run({QStringLiteral("export"), QStringLiteral("--list"), QStringLiteral("--json")}, env);
    EXPECT_EXIT(json, 0);
    QVERIFY2(!hasRawControls(json.out), qPrintable(json.out));
    QCOMPARE(QJsonDocument::fromJson(json.out.toUtf8()).array().at(0).toObject().value(QStringLiteral("title")).toString(), title);

    const Result near = run({QStringLiteral("export"), QStringLiteral("Evil"), QStringLiteral("--format"), QStringLiteral("md")}, env);
    EXPECT_EXIT(near, int(cli::Usage));
    QVERIFY2(near.err.contains(shown), qPrintable(near.err)); // "Did you mean" lists it
    QVERIFY2(!hasRawControls(near.err), qPrintable(near.err));

    for (const QString &format : {QStringLiteral("md"), QStringLiteral("html"), QStringLiteral("json")}) {
        const Result e = run({QStringLiteral("export"), QStringLiteral("1"), QStringLiteral("--format"), format, QStringLiteral("-o"),
                              QStringLiteral("-")},
                             env);
        EXPECT_EXIT(e, 0);
        QVERIFY2(!e.out.isEmpty(), qPrintable(format));
        QVERIFY2(!hasRawControls(e.out), qPrintable(format + u'\n' + e.out));
    }
}

QTEST_GUILESS_MAIN(TestHistoryCli)
#include "tst_history_cli.moc"
