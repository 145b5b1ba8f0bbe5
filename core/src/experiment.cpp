#include "ldyn/experiment.hpp"

#include <optional>
#include <sstream>
#include <stdexcept>

#include "ldyn/exact.hpp"
#include "ldyn/init.hpp"
#include "ldyn/metrics.hpp"
#include "ldyn/simulation.hpp"

namespace ldyn {

const std::vector<std::pair<Metric, std::string>>& metric_names() {
  static const std::vector<std::pair<Metric, std::string>> names{
      {Metric::Loss, "loss"},
      {Metric::Qqt, "qqt"},
      {Metric::NetworkFunction, "networkFunction"},
      {Metric::Outputs, "outputs"},
      {Metric::SingularValues, "singularValues"},
      {Metric::Representations, "representations"},
      {Metric::ItemRsm, "itemRsm"},
      {Metric::Ntk, "ntk"},
      {Metric::KernelDistance, "kernelDistance"},
      {Metric::Sensitivity, "sensitivity"},
      {Metric::TaskLosses, "taskLosses"},
      {Metric::Balance, "balanceDeviation"},
      {Metric::Task, "task"},
  };
  return names;
}

namespace {

// Collects the requested series for one trajectory (exact or simulated), one state at a time.
class Recorder {
 public:
  Recorder(const Experiment& e, const Mat& initial_factor)
      : e_(e), reference_(e.schedule.front().task), starts_(phase_starts(e.schedule)) {
    const Dims d = e.initial.dims();
    ni_ = d.input;
    no_ = d.output;
    hidden_ = d.hidden;
    const int p = reference_.items(), n = ni_ + no_;
    const Snapshot start(initial_factor, ni_);
    distance_.emplace(reference_, start.input_representation(), start.output_representation());
    add("loss", {});
    if (has(Metric::Qqt)) add("qqt", {n, n});
    if (has(Metric::NetworkFunction)) add("networkFunction", {no_, ni_});
    if (has(Metric::Outputs)) add("outputs", {no_, p});
    if (has(Metric::SingularValues)) add("singularValues", {std::min(no_, ni_)});
    if (has(Metric::Representations)) {
      add("inputRepresentation", {ni_, ni_});
      add("outputRepresentation", {no_, no_});
    }
    if (has(Metric::ItemRsm)) add("itemRsm", {p, p});
    if (has(Metric::Ntk)) add("ntk", {no_ * p, no_ * p});
    if (has(Metric::KernelDistance)) add("kernelDistance", {});
    if (has(Metric::TaskLosses)) add("taskLosses", {static_cast<int>(e.schedule.size())});
  }

  void record(const Mat& factor) {
    const Snapshot s(factor, ni_);
    const Mat a = s.input_representation(), b = s.output_representation(), w = s.network_function();
    series("loss").append(loss(current_task(), w));
    if (has(Metric::Qqt)) series("qqt").append(s.qqt());
    if (has(Metric::NetworkFunction)) series("networkFunction").append(w);
    if (has(Metric::Outputs)) series("outputs").append(Mat(w * reference_.x));
    if (has(Metric::SingularValues)) series("singularValues").append(singular_values(w));
    if (has(Metric::Representations)) {
      series("inputRepresentation").append(a);
      series("outputRepresentation").append(b);
    }
    if (has(Metric::ItemRsm)) series("itemRsm").append(item_rsm(reference_, a));
    if (has(Metric::Ntk)) series("ntk").append(ntk(reference_, a, b));
    if (has(Metric::KernelDistance)) series("kernelDistance").append((*distance_)(a, b));
    if (has(Metric::Sensitivity)) {
      const Sensitivity sens = sensitivity(s, hidden_, e_.noise.input, e_.noise.parameter);
      sensitivity_input_.append(sens.input);
      sensitivity_parameter_.append(sens.parameter);
    }
    if (has(Metric::TaskLosses)) {
      Vec losses(e_.schedule.size());
      for (std::size_t k = 0; k < e_.schedule.size(); ++k) losses(k) = loss(e_.schedule[k].task, w);
      series("taskLosses").append(losses);
    }
    last_factor_ = factor;
    ++count_;
  }

  // The time of the next state, which decides the task its loss is measured on.
  void set_time(double t) { time_ = t; }

