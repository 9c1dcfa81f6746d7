// Item definitions compiled into checkable DMN types: the FEEL base type, allowed
// values, collections, components, function items. Used to type-check and coerce
// input data, decision results, parameters and context entries (DMN 1.5 §7.3.2,
// §10.3.2.9.4: singleton list ↔ element coercion; a value that does not conform
// becomes null).
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "jianwei/core/type.h"
#include "jianwei/dmn/model.h"
#include "jianwei/feel/feel.h"

namespace jianwei::dmn::detail {

struct DmnType;
using DmnTypePtr = std::shared_ptr<const DmnType>;

struct DmnType {
  std::string name;
  TypePtr feel;        // the FEEL type (for `instance of` and base checks)
  DmnTypePtr base;     // typeRef to another item definition
  std::optional<feel::UnaryTests> allowed;
  bool is_collection = false;
  std::vector<std::pair<std::string, DmnTypePtr>> components;
  bool is_function = false;
  bool is_any() const {
    return !base && !allowed && !is_collection && components.empty() && !is_function &&
           (!feel || feel->tag == Type::Tag::kAny);
  }
};

// Conforms `value` to `type`: returns the (possibly coerced) value, or null with a
// warning naming `what` when it does not conform.
Value Conform(const DmnType& type, const Value& value, std::string_view what,
              const EvalContext& ctx);

// The named types visible in one model: item definitions (also of imported models,
// as "prefix.name") and the FEEL built-in types.
class TypeRegistry {
 public:
  // Compiles the item definitions of `defs`; imported registries are added under
  // their prefixes.
  void AddDefinitions(const Definitions& defs, Diagnostics& diagnostics);
  void AddImported(const std::string& prefix, const TypeRegistry& other);
  // Resolves a typeRef ("number", "tLoan", "import.tLoan", "list<string>"); null for
  // an empty reference. Unknown names are reported once and treated as Any.
  DmnTypePtr Resolve(const std::string& type_ref, const SourceLocation& where,
                     Diagnostics* diagnostics) const;
  const std::map<std::string, TypePtr, std::less<>>& feel_types() const { return feel_types_; }
  // Component names of every item definition (FEEL names with spaces).
  const std::vector<std::string>& component_names() const { return component_names_; }

 private:
  DmnTypePtr Build(const ItemDefinition& def, const std::string& name, Diagnostics& diagnostics,
                   int depth);
  std::map<std::string, DmnTypePtr, std::less<>> types_;
  std::map<std::string, TypePtr, std::less<>> feel_types_;
  std::map<std::string, const ItemDefinition*, std::less<>> pending_;
  std::vector<std::string> component_names_;
};

}  // namespace jianwei::dmn::detail
