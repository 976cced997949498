// Tests for core/metadata: real files are encoded by Qt's image plugins, then metadata is spliced in
// by hand (EXIF in both byte orders, XMP, comments, PNG text chunks, WebP extended chunks).

#include "core/images/metadata.h"
#include "testimages.h"

#include <QBuffer>
#include <QColorSpace>
#include <QImage>
#include <QImageReader>
#include <QImageWriter>
#include <QRandomGenerator>
#include <QTest>
#include <QtEndian>

#include <cstring>
#include <limits>
#include <memory>

using namespace squint;
using squint::test::be16;
using squint::test::be32;
using squint::test::crc32;
using squint::test::le16;
using squint::test::le32;

namespace {

// ---- byte helpers --------------------------------------------------------------------------------

QByteArray patched(QByteArray bytes, qsizetype at, const QByteArray &with)
{
    bytes.replace(at, with.size(), with);
    return bytes;
}

// A copy in a heap block of exactly its size, so AddressSanitizer catches a read even one byte past
// the end (QByteArray's own buffer has a terminating NUL and often spare capacity).
class ExactBytes
{
public:
    explicit ExactBytes(QByteArrayView v)
        : m_buf(new char[size_t(std::max<qsizetype>(v.size(), 1))])
    {
        if (!v.isEmpty())
            std::memcpy(m_buf.get(), v.data(), size_t(v.size()));
        m_bytes = QByteArray::fromRawData(m_buf.get(), v.size());
    }
    const QByteArray &bytes() const { return m_bytes; }

private:
    std::unique_ptr<char[]> m_buf;
    QByteArray m_bytes;
};

// ---- EXIF ----------------------------------------------------------------------------------------

struct TiffWriter
{
    bool big = false;
    QByteArray out;
    void u16(quint32 v)
    {
        QByteArray b(2, '\0');
        big ? qToBigEndian<quint16>(quint16(v), b.data()) : qToLittleEndian<quint16>(quint16(v), b.data());
        out += b;
    }
    void u32(quint32 v)
    {
        QByteArray b(4, '\0');
        big ? qToBigEndian<quint32>(v, b.data()) : qToLittleEndian<quint32>(v, b.data());
        out += b;
    }
    void entry(quint32 tag, quint32 type, quint32 count, quint32 value)
    {
        u16(tag);
        u16(type);
        u32(count);
        u32(value);
    }
};

constexpr qsizetype TiffIfd0 = 8;
constexpr qsizetype TiffOrientationEntry = TiffIfd0 + 2 + 12; // second entry of IFD0

// A small but real EXIF TIFF block: IFD0 holds Make (ASCII, stored out of line), Orientation and,
// when asked, the GPS IFD pointer; the GPS IFD holds GPSVersionID and GPSLatitudeRef.
QByteArray makeTiff(bool bigEndian, quint32 orientation, bool gps, quint16 orientationType = 3)
{
    TiffWriter w{bigEndian, {}};
    const quint32 entries = gps ? 3 : 2;
    const QByteArray make = QByteArrayLiteral("Squint\0");
    const quint32 makeAt = quint32(TiffIfd0 + 2 + 12 * entries + 4);
    const quint32 gpsAt = makeAt + 8;
    w.out += bigEndian ? QByteArrayLiteral("MM") : QByteArrayLiteral("II");
    w.u16(42);
    w.u32(TiffIfd0);
    w.u16(entries);
    w.entry(0x010F, 2, quint32(make.size()), makeAt);
    w.u16(0x0112); // Orientation: a SHORT sits left-justified in the 4-byte value field
    w.u16(orientationType);
    w.u32(1);
    if (orientationType == 3) {
        w.u16(orientation);
        w.u16(0);
    } else {
        w.u32(orientation);
    }
    if (gps)
        w.entry(0x8825, 4, 1, gpsAt);
    w.u32(0); // no IFD1
    w.out += make + QByteArrayLiteral("\0");
    if (gps) {
        w.u16(2);
        w.u16(0x0000); // GPSVersionID, BYTE[4] = 2.2.0.0
        w.u16(1);
        w.u32(4);
        w.out += QByteArrayLiteral("\x02\x02\0\0");
        w.u16(0x0001); // GPSLatitudeRef, ASCII[2] = "N"
        w.u16(2);
        w.u32(2);
        w.out += QByteArrayLiteral("N\0\0\0");
        w.u32(0);
    }
    return w.out;
}


// ---- EXIF date and camera ------------------------------------------------------------------------

struct AsciiTag
{
    quint32 tag;
    QByteArray text; // the NUL terminator is added
};

constexpr quint32 TagMake = 0x010F, TagModel = 0x0110, TagDateTime = 0x0132, TagExifIfd = 0x8769;
constexpr quint32 TagDateTimeOriginal = 0x9003;

// An EXIF TIFF block laid out as cameras write it: header, IFD0 (its ASCII tags, then the Exif IFD
// pointer when `exif` is not empty), the Exif sub-IFD, then the values longer than 4 bytes. Values
// of up to 4 bytes sit in the entry itself. Entry i of IFD0 starts at 10 + 12 * i.
QByteArray makeSummaryTiff(bool bigEndian, const QList<AsciiTag> &ifd0, const QList<AsciiTag> &exif = {})
{
    TiffWriter w{bigEndian, {}};
    const quint32 ifd0Entries = quint32(ifd0.size() + (exif.isEmpty() ? 0 : 1));
    const quint32 exifAt = quint32(TiffIfd0 + 2 + 12 * ifd0Entries + 4);
    const quint32 dataAt = exifAt + (exif.isEmpty() ? 0 : quint32(2 + 12 * exif.size() + 4));
    QByteArray data;
    auto entries = [&](const QList<AsciiTag> &tags) {
        for (const AsciiTag &t : tags) {
            const QByteArray value = t.text + QByteArrayLiteral("\0");
            w.u16(t.tag);
            w.u16(2); // ASCII
            w.u32(quint32(value.size()));
            if (value.size() <= 4) {
                w.out += value.leftJustified(4, '\0');
            } else {
                w.u32(dataAt + quint32(data.size()));
                data += value;
                if (data.size() % 2) // word alignment, as the TIFF spec asks
                    data += '\0';
            }
        }
    };
    w.out += bigEndian ? QByteArrayLiteral("MM") : QByteArrayLiteral("II");
    w.u16(42);
    w.u32(TiffIfd0);
    w.u16(ifd0Entries);
    entries(ifd0);
    if (!exif.isEmpty())
        w.entry(TagExifIfd, 4, 1, exifAt);
    w.u32(0); // no IFD1
    if (!exif.isEmpty()) {
        w.u16(quint32(exif.size()));
        entries(exif);
        w.u32(0);
    }
    w.out += data;
    return w.out;
}

// A camera's usual block: make, model and DateTime in IFD0, DateTimeOriginal in the Exif IFD.
QByteArray cameraTiff(bool bigEndian)
{
    return makeSummaryTiff(bigEndian,
                           {{TagMake, "Canon"}, {TagModel, "Canon EOS R5"}, {TagDateTime, "2024:06:02 08:00:00"}},
                           {{TagDateTimeOriginal, "2024:05:01 10:20:30"}});
}

QByteArray u32In(bool bigEndian, quint32 v) { return bigEndian ? be32(v) : le32(v); }

// ---- JPEG ----------------------------------------------------------------------------------------

QByteArray jpegSegment(uchar marker, const QByteArray &payload)
{
    QByteArray s;
    s += char(0xFF);
    s += char(marker);
    s += be16(quint32(payload.size() + 2));
    s += payload;
    return s;
}

QByteArray exifApp1(const QByteArray &tiff) { return jpegSegment(0xE1, QByteArrayLiteral("Exif\0\0") + tiff); }

QByteArray xmpPacket()
{
    return QByteArrayLiteral("<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/"
                             "22-rdf-syntax-ns#\"><rdf:Description dc:creator=\"Someone\"/></rdf:RDF></x:xmpmeta>");
}

QByteArray xmpApp1() { return jpegSegment(0xE1, QByteArrayLiteral("http://ns.adobe.com/xap/1.0/\0") + xmpPacket()); }

QByteArray xmpExtendedApp1()
{
    // Extended XMP: namespace, GUID (32 hex digits), full length, offset, then a slice of the packet.
    return jpegSegment(0xE1, QByteArrayLiteral("http://ns.adobe.com/xmp/extension/\0")
                                 + QByteArray(32, 'A') + be32(quint32(xmpPacket().size())) + be32(0) + xmpPacket());
}

QByteArray comSegment() { return jpegSegment(0xFE, QByteArrayLiteral("Taken at 12 Example Street")); }

QByteArray app13Segment()
{
    // Photoshop IRB with one IPTC resource (0x0404) holding a caption (2:120).
    const QByteArray iptc = QByteArrayLiteral("\x1C\x02\x78\x00\x05Hello");
    return jpegSegment(0xED, QByteArrayLiteral("Photoshop 3.0\0") + QByteArrayLiteral("8BIM\x04\x04\0\0")
                                 + be32(quint32(iptc.size())) + iptc + QByteArrayLiteral("\0"));
}

// Inserts segments after SOI and, if present, the JFIF APP0 that must come first.
QByteArray jpegInsert(const QByteArray &jpeg, const QByteArray &segments)
{
    qsizetype at = 2;
    if (uchar(jpeg.at(2)) == 0xFF && uchar(jpeg.at(3)) == 0xE0)
        at = 4 + qFromBigEndian<quint16>(jpeg.constData() + 4);
    QByteArray out = jpeg;
    out.insert(at, segments);
    return out;
}

// ---- PNG -----------------------------------------------------------------------------------------

QByteArray pngChunk(const QByteArray &type, const QByteArray &data)
{
    return squint::test::pngChunk(type.constData(), data);
}

constexpr qsizetype PngAfterIhdr = 8 + 12 + 13;

QByteArray pngInsert(const QByteArray &png, const QByteArray &afterIhdr, const QByteArray &beforeIend = {})
{
    QByteArray out = png;
    out.insert(out.size() - 12, beforeIend);
    out.insert(PngAfterIhdr, afterIhdr);
    return out;
}

// Chunk types in order, for well-formed files only.
QByteArrayList pngChunkTypes(const QByteArray &png)
{
    QByteArrayList types;
    qsizetype pos = 8;
    while (png.size() - pos >= 12) {
        types << png.mid(pos + 4, 4);
        pos += 12 + qsizetype(qFromBigEndian<quint32>(png.constData() + pos));
    }
    return types;
}

QByteArray itxt(const QByteArray &keyword, const QByteArray &text)
{
    // keyword, NUL, compression flag, method, language tag, NUL, translated keyword, NUL, text
    return pngChunk("iTXt", keyword + QByteArrayLiteral("\0\0\0\0\0") + text);
}

QByteArray ztxt(const QByteArray &keyword, const QByteArray &text)
{
    return pngChunk("zTXt", keyword + QByteArrayLiteral("\0\0") + qCompress(text).mid(4)); // qCompress adds a length
}

// ---- WebP ----------------------------------------------------------------------------------------

QByteArray webpChunk(const QByteArray &fourcc, const QByteArray &data)
{
    QByteArray c = fourcc + le32(quint32(data.size())) + data;
    if (data.size() % 2)
        c += '\0';
    return c;
}

QByteArray riffWebp(const QByteArray &chunks) { return "RIFF" + le32(quint32(chunks.size() + 4)) + "WEBP" + chunks; }

// Splits a WebP written by Qt into its colour profile chunk and its image chunks (VP8/VP8L/ALPH).
struct WebpParts
{
    QByteArray iccp;
    QByteArray image;
};

WebpParts webpParts(const QByteArray &webp)
{
    WebpParts parts;
    qsizetype pos = 12;
    while (webp.size() - pos >= 8) {
        const QByteArray fourcc = webp.mid(pos, 4);
        const qsizetype size = qFromLittleEndian<quint32>(webp.constData() + pos + 4);
        const QByteArray whole = webp.mid(pos, 8 + size + (size & 1));
        if (fourcc == "ICCP")
            parts.iccp = whole;
        else if (fourcc == "VP8 " || fourcc == "VP8L" || fourcc == "ALPH")
            parts.image += whole;
        pos += whole.size();
    }
    return parts;
}

constexpr uchar VP8XIcc = 0x20, VP8XExif = 0x08, VP8XXmp = 0x04;

// An extended (VP8X) file: VP8X, ICCP, image, then the metadata chunks, in the order the spec asks.
QByteArray webpExtended(const WebpParts &parts, QSize size, uchar flags, const QByteArray &metadataChunks)
{
    QByteArray vp8x(10, '\0');
    vp8x[0] = char((parts.iccp.isEmpty() ? 0 : VP8XIcc) | flags);
    QByteArray w = le32(quint32(size.width() - 1)), h = le32(quint32(size.height() - 1));
    vp8x.replace(4, 3, w.first(3));
    vp8x.replace(7, 3, h.first(3));
    return riffWebp(webpChunk("VP8X", vp8x) + parts.iccp + parts.image + metadataChunks);
}

// ---- images --------------------------------------------------------------------------------------

QImage testImage()
{
    QImage img(24, 16, QImage::Format_RGB32);
    for (int y = 0; y < img.height(); ++y)
        for (int x = 0; x < img.width(); ++x)
            img.setPixel(x, y, qRgb(x * 10, y * 15, (x * y) % 256));
    // A profile that isn't sRGB so that every writer must store it (iCCP, APP2, ICCP).
    img.setColorSpace(QColorSpace(QColorSpace::AdobeRgb));
    return img;
}

QByteArray encode(const QImage &image, const QByteArray &format, int quality, bool progressive = false)
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    QImageWriter writer(&buffer, format);
    writer.setQuality(quality);
    writer.setProgressiveScanWrite(progressive);
    if (!writer.write(image))
        qWarning("encoding %s failed: %s", format.constData(), qPrintable(writer.errorString()));
    return bytes;
}

