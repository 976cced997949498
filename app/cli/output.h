#pragma once

// What the command line prints. Answers, server errors, titles and file names come from outside: a
// model or a server can put terminal control sequences in them (OSC 52 writes the clipboard, CSI 2J
// clears the screen, a lone CR overwrites a line). Everything squint prints goes through here.

#include <QByteArray>
#include <QString>
#include <QStringView>

namespace squint::cli {

/// `text` made harmless on a terminal: C0 controls other than LF and TAB (ESC, BEL, NUL, ..., and a CR
/// not followed by LF) become their Unicode Control Pictures (ESC shows as U+241B "␛", BEL as "␇"),
/// DEL becomes U+2421 "␡", and C1 controls (U+0080 to U+009F, which terminals also obey) become
/// U+FFFD, and so do the bidirectional embeddings, overrides and isolates (U+202A to U+202E, U+2066
/// to U+2069), which would let text show as something it is not. A picture, not a "\x1b" spelling, so that what a model wrote as text ("\x1b[31m" in an
/// answer about colours) and a real control character stay distinct. Linear, one pass.
QString terminalSafe(QStringView text);

/// JSON text (as QJsonDocument writes it: C0 already escaped) with DEL, the C1 controls and the bidi
/// controls, which can only be inside strings, written as \u escapes: the same JSON value, nothing raw left.
QByteArray terminalSafeJson(const QByteArray &json);

/// terminalSafe(`line`) and a line break on standard output / standard error.
void printOut(const QString &line);
void printErr(const QString &line);
/// terminalSafe(`text`) on standard output as it is (no line break added), flushed.
void writeOut(QStringView text);
/// terminalSafeJson(`json`) on standard output as it is, flushed.
void writeOutJson(const QByteArray &json);

} // namespace squint::cli
