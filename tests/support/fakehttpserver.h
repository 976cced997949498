#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QHash>
#include <QList>
#include <QObject>
#include <QString>
#include <QUrl>
#include <QtNetwork/qtnetworkglobal.h>

#if QT_CONFIG(ssl)
#include <QSslCertificate>
#include <QSslKey>
#endif

#include <functional>
#include <utility>


namespace squint::test {

using HeaderList = QList<std::pair<QByteArray, QByteArray>>;

/// One HTTP request as the server read it.
struct RecordedRequest
{
    QByteArray method;  ///< GET, POST...
    QByteArray target;  ///< the request target as sent: encoded path plus query
    QString path;       ///< the decoded path without the query; what routes match
    QByteArray query;   ///< the encoded query without '?', empty if none
    HeaderList headers; ///< in the order received, names as sent
    QByteArray body;    ///< read by Content-Length

    /// The first header called `name` (case-insensitive), or an empty array.
    QByteArray header(QByteArrayView name) const;
};

/// A piece of a response body, written after waiting `delayMs` milliseconds.
struct Chunk
{
    QByteArray data;
    int delayMs = 0;
};

/// A scripted answer. The server adds the framing header (Content-Length, Transfer-Encoding:
/// chunked or Connection: close) unless `headers` already holds one, so a test can also lie.
struct Response
{
    enum class Framing {
        ContentLength, ///< Content-Length is the size of the whole body
        Chunked,       ///< Transfer-Encoding: chunked, one HTTP chunk per Chunk (Server-Sent Events)
        UntilClose,    ///< no length: the body ends when the server closes the connection
    };

    int status = 200;
    QByteArray reason; ///< empty: the standard phrase for `status`
    HeaderList headers;
    QByteArray body;     ///< the body when `chunks` is empty
    QList<Chunk> chunks; ///< the body in pieces, with delays; replaces `body` when not empty
    Framing framing = Framing::ContentLength;

    // Faults
    int stallMs = 0;            ///< read the request, then send nothing for this long before answering
    qint64 dropAfterBytes = -1; ///< close the connection once this many response bytes (head included) are out

    Response &withHeader(const QByteArray &name, const QByteArray &value);
    /// The whole body, `body` or the concatenated chunks.
    QByteArray fullBody() const;

    static Response ok(const QByteArray &body, const QByteArray &contentType);
    static Response error(int status, const QByteArray &reason = {});
    static Response redirect(const QByteArray &location, int status = 302);
    /// 200 text/event-stream sent chunked, one chunk per event, e.g. {"data: {...}\n\n", 50}.
    static Response eventStream(const QList<Chunk> &events);
};

/// A tiny scripted HTTP/1.1 server on 127.0.0.1 and a free port, for tests. Requests are read in
/// full (request line, headers, Content-Length body), recorded and answered from the route of
/// their path; unknown paths get 404. Connections are kept alive unless the response or the
/// client says otherwise. Plain http unless setTls() was called.
class FakeHttpServer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FakeHttpServer)

public:
    using Handler = std::function<Response(const RecordedRequest &)>;

    explicit FakeHttpServer(QObject *parent = nullptr);
    ~FakeHttpServer() override;

    bool isListening() const;
    quint16 port() const;
    /// http://127.0.0.1:port + `path`; `path` starts with '/' and may carry a query.
    QUrl url(const QString &path) const;

#if QT_CONFIG(ssl)
    /// Serves https with this certificate and key from now on (no ALPN, so clients speak HTTP/1.1).
    void setTls(const QSslCertificate &certificate, const QSslKey &key);
#endif

    /// Answers requests for `path` (decoded, without query) with `response`; replaces any route.
    void route(const QString &path, const Response &response);
    /// Answers requests for `path` with whatever `handler` returns for each request.
    void route(const QString &path, Handler handler);

    /// Answers requests whose path has no route (REST APIs with ids in their paths); unset: 404.
    void setFallback(Handler handler)
    {
        m_fallback = std::move(handler);
    }
    /// Whether requests are kept for requests() (default true); off for long runs (benchmarks).
    void setRecordRequests(bool record)
    {
        m_record = record;
    }

    QList<RecordedRequest> requests() const { return m_requests; }
    void clearRequests() { m_requests.clear(); }

Q_SIGNALS:
    /// Emitted once a request has been read and recorded, before it is answered.
    void requestReceived(const QString &path);

private:
    class Connection;
    class Listener;
    friend class Connection;

    void onNewConnection();
    Response answer(const RecordedRequest &request);

    Listener *m_tcp;
    bool m_tls = false;
    QHash<QString, Handler> m_routes;
    Handler m_fallback;
    bool m_record = true;
    QList<RecordedRequest> m_requests;
};

} // namespace squint::test
