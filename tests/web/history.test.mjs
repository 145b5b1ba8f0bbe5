// The address bar and the history entries (web/js/state/history.js), driven the way the page
// drives it, against a fake history, location, window and clock.
import test from 'node:test';
import assert from 'node:assert/strict';
import { createHistorySync, RUN_INTERVAL_MS, REPLACE_INTERVAL_MS } from '../../web/js/state/history.js';
import { parseUrl, serializeState } from '../../web/js/state/url.js';
import { defaultState } from '../../web/js/state/schema.js';

const ORIGIN = 'https://example.test';

// A browser tab: entries with a current index, popstate on back/forward, and a manual clock.
function fakeBrowser(start = '/explorable/') {
  const entries = [start];
  let index = 0;
  let clock = 0, nextTimer = 1;
  let timers = [];
  const calls = [];
  const listeners = new Map();
  const current = () => new URL(entries[index], ORIGIN);
  const fire = (type) => {
    for (const listener of listeners.get(type) ?? []) listener();
  };
  const tab = {
    entries,
    calls,
    failNext: 0, // how many history calls throw next (a browser's rate limit)
    get index() {
      return index;
    },
    location: {
      get pathname() { return current().pathname; },
      get search() { return current().search; },
      get hash() { return current().hash; },
    },
    history: {
      pushState(_data, _title, url) {
        if (tab.failNext > 0 && tab.failNext--) throw new Error('SecurityError: too many calls');
        calls.push('push');
        entries.splice(index + 1, Infinity, url);
        index += 1;
      },
      replaceState(_data, _title, url) {
        if (tab.failNext > 0 && tab.failNext--) throw new Error('SecurityError: too many calls');
        calls.push('replace');
        entries[index] = url;
      },
    },
    window: {
      addEventListener(type, listener) {
        listeners.set(type, [...(listeners.get(type) ?? []), listener]);
      },
    },
    now: () => clock,
    setTimer(run, ms) {
      const id = nextTimer++;
      timers.push({ id, at: clock + ms, run });
      return id;
    },
    clearTimer(id) {
      timers = timers.filter((t) => t.id !== id);
    },
    advance(ms) {
      const end = clock + ms;
      for (;;) {
        const due = timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0];
        if (!due) break;
        timers = timers.filter((t) => t !== due);
        clock = Math.max(clock, due.at);
        due.run();
      }
      clock = end;
    },
    back() {
      index -= 1;
      fire('popstate');
    },
    forward() {
      index += 1;
      fire('popstate');
    },
    hide: () => fire('pagehide'),
    param: (key, at = index) => new URL(entries[at], ORIGIN).searchParams.get(key),
  };
  return tab;
}

// The page's side: a state, edits that write it, and onRestore reading the URL back.
function page(tab = fakeBrowser()) {
  const restored = [];
  let state = defaultState();
  const sync = createHistorySync({
    onRestore(search) {
      state = parseUrl(search).state;
      restored.push(state);
    },
    history: tab.history, location: tab.location, window: tab.window, now: tab.now, setTimer: tab.setTimer, clearTimer: tab.clearTimer,
  });
  sync.replace(state);
  tab.calls.length = 0;
  const edit = (patch, options) => {
    state = { ...state, ...patch };
    sync.write(state, options);
  };
  return { tab, sync, restored, edit, get state() { return state; } };
}

// A focused slider and an arrow key: an input event, then a change, with the same value.
const arrowKey = (p, patch) => {
  p.edit(patch, { commit: false });
  p.edit(patch, { commit: true });
};
const settle = (tab) => tab.advance(REPLACE_INTERVAL_MS);

test('the opened view is recorded without a new entry', () => {
  const { tab } = page(fakeBrowser('/explorable/?lambda=+2#top'));
  assert.equal(tab.entries.length, 1);
  assert.equal(tab.entries[0], `/explorable/?${serializeState(defaultState())}#top`, 'path and hash kept');
});

test('ten arrow-key steps on a slider make one entry, and Back restores the value before them', () => {
  const p = page();
  for (let i = 1; i <= 10; i += 1) {
    arrowKey(p, { lambda: i * 0.05 });
    p.tab.advance(120); // key repeat, or quick taps
  }
  settle(p.tab);
  assert.equal(p.tab.entries.length, 2, 'one entry for the run');
  assert.equal(p.tab.param('lambda'), '0.5', 'the address bar has the last value');
  p.tab.back();
  assert.equal(p.restored.at(-1).lambda, 0, 'Back goes to before the run');
  p.tab.forward();
  assert.equal(p.restored.at(-1).lambda, 0.5);
});

