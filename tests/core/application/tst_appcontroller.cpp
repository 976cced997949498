// The application controller without a window: the decisions MainWindow used to make (which
// conversation opens at start and when, which models a comparison starts with, why nothing can be
// asked, what Compare Side by Side needs selected), checked against the real core objects, a
// temporary folder and the loopback fake endpoints. Links no widgets.
#include "core/application/appcontroller.h"
#include "core/catalog/capabilities.h"
#include "core/chat/chatsession.h"
#include "core/compare/modelcompare.h"
#include "core/connections/databricksconfig.h"
#include "core/connections/secretstore.h"
#include "core/history/history.h"
#include "core/util/settings.h"

#include "checked.h"
#include "fakecapabilities.h"
#include "fakedatabricksauth.h"
#include "fakeendpoint.h"
#include "testimages.h"

#include <QFileInfo>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

using namespace squint;
using namespace squint::test;
using Level = Composer::MessageLevel;

Q_DECLARE_METATYPE(squint::Composer::MessageLevel)

namespace {

constexpr int Wait = 20000; // generous: CI runs this under sanitizers too
const QByteArray OpenAIKey = "sk-app-controller-test-key-4444";

/// A local URL nothing listens on.
QUrl closedPortUrl()
{
    QTcpServer server;
    if (!server.listen(QHostAddress::LocalHost, 0))
        return {};
    const quint16 port = server.serverPort();
    server.close();
    return QUrl(QStringLiteral("http://127.0.0.1:%1/v1").arg(port));
}

TrayItem item(quint64 id, ItemFacts::Stage stage = ItemFacts::Stage::Ready)
{
    TrayItem t;
    t.id = id;
    t.name = QStringLiteral("image-%1.png").arg(id);
    t.path = QStringLiteral("/pictures/image-%1.png").arg(id);
    t.stage = stage;
    return t;
}

QList<TrayItem> tray(int count)
{
    QList<TrayItem> items;
    for (int i = 1; i <= count; ++i)
        items << item(quint64(i));
    return items;
}

QList<quint64> ids(const QList<TrayItem> &items)
{
    QList<quint64> out;
    for (const TrayItem &i : items)
        out << i.id;
    return out;
}

/// The texts of the messages `spy` (on AppController::message) caught at `level`.
QStringList said(const QSignalSpy &spy, Level level)
{
    QStringList out;
    for (const QList<QVariant> &args : spy) {
        if (args.at(0).value<Level>() == level)
            out << args.at(1).toString();
    }
    return out;
}

/// Squint without its window, in a temporary folder, as main() builds it.
struct Rig
{
    QTemporaryDir dir;
    MemorySecretStore secrets;
    std::unique_ptr<AppController> app;
    int modelLists = 0; ///< how many lists of models the current connection gave (not empty)

    /// Starts (or starts again) on this folder. `chatUrl`: questions go there without a connection.
    void start(bool history,
               const QUrl &chatUrl = {},
               const QHash<QString, QString> &env = {},
               const QUrl &ollama = closedPortUrl())
    {
        app.reset();
        AppSetup setup;
        setup.settingsFile = dir.filePath(QStringLiteral("squint.ini"));
        setup.secrets = &secrets;
        setup.environment = {env, dir.filePath(QStringLiteral("home")), &readSmallFile};
        setup.history = history;
        app = std::make_unique<AppController>(std::move(setup));
        if (!chatUrl.isEmpty()) {
            ChatTarget target;
            target.connectionName = QStringLiteral("Fake");
            target.chatUrl = chatUrl;
            target.maxTokensField = QStringLiteral("max_completion_tokens");
            app->session()->setTarget(target);
        }
        app->composer()->setModelName(QStringLiteral("gpt-4o"));
        if (history) {
            QSignalSpy opened(app->history(), &History::opened);
            app->openHistory(historyPath());
            QVERIFY(opened.wait(Wait));
            QVERIFY(opened.constFirst().at(0).toBool());
        }
        QObject::connect(app.get(),
                         &AppController::remoteModelsChanged,
                         app.get(),
                         [this](const QList<RemoteModel> &models) {
                             modelLists += !models.isEmpty();
                         });
        app->connections()->setOllamaProbeUrl(ollama);
        app->connections()->start();
    }
    QString historyPath() const { return dir.filePath(QStringLiteral("data/squint.sqlite")); }

