// Initial weights: lambda-balanced (random or aligned with the task) and the usual unbalanced ones.
#pragma once

#include <cstdint>
#include <string>

#include "ldyn/task.hpp"
#include "ldyn/types.hpp"

namespace ldyn {

// Why `lambda` is not admissible for this shape (docs/theory.md section 2), or "" when it is.
std::string admissibility_problem(const Dims& dims, double lambda);

// What sigma scales in a random lambda-balanced initialization:
//   Product: the network function, W2 W1 = A with A an No x Ni matrix of N(0, sigma^2) entries (this
//     project's convention, docs/theory.md section 2);
//   Factors: each layer, as the paper's authors draw it: A = G2 G1 with G1 (Nh x Ni) and G2 (No x Nh)
//     of N(0, sigma^2) entries, so that W2 W1 has the singular values of sigma^2 G2 G1.
enum class SigmaScales { Product, Factors };

// Random lambda-balanced weights with W2 W1 = A (see SigmaScales). Requires an admissible lambda.
Weights balanced_init(const Dims& dims, double lambda, double sigma, std::uint64_t seed, SigmaScales scales = SigmaScales::Product);

// As balanced_init, but W2 W1 = U~ diag(a) V~^T uses the task's singular vectors, so that the
// modes of the task decouple; a are the singular values of the random A.
Weights aligned_init(const Dims& dims, double lambda, double sigma, std::uint64_t seed, const Svd& task_svd,
                     SigmaScales scales = SigmaScales::Product);

// Not balanced (simulation only): i.i.d. N(0, sigma^2) entries in both layers.
Weights gaussian_init(const Dims& dims, double sigma, std::uint64_t seed);
// Not balanced (simulation only): LeCun normal, W1 ~ N(0, 1/Ni), W2 ~ N(0, 1/Nh).
Weights lecun_init(const Dims& dims, std::uint64_t seed);

// lambda read off the weights: tr(W2^T W2 - W1 W1^T) / Nh.
double relative_scale(const Weights& w);
// ||W2^T W2 - W1 W1^T - lambda I||_F.
double balance_deviation(const Weights& w, double lambda);
// The same deviation divided by ||W2^T W2||_F + ||W1 W1^T||_F + |lambda| sqrt(Nh) (0 for zero weights).
double relative_balance_deviation(const Weights& w, double lambda);

}  // namespace ldyn
