// Firefox for the browser tests: Debian's firefox-esr driven headless over WebDriver BiDi by
// puppeteer-core (Playwright's Firefox needs a patched build that Debian does not ship), behind a thin adapter that offers the part of
// Playwright's API the tests use (browser.newContext, context.newPage, page.goto / evaluate /
// waitForFunction / $$eval / click / fill / selectOption / keyboard / mouse / waitForEvent('download'),
// locators, ...), so that one suite runs in both engines (tests/support/browser.mjs chooses the
// engine from LDYN_BROWSER). Selectors are plain CSS: Playwright-only syntax (`:text-is()`,
// `>> nth=`) is not understood here, which is why the tests use ids. Locators also offer
// nth(i), locator(css) and getByRole(role, {name, exact}).
//
// Differences from Playwright that a test may meet (each is handled where a test needs it):
// - no CDP (context.newCDPSession throws);
// - `bypassCSP` is not available; page.addScriptTag({path}) evaluates the file through WebDriver
//   BiDi instead, which the page's Content-Security-Policy does not govern;
// - clipboard permissions are not Firefox permission names: grantPermissions skips them (reading
//   and writing the clipboard is allowed to an automated page anyway);
// - downloads land in a folder of the context's own, and waitForEvent('download') watches it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import puppeteer from 'puppeteer-core';

export const FIREFOX = '/usr/bin/firefox-esr';
export const FIREFOX_LAUNCH_OPTIONS = {
  browser: 'firefox',
  executablePath: FIREFOX,
  headless: true,
  protocol: 'webDriverBiDi',
  defaultViewport: null, // each page gets the viewport of its context (Playwright's default: 1280 × 720)
  extraPrefsFirefox: {
    // As the Chromium flags in browser.mjs do: several pages share one browser, keep timers running
    // in every one.
    'dom.min_background_timeout_value': 4,
    'dom.timeout.enable_budget_timer_throttling': false,
  },
};

const DEFAULT_VIEWPORT = { width: 1280, height: 720 };
const DEFAULT_TIMEOUT = 30_000;
const POLLING = 25; // ms between two evaluations of a waitForFunction predicate
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export async function launchFirefox() {
  const browser = await puppeteer.launch(FIREFOX_LAUNCH_OPTIONS);
  return new FirefoxBrowser(browser);
}

class FirefoxBrowser {
  constructor(browser) {
    this.raw = browser;
  }

  version() {
    return this.raw.version();
  }

  async newContext(options = {}) {
    const downloads = fs.mkdtempSync(path.join(os.tmpdir(), 'ldyn-firefox-downloads-'));
    const raw = await this.raw.createBrowserContext({ downloadBehavior: { policy: 'allow', downloadPath: downloads } });
    return new FirefoxContext(this, raw, { ...options, downloads });
  }

  async close() {
    await this.raw.close();
  }
}

class FirefoxContext {
  #listeners = { request: [], page: [] };