// Decodes without applying the EXIF orientation, so that pixels before and after stripping compare.
QImage decode(const QByteArray &bytes, const QByteArray &format)
{
    QByteArray copy = bytes;
    QBuffer buffer(&copy);
    buffer.open(QIODevice::ReadOnly);
    QImageReader reader(&buffer, format);
    reader.setAutoTransform(false);
    return reader.read();
}

QImageIOHandler::Transformations qtTransformation(const QByteArray &bytes, const QByteArray &format)
{
    QByteArray copy = bytes;
    QBuffer buffer(&copy);
    buffer.open(QIODevice::ReadOnly);
    return QImageReader(&buffer, format).transformation();
}

QByteArray signatureOf(const QByteArray &format)
{
    if (format == "jpeg")
        return QByteArrayLiteral("\xFF\xD8");
    if (format == "png")
        return QByteArrayLiteral("\x89PNG\r\n\x1A\n");
    return QByteArrayLiteral("RIFF\0\0\0\0WEBP");
}

// Nothing found: what a stripped file must scan as.
void verifyClean(const MetadataScan &s)
{
    QVERIFY(!s.any());
    QVERIFY(!s.hasExif);
    QVERIFY(!s.hasGps);
    QVERIFY(!s.hasXmp);
    QVERIFY(!s.hasText);
    QCOMPARE(s.exifOrientation, 1);
}

} // namespace

