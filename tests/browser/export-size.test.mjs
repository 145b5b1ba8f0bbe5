// Downloads hold what a view plots, plus the engine configurations that recompute the rest, and
// the buttons say a file's size before it is downloaded: Figure 2's JSON was 26 MB and a 6-λ
// Compare CSV 9 MB (every trajectory of every run); both are now well under 2 MB.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, useSession, assertClean, downloadFrom } from '../support/browser.mjs';
import { loadEngine } from '../support/engine.mjs';
import { describeBytes } from '../../web/js/data/files.js';

const TIMEOUT = 120_000;
const VIEWPORT = { width: 1280, height: 900 };
const LIMIT = 2 * 1024 * 1024;
const session = useSession();


// The sizes shown beside the buttons once the keyboard focus reaches them, then the files they download.
async function sizesAndFiles(page) {
  await page.evaluate(() => document.querySelector('#export-csv').focus());
  const said = /CSV (\S+ \S+) · JSON (\S+ \S+)/.exec(await page.textContent('#export-sizes'));
  assert.ok(said, 'the sizes are shown beside the buttons');
  const labels = { csv: `CSV (${said[1]})`, json: `JSON (${said[2]})` };
  const csv = await downloadFrom(page, '#export-csv');
  const json = await downloadFrom(page, '#export-json');
  return { labels, csv, json };
}

test('Figure 2: the JSON holds the plotted series (named, with their source) and the engine configs, is under 2 MB, and its size is shown before download', { timeout: TIMEOUT }, async () => {
  const { context, page, log } = await openPage(session, { viewport: VIEWPORT });
  try {
    await page.goto(`${session.url}?view=figure&figure=2`);
    await page.waitForFunction(() => Number(document.body.dataset.figureRendered ?? 0) >= 1, null, { timeout: 100_000 });
    const { labels, csv, json } = await sizesAndFiles(page);
    assert.ok(json.bytes.length < LIMIT, `Figure 2's JSON is ${describeBytes(json.bytes.length)} (was 26 MB)`);
    assert.ok(csv.bytes.length < LIMIT, `Figure 2's CSV is ${describeBytes(csv.bytes.length)}`);
    assert.equal(labels.json, `JSON (${describeBytes(json.bytes.length)})`, 'the size shown is the JSON file\'s');
    assert.equal(labels.csv, `CSV (${describeBytes(csv.bytes.length)})`, 'the size shown is the CSV file\'s');
    const exported = JSON.parse(json.bytes.toString('utf8'));
    assert.equal(exported.figure, '2');
    assert.ok(Array.isArray(exported.configs) && exported.configs.length > 0 && exported.configs.every((c) => c.init && c.task), 'the engine configs of every run');
    const series = exported.panels.flatMap((panel) => panel.series ?? []);
    assert.ok(series.length > 0, 'the plotted series');
    for (const s of series) {
      assert.ok(['exact', 'simulation', 'reference', 'points', 'expected'].includes(s.source), `${s.name}: a source (${s.source})`);
      assert.equal(s.x.length, s.y.length, `${s.name}: x and y pair up`);
    }
    // The CSV's columns are the same series, under the same names.
    const header = csv.bytes.toString('utf8').split('\n').find((line) => line && !line.startsWith('#'));
    for (const s of series) assert.ok(header.includes(s.name), `the CSV has the column ${s.name}`);
    await assertClean(page, log, session.origin);
  } finally {
    await context.close();
  }
});

test('Compare with 6 λ: the CSV holds the plotted curves (simulation and exact named as the engine\'s series), under 2 MB, and a run\'s config recomputes its loss exactly', { timeout: TIMEOUT }, async () => {
  const { context, page, log } = await openPage(session, { viewport: VIEWPORT });
  try {
    await page.goto(`${session.url}?view=compare&lambdas=-3,-2,-1,0,1,2`);
    await page.waitForFunction(() => Number(document.body.dataset.compareRendered ?? 0) >= 1, null, { timeout: 100_000 });
    const { labels, csv, json } = await sizesAndFiles(page);
    assert.ok(csv.bytes.length < LIMIT, `the 6-λ Compare CSV is ${describeBytes(csv.bytes.length)} (was 9 MB)`);
    assert.equal(labels.csv, `CSV (${describeBytes(csv.bytes.length)})`);
    assert.equal(labels.json, `JSON (${describeBytes(json.bytes.length)})`);
    const lines = csv.bytes.toString('utf8').trimEnd().split('\n').filter((line) => !line.startsWith('#'));
    const header = lines[0].split(',');
    const rows = lines.slice(1).map((line) => line.split(','));
    const column = (name) => {
      const index = header.indexOf(name);
      assert.ok(index >= 0, `column ${name} in ${header.slice(0, 6).join(',')}…`);
      return rows.map((row) => Number(row[index]));
    };
    for (const lambda of [-3, 0, 2]) for (const which of ['simulation', 'exact']) column(`lambda=${lambda} ${which}.loss`);
    assert.ok(header.some((name) => /^family lambda=\S+ exact\.outputs\[1\]\[1\]$/.test(name)), 'the family curves');
    const exported = JSON.parse(json.bytes.toString('utf8'));
    assert.equal(exported.runs.length, header.filter((name) => /^lambda=\S+ simulation\.loss$/.test(name)).length + exported.runs.filter((r) => r.label.startsWith('family')).length);
    const run = exported.runs.find((r) => r.label === 'lambda=-3');
    const { engine } = await loadEngine();
    const expected = engine.run(run.config);
    assert.deepEqual(column('t'), Array.from(expected.times), 'the recorded times');
    for (const which of ['simulation', 'exact']) assert.deepEqual(column(`lambda=-3 ${which}.loss`), Array.from(expected[which].loss), `the ${which} loss recomputed from the config, bit for bit`);
    await assertClean(page, log, session.origin);
  } finally {
    await context.close();
  }
});
