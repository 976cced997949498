#pragma once

#include "core/catalog/catalog.h"
#include "core/images/imageinfo.h"

#include <QByteArray>
#include <QSize>
#include <QStringList>

#include <optional>

namespace squint {

/// What must happen to an image before it can go into a request for a model.
struct SendPlan
{
    enum class Action {
        AsIs,      ///< the original bytes go as they are
        Convert,   ///< the format is not accepted: re-encode (JPEG for photos, PNG otherwise)
        Downscale, ///< larger than the model's side limit: scale down and re-encode
        /// Format and size suit the model, but the file carries metadata (EXIF with GPS position,
        /// camera, serial numbers; XMP; comments): it goes without, removed losslessly, or
        /// re-encoded in its own format when the EXIF orientation must be applied to the pixels.
        Clean,
    };
    Action action = Action::AsIs;
    QByteArray targetFormat; ///< format that will be sent
    QSize targetSize;        ///< pixel size that will be sent
    /// A stable key for the variant this plan produces, so prepared bytes can be reused.
    QString key() const;
    bool operator==(const SendPlan &o) const
    {
        return action == o.action && targetFormat == o.targetFormat && targetSize == o.targetSize;
    }
};

/// Pure: the plan for one image under `limits` when the request holds `imageCount` images. Images
/// whose original would go as it is, metadata included, get a Clean plan unless `keepMetadata` (the
/// user asked to send location and camera data); Convert and Downscale re-encode, which drops it.
SendPlan planForSend(const ImageInfo &info,
                     const ModelLimits &limits,
                     int imageCount,
                     bool keepMetadata = false);

/// Whether `plan` sends bytes without the metadata the original has (location, camera, comments).
bool planRemovesMetadata(const ImageInfo &info, const SendPlan &plan);

/// Bytes ready to send, with a record of what was done to the original.
struct PreparedImage
{
    QByteArray bytes;      ///< the encoded image, or empty when it is kept in `path`
    QString path;          ///< a file in Squint's cache holding the bytes (Intake moves them there)
    qint64 byteCount = 0;  ///< size of the encoded image, wherever it is kept
    QByteArray format;
    QSize size;
    int quality = -1;      ///< JPEG quality used, -1 for lossless or untouched
    QStringList changes;   ///< for the user: "Scaled 6000 x 4000 to 1568 x 1045", "Removed EXIF and GPS"...
    QString key;           ///< SendPlan::key() or the fit key it was made for
    bool firstTry
        = false; ///< fitDecoded(): the first encoding met the budget (no search, no shrinking)
    bool isNull() const { return byteCount <= 0; }
    /// The encoded bytes, from memory or from the cache file (empty if that file is gone).
    QByteArray data() const;
};

/// Carries out a Convert, Downscale or Clean plan on the original bytes. Empty result with *error on failure.
PreparedImage prepareForSend(const QByteArray &original, const ImageInfo &info, const SendPlan &plan,
                             QString *error = nullptr);
/// The long edge prepareForSend() decodes `plan` at (0 = full size).
int decodeEdgeFor(const SendPlan &plan);
/// prepareForSend() after its decode: `decoded` is decodeImageScaled(original, decodeEdgeFor(plan))
/// or the same made from pixels decoded once (scaledFromDecoded()).
PreparedImage prepareDecoded(const QImage &decoded,
                             const ImageInfo &info,
                             const SendPlan &plan,
                             QString *error = nullptr);

/// Goal of "Fit to model" for one image.
struct FitTarget
{
    int longEdge = 0;        ///< scale down to this long edge (model's recommendation, within its side cap)
    qint64 maxBytes = 0;     ///< bytes the encoded image may take (0 = no budget)
    QStringList formats;     ///< formats the model accepts
    bool operator==(const FitTarget &o) const
    {
        return longEdge == o.longEdge && maxBytes == o.maxBytes && formats == o.formats;
    }
};

/// "Fit to model" for one image: downscale to the target long edge, re-encode (JPEG with a quality
/// search for photos; PNG for screenshots and transparency, JPEG only if PNG can't meet the budget
/// and the image is opaque), strip metadata (losslessly when nothing else changes). Originals are never
/// touched: this works on bytes in memory. Returns an empty image with *error if the budget can't be met.
PreparedImage fitImage(const QByteArray &original, const ImageInfo &info, const FitTarget &target,
                       QString *error = nullptr);
/// fitImage()'s first step, which needs no pixels: the original as it is, or without its metadata,
/// when that already meets the target. Nothing when the image must be decoded.
std::optional<PreparedImage> fitWithoutDecode(const QByteArray &original,
                                              const ImageInfo &info,
                                              const FitTarget &target);
/// Whether fitImage() will have to decode the image for `target`, judged from its facts alone (an
/// image within every limit except a little metadata counts as not needing it).
bool fitNeedsDecode(const ImageInfo &info, const FitTarget &target);
/// fitImage() after its decode: `decoded` is decodeImageScaled(original, target.longEdge) or the
/// same made from pixels decoded once (scaledFromDecoded()).
PreparedImage fitDecoded(const QImage &decoded,
                         const ImageInfo &info,
                         const FitTarget &target,
                         QString *error = nullptr);

/// Fit targets for every image of a request so that the whole request fits `limits`: each image gets
/// an equal share of what the request body allows after `fixedOverheadBytes` (JSON framing and
/// prompt), never more than the per-image cap. `imageCount` images share the budget.
FitTarget fitTargetFor(const ModelLimits &limits, int imageCount, qint64 fixedOverheadBytes);

/// How hard a PNG encoding compresses. The pixels are the same either way (PNG is lossless); Fast
/// (zlib level 1) takes about a quarter of the time of Thorough (libpng's default level) for files
/// 15 to 30 % larger. Squint encodes Fast first and goes Thorough only when the bytes must shrink.
enum class PngEffort { Fast, Thorough };

/// Encodes `image` as `format` ("jpeg" with `quality`, "png" with `effort`), with no metadata.
QByteArray encodeImage(const QImage &image,
                       const QByteArray &format,
                       int quality = 85,
                       PngEffort effort = PngEffort::Fast);

} // namespace squint
