#pragma once

#include <QByteArray>
#include <QString>
#include <QUrl>

namespace squint {

/// Where turns go: the chat URL of the current connection and what that backend accepts.
struct ChatTarget
{
    QString connectionName;
    QUrl chatUrl;
    QByteArray token;                                   ///< empty: no Authorization header
    QString maxTokensField = QStringLiteral("max_tokens");
    bool streamOptions = true;                          ///< send stream_options.include_usage
    int transferTimeoutMs = 120'000;
    bool isValid() const { return chatUrl.isValid() && !chatUrl.isEmpty(); }
};

} // namespace squint
