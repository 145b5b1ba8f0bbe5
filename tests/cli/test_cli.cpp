// The `ldyn` command line: runs the built binary on the shared fixtures (through a file and through
// standard input), on the bundled examples and on bad configurations and command lines, and checks
// the output schema, the numbers, the exit status and the one-line error messages.
#include <catch2/catch.hpp>

#include <sys/wait.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using Json = nlohmann::json;

namespace {

// A temporary directory, removed with everything in it at the end of the test.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "ldyn-cli-XXXXXX").string();
    REQUIRE(mkdtemp(pattern.data()) != nullptr);
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  fs::path operator/(const std::string& name) const { return path_ / name; }

 private:
  fs::path path_;
};

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void write_file(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  REQUIRE(out.good());
}

std::string quoted(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

struct Run {
  int status = -1;
  std::string out, err;
};

// Runs `ldyn ARGS` with standard input from `input` (or /dev/null), capturing stdout and stderr.
Run run_ldyn(const std::vector<std::string>& args, const std::string& input = "/dev/null") {
  TempDir dir;
  std::string command = quoted(LDYN_BINARY);
  for (const std::string& a : args) command += " " + quoted(a);
  command += " < " + quoted(input) + " > " + quoted((dir / "out").string()) + " 2> " + quoted((dir / "err").string());
  const int rc = std::system(command.c_str());
  Run r;
  r.status = rc != -1 && WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
  r.out = read_file(dir / "out");
  r.err = read_file(dir / "err");
  return r;
}

int count_lines(const std::string& s) { return static_cast<int>(std::count(s.begin(), s.end(), '\n')); }

// The shape of a nested JSON array: [T, n, n] etc.
std::vector<std::size_t> shape_of(const Json& j) {
  std::vector<std::size_t> shape;
  const Json* node = &j;
  while (node->is_array()) {
    shape.push_back(node->size());
    if (node->empty()) break;
    node = &(*node)[0];
  }
  return shape;
}

double frobenius(const Json& m) {
  double sum = 0;
  for (const Json& row : m)
    for (const Json& v : row) sum += v.get<double>() * v.get<double>();
  return std::sqrt(sum);
}

double frobenius_difference(const Json& a, const Json& b) {
  double sum = 0;
  for (std::size_t i = 0; i < a.size(); ++i)
    for (std::size_t j = 0; j < a[i].size(); ++j) {
      const double d = a[i][j].get<double>() - b.at(i).at(j).get<double>();
      sum += d * d;
    }
  return std::sqrt(sum);
}

const Json& fixture_cases() {
  static const Json cases = Json::parse(read_file(LDYN_FIXTURES)).at("cases");
  return cases;
}

// The configuration of a fixture case: custom whitened X/Y and explicit W1/W2 at the fixture times.
Json fixture_config(const Json& c) {
  return {{"task", {{"kind", "custom"}, {"X", c.at("X")}, {"Y", c.at("Y")}, {"whiten", false}}},
          {"init", {{"kind", "explicit"}, {"W1", c.at("W1")}, {"W2", c.at("W2")}}},
          {"times", c.at("times")},
          {"learningRate", 0.01}};
}

// The documented output schema for the default metrics, and the fixture's numbers.
void check_fixture_output(const Json& result, const Json& c) {
  const Json& dims = c.at("dims");
  const std::size_t t = c.at("times").size();
  const std::size_t n = dims.at("input").get<std::size_t>() + dims.at("output").get<std::size_t>();
  CHECK(result.at("schemaVersion") == 1);
  CHECK(result.at("dims") == dims);
  CHECK(result.at("times") == c.at("times"));
  CHECK(result.at("lambda").get<double>() == Approx(c.at("lambda").get<double>()).margin(1e-12));
  for (const char* trajectory : {"exact", "simulation"}) {
    INFO(trajectory);
    REQUIRE(result.at(trajectory).is_object());
    CHECK(shape_of(result.at(trajectory).at("loss")) == std::vector<std::size_t>{t});
    CHECK(shape_of(result.at(trajectory).at("qqt")) == std::vector<std::size_t>{t, n, n});
  }
  CHECK_FALSE(result.at("simulation").contains("diverged"));
  const Json& qqt = result.at("exact").at("qqt");
  const Json& loss = result.at("exact").at("loss");
  for (std::size_t i = 0; i < t; ++i) {
    INFO("time " << c.at("times")[i]);
    const Json& expected = c.at("QQt").at(i);
    CHECK(frobenius_difference(qqt[i], expected) < 1e-9 * frobenius(expected));
    CHECK(loss[i].get<double>() == Approx(c.at("loss").at(i).get<double>()).epsilon(1e-9));
  }
}

}  // namespace

