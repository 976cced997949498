#include "core/images/intake.h"

#include "core/chat/conversation.h"
#include "core/images/jpegdecode.h"
#include "core/util/format.h"
#include "core/util/hash.h"
#include "core/util/privatefiles.h"

#include <QBuffer>
#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QImageWriter>
#include <QLocale>
#include <QMutexLocker>
#include <QSaveFile>
#include <QStandardPaths>

#include <algorithm>
#include <utility>

namespace squint {

// Translation context for this file's messages (lupdate reads it from here).
namespace {
class Tr
{
    Q_DECLARE_TR_FUNCTIONS(squint::Intake)
};
} // namespace

QString intakeCacheDir()
{
    return QStandardPaths::writableLocation(QStandardPaths::CacheLocation) + QStringLiteral("/intake");
}

IngestResult ingestBytes(const QByteArray &bytes, const DecodeOptions &options)
{
    IngestResult r;
    r.probe = probeImage(bytes, options);
    if (r.probe.ok)
        r.sha256 = sha256Of(bytes);
    return r;
}

namespace {
// Reads an image file as the tray does: only regular files, within MaxFileBytes. False with the
// reason in failure->error (and the size, when that is the reason).
bool readImageFile(const QString &path, QByteArray *bytes, ProbeResult *failure)
{
    QFile f(path);
    const QFileInfo fi(path);
    if (fi.isDir()) {
        failure->error = Tr::tr("This is a folder, not an image.");
        return false;
    }
    // A named pipe would block the open until something writes to it, and a device like /dev/zero
    // never ends: only regular files are read.
    if (fi.exists() && !fi.isFile()) {
        failure->error = Tr::tr("This is not a regular file (it is a pipe, a socket or a device), "
                                "so Squint does not read it.");
        return false;
    }
    if (!f.open(QIODevice::ReadOnly)) {
        failure->error = fi.exists()
                             ? Tr::tr("Squint can't read this file: %1").arg(f.errorString())
                             : Tr::tr("The file does not exist (any more).");
        return false;
    }
    if (f.size() > MaxFileBytes) {
        failure->info.fileBytes = f.size();
        failure->error = Tr::tr("The file is %1, more than the %2 Squint reads as an image.")
                             .arg(formatBytes(f.size()), formatBytes(MaxFileBytes));
        return false;
    }
    *bytes = f.readAll();
    if (f.error() != QFileDevice::NoError) {
        failure->error = Tr::tr("Squint can't read this file: %1").arg(f.errorString());
        return false;
    }
    return true;
}
} // namespace

IngestResult ingestFile(const QString &path, const DecodeOptions &options)
{
    IngestResult r;
    QByteArray bytes;
    if (!readImageFile(path, &bytes, &r.probe))
        return r;
    return ingestBytes(bytes, options);
}

// Keeps a pasted or downloaded image as a file named by its content, so the tray can treat it like
// any other file and nothing the user gave is held only in memory.
QString storeInCache(const QByteArray &bytes, const QString &suffix, QString *error)
{
    // The user's images: the folder is 0700 and each file 0600, as the history is.
    const QString dir = intakeCacheDir();
    if (!ensurePrivateDir(dir, true)) {
        *error = Tr::tr("Squint can't create its cache folder %1.").arg(dir);
        return {};
    }
    const QString path = dir + QLatin1Char('/') + QString::fromLatin1(sha256Hex(bytes).left(32))
                         + (suffix.isEmpty() ? QString() : QLatin1Char('.') + suffix);
    if (QFileInfo::exists(path) && QFileInfo(path).size() == bytes.size() && tightenPrivateFile(path))
        return path;
    QSaveFile f(path);
    if (!openPrivateFile(f, QIODevice::WriteOnly) || f.write(bytes) != bytes.size() || !f.commit()) {
        *error = Tr::tr("Squint can't save the image in its cache folder: %1").arg(f.errorString());
        return {};
    }
    return path;
}

QString fileForTurnImage(const TurnImage &image, QString *error)
{
    if (!image.sentPath.isEmpty() && QFileInfo::exists(image.sentPath))
        return image.sentPath;
    if (!image.data.isEmpty()) {
        const QString suffix = image.mime.section(QLatin1Char('/'), 1).replace(QLatin1String("jpeg"), QLatin1String("jpg"));
        return storeInCache(image.data, suffix.left(8), error);
    }
    if (!image.originalPath.isEmpty() && QFileInfo::exists(image.originalPath))
        return image.originalPath;
    *error = Tr::tr("“%1” is no longer available.").arg(image.name);
    return {};
}

namespace {
QByteArray readAllOf(const QString &path, QString *error)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        *error = Tr::tr("Squint can't read the original any more: %1").arg(f.errorString());
        return {};
    }
    return f.readAll();
}
} // namespace

