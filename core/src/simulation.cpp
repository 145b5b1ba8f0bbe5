#include "ldyn/simulation.hpp"

#include <cmath>

namespace ldyn {
namespace {

bool blown_up(const Weights& w) {
  // Beyond 1e100 the next product overflows; a finite check alone would be too late.
  constexpr double kLimit = 1e100;
  return !w.w1.allFinite() || !w.w2.allFinite() || w.w1.cwiseAbs().maxCoeff() >= kLimit ||
         w.w2.cwiseAbs().maxCoeff() >= kLimit;
}

}  // namespace

long long step_at(double t, double learning_rate) { return std::llround(t / learning_rate); }

SimulationOutcome simulate(const Schedule& schedule, Weights w, double eta, const std::vector<double>& times,
                           const Recording<Weights>& record, const std::function<void(double)>& progress) {
  SimulationOutcome outcome;
  if (times.empty()) return outcome;
  std::vector<long long> switch_steps;
  for (double start : phase_starts(schedule)) switch_steps.push_back(step_at(start, eta));

  Mat error(w.w2.rows(), w.w1.cols()), new_w1(w.w1.rows(), w.w1.cols());
  std::size_t phase = 0, next = 0;
  const long long last = step_at(times.back(), eta);
  for (long long step = 0;; ++step) {
    while (next < times.size() && step_at(times[next], eta) == step) {
      if (blown_up(w)) {
        outcome.diverged_at = static_cast<double>(step) * eta;
        return outcome;
      }
      if (!record(static_cast<int>(next), w)) {
        outcome.stopped_at = static_cast<double>(step) * eta;
        return outcome;
      }
      ++next;
      ++outcome.recorded;
    }
    if (step == last) break;
    while (phase + 1 < schedule.size() && switch_steps[phase + 1] <= step) ++phase;

    const Mat& syx = schedule[phase].task.syx;
    error.noalias() = syx;
    error.noalias() -= w.w2 * w.w1;
    new_w1 = w.w1;
    new_w1.noalias() += eta * (w.w2.transpose() * error);
    w.w2.noalias() += eta * (error * w.w1.transpose());
    w.w1.swap(new_w1);

    if (step % 16 == 15 && blown_up(w)) {  // stop early rather than run on with infinities
      outcome.diverged_at = static_cast<double>(step + 1) * eta;
      break;
    }
    if (progress && step % 512 == 511) progress(static_cast<double>(step + 1) / static_cast<double>(last));
  }
  return outcome;
}

}  // namespace ldyn
