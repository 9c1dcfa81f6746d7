// The per-evaluation state of the ZEN evaluator and the entry points its files share
// (zen_eval.cc: operators and paths; zen_eval_lists.cc: indexing, slices, closures).
// Private to src/jdm.
#pragma once

#include <array>
#include <forward_list>
#include <string>

#include "jianwei/jdm/zen.h"

#include "zen_ast.h"

namespace jianwei::jdm::zen {

constexpr int kMaxClosureDepth = 16;

struct Frame {
  Frame(const ZenScope* s, std::string* e) : scope(s), error(e) {}
  const ZenScope* scope;
  std::string* error;
  std::array<const Value*, kMaxClosureDepth> pointers{};
  int depth = 0;
  std::forward_list<Value> keep;  // merged layer values that pointers refer to
};

inline bool Fail(Frame& f, std::string message) {
  *f.error = std::move(message);
  return false;
}

bool Eval(const Node& n, Frame& f, Value& out);

bool Eval(const Node& n, Frame& f, Value& out);
// The value of `n` in place for paths and literals, else evaluated into *tmp.
const Value* Peek(const Node& n, Frame& f, Value* tmp);
bool RequireBool(const Value& v, Frame& f, const char* what, bool& b);

bool Index(const Value& base, const Value& key, Value& out);
bool EvalSlice(const Node& n, Frame& f, Value& out);
bool EvalClosure(const Node& n, Frame& f, Value& out);

}  // namespace jianwei::jdm::zen
