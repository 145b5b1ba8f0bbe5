// The result of an experiment as a small tree of named values: numbers, strings, nested objects
// and dense numeric arrays. The CLI prints it as JSON and the wasm binding turns it into a JS
// object with Float64Arrays, so both speak the same schema by construction.
#pragma once

#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "ldyn/types.hpp"

namespace ldyn {

// A dense row-major array; shape {T, R, C} is a series of T matrices of R x C.
struct Tensor {
  std::vector<int> shape;
  std::vector<double> data;

  static Tensor vector(const std::vector<double>& values);
  static Tensor vector(const Vec& values);
  static Tensor matrix(const Mat& m);
  // An empty series whose items have the given shape ({} for scalars).
  static Tensor series(std::vector<int> item_shape);
  void append(double value);
  void append(const Vec& v);
  void append(const Mat& m);
};

class Node {
 public:
  using Object = std::vector<std::pair<std::string, Node>>;
  using List = std::vector<Node>;
  using Value = std::variant<std::nullptr_t, bool, long long, double, std::string, Tensor, Object, List>;

  Node() : value_(Object{}) {}
  template <class T>
  Node(T v) : value_(std::move(v)) {}  // NOLINT: implicit on purpose, for building trees tersely
  Node(int v) : value_(static_cast<long long>(v)) {}
  Node(const char* v) : value_(std::string(v)) {}

  // Adds (or replaces) a field of an object node.
  Node& set(const std::string& key, Node child);
  const Value& value() const { return value_; }
  // The field `key` of an object node, or nullptr.
  const Node* find(const std::string& key) const;

 private:
  Value value_;
};

}  // namespace ldyn
