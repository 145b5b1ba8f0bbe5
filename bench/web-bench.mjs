#!/usr/bin/env node
// The page and wasm benchmark (not a test). After `bash scripts/build.sh`:
//   node bench/web-bench.mjs [--quick] [--trajectories] [--min]
// 1. Page load to first full render in headless Chromium (median of fresh loads).
// 2. (λ input to charts redrawn is measured by bench/page-bench.mjs.)
// 3. Trajectory time, wasm vs native, for the configurations of bench/bench_trajectories.cpp
//    (square N = 3..64, P = 2N, 1000 times on [0, 20], λ = 1, σ = 0.1, balanced init seed 2, random
//    task seed 1, learning rate 0.005, QQᵀ recorded), the exact solution and gradient descent each:
//    - engine: the trajectory forming QQᵀ at each time, bench_trajectories built natively
//      (build/native/bin/bench_trajectories) and to wasm (build/wasm/bin/bench_trajectories.cjs, in
//      Node): the same C++ program on both sides, so the ratio is the engine's alone;
//    - run: run_experiment on the configuration (loss and QQᵀ recorded), in the same two programs;
//    - JS API: engine.run() from web/wasm in Node, as the page calls it (the configuration to JSON,
//      the run, and the result copied out of the wasm heap into Float64Arrays and nested rows),
//      against the native run;
//    - ldyn CLI: process start, run, JSON printed (to /dev/null).
// --trajectories runs part 3 only (no browser needed); --min reports the fastest runs instead of
// the medians (steadier on a busy machine).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { loadEngine, ldynPath, benchTrajectoriesPath, requireBuild, repoRoot } from '../tests/support/engine.mjs';
import { startSession, openPage, waitForRendered } from '../tests/support/browser.mjs';

const QUICK = process.argv.includes('--quick');
const TRAJECTORIES_ONLY = process.argv.includes('--trajectories');
const FASTEST = process.argv.includes('--min');
const PAGE_LOADS = QUICK ? 3 : 5;
const SIZES = QUICK ? [3, 8, 16, 32] : [3, 8, 16, 32, 64];
const wasmBenchPath = path.join(repoRoot, 'build', 'wasm', 'bin', 'bench_trajectories.cjs');

const median = (values) => quantile(values, 0.5);
function quantile(values, q) {
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * q;
  const lo = Math.floor(position), hi = Math.ceil(position);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (position - lo);
}
const ms = (value) => (value === undefined || Number.isNaN(value) ? '—' : value.toFixed(value < 10 ? 2 : 1));

