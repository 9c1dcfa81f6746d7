// Reading DMN XML (any DMN 1.1–1.5 namespace; elements are matched on local names)
// into the plain model of model.h.
//
// Every problem found is collected, each with the file, line and column of the element
// (pugixml reports byte offsets; they are converted to 1-based line:column, columns
// counted in characters). A malformed document yields errors, never a crash.
// Thread safety: free functions without shared state.
#pragma once

#include <string>
#include <string_view>

#include "jianwei/core/diagnostic.h"
#include "jianwei/dmn/model.h"

namespace jianwei::dmn {

// Parses `xml`; `file` is used in diagnostics and kept in Definitions::file.
Result<Definitions> ReadDefinitions(std::string_view xml, std::string_view file = "");
// Reads the file from disk first.
Result<Definitions> ReadDefinitionsFile(const std::string& path);

// Maps byte offsets of a text to 1-based line and column (in UTF-8 characters).
class LineMap {
 public:
  explicit LineMap(std::string_view text);
  SourceLocation Locate(std::string_view file, ptrdiff_t offset) const;

 private:
  std::string_view text_;
  std::vector<size_t> line_starts_;
};

}  // namespace jianwei::dmn
