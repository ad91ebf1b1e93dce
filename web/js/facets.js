// The filter sidebar (learner counts per technology, section kind and cohort)
// and the removable chips of the filters in force. Every entry is a link to
// the same page with that filter toggled, so it works with the keyboard, the
// middle button and the back button alike.
import { el, plural, fill } from './dom.js';
import { address, toggleFilter, withChanges, hasFilters } from './state.js';
import { kindLabel, categoryLabel, categoryOrder } from './labels.js';

const TOP_TECHNOLOGIES = 10;

// Which groups the reader expanded with "show all"; survives re-renders, not reloads.
const expanded = new Set();
// The sidebar on screen, so that "show all" redraws it without asking the server again.
let shown = null;

// facets: {tech: {id: learners}, kind?: {...}, cohort?: {...}}; table: the technology table.
export function renderFacets(aside, state, facets, table, options = {}) {
  shown = { aside, state, facets, table, options };
  const groups = [];
  groups.push(technologyGroup(state, facets.tech || {}, table, options.techHint));
  // A group with nothing to offer (a cohort file without cohorts) is left out.
  const worthShowing = (filter) => facets[filter] && (Object.keys(facets[filter]).length || state[filter].length);
  if (worthShowing('kind')) groups.push(simpleGroup(state, 'kind', 'Section kind', facets.kind, kindLabel));
  if (worthShowing('cohort')) groups.push(simpleGroup(state, 'cohort', 'Cohort', facets.cohort, (c) => c));
  const open = expanded.has('sidebar');
  const selected = state.tech.length + state.kind.length + state.cohort.length;
  fill(aside,
    el('h2', { class: 'facets-title' }, 'Narrow down'),
    // Only shown at phone width, where the sidebar folds away above the results.
    el('button', { type: 'button', class: 'facets-toggle', 'data-expand': 'sidebar', 'aria-expanded': String(open) },
      open ? 'Hide filters' : `Narrow down${selected ? ` (${selected} chosen)` : ''}`),
    el('div', { class: 'facets-body' },
      el('p', { class: 'facet-hint' }, options.hint || 'Numbers are learners, not sections.'),
      ...groups),
  );
  aside.classList.toggle('open', open);
  aside.hidden = false;
}

function facetLink(state, filter, value, label, count, extra = null) {
  const selected = state[filter].includes(value);
  const next = toggleFilter(state, filter, value);
  return el('li', {},
    el('a', {
      href: address(next), 'data-internal': true, class: selected ? 'facet selected' : 'facet',
      'aria-pressed': String(selected), 'data-facet': `${filter}:${value}`,
      'aria-label': `${selected ? 'Remove' : 'Add'} filter ${label}, ${plural(count, 'learner')}`,
    },
    el('span', { class: 'facet-check', 'aria-hidden': 'true' }, selected ? '✓' : ''),
    el('span', { class: 'facet-name' }, label),
    extra,
    el('span', { class: 'facet-count' }, String(count))));
}

function byCountThenName(entries, nameOf) {
  return entries.sort((a, b) => b[1] - a[1] || nameOf(a[0]).localeCompare(nameOf(b[0])));
}

function withSelected(state, filter, counts) {
  const entries = Object.entries(counts);
  for (const value of state[filter]) if (!(value in counts)) entries.push([value, 0]);
  return entries;
}

