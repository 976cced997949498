#pragma once

#include <QByteArray>
#include <QImage>
#include <QList>
#include <QObject>
#include <QSizeF>
#include <QString>
#include <QThreadPool>

#include <atomic>
#include <memory>
#include <optional>

class QPdfDocument;

namespace squint {

/// Pages one PDF import adds to the tray at most: more images than any model takes in one request,
/// and a bound on the work and the cache a single drop can cause.
inline constexpr int MaxPdfPagesAtOnce = 100;
/// From this many pages on, a PDF is "huge": the page picker says so and shows its thumbnails as
/// they come instead of all at once.
inline constexpr int HugePdfPages = 500;
/// The long edge pages are rendered at when the model states no preference (Claude's recommendation).
inline constexpr int DefaultPdfLongEdge = 1568;

/// One part of a page list: pages first..last, 1-based; last = 0 means "to the end".
struct PageRange
{
    int first = 1;
    int last = 0;
    bool operator==(const PageRange &o) const { return first == o.first && last == o.last; }
};

/// Reads a page list such as "2-4,7", "1, 3-", "-3" or "all" (blank too means all pages). Pure and
/// linear in the length of `text`; at most 1000 parts. Syntax only: whether the pages exist is
/// checked by selectPages(). std::nullopt with *error (for the user) when it can't be read.
std::optional<QList<PageRange>> parsePageRanges(const QString &text, QString *error = nullptr);

/// The 1-based pages `ranges` name in a document of `pageCount` pages, in the order written, each
/// once. Empty with *error when a page is past the end (or the document has none).
QList<int> selectPages(const QList<PageRange> &ranges, int pageCount, QString *error = nullptr);

/// parsePageRanges() then selectPages().
QList<int> selectPages(const QString &text, int pageCount, QString *error = nullptr);

/// "2-4, 7" for the pages 2, 3, 4 and 7: the shortest page list that names `pages` (1-based).
QString pageRangeText(const QList<int> &pages);

/// The tray's name for one page of a PDF: "report.pdf p. 3".
QString pdfPageName(const QString &fileName, int page);

/// Whether `path` names a PDF by its suffix (the GUI thread decides without reading the file).
bool isPdfPath(const QString &path);

/// One page of a PDF as a batch input path: "/docs/report.pdf#page=3" (1-based page).
QString pdfPagePath(const QString &pdf, int page);
/// The PDF and page of a pdfPagePath(); false (outputs untouched) for any other path.
bool splitPdfPagePath(const QString &path, QString *pdf, int *page);
/// The PDF a path stands for: the PDF of a page path, else the path itself (for stat and mtime).
QString fileOfInput(const QString &path);
/// A page path rendered as PNG at `longEdge` (opens the PDF: blocking, for worker threads); empty
/// with *error when it can't be.
QByteArray renderPdfPagePath(const QString &pagePath, int longEdge, QString *error);

/// The pixel size a page of `points` (1/72 inch) is rendered at so that its long edge is `longEdge`.
QSize pageRenderSize(QSizeF points, int longEdge);

/// A rendered page as PNG (fast zlib level, no alpha, no metadata); empty on failure.
QByteArray encodePagePng(const QImage &page);

/// A PDF opened for reading pages. Qt PDF (PDFium) runs one call at a time in the whole process, so
/// use it on a worker thread: nothing on the GUI thread waits for it. Not copyable; one thread.
class PdfFile
{
public:
    explicit PdfFile(const QString &path);
    ~PdfFile();
    PdfFile(const PdfFile &) = delete;
    PdfFile &operator=(const PdfFile &) = delete;

    /// Empty when open; else why not, in words for the user (password, damaged, missing...).
    QString error() const { return m_error; }
    bool isOpen() const { return m_error.isEmpty(); }
    int pageCount() const;
    /// Page size in points, 0-based index.
    QSizeF pagePoints(int index) const;
    /// The page (0-based) with its long edge at `longEdge` pixels, on white; null on failure.
    QImage render(int index, int longEdge) const;
    /// The page as PNG bytes ready for the tray; empty with *error on failure.
    QByteArray renderPng(int index, int longEdge, QString *error) const;

private:
    std::unique_ptr<QPdfDocument> m_doc;
    QString m_error;
};

/// What opening a PDF found.
struct PdfSummary
{
    QString error; ///< empty when the PDF can be read
    int pageCount = 0;
    QSizeF firstPagePoints;
    bool ok() const { return error.isEmpty(); }
};

/// Reads PDFs on a private worker thread: opens them (page count, errors), renders pages for the
/// tray as PNG, and thumbnails for the page picker. Results come back as queued signals on the
/// owner's thread. Every job can be cancelled; the destructor cancels all and waits.
class PdfRenderer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PdfRenderer)
public:
    explicit PdfRenderer(QObject *parent = nullptr);
    ~PdfRenderer() override;

    /// Opens `path` and reports inspected(); returns the job id.
    quint64 inspect(const QString &path);
    /// Renders `pages` (1-based) of `path` at `longEdge` as PNG, one pageRendered() each, in
    /// order, then renderFinished().
    quint64 render(const QString &path, const QList<int> &pages, int longEdge);
    /// Small images of `pages` (1-based) fitting `edge`, one thumbnailReady() each.
    quint64 thumbnails(const QString &path, const QList<int> &pages, int edge);
    /// Stops a job after the page being rendered; its remaining pages are not reported, and
    /// renderFinished() says it was cancelled.
    void cancel(quint64 job);
    void cancelAll();

signals:
    void inspected(quint64 job, const QString &path, const squint::PdfSummary &summary);
    /// `index` is the position in the job's page list; `png` is empty when `error` says why.
    void pageRendered(quint64 job, int index, int page, const QByteArray &png, const QString &error);
    void renderFinished(quint64 job, bool cancelled);
    void thumbnailReady(quint64 job, int page, const QImage &image);

private:
    using Flag = std::shared_ptr<std::atomic_bool>;
    Flag flagFor(quint64 job);
    void done(quint64 job);

    QThreadPool m_pool;
    quint64 m_nextJob = 1;
    QHash<quint64, Flag> m_cancel; ///< GUI thread only
    std::atomic_bool m_closing{false};
};

} // namespace squint

Q_DECLARE_METATYPE(squint::PdfSummary)
