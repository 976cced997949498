#include "core/images/pdfpages.h"

#include "core/images/imageprep.h"

#include <QBuffer>
#include <QCoreApplication>
#include <QFileInfo>
#include <QImageWriter>
#include <QPdfDocument>

#ifdef Q_OS_LINUX
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

#include <algorithm>
#include <cmath>

namespace squint {

// Translation context for this file's messages (lupdate reads it from here).
namespace {
class Tr
{
    Q_DECLARE_TR_FUNCTIONS(squint::PdfPages)
};

constexpr int MaxParts = 1000;
// QImageWriter's PNG "quality" picks the zlib level: (100 - quality) * 9 / 91, so 75 is level 2.
constexpr int PngQuality = 75;

// Rendering yields to the GUI thread and to everything else the user runs: on Linux the worker
// thread is niced. A thread's nice value can only go up (without privileges), so it is set once.
void lowerThisThreadsPriority()
{
#ifdef Q_OS_LINUX
    static thread_local bool done = false;
    if (!done) {
        done = true;
        setpriority(PRIO_PROCESS, pid_t(syscall(SYS_gettid)), 10);
    }
#endif
}

// A page number as written: digits only, no sign; false when it isn't one or is absurdly long.
bool readNumber(QStringView s, int *out)
{
    if (s.isEmpty() || s.size() > 9)
        return false;
    int v = 0;
    for (QChar c : s) {
        if (c < QLatin1Char('0') || c > QLatin1Char('9'))
            return false;
        v = v * 10 + (c.unicode() - '0');
    }
    *out = v;
    return true;
}

void setError(QString *error, const QString &text)
{
    if (error)
        *error = text;
}
} // namespace

std::optional<QList<PageRange>> parsePageRanges(const QString &text, QString *error)
{
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty() || trimmed.compare(QLatin1String("all"), Qt::CaseInsensitive) == 0)
        return QList<PageRange>{PageRange{1, 0}};
    QList<PageRange> out;
    // Each character is looked at a bounded number of times: split, trim, read digits.
    const QList<QStringView> parts = QStringView(trimmed).split(QLatin1Char(','));
    if (parts.size() > MaxParts) {
        setError(error, Tr::tr("more than %1 parts; use ranges such as 2-40.").arg(MaxParts));
        return std::nullopt;
    }
    for (QStringView raw : parts) {
        const QStringView part = raw.trimmed();
        const auto bad = [&] {
            setError(error,
                     Tr::tr("“%1” is not a page or a range of pages (write them like 2-4,7).")
                         .arg(part.toString().left(40)));
            return std::nullopt;
        };
        if (part.isEmpty())
            return bad();
        const qsizetype dash = part.indexOf(QLatin1Char('-'));
        PageRange r;
        if (dash < 0) {
            if (!readNumber(part, &r.first))
                return bad();
            r.last = r.first;
        } else {
            const QStringView from = part.first(dash).trimmed(),
                              to = part.sliced(dash + 1).trimmed();
            if (from.isEmpty() && to.isEmpty())
                return bad();
            if (!from.isEmpty() && !readNumber(from, &r.first))
                return bad();
            if (!to.isEmpty() && !readNumber(to, &r.last))
                return bad();
            if (from.isEmpty())
                r.first = 1;
            if (!to.isEmpty() && r.last < r.first) {
                setError(error,
                         Tr::tr("%1 goes backwards; write the lower page first.")
                             .arg(part.toString()));
                return std::nullopt;
            }
        }
        if (r.first < 1) {
            setError(error, Tr::tr("pages are counted from 1."));
            return std::nullopt;
        }
        out << r;
    }
    return out;
}

QList<int> selectPages(const QList<PageRange> &ranges, int pageCount, QString *error)
{
    if (pageCount <= 0) {
        setError(error, Tr::tr("the document has no pages."));
        return {};
    }
    QList<int> out;
    QList<bool> seen(pageCount + 1, false);
    for (const PageRange &r : ranges) {
        const int last = r.last == 0 ? pageCount : r.last;
        if (r.first > pageCount || last > pageCount) {
            setError(error, Tr::tr("the document has %n page(s).", nullptr, pageCount));
            return {};
        }
        for (int p = r.first; p <= last; ++p) {
            if (!seen[p]) {
                seen[p] = true;
                out << p;
            }
        }
    }
    return out;
}

QList<int> selectPages(const QString &text, int pageCount, QString *error)
{
    const auto ranges = parsePageRanges(text, error);
    return ranges ? selectPages(*ranges, pageCount, error) : QList<int>();
}

QString pageRangeText(const QList<int> &pages)
{
    QStringList parts;
    for (qsizetype i = 0; i < pages.size();) {
        qsizetype j = i;
        while (j + 1 < pages.size() && pages.at(j + 1) == pages.at(j) + 1)
            ++j;
        parts << (j == i ? QString::number(pages.at(i))
                         : QStringLiteral("%1-%2").arg(pages.at(i)).arg(pages.at(j)));
        i = j + 1;
    }
    return parts.join(QStringLiteral(", "));
}

