// Time per exact trajectory and per gradient-descent trajectory for square networks
// N = 3, 8, 16, 32, 64 with P = 2N random items and 1000 recorded time points on [0, 20]
// (lambda = 1, sigma = 0.1, learning rate 0.005: 4000 gradient steps).
//
// Two ways for each trajectory:
//   engine: exact_trajectory / simulate with a callback that forms QQ^T at every time point, as the
//           recorder does (ldyn::Snapshot);
//   run:    run_experiment on the configuration the JS API and the CLI would get (metrics loss and
//           qqt), i.e. the engine plus the Recorder that stores the series, without any JSON output.
// The same program is built natively (build/native/bin/bench_trajectories) and to WebAssembly
// (build/wasm/bin/bench_trajectories.cjs, run with node), so the two can be compared line by line;
// bench/web-bench.mjs runs both and prints the ratio per size.
//
//   bench_trajectories [--json] [--min] [--sizes 3,8,16] [--repeats K] [--only PART] [--parse]
// --json prints one JSON object per size (median and fastest run, for scripts) instead of the table;
// --min shows the fastest run instead of the median; --only exact|simulation|runExact|runSimulation
// times that part alone (the others print 0), for a profiler; --parse times the run parts from the
// JSON text (parse_experiment, which makes the task and the initial weights, then run_experiment),
// all that the CLI and the JS API do before their output (bench/api-bench.mjs); --cpu times by the
// process's CPU time instead of the wall clock (steadier on a shared machine).
#include <algorithm>
#include <chrono>
#include <ctime>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "ldyn/config.hpp"
#include "ldyn/exact.hpp"
#include "ldyn/experiment.hpp"
#include "ldyn/init.hpp"
#include "ldyn/metrics.hpp"
#include "ldyn/simulation.hpp"
#include "ldyn/task.hpp"

