// Every repository path that the code's comments and the docs cite exists, every relative link of
// the Markdown documents resolves, and nothing names a place outside a clone of the repository.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../support/engine.mjs';

// The files a clone holds (what git tracks, plus new files not yet committed but not ignored).
const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], { cwd: repoRoot, encoding: 'utf8' })
  .split('\n').filter((f) => f && fs.existsSync(path.join(repoRoot, f)));
const TEXT = /\.(md|js|mjs|cjs|ts|mts|cpp|hpp|h|sh|txt|json|yml|html|css)$|CMakeLists\.txt$|^\.ci\/run$/;
const sources = files.filter((f) => TEXT.test(f) && !f.startsWith('tests/fixtures/') && f !== 'package-lock.json');

// A path from the repository's root: one of its top-level folders, then a name.
const TOP = ['core', 'cli', 'wasm', 'web', 'tests', 'bench', 'docs', 'scripts', 'examples', 'types', '.github', '.ci'];
const CITED = new RegExp(String.raw`(?<![\w./@-])((?:${TOP.map((t) => t.replace('.', '\\.')).join('|')})/[\w.\-/]*[\w])`, 'g');
// Made by the build, not in a clone: they are cited as what the build makes.
const BUILT = [/^web\/wasm\//, /^web\/vendor\//, /^build\//, /^dist\//, /^types\/web\/vendor\//];

function citedPaths(text) {
  return [...text.matchAll(CITED)].map((m) => m[1].replace(/\.$/, ''));
}

test('every repository path cited in code and docs exists', () => {
  const missing = [];
  for (const file of sources) {
    const text = fs.readFileSync(path.join(repoRoot, file), 'utf8');
    for (const cited of new Set(citedPaths(text))) {
      // From the root, from the citing file's folder (CMake lists name their own sources so), or in
      // the page's tree (dist/ and the server mirror web/).
      const candidates = [cited, path.join(path.dirname(file), cited), path.join('web', cited)];
      if (candidates.some((c) => BUILT.some((re) => re.test(c)))) continue;
      if (!candidates.some((c) => fs.existsSync(path.join(repoRoot, c)))) missing.push(`${file}: ${cited}`);
    }
  }
  assert.deepEqual(missing, [], `cited paths that do not exist:\n${missing.join('\n')}`);
});

test('every relative link of the Markdown documents resolves', () => {
  const broken = [];
  for (const file of sources.filter((f) => f.endsWith('.md'))) {
    const text = fs.readFileSync(path.join(repoRoot, file), 'utf8');
    for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^(https?:|mailto:|#)/.test(target)) continue;
      const resolved = path.join(repoRoot, path.dirname(file), target.split('#')[0]);
      if (!fs.existsSync(resolved)) broken.push(`${file}: ${target}`);
    }
  }
  assert.deepEqual(broken, [], `broken links:\n${broken.join('\n')}`);
});

test('nothing in the repository names a place outside a clone', () => {
  const outside = [];
  for (const file of sources) {
    if (file === 'tests/web/paths.test.mjs') continue;
    const text = fs.readFileSync(path.join(repoRoot, file), 'utf8');
    for (const m of text.matchAll(/(\.\.\/)+shared\b|\bshared\/(docs|fixtures|paper)\b|\/work\//g)) outside.push(`${file}: ${m[0]}`);
  }
  assert.deepEqual(outside, [], `references outside the repository:\n${outside.join('\n')}`);
});

test('every cited section of a document ("docs/cli.md "Limits"") is a heading of that document', () => {
  const missing = [];
  for (const file of sources) {
    const text = fs.readFileSync(path.join(repoRoot, file), 'utf8');
    for (const [, doc, section] of text.matchAll(/\b(README|(?:docs|bench)\/[\w-]+\.md)(?:,| section)? "([^"]+)"/g)) {
      const target = doc === 'README' ? 'README.md' : doc;
      const headings = fs.readFileSync(path.join(repoRoot, target), 'utf8').split('\n').filter((l) => l.startsWith('#'));
      if (!headings.some((h) => h.includes(section))) missing.push(`${file}: ${doc} "${section}"`);
    }
  }
  assert.deepEqual(missing, [], `cited sections that are not headings:\n${missing.join('\n')}`);
});

test('the path finder finds what it should', () => {
  assert.deepEqual(citedPaths('see core/src/math/exact.cpp, and web/js/state/url.js.'), ['core/src/math/exact.cpp', 'web/js/state/url.js']);
  assert.deepEqual(citedPaths('../docs/cli.md and https://example.org/docs/x'), []);
});
