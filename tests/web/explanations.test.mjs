// The explanations in docs/theory.md and in the views' texts state the right formulas (issue 16,
// item 8): each check looks for the correct statement, and for the wrong one it replaced. The numbers
// behind these sentences are checked against the engine in tests/wasm/explanations.test.mjs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { largestRate } from '../../web/js/experiments/trajectory-notes.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const read = (file) => fs.readFileSync(path.join(root, file), 'utf8');
// Markdown and JS string concatenation folded away: the sentences as a reader sees them.
const prose = (text) => text.replace(/'\s*\+\s*\n\s*'/g, '').replace(/`\s*\+\s*\n\s*`/g, '').replace(/\s+/g, ' ');

test('docs/theory.md: the scaling symmetry runs the larger problem faster, √c·W(c t)', () => {
  const theory = prose(read('docs/theory.md'));
  assert.ok(theory.includes('if W(t) solves (Σyx, λ, W(0)), then √c · W(c t) solves (c Σyx, c λ, √c W(0))'));
  assert.ok(!theory.includes('√c · W(t/c) solves'));
  assert.ok(theory.includes('t_authors = √P · t'), 'and the conversion it gives');
});

test('docs/theory.md: Figure 4 converts the caption’s λ = −2, 0, 2 to −0.707, 0, 0.707, with the noise and σ conversions', () => {
  const theory = prose(read('docs/theory.md'));
  assert.ok(theory.includes("converts the caption's `λ = −2, 0, 2`"));
  assert.ok(theory.includes('`λ = −0.707, 0, 0.707`, assuming the authors fed `X = I₈`'));
  assert.ok(theory.includes('noise ε on the authors\' `X = I₈` is noise `√8 ε` on `X = √8 I`'));
  assert.ok(theory.includes("the authors' own λ-balanced weights default to `σ = 1` per layer"));
  assert.ok(!theory.includes("keeps the caption's `λ = −2, 0, 2` in this project's units"));
});

test('docs/theory.md and the trajectory notes: the largest rate is 2μ = √(4s² + λ²), gradient descent settles only for η · 2μ_max < 2', () => {
  const theory = prose(read('docs/theory.md'));
  assert.ok(theory.includes('`2μ_max = max √(4s² + λ²)` (`μ = √(s² + λ²/4)`, §3) is the largest rate'));
  assert.ok(theory.includes('stable under gradient descent only while `η · 2μ_max < 2`'));
  assert.ok(!theory.includes('`μ_max = max √(s² + λ²/4)` is the largest rate'));
  assert.equal(largestRate({ tasks: [{ s: [3, 1] }], lambda: 8 }), 10, '√(4·9 + 64)');
  assert.equal(largestRate({ tasks: [{ s: [2] }], lambda: 0 }), 4, '2s at λ = 0');
  assert.match(read('web/js/experiments/trajectory-notes.js'), /2μ_max = sqrt\(4 s_max² \+ λ²\)/);
});

test('docs/theory.md: the two Gram matrices of a square λ-balanced network, each with its sign', () => {
  const theory = prose(read('docs/theory.md'));
  assert.ok(theory.includes('`W1ᵀW1 = (WᵀW + λ²/4)^{1/2} − λ/2` and `W2W2ᵀ = (WWᵀ + λ²/4)^{1/2} + λ/2`'));
  assert.ok(!theory.includes('matrices are `(WWᵀ + λ²/4)^{1/2} ± λ/2`'));
});

test('the semantic-hierarchy view: what large |λ| does depends on the shape (the default 8–8–15 task is richest at λ > 0)', () => {
  const text = prose(read('web/js/views/hierarchy.js'));
  assert.ok(text.includes('With the tree-node features (the default: 8 items, 8 hidden units, 15 outputs, an inverted funnel) a large negative λ keeps W₁ᵀW₁ close to |λ| times the identity'));
  assert.ok(text.includes('while a positive λ is the richest'));
  assert.ok(text.includes('With the ±1 contrast features (8 outputs, a square network) the two signs mirror each other'));
  assert.ok(!text.includes('(rich); for large |λ| one side stays close to a multiple of the identity (lazy)'));
});

test('the phase diagram: |λ| counts against the task’s singular values and the initial function; perSigma is a later paper’s normalisation', () => {
  const text = prose(read('web/js/views/phase-diagram.js'));
  assert.ok(text.includes('what counts is |λ| compared with the task’s singular values s'));
  assert.ok(text.includes('targets c times larger give the same kernel distance at c times the λ, c times the initial function and time T/c'));
  assert.ok(!text.includes('what counts is |λ| compared with the size of the weights'));
  assert.ok(text.includes('yoonsoonam119/linear_first, not this paper’s authors'));
  assert.ok(!text.includes('the paper’s authors’ normalisation') && !text.includes('as the paper’s authors draw their diagram'));
  const theory = prose(read('docs/theory.md'));
  assert.ok(theory.includes("a later paper's code (`yoonsoonam119/linear_first`)"));
  assert.ok(!theory.includes("normalisation of the authors' later λ × scale diagram"));
});

test('Figure 4’s text: σ = 0.001 is the authors’ plain-Gaussian init, their λ-balanced weights use σ = 1', () => {
  const text = prose(read('web/js/figures/figure4.js'));
  assert.ok(text.includes('the σ = 0.001 per layer of their plain-Gaussian small weights is ${SETTINGS.sigma}'));
  assert.ok(text.includes('the authors’ own λ-balanced weights default to σ = 1 per layer'));
  assert.ok(!text.includes('from the authors’ λ-balanced weights with σ = ${SETTINGS.sigma}'));
});
