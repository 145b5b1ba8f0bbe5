// Deep linear networks (docs/theory.md section 10): the per-layer balanced initialization, which
// lambdas each shape admits, gradient descent that reduces to the two-layer one at L = 2, and the
// balance conserved by the flow.
#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "ldyn/config.hpp"
#include "ldyn/deep.hpp"
#include "ldyn/experiment.hpp"
#include "ldyn/init.hpp"
#include "ldyn/random.hpp"
#include "ldyn/simulation.hpp"
#include "ldyn/task.hpp"
#include "test_support.hpp"

using namespace ldyn;
using namespace ldyn::test;
using Catch::Matchers::Contains;

namespace {

double max_of(const std::vector<double>& v) {
  double m = 0;
  for (double x : v) m = std::max(m, x);
  return m;
}

}  // namespace

TEST_CASE("deep balanced init: balanced layer by layer, with the product the random A", "[deep][init]") {
  struct Case {
    std::vector<int> widths;
    std::vector<double> lambdas;
  };
  const std::vector<Case> cases{
      {{3, 3, 3, 3}, {0, 0}},           {{3, 3, 3, 3}, {1, -0.5}},         {{4, 4, 4, 4, 4}, {2, 2, -3}},
      {{3, 5, 5, 3}, {0, 0}},           {{3, 5, 3}, {0}},                  {{3, 5, 5, 4}, {0.5, -0.5}},  // pinned below and above
      {{4, 6, 3}, {0}},                 {{2, 4, 4, 4, 2}, {1, 0, -1}},        {{3, 3, 3, 3}, {1e3, -1e3}},
      {{4, 5, 6, 2}, {0, 0}}, {{4, 4, 4, 2}, {-1, -0.5}},   {{3, 5, 5, 3}, {1, -1}},   {{2, 3, 3, 3, 3}, {0.5, 0.5, 0.5}},
  };
  for (const Case& c : cases) {
    const std::vector<double>& lambdas = c.lambdas;
    const std::string problem = deep_admissibility_problem(c.widths, lambdas);
    INFO("widths " << c.widths.size() << " layers, problem: " << problem);
    REQUIRE(problem.empty());
    for (const SigmaScales scales : {SigmaScales::Product, SigmaScales::Factors}) {
      const DeepWeights w = deep_balanced_init(c.widths, lambdas, 0.3, 7, scales);
      REQUIRE(w.depth() == static_cast<int>(c.widths.size()) - 1);
      CHECK(w.widths() == c.widths);
      CHECK(max_of(deep_relative_balance_deviations(w, lambdas)) < 1e-13);
      const std::vector<double> read = deep_relative_scales(w);
      for (std::size_t h = 0; h < read.size(); ++h) CHECK(read[h] == Approx(lambdas[h]).margin(1e-12 * (1 + std::abs(lambdas[h]))));
    }
    // With the product convention the network function is the random A itself.
    const Mat a = Rng(7).normal(c.widths.back(), c.widths.front(), 0.3);
    CHECK(relative_error(deep_balanced_init(c.widths, lambdas, 0.3, 7).product(), a) < 1e-12);
  }
}

TEST_CASE("deep balanced init at two layers is the two-layer balanced init", "[deep][init]") {
  for (const Dims d : {Dims{3, 3, 3}, Dims{4, 6, 2}, Dims{2, 5, 3}, Dims{5, 5, 2}}) {
    for (const double lambda : {-2.0, -0.5, 0.0, 0.5, 2.0}) {
      if (!admissibility_problem(d, lambda).empty()) {
        CHECK(deep_admissibility_problem({d.input, d.hidden, d.output}, {lambda}) == admissibility_problem(d, lambda));
        continue;
      }
      const Weights two = balanced_init(d, lambda, 0.4, 3);
      const DeepWeights deep = deep_balanced_init({d.input, d.hidden, d.output}, {lambda}, 0.4, 3);
      CHECK(relative_error(deep.layers[0], two.w1) < 1e-13);
      CHECK(relative_error(deep.layers[1], two.w2) < 1e-13);
    }
  }
}

