#include "jianwei/core/text_position.h"

#include <algorithm>
#include <string>

namespace jianwei {

SourceLocation LocateByte(std::string_view file, std::string_view text, size_t offset) {
  SourceLocation loc{std::string(file), 1, 1};
  const size_t end = std::min(offset, text.size());
  for (size_t i = 0; i < end; ++i) {
    if (text[i] == '\n') {
      ++loc.line;
      loc.column = 1;
    } else {
      ++loc.column;
    }
  }
  return loc;
}

}  // namespace jianwei
