#pragma once

// Rendering a model's answer safely: Markdown without raw HTML, in a document that fetches nothing
// by itself. Which links may open, and the Markdown features, are the core's one rule (safelinks.h),
// shared with the exports. Used by the chat pane and Compare Models.

#include "core/util/safelinks.h"

#include <QTextDocument>
#include <QUrl>
#include <QVariant>

#include <functional>
#include <utility>

namespace squint {

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

} // namespace squint
