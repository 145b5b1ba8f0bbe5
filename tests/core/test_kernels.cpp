// The allocation-free hot loops (core/src/math/kernels.hpp, the in-place exact step, the gradient-descent
// step) against the plain Eigen expressions they replace, at the page's sizes and at the extremes
// of the accuracy guarantees (|lambda| = 1e3, t = 1e4, sigma = 1e-6).
#include <Eigen/QR>
#include <cmath>
#include <random>

#include "math/kernels.hpp"
#include "ldyn/exact.hpp"
#include "ldyn/init.hpp"
#include "ldyn/simulation.hpp"
#include "ldyn/task.hpp"
#include "test_support.hpp"

using namespace ldyn;
using namespace ldyn::test;

namespace {

Mat random_matrix(int rows, int cols, std::mt19937_64& rng) {
  std::normal_distribution<double> normal;
  Mat m(rows, cols);
  for (Eigen::Index i = 0; i < m.size(); ++i) m.data()[i] = normal(rng);
  return m;
}

// The exact step as it was written with Eigen before the workspace: a column-pivoted QR of
// [I; diag(sqrt(phi)) G] and a triangular solve, allocating at every step.
Mat reference_step(const Spectrum& sp, const Mat& g, double h) {
  const int n = static_cast<int>(g.rows()), r = static_cast<int>(g.cols());
  Vec growth(n), root_phi(n);
  for (int i = 0; i < n; ++i) {
    const double x = sp.f(i) * h;
    growth(i) = std::exp(x);
    root_phi(i) = std::sqrt(h * (x == 0 ? 1.0 : std::expm1(2 * x) / (2 * x)));
  }
  Mat stacked(r + n, r);
  stacked.topRows(r).setIdentity();
  stacked.bottomRows(n) = root_phi.asDiagonal() * g;
  const Eigen::ColPivHouseholderQR<Mat> qr(stacked);
  Mat gp = g * qr.colsPermutation();
  qr.matrixQR().topRows(r).triangularView<Eigen::Upper>().solveInPlace<Eigen::OnTheRight>(gp);
  return growth.asDiagonal() * gp;
}

Mat reference_advance(const RiccatiFlow& flow, Mat g, double duration) {
  const double max_rate = flow.spectrum().f.cwiseAbs().maxCoeff();
  const double substeps = std::max(1.0, std::ceil(max_rate * duration / RiccatiFlow::kMaxGrowth));
  for (double s = 0; s < substeps; ++s) g = reference_step(flow.spectrum(), g, duration / substeps);
  return g;
}

}  // namespace

TEST_CASE("the kernels' products equal Eigen's for every shape, blocks and updates included") {
  std::mt19937_64 rng(7);
  for (int m : {1, 2, 3, 4, 5, 7, 8, 13, 33})
    for (int n : {1, 2, 3, 4, 5, 6, 9, 17})
      for (int k : {1, 2, 3, 5, 8, 31}) {
        INFO("m = " << m << ", n = " << n << ", k = " << k);
        // Blocks of larger matrices, so that the leading dimensions differ from the row counts.
        const Mat a_big = random_matrix(m + 3, k + 1, rng), b_big = random_matrix(k + 2, n + 1, rng);
        const auto a = a_big.topLeftCorner(m, k);
        const auto b = b_big.bottomRightCorner(k, n);
        Mat c_big = random_matrix(m + 1, n + 2, rng);
        auto c = c_big.bottomLeftCorner(m, n);
        const Mat s = c;
        kernel::gemm(m, n, k, a.data(), kernel::ld(a_big), b.data(), kernel::ld(b_big), c.data(), kernel::ld(c_big));
        const Mat expected = a * b;
        CHECK(relative_error(Mat(c), expected) < 1e-14);
        kernel::gemm<kernel::Write::Add>(m, n, k, a.data(), kernel::ld(a_big), b.data(), kernel::ld(b_big), c.data(),
                                         kernel::ld(c_big), -0.5, s.data(), kernel::ld(s));
        CHECK(relative_error(Mat(c), Mat(s - 0.5 * expected)) < 1e-14);
        const Mat bt = b.transpose();
        Mat d(m, n);
        kernel::gemm_nt(m, n, k, a.data(), kernel::ld(a_big), bt.data(), kernel::ld(bt), d.data(), kernel::ld(d));
        CHECK(relative_error(d, expected) < 1e-14);
      }
}

