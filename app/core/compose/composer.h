#pragma once

#include "core/catalog/catalog.h"
#include "core/compose/evaluation.h"
#include "core/util/settings.h"
#include "core/compose/traymodel.h"

#include <QObject>
#include <QPointer>
#include <QUrl>

class QMimeData;
class QNetworkAccessManager;

namespace squint {

class Intake;
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

private:
    void scheduleEvaluation();
    void reevaluate();
    void onIngested(quint64 id, const QString &path, const squint::ProbeResult &result, const QByteArray &sha256);
    void startFile(const QString &path);
    void startFolder(const QString &path);
    void requestPreparations();
    void finishWork();

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
};

} // namespace squint
