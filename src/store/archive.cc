// Package archives through libarchive: defensive reading (see archive.h for every
// refusal), atomic extraction and deterministic packing.
#include "jianwei/store/archive.h"

#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>
#include <set>
#include <system_error>

namespace jianwei::store {
namespace {

namespace fs = std::filesystem;

struct ReaderDeleter {
  void operator()(archive* a) const { archive_read_free(a); }
};
struct WriterDeleter {
  void operator()(archive* a) const { archive_write_free(a); }
};

void Refuse(Diagnostics& d, std::string_view entry, const std::string& why) {
  d.Error({std::string(entry), 0, 0}, "archive entry refused: " + why);
}

// "a/./b//c" -> "a/b/c"; empty when the path is absolute, empty or has a ".." part.
std::string Normalise(std::string_view path, std::string& why) {
  if (path.empty()) {
    why = "empty path";
    return {};
  }
  if (path.front() == '/') {
    why = "absolute path";
    return {};
  }
  std::string out;
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    std::string_view part = path.substr(start, end - start);
    if (part == "..") {
      why = "'..' in the path";
      return {};
    }
    if (!part.empty() && part != ".") {
      if (!out.empty()) out += '/';
      out += part;
    }
    start = end + 1;
  }
  if (out.empty()) why = "no path left after normalisation";
  return out;
}

std::string_view TypeName(mode_t type) {
  switch (type) {
    case AE_IFCHR:
      return "character device";
    case AE_IFBLK:
      return "block device";
    case AE_IFIFO:
      return "FIFO";
    case AE_IFSOCK:
      return "socket";
    default:
      return "special file";
  }
}

// Strips the single top-level directory shared by every file, if there is one.
void StripCommonDirectory(std::vector<ArchiveEntry>& entries) {
  if (entries.empty()) return;
  std::string_view first = entries[0].path;
  size_t slash = first.find('/');
  if (slash == std::string_view::npos) return;
  std::string prefix(first.substr(0, slash + 1));
  for (const ArchiveEntry& e : entries) {
    if (!e.path.starts_with(prefix)) return;
  }
  for (ArchiveEntry& e : entries) e.path.erase(0, prefix.size());
}

}  // namespace

Result<std::vector<ArchiveEntry>> ReadArchive(std::string_view bytes, const ArchiveLimits& limits) {
  Diagnostics errors;
  if (bytes.empty()) {
    errors.Error({}, "empty archive");
    return errors;
  }
  std::unique_ptr<archive, ReaderDeleter> a(archive_read_new());
  archive_read_support_filter_gzip(a.get());
  archive_read_support_format_tar(a.get());
  if (archive_read_open_memory(a.get(), bytes.data(), bytes.size()) != ARCHIVE_OK) {
    errors.Error({}, std::string("not a tar or tar.gz archive: ") + archive_error_string(a.get()));
    return errors;
  }
  std::vector<ArchiveEntry> entries;
  std::set<std::string> seen;
  uint64_t total = 0;
  size_t count = 0;
  archive_entry* entry = nullptr;
  for (;;) {
    int r = archive_read_next_header(a.get(), &entry);
    if (r == ARCHIVE_EOF) break;
    if (r != ARCHIVE_OK && r != ARCHIVE_WARN) {
      const char* why = archive_error_string(a.get());
      errors.Error({}, std::string("unreadable archive: ") + (why ? why : "corrupt header"));
      break;
    }
    if (++count > limits.max_entries) {
      errors.Error({}, "archive has more than " + std::to_string(limits.max_entries) + " entries");
      break;
    }
    const char* raw_path = archive_entry_pathname(entry);
    std::string name = raw_path ? raw_path : "";
    std::string why;
    std::string path = Normalise(name, why);
    mode_t type = archive_entry_filetype(entry);
    if (path.empty()) {
      Refuse(errors, name, why);
    } else if (archive_entry_hardlink(entry) != nullptr) {
      Refuse(errors, name, "hard link");
    } else if (type == AE_IFLNK || archive_entry_symlink(entry) != nullptr) {
      Refuse(errors, name, "symbolic link");
    } else if (type == AE_IFDIR) {
      continue;  // directories are implied by the files
    } else if (type != AE_IFREG) {
      Refuse(errors, name, std::string(TypeName(type)));
    } else if (!seen.insert(path).second) {
      Refuse(errors, name, "duplicate entry");
    } else if (archive_entry_size_is_set(entry) &&
               static_cast<uint64_t>(archive_entry_size(entry)) > limits.max_entry_bytes) {
      Refuse(errors, name, "larger than " + std::to_string(limits.max_entry_bytes) + " bytes");
    } else {
      // The header's size is not trusted: the limits are enforced on the bytes read.
      ArchiveEntry out{path, {}};
      char buffer[16384];
      la_ssize_t n;
      bool refused = false;
      while ((n = archive_read_data(a.get(), buffer, sizeof buffer)) > 0) {
        total += static_cast<uint64_t>(n);
        if (out.bytes.size() + n > limits.max_entry_bytes) {
          Refuse(errors, name, "larger than " + std::to_string(limits.max_entry_bytes) + " bytes");
          refused = true;
          break;
        }
        if (total > limits.max_total_bytes) {
          Refuse(errors, name,
                 "archive content exceeds " + std::to_string(limits.max_total_bytes) + " bytes");
          refused = true;
          break;
        }
        out.bytes.append(buffer, static_cast<size_t>(n));
      }
      if (n < 0) {
        const char* e = archive_error_string(a.get());
        Refuse(errors, name, std::string("unreadable data: ") + (e ? e : "truncated"));
        break;
      }
      if (refused && total > limits.max_total_bytes) break;
      if (!refused) entries.push_back(std::move(out));
    }
  }
  if (!errors.empty()) return errors;
  std::sort(entries.begin(), entries.end(),
            [](const ArchiveEntry& x, const ArchiveEntry& y) { return x.path < y.path; });
  StripCommonDirectory(entries);
  return entries;
}