namespace {
// Prepared and fitted variants go to the cache folder, so hundreds of them don't sit in memory;
// when that fails they simply stay in memory.
void keepOnDisk(PreparedImage &img)
{
    if (img.isNull() || img.bytes.isEmpty())
        return;
    QString error;
    const QString path = storeInCache(img.bytes,
                                      QString::fromLatin1(img.format == "jpeg" ? "jpg" : img.format),
                                      &error);
    if (path.isEmpty())
        return;
    img.path = path;
    img.bytes.clear();
}
} // namespace

bool runsBefore(const QueuedWork &a, const QueuedWork &b)
{
    if (a.band != b.band)
        return a.band > b.band;
    if (a.weight != b.weight)
        return a.weight > b.weight;
    return a.seq < b.seq;
}

int pickNext(const QList<QueuedWork> &queued, int aheadBand, int aheadRunning, int aheadLimit)
{
    int best = -1;
    for (int i = 0; i < queued.size(); ++i) {
        const QueuedWork &w = queued.at(i);
        if (w.band == aheadBand && aheadRunning >= aheadLimit)
            continue;
        if (best < 0 || runsBefore(w, queued.at(best)))
            best = i;
    }
    return best;
}

Intake::Intake(QObject *parent)
    : QObject(parent)
{
    m_pool.setMaxThreadCount(std::max(2, QThread::idealThreadCount()));
    // Pasted and downloaded images and prepared variants are kept for a week, then the folder is
    // pruned, off the GUI thread. What an older version left readable by others is made private.
    enqueue(Background, 0, [] {
        const QDateTime cutoff = QDateTime::currentDateTimeUtc().addDays(-7);
        const QDir dir(intakeCacheDir());
        if (!dir.exists())
            return;
        ensurePrivateDir(dir.path(), true);
        for (const QFileInfo &fi : dir.entryInfoList(QDir::Files)) {
            if (fi.lastModified().toUTC() < cutoff)
                QFile::remove(fi.absoluteFilePath());
            else
                tightenPrivateFile(fi.absoluteFilePath());
        }
    });
}

Intake::~Intake()
{
    m_cancel = true;
    {
        QMutexLocker lock(&m_queueMutex);
        m_queuedOrRunning -= int(m_jobs.size());
        m_jobs.clear();
    }
    m_pool.clear();
    m_pool.waitForDone();
}

// Workers take whatever job is most urgent when they are free, so that urgency and size decide the
// order, not arrival. Variants made ahead on a guess never take the last free worker: whatever the
// user waits for next (a new image, Fit, a conversion) finds one.
void Intake::enqueue(Band band, qint64 weight, std::function<void()> work, quint64 aheadFor)
{
    if (m_cancel.load())
        return;
    bool start = false;
    {
        QMutexLocker lock(&m_queueMutex);
        Job job;
        job.order = QueuedWork{band, weight, m_seq++};
        job.aheadFor = aheadFor;
        job.work = std::move(work);
        m_jobs.push_back(std::move(job));
        ++m_queuedOrRunning;
        if (m_workers < m_pool.maxThreadCount()) {
            ++m_workers;
            start = true;
        }
    }
    if (start)
        m_pool.start([this] { workLoop(); });
}

