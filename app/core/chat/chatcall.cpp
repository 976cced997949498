#include "core/chat/chatcall.h"

#include "core/connections/connections.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QHash>
#include <QMutex>
#include <QNetworkAccessManager>
#include <QNetworkRequest>
#include <QRandomGenerator>
#include <QSslError>
#include <QtConcurrent/QtConcurrentRun>

#include <cmath>

namespace squint {

namespace {

class Tr
{
    Q_DECLARE_TR_FUNCTIONS(squint::ChatClient)
};

constexpr qsizetype MaxErrorBody = ChatLimits::MaxErrorBodyBytes;
constexpr qsizetype MaxPlainBody = ChatLimits::MaxJsonBodyBytes;

struct Built
{
    QByteArray body;
    QString error;
};

// The tail buildChatBody writes for a streaming request (stream_options only when asked for).
const QByteArray StreamOptionsTail = QByteArrayLiteral(R"(,"stream_options":{"include_usage":true}})");
const QByteArray StreamTrueTail = QByteArrayLiteral(R"(,"stream":true})");
const QByteArray StreamFalseTail = QByteArrayLiteral(R"(,"stream":false})");

const QString MaxTokens = QStringLiteral("max_tokens");
const QString MaxCompletionTokens = QStringLiteral("max_completion_tokens");
const QString Temperature = QStringLiteral("temperature");
const QString ResponseFormat = QStringLiteral("response_format");

struct Memory
{
    QMutex mutex;
    QHash<QString, ParameterMemory::Adjustments> byKey; ///< connection + '\n' + model ("" for the whole connection)
};

Memory &memory()
{
    static Memory m;
    return m;
}

QString memoryKey(const QString &connection, const QString &model)
{
    return connection + QLatin1Char('\n') + model;
}

/// The fields of `spec` a server could refuse, as named on the wire.
QStringList sentParameters(const ChatBodySpec &spec)
{
    QStringList sent;
    if (spec.maxTokens > 0)
        sent << spec.maxTokensField;
    if (spec.temperature >= 0 && std::isfinite(spec.temperature))
        sent << Temperature;
    if (!spec.columns.isEmpty())
        sent << ResponseFormat;
    return sent;
}

} // namespace

namespace ParameterMemory {

Adjustments forModel(const QString &connection, const QString &model)
{
    Memory &m = memory();
    QMutexLocker lock(&m.mutex);
    Adjustments a = m.byKey.value(memoryKey(connection, model));
    for (const QString &d : m.byKey.value(memoryKey(connection, QString())).dropped)
        if (!a.dropped.contains(d))
            a.dropped << d;
    return a;
}

void rememberTokenField(const QString &connection, const QString &model, const QString &field)
{
    Memory &m = memory();
    QMutexLocker lock(&m.mutex);
    m.byKey[memoryKey(connection, model)].tokenField = field;
}

void rememberDropped(const QString &connection, const QString &model, const QString &field)
{
    Memory &m = memory();
    QMutexLocker lock(&m.mutex);
    // A server that has no structured output has none for any model.
    Adjustments &a = m.byKey[memoryKey(connection, field == ResponseFormat ? QString() : model)];
    if (!a.dropped.contains(field))
        a.dropped << field;
}

void clear()
{
    Memory &m = memory();
    QMutexLocker lock(&m.mutex);
    m.byKey.clear();
}

QStringList apply(const Adjustments &a, ChatBodySpec &spec)
{
    QStringList changed;
    if (!a.tokenField.isEmpty() && spec.maxTokens > 0 && spec.maxTokensField != a.tokenField) {
        changed << spec.maxTokensField;
        spec.maxTokensField = a.tokenField;
    }
    for (const QString &d : a.dropped) {
        if (spec.maxTokens > 0 && d == spec.maxTokensField) {
            spec.maxTokens = 0;
            changed << d;
        } else if (d == Temperature && spec.temperature >= 0) {
            spec.temperature = -1;
            changed << d;
        } else if (d == ResponseFormat && !spec.columns.isEmpty()) {
            spec.columns.clear();
            changed << d;
        }
    }
    return changed;
}

} // namespace ParameterMemory

QStringList applyModelParameters(const ModelParameters &parameters, ChatBodySpec &spec)
{
    QStringList changed;
    if (!parameters.tokenField.isEmpty() && spec.maxTokens > 0 && spec.maxTokensField != parameters.tokenField) {
        changed << spec.maxTokensField;
        spec.maxTokensField = parameters.tokenField;
    }
    if (!parameters.sampling && spec.temperature >= 0) {
        changed << Temperature;
        spec.temperature = -1;
    }
    return changed;
}

ModelParameters builtInParameters(const QString &model)
{
    static const Catalog catalog = Catalog::builtIn();
    return catalog.profileFor(model).parameters;
}

bool loadBodyImages(ChatBodySpec &spec, QString *error)
{
    for (BodyMessage &m : spec.messages) {
        for (BodyImage &img : m.images) {
            if (!img.data.isEmpty() || img.path.isEmpty())
                continue;
            QFile f(img.path);
            if (!f.open(QIODevice::ReadOnly)) {
                if (error)
                    *error = Tr::tr("Couldn't read the image “%1”: %2")
                                 .arg(QFileInfo(img.path).fileName(), f.errorString());
                return false;
            }
            img.data = f.readAll();
            if (img.data.isEmpty()) {
                if (error)
                    *error = Tr::tr("The image “%1” is gone or empty.").arg(QFileInfo(img.path).fileName());
                return false;
            }
            img.size = img.data.size();
        }
    }
    return true;
}

ChatCall::ChatCall(QNetworkAccessManager *nam, ChatRequest request, QObject *parent)
    : QObject(parent)
    , m_nam(nam)
    , m_request(std::move(request))
{
    connect(&m_retryTimer, &ClockTimer::timeout, this, &ChatCall::send);
    m_sse.setMaxLineBytes(ChatLimits::MaxEventBytes);
}

ChatCall::~ChatCall()
{
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
        m_reply->deleteLater();
    }
}

