#include "ldyn/exact.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

#include "kernels.hpp"
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

struct RiccatiFlow::Workspace {
  double h = -1;         // the step length growth and root_phi belong to
  Vec growth, root_phi;  // e^{f h} and sqrt(phi)
  Mat stacked;           // [I; diag(root_phi) G], (r + n) x r, then its QR factorization
  Vec norms, norms_direct;
  std::vector<int> permutation;
  Mat solved;  // G P R^{-1}, n x r
};

namespace {

// Householder QR with column pivoting of the m x r matrix `a` in place, as Eigen's
// ColPivHouseholderQR computes it (the same pivots, reflectors and norm downdates: the factor that
// the exact solution carries from step to step, and so its hidden-layer rotation, stays what it
// was), but without allocating and with the engine's SIMD kernels. On return the upper triangle of
// the first r rows holds R, and a P = Q R with P the permutation e_j -> e_permutation[j]. `norms`,
// `norms_direct` and `permutation` have r entries.
void pivoted_qr(Mat& a, Vec& norms, Vec& norms_direct, std::vector<int>& permutation) noexcept {
  const int m = static_cast<int>(a.rows()), r = static_cast<int>(a.cols()), lda = kernel::ld(a);
  const auto col = [&](int j) { return a.data() + static_cast<long>(j) * lda; };
  for (int j = 0; j < r; ++j) {
    norms_direct(j) = norms(j) = std::sqrt(kernel::squared_norm(m, col(j)));
    permutation[j] = j;
  }
  const double downdate_threshold = std::sqrt(std::numeric_limits<double>::epsilon());
  for (int k = 0; k < std::min(m, r); ++k) {
    int biggest = k;  // the first of the largest remaining norms
    for (int j = k + 1; j < r; ++j)
      if (norms(j) > norms(biggest)) biggest = j;
    if (biggest != k) {
      std::swap_ranges(col(k), col(k) + m, col(biggest));
      std::swap(norms(k), norms(biggest));
      std::swap(norms_direct(k), norms_direct(biggest));
      std::swap(permutation[k], permutation[biggest]);
    }
    // The reflector H = I - tau v v^T with v = [1; essential] that maps column k (from row k) to
    // [beta; 0]; essential is stored below the diagonal.
    double* v = col(k) + k;
    const int length = m - k;
    const double tail = kernel::squared_norm(length - 1, v + 1), c0 = v[0];
    double tau = 0, beta = c0;
    if (tail > std::numeric_limits<double>::min()) {
      beta = std::sqrt(c0 * c0 + tail);
      if (c0 >= 0) beta = -beta;
      const double divisor = c0 - beta;
      for (int i = 1; i < length; ++i) v[i] /= divisor;
      tau = (beta - c0) / beta;
    } else {
      std::fill(v + 1, v + length, 0.0);
    }
    v[0] = beta;
    if (tau != 0) {
      for (int j = k + 1; j < r; ++j) {
        double* x = col(j) + k;
        const double w = x[0] + kernel::dot(length - 1, v + 1, x + 1);
        x[0] -= tau * w;
        kernel::axpy(length - 1, -tau * w, v + 1, x + 1);
      }
    }
    // Downdate the remaining norms (LAPACK xGEQPF), recomputing those that became inaccurate.
    for (int j = k + 1; j < r; ++j) {
      if (norms(j) == 0) continue;
      double t = std::abs(col(j)[k]) / norms(j);
      t = std::max(0.0, (1 + t) * (1 - t));
      const double ratio = norms(j) / norms_direct(j);
      if (t * (ratio * ratio) <= downdate_threshold) {
        norms_direct(j) = norms(j) = std::sqrt(kernel::squared_norm(m - k - 1, col(j) + k + 1));
      } else {
        norms(j) *= std::sqrt(t);
      }
    }
  }
}

// X = G P R^{-1} for the upper triangular R in the first rows of `qr`, column by column:
// X_j = (G_{p(j)} - sum_{i<j} R_ij X_i) / R_jj, the sum in the order of i, four rows at a time.
void solve_upper_right(const Mat& g, const std::vector<int>& permutation, const Mat& qr, Mat& x) noexcept {
  using kernel::load;
  using kernel::splat;
  using kernel::v2;
  const int n = static_cast<int>(g.rows()), r = static_cast<int>(g.cols());
  const int ldg = kernel::ld(g), ldr = kernel::ld(qr), ldx = kernel::ld(x);
  double* xd = x.data();
  for (int j = 0; j < r; ++j) {
    const double* gj = g.data() + static_cast<long>(permutation[j]) * ldg;
    const double* rj = qr.data() + static_cast<long>(j) * ldr;
    double* xj = xd + static_cast<long>(j) * ldx;
    const double inverse = 1.0 / rj[j];
    int row = 0;
    for (; row + 4 <= n; row += 4) {
      v2 a0 = load(gj + row), a1 = load(gj + row + 2);
      for (int i = 0; i < j; ++i) {
        const v2 rij = splat(rj[i]);
        const double* xi = xd + static_cast<long>(i) * ldx + row;
        a0 -= rij * load(xi);
        a1 -= rij * load(xi + 2);
      }
      kernel::store(xj + row, a0 * splat(inverse));
      kernel::store(xj + row + 2, a1 * splat(inverse));
    }
    for (; row < n; ++row) {
      double a = gj[row];
      for (int i = 0; i < j; ++i) a -= rj[i] * xd[static_cast<long>(i) * ldx + row];
      xj[row] = a * inverse;
    }
  }
}

}  // namespace

