// Small helpers of the data dialogs that need no DOM: which dropped files are read, and matrices
// written back as text. Pure: importable from Node.

// A text file of this size holds ~500 000 numbers, beyond anything the page can run.
export const MAX_FILE_BYTES = 5 * 1024 * 1024;

const TEXT_EXTENSIONS = /\.(csv|tsv|txt|dat|json|tab)$/i;
const TEXT_TYPES = /^(text\/|application\/(json|csv|x-csv)$)/;
const SPREADSHEETS = /\.(xlsx?|ods|numbers)$/i;

/** @param {number} bytes */
export function describeBytes(bytes) {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

// Why a file is not read (null when it is). `file` needs only name, size and type.
/** @param {{ name: string, size: number, type: string }} file @returns {string | null} */
export function fileProblem(file) {
  const name = `"${file.name.length > 40 ? `${file.name.slice(0, 40)}…` : file.name}"`;
  if (SPREADSHEETS.test(file.name)) return `${name} is a spreadsheet: save it as CSV and drop that`;
  // Browsers give .csv types such as application/vnd.ms-excel, or none: the extension decides then.
  if (!TEXT_TYPES.test(file.type) && !TEXT_EXTENSIONS.test(file.name)) {
    return `${name} is not a text file${file.type ? ` (${file.type})` : ''}: use CSV, TSV, plain text or JSON`;
  }
  if (file.size > MAX_FILE_BYTES) return `${name} is ${describeBytes(file.size)}: at most ${describeBytes(MAX_FILE_BYTES)} of text is read`;
  return null;
}

// A matrix as tab-separated text, each value in full (shortest round-trip) precision.
/** @param {readonly ArrayLike<number>[]} matrix */
export function matrixText(matrix) {
  return matrix.map((row) => Array.from(row, String).join('\t')).join('\n');
}

/** @param {readonly ArrayLike<number>[] | null | undefined} a @param {readonly ArrayLike<number>[] | null | undefined} b */
export function sameMatrix(a, b) {
  if (!a || !b || a.length !== b.length) return false;
  return a.every((row, i) => row.length === b[i].length && Array.from(row).every((x, j) => x === b[i][j]));
}
