#pragma once

// Rendering a model's answer safely: Markdown without raw HTML, in a document that fetches nothing
// by itself, and the one rule for which links may open. Shared by the chat pane and Compare Models.

#include <QTextDocument>
#include <QUrl>
#include <QVariant>

#include <functional>
#include <utility>

namespace squint {

/// GitHub-flavoured Markdown (tables, strikethrough, task lists, autolinks) without raw HTML: an
/// answer's `<img src=...>` or `<link href=...>` stays text, it never becomes a request.
inline constexpr QTextDocument::MarkdownFeatures AnswerMarkdownFeatures = QTextDocument::MarkdownFeatures(
    QTextDocument::MarkdownDialectGitHub | QTextDocument::MarkdownNoHTML);

/// A document that fetches nothing by itself: QTextDocument's own loadResource() reads local files
/// (and data: URLs) when the loader above it returns nothing, and a global default resource provider
/// may fetch anything. This one asks `loader` and nothing else (no loader: nothing loads).
class SafeDocument final : public QTextDocument
{
public:
    using Loader = std::function<QVariant(int, const QUrl &)>;

    explicit SafeDocument(Loader loader = {}, QObject *parent = nullptr)
        : QTextDocument(parent)
        , m_loader(std::move(loader))
    {
        setResourceProvider([this](const QUrl &url) { return load(QTextDocument::ImageResource, url); });
        setUndoRedoEnabled(false);
    }

protected:
    QVariant loadResource(int type, const QUrl &name) override { return load(type, name); }

private:
    QVariant load(int type, const QUrl &name) const { return m_loader ? m_loader(type, name) : QVariant(); }
    Loader m_loader;
};

/// Links in answers that may open (in the browser, and only when clicked): http, https and mailto.
inline bool isOpenableLink(const QUrl &url)
{
    const QString scheme = url.scheme().toLower();
    return url.isValid()
           && (scheme == QLatin1String("http") || scheme == QLatin1String("https") || scheme == QLatin1String("mailto"));
}

} // namespace squint