test('arrow-key steps on a slider while Play moves the time cursor make one entry for the steps', () => {
  const p = page();
  let t = 0;
  const playFrames = (count) => {
    for (let i = 0; i < count; i += 1) {
      t = Number((t + 0.1).toFixed(1));
      p.edit({ t }, { commit: false });
      p.tab.advance(16);
    }
  };
  playFrames(5); // Play's own gesture: one entry
  const afterPlayStarted = p.tab.entries.length;
  for (let i = 1; i <= 5; i += 1) {
    // An input, Play's frame between it and its change (which then differs in t alone), then frames.
    p.edit({ lambda: i * 0.05 }, { commit: false });
    playFrames(1);
    p.edit({ lambda: i * 0.05 }, { commit: true });
    playFrames(6);
  }
  settle(p.tab);
  assert.equal(p.tab.entries.length, afterPlayStarted + 1, `one entry for the five steps (entries: ${p.tab.entries.length - afterPlayStarted} after Play's)`);
  assert.equal(p.tab.param('lambda'), '0.25');
  p.tab.back();
  assert.equal(p.restored.at(-1).lambda, 0, 'Back goes to before the steps');
});

test('a drag makes one entry; its replaces are throttled and the last value is written', () => {
  const p = page();
  for (let i = 1; i <= 40; i += 1) {
    p.edit({ sigma: 0.05 + i / 100 }, { commit: false });
    p.tab.advance(16);
  }
  p.edit({ sigma: 0.45 }, { commit: true }); // the release repeats the last input
  settle(p.tab);
  assert.equal(p.tab.entries.length, 2);
  assert.equal(p.tab.param('sigma'), '0.45');
  const replaces = p.tab.calls.filter((c) => c === 'replace').length;
  assert.ok(replaces <= Math.ceil((40 * 16) / REPLACE_INTERVAL_MS) + 1, `${replaces} replaceState calls for 40 moves`);
});

test('after a pause, the same slider starts a new entry', () => {
  const p = page();
  arrowKey(p, { lambda: 0.05 });
  arrowKey(p, { lambda: 0.1 });
  p.tab.advance(RUN_INTERVAL_MS + 1);
  arrowKey(p, { lambda: 0.15 });
  settle(p.tab);
  assert.equal(p.tab.entries.length, 3);
  p.tab.back();
  assert.equal(p.restored.at(-1).lambda, 0.1);
});

test('a step of another parameter pushes, even within the interval', () => {
  const p = page();
  arrowKey(p, { lambda: 0.05 });
  arrowKey(p, { sigma: 0.1 });
  arrowKey(p, { sigma: 0.15 });
  arrowKey(p, { lambda: 0.1 });
  settle(p.tab);
  assert.equal(p.tab.entries.length, 4);
  assert.deepEqual([1, 2, 3].map((i) => [p.tab.param('lambda', i), p.tab.param('sigma', i)]),
    [['0.05', '0.05'], ['0.05', '0.15'], ['0.1', '0.15']]);
});

test('a view switch always pushes', () => {
  const p = page();
  p.edit({ view: 'compare' }, { commit: true });
  p.edit({ view: 'single' }, { commit: true });
  p.edit({ view: 'compare' }, { commit: false }); // whatever the caller says
  p.edit({ view: 'phase', lambdaMax: 4 }, { commit: false });
  assert.equal(p.tab.entries.length, 5);
  // And a slider run right after a view switch starts its own entry.
  arrowKey(p, { lambda: 0.05 });
  arrowKey(p, { lambda: 0.1 });
  assert.equal(p.tab.entries.length, 6);
});

test('single commits (typed values, selects) each make an entry, unless marked as steps', () => {
  const p = page();
  p.edit({ lambda: 2 }, { commit: true });
  p.edit({ lambda: 3 }, { commit: true });
  assert.equal(p.tab.entries.length, 3);
  p.tab.back();
  assert.equal(p.restored.at(-1).lambda, 2);
  // A spin button's steps, marked by the caller, form a run.
  p.edit({ seed: 2 }, { commit: true, step: true });
  p.edit({ seed: 3 }, { commit: true, step: true });
  p.edit({ seed: 4 }, { commit: true, step: true });
  settle(p.tab);
  assert.equal(p.tab.entries.length, 3, 'the forward entry (λ = 3) was replaced by one for the seed run');
  assert.equal(p.tab.param('seed'), '4');
  assert.equal(p.tab.param('seed', 1), '1');
});

