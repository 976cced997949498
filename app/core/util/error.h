#pragma once

// How the core reports failure (squint_core; the command line and the widgets rely on it).
//
// 1. A function that can fail returns a value that says so (false, 0, an empty or null result,
//    std::nullopt) and takes a last parameter `QString *error`, which may be null. On failure it
//    sets *error to one translated sentence for the user, naming what failed and, where it helps,
//    what to do. Callers test the return value, never the text (it means nothing after a success).
//    Example: std::optional<TranscriptData> readJson(const QByteArray &, QString *error).
// 2. A check whose whole answer is the problem returns it as a QString, empty when all is well:
//    checkBaseUrl(), checkPromptTemplate().
// 3. An object that keeps a file or a connection open (ConversationStore, BatchStore) returns
//    false or 0 and keeps the sentence for lastError(), empty after a success; isBusy() and the
//    like say what kind of failure it was when the caller must act on it.
// 4. Work that finishes later reports through its signal or callback, with the sentence (or, for a
//    chat request, an ApiError, which keeps the status, the server's words and a hint apart).
// 5. Results that hold many items carry each item's failure in the item (ItemFacts::error,
//    BatchRow::error), so that one bad file never fails the rest.
//
// Never in an error text: a token or secret (redactSecret() for the server's words), nor raw bytes
// from outside without clipping. The core throws no exceptions.

#include <QString>

namespace squint {

/// Convention 1: sets *error to `message` when the caller asked for the reason (`error` not null).
inline void setError(QString *error, const QString &message)
{
    if (error)
        *error = message;
}

} // namespace squint
