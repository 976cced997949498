#pragma once

#include <QStringList>

namespace squint {
class ConversationStore;
}

namespace squint::cli {

/// squint export: lists the saved conversations (--list) or writes one as Markdown, HTML, PDF or JSON.
int runExport(const QStringList &args);

/// squint import FILE.json: a JSON transcript becomes a new saved conversation (nothing is created
/// when the file is not valid).
int runImport(const QStringList &args);

/// Opens the history at its default path for `command` ("squint ask", ...): a notice from open()
/// (a corrupt file set aside) goes to stderr, and so does the reason when it can't be opened.
bool openHistoryStore(ConversationStore &store, const QString &command);

} // namespace squint::cli
