#include "ldyn/config.hpp"

#include <algorithm>
#include <cmath>
#include <optional>

#include "json_fields.hpp"
#include "math/number_text.hpp"
#include "metric_table.hpp"
#include "ldyn/deep.hpp"
#include "ldyn/deep_exact.hpp"
#include "ldyn/cost.hpp"
#include "ldyn/exact.hpp"
#include "ldyn/init.hpp"
#include "ldyn/simulation.hpp"
#include "ldyn/svd.hpp"

namespace ldyn {
namespace {

// Limits that keep every accepted configuration computable in reasonable time and memory.
constexpr int kMaxWidth = 512;
constexpr int kMaxItems = 4096;
constexpr int kMaxDepth = 7;
constexpr double kMaxLambda = 1e4;
constexpr double kMaxSigma = 1e4;
constexpr double kMaxTime = 1e6;
constexpr std::size_t kMaxTimes = 100'000;
constexpr double kMaxSimulationSteps = 1e8;
constexpr double kMaxExactSubsteps = 2e7;

std::string show(double v) { return number_text(v, 6); }

// `value`, whose magnitude is over `limit`, with the digits that show it: 10000.02, not 10000.
std::string show_beyond(double value, double limit) {
  for (int digits = 6;; ++digits) {
    const std::string text = number_text(value, digits);
    if (std::abs(std::stod(text)) > limit || digits == 17) return text;
  }
}

// Layer widths as far as the configuration has fixed them so far (0: not yet known).
// `hidden` is the first hidden layer; `hidden_layers` lists every hidden layer of a deep network
// (dims.hidden given as a list of two or more widths) and is empty for two layers.
struct PartialDims {
  int input = 0, hidden = 0, output = 0;
  std::vector<int> hidden_layers;
};

constexpr int kMaxLayers = 8;  // weight layers of a deep network

PartialDims read_dims(const Fields& root) {
  PartialDims d;
  if (!root.has("dims")) return d;
  const Fields f(root.get("dims"), "dims", {"input", "hidden", "output"});
  d.input = static_cast<int>(f.integer_or("input", 0, 1, kMaxWidth));
  d.output = static_cast<int>(f.integer_or("output", 0, 1, kMaxWidth));
  if (f.has("hidden") && f.get("hidden").is_array()) {
    const Json& list = f.get("hidden");
    if (list.empty() || list.size() > kMaxLayers - 1)
      throw ConfigError(f.path("hidden"), "must be a width or a list of 1 to " + std::to_string(kMaxLayers - 1) + " hidden widths (a network of up to " +
                                              std::to_string(kMaxLayers) + " weight layers)");
    for (std::size_t i = 0; i < list.size(); ++i) d.hidden_layers.push_back(static_cast<int>(read_integer(list[i], index_path(f.path("hidden"), i), 1, kMaxWidth)));
    d.hidden = d.hidden_layers.front();
    if (d.hidden_layers.size() == 1) d.hidden_layers.clear();  // [Nh] is the two-layer network
    return d;
  }
  d.hidden = static_cast<int>(f.integer_or("hidden", 0, 1, kMaxWidth));
  return d;
}

int require_width(int width, const char* field, const std::string& why) {
  if (width == 0) throw ConfigError(std::string("dims.") + field, "is required " + why);
  return width;
}

// The task with its targets multiplied by the optional "targetScale" (e.g. 1/sigma: a task small
// compared with the weights, the classic lazy limit of the phase diagram).
Task scaled(Task task, const Fields& f) {
  if (!f.has("targetScale")) return task;
  const double factor = f.number("targetScale", 1e-6, 1e6);
  return scaled_targets(task, factor);
}

// One task. `earlier` are the tasks of the phases before it, which "reversed" and "related" refer to.
Task read_task(const Json& j, const std::string& path, const PartialDims& dims, const std::vector<Task>& earlier, bool in_phases,
               double& setup_work) {
  const Fields peek(j, path, {"kind", "items", "seed", "depth", "features", "X", "Y", "whiten", "phase", "similarity", "targetScale",
                                 "values", "vectors"});
  const std::string kind = peek.kind({"random", "hierarchy", "spectrum", "custom", "reversed", "related"});
  if (kind == "random") {
    const Fields f(j, path, {"kind", "items", "seed", "targetScale"});
    const int ni = require_width(dims.input, "input", "by a task of kind \"random\"");
    const int no = require_width(dims.output, "output", "by a task of kind \"random\"");
    const int items = static_cast<int>(f.integer("items", ni, kMaxItems));
    // Counted before it is built: 64 phases of wide random tasks would take minutes to draw.
    setup_work += random_task_cost(ni, no, items);
    if (setup_work > kMaxWork)
      throw ConfigError(f.path("items"), "drawing and whitening the random tasks up to this one would take about " + show(setup_work) +
                                             " arithmetic operations (at most " + show(kMaxWork) + "); use fewer items, phases or inputs");
    return scaled(random_task(ni, no, items, f.seed_or("seed", 0)), f);
  }
  if (kind == "hierarchy") {
    const Fields f(j, path, {"kind", "depth", "features", "targetScale"});
    const std::string features = f.has("features") ? f.choice("features", {"nodes", "contrasts"}) : "nodes";
    return scaled(hierarchy_task(static_cast<int>(f.integer("depth", 1, kMaxDepth)),
                                 features == "contrasts" ? HierarchyFeatures::Contrasts : HierarchyFeatures::Nodes), f);
  }
  if (kind == "spectrum") {
    const Fields f(j, path, {"kind", "values", "vectors", "seed", "targetScale"});
    const int ni = require_width(dims.input, "input", "by a task of kind \"spectrum\"");
    const int no = require_width(dims.output, "output", "by a task of kind \"spectrum\"");
    const Json& list = f.get("values");
    if (!list.is_array() || list.empty() || list.size() > static_cast<std::size_t>(std::min(ni, no)))
      throw ConfigError(f.path("values"), "must be a list of 1 to min(dims.input, dims.output) = " + std::to_string(std::min(ni, no)) +
                                              " singular values");
    Vec values(static_cast<Eigen::Index>(list.size()));
    for (std::size_t i = 0; i < list.size(); ++i) values(static_cast<Eigen::Index>(i)) = read_number(list[i], index_path(f.path("values"), i), 0, 1e6);
    const std::string vectors = f.has("vectors") ? f.choice("vectors", {"axes", "random"}) : "random";
    if (vectors == "axes" && f.has("seed")) throw ConfigError(f.path("seed"), "is only used with \"vectors\": \"random\"");
    const std::uint64_t seed = f.seed_or("seed", 0);
    return scaled(spectrum_task(ni, no, values, vectors == "random" ? &seed : nullptr), f);
  }
  if (kind == "custom") {
    const Fields f(j, path, {"kind", "X", "Y", "whiten", "targetScale"});
    Mat x = read_matrix(f.get("X"), f.path("X"));
    Mat y = read_matrix(f.get("Y"), f.path("Y"));
    if (x.rows() > kMaxWidth || y.rows() > kMaxWidth)
      throw ConfigError(path, "at most " + std::to_string(kMaxWidth) + " input and output rows are supported");
    if (x.cols() > kMaxItems) throw ConfigError(f.path("X"), "at most " + std::to_string(kMaxItems) + " items are supported");
    const bool whiten = f.boolean_or("whiten", true);
    try {
      return scaled(custom_task(std::move(x), std::move(y), whiten), f);
    } catch (const std::invalid_argument& e) {
      throw ConfigError(f.path("X"), e.what());
    }
  }
  // "reversed" and "related" refer to an earlier phase.
  const Fields f(j, path, kind == "reversed" ? std::initializer_list<const char*>{"kind", "phase"}
                                           : std::initializer_list<const char*>{"kind", "phase", "similarity", "seed"});
  if (!in_phases) throw ConfigError(f.path("kind"), "\"" + kind + "\" refers to an earlier phase, so it needs \"phases\"");
  if (earlier.empty()) throw ConfigError(f.path("kind"), "\"" + kind + "\" refers to an earlier phase, so it cannot be the first phase");
  const Task& base = earlier[f.integer("phase", 0, static_cast<long long>(earlier.size()) - 1)];
  if (kind == "reversed") return reversed(base);
  return related_task(base, f.number("similarity", -1, 1), f.seed_or("seed", 0));
}

void check_task_dims(const Task& task, const std::string& path, PartialDims& dims) {
  const auto check = [&](int& width, int actual, const char* what) {
    if (width != 0 && width != actual)
      throw ConfigError(path, "has " + std::to_string(actual) + " " + what + "s but dims." + what + " is " + std::to_string(width));
    width = actual;
  };
  check(dims.input, task.inputs(), "input");
  check(dims.output, task.outputs(), "output");
}

Schedule read_schedule(const Fields& root, PartialDims& dims) {
  if (root.has("task") == root.has("phases"))
    throw ConfigError(root.has("task") ? "phases" : "task", root.has("task") ? "give either \"task\" or \"phases\", not both"
                                                                            : "is required (or give \"phases\")");
  Schedule schedule;
  double setup_work = 0;
  if (root.has("task")) {
    Task task = read_task(root.get("task"), "task", dims, {}, false, setup_work);
    check_task_dims(task, "task", dims);
    schedule.push_back({std::move(task)});
    return schedule;
  }
  const Json& phases = root.get("phases");
  if (!phases.is_array() || phases.empty() || phases.size() > 64)
    throw ConfigError("phases", "must be an array of 1 to 64 phases, got " + json_type_name(phases));
  std::vector<Task> earlier;
  for (std::size_t i = 0; i < phases.size(); ++i) {
    const std::string path = index_path("phases", i);
    const Fields f(phases[i], path, {"task", "duration"});
    Task task = read_task(f.get("task"), f.path("task"), dims, earlier, true, setup_work);
    check_task_dims(task, f.path("task"), dims);
    const bool last = i + 1 == phases.size();
    const double duration = last && !f.has("duration") ? INFINITY : f.number("duration", 0, kMaxTime);
    if (!(duration > 0)) throw ConfigError(f.path("duration"), "must be positive");
    earlier.push_back(task);
    schedule.push_back({std::move(task), duration});
  }
  return schedule;
}

// The lambdas of a deep network's hidden layers: one number for all, or one per hidden layer.
std::vector<double> read_deep_lambdas(const Fields& f, std::size_t hidden_layers) {
  const Json& j = f.get("lambda");
  if (!j.is_array()) return std::vector<double>(hidden_layers, f.number("lambda", -kMaxLambda, kMaxLambda));
  if (j.size() != hidden_layers)
    throw ConfigError(f.path("lambda"), "must be one number or a list of one per hidden layer (" + std::to_string(hidden_layers) + "), got " +
                                            std::to_string(j.size()));
  std::vector<double> lambdas;
  for (std::size_t i = 0; i < j.size(); ++i) lambdas.push_back(read_number(j[i], index_path(f.path("lambda"), i), -kMaxLambda, kMaxLambda));
  return lambdas;
}

// A deep network (dims.hidden a list): every init but explicit weights; exact when aligned.
void read_deep_init(const Fields& root, const PartialDims& dims, const Schedule& schedule, const std::string& kind, Experiment& e) {
  std::vector<int> widths{dims.input};
  widths.insert(widths.end(), dims.hidden_layers.begin(), dims.hidden_layers.end());
  widths.push_back(dims.output);
  const std::string depth = std::to_string(widths.size() - 1);
  if (kind == "explicit") throw ConfigError("init.kind", "\"explicit\" weights are two-layer (W1, W2), but dims.hidden lists a " + depth + "-layer network");
  if (kind == "balanced" || kind == "aligned") {
    const Fields f(root.get("init"), "init", {"kind", "lambda", "sigma", "seed", "scaleOf"});
    e.deep_lambdas = read_deep_lambdas(f, dims.hidden_layers.size());
    const std::string problem = deep_admissibility_problem(widths, e.deep_lambdas);
    if (!problem.empty()) throw ConfigError(f.path("lambda"), problem);
    const SigmaScales scales =
        f.has("scaleOf") && f.choice("scaleOf", {"product", "factors"}) == "factors" ? SigmaScales::Factors : SigmaScales::Product;
    const Svd task_svd = kind == "aligned" ? full_svd(schedule.front().task.syx) : Svd{};
    e.deep = deep_balanced_init(widths, e.deep_lambdas, f.number("sigma", 0, kMaxSigma), f.seed_or("seed", 0), scales,
                                kind == "aligned" ? &task_svd : nullptr);
  } else if (kind == "gaussian") {
    const Fields f(root.get("init"), "init", {"kind", "sigma", "seed"});
    e.deep = deep_gaussian_init(widths, f.number("sigma", 0, kMaxSigma), f.seed_or("seed", 0));
    e.deep_lambdas = deep_relative_scales(e.deep);
  } else {
    const Fields f(root.get("init"), "init", {"kind", "seed"});
    e.deep = deep_lecun_init(widths, f.seed_or("seed", 0));
    e.deep_lambdas = deep_relative_scales(e.deep);
  }
  e.initial = e.deep.two_layer_view();
  e.lambda = e.deep_lambdas.front();
  // Deeper than two layers, the exact flow is known when the weights are aligned with the task's
  // modes (docs/theory.md section 11): then every mode is one scalar equation.
  std::string why;
  e.balanced = kind == "aligned" && aligned_chains(e.deep, schedule, &why).has_value();
  if (!e.balanced) {
    e.unbalanced_reason = "for a network of " + depth + " weight layers the exact solution is known when its weights are aligned with the task's modes (init \"aligned\"); " +
                          (kind == "aligned" ? why : "a " + kind + " initialization mixes the modes") + ", so only gradient descent is drawn";
  }
}

bool all_white(const Schedule& schedule) {
  for (const Phase& phase : schedule)
    if (!phase.task.white) return false;
  return true;
}

// Two layers on inputs that are not white: the Riccati solution needs Sxx = I, so the exact flow is
// the per-mode one, which needs weights aligned with the task's modes and an Sxx that keeps them
// apart (docs/theory.md section 12).
void check_unwhitened_exact(const Schedule& schedule, const std::string& kind, Experiment& e) {
  if (all_white(schedule) || !e.balanced) return;
  std::string why;
  const DeepWeights layers{{e.initial.w1, e.initial.w2}};
  if (aligned_chains(layers, schedule, &why)) {
    e.exact_by_modes = true;
    return;
  }
  e.balanced = false;
  const std::string condition =
      "the inputs are not white (X X^T / P is not the identity), and then the exact solution is known only for weights aligned with the task's modes";
  if (kind == "balanced") why = condition + " (init \"aligned\"); a balanced initialization mixes the modes";
  else if (why.rfind("the inputs", 0) != 0) why = condition + "; " + why;
  e.unbalanced_reason = why + ", so only gradient descent is drawn";
}

void read_init(const Fields& root, const PartialDims& dims, const Schedule& schedule, Experiment& e) {
  const Fields peek(root.get("init"), "init", {"kind", "lambda", "sigma", "seed", "scaleOf", "W1", "W2", "balanceTolerance"});
  const std::string kind = peek.kind({"balanced", "aligned", "explicit", "gaussian", "lecun"});
  if (!dims.hidden_layers.empty()) return read_deep_init(root, dims, schedule, kind, e);
  if (kind == "explicit") {
    const Fields f(root.get("init"), "init", {"kind", "W1", "W2", "balanceTolerance"});
    Weights w{read_matrix(f.get("W1"), f.path("W1")), read_matrix(f.get("W2"), f.path("W2"))};
    const auto mismatch = [&](const char* field, const std::string& why) { throw ConfigError(f.path(field), why); };
    if (w.w1.cols() != dims.input)
      mismatch("W1", "has " + std::to_string(w.w1.cols()) + " columns but the task has " + std::to_string(dims.input) + " inputs");
    if (w.w1.rows() > kMaxWidth) mismatch("W1", "has more than " + std::to_string(kMaxWidth) + " rows");
    if (dims.hidden != 0 && w.w1.rows() != dims.hidden)
      mismatch("W1", "has " + std::to_string(w.w1.rows()) + " rows but dims.hidden is " + std::to_string(dims.hidden));
    if (w.w2.rows() != dims.output)
      mismatch("W2", "has " + std::to_string(w.w2.rows()) + " rows but the task has " + std::to_string(dims.output) + " outputs");
    if (w.w2.cols() != w.w1.rows())
      mismatch("W2", "has " + std::to_string(w.w2.cols()) + " columns but W1 has " + std::to_string(w.w1.rows()) + " rows (hidden units)");
    const double tolerance = f.number_or("balanceTolerance", 1e-6, 0, 1);
    e.lambda = relative_scale(w);
    const double deviation = relative_balance_deviation(w, e.lambda);
    if (!std::isfinite(e.lambda) || !std::isfinite(deviation))
      mismatch("W1", "the weights are too large for double precision: W2^T W2 - W1 W1^T overflows");
    if (std::abs(e.lambda) > kMaxLambda)
      mismatch("W1", "the weights' relative scale lambda = tr(W2^T W2 - W1 W1^T) / Nh = " + show_beyond(e.lambda, kMaxLambda) + " is outside [" +
                         show(-kMaxLambda) + ", " + show(kMaxLambda) + "], the range allowed for lambda");
    e.balanced = deviation <= tolerance;
    if (!e.balanced)
      e.unbalanced_reason = "the explicit weights are not lambda-balanced: ||W2^T W2 - W1 W1^T - lambda I|| is " +
                            show(deviation) + " of their size (tolerance " + show(tolerance) + ")";
    e.initial = std::move(w);
    check_unwhitened_exact(schedule, kind, e);
    return;
  }
  const Dims d{dims.input, require_width(dims.hidden, "hidden", "by init kind \"" + kind + "\""), dims.output};
  if (kind == "balanced" || kind == "aligned") {
    const Fields f(root.get("init"), "init", {"kind", "lambda", "sigma", "seed", "scaleOf"});
    const double lambda = f.number("lambda", -kMaxLambda, kMaxLambda);
    const std::string problem = admissibility_problem(d, lambda);
    if (!problem.empty()) throw ConfigError(f.path("lambda"), problem);
    const double sigma = f.number("sigma", 0, kMaxSigma);
    const std::uint64_t seed = f.seed_or("seed", 0);
    const SigmaScales scales =
        f.has("scaleOf") && f.choice("scaleOf", {"product", "factors"}) == "factors" ? SigmaScales::Factors : SigmaScales::Product;
    e.initial = kind == "balanced" ? balanced_init(d, lambda, sigma, seed, scales)
                                   : aligned_init(d, lambda, sigma, seed, full_svd(schedule.front().task.syx), scales);
    e.lambda = lambda;
    check_unwhitened_exact(schedule, kind, e);
    return;
  }
  if (kind == "gaussian") {
    const Fields f(root.get("init"), "init", {"kind", "sigma", "seed"});
    e.initial = gaussian_init(d, f.number("sigma", 0, kMaxSigma), f.seed_or("seed", 0));
  } else {
    const Fields f(root.get("init"), "init", {"kind", "seed"});
    e.initial = lecun_init(d, f.seed_or("seed", 0));
  }
  e.lambda = relative_scale(e.initial);
  e.balanced = false;
  e.unbalanced_reason = "a " + kind + " initialization is not lambda-balanced, so the exact solution does not apply";
}

std::vector<double> read_times(const Fields& root) {
  const Json& j = root.get("times");
  if (j.is_object()) {
    const Fields f(j, "times", {"end", "count"});
    const double end = f.number("end", 0, kMaxTime);
    const long long count = f.integer("count", 2, kMaxTimes);
    if (!(end > 0)) throw ConfigError("times.end", "must be positive");
    std::vector<double> times(count);
    for (long long i = 0; i < count; ++i) times[i] = end * static_cast<double>(i) / static_cast<double>(count - 1);
    times.back() = end;  // end * (count - 1) / (count - 1) can round one ulp past end (and past the last phase)
    return times;
  }
  if (!j.is_array() || j.empty() || j.size() > kMaxTimes)
    throw ConfigError("times", "must be an array of 1 to " + std::to_string(kMaxTimes) +
                                   " times or {\"end\": T, \"count\": K}, got " + json_type_name(j));
  std::vector<double> times;
  for (std::size_t i = 0; i < j.size(); ++i) {
    const double t = read_number(j[i], index_path("times", i), 0, kMaxTime);
    if (!times.empty() && t < times.back())
      throw ConfigError(index_path("times", i), show(t) + " comes after " + show(times.back()) + ": times must be in ascending order");
    times.push_back(t);
  }
  return times;
}

std::set<Metric> read_metrics(const Fields& root, bool deep) {
  std::set<Metric> metrics{Metric::Loss};
  if (!deep) metrics.insert(Metric::Qqt);
  if (!root.has("metrics")) return metrics;
  const Json& j = root.get("metrics");
  if (!j.is_array()) throw ConfigError("metrics", "must be an array of metric names, got " + json_type_name(j));
  metrics = {Metric::Loss};
  for (std::size_t i = 0; i < j.size(); ++i) {
    std::string known;
    bool found = false;
    for (const auto& [metric, name] : metric_names()) {
      known += (known.empty() ? "" : ", ") + name;
      if (j[i].is_string() && j[i].get<std::string>() == name) {
        if (deep && metric_spec(metric).two_layer_only())
          throw ConfigError(index_path("metrics", i), "\"" + name + "\" is defined for two-layer networks only, and dims.hidden lists a deep one");
        metrics.insert(metric);
        found = true;
      }
    }
    if (!found) throw ConfigError(index_path("metrics", i), "unknown metric (expected one of: " + known + ")");
  }
  return metrics;
}

NoiseSpec read_noise(const Fields& root) {
  NoiseSpec noise;
  if (!root.has("noise")) return noise;
  const Fields f(root.get("noise"), "noise", {"input", "parameter", "samples", "seed"});
  noise.input = f.number_or("input", noise.input, 0, 1e3);
  noise.parameter = f.number_or("parameter", noise.parameter, 0, 1e3);
  noise.samples = static_cast<int>(f.integer_or("samples", 0, 0, 10'000'000));
  noise.seed = f.seed_or("seed", 0);
  return noise;
}

// Rejects data and weights too large for double precision: the first state must be representable.
void check_representable(const Experiment& e) {
  const Mat w = e.initial.w2 * e.initial.w1;
  if (!w.allFinite()) throw ConfigError("init", "the initial weights are too large for double precision: W2 W1 overflows");
  for (std::size_t k = 0; k < e.schedule.size(); ++k) {
    const Task& task = e.schedule[k].task;
    if (!task.syx.allFinite() || !std::isfinite(loss(task, w)))
      throw ConfigError(e.schedule.size() == 1 ? "task" : index_path("phases", k) + ".task",
                        "the data are too large for double precision: Syx or the loss 1/(2P) ||Y - W2 W1 X||^2 overflows (scale X and Y down)");
  }
}

// A number and the limit it broke, with enough digits to tell them apart ("1.00000001e+08", not "1e+08").
std::pair<std::string, std::string> show_against(double value, double limit) {
  for (int digits = 2; digits < 17; ++digits) {
    std::string a = number_text(value, digits), b = number_text(limit, digits);
    if (a != b || digits == 16) return {a, b};
  }
  return {show(value), show(limit)};
}

// The field to name and what to change, for the part of the work that is too large.
struct Remedy {
  const char* field;
  std::string what;
};
Remedy remedy_for(const std::string& part, const Experiment& e) {
  const std::string end = show(e.times.back());
  if (part == "exact") return {"times", "the exact solution to t = " + end + " is the largest part; shorten the time span, use a smaller network or \"exact\": false"};
  if (part == "simulation")
    return {"learningRate", "gradient descent to t = " + end + " is the largest part; use a larger learning rate, a smaller network or \"simulate\": false"};
  if (part == "monteCarlo") return {"noise.samples", std::to_string(e.noise.samples) + " Monte Carlo samples are the largest part; use fewer samples"};
  if (part == "setup") return {"dims", "building the tasks and the initial weights is the largest part; use a smaller network or fewer phases"};
  std::string metric;
  for (const auto& [m, name] : metric_names())
    if (m == costliest_metric(e)) metric = name;
  return {"metrics", "recording the series at " + std::to_string(e.times.size()) + " time points is the largest part (\"" + metric +
                         "\" costs the most); request fewer times or fewer metrics"};
}

// Work and memory the experiment will take, checked before anything runs, so that every accepted
// configuration finishes in bounded time (docs/cli.md "Limits"). Work is counted in arithmetic operations.
void check_cost(const Experiment& e) {
  const double end = e.times.back();
  const double total = phase_starts(e.schedule).back() + e.schedule.back().duration;
  if (end > total) throw ConfigError("times", "the last time " + show(end) + " is after the end of the last phase (" + show(total) + ")");
  const CostEstimate cost = estimate_cost(e);
  if (cost.numbers > kMaxOutputNumbers) {
    const auto [value, limit] = show_against(cost.numbers, kMaxOutputNumbers);
    throw ConfigError("metrics", "the result would hold " + value + " numbers (at most " + limit + "); request fewer times or fewer metrics");
  }
  if (e.run_simulation) {
    const double steps = end / e.learning_rate;
    if (steps > kMaxSimulationSteps) {
      const auto [value, limit] = show_against(steps, kMaxSimulationSteps);
      throw ConfigError("learningRate", show(e.learning_rate) + " needs " + value + " gradient steps to reach t = " + show(end) + " (at most " +
                                            limit + "); use a larger learning rate or \"simulate\": false");
    }
  }
  if (e.run_exact && e.balanced && !e.is_deep() && !e.exact_by_modes) {  // a per-mode exact flow is a quadrature: no substeps
    double rate = 0;
    for (const Phase& phase : e.schedule) rate = std::max(rate, std::hypot(singular_values(phase.task.syx)(0), e.lambda / 2));
    const double substeps = rate * end / RiccatiFlow::kMaxGrowth + static_cast<double>(e.times.size());
    if (substeps > kMaxExactSubsteps) {
      const auto [value, limit] = show_against(substeps, kMaxExactSubsteps);
      throw ConfigError("times", "the exact solution up to t = " + show(end) + " at lambda = " + show(e.lambda) + " needs " + value +
                                     " steps (at most " + limit + "); shorten the time span or set \"exact\": false");
    }
  }
  if (cost.total() > kMaxWork) {
    const auto [value, limit] = show_against(cost.total(), kMaxWork);
    const Remedy remedy = remedy_for(cost.largest(), e);
    throw ConfigError(remedy.field, "this experiment would take about " + value + " arithmetic operations (" + describe_duration(cost.total()) +
                                        " natively; at most " + limit + " are allowed, " + describe_duration(kMaxWork) + "); " + remedy.what);
  }
}

}  // namespace

Experiment parse_experiment(const std::string& json_text) {
  const Json j = parse_json(json_text);
  const Fields root(j, "", {"schemaVersion", "task", "phases", "dims", "init", "times", "learningRate", "exact",
                            "simulate", "metrics", "noise"});
  if (root.has("schemaVersion")) root.integer("schemaVersion", kSchemaVersion, kSchemaVersion);

  Experiment e;
  PartialDims dims = read_dims(root);
  e.schedule = read_schedule(root, dims);
  read_init(root, dims, e.schedule, e);
  e.times = read_times(root);
  e.learning_rate = root.number_or("learningRate", e.learning_rate, 1e-9, 10);
  e.run_exact = root.boolean_or("exact", true);
  e.run_simulation = root.boolean_or("simulate", true);
  e.metrics = read_metrics(root, e.is_deep());
  e.noise = read_noise(root);
  check_representable(e);
  check_cost(e);
  return e;
}

}  // namespace ldyn