void Intake::workLoop()
{
    bool wasAhead = false;
    for (;;) {
        std::function<void()> work;
        {
            QMutexLocker lock(&m_queueMutex);
            m_aheadRunning -= wasAhead;
            QList<QueuedWork> queued;
            queued.reserve(qsizetype(m_jobs.size()));
            for (const Job &job : m_jobs)
                queued << job.order;
            const int i = m_cancel.load() ? -1
                                          : pickNext(queued,
                                                     Ahead,
                                                     m_aheadRunning,
                                                     std::max(1, m_pool.maxThreadCount() - 1));
            if (i < 0) {
                --m_workers;
                return;
            }
            const auto best = m_jobs.begin() + i;
            wasAhead = best->order.band == Ahead;
            work = std::move(best->work);
            m_jobs.erase(best);
        }
        work();
        --m_queuedOrRunning;
    }
}

void Intake::post(std::function<void()> f)
{
    QMetaObject::invokeMethod(this, std::move(f), Qt::QueuedConnection);
}

qint64 Intake::keptPixelBytes() const
{
    QMutexLocker lock(&m_mutex);
    return m_keptBytes;
}

qint64 Intake::peakKeptPixelBytes() const
{
    QMutexLocker lock(&m_mutex);
    return m_peakKeptBytes;
}

DecodedImage Intake::decode(const QByteArray &bytes, const QList<int> &longEdges, QString *error)
{
    ++m_decodes;
    return decodeOnce(bytes, longEdges, error);
}

void Intake::ingestPath(quint64 id, const QString &path, const IngestPlan &plan)
{
    // A quick look at the file's size first, so that the reading itself goes largest first.
    enqueue(Stat, 0, [this, id, path, plan] {
        const QFileInfo fi(path);
        const qint64 size = fi.size();
        // The reading costs what decoding its thumbnail costs: about the file's bytes, a quarter of
        // them for a progressive JPEG (its first scan). Only a regular file is opened: a named pipe
        // would block the open.
        QFile f(path);
        const bool progressive = fi.isFile() && f.open(QIODevice::ReadOnly)
                                 && isProgressiveJpeg(f.read(64 * 1024));
        enqueue(Ingest, progressive ? size / 4 : size, [this, id, path, plan] {
            ingestWork(id, path, {}, plan);
        });
    });
}

void Intake::ingestBytes(quint64 id,
                         const QByteArray &bytes,
                         const QString &suffix,
                         const IngestPlan &plan)
{
    enqueue(Ingest, bytes.size(), [this, id, bytes, suffix, plan] {
        QString error;
        const QString path = storeInCache(bytes, suffix, &error);
        if (path.isEmpty()) {
            ProbeResult failure;
            failure.error = error;
            post([this, id, failure] { emit ingested(id, QString(), failure, QByteArray()); });
            return;
        }
        ingestWork(id, path, bytes, plan);
    });
}

void Intake::ingestImage(quint64 id, const QImage &image)
{
    enqueue(Ingest, image.sizeInBytes(), [this, id, image] {
        QByteArray png;
        QBuffer buffer(&png);
        buffer.open(QIODevice::WriteOnly);
        QImageWriter(&buffer, "png").write(image);
        QString error;
        const QString path = png.isEmpty() ? QString() : storeInCache(png, QStringLiteral("png"), &error);
        if (path.isEmpty()) {
            ProbeResult failure;
            failure.error = png.isEmpty() ? Tr::tr("The pasted image is empty.") : error;
            post([this, id, failure] { emit ingested(id, QString(), failure, QByteArray()); });
            return;
        }
        ingestWork(id, path, png, {});
    });
}

void Intake::scanFolder(const QString &path, int cap)
{
    enqueue(Stat, 0, [this, path, cap] {
        const FolderScan scan = squint::scanFolder(path, cap, &m_cancel);
        post([this, path, scan] { emit folderScanned(path, scan); });
    });
}

