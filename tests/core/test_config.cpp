// parse_experiment: every accepted form and default, and every rejection path of config.cpp and
// json_fields.cpp, each checked for the JSON path it names (ConfigError::field) and why it says.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include "ldyn/config.hpp"
#include "ldyn/cost.hpp"
#include "ldyn/experiment.hpp"
#include "ldyn/init.hpp"
#include "ldyn/random.hpp"
#include "ldyn/task.hpp"
#include "test_support.hpp"

using namespace ldyn;
using namespace ldyn::test;
using Ptr = Json::json_pointer;

namespace {

// A whitened custom task (Ni = 3, No = 2, P = 6) and lambda-balanced explicit weights (Nh = 3, lambda = -1).
const Task& base_task() {
  static const Task t = random_task(3, 2, 6, 1);
  return t;
}
const Weights& base_weights() {
  static const Weights w = balanced_init({3, 3, 2}, -1.0, 0.5, 2);
  return w;
}

Json custom_config() {
  return {{"task", {{"kind", "custom"}, {"X", to_json(base_task().x)}, {"Y", to_json(base_task().y)}, {"whiten", false}}},
          {"init", {{"kind", "explicit"}, {"W1", to_json(base_weights().w1)}, {"W2", to_json(base_weights().w2)}}},
          {"times", {0, 0.5, 1}}};
}

Json random_config() {
  return {{"dims", {{"input", 3}, {"hidden", 3}, {"output", 2}}},
          {"task", {{"kind", "random"}, {"items", 6}, {"seed", 1}}},
          {"init", {{"kind", "balanced"}, {"lambda", -1}, {"sigma", 0.1}, {"seed", 2}}},
          {"times", {0, 1, 2}}};
}

Json phases_config() {
  Json c = random_config();
  c.erase("task");
  c["phases"] = {{{"task", {{"kind", "random"}, {"items", 6}, {"seed", 1}}}, {"duration", 1}},
                 {{"task", {{"kind", "reversed"}, {"phase", 0}}}, {"duration", 1}},
                 {{"task", {{"kind", "related"}, {"phase", 0}, {"similarity", 0.5}, {"seed", 3}}}}};
  return c;
}

Json with(Json j, const std::string& pointer, Json value) {
  j[Ptr(pointer)] = std::move(value);
  return j;
}
Json without(Json j, const std::string& pointer) {
  const Ptr p(pointer);
  j[p.parent_pointer()].erase(p.back());
  return j;
}

std::optional<ConfigError> error_of(const std::string& text) {
  try {
    parse_experiment(text);
  } catch (const ConfigError& e) {
    return e;
  }
  return std::nullopt;
}

// The configuration is rejected with a ConfigError naming `field` whose message contains each of `mentions`.
void expect_error(const std::string& text, const std::string& field, const std::vector<std::string>& mentions) {
  INFO("config: " << (text.size() > 300 ? text.substr(0, 300) + "..." : text));
  const std::optional<ConfigError> e = error_of(text);
  REQUIRE(e.has_value());
  INFO("message: " << e->what());
  CHECK(e->field() == field);
  const std::string what = e->what();
  CHECK(what.rfind((field.empty() ? "config" : field) + ": ", 0) == 0);
  for (const std::string& m : mentions) CHECK_THAT(what, Catch::Matchers::Contains(m));
}
void expect_error(const Json& config, const std::string& field, const std::vector<std::string>& mentions) {
  expect_error(config.dump(), field, mentions);
}

}  // namespace

// The form of the product spec: custom X/Y (whiten false) with explicit W1/W2, times and a learning rate.
TEST_CASE("config: the product-spec form (custom task, explicit weights) is accepted", "[config]") {
  const Json c = load_json(LDYN_FIXTURES).at("cases").at(0);
  const std::string text = R"({"task":{"kind":"custom","X":)" + c.at("X").dump() + R"(,"Y":)" + c.at("Y").dump() +
                           R"(,"whiten":false},"init":{"kind":"explicit","W1":)" + c.at("W1").dump() + R"(,"W2":)" +
                           c.at("W2").dump() + R"(},"times":[0,0.5,2,10,1000],"learningRate":0.001})";
  const Experiment e = parse_experiment(text);
  REQUIRE(e.schedule.size() == 1);
  CHECK(std::isinf(e.schedule[0].duration));
  CHECK(e.schedule[0].task.x == to_mat(c.at("X")));  // not whitened again
  CHECK(e.schedule[0].task.y == to_mat(c.at("Y")));
  CHECK(e.initial.w1 == to_mat(c.at("W1")));
  CHECK(e.initial.w2 == to_mat(c.at("W2")));
  CHECK(e.balanced);
  CHECK(e.unbalanced_reason.empty());
  CHECK(e.lambda == Approx(c.at("lambda").get<double>()).margin(1e-12));
  CHECK(e.times == std::vector<double>{0, 0.5, 2, 10, 1000});
  CHECK(e.learning_rate == 0.001);
  CHECK(e.run_exact);
  CHECK(e.run_simulation);
  CHECK(e.metrics == std::set<Metric>{Metric::Loss, Metric::Qqt});
}