    /// Asks `prompt` and waits for the whole answer.
    void ask(const QString &prompt)
    {
        app->composer()->setPrompt(prompt);
        QTRY_VERIFY_WITH_TIMEOUT(app->sendBlocker().isEmpty(), Wait);
        QVERIFY(app->send());
        QTRY_VERIFY_WITH_TIMEOUT(!app->session()->isBusy(), Wait);
    }
    /// Asks `prompt`, waits until it is saved, and returns its conversation's id.
    qint64 askSaved(const QString &prompt)
    {
        ask(prompt);
        if (!QTest::qWaitFor([this] { return app->session()->storeId() > 0; }, Wait))
            return 0;
        return app->session()->storeId();
    }
};

} // namespace

class TestAppController final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();

    // Pure decisions.
    void itemsForActionAreTheSelectionOrTheTray();
    void compareSelectionSaysWhatToSelect_data();
    void compareSelectionSaysWhatToSelect();
    void modelsToCompare_data();
    void modelsToCompare();
    void fileNamesAndInputs();

    // The rule "busy or no connection".
    void withoutAConnectionNothingCanBeAsked();
    void whileAnsweringTheSameRuleSaysWait();

    // The connection manager wired to the session and the comparison.
    void aConnectionsTargetReachesTheSessionAndTheComparison();
    void aRefusedOAuthTokenIsRenewedAndTheTurnAskedAgainOnce();
    void aBatchRenewerSaysWhenSquintIsClosing();
    void listedModelsAreAskedAboutTheirEyes();

    // Comparing models.
    void aComparisonStartsWithTheCurrentModelAndKeepsItsAnswers();

    // The history.
    void theLastConversationOpensAgainAtStart();
    void aLastConversationThatIsGoneSaysNothing();
    void openingAnotherReplacesOneStillLoading();
    void openingWhileAnsweringStopsTheAnswerAndSaysSo();
    void deletingTheShownConversationCanBeUndone();
    void saveAsSaysWhyWhenThereIsNothingToSave();

    // Comparing a turn's images.
    void aTurnsImagesBecomeFilesOffTheGuiThread();
};

void TestAppController::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QLocale::setDefault(QLocale::c());
    qRegisterMetaType<Level>();
}

// ------------------------------------------------------------------------------------------------
// Pure decisions

void TestAppController::itemsForActionAreTheSelectionOrTheTray()
{
    const QList<TrayItem> all = tray(5);
    QCOMPARE(ids(itemsForAction(all, {})), ids(all));
    // The selection, in the tray's order whatever the order it was made in.
    QCOMPARE(ids(itemsForAction(all, {4, 2})), (QList<quint64>{2, 4}));
    // Failed and loading images are part of the action, not of what can be compared.
    QList<TrayItem> mixed = tray(4);
    mixed[1].stage = ItemFacts::Stage::Failed;
    mixed[2].stage = ItemFacts::Stage::Loading;
    QCOMPARE(itemsForAction(mixed, {}).size(), 4);
    QCOMPARE(ids(compareCandidates(mixed, {})), (QList<quint64>{1, 4}));
}

void TestAppController::compareSelectionSaysWhatToSelect_data()
{
    QTest::addColumn<QList<TrayItem>>("items");
    QTest::addColumn<QList<quint64>>("selected");
    QTest::addColumn<QString>("says"); ///< empty: it can open

    QList<TrayItem> oneFailed = tray(2);
    oneFailed[1].stage = ItemFacts::Stage::Failed;
    QList<TrayItem> loading = tray(3);
    loading[0].stage = ItemFacts::Stage::Loading;
    loading[1].stage = ItemFacts::Stage::Loading;
    QList<TrayItem> fiveTwoFailed = tray(5);
    fiveTwoFailed[0].stage = ItemFacts::Stage::Failed;
    fiveTwoFailed[4].stage = ItemFacts::Stage::Failed;

    QTest::newRow("empty tray") << QList<TrayItem>{} << QList<quint64>{}
                                << QStringLiteral("Add 2 to 4 images");
    QTest::newRow("one image") << tray(1) << QList<quint64>{}
                               << QStringLiteral("Add another image");
    QTest::newRow("two") << tray(2) << QList<quint64>{} << QString();
    QTest::newRow("four") << tray(4) << QList<quint64>{} << QString();
    QTest::newRow("seven, none selected")
        << tray(7) << QList<quint64>{}
        << QStringLiteral("The tray holds 7 images: select the 2 to 4");
    QTest::newRow("seven, one selected")
        << tray(7) << QList<quint64>{3} << QStringLiteral("One image is selected");
    QTest::newRow("seven, three selected") << tray(7) << QList<quint64>{1, 3, 7} << QString();
    QTest::newRow("seven, five selected") << tray(7) << QList<quint64>{1, 2, 3, 4, 5}
                                          << QStringLiteral("5 images are selected: select 2 to 4");
    QTest::newRow("one of two unreadable")
        << oneFailed << QList<quint64>{}
        << QStringLiteral("Only 1 of the 2 images in the tray could be read");
    QTest::newRow("selected one unreadable")
        << oneFailed << QList<quint64>{1, 2}
        << QStringLiteral("Only 1 of the 2 selected images could be read");
    QTest::newRow("still loading")
        << loading << QList<quint64>{} << QStringLiteral("Wait until the images have loaded");
    QTest::newRow("five, three readable") << fiveTwoFailed << QList<quint64>{} << QString();
}

