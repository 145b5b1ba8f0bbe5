#include "ldyn/experiment.hpp"

#include <cmath>
#include <optional>
#include <stdexcept>

#include "ldyn/cost.hpp"
#include "ldyn/deep_exact.hpp"
#include "ldyn/exact.hpp"
#include "ldyn/init.hpp"
#include "ldyn/metrics.hpp"
#include "ldyn/simulation.hpp"
#include "ldyn/svd.hpp"
#include "ldyn/version.hpp"
#include "math/number_text.hpp"
#include "metric_table.hpp"

namespace ldyn {

const std::vector<std::pair<Metric, std::string>>& metric_names() {
  static const std::vector<std::pair<Metric, std::string>> names = [] {
    std::vector<std::pair<Metric, std::string>> out;
    for (const MetricSpec& spec : metric_table()) out.emplace_back(spec.metric, spec.name);
    return out;
  }();
  return names;
}

namespace {


// Sets root.a.b = value for the path "a.b".
void set_path(Node& root, const std::string& path, Node value) {
  const auto dot = path.find('.');
  if (dot == std::string::npos) {
    root.set(path, std::move(value));
    return;
  }
  const std::string head = path.substr(0, dot);
  Node child = root.find(head) ? *root.find(head) : Node();
  set_path(child, path.substr(dot + 1), std::move(value));
  root.set(head, std::move(child));
}

// Collects the requested series of one trajectory (exact or simulated), one state at a time, as
// metric_table() describes them.
class SeriesRecorder {
 public:
  SeriesRecorder(const Experiment& e, const Mat& initial_factor, bool simulation)
      : e_(e),
        reference_(e.schedule.front().task),
        starts_(phase_starts(e.schedule)),
        ni_(e.initial.dims().input),
        state_(initial_factor, ni_),
        distance_(reference_, state_.input_representation(), state_.output_representation()),
        monte_carlo_(e.metrics.count(Metric::Sensitivity) && e.noise.samples > 0) {
    const Sizes sizes = sizes_of(e, simulation);
    for (const MetricSpec& spec : metric_table()) {
      if (!e.metrics.count(spec.metric) || (spec.simulation_only() && !simulation)) continue;
      specs_.push_back(&spec);
      for (const SeriesSpec& series : spec.series) {
        Tensor tensor = Tensor::series(series.shape(sizes));
        std::size_t item = 1;
        for (std::size_t d = 1; d < tensor.shape.size(); ++d) item *= static_cast<std::size_t>(tensor.shape[d]);
        tensor.data.reserve(item * e.times.size());  // every time point: no reallocation, no copy
        series_.push_back({series.field, std::move(tensor)});
      }
    }
  }

  // Records the state at `time`. False, with nothing recorded, if a value is not finite: problem()
  // then names it.
  bool record(double time, const Mat& factor, const Weights* weights, const DeepWeights* deep = nullptr) {
    state_.assign(factor);
    const RecordContext context{e_, reference_, task_at(time), state_, distance_, weights, deep};
    values_.clear();
    for (const MetricSpec* spec : specs_) {
      const std::size_t before = values_.size();
      spec->record(context, values_);
      // Stored and checked in one pass; a value that is not finite takes back what this record stored.
      bool finite = true;
      for (std::size_t k = before; k < values_.size(); ++k) finite = append(series_[k].second, values_[k]) && finite;
      if (!finite) {
        for (std::size_t k = 0; k < values_.size(); ++k) unappend(series_[k].second, values_[k]);
        problem_ = std::string(spec->name) + " is not finite at t = " + number_text(time);
        return false;
      }
    }
    if (monte_carlo_) last_factor_ = factor;
    ++count_;
    return true;
  }

  const std::string& problem() const { return problem_; }

  // The series recorded (moved out: call once).
  Node finish() {
    Node out;
    for (auto& [field, tensor] : series_) set_path(out, field, std::move(tensor));
    if (monte_carlo_ && count_ > 0) {
      const NoiseSpec& noise = e_.noise;
      const Sensitivity mc = sensitivity_monte_carlo(reference_, last_factor_, e_.initial.dims().hidden, noise.input,
                                                     noise.parameter, noise.samples, noise.seed);
      Node node;
      node.set("input", mc.input);
      node.set("parameter", mc.parameter);
      node.set("samples", noise.samples);
      set_path(out, "sensitivity.monteCarlo", node);
    }
    return out;
  }

 private:
  const Task& task_at(double time) const {
    std::size_t phase = 0;
    while (phase + 1 < starts_.size() && starts_[phase + 1] <= time) ++phase;
    return e_.schedule[phase].task;
  }

