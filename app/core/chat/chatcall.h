#pragma once

#include "core/catalog/catalog.h"
#include "core/chat/chatprotocol.h"
#include "core/chat/requestbody.h"
#include "core/chat/sse.h"
#include "core/util/clock.h"

#include <QElapsedTimer>
#include <QNetworkReply>
#include <QObject>
#include <QPointer>
#include <QStringList>
#include <QUrl>

class QNetworkAccessManager;

namespace squint {

/// What one chat request takes from a server at most (squint-bench hostile streams past them).
struct ChatLimits
{
    /// Text of an answer (content and reasoning together, UTF-8 bytes): the answer stops there,
    /// what arrived is kept.
    static constexpr qsizetype MaxAnswerBytes = qsizetype(16) << 20;
    /// One line, or the data of one event, of an answer stream.
    static constexpr qsizetype MaxEventBytes = qsizetype(16) << 20;
    /// A reply that is one JSON document (not streamed).
    static constexpr qsizetype MaxJsonBodyBytes = qsizetype(64) << 20;
    /// The body of an error reply: enough to explain any error; reading stops there.
    static constexpr qsizetype MaxErrorBodyBytes = qsizetype(1) << 20;
};

/// Everything one chat request needs. The token is only ever put in the Authorization header.
struct ChatRequest
{
    QString connection;           ///< the connection's name: what ParameterMemory remembers is per connection
    QUrl url;                     ///< .../chat/completions
    QByteArray token;             ///< empty: no Authorization header (Ollama, local servers)
    ChatBodySpec body;            ///< images carry `path`; their bytes are read on a worker thread
    int transferTimeoutMs = 120'000; ///< no byte moving for this long ends the attempt
    RetryPolicy retry;
};

/// How a call ended.
struct ChatOutcome
{
    enum class Status { Completed, Stopped, Failed };
    Status status = Status::Failed;
    QString finishReason;      ///< "stop", "length"...
    QString model;             ///< as the server named it, when it did
    TokenUsage usage;
    ApiError error;            ///< for Failed
    bool partial = false;      ///< some text arrived before the call ended without completing
    bool streamed = false;     ///< the answer came as a stream (false: one JSON reply)
    int attempts = 0;
    /// Sentences for the user about what was changed to get an answer: a parameter the server
    /// refused and that was left out or renamed ("The server does not take max_tokens for gpt-5: …").
    QStringList notices;
    qint64 firstTokenMs = -1;  ///< from start() to the first text
    qint64 totalMs = -1;
};

/// What servers refused, per connection and model, remembered for the rest of the session (in memory
/// only: a server may learn a parameter with an update, and a new session asks again). ChatCall reads
/// it before building a body and writes it when a 400 names a parameter it sent.
namespace ParameterMemory {
struct Adjustments
{
    QString tokenField;      ///< not empty: send the answer-length limit under this name
    QStringList dropped;     ///< fields to leave out: "max_tokens", "temperature", "response_format"...
    bool isEmpty() const { return tokenField.isEmpty() && dropped.isEmpty(); }
};
/// What is known for `model` on `connection` (response_format is remembered for the whole connection).
Adjustments forModel(const QString &connection, const QString &model);
void rememberTokenField(const QString &connection, const QString &model, const QString &field);
void rememberDropped(const QString &connection, const QString &model, const QString &field);
/// Forgets everything (tests, and a connection whose server changed).
void clear();
/// Applies `a` to `spec`; returns the fields it left out or renamed (for a notice).
QStringList apply(const Adjustments &a, ChatBodySpec &spec);
} // namespace ParameterMemory

/// What the catalog says a model takes, applied to `spec`: the answer-length limit under the family's
/// name, temperature left out for a model that takes only its default. Returns the fields it left
/// out or renamed, as named on the wire ("temperature", "max_tokens"). ChatCall::start() applies it to
/// every request; `squint ask` calls it first to warn.
QStringList applyModelParameters(const ModelParameters &parameters, ChatBodySpec &spec);
/// The parameters of `model` in the built-in catalog (loaded once).
ModelParameters builtInParameters(const QString &model);

/// One chat request in flight: builds the body off the GUI thread, posts it, parses the stream as
/// it arrives, retries what may be retried (never once text has arrived), and ends with finished().
/// Owned by the caller; deleting it aborts the request.
class ChatCall final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ChatCall)
public:
    enum class Phase { Preparing, Sending, Waiting, Receiving, RetryWait, Finished };
    Q_ENUM(Phase)

    ChatCall(QNetworkAccessManager *nam, ChatRequest request, QObject *parent = nullptr);
    ~ChatCall() override;

    /// Where the time of the waits between attempts comes from: Clock::system() unless set (tests
    /// move a clock of their own). Set it before start(); `clock` must outlive the call.
    void setClock(Clock *clock);

    void start();
    /// Stops at once: the reply is aborted, what arrived is kept, finished() reports Stopped.
    void stop();

    Phase phase() const { return m_phase; }
    const ChatOutcome &outcome() const { return m_outcome; }
    QString text() const { return m_text; }
    /// Size of the request body, once built (0 before).
    qint64 bodyBytes() const { return m_body.size(); }

