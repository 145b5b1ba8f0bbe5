#include "ldyn/random.hpp"

#include <cmath>

namespace ldyn {

double Rng::uniform() {
  // 53 random bits -> (0, 1].
  const std::uint64_t bits = engine_() >> 11;
  return (static_cast<double>(bits) + 1.0) * 0x1.0p-53;
}

double Rng::normal() {
  if (has_spare_) {
    has_spare_ = false;
    return spare_;
  }
  const double radius = std::sqrt(-2.0 * std::log(uniform()));
  const double angle = 2.0 * M_PI * uniform();
  spare_ = radius * std::sin(angle);
  has_spare_ = true;
  return radius * std::cos(angle);
}

Mat Rng::normal(int rows, int cols, double sd) {
  Mat m(rows, cols);
  for (int i = 0; i < rows; ++i)
    for (int j = 0; j < cols; ++j) m(i, j) = sd * normal();
  return m;
}

Mat Rng::orthogonal(int n) {
  const Eigen::HouseholderQR<Mat> qr(normal(n, n));
  Mat q = qr.householderQ() * Mat::Identity(n, n);
  const Mat& r = qr.matrixQR();
  for (int j = 0; j < n; ++j)
    if (r(j, j) < 0) q.col(j) = -q.col(j);
  return q;
}

}  // namespace ldyn
