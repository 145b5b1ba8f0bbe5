// Figure 1C: what happens to W2^T W2 − W1 W1^T for LeCun weights as the network grows wide. Its
// entries concentrate on their expectation (No/Nh − 1) I, at the rate 1/√n; its spectrum does not
// (the eigenvalues spread over an interval of fixed width, and for Nh > Ni + No at least Nh − Ni − No
// of them are 0 while λ̂ is not). Heatmaps (the authors' 40–120–200 network first), the sorted
// eigenvalues, and the RMS entry against width with the rate expected from the entries' variances.
import { ENGINE_SCHEMA_VERSION } from '../state/config.js';
import { curveColor } from '../charts/palette.js';
import { symmetricEigenvalues } from '../data/whitening.js';
import { formatNumber } from '../charts/ticks.js';

/** @import { ExperimentConfig, ExperimentResult } from '../../wasm/ldyn.mjs' */
/** @import { FigurePanel, PlottedSeries } from './common.js' */
/** @typedef {{ input: number, hidden: number, output: number }} Widths */
export const RATIOS = [1, 3, 5];
export const HEATMAP_N = 40;
export const WIDTHS = [8, 16, 32, 64, 96];
export const SEEDS = [1, 2, 3, 4];

// The authors' notebook (lecun_init_balanced.ipynb, cell 9): Ni = 40, Nh = 3 · 40, No = 5 · 40.
export const AUTHORS_NETWORK = { input: 40, hidden: 120, output: 200 };

// One LeCun network of the given widths, recorded at t = 0 only (gradient descent takes no step: its
// balance deviation at t = 0 is ‖W2ᵀW2 − W1W1ᵀ − λ̂I‖_F with λ̂ read off the weights).
/** @param {Widths} dims @param {number} seed @returns {ExperimentConfig} */
export function lecunNetworkConfig(dims, seed) {
  return { schemaVersion: ENGINE_SCHEMA_VERSION, dims: { ...dims }, task: { kind: 'random', items: dims.input, seed: 1 },
    init: { kind: 'lecun', seed }, times: [0], learningRate: 0.01, exact: false, metrics: ['balanceDeviation'] };
}

// Ni = No = n, Nh = ratio · n.
/** @param {number} n @param {number} ratio @param {number} seed */
export const lecunConfig = (n, ratio, seed) => lecunNetworkConfig({ input: n, hidden: ratio * n, output: n }, seed);

// What a LeCun network's W2ᵀW2 − W1W1ᵀ is, spectrally: its eigenvalues (descending), λ̂, the
// expectation No/Nh − 1, ‖· − λ̂I‖₂, and how many eigenvalues are 0 (to rounding).
/** @param {ExperimentResult} result */
export function balanceSpectrum(result) {
  const { W1, W2 } = result.initialWeights;
  const matrix = balanceMatrix(W1.rows(), W2.rows());
  const values = symmetricEigenvalues(matrix);
  const scale = Math.max(...values.map(Math.abs));
  const { input, hidden, output } = result.dims;
  return { matrix, values, lambda: result.lambda, expected: output / hidden - 1, dims: result.dims,
    spectralDeviation: Math.max(...values.map((v) => Math.abs(v - result.lambda))),
    zeros: values.filter((v) => Math.abs(v) <= 1e-12 * scale).length, forcedZeros: Math.max(0, hidden - input - output) };
}

// Why λ̂ ≠ 0 is not a balance these widths can have: W2ᵀW2 has rank ≤ No and W1W1ᵀ rank ≤ Ni, so a
// hidden layer wider than the input needs λ ≥ 0, one wider than the output λ ≤ 0 (docs/theory.md §2).
/** @param {Widths} widths @param {number} lambda */
export function admissibleLambda({ input, hidden, output }, lambda) {
  return !((hidden > input && lambda < 0) || (hidden > output && lambda > 0));
}

