// Helpers shared by the core tests: JSON matrices, relative errors and an independent reference
// integration of the gradient flow.
#pragma once

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "ldyn/exact.hpp"
#include "ldyn/result.hpp"
#include "ldyn/schedule.hpp"
#include "ldyn/types.hpp"

namespace ldyn::test {

using Json = nlohmann::json;
using MatL = Eigen::Matrix<long double, Eigen::Dynamic, Eigen::Dynamic>;

inline Mat to_mat(const Json& rows) {
  Mat m(rows.size(), rows.at(0).size());
  for (std::size_t i = 0; i < rows.size(); ++i)
    for (std::size_t j = 0; j < rows[i].size(); ++j) m(i, j) = rows[i][j].get<double>();
  return m;
}

inline Json to_json(const Mat& m) {
  Json rows = Json::array();
  for (Eigen::Index i = 0; i < m.rows(); ++i) {
    Json row = Json::array();
    for (Eigen::Index j = 0; j < m.cols(); ++j) row.push_back(m(i, j));
    rows.push_back(row);
  }
  return rows;
}

inline Json load_json(const std::string& path) {
  std::ifstream file(path);
  Json j;
  file >> j;
  return j;
}

// ||a - b||_F / ||b||_F (or the absolute error when b vanishes).
inline double relative_error(const Mat& a, const Mat& b) {
  const double scale = b.norm();
  return scale > 0 ? (a - b).norm() / scale : (a - b).norm();
}

inline Mat stack(const Weights& w) {
  Mat q(w.w1.cols() + w.w2.rows(), w.w1.rows());
  q << w.w1.transpose(), w.w2;
  return q;
}

// The gradient flow of the weights (Sxx = I), integrated with classical RK4 in long double:
// a reference that shares nothing with the closed-form solution.
inline Weights rk4_flow(const Weights& w, const Mat& syx, double duration, double step) {
  MatL w1 = w.w1.cast<long double>(), w2 = w.w2.cast<long double>();
  const MatL s = syx.cast<long double>();
  const auto derivative = [&](const MatL& a1, const MatL& a2, MatL& d1, MatL& d2) {
    const MatL e = s - a2 * a1;
    d1 = a2.transpose() * e;
    d2 = e * a1.transpose();
  };
  const long steps = std::max(1L, static_cast<long>(std::ceil(duration / step)));
  const long double h = static_cast<long double>(duration) / steps;
  MatL k1a, k1b, k2a, k2b, k3a, k3b, k4a, k4b;
  for (long i = 0; i < steps; ++i) {
    derivative(w1, w2, k1a, k1b);
    derivative(w1 + h / 2 * k1a, w2 + h / 2 * k1b, k2a, k2b);
    derivative(w1 + h / 2 * k2a, w2 + h / 2 * k2b, k3a, k3b);
    derivative(w1 + h * k3a, w2 + h * k3b, k4a, k4b);
    w1 += h / 6 * (k1a + 2 * k2a + 2 * k3a + k4a);
    w2 += h / 6 * (k1b + 2 * k2b + 2 * k3b + k4b);
  }
  return {w1.cast<double>(), w2.cast<double>()};
}

// QQ^T of the stacked weights Q = [W1^T; W2].
inline Mat qqt(const Weights& w) {
  const Mat q = stack(w);
  return q * q.transpose();
}

// The blocks of QQ^T: W1^T W1 (input side), W2 W1 (network function), W2 W2^T (output side).
inline Mat input_block(const Mat& p, int ni) { return p.topLeftCorner(ni, ni); }
inline Mat function_block(const Mat& p, int ni) { return p.bottomLeftCorner(p.rows() - ni, ni); }
inline Mat output_block(const Mat& p, int ni) { return p.bottomRightCorner(p.rows() - ni, p.rows() - ni); }

// Weights whose stacked form is the factor Z (n x r): W1 = Z_top^T, W2 = Z_bottom, r hidden units.
inline Weights weights_from_factor(const Mat& z, int ni) {
  return {z.topRows(ni).transpose(), z.bottomRows(z.rows() - ni)};
}

// The exact QQ^T at each of the ascending `times`.
inline std::vector<Mat> exact_qqt(const Schedule& schedule, double lambda, const Weights& w,
                                  const std::vector<double>& times) {
  std::vector<Mat> out(times.size());
  exact_trajectory(schedule, lambda, w, times, [&](int i, const Mat& z) { out.at(i) = z * z.transpose(); });
  return out;
}

// rk4_flow over a schedule from time `from` to `to`, switching task at every phase start.
inline Weights rk4_schedule(const Schedule& schedule, Weights w, double from, double to, double step) {
  double start = 0;
  for (const Phase& phase : schedule) {
    const double end = start + phase.duration;
    const double a = std::max(from, start), b = std::min(to, end);
    if (b > a) w = rk4_flow(w, phase.task.syx, b - a, step);
    start = end;
  }
  return w;
}

// The series `name` of the "exact" or "simulation" trajectory of a run_experiment result.
inline const Tensor& result_series(const Node& result, const char* trajectory, const char* name) {
  const Node* node = result.find(trajectory);
  REQUIRE(node != nullptr);
  const Node* child = node->find(name);
  REQUIRE(child != nullptr);
  return std::get<Tensor>(child->value());
}

// The full matrix flow of every layer, dW_l/dt = (W_{>l})^T (Syx - W_L...W_1 Sxx) (W_{<l})^T, by RK4 in
// long double with a fixed small step (Sxx = I: white inputs): shares nothing with the engine's
// closed forms and quadratures, which the tests check against it.
inline std::vector<MatL> flow_rk4(std::vector<MatL> w, const Mat& syx_d, const Mat& sxx_d, double duration, double step) {
  const MatL syx = syx_d.cast<long double>(), sxx = sxx_d.cast<long double>();
  const auto derivative = [&](const std::vector<MatL>& layers) {
    const std::size_t depth = layers.size();
    std::vector<MatL> below(depth);
    below[0] = layers[0];
    for (std::size_t l = 1; l < depth; ++l) below[l] = layers[l] * below[l - 1];
    const MatL error = syx - below[depth - 1] * sxx;
    std::vector<MatL> d(depth);
    MatL back = error;
    for (std::size_t l = depth; l-- > 0;) {
      d[l] = l == 0 ? back : MatL(back * below[l - 1].transpose());
      back = layers[l].transpose() * back;
    }
    return d;
  };
  const long steps = std::max(1L, static_cast<long>(std::ceil(duration / step)));
  const long double h = static_cast<long double>(duration) / steps;
  const auto plus = [](const std::vector<MatL>& a, long double c, const std::vector<MatL>& b) {
    std::vector<MatL> out(a.size());
    for (std::size_t l = 0; l < a.size(); ++l) out[l] = a[l] + c * b[l];
    return out;
  };
  for (long i = 0; i < steps; ++i) {
    const auto k1 = derivative(w);
    const auto k2 = derivative(plus(w, h / 2, k1));
    const auto k3 = derivative(plus(w, h / 2, k2));
    const auto k4 = derivative(plus(w, h, k3));
    for (std::size_t l = 0; l < w.size(); ++l) w[l] += h / 6 * (k1[l] + 2 * k2[l] + 2 * k3[l] + k4[l]);
  }
  return w;
}

}  // namespace ldyn::test
