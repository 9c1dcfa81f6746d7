#include "jianwei/model/model.h"
namespace jianwei::model {
namespace { Result<std::unique_ptr<Model>> Nope(std::string_view s, const char* what) { Diagnostics d; d.Error({std::string(s),0,0}, std::string(what) + " not implemented yet"); return d; } }
Result<std::unique_ptr<Model>> LoadLightGbmText(std::string_view, std::string_view s) { return Nope(s, "LightGBM"); }
Result<std::unique_ptr<Model>> LoadPmml(std::string_view, std::string_view s) { return Nope(s, "PMML"); }
Result<std::unique_ptr<Model>> LoadLinearJson(std::string_view, std::string_view s) { return Nope(s, "linear"); }
}
