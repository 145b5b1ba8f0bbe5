#include "ldyn/deep_exact.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <string>

#include "ldyn/svd.hpp"

namespace ldyn {
namespace {

// Gauss-Kronrod 7-15 nodes and weights on [-1, 1] (the positive half; the centre first).
constexpr std::array<double, 8> kNodes = {0.0,
                                          0.207784955007898467600689403773245,
                                          0.405845151377397166906606412076961,
                                          0.586087235467691130294144845693013,
                                          0.741531185599394439863864773280788,
                                          0.864864423359769072789712788640926,
                                          0.949107912342758524526189684047851,
                                          0.991455371120812639206854697526329};
constexpr std::array<double, 8> kKronrod = {0.209482141084727828012999174891714,
                                            0.204432940075298892414161999234649,
                                            0.190350578064785409913256402421014,
                                            0.169004726639267902826583426598550,
                                            0.140653259715525918745189590510238,
                                            0.104790010322250183839876322541518,
                                            0.063092092629978553290700663189204,
                                            0.022935322010529224963732008058970};
// Gauss 7-point weights, at the Kronrod nodes 0, 2, 4, 6.
constexpr std::array<double, 4> kGauss = {0.417959183673469387755102040816327, 0.381830050505118944950369775488975,
                                          0.279705391489276667901467771423780, 0.129484966168869693270611432679082};

struct Piece {
  double integral, error;
};

template <class F>
Piece kronrod(const F& f, double a, double b) {
  const double centre = 0.5 * (a + b), half = 0.5 * (b - a);
  const double fc = f(centre);
  double k = kKronrod[0] * fc, g = kGauss[0] * fc;
  for (int j = 1; j < 8; ++j) {
    const double sum = f(centre - half * kNodes[j]) + f(centre + half * kNodes[j]);
    k += kKronrod[j] * sum;
    if (j % 2 == 0) g += kGauss[j / 2] * sum;
  }
  return {k * half, std::abs((k - g) * half)};
}

// The integral of f over [a, b] (a > b gives the negative), by adaptive Gauss-Kronrod: every piece
// to a relative 2e-14 of itself (the integrands here keep one sign, so nothing cancels), or to
// 1e-16 of the whole, below which the two rules differ by rounding alone.
template <class F>
double integrate(const F& f, double a, double b) {
  if (a == b) return 0;
  if (a > b) return -integrate(f, b, a);
  constexpr double kRelative = 2e-14;
  const Piece whole = kronrod(f, a, b);
  const double floor = 1e-16 * std::abs(whole.integral);
  double total = 0;
  std::vector<std::pair<double, double>> todo{{a, b}};
  int pieces = 0;
  while (!todo.empty()) {
    const auto [lo, hi] = todo.back();
    todo.pop_back();
    const Piece p = lo == a && hi == b ? whole : kronrod(f, lo, hi);
    const double mid = 0.5 * (lo + hi);
    const bool splittable = mid > lo && mid < hi && ++pieces < 100000;
    if (p.error <= std::max(kRelative * std::abs(p.integral), floor) || !splittable || !std::isfinite(p.integral)) {
      total += p.integral;
      continue;
    }
    todo.push_back({lo, mid});
    todo.push_back({mid, hi});
  }
  return total;
}

// The odd, increasing a(x) = s, solved to the last bit by bisection with Newton steps.
double solve_product(const ModeFlow& flow, double s) {
  if (s == 0) return 0;
  const double target = std::abs(s);
  double lo = 0, hi = 1;
  while (flow.a(hi) < target) hi *= 2;
  double x = 0.5 * hi;
  for (int iteration = 0; iteration < 2000; ++iteration) {
    const double value = flow.a(x) - target;
    if (value == 0) break;
    (value < 0 ? lo : hi) = x;
    // a'(x) = P(x) (1 + x P'/P), P'/P = sum x / (x^2 + o): bounded below by P(x) > 0.
    const double slope = flow.p(x) + 1e-300;
    double next = x - value / slope;
    if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
    if (next == x || hi - lo <= 2 * std::numeric_limits<double>::epsilon() * hi) {
      x = next;
      break;
    }
    x = next;
  }
  return s < 0 ? -x : x;
}

std::string mode_text(int mode) { return "mode " + std::to_string(mode + 1); }

// The input variance d_i = v_i^T Sxx v_i of each mode (the columns of v) of one phase's task, added
// to `variances`; or why the modes do not decouple: Sxx must have every v_i as an eigenvector.
// `phase` is 1-based, 0 for a single task.
std::string add_variances(const Task& task, const Mat& v, std::size_t phase, double tolerance, std::vector<Vec>& variances) {
  const Eigen::Index k = v.cols();
  if (task.white) {
    variances.push_back(Vec::Ones(k));
    return "";
  }
  const double scale = task.sxx.norm() + 1e-300;
  Vec d(k);
  for (Eigen::Index i = 0; i < k; ++i) {
    const Vec image = task.sxx * v.col(i);
    d(i) = v.col(i).dot(image);
    if ((image - d(i) * v.col(i)).norm() > tolerance * scale) {
      return "the inputs" + (phase ? " of phase " + std::to_string(phase) : std::string()) +
             " are not white and X X^T / P does not share the right singular vectors of Syx (it mixes " + mode_text(static_cast<int>(i)) +
             "'s input direction with others): the modes do not stay decoupled";
    }
    // A direction X does not reach (Sxx v = 0 to rounding) carries no signal either (Syx v = 0): frozen.
    if (d(i) <= tolerance * scale) d(i) = 0;
  }
  variances.push_back(d);
  return "";
}

}  // namespace

double ModeFlow::p(double x) const {
  double p = 1;
  for (double o : offsets_) p *= std::sqrt(x * x + o);
  return p;
}

// (a(y) - a(x)) / (y - x) without cancellation (a'(x) when y = x): a(y) - a(x) = (y - x) P(y) +
// x (P(y) - P(x)), and P(y) - P(x) telescoped over its factors, each difference of square roots
// written as (y - x)(y + x) / (sqrt(y^2 + o) + sqrt(x^2 + o)).
double ModeFlow::slope(double x, double y) const {
  const std::size_t n = offsets_.size();
  std::array<double, kMaxFactors + 1> after{};  // after[m] = prod_{j >= m} sqrt(x^2 + o_j)
  after[n] = 1;
  for (std::size_t m = n; m-- > 0;) after[m] = after[m + 1] * std::sqrt(x * x + offsets_[m]);
  double dp = 0, before = 1;  // before = prod_{j < m} sqrt(y^2 + o_j)
  for (std::size_t m = 0; m < n; ++m) {
    const double at_y = std::sqrt(y * y + offsets_[m]), at_x = std::sqrt(x * x + offsets_[m]);
    const double sum = at_y + at_x;
    dp += before * (sum > 0 ? (y + x) / sum : 0) * after[m + 1];
    before *= at_y;
  }
  return before + x * dp;  // before is now P(y)
}

// The flow towards the root of a(x) = s, written through the root so that s - a(x) =
// (root - x) slope(x, root) carries no cancellation near the fixed point (the target moves by at
// most the root's rounding, a relative 1e-16).
double ModeFlow::rate(double x, double root) const { return (root - x) * slope(x, root) * p(x); }

// The fixed point the flow from x0 moves towards: where a(x) = s, or x = 0 first when P(0) = 0 (two
// or more layers share the smallest gain: then a = 0 is a saddle that the flow cannot pass).
double ModeFlow::limit(double x0, double root) const {
  const bool saddle_at_zero = std::any_of(offsets_.begin(), offsets_.end(), [](double o) { return o == 0; });
  if (saddle_at_zero && ((x0 > 0 && root < 0) || (x0 < 0 && root > 0))) return 0;
  return root;
}

// The time from xa to xb (both on the way from a start to `end`), integrated in the variable that
// keeps the integrand smooth: near the end w = log(gap to the end), which removes the fixed point's
// pole (t ~ -w / rate'); far from it, log|x| where x spans orders of magnitude (a plateau from small
// weights, where the rate grows like a power of x), else x itself.
double ModeFlow::time_along(double xa, double xb, double root, double end) const {
  if (xa == xb) return 0;
  // Gaps are measured towards the end (the flow's direction; xb may lie behind xa).
  const double direction = end > xa ? 1 : -1;
  const auto gap = [&](double y) { return direction * (end - y); };
  const double near = end == 0 ? std::numeric_limits<double>::infinity() : 0.5 * std::abs(end);
  // xi = end - direction e^w: dt = -direction e^w dw / rate(xi). When the end is the root, the
  // gap e^w is the exact root - xi, so the rate's factor (root - xi) cancels analytically: the
  // integrand is -1 / (slope P), smooth at the fixed point and free of xi's rounding.
  const auto in_w = [&](double a, double b) {
    return integrate([&](double w) {
      const double e = std::exp(w), xi = end - direction * e;
      return end == root ? -1 / (slope(xi, root) * p(xi)) : -direction * e / rate(xi, root);
    }, std::log(gap(a)), std::log(gap(b)));
  };
  const auto far = [&](double a, double b) {
    if (a * b > 0 && (std::abs(b) > 2 * std::abs(a) || std::abs(a) > 2 * std::abs(b))) {
      const double sign = a > 0 ? 1 : -1;  // xi = sign e^u: dt = xi du / rate(xi)
      return integrate([&](double u) {
        const double xi = sign * std::exp(u);
        return xi / rate(xi, root);
      }, std::log(std::abs(a)), std::log(std::abs(b)));
    }
    return integrate([&](double xi) { return 1 / rate(xi, root); }, a, b);
  };
  const bool a_near = gap(xa) <= near, b_near = gap(xb) <= near;
  if (a_near && b_near) return in_w(xa, xb);
  if (!a_near && !b_near) return far(xa, xb);
  const double split = end - direction * near;  // one end in the near part: split where it starts
  return a_near ? in_w(xa, split) + far(split, xb) : far(xa, split) + in_w(split, xb);
}

double ModeFlow::time_between(double x0, double x, double s) const {
  const double root = solve_product(*this, s);
  return time_along(x0, x, root, limit(x0, root));
}

double ModeFlow::advance(double x0, double dt, double s) const {
  const double root = solve_product(*this, s);
  const double r0 = rate(x0, root);
  if (!(dt > 0) || r0 == 0) return x0;
  const double end = limit(x0, root);
  const double direction = r0 > 0 ? 1 : -1;
  // The root of F(x) = time(x0 -> x) - dt in (x0, end), with F increasing along `direction`.
  // behind: F < 0 there; ahead: F > 0 there (the fixed point: F = +inf).
  double behind = x0, ahead = end;
  double known = x0, known_time = 0;  // the last point where the time is known
  double x = x0 + dt * r0;            // Euler's guess
  const auto between = [&](double y) { return direction * (y - behind) > 0 && direction * (ahead - y) > 0; };
  // Halfway: geometrically when both ends have one sign and differ by orders of magnitude (a
  // plateau spans many), else arithmetically.
  const auto halfway = [&]() {
    if (behind * ahead > 0 && (std::abs(ahead) > 4 * std::abs(behind) || std::abs(behind) > 4 * std::abs(ahead)))
      return std::copysign(std::sqrt(std::abs(behind)) * std::sqrt(std::abs(ahead)), behind);
    return behind + 0.5 * (ahead - behind);
  };
  if (!between(x)) x = halfway();
  // Newton's step taken in w = log(gap to the end): t is nearly linear in w close to the fixed
  // point (t ~ -w / rate') and in x far from it, and a step in w can never pass the end.
  const auto gap = [&](double y) { return direction * (end - y); };
  for (int iteration = 0; iteration < 400; ++iteration) {
    const double time = known_time + time_along(known, x, root, end);
    const double f = time - dt;
    known = x;
    known_time = time;
    if (f == 0) return x;
    (f < 0 ? behind : ahead) = x;
    const double g = gap(x);
    double next = g > 0 ? x - direction * g * std::expm1(f * std::abs(rate(x, root)) / g) : x;
    if (!between(next)) next = halfway();
    const double scale = std::max(std::abs(x), 1e-300);
    if (std::abs(next - x) <= 4 * std::numeric_limits<double>::epsilon() * scale || !between(next)) return next;
    x = next;
  }
  return x;
}

std::optional<AlignedChains> aligned_chains(const DeepWeights& w, const Schedule& schedule, std::string* why, double tolerance) {
  const auto refuse = [&](const std::string& reason) -> std::optional<AlignedChains> {
    if (why) *why = reason;
    return std::nullopt;
  };
  const int depth = w.depth();
  const std::vector<int> widths = w.widths();
  const Svd task = full_svd(schedule.front().task.syx);
  const int k = std::min(widths.front(), widths.back());
  AlignedChains c;
  c.vectors.push_back(task.v.leftCols(k));
  std::vector<Vec> gains(depth, Vec(k));
  for (int l = 0; l < depth; ++l) {
    const Mat& layer = w.layers[l];
    const double scale = layer.norm() + 1e-300;
    Mat next = layer * c.vectors[l];
    for (int i = 0; i < k; ++i) {
      const double g = next.col(i).norm();
      if (!(g > 1e-300)) {
        return refuse(mode_text(i) + " of the task starts with a zero gain in weight layer " + std::to_string(l + 1) +
                      ", where the weights do not determine its direction");
      }
      next.col(i) /= g;
      gains[l](i) = g;
      if ((layer.transpose() * next.col(i) - g * c.vectors[l].col(i)).norm() > tolerance * scale) {
        return refuse("the weights are not aligned with the task's modes (weight layer " + std::to_string(l + 1) + " mixes " +
                      mode_text(i) + " with other directions)");
      }
    }
    c.vectors.push_back(next);
  }
  c.orientation = Vec(k);
  for (int i = 0; i < k; ++i) {
    const double o = task.u.col(i).dot(c.vectors[depth].col(i));
    if (std::abs(o) < 1 - tolerance) return refuse("the network's output directions are not the task's (" + mode_text(i) + ")");
    c.orientation(i) = o > 0 ? 1 : -1;
  }
  for (int l = 0; l < depth; ++l) c.rest.push_back(w.layers[l] - c.vectors[l + 1] * gains[l].asDiagonal() * c.vectors[l].transpose());
  // Every phase's task along the same modes.
  const Mat u = task.u.leftCols(k), v = task.v.leftCols(k);
  for (std::size_t p = 0; p < schedule.size(); ++p) {
    const Mat& syx = schedule[p].task.syx;
    const Vec along = (u.transpose() * syx * v).diagonal();
    if ((syx - u * along.asDiagonal() * v.transpose()).norm() > tolerance * (syx.norm() + 1e-300)) {
      return refuse("the task of phase " + std::to_string(p + 1) + " does not share the first task's singular vectors, so the modes do not stay decoupled");
    }
    c.targets.push_back(along.cwiseProduct(c.orientation));
    const std::string problem = add_variances(schedule[p].task, v, schedule.size() > 1 ? p + 1 : 0, tolerance, c.variances);
    if (!problem.empty()) return refuse(problem);
  }
  c.x0 = Vec(k);
  for (int i = 0; i < k; ++i) {
    Vec squared(depth);
    for (int l = 0; l < depth; ++l) squared(l) = gains[l](i) * gains[l](i);
    int lowest = 0;
    for (int l = 1; l < depth; ++l)
      if (squared(l) < squared(lowest)) lowest = l;
    std::vector<double> offsets;
    for (int l = 0; l < depth; ++l)
      if (l != lowest) offsets.push_back(std::max(0.0, squared(l) - squared(lowest)));
    c.lowest.push_back(lowest);
    c.flows.emplace_back(offsets);
    c.squared.push_back(squared);
    c.x0(i) = gains[lowest](i);
  }
  return c;
}

void deep_exact_trajectory(const Schedule& schedule, const AlignedChains& c, const std::vector<double>& times,
                           const Recording<DeepWeights>& record, const std::function<void(double)>& progress) {
  const std::vector<double> starts = phase_starts(schedule);
  const int depth = static_cast<int>(c.rest.size());
  const Eigen::Index k = c.x0.size();
  Vec x = c.x0;
  double now = 0;
  DeepWeights w;
  w.layers.resize(depth);
  Vec g(k);
  for (std::size_t j = 0; j < times.size(); ++j) {
    while (now < times[j]) {
      std::size_t phase = 0;
      while (phase + 1 < starts.size() && starts[phase + 1] <= now) ++phase;
      const double until = phase + 1 < starts.size() ? std::min(times[j], starts[phase + 1]) : times[j];
      for (Eigen::Index i = 0; i < k; ++i) {
        // d (s/d - a) P: the white flow towards s/d, with time scaled by d (1 for white inputs).
        const double d = c.variances[phase](i);
        if (d > 0) x(i) = d == 1 ? c.flows[i].advance(x(i), until - now, c.targets[phase](i))
                                 : c.flows[i].advance(x(i), d * (until - now), c.targets[phase](i) / d);
      }
      now = until;
    }
    for (int l = 0; l < depth; ++l) {
      for (Eigen::Index i = 0; i < k; ++i) {
        const double offset = c.squared[i](l) - c.squared[i](c.lowest[i]);
        g(i) = l == c.lowest[i] ? x(i) : std::sqrt(x(i) * x(i) + std::max(0.0, offset));
      }
      w.layers[l] = c.rest[l];
      w.layers[l].noalias() += c.vectors[l + 1] * g.asDiagonal() * c.vectors[l].transpose();
    }
    if (!record(static_cast<int>(j), w)) return;
    if (progress) progress(static_cast<double>(j + 1) / static_cast<double>(times.size()));
  }
}

}  // namespace ldyn
