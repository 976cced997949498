#include "core/images/folderscan.h"

#include "core/images/imageinfo.h"

#include <QDir>
#include <QFileInfo>
#include <QImageReader>
#include <QSet>

namespace squint {

bool hasImageExtension(const QString &fileName)
{
    static const QSet<QString> extensions = [] {
        QSet<QString> s = {QStringLiteral("jpg"), QStringLiteral("jpeg"), QStringLiteral("jpe"), QStringLiteral("png"),
                           QStringLiteral("gif"), QStringLiteral("webp"), QStringLiteral("tif"), QStringLiteral("tiff"),
                           QStringLiteral("bmp"), QStringLiteral("heic"), QStringLiteral("heif"), QStringLiteral("avif")};
        for (const QByteArray &f : QImageReader::supportedImageFormats())
            s.insert(QString::fromLatin1(f).toLower());
        s.remove(QStringLiteral("svg")); // vector drawings are not photos a model takes; skip them in folders
        s.remove(QStringLiteral("svgz"));
        return s;
    }();
    const int dot = fileName.lastIndexOf(QLatin1Char('.'));
    return dot >= 0 && extensions.contains(fileName.mid(dot + 1).toLower());
}

FolderScan scanFolder(const QString &root, int cap, const std::atomic_bool *cancel, int countLimit)
{
    FolderScan scan;
    QSet<QString> visited; // canonical paths: a symlink loop leads back to one of these
    QStringList queue{root};
    int seen = 0;
    while (!queue.isEmpty()) {
        if (cancel && cancel->load())
            break;
        const QString dirPath = queue.takeFirst();
        const QString canonical = QFileInfo(dirPath).canonicalFilePath();
        if (canonical.isEmpty() || visited.contains(canonical)) {
            if (!canonical.isEmpty())
                ++scan.loopsSkipped;
            continue;
        }
        visited.insert(canonical);
        QDir dir(dirPath);
        if (!dir.isReadable()) {
            ++scan.unreadableFolders;
            continue;
        }
        // Hidden entries (".git", macOS "._IMG.JPG" companions) are not what a user drops a folder for.
        const QFileInfoList entries =
            dir.entryInfoList(QDir::AllEntries | QDir::NoDotAndDotDot, QDir::Name | QDir::IgnoreCase);
        QStringList subdirs;
        for (const QFileInfo &e : entries) {
            if (++seen > countLimit)
                return scan;
            if (e.isDir()) {
                subdirs << e.filePath();
            } else if (e.isFile()) {
                if (!hasImageExtension(e.fileName())) {
                    ++scan.otherFiles;
                    continue;
                }
                ++scan.imageFilesFound;
                if (scan.files.size() < cap)
                    scan.files << e.filePath();
            }
        }
        queue = subdirs + queue; // depth-first keeps a folder's files together in the tray
    }
    return scan;
}

} // namespace squint
