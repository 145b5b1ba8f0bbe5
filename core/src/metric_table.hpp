// The recordable quantities, one entry each: the name a configuration uses, the series it adds to a
// trajectory with their shapes, what one record costs, and how it is computed from a state. The
// configuration parser, the cost estimate, the recorder and the result all read this one table, so
// adding a metric is adding an entry (and its computation in metrics.cpp).
#pragma once

#include <vector>

#include "ldyn/experiment.hpp"
#include "ldyn/metrics.hpp"

namespace ldyn {

// The sizes shapes and costs depend on. `factor_columns` is the width r of the factor recorded:
// min(Nh, Ni + No) for the exact solution, Nh for the simulation.
struct Sizes {
  double ni = 0, nh = 0, no = 0, items = 0, phases = 0, factor_columns = 0;
};

Sizes sizes_of(const Experiment& e, bool simulation);

// What a metric may read when one state is recorded.
struct RecordContext {
  const Experiment& experiment;
  const Task& reference;  // the first phase's task: outputs, RSMs and the NTK are on its items
  const Task& current;    // the task being trained at this time
  const Snapshot& state;  // QQ^T
  const KernelDistance& distance;
  const Weights* weights;  // the simulation's weights; nullptr for the exact solution
  const DeepWeights* deep = nullptr;  // every layer of a deep network's simulation
};

struct SeriesSpec {
  const char* field;                        // the result field; a dot nests ("sensitivity.input")
  std::vector<int> (*shape)(const Sizes&);  // the shape of one record ({} for a number)
};

struct MetricSpec {
  Metric metric;
  const char* name;                // in configurations
  std::vector<SeriesSpec> series;  // recorded at every time point; none for "task" (the result's top level)
  bool simulation_only;            // reads the weights, not QQ^T
  double (*cost)(const Sizes&);    // arithmetic operations per record
  // One matrix per series, in order (a number is 1 x 1, a vector a column).
  void (*record)(const RecordContext&, std::vector<Mat>& values);
  // Defined for two-layer networks only (refused for deep ones, which have no QQ^T of this form).
  bool two_layer_only = false;
};

const std::vector<MetricSpec>& metric_table();
const MetricSpec& metric_spec(Metric metric);

// Operations of an m x k by k x n product, with the overhead that makes small ones cost more than
// their arithmetic (calibrated by bench/cost_model.mjs).
double product_cost(double m, double k, double n);
// A symmetric eigenproblem of size n: values only, and with vectors.
double eigenvalues_cost(double n);
double eigenvectors_cost(double n);

}  // namespace ldyn
