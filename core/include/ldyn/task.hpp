// Tasks: inputs X (Ni x P, one column per item), targets Y (No x P) and their statistics. Inputs are
// white (X X^T / P = I) except user data taken as they are ("whiten": false, docs/theory.md section 12).
#pragma once

#include <cstdint>

#include "ldyn/svd.hpp"
#include "ldyn/types.hpp"

namespace ldyn {

struct Task {
  Mat x;    // Ni x P
  Mat y;    // No x P
  Mat syx;  // No x Ni, input-output covariance Y X^T / P
  Mat sxx;  // Ni x Ni, input covariance X X^T / P: exactly the identity when `white`
  // Whether the gradient is taken as white (E = Syx - W); otherwise E = Syx - W Sxx.
  bool white = true;

  int inputs() const { return static_cast<int>(x.rows()); }
  int outputs() const { return static_cast<int>(y.rows()); }
  int items() const { return static_cast<int>(x.cols()); }
};

// Builds a task from data that is already whitened.
Task make_task(Mat x, Mat y);

// Builds a task from inputs taken as they are (any finite X): Sxx = X X^T / P, not white.
Task make_unwhitened_task(Mat x, Mat y);

// A task with the inputs (and their whiteness) of `base` and the targets y.
Task with_targets(const Task& base, Mat y);

// Gaussian X (whitened exactly, needs items >= inputs) and Gaussian Y, drawn from `seed`.
Task random_task(int inputs, int outputs, int items, std::uint64_t seed);

// A task whose Y is `similarity * base.Y + sqrt(1 - similarity^2) * fresh Gaussian targets`
// (same X as `base`): a related task for transfer learning. similarity is in [-1, 1].
Task related_task(const Task& base, double similarity, std::uint64_t seed);

// Items are the 2^depth leaves of a binary tree; one-hot inputs scaled so that X X^T / P = I.
// Features:
//   Nodes: one output per tree node (2^(depth+1) - 1 of them, breadth first), 1 for the items below it;
//   Contrasts: the paper's (and its authors' code's) 2^depth features of +-1 and 0: one constant
//     feature, then one per internal node (breadth first), +1 for the items of its left subtree, -1
//     for those of its right subtree, 0 for the others (depth 3: constant, kingdom, 2 family, 4 species).
enum class HierarchyFeatures { Nodes, Contrasts };
Task hierarchy_task(int depth, HierarchyFeatures features = HierarchyFeatures::Nodes);

// A task designed by its spectrum: Syx = U diag(values) V^T, with X = sqrt(Ni) I (P = Ni items, already
// white) and Y = sqrt(Ni) Syx. `values` (at most min(Ni, No) of them, each >= 0) are the singular values
// of modes 1, 2, ...; the singular vectors are the coordinate axes (U, V = I) or, with `seed`, the
// columns of Haar-random orthogonal U (No x No) and V (Ni x Ni).
Task spectrum_task(int inputs, int outputs, const Vec& values, const std::uint64_t* seed);

// The same task with its targets multiplied by `factor` (> 0): Y -> factor Y, Syx -> factor Syx.
Task scaled_targets(const Task& task, double factor);

// User data. With whiten, X is centred and multiplied by Sxx^{-1/2}; without, X is used as it is:
// white when X X^T / P is the identity to 1e-8, else a task with Sxx = X X^T / P (which may even be
// singular: gradient descent is defined for any X). Throws std::invalid_argument saying what is
// wrong with the data.
Task custom_task(Mat x, Mat y, bool whiten);

// The same inputs with the targets negated: Syx -> -Syx (reversal learning).
Task reversed(const Task& task);

// Loss 1/(2P) ||Y - W X||_F^2 of the network function W = W2 W1.
double loss(const Task& task, const Mat& network_function);

}  // namespace ldyn
