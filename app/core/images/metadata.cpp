#include "core/images/metadata.h"

#include <QtEndian>
#include <QtNumeric>

#include <algorithm>
#include <cstdlib>
#include <cstring>

// Every parser here reads untrusted bytes: each length is checked against what is left before it is
// used, each loop advances by at least one byte, and no offset arithmetic can overflow (offsets are
// qsizetype, lengths read from the file are at most 32 bits).

namespace squint {

namespace {

enum class Kind { Other, Jpeg, Png, Webp };

Kind kindOf(QByteArrayView format)
{
    if (format == "jpeg" || format == "jpg")
        return Kind::Jpeg;
    if (format == "png")
        return Kind::Png;
    if (format == "webp")
        return Kind::Webp;
    return Kind::Other;
}

// A literal with its embedded NULs (QByteArrayView's array constructor would stop at the first one).
template<qsizetype N>
constexpr QByteArrayView lit(const char (&s)[N])
{
    return QByteArrayView(s, N - 1);
}

const uchar *udata(QByteArrayView b) { return reinterpret_cast<const uchar *>(b.data()); }

// ---- EXIF -----------------------------------------------------------------------------------------

struct ExifFacts
{
    int orientation = 1;
    bool gps = false;
};

// An EXIF block is a small TIFF file: byte order ("II" little, "MM" big endian), 42, offset of IFD0.
// Only IFD0 is read: it holds the orientation and the pointer to the GPS IFD.
ExifFacts parseExif(QByteArrayView tiff)
{
    ExifFacts facts;
    // Some writers keep JPEG's "Exif\0\0" prefix in PNG and WebP too.
    if (tiff.startsWith(lit("Exif\0\0")))
        tiff = tiff.sliced(6);
    if (tiff.size() < 8)
        return facts;
    bool little;
    if (tiff.startsWith("II"))
        little = true;
    else if (tiff.startsWith("MM"))
        little = false;
    else
        return facts;
    const uchar *p = udata(tiff);
    const qsizetype n = tiff.size();
    // Callers check that [at, at + 2) or [at, at + 4) is inside the block.
    auto u16 = [&](qsizetype at) -> quint32 {
        return little ? qFromLittleEndian<quint16>(p + at) : qFromBigEndian<quint16>(p + at);
    };
    auto u32 = [&](qsizetype at) -> quint32 {
        return little ? qFromLittleEndian<quint32>(p + at) : qFromBigEndian<quint32>(p + at);
    };
    if (u16(2) != 42)
        return facts;
    const qsizetype ifd = u32(4);
    if (ifd < 8 || ifd > n - 2)
        return facts;
    // A cut IFD still yields the entries that are whole.
    const qsizetype count = std::min<qsizetype>(u16(ifd), (n - ifd - 2) / 12);
    for (qsizetype i = 0; i < count; ++i) {
        const qsizetype e = ifd + 2 + 12 * i; // tag, type, count, then a 4-byte value field
        const quint32 tag = u16(e);
        if (tag == 0x0112 && u32(e + 4) == 1) {
            // Orientation is a SHORT (type 3); a few writers use LONG (type 4).
            const quint32 type = u16(e + 2);
            const quint32 v = type == 3 ? u16(e + 8) : type == 4 ? u32(e + 8) : 0;
            if (v >= 1 && v <= 8)
                facts.orientation = int(v);
        } else if (tag == 0x8825) {
            facts.gps = true;
        }
    }
    return facts;
}

void noteExif(QByteArrayView tiff, MetadataScan &scan)
{
    const ExifFacts facts = parseExif(tiff);
    // Readers (Qt's among them) take the orientation from the first EXIF block; a position in any
    // block is still a position.
    if (!scan.hasExif)
        scan.exifOrientation = facts.orientation;
    scan.hasGps = scan.hasGps || facts.gps;
    scan.hasExif = true;
}

// ---- JPEG -----------------------------------------------------------------------------------------

struct JpegSegment
{
    uchar marker = 0;
    qsizetype start = 0;    ///< first byte of the segment (fill or stray bytes before the marker included)
    qsizetype end = 0;      ///< one past its last byte; for SOS that includes the entropy-coded data
    QByteArrayView payload; ///< the bytes after the length field (empty for standalone markers)
};

bool isRst(uchar m) { return m >= 0xD0 && m <= 0xD7; }

// Returns where the next marker starts after entropy-coded data at `pos`, or n when the data runs to
// the end. Inside that data 0xFF is always followed by 0x00 (stuffing) or a restart marker.
qsizetype skipEntropyData(const uchar *d, qsizetype n, qsizetype pos)
{
    while (pos < n) {
        const void *ff = std::memchr(d + pos, 0xFF, size_t(n - pos));
        if (!ff)
            return n;
        const qsizetype at = static_cast<const uchar *>(ff) - d;
        qsizetype next = at + 1;
        while (next < n && d[next] == 0xFF) // fill bytes before a marker
            ++next;
        if (next >= n)
            return n;
        if (d[next] != 0x00 && !isRst(d[next]))
            return at;
        pos = next + 1;
    }
    return n;
}

// Walks the markers from SOI to EOI, calling visit(const JpegSegment &) for each one in between.
// Returns the offset just past EOI, or -1 when the stream ends early or is not a JPEG.
template<typename Visit>
qsizetype walkJpeg(QByteArrayView b, Visit &&visit)
{
    const uchar *d = udata(b);
    const qsizetype n = b.size();
    if (n < 4 || d[0] != 0xFF || d[1] != 0xD8)
        return -1;
    qsizetype pos = 2;
    qsizetype start = pos;
    while (pos < n) {
        // libjpeg skips stray bytes before a marker (with a warning), so they don't mean "broken";
        // they are kept with the segment that follows.
        while (pos < n && d[pos] != 0xFF)
            ++pos;
        while (pos < n && d[pos] == 0xFF)
            ++pos;
        if (pos >= n)
            return -1;
        const uchar marker = d[pos++];
        if (marker == 0x00) // "FF 00" outside entropy data: more stray bytes
            continue;
        if (marker == 0xD9) // EOI
            return pos;
        if (marker == 0xD8) // a second SOI: not one image
            return -1;
        JpegSegment seg;
        seg.marker = marker;
        seg.start = start;
        if (marker != 0x01 && !isRst(marker)) { // all but TEM and RSTn carry a length
            if (n - pos < 2)
                return -1;
            const qsizetype len = qFromBigEndian<quint16>(d + pos);
            if (len < 2 || len > n - pos)
                return -1;
            seg.payload = b.sliced(pos + 2, len - 2);
            pos += len;
            if (marker == 0xDA) // SOS: the compressed data follows the header
                pos = skipEntropyData(d, n, pos);
        }
        seg.end = pos;
        visit(seg);
        start = pos;
    }
    return -1;
}

void scanJpeg(QByteArrayView b, MetadataScan &scan)
{
    walkJpeg(b, [&](const JpegSegment &s) {
        if (s.marker == 0xE1) { // APP1 holds EXIF or XMP, told apart by their identifiers
            if (s.payload.startsWith(lit("Exif\0")))
                noteExif(s.payload.sliced(std::min<qsizetype>(6, s.payload.size())), scan);
            else if (s.payload.startsWith(lit("http://ns.adobe.com/xap/1.0/\0"))
                     || s.payload.startsWith(lit("http://ns.adobe.com/xmp/extension/\0")))
                scan.hasXmp = true;
        } else if (s.marker == 0xFE) { // COM: free text
            scan.hasText = true;
        } else if (s.marker == 0xED && s.payload.startsWith(lit("Photoshop 3.0\0"))) {
            scan.hasText = true; // APP13 Photoshop resources: IPTC captions, keywords, credits
        }
    });
}

// Segments that carry no pixel or colour information but can carry personal data.
bool dropJpegSegment(const JpegSegment &s)
{
    switch (s.marker) {
    case 0xE1: // APP1: EXIF (with GPS and an embedded thumbnail) or XMP
    case 0xED: // APP13: Photoshop IRB / IPTC
    case 0xFE: // COM
        return true;
    case 0xE2: // APP2: keep ICC_PROFILE; MPF indexes the appended images, which are dropped
        return s.payload.startsWith(lit("MPF\0"));
    default:
        return false;
    }
}

std::optional<QByteArray> stripJpeg(QByteArrayView b)
{
    if (b.size() < 4)
        return std::nullopt;
    QByteArray out;
    out.reserve(b.size());
    out.append(b.first(2)); // SOI
    const qsizetype end = walkJpeg(b, [&](const JpegSegment &s) {
        if (!dropJpegSegment(s))
            out.append(b.sliced(s.start, s.end - s.start));
    });
    if (end < 0)
        return std::nullopt;
    out.append(lit("\xFF\xD9")); // EOI; whatever followed it is dropped
    return out;
}

bool jpegComplete(QByteArrayView b)
{
    bool sawScan = false;
    const qsizetype end = walkJpeg(b, [&](const JpegSegment &s) { sawScan = sawScan || s.marker == 0xDA; });
    return end >= 0 && sawScan;
}

// ---- PNG ------------------------------------------------------------------------------------------

struct PngChunk
{
    QByteArrayView type;
    QByteArrayView data;
    qsizetype start = 0; ///< the length field
    qsizetype end = 0;   ///< one past the CRC
};

// Walks the chunks after the signature, calling visit(const PngChunk &) for each, IEND included.
// Returns the offset just past IEND, or -1 when the signature, IHDR-first rule or a length is wrong.
template<typename Visit>
qsizetype walkPng(QByteArrayView b, Visit &&visit)
{
    if (!b.startsWith(lit("\x89PNG\r\n\x1A\n")))
        return -1;
    const uchar *d = udata(b);
    const qsizetype n = b.size();
    qsizetype pos = 8;
    while (n - pos >= 12) { // length, type, CRC
        const quint32 len = qFromBigEndian<quint32>(d + pos);
        if (len > 0x7FFFFFFFu || qsizetype(len) > n - pos - 12) // the spec caps lengths at 2^31 - 1
            return -1;
        PngChunk c;
        c.type = b.sliced(pos + 4, 4);
        c.data = b.sliced(pos + 8, qsizetype(len));
        c.start = pos;
        c.end = pos + 12 + qsizetype(len);
        if (pos == 8 && c.type != "IHDR")
            return -1;
        visit(c);
        if (c.type == "IEND")
            return c.end;
        pos = c.end;
    }
    return -1;
}

void scanPng(QByteArrayView b, MetadataScan &scan)
{
    walkPng(b, [&](const PngChunk &c) {
        if (c.type == "eXIf") {
            noteExif(c.data, scan);
        } else if (c.type == "iTXt") {
            // XMP travels as an iTXt chunk with this keyword; every other text chunk is "text".
            if (c.data.startsWith(lit("XML:com.adobe.xmp\0")))
                scan.hasXmp = true;
            else
                scan.hasText = true;
        } else if (c.type == "tEXt" || c.type == "zTXt") {
            scan.hasText = true;
        }
    });
}

bool dropPngChunk(const PngChunk &c)
{
    // Text, EXIF and the modification time; colour chunks (iCCP, sRGB, gAMA, cHRM), pHYs and
    // everything unknown stay. CRCs cover one chunk each, so kept chunks stay valid.
    return c.type == "tEXt" || c.type == "zTXt" || c.type == "iTXt" || c.type == "eXIf" || c.type == "tIME";
}

std::optional<QByteArray> stripPng(QByteArrayView b)
{
    if (b.size() < 8)
        return std::nullopt;
    QByteArray out;
    out.reserve(b.size());
    out.append(b.first(8)); // signature
    const qsizetype end = walkPng(b, [&](const PngChunk &c) {
        if (!dropPngChunk(c))
            out.append(b.sliced(c.start, c.end - c.start));
    });
    if (end < 0)
        return std::nullopt;
    return out;
}

// ---- WebP -----------------------------------------------------------------------------------------

struct WebpChunk
{
    QByteArrayView fourcc;
    QByteArrayView data;
    qsizetype start = 0;
    qsizetype end = 0; ///< past the pad byte that follows odd-sized chunks
};

constexpr uchar WebpExifFlag = 0x08;
constexpr uchar WebpXmpFlag = 0x04;

// Walks the chunks inside "RIFF" size "WEBP", calling visit(const WebpChunk &). Returns the end of
// the RIFF data, or -1 when the header is wrong, the RIFF size exceeds the file or a chunk its RIFF.
template<typename Visit>
qsizetype walkWebp(QByteArrayView b, Visit &&visit)
{
    if (b.size() < 12 || !b.startsWith("RIFF") || b.sliced(8, 4) != "WEBP")
        return -1;
    const uchar *d = udata(b);
    const qsizetype riff = qFromLittleEndian<quint32>(d + 4);
    if (riff < 4 || riff > b.size() - 8)
        return -1;
    const qsizetype end = 8 + riff;
    qsizetype pos = 12;
    while (pos < end) {
        if (end - pos < 8)
            return -1;
        const qsizetype size = qFromLittleEndian<quint32>(d + pos + 4);
        if (size > end - pos - 8)
            return -1;
        WebpChunk c;
        c.fourcc = b.sliced(pos, 4);
        c.data = b.sliced(pos + 8, size);
        c.start = pos;
        // Odd chunks are padded to even; tolerate a missing pad byte on the last chunk.
        c.end = std::min(end, pos + 8 + size + (size & 1));
        visit(c);
        pos = c.end;
    }
    return end;
}

void scanWebp(QByteArrayView b, MetadataScan &scan)
{
    walkWebp(b, [&](const WebpChunk &c) {
        if (c.fourcc == "EXIF")
            noteExif(c.data, scan);
        else if (c.fourcc == "XMP ")
            scan.hasXmp = true;
    });
}

std::optional<QByteArray> stripWebp(QByteArrayView b)
{
    if (b.size() < 12)
        return std::nullopt;
    QByteArray out;
    out.reserve(b.size());
    out.append(b.first(12)); // RIFF size WEBP; the size is fixed below
    const qsizetype end = walkWebp(b, [&](const WebpChunk &c) {
        if (c.fourcc == "EXIF" || c.fourcc == "XMP ")
            return;
        const qsizetype at = out.size();
        out.append(b.sliced(c.start, c.end - c.start));
        // VP8X announces the optional chunks in a flag byte; decoders may look for what it promises.
        if (c.fourcc == "VP8X" && !c.data.isEmpty())
            out[at + 8] = char(uchar(out.at(at + 8)) & ~(WebpExifFlag | WebpXmpFlag));
    });
    if (end < 0)
        return std::nullopt;
    qToLittleEndian<quint32>(quint32(out.size() - 8), out.data() + 4);
    return out;
}

// ---- EXIF summary (date and camera) -------------------------------------------------------------------

// A TIFF structure opened for reading: byte order checked, IFD0 located. Accessors read inside the
// block only; callers check that [at, at + 2) or [at, at + 4) is inside it before calling them.
struct TiffBlock
{
    QByteArrayView b;
    const uchar *p = nullptr;
    qsizetype n = 0;
    bool little = false;
    qsizetype ifd0 = -1;