void TestAppController::compareSelectionSaysWhatToSelect()
{
    QFETCH(QList<TrayItem>, items);
    QFETCH(QList<quint64>, selected);
    QFETCH(QString, says);
    const QString problem = compareSelectionProblem(items, selected);
    if (says.isEmpty()) {
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        const qsizetype n = compareCandidates(items, selected).size();
        QVERIFY(n >= 2 && n <= 4);
    } else {
        QVERIFY2(problem.startsWith(says), qPrintable(problem));
    }
}

void TestAppController::modelsToCompare_data()
{
    QTest::addColumn<QString>("current");
    QTest::addColumn<QStringList>("previous");
    QTest::addColumn<QStringList>("offered");
    QTest::addColumn<QStringList>("expected");
    const QString a = QStringLiteral("gpt-4o"), b = QStringLiteral("gpt-4.1"),
                  c = QStringLiteral("o4-mini"), d = QStringLiteral("gpt-5");
    QTest::newRow("first time: the current and the next offered")
        << a << QStringList{} << QStringList{a, b, c} << QStringList{a, b};
    QTest::newRow("the last comparison's models stay")
        << a << QStringList{c, d} << QStringList{b} << QStringList{a, c, d};
    QTest::newRow("at most three")
        << a << QStringList{b, c, d} << QStringList{} << QStringList{a, b, c};
    QTest::newRow("the current model once")
        << a << QStringList{a, c} << QStringList{a, b} << QStringList{a, c};
    QTest::newRow("nothing offered") << a << QStringList{} << QStringList{} << QStringList{a};
    QTest::newRow("no current model")
        << QString() << QStringList{} << QStringList{b, c, d} << QStringList{b, c};
}

void TestAppController::modelsToCompare()
{
    QFETCH(QString, current);
    QFETCH(QStringList, previous);
    QFETCH(QStringList, offered);
    QFETCH(QStringList, expected);
    QCOMPARE(squint::modelsToCompare(current, previous, offered), expected);
}

void TestAppController::fileNamesAndInputs()
{
    QCOMPARE(fileNameForConversation(QStringLiteral("What: is <this>?")),
             QStringLiteral("What is this"));
    QCOMPARE(fileNameForConversation(QStringLiteral("a/b\\c")), QStringLiteral("a b c"));
    QCOMPARE(fileNameForConversation(QStringLiteral(" /// ")), QStringLiteral("conversation"));
    const QList<QUrl> urls = inputUrls(
        {QStringLiteral("/tmp/a photo.jpg"), QStringLiteral("https://example.com/b.png")});
    QCOMPARE(urls.size(), 2);
    QVERIFY(urls.at(0).isLocalFile());
    QCOMPARE(urls.at(0).toLocalFile(), QStringLiteral("/tmp/a photo.jpg"));
    QCOMPARE(urls.at(1), QUrl(QStringLiteral("https://example.com/b.png")));
}

// ------------------------------------------------------------------------------------------------
// Busy or no connection

void TestAppController::withoutAConnectionNothingCanBeAsked()
{
    Rig rig;
    CHECKED(rig.start(false));
    AppController &app = *rig.app;
    const QString rule = busyOrNoConnection(false, {});
    QVERIFY(!rule.isEmpty());
    QCOMPARE(app.askBlocker(), rule);
    app.composer()->setPrompt(QStringLiteral("Is anyone there?"));
    QTRY_VERIFY(app.composer()->evaluation().canSend);
    QCOMPARE(app.sendBlocker(), rule);
    // Send says it, and keeps what was typed.
    QSignalSpy messages(&app, &AppController::message);
    QVERIFY(!app.send());
    QCOMPARE(said(messages, Level::Info).size(), 1);
    QVERIFY(said(messages, Level::Info).constFirst().endsWith(rule));
    QCOMPARE(app.composer()->prompt(), QStringLiteral("Is anyone there?"));
    // Compare Models follows the same rule.
    ModelComparison *comparison = app.setUpModelComparison({QStringLiteral("gpt-4.1")});
    QCOMPARE(comparison->startBlocker(), rule);
}

