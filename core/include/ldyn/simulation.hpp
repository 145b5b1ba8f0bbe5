// Plain gradient descent on the two-layer linear network (docs/theory.md section 1).
#pragma once

#include <functional>
#include <optional>
#include <vector>

#include "ldyn/recording.hpp"
#include "ldyn/schedule.hpp"
#include "ldyn/types.hpp"

namespace ldyn {

struct SimulationOutcome {
  int recorded = 0;                    // how many of the requested times were reached
  std::optional<double> diverged_at;   // time at which the weights stopped being finite
  std::optional<double> stopped_at;    // time at which record() asked to stop
};

// The number of gradient steps that reach time t with learning rate eta (t = eta * step).
long long step_at(double t, double learning_rate);

// Full-batch gradient descent with whitened inputs (Sxx = I):
//   E = Syx - W2 W1,  W1 += eta W2^T E,  W2 += eta E W1^T.
// Calls record(i, w) at step round(times[i] / eta) for the ascending `times`, switching task at
// step round(start / eta) of each phase. Stops early if the weights blow up (too large a rate) or
// record returns false.
// progress(fraction of the steps done) is called every few thousand steps when given.
SimulationOutcome simulate(const Schedule& schedule, Weights w, double learning_rate,
                           const std::vector<double>& times, const Recording<Weights>& record,
                           const std::function<void(double)>& progress = nullptr);

}  // namespace ldyn
