// The authors' "task specificity" of the learned representations (their illustrative_example
// notebook): the cosine similarity (Frobenius) of W₁ᵀW₁ with the task's ṼS̃Ṽᵀ or ṼS̃²Ṽᵀ, whichever is
// larger, and of W₂W₂ᵀ with ŨS̃Ũᵀ or ŨS̃²Ũᵀ. The engine's converged representations and the closed
// form of the converged λ-balanced network. Pure: no DOM.
import { ENGINE_SCHEMA_VERSION } from '../state/config.js';
/** @import { ExperimentConfig, ExperimentResult, TaskRecord } from '../../wasm/ldyn.mjs' */
/** @import { PageState } from '../state/schema.js' */
/** @typedef {ArrayLike<ArrayLike<number>>} MatrixRows a matrix as its rows */
import { linspace } from './sweep.js';

// The authors' hierarchy task (the paper's Figure 4: 8 items, 8 features of ±1 and 0, a square
// 8–8–8 network), from small λ-balanced weights, trained to T: the loss is at its floor by then for
// every λ of the sweep (tests/wasm/figures.test.mjs checks it).
/** @type {Partial<PageState>} */
export const SPECIFICITY = { view: 'hierarchy', task: 'hierarchy', depth: 3, features: 'contrasts', nh: 8, lambda: 0, lambdas: [-2, 0, 2], sigma: 0.01, scaleOf: 'product', T: 1000, lr: 0.01, seed: 1, lambdaMax: 6 };
export const SPECIFICITY_POINTS = 49;
export const specificityLambdas = () => linspace(-SPECIFICITY.lambdaMax, SPECIFICITY.lambdaMax, SPECIFICITY_POINTS);

// One exact run at λ, recorded at t = 0 and t = T (the first also reports the task).
/** @param {number} lambda @param {boolean} first @returns {ExperimentConfig} */
export function specificityConfig(lambda, first) {
  const s = SPECIFICITY;
  return { schemaVersion: ENGINE_SCHEMA_VERSION, dims: { hidden: 2 ** s.depth }, task: { kind: 'hierarchy', depth: s.depth, features: s.features },
    init: { kind: 'balanced', lambda, sigma: s.sigma, seed: s.seed, scaleOf: s.scaleOf }, times: { end: s.T, count: 2 }, learningRate: s.lr,
    simulate: false, exact: true, metrics: first ? ['loss', 'representations', 'effectiveRank', 'task'] : ['loss', 'representations', 'effectiveRank'] };
}

// The Frobenius cosine similarity of two matrices (arrays of rows).
/** @param {MatrixRows} A @param {MatrixRows} B */
export function cosine(A, B) {
  let dot = 0, a = 0, b = 0;
  for (let i = 0; i < A.length; i++) {
    for (let j = 0; j < A[i].length; j++) {
      dot += A[i][j] * B[i][j];
      a += A[i][j] ** 2;
      b += B[i][j] ** 2;
    }
  }
  return dot / Math.sqrt(a * b);
}

// M diag(d) Mᵀ for the columns of M (rows of the result: M's rows).
/** @param {readonly ArrayLike<number>[]} M @param {readonly number[]} d @returns {number[][]} */
function spectral(M, d) {
  return M.map((ri) => M.map((rj) => d.reduce((acc, dk, k) => acc + ri[k] * dk * rj[k], 0)));
}

// The authors' score of a representation R against the task's singular vectors M and values s.
/** @param {MatrixRows} R @param {readonly ArrayLike<number>[]} M @param {readonly number[]} s */
export function specificity(R, M, s) {
  return Math.max(cosine(R, spectral(M, s)), cosine(R, spectral(M, s.map((x) => x * x))));
}

// The same score of the converged network, in closed form. At the fixed point W₂W₁ = Σyx of a
// λ-balanced network, W₁ᵀW₁ = Ṽ diag(g) Ṽᵀ with g = √(s² + λ²/4) − λ/2 and W₂W₂ᵀ = Ũ diag(h) Ũᵀ
// with h = √(s² + λ²/4) + λ/2 on the task's modes (Ni = Nh = rank here, so nothing else): the
// cosine with Ṽ diag(sᵖ) Ṽᵀ is ⟨g, sᵖ⟩ / (‖g‖ ‖sᵖ‖).
/** @param {readonly number[]} s @param {number} lambda */
export function closedFormSpecificity(s, lambda) {
  const root = s.map((x) => Math.sqrt(x * x + (lambda * lambda) / 4));
  /** @param {number[]} d */
  const score = (d) => {
    /** @param {number[]} v */
    const norm = (v) => Math.sqrt(v.reduce((acc, x) => acc + x * x, 0));
    /** @param {number} p */
    const cos = (p) => { const sp = s.map((x) => x ** p); return d.reduce((acc, x, k) => acc + x * sp[k], 0) / (norm(d) * norm(sp)); };
    return Math.max(cos(1), cos(2));
  };
  return { input: score(root.map((r) => r - lambda / 2)), output: score(root.map((r) => r + lambda / 2)) };
}

