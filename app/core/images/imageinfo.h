#pragma once

#include <QByteArray>
#include <QImage>
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

/// Decodes the full image, oriented, in a format ready to scale and encode; null with *error on failure.
QImage decodeImage(const QByteArray &bytes, QString *error = nullptr);

/// Decodes with the long edge brought down to at most `longEdge` (0 = full size), using scaled
/// decoding where the format supports it (JPEG): far less memory and time for big photos.
QImage decodeImageScaled(const QByteArray &bytes, int longEdge, QString *error = nullptr);

/// Whether this build can read `format` (Qt plugins, plus libheif when built with it).
bool canDecodeFormat(const QByteArray &format);

} // namespace squint
