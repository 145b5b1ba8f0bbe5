#include "ldyn/svd.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

namespace ldyn {
namespace {

// J = [[0, M], [M^T, 0]]: eigenvalues +-s_i and |m - n| zeros.
Mat jordan_wielandt(const Mat& m) {
  const Eigen::Index rows = m.rows(), cols = m.cols();
  Mat j = Mat::Zero(rows + cols, rows + cols);
  j.topRightCorner(rows, cols) = m;
  j.bottomLeftCorner(cols, rows) = m.transpose();
  return j;
}

// The projector onto the orthogonal complement of the orthonormal columns of `b` (size x size).
Mat complement_projector(const Mat& b, Eigen::Index size) {
  Mat p = Mat::Identity(size, size);
  if (b.cols() > 0) p.noalias() -= b * b.transpose();
  return p;
}

}  // namespace

Mat canonical_basis(Mat p, int rank) {
  const Eigen::Index n = p.rows();
  Mat basis(n, rank);
  for (int j = 0; j < rank; ++j) {
    // For a projector, |P e_i|^2 = P_ii.
    const Vec norms = p.diagonal();
    const double largest = norms.maxCoeff();
    Eigen::Index pick = 0;
    while (norms(pick) < largest * (1 - 1e-9)) ++pick;
    const Vec b = p.col(pick) / std::sqrt(norms(pick));
    basis.col(j) = b;
    p.noalias() -= b * b.transpose();
  }
  return basis;
}

Vec singular_values(const Mat& m) {
  const Eigen::Index k = std::min(m.rows(), m.cols());
  if (k == 0) return Vec(0);
  const Eigen::SelfAdjointEigenSolver<Mat> eig(jordan_wielandt(m), Eigen::EigenvaluesOnly);
  // Ascending: the k largest eigenvalues are s_1 >= ... >= s_k (tiny negative ones are rounding).
  return eig.eigenvalues().tail(k).reverse().cwiseMax(0.0);
}

Svd full_svd(const Mat& m) {
  const Eigen::Index rows = m.rows(), cols = m.cols(), k = std::min(rows, cols), n = rows + cols;
  const Eigen::SelfAdjointEigenSolver<Mat> eig(jordan_wielandt(m));
  const Vec& values = eig.eigenvalues();  // ascending
  const double largest = std::max(0.0, values(n - 1));

  // The positive eigenvalues, largest first, grouped into clusters of equal singular values.
  Mat u(rows, 0), v(cols, 0);
  std::vector<double> s;
  Eigen::Index i = n - 1;
  while (i >= n - k && values(i) > kZeroTolerance * largest) {
    Eigen::Index end = i;  // the cluster is i, i - 1, ..., end
    while (end - 1 >= n - k && values(end - 1) > kZeroTolerance * largest &&
           values(i) - values(end - 1) <= kClusterTolerance * largest)
      --end;
    const Eigen::Index size = i - end + 1;
    // Eigenvector [u; v] / sqrt(2) for each singular triple of the cluster.
    const Mat raw_v = std::sqrt(2.0) * eig.eigenvectors().block(rows, end, cols, size);
    const Mat raw_u = std::sqrt(2.0) * eig.eigenvectors().block(0, end, rows, size);
    const Mat canonical_v = canonical_basis(raw_v * raw_v.transpose(), static_cast<int>(size));
    // The same rotation on both sides keeps M = U S V^T within the cluster.
    const Mat canonical_u = raw_u * (raw_v.transpose() * canonical_v);
    const double mean = values.segment(end, size).mean();
    u.conservativeResize(Eigen::NoChange, u.cols() + size);
    v.conservativeResize(Eigen::NoChange, v.cols() + size);
    u.rightCols(size) = canonical_u;
    v.rightCols(size) = canonical_v;
    s.insert(s.end(), size, mean);
    i = end - 1;
  }
  const Eigen::Index positive = u.cols();
  Svd out{Mat(rows, rows), Vec::Zero(k), Mat(cols, cols)};
  for (Eigen::Index j = 0; j < positive; ++j) out.s(j) = s[j];
  out.u.leftCols(positive) = u;
  out.v.leftCols(positive) = v;
  // The rest of each side: the canonical basis of the complement of what the positive values span.
  out.u.rightCols(rows - positive) = canonical_basis(complement_projector(u, rows), static_cast<int>(rows - positive));
  out.v.rightCols(cols - positive) = canonical_basis(complement_projector(v, cols), static_cast<int>(cols - positive));
  return out;
}

}  // namespace ldyn
