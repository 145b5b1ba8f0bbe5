#include "ldyn/cost.hpp"

#include <algorithm>
#include <cmath>

#include "ldyn/exact.hpp"
#include "math/number_text.hpp"
#include "ldyn/svd.hpp"
#include "metric_table.hpp"

namespace ldyn {
namespace {

// One Gaussian number (Box–Muller with a log, a square root and a sine or cosine).
constexpr double kNormal = 150;
// One number written to the output (JSON text natively, a copy into a Float64Array in wasm).
constexpr double kWrite = 400;

// full_svd of an m x n matrix: the eigenproblem of size m + n and the canonical bases.
double svd_cost(double m, double n) { return eigenvectors_cost(m + n) + 2 * (m * m * m + n * n * n); }


// Operations to record one state with the requested metrics.
double record_cost(const Experiment& e, bool simulation) {
  const Sizes sizes = sizes_of(e, simulation);
  double cost = 0;
  for (const MetricSpec& spec : metric_table())
    if (e.metrics.count(spec.metric) && (simulation || !spec.simulation_only())) cost += spec.cost(sizes);
  return cost;
}

// Steps of the exact flow: every interval between recorded times and phase switches is cut into
// substeps with |f| h <= kMaxGrowth.
double exact_substeps(const Experiment& e) {
  double rate = 0;
  for (const Phase& phase : e.schedule) rate = std::max(rate, std::hypot(singular_values(phase.task.syx)(0), e.lambda / 2));
  return rate * e.times.back() / RiccatiFlow::kMaxGrowth + static_cast<double>(e.times.size() + e.schedule.size());
}

// One gradient step of a deep network (simulate_deep): the products below each layer, the error,
// and per layer its update and the error passed down.
double deep_step_cost(const std::vector<int>& w) {
  const double ni = w.front(), no = w.back();
  const std::size_t depth = w.size() - 1;
  double cost = product_cost(no, w[depth - 1], ni) + 2 * no * ni;
  for (std::size_t l = 1; l + 1 < depth; ++l) cost += product_cost(w[l + 1], w[l], ni);
  for (std::size_t l = 1; l < depth; ++l) cost += product_cost(w[l + 1], ni, w[l]) + product_cost(w[l], w[l + 1], ni) + 3 * w[l + 1] * w[l];
  return cost + 3 * w[1] * ni;
}

}  // namespace

std::string CostEstimate::largest() const {
  const std::pair<double, const char*> parts[] = {{setup, "setup"}, {exact, "exact"}, {simulation, "simulation"},
                                                  {metrics, "metrics"}, {monte_carlo, "monteCarlo"}, {output, "output"}};
  return std::max_element(std::begin(parts), std::end(parts))->second;
}

double random_task_cost(int inputs, int outputs, int items) {
  const double ni = inputs, no = outputs, p = items;
  // Whitening (core/src/math/task.cpp): X X^T, the inputs' correlations and their eigenvalues, the
  // eigenvectors of Sxx, the product, and the check that the result is white.
  return (ni + no) * p * kNormal + 4 * product_cost(ni, p, ni) + 2 * eigenvectors_cost(ni) + product_cost(no, p, ni);
}

CostEstimate estimate_cost(const Experiment& e) {
  const Dims d = e.initial.dims();
  const double ni = d.input, nh = d.hidden, no = d.output, n = ni + no, r = std::min(nh, n);
  const double p = e.schedule.front().task.items(), points = static_cast<double>(e.times.size());
  const double phases = static_cast<double>(e.schedule.size());
  CostEstimate c;

  // Setup: the spectrum of F per phase (also the task metric's SVD), the initial weights.
  c.setup = phases * svd_cost(no, ni) + svd_cost(no, ni) + (no * ni + nh * nh) * kNormal + eigenvectors_cost(nh) +
            4 * product_cost(nh, nh, std::max(ni, no));
  if (e.metrics.count(Metric::Task)) c.setup += phases * (svd_cost(no, ni) + product_cost(p, ni, p) + 2 * product_cost(n, n, n));

  if (e.run_exact && e.balanced && (e.is_deep() || e.exact_by_modes)) {
    // Per record and mode, a safeguarded Newton solve of quadratures (about 2000 evaluations of the
    // mode's L-factor product), then every layer rebuilt from its chains and the two-layer view.
    const std::vector<int> w = e.is_deep() ? e.deep.widths() : std::vector<int>{d.input, d.hidden, d.output};
    const double k = std::min(ni, no), depth = static_cast<double>(w.size() - 1);
    double rebuild = 0;
    for (std::size_t l = 0; l + 1 < w.size(); ++l) rebuild += product_cost(w[l + 1], k, w[l]) + w[l + 1] * w[l];
    for (std::size_t l = 2; l + 1 < w.size(); ++l) rebuild += product_cost(no, w[l], w[l - 1]);
    // Also, per phase, each mode's input variance v^T Sxx v and the check that Sxx keeps it apart.
    c.exact = points * (k * 2000 * (depth + 10) + rebuild) + depth * svd_cost(w.back(), w.front()) + phases * k * product_cost(ni, ni, 1);
    c.metrics += points * record_cost(e, false);
  } else if (e.run_exact && e.balanced) {
    // A QR of (n + r) x r, a triangular solve and exponentials per substep; a change of basis per record.
    const double substep = 4 * (n + r) * r * r + 2 * n * r * r + 60 * n + 6 * product_cost(1, 1, 1);
    c.exact = exact_substeps(e) * substep + (points + 2 * phases) * product_cost(n, n, r);
    c.metrics += points * record_cost(e, false);
  }
  if (e.is_deep()) {
    // The deep initialization: a random orthogonal basis and a product per hidden layer.
    for (const int width : e.deep.widths()) c.setup += eigenvectors_cost(width) + 2 * product_cost(width, width, width) + width * width * kNormal;
  }
  if (e.run_simulation) {
    const double steps = e.times.back() / e.learning_rate;
    double step = e.is_deep() ? deep_step_cost(e.deep.widths()) : 3 * product_cost(no, nh, ni) + 3 * no * ni + 2 * (nh * ni + no * nh);
    // Inputs that are not white: the error is Syx - (W) Sxx, one more product per step.
    for (const Phase& phase : e.schedule)
      if (!phase.task.white) {
        step += product_cost(no, ni, ni);
        break;
      }
    c.simulation = steps * step + points * n * nh;
    c.metrics += points * record_cost(e, true);
  }
  if (e.metrics.count(Metric::Sensitivity) && e.noise.samples > 0) {
    const double trajectories = (e.run_exact && e.balanced ? 1 : 0) + (e.run_simulation ? 1 : 0);
    const double sample = (ni + nh * ni + no * nh) * kNormal + product_cost(no, nh, ni) + product_cost(no, ni, 1) + product_cost(no, ni, p) + 2 * no * p;
    c.monte_carlo = trajectories * e.noise.samples * sample;
  }

  // What the result holds: the series of both trajectories, the task data and the initial weights.
  const auto numbers_per_record = [&](bool simulation) {
    const Sizes sizes = sizes_of(e, simulation);
    double count = 0;
    for (const MetricSpec& spec : metric_table()) {
      if (!e.metrics.count(spec.metric) || (spec.simulation_only() && !simulation)) continue;
      for (const SeriesSpec& series : spec.series) {
        double size = 1;
        for (const int extent : series.shape(sizes)) size *= extent;
        count += size;
      }
    }
    return count;
  };
  c.numbers = points + nh * (ni + no);
  if (e.run_exact && e.balanced) c.numbers += points * numbers_per_record(false);
  if (e.run_simulation) c.numbers += points * numbers_per_record(true);
  if (e.metrics.count(Metric::Task)) c.numbers += phases * ((ni + no) * p + 2 * (no * ni + no * no + ni * ni) + p * p + std::min(ni, no));
  c.output = c.numbers * kWrite;
  return c;
}

Metric costliest_metric(const Experiment& e) {
  const Sizes sizes = sizes_of(e, e.run_simulation);
  const MetricSpec* best = &metric_spec(Metric::Loss);
  for (const MetricSpec& spec : metric_table())
    if (e.metrics.count(spec.metric) && spec.cost(sizes) > best->cost(sizes)) best = &spec;
  return best->metric;
}

Node cost_node(const CostEstimate& cost) {
  Node parts;
  parts.set("setup", cost.setup);
  parts.set("exact", cost.exact);
  parts.set("simulation", cost.simulation);
  parts.set("metrics", cost.metrics);
  parts.set("monteCarlo", cost.monte_carlo);
  parts.set("output", cost.output);
  Node out;
  out.set("operations", cost.total());
  out.set("limit", kMaxWork);
  out.set("seconds", cost.total() * kSecondsPerOperation);
  out.set("numbers", cost.numbers);
  out.set("parts", parts);
  return out;
}

std::string describe_duration(double operations) {
  const double seconds = operations * kSecondsPerOperation;
  const auto round = [](double v) { return fixed_text(v, v < 10 ? 1 : 0); };
  if (seconds < 1) return "under a second";
  if (seconds < 120) return "about " + round(seconds) + " s";
  if (seconds < 7200) return "about " + round(seconds / 60) + " min";
  if (seconds < 2 * 86400) return "about " + round(seconds / 3600) + " h";
  return "about " + round(seconds / 86400) + " days";
}

}  // namespace ldyn
