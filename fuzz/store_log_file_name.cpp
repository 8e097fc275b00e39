// Fuzzes the retention job's log file name parser: whatever parses must name the same day
// when formatted again, so the job can never delete a file it did not write.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "common/log.hpp"
#include "store/retention.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string name(reinterpret_cast<const char*>(data), size);
  const auto day = vicos::store::logFileDay(name);
  if (day) {
    if (*day % vicos::store::kSecondsPerDay != 0) std::abort();
    if (vicos::log::logFileName(*day) != name) std::abort();
  }
  return 0;
}