QString pdfPageName(const QString &fileName, int page)
{
    //: the tray's name for one page of a PDF file: "report.pdf p. 3"
    return Tr::tr("%1 p. %2").arg(fileName).arg(page);
}

bool isPdfPath(const QString &path)
{
    return path.endsWith(QLatin1String(".pdf"), Qt::CaseInsensitive);
}

QString pdfPagePath(const QString &pdf, int page)
{
    return pdf + QStringLiteral("#page=") + QString::number(page);
}

bool splitPdfPagePath(const QString &path, QString *pdf, int *page)
{
    const qsizetype at = path.lastIndexOf(QLatin1String("#page="));
    if (at <= 0 || !isPdfPath(path.left(at)))
        return false;
    int n = 0;
    if (!readNumber(QStringView(path).sliced(at + 6), &n) || n < 1)
        return false;
    *pdf = path.left(at);
    *page = n;
    return true;
}

QString fileOfInput(const QString &path)
{
    QString pdf;
    int page = 0;
    return splitPdfPagePath(path, &pdf, &page) ? pdf : path;
}

QByteArray renderPdfPagePath(const QString &pagePath, int longEdge, QString *error)
{
    QString pdf;
    int page = 0;
    if (!splitPdfPagePath(pagePath, &pdf, &page)) {
        setError(error, Tr::tr("This is not a page of a PDF."));
        return {};
    }
    lowerThisThreadsPriority();
    const PdfFile file(pdf);
    if (!file.isOpen()) {
        setError(error, file.error());
        return {};
    }
    if (page > file.pageCount()) {
        setError(error, Tr::tr("the document has %n page(s).", nullptr, file.pageCount()));
        return {};
    }
    return file.renderPng(page - 1, longEdge, error);
}

QSize pageRenderSize(QSizeF points, int longEdge)
{
    if (points.width() <= 0 || points.height() <= 0 || longEdge <= 0)
        return {};
    const double scale = double(longEdge) / std::max(points.width(), points.height());
    return QSize(std::max(1, int(std::lround(points.width() * scale))),
                 std::max(1, int(std::lround(points.height() * scale))));
}

// ---- PdfFile ---------------------------------------------------------------------------------------

PdfFile::PdfFile(const QString &path)
    : m_doc(std::make_unique<QPdfDocument>())
{
    const QFileInfo fi(path);
    if (!fi.exists()) {
        m_error = Tr::tr("The file does not exist (any more).");
        return;
    }
    if (!fi.isFile()) {
        m_error = Tr::tr("This is not a regular file, so Squint does not read it.");
        return;
    }
    switch (m_doc->load(path)) {
    case QPdfDocument::Error::None:
        break;
    case QPdfDocument::Error::IncorrectPassword:
        m_error = Tr::tr(
            "The PDF is protected by a password, and Squint does not open protected PDFs. Save the "
            "pages "
            "you need without the password (Print to PDF in a viewer) and add that file.");
        return;
    case QPdfDocument::Error::UnsupportedSecurityScheme:
        m_error = Tr::tr("The PDF is encrypted in a way Squint can't open. Save the pages you need "
                         "as a plain PDF "
                         "(Print to PDF in a viewer) and add that file.");
        return;
    case QPdfDocument::Error::FileNotFound:
        m_error = Tr::tr("Squint can't open this file.");
        return;
    case QPdfDocument::Error::InvalidFileFormat:
    case QPdfDocument::Error::DataNotYetAvailable:
    case QPdfDocument::Error::Unknown:
        m_error = Tr::tr("The PDF is damaged or is not a PDF: Squint can't read its pages.");
        return;
    }
    if (m_doc->pageCount() <= 0)
        m_error = Tr::tr("The PDF has no pages.");
}

PdfFile::~PdfFile() = default;

int PdfFile::pageCount() const
{
    return isOpen() ? m_doc->pageCount() : 0;
}

QSizeF PdfFile::pagePoints(int index) const
{
    return isOpen() ? m_doc->pagePointSize(index) : QSizeF();
}

QImage PdfFile::render(int index, int longEdge) const
{
    if (!isOpen() || index < 0 || index >= pageCount())
        return {};
    QSize size = pageRenderSize(pagePoints(index), longEdge);
    if (size.isEmpty())
        return {};
    QImage page = m_doc->render(index, size);
    if (page.isNull())
        return {};
    // PDFium leaves what the page does not paint transparent: pages are paper, so white.
    page = page.convertToFormat(QImage::Format_ARGB32_Premultiplied);
    QImage out(page.size(), QImage::Format_RGB32);
    for (int y = 0; y < page.height(); ++y) {
        const QRgb *src = reinterpret_cast<const QRgb *>(page.constScanLine(y));
        QRgb *dst = reinterpret_cast<QRgb *>(out.scanLine(y));
        for (int x = 0; x < page.width(); ++x) {
            const QRgb p = src[x];
            const int rest = 255 - qAlpha(p);
            dst[x] = qRgb(qRed(p) + rest, qGreen(p) + rest, qBlue(p) + rest);
        }
    }
    return out;
}

