// The page-choice dialog for PDFs, driven through its real widgets (offscreen): all pages, a typed
// page list, ticked thumbnails, the limits it explains; and the whole way from a PDF dropped on the
// tray to one tray item per chosen page.

#include "core/catalog/catalog.h"
#include "core/compose/composer.h"
#include "core/compose/traymodel.h"
#include "core/images/intake.h"
#include "core/images/pdfpages.h"
#include "core/util/settings.h"
#include "ui/tray/pdfpagesdialog.h"
#include "ui/tray/traywidget.h"

#include "testimages.h"
#include "widgets.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QNetworkAccessManager>
#include <QProgressDialog>
#include <QPushButton>
#include <QRadioButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace squint;
namespace t = squint::test;

class TestPdfPagesDialog : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void init();
    void cleanup();

    void allRangeAndPick();
    void thumbnailsArrive();
    void hugeDocumentAsksForARange();
    void dropToTrayThroughTheDialog();
    void cancelledDialogAddsNothing();

private:
    QString writePdf(const QString &name, int pages);
    PdfSummary summaryOf(const QString &path);
    bool waitIdle();

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Settings> m_settings;
    std::unique_ptr<QNetworkAccessManager> m_nam;
    std::unique_ptr<Composer> m_composer;
};

void TestPdfPagesDialog::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QDir(intakeCacheDir()).removeRecursively();
}

void TestPdfPagesDialog::cleanupTestCase()
{
    QVERIFY(QStandardPaths::isTestModeEnabled());
    QDir(QStandardPaths::writableLocation(QStandardPaths::CacheLocation)).removeRecursively();
}

void TestPdfPagesDialog::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_settings = std::make_unique<Settings>(m_dir->filePath(QStringLiteral("squint.ini")));
    m_nam = std::make_unique<QNetworkAccessManager>();
    m_composer = std::make_unique<Composer>(Catalog::builtIn(), m_settings.get(), m_nam.get());
    m_composer->setModelName(QStringLiteral("databricks-claude-sonnet-4-5"));
}

void TestPdfPagesDialog::cleanup()
{
    m_composer.reset();
    m_nam.reset();
    m_settings.reset();
    m_dir.reset();
}

QString TestPdfPagesDialog::writePdf(const QString &name, int pages)
{
    return t::writeFile(m_dir->path(), name, t::pdfBytes(pages));
}

PdfSummary TestPdfPagesDialog::summaryOf(const QString &path)
{
    const PdfFile pdf(path);
    PdfSummary s;
    s.error = pdf.error();
    s.pageCount = pdf.pageCount();
    return s;
}