  Node finish() const {
    Node out;
    for (const auto& [name, tensor] : tensors_) out.set(name, tensor);
    if (has(Metric::Sensitivity)) {
      Node sens;
      sens.set("input", sensitivity_input_);
      sens.set("parameter", sensitivity_parameter_);
      if (e_.noise.samples > 0 && count_ > 0) {
        const Sensitivity mc = sensitivity_monte_carlo(reference_, last_factor_, hidden_, e_.noise.input,
                                                       e_.noise.parameter, e_.noise.samples, e_.noise.seed);
        Node node;
        node.set("input", mc.input);
        node.set("parameter", mc.parameter);
        node.set("samples", e_.noise.samples);
        sens.set("monteCarlo", node);
      }
      out.set("sensitivity", sens);
    }
    return out;
  }

 private:
  bool has(Metric m) const { return e_.metrics.count(m) > 0; }
  void add(const std::string& name, std::vector<int> item_shape) {
    tensors_.emplace_back(name, Tensor::series(std::move(item_shape)));
  }
  Tensor& series(const std::string& name) {
    for (auto& [key, tensor] : tensors_)
      if (key == name) return tensor;
    throw std::logic_error("no series " + name);
  }
  const Task& current_task() const {
    std::size_t phase = 0;
    while (phase + 1 < starts_.size() && starts_[phase + 1] <= time_) ++phase;
    return e_.schedule[phase].task;
  }

  const Experiment& e_;
  const Task& reference_;
  int ni_ = 0, no_ = 0, hidden_ = 0, count_ = 0;
  double time_ = 0;
  std::vector<double> starts_;
  std::optional<KernelDistance> distance_;
  std::vector<std::pair<std::string, Tensor>> tensors_;
  Tensor sensitivity_input_ = Tensor::series({}), sensitivity_parameter_ = Tensor::series({});
  Mat last_factor_;
};

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
    // The task's own similarity structure (MATH.md section 6): V~ S~ V~^T and U~ S~ U~^T.
    const int k = static_cast<int>(svd.s.size());
    const Mat v = svd.v.leftCols(k), u = svd.u.leftCols(k);
    t.set("inputRsm", Tensor::matrix(v * svd.s.asDiagonal() * v.transpose()));
    t.set("outputRsm", Tensor::matrix(u * svd.s.asDiagonal() * u.transpose()));
    tasks.push_back(t);
  }
  return tasks;
}

Node dims_node(const Dims& d) {
  Node n;
  n.set("input", d.input);
  n.set("hidden", d.hidden);
  n.set("output", d.output);
  return n;
}

}  // namespace

Node run_experiment(const Experiment& e) {
  const Dims dims = e.initial.dims();
  const Mat q0 = stacked(e.initial);
  Node out;
  out.set("schemaVersion", 1);
  out.set("dims", dims_node(dims));
  out.set("items", e.schedule.front().task.items());
  out.set("lambda", e.lambda);
  out.set("balanceDeviation", balance_deviation(e.initial, e.lambda));
  out.set("times", Tensor::vector(e.times));
  out.set("phaseStarts", Tensor::vector(phase_starts(e.schedule)));
  Node init;
  init.set("W1", Tensor::matrix(e.initial.w1));
  init.set("W2", Tensor::matrix(e.initial.w2));
  out.set("initialWeights", init);
  if (e.metrics.count(Metric::Task)) out.set("tasks", tasks_node(e.schedule));

  if (e.run_exact && e.balanced) {
    Recorder recorder(e, q0);
    exact_trajectory(e.schedule, e.lambda, e.initial, e.times, [&](int i, const Mat& z) {
      recorder.set_time(e.times[i]);
      recorder.record(z);
    });
    out.set("exact", recorder.finish());
  } else {
    out.set("exact", nullptr);
    if (e.run_exact) out.set("exactUnavailable", e.unbalanced_reason);
  }

  if (e.run_simulation) {
    Recorder recorder(e, q0);
    Tensor balance = Tensor::series({});
    const SimulationOutcome outcome = simulate(e.schedule, e.initial, e.learning_rate, e.times, [&](int i, const Weights& w) {
      recorder.set_time(e.times[i]);
      recorder.record(stacked(w));
      if (e.metrics.count(Metric::Balance)) balance.append(balance_deviation(w, e.lambda));
    });
    Node sim = recorder.finish();
    if (e.metrics.count(Metric::Balance)) sim.set("balanceDeviation", balance);
    if (outcome.diverged_at) {
      Node diverged;
      diverged.set("time", *outcome.diverged_at);
      std::ostringstream msg;
      msg << "gradient descent diverged at t = " << *outcome.diverged_at << " (step "
          << step_at(*outcome.diverged_at, e.learning_rate) << "): the learning rate " << e.learning_rate
          << " is too large for weights of this scale";
      diverged.set("message", msg.str());
      sim.set("diverged", diverged);
    }
    out.set("simulation", sim);
  } else {
    out.set("simulation", nullptr);
  }
  return out;
}

}  // namespace ldyn
