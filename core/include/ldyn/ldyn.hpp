// Everything the engine offers, in one include. Two layers (core/CMakeLists.txt):
//
//   the mathematics (ldyn_math, Eigen only)
//     types.hpp       Mat, Vec, Dims, Weights
//     svd.hpp         the SVD with a canonical basis of repeated singular values
//     task.hpp        tasks (random, hierarchy, spectrum, custom) and their Σyx
//     random.hpp      the engine's reproducible random numbers
//     init.hpp        initializations (λ-balanced, aligned, Gaussian, LeCun) and the λ admissibility rule
//     schedule.hpp    phases of tasks (continual, reversal, transfer learning)
//     exact.hpp       the exact solution of the gradient flow (docs/theory.md section 3)
//     simulation.hpp  gradient descent
//     deep.hpp        deep linear networks (L >= 3 weight layers: gradient descent only)
//     metrics.hpp     what is measured of a state: QQ^T blocks, NTK, kernel distance, sensitivity
//     recording.hpp   the callback type through which trajectories are recorded
//
//   the experiment as the JSON schema describes it (ldyn_schema)
//     errors.hpp      ConfigError, the validation error with the offending field
//     version.hpp     the schema version
//     experiment.hpp  one experiment and run_experiment
//     config.hpp      JSON text in, a validated Experiment out
//     cost.hpp        the work estimate and its limit
//     result.hpp      the result tree
#pragma once

#include "ldyn/types.hpp"
#include "ldyn/svd.hpp"
#include "ldyn/task.hpp"
#include "ldyn/random.hpp"
#include "ldyn/init.hpp"
#include "ldyn/schedule.hpp"
#include "ldyn/exact.hpp"
#include "ldyn/simulation.hpp"
#include "ldyn/deep.hpp"
#include "ldyn/deep_exact.hpp"
#include "ldyn/metrics.hpp"
#include "ldyn/recording.hpp"

#include "ldyn/errors.hpp"
#include "ldyn/version.hpp"
#include "ldyn/experiment.hpp"
#include "ldyn/config.hpp"
#include "ldyn/cost.hpp"
#include "ldyn/result.hpp"