// Every task kind builds the task the engine would build from the same parameters.
TEST_CASE("config: every task kind", "[config]") {
  SECTION("random") {
    const Experiment e = parse_experiment(random_config().dump());
    const Task expected = random_task(3, 2, 6, 1);
    CHECK(e.schedule.at(0).task.x == expected.x);
    CHECK(e.schedule.at(0).task.y == expected.y);
  }
  SECTION("hierarchy: dims come from the task") {
    Json c = {{"dims", {{"hidden", 4}}},
              {"task", {{"kind", "hierarchy"}, {"depth", 2}}},
              {"init", {{"kind", "balanced"}, {"lambda", 1}, {"sigma", 0.1}}},
              {"times", {0, 1}}};
    const Experiment e = parse_experiment(c.dump());
    CHECK(e.schedule.at(0).task.y == hierarchy_task(2).y);
    CHECK(e.initial.dims().input == 4);
    CHECK(e.initial.dims().output == 7);
    CHECK(e.initial.w1 == balanced_init({4, 4, 7}, 1, 0.1, 0).w1);
  }
  SECTION("spectrum: the values and vectors given") {
    Json c = {{"dims", {{"input", 4}, {"hidden", 3}, {"output", 3}}},
              {"task", {{"kind", "spectrum"}, {"values", {3, 1}}, {"seed", 7}}},
              {"init", {{"kind", "balanced"}, {"lambda", 0}, {"sigma", 0.1}}},
              {"times", {0, 1}}};
    const Vec values = (Vec(2) << 3, 1).finished();
    const std::uint64_t seed = 7;
    CHECK(parse_experiment(c.dump()).schedule.at(0).task.y == spectrum_task(4, 3, values, &seed).y);
    c["task"] = {{"kind", "spectrum"}, {"values", {3, 1}}, {"vectors", "axes"}};
    CHECK(parse_experiment(c.dump()).schedule.at(0).task.y == spectrum_task(4, 3, values, nullptr).y);
    c["task"] = {{"kind", "spectrum"}, {"values", {3, 2, 1, 0.5}}};
    expect_error(c, "task.values", {"1 to min(dims.input, dims.output) = 3"});
    c["task"] = {{"kind", "spectrum"}, {"values", {3, -1}}};
    expect_error(c, "task.values[1]", {"out of range [0, 1000000]"});
    c["task"] = {{"kind", "spectrum"}, {"values", {3}}, {"vectors", "axes"}, {"seed", 2}};
    expect_error(c, "task.seed", {"only used with \"vectors\": \"random\""});
  }
  SECTION("custom, whitened by default") {
    Rng rng(5);
    const Mat x = rng.normal(3, 6, 3.0), y = rng.normal(2, 6);
    Json c = custom_config();
    c["task"] = {{"kind", "custom"}, {"X", to_json(x)}, {"Y", to_json(y)}};
    c["init"] = {{"kind", "balanced"}, {"lambda", -1}, {"sigma", 0.1}};
    c["dims"] = {{"hidden", 3}};
    const Experiment e = parse_experiment(c.dump());
    CHECK(relative_error(e.schedule.at(0).task.x, custom_task(x, y, true).x) < 1e-14);
  }
  SECTION("phases with reversed and related tasks") {
    const Experiment e = parse_experiment(phases_config().dump());
    REQUIRE(e.schedule.size() == 3);
    const Task base = random_task(3, 2, 6, 1);
    CHECK(e.schedule[0].duration == 1);
    CHECK(e.schedule[1].duration == 1);
    CHECK(std::isinf(e.schedule[2].duration));  // the last phase may omit its duration
    CHECK(e.schedule[1].task.y == -base.y);
    CHECK(e.schedule[2].task.y == related_task(base, 0.5, 3).y);
    const Experiment finite = parse_experiment(with(phases_config(), "/phases/2/duration", 2).dump());
    CHECK(finite.schedule[2].duration == 2);
  }
}

// Every init kind builds the weights the engine would build, with the right lambda and balance flag.
TEST_CASE("config: every init kind", "[config]") {
  const Dims d{3, 3, 2};
  const Task task = random_task(3, 2, 6, 1);
  SECTION("balanced") {
    const Experiment e = parse_experiment(random_config().dump());
    CHECK(e.initial.w1 == balanced_init(d, -1, 0.1, 2).w1);
    CHECK(e.initial.w2 == balanced_init(d, -1, 0.1, 2).w2);
    CHECK(e.lambda == -1);
    CHECK(e.balanced);
  }
  SECTION("aligned") {
    const Experiment e = parse_experiment(with(random_config(), "/init/kind", "aligned").dump());
    const Weights w = aligned_init(d, -1, 0.1, 2, full_svd(task.syx));
    CHECK(e.initial.w1 == w.w1);
    CHECK(e.initial.w2 == w.w2);
    CHECK(e.balanced);
  }
  SECTION("explicit: lambda read off the weights") {
    const Experiment e = parse_experiment(custom_config().dump());
    CHECK(e.initial.w1 == base_weights().w1);
    CHECK(e.lambda == Approx(-1).margin(1e-12));
    CHECK(e.balanced);
  }
  SECTION("gaussian and lecun: simulation only") {
    const Experiment g = parse_experiment(with(random_config(), "/init", {{"kind", "gaussian"}, {"sigma", 0.3}, {"seed", 4}}).dump());
    CHECK(g.initial.w1 == gaussian_init(d, 0.3, 4).w1);
    CHECK(g.initial.w2 == gaussian_init(d, 0.3, 4).w2);
    CHECK_FALSE(g.balanced);
    CHECK_THAT(g.unbalanced_reason, Catch::Matchers::Contains("gaussian") && Catch::Matchers::Contains("not lambda-balanced"));
    CHECK(g.lambda == Approx(relative_scale(g.initial)).margin(1e-15));
    const Experiment l = parse_experiment(with(random_config(), "/init", {{"kind", "lecun"}, {"seed", 4}}).dump());
    CHECK(l.initial.w1 == lecun_init(d, 4).w1);
    CHECK(l.initial.w2 == lecun_init(d, 4).w2);
    CHECK_FALSE(l.balanced);
    CHECK_THAT(l.unbalanced_reason, Catch::Matchers::Contains("lecun"));
  }
}

// Unbalanced explicit weights are accepted for simulation; the exact solution is declined with a reason.
TEST_CASE("config: unbalanced explicit weights are accepted but flagged", "[config]") {
  Json c = custom_config();
  Mat w1 = base_weights().w1;
  w1(0, 0) += 0.1;
  c["init"]["W1"] = to_json(w1);
  Experiment e = parse_experiment(c.dump());
  CHECK_FALSE(e.balanced);
  CHECK_THAT(e.unbalanced_reason, Catch::Matchers::Contains("not lambda-balanced") && Catch::Matchers::Contains("tolerance 1e-06"));
  e.times = {0, 0.1};
  const Node result = run_experiment(e);
  REQUIRE(result.find("exact") != nullptr);
  CHECK(std::holds_alternative<std::nullptr_t>(result.find("exact")->value()));
  REQUIRE(result.find("exactUnavailable") != nullptr);
  CHECK(std::get<std::string>(result.find("exactUnavailable")->value()) == e.unbalanced_reason);
  CHECK(std::holds_alternative<Node::Object>(result.find("simulation")->value()));
  // A looser balanceTolerance accepts them.
  c["init"]["balanceTolerance"] = 0.5;
  CHECK(parse_experiment(c.dump()).balanced);
}

