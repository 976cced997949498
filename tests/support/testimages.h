// Generated test fixtures: real image files (and deliberately broken ones) made at run time, so no
// binary file is committed. Everything is deterministic (fixed seeds).
#pragma once

#include <QByteArray>
#include <QImage>
#include <QList>
#include <QSize>
#include <QString>
#include <QStringList>

namespace squint::test {

// ---- pixels ----------------------------------------------------------------------------------------

/// A photo-like image: smooth gradients with per-pixel noise (many distinct colours, like a photo).
QImage photoImage(QSize size, quint32 seed = 1);
/// A screenshot-like image: a few flat colour areas with thin lines (few distinct colours).
QImage screenshotImage(QSize size);
/// A screenshot-like image with a transparent border and a half-transparent band (ARGB32).
QImage alphaImage(QSize size);

// ---- encoded bytes ---------------------------------------------------------------------------------

/// Encodes with Qt's writer plugins ("jpeg", "png", "webp", "tiff", "bmp"); quality -1 = default.
QByteArray encode(const QImage &image, const char *format, int quality = -1);
QByteArray photoJpeg(QSize size, int quality = 90, quint32 seed = 1);
QByteArray photoPng(QSize size, quint32 seed = 1);
QByteArray screenshotPng(QSize size);
QByteArray alphaPng(QSize size);
/// GIF89a written by hand (Qt's gif plugin only reads): 6x6x6 colour cube palette, one frame per image.
/// More than one image gives an animated GIF (NETSCAPE2.0 loop extension).
QByteArray gif(const QList<QImage> &frames, int delayCs = 10);
QByteArray gifBytes(QSize size);
QByteArray animatedGifBytes(QSize size, int frames = 3);
QByteArray webpBytes(QSize size);
QByteArray tiffBytes(const QImage &image);
QByteArray bmpBytes(const QImage &image);

/// HEIC / AVIF encoded through libheif when this build has it and an encoder is available at run time;
/// otherwise empty, with the reason in *why.
QByteArray heifBytes(const QImage &image, bool avif, QString *why);

// ---- metadata --------------------------------------------------------------------------------------

/// A JPEG APP1 EXIF segment (marker included): big-endian TIFF block whose IFD0 holds the orientation
/// (1..8) and, if `gps`, a GPS IFD pointer (tag 0x8825) to a GPS IFD with a version and a latitude ref.
QByteArray exifApp1(int orientation, bool gps);
/// `jpeg` with `segment` inserted right after SOI.
QByteArray insertAfterSoi(const QByteArray &jpeg, const QByteArray &segment);
/// A JPEG with an EXIF block (orientation, optional GPS) and a COM comment.
QByteArray jpegWithExif(const QByteArray &jpeg, int orientation, bool gps);

/// A real EXIF block (TIFF structure, byte order `little` "II" or big "MM", no "Exif\0\0" prefix) as a
/// phone writes it: IFD0 with Make "SquintCam", Model "SquintCam Z1", the orientation (1..8) and a GPS
/// IFD pointer; the GPS IFD holds version 2.2, latitude N 48 51' 29.6" and longitude E 2 17' 40.2"
/// (rationals), altitude 35 m and a GPS date stamp.
QByteArray gpsExifTiff(int orientation = 1, bool little = false);
/// An XMP packet that states the same position (exif:GPSLatitude, exif:GPSLongitude) and a city.
QByteArray gpsXmpPacket();
/// A JPEG with the GPS EXIF as APP1 "Exif" and the XMP packet as APP1 XMP, right after SOI.
QByteArray jpegWithGps(const QByteArray &jpeg, int orientation = 1);
/// A PNG with the GPS EXIF as an eXIf chunk (little-endian, as the PNG spec prefers) and the XMP as
/// an iTXt "XML:com.adobe.xmp" chunk, after IHDR.
QByteArray pngWithGps(const QByteArray &png);
/// A WebP turned into the extended format (VP8X with the EXIF and XMP flags) with "EXIF" and "XMP "
/// chunks after the image data; the RIFF size is fixed. Works on simple lossy (VP8) and lossless (VP8L)
/// files as Qt writes them.
QByteArray webpWithGps(const QByteArray &webp, QSize size);
/// Byte strings that only the GPS data above contains (the GPS IFD's latitude rational, the XMP
/// latitude, the camera model): none of them may be found in what is sent.
QList<QByteArray> gpsFingerprints();

// ---- PDF -----------------------------------------------------------------------------------------

/// A real PDF written by hand (no GUI needed): `pages` pages of `points` (1/72 inch, A4 by default),
/// each with its top half filled in pdfPageColour(page) and "Page N" in Helvetica below it; a
/// correct cross-reference table. Deterministic and fast (500 pages in well under a second).
QByteArray pdfBytes(int pages, QSizeF points = QSizeF(595, 842));
/// The colour of the top half of page `page` (1-based) in pdfBytes(): different for neighbours.
QRgb pdfPageColour(int page);
/// A PDF with the standard security handler and a user password (not empty): readers need the
/// password to open it.
QByteArray encryptedPdfBytes();
/// A PDF header followed by damage: no objects a reader can find pages in.
QByteArray damagedPdfBytes();

// ---- broken inputs ---------------------------------------------------------------------------------

/// The first `keepFraction` of the bytes.
QByteArray truncated(const QByteArray &bytes, double keepFraction = 0.5);
/// SOI and the JFIF APP0 segment of a real JPEG, then random bytes (no frame header, no EOI).
QByteArray corruptJpeg();
/// A valid, complete PNG of a few hundred bytes whose IHDR declares width x height pixels
/// (chunks and CRCs correct; the IDAT holds one tiny zlib stream).
QByteArray pngDeclaring(quint32 width, quint32 height);
/// An ISO-BMFF "ftyp heic" box followed by junk: looks like a HEIC file, isn't one.
QByteArray fakeHeic();
QByteArray pdfLike();
QByteArray textBytes();

/// Integers as bytes, for hand-built file structures.
QByteArray be16(quint32 v);
QByteArray be32(quint32 v);
QByteArray le16(quint32 v);
QByteArray le32(quint32 v);

/// PNG chunk with its length and CRC-32.
QByteArray pngChunk(const char type[4], const QByteArray &data);
quint32 crc32(const QByteArray &data);

// ---- files -----------------------------------------------------------------------------------------

/// Writes bytes to dir/name (creating folders) and returns the path; empty on failure.
QString writeFile(const QString &dir, const QString &name, const QByteArray &bytes);

/// A path that opening or reading fails on, with the reason in *how:
///  - not root: a real file with mode 000;
///  - root (permissions don't stop root): a symlink named .jpg to /proc/self/mem, which opens but
///    whose first read fails with EIO.
/// Empty (and *how says why) when neither can be made.
QString unreadableFile(const QString &dir, QString *how);
bool runningAsRoot();

/// A tree with images at several depths, a few non-image files, and a symlink from deep inside back up
/// to the root (a loop). Returns the number of image files in it (each counted once).
int makeTreeWithLoop(const QString &root);

/// `total` small files in `dir`: `images` distinct 2x2 PNGs named img-NNNNN.png, the rest tiny .txt
/// files. Fast (a few hundred ms).
void makeManyFiles(const QString &dir, int total, int images);

} // namespace squint::test
