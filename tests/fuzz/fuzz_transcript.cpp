// readJson (app/core/transcript.h): a JSON transcript read back (squint import, File > Import). It
// validates everything before producing anything; the store is not involved.

#include "fuzzsupport.h"

#include "core/history/transcript.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    QString error;
    squint::TranscriptLimits limits;
    limits.maxFileBytes = 4 * 1024 * 1024;
    limits.maxImageBytes = 1024 * 1024;
    const std::optional<squint::TranscriptData> t = squint::readJson(fuzz::bytes(data, size), &error, limits);
    if (!t && error.isEmpty())
        fuzz::broken("readJson failed without saying why");
    if (t) {
        for (const squint::Turn &turn : t->turns)
            for (const squint::TurnImage &image : turn.images)
                if (image.data.size() > limits.maxImageBytes)
                    fuzz::broken("readJson took an image over the limit");
    }
    return 0;
}