    bool open(QByteArrayView tiff)
    {
        if (tiff.startsWith(lit("Exif\0\0")))
            tiff = tiff.sliced(6);
        b = tiff;
        p = udata(tiff);
        n = tiff.size();
        if (n < 8)
            return false;
        if (tiff.startsWith("II"))
            little = true;
        else if (tiff.startsWith("MM"))
            little = false;
        else
            return false;
        if (u16(2) != 42)
            return false;
        ifd0 = u32(4);
        return isIfd(ifd0);
    }
    quint32 u16(qsizetype at) const
    {
        return little ? qFromLittleEndian<quint16>(p + at) : qFromBigEndian<quint16>(p + at);
    }
    quint32 u32(qsizetype at) const
    {
        return little ? qFromLittleEndian<quint32>(p + at) : qFromBigEndian<quint32>(p + at);
    }
    /// An IFD can start at `at`: past the header, with its entry count inside the block.
    bool isIfd(qsizetype at) const { return at >= 8 && at <= n - 2; }

    /// Calls visit(tag, type, count, valueField) for every whole entry of the IFD at `ifd` (a cut
    /// IFD still yields the entries that are whole). `valueField` is the offset of the entry's
    /// 4-byte value field, inside the block.
    template<typename Visit>
    void forEachEntry(qsizetype ifd, Visit &&visit) const
    {
        if (!isIfd(ifd))
            return;
        const qsizetype count = std::min<qsizetype>(u16(ifd), (n - ifd - 2) / 12);
        for (qsizetype i = 0; i < count; ++i) {
            const qsizetype e = ifd + 2 + 12 * i;
            visit(u16(e), u16(e + 2), u32(e + 4), e + 8);
        }
    }

