#include "core/images/intake.h"

#include "core/chat/conversation.h"
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
#include <QSaveFile>
#include <QStandardPaths>

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

IngestResult ingestFile(const QString &path, const DecodeOptions &options)
{
    IngestResult r;
    QFile f(path);
    const QFileInfo fi(path);
    if (fi.isDir()) {
        r.probe.error = Tr::tr("This is a folder, not an image.");
        return r;
    }
    // A named pipe would block the open until something writes to it, and a device like /dev/zero
    // never ends: only regular files are read.
    if (fi.exists() && !fi.isFile()) {
        r.probe.error = Tr::tr("This is not a regular file (it is a pipe, a socket or a device), so Squint does not read it.");
        return r;
    }
    if (!f.open(QIODevice::ReadOnly)) {
        r.probe.error = fi.exists() ? Tr::tr("Squint can't read this file: %1").arg(f.errorString())
                                    : Tr::tr("The file does not exist (any more).");
        return r;
    }
    if (f.size() > MaxFileBytes) {
        r.probe.info.fileBytes = f.size();
        r.probe.error = Tr::tr("The file is %1, more than the %2 Squint reads as an image.")
                            .arg(formatBytes(f.size()), formatBytes(MaxFileBytes));
        return r;
    }
    const QByteArray bytes = f.readAll();
    if (f.error() != QFileDevice::NoError) {
        r.probe.error = Tr::tr("Squint can't read this file: %1").arg(f.errorString());
        return r;
    }
    return ingestBytes(bytes, options);
}

Intake::Intake(QObject *parent)
    : QObject(parent)
{
    m_pool.setMaxThreadCount(std::max(2, QThread::idealThreadCount()));
    // Pasted and downloaded images and prepared variants are kept for a week, then the folder is
    // pruned, off the GUI thread. What an older version left readable by others is made private.
    run(
        [] {
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
        },
        Background);
}

Intake::~Intake()
{
    m_cancel = true;
    m_pool.clear();
    m_pool.waitForDone();
}

template<typename Work>
void Intake::run(Work work, Priority priority)
{
    m_pool.start(
        [this, work = std::move(work)]() mutable {
            if (!m_cancel.load())
                work();
        },
        int(priority));
}

void Intake::ingestPath(quint64 id, const QString &path)
{
    run([this, id, path] {
        const IngestResult r = ingestFile(path);
        QMetaObject::invokeMethod(this, [this, id, path, r] { emit ingested(id, path, r.probe, r.sha256); },
                                  Qt::QueuedConnection);
    }, Ingest);
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

void Intake::ingestBytes(quint64 id, const QByteArray &bytes, const QString &suffix)
{
    run([this, id, bytes, suffix] {
        QString error;
        const QString path = storeInCache(bytes, suffix, &error);
        IngestResult r;
        if (path.isEmpty())
            r.probe.error = error;
        else
            r = squint::ingestBytes(bytes);
        QMetaObject::invokeMethod(this, [this, id, path, r] { emit ingested(id, path, r.probe, r.sha256); },
                                  Qt::QueuedConnection);
    }, Ingest);
}

void Intake::ingestImage(quint64 id, const QImage &image)
{
    run([this, id, image] {
        QByteArray png;
        QBuffer buffer(&png);
        buffer.open(QIODevice::WriteOnly);
        QImageWriter(&buffer, "png").write(image);
        QString error;
        const QString path = png.isEmpty() ? QString() : storeInCache(png, QStringLiteral("png"), &error);
        IngestResult r;
        if (path.isEmpty())
            r.probe.error = png.isEmpty() ? Tr::tr("The pasted image is empty.") : error;
        else
            r = squint::ingestBytes(png);
        QMetaObject::invokeMethod(this, [this, id, path, r] { emit ingested(id, path, r.probe, r.sha256); },
                                  Qt::QueuedConnection);
    }, Ingest);
}

void Intake::scanFolder(const QString &path, int cap)
{
    run([this, path, cap] {
        const FolderScan scan = squint::scanFolder(path, cap, &m_cancel);
        QMetaObject::invokeMethod(this, [this, path, scan] { emit folderScanned(path, scan); }, Qt::QueuedConnection);
    }, Ingest);
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
    const QString path = storeInCache(img.bytes, QString::fromLatin1(img.format == "jpeg" ? "jpg" : img.format), &error);
    if (path.isEmpty())
        return;
    img.path = path;
    img.bytes.clear();
}
} // namespace

void Intake::prepare(quint64 id, const QString &path, const ImageInfo &info, const SendPlan &plan)
{
    const int generation = m_prepareGeneration;
    run([this, id, path, info, plan, generation] {
        QString error;
        PreparedImage img;
        if (generation != m_prepareGeneration) {
            img.key = plan.key();
            QMetaObject::invokeMethod(this, [this, id, img] { emit prepared(id, img, {}); }, Qt::QueuedConnection);
            return;
        }
        const QByteArray bytes = readAllOf(path, &error);
        if (!bytes.isEmpty())
            img = prepareForSend(bytes, info, plan, &error);
        img.key = plan.key();
        keepOnDisk(img);
        QMetaObject::invokeMethod(this, [this, id, img, error] { emit prepared(id, img, error); }, Qt::QueuedConnection);
    }, Background);
}

void Intake::fit(quint64 id, const QString &path, const ImageInfo &info, const FitTarget &target)
{
    run([this, id, path, info, target] {
        QString error;
        PreparedImage img;
        const QByteArray bytes = readAllOf(path, &error);
        if (!bytes.isEmpty())
            img = fitImage(bytes, info, target, &error);
        keepOnDisk(img);
        QMetaObject::invokeMethod(this, [this, id, img, error] { emit fitted(id, img, error); }, Qt::QueuedConnection);
    }, Fit);
}

} // namespace squint
