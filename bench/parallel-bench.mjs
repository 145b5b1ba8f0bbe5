#!/usr/bin/env node
// Long single trajectories: what running the exact solution and the simulation on two workers buys,
// how busy the cores are, and how fast Cancel frees them. Not a test. After `bash scripts/build.sh`:
//   node bench/parallel-bench.mjs [--quick]
// 1. In Node, with worker_threads running the same wasm engine as the page: each configuration's
//    whole run in one worker, against its exact part and its simulation part in two workers at once
//    (what the page's scheduler does, web/js/engine/scheduler.js), median of 3.
// 2. In headless Chromium, Explore on a long run: the busy workers sampled every 50 ms while it
//    runs; then Cancel clicked once the progress bar shows, and the time until the status says
//    "Cancelled" and until no worker is busy (the worker terminated), median of 5.
import { Worker } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import os from 'node:os';
import { facadePath, wasmBinaryPath } from '../tests/support/engine.mjs';
import { splitTrajectories } from '../web/js/engine/scheduler.js';
import { startSession, openPage } from '../tests/support/browser.mjs';

const QUICK = process.argv.includes('--quick');
const REPEATS = QUICK ? 1 : 3;
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

// A worker that runs configurations on the engine and answers with the milliseconds each took.
const WORKER = `
import { parentPort, workerData } from 'node:worker_threads';
import fs from 'node:fs';
const { createEngine } = await import(new URL('file://' + workerData.facade).href);
const engine = await createEngine({ wasmBinary: fs.readFileSync(workerData.wasm) });
parentPort.on('message', (config) => {
  const started = performance.now();
  engine.run(config);
  parentPort.postMessage(performance.now() - started);
});
parentPort.postMessage('ready');
`;

function startWorker() {
  const worker = new Worker(WORKER, { eval: true, type: 'module', workerData: { facade: facadePath, wasm: wasmBinaryPath } });
  const ready = new Promise((resolve) => worker.once('message', resolve));
  return { worker, ready, run: (config) => new Promise((resolve) => { worker.once('message', resolve); worker.postMessage(config); }) };
}

// A square network of width n on a random task; lr small enough for gradient descent at this λ.
const square = (n, lambda, T, lr) => ({ dims: { input: n, hidden: n, output: n }, task: { kind: 'random', items: 2 * n, seed: 1 },
  init: { kind: 'balanced', lambda, sigma: 0.05, seed: 1 }, times: { end: T, count: 301 }, learningRate: lr,
  metrics: ['loss', 'singularValues', 'outputs', 'representations', 'kernelDistance'] });

const CASES = [
  ['3-3-3, λ = 0, T = 20 (the default page)', square(3, 0, 20, 0.01)],
  ['16-16-16, λ = 0, T = 200, η = 0.01', square(16, 0, 200, 0.01)],
  ['16-16-16, λ = 500, T = 100, η = 0.001 (large λ: long exact)', square(16, 500, 100, 0.001)],
  ['32-32-32, λ = 2000, T = 50, η = 0.0005', square(32, 2000, 50, 0.0005)],
];

async function nodePart() {
  const a = startWorker(), b = startWorker();
  await Promise.all([a.ready, b.ready]);
  console.log(`1. exact ‖ simulation in two workers (Node ${process.version}, ${os.cpus().length} cores, median of ${REPEATS})\n`);
  console.log('| configuration | whole, one worker (ms) | exact part (ms) | simulation part (ms) | both parts at once (ms) | speed-up |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  for (const [name, config] of CASES) {
    const [exact, simulation] = splitTrajectories([config], 2).map((p) => p.config);
    const whole = [], parts = [], exactTimes = [], simTimes = [];
    for (let r = 0; r < REPEATS; r++) {
      whole.push(await a.run(config));
      const started = performance.now();
      const [e, s] = await Promise.all([a.run(exact), b.run(simulation)]);
      parts.push(performance.now() - started);
      exactTimes.push(e);
      simTimes.push(s);
    }
    const w = median(whole), p = median(parts);
    console.log(`| ${name} | ${w.toFixed(0)} | ${median(exactTimes).toFixed(0)} | ${median(simTimes).toFixed(0)} | ${p.toFixed(0)} | ${(w / p).toFixed(2)}× |`);
  }
  await Promise.all([a.worker.terminate(), b.worker.terminate()]);
}

// The long job of the browser tests (flows.test.mjs 6a/6b): gradient descent for 5e5 steps.
const LONG = '?ni=32&nh=64&no=32&items=64&lr=0.001&T=500&panels=loss';

async function browserPart() {
  const session = await startSession();
  try {
    console.log('\n2. Explore on a long run (headless Chromium)\n');
    const cancelToStatus = [], cancelToFree = [], busySamples = [];
    for (let r = 0; r < (QUICK ? 2 : 5); r++) {
      const { context, page } = await openPage(session);
      await page.goto(`${session.url}${LONG}`);
      await page.waitForFunction(() => document.querySelector('#view-single-content .view-status .progress')?.dataset.shown === 'true', null, { timeout: 60_000 });
      // Busy workers while it runs, for a second.
      for (let i = 0; i < 20; i++) {
        busySamples.push(await page.evaluate(() => window.__ldynStats().busy));
        await page.waitForTimeout(50);
      }
      const times = await page.evaluate(() => new Promise((resolve) => {
        const started = performance.now();
        let status = null;
        document.querySelector('#single-cancel').click();
        const poll = () => {
          const now = performance.now();
          if (status === null && /cancel/i.test(document.querySelector('#single-status').textContent)) status = now - started;
          if (status !== null && window.__ldynStats().busy === 0) resolve({ status, free: now - started });
          else requestAnimationFrame(poll);
        };
        poll();
      }));
      cancelToStatus.push(times.status);
      cancelToFree.push(times.free);
      await context.close();
    }
    const mean = busySamples.reduce((s, v) => s + v, 0) / busySamples.length;
    console.log('| measure | value |');
    console.log('| --- | --- |');
    console.log(`| busy workers while it runs (max / mean of ${busySamples.length} samples) | ${Math.max(...busySamples)} / ${mean.toFixed(2)} |`);
    console.log(`| Cancel → status says "Cancelled" (median) | ${median(cancelToStatus).toFixed(0)} ms |`);
    console.log(`| Cancel → no worker busy (median; the worker is terminated) | ${median(cancelToFree).toFixed(0)} ms |`);
  } finally {
    await session.close();
  }
}

await nodePart();
await browserPart();
