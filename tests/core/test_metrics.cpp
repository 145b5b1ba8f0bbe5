// The measurements of docs/theory.md section 6: kernel distance against the formed NTK, the NTK itself
// (against the Jacobian of the network), sensitivities (closed form against Monte Carlo),
// singular values, item RSMs and Snapshot blocks.
#include <catch2/catch.hpp>

#include <cstdint>
#include <vector>

#include "ldyn/exact.hpp"
#include "ldyn/experiment.hpp"
#include "ldyn/init.hpp"
#include "ldyn/metrics.hpp"
#include "ldyn/random.hpp"
#include "ldyn/task.hpp"
#include "test_support.hpp"

using namespace ldyn;
using namespace ldyn::test;

namespace {

using MatL = Eigen::Matrix<long double, Eigen::Dynamic, Eigen::Dynamic>;

// A whitened task, or one whose X is plain Gaussian (not whitened), built with make_task.
Task whitened_task() { return random_task(3, 2, 5, 31); }
Task raw_task() {
  Rng rng(32);
  Mat x = rng.normal(3, 5, 1.7);
  Mat y = rng.normal(2, 5);
  return make_task(std::move(x), std::move(y));
}

// 1 - <K0, K> / (|K0| |K|) from the formed kernels, in long double.
double naive_distance(const Mat& k0, const Mat& k) {
  const MatL a = k0.cast<long double>(), b = k.cast<long double>();
  return static_cast<double>(1.0L - (a.cwiseProduct(b)).sum() / (a.norm() * b.norm()));
}

// The NTK as J J^T, J the Jacobian of the outputs f(o, p) = (W2 W1 x_p)_o w.r.t. (W1, W2): a
// definition that shares nothing with the Kronecker formula.
Mat ntk_from_jacobian(const Task& task, const Weights& w) {
  const int no = task.outputs(), p = task.items(), ni = task.inputs(), nh = static_cast<int>(w.w1.rows());
  Mat jac = Mat::Zero(no * p, nh * ni + no * nh);
  const Mat h = w.w1 * task.x;  // hidden activations, Nh x P
  for (int o = 0; o < no; ++o)
    for (int q = 0; q < p; ++q) {
      const int row = o * p + q;
      for (int k = 0; k < nh; ++k)
        for (int i = 0; i < ni; ++i) jac(row, k * ni + i) = w.w2(o, k) * task.x(i, q);  // d f / d W1(k, i)
      for (int k = 0; k < nh; ++k) jac(row, nh * ni + o * nh + k) = h(k, q);          // d f / d W2(o, k)
    }
  return jac * jac.transpose();
}

}  // namespace

// KernelDistance from the Kronecker structure equals 1 - cos(K0, K) of the formed NTKs, for whitened
// and non-whitened X.
TEST_CASE("KernelDistance agrees with the formed NTK", "[metrics][ntk]") {
  const bool whitened = GENERATE(true, false);
  const Task task = whitened ? whitened_task() : raw_task();
  INFO((whitened ? "whitened X" : "non-whitened X"));
  for (std::uint64_t seed = 0; seed < 5; ++seed) {
    const Weights w0 = gaussian_init({3, 4, 2}, 0.7, seed), w = gaussian_init({3, 4, 2}, 0.7, seed + 100);
    const Mat a0 = w0.w1.transpose() * w0.w1, b0 = w0.w2 * w0.w2.transpose();
    const Mat a = w.w1.transpose() * w.w1, b = w.w2 * w.w2.transpose();
    const KernelDistance distance(task, a0, b0);
    const double expected = naive_distance(ntk(task, a0, b0), ntk(task, a, b));
    INFO("seed " << seed << " expected " << expected);
    CHECK(expected > 1e-3);  // a real distance, not a trivial 0
    CHECK(std::abs(distance(a, b) - expected) < 1e-12);
    CHECK(std::abs(distance(a0, b0)) < 1e-15);
    CHECK(std::abs(distance(3.5 * a0, 3.5 * b0)) < 1e-15);  // scale invariant
  }
}

// A kernel that barely moves: the difference form keeps full relative accuracy where 1 - cos cancels.
TEST_CASE("KernelDistance is accurate for a kernel that barely moves", "[metrics][ntk]") {
  const Task task = raw_task();
  const Weights w0 = gaussian_init({3, 4, 2}, 0.7, 1);
  Weights w = w0;
  w.w1 += 1e-5 * Rng(2).normal(4, 3);
  const Mat a0 = w0.w1.transpose() * w0.w1, b0 = w0.w2 * w0.w2.transpose();
  const Mat a = w.w1.transpose() * w.w1, b = w.w2 * w.w2.transpose();
  const double expected = naive_distance(ntk(task, a0, b0), ntk(task, a, b));
  INFO("expected " << expected);
  REQUIRE(expected > 1e-13);
  CHECK(KernelDistance(task, a0, b0)(a, b) == Approx(expected).epsilon(1e-5));
}

