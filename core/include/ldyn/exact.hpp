// The exact solution of the gradient flow for QQ^T (docs/theory.md section 3).
//
// The state is a factor Z (n x r, n = Ni + No, r = min(Nh, n)) with Z Z^T = QQ^T: every statistic
// the plots need is a block of QQ^T, and a factor keeps QQ^T symmetric positive semidefinite of
// rank at most Nh by construction.
#pragma once

#include <functional>
#include <vector>

#include "ldyn/recording.hpp"
#include "ldyn/schedule.hpp"
#include "ldyn/types.hpp"

namespace ldyn {

// F = [[-lambda/2 I, Syx^T], [Syx, lambda/2 I]] = O diag(f) O^T, from the SVD of Syx in closed form:
// +-sqrt(s^2 + lambda^2/4) for each singular value s, -lambda/2 on the extra input directions
// (Ni > No) and +lambda/2 on the extra output directions (No > Ni).
struct Spectrum {
  Vec f;
  Mat o;
};
Spectrum riccati_spectrum(const Mat& syx, double lambda);

// The flow of one task: advances a factor expressed in the eigenbasis of F, G = O^T Z.
class RiccatiFlow {
 public:
  RiccatiFlow(const Mat& syx, double lambda);

  const Spectrum& spectrum() const { return spectrum_; }
  // G after a time `duration` >= 0. Exact: the flow is a semigroup, so a long step is split into
  // substeps with |f| * step <= kMaxGrowth, each of which is evaluated without overflow.
  Mat advance(const Mat& g, double duration) const;

  static constexpr double kMaxGrowth = 16.0;  // accurate to ~1e-14 up to 20, degrades beyond 40 (see tests)

  // What a step needs besides G, kept from step to step so that advancing allocates nothing (defined
  // in exact.cpp: exact_trajectory holds one).
  struct Workspace;
  // advance() on G in place.
  void advance_in_place(Mat& g, double duration, Workspace& workspace) const;

 private:
  void step(Mat& g, double h, Workspace& workspace) const;
  Spectrum spectrum_;
  double max_rate_;
};

// A factor Z of QQ^T(0) = [W1^T; W2][W1^T; W2]^T with at most n columns.
Mat initial_factor(const Weights& w);

// Exact QQ^T over a schedule: calls record(i, Z) with Z Z^T = QQ^T(times[i]) for each of the
// ascending `times`, continuing from the current QQ^T at every switch of task, until record
// returns false.
void exact_trajectory(const Schedule& schedule, double lambda, const Weights& initial,
                      const std::vector<double>& times, const Recording<Mat>& record);

}  // namespace ldyn
