#pragma once

#include <QtGlobal>

namespace squint {

/// Base64 length of n bytes (standard alphabet, padded): 4 * ceil(n / 3).
constexpr qint64 base64Length(qint64 n) { return 4 * ((n + 2) / 3); }

/// Encodes n bytes from `in` into `out`, which must have room for base64Length(n) bytes.
/// Writes into a caller's buffer so a request body is built without intermediate copies.
void encodeBase64(const char *in, qint64 n, char *out);

} // namespace squint
