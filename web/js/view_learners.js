// The learners view: who covered the query or the chosen technologies, best
// coverage first, with their evidence and a CSV of the same answer.
import { el, plural, repoLink, fill } from './dom.js';
import { getJson, apiPath, technologies, coverage } from './api.js';
import { address, withChanges } from './state.js';
import { renderFacets, renderChips, techName } from './facets.js';
import { kindLabel } from './labels.js';
import { spellingNotice, termsNotice, pager, techTags, viewSwitch, learnerLink, evidenceItem, updatedLine, profileAddress } from './parts.js';
import { emptyState } from './view_home.js';

const PER_PAGE = 20;
const CSV_MAX = 1000;

export async function renderLearners({ state, content, aside, signal }) {
  if (!state.q && state.tech.length === 0) return renderNothingAsked(state, content, aside);
  const params = { q: state.q, tech: state.tech, cohort: state.cohort };
  const counting = sidebarCounts(state, signal);
  // With words the counts come as fast as the list; technologies alone need the
  // cohort's coverage table (one larger answer, fetched once a page load): the list does not wait.
  const [body, table, facets] = await Promise.all([
    getJson('/api/learners', { ...params, page: state.page, per_page: PER_PAGE }, signal),
    technologies().catch(() => null),
    state.q ? counting : null,
  ]);
  if (signal.aborted) return;
  const showFacets = (f) => renderFacets(aside, state, f.counts, table, { techHint: f.hint, hint: 'Numbers are learners.' });
  if (facets) {
    showFacets(facets);
  } else {
    fill(aside, el('h2', { class: 'facets-title' }, 'Narrow down'),
      el('p', { class: 'facet-hint', role: 'status' }, 'Counting what else these learners cover…'));
    aside.hidden = false;
    counting.then((f) => { if (!signal.aborted) showFacets(f); }, (error) => {
      if (!signal.aborted) fill(aside, el('p', { class: 'facet-empty', role: 'alert' }, `Could not count technologies: ${error.message}`));
    });
  }
  fill(content,
    state.q ? viewSwitch(state, { sections: facets.sections, learners: body.total }) : null,
    renderChips(state, table, ['tech', 'cohort']),
    ignoredFilters(state),
    spellingNotice(state, body),
    termsNotice(body),
    summary(state, table, body),
    body.learners.length
      ? el('ol', { class: 'learners', start: (body.page - 1) * body.per_page + 1 },
        body.learners.map((learner) => learnerCard(state, table, learner)))
      : noLearners(state, body),
    pager(state, body.page, body.per_page, body.total, body.learners.length),
  );
}

// With words, the sections search of the same question gives the counts;
// technologies alone are counted over the cohort's coverage table.
async function sidebarCounts(state, signal) {
  if (state.q) {
    const body = await getJson('/api/search', {
      q: state.q, tech: state.tech, cohort: state.cohort, per_page: 1, facets: 'tech,cohort',
    }, signal);
    const { tech, cohort } = body.facet_distribution;
    return { counts: { tech, cohort }, sections: body.estimated_total, hint: null };
  }
  const { learnersOf, cohortOf, table } = await coverage();
  let chosen = null;
  for (const id of state.tech.map((t) => resolveTech(table, t))) {
    const set = learnersOf.get(id) || new Set();
    chosen = chosen ? new Set([...chosen].filter((l) => set.has(l))) : new Set(set);
  }
  const inCohort = (l) => state.cohort.length === 0 || state.cohort.includes(cohortOf.get(l));
  const tech = {};
  for (const [id, set] of learnersOf) {
    const count = [...set].filter((l) => chosen.has(l) && inCohort(l)).length;
    if (count > 0) tech[id] = count;
  }
  const cohort = {};
  for (const l of chosen) {
    const c = cohortOf.get(l);
    if (c) cohort[c] = (cohort[c] || 0) + 1;
  }
  return { counts: { tech, cohort }, hint: 'Also covered by these learners: add one to ask for both.' };
}

// The address may name a technology by id or name; the coverage table is by id.
function resolveTech(table, value) {
  if (table.byId.has(value)) return value;
  const lower = value.toLowerCase();
  const match = table.list.find((t) => t.id === lower || t.name.toLowerCase() === lower);
  return match ? match.id : value;
}

function ignoredFilters(state) {
  const ignored = [...state.kind.map(kindLabel), ...state.learner];
  if (ignored.length === 0) return null;
  return el('p', { class: 'note' }, `The filters ${ignored.join(', ')} apply to the Sections view only.`);
}

function summary(state, table, body) {
  const asked = [];
  if (state.q) asked.push(el('q', {}, body.corrected_query || state.q));
  if (state.tech.length) {
    if (asked.length) asked.push(' and ');
    asked.push(state.tech.map((id) => techName(table, id)).join(' + '));
  }
  const csv = apiPath('/api/learners', {
    q: state.q, tech: state.tech, cohort: state.cohort, format: 'csv', per_page: CSV_MAX,
  });
  return el('div', { class: 'learners-summary' },
    el('p', { class: 'status', role: 'status' },
      `${plural(body.total, 'learner')} covered `, ...asked,
      body.total ? ', best coverage first.' : '.'),
    body.total ? el('a', { href: csv, download: 'learners.csv', class: 'csv-link', 'data-csv': true },
      'Download as CSV') : null);
}

function learnerCard(state, table, learner) {
  return el('li', { class: 'learner-card', tabindex: '-1', 'data-result': true, 'data-open': profileAddress(learner.learner) },
    el('div', { class: 'learner-head' },
      el('h3', {}, learnerLink(learner.learner)),
      learner.cohort ? el('span', { class: 'cohort-badge' }, learner.cohort) : null,
      el('span', { class: 'learner-matches' }, plural(learner.matches, 'matching document')),
      updatedLine(learner.commit, learner.commit_date)),
    techTags(state, table, learner.technologies, learner.technologies, 'learners'),
    learner.evidence && learner.evidence.length
      ? el('ul', { class: 'evidence-list', 'aria-label': `What ${learner.learner} wrote` }, learner.evidence.map(evidenceItem))
      : null,
    el('p', { class: 'learner-links' },
      el('a', { href: profileAddress(learner.learner), 'data-internal': true }, 'Full profile →'),
      ' ', repoLink(learner.repo_url)));
}

function noLearners(state, body) {
  if (body.page > 1) return el('p', { class: 'status' }, `No more learners on page ${body.page}.`);
  return el('div', { class: 'empty' },
    el('p', {}, 'Nobody covered that', state.tech.length > 1 ? ' combination' : '', '. Remove a chip above or try other words.'),
    emptyState());
}

function renderNothingAsked(state, content, aside) {
  aside.hidden = true;
  fill(content, el('div', { class: 'empty' },
    el('p', {}, 'Ask who covered something: type words above, or pick technologies on the ',
      el('a', { href: address(withChanges(state, { view: 'technologies' })), 'data-internal': true }, 'technologies page'), '.'),
    emptyState()));
}

