#pragma once

#include "core/images/folderscan.h"
#include "core/images/imageinfo.h"
#include "core/images/imageprep.h"
#include "core/images/variants.h"

#include <QHash>
#include <QImage>
#include <QMutex>
#include <QObject>
#include <QSet>
#include <QThreadPool>

#include <atomic>
#include <functional>
#include <vector>

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

/// A piece of work waiting in Intake's queue, as far as its order goes.
struct QueuedWork
{
    int band = 0; ///< urgency: the higher band runs first
    qint64 weight
        = 0; ///< within a band, the larger runs first (estimated cost: bytes to entropy-decode)
    quint64 seq = 0; ///< then the earlier queued
};
/// Pure: whether `a` runs before `b`.
bool runsBefore(const QueuedWork &a, const QueuedWork &b);
/// Pure: which of `queued` a free worker takes, or -1 for none: the first by runsBefore(), except
/// that work of `aheadBand` (variants made on a guess) is taken only while fewer than `aheadLimit`
/// workers run such work, so that whatever the user waits for next finds a free worker. (A "long
/// pole first" rule, starting a huge file's decode while thumbnails were still being read, was
/// tried and dropped: it halved how fast a batch's thumbnails came in.)
int pickNext(const QList<QueuedWork> &queued, int aheadBand, int aheadRunning, int aheadLimit);

/// Runs the tray's file work on a private thread pool: reading, hashing, probing, thumbnails,
/// folder walks, conversions and "Fit to model". Results come back as queued signals on the
/// thread that owns the Intake (the GUI thread). The destructor cancels and waits.
///
/// One decode per image: ingestPath() and ingestBytes() take the model's IngestPlan, and an image
/// that will need a conversion or a fitted variant is decoded once, at the largest scale any of them
/// needs; its thumbnail, conversion and fitted variant all come from that decode. The variants are
/// made ahead and kept (in the cache folder) until prepare() or fit() asks for them, which then
/// answer at once; the decoded pixels are parked only until the steps that need them have run,
/// within a memory budget (beyond it the steps run right after the thumbnail instead). Work is
/// queued by urgency (new images, then Fit, then the variants made ahead, then conversions) and,
/// within each, largest file first, so that one big file does not end a run on its own.
class Intake final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Intake)
public:
    explicit Intake(QObject *parent = nullptr);
    ~Intake() override;

    /// Decoded pixels parked for steps still to run stay under this many bytes (with 500 images in
    /// the tray, Squint stays under 300 MB). An image whose pixels would not fit gets its usual
    /// thumbnail decode instead, and its variants are decoded when they are asked for.
    static constexpr qint64 KeepBudgetBytes = 96LL * 1024 * 1024;

    void ingestPath(quint64 id, const QString &path, const IngestPlan &plan = {});
    /// Stores bytes (a paste or a download) in the cache folder, then ingests the copy.
    void ingestBytes(quint64 id,
                     const QByteArray &bytes,
                     const QString &suffix,
                     const IngestPlan &plan = {});
    /// Encodes a decoded image (a pasted screenshot) as PNG in the cache folder, then ingests it.
    void ingestImage(quint64 id, const QImage &image);
    void scanFolder(const QString &path, int cap);
    void prepare(quint64 id, const QString &path, const ImageInfo &info, const SendPlan &plan);
    /// Drops the preparations still queued (Fit to Model makes them moot); each reports a null image
    /// with no error.
    void cancelPreparations();
    void fit(quint64 id, const QString &path, const ImageInfo &info, const FitTarget &target);
    /// The items left the tray: what was made ahead for them and any pixels kept are let go.
    void forget(const QList<quint64> &ids);

    /// Worker threads (at least 2 by default; 1 makes the order of the work observable in tests).
    void setThreadCount(int threads) { m_pool.setMaxThreadCount(std::max(1, threads)); }

    /// Decodes of image data (beyond header reads) the workers have run: thumbnails, and the one
    /// decode of each image that needs more. For tests and the benchmark.
    int decodeCount() const { return m_decodes.load(); }
    /// Work queued or running, including variants made ahead that nobody waits for yet (the
    /// Composer is idle before these are done). For tests and the benchmark.
    int queuedOrRunning() const { return m_queuedOrRunning.load(); }
    /// Bytes of decoded pixels parked right now.
    qint64 keptPixelBytes() const;
    /// The largest that figure has been.
    qint64 peakKeptPixelBytes() const;