bool TestPdfPagesDialog::waitIdle()
{
    QDeadlineTimer deadline(120'000);
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

void TestPdfPagesDialog::allRangeAndPick()
{
    const QString path = writePdf(QStringLiteral("report.pdf"), 12);
    PdfPagesDialog dialog(path, summaryOf(path), nullptr);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    auto *all = t::child<QRadioButton>(&dialog, "pdfAllPages");
    auto *status = t::child<QLabel>(&dialog, "pdfStatusLabel");
    QVERIFY(all && status);
    QVERIFY(all->isChecked());
    QCOMPARE(dialog.selectedPages().size(), 12);
    QVERIFY(dialog.okButton()->isEnabled());
    QVERIFY(status->text().contains(QStringLiteral("1-12")));

    // Typing a page list chooses it.
    QTest::keyClicks(dialog.rangeEdit(), QStringLiteral("2-4, 7"));
    QCOMPARE(int(dialog.mode()), int(PdfPagesDialog::Mode::Range));
    QCOMPARE(dialog.selectedPages(), (QList<int>{2, 3, 4, 7}));
    QVERIFY(dialog.okButton()->isEnabled());
    QVERIFY(status->text().contains(QStringLiteral("2-4, 7")));

    // Past the end: OK goes grey and the line says why.
    dialog.rangeEdit()->clear();
    QTest::keyClicks(dialog.rangeEdit(), QStringLiteral("10-14"));
    QVERIFY(!dialog.okButton()->isEnabled());
    QVERIFY2(status->text().contains(QStringLiteral("12 page")), qPrintable(status->text()));
    dialog.rangeEdit()->clear();
    QTest::keyClicks(dialog.rangeEdit(), QStringLiteral("x"));
    QVERIFY(!dialog.okButton()->isEnabled());

    // Ticking pages in the list chooses them, in page order.
    QListWidget *list = dialog.pageList();
    QCOMPARE(list->count(), 12);
    for (int row : {8, 2})
        list->item(row)->setCheckState(Qt::Checked); // what a click on its box does
    QCOMPARE(int(dialog.mode()), int(PdfPagesDialog::Mode::Pick));
    QCOMPARE(dialog.selectedPages(), (QList<int>{3, 9}));
    QVERIFY(dialog.okButton()->isEnabled());
    // Back to all with a click on the radio button.
    QTest::mouseClick(all, Qt::LeftButton, {}, QPoint(5, all->height() / 2));
    QCOMPARE(dialog.selectedPages().size(), 12);
}

void TestPdfPagesDialog::thumbnailsArrive()
{
    const QString path = writePdf(QStringLiteral("thumbs.pdf"), 5);
    PdfRenderer renderer;
    PdfPagesDialog dialog(path, summaryOf(path), &renderer);
    dialog.show();
    QListWidget *list = dialog.pageList();
    QVERIFY(QTest::qWaitFor([&] { return !list->item(4)->icon().isNull(); }, 60'000));
    const QImage thumb = list->item(4)->icon().pixmap(QSize(120, 120)).toImage();
    QVERIFY(thumb.height() <= 120 && thumb.height() >= 100);
    const QRgb c = thumb.pixel(thumb.width() / 2, thumb.height() / 5);
    const QRgb want = t::pdfPageColour(5);
    QVERIFY(std::abs(qRed(c) - qRed(want)) < 8 && std::abs(qGreen(c) - qGreen(want)) < 8);
}

void TestPdfPagesDialog::hugeDocumentAsksForARange()
{
    const QString path = writePdf(QStringLiteral("huge.pdf"), 520);
    PdfPagesDialog dialog(path, summaryOf(path), nullptr);
    dialog.show();
    auto *all = t::child<QRadioButton>(&dialog, "pdfAllPages");
    QVERIFY(all);
    QVERIFY(!all->isEnabled());
    QVERIFY(all->text().contains(QStringLiteral("520")));
    QVERIFY(t::child<QLabel>(&dialog, "pdfHugeLabel"));
    QCOMPARE(int(dialog.mode()), int(PdfPagesDialog::Mode::Range));
    QCOMPARE(dialog.selectedPages().size(), MaxPdfPagesAtOnce); // "1-100" offered
    QVERIFY(dialog.okButton()->isEnabled());
    dialog.rangeEdit()->clear();
    QTest::keyClicks(dialog.rangeEdit(), QStringLiteral("1-300"));
    QVERIFY(!dialog.okButton()->isEnabled());
    QVERIFY(
        t::child<QLabel>(&dialog, "pdfStatusLabel")->text().contains(QStringLiteral("at most 100")));
    dialog.rangeEdit()->clear();
    QTest::keyClicks(dialog.rangeEdit(), QStringLiteral("510-"));
    QCOMPARE(dialog.selectedPages().size(), 11);
}

void TestPdfPagesDialog::dropToTrayThroughTheDialog()
{
    const QString path = writePdf(QStringLiteral("minutes.pdf"), 6);
    TrayWidget tray(m_composer.get());
    tray.resize(600, 500);
    tray.show();
    QVERIFY(QTest::qWaitForWindowExposed(&tray));
    auto *flow = tray.findChild<PdfImportFlow *>(QStringLiteral("pdfImportFlow"));
    QVERIFY(flow);
    m_composer->addPaths({path});
    QVERIFY(QTest::qWaitFor([&] { return flow->dialog() != nullptr; }, 60'000));
    PdfPagesDialog *dialog = flow->dialog();
    QVERIFY(dialog->isVisible());
    QTest::keyClicks(dialog->rangeEdit(), QStringLiteral("5, 2"));
    QTest::mouseClick(dialog->okButton(), Qt::LeftButton);
    QVERIFY(waitIdle());
    QVERIFY(!flow->dialog());
    const TrayModel *model = m_composer->tray();
    QCOMPARE(model->count(), 2);
    QCOMPARE(model->itemAt(0).name, QStringLiteral("minutes.pdf p. 5"));
    QCOMPARE(model->itemAt(1).name, QStringLiteral("minutes.pdf p. 2"));
    QCOMPARE(model->itemAt(0).info.size, QSize(1108, 1568));
    QVERIFY(m_composer->evaluation().canSend);
    // The progress window went away when the pages were done.
    QVERIFY(!flow->progress() || !flow->progress()->isVisible());
}

void TestPdfPagesDialog::cancelledDialogAddsNothing()
{
    const QString a = writePdf(QStringLiteral("a.pdf"), 2);
    const QString b = writePdf(QStringLiteral("b.pdf"), 3);
    TrayWidget tray(m_composer.get());
    tray.show();
    auto *flow = tray.findChild<PdfImportFlow *>(QStringLiteral("pdfImportFlow"));
    QVERIFY(flow);
    m_composer->addPaths({a, b});
    // One dialog at a time: the first is cancelled, the second accepted with all pages.
    QVERIFY(QTest::qWaitFor([&] { return flow->dialog() != nullptr; }, 60'000));
    QPointer<PdfPagesDialog> first = flow->dialog();
    QCOMPARE(first->path(), a);
    QTest::keyClick(first, Qt::Key_Escape);
    QVERIFY(QTest::qWaitFor([&] { return flow->dialog() != nullptr && flow->dialog() != first; },
                            60'000));
    QCOMPARE(flow->dialog()->path(), b);
    QTest::mouseClick(flow->dialog()->okButton(), Qt::LeftButton);
    QVERIFY(waitIdle());
    QStringList names;
    for (const TrayItem &it : m_composer->tray()->items())
        names << it.name;
    QCOMPARE(names,
             (QStringList{QStringLiteral("b.pdf p. 1"),
                          QStringLiteral("b.pdf p. 2"),
                          QStringLiteral("b.pdf p. 3")}));
}

QTEST_MAIN(TestPdfPagesDialog)
#include "tst_pdfpagesdialog.moc"
