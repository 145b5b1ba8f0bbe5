// Reads a large pasted or dropped text off the page's thread (parse-client.js starts it): the page
// stays responsive and shows the progress. Posts {progress} while reading, then {result}.
import { parseMatrix } from './parse.js';

self.addEventListener('message', (event) => {
  const { text, key } = event.data;
  const result = parseMatrix(text, { key, onProgress: (progress) => self.postMessage({ progress }) });
  self.postMessage({ result });
});
