// GUI test of the history in the window: a real ChatSession talking to the loopback fake endpoint,
// a real History (SQLite in a temporary folder, on its own thread), the real MainWindow and its
// conversation list, driven by keys and clicks. Runs on QT_QPA_PLATFORM=offscreen.
#include "appharness.h"
#include "checked.h"
#include "core/catalog/catalog.h"
#include "core/chat/chatsession.h"
#include "core/compose/composer.h"
#include "core/compose/traymodel.h"
#include "core/history/conversationstore.h"
#include "core/history/history.h"
#include "core/history/historymodels.h"
#include "core/history/transcript.h"
#include "core/util/settings.h"
#include "fakeendpoint.h"
#include "ui/chat/chatview.h"
#include "ui/chat/promptedit.h"
#include "ui/history/historypanel.h"
#include "ui/mainwindow.h"
#include "ui/messagebar.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QNetworkAccessManager>
#include <QPushButton>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QToolButton>
#include <QHelpEvent>
#include <QTextDocument>
#include <QToolTip>
#include <QtTest>

#include <memory>

using namespace squint;

namespace {
constexpr int Timeout = 30000; // generous: CI runs this under sanitizers too
const QString Sonnet = QStringLiteral("databricks-claude-sonnet-4-5");
} // namespace

class TestHistoryWindow final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void panelWidgetsHaveNames();
    void storeLivesOffTheGuiThread();
    void askedTurnsAreSavedAndListed();
    void streamingAnswerIsSavedAsItGrows();
    void openingFromTheListShowsTheTurnsAndContinuesThem();
    void searchHighlightsAndOpensAtTheTurn();
    void deleteCanBeUndone();
    void renameWithF2();
    void hostileTitleShowsLiterally();
    void saveAsWritesEveryFormat();
    void importAddsAndOpens_data();
    void importAddsAndOpens();
    void reopensTheLastConversationAtStart();
    void damagedHistoryIsSetAsideWithAMessage();

private:
    void start();  ///< starts Squint on m_dir (settings and history)
    void stop();   ///< tears them down (History runs what is queued)
    void ask(const QString &prompt, int images = 0);
    QString chatText() const { return m_window->chatView()->toPlainText(); }
    QListView *list() const { return m_window->historyPanel()->listView(); }
    int listed() const { return m_window->historyPanel()->listModel()->rowCount(); }
    /// Reads the store file directly, on this thread (WAL: a reader beside the writer).
    template<typename F> void withStore(F &&f)
    {
        m_history->flush();
        ConversationStore store;
        QVERIFY2(store.open(m_dbPath), qPrintable(store.lastError()));
        f(store);
    }

    QTemporaryDir m_files;
    QStringList m_images;
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_dbPath;
    std::unique_ptr<test::FakeChatEndpoint> m_endpoint;
    std::unique_ptr<test::AppHarness> m_app;
    // Parts of m_app.
    Settings *m_settings = nullptr;
    Composer *m_composer = nullptr;
    History *m_history = nullptr;
    ChatSession *m_session = nullptr;
    MainWindow *m_window = nullptr;
};

void TestHistoryWindow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QLocale::setDefault(QLocale::c());
    QVERIFY(m_files.isValid());
    for (int i = 0; i < 3; ++i) {
        QImage img(320, 200, QImage::Format_RGB32);
        img.fill(QColor::fromHsv(i * 90, 200, 220));
        const QString path = m_files.filePath(QStringLiteral("picture-%1.png").arg(i));
        QVERIFY(img.save(path, "PNG"));
        m_images << path;
    }
}

void TestHistoryWindow::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_endpoint = std::make_unique<test::FakeChatEndpoint>(test::Backend::OpenAI);
    m_endpoint->setAnswer(QStringLiteral("A **pale** rectangle, nothing else."));
    CHECKED(start());
}

void TestHistoryWindow::start()
{
    test::AppHarness::Options options;
    options.history = true;
    options.chatUrl = m_endpoint->chatUrl();
    m_app = std::make_unique<test::AppHarness>(m_dir->path(), options);
    m_dbPath = m_app->historyPath();
    m_settings = m_app->settings();
    m_composer = m_app->composer();
    m_history = m_app->history();
    m_session = m_app->session();
    m_window = m_app->window();
    m_composer->setModelName(Sonnet);
    QVERIFY(m_app->showWindow());
    QVERIFY(m_app->historyOpened());
    QVERIFY(m_history->isOpen());
}

