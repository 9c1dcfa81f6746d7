// Per-flow input schemas: the part of the package schema a flow can read.
//
// A scale package declares ~200,000 input fields while one flow reads a few thousand;
// checking a document against the full schema costs a lookup in a huge table per
// document entry (cache misses on every one). At link time each flow gets the subtree
// of the fields it (and every flow it calls) reads, plus every required field on the
// way, so a decision checks only what can influence it. Entries of the document the
// flow cannot read are kept but not checked: no step can observe them.
#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "loader.h"

namespace jianwei::strategy::internal {

namespace {

// What to keep of the full schema: objects on a read path (with the children kept),
// and fields kept whole (read as a whole, or not an object).
struct Selection {
  std::unordered_map<const Field*, std::vector<size_t>> children;  // kept child positions
  std::unordered_set<const Field*> whole;
};

void Select(const Field& root, const std::vector<std::string>& segs, Selection& sel) {
  const Field* at = &root;
  for (const std::string& seg : segs) {
    if (sel.whole.contains(at)) return;
    const int child = at->ChildIndex(seg);
    if (child < 0) return;  // produced field, parameter or extension
    const size_t pos = static_cast<size_t>(child);
    std::vector<size_t>& kept = sel.children[at];
    if (std::find(kept.begin(), kept.end(), pos) == kept.end()) kept.push_back(pos);
    at = &at->fields[pos];
    if (at->type != FieldType::kObject) break;  // lists, any, scalars: checked whole
  }
  sel.whole.insert(at);
}

// Records, for every object of the schema, the children that are required or hold a
// required field somewhere below (present objects must still have those). True when
// `object` itself holds one.
bool MarkRequired(const Field& object, Selection& required) {
  bool any = false;
  for (size_t c = 0; c < object.fields.size(); ++c) {
    const Field& child = object.fields[c];
    bool holds = child.type == FieldType::kObject && MarkRequired(child, required);
    if (child.required || holds) {
      required.children[&object].push_back(c);
      any = true;
    }
  }
  return any;
}

// Copies `src` keeping the selected children and the required ones.
Field Copy(const Field& src, const Selection& sel, const Selection& required) {
  if (sel.whole.contains(&src)) return src;
  Field out;
  out.name = src.name;
  out.type = src.type;
  out.required = src.required;
  out.pii = src.pii;
  out.enum_values = src.enum_values;
  out.min = src.min;
  out.max = src.max;
  out.items = src.items;
  std::vector<size_t> keep;
  for (const Selection* from : {&sel, &required}) {
    if (auto it = from->children.find(&src); it != from->children.end())
      keep.insert(keep.end(), it->second.begin(), it->second.end());
  }
  std::sort(keep.begin(), keep.end());  // declaration order, as in the full schema
  keep.erase(std::unique(keep.begin(), keep.end()), keep.end());
  for (size_t c : keep) out.fields.push_back(Copy(src.fields[c], sel, required));
  return out;
}

void CollectReads(const Flow& flow, std::unordered_set<const Flow*>& seen,
                  std::vector<const std::string*>& reads, bool& everything) {
  if (!seen.insert(&flow).second) return;
  for (const Step& s : flow.steps) {
    // A DMN step without an input list passes the whole document.
    if (s.kind == StepKind::kDmn && s.inputs.empty()) everything = true;
    for (const std::string& r : s.reads) reads.push_back(&r);
    if (s.call) CollectReads(*s.call, seen, reads, everything);
  }
}

void BuildFlowSchema(const Package& package, const Selection& required, Flow& flow) {
  std::unordered_set<const Flow*> seen;
  std::vector<const std::string*> reads;
  bool everything = false;
  CollectReads(flow, seen, reads, everything);
  if (everything) {
    flow.schema.reset();  // validate against the package schema
    return;
  }
  Selection sel;
  for (const std::string* r : reads) Select(package.input, SplitPath(*r), sel);
  Field schema = Copy(package.input, sel, required);
  IndexFields(schema);
  flow.schema = std::make_shared<const Field>(std::move(schema));
}

}  // namespace

void BuildFlowSchemas(Package& package) {
  Selection required;
  MarkRequired(package.input, required);
  for (auto& [name, flow] : package.flows) BuildFlowSchema(package, required, *flow);
}

}  // namespace jianwei::strategy::internal
