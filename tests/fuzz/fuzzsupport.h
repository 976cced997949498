#pragma once

// Shared by the fuzz targets: each target is one LLVMFuzzerTestOneInput, linked either with
// libFuzzer (-DSQUINT_FUZZ=ON, clang) or with replay_main.cpp (ordinary ctest tests).

#include <QByteArray>
#include <QByteArrayView>
#include <QCoreApplication>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

namespace fuzz {

/// The input as a view (no copy).
inline QByteArrayView view(const uint8_t *data, size_t size)
{
    return QByteArrayView(reinterpret_cast<const char *>(data), qsizetype(size));
}

/// The input copied into a QByteArray (a deep copy, so reads past its end are ASan's to see).
inline QByteArray bytes(const uint8_t *data, size_t size)
{
    return QByteArray(reinterpret_cast<const char *>(data), qsizetype(size));
}

/// One QCoreApplication for the whole process, for targets whose functions load plugins.
inline void ensureApp()
{
    if (QCoreApplication::instance())
        return;
    static int argc = 1;
    static char name[] = "squint-fuzz";
    static char *argv[] = {name, nullptr};
    static QCoreApplication app(argc, argv);
}

/// A property the code promises does not hold: abort, so libFuzzer saves the input and the replay
/// test fails.
[[noreturn]] inline void broken(const char *what)
{
    std::fprintf(stderr, "fuzz: broken promise: %s\n", what);
    std::abort();
}

} // namespace fuzz
