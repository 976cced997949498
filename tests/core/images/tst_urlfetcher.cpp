#include "core/images/urlfetcher.h"
#include "fakehttpserver.h"

#include <QBuffer>
#include <QElapsedTimer>
#include <QImage>
#include <QImageWriter>
#include <QLocale>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QRandomGenerator>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTest>

#if QT_CONFIG(ssl)
#include <QSslConfiguration>
#include <QSslSocket>
#endif

#include <memory>

using namespace squint;
using namespace squint::test;

namespace {

QByteArray encode(const QImage &image, const char *format)
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    if (!image.save(&buffer, format))
        return {};
    return bytes;
}

QByteArray pngBytes()
{
    QImage image(64, 48, QImage::Format_RGB32);
    image.fill(QColor(200, 40, 90));
    for (int x = 0; x < image.width(); ++x)
        image.setPixelColor(x, x % image.height(), QColor(10, 200, 30));
    return encode(image, "PNG");
}

/// A noisy image, so that it encodes to tens of kilobytes in any format.
QImage noise()
{
    QImage image(160, 120, QImage::Format_RGB32);
    QRandomGenerator random(42);
    for (int y = 0; y < image.height(); ++y) {
        for (int x = 0; x < image.width(); ++x)
            image.setPixel(x, y, random.generate() | 0xFF000000u);
    }
    return image;
}

#if QT_CONFIG(ssl)
// A self-signed certificate for IP 127.0.0.1, valid 2000-2125, made for this test only with
//   openssl req -new -key k.pem -subj "/CN=Squint test server 127.0.0.1" | openssl ca -selfsign ...
// (EC P-256, subjectAltName=IP:127.0.0.1). The key protects nothing: it is a test fixture.
const char testCertificatePem[] =
    "-----BEGIN CERTIFICATE-----\n"
    "MIIBpTCCAUugAwIBAgICEAAwCgYIKoZIzj0EAwIwJzElMCMGA1UEAwwcU3F1aW50\n"
    "IHRlc3Qgc2VydmVyIDEyNy4wLjAuMTAgFw0wMDAxMDEwMDAwMDBaGA8yMTI1MDEw\n"
    "MTAwMDAwMFowJzElMCMGA1UEAwwcU3F1aW50IHRlc3Qgc2VydmVyIDEyNy4wLjAu\n"
    "MTBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABPVGtE277x7WgXT4Et299zM0bWTe\n"
    "QxyCUCIvX1jjOirWayHKe4GP0u/I6UF7Q+KaayqimvfFR05jUZJwkhWEjNKjZTBj\n"
    "MA8GA1UdEQQIMAaHBH8AAAEwDAYDVR0TAQH/BAIwADATBgNVHSUEDDAKBggrBgEF\n"
    "BQcDATAOBgNVHQ8BAf8EBAMCB4AwHQYDVR0OBBYEFOSgkPgAkt9uosHVgASUY8mP\n"
    "Gu5OMAoGCCqGSM49BAMCA0gAMEUCIGMb1z3XE4clRRrp99xI5CjPAPsTeR9s0jyb\n"
    "ihs4wEZYAiEApGz5s8rlaOfCmZg8elQoM+wB2y4eP7chSJojGVUI78I=\n"
    "-----END CERTIFICATE-----\n";

const char testKeyPem[] =
    "-----BEGIN PRIVATE KEY-----\n"
    "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgXG+7TiHX6nwZAR3M\n"
    "jG24zFh6jM5nsGD6UG23L8S47IahRANCAAT1RrRNu+8e1oF0+BLdvfczNG1k3kMc\n"
    "glAiL19Y4zoq1mshynuBj9LvyOlBe0Pimmsqopr3xUdOY1GScJIVhIzS\n"
    "-----END PRIVATE KEY-----\n";

QSslCertificate testCertificate()
{
    return QSslCertificate(QByteArray(testCertificatePem), QSsl::Pem);
}

QSslKey testKey()
{
    return QSslKey(QByteArray(testKeyPem), QSsl::Ec, QSsl::Pem);
}
#endif

QByteArray filler(qsizetype size)
{
    return QByteArray(size, 'x');
}

/// Everything a job emitted while the test waited for it.
struct Outcome
{
    quint64 id = 0;           ///< what fetch() returned
    int finishedCount = 0;
    int failedCount = 0;
    quint64 signalId = 0;     ///< the id carried by finished() or failed()
    QUrl signalUrl;
    QByteArray bytes;
    QString name;
    QString message;
    QList<QList<QVariant>> progress;
};

} // namespace