void TestHistoryWindow::stop()
{
    m_window = nullptr;
    m_session = nullptr;
    m_history = nullptr;
    m_composer = nullptr;
    m_settings = nullptr;
    m_app.reset(); // the history runs what is still queued
}

void TestHistoryWindow::cleanup()
{
    stop();
    m_endpoint.reset();
    m_dir.reset();
}

void TestHistoryWindow::ask(const QString &prompt, int images)
{
    QList<QUrl> urls;
    for (int i = 0; i < images; ++i)
        urls << QUrl::fromLocalFile(m_images.at(i));
    if (!urls.isEmpty()) {
        m_composer->addUrls(urls);
        QTRY_COMPARE_WITH_TIMEOUT(m_composer->evaluation().items.size(), qsizetype(images), Timeout);
        QTRY_VERIFY_WITH_TIMEOUT(!m_composer->isBusy(), Timeout);
    }
    auto *edit = m_window->findChild<PromptEdit *>(QStringLiteral("promptEdit"));
    QVERIFY(edit);
    edit->setPlainText(prompt);
    auto *send = m_window->findChild<QPushButton *>(QStringLiteral("sendButton"));
    QTRY_VERIFY_WITH_TIMEOUT(send->isEnabled(), Timeout);
    const int before = m_session->conversation()->count();
    QTest::mouseClick(send, Qt::LeftButton);
    QTRY_COMPARE(m_session->conversation()->count(), before + 1);
    QTRY_VERIFY_WITH_TIMEOUT(!m_session->isBusy(), Timeout);
    QCOMPARE(m_session->conversation()->at(before).state, Turn::State::Done);
}

// ------------------------------------------------------------------------------------------------

void TestHistoryWindow::panelWidgetsHaveNames()
{
    HistoryPanel *panel = m_window->historyPanel();
    QVERIFY(panel && panel->isVisible());
    for (QWidget *w : panel->findChildren<QWidget *>()) {
        const bool control = qobject_cast<QAbstractItemView *>(w) || qobject_cast<QAbstractButton *>(w)
                             || qobject_cast<QLineEdit *>(w);
        if (!control || w->parentWidget() == nullptr || w->objectName().startsWith(QLatin1String("qt_"))
            || w->inherits("QLineEditIconButton"))
            continue;
        QVERIFY2(!w->objectName().isEmpty(), w->metaObject()->className());
        QVERIFY2(!w->accessibleName().isEmpty(), qPrintable(w->objectName()));
    }
    for (const char *name : {"historySearch", "conversationList", "searchHitList", "historyNewButton", "historyDeleteButton"})
        QVERIFY2(panel->findChild<QWidget *>(QLatin1String(name)), name);
    // Nothing saved yet: the list says what it is for.
    auto *status = panel->findChild<QLabel *>(QStringLiteral("historyStatusLabel"));
    QVERIFY(status && status->isVisible() && !status->text().isEmpty());
}

void TestHistoryWindow::storeLivesOffTheGuiThread()
{
    // The history's SQLite connection was made on its own thread: from this one it can't be used.
    QStringList names;
    for (const QString &name : QSqlDatabase::connectionNames()) {
        if (name.startsWith(QLatin1String("squint-store-")))
            names << name;
    }
    QCOMPARE(names.size(), 1);
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("does not belong to the calling thread")));
    QVERIFY(!QSqlDatabase::database(names.constFirst(), false).isValid());
}

