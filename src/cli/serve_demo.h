// The demo set-up of `make run` (jianwei serve --demo): demo users with their keys,
// the demo package uploaded by the demo author, approved by the demo approver and
// deployed by the demo admin. Idempotent: a second run finds everything in place.
#pragma once

#include <string>
#include <vector>

#include "jianwei/core/diagnostic.h"
#include "jianwei/store/store.h"

namespace jianwei::cli {

struct DemoKey {
  std::string user, roles, key;
};

// Keys live in `keys_file` (mode 0600) because the store keeps only their hashes; a
// demo user whose key is not in the file gets a fresh one.
Result<std::vector<DemoKey>> PrepareDemo(store::Store& store, const std::string& package_dir,
                                         const std::string& keys_file);

}  // namespace jianwei::cli
