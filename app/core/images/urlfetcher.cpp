#include "core/images/urlfetcher.h"
#include "core/images/metadata.h"
#include "core/util/format.h"
#include "core/util/httpstatus.h"

#include <QByteArrayView>
#include <QLocale>
#include <QMetaObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QStringList>

#if QT_CONFIG(ssl)
#include <QSslError>
#endif

#include <utility>

namespace squint {

namespace {

bool isRedirectStatus(int status)
{
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

enum class Sniff { Undecided, Html, NotHtml };

/// Whether a body that begins with `data` is an HTML page: `<!DOCTYPE html` or `<html` after
/// optional whitespace (and a UTF-8 byte order mark). Undecided while too little has arrived.
Sniff sniffHtml(QByteArrayView data)
{
    if (data.startsWith(QByteArrayView("\xEF\xBB\xBF")))
        data = data.sliced(3);
    qsizetype i = 0;
    while (i < data.size() && (data[i] == ' ' || data[i] == '\t' || data[i] == '\r' || data[i] == '\n'
                               || data[i] == '\f'))
        ++i;
    if (i == data.size())
        return Sniff::Undecided;
    const QByteArrayView rest = data.sliced(i);
    bool partial = false;
    for (const QByteArrayView marker : {QByteArrayView("<!doctype html"), QByteArrayView("<html")}) {
        const qsizetype n = qMin(rest.size(), marker.size());
        if (qstrnicmp(rest.data(), n, marker.data(), n) == 0) {
            if (n == marker.size())
                return Sniff::Html;
            partial = true;
        }
    }
    return partial ? Sniff::Undecided : Sniff::NotHtml;
}

/// Whether `data`, a body whose length the server did not announce (chunked or ended by closing
/// the connection), is an image cut short. Qt reports such a body as complete when the connection
/// drops in the middle of it (QHttpProtocolHandler takes the close for the end of the data, even
/// for chunked bodies), so the formats that mark their own end are checked here. Unknown formats,
/// and anything not understood, pass.
bool looksTruncated(const QByteArray &data)
{
    // The same structural checks the tray applies to files (core/metadata.h), by signature.
    QByteArrayView format;
    if (data.startsWith("\x89PNG\r\n\x1a\n"))
        format = "png";
    else if (data.startsWith("GIF87a") || data.startsWith("GIF89a"))
        format = "gif";
    else if (data.startsWith("RIFF") && data.size() >= 12 && data.mid(8, 4) == "WEBP")
        format = "webp";
    else if (data.startsWith("\xFF\xD8\xFF"))
        format = "jpeg";
    return !format.isEmpty() && !looksComplete(data, format);
}

bool isHtmlContentType(const QByteArray &contentType)
{
    const QByteArray mime = contentType.split(';').constFirst().trimmed().toLower();
    return mime == "text/html" || mime == "application/xhtml+xml";
}

/// Keeps the last path component, drops control characters and refuses "." and "..".
QString cleanFileName(const QString &name)
{
    QString base = name;
    const qsizetype slash = qMax(base.lastIndexOf(QLatin1Char('/')), base.lastIndexOf(QLatin1Char('\\')));
    if (slash >= 0)
        base = base.mid(slash + 1);
    QString out;
    out.reserve(base.size());
    for (const QChar c : std::as_const(base)) {
        if (c.category() == QChar::Other_Control || c.category() == QChar::Other_Format)
            continue;
        out.append(c);
    }
    out = out.trimmed();
    if (out == QLatin1String(".") || out == QLatin1String(".."))
        return {};
    return out;
}

/// Splits a header value into `name=value` parameters, honouring quoted strings.
QList<std::pair<QByteArray, QByteArray>> headerParameters(const QByteArray &value)
{
    QList<std::pair<QByteArray, QByteArray>> params;
    qsizetype i = 0;
    const qsizetype n = value.size();
    while (i < n) {
        // name (or the disposition type, which has no '=')
        const qsizetype nameStart = i;
        while (i < n && value[i] != '=' && value[i] != ';')
            ++i;
        const QByteArray name = value.mid(nameStart, i - nameStart).trimmed().toLower();
        QByteArray val;
        if (i < n && value[i] == '=') {
            ++i;
            while (i < n && (value[i] == ' ' || value[i] == '\t'))
                ++i;
            if (i < n && value[i] == '"') {
                ++i;
                while (i < n && value[i] != '"') {
                    if (value[i] == '\\' && i + 1 < n)
                        ++i;
                    val.append(value[i]);
                    ++i;
                }
                while (i < n && value[i] != ';')
                    ++i;
            } else {
                const qsizetype valStart = i;
                while (i < n && value[i] != ';')
                    ++i;
                val = value.mid(valStart, i - valStart).trimmed();
            }
        }
        if (i < n && value[i] == ';')
            ++i;
        if (!name.isEmpty())
            params.append({name, val});
    }
    return params;
}

/// RFC 5987 ext-value: charset'language'percent-encoded.
QString decodeExtValue(const QByteArray &value)
{
    const qsizetype first = value.indexOf('\'');
    const qsizetype second = first < 0 ? -1 : value.indexOf('\'', first + 1);
    if (second < 0)
        return {};
    const QByteArray charset = value.left(first).trimmed().toLower();
    const QByteArray bytes = QByteArray::fromPercentEncoding(value.mid(second + 1));
    if (charset == "utf-8")
        return QString::fromUtf8(bytes);
    if (charset == "iso-8859-1")
        return QString::fromLatin1(bytes);
    return {};
}

QString fileNameFromDisposition(const QByteArray &contentDisposition)
{
    QString plain;
    QString extended;
    for (const auto &[name, value] : headerParameters(contentDisposition)) {
        if (name == "filename*" && extended.isEmpty())
            extended = cleanFileName(decodeExtValue(value));
        else if (name == "filename" && plain.isEmpty())
            plain = cleanFileName(QString::fromUtf8(value));
    }
    return extended.isEmpty() ? plain : extended;
}

} // namespace

UrlFetcher::UrlFetcher(QNetworkAccessManager *nam, QObject *parent)
    : QObject(parent)
    , m_nam(nam)
{
    Q_ASSERT(m_nam);
}

UrlFetcher::~UrlFetcher()
{
    const auto jobs = std::exchange(m_jobs, {});
    for (const Job &job : jobs) {
        if (job.reply)
            releaseReply(job.reply);
    }
}

QString UrlFetcher::displayUrl(const QUrl &url)
{
    return url.toDisplayString(QUrl::RemoveQuery | QUrl::RemoveUserInfo | QUrl::RemoveFragment);
}

QString UrlFetcher::suggestedFileName(const QByteArray &contentDisposition, const QUrl &url)
{
    if (!contentDisposition.isEmpty()) {
        const QString name = fileNameFromDisposition(contentDisposition);
        if (!name.isEmpty())
            return name;
    }
    const QString last = cleanFileName(url.fileName(QUrl::FullyDecoded));
    if (!last.isEmpty())
        return last;
    return QStringLiteral("download");
}

bool isWebUrl(const QUrl &url)
{
    const QString scheme = url.scheme();
    return scheme.compare(QLatin1String("http"), Qt::CaseInsensitive) == 0
           || scheme.compare(QLatin1String("https"), Qt::CaseInsensitive) == 0;
}

quint64 UrlFetcher::fetch(const QUrl &url, const FetchOptions &opts)
{
    QString problem;
    if (url.isEmpty())
        problem = tr("No web address was given.");
    else if (!url.isValid() || url.isRelative())
        problem = tr("\"%1\" is not a valid web address.").arg(displayUrl(url));
    else if (!isWebUrl(url))
        problem = tr("%1 cannot be downloaded: only http and https links are supported.").arg(displayUrl(url));
    else if (url.host().isEmpty())
        problem = tr("\"%1\" is not a valid web address.").arg(displayUrl(url));

    if (!problem.isEmpty()) {
        QMetaObject::invokeMethod(
            this, [this, url, problem] { Q_EMIT failed(0, url, problem); }, Qt::QueuedConnection);
        return 0;
    }

    const FetchOptions defaults;
    Job job;
    job.url = url;
    job.currentUrl = url;
    job.opts = opts;
    if (job.opts.maxBytes <= 0)
        job.opts.maxBytes = defaults.maxBytes;
    if (job.opts.timeoutMs <= 0)
        job.opts.timeoutMs = defaults.timeoutMs;
    if (job.opts.maxRedirects < 0)
        job.opts.maxRedirects = 0;

    const quint64 id = m_nextId++;
    m_jobs.insert(id, std::move(job));
    start(id);
    return id;
}

void UrlFetcher::cancel(quint64 id)
{
    if (m_jobs.contains(id))
        fail(id, tr("Cancelled"));
}

void UrlFetcher::start(quint64 id)
{
    Job &job = m_jobs[id];
    job.data.clear();
    job.expectedBytes = -1;
    job.headersChecked = false;
    job.sniffed = false;
    job.reportedBytes = -1;
    job.progressClock.invalidate();
    job.sslProblems.clear();

    QNetworkRequest request(job.currentUrl);
    // Redirects are checked here, one hop at a time: scheme, downgrade and count.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    request.setTransferTimeout(job.opts.timeoutMs);
    request.setRawHeader(QByteArrayLiteral("Accept"),
                         QByteArrayLiteral("image/avif,image/webp,image/png,image/*;q=0.9,*/*;q=0.5"));
    QByteArray agent = QByteArrayLiteral("Squint");
#ifdef SQUINT_VERSION
    agent += QByteArrayLiteral("/" SQUINT_VERSION);
#endif
    request.setHeader(QNetworkRequest::UserAgentHeader, agent);

    QNetworkReply *reply = m_nam->get(request);
    job.reply = reply;

    connect(reply, &QNetworkReply::metaDataChanged, this, [this, id, reply] { onMetaData(id, reply); });
    connect(reply, &QIODevice::readyRead, this, [this, id, reply] { onReadyRead(id, reply); });
#if QT_CONFIG(ssl)
    // Recorded for the message only: TLS errors are never ignored, so the reply then fails.
    connect(reply, &QNetworkReply::sslErrors, this, [this, id, reply](const QList<QSslError> &errors) {
        const auto it = m_jobs.find(id);
        if (it == m_jobs.end() || it->reply != reply)
            return;
        QStringList texts;
        for (const QSslError &error : errors)
            texts.append(error.errorString());
        it->sslProblems = texts.join(QLatin1String("; "));
    });
#endif
    connect(reply, &QNetworkReply::finished, this, [this, id, reply] { onFinished(id, reply); });
    // The manager owns its replies; if it goes away first the job must still end.
    connect(reply, &QObject::destroyed, this, [this, id, reply] {
        const auto it = m_jobs.find(id);
        if (it == m_jobs.end() || it->reply != reply)
            return;
        it->reply = nullptr;
        fail(id, tr("The download of %1 was stopped.").arg(displayUrl(it->url)));
    });
}

void UrlFetcher::onMetaData(quint64 id, QNetworkReply *reply)
{
    const auto it = m_jobs.find(id);
    if (it == m_jobs.end() || it->reply != reply || it->headersChecked)
        return;
    const QVariant statusAttribute = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    if (!statusAttribute.isValid())
        return; // no answer yet
    it->headersChecked = true;
    const int status = statusAttribute.toInt();
    if (isRedirectStatus(status) && handleRedirect(id, reply))
        return;
    const QString problem = checkHeaders(*it, reply, status);
    if (!problem.isEmpty())
        fail(id, problem);
}

bool UrlFetcher::handleRedirect(quint64 id, QNetworkReply *reply)
{
    Job &job = m_jobs[id];
    const QByteArray location = reply->rawHeader(QByteArrayLiteral("Location")).trimmed();
    if (location.isEmpty())
        return false;

    const QString where = displayUrl(job.url);
    const QUrl target = job.currentUrl.resolved(QUrl::fromEncoded(location));
    if (!target.isValid() || target.scheme().isEmpty()) {
        fail(id, tr("%1 redirects to an invalid address.").arg(where));
        return true;
    }
    if (!isWebUrl(target)) {
        fail(id, tr("%1 redirects to a \"%2:\" address, which Squint does not follow: only http and "
                    "https links are supported.")
                     .arg(where, target.scheme().toLower().left(20)));
        return true;
    }
    if (target.host().isEmpty()) {
        fail(id, tr("%1 redirects to an invalid address.").arg(where));
        return true;
    }
    if (job.currentUrl.scheme().compare(QLatin1String("https"), Qt::CaseInsensitive) == 0
        && target.scheme().compare(QLatin1String("http"), Qt::CaseInsensitive) == 0) {
        fail(id, tr("%1 redirects from a secure https address to an insecure http one, which Squint "
                    "does not follow.")
                     .arg(where));
        return true;
    }
    if (job.redirects >= job.opts.maxRedirects) {
        fail(id, tr("%1 redirects too many times (more than %2); Squint gave up.")
                     .arg(where, QLocale().toString(job.opts.maxRedirects)));
        return true;
    }

    ++job.redirects;
    job.currentUrl = target;
    job.reply = nullptr;
    releaseReply(reply);
    start(id);
    return true;
}

QString UrlFetcher::statusMessage(const Job &job, QNetworkReply *reply, int status)
{
    // The reason phrase comes from the server: keep it short, and drop it if it echoes the query.
    QString reason = QString::fromLatin1(reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toByteArray())
                         .simplified()
                         .left(80);
    const QString query = job.currentUrl.query(QUrl::FullyDecoded);
    if (reason.isEmpty() || (!query.isEmpty() && reason.contains(query)))
        reason = httpReasonPhrase(status); // HTTP/2 has no reason phrases
    const QString answer = reason.isEmpty() ? QString::number(status)
                                            : QString::number(status) + QLatin1Char(' ') + reason;
    return tr("The server answered %1 for %2.").arg(answer, displayUrl(job.url));
}

QString UrlFetcher::checkHeaders(Job &job, QNetworkReply *reply, int status)
{
    const QString where = displayUrl(job.url);
    if (status >= 300)
        return statusMessage(job, reply, status);

    if (isHtmlContentType(reply->rawHeader(QByteArrayLiteral("Content-Type"))))
        return tr("The link %1 points to a web page, not an image.").arg(where);

    const QVariant length = reply->header(QNetworkRequest::ContentLengthHeader);
    if (length.isValid()) {
        const qint64 bytes = length.toLongLong();
        if (bytes > job.opts.maxBytes) {
            return tr("%1 is %2, larger than the %3 download limit.")
                .arg(where, formatByteLimit(bytes), formatByteLimit(job.opts.maxBytes));
        }
        const QByteArray encoding = reply->rawHeader(QByteArrayLiteral("Content-Encoding")).trimmed().toLower();
        if (bytes >= 0 && (encoding.isEmpty() || encoding == "identity"))
            job.expectedBytes = bytes;
    }
    return {};
}

void UrlFetcher::onReadyRead(quint64 id, QNetworkReply *reply)
{
    auto it = m_jobs.find(id);
    if (it == m_jobs.end() || it->reply != reply)
        return;
    if (!it->headersChecked) {
        onMetaData(id, reply);
        it = m_jobs.find(id);
        if (it == m_jobs.end() || it->reply != reply)
            return;
    }
    Job &job = *it;
    job.data += reply->readAll();
    if (job.data.size() > job.opts.maxBytes) {
        fail(id,
             tr("%1 is larger than the %2 download limit.")
                 .arg(displayUrl(job.url), formatByteLimit(job.opts.maxBytes)));
        return;
    }
    if (!job.sniffed) {
        const Sniff sniff = sniffHtml(job.data);
        if (sniff == Sniff::Html) {
            fail(id, tr("The link %1 points to a web page, not an image.").arg(displayUrl(job.url)));
            return;
        }
        job.sniffed = sniff == Sniff::NotHtml;
    }
    // Qt chokes downloadProgress for the first 150 ms; this reports the first bytes at once.
    if (!job.progressClock.isValid() || job.progressClock.elapsed() >= ProgressIntervalMs)
        reportProgress(id, job);
}

void UrlFetcher::reportProgress(quint64 id, Job &job)
{
    job.progressClock.start();
    job.reportedBytes = job.data.size();
    Q_EMIT progress(id, job.reportedBytes, job.expectedBytes);
}

void UrlFetcher::onFinished(quint64 id, QNetworkReply *reply)
{
    auto it = m_jobs.find(id);
    if (it == m_jobs.end() || it->reply != reply)
        return;

    if (reply->error() != QNetworkReply::NoError) {
        fail(id, errorMessage(*it, reply));
        return;
    }

    // Takes in whatever is left and runs the header and size checks once more.
    onReadyRead(id, reply);
    it = m_jobs.find(id);
    if (it == m_jobs.end() || it->reply != reply)
        return;
    Job &job = *it;
    const QString where = displayUrl(job.url);

    if (!job.headersChecked) {
        fail(id, tr("The server sent no valid answer for %1.").arg(where));
        return;
    }
    if (sniffHtml(job.data) == Sniff::Html) {
        fail(id, tr("The link %1 points to a web page, not an image.").arg(where));
        return;
    }
    if (job.expectedBytes >= 0 ? job.data.size() != job.expectedBytes : looksTruncated(job.data)) {
        fail(id, tr("The connection was interrupted before %1 was downloaded completely.").arg(where));
        return;
    }
    if (job.data.isEmpty()) {
        fail(id, tr("The server sent no data for %1.").arg(where));
        return;
    }
    const QString name = suggestedFileName(reply->rawHeader(QByteArrayLiteral("Content-Disposition")), job.currentUrl);
    if (job.reportedBytes != job.data.size()) {
        reportProgress(id, job);
        // A slot connected to progress() may have cancelled the job or started others.
        it = m_jobs.find(id);
        if (it == m_jobs.end() || it->reply != reply)
            return;
    }
    succeed(id, name);
}

QString UrlFetcher::errorMessage(const Job &job, QNetworkReply *reply)
{
    const QString where = displayUrl(job.url);
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status >= 300)
        return statusMessage(job, reply, status);

