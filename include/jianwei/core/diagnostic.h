// Diagnostics: errors and warnings tied to a place in a source file.
//
// Load-time problems (a malformed DMN file, a bad FEEL expression, a wrong CSV row)
// are collected into a Diagnostics list so that a user sees all of them at once, each
// with file, line and column. Evaluation-time faults in FEEL yield null and append a
// Diagnostic (severity kWarning) to the evaluation's sink, as the DMN spec requires.
//
// Thread safety: plain values; a Diagnostics object belongs to one thread at a time.
#pragma once

#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace jianwei {

struct SourceLocation {
  std::string file;  // may be empty for in-memory text
  int line = 0;      // 1-based; 0 when unknown
  int column = 0;    // 1-based; 0 when unknown
};

enum class Severity { kError, kWarning };

struct Diagnostic {
  Severity severity = Severity::kError;
  SourceLocation location;
  std::string message;

  // "file:line:column: error: message" (parts that are unknown are left out).
  std::string ToString() const;
};

class Diagnostics {
 public:
  void Add(Diagnostic d) { items_.push_back(std::move(d)); }
  void Error(SourceLocation loc, std::string message) {
    items_.push_back({Severity::kError, std::move(loc), std::move(message)});
  }
  void Warning(SourceLocation loc, std::string message) {
    items_.push_back({Severity::kWarning, std::move(loc), std::move(message)});
  }
  void Append(const Diagnostics& other) {
    items_.insert(items_.end(), other.items_.begin(), other.items_.end());
  }
  bool HasErrors() const;
  bool empty() const { return items_.empty(); }
  size_t size() const { return items_.size(); }
  const std::vector<Diagnostic>& items() const { return items_; }
  void clear() { items_.clear(); }
  // All diagnostics, one per line.
  std::string ToString() const;

 private:
  std::vector<Diagnostic> items_;
};

// A value or the diagnostics explaining why there is none.
template <typename T>
class Result {
 public:
  Result(T value) : data_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Diagnostics errors) : data_(std::move(errors)) {}  // NOLINT

  bool ok() const { return data_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() { return std::get<0>(data_); }
  const T& value() const { return std::get<0>(data_); }
  T& operator*() { return value(); }
  const T& operator*() const { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  const Diagnostics& errors() const { return std::get<1>(data_); }

 private:
  std::variant<T, Diagnostics> data_;
};

}  // namespace jianwei
