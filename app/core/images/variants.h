#pragma once

#include "core/catalog/catalog.h"
#include "core/images/imageinfo.h"
#include "core/images/imageprep.h"

#include <QList>
#include <QString>

#include <optional>

namespace squint {

// One decode per image: what an arriving image will need besides its thumbnail is decided from
// the model's plan when it arrives, and everything is made from a single decode at the largest
// scale any step needs (Intake carries it out).

/// What the tray knows of the model when images arrive (the Composer fills it in).
struct IngestPlan
{
    bool active = false; ///< a model is chosen: plan its steps (otherwise thumbnails only)
    ModelLimits limits;
    int imageCount = 0;           ///< images the request will hold, earlier turns' included
    std::optional<FitTarget> fit; ///< what Fit to Model would aim each image at with that many images
    bool keepMetadata = false;    ///< the user sends location and camera data (no Clean plans)
};

/// The variants an image's one decode makes besides its thumbnail.
struct VariantSteps
{
    std::optional<SendPlan> convert; ///< the model's Convert or Downscale plan for it
    std::optional<FitTarget> fit;    ///< a Fit to Model variant made ahead
    bool isEmpty() const { return !convert && !fit; }
    /// The long edges decodeOnce() must serve for these steps (0 = full size).
    QList<int> longEdges() const;
};

/// Fitted variants are made ahead for trays of up to this many images. Past a hundred images a
/// request is rarely fitted as a whole (batch mode is for that), each image's share of the request is
/// a few kilobytes, and a fit to it costs several encodings: not work to do before it is asked for.
inline constexpr int MaxImagesFittedAhead = 100;

/// Pure: what an image with `info` will need under `plan`. A conversion when the model's plan asks
/// for one (as the evaluation will, so not while the image count is over the model's limit); a
/// fitted variant when the image alone is over its share of the request's bytes, so that Fit to
/// Model has to shrink it, and Fit would have to decode it (and the tray holds at most
/// MaxImagesFittedAhead images).
VariantSteps stepsFor(const ImageInfo &info, const IngestPlan &plan);

/// Identity of a fitted variant: what it was made for.
QString fitKey(const FitTarget &target);
/// Identity of a prepared (converted) variant.
QString convertKey(const SendPlan &plan);

/// Whether `made`, which fitImage() produced for `madeFor`, can stand for what it would produce for
/// `wanted`: the same target; or the same long edge and formats when the first encoding met the
/// budget and still meets the new one (fitImage would stop at the same encoding); or, after a
/// quality search, a budget within 2 % that it still meets (the prompt grew or shrank a little: the
/// search would land on the same quality or the step next to it).
bool fittedServes(const PreparedImage &made, const FitTarget &madeFor, const FitTarget &wanted);

} // namespace squint
