#include "ldyn/task.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "ldyn/random.hpp"
#include "number_text.hpp"

namespace ldyn {
namespace {

// Beyond this estimate of Sxx's condition number (the inputs' spread of scales squared times the
// condition number of their correlations) double precision cannot whiten X reliably.
constexpr double kMaxWhiteningCondition = 1e14;

// X times 2^k for the exponent k that brings its largest |entry| into [1, 2): exact, and it changes
// neither the rank nor Sxx^{-1/2} X, so data in any units (1e-160 or 1e160) are whitened alike.
Mat unit_scaled(const Mat& x) {
  const double largest = x.cwiseAbs().maxCoeff();
  if (!(largest > 0) || !std::isfinite(largest)) return x;
  const int k = -std::ilogb(largest);
  return x.unaryExpr([k](double v) { return std::ldexp(v, k); });
}

// The correlations of the rows of x (each input standardised), so that the rank does not depend on
// the inputs' units; a constant input has a zero row and column. `spread` is the ratio of the
// largest to the smallest standard deviation (infinite with a constant input).
Mat correlations(const Mat& x, double& spread) {
  Mat standard(x.rows(), x.cols());
  Vec deviation(x.rows());
  for (Eigen::Index i = 0; i < x.rows(); ++i) {
    const Mat row = unit_scaled(x.row(i));
    const double norm = row.norm();
    standard.row(i) = norm > 0 ? Mat(row / norm) : row;
    // The row's standard deviation, from its exact rescaling: no overflow or underflow.
    deviation(i) = norm > 0 ? std::ldexp(norm, std::ilogb(x.row(i).cwiseAbs().maxCoeff()) - std::ilogb(row.cwiseAbs().maxCoeff())) : 0;
  }
  spread = deviation.minCoeff() > 0 ? deviation.maxCoeff() / deviation.minCoeff() : INFINITY;
  return standard * standard.transpose();
}

// Multiplies X by Sxx^{-1/2}, Sxx = X X^T / P. `what` names the data in error messages.
Mat whitened(const Mat& original, const char* what) {
  const Mat x = unit_scaled(original);
  const double items = static_cast<double>(x.cols());
  const Mat sxx = x * x.transpose() / items;
  if (!sxx.allFinite()) throw std::invalid_argument(std::string(what) + " has values too large for double precision (X X^T overflows)");
  // The rank from the correlations: two independent inputs in units 1e5 apart have rank 2.
  double spread = 0;
  const Eigen::SelfAdjointEigenSolver<Mat> corr(correlations(x, spread), Eigen::EigenvaluesOnly);
  const Vec& c = corr.eigenvalues();
  const double tolerance = 1e-10 * std::max(c.maxCoeff(), 1e-300);
  if (!(c.maxCoeff() > 0) || c.minCoeff() <= tolerance) {
    int rank = 0;
    for (double v : c) rank += v > tolerance;
    throw std::invalid_argument(std::string(what) + " has rank " + std::to_string(rank) + " < " + std::to_string(x.rows()) +
                                " inputs, so it cannot be whitened (X X^T / P must be invertible)");
  }
  const double condition = spread * spread * c.maxCoeff() / c.minCoeff();
  if (!(condition <= kMaxWhiteningCondition)) {
    throw std::invalid_argument(std::string(what) + " cannot be whitened in double precision: X X^T / P would have a condition number of about " +
                                number_text(condition, 2) + " (more than " + number_text(kMaxWhiteningCondition, 2) +
                                "), as the inputs' standard deviations differ by a factor of " + number_text(spread, 2) +
                                " and their correlations have condition number " + number_text(c.maxCoeff() / c.minCoeff(), 2) +
                                "; rescale the inputs to similar units or remove a nearly redundant one");
  }
  const Eigen::SelfAdjointEigenSolver<Mat> eig(sxx);
  const Vec inv_sqrt = eig.eigenvalues().array().rsqrt();
  Mat white = eig.eigenvectors() * inv_sqrt.asDiagonal() * eig.eigenvectors().transpose() * x;
  // With inputs in very different units the eigenvectors carry rounding from the large
  // eigenvalues into the small ones: one more whitening of the (nearly white) result restores
  // X X^T / P = I. Ordinary data never need it, and are not touched.
  const Mat check = white * white.transpose() / items;
  if ((check - Mat::Identity(x.rows(), x.rows())).cwiseAbs().maxCoeff() > 1e-12) {
    const Eigen::SelfAdjointEigenSolver<Mat> again(check);
    white = again.eigenvectors() * again.eigenvalues().array().rsqrt().matrix().asDiagonal() * again.eigenvectors().transpose() * white;
  }
  return white;
}

}  // namespace

Task make_task(Mat x, Mat y) {
  Task task;
  task.syx = y * x.transpose() / static_cast<double>(x.cols());
  task.sxx = Mat::Identity(x.rows(), x.rows());
  task.x = std::move(x);
  task.y = std::move(y);
  return task;
}

Task make_unwhitened_task(Mat x, Mat y) {
  Task task = make_task(std::move(x), std::move(y));
  task.sxx = task.x * task.x.transpose() / static_cast<double>(task.x.cols());
  task.white = false;
  return task;
}

Task with_targets(const Task& base, Mat y) { return base.white ? make_task(base.x, std::move(y)) : make_unwhitened_task(base.x, std::move(y)); }

Task random_task(int inputs, int outputs, int items, std::uint64_t seed) {
  if (items < inputs) throw std::invalid_argument("needs at least as many items as inputs to whiten X");
  Rng rng(seed);
  Mat x = rng.normal(inputs, items);
  Mat y = rng.normal(outputs, items);
  return make_task(whitened(x, "the random X"), std::move(y));
}

Task related_task(const Task& base, double similarity, std::uint64_t seed) {
  if (!(similarity >= -1 && similarity <= 1)) throw std::invalid_argument("similarity must be in [-1, 1]");
  Rng rng(seed);
  const Mat fresh = rng.normal(base.outputs(), base.items());
  const double rest = std::sqrt(std::max(0.0, 1 - similarity * similarity));
  return with_targets(base, similarity * base.y + rest * fresh);
}

Task hierarchy_task(int depth, HierarchyFeatures features) {
  if (depth < 1) throw std::invalid_argument("depth must be at least 1");
  const int items = 1 << depth;
  Mat x = std::sqrt(static_cast<double>(items)) * Mat::Identity(items, items);
  if (features == HierarchyFeatures::Contrasts) {
    Mat y = Mat::Zero(items, items);
    y.row(0).setOnes();
    int feature = 1;
    for (int level = 0; level < depth; ++level) {
      const int width = items >> level;  // items below each node of this level
      for (int j = 0; j < (1 << level); ++j, ++feature) {
        y.row(feature).segment(j * width, width / 2).setOnes();
        y.row(feature).segment(j * width + width / 2, width / 2).setConstant(-1);
      }
    }
    return make_task(std::move(x), std::move(y));
  }
  const int nodes = (1 << (depth + 1)) - 1;
  Mat y = Mat::Zero(nodes, items);
  int node = 0;
  for (int level = 0; level <= depth; ++level) {
    const int width = items >> level;  // items below each node of this level
    for (int j = 0; j < (1 << level); ++j, ++node) y.row(node).segment(j * width, width).setOnes();
  }
  return make_task(std::move(x), std::move(y));
}

Task spectrum_task(int inputs, int outputs, const Vec& values, const std::uint64_t* seed) {
  if (values.size() > std::min(inputs, outputs))
    throw std::invalid_argument("at most min(inputs, outputs) = " + std::to_string(std::min(inputs, outputs)) + " singular values");
  Mat u = Mat::Identity(outputs, outputs);
  Mat v = Mat::Identity(inputs, inputs);
  if (seed) {
    Rng rng(*seed);
    u = rng.orthogonal(outputs);
    v = rng.orthogonal(inputs);
  }
  const int modes = static_cast<int>(values.size());
  const Mat syx = u.leftCols(modes) * values.asDiagonal() * v.leftCols(modes).transpose();
  const double root = std::sqrt(static_cast<double>(inputs));
  return make_task(root * Mat::Identity(inputs, inputs), root * syx);
}

Task scaled_targets(const Task& task, double factor) { return with_targets(task, factor * task.y); }

Task custom_task(Mat x, Mat y, bool whiten) {
  if (x.cols() != y.cols()) {
    throw std::invalid_argument("X has " + std::to_string(x.cols()) + " items (columns) but Y has " + std::to_string(y.cols()));
  }
  if (whiten) {
    const Vec mean = x.rowwise().mean();
    x.colwise() -= mean;
    return make_task(whitened(x, "X after centring"), std::move(y));
  }
  const Mat sxx = x * x.transpose() / static_cast<double>(x.cols());
  if (!sxx.allFinite()) throw std::invalid_argument("X has values too large for double precision (X X^T overflows)");
  // White data keep the white gradient (and the closed-form exact solution); any other X is used as
  // it is, with its own Sxx in the gradient.
  const double deviation = (sxx - Mat::Identity(x.rows(), x.rows())).cwiseAbs().maxCoeff();
  if (deviation <= 1e-8) return make_task(std::move(x), std::move(y));
  return make_unwhitened_task(std::move(x), std::move(y));
}

Task reversed(const Task& task) { return with_targets(task, -task.y); }

double loss(const Task& task, const Mat& network_function) {
  // The residual itself, not trace identities: no cancellation, never negative.
  return (task.y - network_function * task.x).squaredNorm() / (2.0 * task.items());
}

}  // namespace ldyn
