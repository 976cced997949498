#include "hostilebench.h"

#include "benchutil.h"

#include "core/batch/batch.h"
#include "core/chat/chatcall.h"
#include "core/chat/chatprotocol.h"
#include "core/history/transcript.h"

#include <QBuffer>
#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QImage>
#include <QEventLoop>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QProcess>
#include <QRandomGenerator>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTimer>

#include <optional>

namespace bench {
namespace {

constexpr qint64 MiB = 1024 * 1024;

struct Options
{
    int limitS = 30;
    qint64 streamMb = 64;
    qint64 transcriptMb = 64;
    QString onlyCase;  ///< run one case in this process (the child's side)
    QString path;      ///< the transcript file, for transcript_import
};

/// What the child prints: one line per case, the case's own figures plus time and memory.
JsonLine caseLine(const QString &name, double ms, double rssBeforeMb)
{
    JsonLine line;
    line.add("bench", "hostile")
        .add("case", name)
        .add("finished", true)
        .add("ms", ms, 1)
        .add("peak_rss_mb", procStatusMb("VmHWM"), 1)
        .add("rss_before_mb", rssBeforeMb, 1);
    return line;
}

/// An HTML error page of `bytes` made of "<head>" after a doctype: the input that made HTML
/// stripping quadratic.
QByteArray hostileHtml(qint64 bytes)
{
    QByteArray page = QByteArrayLiteral("<!DOCTYPE html><html>");
    page.reserve(bytes + 8);
    while (page.size() < bytes)
        page += "<head>";
    page.truncate(bytes);
    return page;
}

int runHtml(const QString &name, qint64 bytes)
{
    const QByteArray page = hostileHtml(bytes);
    const double before = procStatusMb("VmRSS");
    QElapsedTimer t;
    t.start();
    // squint::errorFromHttp: what ChatCall does with a 502 text/html reply body.
    const squint::ApiError e = squint::errorFromHttp(502, "text/html; charset=utf-8", page, "Bad Gateway");
    const double ms = double(t.nsecsElapsed()) / 1e6;
    caseLine(name, ms, before)
        .add("input_bytes", qint64(page.size()))
        .add("message_chars", qint64(e.message.size()))
        .add("server_message_chars", qint64(e.serverMessage.size()))
        .print();
    return 0;
}

int runBraces(const QString &name, qint64 bytes)
{
    // Half '{' then half '}': balanced, but not JSON, from every one of its starting braces (a search
    // that rescans from each '{' is quadratic on it).
    const QString answer = QString(qsizetype(bytes / 2), QLatin1Char('{')) + QString(qsizetype(bytes / 2), QLatin1Char('}'));
    squint::ColumnSpec spec;
    spec.names = {QStringLiteral("species"), QStringLiteral("count")};
    const double before = procStatusMb("VmRSS");
    QElapsedTimer t;
    t.start();
    // squint::parseAnswer: how a batch answer is read into its columns.
    const squint::ParsedAnswer a = squint::parseAnswer(answer, spec);
    const double ms = double(t.nsecsElapsed()) / 1e6;
    caseLine(name, ms, before).add("input_bytes", bytes).add("parsed", a.ok).add("problem", a.problem).print();
    return 0;
}

/// A loopback "chat endpoint" that answers any request with a 200 event stream of content chunks,
/// generated as the socket drains (the server holds at most about 1 MiB), until `limit` bytes are
/// served (then `data: [DONE]` and close) or, with limit 0, until the client goes away.
class EndlessStream : public QObject
{
public:
    explicit EndlessStream(qint64 limit) : m_limit(limit)
    {
        QObject::connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *s = m_server.nextPendingConnection())
                serve(s);
        });
        m_server.listen(QHostAddress::LocalHost);
        QByteArray text(4000, 'x');
        for (int i = 0; i < text.size(); i += 50)
            text[i] = ' ';
        m_chunk = "data: {\"object\":\"chat.completion.chunk\",\"model\":\"hostile\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\""
                  + text + "\"},\"finish_reason\":null}]}\n\n";
    }
    quint16 port() const { return m_server.serverPort(); }
    qint64 served() const { return m_served; }

private:
    void serve(QTcpSocket *s)
    {
        auto started = std::make_shared<bool>(false);
        auto head = std::make_shared<QByteArray>();
        QObject::connect(s, &QTcpSocket::disconnected, s, &QObject::deleteLater);
        QObject::connect(s, &QTcpSocket::readyRead, s, [this, s, started, head] {
            *head += s->readAll();
            if (*started || !head->contains("\r\n\r\n"))
                return; // the request body (if any) is read and dropped
            *started = true;
            s->write("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\nConnection: close\r\n\r\n");
            pump(s);
        });
        QObject::connect(s, &QTcpSocket::bytesWritten, s, [this, s, started] {
            if (*started)
                pump(s);
        });
    }
    void pump(QTcpSocket *s)
    {
        if (s->property("done").toBool())
            return;
        while (s->bytesToWrite() < MiB) {
            if (m_limit > 0 && m_served >= m_limit) {
                s->write("data: [DONE]\n\n");
                s->setProperty("done", true);
                s->disconnectFromHost();
                return;
            }
            s->write(m_chunk);
            m_served += m_chunk.size();
        }
    }
    QTcpServer m_server;
    QByteArray m_chunk;
    qint64 m_limit = 0;
    qint64 m_served = 0;
};

