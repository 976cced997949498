#pragma once

#include "core/catalog/catalog.h"
#include "core/images/imageinfo.h"
#include "core/images/imageprep.h"
#include "core/chat/requestbody.h"

#include <QList>
#include <QString>

namespace squint {

/// What the evaluation needs to know about one tray item. Filled by the tray model.
struct ItemFacts
{
    enum class Stage { Loading, Ready, Failed };
    Stage stage = Stage::Loading;
    QString name;
    QString error;
    ImageInfo info;
    /// A variant made by "Fit to model" (empty when none); used when it still suits the model.
    QByteArray fittedFormat;
    QSize fittedSize;
    qint64 fittedBytes = 0;
    /// A variant made for a Convert/Downscale plan, identified by SendPlan::key().
    QString preparedKey;
    qint64 preparedBytes = 0;
    QSize preparedSize;
    QString prepareError;
};

/// The state one item is in for the chosen model.
struct ItemVerdict
{
    enum class State {
        Loading,   ///< still being read
        Ok,        ///< goes as it is
        Convert,   ///< format not accepted: will be converted (plan.targetFormat)
        Downscale, ///< over the side limit: will be scaled down (plan.targetSize)
        Fitted,    ///< "Fit to model" made the variant that goes
        TooLarge,  ///< over the per-image byte limit: blocks sending until fitted or removed
        Failed,    ///< can't be used (error); left out of the request
    };
    State state = State::Loading;
    QString label;           ///< one or two words for the item's badge ("Ready", "Too large")
    QString text;            ///< the full sentence: what happens to the item and why
    SendPlan plan;
    bool needsPrepare = false; ///< plan needs bytes that are not made yet
    qint64 sendBytes = 0;    ///< raw bytes of the image as it will be sent (estimate while preparing)
    qint64 requestBytes = 0; ///< bytes it adds to the request body (base64 + JSON framing)
    QSize sendSize;          ///< pixel size as sent
    int tokens = 0;          ///< estimated image tokens for the model
    bool blocking = false;   ///< this item alone keeps Send disabled
    /// What goes carries none of the original's metadata (GPS position, camera, comments): the tray
    /// marks it "Location removed" (hasGps) or "Metadata removed".
    bool metadataRemoved = false;
};

struct Meter
{
    enum class Level { Ok, Near, Over };
    qint64 value = 0;
    qint64 limit = 0;        ///< 0: no known limit
    Level level = Level::Ok;
    bool estimate = false;   ///< some figures are still estimates (images being read or prepared)
    QString text;            ///< "3 of 5 images", "4.1 MB of 10 MB", for sighted and screen-reader users
};

/// Everything the window shows about the request as it would be sent now.
struct Evaluation
{
    QList<ItemVerdict> items; ///< same order as the facts
    Meter count;
    Meter payload;
    Meter tokens;
    bool canSend = false;
    QString blocker;          ///< why Send is disabled; empty when it is enabled
    QStringList notes;        ///< informative lines (left-out images, model caveats)
};

/// A meter is "near" from this fraction of its limit on.
inline constexpr double NearFraction = 0.8;

Meter::Level levelFor(qint64 value, qint64 limit);

/// What goes with the new turn in the same request: the system prompt and the earlier exchanges of
/// the conversation (their images count against the same limits).
struct RequestContext
{
    QString system;
    QList<BodyMessage> history;  ///< earlier user and assistant messages; images need mime and size only
    int historyImageTokens = 0;  ///< estimated tokens of the images in `history`
    bool labelImages = false;    ///< the new turn's images go labelled "Image 1:"... (Turn::labelImages)
    /// Not empty: the model is known not to see images (capabilities.h), and why. With images in the
    /// new turn, this blocks Send when `noVisionBlocks` (the server refuses them), else it is a note.
    QString noVision;
    bool noVisionBlocks = false;
    /// The user's choice to send images with their location and camera data (EXIF, XMP, comments)
    /// when nothing else re-encodes them; by default that data is removed (SendPlan::Action::Clean).
    bool keepMetadata = false;
    int historyImageCount() const;
};

/// Pure: evaluates the tray against a model. `prompt` is the text that will go with the images.
Evaluation evaluate(const ModelProfile &profile, const QList<ItemFacts> &items, const QString &prompt,
                    const RequestContext &context = {});

/// What "Fit to Model" aims each of `imageCount` images at so that a turn of `prompt` with them, after
/// `context`, fits `profile`: the model's recommended edge within its side cap (for the images with
/// the earlier turns' ones), and a byte budget that leaves a little room for the prompt to grow.
FitTarget fitTargetForTurn(const ModelProfile &profile, const RequestContext &context, const QString &prompt,
                           int imageCount);

} // namespace squint
