#pragma once

#include "core/images/pdfpages.h"

#include <QDialog>
#include <QPointer>
#include <QProgressDialog>
#include <QQueue>

class QButtonGroup;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QListWidget;

class QRadioButton;

namespace squint {

class Composer;

/// Asks which pages of a PDF go to the tray: all of them, a page list ("2-4, 7"), or the ones
/// ticked in a list of thumbnails (drawn on the PDF worker as the dialog shows). OK stays disabled
/// while the choice is empty, unreadable or over MaxPdfPagesAtOnce, and the line under the choices
/// says why.
class PdfPagesDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PdfPagesDialog)
public:
    enum class Mode { All, Range, Pick };

    /// `renderer` draws the thumbnails (may be null: no thumbnails).
    PdfPagesDialog(const QString &path,
                   const PdfSummary &summary,
                   PdfRenderer *renderer,
                   QWidget *parent = nullptr);
    ~PdfPagesDialog() override;

    QString path() const { return m_path; }
    Mode mode() const;
    void setMode(Mode mode);
    /// The chosen pages, 1-based, in order; empty when the choice can't be used.
    QList<int> selectedPages() const;

    QLineEdit *rangeEdit() const { return m_rangeEdit; }
    QListWidget *pageList() const { return m_pageList; }
    QPushButton *okButton() const;

private:
    void update();
    void onThumbnail(quint64 job, int page, const QImage &image);

    QString m_path;
    PdfSummary m_summary;
    QPointer<PdfRenderer> m_renderer;
    quint64 m_thumbJob = 0;
    QButtonGroup *m_modes = nullptr;
    QRadioButton *m_all = nullptr, *m_range = nullptr, *m_pick = nullptr;
    QLineEdit *m_rangeEdit = nullptr;
    QListWidget *m_pageList = nullptr;
    QLabel *m_status = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
};

/// The window's side of PDF import: the composer asks for pages, this shows a PdfPagesDialog for
/// each PDF in turn, hands the choice back, and shows rendering progress with Cancel.
class PdfImportFlow final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PdfImportFlow)
public:
    PdfImportFlow(Composer *composer, QWidget *window);

    /// The dialog shown now, if any (tests drive it).
    PdfPagesDialog *dialog() const { return m_dialog; }
    QProgressDialog *progress() const { return m_progress; }

private:
    void showNext();
    void onProgress(int done, int total);

    Composer *m_composer;
    QPointer<QWidget> m_window;
    QQueue<QPair<QString, PdfSummary>> m_waiting;
    QPointer<PdfPagesDialog> m_dialog;
    QPointer<QProgressDialog> m_progress;
};

} // namespace squint
