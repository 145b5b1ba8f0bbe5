// Gradient descent (simulate) and the random numbers: bit-for-bit against a hand-written loop,
// recording and task switching at the right steps, divergence handling, and the Rng pinned to
// platform-independent values.
#include <catch2/catch.hpp>

#include <cmath>
#include <random>
#include <vector>

#include "ldyn/config.hpp"
#include "ldyn/experiment.hpp"
#include "ldyn/init.hpp"
#include "ldyn/random.hpp"
#include "ldyn/simulation.hpp"
#include "ldyn/task.hpp"
#include "test_support.hpp"

using namespace ldyn;
using namespace ldyn::test;

namespace {

// One gradient-descent step, written as docs/theory.md section 1 states it (Sxx = I), with the same
// operations in the same order as the engine, so the results agree bit for bit.
void hand_step(Weights& w, const Mat& syx, double eta) {
  Mat error = syx;
  error.noalias() -= w.w2 * w.w1;
  Mat new_w1 = w.w1;
  new_w1.noalias() += eta * (w.w2.transpose() * error);
  w.w2.noalias() += eta * (error * w.w1.transpose());
  w.w1 = new_w1;
}

bool identical(const Weights& a, const Weights& b) { return a.w1 == b.w1 && a.w2 == b.w2; }

}  // namespace

// simulate == the hand-written loop, bit for bit, at step round(t / eta) of each requested time.
TEST_CASE("simulate equals a hand-written gradient-descent loop bit for bit", "[simulation]") {
  const Dims d = GENERATE(Dims{3, 3, 3}, Dims{4, 3, 2}, Dims{2, 6, 3});
  const Task task = random_task(d.input, d.output, d.input + 2, 3);
  const Weights w0 = balanced_init(d, 0.0, 0.5, 4);
  const double eta = 1e-3;
  // 0.0123 / eta -> step 12, 0.0456 -> 46 (rounded, not truncated), 0.05 -> 50, 0.05 again -> 50.
  const std::vector<double> times{0.0, 0.0123, 0.0456, 0.05, 0.05};
  const std::vector<long long> steps{0, 12, 46, 50, 50};
  for (std::size_t i = 0; i < times.size(); ++i) CHECK(step_at(times[i], eta) == steps[i]);

  std::vector<Weights> recorded(times.size());
  std::vector<int> order;
  const SimulationOutcome out = simulate({{task}}, w0, eta, times, [&](int i, const Weights& w) {
    recorded.at(i) = w;
    order.push_back(i);
  });
  CHECK(out.recorded == 5);
  CHECK_FALSE(out.diverged_at.has_value());
  CHECK(order == std::vector<int>{0, 1, 2, 3, 4});

  Weights w = w0;
  long long step = 0;
  for (std::size_t i = 0; i < times.size(); ++i) {
    for (; step < steps[i]; ++step) hand_step(w, task.syx, eta);
    INFO("time " << times[i] << " step " << steps[i]);
    CHECK(identical(recorded[i], w));
  }
  // One step more or less is a different state: the comparison can tell.
  Weights off = w0;
  for (int k = 0; k < 13; ++k) hand_step(off, task.syx, eta);
  CHECK_FALSE(identical(recorded[1], off));
}

// With phases, the update at step s uses the task of the phase that contains time s * eta; the switch
// happens at step round(start / eta).
TEST_CASE("simulate switches task at step round(start / eta)", "[simulation][schedule]") {
  const Task a = random_task(3, 3, 6, 1), b = random_task(3, 3, 6, 2);
  const Weights w0 = balanced_init({3, 3, 3}, 1.0, 0.5, 4);
  const double eta = 1e-3;
  const Schedule schedule{{a, 0.0234}, {b, 0.0102}, {a}};  // switches at steps 23 and 34
  const std::vector<double> times{0.02, 0.023, 0.024, 0.0333, 0.034, 0.04};
  std::vector<Weights> recorded(times.size());
  simulate(schedule, w0, eta, times, [&](int i, const Weights& w) { recorded.at(i) = w; });
  Weights w = w0;
  long long step = 0;
  for (std::size_t i = 0; i < times.size(); ++i) {
    for (; step < step_at(times[i], eta); ++step) hand_step(w, step < 23 ? a.syx : step < 34 ? b.syx : a.syx, eta);
    INFO("time " << times[i]);
    CHECK(identical(recorded[i], w));
  }
}