// Conventions: 0 when both kernels vanish, 1 when only one does.
TEST_CASE("KernelDistance zero-kernel conventions", "[metrics][ntk]") {
  const Task task = whitened_task();
  const Mat z3 = Mat::Zero(3, 3), z2 = Mat::Zero(2, 2);
  const Weights w = gaussian_init({3, 4, 2}, 0.7, 5);
  const Mat a = w.w1.transpose() * w.w1, b = w.w2 * w.w2.transpose();
  CHECK(KernelDistance(task, z3, z2)(z3, z2) == 0.0);
  CHECK(KernelDistance(task, z3, z2)(a, b) == 1.0);
  CHECK(KernelDistance(task, a, b)(z3, z2) == 1.0);
}

// NTK: layout index (o, p) -> o P + p with K = I (x) X^T A X + B (x) X^T X, symmetric PSD, and equal to
// J J^T of the network's Jacobian.
TEST_CASE("ntk has the documented Kronecker layout and equals J J^T", "[metrics][ntk]") {
  const bool whitened = GENERATE(true, false);
  const Task task = whitened ? whitened_task() : raw_task();
  const Weights w = gaussian_init({3, 4, 2}, 0.8, 9);
  const Mat a = w.w1.transpose() * w.w1, b = w.w2 * w.w2.transpose();
  const Mat k = ntk(task, a, b);
  const int p = task.items(), no = task.outputs();
  REQUIRE(k.rows() == no * p);
  REQUIRE(k.cols() == no * p);
  const Mat m = task.x.transpose() * a * task.x, g = task.x.transpose() * task.x;
  double worst = 0;
  for (int o = 0; o < no; ++o)
    for (int o2 = 0; o2 < no; ++o2)
      for (int i = 0; i < p; ++i)
        for (int j = 0; j < p; ++j) {
          const double expected = (o == o2 ? m(i, j) : 0.0) + b(o, o2) * g(i, j);
          worst = std::max(worst, std::abs(k(o * p + i, o2 * p + j) - expected));
        }
  CHECK(worst < 1e-12 * k.norm());
  CHECK((k - k.transpose()).norm() < 1e-13 * k.norm());
  CHECK(Eigen::SelfAdjointEigenSolver<Mat>(k).eigenvalues().minCoeff() > -1e-12 * k.norm());
  CHECK(relative_error(k, ntk_from_jacobian(task, w)) < 1e-12);
}

// Closed-form sensitivities agree with Monte Carlo (200000 samples) within 1.5%, for several lambda
// and for a factor with fewer columns than Nh (Nh = 8 > Ni + No = 6).
TEST_CASE("sensitivity closed forms agree with Monte Carlo", "[metrics][sensitivity]") {
  struct Case {
    Dims dims;
    double lambda;
  };
  const Case c = GENERATE(Case{{3, 3, 3}, -2.0}, Case{{3, 3, 3}, 0.0}, Case{{3, 3, 3}, 2.0}, Case{{3, 8, 3}, 0.0});
  const Dims& d = c.dims;
  INFO("dims (" << d.input << "," << d.hidden << "," << d.output << ") lambda " << c.lambda);
  const Task task = random_task(d.input, d.output, 8, 4);
  Mat factor;
  exact_trajectory({{task}}, c.lambda, balanced_init(d, c.lambda, 0.3, 2), {3.0}, [&](int, const Mat& z) { factor = z; });
  if (d.hidden > d.input + d.output) REQUIRE(factor.cols() < d.hidden);
  const double input_noise = 0.3, parameter_noise = 0.4;
  const Sensitivity closed = sensitivity(Snapshot(factor, d.input), d.hidden, input_noise, parameter_noise, task);
  const Sensitivity mc = sensitivity_monte_carlo(task, factor, d.hidden, input_noise, parameter_noise, 200000, 99);
  // The closed forms, written out here from the factor's blocks.
  const Mat p = factor * factor.transpose();
  const double s2 = parameter_noise * parameter_noise;
  CHECK(closed.input == Approx(input_noise * input_noise * function_block(p, d.input).squaredNorm()).epsilon(1e-12));
  CHECK(closed.parameter == Approx(s2 * (d.output * input_block(p, d.input).trace() + d.input * output_block(p, d.input).trace()) +
                                   s2 * s2 * d.output * d.hidden * d.input)
                                .epsilon(1e-12));
  CHECK(mc.input == Approx(closed.input).epsilon(0.015));
  CHECK(mc.parameter == Approx(closed.parameter).epsilon(0.015));
}

