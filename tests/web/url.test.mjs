// The URL <-> state mapping (web/js/state/url.js): what a hand-written, pasted, tracked or hostile
// link turns into, and the notices it gives. Run with `node --test tests/web/`.
import test from 'node:test';
import assert from 'node:assert/strict';
import {
  parseUrl, validateState, serializeState, admissibleLambdas, shownOutputUnit, shapeNotices,
  UNKNOWN_PARAMS, MAX_VALUE_LENGTH,
} from '../../web/js/state/url.js';
import { defaultState, PARAM_BY_KEY } from '../../web/js/state/schema.js';
import { experimentConfig } from '../../web/js/state/config.js';

const noticeFor = (notices, param) => notices.find((n) => n.param === param);
const params = (notices) => notices.map((n) => n.param);

test('the default link parses without notices and writes every parameter back', () => {
  const { state, notices } = parseUrl('');
  assert.deepEqual(notices, []);
  assert.deepEqual(state, defaultState());
  const written = new URLSearchParams(serializeState(state));
  // Every parameter but the user's matrices, which a link carries only when there are some.
  for (const key of Object.keys(PARAM_BY_KEY)) assert.equal(written.has(key), PARAM_BY_KEY[key].kind !== 'blob', `${key} is written`);
  assert.equal(written.get('v'), '1');
});

test('a written state reads back identically, without notices', () => {
  const state = { ...defaultState(), lambda: -1.5, sigma: 1e-6, T: 50, t: 12.5, view: 'compare', panels: ['loss', 'ntk'],
    lambdas: [-3, 0.25, 4], embed: true, shapes: [[4, 4, 2], [3, 3, 3], [2, 5, 6]], unit: 2, taskSeed: 2 ** 31 - 1 };
  const { state: back, notices } = parseUrl(`?${serializeState(state)}`);
  assert.deepEqual(notices, []);
  assert.deepEqual(back, state);
});

// 1. '+' is a space in a query string.
test('values are trimmed and may start with "+" (raw or encoded)', () => {
  for (const search of ['?lambda=+2', '?lambda=%2B2', '?lambda=%202%20', '?lambda=2+', '?lambda=%09+2']) {
    const { state, notices } = parseUrl(search);
    assert.equal(state.lambda, 2, search);
    assert.deepEqual(notices, [], search);
  }
  const { state, notices } = parseUrl('?view=+compare+&embed=+1&ni=+4&nh=+4&no=4+&init=%20gaussian&lambdas=+-1,+%2B2');
  assert.deepEqual(notices, []);
  assert.equal(state.view, 'compare');
  assert.equal(state.embed, true);
  assert.equal(state.ni, 4);
  assert.equal(state.init, 'gaussian');
  assert.deepEqual(state.lambdas, [-1, 2]);
  assert.equal(parseUrl('?+lambda+=3').state.lambda, 3, 'parameter names are trimmed too');
});

// 2. Duplicates: the last one wins, with one notice saying so.
test('a parameter given twice uses the last value, with one notice naming it and the value', () => {
  const { state, notices } = parseUrl('?lambda=1&lambda=2');
  assert.equal(state.lambda, 2);
  assert.equal(notices.length, 1);
  assert.equal(notices[0].param, 'lambda');
  assert.match(notices[0].message, /"lambda" twice; using the last value, 2\./);

  const thrice = parseUrl('?seed=1&seed=2&seed=+7');
  assert.equal(thrice.state.seed, 7);
  assert.deepEqual(params(thrice.notices), ['seed']);
  assert.match(thrice.notices[0].message, /3 times; using the last value, 7/);
});

test('a duplicate whose last value is bad gives one notice with both facts', () => {
  const { state, notices } = parseUrl('?lambda=1&lambda=oops');
  assert.equal(state.lambda, 0);
  assert.deepEqual(params(notices), ['lambda']);
  assert.match(notices[0].message, /twice; the last value, "oops", is not a number.*using the default \(0\)/);
});

