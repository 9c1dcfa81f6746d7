#include "zen_parser.h"

#include <cstdint>
#include <unordered_set>
#include <utility>
#include <vector>

#include "zen_builtins.h"
#include "zen_lexer.h"

namespace jianwei::jdm::zen {
namespace {

class Parser {
 public:
  Parser(std::string_view source, ZenMode mode, int depth, std::vector<std::string> aliases,
         int offset)
      : source_(source),
        mode_(mode),
        depth_(depth),
        aliases_(std::move(aliases)),
        offset_(offset) {}

  NodePtr Run(ParseError* error) {
    std::string message;
    int pos = 0;
    if (!Tokenize(source_, &tokens_, &message, &pos)) {
      *error = {std::move(message), pos + offset_};
      return nullptr;
    }
    for (const auto& t : tokens_)
      if (t.kind == Tok::kOp && t.text == "..") has_range_ = true;
    if (tokens_.size() == 1) return Fail("empty expression");
    NodePtr root = mode_ == ZenMode::kUnary ? UnaryRoot() : Binary(0);
    if (root && cur().kind != Tok::kEnd)
      root = Fail("unexpected '" + std::string(cur().text) + "'");
    if (!root) {
      *error = {error_, error_pos_ + offset_};
      return nullptr;
    }
    return root;
  }

 private:
  const Token& cur() const { return tokens_[pos_]; }
  void next() {
    if (pos_ + 1 < tokens_.size()) ++pos_;
  }
  bool IsOp(std::string_view op) const { return cur().kind == Tok::kOp && cur().text == op; }
  NodePtr Fail(std::string message) {
    if (error_.empty()) {
      error_ = std::move(message);
      error_pos_ = cur().pos;
    }
    return nullptr;
  }
  bool Expect(Tok kind, std::string_view what) {
    if (cur().kind != kind) {
      Fail("expected " + std::string(what));
      return false;
    }
    next();
    return true;
  }
  bool UnaryTop() const { return mode_ == ZenMode::kUnary && nest_ == 0 && depth_ == 0; }

  NodePtr UnaryRoot() {
    NodePtr left = UnaryPair();
    while (left && cur().kind != Tok::kEnd) {
      Op join;
      if (IsOp("and")) {
        join = Op::kAnd;
      } else if (IsOp("or") || IsOp(",")) {
        join = Op::kOr;
      } else {
        return Fail("invalid join operator '" + std::string(cur().text) + "'");
      }
      next();
      NodePtr right = UnaryPair();
      if (!right) return nullptr;
      left = MakeBinary(join, 0, std::move(left), std::move(right));
    }
    return left;
  }

  NodePtr UnaryPair() {
    if (IsComparison(cur())) {
      std::string op(cur().text);
      next();
      NodePtr right = Binary(0);
      if (!right) return nullptr;
      return Combine(op, MakeDollar(), std::move(right));
    }
    NodePtr left = Binary(0);
    if (!left) return nullptr;
    switch (Behaviour(*left)) {
      case UnaryUse::kEqual:
        return MakeBinary(Op::kEqual, 0, MakeDollar(), std::move(left));
      case UnaryUse::kIn:
        return MakeBinary(Op::kIn, 0, MakeDollar(), std::move(left));
      case UnaryUse::kBoolean: {
        auto n = MakeNode(Op::kToBool);
        n->kids.push_back(std::move(left));
        return n;
      }
    }
    return left;
  }

  NodePtr Binary(int precedence) {
    // Bounded recursion: deeply nested input is an error, not a stack overflow.
    struct Guard {
      int& depth;
      explicit Guard(int& d) : depth(++d) {}
      ~Guard() { --depth; }
    } guard(recursion_);
    if (recursion_ > 200) return Fail("expression nested too deeply");
    NodePtr left = UnaryExpr();
    if (!left) return nullptr;
    while (cur().kind == Tok::kOp) {
      if (UnaryTop() && (IsOp(",") || IsOp("and") || IsOp("or"))) break;
      const BinaryOp* op = FindBinary(cur());
      if (!op || op->precedence < precedence) break;
      next();
      NodePtr right = Binary(op->right_assoc ? op->precedence : op->precedence + 1);
      if (!right) return nullptr;
      left = Combine(op->text, std::move(left), std::move(right));
    }
    if (precedence == 0 && IsOp("?")) {
      next();
      ++nest_;
      NodePtr on_true = Binary(0);
      --nest_;
      if (!on_true) return nullptr;
      if (!IsOp(":")) return Fail("expected ':' in conditional");
      next();
      NodePtr on_false = Binary(0);
      if (!on_false) return nullptr;
      auto n = MakeNode(Op::kConditional);
      n->kids.push_back(std::move(left));
      n->kids.push_back(std::move(on_true));
      n->kids.push_back(std::move(on_false));
      return n;
    }
    return left;
  }

