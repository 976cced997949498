#include "core/compose/evaluation.h"
#include "core/util/format.h"

#include "core/util/base64.h"
#include "core/chat/requestbody.h"
#include "core/catalog/tokens.h"

#include <QCoreApplication>
#include <QLocale>

namespace squint {

// Translation context for this file's messages (lupdate reads it from here).
namespace {
class Tr
{
    Q_DECLARE_TR_FUNCTIONS(squint::Evaluation)
};
} // namespace

namespace {

QString fmt(const QByteArray &f) { return QString::fromLatin1(f).toUpper(); }

// Rough size of an image Squint has not re-encoded yet, so meters move at once; replaced by the
// real figure as soon as the worker has encoded it. Biased high, as a meter should be.
qint64 estimateEncodedBytes(QSize size, const QByteArray &format)
{
    const double pixels = double(size.width()) * size.height();
    return qint64(pixels * (format == "jpeg" ? 0.5 : 2.0)) + 1024;
}

} // namespace

Meter::Level levelFor(qint64 value, qint64 limit)
{
    if (limit <= 0)
        return Meter::Level::Ok;
    if (value > limit)
        return Meter::Level::Over;
    if (double(value) >= NearFraction * double(limit))
        return Meter::Level::Near;
    return Meter::Level::Ok;
}

int RequestContext::historyImageCount() const
{
    int n = 0;
    for (const BodyMessage &m : history)
        n += int(m.images.size());
    return n;
}

namespace {
/// The request before the new turn's message: the model, the system prompt and the earlier turns.
ChatBodySpec contextSpec(const ModelProfile &profile, const RequestContext &context)
{
    ChatBodySpec spec;
    spec.model = profile.endpoint;
    spec.system = context.system;
    spec.messages = context.history;
    return spec;
}
} // namespace

Evaluation evaluate(const ModelProfile &profile, const QList<ItemFacts> &items, const QString &prompt,
                    const RequestContext &context)
{
    Evaluation ev;
    const ModelLimits &L = profile.limits;
    const int earlier = context.historyImageCount();

    int ready = 0, loading = 0, failed = 0;
    for (const ItemFacts &f : items) {
        ready += f.stage == ItemFacts::Stage::Ready;
        loading += f.stage == ItemFacts::Stage::Loading;
        failed += f.stage == ItemFacts::Stage::Failed;
    }
    const int maxSide = L.maxPixelsFor(ready + earlier);
    // While there are more images than the model takes, the user has to remove some first, and the
    // plans themselves depend on the count: preparing variants now would be wasted work.
    const bool countOver = L.maxImages > 0 && ready + earlier > L.maxImages;

    ChatBodySpec spec = contextSpec(profile, context);
    BodyMessage msg;
    msg.text = prompt;

    bool anyEstimate = loading > 0;
    bool anyPreparing = false;
    QString firstTooLarge;
    qint64 tokens = context.historyImageTokens;

    for (const ItemFacts &f : items) {
        ItemVerdict v;
        if (f.stage == ItemFacts::Stage::Loading) {
            v.state = ItemVerdict::State::Loading;
            v.label = v.text = Tr::tr("Reading…");
            ev.items << v;
            continue;
        }
        if (f.stage == ItemFacts::Stage::Failed) {
            v.state = ItemVerdict::State::Failed;
            v.label = Tr::tr("Can't use");
            v.text = f.error;
            ev.items << v;
            continue;
        }

        QByteArray sendFormat;
        const bool fittedUsable = !f.fittedFormat.isEmpty() && L.accepts(QString::fromLatin1(f.fittedFormat))
                                  && (maxSide <= 0 || std::max(f.fittedSize.width(), f.fittedSize.height()) <= maxSide);
        if (fittedUsable) {
            v.state = ItemVerdict::State::Fitted;
            v.label = Tr::tr("Fitted");
            v.sendBytes = f.fittedBytes;
            v.sendSize = f.fittedSize;
            sendFormat = f.fittedFormat;
            v.metadataRemoved = f.info.hasMetadata; // Fit to Model never keeps it
            v.text = Tr::tr("Fitted: %1 %2, %3")
                         .arg(fmt(f.fittedFormat),
                              formatPixelSize(f.fittedSize),
                              formatBytes(f.fittedBytes));
        } else {
            v.plan = planForSend(f.info, L, ready + earlier, context.keepMetadata);
            sendFormat = v.plan.targetFormat;
            v.sendSize = v.plan.targetSize;
            v.metadataRemoved = planRemovesMetadata(f.info, v.plan);
            const bool asIs = v.plan.action == SendPlan::Action::AsIs
                              || v.plan.action == SendPlan::Action::Clean;
            if (asIs) {
                v.state = ItemVerdict::State::Ok;
                v.label = Tr::tr("Ready");
                v.sendBytes = f.info.fileBytes;
                v.text = f.info.animated ? Tr::tr("Ready (animated: models read the first frame)") : Tr::tr("Ready");
            } else {
                const bool convert = v.plan.action == SendPlan::Action::Convert;
                v.state = convert ? ItemVerdict::State::Convert : ItemVerdict::State::Downscale;
                v.label = convert ? Tr::tr("Converts to %1").arg(fmt(v.plan.targetFormat)) : Tr::tr("Scales down");
                v.text
                    = convert
                          ? Tr::tr("Will be converted from %1 to %2")
                                .arg(fmt(f.info.format), fmt(v.plan.targetFormat))
                          : Tr::tr(
                                "Will be scaled down to %1 (the model takes at most %2 px a side)")
                                .arg(formatPixelSize(v.plan.targetSize))
                                .arg(maxSide);
            }
            if (v.plan.action != SendPlan::Action::AsIs) {
                if (f.preparedKey == v.plan.key() && f.preparedBytes > 0) {
                    v.sendBytes = f.preparedBytes;
                    v.sendSize = f.preparedSize;
                } else if (f.preparedKey == v.plan.key() && !f.prepareError.isEmpty()) {
                    v.state = ItemVerdict::State::Failed;
                    v.label = Tr::tr("Can't use");
                    v.text = Tr::tr("Can't be prepared for this model: %1").arg(f.prepareError);
                    v.blocking = true;
                } else {
                    v.needsPrepare = !countOver;
                    // Removing metadata losslessly leaves the file a little smaller; turning a
                    // rotated image upright re-encodes it.
                    if (!asIs || f.info.rotated)
                        v.sendBytes = estimateEncodedBytes(v.plan.targetSize, v.plan.targetFormat);
                    anyPreparing = true;
                }
            }
        }
        if (v.state != ItemVerdict::State::Failed) {
            const qint64 b64 = base64Length(v.sendBytes);
            if (L.maxImageBytes > 0 && b64 > L.maxImageBytes && !v.needsPrepare) {
                v.state = ItemVerdict::State::TooLarge;
                v.label = Tr::tr("Too large");
                v.text = Tr::tr(
                             "%1 as sent (base64), over the model's %2 per image: use Fit to Model")
                             .arg(formatBytes(b64), formatBytes(L.maxImageBytes));
                v.blocking = true;
                if (firstTooLarge.isEmpty())
                    firstTooLarge = f.name;
            }
            v.requestBytes = imagePartBytes(mimeForFormat(sendFormat), v.sendBytes);
            v.tokens = estimateImageTokens(profile.tokens, v.sendSize);
            tokens += v.tokens;
            BodyImage img;
            img.mime = mimeForFormat(sendFormat);
            img.size = v.sendBytes;
            if (context.labelImages)
                img.label = imageLabel(int(msg.images.size()) + 1);
            msg.images << img;
        }
        ev.items << v;
    }
    spec.messages << msg;
    anyEstimate = anyEstimate || anyPreparing;

    // Count
    const int sending = int(msg.images.size()) + earlier;
    ev.count.value = sending;
    ev.count.limit = L.maxImages;
    ev.count.level = levelFor(sending, L.maxImages);
    ev.count.estimate = loading > 0;
    ev.count.text = L.maxImages > 0 ? Tr::tr("Images: %1 of %2").arg(sending).arg(L.maxImages)
                                    : Tr::tr("Images: %1 (no known limit)").arg(sending);
    if (earlier > 0)
        ev.count.text += QLatin1Char(' ') + Tr::tr("(%n from earlier turns)", nullptr, earlier);

    // Payload: the exact size of the JSON body as it would be sent now.
    ev.payload.value = chatBodySize(spec);
    ev.payload.limit = L.maxRequestBytes;
    ev.payload.level = levelFor(ev.payload.value, L.maxRequestBytes);
    ev.payload.estimate = anyEstimate;
    const QString approx = anyEstimate ? Tr::tr("about ") : QString();
    ev.payload.text
        = L.maxRequestBytes > 0
              ? Tr::tr("Request: %1%2 of %3")
                    .arg(approx, formatBytes(ev.payload.value), formatBytes(L.maxRequestBytes))
              : Tr::tr("Request: %1%2 (no known limit)").arg(approx, formatBytes(ev.payload.value));

    // Tokens: an estimate by nature; no per-request image-token limit is documented.
    ev.tokens.value = tokens;
    ev.tokens.estimate = true;
    ev.tokens.text = Tr::tr("Image tokens: about %1").arg(QLocale().toString(tokens));

    // What keeps Send disabled, most important first.
    const bool visionBlocks = ready > 0 && !context.noVision.isEmpty() && context.noVisionBlocks;
    if (loading > 0)
        ev.blocker = Tr::tr("Reading %n image(s)…", nullptr, loading);
    else if (visionBlocks)
        ev.blocker = Tr::tr("%1 cannot see images: %2 Remove the images or choose another model.")
                         .arg(profile.displayName, context.noVision);
    else if (ev.count.level == Meter::Level::Over)
        ev.blocker = earlier > 0
                         ? Tr::tr("%1 images with the earlier turns', but %2 takes at most %3 per request: remove %4 "
                                  "or leave earlier images out.")
                               .arg(sending)
                               .arg(profile.displayName)
                               .arg(L.maxImages)
                               .arg(sending - L.maxImages)
                         : Tr::tr("%1 images, but %2 takes at most %3 per request: remove %4.")
                               .arg(sending)
                               .arg(profile.displayName)
                               .arg(L.maxImages)
                               .arg(sending - L.maxImages);
    else if (!firstTooLarge.isEmpty())
        ev.blocker = Tr::tr("“%1” is over the model's per-image limit: use Fit to Model or remove it.").arg(firstTooLarge);
    else if (std::any_of(ev.items.begin(), ev.items.end(), [](const ItemVerdict &v) { return v.blocking; }))
        ev.blocker = Tr::tr("An image can't be prepared for this model: remove it or choose another model.");
    else if (anyPreparing)
        ev.blocker = Tr::tr("Preparing images for %1…").arg(profile.displayName);
    else if (ev.payload.level == Meter::Level::Over)
        ev.blocker
            = Tr::tr(
                  "The request is %1, but %2 takes at most %3: use Fit to Model or remove images.")
                  .arg(formatBytes(ev.payload.value),
                       profile.displayName,
                       formatBytes(L.maxRequestBytes));
    else if (msg.images.isEmpty() && prompt.trimmed().isEmpty())
        ev.blocker = Tr::tr("Type a question or add images.");
    ev.canSend = ev.blocker.isEmpty();

    if (failed > 0)
        ev.notes << Tr::tr("%n image(s) can't be used and will be left out.", nullptr, failed);
    if (ready > 0 && !context.noVision.isEmpty() && !context.noVisionBlocks)
        ev.notes << Tr::tr("%1 may not see images: %2").arg(profile.displayName, context.noVision);
    if (profile.generic)
        ev.notes << Tr::tr("“%1” is not in Squint's catalog: conservative limits apply.").arg(profile.endpoint);
    return ev;
}

FitTarget fitTargetForTurn(const ModelProfile &profile, const RequestContext &context, const QString &prompt,
                           int imageCount)
{
    ChatBodySpec spec = contextSpec(profile, context);
    BodyMessage msg;
    msg.text = prompt;
    spec.messages << msg;
    // Leave a little room for the prompt to grow after fitting. Earlier turns' images take their share.
    const qint64 overhead = chatBodySize(spec) + 4096;
    FitTarget target = fitTargetFor(profile.limits, imageCount, overhead);
    const int sideWithHistory = profile.limits.maxPixelsFor(imageCount + context.historyImageCount());
    if (sideWithHistory > 0 && sideWithHistory < target.longEdge)
        target.longEdge = sideWithHistory;
    return target;
}

} // namespace squint
