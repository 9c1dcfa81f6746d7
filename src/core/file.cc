#include "jianwei/core/file.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace jianwei {

Result<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    Diagnostics d;
    d.Error({path, 0, 0}, std::string("cannot open file: ") + std::strerror(errno));
    return d;
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) {
    Diagnostics d;
    d.Error({path, 0, 0}, "read error");
    return d;
  }
  return ss.str();
}

}  // namespace jianwei
