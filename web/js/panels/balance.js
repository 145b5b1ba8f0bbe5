// How far gradient descent drifts from λ-balance, the engine's balanceDeviation metric
// ‖W₂ᵀW₂ − W₁W₁ᵀ − λI‖ (docs/cli.md, Result). The exact solution has no curve here: the gradient
// flow conserves W₂ᵀW₂ − W₁W₁ᵀ, so its deviation is 0, and the engine records it for the simulation only.
import { createTrajectoryChart, setTrajectories, setCursor } from '../charts/trajectory-chart.js';
import { curveColor } from '../charts/palette.js';
/** @import { Panel } from './index.js' */

/** @type {Panel} */
export default {
  id: 'balance',
  title: 'Balance',
  caption: 'How far gradient descent is from λ-balance: ‖W₂ᵀW₂ − W₁W₁ᵀ − λI‖ (Frobenius norm; for a deep network the largest over its hidden layers), log scale. ' +
    'The exact solution follows the gradient flow, which conserves W₂ᵀW₂ − W₁W₁ᵀ: it stays λ-balanced (0 up to rounding), so it has no curve here. ' +
    'A gradient-descent step of size η breaks the balance by at most η² times its squared gradient, so the drift adds up to at most about η times the loss ' +
    'lost so far: it stops growing when learning is done, and a smaller η drifts less. From random, unbalanced weights (Gaussian, LeCun) it starts far from 0.',
  metrics: ['balanceDeviation'],
  create(card) {
    const chart = createTrajectoryChart(card.addChart('balance', 'Deviation from λ-balance over training time'),
      { yTitle: '‖W₂ᵀW₂ − W₁W₁ᵀ − λI‖', logY: true, legend: false });
    card.charts.push(chart);
    return {
      update({ result, times }) {
        setTrajectories(chart, times, [{ label: 'gradient descent', color: curveColor(0), simulation: result.simulation?.balanceDeviation, exact: null }],
          { divergedAt: result.simulation?.diverged?.time });
      },
      setTime({ time }) {
        setCursor(chart, time);
      },
    };
  },
};
