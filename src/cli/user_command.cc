// jianwei user add NAME --roles decide,author --store URL   (prints the new key once)
// jianwei user revoke NAME --store URL
// jianwei user list --store URL
// API principals of a decision-service store. Keys are shown only at creation; the
// store keeps their hash.
#include <iostream>
#include <memory>

#include "jianwei/store/store.h"

#include "commands.h"

namespace jianwei::cli {
namespace {

struct UserArgs {
  std::string name, roles, store;
};

std::unique_ptr<store::Store> OpenOrExit(const std::string& url) {
  auto s = store::Store::Open(url);
  if (!s.ok()) {
    std::cerr << s.errors().ToString();
    ExitWith(2);
  }
  return std::move(*s);
}

}  // namespace

void AddUserCommand(Command& app) {
  auto args = std::make_shared<UserArgs>();
  Command* cmd = app.add_subcommand("user", "API users and keys of a decision-service store");
  cmd->require_subcommand(1);

  Command* add = cmd->add_subcommand("add", "Create a user (or a new key for one); prints the key");
  add->add_option("name", args->name, "User name")->required();
  add->add_option("--roles", args->roles, "Comma-separated: decide, author, approve, admin, audit")
      ->required();
  add->add_option("--store", args->store, "Store URL (sqlite://FILE or postgresql://...)")
      ->required();
  add->callback([args] {
    auto roles = store::ParseRoles(args->roles);
    if (!roles.ok()) {
      std::cerr << roles.errors().ToString();
      ExitWith(2);
    }
    auto s = OpenOrExit(args->store);
    auto key = s->credentials().CreateKey(args->name, *roles);
    if (!key.ok()) {
      std::cerr << key.errors().ToString();
      ExitWith(1);
    }
    std::cerr << "user " << args->name << " (" << store::RolesToString(*roles)
              << "): the key below is shown only this once\n";
    std::cout << *key << "\n";
  });

  Command* revoke = cmd->add_subcommand("revoke", "Revoke a user and every key of theirs");
  revoke->add_option("name", args->name, "User name")->required();
  revoke->add_option("--store", args->store, "Store URL")->required();
  revoke->callback([args] {
    auto s = OpenOrExit(args->store);
    Diagnostics d = s->credentials().RevokeUser(args->name);
    if (!d.empty()) {
      std::cerr << d.ToString();
      ExitWith(1);
    }
    std::cout << "revoked " << args->name << "\n";
  });

  Command* list = cmd->add_subcommand("list", "Active users and their roles");
  list->add_option("--store", args->store, "Store URL")->required();
  list->callback([args] {
    auto s = OpenOrExit(args->store);
    for (const store::Principal& p : s->credentials().Users()) {
      std::cout << p.user << "\t" << store::RolesToString(p.roles) << "\n";
    }
  });
}

}  // namespace jianwei::cli
