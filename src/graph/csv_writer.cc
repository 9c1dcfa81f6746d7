// Writes a graph in the documented CSV load format.
#include <cstdio>
#include <filesystem>
#include <memory>

#include "jianwei/graph/generator.h"

namespace jianwei::graph {
namespace {

struct FileCloser {
  void operator()(FILE* f) const { std::fclose(f); }
};
using File = std::unique_ptr<FILE, FileCloser>;

// Keys and names are written quoted when they contain a comma or a quote.
void Field(FILE* f, std::string_view s) {
  if (s.find_first_of(",\"\n") == std::string_view::npos) {
    std::fwrite(s.data(), 1, s.size(), f);
    return;
  }
  std::fputc('"', f);
  for (char c : s) {
    if (c == '"') std::fputc('"', f);
    std::fputc(c, f);
  }
  std::fputc('"', f);
}

}  // namespace

bool WriteCsv(const Graph& g, const std::string& dir, std::string* error) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::create_directories(dir, ec);
  File nodes(std::fopen((fs::path(dir) / "nodes.csv").c_str(), "w"));
  File edges(std::fopen((fs::path(dir) / "edges.csv").c_str(), "w"));
  File events(std::fopen((fs::path(dir) / "events.csv").c_str(), "w"));
  if (!nodes || !edges || !events) {
    *error = dir + ": cannot create CSV files";
    return false;
  }
  std::fputs("id,kind,name,capital\n", nodes.get());
  std::fputs("src,dst,kind,role,ratio,amount,balance,from,to,loan\n", edges.get());
  std::fputs("node,type,date,severity\n", events.get());
  for (NodeId v = 0; v < g.node_count(); ++v) {
    Field(nodes.get(), g.key(v));
    std::fprintf(nodes.get(), ",%s,", std::string(ToString(g.kind(v))).c_str());
    Field(nodes.get(), g.name(v));
    std::fprintf(nodes.get(), ",%.17g\n", g.capital(v));
    g.ForEachEvent(v, kMaxDay, [&](const Event& e) {
      Field(events.get(), g.key(v));
      std::fprintf(events.get(), ",%s,%s,%d\n", std::string(ToString(e.type)).c_str(),
                   FormatDay(e.day).c_str(), e.severity);
    });
  }
  for (NodeId v = 0; v < g.node_count(); ++v) {
    auto write = [&](EdgeId, const Edge& e) {
      Field(edges.get(), g.key(e.src));
      std::fputc(',', edges.get());
      Field(edges.get(), g.key(e.dst));
      std::fprintf(edges.get(), ",%s,%s,%.17g,%.17g,%.17g,%s,%s,",
                   std::string(ToString(e.kind)).c_str(), std::string(ToString(e.role)).c_str(),
                   e.ratio, e.amount, e.balance, FormatDay(e.from).c_str(), FormatDay(e.to).c_str());
      if (e.loan != kNoNode) Field(edges.get(), g.key(e.loan));
      std::fputc('\n', edges.get());
    };
    // Every stored edge, whatever its dates (the overlay, if any, is not written).
    if (v < g.snapshot().node_count()) {
      const EdgeId first = g.snapshot().out_begin(v);
      auto es = g.snapshot().out(v);
      for (size_t i = 0; i < es.size(); ++i) {
        if (g.snapshot().Sane(es[i])) write(first + static_cast<EdgeId>(i), es[i]);
      }
    }
  }
  if (std::ferror(nodes.get()) || std::ferror(edges.get()) || std::ferror(events.get())) {
    *error = dir + ": write failed";
    return false;
  }
  return true;
}

}  // namespace jianwei::graph
