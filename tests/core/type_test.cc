// Type conformance and `instance of`, with expectations from the DMN TCK's
// 0070-feel-instance-of model.
#include "jianwei/core/type.h"

#include "test_util.h"

namespace jianwei {
namespace {

using namespace jianwei::testing;
using Tag = Type::Tag;

TypePtr ListOf(TypePtr e) {
  auto t = std::make_shared<Type>();
  t->tag = Tag::kList;
  t->element = std::move(e);
  return t;
}

TypePtr ContextOf(std::vector<std::pair<std::string, TypePtr>> fields) {
  auto t = std::make_shared<Type>();
  t->tag = Tag::kContext;
  t->fields = std::move(fields);
  return t;
}

TypePtr FunctionOf(std::vector<TypePtr> params, TypePtr result) {
  auto t = std::make_shared<Type>();
  t->tag = Tag::kFunction;
  t->parameters = std::move(params);
  t->result = std::move(result);
  return t;
}

class Fn : public Callable {
 public:
  Fn(size_t arity, TypePtr type) : names_(arity, "p"), type_(std::move(type)) {}
  std::span<const std::string> parameter_names() const override { return names_; }
  Value Call(std::span<const Value>, const EvalContext&) const override { return Value(); }
  std::shared_ptr<const Type> type() const override { return type_; }

