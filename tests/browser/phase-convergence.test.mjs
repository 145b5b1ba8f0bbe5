// The phase diagram says which cells have not converged by T (their colours show the state at T),
// and its export has each cell's loss gap and whether it converged.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, useSession, assertClean, downloadFrom } from '../support/browser.mjs';

const session = useSession();
const TIMEOUT = 120_000;
const notices = (page) => page.$$eval('.notice', (n) => n.map((e) => e.textContent).join(' | '));

test('the phase diagram marks the cells not converged by T, and says nothing of the kind once T is long enough', { timeout: TIMEOUT }, async () => {
  const { context, page, log } = await openPage(session, { viewport: { width: 1280, height: 900 } });
  try {
    await page.goto(`${session.url}?view=phase&grid=8&T=20`);
    await page.waitForFunction(() => Number(document.body.dataset.phaseRendered ?? 0) >= 1, null, { timeout: 60_000 });
    assert.match(await notices(page), /At T = 20, \d+ of 72 cells have not converged \(loss gap up to \S+ of its start/);
    const csv = (await downloadFrom(page, '#export-csv')).text.split('\n').filter((l) => l && !l.startsWith('#'));
    assert.equal(csv[0], 'lambda,sigma,kernel distance at T,loss at T,loss gap at T,converged (loss gap <= 1e-8)');
    assert.ok(csv.slice(1).some((l) => l.endsWith(',false')) && csv.slice(1).some((l) => l.endsWith(',true')));

    await page.goto(`${session.url}?view=phase&grid=8&T=1000`);
    await page.waitForFunction(() => Number(document.body.dataset.phaseRendered ?? 0) >= 1, null, { timeout: 60_000 });
    assert.doesNotMatch(await notices(page), /have not converged/);
    await assertClean(page, log, session.origin);
  } finally {
    await context.close();
  }
});
