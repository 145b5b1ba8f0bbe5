#!/usr/bin/env node
// What the wasm module is made of (a benchmark aid, not a test): the bytes of each section, and of
// the code section by function, grouped by what the function belongs to (Eigen, the engine, the
// JSON parser, libc++ streams and locales, embind, exceptions, malloc, ...). Function names need a
// module linked with --profiling-funcs (the names section); the sizes are those of the module
// without it, since the names section is the only difference.
//   node bench/wasm-size.mjs [build/wasm-prof/bin/ldyn_wasm.wasm] [--top 40]
import fs from 'node:fs';
import zlib from 'node:zlib';

const file = process.argv.slice(2).find((a) => !a.startsWith('--') && !/^\d+$/.test(a)) ?? 'build/wasm/bin/ldyn_wasm.wasm';
const topAt = process.argv.indexOf('--top');
const TOP = topAt > 0 ? Number(process.argv[topAt + 1]) : 40;
const bytes = fs.readFileSync(file);

let pos = 8;
const u32 = () => {
  let result = 0, shift = 0, byte;
  do {
    byte = bytes[pos++];
    result += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  } while (byte & 0x80);
  return result;
};
const name = () => {
  const length = u32();
  const text = bytes.toString('utf8', pos, pos + length);
  pos += length;
  return text;
};

const SECTION_NAMES = ['custom', 'type', 'import', 'function', 'table', 'memory', 'global', 'export', 'start', 'element', 'code', 'data', 'datacount'];
const sections = [];
let importedFunctions = 0;
/** @type {number[]} */
const bodySizes = [];
/** @type {Map<number, string>} */
const functionNames = new Map();
let exportCount = 0;
while (pos < bytes.length) {
  const id = bytes[pos++];
  const size = u32();
  const start = pos;
  let label = SECTION_NAMES[id] ?? `section ${id}`;
  if (id === 0) {
    label = `custom "${name()}"`;
    if (label === 'custom "name"') {
      while (pos < start + size) {
        const sub = bytes[pos++];
        const subSize = u32();
        const subEnd = pos + subSize;
        if (sub === 1) {
          const count = u32();
          for (let i = 0; i < count; i++) {
            const index = u32();
            functionNames.set(index, name());
          }
        }
        pos = subEnd;
      }
    }
  } else if (id === 2) {
    const count = u32();
    for (let i = 0; i < count; i++) {
      name(); name();
      const kind = bytes[pos++];
      if (kind === 0) { u32(); importedFunctions++; }
      else if (kind === 1) { pos++; const flags = u32(); u32(); if (flags & 1) u32(); }
      else if (kind === 2) { const flags = u32(); u32(); if (flags & 1) u32(); }
      else if (kind === 3) { pos += 2; }
    }
  } else if (id === 7) {
    exportCount = u32();
  } else if (id === 10) {
    const count = u32();
    for (let i = 0; i < count; i++) {
      const bodySize = u32();
      bodySizes.push(bodySize);
      pos += bodySize;
    }
  }
  sections.push({ label, size });
  pos = start + size;
}

// The group a function belongs to, by the namespace its name starts with (after a plain return
// type) and, inside libc++, by what it is; the first pattern that matches wins.
const GROUPS = [
  ['the engine (ldyn::, the bindings)', /^(ldyn::|\(anonymous namespace\)::|EMSCRIPTEN_BINDINGS|_GLOBAL__sub_I_bindings)/],
  ['Eigen', /^Eigen::/],
  ['nlohmann JSON', /^nlohmann::/],
  ['embind / val', /^(emscripten::|_embind|__embind|embind_|__getTypeName|_emval)/],
  ['exceptions (C++ ABI, unwinding)', /^(__cxa|_Unwind|__gxx|__cxxabiv1|std::__2::(exception|bad_|runtime_error|logic_error|invalid_argument|out_of_range|length_error|domain_error|overflow_error|range_error)|std::(exception|bad_|terminate|runtime_error|logic_error)|std::__2::__throw|__cxxabi|abort_message|demangling|\(anonymous namespace\)::itanium_demangle)/],
  ['libc++ streams, locale, num_get/put', /^std::__2::(basic_(i|o|io)?stream|basic_streambuf|basic_stringbuf|basic_[io]?stringstream|ios_base|basic_ios|locale|ctype|codecvt|num_get|num_put|money|time_get|time_put|messages|numpunct|collate|__stdinbuf|__stdoutbuf|__num_|__money|__time|__widen|__check_grouping|__do_|__scan_keyword|__libcpp_locale|__cloc|__get_up_to|__ios|ostreambuf|istreambuf|use_facet|__codecvt|__narrow|__time_|DoIOSInit|__lt|__sort|__insertion)|^(std::__2::)?(__sort|__insertion_sort)/],
  ['libc++ other (strings, to_chars, containers)', /^std::/],
  ['malloc', /^(dlmalloc|dlfree|malloc|free|realloc|calloc|emmalloc|sbrk|memalign|posix_memalign|aligned_alloc|dispose_chunk|internal_memalign|try_realloc|prepend_alloc|init_|tmalloc|add_segment|operator new|operator delete)/],
  ['libc (printf, strto*, math, mem*, ...)', /./],
];
const owner = (name) => name.replace(/^(void|bool|int|double|float|long|char|unsigned|auto)\s+/, '');
const groups = new Map(GROUPS.map(([label]) => [label, { bytes: 0, count: 0 }]));
const functions = bodySizes.map((size, i) => ({ size, name: functionNames.get(importedFunctions + i) ?? `#${importedFunctions + i}` }));
for (const fn of functions) {
  const group = /** @type {string} */ (GROUPS.find(([, pattern]) => pattern.test(owner(fn.name)))?.[0]);
  const entry = /** @type {{ bytes: number, count: number }} */ (groups.get(group));
  entry.bytes += fn.size;
  entry.count++;
}
const groupArg = process.argv.indexOf('--group');
if (groupArg > 0) {
  const wanted = process.argv[groupArg + 1];
  for (const fn of functions.filter((f) => GROUPS.find(([, p]) => p.test(owner(f.name)))?.[0].startsWith(wanted)).sort((a, b) => b.size - a.size)) {
    console.log(`  ${String(fn.size).padStart(7)}  ${fn.name.slice(0, 200)}`);
  }
  process.exit(0);
}

const gzip = zlib.gzipSync(bytes, { level: 6 }).length;
console.log(`${file}: ${bytes.length} bytes, ${gzip} with gzip -6; ${functions.length} functions (+${importedFunctions} imported), ${exportCount} exports`);
console.log('\nsections:');
for (const s of sections) console.log(`  ${s.label.padEnd(28)} ${String(s.size).padStart(9)}`);
console.log('\ncode by group (bytes of function bodies, functions):');
for (const [label, { bytes: size, count }] of [...groups].sort((a, b) => b[1].bytes - a[1].bytes)) {
  if (count) console.log(`  ${label.padEnd(42)} ${String(size).padStart(9)} ${String(count).padStart(6)}`);
}
console.log(`\nlargest ${TOP} functions:`);
for (const fn of [...functions].sort((a, b) => b.size - a.size).slice(0, TOP)) {
  console.log(`  ${String(fn.size).padStart(7)}  ${fn.name.length > 150 ? `${fn.name.slice(0, 150)}…` : fn.name}`);
}
