// The exact solution against the independently computed reference trajectories in
// tests/fixtures/exact_cases.json, both through the engine API and through the JSON configuration.
#include <catch2/catch.hpp>

#include "ldyn/config.hpp"
#include "ldyn/exact.hpp"
#include "ldyn/experiment.hpp"
#include "ldyn/task.hpp"
#include "test_support.hpp"

using namespace ldyn;
using namespace ldyn::test;

namespace {

const Json& fixture_cases() {
  static const Json cases = load_json(LDYN_FIXTURES).at("cases");
  return cases;
}

}  // namespace

TEST_CASE("the exact solution reproduces every shared fixture to 1e-9", "[exact][fixtures]") {
  REQUIRE(fixture_cases().size() >= 7);
  for (const Json& c : fixture_cases()) {
    INFO("case " << c.at("dims").dump() << " lambda " << c.at("lambda").get<double>());
    const Task task = make_task(to_mat(c.at("X")), to_mat(c.at("Y")));
    const Weights w{to_mat(c.at("W1")), to_mat(c.at("W2"))};
    const auto times = c.at("times").get<std::vector<double>>();
    int recorded = 0;
    exact_trajectory({{task}}, c.at("lambda").get<double>(), w, times, [&](int i, const Mat& z) {
      const Mat qqt = z * z.transpose();
      const Mat expected = to_mat(c.at("QQt").at(i));
      CHECK(relative_error(qqt, expected) < 1e-9);
      const Mat network_function = qqt.bottomLeftCorner(task.outputs(), task.inputs());
      CHECK(std::abs(loss(task, network_function) - c.at("loss").at(i).get<double>()) <
            1e-9 * c.at("loss").at(i).get<double>());
      ++recorded;
    });
    CHECK(recorded == static_cast<int>(times.size()));
  }
}

TEST_CASE("a custom/explicit configuration reproduces the fixtures, lambda read off the weights", "[config][fixtures]") {
  for (const Json& c : fixture_cases()) {
    INFO("case " << c.at("dims").dump() << " lambda " << c.at("lambda").get<double>());
    const Json config = {{"task", {{"kind", "custom"}, {"X", c.at("X")}, {"Y", c.at("Y")}, {"whiten", false}}},
                         {"init", {{"kind", "explicit"}, {"W1", c.at("W1")}, {"W2", c.at("W2")}}},
                         {"times", c.at("times")},
                         {"learningRate", 0.001}};
    const Experiment e = parse_experiment(config.dump());
    CHECK(e.balanced);
    CHECK(e.lambda == Approx(c.at("lambda").get<double>()).margin(1e-12));
    Experiment exact_only = e;
    exact_only.run_simulation = false;
    const Node result = run_experiment(exact_only);
    const Tensor& qqt = result_series(result, "exact", "qqt");
    const Tensor& losses = result_series(result, "exact", "loss");
    const int n = qqt.shape[1];
    for (std::size_t i = 0; i < c.at("times").size(); ++i) {
      const Mat expected = to_mat(c.at("QQt").at(i));
      const Mat got = Eigen::Map<const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>(
          qqt.data.data() + i * n * n, n, n);
      CHECK(relative_error(got, expected) < 1e-9);
      CHECK(losses.data[i] == Approx(c.at("loss").at(i).get<double>()).epsilon(1e-9));
    }
  }
}
