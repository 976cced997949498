#include "databricksbench.h"

#include "benchutil.h"
#include "fakedatabrickssql.h"
#include "fakeendpoint.h"

#include "core/batch/databricksbatch.h"

#include <QBuffer>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QImage>
#include <QNetworkAccessManager>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QThread>

#include <cmath>
#include <memory>

namespace bench {

namespace {

/// A JPEG of about `kb` KB: noise compresses badly, so its size follows its area.
QByteArray noiseJpeg(int seed, int kb)
{
    const int side = std::max(32, int(std::sqrt(kb * 1024.0 / 0.5)));
    QImage img(side, side, QImage::Format_RGB32);
    QRandomGenerator rng{quint32(seed)};
    for (int y = 0; y < side; ++y) {
        auto *line = reinterpret_cast<quint32 *>(img.scanLine(y));
        for (int x = 0; x < side; ++x)
            line[x] = 0xff000000u | (rng.generate() & 0xffffffu);
    }
    QByteArray out;
    QBuffer buf(&out);
    buf.open(QIODevice::WriteOnly);
    img.save(&buf, "JPEG", 60);
    return out;
}

} // namespace

int cmdDatabricksBatch(const QStringList &argsIn)
{
    int images = 1000;
    int latencyMs = 20;
    int kb = 100;
    int rowsPerChunk = 100;
    QStringList args = argsIn;
    while (!args.isEmpty()) {
        const QString opt = args.takeFirst();
        if (args.isEmpty())
            return 2;
        bool ok = false;
        const int v = args.takeFirst().toInt(&ok);
        if (!ok || v < 0)
            return 2;
        if (opt == QLatin1String("--images") && v > 0)
            images = v;
        else if (opt == QLatin1String("--latency-ms"))
            latencyMs = v;
        else if (opt == QLatin1String("--kb") && v > 0)
            kb = v;
        else if (opt == QLatin1String("--rows-per-chunk") && v > 0)
            rowsPerChunk = v;
        else
            return 2;
    }

    QTemporaryDir dir;
    if (!dir.isValid() || !QDir(dir.path()).mkpath(QStringLiteral("spool")))
        return 1;
    QList<QStringList> units;
    qint64 totalBytes = 0;
    const QByteArray sample = noiseJpeg(1, kb);
    for (int i = 0; i < images; ++i) {
        const QString path = dir.filePath(
            QStringLiteral("img%1.jpg").arg(i, 5, 10, QLatin1Char('0')));
        QFile f(path);
        // The same picture with its index at the end: distinct files, no time spent encoding each.
        const QByteArray bytes = sample + QByteArray::number(i);
        if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size())
            return 1;
        totalBytes += bytes.size();
        units << QStringList{path};
    }
    note(QStringLiteral("databricks-batch: %1 images of %2 KB written")
             .arg(images)
             .arg(sample.size() / 1024));

    QThread serverThread;
    serverThread.start();
    QObject anchor;
    anchor.moveToThread(&serverThread);
    std::unique_ptr<squint::test::FakeChatEndpoint> chat;
    std::unique_ptr<squint::test::FakeDatabricksSql> dbx;
    QUrl host;
    const QString spool = dir.filePath(QStringLiteral("spool"));
    QMetaObject::invokeMethod(
        &anchor,
        [&] {
            chat = std::make_unique<squint::test::FakeChatEndpoint>(
                squint::test::Backend::Databricks);
            chat->setRecordRequests(false);
            chat->setAnswerDelayMs(latencyMs);
            chat->setAnswer(QStringLiteral("{\"label\": \"noise\"}"));
            dbx = std::make_unique<squint::test::FakeDatabricksSql>(chat.get());
            dbx->setRecordRequests(false);
            dbx->setLatencyMs(latencyMs);
            dbx->setSpoolDir(spool);
            dbx->setRowsPerChunk(rowsPerChunk);
            dbx->setToken("bench-token");
            dbx->addWarehouse(QStringLiteral("wh"),
                              QStringLiteral("Bench"),
                              QStringLiteral("STOPPED"),
                              QStringLiteral("PRO"),
                              3);
            host = dbx->host();
        },
        Qt::BlockingQueuedConnection);