class TestMetadata : public QObject
{
    Q_OBJECT

private:
    void addCases();
    QByteArray allJpeg() const;
    QByteArray allPng() const;
    QByteArray allWebp() const;

    QSize m_size;
    QByteArray m_jpeg, m_jpegProgressive, m_png, m_webp, m_webpSimple;
    WebpParts m_webpParts;
    QByteArray m_webpPlainExtended; // VP8X with no metadata and no metadata flags

private slots:
    void initTestCase();
    void plainFilesAreClean_data();
    void plainFilesAreClean();
    void scanFinds_data() { addCases(); }
    void scanFinds();
    void stripRemoves_data() { addCases(); }
    void stripRemoves();
    void orientationAgreesWithQt_data();
    void orientationAgreesWithQt();
    void hostileExif_data();
    void hostileExif();
    void jpegTrailingDataAndMpfDropped();
    void jpegStrayBytesTolerated();
    void jpegWithoutEoiIsIncomplete();
    void jpegWithoutScanIsIncomplete();
    void twoExifBlocks();
    void pngIhdrMustComeFirst();
    void webpSimpleFileUntouched();
    void otherFormats();
    void hostileBmpHeaders_data();
    void hostileBmpHeaders();
    void everyTruncation_data();
    void everyTruncation();
    void randomBytesNeverCrash_data();
    void randomBytesNeverCrash();
    void exifSummary_data();
    void exifSummary();
    void exifSummaryDamaged_data();
    void exifSummaryDamaged();
    void exifSummaryEveryTruncation_data();
    void exifSummaryEveryTruncation();
    void exifSummaryRandomBytes();
    void exifSummaryOtherFormats();
};

void TestMetadata::initTestCase()
{
    QCOMPARE(crc32("123456789"), 0xCBF43926u); // the standard check value, so PNG test chunks are valid
    const QImage img = testImage();
    m_size = img.size();
    m_jpeg = encode(img, "jpeg", 90);
    m_jpegProgressive = encode(img, "jpeg", 90, true);
    m_png = encode(img, "png", -1);
    m_webp = encode(img, "webp", 100);
    QImage noProfile = img;
    noProfile.setColorSpace(QColorSpace());
    m_webpSimple = encode(noProfile, "webp", 100);
    QVERIFY(!m_jpeg.isEmpty() && !m_png.isEmpty());
    QVERIFY2(!m_webp.isEmpty() && !m_webpSimple.isEmpty(), "the Qt WebP plugin is needed");
    QVERIFY(m_jpegProgressive != m_jpeg);
    // The tests rely on what Qt writes: a JFIF JPEG with an ICC profile, a PNG with iCCP whose IEND is last.
    QVERIFY(m_jpeg.contains(QByteArrayLiteral("ICC_PROFILE\0")));
    const QByteArrayList types = pngChunkTypes(m_png);
    QCOMPARE(types.value(0), QByteArray("IHDR"));
    QCOMPARE(types.value(types.size() - 1), QByteArray("IEND"));
    QVERIFY(types.contains("iCCP"));
    // Qt stores a profile in an extended (VP8X) file, and without one writes the simple format.
    QCOMPARE(m_webp.mid(12, 4), QByteArray("VP8X"));
    QVERIFY(m_webpSimple.mid(12, 4).startsWith("VP8"));
    QVERIFY(m_webpSimple.mid(12, 4) != "VP8X");
    m_webpParts = webpParts(m_webp);
    QVERIFY(!m_webpParts.iccp.isEmpty() && !m_webpParts.image.isEmpty());
    m_webpPlainExtended = webpExtended(m_webpParts, m_size, 0, {});
    QCOMPARE(decode(m_webpPlainExtended, "webp"), decode(m_webp, "webp"));
}

QByteArray TestMetadata::allJpeg() const
{
    return jpegInsert(m_jpeg, exifApp1(makeTiff(true, 6, true)) + xmpApp1() + comSegment() + app13Segment());
}

QByteArray TestMetadata::allPng() const
{
    return pngInsert(m_png, pngChunk("eXIf", makeTiff(false, 6, true)) + itxt("XML:com.adobe.xmp", xmpPacket()),
                     pngChunk("tEXt", QByteArrayLiteral("Comment\0hello")) + pngChunk("tIME", QByteArray(7, '\x01')));
}

QByteArray TestMetadata::allWebp() const
{
    return webpExtended(m_webpParts, m_size, VP8XExif | VP8XXmp,
                        webpChunk("EXIF", makeTiff(false, 6, true)) + webpChunk("XMP ", xmpPacket()));
}

void TestMetadata::plainFilesAreClean_data()
{
    QTest::addColumn<QByteArray>("format");
    QTest::addColumn<QByteArray>("file");
    QTest::newRow("jpeg") << QByteArray("jpeg") << m_jpeg;
    QTest::newRow("jpeg progressive") << QByteArray("jpeg") << m_jpegProgressive;
    QTest::newRow("png") << QByteArray("png") << m_png;
    QTest::newRow("webp simple") << QByteArray("webp") << m_webpSimple;
    QTest::newRow("webp extended by Qt") << QByteArray("webp") << m_webp;
    QTest::newRow("webp extended by the test") << QByteArray("webp") << m_webpPlainExtended;
}

void TestMetadata::plainFilesAreClean()
{
    QFETCH(QByteArray, format);
    QFETCH(QByteArray, file);
    verifyClean(scanMetadata(file, format));
    QVERIFY(looksComplete(file, format));
    const auto stripped = stripMetadata(file, format);
    QVERIFY(stripped.has_value());
    QCOMPARE(*stripped, file); // nothing to drop: byte for byte the same
}

