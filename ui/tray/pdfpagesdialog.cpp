#include "ui/tray/pdfpagesdialog.h"

#include "core/compose/composer.h"

#include <QButtonGroup>
#include <QDialogButtonBox>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QProgressDialog>
#include <QPushButton>
#include <QRadioButton>
#include <QVBoxLayout>

namespace squint {

namespace {
constexpr int ThumbEdge = 120;
/// Thumbnails drawn for the picker: the first pages of a huge document; the rest are listed by number.
constexpr int MaxThumbnails = 300;
} // namespace

PdfPagesDialog::PdfPagesDialog(const QString &path,
                               const PdfSummary &summary,
                               PdfRenderer *renderer,
                               QWidget *parent)
    : QDialog(parent)
    , m_path(path)
    , m_summary(summary)
    , m_renderer(renderer)
{
    setObjectName(QStringLiteral("pdfPagesDialog"));
    const QString name = QFileInfo(path).fileName();
    setWindowTitle(tr("Pages of %1").arg(name));
    setAccessibleName(windowTitle());
    const int count = summary.pageCount;

    auto *layout = new QVBoxLayout(this);
    auto *intro
        = new QLabel(tr("“%1” has %n page(s). Each page you choose goes to the tray as an image.",
                        nullptr,
                        count)
                         .arg(name),
                     this);
    intro->setObjectName(QStringLiteral("pdfIntroLabel"));
    intro->setWordWrap(true);
    intro->setTextFormat(Qt::PlainText);
    layout->addWidget(intro);
    if (count >= HugePdfPages) {
        auto *huge = new QLabel(tr("This is a long document: choose the pages you need (at most "
                                   "%1). Thumbnails are drawn "
                                   "for the first %2 pages.")
                                    .arg(MaxPdfPagesAtOnce)
                                    .arg(MaxThumbnails),
                                this);
        huge->setObjectName(QStringLiteral("pdfHugeLabel"));
        huge->setWordWrap(true);
        layout->addWidget(huge);
    }

    m_modes = new QButtonGroup(this);
    m_all = new QRadioButton(count <= MaxPdfPagesAtOnce
                                 ? tr("&All pages")
                                 : tr("&All %1 pages (more than the %2 Squint adds at once)")
                                       .arg(count)
                                       .arg(MaxPdfPagesAtOnce),
                             this);
    m_all->setObjectName(QStringLiteral("pdfAllPages"));
    m_all->setEnabled(count <= MaxPdfPagesAtOnce);
    m_range = new QRadioButton(tr("&Pages:"), this);
    m_range->setObjectName(QStringLiteral("pdfPageRange"));
    m_pick = new QRadioButton(tr("&Choose in the list"), this);
    m_pick->setObjectName(QStringLiteral("pdfPickPages"));
    m_modes->addButton(m_all, int(Mode::All));
    m_modes->addButton(m_range, int(Mode::Range));
    m_modes->addButton(m_pick, int(Mode::Pick));
    layout->addWidget(m_all);

    auto *rangeRow = new QHBoxLayout;
    rangeRow->addWidget(m_range);
    m_rangeEdit = new QLineEdit(this);
    m_rangeEdit->setObjectName(QStringLiteral("pdfRangeEdit"));
    m_rangeEdit->setAccessibleName(tr("Pages to add"));
    m_rangeEdit->setPlaceholderText(tr("for example 2-4, 7"));
    m_rangeEdit->setMaxLength(2000);
    m_range->setAccessibleDescription(tr("Page numbers and ranges separated by commas"));
    rangeRow->addWidget(m_rangeEdit, 1);
    layout->addLayout(rangeRow);
    layout->addWidget(m_pick);

    m_pageList = new QListWidget(this);
    m_pageList->setObjectName(QStringLiteral("pdfPageList"));
    m_pageList->setAccessibleName(tr("Pages"));
    m_pageList->setViewMode(QListView::IconMode);
    m_pageList->setIconSize(QSize(ThumbEdge, ThumbEdge));
    m_pageList->setResizeMode(QListView::Adjust);
    m_pageList->setMovement(QListView::Static);
    m_pageList->setUniformItemSizes(true);
    m_pageList->setSelectionMode(QAbstractItemView::NoSelection);
    m_pageList->setMinimumSize(560, 300);
    for (int page = 1; page <= count; ++page) {
        auto *item = new QListWidgetItem(tr("p. %1").arg(page), m_pageList);
        item->setData(Qt::UserRole, page);
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
        item->setCheckState(Qt::Unchecked);
        item->setData(Qt::AccessibleTextRole, tr("Page %1").arg(page));
        item->setSizeHint(QSize(ThumbEdge + 16, ThumbEdge + 36));
    }
    layout->addWidget(m_pageList, 1);

    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("pdfStatusLabel"));
    m_status->setTextFormat(Qt::PlainText);
    m_status->setWordWrap(true);
    layout->addWidget(m_status);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->setObjectName(QStringLiteral("pdfButtons"));
    okButton()->setText(tr("Add Pages"));
    layout->addWidget(m_buttons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    connect(m_modes, &QButtonGroup::idClicked, this, [this] { update(); });
    connect(m_rangeEdit, &QLineEdit::textEdited, this, [this] {
        m_range->setChecked(true);
        update();
    });
    connect(m_pageList, &QListWidget::itemChanged, this, [this] {
        if (!m_pick->isChecked())
            m_pick->setChecked(true);
        update();
    });
    setMode(count <= MaxPdfPagesAtOnce ? Mode::All : Mode::Range);
    if (count > MaxPdfPagesAtOnce)
        m_rangeEdit->setText(QStringLiteral("1-%1").arg(MaxPdfPagesAtOnce));
    update();

    if (m_renderer) {
        QList<int> pages;
        for (int page = 1; page <= std::min(count, MaxThumbnails); ++page)
            pages << page;
        connect(m_renderer, &PdfRenderer::thumbnailReady, this, &PdfPagesDialog::onThumbnail);
        m_thumbJob = m_renderer->thumbnails(path, pages, ThumbEdge);
    }
}

PdfPagesDialog::~PdfPagesDialog()
{
    // The thumbnails still to come would only delay the pages the user chose.
    if (m_renderer && m_thumbJob != 0)
        m_renderer->cancel(m_thumbJob);
}

QPushButton *PdfPagesDialog::okButton() const
{
    return m_buttons->button(QDialogButtonBox::Ok);
}

PdfPagesDialog::Mode PdfPagesDialog::mode() const
{
    return Mode(std::max(0, m_modes->checkedId()));
}

void PdfPagesDialog::setMode(Mode mode)
{
    if (QAbstractButton *b = m_modes->button(int(mode)); b && b->isEnabled())
        b->setChecked(true);
    update();
}

QList<int> PdfPagesDialog::selectedPages() const
{
    switch (mode()) {
    case Mode::All:
        return selectPages(QString(), m_summary.pageCount);
    case Mode::Range:
        return selectPages(m_rangeEdit->text(), m_summary.pageCount);
    case Mode::Pick: {
        QList<int> pages;
        for (int i = 0; i < m_pageList->count(); ++i)
            if (m_pageList->item(i)->checkState() == Qt::Checked)
                pages << m_pageList->item(i)->data(Qt::UserRole).toInt();
        return pages;
    }
    }
    return {};
}

void PdfPagesDialog::update()
{
    QString why;
    QList<int> pages;
    if (mode() == Mode::Range) {
        pages = m_rangeEdit->text().trimmed().isEmpty()
                    ? QList<int>()
                    : selectPages(m_rangeEdit->text(), m_summary.pageCount, &why);
        if (m_rangeEdit->text().trimmed().isEmpty())
            why = tr("Type the pages, for example 2-4, 7.");
    } else {
        pages = selectedPages();
        if (pages.isEmpty())
            why = tr("Tick the pages to add.");
    }
    bool ok = !pages.isEmpty();
    QString text;
    if (!ok) {
        text = why.isEmpty() ? QString() : why.at(0).toUpper() + why.mid(1);
    } else if (pages.size() > MaxPdfPagesAtOnce) {
        ok = false;
        text = tr("%n page(s) chosen: Squint adds at most %1 at once.", nullptr, int(pages.size()))
                   .arg(MaxPdfPagesAtOnce);
    } else {
        text = tr("%n page(s) will be added: %1", nullptr, int(pages.size()))
                   .arg(pageRangeText(pages));
    }
    m_status->setText(text);
    m_status->setAccessibleName(text);
    okButton()->setEnabled(ok);
}

void PdfPagesDialog::onThumbnail(quint64 job, int page, const QImage &image)
{
    if (job != m_thumbJob || image.isNull() || page < 1 || page > m_pageList->count())
        return;
    m_pageList->item(page - 1)->setIcon(QIcon(QPixmap::fromImage(image)));
}

// ---- PdfImportFlow ---------------------------------------------------------------------------------

PdfImportFlow::PdfImportFlow(Composer *composer, QWidget *window)
    : QObject(window)
    , m_composer(composer)
    , m_window(window)
{
    setObjectName(QStringLiteral("pdfImportFlow"));
    composer->setAskForPdfPages(true);
    connect(composer,
            &Composer::pdfPagesWanted,
            this,
            [this](const QString &path, const PdfSummary &summary) {
                m_waiting.enqueue({path, summary});
                if (!m_dialog)
                    showNext();
            });
    connect(composer, &Composer::pdfProgress, this, &PdfImportFlow::onProgress);
}

void PdfImportFlow::showNext()
{
    if (m_waiting.isEmpty())
        return;
    const auto [path, summary] = m_waiting.dequeue();
    m_dialog = new PdfPagesDialog(path, summary, m_composer->pdfRenderer(), m_window);
    m_dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_dialog, &QDialog::finished, this, [this, dialog = m_dialog.data()](int result) {
        if (result == QDialog::Accepted)
            m_composer->addPdfPages(dialog->path(), dialog->selectedPages());
        m_dialog.clear();
        showNext();
    });
    m_dialog->open();
}

void PdfImportFlow::onProgress(int done, int total)
{
    if (total <= 0 || done >= total) {
        if (m_progress) {
            m_progress->reset();
            m_progress->hide();
        }
        return;
    }
    if (!m_progress) {
        m_progress = new QProgressDialog(m_window);
        m_progress->setObjectName(QStringLiteral("pdfProgressDialog"));
        m_progress->setWindowTitle(tr("PDF Pages"));
        m_progress->setAutoClose(false);
        m_progress->setAutoReset(false);
        m_progress->setWindowModality(Qt::NonModal); // the window stays usable while pages are drawn
        m_progress->setMinimumDuration(400);
        m_progress->setCancelButtonText(tr("Cancel"));
        connect(m_progress, &QProgressDialog::canceled, m_composer, &Composer::cancelPdfPages);
    }
    m_progress->setMaximum(total);
    m_progress->setValue(done);
    const QString text = tr("Rendering PDF pages: %1 of %2").arg(done).arg(total);
    m_progress->setLabelText(text);
    m_progress->setAccessibleName(text);
}

} // namespace squint
