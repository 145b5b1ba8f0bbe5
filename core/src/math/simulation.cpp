#include "ldyn/simulation.hpp"

#include <cmath>

#include "descent_loop.hpp"
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
  Mat error, new_w1, w2t, product;  // product: W2 W1, for inputs that are not white
};

// One gradient-descent step on the phase's task, in place, with the products as Eigen would form
// them (each entry a sequential sum, scaled after), through the engine's SIMD kernels (kernels.hpp).
struct TwoLayerStep {
  const Schedule& schedule;
  double eta;
  Buffers& buffers;
  void operator()(std::size_t phase, Weights& w) {
    using kernel::ld;
    using kernel::Write;
    const int no = static_cast<int>(w.w2.rows()), nh = static_cast<int>(w.w1.rows()), ni = static_cast<int>(w.w1.cols());
    Mat& error = buffers.error;
    Mat& new_w1 = buffers.new_w1;
    Mat& w2t = buffers.w2t;
    const Task& task = schedule[phase].task;
    const Mat& syx = task.syx;
    if (task.white) {
      // E = Syx - W2 W1
      kernel::gemm<Write::Add>(no, ni, nh, w.w2.data(), ld(w.w2), w.w1.data(), ld(w.w1), error.data(), ld(error), -1.0, syx.data(), ld(syx));
    } else {
      // E = Syx - W2 W1 Sxx (docs/theory.md section 12)
      Mat& product = buffers.product;
      kernel::gemm(no, ni, nh, w.w2.data(), ld(w.w2), w.w1.data(), ld(w.w1), product.data(), ld(product));
      const Mat& sxx = task.sxx;
      kernel::gemm<Write::Add>(no, ni, ni, product.data(), ld(product), sxx.data(), ld(sxx), error.data(), ld(error), -1.0, syx.data(), ld(syx));
    }
    // W1 + eta W2^T E, into new_w1
    kernel::transpose(no, nh, w.w2.data(), ld(w.w2), w2t.data(), ld(w2t));
    kernel::gemm<Write::Add>(nh, ni, no, w2t.data(), ld(w2t), error.data(), ld(error), new_w1.data(), ld(new_w1), eta, w.w1.data(), ld(w.w1));
    // W2 + eta E W1^T
    kernel::gemm_nt<Write::Add>(no, nh, ni, error.data(), ld(error), w.w1.data(), ld(w.w1), w.w2.data(), ld(w.w2), eta);
    w.w1.swap(new_w1);
  }
};

// The loop of simulate, in a frame that owns nothing to destroy. With Emscripten's exceptions, a
// call that may throw from a frame with something to clean up goes through JavaScript (invoke_*);
// from here every call (record, progress) stays a plain call.
__attribute__((noinline)) void descend(const Schedule& schedule, const std::vector<long long>& switch_steps, Weights& w, double eta,
                                       const std::vector<double>& times, const Recording<Weights>& record,
                                       const std::function<void(double)>& progress, Buffers& buffers, SimulationOutcome& outcome) {
  TwoLayerStep step{schedule, eta, buffers};
  descend_recorded(schedule, eta, switch_steps, times, w, record, progress, blown_up, step, outcome);
}

}  // namespace

SimulationOutcome simulate(const Schedule& schedule, Weights w, double eta, const std::vector<double>& times,
                           const Recording<Weights>& record, const std::function<void(double)>& progress) {
  SimulationOutcome outcome;
  if (times.empty()) return outcome;
  const std::vector<long long> switch_steps = phase_start_steps(schedule, eta);
  const Eigen::Index no = w.w2.rows(), nh = w.w1.rows(), ni = w.w1.cols();
  Buffers buffers{Mat(no, ni), Mat(nh, ni), Mat(nh, no), Mat(no, ni)};
  descend(schedule, switch_steps, w, eta, times, record, progress, buffers, outcome);
  return outcome;
}

}  // namespace ldyn
