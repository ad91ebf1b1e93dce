// The coverage matrix: every learner against the chosen technologies as a heat map (covered, only in
// repository files, only mentioned, none), sticky headers, sortable columns, "who has not covered it
// yet" in one click, a CSV of the same page; one /api/coverage request a page.
import { el, plural, fill } from './dom.js';
import { apiPath, getJson, technologies } from './api.js';
import { address, withChanges } from './state.js';
import { pager, profileAddress } from './parts.js';

const PER_PAGE = 100;
const DEFAULT_COLUMNS = 5;
const STATES = {
  covered: { label: 'covered', symbol: '●', hint: 'their own writing covers it' },
  signalled: { label: 'in repo files', symbol: '◐', hint: 'only repository files (requirements, Dockerfile…) show it' },
  mentioned: { label: 'mentioned', symbol: '○', hint: 'named, but not in a way that counts (a template, a roadmap…)' },
  none: { label: 'not yet', symbol: '–', hint: 'not named anywhere' },
};

// The columns: the chosen technologies, else the most covered ones.
function columns(state, table) {
  if (state.tech.length) return state.tech;
  return table.list.filter((t) => t.learners > 0)
    .sort((a, b) => b.learners - a.learners || a.name.localeCompare(b.name))
    .slice(0, DEFAULT_COLUMNS).map((t) => t.id);
}

function params(state, techs, format) {
  return { tech: techs, cohort: state.cohort, missing: state.missing, sort: state.sort, order: state.order,
    page: state.page > 1 ? state.page : '', per_page: PER_PAGE, format };
}

export async function renderCoverage({ state, content, aside, signal, go }) {
  aside.hidden = true;
  const table = await technologies();
  const techs = columns(state, table);
  const body = await getJson('/api/coverage', params(state, techs), signal);
  if (signal.aborted) return;
  const here = withChanges(state, { tech: techs, page: state.page });
  fill(content,
    el('h1', { class: 'view-title' }, 'Coverage matrix'),
    el('p', { class: 'status' }, 'Every learner against the technologies you pick. Sort by any column; ',
      '“Who has not yet?” keeps the learners still to cover it.'),
    picker(here, table, go),
    legend(),
    summary(here, body),
    matrix(here, body),
    pager(here, body.page, body.per_page, body.total, body.learners.length),
    el('p', {}, el('a', { href: apiPath('/api/coverage', params(here, techs, 'csv')), class: 'csv-link', 'data-csv': true, download: 'coverage.csv' },
      'Download this page as CSV')));
}

// Add a technology (a select of every one the cohort covers) and remove the chosen ones (chips).
function picker(state, table, go) {
  const options = table.list.filter((t) => t.learners > 0 && !state.tech.includes(t.id))
    .sort((a, b) => a.name.localeCompare(b.name));
  const select = el('select', { id: 'coverage-add', 'aria-label': 'Add a technology column' },
    el('option', { value: '' }, 'Add a technology…'),
    options.map((t) => el('option', { value: t.id }, `${t.name} (${t.learners})`)));
  select.addEventListener('change', () => {
    if (select.value) go(withChanges(state, { tech: [...state.tech, select.value] }));
  });
  return el('div', { class: 'coverage-picker' },
    el('ul', { class: 'chip-list', 'aria-label': 'Columns' }, state.tech.map((id) => el('li', {},
      el('a', { href: address(withChanges(state, { tech: state.tech.filter((t) => t !== id), missing: state.missing.filter((t) => t !== id), sort: state.sort === id ? '' : state.sort })),
        'data-internal': true, class: 'chip', 'data-chip': `tech:${id}`, 'aria-label': `Remove ${name(table, id)}` },
      name(table, id), el('span', { class: 'chip-x', 'aria-hidden': 'true' }, '×'))))),
    select);
}

function name(table, id) {
  const tech = table.byId.get(id);
  return tech ? tech.name : id;
}