    squint::DatabricksBatchJob job;
    job.host = host;
    job.token = "bench-token";
    job.warehouse = QStringLiteral("Bench");
    job.volumeFolder = QStringLiteral("/Volumes/main/default/bench");
    job.query.endpoint = QStringLiteral("databricks-claude-sonnet-4-5");
    job.query.promptTemplate = QStringLiteral("Label it.");
    job.query.columns = *squint::parseColumnSpec(QStringLiteral("label"));
    job.units = units;
    units.clear();
    const int uploadConcurrency = job.uploadConcurrency;

    QNetworkAccessManager nam;
    squint::DatabricksBatchRunner runner(&nam);
    runner.setJob(job);
    using Stage = squint::DatabricksBatchRunner::Stage;
    QElapsedTimer wall;
    qint64 uploadStart = -1, uploadEnd = -1, submitted = -1, fetchStart = -1, fetchEnd = -1;
    double rssAfterUpload = -1;
    QObject::connect(&runner, &squint::DatabricksBatchRunner::stageChanged, &runner, [&](Stage s) {
        const qint64 now = wall.elapsed();
        if (s == Stage::Uploading)
            uploadStart = now;
        if (s != Stage::Uploading && uploadStart >= 0 && uploadEnd < 0 && s != Stage::Preparing) {
            uploadEnd = now;
            rssAfterUpload = procStatusMb("VmRSS");
        }
        if (s == Stage::Submitting)
            submitted = now;
        if (s == Stage::Fetching)
            fetchStart = now;
        if (s == Stage::Finished)
            fetchEnd = now;
    });
    int failed = 0;
    QString firstError;
    QObject::connect(&runner,
                     &squint::DatabricksBatchRunner::rowReady,
                     &runner,
                     [&](const squint::BatchRow &row) {
                         if (row.status != squint::BatchRow::Status::Done) {
                             ++failed;
                             if (firstError.isEmpty())
                                 firstError = row.error;
                         }
                     });
    QEventLoop loop;
    QObject::connect(&runner, &squint::DatabricksBatchRunner::finished, &loop, &QEventLoop::quit);
    const double cpu0 = cpuSeconds();
    wall.start();
    runner.start();
    loop.exec();
    const double seconds = double(wall.nsecsElapsed()) / 1e9;
    const double cpu = cpuSeconds() - cpu0;

    QMetaObject::invokeMethod(
        &anchor,
        [&] {
            dbx.reset();
            chat.reset();
        },
        Qt::BlockingQueuedConnection);
    serverThread.quit();
    serverThread.wait();

    const double uploadS = uploadEnd > uploadStart ? (uploadEnd - uploadStart) / 1000.0 : 0;
    const double statementS = fetchStart > submitted && submitted >= 0
                                  ? (fetchStart - submitted) / 1000.0
                                  : 0;
    const double pagingS = fetchEnd > fetchStart && fetchStart >= 0
                               ? (fetchEnd - fetchStart) / 1000.0
                               : 0;
    JsonLine()
        .add("bench", "databricks-batch")
        .add("images", images)
        .add("image_kb", int(sample.size() / 1024))
        .add("latency_ms", latencyMs)
        .add("wall_s", seconds)
        .add("cpu_s", cpu)
        .add("upload_concurrency", uploadConcurrency)
        .add("peak_uploads_in_flight", runner.peakUploads())
        .add("upload_s", uploadS)
        .add("upload_mb_s",
             uploadS > 0 ? double(runner.bytesUploaded()) / (1024.0 * 1024.0) / uploadS : 0.0,
             1)
        .add("upload_retries", runner.retries())
        .add("warehouse_wait_s",
             submitted > uploadEnd && uploadEnd >= 0 ? (submitted - uploadEnd) / 1000.0 : 0.0)
        .add("statement_s", statementS)
        .add("polls", runner.statementPolls())
        .add("polls_per_min", statementS > 0 ? runner.statementPolls() * 60.0 / statementS : 0.0, 1)
        .add("chunks", runner.chunksRead())
        .add("paging_s", pagingS)
        .add("failed", failed)
        .add("rss_after_upload_mb", rssAfterUpload, 1)
        .add("rss_end_mb", procStatusMb("VmRSS"), 1)
        .add("peak_rss_mb", procStatusMb("VmHWM"), 1)
        .add("total_mb", double(totalBytes) / (1024.0 * 1024.0), 1)
        .print();
    if (failed > 0)
        note(QStringLiteral("databricks-batch: %1 rows failed, the first: %2")
                 .arg(failed)
                 .arg(firstError));
    return failed > 0 ? 1 : 0;
}

} // namespace bench
