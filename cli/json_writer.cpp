#include "json_writer.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <string>

namespace ldyn {
namespace {

// Text goes into a buffer that is handed to the stream in large pieces: a result can hold tens of
// millions of numbers, and a stream call per character would cost more than formatting them.
class Buffered {
 public:
  explicit Buffered(std::ostream& out) : out_(out) { text_.reserve(kFlushAt + 64); }
  ~Buffered() { flush(); }
  void put(char c) {
    text_.push_back(c);
    if (text_.size() >= kFlushAt) flush();
  }
  void put(const char* s, std::size_t n) {
    text_.append(s, n);
    if (text_.size() >= kFlushAt) flush();
  }
  void flush() {
    out_.write(text_.data(), static_cast<std::streamsize>(text_.size()));
    text_.clear();
  }

 private:
  static constexpr std::size_t kFlushAt = 1 << 20;
  std::ostream& out_;
  std::string text_;
};

void write_number(Buffered& out, double v) {
  if (!std::isfinite(v)) {  // JSON has no NaN or infinity; the engine never returns them (it checks)
    out.put("null", 4);
    return;
  }
  char buffer[32];
  const auto end = std::to_chars(buffer, buffer + sizeof buffer, v).ptr;
  out.put(buffer, static_cast<std::size_t>(end - buffer));
}

void write_string(Buffered& out, const std::string& s) {
  out.put('"');
  for (const unsigned char c : s) {
    if (c == '"' || c == '\\') {
      out.put('\\');
      out.put(static_cast<char>(c));
    } else if (c < 0x20) {
      char escaped[8];
      const int n = std::snprintf(escaped, sizeof escaped, "\\u%04x", c);
      out.put(escaped, static_cast<std::size_t>(n));
    } else {
      out.put(static_cast<char>(c));
    }
  }
  out.put('"');
}

// The block of `tensor` that starts at `offset` and spans dimensions from `dim` on.
void write_tensor(Buffered& out, const Tensor& tensor, std::size_t dim, std::size_t& offset) {
  out.put('[');
  for (int i = 0; i < tensor.shape[dim]; ++i) {
    if (i) out.put(',');
    if (dim + 1 == tensor.shape.size()) {
      write_number(out, tensor.data[offset++]);
    } else {
      write_tensor(out, tensor, dim + 1, offset);
    }
  }
  out.put(']');
}

struct Writer {
  Buffered& out;
  void operator()(std::nullptr_t) const { out.put("null", 4); }
  void operator()(bool v) const { v ? out.put("true", 4) : out.put("false", 5); }
  void operator()(long long v) const {
    char buffer[24];
    const auto end = std::to_chars(buffer, buffer + sizeof buffer, v).ptr;
    out.put(buffer, static_cast<std::size_t>(end - buffer));
  }
  void operator()(double v) const { write_number(out, v); }
  void operator()(const std::string& v) const { write_string(out, v); }
  void operator()(const Tensor& v) const {
    std::size_t offset = 0;
    write_tensor(out, v, 0, offset);
  }
  void operator()(const Node::Object& fields) const {
    out.put('{');
    bool first = true;
    for (const auto& [key, child] : fields) {
      if (!first) out.put(',');
      first = false;
      write_string(out, key);
      out.put(':');
      std::visit(*this, child.value());
    }
    out.put('}');
  }
  void operator()(const Node::List& items) const {
    out.put('[');
    for (std::size_t i = 0; i < items.size(); ++i) {
      if (i) out.put(',');
      std::visit(*this, items[i].value());
    }
    out.put(']');
  }
};

}  // namespace

void write_json(std::ostream& out, const Node& node) {
  Buffered buffered(out);
  std::visit(Writer{buffered}, node.value());
}

}  // namespace ldyn
