// Strict reading of one JSON object of the configuration: every key must be known, every value of
// the right type and range, and every error names the field's full path.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "ldyn/errors.hpp"
#include "ldyn/types.hpp"

namespace ldyn {

using Json = nlohmann::json;

// Parses the configuration's text strictly: a NUL byte, a key given twice in one object, arrays and
// objects nested more than kMaxJsonDepth deep (refused while parsing, in bounded memory) or text of
// more than kMaxConfigBytes is a ConfigError, as is a syntax error (whose message quotes at most 60
// characters of the offending token).
Json parse_json(const std::string& text);

// A key or value from the configuration as it may appear in a one-line message: control
// characters escaped, at most 60 characters (and how long it was, when cut).
std::string printable(const std::string& text);

// "a number", "a string", ... for error messages.
std::string json_type_name(const Json& j);
// Joins a path and a key: ("task", "X") -> "task.X"; ("", "task") -> "task".
std::string join_path(const std::string& path, const std::string& key);
std::string index_path(const std::string& path, std::size_t i);

double read_number(const Json& j, const std::string& path, double lo, double hi);
long long read_integer(const Json& j, const std::string& path, long long lo, long long hi);
// A matrix given as an array of equally long rows of finite numbers.
Mat read_matrix(const Json& j, const std::string& path);

class Fields {
 public:
  // Rejects anything but an object, and any key not in `allowed`.
  Fields(const Json& j, std::string path, std::initializer_list<const char*> allowed);

  bool has(const char* key) const { return j_.contains(key); }
  std::string path(const char* key) const { return join_path(path_, key); }
  const Json& get(const char* key) const;  // throws if missing

  double number(const char* key, double lo, double hi) const;
  double number_or(const char* key, double fallback, double lo, double hi) const;
  long long integer(const char* key, long long lo, long long hi) const;
  long long integer_or(const char* key, long long fallback, long long lo, long long hi) const;
  bool boolean_or(const char* key, bool fallback) const;
  std::uint64_t seed_or(const char* key, std::uint64_t fallback) const;
  // The "kind" field, which must be one of `kinds`.
  std::string kind(std::initializer_list<const char*> kinds) const;
  // A string field that must be one of `values`.
  std::string choice(const char* key, std::initializer_list<const char*> values) const;

 private:
  const Json& j_;
  std::string path_;
};

}  // namespace ldyn