function legend() {
  return el('ul', { class: 'coverage-legend', 'aria-label': 'What the cells mean' },
    Object.entries(STATES).map(([state, s]) => el('li', {},
      el('span', { class: `cell-swatch cell-${state}`, 'aria-hidden': 'true' }, s.symbol), ` ${s.label}: ${s.hint}`)));
}

function summary(state, body) {
  const missing = state.missing.length
    ? [' who have not covered ', el('strong', {}, state.missing.join(', ')), ' yet ',
      el('a', { href: address(withChanges(state, { missing: [] })), 'data-internal': true, class: 'show-all' }, '(show everyone)')]
    : '';
  return el('p', { class: 'status coverage-summary', 'data-total': body.total }, plural(body.total, 'learner'), missing,
    state.cohort.length ? ` in cohort ${state.cohort.join(', ')}` : '', '.');
}

// A column's sort link: the first press sorts by it (names A to Z, a technology strongest first), the
// next press reverses that.
function sortButton(state, key, label) {
  const active = (state.sort || 'learner') === key;
  const order = active && !state.order ? 'desc' : '';
  const target = address(withChanges(state, { sort: key === 'learner' ? '' : key, order }));
  const natural = key === 'learner' ? 'ascending' : 'descending';
  const reversed = key === 'learner' ? 'descending' : 'ascending';
  const ariaSort = active ? (state.order === 'desc' ? reversed : natural) : null;
  return [el('a', { href: target, 'data-internal': true, class: 'sort', 'data-sort': key }, label,
    el('span', { class: 'sort-mark', 'aria-hidden': 'true' }, active ? (state.order === 'desc' ? ' ▲' : ' ▼') : '')), ariaSort];
}

function headerRow(state, body) {
  const [learnerSort, learnerAria] = sortButton(state, 'learner', 'Learner');
  return el('tr', {},
    el('th', { scope: 'col', class: 'learner-col', 'aria-sort': learnerAria }, learnerSort),
    body.technologies.map((t) => {
      const [button, aria] = sortButton(state, t.id, t.name);
      const missing = state.missing.includes(t.id);
      return el('th', { scope: 'col', 'aria-sort': aria, 'data-column': t.id },
        button,
        el('span', { class: 'column-count' }, `${t.covered} covered`),
        missing ? null : el('a', { href: address(withChanges(state, { missing: [...state.missing, t.id] })), 'data-internal': true,
          class: 'missing-link', 'data-missing': t.id }, 'Who has not yet?'));
    }));
}

function cell(learner, c) {
  const s = STATES[c.state] || STATES.none;
  const text = [el('span', { class: 'cell-symbol', 'aria-hidden': 'true' }, s.symbol), el('span', { class: 'cell-label' }, s.label)];
  const where = c.path ? `${c.path}${c.anchor ? `#${c.anchor}` : ''}` : '';
  const inner = c.evidence
    ? el('a', { href: c.evidence, rel: 'noopener noreferrer', title: `Evidence: ${where}` }, text)
    : el('span', { title: where ? `Evidence: ${where}` : s.hint }, text);
  const strength = c.state === 'covered' ? (c.weight >= 12 ? ' strong' : c.weight >= 5 ? ' medium' : ' light') : '';
  return el('td', { class: `cell cell-${c.state}${strength}`, 'data-cell': `${learner}:${c.tech}`, 'data-state': c.state }, inner);
}

function matrix(state, body) {
  if (!body.learners.length) return el('p', { class: 'empty' }, 'No learner matches: everyone has covered it, or the cohort is empty.');
  return el('div', { class: 'matrix-scroll', tabindex: '0', role: 'region', 'aria-label': 'Coverage matrix' },
    el('table', { class: 'matrix' },
      el('thead', {}, headerRow(state, body)),
      el('tbody', {}, body.learners.map((l) => el('tr', { 'data-learner': l.learner },
        el('th', { scope: 'row', class: 'learner-col' },
          el('a', { href: profileAddress(l.learner), 'data-internal': true }, l.learner),
          l.cohort ? el('span', { class: 'row-cohort' }, l.cohort) : null),
        l.cells.map((c) => cell(l.learner, c)))))));
}
