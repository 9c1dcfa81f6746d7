// The one unit (with main.cc) that compiles CLI11; see command_line.h for why.
#include "command_line.h"

#include <CLI/CLI.hpp>

namespace jianwei::cli {

Option* Option::required() {
  option_->required();
  return this;
}

Option* Option::capture_default_str() {
  option_->capture_default_str();
  return this;
}

Option* Option::check(const Check& check) {
  switch (check.kind) {
    case Check::Kind::kExistingFile:
      option_->check(CLI::ExistingFile);
      break;
    case Check::Kind::kExistingDirectory:
      option_->check(CLI::ExistingDirectory);
      break;
    case Check::Kind::kRange:
      option_->check(CLI::Range(check.low, check.high));
      break;
    case Check::Kind::kIntegerRange:
      option_->check(CLI::Range(static_cast<int64_t>(check.low), static_cast<int64_t>(check.high)));
      break;
    case Check::Kind::kMember:
      option_->check(CLI::IsMember(check.members));
      break;
  }
  return this;
}

Command::~Command() = default;

Command* Command::add_subcommand(const std::string& name, const std::string& description) {
  children_.push_back(std::make_unique<Command>(*app_->add_subcommand(name, description)));
  return children_.back().get();
}

void Command::require_subcommand(int count) { app_->require_subcommand(count); }

bool Command::has_selected_subcommand() const { return !app_->get_subcommands().empty(); }

void Command::callback(std::function<void()> run) { app_->callback(std::move(run)); }

template <typename T>
Option* Command::add_option(const std::string& name, T& target, const std::string& description) {
  return Keep(app_->add_option(name, target, description));
}

Option* Command::add_flag(const std::string& name, bool& target, const std::string& description) {
  return Keep(app_->add_flag(name, target, description));
}

Option* Command::Keep(CLI::Option* option) {
  options_.push_back(std::make_unique<Option>(option));
  return options_.back().get();
}

// The option types the subcommands use; a new one is a link error until added here.
template Option* Command::add_option(const std::string&, std::string&, const std::string&);
template Option* Command::add_option(const std::string&, int&, const std::string&);
template Option* Command::add_option(const std::string&, unsigned&, const std::string&);
template Option* Command::add_option(const std::string&, int64_t&, const std::string&);
template Option* Command::add_option(const std::string&, uint64_t&, const std::string&);
template Option* Command::add_option(const std::string&, double&, const std::string&);
template Option* Command::add_option(const std::string&, std::vector<std::string>&,
                                     const std::string&);

void ExitWith(int status) { throw CLI::RuntimeError(status); }

}  // namespace jianwei::cli