// times given as {"end": T, "count": K}: K equally spaced times from 0 to T.
TEST_CASE("config: times as {end, count}", "[config]") {
  const Experiment e = parse_experiment(with(random_config(), "/times", {{"end", 2}, {"count", 5}}).dump());
  CHECK(e.times == std::vector<double>{0, 0.5, 1, 1.5, 2});
  const Experiment repeated = parse_experiment(with(random_config(), "/times", {0, 1, 1, 2}).dump());
  CHECK(repeated.times == std::vector<double>{0, 1, 1, 2});  // equal times are ascending enough
}

// Defaults: learning rate, exact/simulate, metrics, noise, seeds, whiten, balance tolerance, schemaVersion.
TEST_CASE("config: defaults", "[config]") {
  Json c = random_config();
  c["init"].erase("seed");
  c["task"].erase("seed");
  const Experiment e = parse_experiment(c.dump());
  CHECK(e.learning_rate == 0.01);
  CHECK(e.run_exact);
  CHECK(e.run_simulation);
  CHECK(e.metrics == std::set<Metric>{Metric::Loss, Metric::Qqt});
  CHECK(e.noise.input == 0.1);
  CHECK(e.noise.parameter == 0.1);
  CHECK(e.noise.samples == 0);
  CHECK(e.noise.seed == 0);
  CHECK(e.schedule.at(0).task.y == random_task(3, 2, 6, 0).y);       // task seed 0
  CHECK(e.initial.w1 == balanced_init({3, 3, 2}, -1, 0.1, 0).w1);     // init seed 0
  CHECK(parse_experiment(with(c, "/schemaVersion", 1).dump()).times == e.times);
  // balanceTolerance 1e-6: a relative deviation of ~1e-7 passes, ~1e-5 does not.
  const auto scaled_deviation = [](double eps) {
    Json cc = custom_config();
    Mat w1 = base_weights().w1;
    w1(0, 0) *= 1 + eps;
    cc["init"]["W1"] = to_json(w1);
    return parse_experiment(cc.dump()).balanced;
  };
  CHECK(scaled_deviation(1e-7));
  CHECK_FALSE(scaled_deviation(1e-4));
}

// Options: learningRate, exact, simulate, every metric name, noise.
TEST_CASE("config: options and every metric name", "[config]") {
  Json c = random_config();
  c["learningRate"] = 0.05;
  c["exact"] = false;
  c["simulate"] = false;
  c["noise"] = {{"input", 0.2}, {"parameter", 0.3}, {"samples", 100}, {"seed", 9}};
  Json names = Json::array();
  for (const auto& [metric, name] : metric_names()) names.push_back(name);
  c["metrics"] = names;
  const Experiment e = parse_experiment(c.dump());
  CHECK(e.learning_rate == 0.05);
  CHECK_FALSE(e.run_exact);
  CHECK_FALSE(e.run_simulation);
  CHECK(e.metrics.size() == metric_names().size());
  CHECK(e.noise.input == 0.2);
  CHECK(e.noise.parameter == 0.3);
  CHECK(e.noise.samples == 100);
  CHECK(e.noise.seed == 9);
  // "loss" is always recorded; "qqt" only when asked for once a list is given.
  const Experiment only = parse_experiment(with(random_config(), "/metrics", {"kernelDistance"}).dump());
  CHECK(only.metrics == std::set<Metric>{Metric::Loss, Metric::KernelDistance});
}

// Invalid JSON, and a root that is not an object: field "" ("config: ...").
TEST_CASE("config rejects invalid JSON", "[config][errors]") {
  for (const char* text : {"", "{", "{\"task\": }", "nul", "{\"a\": 1,}", "[1, 2"}) expect_error(std::string(text), "", {"invalid JSON"});
  expect_error(std::string("[1, 2]"), "", {"must be an object, got an array"});
  expect_error(std::string("3"), "", {"must be an object, got a number"});
}

// A number that overflows a double is invalid input, to be reported like any other configuration error
// (the CLI then exits with 2, not 1). nlohmann::json throws out_of_range (406) for it, not parse_error.
TEST_CASE("config rejects a number that overflows a double as a ConfigError", "[config][errors]") {
  const std::string text = with(random_config(), "/init/lambda", 0).dump();
  const std::string overflowing = text.substr(0, text.find("\"lambda\":0")) + "\"lambda\":1e400" +
                                  text.substr(text.find("\"lambda\":0") + 10);
  REQUIRE(overflowing.find("1e400") != std::string::npos);
  CHECK_THROWS_AS(parse_experiment(overflowing), ConfigError);
}

// Unknown keys at every level name the key's full path and list the allowed keys.
TEST_CASE("config rejects unknown keys at every level", "[config][errors]") {
  const std::vector<std::pair<Json, std::string>> cases{
      {with(random_config(), "/foo", 1), "foo"},
      {with(random_config(), "/dims/width", 1), "dims.width"},
      {with(random_config(), "/task/depth", 2), "task.depth"},  // a hierarchy key on a random task
      {with(custom_config(), "/task/items", 6), "task.items"},
      {with(with(random_config(), "/task", {{"kind", "hierarchy"}, {"depth", 2}}), "/task/seed", 1), "task.seed"},
      {with(phases_config(), "/phases/0/weight", 1), "phases[0].weight"},
      {with(phases_config(), "/phases/1/task/similarity", 0.5), "phases[1].task.similarity"},  // not for reversed
      {with(phases_config(), "/phases/2/task/depth", 1), "phases[2].task.depth"},
      {with(random_config(), "/init/W1", Json::array({Json::array({1})})), "init.W1"},  // explicit key on balanced
      {with(custom_config(), "/init/lambda", 0), "init.lambda"},                        // balanced key on explicit
      {with(random_config(), "/init", {{"kind", "gaussian"}, {"sigma", 1}, {"lambda", 0}}), "init.lambda"},
      {with(random_config(), "/init", {{"kind", "lecun"}, {"sigma", 1}}), "init.sigma"},
      {with(random_config(), "/init/scale", 1), "init.scale"},
      {with(random_config(), "/times", {{"end", 1}, {"count", 3}, {"step", 1}}), "times.step"},
      {with(random_config(), "/noise", {{"inputs", 0.1}}), "noise.inputs"},
  };
  for (const auto& [config, field] : cases) expect_error(config, field, {"unknown key", "expected one of:"});
}

