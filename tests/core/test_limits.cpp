// Long times and the fixed points of the flow (docs/theory.md section 4): finiteness at t = 1e4 with
// extreme lambda and sigma, the closed-form square-case limits, the lazy large-|lambda| limit, the
// general fixed point built from the spectrum of F, and riccati_spectrum itself.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <vector>

#include "ldyn/exact.hpp"
#include "ldyn/init.hpp"
#include "ldyn/random.hpp"
#include "ldyn/task.hpp"
#include "test_support.hpp"

using namespace ldyn;
using namespace ldyn::test;

namespace {

// F = [[-lambda/2 I, Syx^T], [Syx, lambda/2 I]], formed directly.
Mat riccati_matrix(const Mat& syx, double lambda) {
  const int no = static_cast<int>(syx.rows()), ni = static_cast<int>(syx.cols());
  Mat f = Mat::Zero(ni + no, ni + no);
  f.topLeftCorner(ni, ni) = -lambda / 2 * Mat::Identity(ni, ni);
  f.bottomRightCorner(no, no) = lambda / 2 * Mat::Identity(no, no);
  f.bottomLeftCorner(no, ni) = syx;
  f.topRightCorner(ni, no) = syx.transpose();
  return f;
}

// sqrt(s^2 + lambda^2/4) -+ lambda/2 without cancellation.
double input_side(double s, double lambda) {
  const double mu = std::hypot(s, lambda / 2);
  return lambda > 0 ? s * s / (mu + lambda / 2) : mu - lambda / 2;
}
double output_side(double s, double lambda) {
  const double mu = std::hypot(s, lambda / 2);
  return lambda < 0 ? s * s / (mu - lambda / 2) : mu + lambda / 2;
}

// The square-case limits of docs/theory.md section 4, from the SVD of Syx.
struct SquareLimit {
  Mat input, function, output;
};
SquareLimit square_limit(const Mat& syx, double lambda) {
  const Svd svd = full_svd(syx);
  Vec in(svd.s.size()), out(svd.s.size());
  for (Eigen::Index i = 0; i < svd.s.size(); ++i) {
    in(i) = input_side(svd.s(i), lambda);
    out(i) = output_side(svd.s(i), lambda);
  }
  return {svd.v * in.asDiagonal() * svd.v.transpose(), syx, svd.u * out.asDiagonal() * svd.u.transpose()};
}

void check_square_limit(const Mat& p, const Task& task, double lambda, double tolerance) {
  const int ni = task.inputs();
  const SquareLimit limit = square_limit(task.syx, lambda);
  CHECK(relative_error(input_block(p, ni), limit.input) < tolerance);
  CHECK(relative_error(function_block(p, ni), limit.function) < tolerance);
  CHECK(relative_error(output_block(p, ni), limit.output) < tolerance);
}

// 2 sum f_i o_i o_i^T over the `hidden` largest positive eigenvalues of F. Requires a gap at the
// cut-off (with a tie the fixed point depends on the initialization).
Mat general_fixed_point(const Mat& syx, double lambda, int hidden) {
  const Spectrum sp = riccati_spectrum(syx, lambda);
  const int n = static_cast<int>(sp.f.size());
  std::vector<int> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](int a, int b) { return sp.f(a) > sp.f(b); });
  Mat p = Mat::Zero(n, n);
  int used = 0;
  for (int i : order) {
    if (used == hidden || !(sp.f(i) > 1e-12)) {
      REQUIRE(sp.f(i) < sp.f(order[used - 1]) - 1e-3);  // no tie at the cut-off
      break;
    }
    p += 2 * sp.f(i) * sp.o.col(i) * sp.o.col(i).transpose();
    ++used;
  }
  return p;
}

}  // namespace