void TestAppController::whileAnsweringTheSameRuleSaysWait()
{
    FakeChatEndpoint ep(Backend::OpenAI);
    ep.setAnswer(QStringLiteral("one two three four five six seven eight nine ten"));
    ep.setCharsPerChunk(4);
    ep.setChunkDelayMs(60);
    Rig rig;
    CHECKED(rig.start(false, ep.chatUrl()));
    AppController &app = *rig.app;
    QVERIFY(app.askBlocker().isEmpty());
    QSignalSpy state(&app, &AppController::askStateChanged);
    app.composer()->setPrompt(QStringLiteral("Count to ten"));
    QTRY_VERIFY(app.sendBlocker().isEmpty());
    QVERIFY(app.send());
    QVERIFY(app.session()->isBusy());
    QVERIFY(!state.isEmpty());
    const QString rule = busyOrNoConnection(true, app.session()->target());
    QCOMPARE(app.askBlocker(), rule);
    QCOMPARE(app.sendBlocker(), rule);
    // Retry and Continue With say the same.
    QSignalSpy messages(&app, &AppController::message);
    QVERIFY(!app.retry(app.session()->conversation()->at(0).id));
    QCOMPARE(said(messages, Level::Info), QStringList{rule});
    QTRY_VERIFY_WITH_TIMEOUT(!app.session()->isBusy(), Wait);
    QVERIFY(app.askBlocker().isEmpty());
}

// ------------------------------------------------------------------------------------------------
// Connections

void TestAppController::aConnectionsTargetReachesTheSessionAndTheComparison()
{
    FakeChatEndpoint ep(Backend::OpenAI);
    ep.setToken(OpenAIKey);
    Rig rig;
    CHECKED(rig.start(false,
                      {},
                      {{QStringLiteral("OPENAI_API_KEY"), QString::fromLatin1(OpenAIKey)},
                       {QStringLiteral("OPENAI_BASE_URL"), ep.baseUrl().toString()}}));
    AppController &app = *rig.app;
    QTRY_VERIFY_WITH_TIMEOUT(app.session()->target().isValid(), Wait);
    QCOMPARE(app.session()->target().chatUrl, ep.chatUrl());
    QVERIFY(app.session()->target().token == OpenAIKey);
    QVERIFY(app.askBlocker().isEmpty());
    // A comparison made now asks the same connection.
    ModelComparison *comparison = app.setUpModelComparison({QStringLiteral("gpt-4.1")});
    QCOMPARE(comparison->target().chatUrl, ep.chatUrl());

    // A connection that can't be used becomes current (its token was never stored): the session and
    // the comparison have nowhere to send, and the manager's reason is said.
    QSignalSpy failed(app.connections(), &ConnectionManager::targetFailed);
    QSignalSpy messages(&app, &AppController::message);
    Connection tokenless;
    tokenless.kind = Connection::Kind::Compatible;
    tokenless.name = QStringLiteral("No token yet");
    tokenless.baseUrl = ep.baseUrl().toString();
    tokenless.tokenSource = Connection::TokenSource::Keychain;
    app.connections()->save(tokenless, {}, true);
    QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, Wait);
    QVERIFY(!app.session()->target().isValid());
    QVERIFY(!comparison->target().isValid());
    QVERIFY(said(messages, Level::Warning).contains(failed.constFirst().at(0).toString()));
    QCOMPARE(app.askBlocker(), busyOrNoConnection(false, ChatTarget()));
}

