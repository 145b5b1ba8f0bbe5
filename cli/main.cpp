// ldyn: runs one experiment described by a JSON configuration and prints the result as JSON.
//   ldyn --config FILE [--estimate]     (FILE may be - for standard input)
// Exit status: 0 on success, 2 for a bad command line or configuration (one line on stderr naming
// the field and why), 1 for anything else (one line on stderr).
#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <string>

#include "json_writer.hpp"
#include "ldyn/config.hpp"
#include "ldyn/cost.hpp"
#include "ldyn/experiment.hpp"

namespace {

constexpr const char* kUsage =
    "usage: ldyn --config FILE [--estimate]   (FILE may be - to read standard input)\n"
    "Runs the experiment described by the JSON configuration in FILE and writes the result as JSON\n"
    "on standard output. With --estimate, checks the configuration and writes only what it would cost\n"
    "(arithmetic operations, seconds, numbers in the result). The schema is documented in docs/cli.md.\n";

int usage_error(const std::string& why) {
  std::cerr << "ldyn: " << why << " (see ldyn --help)\n";
  return 2;
}

// Reads at most kMaxConfigBytes (and one more, to tell that it was too long).
bool read_all(std::istream& in, std::string& text) {
  text.clear();
  char buffer[1 << 16];
  while (text.size() <= ldyn::kMaxConfigBytes && in.read(buffer, sizeof buffer)) text.append(buffer, sizeof buffer);
  if (text.size() <= ldyn::kMaxConfigBytes) text.append(buffer, static_cast<std::size_t>(in.gcount()));
  return !in.bad();
}

// The configuration's text, or an error message.
bool read_config(const std::string& path, std::string& text, std::string& error) {
  if (path == "-") {
    if (read_all(std::cin, text)) return true;
    error = "cannot read the configuration from standard input";
    return false;
  }
  struct stat info {};
  if (stat(path.c_str(), &info) != 0) {
    error = "cannot read config file '" + path + "': " + std::strerror(errno);
    return false;
  }
  if (S_ISDIR(info.st_mode)) {
    error = "cannot read config file '" + path + "': it is a directory";
    return false;
  }
  std::ifstream file(path, std::ios::binary);
  if (!file || !read_all(file, text)) {
    error = "cannot read config file '" + path + "': " + std::strerror(errno ? errno : EIO);
    return false;
  }
  return true;
}

// Writes the result and reports a failed write (a full disk, a closed standard output).
int write_result(const ldyn::Node& result) {
  errno = 0;
  ldyn::write_json(std::cout, result);
  std::cout << '\n';
  std::cout.flush();
  if (std::cout) return 0;
  const int code = errno;
  std::cerr << "ldyn: error: cannot write the result to standard output" << (code ? std::string(": ") + std::strerror(code) : "") << '\n';
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  std::string config_path;
  bool estimate = false;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      std::cout << kUsage;
      return 0;
    }
    if (arg == "--estimate") {
      estimate = true;
    } else if (arg == "--config" && i + 1 < argc && config_path.empty()) {
      config_path = argv[++i];
    } else if (arg == "--config") {
      return usage_error(config_path.empty() ? "--config needs a file name" : "--config given twice");
    } else {
      return usage_error("unknown argument '" + arg + "'");
    }
  }
  if (config_path.empty()) return usage_error("missing --config FILE");

  std::string text, error;
  if (!read_config(config_path, text, error)) {
    std::cerr << "ldyn: " << error << '\n';
    return 2;
  }

  try {
    const ldyn::Experiment experiment = ldyn::parse_experiment(text);
    text = std::string();  // a large configuration's text is not needed any more
    return write_result(estimate ? ldyn::cost_node(ldyn::estimate_cost(experiment)) : ldyn::run_experiment(experiment));
  } catch (const ldyn::ConfigError& e) {
    std::cerr << "ldyn: config error: " << e.what() << '\n';
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "ldyn: error: " << e.what() << '\n';
    return 1;
  }
}