  // Tensor::append(m), row by row, into the reserved storage; false if an entry is not finite.
  bool append(Tensor& tensor, const Mat& m) {
    const Eigen::Index rows = m.rows(), cols = m.cols(), ld = m.outerStride();
    const double* in = m.data();
    double check = 0;  // x - x is 0 for a finite x and NaN otherwise
    if (cols == 1 || rows == 1) {  // a number or a vector: already in order
      const Eigen::Index size = rows * cols, step = rows == 1 ? ld : 1;
      for (Eigen::Index k = 0; k < size; ++k) check += in[k * step] - in[k * step];
      if (step == 1) tensor.data.insert(tensor.data.end(), in, in + size);
      else for (Eigen::Index k = 0; k < size; ++k) tensor.data.push_back(in[k * step]);
    } else {  // transposed into a small buffer first, then copied in one piece
      row_major_.resize(static_cast<std::size_t>(rows * cols));
      double* out = row_major_.data();
      for (Eigen::Index i = 0; i < rows; ++i)
        for (Eigen::Index j = 0; j < cols; ++j) {
          const double x = in[i + j * ld];
          check += x - x;
          *out++ = x;
        }
      tensor.data.insert(tensor.data.end(), row_major_.begin(), row_major_.end());
    }
    ++tensor.shape[0];
    return check == 0;
  }
  static void unappend(Tensor& tensor, const Mat& m) {
    tensor.data.resize(tensor.data.size() - static_cast<std::size_t>(m.rows() * m.cols()));
    --tensor.shape[0];
  }

