#include "jianwei/core/diagnostic.h"

namespace jianwei {

std::string Diagnostic::ToString() const {
  std::string out;
  if (!location.file.empty()) out += location.file + ":";
  if (location.line > 0) {
    out += std::to_string(location.line) + ":";
    if (location.column > 0) out += std::to_string(location.column) + ":";
  }
  if (!out.empty()) out += " ";
  out += severity == Severity::kError ? "error: " : "warning: ";
  out += message;
  return out;
}

bool Diagnostics::HasErrors() const {
  for (const Diagnostic& d : items_) {
    if (d.severity == Severity::kError) return true;
  }
  return false;
}

std::string Diagnostics::ToString() const {
  std::string out;
  for (const Diagnostic& d : items_) {
    out += d.ToString();
    out += '\n';
  }
  return out;
}

}  // namespace jianwei
