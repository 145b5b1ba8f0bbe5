// Types of the JS API of the engine (wasm/ldyn.mjs): the configuration it takes (docs/cli.md
// "Configuration", the same JSON as `ldyn --config`) and the result it returns (docs/cli.md "Result"),
// with every vector of the result a Float64Array and every matrix or series of matrices a Tensor
// (a flat Float64Array with a shape). Names follow core/src/schema/config.cpp (configuration keys and kinds), core/src/schema/metric_table.cpp
// (metric and series names) and core/src/schema/experiment.cpp (the result tree). This file is named
// .d.mts so that TypeScript pairs it with ldyn.mjs; scripts/build.sh copies both to web/wasm/.

// ---------------------------------------------------------------------------------------------
// Configuration

/** Typed arrays are accepted wherever the schema has a list of numbers (a result can be fed back). */
export type NumberList =
  | readonly number[]
  | Float64Array
  | Float32Array
  | Int32Array
  | Int16Array
  | Int8Array
  | Uint32Array
  | Uint16Array
  | Uint8Array
  | Uint8ClampedArray;

/** A matrix as a list of rows (e.g. `W1` is Nh rows of Ni values), or a result's matrix (a Tensor). */
export type MatrixInput = readonly NumberList[] | Matrix;

/** Seeds are whole numbers in [0, 2^53). */
export type Seed = number;

interface TaskScale {
  /** Multiplies the targets, Y -> cY; 1e-6 to 1e6, default 1. */
  targetScale?: number;
}

/** Gaussian inputs (whitened exactly) and Gaussian targets; needs dims.input and dims.output. */
export interface RandomTask extends TaskScale {
  kind: 'random';
  /** Items P, at least dims.input, at most 4096. */
  items: number;
  seed?: Seed;
}

/** The 2^depth leaves of a binary tree, one-hot inputs scaled so that XX^T/P = I. */
export interface HierarchyTask extends TaskScale {
  kind: 'hierarchy';
  /** 1 to 7. */
  depth: number;
  /** "nodes" (default): one 0/1 output per tree node; "contrasts": the paper's ±1 features. */
  features?: 'nodes' | 'contrasts';
}

interface SpectrumTaskBase extends TaskScale {
  kind: 'spectrum';
  /** 1 to min(Ni, No) singular values of Syx, each in [0, 1e6]. */
  values: NumberList;
}
/** A task designed by its spectrum, Syx = U diag(values) V^T; needs dims.input and dims.output. */
export type SpectrumTask =
  | (SpectrumTaskBase & { vectors?: 'random'; seed?: Seed })
  /** The coordinate axes as singular vectors: a seed is refused. */
  | (SpectrumTaskBase & { vectors: 'axes'; seed?: never });

/** Your data: Ni rows of P values (X) and No rows of P values (Y). */
export interface CustomTask extends TaskScale {
  kind: 'custom';
  X: MatrixInput;
  Y: MatrixInput;
  /**
   * Default true: X is centred and whitened (needs at least Ni + 1 items). false: X is used as it is;
   * when XX^T/P is not I (to 1e-8) gradient descent follows W2^T(Syx - W2W1Sxx), Sxx = XX^T/P (any
   * finite X, even a singular Sxx), and the exact curve is given only for aligned weights when Sxx
   * shares the right singular vectors of Syx; otherwise `exact` is null and `exactUnavailable` says why.
   */
  whiten?: boolean;
}

/** Inside `phases` only: the task of an earlier phase with Syx -> -Syx. */
export interface ReversedTask {
  kind: 'reversed';
  /** The index of an earlier phase. */
  phase: number;
}

/** Inside `phases` only: an earlier phase's inputs, targets ρY + √(1−ρ²)·Y_fresh. */
export interface RelatedTask {
  kind: 'related';
  /** The index of an earlier phase. */
  phase: number;
  /** ρ in [-1, 1]. */
  similarity: number;
  seed?: Seed;
}

/** A task that stands on its own (`task`, or any phase). */
export type BaseTask = RandomTask | HierarchyTask | SpectrumTask | CustomTask;
/** A task of a phase, which may refer to an earlier phase. */
export type PhaseTask = BaseTask | ReversedTask | RelatedTask;
export type TaskKind = PhaseTask['kind'];

export interface Phase {
  task: PhaseTask;
  /** Positive, at most 1e6; may be omitted for the last phase (it then runs to the last time). */
  duration?: number;
}