// Values of the wrong JSON type.
TEST_CASE("config rejects values of the wrong type", "[config][errors]") {
  const std::vector<std::tuple<Json, std::string, std::string>> cases{
      {with(random_config(), "/schemaVersion", "1"), "schemaVersion", "must be an integer, got a string"},
      {with(random_config(), "/dims", "3x3"), "dims", "must be an object, got a string"},
      {with(random_config(), "/dims/input", 2.5), "dims.input", "must be an integer, got 2.5"},
      {with(random_config(), "/task", Json::array()), "task", "must be an object, got an array"},
      {with(random_config(), "/task/kind", 3), "task.kind", "must be a string, got a number"},
      {with(random_config(), "/task/items", "6"), "task.items", "must be an integer, got a string"},
      {with(random_config(), "/init", nullptr), "init", "must be an object, got null"},
      {with(random_config(), "/init/lambda", "0"), "init.lambda", "must be a number, got a string"},
      {with(random_config(), "/init/seed", 1.5), "init.seed", "must be an integer, got 1.5"},
      {with(random_config(), "/times", "0..1"), "times", "must be an array"},
      {with(random_config(), "/times", Json::array({0, nullptr})), "times[1]", "must be a number, got null"},
      {with(random_config(), "/times", {{"end", "1"}, {"count", 3}}), "times.end", "must be a number, got a string"},
      {with(random_config(), "/learningRate", true), "learningRate", "must be a number, got a boolean"},
      {with(random_config(), "/exact", 1), "exact", "must be true or false, got a number"},
      {with(random_config(), "/simulate", nullptr), "simulate", "must be true or false, got null"},
      {with(random_config(), "/metrics", "loss"), "metrics", "must be an array of metric names, got a string"},
      {with(random_config(), "/noise", Json::array()), "noise", "must be an object, got an array"},
      {with(random_config(), "/noise", {{"samples", 2.5}}), "noise.samples", "must be an integer, got 2.5"},
      {with(phases_config(), "/phases", {{"a", 1}}), "phases", "must be an array of 1 to 64 phases, got an object"},
      {with(phases_config(), "/phases/0", 3), "phases[0]", "must be an object, got a number"},
      {with(phases_config(), "/phases/0/duration", "1"), "phases[0].duration", "must be a number, got a string"},
  };
  for (const auto& [config, field, why] : cases) expect_error(config, field, {why});
}

// A non-boolean "whiten" is a type error of task.whiten (custom_task's own errors are reported under
// task.X, and the type error must not be re-labelled as one of them).
TEST_CASE("config reports a non-boolean task.whiten under task.whiten", "[config][errors]") {
  expect_error(with(custom_config(), "/task/whiten", "no"), "task.whiten", {"must be true or false, got a string"});
  expect_error(with(custom_config(), "/task/whiten", 1), "task.whiten", {"must be true or false, got a number"});
}

// Unknown kinds and metric names list what is allowed.
TEST_CASE("config rejects unknown kinds and metric names", "[config][errors]") {
  expect_error(with(random_config(), "/task/kind", "spiral"), "task.kind",
               {"unknown kind \"spiral\"", "random, hierarchy, spectrum, custom, reversed, related"});
  expect_error(with(random_config(), "/init/kind", "xavier"), "init.kind",
               {"unknown kind \"xavier\"", "balanced, aligned, explicit, gaussian, lecun"});
  expect_error(with(random_config(), "/metrics", {"loss", "accuracy"}), "metrics[1]", {"unknown metric", "kernelDistance"});
  expect_error(with(random_config(), "/metrics", Json::array({3})), "metrics[0]", {"unknown metric"});
}

// Values out of range name the range.
TEST_CASE("config rejects out-of-range values", "[config][errors]") {
  const std::vector<std::tuple<Json, std::string, std::string>> cases{
      {with(random_config(), "/schemaVersion", 2), "schemaVersion", "2 is out of range [1, 1]"},
      {with(random_config(), "/dims/hidden", 0), "dims.hidden", "0 is out of range [1, 512]"},
      {with(random_config(), "/dims/input", 513), "dims.input", "513 is out of range [1, 512]"},
      {with(random_config(), "/task/items", 2), "task.items", "2 is out of range [3, 4096]"},
      {with(random_config(), "/task/items", 4097), "task.items", "out of range"},
      {with(random_config(), "/task/seed", -1), "task.seed", "-1 is out of range [0, 9007199254740991]"},
      {with(random_config(), "/task/seed", 9007199254740992.0), "task.seed", "out of range"},
      {with(random_config(), "/task", {{"kind", "hierarchy"}, {"depth", 0}}), "task.depth", "0 is out of range [1, 7]"},
      {with(random_config(), "/task", {{"kind", "hierarchy"}, {"depth", 8}}), "task.depth", "out of range [1, 7]"},
      {with(random_config(), "/init/lambda", 10001), "init.lambda", "out of range [-10000, 10000]"},
      {with(random_config(), "/init/lambda", -1e5), "init.lambda", "out of range"},
      {with(random_config(), "/init/sigma", -0.1), "init.sigma", "-0.1 is out of range [0, 10000]"},
      {with(random_config(), "/init/sigma", 1e5), "init.sigma", "out of range"},
      {with(custom_config(), "/init/balanceTolerance", 2), "init.balanceTolerance", "2 is out of range [0, 1]"},
      {with(random_config(), "/times", {-1, 0}), "times[0]", "-1 is out of range [0, 1000000]"},
      {with(random_config(), "/times", {0, 2e6}), "times[1]", "out of range [0, 1000000]"},
      {with(random_config(), "/times", {{"end", 0}, {"count", 3}}), "times.end", "must be positive"},
      {with(random_config(), "/times", {{"end", -1}, {"count", 3}}), "times.end", "out of range"},
      {with(random_config(), "/times", {{"end", 1}, {"count", 1}}), "times.count", "1 is out of range [2, 100000]"},
      {with(random_config(), "/times", {{"end", 1}, {"count", 100001}}), "times.count", "out of range"},
      {with(random_config(), "/learningRate", 0), "learningRate", "0 is out of range [1e-09, 10]"},
      {with(random_config(), "/learningRate", 11), "learningRate", "out of range"},
      {with(random_config(), "/noise", {{"input", -1}}), "noise.input", "out of range [0, 1000]"},
      {with(random_config(), "/noise", {{"parameter", 1001}}), "noise.parameter", "out of range [0, 1000]"},
      {with(random_config(), "/noise", {{"samples", -1}}), "noise.samples", "out of range [0, 10000000]"},
      {with(random_config(), "/noise", {{"seed", -5}}), "noise.seed", "out of range"},
      {with(phases_config(), "/phases/0/duration", 0), "phases[0].duration", "must be positive"},
      {with(phases_config(), "/phases/0/duration", -1), "phases[0].duration", "out of range"},
      {with(phases_config(), "/phases/1/duration", 2e6), "phases[1].duration", "out of range [0, 1000000]"},
      {with(phases_config(), "/phases/2/task/similarity", 1.5), "phases[2].task.similarity", "1.5 is out of range [-1, 1]"},
  };
  for (const auto& [config, field, why] : cases) expect_error(config, field, {why});
}

