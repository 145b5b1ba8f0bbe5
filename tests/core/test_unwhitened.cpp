// Inputs that are not white ("whiten": false with X X^T / P != I, docs/theory.md section 12): the
// gradient is W^T (Syx - W Sxx) ...; the exact per-mode curves when X X^T / P shares the right
// singular vectors of Syx and the weights are aligned, against an independent RK4 integration (long
// double) of the full matrix flow with Sxx; the reason when there is no exact curve; gradient descent
// reaching the least-squares solution Syx Sxx^-1; the closed-form sensitivity with Sxx.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <vector>

#include "ldyn/config.hpp"
#include "ldyn/cost.hpp"
#include "ldyn/deep.hpp"
#include "ldyn/deep_exact.hpp"
#include "ldyn/experiment.hpp"
#include "ldyn/metrics.hpp"
#include "ldyn/random.hpp"
#include "ldyn/simulation.hpp"
#include "ldyn/svd.hpp"
#include "ldyn/task.hpp"
#include "test_support.hpp"

using namespace ldyn;
using namespace ldyn::test;
using Catch::Matchers::Contains;

namespace {

// Data whose Syx = U diag(s) V^T (Haar U, V) and whose X X^T / P = V diag(d) V^T, with targets
// that also carry a part no linear map of X explains (a nonzero loss floor). With `mixed`, Sxx gets
// an extra rotation, so that it no longer shares V.
struct Data {
  Mat x, y;
};
Data commuting_data(int ni, int no, const Vec& s, const Vec& d, std::uint64_t seed, bool mixed = false) {
  Rng rng(seed);
  const int items = 3 * ni + 4, k = static_cast<int>(s.size());
  const Mat u = rng.orthogonal(no), v = rng.orthogonal(ni);
  Mat white = random_task(ni, 1, items, seed + 1).x;  // white X X^T / P = I
  Mat basis = v;
  if (mixed) basis = rng.orthogonal(ni);
  const Mat x = basis * d.cwiseSqrt().asDiagonal() * basis.transpose() * white;
  const Mat sxx = x * x.transpose() / items;
  Mat syx = Mat::Zero(no, ni);
  for (int i = 0; i < k; ++i) syx += s(i) * u.col(i) * v.col(i).transpose();
  // Y = Syx Sxx^-1 X (so Y X^T / P = Syx) plus noise orthogonal to the rows of X.
  const Mat noise = rng.normal(no, items, 0.3);
  const Mat projector = Mat::Identity(items, items) - x.transpose() * (x * x.transpose()).inverse() * x;
  return {x, syx * sxx.inverse() * x + noise * projector};
}


MatL product(const std::vector<MatL>& w) {
  MatL p = w.front();
  for (std::size_t l = 1; l < w.size(); ++l) p = w[l] * p;
  return p;
}

// Entry j (a matrix rows x cols) of a row-major series.
Mat series_matrix(const Tensor& t, std::size_t j, int rows, int cols) {
  Mat m(rows, cols);
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < cols; ++c) m(r, c) = t.data[j * rows * cols + r * cols + c];
  return m;
}

Json config(const Data& data, const Json& hidden, const Json& lambda, const std::vector<double>& times) {
  return {{"task", {{"kind", "custom"}, {"X", to_json(data.x)}, {"Y", to_json(data.y)}, {"whiten", false}}},
          {"dims", {{"hidden", hidden}}},
          {"init", {{"kind", "aligned"}, {"lambda", lambda}, {"sigma", 0.2}, {"seed", 3}}},
          {"times", times},
          {"learningRate", 1e-3},
          {"metrics", {"loss", "networkFunction", "representations"}}};
}

std::vector<MatL> initial_layers(const Experiment& e) {
  std::vector<MatL> w;
  if (e.is_deep()) {
    for (const Mat& layer : e.deep.layers) w.push_back(layer.cast<long double>());
  } else {
    w = {e.initial.w1.cast<long double>(), e.initial.w2.cast<long double>()};
  }
  return w;
}

// The exact network function and input representation of the run against RK4, at every time.
void check_against_rk4(const Json& c) {
  const Experiment e = parse_experiment(c.dump());
  INFO(e.unbalanced_reason);
  REQUIRE(e.balanced);
  const Node out = run_experiment(e);
  REQUIRE(out.find("exactUnavailable") == nullptr);
  const Task& task = e.schedule.front().task;
  REQUIRE_FALSE(task.white);
  const int ni = task.inputs(), no = task.outputs();
  const Tensor& function = result_series(out, "exact", "networkFunction");
  const Tensor& input = result_series(out, "exact", "inputRepresentation");
  std::vector<MatL> reference = initial_layers(e);
  double previous = 0;
  for (std::size_t j = 0; j < e.times.size(); ++j) {
    reference = flow_rk4(reference, task.syx, task.sxx, e.times[j] - previous, 1e-3);
    previous = e.times[j];
    INFO("t = " << e.times[j]);
    CHECK(relative_error(series_matrix(function, j, no, ni), product(reference).cast<double>()) < 1e-8);
    const Mat first = reference.front().cast<double>();
    CHECK(relative_error(series_matrix(input, j, ni, ni), first.transpose() * first) < 1e-8);
  }
}

}  // namespace