void TestAppController::aRefusedOAuthTokenIsRenewedAndTheTurnAskedAgainOnce()
{
    // A service principal's workspace: short-lived tokens from its OIDC endpoint; the chat endpoint
    // takes only the newest.
    const QByteArray clientId = "0c5a1d2e-7b7e-4c1d-9a53-4bb5a7f7a001";
    const QByteArray secret = "app-controller-sp-secret-7777";
    FakeChatEndpoint workspace(Backend::Databricks);
    FakeOidcEndpoint oidc(workspace.server(), clientId, secret, [&workspace](const QByteArray &t) {
        workspace.setToken(t);
    });
    Rig rig;
    CHECKED(rig.start(false,
                      {},
                      {{QStringLiteral("DATABRICKS_HOST"), workspace.baseUrl().toString()},
                       {QStringLiteral("DATABRICKS_CLIENT_ID"), QString::fromLatin1(clientId)},
                       {QStringLiteral("DATABRICKS_CLIENT_SECRET"), QString::fromLatin1(secret)}}));
    AppController &app = *rig.app;
    QTRY_VERIFY_WITH_TIMEOUT(app.session()->target().token == FakeOidcEndpoint::tokenNumber(1),
                             Wait);
    // The models listed first (with the first token): a list refused later would renew it too.
    QTRY_VERIFY_WITH_TIMEOUT(rig.modelLists > 0, Wait);
    app.composer()->setModelName(QStringLiteral("databricks-claude-sonnet-4-5"));
    QSignalSpy failed(&app, &AppController::turnFailed);

    workspace.setToken("revoked-by-the-workspace");
    CHECKED(rig.ask(QStringLiteral("Still there?")));
    QTRY_VERIFY_WITH_TIMEOUT(app.session()->conversation()->at(0).state == Turn::State::Done, Wait);
    QCOMPARE(oidc.issuedCount(), 2);
    QCOMPARE(workspace.chatRequests().size(), 2);
    QVERIFY(failed.isEmpty()); // asked again, not a failure to tell
    // Refused again later: the next turn gets the same one renewal.
    workspace.setToken("revoked-again");
    CHECKED(rig.ask(QStringLiteral("And now?")));
    QTRY_VERIFY_WITH_TIMEOUT(app.session()->conversation()->at(1).state == Turn::State::Done, Wait);
    QCOMPARE(oidc.issuedCount(), 3);
}

void TestAppController::aBatchRenewerSaysWhenSquintIsClosing()
{
    Rig rig;
    CHECKED(rig.start(false));
    ChatTarget target;
    target.chatUrl = QUrl(QStringLiteral("https://example.com/v1/chat/completions"));
    const BatchJob::TokenRenewer renew = rig.app->batchTokenRenewer(target);
    // Not the current connection's target: no token, and why.
    QString error;
    bool answered = false;
    renew([&](const QByteArray &token, const QString &why) {
        answered = true;
        QVERIFY(token.isEmpty());
        error = why;
    });
    QTRY_VERIFY(answered);
    QVERIFY(!error.isEmpty());
    // The application is gone before the batch asks: it is told so at once.
    rig.app.reset();
    answered = false;
    renew([&](const QByteArray &token, const QString &why) {
        answered = true;
        QVERIFY(token.isEmpty());
        error = why;
    });
    QVERIFY(answered);
    QVERIFY2(error.contains(QLatin1String("closing")), qPrintable(error));
}

void TestAppController::listedModelsAreAskedAboutTheirEyes()
{
    FakeChatEndpoint ep(Backend::Ollama);
    const QString seeing = QStringLiteral("llava:latest"), blind = QStringLiteral("llama3.2:3b");
    ep.setModels({seeing, blind});
    routeOllamaShow(ep.server(),
                    {{seeing, {QStringLiteral("completion"), QStringLiteral("vision")}},
                     {blind, {QStringLiteral("completion"), QStringLiteral("tools")}}});
    Rig rig;
    CHECKED(rig.start(false, {}, {}, ep.baseUrl())); // an Ollama found on this computer
    AppController &app = *rig.app;
    // Watched from now on: the list is asked for again, the marks follow it.
    QHash<QString, VisionCapability> known;
    QObject::connect(&app,
                     &AppController::visionKnown,
                     &app,
                     [&](const QString &model, const VisionCapability &c) {
                         known.insert(model, c);
                     });
    QSignalSpy remote(&app, &AppController::remoteModelsChanged);
    QTRY_VERIFY_WITH_TIMEOUT(app.connections()->isTargetReady(), Wait);
    app.connections()->refreshModels();
    QTRY_VERIFY_WITH_TIMEOUT(known.value(blind).vision == VisionCapability::Vision::Refuses, Wait);
    QTRY_COMPARE_WITH_TIMEOUT(known.value(seeing).vision, VisionCapability::Vision::Sees, Wait);
    QVERIFY(!remote.isEmpty());
    QVERIFY(ep.chatRequests().isEmpty()); // asking the server sends no image
    // The blind model becomes current: the composer blocks images for it.
    app.composer()->setModelName(blind);
    app.composer()->addEncoded(photoPng(QSize(64, 48)),
                               QStringLiteral("photo.png"),
                               QStringLiteral("test"));
    app.composer()->setPrompt(QStringLiteral("What is this?"));
    QTRY_VERIFY_WITH_TIMEOUT(app.composer()->evaluation().blocker.contains(
                                 QLatin1String("cannot see images")),
                             Wait);
    QVERIFY(!app.sendBlocker().isEmpty());
    app.composer()->setModelName(seeing);
    QTRY_VERIFY_WITH_TIMEOUT(app.composer()->evaluation().canSend, Wait);
    // Test Vision says what it does.
    QSignalSpy messages(&app, &AppController::message);
    app.testVision(seeing);
    QCOMPARE(said(messages, Level::Info).size(), 1);
    QVERIFY(said(messages, Level::Info).constFirst().contains(seeing));
}

