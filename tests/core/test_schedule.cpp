// Sequences of tasks (continual, reversal, transfer): the exact solution across switches of task
// against RK4 run phase by phase, the semigroup property, gradient descent across switches, and the
// per-phase task losses that run_experiment reports.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "ldyn/exact.hpp"
#include "ldyn/experiment.hpp"
#include "ldyn/init.hpp"
#include "ldyn/random.hpp"
#include "ldyn/simulation.hpp"
#include "ldyn/task.hpp"
#include "test_support.hpp"

using namespace ldyn;
using namespace ldyn::test;

namespace {

const Task& task_a() {
  static const Task t = random_task(3, 3, 6, 1);
  return t;
}
const Task& task_b() {
  static const Task t = random_task(3, 3, 6, 2);
  return t;
}

struct Scenario {
  std::string name;
  Schedule schedule;
};

std::vector<Scenario> scenarios() {
  return {{"continual A -> B -> A", {{task_a(), 2.0}, {task_b(), 2.0}, {task_a()}}},
          {"reversal", {{task_a(), 3.0}, {reversed(task_a())}}},
          {"transfer", {{task_a(), 3.0}, {related_task(task_a(), 0.5, 7)}}}};
}

Mat tensor_item(const Tensor& t, int i) {
  const int rows = t.shape.at(1), cols = t.shape.size() > 2 ? t.shape.at(2) : 1;
  return Eigen::Map<const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>(
      t.data.data() + static_cast<std::size_t>(i) * rows * cols, rows, cols);
}

}  // namespace

// Exact across task switches == RK4 integrated phase by phase, to 1e-8 relative (including at the switch).
TEST_CASE("exact solution across task switches matches RK4 phase by phase", "[schedule][rk4]") {
  const double lambda = GENERATE(-1.0, 0.0, 1.0);
  const Weights w0 = balanced_init({3, 3, 3}, lambda, 0.2, 3);
  const std::vector<double> times{0.5, 2.0, 3.0, 4.0, 5.5, 7.0};
  for (const Scenario& s : scenarios()) {
    INFO(s.name << ", lambda " << lambda);
    const std::vector<Mat> exact = exact_qqt(s.schedule, lambda, w0, times);
    Weights w = w0;
    double t = 0;
    for (std::size_t i = 0; i < times.size(); ++i) {
      w = rk4_schedule(s.schedule, w, t, times[i], 1e-3);
      t = times[i];
      INFO("t " << t);
      CHECK(relative_error(exact[i], qqt(w)) < 1e-8);
    }
    // Jumping over both switches at once gives the same state as stopping at every time.
    CHECK(relative_error(exact_qqt(s.schedule, lambda, w0, {times.back()})[0], exact.back()) < 1e-12);
    // The switch matters: ignoring it gives a different answer.
    const std::vector<Mat> single = exact_qqt({{task_a()}}, lambda, w0, {times.back()});
    CHECK(relative_error(single[0], exact.back()) > 1e-2);
  }
}

// Semigroup: running phase 1, taking any factor of the final QQ^T as weights and continuing on the
// next task equals the schedule with a switch (the continuation needs QQ^T only).
TEST_CASE("exact across a switch equals stopping and restarting from the QQ^T factor", "[schedule][exact]") {
  const double lambda = GENERATE(-1.5, 0.0, 2.0);
  const Dims d{3, 3, 3};
  const double switch_time = 2.5;
  const Weights w0 = balanced_init(d, lambda, 0.3, 4);
  const Schedule schedule{{task_a(), switch_time}, {task_b()}};
  const std::vector<Mat> through = exact_qqt(schedule, lambda, w0, {switch_time, 3.0, 6.0});

  Mat z;
  exact_trajectory({{task_a()}}, lambda, w0, {switch_time}, [&](int, const Mat& f) { z = f; });
  const Mat rotation = Rng(5).orthogonal(static_cast<int>(z.cols()));  // another factor of the same QQ^T
  for (const Mat& factor : {z, Mat(z * rotation)}) {
    const std::vector<Mat> restarted = exact_qqt({{task_b()}}, lambda, weights_from_factor(factor, d.input), {0.0, 0.5, 3.5});
    CHECK(relative_error(restarted[0], through[0]) < 1e-13);
    CHECK(relative_error(restarted[1], through[1]) < 1e-11);
    CHECK(relative_error(restarted[2], through[2]) < 1e-11);
  }
}