Diagnostics ExtractArchive(std::string_view bytes, const std::string& dir,
                           const ArchiveLimits& limits) {
  Diagnostics errors;
  std::error_code ec;
  if (fs::exists(dir, ec) || fs::is_symlink(dir, ec)) {
    errors.Error({dir, 0, 0}, "extraction target already exists");
    return errors;
  }
  auto entries = ReadArchive(bytes, limits);
  if (!entries.ok()) return entries.errors();
  fs::path target(dir);
  fs::path parent = target.parent_path().empty() ? fs::path(".") : target.parent_path();
  fs::create_directories(parent, ec);
  std::string temp = (parent / (target.filename().string() + ".partial-XXXXXX")).string();
  if (!mkdtemp(temp.data())) {
    errors.Error({dir, 0, 0}, "cannot create a temporary directory next to it");
    return errors;
  }
  // Paths are normalised and relative, and every directory below `temp` is created
  // here, so no entry can reach outside it; O_NOFOLLOW | O_EXCL are a second guard.
  for (const ArchiveEntry& e : *entries) {
    fs::path file = fs::path(temp) / e.path;
    fs::create_directories(file.parent_path(), ec);
    int fd =
        ec ? -1 : open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
    bool ok = fd >= 0;
    size_t written = 0;
    while (ok && written < e.bytes.size()) {
      ssize_t n = write(fd, e.bytes.data() + written, e.bytes.size() - written);
      ok = n > 0;
      if (ok) written += static_cast<size_t>(n);
    }
    if (fd >= 0) ok = (close(fd) == 0) && ok;
    if (!ok) errors.Error({e.path, 0, 0}, "cannot write the extracted file");
  }
  if (errors.empty() && rename(temp.c_str(), dir.c_str()) != 0) {
    errors.Error({dir, 0, 0}, "cannot move the extracted tree into place");
  }
  if (!errors.empty()) fs::remove_all(temp, ec);
  return errors;
}

Result<std::string> PackDirectory(const std::string& dir) {
  Diagnostics errors;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    errors.Error({dir, 0, 0}, "not a directory");
    return errors;
  }
  std::vector<std::string> files;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::end(it);
       it.increment(ec)) {
    std::string rel = fs::relative(it->path(), dir, ec).generic_string();
    if (it->is_symlink(ec)) {
      errors.Error({rel, 0, 0}, "symbolic links cannot be packed");
    } else if (it->is_regular_file(ec)) {
      files.push_back(rel);
    } else if (!it->is_directory(ec)) {
      errors.Error({rel, 0, 0}, "only regular files can be packed");
    }
  }
  if (ec) errors.Error({dir, 0, 0}, "cannot list: " + ec.message());
  if (!errors.empty()) return errors;
  std::sort(files.begin(), files.end());

  std::string out;
  std::unique_ptr<archive, WriterDeleter> a(archive_write_new());
  archive_write_set_format_pax_restricted(a.get());
  archive_write_add_filter_gzip(a.get());
  // No timestamp in the gzip header: the same tree always packs to the same bytes.
  archive_write_set_filter_option(a.get(), "gzip", "timestamp", nullptr);
  auto append = [](archive*, void* client, const void* buffer, size_t n) -> la_ssize_t {
    static_cast<std::string*>(client)->append(static_cast<const char*>(buffer), n);
    return static_cast<la_ssize_t>(n);
  };
  if (archive_write_open(a.get(), &out, nullptr, append, nullptr) != ARCHIVE_OK) {
    errors.Error({dir, 0, 0}, std::string("cannot pack: ") + archive_error_string(a.get()));
    return errors;
  }
  for (const std::string& rel : files) {
    std::ifstream in(fs::path(dir) / rel, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (!in.good() && !in.eof()) {
      errors.Error({rel, 0, 0}, "cannot read");
      continue;
    }
    std::unique_ptr<archive_entry, void (*)(archive_entry*)> e(archive_entry_new(),
                                                               archive_entry_free);
    archive_entry_set_pathname(e.get(), rel.c_str());
    archive_entry_set_filetype(e.get(), AE_IFREG);
    archive_entry_set_perm(e.get(), 0644);
    archive_entry_set_size(e.get(), static_cast<la_int64_t>(bytes.size()));
    archive_entry_set_mtime(e.get(), 0, 0);
    archive_entry_set_uid(e.get(), 0);
    archive_entry_set_gid(e.get(), 0);
    if (archive_write_header(a.get(), e.get()) != ARCHIVE_OK ||
        archive_write_data(a.get(), bytes.data(), bytes.size()) !=
            static_cast<la_ssize_t>(bytes.size())) {
      errors.Error({rel, 0, 0}, std::string("cannot pack: ") + archive_error_string(a.get()));
    }
  }
  if (archive_write_close(a.get()) != ARCHIVE_OK) {
    errors.Error({dir, 0, 0}, std::string("cannot pack: ") + archive_error_string(a.get()));
  }
  if (!errors.empty()) return errors;
  return out;
}

}  // namespace jianwei::store