void ChatCall::setPhase(Phase p)
{
    if (m_phase == p)
        return;
    m_phase = p;
    emit phaseChanged(p);
}

void ChatCall::setClock(Clock *clock)
{
    m_retryTimer.setClock(clock);
}

void ChatCall::start()
{
    m_clock.start();
    // What the catalog knows the model refuses, and what this connection's server refused earlier in
    // the session, is not sent.
    applyModelParameters(builtInParameters(m_request.body.model), m_request.body);
    ParameterMemory::apply(ParameterMemory::forModel(m_request.connection, m_request.body.model), m_request.body);
    prepare();
}

void ChatCall::prepare()
{
    setPhase(Phase::Preparing);
    // Reading the image files and base64-encoding them is work for a worker thread.
    auto *watcher = new QFutureWatcher<Built>(this);
    connect(watcher, &QFutureWatcher<Built>::finished, this, [this, watcher] {
        watcher->deleteLater();
        if (m_phase == Phase::Finished)
            return;
        const Built built = watcher->result();
        if (!built.error.isEmpty()) {
            ApiError e;
            e.kind = ApiError::Kind::Protocol;
            e.message = built.error;
            e.hint = Tr::tr("Remove the image from the turn or add it again.");
            finishWith(ChatOutcome::Status::Failed, e);
            return;
        }
        m_body = built.body;
        send();
    });
    ChatBodySpec spec = m_request.body;
    watcher->setFuture(QtConcurrent::run([spec]() mutable {
        Built b;
        if (!loadBodyImages(spec, &b.error))
            return b;
        b.body = buildChatBody(spec);
        return b;
    }));
}