// A huge learning rate: divergence is reported, later times are not recorded, and no weights that
// are not finite are ever passed to record (recording at every step).
TEST_CASE("divergence is reported and never recorded", "[simulation][divergence]") {
  const double eta = GENERATE(0.5, 2.0, 10.0);
  const double sigma = GENERATE(1.0, 5.0);
  INFO("eta " << eta << " sigma " << sigma);
  const Task task = random_task(3, 3, 6, 1);
  const Weights w0 = gaussian_init({3, 3, 3}, sigma, 2);
  std::vector<double> times;
  for (int k = 0; k <= 400; ++k) times.push_back(k * eta);
  int calls = 0, non_finite = 0;
  double last_time = -1;
  const SimulationOutcome out = simulate({{task}}, w0, eta, times, [&](int i, const Weights& w) {
    ++calls;
    last_time = times[i];
    if (!w.w1.allFinite() || !w.w2.allFinite()) ++non_finite;
  });
  REQUIRE(out.diverged_at.has_value());
  CHECK(non_finite == 0);
  CHECK(out.recorded == calls);
  CHECK(calls < static_cast<int>(times.size()));
  CHECK(*out.diverged_at > last_time);
  CHECK(*out.diverged_at <= times.back());
}

// A moderate rate converges: no divergence is reported and every time is recorded.
TEST_CASE("a stable learning rate reports no divergence", "[simulation][divergence]") {
  const Task task = random_task(3, 3, 6, 1);
  const std::vector<double> times{0.0, 1.0, 10.0};
  const SimulationOutcome out = simulate({{task}}, balanced_init({3, 3, 3}, 0.0, 0.1, 2), 0.05, times, [](int, const Weights&) {});
  CHECK(out.recorded == 3);
  CHECK_FALSE(out.diverged_at.has_value());
  CHECK(simulate({{task}}, balanced_init({3, 3, 3}, 0.0, 0.1, 2), 0.05, {}, [](int, const Weights&) {}).recorded == 0);
}

// step_at rounds to the nearest step (t / eta is rarely an exact integer in floating point).
TEST_CASE("step_at rounds t / eta to the nearest integer", "[simulation]") {
  CHECK(step_at(0.3, 0.1) == 3);  // 0.3 / 0.1 = 2.9999999999999996
  CHECK(step_at(0.7, 0.1) == 7);  // 0.7 / 0.1 = 6.999999999999999
  CHECK(step_at(1000, 0.001) == 1000000);
  CHECK(step_at(0.0, 0.01) == 0);
  CHECK(step_at(0.0149, 0.01) == 1);
  CHECK(step_at(0.0151, 0.01) == 2);
}

// Rng::uniform is ((mt19937_64() >> 11) + 1) * 2^-53, pinned for seeds 0 and 42. These values must be
// the same on every platform (native libstdc++ and Emscripten libc++): a seed means the same experiment
// everywhere. Changing them changes every seeded experiment; do not update them casually.
TEST_CASE("Rng::uniform is pinned to mt19937_64", "[random]") {
  Rng zero(0), answer(42);
  const double expected_zero[] = {0x1.4741be2e5a0fp-3, 0x1.fbfa74f87c82p-1, 0x1.442642fe065ep-5, 0x1.31ead2079dc8p-1};
  const double expected_42[] = {0x1.82a3befaddcbdp-1, 0x1.472f1f73724a1p-1, 0x1.81192cfe1cbdp-1, 0x1.171621fc50d6cp-3};
  // 0.15979336337046091, 0.99214520962982888, 0.039569025844865768, 0.59749466269467177 and
  // 0.75515553295453908, 0.63903139385469754, 0.75214520074802671, 0.13627268363243716.
  for (int i = 0; i < 4; ++i) {
    CHECK(zero.uniform() == expected_zero[i]);
    CHECK(answer.uniform() == expected_42[i]);
  }
  // The same from the engine itself, for many draws: never 0, at most 1.
  std::mt19937_64 engine(42);
  Rng rng(42);
  for (int i = 0; i < 10000; ++i) {
    const double expected = (static_cast<double>(engine() >> 11) + 1.0) * 0x1.0p-53;
    const double u = rng.uniform();
    REQUIRE(u == expected);
    REQUIRE(u > 0);
    REQUIRE(u <= 1);
  }
}

