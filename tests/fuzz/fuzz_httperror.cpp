// errorFromHttp (app/core/chatprotocol.h): one clear error from any backend's error response, HTML
// error pages included, and the predicates that read it. The first byte picks the status, the
// second the Content-Type; the rest is the body.

#include "fuzzsupport.h"

#include "core/chat/chatprotocol.h"

#include <array>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static constexpr std::array<int, 8> statuses = {400, 401, 403, 404, 413, 429, 500, 503};
    static constexpr std::array<const char *, 6> types = {
        "application/json", "text/html; charset=utf-8", "text/plain", "", "application/problem+json", "TEXT/HTML"};
    const QByteArrayView in = fuzz::view(data, size);
    const int status = in.size() > 0 ? statuses[uchar(in[0]) % statuses.size()] : 500;
    const char *type = in.size() > 1 ? types[uchar(in[1]) % types.size()] : "text/html";
    const QByteArrayView body = in.size() > 2 ? in.sliced(2) : QByteArrayView();

    const squint::ApiError e = squint::errorFromHttp(status, QByteArrayView(type), body, "Reason");
    if (e.isNull() || e.message.isEmpty())
        fuzz::broken("errorFromHttp gave no error or no message");
    (void)squint::rejectsStreaming(e);
    (void)squint::rejectsStreamOptions(e);
    (void)squint::isSizeError(e);
    (void)squint::redactSecret(e.message, "dapi0123456789abcdef");
    return 0;
}
