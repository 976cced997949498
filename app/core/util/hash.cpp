#include "core/util/hash.h"

#include <QCryptographicHash>

#include <openssl/evp.h>

namespace squint {

QByteArray sha256Of(QByteArrayView bytes)
{
    QByteArray out(32, Qt::Uninitialized);
    unsigned int length = 0;
    if (EVP_Digest(bytes.data(),
                   size_t(bytes.size()),
                   reinterpret_cast<unsigned char *>(out.data()),
                   &length,
                   EVP_sha256(),
                   nullptr)
            != 1
        || length != 32)
        return QCryptographicHash::hash(bytes, QCryptographicHash::Sha256);
    return out;
}

QByteArray sha256Hex(QByteArrayView bytes)
{
    return sha256Of(bytes).toHex();
}

bool isSha256Hex(QStringView text)
{
    if (text.size() != 64)
        return false;
    for (const QChar c : text) {
        if (!((c >= u'0' && c <= u'9') || (c >= u'a' && c <= u'f')))
            return false;
    }
    return true;
}

} // namespace squint