// Rng::normal is Box-Muller on two uniforms (cos first, then the sine as the spare), pinned for seeds
// 0 and 42. log/sin/cos may differ by an ulp between C libraries, hence the 4-ulp tolerance.
TEST_CASE("Rng::normal is pinned Box-Muller", "[random]") {
  const auto close = [](double a, double b) { return std::abs(a - b) <= 4 * 0x1.0p-52 * std::abs(b); };
  Rng zero(0), answer(42);
  const double expected_zero[] = {0x1.e9ad8ec0eab58p+0, -0x1.82fd0012d0932p-4, -0x1.0a2a09cc2bc7ap+1, -0x1.76199a7df1707p+0};
  const double expected_42[] = {-0x1.ecc4552b9efe7p-2, -0x1.2629b2777a85ap-1, 0x1.fa7430bea3a42p-2, 0x1.23e6f8daf36b7p-1};
  // 1.9128045292843208, -0.094479561125841355, -2.0794079062393935, -1.461328178165276 and
  // -0.48121769980184442, -0.5745368738983061, 0.49458385623521306, 0.57012155220737426.
  for (int i = 0; i < 4; ++i) {
    INFO("draw " << i);
    CHECK(close(zero.normal(), expected_zero[i]));
    CHECK(close(answer.normal(), expected_42[i]));
  }
  // The transform itself, from the uniforms of an identical generator.
  Rng uniforms(7), normals(7);
  for (int i = 0; i < 100; ++i) {
    const double u1 = uniforms.uniform(), u2 = uniforms.uniform();
    const double r = std::sqrt(-2 * std::log(u1)), angle = 2 * M_PI * u2;
    REQUIRE(close(normals.normal(), r * std::cos(angle)));
    REQUIRE(close(normals.normal(), r * std::sin(angle)));
  }
}

// Rng::normal(rows, cols, sd) fills row by row with sd times the scalar sequence; moments are right.
TEST_CASE("Rng::normal matrices are filled row by row and have unit variance", "[random]") {
  Rng scalar(3), matrix(3);
  const Mat m = matrix.normal(3, 4, 2.5);
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 4; ++j) CHECK(m(i, j) == 2.5 * scalar.normal());
  const int n = 200000;
  const Mat big = Rng(11).normal(1, n);
  const double mean = big.mean(), var = (big.array() - mean).square().sum() / (n - 1);
  CHECK(std::abs(mean) < 5 / std::sqrt(double(n)));
  CHECK(std::abs(var - 1) < 5 * std::sqrt(2.0 / n));
}

// Rng::orthogonal(n): Q^T Q = I, det = +-1, reproducible by seed.
TEST_CASE("Rng::orthogonal gives orthogonal matrices", "[random]") {
  for (int n = 1; n <= 8; ++n) {
    INFO("n " << n);
    const Mat q = Rng(n).orthogonal(n);
    REQUIRE(q.rows() == n);
    REQUIRE(q.cols() == n);
    CHECK((q.transpose() * q - Mat::Identity(n, n)).norm() < 1e-13);
    CHECK(std::abs(std::abs(q.determinant()) - 1) < 1e-12);
    CHECK(Rng(n).orthogonal(n) == q);
    if (n > 1) CHECK((Rng(n + 100).orthogonal(n) - q).norm() > 0.1);
  }
}

// A long run reports its progress: fractions that only grow, from both trajectories, up to the end.
TEST_CASE("run_experiment reports progress during a long run", "[simulation][progress]") {
  const Experiment e = parse_experiment(R"({"dims":{"input":8,"hidden":8,"output":8},"task":{"kind":"random","items":16},
    "init":{"kind":"balanced","lambda":0.5,"sigma":0.1},"times":{"end":50,"count":101},"learningRate":0.001})");
  std::vector<double> seen;
  const Node result = run_experiment(e, [&](double fraction) { seen.push_back(fraction); });
  REQUIRE(seen.size() >= 20);
  CHECK(std::is_sorted(seen.begin(), seen.end()));
  CHECK(seen.front() > 0);
  CHECK(seen.back() <= 1.0);
  CHECK(seen.back() > 0.9);
  // Without a callback the result is the same.
  const Node quiet = run_experiment(e);
  CHECK(std::get<Tensor>(result.find("simulation")->find("loss")->value()).data ==
        std::get<Tensor>(quiet.find("simulation")->find("loss")->value()).data);
}
