// The graph queries as FEEL functions, for decisions: GraphFunctions() returns a context
// of function values (core Callable) that a strategy deployment receives as
// LoadOptions::extensions, so a rule can say
//   graph ubo(applicant.company id).owners[1].share >= 0.25
//   count(graph related(applicant.company id, 2, 0.05).related) > 50
//   graph risk(applicant.company id).score
//
// | function                                  | result (a FEEL context)                      |
// |-------------------------------------------|----------------------------------------------|
// | graph ubo(id, as of?)                      | owners (basis, share, paths, control_chain)  |
// | graph related(id, hops?, min ratio?, as of?) | related (hops, via, edge), capped_hubs     |
// | graph exposure(id, as of?)                 | dual-centre group and its loans / guarantees |
// | graph ring(id, today?, recent days?)       | size, members, shared_contacts, defaults     |
// | graph risk(id, as of?)                     | score, top seeds with their paths            |
// | graph ownership(holder, target, as of?)    | share, paths                                 |
// | graph controller(id, as of?)               | controllers, ultimate (with chains)          |
// | graph circle(id, as of?)                   | in_circle, mutual_pairs, circles, chains     |
//
// Ids are node keys (strings, e.g. "company:599"); nodes are reported as contexts
// {id, name, kind} and paths as lists of ids. Optional arguments may be omitted or
// null; `as of` is a FEEL date. An unknown id or a wrong argument gives null and a
// warning (never an exception). The field names match `jianwei graph ...` JSON output.
//
// Ownership: the functions share the Graph (immutable); they are immutable themselves
// and safe to call from any number of threads. Per-call scratch is per call.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "jianwei/core/value.h"
#include "jianwei/graph/circles.h"
#include "jianwei/graph/ownership.h"
#include "jianwei/graph/related.h"
#include "jianwei/graph/risk.h"

namespace jianwei::graph {

struct GraphFunctionOptions {
  Day asof = kLatest;      // used when a call gives no `as of`
  size_t max_paths = 3;    // ownership paths listed per holder
  size_t max_list = 1000;  // longest list returned (related parties, group, members)
  UboOptions ubo;          // threshold, inclusive, control
  RelatedOptions related;  // kinds, directions, roles, hub cap (hops/min ratio per call)
  DualCentreOptions dual;
  RingOptions ring;  // today (when a call gives none), recent days, contact cap
  PprOptions ppr;
  CircleOptions circle;
};

// Every function, named "graph ubo", "graph related", ... (see the table above).
Context GraphFunctions(std::shared_ptr<const Graph> graph,
                       const GraphFunctionOptions& options = {});

// The names GraphFunctions defines, for CompileOptions::known_names (FEEL resolves
// names with spaces against the names it knows).
std::vector<std::string> GraphFunctionNames();

}  // namespace jianwei::graph
