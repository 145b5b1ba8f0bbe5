#include "json_writer.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace ldyn {
namespace {

void write_number(std::ostream& out, double v) {
  if (!std::isfinite(v)) {  // JSON has no NaN or infinity; the engine never produces them
    out << "null";
    return;
  }
  char buffer[32];
  const auto end = std::to_chars(buffer, buffer + sizeof buffer, v).ptr;
  out.write(buffer, end - buffer);
}

void write_string(std::ostream& out, const std::string& s) {
  out << '"';
  for (const unsigned char c : s) {
    if (c == '"' || c == '\\') {
      out << '\\' << c;
    } else if (c < 0x20) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\u%04x", c);
      out << escaped;
    } else {
      out << c;
    }
  }
  out << '"';
}

// The block of `tensor` that starts at `offset` and spans dimensions from `dim` on.
void write_tensor(std::ostream& out, const Tensor& tensor, std::size_t dim, std::size_t& offset) {
  out << '[';
  for (int i = 0; i < tensor.shape[dim]; ++i) {
    if (i) out << ',';
    if (dim + 1 == tensor.shape.size()) {
      write_number(out, tensor.data[offset++]);
    } else {
      write_tensor(out, tensor, dim + 1, offset);
    }
  }
  out << ']';
}

struct Writer {
  std::ostream& out;
  void operator()(std::nullptr_t) const { out << "null"; }
  void operator()(bool v) const { out << (v ? "true" : "false"); }
  void operator()(long long v) const { out << v; }
  void operator()(double v) const { write_number(out, v); }
  void operator()(const std::string& v) const { write_string(out, v); }
  void operator()(const Tensor& v) const {
    std::size_t offset = 0;
    write_tensor(out, v, 0, offset);
  }
  void operator()(const Node::Object& fields) const {
    out << '{';
    bool first = true;
    for (const auto& [key, child] : fields) {
      if (!first) out << ',';
      first = false;
      write_string(out, key);
      out << ':';
      std::visit(*this, child.value());
    }
    out << '}';
  }
  void operator()(const Node::List& items) const {
    out << '[';
    for (std::size_t i = 0; i < items.size(); ++i) {
      if (i) out << ',';
      std::visit(*this, items[i].value());
    }
    out << ']';
  }
};

}  // namespace

void write_json(std::ostream& out, const Node& node) { std::visit(Writer{out}, node.value()); }

}  // namespace ldyn
