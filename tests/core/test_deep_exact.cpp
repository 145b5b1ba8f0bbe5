// The exact flow of aligned deep networks (docs/theory.md section 11) against an independent
// integration of the full matrix flow (RK4 in long double on every layer), against the two-layer
// closed form at L = 2, and the cases it refuses.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <vector>

#include "ldyn/config.hpp"
#include "ldyn/deep.hpp"
#include "ldyn/deep_exact.hpp"
#include "ldyn/experiment.hpp"
#include "ldyn/svd.hpp"
#include "ldyn/task.hpp"
#include "test_support.hpp"

using namespace ldyn;
using namespace ldyn::test;

namespace {


std::vector<MatL> to_long(const DeepWeights& w) {
  std::vector<MatL> out;
  for (const Mat& layer : w.layers) out.push_back(layer.cast<long double>());
  return out;
}

// The exact weights at `times`.
std::vector<DeepWeights> exact_at(const Schedule& schedule, const DeepWeights& w0, const std::vector<double>& times) {
  std::string why;
  const auto chains = aligned_chains(w0, schedule, &why);
  INFO(why);
  REQUIRE(chains);
  std::vector<DeepWeights> out(times.size());
  deep_exact_trajectory(schedule, *chains, times, [&](int i, const DeepWeights& w) { out.at(i) = w; });
  return out;
}

double layer_error(const DeepWeights& exact, const std::vector<MatL>& reference) {
  double worst = 0;
  for (std::size_t l = 0; l < reference.size(); ++l)
    worst = std::max(worst, relative_error(exact.layers[l], reference[l].cast<double>()));
  return worst;
}

}  // namespace

TEST_CASE("deep exact: aligned networks of 3 to 5 layers follow the full matrix flow to 1e-8", "[deep][exact]") {
  struct Case {
    std::vector<int> widths;
    std::vector<double> lambdas;
    double sigma;
  };
  // Square, funnel and inverted funnel; balanced and unbalanced layers; small and large weights
  // (a long plateau at sigma = 0.05, lambda = 0).
  const std::vector<Case> cases{
      {{3, 3, 3, 3}, {0, 0}, 0.05},        {{3, 3, 3, 3}, {1, -0.5}, 0.3},   {{4, 4, 4, 4, 4}, {0.5, 0.5, -1}, 0.5},
      {{5, 3, 3, 3}, {-1, -1}, 0.2},       {{3, 3, 3, 5}, {0.7, 0.2}, 0.2},  {{3, 4, 4, 3}, {0, 0}, 0.4},
      {{3, 3, 3, 3, 3, 3}, {0, 0, 0, 0}, 0.6},
  };
  for (const Case& c : cases) {
    const Task task = random_task(c.widths.front(), c.widths.back(), 2 * c.widths.front() + 2, 5);
    const Schedule schedule{{task}};
    const Svd svd = full_svd(task.syx);
    const DeepWeights w0 = deep_balanced_init(c.widths, c.lambdas, c.sigma, 3, SigmaScales::Product, &svd);
    const std::vector<double> times{0, 0.25, 1, 3, 7};
    const std::vector<DeepWeights> exact = exact_at(schedule, w0, times);
    std::vector<MatL> reference = to_long(w0);
    double previous = 0;
    for (std::size_t j = 0; j < times.size(); ++j) {
      reference = flow_rk4(reference, task.syx, Mat::Identity(task.syx.cols(), task.syx.cols()), times[j] - previous, 1e-3);
      previous = times[j];
      INFO("widths of " << c.widths.size() - 1 << " layers, sigma " << c.sigma << ", t = " << times[j]);
      CHECK(layer_error(exact[j], reference) < 1e-8);
    }
    // And the network function converges to the task at long times.
    const std::vector<DeepWeights> late = exact_at(schedule, w0, {400});
    CHECK(relative_error(late[0].product(), task.syx) < 1e-10);
  }
}

TEST_CASE("deep exact: at two layers it is the closed-form two-layer solution", "[deep][exact]") {
  for (double lambda : {-2.0, 0.0, 0.5, 3.0}) {
    const Task task = random_task(3, 3, 8, 11);
    const Schedule schedule{{task}};
    const Svd svd = full_svd(task.syx);
    const DeepWeights w0 = deep_balanced_init({3, 3, 3}, {lambda}, 0.1, 4, SigmaScales::Product, &svd);
    const Weights two{w0.layers[0], w0.layers[1]};
    const std::vector<double> times{0, 0.5, 2, 6, 20, 200};
    const std::vector<DeepWeights> exact = exact_at(schedule, w0, times);
    const std::vector<Mat> closed = exact_qqt(schedule, lambda, two, times);
    for (std::size_t j = 0; j < times.size(); ++j) {
      INFO("lambda " << lambda << ", t = " << times[j]);
      CHECK(relative_error(qqt({exact[j].layers[0], exact[j].layers[1]}), closed[j]) < 1e-11);
    }
  }
}

