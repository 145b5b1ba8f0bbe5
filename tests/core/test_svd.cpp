// Singular value decompositions (core/include/ldyn/svd.hpp): right for repeated singular values at
// every size, and canonical, so that a matrix has one SVD whatever rounding the solver saw.
// Reference: Eigen's two-sided Jacobi SVD, and the eigenvalues of M M^T.
#include <catch2/catch.hpp>

#include <algorithm>
#include <vector>

#include "ldyn/init.hpp"
#include "ldyn/random.hpp"
#include "ldyn/svd.hpp"
#include "ldyn/task.hpp"
#include "test_support.hpp"

using namespace ldyn;
using namespace ldyn::test;

namespace {

// U diag(s) V^T with Haar-random U (rows x rows) and V (cols x cols).
Mat with_spectrum(const std::vector<double>& s, int rows, int cols, std::uint64_t seed) {
  Rng rng(seed);
  Mat d = Mat::Zero(rows, cols);
  for (std::size_t i = 0; i < s.size(); ++i) d(i, i) = s[i];
  return rng.orthogonal(rows) * d * rng.orthogonal(cols).transpose();
}

// Singular values 1 + (i / repeat), in groups of `repeat` equal values; the last `zeros` are 0.
std::vector<double> repeated(int k, int repeat, int zeros) {
  std::vector<double> s(k);
  for (int i = 0; i < k; ++i) s[i] = i >= k - zeros ? 0.0 : 1.0 + i / repeat;
  return s;
}

Vec sorted_descending(std::vector<double> s) {
  std::sort(s.begin(), s.end(), std::greater<>());
  return Eigen::Map<Vec>(s.data(), static_cast<Eigen::Index>(s.size()));
}

// The network function the hierarchy configuration converges to: W2 W1 -> Syx at depth 4.
Mat hierarchy_network_function(int depth) { return hierarchy_task(depth).syx; }

void check_is_svd(const Svd& svd, const Mat& m, double tolerance) {
  const Eigen::Index rows = m.rows(), cols = m.cols();
  REQUIRE(svd.u.rows() == rows);
  REQUIRE(svd.u.cols() == rows);
  REQUIRE(svd.v.rows() == cols);
  REQUIRE(svd.v.cols() == cols);
  REQUIRE(svd.s.size() == std::min(rows, cols));
  CHECK((svd.u.transpose() * svd.u - Mat::Identity(rows, rows)).norm() < tolerance);
  CHECK((svd.v.transpose() * svd.v - Mat::Identity(cols, cols)).norm() < tolerance);
  Mat s = Mat::Zero(rows, cols);
  s.diagonal() = svd.s;
  CHECK(relative_error(svd.u * s * svd.v.transpose(), m) < tolerance);
  for (Eigen::Index i = 1; i < svd.s.size(); ++i) CHECK(svd.s(i - 1) >= svd.s(i));
}

}  // namespace

TEST_CASE("singular_values is right for repeated singular values at every size up to 64", "[svd]") {
  // The matrix Eigen 3.4's BDCSVD gets wrong by 0.044 (issue 7): hierarchy depth 4, 31 x 16.
  for (int depth = 1; depth <= 6; ++depth) {
    INFO("hierarchy depth " << depth);
    const Mat w = hierarchy_network_function(depth);
    const Vec reference = Eigen::JacobiSVD<Mat>(w).singularValues();
    CHECK((singular_values(w) - reference).cwiseAbs().maxCoeff() < 1e-13 * reference(0));
  }
  int cases = 0;
  for (int k = 2; k <= 64; k += (k < 20 ? 1 : 7)) {
    for (const int repeat : {1, 2, 3, 5, 16}) {
      for (const int extra : {0, 3}) {  // square, and taller than wide (both orientations)
        const int zeros = (k + repeat) % 3 % (k - 1);
        const std::vector<double> s = repeated(k, repeat, zeros);
        for (const bool tall : {true, false}) {
          const int rows = tall ? k + extra : k, cols = tall ? k : k + extra;
          INFO("size " << rows << " x " << cols << ", groups of " << repeat << ", " << zeros << " zeros");
          const Mat m = with_spectrum(s, rows, cols, 100 + k * 7 + repeat);
          const Vec got = singular_values(m);
          const Vec expected = sorted_descending(s);
          const Vec jacobi = Eigen::JacobiSVD<Mat>(m).singularValues();
          const Vec gram = Eigen::SelfAdjointEigenSolver<Mat>(m.transpose() * m).eigenvalues().reverse().head(k).cwiseMax(0).cwiseSqrt();
          REQUIRE(got.size() == k);
          CHECK((got - expected).cwiseAbs().maxCoeff() < 1e-12 * expected(0));
          CHECK((got - jacobi).cwiseAbs().maxCoeff() < 1e-12 * expected(0));
          // M^T M squares the condition number: its square roots are accurate to sqrt(eps) near 0.
          CHECK((got - gram).cwiseAbs().maxCoeff() < 1e-7 * expected(0));
          ++cases;
        }
      }
    }
  }
  CHECK(cases > 300);
}

