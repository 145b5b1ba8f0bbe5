// The callback through which a trajectory hands out its states: record(i, state) for the i-th
// requested time. A callback that returns bool can stop the trajectory by returning false; one that
// returns nothing always lets it go on.
#pragma once

#include <functional>
#include <type_traits>
#include <utility>

namespace ldyn {

template <class State>
class Recording {
 public:
  template <class F>
  Recording(F f) {  // NOLINT: implicit on purpose, so that any lambda can be passed
    if constexpr (std::is_same_v<std::invoke_result_t<F&, int, const State&>, bool>) {
      fn_ = std::move(f);
    } else {
      fn_ = [f = std::move(f)](int i, const State& s) mutable {
        f(i, s);
        return true;
      };
    }
  }
  // False: stop here.
  bool operator()(int i, const State& state) const { return fn_(i, state); }

 private:
  std::function<bool(int, const State&)> fn_;
};

}  // namespace ldyn