// Every shared fixture through `ldyn --config FILE`: exact QQ^T and loss to 1e-9, lambda, output schema.
TEST_CASE("ldyn --config FILE reproduces every fixture", "[cli][fixtures]") {
  REQUIRE(fixture_cases().size() >= 7);
  TempDir dir;
  int k = 0;
  for (const Json& c : fixture_cases()) {
    INFO("case " << k << " " << c.at("dims").dump() << " lambda " << c.at("lambda"));
    const fs::path config = dir / ("case" + std::to_string(k++) + ".json");
    write_file(config, fixture_config(c).dump(1));
    const Run r = run_ldyn({"--config", config.string()});
    INFO("stderr: " << r.err);
    REQUIRE(r.status == 0);
    CHECK(r.err.empty());
    CHECK(count_lines(r.out) == 1);
    check_fixture_output(Json::parse(r.out), c);
  }
}

// The same configurations through standard input (`--config -`) give byte-identical output.
TEST_CASE("ldyn --config - reads standard input", "[cli][fixtures]") {
  TempDir dir;
  int k = 0;
  for (const Json& c : fixture_cases()) {
    INFO("case " << k);
    const fs::path config = dir / ("case" + std::to_string(k++) + ".json");
    write_file(config, fixture_config(c).dump());
    const Run from_stdin = run_ldyn({"--config", "-"}, config.string());
    REQUIRE(from_stdin.status == 0);
    CHECK(from_stdin.err.empty());
    check_fixture_output(Json::parse(from_stdin.out), c);
    CHECK(from_stdin.out == run_ldyn({"--config", config.string()}).out);
  }
}

// The bundled examples run cleanly and print the requested series.
TEST_CASE("the bundled examples run with exit status 0", "[cli][examples]") {
  int found = 0;
  for (const auto& entry : fs::directory_iterator(LDYN_EXAMPLES)) {
    if (entry.path().extension() != ".json") continue;
    ++found;
    INFO(entry.path().filename().string());
    const Run r = run_ldyn({"--config", entry.path().string()});
    INFO("stderr: " << r.err);
    REQUIRE(r.status == 0);
    CHECK(r.err.empty());
    const Json result = Json::parse(r.out);
    const Json config = Json::parse(read_file(entry.path()));
    CHECK(result.at("schemaVersion") == 1);
    const std::size_t t = result.at("times").size();
    CHECK(t >= 2);
    std::vector<std::string> metrics{"loss"};
    if (config.contains("metrics"))
      for (const Json& m : config.at("metrics")) metrics.push_back(m.get<std::string>());
    else
      metrics.push_back("qqt");
    for (const char* trajectory : {"exact", "simulation"}) {
      INFO(trajectory);
      REQUIRE(result.at(trajectory).is_object());
      for (const std::string& m : metrics) {
        INFO("metric " << m);
        REQUIRE(result.at(trajectory).contains(m));
        CHECK(shape_of(result.at(trajectory).at(m)).at(0) == t);
      }
      // Gradient descent with these rates follows the exact loss closely.
      for (std::size_t i = 0; i < t; ++i)
        CHECK(result.at(trajectory).at("loss")[i].get<double>() ==
              Approx(result.at("exact").at("loss")[i].get<double>()).epsilon(0.05).margin(1e-6));
    }
  }
  CHECK(found >= 2);
}

