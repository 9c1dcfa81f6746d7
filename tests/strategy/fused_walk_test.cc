// The guards the document walk tests (SlotGuard, the loud-slot list of FlatRules::
// Candidates) through the whole engine: the `fused` package has many guard groups on
// one field over two rule sets, `= null` guards, a field with bounds, a nested object,
// and fields the flow writes after the walk (an assign shadowing an input, a rule's set
// action). Values at the guards' bounds, nulls, missing fields, decimals that do not
// round-trip through a double (1E-400, 0.1 plus a tiny part) and wrong types must get
// byte-identical decisions from the compiled and the FEEL-only deployments.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "jianwei/core/json.h"
#include "jianwei/strategy/engine.h"

namespace jianwei::strategy {
namespace {

struct Deployments {
  Deployments() {
    const std::string dir = std::string(JIANWEI_STRATEGY_PACKAGES) + "/fused";
    auto f = Deployment::Load({dir});
    EXPECT_TRUE(f.ok()) << f.errors().ToString();
    LoadOptions feel_only;
    feel_only.fast_predicates = false;
    auto s = Deployment::Load({dir}, feel_only);
    EXPECT_TRUE(s.ok()) << s.errors().ToString();
    if (f.ok() && s.ok()) {
      fast = *f;
      slow = *s;
    }
  }
  std::shared_ptr<const Deployment> fast, slow;
};

// "" leaves the field out.
std::string Document(const std::string& x, const std::string& y, const std::string& w,
                     const std::string& z, const std::string& a, const std::string& b) {
  std::string json = "{\"id\": 1";
  auto add = [&json](const char* name, const std::string& v) {
    if (!v.empty()) json += std::string(", \"") + name + "\": " + v;
  };
  add("x", x);
  add("y", y);
  add("w", w);
  add("z", z);
  std::string inner;
  if (!a.empty()) inner += "\"a\": " + a;
  if (!b.empty()) inner += std::string(inner.empty() ? "" : ", ") + "\"b\": " + b;
  json += ", \"o\": {" + inner + "}}";
  return json;
}

TEST(StrategyFusedWalk, DecisionsEqualFeelOnlyAtGuardBoundsNullsAndCloseDecimals) {
  const Deployments d;
  ASSERT_TRUE(d.fast && d.slow);
  const std::vector<std::string> xs = {"",
                                       "null",
                                       "5",
                                       "5.000000000000000000000000001",
                                       "4.999999999999999999999999999",
                                       "1",
                                       "2",
                                       "3",
                                       "4",
                                       "4.5",
                                       "6",
                                       "2.5",
                                       "2.6",
                                       "4.25",
                                       "4.250000000000000000000000001",
                                       "7",
                                       "8",
                                       "7.5",
                                       "0.1",
                                       "0.1000000000000000000000001",
                                       "0.5",
                                       "1E-400",
                                       "-1E-400",
                                       "1E+300",
                                       "0",
                                       "-1",
                                       "-1.000000000000000000000000001",
                                       "123456789012345678901234.5"};
  const std::vector<std::string> ys = {"",   "null", "2", "5", "5.000000000000000000000000001",
                                       "9.9"};
  const std::vector<std::string> others = {"",       "null", "1",    "1.000000000000000000001",
                                           "5",      "7",    "50",   "50.00000000000000000001",
                                           "1E-400", "101",  "-100", "0"};
  DecideScratch scratch;  // reused, as a serving thread does
  size_t reasons = 0, decisions = 0;
  for (size_t i = 0; i < xs.size(); ++i) {
    for (size_t j = 0; j < ys.size(); ++j) {
      for (size_t k = 0; k < 4; ++k) {
        const size_t n = others.size();
        const std::string w = others[(i + j + k) % n], z = others[(i * 3 + k) % n];
        const std::string a = others[(j * 5 + k) % n], b = others[(i + k * 7) % n];
        const std::string json = Document(xs[i], ys[j], w, z, a, b);
        auto doc = ParseJson(json);
        ASSERT_TRUE(doc.ok() && doc->is_context()) << json;
        const Decision fast = d.fast->Decide("walk", doc->as_context(), scratch);
        const Decision slow = d.slow->Decide("walk", doc->as_context());
        EXPECT_EQ(fast.ToJson(), slow.ToJson()) << json;
        reasons += fast.reasons.size();
        decisions += fast.outcome != Outcome::kError;
      }
    }
  }
  // The rules fire, and z's bounds turn some documents into errors: both compared.
  EXPECT_GT(reasons, 500u);
  EXPECT_GT(decisions, 300u);
}

// A document and the error it must give ("" for none).
struct DocumentCase {
  std::string json, error;
};

TEST(StrategyFusedWalk, WrongTypeIsAnErrorNamingTheFieldPath) {
  const Deployments d;
  ASSERT_TRUE(d.fast && d.slow);
  DecideScratch scratch;
  const std::vector<DocumentCase> cases = {
      {Document("\"five\"", "1", "", "", "", ""), "x: expected number, got string"},
      {Document("1", "true", "", "", "", ""), "y: expected number, got boolean"},
      {Document("1", "1", "", "", "[1]", ""), "o.a: expected number, got list"},
      {Document("1", "1", "", "101", "", ""), "z: 101 is above the maximum 100"},
  };
  for (const DocumentCase& c : cases) {
    auto doc = ParseJson(c.json);
    ASSERT_TRUE(doc.ok() && doc->is_context()) << c.json;
    // A good document first: the scratch then holds its slots and loud list.
    auto good = ParseJson(Document("7", "9.9", "5", "50", "5", "7"));
    ASSERT_TRUE(good.ok());
    EXPECT_NE(d.fast->Decide("walk", good->as_context(), scratch).outcome, Outcome::kError);
    const Decision fast = d.fast->Decide("walk", doc->as_context(), scratch);
    EXPECT_EQ(fast.outcome, Outcome::kError) << c.json;
    EXPECT_EQ(fast.error, c.error) << c.json;
    EXPECT_EQ(fast.ToJson(), d.slow->Decide("walk", doc->as_context()).ToJson()) << c.json;
  }
}

// Fields the flow reads but no rule condition does (u, o.c: an assign) are skipped by the
// filling walk when their value is a number, and undeclared names always; a wrong type
// there is still an error naming the path, and a good document with such entries between
// the others decides as the FEEL-only engine does, with the entry order learned and with
// it changed.
TEST(StrategyFusedWalk, FieldsNoRuleReadsAreStillTypeChecked) {
  const Deployments d;
  ASSERT_TRUE(d.fast && d.slow);
  DecideScratch scratch;
  const std::vector<DocumentCase> cases = {
      {R"({"id": 1, "x": 7, "u": "text", "y": 9.9, "o": {"a": 5, "c": [1], "b": 7}})",
       "u: expected number, got string"},
      {R"({"id": 1, "x": 7, "y": 9.9, "u": 3, "o": {"c": true, "a": 5}})",
       "o.c: expected number, got boolean"},
      {R"({"id": 1, "u": 3, "x": 7, "zz": "t", "y": 9.9, "o": {"c": 1, "a": 5, "q": [1], "b": 7}})",
       ""},
      {R"({"id": 1, "x": 101, "zz": 2, "u": -1, "y": 5, "o": {"a": 5, "c": 1E-400, "b": 8}})", ""},
  };
  for (int round = 0; round < 2; ++round) {
    for (const DocumentCase& c : cases) {
      auto doc = ParseJson(c.json);
      ASSERT_TRUE(doc.ok() && doc->is_context()) << c.json;
      const Decision fast = d.fast->Decide("walk", doc->as_context(), scratch);
      const Decision slow = d.slow->Decide("walk", doc->as_context());
      if (c.error.empty()) {
        EXPECT_NE(fast.outcome, Outcome::kError) << c.json << ": " << fast.error;
      } else {
        EXPECT_EQ(fast.outcome, Outcome::kError) << c.json;
        EXPECT_EQ(fast.error, c.error) << c.json;
      }
      EXPECT_EQ(fast.ToJson(), slow.ToJson()) << c.json;
    }
  }
}

// `json` (an object) with `count` undeclared entries "pad0".."padN" spread between its
// own top-level entries, and as many inside its object "o" when it has one; a payload
// that carries far more than the flow reads makes the check look up the declared
// children instead of walking the entries (validate.cc, CheckByChildren).
// With `long_every` > 0, every long_every-th name is over 15 bytes.
std::string Padded(const std::string& json, int count, int long_every = 0) {
  // The entries, then ", " unless the object they open is empty.
  auto insert_after = [count, long_every](std::string& s, size_t at, const std::string& prefix) {
    std::string entries;
    for (int i = 0; i < count; ++i) {
      const bool long_name = long_every > 0 && i % long_every == 0;
      entries += (i == 0 ? "\"" : ", \"") + prefix + (long_name ? "_with_a_long_name" : "") +
                 std::to_string(i) + "\": " + (i % 3 == 0 ? "\"t\"" : std::to_string(i));
    }
    s.insert(at, s[at] == '}' ? entries : entries + ", ");
  };
  std::string out = json;
  const size_t inner = out.find("\"o\": {");
  if (inner != std::string::npos) insert_after(out, inner + 6, "opad");
  insert_after(out, 1, "pad");
  return out;
}

TEST(StrategyFusedWalk, ObjectsWithManyUndeclaredEntriesDecideAsTheirDeclaredPart) {
  const Deployments d;
  ASSERT_TRUE(d.fast && d.slow);
  DecideScratch scratch;
  const std::vector<std::string> values = {
      "", "null", "5", "5.000000000000000000000000001", "1", "4.25", "7", "1E-400", "50", "101"};
  size_t compared = 0, errors = 0;
  for (size_t i = 0; i < values.size(); ++i) {
    for (size_t j = 0; j < values.size(); ++j) {
      const size_t n = values.size();
      const std::string json =
          Document(values[i], values[j], values[(i + j) % n], values[(i * 3 + j) % n],
                   values[(j * 7) % n], values[(i + 5) % n]);
      auto plain = ParseJson(json);
      auto padded = ParseJson(Padded(json, 40));
      ASSERT_TRUE(plain.ok() && padded.ok()) << json;
      ASSERT_EQ(padded->as_context().size(), plain->as_context().size() + 40);
      const std::string want = d.fast->Decide("walk", plain->as_context(), scratch).ToJson();
      const Decision fast = d.fast->Decide("walk", padded->as_context(), scratch);
      EXPECT_EQ(fast.ToJson(), want) << json;
      EXPECT_EQ(d.slow->Decide("walk", padded->as_context()).ToJson(), want) << json;
      ++compared;
      errors += fast.outcome == Outcome::kError;
    }
  }
  EXPECT_EQ(compared, 100u);
  EXPECT_GT(errors, 0u);  // z above its maximum: the errors are compared too
}

// With more than one wrong value, the error named is the first in the document's order,
// as the entry walk reports it, not the first in the schema's.
TEST(StrategyFusedWalk, ManyUndeclaredEntriesStillNameTheFirstWrongValueInDocumentOrder) {
  const Deployments d;
  ASSERT_TRUE(d.fast && d.slow);
  DecideScratch scratch;
  const std::vector<DocumentCase> cases = {
      {R"({"id": 1, "y": true, "x": "five", "o": {"a": 5}})", "y: expected number, got boolean"},
      {R"({"id": 1, "z": 101, "x": 7, "w": [2], "o": {}})", "z: 101 is above the maximum 100"},
      {R"({"id": 1, "x": 7, "o": {"c": true, "b": 1, "a": [1]}, "y": "t"})",
       "o.c: expected number, got boolean"},
  };
  for (const DocumentCase& c : cases) {
    auto doc = ParseJson(Padded(c.json, 40));
    ASSERT_TRUE(doc.ok() && doc->is_context()) << c.json;
    const Decision fast = d.fast->Decide("walk", doc->as_context(), scratch);
    EXPECT_EQ(fast.outcome, Outcome::kError) << c.json;
    EXPECT_EQ(fast.error, c.error) << c.json;
    EXPECT_EQ(d.slow->Decide("walk", doc->as_context()).error, c.error) << c.json;
  }
}

// Objects of 25 to 31 entries: the context keeps its entries packed (Context::packed,
// over 24 entries) and has too few for a lookup per declared child, so the check walks
// the packed records (validate.cc, FillEntries). Names over 15 bytes, declared and not
// (invoice_amount_last_year, read by a rule; tax_paid_in_the_last_year, by an assign;
// the padding's), numbers without their double (1E-400), nulls, wrong types and
// entries missing from one document to the next must decide exactly as the FEEL-only
// engine does, through one reused scratch.
TEST(StrategyFusedWalk, PackedEntriesDecideAsTheFeelOnlyEngine) {
  const Deployments d;
  ASSERT_TRUE(d.fast && d.slow);
  DecideScratch scratch;
  const std::vector<std::string> values = {"",  "null", "5",      "5.000000000000000000000000001",
                                           "1", "4.25", "4.5",    "4.500000000000000000000000001",
                                           "7", "1E-400", "\"t\"", "101"};
  // Padding with every third name long, so that undeclared long names are walked too.
  auto pad = [](const std::string& json, int count) { return Padded(json, count, 3); };
  const size_t n = values.size();
  size_t compared = 0, errors = 0, reasons = 0;
  for (size_t i = 0; i < n; ++i) {
    for (size_t j = 0; j < n; ++j) {
      std::string json = Document(values[(i + j) % n], values[(i * 5 + j) % n], values[j],
                                  values[(j * 7) % n], values[(i + 3) % n], values[(i + j * 3) % n]);
      // The long-named fields right after "id": present, absent or wrong by turns.
      std::string longs;
      if (!values[i].empty()) longs += ", \"invoice_amount_last_year\": " + values[i];
      if (!values[(i + j) % n].empty())
        longs += ", \"tax_paid_in_the_last_year\": " + values[(i + j) % n];
      json.insert(json.find(", "), longs);
      auto doc = ParseJson(pad(json, 23));
      ASSERT_TRUE(doc.ok() && doc->is_context()) << json;
      const Context& top = doc->as_context();
      ASSERT_GT(top.size(), 24u);
      ASSERT_LT(top.size(), 32u);
      ASSERT_EQ(top.packed().size(), top.size());
      const Decision fast = d.fast->Decide("walk", top, scratch);
      const Decision slow = d.slow->Decide("walk", top);
      EXPECT_EQ(fast.ToJson(), slow.ToJson()) << pad(json, 23);
      ++compared;
      errors += fast.outcome == Outcome::kError;
      reasons += fast.reasons.size();
    }
  }
  EXPECT_EQ(compared, n * n);
  EXPECT_GT(errors, 0u);    // "t" and 101 where numbers are due
  EXPECT_GT(reasons, 50u);  // and rules fire, B11 through the long name among them
  // The errors name the field, a long one too, wherever it stands.
  for (const DocumentCase& c :
       std::vector<DocumentCase>{{R"({"id": 1, "invoice_amount_last_year": "t", "x": 7})",
                                  "invoice_amount_last_year: expected number, got string"},
                                 {R"({"id": 1, "x": 7, "tax_paid_in_the_last_year": [1]})",
                                  "tax_paid_in_the_last_year: expected number, got list"},
                                 {R"({"id": 1, "x": 7, "y": "t", "o": {"a": 1}})",
                                  "y: expected number, got string"}}) {
    auto doc = ParseJson(pad(c.json, 24));
    ASSERT_TRUE(doc.ok() && !doc->as_context().packed().empty()) << c.json;
    const Decision fast = d.fast->Decide("walk", doc->as_context(), scratch);
    EXPECT_EQ(fast.error, c.error) << c.json;
    EXPECT_EQ(fast.ToJson(), d.slow->Decide("walk", doc->as_context()).ToJson()) << c.json;
  }
}

}  // namespace
}  // namespace jianwei::strategy
