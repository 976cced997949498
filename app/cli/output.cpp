#include "output.h"

#include <cstdio>

namespace squint::cli {

namespace {
void writeBytes(std::FILE *to, const QByteArray &bytes)
{
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), to);
    std::fflush(to);
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
        else if (c >= 0x80 && c <= 0x9F)
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