signals:
    void ingested(quint64 id, const QString &path, const squint::ProbeResult &result, const QByteArray &sha256);
    void folderScanned(const QString &root, const squint::FolderScan &scan);
    void prepared(quint64 id, const squint::PreparedImage &image, const QString &error);
    void fitted(quint64 id, const squint::PreparedImage &image, const QString &error);

private:
    /// Queue order when workers are busy: what the user waits for first. Reading new images comes
    /// before Fit to Model, Fit before the conversions the meters ask for (Send waits for them), and
    /// those before the fitted variants made ahead on a guess; housekeeping last. Within a band, the
    /// larger file first.
    enum Band { Background = 0, Ahead = 1, Convert = 2, Fit = 3, Ingest = 4, Stat = 5 };
    struct Job
    {
        QueuedWork order;
        quint64 aheadFor = 0; ///< an Ahead job: the item whose variants it makes
        std::function<void()> work;
    };
    void enqueue(Band band, qint64 weight, std::function<void()> work, quint64 aheadFor = 0);
    void workLoop();
    /// Posts `f` to the Intake's thread.
    void post(std::function<void()> f);

    /// What was made or is to be made for one ingested item.
    struct FitMade
    {
        FitTarget target;
        PreparedImage image;
        QString error;
    };
    struct ItemState
    {
        QString path;
        ImageInfo info;
        VariantSteps ahead;                      ///< steps the item's Ahead job still has to make
        DecodedImage kept;                       ///< pixels parked for that job
        QHash<QString, PreparedImage> converted; ///< by SendPlan::key()
        QHash<QString, QString> convertErrors;
        QList<FitMade> fitted;
        QSet<QString> convertWaiters; ///< prepare() asked for these while the Ahead job was pending
        QList<FitTarget> fitWaiters;  ///< fit() asked for these while the Ahead job was pending
    };

    void ingestWork(quint64 id, const QString &path, QByteArray bytes, const IngestPlan &plan);
    void aheadWork(quint64 id);
    void runFitStep(quint64 id,
                    const DecodedImage &decoded,
                    const ImageInfo &info,
                    const FitTarget &target,
                    const QString &decodeError);
    void releaseKept(quint64 id);
    void prepareWork(quint64 id,
                     const QString &path,
                     const ImageInfo &info,
                     const SendPlan &plan,
                     int generation);
    void fitWork(quint64 id, const QString &path, const ImageInfo &info, const FitTarget &target);
    DecodedImage decode(const QByteArray &bytes, const QList<int> &longEdges, QString *error);
    /// Pixels parked for `id` that serve `longEdge`, or null.
    DecodedImage keptFor(quint64 id, int longEdge) const;
    void recordConverted(quint64 id, const PreparedImage &image, const QString &error);
    void recordFitted(quint64 id,
                      const FitTarget &target,
                      const PreparedImage &image,
                      const QString &error);

    QThreadPool m_pool;
    std::atomic_bool m_cancel{false};
    std::atomic_int m_prepareGeneration{0};
    std::atomic_int m_decodes{0};
    std::atomic_int m_queuedOrRunning{0};

    mutable QMutex m_queueMutex; ///< guards the queue and the two counts below
    std::vector<Job> m_jobs;
    quint64 m_seq = 0;
    int m_workers = 0;      ///< work loops started on the pool and not yet ended
    int m_aheadRunning = 0; ///< of which making variants ahead

    mutable QMutex m_mutex; ///< guards what follows
    QHash<quint64, ItemState> m_items;
    qint64 m_keptBytes = 0;
    qint64 m_peakKeptBytes = 0;
};

} // namespace squint