  constructor(browser, raw, options) {
    this.browser = browser;
    this.raw = raw;
    this.options = options;
    this.pages = [];
    this.offline = false;
    // Pages the page opens itself (window.open, target=_blank): wrapped and announced as 'page'.
    raw.on('targetcreated', async (target) => {
      if (target.type() !== 'page') return;
      const rawPage = await target.page().catch(() => null);
      if (!rawPage || this.pages.some((p) => p.raw === rawPage)) return;
      const page = this.#adopt(rawPage);
      for (const listener of this.#listeners.page) listener(page);
    });
  }

  #adopt(rawPage) {
    const page = new FirefoxPage(this, rawPage);
    this.pages.push(page);
    rawPage.on('request', (request) => {
      for (const listener of this.#listeners.request) listener({ url: () => request.url(), method: () => request.method() });
    });
    rawPage.once('close', () => {
      this.pages = this.pages.filter((p) => p !== page);
    });
    return page;
  }

  async newPage() {
    // A window per page, not a tab: a background tab would have its animation frames stopped.
    const rawPage = await this.raw.newPage({ type: 'window' });
    const existing = this.pages.find((p) => p.raw === rawPage);
    const page = existing ?? this.#adopt(rawPage);
    await rawPage.setViewport(this.options.viewport ?? DEFAULT_VIEWPORT);
    if (this.offline) await rawPage.setOfflineMode(true);
    return page;
  }

  on(event, listener) {
    if (!this.#listeners[event]) throw new Error(`firefox adapter: context.on('${event}') is not supported`);
    this.#listeners[event].push(listener);
  }

  waitForEvent(event, { timeout = DEFAULT_TIMEOUT } = {}) {
    if (event !== 'page') throw new Error(`firefox adapter: context.waitForEvent('${event}') is not supported`);
    return withTimeout(new Promise((resolve) => {
      const listener = (page) => {
        this.#listeners.page = this.#listeners.page.filter((l) => l !== listener);
        resolve(page);
      };
      this.#listeners.page.push(listener);
    }), timeout, 'context.waitForEvent("page")');
  }

  async setOffline(offline) {
    this.offline = offline;
    for (const page of this.pages) await page.raw.setOfflineMode(offline);
  }

  // Firefox knows no "clipboard-read" / "clipboard-write" permission (an automated page may use the
  // clipboard anyway): those are skipped, others are set through WebDriver BiDi.
  async grantPermissions(permissions, { origin } = {}) {
    const known = permissions.filter((p) => !p.startsWith('clipboard-'));
    if (known.length) await this.raw.overridePermissions(origin, known);
  }

  async newCDPSession() {
    throw new Error('firefox adapter: CDP sessions exist in Chromium only');
  }

  async close() {
    await this.raw.close().catch(() => {});
    fs.rmSync(this.options.downloads, { recursive: true, force: true });
  }
}

// The message objects of page.on('console'), as Playwright has them (type 'warning', not 'warn').
function consoleMessage(message) {
  const type = message.type() === 'warn' ? 'warning' : message.type();
  return { type: () => type, text: () => message.text(), location: () => message.location?.() ?? {} };
}

// ---- In-page helper (serialised into the page by puppeteer: self-contained, no eval, which the
// page's CSP forbids) ----

// What a locator's chain of steps matches: a step is {css}, {role, name, exact} or {nth}. `mode`:
// 'count', 'isVisible' (the first match), 'texts' (every match's textContent), or a state for the
// first match: 'attached', 'visible', 'actionable' (visible and enabled) give the element or null;
// 'hidden', 'detached' give true or false. Visible as Playwright means it: a non-empty box and not
// visibility:hidden.
function locate(chain, mode) {
  const roleSelectors = {
    button: 'button, [role="button"], input[type="button"], input[type="submit"], input[type="reset"]',
    link: 'a[href], [role="link"]',
    checkbox: 'input[type="checkbox"], [role="checkbox"]',
    textbox: 'input:not([type]), input[type="text"], input[type="number"], textarea, [role="textbox"]',
    dialog: 'dialog, [role="dialog"]',
  };
  const squash = (text) => (text ?? '').trim().replace(/\s+/g, ' ');
  const accessibleName = (el) => {
    const labelled = el.getAttribute('aria-labelledby');
    if (labelled) return squash(labelled.split(/\s+/).map((id) => document.getElementById(id)?.textContent ?? '').join(' '));
    return squash(el.getAttribute('aria-label')) || (el.tagName === 'INPUT' ? squash(el.value) : squash(el.textContent));
  };
  const visible = (el) => {
    if (!el || !el.isConnected) return false;
    const box = el.getBoundingClientRect();
    return box.width > 0 && box.height > 0 && getComputedStyle(el).visibility !== 'hidden';
  };
  let elements = [document];
  for (const step of chain) {
    if (step.nth !== undefined) {
      const i = step.nth < 0 ? elements.length + step.nth : step.nth;
      elements = elements[i] && elements[i] !== document ? [elements[i]] : [];
      continue;
    }
    const found = new Set();
    for (const root of elements) {
      if (step.css) for (const el of root.querySelectorAll(step.css)) found.add(el);
      else if (step.role) {
        for (const el of root.querySelectorAll(roleSelectors[step.role] ?? `[role="${step.role}"]`)) {
          if (!el.getClientRects().length) continue; // hidden from the accessibility tree
          if (step.name !== undefined) {
            const name = accessibleName(el);
            if (step.exact ? name !== step.name : !name.toLowerCase().includes(String(step.name).toLowerCase())) continue;
          }
          found.add(el);
        }
      }
    }
    elements = [...found].sort((a, b) => (a === b ? 0 : a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1));
  }
  elements = elements.filter((el) => el !== document);
  const el = elements[0] ?? null;
  switch (mode) {
    case 'count': return elements.length;
    case 'isVisible': return visible(el);
    case 'texts': return elements.map((e) => e.textContent);
    case 'attached': return el;
    case 'visible': return visible(el) ? el : null;
    case 'actionable': return visible(el) && !el.matches(':disabled') ? el : null;
    case 'hidden': return !el || !visible(el);
    case 'detached': return !el;
    default: throw new Error(`locate: unknown mode ${mode}`);
  }
}

// ---- Page ----

class FirefoxPage {
  #url = null;
  #listeners = new Map();

  constructor(context, raw) {
    this.raw = raw;
    this.ownContext = context;
    this.keyboard = {
      press: async (key) => this.#after(pressKey(raw.keyboard, key)),
      type: async (text) => this.#after(raw.keyboard.type(text)),
      down: async (key) => this.#after(raw.keyboard.down(key)),
      up: async (key) => this.#after(raw.keyboard.up(key)),
    };
    this.mouse = {
      click: async (x, y, options) => this.#after(raw.mouse.click(x, y, options)),
      move: async (x, y, options) => this.#after(raw.mouse.move(x, y, options)),
    };
  }

  context() {
    return this.ownContext;
  }

  // Playwright's page.url() is synchronous and follows history.pushState at once; here it is the
  // page's location as read after the last awaited call (pushState is seen immediately).
  url() {
    return this.#url ?? this.raw.url();
  }

  async #refreshUrl() {
    try {
      this.#url = await this.raw.evaluate(() => location.href);
    } catch {
      this.#url = null; // navigating: the raw page's own URL until the next call
    }
  }

  async #after(promise) {
    try {
      return await promise;
    } finally {
      await this.#refreshUrl();
    }
  }

