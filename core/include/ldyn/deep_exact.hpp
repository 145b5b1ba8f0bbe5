// The exact gradient flow of a deep linear network (L >= 2 weight layers) whose weights are aligned
// with the task's modes (docs/theory.md section 11). Then every layer is a sum of rank-one chains,
//   W_l = R_l + sum_i g_{l,i} r_{l+1,i} r_{l,i}^T,   r_{0,i} = v_i,  r_{L,i} = +-u_i,
// the rests R_l never move, and each mode i is one scalar equation: with a_i = prod_l g_{l,i},
//   d g_{l,i} / dt = (s_i - a_i) prod_{m != l} g_{m,i},
// so the squared gains of a mode differ by constants and one signed gain x_i (the layer with the
// smallest) carries the whole mode: d x / dt = (s - a(x)) P(x), a(x) = x P(x),
// P(x) = prod_{m != l*} sqrt(x^2 + o_m). It is solved by quadrature: t(x) = int dx / ((s - a) P),
// inverted by safeguarded Newton, to about 1e-13 relative (no step-size error, no accumulation).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "ldyn/deep.hpp"
#include "ldyn/recording.hpp"
#include "ldyn/schedule.hpp"
#include "ldyn/types.hpp"

namespace ldyn {

// One mode's scalar flow, from the offsets of its layers' squared gains.
class ModeFlow {
 public:
  // Networks have at most this many layers besides the one whose gain is x.
  static constexpr std::size_t kMaxFactors = 16;
  // offsets: o_m >= 0 for the layers other than the one whose signed gain is x.
  explicit ModeFlow(std::vector<double> offsets) : offsets_(std::move(offsets)) {}
  // P(x) and a(x) = x P(x).
  double p(double x) const;
  double a(double x) const { return x * p(x); }
  // x after time dt of the flow towards s, from x0; exact up to rounding (see the file comment).
  double advance(double x0, double dt, double s) const;
  // The time the flow takes from x0 to x (x between x0 and the fixed point it moves towards).
  double time_between(double x0, double x, double s) const;

 private:
  double slope(double x, double y) const;         // (a(y) - a(x)) / (y - x)
  double rate(double x, double root) const;        // dx/dt towards the root of a(x) = s
  double limit(double x0, double root) const;      // the fixed point the flow from x0 tends to
  double time_along(double xa, double xb, double root, double end) const;
  std::vector<double> offsets_;
};

// The decomposition of aligned deep weights into chains and constant rests.
struct AlignedChains {
  std::vector<Mat> rest;     // R_l, widths[l+1] x widths[l]
  std::vector<Mat> vectors;  // r_l as columns, widths[l] x k, l = 0 .. L
  std::vector<int> lowest;   // per mode: the layer whose signed gain is x
  std::vector<ModeFlow> flows;
  std::vector<Vec> squared;  // per mode: the squared gains at t = 0, one per layer
  Vec x0;                    // per mode: x at t = 0
  Vec orientation;           // per mode: u_i^T r_{L,i} = +-1
  // Per phase, per mode: the task's value along the chain, s_{k,i} u_i^T r_{L,i}.
  std::vector<Vec> targets;
  // Per phase, per mode: the input variance along the mode, d_{k,i} = v_i^T Sxx v_i (1 for white
  // inputs, 0 where X does not reach v_i). The mode's flow is d (s/d - a) P: time runs d times
  // faster towards s/d (docs/theory.md section 12).
  std::vector<Vec> variances;
};

// The chains of `w` along the modes of the first phase's task, or why there are none (the weights
// are not aligned with the task, a mode starts with a single zero gain, a later phase's task is
// not diagonal in the same modes, or a phase's inputs are not white and Sxx mixes a mode's input
// direction with others). tolerance: relative, on the singular-pair conditions.
std::optional<AlignedChains> aligned_chains(const DeepWeights& w, const Schedule& schedule, std::string* why,
                                            double tolerance = 1e-10);

// The weights at every requested (ascending) time: record(i, weights). progress(fraction) per time.
void deep_exact_trajectory(const Schedule& schedule, const AlignedChains& chains, const std::vector<double>& times,
                           const Recording<DeepWeights>& record, const std::function<void(double)>& progress = nullptr);

}  // namespace ldyn