TEST_CASE("full_svd is a full, descending SVD, with repeated and zero singular values", "[svd]") {
  for (const Mat& m : {Rng(1).normal(3, 5), Rng(2).normal(5, 3), Rng(3).normal(4, 4), Mat(Mat::Zero(3, 2)),
                       with_spectrum(repeated(8, 3, 2), 8, 11, 5), with_spectrum(repeated(12, 4, 0), 15, 12, 6),
                       hierarchy_network_function(3), hierarchy_network_function(5)}) {
    INFO("size " << m.rows() << " x " << m.cols());
    check_is_svd(full_svd(m), m, 1e-12);
  }
  // Sizes the page never uses but the CLI accepts.
  const Mat big = with_spectrum(repeated(150, 10, 5), 170, 150, 9);
  check_is_svd(full_svd(big), big, 1e-11);
}

TEST_CASE("full_svd picks one basis for a repeated singular value, whatever the rounding", "[svd]") {
  // The same matrix, built twice with different bases inside each group of equal singular values:
  // the two differ only by rounding, and the solver's raw bases differ completely.
  for (const auto& [rows, cols, repeat] : {std::tuple{6, 6, 3}, {9, 7, 2}, {7, 12, 4}, {31, 16, 4}, {64, 64, 8}}) {
    INFO(rows << " x " << cols << ", groups of " << repeat);
    const int k = std::min(rows, cols);
    const std::vector<double> s = repeated(k, repeat, 0);
    Rng rng(rows * 100 + cols);
    const Mat u = rng.orthogonal(rows), v = rng.orthogonal(cols);
    // One random rotation per group of equal singular values, the same on both sides, and another
    // on each side's null space.
    Mat qu = Mat::Identity(rows, rows), qv = Mat::Identity(cols, cols);
    for (int start = 0; start < k; start += repeat) {
      const int len = std::min(repeat, k - start);
      const Mat q = rng.orthogonal(len);
      qu.block(start, start, len, len) = q;
      qv.block(start, start, len, len) = q;
    }
    if (rows > k) qu.bottomRightCorner(rows - k, rows - k) = rng.orthogonal(rows - k);
    if (cols > k) qv.bottomRightCorner(cols - k, cols - k) = rng.orthogonal(cols - k);
    Mat d = Mat::Zero(rows, cols);
    for (int i = 0; i < k; ++i) d(i, i) = s[i];
    const Mat a = u * d * v.transpose();
    const Mat b = (u * qu) * d * (v * qv).transpose();
    REQUIRE(relative_error(a, b) < 1e-13);
    const Svd sa = full_svd(a), sb = full_svd(b);
    CHECK(relative_error(sa.u, sb.u) < 1e-10);
    CHECK(relative_error(sa.v, sb.v) < 1e-10);
    CHECK((sa.s - sb.s).cwiseAbs().maxCoeff() < 1e-13);
  }
}

TEST_CASE("full_svd: the canonical basis depends on the subspace only", "[svd]") {
  // canonical_basis of the same projector built from two bases of one plane.
  Rng rng(4);
  const Mat basis = rng.orthogonal(5).leftCols(2);
  const Mat rotated = basis * rng.orthogonal(2);
  const Mat a = canonical_basis(basis * basis.transpose(), 2), b = canonical_basis(rotated * rotated.transpose(), 2);
  CHECK(relative_error(a, b) < 1e-14);
  CHECK((a.transpose() * a - Mat::Identity(2, 2)).norm() < 1e-14);
  CHECK(relative_error(a * a.transpose(), basis * basis.transpose()) < 1e-14);
  // Coordinate planes give coordinate vectors; ties go to the lowest index.
  Mat p = Mat::Zero(4, 4);
  p(1, 1) = p(3, 3) = 1;
  const Mat e = canonical_basis(p, 2);
  CHECK(e.col(0) == Vec::Unit(4, 1));
  CHECK(e.col(1) == Vec::Unit(4, 3));
  // Signs: -M has the same V and the opposite U; 3 M the same U and V.
  const Mat m = with_spectrum(repeated(6, 2, 1), 6, 6, 8);
  const Svd s1 = full_svd(m), s2 = full_svd(-m), s3 = full_svd(3 * m);
  CHECK(relative_error(s2.v.leftCols(5), s1.v.leftCols(5)) < 1e-12);
  CHECK(relative_error(s2.u.leftCols(5), -s1.u.leftCols(5)) < 1e-12);
  CHECK(relative_error(s3.u, s1.u) < 1e-12);
  CHECK(relative_error(s3.v, s1.v) < 1e-12);
}

TEST_CASE("aligned initialization on the hierarchy does not depend on the solver's basis", "[svd][init]") {
  // W2 W1 = U~ diag(a) V~^T: with the canonical basis of each repeated mode, the result is one
  // matrix; here it must match the one built from a rotated (equally valid) SVD of the same Syx.
  const Task task = hierarchy_task(3);
  const Dims d{8, 8, 15};
  const Svd svd = full_svd(task.syx);
  const Weights w = aligned_init(d, 0, 0.1, 1, svd);
  CHECK(relative_error(w.w2 * w.w1, svd.u.leftCols(8) * singular_values(Rng(1).normal(15, 8, 0.1)).asDiagonal() * svd.v.transpose()) < 1e-12);
  // The species modes (singular value 1/sqrt(8)... the last four) span the within-family contrasts:
  // the canonical basis takes them in item order, each positive at its pivot item.
  const Mat species = svd.v.rightCols(4);
  for (int j = 0; j < 4; ++j) CHECK(species.col(j).maxCoeff() > 0);
}