class TestUrlFetcher final : public QObject
{
    Q_OBJECT

Q_SIGNALS:
    void settled();

private:
    /// Fetches `url` and waits (at most `waitMs`) until the job ends, then a little more to catch
    /// a second, forbidden, end signal.
    Outcome run(const QUrl &url, const UrlFetcher::FetchOptions &opts = {}, int waitMs = 5000)
    {
        QSignalSpy finishedSpy(m_fetcher.get(), &UrlFetcher::finished);
        QSignalSpy failedSpy(m_fetcher.get(), &UrlFetcher::failed);
        QSignalSpy progressSpy(m_fetcher.get(), &UrlFetcher::progress);
        QSignalSpy settledSpy(this, &TestUrlFetcher::settled);
        Outcome o;
        o.id = m_fetcher->fetch(url, opts);
        if (settledSpy.isEmpty())
            settledSpy.wait(waitMs);
        QTest::qWait(30);
        o.finishedCount = int(finishedSpy.count());
        o.failedCount = int(failedSpy.count());
        if (!finishedSpy.isEmpty()) {
            const QList<QVariant> args = finishedSpy.constFirst();
            o.signalId = args.at(0).toULongLong();
            o.signalUrl = args.at(1).toUrl();
            o.bytes = args.at(2).toByteArray();
            o.name = args.at(3).toString();
        } else if (!failedSpy.isEmpty()) {
            const QList<QVariant> args = failedSpy.constFirst();
            o.signalId = args.at(0).toULongLong();
            o.signalUrl = args.at(1).toUrl();
            o.message = args.at(2).toString();
        }
        for (const QList<QVariant> &args : std::as_const(progressSpy))
            o.progress.append(args);
        return o;
    }

    QList<QString> paths() const
    {
        QList<QString> result;
        for (const RecordedRequest &request : m_server->requests())
            result.append(request.path);
        return result;
    }

    std::unique_ptr<QNetworkAccessManager> m_nam;
    std::unique_ptr<FakeHttpServer> m_server;
    std::unique_ptr<UrlFetcher> m_fetcher;
    QStringList m_messages; ///< every failure message of the current test
    QByteArray m_png;

private Q_SLOTS:
    void initTestCase()
    {
        QLocale::setDefault(QLocale::c());
        m_png = pngBytes();
        QVERIFY(m_png.startsWith("\x89PNG"));
    }

    void init()
    {
        m_nam = std::make_unique<QNetworkAccessManager>();
        m_nam->setProxy(QNetworkProxy::NoProxy); // loopback only, whatever the environment says
        m_server = std::make_unique<FakeHttpServer>();
        QVERIFY(m_server->isListening());
        m_fetcher = std::make_unique<UrlFetcher>(m_nam.get());
        m_messages.clear();
        connect(m_fetcher.get(), &UrlFetcher::finished, this, [this] { Q_EMIT settled(); });
        connect(m_fetcher.get(), &UrlFetcher::failed, this, [this](quint64, const QUrl &, const QString &message) {
            m_messages.append(message);
            Q_EMIT settled();
        });
    }

    void cleanup()
    {
        QCOMPARE(m_fetcher->activeJobs(), 0);
        for (const QString &message : std::as_const(m_messages)) {
            QVERIFY2(!message.isEmpty(), "empty failure message");
            QVERIFY2(!message.contains(QLatin1String("SECRET")), qPrintable(message));
        }
        // Every reply is released with deleteLater().
        QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
        QTRY_VERIFY_WITH_TIMEOUT(m_nam->findChildren<QNetworkReply *>().isEmpty(), 2000);
        m_fetcher.reset();
        m_nam.reset();
        m_server.reset();
    }

    void downloadsPng()
    {
        m_server->route(QStringLiteral("/images/cat.png"), Response::ok(m_png, "image/png"));
        const QUrl url = m_server->url(QStringLiteral("/images/cat.png"));
        const Outcome o = run(url);
        QCOMPARE(o.failedCount, 0);
        QCOMPARE(o.finishedCount, 1);
        QVERIFY(o.id != 0);
        QCOMPARE(o.signalId, o.id);
        QCOMPARE(o.signalUrl, url);
        QCOMPARE(o.bytes, m_png);
        QCOMPARE(o.name, QStringLiteral("cat.png"));

        const QList<RecordedRequest> requests = m_server->requests();
        QCOMPARE(requests.size(), 1);
        QCOMPARE(requests.constFirst().method, QByteArray("GET"));
        QVERIFY(requests.constFirst().header("User-Agent").startsWith("Squint"));
    }

    void suggestedNameFromContentDisposition()
    {
        m_server->route(QStringLiteral("/download"),
                        Response::ok(m_png, "image/png")
                            .withHeader("Content-Disposition", "attachment; filename=\"kitten photo.png\""));
        const Outcome o = run(m_server->url(QStringLiteral("/download?id=42")));
        QCOMPARE(o.finishedCount, 1);
        QCOMPARE(o.bytes, m_png);
        QCOMPARE(o.name, QStringLiteral("kitten photo.png"));
    }

    void suggestedFileName_data()
    {
        QTest::addColumn<QByteArray>("disposition");
        QTest::addColumn<QUrl>("url");
        QTest::addColumn<QString>("expected");
        const QUrl plain(QStringLiteral("https://example.com/a/b/photo.jpg?size=large"));
        QTest::newRow("path") << QByteArray() << plain << QStringLiteral("photo.jpg");
        QTest::newRow("path decoded") << QByteArray() << QUrl(QStringLiteral("https://example.com/my%20cat.png"))
                                      << QStringLiteral("my cat.png");
        QTest::newRow("no path") << QByteArray() << QUrl(QStringLiteral("https://example.com")) << QStringLiteral("download");
        QTest::newRow("trailing slash") << QByteArray() << QUrl(QStringLiteral("https://example.com/gallery/"))
                                        << QStringLiteral("download");
        QTest::newRow("quoted") << QByteArray("attachment; filename=\"a b.png\"") << plain << QStringLiteral("a b.png");
        QTest::newRow("token") << QByteArray("inline; filename=c.webp") << plain << QStringLiteral("c.webp");
        QTest::newRow("escaped quote") << QByteArray("attachment; filename=\"say \\\"hi\\\".png\"") << plain
                                       << QStringLiteral("say \"hi\".png");
        QTest::newRow("rfc5987 wins") << QByteArray("attachment; filename=\"fallback.png\"; filename*=UTF-8''%E7%8C%AB.png")
                                      << plain << QStringLiteral("\u732B.png");
        QTest::newRow("traversal") << QByteArray("attachment; filename=\"../../etc/passwd\"") << plain
                                   << QStringLiteral("passwd");
        QTest::newRow("windows path") << QByteArray("attachment; filename=\"C:\\\\x\\\\evil.png\"") << plain
                                      << QStringLiteral("evil.png");
        QTest::newRow("dot dot") << QByteArray("attachment; filename=\"..\"") << plain << QStringLiteral("photo.jpg");
        QTest::newRow("no filename") << QByteArray("inline") << plain << QStringLiteral("photo.jpg");
    }

