// A compiled DMN decision table (DMN 1.5 §8): hit policies U, A, P, F, R, O, C,
// C+, C<, C>, C#; input and output values; default outputs; priorities from output
// values; several outputs → a context per rule.
//
// Matching runs on per-column indexes when the input entries are simple (literals,
// comparisons, intervals, lists of those, "-"): numeric columns map the input to an
// elementary interval between sorted boundaries, string and boolean columns look the
// input up in a hash map; each gives a bitset of rules, the bitsets are ANDed, and
// the remaining complex cells are tested one by one. The per-cell path (no index)
// gives identical results and is kept for checking and for tables that do not
// index. Immutable after Compile(); Decide() may run on many threads at once.
#pragma once

#include <memory>
#include <span>
#include <string>
#include <vector>

#include "jianwei/core/diagnostic.h"
#include "jianwei/core/value.h"
#include "jianwei/dmn/model.h"
#include "jianwei/feel/feel.h"

namespace jianwei::dmn {

namespace detail {
struct TableImpl;
class TypeRegistry;
}

class CompiledDecisionTable {
 public:
  struct Options {
    std::string element;  // names the table in messages
    std::vector<std::string> known_names;
    const detail::TypeRegistry* types = nullptr;
  };
  // Compiles `table`; errors (with file:line:column) are appended to `diagnostics`
  // and the table is still usable (bad cells never match, bad outputs are null).
  static std::shared_ptr<const CompiledDecisionTable> Compile(const DecisionTable& table,
                                                              const Options& options,
                                                              Diagnostics& diagnostics);
  ~CompiledDecisionTable();

  // Evaluates the input expressions in `env`, then decides. `matched`, when given,
  // receives the 0-based numbers of the rules whose input entries matched (for traces;
  // with FIRST only the first).
  Value Evaluate(const feel::Environment& env, const EvalContext& ctx,
                 std::vector<uint32_t>* matched = nullptr) const;
  // Decides for given input values (one per input column). `use_index` false forces
  // the per-cell path.
  Value Decide(std::span<const Value> inputs, const feel::Environment& env,
               const EvalContext& ctx, bool use_index = true,
               std::vector<uint32_t>* matched = nullptr) const;
  // How many input columns are served by an index (for tests and benchmarks).
  int IndexedColumns() const;
  size_t InputCount() const;

  explicit CompiledDecisionTable(std::unique_ptr<detail::TableImpl> impl);

 private:
  std::unique_ptr<detail::TableImpl> impl_;
};

}  // namespace jianwei::dmn