namespace {

// What parked pixels take: three bytes a pixel when opaque (RGB888, converted back losslessly before
// use), four with transparency; for one size only, that size (the very pixels its step starts from),
// else the decode shared by several sizes.
qint64 parkedBytesFor(const ImageInfo &info, const QList<int> &edges)
{
    if (edges.isEmpty() || info.size.isEmpty())
        return 0;
    int largest = 0;
    bool full = false, single = true;
    for (int edge : edges) {
        full = full || edge <= 0;
        largest = std::max(largest, edge);
        single = single && edge == edges.first();
    }
    QSize s = info.size;
    if (!full && single)
        s = decodedSizeFor(info.size, largest);
    else if (!full && info.format == "jpeg")
        s = jpegScaledSize(info.size, jpegScaleFor(info.size, decodedSizeFor(info.size, largest)));
    else if (!full && info.format == "webp")
        s = decodedSizeFor(info.size, largest);
    return qint64(s.width()) * s.height() * (info.hasAlpha ? 4 : 3);
}

// Pixels as they are parked: brought to the one size their steps need (when there is one), opaque
// ones in three bytes a pixel.
DecodedImage parkable(DecodedImage d, const QList<int> &edges)
{
    if (d.isNull() || edges.isEmpty())
        return d;
    const bool single = std::all_of(edges.begin(), edges.end(), [&](int e) {
        return e == edges.first();
    });
    if (single && d.serves(edges.first())) {
        const QImage exact = scaledFromDecoded(d, edges.first());
        if (exact.size() != d.pixels.size()) {
            d.pixels = exact;
            d.reduced = true;
        }
    }
    if (d.pixels.format() == QImage::Format_RGB32)
        d.pixels = d.pixels.convertToFormat(QImage::Format_RGB888);
    return d;
}

// Parked pixels made ready to scale and encode: the format they were decoded in. Qt scales RGB888 by
// converting it to RGB32 anyway; this keeps every later step on the decoder's own pixels.
DecodedImage unparked(DecodedImage d)
{
    if (d.pixels.format() == QImage::Format_RGB888)
        d.pixels = d.pixels.convertToFormat(QImage::Format_RGB32);
    return d;
}

} // namespace

