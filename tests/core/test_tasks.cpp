// Tasks (docs/theory.md section 1): the semantic hierarchy, random regression, custom data with and
// without whitening, their error messages, related and reversed tasks, the loss and the SVD.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <vector>

#include "ldyn/random.hpp"
#include "ldyn/task.hpp"
#include "test_support.hpp"

using namespace ldyn;
using namespace ldyn::test;
using Catch::Matchers::Contains;

namespace {

double whitening_error(const Task& t) {
  return (t.x * t.x.transpose() / t.items() - Mat::Identity(t.inputs(), t.inputs())).cwiseAbs().maxCoeff();
}

// Groups sorted values into clusters of equal values (to a relative tolerance): value and multiplicity.
std::vector<std::pair<double, int>> clusters(std::vector<double> values) {
  std::sort(values.begin(), values.end(), std::greater<>());
  std::vector<std::pair<double, int>> out;
  for (double v : values) {
    if (!out.empty() && std::abs(out.back().first - v) <= 1e-9 * out.front().first)
      ++out.back().second;
    else
      out.push_back({v, 1});
  }
  return out;
}

}  // namespace

// Hierarchy: X X^T / P = I; Y has one row per tree node (breadth first), root all ones, leaves one-hot.
TEST_CASE("hierarchy task: whitened one-hot inputs and tree-node outputs", "[tasks][hierarchy]") {
  const int depth = GENERATE(1, 2, 3, 4, 5);
  INFO("depth " << depth);
  const Task t = hierarchy_task(depth);
  const int p = 1 << depth, nodes = (1 << (depth + 1)) - 1;
  REQUIRE(t.items() == p);
  REQUIRE(t.inputs() == p);
  REQUIRE(t.outputs() == nodes);
  CHECK(whitening_error(t) < 1e-12);
  CHECK(relative_error(t.x, std::sqrt(double(p)) * Mat::Identity(p, p)) < 1e-15);  // one-hot, scaled
  CHECK(t.y.row(0) == Mat::Ones(1, p));                                              // the root
  CHECK(t.y.bottomRows(p) == Mat::Identity(p, p));                                   // the leaves
  // Node k of level l (breadth first) is 1 exactly for the items below it.
  int node = 0;
  for (int level = 0; level <= depth; ++level)
    for (int k = 0; k < (1 << level); ++k, ++node) {
      const int width = p >> level;
      for (int item = 0; item < p; ++item) CHECK(t.y(node, item) == (item / width == k ? 1.0 : 0.0));
    }
  CHECK(relative_error(t.syx, t.y * t.x.transpose() / p) < 1e-15);
}

// The SVD of the hierarchy's Syx has one mode per level: depth + 1 distinct singular values with
// multiplicities 1, 1, 2, 4, ..., 2^(depth-1); the values are sqrt((2P - 1)/P) and sqrt((2^(D-l) - 1)/P).
TEST_CASE("hierarchy task: singular values, one distinct value per level", "[tasks][hierarchy]") {
  const int depth = GENERATE(1, 2, 3, 4, 5);
  INFO("depth " << depth);
  const Task t = hierarchy_task(depth);
  const int p = 1 << depth;
  const Svd svd = full_svd(t.syx);
  const auto groups = clusters(std::vector<double>(svd.s.data(), svd.s.data() + svd.s.size()));
  REQUIRE(groups.size() == static_cast<std::size_t>(depth + 1));
  CHECK(groups[0].second == 1);
  CHECK(groups[0].first == Approx(std::sqrt((2.0 * p - 1) / p)).epsilon(1e-12));
  for (int level = 0; level < depth; ++level) {
    INFO("level " << level);
    CHECK(groups[level + 1].second == (1 << level));
    CHECK(groups[level + 1].first == Approx(std::sqrt(((1 << (depth - level)) - 1.0) / p)).epsilon(1e-12));
  }
}

