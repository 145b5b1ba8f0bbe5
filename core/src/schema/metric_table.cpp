#include "metric_table.hpp"

#include <algorithm>
#include <stdexcept>

#include "math/kernels.hpp"
#include "ldyn/init.hpp"
#include "ldyn/svd.hpp"

namespace ldyn {
namespace {

constexpr double kCallOverhead = 600;

int i(double v) { return static_cast<int>(v); }

// loss(task, W2 W1) with W2 W1 read in place from QQ^T and the residual Y - W2 W1 X formed by the
// engine's kernel in `scratch`: the same residual, no temporaries.
double residual_loss(const Task& task, const Snapshot& state, Mat& scratch) {
  const int no = task.outputs(), ni = task.inputs(), p = task.items();
  const Mat& q = state.qqt();
  scratch.resize(no, p);
  kernel::gemm<kernel::Write::Add>(no, p, ni, q.data() + ni, kernel::ld(q), task.x.data(), kernel::ld(task.x), scratch.data(),
                                   kernel::ld(scratch), -1.0, task.y.data(), kernel::ld(task.y));
  return kernel::squared_norm(no * p, scratch.data()) / (2.0 * p);
}

double loss_cost(const Sizes& s) { return product_cost(s.no, s.ni, s.items) + 3 * s.no * s.items; }
double item_rsm_cost(const Sizes& s) { return product_cost(s.ni, s.ni, s.items) + product_cost(s.items, s.ni, s.items); }

}  // namespace

Sizes sizes_of(const Experiment& e, bool simulation) {
  const Dims d = e.initial.dims();
  return {static_cast<double>(d.input), static_cast<double>(d.hidden), static_cast<double>(d.output),
          static_cast<double>(e.schedule.front().task.items()), static_cast<double>(e.schedule.size()),
          static_cast<double>(simulation ? d.hidden : std::min(d.hidden, d.input + d.output))};
}

double product_cost(double m, double k, double n) { return 2 * m * k * n + kCallOverhead; }
double eigenvalues_cost(double n) { return 2 * n * n * n + kCallOverhead; }
double eigenvectors_cost(double n) { return 12 * n * n * n + kCallOverhead; }

const std::vector<MetricSpec>& metric_table() {
  static const std::vector<MetricSpec> table{
      {Metric::Loss, "loss", {{"loss", [](const Sizes&) { return std::vector<int>{}; }}}, Reads::State,
       // Every record also forms QQ^T from its factor.
       [](const Sizes& s) { return product_cost(s.ni + s.no, s.factor_columns, s.ni + s.no) + loss_cost(s); },
       [](const RecordContext& c, Values& v) { v.push_back(residual_loss(c.current, c.state, v.scratch())); }},
      {Metric::Qqt, "qqt", {{"qqt", [](const Sizes& s) { return std::vector<int>{i(s.ni + s.no), i(s.ni + s.no)}; }}}, Reads::State,
       [](const Sizes& s) { return (s.ni + s.no) * (s.ni + s.no); },
       [](const RecordContext& c, Values& v) { v.view(c.state.qqt()); }, Networks::TwoLayer},
      {Metric::NetworkFunction, "networkFunction", {{"networkFunction", [](const Sizes& s) { return std::vector<int>{i(s.no), i(s.ni)}; }}}, Reads::State,
       [](const Sizes& s) { return s.ni * s.no; },
       [](const RecordContext& c, Values& v) { v.push_back(c.state.network_function()); }},
      {Metric::Outputs, "outputs", {{"outputs", [](const Sizes& s) { return std::vector<int>{i(s.no), i(s.items)}; }}}, Reads::State,
       [](const Sizes& s) { return product_cost(s.no, s.ni, s.items); },
       [](const RecordContext& c, Values& v) { v.push_back(c.state.network_function() * c.reference.x); }},
      {Metric::SingularValues, "singularValues", {{"singularValues", [](const Sizes& s) { return std::vector<int>{i(std::min(s.ni, s.no))}; }}}, Reads::State,
       [](const Sizes& s) { return eigenvalues_cost(s.ni + s.no); },
       [](const RecordContext& c, Values& v) { v.push_back(singular_values(c.state.network_function())); }},
      {Metric::Representations, "representations",
       {{"inputRepresentation", [](const Sizes& s) { return std::vector<int>{i(s.ni), i(s.ni)}; }},
        {"outputRepresentation", [](const Sizes& s) { return std::vector<int>{i(s.no), i(s.no)}; }}},
       Reads::State, [](const Sizes& s) { return s.ni * s.ni + s.no * s.no; },
       [](const RecordContext& c, Values& v) {
         v.push_back(c.state.input_representation());
         v.push_back(c.state.output_representation());
       }},
      {Metric::ItemRsm, "itemRsm", {{"itemRsm", [](const Sizes& s) { return std::vector<int>{i(s.items), i(s.items)}; }}}, Reads::State, item_rsm_cost,
       [](const RecordContext& c, Values& v) { v.push_back(item_rsm(c.reference, c.state.input_representation())); }},
      {Metric::Ntk, "ntk", {{"ntk", [](const Sizes& s) { return std::vector<int>{i(s.no * s.items), i(s.no * s.items)}; }}}, Reads::State,
       [](const Sizes& s) { return item_rsm_cost(s) + product_cost(s.items, s.ni, s.items) + 2 * s.no * s.no * s.items * s.items; },
       [](const RecordContext& c, Values& v) { v.push_back(ntk(c.reference, c.state.input_representation(), c.state.output_representation())); },
       Networks::TwoLayer},
      {Metric::KernelDistance, "kernelDistance", {{"kernelDistance", [](const Sizes&) { return std::vector<int>{}; }}}, Reads::State,
       [](const Sizes& s) { return 2 * product_cost(s.ni, s.ni, s.ni) + 12 * (s.ni * s.ni + s.no * s.no); },
       [](const RecordContext& c, Values& v) { v.push_back(c.distance(c.state.input_representation(), c.state.output_representation())); },
       Networks::TwoLayer},
      {Metric::Sensitivity, "sensitivity",
       {{"sensitivity.input", [](const Sizes&) { return std::vector<int>{}; }},
        {"sensitivity.parameter", [](const Sizes&) { return std::vector<int>{}; }}},
       // (+ Ni^2: tr(W1 Sxx W1^T) when the inputs are not white)
       Reads::State, [](const Sizes& s) { return 3 * (s.ni + s.no) * (s.ni + s.no) + 2 * s.ni * s.ni; },
       [](const RecordContext& c, Values& v) {
         const NoiseSpec& noise = c.experiment.noise;
         const Sensitivity s = sensitivity(c.state, c.experiment.initial.dims().hidden, noise.input, noise.parameter, c.reference);
         v.push_back(s.input);
         v.push_back(s.parameter);
       },
       Networks::TwoLayer},
      {Metric::TaskLosses, "taskLosses", {{"taskLosses", [](const Sizes& s) { return std::vector<int>{i(s.phases)}; }}}, Reads::State,
       [](const Sizes& s) { return s.phases * loss_cost(s); },
       [](const RecordContext& c, Values& v) {
         const Schedule& schedule = c.experiment.schedule;
         Vec losses(schedule.size());
         for (std::size_t k = 0; k < schedule.size(); ++k) losses(k) = residual_loss(schedule[k].task, c.state, v.scratch());
         v.push_back(losses);
       }},
      {Metric::Balance, "balanceDeviation", {{"balanceDeviation", [](const Sizes&) { return std::vector<int>{}; }}}, Reads::Weights,
       [](const Sizes& s) { return product_cost(s.nh, s.no, s.nh) + product_cost(s.nh, s.ni, s.nh) + s.nh * s.nh; },
       [](const RecordContext& c, Values& v) {
         if (!c.deep) {
           v.push_back(balance_deviation(*c.weights, c.experiment.lambda));
           return;
         }
         // A deep network: the largest deviation over its hidden layers.
         double largest = 0;
         for (std::size_t h = 1; h < c.deep->layers.size(); ++h)
           largest = std::max(largest, balance_deviation({c.deep->layers[h - 1], c.deep->layers[h]}, c.experiment.deep_lambdas[h - 1]));
         v.push_back(largest);
       }},
      {Metric::EffectiveRank, "effectiveRank", {{"effectiveRank", [](const Sizes&) { return std::vector<int>{}; }}}, Reads::State,
       [](const Sizes& s) { return eigenvalues_cost(s.ni + s.no) + 4 * std::min(s.ni, s.no); },
       [](const RecordContext& c, Values& v) { v.push_back(effective_rank(singular_values(c.state.network_function()))); }},
      {Metric::Task, "task", {}, Reads::State, [](const Sizes&) { return 0.0; }, [](const RecordContext&, Values&) {}},
  };
  return table;
}

const MetricSpec& metric_spec(Metric metric) {
  for (const MetricSpec& spec : metric_table())
    if (spec.metric == metric) return spec;
  throw std::logic_error("metric missing from the table");
}

}  // namespace ldyn
