#include "json_fields.hpp"

#include <cmath>
#include <cstdio>
#include <set>

#include "math/number_text.hpp"

namespace ldyn {
namespace {

std::string show(double v) { return number_text(v, 15); }

std::string quoted_list(std::initializer_list<const char*> names) {
  std::string out;
  for (const char* name : names) out += (out.empty() ? "" : ", ") + std::string(name);
  return out;
}

// The path of the value being read, from the open objects and arrays around it.
class PathTracker {
 public:
  // Called for every parser event; throws ConfigError for a key given twice.
  void on(Json::parse_event_t event, const Json& parsed) {
    switch (event) {
      case Json::parse_event_t::object_start:
      case Json::parse_event_t::array_start:
        if (frames_.size() >= kMaxJsonDepth)
          throw ConfigError(child_path(), "is nested more than " + std::to_string(kMaxJsonDepth) +
                                              " levels deep (arrays and objects may nest at most " + std::to_string(kMaxJsonDepth) + " levels)");
        frames_.push_back({event == Json::parse_event_t::object_start, child_path(), {}, "", 0});
        break;
      case Json::parse_event_t::key: {
        Frame& f = frames_.back();
        f.key = parsed.get<std::string>();
        if (!f.keys.insert(f.key).second)
          throw ConfigError(join_path(f.path, printable(f.key)), "is given twice (each key may appear only once in an object)");
        break;
      }
      case Json::parse_event_t::object_end:
      case Json::parse_event_t::array_end:
        frames_.pop_back();
        next_element();
        break;
      case Json::parse_event_t::value:
        next_element();
        break;
    }
  }

 private:
  struct Frame {
    bool object;
    std::string path;
    std::set<std::string> keys;
    std::string key;
    std::size_t index;
  };
  std::string child_path() const {
    if (frames_.empty()) return "";
    const Frame& f = frames_.back();
    return f.object ? join_path(f.path, printable(f.key)) : index_path(f.path, f.index);
  }
  void next_element() {
    if (!frames_.empty() && !frames_.back().object) ++frames_.back().index;
  }
  std::vector<Frame> frames_;
};

// The length of the UTF-8 sequence starting at `i`, or 0 if the bytes there are not valid UTF-8
// (a stray continuation byte, a sequence cut short, an encoded surrogate or an overlong form).
std::size_t utf8_sequence_length(const std::string& text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return k < text.size() ? static_cast<unsigned char>(text[k]) : 0u; };
  const unsigned lead = byte(i);
  const auto continuation = [&](std::size_t k) { return (byte(k) & 0xC0u) == 0x80u; };
  if (lead < 0x80) return 1;
  if (lead >= 0xC2 && lead <= 0xDF) return continuation(i + 1) ? 2 : 0;
  if (lead >= 0xE0 && lead <= 0xEF) {
    const unsigned second = byte(i + 1);
    const bool ok = continuation(i + 1) && continuation(i + 2) && !(lead == 0xE0 && second < 0xA0) && !(lead == 0xED && second >= 0xA0);
    return ok ? 3 : 0;
  }
  if (lead >= 0xF0 && lead <= 0xF4) {
    const unsigned second = byte(i + 1);
    const bool ok = continuation(i + 1) && continuation(i + 2) && continuation(i + 3) && !(lead == 0xF0 && second < 0x90) &&
                    !(lead == 0xF4 && second >= 0x90);
    return ok ? 4 : 0;
  }
  return 0;
}

// `text` with every byte that is not part of valid UTF-8 written as \xNN, so that a message never
// carries half a character (nlohmann quotes the bytes it read up to the error, wherever they stop).
std::string valid_utf8(const std::string& text) {
  std::string out;
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t n = utf8_sequence_length(text, i);
    if (n > 0) {
      out.append(text, i, n);
      i += n;
    } else {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\x%02x", static_cast<unsigned char>(text[i++]));
      out += escaped;
    }
  }
  return out;
}

bool starts_character(unsigned char byte) { return (byte & 0xC0u) != 0x80u; }

// How many characters (code points) `text` holds from `begin` to `end`.
std::size_t count_characters(const std::string& text, std::size_t begin, std::size_t end) {
  std::size_t n = 0;
  for (std::size_t i = begin; i < end; ++i) n += starts_character(static_cast<unsigned char>(text[i]));
  return n;
}

