// ModelComparison: one turn sent to two or three models at once, against the loopback fake endpoint.
// Columns stream in parallel, each within its own model's limits; one failing leaves the others.
#include "core/catalog/catalog.h"
#include "core/chat/chatsession.h"
#include "core/compose/composer.h"
#include "core/compare/modelcompare.h"
#include "core/util/settings.h"
#include "core/compose/traymodel.h"
#include "fakeendpoint.h"
#include "testimages.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace squint;
using namespace squint::test;

namespace {

/// The data URLs of the user message's images in a request body, in order.
QStringList imageUrls(const QJsonObject &body)
{
    QStringList urls;
    const QJsonArray messages = body.value(QStringLiteral("messages")).toArray();
    const QJsonValue content = messages.last().toObject().value(QStringLiteral("content"));
    for (const QJsonValue &part : content.toArray())
        if (part.toObject().value(QStringLiteral("type")).toString() == QLatin1String("image_url"))
            urls << part.toObject().value(QStringLiteral("image_url")).toObject().value(QStringLiteral("url")).toString();
    return urls;
}

QString promptOf(const QJsonObject &body)
{
    const QJsonArray messages = body.value(QStringLiteral("messages")).toArray();
    const QJsonValue content = messages.last().toObject().value(QStringLiteral("content"));
    if (content.isString())
        return content.toString();
    return content.toArray().first().toObject().value(QStringLiteral("text")).toString();
}

struct Rig
{
    explicit Rig(const QString &dir)
        : ep(Backend::OpenAI)
        , settings(dir + QStringLiteral("/squint.ini"))
        , composer(Catalog::builtIn(), &settings, &nam)
        , session(&composer, &nam)
        , comparison(Catalog::builtIn(), &settings, &nam)
    {
        target.connectionName = QStringLiteral("fake");
        target.chatUrl = QUrl(ep.baseUrl().toString() + QStringLiteral("/chat/completions"));
        session.setTarget(target);
        comparison.setTarget(target);
        composer.setModelName(QStringLiteral("gpt-4o"));
    }
    bool load(const QStringList &paths)
    {
        composer.addPaths(paths);
        QElapsedTimer clock;
        clock.start();
        while (composer.isBusy() && clock.elapsed() < 20'000)
            QTest::qWait(10);
        return !composer.isBusy();
    }
    void setup(const QString &prompt, const QStringList &models)
    {
        composer.setPrompt(prompt);
        comparison.setup(prompt, composer.tray()->items(), composer.context(), {}, models);
    }
    bool waitIdle(int ms = 20'000)
    {
        auto busy = [this] {
            if (comparison.isRunning())
                return true;
            for (int i = 0; i < comparison.count(); ++i)
                if (comparison.column(i).preparing > 0)
                    return true;
            return false;
        };
        QElapsedTimer clock;
        clock.start();
        while (busy() && clock.elapsed() < ms)
            QTest::qWait(10);
        return !busy();
    }

    FakeChatEndpoint ep;
    QNetworkAccessManager nam;
    Settings settings;
    Composer composer;
    ChatSession session;
    ModelComparison comparison;
    ChatTarget target;
};

} // namespace

class TestModelCompare final : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void columnsStreamInParallelAndOneFails();
    void eachColumnKeepsItsOwnLimits();
    void fitIsPerModel();
    void changingAModelDropsItsAnswer();
    void continueWithOneColumn();

private:
    QTemporaryDir m_dir;
    QStringList m_images;
};

void TestModelCompare::initTestCase()
{
    QVERIFY(m_dir.isValid());
    for (int i = 0; i < 6; ++i)
        m_images << writeFile(m_dir.path(), QStringLiteral("img%1.jpg").arg(i), photoJpeg(QSize(320, 240), 90, quint32(i + 1)));
}

void TestModelCompare::columnsStreamInParallelAndOneFails()
{
    Rig rig(m_dir.path());
    rig.ep.setModels({QStringLiteral("gpt-4o"), QStringLiteral("gpt-4.1")});
    rig.ep.setRejectUnknownModels(true);
    rig.ep.setAnswer(QStringLiteral("Both pictures show a landscape; the second is darker."));
    rig.ep.setCharsPerChunk(4);
    rig.ep.setChunkDelayMs(15);
    QVERIFY(rig.load(m_images.mid(0, 2)));
    rig.setup(QStringLiteral("What differs?"),
              {QStringLiteral("gpt-4o"), QStringLiteral("gpt-4.1"), QStringLiteral("no-such-model")});
    QCOMPARE(rig.comparison.count(), 3);
    QVERIFY2(rig.comparison.startBlocker().isEmpty(), qPrintable(rig.comparison.startBlocker()));

    // Parallel: at some moment both good columns have part of their answer and neither is done.
    bool overlapped = false;
    connect(&rig.comparison, &ModelComparison::answerAppended, this, [&] {
        const Turn &a = rig.comparison.column(0).turn;
        const Turn &b = rig.comparison.column(1).turn;
        if (!a.answer.isEmpty() && !b.answer.isEmpty() && !a.isFinished() && !b.isFinished())
            overlapped = true;
    });
    QSignalSpy running(&rig.comparison, &ModelComparison::runningChanged);
    QCOMPARE(rig.comparison.start(), 3);
    QVERIFY(rig.comparison.isRunning());
    QVERIFY(rig.waitIdle());
    QVERIFY(overlapped);
    QCOMPARE(running.count(), 2); // on once, off once
    QCOMPARE(running.last().at(0).toBool(), false);

    for (int i = 0; i < 2; ++i) {
        const Turn &t = rig.comparison.column(i).turn;
        QCOMPARE(t.state, Turn::State::Done);
        QCOMPARE(t.answer, rig.ep.answer());
        QCOMPARE(t.model, rig.comparison.column(i).model);
        QVERIFY(t.usage.completion > 0);
        QVERIFY(t.firstTokenMs >= 0);
        QVERIFY(t.totalMs >= t.firstTokenMs);
        QVERIFY(rig.comparison.turnFor(i, nullptr));
    }
    const Turn &failed = rig.comparison.column(2).turn;
    QCOMPARE(failed.state, Turn::State::Failed);
    QCOMPARE(failed.error.status, 404);
    QVERIFY(failed.answer.isEmpty());
    QVERIFY(!rig.comparison.turnFor(2, nullptr));

    // The same turn went to each model: same prompt, same images in the tray's order.
    const QList<QJsonObject> bodies = rig.ep.requestBodies();
    QCOMPARE(bodies.size(), 3);
    QStringList models;
    for (const QJsonObject &b : bodies) {
        models << b.value(QStringLiteral("model")).toString();
        QCOMPARE(promptOf(b), QStringLiteral("What differs?"));
        QCOMPARE(imageUrls(b).size(), 2);
        QCOMPARE(imageUrls(b), imageUrls(bodies.first()));
    }
    models.sort();
    QCOMPARE(models, QStringList({QStringLiteral("gpt-4.1"), QStringLiteral("gpt-4o"), QStringLiteral("no-such-model")}));
    const QByteArray first = QByteArray::fromBase64(imageUrls(bodies.first()).first().section(u',', 1).toLatin1());
    QFile f(m_images.first());
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(first, f.readAll()); // tray order: the first image first

    // Retry the failed column once the endpoint knows the model: only it is sent again.
    rig.ep.setModels({QStringLiteral("gpt-4o"), QStringLiteral("gpt-4.1"), QStringLiteral("no-such-model")});
    QVERIFY(rig.comparison.retry(2));
    QVERIFY(rig.waitIdle());
    QCOMPARE(rig.comparison.column(2).turn.state, Turn::State::Done);
    QCOMPARE(rig.comparison.column(2).turn.answer, rig.ep.answer());
    QCOMPARE(rig.ep.requestBodies().size(), 4);
    QCOMPARE(rig.comparison.column(0).turn.state, Turn::State::Done); // untouched

    // Every column has been asked: Send asks them all again.
    QVERIFY(rig.comparison.startBlocker().isEmpty());
    QCOMPARE(rig.comparison.start(), 3);
    QVERIFY(!rig.comparison.startBlocker().isEmpty()); // while they run
    QVERIFY(rig.waitIdle());
    QCOMPARE(rig.ep.requestBodies().size(), 7);
}

void TestModelCompare::eachColumnKeepsItsOwnLimits()
{
    Rig rig(m_dir.path());
    QVERIFY(rig.load(m_images)); // six images
    rig.setup(QStringLiteral("Describe each."), {QStringLiteral("gpt-4o"), QStringLiteral("databricks-llama-4-maverick")});
    QVERIFY(rig.waitIdle());
    const ComparisonColumn &gpt = rig.comparison.column(0);
    const ComparisonColumn &llama = rig.comparison.column(1);
    QCOMPARE(gpt.evaluation.count.value, 6);
    QCOMPARE(gpt.evaluation.count.level, Meter::Level::Ok);
    QVERIFY(gpt.canSend());
    QCOMPARE(llama.evaluation.count.limit, 5);
    QCOMPARE(llama.evaluation.count.level, Meter::Level::Over);
    QVERIFY(!llama.canSend());
    QVERIFY(llama.evaluation.blocker.contains(QStringLiteral("5")));
    QVERIFY(gpt.evaluation.tokens.value != llama.evaluation.tokens.value); // each model's own token formula

    QCOMPARE(rig.comparison.start(), 1); // only the column within its limits
    QVERIFY(rig.waitIdle());
    QCOMPARE(rig.ep.requestBodies().size(), 1);
    QCOMPARE(rig.ep.requestBodies().first().value(QStringLiteral("model")).toString(), QStringLiteral("gpt-4o"));
    QVERIFY(!rig.comparison.column(1).started);
    QVERIFY(!rig.comparison.retry(1)); // still over its limit
}

void TestModelCompare::fitIsPerModel()
{
    // The unknown model gets Squint's conservative limits (5 MB per image); GPT-4o takes 20 MB.
    Rig rig(m_dir.path());
    const QString big = writeFile(m_dir.path(), QStringLiteral("big.png"), photoPng(QSize(1900, 1900), 7));
    QVERIFY(QFileInfo(big).size() > 5'300'000);
    QVERIFY(rig.load({big}));
    rig.setup(QStringLiteral("What is it?"), {QStringLiteral("gpt-4o"), QStringLiteral("mystery-vision")});
    QVERIFY(rig.waitIdle());
    QVERIFY(rig.comparison.column(0).canSend());
    QVERIFY(!rig.comparison.column(1).canSend());
    const qint64 payloadBefore = rig.comparison.column(1).evaluation.payload.value;

    QSignalSpy messages(&rig.comparison, &ModelComparison::message);
    rig.comparison.fit(1);
    QVERIFY(rig.comparison.column(1).fitting);
    QVERIFY(rig.waitIdle(60'000));
    QVERIFY(!rig.comparison.column(1).fitting);
    QVERIFY2(rig.comparison.column(1).canSend(), qPrintable(rig.comparison.column(1).evaluation.blocker));
    QVERIFY(rig.comparison.column(1).evaluation.payload.value < payloadBefore / 2);
    QCOMPARE(rig.comparison.column(1).items.first().verdict.state, ItemVerdict::State::Fitted);
    QCOMPARE(messages.count(), 1);
    QCOMPARE(messages.first().at(0).toInt(), 1);
    // The other column and the tray keep the original.
    QCOMPARE(rig.comparison.column(0).items.first().verdict.state, ItemVerdict::State::Ok);
    QVERIFY(rig.composer.tray()->itemAt(0).fitted.isNull());
}

void TestModelCompare::changingAModelDropsItsAnswer()
{
    Rig rig(m_dir.path());
    rig.ep.setAnswer(QString(200, u'x'));
    rig.ep.setCharsPerChunk(2);
    rig.ep.setChunkDelayMs(20);
    rig.setup(QStringLiteral("Hello?"), {QStringLiteral("gpt-4o"), QStringLiteral("gpt-4.1")});
    QCOMPARE(rig.comparison.start(), 2);
    QTRY_VERIFY_WITH_TIMEOUT(!rig.comparison.column(1).turn.answer.isEmpty(), 10'000);
    rig.comparison.setModel(1, QStringLiteral("gpt-4o-mini"));
    const ComparisonColumn &c = rig.comparison.column(1);
    QCOMPARE(c.model, QStringLiteral("gpt-4o-mini"));
    QVERIFY(!c.started);
    QVERIFY(c.turn.answer.isEmpty());
    QVERIFY(rig.waitIdle());
    QVERIFY(rig.comparison.column(1).turn.answer.isEmpty()); // the old call's text never arrives here
    QCOMPARE(rig.comparison.column(0).turn.state, Turn::State::Done);

    // Removing a column stops its call and leaves the others.
    QCOMPARE(rig.comparison.start(), 1);
    QVERIFY(rig.comparison.isRunning());
    rig.comparison.removeModel(1);
    QCOMPARE(rig.comparison.count(), 1);
    QVERIFY(!rig.comparison.isRunning());
    QVERIFY(!rig.comparison.addModel(QString()));
    QVERIFY(rig.comparison.addModel(QStringLiteral("gpt-4.1")));
    QVERIFY(rig.comparison.addModel(QStringLiteral("gpt-4o-mini")));
    QVERIFY(!rig.comparison.addModel(QStringLiteral("one-too-many")));
    QCOMPARE(rig.comparison.count(), ModelComparison::MaxModels);
}

void TestModelCompare::continueWithOneColumn()
{
    Rig rig(m_dir.path());
    QVERIFY(rig.load(m_images.mid(0, 2)));
    rig.ep.setAnswerProvider([](const QJsonObject &body) {
        return QStringLiteral("Answer from %1").arg(body.value(QStringLiteral("model")).toString());
    });
    rig.setup(QStringLiteral("Which is sharper?"), {QStringLiteral("gpt-4o"), QStringLiteral("gpt-4.1")});
    QCOMPARE(rig.comparison.start(), 2);
    QVERIFY(rig.waitIdle());

    Turn chosen;
    QVERIFY(rig.comparison.turnFor(1, &chosen));
    QVERIFY(rig.session.adoptTurn(chosen));
    Conversation *conv = rig.session.conversation();
    QCOMPARE(conv->count(), 1);
    QCOMPARE(conv->at(0).model, QStringLiteral("gpt-4.1"));
    QCOMPARE(conv->at(0).answer, QStringLiteral("Answer from gpt-4.1"));
    QCOMPARE(conv->at(0).images.size(), 2);
    QCOMPARE(conv->title(), QStringLiteral("Which is sharper?"));
    QCOMPARE(rig.composer.tray()->count(), 0); // the turn took the prompt and images, as Send does
    QVERIFY(rig.composer.prompt().isEmpty());

    // The next turn carries the chosen answer as context.
    rig.composer.setModelName(QStringLiteral("gpt-4.1"));
    rig.composer.setPrompt(QStringLiteral("Why?"));
    QTRY_VERIFY(!rig.composer.isBusy());
    QVERIFY(rig.session.send());
    QTRY_VERIFY_WITH_TIMEOUT(!rig.session.isBusy(), 10'000);
    const QJsonArray messages = rig.ep.requestBodies().last().value(QStringLiteral("messages")).toArray();
    QCOMPARE(messages.size(), 3);
    QCOMPARE(messages.at(1).toObject().value(QStringLiteral("content")).toString(), QStringLiteral("Answer from gpt-4.1"));
}

QTEST_MAIN(TestModelCompare)
#include "tst_modelcompare.moc"
