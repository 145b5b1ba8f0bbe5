// The exact solution (exact_trajectory) against an independent long-double RK4 integration of the
// weight ODE, for every architecture and a wide range of lambda and sigma, and against gradient
// descent with small learning rates.
#include <catch2/catch.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "ldyn/exact.hpp"
#include "ldyn/init.hpp"
#include "ldyn/simulation.hpp"
#include "ldyn/task.hpp"
#include "test_support.hpp"

using namespace ldyn;
using namespace ldyn::test;

namespace {

// Items per task: a few more than inputs, so that X can be whitened.
Task task_for(const Dims& d, std::uint64_t seed) { return random_task(d.input, d.output, d.input + 3, seed); }

// Compares exact QQ^T with RK4 at each time: whole matrix and each block that is not negligible
// (a block below 1e-9 of the whole carries no information at this tolerance).
void check_against_rk4(const Dims& d, double lambda, double sigma, const std::vector<double>& times, double rk_step,
                       std::uint64_t seed = 7) {
  const Task task = task_for(d, seed);
  const Weights w0 = balanced_init(d, lambda, sigma, seed + 1);
  const std::vector<Mat> exact = exact_qqt({{task}}, lambda, w0, times);
  Weights w = w0;
  double t = 0;
  for (std::size_t i = 0; i < times.size(); ++i) {
    w = rk4_flow(w, task.syx, times[i] - t, rk_step);
    t = times[i];
    const Mat ref = qqt(w);
    INFO("dims (" << d.input << "," << d.hidden << "," << d.output << ") lambda " << lambda << " sigma " << sigma
                  << " t " << t);
    CHECK(relative_error(exact[i], ref) < 1e-8);
    const int ni = d.input;
    const std::pair<const char*, Mat> blocks[] = {
        {"W1^T W1", input_block(ref, ni)}, {"W2 W1", function_block(ref, ni)}, {"W2 W2^T", output_block(ref, ni)}};
    const std::pair<const char*, Mat> got[] = {
        {"W1^T W1", input_block(exact[i], ni)}, {"W2 W1", function_block(exact[i], ni)}, {"W2 W2^T", output_block(exact[i], ni)}};
    for (int b = 0; b < 3; ++b) {
      if (blocks[b].second.norm() < 1e-9 * ref.norm()) continue;
      INFO("block " << blocks[b].first);
      CHECK(relative_error(got[b].second, blocks[b].second) < 1e-8);
    }
  }
}

}  // namespace

// Square network (3,3,3): exact == RK4 for lambda in {-2, 0, 2} and sigma from 1e-6 to 1.
TEST_CASE("exact vs RK4: square network over lambda and sigma", "[exact][rk4]") {
  const double lambda = GENERATE(-2.0, 0.0, 2.0);
  const double sigma = GENERATE(1e-6, 1e-2, 1.0);
  check_against_rk4({3, 3, 3}, lambda, sigma, {0.5, 2, 10}, 1e-3);
}

// Funnel (4,3,2), which admits lambda <= 0.
TEST_CASE("exact vs RK4: funnel network, lambda <= 0", "[exact][rk4]") {
  const double lambda = GENERATE(-2.0, -0.5, 0.0);
  const double sigma = GENERATE(1e-2, 1.0);
  check_against_rk4({4, 3, 2}, lambda, sigma, {0.5, 2, 10}, 1e-3);
}

// Inverted funnel (2,3,4), which admits lambda >= 0.
TEST_CASE("exact vs RK4: inverted-funnel network, lambda >= 0", "[exact][rk4]") {
  const double lambda = GENERATE(0.0, 0.5, 2.0);
  const double sigma = GENERATE(1e-2, 1.0);
  check_against_rk4({2, 3, 4}, lambda, sigma, {0.5, 2, 10}, 1e-3);
}

// Hidden layer wider than input and output (and, for 3,8,3, wider than Ni + No): only lambda = 0.
TEST_CASE("exact vs RK4: wide hidden layers at lambda = 0", "[exact][rk4]") {
  const Dims d = GENERATE(Dims{2, 6, 3}, Dims{3, 8, 3});
  const double sigma = GENERATE(1e-6, 1e-2, 1.0);
  check_against_rk4(d, 0.0, sigma, {0.5, 2, 10}, 1e-3);
}

// Extreme relative scales |lambda| = 1000: stiff, so short times and a tiny RK4 step.
TEST_CASE("exact vs RK4: lambda = +-1000 over a short time", "[exact][rk4]") {
  const double sigma = GENERATE(1e-2, 1.0);
  SECTION("square, lambda = -1000") { check_against_rk4({3, 3, 3}, -1000, sigma, {0.01, 0.05}, 1e-5); }
  SECTION("square, lambda = +1000") { check_against_rk4({3, 3, 3}, 1000, sigma, {0.01, 0.05}, 1e-5); }
  SECTION("funnel, lambda = -1000") { check_against_rk4({4, 3, 2}, -1000, sigma, {0.01, 0.05}, 1e-5); }
  SECTION("inverted funnel, lambda = +1000") { check_against_rk4({2, 3, 4}, 1000, sigma, {0.01, 0.05}, 1e-5); }
}

// Large absolute scale sigma = 100: fast dynamics, so short times and a tiny RK4 step.
TEST_CASE("exact vs RK4: sigma = 100 over a short time", "[exact][rk4]") {
  const double lambda = GENERATE(-2.0, 0.0, 2.0);
  check_against_rk4({3, 3, 3}, lambda, 100.0, {0.005, 0.02, 0.05}, 1e-5);
}

// Gradient descent approaches the exact flow linearly in the learning rate eta.
TEST_CASE("gradient descent converges to the exact solution at rate O(eta)", "[exact][simulation]") {
  const Dims d{3, 3, 3};
  const double lambda = GENERATE(-1.0, 0.0, 1.0);
  const Task task = task_for(d, 11);
  const Weights w0 = balanced_init(d, lambda, 0.1, 12);
  const std::vector<double> times{1.0, 5.0};
  const std::vector<Mat> exact = exact_qqt({{task}}, lambda, w0, times);
  const auto error_at = [&](double eta) {
    double worst = 0;
    simulate({{task}}, w0, eta, times, [&](int i, const Weights& w) {
      worst = std::max(worst, relative_error(qqt(w), exact[i]));
    });
    return worst;
  };
  const double e16 = error_at(1.6e-3), e4 = error_at(4e-4), e1 = error_at(1e-4);
  INFO("lambda " << lambda << " errors " << e16 << " " << e4 << " " << e1);
  CHECK(e16 / e4 == Approx(4).epsilon(0.15));
  CHECK(e4 / e1 == Approx(4).epsilon(0.15));
  CHECK(e1 < 1e-3);
  CHECK(e1 > 0);  // gradient descent is not the flow: a zero error would mean the comparison is broken
}
