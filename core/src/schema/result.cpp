#include "ldyn/result.hpp"

namespace ldyn {

Tensor Tensor::vector(const std::vector<double>& values) { return {{static_cast<int>(values.size())}, values}; }

Tensor Tensor::vector(const Vec& values) {
  return {{static_cast<int>(values.size())}, std::vector<double>(values.data(), values.data() + values.size())};
}

Tensor Tensor::matrix(const Mat& m) {
  Tensor t{{static_cast<int>(m.rows()), static_cast<int>(m.cols())}, {}};
  t.data.reserve(m.size());
  for (Eigen::Index i = 0; i < m.rows(); ++i)
    for (Eigen::Index j = 0; j < m.cols(); ++j) t.data.push_back(m(i, j));
  return t;
}

Tensor Tensor::series(std::vector<int> item_shape) {
  Tensor t;
  t.shape.push_back(0);
  t.shape.insert(t.shape.end(), item_shape.begin(), item_shape.end());
  return t;
}

void Tensor::append(double value) {
  data.push_back(value);
  ++shape[0];
}

void Tensor::append(const Vec& v) {
  data.insert(data.end(), v.data(), v.data() + v.size());
  ++shape[0];
}

void Tensor::append(const Mat& m) {
  for (Eigen::Index i = 0; i < m.rows(); ++i)
    for (Eigen::Index j = 0; j < m.cols(); ++j) data.push_back(m(i, j));
  ++shape[0];
}

Node& Node::set(const std::string& key, Node child) {
  auto& fields = std::get<Object>(value_);
  for (auto& field : fields)
    if (field.first == key) return field.second = std::move(child);
  fields.emplace_back(key, std::move(child));
  return fields.back().second;
}

const Node* Node::find(const std::string& key) const {
  if (const auto* fields = std::get_if<Object>(&value_))
    for (const auto& field : *fields)
      if (field.first == key) return &field.second;
  return nullptr;
}

}  // namespace ldyn
