// Feeds arbitrary bytes to the CSV reader (',' and '|', with and without a header)
// and to the ARFF reader: neither may crash, hang or read out of bounds.
#include <cstddef>
#include <cstdint>
#include <string>

#include "jianwei/core/arff.h"
#include "jianwei/core/csv.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  for (int mode = 0; mode < 3; ++mode) {
    jianwei::CsvOptions o;
    o.delimiter = mode == 1 ? '|' : ',';
    o.header = mode != 2;
    auto t = jianwei::ReadCsvString(text, o);
    if (t.ok()) {
      for (const auto& row : t->rows) {
        for (const auto& f : row) (void)jianwei::ParseCell(f);
      }
    }
  }
  (void)jianwei::ReadArffString(text, "fuzz.arff");
  return 0;
}