    void suggestedFileName()
    {
        QFETCH(QByteArray, disposition);
        QFETCH(QUrl, url);
        QFETCH(QString, expected);
        QCOMPARE(UrlFetcher::suggestedFileName(disposition, url), expected);
    }

    void httpError_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("reason");
        QTest::addColumn<QString>("expected");
        QTest::newRow("404") << 404 << QByteArray() << QStringLiteral("The server answered 404 Not Found");
        QTest::newRow("503 custom") << 503 << QByteArray("Down For Maintenance")
                                    << QStringLiteral("The server answered 503 Down For Maintenance");
    }

    void httpError()
    {
        QFETCH(int, status);
        QFETCH(QByteArray, reason);
        QFETCH(QString, expected);
        m_server->route(QStringLiteral("/missing.png"), Response::error(status, reason));
        const QUrl url = m_server->url(QStringLiteral("/missing.png"));
        const Outcome o = run(url);
        QCOMPARE(o.finishedCount, 0);
        QCOMPARE(o.failedCount, 1);
        QCOMPARE(o.signalId, o.id);
        QCOMPARE(o.signalUrl, url);
        QVERIFY2(o.message.contains(expected), qPrintable(o.message));
        QVERIFY2(o.message.contains(UrlFetcher::displayUrl(url)), qPrintable(o.message));
    }

    void unroutedPathIs404()
    {
        const Outcome o = run(m_server->url(QStringLiteral("/nowhere.png")));
        QCOMPARE(o.failedCount, 1);
        QVERIFY2(o.message.contains(QLatin1String("The server answered 404 Not Found")), qPrintable(o.message));
    }

    void htmlPageRefused_data()
    {
        QTest::addColumn<QByteArray>("contentType");
        QTest::addColumn<QByteArray>("body");
        QTest::newRow("content type") << QByteArray("text/html; charset=utf-8") << QByteArray("<p>hello</p>");
        QTest::newRow("xhtml") << QByteArray("application/xhtml+xml") << QByteArray("<p>hello</p>");
        QTest::newRow("sniff doctype") << QByteArray("image/png")
                                       << QByteArray("  \r\n\t<!DOCTYPE html>\n<html><body>x</body></html>");
        QTest::newRow("sniff html") << QByteArray("application/octet-stream") << QByteArray("\n<HTML lang=en><body>x</body>");
        QTest::newRow("sniff bom") << QByteArray("image/jpeg") << QByteArray("\xEF\xBB\xBF<!doctype html><title>t</title>");
    }

    void htmlPageRefused()
    {
        QFETCH(QByteArray, contentType);
        QFETCH(QByteArray, body);
        m_server->route(QStringLiteral("/page"), Response::ok(body, contentType));
        const Outcome o = run(m_server->url(QStringLiteral("/page")));
        QCOMPARE(o.finishedCount, 0);
        QCOMPARE(o.failedCount, 1);
        QVERIFY2(o.message.contains(QLatin1String("web page, not an image")), qPrintable(o.message));
    }

    void markupThatIsNotHtmlPasses()
    {
        const QByteArray svg("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"4\" height=\"4\"/>");
        m_server->route(QStringLiteral("/logo.svg"), Response::ok(svg, "image/svg+xml"));
        const Outcome o = run(m_server->url(QStringLiteral("/logo.svg")));
        QCOMPARE(o.failedCount, 0);
        QCOMPARE(o.finishedCount, 1);
        QCOMPARE(o.bytes, svg);
    }

    void emptyBodyFails()
    {
        m_server->route(QStringLiteral("/empty.png"), Response::ok(QByteArray(), "image/png"));
        const Outcome o = run(m_server->url(QStringLiteral("/empty.png")));
        QCOMPARE(o.finishedCount, 0);
        QCOMPARE(o.failedCount, 1);
        QVERIFY2(o.message.contains(QLatin1String("no data")), qPrintable(o.message));
    }

    void stalledServerTimesOut()
    {
        Response stalled = Response::ok(m_png, "image/png");
        stalled.stallMs = 10000;
        m_server->route(QStringLiteral("/slow.png"), stalled);
        UrlFetcher::FetchOptions opts;
        opts.timeoutMs = 300;
        QElapsedTimer clock;
        clock.start();
        const Outcome o = run(m_server->url(QStringLiteral("/slow.png")), opts);
        QCOMPARE(o.finishedCount, 0);
        QCOMPARE(o.failedCount, 1);
        QVERIFY2(o.message.contains(QLatin1String("timed out after 0.3 s")), qPrintable(o.message));
        QVERIFY2(clock.elapsed() < 3000, qPrintable(QString::number(clock.elapsed())));
    }

    void stalledBodyTimesOut()
    {
        Response r = Response::ok({}, "image/png");
        r.chunks = {{m_png.left(20), 0}, {m_png.mid(20), 10000}};
        m_server->route(QStringLiteral("/half.png"), r);
        UrlFetcher::FetchOptions opts;
        opts.timeoutMs = 300;
        QElapsedTimer clock;
        clock.start();
        const Outcome o = run(m_server->url(QStringLiteral("/half.png")), opts);
        QCOMPARE(o.finishedCount, 0);
        QCOMPARE(o.failedCount, 1);
        QVERIFY2(o.message.contains(QLatin1String("timed out after")), qPrintable(o.message));
        QVERIFY2(clock.elapsed() < 3000, qPrintable(QString::number(clock.elapsed())));
    }

    void tooLargeByContentLength()
    {
        m_server->route(QStringLiteral("/big.png"), Response::ok(filler(5000), "image/png"));
        UrlFetcher::FetchOptions opts;
        opts.maxBytes = 1000;
        const Outcome o = run(m_server->url(QStringLiteral("/big.png")), opts);
        QCOMPARE(o.finishedCount, 0);
        QCOMPARE(o.failedCount, 1);
        QVERIFY2(o.message.contains(QLatin1String("download limit")), qPrintable(o.message));
        QVERIFY2(o.message.contains(QLatin1String("is 5 kB, larger than the 1 kB download limit")),
                 qPrintable(o.message));
    }

    void advertisedSizeFailsBeforeTheBody()
    {
        // The header promises 80 MB but the body never comes: only the header can have failed it.
        Response r = Response::ok({}, "image/png").withHeader("Content-Length", QByteArray::number(80LL * 1000 * 1000));
        r.chunks = {{filler(10), 10000}};
        m_server->route(QStringLiteral("/huge.png"), r);
        QElapsedTimer clock;
        clock.start();
        const Outcome o = run(m_server->url(QStringLiteral("/huge.png")));
        QCOMPARE(o.failedCount, 1);
        QVERIFY2(o.message.contains(QLatin1String("larger than the 50 MB download limit")), qPrintable(o.message));
        QVERIFY2(o.message.contains(QLatin1String("is 80 MB")), qPrintable(o.message));
        QVERIFY2(clock.elapsed() < 3000, qPrintable(QString::number(clock.elapsed())));
    }

    void tooLargeWhileStreaming()
    {
        Response r = Response::ok({}, "image/png");
        r.framing = Response::Framing::Chunked;
        for (int i = 0; i < 10; ++i)
            r.chunks.append({filler(500), 10});
        m_server->route(QStringLiteral("/stream.png"), r);
        UrlFetcher::FetchOptions opts;
        opts.maxBytes = 1000;
        const Outcome o = run(m_server->url(QStringLiteral("/stream.png")), opts);
        QCOMPARE(o.finishedCount, 0);
        QCOMPARE(o.failedCount, 1);
        QVERIFY2(o.message.contains(QLatin1String("download limit")), qPrintable(o.message));
    }

    void chunkedWithinLimitPasses()
    {
        Response r = Response::ok({}, "image/png");
        r.framing = Response::Framing::Chunked;
        r.chunks = {{m_png.left(100), 0}, {m_png.mid(100), 20}};
        m_server->route(QStringLiteral("/chunked.png"), r);
        const Outcome o = run(m_server->url(QStringLiteral("/chunked.png")));
        QCOMPARE(o.finishedCount, 1);
        QCOMPARE(o.bytes, m_png);
    }

    void followsRedirect()
    {
        m_server->route(QStringLiteral("/old"), Response::redirect("/new/dog.png", 301));
        m_server->route(QStringLiteral("/new/dog.png"), Response::ok(m_png, "image/png"));
        const QUrl url = m_server->url(QStringLiteral("/old"));
        const Outcome o = run(url);
        QCOMPARE(o.failedCount, 0);
        QCOMPARE(o.finishedCount, 1);
        QCOMPARE(o.signalUrl, url);
        QCOMPARE(o.bytes, m_png);
        QCOMPARE(o.name, QStringLiteral("dog.png"));
        QCOMPARE(paths(), (QList<QString>{QStringLiteral("/old"), QStringLiteral("/new/dog.png")}));
    }

    void redirectToFtpRefused()
    {
        m_server->route(QStringLiteral("/r"), Response::redirect("ftp://127.0.0.1/x.png"));
        const Outcome o = run(m_server->url(QStringLiteral("/r")));
        QCOMPARE(o.finishedCount, 0);
        QCOMPARE(o.failedCount, 1);
        QVERIFY2(o.message.contains(QLatin1String("\"ftp:\"")), qPrintable(o.message));
        QVERIFY2(o.message.contains(QLatin1String("does not follow")), qPrintable(o.message));
        QCOMPARE(m_server->requests().size(), 1);
    }

    void tooManyRedirects()
    {
        m_server->route(QStringLiteral("/loop"), Response::redirect("/loop", 307));
        UrlFetcher::FetchOptions opts;
        opts.maxRedirects = 2;
        const Outcome o = run(m_server->url(QStringLiteral("/loop")), opts);
        QCOMPARE(o.finishedCount, 0);
        QCOMPARE(o.failedCount, 1);
        QVERIFY2(o.message.contains(QLatin1String("redirects too many times (more than 2)")), qPrintable(o.message));
        QCOMPARE(m_server->requests().size(), 3);
    }

    void rejectedAtOnce_data()
    {
        QTest::addColumn<QUrl>("url");
        QTest::addColumn<QString>("expected");
        const QString onlyWeb = QStringLiteral("only http and https");
        QTest::newRow("ftp") << QUrl(QStringLiteral("ftp://127.0.0.1/picture.png")) << onlyWeb;
        QTest::newRow("file") << QUrl::fromLocalFile(QStringLiteral("/tmp/picture.png")) << onlyWeb;
        QTest::newRow("data") << QUrl(QStringLiteral("data:image/png;base64,iVBORw0KGgo=")) << onlyWeb;
        QTest::newRow("no host") << QUrl(QStringLiteral("http:picture.png")) << QStringLiteral("not a valid web address");
        QTest::newRow("empty") << QUrl() << QStringLiteral("No web address");
    }

    void rejectedAtOnce()
    {
        QFETCH(QUrl, url);
        QFETCH(QString, expected);
        QSignalSpy failedSpy(m_fetcher.get(), &UrlFetcher::failed);
        QCOMPARE(m_fetcher->fetch(url), quint64(0));
        QCOMPARE(failedSpy.count(), 0); // queued, never from inside fetch()
        QVERIFY(failedSpy.wait(2000));
        QTest::qWait(30);
        QCOMPARE(failedSpy.count(), 1);
        QCOMPARE(failedSpy.constFirst().at(0).toULongLong(), quint64(0));
        QCOMPARE(failedSpy.constFirst().at(1).toUrl(), url);
        const QString message = failedSpy.constFirst().at(2).toString();
        QVERIFY2(message.contains(expected), qPrintable(message));
        QVERIFY(m_server->requests().isEmpty());
    }

    void webUrls_data()
    {
        // The one rule the tray (Composer, for drops and pastes) and the fetcher share.
        QTest::addColumn<QUrl>("url");
        QTest::addColumn<bool>("web");
        QTest::newRow("https") << QUrl(QStringLiteral("https://example.com/a.png")) << true;
        QTest::newRow("http") << QUrl(QStringLiteral("http://example.com/a.png")) << true;
        QTest::newRow("upper case") << QUrl(QStringLiteral("HTTPS://example.com/a.png")) << true;
        QTest::newRow("ftp") << QUrl(QStringLiteral("ftp://example.com/a.png")) << false;
        QTest::newRow("file") << QUrl::fromLocalFile(QStringLiteral("/tmp/a.png")) << false;
        QTest::newRow("data") << QUrl(QStringLiteral("data:image/png;base64,iVBORw0KGgo="))
                              << false;
        QTest::newRow("javascript") << QUrl(QStringLiteral("javascript:alert(1)")) << false;
        QTest::newRow("empty") << QUrl() << false;
    }
    void webUrls()
    {
        QFETCH(QUrl, url);
        QFETCH(bool, web);
        QCOMPARE(isWebUrl(url), web);
    }

    void droppedConnectionFails_data()
    {
        QTest::addColumn<int>("framing");
        QTest::addColumn<QByteArray>("format");
        const auto cl = int(Response::Framing::ContentLength);
        const auto chunked = int(Response::Framing::Chunked);
        const auto close = int(Response::Framing::UntilClose);
        // With a Content-Length the cut is plain; without one Qt takes the close for the end of the
        // body, so the fetcher has to see from the image itself that its end is missing.
        QTest::newRow("content-length, any bytes") << cl << QByteArray();
        QTest::newRow("content-length, png") << cl << QByteArray("png");
        QTest::newRow("chunked, png") << chunked << QByteArray("png");
        QTest::newRow("chunked, jpeg") << chunked << QByteArray("jpeg");
        QTest::newRow("chunked, webp") << chunked << QByteArray("webp");
        QTest::newRow("until close, png") << close << QByteArray("png");
        QTest::newRow("until close, jpeg") << close << QByteArray("jpeg");
    }

    void droppedConnectionFails()
    {
        QFETCH(int, framing);
        QFETCH(QByteArray, format);
        if (!format.isEmpty() && !QImageWriter::supportedImageFormats().contains(format))
            QSKIP("no image writer for this format");
        const QByteArray body = format.isEmpty() ? filler(20000) : encode(noise(), format.constData());
        QVERIFY(body.size() > 5000);
        Response r = Response::ok(body, "image/" + format);
        r.framing = Response::Framing(framing);
        r.dropAfterBytes = 2000;
        m_server->route(QStringLiteral("/cut"), r);
        const Outcome o = run(m_server->url(QStringLiteral("/cut")));
        QVERIFY2(o.finishedCount == 0, qPrintable(QStringLiteral("finished with %1 bytes").arg(o.bytes.size())));
        QCOMPARE(o.failedCount, 1);
        QVERIFY2(o.message.contains(QLatin1String("interrupted")), qPrintable(o.message));
    }

    void completeBodyWithoutLengthPasses_data()
    {
        QTest::addColumn<int>("framing");
        QTest::addColumn<QByteArray>("format");
        for (const char *format : {"png", "jpeg", "webp"}) {
            QTest::addRow("chunked, %s", format) << int(Response::Framing::Chunked) << QByteArray(format);
            QTest::addRow("until close, %s", format) << int(Response::Framing::UntilClose) << QByteArray(format);
        }
    }

    void completeBodyWithoutLengthPasses()
    {
        QFETCH(int, framing);
        QFETCH(QByteArray, format);
        if (!QImageWriter::supportedImageFormats().contains(format))
            QSKIP("no image writer for this format");
        const QByteArray body = encode(noise(), format.constData());
        QVERIFY(!body.isEmpty());
        Response r = Response::ok({}, "image/" + format);
        r.framing = Response::Framing(framing);
        for (qsizetype at = 0; at < body.size(); at += 7000)
            r.chunks.append({body.mid(at, 7000), at == 0 ? 0 : 5});
        m_server->route(QStringLiteral("/whole"), r);
        const Outcome o = run(m_server->url(QStringLiteral("/whole")));
        QCOMPARE(o.failedCount, 0);
        QCOMPARE(o.finishedCount, 1);
        QCOMPARE(o.bytes, body);
    }

