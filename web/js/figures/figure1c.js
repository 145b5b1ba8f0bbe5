// Figure 1C: LeCun-initialised networks become λ-balanced as they grow wide: W2^T W2 − W1 W1^T
// approaches (No/Nh − 1) I. Heatmaps at three widths and the deviation from the scaled identity
// against width, with the rate expected from the entries' variances.
import { ENGINE_SCHEMA_VERSION } from '../state/config.js';
import { curveColor } from '../charts/palette.js';

export const RATIOS = [1, 3, 5];
export const HEATMAP_N = 40;
export const WIDTHS = [8, 16, 32, 64, 96];
export const SEEDS = [1, 2, 3, 4];

// One LeCun network Ni = No = n, Nh = ratio · n, recorded at t = 0 only (gradient descent takes no
// step: its balance deviation at t = 0 is ‖W2ᵀW2 − W1W1ᵀ − λ̂I‖ with λ̂ read off the weights).
export function lecunConfig(n, ratio, seed) {
  return { schemaVersion: ENGINE_SCHEMA_VERSION, dims: { input: n, hidden: ratio * n, output: n }, task: { kind: 'random', items: n, seed: 1 },
    init: { kind: 'lecun', seed }, times: [0], learningRate: 0.01, exact: false, metrics: ['balanceDeviation'] };
}

// W2ᵀW2 − W1W1ᵀ (Nh × Nh) from the weights' rows.
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
export const expectedDeviation = (n, ratio) => Math.sqrt((1 + 1 / ratio ** 2) / n);

export default {
  id: '1c',
  title: 'Figure 1C: LeCun weights become λ-balanced as the network grows wide',
  caption: 'A network with LeCun weight initialization in the infinite width limit becomes λ-balanced, as W₂ᵀW₂ − W₁W₁ᵀ approaches the scaled ' +
    'identity matrix.',
  made: [
    `Top: W₂ᵀW₂ − W₁W₁ᵀ for LeCun normal weights (W₁ ~ N(0, 1/Ni), W₂ ~ N(0, 1/Nh)) with Ni = No = ${HEATMAP_N} and Nh = ${RATIOS.map((r) => r * HEATMAP_N).join(', ')} ` +
    '(the widths of the authors’ notebook, ratios 1, 3, 5). Its expectation is (No/Nh − 1) I: λ = 0, −2/3 and −4/5.',
    'Bottom: how far it is from the scaled identity, as the root-mean-square entry of W₂ᵀW₂ − W₁W₁ᵀ − λ̂I (λ̂ read off the weights), against ' +
    `the width n = Ni = No with Nh = ratio · n, averaged over ${SEEDS.length} seeds; dashed: √((1 + 1/ratio²)/n), what the variance of the entries predicts. ` +
    'It shrinks like 1/√n: in the infinite-width limit the weights are λ-balanced.',
  ],
  columns: 3,
  link: { view: 'single', init: 'lecun', ni: 8, nh: 24, no: 8, items: 16, task: 'random', panels: ['loss', 'representations'] },
  async compute(submit) {
    const heatmapConfigs = RATIOS.map((ratio) => lecunConfig(HEATMAP_N, ratio, 1));
    const sweepConfigs = RATIOS.flatMap((ratio) => WIDTHS.flatMap((n) => SEEDS.map((seed) => lecunConfig(n, ratio, seed))));
    const configs = [...heatmapConfigs, ...sweepConfigs];
    const results = await submit(configs);
    /** @type {Array<Record<string, any>>} heatmaps, then a chart of lines */
    const panels = RATIOS.map((ratio, i) => {
      const r = results[i];
      const expected = 1 / ratio - 1;
      return { id: `balance-${ratio}`, kind: 'heatmap', area: [1, i + 1], title: `Nh = ${ratio * HEATMAP_N} (ratio ${ratio}): λ̂ = ${r.lambda.toFixed(3)}, expected ${expected.toFixed(3)}`,
        quantity: `W₂ᵀW₂ − W₁W₁ᵀ, Nh = ${ratio * HEATMAP_N}`, matrix: balanceMatrix(r.initialWeights.W1, r.initialWeights.W2), scale: 1.5 };
    });
    const series = [];
    RATIOS.forEach((ratio, k) => {
      const rms = WIDTHS.map((n, w) => {
        const runs = SEEDS.map((_, s) => results[RATIOS.length + (k * WIDTHS.length + w) * SEEDS.length + s]);
        return runs.reduce((sum, r) => sum + r.simulation.balanceDeviation[0] / r.dims.hidden, 0) / runs.length;
      });
      series.push({ label: `ratio ${ratio} (measured)`, x: WIDTHS, y: rms, color: curveColor(k), style: 'points' },
        { label: `ratio ${ratio}: √((1 + 1/${ratio}²)/n)`, x: WIDTHS, y: WIDTHS.map((n) => expectedDeviation(n, ratio)), color: curveColor(k), style: 'dashed' });
    });
    panels.push({ id: 'deviation', kind: 'lines', area: [2, 1, 1, 3], title: 'Distance from the scaled identity against width', quantity: 'RMS entry of W₂ᵀW₂ − W₁W₁ᵀ − λ̂I',
      xTitle: 'width n = Ni = No (Nh = ratio · n), log scale', xName: 'n', yTitle: 'RMS deviation', logX: true, logY: true, legend: true, series });
    return { panels, runs: configs.map((config, i) => ({ config, result: results[i] })) };
  },
};