/** Random λ-balanced weights with W2W1 = A (`aligned`: A's singular vectors are the task's). */
export interface BalancedInit {
  kind: 'balanced' | 'aligned';
  /** |λ| <= 1e4; a deep network (dims.hidden a list) also takes one λ per hidden layer. */
  lambda: number | NumberList;
  /** σ in [0, 1e4]. */
  sigma: number;
  seed?: Seed;
  /** "product" (default): A is N(0, σ²); "factors": A = G2G1 with each factor N(0, σ²). */
  scaleOf?: 'product' | 'factors';
}

/** Your weights (two-layer only): λ is read off W2^T W2 − W1 W1^T. */
export interface ExplicitInit {
  kind: 'explicit';
  /** Nh rows of Ni values. */
  W1: MatrixInput;
  /** No rows of Nh values. */
  W2: MatrixInput;
  /** The relative balance deviation up to which the exact solution is given; [0, 1], default 1e-6. */
  balanceTolerance?: number;
}

/** I.i.d. N(0, σ²) weights: not balanced, simulation only. */
export interface GaussianInit {
  kind: 'gaussian';
  sigma: number;
  seed?: Seed;
}

/** LeCun normal weights: not balanced, simulation only. */
export interface LecunInit {
  kind: 'lecun';
  seed?: Seed;
}

export type InitConfig = BalancedInit | ExplicitInit | GaussianInit | LecunInit;
export type InitKind = InitConfig['kind'];

export interface DimsConfig {
  /** Ni, 1 to 512; optional where the task or the weights fix it. */
  input?: number;
  /** Nh (1 to 512), or a list of hidden widths for a deep network (gradient descent only). */
  hidden?: number | readonly number[];
  /** No, 1 to 512. */
  output?: number;
}

/** K evenly spaced times on [0, end]. */
export interface TimeGrid {
  /** Positive, at most 1e6. */
  end: number;
  /** 2 to 100 000. */
  count: number;
}

/** The metrics a configuration may ask for (`loss` is always recorded). */
export type MetricName =
  | 'loss'
  | 'qqt'
  | 'networkFunction'
  | 'outputs'
  | 'singularValues'
  | 'representations'
  | 'itemRsm'
  | 'ntk'
  | 'kernelDistance'
  | 'sensitivity'
  | 'taskLosses'
  | 'balanceDeviation'
  | 'effectiveRank'
  | 'task';

/** Two-layer quantities, refused for a deep network. */
export type TwoLayerMetricName = 'qqt' | 'ntk' | 'kernelDistance' | 'sensitivity';

export interface NoiseConfig {
  /** Input noise level for `sensitivity`, [0, 1e3], default 0.1. */
  input?: number;
  /** Parameter noise level for `sensitivity`, [0, 1e3], default 0.1. */
  parameter?: number;
  /** Monte Carlo samples at the final time, 0 to 1e7, default 0 (closed forms only). */
  samples?: number;
  seed?: Seed;
}

interface ConfigCommon {
  /** Optional; only 1 exists. */
  schemaVersion?: 1;
  dims?: DimsConfig;
  init: InitConfig;
  /** Ascending times in [0, 1e6] (1 to 100 000 of them), or an evenly spaced grid. */
  times: NumberList | TimeGrid;
  /** [1e-9, 10], default 0.01; time is learningRate × step. */
  learningRate?: number;
  /** Compute the exact trajectory (default true). */
  exact?: boolean;
  /** Compute the gradient-descent trajectory (default true). */
  simulate?: boolean;
  /** Default ["loss", "qqt"] (["loss"] for a deep network). */
  metrics?: readonly MetricName[];
  noise?: NoiseConfig;
}

/** An experiment configuration: one `task`, or a sequence of `phases` (1 to 64), not both. */
export type ExperimentConfig =
  | (ConfigCommon & { task: BaseTask; phases?: never })
  | (ConfigCommon & { phases: readonly Phase[]; task?: never });

// ---------------------------------------------------------------------------------------------
// Result

/** The number of dimensions of a Tensor: 2 for a matrix, 3 for a series of matrices. */
export type Rank = 2 | 3;

/**
 * A matrix or a series of matrices as ndarray and TensorFlow.js keep them: `data` holds every
 * entry row-major (the last index fastest) in one buffer of its own, `shape` the extents. Entry
 * (i, j) of a matrix is data[i * shape[1] + j]; entry (t, i, j) of a series data[(t * shape[1] + i)
 * * shape[2] + j]. Row views are made only on request: row(i), at(i), rows() share `data`'s buffer.
 * Structured cloning (postMessage) keeps `shape` and `data` only: reviveTensors() restores the class.
 */