// Reading one new image: the bytes, their SHA-256, the header; then what the model's plan will ask of
// it (its steps: a conversion, a fitted variant). A JPEG with steps keeps its cheap thumbnail decode
// (1/8, or the first scan of a progressive file) and its steps share one decode in a job of their
// own, after every new image's thumbnail; nothing is held meanwhile. Another format with steps, whose
// thumbnail costs a whole decode anyway, is decoded once at the largest scale its steps need when
// its pixels fit in the keep budget: the thumbnail comes from that decode and the pixels are parked
// until its steps have run. Anything else (no steps, or no room) gets the thumbnail decode it always
// had, and its variants are made when they are asked for.
void Intake::ingestWork(quint64 id, const QString &path, QByteArray bytes, const IngestPlan &plan)
{
    IngestResult r;
    if (bytes.isEmpty() && !readImageFile(path, &bytes, &r.probe)) {
        post([this, id, path, r] { emit ingested(id, path, r.probe, r.sha256); });
        return;
    }
    r.probe = probeHeader(bytes);
    if (r.probe.ok)
        r.sha256 = sha256Of(bytes);
    VariantSteps steps = r.probe.ok ? stepsFor(r.probe.info, plan) : VariantSteps{};
    // A JPEG's thumbnail decode stays what it was: libjpeg's 1/8 (the first scan alone when it is
    // progressive) costs about two thirds of the 1/2 decode its variants need, and the thumbnails
    // of a batch come first. Its variants then share one decode in their job, nothing held meanwhile.
    // For other formats the thumbnail costs a whole decode anyway: that one is shared.
    const bool jpeg = r.probe.ok && r.probe.info.format == "jpeg";
    qint64 reserved = 0;
    if (!steps.isEmpty() && !jpeg) {
        const qint64 need = parkedBytesFor(r.probe.info, steps.longEdges());
        QMutexLocker lock(&m_mutex);
        if (m_keptBytes + need <= KeepBudgetBytes) {
            reserved = need;
            m_keptBytes += need;
        }
    }
    DecodedImage decoded;
    if (reserved > 0) {
        QString error;
        decoded = decode(bytes, steps.longEdges(), &error);
        if (decoded.isNull()) {
            r.probe.ok = false;
            r.probe.error = error.isEmpty() ? Tr::tr("The %1 image data is corrupt.")
                                                  .arg(formatLabel(r.probe.info.format))
                                            : error;
        } else {
            addThumbnailFrom(decoded, r.probe);
        }
    } else if (r.probe.ok) {
        ++m_decodes; // the thumbnail decode (only the first scan of a progressive JPEG)
        addThumbnail(bytes, r.probe);
    }
    const bool progressive = jpeg && isProgressiveJpeg(bytes);
    if (!r.probe.ok) {
        r.sha256.clear();
        if (reserved > 0) {
            QMutexLocker lock(&m_mutex);
            m_keptBytes -= reserved;
        }
        post([this, id, path, r] { emit ingested(id, path, r.probe, r.sha256); });
        return;
    }
    // The thumbnail's pixels settle what the header could only guess (transparency, photo or not),
    // and with them the format a conversion picks.
    steps = stepsFor(r.probe.info, plan);
    if (steps.fit) {
        // Only metadata in the way after all: no pixels needed.
        if (auto unchanged = fitWithoutDecode(bytes, r.probe.info, *steps.fit)) {
            keepOnDisk(*unchanged);
            {
                QMutexLocker lock(&m_mutex);
                ItemState &st = m_items[id];
                st.path = path;
                st.info = r.probe.info;
            }
            recordFitted(id, *steps.fit, *unchanged, {});
            steps.fit.reset();
        }
    }
    if (reserved == 0 && !jpeg)
        steps = {}; // no room to keep the pixels: conversions and Fit decode when they are asked for
    if (steps.isEmpty())
        decoded = {};
    {
        // Registered before the thumbnail is announced, so that the conversion the composer asks for
        // in answer finds its step under way instead of queuing a second decode.
        QMutexLocker lock(&m_mutex);
        ItemState &st = m_items[id];
        st.path = path;
        st.info = r.probe.info;
        st.ahead = steps;
        st.kept = decoded;
        m_keptBytes += (decoded.isNull() ? 0 : decoded.pixels.sizeInBytes()) - reserved;
        m_peakKeptBytes = std::max(m_peakKeptBytes, m_keptBytes);
    }
    post([this, id, path, r] { emit ingested(id, path, r.probe, r.sha256); });
    if (steps.isEmpty())
        return;
    if (!decoded.isNull()) {
        // After the thumbnail is out: park the pixels compactly (three bytes a pixel, at the one size
        // needed), unless the job already took them.
        const DecodedImage compact = parkable(decoded, steps.longEdges());
        QMutexLocker lock(&m_mutex);
        auto it = m_items.find(id);
        if (it != m_items.end() && it->kept.pixels.constBits() == decoded.pixels.constBits()) {
            m_keptBytes += compact.pixels.sizeInBytes() - it->kept.pixels.sizeInBytes();
            it->kept = compact;
        }
    }
    // A conversion is what the evaluation waits for; a fitted variant made ahead, only a guess. A
    // progressive file's decode costs about twice what a baseline one of the same size does.
    const qint64 weight = r.probe.info.fileBytes * (progressive ? 2 : 1);
    enqueue(
        steps.convert ? Convert : Ahead, weight, [this, id] { aheadWork(id); }, id);
}

void Intake::releaseKept(quint64 id)
{
    QMutexLocker lock(&m_mutex);
    auto it = m_items.find(id);
    if (it == m_items.end() || it->kept.isNull())
        return;
    m_keptBytes -= it->kept.pixels.sizeInBytes();
    it->kept = {};
}