  const Experiment& e_;
  const Task& reference_;
  std::vector<double> starts_;
  int ni_;
  Snapshot state_;  // QQ^T of the state being recorded (its storage reused)
  KernelDistance distance_;
  bool monte_carlo_;  // whether finish() samples the sensitivity at the last state
  std::vector<const MetricSpec*> specs_;
  std::vector<std::pair<std::string, Tensor>> series_;  // every series of specs_, in order
  Values values_;                                       // one record's values, before they are checked
  std::vector<double> row_major_;                       // one value in the result's (row-major) order
  Mat last_factor_;
  int count_ = 0;
  std::string problem_;
};

// Z = [W1^T; W2] into `q` (its storage reused).
void stack_into(Mat& q, const Weights& w) {
  q.resize(w.w1.cols() + w.w2.rows(), w.w1.rows());
  q.topRows(w.w1.cols()) = w.w1.transpose();
  q.bottomRows(w.w2.rows()) = w.w2;
}

Mat stacked(const Weights& w) {
  Mat q(w.w1.cols() + w.w2.rows(), w.w1.rows());
  q << w.w1.transpose(), w.w2;
  return q;
}

// The data of every phase's task, the SVD of its Syx and its RSMs, for drawing the task itself.
Node tasks_node(const Schedule& schedule) {
  Node::List tasks;
  for (const Phase& phase : schedule) {
    const Svd svd = full_svd(phase.task.syx);
    Node t;
    t.set("X", Tensor::matrix(phase.task.x));
    t.set("Y", Tensor::matrix(phase.task.y));
    t.set("syx", Tensor::matrix(phase.task.syx));
    t.set("u", Tensor::matrix(svd.u));
    t.set("s", Tensor::vector(svd.s));
    t.set("v", Tensor::matrix(svd.v));
    t.set("gram", Tensor::matrix(phase.task.x.transpose() * phase.task.x));
    // The task's own similarity structure (docs/theory.md section 6): V~ S~ V~^T and U~ S~ U~^T.
    const int k = static_cast<int>(svd.s.size());
    const Mat v = svd.v.leftCols(k), u = svd.u.leftCols(k);
    t.set("inputRsm", Tensor::matrix(v * svd.s.asDiagonal() * v.transpose()));
    t.set("outputRsm", Tensor::matrix(u * svd.s.asDiagonal() * u.transpose()));
    tasks.push_back(t);
  }
  return tasks;
}

// The saddle case (docs/theory.md): at lambda = 0, with as many outputs as inputs, the gradient flow
// keeps the sign of det(W2 W1) (it would have to pass a singular W1, which it cannot reach in finite
// time). When it starts (or a phase starts) opposite to det(Syx), the state lies on the stable
// manifold of a saddle: in exact arithmetic the last mode is never learned. Returns a warning per
// phase where that happens.
Node::List saddle_warnings(const Experiment& e) {
  Node::List warnings;
  const Dims d = e.initial.dims();
  if (!e.balanced || e.is_deep() || e.exact_by_modes || d.input != d.output || d.hidden < d.input) return warnings;
  const double scale = (e.initial.w1.squaredNorm() + e.initial.w2.squaredNorm()) / d.hidden;
  if (!(std::abs(e.lambda) <= 1e-12 * std::max(scale, 1e-300))) return warnings;
  // W2 W1 at the start of every phase, from the exact flow.
  std::vector<double> starts = phase_starts(e.schedule);
  while (!starts.empty() && !(starts.back() <= e.times.back())) starts.pop_back();
  std::vector<Mat> functions;
  exact_trajectory(e.schedule, e.lambda, e.initial, starts, [&](int, const Mat& z) {
    functions.push_back((z * z.transpose()).bottomLeftCorner(d.output, d.input));
  });
  for (std::size_t k = 0; k < functions.size(); ++k) {
    // A singular Syx (a mode of strength 0, e.g. a designed spectrum 3, 0, 0) has no sign to keep:
    // its computed determinant is rounding noise, and a mode with nothing to learn is no saddle.
    const Mat& syx = e.schedule[k].task.syx;
    const Vec strengths = singular_values(syx);  // largest first
    if (!(strengths(strengths.size() - 1) > 1e-10 * strengths(0))) continue;
    const double network = Eigen::PartialPivLU<Mat>(functions[k]).determinant();
    const double task = Eigen::PartialPivLU<Mat>(syx).determinant();
    if (!(network * task < 0)) continue;
    std::string msg = (k == 0 ? "at t = 0" : "at the switch to phase " + std::to_string(k) + " (t = " + number_text(starts[k]) + ")");
    msg += ", det(W2 W1) and det(Syx) have opposite signs at lambda = 0 (with as many outputs as inputs), which the gradient flow cannot change: "
           "the state is on the stable manifold of a saddle and, in exact arithmetic, the last mode is never learned. Both curves leave "
           "the plateau only through rounding (the exact solution) or finite steps (gradient descent), so when they leave it is not meaningful";
    Node warning;
    warning.set("kind", "saddle");
    warning.set("phase", static_cast<int>(k));
    warning.set("time", starts[k]);
    warning.set("message", msg);
    warnings.push_back(warning);
  }
  return warnings;
}

// A deep network also lists every width ("layers": Ni, N1, ..., No); "hidden" is its first hidden layer.
Node dims_node(const Experiment& e) {
  const Dims d = e.initial.dims();
  Node n;
  n.set("input", d.input);
  n.set("hidden", d.hidden);
  n.set("output", d.output);
  if (e.is_deep()) {
    Vec widths(e.deep.depth() + 1);
    for (int l = 0; l <= e.deep.depth(); ++l) widths(l) = e.deep.widths()[l];
    n.set("layers", Tensor::vector(widths));
  }
  return n;
}

// Gradient descent on the network, recording every requested time; the deep network through its
// two-layer view (the metrics read W1 and the network function) and its layers (the balance).
SimulationOutcome simulate_recorded(const Experiment& e, SeriesRecorder& recorder, const std::function<void(double)>& progress) {
  Mat z;  // the factor handed to the recorder, its storage reused
  if (!e.is_deep()) {
    return simulate(e.schedule, e.initial, e.learning_rate, e.times, [&](int i, const Weights& w) {
      stack_into(z, w);
      return recorder.record(e.times[i], z, &w);
    }, progress);
  }
  return simulate_deep(e.schedule, e.deep, e.learning_rate, e.times, [&](int i, const DeepWeights& w) {
    const Weights view = w.two_layer_view();
    stack_into(z, view);
    return recorder.record(e.times[i], z, &view, &w);
  }, progress);
}

}  // namespace

namespace {

// Turns the progress of each trajectory into the progress of the whole run, weighted by their
// estimated work, and reports it when it has moved by at least a percent.
class ProgressReport {
 public:
  ProgressReport(const Experiment& e, const Progress& progress) : progress_(progress) {
    if (!progress_) return;
    const CostEstimate cost = estimate_cost(e);
    const double exact = e.run_exact && e.balanced ? cost.exact + cost.metrics / 2 : 0;
    const double simulation = e.run_simulation ? cost.simulation + cost.metrics / 2 : 0;
    const double total = exact + simulation;
    exact_weight_ = total > 0 ? exact / total : 0;
    simulation_weight_ = total > 0 ? simulation / total : 0;
  }
  void exact(double fraction) { report(exact_weight_ * fraction); }
  void simulation(double fraction) { report(exact_weight_ + simulation_weight_ * fraction); }

