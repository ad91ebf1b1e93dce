// The technologies page: a bar chart of how many learners cover each
// technology, by category, and which technologies go together (learners
// covering both). Every bar leads to the learners behind it.
import { el, svg, plural, fill } from './dom.js';
import { technologies, coverage } from './api.js';
import { address } from './state.js';
import { categoryLabel, categoryOrder } from './labels.js';

const MATRIX_SIZE = 12;
const TOP_PAIRS = 10;
const TOP_PARTNERS = 15;
const CATEGORY_TOP = 10;

function learnersAddress(ids) {
  return address({ view: 'learners', q: '', page: 1, name: '', focus: '', tech: ids, kind: [], cohort: [], learner: [] });
}

export async function renderTechnologies({ state, content, aside, signal, go }) {
  aside.hidden = true;
  const table = await technologies();
  if (signal.aborted) return;
  const covered = table.list.filter((t) => t.learners > 0);
  const together = el('section', { class: 'together', 'aria-labelledby': 'together-title', 'aria-busy': 'true' },
    el('h2', { id: 'together-title' }, 'Which technologies go together'),
    el('p', { class: 'status', role: 'status' }, 'Counting the learners each pair of technologies shares…'));
  fill(content,
    el('h1', { class: 'page-title' }, 'Technologies'),
    el('p', { class: 'status' }, `${plural(covered.length, 'technology', 'technologies')} of the taxonomy's ${table.list.length} are covered by at least one of the ${plural(table.learnerTotal, 'learner')}. Each bar leads to its learners.`),
    chart(table, covered),
    together);
  const matrix = await coverage();
  if (signal.aborted) return;
  together.removeAttribute('aria-busy');
  fill(together, ...coOccurrence(state, table, matrix, go));
}

function chart(table, covered) {
  const byCategory = new Map();
  for (const t of covered) {
    if (!byCategory.has(t.category)) byCategory.set(t.category, []);
    byCategory.get(t.category).push(t);
  }
  const categories = [...byCategory.keys()].sort((a, b) => categoryOrder(a) - categoryOrder(b) || a.localeCompare(b));
  const uncovered = table.list.filter((t) => t.learners === 0).map((t) => t.name).sort((a, b) => a.localeCompare(b));
  return el('section', { class: 'coverage-chart', 'aria-labelledby': 'chart-title' },
    el('h2', { id: 'chart-title' }, 'Learners covering each technology'),
    el('div', { class: 'chart-groups' }, categories.map((category) => {
      const rows = byCategory.get(category).sort((a, b) => b.learners - a.learners || a.name.localeCompare(b.name))
        .map((t) => ({ label: t.name, count: t.learners, of: table.learnerTotal, href: learnersAddress([t.id]), id: t.id }));
      return el('section', { class: 'chart-group' },
        el('h3', {}, categoryLabel(category)),
        bars(rows.slice(0, CATEGORY_TOP)),
        rows.length > CATEGORY_TOP ? el('details', { class: 'more-partners' },
          el('summary', {}, `${rows.length - CATEGORY_TOP} more`), bars(rows.slice(CATEGORY_TOP))) : null);
    })),
    uncovered.length ? el('details', { class: 'uncovered' },
      el('summary', {}, `${plural(uncovered.length, 'technology', 'technologies')} of the taxonomy nobody covers yet`),
      el('p', {}, uncovered.join(', '))) : null);
}

// Rows of label, bar and count; each row is one link. The bar is an SVG rect
// (an attribute, not an inline style, so the page's CSP stays strict).
function bars(rows) {
  return el('ul', { class: 'bars' }, rows.map((row) => el('li', {},
    el('a', { href: row.href, 'data-internal': true, class: 'bar', 'data-bar': row.id,
      'aria-label': `${row.label}: ${row.count} of ${plural(row.of, 'learner')}` },
    el('span', { class: 'bar-label' }, row.label),
    svg('svg', { class: 'bar-track', viewBox: '0 0 100 10', preserveAspectRatio: 'none', 'aria-hidden': 'true', focusable: 'false' },
      svg('rect', { class: 'bar-fill', x: 0, y: 0, height: 10, width: row.of ? Math.max(1, (100 * row.count) / row.of).toFixed(2) : 0 })),
    el('span', { class: 'bar-count' }, String(row.count))))));
}

function shared(matrix, a, b) {
  const setA = matrix.learnersOf.get(a);
  const setB = matrix.learnersOf.get(b);
  if (!setA || !setB) return 0;
  let count = 0;
  for (const learner of setA) if (setB.has(learner)) count++;
  return count;
}

