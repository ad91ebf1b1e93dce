// A learner's profile: repository and last update, technologies by category
// with their evidence, the outline of headings and challenges with solutions.
import { el, plural, repoLink, sectionLink, fill } from './dom.js';
import { getJson } from './api.js';
import { address } from './state.js';
import { categoryLabel, categoryOrder, kindLabel, originLabel } from './labels.js';
import { headingPath, updatedLine, learnerLink } from './parts.js';

const SIMILAR_SHOWN = 6;

export async function renderProfile({ state, content, aside, signal }) {
  aside.hidden = true;
  const profile = await getJson(`/api/learners/${encodeURIComponent(state.name)}`, {}, signal);
  if (signal.aborted) return;
  const groups = [...profile.technologies].sort((a, b) => categoryOrder(a.category) - categoryOrder(b.category));
  const similar = el('section', { id: 'profile-similar', class: 'profile-section', 'aria-labelledby': 'ps-title', 'aria-busy': 'true' },
    el('h2', { id: 'ps-title' }, 'Learners like this'),
    el('p', { class: 'status' }, 'Looking for learners whose writing and technologies resemble this one…'));
  fill(content,
    header(profile),
    el('nav', { class: 'profile-toc', 'aria-label': 'On this profile' },
      el('a', { href: '#profile-technologies' }, 'Technologies'),
      el('a', { href: '#profile-similar' }, 'Learners like this'),
      el('a', { href: '#profile-challenges' }, `Challenges (${profile.challenges.length})`),
      el('a', { href: '#profile-outline' }, 'Outline')),
    el('section', { id: 'profile-technologies', class: 'profile-section', 'aria-labelledby': 'pt-title' },
      el('h2', { id: 'pt-title' }, 'Technologies'),
      el('p', { class: 'status' }, `Covers ${plural(profile.covered.length, 'technology', 'technologies')}. `,
        'Faded ones are only mentioned (a badge or a list) or only shown by repository files.'),
      groups.length ? el('div', { class: 'tech-groups' }, groups.map((g) => techGroup(profile, g)))
        : el('p', {}, 'No technology detected.')),
    similar,
    el('section', { id: 'profile-challenges', class: 'profile-section', 'aria-labelledby': 'pc-title' },
      el('h2', { id: 'pc-title' }, 'Challenges and solutions'),
      profile.challenges.length ? el('ol', { class: 'challenges' }, profile.challenges.map(challengeItem))
        : el('p', { class: 'status' }, 'No challenge/solution pairs were found in this documentation.')),
    el('section', { id: 'profile-outline', class: 'profile-section', 'aria-labelledby': 'po-title' },
      el('h2', { id: 'po-title' }, 'Outline'),
      outline(profile.outline)),
  );
  // After the profile is on screen: the rest of it does not wait for the comparison.
  let like;
  try {
    like = await getJson(`/api/learners/${encodeURIComponent(state.name)}/similar`, { limit: SIMILAR_SHOWN }, signal);
  } catch (error) {
    if (error.name === 'AbortError' || signal.aborted) return;
    similar.removeAttribute('aria-busy');
    fill(similar, el('h2', { id: 'ps-title' }, 'Learners like this'), el('p', { class: 'error' }, error.message));
    return;
  }
  if (signal.aborted) return;
  fillSimilar(similar, like);
}

// Peers to pair with or group: each with what they share (technologies covered by both, topic words
// both wrote about).
function fillSimilar(section, like) {
  section.removeAttribute('aria-busy');
  fill(section, el('h2', { id: 'ps-title' }, 'Learners like this'),
    el('p', { class: 'status' }, 'Whose own writing and covered technologies resemble this learner\'s: peers to pair or to form a study group with.'),
    like.similar.length
      ? el('ol', { class: 'similar-list' }, like.similar.map((s) => el('li', { class: 'similar', 'data-similar': s.learner },
        el('div', { class: 'similar-head' }, learnerLink(s.learner),
          el('span', { class: 'similar-score', title: `writing ${Math.round(s.text_score * 100)}%, technologies ${Math.round(s.tech_score * 100)}%` },
            el('span', { class: 'similar-bar', 'data-width': Math.round(s.score * 100), 'aria-hidden': 'true' },
              el('span', { class: `similar-fill w${Math.round(s.score * 10)}` })),
            ` ${Math.round(s.score * 100)}% alike`)),
        s.shared_technologies.length
          ? el('p', { class: 'similar-why' }, 'Both cover ', el('strong', {}, s.shared_technologies.slice(0, 6).map((t) => t.name).join(', ')),
            s.shared_technologies.length > 6 ? ` and ${s.shared_technologies.length - 6} more` : '', '.')
          : null,
        s.shared_topics.length
          ? el('p', { class: 'similar-why' }, 'Both write about ', s.shared_topics.slice(0, 6).join(', '), '.')
          : null)))
      : el('p', { class: 'status' }, 'Nobody else\'s documentation resembles this one yet.'));
}