// An inadmissible lambda for balanced and aligned inits names init.lambda and the rule of docs/theory.md section 2.
TEST_CASE("config rejects inadmissible lambda for each shape rule", "[config][errors]") {
  const auto config = [](int ni, int nh, int no, double lambda, const char* kind) {
    return Json{{"dims", {{"input", ni}, {"hidden", nh}, {"output", no}}},
                {"task", {{"kind", "random"}, {"items", ni + 2}}},
                {"init", {{"kind", kind}, {"lambda", lambda}, {"sigma", 0.1}}},
                {"times", {0, 1}}};
  };
  for (const char* kind : {"balanced", "aligned"}) {
    INFO("init kind " << kind);
    expect_error(config(3, 2, 4, 0, kind), "init.lambda", {"bottleneck", "Nh >= min(Ni, No)"});
    expect_error(config(2, 3, 4, -1, kind), "init.lambda", {"Nh > Ni", "lambda >= 0", "lambda = -1"});
    expect_error(config(4, 3, 2, 1, kind), "init.lambda", {"Nh > No", "lambda <= 0", "lambda = 1"});
    expect_error(config(2, 6, 3, 0.5, kind), "init.lambda", {"only lambda = 0"});
    expect_error(config(2, 6, 3, -0.5, kind), "init.lambda", {"only lambda = 0"});
    CHECK_NOTHROW(parse_experiment(config(2, 3, 4, 0, kind).dump()));
    CHECK_NOTHROW(parse_experiment(config(4, 3, 2, -1, kind).dump()));
    CHECK_NOTHROW(parse_experiment(config(2, 6, 3, 0, kind).dump()));
  }
}

// Matrices: not arrays of rows, empty, ragged, non-numbers, too large, wrong sizes for the task.
TEST_CASE("config rejects bad matrices", "[config][errors]") {
  const Json c = custom_config();
  expect_error(with(c, "/task/X", "1 2 3"), "task.X", {"must be a non-empty array of rows", "got a string"});
  expect_error(with(c, "/task/X", Json::array()), "task.X", {"must be a non-empty array of rows"});
  expect_error(with(c, "/task/X", {1, 2, 3}), "task.X", {"must be a non-empty array of rows"});
  expect_error(with(c, "/task/X", Json::array({Json::array()})), "task.X[0]", {"is an empty row"});
  expect_error(with(c, "/task/X", {{1, 2}, {3}}), "task.X[1]", {"has 1 values but row 0 has 2"});
  expect_error(with(c, "/task/X", Json::array({Json::array({1, 2}), 3})), "task.X[1]", {"must be an array of numbers, got a number"});
  expect_error(with(c, "/task/X", Json::array({Json::array({1, "a"})})), "task.X[0][1]", {"must be a number, got a string"});
  expect_error(with(c, "/task/Y/1", {1, 2}), "task.Y[1]", {"has 2 values but row 0 has 6"});
  expect_error(with(c, "/init/W2/0/1", nullptr), "init.W2[0][1]", {"must be a number, got null"});
  // Sizes.
  expect_error(with(c, "/task/X", Json(std::vector<std::vector<double>>(513, std::vector<double>(1, 0.0)))), "task",
               {"at most 512 input and output rows"});
  expect_error(with(c, "/task/X", Json(std::vector<std::vector<double>>(1, std::vector<double>(4097, 0.0)))), "task.X",
               {"at most 4096 items"});
  {
    // A first row of 2,000,001 zeros and a second row: 2 x 2,000,001 entries (> 4e6), refused before reading them.
    std::string row = "0";
    row.reserve(4'000'002);
    for (int i = 1; i < 2'000'001; ++i) row += ",0";
    const std::string huge = "[[" + row + "],[0]]";
    const std::string text = c.dump();
    const std::string marker = "\"X\":";
    const std::size_t start = text.find(marker) + marker.size(), end = text.find("]],", start) + 2;
    expect_error(text.substr(0, start) + huge + text.substr(end), "task.X", {"has more than 4000000 entries"});
  }
  // Weights that do not fit the task.
  expect_error(with(c, "/init/W1", to_json(Mat::Ones(3, 4))), "init.W1", {"has 4 columns but the task has 3 inputs"});
  expect_error(with(c, "/dims", {{"hidden", 4}}), "init.W1", {"has 3 rows but dims.hidden is 4"});
  expect_error(with(c, "/init/W1", to_json(Mat::Ones(513, 3))), "init.W1", {"more than 512 rows"});
  expect_error(with(c, "/init/W2", to_json(Mat::Ones(3, 3))), "init.W2", {"has 3 rows but the task has 2 outputs"});
  expect_error(with(c, "/init/W2", to_json(Mat::Ones(2, 4))), "init.W2", {"has 4 columns but W1 has 3 rows"});
  // Data that cannot be used as a task (custom_task's messages, under task.X).
  Rng rng(3);
  expect_error(with(c, "/task/X", to_json(1e200 * rng.normal(3, 6))), "task.X", {"too large for double precision"});
  Mat deficient = rng.normal(3, 6);
  deficient.row(2) = deficient.row(1);
  expect_error(with(with(c, "/task/X", to_json(deficient)), "/task/whiten", true), "task.X", {"rank 2 < 3", "cannot be whitened"});
  expect_error(with(with(with(c, "/task/X", to_json(rng.normal(3, 3))), "/task/Y", to_json(rng.normal(2, 3))), "/task/whiten", true),
               "task.X", {"cannot be whitened"});  // too few items
  expect_error(with(c, "/task/Y", to_json(rng.normal(2, 5))), "task.X", {"X has 6 items (columns) but Y has 5"});
}