// ------------------------------------------------------------------------------------------------
// Comparing models

void TestAppController::aComparisonStartsWithTheCurrentModelAndKeepsItsAnswers()
{
    FakeChatEndpoint ep(Backend::OpenAI);
    Rig rig;
    CHECKED(rig.start(false, ep.chatUrl()));
    AppController &app = *rig.app;
    QVERIFY(!app.modelComparison());
    app.composer()->setPrompt(QStringLiteral("Which is sharper?"));
    const QStringList offered{QStringLiteral("gpt-4o"),
                              QStringLiteral("gpt-4.1"),
                              QStringLiteral("o4-mini")};
    ModelComparison *comparison = app.setUpModelComparison(offered);
    QCOMPARE(app.modelComparison(), comparison);
    QCOMPARE(comparison->models(),
             (QStringList{QStringLiteral("gpt-4o"), QStringLiteral("gpt-4.1")}));
    QCOMPARE(comparison->prompt(), QStringLiteral("Which is sharper?"));
    QCOMPARE(comparison->target().chatUrl, ep.chatUrl());
    QVERIFY(comparison->startBlocker().isEmpty());
    QCOMPARE(comparison->start(), 2);
    QTRY_VERIFY_WITH_TIMEOUT(!comparison->isRunning(), Wait);
    QCOMPARE(comparison->column(1).turn.state, Turn::State::Done);

    // Opened again with the same prompt and tray: the answers are kept.
    QCOMPARE(app.setUpModelComparison(offered), comparison);
    QCOMPARE(comparison->column(1).turn.state, Turn::State::Done);
    // Another model chosen and another prompt: a new comparison, the last one's models kept.
    comparison->addModel(QStringLiteral("o4-mini"));
    app.composer()->setModelName(QStringLiteral("gpt-4.1"));
    app.composer()->setPrompt(QStringLiteral("Which is brighter?"));
    app.setUpModelComparison(offered);
    QCOMPARE(comparison->models(),
             (QStringList{QStringLiteral("gpt-4.1"),
                          QStringLiteral("gpt-4o"),
                          QStringLiteral("o4-mini")}));
    QVERIFY(!comparison->column(1).started);

    // Continue With: the column's answer joins the conversation and its model becomes current.
    QCOMPARE(comparison->start(), 3);
    QTRY_VERIFY_WITH_TIMEOUT(!comparison->isRunning(), Wait);
    QVERIFY(app.continueWithModel(2));
    QCOMPARE(app.composer()->modelName(), QStringLiteral("o4-mini"));
    QCOMPARE(app.session()->conversation()->count(), 1);
    QCOMPARE(app.session()->conversation()->at(0).model, QStringLiteral("o4-mini"));
}

// ------------------------------------------------------------------------------------------------
// The history

void TestAppController::theLastConversationOpensAgainAtStart()
{
    FakeChatEndpoint ep(Backend::OpenAI);
    Rig rig;
    CHECKED(rig.start(true, ep.chatUrl()));
    const qint64 older = rig.askSaved(QStringLiteral("Older one"));
    rig.app->session()->newConversation();
    const qint64 last = rig.askSaved(QStringLiteral("Where I left off"));
    QVERIFY(older > 0 && last > 0 && older != last);
    QCOMPARE(rig.app->settings()->lastConversation(), last);

    CHECKED(rig.start(true, ep.chatUrl())); // Squint started again
    QTRY_COMPARE_WITH_TIMEOUT(rig.app->session()->storeId(), last, Wait);
    QCOMPARE(rig.app->session()->conversation()->at(0).prompt, QStringLiteral("Where I left off"));
    QCOMPARE(rig.app->loadingId(), 0);
}

