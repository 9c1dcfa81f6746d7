// Arbitrary bytes as a snapshot buffer: either refused with a diagnostic or safe to query.
#include <cstdint>
#include <cstring>
#include <vector>

#include "jianwei/graph/circles.h"
#include "jianwei/graph/related.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace jianwei::graph;
  std::vector<uint64_t> words((size + 7) / 8, 0);
  if (size) std::memcpy(words.data(), data, size);
  auto snap = Snapshot::FromBuffer(std::move(words));
  if (!snap.ok()) return 0;
  Graph g(*snap);
  for (NodeId v = 0; v < g.node_count() && v < 8; ++v) {
    BeneficialOwners(g, v);
    RelatedParties(g, v);
    RingOf(g, v, {});
    GuaranteesAround(g, v);
  }
  return 0;
}