// "task" and "phases": exactly one of them; "reversed"/"related" only in phases and only backwards.
TEST_CASE("config rejects bad task/phases combinations", "[config][errors]") {
  expect_error(with(phases_config(), "/task", {{"kind", "random"}, {"items", 6}}), "phases", {"either \"task\" or \"phases\", not both"});
  expect_error(without(random_config(), "/task"), "task", {"is required (or give \"phases\")"});
  expect_error(with(random_config(), "/task", {{"kind", "reversed"}, {"phase", 0}}), "task.kind",
               {"\"reversed\" refers to an earlier phase", "needs \"phases\""});
  expect_error(with(random_config(), "/task", {{"kind", "related"}, {"phase", 0}, {"similarity", 0.5}}), "task.kind",
               {"\"related\" refers to an earlier phase"});
  expect_error(with(phases_config(), "/phases/0/task", {{"kind", "reversed"}, {"phase", 0}}), "phases[0].task.kind",
               {"refers to an earlier phase"});
  expect_error(with(phases_config(), "/phases/1/task/phase", 1), "phases[1].task.phase", {"1 is out of range [0, 0]"});
  expect_error(with(phases_config(), "/phases/2/task/phase", 2), "phases[2].task.phase", {"2 is out of range [0, 1]"});
  expect_error(without(phases_config(), "/phases/1/task/phase"), "phases[1].task.phase", {"is required"});
  expect_error(without(phases_config(), "/phases/2/task/similarity"), "phases[2].task.similarity", {"is required"});
  expect_error(without(phases_config(), "/phases/0/duration"), "phases[0].duration", {"is required"});
  expect_error(without(phases_config(), "/phases/0/task"), "phases[0].task", {"is required"});
  expect_error(with(phases_config(), "/phases", Json::array()), "phases", {"1 to 64 phases"});
  Json many = phases_config();
  many["phases"] = Json::array();
  for (int i = 0; i < 65; ++i) many["phases"].push_back({{"task", {{"kind", "random"}, {"items", 6}}}, {"duration", 1}});
  expect_error(many, "phases", {"1 to 64 phases"});
  // Every phase must fit the same network.
  expect_error(with(phases_config(), "/phases/1/task", {{"kind", "hierarchy"}, {"depth", 1}}), "phases[1].task",
               {"has 2 inputs but dims.input is 3"});
  expect_error(with(custom_config(), "/dims", {{"input", 4}}), "task", {"has 3 inputs but dims.input is 4"});
  expect_error(with(custom_config(), "/dims", {{"output", 3}}), "task", {"has 2 outputs but dims.output is 3"});
}

// Required fields and widths that must be given when the task does not fix them.
TEST_CASE("config rejects missing required fields", "[config][errors]") {
  const std::vector<std::tuple<Json, std::string, std::string>> cases{
      {without(random_config(), "/dims"), "dims.input", "is required by a task of kind \"random\""},
      {without(random_config(), "/dims/output"), "dims.output", "is required by a task of kind \"random\""},
      {without(random_config(), "/dims/hidden"), "dims.hidden", "is required by init kind \"balanced\""},
      {with(without(random_config(), "/dims/hidden"), "/init", {{"kind", "lecun"}}), "dims.hidden", "is required by init kind \"lecun\""},
      {without(random_config(), "/init"), "init", "is required"},
      {without(random_config(), "/init/kind"), "init.kind", "is required"},
      {without(random_config(), "/init/lambda"), "init.lambda", "is required"},
      {without(random_config(), "/init/sigma"), "init.sigma", "is required"},
      {with(random_config(), "/init", {{"kind", "gaussian"}}), "init.sigma", "is required"},
      {without(custom_config(), "/init/W2"), "init.W2", "is required"},
      {without(random_config(), "/task/kind"), "task.kind", "is required"},
      {without(random_config(), "/task/items"), "task.items", "is required"},
      {with(random_config(), "/task", {{"kind", "hierarchy"}}), "task.depth", "is required"},
      {without(custom_config(), "/task/X"), "task.X", "is required"},
      {without(custom_config(), "/task/Y"), "task.Y", "is required"},
      {without(random_config(), "/times"), "times", "is required"},
      {with(random_config(), "/times", {{"count", 3}}), "times.end", "is required"},
      {with(random_config(), "/times", {{"end", 3}}), "times.count", "is required"},
  };
  for (const auto& [config, field, why] : cases) expect_error(config, field, {why});
}

// Times: ascending, non-empty, and not after the end of the last phase.
TEST_CASE("config rejects bad times", "[config][errors]") {
  expect_error(with(random_config(), "/times", {0, 1, 2, 1.5}), "times[3]", {"1.5 comes after 2", "ascending order"});
  expect_error(with(random_config(), "/times", Json::array()), "times", {"must be an array of 1 to 100000 times"});
  expect_error(with(random_config(), "/times", Json(std::vector<double>(100001, 0.0))), "times", {"must be an array of 1 to 100000"});
  Json finite = with(phases_config(), "/phases/2/duration", 1);  // phases end at t = 3
  CHECK_NOTHROW(parse_experiment(with(finite, "/times", {0, 3}).dump()));
  expect_error(with(finite, "/times", {0, 3.5}), "times", {"the last time 3.5 is after the end of the last phase (3)"});
}

