// What Squint writes for the user alone is 0600 in 0700 folders, whatever the umask: the helper
// itself, exported transcripts (every format, with the Markdown assets folder) and batch exports.

#include "core/batch/batchsession.h"
#include "core/history/history.h"
#include "core/util/privatefiles.h"
#include "privatetest.h"
#include "testimages.h"

#include <QDir>
#include <QFile>
#include <QSaveFile>
#include <QTemporaryDir>
#include <QtTest>

using namespace squint;

class TstPrivateFiles : public QObject
{
    Q_OBJECT

private slots:
    void newFilesArePrivate_data()
    {
        QTest::addColumn<bool>("saveFile");
        QTest::addColumn<bool>("exists");
        QTest::newRow("QFile, new") << false << false;
        QTest::newRow("QFile, existing 0644") << false << true;
        QTest::newRow("QSaveFile, new") << true << false;
        QTest::newRow("QSaveFile, existing 0644") << true << true;
    }
    void newFilesArePrivate()
    {
        QFETCH(bool, saveFile);
        QFETCH(bool, exists);
        const test::Umask umask(022);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("out.txt"));
        if (exists) {
            QFile old(path);
            QVERIFY(old.open(QIODevice::WriteOnly));
            old.write("old");
            old.close();
            QVERIFY(!test::isPrivateFile(path)); // the umask left it readable by all
        }
        if (saveFile) {
            QSaveFile f(path);
            QVERIFY(openPrivateFile(f, QIODevice::WriteOnly));
            QCOMPARE(f.write("secret"), qint64(6));
            QVERIFY(f.commit());
        } else {
            QFile f(path);
            QVERIFY(openPrivateFile(f, QIODevice::WriteOnly | QIODevice::Truncate));
            QCOMPARE(f.write("secret"), qint64(6));
        }
        QVERIFY2(test::isPrivateFile(path), qPrintable(test::modeOf(path)));
        QFile back(path);
        QVERIFY(back.open(QIODevice::ReadOnly));
        QCOMPARE(back.readAll(), QByteArray("secret"));
    }

    void foldersArePrivate()
    {
        const test::Umask umask(022);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString deep = dir.filePath(QStringLiteral("a/b/c"));
        QVERIFY(ensurePrivateDir(deep));
        QVERIFY2(test::isPrivateDir(deep), qPrintable(test::modeOf(deep)));
        QVERIFY2(test::isPrivateDir(dir.filePath(QStringLiteral("a"))), qPrintable(test::modeOf(dir.filePath(QStringLiteral("a")))));
        // An existing folder is tightened only when asked (Squint's own folders).
        const QString open = dir.filePath(QStringLiteral("open"));
        QVERIFY(QDir().mkdir(open));
        QVERIFY(!test::isPrivateDir(open));
        QVERIFY(ensurePrivateDir(open));
        QVERIFY(!test::isPrivateDir(open));
        QVERIFY(ensurePrivateDir(open, true));
        QVERIFY2(test::isPrivateDir(open), qPrintable(test::modeOf(open)));
        // A file in the way is not a folder.
        QFile blocker(dir.filePath(QStringLiteral("file")));
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();
        QVERIFY(!ensurePrivateDir(blocker.fileName()));
    }

    void transcriptsArePrivate_data()
    {
        QTest::addColumn<int>("format");
        QTest::addColumn<QString>("name");
        QTest::newRow("markdown with assets") << int(TranscriptFormat::MarkdownAssets) << QStringLiteral("t.md");
        QTest::newRow("markdown embedded") << int(TranscriptFormat::MarkdownEmbedded) << QStringLiteral("t.md");
        QTest::newRow("html") << int(TranscriptFormat::Html) << QStringLiteral("t.html");
        QTest::newRow("pdf") << int(TranscriptFormat::Pdf) << QStringLiteral("t.pdf");
        QTest::newRow("json") << int(TranscriptFormat::Json) << QStringLiteral("t.json");
    }
    void transcriptsArePrivate()
    {
        QFETCH(int, format);
        QFETCH(QString, name);
        const test::Umask umask(022);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        TranscriptData data;
        data.title = QStringLiteral("Private");
        Turn turn;
        turn.prompt = QStringLiteral("What is this?");
        turn.answer = QStringLiteral("A test pattern.");
        turn.state = Turn::State::Done;
        TurnImage img;
        img.name = QStringLiteral("photo.jpg");
        img.data = test::photoJpeg(QSize(32, 24), 80, 3);
        img.mime = QStringLiteral("image/jpeg");
        img.sentSize = QSize(32, 24);
        turn.images = {img};
        data.turns = {turn};
        const QString path = dir.filePath(name);
        QString error;
        QVERIFY2(writeTranscript(data, path, TranscriptFormat(format), &error), qPrintable(error));
        QVERIFY2(test::isPrivateFile(path), qPrintable(test::modeOf(path)));
        if (TranscriptFormat(format) == TranscriptFormat::MarkdownAssets) {
            const QDir assets(dir.filePath(QStringLiteral("assets")));
            QVERIFY2(test::isPrivateDir(assets.path()), qPrintable(test::modeOf(assets.path())));
            const QStringList files = assets.entryList(QDir::Files);
            QCOMPARE(files.size(), 1);
            QVERIFY2(test::isPrivateFile(assets.filePath(files.at(0))), qPrintable(test::modeOf(assets.filePath(files.at(0)))));
        }
    }

    void batchExportsArePrivate_data()
    {
        QTest::addColumn<int>("format");
        QTest::newRow("csv") << int(BatchExportFormat::Csv);
        QTest::newRow("jsonl") << int(BatchExportFormat::Jsonl);
        QTest::newRow("markdown") << int(BatchExportFormat::Markdown);
    }
    void batchExportsArePrivate()
    {
        QFETCH(int, format);
        const test::Umask umask(022);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        BatchSession session(dir.filePath(QStringLiteral("squint.sqlite")));
        QSignalSpy exported(&session, &BatchSession::exported);
        const QString path = dir.filePath(QStringLiteral("results.out"));
        session.exportTo(path, BatchExportFormat(format));
        QTRY_COMPARE(exported.size(), 1);
        QVERIFY2(exported.at(0).at(0).toBool(), qPrintable(exported.at(0).at(2).toString()));
        QVERIFY2(test::isPrivateFile(path), qPrintable(test::modeOf(path)));
    }
};

QTEST_MAIN(TstPrivateFiles)
#include "tst_privatefiles.moc"
