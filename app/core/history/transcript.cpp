#include "core/history/transcript.h"
#include "core/markup/editlist.h"

#include "core/images/imageinfo.h"
#include "core/util/base64.h"
#include "core/util/error.h"
#include "core/util/format.h"
#include "core/util/hash.h"
#include "core/util/privatefiles.h"
#include "core/util/safelinks.h"

#include <QBuffer>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QLocale>
#include <QMimeDatabase>
#include <QPdfWriter>
#include <QRegularExpression>
#include <QSaveFile>
#include <QSet>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextDocument>
#include <QTextFragment>
#include <QUrl>

#include <algorithm>
#include <cmath>
#include <functional>

namespace squint {

namespace {

class Tr
{
    Q_DECLARE_TR_FUNCTIONS(squint::Transcript)
};

constexpr auto FormatName = "squint-transcript";
constexpr int FormatVersion = 1;

// Bounds of what Squint itself writes, with a wide margin: a count of tokens, a duration, a side.
constexpr qint64 MaxCount = 1'000'000'000;
constexpr qint64 MaxMs = qint64(100) * 24 * 3600 * 1000; // 100 days
constexpr qint64 MaxSide = 1'000'000;
constexpr double MaxTemperature = 2.0; // the Parameters dialog's range

bool isMimeName(const QString &s)
{
    static const QRegularExpression re(QStringLiteral("^[a-z0-9][a-z0-9.+-]{0,63}/[a-z0-9][a-z0-9.+-]{0,63}$"));
    return re.match(s).hasMatch();
}

/// Writes `bytes` to `path` atomically.
bool saveFile(const QString &path, const QByteArray &bytes, QString *error)
{
    QSaveFile file(path);
    if (!openPrivateFile(file, QIODevice::WriteOnly)) {
        setError(error, Tr::tr("Could not write %1: %2").arg(QDir::toNativeSeparators(path), file.errorString()));
        return false;
    }
    if (file.write(bytes) != bytes.size() || !file.commit()) {
        setError(error, Tr::tr("Could not write %1: %2").arg(QDir::toNativeSeparators(path), file.errorString()));
        file.cancelWriting();
        return false;
    }
    return true;
}

QString isoTime(const QDateTime &t)
{
    return t.toUTC().toString(Qt::ISODateWithMs);
}

QString shownTime(const QDateTime &t)
{
    return t.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm"));
}

QDateTime exportTime(const TranscriptData &data)
{
    return data.exportedAt.isValid() ? data.exportedAt : QDateTime::currentDateTimeUtc();
}

QString shownTitle(const TranscriptData &data)
{
    QString t = data.title.simplified();
    return t.isEmpty() ? Tr::tr("Conversation") : t;
}

/// A MIME type that is safe to put in a data: URL or an attribute: `mime` when it is a plain
/// image/... name, else what the bytes look like.
QString safeImageMime(const QString &mime, const QByteArray &bytes)
{
    static const QRegularExpression re(QStringLiteral("^image/[a-z0-9.+-]{1,64}$"));
    if (re.match(mime).hasMatch())
        return mime;
    const QString sniffed = QMimeDatabase().mimeTypeForData(bytes).name();
    if (re.match(sniffed).hasMatch())
        return sniffed;
    return QStringLiteral("application/octet-stream");
}

QString dataUrl(const QByteArray &bytes, const QString &mime)
{
    return QStringLiteral("data:") % safeImageMime(mime, bytes) % QStringLiteral(";base64,")
        % QString::fromLatin1(bytes.toBase64());
}

// ---- turn summaries ---------------------------------------------------------------------------

qint64 totalTokens(const TokenUsage &u)
{
    if (u.total >= 0)
        return u.total;
    if (u.prompt >= 0 && u.completion >= 0)
        return u.prompt + u.completion;
    return -1;
}

/// "gpt-4o", "1,234 tokens", "first text after 0.8 s", "3.2 s in all" (plain text).
QStringList modelDetails(const Turn &turn)
{
    QStringList parts;
    if (!turn.model.isEmpty())
        parts << turn.model;
    const qint64 tokens = totalTokens(turn.usage);
    if (tokens >= 0)
        parts << Tr::tr("%1 tokens").arg(QLocale().toString(tokens));
    if (turn.firstTokenMs >= 0)
        parts << Tr::tr("first text after %1").arg(formatSeconds(turn.firstTokenMs));
    if (turn.totalMs >= 0)
        parts << Tr::tr("%1 in all").arg(formatSeconds(turn.totalMs));
    return parts;
}

/// What to say under the answer of an unfinished, stopped or failed turn (plain text, may be empty).
QStringList stateNotes(const Turn &turn)
{
    QStringList notes;
    switch (turn.state) {
    case Turn::State::Pending:
        notes << Tr::tr("No answer had arrived when this transcript was made.");
        break;
    case Turn::State::Streaming:
        notes << Tr::tr("The answer was still arriving when this transcript was made.");
        break;
    case Turn::State::Done:
        break;
    case Turn::State::Stopped:
        notes << (turn.answer.isEmpty() ? Tr::tr("Stopped before any answer arrived.")
                                        : Tr::tr("Stopped: the answer above is what had arrived."));
        break;
    case Turn::State::Failed: {
        const QString message = turn.error.message.isEmpty() ? Tr::tr("unknown error") : turn.error.message;
        notes << Tr::tr("Failed: %1").arg(message.simplified());
        if (!turn.error.hint.isEmpty())
            notes << turn.error.hint.simplified();
        break;
    }
    }
    return notes;
}

QString safeHtmlText(const QString &s)
{
    return s.toHtmlEscaped();
}

// ---- Markdown ---------------------------------------------------------------------------------

QString escapeMarkdownInline(const QString &text)
{
    return escapeMarkdownLine(text.simplified());
}

QStringList textLines(const QString &text)
{
    QString t = text;
    t.replace(QStringLiteral("\r\n"), QStringLiteral("\n"));
    t.replace(u'\r', u'\n');
    return t.split(u'\n');
}

/// `text` as a Markdown block quote, every line escaped, line breaks kept.
QString markdownQuote(const QString &text)
{
    const QStringList lines = textLines(text);
    QString out;
    for (int i = 0; i < lines.size(); ++i) {
        const QString line = lines.at(i).trimmed().isEmpty() ? QString() : escapeMarkdownLine(lines.at(i));
        if (line.isEmpty()) {
            out += QStringLiteral(">\n");
            continue;
        }
        out += QStringLiteral("> ") % line;
        const bool nextHasText = i + 1 < lines.size() && !lines.at(i + 1).trimmed().isEmpty();
        if (nextHasText)
            out += u'\\'; // hard line break
        out += u'\n';
    }
    return out;
}

/// A file name for an asset: ASCII letters, digits, '.', '_' and '-' only, with a suffix that
/// matches the bytes' type.
QString safeAssetName(const QString &name, const QString &mime)
{
    QString base = QFileInfo(name).fileName();
    QString out;
    for (const QChar c : base) {
        const bool ok = (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9')
            || c == u'.' || c == u'_' || c == u'-';
        out += ok ? c : u'_';
    }
    while (out.startsWith(u'.') || out.startsWith(u'-'))
        out.remove(0, 1);
    if (out.size() > 80)
        out = out.right(80);
    const QMimeType type = QMimeDatabase().mimeTypeForName(mime);
    const QString suffix = QFileInfo(out).suffix().toLower();
    if (type.isValid() && !type.preferredSuffix().isEmpty() && !type.suffixes().contains(suffix)) {
        // The bytes were converted (photo.heic sent as JPEG): the name says what the file is.
        if (!suffix.isEmpty())
            out.chop(suffix.size() + 1);
        out += u'.' % type.preferredSuffix();
    }
    if (out.isEmpty() || out.startsWith(u'.'))
        out.prepend(QStringLiteral("image"));
    return out;
}

/// The name an image is shown with: "Image 2: photo.jpg" when its turn labelled its images (the
/// model saw those labels), else the file name.
QString transcriptImageName(const Turn &turn, const TurnImage &image, int number)
{
    if (!turn.labelImages)
        return image.name;
    QString label = imageLabel(number);
    label.chop(1); // "Image 2:" -> "Image 2"
    return Tr::tr("%1: %2").arg(label, image.name);
}

QString markdownAlt(const QString &name)
{
    QString alt = name.simplified();
    QString out;
    for (const QChar c : alt) {
        if (c == u'\\' || c == u'[' || c == u']' || c == u'*' || c == u'_' || c == u'`' || c == u'<' || c == u'&')
            out += u'\\';
        out += c;
    }
    return out;
}

// ---- HTML -------------------------------------------------------------------------------------

/// The inside of <body> of a QTextDocument's HTML.
QString bodyOf(const QString &html)
{
    const int body = html.indexOf(QLatin1String("<body"));
    const int open = body < 0 ? -1 : html.indexOf(u'>', body);
    const int close = html.lastIndexOf(QLatin1String("</body>"));
    if (open < 0 || close < open)
        return {};
    return html.mid(open + 1, close - open - 1).trimmed();
}

/// The request parameters a transcript's header names: "temperature 0.2", "at most 500 tokens".
QStringList parameterNotes(const ChatParameters &p)
{
    QStringList notes;
    if (p.temperature >= 0)
        notes << Tr::tr("temperature %1").arg(QLocale().toString(p.temperature));
    if (p.maxTokens > 0)
        notes << Tr::tr("at most %1 tokens").arg(QLocale().toString(p.maxTokens));
    return notes;
}

/// Markdown as HTML without raw HTML, images or unsafe links.
QString markdownToSafeHtml(const QString &markdown)
{
    QTextDocument doc;
    doc.setMarkdown(markdown, AnswerMarkdownFeatures);
    sanitizeAnswerDocument(doc);
    return bodyOf(doc.toHtml());
}

QString htmlLines(const QString &text)
{
    return textLines(text.trimmed()).join(u'\n').toHtmlEscaped().replace(u'\n', QStringLiteral("<br>\n"));
}

/// The <img> source for an image; empty when its bytes cannot be read.
using ImageSource = std::function<QString(const TurnImage &, const QByteArray &bytes, QSize *displaySize)>;

QString transcriptBody(const TranscriptData &data, bool forPdf, const ImageSource &imageSource)
{
    QString html;
    html += QStringLiteral("<h1>") % safeHtmlText(shownTitle(data)) % QStringLiteral("</h1>\n");
    html += QStringLiteral("<p class=\"meta\">")
        % safeHtmlText(Tr::tr("Exported from Squint on %1").arg(shownTime(exportTime(data)))) % QStringLiteral("</p>\n");
    const ChatParameters &p = data.parameters;
    const QStringList settings = parameterNotes(p);
    if (!settings.isEmpty())
        html += QStringLiteral("<p class=\"meta\">") % safeHtmlText(settings.join(QStringLiteral(" · "))) % QStringLiteral("</p>\n");
    if (!p.system.trimmed().isEmpty()) {
        html += QStringLiteral("<p class=\"who\"><b>") % safeHtmlText(Tr::tr("System prompt")) % QStringLiteral("</b></p>\n")
            % QStringLiteral("<blockquote class=\"prompt\">") % htmlLines(p.system) % QStringLiteral("</blockquote>\n");
    }

    for (const Turn &turn : data.turns) {
        html += forPdf ? QStringLiteral("<hr>\n") : QStringLiteral("<section class=\"turn\">\n");
        html += QStringLiteral("<p class=\"who\"><b>") % safeHtmlText(Tr::tr("You")) % QStringLiteral("</b>");
        if (turn.askedAt.isValid())
            html += QStringLiteral(" <span class=\"when\">· ") % safeHtmlText(shownTime(turn.askedAt)) % QStringLiteral("</span>");
        html += QStringLiteral("</p>\n");
        if (!turn.prompt.trimmed().isEmpty())
            html += QStringLiteral("<blockquote class=\"prompt\">") % htmlLines(turn.prompt) % QStringLiteral("</blockquote>\n");
        if (!turn.images.isEmpty()) {
            html += QStringLiteral("<p class=\"images\">");
            int imageNumber = 0;
            for (const TurnImage &image : turn.images) {
                const QString shownName = transcriptImageName(turn, image, ++imageNumber);
                const TranscriptImageBytes bytes = transcriptImageBytes(image);
                QSize size = image.sentSize;
                const QString src = bytes.sent.isEmpty() ? QString() : imageSource(image, bytes.sent, &size);
                if (src.isEmpty()) {
                    html += QStringLiteral("<span class=\"note\">")
                        % safeHtmlText(Tr::tr("[%1: the image is no longer available]").arg(image.name))
                        % QStringLiteral("</span> ");
                    continue;
                }
                html += QStringLiteral("<img src=\"") % src.toHtmlEscaped() % QStringLiteral("\" alt=\"")
                    % shownName.toHtmlEscaped() % QStringLiteral("\" title=\"") % shownName.toHtmlEscaped()
                    % QStringLiteral("\"");
                if (size.isValid() && !size.isEmpty())
                    html += QStringLiteral(" width=\"%1\" height=\"%2\"").arg(size.width()).arg(size.height());
                html += QStringLiteral("> ");
            }
            html += QStringLiteral("</p>\n");
        }

        html += QStringLiteral("<p class=\"who\"><b>") % safeHtmlText(Tr::tr("Model")) % QStringLiteral("</b>");
        const QStringList details = modelDetails(turn);
        if (!details.isEmpty())
            html += QStringLiteral(" <span class=\"when\">(") % safeHtmlText(details.join(QStringLiteral(" · ")))
                % QStringLiteral(")</span>");
        html += QStringLiteral("</p>\n");
        if (!turn.reasoning.trimmed().isEmpty()) {
            html += QStringLiteral("<p class=\"reasoning-label\"><i>") % safeHtmlText(Tr::tr("Reasoning")) % QStringLiteral("</i></p>\n")
                % QStringLiteral("<blockquote class=\"reasoning\">") % htmlLines(turn.reasoning) % QStringLiteral("</blockquote>\n");
        }
        if (!turn.answer.isEmpty())
            html += QStringLiteral("<div class=\"answer\">\n") % markdownToSafeHtml(turn.answer) % QStringLiteral("\n</div>\n");
        const QStringList notes = stateNotes(turn);
        for (const QString &note : notes) {
            html += QStringLiteral("<p class=\"note")
                % (turn.state == Turn::State::Failed ? QStringLiteral(" failed") : QString())
                % QStringLiteral("\"><i>") % safeHtmlText(note) % QStringLiteral("</i></p>\n");
        }
        if (!forPdf)
            html += QStringLiteral("</section>\n");
    }
    return html;
}

constexpr auto Stylesheet = R"CSS(
:root { color-scheme: light; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; line-height: 1.5;
       max-width: 52em; margin: 2em auto; padding: 0 1em; color: #1d1d1f; background: #fff; }
h1 { font-size: 1.6em; margin-bottom: .2em; }
.meta { color: #666; font-size: .9em; margin: .2em 0; }
.turn { border-top: 1px solid #ddd; margin-top: 1.5em; padding-top: .5em; }
.who { margin: .8em 0 .3em; color: #333; }
.when { color: #777; font-size: .9em; }
blockquote { margin: .3em 0; padding: .4em .9em; border-left: 4px solid #8aa4d6; background: #f4f6fa; }
blockquote.reasoning { border-left-color: #bbb; background: #fafafa; color: #555; font-size: .9em; }
.images img { max-width: 100%; height: auto; border: 1px solid #ccc; border-radius: 4px; margin: .25em .5em .25em 0;
              vertical-align: top; }
pre { white-space: pre-wrap; word-wrap: break-word; background: #f6f6f6; padding: .5em; border-radius: 4px; }
table { border-collapse: collapse; }
td, th { border: 1px solid #ccc; padding: .2em .5em; }
.note { color: #8a4b00; }
.note.failed { color: #b00020; }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 11pt; color: #000; }
  .turn { break-before: auto; }
  .images img { max-width: 70%; break-inside: avoid; page-break-inside: avoid; }
  blockquote, pre { background: none; break-inside: avoid; }
  a { color: inherit; }
}
)CSS";

// ---- JSON -------------------------------------------------------------------------------------

QJsonValue nullableCount(qint64 v)
{
    return v >= 0 ? QJsonValue(v) : QJsonValue(QJsonValue::Null);
}

/// Reads a transcript, remembering the first problem. Every getter returns a default after a failure.
class JsonReader
{
public:
    explicit JsonReader(const TranscriptLimits &limits) : m_limits(limits) {}

    bool failed() const { return !m_error.isEmpty(); }
    QString error() const { return m_error; }
    void fail(const QString &message)
    {
        if (m_error.isEmpty())
            m_error = message;
    }

    static QString path(const QString &where, const QString &key)
    {
        return where.isEmpty() ? key : where % u'.' % key;
    }

    /// The value of a required key.
    QJsonValue required(const QJsonObject &o, const QString &where, const QString &key)
    {
        if (failed())
            return {};
        const auto it = o.constFind(key);
        if (it == o.constEnd()) {
            fail(Tr::tr("The transcript is incomplete: \"%1\" is missing.").arg(path(where, key)));
            return {};
        }
        return it.value();
    }

    void wrongType(const QString &where, const QString &key, const QString &expected)
    {
        fail(Tr::tr("The transcript is damaged: \"%1\" should be %2.").arg(path(where, key), expected));
    }

    /// The value of a required key when `isRight` holds for it; else (the reader has failed, saying
    /// the value should be `expected()`) an undefined value.
    template<typename Expected>
    QJsonValue typed(const QJsonObject &o,
                     const QString &where,
                     const QString &key,
                     bool (QJsonValue::*isRight)() const,
                     Expected expected)
    {
        const QJsonValue v = required(o, where, key);
        if (failed())
            return {};
        if (!(v.*isRight)()) {
            wrongType(where, key, expected());
            return {};
        }
        return v;
    }

    QString string(const QJsonObject &o, const QString &where, const QString &key)
    {
        return typed(o, where, key, &QJsonValue::isString, [] { return Tr::tr("text"); }).toString();
    }

    QString optionalString(const QJsonObject &o, const QString &where, const QString &key)
    {
        if (failed() || !o.contains(key))
            return {};
        return string(o, where, key);
    }

    bool boolean(const QJsonObject &o, const QString &where, const QString &key, std::optional<bool> fallback = {})
    {
        if (fallback && !o.contains(key))
            return *fallback;
        return typed(o, where, key, &QJsonValue::isBool, [] { return Tr::tr("true or false"); })
            .toBool();
    }

    /// A whole number from min to max, or `nullValue` when null and `nullable`.
    qint64 integer(const QJsonObject &o, const QString &where, const QString &key, qint64 min, qint64 max,
                   bool nullable, qint64 nullValue = -1)
    {
        const QJsonValue v = required(o, where, key);
        if (failed())
            return nullValue;
        if (nullable && v.isNull())
            return nullValue;
        const double d = v.toDouble();
        if (!v.isDouble() || std::floor(d) != d || d < double(min) || d > double(max)) {
            wrongType(where, key,
                      nullable ? Tr::tr("a whole number from %1 to %2, or null").arg(min).arg(max)
                               : Tr::tr("a whole number from %1 to %2").arg(min).arg(max));
            return nullValue;
        }
        return qint64(d);
    }

    QJsonObject object(const QJsonObject &o, const QString &where, const QString &key)
    {
        return typed(o, where, key, &QJsonValue::isObject, [] { return Tr::tr("an object"); })
            .toObject();
    }

    QJsonArray array(const QJsonObject &o, const QString &where, const QString &key)
    {
        return typed(o, where, key, &QJsonValue::isArray, [] { return Tr::tr("a list"); }).toArray();
    }

    QDateTime time(const QJsonObject &o, const QString &where, const QString &key, bool nullable)
    {
        const QJsonValue v = required(o, where, key);
        if (failed() || (nullable && v.isNull()))
            return {};
        const QDateTime t = QDateTime::fromString(v.toString(), Qt::ISODateWithMs);
        if (!v.isString() || !t.isValid()) {
            wrongType(where, key, nullable ? Tr::tr("a date and time (ISO 8601), or null") : Tr::tr("a date and time (ISO 8601)"));
            return {};
        }
        return t;
    }

    /// Base64 image bytes, at most maxImageBytes once decoded; nullopt when null and `nullable`.
    std::optional<QByteArray> imageBytes(const QJsonObject &o, const QString &where, const QString &key, bool nullable)
    {
        const QJsonValue v = required(o, where, key);
        if (failed() || (nullable && v.isNull()))
            return std::nullopt;
        if (!v.isString()) {
            wrongType(where, key, nullable ? Tr::tr("base64 text, or null") : Tr::tr("base64 text"));
            return std::nullopt;
        }
        const QString text = v.toString();
        if (text.size() > base64Length(m_limits.maxImageBytes)) {
            fail(Tr::tr("An image in the transcript is too large (\"%1\", more than %2).")
                     .arg(path(where, key), formatBytes(m_limits.maxImageBytes)));
            return std::nullopt;
        }
        for (const QChar c : text) {
            if (c.unicode() > 127) {
                fail(Tr::tr("The transcript is damaged: \"%1\" is not valid base64.").arg(path(where, key)));
                return std::nullopt;
            }
        }
        const auto decoded = QByteArray::fromBase64Encoding(
            text.toLatin1(), QByteArray::Base64Encoding | QByteArray::AbortOnBase64DecodingErrors);
        if (!decoded) {
            fail(Tr::tr("The transcript is damaged: \"%1\" is not valid base64.").arg(path(where, key)));
            return std::nullopt;
        }
        if (decoded.decoded.size() > m_limits.maxImageBytes) {
            fail(Tr::tr("An image in the transcript is too large (\"%1\", more than %2).")
                     .arg(path(where, key), formatBytes(m_limits.maxImageBytes)));
            return std::nullopt;
        }
        return decoded.decoded;
    }

    QByteArray sha256(const QJsonObject &o, const QString &where, bool allowEmpty)
    {
        const QString s = string(o, where, QStringLiteral("sha256"));
        if (failed())
            return {};
        if (!(allowEmpty && s.isEmpty()) && !isSha256Hex(s))
            wrongType(where, QStringLiteral("sha256"), Tr::tr("64 lower-case hexadecimal digits"));
        return s.toLatin1();
    }

    void checkHash(const QByteArray &bytes, const QByteArray &declared, const QString &where)
    {
        if (failed() || declared.isEmpty())
            return;
        if (sha256Hex(bytes) != declared)
            fail(Tr::tr("The transcript is damaged: the image in \"%1\" does not match its SHA-256 hash.").arg(where));
    }

    TurnImage image(const QJsonObject &o, const QString &where)
    {
        TurnImage image;
        image.name = string(o, where, QStringLiteral("name"));
        image.tokens = int(integer(o, where, QStringLiteral("tokens"), 0, MaxCount, false, 0));

        const QString originalWhere = path(where, QStringLiteral("original"));
        const QJsonObject original = object(o, where, QStringLiteral("original"));
        const QByteArray originalHash = sha256(original, originalWhere, true);
        const QString originalMime = optionalString(original, originalWhere, QStringLiteral("mime"));
        if (!failed() && original.contains(QStringLiteral("mime")) && !isMimeName(originalMime))
            wrongType(originalWhere, QStringLiteral("mime"), Tr::tr("a MIME type such as image/jpeg"));
        const std::optional<QByteArray> originalBytes = imageBytes(original, originalWhere, QStringLiteral("bytes"), true);
        if (originalBytes) {
            if (originalHash.isEmpty())
                wrongType(originalWhere, QStringLiteral("sha256"), Tr::tr("64 lower-case hexadecimal digits"));
            checkHash(*originalBytes, originalHash, originalWhere);
        }

        const QString sentWhere = path(where, QStringLiteral("sent"));
        const QJsonObject sent = object(o, where, QStringLiteral("sent"));
        const QByteArray sentHash = sha256(sent, sentWhere, false);
        image.mime = string(sent, sentWhere, QStringLiteral("mime"));
        const int width = int(integer(sent, sentWhere, QStringLiteral("width"), 0, MaxSide, true));
        const int height = int(integer(sent, sentWhere, QStringLiteral("height"), 0, MaxSide, true));
        const std::optional<QByteArray> sentBytes = imageBytes(sent, sentWhere, QStringLiteral("bytes"), false);
        if (failed())
            return {};
        if (!sentBytes || sentBytes->isEmpty()) {
            fail(Tr::tr("The transcript is damaged: \"%1\" is empty.").arg(path(sentWhere, QStringLiteral("bytes"))));
            return {};
        }
        checkHash(*sentBytes, sentHash, sentWhere);
        // The mime goes into the next request's data: URL: it must be the one Squint would send for
        // these bytes (mimeForFormat of what they are), nothing else.
        const QByteArray format = probeImage(*sentBytes, DecodeOptions{0}).info.format;
        if (!failed() && (format.isEmpty() || image.mime != mimeForFormat(format))) {
            fail(format.isEmpty()
                     ? Tr::tr("The transcript is damaged: \"%1\" is not an image Squint can send.")
                           .arg(path(sentWhere, QStringLiteral("bytes")))
                     : Tr::tr("The transcript is damaged: \"%1\" should be %2, the type of the image it describes.")
                           .arg(path(sentWhere, QStringLiteral("mime")), mimeForFormat(format)));
            return {};
        }
        if (width >= 0 && height >= 0 && width * qint64(height) > MaxDecodePixels) {
            fail(Tr::tr("The transcript is damaged: the image in \"%1\" declares more pixels than Squint opens.")
                     .arg(sentWhere));
            return {};
        }
        image.data = *sentBytes;
        image.sentBytes = sentBytes->size();
        image.sentSize = width >= 0 && height >= 0 ? QSize(width, height) : QSize();
        image.sha256 = originalHash.isEmpty() ? sentHash : originalHash;
        if (o.contains(QStringLiteral("edits"))) {
            const QString edits = QString::fromUtf8(
                QJsonDocument(o.value(QStringLiteral("edits")).toObject())
                    .toJson(QJsonDocument::Compact));
            QString error;
            if (!o.value(QStringLiteral("edits")).isObject()
                || (editListFromJson(edits, &error).isEmpty() && !error.isEmpty())) {
                fail(Tr::tr("The transcript is damaged: \"%1\" is not an edit list.")
                         .arg(path(where, QStringLiteral("edits"))));
                return {};
            }
            image.edits = edits;
        }
        return image;
    }

    Turn turn(const QJsonObject &o, const QString &where)
    {
        Turn turn;
        turn.prompt = string(o, where, QStringLiteral("prompt"));
        turn.askedAt = time(o, where, QStringLiteral("asked_at"), true);
        const QString state = string(o, where, QStringLiteral("state"));
        if (!failed()) {
            if (const auto s = turnStateFromName(state))
                turn.state = *s;
            else
                fail(Tr::tr("The transcript is damaged: \"%1\" has the unknown value \"%2\".")
                         .arg(path(where, QStringLiteral("state")), state));
        }
        turn.answer = string(o, where, QStringLiteral("answer"));
        turn.reasoning = string(o, where, QStringLiteral("reasoning"));
        turn.model = string(o, where, QStringLiteral("model"));
        turn.connectionName = string(o, where, QStringLiteral("connection"));
        turn.finishReason = string(o, where, QStringLiteral("finish_reason"));
        turn.imagesInContext = boolean(o, where, QStringLiteral("images_in_context"));
        turn.labelImages = boolean(o, where, QStringLiteral("label_images"), false);
        turn.firstTokenMs = integer(o, where, QStringLiteral("first_token_ms"), 0, MaxMs, true);
        turn.totalMs = integer(o, where, QStringLiteral("total_ms"), 0, MaxMs, true);

        const QString usageWhere = path(where, QStringLiteral("usage"));
        const QJsonObject usage = object(o, where, QStringLiteral("usage"));
        turn.usage.prompt = integer(usage, usageWhere, QStringLiteral("prompt_tokens"), 0, MaxCount, true);
        turn.usage.completion = integer(usage, usageWhere, QStringLiteral("completion_tokens"), 0, MaxCount, true);
        turn.usage.total = integer(usage, usageWhere, QStringLiteral("total_tokens"), 0, MaxCount, true);
        turn.usage.reasoning = integer(usage, usageWhere, QStringLiteral("reasoning_tokens"), 0, MaxCount, true);

        const QJsonValue error = required(o, where, QStringLiteral("error"));
        if (!failed() && !error.isNull()) {
            const QString errorWhere = path(where, QStringLiteral("error"));
            if (!error.isObject()) {
                wrongType(where, QStringLiteral("error"), Tr::tr("an object, or null"));
            } else {
                const QJsonObject e = error.toObject();
                turn.error.status = int(integer(e, errorWhere, QStringLiteral("status"), 0, 999, false, 0));
                turn.error.message = string(e, errorWhere, QStringLiteral("message"));
                turn.error.hint = string(e, errorWhere, QStringLiteral("hint"));
                turn.error.code = optionalString(e, errorWhere, QStringLiteral("code"));
                turn.error.param = optionalString(e, errorWhere, QStringLiteral("param"));
                turn.error.serverMessage = optionalString(e, errorWhere, QStringLiteral("server_message"));
                const QString kind = optionalString(e, errorWhere, QStringLiteral("kind"));
                if (kind.isEmpty()) {
                    turn.error.kind = turn.error.status > 0 ? ApiError::Kind::Http : ApiError::Kind::Protocol;
                } else if (const auto k = apiErrorKindFromName(kind)) {
                    turn.error.kind = *k;
                } else {
                    fail(Tr::tr("The transcript is damaged: \"%1\" has the unknown value \"%2\".")
                             .arg(path(errorWhere, QStringLiteral("kind")), kind));
                }
            }
        }

        const QJsonArray images = array(o, where, QStringLiteral("images"));
        for (int i = 0; i < images.size() && !failed(); ++i) {
            const QString imageWhere = path(where, QStringLiteral("images[%1]").arg(i));
            if (!images.at(i).isObject()) {
                fail(Tr::tr("The transcript is damaged: \"%1\" should be %2.").arg(imageWhere, Tr::tr("an object")));
                break;
            }
            turn.images.append(image(images.at(i).toObject(), imageWhere));
        }
        return turn;
    }

private:
    TranscriptLimits m_limits;
    QString m_error;
};

} // namespace

// ---- public -----------------------------------------------------------------------------------

TranscriptImageBytes transcriptImageBytes(const TurnImage &image)
{
    TranscriptImageBytes out;
    if (!image.data.isEmpty()) {
        out.sent = image.data;
    } else if (!image.sentPath.isEmpty()) {
        QFile f(image.sentPath);
        if (f.open(QIODevice::ReadOnly))
            out.sent = f.readAll();
    }
    if (!image.originalPath.isEmpty()) {
        if (image.originalPath == image.sentPath && image.data.isEmpty()) {
            out.original = out.sent;
        } else {
            QFile f(image.originalPath);
            if (f.open(QIODevice::ReadOnly))
                out.original = f.readAll();
        }
    }
    return out;
}

bool writeMarkdown(const TranscriptData &data, const QString &path, MarkdownImages mode, QString *error)
{
    const QString assetsDir = QFileInfo(path).absoluteDir().filePath(QStringLiteral("assets"));
    QSet<QString> written;
    QString md;
    md += QStringLiteral("# ") % escapeMarkdownInline(shownTitle(data)) % QStringLiteral("\n\n");
    md += u'*' % escapeMarkdownInline(Tr::tr("Exported from Squint on %1").arg(shownTime(exportTime(data))))
        % QStringLiteral("*\n\n");
    const ChatParameters &p = data.parameters;
    const QStringList settings = parameterNotes(p);
    if (!settings.isEmpty())
        md += u'*' % escapeMarkdownInline(settings.join(QStringLiteral(" · "))) % QStringLiteral("*\n\n");
    if (!p.system.trimmed().isEmpty())
        md += QStringLiteral("**") % escapeMarkdownInline(Tr::tr("System prompt")) % QStringLiteral("**\n\n")
            % markdownQuote(p.system) % u'\n';

    for (const Turn &turn : data.turns) {
        md += QStringLiteral("---\n\n**") % escapeMarkdownInline(Tr::tr("You")) % QStringLiteral("**");
        if (turn.askedAt.isValid())
            md += QStringLiteral(" · ") % escapeMarkdownInline(shownTime(turn.askedAt));
        md += QStringLiteral("\n\n");
        if (!turn.prompt.trimmed().isEmpty())
            md += markdownQuote(turn.prompt) % u'\n';

        int imageNumber = 0;
        for (const TurnImage &image : turn.images) {
            const QString shownName = transcriptImageName(turn, image, ++imageNumber);
            const TranscriptImageBytes bytes = transcriptImageBytes(image);
            if (bytes.sent.isEmpty()) {
                md += u'*' % escapeMarkdownInline(Tr::tr("[%1: the image is no longer available]").arg(image.name))
                    % QStringLiteral("*\n\n");
                continue;
            }
            QString target;
            if (mode == MarkdownImages::Embedded) {
                target = dataUrl(bytes.sent, image.mime);
            } else {
                const QString fileName = QString::fromLatin1(sha256Hex(bytes.sent).left(12)) % u'-'
                    % safeAssetName(image.name, safeImageMime(image.mime, bytes.sent));
                if (!written.contains(fileName)) {
                    if (!ensurePrivateDir(assetsDir)) {
                        setError(error, Tr::tr("Could not create the folder %1.").arg(QDir::toNativeSeparators(assetsDir)));
                        return false;
                    }
                    if (!saveFile(QDir(assetsDir).filePath(fileName), bytes.sent, error))
                        return false;
                    written.insert(fileName);
                }
                target = QStringLiteral("assets/") % fileName;
            }
            md += QStringLiteral("![") % markdownAlt(shownName) % QStringLiteral("](") % target % QStringLiteral(")\n\n");
        }

        md += QStringLiteral("**") % escapeMarkdownInline(Tr::tr("Model")) % QStringLiteral("**");
        const QStringList details = modelDetails(turn);
        if (!details.isEmpty())
            md += QStringLiteral(" (") % escapeMarkdownInline(details.join(QStringLiteral(" · "))) % u')';
        md += QStringLiteral("\n\n");
        if (!turn.reasoning.trimmed().isEmpty())
            md += u'*' % escapeMarkdownInline(Tr::tr("Reasoning")) % QStringLiteral("*\n\n") % markdownQuote(turn.reasoning)
                % u'\n';
        if (!turn.answer.isEmpty())
            md += safeAnswerMarkdown(turn.answer) % u'\n';
        for (const QString &note : stateNotes(turn))
            md += u'*' % escapeMarkdownInline(note) % QStringLiteral("*\n\n");
    }
    return saveFile(path, md.toUtf8(), error);
}

QString transcriptHtml(const TranscriptData &data)
{
    const auto source = [](const TurnImage &image, const QByteArray &bytes, QSize *) {
        return dataUrl(bytes, image.mime);
    };
    const QString lang = QLocale().bcp47Name();
    return QStringLiteral("<!DOCTYPE html>\n<html lang=\"") % lang.toHtmlEscaped() % QStringLiteral("\">\n<head>\n")
        % QStringLiteral("<meta charset=\"utf-8\">\n")
        % QStringLiteral("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                         "img-src data:; style-src 'unsafe-inline'\">\n")
        % QStringLiteral("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        % QStringLiteral("<meta name=\"generator\" content=\"Squint " SQUINT_VERSION "\">\n")
        % QStringLiteral("<title>") % shownTitle(data).toHtmlEscaped() % QStringLiteral("</title>\n")
        % QStringLiteral("<style>") % QString::fromUtf8(Stylesheet) % QStringLiteral("</style>\n</head>\n<body>\n")
        % transcriptBody(data, false, source) % QStringLiteral("</body>\n</html>\n");
}

bool writeHtml(const TranscriptData &data, const QString &path, QString *error)
{
    return saveFile(path, transcriptHtml(data).toUtf8(), error);
}

bool writePdf(const TranscriptData &data, const QString &path, QString *error)
{
    QTextDocument doc;
    int next = 0;
    const auto source = [&doc, &next](const TurnImage &, const QByteArray &bytes, QSize *displaySize) {
        QImage image = QImage::fromData(bytes);
        if (image.isNull())
            return QString();
        constexpr int MaxPixels = 1600; // enough for print, keeps the file small
        if (image.width() > MaxPixels || image.height() > MaxPixels)
            image = image.scaled(MaxPixels, MaxPixels, Qt::KeepAspectRatio, Qt::SmoothTransformation);
        const QString name = QStringLiteral("squint-image://%1").arg(next++);
        doc.addResource(QTextDocument::ImageResource, QUrl(name), image);
        constexpr double MaxWidth = 420;  // document pixels: well inside an A4 or Letter page
        constexpr double MaxHeight = 520;
        const double scale = std::min({1.0, MaxWidth / image.width(), MaxHeight / image.height()});
        *displaySize = QSize(std::max(1, int(image.width() * scale)), std::max(1, int(image.height() * scale)));
        return name;
    };
    doc.setHtml(QStringLiteral("<html><body>") % transcriptBody(data, true, source) % QStringLiteral("</body></html>"));
    doc.setMetaInformation(QTextDocument::DocumentTitle, shownTitle(data));

    QSaveFile file(path);
    if (!openPrivateFile(file, QIODevice::WriteOnly)) {
        setError(error, Tr::tr("Could not write %1: %2").arg(QDir::toNativeSeparators(path), file.errorString()));
        return false;
    }
    {
        QPdfWriter writer(&file);
        writer.setTitle(shownTitle(data));
        writer.setCreator(QStringLiteral("Squint " SQUINT_VERSION));
        writer.setPageSize(QPageSize(QLocale().measurementSystem() == QLocale::MetricSystem ? QPageSize::A4
                                                                                             : QPageSize::Letter));
        writer.setResolution(300);
        doc.print(&writer);
    }
    if (file.error() != QFileDevice::NoError || file.size() == 0 || !file.commit()) {
        setError(error, Tr::tr("Could not write %1: %2").arg(QDir::toNativeSeparators(path), file.errorString()));
        file.cancelWriting();
        return false;
    }
    return true;
}

QByteArray toJson(const TranscriptData &data, QString *error)
{
    QJsonArray turns;
    for (int t = 0; t < data.turns.size(); ++t) {
        const Turn &turn = data.turns.at(t);
        QJsonArray images;
        for (const TurnImage &image : turn.images) {
            const TranscriptImageBytes bytes = transcriptImageBytes(image);
            if (bytes.sent.isEmpty()) {
                setError(error, Tr::tr("Could not read the image %1 of turn %2: its file is gone.")
                                    .arg(image.name).arg(t + 1));
                return {};
            }
            QJsonObject original;
            QByteArray originalHash = image.sha256.toLower();
            const QByteArray actualHash = bytes.original.isEmpty() ? QByteArray() : sha256Hex(bytes.original);
            // A file that changed since it was sent is not the original any more: left out.
            if (!actualHash.isEmpty() && (originalHash.isEmpty() || originalHash == actualHash)) {
                originalHash = actualHash;
                original.insert(QStringLiteral("mime"), QMimeDatabase().mimeTypeForData(bytes.original).name());
                original.insert(QStringLiteral("bytes"), QString::fromLatin1(bytes.original.toBase64()));
            } else {
                original.insert(QStringLiteral("bytes"), QJsonValue::Null);
            }
            original.insert(QStringLiteral("sha256"), QString::fromLatin1(originalHash));

            QJsonObject sent;
            sent.insert(QStringLiteral("sha256"), QString::fromLatin1(sha256Hex(bytes.sent)));
            sent.insert(QStringLiteral("mime"), image.mime);
            sent.insert(QStringLiteral("width"), image.sentSize.isValid() ? QJsonValue(image.sentSize.width()) : QJsonValue());
            sent.insert(QStringLiteral("height"), image.sentSize.isValid() ? QJsonValue(image.sentSize.height()) : QJsonValue());
            sent.insert(QStringLiteral("bytes"), QString::fromLatin1(bytes.sent.toBase64()));

            QJsonObject entry{
                {QStringLiteral("name"), image.name},
                {QStringLiteral("original"), original},
                {QStringLiteral("sent"), sent},
                {QStringLiteral("tokens"), image.tokens},
            };
            // The marks made in the editor before sending (the sent bytes already show them).
            if (!image.edits.isEmpty())
                entry.insert(QStringLiteral("edits"),
                             QJsonDocument::fromJson(image.edits.toUtf8()).object());
            images.append(entry);
        }
        QJsonValue errorValue = QJsonValue::Null;
        if (!turn.error.isNull()) {
            errorValue = QJsonObject{
                {QStringLiteral("kind"), apiErrorKindName(turn.error.kind)},
                {QStringLiteral("status"), turn.error.status},
                {QStringLiteral("code"), turn.error.code},
                {QStringLiteral("param"), turn.error.param},
                {QStringLiteral("server_message"), turn.error.serverMessage},
                {QStringLiteral("message"), turn.error.message},
                {QStringLiteral("hint"), turn.error.hint},
            };
        }
        turns.append(QJsonObject{
            {QStringLiteral("prompt"), turn.prompt},
            {QStringLiteral("asked_at"),
             turn.askedAt.isValid() ? QJsonValue(isoTime(turn.askedAt)) : QJsonValue()},
            {QStringLiteral("state"), turnStateName(turn.state)},
            {QStringLiteral("answer"), turn.answer},
            {QStringLiteral("reasoning"), turn.reasoning},
            {QStringLiteral("model"), turn.model},
            {QStringLiteral("connection"), turn.connectionName},
            {QStringLiteral("finish_reason"), turn.finishReason},
            {QStringLiteral("usage"),
             QJsonObject{
                 {QStringLiteral("prompt_tokens"), nullableCount(turn.usage.prompt)},
                 {QStringLiteral("completion_tokens"), nullableCount(turn.usage.completion)},
                 {QStringLiteral("total_tokens"), nullableCount(turn.usage.total)},
                 {QStringLiteral("reasoning_tokens"), nullableCount(turn.usage.reasoning)},
             }},
            {QStringLiteral("first_token_ms"), nullableCount(turn.firstTokenMs)},
            {QStringLiteral("total_ms"), nullableCount(turn.totalMs)},
            {QStringLiteral("error"), errorValue},
            {QStringLiteral("images_in_context"), turn.imagesInContext},
            {QStringLiteral("label_images"), turn.labelImages},
            {QStringLiteral("images"), images},
        });
    }
    const ChatParameters &p = data.parameters;
    const QJsonObject root{
        {QStringLiteral("format"), QLatin1String(FormatName)},
        {QStringLiteral("version"), FormatVersion},
        {QStringLiteral("title"), data.title},
        {QStringLiteral("exported_at"), isoTime(exportTime(data))},
        {QStringLiteral("parameters"),
         QJsonObject{
             {QStringLiteral("system"), p.system},
             {QStringLiteral("temperature"), p.temperature >= 0 ? QJsonValue(p.temperature) : QJsonValue()},
             {QStringLiteral("max_tokens"), p.maxTokens > 0 ? QJsonValue(p.maxTokens) : QJsonValue()},
             {QStringLiteral("stream"), p.stream},
         }},
        {QStringLiteral("turns"), turns},
    };
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

bool writeJson(const TranscriptData &data, const QString &path, QString *error)
{
    const QByteArray json = toJson(data, error);
    if (json.isEmpty())
        return false;
    return saveFile(path, json, error);
}

namespace {

QString tooLargeMessage(qint64 size, qint64 limit)
{
    return Tr::tr("The transcript is too large (%1; at most %2 can be read).")
        .arg(formatBytes(size), formatBytes(limit));
}

/// The JSON of a transcript parsed, or nullopt with *error set.
std::optional<QJsonDocument> parseTranscriptJson(const QByteArray &json, QString *error)
{
    QJsonParseError parseError;
    QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        setError(error, Tr::tr("The transcript is not valid JSON: %1 at byte %2.")
                            .arg(parseError.errorString()).arg(parseError.offset));
        return std::nullopt;
    }
    return doc;
}

/// The transcript in a parsed document, every field checked (see readJson()).
std::optional<TranscriptData> transcriptFromDocument(const QJsonDocument &doc, QString *error,
                                                     const TranscriptLimits &limits)
{
    if (!doc.isObject()) {
        setError(error, Tr::tr("This file is not a Squint transcript: it holds no JSON object."));
        return std::nullopt;
    }
    const QJsonObject root = doc.object();
    const QJsonValue format = root.value(QStringLiteral("format"));
    if (!format.isString() || format.toString() != QLatin1String(FormatName)) {
        setError(error, format.isString()
                     ? Tr::tr("This file is not a Squint transcript (its format is \"%1\").").arg(format.toString())
                     : Tr::tr("This file is not a Squint transcript: it has no \"format\" field."));
        return std::nullopt;
    }
    const QJsonValue version = root.value(QStringLiteral("version"));
    if (!version.isDouble()) {
        setError(error, Tr::tr("The transcript is damaged: \"version\" should be a whole number."));
        return std::nullopt;
    }
    if (version.toDouble() != FormatVersion) {
        setError(error, Tr::tr("This transcript has version %1, which this version of Squint cannot read "
                               "(it reads version %2).")
                            .arg(QLocale::c().toString(version.toDouble())).arg(FormatVersion));
        return std::nullopt;
    }

    JsonReader r(limits);
    TranscriptData data;
    data.title = r.string(root, {}, QStringLiteral("title"));
    data.exportedAt = r.time(root, {}, QStringLiteral("exported_at"), false);
    const QJsonObject params = r.object(root, {}, QStringLiteral("parameters"));
    const QString pw = QStringLiteral("parameters");
    data.parameters.system = r.string(params, pw, QStringLiteral("system"));
    const QJsonValue temperature = r.required(params, pw, QStringLiteral("temperature"));
    if (!r.failed()) {
        if (temperature.isNull())
            data.parameters.temperature = -1;
        else if (temperature.isDouble() && temperature.toDouble() >= 0 && temperature.toDouble() <= MaxTemperature)
            data.parameters.temperature = temperature.toDouble();
        else
            r.wrongType(pw, QStringLiteral("temperature"),
                        Tr::tr("a number from 0 to %1, or null").arg(QLocale::c().toString(MaxTemperature)));
    }
    data.parameters.maxTokens = int(r.integer(params, pw, QStringLiteral("max_tokens"), 1, MaxCount, true, 0));
    data.parameters.stream = r.boolean(params, pw, QStringLiteral("stream"), true);
    const QJsonArray turns = r.array(root, {}, QStringLiteral("turns"));
    for (int i = 0; i < turns.size() && !r.failed(); ++i) {
        const QString where = QStringLiteral("turns[%1]").arg(i);
        if (!turns.at(i).isObject()) {
            r.fail(Tr::tr("The transcript is damaged: \"%1\" should be %2.").arg(where, Tr::tr("an object")));
            break;
        }
        data.turns.append(r.turn(turns.at(i).toObject(), where));
    }
    if (r.failed()) {
        setError(error, r.error());
        return std::nullopt;
    }
    return data;
}

} // namespace

std::optional<TranscriptData> readJson(const QByteArray &json, QString *error, const TranscriptLimits &limits)
{
    if (json.size() > limits.maxFileBytes) {
        setError(error, tooLargeMessage(json.size(), limits.maxFileBytes));
        return std::nullopt;
    }
    const std::optional<QJsonDocument> doc = parseTranscriptJson(json, error);
    if (!doc)
        return std::nullopt;
    return transcriptFromDocument(*doc, error, limits);
}

std::optional<TranscriptData> readJsonFile(const QString &path, QString *error, const TranscriptLimits &limits)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        setError(error, Tr::tr("Could not open %1: %2").arg(QDir::toNativeSeparators(path), file.errorString()));
        return std::nullopt;
    }
    // Refused by its size before a byte is read.
    if (file.size() > limits.maxFileBytes) {
        setError(error, tooLargeMessage(file.size(), limits.maxFileBytes));
        return std::nullopt;
    }
    std::optional<QJsonDocument> doc;
    {
        // The file's bytes live only while they are parsed: the images are decoded from the parsed
        // document, so the peak is the document plus the decoded images, not three copies of the file.
        const QByteArray bytes = file.read(limits.maxFileBytes + 1);
        if (file.error() != QFileDevice::NoError) {
            setError(error, Tr::tr("Could not read %1: %2").arg(QDir::toNativeSeparators(path), file.errorString()));
            return std::nullopt;
        }
        if (bytes.size() > limits.maxFileBytes) { // it grew while it was read
            setError(error, tooLargeMessage(bytes.size(), limits.maxFileBytes));
            return std::nullopt;
        }
        doc = parseTranscriptJson(bytes, error);
    }
    file.close();
    if (!doc)
        return std::nullopt;
    return transcriptFromDocument(*doc, error, limits);
}

} // namespace squint
