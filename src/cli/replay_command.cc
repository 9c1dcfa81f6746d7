// jianwei replay --store URL [--from T] [--to T] [--cache DIR]
// Re-evaluates every logged decision in [from, to) against the deployment it names and
// compares the outputs: prints "N decisions, N same, N different" and the first
// differences; exit 1 on any difference. T is unix nanoseconds, a date (UTC midnight)
// or an ISO 8601 date-time ("2026-11-27T10:00:00Z", "...+08:00").
#include <unistd.h>

#include <cstdio>
#include <ctime>
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

std::optional<int64_t> ParseInstant(const std::string& text) {
  if (!text.empty() && text.find_first_not_of("0123456789") == std::string::npos) {
    return std::stoll(text);
  }
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0, used = 0;
  if (std::sscanf(text.c_str(), "%4d-%2d-%2d%n", &y, &mo, &d, &used) != 3) return std::nullopt;
  std::string rest = text.substr(used);
  int64_t fraction_ns = 0, offset_s = 0;
  if (!rest.empty()) {
    if (rest[0] != 'T' && rest[0] != ' ') return std::nullopt;
    if (std::sscanf(rest.c_str() + 1, "%2d:%2d:%2d%n", &h, &mi, &s, &used) != 3) {
      return std::nullopt;
    }
    rest = rest.substr(1 + used);
    if (!rest.empty() && rest[0] == '.') {
      size_t i = 1;
      int64_t scale = 100'000'000;
      for (; i < rest.size() && std::isdigit(static_cast<unsigned char>(rest[i])); ++i) {
        fraction_ns += (rest[i] - '0') * scale;
        scale /= 10;
      }
      rest = rest.substr(i);
    }
    if (rest == "Z" || rest.empty()) {
    } else if ((rest[0] == '+' || rest[0] == '-') && rest.size() == 6 && rest[3] == ':') {
      offset_s = (std::stoi(rest.substr(1, 2)) * 3600 + std::stoi(rest.substr(4, 2)) * 60) *
                 (rest[0] == '+' ? 1 : -1);
    } else {
      return std::nullopt;
    }
  }
  std::tm tm{};
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  tm.tm_hour = h;
  tm.tm_min = mi;
  tm.tm_sec = s;
  int64_t seconds = static_cast<int64_t>(timegm(&tm)) - offset_s;
  return seconds * 1'000'000'000 + fraction_ns;
}

int64_t InstantOrExit(const std::string& text, const char* option, int64_t fallback) {
  if (text.empty()) return fallback;
  auto t = ParseInstant(text);
  if (!t) {
    std::cerr << option << ": cannot read '" << text
              << "' (unix ns, YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS[Z|+HH:MM])\n";
    throw CLI::RuntimeError(2);
  }
  return *t;
}

}  // namespace

void AddReplayCommand(CLI::App& app) {
  auto args = std::make_shared<ReplayArgs>();
  CLI::App* cmd =
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
      throw CLI::RuntimeError(2);
    }
    std::string temp;
    options.cache_dir = args->cache;
    if (options.cache_dir.empty()) {
      temp = (std::filesystem::temp_directory_path() / "jianwei-replay-XXXXXX").string();
      if (!mkdtemp(temp.data())) {
        std::cerr << "cannot create a temporary directory\n";
        throw CLI::RuntimeError(2);
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
    if (report.different > 0 || report.errors.HasErrors()) throw CLI::RuntimeError(1);
  });
}

}  // namespace jianwei::cli
