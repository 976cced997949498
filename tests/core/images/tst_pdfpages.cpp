// PDF pages: the page-list parser (pure), PdfFile on good, encrypted, damaged and 500-page files
// written by the test helper, and a real Composer that turns chosen pages into tray items.

#include "core/catalog/catalog.h"
#include "core/compose/composer.h"
#include "core/compose/traymodel.h"
#include "core/images/intake.h"
#include "core/images/pdfpages.h"
#include "core/util/settings.h"

#include "testimages.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace squint;
namespace t = squint::test;

namespace {

const QString Claude = QStringLiteral("databricks-claude-sonnet-4-5");

bool near(QRgb a, QRgb b)
{
    return std::abs(qRed(a) - qRed(b)) <= 4 && std::abs(qGreen(a) - qGreen(b)) <= 4
           && std::abs(qBlue(a) - qBlue(b)) <= 4;
}

} // namespace

class TestPdfPages : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void init();
    void cleanup();

    void parseRanges_data();
    void parseRanges();
    void rangeTextRoundTrips();
    void pdfHelperWritesReadablePages();
    void encryptedAndDamagedSayWhy();
    void hugePdfOpensQuickly();

    void composerAddsOneItemPerPage();
    void composerTakesChosenPages();
    void composerRefusesTooManyPages();
    void composerReportsBadPdfs();
    void cancelLeavesNoPendingPages();
    void askForPagesWaitsForChoice();

private:
    Composer *makeComposer();
    bool waitIdle(int timeoutMs = 120'000);
    QStringList names() const;

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Settings> m_settings;
    std::unique_ptr<QNetworkAccessManager> m_nam;
    std::unique_ptr<Composer> m_composer;
    QStringList m_messages;
};

void TestPdfPages::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QDir(intakeCacheDir()).removeRecursively();
}

void TestPdfPages::cleanupTestCase()
{
    QVERIFY(QStandardPaths::isTestModeEnabled());
    QDir(QStandardPaths::writableLocation(QStandardPaths::CacheLocation)).removeRecursively();
}

void TestPdfPages::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_messages.clear();
}

void TestPdfPages::cleanup()
{
    m_composer.reset();
    m_nam.reset();
    m_settings.reset();
    m_dir.reset();
}

Composer *TestPdfPages::makeComposer()
{
    m_settings = std::make_unique<Settings>(m_dir->filePath(QStringLiteral("settings/squint.ini")));
    m_nam = std::make_unique<QNetworkAccessManager>();
    m_composer = std::make_unique<Composer>(Catalog::builtIn(), m_settings.get(), m_nam.get());
    m_composer->setModelName(Claude);
    m_composer->setPrompt(QStringLiteral("Summarise these pages."));
    connect(m_composer.get(),
            &Composer::message,
            this,
            [this](Composer::MessageLevel, const QString &text) { m_messages << text; });
    return m_composer.get();
}

bool TestPdfPages::waitIdle(int timeoutMs)
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

QStringList TestPdfPages::names() const
{
    QStringList out;
    for (const TrayItem &it : m_composer->tray()->items())
        out << it.name;
    return out;
}

void TestPdfPages::parseRanges_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("pageCount");
    QTest::addColumn<QList<int>>("pages"); // empty: an error
    QTest::addColumn<QString>("error");

    QTest::newRow("all") << "all" << 3 << QList<int>{1, 2, 3} << QString();
    QTest::newRow("blank") << "  " << 2 << QList<int>{1, 2} << QString();
    QTest::newRow("one") << "2" << 3 << QList<int>{2} << QString();
    QTest::newRow("range and page") << "2-4,7" << 9 << QList<int>{2, 3, 4, 7} << QString();
    QTest::newRow("spaces") << " 2 - 4 , 7 " << 9 << QList<int>{2, 3, 4, 7} << QString();
    QTest::newRow("order kept, once each") << "5,1-3,2" << 5 << QList<int>{5, 1, 2, 3} << QString();
    QTest::newRow("open end") << "3-" << 5 << QList<int>{3, 4, 5} << QString();
    QTest::newRow("open start") << "-2" << 5 << QList<int>{1, 2} << QString();
    QTest::newRow("past the end") << "2-6" << 5 << QList<int>{} << "5 page";
    QTest::newRow("page past the end") << "9" << 5 << QList<int>{} << "5 page";
    QTest::newRow("zero") << "0-2" << 5 << QList<int>{} << "from 1";
    QTest::newRow("backwards") << "4-2" << 5 << QList<int>{} << "backwards";
    QTest::newRow("letters") << "two" << 5 << QList<int>{} << "not a page";
    QTest::newRow("empty part") << "1,,2" << 5 << QList<int>{} << "not a page";
    QTest::newRow("lone dash") << "-" << 5 << QList<int>{} << "not a page";
    QTest::newRow("two dashes") << "1-2-3" << 5 << QList<int>{} << "not a page";
    QTest::newRow("negative") << "--2" << 5 << QList<int>{} << "not a page";
    QTest::newRow("huge number") << "99999999999999" << 5 << QList<int>{} << "not a page";
    QTest::newRow("too many parts")
        << QString(QStringLiteral("1,").repeated(1200) + QStringLiteral("1")) << 5 << QList<int>{}
        << "more than";
    QTest::newRow("no pages") << "1" << 0 << QList<int>{} << "no pages";
}

