// The experiment configuration: JSON text in, a validated Experiment out. The CLI (`ldyn`) and the
// wasm API share this one schema and its error messages; docs/cli.md documents it.
#pragma once

#include <string>

#include "ldyn/errors.hpp"
#include "ldyn/experiment.hpp"
#include "ldyn/version.hpp"

namespace ldyn {

// Parses and validates a configuration; throws ConfigError naming the first offending field.
Experiment parse_experiment(const std::string& json_text);

}  // namespace ldyn
