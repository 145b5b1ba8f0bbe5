// Engine messages in the page's words: the engine names configuration fields ("learningRate",
// "times") and remedies for the JSON schema ('"simulate": false'); the page names its own settings.
/** @type {Array<[RegExp, string]>} */
const FIELD_WORDS = [
  [/^learningRate\b/, 'learning rate η'],
  [/^times\b(\[\d+\])?/, 'training time T'],
  [/^init\.lambda\b/, 'λ'],
  [/^init\.sigma\b/, 'σ'],
  [/^init\b/, 'initialization'],
  [/^dims\.hidden\b/, 'hidden units Nh'],
  [/^dims\b/, 'network shape'],
  [/^task\.items\b/, 'items P'],
  [/^(task|phases)\b[^:]*/, 'task'],
  [/^metrics\b/, 'the charts shown'],
  [/^noise\.samples\b/, 'Monte Carlo samples'],
  [/^noise\b/, 'noise level'],
];

/** @type {Array<[RegExp, string]>} */
const REMEDY_WORDS = [
  [/;? ?(or )?set "(exact|simulate)": false/g, ''],
  // "use a larger learning rate, a smaller network or "simulate": false" -> "…rate or a smaller network"
  [/, ([^,;]+) or "(exact|simulate)": false/g, ' or $1'],
  [/ or "(exact|simulate)": false/g, ''],
  [/ or a smaller network/g, ' or use a smaller network'],
  [/"simulate": false/g, 'fewer gradient steps'],
  [/"exact": false/g, 'a shorter training time'],
  [/request fewer times or fewer metrics/g, 'show fewer panels or use a smaller network'],
  [/request fewer times/g, 'use a shorter training time'],
  [/use a larger learning rate/g, 'raise the learning rate η'],
  [/shorten the time span/g, 'shorten the training time T'],
  // "(about 13 min natively; at most 3e+11 are allowed, about 60 s)" -> "(about 13 min here; at most about 60 s are allowed)"
  [/ \(about ([^;()]+) natively; at most [^,()]+ are allowed, about ([^)]+)\)/g, ' (about $1; the page allows about $2)'],
  [/\(init "aligned"\)/g, '(Initialization “λ-balanced, aligned with the task”)'],
  [/X X\^T \/ P/g, 'X Xᵀ/P'],
  [/\bSyx\b/g, 'Σyx'],
  [/W2\^T W2 - W1 W1\^T/g, 'W₂ᵀW₂ − W₁W₁ᵀ'],
  [/W2 W1/g, 'W₂W₁'],
  [/\blambda\b/g, 'λ'],
  [/\bsigma\b/g, 'σ'],
];

// The error's message with the field and the remedies in the page's words.
/** @param {unknown} error an Error (a ConfigError has the field), or its message */
export function pageMessage(error) {
  const e = /** @type {{ message?: string, field?: string } | null | undefined} */ (error);
  let message = String(e?.message ?? error);
  const field = e?.field ?? '';
  if (field && message.startsWith(`${field}: `)) {
    const words = FIELD_WORDS.find(([pattern]) => pattern.test(field));
    message = `${words ? words[1] : field}: ${message.slice(field.length + 2)}`;
  }
  for (const [pattern, words] of REMEDY_WORDS) message = message.replace(pattern, words);
  return message.replace(/\s+;/g, ';').replace(/;\s*$/, '').replace(/\s{2,}/g, ' ').trim();
}
