#include "core/util/base64.h"

#include <QtEndian>

#include <cstring>

namespace squint {

namespace {

constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

// The two output characters of every 12-bit group: one lookup and one 16-bit store per two
// characters instead of per character (8 KiB, stays in L1).
struct PairTable
{
    char pair[4096][2];
    constexpr PairTable() : pair()
    {
        for (int i = 0; i < 4096; ++i) {
            pair[i][0] = alphabet[i >> 6];
            pair[i][1] = alphabet[i & 63];
        }
    }
};
constexpr PairTable table;

inline void put(char *out, quint64 group) { std::memcpy(out, table.pair[group & 0xFFF], 2); }

} // namespace

void encodeBase64(const char *in, qint64 n, char *out)
{
    const auto *p = reinterpret_cast<const unsigned char *>(in);
    qint64 i = 0;
    // Six input bytes (four 12-bit groups) per step, read as one big-endian 64-bit word; the two
    // bytes past the six are only read, never used, so the loop stops 8 bytes before the end.
    for (; i + 8 <= n; i += 6) {
        const quint64 v = qFromBigEndian<quint64>(p + i);
        put(out, v >> 52);
        put(out + 2, v >> 40);
        put(out + 4, v >> 28);
        put(out + 6, v >> 16);
        out += 8;
    }
    for (; i + 3 <= n; i += 3) {
        const quint32 v = (quint32(p[i]) << 16) | (quint32(p[i + 1]) << 8) | p[i + 2];
        put(out, v >> 12);
        put(out + 2, v);
        out += 4;
    }
    const qint64 rest = n - i;
    if (rest == 1) {
        const quint32 v = quint32(p[i]) << 16;
        out[0] = alphabet[(v >> 18) & 63];
        out[1] = alphabet[(v >> 12) & 63];
        out[2] = '=';
        out[3] = '=';
    } else if (rest == 2) {
        const quint32 v = (quint32(p[i]) << 16) | (quint32(p[i + 1]) << 8);
        out[0] = alphabet[(v >> 18) & 63];
        out[1] = alphabet[(v >> 12) & 63];
        out[2] = alphabet[(v >> 6) & 63];
        out[3] = '=';
    }
}

} // namespace squint
