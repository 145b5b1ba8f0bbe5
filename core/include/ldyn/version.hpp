// The version of the configuration and result schema (docs/cli.md "Configuration" and "Result").
#pragma once

namespace ldyn {

constexpr int kSchemaVersion = 1;

}  // namespace ldyn
