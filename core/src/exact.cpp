#include "ldyn/exact.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "ldyn/task.hpp"

namespace ldyn {

Spectrum riccati_spectrum(const Mat& syx, double lambda) {
  const int no = static_cast<int>(syx.rows()), ni = static_cast<int>(syx.cols());
  const int n = ni + no, k = std::min(ni, no);
  const Svd svd = full_svd(syx);
  Spectrum sp{Vec::Zero(n), Mat::Zero(n, n)};
  const double a = -lambda / 2;  // F restricted to span{[v; 0], [0; u]} is [[a, s], [s, -a]]
  int col = 0;
  for (int i = 0; i < k; ++i) {
    const double s = svd.s(i), mu = std::hypot(s, a);
    // Eigenvector (c, d) of +mu, in the form that avoids cancellation; (-d, c) belongs to -mu.
    double c = a >= 0 ? mu + a : s, d = a >= 0 ? s : mu - a;
    const double norm = std::hypot(c, d);
    if (norm > 0) {
      c /= norm;
      d /= norm;
    } else {
      c = 1;
      d = 0;
    }
    sp.f(col) = mu;
    sp.o.col(col).head(ni) = c * svd.v.col(i);
    sp.o.col(col).tail(no) = d * svd.u.col(i);
    ++col;
    sp.f(col) = -mu;
    sp.o.col(col).head(ni) = -d * svd.v.col(i);
    sp.o.col(col).tail(no) = c * svd.u.col(i);
    ++col;
  }
  for (int j = k; j < ni; ++j, ++col) {  // input directions Syx does not reach
    sp.f(col) = -lambda / 2;
    sp.o.col(col).head(ni) = svd.v.col(j);
  }
  for (int j = k; j < no; ++j, ++col) {  // output directions Syx does not reach
    sp.f(col) = lambda / 2;
    sp.o.col(col).tail(no) = svd.u.col(j);
  }
  return sp;
}

RiccatiFlow::RiccatiFlow(const Mat& syx, double lambda)
    : spectrum_(riccati_spectrum(syx, lambda)), max_rate_(spectrum_.f.cwiseAbs().maxCoeff()) {}

Mat RiccatiFlow::advance(const Mat& g, double duration) const {
  if (!(duration >= 0) || !std::isfinite(duration)) throw std::invalid_argument("exact flow: bad duration");
  if (duration == 0) return g;
  const double substeps = std::max(1.0, std::ceil(max_rate_ * duration / kMaxGrowth));
  if (substeps > 1e10) throw std::invalid_argument("exact flow: time span too long for these rates");
  const double h = duration / substeps;
  Mat out = g;
  for (double s = 0; s < substeps; ++s) out = step(out, h);
  return out;
}

// One exact step of length h, |f| h <= kMaxGrowth:
//   G <- diag(e^{f h}) G (I + G^T diag(phi) G)^{-1/2}-factor,  phi = expm1(2 f h) / (2 f),
// with the factor taken from a QR of [I; diag(sqrt(phi)) G] rather than a Cholesky of
// I + G^T diag(phi) G, which would square its condition number.
Mat RiccatiFlow::step(const Mat& g, double h) const {
  const Vec& f = spectrum_.f;
  const int n = static_cast<int>(g.rows()), r = static_cast<int>(g.cols());
  Vec growth(n), root_phi(n);
  for (int i = 0; i < n; ++i) {
    const double x = f(i) * h;
    growth(i) = std::exp(x);
    root_phi(i) = std::sqrt(h * (x == 0 ? 1.0 : std::expm1(2 * x) / (2 * x)));
  }
  Mat stacked(r + n, r);
  stacked.topRows(r).setIdentity();
  stacked.bottomRows(n) = root_phi.asDiagonal() * g;
  const Eigen::ColPivHouseholderQR<Mat> qr(stacked);
  // stacked P = Q R, so M = P R^T R P^T and G M^{-1} G^T = (G P R^{-1})(G P R^{-1})^T.
  Mat gp = g * qr.colsPermutation();
  qr.matrixQR().topRows(r).triangularView<Eigen::Upper>().solveInPlace<Eigen::OnTheRight>(gp);
  return growth.asDiagonal() * gp;
}

Mat initial_factor(const Weights& w) {
  const int n = static_cast<int>(w.w1.cols() + w.w2.rows());
  Mat q(n, w.w1.rows());
  q << w.w1.transpose(), w.w2;
  if (q.cols() <= n) return q;
  // More hidden units than n: Q^T = H R gives Q Q^T = R^T R with R^T only n x n.
  const Eigen::HouseholderQR<Mat> qr(q.transpose());
  return qr.matrixQR().topRows(n).triangularView<Eigen::Upper>().toDenseMatrix().transpose();
}

void exact_trajectory(const Schedule& schedule, double lambda, const Weights& initial,
                      const std::vector<double>& times, const Recording<Mat>& record) {
  const std::vector<double> starts = phase_starts(schedule);
  std::size_t phase = 0;
  RiccatiFlow flow(schedule[0].task.syx, lambda);
  Mat g = flow.spectrum().o.transpose() * initial_factor(initial);
  double t = 0;
  for (std::size_t i = 0; i < times.size(); ++i) {
    while (phase + 1 < schedule.size() && starts[phase + 1] <= times[i]) {
      // The balance is conserved across the switch: continue from the current QQ^T with the new F.
      const Mat z = flow.spectrum().o * flow.advance(g, starts[phase + 1] - t);
      t = starts[++phase];
      flow = RiccatiFlow(schedule[phase].task.syx, lambda);
      g = flow.spectrum().o.transpose() * z;
    }
    g = flow.advance(g, times[i] - t);
    t = times[i];
    if (!record(static_cast<int>(i), flow.spectrum().o * g)) return;
  }
}

}  // namespace ldyn
