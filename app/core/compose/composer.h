#pragma once

#include "core/catalog/catalog.h"
#include "core/compose/evaluation.h"
#include "core/compose/traymodel.h"
#include "core/images/variants.h"
#include "core/util/settings.h"

#include <QObject>
#include <QPointer>
#include <QUrl>

class QMimeData;
class QNetworkAccessManager;

namespace squint {

class Intake;
class PdfRenderer;
struct PdfSummary;
class MarkupApplier;
struct Edit;
class UrlFetcher;

/// The request being put together: the tray, the chosen model and the prompt. It owns the tray
/// model and the intake workers, re-evaluates on every change and tells the window what to show.
/// No widgets here: the window only forwards user actions and paints the evaluation.
class Composer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Composer)
public:
    enum class MessageLevel { Info, Warning, Error };
    Q_ENUM(MessageLevel)

    Composer(Catalog catalog, Settings *settings, QNetworkAccessManager *nam, QObject *parent = nullptr);
    ~Composer() override;

    TrayModel *tray() const { return m_tray; }
    /// The workers that read and prepare the tray's images.
    Intake *intake() const { return m_intake; }
    const Catalog &catalog() const { return m_catalog; }
    Settings *settings() const { return m_settings; }

    QString modelName() const { return m_profile.endpoint; }
    const ModelProfile &profile() const { return m_profile; }
    void setModelName(const QString &name);
    /// Re-reads the per-endpoint overrides (after the Limits dialog saved them).
    void reloadProfile();

    QString prompt() const { return m_prompt; }
    void setPrompt(const QString &text);

    const Evaluation &evaluation() const { return m_evaluation; }
    /// The conversation that goes with the next turn (system prompt, earlier turns and their images).
    void setContext(const RequestContext &context);
    const RequestContext &context() const { return m_context; }
    /// What is known of the current model's eyes (RequestContext::noVision): kept across setContext()
    /// (it is the model's, not the conversation's) and cleared when the model changes.
    void setNoVision(const QString &why, bool blocks);
    /// Send images with their location and camera data (RequestContext::keepMetadata); follows the
    /// setting, and the command line may override it for one run. Kept across setContext().
    void setKeepMetadata(bool keep);
    bool keepMetadata() const { return m_context.keepMetadata; }

    // Ways in. All return at once; the work happens on worker threads or the network.
    void addPaths(const QStringList &paths);          ///< files and folders
    void addUrls(const QList<QUrl> &urls);            ///< file:// and http(s):// links
    void addImageData(const QImage &image, const QString &name = {}); ///< e.g. a pasted screenshot
    void addEncoded(const QByteArray &bytes, const QString &name, const QString &origin);
    /// A drop or paste: file URLs, web links, image data. Returns false when nothing usable was in it.
    bool addMimeData(const QMimeData *mime);
    static bool canAccept(const QMimeData *mime);

    void remove(const QList<quint64> &ids);
    void clear();

    // PDFs. A PDF among the paths is opened on a worker; then, when pages are asked for
    // (setAskForPdfPages, the window), pdfPagesWanted() lets the user choose and addPdfPages()
    // renders them; otherwise the pages of setPdfPages() are rendered at once (the command line).
    void setAskForPdfPages(bool ask) { m_askPdfPages = ask; }
    /// The pages taken from PDFs when nobody is asked ("2-4,7"; empty: all, up to MaxPdfPagesAtOnce).
    void setPdfPages(const QString &pages) { m_pdfPages = pages; }
    /// Renders `pages` (1-based) of the PDF at `path`, one tray item each ("report.pdf p. 3"), at the
    /// long edge the model's Fit to Model target would pick. More than MaxPdfPagesAtOnce is refused
    /// with a message. Returns at once; pdfProgress() follows the rendering.
    void addPdfPages(const QString &path, const QList<int> &pages);
    /// Stops rendering PDF pages: the pages not rendered yet leave the tray.
    void cancelPdfPages();
    /// The long edge PDF pages are rendered at now, for `pageCount` more images.
    int pdfRenderEdge(int pageCount) const;
    /// The worker that opens and renders PDFs (the page picker asks it for thumbnails).
    PdfRenderer *pdfRenderer() const { return m_pdf; }
    /// Makes the edited variant of tray item `id` from its original and `edits` (core/markup), on a
    /// worker; an empty list goes back to the original. The item gets a new id when it is done.
    void applyEdits(quint64 id, const QList<Edit> &edits);
    MarkupApplier *markup() const { return m_markup; }

    /// "Fit to model": prepares every image so the request fits the model. Originals are untouched.
    void fitToModel();
    bool isBusy() const;
    /// Number of reads, downloads and preparations still running.
    int pendingWork() const;

signals:
    void profileChanged();
    void evaluationChanged();
    void message(squint::Composer::MessageLevel level, const QString &text);
    void busyChanged(bool busy);
    /// A PDF was opened and the user should choose its pages (setAskForPdfPages).
    void pdfPagesWanted(const QString &path, const squint::PdfSummary &summary);
    /// PDF pages rendered so far of those asked for; `total` 0 when none is under way any more.
    void pdfProgress(int done, int total);

private:
    void scheduleEvaluation();
    void reevaluate();
    void onIngested(quint64 id, const QString &path, const squint::ProbeResult &result, const QByteArray &sha256);
    /// Adds the files to the tray as pending items and queues their reading, all with the same plan.
    void startFiles(const QStringList &paths);
    void startFolder(const QString &path);
    /// What the model's plan will ask of images arriving now (Intake makes it from one decode each).
    IngestPlan ingestPlan() const;
    void requestPreparations();
    void finishWork();
    void startPdf(const QString &path);
    void onPdfInspected(quint64 job, const QString &path, const squint::PdfSummary &summary);
    void onPdfPage(quint64 job, int index, int page, const QByteArray &png, const QString &error);
    void onPdfFinished(quint64 job, bool cancelled);
    void reportPdfProgress();

    Catalog m_catalog;
    QPointer<Settings> m_settings;
    TrayModel *m_tray = nullptr;
    Intake *m_intake = nullptr;
    UrlFetcher *m_fetcher = nullptr;
    MarkupApplier *m_markup = nullptr;
    QHash<quint64, quint64> m_downloads; ///< fetch job id -> tray id
    QSet<QString> m_preparing;           ///< "id:key" under way
    QSet<QString> m_scanningFolders;     ///< folders being walked; cleared by clear()
    ModelProfile m_profile;
    QString m_prompt;
    RequestContext m_context;
    Evaluation m_evaluation;
    bool m_evaluationQueued = false;
    int m_pending = 0;
    int m_fitRunning = 0;
    PdfRenderer *m_pdf = nullptr;
    bool m_askPdfPages = false;
    QString m_pdfPages;
    QHash<quint64, quint64> m_pdfOpening; ///< inspect job -> placeholder tray id
    struct PdfPagesJob
    {
        QList<quint64> ids; ///< one tray item per page, in order
        int reported = 0;   ///< pages that came back (rendered or failed)
    };
    QHash<quint64, PdfPagesJob> m_pdfRendering; ///< render job -> its pages
};

} // namespace squint
