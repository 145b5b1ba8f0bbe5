// Singular value decompositions that are right for repeated singular values and the same on every
// platform (docs/theory.md, "Singular value decompositions").
//
// Eigen 3.4.0's divide-and-conquer SVD (BDCSVD) returns wrong singular values for some matrices
// with repeated singular values (the semantic hierarchy's, for one), so the engine does not use it.
// Both functions here work on the symmetric matrix J = [[0, M], [M^T, 0]], whose eigenvalues are
// +-s for the singular values s of M (and zeros), with eigenvectors [u; v] / sqrt(2).
#pragma once

#include "ldyn/types.hpp"

namespace ldyn {

// Full SVD M = U diag(s) V^T: U (m x m), s (min(m, n), largest first), V (n x n).
struct Svd {
  Mat u;
  Vec s;
  Mat v;
};

// The SVD with a canonical basis wherever the SVD leaves a choice, so that the same matrix gives the
// same U and V everywhere. Singular values within kClusterTolerance * s_max of each other form one
// cluster and are set to their mean; the cluster's right singular vectors are the canonical basis
// of their span (canonical_basis), and its left ones u = M v / s follow from them. The null spaces
// (singular values below kZeroTolerance * s_max, and the directions beyond min(m, n)) get the
// canonical bases of their spans. A single singular vector is fixed up to its sign the same way.
Svd full_svd(const Mat& m);

// Singular values only, largest first (min(m, n) of them). Backward stable: each is exact to
// about machine precision times the largest.
Vec singular_values(const Mat& m);

// An orthonormal basis of the range of the orthogonal projector `p` (of the given rank) that depends
// on the range only: column j is the normalized projection of the unit vector e_i with the largest
// remaining projection (the lowest i among ties within 1e-9), after the earlier columns are removed.
// Its entry i is then positive, which fixes the sign.
Mat canonical_basis(Mat p, int rank);

constexpr double kClusterTolerance = 1e-12;
constexpr double kZeroTolerance = 1e-13;

}  // namespace ldyn