test('every parameter has at most one notice, even when validation also fixes it', () => {
  // λ = 5 is given twice, and then it is not admissible for Nh = 5 > Ni, No.
  const { state, notices } = parseUrl('?lambda=4&lambda=5&nh=5');
  assert.equal(state.lambda, 0);
  assert.equal(new Set(params(notices)).size, notices.length, JSON.stringify(notices));
  const lambda = noticeFor(notices, 'lambda').message;
  assert.match(lambda, /twice/);
  assert.match(lambda, /not admissible/);
});

// 3. Unknown parameters.
test('tracking parameters are ignored quietly', () => {
  const search = '?utm_source=news&utm_medium=mail&UTM_Campaign=x&fbclid=a&gclid=b&dclid=c&msclkid=d&mc_cid=e&mc_eid=f&ref=g&_ga=h&igshid=i&lambda=1';
  const { state, notices } = parseUrl(search);
  assert.deepEqual(notices, []);
  assert.equal(state.lambda, 1);
});

test('unknown parameters are listed in one notice, at most five names, each shortened', () => {
  const long = 'x'.repeat(200);
  const { notices } = parseUrl(`?a=1&b=2&c=3&a=4&${long}=5&d=6&e=7&f=8&utm_x=9&lambda=1`);
  assert.equal(notices.length, 1, JSON.stringify(notices));
  const [notice] = notices;
  assert.equal(notice.param, UNKNOWN_PARAMS);
  assert.ok(!(UNKNOWN_PARAMS in PARAM_BY_KEY));
  assert.match(notice.message, /"a", "b", "c", "x{24}…", "d" and 2 more/);
  assert.ok(!notice.message.includes('x'.repeat(25)), 'the long name is shortened');
  assert.ok(!notice.message.includes('utm_x'));

  const one = parseUrl('?foo=<b>x</b>').notices;
  assert.deepEqual(params(one), [UNKNOWN_PARAMS]);
  assert.match(one[0].message, /parameter "foo"; it was ignored/);
});

test('names of Object.prototype members are unknown parameters, not silently dropped', () => {
  const { state, notices } = parseUrl('?constructor=1&__proto__=2&toString=3&hasOwnProperty=4');
  assert.deepEqual(state, defaultState());
  assert.deepEqual(params(notices), [UNKNOWN_PARAMS]);
  for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) assert.ok(notices[0].message.includes(`"${name}"`), name);
});

// 4. The time cursor defaults to the end of training.
test('without t, the time cursor is at the end of training', () => {
  assert.equal(parseUrl('?T=50').state.t, 50);
  assert.deepEqual(parseUrl('?T=50').notices, []);
  assert.equal(parseUrl('?T=5&t=2').state.t, 2, 'a given t is kept');
  assert.equal(parseUrl('?t=3&T=50').state.t, 3, 'whatever the order');
  const bad = parseUrl('?t=abc&T=40');
  assert.equal(bad.state.t, 40, 'a bad t falls back to the end of training');
  assert.match(noticeFor(bad.notices, 't').message, /using the default \(40, the training time\)/);
  const late = parseUrl('?T=10&t=30');
  assert.equal(late.state.t, 10);
  assert.match(noticeFor(late.notices, 't').message, /moved to the end/);
  // The state is still written in full: a link keeps its t even if the default changes.
  assert.equal(new URLSearchParams(serializeState(parseUrl('?T=50').state)).get('t'), '50');
});

// 5. The compared λ list survives shape edits.
test('a shape that excludes some compared λ keeps the list and says they are skipped', () => {
  const { state, notices } = parseUrl('?nh=5&lambdas=-2,0,2');
  assert.deepEqual(state.lambdas, [-2, 0, 2]);
  assert.equal(noticeFor(notices, 'lambdas'), undefined, 'not a correction of the link: the page says it while the shape excludes them');
  const notice = noticeFor(shapeNotices(state), 'lambdas');
  assert.match(notice.message, /-2,2 are skipped for this shape/);
  assert.match(notice.message, /only λ = 0/);
});

