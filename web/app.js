// Nexus search page behaviour: reads q and page from the address, fetches
// /api/search and renders the hits. Only the snippet (escaped by the server,
// with <mark> highlights) is inserted as HTML; everything else is text.
'use strict';

const PER_PAGE = 10;

const form = document.getElementById('search-form');
const input = document.getElementById('q');
const errorBox = document.getElementById('error');
const statusBox = document.getElementById('status');
const resultsList = document.getElementById('results');
const pager = document.getElementById('pager');
const prevLink = document.getElementById('prev');
const nextLink = document.getElementById('next');
const pageInfo = document.getElementById('page-info');

let currentRequest = null;

function readState() {
  const params = new URLSearchParams(window.location.search);
  const page = Number.parseInt(params.get('page') || '1', 10);
  return {
    q: (params.get('q') || '').trim(),
    page: Number.isInteger(page) && page >= 1 ? page : 1,
  };
}

function pageAddress(q, page) {
  const params = new URLSearchParams({ q });
  if (page > 1) params.set('page', String(page));
  return '?' + params.toString();
}

function showError(message) {
  errorBox.textContent = message;
  errorBox.hidden = false;
}

function clearResults() {
  errorBox.hidden = true;
  errorBox.textContent = '';
  statusBox.textContent = '';
  resultsList.replaceChildren();
  pager.hidden = true;
}

function formatDate(iso) {
  return iso ? iso.slice(0, 10) : '';
}

function renderHit(hit) {
  const item = document.createElement('li');
  item.className = 'hit';

  const title = document.createElement(hit.url ? 'a' : 'span');
  title.className = 'hit-title';
  title.textContent = hit.heading_path || hit.path;
  if (hit.url) {
    title.href = hit.url;
    title.rel = 'noopener noreferrer';
  }
  item.append(title);

  const meta = document.createElement('div');
  meta.className = 'hit-meta';
  const learner = document.createElement('span');
  learner.className = 'hit-learner';
  learner.textContent = hit.learner;
  const path = document.createElement('span');
  path.className = 'hit-path';
  path.textContent = hit.path;
  const date = document.createElement('span');
  date.className = 'hit-date';
  date.textContent = formatDate(hit.commit_date);
  meta.append(learner, path, date);
  item.append(meta);

  const snippet = document.createElement('p');
  snippet.className = 'hit-snippet';
  snippet.innerHTML = hit.snippet; // HTML-escaped by the server, <mark> highlights only
  item.append(snippet);
  return item;
}

function renderPager(data) {
  const pages = Math.max(1, Math.ceil(data.estimated_total / data.per_page));
  const hasPrev = data.page > 1;
  const hasNext = data.page < pages && data.hits.length === data.per_page;
  pageInfo.textContent = `page ${data.page} of ${pages}`;
  for (const [link, enabled, page] of [[prevLink, hasPrev, data.page - 1],
                                       [nextLink, hasNext, data.page + 1]]) {
    if (enabled) link.href = pageAddress(data.query, page);
    else link.removeAttribute('href');
    link.setAttribute('aria-disabled', String(!enabled));
  }
  pager.hidden = pages <= 1 && data.page === 1;
}

function render(data) {
  clearResults();
  if (data.hits.length === 0) {
    statusBox.textContent = data.page > 1
      ? `No more results for “${data.query}” on page ${data.page}.`
      : `No results for “${data.query}”. Try fewer or different words.`;
    renderPager(data);
    return;
  }
  const about = data.estimated_total === 1 ? '1 section' : `about ${data.estimated_total} sections`;
  statusBox.textContent = data.relaxed
    ? `No section has every word; showing ${about} matching some of them.`
    : `Found ${about}.`;
  resultsList.start = (data.page - 1) * data.per_page + 1;
  resultsList.replaceChildren(...data.hits.map(renderHit));
  renderPager(data);
}

async function errorMessage(response) {
  try {
    const body = await response.json();
    if (body && body.error && body.error.message) return body.error.message;
  } catch (_) {
    // Not JSON: fall back to the HTTP status below.
  }
  return `The server answered ${response.status} ${response.statusText}.`;
}

async function search(state) {
  input.value = state.q;
  document.title = state.q ? `${state.q} — Nexus` : 'Nexus — search project documentation';
  if (!state.q) {
    clearResults();
    statusBox.textContent = 'Type some words to search every learner\'s documentation.';
    return;
  }
  if (currentRequest) currentRequest.abort();
  const controller = new AbortController();
  currentRequest = controller;
  statusBox.textContent = 'Searching…';
  const params = new URLSearchParams({ q: state.q, page: String(state.page),
                                       per_page: String(PER_PAGE) });
  try {
    const response = await fetch('/api/search?' + params.toString(),
                                 { signal: controller.signal, headers: { Accept: 'application/json' } });
    if (!response.ok) {
      const message = await errorMessage(response);
      clearResults();
      showError(message);
      return;
    }
    render(await response.json());
  } catch (error) {
    if (error.name === 'AbortError') return;
    clearResults();
    showError(`Search failed: ${error.message}`);
  } finally {
    if (currentRequest === controller) currentRequest = null;
  }
}

function navigate(address) {
  window.history.pushState(null, '', address);
  search(readState());
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  navigate(pageAddress(input.value.trim(), 1));
});

for (const link of [prevLink, nextLink]) {
  link.addEventListener('click', (event) => {
    if (!link.hasAttribute('href')) return;
    event.preventDefault();
    navigate(link.getAttribute('href'));
    window.scrollTo(0, 0);
  });
}

window.addEventListener('popstate', () => search(readState()));
search(readState());
