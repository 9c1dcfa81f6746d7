// Synthetic graph generator with injected ground truth.
#include "jianwei/graph/generator.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

namespace jianwei::graph {
namespace {

// xoshiro256** seeded by splitmix64: fast, deterministic, no global state.
class Rng {
 public:
  explicit Rng(uint64_t seed) {
    for (auto& x : s_) {
      seed += 0x9e3779b97f4a7c15ull;
      uint64_t z = seed;
      z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
      z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
      x = z ^ (z >> 31);
    }
  }
  uint64_t Next() {
    const uint64_t r = Rotl(s_[1] * 5, 7) * 9, t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = Rotl(s_[3], 45);
    return r;
  }
  double Uniform() { return (Next() >> 11) * 0x1.0p-53; }
  size_t Below(size_t n) { return n == 0 ? 0 : static_cast<size_t>(Uniform() * n); }
  bool Chance(double p) { return Uniform() < p; }

 private:
  static uint64_t Rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  uint64_t s_[4];
};

std::string Key(char prefix, size_t i) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%c%zu", prefix, i);
  return buf;
}
std::string Key2(const char* prefix, size_t i, size_t j) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%s%zu_%zu", prefix, i, j);
  return buf;
}

}  // namespace

std::string GroundTruth::ToJson() const {
  nlohmann::json j;
  j["cross_holdings"] = cross_holdings;
  j["guarantee_circles"] = guarantee_circles;
  j["fraud_rings"] = fraud_rings;
  j["persons"] = persons;
  j["enterprises"] = enterprises;
  j["nodes"] = nodes;
  j["edges"] = edges;
  return j.dump(1);
}

