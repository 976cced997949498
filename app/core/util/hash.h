#pragma once

// SHA-256, the one way Squint computes it: image identity in the tray, the history's image store,
// transcripts' assets and checks, batch fingerprints and keys.

#include <QByteArray>
#include <QByteArrayView>
#include <QStringView>

namespace squint {

/// SHA-256 of `bytes`: 32 raw bytes. Through OpenSSL, which uses the CPU's SHA instructions (about
/// eight times faster than QCryptographicHash in Qt 6.4); thread-safe.
QByteArray sha256Of(QByteArrayView bytes);

/// SHA-256 of `bytes` as 64 lower-case hexadecimal digits, the form the history file, transcripts and
/// batches store.
QByteArray sha256Hex(QByteArrayView bytes);

/// Whether `text` is a SHA-256 as sha256Hex() writes it: exactly 64 lower-case hexadecimal digits.
bool isSha256Hex(QStringView text);

} // namespace squint