void TestAppController::aLastConversationThatIsGoneSaysNothing()
{
    Rig rig;
    {
        Settings settings(rig.dir.filePath(QStringLiteral("squint.ini")));
        settings.setLastConversation(4242); // never saved, or deleted since
    }
    // Connected before the history opens: everything it says is caught.
    AppSetup setup;
    setup.settingsFile = rig.dir.filePath(QStringLiteral("squint.ini"));
    setup.secrets = &rig.secrets;
    setup.environment = {{}, rig.dir.filePath(QStringLiteral("home")), &readSmallFile};
    AppController app(std::move(setup));
    QSignalSpy messages(&app, &AppController::message);
    QSignalSpy loaded(app.history(), &History::loaded);
    app.openHistory(rig.historyPath());
    QVERIFY(loaded.wait(Wait));
    QCOMPARE(app.loadingId(), 0);
    QCOMPARE(app.session()->storeId(), 0);
    QVERIFY2(messages.isEmpty(),
             qPrintable(messages.isEmpty() ? QString() : messages.constFirst().at(1).toString()));

    // Asked for by the user, the same missing conversation is news.
    app.openConversation(4242);
    QCOMPARE(app.loadingId(), 4242);
    QVERIFY(loaded.wait(Wait));
    QCOMPARE(said(messages, Level::Warning).size(), 1);
    QVERIFY(said(messages, Level::Warning)
                .constFirst()
                .startsWith(QLatin1String("Couldn't open the conversation")));
}

void TestAppController::openingAnotherReplacesOneStillLoading()
{
    FakeChatEndpoint ep(Backend::OpenAI);
    Rig rig;
    CHECKED(rig.start(true, ep.chatUrl()));
    AppController &app = *rig.app;
    const qint64 a = rig.askSaved(QStringLiteral("First conversation"));
    app.session()->newConversation();
    const qint64 b = rig.askSaved(QStringLiteral("Second conversation"));
    app.session()->newConversation();
    QVERIFY(a > 0 && b > 0);

    QSignalSpy shown(app.session(), &ChatSession::storeIdChanged);
    QSignalSpy loaded(app.history(), &History::loaded);
    app.openConversation(a);
    app.openConversation(b); // before a arrived
    QCOMPARE(app.loadingId(), b);
    QTRY_COMPARE_WITH_TIMEOUT(loaded.size(), 2, Wait);
    QCOMPARE(app.session()->storeId(), b);
    QCOMPARE(shown.size(), 1); // a was never shown
    QCOMPARE(shown.constFirst().at(0).toLongLong(), b);

    // Already shown, with a turn to show: no reading, just the turn.
    QSignalSpy turn(&app, &AppController::turnToShow);
    app.openConversation(b, 0, QStringLiteral("Second"));
    QCOMPARE(turn.size(), 1);
    QCOMPARE(turn.constFirst().at(1).toString(), QStringLiteral("Second"));
    QCOMPARE(app.loadingId(), 0);
}

void TestAppController::openingWhileAnsweringStopsTheAnswerAndSaysSo()
{
    FakeChatEndpoint ep(Backend::OpenAI);
    Rig rig;
    CHECKED(rig.start(true, ep.chatUrl()));
    AppController &app = *rig.app;
    const qint64 other = rig.askSaved(QStringLiteral("Another one"));
    app.session()->newConversation();
    QString slow;
    for (int i = 0; i < 60; ++i)
        slow += QStringLiteral("word%1 ").arg(i);
    ep.setAnswer(slow);
    ep.setCharsPerChunk(6);
    ep.setChunkDelayMs(60);
    app.composer()->setPrompt(QStringLiteral("Count slowly"));
    QTRY_VERIFY(app.sendBlocker().isEmpty());
    QVERIFY(app.send());
    QTRY_VERIFY_WITH_TIMEOUT(!app.session()->conversation()->at(0).answer.isEmpty(), Wait);
    QVERIFY2(app.session()->isBusy(), "the answer ended too soon for this test");

    QSignalSpy messages(&app, &AppController::message);
    app.openConversation(other);
    QTRY_COMPARE_WITH_TIMEOUT(app.session()->storeId(), other, Wait);
    QVERIFY(!app.session()->isBusy());
    QCOMPARE(said(messages, Level::Info).size(), 1);
    QVERIFY2(said(messages, Level::Info)
                 .constFirst()
                 .contains(QLatin1String("was stopped to open another conversation")),
             qPrintable(said(messages, Level::Info).constFirst()));
}

