// Inputs used as they are (issue 19 item 3), as a user does it: paste an X that is not white, untick
// "Whiten X", apply; the page draws gradient descent and says, where the exact curve would be, why
// there is none (λ-balanced random weights mix the modes); with weights aligned with the task (whose
// Σxx shares Σyx's input directions) the exact curve is drawn and ends at the least-squares Σyx Σxx⁻¹;
// the link keeps the choice.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, loadView, waitForIdle, rendered, searchParams, useSession, assertClean, canvasSummary, downloadFrom } from '../support/browser.mjs';

const TIMEOUT = 120_000;
const session = useSession();

const downloadJson = async (page) => JSON.parse((await downloadFrom(page, '#export-json')).text);
async function choose(page, select, label) {
  await page.evaluate(() => { document.querySelector('details.more-settings').open = true; });
  await page.selectOption(select, { label });
}
const notices = (page) => page.$$eval('.notice', (n) => n.map((e) => e.textContent).join(' | '));

// X Xᵀ/P = diag(4, 1) (not white); Y = diag(1.5, 0.5) X plus a part no linear map of X explains.
const X = [[2, 2, -2, -2, 2, 2, -2, -2], [1, -1, 1, -1, 1, -1, 1, -1]];
const extra = [1, -1, -1, 1, 1, -1, -1, 1].map((v) => 0.2 * v);
const Y = [X[0].map((x, k) => 1.5 * x + extra[k]), X[1].map((x) => 0.5 * x)];
const csv = (m) => m.map((row) => row.join(',')).join('\n');

test('X used as it is: the dialog says what the page shows; gradient descent is drawn with the reason for no exact curve, then the exact curve from aligned weights; the link keeps it',
  { timeout: TIMEOUT }, async () => {
    const { context, page, log } = await openPage(session);
    let link;
    try {
      await loadView(session, page, '?panels=loss,task&T=30');
      await choose(page, '#task-select', 'Your data…');
      const dialog = page.locator('dialog.data-dialog[open]');
      await dialog.waitFor();
      const whiten = dialog.locator('.data-whiten input[type="checkbox"]');
      const problems = () => dialog.locator('.data-problems:not([hidden]) li').allTextContents();
      // An X that cannot be whitened (rank 1 once centred) may still be used as it is.
      await dialog.locator('textarea').nth(0).fill('1,2,3,4\n2,3,4,5');
      await dialog.locator('textarea').nth(1).fill('1,0,1,0');
      await page.waitForFunction(() => /rank 1 < 2 inputs after centring/.test(document.querySelector('dialog.data-dialog[open]')?.textContent ?? ''));
      assert.equal(await dialog.locator('button.data-apply').isDisabled(), true);
      await whiten.click(); // untick it
      await page.waitForFunction(() => /^Ready: 4 items, 2 inputs, 1 output; X used as it is \(not white\)/.test(document.querySelector('dialog.data-dialog[open] .data-ready')?.textContent ?? ''));
      assert.deepEqual(await problems(), []);
      await whiten.click(); // ticked again: whitening is what the user asks for next
      await dialog.locator('textarea').nth(0).fill(csv(X));
      await dialog.locator('textarea').nth(1).fill(csv(Y));
      await page.waitForFunction(() => /^Ready: 8 items, 2 inputs, 2 outputs; X whitened/.test(document.querySelector('dialog.data-dialog[open] .data-ready')?.textContent ?? ''));
      // Not white: whitened by default, and whitening can be turned off.
      assert.equal(await whiten.isChecked(), true);
      assert.equal(await whiten.isDisabled(), false);
      assert.match(await dialog.textContent(), /X is not white \(X Xᵀ\/P differs from I by 3\), so it is whitened/);
      await whiten.click(); // untick it
      await page.waitForFunction(() => /^Ready: .*; X used as it is \(not white\)/.test(document.querySelector('dialog.data-dialog[open] .data-ready')?.textContent ?? ''));
      const text = await dialog.textContent();
      assert.match(text, /is used as it is: gradient descent follows W₂ᵀ\(Σyx − W₂W₁Σxx\)/);
      assert.match(text, /exact curve is drawn only for weights aligned with the task .* otherwise the page says, where the exact curve would be, why there is none/);
      let before = await rendered(page);
      // The dialog scrolls; a 720 px window shows Apply only partly until it is scrolled to the end.
      await dialog.locator('button.data-apply').evaluate((button) => button.scrollIntoView({ block: 'end' }));
      await dialog.locator('button.data-apply').click();
      await waitForIdle(page, before + 1);
      assert.equal(searchParams(page).get('task'), 'data');
      assert.match(await page.textContent('#data-summary'), /X used as it is \(not white/);
      // λ-balanced random weights: gradient descent only, and why, in the page's words.
      assert.match(await page.textContent('#single-status'), /simulation only/);
      assert.match(await notices(page), /No exact curve: the inputs are not white \(X Xᵀ\/P is not the identity\), and then the exact solution is known only for weights aligned with the task's modes \(Initialization “λ-balanced, aligned with the task”\); a balanced initialization mixes the modes/);
      assert.ok((await canvasSummary(page, '#panel-loss canvas')).colored > 100, 'the simulated loss is drawn');
      // The Task panel gives no half-learning time: its law is for white inputs.
      assert.match(await page.textContent('#panel-task'), /white inputs only: these are not white, so no time is given/);
      let json = await downloadJson(page);
      assert.equal(json.config.task.whiten, false);
      assert.equal(json.result.exact, null);
      assert.ok(json.result.simulation.loss.at(-1) < json.result.simulation.loss[0]);

      // Weights aligned with the task: Σxx = diag(4, 1) shares Σyx's input directions, so the exact curve is drawn.
      before = await rendered(page);
      await choose(page, '#init-select', 'λ-balanced, aligned with the task');
      await waitForIdle(page, before + 1);
      assert.match(await page.textContent('#single-status'), /simulation and exact solution/);
      assert.doesNotMatch(await notices(page), /No exact curve/);
      json = await downloadJson(page);
      assert.ok(json.result.exact, 'the exact trajectory is in the export');
      const exact = Array.from(json.result.exact.loss), simulated = Array.from(json.result.simulation.loss);
      // Both end near the least-squares loss floor ½P⁻¹‖extra‖² = 0.02 (not the white floor), the simulation close to the exact curve.
      assert.ok(Math.abs(exact.at(-1) - 0.02) < 1e-3, `final exact loss ${exact.at(-1)}`);
      const worst = Math.max(...exact.map((e, i) => Math.abs(e - simulated[i]) / exact[0]));
      assert.ok(worst < 0.05, `gradient descent follows the exact curve (worst ${worst})`);
      link = page.url();
      await assertClean(page, log, session.origin);
    } finally {
      await context.close();
    }
    // The link reproduces it in a fresh context: X used as it is, exact from aligned weights.
    const fresh = await openPage(session);
    try {
      await fresh.page.goto(link);
      await waitForIdle(fresh.page, 1);
      assert.match(await fresh.page.textContent('#data-summary'), /X used as it is \(not white/);
      assert.match(await fresh.page.textContent('#single-status'), /simulation and exact solution/);
      const json = await downloadJson(fresh.page);
      assert.equal(json.config.task.whiten, false);
      assert.ok(json.result.exact);
      await assertClean(fresh.page, fresh.log, session.origin);
    } finally {
      await fresh.context.close();
    }
  });
