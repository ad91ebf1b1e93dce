// The page's whole state lives in the address: view, query, filters, page and
// the learner or technology shown, so every screen is a link that can be shared.

export const VIEWS = ['home', 'search', 'learners', 'profile', 'technologies', 'coverage'];
export const FILTERS = ['tech', 'kind', 'cohort', 'learner'];

export function readState(search = window.location.search) {
  const params = new URLSearchParams(search);
  const page = Number.parseInt(params.get('page') || '1', 10);
  const state = {
    view: params.get('view') || '',
    q: (params.get('q') || '').trim(),
    page: Number.isInteger(page) && page >= 1 ? page : 1,
    name: (params.get('name') || '').trim(),
    focus: (params.get('focus') || '').trim(),
    // The coverage matrix: its order and "who has not covered X yet".
    sort: (params.get('sort') || '').trim(),
    order: params.get('order') === 'desc' ? 'desc' : '',
    missing: unique(params.getAll('missing').map((v) => v.trim()).filter(Boolean)),
  };
  for (const filter of FILTERS) state[filter] = unique(params.getAll(filter).map((v) => v.trim()).filter(Boolean));
  if (!VIEWS.includes(state.view)) state.view = defaultView(state);
  if (state.view === 'profile' && !state.name) state.view = defaultView(state);
  return state;
}

// Without a view: sections for a query, learners for technologies alone (the
// sections search needs words), the start page otherwise.
function defaultView(state) {
  if (state.q) return 'search';
  if (state.tech.length || state.cohort.length) return 'learners';
  return 'home';
}

function unique(values) {
  return [...new Set(values)];
}

export function address(state) {
  const params = new URLSearchParams();
  const view = state.view || 'home';
  if (view !== 'home') params.set('view', view);
  if (state.q) params.set('q', state.q);
  for (const filter of FILTERS) for (const value of state[filter] || []) params.append(filter, value);
  if (state.name) params.set('name', state.name);
  if (state.focus) params.set('focus', state.focus);
  if (state.sort) params.set('sort', state.sort);
  if (state.order) params.set('order', state.order);
  for (const value of state.missing || []) params.append('missing', value);
  if (state.page && state.page > 1) params.set('page', String(state.page));
  const query = params.toString();
  return query ? `/?${query}` : '/';
}

// A copy of state with changes; filters and query changes go back to page 1.
export function withChanges(state, changes) {
  const next = { ...state, ...changes };
  for (const filter of FILTERS) next[filter] = [...(changes[filter] || state[filter] || [])];
  next.missing = [...(changes.missing || state.missing || [])];
  if (!('page' in changes)) next.page = 1;
  return next;
}

export function toggleFilter(state, filter, value) {
  const values = state[filter].includes(value)
    ? state[filter].filter((v) => v !== value)
    : [...state[filter], value];
  return withChanges(state, { [filter]: values });
}

export function hasFilters(state) {
  return FILTERS.some((filter) => state[filter].length > 0);
}