// At t = 1e4 with |lambda| = 1e3 (and lambda = 0), for sigma from 1e-6 to 1e2, every QQ^T along the
// way is finite and the final one is the closed-form limit.
TEST_CASE("very long times with extreme lambda and sigma stay finite and converge", "[exact][limits]") {
  const double lambda = GENERATE(-1000.0, 0.0, 1000.0);
  const double sigma = GENERATE(1e-6, 1e-2, 1.0, 1e2);
  INFO("lambda " << lambda << " sigma " << sigma);
  const Task task = random_task(3, 3, 6, 7);
  const Weights w0 = balanced_init({3, 3, 3}, lambda, sigma, 3);
  const std::vector<double> times{0, 1, 10, 100, 1000, 1e4};
  const std::vector<Mat> p = exact_qqt({{task}}, lambda, w0, times);
  for (std::size_t i = 0; i < times.size(); ++i) {
    INFO("t " << times[i]);
    CHECK(p[i].allFinite());
  }
  check_square_limit(p.back(), task, lambda, 1e-9);
}

// Square network, generic init: W2W1 -> Syx, W1^T W1 -> V~ (mu - lambda/2) V~^T, W2 W2^T -> U~ (mu + lambda/2) U~^T.
TEST_CASE("square network converges to the closed-form limits of docs/theory.md section 4", "[exact][limits]") {
  const double lambda = GENERATE(-5.0, -1.0, 0.0, 1.0, 5.0, 100.0, 1000.0);
  const double sigma = GENERATE(0.1, 1.0);
  INFO("lambda " << lambda << " sigma " << sigma);
  const Task task = random_task(3, 3, 6, 7);
  const Weights w0 = balanced_init({3, 3, 3}, lambda, sigma, 5);
  const Mat p = exact_qqt({{task}}, lambda, w0, {200.0}).back();
  check_square_limit(p, task, lambda, 1e-9);
  // Not there at the start: the limit is a statement about long times.
  const Mat p0 = exact_qqt({{task}}, lambda, w0, {0.0}).back();
  CHECK(relative_error(function_block(p0, 3), task.syx) > 1e-3);
}

// Lazy limit: for lambda -> +inf, W2 W2^T - lambda I ~ Syx Syx^T / lambda and W1^T W1 ~ Syx^T Syx / lambda
// (the reverse for lambda -> -inf), with a relative error that shrinks like 1/lambda^2.
TEST_CASE("large |lambda|: one side tends to |lambda| I, the other to S~^2/|lambda|", "[exact][limits]") {
  const double sign = GENERATE(-1.0, 1.0);
  const Task task = random_task(3, 3, 6, 7);
  const int ni = 3;
  const Mat in_task = task.syx.transpose() * task.syx, out_task = task.syx * task.syx.transpose();
  const auto errors = [&](double lambda) {
    const Weights w0 = balanced_init({3, 3, 3}, lambda, 0.5, 5);
    const Mat p = exact_qqt({{task}}, lambda, w0, {100.0}).back();
    const double a = std::abs(lambda);
    const Mat big = Mat::Identity(3, 3) * a;
    // The large side minus |lambda| I, and the small side, both against S~^2 / |lambda|.
    const Mat large_side = lambda > 0 ? Mat(output_block(p, ni) - big) : Mat(input_block(p, ni) - big);
    const Mat small_side = lambda > 0 ? input_block(p, ni) : output_block(p, ni);
    const Mat large_expected = (lambda > 0 ? out_task : in_task) / a;
    const Mat small_expected = (lambda > 0 ? in_task : out_task) / a;
    return std::make_pair(relative_error(large_side, large_expected), relative_error(small_side, small_expected));
  };
  const auto [large100, small100] = errors(sign * 100);
  const auto [large1000, small1000] = errors(sign * 1000);
  INFO("sign " << sign << ": " << large100 << " " << small100 << " " << large1000 << " " << small1000);
  CHECK(large1000 < 3e-6);
  CHECK(small1000 < 3e-6);
  CHECK(large100 / large1000 == Approx(100).epsilon(0.1));
  CHECK(small100 / small1000 == Approx(100).epsilon(0.1));
}