// The position at or before `i` where a character starts (not inside a multi-byte sequence).
std::size_t character_start(const std::string& text, std::size_t i) {
  while (i > 0 && i < text.size() && !starts_character(static_cast<unsigned char>(text[i]))) --i;
  return i;
}

// nlohmann's wording of the two text-encoding errors, in words a reader can act on.
std::string explain_encoding(const std::string& message) {
  static const std::pair<const char*, const char*> kPlain[] = {
      {"invalid string: surrogate U+D800..U+DBFF must be followed by U+DC00..U+DFFF",
       "invalid string: a lone surrogate (a \\ud800-\\udbff escape not followed by a \\udc00-\\udfff one): text must be valid Unicode"},
      {"invalid string: surrogate U+DC00..U+DFFF must follow U+D800..U+DBFF",
       "invalid string: a lone surrogate (a \\udc00-\\udfff escape not preceded by a \\ud800-\\udbff one): text must be valid Unicode"},
      {"invalid string: ill-formed UTF-8 byte", "invalid string: a byte that is not UTF-8 (the text must be UTF-8 encoded)"},
  };
  for (const auto& [original, plain] : kPlain) {
    const auto at = message.find(original);
    if (at != std::string::npos) return message.substr(0, at) + plain + message.substr(at + std::string(original).size());
  }
  return message;
}

// nlohmann's message without its prefix, cut in the middle (between characters) when it quotes a
// long token.
std::string syntax_error_message(const std::string& what) {
  const auto bracket = what.find("] ");
  const std::string message = explain_encoding(valid_utf8(bracket == std::string::npos ? what : what.substr(bracket + 2)));
  constexpr std::size_t kHead = 160, kTail = 60;
  if (message.size() <= kHead + kTail + 40) return message;
  const std::size_t head = character_start(message, kHead), tail = character_start(message, message.size() - kTail);
  return message.substr(0, head) + "... [" + std::to_string(count_characters(message, head, tail)) + " characters cut] ..." + message.substr(tail);
}

}  // namespace

