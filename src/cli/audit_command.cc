// jianwei audit verify --store URL
// Recomputes the audit log's hash chain: exit 0 when intact, 1 with every problem
// (edited rows, gaps, reordering, deleted newest rows), each naming its seq.
#include <iostream>
#include <memory>

#include "jianwei/store/store.h"

#include "commands.h"

namespace jianwei::cli {

void AddAuditCommand(Command& app) {
  auto url = std::make_shared<std::string>();
  Command* cmd = app.add_subcommand("audit", "The hash-chained audit log of a store");
  cmd->require_subcommand(1);
  Command* verify = cmd->add_subcommand("verify", "Check the audit chain (exit 1 if broken)");
  verify->add_option("--store", *url, "Store URL (sqlite://FILE or postgresql://...)")->required();
  verify->callback([url] {
    auto s = store::Store::Open(*url);
    if (!s.ok()) {
      std::cerr << s.errors().ToString();
      ExitWith(2);
    }
    Diagnostics problems = (*s)->audit().Verify();
    if (!problems.empty()) {
      std::cout << problems.ToString();
      std::cout << problems.size() << " problem(s) in the audit log of " << (*s)->url() << "\n";
      ExitWith(1);
    }
    int64_t entries = 0;
    for (auto page = (*s)->audit().List(0, 1000); !page.empty();
         page = (*s)->audit().List(page.back().seq, 1000)) {
      entries += static_cast<int64_t>(page.size());
    }
    std::cout << "audit log intact: " << entries << " entries\n";
  });
}

}  // namespace jianwei::cli