int runStream(const QString &name, qint64 limitBytes)
{
    EndlessStream server(limitBytes);
    if (server.port() == 0) {
        note(QStringLiteral("hostile: could not listen on the loopback interface"));
        return 1;
    }
    QNetworkAccessManager nam;
    squint::ChatRequest request;
    request.url = QUrl(QStringLiteral("http://127.0.0.1:%1/v1/chat/completions").arg(server.port()));
    request.body.model = QStringLiteral("hostile");
    request.body.stream = true;
    squint::BodyMessage msg;
    msg.text = QStringLiteral("Describe the image.");
    request.body.messages << msg;
    request.retry.maxRetries = 0;

    const double before = procStatusMb("VmRSS");
    // squint::ChatCall: the client the app and `squint ask` use.
    squint::ChatCall call(&nam, request);
    QEventLoop loop;
    std::optional<squint::ChatOutcome> outcome;
    QObject::connect(&call, &squint::ChatCall::finished, &loop, [&](const squint::ChatOutcome &o) {
        outcome = o;
        loop.quit();
    });
    QElapsedTimer t;
    t.start();
    call.start();
    loop.exec();
    const double ms = double(t.nsecsElapsed()) / 1e6;
    const char *status = !outcome ? "none"
                         : outcome->status == squint::ChatOutcome::Status::Completed ? "completed"
                         : outcome->status == squint::ChatOutcome::Status::Stopped   ? "stopped"
                                                                                     : "failed";
    caseLine(name, ms, before)
        .add("served_bytes", server.served())
        .add("serve_limit_bytes", limitBytes)
        .add("answer_chars", qint64(call.text().size()))
        .add("status", status)
        .add("error", outcome ? outcome->error.message : QString())
        .print();
    return 0;
}

/// A PNG of random pixels, about 1 MiB (noise does not compress): an image the import accepts.
QByteArray noisePng(quint32 seed)
{
    QImage image(600, 580, QImage::Format_RGB888);
    QRandomGenerator rng(seed);
    for (int y = 0; y < image.height(); ++y)
        rng.fillRange(reinterpret_cast<quint32 *>(image.scanLine(y)), image.bytesPerLine() / 4);
    QByteArray png;
    QBuffer buffer(&png);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG", 0);
    return png;
}

/// A JSON transcript as Squint writes it (squint::toJson), of `turns` turns with one ~1 MiB image each.
bool writeTranscript(const QString &path, qint64 megabytes)
{
    squint::TranscriptData data;
    data.title = QStringLiteral("Hostile import");
    data.exportedAt = QDateTime(QDate(2026, 1, 1), QTime(0, 0), Qt::UTC);
    for (qint64 i = 0; i < std::max<qint64>(1, megabytes); ++i) {
        squint::Turn turn;
        turn.id = quint64(i + 1);
        turn.prompt = QStringLiteral("Turn %1: what is in this image?").arg(i + 1);
        turn.askedAt = data.exportedAt;
        turn.state = squint::Turn::State::Done;
        turn.answer = QStringLiteral("Noise.");
        turn.model = QStringLiteral("hostile");
        squint::TurnImage img;
        img.name = QStringLiteral("noise-%1.png").arg(i + 1);
        const QByteArray image = noisePng(quint32(i + 1)); // a different image each turn
        img.data = image;
        img.sha256 = QCryptographicHash::hash(image, QCryptographicHash::Sha256).toHex();
        img.mime = QStringLiteral("image/png");
        img.sentBytes = image.size();
        turn.images << img;
        data.turns << turn;
    }
    QString error;
    // squint::writeJson: the file `squint export --format json` writes.
    if (!squint::writeJson(data, path, &error)) {
        note(QStringLiteral("hostile: could not write the transcript: %1").arg(error));
        return false;
    }
    return true;
}

int runTranscript(const QString &name, const QString &path)
{
    const double before = procStatusMb("VmRSS");
    QElapsedTimer t;
    t.start();
    QString error;
    // squint::readJsonFile: the parse and validation step of `squint import` and File > Import.
    const std::optional<squint::TranscriptData> data = squint::readJsonFile(path, &error);
    const double ms = double(t.nsecsElapsed()) / 1e6;
    caseLine(name, ms, before)
        .add("input_bytes", QFileInfo(path).size())
        .add("turns", qint64(data ? data->turns.size() : 0))
        .add("error", error)
        .print();
    return data ? 0 : 1;
}

int runCase(const Options &o)
{
    const QString &c = o.onlyCase;
    if (c == QLatin1String("html_1mib"))
        return runHtml(c, MiB);
    if (c == QLatin1String("html_8mib"))
        return runHtml(c, 8 * MiB);
    if (c == QLatin1String("batch_braces_320k"))
        return runBraces(c, 320 * 1024);
    if (c == QLatin1String("stream_64mib"))
        return runStream(c, o.streamMb * MiB);
    if (c == QLatin1String("transcript_import"))
        return runTranscript(c, o.path);
    note(QStringLiteral("hostile: unknown case %1").arg(c));
    return 2;
}