#if QT_CONFIG(ssl)
    void tlsErrorsAreNeverIgnored()
    {
        if (!QSslSocket::supportsSsl())
            QSKIP("no TLS backend");
        FakeHttpServer https;
        https.setTls(testCertificate(), testKey());
        QVERIFY(!testCertificate().isNull());
        QVERIFY(!testKey().isNull());
        https.route(QStringLiteral("/cat.png"), Response::ok(m_png, "image/png"));
        const QUrl url = https.url(QStringLiteral("/cat.png"));
        QCOMPARE(url.scheme(), QStringLiteral("https"));
        const Outcome o = run(url);
        QCOMPARE(o.finishedCount, 0);
        QCOMPARE(o.failedCount, 1);
        QVERIFY2(o.message.contains(QLatin1String("No secure connection")), qPrintable(o.message));
        QVERIFY(https.requests().isEmpty());
    }

    void httpsDownloadsButNeverDowngrades()
    {
        if (!QSslSocket::supportsSsl())
            QSKIP("no TLS backend");
        const QSslConfiguration saved = QSslConfiguration::defaultConfiguration();
        const auto restore = qScopeGuard([&saved] { QSslConfiguration::setDefaultConfiguration(saved); });
        QSslConfiguration trusting = saved;
        trusting.addCaCertificate(testCertificate());
        QSslConfiguration::setDefaultConfiguration(trusting);

        FakeHttpServer https;
        https.setTls(testCertificate(), testKey());
        https.route(QStringLiteral("/cat.png"), Response::ok(m_png, "image/png"));
        https.route(QStringLiteral("/secure-to-plain"), Response::redirect(m_server->url(QStringLiteral("/cat.png")).toEncoded()));
        https.route(QStringLiteral("/secure-to-secure"), Response::redirect("/cat.png"));
        m_server->route(QStringLiteral("/cat.png"), Response::ok(m_png, "image/png"));

        Outcome o = run(https.url(QStringLiteral("/cat.png")));
        QCOMPARE(o.failedCount, 0);
        QCOMPARE(o.finishedCount, 1);
        QCOMPARE(o.bytes, m_png);

        o = run(https.url(QStringLiteral("/secure-to-secure")));
        QCOMPARE(o.finishedCount, 1);
        QCOMPARE(o.bytes, m_png);

        o = run(https.url(QStringLiteral("/secure-to-plain")));
        QCOMPARE(o.finishedCount, 0);
        QCOMPARE(o.failedCount, 1);
        QVERIFY2(o.message.contains(QLatin1String("insecure http")), qPrintable(o.message));
        QVERIFY(m_server->requests().isEmpty());
    }