void ChatCall::send()
{
    if (m_phase == Phase::Finished)
        return;
    if (!m_nam) {
        ApiError e;
        e.kind = ApiError::Kind::Network;
        e.message = Tr::tr("The network is not available.");
        finishWith(ChatOutcome::Status::Failed, e);
        return;
    }
    // Fresh state for this attempt. Text never survives into a retry: retries happen only before any.
    m_sse.reset();
    m_events.clear();
    m_errorBody.clear();
    m_plainBody.clear();
    m_isEventStream = false;
    m_httpError = false;
    m_sawDone = false;
    m_metaSeen = false;
    m_answerBytes = 0;
    m_sslErrors.clear();

    QNetworkRequest req(m_request.url);
    req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    req.setRawHeader("Accept", m_request.body.stream && !m_droppedStream ? QByteArrayLiteral("text/event-stream, application/json")
                                                                        : QByteArrayLiteral("application/json"));
    req.setHeader(QNetworkRequest::UserAgentHeader,
                  QStringLiteral("Squint/%1").arg(QCoreApplication::applicationVersion()));
    if (!m_request.token.isEmpty())
        req.setRawHeader("Authorization", QByteArrayLiteral("Bearer ") + m_request.token);
    req.setTransferTimeout(m_request.transferTimeoutMs);
    req.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    req.setAttribute(QNetworkRequest::CacheSaveControlAttribute, false);
    setCredentialRedirectPolicy(req);

    setPhase(Phase::Sending);
    QNetworkReply *reply = m_nam->post(req, m_body);
    m_reply = reply;
    // The token and the images stay on the connection's own server: another is never asked.
    guardRedirects(reply, m_request.url, this, [this](const QString &why, int status) {
        ApiError e;
        e.kind = ApiError::Kind::Http;
        e.status = status;
        e.message = why;
        e.hint = Tr::tr("Check the address of the connection: use the address the server redirects to, if you trust "
                        "it.");
        finishWith(ChatOutcome::Status::Failed, e);
    });
    connect(reply, &QNetworkReply::redirected, this, [this] {
        // Followed on the same origin: the head that counts is the next one.
        m_metaSeen = false;
        m_httpError = false;
        m_errorBody.clear();
    });
    connect(reply, &QNetworkReply::metaDataChanged, this, &ChatCall::onMetaData);
    connect(reply, &QNetworkReply::readyRead, this, &ChatCall::onReadyRead);
    connect(reply, &QNetworkReply::finished, this, &ChatCall::onReplyFinished);
    connect(reply, &QNetworkReply::uploadProgress, this, [this](qint64 sent, qint64 total) {
        if (total > 0) {
            emit uploadProgress(sent, total);
            if (sent >= total && m_phase == Phase::Sending)
                setPhase(Phase::Waiting);
        }
    });
    // TLS errors are never ignored: QNetworkReply fails with SslHandshakeFailedError and we say so,
    // naming what was wrong with the certificate.
    connect(reply, &QNetworkReply::sslErrors, this, [this](const QList<QSslError> &errors) {
        for (const QSslError &error : errors)
            if (!m_sslErrors.contains(error.errorString()))
                m_sslErrors << error.errorString();
    });
}

void ChatCall::onMetaData()
{
    if (!m_reply || m_metaSeen)
        return;
    const QVariant statusAttr = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    if (!statusAttr.isValid())
        return;
    m_metaSeen = true;
    const int status = statusAttr.toInt();
    if (status < 200 || status >= 300) {
        m_httpError = true;
        return;
    }
    const QByteArray type = m_reply->header(QNetworkRequest::ContentTypeHeader).toByteArray().toLower();
    m_isEventStream = type.contains("text/event-stream");
    if (m_phase == Phase::Sending)
        setPhase(Phase::Waiting);
}

void ChatCall::onReadyRead()
{
    if (!m_reply)
        return;
    onMetaData();
    const QByteArray data = m_reply->readAll();
    if (m_httpError) {
        if (m_errorBody.size() < MaxErrorBody)
            m_errorBody += data.left(MaxErrorBody - m_errorBody.size());
        if (m_errorBody.size() >= MaxErrorBody)
            m_reply->abort(); // enough to explain it: the error is judged from what arrived
        return;
    }
    if (m_isEventStream) {
        m_sse.feed(data, m_events);
        handleEvents();
        if (m_sse.hasError() && m_phase != Phase::Finished)
            stopAtCap(Tr::tr("The server sent a piece of the answer larger than %1 MiB; Squint stopped the answer "
                             "there.")
                          .arg(ChatLimits::MaxEventBytes >> 20));
        return;
    }
    if (m_plainBody.size() + data.size() > MaxPlainBody) {
        ApiError e;
        e.kind = ApiError::Kind::Protocol;
        e.message = Tr::tr("The server's answer is larger than %1 MB; Squint stopped reading it.").arg(MaxPlainBody >> 20);
        finishWith(ChatOutcome::Status::Failed, e);
        return;
    }
    m_plainBody += data;
}

