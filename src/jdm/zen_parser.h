// Parser of ZEN (standard and unary flavour, zen's parser/standard.rs and unary.rs)
// producing the compiled tree of zen_ast.h. Private to src/jdm.
#pragma once

#include <string>
#include <string_view>

#include "jianwei/jdm/zen.h"
#include "zen_ast.h"

namespace jianwei::jdm::zen {

struct ParseError {
  std::string message;
  int pos = 0;  // 0-based byte offset
};

// Returns the tree, or null with *error set.
NodePtr Parse(std::string_view source, ZenMode mode, ParseError* error);

}  // namespace jianwei::jdm::zen