std::string printable(const std::string& text) {
  std::string out;
  for (const unsigned char c : text) {
    // The cut falls between characters, never inside one.
    if (out.size() >= 60 && starts_character(c)) return out + "... (" + std::to_string(count_characters(text, 0, text.size())) + " characters)";
    if (c < 0x20 || c == 0x7f) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\x%02x", c);
      out += escaped;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

Json parse_json(const std::string& text) {
  if (text.size() > kMaxConfigBytes)
    throw ConfigError("", "the configuration is longer than " + std::to_string(kMaxConfigBytes) + " bytes");
  const auto nul = text.find('\0');
  if (nul != std::string::npos)
    throw ConfigError("", "invalid JSON: a NUL byte at offset " + std::to_string(nul) + " (a configuration is text)");
  PathTracker paths;
  try {
    return Json::parse(text, [&](int, Json::parse_event_t event, Json& parsed) {
      paths.on(event, parsed);
      return true;
    });
  } catch (const Json::exception& error) {  // a syntax error, or a number too large for a double
    throw ConfigError("", "invalid JSON: " + syntax_error_message(error.what()));
  }
}

std::string json_type_name(const Json& j) {
  switch (j.type()) {
    case Json::value_t::null: return "null";
    case Json::value_t::boolean: return "a boolean";
    case Json::value_t::string: return "a string";
    case Json::value_t::array: return "an array";
    case Json::value_t::object: return "an object";
    default: return "a number";
  }
}

std::string join_path(const std::string& path, const std::string& key) { return path.empty() ? key : path + "." + key; }

std::string index_path(const std::string& path, std::size_t i) { return path + "[" + std::to_string(i) + "]"; }

double read_number(const Json& j, const std::string& path, double lo, double hi) {
  if (!j.is_number()) throw ConfigError(path, "must be a number, got " + json_type_name(j));
  const double v = j.get<double>();
  if (!std::isfinite(v)) throw ConfigError(path, "must be a finite number");
  if (v < lo || v > hi) throw ConfigError(path, show(v) + " is out of range [" + show(lo) + ", " + show(hi) + "]");
  return v;
}

long long read_integer(const Json& j, const std::string& path, long long lo, long long hi) {
  if (!j.is_number()) throw ConfigError(path, "must be an integer, got " + json_type_name(j));
  const double v = j.get<double>();
  if (!std::isfinite(v) || v != std::floor(v)) throw ConfigError(path, "must be an integer, got " + show(v));
  if (v < static_cast<double>(lo) || v > static_cast<double>(hi))
    throw ConfigError(path, show(v) + " is out of range [" + std::to_string(lo) + ", " + std::to_string(hi) + "]");
  return j.is_number_unsigned() ? static_cast<long long>(j.get<std::uint64_t>()) : j.get<long long>();
}

Mat read_matrix(const Json& j, const std::string& path) {
  constexpr std::size_t kMaxEntries = 4'000'000;
  if (!j.is_array() || j.empty() || !j[0].is_array())
    throw ConfigError(path, "must be a non-empty array of rows (arrays of numbers), got " + json_type_name(j));
  const std::size_t rows = j.size(), cols = j[0].size();
  if (cols == 0) throw ConfigError(index_path(path, 0), "is an empty row");
  if (rows * cols > kMaxEntries) throw ConfigError(path, "has more than " + std::to_string(kMaxEntries) + " entries");
  Mat m(rows, cols);
  for (std::size_t i = 0; i < rows; ++i) {
    const Json& row = j[i];
    const std::string row_path = index_path(path, i);
    if (!row.is_array()) throw ConfigError(row_path, "must be an array of numbers, got " + json_type_name(row));
    if (row.size() != cols)
      throw ConfigError(row_path, "has " + std::to_string(row.size()) + " values but row 0 has " + std::to_string(cols));
    for (std::size_t k = 0; k < cols; ++k) {
      const Json& v = row[k];
      if (!v.is_number()) throw ConfigError(index_path(row_path, k), "must be a number, got " + json_type_name(v));
      m(i, k) = v.get<double>();
      if (!std::isfinite(m(i, k))) throw ConfigError(index_path(row_path, k), "must be a finite number");
    }
  }
  return m;
}

Fields::Fields(const Json& j, std::string path, std::initializer_list<const char*> allowed)
    : j_(j), path_(std::move(path)) {
  if (!j.is_object()) throw ConfigError(path_, "must be an object, got " + json_type_name(j));
  for (const auto& item : j.items()) {
    bool known = false;
    for (const char* key : allowed) known = known || item.key() == key;
    if (!known) throw ConfigError(join_path(path_, printable(item.key())), "unknown key (expected one of: " + quoted_list(allowed) + ")");
  }
}

const Json& Fields::get(const char* key) const {
  if (!has(key)) throw ConfigError(path(key), "is required");
  return j_.at(key);
}

double Fields::number(const char* key, double lo, double hi) const { return read_number(get(key), path(key), lo, hi); }

double Fields::number_or(const char* key, double fallback, double lo, double hi) const {
  return has(key) ? number(key, lo, hi) : fallback;
}

long long Fields::integer(const char* key, long long lo, long long hi) const {
  return read_integer(get(key), path(key), lo, hi);
}

long long Fields::integer_or(const char* key, long long fallback, long long lo, long long hi) const {
  return has(key) ? integer(key, lo, hi) : fallback;
}

bool Fields::boolean_or(const char* key, bool fallback) const {
  if (!has(key)) return fallback;
  const Json& v = j_.at(key);
  if (!v.is_boolean()) throw ConfigError(path(key), "must be true or false, got " + json_type_name(v));
  return v.get<bool>();
}

std::uint64_t Fields::seed_or(const char* key, std::uint64_t fallback) const {
  constexpr long long kMaxSeed = (1LL << 53) - 1;  // every seed is exact as a JSON / JS number
  return has(key) ? static_cast<std::uint64_t>(integer(key, 0, kMaxSeed)) : fallback;
}

std::string Fields::kind(std::initializer_list<const char*> kinds) const { return choice("kind", kinds); }

std::string Fields::choice(const char* key, std::initializer_list<const char*> values) const {
  const Json& v = get(key);
  if (!v.is_string()) throw ConfigError(path(key), "must be a string, got " + json_type_name(v));
  const std::string k = v.get<std::string>();
  for (const char* name : values)
    if (k == name) return k;
  throw ConfigError(path(key), "unknown " + std::string(key) + " \"" + printable(k) + "\" (expected one of: " + quoted_list(values) + ")");
}

}  // namespace ldyn
