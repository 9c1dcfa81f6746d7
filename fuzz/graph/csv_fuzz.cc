// Arbitrary text as an edges.csv against a fixed nodes.csv: every row is loaded or
// reported, never a crash.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include "jianwei/graph/loader.h"
#include "jianwei/graph/ownership.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace jianwei::graph;
  const std::string dir = "/tmp/jianwei_graph_fuzz_" + std::to_string(getpid());
  static const bool made = [&] {
    std::string cmd = "mkdir -p " + dir;
    return std::system(cmd.c_str()) == 0;
  }();
  if (!made) return 0;
  std::ofstream(dir + "/nodes.csv") << "id,kind\nP,person\nA,enterprise\nB,enterprise\n";
  std::ofstream(dir + "/edges.csv", std::ios::binary)
      << "src,dst,kind,role,ratio,amount,balance,from,to,loan\n"
      << std::string(reinterpret_cast<const char*>(data), size);
  jianwei::Diagnostics d;
  auto snap = LoadDirectory(dir, &d);
  if (snap) IntegratedOwnership(Graph(snap), 1);
  return 0;
}