TEST_CASE("deep admissibility names the layer and the condition", "[deep][admissibility]") {
  CHECK_THAT(deep_admissibility_problem({3, 2, 3, 3}, {0, 0}), Contains("hidden layer 1 is a bottleneck"));
  CHECK_THAT(deep_admissibility_problem({3, 5, 5, 3}, {1, -0.5}), Contains("hidden layers 1 to 2 are wider than the layers around them"));
  CHECK_THAT(deep_admissibility_problem({3, 5, 5, 3}, {1, -0.5}), Contains("lambda_1 + lambda_2 = 0"));
  CHECK(deep_admissibility_problem({3, 5, 5, 3}, {1, -1}).empty());
  CHECK_THAT(deep_admissibility_problem({3, 5, 5, 5}, {-1, 0.5}), Contains("wider than the layer below it, which needs lambda_1 >= 0"));
  CHECK_THAT(deep_admissibility_problem({3, 5, 5, 5}, {1, -1.5}), Contains("lambda_1 + lambda_2 >= 0"));
  CHECK_THAT(deep_admissibility_problem({5, 5, 5, 3}, {-0.5, 1}), Contains("wider than the layer above it, which needs lambda_2 <= 0"));
  CHECK_THAT(deep_admissibility_problem({3, 3, 3, 3}, {1}), Contains("one lambda per hidden layer (2), got 1"));
  CHECK_THROWS_WITH(deep_balanced_init({3, 5, 5, 5, 3}, {1, 0, 0}, 0.1, 1), Contains("lambda_1 + lambda_2 + lambda_3 = 0"));
}

TEST_CASE("deep gradient descent at two layers is the two-layer simulation", "[deep][simulation]") {
  const Task task = random_task(3, 4, 6, 2);
  const Schedule schedule{{task}, {reversed(task)}};
  Schedule timed = schedule;
  timed[0].duration = 2;
  const Weights w = gaussian_init({3, 5, 4}, 0.4, 9);
  const std::vector<double> times{0, 0.5, 1, 3, 4};
  std::vector<Weights> two, deep;
  simulate(timed, w, 0.01, times, [&](int, const Weights& s) { two.push_back(s); });
  simulate_deep(timed, DeepWeights{{w.w1, w.w2}}, 0.01, times, [&](int, const DeepWeights& s) { deep.push_back({s.layers[0], s.layers[1]}); });
  REQUIRE(two.size() == times.size());
  REQUIRE(deep.size() == times.size());
  for (std::size_t i = 0; i < times.size(); ++i) {
    CHECK(relative_error(deep[i].w1, two[i].w1) < 1e-13);
    CHECK(relative_error(deep[i].w2, two[i].w2) < 1e-13);
  }
}

TEST_CASE("deep gradient descent conserves the per-layer balance up to O(eta^2) per step", "[deep][simulation][balance]") {
  const Task task = random_task(3, 3, 6, 4);
  const Schedule schedule{{task}};
  const std::vector<double> lambdas{0.5, -0.25};
  const DeepWeights w0 = deep_balanced_init({3, 3, 3, 3}, lambdas, 0.1, 5);
  const std::vector<double> times{0, 2, 5, 10};
  double coarse = 0, fine = 0, learned = 0;
  for (const double eta : {0.02, 0.005}) {
    double worst = 0;
    simulate_deep(schedule, w0, eta, times, [&](int i, const DeepWeights& s) {
      worst = std::max(worst, max_of(deep_relative_balance_deviations(s, lambdas)));
      if (i == 3) learned = loss(task, s.product());
    });
    (eta > 0.01 ? coarse : fine) = worst;
  }
  INFO("deviation at eta = 0.02: " << coarse << ", at 0.005: " << fine);
  CHECK(fine < 1e-3);
  // The drift per unit time is O(eta): a four times smaller rate, about four times smaller.
  CHECK(coarse / fine > 3);
  CHECK(coarse / fine < 5);
  // And it learned: the loss fell well below its value at W = 0.
  CHECK(learned < 0.5 * loss(task, Mat::Zero(3, 3)));
}

