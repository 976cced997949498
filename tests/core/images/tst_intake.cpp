// Reading files into the tray: squint::ingestFile on good and bad files, and a real Composer (worker
// threads, event loop) fed a mix of files, duplicates, big folders, symlink loops, pasted images,
// removals while loading, Fit to Model and model switches.

#include "core/catalog/catalog.h"
#include "core/compose/composer.h"
#include "core/compose/evaluation.h"
#include "core/compose/traymodel.h"
#include "core/images/imageprep.h"
#include "core/images/intake.h"
#include "core/util/hash.h"
#include "core/util/settings.h"

#include "fakehttpserver.h"
#include "privatetest.h"
#include "testimages.h"

#include <QBuffer>
#include <QCryptographicHash>
#include <QDeadlineTimer>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QImageWriter>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <atomic>
#include <memory>
#include <thread>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace squint;
namespace t = squint::test;

namespace {

const QString Claude = QStringLiteral("databricks-claude-sonnet-4-5");
const QString Llama = QStringLiteral("databricks-llama-4-maverick");

struct Message
{
    Composer::MessageLevel level;
    QString text;
};

} // namespace

class TestIntake : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void init();
    void cleanup();

    void ingestFile_data();
    void ingestFile();
    void ingestUnreadable();
    void ingestFolderAndMissing();
    void ingestPipeDoesNotHang();

    void mixOfGoodAndBadFiles();
    void duplicatesByContent();
    void bigFolderIsCapped();
    void symlinkLoopFolderFinishes();
    void removeWhileLoading();
    void pastedImageLandsInCache();
    void encodedBytesLandInCache();
    void cacheIsPrivate();
    void tiffIsPreparedForClaude();
    void fitToModelShrinksPayload();
    void setModelNameFlipsMeters();
    void droppedLinksDownloadOrExplain();
    void oneDecodeForEveryVariant();
    void pngDecodedOnceForThumbnailAndVariants();
    void modelSwitchDecodesOnlyWhatIsNotKept();
    void progressiveJpegDecodesOnceAfterItsFirstScan();
    void removedItemsLetTheirPixelsGo();
    void workRunsUrgentThenLargestFirst();

private:
    /// Claude with a 1000 px side cap, a 784 px Fit edge and a 300 kB request: a few 2016 x 1512
    /// photos each need a conversion and a fitted variant, both at libjpeg's 1/2 scale.
    void useSmallClaude(int maxSide = 1000);
    QStringList writePhotos(int count, QSize size, quint32 seed);
    Composer *makeComposer(const QString &model);
    bool waitIdle(int timeoutMs = 60'000);
    QList<Message> messagesContaining(const QString &needle) const;
    int rowNamed(const QString &name) const;

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Settings> m_settings;
    std::unique_ptr<QNetworkAccessManager> m_nam;
    std::unique_ptr<Composer> m_composer;
    QList<Message> m_messages;
};

void TestIntake::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(Catalog::builtIn().isValid());
    QDir(intakeCacheDir()).removeRecursively();
}

void TestIntake::cleanupTestCase()
{
    // Test mode: this is ~/.qttest/cache/<test name>, never the user's cache.
    QVERIFY(QStandardPaths::isTestModeEnabled());
    QDir(QStandardPaths::writableLocation(QStandardPaths::CacheLocation)).removeRecursively();
}

void TestIntake::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_messages.clear();
}

void TestIntake::cleanup()
{
    m_composer.reset(); // waits for its workers
    m_nam.reset();
    m_settings.reset();
    m_dir.reset();
}

Composer *TestIntake::makeComposer(const QString &model)
{
    m_settings = std::make_unique<Settings>(m_dir->filePath(QStringLiteral("settings/squint.ini")));
    m_nam = std::make_unique<QNetworkAccessManager>();
    m_composer = std::make_unique<Composer>(Catalog::builtIn(), m_settings.get(), m_nam.get());
    m_composer->setModelName(model);
    m_composer->setPrompt(QStringLiteral("What is in these pictures?"));
    connect(m_composer.get(), &Composer::message, this,
            [this](Composer::MessageLevel level, const QString &text) { m_messages << Message{level, text}; });
    return m_composer.get();
}

// Idle means: no work pending, and still none after the queued evaluation (which may start
// preparations) has run.
bool TestIntake::waitIdle(int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    int quiet = 0;
    while (!deadline.hasExpired()) {
        QTest::qWait(10);
        if (m_composer->isBusy())
            quiet = 0;
        else if (++quiet >= 3)
            return true;
    }
    return false;
}

QList<Message> TestIntake::messagesContaining(const QString &needle) const
{
    QList<Message> out;
    for (const Message &m : m_messages)
        if (m.text.contains(needle))
            out << m;
    return out;
}

int TestIntake::rowNamed(const QString &name) const
{
    const TrayModel *tray = m_composer->tray();
    for (int i = 0; i < tray->count(); ++i)
        if (tray->itemAt(i).name == name)
            return i;
    return -1;
}

void TestIntake::ingestFile_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("jpeg") << t::photoJpeg(QSize(320, 240)) << true << QString();
    QTest::newRow("png alpha") << t::alphaPng(QSize(100, 50)) << true << QString();
    QTest::newRow("gif") << t::gifBytes(QSize(40, 30)) << true << QString();
    QTest::newRow("webp") << t::webpBytes(QSize(40, 30)) << true << QString();
    QTest::newRow("zero bytes") << QByteArray() << false << QStringLiteral("empty");
    QTest::newRow("text named .jpg") << t::textBytes() << false << QStringLiteral("not an image");
    QTest::newRow("pdf") << t::pdfLike() << false << QStringLiteral("PDF");
    QTest::newRow("truncated jpeg") << t::truncated(t::photoJpeg(QSize(320, 240))) << false << QStringLiteral("truncated");
    QTest::newRow("corrupt jpeg") << t::corruptJpeg() << false << QStringLiteral("damaged");
    QTest::newRow("40000x40000 png") << t::pngDeclaring(40000, 40000) << false << QStringLiteral("megapixels");
}