void TestMetadata::addCases()
{
    QTest::addColumn<QByteArray>("format");
    QTest::addColumn<QByteArray>("file");
    QTest::addColumn<QByteArray>("expectedStripped");
    QTest::addColumn<bool>("exif");
    QTest::addColumn<bool>("gps");
    QTest::addColumn<bool>("xmp");
    QTest::addColumn<bool>("text");
    QTest::addColumn<int>("orientation");

    const QByteArray jpeg("jpeg"), png("png"), webp("webp");
    auto j = [&](const QByteArray &segments) { return jpegInsert(m_jpeg, segments); };
    QTest::newRow("jpeg exif II o6 gps") << jpeg << j(exifApp1(makeTiff(false, 6, true))) << m_jpeg
                                         << true << true << false << false << 6;
    QTest::newRow("jpeg exif MM o6 gps") << jpeg << j(exifApp1(makeTiff(true, 6, true))) << m_jpeg
                                         << true << true << false << false << 6;
    QTest::newRow("jpeg exif MM o3") << jpeg << j(exifApp1(makeTiff(true, 3, false))) << m_jpeg
                                     << true << false << false << false << 3;
    QTest::newRow("jpeg exif II o8 LONG") << jpeg << j(exifApp1(makeTiff(false, 8, false, 4))) << m_jpeg
                                          << true << false << false << false << 8;
    QTest::newRow("jpeg exif II o9 invalid") << jpeg << j(exifApp1(makeTiff(false, 9, true))) << m_jpeg
                                             << true << true << false << false << 1;
    QTest::newRow("jpeg xmp") << jpeg << j(xmpApp1()) << m_jpeg << false << false << true << false << 1;
    QTest::newRow("jpeg extended xmp") << jpeg << j(xmpExtendedApp1()) << m_jpeg
                                       << false << false << true << false << 1;
    QTest::newRow("jpeg com") << jpeg << j(comSegment()) << m_jpeg << false << false << false << true << 1;
    QTest::newRow("jpeg app13") << jpeg << j(app13Segment()) << m_jpeg << false << false << false << true << 1;
    QTest::newRow("jpeg all") << jpeg << allJpeg() << m_jpeg << true << true << true << true << 6;
    QTest::newRow("jpeg progressive all")
        << jpeg << jpegInsert(m_jpegProgressive, exifApp1(makeTiff(false, 6, true)) + xmpApp1() + comSegment())
        << m_jpegProgressive << true << true << true << true << 6;
    // A comment after the entropy-coded data: found only by walking through the scan.
    QTest::newRow("jpeg com before eoi") << jpeg << QByteArray(m_jpeg.chopped(2) + comSegment() + "\xFF\xD9")
                                         << m_jpeg << false << false << false << true << 1;
    QTest::newRow("jpeg progressive com before eoi")
        << jpeg << QByteArray(m_jpegProgressive.chopped(2) + comSegment() + "\xFF\xD9") << m_jpegProgressive
        << false << false << false << true << 1;

    auto p = [&](const QByteArray &afterIhdr, const QByteArray &beforeIend = {}) {
        return pngInsert(m_png, afterIhdr, beforeIend);
    };
    QTest::newRow("png exif II o6 gps") << png << p(pngChunk("eXIf", makeTiff(false, 6, true))) << m_png
                                        << true << true << false << false << 6;
    QTest::newRow("png exif MM o8") << png << p(pngChunk("eXIf", makeTiff(true, 8, false))) << m_png
                                    << true << false << false << false << 8;
    QTest::newRow("png tEXt") << png << p(pngChunk("tEXt", QByteArrayLiteral("Author\0Someone"))) << m_png
                              << false << false << false << true << 1;
    QTest::newRow("png zTXt") << png << p(ztxt("Comment", "a compressed comment")) << m_png
                              << false << false << false << true << 1;
    QTest::newRow("png iTXt") << png << p(itxt("Description", "text")) << m_png
                              << false << false << false << true << 1;
    QTest::newRow("png xmp") << png << p(itxt("XML:com.adobe.xmp", xmpPacket())) << m_png
                             << false << false << true << false << 1;
    QTest::newRow("png text and time after IDAT")
        << png << p({}, pngChunk("tIME", QByteArray(7, '\x01')) + pngChunk("tEXt", QByteArrayLiteral("Title\0x")))
        << m_png << false << false << false << true << 1;
    QTest::newRow("png all") << png << allPng() << m_png << true << true << true << true << 6;

    auto w = [&](uchar flags, const QByteArray &chunks) { return webpExtended(m_webpParts, m_size, flags, chunks); };
    QTest::newRow("webp exif II o6 gps") << webp << w(VP8XExif, webpChunk("EXIF", makeTiff(false, 6, true)))
                                         << m_webpPlainExtended << true << true << false << false << 6;
    QTest::newRow("webp exif MM o5") << webp << w(VP8XExif, webpChunk("EXIF", makeTiff(true, 5, false)))
                                     << m_webpPlainExtended << true << false << false << false << 5;
    QTest::newRow("webp exif with Exif prefix")
        << webp << w(VP8XExif, webpChunk("EXIF", QByteArrayLiteral("Exif\0\0") + makeTiff(true, 7, true)))
        << m_webpPlainExtended << true << true << false << false << 7;
    QTest::newRow("webp xmp odd size") << webp << w(VP8XXmp, webpChunk("XMP ", xmpPacket() + " "))
                                       << m_webpPlainExtended << false << false << true << false << 1;
    QTest::newRow("webp all") << webp << allWebp() << m_webpPlainExtended << true << true << true << false << 6;
}

void TestMetadata::scanFinds()
{
    QFETCH(QByteArray, format);
    QFETCH(QByteArray, file);
    QFETCH(bool, exif);
    QFETCH(bool, gps);
    QFETCH(bool, xmp);
    QFETCH(bool, text);
    QFETCH(int, orientation);

    const MetadataScan s = scanMetadata(ExactBytes(file).bytes(), format);
    QCOMPARE(s.hasExif, exif);
    QCOMPARE(s.hasGps, gps);
    QCOMPARE(s.hasXmp, xmp);
    QCOMPARE(s.hasText, text);
    QCOMPARE(s.exifOrientation, orientation);
    QVERIFY(s.any());
    QVERIFY(looksComplete(file, format));
    // The spliced file is still a valid image for Qt.
    QVERIFY(!decode(file, format).isNull());
}

void TestMetadata::stripRemoves()
{
    QFETCH(QByteArray, format);
    QFETCH(QByteArray, file);
    QFETCH(QByteArray, expectedStripped);

    const auto stripped = stripMetadata(ExactBytes(file).bytes(), format);
    QVERIFY(stripped.has_value());
    verifyClean(scanMetadata(*stripped, format));
    // Exactly the spliced-in metadata went, everything else (ICC profile, JFIF, pHYs...) is the original.
    QCOMPARE(*stripped, expectedStripped);
    QVERIFY(looksComplete(*stripped, format));
    QCOMPARE(stripMetadata(*stripped, format), stripped); // idempotent

    const QImage before = decode(file, format);
    const QImage after = decode(*stripped, format);
    QVERIFY(!after.isNull());
    QCOMPARE(after, before);
    QVERIFY(after.colorSpace().isValid());
    QCOMPARE(after.colorSpace(), before.colorSpace());

    if (format == "webp") {
        QCOMPARE(uchar(stripped->at(20)) & (VP8XExif | VP8XXmp), 0); // VP8X flags after the 20-byte header
        QCOMPARE(qFromLittleEndian<quint32>(stripped->constData() + 4), quint32(stripped->size() - 8));
    }
}

void TestMetadata::orientationAgreesWithQt_data()
{
    QTest::addColumn<bool>("bigEndian");
    QTest::addColumn<int>("orientation");
    QTest::addColumn<QImageIOHandler::Transformations>("qtTransform");
    // The EXIF orientations as Qt's JPEG reader maps them: an independent check of the TIFF we build.
    const QImageIOHandler::Transformations map[] = {
        QImageIOHandler::TransformationNone,           QImageIOHandler::TransformationMirror,
        QImageIOHandler::TransformationRotate180,      QImageIOHandler::TransformationFlip,
        QImageIOHandler::TransformationFlipAndRotate90, QImageIOHandler::TransformationRotate90,
        QImageIOHandler::TransformationMirrorAndRotate90, QImageIOHandler::TransformationRotate270,
    };
    for (bool big : {false, true})
        for (int o = 1; o <= 8; ++o)
            QTest::addRow("%s %d", big ? "MM" : "II", o) << big << o << map[o - 1];
}

void TestMetadata::orientationAgreesWithQt()
{
    QFETCH(bool, bigEndian);
    QFETCH(int, orientation);
    QFETCH(QImageIOHandler::Transformations, qtTransform);
    const QByteArray file = jpegInsert(m_jpeg, exifApp1(makeTiff(bigEndian, quint32(orientation), true)));
    QCOMPARE(qtTransformation(file, "jpeg"), qtTransform);
    const MetadataScan s = scanMetadata(file, "jpeg");
    QCOMPARE(s.exifOrientation, orientation);
    QVERIFY(s.hasGps);
    const auto stripped = stripMetadata(file, "jpeg");
    QVERIFY(stripped.has_value());
    QCOMPARE(qtTransformation(*stripped, "jpeg"), QImageIOHandler::TransformationNone);
}

