// The start page and the empty state: example queries, the one-click cohort
// questions ("who covered Celery and Redis?") and the most covered technologies.
import { el, plural, fill } from './dom.js';
import { getJson, technologies } from './api.js';
import { address } from './state.js';
import { EXAMPLE_QUERIES, categoryLabel } from './labels.js';

const POPULAR = 18;

function blank(changes) {
  return { view: '', q: '', page: 1, name: '', focus: '', tech: [], kind: [], cohort: [], learner: [], ...changes };
}

export function emptyState() {
  return el('section', { class: 'examples', 'aria-labelledby': 'examples-title' },
    el('h2', { id: 'examples-title' }, 'Try one of these'),
    el('ul', { class: 'example-list' }, EXAMPLE_QUERIES.map(({ q, why }) => el('li', {},
      el('a', { href: address(blank({ view: 'search', q })), 'data-internal': true, class: 'example' }, q),
      el('span', { class: 'example-why' }, ` — ${why}`)))),
    el('p', { class: 'syntax-help' },
      'All words must match. Use "quotes" for a phrase, OR, NOT or -word, and learner:NAME, path:WORD or heading:WORD to search one field.'));
}

export async function renderHome({ content, aside, signal }) {
  aside.hidden = true;
  const intro = el('section', { class: 'intro' },
    el('h2', {}, 'Who covered what, and what did they write about it?'),
    el('p', {}, 'Nexus searches every learner\'s alx-project-nexus documentation. Type a topic above, or start from a technology: pick one to see who covered it, with the sections they wrote.'));
  const questions = el('section', { class: 'questions', 'aria-labelledby': 'questions-title' },
    el('h2', { id: 'questions-title' }, 'Cohort questions'),
    el('ul', { class: 'question-list' },
      el('li', {}, el('a', { href: address(blank({ view: 'learners', tech: ['celery', 'redis'] })), 'data-internal': true, class: 'question' }, 'Who covered Celery and Redis?')),
      el('li', {}, el('a', { href: address(blank({ view: 'learners', q: 'caching' })), 'data-internal': true, class: 'question' }, 'Who wrote about caching?')),
      el('li', {}, el('a', { href: address(blank({ view: 'search', q: 'docker compose postgres connection refused' })), 'data-internal': true, class: 'question' }, 'How did someone fix "connection refused" with Docker Compose?')),
      el('li', {}, el('a', { href: address(blank({ view: 'technologies' })), 'data-internal': true, class: 'question' }, 'Which technologies does the cohort cover, and which go together?'))));
  const popular = el('section', { class: 'popular', 'aria-labelledby': 'popular-title' },
    el('h2', { id: 'popular-title' }, 'Most covered technologies'),
    el('p', { class: 'status' }, 'Loading…'));
  fill(content, intro, questions, popular, emptyState());
  const [table, health] = await Promise.all([technologies(), getJson('/healthz', {}, signal).catch(() => null)]);
  if (signal.aborted) return;
  const top = table.list.filter((t) => t.learners > 0)
    .sort((a, b) => b.learners - a.learners || a.name.localeCompare(b.name)).slice(0, POPULAR);
  fill(popular, el('h2', { id: 'popular-title' }, 'Most covered technologies'),
    el('p', { class: 'status' }, `${plural(table.learnerTotal, 'learner')} indexed`,
      health ? `, ${plural(health.documents, 'section')}` : '', '. Pick a technology to see who covered it; add a second one from the sidebar.'),
    top.length ? el('ul', { class: 'tech-chips' }, top.map((t) => el('li', {},
      el('a', { href: address(blank({ view: 'learners', tech: [t.id] })), 'data-internal': true, class: 'tech-chip', 'data-tech': t.id,
        title: categoryLabel(t.category) },
      t.name, el('span', { class: 'tech-chip-count', 'aria-label': plural(t.learners, 'learner') }, String(t.learners))))))
      : el('p', {}, 'No technology is covered yet: is the index empty?'));
}