function table(headers, rows) {
  const cells = [headers, ...rows].map((row) => row.map(String));
  const widths = headers.map((_, c) => Math.max(...cells.map((row) => row[c].length)));
  const line = (row) => row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ');
  return [line(cells[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

// Records, in the page, when body[data-rendered] changes (performance.now(), ms since navigation).
function renderClock() {
  window.__renders = [];
  new MutationObserver(() => window.__renders.push({ at: performance.now(), count: Number(document.body.dataset.rendered) }))
    .observe(document, { attributes: true, attributeFilter: ['data-rendered'], subtree: true });
}

async function benchPage() {
  const session = await startSession();
  try {
    const version = session.browser.version();
    // 1. Fresh loads: a new context (empty cache) each time.
    const loads = [];
    for (let i = 0; i < PAGE_LOADS; i++) {
      const { context, page } = await openPage(session, { viewport: { width: 1280, height: 900 } });
      await page.addInitScript(renderClock);
      const started = performance.now();
      await page.goto(session.url);
      await waitForRendered(page, 1, { timeout: 60_000 });
      const wall = performance.now() - started;
      const inPage = await page.evaluate(() => window.__renders[0]?.at);
      const nav = await page.evaluate(() => {
        const entry = performance.getEntriesByType('navigation')[0];
        return { domContentLoaded: entry?.domContentLoadedEventEnd, load: entry?.loadEventEnd };
      });
      loads.push({ wall, inPage, ...nav });
      await context.close();
    }

    return { version, loads };
  } finally {
    await session.close();
  }
}

function trajectoryConfig(n, { exact, metrics = ['qqt'] }) {
  return {
    schemaVersion: 1,
    dims: { input: n, hidden: n, output: n },
    task: { kind: 'random', items: 2 * n, seed: 1 },
    init: { kind: 'balanced', lambda: 1, sigma: 0.1, seed: 2 },
    times: { end: 20, count: 1000 },
    learningRate: 0.005,
    exact,
    simulate: !exact,
    metrics,
  };
}

// Median (or, with --min, fastest) of at least `repeats` timed runs and at least 0.2 s of them, after
// untimed runs for at least 0.2 s: the JIT's optimising tier and the wasm heap grown to size, as in
// bench_trajectories.cpp.
function timeRepeated(run, repeats) {
  const warm = performance.now();
  do run();
  while (performance.now() - warm < 200);
  const seconds = [];
  const timed = performance.now();
  while ((seconds.length < repeats || performance.now() - timed < 200) && seconds.length < 2000) {
    const started = performance.now();
    run();
    seconds.push(performance.now() - started);
  }
  return FASTEST ? Math.min(...seconds) : median(seconds);
}

function runCliSilently(config) {
  const child = spawnSync(ldynPath, ['--config', '-'], { input: JSON.stringify(config), stdio: ['pipe', 'ignore', 'pipe'], encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`ldyn failed: ${child.stderr}`);
}

// bench_trajectories (native, or the wasm build in Node) with --json: N -> {exact, simulation,
// runExact, runSimulation} in ms (median or fastest).
function runEngineBench(command, args, label) {
  if (!fs.existsSync(args.length ? args[0] : command)) return { missing: `(${label} is missing: bash scripts/build.sh)`, rows: new Map() };
  const child = spawnSync(command, [...args, '--json', '--sizes', SIZES.join(',')], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (child.status !== 0) throw new Error(`${label} failed: ${child.stderr}`);
  const rows = new Map();
  for (const line of child.stdout.split('\n').filter((l) => l.startsWith('{'))) {
    const row = JSON.parse(line);
    rows.set(row.n, FASTEST ? row.min : row.median);
  }
  return { rows };
}

async function benchTrajectories() {
  const { engine } = await loadEngine();
  const rows = [];
  for (const n of SIZES) {
    const repeats = n <= 16 ? 15 : 5;
    const cliRepeats = n <= 16 ? 9 : 3;
    const exactConfig = trajectoryConfig(n, { exact: true });
    const gdConfig = trajectoryConfig(n, { exact: false });
    rows.push({
      n,
      apiExact: timeRepeated(() => engine.run(exactConfig), repeats),
      apiSimulation: timeRepeated(() => engine.run(gdConfig), repeats),
      cliExact: timeRepeated(() => runCliSilently(exactConfig), cliRepeats),
      cliSimulation: timeRepeated(() => runCliSilently(gdConfig), cliRepeats),
    });
    process.stderr.write(`  N = ${n} done\n`);
  }
  return rows;
}

// The rich/lazy phase diagram at its default size (41 λ × 40 σ exact solutions on every core):
// fresh loads of ?view=phase, and recomputations in an open page (σ range edited).
async function benchPhaseDiagram() {
  const session = await startSession();
  const seconds = (text) => Number(/in ([\d.]+) s/.exec(text)?.[1]) * 1000;
  try {
    const fresh = [];
    for (let i = 0; i < (QUICK ? 2 : 3); i++) {
      const { context, page } = await openPage(session, { viewport: { width: 1280, height: 900 } });
      const started = performance.now();
      await page.goto(`${session.url}?view=phase`);
      await page.waitForFunction(() => Number(document.body.dataset.phaseRendered ?? 0) >= 1, null, { timeout: 120_000 });
      fresh.push({ wall: performance.now() - started, grid: seconds(await page.textContent('#phase-status')), status: await page.textContent('#phase-status') });
      await context.close();
    }
    const { context, page } = await openPage(session, { viewport: { width: 1280, height: 900 } });
    await page.goto(`${session.url}?view=phase`);
    await page.waitForFunction(() => Number(document.body.dataset.phaseRendered ?? 0) >= 1, null, { timeout: 120_000 });
    const again = [];
    for (let i = 0; i < (QUICK ? 2 : 4); i++) {
      const before = await page.evaluate(() => Number(document.body.dataset.phaseRendered));
      await page.evaluate((i) => history.pushState(null, '', location.search.replace(/sigmaMax=[^&]*/, `sigmaMax=${10 + i + 1}`)), i);
      await page.evaluate(() => window.dispatchEvent(new PopStateEvent('popstate')));
      await page.waitForFunction((n) => Number(document.body.dataset.phaseRendered) > n, before, { timeout: 120_000 });
      again.push(seconds(await page.textContent('#phase-status')));
    }
    await context.close();
    return { fresh, again };
  } finally {
    await session.close();
  }
}

async function main() {
  requireBuild();
  console.log(`web-bench: Node ${process.version}, ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown CPU'})${QUICK ? ', --quick' : ''}${FASTEST ? ', --min' : ''}\n`);

  if (!TRAJECTORIES_ONLY) await benchPageAndPhaseDiagram();

  process.stderr.write('trajectory benchmark (C++ and wasm engine, JS API in Node, ldyn CLI)...\n');
  const native = runEngineBench(benchTrajectoriesPath, [], 'build/native/bin/bench_trajectories');
  const wasm = runEngineBench(process.execPath, [wasmBenchPath], 'build/wasm/bin/bench_trajectories.cjs');
  const api = await benchTrajectories();
  const statistic = FASTEST ? 'fastest run' : 'median';
  console.log('== Trajectories: square N, P = 2N, 1000 times on [0, 20], λ = 1, σ = 0.1, GD learning rate 0.005 (4000 steps), QQᵀ recorded');
  console.log('   engine: bench_trajectories (the trajectory, QQᵀ formed at each time) natively (C++) and as wasm in Node;');
  console.log('   run: run_experiment (loss and QQᵀ recorded, no output) in the same two programs;');
  console.log('   JS API: engine.run() in Node (configuration in, result copied out of the heap into Float64Arrays), against the C++ run;');
  console.log('   ldyn CLI: process start, run, JSON printed (to /dev/null)\n');
  for (const [title, key, runKey, apiKey, cliKey] of [['exact solution', 'exact', 'runExact', 'apiExact', 'cliExact'],
    ['gradient descent', 'simulation', 'runSimulation', 'apiSimulation', 'cliSimulation']]) {
    console.log(`-- ${title} (ms, ${statistic}; ratio = wasm / C++)\n`);
    console.log(table(['N', 'P', 'engine wasm', 'C++', 'ratio', 'run wasm', 'C++', 'ratio', 'JS API', 'ratio', 'ldyn CLI'],
      api.map((r) => {
        const c = native.rows.get(r.n) ?? {}, w = wasm.rows.get(r.n) ?? {};
        const ratio = (a, b) => (a && b ? `${(a / b).toFixed(2)}x` : '—');
        return [r.n, 2 * r.n, ms(w[key]), ms(c[key]), ratio(w[key], c[key]), ms(w[runKey]), ms(c[runKey]), ratio(w[runKey], c[runKey]),
          ms(r[apiKey]), ratio(r[apiKey], c[runKey]), ms(r[cliKey])];
      })));
    console.log('');
  }
  for (const { missing } of [native, wasm]) if (missing) console.log(missing);
  console.log('(at least 15 timed runs for N <= 16 and 5 above, and at least 0.2 s of them, after 0.2 s of warm-up; ldyn CLI 9 / 3)');
}

async function benchPageAndPhaseDiagram() {
  process.stderr.write('page benchmark (headless Chromium)...\n');
  const page = await benchPage();
  console.log(`== Page (headless Chromium ${page.version}, 1280x900, default view: 3-3-3 network, 301 time points)\n`);
  const loadWall = page.loads.map((l) => l.wall), loadInPage = page.loads.map((l) => l.inPage);
  console.log(table(['page load to first full render', 'median (ms)', 'min (ms)', 'max (ms)'], [
    ['navigation start -> data-rendered = 1 (in page)', ms(median(loadInPage)), ms(Math.min(...loadInPage)), ms(Math.max(...loadInPage))],
    ['goto() -> render seen by the test (wall clock)', ms(median(loadWall)), ms(Math.min(...loadWall)), ms(Math.max(...loadWall))],
    ['DOMContentLoaded (in page)', ms(median(page.loads.map((l) => l.domContentLoaded))), '', ''],
  ]));
  console.log(`(${PAGE_LOADS} fresh loads, each in a new browser context)\n`);

  process.stderr.write('phase diagram benchmark...\n');
  const phase = await benchPhaseDiagram();
  console.log(`== Rich/lazy phase diagram, default size (${phase.fresh[0]?.status ?? ''})\n`);
  console.log(table(['phase diagram', 'median (ms)', 'min (ms)', 'max (ms)'], [
    ['fresh page: ?view=phase to diagram drawn (wall clock)', ms(median(phase.fresh.map((f) => f.wall))), ms(Math.min(...phase.fresh.map((f) => f.wall))), ms(Math.max(...phase.fresh.map((f) => f.wall)))],
    ['fresh page: the grid computation (status line)', ms(median(phase.fresh.map((f) => f.grid))), ms(Math.min(...phase.fresh.map((f) => f.grid))), ms(Math.max(...phase.fresh.map((f) => f.grid)))],
    ['open page: recomputing after an edit (status line)', ms(median(phase.again)), ms(Math.min(...phase.again)), ms(Math.max(...phase.again))],
  ]));
  console.log('');
}

main().catch((error) => {
  console.error(error?.stack ?? error);
  process.exit(1);
});