export class Tensor<R extends Rank = Rank> {
  constructor(shape: readonly number[], data: Float64Array);
  readonly shape: R extends 2 ? readonly [number, number] : R extends 3 ? readonly [number, number, number] : readonly number[];
  readonly data: Float64Array;
  /** shape[0]: the rows of a matrix, the times of a series. */
  readonly length: number;
  /** Entries per index of the first dimension (a row's length, a matrix's size). */
  readonly stride: number;
  /** The entry at one index per dimension. */
  get(...indices: number[]): number;
  /** The i-th part along the first dimension as a view (negative i from the end, as Array.prototype.at): a row of a matrix, a matrix of a series; undefined out of range. */
  at(i: number): (R extends 3 ? Tensor<2> : Float64Array) | undefined;
  /** Row i of a matrix (a view); a RangeError for a series. */
  row(i: number): Float64Array;
  /** Matrix i of a series (a view); a RangeError for a matrix. */
  matrix(i: number): Tensor<2>;
  /** Nested arrays down to Float64Array rows, each a view of `data`. */
  rows(): R extends 3 ? Float64Array[][] : Float64Array[];
}

/** A matrix, e.g. W1 (Nh × Ni) or a T × K table (singular values per time). */
export type Matrix = Tensor<2>;
/** One matrix per recorded time: shape [T, rows, cols]. */
export type MatrixSeries = Tensor<3>;
/** A matrix as arrays of Float64Array rows (Tensor.rows(), the result shape before 2026-12). */
export type Rows = Float64Array[] | Float64Array[][];

/** The series one trajectory records, one entry per recorded time (docs/cli.md "Result"). */
export interface Trajectory {
  /** ½P⁻¹‖Y − W2W1X‖² on the task being trained (always recorded). */
  loss: Float64Array;
  /** (Ni+No)×(Ni+No) per time: [[W1ᵀW1, W1ᵀW2ᵀ], [W2W1, W2W2ᵀ]]. */
  qqt?: MatrixSeries;
  /** No×Ni per time: W2W1 (W_L⋯W_1 for a deep network). */
  networkFunction?: MatrixSeries;
  /** No×P per time: W2W1X on the first task's items. */
  outputs?: MatrixSeries;
  /** min(Ni, No) per time, largest first: a T × K matrix. */
  singularValues?: Matrix;
  /** Ni×Ni per time: W1ᵀW1 (metric `representations`). */
  inputRepresentation?: MatrixSeries;
  /** No×No per time: W2W2ᵀ (metric `representations`). */
  outputRepresentation?: MatrixSeries;
  /** P×P per time: XᵀW1ᵀW1X. */
  itemRsm?: MatrixSeries;
  /** NoP×NoP per time, index (output o, item p) -> oP + p. */
  ntk?: MatrixSeries;
  /** 1 − ⟨K0, K⟩/(‖K0‖‖K‖) per time. */
  kernelDistance?: Float64Array;
  sensitivity?: SensitivitySeries;
  /** The loss of every phase's task per time: a T × phases matrix. */
  taskLosses?: Matrix;
  /** exp(entropy of sᵢ/Σs) of the singular values s of W2W1 per time. */
  effectiveRank?: Float64Array;
}

export interface SensitivitySeries {
  /** Closed form per time. */
  input: Float64Array;
  /** Closed form per time. */
  parameter: Float64Array;
  /** Monte Carlo estimates at the final time (when noise.samples > 0). */
  monteCarlo?: { input: number; parameter: number; samples: number };
}

/** The gradient-descent trajectory. */
export interface SimulationTrajectory extends Trajectory {
  /** ‖W2ᵀW2 − W1W1ᵀ − λI‖ per time (the largest over the hidden layers of a deep network). */
  balanceDeviation?: Float64Array;
  /** Gradient descent blew up (or a value would overflow): its series stop before the last time. */
  diverged?: { time: number; message: string };
}

/** The saddle case: the last mode is never learned in exact arithmetic (docs/cli.md "Result"). */
export interface ExactWarning {
  kind: 'saddle';
  phase: number;
  time: number;
  message: string;
}

/** Per phase (metric `task`): the data, Syx and its SVD, and the RSMs. */
export interface TaskRecord {
  X: Matrix;
  Y: Matrix;
  syx: Matrix;
  u: Matrix;
  s: Float64Array;
  v: Matrix;
  /** XᵀX. */
  gram: Matrix;
  /** ṼS̃Ṽᵀ. */
  inputRsm: Matrix;
  /** ŨS̃Ũᵀ. */
  outputRsm: Matrix;
}

export interface ResultDims {
  input: number;
  /** The (first) hidden layer's width. */
  hidden: number;
  output: number;
  /** A deep network only: every width, Ni, N1, …, No. */
  layers?: Float64Array;
}

