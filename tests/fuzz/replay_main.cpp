// The replay driver: the same fuzz target sources, linked with this main instead of libFuzzer, run
// every file of the folders (or the files) named on the command line once. An ordinary ctest test
// in every build (gcc, sanitizers), so a crash once found and committed to tests/fuzz/corpus is
// never forgotten. README* files in a folder are skipped.

#include "fuzzsupport.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace fs = std::filesystem;

int main(int argc, char **argv)
{
    std::vector<fs::path> files;
    for (int i = 1; i < argc; ++i) {
        const fs::path arg(argv[i]);
        std::error_code ec;
        if (fs::is_directory(arg, ec)) {
            for (const fs::directory_entry &e : fs::recursive_directory_iterator(arg, ec))
                if (e.is_regular_file() && e.path().filename().string().rfind("README", 0) != 0)
                    files.push_back(e.path());
        } else if (fs::is_regular_file(arg, ec)) {
            files.push_back(arg);
        } else {
            std::fprintf(stderr, "replay: %s is neither a file nor a folder\n", argv[i]);
            return 2;
        }
    }
    std::sort(files.begin(), files.end());
    if (files.empty()) {
        std::fprintf(stderr, "replay: no inputs (usage: %s FOLDER|FILE...)\n", argc > 0 ? argv[0] : "replay");
        return 2;
    }
    const auto start = std::chrono::steady_clock::now();
    for (const fs::path &path : files) {
        std::ifstream in(path, std::ios::binary);
        if (!in) {
            std::fprintf(stderr, "replay: can't read %s\n", path.c_str());
            return 2;
        }
        const std::vector<char> data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        // Printed before the call: when an input crashes, the last line names it.
        std::fprintf(stderr, "replay: %s (%zu bytes)\n", path.c_str(), data.size());
        // A copy of exactly the input's size, so that a read past the end is caught by ASan.
        std::vector<uint8_t> exact(data.begin(), data.end());
        LLVMFuzzerTestOneInput(exact.empty() ? nullptr : exact.data(), exact.size());
    }
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    std::printf("replay: %zu inputs, no crash, %.0f ms\n", files.size(), ms);
    return 0;
}
