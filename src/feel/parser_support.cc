// Parser plumbing: entry points, tokens, errors, names in scope, and type syntax.
#include <algorithm>
#include <memory>

#include "jianwei/feel/builtins.h"
#include "parser.h"

namespace jianwei::feel::internal {
namespace {

using Candidates = std::map<std::string, std::vector<std::vector<std::string>>, std::less<>>;

// A name split into the words the lexer would produce; empty if it is not name-like.
std::vector<std::string> NameWords(std::string_view name) {
  std::vector<std::string> words;
  for (Token& t : Tokenize(name)) {
    if (t.kind == Tok::kEnd) break;
    if (t.kind == Tok::kString || t.kind == Tok::kError) return {};
    words.push_back(std::move(t.text));
  }
  return words;
}

void AddCandidate(Candidates& c, std::string_view name) {
  std::vector<std::string> words = NameWords(name);
  if (!words.empty()) c[words[0]].push_back(std::move(words));
}

// Built-in function names, split once; immutable afterwards.
const Candidates& BuiltinCandidates() {
  static const Candidates* kCandidates = [] {
    auto* c = new Candidates;
    for (const std::string& name : BuiltinRegistry::Standard().Names()) AddCandidate(*c, name);
    return c;
  }();
  return *kCandidates;
}

TypePtr Make(Type::Tag tag) { return Type::Of(tag); }

}  // namespace

Parser::Parser(std::string_view text, const CompileOptions& options, Arena& arena)
    : text_(text), options_(options), arena_(arena), tokens_(Tokenize(text)) {
  for (const std::string& name : options.known_names) AddCandidate(names_, name);
  scopes_.emplace_back();
}

Ast* Parser::ParseWholeExpression() {
  try {
    if (Peek().kind == Tok::kEnd) Fail(Peek(), "the expression is empty");
    Ast* e = Expression();
    if (Peek().kind != Tok::kEnd) {
      Fail(Peek(), "unexpected " + Describe(Peek()) + " after a complete expression");
    }
    return e;
  } catch (const Failure&) {
    return nullptr;
  }
}

bool Parser::ParseWholeUnaryTests(UnaryTestsAst& out) {
  try {
    if (Peek().kind == Tok::kEnd) Fail(Peek(), "the unary tests are empty (use '-' for any)");
    if (Peek().IsOp("-") && Peek(1).kind == Tok::kEnd) {
      out.any = true;
      return true;
    }
    if (Peek().IsName("not") && Peek(1).IsOp("(")) {
      // not(...) negates the whole list only when its ')' ends the text.
      size_t depth = 0, i = 1;
      for (; Peek(i).kind != Tok::kEnd; ++i) {
        if (Peek(i).IsOp("(")) ++depth;
        if (Peek(i).IsOp(")") && --depth == 0) break;
      }
      if (Peek(i).IsOp(")") && Peek(i + 1).kind == Tok::kEnd) {
        Next();
        const Token& open = Next();
        out.negated = true;
        do {
          out.tests.push_back(PositiveUnaryTest(true));
        } while (AcceptOp(","));
        ExpectOp(")", "to close the 'not(' opened at " + Where(open));
        return true;
      }
    }
    do {
      out.tests.push_back(PositiveUnaryTest(true));
    } while (AcceptOp(","));
    if (Peek().kind != Tok::kEnd) {
      Fail(Peek(), "unexpected " + Describe(Peek()) + " after a complete unary test");
    }
    return true;
  } catch (const Failure&) {
    return false;
  }
}

TypePtr Parser::ParseWholeType() {
  try {
    TypePtr t = Type();
    if (Peek().kind != Tok::kEnd) Fail(Peek(), "unexpected " + Describe(Peek()) + " after the type");
    return t;
  } catch (const Failure&) {
    return nullptr;
  }
}

// ---- tokens and errors ----

const Token& Parser::Peek(size_t ahead) const {
  size_t i = std::min(pos_ + ahead, tokens_.size() - 1);
  return tokens_[i];
}

const Token& Parser::Next() {
  const Token& t = tokens_[pos_];
  if (pos_ + 1 < tokens_.size()) ++pos_;
  return t;
}

bool Parser::AcceptOp(std::string_view op) {
  if (!Peek().IsOp(op)) return false;
  Next();
  return true;
}

bool Parser::AcceptName(std::string_view word) {
  if (!Peek().IsName(word)) return false;
  Next();
  return true;
}

const Token& Parser::ExpectOp(std::string_view op, const std::string& why) {
  if (!Peek().IsOp(op)) {
    Fail(Peek(), "expected '" + std::string(op) + "' " + why + ", found " + Describe(Peek()));
  }
  return Next();
}

void Parser::ExpectName(std::string_view word, const std::string& why) {
  if (!Peek().IsName(word)) {
    Fail(Peek(), "expected '" + std::string(word) + "' " + why + ", found " + Describe(Peek()));
  }
  Next();
}

std::string Parser::Describe(const Token& t) const {
  switch (t.kind) {
    case Tok::kEnd: return "the end of the expression";
    case Tok::kString: return "the string \"" + t.text + "\"";
    case Tok::kNumber: return "the number " + t.text;
    case Tok::kError: return t.text;
    default: return "'" + t.text + "'";
  }
}

std::string Parser::Where(const Token& t) const {
  int line = options_.line + t.line - 1;
  int column = t.line == 1 ? options_.column + t.column - 1 : t.column;
  return std::to_string(line) + ":" + std::to_string(column);
}

void Parser::Fail(const Token& at, const std::string& message) {
  int line = options_.line + at.line - 1;
  int column = at.line == 1 ? options_.column + at.column - 1 : at.column;
  // A token the lexer could not read explains itself better than any context.
  errors_.Error({options_.file, line, column}, at.kind == Tok::kError ? at.text : message);
  throw Failure{};
}

Ast* Parser::New(AstKind kind, const Token& at) {
  int line = options_.line + at.line - 1;
  int column = at.line == 1 ? options_.column + at.column - 1 : at.column;
  return arena_.New(kind, line, column);
}

// ---- names ----

size_t Parser::LongestKnownName(size_t at) const {
  const Token& first = Peek(at);
  if (first.kind != Tok::kName) return 0;
  size_t best = 0;
  auto scan = [&](const Candidates& c) {
    auto it = c.find(first.text);
    if (it == c.end()) return;
    for (const std::vector<std::string>& words : it->second) {
      if (words.size() <= best) continue;
      bool match = true;
      for (size_t i = 1; i < words.size() && match; ++i) {
        const Token& t = Peek(at + i);
        match = t.kind != Tok::kString && t.kind != Tok::kEnd && t.text == words[i];
      }
      if (match) best = words.size();
    }
  };
  scan(names_);
  scan(BuiltinCandidates());
  return best;
}

std::string Parser::NameAt(bool use_scope) {
  size_t n = use_scope ? LongestKnownName(0) : 0;
  std::string name;
  if (n > 0) {
    // Rebuild the name as written in scope: words joined by single spaces, symbols
    // (- / . ' + *) without spaces around them, as the source spells them.
    const Token& first = Peek();
    size_t end = Peek(n - 1).end;
    name.assign(text_.substr(first.begin, end - first.begin));
    for (size_t i = 0; i < n; ++i) Next();
    // Normalise runs of whitespace to one space.
    std::string out;
    bool space = false;
    for (char c : name) {
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        space = true;
        continue;
      }
      if (space && !out.empty()) out += ' ';
      space = false;
      out += c;
    }
    // A known prefix followed by more plain words is a longer, unknown name
    // (`x.time offset`, where `time` is a built-in).
    while ((Peek().kind == Tok::kName && !IsKeyword(Peek().text)) || Peek().kind == Tok::kNumber) {
      out += " " + Next().text;
    }
    return out;
  }
  // An unknown name: join the following plain words and numbers ("last 12 months");
  // two juxtaposed operands are never valid FEEL otherwise.
  name = Next().text;
  while ((Peek().kind == Tok::kName && !IsKeyword(Peek().text)) || Peek().kind == Tok::kNumber) {
    name += " " + Next().text;
  }
  return name;
}