// Random task: whitened to 1e-12, reproducible by seed, different seeds give different data.
// Spectrum: Syx has exactly the singular values asked for, in any order given; X is white; the vectors
// are the axes without a seed and reproducible Haar-random ones with it.
TEST_CASE("spectrum task: Syx has the singular values and vectors asked for", "[tasks][spectrum]") {
  const Vec values = (Vec(3) << 1.0, 4.0, 0.25).finished();
  const Task axes = spectrum_task(5, 3, values, nullptr);
  CHECK(whitening_error(axes) < 1e-14);
  CHECK(axes.items() == 5);
  for (int i = 0; i < 3; ++i) CHECK(axes.syx(i, i) == Approx(values(i)).epsilon(1e-14));
  CHECK(axes.syx.cwiseAbs().sum() == Approx(values.sum()).epsilon(1e-14));
  const std::uint64_t seed = 3, other = 4;
  const Task a = spectrum_task(5, 3, values, &seed);
  const Task b = spectrum_task(5, 3, values, &seed);
  CHECK(a.y == b.y);
  CHECK(a.y != spectrum_task(5, 3, values, &other).y);
  const Vec s = singular_values(a.syx);
  CHECK(s(0) == Approx(4.0).epsilon(1e-13));
  CHECK(s(1) == Approx(1.0).epsilon(1e-13));
  CHECK(s(2) == Approx(0.25).epsilon(1e-13));
  CHECK_THROWS_AS(spectrum_task(2, 3, values, nullptr), std::invalid_argument);
}

TEST_CASE("random task: whitened, reproducible, seed-dependent", "[tasks][random]") {
  const Task a = random_task(4, 3, 10, 5), b = random_task(4, 3, 10, 5), c = random_task(4, 3, 10, 6);
  REQUIRE(a.inputs() == 4);
  REQUIRE(a.outputs() == 3);
  REQUIRE(a.items() == 10);
  CHECK(whitening_error(a) < 1e-12);
  CHECK(whitening_error(random_task(5, 2, 5, 1)) < 1e-12);  // as many items as inputs is enough
  CHECK(a.x == b.x);
  CHECK(a.y == b.y);
  CHECK(a.syx == b.syx);
  CHECK((a.x - c.x).norm() > 0.1);
  CHECK((a.y - c.y).norm() > 0.1);
  CHECK(relative_error(a.syx, a.y * a.x.transpose() / 10) < 1e-15);
  CHECK_THROWS_WITH(random_task(4, 3, 3, 5), Contains("at least as many items as inputs"));
}

// Custom data with whiten = true: centred, X X^T / P = I, Syx = Y X^T / P with the whitened X.
TEST_CASE("custom task with whitening: centred rows and identity covariance", "[tasks][custom]") {
  Rng rng(8);
  Mat x = rng.normal(3, 7, 2.5);
  x.row(1) += Mat::Constant(1, 7, 4.0);  // an offset that centring must remove
  x.row(2) += 0.8 * x.row(0);            // correlated inputs that whitening must undo
  const Mat y = rng.normal(2, 7);
  const Task t = custom_task(x, y, true);
  CHECK(whitening_error(t) < 1e-12);
  CHECK(t.x.rowwise().mean().cwiseAbs().maxCoeff() < 1e-13);
  CHECK(t.y == y);
  CHECK(relative_error(t.syx, y * t.x.transpose() / 7) < 1e-15);
  // Whitening is a linear map of the centred data: the row space is unchanged.
  Mat centred = x;
  centred.colwise() -= x.rowwise().mean();
  const Mat map = t.x * centred.transpose() * (centred * centred.transpose()).inverse();
  CHECK(relative_error(map * centred, t.x) < 1e-12);
}

// Custom data already whitened (whiten = false) is taken as it is.
TEST_CASE("custom task without whitening keeps whitened X unchanged", "[tasks][custom]") {
  const Task base = random_task(3, 2, 6, 4);
  const Task t = custom_task(base.x, base.y, false);
  CHECK(t.x == base.x);
  CHECK(t.y == base.y);
  CHECK(relative_error(t.syx, base.syx) < 1e-15);
}

