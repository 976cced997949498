#pragma once

#include "core/images/folderscan.h"
#include "core/images/imageinfo.h"
#include "core/images/imageprep.h"

#include <QImage>
#include <QObject>
#include <QThreadPool>

#include <atomic>

namespace squint {

struct TurnImage;

/// Reads one file as the tray does: the bytes, their SHA-256, the header probe and the thumbnail.
struct IngestResult
{
    ProbeResult probe;
    QByteArray sha256;
};
IngestResult ingestFile(const QString &path, const DecodeOptions &options = {});
IngestResult ingestBytes(const QByteArray &bytes, const DecodeOptions &options = {});

/// Folder for pasted and downloaded images (QStandardPaths cache location).
QString intakeCacheDir();

/// Writes `bytes` to the cache folder (private, named by content, `suffix` as extension) and returns
/// the path; empty with *error when it can't. Blocking: call it on a worker thread.
QString storeInCache(const QByteArray &bytes, const QString &suffix, QString *error);

/// A file holding the image a turn sent, to show it again (compare a turn's images): the variant
/// sent when its file is still there, else the bytes the history kept (written to the cache folder),
/// else the original. Empty, with *error, when none is left. Blocking: call it on a worker thread.
QString fileForTurnImage(const TurnImage &image, QString *error);

/// Runs the tray's file work on a private thread pool: reading, hashing, probing, thumbnails,
/// folder walks, conversions and "Fit to model". Results come back as queued signals on the
/// thread that owns the Intake (the GUI thread). The destructor cancels and waits.
class Intake final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Intake)
public:
    explicit Intake(QObject *parent = nullptr);
    ~Intake() override;

    void ingestPath(quint64 id, const QString &path);
    /// Stores bytes (a paste or a download) in the cache folder, then ingests the copy.
    void ingestBytes(quint64 id, const QByteArray &bytes, const QString &suffix);
    /// Encodes a decoded image (a pasted screenshot) as PNG in the cache folder, then ingests it.
    void ingestImage(quint64 id, const QImage &image);
    void scanFolder(const QString &path, int cap);
    void prepare(quint64 id, const QString &path, const ImageInfo &info, const SendPlan &plan);
    /// Drops the preparations still queued (Fit to Model makes them moot); each reports a null image
    /// with no error.
    void cancelPreparations() { ++m_prepareGeneration; }
    void fit(quint64 id, const QString &path, const ImageInfo &info, const FitTarget &target);

signals:
    void ingested(quint64 id, const QString &path, const squint::ProbeResult &result, const QByteArray &sha256);
    void folderScanned(const QString &root, const squint::FolderScan &scan);
    void prepared(quint64 id, const squint::PreparedImage &image, const QString &error);
    void fitted(quint64 id, const squint::PreparedImage &image, const QString &error);

private:
    /// Queue order when workers are busy: what the user waits for first. Reading new images comes
    /// before Fit to Model, and both before the conversions the meters ask for in the background.
    enum Priority { Background = 0, Fit = 1, Ingest = 2 };
    template<typename Work>
    void run(Work work, Priority priority);

    QThreadPool m_pool;
    std::atomic_bool m_cancel{false};
    std::atomic_int m_prepareGeneration{0};
};

} // namespace squint
