// Seeded random numbers that are identical on every platform.
//
// std::normal_distribution differs between libstdc++ (native) and libc++ (Emscripten), so the
// engine draws raw 64-bit words from std::mt19937_64 (specified exactly by the standard) and
// turns them into Gaussians with its own Box–Muller transform.
#pragma once

#include <cstdint>
#include <random>

#include "ldyn/types.hpp"

namespace ldyn {

class Rng {
 public:
  explicit Rng(std::uint64_t seed) : engine_(seed) {}

  // Uniform in (0, 1]: never 0, so log() is safe.
  double uniform();
  // Standard normal (Box–Muller, both values used in turn).
  double normal();
  // rows x cols matrix of N(0, sd^2) entries, filled row by row.
  Mat normal(int rows, int cols, double sd = 1.0);
  // Haar-random orthogonal n x n matrix: QR of a Gaussian matrix with the signs of R fixed.
  Mat orthogonal(int n);

 private:
  std::mt19937_64 engine_;
  bool has_spare_ = false;
  double spare_ = 0.0;
};

}  // namespace ldyn