// Custom data that are not white (whiten = false) are taken as they are: Sxx = X X^T / P, kept by
// the tasks derived from them; even a singular Sxx (gradient descent is defined for any X).
TEST_CASE("custom task without whitening keeps non-white X and its covariance", "[tasks][custom]") {
  Rng rng(12);
  const Mat x = rng.normal(3, 10, 1.7), y = rng.normal(2, 10);
  const Task t = custom_task(x, y, false);
  CHECK_FALSE(t.white);
  CHECK(t.x == x);
  CHECK(relative_error(t.sxx, x * x.transpose() / 10) < 1e-15);
  CHECK(relative_error(t.syx, y * x.transpose() / 10) < 1e-15);
  for (const Task& derived : {reversed(t), scaled_targets(t, 2), related_task(t, 0.5, 3)}) {
    CHECK_FALSE(derived.white);
    CHECK(derived.sxx == t.sxx);
  }
  Mat singular = x;
  singular.row(2) = singular.row(0) + singular.row(1);
  const Task rank2 = custom_task(singular, y, false);
  CHECK_FALSE(rank2.white);
  CHECK(Eigen::SelfAdjointEigenSolver<Mat>(rank2.sxx).eigenvalues()(0) < 1e-12);
  // White data stay white (the closed-form exact solution applies), with Sxx = I exactly.
  const Task base = random_task(3, 2, 6, 4);
  CHECK(custom_task(base.x, base.y, false).white);
  CHECK(custom_task(base.x, base.y, false).sxx == Mat::Identity(3, 3));
}

// The rank test does not depend on the inputs' units (issue 15): independent inputs whose scales
// differ by 1e5 are two inputs, data in units of 1e-160 or 1e160 are whitened like data in units
// of 1, and scales beyond what double precision can whiten are named as such.
TEST_CASE("whitening custom data is independent of the inputs' units", "[tasks][custom][whitening]") {
  Rng rng(21);
  const Mat x = rng.normal(3, 40);
  const Mat y = rng.normal(2, 40);
  const Task reference = custom_task(x, y, true);
  Mat scaled = x;
  scaled.row(0) *= 1e5;
  const Task mixed = custom_task(scaled, y, true);
  CHECK(whitening_error(mixed) < 1e-12);
  for (const double unit : {1e-160, 1e160}) {
    const Task t = custom_task(unit * x, y, true);
    CHECK(whitening_error(t) < 1e-12);
    CHECK(relative_error(t.x, reference.x) < 1e-12);
  }
  Mat extreme = x;
  extreme.row(1) *= 1e9;
  CHECK_THROWS_WITH(custom_task(extreme, y, true), Contains("cannot be whitened in double precision") && Contains("rescale the inputs"));
}

// Errors (std::invalid_argument) that say what is wrong with the data.
TEST_CASE("custom task errors name the problem", "[tasks][custom][errors]") {
  Rng rng(9);
  SECTION("too few items to whiten") {
    CHECK_THROWS_MATCHES(custom_task(rng.normal(3, 3), rng.normal(2, 3), true), std::invalid_argument,
                         Catch::Matchers::Predicate<std::invalid_argument>(
                             [](const std::invalid_argument& e) {
                               const std::string m = e.what();
                               return m.find("rank 2 < 3 inputs") != std::string::npos &&
                                      m.find("cannot be whitened") != std::string::npos;
                             },
                             "says rank 2 < 3 and cannot be whitened"));
  }
  SECTION("rank-deficient X") {
    Mat x = rng.normal(3, 10);
    x.row(2) = x.row(0) - 2 * x.row(1);
    CHECK_THROWS_WITH(custom_task(x, rng.normal(2, 10), true), Contains("rank 2 < 3") && Contains("cannot be whitened"));
  }
  SECTION("X X^T overflowing with whiten = false") {
    CHECK_THROWS_WITH(custom_task(1e200 * rng.normal(3, 10), rng.normal(2, 10), false), Contains("too large for double precision"));
  }
  SECTION("mismatched item counts") {
    CHECK_THROWS_WITH(custom_task(rng.normal(3, 4), rng.normal(2, 5), true), Contains("X has 4 items (columns) but Y has 5"));
    CHECK_THROWS_WITH(custom_task(rng.normal(3, 4), rng.normal(2, 5), false), Contains("X has 4 items"));
  }
  SECTION("other task constructors") {
    CHECK_THROWS_AS(hierarchy_task(0), std::invalid_argument);
    CHECK_THROWS_WITH(related_task(random_task(2, 2, 4, 1), 1.5, 0), Contains("similarity"));
    CHECK_THROWS_WITH(related_task(random_task(2, 2, 4, 1), std::nan(""), 0), Contains("similarity"));
  }
}

