#include "core/util/safelinks.h"

#include <QCoreApplication>
#include <QGuiApplication>
#include <QList>
#include <QStringBuilder>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextFragment>

namespace squint {

namespace {

class Tr
{
    Q_DECLARE_TR_FUNCTIONS(squint::SafeLinks)
};

bool isCode(const QTextBlock &block, const QTextCharFormat &format)
{
    const QTextBlockFormat bf = block.blockFormat();
    return format.fontFixedPitch() || bf.hasProperty(QTextFormat::BlockCodeFence)
        || bf.hasProperty(QTextFormat::BlockCodeLanguage) || bf.nonBreakableLines();
}

/// Punctuation escaped wherever it is in the text of an exported answer: what could open a link, an
/// image, HTML, an entity, emphasis, code, a table cell, an autolink of a scheme that is not safe
/// (ftp:), and what starts a block (the writer wraps long lines, so any position may start a line).
QString escapeMarkdownFragment(const QString &text)
{
    QString out;
    out.reserve(text.size() + 8);
    for (const QChar c : text) {
        switch (c.unicode()) {
        case u'\\': case u'`': case u'*': case u'_': case u'[': case u']': case u'<': case u'>':
        case u'|': case u'~': case u'&': case u'$': case u'#': case u'-': case u'+': case u'=':
        case u'!': case u':':
            out += u'\\';
            break;
        default:
            break;
        }
        out += c;
    }
    return out;
}

/// A safe link's target as a Markdown link destination: nothing in it may end the destination or
/// start other markup, so those characters are percent-encoded.
QString escapedDestination(const QString &href)
{
    QString out;
    for (const QChar c : href) {
        switch (c.unicode()) {
        case u'(': case u')': case u'<': case u'>': case u'[': case u']': case u' ': case u'\\': case u'"':
        case u'\'': case u'`': case u'\t': case u'\n': case u'\r':
            out += QStringLiteral("%%1").arg(c.unicode(), 2, 16, QLatin1Char('0')).toUpper();
            break;
        default:
            out += c;
        }
    }
    return out;
}

/// What a preview of `markdown` would do, read back with the same parser and raw HTML allowed: safe
/// when it shows no image, no link but safe ones, and the same text as with raw HTML off (so no
/// raw HTML took effect).
bool rendersSafely(const QString &markdown)
{
    QTextDocument withHtml;
    withHtml.setMarkdown(markdown, QTextDocument::MarkdownDialectGitHub);
    for (QTextBlock block = withHtml.begin(); block.isValid(); block = block.next()) {
        for (auto it = block.begin(); !it.atEnd(); ++it) {
            const QTextCharFormat format = it.fragment().charFormat();
            if (format.isImageFormat())
                return false;
            if ((format.isAnchor() || !format.anchorHref().isEmpty())
                && !isSafeLink(QUrl(format.anchorHref(), QUrl::StrictMode)))
                return false;
        }
    }
    QTextDocument noHtml;
    noHtml.setMarkdown(markdown, AnswerMarkdownFeatures);
    return withHtml.toPlainText() == noHtml.toPlainText();
}

/// Every line of `markdown` escaped, line breaks kept: text that no Markdown reader turns into
/// anything (':' too, so that no reader autolinks an ftp: address).
QString escapedLines(const QString &markdown)
{
    QString t = markdown;
    t.replace(QStringLiteral("\r\n"), QStringLiteral("\n"));
    t.replace(u'\r', u'\n');
    QString out;
    for (const QString &line : t.split(u'\n'))
        out += line.trimmed().isEmpty()
            ? QStringLiteral("\n")
            : escapeMarkdownLine(line).replace(u':', QStringLiteral("\\:")) % QStringLiteral("  \n");
    return out;
}

} // namespace

void applyFragmentEdits(QTextDocument &doc, const QList<FragmentEdit> &edits)
{
    for (auto it = edits.crbegin(); it != edits.crend(); ++it) {
        QTextCursor cursor(&doc);
        cursor.setPosition(it->position);
        cursor.setPosition(it->position + it->length, QTextCursor::KeepAnchor);
        if (it->text.isEmpty())
            cursor.setCharFormat(it->format);
        else
            cursor.insertText(it->text, it->format);
    }
}

bool isSafeLink(const QUrl &url)
{
    const QString scheme = url.scheme().toLower();
    return url.isValid()
        && (scheme == QLatin1String("http") || scheme == QLatin1String("https") || scheme == QLatin1String("mailto"));
}

void sanitizeAnswerDocument(QTextDocument &doc, const AnswerView &view)
{
    QList<FragmentEdit> edits;
    for (QTextBlock block = doc.begin(); block.isValid(); block = block.next()) {
        for (auto it = block.begin(); !it.atEnd(); ++it) {
            const QTextFragment fragment = it.fragment();
            if (!fragment.isValid())
                continue;
            QTextCharFormat format = fragment.charFormat();
            if (format.isImageFormat()) {
                const QTextImageFormat image = format.toImageFormat();
                const QUrl source(image.name());
                if (view.interactive && !view.keepImageScheme.isEmpty()
                    && source.scheme() == view.keepImageScheme)
                    continue;
                QString description = image.name();
                QTextCharFormat text;
                if (view.interactive) {
                    description = image.stringProperty(QTextFormat::ImageAltText);
                    if (description.isEmpty())
                        description = image.stringProperty(QTextFormat::ImageTitle);
                    if (description.isEmpty())
                        description = source.fileName();
                    if (isSafeLink(source)) {
                        text.setAnchor(true);
                        text.setAnchorHref(source.toString());
                        text.setToolTip(plainToolTip(source.toDisplayString()));
                        if (view.linkColour.isValid())
                            text.setForeground(view.linkColour);
                        text.setFontUnderline(true);
                    }
                }
                if (description.size() > 120)
                    description = description.left(117) % QStringLiteral("...");
                //: an image in an answer, not shown (it would have to be fetched): %1 is its description
                edits.append({fragment.position(),
                              fragment.length(),
                              QStringLiteral("[") % Tr::tr("image: %1").arg(description)
                                  % QStringLiteral("]"),
                              text});
            } else if (view.interactive && (format.isAnchor() || !format.anchorHref().isEmpty())
                       && isSafeLink(QUrl(format.anchorHref(), QUrl::StrictMode))) {
                // A link's title is the answer's text too: shown as text, like the address.
                const QString title = format.toolTip();
                format.setToolTip(plainToolTip(
                    title.isEmpty() ? QUrl(format.anchorHref()).toDisplayString() : title));
                edits.append({fragment.position(), fragment.length(), {}, format});
            } else if ((format.isAnchor() || !format.anchorHref().isEmpty())
                       && !isSafeLink(QUrl(format.anchorHref(), QUrl::StrictMode))) {
                // Cleared, not set empty: a writer that sees an (empty) target still writes a link.
                format.clearProperty(QTextFormat::IsAnchor);
                format.clearProperty(QTextFormat::AnchorHref);
                format.clearProperty(QTextFormat::AnchorName);
                format.clearForeground(); // no link colour on what is no longer a link
                format.setFontUnderline(false);
                edits.append({fragment.position(), fragment.length(), {}, format});
            }
        }
    }
    applyFragmentEdits(doc, edits);
}

QString escapeMarkdownLine(const QString &line)
{
    QString out;
    out.reserve(line.size() + 8);
    int i = 0;
    // Leading indentation would make a code block: non-breaking spaces keep the look, not the meaning.
    for (; i < line.size() && (line.at(i) == u' ' || line.at(i) == u'\t'); ++i)
        out += line.at(i) == u'\t' ? QStringLiteral("\u00a0\u00a0\u00a0\u00a0") : QStringLiteral("\u00a0");
    const int start = i;
    // Ordered list markers: digits then '.' or ')'.
    int digitsEnd = start;
    while (digitsEnd < line.size() && line.at(digitsEnd).isDigit() && digitsEnd - start < 10)
        ++digitsEnd;
    for (; i < line.size(); ++i) {
        const QChar c = line.at(i);
        bool escape = false;
        switch (c.unicode()) {
        case u'\\': case u'`': case u'*': case u'_': case u'[': case u']': case u'<': case u'>':
        case u'|': case u'~': case u'&': case u'$':
            escape = true;
            break;
        case u'#': case u'-': case u'+': case u'=':
            escape = i == start;
            break;
        case u'.': case u')':
            escape = i == digitsEnd && digitsEnd > start;
            break;
        default:
            break;
        }
        if (escape)
            out += u'\\';
        out += c;
    }
    return out;
}

QString safeAnswerMarkdown(const QString &markdown)
{
    // QTextDocument's Markdown reader asks for fonts, which needs a QGuiApplication (a command-line
    // export may run with a QCoreApplication): without one, the lines are written escaped.
    if (!qobject_cast<QGuiApplication *>(QCoreApplication::instance()))
        return escapedLines(markdown);

    QTextDocument doc;
    doc.setUndoRedoEnabled(false);
    doc.setMarkdown(markdown, AnswerMarkdownFeatures);
    sanitizeAnswerDocument(doc);

    // Every piece of text outside code is escaped, and every link target encoded, before the writer
    // (which escapes nothing) puts the document back into Markdown: text stays text.
    QList<FragmentEdit> edits;
    for (QTextBlock block = doc.begin(); block.isValid(); block = block.next()) {
        for (auto it = block.begin(); !it.atEnd(); ++it) {
            const QTextFragment fragment = it.fragment();
            QTextCharFormat format = fragment.charFormat();
            if (isCode(block, format))
                continue;
            if (format.isAnchor() || !format.anchorHref().isEmpty())
                format.setAnchorHref(escapedDestination(format.anchorHref()));
            edits.append({fragment.position(), fragment.length(), escapeMarkdownFragment(fragment.text()), format});
        }
    }
    applyFragmentEdits(doc, edits);
    QString out = doc.toMarkdown(QTextDocument::MarkdownDialectGitHub);
    if (rendersSafely(out))
        return out;

    // A code block that holds its own fence, say: the answer's lines as plain text instead.
    return escapedLines(markdown);
}

} // namespace squint
