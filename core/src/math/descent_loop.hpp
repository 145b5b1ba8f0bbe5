// The loop every gradient-descent simulation shares (two-layer and deep): which step records which
// requested time, which phase's task a step trains on, when the weights have blown up, when to
// report progress. Each simulation supplies only its own step.
#pragma once

#include <functional>
#include <vector>

#include "ldyn/recording.hpp"
#include "ldyn/schedule.hpp"
#include "ldyn/simulation.hpp"

namespace ldyn {

// The step of each phase's start (time t is step round(t / eta)).
inline std::vector<long long> phase_start_steps(const Schedule& schedule, double eta) {
  std::vector<long long> steps;
  for (double start : phase_starts(schedule)) steps.push_back(step_at(start, eta));
  return steps;
}

// Runs gradient descent from `state` until the last requested time: records the state at the step
// of every requested time, calls step(phase, state) to take one step on that phase's task, and
// stops early (with `outcome` saying when) once blown_up(state) or once record returns false.
// `times` must not be empty. A template, so that the caller's step is inlined and the loop's frame
// owns nothing to destroy (see simulation.cpp on Emscripten's exceptions).
template <class State, class BlownUp, class Step>
void descend_recorded(const Schedule& schedule, double eta, const std::vector<long long>& switch_steps,
                      const std::vector<double>& times, State& state, const Recording<State>& record,
                      const std::function<void(double)>& progress, const BlownUp& blown_up, Step& step_once,
                      SimulationOutcome& outcome) {
  std::size_t phase = 0, next = 0;
  long long next_record = step_at(times[0], eta);  // the step of times[next]
  const long long last = step_at(times.back(), eta);
  for (long long step = 0;; ++step) {
    while (next_record == step) {
      if (blown_up(state)) {
        outcome.diverged_at = static_cast<double>(step) * eta;
        return;
      }
      if (!record(static_cast<int>(next), state)) {
        outcome.stopped_at = static_cast<double>(step) * eta;
        return;
      }
      ++next;
      ++outcome.recorded;
      next_record = next < times.size() ? step_at(times[next], eta) : -1;
    }
    if (step == last) return;
    while (phase + 1 < schedule.size() && switch_steps[phase + 1] <= step) ++phase;

    step_once(phase, state);

    if (step % 16 == 15 && blown_up(state)) {  // stop early rather than run on with infinities
      outcome.diverged_at = static_cast<double>(step + 1) * eta;
      return;
    }
    if (progress && step % 512 == 511) progress(static_cast<double>(step + 1) / static_cast<double>(last));
  }
}

}  // namespace ldyn
