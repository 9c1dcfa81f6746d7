// The former ParseJson, verbatim but for the shared LocateByte: nlohmann's SAX parser
// hands over each number's original text, which Decimal::Parse reads exactly; nesting
// is capped at 512.
#include "json_oracle.h"

#include <nlohmann/json.hpp>

#include "jianwei/core/text_position.h"

namespace jianwei {
namespace {

constexpr size_t kMaxDepth = 512;

class Builder {
 public:
  using json = nlohmann::json;
  using number_integer_t = json::number_integer_t;
  using number_unsigned_t = json::number_unsigned_t;
  using number_float_t = json::number_float_t;
  using string_t = json::string_t;
  using binary_t = json::binary_t;

  bool null() { return Put(Value()); }
  bool boolean(bool b) { return Put(Value(b)); }
  bool number_integer(number_integer_t v) { return Put(Value(Decimal::FromInt(v))); }
  bool number_unsigned(number_unsigned_t v) { return Put(Value(Decimal::FromUInt(v))); }
  bool number_float(number_float_t, const string_t& text) {
    std::optional<Decimal> d = Decimal::Parse(text);
    if (!d) {
      error_ = "number out of range: " + text;
      return false;
    }
    return Put(Value(*d));
  }
  bool string(string_t& s) { return Put(Value(std::move(s))); }
  bool binary(binary_t&) { return Put(Value()); }
  bool start_object(size_t) { return Open(false); }
  bool key(string_t& k) {
    frames_.back().key = std::move(k);
    return true;
  }
  bool end_object() { return Close(); }
  bool start_array(size_t) { return Open(true); }
  bool end_array() { return Close(); }
  bool parse_error(size_t position, const std::string&, const nlohmann::detail::exception& ex) {
    error_position_ = position;
    error_ = ex.what();
    // nlohmann's message starts with "[json.exception.parse_error.101] parse error at
    // line 1, column 2: "; keep only the part after the location.
    size_t colon = error_.find(": ");
    if (colon != std::string::npos) error_ = error_.substr(colon + 2);
    return false;
  }

  Value& result() { return result_; }
  const std::string& error() const { return error_; }
  size_t error_position() const { return error_position_; }

 private:
  struct Frame {
    bool is_list;
    List list;
    std::shared_ptr<Context> context;
    std::string key;
  };

  bool Put(Value v) {
    if (frames_.empty()) {
      result_ = std::move(v);
    } else if (frames_.back().is_list) {
      frames_.back().list.push_back(std::move(v));
    } else {
      Frame& f = frames_.back();
      f.context->Set(std::move(f.key), std::move(v));
      f.key.clear();
    }
    return true;
  }
  bool Open(bool is_list) {
    if (frames_.size() >= kMaxDepth) {
      error_ = "nesting deeper than " + std::to_string(kMaxDepth);
      return false;
    }
    frames_.push_back(Frame{is_list, {}, is_list ? nullptr : std::make_shared<Context>(), {}});
    return true;
  }
  bool Close() {
    Frame f = std::move(frames_.back());
    frames_.pop_back();
    if (f.is_list) return Put(Value(std::move(f.list)));
    return Put(Value(std::shared_ptr<const Context>(std::move(f.context))));
  }

  std::vector<Frame> frames_;
  Value result_;
  std::string error_;
  size_t error_position_ = 0;
};

}  // namespace

Result<Value> ParseJsonWithNlohmann(std::string_view text, std::string_view source_name) {
  Builder builder;
  bool ok = nlohmann::json::sax_parse(text.begin(), text.end(), &builder,
                                      nlohmann::json::input_format_t::json, true);
  // nlohmann takes a NUL byte for the end of the input; ParseJson refuses a text that
  // is whole up to one, at the NUL.
  const size_t nul = text.find('\0');
  if (ok && nul != std::string_view::npos) {
    Diagnostics d;
    d.Error(LocateByte(source_name, text, nul),
            "syntax error - unexpected NUL byte; JSON text may not contain one");
    return d;
  }
  if (ok) return std::move(builder.result());
  // Line and column of the byte where parsing stopped.
  size_t pos = builder.error_position();
  if (pos > 0) --pos;
  Diagnostics d;
  d.Error(LocateByte(source_name, text, pos),
          builder.error().empty() ? "invalid JSON" : builder.error());
  return d;
}

}  // namespace jianwei
