// Deep linear networks f(x) = W_L ... W_2 W_1 x with L >= 2 layers (docs/theory.md section 10).
// The exact solution at depth > 2 is known for weights aligned with the task (deep_exact.hpp).
// The balanced initialization generalises lambda-balance layer by layer:
//   W_{l+1}^T W_{l+1} - W_l W_l^T = lambda_l I   for every hidden layer l = 1 .. L-1,
// which gradient flow conserves exactly (and gradient descent up to O(eta^2) per step).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ldyn/init.hpp"
#include "ldyn/recording.hpp"
#include "ldyn/schedule.hpp"
#include "ldyn/simulation.hpp"
#include "ldyn/svd.hpp"
#include "ldyn/types.hpp"

namespace ldyn {

// W_1 ... W_L; W_l is widths[l] x widths[l-1], widths = (Ni, N_1, ..., N_{L-1}, No).
struct DeepWeights {
  std::vector<Mat> layers;

  int depth() const { return static_cast<int>(layers.size()); }
  std::vector<int> widths() const;
  // W_L ... W_1 (No x Ni).
  Mat product() const;
  // The two-layer view {W_1, W_L ... W_2}: the same network function and first hidden layer.
  Weights two_layer_view() const;
};

// Why these per-hidden-layer lambdas (lambdas[l - 1] for hidden layer l) admit no balanced weights
// of these widths, or "" when they do. For two layers it is the two-layer rule.
std::string deep_admissibility_problem(const std::vector<int>& widths, const std::vector<double>& lambdas);

// Random balanced weights: W_L ... W_1 = A, with A an No x Ni matrix of N(0, sigma^2) entries
// (scales == Product) or the product of L such Gaussian factors (Factors), every layer sharing the
// singular bases of its neighbours (random orthogonal ones inside). With `aligned_to` (the task's
// SVD), the outer bases are the task's singular vectors and only A's singular values are used, so
// that the task's modes decouple. Throws std::invalid_argument when lambdas are not admissible.
DeepWeights deep_balanced_init(const std::vector<int>& widths, const std::vector<double>& lambdas, double sigma,
                               std::uint64_t seed, SigmaScales scales = SigmaScales::Product, const Svd* aligned_to = nullptr);
// Not balanced: i.i.d. N(0, sigma^2) entries in every layer.
DeepWeights deep_gaussian_init(const std::vector<int>& widths, double sigma, std::uint64_t seed);
// Not balanced: LeCun normal, W_l ~ N(0, 1 / N_{l-1}).
DeepWeights deep_lecun_init(const std::vector<int>& widths, std::uint64_t seed);

// Per hidden layer l: ||W_{l+1}^T W_{l+1} - W_l W_l^T - lambda_l I||_F divided by
// ||W_{l+1}^T W_{l+1}||_F + ||W_l W_l^T||_F + |lambda_l| sqrt(N_l) (0 for zero weights).
std::vector<double> deep_relative_balance_deviations(const DeepWeights& w, const std::vector<double>& lambdas);
// Per hidden layer: lambda_l read off the weights, tr(W_{l+1}^T W_{l+1} - W_l W_l^T) / N_l.
std::vector<double> deep_relative_scales(const DeepWeights& w);

// Full-batch gradient descent with whitened inputs (Sxx = I), every layer updated from the same state:
//   E = Syx - W_L ... W_1,  W_l += eta (W_L ... W_{l+1})^T E (W_{l-1} ... W_1)^T.
// Records, switches phases, detects divergence and reports progress as simulate() does.
SimulationOutcome simulate_deep(const Schedule& schedule, DeepWeights w, double learning_rate,
                                const std::vector<double>& times, const Recording<DeepWeights>& record,
                                const std::function<void(double)>& progress = nullptr);

}  // namespace ldyn
