// The hidden representations W1^T W1 (input side) and W2 W2^T (output side): their entries over
// training, and heatmaps at the time cursor, simulation beside the exact solution (Figure 2).
import { createTrajectoryChart, setTrajectories, setCursor, entrySeries } from '../charts/trajectory-chart.js';
import { createHeatmap, setMatrix, maxAbs } from '../charts/heatmap.js';
import { curveColor } from '../charts/palette.js';
import { el } from '../ui/dom.js';

const MAX_CURVES = 36;

// Curves for the upper triangle (with diagonal) of a symmetric matrix series.
function triangleCurves(simulation, exact, size) {
  const curves = [];
  for (let r = 0; r < size; r++) {
    for (let c = r; c < size && curves.length < MAX_CURVES; c++) {
      curves.push({ label: `[${r + 1},${c + 1}]`, color: curveColor(curves.length),
        simulation: entrySeries(simulation, r, c), exact: entrySeries(exact, r, c) });
    }
  }
  return curves;
}

export default {
  id: 'representations',
  title: 'Hidden representations',
  caption: 'W₁ᵀW₁ is how the hidden layer sees the inputs; W₂W₂ᵀ is how the outputs read it. ' +
    'At λ = 0 both take on the structure of the task (rich); as λ grows one side stays almost fixed (lazy). ' +
    'The heatmaps show the matrices at the time cursor: simulation left, exact solution right, on one colour scale.',
  metrics: ['representations'],
  create(card) {
    const lines = el('div', { class: 'chart-row' });
    const maps = el('div', { class: 'heatmap-grid' });
    card.body.append(lines, maps);
    const input = createTrajectoryChart(card.addChart('input-representation', 'Entries of W₁ᵀW₁ over time', { into: lines }), { yTitle: 'W₁ᵀW₁ entry', legend: false });
    const output = createTrajectoryChart(card.addChart('output-representation', 'Entries of W₂W₂ᵀ over time', { into: lines }), { yTitle: 'W₂W₂ᵀ entry', legend: false });
    const heat = {
      inputSim: createHeatmap(card.addChart('input-heatmap-simulation', 'W₁ᵀW₁ at the cursor · simulation', { size: 'square', into: maps })),
      inputExact: createHeatmap(card.addChart('input-heatmap-exact', 'W₁ᵀW₁ at the cursor · exact', { size: 'square', into: maps })),
      outputSim: createHeatmap(card.addChart('output-heatmap-simulation', 'W₂W₂ᵀ at the cursor · simulation', { size: 'square', into: maps })),
      outputExact: createHeatmap(card.addChart('output-heatmap-exact', 'W₂W₂ᵀ at the cursor · exact', { size: 'square', into: maps })),
    };
    card.charts.push(input, output, ...Object.values(heat));
    let scales = { input: 1, output: 1 };
    let last = null;

    const drawHeatmaps = ({ index }) => {
      const { result } = last;
      const at = (series) => (series && series.length ? series[Math.min(index, series.length - 1)] : null);
      setMatrix(heat.inputSim, at(result.simulation?.inputRepresentation), scales.input);
      setMatrix(heat.inputExact, at(result.exact?.inputRepresentation), scales.input);
      setMatrix(heat.outputSim, at(result.simulation?.outputRepresentation), scales.output);
      setMatrix(heat.outputExact, at(result.exact?.outputRepresentation), scales.output);
    };

    return {
      update(view) {
        last = view;
        const { result, times } = view;
        const { input: ni, output: no } = result.dims;
        setTrajectories(input, times, triangleCurves(result.simulation?.inputRepresentation, result.exact?.inputRepresentation, ni));
        setTrajectories(output, times, triangleCurves(result.simulation?.outputRepresentation, result.exact?.outputRepresentation, no));
        // One colour scale per side over the whole trajectory, so growth over time is visible.
        scales = {
          input: maxAbs(...(result.simulation?.inputRepresentation ?? []), ...(result.exact?.inputRepresentation ?? [])),
          output: maxAbs(...(result.simulation?.outputRepresentation ?? []), ...(result.exact?.outputRepresentation ?? [])),
        };
      },
      setTime(view) {
        setCursor(input, view.time);
        setCursor(output, view.time);
        if (last) drawHeatmaps(view);
      },
    };
  },
};