void ChatCall::handleEvents(bool atEnd)
{
    const QList<SseEvent> events = std::exchange(m_events, {});
    for (const SseEvent &ev : events) {
        if (m_sawDone || m_phase == Phase::Finished)
            return; // nothing after [DONE] is read
        const StreamPiece piece = interpretStreamEvent(ev, m_request.token);
        switch (piece.kind) {
        case StreamPiece::Kind::Done:
            m_sawDone = true;
            break;
        case StreamPiece::Kind::Delta:
            if (!piece.model.isEmpty())
                m_outcome.model = piece.model;
            if (!piece.finishReason.isEmpty())
                m_outcome.finishReason = piece.finishReason;
            if (piece.usage)
                m_outcome.usage = *piece.usage;
            if (!piece.reasoning.isEmpty() && !noteReasoning(piece.reasoning))
                return;
            if (!piece.content.isEmpty() && !noteText(piece.content))
                return;
            break;
        case StreamPiece::Kind::Error: {
            ApiError e = piece.error;
            if (e.kind == ApiError::Kind::None)
                e.kind = ApiError::Kind::Stream;
            finishWith(ChatOutcome::Status::Failed, e);
            return;
        }
        case StreamPiece::Kind::Malformed: {
            if (atEnd)
                return; // a last event cut off by the end of the stream: judged below as an early end
            ApiError e;
            e.kind = ApiError::Kind::Protocol;
            e.message = Tr::tr("The server sent a malformed event in the answer stream: %1")
                            .arg(piece.error.serverMessage);
            finishWith(ChatOutcome::Status::Failed, e);
            return;
        }
        case StreamPiece::Kind::Ignored:
            break;
        }
    }
}

bool ChatCall::withinAnswerCap(QString &delta)
{
    const qsizetype bytes = delta.toUtf8().size();
    if (m_answerBytes + bytes <= ChatLimits::MaxAnswerBytes) {
        m_answerBytes += bytes;
        return true;
    }
    // Keep what fits, whole characters only.
    qsizetype room = ChatLimits::MaxAnswerBytes - m_answerBytes;
    qsizetype keep = 0;
    while (keep < delta.size()) {
        const bool pair = delta.at(keep).isHighSurrogate() && keep + 1 < delta.size();
        const char16_t u = delta.at(keep).unicode();
        const qsizetype need = pair ? 4 : u < 0x80 ? 1 : u < 0x800 ? 2 : 3;
        if (need > room)
            break;
        room -= need;
        keep += pair ? 2 : 1;
    }
    delta.truncate(keep);
    m_answerBytes = ChatLimits::MaxAnswerBytes - room;
    return false;
}

void ChatCall::stopAtCap(const QString &why)
{
    ApiError e;
    e.kind = ApiError::Kind::Protocol;
    e.message = why;
    e.hint = Tr::tr("What arrived is kept.");
    finishWith(ChatOutcome::Status::Failed, e);
}

bool ChatCall::noteReasoning(const QString &delta)
{
    QString d = delta;
    const bool within = withinAnswerCap(d);
    if (!d.isEmpty())
        emit reasoningReceived(d);
    if (!within)
        stopAtCap(Tr::tr("The answer was stopped at %1 MiB: the server kept sending.").arg(ChatLimits::MaxAnswerBytes >> 20));
    return within;
}

bool ChatCall::noteText(const QString &delta)
{
    QString d = delta;
    const bool within = withinAnswerCap(d);
    if (!d.isEmpty()) {
        if (m_text.isEmpty()) {
            m_outcome.firstTokenMs = m_clock.elapsed();
            setPhase(Phase::Receiving);
        }
        m_text += d;
        emit textReceived(d);
    }
    if (!within)
        stopAtCap(Tr::tr("The answer was stopped at %1 MiB: the server kept sending.").arg(ChatLimits::MaxAnswerBytes >> 20));
    return within;
}

ApiError ChatCall::errorForReply(QNetworkReply *reply, const QByteArray &body) const
{
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status > 0) {
        return errorFromHttp(status, reply->header(QNetworkRequest::ContentTypeHeader).toByteArray(), body,
                             reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toByteArray(),
                             m_request.token);
    }
    ApiError::Kind kind = ApiError::Kind::Network;
    switch (reply->error()) {
    case QNetworkReply::SslHandshakeFailedError:
        kind = ApiError::Kind::Tls;
        break;
    case QNetworkReply::TimeoutError:
    case QNetworkReply::OperationCanceledError: // the transfer timeout aborts the reply
        kind = ApiError::Kind::Timeout;
        break;
    default:
        break;
    }
    QString detail = reply->errorString();
    if (kind == ApiError::Kind::Tls && !m_sslErrors.isEmpty())
        detail = m_sslErrors.join(QStringLiteral("; "));
    ApiError e = transportError(kind, detail, m_request.url.host());
    redactError(e, m_request.token);
    return e;
}

