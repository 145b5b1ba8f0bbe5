// What an experiment will cost, estimated before anything runs (docs/cli.md, "Limits"): every part of
// the work in arithmetic operations, so that one documented limit bounds the running time, and the
// number of values the result will hold.
#pragma once

#include <string>

#include "ldyn/experiment.hpp"
#include "ldyn/result.hpp"

namespace ldyn {

// The work limit: about kSecondsPerOperation * kMaxWork seconds natively at the slowest measured
// rate (bench/cost-model.mjs measures it; bench/README.md reports it).
constexpr double kMaxWork = 3e11;
constexpr double kMaxOutputNumbers = 5e7;
// bench/cost-model.mjs measured at most 0.12 ns per operation natively and 0.13 ns in wasm on the
// project's machine (2026-11-29); the estimate printed to users keeps a margin for slower machines.
constexpr double kSecondsPerOperation = 0.2e-9;

struct CostEstimate {
  double setup = 0;        // building the tasks, the initial weights and the spectra of F
  double exact = 0;        // the exact solution's steps
  double simulation = 0;   // gradient descent's steps
  double metrics = 0;      // the recorded series, both trajectories, every time point
  double monte_carlo = 0;  // sampled sensitivities
  double output = 0;       // writing the result out
  double numbers = 0;      // how many numbers the result holds

  double total() const { return setup + exact + simulation + metrics + monte_carlo + output; }
  // The largest part: "setup", "exact", "simulation", "metrics", "monteCarlo" or "output".
  std::string largest() const;
};

CostEstimate estimate_cost(const Experiment& e);
// The recorded metric that costs the most per time point (for messages).
Metric costliest_metric(const Experiment& e);

// The estimate as the CLI's --estimate and the JS API's estimate() report it:
// {"operations", "limit", "seconds" (natively, at kSecondsPerOperation), "numbers", "parts": {...}}.
Node cost_node(const CostEstimate& cost);

// Operations to build one task of the configuration's kinds (counted before it is built).
double random_task_cost(int inputs, int outputs, int items);
// "about 3 s", "about 2.1 h" for a number of operations at kSecondsPerOperation.
std::string describe_duration(double operations);

}  // namespace ldyn
