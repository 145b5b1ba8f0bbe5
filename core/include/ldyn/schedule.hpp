// A training schedule: one task, or a sequence of tasks each trained for a duration.
#pragma once

#include <limits>
#include <vector>

#include "ldyn/task.hpp"

namespace ldyn {

struct Phase {
  Task task;
  double duration = std::numeric_limits<double>::infinity();  // the last phase may run forever
};

using Schedule = std::vector<Phase>;

// Start times of the phases: 0, d0, d0 + d1, ...
std::vector<double> phase_starts(const Schedule& schedule);

}  // namespace ldyn
