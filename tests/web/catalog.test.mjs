// The catalog (web/js/catalog.js) and the modules agree: every view and panel module is in it, in
// its order, and nothing else keeps a list of its own (the URL schema's enums and typedefs, the view
// switch, the settings groups, the panels' names).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { VIEW_CATALOG, PANEL_CATALOG, FIGURE_CATALOG } from '../../web/js/catalog.js';
import { VIEWS, PANEL_IDS, FIGURES, DEEP_VIEWS, PARAM_BY_KEY } from '../../web/js/state/schema.js';
import { VIEW_MODULES, VIEW_LOADERS, PANELS, FIGURE_MODULES } from '../support/page-modules.mjs';
import { repoRoot } from '../support/engine.mjs';

const read = (file) => fs.readFileSync(path.join(repoRoot, file), 'utf8');
// The ids of a JSDoc union typedef: /** @typedef {'a' | 'b'} Name */
const typedefIds = (source, name) => {
  const match = source.match(new RegExp(String.raw`@typedef \{([^}]*)\} ${name}\b`));
  assert.ok(match, `typedef ${name}`);
  return match[1].split('|').map((s) => s.trim().replace(/^'|'$/g, ''));
};

test('every view module is in the catalog, in the order of the view switch', () => {
  assert.deepEqual(VIEW_MODULES.map((m) => m.id), VIEW_CATALOG.map((v) => v.id));
  // The loaders' ids (main.js looks a view up by them before its module is loaded) are the modules'.
  assert.deepEqual(VIEW_LOADERS.map((v) => v.id), VIEW_MODULES.map((m) => m.id));
  assert.deepEqual(VIEW_LOADERS.filter((v) => v.bundled).map((v) => v.id), ['single'], 'Explore λ, the first view, comes with the page; the others on demand');
  for (const module of VIEW_MODULES) {
    assert.equal(module.title, undefined, `${module.id}: its name is the catalog's, not its own`);
    assert.equal(module.unusedLambda, undefined, `${module.id}: why it does not use λ is the catalog's`);
  }
});

test('every panel module is in the catalog, in page order', () => {
  assert.deepEqual(PANELS.map((p) => p.id), PANEL_CATALOG.map((p) => p.id));
});

test('the URL schema takes its views and panels from the catalog', () => {
  assert.deepEqual(VIEWS, VIEW_CATALOG.map((v) => v.id));
  assert.deepEqual(PANEL_IDS, PANEL_CATALOG.map((p) => p.id));
  assert.deepEqual(PARAM_BY_KEY.view.values, VIEWS);
  assert.deepEqual(PARAM_BY_KEY.panels.values, PANEL_IDS);
  assert.deepEqual(PARAM_BY_KEY.panels.default, PANEL_CATALOG.filter((p) => !p.offByDefault).map((p) => p.id), 'a link without panels= shows the panels not off by default');
  assert.deepEqual([...DEEP_VIEWS], VIEW_CATALOG.filter((v) => v.deep).map((v) => v.id));
  const schema = read('web/js/state/schema.js');
  assert.deepEqual(typedefIds(schema, 'ViewId'), VIEWS, 'the ViewId typedef lists the catalog\'s views');
  assert.deepEqual(typedefIds(schema, 'PanelId'), PANEL_IDS, 'the PanelId typedef lists the catalog\'s panels');
});

test('no other list of views, settings groups or panel names', () => {
  const html = read('web/index.html');
  assert.doesNotMatch(html, /data-view=/, 'index.html has no view buttons of its own (main.js makes them from the catalog)');
  const css = read('web/css/app.css');
  assert.doesNotMatch(css, /data-current-view="[\w-]+"\]\s*\.(sidebar|settings-)/, 'no CSS rule shows or hides settings per view');
  const controls = read('web/js/ui/controls.js');
  for (const group of new Set(VIEW_CATALOG.flatMap((v) => v.settings))) {
    assert.match(controls, new RegExp(String.raw`\b${group}: el\('fieldset'`), `the settings group ${group} is a fieldset of controls.js`);
  }
  assert.doesNotMatch(controls, /PANEL_NAMES|DEEP_VIEWS/);
  for (const file of ['web/js/main.js', 'web/js/ui/controls.js', 'web/js/state/config.js']) {
    assert.doesNotMatch(read(file), /\['single', 'compare'/, `${file} keeps no list of views`);
  }
});

test('every catalog entry is complete', () => {
  const groups = ['init', 'shape', 'task', 'training', 'panels'];
  for (const v of VIEW_CATALOG) {
    assert.ok(v.label.length > 0, v.id);
    assert.ok(v.settings.every((g) => groups.includes(g)), `${v.id}: settings groups`);
    assert.equal(typeof v.inEmbed, 'boolean');
    assert.equal(typeof v.deep, 'boolean');
    // A view that keeps the settings panel in an embed shows its λ there, so it must use it.
    if (v.inEmbed) assert.equal(v.lambdaUnused, undefined, `${v.id}: an embed keeps a λ slider it does not use`);
  }
  assert.equal(new Set(VIEW_CATALOG.map((v) => v.label)).size, VIEW_CATALOG.length, 'one name per view, each its own');
});

test('every figure module is in the catalog, in its order, and the URL schema takes the figures from it', () => {
  assert.deepEqual(FIGURE_MODULES.map((f) => f.id), FIGURE_CATALOG.map((f) => f.id));
  assert.deepEqual(FIGURES, FIGURE_CATALOG.map((f) => f.id));
  assert.deepEqual(PARAM_BY_KEY.figure.values, FIGURES);
  assert.deepEqual(typedefIds(read('web/js/state/schema.js'), 'FigureId'), FIGURES, 'the FigureId typedef lists the catalog\'s figures');
  assert.doesNotMatch(read('web/js/views/figure.js'), /const LABELS\b/, 'no list of figure names of its own');
  assert.equal(new Set(FIGURE_CATALOG.map((f) => f.label)).size, FIGURE_CATALOG.length);
});

test('the views\' presets are the catalog\'s: valid settings, and no view module keeps one of its own', async () => {
  const { defaultState } = await import('../../web/js/state/schema.js');
  const { validateState } = await import('../../web/js/state/url.js');
  const withPreset = VIEW_CATALOG.filter((v) => v.preset).map((v) => v.id);
  assert.deepEqual(withPreset, ['hierarchy', 'architectures', 'phase', 'sequences']);
  for (const v of VIEW_CATALOG.filter((entry) => entry.preset)) {
    for (const key of Object.keys(v.preset)) assert.ok(PARAM_BY_KEY[key], `${v.id}: ${key} is a URL parameter`);
    // Loaded on top of the defaults, the preset is a state the page accepts as it is.
    assert.deepEqual(validateState({ ...defaultState(), view: v.id, ...v.preset }), [], `${v.id}: its preset is valid`);
  }
  for (const module of VIEW_MODULES) assert.equal(module.preset, undefined, `${module.id}: its preset is the catalog's`);
  assert.doesNotMatch(read('web/js/main.js'), /VIEW_MODULES[^;]*preset/, 'main.js reads the presets from the catalog');
  // The experiments use the catalog's objects (one definition each).
  const experiments = await import('../../web/js/experiments/hierarchy.js');
  assert.equal(experiments.HIERARCHY_PRESET, VIEW_CATALOG.find((v) => v.id === 'hierarchy').preset);
  for (const file of ['architectures', 'hierarchy', 'phase-grid', 'sequences']) {
    assert.doesNotMatch(read(`web/js/experiments/${file}.js`), /export const \w+_PRESET =/, `${file}.js defines no preset`);
  }
});