 private:
  std::vector<std::string> names_;
  TypePtr type_;
};

Value FnValue(size_t arity, TypePtr type = nullptr) {
  return Value(std::shared_ptr<const Callable>(std::make_shared<Fn>(arity, std::move(type))));
}

TEST(TypeTest, ToString) {
  EXPECT_EQ(Type::Of(Tag::kDateTime)->ToString(), "date and time");
  EXPECT_EQ(ListOf(Type::Of(Tag::kNumber))->ToString(), "list<number>");
  EXPECT_EQ(ContextOf({{"a", Type::Of(Tag::kString)}, {"b", ListOf(Type::Of(Tag::kAny))}})->ToString(),
            "context<a: string, b: list<Any>>");
  EXPECT_EQ(FunctionOf({Type::Of(Tag::kString), Type::Of(Tag::kNumber)}, Type::Of(Tag::kString))->ToString(),
            "function<string, number>->string");
}

TEST(TypeTest, InstanceOfScalars) {
  TypePtr any = Type::Of(Tag::kAny);
  EXPECT_FALSE(IsInstance(Value(), *any));  // null instance of Any is false in DMN 1.5
  EXPECT_TRUE(IsInstance(Value(), *Type::Of(Tag::kNull)));
  EXPECT_FALSE(IsInstance(Value(), *Type::Of(Tag::kNumber)));
  EXPECT_TRUE(IsInstance(N("123.01"), *any));
  EXPECT_TRUE(IsInstance(N("123.01"), *Type::Of(Tag::kNumber)));
  EXPECT_FALSE(IsInstance(N("123.01"), *ListOf(any)));
  EXPECT_FALSE(IsInstance(S("foo"), *Type::Of(Tag::kContext)));
  EXPECT_TRUE(IsInstance(Dur("P1Y"), *Type::Of(Tag::kYearsMonthsDuration)));
  EXPECT_FALSE(IsInstance(Dur("P1Y"), *Type::Of(Tag::kDaysTimeDuration)));
  EXPECT_TRUE(IsInstance(DT("2018-12-08T10:30:11"), *Type::Of(Tag::kDateTime)));
  EXPECT_FALSE(IsInstance(DT("2018-12-08T10:30:11"), *Type::Of(Tag::kDate)));
}

TEST(TypeTest, InstanceOfStructured) {
  TypePtr str = Type::Of(Tag::kString), num = Type::Of(Tag::kNumber);
  TypePtr ab = ContextOf({{"a", str}, {"b", str}});
  EXPECT_TRUE(IsInstance(L({N("1"), N("2")}), *ListOf(num)));
  EXPECT_FALSE(IsInstance(L({N("1"), S("2")}), *ListOf(num)));
  EXPECT_TRUE(IsInstance(L({}), *ListOf(num)));
  EXPECT_TRUE(IsInstance(L({Ctx({{"a", S("a")}, {"b", S("b")}})}), *ListOf(ab)));
  EXPECT_FALSE(IsInstance(L({Ctx({{"a", S("a")}})}), *ListOf(ab)));
  EXPECT_TRUE(IsInstance(Ctx({{"a", S("foo")}, {"b", S("bar")}, {"c", S("baz")}}), *ab));
  EXPECT_FALSE(IsInstance(Ctx({{"a", S("foo")}, {"b", L({N("1")})}}), *ab));
  EXPECT_TRUE(IsInstance(Ctx({{"a", Value()}}), *ContextOf({{"a", str}})));
  EXPECT_FALSE(IsInstance(Ctx({{"a", S("123")}}), *ContextOf({{"a", num}})));
  EXPECT_TRUE(IsInstance(Ctx({{"a", Ctx({{"b", N("123")}})}}),
                         *ContextOf({{"a", ContextOf({{"b", num}})}})));
  EXPECT_TRUE(IsInstance(Ctx({}), *Type::Of(Tag::kContext)));
  EXPECT_TRUE(IsInstance(R(N("1"), N("10")), *TypeOf(R(N("2"), N("3")))));
}

TEST(TypeTest, Functions) {
  TypePtr str = Type::Of(Tag::kString), num = Type::Of(Tag::kNumber);
  TypePtr any = Type::Of(Tag::kAny);
  EXPECT_TRUE(IsInstance(FnValue(0), *FunctionOf({}, any)));
  EXPECT_FALSE(IsInstance(FnValue(2), *FunctionOf({str}, str)));
  EXPECT_FALSE(IsInstance(N("1"), *FunctionOf({}, any)));
  // Declared types: contravariant parameters, covariant result.
  TypePtr ctx_a = ContextOf({{"a", str}});
  TypePtr ctx_ab = ContextOf({{"a", str}, {"b", str}});
  Value f = FnValue(1, FunctionOf({ctx_a}, ContextOf({{"b", str}, {"c", str}})));
  EXPECT_TRUE(IsInstance(f, *FunctionOf({ctx_ab}, ContextOf({{"b", str}}))));
  Value g = FnValue(1, FunctionOf({ctx_ab}, str));
  EXPECT_FALSE(IsInstance(g, *FunctionOf({ctx_a}, str)));
  Value h = FnValue(0, FunctionOf({}, num));
  EXPECT_FALSE(IsInstance(h, *FunctionOf({}, str)));
}

TEST(TypeTest, Conformance) {
  TypePtr any = Type::Of(Tag::kAny), num = Type::Of(Tag::kNumber), null = Type::Of(Tag::kNull);
  EXPECT_TRUE(ConformsTo(*num, *any));
  EXPECT_FALSE(ConformsTo(*any, *num));
  EXPECT_TRUE(ConformsTo(*null, *num));
  EXPECT_TRUE(ConformsTo(*ListOf(num), *ListOf(any)));
  EXPECT_FALSE(ConformsTo(*ListOf(any), *ListOf(num)));
  EXPECT_TRUE(ConformsTo(*ContextOf({{"a", num}, {"b", num}}), *ContextOf({{"a", any}})));
  EXPECT_FALSE(ConformsTo(*ContextOf({{"a", num}}), *ContextOf({{"a", num}, {"b", num}})));
  EXPECT_TRUE(ConformsTo(*FunctionOf({any}, num), *FunctionOf({num}, any)));
  EXPECT_FALSE(ConformsTo(*FunctionOf({num}, num), *FunctionOf({any}, num)));
}

TEST(TypeTest, TypeOf) {
  EXPECT_EQ(TypeOf(Value())->ToString(), "Null");
  EXPECT_EQ(TypeOf(L({N("1"), N("2"), Value()}))->ToString(), "list<number>");
  EXPECT_EQ(TypeOf(L({N("1"), S("2")}))->ToString(), "list<Any>");
  EXPECT_EQ(TypeOf(L({}))->ToString(), "list<Any>");
  EXPECT_EQ(TypeOf(Ctx({{"a", S("x")}, {"b", L({At("2020-01-01")})}}))->ToString(),
            "context<a: string, b: list<date>>");
  EXPECT_EQ(TypeOf(R(N("1"), N("2")))->ToString(), "range<number>");
  EXPECT_EQ(TypeOf(FnValue(2))->ToString(), "function<Any, Any>->Any");
  EXPECT_EQ(TypeOf(Dur("P1D"))->ToString(), "days and time duration");
}

}  // namespace
}  // namespace jianwei
