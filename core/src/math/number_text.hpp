// Numbers as text for messages, without iostreams: the wasm module would otherwise link libc++'s
// streams and every locale facet (about 80 KB of code) for a handful of error messages. The same
// text as an ostringstream with that precision gives (libc++ and libstdc++ format through printf).
#pragma once

#include <cstdio>
#include <string>

namespace ldyn {

// As `std::ostringstream s; s.precision(digits); s << v;` (the default float format, %g).
inline std::string number_text(double v, int digits = 6) {
  char text[64];
  std::snprintf(text, sizeof text, "%.*g", digits, v);
  return text;
}

// As the same stream with std::ios::fixed (%f).
inline std::string fixed_text(double v, int decimals) {
  char text[352];  // 1e308 in full and its decimals
  std::snprintf(text, sizeof text, "%.*f", decimals, v);
  return text;
}

}  // namespace ldyn
