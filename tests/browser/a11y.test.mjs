// Accessibility of every view, checked by axe-core (node_modules/axe-core) once the view has drawn:
// no violation of impact "serious" or "critical". The page's Content-Security-Policy allows
// scripts from its own origin only, so axe (injected as an inline script by addScriptTag) runs in
// a context that bypasses the CSP; assertClean's CSP check is therefore void here, while its other
// checks (page errors, console, foreign requests, dialogs) hold.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { openPage, useSession, assertClean } from '../support/browser.mjs';
import { repoRoot } from '../support/engine.mjs';
import { VIEW_CATALOG } from '../../web/js/catalog.js';

const AXE = path.join(repoRoot, 'node_modules', 'axe-core', 'axe.min.js');
const session = useSession();

// Every view of the catalog (each bumps body[data-<id>Rendered] once drawn; Explore: data-rendered),
// and the default page embedded on a phone.
const VIEWS = [
  ...VIEW_CATALOG.map(({ id }) => ({ name: id, query: `?view=${id}`, counter: id === 'single' ? 'rendered' : `${id.replace(/-(\w)/g, (_, c) => c.toUpperCase())}Rendered` })),
  { name: 'embed (default page)', query: '?embed=1', counter: 'rendered', viewport: { width: 360, height: 740 } },
];

// "rule (impact): first target — help" for each violation.
const describe = (violations) => violations.map((v) => `${v.id} (${v.impact}, ${v.nodes.length} node${v.nodes.length > 1 ? 's' : ''}): ` +
  `${JSON.stringify(v.nodes[0]?.target)} — ${v.help}`).join('\n  ');

for (const view of VIEWS) {
  test(`axe finds no serious or critical violation: ${view.name}`, { timeout: 120_000 }, async () => {
    const { context, page, log } = await openPage(session, { viewport: view.viewport ?? { width: 1280, height: 900 }, bypassCSP: true });
    try {
      await page.goto(`${session.url}${view.query}`);
      await page.waitForFunction((name) => Number(document.body.dataset[name] ?? 0) >= 1 && !document.querySelector('.view-status[data-busy="true"]'),
        view.counter, { timeout: 90_000 });
      await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
      await page.addScriptTag({ path: AXE });
      const violations = await page.evaluate(async () => {
        const result = await window.axe.run(document, { resultTypes: ['violations'] });
        return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target, summary: n.failureSummary })) }));
      });
      const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      assert.deepEqual(serious.map((v) => v.id), [], `${view.name}: serious or critical violations:\n  ${describe(serious)}\nall violations:\n  ${describe(violations)}`);
      assert.equal(await page.evaluate(() => document.body.hasAttribute('aria-pressed')), false, '<body> has no aria-pressed');
      await assertClean(page, log, session.origin);
    } finally {
      await context.close();
    }
  });
}
