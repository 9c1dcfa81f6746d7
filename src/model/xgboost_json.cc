// XGBoost JSON models (XGBoosterSaveModel to *.json, schema doc/model.schema): gbtree
// boosters with numerical splits. Semantics follow XGBoost 1.7's CPU predictor: a node
// sends x left iff x < split_condition (float), NaN follows default_left, leaves keep
// their value in split_conditions, and the output starts from base_score converted to
// margin space by the objective (logit for logistic objectives, log for count models).
#include <cmath>
#include <string>

#include "json_util.h"
#include "jianwei/model/model.h"
#include "tree_model.h"

namespace jianwei::model {
namespace {

struct ObjectiveInfo {
  OutputTransform transform;
  enum class Base { kIdentity, kLogit, kLog } base;
};

std::optional<ObjectiveInfo> LookupObjective(const std::string& name) {
  using B = ObjectiveInfo::Base;
  if (name == "binary:logistic" || name == "reg:logistic") {
    return ObjectiveInfo{OutputTransform::kSigmoid, B::kLogit};
  }
  if (name == "binary:logitraw") return ObjectiveInfo{OutputTransform::kIdentity, B::kLogit};
  if (name == "reg:squarederror" || name == "reg:linear" || name == "reg:pseudohubererror" ||
      name == "reg:squaredlogerror" || name == "reg:absoluteerror") {
    return ObjectiveInfo{OutputTransform::kIdentity, B::kIdentity};
  }
  if (name == "multi:softprob" || name == "multi:softmax") {
    return ObjectiveInfo{OutputTransform::kSoftmax, B::kIdentity};
  }
  if (name == "count:poisson" || name == "reg:gamma" || name == "reg:tweedie") {
    return ObjectiveInfo{OutputTransform::kExp, B::kLog};
  }
  return std::nullopt;
}

// One tree → SourceNodes; false (with errors reported) when malformed.
bool ReadTree(JsonFields& f, const Json& tree, const std::string& path,
              std::vector<SourceNode>& nodes) {
  const Json* param = f.Object(tree, path, "tree_param");
  if (param == nullptr) return false;
  auto num_nodes = f.Integer(*param, path + ".tree_param", "num_nodes");
  if (!num_nodes) return false;
  if (*num_nodes <= 0 || *num_nodes > (1 << 26)) {
    f.Error(path + ".tree_param.num_nodes", "out of range: " + std::to_string(*num_nodes));
    return false;
  }
  const long long n = *num_nodes;
  auto left = f.IntArray(tree, path, "left_children", n);
  auto right = f.IntArray(tree, path, "right_children", n);
  auto feature = f.IntArray(tree, path, "split_indices", n);
  auto cond = f.FloatArray(tree, path, "split_conditions", n);
  auto dleft = f.IntArray(tree, path, "default_left", n);
  if (!left || !right || !feature || !cond || !dleft) return false;
  if (const Json* types = f.Array(tree, path, "split_type", false); types != nullptr) {
    for (const Json& t : *types) {
      if (!t.is_number_integer() || t.get<long long>() != 0) {
        f.Error(path + ".split_type", "categorical splits are not supported");
        return false;
      }
    }
  }
  nodes.assign(n, SourceNode{});
  for (long long i = 0; i < n; ++i) {
    SourceNode& s = nodes[i];
    s.is_leaf = (*left)[i] == -1;
    if (s.is_leaf) {
      s.leaf_value = (*cond)[i];
    } else {
      s.left = (*left)[i];
      s.right = (*right)[i];
      s.feature = (*feature)[i];
      s.threshold = (*cond)[i];
      s.default_left = (*dleft)[i] != 0;
    }
  }
  return true;
}

}  // namespace

Result<std::unique_ptr<Model>> LoadXgboostJson(std::string_view text,
                                                 std::string_view source_name) {
  Diagnostics diag;
  std::optional<Json> doc = ParseJsonText(text, source_name, diag);
  if (!doc) return diag;
  JsonFields f(source_name, diag);
  const Json* learner = f.Object(*doc, "", "learner");
  if (learner == nullptr) return diag;
  const Json* mparam = f.Object(*learner, "learner", "learner_model_param");
  const Json* objective = f.Object(*learner, "learner", "objective");
  const Json* booster = f.Object(*learner, "learner", "gradient_booster");
  if (mparam == nullptr || objective == nullptr || booster == nullptr) return diag;

  auto base_score = f.Float(*mparam, "learner.learner_model_param", "base_score");
  auto num_class = f.Integer(*mparam, "learner.learner_model_param", "num_class");
  auto num_feature = f.Integer(*mparam, "learner.learner_model_param", "num_feature");
  auto objective_name = f.String(*objective, "learner.objective", "name");
  auto booster_name = f.String(*booster, "learner.gradient_booster", "name");
  if (!base_score || !num_class || !num_feature || !objective_name || !booster_name) return diag;

  std::optional<ObjectiveInfo> obj = LookupObjective(*objective_name);
  if (!obj) f.Error("learner.objective.name", "unsupported objective \"" + *objective_name + "\"");
  if (*booster_name != "gbtree") {
    f.Error("learner.gradient_booster.name",
            "unsupported booster \"" + *booster_name + "\" (only gbtree)");
  }
  if (*num_feature <= 0 || *num_feature > (1 << 24)) {
    f.Error("learner.learner_model_param.num_feature", "out of range");
  }
  if (*num_class < 0 || *num_class > 10000) {
    f.Error("learner.learner_model_param.num_class", "out of range");
  }
  if (diag.HasErrors()) return diag;

  const Json* model = f.Object(*booster, "learner.gradient_booster", "model");
  if (model == nullptr) return diag;
  const std::string mpath = "learner.gradient_booster.model";
  const Json* trees = f.Array(*model, mpath, "trees");
  if (trees == nullptr) return diag;
  auto tree_info = f.IntArray(*model, mpath, "tree_info", static_cast<long long>(trees->size()));
  if (!tree_info) return diag;

  const size_t groups = *num_class > 1 ? static_cast<size_t>(*num_class) : 1;
  float base = *base_score;
  switch (obj->base) {
    case ObjectiveInfo::Base::kLogit:
      if (!(base > 0.0f && base < 1.0f)) {
        f.Error("learner.learner_model_param.base_score", "must lie in (0, 1) for a logistic objective");
        return diag;
      }
      base = -std::log(1.0f / base - 1.0f);  // ProbToMargin, in float like XGBoost
      break;
    case ObjectiveInfo::Base::kLog:
      base = std::log(base);
      break;
    case ObjectiveInfo::Base::kIdentity:
      break;
  }

  TreeEnsemble<float> ensemble;
  ensemble.set_num_features(static_cast<size_t>(*num_feature));
  ensemble.set_base(std::vector<float>(groups, base));
  std::vector<SourceNode> nodes;
  for (size_t t = 0; t < trees->size(); ++t) {
    const std::string tpath = mpath + ".trees[" + std::to_string(t) + "]";
    if (!ReadTree(f, (*trees)[t], tpath, nodes)) continue;
    const int group = (*tree_info)[t];
    if (group < 0 || static_cast<size_t>(group) >= groups) {
      f.Error(mpath + ".tree_info[" + std::to_string(t) + "]", "group out of range");
      continue;
    }
    if (std::string err = ensemble.AddTree(nodes, group); !err.empty()) f.Error(tpath, err);
  }
  if (diag.HasErrors()) return diag;

  std::vector<std::string> names;
  if (const Json* fn = f.Array(*learner, "learner", "feature_names", false);
      fn != nullptr && fn->size() == static_cast<size_t>(*num_feature)) {
    for (const Json& n : *fn) names.push_back(n.is_string() ? n.get<std::string>() : "");
  }
  if (names.empty()) {
    for (long long i = 0; i < *num_feature; ++i) names.push_back("f" + std::to_string(i));
  }
  std::string description = "xgboost " + *objective_name + ", " +
                            std::to_string(ensemble.num_trees()) + " trees, max depth " +
                            std::to_string(ensemble.max_depth());
  return std::unique_ptr<Model>(new TreeModel<float>(ModelFormat::kXgboostJson,
                                                     std::move(description), std::move(names),
                                                     std::move(ensemble), obj->transform));
}

}  // namespace jianwei::model