  NodePtr UnaryExpr() {
    const Token& t = cur();
    if (t.kind == Tok::kIdent && t.text == "#" && depth_ > 0) {
      next();
      auto n = MakeNode(Op::kPath, static_cast<uint8_t>(Base::kPointer));
      return Postfix(std::move(n));
    }
    if (t.kind == Tok::kOp) {
      if (t.text == "not" || t.text == "!") {
        next();
        NodePtr e = Binary(50);
        if (!e) return nullptr;
        auto n = MakeNode(Op::kNot);
        n->kids.push_back(std::move(e));
        return n;
      }
      if (t.text == "-" || t.text == "+") {
        bool negate = t.text == "-";
        next();
        NodePtr e = Binary(200);
        if (!e) return nullptr;
        if (!negate) return e;
        if (e->op == Op::kLiteral && e->literal.is_number()) {
          e->literal = Value(e->literal.as_number().Negate());
          return e;
        }
        auto n = MakeNode(Op::kNegate);
        n->kids.push_back(std::move(e));
        return n;
      }
      return Fail("unexpected operator '" + std::string(t.text) + "'");
    }
    if (has_range_ &&
        (t.kind == Tok::kLBracket || t.kind == Tok::kLParen || t.kind == Tok::kRBracket)) {
      if (NodePtr interval = TryInterval()) return interval;
      if (!error_.empty()) return nullptr;
    }
    if (t.kind == Tok::kLParen) {
      next();
      ++nest_;
      NodePtr e = Binary(0);
      --nest_;
      if (!e || !Expect(Tok::kRParen, "')'")) return nullptr;
      return Postfix(std::move(e));
    }
    return Literal();
  }

  // An interval is tried first and, when it does not parse, the same tokens are parsed
  // again as an array or a parenthesis. A failed try is remembered by its position (and
  // the state that could change its outcome): otherwise every nesting level doubles the
  // work, and 45 nested '[' took the fuzzer 4 seconds (2^depth tries).
  NodePtr TryInterval() {
    size_t start = pos_;
    const uint64_t attempt = static_cast<uint64_t>(start) |
                             static_cast<uint64_t>(static_cast<uint32_t>(depth_)) << 32 |
                             static_cast<uint64_t>(aliases_.size()) << 56;
    if (failed_intervals_.count(attempt) != 0) return nullptr;
    auto fail = [&]() -> NodePtr {
      pos_ = start;
      error_.clear();
      failed_intervals_.insert(attempt);
      return nullptr;
    };
    bool left_closed = cur().kind == Tok::kLBracket;
    next();
    ++nest_;
    NodePtr low = Binary(0);
    if (!low || !IsOp("..")) {
      --nest_;
      return fail();
    }
    next();
    NodePtr high = Binary(0);
    --nest_;
    Tok k = cur().kind;
    if (!high || (k != Tok::kRBracket && k != Tok::kRParen && k != Tok::kLBracket)) {
      return fail();
    }
    next();
    auto n = MakeNode(Op::kInterval);
    n->left_closed = left_closed;
    n->right_closed = k == Tok::kRBracket;
    n->kids.push_back(std::move(low));
    n->kids.push_back(std::move(high));
    return Postfix(std::move(n));
  }

  NodePtr Literal() {
    const Token& t = cur();
    switch (t.kind) {
      case Tok::kIdent:
        return Identifier();
      case Tok::kNull: {
        next();
        return MakeNode(Op::kLiteral);
      }
      case Tok::kBool: {
        auto n = MakeNode(Op::kLiteral);
        n->literal = Value(t.text == "true");
        next();
        return n;
      }
      case Tok::kNumber: {
        std::string digits;
        for (char c : t.text)
          if (c != '_') digits += c;
        auto d = Decimal::Parse(digits);
        if (!d) return Fail("invalid number '" + std::string(t.text) + "'");
        auto n = MakeNode(Op::kLiteral);
        n->literal = Value(*d);
        next();
        return n;
      }
      case Tok::kString: {
        auto n = MakeNode(Op::kLiteral);
        n->literal = Value(Unescape(t.text));
        next();
        return Postfix(std::move(n));
      }
      case Tok::kTemplate:
        return Template();
      case Tok::kLBracket:
        return Array();
      case Tok::kLBrace:
        return Object();
      case Tok::kEnd:
        return Fail("unexpected end of expression");
      default:
        return Fail("unexpected '" + std::string(t.text) + "'");
    }
  }

