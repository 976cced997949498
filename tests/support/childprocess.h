#pragma once

// Running the real squint binary from tests, walled off from the machine's credentials and files,
// and reading what it writes.

#include <QByteArray>
#include <QList>
#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

#include <functional>

namespace squint::test {

struct ProcessResult
{
    int exitCode = -1;   ///< -1 when it did not finish or crashed
    QString out;
    QString err;
    bool finished = false;
    bool crashed = false;
};

/// The system environment without credentials (DATABRICKS_*, OPENAI_*) or proxies, with HOME,
/// XDG_CONFIG_HOME and XDG_CACHE_HOME under `home`, XDG_DATA_HOME set to `dataHome` when given,
/// and a C.UTF-8 locale.
QProcessEnvironment isolatedEnvironment(const QString &home, const QString &dataHome = {});

struct ProcessOptions
{
    QString workingDirectory;
    QByteArray stdinData;                          ///< written, then standard input is closed
    std::function<void(QProcess &)> whileRunning;  ///< called once it started
    int timeoutMs = 60'000;                        ///< then it is killed and finished is false
};

/// Runs `program` to its end.
ProcessResult runProcess(const QString &program, const QStringList &args, const QProcessEnvironment &env,
                         const ProcessOptions &options = {});

/// A strict RFC 4180 reader: records end with CRLF, quoted fields may hold commas, quotes (doubled)
/// and line breaks. *ok is false for anything else (a bare CR or LF, a quote inside an unquoted
/// field, a last record without CRLF).
QList<QStringList> readCsv(const QByteArray &bytes, bool *ok);

} // namespace squint::test