// Per λ: the engine's scores at T, the closed form, the effective rank of W₂W₁(T) and the loss at T.
/** @param {readonly number[]} lambdas @param {readonly ExperimentResult[]} results */
export function specificitySweep(lambdas, results) {
  const task = results[0].tasks[0], s = Array.from(task.s);
  return lambdas.map((lambda, i) => {
    const e = results[i].exact;
    const closed = closedFormSpecificity(s, lambda);
    return { lambda, input: specificity(e.inputRepresentation.at(-1).rows(), task.v.rows(), s), output: specificity(e.outputRepresentation.at(-1).rows(), task.u.rows(), s),
      closedInput: closed.input, closedOutput: closed.output, effectiveRank: e.effectiveRank.at(-1), loss: e.loss.at(-1) };
  });
}

// The effective rank of the task's Σyx (exp of the entropy of its normalised singular values).
/** @param {readonly number[]} s */
export function taskEffectiveRank(s) {
  const total = s.reduce((a, b) => a + b, 0);
  return Math.exp(-s.reduce((acc, x) => acc + (x > 0 ? (x / total) * Math.log(x / total) : 0), 0));
}

// How the hidden layer's items H = W₁X compare with the task, from the input-side representation
// R = W₁ᵀW₁ and the task's X, Y: linear CKA (Kornblith et al. 2019) of the item Gram matrices
// K = XᵀRX = HᵀH with YᵀY (the targets) and with XᵀX (the inputs), and RSA, the Pearson correlation
// of the off-diagonal entries of K with those of YᵀY.
/** @param {number[][]} A @param {number[][]} B @returns {number[][]} */
const product = (A, B) => A.map((row) => B[0].map((_, j) => row.reduce((acc, a, k) => acc + a * B[k][j], 0)));
/** @param {number[][]} A @returns {number[][]} */
const transposed = (A) => A[0].map((_, j) => A.map((row) => row[j]));
/** @param {ArrayLike<ArrayLike<number>>} M */
const rows = (M) => Array.from(M, (r) => Array.from(r));

// Centred Gram matrix: C K C with C = I − 11ᵀ/P.
/** @param {number[][]} K */
function centred(K) {
  const P = K.length;
  const rowMean = K.map((r) => r.reduce((a, b) => a + b, 0) / P);
  const all = rowMean.reduce((a, b) => a + b, 0) / P;
  return K.map((r, i) => r.map((v, j) => v - rowMean[i] - rowMean[j] + all));
}
/** @param {number[][]} A @param {number[][]} B */
const frobeniusDot = (A, B) => A.reduce((acc, r, i) => acc + r.reduce((s, v, j) => s + v * B[i][j], 0), 0);

/** @param {number[][]} K @param {number[][]} L */
export function cka(K, L) {
  const Kc = centred(K), Lc = centred(L);
  return frobeniusDot(Kc, Lc) / Math.sqrt(frobeniusDot(Kc, Kc) * frobeniusDot(Lc, Lc));
}

/** @param {number[][]} K @param {number[][]} L */
export function rsa(K, L) {
  /** @type {number[]} */
  const a = [];
  /** @type {number[]} */
  const b = [];
  K.forEach((r, i) => r.forEach((v, j) => { if (i < j) { a.push(v); b.push(L[i][j]); } }));
  /** @param {number[]} v */
  const mean = (v) => v.reduce((x, y) => x + y, 0) / v.length;
  const ma = mean(a), mb = mean(b);
  let ab = 0, aa = 0, bb = 0;
  a.forEach((v, k) => { ab += (v - ma) * (b[k] - mb); aa += (v - ma) ** 2; bb += (b[k] - mb) ** 2; });
  return ab / Math.sqrt(aa * bb);
}

/** @param {TaskRecord} task the result's tasks[0] @param {ArrayLike<ArrayLike<number>>} inputRepresentation W₁ᵀW₁ (rows) */
export function hiddenSimilarities(task, inputRepresentation) {
  const X = rows(task.X.rows()), Y = rows(task.Y.rows());
  const K = product(product(transposed(X), rows(inputRepresentation)), X);
  const targets = product(transposed(Y), Y), inputs = product(transposed(X), X);
  return { ckaTargets: cka(K, targets), ckaInputs: cka(K, inputs), rsaTargets: rsa(K, targets) };
}

// The same of the converged λ-balanced network, in closed form: W₁ᵀW₁ = Ṽ diag(√(s² + λ²/4) − λ/2) Ṽᵀ.
/** @param {TaskRecord} task @param {number} lambda */
export function closedFormSimilarities(task, lambda) {
  const s = Array.from(task.s), V = rows(task.v.rows());
  const g = s.map((x) => Math.sqrt(x * x + (lambda * lambda) / 4) - lambda / 2);
  const R = V.map((ri) => V.map((rj) => g.reduce((acc, gk, k) => acc + ri[k] * gk * rj[k], 0)));
  return hiddenSimilarities(task, R);
}
