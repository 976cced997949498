#pragma once

#include <QString>

namespace squint {

/// The standard reason phrase of an HTTP status (RFC 9110), for the statuses a server or a model
/// endpoint is likely to send: "Not Found" for 404. Empty for any other status. HTTP/2 answers carry
/// no phrase, and a server's own phrase may be anything, so messages name the status with this one.
QString httpReasonPhrase(int status);

} // namespace squint