// Every shape: the long-time QQ^T is 2 sum f_i o_i o_i^T over the Nh largest positive eigenvalues of F.
TEST_CASE("general fixed point from the spectrum of F (funnel, inverted funnel, wide, square)", "[exact][limits]") {
  struct Case {
    Dims dims;
    double lambda;
  };
  const Case c = GENERATE(Case{{5, 3, 3}, -0.5}, Case{{5, 3, 3}, 0.0}, Case{{4, 2, 2}, -2.0}, Case{{3, 3, 5}, 0.0},
                          Case{{3, 3, 5}, 0.5}, Case{{2, 2, 4}, 2.0}, Case{{2, 6, 3}, 0.0}, Case{{3, 8, 3}, 0.0},
                          Case{{3, 3, 3}, 1.0});
  const Dims& d = c.dims;
  INFO("dims (" << d.input << "," << d.hidden << "," << d.output << ") lambda " << c.lambda);
  const Task task = random_task(d.input, d.output, d.input + 3, 3);
  const Weights w0 = balanced_init(d, c.lambda, 0.5, 9);
  const Mat p = exact_qqt({{task}}, c.lambda, w0, {1000.0}).back();
  CHECK(relative_error(p, general_fixed_point(task.syx, c.lambda, d.hidden)) < 1e-9);
}

// riccati_spectrum: O orthogonal and O diag(f) O^T == F, with f the closed-form eigenvalues, for every
// shape, including rank-deficient and zero Syx at lambda = 0.
TEST_CASE("riccati_spectrum diagonalises F for every shape", "[exact][spectrum]") {
  struct Case {
    const char* name;
    Mat syx;
  };
  Rng rng(17);
  const Vec u = rng.normal(3, 1), v = rng.normal(3, 1);
  const std::vector<Case> cases{{"square", rng.normal(3, 3)},         {"funnel", rng.normal(2, 4)},
                                {"inverted funnel", rng.normal(4, 2)}, {"one output", rng.normal(1, 3)},
                                {"one input", rng.normal(3, 1)},       {"scalar", rng.normal(1, 1)},
                                {"rank one", u * v.transpose()},       {"zero", Mat::Zero(2, 3)}};
  const double lambda = GENERATE(-1000.0, -2.0, 0.0, 2.0, 1000.0);
  for (const Case& c : cases) {
    INFO(c.name << ", lambda " << lambda);
    const Spectrum sp = riccati_spectrum(c.syx, lambda);
    const Mat f = riccati_matrix(c.syx, lambda);
    const int n = static_cast<int>(f.rows());
    REQUIRE(sp.f.size() == n);
    REQUIRE(sp.o.rows() == n);
    REQUIRE(sp.o.cols() == n);
    CHECK((sp.o.transpose() * sp.o - Mat::Identity(n, n)).norm() < 1e-13);
    const double scale = std::max(1.0, f.norm());
    CHECK((sp.o * sp.f.asDiagonal() * sp.o.transpose() - f).norm() < 1e-13 * scale);
    // The eigenvalues are +-sqrt(s^2 + lambda^2/4) and -+lambda/2 on the directions Syx does not reach.
    const Vec s = Eigen::JacobiSVD<Mat>(c.syx).singularValues();
    std::vector<double> expected;
    for (Eigen::Index i = 0; i < s.size(); ++i) {
      expected.push_back(std::hypot(s(i), lambda / 2));
      expected.push_back(-std::hypot(s(i), lambda / 2));
    }
    for (Eigen::Index j = s.size(); j < c.syx.cols(); ++j) expected.push_back(-lambda / 2);
    for (Eigen::Index j = s.size(); j < c.syx.rows(); ++j) expected.push_back(lambda / 2);
    std::vector<double> got(sp.f.data(), sp.f.data() + n);
    std::sort(expected.begin(), expected.end());
    std::sort(got.begin(), got.end());
    for (int i = 0; i < n; ++i) CHECK(got[i] == Approx(expected[i]).margin(1e-12 * scale));
  }
}