namespace {

// Bad configurations in tests/cli/data and the message each must produce on stderr.
const std::map<std::string, std::string>& ordinary_bad_configs() {
  static const std::map<std::string, std::string> expected{
      {"unknown-key.json", "init.colour: unknown key"},
      {"wrong-type.json", "learningRate: must be a number, got a string"},
      {"inadmissible-lambda.json", "init.lambda: lambda = 1 is not admissible"},
      {"invalid-json.json", "config: invalid JSON"},
      {"ragged-matrix.json", "task.X[1]: has 3 values but row 0 has 4"},
      {"times-not-ascending.json", "times[2]: 1 comes after 2"},
      {"reversed-without-phases.json", "task.kind: \"reversed\" refers to an earlier phase"},
  };
  return expected;
}
// Unusual input: a number beyond the range of a double (no key to name: the message must show the
// number) and a key containing a newline (which must not split the message over two lines).
const std::map<std::string, std::string>& unusual_bad_configs() {
  static const std::map<std::string, std::string> expected{
      {"number-overflow.json", "1e400"},
      {"unknown-key-with-newline.json", "unknown key"},
  };
  return expected;
}

void check_bad_config(const std::string& name, const std::string& message) {
  const fs::path path = fs::path(LDYN_CLI_DATA) / name;
  INFO(name);
  REQUIRE(fs::exists(path));
  for (const bool through_stdin : {false, true}) {
    INFO((through_stdin ? "through stdin" : "as a file"));
    const Run r = through_stdin ? run_ldyn({"--config", "-"}, path.string()) : run_ldyn({"--config", path.string()});
    INFO("stderr: " << r.err);
    CHECK(r.status == 2);
    CHECK(r.out.empty());
    CHECK(count_lines(r.err) == 1);
    CHECK((!r.err.empty() && r.err.back() == '\n'));
    CHECK(r.err.rfind("ldyn: config error: ", 0) == 0);
    CHECK_THAT(r.err, Catch::Matchers::Contains(message));
  }
}

}  // namespace

// Bad configurations: exit status 2 and exactly one line on stderr that names the field.
TEST_CASE("bad configurations exit with 2 and one line naming the field", "[cli][errors]") {
  for (const auto& [name, message] : ordinary_bad_configs()) check_bad_config(name, message);
}

// The same contract for unusual input: an overflowing number, a newline inside a key.
TEST_CASE("bad configurations with unusual tokens also exit with 2 and one line", "[cli][errors]") {
  for (const auto& [name, message] : unusual_bad_configs()) check_bad_config(name, message);
}

// Every file in tests/cli/data has an expected message above.
TEST_CASE("every bad configuration in tests/cli/data is checked", "[cli][errors]") {
  int found = 0;
  for (const auto& entry : fs::directory_iterator(LDYN_CLI_DATA)) {
    const std::string name = entry.path().filename().string();
    INFO(name);
    CHECK(ordinary_bad_configs().count(name) + unusual_bad_configs().count(name) == 1);
    ++found;
  }
  CHECK(found == static_cast<int>(ordinary_bad_configs().size() + unusual_bad_configs().size()));
}

// Command-line mistakes: exit status 2 with one line on stderr; --help prints the usage and exits 0.
TEST_CASE("usage errors exit with 2, --help with 0", "[cli][usage]") {
  const std::vector<std::pair<std::vector<std::string>, std::string>> mistakes{
      {{}, "missing --config FILE"},
      {{"--frobnicate"}, "unknown argument '--frobnicate'"},
      {{"config.json"}, "unknown argument 'config.json'"},
      {{"--config"}, "--config needs a file name"},
      {{"--config", "a.json", "--config", "b.json"}, "--config given twice"},
      {{"--config", "/nonexistent/ldyn/config.json"}, "cannot read config file '/nonexistent/ldyn/config.json'"},
  };
  for (const auto& [args, why] : mistakes) {
    INFO("args: " << args.size() << " " << (args.empty() ? "" : args[0]));
    const Run r = run_ldyn(args);
    CHECK(r.status == 2);
    CHECK(r.out.empty());
    CHECK(count_lines(r.err) == 1);
    CHECK_THAT(r.err, Catch::Matchers::StartsWith("ldyn: ") && Catch::Matchers::Contains(why));
  }
  for (const char* flag : {"--help", "-h"}) {
    const Run r = run_ldyn({flag});
    CHECK(r.status == 0);
    CHECK(r.err.empty());
    CHECK_THAT(r.out, Catch::Matchers::StartsWith("usage: ldyn --config FILE"));
  }
}

