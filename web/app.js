// Nexus page entry: reads the state from the address, renders the view it
// names, keeps the address in step (pushState/popstate), searches as the
// reader types and handles the keyboard (/ to search, arrows through results).
import { readState, address, withChanges } from './js/state.js';
import { handleFacetToggle } from './js/facets.js';
import { errorBox } from './js/parts.js';
import { renderHome } from './js/view_home.js';
import { renderSearch } from './js/view_search.js';
import { renderLearners } from './js/view_learners.js';
import { renderProfile } from './js/view_profile.js';
import { renderTechnologies } from './js/view_technologies.js';
import { renderCoverage } from './js/view_coverage.js';
import { attachSuggestions } from './js/suggest.js';

const TYPING_DELAY_MS = 250;

const VIEWS = {
  home: { render: renderHome, title: () => 'Nexus — who covered what in the cohort' },
  search: { render: renderSearch, title: (s) => `${s.q || 'Search'} — sections — Nexus` },
  learners: { render: renderLearners, title: (s) => `${[s.q, ...s.tech].filter(Boolean).join(' + ') || 'Learners'} — learners — Nexus` },
  profile: { render: renderProfile, title: (s) => `${s.name} — profile — Nexus` },
  technologies: { render: renderTechnologies, title: () => 'Technologies — Nexus' },
  coverage: { render: renderCoverage, title: (s) => `${s.tech.join(', ') || 'Coverage'} — coverage matrix — Nexus` },
};

const form = document.getElementById('search-form');
const input = document.getElementById('q');
const content = document.getElementById('content');
const aside = document.getElementById('facets');
const layout = document.getElementById('layout');
const navLinks = document.querySelectorAll('[data-nav]');

let current = null; // { state, controller } of the view on screen
let typingTimer = null;

// fromHistory: the address changed under the reader (back, forward), so the
// search box follows it even while it has the focus.
function render(state, { fromHistory = false } = {}) {
  if (current) current.controller.abort();
  const controller = new AbortController();
  current = { state, controller };
  syncHeader(state, fromHistory);
  layout.dataset.view = state.view;
  content.setAttribute('aria-busy', 'true');
  const view = VIEWS[state.view] || VIEWS.home;
  Promise.resolve(view.render({ state, content, aside, signal: controller.signal, go }))
    .catch((error) => {
      if (error.name === 'AbortError' || controller.signal.aborted) return;
      aside.hidden = true;
      content.replaceChildren(errorBox(error));
    })
    .finally(() => {
      if (current && current.controller === controller) content.removeAttribute('aria-busy');
    });
}

function syncHeader(state, fromHistory) {
  // Never rewrite the box while the reader types in it: an answer to the first
  // letters may arrive after more letters were typed.
  if (fromHistory || document.activeElement !== input) input.value = state.q;
  document.title = (VIEWS[state.view] || VIEWS.home).title(state);
  for (const link of navLinks) {
    const view = link.dataset.nav;
    const active = view === state.view || (view === 'search' && state.view === 'learners');
    if (active) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
}

// go(state): a new history entry; replace: the same entry (typing refines it).
function go(state, { replace = false } = {}) {
  const target = address(state);
  if (target !== window.location.pathname + window.location.search) {
    if (replace) window.history.replaceState(null, '', target);
    else window.history.pushState(null, '', target);
  }
  render(readState(window.location.search));
  if (!replace) window.scrollTo(0, 0);
}

function searchState(q) {
  const state = current ? current.state : readState();
  const view = state.view === 'learners' ? 'learners' : 'search';
  const keep = view === 'learners' || state.view === 'search' ? {} : { tech: [], kind: [], cohort: [], learner: [] };
  return withChanges(state, { ...keep, q, view, name: '', focus: '', sort: '', order: '', missing: [] });
}

function searchNow({ replace }) {
  clearTimeout(typingTimer);
  const q = input.value.trim();
  const state = current ? current.state : readState();
  if (q === state.q && (state.view === 'search' || state.view === 'learners')) return;
  if (!q && !state.q) return;
  go(searchState(q), { replace });
}

input.addEventListener('input', () => {
  clearTimeout(typingTimer);
  // The first keystrokes open a history entry; the rest refine it in place.
  typingTimer = setTimeout(() => {
    const state = current ? current.state : readState();
    const refining = Boolean(state.q) && (state.view === 'search' || state.view === 'learners');
    searchNow({ replace: refining });
  }, TYPING_DELAY_MS);
});

// A chosen suggestion answers at once: a technology lists who covered it, a learner opens their
// profile, a heading is searched as a phrase. The live search of the letters typed is dropped.
function chooseSuggestion(suggestion) {
  clearTimeout(typingTimer);
  const blank = withChanges(readState(''), { q: '', tech: [], kind: [], cohort: [], learner: [], missing: [] });
  if (suggestion.type === 'technology') {
    input.value = '';
    go(withChanges(blank, { view: 'learners', tech: [suggestion.id] }));
  } else if (suggestion.type === 'learner') {
    input.value = '';
    go(withChanges(blank, { view: 'profile', name: suggestion.text }));
  } else {
    input.value = `"${suggestion.text}"`;
    go(withChanges(blank, { view: 'search', q: input.value }));
  }
}

attachSuggestions(input, chooseSuggestion);

form.addEventListener('submit', (event) => {
  event.preventDefault();
  searchNow({ replace: false });
});

window.addEventListener('popstate', () => {
  clearTimeout(typingTimer);
  render(readState(), { fromHistory: true });
});

// Links marked data-internal change the view without reloading the page;
// modified clicks (new tab, new window) keep the browser's behaviour.
document.addEventListener('click', (event) => {
  if (handleFacetToggle(event)) return;
  const link = event.target.closest('a[data-internal]');
  if (!link || event.defaultPrevented || event.button !== 0) return;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  event.preventDefault();
  const href = link.getAttribute('href');
  window.history.pushState(null, '', href);
  render(readState(new URL(href, window.location.href).search));
  window.scrollTo(0, 0);
});

function results() {
  return [...content.querySelectorAll('[data-result]')];
}

function typingIn(target) {
  return target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement
    || target instanceof HTMLSelectElement || (target && target.isContentEditable);
}

function openResult(item) {
  const target = item.dataset.open;
  if (!target) return;
  if (target.startsWith('/?') || target === '/') {
    window.history.pushState(null, '', target);
    render(readState(new URL(target, window.location.href).search));
    window.scrollTo(0, 0);
  } else {
    window.location.assign(target);
  }
}

document.addEventListener('keydown', (event) => {
  if (event.altKey || event.ctrlKey || event.metaKey) return;
  if (event.key === '/' && !typingIn(event.target)) {
    event.preventDefault();
    input.focus();
    input.select();
    return;
  }
  if (event.key === 'Escape' && event.target === input) {
    input.blur();
    return;
  }
  if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp' && event.key !== 'Enter') return;
  const items = results();
  const at = items.findIndex((item) => item === document.activeElement);
  if (event.key === 'Enter') {
    if (at >= 0) {
      event.preventDefault();
      openResult(items[at]);
    }
    return;
  }
  if (event.target !== input && at < 0) return;
  if (items.length === 0) return;
  event.preventDefault();
  if (event.target === input) {
    if (event.key === 'ArrowDown') items[0].focus();
    return;
  }
  const next = event.key === 'ArrowDown' ? at + 1 : at - 1;
  if (next < 0) input.focus();
  else if (next < items.length) items[next].focus();
});

render(readState());