void TestMetadata::hostileExif_data()
{
    QTest::addColumn<QByteArray>("tiff");
    QTest::addColumn<bool>("gps");
    QTest::addColumn<int>("orientation");

    const QByteArray ii = makeTiff(false, 6, true), mm = makeTiff(true, 6, true);
    QTest::newRow("empty") << QByteArray() << false << 1;
    QTest::newRow("header only") << QByteArray("II*\0", 4) << false << 1;
    QTest::newRow("bad byte order") << patched(ii, 0, "IM") << false << 1;
    QTest::newRow("bad magic") << patched(mm, 2, be16(43)) << false << 1;
    QTest::newRow("IFD0 past the end") << patched(mm, 4, be32(0xFFFFFFF0u)) << false << 1;
    QTest::newRow("IFD0 inside the header") << patched(mm, 4, be32(2)) << false << 1;
    QTest::newRow("IFD0 at the last byte") << patched(mm, 4, be32(quint32(mm.size() - 1))) << false << 1;
    // Entry count far beyond the block: the whole entries are still read, nothing past the end.
    QTest::newRow("huge entry count") << patched(mm, TiffIfd0, be16(0xFFFF)) << true << 6;
    // Cut 2 bytes into the value field: exactly where reading the entry whole would overrun by 2
    // (in the WebP case the block ends the buffer, so AddressSanitizer sees it).
    QTest::newRow("cut inside orientation value II") << ii.first(TiffOrientationEntry + 10) << false << 1;
    QTest::newRow("cut inside orientation value MM") << mm.first(TiffOrientationEntry + 10) << false << 1;
    QTest::newRow("cut before orientation value") << mm.first(TiffOrientationEntry + 8) << false << 1;
    QTest::newRow("cut after orientation entry") << mm.first(TiffOrientationEntry + 12) << false << 6;
    QTest::newRow("orientation count 2") << patched(mm, TiffOrientationEntry + 4, be32(2)) << true << 1;
    QTest::newRow("orientation 0") << makeTiff(true, 0, false) << false << 1;
    QTest::newRow("orientation 65535") << makeTiff(false, 65535, false) << false << 1;
    QTest::newRow("orientation as ASCII") << makeTiff(true, 6, false, 2) << false << 1;
}

void TestMetadata::hostileExif()
{
    QFETCH(QByteArray, tiff);
    QFETCH(bool, gps);
    QFETCH(int, orientation);
    const QByteArray files[][2] = {
        {"jpeg", jpegInsert(m_jpeg, exifApp1(tiff))},
        {"png", pngInsert(m_png, pngChunk("eXIf", tiff))},
        {"webp", webpExtended(m_webpParts, m_size, VP8XExif, webpChunk("EXIF", tiff))},
    };
    if (tiff.size() % 2 == 0) // WebP: the block ends the buffer (no pad byte)
        QVERIFY(files[2][1].endsWith(tiff));
    for (const auto &f : files) {
        const MetadataScan s = scanMetadata(ExactBytes(f[1]).bytes(), f[0]);
        QVERIFY2(s.hasExif, f[0].constData());
        QCOMPARE(s.hasGps, gps);
        QCOMPARE(s.exifOrientation, orientation);
        const auto stripped = stripMetadata(f[1], f[0]);
        QVERIFY(stripped.has_value());
        QVERIFY(!scanMetadata(*stripped, f[0]).any());
    }
}

void TestMetadata::jpegTrailingDataAndMpfDropped()
{
    // Multi-picture and motion photos append images or video (with their own EXIF) after EOI and
    // index them in APP2 "MPF". Both go; the ICC profile in APP2 stays.
    const QByteArray mpf = jpegSegment(0xE2, QByteArrayLiteral("MPF\0MM\0\x2A\0\0\0\x08"));
    const QByteArray file = jpegInsert(m_jpeg, mpf + exifApp1(makeTiff(false, 1, true)))
        + jpegInsert(m_jpeg, exifApp1(makeTiff(false, 1, true)));
    QVERIFY(looksComplete(file, "jpeg"));
    const auto stripped = stripMetadata(file, "jpeg");
    QVERIFY(stripped.has_value());
    QCOMPARE(*stripped, m_jpeg);
    QVERIFY(stripped->contains(QByteArrayLiteral("ICC_PROFILE\0")));
}

void TestMetadata::jpegStrayBytesTolerated()
{
    // libjpeg skips stray bytes between segments with a warning; such a file is not "truncated".
    QByteArray file = m_jpeg;
    file.insert(2, QByteArrayLiteral("\0\0\x12"));
    for (int i = 0; i < 2; ++i)
        QTest::ignoreMessage(QtWarningMsg, "Corrupt JPEG data: 3 extraneous bytes before marker 0xe0");
    QVERIFY(!decode(file, "jpeg").isNull());
    QVERIFY(looksComplete(file, "jpeg"));
    QCOMPARE(decode(file, "jpeg"), decode(m_jpeg, "jpeg"));
    // They stay with the segment they precede.
    QByteArray withComment = file;
    withComment.insert(2, comSegment());
    QVERIFY(scanMetadata(withComment, "jpeg").hasText);
    QCOMPARE(stripMetadata(withComment, "jpeg"), std::optional<QByteArray>(file));
}

void TestMetadata::jpegWithoutEoiIsIncomplete()
{
    QVERIFY(!looksComplete(m_jpeg.chopped(2), "jpeg"));
    QVERIFY(!stripMetadata(m_jpeg.chopped(2), "jpeg").has_value());
    // SOI + EOI alone: well formed but there is no image in it.
    QVERIFY(!looksComplete(QByteArrayLiteral("\xFF\xD8\xFF\xD9"), "jpeg"));
    // An EOI inside an EXIF thumbnail must not count: the marker walk skips the segment whole.
    const QByteArray thumb = jpegSegment(0xE1, QByteArrayLiteral("Exif\0\0") + m_jpeg);
    const QByteArray cut = jpegInsert(m_jpeg, thumb).first(2 + 18 + thumb.size() + 40);
    QVERIFY(cut.contains(QByteArrayLiteral("\xFF\xD9")));
    QVERIFY(!looksComplete(cut, "jpeg"));
}

void TestMetadata::jpegWithoutScanIsIncomplete()
{
    // Tables and headers but no SOS: well formed, so strippable, but there is no picture to show.
    const qsizetype sos = m_jpeg.indexOf(QByteArrayLiteral("\xFF\xDA"));
    QVERIFY(sos > 0);
    const QByteArray headersOnly = m_jpeg.first(sos) + "\xFF\xD9";
    QVERIFY(!looksComplete(headersOnly, "jpeg"));
    QVERIFY(stripMetadata(headersOnly, "jpeg").has_value());
}

void TestMetadata::twoExifBlocks()
{
    // Qt (like other readers) takes the orientation from the first block; GPS in any block counts.
    const QByteArray file =
        jpegInsert(m_jpeg, exifApp1(makeTiff(false, 6, false)) + exifApp1(makeTiff(true, 3, true)));
    QCOMPARE(qtTransformation(file, "jpeg"), QImageIOHandler::TransformationRotate90);
    const MetadataScan s = scanMetadata(file, "jpeg");
    QCOMPARE(s.exifOrientation, 6);
    QVERIFY(s.hasGps);
    QCOMPARE(stripMetadata(file, "jpeg"), std::optional<QByteArray>(m_jpeg));
}

void TestMetadata::pngIhdrMustComeFirst()
{
    const QByteArray text = pngChunk("tEXt", QByteArrayLiteral("Title\0x"));
    QByteArray file = m_png;
    file.insert(8, text);
    QVERIFY(!looksComplete(file, "png"));
    QVERIFY(!stripMetadata(file, "png").has_value());
    QVERIFY(looksComplete(pngInsert(m_png, text), "png"));
}

void TestMetadata::webpSimpleFileUntouched()
{
    // Simple (VP8/VP8L) files can't hold metadata; trailing bytes after the RIFF are not part of it.
    const QByteArray withTail = m_webpSimple + "trailing";
    QVERIFY(looksComplete(withTail, "webp"));
    QCOMPARE(stripMetadata(withTail, "webp"), std::optional<QByteArray>(m_webpSimple));
    QVERIFY(!looksComplete(patched(m_webpSimple, 4, le32(quint32(m_webpSimple.size()))), "webp")); // RIFF too big
    QVERIFY(!stripMetadata(patched(m_webpSimple, 8, "WEBQ"), "webp").has_value());
}

