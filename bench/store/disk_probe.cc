// disk_probe: what the decision log's durable writes cost on this disk, without the
// server. Each round writes SIZE bytes with one `O_DIRECT | O_DSYNC` pwrite (the segment
// log's write, docs/store.md) to each of FILES files at once, one thread per file,
// started together; it prints the latency distribution per file and, with two files,
// of the first of the two to finish and how often both were slow together. A second
// log file written in parallel and acknowledged at the first durable copy helps only
// if the slow writes of the two files are independent: this measures whether they are.
// `--zeros burst|paced` adds what the log's spare segment does meanwhile: 16 MiB files of
// zeros written directly at MBPS on average, each at once (1 MiB writes, then fsync: the
// spare before 28 Nov) or in 64 KiB pieces spread evenly (SegmentLog::KeepSpareReady).
//
//   disk_probe [--dir DIR] [--writes N] [--size BYTES] [--files 1|2] [--gap-us US]
//              [--zeros none|burst|paced] [--zeros-mbps MBPS]
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace {

struct Options {
  std::string dir = ".";
  int writes = 5000;
  size_t size = 8192;
  int files = 2;
  int gap_us = 300;  // between rounds: a group commit is not back to back either
  std::string zeros = "none";
  int zeros_mbps = 40;  // the log's ~30 MB/s at 20,000 decisions/s, and a third ahead
};

constexpr size_t kBlock = 4096;
constexpr int kSlots = 2000;  // the file is this many writes long; rounds wrap around
constexpr int64_t kSlowNs = 5'000'000;

bool ParseOptions(int argc, char** argv, Options& o) {
  for (int i = 1; i < argc; ++i) {
    std::string_view a = argv[i];
    if (i + 1 >= argc) {
      std::fprintf(stderr, "disk_probe: %s needs a value\n", argv[i]);
      return false;
    }
    const char* v = argv[++i];
    char* end = nullptr;
    const long n = std::strtol(v, &end, 10);
    const bool number = end != v && *end == '\0' && n >= 0;
    if (a == "--dir") {
      o.dir = v;
    } else if (a == "--writes" && number && n > 0 && n <= 10'000'000) {
      o.writes = static_cast<int>(n);
    } else if (a == "--size" && number && n >= 1 && n <= (1 << 24)) {
      o.size = (static_cast<size_t>(n) + kBlock - 1) / kBlock * kBlock;
    } else if (a == "--files" && number && (n == 1 || n == 2)) {
      o.files = static_cast<int>(n);
    } else if (a == "--zeros" && (std::string_view(v) == "none" || std::string_view(v) == "burst" ||
                                  std::string_view(v) == "paced")) {
      o.zeros = v;
    } else if (a == "--zeros-mbps" && number && n >= 1 && n <= 4000) {
      o.zeros_mbps = static_cast<int>(n);
    } else if (a == "--gap-us" && number && n <= 1'000'000) {
      o.gap_us = static_cast<int>(n);
    } else {
      std::fprintf(stderr, "disk_probe: bad option %s %s\n", argv[i - 1], v);
      return false;
    }
  }
  return true;
}

struct AlignedFree {
  void operator()(void* p) const { std::free(p); }
};

// A file of kSlots writes, allocated and written through once (so later writes change
// no metadata, as the segment log's preallocated segments), opened for direct writes.
int OpenProbeFile(const std::string& path, size_t size) {
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) return -1;
  const size_t total = size * kSlots;
  std::vector<char> zeros(1 << 20, 0);
  for (size_t off = 0; off < total; off += zeros.size()) {
    const size_t n = std::min(zeros.size(), total - off);
    if (::pwrite(fd, zeros.data(), n, static_cast<off_t>(off)) != static_cast<ssize_t>(n)) {
      ::close(fd);
      return -1;
    }
  }
  if (::fsync(fd) != 0) {
    ::close(fd);
    return -1;
  }
  ::close(fd);
  return ::open(path.c_str(), O_RDWR | O_DIRECT | O_DSYNC);
}

void Print(const char* name, std::vector<int64_t> ns) {
  std::sort(ns.begin(), ns.end());
  auto q = [&](double p) {
    return static_cast<double>(ns[std::min(ns.size() - 1, static_cast<size_t>(p * ns.size()))]) /
           1e6;
  };
  const auto slow = std::count_if(ns.begin(), ns.end(), [](int64_t x) { return x > kSlowNs; });
  std::printf("%-22s p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f ms   > 5 ms: %.2f%%\n",
              name, q(0.5), q(0.9), q(0.99), q(0.999), static_cast<double>(ns.back()) / 1e6,
              100.0 * static_cast<double>(slow) / static_cast<double>(ns.size()));
}

