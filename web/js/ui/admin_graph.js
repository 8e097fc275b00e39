// The admin page's graphs: line charts of the server's own samples drawn as inline SVG, each with
// a title and a text alternative (latest, highest and lowest value) for screen readers and for print.

const kSvgNs = 'http://www.w3.org/2000/svg';
const kWidth = 600;
const kHeight = 180;
const kPad = { left: 48, right: 12, top: 12, bottom: 24 };

/**
 * @typedef {{label: string, values: number[], className: string}} Series
 * @typedef {{id: string, title: string, times: number[], series: Series[],
 *   format: (value: number) => string, formatTime: (unixSeconds: number) => string,
 *   summary: (series: Series, latest: string, highest: string, lowest: string) => string}} Graph
 */

/**
 * @param {string} tag
 * @param {Record<string, string | number>} [attributes]
 * @returns {SVGElement}
 */
function svg(tag, attributes = {}) {
  const e = /** @type {SVGElement} */ (document.createElementNS(kSvgNs, tag));
  for (const [name, value] of Object.entries(attributes)) e.setAttribute(name, String(value));
  return e;
}

/**
 * A "nice" top of the y axis: 1, 2 or 5 times a power of ten, at least `max`.
 * @param {number} max
 */
export function axisTop(max) {
  if (!(max > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(max));
  for (const step of [1, 2, 5, 10]) if (step * power >= max) return step * power;
  return 10 * power;
}

/**
 * One graph as a figure: the SVG picture, named by its title, described by a sentence per series.
 * @param {Graph} graph
 * @returns {HTMLElement}
 */
export function drawGraph(graph) {
  const figure = document.createElement('figure');
  figure.className = 'admin-graph';
  figure.dataset.graph = graph.id;
  const caption = document.createElement('figcaption');
  caption.id = `admin-graph-${graph.id}-title`;
  caption.textContent = graph.title;
  const description = document.createElement('ul');
  description.id = `admin-graph-${graph.id}-desc`;
  description.className = 'hint admin-graph-desc';

  const picture = svg('svg', { viewBox: `0 0 ${kWidth} ${kHeight}`, role: 'img', class: 'admin-graph-svg',
    'aria-labelledby': caption.id, 'aria-describedby': description.id });
  const all = graph.series.flatMap((s) => s.values);
  const top = axisTop(Math.max(0, ...all));
  const plotW = kWidth - kPad.left - kPad.right;
  const plotH = kHeight - kPad.top - kPad.bottom;
  const first = graph.times[0] ?? 0;
  const last = graph.times[graph.times.length - 1] ?? first;
  const span = Math.max(1, last - first);
  /** @param {number} t */
  const x = (t) => kPad.left + ((t - first) / span) * plotW;
  /** @param {number} v */
  const y = (v) => kPad.top + plotH - (v / top) * plotH;

  for (const fraction of [0, 0.5, 1]) {
    const value = top * fraction;
    const grid = { x1: kPad.left, x2: kWidth - kPad.right, y1: y(value), y2: y(value), class: 'grid' };
    picture.append(svg('line', grid));
    const label = svg('text', { x: kPad.left - 6, y: y(value) + 4, 'text-anchor': 'end', class: 'axis' });
    label.textContent = graph.format(value);
    picture.append(label);
  }
  /** @type {[number, string][]} */
  const ends = last > first ? [[first, 'start'], [last, 'end']] : [[first, 'start']];
  for (const [t, anchor] of ends) {
    const label = svg('text', { x: x(t), y: kHeight - 6, 'text-anchor': anchor, class: 'axis' });
    label.textContent = graph.formatTime(t);
    picture.append(label);
  }
  for (const series of graph.series) {
    const points = series.values.map((v, i) => `${x(graph.times[i]).toFixed(1)},${y(v).toFixed(1)}`);
    if (points.length === 1) {
      const [cx, cy] = points[0].split(',');
      picture.append(svg('circle', { cx, cy, r: 3, class: `series ${series.className}` }));
    } else {
      picture.append(svg('polyline', { points: points.join(' '), class: `series ${series.className}` }));
    }
    const item = document.createElement('li');
    const latest = series.values[series.values.length - 1] ?? 0;
    item.textContent = graph.summary(series, graph.format(latest), graph.format(Math.max(...series.values)),
      graph.format(Math.min(...series.values)));
    item.className = `legend ${series.className}`;
    description.append(item);
  }
  figure.append(caption, picture, description);
  return figure;
}