test('validateState no longer rewrites the compared λ; back at the old shape the list is whole', () => {
  const state = defaultState();
  state.lambdas = [-3, -1, 1, 4];
  state.nh = 5; // wider than Ni = No = 3: only λ = 0
  const fixes = validateState(state);
  assert.deepEqual(state.lambdas, [-3, -1, 1, 4]);
  assert.ok(!fixes.some((n) => n.param === 'lambdas'), 'no correction: nothing was changed');
  const { kept, dropped, reason } = admissibleLambdas(state);
  assert.deepEqual([kept, dropped], [[0], [-3, -1, 1, 4]]);
  assert.match(reason, /only λ = 0 is λ-balanced; λ = 0 is compared instead/);
  state.nh = 3;
  assert.deepEqual(validateState(state), []);
  assert.deepEqual(state.lambdas, [-3, -1, 1, 4]);
  assert.deepEqual(admissibleLambdas(state), { kept: [-3, -1, 1, 4], dropped: [], reason: '' });
});

test('admissibleLambdas keeps the order and says why the others are dropped', () => {
  const funnel = { ...defaultState(), ni: 5, nh: 4, no: 3, items: 6 }; // Nh > No: λ ≤ 0
  assert.deepEqual(admissibleLambdas(funnel, [2, -1, 0, 3, -4]).kept, [-1, 0, -4]);
  assert.deepEqual(admissibleLambdas(funnel, [2, -1, 0, 3, -4]).dropped, [2, 3]);
  assert.match(admissibleLambdas(funnel, [2]).reason, /funnel\) allows only λ ≤ 0/);
  assert.deepEqual(shapeNotices({ ...funnel, lambdas: [-1, 0] }), []);
  const hierarchy = { ...defaultState(), task: 'hierarchy', depth: 2, nh: 7, lambdas: [-2, 2] }; // Ni = 4, No = 7
  assert.deepEqual(admissibleLambdas(hierarchy).kept, [2]);
});

// 6. The output unit.
test('unit: the 1-based output unit shown, default 1, in [1, 64]', () => {
  assert.equal(PARAM_BY_KEY.unit.label, 'output unit shown');
  assert.equal(parseUrl('').state.unit, 1);
  assert.equal(parseUrl('?unit=3').state.unit, 3);
  for (const bad of ['0', '65', '2.5', '-1', 'two']) {
    const { state, notices } = parseUrl(`?unit=${bad}`);
    assert.equal(state.unit, 1, bad);
    assert.deepEqual(params(notices), ['unit'], bad);
  }
  assert.match(serializeState(defaultState()), /(^|&)unit=1(&|$)/);
});

test('a unit beyond the shape\'s outputs is kept, shown as the last unit, with a note', () => {
  const { state } = parseUrl('?no=2&nh=3&unit=3');
  assert.equal(state.unit, 3);
  assert.equal(shownOutputUnit(state).unit, 2);
  assert.match(noticeFor(shapeNotices(state), 'unit').message, /unit 2 is shown instead of unit 3/);
  assert.deepEqual(shownOutputUnit({ ...state, no: 4 }), { unit: 3, reason: '' });
});

