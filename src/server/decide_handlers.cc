// POST /v1/decide/{flow}[/batch] and GET /v1/decisions/{id}.
//
// A decision is answered only from the decision log's `done` callback, i.e. once its
// record is durable (docs/service.md, "Durability"). Status codes: 200 with the
// Decision JSON for approve/refer/reject; 422 when the document fails the flow's
// schema (wrong type, missing field: outcome `error` naming the field path, logged like
// any decision); 400 when the body is not JSON at all (nothing is decided or logged).
#include <atomic>
#include <chrono>
#include <memory>

#include "jianwei/core/json.h"

#include "handlers.h"
#include "service.h"

namespace jianwei::server {

namespace {

using strategy::Outcome;

struct Decided {
  unsigned status = 200;
  std::string body;
  store::DecisionRecord record;
};

// The decision's as-of instant is the logged one, so replay reproduces it. (Written as a
// template so it compiles before strategy::DecideOptions::now exists: branch strat3.)
template <typename Options>
void SetNow(Options& options, int64_t instant_ns) {
  if constexpr (requires { options.now = std::chrono::system_clock::time_point(); }) {
    options.now = std::chrono::system_clock::time_point(
        std::chrono::duration_cast<std::chrono::system_clock::duration>(
            std::chrono::nanoseconds(instant_ns)));
  }
}

// "enterprise.tax_grade: expected string, got number" -> "enterprise.tax_grade".
std::string FieldOf(const std::string& error) {
  size_t colon = error.find(": ");
  if (colon == std::string::npos || colon == 0) return "";
  std::string_view head(error.data(), colon);
  if (head.find(' ') != std::string_view::npos) return "";
  return std::string(head);
}

Decided DecideOne(Service& s, const Active& active, const std::string& flow, const Value& doc,
                  std::string input_json, bool trace, const store::Principal& who,
                  strategy::DecideScratch* scratch) {
  Decided out;
  strategy::DecideOptions options;
  options.trace = trace;
  int64_t instant = 0;
  std::string id = s.NextDecisionId(&instant);
  SetNow(options, instant);
  store::ServedDecision sd = active.served->Decide(flow, doc.as_context(), options, scratch);
  strategy::Decision& d = sd.decision;
  std::vector<strategy::StepTrace> steps = std::move(d.trace);
  d.trace.clear();
  std::string untraced = d.ToJson();
  std::string traced;  // the answer with its trace, only when one was taken
  std::string trace_json;
  if (!steps.empty()) {
    // ToJson puts the trace last: the traced form is the untraced one plus the trace.
    d.trace = std::move(steps);
    traced = d.ToJson();
    constexpr std::string_view kKey = ",\"trace\":";
    size_t at = untraced.size() - 1 + kKey.size();
    trace_json = traced.substr(at, traced.size() - 1 - at);
  }
  std::string_view decision_json = traced.empty() ? untraced : traced;
  std::string ids =
      "\"decision_id\":" + JsonString(id) + ",\"deployment_id\":" + JsonString(active.id);
  if (d.outcome == Outcome::kError) {
    out.status = 422;
    Response e = ErrorResponse(422, "invalid_document", d.error, FieldOf(d.error));
    e.body.pop_back();  // its closing brace: the ids and the decision go inside
    out.body = std::move(e.body);
    out.body.append(",").append(ids).append(",\"decision\":").append(decision_json).append("}");
  } else {
    out.body.reserve(ids.size() + decision_json.size() + 1);
    out.body.append("{").append(ids).append(",").append(decision_json.substr(1));
  }
  store::DecisionRecord& r = out.record;
  r.id = id;
  r.decided_at_ns = instant;
  r.user = who.user;
  r.flow = flow;
  r.deployment_id = active.id;
  r.package = d.package_version;
  if (sd.arm) r.package_sha256 = sd.arm->package_sha256;
  r.outcome = std::string(strategy::OutcomeName(d.outcome));
  r.input_json = std::move(input_json);
  r.output_json = std::move(untraced);
  r.trace_json = std::move(trace_json);
  s.metrics().CountDecision(flow, static_cast<int>(d.outcome));
  return out;
}

// The checks shared by both forms; null when the request can go on.
std::shared_ptr<const Active> ActiveFor(Service& s, Exchange& ex, const std::string& flow) {
  std::shared_ptr<const Active> active = s.active();
  if (!active) {
    ex.reply(ErrorResponse(503, "no_deployment", "no deployment is active"));
    return nullptr;
  }
  if (!active->flows.count(flow)) {
    std::string known;
    for (const std::string& f : active->flows) known += (known.empty() ? "" : ", ") + f;
    ex.reply(ErrorResponse(
        404, "unknown_flow",
        "no flow '" + flow + "' in deployment " + active->id + " (flows: " + known + ")", "flow"));
    return nullptr;
  }
  return active;
}

Result<Value> ParseBody(Exchange& ex) {
  Result<Value> doc = ParseJson(ex.body(), "body");
  if (!doc) {
    const Diagnostic& first = doc.errors().items().front();
    ex.reply(ErrorResponse(400, "malformed_json",
                           "line " + std::to_string(first.location.line) + ", column " +
                               std::to_string(first.location.column) + ": " + first.message));
  }
  return doc;
}

}  // namespace

void HandleDecide(Service& s, Exchange& ex) {
  const std::string& flow = ex.params[0];
  std::shared_ptr<const Active> active = ActiveFor(s, ex, flow);
  if (!active) return;
  Result<Value> doc = ParseBody(ex);
  if (!doc) return;
  if (!doc->is_context()) {
    return ex.reply(ErrorResponse(400, "not_an_object", "the document must be a JSON object"));
  }
  Decided d = DecideOne(s, *active, flow, *doc, std::string(ex.body()), ex.Query("trace") == "true",
                        ex.principal, ex.scratch);
  if (!s.options().decision_log) return ex.reply({d.status, std::move(d.body)});
  Metrics& m = s.metrics();
  m.log_queue_depth().fetch_add(1, std::memory_order_relaxed);
  auto start = std::chrono::steady_clock::now();
  s.store().decisions().Append(
      std::move(d.record),
      [&m, start, reply = std::move(ex.reply), status = d.status, body = std::move(d.body)](
          bool durable, std::string_view error) mutable {
        m.commit_latency().Observe(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                       std::chrono::steady_clock::now() - start)
                                       .count());
        if (durable) {
          reply({status, std::move(body)});
        } else {
          reply(ErrorResponse(503, "log_unavailable",
                              "the decision could not be logged: " + std::string(error)));
        }
        m.log_queue_depth().fetch_sub(1, std::memory_order_relaxed);
      });
}

