// DOM helpers for the Nexus page: element building with text only, and the one
// place where server-highlighted text (<mark>) becomes DOM, tag by tag.

const SVG_NS = 'http://www.w3.org/2000/svg';

// el('a', {href: '?x', class: 'y'}, 'text', child…): attributes are set with
// setAttribute (never style or on* handlers), children are nodes or text.
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  setAttributes(node, attributes);
  appendChildren(node, children);
  return node;
}

export function svg(tag, attributes = {}, ...children) {
  const node = document.createElementNS(SVG_NS, tag);
  setAttributes(node, attributes);
  appendChildren(node, children);
  return node;
}

function setAttributes(node, attributes) {
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on') || name === 'style') throw new Error(`el: refusing attribute ${name}`);
    node.setAttribute(name, value === true ? '' : String(value));
  }
}

function appendChildren(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : String(child));
  }
}

// The server escapes snippets and wraps matched words in <mark>. Parsing the
// string inertly and copying only its text and <mark> elements means nothing
// else it could contain ever reaches the page.
const parser = new DOMParser();

export function highlighted(html) {
  const fragment = document.createDocumentFragment();
  if (!html) return fragment;
  const body = parser.parseFromString(`<body>${html}</body>`, 'text/html').body;
  copyMarked(body, fragment);
  return fragment;
}

function copyMarked(source, target) {
  for (const node of source.childNodes) {
    if (node.nodeType === Node.TEXT_NODE) {
      target.append(node.data.replace(/\n\s*\n/g, '\n')); // blank lines only cost height
    } else if (node.nodeType === Node.ELEMENT_NODE) {
      const inner = node.nodeName === 'MARK' ? target.appendChild(document.createElement('mark')) : target;
      copyMarked(node, inner);
    }
  }
}

export function formatDate(iso) {
  return iso ? iso.slice(0, 10) : '';
}

export function plural(count, one, many = `${one}s`) {
  return `${count} ${count === 1 ? one : many}`;
}

// A link to the section on GitHub, or the plain path when the repository is
// not on GitHub (url null): a local path is no use as a link in a browser.
export function sectionLink(hit, text, className = 'section-link') {
  if (hit.url) return el('a', { href: hit.url, class: className, rel: 'noopener noreferrer' }, text);
  return el('span', { class: `${className} no-link` }, text);
}

export function repoLink(repoUrl) {
  if (repoUrl && /^https:\/\//.test(repoUrl)) {
    return el('a', { href: repoUrl, class: 'repo-link', rel: 'noopener noreferrer' }, repoUrl.replace(/^https:\/\//, ''));
  }
  return el('code', { class: 'repo-link no-link' }, repoUrl || 'unknown');
}

// replaceChildren that skips the null a part returns when it has nothing to show.
export function fill(node, ...children) {
  node.replaceChildren();
  appendChildren(node, children);
  return node;
}