void TestIntake::ingestFile()
{
    QFETCH(QByteArray, bytes);
    QFETCH(bool, ok);
    QFETCH(QString, mentions);
    const QString path = t::writeFile(m_dir->path(), QStringLiteral("file.jpg"), bytes);
    QVERIFY(!path.isEmpty());
    const IngestResult r = squint::ingestFile(path);
    QCOMPARE(r.probe.ok, ok);
    if (ok) {
        QCOMPARE(r.sha256, QCryptographicHash::hash(bytes, QCryptographicHash::Sha256));
        QCOMPARE(r.sha256.size(), 32);
        QCOMPARE(r.probe.info.fileBytes, qint64(bytes.size()));
        QVERIFY(!r.probe.thumbnail.isNull());
        // Same answer from the bytes directly.
        QCOMPARE(squint::ingestBytes(bytes).sha256, r.sha256);
    } else {
        QVERIFY(r.sha256.isEmpty());
        QVERIFY2(r.probe.error.contains(mentions, Qt::CaseInsensitive), qPrintable(r.probe.error));
    }
    QCOMPARE(sha256Of(bytes), QCryptographicHash::hash(bytes, QCryptographicHash::Sha256));
}

void TestIntake::ingestUnreadable()
{
    QString how;
    const QString path = t::unreadableFile(m_dir->path(), &how);
    if (path.isEmpty())
        QSKIP(qPrintable(QStringLiteral("no unreadable file can be made here: ") + how));
    qInfo("unreadable file: %s", qPrintable(how));
    const IngestResult r = squint::ingestFile(path);
    QVERIFY(!r.probe.ok);
    QVERIFY2(r.probe.error.contains(QLatin1String("can't read"), Qt::CaseInsensitive), qPrintable(r.probe.error));
    QVERIFY(r.sha256.isEmpty());
}

void TestIntake::ingestFolderAndMissing()
{
    const IngestResult dir = squint::ingestFile(m_dir->path());
    QVERIFY(!dir.probe.ok);
    QVERIFY2(dir.probe.error.contains(QLatin1String("folder")), qPrintable(dir.probe.error));
    const IngestResult missing = squint::ingestFile(m_dir->filePath(QStringLiteral("gone.jpg")));
    QVERIFY(!missing.probe.ok);
    QVERIFY2(missing.probe.error.contains(QLatin1String("not exist")), qPrintable(missing.probe.error));
}

void TestIntake::ingestPipeDoesNotHang()
{
    // A named pipe named like a photo: opening it for reading would wait for a writer forever (and
    // a device like /dev/zero would never end). Squint must refuse it at once.
    const QString fifo = m_dir->filePath(QStringLiteral("pipe.jpg"));
    if (::mkfifo(QFile::encodeName(fifo).constData(), 0600) != 0)
        QSKIP("mkfifo failed");
    IngestResult r;
    std::atomic_bool done{false};
    std::thread reader([&] {
        r = squint::ingestFile(fifo);
        done = true;
    });
    QDeadlineTimer deadline(5000);
    while (!done && !deadline.hasExpired())
        QThread::msleep(10);
    const bool finishedAlone = done;
    if (!finishedAlone) {
        // Unblock the reader so the test can end: a writer opens and closes the pipe (EOF).
        const int fd = ::open(QFile::encodeName(fifo).constData(), O_WRONLY | O_NONBLOCK);
        if (fd >= 0)
            ::close(fd);
    }
    reader.join();
    QVERIFY2(finishedAlone, "ingestFile blocked on a named pipe");
    QVERIFY(!r.probe.ok);
    QVERIFY(!r.probe.error.isEmpty());
    QVERIFY2(!r.probe.error.contains(QLatin1String("empty")), qPrintable(r.probe.error));

    // Character devices are refused the same way, whatever their name.
    if (QFileInfo::exists(QStringLiteral("/dev/null"))) {
        const IngestResult dev = squint::ingestFile(QStringLiteral("/dev/null"));
        QVERIFY(!dev.probe.ok);
        QVERIFY2(!dev.probe.error.contains(QLatin1String("empty")), qPrintable(dev.probe.error));
    }
}

