// What the user types, chooses or sets while the page is busy redrawing (Play, "Sweep λ", a result
// landing) stays theirs. Real mouse clicks and key presses; each test states what the page did
// before its fix.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  openPage, loadView, waitForIdle, searchParams, waitForParam, openMoreSettings, LAMBDA_SLIDER, LAMBDA_NUMBER, useSession, assertClean,
} from '../support/browser.mjs';

const VIEWPORT = { width: 1280, height: 900 };
const session = useSession();
const fresh = () => openPage(session, { viewport: VIEWPORT });

const counter = (page, name) => page.evaluate((n) => Number(document.body.dataset[n] ?? 0), name);
const waitForCounter = (page, name, count) => page.waitForFunction(([n, c]) => Number(document.body.dataset[n] ?? 0) >= c
  && !document.querySelector('.view-status[data-busy="true"]'), [name, count], { timeout: 60_000 });
// Lets the page run `count` animation frames (each a frame of Play or of the sweep).
const frames = (page, count = 20) => page.evaluate((n) => new Promise((resolve) => {
  let left = n;
  const next = () => (--left <= 0 ? resolve() : requestAnimationFrame(next));
  requestAnimationFrame(next);
}), count);

// Explore at T = 20, "Sweep λ" pressed, until it has moved λ to 1 or more.
async function startSweep(page) {
  await loadView(session, page, '?T=20');
  await waitForIdle(page, 1);
  await page.click('#sweep-button');
  await page.waitForFunction(() => Number(new URLSearchParams(location.search).get('lambda')) >= 1, null, { timeout: 20_000 });
}

// A click into a text field (the mouse), everything in it selected and replaced by typed keys.
async function typeInto(page, selector, text) {
  await page.click(selector);
  await page.keyboard.press('Control+A');
  await page.keyboard.type(text);
}

// Before: a λ list the field refused (typed, then Tab) was replaced by the state's list at the
// next redraw (every frame of Compare's Play), while its reason stayed: the field showed the old,
// valid list marked invalid, and what the user typed was gone.
test('a refused λ list keeps its text and reason while Compare plays; fixed and tabbed away, it applies; Back shows the entry’s list', { timeout: 90_000 }, async () => {
  const { context, page, log } = await fresh();
  try {
    await loadView(session, page, '?view=compare&T=20&t=0', { count: 0 });
    await waitForCounter(page, 'compareRendered', 1);
    await typeInto(page, '#compare-lambdas', '-1, abc, 3');
    await page.keyboard.press('Tab');
    assert.match(await page.textContent('#compare-lambdas-message'), /enter 1 to 6 different numbers/);
    await page.click('#compare-play');
    const start = Number(await page.inputValue('#compare-time-cursor'));
    await page.waitForFunction((s) => Number(document.querySelector('#compare-time-cursor').value) >= s + 5, start);
    assert.equal(await page.inputValue('#compare-lambdas'), '-1, abc, 3', 'the refused text is still there');
    assert.equal(await page.getAttribute('#compare-lambdas', 'aria-invalid'), 'true');
    assert.match(await page.textContent('#compare-lambdas-message'), /enter 1 to 6 different numbers/);
    assert.equal(searchParams(page).get('lambdas'), '-2,0,2', 'not applied');
    await page.click('#compare-play'); // pause
    await typeInto(page, '#compare-lambdas', '-1, 1, 3');
    await page.keyboard.press('Tab'); // a blur commits, as Enter does
    await waitForParam(page, 'lambdas', '-1,1,3');
    assert.equal(await page.textContent('#compare-lambdas-message'), '');
    assert.equal(await page.getAttribute('#compare-lambdas', 'aria-invalid'), 'false');
    await page.goBack();
    await waitForParam(page, 'lambdas', '-2,0,2');
    assert.equal(await page.inputValue('#compare-lambdas'), '-2, 0, 2', 'the field shows the entry’s list');
    await assertClean(page, log, session.origin);
  } finally {
    await context.close();
  }
});

