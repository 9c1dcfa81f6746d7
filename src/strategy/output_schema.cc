// The output schema of package.yaml (docs/strategy.md, "Output schema"): the load-time
// check of what flows write to declared output fields, and the decide-time check of a
// decision's output.
#include <set>

#include "package.h"

namespace jianwei::strategy::internal {

namespace {

// The schema type of a value's kind; kAny for kinds no declared type names (times,
// durations, ranges, functions) and for null.
FieldType TypeOfKind(Kind kind) {
  switch (kind) {
    case Kind::kNumber:
      return FieldType::kNumber;
    case Kind::kString:
      return FieldType::kString;
    case Kind::kBoolean:
      return FieldType::kBoolean;
    case Kind::kDate:
      return FieldType::kDate;
    case Kind::kDateTime:
      return FieldType::kDateTime;
    case Kind::kContext:
      return FieldType::kObject;
    case Kind::kList:
      return FieldType::kList;
    default:
      return FieldType::kAny;
  }
}

// Whether a value of kind `kind` may stand in a field declared `declared`.
bool Fits(FieldType declared, Kind kind) {
  return declared == FieldType::kAny || TypeOfKind(kind) == declared;
}

std::optional<std::string> CheckValue(const Field& f, const Value& v, const std::string& path);

std::optional<std::string> CheckFields(const Field& object, const Context& c,
                                       const std::string& prefix) {
  for (const Field& f : object.fields) {
    const Value* v = c.Find(f.name);
    if (!v || v->is_null()) {
      if (f.required) return "output " + prefix + f.name + ": required output field missing";
      continue;
    }
    if (auto e = CheckValue(f, *v, prefix + f.name)) return e;
  }
  return std::nullopt;
}

std::optional<std::string> CheckValue(const Field& f, const Value& v, const std::string& path) {
  if (!Fits(f.type, v.kind())) {
    return "output " + path + ": expected " + std::string(FieldTypeName(f.type)) + ", got " +
           std::string(KindName(v.kind()));
  }
  if (f.type == FieldType::kObject) return CheckFields(f, v.as_context(), path + ".");
  if (f.type == FieldType::kList && !f.items.empty()) {
    const List& items = v.as_list();
    for (size_t i = 0; i < items.size(); ++i) {
      std::string at = path + "[" + std::to_string(i) + "]";
      if (items[i].is_null()) {
        if (f.items[0].required) return "output " + at + ": required output field missing";
      } else if (auto e = CheckValue(f.items[0], items[i], at)) {
        return e;
      }
    }
  }
  return std::nullopt;
}

FieldType SyntaxType(const feel::Syntax& s) {
  switch (s.kind) {
    case feel::Syntax::Kind::kConstant:
      return TypeOfKind(s.value.kind());
    case feel::Syntax::Kind::kNot:
    case feel::Syntax::Kind::kAnd:
    case feel::Syntax::Kind::kOr:
    case feel::Syntax::Kind::kCompare:
    case feel::Syntax::Kind::kBetween:
    case feel::Syntax::Kind::kIn:
      return FieldType::kBoolean;
    default:
      return FieldType::kAny;
  }
}

// One write of a flow whose type is known at load.
struct Write {
  std::vector<std::string> segments;
  FieldType type;
  SourceLocation location;
  std::string step;
};

// Every write with a known type by the steps of `flow` and the flows it calls.
void CollectWrites(const Flow& flow, std::vector<Write>& out, int depth) {
  for (const Step& s : flow.steps) {
    ForEachSet(s, [&](const Assignment& a) {
      if (a.type != FieldType::kAny) out.push_back({a.segments, a.type, a.location, s.id});
    });
    switch (s.kind) {
      case StepKind::kScorecard:
      case StepKind::kModel:
        // {points, characteristics, reasons} / {margin, probability, reasons}
        out.push_back({{s.output}, FieldType::kObject, s.location, s.id});
        break;
      case StepKind::kCall:
        if (!s.output.empty()) out.push_back({{s.output}, FieldType::kObject, s.location, s.id});
        if (s.call && depth < 16) CollectWrites(*s.call, out, depth + 1);
        break;
      default:
        break;  // tables and DMN results depend on their rules; checked at decide time
    }
  }
}

}  // namespace

FieldType StaticType(const feel::Expression& e) {
  if (!e.valid() || !e.syntax()) return FieldType::kAny;
  return SyntaxType(*e.syntax());
}

void CheckOutputTypes(const Package& package, const Flow& flow, Diagnostics& diagnostics) {
  if (package.output.fields.empty()) return;
  auto check = [&](const std::vector<std::string>& segments, FieldType type,
                   const SourceLocation& at, const std::string& step, const char* how) {
    bool stopped = false;
    const Field* f = FindField(package.output, segments, &stopped);
    if (!f || f->type == FieldType::kAny || f->type == type) return;
    std::string path;
    for (const std::string& s : segments) path += (path.empty() ? "" : ".") + s;
    diagnostics.Error(at, "step '" + step + "' " + how + " " + std::string(FieldTypeName(type)) +
                              " to output field '" + path + "' declared " +
                              std::string(FieldTypeName(f->type)));
  };
  // The decision returns the output steps' fields, or every produced field when the
  // flow has no output step. A list entry (`fields: [limit]`) returns the produced
  // field of that name, so the writes to it are what is checked.
  bool has_output_step = false;
  std::set<std::string> exported;
  for (const Step& s : flow.steps) {
    if (s.kind != StepKind::kOutput) continue;
    has_output_step = true;
    for (const Assignment& a : s.set) {
      if (a.value.valid() && a.value.source() == a.path) {
        exported.insert(a.path);
      } else if (a.type != FieldType::kAny) {
        check(a.segments, a.type, a.location, s.id, "returns");
      }
    }
  }
  std::vector<Write> writes;
  CollectWrites(flow, writes, 0);
  for (const Write& w : writes) {
    if (w.segments.empty() || w.segments[0].empty()) continue;
    if (has_output_step && !exported.contains(w.segments[0])) continue;
    check(w.segments, w.type, w.location, w.step, "writes");
  }
}

std::optional<std::string> CheckOutput(const Field& schema, const Context& output) {
  if (schema.fields.empty()) return std::nullopt;
  return CheckFields(schema, output, "");
}

}  // namespace jianwei::strategy::internal
