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

// One record's values, one per series in order (a number is 1 x 1, a vector a column), before they
// are checked and stored. The storage is kept from record to record, so that recording allocates
// nothing once the first record has sized it; a value may also be a view of a matrix that outlives
// the record (QQ^T of the state), which is then not copied.
class Values {
 public:
  void clear() { used_ = 0; }
  std::size_t size() const { return used_; }
  const Mat& operator[](std::size_t k) const { return entries_[k].view ? *entries_[k].view : entries_[k].own; }

  void push_back(double value) {
    Mat& m = next();
    m.resize(1, 1);
    m(0, 0) = value;
  }
  template <class Expression>
  void push_back(const Expression& value) {
    next().noalias() = value;  // into the kept storage, resized only when the shape changes
  }
  void view(const Mat& value) { entries_[claim()].view = &value; }
  // Scratch space for a metric's computation (not a value).
  Mat& scratch() { return scratch_; }

 private:
  struct Entry {
    Mat own;
    const Mat* view = nullptr;
  };
  std::size_t claim() {
    if (used_ == entries_.size()) entries_.emplace_back();
    entries_[used_].view = nullptr;
    return used_++;
  }
  Mat& next() { return entries_[claim()].own; }
  std::vector<Entry> entries_;
  std::size_t used_ = 0;
  Mat scratch_;
};

struct SeriesSpec {
  const char* field;                        // the result field; a dot nests ("sensitivity.input")
  std::vector<int> (*shape)(const Sizes&);  // the shape of one record ({} for a number)
};

// What a metric reads when a state is recorded: QQ^T (so both trajectories have it) or the
// simulation's weights (so only gradient descent records it).
enum class Reads { State, Weights };
// The networks a metric is defined for: any depth, or two layers only (refused for deep networks,
// which have no QQ^T of this form).
enum class Networks { Any, TwoLayer };

struct MetricSpec {
  Metric metric;
  const char* name;                // in configurations
  std::vector<SeriesSpec> series;  // recorded at every time point; none for "task" (the result's top level)
  Reads reads;
  double (*cost)(const Sizes&);    // arithmetic operations per record
  // One matrix per series, in order (a number is 1 x 1, a vector a column).
  void (*record)(const RecordContext&, Values& values);
  Networks networks = Networks::Any;

  bool simulation_only() const { return reads == Reads::Weights; }
  bool two_layer_only() const { return networks == Networks::TwoLayer; }
};

const std::vector<MetricSpec>& metric_table();
const MetricSpec& metric_spec(Metric metric);

// Operations of an m x k by k x n product, with the overhead that makes small ones cost more than
// their arithmetic (calibrated by bench/cost-model.mjs).
double product_cost(double m, double k, double n);
// A symmetric eigenproblem of size n: values only, and with vectors.
double eigenvalues_cost(double n);
double eigenvectors_cost(double n);

}  // namespace ldyn
