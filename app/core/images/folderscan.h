#pragma once

#include <QString>
#include <QStringList>

#include <atomic>

namespace squint {

/// What a recursive walk of a dropped folder found.
struct FolderScan
{
    QStringList files;        ///< image files, in a stable order (sorted per folder), at most `cap`
    int imageFilesFound = 0;  ///< image files seen, including those past the cap
    int otherFiles = 0;       ///< files skipped because their names are not image names
    int loopsSkipped = 0;     ///< symlinked folders already visited (loops) that were not entered again
    int unreadableFolders = 0;
    bool capped() const { return imageFilesFound > files.size(); }
};

/// True when `fileName` has the extension of a format Squint can read.
bool hasImageExtension(const QString &fileName);

/// Walks `root` recursively, following symlinks but entering each real folder once, and collects image
/// files up to `cap`. It keeps counting past the cap (so the user can be told how many were left out),
/// up to `countLimit` entries. Runs on a worker thread; `cancel` stops it early.
FolderScan scanFolder(const QString &root, int cap, const std::atomic_bool *cancel = nullptr,
                      int countLimit = 1'000'000);

} // namespace squint
