// Runs TCK folders: compiles the models of each folder, evaluates every test case
// and compares results. See tck.h.
#include <algorithm>
#include <filesystem>
#include <sstream>

#include "jianwei/core/ops.h"
#include "jianwei/dmn/engine.h"
#include "jianwei/dmn/reader.h"
#include "jianwei/dmn/tck.h"

namespace jianwei::dmn {
namespace fs = std::filesystem;

bool TckValuesMatch(const Value& expected, const Value& actual) {
  if (expected.is_null() || actual.is_null()) return expected.is_null() && actual.is_null();
  if (expected.is_list() && actual.is_list()) {
    const List& a = expected.as_list();
    const List& b = actual.as_list();
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i) {
      if (!TckValuesMatch(a[i], b[i])) return false;
    }
    return true;
  }
  if (expected.is_context() && actual.is_context()) {
    const Context& a = expected.as_context();
    const Context& b = actual.as_context();
    for (const auto& [k, v] : a.entries()) {
      const Value* o = b.Find(k);
      if (!TckValuesMatch(v, o ? *o : Value())) return false;
    }
    // Extra entries in the actual value must be null to match.
    for (const auto& [k, v] : b.entries()) {
      if (!a.Find(k) && !v.is_null()) return false;
    }
    return true;
  }
  if (expected.is_number() && actual.is_number()) {
    if (expected.as_number() == actual.as_number()) return true;
    // Some TCK results of irrational arithmetic were computed in binary floating point
    // and are off in the 12th digit (0008-LX-arithmetic: the exact payment is
    // 562.7073593732659..., the TCK says 562.707359373292); compare those relatively.
    auto diff = expected.as_number().Sub(actual.as_number());
    auto scale = expected.as_number().Abs().Mul(*Decimal::Parse("1e-10"));
    if (!diff || !scale) return false;
    return diff->Abs() <= *scale;
  }
  auto eq = Equal(expected, actual);
  if (eq && *eq) return true;
  return ToFeelString(expected) == ToFeelString(actual) && expected.kind() == actual.kind();
}

namespace {

std::string Relative(const fs::path& p, const fs::path& base) {
  std::error_code ec;
  fs::path r = fs::relative(p, base, ec);
  return ec ? p.string() : r.string();
}

void RunFolder(const fs::path& folder, const fs::path& base, std::vector<TckOutcome>& out) {
  std::vector<fs::path> models, tests;
  for (const auto& e : fs::directory_iterator(folder)) {
    if (!e.is_regular_file()) continue;
    std::string name = e.path().filename().string();
    if (e.path().extension() == ".dmn") models.push_back(e.path());
    if (e.path().extension() == ".xml" && name.find("test") != std::string::npos) tests.push_back(e.path());
  }
  std::sort(tests.begin(), tests.end());
  std::string folder_name = Relative(folder, base);
  for (const fs::path& test_path : tests) {
    std::string test_file = test_path.filename().string();
    Result<TckFile> file = ReadTckFile(test_path.string());
    if (!file.ok()) {
      out.push_back({folder_name, test_file, "", TckStatus::kError, file.errors().ToString()});
      continue;
    }
    // The main model first, then the others for imports.
    std::vector<Definitions> defs;
    Diagnostics load;
    std::vector<fs::path> order = models;
    std::stable_partition(order.begin(), order.end(), [&](const fs::path& p) {
      return p.filename().string() == file->model_name;
    });
    for (const fs::path& m : order) {
      Result<Definitions> d = ReadDefinitionsFile(m.string());
      if (d.ok()) {
        defs.push_back(std::move(*d));
      } else if (m.filename().string() == file->model_name) {
        load.Append(d.errors());
      }
    }
    // Models calling external Java functions cannot run here; their failing cases
    // are IGNORED, as the TCK allows (0076-feel-external-java).
    bool needs_java = false;
    for (const Definitions& d : defs) needs_java |= d.uses_java;
    std::optional<Model> model;
    if (!load.HasErrors() && !defs.empty() && defs[0].file.ends_with(file->model_name)) {
      Result<Model> compiled = Compile(std::move(defs));
      if (compiled.ok()) {
        model = std::move(*compiled);
      } else {
        load.Append(compiled.errors());
      }
    } else if (!load.HasErrors()) {
      load.Error({}, "model '" + file->model_name + "' not found");
    }
    for (const TckCase& c : file->cases) {
      TckOutcome o{folder_name, test_file, c.id, TckStatus::kSuccess, ""};
      if (!model) {
        std::string msg = load.ToString();
        o.status = TckStatus::kError;
        o.message = msg.substr(0, 300);
        out.push_back(std::move(o));
        continue;
      }
      Context inputs;
      for (const auto& [name, v] : c.inputs) inputs.Set(name, v);
      std::ostringstream msg;
      bool ok = true;
      Value service_result;
      if (c.type == "decisionService") {
        Diagnostics d;
        service_result = model->EvaluateService(c.invocable_name, inputs, &d);
      }
      for (const TckExpected& e : c.results) {
        Value actual;
        Diagnostics d;
        if (c.type == "decisionService") {
          actual = service_result;
          if (c.results.size() > 1 && actual.is_context()) {
            const Value* v = actual.as_context().Find(e.name);
            actual = v ? *v : Value();
          }
        } else {
          actual = model->EvaluateDecision(e.name, inputs, &d);
        }
        bool match = e.has_value ? TckValuesMatch(e.value, actual) : true;
        if (e.error_result && actual.is_null()) match = true;
        if (!match) {
          ok = false;
          msg << e.name << ": expected " << e.value.DebugString() << " got " << actual.DebugString()
              << "; ";
        }
      }
      if (!ok) {
        o.status = needs_java ? TckStatus::kIgnored : TckStatus::kError;
        o.message = (needs_java ? "needs external Java functions: " : "") + msg.str();
      }
      out.push_back(std::move(o));
    }
  }
}

}  // namespace

std::vector<TckOutcome> RunTck(const std::string& dir) {
  std::vector<TckOutcome> out;
  std::vector<fs::path> folders;
  fs::path base(dir);
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(base, ec); !ec && it != fs::end(it); it.increment(ec)) {
    if (!it->is_directory()) continue;
    bool has_test = false;
    for (const auto& e : fs::directory_iterator(it->path())) {
      if (e.path().extension() == ".dmn") has_test = true;
    }
    if (has_test) folders.push_back(it->path());
  }
  bool base_has = false;
  for (const auto& e : fs::directory_iterator(base, ec)) {
    if (e.path().extension() == ".dmn") base_has = true;
  }
  if (base_has) folders.push_back(base);
  std::sort(folders.begin(), folders.end());
  for (const fs::path& f : folders) RunFolder(f, base.parent_path(), out);
  return out;
}

std::string TckCsv(const std::vector<TckOutcome>& outcomes) {
  auto quote = [](const std::string& s) {
    std::string q = "\"";
    for (char c : s) {
      if (c == '"') q += '"';
      q += (c == '\n' || c == '\r') ? ' ' : c;
    }
    return q + "\"";
  };
  std::string out;
  for (const TckOutcome& o : outcomes) {
    const char* status = o.status == TckStatus::kSuccess ? "SUCCESS"
                         : o.status == TckStatus::kError ? "ERROR"
                                                         : "IGNORED";
    out += quote(o.folder) + "," + quote(o.test_file) + "," + quote(o.case_id) + "," + status + "," +
           quote(o.message) + "\n";
  }
  return out;
}

}  // namespace jianwei::dmn