// Makes an item's variants from its one decode (parked, or made here for a progressive JPEG) and
// answers whoever asked for them meanwhile. A conversion goes first; a fitted variant that nobody
// waits for yet is left to a job of its own, behind the other images' conversions, as long as its
// pixels can stay parked.
void Intake::aheadWork(quint64 id)
{
    VariantSteps steps;
    DecodedImage decoded;
    QString path;
    ImageInfo info;
    {
        QMutexLocker lock(&m_mutex);
        auto it = m_items.find(id);
        if (it == m_items.end())
            return;        // left the tray
        steps = it->ahead; // cleared step by step as the variants are recorded
        decoded = it->kept;
        path = it->path;
        info = it->info;
    }
    if (steps.isEmpty()) {
        releaseKept(id); // cancelled meanwhile (Fit to Model makes conversions moot)
        return;
    }
    QString error;
    bool parked = !decoded.isNull();
    if (!parked) {
        const QByteArray bytes = readAllOf(path, &error);
        if (!bytes.isEmpty())
            decoded = decode(bytes, steps.longEdges(), &error);
    }
    decoded = unparked(decoded);
    if (steps.convert) {
        PreparedImage img;
        QString convertError = error;
        if (!decoded.isNull())
            img = prepareDecoded(scaledFromDecoded(decoded, decodeEdgeFor(*steps.convert)),
                                 info,
                                 *steps.convert,
                                 &convertError);
        img.key = steps.convert->key();
        keepOnDisk(img);
        recordConverted(id, img, convertError);
        if (steps.fit && !decoded.isNull()) {
            bool deferred = false;
            // Only the size Fit needs, compactly: made before taking the lock (the GUI thread takes it).
            const DecodedImage smaller = parkable(decoded, {steps.fit->longEdge});
            {
                QMutexLocker lock(&m_mutex);
                auto it = m_items.find(id);
                if (it == m_items.end())
                    return;
                const qint64 held = it->kept.isNull() ? 0 : it->kept.pixels.sizeInBytes();
                const qint64 delta = smaller.pixels.sizeInBytes() - held;
                if (it->fitWaiters.isEmpty() && (parked || m_keptBytes + delta <= KeepBudgetBytes)) {
                    m_keptBytes += delta;
                    it->kept = smaller;
                    deferred = true;
                    m_peakKeptBytes = std::max(m_peakKeptBytes, m_keptBytes);
                }
            }
            if (deferred) {
                enqueue(
                    Ahead, info.fileBytes, [this, id] { aheadWork(id); }, id);
                return;
            }
            // No room to keep the pixels for it: not worth holding up the other conversions for a
            // guess. Fit to Model decodes this one if it is pressed.
            bool waited = false;
            {
                QMutexLocker lock(&m_mutex);
                if (auto it = m_items.find(id); it != m_items.end()) {
                    waited = !it->fitWaiters.isEmpty();
                    if (!waited)
                        it->ahead.fit.reset();
                }
            }
            if (!waited)
                steps.fit.reset();
        }
    }
    if (steps.fit)
        runFitStep(id, decoded, info, *steps.fit, error);
    releaseKept(id);
}

// The fitted variant made ahead, then whatever Fit to Model asked for meanwhile that it does not
// serve (the prompt or the image count changed): the pixels are still here for those.
void Intake::runFitStep(quint64 id,
                        const DecodedImage &decoded,
                        const ImageInfo &info,
                        const FitTarget &target,
                        const QString &decodeError)
{
    QString error = decodeError;
    PreparedImage img;
    if (!decoded.isNull())
        img = fitDecoded(scaledFromDecoded(decoded, target.longEdge), info, target, &error);
    keepOnDisk(img);
    recordFitted(id, target, img, error);
    QList<FitTarget> others;
    QString path;
    {
        QMutexLocker lock(&m_mutex);
        if (auto it = m_items.find(id); it != m_items.end()) {
            others = std::exchange(it->fitWaiters, {});
            path = it->path;
        }
    }
    for (const FitTarget &t : std::as_const(others)) {
        if (decoded.isNull() || !decoded.serves(t.longEdge)) {
            enqueue(Fit, info.fileBytes, [this, id, path, info, t] { fitWork(id, path, info, t); });
            continue;
        }
        QString otherError;
        PreparedImage other = fitDecoded(scaledFromDecoded(decoded, t.longEdge),
                                         info,
                                         t,
                                         &otherError);
        keepOnDisk(other);
        recordFitted(id, t, other, otherError);
        post([this, id, other, otherError] { emit fitted(id, other, otherError); });
    }
}

void Intake::recordConverted(quint64 id, const PreparedImage &image, const QString &error)
{
    bool asked = false;
    {
        QMutexLocker lock(&m_mutex);
        auto it = m_items.find(id);
        if (it == m_items.end())
            return;
        it->converted.insert(image.key, image);
        if (error.isEmpty())
            it->convertErrors.remove(image.key);
        else
            it->convertErrors.insert(image.key, error);
        asked = it->convertWaiters.remove(image.key);
        if (it->ahead.convert && it->ahead.convert->key() == image.key)
            it->ahead.convert.reset();
    }
    if (asked)
        post([this, id, image, error] { emit prepared(id, image, error); });
}