std::shared_ptr<const Snapshot> GenerateGraph(const GeneratorOptions& o, GroundTruth* truth) {
  Rng rng(o.seed);
  GraphBuilder b;
  const size_t n = std::max<size_t>(o.enterprises, 10);
  const size_t persons = n + n / 5;
  b.Reserve(n * 4, n * 10);
  // Node ids: enterprises [0, n), persons [n, n + persons), then the rest as created.
  for (size_t i = 0; i < n; ++i) {
    const double capital = std::round(1e5 * std::exp(3 * rng.Uniform()));
    b.AddNodeUnchecked(NodeKind::kEnterprise, Key('E', i), "", capital);
  }
  for (size_t i = 0; i < persons; ++i) b.AddNodeUnchecked(NodeKind::kPerson, Key('P', i), "", 0);
  const NodeId person0 = static_cast<NodeId>(n);
  auto skewed_person = [&] {
    const double u = rng.Uniform();
    return person0 + static_cast<NodeId>(std::min<double>(persons - 1, persons * u * u));
  };
  const size_t hubs = std::max<size_t>(1, n / 20000);
  std::vector<NodeId> hub_address;
  for (size_t h = 0; h < hubs; ++h) {
    hub_address.push_back(b.AddNodeUnchecked(NodeKind::kAddress, Key('H', h), "registered agent", 0));
  }
  auto date = [&](int years_back) {
    return static_cast<Day>(o.today - 1 - static_cast<Day>(rng.Below(365 * years_back)));
  };
  auto edge = [&](NodeId s, NodeId t, EdgeKind k, double ratio, double amount, double balance, Day from) {
    Edge e;
    e.src = s;
    e.dst = t;
    e.kind = k;
    e.ratio = ratio;
    e.amount = amount;
    e.balance = balance;
    e.from = from;
    return e;
  };
  size_t edges = 0;
  auto add = [&](const Edge& e) {
    b.AddEdgeUnchecked(e);
    ++edges;
  };
  auto is_member = [](size_t i) { return i % 1000 < 5; };
  size_t loans = 0, contacts = 0;
  std::vector<NodeId> group;
  for (size_t i = 0; i < n; ++i) {
    const NodeId e = static_cast<NodeId>(i);
    // Shareholders.
    const size_t k = 1 + std::min<size_t>(11, static_cast<size_t>(-std::log(1 - rng.Uniform()) * 3.0));
    std::vector<NodeId> holders;
    for (size_t h = 0; h < k; ++h) {
      NodeId x = (i > 0 && rng.Chance(0.2)) ? static_cast<NodeId>(i - 1 - rng.Below(std::min<size_t>(i, 5000)))
                                            : skewed_person();
      if (std::find(holders.begin(), holders.end(), x) == holders.end()) holders.push_back(x);
    }
    std::vector<double> w(holders.size());
    double sum = 0;
    for (double& x : w) sum += (x = 0.05 + rng.Uniform());
    const double total = is_member(i) ? 0.6 : (rng.Chance(0.85) ? 1.0 : 0.5 + 0.5 * rng.Uniform());
    for (size_t h = 0; h < holders.size(); ++h) {
      add(edge(holders[h], e, EdgeKind::kShareholding, w[h] / sum * total, 0, 0, date(15)));
    }
    // People in roles: the largest person holder is usually the legal representative.
    NodeId rep = skewed_person();
    for (NodeId x : holders) if (x >= person0) { rep = x; break; }
    add(edge(rep, e, EdgeKind::kLegalRep, 0, 0, 0, date(10)));
    Edge sm = edge(rng.Chance(0.5) ? rep : skewed_person(), e, EdgeKind::kOfficer, 0, 0, 0, date(10));
    sm.role = Role::kSeniorManager;
    add(sm);
    for (Role role : {Role::kDirector, Role::kSupervisor}) {
      Edge o = edge(skewed_person(), e, EdgeKind::kOfficer, 0, 0, 0, date(10));
      o.role = role;
      if (o.src != sm.src && rng.Chance(0.8)) add(o);
    }
    // Registered address.
    if (rng.Chance(0.02)) {
      add(edge(e, hub_address[rng.Below(hubs)], EdgeKind::kUsesContact, 0, 0, 0, date(10)));
    } else {
      const NodeId a = b.AddNodeUnchecked(NodeKind::kAddress, Key('A', i), "", 0);
      add(edge(e, a, EdgeKind::kUsesContact, 0, 0, 0, date(10)));
      ++contacts;
    }
    // Loans and guarantees (towards older firms only: acyclic unless injected).
    if (rng.Chance(0.3)) {
      const double amount = std::round(5e4 * std::exp(3 * rng.Uniform()));
      const NodeId l = b.AddNodeUnchecked(NodeKind::kLoan, Key('L', loans++), "", amount);
      add(edge(e, l, EdgeKind::kLoan, 0, amount, std::round(amount * rng.Uniform()), date(3)));
    }
    if (i > 0 && rng.Chance(0.08)) {
      const NodeId t = static_cast<NodeId>(i - 1 - rng.Below(std::min<size_t>(i, 1000)));
      add(edge(e, t, EdgeKind::kGuarantee, 0, std::round(1e4 * std::exp(3 * rng.Uniform())), 0, date(3)));
    }
    if (rng.Chance(0.01)) {
      b.AddEventUnchecked({e, date(3), static_cast<EventType>(rng.Below(kEventTypeCount)),
                           static_cast<uint8_t>(1 + rng.Below(5)), 0});
    }
    // Injected cross-holding group: members get 60% from ordinary holders and up to 40%
    // from the other members.
    if (is_member(i)) group.push_back(e);
    if (i % 1000 == 4 || (i + 1 == n && !group.empty())) {
      if (group.size() >= 2) {
        std::vector<std::string> keys;
        for (size_t a = 0; a < group.size(); ++a) {
          keys.push_back(Key('E', group[a]));
          const NodeId next = group[(a + 1) % group.size()];
          const NodeId skip = group[(a + 2) % group.size()];
          add(edge(group[a], next, EdgeKind::kShareholding, 0.05 + 0.15 * rng.Uniform(), 0, 0, date(5)));
          if (group.size() > 2 && rng.Chance(0.5)) {
            add(edge(group[a], skip, EdgeKind::kShareholding, 0.05 + 0.15 * rng.Uniform(), 0, 0, date(5)));
          }
        }
        if (truth) truth->cross_holdings.push_back(keys);
      }
      group.clear();
    }
    // Injected guarantee circle among distinct firms of the last 500.
    if (i % 500 == 499) {
      const size_t size = 3 + rng.Below(3);
      std::vector<NodeId> c;
      while (c.size() < size) {
        const NodeId x = static_cast<NodeId>(i - rng.Below(500));
        if (std::find(c.begin(), c.end(), x) == c.end()) c.push_back(x);
      }
      std::vector<std::string> keys;
      for (size_t a = 0; a < c.size(); ++a) {
        keys.push_back(Key('E', c[a]));
        add(edge(c[a], c[(a + 1) % c.size()], EdgeKind::kGuarantee, 0,
                 std::round(1e4 * std::exp(3 * rng.Uniform())), 0, date(3)));
      }
      if (truth) truth->guarantee_circles.push_back(keys);
    }
    // Injected fraud ring: fresh applicants chained through shared phones and devices.
    if (i % 2000 == 1999) {
      const size_t size = 4 + rng.Below(5);
      std::vector<NodeId> members;
      std::vector<std::string> keys;
      for (size_t m = 0; m < size; ++m) {
        const std::string key = Key2("R", i, m);
        members.push_back(b.AddNodeUnchecked(NodeKind::kPerson, key, "", 0));
        keys.push_back(key);
      }
      NodeId shared = kNoNode;
      for (size_t m = 0; m < size; ++m) {
        if (m % 3 == 0) {
          shared = b.AddNodeUnchecked(m % 2 ? NodeKind::kDevice : NodeKind::kPhone,
                                      Key2("C", i, m), "", 0);
          ++contacts;
          if (m > 0) add(edge(members[m - 1], shared, EdgeKind::kUsesContact, 0, 0, 0, date(1)));
        }
        add(edge(members[m], shared, EdgeKind::kUsesContact, 0, 0, 0, date(1)));
        const double amount = std::round(2e4 + 8e4 * rng.Uniform());
        const NodeId l = b.AddNodeUnchecked(NodeKind::kLoan, Key('L', loans++), "", amount);
        add(edge(members[m], l, EdgeKind::kLoan, 0, amount, amount,
                 static_cast<Day>(o.today - 1 - rng.Below(20))));
        if (m < 2) b.AddEventUnchecked({members[m], static_cast<Day>(o.today - 1), EventType::kDefault, 5, 0});
      }
      if (truth) truth->fraud_rings.push_back(keys);
    }
  }
  // Ordinary applicants: persons with loans and their own phone.
  for (size_t p = 0; p < persons / 10; ++p) {
    const NodeId who = person0 + static_cast<NodeId>(rng.Below(persons));
    const NodeId ph = b.AddNodeUnchecked(NodeKind::kPhone, Key('T', p), "", 0);
    add(edge(who, ph, EdgeKind::kUsesContact, 0, 0, 0, date(5)));
    const double amount = std::round(1e4 + 1e5 * rng.Uniform());
    const NodeId l = b.AddNodeUnchecked(NodeKind::kLoan, Key('L', loans++), "", amount);
    add(edge(who, l, EdgeKind::kLoan, 0, amount, amount, date(3)));
  }
  if (truth) {
    truth->persons = persons;
    truth->enterprises = n;
    truth->nodes = b.node_count();
    truth->edges = edges;
  }
  (void)contacts;
  Diagnostics d;  // duplicates from random draws are dropped by the builder's policy
  auto snap = b.Build(&d);
  if (truth && snap) truth->edges = snap->edge_count();
  return snap;
}

}  // namespace jianwei::graph
