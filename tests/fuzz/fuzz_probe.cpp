// probeImage (app/core/imageinfo.h): the header read, the completeness check and a thumbnail decode
// (Qt's readers, and Squint's own libjpeg first-scan decoder for progressive JPEGs), as an image
// dropped on the window goes. Input is limited to 64 KiB: bigger files only fuzz Qt's decoders.

#include "fuzzsupport.h"

#include "core/images/imageinfo.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 64 * 1024)
        return 0;
    fuzz::ensureApp(); // Qt's image format plugins (webp, tiff...)
    squint::DecodeOptions options;
    options.thumbnailEdge = 32;
    const squint::ProbeResult r = squint::probeImage(fuzz::bytes(data, size), options);
    if (!r.ok && r.error.isEmpty())
        fuzz::broken("probeImage failed without saying why");
    return 0;
}
