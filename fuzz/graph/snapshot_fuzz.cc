// Snapshot bodies garbled by the fuzzer: opened without verification (the O(1) open),
// every query must stay in bounds; verification must refuse any change it can see.
// The first input byte picks the mode: raw bytes as a whole buffer (the header checks),
// or the input XORed into the body of a small valid snapshot.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include "jianwei/graph/circles.h"
#include "jianwei/graph/related.h"
#include "jianwei/graph/risk.h"

namespace {

using namespace jianwei::graph;

const std::vector<uint64_t>& Golden() {
  static const std::vector<uint64_t> words = [] {
    GraphBuilder b;
    jianwei::Diagnostics d;
    for (const char* k : {"P", "Q"}) b.AddNode({k, NodeKind::kPerson, k, 0}, {}, &d);
    for (const char* k : {"A", "B", "C"}) b.AddNode({k, NodeKind::kEnterprise, k, 10}, {}, &d);
    b.AddNode({"phone", NodeKind::kPhone, "", 0}, {}, &d);
    const char* holdings[][2] = {{"P", "A"}, {"B", "A"}, {"A", "B"}, {"Q", "B"}, {"B", "C"}};
    for (auto& h : holdings) {
      EdgeSpec e{h[0], h[1], {}, ""};
      e.attrs.ratio = 0.3;
      b.AddEdge(e, {}, &d);
    }
    EdgeSpec g{"C", "A", {}, ""};
    g.attrs.kind = EdgeKind::kGuarantee;
    g.attrs.amount = 5;
    b.AddEdge(g, {}, &d);
    for (const char* k : {"P", "Q"}) {
      EdgeSpec c{k, "phone", {}, ""};
      c.attrs.kind = EdgeKind::kUsesContact;
      b.AddEdge(c, {}, &d);
    }
    b.AddEvent({"C", EventType::kDefault, 10, 4}, {}, &d);
    auto s = b.Build(&d);
    // The raw bytes, through a file (the only way a snapshot hands them out).
    const std::string path = "/tmp/jianwei_graph_fuzz_golden_" + std::to_string(getpid()) + ".jwg";
    std::string err;
    std::vector<uint64_t> w(s->byte_size() / 8);
    if (s->Write(path, &err)) {
      std::ifstream in(path, std::ios::binary);
      in.read(reinterpret_cast<char*>(w.data()), static_cast<std::streamsize>(w.size() * 8));
      std::remove(path.c_str());
    }
    return w;
  }();
  return words;
}

void Query(const Graph& g) {
  PprWorkspace ws;
  for (NodeId v = 0; v < g.node_count() && v < 8; ++v) {
    BeneficialOwners(g, v);
    RelatedParties(g, v);
    RingOf(g, v, {});
    GuaranteesAround(g, v);
    RiskRank(g, v, {}, &ws);
    (void)g.Find(g.key(v));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  std::vector<uint64_t> words;
  if (data[0] & 1) {
    words.assign((size + 7) / 8, 0);
    std::memcpy(words.data(), data, size);
  } else {
    words = Golden();
    const size_t body =
        40;  // header words (layout::kHeaderWords) stay intact: the O(1) open accepts it
    for (size_t i = 1; i + 9 <= size && words.size() > body; i += 9) {
      uint64_t x;
      std::memcpy(&x, data + i + 1, 8);
      words[body + data[i] % (words.size() - body)] ^= x;
    }
  }
  auto snap = Snapshot::FromBuffer(std::move(words), /*verify=*/false);
  if (!snap.ok()) return 0;
  (void)(*snap)->Verify();
  Query(Graph(*snap));
  return 0;
}