  on(event, listener) {
    let wrapped;
    switch (event) {
      case 'console':
        wrapped = (message) => listener(consoleMessage(message));
        this.raw.on('console', wrapped);
        break;
      case 'pageerror':
        wrapped = (error) => listener(error);
        this.raw.on('pageerror', wrapped);
        break;
      case 'dialog':
        wrapped = (dialog) => listener({ type: () => dialog.type(), message: () => dialog.message(), dismiss: () => dialog.dismiss(),
          accept: (text) => dialog.accept(text) });
        this.raw.on('dialog', wrapped);
        break;
      case 'worker':
        wrapped = (worker) => listener({ url: () => worker.url(), on: (name, handler) => {
          if (name === 'console') worker.on('console', (message) => handler(consoleMessage(message)));
        } });
        this.raw.on('workercreated', wrapped);
        break;
      default:
        throw new Error(`firefox adapter: page.on('${event}') is not supported`);
    }
    this.#listeners.set(listener, wrapped);
  }

  async addInitScript(script, arg) {
    if (typeof script === 'function') await this.raw.evaluateOnNewDocument(script, arg);
    else if (typeof script === 'string') await this.raw.evaluateOnNewDocument(script);
    else if (script?.path) await this.raw.evaluateOnNewDocument(fs.readFileSync(script.path, 'utf8'));
    else await this.raw.evaluateOnNewDocument(script.content);
  }

  // Evaluates a script file in the page (Playwright inserts a <script>, which the page's CSP would
  // refuse here, where CSP cannot be bypassed; WebDriver BiDi's evaluation is not subject to it).
  async addScriptTag({ path: file, content }) {
    const source = content ?? fs.readFileSync(file, 'utf8');
    await this.raw.evaluate(`${source}\n;undefined`);
  }

