// ZEN, the expression language of GoRules JDM decision graphs (zen-engine), compiled
// onto core::Value: numbers are Decimal, objects are Context, d() dates are DateTime
// values in UTC.
//
// An Expression is compiled once (standard or unary mode) and is then immutable and
// safe to evaluate from many threads at once; all per-evaluation state lives in the
// caller's Scope and the returned value. Runtime faults (a type mismatch, an unknown
// method on a value) are values, not exceptions: Evaluate returns false and sets the
// error text, as zen's VM returns an error.
//
// Unary mode is zen's decision-table cell mode: `$` is the column's value, a leading
// comparison (`> 5`) compares `$`, a bare value (`'a'`, `[1..5]`) is compared with or
// looked up by `$`, and `,` / `and` / `or` join such parts.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "jianwei/core/diagnostic.h"
#include "jianwei/core/value.h"

namespace jianwei::jdm {

namespace zen {
struct Node;
}

enum class ZenMode { kStandard, kUnary };

// What the identifiers of an expression see. `env` is the object plain identifiers
// are looked up in ($root); `dollar` is `$`; `nodes` is `$nodes` (graph node outputs by
// name). Pointers are borrowed for the duration of one Evaluate call.
struct ZenScope {
  const Value* env = nullptr;
  const Value* dollar = nullptr;
  const Value* nodes = nullptr;
  // The clock of d('now'), date('now') and friends, in epoch milliseconds; 0 reads
  // the system clock. Tests pin it to replay recorded results.
  int64_t now_ms = 0;
  // Alternatively the env as layers to deep-merge in order (later layers win), as a
  // JDM node sees its predecessors' outputs: lookups search the layers, so the merge
  // is never built unless `$root` asks for it. Used when layer_count > 0.
  const Value* layers = nullptr;
  size_t layer_count = 0;
};

class ZenExpression {
 public:
  ZenExpression();
  ~ZenExpression();
  ZenExpression(ZenExpression&&) noexcept;
  ZenExpression& operator=(ZenExpression&&) noexcept;

  // Parses and compiles; errors carry the column (line 1) and `source` as the file.
  static Result<ZenExpression> Compile(std::string_view text, ZenMode mode,
                                       std::string_view source = "");

  // Evaluates; on a runtime fault returns false with `*error` set (out untouched).
  bool Evaluate(const ZenScope& scope, Value* out, std::string* error) const;
  // Like Evaluate, but a path or literal result is returned in place (no copy); other
  // results land in *scratch. Null on a runtime fault.
  const Value* EvaluateRef(const ZenScope& scope, Value* scratch, std::string* error) const;
  // Convenience for tests and tools: evaluates against `env` as root with `$` = dollar.
  // A runtime fault yields the error text in Result's diagnostics.
  Result<Value> Evaluate(const Value& env, const Value& dollar = Value()) const;

  // Whether the expression reads the clock: d() without arguments, a date function or
  // method given the literal 'now' or 'today', or isToday/isYesterday/isTomorrow. Such
  // results depend on ZenScope::now_ms (a string computed at run time is not seen).
  bool ReadsClock() const;

  std::string_view text() const { return text_; }
  ZenMode mode() const { return mode_; }
  // The compiled tree (read-only), for the decision table's cell specialisation.
  const zen::Node* root() const { return root_.get(); }

 private:
  std::unique_ptr<const zen::Node> root_;
  std::string text_;
  ZenMode mode_ = ZenMode::kStandard;
};

// zen's truthiness-free equality (Opcode::Equal): numbers numerically, strings,
// booleans, null = null, dates by instant; everything else false.
bool ZenEqual(const Value& a, const Value& b);
// The name zen's type() returns: "null", "bool", "number", "string", "array",
// "object", "date", "interval".
std::string_view ZenTypeName(const Value& v);
// zen's string() of a number, string, bool or null (numbers keep their scale: "1.50").
std::string ZenNumberText(const Decimal& d);

}  // namespace jianwei::jdm
