// CSV / JSONL bulk loader (format in docs/graph.md).
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>

#include "csv_reader.h"
#include "jianwei/graph/loader.h"

namespace jianwei::graph {
namespace {

// One input record, whatever the file format: field name → text.
class Row {
 public:
  virtual ~Row() = default;
  virtual std::optional<std::string> Get(std::string_view field) const = 0;
};

class CsvRow : public Row {
 public:
  explicit CsvRow(const CsvReader& r) : r_(r) {}
  std::optional<std::string> Get(std::string_view field) const override {
    const int c = r_.Column(field);
    if (c < 0 || static_cast<size_t>(c) >= r_.fields().size()) return std::nullopt;
    if (r_.fields()[c].empty()) return std::nullopt;
    return r_.fields()[c];
  }

 private:
  const CsvReader& r_;
};

class JsonRow : public Row {
 public:
  explicit JsonRow(const nlohmann::json& j) : j_(j) {}
  std::optional<std::string> Get(std::string_view field) const override {
    auto it = j_.find(std::string(field));
    if (it == j_.end() || it->is_null()) return std::nullopt;
    if (it->is_string()) return it->get<std::string>();
    return it->dump();
  }

 private:
  const nlohmann::json& j_;
};

using RowFn = std::function<void(const Row&, const SourceLocation&)>;

bool EndsWith(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// Streams every record of `path` to `fn`; reports unreadable files and bad JSON lines.
void ForEachRow(const std::string& path, const std::vector<std::string_view>& required,
                Diagnostics* d, const RowFn& fn) {
  if (EndsWith(path, ".jsonl")) {
    std::ifstream in(path);
    if (!in) {
      d->Error({path, 0, 0}, "cannot open file");
      return;
    }
    std::string text;
    int line = 0;
    while (std::getline(in, text)) {
      ++line;
      if (text.find_first_not_of(" \t\r") == std::string::npos) continue;
      nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
      if (j.is_discarded() || !j.is_object()) {
        d->Error({path, line, 0}, "not a JSON object: rejected");
        continue;
      }
      fn(JsonRow(j), {path, line, 0});
    }
    return;
  }
  CsvReader r(path, ',');
  if (!r.ok()) {
    d->Error({path, 0, 0}, "cannot open file or missing header");
    return;
  }
  for (std::string_view col : required) {
    if (r.Column(col) < 0) {
      d->Error({path, 1, 0}, "missing column '" + std::string(col) + "'");
      return;
    }
  }
  while (r.Next()) {
    if (r.fields().size() != r.header().size()) {
      d->Error({path, r.line(), 0}, "expected " + std::to_string(r.header().size()) +
                                        " fields, found " + std::to_string(r.fields().size()) +
                                        ": rejected");
      continue;
    }
    fn(CsvRow(r), {path, r.line(), 0});
  }
}

bool ParseNumber(const std::optional<std::string>& s, double* out) {
  if (!s) return true;  // absent: keep the default
  const char* b = s->data();
  const char* e = b + s->size();
  auto [p, ec] = std::from_chars(b, e, *out);
  return ec == std::errc() && p == e;
}

bool ParseDate(const std::optional<std::string>& s, Day* out) {
  if (!s) return true;
  auto d = ParseDay(*s);
  if (!d) return false;
  *out = *d;
  return true;
}

void LoadNodes(const std::string& path, GraphBuilder* b, Diagnostics* d) {
  ForEachRow(path, {"id", "kind"}, d, [&](const Row& row, const SourceLocation& loc) {
    NodeSpec n;
    auto id = row.Get("id");
    auto kind = row.Get("kind");
    auto k = kind ? ParseNodeKind(*kind) : std::nullopt;
    if (!id || !k) {
      d->Error(loc, "node needs an id and a known kind: rejected");
      return;
    }
    n.key = *id;
    n.kind = *k;
    n.name = row.Get("name").value_or("");
    if (!ParseNumber(row.Get("capital"), &n.capital)) {
      d->Error(loc, "node '" + n.key + "': capital is not a number: rejected");
      return;
    }
    b->AddNode(n, loc, d);
  });
}

void LoadEdges(const std::string& path, GraphBuilder* b, Diagnostics* d) {
  ForEachRow(path, {"src", "dst", "kind"}, d, [&](const Row& row, const SourceLocation& loc) {
    EdgeSpec e;
    auto src = row.Get("src"), dst = row.Get("dst"), kind = row.Get("kind");
    auto k = kind ? ParseEdgeKind(*kind) : std::nullopt;
    if (!src || !dst || !k) {
      d->Error(loc, "edge needs src, dst and a known kind: rejected");
      return;
    }
    e.src = *src;
    e.dst = *dst;
    e.attrs.kind = *k;
    if (auto role = row.Get("role")) {
      auto r = ParseRole(*role);
      if (!r) {
        d->Error(loc, "unknown role '" + *role + "': rejected");
        return;
      }
      e.attrs.role = *r;
    }
    if (!ParseNumber(row.Get("ratio"), &e.attrs.ratio) ||
        !ParseNumber(row.Get("amount"), &e.attrs.amount) ||
        !ParseNumber(row.Get("balance"), &e.attrs.balance)) {
      d->Error(loc, "edge " + e.src + " -> " + e.dst + ": ratio/amount/balance is not a number: rejected");
      return;
    }
    if (!ParseDate(row.Get("from"), &e.attrs.from) || !ParseDate(row.Get("to"), &e.attrs.to)) {
      d->Error(loc, "edge " + e.src + " -> " + e.dst + ": bad date (want YYYY-MM-DD): rejected");
      return;
    }
    e.loan = row.Get("loan").value_or("");
    b->AddEdge(e, loc, d);
  });
}

void LoadEvents(const std::string& path, GraphBuilder* b, Diagnostics* d) {
  ForEachRow(path, {"node", "type", "date"}, d, [&](const Row& row, const SourceLocation& loc) {
    EventSpec ev;
    auto node = row.Get("node"), type = row.Get("type"), date = row.Get("date");
    auto t = type ? ParseEventType(*type) : std::nullopt;
    auto day = date ? ParseDay(*date) : std::nullopt;
    if (!node || !t || !day) {
      d->Error(loc, "event needs node, a known type and a date: rejected");
      return;
    }
    ev.node = *node;
    ev.type = *t;
    ev.day = *day;
    double sev = 1;
    if (!ParseNumber(row.Get("severity"), &sev) || sev != std::floor(sev) || sev < 1 || sev > 5) {
      d->Error(loc, "event severity must be an integer 1..5: rejected");
      return;
    }
    ev.severity = static_cast<uint8_t>(sev);
    b->AddEvent(ev, loc, d);
  });
}

std::string Pick(const std::string& dir, const std::string& stem) {
  namespace fs = std::filesystem;
  for (const char* ext : {".csv", ".jsonl"}) {
    fs::path p = fs::path(dir) / (stem + ext);
    if (fs::exists(p)) return p.string();
  }
  return "";
}

}  // namespace

std::shared_ptr<const Snapshot> LoadFiles(const std::string& nodes, const std::string& edges,
                                          const std::string& events, Diagnostics* d) {
  GraphBuilder b;
  if (nodes.empty()) {
    d->Error({}, "no nodes file");
    return nullptr;
  }
  LoadNodes(nodes, &b, d);
  if (!edges.empty()) LoadEdges(edges, &b, d);
  if (!events.empty()) LoadEvents(events, &b, d);
  return b.Build(d);
}

std::shared_ptr<const Snapshot> LoadDirectory(const std::string& dir, Diagnostics* d) {
  const std::string nodes = Pick(dir, "nodes");
  if (nodes.empty()) {
    d->Error({dir, 0, 0}, "no nodes.csv or nodes.jsonl in this directory");
    return nullptr;
  }
  return LoadFiles(nodes, Pick(dir, "edges"), Pick(dir, "events"), d);
}

}  // namespace jianwei::graph