TEST_CASE("non-white inputs: aligned two-layer networks follow the full matrix flow with Sxx to 1e-8", "[unwhitened][exact]") {
  struct Case {
    int ni, nh, no;
    double lambda;
  };
  // Square at several lambda (negative, zero, positive), a funnel (5 -> 3 -> 2) and an inverted funnel (2 -> 3 -> 4).
  const Case c = GENERATE(Case{3, 3, 3, -1.5}, Case{3, 3, 3, 0.0}, Case{3, 3, 3, 0.8}, Case{3, 3, 3, 2.5}, Case{5, 3, 2, -0.7},
                          Case{2, 3, 4, 1.2});
  INFO("dims " << c.ni << "-" << c.nh << "-" << c.no << ", lambda " << c.lambda);
  const int k = std::min(c.ni, c.no);
  Vec s(k), d(c.ni);
  for (int i = 0; i < k; ++i) s(i) = 2.5 - 0.6 * i;
  for (int i = 0; i < c.ni; ++i) d(i) = 0.35 + 0.55 * ((i * 7) % c.ni);  // unordered variances, 0.35 .. 2.55
  const Data data = commuting_data(c.ni, c.no, s, d, 40 + c.ni * 3 + c.no);
  check_against_rk4(config(data, c.nh, c.lambda, {0, 0.3, 1, 2.5, 6}));
}

TEST_CASE("non-white inputs: aligned deep networks follow the full matrix flow with Sxx to 1e-8", "[unwhitened][exact][deep]") {
  const Vec s = (Vec(3) << 2.2, 1.4, 0.6).finished();
  const Data square = commuting_data(3, 3, s, (Vec(3) << 0.5, 2.0, 1.2).finished(), 7);
  check_against_rk4(config(square, {3, 3}, {0.5, -0.7}, {0, 0.5, 2, 5}));
  const Data funnel = commuting_data(4, 2, s.head(2), (Vec(4) << 1.8, 0.4, 1.0, 0.7).finished(), 8);
  check_against_rk4(config(funnel, {3, 3}, {0.2, -0.4}, {0, 0.5, 2, 5}));
}

TEST_CASE("non-white inputs: the exact curve ends at the least-squares solution and its loss floor", "[unwhitened][exact]") {
  const Vec s = (Vec(2) << 2.0, 1.0).finished();
  const Data data = commuting_data(3, 2, s, (Vec(3) << 0.4, 2.0, 1.1).finished(), 5);
  const Experiment e = parse_experiment(config(data, 3, -0.5, {0, 300}).dump());
  const Node out = run_experiment(e);
  const Task& task = e.schedule.front().task;
  const Mat least_squares = task.syx * task.sxx.inverse();
  CHECK(relative_error(series_matrix(result_series(out, "exact", "networkFunction"), 1, 2, 3), least_squares) < 1e-10);
  const double floor = (task.y - least_squares * task.x).squaredNorm() / (2.0 * task.items());
  REQUIRE(floor > 0.01);
  CHECK(result_series(out, "exact", "loss").data.back() == Approx(floor).epsilon(1e-10));
}

TEST_CASE("non-white inputs: no exact curve, with the reason, when the modes do not decouple", "[unwhitened][exact][errors]") {
  const Vec s = (Vec(2) << 2.0, 1.0).finished();
  const Vec d = (Vec(3) << 0.4, 2.0, 1.1).finished();
  const auto reason = [](const Json& c) {
    const Experiment e = parse_experiment(c.dump());
    const Node out = run_experiment(e);
    CHECK(std::holds_alternative<std::nullptr_t>(out.find("exact")->value()));
    const Node* why = out.find("exactUnavailable");
    REQUIRE(why != nullptr);
    CHECK_FALSE(std::holds_alternative<std::nullptr_t>(out.find("simulation")->value()));
    return std::get<std::string>(why->value());
  };
  // Sxx with other eigenvectors than Syx's right singular vectors.
  const Json mixed = config(commuting_data(3, 2, s, d, 5, true), 3, -0.5, {0, 1});
  CHECK_THAT(reason(mixed), Contains("not white") && Contains("does not share the right singular vectors of Syx") &&
                                Contains("only gradient descent is drawn"));
  Json deep = mixed;
  deep["dims"]["hidden"] = {3, 3};
  deep["init"]["lambda"] = {0.2, -0.4};
  CHECK_THAT(reason(deep), Contains("does not share the right singular vectors of Syx"));
  // Sxx sharing them, but weights that mix the modes.
  Json balanced = config(commuting_data(3, 2, s, d, 5), 3, -0.5, {0, 1});
  balanced["init"]["kind"] = "balanced";
  CHECK_THAT(reason(balanced), Contains("not white") && Contains("init \"aligned\"") && Contains("mixes the modes"));
  // Explicit weights that are lambda-balanced but not aligned.
  const Experiment random = parse_experiment(balanced.dump());
  Json explicit_weights = balanced;
  explicit_weights["init"] = {{"kind", "explicit"}, {"W1", to_json(random.initial.w1)}, {"W2", to_json(random.initial.w2)}};
  explicit_weights.erase("dims");
  CHECK_THAT(reason(explicit_weights), Contains("not white") && Contains("not aligned with the task's modes"));
}

