// Talks to the Nexus JSON API: builds query strings, turns error answers into
// readable messages, and keeps the two cohort-wide tables the page reuses.

export class ApiError extends Error {
  constructor(message, status) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
  }
}

export function apiPath(path, params = {}) {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value === null || value === undefined || value === '') continue;
    for (const item of Array.isArray(value) ? value : [value]) search.append(name, String(item));
  }
  const query = search.toString();
  return query ? `${path}?${query}` : path;
}

export async function getJson(path, params = {}, signal = undefined) {
  const url = apiPath(path, params);
  let response;
  try {
    response = await fetch(url, { signal, headers: { Accept: 'application/json' } });
  } catch (error) {
    if (error.name === 'AbortError') throw error;
    throw new ApiError(`Nexus could not be reached (${error.message}). Is nexus-server running?`, 0);
  }
  if (!response.ok) throw new ApiError(await errorMessage(response), response.status);
  return response.json();
}

async function errorMessage(response) {
  try {
    const body = await response.json();
    if (body && body.error && body.error.message) return body.error.message;
  } catch (_) {
    // Not JSON: the status line below says what happened.
  }
  return `The server answered ${response.status} ${response.statusText}.`;
}

// /api/technologies: id → {id, name, category, learners}, fetched once a page load.
let technologyTable = null;

export function technologies() {
  if (!technologyTable) {
    technologyTable = getJson('/api/technologies').then((body) => {
      const byId = new Map(body.technologies.map((t) => [t.id, t]));
      return { list: body.technologies, byId, learnerTotal: body.learner_total };
    });
    technologyTable.catch(() => { technologyTable = null; });
  }
  return technologyTable;
}

export async function technologyName(id) {
  const table = await technologies().catch(() => null);
  return (table && table.byId.get(id) && table.byId.get(id).name) || id;
}

// Which learners cover which technology, from /api/technologies/{id} of every
// technology somebody covers: the co-occurrence chart and the facet counts of a
// technology-only question are worked out from it. Fetched a few at a time.
let coverageTable = null;
const COVERAGE_PARALLEL = 6;

export function coverage(onProgress = () => {}) {
  if (!coverageTable) {
    coverageTable = loadCoverage(onProgress);
    coverageTable.catch(() => { coverageTable = null; });
  }
  return coverageTable;
}

async function loadCoverage(onProgress) {
  const table = await technologies();
  const covered = table.list.filter((t) => t.learners > 0);
  const learnersOf = new Map();
  const cohortOf = new Map();
  let next = 0;
  let done = 0;
  async function worker() {
    while (next < covered.length) {
      const tech = covered[next++];
      const body = await getJson(`/api/technologies/${encodeURIComponent(tech.id)}`);
      learnersOf.set(tech.id, new Set(body.learners.map((l) => l.learner)));
      for (const l of body.learners) cohortOf.set(l.learner, l.cohort || '');
      onProgress(++done, covered.length);
    }
  }
  await Promise.all(Array.from({ length: COVERAGE_PARALLEL }, worker));
  return { learnersOf, cohortOf, table };
}