    // Qt's own error texts can quote the whole URL, query included: keep them only when they do not.
    QString detail = reply->errorString();
    for (const QUrl &url : {job.url, job.currentUrl}) {
        for (const QString &form : {url.toString(), url.toString(QUrl::FullyEncoded), url.toDisplayString()})
            detail.replace(form, displayUrl(url));
    }
    for (const QUrl &url : {job.url, job.currentUrl}) {
        for (const QString &part : {url.query(QUrl::FullyEncoded), url.query(QUrl::FullyDecoded),
                                    url.userInfo(QUrl::FullyEncoded), url.userInfo(),
                                    url.password(QUrl::FullyDecoded), url.fragment(QUrl::FullyDecoded)}) {
            if (!part.isEmpty() && detail.contains(part))
                detail.clear();
        }
    }

    switch (reply->error()) {
    case QNetworkReply::OperationCanceledError: // what the transfer timeout reports
    case QNetworkReply::TimeoutError:
        return tr("The download of %1 timed out after %2.")
            .arg(where, formatDuration(job.opts.timeoutMs / 1000.0));
    case QNetworkReply::ConnectionRefusedError:
        return tr("The server refused the connection for %1.").arg(where);
    case QNetworkReply::HostNotFoundError:
        return tr("The server %1 could not be found.").arg(job.currentUrl.host());
    case QNetworkReply::RemoteHostClosedError:
        return tr("The connection was interrupted before %1 was downloaded completely.").arg(where);
    case QNetworkReply::SslHandshakeFailedError:
        return tr("No secure connection could be established for %1: %2")
            .arg(where, job.sslProblems.isEmpty() ? detail : job.sslProblems);
    case QNetworkReply::TemporaryNetworkFailureError:
    case QNetworkReply::NetworkSessionFailedError:
        return tr("The network is not available, so %1 could not be downloaded.").arg(where);
    case QNetworkReply::ProxyConnectionRefusedError:
    case QNetworkReply::ProxyConnectionClosedError:
    case QNetworkReply::ProxyNotFoundError:
    case QNetworkReply::ProxyTimeoutError:
    case QNetworkReply::ProxyAuthenticationRequiredError:
        return tr("The proxy failed while downloading %1: %2").arg(where, detail);
    default:
        break;
    }
    if (detail.isEmpty())
        return tr("%1 could not be downloaded.").arg(where);
    return tr("%1 could not be downloaded: %2").arg(where, detail);
}

void UrlFetcher::succeed(quint64 id, const QString &suggestedName)
{
    const Job job = take(id);
    Q_EMIT finished(id, job.url, job.data, suggestedName);
}

void UrlFetcher::fail(quint64 id, const QString &message)
{
    const Job job = take(id);
    Q_EMIT failed(id, job.url, message);
}

UrlFetcher::Job UrlFetcher::take(quint64 id)
{
    Job job = m_jobs.take(id);
    if (job.reply)
        releaseReply(std::exchange(job.reply, nullptr));
    return job;
}

void UrlFetcher::releaseReply(QNetworkReply *reply)
{
    disconnect(reply, nullptr, this, nullptr);
    // An HTTP error answer already has its error queued from the network thread; aborting it too
    // only makes Qt warn. Deleting the reply stops the transfer all the same.
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (reply->isRunning() && status < 400)
        reply->abort();
    reply->deleteLater();
}

} // namespace squint