// A learning rate far too large: the run still succeeds, the exact curve is complete and the
// simulation reports where it diverged, with only finite numbers in the output.
TEST_CASE("a diverging simulation is reported in the output, not as an error", "[cli]") {
  TempDir dir;
  const Json config = {{"dims", {{"input", 3}, {"hidden", 3}, {"output", 3}}},
                       {"task", {{"kind", "random"}, {"items", 6}, {"seed", 1}}},
                       {"init", {{"kind", "balanced"}, {"lambda", 0}, {"sigma", 3}, {"seed", 2}}},
                       {"times", {{"end", 10}, {"count", 11}}},
                       {"learningRate", 2}};
  write_file(dir / "diverge.json", config.dump());
  const Run r = run_ldyn({"--config", (dir / "diverge.json").string()});
  REQUIRE(r.status == 0);
  const Json result = Json::parse(r.out);
  CHECK(result.at("exact").at("loss").size() == 11);
  const Json& sim = result.at("simulation");
  REQUIRE(sim.contains("diverged"));
  CHECK(sim.at("diverged").at("time").get<double>() > 0);
  CHECK_THAT(sim.at("diverged").at("message").get<std::string>(), Catch::Matchers::Contains("diverged"));
  CHECK(sim.at("loss").size() < 11);
  for (const Json& v : sim.at("loss")) CHECK(v.is_number());  // never null (non-finite)
}

// Inputs used as they are ("whiten": false, X X^T / P = diag(4, 1), docs/theory.md section 12): the
// exact curve from aligned weights ends at the least-squares Syx Sxx^-1 = diag(1.5, 0.5); from
// random balanced weights there is none, and the output says why.
TEST_CASE("ldyn on inputs that are not white: exact from aligned weights, else the reason", "[cli][unwhitened]") {
  TempDir dir;
  const Json x = {{2, 2, -2, -2, 2, 2, -2, -2}, {1, -1, 1, -1, 1, -1, 1, -1}};
  const Json y = {{3, 3, -3, -3, 3, 3, -3, -3}, {0.5, -0.5, 0.5, -0.5, 0.5, -0.5, 0.5, -0.5}};
  Json config = {{"task", {{"kind", "custom"}, {"X", x}, {"Y", y}, {"whiten", false}}},
                 {"dims", {{"hidden", 2}}},
                 {"init", {{"kind", "aligned"}, {"lambda", 0.5}, {"sigma", 0.1}, {"seed", 1}}},
                 {"times", {0, 40}},
                 {"metrics", {"loss", "networkFunction"}}};
  write_file(dir / "aligned.json", config.dump());
  const Run aligned = run_ldyn({"--config", (dir / "aligned.json").string()});
  REQUIRE(aligned.status == 0);
  const Json w = Json::parse(aligned.out).at("exact").at("networkFunction").at(1);
  CHECK(std::abs(w.at(0).at(0).get<double>() - 1.5) < 1e-9);
  CHECK(std::abs(w.at(1).at(1).get<double>() - 0.5) < 1e-9);
  config["init"]["kind"] = "balanced";
  write_file(dir / "balanced.json", config.dump());
  const Run balanced = run_ldyn({"--config", (dir / "balanced.json").string()});
  REQUIRE(balanced.status == 0);
  const Json result = Json::parse(balanced.out);
  CHECK(result.at("exact").is_null());
  CHECK_THAT(result.at("exactUnavailable").get<std::string>(), Catch::Matchers::Contains("the inputs are not white"));
}

namespace {

// Runs `ldyn --config -` on the bytes of `text` (which may hold a NUL).
Run run_on_text(const std::string& text, const std::vector<std::string>& extra = {}) {
  TempDir dir;
  write_file(dir / "config.json", text);
  std::vector<std::string> args{"--config", "-"};
  args.insert(args.end(), extra.begin(), extra.end());
  return run_ldyn(args, (dir / "config.json").string());
}

void check_one_line_error(const Run& r, int status, const std::string& message) {
  CHECK(r.status == status);
  CHECK(r.out.empty());
  CHECK(count_lines(r.err) == 1);
  CHECK_THAT(r.err, Catch::Matchers::StartsWith("ldyn: ") && Catch::Matchers::Contains(message));
}

const std::string kSmall =
    R"({"dims":{"hidden":4},"task":{"kind":"hierarchy","depth":2},"init":{"kind":"balanced","lambda":0,"sigma":0.1},"times":[0,1]})";

}  // namespace