signals:
    void phaseChanged(squint::ChatCall::Phase phase);
    void uploadProgress(qint64 sent, qint64 total);
    /// New answer text (a delta).
    void textReceived(const QString &delta);
    void reasoningReceived(const QString &delta);
    /// A retry is scheduled in `delayMs` because of `why`.
    void retrying(int attempt, int delayMs, const squint::ApiError &why);
    void finished(const squint::ChatOutcome &outcome);

private:
    void setPhase(Phase p);
    void send();
    void onReadyRead();
    void onReplyFinished();
    void onMetaData();
    void handleEvents(bool atEnd = false);
    void finishWith(ChatOutcome::Status status, const ApiError &error = {});
    bool maybeRetry(int status, QNetworkReply *reply, const ApiError &why);
    /// False once the answer reached ChatLimits::MaxAnswerBytes (the call is then finished).
    bool noteText(const QString &delta);
    bool noteReasoning(const QString &delta);
    bool withinAnswerCap(QString &delta);
    void stopAtCap(const QString &why);
    ApiError errorForReply(QNetworkReply *reply, const QByteArray &body) const;
    /// Builds m_body from m_request.body on a worker thread, then sends.
    void prepare();
    /// A 400 naming a parameter this request sent: send once more without it (or under the other
    /// token name), remember it, and tell the user. False when the error is not that.
    bool adjustForRejection(const ApiError &e);

    QPointer<QNetworkAccessManager> m_nam;
    ChatRequest m_request;
    QByteArray m_body;
    QPointer<QNetworkReply> m_reply;
    Phase m_phase = Phase::Preparing;
    ChatOutcome m_outcome;
    QString m_text;
    SseParser m_sse;
    QList<SseEvent> m_events;
    QByteArray m_errorBody;     ///< body of a non-2xx reply, kept to explain the error
    QByteArray m_plainBody;     ///< body of a 2xx reply that is not an event stream
    qsizetype m_answerBytes = 0; ///< UTF-8 bytes of text and reasoning received
    bool m_metaSeen = false;
    bool m_isEventStream = false;
    bool m_httpError = false;
    bool m_sawDone = false;
    bool m_stopping = false;
    int m_retries = 0;
    bool m_droppedStreamOptions = false;
    bool m_droppedStream = false;
    QStringList m_adjusted;     ///< parameters already changed after a rejection: each is changed once
    QStringList m_sslErrors;    ///< QSslError texts of this attempt's handshake
    QElapsedTimer m_clock;
    ClockTimer m_retryTimer; ///< the wait before the next attempt, on the call's clock
};

/// Reads the images' bytes from their files (worker threads only) so the body can be built.
/// Returns false with *error naming the file that could not be read.
bool loadBodyImages(ChatBodySpec &spec, QString *error);

} // namespace squint