void HandleDecideBatch(Service& s, Exchange& ex) {
  const std::string& flow = ex.params[0];
  std::shared_ptr<const Active> active = ActiveFor(s, ex, flow);
  if (!active) return;
  Result<Value> doc = ParseBody(ex);
  if (!doc) return;
  if (!doc->is_list()) {
    return ex.reply(ErrorResponse(400, "not_an_array", "the batch body must be a JSON array"));
  }
  const auto& items = doc->as_list();
  if (items.size() > s.options().max_batch) {
    return ex.reply(ErrorResponse(413, "batch_too_large",
                                  std::to_string(items.size()) + " documents; at most " +
                                      std::to_string(s.options().max_batch) + " per batch"));
  }
  struct Batch {
    std::vector<std::string> bodies;
    std::atomic<size_t> left{0};
    std::atomic<bool> failed{false};
    Reply reply;
  };
  auto batch = std::make_shared<Batch>();
  batch->bodies.resize(items.size());
  batch->reply = std::move(ex.reply);
  std::vector<store::DecisionRecord> records;
  bool trace = ex.Query("trace") == "true";
  for (size_t i = 0; i < items.size(); ++i) {
    if (!items[i].is_context()) {
      batch->bodies[i] = ErrorResponse(422, "not_an_object",
                                       "element " + std::to_string(i) + " is not a JSON object",
                                       "[" + std::to_string(i) + "]")
                             .body;
      continue;
    }
    Decided d =
        DecideOne(s, *active, flow, items[i], ToJson(items[i]), trace, ex.principal, ex.scratch);
    batch->bodies[i] = std::move(d.body);
    records.push_back(std::move(d.record));
  }
  auto finish = [](Batch& b) {
    if (b.failed.load()) {
      return b.reply(ErrorResponse(503, "log_unavailable", "the decisions could not be logged"));
    }
    std::string out = "[";
    for (size_t i = 0; i < b.bodies.size(); ++i) out += (i ? "," : "") + b.bodies[i];
    b.reply({200, out + "]"});
  };
  if (!s.options().decision_log || records.empty()) return finish(*batch);
  Metrics& m = s.metrics();
  batch->left = records.size();
  m.log_queue_depth().fetch_add(static_cast<int64_t>(records.size()));
  auto start = std::chrono::steady_clock::now();
  for (store::DecisionRecord& r : records) {
    s.store().decisions().Append(
        std::move(r), [&m, batch, start, finish](bool durable, std::string_view) {
          if (!durable) batch->failed = true;
          m.commit_latency().Observe(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                         std::chrono::steady_clock::now() - start)
                                         .count());
          if (batch->left.fetch_sub(1) == 1) finish(*batch);
          m.log_queue_depth().fetch_sub(1, std::memory_order_relaxed);
        });
  }
}

void HandleGetDecision(Service& s, Exchange& ex) {
  std::optional<store::DecisionRecord> r = s.store().decisions().Find(ex.params[0]);
  bool auditor = store::Has(ex.principal.roles, store::Role::kAudit);
  // A decide-only caller sees only its own records; others' are "not found" so that
  // ids cannot be probed.
  if (!r || (!auditor && r->user != ex.principal.user)) {
    return ex.reply(ErrorResponse(404, "not_found", "no decision " + ex.params[0], "id"));
  }
  auto raw = [](const std::string& json) { return json.empty() ? std::string("null") : json; };
  ex.reply({200, "{\"id\":" + JsonString(r->id) +
                     ",\"decided_at_ns\":" + std::to_string(r->decided_at_ns) +
                     ",\"user\":" + JsonString(r->user) + ",\"flow\":" + JsonString(r->flow) +
                     ",\"deployment_id\":" + JsonString(r->deployment_id) +
                     ",\"package\":" + JsonString(r->package) + ",\"package_sha256\":" +
                     JsonString(r->package_sha256) + ",\"outcome\":" + JsonString(r->outcome) +
                     ",\"input\":" + raw(r->input_json) + ",\"output\":" + raw(r->output_json) +
                     ",\"trace\":" + raw(r->trace_json) + "}"});
}

}  // namespace jianwei::server
