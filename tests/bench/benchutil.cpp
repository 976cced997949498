#include "benchutil.h"

#include <cstring>

#include <sys/resource.h>
#include <time.h>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace bench {

double procStatusMb(const char *field)
{
    FILE *f = std::fopen("/proc/self/status", "r");
    if (!f)
        return -1;
    char line[256];
    const size_t n = std::strlen(field);
    double mb = -1;
    while (std::fgets(line, sizeof line, f)) {
        if (std::strncmp(line, field, n) == 0 && line[n] == ':') {
            long long kb = 0;
            if (std::sscanf(line + n + 1, "%lld", &kb) == 1)
                mb = double(kb) / 1024.0;
            break;
        }
    }
    std::fclose(f);
    return mb;
}

double cpuSeconds()
{
    rusage u{};
    if (getrusage(RUSAGE_SELF, &u) != 0)
        return 0;
    auto s = [](const timeval &tv) { return double(tv.tv_sec) + double(tv.tv_usec) / 1e6; };
    return s(u.ru_utime) + s(u.ru_stime);
}

double threadCpuSeconds()
{
    timespec ts{};
    if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts) != 0)
        return 0;
    return double(ts.tv_sec) + double(ts.tv_nsec) / 1e9;
}

void trimMalloc()
{
#if defined(__GLIBC__)
    malloc_trim(0);
#endif
}

void note(const QString &text)
{
    const QByteArray t = text.toUtf8();
    std::fwrite(t.constData(), 1, size_t(t.size()), stderr);
    std::fputc('\n', stderr);
    std::fflush(stderr);
}

} // namespace bench
