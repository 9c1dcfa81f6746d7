// Package archives: a package directory travels to the service as a tar (optionally
// gzip-compressed) archive. Extraction is defensive because archives come from outside:
// absolute paths, `..` components, symbolic and hard links, devices, duplicate entries,
// more than `max_entries` entries, an entry over `max_entry_bytes` or a total over
// `max_total_bytes` are each refused with an error naming the entry; nothing is written
// outside `dir`, and on any error nothing is left behind.
//
// Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "jianwei/core/diagnostic.h"

namespace jianwei::store {

struct ArchiveLimits {
  size_t max_entries = 10'000;
  uint64_t max_entry_bytes = 64ull << 20;
  uint64_t max_total_bytes = 256ull << 20;
};

struct ArchiveEntry {
  std::string path;  // normalised, relative, '/'-separated
  std::string bytes;
};

// Reads every regular file (directories are implied). The archive's single top-level
// directory, if it has one, is stripped so that package.yaml ends at the root.
Result<std::vector<ArchiveEntry>> ReadArchive(std::string_view archive,
                                              const ArchiveLimits& limits = {});
// ReadArchive, then writes the files under `dir` (which must not exist yet).
Diagnostics ExtractArchive(std::string_view archive, const std::string& dir,
                           const ArchiveLimits& limits = {});
// The inverse, for `jianwei package pack DIR` and tests: a deterministic tar.gz of a
// package directory (sorted entries, zero mtimes and owners).
Result<std::string> PackDirectory(const std::string& dir);

}  // namespace jianwei::store
