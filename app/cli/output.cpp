#include "cli/output.h"

#include <cstdio>

namespace squint::cli {

namespace {
void writeBytes(std::FILE *to, const QByteArray &bytes)
{
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), to);
    std::fflush(to);
}

// Embeddings, overrides and isolates (U+202A to U+202E, U+2066 to U+2069) reorder what follows them
// on screen, so a title or an answer could show text other than what it holds ("Trojan Source").
bool isBidiControl(char16_t c)
{
    return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

// The bidi control whose three-byte UTF-8 form starts at `i` in `utf8`, or 0.
char16_t bidiControlAt(const QByteArray &utf8, qsizetype i)
{
    if (i + 2 >= utf8.size() || uchar(utf8.at(i)) != 0xE2)
        return 0;
    const uchar b1 = uchar(utf8.at(i + 1)), b2 = uchar(utf8.at(i + 2));
    if ((b1 & 0xC0) != 0x80 || (b2 & 0xC0) != 0x80)
        return 0;
    const auto cp = char16_t(0x2000 | ((b1 & 0x3F) << 6) | (b2 & 0x3F));
    return isBidiControl(cp) ? cp : 0;
}
} // namespace

QString terminalSafe(QStringView text)
{
    QString out;
    out.reserve(text.size());
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char16_t c = text.at(i).unicode();
        const bool crlf = c == u'\r' && i + 1 < text.size() && text.at(i + 1) == u'\n';
        if (c < 0x20 && c != u'\n' && c != u'\t' && !crlf)
            out += QChar(char16_t(0x2400 + c));
        else if (c == 0x7F)
            out += QChar(char16_t(0x2421));
        else if ((c >= 0x80 && c <= 0x9F) || isBidiControl(c))
            out += QChar(QChar::ReplacementCharacter);
        else
            out += QChar(c);
    }
    return out;
}

QByteArray terminalSafeJson(const QByteArray &json)
{
    QByteArray out;
    out.reserve(json.size());
    for (qsizetype i = 0; i < json.size(); ++i) {
        const uchar c = uchar(json.at(i));
        if (c == 0x7F) {
            out += "\\u007f";
        } else if (c == 0xC2 && i + 1 < json.size() && uchar(json.at(i + 1)) >= 0x80 && uchar(json.at(i + 1)) <= 0x9F) {
            // U+0080 to U+009F in UTF-8
            out += "\\u00" + QByteArray::number(uchar(json.at(i + 1)), 16);
            ++i;
        } else if (const char16_t bidi = bidiControlAt(json, i)) {
            out += "\\u" + QByteArray::number(bidi, 16);
            i += 2;
        } else if (c < 0x20 && c != '\n' && c != '\t' && c != '\r') {
            out += "\\u00" + QByteArray::number(c, 16).rightJustified(2, '0'); // not written by QJsonDocument
        } else {
            out += char(c);
        }
    }
    return out;
}

void printOut(const QString &line) { writeBytes(stdout, (terminalSafe(line) + QLatin1Char('\n')).toUtf8()); }
void printErr(const QString &line) { writeBytes(stderr, (terminalSafe(line) + QLatin1Char('\n')).toUtf8()); }
void writeOut(QStringView text) { writeBytes(stdout, terminalSafe(text).toUtf8()); }
void writeOutJson(const QByteArray &json) { writeBytes(stdout, terminalSafeJson(json)); }

} // namespace squint::cli