// related_task: Y = s base.Y + sqrt(1 - s^2) fresh(seed), the same X; s = 1 is the base task, s = -1 its reversal.
TEST_CASE("related_task interpolates between the base task and fresh targets", "[tasks][related]") {
  const Task base = random_task(3, 2, 6, 4);
  const Task same = related_task(base, 1.0, 77), opposite = related_task(base, -1.0, 77);
  CHECK(same.x == base.x);
  CHECK(same.y == base.y);
  CHECK(opposite.y == -base.y);
  CHECK(relative_error(opposite.syx, -base.syx) < 1e-15);
  const Mat fresh = Rng(77).normal(2, 6);
  const Task mid = related_task(base, 0.6, 77);
  CHECK(mid.x == base.x);
  CHECK(relative_error(mid.y, 0.6 * base.y + 0.8 * fresh) < 1e-15);
  CHECK(relative_error(related_task(base, 0.0, 77).y, fresh) < 1e-15);
  CHECK((related_task(base, 0.6, 78).y - mid.y).norm() > 0.1);  // the seed matters
}

// reversed: the same inputs, negated targets, Syx -> -Syx.
TEST_CASE("reversed negates the targets", "[tasks]") {
  const Task base = random_task(3, 4, 5, 2);
  const Task r = reversed(base);
  CHECK(r.x == base.x);
  CHECK(r.y == -base.y);
  CHECK(r.syx == -base.syx);
  CHECK(reversed(r).y == base.y);
}

// loss = 1/(2P) ||Y - W X||^2, written out entry by entry; Syx minimises it for whitened X.
TEST_CASE("loss is the mean squared error over items", "[tasks]") {
  const Task t = random_task(3, 2, 6, 3);
  const Mat w = Rng(4).normal(2, 3);
  double sum = 0;
  for (int p = 0; p < t.items(); ++p)
    for (int o = 0; o < t.outputs(); ++o) {
      double out = 0;
      for (int i = 0; i < t.inputs(); ++i) out += w(o, i) * t.x(i, p);
      sum += (t.y(o, p) - out) * (t.y(o, p) - out);
    }
  CHECK(loss(t, w) == Approx(sum / (2 * t.items())).epsilon(1e-13));
  CHECK(loss(t, t.syx) < loss(t, t.syx + 1e-3 * w));
  CHECK(loss(t, t.syx) < loss(t, t.syx - 1e-3 * w));
  CHECK(loss(t, Mat::Zero(2, 3)) == Approx(t.y.squaredNorm() / 12).epsilon(1e-14));
}

// full_svd: full orthogonal U and V, descending singular values, reconstructs the matrix.
TEST_CASE("full_svd is a full, descending SVD", "[tasks]") {
  for (const Mat& m : {Rng(1).normal(3, 5), Rng(2).normal(5, 3), Rng(3).normal(4, 4)}) {
    const Svd svd = full_svd(m);
    REQUIRE(svd.u.rows() == m.rows());
    REQUIRE(svd.u.cols() == m.rows());
    REQUIRE(svd.v.rows() == m.cols());
    REQUIRE(svd.v.cols() == m.cols());
    REQUIRE(svd.s.size() == std::min(m.rows(), m.cols()));
    CHECK((svd.u.transpose() * svd.u - Mat::Identity(m.rows(), m.rows())).norm() < 1e-13);
    CHECK((svd.v.transpose() * svd.v - Mat::Identity(m.cols(), m.cols())).norm() < 1e-13);
    Mat s = Mat::Zero(m.rows(), m.cols());
    s.diagonal() = svd.s;
    CHECK(relative_error(svd.u * s * svd.v.transpose(), m) < 1e-13);
    for (Eigen::Index i = 1; i < svd.s.size(); ++i) CHECK(svd.s(i - 1) >= svd.s(i));
  }
}
