// Beyond the paper (issue 12), as a user does it: a task designed by its spectrum, pasted data (good
// and each kind of bad), a share link with the data reopened in a fresh browser context, explicit
// weights (balanced and not), a deep network, and data too large for a link.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { openPage, loadView, waitForIdle, rendered, searchParams, useSession, assertClean, canvasSummary } from '../support/browser.mjs';
import { loadEngine } from '../support/engine.mjs';

const TIMEOUT = 90_000;
const session = useSession();

async function downloadJson(page) {
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 10_000 }), page.click('#export-json')]);
  return JSON.parse(fs.readFileSync(await download.path(), 'utf8'));
}

// Chooses an option of the settings' Task or Initialization select (opening "More settings").
const SELECTS = { Task: '#task-select', Initialization: '#init-select' };
async function choose(page, legend, label) {
  await page.evaluate(() => { document.querySelector('details.more-settings').open = true; });
  await page.selectOption(SELECTS[legend], { label });
}

const dataDialog = (page) => page.locator('dialog.data-dialog[open]');

// X: 3 inputs × 8 items with a header row, items as rows (the dialog transposes them); Y: 2 outputs.
const X_CSV = 'a,b,c\n1,0.5,0.2\n0.3,1.2,-0.4\n-0.8,0.1,0.9\n0.6,-1.1,0.3\n-0.2,0.7,-1.3\n1.4,-0.6,0.5\n-1.0,-0.3,0.8\n0.2,0.9,1.1';
const Y_CSV = 'y1,y2\n1,0\n0,1\n1,1\n0,0\n1,0\n0,1\n1,1\n0,1';

test('a task designed by its spectrum: presets set the singular values, the Task panel shows them, the link keeps them', { timeout: TIMEOUT }, async () => {
  const { context, page, log } = await openPage(session);
  try {
    await loadView(session, page, '?sigma=0.001&T=40&panels=singular,task');
    const before = await rendered(page);
    await choose(page, 'Task', 'Designed by its spectrum');
    await waitForIdle(page, before + 1);
    const next = await rendered(page);
    await page.click('button[data-preset="geometric"]');
    await waitForIdle(page, next + 1);
    assert.equal(searchParams(page).get('task'), 'spectrum');
    assert.deepEqual(searchParams(page).get('spectrum'), '4,2,1');
    // The table of modes lists exactly those values, and 1/s.
    const rows = await page.$$eval('.mode-table tbody tr', (trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent)));
    assert.deepEqual(rows.map((r) => r[1]), ['4', '2', '1']);
    assert.deepEqual(rows.map((r) => r[2]), ['0.25', '0.5', '1']);
    // Plateaus follow 1/s: the predicted half-learning times grow as s falls.
    const times = rows.map((r) => Number(r[4].replace('t ≈ ', '')));
    assert.ok(times[0] < times[1] && times[1] < times[2], `half-learning times ${times}`);
    // One slider per mode; moving one edits that mode only.
    assert.equal(await page.locator('.spectrum-sliders input[type="range"]').count(), 3);
    const json = await downloadJson(page);
    assert.deepEqual(Array.from(json.result.tasks[0].s).map((s) => Number(s.toFixed(12))), [4, 2, 1]);
    assert.equal(json.config.task.kind, 'spectrum');
    assert.match(json.settings, /· task by its spectrum \(singular values 4, 2, 1; /, 'the settings line names the designed task');
    await assertClean(page, log, session.origin);
  } finally {
    await context.close();
  }
});

