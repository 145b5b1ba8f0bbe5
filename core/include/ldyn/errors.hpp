// The errors the engine reports. A ConfigError is a configuration that cannot be run (the CLI's
// exit status 2, the JS API's ConfigError); anything else is an engine error (exit status 1).
#pragma once

#include <stdexcept>
#include <string>

namespace ldyn {

// The longest configuration text accepted (the largest custom task and weights take about 120 MB).
constexpr std::size_t kMaxConfigBytes = 256u << 20;
// The deepest nesting of arrays and objects accepted (a configuration needs 4: {"task": {"X": [[...]]}}),
// refused while parsing so that deeply nested text cannot exhaust memory.
constexpr std::size_t kMaxJsonDepth = 64;

// `field` is the offending value's JSON path ("init.lambda", "times[3]"; "" for the whole text).
class ConfigError : public std::invalid_argument {
 public:
  ConfigError(const std::string& field, const std::string& why)
      : std::invalid_argument((field.empty() ? "config" : field) + ": " + why), field_(field) {}
  const std::string& field() const { return field_; }

 private:
  std::string field_;
};

}  // namespace ldyn