function technologyGroup(state, counts, table, hint) {
  const nameOf = (id) => (table && table.byId.get(id) ? table.byId.get(id).name : id);
  const categoryOf = (id) => (table && table.byId.get(id) ? table.byId.get(id).category : 'other');
  const entries = byCountThenName(withSelected(state, 'tech', counts), nameOf);
  const section = el('section', { class: 'facet-group', 'aria-labelledby': 'facet-tech' },
    el('h3', { id: 'facet-tech' }, 'Technologies'));
  if (hint) section.append(el('p', { class: 'facet-hint' }, hint));
  if (entries.length === 0) {
    section.append(el('p', { class: 'facet-empty' }, 'No technology detected in these results.'));
    return section;
  }
  const isOpen = expanded.has('tech');
  const item = ([id, count]) => facetLink(state, 'tech', id, nameOf(id), count);
  if (!isOpen) {
    const top = entries.filter(([id], i) => i < TOP_TECHNOLOGIES || state.tech.includes(id));
    section.append(el('ul', { class: 'facet-list' }, top.map(item)));
  } else {
    const byCategory = new Map();
    for (const entry of entries) {
      const category = categoryOf(entry[0]);
      if (!byCategory.has(category)) byCategory.set(category, []);
      byCategory.get(category).push(entry);
    }
    const categories = [...byCategory.keys()].sort((a, b) => categoryOrder(a) - categoryOrder(b));
    for (const category of categories) {
      section.append(el('h4', { class: 'facet-category' }, categoryLabel(category)),
        el('ul', { class: 'facet-list' }, byCategory.get(category).map(item)));
    }
  }
  if (entries.length > TOP_TECHNOLOGIES) section.append(moreButton('tech', isOpen, entries.length));
  return section;
}

function moreButton(group, isOpen, total) {
  return el('button', {
    type: 'button', class: 'facet-more', 'data-expand': group, 'aria-expanded': String(isOpen),
  }, isOpen ? 'Show the top ones only' : `Show all ${total}, by category`);
}

function simpleGroup(state, filter, title, counts, labelOf) {
  const entries = byCountThenName(withSelected(state, filter, counts), labelOf);
  const id = `facet-${filter}`;
  const section = el('section', { class: 'facet-group', 'aria-labelledby': id }, el('h3', { id }, title));
  if (entries.length === 0) {
    section.append(el('p', { class: 'facet-empty' }, 'None in these results.'));
    return section;
  }
  section.append(el('ul', { class: 'facet-list' },
    entries.map(([value, count]) => facetLink(state, filter, value, labelOf(value), count))));
  return section;
}

// A click on "show all" (or the phone's filters button) redraws the sidebar in place.
export function handleFacetToggle(event) {
  const button = event.target.closest('button[data-expand]');
  if (!button || !shown) return false;
  const group = button.dataset.expand;
  if (expanded.has(group)) expanded.delete(group);
  else expanded.add(group);
  renderFacets(shown.aside, shown.state, shown.facets, shown.table, shown.options);
  shown.aside.querySelector(`button[data-expand="${group}"]`)?.focus();
  return true;
}

const FILTER_TITLES = { tech: 'Technology', kind: 'Kind', cohort: 'Cohort', learner: 'Learner' };

// The filters in force as chips; each chip's link is the page without it.
export function renderChips(state, table, only = null) {
  if (!hasFilters(state)) return null;
  const chips = [];
  for (const filter of ['tech', 'kind', 'cohort', 'learner']) {
    if (only && !only.includes(filter)) continue;
    for (const value of state[filter]) {
      const label = filter === 'tech' ? techName(table, value) : filter === 'kind' ? kindLabel(value) : value;
      chips.push(el('li', {}, el('a', {
        href: address(toggleFilter(state, filter, value)), 'data-internal': true, class: 'chip',
        'data-chip': `${filter}:${value}`, 'aria-label': `Remove filter ${FILTER_TITLES[filter]} ${label}`,
      }, el('span', { class: 'chip-kind' }, FILTER_TITLES[filter]), ' ', label,
      el('span', { class: 'chip-x', 'aria-hidden': 'true' }, '×'))));
    }
  }
  if (chips.length === 0) return null;
  const clearAll = withChanges(state, { tech: [], kind: [], cohort: [], learner: [] });
  return el('div', { class: 'chips', role: 'group', 'aria-label': 'Filters in force' },
    el('ul', { class: 'chip-list' }, chips),
    chips.length > 1 ? el('a', { href: address(clearAll), 'data-internal': true, class: 'chips-clear' }, 'Clear all') : null);
}

export function techName(table, id) {
  return table && table.byId.get(id) ? table.byId.get(id).name : id;
}
