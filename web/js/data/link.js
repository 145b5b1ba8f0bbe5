// Small data in the share link: JSON, compressed (raw deflate) and written in base64url, so that a
// link reproduces a view of the user's own data. Works in the browser and in Node ≥ 18, which
// both have CompressionStream.
//
// LINK_LIMIT: 6000 characters of encoded data. With the page's other parameters (about 600
// characters) and the address this keeps a link under 8 KB, what nginx (8 KB per request line)
// and Apache (8190 bytes) accept by default and what chat apps and mail clients keep intact.
// That holds a few hundred numbers at full precision (e.g. a 3 × 50 X with a 2 × 50 Y); larger
// data belong in a file.
export const LINK_LIMIT = 6000;
// A link cannot make the page decompress more than this (a deflate "bomb" of a few KB could
// otherwise expand to gigabytes).
export const MAX_DECODED_BYTES = 8 * 1024 * 1024;
// Longer than any link a page of ours makes: not read at all.
const MAX_ENCODED = 64 * 1024;

export class LinkDataError extends Error {
  /** @param {string} message */
  constructor(message) {
    super(message);
    this.name = 'LinkDataError';
  }
}

/** @param {Uint8Array} bytes */
function toBase64Url(bytes) {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** @param {string} text */
function fromBase64Url(text) {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

// Typed arrays (the engine's rows) as plain lists; a value JSON would turn into null is refused.
/** @param {string} key @param {unknown} value */
function plain(key, value) {
  if (ArrayBuffer.isView(value)) return Array.from(/** @type {Float64Array} */ (value));
  if (typeof value === 'number' && !Number.isFinite(value)) throw new LinkDataError(`the data hold ${value}, which a link cannot carry: only finite numbers`);
  return value;
}

// object → base64url text of its compressed JSON.
/** @param {object} object @returns {Promise<string>} */
export async function encodeData(object) {
  const json = JSON.stringify(object, plain);
  const stream = new Blob([json]).stream().pipeThrough(new CompressionStream('deflate-raw'));
  return toBase64Url(new Uint8Array(await new Response(stream).arrayBuffer()));
}

// Reads a decompressing stream to its end, refusing more than MAX_DECODED_BYTES.
/** @param {Uint8Array<ArrayBuffer>} bytes */
async function inflate(bytes) {
  const reader = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate-raw')).getReader();
  const chunks = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > MAX_DECODED_BYTES) {
      reader.cancel().catch(() => {});
      throw new LinkDataError(`the data in the link expand to more than ${MAX_DECODED_BYTES / 1024 / 1024} MB: refused`);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) { out.set(c, at); at += c.length; }
  return out;
}

const AGAIN = 'copy the whole link again';

// base64url text → the object, or a LinkDataError saying what is wrong with the parameter.
/** @param {unknown} text @returns {Promise<object>} */
export async function decodeData(text) {
  const encoded = String(text ?? '').trim();
  if (encoded === '') throw new LinkDataError('the data in the link are empty');
  if (encoded.length > MAX_ENCODED) throw new LinkDataError(`the data in the link are ${encoded.length} characters long, more than ${MAX_ENCODED}: refused`);
  const bad = /[^A-Za-z0-9_-]/.exec(encoded);
  if (bad) {
    const shown = /[\x21-\x7e]/.test(bad[0]) ? `"${bad[0]}"` : `U+${bad[0].codePointAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
    throw new LinkDataError(`the data in the link hold a character they never have (${shown} at position ${bad.index + 1}): ${AGAIN}`);
  }
  // Base64 never leaves a single character in its last group: the text was cut.
  if (encoded.length % 4 === 1) throw new LinkDataError(`the data in the link are cut short: ${AGAIN}`);
  let bytes;
  try {
    bytes = await inflate(fromBase64Url(encoded));
  } catch (e) {
    if (e instanceof LinkDataError) throw e;
    throw new LinkDataError(`the data in the link are damaged or cut short (they do not decompress): ${AGAIN}`);
  }
  let json;
  try {
    json = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new LinkDataError(`the data in the link are damaged (they are not text): ${AGAIN}`);
  }
  let value;
  try {
    value = JSON.parse(json);
  } catch {
    throw new LinkDataError(`the data in the link are damaged (they are not valid JSON): ${AGAIN}`);
  }
  if (value === null || typeof value !== 'object') throw new LinkDataError('the data in the link are not an object of matrices');
  return value;
}

/** @param {string} encoded */
export function fitsInLink(encoded) {
  return encoded.length <= LINK_LIMIT;
}

// null when the data fit, else why they are not put in the link.
/** @param {string} encoded @returns {string | null} */
export function linkSizeProblem(encoded) {
  if (fitsInLink(encoded)) return null;
  return `your data take ${encoded.length} characters in a link, more than the ${LINK_LIMIT} a link can carry safely ` +
    '(servers and chat apps cut links beyond about 8 KB): the link keeps the other settings; save the data as a file to share them';
}
