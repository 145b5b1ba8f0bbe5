// Time per exact trajectory and per gradient-descent trajectory for square networks
// N = 8, 16, 32, 64 with P = 2N random items and 1000 recorded time points.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

#include "ldyn/exact.hpp"
#include "ldyn/init.hpp"
#include "ldyn/simulation.hpp"
#include "ldyn/task.hpp"

namespace {

template <class F>
double median_seconds(F&& run, int repeats) {
  std::vector<double> seconds;
  for (int r = 0; r < repeats; ++r) {
    const auto start = std::chrono::steady_clock::now();
    run();
    seconds.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  std::sort(seconds.begin(), seconds.end());
  return seconds[seconds.size() / 2];
}

}  // namespace

int main() {
  using namespace ldyn;
  constexpr int kTimes = 1000;
  constexpr double kEnd = 20, kLearningRate = 0.005, kLambda = 1.0, kSigma = 0.1;
  std::vector<double> times(kTimes);
  for (int i = 0; i < kTimes; ++i) times[i] = kEnd * i / (kTimes - 1);

  std::printf("Square networks, P = 2N items, %d time points on [0, %g], lambda = %g, sigma = %g\n", kTimes, kEnd,
              kLambda, kSigma);
  std::printf("gradient descent: learning rate %g (%d steps); both record QQ^T at every time point\n\n",
              kLearningRate, static_cast<int>(kEnd / kLearningRate));
  std::printf("%4s %6s %16s %16s %14s\n", "N", "P", "exact (ms)", "simulation (ms)", "exact/time (us)");
  for (int n : {8, 16, 32, 64}) {
    const Dims dims{n, n, n};
    const Schedule schedule{{random_task(n, n, 2 * n, 1)}};
    const Weights w = balanced_init(dims, kLambda, kSigma, 2);
    double checksum = 0;
    const int repeats = n <= 16 ? 15 : 5;
    const double exact = median_seconds(
        [&] {
          exact_trajectory(schedule, kLambda, w, times, [&](int, const Mat& z) { checksum += (z * z.transpose())(0, 0); });
        },
        repeats);
    const double simulation = median_seconds(
        [&] {
          simulate(schedule, w, kLearningRate, times, [&](int, const Weights& v) {
            const Mat q = (Mat(2 * n, n) << v.w1.transpose(), v.w2).finished();
            checksum += (q * q.transpose())(0, 0);
          });
        },
        repeats);
    std::printf("%4d %6d %16.2f %16.2f %14.2f\n", n, 2 * n, 1e3 * exact, 1e3 * simulation, 1e6 * exact / kTimes);
    if (checksum == 42.0) std::printf(" ");  // keeps the work observable
  }
  return 0;
}
