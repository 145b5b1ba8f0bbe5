// Compile-time tests of wasm/ldyn.d.mts (run by `npm run typecheck`): configurations the engine
// takes are accepted, some it refuses are refused, and a result reads with the documented types.
// Nothing here runs.
import { ConfigError, createEngine, reviveTensors, toPlain, transferables } from '../../wasm/ldyn.mjs';
import type { CostEstimate, ExperimentConfig, ExperimentResult, Matrix, MatrixSeries } from '../../wasm/ldyn.mjs';

export const accepted: ExperimentConfig[] = [
  // docs/cli.md "Configuration": every task kind, every init kind, both forms of times.
  { task: { kind: 'random', items: 6, seed: 1 }, dims: { input: 3, hidden: 3, output: 3 },
    init: { kind: 'balanced', lambda: 0, sigma: 0.05, seed: 1, scaleOf: 'product' }, times: { end: 20, count: 301 }, learningRate: 0.01 },
  { schemaVersion: 1, task: { kind: 'hierarchy', depth: 3, features: 'contrasts', targetScale: 0.5 },
    init: { kind: 'aligned', lambda: 1, sigma: 0.1, scaleOf: 'factors' }, times: [0, 1, 2], metrics: ['loss', 'task', 'sensitivity'],
    noise: { input: 0.1, parameter: 0.1, samples: 100, seed: 2 } },
  { task: { kind: 'spectrum', values: [3, 2, 1], vectors: 'axes' }, dims: { input: 3, hidden: [4, 4], output: 3 },
    init: { kind: 'balanced', lambda: [0.5, 0.5], sigma: 0.1 }, times: new Float64Array([0, 1]), metrics: ['loss', 'balanceDeviation'] },
  { task: { kind: 'spectrum', values: new Float64Array([2, 1]), seed: 3 }, dims: { input: 2, output: 2 }, init: { kind: 'gaussian', sigma: 1 },
    times: [0, 5], exact: false },
  { phases: [{ task: { kind: 'random', items: 4 }, duration: 5 }, { task: { kind: 'reversed', phase: 0 }, duration: 5 },
    { task: { kind: 'related', phase: 0, similarity: 0.5, seed: 1 } }], dims: { input: 2, hidden: 2, output: 2 },
    init: { kind: 'lecun' }, times: { end: 15, count: 16 }, metrics: ['taskLosses'] },
  // A result's matrices fed back (typed-array rows).
  { task: { kind: 'custom', X: [[1, 0], [0, 1]], Y: [new Float64Array([1, 2])], whiten: false },
    init: { kind: 'explicit', W1: [[1, 0]], W2: [[1]], balanceTolerance: 1e-6 }, times: [0], simulate: false },
];

export const refused: ExperimentConfig[] = [
  // @ts-expect-error an unknown task kind
  { task: { kind: 'randm', items: 3 }, init: { kind: 'lecun' }, times: [0] },
  // @ts-expect-error task and phases together
  { task: { kind: 'hierarchy', depth: 2 }, phases: [], init: { kind: 'lecun' }, times: [0] },
  // @ts-expect-error neither task nor phases
  { init: { kind: 'lecun' }, times: [0] },
  // @ts-expect-error a seed with axis-aligned singular vectors
  { task: { kind: 'spectrum', values: [1], vectors: 'axes', seed: 1 }, init: { kind: 'lecun' }, times: [0] },
  // @ts-expect-error "reversed" outside phases
  { task: { kind: 'reversed', phase: 0 }, init: { kind: 'lecun' }, times: [0] },
  // @ts-expect-error an unknown metric
  { task: { kind: 'hierarchy', depth: 2 }, init: { kind: 'lecun' }, times: [0], metrics: ['losses'] },
  // @ts-expect-error no times
  { task: { kind: 'hierarchy', depth: 2 }, init: { kind: 'lecun' } },
  // @ts-expect-error balanced weights need σ
  { task: { kind: 'hierarchy', depth: 2 }, init: { kind: 'balanced', lambda: 0 }, times: [0] },
  // @ts-expect-error an unknown key
  { task: { kind: 'hierarchy', depth: 2 }, init: { kind: 'lecun' }, times: [0], learningrate: 0.1 },
];

export async function reading(): Promise<number> {
  const engine = await createEngine({ wasmBinary: new Uint8Array(0) });
  const result: ExperimentResult = engine.run(accepted[0], { onProgress: (fraction: number) => void fraction });
  const fromText: ExperimentResult = engine.run(JSON.stringify(accepted[0]));
  const loss: Float64Array | undefined = result.exact?.loss;
  const qqt: MatrixSeries | undefined = result.simulation?.qqt;
  const qqtAt: Matrix | undefined = result.simulation?.qqt?.at(-1);
  const qqtEntry: number | undefined = result.simulation?.qqt?.get(0, 1, 2);
  const qqtRows: Float64Array[][] | undefined = result.simulation?.qqt?.rows();
  const qqtShape: readonly [number, number, number] | undefined = result.simulation?.qqt?.shape;
  const singular: Float64Array | undefined = result.exact?.singularValues?.row(0);
  const monteCarlo: number | undefined = result.exact?.sensitivity?.monteCarlo?.samples;
  const diverged: number | undefined = result.simulation?.diverged?.time;
  const why: string | undefined = result.exactUnavailable;
  const saddle: 'saddle' | undefined = result.exactWarnings?.[0].kind;
  const w1: Float64Array | undefined = result.initialWeights.W1?.at(0);
  const w1Rows: Float64Array[] | undefined = result.initialWeights.W1?.rows();
  const layers: Matrix[] | undefined = result.initialWeights.layers;
  const widths: Float64Array | undefined = result.dims.layers;
  const s: Float64Array | undefined = result.tasks?.[0].s;
  // @ts-expect-error the exact trajectory has no balanceDeviation series
  const balance = result.exact?.balanceDeviation;
  const plain = toPlain(result);
  const times: number[] = plain.times;
  const entry: number | undefined = plain.exact?.qqt?.[0][0][0];
  const revived: ExperimentResult = reviveTensors(result);
  const buffers: ArrayBuffer[] = transferables(result);
  const cost: CostEstimate = engine.estimate(fromText.schemaVersion === 1 ? accepted[1] : '{}');
  try {
    engine.run('{}');
  } catch (error) {
    if (error instanceof ConfigError) return error.field.length;
  }
  return [loss, qqt, qqtAt, qqtEntry, qqtRows, qqtShape, w1Rows, revived, singular, monteCarlo, diverged, why, saddle, w1, layers, widths, s, balance, times, entry, buffers].length +
    cost.parts.monteCarlo + engine.memoryBytes() + engine.schemaVersion;
}
