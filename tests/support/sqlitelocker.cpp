#include "sqlitelocker.h"

#include <QStandardPaths>

namespace squint::test {

namespace {
const char *const Script = R"py(
import sqlite3, sys
c = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=10)
if sys.argv[2] == "exclusive":
    c.execute("PRAGMA locking_mode=EXCLUSIVE")
c.execute("BEGIN EXCLUSIVE")
c.execute("CREATE TABLE IF NOT EXISTS squint_test_locker (x)")
print("locked", flush=True)
sys.stdin.readline()
c.execute("ROLLBACK")
c.close()
print("released", flush=True)
)py";
constexpr int WaitMs = 60'000; // an event wait for the other process, not a sleep
} // namespace

SqliteLocker::~SqliteLocker()
{
    if (m_process.state() != QProcess::NotRunning) {
        m_process.kill();
        m_process.waitForFinished(WaitMs);
    }
}

bool SqliteLocker::fail(const QString &why)
{
    m_error = why + QStringLiteral(" (stderr: ") + QString::fromUtf8(m_process.readAllStandardError()) + u')';
    return false;
}

bool SqliteLocker::start(const QString &path, bool exclusiveLockingMode)
{
    const QString python = QStandardPaths::findExecutable(QStringLiteral("python3"));
    if (python.isEmpty())
        return fail(QStringLiteral("python3 is not installed (tools/squint-dev installs it)"));
    m_process.start(python, {QStringLiteral("-c"), QString::fromUtf8(Script), path,
                             exclusiveLockingMode ? QStringLiteral("exclusive") : QStringLiteral("normal")});
    if (!m_process.waitForStarted(WaitMs))
        return fail(QStringLiteral("python3 did not start"));
    while (!m_process.canReadLine()) {
        if (!m_process.waitForReadyRead(WaitMs))
            return fail(QStringLiteral("the locker never said it holds the lock"));
    }
    const QByteArray line = m_process.readLine().trimmed();
    return line == "locked" || fail(QStringLiteral("the locker said ") + QString::fromUtf8(line));
}

bool SqliteLocker::release()
{
    m_process.write("\n");
    m_process.closeWriteChannel();
    if (!m_process.waitForFinished(WaitMs))
        return fail(QStringLiteral("the locker did not end"));
    if (m_process.exitStatus() != QProcess::NormalExit || m_process.exitCode() != 0)
        return fail(QStringLiteral("the locker failed"));
    return true;
}

} // namespace squint::test
