// Small hand-made graphs shared by the graph tests.
#pragma once

#include <initializer_list>
#include <string>
#include <tuple>

#include "jianwei/graph/graph.h"

namespace jianwei::graph::testing {

struct E {
  std::string src, dst;
  EdgeKind kind = EdgeKind::kShareholding;
  double ratio = 0;
  double amount = 0;
  Role role = Role::kNone;
};

// Persons are the keys starting with "p"/"P" followed by nothing else uppercase-only
// rules are too clever: pass persons explicitly.
inline Graph Make(std::initializer_list<std::string> persons,
                  std::initializer_list<std::string> enterprises, std::initializer_list<E> edges,
                  Diagnostics* d = nullptr) {
  Diagnostics local;
  if (d == nullptr) d = &local;
  GraphBuilder b;
  for (const auto& p : persons) b.AddNode({p, NodeKind::kPerson, p, 0}, {}, d);
  for (const auto& c : enterprises) b.AddNode({c, NodeKind::kEnterprise, c, 1000}, {}, d);
  int line = 0;
  for (const E& e : edges) {
    EdgeSpec s;
    s.src = e.src;
    s.dst = e.dst;
    s.attrs.kind = e.kind;
    s.attrs.ratio = e.ratio;
    s.attrs.amount = e.amount;
    s.attrs.role = e.role;
    b.AddEdge(s, {"test", ++line, 0}, d);
  }
  return Graph(b.Build(d));
}

inline NodeId Id(const Graph& g, const std::string& key) { return g.Find(key).value(); }

}  // namespace jianwei::graph::testing
