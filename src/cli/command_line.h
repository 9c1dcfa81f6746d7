// The `jianwei` command line as the subcommands see it: commands, options, flags,
// checks and exit codes, without CLI11 itself.
//
// Why a facade: CLI11 2.1 (Debian 12) is header-only with no precompiled mode, and
// including <CLI/CLI.hpp> costs ~4-5 s of compiler time per unit. Seventeen
// subcommand files paid it in every build and twice in CI (Release and the sanitizer
// build). Now only command_line.cc and main.cc include CLI11.
//
// Ownership: a Command wraps a CLI::App owned by its parent CLI::App; the Command and
// Option objects handed out live as long as the root Command. Everything here is
// used on the main thread while the command line is set up and parsed.
#pragma once

#include <concepts>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace CLI {
class App;
class Option;
}  // namespace CLI

namespace jianwei::cli {

// A check on an option's value, run by the parser before any callback.
struct Check {
  enum class Kind : uint8_t { kExistingFile, kExistingDirectory, kRange, kIntegerRange, kMember };
  Kind kind;
  double low = 0;
  double high = 0;
  std::vector<std::string> members;
};
inline Check ExistingFile() { return Check{Check::Kind::kExistingFile, 0, 0, {}}; }
inline Check ExistingDirectory() { return Check{Check::Kind::kExistingDirectory, 0, 0, {}}; }
inline Check InRange(double low, double high) { return Check{Check::Kind::kRange, low, high, {}}; }
// Integer bounds: help and errors say "INT in [1 - 8]", "not in range 1 to 8", and a
// fraction is refused, where the double form would print 1.000000 and accept 1.5.
template <std::integral T>
Check InRange(T low, T high) {
  return Check{Check::Kind::kIntegerRange, static_cast<double>(low), static_cast<double>(high), {}};
}
inline Check OneOf(std::vector<std::string> members) {
  return Check{Check::Kind::kMember, 0, 0, std::move(members)};
}

class Option {
 public:
  explicit Option(CLI::Option* option) : option_(option) {}
  Option* required();
  // Shows the target's value before parsing as the default in --help.
  Option* capture_default_str();
  Option* check(const Check& check);

 private:
  CLI::Option* option_;
};

class Command {
 public:
  explicit Command(CLI::App& app) : app_(&app) {}
  Command(const Command&) = delete;
  Command& operator=(const Command&) = delete;
  ~Command();

  Command* add_subcommand(const std::string& name, const std::string& description);
  void require_subcommand(int count);
  // Whether a subcommand of this command was given on the command line.
  bool has_selected_subcommand() const;
  void callback(std::function<void()> run);

  // Names as CLI11 takes them: "--long,-s" for options, "name" for positionals.
  // T is one of the types instantiated in command_line.cc.
  template <typename T>
  Option* add_option(const std::string& name, T& target, const std::string& description = "");
  Option* add_flag(const std::string& name, bool& target, const std::string& description = "");

 private:
  Option* Keep(CLI::Option* option);

  CLI::App* app_;
  std::vector<std::unique_ptr<Command>> children_;
  std::vector<std::unique_ptr<Option>> options_;
};

// Ends the command with this exit status (after the callback has printed why).
[[noreturn]] void ExitWith(int status);

}  // namespace jianwei::cli
