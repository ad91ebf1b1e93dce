// Human names for the index's ids: section kinds, technology categories and
// file origins, in the order the page lists them.

const KIND_LABELS = {
  overview: 'Overview', features: 'Features', technologies: 'Technologies', concepts: 'Concepts',
  challenges: 'Challenges', solutions: 'Solutions', 'best-practices': 'Best practices', setup: 'Setup',
  configuration: 'Configuration', api: 'API', structure: 'Structure', deployment: 'Deployment',
  testing: 'Testing', collaboration: 'Collaboration', boilerplate: 'Boilerplate', roadmap: 'Roadmap',
  other: 'Other',
};

const CATEGORY_LABELS = {
  language: 'Languages', framework: 'Frameworks', database: 'Databases', cache: 'Caching',
  queue: 'Queues & background jobs', container: 'Containers', 'ci-cd': 'CI/CD', cloud: 'Cloud & hosting',
  'api-style': 'API styles', 'auth-security': 'Auth & security', testing: 'Testing',
  frontend: 'Frontend', 'docs-tooling': 'Docs & tooling',
};

const ORIGIN_LABELS = {
  own: 'own writing', template: 'template file', generated: 'generated file', brief: 'copied brief',
};

export function kindLabel(kind) {
  return KIND_LABELS[kind] || kind;
}

export function categoryLabel(category) {
  return CATEGORY_LABELS[category] || category.replace(/-/g, ' ');
}

export function categoryOrder(category) {
  const index = Object.keys(CATEGORY_LABELS).indexOf(category);
  return index < 0 ? 999 : index;
}

export function originLabel(origin) {
  return ORIGIN_LABELS[origin] || origin;
}

export const EXAMPLE_QUERIES = [
  { q: 'celery redis', why: 'background jobs' },
  { q: '"connection refused"', why: 'a Docker Compose problem and its fix' },
  { q: 'caching', why: 'who wrote about caching' },
  { q: 'select_related OR prefetch_related', why: 'query optimisation' },
  { q: 'jwt -graphql', why: 'JWT, leaving GraphQL out' },
  { q: 'heading:challenges docker', why: 'Docker in a challenges section' },
];