void TestPdfPages::parseRanges()
{
    QFETCH(QString, text);
    QFETCH(int, pageCount);
    QFETCH(QList<int>, pages);
    QFETCH(QString, error);
    QString why;
    const QList<int> got = selectPages(text, pageCount, &why);
    QCOMPARE(got, pages);
    if (pages.isEmpty())
        QVERIFY2(why.contains(error), qPrintable(why));
}

void TestPdfPages::rangeTextRoundTrips()
{
    const QList<int> pages{1, 2, 3, 5, 7, 8, 10};
    QCOMPARE(pageRangeText(pages), QStringLiteral("1-3, 5, 7-8, 10"));
    QCOMPARE(selectPages(pageRangeText(pages), 10), pages);
    QCOMPARE(pageRangeText({}), QString());
    QCOMPARE(pdfPageName(QStringLiteral("report.pdf"), 3), QStringLiteral("report.pdf p. 3"));
    QVERIFY(isPdfPath(QStringLiteral("/x/Report.PDF")));
    QVERIFY(!isPdfPath(QStringLiteral("/x/report.pdf.png")));
    QCOMPARE(pageRenderSize(QSizeF(595, 842), 1568), QSize(1108, 1568));
    QCOMPARE(pageRenderSize(QSizeF(842, 595), 1568), QSize(1568, 1108));
}

void TestPdfPages::pdfHelperWritesReadablePages()
{
    const QString path = t::writeFile(m_dir->path(), QStringLiteral("doc.pdf"), t::pdfBytes(3));
    const PdfFile pdf(path);
    QVERIFY2(pdf.isOpen(), qPrintable(pdf.error()));
    QCOMPARE(pdf.pageCount(), 3);
    QCOMPARE(pdf.pagePoints(0).toSize(), QSize(595, 842));
    for (int page = 1; page <= 3; ++page) {
        const QImage img = pdf.render(page - 1, 1568);
        QCOMPARE(img.size(), QSize(1108, 1568));
        QVERIFY(!img.hasAlphaChannel());
        QVERIFY2(near(img.pixel(554, 300), t::pdfPageColour(page)),
                 qPrintable(QString::number(img.pixel(554, 300), 16)));
        QCOMPARE(img.pixel(554, 1500), qRgb(255, 255, 255)); // paper is white, not transparent
        // "Page N" is written in black in the lower half.
        bool ink = false;
        for (int x = 100; x < 600 && !ink; ++x)
            for (int y = 1100; y < 1250 && !ink; ++y)
                ink = qGray(img.pixel(x, y)) < 64;
        QVERIFY(ink);
    }
    QString error;
    const QByteArray png = pdf.renderPng(1, 800, &error);
    QVERIFY2(!png.isEmpty(), qPrintable(error));
    QCOMPARE(QImage::fromData(png, "PNG").size(), QSize(565, 800));
    QVERIFY(pdf.render(3, 800).isNull()); // no fourth page
}

