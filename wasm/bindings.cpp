// Embind declarations of the engine: one function that takes the JSON configuration of `ldyn` and
// returns its result tree as JS values. Numeric arrays come back as {shape, data} with `data` a
// Float64Array copied out of the wasm heap; wasm/ldyn.mjs wraps those of two or more dimensions in Tensors.
// Errors come back as {error: {kind, message, field}} and the facade throws them: a JS exception thrown
// from inside a C++ catch block would skip the destructors and leak the exception.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include "ldyn/config.hpp"
#include "ldyn/cost.hpp"
#include "ldyn/experiment.hpp"

using emscripten::val;

namespace {

val to_js(const ldyn::Node& node);

struct ToJs {
  val operator()(std::nullptr_t) const { return val::null(); }
  val operator()(bool v) const { return val(v); }
  val operator()(long long v) const { return val(static_cast<double>(v)); }
  val operator()(double v) const { return val(v); }
  val operator()(const std::string& v) const { return val(v); }
  val operator()(const ldyn::Tensor& t) const {
    val shape = val::array();
    for (int extent : t.shape) shape.call<void>("push", extent);
    val out = val::object();
    out.set("shape", shape);
    // new Float64Array(view) copies, so nothing refers to the heap once this returns.
    out.set("data", val::global("Float64Array").new_(emscripten::typed_memory_view(t.data.size(), t.data.data())));
    return out;
  }
  val operator()(const ldyn::Node::Object& fields) const {
    val out = val::object();
    for (const auto& [key, child] : fields) out.set(key, to_js(child));
    return out;
  }
  val operator()(const ldyn::Node::List& items) const {
    val out = val::array();
    for (const auto& item : items) out.call<void>("push", to_js(item));
    return out;
  }
};

val to_js(const ldyn::Node& node) { return std::visit(ToJs{}, node.value()); }

val error_result(const std::string& kind, const std::string& message, const std::string& field) {
  val error = val::object();
  error.set("kind", kind);
  error.set("message", message);
  error.set("field", field);
  val out = val::object();
  out.set("error", error);
  return out;
}

// Thrown when the caller's progress callback failed: unwinds the run as a C++ exception, so that its
// destructors free everything (a JS exception crossing these frames would skip them and leak the run).
struct ProgressStopped {};

// Runs one experiment; a bad configuration gives {error} naming the offending field. `progress`, a
// JS function or undefined, is called with the fraction done now and then during a long run; it
// returns false to stop the run (the facade's wrapper does when the caller's callback threw, and
// keeps that exception to rethrow), which then gives {error: {kind: "progress"}}.
val run(const std::string& config_json, val progress) {
  try {
    const ldyn::Experiment experiment = ldyn::parse_experiment(config_json);
    const bool report = progress.typeOf().as<std::string>() == "function";
    const auto report_progress = [&](double done) {
      if (!progress(done).as<bool>()) throw ProgressStopped{};
    };
    return to_js(ldyn::run_experiment(experiment, report ? ldyn::Progress(report_progress) : ldyn::Progress()));
  } catch (const ProgressStopped&) {
    return error_result("progress", "the onProgress callback threw", "");
  } catch (const ldyn::ConfigError& e) {
    return error_result("config", e.what(), e.field());
  } catch (const std::exception& e) {
    return error_result("engine", e.what(), "");
  }
}

// What the experiment would cost ({operations, limit, seconds, numbers, parts}), or {error}.
val estimate(const std::string& config_json) {
  try {
    return to_js(ldyn::cost_node(ldyn::estimate_cost(ldyn::parse_experiment(config_json))));
  } catch (const ldyn::ConfigError& e) {
    return error_result("config", e.what(), e.field());
  } catch (const std::exception& e) {
    return error_result("engine", e.what(), "");
  }
}

}  // namespace

EMSCRIPTEN_BINDINGS(ldyn) {
  emscripten::function("run", &run);
  emscripten::function("estimate", &estimate);
  emscripten::constant("schemaVersion", ldyn::kSchemaVersion);
}
