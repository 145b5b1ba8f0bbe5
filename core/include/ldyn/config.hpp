// The experiment configuration: JSON text in, a validated Experiment out. The CLI (`ldyn`) and the
// wasm API share this one schema and its error messages; README.md documents it.
#pragma once

#include <stdexcept>
#include <string>

#include "ldyn/experiment.hpp"

namespace ldyn {

// A configuration that cannot be run: `field` is its JSON path ("init.lambda", "times[3]").
class ConfigError : public std::invalid_argument {
 public:
  ConfigError(const std::string& field, const std::string& why)
      : std::invalid_argument((field.empty() ? "config" : field) + ": " + why), field_(field) {}
  const std::string& field() const { return field_; }

 private:
  std::string field_;
};

constexpr int kSchemaVersion = 1;

// Parses and validates a configuration; throws ConfigError naming the first offending field.
Experiment parse_experiment(const std::string& json_text);

}  // namespace ldyn
