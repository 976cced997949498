#pragma once

// Another process holding an SQLite file locked (python3's sqlite3 module, a real second
// connection in a second process), until the test tells it to let go.

#include <QProcess>
#include <QString>

namespace squint::test {

class SqliteLocker
{
public:
    SqliteLocker() = default;
    ~SqliteLocker();
    Q_DISABLE_COPY_MOVE(SqliteLocker)

    /// Opens `path` (creating it when missing) in another process and holds `BEGIN EXCLUSIVE` on it;
    /// returns once the lock is held. `exclusiveLockingMode`: PRAGMA locking_mode=EXCLUSIVE first, so
    /// that not even a reader of a WAL file gets in.
    bool start(const QString &path, bool exclusiveLockingMode);
    /// Rolls back, closes and waits for the process to end.
    bool release();
    QString error() const { return m_error; }

private:
    bool fail(const QString &why);
    QProcess m_process;
    QString m_error;
};

} // namespace squint::test
