// LightGBM text models (Booster.save_model / model.txt): a "key=value" header, blocks
// "Tree=i" with per-node arrays, then "end of trees". Semantics follow LightGBM's
// Tree::NumericalDecision: x <= threshold (double) goes left; decision_type bit 1 is
// default-left, bits 2–3 the missing type (None: NaN is read as 0; Zero: 0 and NaN take
// the default; NaN: NaN takes the default). Leaf values already include shrinkage;
// outputs sum in double, per class (tree i belongs to class i % num_tree_per_iteration).
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <map>
#include <optional>
#include <type_traits>
#include <sstream>
#include <string>

#include "jianwei/model/model.h"
#include "tree_model.h"

namespace jianwei::model {
namespace {

struct Entry {
  std::string value;
  int line = 0;
};
using Section = std::map<std::string, Entry, std::less<>>;

struct TreeBlock {
  int line = 0;
  Section fields;
};

class Parser {
 public:
  Parser(std::string_view source, Diagnostics& diag) : source_(source), diag_(diag) {}

  void Error(int line, const std::string& message) { diag_.Error({source_, line, 1}, message); }

  const Entry* Find(const Section& s, std::string_view key, int block_line, bool required) {
    auto it = s.find(key);
    if (it == s.end()) {
      if (required) Error(block_line, "missing field " + std::string(key));
      return nullptr;
    }
    return &it->second;
  }

  std::optional<long long> Int(const Section& s, std::string_view key, int block_line) {
    const Entry* e = Find(s, key, block_line, true);
    if (e == nullptr) return std::nullopt;
    char* end = nullptr;
    errno = 0;
    const long long v = std::strtoll(e->value.c_str(), &end, 10);
    if (e->value.empty() || *end != '\0' || errno != 0) {
      Error(e->line, "field " + std::string(key) + ": expected an integer");
      return std::nullopt;
    }
    return v;
  }

  template <typename T>
  std::optional<std::vector<T>> Array(const Section& s, std::string_view key, int block_line,
                                      size_t size) {
    const Entry* e = Find(s, key, block_line, true);
    if (e == nullptr) return std::nullopt;
    std::vector<T> out;
    const char* p = e->value.c_str();
    while (*p != '\0') {
      while (*p == ' ') ++p;
      if (*p == '\0') break;
      char* end = nullptr;
      errno = 0;
      T v;
      if constexpr (std::is_same_v<T, double>) {
        v = std::strtod(p, &end);
      } else {
        const long long x = std::strtoll(p, &end, 10);
        if (x < -(1LL << 31) || x >= (1LL << 31)) errno = ERANGE;
        v = static_cast<T>(x);
      }
      if (end == p || (*end != ' ' && *end != '\0') || errno == ERANGE) {
        Error(e->line, "field " + std::string(key) + ": bad number at element " +
                           std::to_string(out.size()));
        return std::nullopt;
      }
      out.push_back(v);
      p = end;
    }
    if (out.size() != size) {
      Error(e->line, "field " + std::string(key) + ": expected " + std::to_string(size) +
                         " values, found " + std::to_string(out.size()));
      return std::nullopt;
    }
    return out;
  }

