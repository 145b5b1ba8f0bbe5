#include "ldyn/metrics.hpp"

#include <cmath>

#include "kernels.hpp"
#include "ldyn/random.hpp"

namespace ldyn {

Snapshot::Snapshot(const Mat& factor, int inputs) : ni_(inputs), no_(static_cast<int>(factor.rows()) - inputs) { assign(factor); }

void Snapshot::assign(const Mat& factor) {
  const int n = static_cast<int>(factor.rows());
  no_ = n - ni_;
  qqt_.resize(n, n);
  kernel::syrk(n, static_cast<int>(factor.cols()), factor.data(), kernel::ld(factor), qqt_.data(), kernel::ld(qqt_));
}

Mat item_rsm(const Task& task, const Mat& input_representation) {
  return task.x.transpose() * input_representation * task.x;
}

double effective_rank(const Vec& singular_values) {
  const double total = singular_values.sum();
  if (!(total > 0)) return 0;
  double entropy = 0;
  for (const double s : singular_values)
    if (s > 0) entropy -= (s / total) * std::log(s / total);
  return std::exp(entropy);
}

Mat ntk(const Task& task, const Mat& input_representation, const Mat& output_representation) {
  const int p = task.items(), no = task.outputs();
  const Mat m = item_rsm(task, input_representation), g = task.x.transpose() * task.x;
  Mat k(no * p, no * p);
  for (int o = 0; o < no; ++o)
    for (int o2 = 0; o2 < no; ++o2) {
      k.block(o * p, o2 * p, p, p) = output_representation(o, o2) * g;
      if (o == o2) k.block(o * p, o2 * p, p, p) += m;
    }
  return k;
}

KernelDistance::KernelDistance(const Task& task, const Mat& a0, const Mat& b0)
    : c_(task.x * task.x.transpose()), outputs_(task.outputs()), a0_(a0), b0_(b0) {
  trace_c2_ = c_.squaredNorm();  // C is symmetric
  norm0_ = std::sqrt(std::max(0.0, inner(a0_, b0_, a0_, b0_)));
}

// <K, K'> for K = I (x) X^T A X + B (x) X^T X, with C = X X^T:
// No tr(A C A' C) + tr(B') tr(A C^2) + tr(B) tr(A' C^2) + tr(B B') tr(C^2).
// Traces of products are sums of elementwise products (tr(M N) = sum M .* N^T): two matrix
// products per call, one when both kernels are the same.
double KernelDistance::inner(const Mat& a, const Mat& b, const Mat& a2, const Mat& b2) const {
  const auto trace_of_product = [](const Mat& m, const Mat& n) { return m.cwiseProduct(n.transpose()).sum(); };
  const Mat ac = a * c_;
  const Mat a2c = &a2 == &a ? ac : Mat(a2 * c_);
  return outputs_ * trace_of_product(ac, a2c) + b2.trace() * trace_of_product(ac, c_) + b.trace() * trace_of_product(a2c, c_) +
         trace_of_product(b, b2) * trace_c2_;
}

double KernelDistance::operator()(const Mat& a, const Mat& b) const {
  const double norm = std::sqrt(std::max(0.0, inner(a, b, a, b)));
  if (norm0_ == 0 || norm == 0) return norm0_ == norm ? 0.0 : 1.0;
  const Mat da = a0_ / norm0_ - a / norm, db = b0_ / norm0_ - b / norm;
  return 0.5 * std::max(0.0, inner(da, db, da, db));
}

Sensitivity sensitivity(const Snapshot& state, int hidden, double input_noise, double parameter_noise, const Task& task) {
  const double no = static_cast<double>(state.output_representation().rows());
  const double s2 = parameter_noise * parameter_noise;
  // With Sxx = I: tr(W1 Sxx W1^T) = tr(W1^T W1) and tr(Sxx) = Ni.
  const double input_energy = task.white ? state.input_representation().trace() : state.input_representation().cwiseProduct(task.sxx).sum();
  const double input_trace = task.white ? static_cast<double>(task.inputs()) : task.sxx.trace();
  return {input_noise * input_noise * state.network_function().squaredNorm(),
          s2 * (no * input_energy + input_trace * state.output_representation().trace()) + s2 * s2 * no * hidden * input_trace};
}

Sensitivity sensitivity_monte_carlo(const Task& task, const Mat& factor, int hidden, double input_noise,
                                    double parameter_noise, int samples, std::uint64_t seed) {
  const int ni = task.inputs(), no = task.outputs(), p = task.items();
  Mat w1 = Mat::Zero(hidden, ni), w2 = Mat::Zero(no, hidden);
  w1.topRows(factor.cols()) = factor.topRows(ni).transpose();
  w2.leftCols(factor.cols()) = factor.bottomRows(no);
  const Mat w = w2 * w1;
  Rng rng(seed);
  Sensitivity sum;
  for (int s = 0; s < samples; ++s) {
    sum.input += (w * rng.normal(ni, 1, input_noise)).squaredNorm();
    const Mat d1 = rng.normal(hidden, ni, parameter_noise), d2 = rng.normal(no, hidden, parameter_noise);
    const Mat change = (w2 + d2) * (w1 + d1) - w;
    sum.parameter += (change * task.x).squaredNorm() / p;
  }
  return {sum.input / samples, sum.parameter / samples};
}

}  // namespace ldyn
