// DOM helpers. Every piece of user data reaches the page as text (textContent, attribute values set through
// setAttribute): no HTML string is ever parsed, so a run named `<script>` shows as those characters.

/** An element with properties and children (strings become text nodes). */
export function h(tag, props, ...children) {
  const element = document.createElement(tag);
  if (props) {
    for (const [key, value] of Object.entries(props)) {
      if (value === undefined || value === null || value === false) continue;
      if (key === 'class') element.className = value;
      else if (key === 'text') element.textContent = String(value);
      else if (key.startsWith('on') && typeof value === 'function')
        element.addEventListener(key.slice(2), value);
      else if (key === 'value') element.value = String(value);
      else if (key === 'checked') element.checked = Boolean(value);
      else element.setAttribute(key, value === true ? '' : String(value));
    }
  }
  append(element, children);
  return element;
}

/** Appends children (nested arrays flattened, null and false skipped, strings as text). */
export function append(element, children) {
  for (const child of [children].flat(Number.POSITIVE_INFINITY)) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : String(child));
  }
  return element;
}

/** An SVG element. */
export function svg(tag, attributes = {}, ...children) {
  const element = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, String(value));
  for (const child of children.flat())
    if (child) element.append(child instanceof Node ? child : String(child));
  return element;
}

/** A hash link. Every part is URI-encoded. */
export function link(text, ...parts) {
  return h('a', { href: `#/${parts.map((part) => encodeURIComponent(String(part))).join('/')}` }, text);
}

/** A number from the JSON (NaN and ±Infinity travel as strings). */
export const num = (value) => (typeof value === 'string' ? Number(value) : value);

/** A number for a table cell: up to 6 significant digits, NaN and ±Infinity spelled out. */
export function formatNumber(value) {
  const number = num(value);
  if (number === undefined || number === null) return '';
  if (Number.isNaN(number)) return 'NaN';
  if (!Number.isFinite(number)) return number > 0 ? '∞' : '-∞';
  if (Number.isInteger(number) && Math.abs(number) < 1e15) return String(number);
  const abs = Math.abs(number);
  if (abs !== 0 && (abs < 1e-4 || abs >= 1e9)) return number.toExponential(4);
  return String(Number(number.toPrecision(6)));
}

/** A UTC time `2026-12-02 16:03:05`. */
export function formatTime(ms) {
  if (ms === undefined || ms === null) return '';
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? '' : date.toISOString().replace('T', ' ').slice(0, 19);
}

/** A duration `1h 02m`, `3m 05s`, `4.2s`. */
export function formatDuration(ms) {
  if (ms === undefined || ms === null || !Number.isFinite(ms) || ms < 0) return '';
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const seconds = Math.floor(ms / 1000);
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const rest = seconds % 60;
  return hours
    ? `${hours}h ${String(minutes).padStart(2, '0')}m`
    : `${minutes}m ${String(rest).padStart(2, '0')}s`;
}

/** A table from header names and rows of cells (each a node or text). */
export function table(headers, rows, props = {}) {
  return h(
    'table',
    { class: 'grid', ...props },
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        headers.map((header) => h('th', null, header)),
      ),
    ),
    h(
      'tbody',
      null,
      rows.map((row) =>
        h(
          'tr',
          null,
          row.map((cell) => h('td', null, cell)),
        ),
      ),
    ),
  );
}

/** A two-column key/value table of an own-key map, sorted by key. */
export function keyValues(record, empty = 'none') {
  const keys = Object.keys(record ?? {}).sort();
  if (keys.length === 0) return h('p', { class: 'muted' }, empty);
  return table(
    ['key', 'value'],
    keys.map((key) => [key, record[key]]),
    { class: 'grid kv' },
  );
}

/** A section with a heading. */
export const section = (title, ...children) =>
  h('section', { class: 'card' }, h('h2', null, title), ...children);

/** Replaces an element's children (null and false skipped). */
export const replace = (element, ...children) => {
  element.replaceChildren();
  return append(element, children);
};

/** An error box. */
export const errorBox = (error) => h('p', { class: 'error', role: 'alert' }, String(error?.message ?? error));

/** Replaces the page's main content. */
export function mount(...children) {
  const main = document.getElementById('main');
  main.replaceChildren();
  return append(main, children);
}

/** The run colours (also in the compare page's legend). */
export const COLORS = [
  '#2563eb',
  '#dc2626',
  '#16a34a',
  '#9333ea',
  '#ea580c',
  '#0891b2',
  '#db2777',
  '#65a30d',
  '#4f46e5',
  '#a16207',
];