  async goto(url, { timeout = DEFAULT_TIMEOUT, waitUntil = 'load' } = {}) {
    const response = await this.#after(this.raw.goto(url, { timeout, waitUntil: waitUntil === 'domcontentloaded' ? 'domcontentloaded' : 'load' }));
    return response && { status: () => response.status(), headers: () => response.headers(), ok: () => response.ok(), url: () => response.url() };
  }

  async reload({ timeout = DEFAULT_TIMEOUT } = {}) {
    await this.#after(this.raw.reload({ timeout, waitUntil: 'load' }));
  }

  async goBack({ timeout = DEFAULT_TIMEOUT } = {}) {
    await this.#after(this.raw.goBack({ timeout, waitUntil: 'load' }));
  }

  async goForward({ timeout = DEFAULT_TIMEOUT } = {}) {
    await this.#after(this.raw.goForward({ timeout, waitUntil: 'load' }));
  }

  async setContent(html, { timeout = DEFAULT_TIMEOUT } = {}) {
    await this.#after(this.raw.setContent(html, { timeout, waitUntil: 'load' }));
  }

  async waitForLoadState(state = 'load', { timeout = DEFAULT_TIMEOUT } = {}) {
    await this.raw.waitForFunction((s) => document.readyState === 'complete' || (s === 'domcontentloaded' && document.readyState === 'interactive'),
      { timeout, polling: POLLING }, state);
    await this.#refreshUrl();
  }

  async close() {
    await this.raw.close();
  }

  async screenshot({ fullPage = false } = {}) {
    return Buffer.from(await this.raw.screenshot({ fullPage }));
  }

  evaluate(fn, arg) {
    if (typeof fn === 'string') return this.#after(this.raw.evaluate(fn));
    return this.#after(arg === undefined ? this.raw.evaluate(plainResult(fn)) : this.raw.evaluate(plainResult(fn), arg));
  }

  async waitForFunction(fn, arg, { timeout = DEFAULT_TIMEOUT } = {}) {
    const handle = await this.#after(this.raw.waitForFunction(fn, { timeout, polling: POLLING }, arg));
    await handle.dispose().catch(() => {});
  }

  waitForTimeout(ms) {
    return this.#after(sleep(ms));
  }

  async waitForEvent(event, { timeout = DEFAULT_TIMEOUT } = {}) {
    if (event === 'download') return waitForDownload(this.ownContext.options.downloads, timeout);
    if (event === 'load') {
      return this.#after(withTimeout(new Promise((resolve) => this.raw.once('load', resolve)), timeout, 'page.waitForEvent("load")'));
    }
    throw new Error(`firefox adapter: page.waitForEvent('${event}') is not supported`);
  }

  async $$eval(selector, fn, arg) {
    const list = await this.raw.evaluateHandle((s) => [...document.querySelectorAll(s)], selector);
    try {
      return await this.#after(list.evaluate(plainResult(fn), arg));
    } finally {
      await list.dispose().catch(() => {});
    }
  }

  async $eval(selector, fn, arg) {
    const handle = await this.raw.evaluateHandle((s) => document.querySelector(s), selector);
    try {
      if (!handle.asElement()) throw new Error(`page.$eval: no element matches "${selector}"`);
      return await this.#after(handle.evaluate(plainResult(fn), arg));
    } finally {
      await handle.dispose().catch(() => {});
    }
  }

  async waitForSelector(selector, { state = 'visible', timeout = DEFAULT_TIMEOUT } = {}) {
    const handle = await new FirefoxLocator(this, [{ css: selector }]).elementHandle(state, timeout);
    return handle && new FirefoxElementHandle(this, handle);
  }

  locator(selector) {
    return new FirefoxLocator(this, [{ css: selector }]);
  }

  getByRole(role, options = {}) {
    return new FirefoxLocator(this, [{ role, name: options.name, exact: Boolean(options.exact) }]);
  }

