// Walking dropped folders: recursion, order, the cap, non-image files, symlink loops, big folders.

#include "core/images/folderscan.h"

#include "testimages.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace squint;
namespace t = squint::test;

namespace {
QStringList namesOf(const QStringList &paths)
{
    QStringList out;
    for (const QString &p : paths)
        out << QFileInfo(p).fileName();
    return out;
}
} // namespace

class TestFolderScan : public QObject
{
    Q_OBJECT

private slots:
    void hasImageExtension_data();
    void hasImageExtension();
    void recursesInStableOrder();
    void capKeepsCounting_data();
    void capKeepsCounting();
    void symlinkLoopTerminates();
    void symlinkToFolderOutsideIsFollowedOnce();
    void missingRootAndEmptyFolder();
    void cancelStopsEarly();
    void tenThousandFiles();
};

void TestFolderScan::hasImageExtension_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("image");
    for (const char *n : {"a.jpg", "a.JPG", "a.jpeg", "b.png", "c.gif", "d.webp", "e.tif", "f.TIFF", "g.bmp", "h.heic",
                          "i.HEIF", "j.avif", "k.tar.png", ".hidden.png"})
        QTest::newRow(n) << QString::fromLatin1(n) << true;
    for (const char *n : {"notes.txt", "doc.pdf", "drawing.svg", "drawing.svgz", "png", "jpg", "archive.png.zip", "noext",
                          "trailingdot.", ""})
        QTest::newRow(n) << QString::fromLatin1(n) << false;
}

void TestFolderScan::hasImageExtension()
{
    QFETCH(QString, name);
    QFETCH(bool, image);
    QCOMPARE(squint::hasImageExtension(name), image);
}

void TestFolderScan::recursesInStableOrder()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString root = dir.path();
    const QByteArray png = t::screenshotPng(QSize(8, 8));
    // Created out of order, with mixed case: the scan sorts per folder, case-insensitively.
    t::writeFile(root, QStringLiteral("b.png"), png);
    t::writeFile(root, QStringLiteral("A.png"), png);
    t::writeFile(root, QStringLiteral("c.txt"), "text");
    t::writeFile(root, QStringLiteral("sub/z.jpg"), t::photoJpeg(QSize(8, 8)));
    t::writeFile(root, QStringLiteral("sub/y.md"), "# md");
    t::writeFile(root, QStringLiteral("sub/deep/deeper/x.webp"), t::webpBytes(QSize(8, 8)));
    t::writeFile(root, QStringLiteral("other/w.gif"), t::gifBytes(QSize(8, 8)));
    QDir().mkpath(root + QStringLiteral("/empty/also-empty"));
    // Hidden files and folders are not walked: macOS "._" companions, .git and the like.
    t::writeFile(root, QStringLiteral("._A.png"), "not really a png");
    t::writeFile(root, QStringLiteral(".cache/v.png"), png);

    const FolderScan scan = scanFolder(root, 100);
    QCOMPARE(scan.imageFilesFound, 5);
    QCOMPARE(scan.files.size(), 5);
    QCOMPARE(scan.otherFiles, 2);
    QCOMPARE(scan.loopsSkipped, 0);
    QCOMPARE(scan.unreadableFolders, 0);
    QVERIFY(!scan.capped());
    for (const QString &f : scan.files) {
        QVERIFY2(QFileInfo(f).isAbsolute(), qPrintable(f));
        QVERIFY2(QFileInfo::exists(f), qPrintable(f));
        QVERIFY(f.startsWith(root));
    }
    QCOMPARE(QSet<QString>(scan.files.begin(), scan.files.end()).size(), 5); // no duplicates
    // Same result every time.
    QCOMPARE(scanFolder(root, 100).files, scan.files);
    // A folder's own files stay together.
    const QStringList names = namesOf(scan.files);
    QCOMPARE(names.indexOf(QStringLiteral("b.png")), names.indexOf(QStringLiteral("A.png")) + 1);
}

void TestFolderScan::capKeepsCounting_data()
{
    QTest::addColumn<int>("cap");
    QTest::newRow("cap 1") << 1;
    QTest::newRow("cap 3") << 3;
    QTest::newRow("cap 7 (exactly all)") << 7;
    QTest::newRow("cap 0") << 0;
}

void TestFolderScan::capKeepsCounting()
{
    QFETCH(int, cap);
    QTemporaryDir dir;
    const QByteArray png = t::screenshotPng(QSize(4, 4));
    for (int i = 0; i < 4; ++i)
        t::writeFile(dir.path(), QStringLiteral("top%1.png").arg(i), png);
    for (int i = 0; i < 3; ++i)
        t::writeFile(dir.path(), QStringLiteral("sub/inner%1.png").arg(i), png);
    t::writeFile(dir.path(), QStringLiteral("sub/skip.txt"), "x");
    const FolderScan scan = scanFolder(dir.path(), cap);
    QCOMPARE(scan.files.size(), qsizetype(std::min(cap, 7)));
    QCOMPARE(scan.imageFilesFound, 7);
    QCOMPARE(scan.otherFiles, 1);
    QCOMPARE(scan.capped(), cap < 7);
}