function header(profile) {
  const searchMine = address({ view: 'search', q: `learner:${profile.learner}`, page: 1, name: '', focus: '', tech: [], kind: [], cohort: [], learner: [] });
  return el('header', { class: 'profile-head' },
    el('h1', { class: 'profile-name' }, profile.learner),
    el('p', { class: 'profile-meta' },
      profile.cohort ? el('span', { class: 'cohort-badge' }, `cohort ${profile.cohort}`) : null,
      repoLink(profile.repo_url),
      updatedLine(profile.commit, profile.commit_date)),
    el('p', { class: 'profile-hint' }, 'To search only this learner\'s documentation, type words after ',
      el('code', {}, `learner:${profile.learner}`), ' — or ',
      el('a', { href: searchMine, 'data-internal': true }, 'list all their sections'), '.'));
}

function techGroup(profile, group) {
  const techs = [...group.technologies].sort((a, b) => Number(b.covered) - Number(a.covered) || b.weight - a.weight);
  return el('section', { class: 'tech-group' },
    el('h3', {}, categoryLabel(group.category)),
    el('ul', { class: 'tech-evidence' }, techs.map((t) => {
      const badges = [];
      if (!t.covered) badges.push(el('span', { class: 'badge weak' }, 'mentioned'));
      if (t.signalled) badges.push(el('span', { class: 'badge file' }, 'in repo files'));
      return el('li', { class: t.covered ? 'tech covered' : 'tech weak', 'data-tech': t.id },
        el('details', {},
          el('summary', {},
            el('a', { href: address({ view: 'learners', q: '', page: 1, name: '', focus: '', tech: [t.id], kind: [], cohort: [], learner: [] }), 'data-internal': true, title: `Everyone covering ${t.name}` }, t.name),
            ' ', badges, el('span', { class: 'evidence-count' }, plural(t.evidence.length, 'place'))),
          el('ul', { class: 'tech-places' }, t.evidence.map(place))));
    })));
}

function place(evidence) {
  const how = evidence.strength === 'covered' ? 'described' : 'mentioned';
  if (evidence.file) {
    return el('li', { class: 'place file' }, sectionLink(evidence, el('code', {}, evidence.file)), ` — repository file (${how})`);
  }
  return el('li', { class: evidence.counts ? 'place' : 'place weak' },
    sectionLink(evidence, headingPath(evidence.heading_path)),
    el('span', { class: 'place-meta' }, ` — ${evidence.path}, ${kindLabel(evidence.kind)}, ${how}`,
      evidence.origin && evidence.origin !== 'own' ? `, ${originLabel(evidence.origin)}` : '',
      evidence.counts ? '' : ' (does not count)'));
}

// Profile pairs are plain text (no highlights): inserted as text.
function challengeItem(pair) {
  return el('li', { class: 'challenge' },
    el('dl', { class: 'pair' },
      el('dt', {}, 'Challenge'), el('dd', {}, pair.challenge),
      el('dt', {}, 'Solution'), el('dd', {}, pair.solution)),
    el('p', { class: 'place-meta' }, sectionLink(pair, headingPath(pair.heading_path)), ` — ${pair.path}`));
}

// Headings nested by level, each file its own list.
function outline(entries) {
  if (!entries.length) return el('p', { class: 'status' }, 'No headings.');
  const byFile = new Map();
  for (const entry of entries) {
    if (!byFile.has(entry.path)) byFile.set(entry.path, []);
    byFile.get(entry.path).push(entry);
  }
  return el('div', { class: 'outline' }, [...byFile].map(([path, list]) => el('details', { class: 'outline-file', open: path === entries[0].path },
    el('summary', {}, el('code', {}, path), ` (${plural(list.length, 'heading')})`),
    el('ul', { class: 'outline-list' }, list.map((entry) => el('li', { class: `level-${Math.min(entry.level, 6)}` },
      sectionLink(entry, entry.heading || '(untitled)'), ' ', el('span', { class: 'kind-badge' }, kindLabel(entry.kind))))))));
}