TEST_CASE("deep exact: a reversal continues the same modes, and a mode passes through zero", "[deep][exact]") {
  // Unequal squared gains (lambdas != 0): the smallest gain changes sign when the task reverses.
  const Task task = random_task(3, 3, 8, 2);
  Schedule schedule{{task, 4}, {reversed(task)}};
  const Svd svd = full_svd(task.syx);
  const DeepWeights w0 = deep_balanced_init({3, 3, 3, 3}, {0.8, 0.4}, 0.3, 9, SigmaScales::Product, &svd);
  const std::vector<double> times{2, 4, 5, 8};
  const std::vector<DeepWeights> exact = exact_at(schedule, w0, times);
  std::vector<MatL> reference = to_long(w0);
  double previous = 0;
  for (std::size_t j = 0; j < times.size(); ++j) {
    const double switch_at = 4;
    if (previous < switch_at && times[j] > switch_at) {
      reference = flow_rk4(reference, task.syx, Mat::Identity(task.syx.cols(), task.syx.cols()), switch_at - previous, 1e-3);
      previous = switch_at;
    }
    reference = flow_rk4(reference, previous < switch_at ? task.syx : Mat(-task.syx), Mat::Identity(task.syx.cols(), task.syx.cols()), times[j] - previous, 1e-3);
    previous = times[j];
    INFO("t = " << times[j]);
    CHECK(layer_error(exact[j], reference) < 1e-8);
  }
  // By t = 8 the reversed task is learned: the product changed sign.
  CHECK(relative_error(exact.back().product(), -task.syx) < 1e-2);
}

TEST_CASE("deep exact: refused, with the reason, when the modes are not decoupled", "[deep][exact]") {
  const Task task = random_task(3, 3, 8, 2);
  const Svd svd = full_svd(task.syx);
  std::string why;
  // Random balanced weights (not aligned with the task).
  CHECK_FALSE(aligned_chains(deep_balanced_init({3, 3, 3, 3}, {0, 0}, 0.3, 9), Schedule{{task}}, &why));
  CHECK(why.find("not aligned") != std::string::npos);
  // Aligned weights, but a second task with other singular vectors.
  const DeepWeights aligned = deep_balanced_init({3, 3, 3, 3}, {0, 0}, 0.3, 9, SigmaScales::Product, &svd);
  CHECK(aligned_chains(aligned, Schedule{{task}}, &why));
  CHECK_FALSE(aligned_chains(aligned, Schedule{{task, 2}, {random_task(3, 3, 8, 3)}}, &why));
  CHECK(why.find("phase 2") != std::string::npos);
}

TEST_CASE("deep exact: one mode's flow, its time and its fixed point", "[deep][exact]") {
  // Three layers with squared-gain offsets 0.5 and 1.5 above the smallest.
  const ModeFlow flow({0.5, 1.5});
  const double s = 2, x0 = 0.1;
  // While the mode is still learning, the time from x0 to the state reached after t is t (near the
  // fixed point the time is ill-conditioned: dt = dx / rate with a vanishing rate).
  for (double t : {0.01, 0.1, 0.3, 1.0}) {
    const double x = flow.advance(x0, t, s);
    INFO("t = " << t << ", gap " << s - flow.a(x));
    REQUIRE(s - flow.a(x) > 1e-3);
    CHECK(flow.time_between(x0, x, s) == Approx(t).epsilon(1e-11));
  }
  // Advancing in two steps is advancing once (the flow is a semigroup).
  CHECK(flow.advance(flow.advance(x0, 0.7, s), 1.3, s) == Approx(flow.advance(x0, 2.0, s)).epsilon(1e-13));
  // Long after, the product is the target to the last bits.
  CHECK(flow.a(flow.advance(x0, 1e4, s)) == Approx(s).epsilon(1e-14));
  // With tied layers (offsets 0), zero is a saddle: a mode heading for a negative target stops there.
  const ModeFlow tied({0.0, 0.0});
  const double stuck = tied.advance(0.5, 1e3, -1);
  CHECK(stuck > 0);
  CHECK(stuck < 1e-2);
}

TEST_CASE("config: an aligned deep network gets exact curves, which gradient descent follows", "[deep][exact][config]") {
  Json c = {{"dims", {{"input", 4}, {"hidden", {4, 4}}, {"output", 3}}},
            {"task", {{"kind", "random"}, {"items", 8}, {"seed", 1}}},
            {"init", {{"kind", "aligned"}, {"lambda", {0.5, -0.7}}, {"sigma", 0.2}, {"seed", 2}}},
            {"times", {{"end", 6}, {"count", 13}}},
            {"learningRate", 1e-4},
            {"metrics", {"loss", "networkFunction", "singularValues", "representations", "balanceDeviation"}}};
  const Experiment e = parse_experiment(c.dump());
  REQUIRE(e.balanced);
  const Node out = run_experiment(e);
  REQUIRE_FALSE(std::holds_alternative<std::nullptr_t>(out.find("exact")->value()));
  CHECK(out.find("exactUnavailable") == nullptr);
  // Gradient descent with a small step is the flow to O(eta).
  const Tensor& exact = result_series(out, "exact", "networkFunction");
  const Tensor& simulated = result_series(out, "simulation", "networkFunction");
  REQUIRE(exact.data.size() == simulated.data.size());
  double worst = 0, scale = 0;
  for (std::size_t i = 0; i < exact.data.size(); ++i) {
    worst = std::max(worst, std::abs(exact.data[i] - simulated.data[i]));
    scale = std::max(scale, std::abs(exact.data[i]));
  }
  CHECK(worst < 1e-3 * scale);
  CHECK(result_series(out, "exact", "loss").data.back() < result_series(out, "exact", "loss").data.front());
  // The simulation-only balance metric is not in the exact series.
  CHECK(out.find("exact")->find("balanceDeviation") == nullptr);

  // A random (not aligned) deep init says why there is no exact curve.
  c["init"]["kind"] = "balanced";
  const Node plain = run_experiment(parse_experiment(c.dump()));
  CHECK(std::holds_alternative<std::nullptr_t>(plain.find("exact")->value()));
  CHECK(std::get<std::string>(plain.find("exactUnavailable")->value()).find("init \"aligned\"") != std::string::npos);
}