void Intake::recordFitted(quint64 id,
                          const FitTarget &target,
                          const PreparedImage &image,
                          const QString &error)
{
    QList<FitTarget> served;
    {
        QMutexLocker lock(&m_mutex);
        auto it = m_items.find(id);
        if (it == m_items.end())
            return;
        it->fitted.erase(std::remove_if(it->fitted.begin(),
                                        it->fitted.end(),
                                        [&target](const FitMade &m) { return m.target == target; }),
                         it->fitted.end());
        it->fitted.append(FitMade{target, image, error});
        if (it->ahead.fit && *it->ahead.fit == target)
            it->ahead.fit.reset();
        // Fit to Model waits for this one: answer the targets it serves (the rest stay for runFitStep).
        for (auto w = it->fitWaiters.begin(); w != it->fitWaiters.end();) {
            if (*w == target || fittedServes(image, target, *w)) {
                served << *w;
                w = it->fitWaiters.erase(w);
            } else {
                ++w;
            }
        }
    }
    for (int i = 0; i < served.size(); ++i)
        post([this, id, image, error] { emit fitted(id, image, error); });
}

DecodedImage Intake::keptFor(quint64 id, int longEdge) const
{
    QMutexLocker lock(&m_mutex);
    const auto it = m_items.constFind(id);
    if (it == m_items.constEnd() || !it->kept.serves(longEdge))
        return {};
    const DecodedImage kept = it->kept; // implicitly shared: no copy of the pixels
    lock.unlock();
    return unparked(kept);
}

void Intake::cancelPreparations()
{
    ++m_prepareGeneration;
    // Conversions made ahead that nobody has been answered for yet are moot too.
    QList<QPair<quint64, QString>> answered;
    {
        QMutexLocker lock(&m_mutex);
        for (auto it = m_items.begin(); it != m_items.end(); ++it) {
            for (const QString &key : std::as_const(it->convertWaiters))
                answered.append({it.key(), key});
            it->convertWaiters.clear();
            it->ahead.convert.reset();
        }
    }
    for (const auto &[id, key] : std::as_const(answered)) {
        PreparedImage none;
        none.key = key;
        post([this, id = id, none] { emit prepared(id, none, {}); });
    }
}

void Intake::forget(const QList<quint64> &ids)
{
    // Whoever waits for a variant of these still gets an answer (an empty one), as a queued job
    // for them would have given.
    QList<QPair<quint64, QString>> conversions;
    QList<quint64> fits;
    {
        QMutexLocker lock(&m_mutex);
        for (quint64 id : ids) {
            auto it = m_items.find(id);
            if (it == m_items.end())
                continue;
            for (const QString &key : std::as_const(it->convertWaiters))
                conversions.append({id, key});
            for (qsizetype i = 0; i < it->fitWaiters.size(); ++i)
                fits.append(id);
            if (!it->kept.isNull())
                m_keptBytes -= it->kept.pixels.sizeInBytes();
            m_items.erase(it);
        }
    }
    for (const auto &[id, key] : std::as_const(conversions)) {
        PreparedImage none;
        none.key = key;
        post([this, id = id, none] { emit prepared(id, none, {}); });
    }
    for (quint64 id : std::as_const(fits))
        post([this, id] { emit fitted(id, {}, {}); });
}

void Intake::prepare(quint64 id, const QString &path, const ImageInfo &info, const SendPlan &plan)
{
    const int generation = m_prepareGeneration;
    const QString key = plan.key();
    {
        QMutexLocker lock(&m_mutex);
        auto it = m_items.find(id);
        if (it != m_items.end()) {
            if (it->converted.contains(key)) {
                const PreparedImage img = it->converted.value(key);
                const QString error = it->convertErrors.value(key);
                post([this, id, img, error] { emit prepared(id, img, error); });
                return;
            }
            if (it->ahead.convert && it->ahead.convert->key() == key) {
                it->convertWaiters.insert(key);
                return;
            }
        }
    }
    enqueue(Convert, info.fileBytes, [this, id, path, info, plan, generation] {
        prepareWork(id, path, info, plan, generation);
    });
}