#endif

    void cancelEmitsFailedOnce()
    {
        Response r = Response::ok(m_png, "image/png");
        r.stallMs = 10000;
        m_server->route(QStringLiteral("/wait.png"), r);
        QSignalSpy requestSpy(m_server.get(), &FakeHttpServer::requestReceived);
        QSignalSpy finishedSpy(m_fetcher.get(), &UrlFetcher::finished);
        QSignalSpy failedSpy(m_fetcher.get(), &UrlFetcher::failed);
        const QUrl url = m_server->url(QStringLiteral("/wait.png"));
        const quint64 id = m_fetcher->fetch(url);
        QVERIFY(id != 0);
        QVERIFY(requestSpy.wait(2000));
        QCOMPARE(m_fetcher->activeJobs(), 1);

        m_fetcher->cancel(id);
        QCOMPARE(failedSpy.count(), 1);
        QCOMPARE(failedSpy.constFirst().at(0).toULongLong(), id);
        QCOMPARE(failedSpy.constFirst().at(1).toUrl(), url);
        QCOMPARE(failedSpy.constFirst().at(2).toString(), QStringLiteral("Cancelled"));
        m_fetcher->cancel(id);     // a second cancel is ignored
        m_fetcher->cancel(id + 1); // so is an unknown id
        QTest::qWait(200);
        QCOMPARE(failedSpy.count(), 1);
        QCOMPARE(finishedSpy.count(), 0);
        QCOMPARE(m_fetcher->activeJobs(), 0);
    }

    void cancelMidBody()
    {
        Response r = Response::ok({}, "image/png");
        r.chunks = {{m_png.left(50), 0}, {m_png.mid(50), 10000}};
        m_server->route(QStringLiteral("/part.png"), r);
        QSignalSpy progressSpy(m_fetcher.get(), &UrlFetcher::progress);
        QSignalSpy finishedSpy(m_fetcher.get(), &UrlFetcher::finished);
        QSignalSpy failedSpy(m_fetcher.get(), &UrlFetcher::failed);
        const quint64 id = m_fetcher->fetch(m_server->url(QStringLiteral("/part.png")));
        QVERIFY(progressSpy.wait(2000));
        m_fetcher->cancel(id);
        QTest::qWait(100);
        QCOMPARE(failedSpy.count(), 1);
        QCOMPARE(failedSpy.constFirst().at(2).toString(), QStringLiteral("Cancelled"));
        QCOMPARE(finishedSpy.count(), 0);
    }

    void progressIsReported_data()
    {
        QTest::addColumn<int>("framing");
        QTest::addColumn<qint64>("total");
        QTest::newRow("known size") << int(Response::Framing::ContentLength) << qint64(4000);
        QTest::newRow("unknown size") << int(Response::Framing::Chunked) << qint64(-1);
    }

    void progressIsReported()
    {
        QFETCH(int, framing);
        QFETCH(qint64, total);
        Response r = Response::ok({}, "application/octet-stream");
        r.framing = Response::Framing(framing);
        for (int i = 0; i < 4; ++i)
            r.chunks.append({filler(1000), 60});
        m_server->route(QStringLiteral("/progress.bin"), r);
        const Outcome o = run(m_server->url(QStringLiteral("/progress.bin")));
        QCOMPARE(o.finishedCount, 1);
        QCOMPARE(o.bytes.size(), 4000);
        QVERIFY2(o.progress.size() >= 2, qPrintable(QString::number(o.progress.size())));
        qint64 previous = 0;
        for (const QList<QVariant> &args : std::as_const(o.progress)) {
            QCOMPARE(args.at(0).toULongLong(), o.id);
            QVERIFY(args.at(1).toLongLong() >= previous);
            previous = args.at(1).toLongLong();
            if (args.at(1).toLongLong() < 4000)
                QCOMPARE(args.at(2).toLongLong(), total);
        }
        QCOMPARE(o.progress.constLast().at(1).toLongLong(), qint64(4000));
    }

    void messagesHideQueryAndUserInfo_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<bool>("userInfo");
        QTest::addColumn<int>("timeoutMs");
        QTest::addColumn<qint64>("maxBytes");
        QTest::newRow("404") << QStringLiteral("/nothing.png") << false << 30000 << qint64(0);
        QTest::newRow("404 user info") << QStringLiteral("/nothing.png") << true << 30000 << qint64(0);
        QTest::newRow("html") << QStringLiteral("/page") << false << 30000 << qint64(0);
        QTest::newRow("too large") << QStringLiteral("/big.png") << false << 30000 << qint64(100);
        QTest::newRow("timeout") << QStringLiteral("/stall.png") << false << 300 << qint64(0);
        QTest::newRow("dropped") << QStringLiteral("/cut.png") << false << 30000 << qint64(0);
        QTest::newRow("redirect to ftp") << QStringLiteral("/to-ftp") << false << 30000 << qint64(0);
        QTest::newRow("redirect loop") << QStringLiteral("/loop") << false << 30000 << qint64(0);
    }

    void messagesHideQueryAndUserInfo()
    {
        QFETCH(QString, path);
        QFETCH(bool, userInfo);
        QFETCH(int, timeoutMs);
        QFETCH(qint64, maxBytes);
        m_server->route(QStringLiteral("/page"), Response::ok("<!DOCTYPE html><p>SECRET</p>", "text/html"));
        m_server->route(QStringLiteral("/big.png"), Response::ok(filler(5000), "image/png"));
        Response stall = Response::ok(m_png, "image/png");
        stall.stallMs = 10000;
        m_server->route(QStringLiteral("/stall.png"), stall);
        Response cut = Response::ok(filler(20000), "image/png");
        cut.dropAfterBytes = 500;
        m_server->route(QStringLiteral("/cut.png"), cut);
        m_server->route(QStringLiteral("/to-ftp"), Response::redirect("ftp://127.0.0.1/x.png?token=SECRET"));
        m_server->route(QStringLiteral("/loop"), Response::redirect("/loop?token=SECRET"));

        QUrl url = m_server->url(path + QStringLiteral("?token=SECRET&user=me#SECRET"));
        if (userInfo)
            url.setUserInfo(QStringLiteral("me:SECRET"));
        UrlFetcher::FetchOptions opts;
        opts.timeoutMs = timeoutMs;
        if (maxBytes > 0)
            opts.maxBytes = maxBytes;
        const Outcome o = run(url, opts);
        QCOMPARE(o.failedCount, 1);
        QVERIFY2(!o.message.contains(QLatin1String("SECRET")), qPrintable(o.message));
        QVERIFY2(!o.message.contains(QLatin1String("token")), qPrintable(o.message));
        QVERIFY2(o.message.contains(QLatin1String("127.0.0.1")), qPrintable(o.message));
        QCOMPARE(o.signalUrl, url); // the caller gets its own URL back, untouched
        // The query did reach the server: hiding it is a matter of the message only.
        QVERIFY(!m_server->requests().isEmpty());
        QCOMPARE(m_server->requests().constFirst().query, QByteArray("token=SECRET&user=me"));
    }

    void rejectedUrlMessageHidesQuery()
    {
        QSignalSpy failedSpy(m_fetcher.get(), &UrlFetcher::failed);
        QCOMPARE(m_fetcher->fetch(QUrl(QStringLiteral("ftp://me:SECRET@127.0.0.1/x.png?token=SECRET"))), quint64(0));
        QVERIFY(failedSpy.wait(2000));
        const QString message = failedSpy.constFirst().at(2).toString();
        QVERIFY2(!message.contains(QLatin1String("SECRET")), qPrintable(message));
        QVERIFY2(message.contains(QLatin1String("ftp://127.0.0.1/x.png")), qPrintable(message));
    }

    void concurrentJobsAreIndependent()
    {
        m_server->route(QStringLiteral("/a.png"), Response::ok(m_png, "image/png"));
        Response slow = Response::ok({}, "image/png");
        slow.chunks = {{QByteArray("GIF89a"), 0}, {filler(100), 150}};
        m_server->route(QStringLiteral("/b.gif"), slow);
        QSignalSpy finishedSpy(m_fetcher.get(), &UrlFetcher::finished);
        const quint64 a = m_fetcher->fetch(m_server->url(QStringLiteral("/a.png")));
        const quint64 b = m_fetcher->fetch(m_server->url(QStringLiteral("/b.gif")));
        QVERIFY(a != 0 && b != 0 && a != b);
        QTRY_COMPARE_WITH_TIMEOUT(finishedSpy.count(), 2, 5000);
        QHash<quint64, QString> names;
        for (const QList<QVariant> &args : std::as_const(finishedSpy))
            names.insert(args.at(0).toULongLong(), args.at(3).toString());
        QCOMPARE(names.value(a), QStringLiteral("a.png"));
        QCOMPARE(names.value(b), QStringLiteral("b.gif"));
    }

    void fakeServerRecordsRequestsAndStreamsEvents()
    {
        // The support server is meant for other clients too (Server-Sent Events for a chat
        // client), so its request recording and streamed answers are checked directly.
        m_server->route(QStringLiteral("/v1/chat"), [](const RecordedRequest &request) {
            return Response::eventStream({{"data: " + request.body + "\n\n", 0}, {"data: [DONE]\n\n", 80}});
        });
        QNetworkRequest request(m_server->url(QStringLiteral("/v1/chat?stream=1")));
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        request.setRawHeader(QByteArrayLiteral("Authorization"), QByteArrayLiteral("Bearer abc"));
        QNetworkReply *reply = m_nam->post(request, QByteArrayLiteral("{\"a\":1}"));
        const auto release = qScopeGuard([reply] { reply->deleteLater(); });
        QList<QByteArray> pieces;
        connect(reply, &QIODevice::readyRead, this, [&pieces, reply] { pieces.append(reply->readAll()); });
        QSignalSpy finishedSpy(reply, &QNetworkReply::finished);
        QVERIFY(finishedSpy.wait(3000));
        QCOMPARE(reply->error(), QNetworkReply::NoError);
        QCOMPARE(reply->rawHeader(QByteArrayLiteral("Content-Type")), QByteArray("text/event-stream"));
        QCOMPARE(reply->rawHeader(QByteArrayLiteral("Transfer-Encoding")), QByteArray("chunked"));
        QVERIFY2(pieces.size() >= 2, "the delay should split the events");
        QCOMPARE(pieces.join(), QByteArray("data: {\"a\":1}\n\ndata: [DONE]\n\n"));

        QCOMPARE(m_server->requests().size(), 1);
        const RecordedRequest recorded = m_server->requests().constFirst();
        QCOMPARE(recorded.method, QByteArray("POST"));
        QCOMPARE(recorded.path, QStringLiteral("/v1/chat"));
        QCOMPARE(recorded.query, QByteArray("stream=1"));
        QCOMPARE(recorded.target, QByteArray("/v1/chat?stream=1"));
        QCOMPARE(recorded.body, QByteArray("{\"a\":1}"));
        QCOMPARE(recorded.header("authorization"), QByteArray("Bearer abc"));
        QCOMPARE(recorded.header("Content-Type"), QByteArray("application/json"));
    }

    void destroyingTheFetcherAbortsQuietly()
    {
        Response r = Response::ok(m_png, "image/png");
        r.stallMs = 10000;
        m_server->route(QStringLiteral("/wait.png"), r);
        QSignalSpy requestSpy(m_server.get(), &FakeHttpServer::requestReceived);
        const quint64 first = m_fetcher->fetch(m_server->url(QStringLiteral("/wait.png")));
        QVERIFY(first != 0);
        QVERIFY(requestSpy.wait(2000));
        int emitted = 0;
        auto fetcher = std::make_unique<UrlFetcher>(m_nam.get());
        connect(fetcher.get(), &UrlFetcher::failed, this, [&emitted] { ++emitted; });
        QVERIFY(fetcher->fetch(m_server->url(QStringLiteral("/wait.png"))) != 0);
        QVERIFY(requestSpy.wait(2000));
        fetcher.reset();
        QTest::qWait(50);
        QCOMPARE(emitted, 0);
        m_fetcher->cancel(first);
    }
};

QTEST_GUILESS_MAIN(TestUrlFetcher)
#include "tst_urlfetcher.moc"