QByteArray encodePagePng(const QImage &page)
{
    // Zlib's level 2 instead of Qt's default 6: much faster on a page of text, for a slightly
    // larger file; the page is drawn once and sent, not archived.
    QByteArray png;
    QBuffer buffer(&png);
    buffer.open(QIODevice::WriteOnly);
    QImageWriter writer(&buffer, "png");
    writer.setQuality(PngQuality);
    if (!writer.write(page.convertToFormat(QImage::Format_RGB888)))
        png.clear();
    return png;
}

QByteArray PdfFile::renderPng(int index, int longEdge, QString *error) const
{
    const QImage page = render(index, longEdge);
    if (page.isNull()) {
        setError(error,
                 Tr::tr("Page %1 could not be rendered: the PDF may be damaged.").arg(index + 1));
        return {};
    }
    QByteArray png = encodePagePng(page);
    if (png.isEmpty())
        setError(error, Tr::tr("Page %1 could not be encoded as PNG.").arg(index + 1));
    return png;
}

// ---- PdfRenderer -----------------------------------------------------------------------------------

PdfRenderer::PdfRenderer(QObject *parent)
    : QObject(parent)
{
    qRegisterMetaType<PdfSummary>();
    // PDFium serialises every call process-wide: more threads would only wait for each other.
    m_pool.setMaxThreadCount(1);
}

PdfRenderer::~PdfRenderer()
{
    m_closing = true;
    for (const Flag &f : std::as_const(m_cancel))
        *f = true;
    m_pool.clear();
    m_pool.waitForDone();
}

PdfRenderer::Flag PdfRenderer::flagFor(quint64 job)
{
    Flag f = std::make_shared<std::atomic_bool>(false);
    m_cancel.insert(job, f);
    return f;
}

void PdfRenderer::done(quint64 job)
{
    m_cancel.remove(job);
}

void PdfRenderer::cancel(quint64 job)
{
    if (const Flag f = m_cancel.value(job))
        *f = true;
}

void PdfRenderer::cancelAll()
{
    for (const Flag &f : std::as_const(m_cancel))
        *f = true;
}

quint64 PdfRenderer::inspect(const QString &path)
{
    const quint64 job = m_nextJob++;
    const Flag cancelled = flagFor(job);
    m_pool.start([this, job, path, cancelled] {
        PdfSummary s;
        if (!*cancelled) {
            const PdfFile pdf(path);
            s.error = pdf.error();
            s.pageCount = pdf.pageCount();
            if (pdf.isOpen())
                s.firstPagePoints = pdf.pagePoints(0);
        }
        QMetaObject::invokeMethod(
            this,
            [this, job, path, s] {
                done(job);
                emit inspected(job, path, s);
            },
            Qt::QueuedConnection);
    });
    return job;
}

quint64 PdfRenderer::render(const QString &path, const QList<int> &pages, int longEdge)
{
    const quint64 job = m_nextJob++;
    const Flag cancelled = flagFor(job);
    m_pool.start([this, job, path, pages, longEdge, cancelled] {
        lowerThisThreadsPriority();
        const PdfFile pdf(path);
        for (int i = 0; i < pages.size() && !*cancelled; ++i) {
            QString error = pdf.error();
            QByteArray png;
            if (error.isEmpty())
                png = pdf.renderPng(pages.at(i) - 1, longEdge, &error);
            if (*cancelled)
                break;
            QMetaObject::invokeMethod(
                this,
                [this, job, i, page = pages.at(i), png, error] {
                    emit pageRendered(job, i, page, png, error);
                },
                Qt::QueuedConnection);
        }
        const bool wasCancelled = *cancelled;
        QMetaObject::invokeMethod(
            this,
            [this, job, wasCancelled] {
                done(job);
                emit renderFinished(job, wasCancelled);
            },
            Qt::QueuedConnection);
    });
    return job;
}

quint64 PdfRenderer::thumbnails(const QString &path, const QList<int> &pages, int edge)
{
    const quint64 job = m_nextJob++;
    const Flag cancelled = flagFor(job);
    m_pool.start([this, job, path, pages, edge, cancelled] {
        lowerThisThreadsPriority();
        const PdfFile pdf(path);
        for (int i = 0; i < pages.size() && !*cancelled && pdf.isOpen(); ++i) {
            const QImage thumb = pdf.render(pages.at(i) - 1, edge);
            if (*cancelled)
                break;
            QMetaObject::invokeMethod(
                this,
                [this, job, page = pages.at(i), thumb] { emit thumbnailReady(job, page, thumb); },
                Qt::QueuedConnection);
        }
        QMetaObject::invokeMethod(
            this, [this, job] { done(job); }, Qt::QueuedConnection);
    });
    return job;
}

} // namespace squint
