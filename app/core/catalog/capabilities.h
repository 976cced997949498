#pragma once

// What a model can take: whether it sees images, from what its server says about it (Ollama's
// /api/show, llama.cpp's /props and models list, a Databricks serving endpoint's details) or, when the
// server says nothing, from a test that sends one tiny red image and reads the answer.

#include "core/chat/chatcall.h"
#include "core/chat/chattarget.h"
#include "core/connections/connections.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QString>

class QNetworkAccessManager;
class QNetworkReply;
class QSettings;

namespace squint {

/// Whether a model sees images, and why Squint thinks so. Never holds a token.
struct VisionCapability
{
    enum class Vision {
        Unknown, ///< nothing said, or the question could not be asked
        Sees,    ///< the server says so, or the test image's colour was named
        Refuses, ///< the server says it can't, or rejected the test image
        Ignores, ///< the test image was accepted but the answer did not match it
    };
    enum class Source {
        None,
        OllamaShow,
        LlamaCppProps,
        LlamaCppModels,
        DatabricksEndpoint,
        VisionTest
    };

    Vision vision = Vision::Unknown;
    Source source = Source::None;
    QString why;    ///< one translated sentence, plain text (may quote the server's words)
    QString detail; ///< what else the server said about the model (family, task...), plain text
    /// A test that could not run failed at the server (an HTTP error, a bad answer), not on the way.
    bool serverError = false;

    /// Images attached to this model are known not to reach it (Refuses or Ignores).
    bool cannotSee() const { return vision == Vision::Refuses || vision == Vision::Ignores; }
    friend bool operator==(const VisionCapability &, const VisionCapability &) = default;
};

/// "sees images", "cannot see images", "ignores images", "unknown" (translated).
QString visionText(VisionCapability::Vision vision);
/// Stable names for JSON and settings: "sees", "refuses", "ignores", "unknown".
QString visionKey(VisionCapability::Vision vision);
VisionCapability::Vision visionFromKey(const QString &key);

/// The largest metadata answer read (a show reply with a long template or license fits easily).
inline constexpr qint64 MaxCapabilityBodyBytes = qint64(4) << 20;

/// Ollama `POST /api/show {"model": NAME}`: `capabilities` holding "vision" -> Sees; an array
/// without it -> Refuses; no array (older Ollama) -> Unknown. `details` (family, parameter_size)
/// goes to `detail`. Invalid JSON or an error body: Unknown with `error` set.
VisionCapability parseOllamaShow(QByteArrayView json, QString *error = nullptr);
/// llama.cpp `GET /props`: `modalities.vision` true -> Sees, false -> Refuses (no multimodal
/// projector loaded); absent (older builds) -> Unknown.
VisionCapability parseLlamaCppProps(QByteArrayView json, QString *error = nullptr);
/// llama.cpp `GET /v1/models`: the `models[]` entry named `model` (or the only one) whose
/// `capabilities` hold "multimodal" -> Sees; capabilities without it -> Refuses; else Unknown.
VisionCapability parseLlamaCppModels(QByteArrayView json,
                                     const QString &model,
                                     QString *error = nullptr);
/// Databricks `GET /api/2.0/serving-endpoints/{name}`: a task other than llm/v1/chat -> Refuses
/// (an embeddings or completions endpoint takes no images); a chat endpoint -> Unknown (the API does
/// not say whether it sees), with its served model in `detail`.
VisionCapability parseDatabricksEndpoint(QByteArrayView json, QString *error = nullptr);

/// The test image: a 64 x 64 PNG of pure red (255, 0, 0).
QByteArray visionTestImage();
/// The question that goes with it; the answer depends on seeing the image.
QString visionTestQuestion();
/// The verdict of a test: an answer naming red -> Sees; a 400, 415 or 422 -> Refuses with the
/// server's words; any other answer -> Ignores (quoting its start); other failures (network,
/// 401, 5xx...) -> Unknown with the error's message.
VisionCapability classifyVisionTest(const ChatOutcome &outcome, const QString &answer);

/// Runs the probes asynchronously and keeps their results per connection and model: in memory
/// for the session, and in `settings` (when given) under "capabilities/" — only the verdict, its
/// reason and source, never a token or an address' credentials.
class CapabilityProbe final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CapabilityProbe)
public:
    /// `nam` and `settings` (may be null) are owned elsewhere and must outlive the probe.
    explicit CapabilityProbe(QNetworkAccessManager *nam,
                             QSettings *settings = nullptr,
                             QObject *parent = nullptr);
    ~CapabilityProbe() override;

    /// What is known of `model` on `connectionId` (Unknown when nothing is).
    VisionCapability capability(const QString &connectionId, const QString &model) const;
    /// Forgets what is known of one model (empty model: of every model of the connection).
    void forget(const QString &connectionId, const QString &model = {});

    /// Asks the server about `model`: Ollama /api/show; a compatible server /api/show, then
    /// llama.cpp's /props and models list; Databricks the serving endpoint. Nothing for OpenAI.
    /// `token` goes only in the Authorization header, to the connection's own origin.
    /// Ends with capabilityKnown() (even when nothing was learnt; the cache keeps a decisive result).
    void probeMetadata(const Connection &connection, const QByteArray &token, const QString &model);
    /// Sends the test image to `model` with ChatCall (its redirect and redaction rules apply). It
    /// replaces a probe of the same model still running.
    void testVision(const QString &connectionId, const ChatTarget &target, const QString &model);
    /// A test or metadata probe of this model is running.
    bool isBusy(const QString &connectionId, const QString &model) const;

    /// Transfer timeout of a metadata request.
    static constexpr int MetadataTimeoutMs = 10'000;

signals:
    /// `capability` is what this probe found (a cache entry may say more when this one is Unknown).
    void capabilityKnown(const QString &connectionId,
                         const QString &model,
                         const squint::VisionCapability &capability);

private:
    struct Step;
    void runSteps(const QString &connectionId,
                  const QString &model,
                  const QByteArray &token,
                  QList<Step> steps);
    void store(const QString &connectionId, const QString &model, const VisionCapability &c);
    void finish(const QString &connectionId, const QString &model, const VisionCapability &c);
    static QString key(const QString &connectionId, const QString &model);

    QPointer<QNetworkAccessManager> m_nam;
    QSettings *m_settings = nullptr;
    QHash<QString, VisionCapability> m_cache;
    QHash<QString, QObject *> m_running; ///< key -> the reply or call in flight
};

} // namespace squint
