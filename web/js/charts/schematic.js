// A schematic of a network's layer widths (SVG): three bars, as tall as the layers are wide,
// joined by trapezoids, with the widths written under them and read out in the aria-label.
const SVG = 'http://www.w3.org/2000/svg';
const HEIGHT = 70;
const X = [10, 60, 110]; // the bars' left edges
// Colours and font as attributes of the drawing itself (the page's stylesheet sets the same): a
// figure's PNG and a video draw the SVG as an image, which no stylesheet reaches, and shapes
// without a fill would come out black, the widths in the browser's default serif.
const LAYER = { fill: '#0072b2' };
const LINK = { fill: '#cfe3f2' };
const LABEL = { fill: '#333333', 'font-size': 10, 'font-family': 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif' };

/** @param {string} tag @param {Record<string, string | number>} attributes @param {string} [text] */
function svgElement(tag, attributes, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

/** @param {import('../state/schema.js').Shape} shape @returns {SVGElement} */
export function schematic([ni, nh, no]) {
  const widths = [ni, nh, no];
  const widest = Math.max(...widths);
  /** @param {number} n */
  const h = (n) => 8 + ((HEIGHT - 8) * n) / widest;
  const mid = HEIGHT / 2;
  const svg = svgElement('svg', { viewBox: `0 0 130 ${HEIGHT + 20}`, class: 'schematic', role: 'img', 'aria-label': `${ni} inputs, ${nh} hidden units, ${no} outputs` });
  for (let i = 0; i < 2; i++) {
    const [a, b] = [h(widths[i]), h(widths[i + 1])];
    svg.append(svgElement('polygon', {
      points: `${X[i] + 5},${mid - a / 2} ${X[i + 1]},${mid - b / 2} ${X[i + 1]},${mid + b / 2} ${X[i] + 5},${mid + a / 2}`, class: 'schematic-link', ...LINK }));
  }
  widths.forEach((n, i) => {
    svg.append(svgElement('rect', { x: X[i], y: mid - h(n) / 2, width: 5, height: h(n), class: 'schematic-layer', ...LAYER }),
      svgElement('text', { x: X[i] + 2.5, y: HEIGHT + 16, 'text-anchor': 'middle', ...LABEL }, String(n)));
  });
  return svg;
}
