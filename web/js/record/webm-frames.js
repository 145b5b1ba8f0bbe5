// The frames of a WebM file as MediaRecorder writes it: their timestamps (ms), read from the
// clusters' timecodes and their SimpleBlocks (or Blocks in BlockGroups). A recorder whose encoder
// cannot keep up drops frames without a word: this is how the dialog finds out and says so.
const SEGMENT = 0x18538067, CLUSTER = 0x1f43b675, BLOCK_GROUP = 0xa0, TIMECODE = 0xe7, SIMPLE_BLOCK = 0xa3, BLOCK = 0xa1;
const CONTAINERS = new Set([SEGMENT, CLUSTER, BLOCK_GROUP]);

// An EBML variable-length integer at `at`: {value, length}; with `marker` (element ids) the length
// bits are kept. A size of all ones is "unknown" (value -1).
/** @param {Uint8Array} bytes @param {number} at @param {boolean} marker @returns {{ value: number, length: number } | null} */
export function vint(bytes, at, marker) {
  const first = bytes[at];
  let length = 1;
  while (length <= 8 && !(first & (0x100 >> length))) length++;
  if (length > 8 || at + length > bytes.length) return null;
  let value = marker ? first : first & ((0x100 >> length) - 1);
  let ones = value === (0x100 >> length) - 1;
  for (let i = 1; i < length; i++) {
    value = value * 256 + bytes[at + i];
    ones &&= bytes[at + i] === 0xff;
  }
  return { value: !marker && ones ? -1 : value, length };
}

/** @param {Uint8Array} bytes @returns {number[]} */
export function webmFrameTimes(bytes) {
  /** @type {number[]} */
  const times = [];
  let cluster = 0;
  /** @param {number} start @param {number} end */
  const walk = (start, end) => {
    let at = start;
    while (at < end) {
      const id = vint(bytes, at, true);
      const size = id && vint(bytes, at + id.length, false);
      if (!size) return;
      const data = at + id.length + size.length;
      const next = size.value < 0 ? end : Math.min(end, data + size.value);
      if (CONTAINERS.has(id.value)) {
        walk(data, next);
      } else if (id.value === TIMECODE) {
        cluster = 0;
        for (let i = data; i < next; i++) cluster = cluster * 256 + bytes[i];
      } else if (id.value === SIMPLE_BLOCK || id.value === BLOCK) {
        const track = vint(bytes, data, false);
        if (track && data + track.length + 2 <= next) {
          const relative = (bytes[data + track.length] << 8) | bytes[data + track.length + 1];
          times.push(cluster + (relative > 0x7fff ? relative - 0x10000 : relative));
        }
      }
      at = next;
    }
  };
  walk(0, bytes.length);
  return times;
}
