// LDBC FinBench snapshot loader (pipe-separated CSV with headers).
#include <charconv>
#include <filesystem>
#include <set>
#include <unordered_map>

#include "csv_reader.h"
#include "jianwei/graph/loader.h"

namespace jianwei::graph {
namespace {

struct Ctx {
  std::string dir;
  GraphBuilder b;
  Diagnostics* d;
  std::unordered_map<std::string, std::pair<double, double>> loans;  // key → amount, balance
  std::unordered_map<std::string, double> borrowed;                  // borrower → balance
};

// Calls fn(reader, columns) for each record; columns are looked up once.
template <typename F>
void Each(Ctx& c, const std::string& file, std::vector<std::string_view> cols, F&& fn) {
  const std::string path = (std::filesystem::path(c.dir) / file).string();
  CsvReader r(path, '|');
  if (!r.ok()) {
    c.d->Error({path, 0, 0}, "cannot open FinBench file");
    return;
  }
  std::vector<int> idx;
  for (auto col : cols) {
    idx.push_back(r.Column(col));
    if (idx.back() < 0) {
      c.d->Error({path, 1, 0}, "missing column '" + std::string(col) + "'");
      return;
    }
  }
  while (r.Next()) {
    if (r.fields().size() != r.header().size()) {
      c.d->Error({path, r.line(), 0}, "wrong number of fields: rejected");
      continue;
    }
    std::vector<std::string_view> v;
    for (int i : idx) v.push_back(r.Get(i));
    fn(v, SourceLocation{path, r.line(), 0});
  }
}

double Num(std::string_view s, bool* ok) {
  double x = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), x);
  *ok = ec == std::errc() && p == s.data() + s.size();
  return x;
}

std::string K(const char* prefix, std::string_view id) { return std::string(prefix) + std::string(id); }

void Nodes(Ctx& c, const std::string& file, const char* id_col, const char* name_col,
           const char* prefix, NodeKind kind) {
  Each(c, file, {id_col, name_col, "isBlocked", "createTime"},
       [&](const std::vector<std::string_view>& v, const SourceLocation& loc) {
         NodeSpec n{K(prefix, v[0]), kind, std::string(v[1]), 0};
         if (kind == NodeKind::kPhone && v[1] != "PHONE") n.kind = NodeKind::kDevice;
         if (!c.b.AddNode(n, loc, c.d)) return;
         if (v[2] == "true") {
           EventSpec ev{n.key, EventType::kBlacklist, ParseDay(v[3]).value_or(0), 3};
           c.b.AddEvent(ev, loc, c.d);
         }
       });
}

}  // namespace

std::shared_ptr<const Snapshot> LoadFinBench(const std::string& dir, Diagnostics* d) {
  Ctx c{dir, {}, d, {}, {}};
  Nodes(c, "Person.csv", "personId", "personName", "person:", NodeKind::kPerson);
  Nodes(c, "Company.csv", "companyId", "companyName", "company:", NodeKind::kEnterprise);
  Nodes(c, "Account.csv", "accountId", "accoutType", "account:", NodeKind::kAccount);
  Nodes(c, "Medium.csv", "mediumId", "mediumType", "medium:", NodeKind::kPhone);
  Each(c, "Loan.csv", {"loanId", "loanAmount", "balance"},
       [&](const std::vector<std::string_view>& v, const SourceLocation& loc) {
         bool ok1 = false, ok2 = false;
         const double amount = Num(v[1], &ok1), balance = Num(v[2], &ok2);
         if (!ok1 || !ok2) {
           d->Error(loc, "loan amount or balance is not a number: rejected");
           return;
         }
         NodeSpec n{K("loan:", v[0]), NodeKind::kLoan, "", amount};
         if (c.b.AddNode(n, loc, d)) c.loans[n.key] = {amount, balance};
       });
  auto apply = [&](const char* file, const char* id_col, const char* prefix) {
    Each(c, file, {id_col, "loanId", "createTime"},
         [&](const std::vector<std::string_view>& v, const SourceLocation& loc) {
           EdgeSpec e{K(prefix, v[0]), K("loan:", v[1]), {}, ""};
           e.attrs.kind = EdgeKind::kLoan;
           e.attrs.from = ParseDay(v[2]).value_or(kMinDay);
           auto it = c.loans.find(e.dst);
           if (it != c.loans.end()) {
             e.attrs.amount = it->second.first;
             e.attrs.balance = it->second.second;
           }
           if (c.b.AddEdge(e, loc, d)) c.borrowed[e.src] += e.attrs.balance;
         });
  };
  apply("PersonApplyLoan.csv", "personId", "person:");
  apply("CompanyApplyLoan.csv", "companyId", "company:");
  auto invest = [&](const char* file, const char* prefix) {
    Each(c, file, {"investorId", "companyId", "ratio", "createTime"},
         [&](const std::vector<std::string_view>& v, const SourceLocation& loc) {
           bool ok = false;
           EdgeSpec e{K(prefix, v[0]), K("company:", v[1]), {}, ""};
           e.attrs.kind = EdgeKind::kShareholding;
           e.attrs.ratio = Num(v[2], &ok);
           e.attrs.from = ParseDay(v[3]).value_or(kMinDay);
           if (!ok) {
             d->Error(loc, "ratio is not a number: rejected");
             return;
           }
           c.b.AddEdge(e, loc, d);
         });
  };
  invest("PersonInvestCompany.csv", "person:");
  invest("CompanyInvestCompany.csv", "company:");
  auto guarantee = [&](const char* file, const char* prefix) {
    Each(c, file, {"fromId", "toId", "createTime"},
         [&](const std::vector<std::string_view>& v, const SourceLocation& loc) {
           EdgeSpec e{K(prefix, v[0]), K(prefix, v[1]), {}, ""};
           e.attrs.kind = EdgeKind::kGuarantee;
           e.attrs.from = ParseDay(v[2]).value_or(kMinDay);
           auto it = c.borrowed.find(e.dst);
           e.attrs.amount = it == c.borrowed.end() ? 0 : it->second;
           c.b.AddEdge(e, loc, d);
         });
  };
  guarantee("PersonGuaranteePerson.csv", "person:");
  guarantee("CompanyGuaranteeCompany.csv", "company:");
  auto own = [&](const char* file, const char* id_col, const char* prefix) {
    Each(c, file, {id_col, "accountId", "createTime"},
         [&](const std::vector<std::string_view>& v, const SourceLocation& loc) {
           EdgeSpec e{K(prefix, v[0]), K("account:", v[1]), {}, ""};
           e.attrs.kind = EdgeKind::kUsesContact;
           e.attrs.from = ParseDay(v[2]).value_or(kMinDay);
           c.b.AddEdge(e, loc, d);
         });
  };
  own("PersonOwnAccount.csv", "personId", "person:");
  own("CompanyOwnAccount.csv", "companyId", "company:");
  // Repeated sign-ins of one medium to one account are one contact, not duplicates:
  // keep the first (earliest in file order).
  std::set<std::pair<std::string, std::string>> seen;
  Each(c, "MediumSignInAccount.csv", {"mediumId", "accountId", "createTime"},
       [&](const std::vector<std::string_view>& v, const SourceLocation& loc) {
         EdgeSpec e{K("account:", v[1]), K("medium:", v[0]), {}, ""};
         e.attrs.kind = EdgeKind::kUsesContact;
         if (!seen.emplace(e.src, e.dst).second) return;
         e.attrs.from = kMinDay;  // sign-ins are dated individually; the link is timeless
         c.b.AddEdge(e, loc, d);
       });
  return c.b.Build(d);
}

}  // namespace jianwei::graph
