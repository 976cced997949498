#include "fakehttpserver.h"

#include <QHostAddress>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

#if QT_CONFIG(ssl)
#include <QSslConfiguration>
#include <QSslSocket>
#endif

#include <optional>

namespace squint::test {

namespace {

constexpr qsizetype MaxHeadBytes = 64 * 1024;

QByteArray standardReason(int status)
{
    switch (status) {
    case 200: return QByteArrayLiteral("OK");
    case 201: return QByteArrayLiteral("Created");
    case 204: return QByteArrayLiteral("No Content");
    case 206: return QByteArrayLiteral("Partial Content");
    case 301: return QByteArrayLiteral("Moved Permanently");
    case 302: return QByteArrayLiteral("Found");
    case 303: return QByteArrayLiteral("See Other");
    case 304: return QByteArrayLiteral("Not Modified");
    case 307: return QByteArrayLiteral("Temporary Redirect");
    case 308: return QByteArrayLiteral("Permanent Redirect");
    case 400: return QByteArrayLiteral("Bad Request");
    case 401: return QByteArrayLiteral("Unauthorized");
    case 403: return QByteArrayLiteral("Forbidden");
    case 404: return QByteArrayLiteral("Not Found");
    case 405: return QByteArrayLiteral("Method Not Allowed");
    case 413: return QByteArrayLiteral("Content Too Large");
    case 429: return QByteArrayLiteral("Too Many Requests");
    case 500: return QByteArrayLiteral("Internal Server Error");
    case 501: return QByteArrayLiteral("Not Implemented");
    case 502: return QByteArrayLiteral("Bad Gateway");
    case 503: return QByteArrayLiteral("Service Unavailable");
    case 504: return QByteArrayLiteral("Gateway Timeout");
    default: return QByteArrayLiteral("Unknown");
    }
}

QByteArray findHeader(const HeaderList &headers, QByteArrayView name)
{
    for (const auto &[key, value] : headers) {
        if (name.compare(key, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

bool hasHeader(const HeaderList &headers, QByteArrayView name)
{
    for (const auto &header : headers) {
        if (name.compare(header.first, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

} // namespace

QByteArray RecordedRequest::header(QByteArrayView name) const
{
    return findHeader(headers, name);
}

Response &Response::withHeader(const QByteArray &name, const QByteArray &value)
{
    headers.append({name, value});
    return *this;
}

QByteArray Response::fullBody() const
{
    if (chunks.isEmpty())
        return body;
    QByteArray all;
    for (const Chunk &chunk : chunks)
        all += chunk.data;
    return all;
}

Response Response::ok(const QByteArray &body, const QByteArray &contentType)
{
    Response r;
    r.body = body;
    r.headers.append({QByteArrayLiteral("Content-Type"), contentType});
    return r;
}

Response Response::error(int status, const QByteArray &reason)
{
    Response r;
    r.status = status;
    r.reason = reason;
    r.body = QByteArray::number(status) + ' ' + (reason.isEmpty() ? standardReason(status) : reason) + '\n';
    r.headers.append({QByteArrayLiteral("Content-Type"), QByteArrayLiteral("text/plain")});
    return r;
}

Response Response::redirect(const QByteArray &location, int status)
{
    Response r;
    r.status = status;
    r.headers.append({QByteArrayLiteral("Location"), location});
    return r;
}

Response Response::eventStream(const QList<Chunk> &events)
{
    Response r;
    r.chunks = events;
    r.framing = Framing::Chunked;
    r.headers.append({QByteArrayLiteral("Content-Type"), QByteArrayLiteral("text/event-stream")});
    r.headers.append({QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("no-cache")});
    return r;
}

/// One accepted socket: parses requests one after the other and plays their responses.
class FakeHttpServer::Connection final : public QObject
{
public:
    Connection(FakeHttpServer *server, QTcpSocket *socket)
        : QObject(server)
        , m_server(server)
        , m_socket(socket)
    {
        m_socket->setParent(this);
        connect(m_socket, &QTcpSocket::readyRead, this, [this] {
            m_input += m_socket->readAll();
            processInput();
        });
        connect(m_socket, &QTcpSocket::disconnected, this, [this] {
            m_closing = true;
            m_steps.clear();
            deleteLater();
        });
    }

private:
    struct Step
    {
        int delayMs = 0;
        QByteArray bytes;
    };

    enum class Parse { Incomplete, Done, Malformed, Unsupported };

    Parse parseRequest(RecordedRequest &request)
    {
        const qsizetype headEnd = m_input.indexOf("\r\n\r\n");
        if (headEnd < 0)
            return m_input.size() > MaxHeadBytes ? Parse::Malformed : Parse::Incomplete;
        const QList<QByteArray> lines = m_input.left(headEnd).split('\n');
        const QList<QByteArray> requestLine = lines.constFirst().trimmed().split(' ');
        if (requestLine.size() != 3 || !requestLine.at(2).startsWith("HTTP/1."))
            return Parse::Malformed;
        request.method = requestLine.at(0);
        request.target = requestLine.at(1);
        const qsizetype question = request.target.indexOf('?');
        const QByteArray encodedPath = question < 0 ? request.target : request.target.left(question);
        request.query = question < 0 ? QByteArray() : request.target.mid(question + 1);
        request.path = QUrl::fromPercentEncoding(encodedPath);
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const QByteArray line = lines.at(i).trimmed();
            const qsizetype colon = line.indexOf(':');
            if (colon <= 0)
                return Parse::Malformed;
            request.headers.append({line.left(colon).trimmed(), line.mid(colon + 1).trimmed()});
        }
        if (!request.header("Transfer-Encoding").isEmpty())
            return Parse::Unsupported;
        qint64 length = 0;
        const QByteArray lengthHeader = request.header("Content-Length");
        if (!lengthHeader.isEmpty()) {
            bool ok = false;
            length = lengthHeader.toLongLong(&ok);
            if (!ok || length < 0)
                return Parse::Malformed;
        }
        const qsizetype total = headEnd + 4 + length;
        if (m_input.size() < total)
            return Parse::Incomplete;
        request.body = m_input.mid(headEnd + 4, length);
        m_input.remove(0, total);
        return Parse::Done;
    }

    void processInput()
    {
        while (!m_busy && !m_closing) {
            RecordedRequest request;
            const Parse parse = parseRequest(request);
            if (parse == Parse::Incomplete)
                return;
            if (parse != Parse::Done) {
                Response r = Response::error(parse == Parse::Malformed ? 400 : 501);
                r.framing = Response::Framing::UntilClose;
                play(r, QByteArrayLiteral("GET"), true);
                return;
            }
            if (m_server->m_record)
                m_server->m_requests.append(request);
            Q_EMIT m_server->requestReceived(request.path);
            const bool clientCloses = request.header("Connection").compare("close", Qt::CaseInsensitive) == 0;
            play(m_server->answer(request), request.method, clientCloses);
        }
    }

    void play(const Response &r, const QByteArray &method, bool clientCloses)
    {
        HeaderList headers = r.headers;
        const QByteArray body = r.fullBody();
        switch (r.framing) {
        case Response::Framing::ContentLength:
            if (!hasHeader(headers, "Content-Length"))
                headers.append({QByteArrayLiteral("Content-Length"), QByteArray::number(body.size())});
            break;
        case Response::Framing::Chunked:
            if (!hasHeader(headers, "Transfer-Encoding"))
                headers.append({QByteArrayLiteral("Transfer-Encoding"), QByteArrayLiteral("chunked")});
            break;
        case Response::Framing::UntilClose:
            if (!hasHeader(headers, "Connection"))
                headers.append({QByteArrayLiteral("Connection"), QByteArrayLiteral("close")});
            break;
        }

        QByteArray head = "HTTP/1.1 " + QByteArray::number(r.status) + ' '
            + (r.reason.isEmpty() ? standardReason(r.status) : r.reason) + "\r\n";
        for (const auto &[name, value] : std::as_const(headers))
            head += name + ": " + value + "\r\n";
        head += "\r\n";

        m_steps.clear();
        m_steps.append({r.stallMs, head});
        if (method != "HEAD") {
            const QList<Chunk> pieces = r.chunks.isEmpty() ? QList<Chunk>{Chunk{r.body, 0}} : r.chunks;
            for (const Chunk &piece : pieces) {
                if (r.framing == Response::Framing::Chunked && !piece.data.isEmpty())
                    m_steps.append({piece.delayMs, QByteArray::number(piece.data.size(), 16) + "\r\n" + piece.data + "\r\n"});
                else
                    m_steps.append({piece.delayMs, piece.data});
            }
            if (r.framing == Response::Framing::Chunked)
                m_steps.append({0, QByteArrayLiteral("0\r\n\r\n")});
        }
        m_budget = r.dropAfterBytes;
        m_closeAfter = clientCloses || r.framing == Response::Framing::UntilClose;
        m_busy = true;
        runSteps();
    }

    void runSteps()
    {
        while (!m_steps.isEmpty() && !m_closing) {
            Step &step = m_steps.first();
            if (step.delayMs > 0) {
                const int delay = std::exchange(step.delayMs, 0);
                QTimer::singleShot(delay, this, [this] { runSteps(); });
                return;
            }
            const QByteArray bytes = m_steps.takeFirst().bytes;
            if (m_budget >= 0 && bytes.size() >= m_budget) {
                m_socket->write(bytes.left(m_budget));
                close();
                return;
            }
            if (m_budget >= 0)
                m_budget -= bytes.size();
            m_socket->write(bytes);
        }
        if (m_closing)
            return;
        m_busy = false;
        if (m_closeAfter) {
            close();
            return;
        }
        processInput();
    }

    void close()
    {
        m_closing = true;
        m_steps.clear();
        m_socket->disconnectFromHost();
    }

    FakeHttpServer *m_server;
    QTcpSocket *m_socket;
    QByteArray m_input;
    QList<Step> m_steps;
    qint64 m_budget = -1;
    bool m_busy = false;
    bool m_closing = false;
    bool m_closeAfter = false;
};

/// Hands out plain sockets, or server-side TLS sockets once a certificate is set.
class FakeHttpServer::Listener final : public QTcpServer
{
public:
    using QTcpServer::QTcpServer;

#if QT_CONFIG(ssl)
    std::optional<QSslConfiguration> tls;
#endif

protected:
    void incomingConnection(qintptr handle) override
    {
#if QT_CONFIG(ssl)
        if (tls) {
            auto *socket = new QSslSocket(this);
            if (!socket->setSocketDescriptor(handle)) {
                delete socket;
                return;
            }
            socket->setSslConfiguration(*tls);
            socket->startServerEncryption();
            addPendingConnection(socket);
            return;
        }
#endif
        QTcpServer::incomingConnection(handle);
    }
};

FakeHttpServer::FakeHttpServer(QObject *parent)
    : QObject(parent)
    , m_tcp(new Listener(this))
{
    connect(m_tcp, &QTcpServer::newConnection, this, &FakeHttpServer::onNewConnection);
    m_tcp->listen(QHostAddress::LocalHost, 0);
}

FakeHttpServer::~FakeHttpServer() = default;

bool FakeHttpServer::isListening() const
{
    return m_tcp->isListening();
}

quint16 FakeHttpServer::port() const
{
    return m_tcp->serverPort();
}

QUrl FakeHttpServer::url(const QString &path) const
{
    const QString scheme = m_tls ? QStringLiteral("https") : QStringLiteral("http");
    return QUrl(scheme + QStringLiteral("://127.0.0.1:") + QString::number(port()) + path);
}

#if QT_CONFIG(ssl)
void FakeHttpServer::setTls(const QSslCertificate &certificate, const QSslKey &key)
{
    QSslConfiguration config = QSslConfiguration::defaultConfiguration();
    config.setLocalCertificate(certificate);
    config.setPrivateKey(key);
    config.setPeerVerifyMode(QSslSocket::VerifyNone);
    m_tcp->tls = config;
    m_tls = true;
}
#endif

void FakeHttpServer::route(const QString &path, const Response &response)
{
    m_routes.insert(path, [response](const RecordedRequest &) { return response; });
}

void FakeHttpServer::route(const QString &path, Handler handler)
{
    m_routes.insert(path, std::move(handler));
}

void FakeHttpServer::onNewConnection()
{
    while (QTcpSocket *socket = m_tcp->nextPendingConnection())
        new Connection(this, socket);
}

Response FakeHttpServer::answer(const RecordedRequest &request)
{
    const auto it = m_routes.constFind(request.path);
    if (it == m_routes.constEnd())
        return m_fallback ? m_fallback(request) : Response::error(404);
    return (*it)(request);
}

} // namespace squint::test