void TestMetadata::otherFormats()
{
    const QByteArray gif("GIF89a\x01\0\x01\0\0\0\0;", 14);
    verifyClean(scanMetadata(allJpeg(), "gif"));
    QVERIFY(!stripMetadata(gif, "gif").has_value());
    QVERIFY(looksComplete(gif, "gif"));
    QVERIFY(looksComplete(QByteArray(), "tiff"));
    // The format decides the parser: a JPEG named PNG is not understood.
    QVERIFY(!stripMetadata(allJpeg(), "png").has_value());
    QVERIFY(!looksComplete(allJpeg(), "png"));
    verifyClean(scanMetadata(allJpeg(), "webp"));
    QVERIFY(scanMetadata(allJpeg(), "jpg").hasGps);
}

// A BITMAPINFOHEADER bitmap whose header claims width x height at bpp bits, followed by 64 bytes.
static QByteArray bmpClaiming(qint32 width, qint32 height, quint16 bpp)
{
    QByteArray b = "BM" + le32(54 + 64) + le32(0) + le32(54) + le32(40) + le32(quint32(width)) + le32(quint32(height)) + le16(1)
        + le16(bpp) + le32(0) + QByteArray(20, '\0');
    return b + QByteArray(64, '\x7f');
}

void TestMetadata::hostileBmpHeaders_data()
{
    QTest::addColumn<QByteArray>("file");
    QTest::addColumn<bool>("complete");
    QTest::newRow("4x4 at 32 bpp, whole") << bmpClaiming(4, 4, 32) << true;
    QTest::newRow("4x4 at 32 bpp, top-down, whole") << bmpClaiming(4, -4, 32) << true;
    QTest::newRow("5x4 at 32 bpp: one row missing") << bmpClaiming(4, 5, 32) << false;
    // 2^30 pixels of 64 bits are 2^33 bytes a row; 2^31 rows make 2^64 bytes, 0 in 64-bit arithmetic.
    QTest::newRow("2^64 bytes (INT_MIN rows)") << bmpClaiming(1 << 30, std::numeric_limits<qint32>::min(), 64) << false;
    // 2^33 bytes times 3 * 2^29 rows: 3 * 2^62, negative in 64-bit arithmetic.
    QTest::newRow("3 * 2^62 bytes") << bmpClaiming(1 << 30, 3 << 29, 64) << false;
    QTest::newRow("INT_MAX x INT_MAX at 65535 bpp")
        << bmpClaiming(std::numeric_limits<qint32>::max(), std::numeric_limits<qint32>::max(), 0xFFFF) << false;
    QTest::newRow("INT_MAX x INT_MIN at 65535 bpp")
        << bmpClaiming(std::numeric_limits<qint32>::max(), std::numeric_limits<qint32>::min(), 0xFFFF) << false;
    QTest::newRow("1 x INT_MIN at 1 bpp") << bmpClaiming(1, std::numeric_limits<qint32>::min(), 1) << false;
    QTest::newRow("1 x 1 at 65535 bpp") << bmpClaiming(1, 1, 0xFFFF) << false;
    QTest::newRow("a header cut before the bit count") << bmpClaiming(4, 4, 32).first(30) << false;
}

// bmpComplete() multiplied the row size by the row count in signed 64-bit arithmetic: a hostile
// header overflowed it (undefined behaviour; in practice a wrap that called a 118-byte file whole).
void TestMetadata::hostileBmpHeaders()
{
    QFETCH(QByteArray, file);
    QFETCH(bool, complete);
    QCOMPARE(looksComplete(file, "bmp"), complete);
}

void TestMetadata::everyTruncation_data()
{
    QTest::addColumn<QByteArray>("format");
    QTest::addColumn<QByteArray>("file");
    QTest::newRow("jpeg") << QByteArray("jpeg") << allJpeg();
    QTest::newRow("jpeg progressive")
        << QByteArray("jpeg") << jpegInsert(m_jpegProgressive, exifApp1(makeTiff(false, 6, true)) + comSegment());
    QTest::newRow("png") << QByteArray("png") << allPng();
    QTest::newRow("webp") << QByteArray("webp") << allWebp();
}

void TestMetadata::everyTruncation()
{
    QFETCH(QByteArray, format);
    QFETCH(QByteArray, file);
    const MetadataScan full = scanMetadata(file, format);
    QVERIFY(full.hasExif && full.hasGps && full.exifOrientation == 6);
    QVERIFY(looksComplete(file, format));
    for (qsizetype len = 0; len < file.size(); ++len) {
        const ExactBytes cut(QByteArrayView(file).first(len));
        const QByteArray where = "cut at " + QByteArray::number(len);
        QVERIFY2(!looksComplete(cut.bytes(), format), where.constData());
        QVERIFY2(!stripMetadata(cut.bytes(), format).has_value(), where.constData());
        // A prefix never shows metadata the whole file doesn't have.
        const MetadataScan s = scanMetadata(cut.bytes(), format);
        QVERIFY2(full.hasExif || !s.hasExif, where.constData());
        QVERIFY2(full.hasXmp || !s.hasXmp, where.constData());
        QVERIFY2(full.hasText || !s.hasText, where.constData());
        QVERIFY2(s.exifOrientation == 1 || s.exifOrientation == full.exifOrientation, where.constData());
    }
}

void TestMetadata::randomBytesNeverCrash_data()
{
    QTest::addColumn<QByteArray>("format");
    QTest::addColumn<QByteArray>("file");
    QTest::addColumn<quint32>("seed");
    QTest::newRow("jpeg") << QByteArray("jpeg") << allJpeg() << 1u;
    QTest::newRow("jpeg progressive") << QByteArray("jpeg") << jpegInsert(m_jpegProgressive, comSegment()) << 2u;
    QTest::newRow("png") << QByteArray("png") << allPng() << 3u;
    QTest::newRow("webp") << QByteArray("webp") << allWebp() << 4u;
}

void TestMetadata::randomBytesNeverCrash()
{
    QFETCH(QByteArray, format);
    QFETCH(QByteArray, file);
    QFETCH(quint32, seed);
    QRandomGenerator rng(seed);
    int stripped = 0;
    for (int i = 0; i < 3000; ++i) {
        QByteArray bytes;
        if (i % 3 == 0) {
            // Noise, half of it behind the right signature so the parsers get past the first check.
            bytes.resize(rng.bounded(0, 2048));
            for (char &c : bytes)
                c = char(rng.bounded(256));
            if (i % 2)
                bytes.replace(0, std::min(bytes.size(), signatureOf(format).size()), signatureOf(format));
        } else {
            // A valid file with a few bytes changed, mostly in the headers where the lengths are.
            bytes = file;
            const int edits = 1 + rng.bounded(8);
            for (int e = 0; e < edits; ++e) {
                const qsizetype span = rng.bounded(4) == 0 ? bytes.size() : std::min<qsizetype>(bytes.size(), 600);
                const qsizetype at = rng.bounded(span);
                bytes[at] = rng.bounded(3) == 0 ? char(0xFF) : char(rng.bounded(256));
            }
        }
        const ExactBytes input(bytes);
        const QByteArray where = "iteration " + QByteArray::number(i);
        scanMetadata(input.bytes(), format);
        const bool complete = looksComplete(input.bytes(), format);
        const auto out = stripMetadata(input.bytes(), format);
        if (!out)
            continue;
        ++stripped;
        // Whatever was understood comes out clean, as complete as it was, and stripping again changes nothing.
        QVERIFY2(!scanMetadata(ExactBytes(*out).bytes(), format).any(), where.constData());
        QVERIFY2(looksComplete(*out, format) == complete, where.constData());
        QVERIFY2(stripMetadata(*out, format) == out, where.constData());
    }
    QVERIFY(stripped > 0); // the mutations must exercise the writer too, not only the rejections
}

