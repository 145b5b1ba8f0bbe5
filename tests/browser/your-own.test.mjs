// Beyond the paper (issue 12), as a user does it: a task designed by its spectrum, pasted data (good
// and each kind of bad), a share link with the data reopened in a fresh browser context, explicit
// weights (balanced and not), a deep network, and data too large for a link.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, loadView, waitForIdle, rendered, searchParams, useSession, assertClean, canvasSummary, downloadFrom } from '../support/browser.mjs';
import { loadEngine } from '../support/engine.mjs';

const TIMEOUT = 90_000;
const session = useSession();

const downloadJson = async (page) => JSON.parse((await downloadFrom(page, '#export-json')).text);

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
  // A result matrix is a Tensor (flat data with a shape); its rows on request.
  const rows = (m) => m.rows().map((row) => Array.from(row).join(',')).join('\n');
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
    assert.match(notices, /for a network of 3 weight layers the exact solution is known when its weights are aligned with the task's modes/);
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

test('a depth-3 network from aligned weights gets its exact curves, and the page says why', { timeout: TIMEOUT }, async () => {
  const { context, page, log } = await openPage(session);
  try {
    await loadView(session, page, '?panels=loss&layers=3&init=aligned&lambda=0.5');
    assert.doesNotMatch(await page.textContent('#single-status'), /simulation only/);
    const notices = await page.$$eval('.notice', (n) => n.map((e) => e.textContent).join(' | '));
    assert.match(notices, /every mode is one scalar equation, so the exact curves are drawn/);
    assert.doesNotMatch(notices, /No exact curve/);
    const json = await downloadJson(page);
    assert.ok(json.result.exact, 'the exact trajectory is in the export');
    const exact = Array.from(json.result.exact.loss), simulated = Array.from(json.result.simulation.loss);
    assert.equal(exact.length, simulated.length);
    // Gradient descent (η = 0.01) follows the exact flow of the deep network closely.
    const worst = Math.max(...exact.map((e, i) => Math.abs(e - simulated[i]) / exact[0]));
    assert.ok(worst < 0.05, `the simulated loss stays within 5 % of the initial loss of the exact one (worst ${worst})`);
    assert.match(json.settings, /3 weight layers, exact from aligned weights/);
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
    assert.match(await page.textContent('#panel-compare-grid'), /gradient descent only \(a network of 4 weight layers has exact curves from aligned weights only\)/);
    assert.doesNotMatch(await page.textContent('#panel-compare-grid'), /exact dotted/);
    assert.match(await page.textContent('#panel-compare-grid'), /\(W_L⋯W₂\)\(W_L⋯W₂\)ᵀ diagonal/);
    await assertClean(page, log, session.origin);
  } finally {
    await context.close();
  }
});

// ---- issue 15: inputs that misled or blocked the page ----

const problemsOf = (dialog) => dialog.locator('.data-problems:not([hidden]) li').allTextContents();
const readyText = (dialog) => dialog.locator('.data-ready').textContent();
// The compressed text of a payload, made by the page's own encoder (as a share link holds it).
const encodeInPage = (page, payload) => page.evaluate(async (value) => (await import('./js/data/link.js')).encodeData(value), payload);

test('data in any units: inputs 1e5 apart whiten and train; Y = 1e160 is named by its cell and never "Ready"; minus signs and quoted cells',
  { timeout: TIMEOUT }, async () => {
    const { context, page, log } = await openPage(session);
    try {
      await loadView(session, page, '?panels=loss');
      await choose(page, 'Task', 'Your data…');
      const dialog = dataDialog(page);
      await dialog.waitFor();
      const [x, y] = [dialog.locator('textarea').nth(0), dialog.locator('textarea').nth(1)];
      const apply = dialog.locator('button.data-apply');
      // Two independent inputs, the first in units 1e5 larger, written with U+2212 minus signs.
      const first = [1, -0.5, 0.2, 0.9, -1.3, 0.4, -0.7, 1.1].map((v) => v * 1e5);
      const second = [0.3, 1.2, -0.4, 0.1, 0.6, -1.1, 0.8, -0.2];
      const minus = (row) => row.map((v) => String(v).replace('-', '\u2212')).join(',');
      await x.fill(`${minus(first)}\n${minus(second)}`);
      // A target whose square overflows double precision: named by its row and column.
      await y.fill('1,0,1e160,0,1,0,1,1');
      await page.waitForTimeout(400);
      assert.ok((await problemsOf(dialog)).some((p) => /^row 1, column 3: "1e160" is too large: its square overflows double precision in the loss/.test(p)),
        (await problemsOf(dialog)).join(' | '));
      assert.equal(await apply.isDisabled(), true);
      assert.doesNotMatch(await readyText(dialog), /Ready/);
      // A quoted cell with a decimal comma gets a specific hint.
      await y.fill('1,0,"1,5",0,1,0,1,1');
      await page.waitForTimeout(400);
      assert.ok((await problemsOf(dialog)).some((p) => /row 1, column 3: "1,5" is not a number \(a quoted cell with a decimal comma/.test(p)),
        (await problemsOf(dialog)).join(' | '));
      await y.fill('1,0,1,0,1,0,1,1');
      await page.waitForTimeout(400);
      assert.deepEqual(await problemsOf(dialog), [], 'inputs in different units are not "rank 1"');
      assert.match(await dialog.textContent(), /standard deviations range from .* whitening puts them on one scale/);
      assert.match(await readyText(dialog), /^Ready: 8 items, 2 inputs, 1 output; X whitened/);
      const before = await rendered(page);
      await apply.click();
      await waitForIdle(page, before + 1);
      assert.match(await page.textContent('#single-status'), /simulation and exact solution/);
      const json = await downloadJson(page);
      assert.equal(json.config.task.X[0][1], -0.5e5, 'U+2212 read as a minus sign');
      assert.ok(json.result.simulation.loss.every(Number.isFinite));
      await assertClean(page, log, session.origin);
    } finally {
      await context.close();
    }
  });

test('link weights that overflow or do not fit are refused with the dialog\'s words; no NaN; the other settings are kept', { timeout: TIMEOUT }, async () => {
  const { context, page, log } = await openPage(session);
  try {
    await loadView(session, page, '?panels=loss');
    const huge = await encodeInPage(page, { W1: [[1e200, 0, 0], [0, 1e200, 0], [0, 0, 1e200]], W2: [[1e200, 0, 0], [0, 1e200, 0], [0, 0, 1e200]] });
    await page.goto(`${session.url}?init=explicit&nh=3&lr=0.05&T=30&weights=${huge}`);
    await page.waitForFunction(() => /Not computed/.test(document.querySelector('#single-status')?.textContent ?? ''));
    const notices = await page.$$eval('.notice', (n) => n.map((e) => e.textContent).join(' | '));
    assert.match(notices, /Your weights \(“weights”\) in the link are not used: the weights are too large for double precision: W2ᵀW2 − W1W1ᵀ overflows\. The other settings are kept/);
    assert.doesNotMatch(await page.textContent('body'), /NaN|the exact solution applies/);
    assert.doesNotMatch(await page.textContent('label[for="lambda-slider"]'), /NaN/);
    assert.match(await page.textContent('#weights-summary'), /No weights yet/);
    assert.deepEqual([searchParams(page).get('init'), searchParams(page).get('lr'), searchParams(page).get('T')], ['explicit', '0.05', '30']);
    // Weights of another shape name the matrix and the shape it must have, not the engine's fields.
    const narrow = await encodeInPage(page, { W1: [[1, 0], [0, 1], [1, 1]], W2: [[1, 0, 0], [0, 1, 0], [0, 0, 1]] });
    await page.goto(`${session.url}?init=explicit&ni=3&nh=3&no=3&weights=${narrow}`);
    await page.waitForFunction(() => /Not computed/.test(document.querySelector('#single-status')?.textContent ?? ''));
    const shapeNotices = await page.$$eval('.notice', (n) => n.map((e) => e.textContent).join(' | '));
    assert.match(shapeNotices, /in the link are not used: W1 has 2 columns but the task has 3 inputs: W1 must be Nh × Ni, 3 columns/);
    assert.doesNotMatch(shapeNotices, /dims\.|initialization:/);
    await assertClean(page, log, session.origin);
  } finally {
    await context.close();
  }
});

test('notices follow their cause: skipped λ after Nh changes, "Nothing to download" after a view switch, a file note after the box is edited',
  { timeout: TIMEOUT }, async () => {
    const { context, page, log } = await openPage(session);
    try {
      await page.goto(`${session.url}?nh=5&lambdas=-2,0,2&view=compare`);
      const skipped = () => page.$$eval('.notice', (n) => n.map((e) => e.textContent).filter((t) => /skipped for this shape/.test(t)));
      await page.waitForFunction(() => /skipped for this shape/.test(document.querySelector('#notices')?.textContent ?? ''));
      assert.match((await skipped())[0], /-2,2 are skipped for this shape/);
      await page.evaluate(() => { document.querySelector('details.more-settings').open = true; });
      await page.fill('#nh-number', '3');
      await page.locator('#nh-number').press('Enter');
      await page.waitForFunction(() => new URLSearchParams(location.search).get('nh') === '3');
      assert.deepEqual(await skipped(), [], 'Nh = 3 admits every λ: the notice is gone');
      await page.fill('#nh-number', '6');
      await page.locator('#nh-number').press('Enter');
      await page.waitForFunction(() => /skipped for this shape \(.*Nh = 6/.test(document.querySelector('#notices')?.textContent ?? ''));
      assert.equal((await skipped()).length, 1, 'one notice, saying what holds now');
      // "Nothing to download" is said of the view on screen.
      await page.goto(`${session.url}?task=data&data=AAAAAAAAAAAAAAAAAAAA`);
      await page.waitForFunction(() => /Not computed/.test(document.querySelector('#single-status')?.textContent ?? ''));
      await page.click('#export-csv');
      await page.waitForFunction(() => /Nothing to download/.test(document.querySelector('#notices')?.textContent ?? ''));
      await page.click('#view-hierarchy');
      await page.waitForFunction(() => new URLSearchParams(location.search).get('view') === 'hierarchy');
      assert.doesNotMatch(await page.textContent('#notices'), /Nothing to download/);
      // A file's note goes when the user replaces the text it describes.
      await loadView(session, page, '?panels=loss');
      await choose(page, 'Task', 'Your data…');
      const dialog = dataDialog(page);
      await dialog.waitFor();
      // A file dropped on the Y box.
      await page.evaluate(() => {
        const files = new DataTransfer();
        files.items.add(new File(['1,0,1,0'], 'targets.csv', { type: 'text/csv' }));
        document.querySelectorAll('dialog[open] .data-drop')[1].dispatchEvent(new DragEvent('drop', { dataTransfer: files, bubbles: true, cancelable: true }));
      });
      const note = dialog.locator('.data-file-note').nth(1);
      await page.waitForFunction(() => /read "targets\.csv"/.test(document.querySelectorAll('dialog[open] .data-file-note')[1]?.textContent ?? ''));
      await dialog.locator('textarea').nth(1).fill('0,1,0,1');
      await page.waitForTimeout(300);
      assert.equal(await note.textContent(), '', 'the note no longer describes the box');
      assert.equal(await dialog.locator('.data-undo').nth(1).isHidden(), true);
      await assertClean(page, log, session.origin);
    } finally {
      await context.close();
    }
  });

test('a multi-megabyte paste is read off the page\'s thread with progress while the page keeps drawing and typing; text over the limit is refused at once',
  { timeout: TIMEOUT }, async () => {
    const { context, page, log } = await openPage(session);
    try {
      // Counts the workers the dialog starts to read text.
      await page.addInitScript(() => {
        const Original = window.Worker;
        window.__parseWorkers = 0;
        window.Worker = class extends Original {
          constructor(url, options) {
            super(url, options);
            if (String(url).includes('parse-worker')) window.__parseWorkers += 1;
          }
        };
      });
      await loadView(session, page, '?panels=loss');
      await choose(page, 'Task', 'Your data…');
      const dialog = dataDialog(page);
      await dialog.waitFor();
      // 32 inputs × 4096 items at full precision: 2.5 MB of text, within every limit.
      const big = await page.evaluate(() => {
        let seed = 7;
        const next = () => { seed = (seed * 16807) % 2147483647; return seed / 2147483647 - 0.5; };
        const text = Array.from({ length: 32 }, () => Array.from({ length: 4096 }, next).join(',')).join('\n');
        const target = Array.from({ length: 4096 }, next).join(',');
        // What the page sees while the text is read: each status text, frames drawn, keys typed.
        const seen = { statuses: [], framesWhileReading: 0, inputsWhileReading: 0 };
        const status = document.querySelectorAll('dialog[open] .data-status')[0];
        const reading = () => /^Reading/.test(status.textContent);
        const y = document.querySelectorAll('dialog[open] textarea')[1];
        new MutationObserver(() => {
          seen.statuses.push(status.textContent);
          // An edit of Y queued as X starts being read: the page takes it at once, not after X.
          if (seen.statuses.length === 1) setTimeout(() => { y.value += '1'; y.dispatchEvent(new Event('input')); });
        }).observe(status, { childList: true, characterData: true, subtree: true });
        const frame = () => { if (reading()) seen.framesWhileReading += 1; requestAnimationFrame(frame); };
        requestAnimationFrame(frame);
        y.addEventListener('input', () => { if (reading()) seen.inputsWhileReading += 1; });
        window.__seen = seen;
        const x = document.querySelectorAll('dialog[open] textarea')[0];
        x.value = text;
        x.dispatchEvent(new Event('paste'));
        x.dispatchEvent(new Event('input'));
        return { length: text.length, target };
      });
      assert.ok(big.length > 2_000_000, `${big.length} characters`);
      await page.waitForFunction(() => /32 rows of 4096 values/.test(document.querySelectorAll('dialog[open] .data-status')[0].textContent), null, { timeout: 60_000 });
      const seen = await page.evaluate(() => window.__seen);
      assert.ok(seen.statuses.some((s) => /^Reading 2\.\d MB of text… \d+ %$/.test(s)), seen.statuses.slice(0, 5).join(' | '));
      assert.ok(seen.framesWhileReading > 0, 'the page drew frames while the text was read');
      assert.ok(seen.inputsWhileReading > 0, 'an edit of Y was handled while X was read');
      assert.equal(await page.evaluate(() => window.__parseWorkers), 1);
      await dialog.locator('textarea').nth(1).fill(big.target);
      await page.waitForFunction(() => /^Ready: 4096 items, 32 inputs, 1 output/.test(document.querySelector('dialog[open] .data-ready').textContent), null, { timeout: 60_000 });
      // Beyond the limit: refused at once, in this thread, without a worker.
      const workers = await page.evaluate(() => window.__parseWorkers);
      await page.evaluate(() => {
        const x = document.querySelectorAll('dialog[open] textarea')[0];
        x.value = '0.5,'.repeat(1_400_000);
        x.dispatchEvent(new Event('paste'));
      });
      await page.waitForFunction(() => /the text is 5\.3 M characters long: at most 5\.0 M characters of text is read/.test(document.querySelector('dialog[open]').textContent));
      assert.equal(await dialog.locator('button.data-apply').isDisabled(), true);
      assert.equal(await page.evaluate(() => window.__parseWorkers), workers, 'no worker was started for it');
      await assertClean(page, log, session.origin);
    } finally {
      await context.close();
    }
  });