TEST_CASE("deep gradient descent reports divergence", "[deep][simulation]") {
  const Task task = random_task(3, 3, 6, 4);
  const DeepWeights w0 = deep_gaussian_init({3, 3, 3, 3}, 3.0, 1);
  const SimulationOutcome out = simulate_deep({{task}}, w0, 1.0, {0, 50}, [](int, const DeepWeights&) {});
  REQUIRE(out.diverged_at.has_value());
  CHECK(out.recorded == 1);
}

// The configuration: dims.hidden as a list makes a deep network; the run has no exact solution,
// says why, and records the deep metrics; two-layer-only metrics and explicit weights are refused.
TEST_CASE("config: a deep network from dims.hidden as a list", "[deep][config]") {
  Json c = {{"dims", {{"input", 3}, {"hidden", {3, 3}}, {"output", 3}}},
            {"task", {{"kind", "random"}, {"items", 6}, {"seed", 1}}},
            {"init", {{"kind", "balanced"}, {"lambda", 0.5}, {"sigma", 0.1}, {"seed", 2}}},
            {"times", {{"end", 2}, {"count", 5}}},
            {"learningRate", 0.01},
            {"metrics", {"loss", "networkFunction", "singularValues", "representations", "balanceDeviation"}}};
  const Experiment e = parse_experiment(c.dump());
  REQUIRE(e.is_deep());
  CHECK(e.deep.widths() == std::vector<int>{3, 3, 3, 3});
  CHECK(e.deep_lambdas == std::vector<double>{0.5, 0.5});
  CHECK(!e.balanced);
  const Node out = run_experiment(e);
  CHECK(std::holds_alternative<std::nullptr_t>(out.find("exact")->value()));
  CHECK_THAT(std::get<std::string>(out.find("exactUnavailable")->value()), Contains("aligned with the task's modes"));
  CHECK(std::get<Tensor>(out.find("dims")->find("layers")->value()).data == std::vector<double>{3, 3, 3, 3});
  CHECK(std::get<Node::List>(out.find("initialWeights")->find("layers")->value()).size() == 3);
  CHECK(result_series(out, "simulation", "loss").data.size() == 5);
  CHECK(result_series(out, "simulation", "balanceDeviation").data[0] < 1e-14);
  // The network function recorded is W3 W2 W1.
  const Tensor& function = result_series(out, "simulation", "networkFunction");
  const Mat w0 = Eigen::Map<const Eigen::Matrix<double, 3, 3, Eigen::RowMajor>>(function.data.data());
  CHECK(relative_error(w0, e.deep.product()) < 1e-14);

  c["init"]["lambda"] = {0.5, -0.5};
  CHECK(parse_experiment(c.dump()).deep_lambdas == std::vector<double>{0.5, -0.5});
  c["init"]["lambda"] = {0.5};
  CHECK_THROWS_WITH(parse_experiment(c.dump()), Contains("one per hidden layer (2), got 1"));
  c["init"] = {{"kind", "balanced"}, {"lambda", 0.5}, {"sigma", 0.1}};
  c["metrics"] = {"loss", "ntk"};
  CHECK_THROWS_WITH(parse_experiment(c.dump()), Contains("\"ntk\" is defined for two-layer networks only"));
  c["metrics"] = {"loss"};
  c["init"] = {{"kind", "explicit"}, {"W1", {{1, 0, 0}}}, {"W2", {{1}, {0}, {0}}}};
  CHECK_THROWS_WITH(parse_experiment(c.dump()), Contains("two-layer (W1, W2)"));
  c["dims"]["hidden"] = {5, 5};
  c["init"] = {{"kind", "balanced"}, {"lambda", 1}, {"sigma", 0.1}};
  CHECK_THROWS_WITH(parse_experiment(c.dump()), Contains("lambda_1 + lambda_2 = 0"));
  // [Nh] is the two-layer network.
  c["dims"]["hidden"] = {3};
  c["init"] = {{"kind", "balanced"}, {"lambda", 1}, {"sigma", 0.1}};
  CHECK(!parse_experiment(c.dump()).is_deep());
}