// After training, input sensitivity is the same for every lambda and parameter sensitivity grows with |lambda|.
TEST_CASE("trained sensitivities: flat in lambda for input noise, growing with |lambda| for parameter noise", "[metrics][sensitivity]") {
  const Task task = random_task(3, 3, 6, 7);
  std::vector<Sensitivity> s;
  for (double lambda : {-4.0, -1.0, 0.0, 1.0, 4.0}) {
    Mat factor;
    exact_trajectory({{task}}, lambda, balanced_init({3, 3, 3}, lambda, 0.1, 3), {300.0}, [&](int, const Mat& z) { factor = z; });
    s.push_back(sensitivity(Snapshot(factor, 3), 3, 0.1, 0.1, task));
  }
  for (const Sensitivity& x : s) CHECK(x.input == Approx(0.01 * task.syx.squaredNorm()).epsilon(1e-9));
  CHECK(s[0].parameter > s[1].parameter);
  CHECK(s[1].parameter > s[2].parameter);
  CHECK(s[3].parameter > s[2].parameter);
  CHECK(s[4].parameter > s[3].parameter);
}

// singular_values: largest first, equal to the constructed ones, for square and rectangular matrices.
TEST_CASE("singular_values returns the singular values in descending order", "[metrics]") {
  Rng rng(3);
  const Mat u = rng.orthogonal(4), v = rng.orthogonal(3);
  Mat s = Mat::Zero(4, 3);
  s.diagonal() << 0.5, 3.0, 1.25;
  const Vec got = singular_values(u * s * v.transpose());
  REQUIRE(got.size() == 3);
  CHECK(got(0) == Approx(3.0).epsilon(1e-13));
  CHECK(got(1) == Approx(1.25).epsilon(1e-13));
  CHECK(got(2) == Approx(0.5).epsilon(1e-13));
  const Vec wide = singular_values(rng.normal(2, 5));
  REQUIRE(wide.size() == 2);
  CHECK(wide(0) >= wide(1));
}

// item_rsm is X^T W1^T W1 X = (W1 X)^T (W1 X), items x items.
TEST_CASE("item_rsm is the items-by-items similarity of the hidden representation", "[metrics]") {
  const Task task = raw_task();
  const Weights w = gaussian_init({3, 4, 2}, 1.0, 2);
  const Mat rsm = item_rsm(task, w.w1.transpose() * w.w1);
  REQUIRE(rsm.rows() == task.items());
  REQUIRE(rsm.cols() == task.items());
  const Mat h = w.w1 * task.x;
  CHECK(relative_error(rsm, h.transpose() * h) < 1e-13);
}

// Snapshot: QQ^T and its three named blocks from a factor.
TEST_CASE("Snapshot exposes W1^T W1, W2 W1 and W2 W2^T", "[metrics]") {
  const Weights w = gaussian_init({3, 4, 2}, 1.0, 8);
  const Snapshot s(stack(w), 3);
  CHECK(relative_error(s.qqt(), qqt(w)) < 1e-15);
  CHECK(relative_error(Mat(s.input_representation()), w.w1.transpose() * w.w1) < 1e-15);
  CHECK(relative_error(Mat(s.network_function()), w.w2 * w.w1) < 1e-15);
  CHECK(relative_error(Mat(s.output_representation()), w.w2 * w.w2.transpose()) < 1e-15);
}

namespace {

// Item i of a series of matrices (row-major) or vectors (a column).
Mat item(const Tensor& t, int i) {
  const int rows = t.shape.size() > 1 ? t.shape[1] : 1, cols = t.shape.size() > 2 ? t.shape[2] : 1;
  return Eigen::Map<const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>(
      t.data.data() + static_cast<std::size_t>(i) * rows * cols, rows, cols);
}

double number(const Node& node, const char* key) {
  const Node* child = node.find(key);
  REQUIRE(child != nullptr);
  if (const auto* v = std::get_if<long long>(&child->value())) return static_cast<double>(*v);
  return std::get<double>(child->value());
}

}  // namespace

