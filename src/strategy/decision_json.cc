// Decision::ToJson: one line of JSON with a fixed key order, so the same document and
// deployment give byte-identical output (trace timings aside).
#include "jianwei/core/json.h"
#include "jianwei/strategy/engine.h"

namespace jianwei::strategy {

namespace {

std::string Str(std::string_view s) { return jianwei::ToJson(Value(s)); }

std::string Obj(const Context& c) {
  return jianwei::ToJson(Value(std::make_shared<const Context>(c)));
}

}  // namespace

std::string Decision::ToJson(bool with_trace_timings) const {
  std::string out = "{\"outcome\":" + Str(std::string(OutcomeName(outcome)));
  if (!error.empty()) out += ",\"error\":" + Str(error);
  out += ",\"reasons\":[";
  for (size_t i = 0; i < reasons.size(); ++i) {
    const ReasonHit& r = reasons[i];
    if (i) out += ",";
    out += "{\"code\":" + Str(r.code) + ",\"zh\":" + Str(r.zh) + ",\"en\":" + Str(r.en) +
           ",\"step\":" + Str(r.step) + ",\"rule\":" + Str(r.rule) + "}";
  }
  out += "],\"output\":" + Obj(output);
  out += ",\"versions\":{\"package\":" + Str(package_version) + ",\"flow\":" + Str(flow_version) +
         ",\"models\":{";
  for (size_t i = 0; i < model_versions.size(); ++i) {
    if (i) out += ",";
    out += Str(model_versions[i].first) + ":" + Str(model_versions[i].second);
  }
  out += "}}";
  if (!arm.empty()) out += ",\"arm\":" + Str(arm);
  if (now) out += ",\"now\":" + Str(FormatInstant(*now));
  if (!trace.empty()) {
    out += ",\"trace\":[";
    for (size_t i = 0; i < trace.size(); ++i) {
      const StepTrace& t = trace[i];
      if (i) out += ",";
      out += "{\"step\":" + Str(t.step) + ",\"kind\":" + Str(t.kind) + ",\"read\":" + Obj(t.read) +
             ",\"hit\":[";
      for (size_t h = 0; h < t.hit.size(); ++h) out += (h ? "," : "") + Str(t.hit[h]);
      out += "],\"set\":" + Obj(t.set);
      if (with_trace_timings) out += ",\"ns\":" + std::to_string(t.nanoseconds);
      out += "}";
    }
    out += "]";
  }
  out += "}";
  return out;
}

}  // namespace jianwei::strategy