// Writes 16 MiB files of zeros into `path` until `stop`, at `mbps` on average: each
// file in 1 MiB writes at once (`burst`) or in 64 KiB writes spread evenly (`paced`),
// then fsync, as the segment log's spare.
void WriteZeroFiles(const std::string& path, bool burst, int mbps, const std::atomic<bool>& stop) {
  constexpr size_t kFile = 16 << 20;
  const size_t piece = burst ? (1 << 20) : (64 << 10);
  std::unique_ptr<char, AlignedFree> zeros(static_cast<char*>(std::aligned_alloc(kBlock, piece)));
  std::memset(zeros.get(), 0, piece);
  const auto per_file = std::chrono::microseconds(static_cast<int64_t>(kFile) / mbps);
  auto next = std::chrono::steady_clock::now();
  // A new file each time, all removed at the end: truncating or removing one meanwhile
  // would free its blocks, and on a file system mounted with `discard` that is a
  // device command of its own (segments are never removed by the log).
  std::vector<std::string> made;
  while (!stop) {
    made.push_back(path + "." + std::to_string(made.size()));
    const int fd = ::open(made.back().c_str(), O_RDWR | O_CREAT | O_TRUNC | O_DIRECT, 0644);
    if (fd < 0) break;
    for (size_t at = 0; at < kFile && !stop; at += piece) {
      if (::pwrite(fd, zeros.get(), piece, static_cast<off_t>(at)) != static_cast<ssize_t>(piece))
        break;
      if (!burst) {
        next += per_file * piece / kFile;
        std::this_thread::sleep_until(next);
      }
    }
    ::fsync(fd);
    ::close(fd);
    if (burst) {
      next += per_file;
      std::this_thread::sleep_until(next);
    }
  }
  for (const std::string& p : made) ::unlink(p.c_str());
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  if (!ParseOptions(argc, argv, o)) return 2;
  std::vector<int> fds;
  std::vector<std::string> paths;
  for (int f = 0; f < o.files; ++f) {
    paths.push_back(o.dir + "/disk_probe." + std::to_string(::getpid()) + "." + std::to_string(f));
    const int fd = OpenProbeFile(paths.back(), o.size);
    if (fd < 0) {
      std::fprintf(stderr, "disk_probe: %s: %s (O_DIRECT needs a file system that allows it)\n",
                   paths.back().c_str(), std::strerror(errno));
      for (const std::string& p : paths) ::unlink(p.c_str());
      return 1;
    }
    fds.push_back(fd);
  }
  std::vector<std::vector<int64_t>> ns(static_cast<size_t>(o.files),
                                       std::vector<int64_t>(static_cast<size_t>(o.writes)));
  // Rounds in lockstep: each thread waits for the round number, writes, reports done.
  std::atomic<int> round{-1};
  std::atomic<int> done{0};
  std::atomic<bool> failed{false};
  std::vector<std::thread> threads;
  for (int f = 0; f < o.files; ++f) {
    threads.emplace_back([&, f] {
      std::unique_ptr<char, AlignedFree> buf(
          static_cast<char*>(std::aligned_alloc(kBlock, o.size)));
      std::memset(buf.get(), 'a' + f, o.size);
      for (int r = 0; r < o.writes; ++r) {
        while (round.load(std::memory_order_acquire) < r) std::this_thread::yield();
        const auto t0 = std::chrono::steady_clock::now();
        const off_t at = static_cast<off_t>(static_cast<size_t>(r % kSlots) * o.size);
        if (::pwrite(fds[static_cast<size_t>(f)], buf.get(), o.size, at) !=
            static_cast<ssize_t>(o.size))
          failed = true;
        ns[static_cast<size_t>(f)][static_cast<size_t>(r)] =
            std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() -
                                                                 t0)
                .count();
        done.fetch_add(1, std::memory_order_acq_rel);
      }
    });
  }
  std::atomic<bool> stop_zeros{false};
  std::thread zeros;
  if (o.zeros != "none") {
    zeros =
        std::thread(WriteZeroFiles, o.dir + "/disk_probe." + std::to_string(::getpid()) + ".zeros",
                    o.zeros == "burst", o.zeros_mbps, std::cref(stop_zeros));
  }
  const bool tty = ::isatty(STDERR_FILENO);
  for (int r = 0; r < o.writes && !failed; ++r) {
    done.store(0, std::memory_order_relaxed);
    round.store(r, std::memory_order_release);
    while (done.load(std::memory_order_acquire) < o.files) std::this_thread::yield();
    if (tty && r % 100 == 0) std::fprintf(stderr, "\r%d / %d writes", r, o.writes);
    if (o.gap_us > 0) std::this_thread::sleep_for(std::chrono::microseconds(o.gap_us));
  }
  if (failed) round.store(o.writes, std::memory_order_release);
  for (std::thread& t : threads) t.join();
  stop_zeros = true;
  if (zeros.joinable()) zeros.join();
  if (tty) std::fprintf(stderr, "\r%*s\r", 30, "");
  for (int fd : fds) ::close(fd);
  for (const std::string& p : paths) ::unlink(p.c_str());
  if (failed) {
    std::fprintf(stderr, "disk_probe: a write failed\n");
    return 1;
  }
  std::printf("%d rounds of %zu-byte O_DIRECT|O_DSYNC writes to %d file(s) in %s, %d us apart",
              o.writes, o.size, o.files, o.dir.c_str(), o.gap_us);
  if (o.zeros != "none") std::printf("; zeros %s at %d MB/s", o.zeros.c_str(), o.zeros_mbps);
  std::printf("\n");
  for (int f = 0; f < o.files; ++f)
    Print(("file " + std::to_string(f + 1)).c_str(), ns[static_cast<size_t>(f)]);
  if (o.files == 2) {
    std::vector<int64_t> first(static_cast<size_t>(o.writes));
    int slow_a = 0, slow_b = 0, slow_both = 0;
    for (size_t r = 0; r < first.size(); ++r) {
      first[r] = std::min(ns[0][r], ns[1][r]);
      const bool a = ns[0][r] > kSlowNs, b = ns[1][r] > kSlowNs;
      slow_a += a;
      slow_b += b;
      slow_both += a && b;
    }
    Print("first of the two", first);
    std::printf("rounds over 5 ms: file 1 %d, file 2 %d, both %d\n", slow_a, slow_b, slow_both);
  }
  return 0;
}
