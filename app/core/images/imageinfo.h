#pragma once

#include <QByteArray>
#include <QImage>
#include <QList>
#include <QSize>
#include <QString>

namespace squint {

/// What Squint knows about one image file after reading its header (and, for the thumbnail, a
/// scaled decode). Sizes are as displayed, after the EXIF orientation is applied.
struct ImageInfo
{
    QByteArray format;       ///< Qt format name: jpeg, png, gif, webp, tiff, bmp, heic, avif...
    QSize size;              ///< pixel size, oriented
    qint64 fileBytes = 0;    ///< bytes of the original
    bool hasAlpha = false;   ///< the image has transparency
    bool animated = false;   ///< more than one frame (GIF, WebP)
    bool hasMetadata = false;///< EXIF, XMP or text that Fit to model strips
    bool hasGps = false;     ///< EXIF holds a GPS position
    bool rotated = false;    ///< EXIF orientation is not "normal": stripping it means re-encoding
    bool photoLike = true;   ///< a photograph (JPEG suits it) rather than a screenshot or drawing
};

/// MIME type for a Qt format name ("jpeg" -> "image/jpeg").
QString mimeForFormat(const QByteArray &format);
/// Upper-case label for the UI ("jpeg" -> "JPEG").
QString formatLabel(const QByteArray &format);

/// Largest image Squint decodes: a guard against decompression bombs (a small file that declares
/// 40000 x 40000 pixels would need 6.4 GB of memory).
inline constexpr qint64 MaxDecodePixels = 150'000'000;
/// Largest file Squint reads as an image at all.
inline constexpr qint64 MaxFileBytes = 256LL * 1024 * 1024;

struct DecodeOptions
{
    int thumbnailEdge = 256; ///< box the thumbnail fits in; 0 = no thumbnail
};

/// The result of reading one image: info plus thumbnail, or a translated error.
struct ProbeResult
{
    bool ok = false;
    QString error;   ///< why the image can't be used, in words for the user
    ImageInfo info;
    QImage thumbnail;
};

/// Reads the header of `bytes` (format, size, alpha, frames, metadata), checks that the file is
/// complete and decodable, and decodes a thumbnail with scaled decoding where the format allows.
/// Never decodes more than MaxDecodePixels. Thread-safe; meant for worker threads.
ProbeResult probeImage(const QByteArray &bytes, const DecodeOptions &options = {});

/// probeImage() in two halves, for callers that decide what to decode once they know the header:
/// probeImage(bytes, options) is probeHeader(bytes) followed, when it is ok, by addThumbnail().
/// The header half reads no pixels (photoLike is then a guess from the format).
ProbeResult probeHeader(const QByteArray &bytes);
/// Decodes the thumbnail for a result of probeHeader() the way probeImage() does (scaled decoding,
/// the first scan of a progressive JPEG) and sets what the pixels tell: transparency, photo-likeness.
/// Clears `ok` with an error when the image data does not decode.
void addThumbnail(const QByteArray &bytes, ProbeResult &result, int thumbnailEdge = 256);

/// Decodes the full image, oriented, in a format ready to scale and encode; null with *error on failure.
QImage decodeImage(const QByteArray &bytes, QString *error = nullptr);

/// Decodes with the long edge brought down to at most `longEdge` (0 = full size), using scaled
/// decoding where the format supports it (JPEG, and WebP through libwebp when built with it): far
/// less memory and time for big photos. The same as decodeOnce(bytes, {longEdge}) then
/// scaledFromDecoded(decoded, longEdge).
QImage decodeImageScaled(const QByteArray &bytes, int longEdge, QString *error = nullptr);

/// Pixels decoded once for several later uses (a thumbnail, a conversion, a fitted variant), oriented.
struct DecodedImage
{
    QImage pixels;        ///< oriented; at least as large as every long edge it was decoded for
    QSize full;           ///< oriented size of the original
    bool reduced = false; ///< decoded below full size (JPEG's M/8, WebP's scaled decode)
    bool isNull() const { return pixels.isNull(); }
    /// Whether scaledFromDecoded(*this, longEdge) needs no new decode (0 = full size).
    bool serves(int longEdge) const;
};

/// The size decodeImageScaled(bytes, longEdge) returns for an original of oriented size `full`.
QSize decodedSizeFor(QSize full, int longEdge);

/// Decodes `bytes` once, oriented, at the smallest scale that serves every long edge of `longEdges`
/// (0 = full size): for a JPEG libjpeg's M/8 with the largest M any of them needs, for a still WebP
/// libwebp's scaled decode to the largest of them, for everything else the full image. Never decodes
/// more than MaxDecodePixels. Null with *error on failure.
DecodedImage decodeOnce(const QByteArray &bytes,
                        const QList<int> &longEdges,
                        QString *error = nullptr);

/// What decodeImageScaled(bytes, longEdge) returns, made from pixels decoded once: the very same
/// pixels when `decoded` is at the scale that long edge alone picks (always for full decodes; for a
/// JPEG decoded at a larger M/8, or a rotated one, the same picture within rounding). Needs
/// decoded.serves(longEdge).
QImage scaledFromDecoded(const DecodedImage &decoded, int longEdge);

/// addThumbnail() from pixels decoded once: the same thumbnail size and facts, the picture within
/// rounding of the scaled decode addThumbnail() would make.
void addThumbnailFrom(const DecodedImage &decoded, ProbeResult &result, int thumbnailEdge = 256);

/// Whether `bytes` is a progressive JPEG, whose thumbnail comes cheaply from its first scan while
/// any larger decode reads every scan.
bool isProgressiveJpeg(const QByteArray &bytes);

/// Whether this build can read `format` (Qt plugins, plus libheif when built with it).
bool canDecodeFormat(const QByteArray &format);

} // namespace squint