void TestHistoryWindow::askedTurnsAreSavedAndListed()
{
    CHECKED(ask(QStringLiteral("What colour is this rectangle?"), 2));
    QTRY_COMPARE(listed(), 1);
    const QString title = list()->model()->index(0, 0).data().toString();
    QCOMPARE(title, QStringLiteral("What colour is this rectangle?"));
    QCOMPARE(m_window->windowTitle(), QStringLiteral("What colour is this rectangle? — Squint"));
    QVERIFY(m_session->storeId() > 0);
    QCOMPARE(m_window->historyPanel()->currentId(), m_session->storeId());
    QTRY_VERIFY(list()->selectionModel()->isSelected(list()->model()->index(0, 0)));

    withStore([&](ConversationStore &store) {
        const QList<Turn> turns = store.loadTurns(m_session->storeId());
        QCOMPARE(turns.size(), 1);
        QCOMPARE(turns.at(0).state, Turn::State::Done);
        QCOMPARE(turns.at(0).answer, m_endpoint->answer());
        QCOMPARE(turns.at(0).model, Sonnet);
        QCOMPARE(turns.at(0).images.size(), 2);
        QFile original(m_images.at(0));
        QVERIFY(original.open(QIODevice::ReadOnly));
        // The bytes sent are stored (these PNGs go as they are).
        QCOMPARE(turns.at(0).images.at(0).data, original.readAll());
    });

    // A follow-up goes into the same conversation; Save As becomes possible.
    CHECKED(ask(QStringLiteral("And the second one?")));
    QVERIFY(m_window->findChild<QAction *>(QStringLiteral("saveConversationAsAction"))->isEnabled());
    withStore([&](ConversationStore &store) {
        QCOMPARE(store.listConversations().size(), 1);
        QCOMPARE(store.loadTurns(m_session->storeId()).size(), 2);
    });
}