 private:
  std::string source_;
  Diagnostics& diag_;
};

// Splits the text into the header section and the tree blocks.
void Split(std::string_view text, Section& header, std::vector<TreeBlock>& trees, bool& ended) {
  size_t pos = 0;
  int line = 0;
  Section* current = &header;
  while (pos < text.size()) {
    size_t eol = text.find('\n', pos);
    if (eol == std::string_view::npos) eol = text.size();
    std::string_view l = text.substr(pos, eol - pos);
    pos = eol + 1;
    ++line;
    if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
    if (l == "end of trees") {
      ended = true;
      break;
    }
    const size_t eq = l.find('=');
    if (eq == std::string_view::npos) continue;  // "tree", blank lines
    std::string key(l.substr(0, eq));
    if (key == "Tree") {
      trees.push_back({line, {}});
      current = &trees.back().fields;
      continue;
    }
    current->emplace(std::move(key), Entry{std::string(l.substr(eq + 1)), line});
  }
}

struct Objective {
  OutputTransform transform = OutputTransform::kIdentity;
  double sigmoid = 1;
};

std::optional<Objective> ParseObjective(const std::string& text) {
  std::istringstream in(text);
  std::string name;
  in >> name;
  Objective o;
  std::string param;
  while (in >> param) {
    if (param.rfind("sigmoid:", 0) == 0) o.sigmoid = std::strtod(param.c_str() + 8, nullptr);
  }
  if (name == "binary" || name == "cross_entropy" || name == "xentropy" ||
      name == "multiclassova" || name == "multiclass_ova" || name == "ova" || name == "ovr") {
    o.transform = OutputTransform::kSigmoid;
  } else if (name == "multiclass" || name == "softmax") {
    o.transform = OutputTransform::kSoftmax;
  } else if (name == "poisson" || name == "gamma" || name == "tweedie") {
    o.transform = OutputTransform::kExp;
  } else if (name == "regression" || name == "regression_l2" || name == "regression_l1" ||
             name == "huber" || name == "fair" || name == "quantile" || name == "mape" ||
             name == "l1" || name == "l2" || name == "mse" || name == "mae") {
    if (text.find("sqrt") != std::string::npos) return std::nullopt;
  } else {
    return std::nullopt;
  }
  return o;
}

bool ReadTree(Parser& p, const TreeBlock& b, size_t num_features, std::vector<SourceNode>& nodes,
              bool& uses_zero) {
  auto num_leaves = p.Int(b.fields, "num_leaves", b.line);
  if (!num_leaves) return false;
  if (*num_leaves < 1 || *num_leaves > (1 << 24)) {
    p.Error(b.line, "num_leaves out of range");
    return false;
  }
  if (const Entry* cat = p.Find(b.fields, "num_cat", b.line, false); cat && cat->value != "0") {
    p.Error(cat->line, "categorical splits (num_cat > 0) are not supported");
    return false;
  }
  if (const Entry* lin = p.Find(b.fields, "is_linear", b.line, false); lin && lin->value != "0") {
    p.Error(lin->line, "linear trees are not supported");
    return false;
  }
  const size_t leaves = static_cast<size_t>(*num_leaves);
  auto leaf_value = p.Array<double>(b.fields, "leaf_value", b.line, leaves);
  if (!leaf_value) return false;
  nodes.assign(2 * leaves - 1, SourceNode{});
  const size_t inner = leaves - 1;
  for (size_t i = 0; i < leaves; ++i) {
    nodes[inner + i].is_leaf = true;
    nodes[inner + i].leaf_value = (*leaf_value)[i];
  }
  if (inner == 0) return true;
  auto feature = p.Array<int>(b.fields, "split_feature", b.line, inner);
  auto threshold = p.Array<double>(b.fields, "threshold", b.line, inner);
  auto decision = p.Array<int>(b.fields, "decision_type", b.line, inner);
  auto left = p.Array<int>(b.fields, "left_child", b.line, inner);
  auto right = p.Array<int>(b.fields, "right_child", b.line, inner);
  if (!feature || !threshold || !decision || !left || !right) return false;
  // Children: >= 0 an inner node, < 0 the leaf ~child (stored after the inner nodes).
  auto child = [&](int c) {
    if (c >= static_cast<int>(inner) || c < -static_cast<int>(leaves)) return -1;  // dangling
    return c >= 0 ? c : static_cast<int>(inner) + ~c;
  };
  for (size_t i = 0; i < inner; ++i) {
    SourceNode& n = nodes[i];
    const int dt = (*decision)[i];
    if (dt & 1) {
      p.Error(b.line, "categorical split in node " + std::to_string(i) + " is not supported");
      return false;
    }
    const int missing_type = (dt >> 2) & 3;
    const double t = (*threshold)[i];
    if (std::isnan(t)) {
      p.Error(b.line, "NaN threshold in node " + std::to_string(i));
      return false;
    }
    n.left = child((*left)[i]);
    n.right = child((*right)[i]);
    n.feature = (*feature)[i];
    if (n.feature < 0 || static_cast<size_t>(n.feature) >= num_features) {
      p.Error(b.line, "node " + std::to_string(i) + " splits on feature " +
                          std::to_string(n.feature) + " beyond max_feature_idx");
      return false;
    }
    n.threshold = LessEqualToLessThan(t);
    if (missing_type == 0) {
      n.default_left = 0.0 <= t;  // NaN is read as 0
    } else {
      n.default_left = (dt & 2) != 0;
      n.zero_is_missing = missing_type == 1;
      uses_zero |= n.zero_is_missing;
    }
  }
  return true;
}

}  // namespace

Result<std::unique_ptr<Model>> LoadLightGbmText(std::string_view text,
                                                  std::string_view source_name) {
  Diagnostics diag;
  Parser p(source_name, diag);
  Section header;
  std::vector<TreeBlock> blocks;
  bool ended = false;
  Split(text, header, blocks, ended);
  if (!ended) p.Error(0, "truncated model: no \"end of trees\" line");
  auto max_feature = p.Int(header, "max_feature_idx", 1);
  auto num_class = p.Int(header, "num_class", 1);
  auto per_iteration = p.Int(header, "num_tree_per_iteration", 1);
  const Entry* objective_entry = p.Find(header, "objective", 1, true);
  if (!max_feature || !num_class || !per_iteration || objective_entry == nullptr) return diag;
  if (*max_feature < 0 || *max_feature >= (1 << 24)) p.Error(1, "max_feature_idx out of range");
  if (*per_iteration < 1 || *per_iteration > 10000) {
    p.Error(1, "num_tree_per_iteration out of range");
  }
  std::optional<Objective> objective = ParseObjective(objective_entry->value);
  if (!objective) {
    p.Error(objective_entry->line, "unsupported objective \"" + objective_entry->value + "\"");
  }
  if (p.Find(header, "average_output", 1, false) != nullptr) {
    p.Error(1, "random-forest models (average_output) are not supported");
  }
  if (diag.HasErrors()) return diag;
  const size_t nf = static_cast<size_t>(*max_feature) + 1;
  const size_t groups = static_cast<size_t>(*per_iteration);

  std::vector<std::vector<SourceNode>> trees(blocks.size());
  bool uses_zero = false;
  for (size_t t = 0; t < blocks.size(); ++t) ReadTree(p, blocks[t], nf, trees[t], uses_zero);
  if (diag.HasErrors()) return diag;
  TreeEnsemble<double> ensemble;
  ensemble.set_num_features(nf);
  ensemble.set_zero_as_missing(uses_zero);
  ensemble.set_base(std::vector<double>(groups, 0.0));
  for (size_t t = 0; t < trees.size(); ++t) {
    if (std::string err = ensemble.AddTree(trees[t], static_cast<int>(t % groups)); !err.empty()) {
      p.Error(blocks[t].line, err);
    }
  }
  if (diag.HasErrors()) return diag;

  std::vector<std::string> names;
  if (const Entry* fn = p.Find(header, "feature_names", 1, false)) {
    std::istringstream in(fn->value);
    std::string name;
    while (in >> name) names.push_back(name);
  }
  if (names.size() != nf) {
    names.clear();
    for (size_t i = 0; i < nf; ++i) names.push_back("f" + std::to_string(i));
  }
  std::string description = "lightgbm " + objective_entry->value + ", " +
                            std::to_string(ensemble.num_trees()) + " trees, max depth " +
                            std::to_string(ensemble.max_depth());
  return std::unique_ptr<Model>(new TreeModel<double>(
      ModelFormat::kLightGbmText, std::move(description), std::move(names), std::move(ensemble),
      objective->transform, objective->sigmoid));
}

}  // namespace jianwei::model
