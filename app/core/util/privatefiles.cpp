#include "core/util/privatefiles.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

namespace squint {

bool openPrivateFile(QFileDevice &file, QIODevice::OpenMode mode)
{
    if (auto *plain = qobject_cast<QFile *>(&file)) {
        // Created with 0600 (the umask can only take bits away); an existing file keeps its mode
        // through open(), so it is tightened below before anything is written.
        if (!plain->open(mode, PrivateFilePermissions))
            return false;
    } else if (!file.open(mode)) {
        // A QSaveFile writes a temporary file renamed over the target at commit(): the permissions
        // set below, before any byte is written, are the ones the final file gets.
        return false;
    }
    if ((file.permissions() & ~PrivateFilePermissions) != 0 && !file.setPermissions(PrivateFilePermissions)) {
        if (auto *save = qobject_cast<QSaveFile *>(&file))
            save->cancelWriting();
        file.close();
        return false;
    }
    return true;
}

bool ensurePrivateDir(const QString &path, bool tightenExisting)
{
    const QString absolute = QFileInfo(path).absoluteFilePath();
    if (QFileInfo(absolute).isDir()) {
        if (!tightenExisting)
            return true;
        QFile dir(absolute);
        return (dir.permissions() & ~PrivateDirPermissions) == 0 || dir.setPermissions(PrivateDirPermissions);
    }
    // Each missing folder from the top down, created 0700 (QDir::mkdir with permissions, Qt 6.3).
    const QString parent = QFileInfo(absolute).absolutePath();
    if (parent != absolute && !QFileInfo(parent).isDir() && !ensurePrivateDir(parent, false))
        return false;
    return QDir().mkdir(absolute, PrivateDirPermissions) || QFileInfo(absolute).isDir();
}

bool tightenPrivateFile(const QString &path)
{
    QFile file(path);
    if (!file.exists())
        return true;
    return (file.permissions() & ~PrivateFilePermissions) == 0 || file.setPermissions(PrivateFilePermissions);
}

} // namespace squint
