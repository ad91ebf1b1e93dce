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

// Which learners cover which technology, and each learner's cohort, from one
// answer (/api/technologies?include=learners): the co-occurrence chart and the
// facet counts of a technology-only question are worked out from it. Fetched
// once a page load; one request, so a view never trips the server's rate limit.
let coverageTable = null;

export function coverage() {
  if (!coverageTable) {
    coverageTable = getJson('/api/technologies', { include: 'learners' }).then((body) => {
      const byId = new Map(body.technologies.map((t) => [t.id, t]));
      const table = { list: body.technologies, byId, learnerTotal: body.learner_total };
      const learnersOf = new Map(body.technologies.filter((t) => t.learner_ids.length > 0)
        .map((t) => [t.id, new Set(t.learner_ids)]));
      const cohortOf = new Map(Object.entries(body.learner_cohorts));
      return { learnersOf, cohortOf, table };
    });
    coverageTable.catch(() => { coverageTable = null; });
  }
  return coverageTable;
}
