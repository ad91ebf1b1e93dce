// Pieces several views share: error and spelling notices, the pager, heading
// paths, technology tags, the Sections/Learners switch and evidence hits.
import { el, highlighted, sectionLink, formatDate, plural } from './dom.js';
import { address, withChanges } from './state.js';
import { kindLabel, originLabel } from './labels.js';
import { techName } from './facets.js';

export function errorBox(error) {
  return el('div', { class: 'error', role: 'alert', 'data-error': true },
    el('p', {}, el('strong', {}, error.status ? `Error ${error.status}: ` : 'Error: '), error.message),
    error.status === 400 ? el('p', { class: 'error-help' },
      'Queries are plain words (the most words first), "exact phrases", AND, OR, NOT between words, -word, ',
      'and learner:NAME, path:WORD or heading:WORD. An operator needs words on both sides.') : null);
}

// corrected_query: the server already searched the correction; did_you_mean:
// a correction it did not search, offered as a link.
export function spellingNotice(state, body) {
  if (body.corrected_query && body.corrected_query !== body.query) {
    return el('p', { class: 'spelling', 'data-spelling': 'corrected' },
      'Did you mean ', el('strong', {}, body.corrected_query), '? Showing results for it instead of ',
      el('q', {}, body.query), ', which found little or nothing.');
  }
  if (body.did_you_mean && body.did_you_mean !== body.query) {
    return el('p', { class: 'spelling', 'data-spelling': 'suggested' }, 'Did you mean ',
      el('a', { href: address(withChanges(state, { q: body.did_you_mean })), 'data-internal': true },
        body.did_you_mean), '?');
  }
  return null;
}

// What a plain-language question's words did: dropped_terms are words some results lack (dropped to
// find enough of them), ignored_terms function words that never need to match.
export function termsNotice(body) {
  const dropped = body.dropped_terms || [];
  const ignored = body.ignored_terms || [];
  if (!dropped.length && !ignored.length) return null;
  const parts = [];
  if (dropped.length) {
    parts.push('Results with every word come first; the others are shown without: ',
      el('strong', {}, dropped.join(', ')), '.');
  }
  if (ignored.length) parts.push(dropped.length ? ' ' : '', 'Not needed to match: ', ignored.join(', '), '.');
  return el('p', { class: 'terms', 'data-terms': true }, ...parts);
}

export function pager(state, page, perPage, total, shown) {
  const pages = Math.max(1, Math.ceil(total / perPage));
  if (pages <= 1 && page === 1) return null;
  const hasPrev = page > 1;
  const hasNext = page < pages && shown === perPage;
  const link = (enabled, target, text, rel) => (enabled
    ? el('a', { href: address(withChanges(state, { page: target })), 'data-internal': true, rel }, text)
    : el('span', { class: 'disabled', 'aria-disabled': 'true' }, text));
  return el('nav', { class: 'pager', 'aria-label': 'Result pages' },
    link(hasPrev, page - 1, '← Previous', 'prev'),
    el('span', { class: 'page-info' }, `Page ${page} of ${pages}`),
    link(hasNext, page + 1, 'Next →', 'next'));
}

// "A › B › C": the ancestors muted, the section itself strong.
export function headingPath(path) {
  const parts = (path || '').split(' › ');
  const last = parts.pop();
  return [parts.length ? el('span', { class: 'heading-parents' }, parts.join(' › ') + ' › ') : null,
    el('span', { class: 'heading-last' }, last || '(before the first heading)')];
}

export function techTags(state, table, ids, covered = ids, view = state.view) {
  if (!ids || ids.length === 0) return null;
  return el('ul', { class: 'tags', 'aria-label': 'Technologies' }, ids.map((id) => {
    const target = withChanges(state, { view, tech: state.tech.includes(id) ? state.tech : [...state.tech, id] });
    const strong = covered.includes(id);
    return el('li', {}, el('a', {
      href: address(target), 'data-internal': true, class: strong ? 'tag' : 'tag weak',
      title: strong ? 'covered: a described use' : 'mentioned only (badge or list item)',
    }, techName(table, id)));
  }));
}

export function viewSwitch(state, counts = {}) {
  const tab = (view, label, count) => {
    const current = state.view === view;
    return el('a', {
      href: address(withChanges(state, { view })), 'data-internal': true, class: current ? 'switch current' : 'switch',
      'aria-current': current ? 'page' : null, 'data-switch': view,
    }, label, count === undefined ? null : el('span', { class: 'switch-count' }, String(count)));
  };
  return el('nav', { class: 'view-switch', 'aria-label': 'Show the results as' },
    tab('search', 'Sections', counts.sections), tab('learners', 'Learners', counts.learners));
}

export function profileAddress(learner) {
  return address({ view: 'profile', name: learner, q: '', tech: [], kind: [], cohort: [], learner: [] });
}

export function learnerLink(learner, className = 'learner-link') {
  return el('a', { href: profileAddress(learner), 'data-internal': true, class: className }, learner);
}

// One matching section or challenge pair, as evidence of a learner's coverage.
export function evidenceItem(hit) {
  const item = el('li', { class: 'evidence' },
    el('div', { class: 'evidence-head' }, sectionLink(hit, headingPath(hit.heading_path), 'evidence-title'),
      el('span', { class: 'evidence-meta' }, el('code', {}, hit.path), ' · ', kindLabel(hit.kind),
        hit.origin && hit.origin !== 'own' ? ` · ${originLabel(hit.origin)}` : '')));
  if (hit.type === 'challenge' && (hit.challenge || hit.solution)) {
    item.append(el('dl', { class: 'pair' },
      el('dt', {}, 'Challenge'), el('dd', {}, highlighted(hit.challenge)),
      el('dt', {}, 'Solution'), el('dd', {}, highlighted(hit.solution))));
  } else {
    item.append(el('p', { class: 'snippet' }, highlighted(hit.snippet)));
  }
  return item;
}

export function updatedLine(commit, date) {
  return el('span', { class: 'updated' }, `updated ${formatDate(date)}`,
    commit ? el('code', { class: 'commit', title: commit }, ` ${commit.slice(0, 7)}`) : null);
}

export function countLine(count, one, many) {
  return plural(count, one, many);
}
