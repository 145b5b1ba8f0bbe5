// Basic types shared by every part of the engine.
#pragma once

#include <Eigen/Dense>

namespace ldyn {

using Mat = Eigen::MatrixXd;
using Vec = Eigen::VectorXd;

// Layer widths of the two-layer network f(x) = W2 W1 x.
struct Dims {
  int input = 0;   // Ni
  int hidden = 0;  // Nh
  int output = 0;  // No
};

// W1 is Nh x Ni, W2 is No x Nh.
struct Weights {
  Mat w1;
  Mat w2;
  Dims dims() const {
    return {static_cast<int>(w1.cols()), static_cast<int>(w1.rows()), static_cast<int>(w2.rows())};
  }
};

}  // namespace ldyn