TEST_CASE("non-white inputs: gradient descent reaches the least-squares solution Syx Sxx^-1", "[unwhitened][simulation]") {
  const Vec s = (Vec(2) << 2.0, 1.0).finished();
  // Sxx not sharing Syx's vectors: only the simulation, which must still solve least squares.
  const Data data = commuting_data(3, 2, s, (Vec(3) << 0.4, 2.0, 1.1).finished(), 9, true);
  const Task task = custom_task(data.x, data.y, false);
  REQUIRE_FALSE(task.white);
  const Mat least_squares = task.syx * task.sxx.inverse();
  // A different answer from the white one (Syx), so the test would fail with E = Syx - W.
  REQUIRE(relative_error(task.syx, least_squares) > 0.1);
  const Schedule schedule{{task}};
  Weights last;
  simulate(schedule, gaussian_init({3, 4, 2}, 0.3, 1), 0.05, {200}, [&](int, const Weights& w) {
    last = w;
    return true;
  });
  CHECK(relative_error(last.w2 * last.w1, least_squares) < 1e-8);
  DeepWeights deep_last;
  simulate_deep(schedule, deep_gaussian_init({3, 4, 4, 2}, 0.5, 2), 0.05, {300}, [&](int, const DeepWeights& w) {
    deep_last = w;
    return true;
  });
  CHECK(relative_error(deep_last.product(), least_squares) < 1e-8);
}

TEST_CASE("non-white inputs: gradient descent with a small step follows the exact curve", "[unwhitened][simulation][exact]") {
  const Vec s = (Vec(2) << 2.0, 1.0).finished();
  const Data data = commuting_data(3, 2, s, (Vec(3) << 0.4, 2.0, 1.1).finished(), 5);
  Json c = config(data, 3, -0.5, {0, 1, 3, 8});
  c["learningRate"] = 1e-4;
  const Node out = run_experiment(parse_experiment(c.dump()));
  const Tensor& exact = result_series(out, "exact", "networkFunction");
  const Tensor& simulated = result_series(out, "simulation", "networkFunction");
  for (std::size_t j = 0; j < 4; ++j) CHECK(relative_error(series_matrix(simulated, j, 2, 3), series_matrix(exact, j, 2, 3)) < 1e-3);
}

// The parameter sensitivity with Sxx: s^2 (No tr(W1 Sxx W1^T) + tr(Sxx) tr(W2 W2^T)) + s^4 No Nh tr(Sxx).
TEST_CASE("non-white inputs: the closed-form sensitivity agrees with Monte Carlo", "[unwhitened][metrics][sensitivity]") {
  Rng rng(4);
  Mat x = rng.normal(3, 9);
  x.row(0) *= 4;  // strongly non-white
  const Task task = custom_task(x, rng.normal(2, 9), false);
  REQUIRE_FALSE(task.white);
  const Weights w = gaussian_init({3, 4, 2}, 0.6, 5);
  const Mat factor = stack(w);
  const Sensitivity closed = sensitivity(Snapshot(factor, 3), 4, 0.3, 0.4, task);
  const Sensitivity mc = sensitivity_monte_carlo(task, factor, 4, 0.3, 0.4, 200000, 7);
  CHECK(mc.parameter == Approx(closed.parameter).epsilon(0.015));
  CHECK(mc.input == Approx(closed.input).epsilon(0.015));
  // And it differs from the white formula (Sxx = I) by far more than the sampling error.
  const double s2 = 0.4 * 0.4;
  const double white = s2 * (2 * w.w1.squaredNorm() + 3 * w.w2.squaredNorm()) + s2 * s2 * 2 * 4 * 3;
  CHECK(std::abs(white - closed.parameter) > 0.1 * closed.parameter);
}

// The cost model counts the extra product of a gradient step on inputs that are not white.
TEST_CASE("non-white inputs: the cost model counts the extra product per step", "[unwhitened][cost]") {
  const Vec s = (Vec(2) << 2.0, 1.0).finished();
  const Data data = commuting_data(3, 2, s, (Vec(3) << 0.4, 2.0, 1.1).finished(), 5);
  Json c = config(data, 3, -0.5, {0, 10});
  const Experiment unwhitened = parse_experiment(c.dump());
  c["task"]["X"] = to_json(random_task(3, 1, static_cast<int>(data.x.cols()), 2).x);
  const Experiment white = parse_experiment(c.dump());
  REQUIRE(white.schedule.front().task.white);
  const double steps = 10 / unwhitened.learning_rate;
  // At least the product's 2 No Ni Ni operations per step (plus the cost model's per-call overhead).
  const double extra = estimate_cost(unwhitened).simulation - estimate_cost(white).simulation;
  CHECK(extra >= steps * 2 * 2 * 3 * 3);
  CHECK(extra <= steps * (2 * 2 * 3 * 3 + 1000));
}
