// ldyn: runs one experiment described by a JSON configuration and prints the result as JSON.
//   ldyn --config FILE     (FILE may be - for standard input)
// Exit status: 0 on success, 2 for a bad command line or configuration (one line on stderr naming
// the field and why), 1 for anything else.
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "json_writer.hpp"
#include "ldyn/config.hpp"
#include "ldyn/experiment.hpp"

namespace {

constexpr const char* kUsage =
    "usage: ldyn --config FILE   (FILE may be - to read standard input)\n"
    "Runs the experiment described by the JSON configuration in FILE and writes the result as JSON\n"
    "on standard output. The configuration schema is documented in README.md.\n";

int usage_error(const std::string& why) {
  std::cerr << "ldyn: " << why << " (see ldyn --help)\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  std::string config_path;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      std::cout << kUsage;
      return 0;
    }
    if (arg == "--config" && i + 1 < argc && config_path.empty()) {
      config_path = argv[++i];
    } else if (arg == "--config") {
      return usage_error(config_path.empty() ? "--config needs a file name" : "--config given twice");
    } else {
      return usage_error("unknown argument '" + arg + "'");
    }
  }
  if (config_path.empty()) return usage_error("missing --config FILE");

  std::stringstream text;
  if (config_path == "-") {
    text << std::cin.rdbuf();
  } else {
    std::ifstream file(config_path, std::ios::binary);
    if (!file) return usage_error("cannot read config file '" + config_path + "'");
    text << file.rdbuf();
  }

  try {
    const ldyn::Experiment experiment = ldyn::parse_experiment(text.str());
    const ldyn::Node result = ldyn::run_experiment(experiment);
    ldyn::write_json(std::cout, result);
    std::cout << '\n';
    return std::cout.flush() ? 0 : 1;
  } catch (const ldyn::ConfigError& e) {
    std::cerr << "ldyn: config error: " << e.what() << '\n';
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "ldyn: error: " << e.what() << '\n';
    return 1;
  }
}