  // Playwright's selector-taking page methods, through a locator of the first match.
  click(selector, options) { return this.locator(selector).first().click(options); }
  fill(selector, value) { return this.locator(selector).first().fill(value); }
  focus(selector) { return this.locator(selector).first().focus(); }
  check(selector) { return this.locator(selector).first().check(); }
  selectOption(selector, values) { return this.locator(selector).first().selectOption(values); }
  dispatchEvent(selector, type, init) { return this.locator(selector).first().dispatchEvent(type, init); }
  textContent(selector) { return this.locator(selector).first().textContent(); }
  inputValue(selector) { return this.locator(selector).first().inputValue(); }
  getAttribute(selector, name) { return this.locator(selector).first().getAttribute(name); }
  isVisible(selector) { return this.locator(selector).first().isVisible(); }
  isHidden(selector) { return this.locator(selector).first().isHidden(); }
  isDisabled(selector) { return this.locator(selector).first().isDisabled(); }
  isEnabled(selector) { return this.locator(selector).first().isEnabled(); }
  isChecked(selector) { return this.locator(selector).first().isChecked(); }

  // Runs `fn(element, arg)` in the page on the first element of `chain` once it is in `state`.
  async onElement(chain, state, timeout, fn, arg) {
    const handle = await new FirefoxLocator(this, chain).elementHandle(state, timeout);
    try {
      return await this.#after(handle.evaluate(plainResult(fn), arg));
    } finally {
      await handle.dispose().catch(() => {});
    }
  }

  // For the locators: run a raw-page call, then refresh the URL.
  after(promise) {
    return this.#after(promise);
  }
}

// page.waitForSelector(...)'s result: what the tests use of an element handle.
class FirefoxElementHandle {
  constructor(page, raw) {
    this.page = page;
    this.raw = raw;
  }

  async contentFrame() {
    const frame = await this.raw.contentFrame();
    return frame && new FirefoxFrame(frame);
  }
}

class FirefoxFrame {
  constructor(raw) {
    this.raw = raw;
  }

  evaluate(fn, arg) {
    return arg === undefined ? this.raw.evaluate(plainResult(fn)) : this.raw.evaluate(plainResult(fn), arg);
  }

  async waitForFunction(fn, arg, { timeout = DEFAULT_TIMEOUT } = {}) {
    const handle = await this.raw.waitForFunction(fn, { timeout, polling: POLLING }, arg);
    await handle.dispose().catch(() => {});
  }
}

// ---- Locators ----

class FirefoxLocator {
  constructor(page, chain) {
    this.page = page;
    this.chain = chain;
  }

  locator(selector) { return new FirefoxLocator(this.page, [...this.chain, { css: selector }]); }
  getByRole(role, options = {}) { return new FirefoxLocator(this.page, [...this.chain, { role, name: options.name, exact: Boolean(options.exact) }]); }
  nth(index) { return new FirefoxLocator(this.page, [...this.chain, { nth: index }]); }
  first() { return this.nth(0); }
  last() { return this.nth(-1); }

  // The first matching element, once in `state` (see locate), as a puppeteer handle.
  async elementHandle(state = 'attached', timeout = DEFAULT_TIMEOUT) {
    let handle;
    try {
      handle = await this.page.raw.waitForFunction(locate, { timeout, polling: POLLING }, this.chain, state);
    } catch (error) {
      throw new Error(`locator ${describeChain(this.chain)}: no element in state "${state}" within ${timeout} ms (${error.message})`);
    }
    const element = handle.asElement();
    if (!element) {
      await handle.dispose().catch(() => {});
      return null;
    }
    return element;
  }

  #now(mode) { return this.page.after(this.page.raw.evaluate(locate, this.chain, mode)); }