struct ChildResult
{
    bool finished = false;
    double ms = -1;
};

/// Runs one case in a child squint-bench; passes its line through, or prints "over N s".
ChildResult runChild(const QString &name, const Options &o, QStringList extra = {})
{
    QProcess child;
    child.setProcessChannelMode(QProcess::SeparateChannels);
    child.setReadChannel(QProcess::StandardOutput);
    QStringList args = {QStringLiteral("hostile"), QStringLiteral("--case"), name, QStringLiteral("--stream-mb"),
                        QString::number(o.streamMb)};
    child.start(QCoreApplication::applicationFilePath(), args + extra);
    ChildResult r;
    if (!child.waitForStarted(-1)) {
        note(QStringLiteral("hostile: could not start a child: %1").arg(child.errorString()));
        return r;
    }
    QElapsedTimer wall;
    wall.start();
    const bool ended = child.waitForFinished(o.limitS * 1000);
    if (!ended) {
        child.kill();
        child.waitForFinished(-1);
        JsonLine()
            .add("bench", "hostile")
            .add("case", name)
            .add("finished", false)
            .add("over_s", o.limitS)
            .add("note", QStringLiteral("over %1 s: stopped").arg(o.limitS))
            .print();
        return r;
    }
    const QByteArray err = child.readAllStandardError();
    if (!err.trimmed().isEmpty())
        note(QString::fromUtf8(err.trimmed()));
    const QByteArray out = child.readAllStandardOutput().trimmed();
    if (child.exitStatus() != QProcess::NormalExit || out.isEmpty()) {
        JsonLine()
            .add("bench", "hostile")
            .add("case", name)
            .add("finished", false)
            .add("crashed", child.exitStatus() != QProcess::NormalExit)
            .add("exit_code", child.exitCode())
            .add("wall_ms", double(wall.nsecsElapsed()) / 1e6, 1)
            .print();
        return r;
    }
    std::fwrite(out.constData(), 1, size_t(out.size()), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
    const QJsonObject o2 = QJsonDocument::fromJson(out).object();
    r.finished = o2.value(QStringLiteral("finished")).toBool() && child.exitCode() == 0;
    r.ms = o2.value(QStringLiteral("ms")).toDouble(-1);
    return r;
}

} // namespace

int cmdHostile(const QStringList &args)
{
    Options o;
    for (int i = 0; i < args.size(); ++i) {
        const QString &a = args.at(i);
        auto value = [&]() -> QString { return i + 1 < args.size() ? args.at(++i) : QString(); };
        bool ok = true;
        if (a == QLatin1String("--limit-s"))
            o.limitS = value().toInt(&ok);
        else if (a == QLatin1String("--stream-mb"))
            o.streamMb = value().toLongLong(&ok);
        else if (a == QLatin1String("--transcript-mb"))
            o.transcriptMb = value().toLongLong(&ok);
        else if (a == QLatin1String("--case"))
            o.onlyCase = value();
        else if (a == QLatin1String("--path"))
            o.path = value();
        else
            return 2;
        if (!ok || o.limitS <= 0 || o.streamMb < 0 || o.transcriptMb <= 0)
            return 2;
    }
    if (!o.onlyCase.isEmpty())
        return runCase(o);

    int rc = 0;
    const ChildResult one = runChild(QStringLiteral("html_1mib"), o);
    const ChildResult eight = runChild(QStringLiteral("html_8mib"), o);
    for (const char *c : {"batch_braces_320k", "stream_64mib"})
        if (!runChild(QString::fromLatin1(c), o).finished)
            rc = 1;
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("hostile-transcript.json"));
        QElapsedTimer t;
        t.start();
        if (dir.isValid() && writeTranscript(path, o.transcriptMb)) {
            note(QStringLiteral("hostile: wrote a %1 MB transcript in %2 s")
                     .arg(double(QFileInfo(path).size()) / double(MiB), 0, 'f', 1)
                     .arg(double(t.elapsed()) / 1000.0, 0, 'f', 1));
            if (!runChild(QStringLiteral("transcript_import"), o, {QStringLiteral("--path"), path}).finished)
                rc = 1;
        } else {
            rc = 1;
        }
    }
    // Linear: the 8 MiB page takes at most about ten times the 1 MiB one.
    JsonLine line;
    line.add("bench", "hostile").add("case", "html_linearity");
    if (one.finished && eight.finished && one.ms > 0) {
        const double ratio = eight.ms / one.ms;
        line.add("ratio_8_to_1", ratio, 2).add("linear", ratio <= 10.0);
        if (ratio > 10.0)
            rc = 1;
    } else {
        line.addRaw("ratio_8_to_1", "null").add("linear", false);
        rc = 1;
    }
    line.print();
    return rc;
}

} // namespace bench
