// Writes a WebM's duration into its Segment's Info. MediaRecorder streams its file and so never
// knows the duration when it writes the Info: Chromium's and Firefox's files have none, and a
// player shows Infinity (no seek bar) until it has read the file to its end. This sets the Info's
// Duration element (float, in TimecodeScale units): Firefox's placeholder of 0 is overwritten in
// place; a missing one (Chromium) is added, and the Info and a Segment of known size grow by its
// 11 bytes. A file whose positions would move (a SeekHead with entries before the Info, as
// MediaRecorder does not write) or that is not a WebM is returned as it is.
import { vint } from './webm-frames.js';

const SEGMENT = 0x18538067, INFO = 0x1549a966, TIMECODE_SCALE = 0x2ad7b1, DURATION = 0x4489, SEEK_HEAD = 0x114d9b74, CLUSTER = 0x1f43b675;

// An element's header at `at`: its id, where its data starts and ends, where its size field is.
/** @param {Uint8Array} bytes @param {number} at @param {number} end */
function header(bytes, at, end) {
  const id = vint(bytes, at, true);
  const size = id && vint(bytes, at + id.length, false);
  if (!size) return null;
  const data = at + id.length + size.length;
  return { id: id.value, sizeAt: at + id.length, sizeLength: size.length, known: size.value >= 0, data, end: size.value < 0 ? end : Math.min(end, data + size.value) };
}

// `value` as an EBML size of `length` bytes (8 when omitted or too short).
/** @param {number} value @param {number} [length] */
function sizeField(value, length = 8) {
  if (value >= 2 ** (7 * length) - 1) length = 8;
  const out = new Uint8Array(length);
  let rest = value;
  for (let i = length - 1; i >= 0; i--) {
    out[i] = rest % 256;
    rest = Math.floor(rest / 256);
  }
  out[0] |= 0x100 >> length;
  return out;
}

/** @param {number} value */
const float64 = (value) => {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setFloat64(0, value);
  return out;
};

/** @param {Uint8Array} bytes @param {number} milliseconds @returns {Uint8Array} */
export function withDuration(bytes, milliseconds) {
  if (!(milliseconds > 0) || !Number.isFinite(milliseconds)) return bytes;
  // The Segment: after the EBML header, at the top level.
  let segment = null;
  for (let at = 0; at < bytes.length;) {
    const element = header(bytes, at, bytes.length);
    if (!element) return bytes;
    if (element.id === SEGMENT) { segment = element; break; }
    at = element.end;
  }
  if (!segment) return bytes;
  // Firefox writes an empty SeekHead and a Duration of 0 (which Chromium takes for unknown).
  let info = null, seekHead = false;
  for (let at = segment.data; at < segment.end;) {
    const element = header(bytes, at, segment.end);
    if (!element || element.id === CLUSTER) return bytes;
    if (element.id === SEEK_HEAD && element.end > element.data) seekHead = true;
    if (element.id === INFO) { info = element; break; }
    at = element.end;
  }
  if (!info || !info.known) return bytes;
  let scale = 1e6, duration = null;
  for (let at = info.data; at < info.end;) {
    const element = header(bytes, at, info.end);
    if (!element) return bytes;
    if (element.id === TIMECODE_SCALE) {
      scale = 0;
      for (let i = element.data; i < element.end; i++) scale = scale * 256 + bytes[i];
    } else if (element.id === DURATION) duration = element;
    at = element.end;
  }
  if (!(scale > 0)) return bytes;
  const ticks = (milliseconds * 1e6) / scale;
  if (duration && duration.end - duration.data === 8) {
    const out = bytes.slice();
    out.set(float64(ticks), duration.data);
    return out;
  }
  if (duration && duration.end - duration.data === 4) {
    const out = bytes.slice();
    new DataView(out.buffer, out.byteOffset + duration.data, 4).setFloat32(0, ticks);
    return out;
  }
  if (duration || seekHead) return bytes;
  // Adds [Duration, size 8, float64] at the Info's end and grows the Info (and a known Segment).
  const element = new Uint8Array([0x44, 0x89, 0x88, ...float64(ticks)]);
  const infoSize = sizeField(info.end - info.data + element.length, info.sizeLength);
  const parts = [];
  if (segment.known) {
    const segmentSize = sizeField(segment.end - segment.data + element.length + infoSize.length - info.sizeLength, segment.sizeLength);
    parts.push(bytes.subarray(0, segment.sizeAt), segmentSize, bytes.subarray(segment.data, info.sizeAt));
  } else parts.push(bytes.subarray(0, info.sizeAt));
  parts.push(infoSize, bytes.subarray(info.data, info.end), element, bytes.subarray(info.end));
  const out = new Uint8Array(parts.reduce((n, part) => n + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

// The duration of a WebM from its frames: the last frame's time plus one frame.
/** @param {number[]} frameTimes @param {number} fps */
export const durationOf = (frameTimes, fps) => (frameTimes.length ? Math.max(...frameTimes) + 1000 / fps : 0);