void TestMetadata::exifSummary_data()
{
    QTest::addColumn<QByteArray>("tiff");
    QTest::addColumn<QString>("date");
    QTest::addColumn<QString>("camera");
    for (bool big : {false, true}) {
        const char *order = big ? "MM" : "II";
        QTest::addRow("%s original date, make repeated in model", order)
            << cameraTiff(big) << QStringLiteral("2024:05:01 10:20:30") << QStringLiteral("Canon EOS R5");
        QTest::addRow("%s make and model joined", order)
            << makeSummaryTiff(big, {{TagMake, "Squint"}, {TagModel, "Cam 9"}},
                               {{TagDateTimeOriginal, "2023:12:31 23:59:58"}})
            << QStringLiteral("2023:12:31 23:59:58") << QStringLiteral("Squint Cam 9");
        QTest::addRow("%s first word of the make in the model", order)
            << makeSummaryTiff(big, {{TagMake, "NIKON CORPORATION"}, {TagModel, "NIKON D850"}})
            << QString() << QStringLiteral("NIKON D850");
        QTest::addRow("%s DateTime without an Exif IFD", order)
            << makeSummaryTiff(big, {{TagModel, "Pixel 8"}, {TagDateTime, "2022:02:22 22:22:22"}})
            << QStringLiteral("2022:02:22 22:22:22") << QStringLiteral("Pixel 8");
        QTest::addRow("%s blank original falls back to DateTime", order)
            << makeSummaryTiff(big, {{TagMake, "Fuji"}, {TagDateTime, "2021:01:02 03:04:05"}},
                               {{TagDateTimeOriginal, "    :  :     :  :  "}})
            << QStringLiteral("2021:01:02 03:04:05") << QStringLiteral("Fuji");
        QTest::addRow("%s zero dates are no dates", order)
            << makeSummaryTiff(big, {{TagDateTime, "0000:00:00 00:00:00"}},
                               {{TagDateTimeOriginal, "0000:00:00 00:00:00"}})
            << QString() << QString();
        QTest::addRow("%s short values inside the entries, padding simplified", order)
            << makeSummaryTiff(big, {{TagMake, "Leo"}, {TagModel, " X1 "}}) << QString() << QStringLiteral("Leo X1");
        QTest::addRow("%s orientation block: make only", order)
            << makeTiff(big, 6, true) << QString() << QStringLiteral("Squint");
        QTest::addRow("%s Exif prefix inside the block", order)
            << QByteArray(QByteArrayLiteral("Exif\0\0") + cameraTiff(big)) << QStringLiteral("2024:05:01 10:20:30")
            << QStringLiteral("Canon EOS R5");
    }
}

void TestMetadata::exifSummary()
{
    QFETCH(QByteArray, tiff);
    QFETCH(QString, date);
    QFETCH(QString, camera);
    const QByteArray files[][2] = {
        {"jpeg", jpegInsert(m_jpeg, exifApp1(tiff))},
        {"png", pngInsert(m_png, pngChunk("eXIf", tiff))},
        {"webp", webpExtended(m_webpParts, m_size, VP8XExif, webpChunk("EXIF", tiff))},
        {"tiff", tiff.startsWith("Exif") ? QByteArray() : tiff}, // a TIFF file is its own EXIF block
    };
    for (const auto &f : files) {
        if (f[1].isEmpty())
            continue;
        const ExifSummary s = readExifSummary(ExactBytes(f[1]).bytes());
        const QString where = QString::fromLatin1(f[0]) + QStringLiteral(": ");
        QVERIFY2(s.dateTime == date, qPrintable(where + s.dateTime));
        QVERIFY2(s.camera == camera, qPrintable(where + s.camera));
        QCOMPARE(s.isEmpty(), date.isEmpty() && camera.isEmpty());
    }
    const ExifSummary direct = parseExifSummary(ExactBytes(tiff).bytes());
    QCOMPARE(direct.dateTime, date);
    QCOMPARE(direct.camera, camera);
    // The JPEG is still an image for Qt, and the block is found after the JFIF and ICC segments.
    QVERIFY(!decode(files[0][1], "jpeg").isNull());
}

void TestMetadata::exifSummaryDamaged_data()
{
    QTest::addColumn<QByteArray>("tiff");
    QTest::addColumn<QString>("date");
    QTest::addColumn<QString>("camera");
    for (bool big : {false, true}) {
        const char *order = big ? "MM" : "II";
        const QByteArray good = cameraTiff(big);
        // Layout of cameraTiff: IFD0 at 8 with Make, Model, DateTime, Exif pointer; Exif IFD at 62
        // with DateTimeOriginal; then the strings from 80 ("Canon", "Canon EOS R5", two dates).
        const qsizetype entry0 = TiffIfd0 + 2, exifPointer = entry0 + 3 * 12, exifIfd = 8 + 2 + 4 * 12 + 4;
        const qsizetype strings = exifIfd + 2 + 12 + 4;
        QVERIFY(good.mid(strings, 6) == QByteArrayLiteral("Canon\0"));
        QTest::addRow("%s cut before the strings", order) << good.first(strings) << QString() << QString();
        QTest::addRow("%s cut inside the header", order) << good.first(6) << QString() << QString();
        QTest::addRow("%s cut inside IFD0", order) << good.first(entry0 + 12 + 5) << QString() << QString();
        QTest::addRow("%s bad byte order", order) << patched(good, 0, "IM") << QString() << QString();
        QTest::addRow("%s bad magic", order) << patched(good, 2, big ? be16(43) : QByteArray("\x2B\0", 2))
                                             << QString() << QString();
        QTest::addRow("%s IFD0 past the end", order) << patched(good, 4, u32In(big, 0xFFFFFFF0u)) << QString()
                                                     << QString();
        QTest::addRow("%s IFD0 in the header", order) << patched(good, 4, u32In(big, 4)) << QString() << QString();
        QTest::addRow("%s all string offsets past the end", order)
            << patched(patched(patched(patched(good, entry0 + 8, u32In(big, 0xFFFFFFF0u)), entry0 + 12 + 8,
                                       u32In(big, quint32(good.size() - 3))),
                               entry0 + 24 + 8, u32In(big, 0x7FFFFFFFu)),
                       exifIfd + 2 + 8, u32In(big, quint32(good.size())))
            << QString() << QString();
        QTest::addRow("%s string counts beyond the block", order)
            << patched(patched(patched(patched(good, entry0 + 4, u32In(big, 0xFFFFFFFFu)), entry0 + 12 + 4,
                                       u32In(big, 0x10000u)),
                               entry0 + 24 + 4, u32In(big, 0x80000000u)),
                       exifIfd + 2 + 4, u32In(big, quint32(good.size())))
            << QString() << QString();
        QTest::addRow("%s huge entry counts", order)
            << patched(patched(good, TiffIfd0, big ? be16(0xFFFF) : QByteArray("\xFF\xFF", 2)), exifIfd,
                       big ? be16(0xFFFF) : QByteArray("\xFF\xFF", 2))
            << QStringLiteral("2024:05:01 10:20:30") << QStringLiteral("Canon EOS R5");
        // The Exif IFD pointer loops back to IFD0, or points outside: the DateTime of IFD0 stands.
        QTest::addRow("%s Exif IFD pointer to IFD0", order)
            << patched(good, exifPointer + 8, u32In(big, TiffIfd0)) << QStringLiteral("2024:06:02 08:00:00")
            << QStringLiteral("Canon EOS R5");
        QTest::addRow("%s Exif IFD pointer past the end", order)
            << patched(good, exifPointer + 8, u32In(big, 0xFFFFFFFFu)) << QStringLiteral("2024:06:02 08:00:00")
            << QStringLiteral("Canon EOS R5");
        QTest::addRow("%s Exif IFD pointer into the strings", order)
            << patched(good, exifPointer + 8, u32In(big, quint32(strings))) << QStringLiteral("2024:06:02 08:00:00")
            << QStringLiteral("Canon EOS R5");
        QTest::addRow("%s date not ASCII", order)
            << patched(patched(good, entry0 + 24 + 2, big ? be16(3) : QByteArray("\x03\0", 2)), exifIfd + 2 + 2,
                       big ? be16(5) : QByteArray("\x05\0", 2))
            << QString() << QStringLiteral("Canon EOS R5");
    }
}

