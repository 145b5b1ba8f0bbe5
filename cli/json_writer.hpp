// Writes a result tree as JSON (numbers in the shortest form that reads back exactly).
#pragma once

#include <ostream>

#include "ldyn/result.hpp"

namespace ldyn {

void write_json(std::ostream& out, const Node& node);

}  // namespace ldyn