// W2ᵀW2 − W1W1ᵀ (Nh × Nh) from the weights' rows.
/** @param {ArrayLike<ArrayLike<number>>} w1 @param {ArrayLike<ArrayLike<number>>} w2 @returns {Float64Array[]} */
export function balanceMatrix(w1, w2) {
  const nh = w1.length, ni = w1[0].length, no = w2.length;
  return Array.from({ length: nh }, (_, i) => Float64Array.from({ length: nh }, (_, j) => {
    let v = 0;
    for (let o = 0; o < no; o++) v += w2[o][i] * w2[o][j];
    for (let k = 0; k < ni; k++) v -= w1[i][k] * w1[j][k];
    return v;
  }));
}

// The root-mean-square entry of W2ᵀW2 − W1W1ᵀ − λ̂I expected for Ni = No = n, Nh = ratio · n:
// off-diagonal entries have variance 1/Ni + No/Nh², so RMS ≈ √((1 + 1/ratio²) / n).
/** @param {number} n @param {number} ratio */
export const expectedDeviation = (n, ratio) => Math.sqrt((1 + 1 / ratio ** 2) / n);

/** @param {Widths} widths */
const shapeOf = ({ input, hidden, output }) => `${input}–${hidden}–${output}`;

/** @import { Figure } from './index.js' */
/** @type {Figure} */
export default {
  id: '1c',
  title: 'Figure 1C: LeCun weights and λ-balance as the network grows wide',
  caption: 'A network with LeCun weight initialization in the infinite width limit becomes λ-balanced, as W₂ᵀW₂ − W₁W₁ᵀ approaches the scaled ' +
    'identity matrix.',
  made: [
    `Top: W₂ᵀW₂ − W₁W₁ᵀ for LeCun normal weights (W₁ ~ N(0, 1/Ni), W₂ ~ N(0, 1/Nh)): first the authors’ own network, Ni–Nh–No = ${shapeOf(AUTHORS_NETWORK)} ` +
    `(cell 9 of their notebook lecun_init_balanced.ipynb), then Ni = No = ${HEATMAP_N} with Nh = ${RATIOS.map((r) => r * HEATMAP_N).join(', ')} (ratios ${RATIOS.join(', ')}). ` +
    'Its expectation is (No/Nh − 1) I, and λ̂ = tr(W₂ᵀW₂ − W₁W₁ᵀ)/Nh read off the weights is close to it.',
    'What holds as the width grows is entrywise: the root-mean-square entry of W₂ᵀW₂ − W₁W₁ᵀ − λ̂I shrinks like 1/√n (bottom right, ' +
    `averaged over ${SEEDS.length} seeds; dashed: √((1 + 1/ratio²)/n), what the variance of the entries predicts). Its spectrum does not shrink ` +
    '(bottom left): the eigenvalues spread over an interval of fixed width around λ̂, so the spectral distance ‖W₂ᵀW₂ − W₁W₁ᵀ − λ̂I‖₂ (in the ' +
    'titles) stays of order 1 at every width: about 3, 6 and 8–10 for ratios 1, 3 and 5 from n = 8 to 96. W₂ᵀW₂ has rank at most No and W₁W₁ᵀ at most Ni, so for Nh > Ni + No at least Nh − Ni − No eigenvalues are exactly 0 while ' +
    'λ̂ is not, and a hidden layer wider than both sides admits no λ-balance but λ = 0: at ratios 3 and 5 here, λ̂ ≈ −2/3 and −4/5 is not a ' +
    'relative scale these networks can have. So the weights are not λ-balanced in the infinite-width limit, and the exact solution does not ' +
    'describe them: even in square networks (ratio 1, where λ̂ is admissible), the network function trained from LeCun weights departs from the ' +
    'exact solution from λ̂-balanced weights with the same W₂W₁(0) by about 60 % of its size (the largest gap over training, random task, ' +
    'n = 8, 16 and 32 alike): the gap does not close as the network grows.',
  ],
  columns: 4,
  link: { view: 'single', init: 'lecun', ni: 8, nh: 24, no: 8, items: 16, task: 'random', panels: ['loss', 'representations'] },
  async compute(submit) {
    const heatmapConfigs = [lecunNetworkConfig(AUTHORS_NETWORK, 1), ...RATIOS.map((ratio) => lecunConfig(HEATMAP_N, ratio, 1))];
    const sweepConfigs = RATIOS.flatMap((ratio) => WIDTHS.flatMap((n) => SEEDS.map((seed) => lecunConfig(n, ratio, seed))));
    const configs = [...heatmapConfigs, ...sweepConfigs];
    const results = await submit(configs);
    const spectra = results.slice(0, heatmapConfigs.length).map(balanceSpectrum);
    /** @type {FigurePanel[]} heatmaps, then charts of lines */
    const panels = spectra.map((sp, i) => {
      const admissible = admissibleLambda(sp.dims, sp.lambda);
      return { id: i === 0 ? 'balance-authors' : `balance-${RATIOS[i - 1]}`, kind: 'heatmap', area: [1, i + 1],
        title: `${i === 0 ? 'The authors’ network ' : ''}${shapeOf(sp.dims)}: λ̂ = ${sp.lambda.toFixed(3)} (expected ${sp.expected.toFixed(3)}${admissible ? '' : ', not admissible'}), ` +
          `spectral distance from λ̂I ${sp.spectralDeviation.toFixed(2)}${sp.zeros ? `, ${sp.zeros} zero eigenvalues` : ''}`,
        quantity: `W₂ᵀW₂ − W₁W₁ᵀ, ${shapeOf(sp.dims)}`, matrix: sp.matrix, scale: 1.5 };
    });
    /** @type {PlottedSeries[]} */
    const eigen = spectra.flatMap((sp, i) => {
      const x = sp.values.map((_, k) => (k + 0.5) / sp.values.length);
      return [{ label: `${shapeOf(sp.dims)} eigenvalues`, x, y: sp.values, color: curveColor(i), style: 'points' },
        { label: `${shapeOf(sp.dims)}: λ̂ = ${formatNumber(sp.lambda)}`, x: [0, 1], y: [sp.lambda, sp.lambda], color: curveColor(i), style: 'reference' }];
    });
    panels.push({ id: 'spectrum', kind: 'lines', area: [2, 1, 1, 2], title: 'Eigenvalues of W₂ᵀW₂ − W₁W₁ᵀ (sorted) against λ̂', quantity: 'eigenvalue of W₂ᵀW₂ − W₁W₁ᵀ',
      xTitle: 'rank of the eigenvalue / Nh', xName: 'rank / Nh', yTitle: 'eigenvalue', legend: true, series: eigen });
    /** @type {PlottedSeries[]} */
    const series = [];
    RATIOS.forEach((ratio, k) => {
      const rms = WIDTHS.map((n, w) => {
        const runs = SEEDS.map((_, s) => results[heatmapConfigs.length + (k * WIDTHS.length + w) * SEEDS.length + s]);
        return runs.reduce((sum, r) => sum + r.simulation.balanceDeviation[0] / r.dims.hidden, 0) / runs.length;
      });
      series.push({ label: `ratio ${ratio} (measured)`, x: WIDTHS, y: rms, color: curveColor(k + 1), style: 'points' },
        { label: `ratio ${ratio}: √((1 + 1/${ratio}²)/n)`, x: WIDTHS, y: WIDTHS.map((n) => expectedDeviation(n, ratio)), color: curveColor(k + 1), style: 'dashed' });
    });
    panels.push({ id: 'deviation', kind: 'lines', area: [2, 3, 1, 2], title: 'RMS entry of W₂ᵀW₂ − W₁W₁ᵀ − λ̂I against width (Ni = No = n)', quantity: 'RMS entry of W₂ᵀW₂ − W₁W₁ᵀ − λ̂I',
      xTitle: 'width n = Ni = No (Nh = ratio · n), log scale', xName: 'n', yTitle: 'RMS entry', logX: true, logY: true, legend: true, series });
    return { panels, runs: configs.map((config, i) => ({ config, result: results[i] })) };
  },
};