void TestPdfPages::encryptedAndDamagedSayWhy()
{
    const PdfFile encrypted(
        t::writeFile(m_dir->path(), QStringLiteral("secret.pdf"), t::encryptedPdfBytes()));
    QVERIFY(!encrypted.isOpen());
    QVERIFY2(encrypted.error().contains(QStringLiteral("password")), qPrintable(encrypted.error()));
    QCOMPARE(encrypted.pageCount(), 0);
    QVERIFY(encrypted.render(0, 100).isNull());

    const PdfFile damaged(
        t::writeFile(m_dir->path(), QStringLiteral("damaged.pdf"), t::damagedPdfBytes()));
    QVERIFY(!damaged.isOpen());
    QVERIFY2(damaged.error().contains(QStringLiteral("damaged"))
                 || damaged.error().contains(QStringLiteral("no pages")),
             qPrintable(damaged.error()));

    const PdfFile cut(
        t::writeFile(m_dir->path(), QStringLiteral("cut.pdf"), t::truncated(t::pdfBytes(2), 0.1)));
    QVERIFY(!cut.isOpen());
    QVERIFY(!cut.error().isEmpty());

    const PdfFile missing(m_dir->filePath(QStringLiteral("nothing.pdf")));
    QVERIFY(missing.error().contains(QStringLiteral("does not exist")));
}

void TestPdfPages::hugePdfOpensQuickly()
{
    const QString path = t::writeFile(m_dir->path(), QStringLiteral("big.pdf"), t::pdfBytes(500));
    const PdfFile pdf(path);
    QVERIFY2(pdf.isOpen(), qPrintable(pdf.error()));
    QCOMPARE(pdf.pageCount(), 500);
    QVERIFY(pdf.pageCount() >= HugePdfPages);
    QVERIFY(near(pdf.render(499, 200).pixel(70, 40), t::pdfPageColour(500)));
}

void TestPdfPages::composerAddsOneItemPerPage()
{
    const QString path = t::writeFile(m_dir->path(), QStringLiteral("doc.pdf"), t::pdfBytes(3));
    const QString png = t::writeFile(m_dir->path(),
                                     QStringLiteral("after.png"),
                                     t::screenshotPng(QSize(40, 30)));
    Composer *c = makeComposer();
    c->addPaths({path, png});
    QVERIFY(waitIdle());
    // The pages keep the PDF's place among the files given with it.
    QCOMPARE(names(),
             (QStringList{QStringLiteral("doc.pdf p. 1"),
                          QStringLiteral("doc.pdf p. 2"),
                          QStringLiteral("doc.pdf p. 3"),
                          QStringLiteral("after.png")}));
    for (int i = 0; i < 3; ++i) {
        const TrayItem &it = c->tray()->itemAt(i);
        QCOMPARE(it.stage, ItemFacts::Stage::Ready);
        QCOMPARE(it.info.format, QByteArray("png"));
        // Claude's Fit target: a 1568 px long edge, so the pages go as they are.
        QCOMPARE(it.info.size, QSize(1108, 1568));
        QCOMPARE(it.origin, path);
        QCOMPARE(int(it.verdict.state), int(ItemVerdict::State::Ok));
    }
    QVERIFY2(c->evaluation().canSend, qPrintable(c->evaluation().blocker));
    QCOMPARE(c->pdfRenderEdge(1), 1568);
}

void TestPdfPages::composerTakesChosenPages()
{
    const QString path = t::writeFile(m_dir->path(), QStringLiteral("doc.pdf"), t::pdfBytes(9));
    Composer *c = makeComposer();
    c->setPdfPages(QStringLiteral("2-4,7"));
    c->addPaths({path});
    QVERIFY(waitIdle());
    QCOMPARE(names(),
             (QStringList{QStringLiteral("doc.pdf p. 2"),
                          QStringLiteral("doc.pdf p. 3"),
                          QStringLiteral("doc.pdf p. 4"),
                          QStringLiteral("doc.pdf p. 7")}));
    // Each item holds its own page: the colour of page 7 in the last one.
    const TrayItem &last = c->tray()->itemAt(3);
    const QImage img(last.path);
    QVERIFY(near(img.pixel(img.width() / 2, img.height() / 5), t::pdfPageColour(7)));
}

