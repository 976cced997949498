// readExifSummary and parseExifSummary (app/core/metadata.h): the date and camera of an EXIF block,
// from a whole image (JPEG, PNG eXIf, WebP, TIFF) or from the block itself.

#include "fuzzsupport.h"

#include "core/images/metadata.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray in = fuzz::bytes(data, size);
    (void)squint::readExifSummary(in);
    (void)squint::parseExifSummary(in);
    // A JPEG's APP1 block starts with "Exif\0\0": the same bytes behind that prefix.
    const QByteArray prefixed = QByteArray("Exif\0\0", 6) + in;
    (void)squint::parseExifSummary(prefixed);
    return 0;
}