bool ChatCall::maybeRetry(int status, QNetworkReply *reply, const ApiError &why)
{
    if (!m_text.isEmpty())
        return false; // never once part of an answer has arrived
    const RetryDecision d = decideRetry(status,
                                        reply ? reply->rawHeader("Retry-After") : QByteArray(),
                                        reply ? reply->rawHeader("retry-after-ms") : QByteArray(),
                                        reply ? reply->rawHeader("x-should-retry") : QByteArray(),
                                        m_retries,
                                        m_retryTimer.clock()->nowUtc(),
                                        QRandomGenerator::global()->generateDouble(),
                                        m_request.retry);
    if (!d.retry) {
        if (!d.reason.isEmpty()) {
            ApiError e = why;
            e.hint = e.hint.isEmpty() ? d.reason : e.hint + QLatin1Char(' ') + d.reason;
            finishWith(ChatOutcome::Status::Failed, e);
            return true;
        }
        return false;
    }
    ++m_retries;
    setPhase(Phase::RetryWait);
    emit retrying(m_retries, d.delayMs, why);
    m_retryTimer.start(d.delayMs);
    return true;
}

void ChatCall::onReplyFinished()
{
    QNetworkReply *reply = m_reply;
    if (!reply || m_phase == Phase::Finished)
        return;
    reply->deleteLater();
    m_reply = nullptr;
    onMetaData();
    // Whatever is still buffered.
    if (reply->bytesAvailable() > 0) {
        m_reply = reply;
        onReadyRead();
        m_reply = nullptr;
        if (m_phase == Phase::Finished)
            return;
    }
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();

    if (m_httpError) {
        const ApiError e = errorForReply(reply, m_errorBody);
        // A backend that cannot take stream_options, or cannot stream at all: send again without.
        if (m_request.body.stream && !m_droppedStreamOptions && rejectsStreamOptions(e)
            && m_body.endsWith(StreamOptionsTail)) {
            m_droppedStreamOptions = true;
            m_request.body.includeUsage = false; // for a body built again
            m_body.chop(StreamOptionsTail.size());
            m_body += '}';
            send();
            return;
        }
        if (m_request.body.stream && !m_droppedStream && rejectsStreaming(e)) {
            if (m_body.endsWith(StreamOptionsTail)) {
                m_body.chop(StreamOptionsTail.size());
                m_body += '}';
            }
            if (m_body.endsWith(StreamTrueTail)) {
                m_droppedStream = true;
                m_request.body.stream = false;
                m_body.chop(StreamTrueTail.size());
                m_body += StreamFalseTail;
                send();
                return;
            }
        }
        if (adjustForRejection(e))
            return;
        if (!maybeRetry(status, reply, e))
            finishWith(ChatOutcome::Status::Failed, e);
        return;
    }

    if (reply->error() != QNetworkReply::NoError) {
        ApiError e = errorForReply(reply, {});
        if (e.kind == ApiError::Kind::Tls) {
            // A certificate does not change between attempts: one clear message, no retry.
            finishWith(ChatOutcome::Status::Failed, e);
            return;
        }
        if (status > 0 && !m_text.isEmpty()) {
            // The head was fine, then the connection broke mid-answer.
            e.kind = ApiError::Kind::Network;
            e.message = redactSecret(
                Tr::tr("The connection broke after part of the answer arrived: %1").arg(reply->errorString()),
                m_request.token);
            e.hint = Tr::tr("What arrived is kept. Retry asks again.");
        }
        if (!maybeRetry(0, reply, e))
            finishWith(ChatOutcome::Status::Failed, e);
        return;
    }

    if (m_isEventStream) {
        m_sse.finish(m_events);
        handleEvents(true);
        if (m_phase == Phase::Finished)
            return;
        m_outcome.streamed = true;
        // A stream that ends without [DONE] is a normal end (as in the official SDKs) when the last
        // chunk said why it finished. Without either, the answer was cut short: say so, keep the text.
        if (!m_sawDone && m_outcome.finishReason.isEmpty()) {
            ApiError e;
            e.kind = ApiError::Kind::Stream;
            e.message = Tr::tr("The answer stream ended early, without an end marker: the answer may be incomplete.");
            e.hint = Tr::tr("What arrived is kept. Retry asks again.");
            finishWith(ChatOutcome::Status::Failed, e);
            return;
        }
        finishWith(ChatOutcome::Status::Completed);
        return;
    }

    // A JSON reply: asked for without streaming, or a backend that ignored stream: true.
    const Completion c = parseCompletion(m_plainBody, m_request.token);
    if (!c.ok) {
        ApiError e = c.error;
        if (e.kind == ApiError::Kind::None) {
            e.kind = ApiError::Kind::Protocol;
            e.status = status;
            e.message = Tr::tr("The server answered %1 but not with a chat completion.").arg(status);
        }
        finishWith(ChatOutcome::Status::Failed, e);
        return;
    }
    m_outcome.model = c.model;
    m_outcome.finishReason = c.finishReason;
    m_outcome.usage = c.usage;
    if (!c.reasoning.isEmpty() && !noteReasoning(c.reasoning))
        return;
    if (!c.content.isEmpty() && !noteText(c.content))
        return;
    finishWith(ChatOutcome::Status::Completed);
}

