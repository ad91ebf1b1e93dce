// The sections view: ranked matching sections with highlighted snippets, the
// facet sidebar of the same query and the chips of the filters in force.
import { el, highlighted, sectionLink, formatDate, plural, fill } from './dom.js';
import { getJson, technologies } from './api.js';
import { address, withChanges } from './state.js';
import { renderFacets, renderChips } from './facets.js';
import { kindLabel, originLabel } from './labels.js';
import { errorBox, spellingNotice, termsNotice, pager, headingPath, techTags, viewSwitch, learnerLink, profileAddress } from './parts.js';
import { emptyState } from './view_home.js';

const PER_PAGE = 10;
// The sidebar's groups; the server counts only the facets asked for (counting visits every match).
const FACETS = 'tech,kind,cohort';

export async function renderSearch({ state, content, aside, signal }) {
  if (!state.q) return renderNoQuery(state, content, aside);
  const [body, table] = await Promise.all([
    getJson('/api/search', {
      q: state.q, tech: state.tech, kind: state.kind, cohort: state.cohort, learner: state.learner,
      page: state.page, per_page: PER_PAGE, facets: FACETS,
    }, signal),
    technologies().catch(() => null),
  ]);
  if (signal.aborted) return;
  renderFacets(aside, state, body.facet_distribution, table);
  fill(content,
    viewSwitch(state, { sections: body.estimated_total, learners: body.learner_total }),
    renderChips(state, table),
    spellingNotice(state, body),
    termsNotice(body),
    statusLine(state, body),
    body.hits.length ? el('ol', { class: 'hits', start: (body.page - 1) * body.per_page + 1 },
      body.hits.map((hit) => hitItem(state, table, hit))) : noHits(state, body),
    pager(state, body.page, body.per_page, body.estimated_total, body.hits.length),
  );
}

function statusLine(state, body) {
  if (body.hits.length === 0) return null;
  const sections = plural(body.estimated_total, 'section');
  const learners = plural(body.learner_total, 'learner');
  const text = body.relaxed
    ? `Not enough sections have every word; ${sections} by ${learners} match some of them.`
    : `${sections} by ${learners}, best first.`;
  return el('p', { class: 'status', role: 'status' }, text);
}

function noHits(state, body) {
  if (body.page > 1) return el('p', { class: 'status' }, `No more results on page ${body.page}.`);
  const box = el('div', { class: 'empty' }, el('p', {}, 'No section matches ', el('q', {}, body.query),
    state.tech.length + state.kind.length + state.cohort.length + state.learner.length
      ? ' with these filters. Remove a filter above, or try other words.' : '. Try fewer or other words.'));
  box.append(emptyState());
  return box;
}

function hitItem(state, table, hit) {
  const open = hit.url || profileAddress(hit.learner);
  return el('li', { class: 'hit', tabindex: '-1', 'data-result': true, 'data-open': open },
    el('h3', { class: 'hit-title' }, sectionLink(hit, headingPath(hit.heading_path), 'hit-link')),
    el('div', { class: 'hit-meta' },
      learnerLink(hit.learner),
      el('code', { class: 'hit-path' }, hit.path),
      el('span', { class: 'kind-badge' }, kindLabel(hit.kind)),
      hit.origin && hit.origin !== 'own' ? el('span', { class: 'origin-badge' }, originLabel(hit.origin)) : null,
      hit.cohort ? el('span', { class: 'hit-cohort' }, hit.cohort) : null,
      el('span', { class: 'hit-date' }, formatDate(hit.commit_date))),
    el('p', { class: 'snippet' }, highlighted(hit.snippet)),
    techTags(state, table, hit.technologies, hit.covered || []));
}

// The sections search needs words; technologies alone are a learners question.
function renderNoQuery(state, content, aside) {
  aside.hidden = true;
  const learners = withChanges(state, { view: 'learners' });
  fill(content,
    el('div', { class: 'empty' },
      el('p', {}, 'Type some words above to search the sections of every learner\'s documentation.'),
      state.tech.length
        ? el('p', {}, el('a', { href: address(learners), 'data-internal': true }, 'See the learners covering the chosen technologies →'))
        : null,
      emptyState()));
}
