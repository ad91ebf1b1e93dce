/* The version of the extraction rules: which sections, kinds, technologies and profiles the
 * indexer makes of a commit. Documents built under other rules are rebuilt on the next run. */
#ifndef NX_RULES_H
#define NX_RULES_H

#include <stddef.h>

#include "nx_taxonomy.h"

/* Bump whenever the code that turns a commit into documents changes what it
 * produces (sections.c, analysis_*.c, learner_profile.c, tree_signals.c,
 * repo_files.c, the document fields run.c fills). Taxonomy changes need no
 * bump: the taxonomy's own fingerprint is part of the version.
 * 6: sections and challenges carry a hit record in their data (shim/hit_record.h); older
 *    documents still read, slower, so the bump re-writes them on the next run.
 * 7: technology attribution by context: names inside file names and addresses do not count, nor do
 *    examples ("e.g.", "such as"), open-ended lists ("…, etc."), options and recommendations
 *    ("optional", "Option B:", "(recommended)", "consider") and choices ("X or Y", "# or" commands);
 *    generic tools (Git, GitHub, Linux, HTML, CSS, JavaScript) named in passing (`git clone`, a
 *    prerequisite line, another technology's description, a CI runner image) and fence tags neither.
 * 8: an example after a line saying what the learner did ("Used background workers (e.g., Celery)")
 *    names what was used. */
/* 9: a section under a heading that offers a choice ("Deployment Options › Option 2: Heroku",
 *    "Monitoring (Optional)", "Alternatives") names its technologies without covering them. */
/* 10: a generic tool labelling a list ("Version Control: Git and GitHub") is not a technology described
 *    by the tools after it, which count. */
/* 11: strings of a JSON code block (an API's sample request or response) name no technology. */
/* 12: "Extension Ideas", "Stretch goals", "Nice to have" headings are roadmaps. */
/* 13: "SQL injection" names an attack, not SQL; a generic tool handed to a command as a format
 *     ("--cov-report=html", "coverage html") is not the language written. */
/* 14: a programme brief pasted as the README covers the technologies it lists, like the learner's own words. */
/* 15: "…, or your preferred platform", "or any other", "or similar" leave a list open, as "etc." does. */
/* 16: learner documents carry their technology states (shim/schema.h slot 17) for the coverage matrix;
 *     older learner documents still read, from their profile JSON, slower. */
/* 17: clients a backend could serve ("can be consumed by any frontend (Vue, React)", a list after "ready to
 *     power:"), platforms joined by slashes ("Render/Heroku/Railway"), an item marking its own name optional
 *     ("GraphQL – (optional extension) …"), "A (or B)" choosing A, "npm (v9+) or yarn" still a choice, and a
 *     bracketed "(future)" planning only the name it follows; offered names stay named (MENTIONED) but never
 *     count as coverage. A generic language naming a file kind or output ("JavaScript files", "HTML report")
 *     and the entries of a folder tree ("├── css/", "└── Makefile") name no technology, nor do generic
 *     tools in the short definition right under a heading naming one technology ("### Sass" / "A CSS
 *     preprocessor").
 *     Names joined by slashes or "or" whose bracket leaves the pick open ("MySQL / PostgreSQL (depending on …)")
 *     are offered; a bracket opening with a negation ("Jenkins (never set up)") negates the name before it; a
 *     bullet sign that is not Markdown ("•") may lead an optional item; a lost fence tag may end its paragraph.
 *     An address of the learner's app on a platform's app domain ("https://shop.vercel.app",
 *     "…-x1.onrender.com") names the platform; its own pages and placeholders ("your-app.…") do not. A name
 *     saying what kind of thing another technology is ("Next.js - React framework", "React-based") is not used.
 *     A heading with a bracketed example ("Backend Deployment (Example with Heroku)") offers, as "Option 2:" does. */
/* 18: plans read as roadmaps: a heading naming a plan of work ("3-Week Development Plan", "Implementation Plan",
 *     "Project Plan", "Sprint Plan") covers its subtree (its "Week 1 › Day 3-4: …" schedule), and a section that is
 *     an open to-do list (two or more "- [ ]" items, none checked, at least half its list items and as many as its
 *     paragraphs) is a roadmap whatever its heading ("Success Metrics"), unless a heading calls it a checklist
 *     ("Production Checklist": a procedure ticked off at each release, like setup steps). The parts of a
 *     contribution guide ("Pull Request Process", "Feature Requests", "Reporting Bugs") are boilerplate, not an API
 *     or the project's features. Git in a contribution step's bracketed command ("Create a feature branch
 *     (`git checkout -b …`)") and GitHub as a support channel ("Issues: GitHub Issues for bug reports", "open an
 *     issue on GitHub") are generic tools named in passing. */
/* 19: the index is written smaller (issue 15): path and heading-path terms without positions, id terms
 *     hashed (shim/schema.h); an index of older rules is rebuilt beside the one served. */
/* 20: a section showing code (a code block that is not a file tree) is marked as such (shim/schema.h
 *     shows_code_term), for learner ranking to tell a technology list from a shown use. */
#define EXTRACTION_RULES_VERSION 20

/* Writes "<EXTRACTION_RULES_VERSION>.<taxonomy fingerprint>" (e.g. "5.1f0c9a2e")
 * into out[0..size). */
void rules_version(const nx_taxonomy *taxonomy, char *out, size_t size);

#endif /* NX_RULES_H */