bool ChatCall::adjustForRejection(const ApiError &e)
{
    if (!m_text.isEmpty())
        return false;
    ChatBodySpec &spec = m_request.body;
    const QString field = rejectedParameter(e, sentParameters(spec));
    if (field.isEmpty() || m_adjusted.contains(field))
        return false;
    m_adjusted << field;
    const QString &connection = m_request.connection;
    const QString model = spec.model;
    QString notice;
    if (field == spec.maxTokensField) {
        const QString other = field == MaxTokens ? MaxCompletionTokens : MaxTokens;
        // "Use 'max_completion_tokens' instead": the server names the other field; otherwise leave it out.
        if (!m_adjusted.contains(other) && e.serverMessage.contains(other)) {
            spec.maxTokensField = other;
            ParameterMemory::rememberTokenField(connection, model, other);
            notice = Tr::tr("The server does not take %1 for %2: the answer length was sent as %3 instead.")
                         .arg(field, model, other);
        } else {
            spec.maxTokens = 0;
            ParameterMemory::rememberDropped(connection, model, field);
            notice = Tr::tr("The server does not take %1 for %2: the request was sent without an answer-length limit.")
                         .arg(field, model);
        }
    } else if (field == Temperature) {
        spec.temperature = -1;
        ParameterMemory::rememberDropped(connection, model, field);
        notice = Tr::tr("The server does not take a temperature for %1: the request was sent with the model's "
                        "default.")
                     .arg(model);
    } else if (field == ResponseFormat) {
        spec.columns.clear();
        ParameterMemory::rememberDropped(connection, model, field);
        notice = Tr::tr("The server does not take structured output (response_format): the request was sent with the "
                        "column instruction in the prompt only.");
    } else {
        return false;
    }
    notice += QLatin1Char(' ') + Tr::tr("Squint remembers this for this connection until it quits.");
    m_outcome.notices << redactSecret(notice, m_request.token);
    prepare();
    return true;
}

void ChatCall::stop()
{
    finishWith(ChatOutcome::Status::Stopped);
}

void ChatCall::finishWith(ChatOutcome::Status status, const ApiError &error)
{
    if (m_phase == Phase::Finished)
        return;
    m_retryTimer.stop();
    if (m_reply) {
        QNetworkReply *reply = m_reply;
        m_reply = nullptr;
        reply->disconnect(this);
        reply->abort();
        reply->deleteLater();
    }
    m_outcome.status = status;
    m_outcome.error = error;
    // Everything the server named goes to the window, stderr and the history: never the token.
    redactError(m_outcome.error, m_request.token);
    m_outcome.model = redactSecret(m_outcome.model, m_request.token);
    m_outcome.finishReason = redactSecret(m_outcome.finishReason, m_request.token);
    m_outcome.partial = status != ChatOutcome::Status::Completed && !m_text.isEmpty();
    m_outcome.attempts = m_retries + 1;
    m_outcome.totalMs = m_clock.isValid() ? m_clock.elapsed() : 0;
    setPhase(Phase::Finished);
    emit finished(m_outcome);
}

} // namespace squint