// 8. Numbers and lists in every other form a link can take.
test('numbers: only finite decimals within range; the reason is specific', () => {
  const cases = {
    '1e400': /outside \[-10000, 10000\]/,
    '-1e400': /outside/,
    '0x10': /not a number \(write it in decimal/,
    '0b1': /not a number/,
    '1_000': /not a number/,
    'NaN': /not a number/,
    'Infinity': /not a number/,
    '１': /not a number/, // full-width digit
    '1 2': /not a number/,
    '--1': /not a number/,
    '': /is empty/,
  };
  for (const [raw, why] of Object.entries(cases)) {
    const { state, notices } = parseUrl(`?lambda=${encodeURIComponent(raw)}`);
    assert.equal(state.lambda, 0, raw);
    assert.deepEqual(params(notices), ['lambda'], raw);
    assert.match(notices[0].message, why, raw);
    assert.match(notices[0].message, /using the default \(0\)/, raw);
  }
  for (const [raw, value] of [['.5', 0.5], ['5.', 5], ['1E-3', 0.001], ['-0', 0], ['+1e+2', 100]]) {
    assert.equal(parseUrl(`?lambda=${encodeURIComponent(raw)}`).state.lambda, value, raw);
  }
  assert.ok(Object.is(parseUrl('?lambda=-0').state.lambda, 0), '-0 is read as 0');
});

test('whole numbers may be written in any decimal form that is whole', () => {
  assert.equal(parseUrl('?samples=1e4').state.samples, 10000);
  assert.equal(parseUrl('?ni=4.0&nh=4').state.ni, 4);
  const { state, notices } = parseUrl('?ni=2.5');
  assert.equal(state.ni, 3);
  assert.match(noticeFor(notices, 'ni').message, /not a whole number/);
  assert.match(noticeFor(parseUrl('?taskSeed=99999999999999999999').notices, 'taskSeed').message, /outside/);
});

test('a very long value is refused quickly, and no value makes the number pattern backtrack', () => {
  const long = '1'.repeat(50_000); // big enough that a quadratic pattern would take seconds
  let started = performance.now();
  const { state, notices } = parseUrl(`?lambda=${long}x&foo${long}=1`);
  assert.ok(performance.now() - started < 500, 'a long link parses in well under a second');
  assert.equal(state.lambda, 0);
  assert.match(noticeFor(notices, 'lambda').message, /too long \(50001 characters, at most 500\)/);
  assert.ok(notices.every((n) => n.message.length < 400), 'notices stay short');
  // Just under the cap, a failing value must not take quadratic time.
  const near = `${'1'.repeat(MAX_VALUE_LENGTH - 1)}x`;
  started = performance.now();
  for (let i = 0; i < 200; i += 1) parseUrl(`?lambda=${near}&lambdas=${near.slice(0, 100)},${near.slice(0, 300)}`);
  assert.ok(performance.now() - started < 500, 'linear-time parsing');
});

test('enums and booleans are read in any case', () => {
  const { state, notices } = parseUrl('?view=Compare&cell=LOSS&init=Balanced&embed=TRUE&task=Hierarchy&nh=8&scenario=reversal');
  assert.deepEqual(notices, []);
  assert.deepEqual([state.view, state.cell, state.init, state.embed, state.task, state.scenario], ['compare', 'loss', 'balanced', true, 'hierarchy', 'reversal']);
  assert.match(noticeFor(parseUrl('?embed=yes').notices, 'embed').message, /not 1 or 0/);
  assert.match(noticeFor(parseUrl('?view=graph').notices, 'view').message, /not one of single, compare/);
});

test('panels: spaces, repeats, any case and empty items are fine; unknown names are named and left out', () => {
  const { state, notices } = parseUrl('?panels=ntk,+Loss+,,loss,ntk');
  assert.deepEqual(notices, []);
  assert.deepEqual(state.panels, ['loss', 'ntk'], 'page order, each once');
  const partial = parseUrl('?panels=loss,foo,bar');
  assert.deepEqual(partial.state.panels, ['loss'], 'the known panels are kept');
  assert.match(noticeFor(partial.notices, 'panels').message, /unknown panels, left out: "foo", "bar" \(known: loss/);
  const none = parseUrl('?panels=foo');
  assert.deepEqual(none.state.panels, PARAM_BY_KEY.panels.default);
  assert.match(noticeFor(none.notices, 'panels').message, /names no known panel/);
  assert.match(noticeFor(parseUrl('?panels=,').notices, 'panels').message, /names no known panel/);
});

test('shapes: spaces around shapes and widths are fine; each problem is named', () => {
  const { state, notices } = parseUrl('?shapes=6-3-3,+3+-+3+-+3+,%203-3-6%20');
  assert.deepEqual(notices, []);
  assert.deepEqual(state.shapes, [[6, 3, 3], [3, 3, 3], [3, 3, 6]]);
  const cases = {
    '6-3-3,3-3-3': /must list 3 shapes .* not 2/,
    '6-3-3,3-3-3,3-3-6,1-1-1': /not 4/,
    '6-3-3,3x3x3,3-3-6': /"3x3x3", which is not three whole numbers/,
    '6-3-3,3-3-3,3-3-99': /width outside \[1, 32\] in 3-3-99/,
    '6-2-3,3-3-3,3-3-6': /bottleneck shape 6-2-3/,
    '6-3-3,3--3-3,3-3-6': /not three whole numbers/,
  };
  for (const [raw, why] of Object.entries(cases)) {
    const parsed = parseUrl(`?shapes=${raw}`);
    assert.deepEqual(parsed.state.shapes, PARAM_BY_KEY.shapes.default, raw);
    assert.match(noticeFor(parsed.notices, 'shapes').message, why, raw);
  }
});

test('lambdas: usable entries are kept, repeats once, the rest named', () => {
  assert.deepEqual(parseUrl('?lambdas=-2,0,2,').state.lambdas, [-2, 0, 2], 'a trailing comma is harmless');
  assert.deepEqual(parseUrl('?lambdas=1,1,-0,0').state.lambdas, [1, 0]);
  const bad = parseUrl('?lambdas=1,abc,2,1e400');
  assert.deepEqual(bad.state.lambdas, [1, 2]);
  assert.match(noticeFor(bad.notices, 'lambdas').message, /entries that are not numbers in \[-10000, 10000\], left out: "abc", "1e400"; using 1,2/);
  const many = parseUrl('?lambdas=1,2,3,4,5,6,7,8');
  assert.deepEqual(many.state.lambdas, [1, 2, 3, 4, 5, 6]);
  assert.match(noticeFor(many.notices, 'lambdas').message, /more than 6 values, left out: 7, 8/);
  const none = parseUrl('?lambdas=a,b');
  assert.deepEqual(none.state.lambdas, [-2, 0, 2]);
  assert.match(noticeFor(none.notices, 'lambdas').message, /has no number .*using the default \(-2,0,2\)/);
});

test('the schema version: a different one is reported once; equal forms are accepted', () => {
  assert.deepEqual(parseUrl('?v=1').notices, []);
  assert.deepEqual(parseUrl('?v=+1.0').notices, []);
  const other = parseUrl('?v=2&v=3');
  assert.deepEqual(params(other.notices), ['v']);
  assert.match(other.notices[0].message, /version "3"/);
});

test('notices show hostile text literally, without invisible or reordering characters, and cut by code point', () => {
  const { notices } = parseUrl(`?sigma=${encodeURIComponent('<img src=x onerror=alert(1)>')}&task=${encodeURIComponent('a\u202Eb\u0000c\nd')}&lambda=${encodeURIComponent('😀'.repeat(50))}`);
  assert.ok(noticeFor(notices, 'sigma').message.includes('"<img src=x onerror=alert(1)>"'));
  const task = noticeFor(notices, 'task').message;
  assert.ok(task.includes('"a\uFFFDb\uFFFDc\uFFFDd"'), task);
  const lambda = noticeFor(notices, 'lambda').message;
  assert.ok(lambda.includes(`"${'😀'.repeat(40)}…"`), 'cut after 40 characters');
  assert.ok(!/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/.test(lambda), 'no half of a surrogate pair');
});

test('other parameters keep their values when one is bad', () => {
  const { state, notices } = parseUrl('?lambda=zzz&seed=5&sigma=0.2&view=phase');
  assert.deepEqual(params(notices), ['lambda']);
  assert.deepEqual([state.lambda, state.seed, state.sigma, state.view], [0, 5, 0.2, 'phase']);
});

test('a designed spectrum keeps repeated values; the user’s matrices are checked and never invented', () => {
  const { state, notices } = parseUrl('?task=spectrum&spectrum=2,2,1&vectors=axes&layers=3');
  assert.deepEqual(notices, []);
  assert.deepEqual(state.spectrum, [2, 2, 1]);
  assert.equal(state.vectors, 'axes');
  assert.equal(state.layers, 3);
  const bad = parseUrl('?task=data&data=abc$def');
  assert.match(noticeFor(bad.notices, 'data').message, /holds a character it never has \("\$" at position 4\)/);
  assert.equal(bad.state.data, '');
  // Data asked for and none given: the task falls back, and says why.
  assert.equal(bad.state.task, 'random');
  assert.match(noticeFor(bad.notices, 'task').message, /needs data, and none are given/);
  const weights = parseUrl('?init=explicit&layers=3');
  assert.equal(weights.state.init, 'balanced');
  assert.match(noticeFor(weights.notices, 'init').message, /needs weights/);
  const deep = parseUrl('?init=explicit&weights=abc&layers=3');
  assert.equal(deep.state.layers, 2);
  assert.match(noticeFor(deep.notices, 'layers').message, /your own weights are two layers/);
  // Written back: the matrices' text as given.
  assert.equal(new URLSearchParams(serializeState(deep.state)).get('weights'), 'abc');
});

test('the time axis (timeAxis) and the y scales of Compare λ (yScale): read in any case, written back, a bad value named', () => {
  const { state, notices } = parseUrl('?timeAxis=LOG&yScale=Own');
  assert.deepEqual(notices, []);
  assert.equal(state.timeAxis, 'log');
  assert.equal(state.yScale, 'own');
  const written = new URLSearchParams(serializeState(state));
  assert.equal(written.get('timeAxis'), 'log');
  assert.equal(written.get('yScale'), 'own');
  assert.deepEqual(parseUrl(`?${serializeState(state)}`).state, state);
  // By default: the view's own axis (linear; a paper figure's, see views/figure.js) and shared rows.
  assert.equal(defaultState().timeAxis, 'auto');
  assert.equal(defaultState().yScale, 'shared');
  const bad = parseUrl('?timeAxis=symlog&yScale=mine&lambda=2');
  assert.equal(bad.state.timeAxis, 'auto');
  assert.equal(bad.state.yScale, 'shared');
  assert.equal(bad.state.lambda, 2, 'the rest of the link is kept');
  assert.equal(noticeFor(bad.notices, 'timeAxis').message, 'The link\'s time axis "timeAxis" = "symlog" is not one of auto, linear, log; using the default (auto).');
  assert.match(noticeFor(bad.notices, 'yScale').message, /"yScale" = "mine" is not one of shared, own; using the default \(shared\)/);
});

test('a log time axis records times spaced geometrically from the first step: whole steps, t = 0 first, T last', () => {
  const linear = experimentConfig({ ...defaultState(), lambda: 8 }, ['loss']);
  assert.deepEqual(linear.times, { end: 20, count: 301 });
  const log = experimentConfig({ ...defaultState(), lambda: 8, timeAxis: 'log' }, ['loss']);
  const times = /** @type {number[]} */ (log.times);
  assert.equal(times[0], 0);
  assert.equal(times[1], 0.01, 'the first step');
  assert.equal(times.at(-1), 20);
  assert.ok(times.length > 150 && times.length <= 301, `${times.length} times`);
  for (let i = 1; i < times.length; i++) {
    assert.ok(times[i] > times[i - 1], 'increasing');
    assert.ok(Math.abs(times[i] / 0.01 - Math.round(times[i] / 0.01)) < 1e-9, `${times[i]} is a whole number of steps`);
  }
  // Resolved early: dozens of times before t = 0.5, where an even grid has 7 of 301.
  assert.ok(times.filter((t) => t < 0.5).length >= 40);
  const ratios = times.slice(60).map((t, i) => t / times[59 + i]);
  assert.ok(Math.max(...ratios) < 1.1, 'late times are evenly spaced in log t');
  // T not a whole number of steps: the last time stays within the training time.
  const odd = experimentConfig({ ...defaultState(), T: 20, lr: 0.3, timeAxis: 'log' }, ['loss']);
  assert.ok(/** @type {number[]} */ (odd.times).at(-1) <= 20);
});

test('a parameter whose default is empty falls back to "none", never to "the default ()"', () => {
  for (const query of ['?weights=!!!', '?data=%20']) {
    const { notices } = parseUrl(query);
    assert.equal(notices.length, 1);
    assert.doesNotMatch(notices[0].message, /default \(\)/);
    assert.match(notices[0].message, /using the default \(none: your (weights W1, W2|data X, Y) not given\)/);
  }
});

test('a list that repeats a value keeps it once and says so (lambdas=0,0,0 → 0, with a notice); a spectrum may repeat', () => {
  const { state, notices } = parseUrl('?view=compare&lambdas=0,0,0,2,2');
  assert.deepEqual(state.lambdas, [0, 2]);
  assert.equal(notices.length, 1);
  assert.match(notices[0].message, /"lambdas" = "0,0,0,2,2" repeats 0, 2, kept once; using 0,2\./);
  const spectrum = parseUrl('?task=spectrum&spectrum=2,2,1');
  assert.deepEqual(spectrum.state.spectrum, [2, 2, 1]);
  assert.deepEqual(spectrum.notices, []);
});