test('pasted CSV data: every kind of bad input is named, nothing typed is lost; good data train and the link reproduces them in a fresh context',
  { timeout: TIMEOUT }, async () => {
    const { context, page, log } = await openPage(session);
    let link, original;
    try {
      await loadView(session, page, '?panels=loss');
      await choose(page, 'Task', 'Your data…');
      const dialog = dataDialog(page);
      await dialog.waitFor();
      assert.equal(searchParams(page).get('task'), 'random', 'choosing “Your data…” changes nothing until data are applied');
      const [x, y] = [dialog.locator('textarea').nth(0), dialog.locator('textarea').nth(1)];
      const apply = dialog.locator('button.data-apply');
      const problems = () => dialog.locator('.data-problems:not([hidden]) li').allTextContents();
      // A short row, a word, and a rank-deficient X, each named precisely.
      await x.fill('1,2,3\n4,5,6\n7,8\n1,2,3');
      await y.fill('1,0,1,0');
      await page.waitForTimeout(400);
      assert.ok((await problems()).some((p) => /row 3 has 2 values, expected 3/.test(p)), (await problems()).join(' | '));
      assert.equal(await apply.isDisabled(), true);
      await x.fill('1,2,3\n4,abc,6');
      await page.waitForTimeout(400);
      assert.ok((await problems()).some((p) => /row 2, column 2: "abc" is not a number/.test(p)), (await problems()).join(' | '));
      await x.fill('1,2,3,4\n2,4,6,8');
      await y.fill('1,0,1,0');
      await page.waitForTimeout(400);
      const text = await dialog.textContent();
      assert.match(text, /rank 1 < 2 inputs after centring: it cannot be whitened/);
      assert.equal(await apply.isDisabled(), true);
      // Cancel keeps what was typed.
      await dialog.getByRole('button', { name: 'Cancel', exact: true }).click();
      await page.click('#data-open').catch(async () => choose(page, 'Task', 'Your data…'));
      await dataDialog(page).waitFor();
      assert.equal(await x.inputValue(), '1,2,3,4\n2,4,6,8', 'the text typed is still there after Cancel');
      // Good data: items as rows with a header; the preview says what it read.
      await x.fill(X_CSV);
      await y.fill(Y_CSV);
      await page.waitForTimeout(400);
      assert.match(await dialog.textContent(), /items as rows/);
      assert.equal(await apply.isDisabled(), false);
      const before = await rendered(page);
      await apply.click();
      await waitForIdle(page, before + 1);
      assert.equal(searchParams(page).get('task'), 'data');
      assert.ok(searchParams(page).get('data').length > 20, 'the data are in the link');
      assert.match(await page.textContent('#data-summary'), /X: 3 inputs × 8 items, Y: 2 outputs; whitened\. They are in the link/);
      original = await downloadJson(page);
      assert.equal(original.config.task.kind, 'custom');
      assert.equal(original.result.dims.input, 3);
      assert.equal(original.result.dims.output, 2);
      link = page.url();
      await assertClean(page, log, session.origin);
    } finally {
      await context.close();
    }
    // A fresh context (nothing shared): the link alone reproduces the same numbers.
    const fresh = await openPage(session);
    try {
      await fresh.page.goto(link);
      await waitForIdle(fresh.page, 1);
      const again = await downloadJson(fresh.page);
      assert.deepEqual(again.config, original.config);
      assert.deepEqual(again.result.exact.loss, original.result.exact.loss);
      assert.deepEqual(again.result.simulation.loss, original.result.simulation.loss);
      await assertClean(fresh.page, fresh.log, session.origin);
    } finally {
      await fresh.context.close();
    }
  });

test('a damaged data link says what is wrong and which parameter, and draws nothing it did not compute', { timeout: TIMEOUT }, async () => {
  const { context, page, log } = await openPage(session);
  try {
    await page.goto(`${session.url}?task=data&data=AAAAAAAAAAAAAAAAAAAA`);
    await page.waitForFunction(() => /Not computed/.test(document.querySelector('#single-status')?.textContent ?? ''));
    const notices = await page.$$eval('.notice', (n) => n.map((e) => e.textContent).join(' | '));
    assert.match(notices, /Your data \(“data”\) could not be read from the link: the data in the link are damaged/);
    assert.match(notices, /No data to train on: the data this view needs are not loaded/);
    // The settings are kept (the link is what the user gave), and no empty axes stand in for a result.
    assert.equal(searchParams(page).get('task'), 'data');
    assert.equal(await page.isVisible('#view-single-content .view-body'), false);
    await assertClean(page, log, session.origin);
  } finally {
    await context.close();
  }
});

test('explicit weights: λ and the balance read off them; balanced ones get the exact solution, others do not', { timeout: TIMEOUT }, async () => {
  const api = await loadEngine();
  const made = api.engine.run({ dims: { input: 3, hidden: 4, output: 3 }, task: { kind: 'random', items: 6, seed: 1 },
    init: { kind: 'balanced', lambda: 0, sigma: 0.3, seed: 5 }, times: [0], simulate: false, metrics: ['loss'] });
  const rows = (m) => Array.from(m, (row) => Array.from(row).join(',')).join('\n');
  const { context, page, log } = await openPage(session);
  try {
    await loadView(session, page, '?panels=loss');
    await choose(page, 'Initialization', 'Your weights…');
    const dialog = page.locator('dialog.data-dialog[open]');
    await dialog.waitFor();
    await dialog.locator('textarea').nth(0).fill(rows(made.initialWeights.W1));
    await dialog.locator('textarea').nth(1).fill(rows(made.initialWeights.W2));
    await page.waitForTimeout(400);
    assert.match(await dialog.textContent(), /balanced to .*: the exact solution applies/);
    let before = await rendered(page);
    await dialog.locator('button.data-apply').click();
    await waitForIdle(page, before + 1);
    assert.equal(searchParams(page).get('init'), 'explicit');
    assert.equal(searchParams(page).get('nh'), '4', 'the weights set Nh');
    assert.match(await page.textContent('#weights-summary'), /λ-balanced: the exact solution applies/);
    assert.match(await page.textContent('#single-status'), /simulation and exact solution/);
    // Unbalanced weights: the page says there is no exact solution, and draws none.
    await page.click('#weights-open');
    await dialog.waitFor();
    await dialog.locator('textarea').nth(0).fill('1,0,0\n0,1,0\n0,0,1\n0.5,0.5,0.5');
    await dialog.locator('textarea').nth(1).fill('0.1,0,0,0\n0,0.1,0,0\n0,0,0.1,0');
    await page.waitForTimeout(400);
    assert.match(await dialog.textContent(), /no exact solution: the weights are not λ-balanced/);
    before = await rendered(page);
    await dialog.locator('button.data-apply').click();
    await waitForIdle(page, before + 1);
    assert.match(await page.textContent('#weights-summary'), /no exact solution: the weights are not λ-balanced/);
    assert.match(await page.textContent('#single-status'), /simulation only/);
    // The λ fields show the λ in use, read off the weights: tr(W2ᵀW2 − W1W1ᵀ)/Nh = (0.03 − 3.75)/4.
    assert.equal(Number(await page.inputValue('#lambda-number')), -0.93, 'the λ field shows the λ read off the weights');
    assert.equal(await page.textContent('label[for="lambda-slider"] .slider-value'), '= -0.93', 'and so does the slider');
    // What an export says the settings were: the user's weights, not a λ and σ they did not use.
    const exported = await downloadJson(page);
    assert.match(exported.settings, /^your weights · 3–4–3 network · random task/);
    await assertClean(page, log, session.origin);
  } finally {
    await context.close();
  }
});

