#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

namespace squint {

/// One image in a chat-completions body. For size computations only `mime` and `size` are used;
/// for building, `data` holds the raw (not base64) bytes.
struct BodyImage
{
    QString mime;
    qint64 size = 0;
    QByteArray data;
    QString path; ///< file holding the bytes, read on a worker thread before building (see ChatClient)
    /// Not empty: a text part with this text goes right before the image ("Image 1:"), so that the
    /// model's answer can name the images as the user sees them.
    QString label;
};

struct BodyMessage
{
    QString role = QStringLiteral("user");
    QString text;
    QList<BodyImage> images;
};

/// One property of a structured answer (response_format json_schema): its name and the JSON types
/// it may take ("string", "number", "integer", "boolean", "null").
struct BodyColumn
{
    QString name;
    QStringList types = {QStringLiteral("string"), QStringLiteral("null")};
};

/// An OpenAI chat-completions request as Squint sends it (docs/protocol.md section 1): text part
/// first, then one image_url part per image, each a base64 data URL (after a text part with its
/// label when the image has one).
struct ChatBodySpec
{
    QString model;
    QString system;                 ///< empty: no system message
    QList<BodyMessage> messages;
    bool stream = true;
    bool includeUsage = false;      ///< stream_options.include_usage
    int maxTokens = 0;              ///< 0: omitted
    QString maxTokensField = QStringLiteral("max_tokens");
    double temperature = -1;        ///< negative: omitted
    /// Not empty: "response_format": {"type": "json_schema", "json_schema": {"name": schemaName,
    /// "schema": an object with these properties, all required, additionalProperties false,
    /// "strict": true}} (OpenAI, Databricks, Ollama's OpenAI endpoint).
    QList<BodyColumn> columns;
    QString schemaName = QStringLiteral("answer");
};

/// Exact size in bytes of buildChatBody(spec), computed without encoding anything.
qint64 chatBodySize(const ChatBodySpec &spec);
/// The JSON body, UTF-8, compact. Base64 is written straight into one buffer of the exact size.
QByteArray buildChatBody(const ChatBodySpec &spec);
/// Bytes one image part adds to a body: its data URL and JSON framing, plus the separating comma.
qint64 imagePartBytes(const QString &mime, qint64 rawBytes);
/// The label of the `n`th image (1-based) of a turn that names its images: "Image n:".
QString imageLabel(int n);
/// Length of `s` once escaped as a JSON string, without the quotes.
qint64 jsonEscapedLength(const QString &s);

} // namespace squint
