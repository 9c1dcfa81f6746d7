// Where a byte offset sits in a text, as line and column, for the errors of parsers
// that stop at an offset (JSON, JDM graphs, model files).
#pragma once

#include <cstddef>
#include <string_view>

#include "jianwei/core/diagnostic.h"

namespace jianwei {

// The 1-based line and column of byte `offset` of `text` (clamped to its size): a line
// starts after each '\n', and columns count bytes. `file` names the text.
SourceLocation LocateByte(std::string_view file, std::string_view text, size_t offset);

}  // namespace jianwei