test('a depth-3 network: gradient descent only, said plainly; the NTK is not drawn; the loss is', { timeout: TIMEOUT }, async () => {
  const { context, page, log } = await openPage(session);
  try {
    await loadView(session, page, '?panels=loss,ntk');
    await page.evaluate(() => { document.querySelector('details.more-settings').open = true; });
    const before = await rendered(page);
    const layers = page.locator('#layers-number');
    await layers.fill('3');
    await layers.press('Enter');
    await waitForIdle(page, before + 1);
    assert.equal(searchParams(page).get('layers'), '3');
    assert.match(await page.textContent('#single-status'), /simulation only/);
    const notices = await page.$$eval('.notice', (n) => n.map((e) => e.textContent).join(' | '));
    assert.match(notices, /exact solution is known for two-layer networks only: this network has 3 weight layers/);
    assert.match(notices, /Neural Tangent Kernel: defined for two-layer networks only/);
    assert.equal(await page.isVisible('#panel-ntk'), false);
    const loss = await canvasSummary(page, '#panel-loss canvas');
    assert.ok(loss.colored > 100, 'the loss is drawn');
    const json = await downloadJson(page);
    assert.deepEqual(Array.from(json.result.dims.layers), [3, 3, 3, 3]);
    assert.equal(json.result.exact, null);
    assert.match(json.settings, /3–3–3–3 network \(3 weight layers, gradient descent only\)/, 'the settings line names the depth');
    await assertClean(page, log, session.origin);
  } finally {
    await context.close();
  }
});

test('data too large for a link stay in the page, and the page says the link will not contain them', { timeout: TIMEOUT }, async () => {
  const { context, page, log } = await openPage(session);
  try {
    await loadView(session, page, '?panels=loss');
    await choose(page, 'Task', 'Your data…');
    const dialog = dataDialog(page);
    await dialog.waitFor();
    // 3 × 600 and 2 × 600 random values at full precision: far more than a link carries.
    const random = (rows, cols) => Array.from({ length: rows }, () => Array.from({ length: cols }, () => Math.random().toString()).join(',')).join('\n');
    await dialog.locator('textarea').nth(0).fill(random(3, 600));
    await dialog.locator('textarea').nth(1).fill(random(2, 600));
    await page.waitForTimeout(600);
    const before = await rendered(page);
    await dialog.locator('button.data-apply').click();
    await waitForIdle(page, before + 1);
    assert.equal(searchParams(page).get('data'), 'local');
    assert.match(await page.textContent('#data-summary'), /a shared link will not contain them/);
    const notices = await page.$$eval('.notice', (n) => n.map((e) => e.textContent).join(' | '));
    assert.match(notices, /Your data: your data take \d+ characters in a link, more than the 6000/);
    await assertClean(page, log, session.origin);
  } finally {
    await context.close();
  }
});

test('a deep network in Compare says gradient descent only, and never that exact curves are unaffected', { timeout: TIMEOUT }, async () => {
  const { context, page, log } = await openPage(session);
  try {
    // L = 4 at the default settings: some of the twelve runs diverge.
    await page.goto(`${session.url}?layers=4&view=compare&lr=0.05`);
    await page.waitForFunction(() => Number(document.body.dataset.compareRendered ?? 0) >= 1, null, { timeout: 30_000 });
    const notices = await page.$$eval('.notice', (n) => n.map((e) => e.textContent).join(' | '));
    assert.match(notices, /No exact curves/);
    assert.match(notices, /Gradient descent diverged in \d+ of the 12 runs/);
    assert.doesNotMatch(notices, /exact curves are unaffected/);
    assert.match(await page.textContent('#panel-compare-grid'), /gradient descent only \(a network of 4 weight layers has no exact solution\)/);
    assert.doesNotMatch(await page.textContent('#panel-compare-grid'), /exact dotted/);
    assert.match(await page.textContent('#panel-compare-grid'), /\(W_L⋯W₂\)\(W_L⋯W₂\)ᵀ diagonal/);
    await assertClean(page, log, session.origin);
  } finally {
    await context.close();
  }
});
