#include "batchbench.h"

#include "benchutil.h"
#include "fakeendpoint.h"

#include "core/batch/batch.h"
#include "core/batch/batchrunner.h"
#include "core/batch/batchstore.h"
#include "core/catalog/catalog.h"
#include "core/connections/connections.h"
#include "core/history/conversationstore.h"

#include <QBuffer>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QImage>
#include <QNetworkAccessManager>
#include <QPainter>
#include <QTemporaryDir>
#include <QThread>

#include <memory>
#include <optional>

namespace bench {

namespace {

QByteArray smallJpeg(int seed)
{
    QImage img(64, 48, QImage::Format_RGB32);
    img.fill(QColor::fromHsv(seed * 37 % 360, 160, 200));
    QPainter p(&img);
    p.drawText(4, 30, QString::number(seed));
    p.end();
    QByteArray out;
    QBuffer buf(&out);
    buf.open(QIODevice::WriteOnly);
    img.save(&buf, "JPEG", 85);
    return out;
}

} // namespace

int cmdBatch(const QStringList &argsIn)
{
    int images = 1000;
    int concurrency = 8;
    int latencyMs = 50;
    bool useStore = true;
    QStringList args = argsIn;
    while (!args.isEmpty()) {
        const QString opt = args.takeFirst();
        if (opt == QLatin1String("--no-store")) {
            useStore = false;
            continue;
        }
        if (args.isEmpty())
            return 2;
        bool ok = false;
        const int v = args.takeFirst().toInt(&ok);
        if (!ok || v < 0)
            return 2;
        if (opt == QLatin1String("--images") && v > 0)
            images = v;
        else if (opt == QLatin1String("--concurrency") && v > 0)
            concurrency = v;
        else if (opt == QLatin1String("--latency-ms"))
            latencyMs = v;
        else
            return 2;
    }

    QTemporaryDir dir;
    if (!dir.isValid())
        return 1;
    QList<QStringList> units;
    for (int i = 0; i < images; ++i) {
        const QString path = dir.filePath(QStringLiteral("img%1.jpg").arg(i, 5, 10, QLatin1Char('0')));
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly) || f.write(smallJpeg(i)) <= 0)
            return 1;
        units << QStringList{path};
    }
    note(QStringLiteral("batch: %1 images written").arg(images));

    // The endpoint lives on its own thread so that serving does not compete with the runner's loop.
    QThread serverThread;
    serverThread.start();
    QObject anchor;
    anchor.moveToThread(&serverThread);
    std::unique_ptr<squint::test::FakeChatEndpoint> endpoint;
    QUrl baseUrl;
    QMetaObject::invokeMethod(
        &anchor,
        [&] {
            endpoint = std::make_unique<squint::test::FakeChatEndpoint>(squint::test::Backend::OpenAI);
            endpoint->setRecordRequests(false);
            endpoint->setAnswerDelayMs(latencyMs);
            endpoint->setCharsPerChunk(64);
            endpoint->setAnswer(QStringLiteral("{\"label\": \"a small test picture\", \"count\": 1}"));
            baseUrl = endpoint->baseUrl();
        },
        Qt::BlockingQueuedConnection);

    squint::Connection c;
    c.kind = squint::Connection::Kind::OpenAI;
    c.baseUrl = baseUrl.toString();
    squint::BatchJob job;
    job.target.connectionName = QStringLiteral("bench");
    job.target.chatUrl = c.chatUrl();
    job.target.maxTokensField = c.maxTokensField();
    job.target.streamOptions = c.sendsStreamOptions();
    job.model = QStringLiteral("gpt-4o");
    job.profile = squint::Catalog::builtIn().profileFor(job.model);
    job.promptTemplate = QStringLiteral("Label {filename} (#{index}).");
    job.columns = *squint::parseColumnSpec(QStringLiteral("label,count"));
    job.concurrency = concurrency;
    job.units = units;
    units.clear();

    squint::ConversationStore history;
    std::optional<squint::BatchStore> store;
    qint64 batchId = 0;
    if (useStore) {
        if (!history.open(dir.filePath(QStringLiteral("bench.sqlite"))))
            return 1;
        store.emplace(history);
        squint::BatchInfo info;
        info.key = "bench";
        info.model = job.model;
        info.total = images;
        batchId = store->createBatch(info);
    }

    QNetworkAccessManager nam;
    squint::BatchRunner runner(&nam);
    runner.setJob(job);
    if (store)
        runner.setStore(&*store, batchId);
    double rssAt100 = -1, rssAtHalf = -1;
    int failed = 0, flagged = 0;
    QString firstError;
    QObject::connect(&runner, &squint::BatchRunner::rowReady, &runner, [&](const squint::BatchRow &row) {
        if (row.status != squint::BatchRow::Status::Done) {
            ++failed;
            if (firstError.isEmpty())
                firstError = row.error;
        }
        flagged += row.flagged();
        const int n = runner.rowsEmitted();
        if (n == std::min(100, images))
            rssAt100 = procStatusMb("VmRSS");
        if (n == images / 2)
            rssAtHalf = procStatusMb("VmRSS");
    });
    QEventLoop loop;
    QObject::connect(&runner, &squint::BatchRunner::finished, &loop, &QEventLoop::quit);
    const double cpu0 = cpuSeconds();
    QElapsedTimer wall;
    wall.start();
    runner.start();
    loop.exec();
    const double seconds = double(wall.nsecsElapsed()) / 1e9;
    const double cpu = cpuSeconds() - cpu0;
    const double rssEnd = procStatusMb("VmRSS");

    QMetaObject::invokeMethod(&anchor, [&] { endpoint.reset(); }, Qt::BlockingQueuedConnection);
    serverThread.quit();
    serverThread.wait();

    const double rate = double(images) / seconds;
    const double ideal = latencyMs > 0 ? concurrency * 1000.0 / latencyMs : 0;
    JsonLine()
        .add("bench", "batch")
        .add("images", images)
        .add("concurrency", concurrency)
        .add("latency_ms", latencyMs)
        .add("store", useStore)
        .add("wall_s", seconds)
        .add("cpu_s", cpu)
        .add("requests_per_s", rate, 1)
        .add("ideal_requests_per_s", ideal, 1)
        .add("efficiency", ideal > 0 ? rate / ideal : 0.0)
        .add("peak_in_flight", runner.peakInFlight())
        .add("failed", failed)
        .add("flagged", flagged)
        .add("rss_after_100_mb", rssAt100, 1)
        .add("rss_after_half_mb", rssAtHalf, 1)
        .add("rss_end_mb", rssEnd, 1)
        .add("peak_rss_mb", procStatusMb("VmHWM"), 1)
        .print();
    if (failed > 0)
        note(QStringLiteral("batch: %1 requests failed, the first: %2").arg(failed).arg(firstError));
    return failed > 0 ? 1 : 0;
}

} // namespace bench
