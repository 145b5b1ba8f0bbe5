#include "ldyn/schedule.hpp"

namespace ldyn {

std::vector<double> phase_starts(const Schedule& schedule) {
  std::vector<double> starts;
  double t = 0;
  for (const Phase& phase : schedule) {
    starts.push_back(t);
    t += phase.duration;
  }
  return starts;
}

}  // namespace ldyn
