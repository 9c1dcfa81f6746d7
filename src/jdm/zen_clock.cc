// Which expressions and graphs read the clock, found at compile time, so that
// `jianwei jdm test` can tell a clock-bound expectation from a wrong result.
#include "graph_model.h"
#include "zen_ast.h"
#include "zen_builtins.h"

namespace jianwei::jdm {

namespace {

bool IsClockWord(const zen::Node& n) {
  return n.op == zen::Op::kLiteral && n.literal.is_string() &&
         (n.literal.as_string() == "now" || n.literal.as_string() == "today");
}

bool IsDateFunction(uint8_t fn) { return fn >= static_cast<uint8_t>(zen::Fn::kD); }

bool NodeReadsClock(const zen::Node& n) {
  if (n.op == zen::Op::kCall && IsDateFunction(n.sub)) {
    if (n.sub == static_cast<uint8_t>(zen::Fn::kD) && n.kids.empty()) return true;
    for (const auto& k : n.kids) {
      if (IsClockWord(*k)) return true;
    }
  }
  if (n.op == zen::Op::kMethod) {
    auto m = static_cast<zen::Method>(n.sub);
    if (m == zen::Method::kIsToday || m == zen::Method::kIsYesterday ||
        m == zen::Method::kIsTomorrow)
      return true;
    // d(x).isBefore('now'), d(x).diff('today', 'day'): the receiver is kids[0].
    for (size_t i = 1; i < n.kids.size(); ++i) {
      if (IsClockWord(*n.kids[i])) return true;
    }
  }
  for (const auto& k : n.kids) {
    if (k && NodeReadsClock(*k)) return true;
  }
  return false;
}

// Calls `add` with each expression of a table cell (and its parts).
template <typename Add>
void CellExpressions(const Cell& c, const Add& add) {
  if (c.expression) add(*c.expression);
  for (const Cell& p : c.parts) CellExpressions(p, add);
}

}  // namespace

bool ZenExpression::ReadsClock() const { return root_ && NodeReadsClock(*root_); }

void FindClockReads(Decision::Impl* impl) {
  for (const GraphNode& node : impl->nodes) {
    std::string where = "node '" + node.name + "': ";
    auto add = [&](const ZenExpression& e) {
      if (e.ReadsClock()) impl->clock_reads.push_back(where + std::string(e.text()));
    };
    if (node.transform.input_field) add(*node.transform.input_field);
    for (const TableColumn& c : node.inputs) {
      if (c.field) add(*c.field);
    }
    for (const TableRule& r : node.rules) {
      for (const Cell& c : r.inputs) CellExpressions(c, add);
      for (const auto& o : r.outputs) {
        if (o) add(*o);
      }
    }
    for (const auto& [path, e] : node.expressions) add(e);
    for (const SwitchStatement& s : node.statements) {
      if (s.condition) add(*s.condition);
    }
    if (node.sub) {
      for (const std::string& r : node.sub->ClockReads())
        impl->clock_reads.push_back("node '" + node.name + "' > " + r);
    }
  }
}

}  // namespace jianwei::jdm
