#include "core/catalog/capabilities.h"

#include "core/chat/chatprotocol.h"

#include <QBuffer>
#include <QCoreApplication>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QRegularExpression>
#include <QSettings>

namespace squint {

// Translation context for this file's messages (lupdate reads it from here).
namespace {
class Tr
{
    Q_DECLARE_TR_FUNCTIONS(squint::Capabilities)
};

/// Server text quoted in a reason: one line, at most `max` characters.
QString quoted(QString s, qsizetype max = 200)
{
    s = s.simplified();
    if (s.size() > max)
        s = s.left(max - 1) + QChar(0x2026);
    return s;
}

QJsonObject parseObject(QByteArrayView json, QString *error)
{
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(json.toByteArray(), &pe);
    if (pe.error != QJsonParseError::NoError || !doc.isObject()) {
        if (error)
            *error = pe.error != QJsonParseError::NoError
                         ? Tr::tr("not JSON: %1").arg(pe.errorString())
                         : Tr::tr("not a JSON object");
        return {};
    }
    const QJsonObject o = doc.object();
    const QJsonValue err = o.value(QLatin1String("error"));
    if (!err.isUndefined() && !err.isNull()) {
        if (error) {
            const QString msg = err.isObject()
                                    ? err.toObject().value(QLatin1String("message")).toString()
                                    : err.toString();
            *error = Tr::tr("the server answered with an error: %1").arg(quoted(msg));
        }
        return {};
    }
    return o;
}

QStringList stringsOf(const QJsonValue &v)
{
    QStringList out;
    for (const QJsonValue &item : v.toArray())
        if (item.isString())
            out << quoted(item.toString(), 40);
    return out;
}
} // namespace

QString visionText(VisionCapability::Vision vision)
{
    switch (vision) {
    case VisionCapability::Vision::Sees:
        return Tr::tr("sees images");
    case VisionCapability::Vision::Refuses:
        return Tr::tr("cannot see images");
    case VisionCapability::Vision::Ignores:
        return Tr::tr("ignores images");
    case VisionCapability::Vision::Unknown:
        break;
    }
    return Tr::tr("unknown");
}

QString visionKey(VisionCapability::Vision vision)
{
    switch (vision) {
    case VisionCapability::Vision::Sees:
        return QStringLiteral("sees");
    case VisionCapability::Vision::Refuses:
        return QStringLiteral("refuses");
    case VisionCapability::Vision::Ignores:
        return QStringLiteral("ignores");
    case VisionCapability::Vision::Unknown:
        break;
    }
    return QStringLiteral("unknown");
}

VisionCapability::Vision visionFromKey(const QString &key)
{
    if (key == QLatin1String("sees"))
        return VisionCapability::Vision::Sees;
    if (key == QLatin1String("refuses"))
        return VisionCapability::Vision::Refuses;
    if (key == QLatin1String("ignores"))
        return VisionCapability::Vision::Ignores;
    return VisionCapability::Vision::Unknown;
}

VisionCapability parseOllamaShow(QByteArrayView json, QString *error)
{
    VisionCapability c;
    c.source = VisionCapability::Source::OllamaShow;
    const QJsonObject o = parseObject(json, error);
    if (o.isEmpty())
        return c;
    const QJsonObject details = o.value(QLatin1String("details")).toObject();
    QStringList facts;
    for (const char *field : {"family", "parameter_size", "quantization_level"}) {
        const QString v = details.value(QLatin1String(field)).toString();
        if (!v.isEmpty())
            facts << quoted(v, 40);
    }
    c.detail = facts.join(QStringLiteral(", "));
    const QJsonValue caps = o.value(QLatin1String("capabilities"));
    if (!caps.isArray()) {
        c.why = Tr::tr("Ollama does not list this model's capabilities (an older Ollama).");
        return c;
    }
    const QStringList list = stringsOf(caps);
    if (list.contains(QLatin1String("vision"))) {
        c.vision = VisionCapability::Vision::Sees;
        c.why = Tr::tr("Ollama lists “vision” among its capabilities.");
    } else {
        c.vision = VisionCapability::Vision::Refuses;
        c.why = list.isEmpty() ? Tr::tr("Ollama lists no capabilities for it, not “vision”.")
                               : Tr::tr("Ollama lists its capabilities as %1, without “vision”.")
                                     .arg(list.join(QStringLiteral(", ")));
    }
    return c;
}

VisionCapability parseLlamaCppProps(QByteArrayView json, QString *error)
{
    VisionCapability c;
    c.source = VisionCapability::Source::LlamaCppProps;
    const QJsonObject o = parseObject(json, error);
    if (o.isEmpty())
        return c;
    c.detail = quoted(o.value(QLatin1String("model_alias")).toString(), 80);
    const QJsonValue vision
        = o.value(QLatin1String("modalities")).toObject().value(QLatin1String("vision"));
    if (!vision.isBool()) {
        c.why = Tr::tr(
            "The llama.cpp server does not say whether a multimodal projector is loaded.");
        return c;
    }
    if (vision.toBool()) {
        c.vision = VisionCapability::Vision::Sees;
        c.why = Tr::tr("The llama.cpp server has a multimodal projector loaded.");
    } else {
        c.vision = VisionCapability::Vision::Refuses;
        c.why = Tr::tr(
            "The llama.cpp server has no multimodal projector loaded (start it with --mmproj).");
    }
    return c;
}

VisionCapability parseLlamaCppModels(QByteArrayView json, const QString &model, QString *error)
{
    VisionCapability c;
    c.source = VisionCapability::Source::LlamaCppModels;
    const QJsonObject o = parseObject(json, error);
    const QJsonArray models = o.value(QLatin1String("models")).toArray();
    QJsonObject entry;
    for (const QJsonValue &v : models) {
        const QJsonObject m = v.toObject();
        if (m.value(QLatin1String("name")).toString() == model
            || m.value(QLatin1String("model")).toString() == model) {
            entry = m;
            break;
        }
    }
    if (entry.isEmpty() && models.size() == 1)
        entry = models.first().toObject(); // single-model mode: whatever is asked, this one answers
    const QJsonValue caps = entry.value(QLatin1String("capabilities"));
    if (!caps.isArray())
        return c;
    const QStringList list = stringsOf(caps);
    if (list.contains(QLatin1String("multimodal"))) {
        c.vision = VisionCapability::Vision::Sees;
        c.why = Tr::tr("The llama.cpp server lists “multimodal” among the model's capabilities.");
    } else {
        c.vision = VisionCapability::Vision::Refuses;
        c.why = Tr::tr("The llama.cpp server lists the model's capabilities as %1, without "
                       "“multimodal”.")
                    .arg(list.join(QStringLiteral(", ")));
    }
    return c;
}

VisionCapability parseDatabricksEndpoint(QByteArrayView json, QString *error)
{
    VisionCapability c;
    c.source = VisionCapability::Source::DatabricksEndpoint;
    const QJsonObject o = parseObject(json, error);
    if (o.isEmpty())
        return c;
    QString task = o.value(QLatin1String("task")).toString();
    QStringList facts;
    const QJsonArray entities = o.value(QLatin1String("config"))
                                    .toObject()
                                    .value(QLatin1String("served_entities"))
                                    .toArray();
    for (const QJsonValue &v : entities) {
        const QJsonObject e = v.toObject();
        const QJsonObject fm = e.value(QLatin1String("foundation_model")).toObject();
        const QJsonObject ext = e.value(QLatin1String("external_model")).toObject();
        if (!fm.isEmpty()) {
            const QString name = fm.value(QLatin1String("display_name")).toString();
            facts << Tr::tr("foundation model %1")
                         .arg(quoted(name.isEmpty() ? fm.value(QLatin1String("name")).toString()
                                                    : name,
                                     80));
        } else if (!ext.isEmpty()) {
            facts << Tr::tr("external model %1/%2")
                         .arg(quoted(ext.value(QLatin1String("provider")).toString(), 40),
                              quoted(ext.value(QLatin1String("name")).toString(), 80));
            if (task.isEmpty())
                task = ext.value(QLatin1String("task")).toString();
        } else if (e.contains(QLatin1String("entity_name"))) {
            facts << Tr::tr("custom model %1")
                         .arg(quoted(e.value(QLatin1String("entity_name")).toString(), 80));
        }
    }
    if (!task.isEmpty())
        facts.prepend(Tr::tr("task %1").arg(quoted(task, 40)));
    c.detail = facts.join(QStringLiteral(", "));
    if (!task.isEmpty() && task != QLatin1String("llm/v1/chat")) {
        c.vision = VisionCapability::Vision::Refuses;
        c.why = Tr::tr("The serving endpoint's task is %1, not chat: it takes no images.")
                    .arg(quoted(task, 40));
    } else {
        c.why = Tr::tr(
            "Databricks does not say whether this endpoint sees images: use Test Vision.");
    }
    return c;
}

QByteArray visionTestImage()
{
    QImage image(64, 64, QImage::Format_RGB32);
    image.fill(QColor(255, 0, 0));
    QByteArray png;
    QBuffer buffer(&png);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    return png;
}

QString visionTestQuestion()
{
    // Not translated: the test's answer is read for the English word "red".
    return QStringLiteral("What colour is this image? Answer with one word.");
}

VisionCapability classifyVisionTest(const ChatOutcome &outcome, const QString &answer)
{
    VisionCapability c;
    c.source = VisionCapability::Source::VisionTest;
    if (outcome.status == ChatOutcome::Status::Completed) {
        // The word, not a part of one ("considered", "answered").
        static const QRegularExpression red(QStringLiteral("\\bred\\b"),
                                            QRegularExpression::CaseInsensitiveOption);
        if (red.match(answer).hasMatch()) {
            c.vision = VisionCapability::Vision::Sees;
            c.why = Tr::tr("It named the colour of the red test image.");
        } else {
            c.vision = VisionCapability::Vision::Ignores;
            c.why = Tr::tr("It took the red test image but answered “%1”.").arg(quoted(answer, 80));
        }
        return c;
    }
    const ApiError &e = outcome.error;
    if (e.kind == ApiError::Kind::Http && (e.status == 400 || e.status == 415 || e.status == 422)) {
        c.vision = VisionCapability::Vision::Refuses;
        const QString words = e.serverMessage.isEmpty() ? e.message : e.serverMessage;
        c.why = Tr::tr("The server rejected the test image (HTTP %1): %2")
                    .arg(e.status)
                    .arg(quoted(words));
        return c;
    }
    c.serverError = e.kind == ApiError::Kind::Http || e.kind == ApiError::Kind::Stream
                    || e.kind == ApiError::Kind::Protocol;
    c.why = outcome.status == ChatOutcome::Status::Stopped
                ? Tr::tr("The test was stopped.")
                : Tr::tr("The test could not run: %1").arg(quoted(e.message));
    return c;
}

// ---------------------------------------------------------------------------------------------

struct CapabilityProbe::Step
{
    QUrl url;
    QByteArray postBody; ///< empty: GET
    std::function<VisionCapability(const QByteArray &body, QString *error)> parse;
};

CapabilityProbe::CapabilityProbe(QNetworkAccessManager *nam, QSettings *settings, QObject *parent)
    : QObject(parent)
    , m_nam(nam)
    , m_settings(settings)
{}

// Replies and calls in flight are children: ~QObject disconnects them before deleting them.
CapabilityProbe::~CapabilityProbe() = default;

QString CapabilityProbe::key(const QString &connectionId, const QString &model)
{
    return connectionId + QLatin1Char('\n') + model;
}

namespace {
QString settingsKey(const QString &connectionId, const QString &model)
{
    // One group per model: ids and model names may hold '/', which QSettings reads as groups.
    return QStringLiteral("capabilities/")
           + QString::fromLatin1(QUrl::toPercentEncoding(connectionId + QLatin1Char('\n') + model));
}
} // namespace

VisionCapability CapabilityProbe::capability(const QString &connectionId, const QString &model) const
{
    const auto it = m_cache.constFind(key(connectionId, model));
    if (it != m_cache.constEnd())
        return *it;
    VisionCapability c;
    if (!m_settings)
        return c;
    const QString k = settingsKey(connectionId, model);
    c.vision = visionFromKey(m_settings->value(k + QStringLiteral("/vision")).toString());
    if (c.vision == VisionCapability::Vision::Unknown)
        return {};
    c.source = VisionCapability::Source(
        qBound(0,
               m_settings->value(k + QStringLiteral("/source")).toInt(),
               int(VisionCapability::Source::VisionTest)));
    c.why = quoted(m_settings->value(k + QStringLiteral("/why")).toString(), 400);
    c.detail = quoted(m_settings->value(k + QStringLiteral("/detail")).toString(), 400);
    return c;
}

void CapabilityProbe::forget(const QString &connectionId, const QString &model)
{
    const QString prefix = key(connectionId, QString());
    for (auto it = m_cache.begin(); it != m_cache.end();) {
        if (model.isEmpty() ? it.key().startsWith(prefix) : it.key() == key(connectionId, model))
            it = m_cache.erase(it);
        else
            ++it;
    }
    if (!m_settings)
        return;
    if (!model.isEmpty()) {
        m_settings->remove(settingsKey(connectionId, model));
        return;
    }
    m_settings->beginGroup(QStringLiteral("capabilities"));
    const QString encodedPrefix = QString::fromLatin1(QUrl::toPercentEncoding(prefix));
    const QStringList keys = m_settings->childGroups();
    for (const QString &k : keys)
        if (k.startsWith(encodedPrefix))
            m_settings->remove(k);
    m_settings->endGroup();
}

bool CapabilityProbe::isBusy(const QString &connectionId, const QString &model) const
{
    return m_running.contains(key(connectionId, model));
}

void CapabilityProbe::store(const QString &connectionId,
                            const QString &model,
                            const VisionCapability &c)
{
    if (c.vision == VisionCapability::Vision::Unknown) {
        // Say what is known (a detail) without forgetting an earlier decisive answer.
        auto it = m_cache.find(key(connectionId, model));
        if (it == m_cache.end())
            m_cache.insert(key(connectionId, model), c);
        return;
    }
    m_cache.insert(key(connectionId, model), c);
    if (!m_settings)
        return;
    // The verdict and its reasons only: no token, no address.
    const QString k = settingsKey(connectionId, model);
    m_settings->setValue(k + QStringLiteral("/vision"), visionKey(c.vision));
    m_settings->setValue(k + QStringLiteral("/source"), int(c.source));
    m_settings->setValue(k + QStringLiteral("/why"), c.why);
    m_settings->setValue(k + QStringLiteral("/detail"), c.detail);
}

void CapabilityProbe::finish(const QString &connectionId,
                             const QString &model,
                             const VisionCapability &c)
{
    m_running.remove(key(connectionId, model));
    store(connectionId, model, c);
    emit capabilityKnown(connectionId, model, c);
}

void CapabilityProbe::probeMetadata(const Connection &connection,
                                    const QByteArray &token,
                                    const QString &model)
{
    const QString id = connection.id;
    if (m_running.contains(key(id, model)))
        return;
    QList<Step> steps;
    if (connection.kind == Connection::Kind::Databricks) {
        QUrl url = connection.address();
        url.setPath(url.path().chopped(url.path().endsWith(QLatin1Char('/')) ? 1 : 0)
                        + QStringLiteral("/api/2.0/serving-endpoints/")
                        + QString::fromLatin1(QUrl::toPercentEncoding(model)),
                    QUrl::TolerantMode);
        steps << Step{url, {}, parseDatabricksEndpoint};
    } else if (connection.kind != Connection::Kind::OpenAI) {
        // Ollama and llama.cpp answer their own routes at the server's root, next to /v1.
        QUrl root(connection.baseUrl);
        QString path = root.path();
        while (path.endsWith(QLatin1Char('/')))
            path.chop(1);
        if (path.endsWith(QLatin1String("/v1")))
            path.chop(3);
        auto at = [&](const QString &p) {
            QUrl u = root;
            u.setPath(path + p);
            u.setQuery(QString());
            return u;
        };
        const QByteArray show = QJsonDocument(QJsonObject{{QStringLiteral("model"), model}})
                                    .toJson(QJsonDocument::Compact);
        steps << Step{at(QStringLiteral("/api/show")), show, parseOllamaShow};
        if (connection.kind == Connection::Kind::Compatible) {
            steps << Step{at(QStringLiteral("/props")), {}, parseLlamaCppProps};
            steps << Step{connection.modelsUrl(),
                          {},
                          [model](const QByteArray &body, QString *error) {
                              return parseLlamaCppModels(body, model, error);
                          }};
        }
    }
    if (steps.isEmpty()) {
        VisionCapability c;
        c.why = Tr::tr("The server does not say which models see images: use Test Vision.");
        QMetaObject::invokeMethod(
            this,
            [this, id, model, c] { emit capabilityKnown(id, model, c); },
            Qt::QueuedConnection);
        return;
    }
    runSteps(id, model, token, steps);
}

void CapabilityProbe::runSteps(const QString &connectionId,
                               const QString &model,
                               const QByteArray &token,
                               QList<Step> steps)
{
    const QString k = key(connectionId, model);
    if (!m_nam) {
        VisionCapability c;
        c.why = Tr::tr("The network is not available.");
        QMetaObject::invokeMethod(
            this,
            [this, connectionId, model, c] { finish(connectionId, model, c); },
            Qt::QueuedConnection);
        return;
    }
    const Step step = steps.takeFirst();
    QNetworkRequest request(step.url);
    request.setRawHeader("Accept", "application/json");
    request.setHeader(QNetworkRequest::UserAgentHeader,
                      QStringLiteral("Squint/%1").arg(QCoreApplication::applicationVersion()));
    if (!token.isEmpty())
        request.setRawHeader("Authorization", QByteArrayLiteral("Bearer ") + token);
    request.setTransferTimeout(MetadataTimeoutMs);
    setCredentialRedirectPolicy(request);
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    request.setAttribute(QNetworkRequest::CacheSaveControlAttribute, false);
    QNetworkReply *reply;
    if (step.postBody.isEmpty()) {
        reply = m_nam->get(request);
    } else {
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        reply = m_nam->post(request, step.postBody);
    }
    reply->setParent(this);
    m_running.insert(k, reply);
    // The token stays on the connection's server: a redirect elsewhere is refused before it is followed.
    guardRedirects(reply, step.url, this, [reply](const QString &why, int) {
        reply->setProperty("squintRefused", why);
    });
    connect(reply, &QNetworkReply::downloadProgress, this, [reply](qint64 received, qint64) {
        if (received > MaxCapabilityBodyBytes && !reply->property("squintTooLarge").toBool()) {
            reply->setProperty("squintTooLarge", true);
            reply->abort();
        }
    });
    connect(
        reply,
        &QNetworkReply::finished,
        this,
        [this, reply, step, steps, connectionId, model, token, k] {
            reply->deleteLater();
            if (m_running.value(k) != reply)
                return;
            m_running.remove(k);
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            const bool tooLarge = reply->property("squintTooLarge").toBool();
            const QString refused = reply->property("squintRefused").toString();
            const QByteArray body = reply->isOpen() && !tooLarge
                                        ? reply->read(MaxCapabilityBodyBytes)
                                        : QByteArray();
            VisionCapability c;
            if (!refused.isEmpty()) {
                c.why = refused;
            } else if (tooLarge) {
                c.why = Tr::tr("The server's description of the model is over %1 MB; Squint does "
                               "not read it.")
                            .arg(MaxCapabilityBodyBytes >> 20);
            } else if (status >= 200 && status < 300 && reply->error() == QNetworkReply::NoError) {
                QString error;
                c = step.parse(body, &error);
                if (!error.isEmpty())
                    c.why = redactSecret(Tr::tr("%1 answered, but %2").arg(step.url.path(), error),
                                         token);
            } else if (status > 0) {
                c.why = Tr::tr("%1 answered HTTP %2.").arg(step.url.path()).arg(status);
            } else {
                c.why = redactSecret(reply->errorString(), token);
            }
            if (c.vision != VisionCapability::Vision::Unknown || steps.isEmpty()) {
                // A detail from an earlier step is kept when this one says nothing more.
                finish(connectionId, model, c);
                return;
            }
            runSteps(connectionId, model, token, steps);
        });
}

void CapabilityProbe::testVision(const QString &connectionId,
                                 const ChatTarget &target,
                                 const QString &model)
{
    const QString k = key(connectionId, model);
    // The user asked: a test replaces a metadata probe still running (and a test, a test).
    if (QObject *running = m_running.take(k)) {
        if (auto *reply = qobject_cast<QNetworkReply *>(running))
            reply->abort();
        else if (auto *call = qobject_cast<ChatCall *>(running))
            call->stop();
    }
    ChatRequest request;
    request.url = target.chatUrl;
    request.token = target.token;
    request.transferTimeoutMs = target.transferTimeoutMs;
    request.body.model = model;
    request.body.stream = false;
    request.body.maxTokensField = target.maxTokensField;
    BodyMessage message;
    message.text = visionTestQuestion();
    BodyImage image;
    image.mime = QStringLiteral("image/png");
    image.data = visionTestImage();
    image.size = image.data.size();
    message.images << image;
    request.body.messages << message;
    auto *call = new ChatCall(m_nam, request, this);
    m_running.insert(k, call);
    connect(call,
            &ChatCall::finished,
            this,
            [this, call, connectionId, model, k](const ChatOutcome &outcome) {
                call->deleteLater();
                if (m_running.value(k) != call)
                    return;
                finish(connectionId, model, classifyVisionTest(outcome, call->text()));
            });
    call->start();
}

} // namespace squint
