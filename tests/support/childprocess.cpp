#include "childprocess.h"

#include <QSignalSpy>

namespace squint::test {

QProcessEnvironment isolatedEnvironment(const QString &home, const QString &dataHome)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const QString &k : env.keys()) {
        if (k.startsWith(QLatin1String("DATABRICKS_")) || k.startsWith(QLatin1String("OPENAI_"))
            || k.endsWith(QLatin1String("_proxy")) || k.endsWith(QLatin1String("_PROXY")))
            env.remove(k);
    }
    env.insert(QStringLiteral("HOME"), home);
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), home + QStringLiteral("/.config"));
    env.insert(QStringLiteral("XDG_CACHE_HOME"), home + QStringLiteral("/.cache"));
    if (!dataHome.isEmpty())
        env.insert(QStringLiteral("XDG_DATA_HOME"), dataHome);
    env.insert(QStringLiteral("LANG"), QStringLiteral("C.UTF-8"));
    env.insert(QStringLiteral("LC_ALL"), QStringLiteral("C.UTF-8"));
    return env;
}

ProcessResult runProcess(const QString &program, const QStringList &args, const QProcessEnvironment &env,
                         const ProcessOptions &options)
{
    ProcessResult r;
    QProcess p;
    p.setProcessEnvironment(env);
    if (!options.workingDirectory.isEmpty())
        p.setWorkingDirectory(options.workingDirectory);
    QSignalSpy finished(&p, &QProcess::finished);
    p.start(program, args);
    if (!p.waitForStarted(10'000))
        return r;
    if (!options.stdinData.isEmpty())
        p.write(options.stdinData);
    p.closeWriteChannel();
    if (options.whileRunning)
        options.whileRunning(p);
    if (p.state() != QProcess::NotRunning && finished.isEmpty() && !finished.wait(options.timeoutMs)) {
        p.kill();
        p.waitForFinished(5000);
        return r;
    }
    r.finished = true;
    r.crashed = p.exitStatus() != QProcess::NormalExit;
    r.exitCode = r.crashed ? -1 : p.exitCode();
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

QList<QStringList> readCsv(const QByteArray &bytes, bool *ok)
{
    *ok = true;
    QList<QStringList> records;
    QStringList record;
    QByteArray field;
    bool started = false;
    for (qsizetype i = 0; i < bytes.size();) {
        const char c = bytes.at(i);
        if (c == '"' && !started) {
            ++i;
            for (;;) {
                if (i >= bytes.size()) {
                    *ok = false; // an unterminated quoted field
                    return records;
                }
                if (bytes.at(i) == '"') {
                    if (i + 1 < bytes.size() && bytes.at(i + 1) == '"') {
                        field += '"';
                        i += 2;
                        continue;
                    }
                    ++i;
                    break;
                }
                field += bytes.at(i++);
            }
            started = true;
        } else if (c == ',') {
            record << QString::fromUtf8(std::exchange(field, {}));
            started = false;
            ++i;
        } else if (c == '\r' && i + 1 < bytes.size() && bytes.at(i + 1) == '\n') {
            record << QString::fromUtf8(std::exchange(field, {}));
            records << std::exchange(record, {});
            started = false;
            i += 2;
        } else if (c == '\r' || c == '\n' || c == '"') {
            *ok = false; // a bare CR or LF, or a quote inside an unquoted field
            return records;
        } else {
            field += c;
            started = true;
            ++i;
        }
    }
    if (started || !record.isEmpty())
        *ok = false; // the last record must end with CRLF
    return records;
}

} // namespace squint::test
