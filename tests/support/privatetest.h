#pragma once

// Checking that a file or folder is the user's only (0600 / 0700), under a umask of the test's choosing.

#include <QFileInfo>
#include <QString>

#include <sys/stat.h>

namespace squint::test {

/// Sets the process's umask for the scope (022: what most desktops use).
class Umask
{
public:
    explicit Umask(mode_t mask)
        : m_old(::umask(mask))
    {
    }
    ~Umask() { ::umask(m_old); }
    Umask(const Umask &) = delete;
    Umask &operator=(const Umask &) = delete;

private:
    mode_t m_old;
};

inline mode_t modeBits(const QString &path)
{
    struct stat st {};
    return ::stat(QFile::encodeName(path).constData(), &st) == 0 ? (st.st_mode & 07777) : mode_t(07777);
}

/// "0644" and the like, for failure messages.
inline QString modeOf(const QString &path)
{
    return path + QStringLiteral(": ") + QString::number(modeBits(path), 8).rightJustified(4, u'0');
}

/// QFileInfo::permissions() is exactly rw------- (the "User" flags are the owner's, who is us).
inline bool isPrivateFile(const QString &path)
{
    const QFileInfo fi(path);
    return fi.isFile()
           && fi.permissions()
                  == (QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadUser | QFileDevice::WriteUser)
           && modeBits(path) == 0600;
}

/// QFileInfo::permissions() is exactly rwx------.
inline bool isPrivateDir(const QString &path)
{
    const QFileInfo fi(path);
    return fi.isDir()
           && fi.permissions()
                  == (QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner | QFileDevice::ReadUser
                      | QFileDevice::WriteUser | QFileDevice::ExeUser)
           && modeBits(path) == 0700;
}

} // namespace squint::test
