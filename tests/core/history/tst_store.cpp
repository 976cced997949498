#include "core/history/history.h"
#include "core/history/conversationstore.h"
#include "privatetest.h"
#include "sqlitelocker.h"
#include "testimages.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <functional>
#include <memory>

using namespace squint;

namespace {

QString sha(const QByteArray &bytes)
{
    return QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
}

/// Runs `f` on a connection of its own to `path` (the test's view of the file, not the store's).
void withDb(const QString &path, const std::function<void(QSqlDatabase &)> &f)
{
    static int n = 0;
    const QString name = QStringLiteral("tst-probe-%1").arg(++n);
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        QVERIFY2(db.open(), qPrintable(db.lastError().text()));
        f(db);
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
}

QVariant scalar(const QSqlDatabase &db, const QString &sql)
{
    QSqlQuery q(db);
    if (!q.exec(sql) || !q.next())
        return {};
    return q.value(0);
}

qint64 count(const ConversationStore &store, const QString &table)
{
    return scalar(QSqlDatabase::database(store.connectionName()), QStringLiteral("SELECT COUNT(*) FROM ") + table).toLongLong();
}

/// The search index agrees with the turns (FTS5 'integrity-check' with rank 1 compares it with the content table).
bool ftsIsConsistent(const ConversationStore &store)
{
    QSqlQuery q(QSqlDatabase::database(store.connectionName()));
    return q.exec(QStringLiteral("INSERT INTO turns_fts(turns_fts, rank) VALUES ('integrity-check', 1)"));
}

QByteArray fileBytes(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

void writeFile(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    QCOMPARE(f.write(bytes), bytes.size());
}

QStringList setAsideFiles(const QString &dir)
{
    return QDir(dir).entryList({QStringLiteral("*.corrupt-*")}, QDir::Files, QDir::Name);
}

} // namespace

class TstStore : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dataHome;
    std::unique_ptr<QTemporaryDir> m_dir;
    QString dbPath() const { return m_dir->filePath(QStringLiteral("squint.sqlite")); }

    /// An image file in the test folder: a sent JPEG from `seed` and its PNG original.
    TurnImage image(const QString &name, quint32 seed, QSize size = QSize(32, 24))
    {
        TurnImage img;
        img.name = name;
        const QByteArray original = test::photoPng(size, seed);
        const QByteArray sent = test::photoJpeg(size, 80, seed);
        img.originalPath = m_dir->filePath(name + QStringLiteral(".png"));
        img.sentPath = m_dir->filePath(name + QStringLiteral("-sent.jpg"));
        writeFile(img.originalPath, original);
        writeFile(img.sentPath, sent);
        img.sha256 = sha(original).toLatin1();
        img.mime = QStringLiteral("image/jpeg");
        img.sentBytes = sent.size();
        img.sentSize = size;
        img.tokens = 85 + int(seed);
        return img;
    }

    /// Gives up on a lock at once and tries again often: the locker process is the test's clock.
    static void beImpatient(History &history)
    {
        history.setBusyTimeout(50);
        history.setRetryInterval(20, 200);
    }

