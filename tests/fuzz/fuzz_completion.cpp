// parseCompletion (app/core/chatprotocol.h): a whole non-streaming chat.completion body.

#include "fuzzsupport.h"

#include "core/chat/chatprotocol.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const squint::Completion c = squint::parseCompletion(fuzz::view(data, size));
    if (!c.ok && c.error.isNull())
        fuzz::broken("a failed parseCompletion without an error");
    return 0;
}
