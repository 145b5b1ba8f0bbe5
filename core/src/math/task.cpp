#include "ldyn/task.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <stdexcept>
#include <string>

#include "ldyn/random.hpp"

namespace ldyn {
namespace {

// Multiplies X by Sxx^{-1/2}, Sxx = X X^T / P. `what` names the data in error messages.
Mat whitened(const Mat& x, const char* what) {
  const double items = static_cast<double>(x.cols());
  const Mat sxx = x * x.transpose() / items;
  if (!sxx.allFinite()) throw std::invalid_argument(std::string(what) + " has values too large for double precision (X X^T overflows)");
  const Eigen::SelfAdjointEigenSolver<Mat> eig(sxx);
  const Vec& d = eig.eigenvalues();
  const double largest = d.maxCoeff();
  const double tolerance = 1e-10 * std::max(largest, 1e-300);
  if (!(largest > 0) || d.minCoeff() <= tolerance) {
    int rank = 0;
    for (double v : d) rank += v > tolerance;
    std::ostringstream msg;
    msg << what << " has rank " << rank << " < " << x.rows()
        << " inputs, so it cannot be whitened (X X^T / P must be invertible)";
    throw std::invalid_argument(msg.str());
  }
  const Vec inv_sqrt = d.array().rsqrt();
  return eig.eigenvectors() * inv_sqrt.asDiagonal() * eig.eigenvectors().transpose() * x;
}

}  // namespace

Task make_task(Mat x, Mat y) {
  Task task;
  task.syx = y * x.transpose() / static_cast<double>(x.cols());
  task.x = std::move(x);
  task.y = std::move(y);
  return task;
}

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
  return make_task(base.x, similarity * base.y + rest * fresh);
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

Task scaled_targets(const Task& task, double factor) { return make_task(task.x, factor * task.y); }

Task custom_task(Mat x, Mat y, bool whiten) {
  if (x.cols() != y.cols()) {
    std::ostringstream msg;
    msg << "X has " << x.cols() << " items (columns) but Y has " << y.cols();
    throw std::invalid_argument(msg.str());
  }
  if (whiten) {
    const Vec mean = x.rowwise().mean();
    x.colwise() -= mean;
    return make_task(whitened(x, "X after centring"), std::move(y));
  }
  const Mat sxx = x * x.transpose() / static_cast<double>(x.cols());
  const double deviation = (sxx - Mat::Identity(x.rows(), x.rows())).cwiseAbs().maxCoeff();
  if (!(deviation <= 1e-8)) {
    std::ostringstream msg;
    msg << "X is not whitened: X X^T / P differs from the identity by " << deviation
        << " (set \"whiten\": true to whiten it)";
    throw std::invalid_argument(msg.str());
  }
  return make_task(std::move(x), std::move(y));
}

Task reversed(const Task& task) { return make_task(task.x, -task.y); }

double loss(const Task& task, const Mat& network_function) {
  // The residual itself, not trace identities: no cancellation, never negative.
  return (task.y - network_function * task.x).squaredNorm() / (2.0 * task.items());
}

}  // namespace ldyn
