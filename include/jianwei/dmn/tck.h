// The DMN Technology Compatibility Kit (TCK): reading test files (testCases.xsd) and
// running every test case of a folder tree against the engine.
//
// A TCK folder holds one or more .dmn models and *-test-*.xml files; each test case
// names input nodes (typed values, lists, components, nil) and expected results of
// decisions or of a directly invoked decision service. Results are compared with
// FEEL equality (numbers compared as decimals).
// Thread safety: free functions; the runner works on one folder at a time.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "jianwei/core/diagnostic.h"
#include "jianwei/core/value.h"

namespace jianwei::dmn {

struct TckExpected {
  std::string name;           // decision (or service output) name
  bool error_result = false;  // the evaluation must fail (any value accepted when null)
  bool has_value = false;
  Value value;
};

struct TckCase {
  std::string id;
  std::string type = "decision";  // decision, decisionService, bkm
  std::string invocable_name;
  std::string description;
  std::vector<std::pair<std::string, Value>> inputs;
  std::vector<TckExpected> results;
  SourceLocation location;
};

struct TckFile {
  std::string path;
  std::string model_name;
  std::vector<TckCase> cases;
};

Result<TckFile> ReadTckFile(const std::string& path);
Result<TckFile> ReadTckText(std::string_view xml, std::string_view path);

enum class TckStatus { kSuccess, kError, kIgnored };

struct TckOutcome {
  std::string folder;     // e.g. compliance-level-2/0004-simpletable-U
  std::string test_file;  // file name
  std::string case_id;
  TckStatus status = TckStatus::kSuccess;
  std::string message;
};

// Runs every test file under `dir` (recursively; folders sorted by name).
std::vector<TckOutcome> RunTck(const std::string& dir);
// The TCK results CSV: folder, test file, test case id, result, message.
std::string TckCsv(const std::vector<TckOutcome>& outcomes);
// Compares an actual result with an expected value (FEEL equality, deep).
bool TckValuesMatch(const Value& expected, const Value& actual);

}  // namespace jianwei::dmn
