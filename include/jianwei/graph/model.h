// The enterprise knowledge graph's vocabulary: node and edge kinds, roles, risk events,
// dates (days since 1970-01-01) and the fixed-size edge record stored in snapshots.
//
// Plain value types; safe to share between threads.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

namespace jianwei::graph {

using NodeId = uint32_t;
using EdgeId = uint32_t;
using Day = int32_t;  // days since 1970-01-01 (proleptic Gregorian)

inline constexpr NodeId kNoNode = std::numeric_limits<NodeId>::max();
inline constexpr Day kMinDay = std::numeric_limits<Day>::min();
inline constexpr Day kMaxDay = std::numeric_limits<Day>::max();
// "As of now": every edge that has not ended (to == kMaxDay) and every event.
inline constexpr Day kLatest = kMaxDay - 1;

enum class NodeKind : uint8_t {
  kPerson = 0,
  kEnterprise,
  kPhone,
  kDevice,
  kAddress,
  kAccount,
  kEmail,
  kLoan,
};
inline constexpr int kNodeKindCount = 8;
inline bool IsContact(NodeKind k) { return k >= NodeKind::kPhone && k <= NodeKind::kEmail; }

enum class EdgeKind : uint8_t {
  kShareholding = 0,   // holder → enterprise; ratio, subscribed amount
  kLegalRep,           // person → enterprise
  kOfficer,            // person → enterprise; role = director / supervisor / senior manager
  kActualController,   // declared actual controller → enterprise
  kGuarantee,          // guarantor → guaranteed party; amount, loan covered
  kLoan,               // borrower → loan node; amount, balance
  kUsesContact,        // person / enterprise / contact → contact point
};
inline constexpr int kEdgeKindCount = 7;

// A set of edge kinds, for traversals.
using EdgeMask = uint32_t;
inline constexpr EdgeMask Mask(EdgeKind k) { return 1u << static_cast<int>(k); }
inline constexpr EdgeMask kAllEdges = (1u << kEdgeKindCount) - 1;

enum class Role : uint8_t { kNone = 0, kDirector, kSupervisor, kSeniorManager };

enum class EventType : uint8_t {
  kDefault = 0,
  kOverdue,
  kLitigation,
  kEnforcement,
  kBlacklist,
  kAbnormalOperation,
  kTaxViolation,
};
inline constexpr int kEventTypeCount = 7;

// One edge as stored in a snapshot (48 bytes, trivially copyable). Valid on the days
// [from, to); to == kMaxDay means "still in force".
struct Edge {
  NodeId src = kNoNode;
  NodeId dst = kNoNode;
  Day from = kMinDay;
  Day to = kMaxDay;
  NodeId loan = kNoNode;  // guarantee: the loan node it covers, if known
  EdgeKind kind = EdgeKind::kShareholding;
  Role role = Role::kNone;
  uint16_t reserved = 0;
  double ratio = 0;    // shareholding: fraction in [0, 1]
  double amount = 0;   // subscribed / guaranteed / loan amount
  double balance = 0;  // loan: outstanding balance
  bool ActiveOn(Day d) const { return from <= d && d < to; }
};
static_assert(sizeof(Edge) == 48);

struct Event {
  NodeId node = kNoNode;
  Day day = 0;
  EventType type = EventType::kDefault;
  uint8_t severity = 1;  // 1 (minor) .. 5 (severe)
  uint16_t reserved = 0;
};
static_assert(sizeof(Event) == 12);

std::string_view ToString(NodeKind k);
std::string_view ToString(EdgeKind k);
std::string_view ToString(Role r);
std::string_view ToString(EventType t);
std::optional<NodeKind> ParseNodeKind(std::string_view s);
std::optional<EdgeKind> ParseEdgeKind(std::string_view s);
std::optional<Role> ParseRole(std::string_view s);
std::optional<EventType> ParseEventType(std::string_view s);

// "YYYY-MM-DD", optionally followed by 'T' or ' ' and a time (ignored).
std::optional<Day> ParseDay(std::string_view s);
Day DayFromCivil(int year, int month, int day);
std::string FormatDay(Day d);  // "YYYY-MM-DD"; "" for kMinDay / kMaxDay

}  // namespace jianwei::graph