// Before: the same with a shape of the architectures view: a refused shape went back to the
// state's at the next redraw (here another setting's edit and its result), its reason staying.
test('a refused shape keeps its text and reason while the architectures view redraws; fixed, Enter applies it', { timeout: 120_000 }, async () => {
  const { context, page, log } = await fresh();
  try {
    await loadView(session, page, '?view=architectures', { count: 0 });
    await waitForCounter(page, 'architecturesRendered', 1);
    await typeInto(page, '#architecture-shape-1', '3-3');
    await page.keyboard.press('Tab');
    assert.match(await page.textContent('#architecture-shape-1-message'), /three whole numbers/);
    const drawn = await counter(page, 'architecturesRendered');
    await typeInto(page, '#sigma-number', '0.1');
    await page.keyboard.press('Enter');
    await waitForParam(page, 'sigma', '0.1');
    await waitForCounter(page, 'architecturesRendered', drawn + 1);
    assert.equal(await page.inputValue('#architecture-shape-1'), '3-3', 'the refused text is still there');
    assert.match(await page.textContent('#architecture-shape-1-message'), /three whole numbers/);
    await typeInto(page, '#architecture-shape-1', '4-4-4');
    await page.keyboard.press('Enter');
    await waitForParam(page, 'shapes', '6-3-3,4-4-4,3-3-6');
    assert.equal(await page.textContent('#architecture-shape-1-message'), '');
    await assertClean(page, log, session.origin);
  } finally {
    await context.close();
  }
});

// Before: during "Sweep λ" the arrow keys on the λ slider were overwritten by the sweep's next
// frame, the sweep went on, and Stop put back the λ from before the sweep: the user's λ was lost.
test('arrow keys on the λ slider during a sweep end it at the user’s λ; Back gives the λ from before', { timeout: 60_000 }, async () => {
  const { context, page, log } = await fresh();
  try {
    await startSweep(page);
    await page.focus(LAMBDA_SLIDER);
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    await frames(page);
    assert.equal(await page.getAttribute('#sweep-button', 'aria-pressed'), 'false', 'the sweep has stopped');
    const chosen = await page.inputValue(LAMBDA_SLIDER);
    await frames(page);
    await waitForParam(page, 'lambda', chosen);
    assert.equal(await page.inputValue(LAMBDA_SLIDER), chosen, 'λ stays where the arrows put it');
    assert.equal(await page.inputValue(LAMBDA_NUMBER), chosen);
    assert.notEqual(chosen, '0');
    await page.goBack();
    await waitForParam(page, 'lambda', '0');
    assert.equal(await page.inputValue(LAMBDA_NUMBER), '0');
    await assertClean(page, log, session.origin);
  } finally {
    await context.close();
  }
});

// Before: a λ typed into the number field during "Sweep λ" was overwritten at every frame, Enter
// applied the sweep's λ of the moment, and the sweep then went on over it.
test('clicking into the λ field during a sweep stops it (the user’s λ back); a typed λ stays and Enter applies it', { timeout: 60_000 }, async () => {
  const { context, page, log } = await fresh();
  try {
    await startSweep(page);
    await page.click(LAMBDA_NUMBER);
    assert.equal(await page.getAttribute('#sweep-button', 'aria-pressed'), 'false', 'the sweep has stopped');
    assert.equal(await page.inputValue(LAMBDA_NUMBER), '0', 'the user’s λ is back');
    assert.match(await page.textContent('#sweep-back'), /λ is back to your 0/);
    await page.keyboard.press('Control+A');
    await page.keyboard.type('1.5');
    await frames(page);
    assert.equal(await page.inputValue(LAMBDA_NUMBER), '1.5', 'the typed λ is still in the field');
    await page.keyboard.press('Enter');
    await waitForParam(page, 'lambda', '1.5');
    await frames(page);
    assert.equal(searchParams(page).get('lambda'), '1.5', 'nothing moves λ any more');
    assert.equal(await page.evaluate(() => document.querySelector('#sweep-keep').hidden), true, 'the offer to keep the sweep’s λ is withdrawn');
    await page.goBack();
    await waitForParam(page, 'lambda', '0');
    assert.equal(await page.inputValue(LAMBDA_NUMBER), '0');
    await assertClean(page, log, session.origin);
  } finally {
    await context.close();
  }
});