    /// The text of an ASCII entry (also UNDEFINED and EXIF 3.0's UTF-8 type, which some writers
    /// use), up to its first NUL, whitespace simplified; empty when it lies outside the block.
    QString text(quint32 type, quint32 count, qsizetype valueField) const
    {
        constexpr quint32 Ascii = 2, Undefined = 7, Utf8 = 129;
        constexpr qsizetype MaxChars = 256; // a caption, not a document
        if ((type != Ascii && type != Undefined && type != Utf8) || count == 0)
            return {};
        // Values of up to 4 bytes sit in the value field itself, longer ones at the offset it holds.
        const qsizetype at = count <= 4 ? valueField : qsizetype(u32(valueField));
        if (at > n || qsizetype(count) > n - at)
            return {};
        QByteArrayView v = b.sliced(at, qsizetype(count));
        if (const qsizetype nul = v.indexOf('\0'); nul >= 0)
            v = v.first(nul);
        v = v.first(std::min(v.size(), MaxChars));
        QString s = QString::fromUtf8(v); // EXIF says 7-bit ASCII; many writers store UTF-8
        for (QChar &c : s) {
            if (c.category() == QChar::Other_Control || c == QChar::ReplacementCharacter)
                c = QLatin1Char(' ');
        }
        return s.simplified();
    }
};

// EXIF marks an unknown date with blanks or zeros in the "YYYY:MM:DD HH:MM:SS" pattern.
bool meaningfulDate(const QString &date)
{
    return std::any_of(date.begin(), date.end(), [](QChar c) { return c.isDigit() && c != QLatin1Char('0'); });
}

// Make and model as one name, without repeating the make when the model starts with it (or with
// the make's first word: "NIKON CORPORATION" + "NIKON D850").
QString cameraName(const QString &make, const QString &model)
{
    if (make.isEmpty())
        return model;
    if (model.isEmpty())
        return make;
    auto startsWithWord = [&model](const QString &word) {
        return !word.isEmpty() && model.startsWith(word, Qt::CaseInsensitive)
               && (model.size() == word.size() || !model.at(word.size()).isLetterOrNumber());
    };
    if (startsWithWord(make) || startsWithWord(make.section(QLatin1Char(' '), 0, 0)))
        return model;
    return make + QLatin1Char(' ') + model;
}

// The payload of the first APP1 "Exif" segment before the image data, or an empty view. Walks the
// segments only up to SOS, so a head of the file is enough and the entropy data is never scanned.
QByteArrayView jpegExifBlock(QByteArrayView b)
{
    const uchar *d = udata(b);
    const qsizetype n = b.size();
    if (n < 4 || d[0] != 0xFF || d[1] != 0xD8)
        return {};
    qsizetype pos = 2;
    while (pos < n) {
        while (pos < n && d[pos] != 0xFF) // stray bytes, as libjpeg tolerates them
            ++pos;
        while (pos < n && d[pos] == 0xFF)
            ++pos;
        if (pos >= n)
            return {};
        const uchar marker = d[pos++];
        if (marker == 0x00 || marker == 0x01 || isRst(marker))
            continue; // no length field
        if (marker == 0xD8 || marker == 0xD9 || marker == 0xDA)
            return {}; // a second SOI, EOI or the scan: no EXIF before it
        if (n - pos < 2)
            return {};
        const qsizetype len = qFromBigEndian<quint16>(d + pos);
        if (len < 2 || len > n - pos)
            return {};
        const QByteArrayView payload = b.sliced(pos + 2, len - 2);
        if (marker == 0xE1 && payload.startsWith(lit("Exif\0")))
            return payload.sliced(std::min<qsizetype>(6, payload.size()));
        pos += len;
    }
    return {};
}

// The first whole eXIf chunk of a PNG, or an empty view; stops at the first damaged chunk.
QByteArrayView pngExifBlock(QByteArrayView b)
{
    QByteArrayView found;
    bool done = false;
    walkPng(b, [&](const PngChunk &c) {
        if (!done && c.type == "eXIf") {
            found = c.data;
            done = true;
        }
    });
    return found;
}

// The first whole EXIF chunk of a WebP, or an empty view. Unlike walkWebp it accepts a RIFF size
// beyond the bytes given (a head of the file) and stops at the first chunk that doesn't fit.
QByteArrayView webpExifBlock(QByteArrayView b)
{
    if (b.size() < 12 || !b.startsWith("RIFF") || b.sliced(8, 4) != "WEBP")
        return {};
    const uchar *d = udata(b);
    const qsizetype end = std::min<qsizetype>(b.size(), 8 + qsizetype(qFromLittleEndian<quint32>(d + 4)));
    qsizetype pos = 12;
    while (end - pos >= 8) {
        const qsizetype size = qFromLittleEndian<quint32>(d + pos + 4);
        if (size > end - pos - 8)
            return {};
        if (b.sliced(pos, 4) == "EXIF")
            return b.sliced(pos + 8, size);
        pos += 8 + size + (size & 1);
    }
    return {};
}

// ---- GIF and BMP completeness -----------------------------------------------------------------------
// Qt decodes a cut GIF or BMP "successfully", filling the missing rows with black, so these formats
// need their own check too.

// GIF: header, logical screen and colour table, then blocks (extensions and images, each ending with
// a zero-length sub-block) up to the ";" trailer. A file that ends right after a whole image, with no
// trailer, is taken as complete (decoders accept it); one that ends inside a block is not.
bool gifComplete(QByteArrayView b)
{
    const qsizetype n = b.size();
    if (n < 13 || !(b.startsWith("GIF87a") || b.startsWith("GIF89a")))
        return false;
    const uchar *d = udata(b);
    qsizetype pos = 13;
    if (d[10] & 0x80)
        pos += 3 * (qsizetype(2) << (d[10] & 7)); // global colour table
    auto skipSubBlocks = [&] {
        while (pos < n) {
            const uchar len = d[pos++];
            if (len == 0)
                return true;
            pos += len;
        }
        return false;
    };
    bool sawImage = false;
    while (pos < n) {
        const uchar introducer = d[pos];
        if (introducer == 0x3B) // trailer
            return true;
        if (introducer == 0x21) { // extension: introducer, label, sub-blocks
            pos += 2;
            if (!skipSubBlocks())
                return false;
        } else if (introducer == 0x2C) { // image: descriptor, local colour table, LZW code size, sub-blocks
            if (n - pos < 10)
                return false;
            const uchar flags = d[pos + 9];
            pos += 10;
            if (flags & 0x80)
                pos += 3 * (qsizetype(2) << (flags & 7));
            pos += 1;
            if (!skipSubBlocks())
                return false;
            sawImage = true;
        } else {
            return sawImage; // not a block: decoders stop here, after what they have
        }
    }
    return sawImage;
}

// BMP: for uncompressed bitmaps (BI_RGB, BI_BITFIELDS) with a BITMAPINFOHEADER or later, the pixel
// rows (each padded to 4 bytes) must fit in the file. Other variants are not checked.
bool bmpComplete(QByteArrayView b)
{
    const qsizetype n = b.size();
    if (n < 34 || !b.startsWith("BM"))
        return false;
    const uchar *d = udata(b);
    const quint32 dataOffset = qFromLittleEndian<quint32>(d + 10);
    const quint32 headerSize = qFromLittleEndian<quint32>(d + 14);
    if (headerSize < 40)
        return true;
    const qint64 width = qFromLittleEndian<qint32>(d + 18);
    const qint64 height = qFromLittleEndian<qint32>(d + 22);
    const qint64 bitsPerPixel = qFromLittleEndian<quint16>(d + 28);
    const quint32 compression = qFromLittleEndian<quint32>(d + 30);
    if ((compression != 0 && compression != 3) || width <= 0 || bitsPerPixel == 0)
        return true;
    // A hostile header can ask for more than 2^63 bytes (2^31 rows of 2^33 bytes): the products are
    // checked, and a size that overflows is certainly larger than the file.
    qint64 bits = 0, pixelBytes = 0, total = 0;
    if (qMulOverflow(width, bitsPerPixel, &bits) || qAddOverflow(bits, qint64(31), &bits))
        return false;
    const qint64 rowBytes = bits / 32 * 4;
    if (qMulOverflow(rowBytes, std::abs(height), &pixelBytes) || qAddOverflow(pixelBytes, qint64(dataOffset), &total))
        return false;
    return total <= qint64(n);
}

} // namespace

MetadataScan scanMetadata(const QByteArray &bytes, QByteArrayView format)
{
    MetadataScan scan;
    switch (kindOf(format)) {
    case Kind::Jpeg: scanJpeg(bytes, scan); break;
    case Kind::Png: scanPng(bytes, scan); break;
    case Kind::Webp: scanWebp(bytes, scan); break;
    case Kind::Other: break;
    }
    return scan;
}

std::optional<QByteArray> stripMetadata(const QByteArray &bytes, QByteArrayView format)
{
    switch (kindOf(format)) {
    case Kind::Jpeg: return stripJpeg(bytes);
    case Kind::Png: return stripPng(bytes);
    case Kind::Webp: return stripWebp(bytes);
    case Kind::Other: break;
    }
    return std::nullopt;
}

ExifSummary parseExifSummary(QByteArrayView tiff)
{
    ExifSummary summary;
    TiffBlock t;
    if (!t.open(tiff))
        return summary;
    constexpr quint32 Make = 0x010F, Model = 0x0110, DateTime = 0x0132, ExifIfd = 0x8769;
    constexpr quint32 DateTimeOriginal = 0x9003;
    constexpr quint32 Long = 4, Ifd = 13;
    QString make, model, dateTime;
    qsizetype exifIfd = -1;
    t.forEachEntry(t.ifd0, [&](quint32 tag, quint32 type, quint32 count, qsizetype field) {
        // The first entry of a tag counts (a damaged IFD may seem to hold more).
        switch (tag) {
        case Make:
            if (make.isEmpty())
                make = t.text(type, count, field);
            break;
        case Model:
            if (model.isEmpty())
                model = t.text(type, count, field);
            break;
        case DateTime:
            if (dateTime.isEmpty())
                dateTime = t.text(type, count, field);
            break;
        case ExifIfd:
            if (exifIfd < 0 && (type == Long || type == Ifd) && count == 1)
                exifIfd = qsizetype(t.u32(field));
            break;
        default:
            break;
        }
    });
    // Only this one pointer is followed, and not back to IFD0: no chain of IFDs can loop.
    QString original;
    if (exifIfd != t.ifd0) {
        t.forEachEntry(exifIfd, [&](quint32 tag, quint32 type, quint32 count, qsizetype field) {
            if (tag == DateTimeOriginal && original.isEmpty())
                original = t.text(type, count, field);
        });
    }
    if (meaningfulDate(original))
        summary.dateTime = original;
    else if (meaningfulDate(dateTime))
        summary.dateTime = dateTime;
    summary.camera = cameraName(make, model);
    return summary;
}

ExifSummary readExifSummary(const QByteArray &bytes)
{
    const QByteArrayView b(bytes);
    if (b.startsWith(lit("\xFF\xD8")))
        return parseExifSummary(jpegExifBlock(b));
    if (b.startsWith(lit("\x89PNG\r\n\x1A\n")))
        return parseExifSummary(pngExifBlock(b));
    if (b.startsWith("RIFF"))
        return parseExifSummary(webpExifBlock(b));
    if (b.startsWith(lit("II*\0")) || b.startsWith(lit("MM\0*")))
        return parseExifSummary(b);
    return {};
}

bool looksComplete(const QByteArray &bytes, QByteArrayView format)
{
    auto ignore = [](const auto &) {};
    if (format == "gif")
        return gifComplete(bytes);
    if (format == "bmp")
        return bmpComplete(bytes);
    switch (kindOf(format)) {
    case Kind::Jpeg: return jpegComplete(bytes);
    case Kind::Png: return walkPng(bytes, ignore) >= 0;
    case Kind::Webp: return walkWebp(bytes, ignore) >= 0;
    case Kind::Other: break;
    }
    return true;
}

} // namespace squint
