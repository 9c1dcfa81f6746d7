#include "jianwei/graph/model.h"

#include <array>
#include <charconv>
#include <cstdio>

namespace jianwei::graph {
namespace {

constexpr std::array<std::string_view, kNodeKindCount> kNodeKindNames = {
    "person", "enterprise", "phone", "device", "address", "account", "email", "loan"};
constexpr std::array<std::string_view, kEdgeKindCount> kEdgeKindNames = {
    "shareholding", "legal_rep", "officer", "actual_controller",
    "guarantee",    "loan",      "uses_contact"};
constexpr std::array<std::string_view, 4> kRoleNames = {"", "director", "supervisor",
                                                        "senior_manager"};
constexpr std::array<std::string_view, kEventTypeCount> kEventNames = {
    "default",     "overdue",   "litigation",   "enforcement",
    "blacklist",   "abnormal_operation", "tax_violation"};

template <typename E, size_t N>
std::optional<E> Find(const std::array<std::string_view, N>& names, std::string_view s) {
  for (size_t i = 0; i < N; ++i) {
    if (names[i] == s) return static_cast<E>(i);
  }
  return std::nullopt;
}

bool ParseInt(std::string_view s, int* out) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && p == s.data() + s.size();
}

}  // namespace

std::string_view ToString(NodeKind k) { return kNodeKindNames[static_cast<int>(k)]; }
std::string_view ToString(EdgeKind k) { return kEdgeKindNames[static_cast<int>(k)]; }
std::string_view ToString(Role r) { return kRoleNames[static_cast<int>(r)]; }
std::string_view ToString(EventType t) { return kEventNames[static_cast<int>(t)]; }
std::optional<NodeKind> ParseNodeKind(std::string_view s) {
  if (s == "company") return NodeKind::kEnterprise;
  return Find<NodeKind>(kNodeKindNames, s);
}
std::optional<EdgeKind> ParseEdgeKind(std::string_view s) {
  return Find<EdgeKind>(kEdgeKindNames, s);
}
std::optional<Role> ParseRole(std::string_view s) { return Find<Role>(kRoleNames, s); }
std::optional<EventType> ParseEventType(std::string_view s) {
  return Find<EventType>(kEventNames, s);
}

// Howard Hinnant's days_from_civil.
Day DayFromCivil(int y, int m, int d) {
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int>(doe) - 719468;
}

std::optional<Day> ParseDay(std::string_view s) {
  if (s.size() < 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  if (s.size() > 10 && s[10] != 'T' && s[10] != ' ') return std::nullopt;
  int y = 0, m = 0, d = 0;
  if (!ParseInt(s.substr(0, 4), &y) || !ParseInt(s.substr(5, 2), &m) ||
      !ParseInt(s.substr(8, 2), &d)) {
    return std::nullopt;
  }
  static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12 || d < 1 || d > kDays[m - 1]) return std::nullopt;
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (m == 2 && d == 29 && !leap) return std::nullopt;
  return DayFromCivil(y, m, d);
}

std::string FormatDay(Day z) {
  if (z == kMinDay || z == kMaxDay) return "";
  z += 719468;
  const int era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int y0 = static_cast<int>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  const int y = y0 + (m <= 2);
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", y, m, d);
  return buf;
}

}  // namespace jianwei::graph
