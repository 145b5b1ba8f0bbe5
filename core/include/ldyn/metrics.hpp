// What is measured along a trajectory (docs/theory.md section 6). Everything is read from
// QQ^T = [[W1^T W1, W1^T W2^T], [W2 W1, W2 W2^T]], given as a factor Z with Z Z^T = QQ^T, so the
// simulation (Z = [W1^T; W2]) and the exact solution share one implementation.
#pragma once

#include <cstdint>

#include "ldyn/task.hpp"
#include "ldyn/types.hpp"

namespace ldyn {

class Snapshot {
 public:
  Snapshot(const Mat& factor, int inputs);
  // The state of another factor of the same shape, reusing the storage.
  void assign(const Mat& factor);

  const Mat& qqt() const { return qqt_; }
  auto input_representation() const { return qqt_.topLeftCorner(ni_, ni_); }    // W1^T W1
  auto output_representation() const { return qqt_.bottomRightCorner(no_, no_); }  // W2 W2^T
  auto network_function() const { return qqt_.bottomLeftCorner(no_, ni_); }      // W2 W1

 private:
  Mat qqt_;
  int ni_, no_;
};

// Items x items similarity of the input-side representation: X^T W1^T W1 X.
Mat item_rsm(const Task& task, const Mat& input_representation);

// The effective rank of a matrix from its singular values (Roy & Vetterli 2007): exp of the entropy
// of p_i = s_i / sum s, between 1 (one mode) and the number of equal nonzero modes; 0 for a zero matrix.
double effective_rank(const Vec& singular_values);

// The Neural Tangent Kernel (No P x No P), index (output o, item p) -> o * P + p:
// K = I_No (x) X^T W1^T W1 X + W2 W2^T (x) X^T X. Only for drawing; distances never form it.
Mat ntk(const Task& task, const Mat& input_representation, const Mat& output_representation);

// Kernel distance from a reference NTK (Fort et al. 2020): S = 1 - <K0, K>_F / (||K0|| ||K||),
// computed from the Kronecker structure as ||K0/||K0|| - K/||K|| ||^2 / 2 (no cancellation when the
// kernel barely moves). Defined as 0 when both kernels vanish and 1 when only one does.
class KernelDistance {
 public:
  KernelDistance(const Task& task, const Mat& input_representation0, const Mat& output_representation0);
  double operator()(const Mat& input_representation, const Mat& output_representation) const;

 private:
  double inner(const Mat& a, const Mat& b, const Mat& a2, const Mat& b2) const;
  Mat c_;  // X X^T
  double trace_c2_;
  int outputs_;
  Mat a0_, b0_;
  double norm0_;
};

// Expected squared output change after training, averaged over the task's items.
struct Sensitivity {
  double input = 0;      // x + eps, eps ~ N(0, s^2 I): s^2 ||W2 W1||_F^2
  double parameter = 0;  // W + N(0, s^2): s^2 (No tr(W1 Sxx W1^T) + tr(Sxx) tr W2 W2^T) + s^4 No Nh tr(Sxx)
};                       // (Sxx = I: s^2 (No tr W1^T W1 + Ni tr W2 W2^T) + s^4 No Nh Ni)
Sensitivity sensitivity(const Snapshot& state, int hidden, double input_noise, double parameter_noise, const Task& task);
// The same by sampling the noise, from weights recovered from the factor (isotropic noise does not
// see the hidden-layer rotation that the factor leaves open).
Sensitivity sensitivity_monte_carlo(const Task& task, const Mat& factor, int hidden, double input_noise,
                                    double parameter_noise, int samples, std::uint64_t seed);

}  // namespace ldyn