  count() { return this.#now('count'); }
  isVisible() { return this.#now('isVisible'); }
  async isHidden() { return !(await this.isVisible()); }
  allTextContents() { return this.#now('texts'); }

  // Waits for the element (attached), then reads it.
  #read(fn, arg, state = 'attached', timeout = DEFAULT_TIMEOUT) { return this.page.onElement(this.chain, state, timeout, fn, arg); }
  textContent() { return this.#read((el) => el.textContent); }
  inputValue() { return this.#read((el) => el.value); }
  getAttribute(name) { return this.#read((el, n) => el.getAttribute(n), name); }
  isDisabled() { return this.#read((el) => el.matches(':disabled')); }
  async isEnabled() { return !(await this.isDisabled()); }
  isChecked() { return this.#read((el) => Boolean(el.checked)); }
  evaluate(fn, arg) { return this.#read(fn, arg); }
  focus() { return this.#read((el) => el.focus()); }

  dispatchEvent(type, init = {}) {
    return this.#read((el, [t, i]) => {
      const options = { bubbles: true, cancelable: true, composed: true, ...i };
      const event = /^(click|dblclick|mouse|pointer)/.test(t) ? new MouseEvent(t, options) : new Event(t, options);
      el.dispatchEvent(event);
    }, [type, init]);
  }

  async waitFor({ state = 'visible', timeout = DEFAULT_TIMEOUT } = {}) {
    const handle = await this.elementHandle(state, timeout);
    await handle?.dispose().catch(() => {});
  }

  async scrollIntoViewIfNeeded() {
    await this.#read((el) => {
      const box = el.getBoundingClientRect();
      if (box.top < 0 || box.left < 0 || box.bottom > innerHeight || box.right > innerWidth) {
        el.scrollIntoView({ block: 'center', inline: 'center', behavior: 'instant' });
      }
    }, undefined, 'visible');
  }

  async boundingBox() {
    const handle = await this.elementHandle('attached');
    try {
      return await handle.boundingBox();
    } finally {
      await handle.dispose().catch(() => {});
    }
  }

  async screenshot() {
    const handle = await this.elementHandle('visible');
    try {
      return Buffer.from(await handle.screenshot());
    } finally {
      await handle.dispose().catch(() => {});
    }
  }

  async click({ timeout = DEFAULT_TIMEOUT } = {}) {
    const handle = await this.elementHandle('actionable', timeout);
    try {
      await this.page.after(handle.click());
    } finally {
      await handle.dispose().catch(() => {});
    }
  }

  async check() {
    if (!(await this.isChecked())) await this.click();
  }

  async press(key) {
    await this.focus();
    await this.page.keyboard.press(key);
  }

  // As Playwright's fill: focus, select the content, insert the text as typing does ('input'
  // events, no 'change'). Range and colour inputs take the value directly (with input and change).
  async fill(value, { timeout = DEFAULT_TIMEOUT } = {}) {
    const handle = await this.elementHandle('actionable', timeout);
    try {
      await this.page.after(handle.evaluate((el, text) => {
        const direct = ['color', 'date', 'time', 'datetime-local', 'month', 'range', 'week'];
        if (el.tagName === 'INPUT' && direct.includes(el.type)) {
          el.value = text;
          el.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
          el.dispatchEvent(new Event('change', { bubbles: true }));
          return;
        }
        el.focus();
        if (typeof el.select === 'function') el.select();
        const inserted = text === '' ? document.execCommand('delete') : document.execCommand('insertText', false, text);
        if (!inserted || el.value !== text) {
          el.value = text;
          el.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, inputType: 'insertText', data: text }));
        }
      }, String(value)));
    } finally {
      await handle.dispose().catch(() => {});
    }
  }

  // values: a value, a list of values, or {value} / {label} (or a list of those).
  async selectOption(values, { timeout = DEFAULT_TIMEOUT } = {}) {
    const wanted = (Array.isArray(values) ? values : [values]).map((v) => (typeof v === 'string' ? { value: v } : v));
    return this.#read((select, choices) => {
      const options = [...select.options];
      const picked = choices.map((c) => options.find((o) => (c.value !== undefined ? o.value === c.value : o.label === c.label || o.textContent.trim() === c.label)));
      if (picked.some((o) => !o)) throw new Error(`selectOption: no option ${JSON.stringify(choices)} in ${options.map((o) => o.label).join(', ')}`);
      for (const o of options) o.selected = picked.includes(o);
      select.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
      select.dispatchEvent(new Event('change', { bubbles: true }));
      return picked.map((o) => o.value);
    }, wanted, 'actionable', timeout);
  }
}

// `fn` as a function whose result is copied into plain data in the page, as Playwright returns
// it: objects by their enumerable keys (also Proxies, such as Chart.js's option resolvers, and
// class instances), platform objects with a toJSON() (a DOMRect) as that JSON, typed arrays as
// arrays. WebDriver BiDi would give an empty object or undefined for those. Built here in Node, where
// the page's CSP (no eval) does not apply; puppeteer sends its source.
const plainResults = new WeakMap();
function plainResult(fn) {
  if (!plainResults.has(fn)) {
    // eslint-disable-next-line no-new-func
    plainResults.set(fn, new Function('...args', `const fn = (${fn.toString()});
      const seen = new Set();
      const plain = (v) => {
        if (v === null || typeof v !== 'object') return typeof v === 'function' ? undefined : v;
        if (v instanceof Date || v instanceof RegExp || v instanceof Node || v instanceof Window) return v;
        if (ArrayBuffer.isView(v)) return Array.from(v);
        if (seen.has(v)) return undefined;
        seen.add(v);
        try {
          if (Array.isArray(v)) return v.map(plain);
          if (v instanceof Map) return new Map([...v].map(([k, x]) => [plain(k), plain(x)]));
          if (v instanceof Set) return new Set([...v].map(plain));
          const proto = Object.getPrototypeOf(v);
          if (proto !== Object.prototype && proto !== null && typeof v.toJSON === 'function') return plain(v.toJSON());
          const out = {};
          for (const key of Object.keys(v)) out[key] = plain(v[key]);
          return out;
        } finally {
          seen.delete(v);
        }
      };
      const result = fn(...args);
      return result instanceof Promise ? result.then(plain) : plain(result);`));
  }
  return plainResults.get(fn);
}

// Playwright's key names and combinations ("Space", "Shift+Tab") on puppeteer's keyboard.
async function pressKey(keyboard, combination) {
  const keys = combination === '+' ? ['+'] : combination.split('+').map((k) => (k === 'Space' ? ' ' : k));
  const key = keys.pop();
  for (const modifier of keys) await keyboard.down(modifier);
  await keyboard.press(key);
  for (const modifier of keys.reverse()) await keyboard.up(modifier);
}

function describeChain(chain) {
  return chain.map((s) => (s.css ?? (s.role ? `role=${s.role}[name=${JSON.stringify(s.name)}]` : `nth=${s.nth}`))).join(' >> ');
}

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([promise, new Promise((resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: timed out after ${ms} ms`)), ms);
  })]).finally(() => clearTimeout(timer));
}

// The next file that appears complete in the context's download folder (Firefox writes a
// `.part` file beside it while downloading, and may write the data under a temporary random name
// that it renames a moment later: a file that vanishes between listing and stat is skipped, and
// a name counts once it has kept its size for a poll). A name taken already gets a "(1)" from
// Firefox: the suggested name is the one without it.
async function waitForDownload(folder, timeout) {
  const before = new Set(fs.readdirSync(folder));
  const deadline = Date.now() + timeout;
  let candidate = null, lastSize = -1;
  while (Date.now() < deadline) {
    const names = fs.readdirSync(folder);
    const fresh = names.filter((n) => !before.has(n) && !n.endsWith('.part'));
    const pending = names.some((n) => n.endsWith('.part'));
    if (fresh.length && !pending) {
      const file = path.join(folder, fresh[0]);
      let size;
      try {
        size = fs.statSync(file).size;
      } catch (error) {
        if (error.code !== 'ENOENT') throw error;
        candidate = null; // renamed meanwhile: look again
        await sleep(50);
        continue;
      }
      if (candidate === file && size === lastSize && size > 0) {
        const match = /^(.*)\(\d+\)(\.[^.]*)?$/.exec(fresh[0]);
        const suggested = match && before.has(`${match[1]}${match[2] ?? ''}`) ? `${match[1]}${match[2] ?? ''}` : fresh[0];
        return { suggestedFilename: () => suggested, path: async () => file };
      }
      candidate = file;
      lastSize = size;
    }
    await sleep(50);
  }
  throw new Error(`waitForEvent("download"): no download within ${timeout} ms`);
}