void TestIntake::mixOfGoodAndBadFiles()
{
    Composer *c = makeComposer(Claude);
    const QString d = m_dir->path();
    struct Entry
    {
        QString name;
        QByteArray bytes;
        QString mentions; // empty: good
    };
    const QList<Entry> entries = {
        {QStringLiteral("photo.jpg"), t::photoJpeg(QSize(640, 480)), {}},
        {QStringLiteral("screen.png"), t::screenshotPng(QSize(800, 500)), {}},
        {QStringLiteral("anim.gif"), t::animatedGifBytes(QSize(50, 40)), {}},
        {QStringLiteral("zero.jpg"), QByteArray(), QStringLiteral("empty")},
        {QStringLiteral("notes.jpg"), t::textBytes(), QStringLiteral("not an image")},
        {QStringLiteral("paper.png"), t::pdfLike(), QStringLiteral("PDF")},
        {QStringLiteral("cut.png"), t::truncated(t::photoPng(QSize(200, 150)), 0.5), QStringLiteral("truncated")},
        {QStringLiteral("bomb.png"), t::pngDeclaring(40000, 40000), QStringLiteral("megapixels")},
        {QStringLiteral("broken.jpg"), t::corruptJpeg(), QStringLiteral("damaged")},
    };
    QStringList paths;
    for (const Entry &e : entries)
        paths << t::writeFile(d, e.name, e.bytes);
    QString how;
    const QString unreadable = t::unreadableFile(d, &how);
    if (!unreadable.isEmpty())
        paths << unreadable;
    paths << d + QStringLiteral("/vanished.jpg"); // never existed
    const QString fifo = d + QStringLiteral("/pipe.png");
    QCOMPARE(::mkfifo(QFile::encodeName(fifo).constData(), 0600), 0);
    paths << fifo; // would block a reader forever

    c->addPaths(paths);
    QVERIFY(c->isBusy());
    QCOMPARE(c->tray()->count(), paths.size()); // pending at once
    QVERIFY(waitIdle());

    const TrayModel *tray = c->tray();
    QCOMPARE(tray->count(), paths.size()); // nothing lost
    int failed = 0;
    for (const Entry &e : entries) {
        const int row = rowNamed(e.name);
        QVERIFY2(row >= 0, qPrintable(e.name));
        const TrayItem &it = tray->itemAt(row);
        if (e.mentions.isEmpty()) {
            QVERIFY2(it.stage == ItemFacts::Stage::Ready, qPrintable(e.name + QLatin1String(": ") + it.error));
            QCOMPARE(it.sha256, QCryptographicHash::hash(e.bytes, QCryptographicHash::Sha256));
            QVERIFY(!it.thumbnail.isNull());
        } else {
            ++failed;
            QVERIFY2(it.stage == ItemFacts::Stage::Failed, qPrintable(e.name));
            QVERIFY2(it.error.contains(e.mentions, Qt::CaseInsensitive), qPrintable(e.name + QLatin1String(": ") + it.error));
            QCOMPARE(tray->data(tray->index(row), TrayModel::ErrorRole).toString(), it.error);
            QCOMPARE(tray->data(tray->index(row), TrayModel::StateRole).toInt(), int(ItemVerdict::State::Failed));
            // The user is told, by name.
            const QList<Message> said = messagesContaining(e.name);
            QVERIFY2(!said.isEmpty(), qPrintable(e.name));
            QCOMPARE(int(said.first().level), int(Composer::MessageLevel::Warning));
            QVERIFY(said.first().text.contains(it.error));
        }
    }
    if (!unreadable.isEmpty()) {
        const TrayItem &it = tray->itemAt(rowNamed(QStringLiteral("locked.jpg")));
        QVERIFY(it.stage == ItemFacts::Stage::Failed);
        QVERIFY2(it.error.contains(QLatin1String("can't read")), qPrintable(it.error));
        ++failed;
    }
    const TrayItem &vanished = tray->itemAt(rowNamed(QStringLiteral("vanished.jpg")));
    QVERIFY(vanished.stage == ItemFacts::Stage::Failed);
    ++failed;
    const TrayItem &pipe = tray->itemAt(rowNamed(QStringLiteral("pipe.png")));
    QVERIFY(pipe.stage == ItemFacts::Stage::Failed);
    ++failed;

    // Failed images don't block Send; the good ones go.
    const Evaluation &ev = c->evaluation();
    QCOMPARE(ev.count.value, qint64(3));
    QVERIFY2(ev.canSend, qPrintable(ev.blocker));
    QVERIFY(std::any_of(ev.notes.begin(), ev.notes.end(),
                        [&](const QString &n) { return n.contains(QString::number(failed)); }));
}

void TestIntake::duplicatesByContent()
{
    Composer *c = makeComposer(Claude);
    const QByteArray bytes = t::photoJpeg(QSize(200, 100));
    const QString a = t::writeFile(m_dir->path(), QStringLiteral("first.jpg"), bytes);
    const QString b = t::writeFile(m_dir->path(), QStringLiteral("copy of first.jpg"), bytes);
    const QString other = t::writeFile(m_dir->path(), QStringLiteral("other.jpg"), t::photoJpeg(QSize(200, 100), 90, 2));
    c->addPaths({a});
    QVERIFY(waitIdle());
    c->addPaths({b, other});
    QVERIFY(waitIdle());
    QCOMPARE(c->tray()->count(), 2);
    QVERIFY(rowNamed(QStringLiteral("first.jpg")) >= 0);
    QVERIFY(rowNamed(QStringLiteral("other.jpg")) >= 0);
    QCOMPARE(rowNamed(QStringLiteral("copy of first.jpg")), -1);
    const QList<Message> said = messagesContaining(QStringLiteral("copy of first.jpg"));
    QCOMPARE(said.size(), 1);
    QCOMPARE(int(said.first().level), int(Composer::MessageLevel::Info));
    QVERIFY2(said.first().text.contains(QLatin1String("first.jpg")) && said.first().text.contains(QLatin1String("already")),
             qPrintable(said.first().text));
    QCOMPARE(c->evaluation().count.value, qint64(2));

    // Two copies dropped together (read in parallel): still one item.
    const QByteArray twin = t::screenshotPng(QSize(90, 60));
    const QString x = t::writeFile(m_dir->path(), QStringLiteral("twin-a.png"), twin);
    const QString y = t::writeFile(m_dir->path(), QStringLiteral("twin-b.png"), twin);
    c->addPaths({x, y, x});
    QVERIFY(waitIdle());
    QCOMPARE(c->tray()->count(), 3);
    int twins = 0;
    for (const TrayItem &it : c->tray()->items())
        twins += it.sha256 == QCryptographicHash::hash(twin, QCryptographicHash::Sha256);
    QCOMPARE(twins, 1);
}