std::string Parser::WordsUntil(std::string_view stop1, std::string_view stop2,
                               std::string_view stop3) {
  // Declared names (context keys, parameters, variables) run to the delimiter and may
  // contain any words and the additional name symbols.
  const Token& first = Peek();
  size_t end = first.end;
  std::string name;
  while (true) {
    const Token& t = Peek();
    if (t.kind == Tok::kEnd || t.kind == Tok::kString || t.kind == Tok::kError) break;
    if (t.kind == Tok::kOp && (t.text == stop1 || t.text == stop2 || t.text == stop3)) break;
    if (t.kind == Tok::kName && t.text == stop1) break;
    if (t.kind == Tok::kOp && t.text != "." && t.text != "/" && t.text != "-" &&
        t.text != "'" && t.text != "+" && t.text != "*" && t.text != "?") {
      break;
    }
    if (!name.empty() && t.space_before) name += ' ';
    name += t.text;
    end = t.end;
    Next();
  }
  (void)end;
  if (name.empty()) Fail(first, "expected a name, found " + Describe(first));
  return name;
}

void Parser::AddName(const std::string& name) {
  std::vector<std::string> words = NameWords(name);
  if (words.empty()) return;
  scopes_.back().push_back(name);
  names_[words[0]].push_back(std::move(words));
}

