#include "ldyn/simulation.hpp"

#include <cmath>

#include "divergence.hpp"
#include "kernels.hpp"

namespace ldyn {
namespace {

bool blown_up(const Weights& w) noexcept { return beyond_divergence_limit(w.w1) || beyond_divergence_limit(w.w2); }

}  // namespace

long long step_at(double t, double learning_rate) { return std::llround(t / learning_rate); }

namespace {

// Buffers of a gradient-descent step.
struct Buffers {
  Mat error, new_w1, w2t;
};

// The loop of simulate, in a frame that owns nothing to destroy. With Emscripten's exceptions, a
// call that may throw from a frame with something to clean up goes through JavaScript (invoke_*);
// from here every call (record, progress) stays a plain call.
__attribute__((noinline)) void descend(const Schedule& schedule, const std::vector<long long>& switch_steps, Weights& w, double eta,
                                       const std::vector<double>& times, const Recording<Weights>& record,
                                       const std::function<void(double)>& progress, Buffers& buffers, SimulationOutcome& outcome) {
  using kernel::ld;
  using kernel::Write;
  const int no = static_cast<int>(w.w2.rows()), nh = static_cast<int>(w.w1.rows()), ni = static_cast<int>(w.w1.cols());
  Mat& error = buffers.error;
  Mat& new_w1 = buffers.new_w1;
  Mat& w2t = buffers.w2t;
  std::size_t phase = 0, next = 0;
  long long next_record = step_at(times[0], eta);  // the step of times[next]
  const long long last = step_at(times.back(), eta);
  for (long long step = 0;; ++step) {
    while (next_record == step) {
      if (blown_up(w)) {
        outcome.diverged_at = static_cast<double>(step) * eta;
        return;
      }
      if (!record(static_cast<int>(next), w)) {
        outcome.stopped_at = static_cast<double>(step) * eta;
        return;
      }
      ++next;
      ++outcome.recorded;
      next_record = next < times.size() ? step_at(times[next], eta) : -1;
    }
    if (step == last) break;
    while (phase + 1 < schedule.size() && switch_steps[phase + 1] <= step) ++phase;

    // The products as Eigen would form them (each entry a sequential sum, scaled after), with the
    // engine's SIMD kernels (kernels.hpp).
    const Mat& syx = schedule[phase].task.syx;
    // E = Syx - W2 W1
    kernel::gemm<Write::Add>(no, ni, nh, w.w2.data(), ld(w.w2), w.w1.data(), ld(w.w1), error.data(), ld(error), -1.0, syx.data(), ld(syx));
    // W1 + eta W2^T E, into new_w1
    kernel::transpose(no, nh, w.w2.data(), ld(w.w2), w2t.data(), ld(w2t));
    kernel::gemm<Write::Add>(nh, ni, no, w2t.data(), ld(w2t), error.data(), ld(error), new_w1.data(), ld(new_w1), eta, w.w1.data(), ld(w.w1));
    // W2 + eta E W1^T
    kernel::gemm_nt<Write::Add>(no, nh, ni, error.data(), ld(error), w.w1.data(), ld(w.w1), w.w2.data(), ld(w.w2), eta);
    w.w1.swap(new_w1);

    if (step % 16 == 15 && blown_up(w)) {  // stop early rather than run on with infinities
      outcome.diverged_at = static_cast<double>(step + 1) * eta;
      break;
    }
    if (progress && step % 512 == 511) progress(static_cast<double>(step + 1) / static_cast<double>(last));
  }
}

}  // namespace

SimulationOutcome simulate(const Schedule& schedule, Weights w, double eta, const std::vector<double>& times,
                           const Recording<Weights>& record, const std::function<void(double)>& progress) {
  SimulationOutcome outcome;
  if (times.empty()) return outcome;
  std::vector<long long> switch_steps;
  for (double start : phase_starts(schedule)) switch_steps.push_back(step_at(start, eta));
  const Eigen::Index no = w.w2.rows(), nh = w.w1.rows(), ni = w.w1.cols();
  Buffers buffers{Mat(no, ni), Mat(nh, ni), Mat(nh, no)};
  descend(schedule, switch_steps, w, eta, times, record, progress, buffers, outcome);
  return outcome;
}

}  // namespace ldyn