    static Turn doneTurn(const QString &prompt, const QString &answer)
    {
        Turn t;
        t.prompt = prompt;
        t.answer = answer;
        t.state = Turn::State::Done;
        t.askedAt = QDateTime::fromMSecsSinceEpoch(1'700'000'000'123);
        t.model = QStringLiteral("gpt-4o");
        return t;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dataHome.isValid());
        qputenv("XDG_DATA_HOME", QFile::encodeName(m_dataHome.path()));
    }

    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
    }

    void cleanup() { m_dir.reset(); }

    void defaultPathFollowsDataHome()
    {
        const QString path = ConversationStore::defaultPath();
        QVERIFY2(path.startsWith(m_dataHome.path() + QLatin1Char('/')), qPrintable(path));
        QVERIFY(path.endsWith(QStringLiteral("/squint.sqlite")));
        ConversationStore store;
        QVERIFY2(store.open(), qPrintable(store.lastError()));
        QCOMPARE(store.path(), path);
        QVERIFY(QFileInfo::exists(path));
    }

    void pragmas()
    {
        ConversationStore store;
        QVERIFY2(store.open(dbPath()), qPrintable(store.lastError()));
        QVERIFY(store.notice().isEmpty());
        const QSqlDatabase db = QSqlDatabase::database(store.connectionName());
        QCOMPARE(scalar(db, QStringLiteral("PRAGMA journal_mode")).toString(), QStringLiteral("wal"));
        QCOMPARE(scalar(db, QStringLiteral("PRAGMA foreign_keys")).toInt(), 1);
        QCOMPARE(scalar(db, QStringLiteral("PRAGMA synchronous")).toInt(), 1); // NORMAL
        QVERIFY(scalar(db, QStringLiteral("PRAGMA busy_timeout")).toInt() > 0);
        QCOMPARE(scalar(db, QStringLiteral("PRAGMA user_version")).toInt(), ConversationStore::SchemaVersion);
        // Foreign keys are enforced: a turn of no conversation is refused.
        QCOMPARE(store.saveTurn(12345, 0, doneTurn(QStringLiteral("q"), QStringLiteral("a"))), 0);
        QVERIFY(!store.lastError().isEmpty());
        QCOMPARE(count(store, QStringLiteral("turns")), 0);
    }

    void parametersRoundTrip_data()
    {
        QTest::addColumn<QString>("system");
        QTest::addColumn<double>("temperature");
        QTest::addColumn<int>("maxTokens");
        QTest::addColumn<bool>("stream");
        QTest::newRow("server defaults") << QString() << -1.0 << 0 << true;
        QTest::newRow("all set") << QStringLiteral("You describe images.\nBriefly.") << 0.25 << 800 << false;
        QTest::newRow("zero temperature") << QStringLiteral("x") << 0.0 << 1 << true;
    }
    void parametersRoundTrip()
    {
        QFETCH(QString, system);
        QFETCH(double, temperature);
        QFETCH(int, maxTokens);
        QFETCH(bool, stream);
        ChatParameters p;
        p.system = system;
        p.temperature = temperature;
        p.maxTokens = maxTokens;
        p.stream = stream;
        qint64 id = 0;
        {
            ConversationStore store;
            QVERIFY(store.open(dbPath()));
            id = store.createConversation(QStringLiteral("Params"), p);
            QVERIFY(id > 0);
        }
        ConversationStore store;
        QVERIFY(store.open(dbPath()));
        const ChatParameters back = store.parameters(id);
        QCOMPARE(back.system, system.isNull() ? QString() : system);
        QCOMPARE(back.temperature, temperature);
        QCOMPARE(back.maxTokens, maxTokens);
        QCOMPARE(back.stream, stream);

        ChatParameters changed;
        changed.system = QStringLiteral("changed");
        changed.temperature = 1.5;
        QVERIFY(store.setParameters(id, changed));
        QCOMPARE(store.parameters(id).system, QStringLiteral("changed"));
        QCOMPARE(store.parameters(id).temperature, 1.5);
        QVERIFY(!store.setParameters(id + 100, changed));
    }

    void roundTrip()
    {
        Turn t0 = doneTurn(QStringLiteral("What is in these pictures?"), QStringLiteral("A cat and a dog."));
        t0.images = {image(QStringLiteral("cat"), 1), image(QStringLiteral("dog"), 2, QSize(40, 30))};
        t0.reasoning = QStringLiteral("Looking at the fur.");
        t0.connectionName = QStringLiteral("Databricks (dbc-1234.cloud.databricks.com)");
        t0.finishReason = QStringLiteral("stop");
        t0.usage.prompt = 1200;
        t0.usage.completion = 40;
        t0.usage.total = 1240;
        t0.usage.reasoning = 12;
        t0.firstTokenMs = 850;
        t0.totalMs = 2300;

        Turn t1;
        t1.prompt = QStringLiteral("And now?");
        t1.askedAt = QDateTime::fromMSecsSinceEpoch(1'700'000'100'000);
        t1.state = Turn::State::Failed;
        t1.answer = QStringLiteral("Partial");
        t1.error.kind = ApiError::Kind::Http;
        t1.error.status = 429;
        t1.error.code = QStringLiteral("rate_limit_exceeded");
        t1.error.param = QStringLiteral("messages");
        t1.error.serverMessage = QStringLiteral("Slow down");
        t1.error.message = QStringLiteral("The server answered 429: Slow down");
        t1.error.hint = QStringLiteral("Wait a minute.");

        Turn t2 = doneTurn(QStringLiteral("Only bytes"), QString());
        t2.state = Turn::State::Stopped;
        t2.imagesInContext = false;
        t2.labelImages = true;
        TurnImage inMemory;
        inMemory.name = QStringLiteral("pasted.png");
        inMemory.data = test::photoPng(QSize(8, 8), 7);
        inMemory.sha256 = sha(inMemory.data).toLatin1();
        inMemory.mime = QStringLiteral("image/png");
        inMemory.sentBytes = inMemory.data.size();
        inMemory.sentSize = QSize(8, 8);
        inMemory.tokens = 3;
        t2.images = {inMemory};

        const QList<Turn> saved = {t0, t1, t2};
        qint64 id = 0;
        QList<qint64> turnIds;
        {
            ConversationStore store;
            QVERIFY(store.open(dbPath()));
            id = store.createConversation(QStringLiteral("Pets"), {});
            QVERIFY(id > 0);
            for (int i = 0; i < saved.size(); ++i) {
                const qint64 turnId = store.saveTurn(id, i, saved.at(i));
                QVERIFY2(turnId > 0, qPrintable(store.lastError()));
                turnIds.append(turnId);
            }
            // Saving again updates in place.
            QCOMPARE(store.saveTurn(id, 0, saved.at(0)), turnIds.at(0));
            QCOMPARE(store.turnIds(id), turnIds);
        }
        // The cache files may be gone by the time the history is read.
        for (const TurnImage &img : t0.images)
            QVERIFY(QFile::remove(img.sentPath));

        ConversationStore store;
        QVERIFY(store.open(dbPath()));
        const QList<ConversationSummary> list = store.listConversations();
        QCOMPARE(list.size(), 1);
        QCOMPARE(list.at(0).title, QStringLiteral("Pets"));
        QCOMPARE(list.at(0).turnCount, 3);
        const QList<Turn> loaded = store.loadTurns(id);
        QCOMPARE(loaded.size(), saved.size());
        for (int i = 0; i < saved.size(); ++i) {
            const Turn &a = saved.at(i);
            const Turn &b = loaded.at(i);
            QCOMPARE(b.prompt, a.prompt);
            QCOMPARE(b.askedAt, a.askedAt);
            QCOMPARE(b.state, a.state);
            QCOMPARE(b.answer, a.answer.isNull() ? QStringLiteral("") : a.answer);
            QCOMPARE(b.reasoning.isEmpty(), a.reasoning.isEmpty());
            QCOMPARE(b.reasoning, a.reasoning.isEmpty() ? b.reasoning : a.reasoning);
            QCOMPARE(b.model, a.model.isNull() ? b.model : a.model);
            QCOMPARE(b.connectionName.isEmpty(), a.connectionName.isEmpty());
            QCOMPARE(b.finishReason.isEmpty(), a.finishReason.isEmpty());
            QCOMPARE(b.usage.prompt, a.usage.prompt);
            QCOMPARE(b.usage.completion, a.usage.completion);
            QCOMPARE(b.usage.total, a.usage.total);
            QCOMPARE(b.usage.reasoning, a.usage.reasoning);
            QCOMPARE(b.firstTokenMs, a.firstTokenMs);
            QCOMPARE(b.totalMs, a.totalMs);
            QCOMPARE(b.error.kind, a.error.kind);
            QCOMPARE(b.error.status, a.error.status);
            QCOMPARE(b.error.code, a.error.code);
            QCOMPARE(b.error.param, a.error.param);
            QCOMPARE(b.error.serverMessage, a.error.serverMessage);
            QCOMPARE(b.error.message, a.error.message);
            QCOMPARE(b.error.hint, a.error.hint);
            QCOMPARE(b.imagesInContext, a.imagesInContext);
            QCOMPARE(b.labelImages, a.labelImages);
            QCOMPARE(b.id, quint64(0));
            QCOMPARE(b.images.size(), a.images.size());
            for (int j = 0; j < a.images.size(); ++j) {
                const TurnImage &x = a.images.at(j);
                const TurnImage &y = b.images.at(j);
                QCOMPARE(y.name, x.name);
                QCOMPARE(y.sha256, x.sha256);
                QCOMPARE(y.mime, x.mime);
                QCOMPARE(y.sentBytes, x.sentBytes);
                QCOMPARE(y.sentSize, x.sentSize);
                QCOMPARE(y.tokens, x.tokens);
                QCOMPARE(y.originalPath, x.originalPath);
                QVERIFY(y.sentPath.isEmpty());
                QVERIFY(y.thumbnail.isNull());
                const QByteArray sent = x.data.isEmpty() ? test::photoJpeg(x.sentSize, 80, x.tokens - 85) : x.data;
                QCOMPARE(y.data, sent);
            }
        }
        QCOMPARE(loaded.at(0).connectionName, t0.connectionName);
        QCOMPARE(loaded.at(0).finishReason, t0.finishReason);
        // The original is kept too, under its own hash.
        QCOMPARE(store.imageBytes(t0.images.at(1).sha256), fileBytes(t0.images.at(1).originalPath));
        QVERIFY(store.imageBytes("0000").isEmpty());
        // 2 sent + 2 originals + 1 in-memory image that was both.
        QCOMPARE(count(store, QStringLiteral("images")), 5);
    }

    void editListKeptWithTheTurn()
    {
        // The editor's marks go with the image they made, so the transcript can say what was sent.
        TurnImage edited = image(QStringLiteral("marked"), 5);
        edited.edits = QStringLiteral(
            R"({"edits":[{"kind":"redact","rect":[1,2,3,4]}],"version":1})");
        const TurnImage plain = image(QStringLiteral("plain"), 6);
        Turn t = doneTurn(QStringLiteral("what is hidden?"), QStringLiteral("nothing"));
        t.images = {edited, plain};
        qint64 id = 0;
        {
            ConversationStore store;
            QVERIFY(store.open(dbPath()));
            id = store.createConversation(QStringLiteral("Edits"));
            QVERIFY(store.saveTurn(id, 0, t) > 0);
        }
        ConversationStore store;
        QVERIFY(store.open(dbPath()));
        QList<Turn> loaded = store.loadTurns(id);
        QCOMPARE(loaded.size(), 1);
        QCOMPARE(loaded.at(0).images.size(), 2);
        QCOMPARE(loaded.at(0).images.at(0).edits, edited.edits);
        QCOMPARE(loaded.at(0).images.at(1).edits, QString());
        // Changing only the marks is a change of the turn's images: saved again.
        t.images[1].edits = QStringLiteral(
            R"({"edits":[{"kind":"crop","rect":[0,0,5,5]}],"version":1})");
        QVERIFY(store.saveTurn(id, 0, t) > 0);
        loaded = store.loadTurns(id);
        QCOMPARE(loaded.at(0).images.at(1).edits, t.images.at(1).edits);
    }

    void namesAsWritten_data()
    {
        // The history file's spelling of each state and error kind (what Squint 0.2 wrote and reads).
        QTest::addColumn<Turn::State>("state");
        QTest::addColumn<ApiError::Kind>("kind");
        QTest::addColumn<QString>("stateName");
        QTest::addColumn<QVariant>("kindName"); // null: no error is written as NULL
        const QVariant null(QMetaType::fromType<QString>());
        QTest::newRow("done") << Turn::State::Done << ApiError::Kind::None << QStringLiteral("done")
                              << null;
        QTest::newRow("stopped") << Turn::State::Stopped << ApiError::Kind::Canceled
                                 << QStringLiteral("stopped")
                                 << QVariant(QStringLiteral("canceled"));
        QTest::newRow("network") << Turn::State::Failed << ApiError::Kind::Network
                                 << QStringLiteral("failed") << QVariant(QStringLiteral("network"));
        QTest::newRow("timeout") << Turn::State::Failed << ApiError::Kind::Timeout
                                 << QStringLiteral("failed") << QVariant(QStringLiteral("timeout"));
        QTest::newRow("tls") << Turn::State::Failed << ApiError::Kind::Tls
                             << QStringLiteral("failed") << QVariant(QStringLiteral("tls"));
        QTest::newRow("http") << Turn::State::Failed << ApiError::Kind::Http
                              << QStringLiteral("failed") << QVariant(QStringLiteral("http"));
        QTest::newRow("stream") << Turn::State::Failed << ApiError::Kind::Stream
                                << QStringLiteral("failed") << QVariant(QStringLiteral("stream"));
        QTest::newRow("protocol") << Turn::State::Failed << ApiError::Kind::Protocol
                                  << QStringLiteral("failed")
                                  << QVariant(QStringLiteral("protocol"));
    }
    void namesAsWritten()
    {
        QFETCH(Turn::State, state);
        QFETCH(ApiError::Kind, kind);
        QFETCH(QString, stateName);
        QFETCH(QVariant, kindName);
        ConversationStore store;
        QVERIFY(store.open(dbPath()));
        const qint64 id = store.createConversation(QStringLiteral("names"));
        Turn t = doneTurn(QStringLiteral("q"), QStringLiteral("a"));
        t.state = state;
        t.error.kind = kind;
        t.error.message = kind == ApiError::Kind::None ? QString() : QStringLiteral("m");
        const qint64 turnId = store.saveTurn(id, 0, t);
        QVERIFY2(turnId > 0, qPrintable(store.lastError()));
        QSqlQuery q(QSqlDatabase::database(store.connectionName()));
        QVERIFY(
            q.exec(QStringLiteral("SELECT state, error_kind FROM turns WHERE id = %1").arg(turnId))
            && q.next());
        QCOMPARE(q.value(0).toString(), stateName);
        QCOMPARE(q.value(1).isNull(), kindName.isNull());
        if (!kindName.isNull())
            QCOMPARE(q.value(1).toString(), kindName.toString());
        const Turn back = store.loadTurns(id).value(0);
        QCOMPARE(back.state, state);
        QCOMPARE(back.error.kind, kind);
    }

    void readsEveryWayNamesWereWritten_data()
    {
        QTest::addColumn<QVariant>("kindName");
        QTest::addColumn<QString>("stateName");
        QTest::addColumn<ApiError::Kind>("kind");
        QTest::addColumn<Turn::State>("state");
        const QVariant null(QMetaType::fromType<QString>());
        // No error: NULL as the store writes it, "" and "none" as earlier code and transcripts spelled it.
        QTest::newRow("NULL") << null << QStringLiteral("done") << ApiError::Kind::None
                              << Turn::State::Done;
        QTest::newRow("empty") << QVariant(QStringLiteral("")) << QStringLiteral("done")
                               << ApiError::Kind::None << Turn::State::Done;
        QTest::newRow("none") << QVariant(QStringLiteral("none")) << QStringLiteral("done")
                              << ApiError::Kind::None << Turn::State::Done;
        QTest::newRow("http") << QVariant(QStringLiteral("http")) << QStringLiteral("failed")
                              << ApiError::Kind::Http << Turn::State::Failed;
        // Names from a newer Squint: still an error, still finished.
        QTest::newRow("unknown kind")
            << QVariant(QStringLiteral("quantum")) << QStringLiteral("failed")
            << ApiError::Kind::Protocol << Turn::State::Failed;
        QTest::newRow("unknown state")
            << QVariant(QStringLiteral("http")) << QStringLiteral("exploded")
            << ApiError::Kind::Http << Turn::State::Failed;
    }
    void readsEveryWayNamesWereWritten()
    {
        QFETCH(QVariant, kindName);
        QFETCH(QString, stateName);
        QFETCH(ApiError::Kind, kind);
        QFETCH(Turn::State, state);
        ConversationStore store;
        QVERIFY(store.open(dbPath()));
        const qint64 id = store.createConversation(QStringLiteral("old names"));
        const qint64 turnId = store.saveTurn(id,
                                             0,
                                             doneTurn(QStringLiteral("q"), QStringLiteral("a")));
        QVERIFY(turnId > 0);
        QSqlQuery q(QSqlDatabase::database(store.connectionName()));
        QVERIFY(
            q.prepare(QStringLiteral("UPDATE turns SET state = ?, error_kind = ? WHERE id = ?")));
        q.addBindValue(stateName);
        q.addBindValue(kindName);
        q.addBindValue(turnId);
        QVERIFY2(q.exec(), qPrintable(q.lastError().text()));
        const Turn back = store.loadTurns(id).value(0);
        QCOMPARE(back.error.kind, kind);
        QCOMPARE(back.state, state);
    }

    void sameImageStoredOnce()
    {
        ConversationStore store;
        QVERIFY(store.open(dbPath()));
        const TurnImage img = image(QStringLiteral("same"), 3);
        Turn a = doneTurn(QStringLiteral("first"), QStringLiteral("x"));
        a.images = {img};
        Turn b = doneTurn(QStringLiteral("second"), QStringLiteral("y"));
        b.images = {img, img};
        const qint64 c1 = store.createConversation(QStringLiteral("one"));
        const qint64 c2 = store.createConversation(QStringLiteral("two"));
        QVERIFY(store.saveTurn(c1, 0, a) > 0);
        QVERIFY(store.saveTurn(c1, 1, b) > 0);
        QVERIFY(store.saveTurn(c2, 0, a) > 0);
        QCOMPARE(count(store, QStringLiteral("turn_images")), 4);
        QCOMPARE(count(store, QStringLiteral("images")), 2); // the sent JPEG and the PNG original
        QCOMPARE(store.imageBytes(sha(fileBytes(img.sentPath)).toLatin1()), fileBytes(img.sentPath));

        // An original edited since it was added is not stored as this image's original.
        TurnImage changed = image(QStringLiteral("changed"), 4);
        writeFile(changed.originalPath, test::photoPng(QSize(10, 10), 99));
        Turn c = doneTurn(QStringLiteral("third"), QStringLiteral("z"));
        c.images = {changed};
        QVERIFY(store.saveTurn(c2, 1, c) > 0);
        QCOMPARE(count(store, QStringLiteral("images")), 3);
        QVERIFY(store.imageBytes(changed.sha256).isEmpty());

        // Replacing a turn's images drops the ones nothing refers to any more.
        Turn d = doneTurn(QStringLiteral("third, again"), QStringLiteral("z"));
        QVERIFY(store.saveTurn(c2, 1, d) > 0);
        QCOMPARE(count(store, QStringLiteral("images")), 2);
        QVERIFY(store.truncateTurns(c1, 0));
        QCOMPARE(count(store, QStringLiteral("images")), 2); // c2's first turn still has them
        QVERIFY(store.truncateTurns(c2, 0));
        QCOMPARE(count(store, QStringLiteral("images")), 0);
        QCOMPARE(count(store, QStringLiteral("turns")), 0);
    }

    void listingOrder()
    {
        ConversationStore store;
        QVERIFY(store.open(dbPath()));
        const qint64 a = store.createConversation(QStringLiteral("A"));
        const qint64 b = store.createConversation(QStringLiteral("B"));
        const qint64 c = store.createConversation(QStringLiteral("C"));
        auto order = [&store](int limit = -1) {
            QList<qint64> ids;
            for (const ConversationSummary &s : store.listConversations(limit))
                ids.append(s.id);
            return ids;
        };
        QCOMPARE(order(), (QList<qint64>{c, b, a}));
        const qint64 turnA = store.saveTurn(a, 0, doneTurn(QStringLiteral("hi"), QStringLiteral("hello")));
        QVERIFY(turnA > 0);
        QCOMPARE(order(), (QList<qint64>{a, c, b}));
        const qint64 turnB = store.saveTurn(b, 0, Turn());
        QVERIFY(turnB > 0);
        QCOMPARE(order(), (QList<qint64>{b, a, c}));
        QVERIFY(store.saveAnswerProgress(turnA, QStringLiteral("hello there"), Turn::State::Done));
        QCOMPARE(order(), (QList<qint64>{a, b, c}));
        QCOMPARE(order(2), (QList<qint64>{a, b}));
        // Renaming is not activity.
        QVERIFY(store.renameConversation(c, QStringLiteral("C renamed")));
        QCOMPARE(order(), (QList<qint64>{a, b, c}));
        const QList<ConversationSummary> list = store.listConversations();
        QCOMPARE(list.at(0).turnCount, 1);
        QCOMPARE(list.at(2).turnCount, 0);
        QVERIFY(list.at(0).updatedAt > list.at(1).updatedAt);
        QVERIFY(list.at(0).createdAt.isValid());
    }

    void rename()
    {
        ConversationStore store;
        QVERIFY(store.open(dbPath()));
        const qint64 id = store.createConversation(QStringLiteral("Old"));
        QVERIFY(store.renameConversation(id, QStringLiteral("New — ünïcode")));
        QCOMPARE(store.summary(id).title, QStringLiteral("New — ünïcode"));
        QVERIFY(!store.renameConversation(id + 1, QStringLiteral("Nobody")));
        ConversationStore again;
        QVERIFY(again.open(dbPath()));
        QCOMPARE(again.listConversations().at(0).title, QStringLiteral("New — ünïcode"));
    }

    void deleteCascades()
    {
        ConversationStore store;
        QVERIFY(store.open(dbPath()));
        const TurnImage shared = image(QStringLiteral("shared"), 5);
        const TurnImage own = image(QStringLiteral("own"), 6);
        const qint64 keep = store.createConversation(QStringLiteral("keep"));
        const qint64 gone = store.createConversation(QStringLiteral("gone"));
        Turn k = doneTurn(QStringLiteral("kept question"), QStringLiteral("kept"));
        k.images = {shared};
        Turn g = doneTurn(QStringLiteral("zebra question"), QStringLiteral("zebras everywhere"));
        g.images = {shared, own};
        QVERIFY(store.saveTurn(keep, 0, k) > 0);
        QVERIFY(store.saveTurn(gone, 0, g) > 0);
        QVERIFY(store.saveTurn(gone, 1, doneTurn(QStringLiteral("more"), QStringLiteral("zebra"))) > 0);
        QCOMPARE(count(store, QStringLiteral("images")), 4);
        QCOMPARE(store.search(QStringLiteral("zebra")).size(), 2);

        QVERIFY(store.deleteConversation(gone));
        QCOMPARE(count(store, QStringLiteral("conversations")), 1);
        QCOMPARE(count(store, QStringLiteral("turns")), 1);
        QCOMPARE(count(store, QStringLiteral("turn_images")), 1);
        QCOMPARE(count(store, QStringLiteral("images")), 2);
        QVERIFY(store.imageBytes(own.sha256).isEmpty());
        QCOMPARE(store.imageBytes(shared.sha256), fileBytes(shared.originalPath));
        QVERIFY(store.search(QStringLiteral("zebra")).isEmpty());
        QVERIFY(store.loadTurns(gone).isEmpty());
        QVERIFY(!store.deleteConversation(gone));
        QVERIFY(ftsIsConsistent(store));
        QCOMPARE(store.loadTurns(keep).size(), 1);
    }

    void progressThenReopen_data()
    {
        QTest::addColumn<int>("state");
        QTest::newRow("streaming") << int(Turn::State::Streaming);
        QTest::newRow("pending") << int(Turn::State::Pending);
    }
    void progressThenReopen()
    {
        QFETCH(int, state);
        ConversationStore writer;
        QVERIFY(writer.open(dbPath()));
        const qint64 id = writer.createConversation(QStringLiteral("Streaming"));
        QVERIFY(writer.saveTurn(id, 0, doneTurn(QStringLiteral("first"), QStringLiteral("complete"))) > 0);
        Turn pending;
        pending.prompt = QStringLiteral("Describe the lighthouse");
        const qint64 turnId = writer.saveTurn(id, 1, pending);
        QVERIFY(turnId > 0);
        QVERIFY(writer.saveAnswerProgress(turnId, QStringLiteral("The lighthouse is"), Turn::State(state)));
        QVERIFY(!writer.saveAnswerProgress(turnId + 100, QStringLiteral("x"), Turn::State::Streaming));

        // Another instance (the next start of Squint) while the writer never finished.
        ConversationStore reader;
        QVERIFY(reader.open(dbPath()));
        const QList<Turn> turns = reader.loadTurns(id);
        QCOMPARE(turns.size(), 2);
        QCOMPARE(turns.at(0).state, Turn::State::Done);
        QVERIFY(turns.at(0).error.isNull());
        const Turn &t = turns.at(1);
        QCOMPARE(t.answer, QStringLiteral("The lighthouse is"));
        QCOMPARE(t.state, Turn::State::Failed);
        QVERIFY(t.isFinished());
        QVERIFY(!t.error.isNull());
        QCOMPARE(t.error.message, QStringLiteral("The answer was interrupted: Squint closed before it finished."));
        // The partial answer is searchable.
        const QList<SearchHit> hits = reader.search(QStringLiteral("lighthouse"));
        QCOMPARE(hits.size(), 1);
        QCOMPARE(hits.at(0).turnId, turnId);
        QCOMPARE(hits.at(0).position, 1);
        QVERIFY(ftsIsConsistent(reader));
    }

    void search_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<QStringList>("prompts"); // of the turns found, in any order

        QTest::newRow("word in a prompt") << QStringLiteral("giraffe") << QStringList{QStringLiteral("Is that a giraffe?")};
        QTest::newRow("word in an answer") << QStringLiteral("savanna")
                                           << QStringList{QStringLiteral("Is that a giraffe?")};
        QTest::newRow("case and diacritics") << QStringLiteral("CAFE") << QStringList{QStringLiteral("Which café is it?")};
        QTest::newRow("prefix of the last word") << QStringLiteral("gir") << QStringList{QStringLiteral("Is that a giraffe?")};
        QTest::newRow("all words") << QStringLiteral("photo street")
                                   << QStringList{QStringLiteral("Which café is it?")};
        QTest::newRow("words in prompt and answer") << QStringLiteral("giraffe tall")
                                                    << QStringList{QStringLiteral("Is that a giraffe?")};
        QTest::newRow("in two turns") << QStringLiteral("photo")
                                      << QStringList{QStringLiteral("Which café is it?"), QStringLiteral("Another photo")};
        QTest::newRow("no match") << QStringLiteral("elephant") << QStringList{};
        QTest::newRow("unbalanced quote") << QStringLiteral("\"unbalanced") << QStringList{};
        QTest::newRow("quote inside a word") << QStringLiteral("gira\"ffe") << QStringList{};
        QTest::newRow("operators only") << QStringLiteral("AND OR *") << QStringList{};
        QTest::newRow("operators around a word") << QStringLiteral("NOT giraffe OR")
                                                 << QStringList{};
        QTest::newRow("column filter syntax") << QStringLiteral("prompt:giraffe") << QStringList{};
        // Taken as the phrase "near giraffe", which no turn holds.
        QTest::newRow("near and parentheses") << QStringLiteral("NEAR(giraffe") << QStringList{};
        QTest::newRow("punctuation around a word") << QStringLiteral("(giraffe?)")
                                                   << QStringList{QStringLiteral("Is that a giraffe?")};
        QTest::newRow("punctuation") << QStringLiteral("- ^ : ( ) {") << QStringList{};
        QTest::newRow("empty") << QString() << QStringList{};
        QTest::newRow("tabs and newlines") << QStringLiteral("\tgiraffe\n tall ") << QStringList{QStringLiteral("Is that a giraffe?")};
    }
    void search()
    {
        QFETCH(QString, query);
        QFETCH(QStringList, prompts);
        ConversationStore store;
        QVERIFY(store.open(dbPath()));
        const qint64 c1 = store.createConversation(QStringLiteral("Zoo"));
        const qint64 c2 = store.createConversation(QStringLiteral("Paris <trip>"));
        QVERIFY(store.saveTurn(c1, 0, doneTurn(QStringLiteral("Is that a giraffe?"),
                                               QStringLiteral("Yes, a tall giraffe on the savanna."))) > 0);
        QVERIFY(store.saveTurn(c2, 0, doneTurn(QStringLiteral("Which café is it?"),
                                               QStringLiteral("A street photo of Café de Flore."))) > 0);
        QVERIFY(store.saveTurn(c2, 1, doneTurn(QStringLiteral("Another photo"), QStringLiteral("Same place."))) > 0);

        const QList<SearchHit> hits = store.search(query);
        QVERIFY2(store.lastError().isEmpty(), qPrintable(store.lastError()));
        QStringList found;
        for (const SearchHit &hit : hits) {
            const QList<Turn> turns = store.loadTurns(hit.conversationId);
            QVERIFY(hit.position >= 0 && hit.position < turns.size());
            QCOMPARE(store.turnIds(hit.conversationId).at(hit.position), hit.turnId);
            found.append(turns.at(hit.position).prompt);
            QCOMPARE(hit.title, hit.conversationId == c1 ? QStringLiteral("Zoo") : QStringLiteral("Paris <trip>"));
            QVERIFY2(hit.snippet.contains(ConversationStore::MatchStart), qPrintable(hit.snippet));
            QVERIFY(hit.snippet.contains(ConversationStore::MatchEnd));
        }
        found.sort();
        prompts.sort();
        QCOMPARE(found, prompts);
    }

    void searchSnippet()
    {
        ConversationStore store;
        QVERIFY(store.open(dbPath()));
        const qint64 id = store.createConversation(QStringLiteral("t"));
        QVERIFY(store.saveTurn(id, 0, doneTurn(QStringLiteral("q"), QStringLiteral("Use <b> & the giraffe tag"))) > 0);
        const QList<SearchHit> hits = store.search(QStringLiteral("giraffe"));
        QCOMPARE(hits.size(), 1);
        const QString expected = QStringLiteral("Use <b> & the ") + ConversationStore::MatchStart + QStringLiteral("giraffe")
            + ConversationStore::MatchEnd + QStringLiteral(" tag");
        QCOMPARE(hits.at(0).snippet, expected);
        QCOMPARE(ConversationStore::snippetToHtml(hits.at(0).snippet),
                 QStringLiteral("Use &lt;b&gt; &amp; the <b>giraffe</b> tag"));
        QCOMPARE(store.search(QStringLiteral("giraffe"), 0).size(), 0);
    }

    void trashHidesAndRestoreBringsBack()
    {
        ConversationStore store;
        QVERIFY(store.open(dbPath()));
        const TurnImage own = image(QStringLiteral("own"), 7);
        const qint64 keep = store.createConversation(QStringLiteral("keep"));
        const qint64 gone = store.createConversation(QStringLiteral("gone"));
        QVERIFY(store.saveTurn(keep, 0, doneTurn(QStringLiteral("kept"), QStringLiteral("walrus one"))) > 0);
        Turn g = doneTurn(QStringLiteral("trashed"), QStringLiteral("walrus two"));
        g.images = {own};
        QVERIFY(store.saveTurn(gone, 0, g) > 0);

        QVERIFY(store.trashConversation(gone));
        QVERIFY(!store.trashConversation(gone)); // already there
        QCOMPARE(store.listConversations().size(), 1);
        QCOMPARE(store.listConversations().at(0).id, keep);
        QCOMPARE(store.summary(gone).id, 0);
        QCOMPARE(store.search(QStringLiteral("walrus")).size(), 1);
        QCOMPARE(count(store, QStringLiteral("turns")), 2); // nothing is lost yet
        QCOMPARE(store.imageBytes(own.sha256), fileBytes(own.originalPath));

        QVERIFY(store.restoreConversation(gone));
        QVERIFY(!store.restoreConversation(gone));
        QCOMPARE(store.listConversations().size(), 2);
        QCOMPARE(store.search(QStringLiteral("walrus")).size(), 2);
        QCOMPARE(store.loadTurns(gone).at(0).images.size(), 1);

        QVERIFY(store.trashConversation(gone));
        QCOMPARE(store.purgeTrash(), 1);
        QCOMPARE(store.purgeTrash(), 0);
        QCOMPARE(count(store, QStringLiteral("conversations")), 1);
        QCOMPARE(count(store, QStringLiteral("turns")), 1);
        QVERIFY(store.imageBytes(own.sha256).isEmpty());
        QVERIFY(!store.restoreConversation(gone));
        QVERIFY(ftsIsConsistent(store));
    }

    void migratesFromVersionOne()
    {
        // A version 1 file: today's schema without the columns versions 2, 4 and 5 added, holding a conversation.
        {
            ConversationStore store;
            QVERIFY(store.open(dbPath()));
            const qint64 id = store.createConversation(QStringLiteral("old one"));
            QVERIFY(store.saveTurn(id, 0, doneTurn(QStringLiteral("from version one"), QStringLiteral("still here"))) > 0);
            QSqlDatabase db = QSqlDatabase::database(store.connectionName());
            QSqlQuery q(db);
            QVERIFY2(q.exec(QStringLiteral("ALTER TABLE conversations DROP COLUMN deleted_at")), qPrintable(q.lastError().text()));
            QVERIFY2(q.exec(QStringLiteral("ALTER TABLE turns DROP COLUMN label_images")), qPrintable(q.lastError().text()));
            QVERIFY2(q.exec(QStringLiteral("ALTER TABLE turn_images DROP COLUMN edits")),
                     qPrintable(q.lastError().text()));
            QVERIFY(q.exec(QStringLiteral("PRAGMA user_version = 1")));
        }
        ConversationStore store;
        QVERIFY2(store.open(dbPath()), qPrintable(store.lastError()));
        const QSqlDatabase db = QSqlDatabase::database(store.connectionName());
        QCOMPARE(scalar(db, QStringLiteral("PRAGMA user_version")).toInt(), ConversationStore::SchemaVersion);
        QCOMPARE(store.listConversations().size(), 1);
        const qint64 id = store.listConversations().at(0).id;
        QCOMPARE(store.loadTurns(id).at(0).answer, QStringLiteral("still here"));
        QVERIFY(store.trashConversation(id));
        QVERIFY(store.listConversations().isEmpty());
    }

    void migratesFromVersionZero_data()
    {
        QTest::addColumn<bool>("emptyFile");
        QTest::newRow("empty file") << true;
        QTest::newRow("database without tables") << false;
    }
    void migratesFromVersionZero()
    {
        QFETCH(bool, emptyFile);
        if (emptyFile) {
            writeFile(dbPath(), {});
        } else {
            withDb(dbPath(), [](QSqlDatabase &db) {
                QSqlQuery q(db);
                QVERIFY(q.exec(QStringLiteral("CREATE TABLE scratch (x)")));
                QVERIFY(q.exec(QStringLiteral("DROP TABLE scratch")));
                QCOMPARE(scalar(db, QStringLiteral("PRAGMA user_version")).toInt(), 0);
            });
            QVERIFY(QFileInfo(dbPath()).size() > 0);
        }
        ConversationStore store;
        QVERIFY2(store.open(dbPath()), qPrintable(store.lastError()));
        QVERIFY(store.notice().isEmpty());
        QVERIFY(setAsideFiles(m_dir->path()).isEmpty());
        const QSqlDatabase db = QSqlDatabase::database(store.connectionName());
        QCOMPARE(scalar(db, QStringLiteral("PRAGMA user_version")).toInt(), ConversationStore::SchemaVersion);
        for (const QString &table : {QStringLiteral("conversations"), QStringLiteral("turns"), QStringLiteral("images"),
                                     QStringLiteral("turn_images"), QStringLiteral("turns_fts")}) {
            QCOMPARE(scalar(db, QStringLiteral("SELECT COUNT(*) FROM sqlite_master WHERE name = '%1'").arg(table)).toInt(), 1);
        }
        const qint64 id = store.createConversation(QStringLiteral("after migration"));
        QVERIFY(store.saveTurn(id, 0, doneTurn(QStringLiteral("migrated"), QStringLiteral("yes"))) > 0);
        QCOMPARE(store.search(QStringLiteral("migrated")).size(), 1);
    }

    void newerVersionIsRefused()
    {
        withDb(dbPath(), [](QSqlDatabase &db) {
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("CREATE TABLE conversations (id INTEGER PRIMARY KEY, future TEXT)")));
            QVERIFY(q.exec(QStringLiteral("INSERT INTO conversations (future) VALUES ('from the future')")));
            QVERIFY(q.exec(QStringLiteral("PRAGMA user_version = 999")));
        });
        const QByteArray before = fileBytes(dbPath());
        QVERIFY(!before.isEmpty());
        {
            ConversationStore store;
            QVERIFY(!store.open(dbPath()));
            QVERIFY(!store.isOpen());
            QVERIFY2(store.lastError().contains(QStringLiteral("newer")), qPrintable(store.lastError()));
            QVERIFY(store.lastError().contains(QStringLiteral("999")));
            QVERIFY(store.notice().isEmpty());
            QVERIFY(store.listConversations().isEmpty());
            QVERIFY(!store.lastError().isEmpty());
        }
        QCOMPARE(fileBytes(dbPath()), before);
        QVERIFY(setAsideFiles(m_dir->path()).isEmpty());
        QVERIFY(!QFileInfo::exists(dbPath() + QStringLiteral("-wal")));
    }

    void corruptFileIsSetAside_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::newRow("random bytes") << QStringLiteral("random");
        QTest::newRow("random bytes with a wal") << QStringLiteral("random+wal");
        QTest::newRow("garbage after the header") << QStringLiteral("header");
        QTest::newRow("truncated database") << QStringLiteral("truncated");
        QTest::newRow("zeroed pages") << QStringLiteral("zeroed");
    }
    void corruptFileIsSetAside()
    {
        QFETCH(QString, kind);
        QByteArray bytes;
        if (kind.startsWith(QStringLiteral("random"))) {
            QRandomGenerator rng(42);
            bytes.resize(8192);
            rng.fillRange(reinterpret_cast<quint32 *>(bytes.data()), bytes.size() / 4);
        } else if (kind == QStringLiteral("header")) {
            QRandomGenerator rng(7);
            bytes.resize(8192);
            rng.fillRange(reinterpret_cast<quint32 *>(bytes.data()), bytes.size() / 4);
            bytes.replace(0, 16, QByteArray("SQLite format 3\0", 16));
        } else {
            {
                ConversationStore store;
                QVERIFY(store.open(dbPath()));
                const qint64 id = store.createConversation(QStringLiteral("big"));
                for (int i = 0; i < 6; ++i) {
                    Turn t = doneTurn(QStringLiteral("turn %1").arg(i), QString(2000, QLatin1Char('a' + i)));
                    t.images = {image(QStringLiteral("img%1").arg(i), quint32(10 + i), QSize(64, 64))};
                    QVERIFY(store.saveTurn(id, i, t) > 0);
                }
            }
            QVERIFY(!QFileInfo::exists(dbPath() + QStringLiteral("-wal")));
            bytes = fileBytes(dbPath());
            QVERIFY(bytes.size() > 8 * 4096);
            if (kind == QStringLiteral("truncated"))
                bytes.truncate(bytes.size() / 2);
            else
                bytes.replace(2 * 4096, 4 * 4096, QByteArray(4 * 4096, '\0'));
        }
        writeFile(dbPath(), bytes);
        QVERIFY(QFile::setPermissions(dbPath(), QFileDevice::Permissions(0x6644))); // as an older version left it
        const QByteArray wal("not really a wal");
        if (kind.endsWith(QStringLiteral("+wal")))
            writeFile(dbPath() + QStringLiteral("-wal"), wal);

        ConversationStore store;
        QVERIFY2(store.open(dbPath()), qPrintable(store.lastError()));
        QVERIFY(store.lastError().isEmpty());
        const QString aside = store.setAsidePath();
        QVERIFY(!aside.isEmpty());
        QVERIFY2(QFileInfo(aside).fileName().startsWith(QStringLiteral("squint.sqlite.corrupt-")), qPrintable(aside));
        QVERIFY(QRegularExpression(QStringLiteral("\\.corrupt-\\d{8}-\\d{6}$")).match(aside).hasMatch());
        QVERIFY2(store.notice().contains(QDir::toNativeSeparators(aside)), qPrintable(store.notice()));
        QCOMPARE(setAsideFiles(m_dir->path()), QStringList{QFileInfo(aside).fileName()} + (kind.endsWith(QStringLiteral("+wal")) ? QStringList{QFileInfo(aside).fileName() + QStringLiteral("-wal")} : QStringList{}));
        QCOMPARE(fileBytes(aside), bytes); // the user's file is kept as it was
        QVERIFY2(test::isPrivateFile(aside), qPrintable(test::modeOf(aside)));
        QVERIFY2(test::isPrivateFile(dbPath()), qPrintable(test::modeOf(dbPath())));
        if (kind.endsWith(QStringLiteral("+wal")))
            QCOMPARE(fileBytes(aside + QStringLiteral("-wal")), wal);

        // A fresh history works.
        QVERIFY(store.listConversations().isEmpty());
        const qint64 id = store.createConversation(QStringLiteral("fresh"));
        QVERIFY(id > 0);
        QVERIFY(store.saveTurn(id, 0, doneTurn(QStringLiteral("hello"), QStringLiteral("world"))) > 0);
        QCOMPARE(store.listConversations().size(), 1);
        QCOMPARE(store.search(QStringLiteral("world")).size(), 1);

        // The next start finds a sound file and says nothing.
        store.close();
        ConversationStore next;
        QVERIFY(next.open(dbPath()));
        QVERIFY(next.notice().isEmpty());
        QCOMPARE(next.listConversations().size(), 1);
    }

    // A history another process keeps locked is in use, not damaged: it is never renamed.
    void lockedFileIsNotSetAside_data()
    {
        QTest::addColumn<bool>("existing");
        QTest::addColumn<bool>("exclusiveMode");
        // The other process made the file (rollback journal) and holds it: nothing can be read.
        QTest::newRow("new file, rollback journal") << false << false;
        // A history in WAL mode under locking_mode=EXCLUSIVE: no other connection may read it either.
        QTest::newRow("history in WAL, exclusive locking mode") << true << true;
    }
    void lockedFileIsNotSetAside()
    {
        QFETCH(bool, existing);
        QFETCH(bool, exclusiveMode);
        if (existing) {
            ConversationStore store;
            QVERIFY(store.open(dbPath()));
            const qint64 id = store.createConversation(QStringLiteral("kept"));
            QVERIFY(store.saveTurn(id, 0, doneTurn(QStringLiteral("hello"), QStringLiteral("world"))) > 0);
        }
        test::SqliteLocker locker;
        QVERIFY2(locker.start(dbPath(), exclusiveMode), qPrintable(locker.error()));

        ConversationStore store;
        store.setBusyTimeout(50);
        QVERIFY(!store.open(dbPath()));
        QVERIFY(store.isBusy());
        QVERIFY2(store.lastError().contains(QStringLiteral("in use")), qPrintable(store.lastError()));
        QVERIFY(store.setAsidePath().isEmpty());
        QVERIFY(store.notice().isEmpty());
        QVERIFY(setAsideFiles(m_dir->path()).isEmpty());
        QVERIFY(QFileInfo::exists(dbPath()));

        // Once the other process lets go, the same file opens with what it held.
        QVERIFY2(locker.release(), qPrintable(locker.error()));
        QVERIFY2(store.open(dbPath()), qPrintable(store.lastError()));
        QVERIFY(!store.isBusy());
        QVERIFY(store.notice().isEmpty());
        QCOMPARE(store.listConversations().size(), existing ? 1 : 0);
        QVERIFY(setAsideFiles(m_dir->path()).isEmpty());
    }

    // A save refused because another process holds the write lock says busy, and works after.
    void saveWhileLockedSaysBusy()
    {
        ConversationStore store;
        store.setBusyTimeout(50);
        QVERIFY(store.open(dbPath()));
        const qint64 id = store.createConversation(QStringLiteral("kept"));
        QVERIFY(id > 0);
        test::SqliteLocker locker;
        QVERIFY2(locker.start(dbPath(), false), qPrintable(locker.error()));
        QCOMPARE(store.saveTurn(id, 0, doneTurn(QStringLiteral("hello"), QStringLiteral("world"))), 0);
        QVERIFY(store.isBusy());
        QVERIFY2(store.lastError().contains(QStringLiteral("in use")), qPrintable(store.lastError()));
        QVERIFY(!store.renameConversation(id, QStringLiteral("renamed")));
        QVERIFY(store.isBusy());
        QVERIFY(store.listConversations().size() == 1); // reading a WAL file still works
        QVERIFY2(locker.release(), qPrintable(locker.error()));
        QVERIFY(store.saveTurn(id, 0, doneTurn(QStringLiteral("hello"), QStringLiteral("world"))) > 0);
        QVERIFY(!store.isBusy());
        QCOMPARE(store.loadTurns(id).size(), 1);
        QVERIFY(setAsideFiles(m_dir->path()).isEmpty());
    }

    // History: what is recorded while another process holds the lock is kept, reported as busy,
    // and written in order once the lock is gone; the file is never renamed.
    void historyWaitsForTheLock()
    {
        History history;
        beImpatient(history);
        QSignalSpy opened(&history, &History::opened);
        QSignalSpy busy(&history, &History::busyChanged);
        history.open(dbPath());
        QTRY_COMPARE(opened.size(), 1);
        QVERIFY(opened.at(0).at(0).toBool());
        history.recordTurn(1, 0, doneTurn(QStringLiteral("first"), QStringLiteral("one")), QStringLiteral("Locked out"), {});
        history.flush();

        test::SqliteLocker locker;
        QVERIFY2(locker.start(dbPath(), false), qPrintable(locker.error()));
        history.recordTurn(1, 1, doneTurn(QStringLiteral("second"), QStringLiteral("two")), {}, {});
        history.recordTurn(1, 2, doneTurn(QStringLiteral("third"), QStringLiteral("three")), {}, {});
        history.recordTitle(1, QStringLiteral("Renamed while locked"));
        QTRY_VERIFY(history.isBusy());
        QCOMPARE(busy.size(), 1);
        QCOMPARE(busy.at(0).at(0).toBool(), true);
        QVERIFY2(busy.at(0).at(1).toString().contains(QStringLiteral("in use")), qPrintable(busy.at(0).at(1).toString()));
        QVERIFY(setAsideFiles(m_dir->path()).isEmpty());

        QVERIFY2(locker.release(), qPrintable(locker.error()));
        QTRY_VERIFY(!history.isBusy());
        QCOMPARE(busy.size(), 2);
        QCOMPARE(busy.at(1).at(0).toBool(), false);
        history.flush();
        QVERIFY(setAsideFiles(m_dir->path()).isEmpty());

        ConversationStore store;
        QVERIFY(store.open(dbPath()));
        const QList<ConversationSummary> list = store.listConversations();
        QCOMPARE(list.size(), 1);
        QCOMPARE(list.at(0).title, QStringLiteral("Renamed while locked"));
        const QList<Turn> turns = store.loadTurns(list.at(0).id);
        QCOMPARE(turns.size(), 3);
        QCOMPARE(turns.at(1).prompt, QStringLiteral("second"));
        QCOMPARE(turns.at(2).answer, QStringLiteral("three"));
    }

    // Opening while another process holds the file: busy, then opened (the same file) when it is free.
    void historyOpensOnceTheLockIsGone()
    {
        {
            ConversationStore store;
            QVERIFY(store.open(dbPath()));
            QVERIFY(store.createConversation(QStringLiteral("before")) > 0);
        }
        test::SqliteLocker locker;
        QVERIFY2(locker.start(dbPath(), true), qPrintable(locker.error()));
        History history;
        beImpatient(history);
        QSignalSpy opened(&history, &History::opened);
        QSignalSpy busy(&history, &History::busyChanged);
        history.open(dbPath());
        history.recordTurn(7, 0, doneTurn(QStringLiteral("asked while locked"), QStringLiteral("kept")), {}, {});
        QTRY_COMPARE(busy.size(), 1);
        QVERIFY(busy.at(0).at(0).toBool());
        QCOMPARE(opened.size(), 0);
        QVERIFY(setAsideFiles(m_dir->path()).isEmpty());

        QVERIFY2(locker.release(), qPrintable(locker.error()));
        QTRY_COMPARE(opened.size(), 1);
        QVERIFY(opened.at(0).at(0).toBool());
        QVERIFY(opened.at(0).at(1).toString().isEmpty()); // no notice: nothing was set aside
        QTRY_VERIFY(!history.isBusy());
        history.flush();
        QVERIFY(setAsideFiles(m_dir->path()).isEmpty());
        ConversationStore store;
        QVERIFY(store.open(dbPath()));
        QCOMPARE(store.listConversations().size(), 2);
        QCOMPARE(store.search(QStringLiteral("locked")).size(), 1);
    }

    // The history file, its -wal and -shm are the user's only, whatever the umask; a file and
    // Squint's own folder left open by an older version are tightened on start.
    void historyFilesArePrivate()
    {
        const test::Umask umask(022);
        const QString folder = m_dir->filePath(QStringLiteral("new/history"));
        const QString path = folder + QStringLiteral("/squint.sqlite");
        {
            ConversationStore store;
            QVERIFY2(store.open(path), qPrintable(store.lastError()));
            const qint64 id = store.createConversation(QStringLiteral("private"));
            QVERIFY(store.saveTurn(id, 0, doneTurn(QStringLiteral("hello"), QStringLiteral("world"))) > 0);
            QVERIFY(QFileInfo::exists(path + QStringLiteral("-wal")));
            for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")})
                QVERIFY2(test::isPrivateFile(path + suffix), qPrintable(test::modeOf(path + suffix)));
            QVERIFY2(test::isPrivateDir(folder), qPrintable(test::modeOf(folder)));
        }
        // An older version's file, readable by all, in a folder the user named: the file is
        // tightened, their folder is left as it is.
        QVERIFY(QFile::setPermissions(path, QFileDevice::Permissions(0x6644)));
        QVERIFY(QFile::setPermissions(folder, QFileDevice::Permissions(0x7755)));
        {
            ConversationStore store;
            QVERIFY(store.open(path));
            QVERIFY2(test::isPrivateFile(path), qPrintable(test::modeOf(path)));
            QCOMPARE(store.listConversations().size(), 1);
        }
        QVERIFY(!test::isPrivateDir(folder));
        // Squint's own data folder is tightened.
        const QString ownFolder = QFileInfo(ConversationStore::defaultPath()).absolutePath();
        QVERIFY(QDir().mkpath(ownFolder));
        QVERIFY(QFile::setPermissions(ownFolder, QFileDevice::Permissions(0x7755)));
        {
            ConversationStore store;
            QVERIFY(store.open());
            QVERIFY2(test::isPrivateDir(ownFolder), qPrintable(test::modeOf(ownFolder)));
            QVERIFY2(test::isPrivateFile(store.path()), qPrintable(test::modeOf(store.path())));
        }
    }
};

QTEST_GUILESS_MAIN(TstStore)
#include "tst_store.moc"
