// Suggestions as you type: the search box as an ARIA combobox (WAI-ARIA "list autocomplete"). The
// list offers technologies, learners and frequent headings from /api/suggest; the focus stays in the
// box (aria-activedescendant), so typing keeps refining the live results below. Arrow keys move in the
// list only while it is open; Escape closes it (a second Escape leaves the box, as before); Enter on an
// option chooses it, Enter without one searches what was typed.
import { el, plural } from './dom.js';
import { getJson } from './api.js';

const DELAY_MS = 120;
const LIMIT = 8;
const TYPE_LABELS = { technology: 'technology', heading: 'heading', learner: 'learner' };

// input: the search box; onChoose(suggestion): what choosing one does (the page decides).
export function attachSuggestions(input, onChoose) {
  const list = el('ul', { id: 'suggestions', role: 'listbox', class: 'suggestions', 'aria-label': 'Suggestions' });
  list.hidden = true;
  input.after(list);
  input.setAttribute('role', 'combobox');
  input.setAttribute('aria-autocomplete', 'list');
  input.setAttribute('aria-controls', list.id);
  input.setAttribute('aria-expanded', 'false');

  let items = [];
  let active = -1;
  let timer = null;
  let pending = null; // AbortController of the request in flight

  function close() {
    clearTimeout(timer);
    if (pending) pending.abort();
    pending = null;
    items = [];
    active = -1;
    list.hidden = true;
    list.replaceChildren();
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
  }

  function show(suggestions) {
    items = suggestions;
    active = -1;
    input.removeAttribute('aria-activedescendant');
    list.replaceChildren(...suggestions.map((s, i) => el('li', {
      id: `suggestion-${i}`, role: 'option', 'aria-selected': 'false', class: `suggestion suggestion-${s.type}`,
      'data-suggestion': s.text,
    }, el('span', { class: 'suggestion-text' }, s.text),
    s.type === 'technology' && s.name && s.name !== s.text ? el('span', { class: 'suggestion-name' }, ` → ${s.name}`) : null,
    el('span', { class: 'suggestion-meta' }, `${TYPE_LABELS[s.type] || s.type} · ${plural(s.learners, 'learner')}`))));
    list.hidden = suggestions.length === 0;
    input.setAttribute('aria-expanded', String(suggestions.length > 0));
  }

  function move(step) {
    if (!items.length) return;
    const positions = items.length + 1; // the options, and -1: back in the box
    active = ((((active + 1 + step) % positions) + positions) % positions) - 1;
    [...list.children].forEach((option, i) => option.setAttribute('aria-selected', String(i === active)));
    if (active >= 0) {
      input.setAttribute('aria-activedescendant', `suggestion-${active}`);
      list.children[active].scrollIntoView({ block: 'nearest' });
    } else {
      input.removeAttribute('aria-activedescendant');
    }
  }

  async function fetchFor(prefix) {
    if (pending) pending.abort();
    pending = new AbortController();
    const { signal } = pending;
    try {
      const body = await getJson('/api/suggest', { q: prefix, limit: LIMIT }, signal);
      // An answer for an older prefix is dropped: the box moved on.
      if (!signal.aborted && input.value.trim() === prefix && document.activeElement === input) show(body.suggestions);
    } catch (error) {
      if (error.name !== 'AbortError') close(); // suggestions are a help: the live results say what went wrong
    }
  }

  function choose(index) {
    const chosen = items[index];
    close();
    if (chosen) onChoose(chosen);
  }

  input.addEventListener('input', () => {
    clearTimeout(timer);
    const prefix = input.value.trim();
    if (!prefix) {
      close();
      return;
    }
    timer = setTimeout(() => fetchFor(prefix), DELAY_MS);
  });

  // On the box itself, before the page's own keys (document level): an open list owns the arrows,
  // Enter on an option and the first Escape.
  input.addEventListener('keydown', (event) => {
    if (list.hidden || event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') move(event.key === 'ArrowDown' ? 1 : -1);
    else if (event.key === 'Escape') close();
    else if (event.key === 'Enter' && active >= 0) choose(active);
    else {
      if (event.key === 'Enter') close();
      return;
    }
    event.preventDefault();
    event.stopPropagation();
  });

  // A pointer chooses without taking the focus from the box first (mousedown would blur it).
  list.addEventListener('mousedown', (event) => event.preventDefault());
  list.addEventListener('click', (event) => {
    const option = event.target.closest('[role="option"]');
    if (option) choose([...list.children].indexOf(option));
  });
  input.addEventListener('blur', close);
  return { close };
}