void TestAppController::deletingTheShownConversationCanBeUndone()
{
    FakeChatEndpoint ep(Backend::OpenAI);
    Rig rig;
    CHECKED(rig.start(true, ep.chatUrl()));
    AppController &app = *rig.app;
    const qint64 id = rig.askSaved(QStringLiteral("Soon deleted"));
    const QString text = app.deleteConversation(id, QStringLiteral("Soon deleted"));
    QCOMPARE(text, QStringLiteral("Deleted “Soon deleted”."));
    QCOMPARE(app.session()->storeId(), 0); // a new conversation in its place
    QCOMPARE(app.session()->conversation()->count(), 0);
    app.restoreConversation(id);
    QTRY_COMPARE_WITH_TIMEOUT(app.session()->storeId(), id, Wait);
    QCOMPARE(app.session()->conversation()->at(0).prompt, QStringLiteral("Soon deleted"));
    // Only once: a second undo does nothing.
    app.restoreConversation(id);
    QCOMPARE(app.loadingId(), 0);
}

void TestAppController::saveAsSaysWhyWhenThereIsNothingToSave()
{
    FakeChatEndpoint ep(Backend::OpenAI);
    {
        Rig rig; // nothing is saved at all
        CHECKED(rig.start(false, ep.chatUrl()));
        QVERIFY(!rig.app->saveProblem().isEmpty());
        QVERIFY(!rig.app->renameProblem(true).isEmpty());
    }
    Rig rig;
    CHECKED(rig.start(true, ep.chatUrl()));
    AppController &app = *rig.app;
    QSignalSpy messages(&app, &AppController::message);
    const QString path = rig.dir.filePath(QStringLiteral("out.json"));
    QVERIFY(!app.saveConversationAs(path, TranscriptFormat::Json));
    QCOMPARE(said(messages, Level::Info), QStringList{app.saveProblem()});
    QVERIFY(app.saveProblem().startsWith(QLatin1String("Nothing to save yet")));
    QVERIFY(!app.renameProblem(false).isEmpty());
    QVERIFY(app.renameProblem(true).isEmpty());

    CHECKED(rig.askSaved(QStringLiteral("Worth keeping")));
    QVERIFY(app.saveProblem().isEmpty());
    QSignalSpy exported(app.history(), &History::exported);
    QVERIFY(app.saveConversationAs(path, TranscriptFormat::Json));
    QVERIFY(exported.wait(Wait));
    QVERIFY(exported.constFirst().at(0).toBool());
    QVERIFY(QFileInfo(path).size() > 0);
    QTRY_VERIFY(said(messages, Level::Info).constLast().startsWith(QLatin1String("Saved ")));
}

// ------------------------------------------------------------------------------------------------
// Comparing a turn's images

void TestAppController::aTurnsImagesBecomeFilesOffTheGuiThread()
{
    Rig rig;
    CHECKED(rig.start(false));
    AppController &app = *rig.app;
    // A turn read back from the history: its images only as the bytes sent.
    Turn turn;
    turn.prompt = QStringLiteral("Two pictures");
    turn.state = Turn::State::Done;
    for (int i = 0; i < 2; ++i) {
        TurnImage image;
        image.name = QStringLiteral("picture-%1.png").arg(i);
        image.mime = QStringLiteral("image/png");
        image.data = photoPng(QSize(40 + i, 30), quint32(i + 1));
        image.sentPath = QStringLiteral("/nonexistent/sent-%1.png").arg(i);
        turn.images << image;
    }
    app.session()->conversation()->append(turn);
    const Turn &added = app.session()->conversation()->at(0);
    QSignalSpy ready(&app, &AppController::turnImagesReady);
    app.compareTurnImages(added.id);
    QVERIFY(ready.wait(Wait));
    const TurnComparison c = ready.constFirst().at(0).value<TurnComparison>();
    QCOMPARE(c.turnId, added.id);
    QCOMPARE(c.names,
             (QStringList{QStringLiteral("picture-0.png"), QStringLiteral("picture-1.png")}));
    QCOMPARE(c.paths.size(), 2);
    for (int i = 0; i < 2; ++i) {
        QFile f(c.paths.at(i));
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), added.images.at(i).data);
    }

    // One image is not a comparison: it says so instead of opening nothing.
    Turn single = turn;
    single.images.removeLast();
    app.session()->conversation()->append(single);
    QSignalSpy messages(&app, &AppController::message);
    app.compareTurnImages(app.session()->conversation()->at(1).id);
    QCOMPARE(said(messages, Level::Info).size(), 1);
    QVERIFY(said(messages, Level::Info).constFirst().contains(QLatin1String("2 to 4")));
    QTest::qWait(0);
    QCOMPARE(ready.size(), 1);
}

QTEST_MAIN(TestAppController)
#include "tst_appcontroller.moc"