 private:
  void report(double fraction) {
    if (!progress_ || fraction < last_ + 0.01) return;
    last_ = fraction;
    progress_(std::min(1.0, fraction));
  }
  const Progress& progress_;
  double exact_weight_ = 0, simulation_weight_ = 0, last_ = 0;
};

}  // namespace

Node run_experiment(const Experiment& e, const Progress& progress) {
  ProgressReport report(e, progress);
  const Mat q0 = stacked(e.initial);
  Node out;
  out.set("schemaVersion", kSchemaVersion);
  out.set("dims", dims_node(e));
  out.set("items", e.schedule.front().task.items());
  out.set("lambda", e.lambda);
  if (e.is_deep()) {
    out.set("lambdas", Tensor::vector(Eigen::Map<const Vec>(e.deep_lambdas.data(), static_cast<Eigen::Index>(e.deep_lambdas.size()))));
    double largest = 0;
    for (int h = 1; h < e.deep.depth(); ++h)
      largest = std::max(largest, balance_deviation({e.deep.layers[h - 1], e.deep.layers[h]}, e.deep_lambdas[h - 1]));
    out.set("balanceDeviation", largest);
  } else {
    out.set("balanceDeviation", balance_deviation(e.initial, e.lambda));
  }
  out.set("times", Tensor::vector(e.times));
  out.set("phaseStarts", Tensor::vector(phase_starts(e.schedule)));
  Node init;
  if (e.is_deep()) {
    Node::List layers;
    for (const Mat& layer : e.deep.layers) layers.push_back(Tensor::matrix(layer));
    init.set("layers", layers);
  } else {
    init.set("W1", Tensor::matrix(e.initial.w1));
    init.set("W2", Tensor::matrix(e.initial.w2));
  }
  out.set("initialWeights", init);
  if (e.metrics.count(Metric::Task)) out.set("tasks", tasks_node(e.schedule));

  if (e.run_exact && e.balanced) {
    SeriesRecorder recorder(e, q0, false);
    const double points = static_cast<double>(e.times.size());
    if (e.is_deep() || e.exact_by_modes) {
      // Aligned weights (checked when the configuration was read): one scalar flow per mode, for
      // deep networks and for two layers on inputs that are not white.
      Mat z;
      const DeepWeights layers = e.is_deep() ? e.deep : DeepWeights{{e.initial.w1, e.initial.w2}};
      const AlignedChains chains = *aligned_chains(layers, e.schedule, nullptr);
      deep_exact_trajectory(e.schedule, chains, e.times, [&](int i, const DeepWeights& w) {
        report.exact((i + 1) / points);
        const Weights view = w.two_layer_view();
        stack_into(z, view);
        return recorder.record(e.times[i], z, &view, e.is_deep() ? &w : nullptr);
      });
    } else {
      exact_trajectory(e.schedule, e.lambda, e.initial, e.times, [&](int i, const Mat& z) {
        report.exact((i + 1) / points);
        return recorder.record(e.times[i], z, nullptr);
      });
    }
    if (recorder.problem().empty()) {
      out.set("exact", recorder.finish());
      const Node::List warnings = saddle_warnings(e);
      if (!warnings.empty()) out.set("exactWarnings", warnings);
    } else {
      out.set("exact", nullptr);
      out.set("exactUnavailable", "the exact solution cannot be represented in double precision: its " + recorder.problem() +
                                      " (the task's or the weights' values are too large)");
    }
  } else {
    out.set("exact", nullptr);
    if (e.run_exact) out.set("exactUnavailable", e.unbalanced_reason);
  }

  if (e.run_simulation) {
    SeriesRecorder recorder(e, q0, true);
    const SimulationOutcome outcome = simulate_recorded(e, recorder, [&](double fraction) { report.simulation(fraction); });
    Node sim = recorder.finish();
    if (outcome.diverged_at || outcome.stopped_at) {
      const double time = outcome.diverged_at ? *outcome.diverged_at : *outcome.stopped_at;
      std::string msg = "gradient descent diverged at t = " + number_text(time) + " (step " + std::to_string(step_at(time, e.learning_rate)) + "): ";
      if (outcome.diverged_at) msg += "the learning rate " + number_text(e.learning_rate) + " is too large for weights of this scale";
      else msg += "its " + recorder.problem() + ", too large for double precision";
      Node diverged;
      diverged.set("time", time);
      diverged.set("message", msg);
      sim.set("diverged", diverged);
    }
    out.set("simulation", sim);
  } else {
    out.set("simulation", nullptr);
  }
  return out;
}

}  // namespace ldyn