void Parser::PushScope() { scopes_.emplace_back(); }

void Parser::PopScope() {
  for (const std::string& name : scopes_.back()) {
    std::vector<std::string> words = NameWords(name);
    auto it = names_.find(words[0]);
    if (it == names_.end()) continue;
    auto& list = it->second;
    for (size_t i = list.size(); i-- > 0;) {
      if (list[i] == words) {
        list.erase(list.begin() + static_cast<std::ptrdiff_t>(i));
        break;
      }
    }
  }
  scopes_.pop_back();
}

// ---- types ----

TypePtr Parser::Type() {
  if (++depth_ > 200) Fail(Peek(), "type is nested too deeply");
  const Token& t = Peek();
  if (t.kind != Tok::kName) Fail(t, "expected a type name, found " + Describe(t));
  // Named types from the model first (they may contain dots: "ns.tPerson").
  size_t best = 0;
  TypePtr named;
  for (const auto& [name, type] : options_.types) {
    std::vector<std::string> words = NameWords(name);
    if (words.empty() || words.size() <= best) continue;
    bool match = true;
    for (size_t i = 0; i < words.size() && match; ++i) match = Peek(i).text == words[i] &&
                                                                Peek(i).kind != Tok::kString;
    if (match) {
      best = words.size();
      named = type;
    }
  }
  if (named) {
    for (size_t i = 0; i < best; ++i) Next();
    --depth_;
    return named;
  }
  static constexpr std::pair<std::string_view, Type::Tag> kMulti[] = {
      {"date and time", Type::Tag::kDateTime},
      {"days and time duration", Type::Tag::kDaysTimeDuration},
      {"years and months duration", Type::Tag::kYearsMonthsDuration},
  };
  for (const auto& [name, tag] : kMulti) {
    std::vector<std::string> words = NameWords(name);
    bool match = true;
    for (size_t i = 0; i < words.size() && match; ++i) match = Peek(i).IsName(words[i]);
    if (match) {
      for (size_t i = 0; i < words.size(); ++i) Next();
      --depth_;
      return Make(tag);
    }
  }
  static constexpr std::pair<std::string_view, Type::Tag> kSingle[] = {
      {"Any", Type::Tag::kAny},       {"Null", Type::Tag::kNull},
      {"number", Type::Tag::kNumber}, {"string", Type::Tag::kString},
      {"boolean", Type::Tag::kBoolean}, {"date", Type::Tag::kDate},
      {"time", Type::Tag::kTime},     {"dateTime", Type::Tag::kDateTime},
      {"dayTimeDuration", Type::Tag::kDaysTimeDuration},
      {"yearMonthDuration", Type::Tag::kYearsMonthsDuration},
  };
  for (const auto& [name, tag] : kSingle) {
    if (t.text == name) {
      Next();
      --depth_;
      return Make(tag);
    }
  }
  auto type = std::make_shared<jianwei::Type>();
  if (t.text == "list" || t.text == "range") {
    Next();
    type->tag = t.text == "list" ? Type::Tag::kList : Type::Tag::kRange;
    if (const Token* open = Peek().IsOp("<") ? &Next() : nullptr) {
      type->element = Type();
      ExpectOp(">", "to close the '<' opened at " + Where(*open));
    } else {
      type->element = Make(Type::Tag::kAny);
    }
  } else if (t.text == "context") {
    Next();
    type->tag = Type::Tag::kContext;
    if (const Token* open = Peek().IsOp("<") ? &Next() : nullptr) {
      do {
        std::string key = Peek().kind == Tok::kString ? Next().text : WordsUntil(":");
        ExpectOp(":", "after the context type key '" + key + "'");
        type->fields.emplace_back(std::move(key), Type());
      } while (AcceptOp(","));
      ExpectOp(">", "to close the '<' opened at " + Where(*open));
    } else {
      type->open_context = true;
    }
  } else if (t.text == "function") {
    Next();
    type->tag = Type::Tag::kFunction;
    if (const Token* open = Peek().IsOp("<") ? &Next() : nullptr) {
      if (!AcceptOp(">")) {
        do {
          type->parameters.push_back(Type());
        } while (AcceptOp(","));
        ExpectOp(">", "to close the '<' opened at " + Where(*open));
      }
      ExpectOp("->", "before the result type of the function type");
      type->result = Type();
    }
  } else {
    Fail(t, "unknown type '" + t.text + "'");
  }
  --depth_;
  return type;
}

}  // namespace jianwei::feel::internal