void TestHistoryWindow::streamingAnswerIsSavedAsItGrows()
{
    QString answer;
    for (int i = 0; i < 80; ++i)
        answer += QStringLiteral("word%1 ").arg(i);
    m_endpoint->setAnswer(answer);
    m_endpoint->setCharsPerChunk(8);
    m_endpoint->setChunkDelayMs(50); // about 4 s in all
    auto *edit = m_window->findChild<PromptEdit *>(QStringLiteral("promptEdit"));
    edit->setPlainText(QStringLiteral("Count slowly"));
    auto *send = m_window->findChild<QPushButton *>(QStringLiteral("sendButton"));
    QTRY_VERIFY_WITH_TIMEOUT(send->isEnabled(), Timeout);
    QTest::mouseClick(send, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(m_session->conversation()->count() == 1
                                 && m_session->conversation()->at(0).answer.size() > 60, Timeout);
    QTest::qWait(ChatSession::ProgressIntervalMs + 300);
    QVERIFY2(m_session->isBusy(), "the answer ended too soon for this test");
    const QString shown = m_session->conversation()->at(0).answer;
    QString saved;
    QString state;
    withStore([&](ConversationStore &store) {
        const QSqlDatabase db = QSqlDatabase::database(store.connectionName());
        QSqlQuery q(db);
        QVERIFY(q.exec(QStringLiteral("SELECT answer, state FROM turns")) && q.next());
        saved = q.value(0).toString();
        state = q.value(1).toString();
    });
    QCOMPARE(state, QStringLiteral("streaming"));
    QVERIFY2(!saved.isEmpty() && shown.startsWith(saved), qPrintable(saved));
    // At most about a second behind: 8 characters every 50 ms is 160 a second.
    QVERIFY2(shown.size() - saved.size() <= 2 * 160, qPrintable(QStringLiteral("%1 of %2").arg(saved.size()).arg(shown.size())));
    QTRY_VERIFY_WITH_TIMEOUT(!m_session->isBusy(), Timeout);
    withStore([&](ConversationStore &store) {
        const QList<Turn> turns = store.loadTurns(m_session->storeId());
        QCOMPARE(turns.size(), 1);
        QCOMPARE(turns.at(0).state, Turn::State::Done);
        QCOMPARE(turns.at(0).answer, answer);
    });
}

void TestHistoryWindow::openingFromTheListShowsTheTurnsAndContinuesThem()
{
    CHECKED(ask(QStringLiteral("First conversation about the blue picture"), 1));
    const qint64 first = m_session->storeId();
    QTest::keyClick(m_window, Qt::Key_N, Qt::ControlModifier); // New Conversation
    QTRY_COMPARE(m_session->conversation()->count(), 0);
    QCOMPARE(m_session->storeId(), 0);
    CHECKED(ask(QStringLiteral("Second conversation")));
    const qint64 second = m_session->storeId();
    QVERIFY(second > 0 && second != first);
    QTRY_COMPARE(listed(), 2);
    // Newest first.
    QCOMPARE(list()->model()->index(0, 0).data(ConversationListModel::IdRole).toLongLong(), second);

    // A prompt being typed survives opening another conversation.
    auto *edit = m_window->findChild<PromptEdit *>(QStringLiteral("promptEdit"));
    edit->setPlainText(QStringLiteral("half-typed"));
    const QRect r = list()->visualRect(list()->model()->index(1, 0));
    QTest::mouseClick(list()->viewport(), Qt::LeftButton, {}, r.center());
    QTRY_COMPARE_WITH_TIMEOUT(m_session->storeId(), first, Timeout);
    QCOMPARE(m_session->conversation()->count(), 1);
    QVERIFY(chatText().contains(QLatin1String("First conversation about the blue picture")));
    QVERIFY(!chatText().contains(QLatin1String("Second conversation")));
    QCOMPARE(edit->toPlainText(), QStringLiteral("half-typed"));
    // The image came back from the store with a thumbnail made off the GUI thread.
    const TurnImage &img = m_session->conversation()->at(0).images.at(0);
    QVERIFY(!img.thumbnail.isNull());
    QVERIFY(img.thumbnail.height() <= History::ThumbnailHeight);
    QVERIFY(!img.data.isEmpty());

    // Continuing it: the earlier image goes along as context, and the turn is saved into it.
    CHECKED(ask(QStringLiteral("Follow-up in the first")));
    const QJsonObject last = m_endpoint->requestBodies().constLast();
    QCOMPARE(last.value(QStringLiteral("messages")).toArray().size(), 3);
    withStore([&](ConversationStore &store) {
        QCOMPARE(store.loadTurns(first).size(), 2);
        QCOMPARE(store.loadTurns(second).size(), 1);
    });
    QTRY_COMPARE(list()->model()->index(0, 0).data(ConversationListModel::IdRole).toLongLong(), first);
}

void TestHistoryWindow::searchHighlightsAndOpensAtTheTurn()
{
    CHECKED(ask(QStringLiteral("Tell me about giraffes")));
    CHECKED(ask(QStringLiteral("Now about zebras")));
    CHECKED(ask(QStringLiteral("And penguins")));
    const qint64 id = m_session->storeId();
    m_window->findChild<QAction *>(QStringLiteral("newConversationAction"))->trigger();
    QTRY_COMPARE(m_session->conversation()->count(), 0);

    HistoryPanel *panel = m_window->historyPanel();
    m_window->findChild<QAction *>(QStringLiteral("searchConversationsAction"))->trigger();
    QTRY_VERIFY(panel->searchField()->hasFocus());
    QTest::keyClicks(panel->searchField(), QStringLiteral("zebr"));
    QTRY_COMPARE_WITH_TIMEOUT(panel->hitModel()->rowCount(), 1, Timeout);
    QVERIFY(panel->hitView()->isVisible());
    const QModelIndex hit = panel->hitModel()->index(0, 0);
    QCOMPARE(hit.data(SearchHitModel::PositionRole).toInt(), 1);
    QVERIFY2(hit.data(SearchHitModel::HtmlRole).toString().contains(QLatin1String("<b>zebras</b>")),
             qPrintable(hit.data(SearchHitModel::HtmlRole).toString()));

    QTest::keyClick(panel->searchField(), Qt::Key_Return);
    QTRY_COMPARE_WITH_TIMEOUT(m_session->storeId(), id, Timeout);
    QCOMPARE(m_session->conversation()->count(), 3);
    // The words are highlighted in the chat, in the turn that matched.
    const QList<QTextEdit::ExtraSelection> marks = m_window->chatView()->extraSelections();
    QVERIFY(!marks.isEmpty());
    QCOMPARE(marks.constFirst().cursor.selectedText().toLower(), QStringLiteral("zebr"));

    // Clearing the search brings the list back.
    QTest::keyClick(panel->searchField(), Qt::Key_Escape);
    QTRY_VERIFY(panel->listView()->isVisible());
    QTest::keyClicks(panel->searchField(), QStringLiteral("okapi"));
    QTRY_VERIFY(panel->hitView()->isVisible());
    QCOMPARE(panel->hitModel()->rowCount(), 0);
    QTRY_VERIFY(panel->findChild<QLabel *>(QStringLiteral("historyStatusLabel"))->text().contains(QLatin1String("okapi")));
}

void TestHistoryWindow::deleteCanBeUndone()
{
    CHECKED(ask(QStringLiteral("Keep me")));
    const qint64 kept = m_session->storeId();
    m_window->findChild<QAction *>(QStringLiteral("newConversationAction"))->trigger();
    CHECKED(ask(QStringLiteral("Delete me")));
    const qint64 doomed = m_session->storeId();
    QTRY_COMPARE(listed(), 2);

    // Delete the conversation shown: the chat starts afresh, the list drops it, Undo is offered.
    list()->setFocus();
    QTRY_COMPARE(list()->currentIndex().data(ConversationListModel::IdRole).toLongLong(), doomed);
    QTest::keyClick(list(), Qt::Key_Delete);
    QTRY_COMPARE(listed(), 1);
    QCOMPARE(m_session->conversation()->count(), 0);
    QVERIFY(m_window->messageBar()->messages().constFirst().contains(QLatin1String("Delete me")));
    withStore([&](ConversationStore &store) {
        QCOMPARE(store.summary(doomed).id, 0); // gone from the list...
        QCOMPARE(store.turnIds(doomed).size(), 1); // ...but nothing lost yet
    });

    QVERIFY(m_window->messageBar()->triggerAction()); // Undo
    QTRY_COMPARE(listed(), 2);
    QTRY_COMPARE_WITH_TIMEOUT(m_session->storeId(), doomed, Timeout);
    QVERIFY(chatText().contains(QLatin1String("Delete me")));

    // Deleted for good: after the next start it is gone from the file.
    list()->setCurrentIndex(list()->model()->index(m_window->historyPanel()->listModel()->rowOf(doomed), 0));
    m_window->findChild<QToolButton *>(QStringLiteral("historyDeleteButton"))->click();
    QTRY_COMPARE(listed(), 1);
    CHECKED(stop());
    CHECKED(start());
    QTRY_COMPARE(listed(), 1);
    QCOMPARE(list()->model()->index(0, 0).data(ConversationListModel::IdRole).toLongLong(), kept);
    withStore([&](ConversationStore &store) {
        QVERIFY(store.turnIds(doomed).isEmpty());
        QCOMPARE(store.turnIds(kept).size(), 1);
    });
}

// A title is whatever the first prompt (or an imported file) says: the list's tooltip shows it as
// text, never as HTML (Qt would render "<img src=...>" in a tooltip as an image).
void TestHistoryWindow::hostileTitleShowsLiterally()
{
    const QString hostile = QStringLiteral("<img src=http://x/a.png> <b>x</b>");
    CHECKED(ask(hostile));
    QTRY_COMPARE(listed(), 1);
    QTRY_VERIFY(list()->model()->index(0, 0).isValid());
    const QModelIndex index = list()->model()->index(0, 0);
    QTRY_VERIFY(list()->visualRect(index).isValid());
    const QPoint at = list()->visualRect(index).center();
    QHelpEvent help(QEvent::ToolTip, at, list()->viewport()->mapToGlobal(at));
    QApplication::sendEvent(list()->viewport(), &help);
    const QString tip = QToolTip::text();
    QVERIFY2(tip.contains(hostile.toHtmlEscaped()), qPrintable(tip));
    QVERIFY2(!tip.contains(QStringLiteral("<img")) && !tip.contains(QStringLiteral("<b>")), qPrintable(tip));
    QTextDocument shown;
    shown.setHtml(tip);
    QVERIFY2(shown.toPlainText().contains(hostile), qPrintable(shown.toPlainText()));
    QToolTip::hideText();
}

void TestHistoryWindow::renameWithF2()
{
    CHECKED(ask(QStringLiteral("A title made from the first prompt")));
    QTRY_COMPARE(listed(), 1);
    list()->setFocus();
    QTRY_VERIFY(list()->currentIndex().isValid());
    QTest::keyClick(list(), Qt::Key_F2);
    auto *editor = qobject_cast<QLineEdit *>(QApplication::focusWidget());
    QVERIFY(editor);
    editor->selectAll();
    QTest::keyClicks(editor, QStringLiteral("Colour study"));
    QTest::keyClick(editor, Qt::Key_Return);
    QTRY_COMPARE(m_session->conversation()->title(), QStringLiteral("Colour study"));
    QCOMPARE(m_window->windowTitle(), QStringLiteral("Colour study — Squint"));
    withStore([&](ConversationStore &store) {
        QCOMPARE(store.summary(m_session->storeId()).title, QStringLiteral("Colour study"));
    });
}

void TestHistoryWindow::saveAsWritesEveryFormat()
{
    QVERIFY(!m_window->saveConversationAs(m_dir->filePath(QStringLiteral("empty.json")), TranscriptFormat::Json));
    CHECKED(ask(QStringLiteral("Describe <this> & that"), 2));
    QSignalSpy exported(m_history, &History::exported);
    const QDir out(m_dir->filePath(QStringLiteral("out")));
    QVERIFY(QDir().mkpath(out.path()));
    const QList<QPair<QString, TranscriptFormat>> files = {
        {QStringLiteral("assets.md"), TranscriptFormat::MarkdownAssets},
        {QStringLiteral("inline.md"), TranscriptFormat::MarkdownEmbedded},
        {QStringLiteral("page.html"), TranscriptFormat::Html},
        {QStringLiteral("print.pdf"), TranscriptFormat::Pdf},
        {QStringLiteral("full.json"), TranscriptFormat::Json},
    };
    for (const auto &f : files)
        QVERIFY(m_window->saveConversationAs(out.filePath(f.first), f.second));
    QTRY_COMPARE_WITH_TIMEOUT(exported.size(), files.size(), Timeout);
    for (const QList<QVariant> &args : exported)
        QVERIFY2(args.at(0).toBool(), qPrintable(args.at(2).toString()));

    auto read = [&](const QString &name) {
        QFile f(out.filePath(name));
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    };
    const QByteArray md = read(QStringLiteral("assets.md"));
    QVERIFY2(md.contains("Describe") && md.contains(m_endpoint->answer().toUtf8()), md.constData());
    QVERIFY(md.contains("](assets/"));
    QCOMPARE(QDir(out.filePath(QStringLiteral("assets"))).entryList(QDir::Files).size(), 2);
    QVERIFY(read(QStringLiteral("inline.md")).contains("data:image/png;base64,"));
    const QByteArray html = read(QStringLiteral("page.html"));
    QVERIFY(html.contains("Describe &lt;this&gt; &amp; that"));
    QVERIFY(!html.contains("<this>"));
    QVERIFY(read(QStringLiteral("print.pdf")).startsWith("%PDF"));
    QString error;
    const std::optional<TranscriptData> json = readJsonFile(out.filePath(QStringLiteral("full.json")), &error);
    QVERIFY2(json, qPrintable(error));
    QCOMPARE(json->turns.size(), 1);
    QCOMPARE(json->turns.at(0).answer, m_endpoint->answer());
    QCOMPARE(json->turns.at(0).images.size(), 2);
    QCOMPARE(m_window->messageBar()->messages().constFirst(),
             QStringLiteral("Saved %1.").arg(QDir::toNativeSeparators(out.filePath(QStringLiteral("full.json")))));

    // A folder that can't be written: the message says so, nothing crashes.
    QVERIFY(m_window->saveConversationAs(m_dir->filePath(QStringLiteral("no/such/folder/x.html")), TranscriptFormat::Html));
    QTRY_COMPARE_WITH_TIMEOUT(exported.size(), files.size() + 1, Timeout);
    QVERIFY(!exported.constLast().at(0).toBool());
    QVERIFY(m_window->messageBar()->hasMessage(MessageBar::Level::Error));
}

void TestHistoryWindow::importAddsAndOpens_data()
{
    QTest::addColumn<QByteArray>("damage");
    QTest::addColumn<bool>("good");
    QTest::newRow("good") << QByteArray() << true;
    QTest::newRow("truncated") << QByteArray("truncate") << false;
    QTest::newRow("unknown version") << QByteArray("version") << false;
}

void TestHistoryWindow::importAddsAndOpens()
{
    QFETCH(QByteArray, damage);
    QFETCH(bool, good);
    CHECKED(ask(QStringLiteral("Exported and brought back"), 1));
    const QString file = m_dir->filePath(QStringLiteral("t.json"));
    QSignalSpy exported(m_history, &History::exported);
    QVERIFY(m_window->saveConversationAs(file, TranscriptFormat::Json));
    QTRY_COMPARE_WITH_TIMEOUT(exported.size(), 1, Timeout);
    QFile f(file);
    QVERIFY(f.open(QIODevice::ReadWrite));
    QByteArray bytes = f.readAll();
    if (damage == "truncate")
        bytes.truncate(bytes.size() / 2);
    else if (damage == "version")
        bytes.replace("\"version\": 1", "\"version\": 99");
    if (!damage.isEmpty())
        QVERIFY(bytes != f.readAll() || damage == "truncate");
    QVERIFY(f.resize(0));
    f.seek(0);
    f.write(bytes);
    f.close();
    QTRY_COMPARE(listed(), 1);

    QSignalSpy imported(m_history, &History::imported);
    m_window->importConversation(file);
    QTRY_COMPARE_WITH_TIMEOUT(imported.size(), 1, Timeout);
    if (!good) {
        QCOMPARE(imported.constFirst().at(0).toLongLong(), 0);
        QVERIFY(m_window->messageBar()->messages().constFirst().startsWith(QLatin1String("Nothing was imported")));
        QTest::qWait(300);
        QCOMPARE(listed(), 1);
        return;
    }
    const qint64 id = imported.constFirst().at(0).toLongLong();
    QVERIFY(id > 0);
    QTRY_COMPARE_WITH_TIMEOUT(m_session->storeId(), id, Timeout);
    QTRY_COMPARE(listed(), 2);
    QCOMPARE(m_session->conversation()->at(0).prompt, QStringLiteral("Exported and brought back"));
    QCOMPARE(m_session->conversation()->at(0).images.size(), 1);
}

void TestHistoryWindow::reopensTheLastConversationAtStart()
{
    CHECKED(ask(QStringLiteral("Older one")));
    m_window->findChild<QAction *>(QStringLiteral("newConversationAction"))->trigger();
    CHECKED(ask(QStringLiteral("Where I left off"), 1));
    const qint64 id = m_session->storeId();
    CHECKED(stop());
    CHECKED(start());
    QTRY_COMPARE_WITH_TIMEOUT(m_session->storeId(), id, Timeout);
    QVERIFY(chatText().contains(QLatin1String("Where I left off")));
    QTRY_COMPARE(m_window->historyPanel()->currentId(), id);
}

void TestHistoryWindow::damagedHistoryIsSetAsideWithAMessage()
{
    CHECKED(stop());
    QFile f(m_dbPath);
    QVERIFY(QDir().mkpath(QFileInfo(m_dbPath).path()));
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(QByteArray("this is not SQLite at all").repeated(100));
    f.close();
    CHECKED(start());
    QTRY_VERIFY(m_window->messageBar()->hasMessage(MessageBar::Level::Warning));
    const QString message = m_window->messageBar()->messages().constFirst();
    const QStringList aside = QDir(QFileInfo(m_dbPath).path()).entryList({QStringLiteral("squint.sqlite.corrupt-*")});
    QCOMPARE(aside.size(), 1);
    QVERIFY2(message.contains(aside.constFirst()), qPrintable(message));
    // The old file is kept as it was; a fresh history works.
    QFile kept(QFileInfo(m_dbPath).dir().filePath(aside.constFirst()));
    QVERIFY(kept.open(QIODevice::ReadOnly));
    QVERIFY(kept.readAll().startsWith("this is not SQLite"));
    CHECKED(ask(QStringLiteral("Saved in the new file")));
    QTRY_COMPARE(listed(), 1);
}

QTEST_MAIN(TestHistoryWindow)
#include "tst_historywindow.moc"