namespace {

struct Timing {
  double median = 0, min = 0;  // seconds
};

// Median and fastest of the timed runs: at least `repeats` of them and at least 0.2 s of them (at
// most 2000), after untimed runs for at least 0.2 s (which warm the caches, the allocator and, in
// wasm, let the engine's optimising tier replace the baseline code). On a busy machine the fastest
// run is the better estimate of the cost itself; the median is what a user would typically see.
// With cpu_time, each run is timed by the process's CPU time (std::clock) instead of the wall clock:
// on a machine shared with other work it leaves out the time spent waiting for a core.
bool cpu_time = false;

double now_seconds() {
  if (cpu_time) return static_cast<double>(std::clock()) / CLOCKS_PER_SEC;
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

template <class F>
Timing time_runs(F&& run, int repeats, bool skip = false) {
  if (skip) return {};
  const auto seconds_since = [](double t) { return now_seconds() - t; };
  const double warm = now_seconds();
  do run();
  while (seconds_since(warm) < 0.2);
  std::vector<double> seconds;
  const double timed = now_seconds();
  while ((static_cast<int>(seconds.size()) < repeats || seconds_since(timed) < 0.2) && seconds.size() < 2000) {
    const double start = now_seconds();
    run();
    seconds.push_back(seconds_since(start));
  }
  std::sort(seconds.begin(), seconds.end());
  return {seconds[seconds.size() / 2], seconds.front()};
}

// QQ^T of the factor z into `snapshot`, reusing its storage as the recorder does (Snapshot::assign);
// an engine without assign() (before 2026-11-29) forms a new Snapshot, as its recorder did. So the
// same benchmark times the engine before and after.
template <class S, class = void>
struct has_assign : std::false_type {};
template <class S>
struct has_assign<S, std::void_t<decltype(std::declval<S&>().assign(std::declval<const ldyn::Mat&>()))>> : std::true_type {};

template <class S>
void form_qqt(S& snapshot, const ldyn::Mat& z) {
  if constexpr (has_assign<S>::value) snapshot.assign(z);
  else snapshot = S(z, static_cast<int>(z.rows() / 2));
}

// The configuration of bench/web-bench.mjs (balanced init seed 2, random task seed 1).
std::string config_json(int n, bool exact) {
  char text[512];
  std::snprintf(text, sizeof text,
                R"({"schemaVersion": 1, "dims": {"input": %d, "hidden": %d, "output": %d},)"
                R"( "task": {"kind": "random", "items": %d, "seed": 1},)"
                R"( "init": {"kind": "balanced", "lambda": 1, "sigma": 0.1, "seed": 2},)"
                R"( "times": {"end": 20, "count": 1000}, "learningRate": 0.005,)"
                R"( "exact": %s, "simulate": %s, "metrics": ["qqt"]})",
                n, n, n, 2 * n, exact ? "true" : "false", exact ? "false" : "true");
  return text;
}

std::vector<int> parse_sizes(const char* list) {
  std::vector<int> sizes;
  for (const char* p = list; *p;) {
    sizes.push_back(std::atoi(p));
    while (*p && *p != ',') ++p;
    if (*p == ',') ++p;
  }
  return sizes;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace ldyn;
  constexpr int kTimes = 1000;
  constexpr double kEnd = 20, kLearningRate = 0.005, kLambda = 1.0, kSigma = 0.1;
  bool json = false, fastest = false, with_parse = false;
  std::string only;  // one part alone (for profiling): exact, simulation, runExact or runSimulation
  int repeats_override = 0;
  std::vector<int> sizes{3, 8, 16, 32, 64};
  for (int a = 1; a < argc; ++a) {
    if (!std::strcmp(argv[a], "--json")) json = true;
    else if (!std::strcmp(argv[a], "--min")) fastest = true;
    else if (!std::strcmp(argv[a], "--sizes") && a + 1 < argc) sizes = parse_sizes(argv[++a]);
    else if (!std::strcmp(argv[a], "--repeats") && a + 1 < argc) repeats_override = std::atoi(argv[++a]);
    else if (!std::strcmp(argv[a], "--only") && a + 1 < argc) only = argv[++a];
    else if (!std::strcmp(argv[a], "--parse")) with_parse = true;
    else if (!std::strcmp(argv[a], "--cpu")) cpu_time = true;
    else {
      std::fprintf(stderr, "usage: bench_trajectories [--json] [--min] [--sizes 3,8,16] [--repeats K] [--only PART] [--parse] [--cpu]\n");
      return 2;
    }
  }
  std::vector<double> times(kTimes);
  for (int i = 0; i < kTimes; ++i) times[i] = kEnd * i / (kTimes - 1);

  if (!json) {
    std::printf("Square networks, P = 2N items, %d time points on [0, %g], lambda = %g, sigma = %g\n", kTimes, kEnd,
                kLambda, kSigma);
    std::printf("gradient descent: learning rate %g (%d steps); both record QQ^T at every time point\n",
                kLearningRate, static_cast<int>(kEnd / kLearningRate));
    std::printf("engine: the trajectory with QQ^T formed at each time; run: run_experiment (loss, qqt) without output\n");
    std::printf("%s of the timed runs\n\n", fastest ? "fastest" : "median");
    std::printf("%4s %6s %16s %16s %14s %16s %16s\n", "N", "P", "exact (ms)", "simulation (ms)", "exact/time (us)",
                "run exact (ms)", "run GD (ms)");
  }
  const auto skip = [&](const char* part) { return !only.empty() && only != part; };
  double checksum = 0;
  for (int n : sizes) {
    const Dims dims{n, n, n};
    const Schedule schedule{{random_task(n, n, 2 * n, 1)}};
    const Weights w = balanced_init(dims, kLambda, kSigma, 2);
    const int repeats = repeats_override > 0 ? repeats_override : n <= 16 ? 15 : 5;
    Snapshot snapshot(Mat::Zero(2 * n, n), n);  // QQ^T of the state recorded, as the recorder forms it
    Mat q(2 * n, n);                            // the simulation's factor [W1^T; W2]
    const Timing exact = time_runs(
        [&] {
          exact_trajectory(schedule, kLambda, w, times, [&](int, const Mat& z) {
            form_qqt(snapshot, z);
            checksum += snapshot.qqt()(0, 0);
          });
        },
        repeats, skip("exact"));
    const Timing simulation = time_runs(
        [&] {
          simulate(schedule, w, kLearningRate, times, [&](int, const Weights& v) {
            q.topRows(n) = v.w1.transpose();
            q.bottomRows(n) = v.w2;
            form_qqt(snapshot, q);
            checksum += snapshot.qqt()(0, 0);
          });
        },
        repeats, skip("simulation"));
    const std::string exact_text = config_json(n, true), gd_text = config_json(n, false);
    const Experiment exact_run = parse_experiment(exact_text), gd_run = parse_experiment(gd_text);
    const auto run = [&](const Experiment& parsed, const std::string& text) {
      return with_parse ? run_experiment(parse_experiment(text)) : run_experiment(parsed);
    };
    const Timing run_exact = time_runs([&] { checksum += run(exact_run, exact_text).find("exact") != nullptr; }, repeats, skip("runExact"));
    const Timing run_gd = time_runs([&] { checksum += run(gd_run, gd_text).find("simulation") != nullptr; }, repeats, skip("runSimulation"));
    if (json) {
      std::printf(R"({"n": %d, "items": %d, "median": {"exact": %.4f, "simulation": %.4f, "runExact": %.4f, "runSimulation": %.4f},)"
                  R"( "min": {"exact": %.4f, "simulation": %.4f, "runExact": %.4f, "runSimulation": %.4f}})" "\n",
                  n, 2 * n, 1e3 * exact.median, 1e3 * simulation.median, 1e3 * run_exact.median, 1e3 * run_gd.median,
                  1e3 * exact.min, 1e3 * simulation.min, 1e3 * run_exact.min, 1e3 * run_gd.min);
    } else {
      const auto pick = [&](const Timing& t) { return 1e3 * (fastest ? t.min : t.median); };
      std::printf("%4d %6d %16.2f %16.2f %14.2f %16.2f %16.2f\n", n, 2 * n, pick(exact), pick(simulation),
                  1e3 * pick(exact) / kTimes, pick(run_exact), pick(run_gd));
    }
    std::fflush(stdout);
  }
  if (checksum == 42.0) std::printf(" ");  // keeps the work observable
  return 0;
}
