#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <optional>

namespace squint {

/// What metadata an encoded image carries. Pure header parsing: nothing is decoded.
struct MetadataScan
{
    bool hasExif = false;    ///< JPEG APP1 "Exif\0\0", PNG eXIf chunk, WebP "EXIF" chunk
    bool hasGps = false;     ///< an EXIF IFD0 holds the GPS IFD pointer (tag 0x8825)
    bool hasXmp = false;     ///< JPEG APP1 XMP (main or extended), PNG iTXt "XML:com.adobe.xmp", WebP "XMP " chunk
    bool hasText = false;    ///< JPEG COM and APP13 (Photoshop/IPTC), PNG tEXt/zTXt/iTXt other than XMP
    int exifOrientation = 1; ///< EXIF tag 0x0112 in IFD0 of the first EXIF block, 1..8; 1 when absent or invalid
    bool any() const { return hasExif || hasXmp || hasText; }
};

/// Scans `bytes` for metadata. `format` is a lower-case Qt format name: "jpeg" (or "jpg"), "png",
/// "webp"; any other format gives an empty scan. Best effort on damaged files: reports what it
/// saw before the damage.
MetadataScan scanMetadata(const QByteArray &bytes, QByteArrayView format);

/// The date and camera an EXIF block states, for captions. Empty strings when absent or unreadable.
struct ExifSummary
{
    /// DateTimeOriginal (tag 0x9003 in the Exif sub-IFD, pointer 0x8769), else DateTime (0x0132 in
    /// IFD0), as written: "YYYY:MM:DD HH:MM:SS" (whitespace simplified). Blank and all-zero dates
    /// ("    :  :     :  :  ", "0000:00:00 00:00:00"), which EXIF uses for "unknown", count as absent.
    QString dateTime;
    /// Make (0x010F) and Model (0x0110) of IFD0 joined by a space; the make is left out when the
    /// model already starts with it ("Canon" + "Canon EOS R5" gives "Canon EOS R5", "NIKON
    /// CORPORATION" + "NIKON D850" gives "NIKON D850"). Either alone when the other is missing.
    QString camera;
    bool isEmpty() const { return dateTime.isEmpty() && camera.isEmpty(); }
};

/// Summarises one EXIF block: a TIFF structure ("II" or "MM", 42, IFD0 offset), with or without
/// JPEG's "Exif\0\0" prefix. Pure and bounds-checked: offsets outside the block, cut entries and
/// strings, and IFD pointers that loop give empty fields, never a read outside `tiff`.
ExifSummary parseExifSummary(QByteArrayView tiff);

/// The summary of the first EXIF block of an encoded image, the format told by its signature: JPEG
/// (APP1 "Exif" before the first scan), PNG (eXIf chunk), WebP (EXIF chunk) or TIFF (the file itself
/// is the block). `bytes` may be only the head of the file: what lies past its end is not found.
/// Other formats, no EXIF, or damaged files: an empty summary.
ExifSummary readExifSummary(const QByteArray &bytes);

/// Lossless removal of EXIF (with GPS and orientation), XMP, comments and text chunks. The pixel
/// data is copied verbatim, and what is needed to show colours correctly stays (JPEG APP0 JFIF,
/// APP2 ICC_PROFILE, APP14 Adobe; PNG iCCP, sRGB, gAMA, cHRM, pHYs...).
///  - JPEG: drops APP1 (EXIF/XMP), APP13 (Photoshop IRB), COM and APP2 "MPF" anywhere before EOI,
///    copies every other segment and the entropy-coded data verbatim, and drops bytes after EOI
///    (appended images and videos of "multi-picture" and "motion" photos carry their own EXIF).
///  - PNG: drops tEXt, zTXt, iTXt, eXIf and tIME chunks and anything after IEND.
///  - WebP: drops EXIF and XMP chunks, clears their flags in VP8X and fixes the RIFF size.
/// Since the orientation goes with the EXIF, callers must re-encode rotated images instead
/// (MetadataScan::exifOrientation != 1). Returns std::nullopt when the structure is not understood
/// (unknown format, wrong signature, truncated): callers then re-encode.
std::optional<QByteArray> stripMetadata(const QByteArray &bytes, QByteArrayView format);

/// Cheap structural completeness check, used to say "the file is truncated" instead of showing a
/// half-grey image. JPEG: SOI, and the marker walk reaches EOI after at least one SOS. PNG:
/// signature, IHDR first, every chunk inside the file, up to IEND. WebP: the RIFF size fits the
/// file and its chunks fit the RIFF size. GIF: the block walk doesn't end inside a block. BMP
/// (uncompressed): the pixel rows fit in the file. Other formats: true.
bool looksComplete(const QByteArray &bytes, QByteArrayView format);

} // namespace squint