// Work and output limits checked before anything runs.
TEST_CASE("config rejects experiments that would cost too much", "[config][errors]") {
  SECTION("too many gradient steps") {
    const Json c = with(with(random_config(), "/times", {0, 1e5}), "/learningRate", 1e-4);
    expect_error(c, "learningRate", {"needs 1e+09 gradient steps", "at most 1e+08", "\"simulate\": false"});
    CHECK_NOTHROW(parse_experiment(with(c, "/simulate", false).dump()));
  }
  SECTION("too large an exact cost") {
    Json c = random_config();
    c["dims"] = {{"input", 3}, {"hidden", 3}, {"output", 3}};
    c["init"]["lambda"] = 1e4;
    c["times"] = {0, 1e6};
    c["simulate"] = false;
    expect_error(c, "times", {"the exact solution up to t = 1e+06", "lambda = 10000", "\"exact\": false"});
    CHECK_NOTHROW(parse_experiment(with(c, "/exact", false).dump()));
  }
  SECTION("too much output") {
    const Json c = {{"dims", {{"hidden", 128}}},
                    {"task", {{"kind", "hierarchy"}, {"depth", 7}}},
                    {"init", {{"kind", "balanced"}, {"lambda", 0.5}, {"sigma", 0.1}}},
                    {"times", {0, 1}},
                    {"metrics", {"ntk"}}};
    expect_error(c, "metrics", {"numbers (at most 5e+07)", "fewer times or fewer metrics"});
    CHECK_NOTHROW(parse_experiment(with(c, "/metrics", {"loss"}).dump()));
  }
  SECTION("too much arithmetic in few steps: gradient descent on a wide network") {
    Json c = random_config();
    c["dims"] = {{"input", 256}, {"hidden", 256}, {"output", 256}};
    c["task"]["items"] = 256;
    c["times"] = {0, 100};
    c["learningRate"] = 0.01;  // 1e4 steps of 3 products of 256 x 256 matrices: 1e12 operations
    c["exact"] = false;
    expect_error(c, "learningRate", {"gradient descent to t = 100", "arithmetic operations", "at most 3e+11", "\"simulate\": false"});
    CHECK_NOTHROW(parse_experiment(with(c, "/times", {0, 1}).dump()));
  }
  SECTION("too many Monte Carlo samples for the network") {
    Json c = random_config();
    c["dims"] = {{"input", 64}, {"hidden", 64}, {"output", 64}};
    c["task"]["items"] = 128;
    c["metrics"] = {"sensitivity"};
    c["noise"] = {{"samples", 10'000'000}};
    expect_error(c, "noise.samples", {"10000000 Monte Carlo samples", "use fewer samples"});
    CHECK_NOTHROW(parse_experiment(with(c, "/noise/samples", 1000).dump()));
  }
}

// Every part of the work counts: metrics per time point, Monte Carlo samples, output.
TEST_CASE("the cost estimate counts every part of the work", "[config][cost]") {
  Json base = random_config();
  base["times"] = {{"end", 10}, {"count", 101}};
  const auto estimate = [](const Json& c) { return estimate_cost(parse_experiment(c.dump())); };
  const CostEstimate loss_only = estimate(with(base, "/metrics", {"loss"}));
  for (const auto& [metric, name] : metric_names()) {
    if (metric == Metric::Loss) continue;
    INFO(name);
    const CostEstimate more = estimate(with(base, "/metrics", {"loss", name}));
    CHECK(more.total() > loss_only.total());
  }
  CHECK(estimate(with(with(base, "/metrics", {"sensitivity"}), "/noise", {{"samples", 1000}})).monte_carlo > 0);
  CHECK(estimate(with(base, "/simulate", false)).simulation == 0);
  CHECK(estimate(with(base, "/exact", false)).exact == 0);
  const CostEstimate c = estimate(base);
  CHECK(c.total() == Approx(c.setup + c.exact + c.simulation + c.metrics + c.monte_carlo + c.output));
  // The kernel distance costs about Ni^3 per point: 512 inputs at 1e5 points is far over the limit.
  const Json issue = Json::parse(
      R"({"dims":{"input":512,"hidden":1,"output":1},"task":{"kind":"random","items":512},"init":{"kind":"balanced","lambda":0,"sigma":1},"times":{"end":1,"count":100000},"simulate":false,"metrics":["kernelDistance"]})");
  expect_error(issue, "metrics", {"would take about", "\"kernelDistance\" costs the most", "at most 3e+11", "natively"});
  CHECK_NOTHROW(parse_experiment(with(issue, "/times", {{"end", 1}, {"count", 100}}).dump()));
}

// Limits print enough digits to show that the value is over the limit.
TEST_CASE("limit messages show the difference from the limit", "[config][errors]") {
  Json c = random_config();
  c["times"] = {0, 1.00000001};
  c["learningRate"] = 1e-8;
  expect_error(c, "learningRate", {"needs 100000001 gradient steps", "(at most 100000000)"});
}

// No successful result may hold a number that is not finite: what cannot be represented is refused.
TEST_CASE("configurations whose numbers overflow are refused, naming the field", "[config][errors][finite]") {
  const Json explicit_large = Json::parse(R"({"task":{"kind":"custom","X":[[1,-1]],"Y":[[1,2]]},"init":{"kind":"explicit","W1":[[1e300]],"W2":[[1]]},"times":[0]})");
  expect_error(explicit_large, "init.W1", {"too large for double precision"});
  const Json explicit_lambda = with(with(explicit_large, "/init/W1", {{1e-3}}), "/init/W2", {{1e3}});
  expect_error(explicit_lambda, "init.W1", {"lambda = tr(W2^T W2 - W1 W1^T) / Nh = 1e+06 is outside [-10000, 10000]"});
  const Json large_targets = Json::parse(
      R"({"task":{"kind":"custom","X":[[1,-1,0],[1,1,-2]],"Y":[[1e160,2e160,0]]},"dims":{"hidden":2},"init":{"kind":"lecun","seed":1},"times":[0,1]})");
  expect_error(large_targets, "task", {"too large for double precision", "scale X and Y down"});
  // Whitening is independent of X's units (1e200 is whitened like 1), but inputs 1e200 apart are beyond it.
  expect_error(with(large_targets, "/task/X", {{1e200, -1e200, 0}, {1, 1, -2}}), "task.X", {"cannot be whitened in double precision", "rescale the inputs"});
}

