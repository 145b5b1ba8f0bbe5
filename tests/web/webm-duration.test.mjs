// record/webm-duration.js: the Duration element is added to a WebM's Info (or overwritten), in
// TimecodeScale units, and the Segment and Info sizes grow by its 11 bytes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withDuration } from '../../web/js/record/webm-duration.js';

const el = (id, data) => {
  const size = data.length;
  return [...id, 0x40 | (size >> 8), size & 0xff, ...data]; // a 2-byte size
};
// EBML header, Segment (unknown or known size) > Info > TimecodeScale (1 ms), then a Cluster.
function webm({ knownSegment = false, duration = null } = {}) {
  const info = el([0x15, 0x49, 0xa9, 0x66], [...el([0x2a, 0xd7, 0xb1], [0x0f, 0x42, 0x40]), ...(duration ? el([0x44, 0x89], duration) : [])]);
  const cluster = el([0x1f, 0x43, 0xb6, 0x75], el([0xe7], [0]));
  const body = [...info, ...cluster];
  const segment = knownSegment ? el([0x18, 0x53, 0x80, 0x67], body) : [0x18, 0x53, 0x80, 0x67, 0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, ...body];
  return new Uint8Array([...el([0x1a, 0x45, 0xdf, 0xa3], [0x42, 0x82, 0x84, 0x77, 0x65, 0x62, 0x6d]), ...segment]);
}
const find = (bytes, pattern) => bytes.findIndex((_, i) => pattern.every((b, k) => bytes[i + k] === b));
const durationAt = (bytes) => {
  const at = find(bytes, [0x44, 0x89]);
  if (at < 0) return null;
  const data = at + (bytes[at + 2] === 0x88 ? 3 : 4); // a 1- or 2-byte size of 8
  return new DataView(bytes.buffer, bytes.byteOffset + data, 8).getFloat64(0);
};
const size2 = (bytes, at) => ((bytes[at] & 0x3f) << 8) | bytes[at + 1];

test('a WebM without a duration gets one, in ms (TimecodeScale 1e6), and its Info grows by 11 bytes', () => {
  const before = webm();
  const after = withDuration(before, 2066.5);
  assert.equal(durationAt(before), null);
  assert.equal(durationAt(after), 2066.5);
  assert.equal(after.length, before.length + 11);
  const info = find(after, [0x15, 0x49, 0xa9, 0x66]);
  assert.equal(size2(after, info + 4), size2(before, info + 4) + 11);
  assert.ok(find(after, [0x1f, 0x43, 0xb6, 0x75]) > 0, 'the cluster follows');
});

test('a Segment of known size grows too; an existing 8-byte Duration is overwritten in place', () => {
  const before = webm({ knownSegment: true });
  const after = withDuration(before, 1000);
  const segment = find(after, [0x18, 0x53, 0x80, 0x67]);
  assert.equal(size2(after, segment + 4), size2(before, segment + 4) + 11);
  const withOld = webm({ duration: [0, 0, 0, 0, 0, 0, 0, 0] });
  const fixed = withDuration(withOld, 1500);
  assert.equal(fixed.length, withOld.length);
  assert.equal(durationAt(fixed), 1500);
});

test('not a WebM, or no duration to write: the bytes come back as they are', () => {
  const junk = new Uint8Array([1, 2, 3]);
  assert.equal(withDuration(junk, 1000), junk);
  const file = webm();
  assert.equal(withDuration(file, Infinity), file);
  assert.equal(withDuration(file, 0), file);
});