  NodePtr Array() {
    next();
    auto n = MakeNode(Op::kArray);
    ++nest_;
    while (cur().kind != Tok::kRBracket) {
      if (!n->kids.empty()) {
        if (!IsOp(",")) return Fail("expected ',' or ']' in array");
        next();
        if (cur().kind == Tok::kRBracket) break;
      }
      NodePtr e = Binary(0);
      if (!e) return nullptr;
      n->kids.push_back(std::move(e));
    }
    --nest_;
    next();
    return Postfix(std::move(n));
  }

  NodePtr Object() {
    next();
    auto n = MakeNode(Op::kObject);
    ++nest_;
    while (cur().kind != Tok::kRBrace) {
      if (!n->kids.empty()) {
        if (!IsOp(",")) return Fail("expected ',' or '}' in object");
        next();
        if (cur().kind == Tok::kRBrace) break;
      }
      const Token& k = cur();
      if (k.kind == Tok::kIdent || k.kind == Tok::kNumber || k.kind == Tok::kBool ||
          k.kind == Tok::kNull) {
        n->keys.emplace_back(k.text);
      } else if (k.kind == Tok::kString) {
        n->keys.push_back(Unescape(k.text));
      } else {
        return Fail("invalid object key");
      }
      next();
      if (!IsOp(":")) return Fail("expected ':' after object key");
      next();
      NodePtr v = Binary(0);
      if (!v) return nullptr;
      n->kids.push_back(std::move(v));
    }
    --nest_;
    next();
    return Postfix(std::move(n));
  }

  NodePtr Template() {
    std::string_view raw = cur().text;
    int base = cur().pos + 1;
    next();
    auto n = MakeNode(Op::kTemplate);
    std::string literal;
    size_t i = 0;
    while (i < raw.size()) {
      if (raw[i] == '$' && i + 1 < raw.size() && raw[i + 1] == '{') {
        size_t j = i + 2;
        int depth = 0;
        while (j < raw.size() && !(raw[j] == '}' && depth == 0)) {
          if (raw[j] == '{') ++depth;
          if (raw[j] == '}') --depth;
          if (raw[j] == '\'' || raw[j] == '"') {
            char q = raw[j++];
            while (j < raw.size() && raw[j] != q) ++j;
          }
          ++j;
        }
        if (j >= raw.size()) return Fail("unterminated ${ in template string");
        n->keys.push_back(std::move(literal));
        literal.clear();
        ParseError sub_error;
        Parser sub(raw.substr(i + 2, j - i - 2), ZenMode::kStandard, depth_, aliases_,
                   offset_ + base + static_cast<int>(i) + 2);
        NodePtr e = sub.Run(&sub_error);
        if (!e) {
          error_ = sub_error.message;
          error_pos_ = sub_error.pos - offset_;
          return nullptr;
        }
        n->kids.push_back(std::move(e));
        i = j + 1;
        continue;
      }
      if (raw[i] == '\\' && i + 1 < raw.size()) ++i;
      literal += raw[i++];
    }
    n->keys.push_back(std::move(literal));
    return Postfix(std::move(n));
  }

  NodePtr Identifier() {
    std::string name(cur().text);
    next();
    if (cur().kind == Tok::kLParen) return Call(name);
    NodePtr n;
    if (name == "$") {
      n = MakeNode(Op::kPath, static_cast<uint8_t>(Base::kDollar));
    } else if (name == "$root") {
      n = MakeNode(Op::kPath, static_cast<uint8_t>(Base::kRoot));
    } else if (name == "$nodes") {
      n = MakeNode(Op::kPath, static_cast<uint8_t>(Base::kNodes));
    } else {
      for (size_t k = aliases_.size(); k-- > 0;) {
        if (!aliases_[k].empty() && aliases_[k] == name) {
          n = MakeNode(Op::kPath, static_cast<uint8_t>(Base::kPointer));
          n->pointer_depth = static_cast<int>(aliases_.size() - 1 - k);
          break;
        }
      }
      if (!n) {
        n = MakeNode(Op::kPath, static_cast<uint8_t>(Base::kEnv));
        n->keys.push_back(name);
      }
    }
    return Postfix(std::move(n));
  }

  bool Arguments(Node* call) {
    next();  // (
    ++nest_;
    while (cur().kind != Tok::kRParen) {
      if (!call->kids.empty() && call->op != Op::kMethod) {
        if (!IsOp(",")) return Fail("expected ',' or ')' in call"), false;
        next();
      } else if (call->op == Op::kMethod && call->kids.size() > 1) {
        if (!IsOp(",")) return Fail("expected ',' or ')' in call"), false;
        next();
      }
      NodePtr e = Binary(0);
      if (!e) return false;
      call->kids.push_back(std::move(e));
    }
    --nest_;
    next();
    return true;
  }