void TestFolderScan::symlinkLoopTerminates()
{
    QTemporaryDir dir;
    const int images = t::makeTreeWithLoop(dir.path());
    QElapsedTimer timer;
    timer.start();
    const FolderScan scan = scanFolder(dir.path(), 1000);
    QVERIFY(timer.elapsed() < 5000);
    QCOMPARE(scan.imageFilesFound, images); // each image once, though reachable by many paths
    QCOMPARE(scan.files.size(), images);
    QCOMPARE(scan.otherFiles, 2);
    QCOMPARE(scan.loopsSkipped, 2); // "back" -> root and "again" -> sub, both already read
    QSet<QString> canonical;
    for (const QString &f : scan.files)
        canonical.insert(QFileInfo(f).canonicalFilePath());
    QCOMPARE(canonical.size(), images);
}

void TestFolderScan::symlinkToFolderOutsideIsFollowedOnce()
{
    QTemporaryDir outside, dropped;
    t::writeFile(outside.path(), QStringLiteral("o.png"), t::screenshotPng(QSize(4, 4)));
    // Two links to the same outside folder: it is read once.
    QVERIFY(QFile::link(outside.path(), dropped.path() + QStringLiteral("/link1")));
    QVERIFY(QFile::link(outside.path(), dropped.path() + QStringLiteral("/link2")));
    // A dangling link and a named pipe are neither files nor folders: ignored (a pipe would block a reader).
    QVERIFY(QFile::link(dropped.path() + QStringLiteral("/gone"), dropped.path() + QStringLiteral("/dangling.png")));
    QCOMPARE(::mkfifo(QFile::encodeName(dropped.path() + QStringLiteral("/pipe.png")).constData(), 0600), 0);
    const FolderScan scan = scanFolder(dropped.path(), 10);
    QCOMPARE(scan.imageFilesFound, 1);
    QCOMPARE(scan.files.size(), 1);
    QCOMPARE(scan.loopsSkipped, 1);
}

void TestFolderScan::missingRootAndEmptyFolder()
{
    QTemporaryDir dir;
    const FolderScan empty = scanFolder(dir.path(), 10);
    QVERIFY(empty.files.isEmpty());
    QCOMPARE(empty.imageFilesFound, 0);
    QCOMPARE(empty.otherFiles, 0);
    const FolderScan missing = scanFolder(dir.path() + QStringLiteral("/does-not-exist"), 10);
    QVERIFY(missing.files.isEmpty());
    QCOMPARE(missing.imageFilesFound, 0);
}

void TestFolderScan::cancelStopsEarly()
{
    QTemporaryDir dir;
    t::makeTreeWithLoop(dir.path());
    std::atomic_bool cancel{true};
    const FolderScan scan = scanFolder(dir.path(), 1000, &cancel);
    QVERIFY(scan.files.isEmpty());
    QCOMPARE(scan.imageFilesFound, 0);
}

void TestFolderScan::tenThousandFiles()
{
    QTemporaryDir dir;
    const QString root = dir.path();
    QElapsedTimer make;
    make.start();
    t::makeManyFiles(root + QStringLiteral("/many"), 10'000, 1'200);
    qInfo("made 10,000 files in %lld ms", make.elapsed());
    QCOMPARE(QDir(root + QStringLiteral("/many")).entryList(QDir::Files).size(), 10'000);

    QElapsedTimer timer;
    timer.start();
    const FolderScan scan = scanFolder(root, 1000);
    qInfo("scanned in %lld ms", timer.elapsed());
    QCOMPARE(scan.files.size(), 1000);
    QCOMPARE(scan.imageFilesFound, 1200);
    QCOMPARE(scan.otherFiles, 8800);
    QVERIFY(scan.capped());
    QCOMPARE(scan.unreadableFolders, 0);
    // The first 1000 in name order.
    QCOMPARE(QFileInfo(scan.files.first()).fileName(), QStringLiteral("img-00000.png"));
    QCOMPARE(QFileInfo(scan.files.last()).fileName(), QStringLiteral("img-00999.png"));
    QVERIFY(timer.elapsed() < 20'000);

    // countLimit stops counting (not collecting) early in pathological folders.
    const FolderScan limited = scanFolder(root, 10, nullptr, 500);
    QCOMPARE(limited.files.size(), 10);
    QVERIFY(limited.imageFilesFound + limited.otherFiles <= 500);
}

QTEST_GUILESS_MAIN(TestFolderScan)
#include "tst_folderscan.moc"