void TestMetadata::exifSummaryDamaged()
{
    QFETCH(QByteArray, tiff);
    QFETCH(QString, date);
    QFETCH(QString, camera);
    const QByteArray files[] = {
        jpegInsert(m_jpeg, exifApp1(tiff)),
        pngInsert(m_png, pngChunk("eXIf", tiff)),
        webpExtended(m_webpParts, m_size, VP8XExif, webpChunk("EXIF", tiff)),
    };
    for (const QByteArray &f : files) {
        const ExifSummary s = readExifSummary(ExactBytes(f).bytes());
        QCOMPARE(s.dateTime, date);
        QCOMPARE(s.camera, camera);
    }
    const ExifSummary direct = parseExifSummary(ExactBytes(tiff).bytes());
    QCOMPARE(direct.dateTime, date);
    QCOMPARE(direct.camera, camera);
}

void TestMetadata::exifSummaryEveryTruncation_data()
{
    QTest::addColumn<bool>("bigEndian");
    QTest::newRow("II") << false;
    QTest::newRow("MM") << true;
}

void TestMetadata::exifSummaryEveryTruncation()
{
    QFETCH(bool, bigEndian);
    const QByteArray tiff = cameraTiff(bigEndian);
    const QString date = QStringLiteral("2024:05:01 10:20:30"), camera = QStringLiteral("Canon EOS R5");
    // The block itself cut anywhere (its segment length saying so): a field is whole or absent,
    // never garbage, and only a whole block gives both.
    for (qsizetype len = 0; len <= tiff.size(); ++len) {
        const ExifSummary s = readExifSummary(ExactBytes(jpegInsert(m_jpeg, exifApp1(tiff.first(len)))).bytes());
        const QByteArray where = "block cut at " + QByteArray::number(len);
        QVERIFY2(s.dateTime.isEmpty() || s.dateTime == date || s.dateTime == QStringLiteral("2024:06:02 08:00:00"),
                 where.constData());
        QVERIFY2(s.camera.isEmpty() || s.camera == camera || s.camera == QStringLiteral("Canon"), where.constData());
        QVERIFY2((s.dateTime == date && s.camera == camera) == (len == tiff.size()), where.constData());
    }
    // The file cut anywhere (only the head of it read): nothing until the whole APP1 segment is there.
    const QByteArray file = jpegInsert(m_jpeg, exifApp1(tiff));
    const qsizetype app1End = file.indexOf(QByteArrayLiteral("Exif\0\0")) + 6 + tiff.size();
    for (qsizetype len = 0; len <= file.size(); len += (len < app1End + 64 ? 1 : 97)) {
        const ExifSummary s = readExifSummary(ExactBytes(QByteArrayView(file).first(len)).bytes());
        const QByteArray where = "file cut at " + QByteArray::number(len);
        if (len < app1End) {
            QVERIFY2(s.isEmpty(), where.constData());
        } else {
            QVERIFY2(s.dateTime == date && s.camera == camera, where.constData());
        }
    }
}

void TestMetadata::exifSummaryRandomBytes()
{
    QRandomGenerator rng(7);
    const QByteArray files[] = {
        jpegInsert(m_jpeg, exifApp1(cameraTiff(false))),
        jpegInsert(m_jpeg, exifApp1(cameraTiff(true))),
        pngInsert(m_png, pngChunk("eXIf", cameraTiff(true))),
        webpExtended(m_webpParts, m_size, VP8XExif, webpChunk("EXIF", cameraTiff(false))),
        cameraTiff(true),
    };
    int withCamera = 0;
    for (int i = 0; i < 4000; ++i) {
        QByteArray bytes = files[i % 5];
        // Mostly the EXIF block and the headers before it, where the offsets and lengths are.
        qsizetype exifAt = bytes.indexOf(QByteArrayLiteral("II*\0"));
        if (exifAt < 0)
            exifAt = std::max<qsizetype>(0, bytes.indexOf(QByteArrayLiteral("MM\0*")));
        const int edits = 1 + rng.bounded(6);
        for (int e = 0; e < edits; ++e) {
            const qsizetype at = rng.bounded(4) == 0 ? rng.bounded(std::min<qsizetype>(bytes.size(), exifAt + 200))
                                                     : std::min<qsizetype>(bytes.size() - 1, exifAt + rng.bounded(200));
            bytes[at] = rng.bounded(3) == 0 ? char(0xFF) : char(rng.bounded(256));
        }
        const ExifSummary s = readExifSummary(ExactBytes(bytes).bytes());
        QVERIFY(s.dateTime.size() <= 256 && s.camera.size() <= 513);
        withCamera += s.camera.isEmpty() ? 0 : 1;
    }
    QVERIFY(withCamera > 0); // the mutations leave some blocks readable: the parser is exercised past the checks
}

void TestMetadata::exifSummaryOtherFormats()
{
    // No EXIF block at all, or a format without one: nothing, whatever the bytes.
    QVERIFY(readExifSummary(m_jpeg).isEmpty());
    QVERIFY(readExifSummary(m_png).isEmpty());
    QVERIFY(readExifSummary(m_webp).isEmpty());
    QVERIFY(readExifSummary(QByteArray()).isEmpty());
    QVERIFY(readExifSummary(QByteArray("GIF89a\x01\0\x01\0\0\0\0;", 14)).isEmpty());
    QVERIFY(readExifSummary(squint::test::corruptJpeg()).isEmpty());
    // EXIF after the scan is not EXIF (and is never looked for).
    QVERIFY(readExifSummary(m_jpeg.chopped(2) + exifApp1(cameraTiff(true)) + "\xFF\xD9").isEmpty());
    // Stray bytes before a marker are skipped, as libjpeg does.
    QByteArray stray = jpegInsert(m_jpeg, exifApp1(cameraTiff(false)));
    stray.insert(2, QByteArrayLiteral("\0\0\x12"));
    QCOMPARE(readExifSummary(stray).camera, QStringLiteral("Canon EOS R5"));
    // The first block counts, as for the orientation.
    const QByteArray two = jpegInsert(m_jpeg, exifApp1(makeSummaryTiff(false, {{TagModel, "First"}}))
                                                  + exifApp1(cameraTiff(true)));
    QCOMPARE(readExifSummary(two).camera, QStringLiteral("First"));
    QVERIFY(readExifSummary(two).dateTime.isEmpty());
    // A real TIFF written by Qt: no make, model or date, and nothing invented.
    const QByteArray tiff = squint::test::tiffBytes(testImage());
    QVERIFY(tiff.startsWith("II*") || tiff.startsWith("MM"));
    QVERIFY(readExifSummary(tiff).isEmpty());
}

QTEST_GUILESS_MAIN(TestMetadata)
#include "tst_metadata.moc"