// Input that is not a plain JSON text: every case ends with one line naming what is wrong.
TEST_CASE("input handling: NUL bytes, duplicate keys, long tokens, huge input", "[cli][errors][input]") {
  SECTION("a NUL byte does not end the configuration silently") {
    check_one_line_error(run_on_text(kSmall + std::string(1, '\0') + "garbage"), 2, "a NUL byte at offset " + std::to_string(kSmall.size()));
  }
  SECTION("a key given twice, at any depth, is rejected with its path") {
    check_one_line_error(run_on_text(R"({"task":{"kind":"nonsense","kind":"hierarchy","depth":2},"dims":{"hidden":4},"init":{"kind":"balanced","lambda":0,"sigma":0.1},"times":[0]})"),
                         2, "config error: task.kind: is given twice");
    check_one_line_error(run_on_text(R"({"phases":[{"task":{"kind":"hierarchy","depth":2}},{"task":{"kind":"reversed","phase":0,"phase":0}}],"dims":{"hidden":4},"init":{"kind":"balanced","lambda":0,"sigma":0.1},"times":[0]})"),
                         2, "phases[1].task.phase: is given twice");
  }
  SECTION("an error message quotes at most a short piece of a long token") {
    const Run string_token = run_on_text("{\"a\": \"" + std::string(5'000'000, 'x') + "\n\"}");
    check_one_line_error(string_token, 2, "characters cut");
    CHECK(string_token.err.size() < 500);
    const Run number_token = run_on_text("{\"a\": 1" + std::string(5000, '9') + "}");
    check_one_line_error(number_token, 2, "characters cut");
    CHECK(number_token.err.size() < 500);
    const Run key = run_on_text("{\"" + std::string(5000, 'k') + "\": 1}");
    check_one_line_error(key, 2, "(5000 characters)");
    CHECK(key.err.size() < 500);
  }
  SECTION("deeply nested JSON is refused while parsing, with exit status 2") {
    // Issue 15, item 1: 40,000 levels took 780 MB and 80,000 ended in std::bad_alloc (exit status 1).
    for (const std::size_t levels : {40'000u, 80'000u}) {
      INFO(levels << " levels");
      const Run nested = run_on_text("{\"task\":" + std::string(levels, '[') + std::string(levels, ']') + "}");
      check_one_line_error(nested, 2, "config error: task[0][0]");
      CHECK_THAT(nested.err, Catch::Matchers::Contains("is nested more than 64 levels deep"));
    }
  }
  SECTION("input without end is cut off at the documented size") {
    check_one_line_error(run_ldyn({"--config", "/dev/zero"}), 2, "longer than 268435456 bytes");
  }
  SECTION("a directory cannot be read") { check_one_line_error(run_ldyn({"--config", "/tmp"}), 2, "cannot read config file '/tmp': it is a directory"); }
}

TEST_CASE("a result that cannot be written is an error with a message", "[cli][errors][output]") {
  TempDir dir;
  write_file(dir / "small.json", kSmall);
  const std::string binary = quoted(LDYN_BINARY), config = quoted((dir / "small.json").string());
  for (const auto& [redirect, why] : {std::pair<std::string, std::string>{"> /dev/full", "No space left on device"}, {">&-", "Bad file descriptor"}}) {
    INFO(redirect);
    const std::string command = binary + " --config " + config + " " + redirect + " 2> " + quoted((dir / "err").string());
    const int rc = std::system(command.c_str());
    CHECK(WIFEXITED(rc));
    CHECK(WEXITSTATUS(rc) == 1);
    const std::string err = read_file(dir / "err");
    CHECK(count_lines(err) == 1);
    CHECK_THAT(err, Catch::Matchers::Contains("cannot write the result to standard output") && Catch::Matchers::Contains(why));
  }
}

// --estimate: the configuration is checked and its cost printed, nothing is run.
TEST_CASE("ldyn --estimate prints the cost of a configuration", "[cli][cost]") {
  const Run r = run_on_text(kSmall, {"--estimate"});
  REQUIRE(r.status == 0);
  const Json estimate = Json::parse(r.out);
  CHECK(estimate.at("operations").get<double>() > 0);
  CHECK(estimate.at("limit").get<double>() == 3e11);
  double parts = 0;
  for (const auto& [name, value] : estimate.at("parts").items()) parts += value.get<double>();
  CHECK(parts == Approx(estimate.at("operations").get<double>()));
  // The issue's two-hour configuration: refused, with the estimate and the costliest metric.
  const Run refused = run_on_text(
      R"({"dims":{"input":512,"hidden":1,"output":1},"task":{"kind":"random","items":512},"init":{"kind":"balanced","lambda":0,"sigma":1},"times":{"end":1,"count":100000},"simulate":false,"metrics":["kernelDistance"]})",
      {"--estimate"});
  check_one_line_error(refused, 2, "config error: metrics: this experiment would take about");
  CHECK_THAT(refused.err, Catch::Matchers::Contains("\"kernelDistance\" costs the most") && Catch::Matchers::Contains("at most 3e+11"));
}