void TestIntake::bigFolderIsCapped()
{
    Composer *c = makeComposer(Claude);
    m_settings->setFolderFileCap(1000);
    const QString folder = m_dir->filePath(QStringLiteral("many"));
    t::makeManyFiles(folder, 10'000, 1'200);

    int pendingAfterScan = -1;
    const QMetaObject::Connection counting =
        connect(c->tray(), &TrayModel::rowsInserted, this, [&] { pendingAfterScan = c->tray()->count(); });
    QElapsedTimer timer;
    timer.start();
    c->addPaths({folder});
    QVERIFY(c->isBusy());
    const bool idle = waitIdle(120'000);
    disconnect(counting);
    QVERIFY(idle);
    qInfo("1000 of 10,000 files read in %lld ms", timer.elapsed());

    const TrayModel *tray = c->tray();
    QCOMPARE(pendingAfterScan, 1000);
    QCOMPARE(tray->count(), 1000);
    for (const TrayItem &it : tray->items())
        QVERIFY2(it.stage == ItemFacts::Stage::Ready, qPrintable(it.name + QLatin1String(": ") + it.error));
    // The first 1000 images in name order.
    QCOMPARE(tray->itemAt(0).name, QStringLiteral("img-00000.png"));
    QCOMPARE(tray->itemAt(999).name, QStringLiteral("img-00999.png"));
    // The user is told how many were left out and what the cap is.
    const QList<Message> warned = messagesContaining(QStringLiteral("1200"));
    QCOMPARE(warned.size(), 1);
    QCOMPARE(int(warned.first().level), int(Composer::MessageLevel::Warning));
    QVERIFY2(warned.first().text.contains(QLatin1String("1000")) && warned.first().text.contains(QLatin1String("many")),
             qPrintable(warned.first().text));
    // 1000 images is far over Claude's 100.
    QCOMPARE(c->evaluation().count.value, qint64(1000));
    QVERIFY(!c->evaluation().canSend);
}

void TestIntake::symlinkLoopFolderFinishes()
{
    Composer *c = makeComposer(Claude);
    const QString root = m_dir->filePath(QStringLiteral("tree"));
    const int images = t::makeTreeWithLoop(root);
    c->addPaths({root});
    QVERIFY(waitIdle());
    QCOMPARE(c->tray()->count(), images);
    for (const TrayItem &it : c->tray()->items())
        QVERIFY2(it.stage == ItemFacts::Stage::Ready, qPrintable(it.name + QLatin1String(": ") + it.error));
    QVERIFY(!messagesContaining(QStringLiteral("loop")).isEmpty());
}

void TestIntake::removeWhileLoading()
{
    Composer *c = makeComposer(Claude);
    // Big enough that reading takes a while; several, so some are surely still loading.
    QStringList paths;
    for (int i = 0; i < 6; ++i)
        paths << t::writeFile(m_dir->path(), QStringLiteral("big%1.jpg").arg(i), t::photoJpeg(QSize(2400, 1600), 90, quint32(i + 1)));
    c->addPaths(paths);
    const TrayModel *tray = c->tray();
    QCOMPARE(tray->count(), 6);
    QVERIFY(tray->itemAt(0).stage == ItemFacts::Stage::Loading);
    const quint64 first = tray->itemAt(0).id, third = tray->itemAt(2).id;
    c->remove({first, third});
    QCOMPARE(tray->count(), 4);
    QVERIFY(waitIdle());
    QCOMPARE(tray->count(), 4);
    QVERIFY(!tray->itemById(first));
    QVERIFY(!tray->itemById(third));
    for (const TrayItem &it : tray->items())
        QVERIFY(it.stage == ItemFacts::Stage::Ready);
    QCOMPARE(c->evaluation().count.value, qint64(4));

    // Clearing everything while a folder is being read: what the walk finds afterwards is dropped,
    // so the tray stays empty; the evaluation follows on the next turn.
    c->addPaths({m_dir->path()});
    c->clear();
    QVERIFY(waitIdle());
    QCOMPARE(tray->count(), 0);
    QTRY_COMPARE(c->evaluation().count.value, qint64(0));
    QVERIFY(c->evaluation().items.isEmpty());
}

void TestIntake::pastedImageLandsInCache()
{
    Composer *c = makeComposer(Claude);
    const QImage image = t::screenshotImage(QSize(300, 200));
    c->addImageData(image, QStringLiteral("Screenshot"));
    QCOMPARE(c->tray()->count(), 1);
    QVERIFY(waitIdle());
    const TrayItem &it = c->tray()->itemAt(0);
    QVERIFY2(it.stage == ItemFacts::Stage::Ready, qPrintable(it.error));
    QCOMPARE(it.name, QStringLiteral("Screenshot"));
    QCOMPARE(it.info.format, QByteArray("png"));
    QCOMPARE(it.info.size, QSize(300, 200));
    const QString cache = QDir(intakeCacheDir()).canonicalPath();
    QVERIFY(!cache.isEmpty());
    QVERIFY2(QFileInfo(it.path).canonicalFilePath().startsWith(cache + QLatin1Char('/')), qPrintable(it.path));
    QVERIFY(it.path.endsWith(QLatin1String(".png")));
    QFile f(it.path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray stored = f.readAll();
    QCOMPARE(it.sha256, QCryptographicHash::hash(stored, QCryptographicHash::Sha256));
    QImage back;
    QVERIFY(back.loadFromData(stored, "PNG"));
    QCOMPARE(back.convertToFormat(QImage::Format_RGB32), image.convertToFormat(QImage::Format_RGB32));
    // Not in the user's test folder.
    QVERIFY(!it.path.startsWith(m_dir->path()));

    // A null image is refused with a message, and adds nothing.
    c->addImageData(QImage());
    QCOMPARE(c->tray()->count(), 1);
    QVERIFY(!m_messages.isEmpty());
}

void TestIntake::encodedBytesLandInCache()
{
    Composer *c = makeComposer(Claude);
    const QByteArray webp = t::webpBytes(QSize(64, 48));
    c->addEncoded(webp, QStringLiteral("dropped.webp"), QStringLiteral("Clipboard"));
    QVERIFY(waitIdle());
    const TrayItem &it = c->tray()->itemAt(0);
    QVERIFY2(it.stage == ItemFacts::Stage::Ready, qPrintable(it.error));
    QCOMPARE(it.info.format, QByteArray("webp"));
    QVERIFY(it.path.endsWith(QLatin1String(".webp")));
    QFile f(it.path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(f.readAll(), webp);
    // Bad bytes fail like a bad file does.
    c->addEncoded(t::textBytes(), QStringLiteral("not-really.png"), QStringLiteral("Clipboard"));
    QVERIFY(waitIdle());
    QCOMPARE(c->tray()->count(), 2);
    QVERIFY(c->tray()->itemAt(1).stage == ItemFacts::Stage::Failed);
}

// The cache holds the user's images: its folder is 0700 and each file 0600 whatever the umask, and
// what an older version left readable by others is tightened when Squint starts.
void TestIntake::cacheIsPrivate()
{
    const t::Umask umask(022);
    const QString cache = intakeCacheDir();
    QDir(cache).removeRecursively();
    QVERIFY(QDir().mkpath(cache));
    const QString old = t::writeFile(cache, QStringLiteral("older-version.png"), t::photoPng(QSize(8, 8), 1));
    QVERIFY(!t::isPrivateDir(cache));
    QVERIFY(!t::isPrivateFile(old));

    Composer *c = makeComposer(Claude); // its Intake tightens the cache on start
    QTRY_VERIFY2(t::isPrivateDir(cache), qPrintable(t::modeOf(cache)));
    QTRY_VERIFY2(t::isPrivateFile(old), qPrintable(t::modeOf(old)));

    c->addImageData(t::screenshotImage(QSize(40, 30)), QStringLiteral("Screenshot"));
    c->addEncoded(t::webpBytes(QSize(64, 48)), QStringLiteral("dropped.webp"), QStringLiteral("Clipboard"));
    const QString tiff = t::writeFile(m_dir->path(), QStringLiteral("scan.tiff"), t::tiffBytes(t::screenshotImage(QSize(40, 30))));
    c->addPaths({tiff}); // converted for Claude: the PNG variant is written to the cache
    QVERIFY(waitIdle());
    QCOMPARE(c->tray()->count(), 3);
    QVERIFY2(QFileInfo(c->tray()->itemAt(0).path).absolutePath() == QFileInfo(cache).absoluteFilePath(),
             qPrintable(c->tray()->itemAt(0).path));
    const QStringList files = QDir(cache).entryList(QDir::Files);
    QVERIFY2(files.size() >= 3, qPrintable(files.join(u',')));
    for (const QString &f : files)
        QVERIFY2(t::isPrivateFile(QDir(cache).filePath(f)), qPrintable(t::modeOf(QDir(cache).filePath(f))));
    QVERIFY2(t::isPrivateDir(cache), qPrintable(t::modeOf(cache)));
}

void TestIntake::tiffIsPreparedForClaude()
{
    Composer *c = makeComposer(Claude);
    const QString tiff = t::writeFile(m_dir->path(), QStringLiteral("scan.tiff"), t::tiffBytes(t::screenshotImage(QSize(400, 300))));
    c->addPaths({tiff});
    QVERIFY(waitIdle());
    const TrayItem &it = c->tray()->itemAt(0);
    QVERIFY(it.stage == ItemFacts::Stage::Ready);
    QCOMPARE(int(it.verdict.state), int(ItemVerdict::State::Convert));
    QCOMPARE(it.prepared.format, QByteArray("png"));
    QVERIFY(!it.prepared.isNull());
    QCOMPARE(qint64(it.prepared.data().size()), it.prepared.byteCount); // kept in the cache folder
    const Evaluation &ev = c->evaluation();
    QVERIFY2(ev.canSend, qPrintable(ev.blocker));
    QVERIFY(!ev.payload.estimate);
    QCOMPARE(ev.items.at(0).sendBytes, it.prepared.byteCount);
}

void TestIntake::fitToModelShrinksPayload()
{
    Composer *c = makeComposer(Llama);
    const QString big = t::writeFile(m_dir->path(), QStringLiteral("camera.jpg"),
                                     t::jpegWithExif(t::photoJpeg(QSize(4000, 3000), 85), 1, true));
    c->addPaths({big});
    QVERIFY(waitIdle());
    const TrayItem &it = c->tray()->itemAt(0);
    QVERIFY(it.stage == ItemFacts::Stage::Ready);
    QCOMPARE(int(it.verdict.state), int(ItemVerdict::State::Ok)); // Llama 4 has no side or byte cap per image
    const qint64 before = c->evaluation().payload.value;
    QVERIFY(before > QFileInfo(big).size()); // base64 of it

    c->fitToModel();
    QVERIFY(c->isBusy());
    QVERIFY(waitIdle());
    const TrayItem &after = c->tray()->itemAt(0);
    QCOMPARE(int(after.verdict.state), int(ItemVerdict::State::Fitted));
    QCOMPARE(after.fitted.size, QSize(1344, 1008)); // L2: 4 x 336 px long edge
    const Evaluation &ev = c->evaluation();
    QVERIFY2(ev.payload.value < before, qPrintable(QStringLiteral("%1 -> %2").arg(before).arg(ev.payload.value)));
    QCOMPARE(ev.items.at(0).sendBytes, after.fitted.byteCount);
    QCOMPARE(qint64(after.fitted.data().size()), after.fitted.byteCount);
    QVERIFY(ev.canSend);
    QVERIFY(!messagesContaining(QStringLiteral("Fitted to")).isEmpty());
    // The original on disk is untouched.
    QFile f(big);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256), after.sha256);
}

void TestIntake::setModelNameFlipsMeters()
{
    Composer *c = makeComposer(Claude);
    QStringList paths;
    for (int i = 0; i < 6; ++i)
        paths << t::writeFile(m_dir->path(), QStringLiteral("p%1.png").arg(i), t::photoPng(QSize(64, 48), quint32(i + 1)));
    c->addPaths(paths);
    QVERIFY(waitIdle());
    QCOMPARE(c->evaluation().count.value, qint64(6));
    QCOMPARE(int(c->evaluation().count.level), int(Meter::Level::Ok));
    QVERIFY(c->evaluation().canSend);

    c->setModelName(Llama);
    QCOMPARE(c->modelName(), Llama);
    QCOMPARE(c->evaluation().count.limit, qint64(5));
    QCOMPARE(int(c->evaluation().count.level), int(Meter::Level::Over));
    QVERIFY(!c->evaluation().canSend);
    QCOMPARE(m_settings->lastModel(), Llama);

    // A per-endpoint override lifts it; the composer picks it up.
    m_settings->setLimitOverrides(Llama, {{QString::fromLatin1(LimitField::MaxImages), 6}});
    QCOMPARE(c->evaluation().count.limit, qint64(6));
    QVERIFY(c->evaluation().canSend);

    c->setModelName(Claude);
    QCOMPARE(int(c->evaluation().count.level), int(Meter::Level::Ok));
    QVERIFY(c->evaluation().canSend);
}

// Links dropped from a browser go through the real fetcher to a loopback server: an image lands in
// the tray like a file; a 404 and an HTML page become failed items with the reason, and nothing
// else in the tray is lost.
void TestIntake::droppedLinksDownloadOrExplain()
{
    squint::test::FakeHttpServer server;
    QVERIFY(server.isListening());
    const QByteArray png = squint::test::screenshotPng(QSize(320, 200));
    server.route(QStringLiteral("/cat.png"), squint::test::Response::ok(png, "image/png"));
    server.route(QStringLiteral("/gone.png"), squint::test::Response::error(404));
    server.route(QStringLiteral("/page.png"),
                 squint::test::Response::ok("<!DOCTYPE html><html><body>Not a picture</body></html>", "text/html"));
    const QString local = squint::test::writeFile(m_dir->path(), QStringLiteral("local.jpg"),
                                                  squint::test::photoJpeg(QSize(640, 480)));
    QVERIFY(!local.isEmpty());

    Composer *c = makeComposer(Claude);
    c->addUrls({QUrl::fromLocalFile(local), server.url(QStringLiteral("/cat.png")),
                server.url(QStringLiteral("/gone.png")), server.url(QStringLiteral("/page.png"))});
    QCOMPARE(c->tray()->count(), 4);
    QVERIFY(waitIdle());

    const TrayModel *tray = c->tray();
    QCOMPARE(tray->count(), 4);
    const TrayItem &file = tray->itemAt(rowNamed(QStringLiteral("local.jpg")));
    QVERIFY(file.stage == ItemFacts::Stage::Ready);
    const TrayItem &cat = tray->itemAt(rowNamed(QStringLiteral("cat.png")));
    QVERIFY2(cat.stage == ItemFacts::Stage::Ready, qPrintable(cat.error));
    QCOMPARE(cat.sha256, QCryptographicHash::hash(png, QCryptographicHash::Sha256));
    QVERIFY(QFileInfo(cat.path).isFile()); // the download is kept as a file in the cache folder
    const TrayItem &gone = tray->itemAt(rowNamed(QStringLiteral("gone.png")));
    QVERIFY(gone.stage == ItemFacts::Stage::Failed);
    QVERIFY2(gone.error.contains(QLatin1String("404")), qPrintable(gone.error));
    const TrayItem &page = tray->itemAt(rowNamed(QStringLiteral("page.png")));
    QVERIFY(page.stage == ItemFacts::Stage::Failed);
    QVERIFY2(page.error.contains(QLatin1String("web page")), qPrintable(page.error));
    QVERIFY(!messagesContaining(QStringLiteral("404")).isEmpty());
    QCOMPARE(c->evaluation().count.value, qint64(2));
}

void TestIntake::useSmallClaude(int maxSide)
{
    m_settings->setLimitOverrides(Claude,
                                  {{QString::fromLatin1(LimitField::MaxPixelsPerSide), maxSide},
                                   {QString::fromLatin1(LimitField::RecommendedLongEdge), 784},
                                   {QString::fromLatin1(LimitField::MaxRequestBytes), 300'000}});
}

QStringList TestIntake::writePhotos(int count, QSize size, quint32 seed)
{
    QStringList paths;
    for (int i = 0; i < count; ++i)
        paths << t::writeFile(m_dir->path(),
                              QStringLiteral("photo%1-%2.jpg").arg(seed).arg(i),
                              t::photoJpeg(size, 92, seed + quint32(i)));
    return paths;
}

namespace {
QByteArray fileBytes(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}
} // namespace

// Each photo's variants come from one decode: the conversion the side cap asks for and the variant
// Fit to Model sends, the very bytes prepareForSend() and fitImage() make from the file (both sizes
// take libjpeg's 1/2 scale). A JPEG's thumbnail keeps its own 1/8 decode (it comes first, and costs
// less than the 1/2 one): two decodes a photo where there were three.
void TestIntake::oneDecodeForEveryVariant()
{
    Composer *c = makeComposer(Claude);
    useSmallClaude();
    const QStringList paths = writePhotos(4, QSize(2016, 1512), 40);
    c->addPaths(paths);
    QVERIFY(waitIdle());
    Intake *intake = c->intake();
    QCOMPARE(intake->decodeCount(), 8);
    // The fitted variants made ahead may still be under way (nobody waits for them yet); once they
    // are made, no pixels are held.
    QTRY_COMPARE_WITH_TIMEOUT(intake->queuedOrRunning(), 0, 60'000);
    QCOMPARE(intake->keptPixelBytes(), qint64(0));
    QVERIFY(intake->peakKeptPixelBytes() <= Intake::KeepBudgetBytes);
    const TrayModel *tray = c->tray();
    QCOMPARE(tray->count(), 4);
    for (int row = 0; row < tray->count(); ++row) {
        const TrayItem &it = tray->itemAt(row);
        QVERIFY2(it.stage == ItemFacts::Stage::Ready, qPrintable(it.error));
        QVERIFY(!it.thumbnail.isNull());
        const SendPlan plan = c->evaluation().items.at(row).plan;
        QCOMPARE(int(plan.action), int(SendPlan::Action::Downscale));
        QCOMPARE(it.prepared.key, plan.key());
        QCOMPARE(it.prepared.size, QSize(1000, 750));
        const QByteArray original = fileBytes(it.path);
        QVERIFY(it.prepared.data() == prepareForSend(original, it.info, plan).bytes);
    }
    QVERIFY2(!c->evaluation().canSend,
             "the fixture should need Fit to Model"); // 4 conversions > 300 kB

    const FitTarget target = fitTargetForTurn(c->profile(), c->context(), c->prompt(), 4);
    c->fitToModel();
    QVERIFY(waitIdle());
    QCOMPARE(intake->decodeCount(), 8); // Fit found its variants made
    for (int row = 0; row < tray->count(); ++row) {
        const TrayItem &it = tray->itemAt(row);
        QCOMPARE(int(it.verdict.state), int(ItemVerdict::State::Fitted));
        const PreparedImage alone = fitImage(fileBytes(it.path), it.info, target);
        QVERIFY(!alone.isNull());
        QVERIFY(it.fitted.data() == alone.bytes);
        QCOMPARE(it.fitted.changes, alone.changes);
    }
    QVERIFY2(c->evaluation().canSend, qPrintable(c->evaluation().blocker));
}

// A PNG's thumbnail costs a whole decode anyway: that decode is shared with its conversion and its
// fitted variant, and its pixels are let go once they are made.
void TestIntake::pngDecodedOnceForThumbnailAndVariants()
{
    Composer *c = makeComposer(Claude);
    useSmallClaude();
    QStringList paths;
    for (int i = 0; i < 3; ++i)
        paths << t::writeFile(m_dir->path(),
                              QStringLiteral("shot%1.png").arg(i),
                              t::photoPng(QSize(1600, 1200), quint32(80 + i)));
    c->addPaths(paths);
    QVERIFY(waitIdle());
    Intake *intake = c->intake();
    QCOMPARE(intake->decodeCount(), 3);
    for (const TrayItem &it : c->tray()->items()) {
        QVERIFY2(it.stage == ItemFacts::Stage::Ready, qPrintable(it.error));
        QCOMPARE(it.thumbnail.size(), QSize(256, 192));
        QCOMPARE(it.prepared.size, QSize(1000, 750));
    }
    QTRY_COMPARE_WITH_TIMEOUT(intake->queuedOrRunning(), 0, 60'000);
    QCOMPARE(intake->keptPixelBytes(), qint64(0));
    QVERIFY(intake->peakKeptPixelBytes() > 0);
    c->fitToModel();
    QVERIFY(waitIdle());
    QCOMPARE(intake->decodeCount(), 3);
    for (const TrayItem &it : c->tray()->items())
        QCOMPARE(int(it.verdict.state), int(ItemVerdict::State::Fitted));
}

// A new model whose plan needs a new size decodes each image once more; going back to a size made
// before decodes nothing.
void TestIntake::modelSwitchDecodesOnlyWhatIsNotKept()
{
    Composer *c = makeComposer(Claude);
    useSmallClaude(1000);
    c->addPaths(writePhotos(3, QSize(2016, 1512), 50));
    QVERIFY(waitIdle());
    Intake *intake = c->intake();
    QCOMPARE(intake->decodeCount(), 6); // thumbnails, then one decode for each photo's variants
    QList<QByteArray> at1000;
    for (const TrayItem &it : c->tray()->items())
        at1000 << it.prepared.data();

    useSmallClaude(600);
    QVERIFY(waitIdle());
    QCOMPARE(intake->decodeCount(), 9);
    for (const TrayItem &it : c->tray()->items())
        QCOMPARE(it.prepared.size, QSize(600, 450));

    useSmallClaude(1000);
    QVERIFY(waitIdle());
    QCOMPARE(intake->decodeCount(), 9);
    for (int row = 0; row < c->tray()->count(); ++row) {
        QCOMPARE(c->tray()->itemAt(row).prepared.size, QSize(1000, 750));
        QVERIFY(c->tray()->itemAt(row).prepared.data() == at1000.at(row));
    }
}

// A progressive JPEG's thumbnail comes from its first scan at once; its conversion and fitted variant
// from one full decode afterwards (every scan, at the one scale both need).
void TestIntake::progressiveJpegDecodesOnceAfterItsFirstScan()
{
    Composer *c = makeComposer(Claude);
    useSmallClaude();
    QStringList paths;
    for (int i = 0; i < 2; ++i) {
        QBuffer buffer;
        buffer.open(QIODevice::WriteOnly);
        QImageWriter writer(&buffer, "jpeg");
        writer.setQuality(92);
        writer.setProgressiveScanWrite(true);
        QVERIFY(writer.write(t::photoImage(QSize(2016, 1512), quint32(60 + i))));
        paths << t::writeFile(m_dir->path(),
                              QStringLiteral("progressive%1.jpg").arg(i),
                              buffer.data());
    }
    c->addPaths(paths);
    QVERIFY(waitIdle());
    QCOMPARE(c->intake()->decodeCount(), 4); // per image: the first scan, then one full decode
    for (const TrayItem &it : c->tray()->items()) {
        QVERIFY(!it.thumbnail.isNull());
        QCOMPARE(it.prepared.size, QSize(1000, 750));
        QVERIFY(
            it.prepared.data()
            == prepareForSend(fileBytes(it.path), it.info, c->evaluation().items.at(0).plan).bytes);
    }
    c->fitToModel();
    QVERIFY(waitIdle());
    QCOMPARE(c->intake()->decodeCount(), 4);
    for (const TrayItem &it : c->tray()->items())
        QCOMPARE(int(it.verdict.state), int(ItemVerdict::State::Fitted));
}

// Items removed while their variants are still to be made let their pixels go, and nothing is made
// for them.
void TestIntake::removedItemsLetTheirPixelsGo()
{
    Composer *c = makeComposer(Claude);
    useSmallClaude();
    c->addPaths(writePhotos(6, QSize(2016, 1512), 70));
    // Remove them as soon as they show up, whatever their variants' progress.
    connect(c->tray(), &TrayModel::dataChanged, this, [c](const QModelIndex &from) {
        const TrayItem &it = c->tray()->itemAt(from.row());
        if (it.stage == ItemFacts::Stage::Ready)
            QMetaObject::invokeMethod(
                c, [c, id = it.id] { c->remove({id}); }, Qt::QueuedConnection);
    });
    QVERIFY(waitIdle());
    QTRY_COMPARE(c->tray()->count(), 0);
    QTRY_COMPARE_WITH_TIMEOUT(c->intake()->queuedOrRunning(), 0, 60'000);
    QCOMPARE(c->intake()->keptPixelBytes(), qint64(0));
    QVERIFY(c->intake()->decodeCount() <= 12);
}

// The queue's order: the more urgent band first (a new image before Fit, Fit before conversions,
// those before variants made ahead on a guess), then the larger file, then the first queued; guesses
// never take the last free worker.
void TestIntake::workRunsUrgentThenLargestFirst()
{
    const QueuedWork smallIngest{3, 1'000, 5}, bigIngest{3, 9'000'000, 9}, earlyIngest{3, 1'000, 2};
    const QueuedWork fit{2, 50'000'000, 1}, ahead{1, 50'000'000, 0};
    QVERIFY(runsBefore(bigIngest, smallIngest));
    QVERIFY(!runsBefore(smallIngest, bigIngest));
    QVERIFY(runsBefore(earlyIngest, smallIngest));
    QVERIFY(runsBefore(smallIngest, fit));
    QVERIFY(runsBefore(fit, ahead));
    QVERIFY(!runsBefore(smallIngest, smallIngest));

    // pickNext: bands 4 (new images), 3 (Fit), 2 (conversions), 1 (made ahead).
    const QueuedWork read1{4, 1'000'000, 1}, read2{4, 2'000'000, 2}, convert{2, 500'000, 3},
        guess{1, 40'000'000, 4};
    QCOMPARE(pickNext({read1, read2, convert, guess}, 1, 0, 1),
             1); // largest new image first, however big a guess
    QCOMPARE(pickNext({convert, guess}, 1, 0, 1), 0); // a conversion before a guess
    QCOMPARE(pickNext({guess}, 1, 0, 1), 0);
    QCOMPARE(pickNext({guess}, 1, 1, 1), -1); // the last free worker stays free
    QCOMPARE(pickNext({guess, convert}, 1, 1, 1), 1);
    QCOMPARE(pickNext({}, 1, 0, 1), -1);

    // With one worker, files queued smallest first come back largest first (after their sizes are
    // looked up, which goes before any reading).
    Intake intake;
    intake.setThreadCount(1);
    QList<QString> order;
    connect(&intake, &Intake::ingested, this, [&order](quint64, const QString &path) {
        order << QFileInfo(path).fileName();
    });
    // A first file keeps the worker busy (a 2000 x 2000 PNG to decode) while the rest are queued,
    // which takes the GUI thread a few microseconds: the order is then the queue's.
    const QString gate = t::writeFile(m_dir->path(),
                                      QStringLiteral("gate.png"),
                                      t::photoPng(QSize(2000, 2000), 3));
    QStringList names;
    for (int i = 0; i < 4; ++i) {
        const QString name = QStringLiteral("s%1.jpg").arg(i);
        t::writeFile(m_dir->path(),
                     name,
                     t::photoJpeg(QSize(200 + 300 * i, 150 + 225 * i), 90, quint32(i)));
        names.prepend(name);
    }
    intake.ingestPath(1, gate);
    for (int i = 0; i < 4; ++i)
        intake.ingestPath(quint64(2 + i), m_dir->filePath(QStringLiteral("s%1.jpg").arg(i)));
    QTRY_COMPARE_WITH_TIMEOUT(order.size(), 5, 60'000);
    QCOMPARE(order.first(), QStringLiteral("gate.png"));
    QCOMPARE(order.mid(1), names);
}

QTEST_GUILESS_MAIN(TestIntake)
#include "tst_intake.moc"