// run_experiment with every metric: each series has the documented shape and agrees with the QQ^T
// recorded at the same time (exact and simulation alike).
TEST_CASE("run_experiment records every metric consistently with QQ^T", "[metrics][experiment]") {
  Experiment e;
  const Task task = random_task(3, 2, 5, 6);
  const Task other = random_task(3, 2, 5, 7);  // different X: outputs, RSM and NTK stay on the first task's items
  e.schedule = {{task, 1.0}, {other}};
  e.lambda = -0.5;
  e.initial = balanced_init({3, 3, 2}, e.lambda, 0.4, 1);
  e.times = {0.0, 0.5, 1.5};
  e.learning_rate = 1e-3;
  for (const auto& [metric, name] : metric_names()) e.metrics.insert(metric);
  e.noise = {0.2, 0.3, 2000, 5};
  const Node result = run_experiment(e);
  const int ni = 3, no = 2, p = 5, t = 3;
  const Mat a0 = e.initial.w1.transpose() * e.initial.w1, b0 = e.initial.w2 * e.initial.w2.transpose();
  const KernelDistance distance(task, a0, b0);
  for (const char* trajectory : {"exact", "simulation"}) {
    INFO(trajectory);
    const Tensor& qqt_series = result_series(result, trajectory, "qqt");
    REQUIRE(qqt_series.shape == std::vector<int>{t, ni + no, ni + no});
    CHECK(result_series(result, trajectory, "loss").shape == std::vector<int>{t});
    CHECK(result_series(result, trajectory, "networkFunction").shape == std::vector<int>{t, no, ni});
    CHECK(result_series(result, trajectory, "outputs").shape == std::vector<int>{t, no, p});
    CHECK(result_series(result, trajectory, "singularValues").shape == std::vector<int>{t, 2});
    CHECK(result_series(result, trajectory, "inputRepresentation").shape == std::vector<int>{t, ni, ni});
    CHECK(result_series(result, trajectory, "outputRepresentation").shape == std::vector<int>{t, no, no});
    CHECK(result_series(result, trajectory, "itemRsm").shape == std::vector<int>{t, p, p});
    CHECK(result_series(result, trajectory, "ntk").shape == std::vector<int>{t, no * p, no * p});
    CHECK(result_series(result, trajectory, "kernelDistance").shape == std::vector<int>{t});
    CHECK(result_series(result, trajectory, "taskLosses").shape == std::vector<int>{t, 2});
    CHECK(result_series(result, trajectory, "effectiveRank").shape == std::vector<int>{t});
    for (int i = 0; i < t; ++i) {
      INFO("time " << e.times[i]);
      const Mat q = item(qqt_series, i);
      const Mat a = input_block(q, ni), w = function_block(q, ni), b = output_block(q, ni);
      CHECK(relative_error(item(result_series(result, trajectory, "networkFunction"), i), w) < 1e-15);
      CHECK(relative_error(item(result_series(result, trajectory, "outputs"), i), w * task.x) < 1e-14);
      CHECK(relative_error(item(result_series(result, trajectory, "singularValues"), i), singular_values(w)) < 1e-14);
      CHECK(relative_error(item(result_series(result, trajectory, "inputRepresentation"), i), a) < 1e-15);
      CHECK(relative_error(item(result_series(result, trajectory, "outputRepresentation"), i), b) < 1e-15);
      CHECK(relative_error(item(result_series(result, trajectory, "itemRsm"), i), item_rsm(task, a)) < 1e-14);
      CHECK(relative_error(item(result_series(result, trajectory, "ntk"), i), ntk(task, a, b)) < 1e-14);
      CHECK(result_series(result, trajectory, "kernelDistance").data[i] == Approx(distance(a, b)).margin(1e-14));
      CHECK(result_series(result, trajectory, "effectiveRank").data[i] == Approx(effective_rank(singular_values(w))).epsilon(1e-14));
      const Mat losses = item(result_series(result, trajectory, "taskLosses"), i);
      CHECK(losses(0) == Approx(loss(task, w)).epsilon(1e-13));
      CHECK(losses(1) == Approx(loss(other, w)).epsilon(1e-13));
    }
    CHECK(result_series(result, trajectory, "kernelDistance").data[0] == Approx(0).margin(1e-14));
    // Sensitivity: closed forms at every time, Monte Carlo at the final time.
    const Node* sens = result.find(trajectory)->find("sensitivity");
    REQUIRE(sens != nullptr);
    const Tensor& input = std::get<Tensor>(sens->find("input")->value());
    const Tensor& parameter = std::get<Tensor>(sens->find("parameter")->value());
    REQUIRE(input.shape == std::vector<int>{t});
    REQUIRE(parameter.shape == std::vector<int>{t});
    const Mat last = item(qqt_series, t - 1);
    const double s2 = 0.09;
    CHECK(input.data[t - 1] == Approx(0.04 * function_block(last, ni).squaredNorm()).epsilon(1e-12));
    CHECK(parameter.data[t - 1] ==
          Approx(s2 * (no * input_block(last, ni).trace() + ni * output_block(last, ni).trace()) + s2 * s2 * no * 3 * ni).epsilon(1e-12));
    const Node* mc = sens->find("monteCarlo");
    REQUIRE(mc != nullptr);
    CHECK(number(*mc, "samples") == 2000);
    CHECK(number(*mc, "input") == Approx(input.data[t - 1]).epsilon(0.2));
    CHECK(number(*mc, "parameter") == Approx(parameter.data[t - 1]).epsilon(0.2));
  }
  // The balance deviation is a simulation series only, starting at the initial deviation.
  CHECK(result.find("exact")->find("balanceDeviation") == nullptr);
  const Tensor& balance = result_series(result, "simulation", "balanceDeviation");
  REQUIRE(balance.shape == std::vector<int>{t});
  CHECK(balance.data[0] == Approx(balance_deviation(e.initial, e.lambda)).margin(1e-15));
  CHECK(balance.data[2] < 1e-2);  // O(eta) drift of gradient descent
  CHECK(balance.data[2] > balance.data[0]);
  // The "task" metric: each phase's data, the SVD of its Syx and its RSMs V~ S~ V~^T, U~ S~ U~^T.
  const Node* tasks = result.find("tasks");
  REQUIRE(tasks != nullptr);
  const auto& list = std::get<Node::List>(tasks->value());
  REQUIRE(list.size() == 2);
  for (std::size_t k = 0; k < 2; ++k) {
    INFO("phase " << k);
    const Task& phase_task = e.schedule[k].task;
    const auto matrix = [&](const char* key) {
      const Tensor& m = std::get<Tensor>(list[k].find(key)->value());
      REQUIRE(m.shape.size() == 2);
      return Mat(Eigen::Map<const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>(m.data.data(), m.shape[0], m.shape[1]));
    };
    CHECK(matrix("X") == phase_task.x);
    CHECK(matrix("Y") == phase_task.y);
    CHECK(relative_error(matrix("syx"), phase_task.syx) < 1e-15);
    const Vec sv = Eigen::JacobiSVD<Mat>(phase_task.syx).singularValues();
    const std::vector<double>& s = std::get<Tensor>(list[k].find("s")->value()).data;
    CHECK(relative_error(Eigen::Map<const Vec>(s.data(), static_cast<Eigen::Index>(s.size())), sv) < 1e-14);
    const Mat u = matrix("u"), v = matrix("v");
    Mat sd = Mat::Zero(no, ni);
    sd.diagonal() = sv;
    CHECK(relative_error(u * sd * v.transpose(), phase_task.syx) < 1e-13);
    CHECK(relative_error(matrix("gram"), phase_task.x.transpose() * phase_task.x) < 1e-15);
    const Mat inner = phase_task.syx.transpose() * phase_task.syx, outer = phase_task.syx * phase_task.syx.transpose();
    // V~ S~ V~^T is the square root of Syx^T Syx, U~ S~ U~^T that of Syx Syx^T.
    CHECK(relative_error(matrix("inputRsm") * matrix("inputRsm"), inner) < 1e-13);
    CHECK(relative_error(matrix("outputRsm") * matrix("outputRsm"), outer) < 1e-13);
  }
  // Header fields.
  CHECK(number(result, "items") == p);
  CHECK(number(result, "lambda") == e.lambda);
  CHECK(std::get<Tensor>(result.find("phaseStarts")->value()).data == std::vector<double>{0.0, 1.0});
  CHECK(std::get<Tensor>(result.find("times")->value()).data == e.times);
}

TEST_CASE("the effective rank counts equal modes and falls to one for a single mode", "[metrics]") {
  CHECK(effective_rank(Vec::Constant(3, 2.0)) == Approx(3).epsilon(1e-15));
  CHECK(effective_rank((Vec(3) << 5, 0, 0).finished()) == Approx(1).epsilon(1e-15));
  CHECK(effective_rank(Vec::Zero(4)) == 0);
  // Between 1 and the number of nonzero modes otherwise, and invariant to scale.
  const Vec s = (Vec(3) << 3, 2, 1).finished();
  CHECK(effective_rank(s) > 1);
  CHECK(effective_rank(s) < 3);
  CHECK(effective_rank(1e-200 * s) == Approx(effective_rank(s)).epsilon(1e-14));
}