  NodePtr Call(const std::string& name) {
    if (auto closure = LookupClosure(name)) {
      next();
      ++nest_;
      auto n = MakeNode(Op::kClosure, static_cast<uint8_t>(*closure));
      NodePtr source = Binary(0);
      if (!source) return nullptr;
      std::string alias;
      if (cur().kind == Tok::kIdent && cur().text == "as") {
        next();
        if (cur().kind != Tok::kIdent) return Fail("expected identifier after 'as'");
        alias = std::string(cur().text);
        next();
      }
      if (!IsOp(",")) return Fail("expected ',' after the array of " + name + "()");
      next();
      ++depth_;
      aliases_.push_back(alias);
      NodePtr body = Binary(0);
      aliases_.pop_back();
      --depth_;
      --nest_;
      if (!body || !Expect(Tok::kRParen, "')'")) return nullptr;
      n->kids.push_back(std::move(source));
      n->kids.push_back(std::move(body));
      return Postfix(std::move(n));
    }
    auto fn = LookupFunction(name);
    if (!fn) return Fail("unknown function '" + name + "'");
    auto n = MakeNode(Op::kCall, static_cast<uint8_t>(*fn));
    if (!Arguments(n.get())) return nullptr;
    return Postfix(std::move(n));
  }

  static void AppendKey(NodePtr& node, std::string key) {
    if (node->op == Op::kPath) {
      node->keys.push_back(std::move(key));
      return;
    }
    auto lit = MakeNode(Op::kLiteral);
    lit->literal = Value(std::move(key));
    node = MakeBinary(Op::kIndex, 0, std::move(node), std::move(lit));
  }

  NodePtr Postfix(NodePtr node) {
    while (true) {
      if (IsOp(".")) {
        next();
        const Token& p = cur();
        if (p.kind != Tok::kIdent && p.kind != Tok::kOp && p.kind != Tok::kBool &&
            p.kind != Tok::kNull)
          return Fail("expected a property name after '.'");
        std::string name(p.text);
        next();
        if (cur().kind == Tok::kLParen) {
          auto m = LookupMethod(name);
          if (!m) return Fail("unknown method '" + name + "'");
          auto call = MakeNode(Op::kMethod, static_cast<uint8_t>(*m));
          call->kids.push_back(std::move(node));
          if (!Arguments(call.get())) return nullptr;
          node = std::move(call);
          continue;
        }
        AppendKey(node, std::move(name));
        continue;
      }
      if (cur().kind == Tok::kLBracket) {
        next();
        ++nest_;
        NodePtr from;
        if (!IsOp(":")) {
          from = Binary(0);
          if (!from) return nullptr;
        }
        if (IsOp(":")) {
          next();
          NodePtr to;
          if (cur().kind != Tok::kRBracket) {
            to = Binary(0);
            if (!to) return nullptr;
          }
          --nest_;
          if (!Expect(Tok::kRBracket, "']'")) return nullptr;
          auto s = MakeNode(Op::kSlice);
          s->kids.push_back(std::move(node));
          s->kids.push_back(from ? std::move(from) : MakeNode(Op::kLiteral));
          s->kids.push_back(to ? std::move(to) : MakeNode(Op::kLiteral));
          node = std::move(s);
          continue;
        }
        --nest_;
        if (!Expect(Tok::kRBracket, "']'")) return nullptr;
        if (from->op == Op::kLiteral && from->literal.is_string()) {
          AppendKey(node, from->literal.as_string());
        } else {
          node = MakeBinary(Op::kIndex, 0, std::move(node), std::move(from));
        }
        continue;
      }
      return node;
    }
  }

  std::string_view source_;
  ZenMode mode_;
  std::vector<Token> tokens_;
  size_t pos_ = 0;
  bool has_range_ = false;
  int depth_ = 0;
  int nest_ = 0;
  std::vector<std::string> aliases_;
  int offset_ = 0;
  int recursion_ = 0;
  std::string error_;
  int error_pos_ = 0;
  std::unordered_set<uint64_t> failed_intervals_;  // TryInterval's failed attempts
};

}  // namespace

NodePtr Parse(std::string_view source, ZenMode mode, ParseError* error) {
  Parser parser(source, mode, 0, {}, 0);
  return parser.Run(error);
}

}  // namespace jianwei::jdm::zen
