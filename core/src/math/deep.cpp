#include "ldyn/deep.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "descent_loop.hpp"
#include "divergence.hpp"
#include "ldyn/random.hpp"
#include "ldyn/svd.hpp"
#include "number_text.hpp"

namespace ldyn {
namespace {

// Balanced weights share bases: W_l = R_l D_l R_{l-1}^T with orthogonal R_l (N_l x N_l) and D_l
// rectangular diagonal, so the balance of hidden layer l holds direction by direction:
//   d_{l+1,i} - d_{l,i} = lambda_l   for every i < N_l,   d_{l,i} = D_l(i, i)^2,
// where a layer too narrow to have direction i counts as 0. Layers are numbered from 0 in the code
// (layer l is W_{l+1}, widths[l + 1] x widths[l]); hidden layer h (1 .. L-1) sits between layers h-1
// and h, and lambdas[h - 1] is its lambda.
bool has_direction(const std::vector<int>& widths, int layer, int i) { return i < widths[layer] && i < widths[layer + 1]; }

std::string widths_text(const std::vector<int>& widths) {
  std::string s;
  for (std::size_t l = 0; l < widths.size(); ++l) s += (l ? "-" : "") + std::to_string(widths[l]);
  return s;
}

std::string lambdas_text(const std::vector<double>& lambdas) {
  std::string s = "lambda = (";
  for (std::size_t l = 0; l < lambdas.size(); ++l) s += (l ? ", " : "") + number_text(lambdas[l]);
  return s + ")";
}

// "lambda_2" or "lambda_1 + ... + lambda_3" for hidden layers first..last (1-based).
std::string sum_text(int first, int last) {
  std::string s;
  for (int h = first; h <= last; ++h) s += (h > first ? " + lambda_" : "lambda_") + std::to_string(h);
  return s;
}

double sum_of(const std::vector<double>& lambdas, int first, int last) {
  double total = 0;
  for (int h = first; h <= last; ++h) total += lambdas[h - 1];
  return total;
}

// The squared gains of every layer along the directions i >= k that not every layer has (so they
// carry nothing from input to output). Each run of consecutive layers that have direction i is pinned
// by the narrower layer at one or both ends. Returns why it is impossible, or "".
std::string extra_directions(const std::vector<int>& widths, const std::vector<double>& lambdas, int k, std::vector<Vec>* squared) {
  const int depth = static_cast<int>(widths.size()) - 1;
  const int widest = *std::max_element(widths.begin(), widths.end());
  const std::string prefix = lambdas_text(lambdas) + " is not admissible for widths " + widths_text(widths) + ": ";
  const double tolerance = 1e-12 * std::max(1.0, std::abs(*std::max_element(lambdas.begin(), lambdas.end(),
                                                                             [](double a, double b) { return std::abs(a) < std::abs(b); })));
  for (int i = k; i < widest; ++i) {
    for (int l = 0; l < depth;) {
      if (!has_direction(widths, l, i)) {
        // A hidden layer with direction i between two layers without it: 0 - 0 = lambda.
        const int h = l + 1;
        if (h < depth && i < widths[h] && !has_direction(widths, h, i) && lambdas[h - 1] != 0)
          return prefix + "hidden layer " + std::to_string(h) + " is wider than the layers on both sides, which needs lambda_" + std::to_string(h) + " = 0";
        ++l;
        continue;
      }
      const int first = l;
      while (l < depth && has_direction(widths, l, i)) ++l;
      const int last = l - 1;
      const bool from_below = first > 0, from_above = last < depth - 1;
      // Hidden layer `first` is wider than layer first-1's input; hidden layer last+1 than last+1's output.
      if (from_below && from_above && std::abs(sum_of(lambdas, first, last + 1)) > tolerance)
        return prefix + "hidden layers " + std::to_string(first) + " to " + std::to_string(last + 1) +
               " are wider than the layers around them, which needs " + sum_text(first, last + 1) + " = 0";
      // Walked from the pinned end, so that the first failure named is the simplest condition.
      for (int step = 0; step <= last - first; ++step) {
        const int m = from_below ? first + step : last - step;
        // From below: d_m = lambda_first + ... + lambda_m; from above: d_m = -(lambda_{m+1} + ... + lambda_{last+1}).
        const double d = from_below ? sum_of(lambdas, first, m) : -sum_of(lambdas, m + 1, last + 1);
        if (d < -tolerance) {
          return prefix + (from_below ? "hidden layer " + std::to_string(first) + " is wider than the layer below it, which needs " +
                                            sum_text(first, m) + " >= 0"
                                      : "hidden layer " + std::to_string(last + 1) + " is wider than the layer above it, which needs " +
                                            sum_text(m + 1, last + 1) + " <= 0");
        }
        if (squared) (*squared)[m](i) = std::max(d, 0.0);
      }
    }
  }
  return "";
}

// The smallest squared gain y >= 0 along a direction every layer has, such that the gains
// sqrt(y + offset_l) multiply to s. Offsets are relative to the smallest, so no gain is the
// difference of two large numbers. Bisection to the last bit (log of the product is increasing in y).
double smallest_squared_gain(const std::vector<double>& offsets, double s) {
  if (!(s > 0)) return 0;
  const double target = std::log(s);
  const auto log_product = [&](double y) {
    double total = 0;
    for (double o : offsets) total += 0.5 * std::log(y + o);
    return total;
  };
  double lo = 0, hi = 1;
  while (log_product(hi) < target) hi *= 2;
  for (int iteration = 0; iteration < 4096; ++iteration) {
    const double mid = lo + (hi - lo) / 2;
    if (mid <= lo || mid >= hi) break;
    (log_product(mid) < target ? lo : hi) = mid;
  }
  return std::abs(log_product(lo) - target) < std::abs(log_product(hi) - target) ? lo : hi;
}

void require_shape(const std::vector<int>& widths) {
  if (widths.size() < 3) throw std::invalid_argument("a network needs at least two layers (three widths)");
  for (int w : widths)
    if (w < 1) throw std::invalid_argument("every width must be at least 1");
}

bool blown_up(const DeepWeights& w) {
  for (const Mat& layer : w.layers)
    if (beyond_divergence_limit(layer)) return true;
  return false;
}

}  // namespace

std::vector<int> DeepWeights::widths() const {
  std::vector<int> out{static_cast<int>(layers.front().cols())};
  for (const Mat& layer : layers) out.push_back(static_cast<int>(layer.rows()));
  return out;
}

Mat DeepWeights::product() const {
  Mat p = layers.front();
  for (std::size_t l = 1; l < layers.size(); ++l) p = layers[l] * p;
  return p;
}

Weights DeepWeights::two_layer_view() const {
  Mat upper = layers.back();
  for (std::size_t l = layers.size() - 1; l-- > 1;) upper = upper * layers[l];
  return {layers.front(), upper};
}

std::string deep_admissibility_problem(const std::vector<int>& widths, const std::vector<double>& lambdas) {
  require_shape(widths);
  const int depth = static_cast<int>(widths.size()) - 1;
  if (static_cast<int>(lambdas.size()) != depth - 1)
    return "needs one lambda per hidden layer (" + std::to_string(depth - 1) + "), got " + std::to_string(lambdas.size());
  for (double lambda : lambdas)
    if (!std::isfinite(lambda)) return "lambda must be a finite number";
  if (depth == 2) return admissibility_problem({widths[0], widths[1], widths[2]}, lambdas[0]);
  const int k = std::min(widths.front(), widths.back());
  for (int h = 1; h < depth; ++h)
    if (widths[h] < k)
      return "hidden layer " + std::to_string(h) + " is a bottleneck (widths " + widths_text(widths) +
             "): lambda-balanced initialization needs every hidden layer at least min(Ni, No) = " + std::to_string(k) + " wide";
  return extra_directions(widths, lambdas, k, nullptr);
}

DeepWeights deep_balanced_init(const std::vector<int>& widths, const std::vector<double>& lambdas, double sigma, std::uint64_t seed,
                               SigmaScales scales, const Svd* aligned_to) {
  const std::string problem = deep_admissibility_problem(widths, lambdas);
  if (!problem.empty()) throw std::invalid_argument(problem);
  const int depth = static_cast<int>(widths.size()) - 1;
  const int ni = widths.front(), no = widths.back(), k = std::min(ni, no);

  // The random network function A, drawn first, then the hidden bases (the two-layer order).
  Rng rng(seed);
  Mat a;
  if (scales == SigmaScales::Product) {
    a = rng.normal(no, ni, sigma);
  } else {
    a = rng.normal(widths[1], ni, sigma);
    for (int l = 1; l < depth; ++l) a = rng.normal(widths[l + 1], widths[l], sigma) * a;
  }
  std::vector<Mat> bases(widths.size());
  for (int h = 1; h < depth; ++h) bases[h] = rng.orthogonal(widths[h]);
  Svd svd = full_svd(a);
  if (aligned_to) {
    svd.u = aligned_to->u;
    svd.v = aligned_to->v;
  }
  bases.front() = svd.v;
  bases.back() = svd.u;

  // Squared gains: along the k directions every layer has, offsets c_l = lambda_1 + ... + lambda_l
  // from the first layer, shifted so that the smallest is 0.
  std::vector<Vec> squared(depth);
  for (int l = 0; l < depth; ++l) squared[l] = Vec::Zero(std::min(widths[l], widths[l + 1]));
  std::vector<double> offsets(depth, 0.0);
  for (int l = 1; l < depth; ++l) offsets[l] = offsets[l - 1] + lambdas[l - 1];
  const double lowest = *std::min_element(offsets.begin(), offsets.end());
  for (double& o : offsets) o -= lowest;
  for (int i = 0; i < k; ++i) {
    const double y = smallest_squared_gain(offsets, svd.s(i));
    for (int l = 0; l < depth; ++l) squared[l](i) = y + offsets[l];
  }
  extra_directions(widths, lambdas, k, &squared);

  DeepWeights w;
  for (int l = 0; l < depth; ++l) {
    Mat gains = Mat::Zero(widths[l + 1], widths[l]);
    for (Eigen::Index i = 0; i < squared[l].size(); ++i) gains(i, i) = std::sqrt(squared[l](i));
    w.layers.push_back(bases[l + 1] * gains * bases[l].transpose());
  }
  return w;
}

DeepWeights deep_gaussian_init(const std::vector<int>& widths, double sigma, std::uint64_t seed) {
  require_shape(widths);
  Rng rng(seed);
  DeepWeights w;
  for (std::size_t l = 0; l + 1 < widths.size(); ++l) w.layers.push_back(rng.normal(widths[l + 1], widths[l], sigma));
  return w;
}

DeepWeights deep_lecun_init(const std::vector<int>& widths, std::uint64_t seed) {
  require_shape(widths);
  Rng rng(seed);
  DeepWeights w;
  for (std::size_t l = 0; l + 1 < widths.size(); ++l)
    w.layers.push_back(rng.normal(widths[l + 1], widths[l], 1.0 / std::sqrt(static_cast<double>(widths[l]))));
  return w;
}

std::vector<double> deep_relative_balance_deviations(const DeepWeights& w, const std::vector<double>& lambdas) {
  std::vector<double> out;
  for (std::size_t h = 1; h < w.layers.size(); ++h) out.push_back(relative_balance_deviation({w.layers[h - 1], w.layers[h]}, lambdas[h - 1]));
  return out;
}

std::vector<double> deep_relative_scales(const DeepWeights& w) {
  std::vector<double> out;
  for (std::size_t h = 1; h < w.layers.size(); ++h) out.push_back(relative_scale({w.layers[h - 1], w.layers[h]}));
  return out;
}

namespace {

// One gradient-descent step of a deep network on the phase's task, in place.
struct DeepStep {
  const Schedule& schedule;
  double eta;
  // below[l] = W_l ... W_1 (code numbering: below[0] = W_1); back = (W_L ... W_{l+2})^T E, passed down.
  std::vector<Mat> below, updated;
  Mat error, back, next_back, product;
  void operator()(std::size_t phase, DeepWeights& w) {
    const int depth = w.depth();
    below[0] = w.layers[0];
    for (int l = 1; l < depth - 1; ++l) below[l].noalias() = w.layers[l] * below[l - 1];
    const Task& task = schedule[phase].task;
    error = task.syx;
    if (task.white) {
      error.noalias() -= w.layers[depth - 1] * below[depth - 2];
    } else {  // E = Syx - W Sxx (docs/theory.md section 12)
      product.noalias() = w.layers[depth - 1] * below[depth - 2];
      error.noalias() -= product * task.sxx;
    }
    // The top layer's gradient is E (W_{L-1} ... W_1)^T; each layer below gets the error passed
    // down through the layers above it. Every update reads the weights before this step.
    back = error;
    for (int l = depth - 1; l >= 1; --l) {
      updated[l] = w.layers[l];
      updated[l].noalias() += eta * (back * below[l - 1].transpose());
      next_back.noalias() = w.layers[l].transpose() * back;
      back.swap(next_back);
    }
    updated[0] = w.layers[0];
    updated[0].noalias() += eta * back;
    for (int l = 0; l < depth; ++l) w.layers[l].swap(updated[l]);
  }
};

}  // namespace

SimulationOutcome simulate_deep(const Schedule& schedule, DeepWeights w, double eta, const std::vector<double>& times,
                                const Recording<DeepWeights>& record, const std::function<void(double)>& progress) {
  SimulationOutcome outcome;
  if (times.empty()) return outcome;
  DeepStep step{schedule, eta, std::vector<Mat>(w.depth()), std::vector<Mat>(w.depth()), {}, {}, {}, {}};
  const auto deep_blown_up = [](const DeepWeights& state) { return blown_up(state); };
  descend_recorded(schedule, eta, phase_start_steps(schedule, eta), times, w, record, progress, deep_blown_up, step, outcome);
  return outcome;
}

}  // namespace ldyn
