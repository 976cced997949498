#include "core/compose/composer.h"
#include "core/util/format.h"

#include "core/chat/requestbody.h"
#include "core/images/intake.h"
#include "core/images/pdfpages.h"
#include "core/images/urlfetcher.h"
#include "core/markup/markup.h"
#include "core/util/settings.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QLocale>
#include <QMimeData>
#include <QTime>
#include <QTimer>

namespace squint {

// Translation context for this file's messages (lupdate reads it from here).
namespace {
class Tr
{
    Q_DECLARE_TR_FUNCTIONS(squint::Composer)
};
} // namespace

namespace {

// Encoded image formats a paste or drop may carry, in order of preference (originals, no re-encode).
const QList<QPair<QString, QString>> encodedImageMimes = {
    {QStringLiteral("image/png"), QStringLiteral("png")},   {QStringLiteral("image/jpeg"), QStringLiteral("jpg")},
    {QStringLiteral("image/webp"), QStringLiteral("webp")}, {QStringLiteral("image/gif"), QStringLiteral("gif")},
};

QString urlForDisplay(const QUrl &url)
{
    return url.toDisplayString(QUrl::RemoveQuery | QUrl::RemoveUserInfo | QUrl::RemoveFragment);
}
} // namespace

Composer::Composer(Catalog catalog, Settings *settings, QNetworkAccessManager *nam, QObject *parent)
    : QObject(parent)
    , m_catalog(std::move(catalog))
    , m_settings(settings)
    , m_tray(new TrayModel(this))
    , m_intake(new Intake(this))
    , m_fetcher(new UrlFetcher(nam, this))
    , m_markup(new MarkupApplier(m_tray, this))
    , m_pdf(new PdfRenderer(this))
{
    connect(m_pdf, &PdfRenderer::inspected, this, &Composer::onPdfInspected);
    connect(m_pdf, &PdfRenderer::pageRendered, this, &Composer::onPdfPage);
    connect(m_pdf, &PdfRenderer::renderFinished, this, &Composer::onPdfFinished);
    // While an edited copy is being made, what would be sent is not known yet (and must never be
    // the unedited original): the evaluation says so and Send waits.
    connect(m_markup, &MarkupApplier::busyChanged, this, [this] {
        scheduleEvaluation();
        emit busyChanged(isBusy());
    });
    // The unedited item's variants and any pixels kept for them are no longer wanted.
    connect(m_markup, &MarkupApplier::applied, this, [this](quint64 oldId, quint64) {
        m_intake->forget({oldId});
    });
    connect(m_markup, &MarkupApplier::failed, this, [this](quint64 id, const QString &error) {
        const TrayItem *item = m_tray->itemById(id);
        emit message(MessageLevel::Error,
                     Tr::tr("“%1” could not be edited: %2")
                         .arg(item ? item->name : QString(), error));
    });
    connect(m_tray, &TrayModel::contentChanged, this, &Composer::scheduleEvaluation);
    connect(m_intake, &Intake::ingested, this, &Composer::onIngested);
    connect(m_intake, &Intake::folderScanned, this, [this](const QString &root, const FolderScan &scan) {
        if (!m_scanningFolders.remove(root)) {
            finishWork(); // the tray was cleared while the folder was read: drop what it found
            return;
        }
        const QString name = QFileInfo(root).fileName();
        if (scan.capped())
            emit message(MessageLevel::Warning,
                         Tr::tr("“%1” holds %2 images; Squint added the first %3 (the limit per folder, set in Settings).")
                             .arg(name)
                             .arg(scan.imageFilesFound)
                             .arg(scan.files.size()));
        if (scan.loopsSkipped > 0)
            emit message(MessageLevel::Info,
                         Tr::tr("“%1” links back to folders already read (%n symlink loop(s)); each folder was read once.",
                            nullptr, scan.loopsSkipped)
                             .arg(name));
        if (scan.files.isEmpty())
            emit message(MessageLevel::Warning,
                         Tr::tr("“%1” has no images (%n other file(s) skipped).", nullptr, scan.otherFiles).arg(name));
        startFiles(scan.files);
        finishWork();
    });
    connect(m_intake, &Intake::prepared, this, [this](quint64 id, const PreparedImage &img, const QString &error) {
        m_preparing.remove(QString::number(id) + QLatin1Char(':') + img.key);
        if (!img.isNull() || !error.isEmpty())
            m_tray->setPrepared(id, img, error);
        else
            scheduleEvaluation(); // cancelled: asked for again if it is still needed
        finishWork();
    });
    connect(m_intake, &Intake::fitted, this, [this](quint64 id, const PreparedImage &img, const QString &error) {
        --m_fitRunning;
        const TrayItem *item = m_tray->itemById(id);
        if (item && img.isNull())
            emit message(MessageLevel::Error, Tr::tr("“%1” could not be fitted: %2").arg(item->name, error));
        else if (item)
            m_tray->setFitted(id, img);
        if (m_fitRunning == 0) {
            reevaluate();
            const Meter &p = m_evaluation.payload;
            emit message(m_evaluation.canSend ? MessageLevel::Info : MessageLevel::Warning,
                         m_evaluation.canSend ? Tr::tr("Fitted to %1: the request is now %2.")
                                                    .arg(m_profile.displayName, formatBytes(p.value))
                                              : Tr::tr("Fitted to %1, but it still does not fit: %2")
                                                    .arg(m_profile.displayName, m_evaluation.blocker));
        }
        finishWork();
    });
    connect(m_fetcher, &UrlFetcher::progress, this, [this](quint64 job, qint64 received, qint64 total) {
        m_tray->setDownloadProgress(m_downloads.value(job), received, total);
    });
    connect(m_fetcher, &UrlFetcher::finished, this,
            [this](quint64 job, const QUrl &, const QByteArray &bytes, const QString &suggestedName) {
                const quint64 id = m_downloads.take(job);
                if (!m_tray->itemById(id)) {
                    finishWork();
                    return;
                }
                const int dot = suggestedName.lastIndexOf(QLatin1Char('.'));
                m_intake->ingestBytes(id,
                                      bytes,
                                      dot > 0 ? suggestedName.mid(dot + 1).left(8) : QString(),
                                      ingestPlan());
            });
    connect(m_fetcher, &UrlFetcher::failed, this, [this](quint64 job, const QUrl &url, const QString &error) {
        emit message(MessageLevel::Error, Tr::tr("%1: %2").arg(urlForDisplay(url), error));
        if (!m_downloads.contains(job))
            return; // refused at once: addUrls already marked the item
        m_tray->setFailed(m_downloads.take(job), error);
        finishWork();
    });
    if (m_settings)
        connect(m_settings, &Settings::limitOverridesChanged, this, [this](const QString &endpoint) {
            if (endpoint == m_profile.endpoint)
                reloadProfile();
        });
    if (m_settings) {
        m_context.keepMetadata = m_settings->keepImageMetadata();
        connect(m_settings, &Settings::keepImageMetadataChanged, this, &Composer::setKeepMetadata);
    }
    setModelName(m_settings ? m_settings->lastModel() : QString());
}

Composer::~Composer() = default;

void Composer::setModelName(const QString &name)
{
    const QString trimmed = name.trimmed();
    if (!m_profile.endpoint.isEmpty() && trimmed == m_profile.endpoint)
        return;
    m_profile = m_catalog.profileWithOverrides(trimmed, m_settings);
    if (m_settings && !trimmed.isEmpty())
        m_settings->setLastModel(trimmed);
    m_context.noVision.clear(); // the old model's; the window tells what it knows of the new one
    m_context.noVisionBlocks = false;
    emit profileChanged();
    reevaluate();
}

void Composer::reloadProfile()
{
    const QString name = m_profile.endpoint;
    m_profile = {};
    setModelName(name);
}

void Composer::setPrompt(const QString &text)
{
    if (text == m_prompt)
        return;
    m_prompt = text;
    scheduleEvaluation();
}

void Composer::scheduleEvaluation()
{
    if (m_evaluationQueued)
        return;
    m_evaluationQueued = true;
    // Coalesce bursts (a folder of files arriving) into one evaluation per event-loop turn.
    QTimer::singleShot(0, this, &Composer::reevaluate);
}

void Composer::reevaluate()
{
    m_evaluationQueued = false;
    m_evaluation = evaluate(m_profile, m_tray->facts(), m_prompt, m_context);
    if (m_markup->isBusy()) {
        m_evaluation.canSend = false;
        m_evaluation.blocker = Tr::tr("Applying the edits…");
    }
    m_tray->setVerdicts(m_evaluation.items);
    requestPreparations();
    emit evaluationChanged();
    emit busyChanged(isBusy());
}

void Composer::requestPreparations()
{
    if (m_fitRunning > 0)
        return; // Fit to Model is making the variants that will be sent
    for (int row = 0; row < m_evaluation.items.size() && row < m_tray->count(); ++row) {
        const ItemVerdict &v = m_evaluation.items.at(row);
        if (!v.needsPrepare)
            continue;
        const TrayItem &it = m_tray->itemAt(row);
        const QString key = QString::number(it.id) + QLatin1Char(':') + v.plan.key();
        if (m_preparing.contains(key))
            continue;
        m_preparing.insert(key);
        ++m_pending;
        m_intake->prepare(it.id, it.path, it.info, v.plan);
    }
}

void Composer::startFiles(const QStringList &paths)
{
    if (paths.isEmpty())
        return;
    QList<quint64> ids;
    QStringList images;
    ids.reserve(paths.size());
    for (const QString &path : paths) {
        if (isPdfPath(path)) {
            startPdf(path); // its pages take its place among the files
            continue;
        }
        ids << m_tray->addPending(QFileInfo(path).fileName(), path);
        images << path;
        ++m_pending;
    }
    // One plan for the whole batch, counted with all of it, so that each image's one decode makes the
    // variants the evaluation will ask for once they are all in.
    const IngestPlan plan = ingestPlan();
    for (int i = 0; i < ids.size(); ++i)
        m_intake->ingestPath(ids.at(i), images.at(i), plan);
}

IngestPlan Composer::ingestPlan() const
{
    IngestPlan plan;
    plan.active = true;
    plan.limits = m_profile.limits;
    int images = 0;
    for (const TrayItem &it : m_tray->items())
        images += it.stage != ItemFacts::Stage::Failed;
    plan.imageCount = images + m_context.historyImageCount();
    plan.keepMetadata = m_context.keepMetadata;
    plan.fit = fitTargetForTurn(m_profile, m_context, m_prompt, std::max(1, images));
    return plan;
}

void Composer::startFolder(const QString &path)
{
    ++m_pending;
    m_scanningFolders.insert(path);
    m_intake->scanFolder(path, m_settings ? m_settings->folderFileCap() : 1000);
    emit message(MessageLevel::Info, Tr::tr("Reading the folder “%1”…").arg(QFileInfo(path).fileName()));
}

void Composer::finishWork()
{
    m_pending = std::max(0, m_pending - 1);
    if (m_pending == 0)
        emit busyChanged(isBusy());
}

void Composer::addPaths(const QStringList &paths)
{
    QStringList files;
    for (const QString &p : paths) {
        const QFileInfo fi(p);
        if (fi.isDir())
            startFolder(fi.absoluteFilePath());
        else
            files << fi.absoluteFilePath();
    }
    startFiles(files);
    if (!paths.isEmpty())
        emit busyChanged(true);
}

void Composer::addUrls(const QList<QUrl> &urls)
{
    QStringList paths;
    for (const QUrl &url : urls) {
        if (url.isLocalFile()) {
            paths << url.toLocalFile();
        } else if (isWebUrl(url)) {
            const QString name = url.fileName().isEmpty() ? url.host() : url.fileName();
            const quint64 id = m_tray->addPending(name, urlForDisplay(url));
            ++m_pending;
            const quint64 job = m_fetcher->fetch(url);
            if (job != 0) {
                m_downloads.insert(job, id);
            } else {
                m_tray->setFailed(id, Tr::tr("Squint can't download this link."));
                finishWork();
            }
        } else {
            emit message(MessageLevel::Warning,
                         Tr::tr("Squint takes files and http(s) links; “%1” is neither.").arg(urlForDisplay(url)));
        }
    }
    addPaths(paths);
    if (!urls.isEmpty())
        emit busyChanged(isBusy());
}

void Composer::addImageData(const QImage &image, const QString &name)
{
    if (image.isNull()) {
        emit message(MessageLevel::Warning, Tr::tr("The clipboard holds no usable image."));
        return;
    }
    const QString label = name.isEmpty() ? Tr::tr("Pasted image %1").arg(QLocale().toString(QTime::currentTime(), QLocale::ShortFormat)) : name;
    const quint64 id = m_tray->addPending(label, Tr::tr("Clipboard"));
    ++m_pending;
    m_intake->ingestImage(id, image);
    emit busyChanged(true);
}

void Composer::addEncoded(const QByteArray &bytes, const QString &name, const QString &origin)
{
    const quint64 id = m_tray->addPending(name, origin);
    ++m_pending;
    const int dot = name.lastIndexOf(QLatin1Char('.'));
    m_intake->ingestBytes(id, bytes, dot > 0 ? name.mid(dot + 1).left(8) : QString(), ingestPlan());
    emit busyChanged(true);
}

bool Composer::canAccept(const QMimeData *mime)
{
    if (!mime)
        return false;
    if (mime->hasUrls() || mime->hasImage())
        return true;
    for (const auto &m : encodedImageMimes)
        if (mime->hasFormat(m.first))
            return true;
    const QUrl url(mime->text().trimmed(), QUrl::StrictMode);
    return url.isValid() && isWebUrl(url);
}

bool Composer::addMimeData(const QMimeData *mime)
{
    if (!mime)
        return false;
    // Links first: they lead to the original file (a browser drag offers both the link and pixels).
    if (mime->hasUrls()) {
        addUrls(mime->urls());
        return true;
    }
    for (const auto &m : encodedImageMimes) {
        if (mime->hasFormat(m.first)) {
            const QString name = Tr::tr("Pasted image %1.%2")
                                     .arg(QLocale().toString(QTime::currentTime(), QLocale::ShortFormat), m.second);
            addEncoded(mime->data(m.first), name, Tr::tr("Clipboard"));
            return true;
        }
    }
    if (mime->hasImage()) {
        addImageData(qvariant_cast<QImage>(mime->imageData()));
        return true;
    }
    const QUrl url(mime->text().trimmed(), QUrl::StrictMode);
    if (url.isValid() && isWebUrl(url)) {
        addUrls({url});
        return true;
    }
    return false;
}

void Composer::setContext(const RequestContext &context)
{
    const QString noVision = m_context.noVision;
    const bool blocks = m_context.noVisionBlocks;
    const bool keepMetadata = m_context.keepMetadata;
    m_context = context;
    m_context.noVision = noVision;
    m_context.noVisionBlocks = blocks;
    m_context.keepMetadata = keepMetadata;
    scheduleEvaluation();
}

void Composer::setNoVision(const QString &why, bool blocks)
{
    if (m_context.noVision == why && m_context.noVisionBlocks == blocks)
        return;
    m_context.noVision = why;
    m_context.noVisionBlocks = blocks;
    scheduleEvaluation();
}

void Composer::setKeepMetadata(bool keep)
{
    if (m_context.keepMetadata == keep)
        return;
    m_context.keepMetadata = keep;
    scheduleEvaluation();
}

void Composer::remove(const QList<quint64> &ids)
{
    m_tray->removeIds(ids);
    m_intake->forget(ids);
}

void Composer::clear()
{
    m_scanningFolders.clear();
    m_pdf->cancelAll(); // their pages would land in an empty tray
    QList<quint64> ids;
    for (const TrayItem &it : m_tray->items())
        ids << it.id;
    m_tray->clear();
    m_intake->forget(ids);
}

void Composer::fitToModel()
{
    QList<const TrayItem *> ready;
    for (const TrayItem &it : m_tray->items())
        if (it.stage == ItemFacts::Stage::Ready)
            ready << &it;
    if (ready.isEmpty()) {
        emit message(MessageLevel::Info, Tr::tr("There are no images to fit."));
        return;
    }
    const FitTarget target = fitTargetForTurn(m_profile, m_context, m_prompt, int(ready.size()));
    m_intake->cancelPreparations();
    for (const TrayItem *it : ready) {
        ++m_fitRunning;
        ++m_pending;
        m_intake->fit(it->id, it->path, it->info, target);
    }
    if (m_profile.limits.maxImages > 0 && ready.size() > m_profile.limits.maxImages)
        emit message(MessageLevel::Warning,
                     Tr::tr("%1 takes at most %2 images per request: Fit to Model makes images smaller, so remove %3 to send.")
                         .arg(m_profile.displayName)
                         .arg(m_profile.limits.maxImages)
                         .arg(ready.size() - m_profile.limits.maxImages));
    emit busyChanged(true);
}

// A queued evaluation counts as work: it may start conversions, so "idle" is only reported once
// it has run and asked for none.
bool Composer::isBusy() const
{
    return m_pending > 0 || m_evaluationQueued || m_markup->isBusy();
}

void Composer::applyEdits(quint64 id, const QList<Edit> &edits)
{
    m_markup->apply(id, edits);
    reevaluate(); // at once: Send must not go with the unedited image in the meantime
}

int Composer::pendingWork() const { return m_pending; }

void Composer::onIngested(quint64 id, const QString &path, const ProbeResult &result, const QByteArray &sha256)
{
    finishWork();
    const TrayItem *item = m_tray->itemById(id);
    if (!item) {
        m_intake->forget({id}); // removed while it was being read
        return;
    }
    if (!result.ok) {
        m_tray->setFailed(id, result.error);
        emit message(MessageLevel::Warning, Tr::tr("“%1” can't be used: %2").arg(item->name, result.error));
        return;
    }
    if (const TrayItem *dup = m_tray->findBySha256(sha256, id)) {
        emit message(MessageLevel::Info, Tr::tr("“%1” is already in the tray as “%2” (same content); it is sent once.")
                                             .arg(item->name, dup->name));
        m_tray->removeIds({id});
        m_intake->forget({id});
        return;
    }
    m_tray->setLoaded(id, path, result.info, sha256, result.thumbnail);
}

} // namespace squint

