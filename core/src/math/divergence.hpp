// When gradient descent has blown up, for the two-layer and the deep simulation alike.
#pragma once

#include <cmath>

#include "ldyn/types.hpp"

namespace ldyn {

// True once an entry is not finite or reaches 1e100: beyond it the next product overflows, so a
// finite check alone would be too late. One pass over the matrix.
inline bool beyond_divergence_limit(const Mat& m) noexcept {
  constexpr double kLimit = 1e100;
  const double* p = m.data();
  for (Eigen::Index i = 0; i < m.size(); ++i)
    if (!(std::abs(p[i]) < kLimit)) return true;  // NaN fails the comparison too
  return false;
}

}  // namespace ldyn
