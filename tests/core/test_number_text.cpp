// The engine's messages format numbers without iostreams (core/src/math/number_text.hpp, so that
// the wasm module links no streams or locales): the text must be what the ostringstream gave.
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <sstream>

#include "math/number_text.hpp"

namespace {

std::string stream_text(double v, int digits, bool fixed) {
  std::ostringstream s;
  if (fixed) s.setf(std::ios::fixed);
  s.precision(digits);
  s << v;
  return s.str();
}

}  // namespace

TEST_CASE("number_text and fixed_text write what an ostringstream writes", "[messages]") {
  const double values[] = {0.0, -0.0, 1.0, -1.5, 0.1, 1e-7, 123456.0, 1234567.0, 10000.02, 1e14, 1.00000001e8, 2.5e-300,
                           std::numeric_limits<double>::max(), std::numeric_limits<double>::denorm_min(), 1.0 / 3.0, 6.02214076e23};
  for (double v : values) {
    for (int digits = 1; digits <= 17; ++digits) {
      INFO("value " << v << ", " << digits << " digits");
      CHECK(ldyn::number_text(v, digits) == stream_text(v, digits, false));
    }
    for (int decimals = 0; decimals <= 2; ++decimals) CHECK(ldyn::fixed_text(v, decimals) == stream_text(v, decimals, true));
  }
  CHECK(ldyn::number_text(0.005) == "0.005");
  CHECK(ldyn::number_text(std::nan("")) == stream_text(std::nan(""), 6, false));
  CHECK(ldyn::number_text(HUGE_VAL) == stream_text(HUGE_VAL, 6, false));
}