namespace {

// Whether `text` is valid UTF-8 (no character cut in half, no encoded surrogate).
bool is_valid_utf8(const std::string& text) {
  for (std::size_t i = 0; i < text.size();) {
    const unsigned char lead = static_cast<unsigned char>(text[i]);
    const std::size_t n = lead < 0x80 ? 1 : lead >= 0xC2 && lead <= 0xDF ? 2 : lead >= 0xE0 && lead <= 0xEF ? 3 : lead >= 0xF0 && lead <= 0xF4 ? 4 : 0;
    if (n == 0 || i + n > text.size()) return false;
    for (std::size_t k = 1; k < n; ++k)
      if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return false;
    if (lead == 0xED && static_cast<unsigned char>(text[i + 1]) >= 0xA0) return false;  // U+D800..U+DFFF
    i += n;
  }
  return true;
}

std::string message_of(const std::string& text) {
  const std::optional<ConfigError> e = error_of(text);
  REQUIRE(e.has_value());
  return e->what();
}

}  // namespace

// Issue 15, item 1: 40,000 nested arrays took 780 MB before being refused (the path of every open
// array was kept); they are refused while parsing, at the 65th level, naming the limit.
TEST_CASE("config refuses JSON nested more than 64 levels while parsing", "[config][errors][input]") {
  const std::size_t levels = 40'000;
  const std::string deep = "{\"task\":" + std::string(levels, '[') + std::string(levels, ']') + "}";
  const std::optional<ConfigError> e = error_of(deep);
  REQUIRE(e.has_value());
  CHECK_THAT(std::string(e->what()), Catch::Matchers::Contains("is nested more than 64 levels deep"));
  // Named at the array that opens the 65th level: the root object and 63 arrays are within the limit.
  std::string field = "task";
  for (int i = 0; i < 63; ++i) field += "[0]";
  CHECK(e->field() == field);
  const std::string at_limit = "{\"task\":" + std::string(63, '[') + std::string(63, ']') + "}";
  CHECK_THAT(message_of(at_limit), !Catch::Matchers::Contains("nested"));  // refused for its contents, not its depth
  expect_error("{\"task\":" + std::string(64, '[') + std::string(64, ']') + "}", field, {"nested more than 64 levels"});
  // Unclosed nesting is refused the same way, before the syntax error at its end.
  expect_error("{\"task\":" + std::string(levels, '['), field, {"nested more than 64 levels"});
}

// Issue 15, item 10: messages quote tokens cut between characters, and say what a lone surrogate is.
TEST_CASE("config messages never cut a character in half and name lone surrogates", "[config][errors][input]") {
  std::string e_acute_100;
  for (int i = 0; i < 100; ++i) e_acute_100 += "\xc3\xa9";  // é
  SECTION("a long key is cut between characters, its length counted in characters") {
    const std::string what = message_of("{\"a" + e_acute_100 + "\": 1}");  // 'a' puts the 60-byte cut inside an é
    CHECK(is_valid_utf8(what));
    CHECK_THAT(what, Catch::Matchers::Contains("(101 characters)"));
  }
  SECTION("a long token in a syntax error is cut between characters") {
    std::string token = "a";
    for (int i = 0; i < 20; ++i) token += e_acute_100;
    const std::string what = message_of("{\"task\": \"" + token + "\n\"}");  // a raw newline ends the string: a syntax error
    CHECK(is_valid_utf8(what));
    CHECK_THAT(what, Catch::Matchers::Contains("characters cut"));
  }
  SECTION("a token cut by the parser mid-character is shown as escaped bytes") {
    const std::string what = message_of("{\"task\": " + e_acute_100 + "}");
    CHECK(is_valid_utf8(what));
    CHECK_THAT(what, Catch::Matchers::Contains("\\xc3"));
  }
  SECTION("a lone surrogate, escaped or as bytes") {
    for (const std::string text : {R"({"task": {"kind": "\ud800"}})", R"({"\ud800x": 1})", R"({"task": "\udc00"})"}) {
      INFO(text);
      const std::string what = message_of(text);
      CHECK(is_valid_utf8(what));
      CHECK_THAT(what, Catch::Matchers::Contains("a lone surrogate") && Catch::Matchers::Contains("must be valid Unicode"));
      CHECK_THAT(what, !Catch::Matchers::Contains("U+D800..U+DBFF"));
    }
    const std::string raw = message_of("{\"task\": {\"kind\": \"\xed\xa0\x80\"}}");  // U+D800 encoded as if it were a character
    CHECK(is_valid_utf8(raw));
    CHECK_THAT(raw, Catch::Matchers::Contains("not UTF-8") && Catch::Matchers::Contains("\\xed"));
  }
}

// Issue 15, item 10: lambda = 10000.02 read off explicit weights was shown as "10000 is outside [-10000, 10000]".
TEST_CASE("a lambda read off explicit weights just over the limit is shown with the digits that put it over", "[config][errors]") {
  Json c = {{"task", {{"kind", "custom"}, {"X", {{1, -1}}}, {"Y", {{1, -1}}}, {"whiten", false}}},
            {"init", {{"kind", "explicit"}, {"W1", {{0.0}}}, {"W2", {{std::sqrt(10000.02)}}}}},
            {"times", {0, 1}}};
  expect_error(c, "init.W1", {"lambda = tr(W2^T W2 - W1 W1^T) / Nh = 10000.02 is outside [-10000, 10000]"});
  c["init"]["W1"] = {{std::sqrt(10000.02)}};
  c["init"]["W2"] = {{0.0}};
  expect_error(c, "init.W1", {"= -10000.02 is outside [-10000, 10000]"});
}

// Issue 15, item 9: {end: 0.1, count: 4} put the last point at 0.1 * 3 / 3 = 0.10000000000000002,
// after the end of a last phase of duration 0.1, and the configuration was refused.
TEST_CASE("times as {end, count} end exactly at end", "[config]") {
  Json c = phases_config();
  c["phases"] = {{{"task", {{"kind", "random"}, {"items", 6}, {"seed", 1}}}, {"duration", 0.1}}};
  for (const auto& [end, count] : std::vector<std::pair<double, int>>{{0.1, 4}, {0.7, 4}, {7.7, 10}, {49.9, 14}, {0.3, 110}}) {
    INFO("end " << end << ", count " << count);
    REQUIRE(end * (count - 1) / (count - 1) != end);  // the cases where the formula alone misses end
    c["phases"][0]["duration"] = end;
    c["times"] = {{"end", end}, {"count", count}};
    const Experiment e = parse_experiment(c.dump());
    CHECK(e.times.size() == static_cast<std::size_t>(count));
    CHECK(e.times.back() == end);
    CHECK(std::is_sorted(e.times.begin(), e.times.end()));
  }
}