function coOccurrence(state, table, matrix, go) {
  const ids = [...matrix.learnersOf.keys()]
    .sort((a, b) => matrix.learnersOf.get(b).size - matrix.learnersOf.get(a).size || a.localeCompare(b));
  const name = (id) => table.byId.get(id).name;
  const focus = ids.includes(state.focus) ? state.focus : ids[0];
  const parts = [el('h2', { id: 'together-title' }, 'Which technologies go together')];
  if (!focus) return [...parts, el('p', { class: 'status' }, 'No technology is covered yet.')];

  const select = el('select', { id: 'focus-tech', name: 'focus' }, ids.map((id) => el('option', { value: id, selected: id === focus }, `${name(id)} (${matrix.learnersOf.get(id).size})`)));
  select.addEventListener('change', () => go({ ...state, focus: select.value, page: 1 }));
  const partners = ids.filter((id) => id !== focus).map((id) => ({ id, count: shared(matrix, focus, id) }))
    .filter((p) => p.count > 0).sort((a, b) => b.count - a.count || name(a.id).localeCompare(name(b.id)));
  const focusSize = matrix.learnersOf.get(focus).size;
  const partnerBar = (p) => ({ label: name(p.id), count: p.count, of: focusSize, href: learnersAddress([focus, p.id]), id: `${focus}+${p.id}` });
  parts.push(el('div', { class: 'focus-picker' },
    el('label', { for: 'focus-tech' }, 'Learners who cover '), select, el('span', {}, ' also cover (bars: share of its learners):')),
  partners.length ? bars(partners.slice(0, TOP_PARTNERS).map(partnerBar))
    : el('p', { class: 'status' }, 'Nothing else: its learners cover only this technology.'),
  partners.length > TOP_PARTNERS ? el('details', { class: 'more-partners' },
    el('summary', {}, `${partners.length - TOP_PARTNERS} more`), bars(partners.slice(TOP_PARTNERS).map(partnerBar))) : null);

  const pairs = allPairs(ids, matrix);
  parts.push(el('h3', {}, 'Most common pairs'),
    pairBars(pairs.sort((x, y) => y.count - x.count || x.order - y.order), matrix, name));
  parts.push(el('h3', {}, 'Pairs found together more often than by chance'),
    el('p', { class: 'status' }, 'Pairs of at least two learners, ranked by lift: how much more often they go together than if learners picked them independently.'),
    pairBars(pairs.filter((p) => p.count >= 2 && p.lift > 1).sort((x, y) => y.lift - x.lift || y.count - x.count || x.order - y.order), matrix, name, true));
  parts.push(el('h3', {}, `Pairs among the ${Math.min(MATRIX_SIZE, ids.length)} most covered`), heatMap(ids.slice(0, MATRIX_SIZE), matrix, name));
  return parts;
}

// Every pair with a learner in common; order keeps ties in coverage order.
function allPairs(ids, matrix) {
  const total = matrix.table.learnerTotal || 1;
  const pairs = [];
  for (let i = 0; i < ids.length; i++) {
    for (let j = i + 1; j < ids.length; j++) {
      const count = shared(matrix, ids[i], ids[j]);
      if (count === 0) continue;
      const lift = (count * total) / (matrix.learnersOf.get(ids[i]).size * matrix.learnersOf.get(ids[j]).size);
      pairs.push({ a: ids[i], b: ids[j], count, lift, order: pairs.length });
    }
  }
  return pairs;
}

function pairBars(pairs, matrix, name, showLift = false) {
  if (pairs.length === 0) return el('p', { class: 'status' }, 'No such pair yet.');
  const total = matrix.table.learnerTotal;
  return bars(pairs.slice(0, TOP_PAIRS).map((p) => ({
    label: `${name(p.a)} + ${name(p.b)}${showLift ? ` (×${p.lift.toFixed(1)})` : ''}`,
    count: p.count, of: total, href: learnersAddress([p.a, p.b]), id: `${p.a}+${p.b}`,
  })));
}

// A grid of learners covering both technologies; each cell links to them.
function heatMap(ids, matrix, name) {
  const cell = 28;
  const labelWidth = 150;
  const size = labelWidth + cell * ids.length;
  const max = Math.max(1, ...ids.map((id) => matrix.learnersOf.get(id).size));
  const grid = svg('svg', { class: 'heatmap', viewBox: `0 0 ${size} ${size}`, role: 'img', 'aria-label': 'Learners covering each pair of technologies' });
  ids.forEach((id, i) => {
    grid.append(svg('text', { x: labelWidth - 6, y: labelWidth + cell * i + cell * 0.65, class: 'heat-label', 'text-anchor': 'end' }, name(id)));
    grid.append(svg('text', { x: 0, y: 0, class: 'heat-label', 'text-anchor': 'start', transform: `translate(${labelWidth + cell * i + cell * 0.65} ${labelWidth - 6}) rotate(-60)` }, name(id)));
  });
  ids.forEach((a, i) => ids.forEach((b, j) => {
    const count = i === j ? matrix.learnersOf.get(a).size : shared(matrix, a, b);
    const level = Math.ceil((4 * count) / max);
    const rect = svg('rect', { x: labelWidth + cell * j, y: labelWidth + cell * i, width: cell - 2, height: cell - 2, class: `heat heat-${level}${i === j ? ' heat-self' : ''}` },
      svg('title', {}, i === j ? `${name(a)}: ${plural(count, 'learner')}` : `${name(a)} + ${name(b)}: ${plural(count, 'learner')}`));
    const text = count ? svg('text', { x: labelWidth + cell * j + (cell - 2) / 2, y: labelWidth + cell * i + cell * 0.62, class: `heat-count heat-count-${level}`, 'text-anchor': 'middle' }, String(count)) : null;
    if (count === 0) { grid.append(rect); return; }
    grid.append(svg('a', { href: learnersAddress(i === j ? [a] : [a, b]), 'data-internal': true }, rect, text));
  }));
  return el('div', { class: 'heatmap-wrap' }, grid);
}
