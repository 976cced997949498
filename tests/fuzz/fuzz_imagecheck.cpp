// The structure checks of app/core/metadata.h: looksComplete (the jpeg/png/webp/gif/bmp walks),
// scanMetadata and stripMetadata, for every format on the same bytes. Promise checked: what
// stripMetadata returns carries no metadata by scanMetadata's reading.

#include "fuzzsupport.h"

#include "core/images/metadata.h"

#include <array>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static constexpr std::array<const char *, 7> formats = {"jpeg", "jpg", "png", "webp", "gif", "bmp", "tiff"};
    const QByteArray in = fuzz::bytes(data, size);
    for (const char *format : formats) {
        (void)squint::looksComplete(in, format);
        (void)squint::scanMetadata(in, format);
        if (const std::optional<QByteArray> stripped = squint::stripMetadata(in, format)) {
            const squint::MetadataScan after = squint::scanMetadata(*stripped, format);
            if (after.hasExif || after.hasXmp || after.hasGps)
                fuzz::broken("stripMetadata left EXIF or XMP that scanMetadata finds");
        }
    }
    return 0;
}