void TestPdfPages::composerRefusesTooManyPages()
{
    const QString path = t::writeFile(m_dir->path(), QStringLiteral("big.pdf"), t::pdfBytes(500));
    Composer *c = makeComposer();
    c->addPaths({path});
    QVERIFY(waitIdle());
    QCOMPARE(c->tray()->count(), 1);
    const TrayItem &it = c->tray()->itemAt(0);
    QCOMPARE(it.stage, ItemFacts::Stage::Failed);
    QVERIFY2(it.error.contains(QStringLiteral("500 page"))
                 && it.error.contains(QStringLiteral("at most 100")),
             qPrintable(it.error));
    c->clear();
    c->setPdfPages(QStringLiteral("498-"));
    c->addPaths({path});
    QVERIFY(waitIdle());
    QCOMPARE(names(),
             (QStringList{QStringLiteral("big.pdf p. 498"),
                          QStringLiteral("big.pdf p. 499"),
                          QStringLiteral("big.pdf p. 500")}));
    c->setPdfPages(QStringLiteral("600"));
    c->addPaths({path});
    QVERIFY(waitIdle());
    QCOMPARE(c->tray()->count(), 4);
    QVERIFY(c->tray()->itemAt(3).error.contains(QStringLiteral("500 page")));
}

void TestPdfPages::composerReportsBadPdfs()
{
    const QString secret = t::writeFile(m_dir->path(),
                                        QStringLiteral("secret.pdf"),
                                        t::encryptedPdfBytes());
    const QString damaged = t::writeFile(m_dir->path(),
                                         QStringLiteral("damaged.pdf"),
                                         t::damagedPdfBytes());
    Composer *c = makeComposer();
    c->addPaths({secret, damaged, m_dir->filePath(QStringLiteral("gone.pdf"))});
    QVERIFY(waitIdle());
    QCOMPARE(c->tray()->count(), 3);
    for (const TrayItem &it : c->tray()->items())
        QCOMPARE(it.stage, ItemFacts::Stage::Failed);
    QVERIFY(c->tray()->itemAt(0).error.contains(QStringLiteral("password")));
    QVERIFY(!c->tray()->itemAt(1).error.isEmpty());
    QVERIFY(m_messages.filter(QStringLiteral("secret.pdf")).size() == 1);
}

void TestPdfPages::cancelLeavesNoPendingPages()
{
    const QString path = t::writeFile(m_dir->path(), QStringLiteral("long.pdf"), t::pdfBytes(100));
    Composer *c = makeComposer();
    QSignalSpy progress(c, &Composer::pdfProgress);
    c->addPaths({path});
    // Cancel as soon as the first page is back.
    QVERIFY(QTest::qWaitFor(
        [&] {
            for (const QList<QVariant> &args : std::as_const(progress))
                if (args.at(0).toInt() >= 1)
                    return true;
            return false;
        },
        60'000));
    c->cancelPdfPages();
    QVERIFY(waitIdle());
    const int count = c->tray()->count();
    QVERIFY(count >= 1);
    QVERIFY2(count < 100, qPrintable(QString::number(count)));
    for (const TrayItem &it : c->tray()->items())
        QCOMPARE(it.stage, ItemFacts::Stage::Ready);
    QCOMPARE(progress.last().at(1).toInt(), 0); // nothing under way any more
    QVERIFY(c->evaluation().canSend);
}

void TestPdfPages::askForPagesWaitsForChoice()
{
    const QString path = t::writeFile(m_dir->path(), QStringLiteral("doc.pdf"), t::pdfBytes(4));
    Composer *c = makeComposer();
    c->setAskForPdfPages(true);
    QSignalSpy wanted(c, &Composer::pdfPagesWanted);
    c->addPaths({path});
    QVERIFY(wanted.wait(60'000));
    QCOMPARE(wanted.first().at(0).toString(), path);
    const PdfSummary summary = wanted.first().at(1).value<PdfSummary>();
    QCOMPARE(summary.pageCount, 4);
    QVERIFY(waitIdle());
    QCOMPARE(c->tray()->count(), 0); // nothing until the user chooses
    c->addPdfPages(path, {4, 1});
    QVERIFY(waitIdle());
    QCOMPARE(names(), (QStringList{QStringLiteral("doc.pdf p. 4"), QStringLiteral("doc.pdf p. 1")}));
}

QTEST_GUILESS_MAIN(TestPdfPages)
#include "tst_pdfpages.moc"
