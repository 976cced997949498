#pragma once

// Transcripts: a conversation's data written to files others can read (Markdown, HTML, PDF, JSON),
// and a JSON transcript read back. Pure functions apart from file I/O; they touch no widgets and
// may run on a worker thread (the PDF and HTML writers use QTextDocument, which needs a
// QGuiApplication to exist).

#include "core/chat/conversation.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>

namespace squint {

struct TranscriptData
{
    QString title;
    ChatParameters parameters;
    QList<Turn> turns;
    QDateTime exportedAt; ///< invalid: the writers use the current time
};

/// The bytes behind a TurnImage.
struct TranscriptImageBytes
{
    QByteArray sent;     ///< `data` if set, else the contents of sentPath; empty when neither could be read
    QByteArray original; ///< the contents of originalPath; empty when it is not set or cannot be read
};
/// Reads the image's bytes (file I/O: callers run this off the GUI thread).
TranscriptImageBytes transcriptImageBytes(const TurnImage &image);

enum class MarkdownImages {
    AssetsFolder, ///< image files in a folder "assets" next to the .md, linked relatively
    Embedded,     ///< data: URLs inside the .md
};

/// Markdown: a heading with the title, then per turn "**You**" and the prompt (a quoted block,
/// escaped so it never turns into markup), the images (![name](assets/<sha256-prefix>-name) or
/// data: URLs), then "**Model** (model · tokens · times)" and the answer as it is (it is Markdown
/// already; an unclosed code fence is closed); failed and stopped turns say so. AssetsFolder: the
/// image files are written first, then the .md (atomically).
bool writeMarkdown(const TranscriptData &data, const QString &path, MarkdownImages mode, QString *error);

/// One self-contained HTML file: every text escaped, answers rendered from Markdown without raw
/// HTML (images the model linked become text, links other than http(s)/mailto are dropped), images
/// inline as data: URLs, a print stylesheet, a Content-Security-Policy that loads nothing external
/// and runs no script.
QString transcriptHtml(const TranscriptData &data);
bool writeHtml(const TranscriptData &data, const QString &path, QString *error);

/// PDF through QTextDocument and QPdfWriter (selectable text, images included).
bool writePdf(const TranscriptData &data, const QString &path, QString *error);

/// JSON, versioned and lossless ("format": "squint-transcript", "version": 1), images as base64
/// with their SHA-256. Fails (empty result, *error set) when an image's sent bytes cannot be read.
/// There are no credentials in TranscriptData and none are ever written.
QByteArray toJson(const TranscriptData &data, QString *error);
bool writeJson(const TranscriptData &data, const QString &path, QString *error);

struct TranscriptLimits
{
    /// A larger transcript is refused before it is read. 256 MiB holds hundreds of full-size photos;
    /// reading one takes up to about three times its size in memory.
    qint64 maxFileBytes = qint64(256) * 1024 * 1024;
    qint64 maxImageBytes = qint64(64) * 1024 * 1024; ///< a larger image (decoded) is refused
};

/// Reads a JSON transcript, validating everything before producing anything: format and version,
/// required fields and their types, base64, the SHA-256 of every decoded image, sizes. On success
/// every image has `data` (the sent bytes) and `sha256` (of the original, or of the sent bytes when
/// the original's hash is unknown) set, `sentPath` and `originalPath` empty. On failure: nullopt and
/// a translated sentence in *error. Linear in the size of the input; needs no database, window or
/// event loop, so it is also the entry point for fuzzing the import with raw bytes.
/// Every field must be what Squint itself writes: the sent image's `mime` is the one Squint sends for
/// those bytes (mimeForFormat of their format), hashes are 64 hex digits, states and error kinds are
/// known names, counts, durations, sizes and the temperature are within bounds.
std::optional<TranscriptData> readJson(const QByteArray &json, QString *error, const TranscriptLimits &limits = {});
/// Refuses a file over limits.maxFileBytes before reading it; the file's bytes are released once
/// parsed, so the peak is about the parsed document plus the decoded images.
std::optional<TranscriptData> readJsonFile(const QString &path, QString *error, const TranscriptLimits &limits = {});

} // namespace squint
