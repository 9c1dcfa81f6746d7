// jianwei replay --store URL [--from T] [--to T] [--cache DIR]
// Re-evaluates every logged decision in [from, to) against the deployment it names and
// compares the outputs: prints "N decisions, N same, N different" and the first
// differences; exit 1 on any difference. T is unix nanoseconds, a date (UTC midnight)
// or an ISO 8601 date-time with zone ("2026-11-27T10:00:00Z", "...+08:00").
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>

#include "jianwei/store/replay.h"

#include "commands.h"

namespace jianwei::cli {
namespace {

struct ReplayArgs {
  std::string store, from, to, cache;
};

// Unix nanoseconds, or any date / date-time the strategy engine's --now accepts.
std::optional<int64_t> ParseBound(const std::string& text) {
  if (!text.empty() && text.find_first_not_of("0123456789") == std::string::npos) {
    return std::stoll(text);
  }
  auto t = strategy::ParseInstant(text);
  if (!t) return std::nullopt;
  return std::chrono::duration_cast<std::chrono::nanoseconds>(t->time_since_epoch()).count();
}

int64_t InstantOrExit(const std::string& text, const char* option, int64_t fallback) {
  if (text.empty()) return fallback;
  auto t = ParseBound(text);
  if (!t) {
    std::cerr << option << ": cannot read '" << text
              << "' (unix ns, a date, or a date-time with zone: 2026-11-27T10:00:00Z)\n";
    ExitWith(2);
  }
  return *t;
}

}  // namespace

void AddReplayCommand(Command& app) {
  auto args = std::make_shared<ReplayArgs>();
  Command* cmd =
      app.add_subcommand("replay", "Re-evaluate logged decisions and report any difference");
  cmd->add_option("--store", args->store, "Store URL (sqlite://FILE or postgresql://...)")
      ->required();
  cmd->add_option("--from", args->from, "First instant (inclusive)");
  cmd->add_option("--to", args->to, "Last instant (exclusive)");
  cmd->add_option("--cache", args->cache,
                  "Directory for extracted packages (default: a temporary one)");
  cmd->callback([args] {
    store::ReplayOptions options;
    options.range.from_ns = InstantOrExit(args->from, "--from", INT64_MIN);
    options.range.to_ns = InstantOrExit(args->to, "--to", INT64_MAX);
    auto s = store::Store::Open(args->store);
    if (!s.ok()) {
      std::cerr << s.errors().ToString();
      ExitWith(2);
    }
    std::string temp;
    options.cache_dir = args->cache;
    if (options.cache_dir.empty()) {
      temp = (std::filesystem::temp_directory_path() / "jianwei-replay-XXXXXX").string();
      if (!mkdtemp(temp.data())) {
        std::cerr << "cannot create a temporary directory\n";
        ExitWith(2);
      }
      options.cache_dir = temp;
    }
    // A progress bar on a terminal only; redrawn when the permille changes.
    if (isatty(STDERR_FILENO)) {
      auto last = std::make_shared<int64_t>(-1);
      options.progress = [last](int64_t done, int64_t total) {
        int64_t permille = total > 0 ? done * 1000 / total : 1000;
        if (permille == *last) return;
        *last = permille;
        int filled = static_cast<int>(permille * 40 / 1000);
        std::fprintf(stderr, "\r[%.*s%*s] %5.1f%%  %lld/%lld", filled,
                     "########################################", 40 - filled, "", permille / 10.0,
                     static_cast<long long>(done), static_cast<long long>(total));
        if (done >= total) std::fputc('\n', stderr);
      };
    }
    store::ReplayReport report = store::Replay(**s, options);
    if (!temp.empty()) {
      std::error_code ec;
      std::filesystem::remove_all(temp, ec);
    }
    std::cerr << report.errors.ToString();
    std::cout << report.decisions << " decisions, " << report.same << " same, " << report.different
              << " different\n";
    for (const store::ReplayDifference& d : report.differences) {
      std::cout << "\n"
                << d.id << " (deployment " << d.deployment_id << ")\n  logged:   " << d.logged
                << "\n  replayed: " << d.replayed << "\n";
    }
    if (report.different > 0 || report.errors.HasErrors()) ExitWith(1);
  });
}

}  // namespace jianwei::cli
