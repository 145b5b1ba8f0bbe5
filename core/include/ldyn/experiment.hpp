// One experiment: a schedule of tasks, initial weights, the times to record and what to measure.
// run_experiment computes the exact solution and the gradient-descent simulation side by side.
#pragma once

#include <cstdint>
#include <functional>
#include <set>
#include <string>
#include <vector>

#include "ldyn/deep.hpp"
#include "ldyn/result.hpp"
#include "ldyn/schedule.hpp"
#include "ldyn/types.hpp"

namespace ldyn {

// Quantities that can be recorded along a trajectory; each names a field of the result.
enum class Metric {
  Loss,             // "loss": [T]
  Qqt,              // "qqt": [T, n, n]
  NetworkFunction,  // "networkFunction": [T, No, Ni]  (W2 W1)
  Outputs,          // "outputs": [T, No, P]  (W2 W1 X on the first task's items)
  SingularValues,   // "singularValues": [T, min(No, Ni)]
  Representations,  // "inputRepresentation": [T, Ni, Ni], "outputRepresentation": [T, No, No]
  ItemRsm,          // "itemRsm": [T, P, P]  (X^T W1^T W1 X)
  Ntk,              // "ntk": [T, No P, No P]
  KernelDistance,   // "kernelDistance": [T]
  Sensitivity,      // "sensitivity": {"input": [T], "parameter": [T], "monteCarlo"?}
  TaskLosses,       // "taskLosses": [T, phases]  (loss of every phase's task)
  Balance,          // "balanceDeviation": [T]  (simulation only)
  EffectiveRank,    // "effectiveRank": [T]  (of W2 W1)
  Task,             // "tasks": per phase {X, Y, syx, u, s, v, gram, inputRsm, outputRsm} (top level)
};
// Metric names as they appear in configurations and results, and back.
const std::vector<std::pair<Metric, std::string>>& metric_names();

struct NoiseSpec {
  double input = 0.1;
  double parameter = 0.1;
  int samples = 0;  // Monte Carlo samples at the final time (0: closed forms only)
  std::uint64_t seed = 0;
};

struct Experiment {
  Schedule schedule;
  Weights initial;
  double lambda = 0;              // relative scale of the initial weights
  bool balanced = true;           // whether the exact solution applies
  std::string unbalanced_reason;  // why not, when it does not
  // A two-layer network on inputs that are not white: its exact flow (when it applies) is the
  // per-mode quadrature of the deep case (docs/theory.md section 12), not the Riccati solution.
  bool exact_by_modes = false;
  std::vector<double> times;
  double learning_rate = 0.01;
  bool run_exact = true;
  bool run_simulation = true;
  std::set<Metric> metrics{Metric::Loss, Metric::Qqt};
  NoiseSpec noise;
  // A deep network (L >= 3 weight layers; exact when aligned, docs/theory.md section 11): its initial layers and the lambda of
  // each hidden layer. Empty for two layers. For a deep network `initial` is its two-layer view
  // {W1, W_L ... W2}: the same network function and first hidden layer, which the metrics read.
  DeepWeights deep;
  std::vector<double> deep_lambdas;
  bool is_deep() const { return !deep.layers.empty(); }
};

// progress(fraction done, in [0, 1]) is called now and then when given (by estimated work), so that a
// caller can show how far a long run is.
using Progress = std::function<void(double)>;
Node run_experiment(const Experiment& experiment, const Progress& progress = nullptr);

}  // namespace ldyn