TEST_CASE("the kernels' Z Z^T is exactly symmetric and equals Eigen's") {
  std::mt19937_64 rng(11);
  for (int n : {1, 2, 3, 5, 8, 11, 16, 30})
    for (int r : {1, 2, 3, 7, 16}) {
      const Mat z = random_matrix(n, r, rng);
      Mat c(n, n);
      kernel::syrk(n, r, z.data(), kernel::ld(z), c.data(), kernel::ld(c));
      CHECK(c == c.transpose());
      CHECK(relative_error(c, Mat(z * z.transpose())) < 1e-14);
    }
}

TEST_CASE("the in-place exact step agrees with the Eigen formulation, also at the extremes") {
  struct Case {
    int ni, nh, no;
    double lambda, sigma, duration;
  };
  const Case cases[] = {
      {3, 3, 3, 1, 0.1, 0.3},     {8, 8, 8, 0, 0.1, 20},     {16, 16, 16, 1, 0.1, 7},  {5, 9, 3, 0, 0.01, 40},
      {4, 4, 6, 0.5, 0.5, 3},     {3, 3, 3, 1e3, 0.1, 1e-2}, {3, 3, 3, -1e3, 1, 1},    {4, 4, 4, 1e3, 0.1, 10},
      {6, 6, 6, 0, 1e-6, 1e4},    {3, 5, 2, 0, 1e-6, 1e4},   {8, 8, 8, -1e3, 0.1, 5},  {2, 2, 2, 0.3, 1e-6, 200},
  };
  for (const Case& c : cases) {
    INFO("Ni = " << c.ni << ", Nh = " << c.nh << ", No = " << c.no << ", lambda = " << c.lambda << ", sigma = " << c.sigma
                 << ", t = " << c.duration);
    const Task task = random_task(c.ni, c.no, 2 * c.ni + 1, 3);
    const Weights w = balanced_init({c.ni, c.nh, c.no}, c.lambda, c.sigma, 5);
    const RiccatiFlow flow(task.syx, c.lambda);
    const Mat g0 = flow.spectrum().o.transpose() * initial_factor(w);
    const Mat got = flow.advance(g0, c.duration), expected = reference_advance(flow, g0, c.duration);
    // Compared as QQ^T = O G G^T O^T, which is what every metric reads.
    const Mat& o = flow.spectrum().o;
    CHECK(relative_error(Mat(o * got * got.transpose() * o.transpose()), Mat(o * expected * expected.transpose() * o.transpose())) < 1e-12);
    CHECK(got.allFinite());
  }
}

TEST_CASE("the gradient-descent step with the kernels agrees with the Eigen expressions") {
  for (const Dims dims : {Dims{3, 3, 3}, Dims{8, 16, 5}, Dims{17, 9, 4}, Dims{2, 7, 13}}) {
    INFO("Ni = " << dims.input << ", Nh = " << dims.hidden << ", No = " << dims.output);
    const Task task = random_task(dims.input, dims.output, 2 * dims.input, 2);
    // lambda = 0.7 for the square shape; the others admit only lambda <= 0 or lambda = 0.
    const double lambda = dims.input == dims.output ? 0.7 : 0;
    const Weights start = balanced_init(dims, lambda, 0.2, 4);
    const double eta = 0.01;
    const std::vector<double> times = {0, 0.5, 2};
    std::vector<Weights> got;
    simulate(Schedule{Phase{task}}, start, eta, times, [&](int, const Weights& w) {
      got.push_back(w);
      return true;
    });
    Weights w = start;
    for (long long step = 0; step < 200; ++step) {
      const Mat error = task.syx - w.w2 * w.w1;
      const Mat w1 = w.w1 + eta * w.w2.transpose() * error;
      w.w2 += eta * error * w.w1.transpose();
      w.w1 = w1;
    }
    REQUIRE(got.size() == 3);
    CHECK(relative_error(got[2].w1, w.w1) < 1e-12);
    CHECK(relative_error(got[2].w2, w.w2) < 1e-12);
  }
}