export type InitialWeights =
  /** A two-layer network. */
  | { W1: Matrix; W2: Matrix; layers?: never }
  /** A deep network: W_1 … W_L. */
  | { layers: Matrix[]; W1?: never; W2?: never };

export interface ExperimentResult {
  schemaVersion: number;
  dims: ResultDims;
  /** P, the first task's items. */
  items: number;
  /** λ (of the first hidden layer for a deep network; read off explicit weights). */
  lambda: number;
  /** A deep network only: λ per hidden layer. */
  lambdas?: Float64Array;
  /** ‖W2ᵀW2 − W1W1ᵀ − λI‖ at t = 0 (the largest over the hidden layers of a deep network). */
  balanceDeviation: number;
  times: Float64Array;
  phaseStarts: Float64Array;
  initialWeights: InitialWeights;
  /** Metric `task` only. */
  tasks?: TaskRecord[];
  /** null when not asked for or not available (then exactUnavailable says why). */
  exact: Trajectory | null;
  /** Why exact is null although it was asked for (not balanced, deep, not representable). */
  exactUnavailable?: string;
  /** Only when there is one. */
  exactWarnings?: ExactWarning[];
  simulation: SimulationTrajectory | null;
}

/** What a configuration would cost (`ldyn --estimate`), in arithmetic operations. */
export interface CostEstimate {
  operations: number;
  limit: number;
  /** Natively; wasm is about 1.1× slower (docs/cli.md "Limits"). */
  seconds: number;
  numbers: number;
  parts: { setup: number; exact: number; simulation: number; metrics: number; monteCarlo: number; output: number };
}

// ---------------------------------------------------------------------------------------------
// The facade

/** Emscripten module options passed through by createEngine (only the ones this project uses are named). */
export interface EngineModuleOptions {
  /** The wasm bytes (Node: fs.readFileSync('web/wasm/ldyn_wasm.wasm')). */
  wasmBinary?: ArrayBuffer | Uint8Array;
  /** Instantiate the module yourself (e.g. from a compiled WebAssembly.Module); return {}. */
  instantiateWasm?(
    imports: WebAssembly.Imports,
    receiveInstance: (instance: WebAssembly.Instance, module?: WebAssembly.Module) => void,
  ): object;
  /** Where to fetch a file of the module (the .wasm) from. */
  locateFile?(path: string, prefix: string): string;
  [option: string]: unknown;
}

export interface RunOptions {
  /** Called now and then during a long run with the fraction done. If it throws, the run stops (its memory freed) and run() rethrows that exception. */
  onProgress?: (fraction: number) => void;
}

export interface Engine {
  /** The configuration schema version the engine reads (1). */
  readonly schemaVersion: number;
  /** Runs a configuration (an object, or JSON text as for `ldyn --config`). */
  run(config: ExperimentConfig | string, options?: RunOptions): ExperimentResult;
  /** What run(config) would cost, without running it. */
  estimate(config: ExperimentConfig | string): CostEstimate;
  /** Bytes of wasm memory (it grows, never shrinks). */
  memoryBytes(): number;
}

/** A bad configuration: the message starts with the offending field ("init.lambda: ..."). */
export class ConfigError extends Error {
  constructor(message: string, field: string);
  name: 'ConfigError';
  /** The path of the offending field ("init.lambda", "task.X[2]"), '' for the configuration as a whole. */
  field: string;
}

/** Anything else the engine reports (the CLI's exit status 1). */
export class EngineError extends Error {
  constructor(message: string);
  name: 'EngineError';
}

/** Loads and instantiates the engine. In Node: createEngine({ wasmBinary }). */
export function createEngine(moduleOptions?: EngineModuleOptions): Promise<Engine>;

/** The distinct ArrayBuffers under a result (one per series), for postMessage's transfer list. */
export function transferables(result: unknown, found?: Set<ArrayBuffer>): ArrayBuffer[];

/** A result received through postMessage with its Tensors restored (in place; returned). */
export function reviveTensors<T>(value: T): T;

/** A value with every typed array replaced by a plain array of numbers, every Tensor by nested arrays. */
export type Plain<T> = T extends ArrayBufferView
  ? number[]
  : T extends Tensor<infer R>
    ? R extends 3 ? number[][][] : number[][]
  : T extends readonly (infer U)[]
    ? Plain<U>[]
    : T extends object
      ? { [K in keyof T]: Plain<T[K]> }
      : T;

/** The result as plain JSON-ready data (Float64Arrays -> arrays, Tensors -> nested arrays): what `ldyn` prints. */
export function toPlain<T>(result: T): Plain<T>;
