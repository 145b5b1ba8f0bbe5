#include "ldyn/init.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "ldyn/random.hpp"
#include "number_text.hpp"

namespace ldyn {
namespace {

// W1 = R S1 V^T, W2 = U S2 R^T with a2_i a1_i = s_i and a2_i^2 - a1_i^2 = lambda (docs/theory.md section 2).
Weights balanced_from(const Dims& d, double lambda, const Mat& u, const Vec& s, const Mat& v, const Mat& r) {
  const int k = std::min(d.input, d.output);
  Mat s1 = Mat::Zero(d.hidden, d.input);
  Mat s2 = Mat::Zero(d.output, d.hidden);
  for (int i = 0; i < d.hidden; ++i) {
    if (i < k) {
      // a2^2 - a1^2 = lambda and a2 a1 = s: take the larger factor from the square root and the
      // other as s / it, so that neither 0/0 (s = lambda = 0) nor an underflowing s^2 can occur.
      const double root = std::hypot(lambda, 2 * s(i));  // sqrt(lambda^2 + 4 s^2), no overflow
      if (root > 0) {
        const double big = std::sqrt((root + std::abs(lambda)) / 2);
        s2(i, i) = lambda >= 0 ? big : s(i) / big;
        s1(i, i) = lambda >= 0 ? s(i) / big : big;
      }
    } else {
      if (i < d.output) s2(i, i) = std::sqrt(std::max(lambda, 0.0));
      if (i < d.input) s1(i, i) = std::sqrt(std::max(-lambda, 0.0));
    }
  }
  return {r * s1 * v.transpose(), u * s2 * r.transpose()};
}

// The random network function whose singular values (and, for balanced_init, vectors) the
// balanced weights take. Drawn before R, so that a seed means the same A in both conventions' order.
Mat random_function(const Dims& d, double sigma, SigmaScales scales, Rng& rng) {
  if (scales == SigmaScales::Product) return rng.normal(d.output, d.input, sigma);
  const Mat g1 = rng.normal(d.hidden, d.input, sigma);
  const Mat g2 = rng.normal(d.output, d.hidden, sigma);
  return g2 * g1;
}

void require_admissible(const Dims& dims, double lambda) {
  const std::string problem = admissibility_problem(dims, lambda);
  if (!problem.empty()) throw std::invalid_argument(problem);
}

}  // namespace

std::string admissibility_problem(const Dims& d, double lambda) {
  const auto shape = [&] {
    return "(Ni = " + std::to_string(d.input) + ", Nh = " + std::to_string(d.hidden) +
           ", No = " + std::to_string(d.output) + ")";
  };
  if (!std::isfinite(lambda)) return "lambda must be a finite number";
  if (d.hidden < std::min(d.input, d.output)) {
    return "the hidden layer is a bottleneck " + shape() + ": lambda-balanced initialization needs Nh >= min(Ni, No)";
  }
  const bool wider_than_input = d.hidden > d.input, wider_than_output = d.hidden > d.output;
  if (wider_than_input && wider_than_output && lambda != 0) {
    return "lambda = " + number_text(lambda) + " is not admissible " + shape() +
           ": a hidden layer wider than both input and output allows only lambda = 0";
  } else if (wider_than_input && lambda < 0) {
    return "lambda = " + number_text(lambda) + " is not admissible " + shape() +
           ": a hidden layer wider than the input (Nh > Ni) needs lambda >= 0";
  } else if (wider_than_output && lambda > 0) {
    return "lambda = " + number_text(lambda) + " is not admissible " + shape() +
           ": a hidden layer wider than the output (Nh > No) needs lambda <= 0";
  }
  return "";
}

Weights balanced_init(const Dims& dims, double lambda, double sigma, std::uint64_t seed, SigmaScales scales) {
  require_admissible(dims, lambda);
  Rng rng(seed);
  const Mat a = random_function(dims, sigma, scales, rng);
  const Mat r = rng.orthogonal(dims.hidden);
  const Svd svd = full_svd(a);
  return balanced_from(dims, lambda, svd.u, svd.s, svd.v, r);
}

Weights aligned_init(const Dims& dims, double lambda, double sigma, std::uint64_t seed, const Svd& task_svd, SigmaScales scales) {
  require_admissible(dims, lambda);
  Rng rng(seed);
  const Mat a = random_function(dims, sigma, scales, rng);
  const Mat r = rng.orthogonal(dims.hidden);
  return balanced_from(dims, lambda, task_svd.u, singular_values(a), task_svd.v, r);
}

Weights gaussian_init(const Dims& dims, double sigma, std::uint64_t seed) {
  Rng rng(seed);
  Mat w1 = rng.normal(dims.hidden, dims.input, sigma);
  Mat w2 = rng.normal(dims.output, dims.hidden, sigma);
  return {std::move(w1), std::move(w2)};
}

Weights lecun_init(const Dims& dims, std::uint64_t seed) {
  Rng rng(seed);
  Mat w1 = rng.normal(dims.hidden, dims.input, 1.0 / std::sqrt(static_cast<double>(dims.input)));
  Mat w2 = rng.normal(dims.output, dims.hidden, 1.0 / std::sqrt(static_cast<double>(dims.hidden)));
  return {std::move(w1), std::move(w2)};
}

double relative_scale(const Weights& w) {
  return ((w.w2.transpose() * w.w2).trace() - (w.w1 * w.w1.transpose()).trace()) / static_cast<double>(w.w1.rows());
}

double balance_deviation(const Weights& w, double lambda) {
  const Mat out = w.w2.transpose() * w.w2, in = w.w1 * w.w1.transpose();
  return (out - in - lambda * Mat::Identity(in.rows(), in.cols())).norm();
}

double relative_balance_deviation(const Weights& w, double lambda) {
  const Mat out = w.w2.transpose() * w.w2, in = w.w1 * w.w1.transpose();
  const double scale = out.norm() + in.norm() + std::abs(lambda) * std::sqrt(static_cast<double>(in.rows()));
  return scale > 0 ? balance_deviation(w, lambda) / scale : 0.0;
}

}  // namespace ldyn
