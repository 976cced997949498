#pragma once

#include <QByteArray>
#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QString>
#include <QUrl>

class QNetworkAccessManager;
class QNetworkReply;

namespace squint {

/// Whether `url` is a link UrlFetcher downloads: http or https (it still refuses one without a host).
bool isWebUrl(const QUrl &url);

/// Limits for one UrlFetcher job, also spelled UrlFetcher::FetchOptions. (It lives outside the class
/// so that `= {}` can be a default argument of UrlFetcher::fetch().)
struct UrlFetchOptions
{
    qint64 maxBytes = 50'000'000;    ///< downloads larger than this fail; <= 0 means the default
    int timeoutMs = 30000;              ///< fail after this long without any data; <= 0 means the default
    int maxRedirects = 5;               ///< redirects followed before giving up; negative means 0
};

/// Downloads one image a user dropped from a web browser (an http or https link), asynchronously,
/// through an injected QNetworkAccessManager. No threads, no blocking calls: everything happens in
/// the event loop of the thread that owns the manager (the GUI thread).
///
/// Every job ends with exactly one of finished() or failed(); a cancelled job fails with
/// "Cancelled". Messages are translated, name the link without its query, user info or fragment
/// (those can hold tokens) and are ready to be shown to the user as they are.
class UrlFetcher final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(UrlFetcher)

public:
    using FetchOptions = UrlFetchOptions;

    /// `nam` is owned elsewhere and must outlive this object or at least its jobs.
    explicit UrlFetcher(QNetworkAccessManager *nam, QObject *parent = nullptr);
    /// Aborts the jobs still running without emitting anything for them.
    ~UrlFetcher() override;

    /// Starts downloading `url` and returns the job's id (never 0). A URL that cannot be fetched at
    /// all (not http or https, invalid) is rejected at once: fetch() returns 0 and failed(0, ...) is
    /// emitted from the event loop, never from inside fetch().
    quint64 fetch(const QUrl &url, const FetchOptions &opts = {});

    /// Stops job `id`: failed(id, url, "Cancelled") is emitted before cancel() returns. Unknown or
    /// already finished ids are ignored.
    void cancel(quint64 id);

    /// The number of jobs still running.
    int activeJobs() const { return static_cast<int>(m_jobs.size()); }

    /// The file name to suggest for a download: the Content-Disposition filename (filename* wins
    /// over filename), else the last path segment of `url`, else "download". Never contains a
    /// directory separator or control characters.
    static QString suggestedFileName(const QByteArray &contentDisposition, const QUrl &url);

    /// `url` as it may appear in a message: no query, user info or fragment.
    static QString displayUrl(const QUrl &url);

Q_SIGNALS:
    /// Body bytes received so far, at most every 50 ms and once more with the full size just before
    /// finished(); total is -1 when the size is unknown. Counting restarts after a redirect.
    void progress(quint64 id, qint64 received, qint64 total);
    /// `url` is the URL given to fetch(), also after redirects.
    void finished(quint64 id, const QUrl &url, const QByteArray &bytes, const QString &suggestedName);
    void failed(quint64 id, const QUrl &url, const QString &message);

private:
    struct Job
    {
        QUrl url;                        ///< as given to fetch()
        QUrl currentUrl;                 ///< the URL of the request in flight (after redirects)
        FetchOptions opts;
        QNetworkReply *reply = nullptr;  ///< only compared and used while the job lives
        int redirects = 0;
        QByteArray data;
        qint64 expectedBytes = -1;       ///< Content-Length of an uncompressed body, else -1
        bool headersChecked = false;
        bool sniffed = false;
        qint64 reportedBytes = -1;       ///< received bytes last reported by progress()
        QElapsedTimer progressClock;
        QString sslProblems;
    };

    void start(quint64 id);
    void onMetaData(quint64 id, QNetworkReply *reply);
    void onReadyRead(quint64 id, QNetworkReply *reply);
    void onFinished(quint64 id, QNetworkReply *reply);
    void reportProgress(quint64 id, Job &job);
    /// Handles a redirect answer; returns true if the job moved on (next request or failure),
    /// false if there was no Location to follow.
    bool handleRedirect(quint64 id, QNetworkReply *reply);
    /// Returns the failure message for the headers of `reply`, or an empty string if they are
    /// fine; notes the announced body size in `job`.
    static QString checkHeaders(Job &job, QNetworkReply *reply, int status);
    static QString statusMessage(const Job &job, QNetworkReply *reply, int status);
    static QString errorMessage(const Job &job, QNetworkReply *reply);

    void succeed(quint64 id, const QString &suggestedName);
    void fail(quint64 id, const QString &message);
    /// Removes the job, stops and releases its reply and returns the job.
    Job take(quint64 id);
    void releaseReply(QNetworkReply *reply);

    static constexpr int ProgressIntervalMs = 50;

    QNetworkAccessManager *m_nam;
    QHash<quint64, Job> m_jobs;
    quint64 m_nextId = 1;
};

} // namespace squint
