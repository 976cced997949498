#pragma once

// The one rule for what an answer's Markdown (from a model, or from a transcript file) may do when
// Squint shows or exports it: links open only for http, https and mailto; no image is ever fetched
// (an image becomes text); raw HTML is shown as text. The chat pane, Compare Models, the HTML and
// PDF exports and the Markdown export all go through here.

#include <QColor>
#include <QList>
#include <QString>
#include <QTextCharFormat>
#include <QTextDocument>
#include <QUrl>

namespace squint {

/// GitHub-flavoured Markdown (tables, strikethrough, task lists, autolinks) without raw HTML: an
/// answer's `<img src=...>` or `<link href=...>` stays text, it never becomes a request.
inline constexpr QTextDocument::MarkdownFeatures AnswerMarkdownFeatures = QTextDocument::MarkdownFeatures(
    QTextDocument::MarkdownDialectGitHub | QTextDocument::MarkdownNoHTML);

/// A tooltip that shows `text` (a file name, a title, a prompt, a URL) literally. Qt renders a tooltip
/// that looks like HTML as HTML (a file named `<img src=...>` would be an image): this one is HTML
/// whose only content is the escaped text, line breaks kept.
inline QString plainToolTip(const QString &text)
{
    if (text.isEmpty())
        return {};
    return QStringLiteral("<p style=\"white-space:pre-wrap\">") + text.toHtmlEscaped() + QStringLiteral("</p>");
}

/// Links in answers that may open (in the browser, and only when clicked): http, https and mailto.
bool isSafeLink(const QUrl &url);

/// A change to one fragment of a document: its text replaced by `text` (when not empty) in `format`,
/// else `format` applied to it.
struct FragmentEdit
{
    int position = 0;
    int length = 0;
    QString text;
    QTextCharFormat format;
};
/// Applies edits collected in document order, the last first, so that their positions stay right.
void applyFragmentEdits(QTextDocument &doc, const QList<FragmentEdit> &edits);

/// Where a document made safe by sanitizeAnswerDocument() goes: a file written out (the defaults),
/// or a view the user reads and clicks in (the chat pane, Compare Models).
struct AnswerView
{
    /// A view: an image becomes "[image: its alt text]" (else its title, else its file name), a link
    /// to its source when that is a safe link, and safe links show their address (or title) as a
    /// plain-text tooltip. A file: an image becomes "[image: its source]", never a link, so that a
    /// saved transcript links nowhere a model chose to put an image.
    bool interactive = false;
    QColor linkColour; ///< interactive: the colour of the links made from images (invalid: none)
    QString keepImageScheme; ///< interactive: images with this scheme stay (the chat pane's thumbnails)
};

/// Makes a document parsed from an answer (with AnswerMarkdownFeatures) safe to show or write out:
/// no image is left to fetch (see AnswerView), and every link that is not safe loses its target (its
/// text stays, without the link look).
void sanitizeAnswerDocument(QTextDocument &doc, const AnswerView &view = {});

/// `text` escaped so Markdown shows it as it is: the punctuation that starts inline markup (links,
/// images, HTML, emphasis, code) always, and what starts a block at the beginning of the line.
QString escapeMarkdownLine(const QString &line);

/// An answer's Markdown rewritten for a .md file: the same structure (headings, lists, emphasis,
/// code, tables, safe links), with raw HTML escaped so it shows as text, unsafe links reduced to
/// their text and images turned into text, so previewing the file fetches and runs nothing. When the
/// rewrite cannot be checked to be safe, every line of the answer is escaped instead.
QString safeAnswerMarkdown(const QString &markdown);

} // namespace squint