// Before: Back to an entry with the same value of a field kept the refused text and its reason
// there (a re-show of the same value keeps what was typed), so the field did not show the entry.
test('Back and Forward show the entry’s values in fields holding refused text (a number field, a λ list)', { timeout: 90_000 }, async () => {
  const { context, page, log } = await fresh();
  try {
    await loadView(session, page, '?view=compare&T=20', { count: 0 });
    await waitForCounter(page, 'compareRendered', 1);
    await openMoreSettings(page);
    await typeInto(page, '#training-time', '-4');
    await page.keyboard.press('Tab');
    assert.match(await page.textContent('#training-time-message'), /at least/);
    await typeInto(page, '#compare-lambdas', '1, abc');
    await page.keyboard.press('Tab');
    assert.match(await page.textContent('#compare-lambdas-message'), /enter 1 to 6/);
    await typeInto(page, '#sigma-number', '0.1');
    await page.keyboard.press('Enter');
    await waitForParam(page, 'sigma', '0.1');
    assert.equal(await page.inputValue('#training-time'), '-4', 'a redraw keeps the refused number');
    await page.goBack();
    await waitForParam(page, 'sigma', '0.05');
    await page.waitForFunction(() => document.querySelector('#sigma-number').value === '0.05');
    assert.equal(await page.inputValue('#training-time'), '20', 'the entry’s T');
    assert.equal(await page.textContent('#training-time-message'), '');
    assert.equal(await page.inputValue('#compare-lambdas'), '-2, 0, 2', 'the entry’s λ list');
    assert.equal(await page.textContent('#compare-lambdas-message'), '');
    await page.goForward();
    await waitForParam(page, 'sigma', '0.1');
    await page.waitForFunction(() => document.querySelector('#sigma-number').value === '0.1');
    assert.equal(await page.inputValue('#training-time'), '20');
    await assertClean(page, log, session.origin);
  } finally {
    await context.close();
  }
});

// Before: Nh = 2 refused at 3–3–3 ("at least min(Ni, No) = 3") kept that reason after the user set
// Ni = 2, when it no longer held, and Enter again did nothing (the text had not changed): the user
// had to retype the number they had entered.
test('a number refused for another setting’s bound applies once the user changes that setting so that it is allowed', { timeout: 60_000 }, async () => {
  const { context, page, log } = await fresh();
  try {
    await loadView(session, page);
    await openMoreSettings(page);
    await typeInto(page, '#nh-number', '2');
    await page.keyboard.press('Enter');
    assert.match(await page.textContent('#nh-number-message'), /at least min\(Ni, No\) = 3/);
    assert.equal(searchParams(page).get('nh') ?? '3', '3');
    const inputs = await page.evaluate(() => [...document.querySelectorAll('label')].find((l) => l.textContent === 'Input units Ni').htmlFor);
    await typeInto(page, `#${inputs}`, '2');
    await page.keyboard.press('Enter');
    await waitForParam(page, 'ni', '2');
    await waitForParam(page, 'nh', '2');
    assert.equal(await page.inputValue('#nh-number'), '2');
    assert.equal(await page.textContent('#nh-number-message'), '', 'no reason left that no longer holds');
    assert.equal(await page.getAttribute('#nh-number', 'aria-invalid'), 'false');
    await waitForIdle(page, 1);
    await assertClean(page, log, session.origin);
  } finally {
    await context.close();
  }
});