RiccatiFlow::RiccatiFlow(const Mat& syx, double lambda)
    : spectrum_(riccati_spectrum(syx, lambda)), max_rate_(spectrum_.f.cwiseAbs().maxCoeff()) {}

Mat RiccatiFlow::advance(const Mat& g, double duration) const {
  Workspace workspace;
  Mat out = g;
  advance_in_place(out, duration, workspace);
  return out;
}

void RiccatiFlow::advance_in_place(Mat& g, double duration, Workspace& workspace) const {
  if (!(duration >= 0) || !std::isfinite(duration)) throw std::invalid_argument("exact flow: bad duration");
  if (duration == 0) return;
  const double substeps = std::max(1.0, std::ceil(max_rate_ * duration / kMaxGrowth));
  if (substeps > 1e10) throw std::invalid_argument("exact flow: time span too long for these rates");
  const double h = duration / substeps;
  for (double s = 0; s < substeps; ++s) step(g, h, workspace);
}

// One exact step of length h, |f| h <= kMaxGrowth:
//   G <- diag(e^{f h}) G (I + G^T diag(phi) G)^{-1/2}-factor,  phi = expm1(2 f h) / (2 f),
// with the factor taken from a QR of [I; diag(sqrt(phi)) G] rather than a Cholesky of
// I + G^T diag(phi) G, which would square its condition number.
void RiccatiFlow::step(Mat& g, double h, Workspace& ws) const {
  const Vec& f = spectrum_.f;
  const int n = static_cast<int>(g.rows()), r = static_cast<int>(g.cols());
  if (h != ws.h || ws.growth.size() != n) {  // a time grid repeats its step length: computed once
    ws.growth.resize(n);
    ws.root_phi.resize(n);
    for (int i = 0; i < n; ++i) {
      const double x = f(i) * h;
      ws.growth(i) = std::exp(x);
      ws.root_phi(i) = std::sqrt(h * (x == 0 ? 1.0 : std::expm1(2 * x) / (2 * x)));
    }
    ws.h = h;
  }
  ws.stacked.resize(r + n, r);
  ws.norms.resize(r);
  ws.norms_direct.resize(r);
  ws.permutation.resize(r);
  ws.solved.resize(n, r);
  ws.stacked.topRows(r).setIdentity();
  ws.stacked.bottomRows(n).noalias() = ws.root_phi.asDiagonal() * g;
  pivoted_qr(ws.stacked, ws.norms, ws.norms_direct, ws.permutation);
  // stacked P = Q R, so M = P R^T R P^T and G M^{-1} G^T = (G P R^{-1})(G P R^{-1})^T. X = G P R^{-1}
  // column by column: X_j = (G_{p(j)} - sum_{i<j} R_ij X_i) / R_jj.
  solve_upper_right(g, ws.permutation, ws.stacked, ws.solved);
  g.noalias() = ws.growth.asDiagonal() * ws.solved;
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

namespace {

// The loop of exact_trajectory, in a frame that owns nothing to destroy. With Emscripten's
// exceptions, a call that may throw from a frame with something to clean up goes through JavaScript
// (invoke_*), which costs more than a small step; from here every call stays a plain call.
__attribute__((noinline)) void exact_points(const Schedule& schedule, double lambda, const std::vector<double>& starts,
                                            const std::vector<double>& times, const Recording<Mat>& record, RiccatiFlow& flow,
                                            RiccatiFlow::Workspace& workspace, Mat& g, Mat& z) {
  const auto to_factor = [&] {  // Z = O G
    const Mat& o = flow.spectrum().o;
    kernel::gemm(static_cast<int>(o.rows()), static_cast<int>(g.cols()), static_cast<int>(o.cols()), o.data(), kernel::ld(o),
                 g.data(), kernel::ld(g), z.data(), kernel::ld(z));
  };
  std::size_t phase = 0;
  double t = 0;
  for (std::size_t i = 0; i < times.size(); ++i) {
    while (phase + 1 < schedule.size() && starts[phase + 1] <= times[i]) {
      // The balance is conserved across the switch: continue from the current QQ^T with the new F.
      flow.advance_in_place(g, starts[phase + 1] - t, workspace);
      to_factor();
      t = starts[++phase];
      flow = RiccatiFlow(schedule[phase].task.syx, lambda);
      workspace.h = -1;  // new rates
      g.noalias() = flow.spectrum().o.transpose() * z;
    }
    flow.advance_in_place(g, times[i] - t, workspace);
    t = times[i];
    to_factor();
    if (!record(static_cast<int>(i), z)) return;
  }
}

}  // namespace

void exact_trajectory(const Schedule& schedule, double lambda, const Weights& initial,
                      const std::vector<double>& times, const Recording<Mat>& record) {
  const std::vector<double> starts = phase_starts(schedule);
  RiccatiFlow flow(schedule[0].task.syx, lambda);
  RiccatiFlow::Workspace workspace;
  Mat g = flow.spectrum().o.transpose() * initial_factor(initial);
  Mat z(g.rows(), g.cols());  // O G, handed to record
  exact_points(schedule, lambda, starts, times, record, flow, workspace, g, z);
}

}  // namespace ldyn