namespace squint {

// ---- PDFs ------------------------------------------------------------------------------------------

void Composer::startPdf(const QString &path)
{
    // A placeholder while the PDF is opened: the tray shows it is being read, and Send waits.
    const quint64 id = m_tray->addPending(QFileInfo(path).fileName(), path);
    ++m_pending;
    m_pdfOpening.insert(m_pdf->inspect(path), id);
}

void Composer::onPdfInspected(quint64 job, const QString &path, const PdfSummary &summary)
{
    const quint64 id = m_pdfOpening.take(job);
    finishWork();
    const TrayItem *item = m_tray->itemById(id);
    if (!item)
        return; // removed, or the tray cleared, while it was opened
    const QString name = item->name;
    if (!summary.ok()) {
        m_tray->setFailed(id, summary.error);
        emit message(MessageLevel::Warning,
                     Tr::tr("“%1” can't be used: %2").arg(name, summary.error));
        return;
    }
    if (m_askPdfPages) {
        m_tray->removeIds({id});
        emit pdfPagesWanted(path, summary);
        return;
    }
    QString why;
    const QList<int> pages = selectPages(m_pdfPages, summary.pageCount, &why);
    if (pages.isEmpty()) {
        const QString error = Tr::tr("pages %1: %2")
                                  .arg(m_pdfPages.trimmed().isEmpty() ? Tr::tr("all") : m_pdfPages,
                                       why);
        m_tray->setFailed(id, error);
        emit message(MessageLevel::Warning, Tr::tr("“%1” can't be used: %2").arg(name, error));
        return;
    }
    if (pages.size() > MaxPdfPagesAtOnce) {
        const QString error
            = Tr::tr(
                  "it has %n page(s); Squint adds at most %1 pages of a PDF at once: choose pages "
                  "(such as 1-%1).",
                  nullptr,
                  summary.pageCount)
                  .arg(MaxPdfPagesAtOnce);
        m_tray->setFailed(id, error);
        emit message(MessageLevel::Warning, Tr::tr("“%1” can't be used: %2").arg(name, error));
        return;
    }
    // The pages take the place of the PDF among the files given with it.
    const int row = m_tray->rowOf(id);
    m_tray->removeIds({id});
    addPdfPages(path, pages);
    if (row >= 0 && row < m_tray->count() - int(pages.size())) {
        QList<quint64> added;
        for (int i = m_tray->count() - int(pages.size()); i < m_tray->count(); ++i)
            added << m_tray->itemAt(i).id;
        m_tray->moveIdsTo(added, row);
    }
}

int Composer::pdfRenderEdge(int pageCount) const
{
    int ready = 0;
    for (const TrayItem &it : m_tray->items())
        ready += it.stage != ItemFacts::Stage::Failed;
    // The edge Fit to Model would aim at with these pages in the tray: no larger than the model
    // wants, so the pages usually go as they are.
    const int edge = fitTargetForTurn(m_profile, m_context, m_prompt, ready + pageCount).longEdge;
    return edge > 0 ? edge : DefaultPdfLongEdge;
}

void Composer::addPdfPages(const QString &path, const QList<int> &pages)
{
    const QString fileName = QFileInfo(path).fileName();
    if (pages.isEmpty())
        return;
    if (pages.size() > MaxPdfPagesAtOnce) {
        emit message(MessageLevel::Warning,
                     Tr::tr(
                         "“%1”: Squint adds at most %2 pages of a PDF at once; choose fewer pages.")
                         .arg(fileName)
                         .arg(MaxPdfPagesAtOnce));
        return;
    }
    const int edge = pdfRenderEdge(int(pages.size()));
    PdfPagesJob job;
    for (int page : pages)
        job.ids << m_tray->addPending(pdfPageName(fileName, page), path);
    m_pending += int(pages.size());
    m_pdfRendering.insert(m_pdf->render(path, pages, edge), job);
    emit message(MessageLevel::Info,
                 Tr::tr("Rendering %n page(s) of “%1” at %2 px…", nullptr, int(pages.size()))
                     .arg(fileName)
                     .arg(edge));
    reportPdfProgress();
    emit busyChanged(true);
}

void Composer::onPdfPage(quint64 job, int index, int, const QByteArray &png, const QString &error)
{
    auto it = m_pdfRendering.find(job);
    if (it == m_pdfRendering.end() || index < 0 || index >= it->ids.size())
        return;
    ++it->reported;
    const quint64 id = it->ids.at(index);
    if (!m_tray->itemById(id)) {
        finishWork(); // removed while it was rendered
    } else if (png.isEmpty()) {
        m_tray->setFailed(id, error);
        finishWork();
    } else {
        m_intake->ingestBytes(id, png, QStringLiteral("png")); // its ingestion ends the work
    }
    reportPdfProgress();
}

void Composer::onPdfFinished(quint64 job, bool)
{
    const PdfPagesJob pages = m_pdfRendering.take(job);
    // Pages that never came back (cancelled): they leave the tray, and their work ends here.
    QList<quint64> left;
    for (qsizetype i = pages.reported; i < pages.ids.size(); ++i) {
        left << pages.ids.at(i);
        finishWork();
    }
    if (!left.isEmpty())
        m_tray->removeIds(left);
    reportPdfProgress();
}

void Composer::cancelPdfPages()
{
    for (auto it = m_pdfRendering.cbegin(); it != m_pdfRendering.cend(); ++it)
        m_pdf->cancel(it.key());
}

void Composer::reportPdfProgress()
{
    int done = 0, total = 0;
    for (const PdfPagesJob &job : std::as_const(m_pdfRendering)) {
        done += job.reported;
        total += int(job.ids.size());
    }
    emit pdfProgress(done, total);
}

} // namespace squint