test('a write that changes nothing makes nothing', () => {
  const p = page();
  p.edit({}, { commit: true });
  p.edit({}, { commit: false });
  p.edit({}, { commit: true });
  p.tab.advance(1000);
  assert.deepEqual(p.tab.calls, []);
});

test('after Back, a step starts a new entry instead of overwriting the restored one', () => {
  const p = page();
  arrowKey(p, { lambda: 0.05 });
  p.tab.back();
  assert.equal(p.restored.at(-1).lambda, 0);
  // The page shows the restored state; the user presses the arrow key again at once.
  p.edit(p.restored.at(-1), { commit: true }); // (a re-render writing the same state)
  arrowKey(p, { ...p.restored.at(-1), lambda: -0.05 });
  settle(p.tab);
  assert.equal(p.tab.entries.length, 2);
  assert.equal(p.tab.param('lambda', 0), '0', 'the restored entry is intact');
  assert.equal(p.tab.param('lambda', 1), '-0.05');
});

test('a pending replace is written before the next push, so each entry keeps its last value', () => {
  const p = page();
  for (let i = 1; i <= 5; i += 1) p.edit({ lambda: i }, { commit: false }); // no time passes
  p.edit({ lambda: 5 }, { commit: true });
  p.edit({ seed: 9 }, { commit: true });
  assert.equal(p.tab.entries.length, 3);
  assert.equal(p.tab.param('lambda', 1), '5');
  assert.equal(p.tab.param('seed', 1), '1');
});

test('a replace still pending when the page is hidden is written', () => {
  const p = page();
  arrowKey(p, { lambda: 1 });
  arrowKey(p, { lambda: 2 }); // within the throttle interval
  assert.equal(p.tab.param('lambda'), '1');
  p.tab.hide();
  assert.equal(p.tab.param('lambda'), '2');
});

test('a drag may change a dependent parameter midway and is still one entry', () => {
  const p = page();
  p.edit({ t: 10 }, { commit: true });
  // Dragging T below the cursor moves the cursor too (t follows T).
  for (const T of [15, 12, 9, 6]) p.edit({ T, t: Math.min(10, T) }, { commit: false });
  p.edit({}, { commit: true });
  settle(p.tab);
  assert.equal(p.tab.entries.length, 3);
  assert.deepEqual([p.tab.param('T'), p.tab.param('t')], ['6', '6']);
});

test('a gesture left without its commit does not swallow the next edit of another parameter', () => {
  const p = page();
  p.edit({ lambda: 1 }, { commit: false }); // e.g. a drag whose change event never came
  p.tab.advance(5000);
  p.edit({ sigma: 0.5 }, { commit: false });
  p.edit({ sigma: 0.5 }, { commit: true });
  settle(p.tab);
  assert.equal(p.tab.entries.length, 3);
});

test('a refused history call (rate limit) never throws into the page and is retried', () => {
  const p = page();
  p.tab.failNext = 1;
  assert.doesNotThrow(() => p.edit({ lambda: 1 }, { commit: true })); // the push is refused
  p.tab.advance(RUN_INTERVAL_MS * 2);
  assert.equal(p.tab.param('lambda'), '1', 'the address bar still follows');
  arrowKey(p, { seed: 3 });
  arrowKey(p, { seed: 4 }); // written at once
  arrowKey(p, { seed: 5 }); // waits for the throttle
  p.tab.failNext = 1;
  p.tab.advance(REPLACE_INTERVAL_MS); // and is refused
  assert.equal(p.tab.param('seed'), '4');
  p.tab.advance(RUN_INTERVAL_MS);
  assert.equal(p.tab.param('seed'), '5', 'written on the retry');
});

test('in an embed, edits never add history entries (Back leaves the course page), and the address still follows', () => {
  const p = page(fakeBrowser('/explorable/?embed=1'));
  p.edit({ embed: true });
  settle(p.tab);
  const before = p.tab.entries.length;
  p.edit({ lambda: 1 }, { commit: true });
  p.edit({ view: 'compare' }, { commit: true });
  for (let i = 0; i < 5; i++) p.edit({ sigma: 0.1 + i / 100 }, { commit: false });
  p.edit({ sigma: 0.2 }, { commit: true });
  settle(p.tab);
  assert.equal(p.tab.entries.length, before, 'no entry added');
  assert.ok(!p.tab.calls.includes('push'));
  assert.equal(p.tab.param('view'), 'compare');
  assert.equal(p.tab.param('sigma'), '0.2');
  // The same edits outside an embed push entries.
  const q = page();
  q.edit({ lambda: 1 }, { commit: true });
  q.edit({ view: 'compare' }, { commit: true });
  assert.equal(q.tab.entries.length, 3);
});