void Intake::prepareWork(
    quint64 id, const QString &path, const ImageInfo &info, const SendPlan &plan, int generation)
{
    QString error;
    PreparedImage img;
    img.key = plan.key();
    if (generation != m_prepareGeneration) {
        post([this, id, img] { emit prepared(id, img, {}); });
        return;
    }
    const int edge = decodeEdgeFor(plan);
    // As is, or only the metadata removed from an upright image: no pixels needed.
    if (plan.action == SendPlan::Action::AsIs
        || (plan.action == SendPlan::Action::Clean && !info.rotated)) {
        const QByteArray bytes = readAllOf(path, &error);
        if (!bytes.isEmpty())
            img = prepareForSend(bytes, info, plan, &error);
    } else if (DecodedImage kept = keptFor(id, edge); !kept.isNull()) {
        img = prepareDecoded(scaledFromDecoded(kept, edge), info, plan, &error);
    } else {
        const QByteArray bytes = readAllOf(path, &error);
        const DecodedImage decoded = bytes.isEmpty() ? DecodedImage{}
                                                     : decode(bytes, {edge}, &error);
        if (!decoded.isNull())
            img = prepareDecoded(scaledFromDecoded(decoded, edge), info, plan, &error);
    }
    img.key = plan.key();
    keepOnDisk(img);
    {
        QMutexLocker lock(&m_mutex);
        if (auto it = m_items.find(id); it != m_items.end()) {
            it->converted.insert(img.key, img);
            if (!error.isEmpty())
                it->convertErrors.insert(img.key, error);
        }
    }
    post([this, id, img, error] { emit prepared(id, img, error); });
}

void Intake::fit(quint64 id, const QString &path, const ImageInfo &info, const FitTarget &target)
{
    {
        QMutexLocker lock(&m_mutex);
        auto it = m_items.find(id);
        if (it != m_items.end()) {
            for (const FitMade &m : std::as_const(it->fitted)) {
                if (m.target == target || fittedServes(m.image, m.target, target)) {
                    const PreparedImage img = m.image;
                    const QString error = m.error;
                    post([this, id, img, error] { emit fitted(id, img, error); });
                    return;
                }
            }
            if (it->ahead.fit) {
                // Made ahead, still to come: wait for it, and let it go before the other variants.
                it->fitWaiters.append(target);
                QMutexLocker queue(&m_queueMutex);
                for (Job &job : m_jobs)
                    if (job.aheadFor == id)
                        job.order.band = Fit;
                return;
            }
        }
    }
    enqueue(Fit, info.fileBytes, [this, id, path, info, target] {
        fitWork(id, path, info, target);
    });
}

void Intake::fitWork(quint64 id, const QString &path, const ImageInfo &info, const FitTarget &target)
{
    QString error;
    PreparedImage img;
    const QByteArray bytes = readAllOf(path, &error);
    if (!bytes.isEmpty()) {
        if (auto unchanged = fitWithoutDecode(bytes, info, target)) {
            img = *unchanged;
        } else {
            DecodedImage decoded = keptFor(id, target.longEdge);
            if (decoded.isNull())
                decoded = decode(bytes, {target.longEdge}, &error);
            if (!decoded.isNull())
                img = fitDecoded(scaledFromDecoded(decoded, target.longEdge), info, target, &error);
        }
    }
    keepOnDisk(img);
    {
        QMutexLocker lock(&m_mutex);
        if (auto it = m_items.find(id); it != m_items.end()) {
            it->fitted.erase(std::remove_if(it->fitted.begin(),
                                            it->fitted.end(),
                                            [&target](const FitMade &m) {
                                                return m.target == target;
                                            }),
                             it->fitted.end());
            it->fitted.append(FitMade{target, img, error});
        }
    }
    post([this, id, img, error] { emit fitted(id, img, error); });
}

} // namespace squint