// Gradient descent with task switches tracks the exact solution with an O(eta) error.
TEST_CASE("gradient descent across task switches tracks the exact solution to O(eta)", "[schedule][simulation]") {
  const double lambda = 0.5;
  const Weights w0 = balanced_init({3, 3, 3}, lambda, 0.2, 3);
  const std::vector<double> times{1.0, 2.0, 3.0, 4.0, 6.0};
  for (const Scenario& s : scenarios()) {
    INFO(s.name);
    const std::vector<Mat> exact = exact_qqt(s.schedule, lambda, w0, times);
    const auto error_at = [&](double eta) {
      double worst = 0;
      simulate(s.schedule, w0, eta, times, [&](int i, const Weights& w) { worst = std::max(worst, relative_error(qqt(w), exact[i])); });
      return worst;
    };
    const double e1 = error_at(2e-3), e2 = error_at(5e-4);
    INFO("errors " << e1 << " " << e2);
    CHECK(e1 / e2 == Approx(4).epsilon(0.2));
    CHECK(e2 < 5e-3);
  }
}

// run_experiment with TaskLosses: every phase's task loss at every time, for both trajectories; the
// "loss" series is the loss on the task being trained at that time.
TEST_CASE("run_experiment reports every phase's task loss", "[schedule][experiment]") {
  Experiment e;
  e.schedule = {{task_a(), 2.0}, {task_b(), 2.0}, {task_a()}};
  e.lambda = 0.5;
  e.initial = balanced_init({3, 3, 3}, e.lambda, 0.2, 3);
  e.times = {0.0, 1.0, 2.0, 3.0, 4.0, 5.0};
  e.learning_rate = 1e-3;
  e.metrics = {Metric::Loss, Metric::Qqt, Metric::TaskLosses};
  const Node result = run_experiment(e);
  for (const char* trajectory : {"exact", "simulation"}) {
    INFO(trajectory);
    const Tensor& losses = result_series(result, trajectory, "taskLosses");
    const Tensor& loss_series = result_series(result, trajectory, "loss");
    const Tensor& qqt_series = result_series(result, trajectory, "qqt");
    REQUIRE(losses.shape == std::vector<int>{6, 3});
    REQUIRE(loss_series.shape == std::vector<int>{6});
    const int phase_at[] = {0, 0, 1, 1, 2, 2};  // t = 2 and t = 4 already belong to the next phase
    for (int i = 0; i < 6; ++i) {
      INFO("t " << e.times[i]);
      const Mat w = function_block(tensor_item(qqt_series, i), 3);
      for (int k = 0; k < 3; ++k) CHECK(losses.data[i * 3 + k] == Approx(loss(e.schedule[k].task, w)).epsilon(1e-12));
      CHECK(loss_series.data[i] == losses.data[i * 3 + phase_at[i]]);
    }
    // Phases 0 and 2 train the same task.
    for (int i = 0; i < 6; ++i) CHECK(losses.data[i * 3 + 0] == losses.data[i * 3 + 2]);
    // Forgetting: training on B raises the loss on A; training on A again lowers it.
    CHECK(losses.data[4 * 3 + 0] > losses.data[2 * 3 + 0]);
    CHECK(losses.data[5 * 3 + 0] < losses.data[4 * 3 + 0]);
  }
  // The exact and simulated task losses agree to O(eta).
  const Tensor& exact = result_series(result, "exact", "taskLosses");
  const Tensor& sim = result_series(result, "simulation", "taskLosses");
  for (std::size_t k = 0; k < exact.data.size(); ++k) CHECK(sim.data[k] == Approx(exact.data[k]).epsilon(1e-2));
}
