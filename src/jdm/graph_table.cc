// JDM decision tables: cell specialisation at load time and evaluation (zen's
// nodes/decision_table): each input column's field is evaluated once, then rules are
// tried in order; `first` returns the first matching rule's outputs, `collect` all.
#include <utility>

#include "graph_model.h"
#include "zen_ast.h"
#include "zen_value.h"

namespace jianwei::jdm {
namespace {

using zen::Node;
using zen::Op;

bool IsDollar(const Node& n) {
  return n.op == Op::kPath && static_cast<zen::Base>(n.sub) == zen::Base::kDollar &&
         n.keys.empty();
}

bool IsConstant(const Node& n) { return n.op == Op::kLiteral; }

// Specialises the compiled unary tree; false when the shape is not a constant test.
bool Specialise(const Node& n, Cell* cell) {
  if ((n.op == Op::kOr || n.op == Op::kAnd) && n.kids.size() == 2) {
    Cell a, b;
    if (!Specialise(*n.kids[0], &a) || !Specialise(*n.kids[1], &b)) return false;
    cell->kind = n.op == Op::kOr ? Cell::Kind::kAnyOf : Cell::Kind::kAllOf;
    cell->parts.push_back(std::move(a));
    cell->parts.push_back(std::move(b));
    return true;
  }
  if (n.kids.size() != 2 || !IsDollar(*n.kids[0])) return false;
  const Node& rhs = *n.kids[1];
  if (n.op == Op::kEqual && IsConstant(rhs)) {
    cell->kind = Cell::Kind::kEqual;
    cell->a = rhs.literal;
    return true;
  }
  if (n.op == Op::kCompare && IsConstant(rhs) && rhs.literal.is_number()) {
    cell->kind = Cell::Kind::kCompare;
    cell->cmp = n.sub;
    cell->a = rhs.literal;
    return true;
  }
  if (n.op == Op::kIn && rhs.op == Op::kInterval && IsConstant(*rhs.kids[0]) &&
      IsConstant(*rhs.kids[1]) && rhs.kids[0]->literal.is_number() &&
      rhs.kids[1]->literal.is_number()) {
    cell->kind = Cell::Kind::kInterval;
    cell->a = rhs.kids[0]->literal;
    cell->b = rhs.kids[1]->literal;
    cell->low_closed = rhs.left_closed;
    cell->high_closed = rhs.right_closed;
    return true;
  }
  if (n.op == Op::kIn && rhs.op == Op::kArray) {
    for (const auto& k : rhs.kids) {
      if (!IsConstant(*k)) return false;
      cell->list.push_back(k->literal);
    }
    cell->kind = Cell::Kind::kInList;
    return true;
  }
  return false;
}

// Mirrors zen's VM: comparing anything but two numbers is an error, and an error
// makes the rule not match.
bool Match(const Cell& c, const Value& v) {
  switch (c.kind) {
    case Cell::Kind::kEmpty:
      return true;
    case Cell::Kind::kEqual:
      return ZenEqual(v, c.a);
    case Cell::Kind::kCompare: {
      if (!v.is_number()) return false;
      auto r = v.as_number() <=> c.a.as_number();
      switch (c.cmp) {
        case 0: return r < 0;
        case 1: return r <= 0;
        case 2: return r > 0;
        default: return r >= 0;
      }
    }
    case Cell::Kind::kInterval: {
      if (!v.is_number()) return false;
      auto lo = v.as_number() <=> c.a.as_number();
      auto hi = v.as_number() <=> c.b.as_number();
      return (c.low_closed ? lo >= 0 : lo > 0) && (c.high_closed ? hi <= 0 : hi < 0);
    }
    case Cell::Kind::kInList: {
      if (!(v.is_number() || v.is_string() || v.is_boolean() || v.is_null())) return false;
      for (const Value& x : c.list)
        if (ZenEqual(v, x)) return true;
      return false;
    }
    case Cell::Kind::kAnyOf:
      // zen evaluates `a or b` left to right; an error in `a` fails the cell, so a
      // type error on the left part (a non-number compared) also stops here.
      for (const Cell& p : c.parts) {
        if ((p.kind == Cell::Kind::kCompare || p.kind == Cell::Kind::kInterval) && !v.is_number())
          return false;
        if (Match(p, v)) return true;
      }
      return false;
    case Cell::Kind::kAllOf:
      for (const Cell& p : c.parts)
        if (!Match(p, v)) return false;
      return true;
    case Cell::Kind::kGeneric:
      return false;  // handled by the caller
  }
  return false;
}

}  // namespace

Result<Cell> CompileCell(std::string_view text, bool unary, std::string_view where) {
  Cell cell;
  size_t a = text.find_first_not_of(" \t\r\n");
  if (a == std::string_view::npos) return cell;
  auto compiled = ZenExpression::Compile(text, unary ? ZenMode::kUnary : ZenMode::kStandard,
                                         where);
  if (!compiled.ok()) return compiled.errors();
  if (!unary || !Specialise(*compiled->root(), &cell)) {
    cell = Cell();
    cell.kind = Cell::Kind::kGeneric;
  }
  cell.expression = std::make_shared<const ZenExpression>(std::move(*compiled));
  return cell;
}

bool EvaluateTable(const GraphNode& node, const Value& input, const Value* nodes, int64_t now,
                   Value* out) {
  const size_t columns = node.inputs.size();
  std::vector<Value> refs(columns);
  std::vector<uint8_t> ref_ok(columns, 1);
  for (size_t i = 0; i < columns; ++i) {
    if (!node.inputs[i].field) continue;
    Value null_dollar;
    ZenScope scope{&input, &null_dollar, nodes, now};
    std::string ignored;
    if (!node.inputs[i].field->Evaluate(scope, &refs[i], &ignored)) ref_ok[i] = 0;
  }
  List collected;
  std::string ignored;
  for (const TableRule& rule : node.rules) {
    bool match = true;
    const Value* dollar = nullptr;
    for (size_t i = 0; i < columns && match; ++i) {
      const Cell& cell = rule.inputs[i];
      if (cell.kind == Cell::Kind::kEmpty) continue;
      if (!node.inputs[i].field) {
        Value r;
        ZenScope scope{&input, dollar, nodes, now};
        match = cell.expression->Evaluate(scope, &r, &ignored) && r.is_boolean() &&
                r.as_boolean();
        continue;
      }
      if (!ref_ok[i]) {
        match = false;
        continue;
      }
      dollar = &refs[i];
      if (cell.kind != Cell::Kind::kGeneric) {
        match = Match(cell, refs[i]);
        continue;
      }
      Value r;
      ZenScope scope{&input, &refs[i], nodes, now};
      match = cell.expression->Evaluate(scope, &r, &ignored) && r.is_boolean() &&
              r.as_boolean();
    }
    if (!match) continue;
    auto result = std::make_shared<Context>();
    bool ok = true;
    for (size_t o = 0; o < node.outputs.size() && ok; ++o) {
      if (!rule.outputs[o]) continue;
      Value v;
      ZenScope scope{&input, dollar, nodes, now};
      if (!rule.outputs[o]->Evaluate(scope, &v, &ignored)) {
        ok = false;
        break;
      }
      DotInsert(result, node.outputs[o].path, std::move(v));
    }
    if (!ok) continue;
    Value row(std::shared_ptr<const Context>(std::move(result)));
    if (!node.collect) {
      *out = std::move(row);
      return true;
    }
    collected.push_back(std::move(row));
  }
  *out = node.collect ? Value(std::move(collected)) : Value();
  return true;
}

}  // namespace jianwei::jdm
