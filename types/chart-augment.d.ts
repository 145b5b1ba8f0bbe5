// What this project adds to Chart.js's types: its plugins' options (web/js/charts), the `exact`
// flag of a dataset drawn from the exact solution, and the `$`-prefixed values its charts carry.
import type { ChartType, Tick } from 'chart.js';

declare module 'chart.js' {
  interface PluginOptionsByType<TType extends ChartType> {
    /** charts/trajectory-chart.js: the vertical line at the time cursor. */
    timeCursor?: { time: number };
    /** charts/trajectory-chart.js: the marker where gradient descent diverged (NaN: none). */
    divergence?: { time: number };
    /** charts/sequence-charts.js: the phases of a sequence of tasks. */
    phaseBands?: { bands: Array<{ start: number; end: number; label: string; short?: string }> };
    /** charts/phase-chart.js: the current cell, the keyboard focus and the colour bar. */
    phaseOverlay?: {
      current: { r: number; c: number } | null;
      focus: { r: number; c: number } | null;
      showFocus: boolean;
      scale: import('../web/js/charts/colour-scale.js').ColourScale | null;
      quantityLabel: string;
    };
  }

  interface ChartDatasetProperties<TType extends ChartType, TData> {
    /** A curve of the exact solution (dotted, left out of the legend). */
    exact?: boolean;
    /** A reference line (e.g. a target singular value), not a trajectory. */
    reference?: boolean;
    /** charts/trajectory-chart.js: the index of the curve a simulation/exact pair of datasets draws. */
    curve?: number;
  }

  interface Chart<TType, TData, TLabel> {
    /** Trajectory charts: a log y axis, the x variable's name, the canvas's label, the time span. */
    $logY?: boolean;
    $xName?: string;
    $label?: string;
    $timeRange?: [number, number] | null;
    /** charts/trajectory-chart.js: the x axis's title, the time axis ('linear' or 'log'), a y range shared with other charts. */
    $xTitle?: string;
    $timeAxis?: 'linear' | 'log';
    $yRange?: [number, number] | null;
    /** charts/trajectory-chart.js: when a diverged simulation first leaves the drawn y range (NaN: it does not). */
    $leavesAt?: number;
    /** charts/equal-units.js: a square chart area (equal units on both axes), and the padding that makes it so. */
    $equalUnits?: boolean;
    $squarePad?: number;
    /** The phase diagram: its grid, the value shown and its colour scale. */
    $grid?: { lambdas: number[]; sigmas: number[] } | null;
    $field?: string;
    $scale?: import('../web/js/charts/colour-scale.js').ColourScale | null;
  }

  interface Scale<O> {
    /** charts/trajectory-chart.js: the range and ticks it computed for the axis (null: Chart.js's own). */
    $axis?: { min: number; max: number; ticks: number[] } | null;
    /** charts/trajectory-chart.js: the ticks the labels were computed for, and those labels. */
    $labelsFor?: Tick[];
    $labels?: string[];
  }
}
