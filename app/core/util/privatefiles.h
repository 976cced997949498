#pragma once

// Files only the user may read: the history, the image cache and exports are created 0600 in
// folders made 0700, the way a keychain or ssh keeps its files. One place, used by every site.

#include <QFileDevice>
#include <QString>

namespace squint {

/// rw------- (the "User" flags are what QFileInfo reports for the owner on Unix).
inline constexpr QFileDevice::Permissions PrivateFilePermissions =
    QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadUser | QFileDevice::WriteUser;
/// rwx------
inline constexpr QFileDevice::Permissions PrivateDirPermissions =
    PrivateFilePermissions | QFileDevice::ExeOwner | QFileDevice::ExeUser;

/// Opens `file` (a QFile or a QSaveFile) for writing with owner-only permissions, set before any
/// byte is written: a new file is created 0600 whatever the umask, an existing one is tightened.
bool openPrivateFile(QFileDevice &file, QIODevice::OpenMode mode);

/// Makes the folder `path` (with any missing parents, as QDir::mkpath does) and gives the folders it
/// creates 0700. An existing `path` is left as it is unless `tightenExisting`: then it is made 0700
/// too (for Squint's own folders only, never one the user chose).
bool ensurePrivateDir(const QString &path, bool tightenExisting = false);

/// Tightens an existing file to 0600 (a file an older version wrote); true when there is none.
bool tightenPrivateFile(const QString &path);

} // namespace squint
