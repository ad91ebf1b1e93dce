// The Nexus web page, used the way a mentor would, in headless Chromium over the
// real nexus-server and an index of the example cohort. Every expected number
// comes from the API of the same server, so the page is checked against it.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { loadPlaywright, serveExampleCohort, api, screenshotPath, CHROMIUM, CHROMIUM_ARGS } from './harness.mjs';

const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };
// The facets the sections view shows, hence asks /api/search to count.
const PAGE_FACETS = 'tech,kind,cohort';

describe('the Nexus web page', { concurrency: false }, () => {
  let nexus;
  let browser;
  let context;
  let page;
  const consoleErrors = [];
  const foreignRequests = [];
  const apiRequests = []; // {at, path, load} of every API request the page sent
  let pageLoads = 0; // documents loaded so far (goto, reload, a link): the tests open several a second
  let expectBadRequest = false;

  before(async () => {
    const { chromium } = await loadPlaywright();
    nexus = await serveExampleCohort();
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    context = await browser.newContext({ viewport: DESKTOP, acceptDownloads: true });
    context.on('request', (request) => {
      const { protocol, hostname } = new URL(request.url());
      const local = hostname === '127.0.0.1' || hostname === 'localhost' || hostname === '[::1]';
      if (!(local || protocol === 'data:' || protocol === 'blob:')) foreignRequests.push(request.url());
      const { pathname, search } = new URL(request.url());
      if (request.resourceType() === 'document' && request.isNavigationRequest()) pageLoads += 1;
      if (local && pathname.startsWith('/api/')) apiRequests.push({ at: Date.now(), path: pathname + search, load: pageLoads });
    });
    page = await context.newPage();
    page.setDefaultTimeout(10000);
    page.on('console', (message) => {
      if (message.type() !== 'error') return;
      // The malformed-query test asks for a 400 on purpose; Chromium logs any 4xx fetch.
      if (expectBadRequest && /status of 400/.test(message.text())) return;
      consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(`uncaught: ${error.message}`));
  });

  after(async () => {
    if (browser) await browser.close();
    if (nexus) await nexus.stop();
  });

  async function typeQuery(text) {
    await page.locator('body').press('/');
    await page.keyboard.press('Control+A');
    await page.keyboard.type(text, { delay: 20 });
  }

  // Opens an address of the page without reloading it (as its own links and the back button do), so a
  // test does not spend a dozen rate-limited file requests on a reload.
  async function openInPage(address) {
    await page.evaluate((target) => {
      window.history.pushState(null, '', target);
      window.dispatchEvent(new PopStateEvent('popstate'));
    }, address);
  }

  async function hitLearners() {
    return page.locator('.hit .learner-link').allTextContents();
  }

  // Waits (a few seconds at most) for the texts of `selector` to become `expected`,
  // since the page answers keystrokes asynchronously, then asserts them.
  async function expectTexts(selector, expected, message) {
    const deadline = Date.now() + 5000;
    let actual = await page.locator(selector).allTextContents();
    while (JSON.stringify(actual) !== JSON.stringify(expected) && Date.now() < deadline) {
      await page.waitForTimeout(100);
      actual = await page.locator(selector).allTextContents();
    }
    assert.deepEqual(actual, expected, message);
  }

  it('starts with example queries and one-click cohort questions', async () => {
    await page.goto(`${nexus.base}/`);
    await page.locator('.tech-chip').first().waitFor();
    assert.ok(await page.locator('.example').count() >= 3, 'example queries are offered');
    assert.equal(await page.locator('a.question', { hasText: 'Celery and Redis' }).count(), 1);
    const table = await api(nexus.base, '/api/technologies');
    const celery = table.technologies.find((t) => t.id === 'celery');
    assert.equal(await page.locator('.tech-chip[data-tech="celery"] .tech-chip-count').textContent(), String(celery.learners));
    await page.screenshot({ path: screenshotPath('home'), fullPage: true });
  });

  it('searches as the reader types and shows ranked results with highlighted snippets', async () => {
    await typeQuery('celery');
    await page.waitForURL(/[?&]q=celery\b/);
    await page.locator('.hit').first().waitFor();
    const expected = await api(nexus.base, `/api/search?q=celery&per_page=10&facets=${PAGE_FACETS}`);
    await expectTexts('.hit .hit-title', expected.hits.map((h) => h.heading_path), 'hits in the API\'s ranked order');
    // Facet counts are opt-in (they cost a pass over every match): the page asks for the groups it shows.
    const asked = apiRequests.map((r) => new URL(r.path, nexus.base))
      .filter((u) => u.pathname === '/api/search' && u.searchParams.get('q') === 'celery');
    assert.ok(asked.length > 0, 'the page searched through the API');
    assert.deepEqual([...new Set(asked.map((u) => u.searchParams.get('facets')))], [PAGE_FACETS]);
    assert.ok(!('facet_distribution' in await api(nexus.base, '/api/search?q=celery&per_page=10')),
      'without facets= the API counts none');
    assert.deepEqual(await hitLearners(), expected.hits.map((h) => h.learner));
    const marks = await page.locator('.hit .snippet mark').allTextContents();
    assert.ok(marks.length >= expected.hits.length, 'every snippet highlights a match');
    assert.ok(marks.every((m) => /celery/i.test(m)), `highlights are the query word: ${marks}`);
    assert.match(await page.locator('.switch[data-switch="search"]').textContent(), new RegExp(`${expected.estimated_total}$`));
    assert.equal(await page.locator('.pager').count(), expected.estimated_total > 10 ? 1 : 0);
    await page.screenshot({ path: screenshotPath('search'), fullPage: true });
  });

  it('pages through results with "Next"', async () => {
    const second = await api(nexus.base, '/api/search?q=celery&per_page=10&page=2');
    await page.locator('.pager a[rel="next"]').click();
    await page.waitForURL(/page=2/);
    await page.locator('.page-info', { hasText: 'Page 2' }).waitFor();
    await expectTexts('.hit .hit-title', second.hits.map((h) => h.heading_path));
    await page.goBack();
    await page.locator('.page-info', { hasText: 'Page 1' }).waitFor();
  });

  it('narrows by a technology facet, updates the counts, and the chip undoes it', async () => {
    const before = await api(nexus.base, `/api/search?q=celery&per_page=10&facets=${PAGE_FACETS}`);
    const after = await api(nexus.base, `/api/search?q=celery&tech=rabbitmq&per_page=10&facets=${PAGE_FACETS}`);
    assert.notEqual(after.estimated_total, before.estimated_total, 'the example cohort makes this facet narrow');
    const kindCount = (kind) => page.locator(`.facet[data-facet="kind:${kind}"] .facet-count`).textContent();
    const someKind = Object.keys(before.facet_distribution.kind)[0];
    assert.equal(await kindCount(someKind), String(before.facet_distribution.kind[someKind]));

    // RabbitMQ (one learner) is past the top technologies: "show all" lists them by category.
    const techFacets = page.locator('.facet[data-facet^="tech:"]');
    const topCount = await techFacets.count();
    assert.ok(topCount < Object.keys(before.facet_distribution.tech).length, 'the sidebar starts with the top ones');
    await page.locator('.facet-more[data-expand="tech"]').click();
    await page.locator('.facet-category').first().waitFor();
    assert.equal(await techFacets.count(), Object.keys(before.facet_distribution.tech).length);
    assert.ok(await page.locator('.facet-category').count() > 1, 'all technologies are grouped by category');
    await page.locator('.facet[data-facet="tech:rabbitmq"]').click();
    await page.waitForURL(/tech=rabbitmq/);
    await page.locator('.chip[data-chip="tech:rabbitmq"]').waitFor();
    await page.locator('.switch[data-switch="search"]', { hasText: String(after.estimated_total) }).waitFor();
    await expectTexts('.hit .hit-title', after.hits.map((h) => h.heading_path));
    assert.deepEqual(await hitLearners(), after.hits.map((h) => h.learner));
    for (const [kind, count] of Object.entries(after.facet_distribution.kind)) {
      assert.equal(await kindCount(kind), String(count), `kind ${kind} counts learners of the narrowed results`);
    }
    assert.equal(await page.locator('.facet[data-facet="tech:rabbitmq"]').getAttribute('aria-pressed'), 'true');
    await page.screenshot({ path: screenshotPath('search-facet'), fullPage: true });

    await page.locator('.chip[data-chip="tech:rabbitmq"]').click();
    await page.locator('.chip').first().waitFor({ state: 'detached' });
    await page.locator('.switch[data-switch="search"]', { hasText: String(before.estimated_total) }).waitFor();
    await expectTexts('.hit .hit-title', before.hits.map((h) => h.heading_path));
  });

  it('opens a learner profile from a result, and back returns to the results', async () => {
    const learner = (await hitLearners())[0];
    const profile = await api(nexus.base, `/api/learners/${learner}`);
    await page.locator('.hit .learner-link').first().click();
    await page.locator('.profile-name', { hasText: learner }).waitFor();
    assert.match(page.url(), new RegExp(`view=profile&name=${learner}`));
    const categories = await page.locator('.tech-group h3').count();
    assert.equal(categories, profile.technologies.length, 'one group per technology category');
    assert.equal(await page.locator('.tech-evidence > li').count(),
      profile.technologies.reduce((n, g) => n + g.technologies.length, 0));
    assert.equal(await page.locator('.challenge').count(), profile.challenges.length);
    assert.equal(await page.locator('.outline-list li').count(), profile.outline.length);
    assert.match(await page.locator('.profile-meta .updated').textContent(), new RegExp(profile.commit_date.slice(0, 10)));
    await page.screenshot({ path: screenshotPath('profile'), fullPage: true });

    await page.goBack();
    await page.locator('.hit').first().waitFor();
    assert.equal(await page.inputValue('#q'), 'celery');
    assert.match(page.url(), /q=celery/);
  });

  it('answers "who covered Celery and Redis?" with evidence and a CSV of the same learners', async () => {
    await page.goto(`${nexus.base}/`);
    await page.locator('a.question', { hasText: 'Celery and Redis' }).click();
    await page.locator('.learner-card').first().waitFor();
    const expected = await api(nexus.base, '/api/learners?tech=celery&tech=redis');
    const names = expected.learners.map((l) => l.learner);
    await expectTexts('.learner-card h3', names, 'learners in the API\'s order');
    assert.deepEqual(await page.locator('.chip').evaluateAll((chips) => chips.map((c) => c.dataset.chip)),
      ['tech:celery', 'tech:redis']);
    const firstCard = page.locator('.learner-card').first();
    assert.equal(await firstCard.locator('.evidence').count(), expected.learners[0].evidence.length);
    assert.ok(await firstCard.locator('.evidence mark').count() > 0, 'evidence highlights what they wrote');
    await page.screenshot({ path: screenshotPath('learners'), fullPage: true });

    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-csv]').click()]);
    const csv = fs.readFileSync(await download.path(), 'utf8').trim().split(/\r?\n/);
    assert.equal(csv[0], 'learner,cohort,repo,score,technologies,evidence');
    assert.deepEqual(csv.slice(1).map((row) => JSON.parse(row.split(',')[0])), names);
    assert.ok(csv.slice(1).every((row) => row.includes('celery; redis')), 'every row names both technologies');
  });

  it('charts technology coverage by category and which technologies go together', async () => {
    await page.locator('nav.views a[data-nav="technologies"]').click();
    await page.locator('.bar[data-bar="celery"]').waitFor();
    const table = await api(nexus.base, '/api/technologies');
    for (const id of ['celery', 'redis', 'postgresql']) {
      const tech = table.technologies.find((t) => t.id === id);
      assert.equal(await page.locator(`.bar[data-bar="${id}"] .bar-count`).textContent(), String(tech.learners));
    }
    await page.locator('#focus-tech').waitFor();
    await page.locator('#focus-tech').selectOption('celery');
    await page.waitForURL(/focus=celery/);
    const [celery, redis] = await Promise.all([api(nexus.base, '/api/technologies/celery'), api(nexus.base, '/api/technologies/redis')]);
    const redisLearners = new Set(redis.learners.map((l) => l.learner));
    const both = celery.learners.filter((l) => redisLearners.has(l.learner)).length;
    const pair = page.locator('.bar[data-bar="celery+redis"]').first();
    assert.equal(await pair.locator('.bar-count').textContent(), String(both));
    await page.screenshot({ path: screenshotPath('technologies'), fullPage: true });

    await pair.click();
    await page.locator('.learner-card').first().waitFor();
    assert.equal(await page.locator('.learner-card').count(), both);
  });

  it('says what a misspelled query was searched as, and offers "did you mean"', async () => {
    await page.goto(`${nexus.base}/`);
    await typeQuery('celary');
    const spelling = page.locator('.spelling');
    await spelling.waitFor();
    const answer = await api(nexus.base, '/api/search?q=celary');
    assert.ok(answer.corrected_query || answer.did_you_mean, 'the index corrects this misspelling');
    const text = await spelling.textContent();
    assert.match(text, /Did you mean/);
    assert.ok(text.includes(answer.corrected_query || answer.did_you_mean), text);
    if (answer.corrected_query) {
      // The server searched the correction: the results are its results.
      const corrected = await api(nexus.base, `/api/search?q=${encodeURIComponent(answer.corrected_query)}&per_page=10`);
      await expectTexts('.hit .hit-title', corrected.hits.map((h) => h.heading_path));
    }
    await page.screenshot({ path: screenshotPath('did-you-mean') });
  });

  it('says which words of a plain question some results lack and which were not needed', async () => {
    await page.goto(`${nexus.base}/`);
    const question = 'how to run celery with kubernetes';
    await typeQuery(question);
    const notice = page.locator('[data-terms]');
    await notice.waitFor();
    const answer = await api(nexus.base, `/api/search?q=${encodeURIComponent(question)}&per_page=10`);
    assert.ok(answer.ignored_terms.length > 0, 'the question has function words');
    const text = await notice.textContent();
    for (const word of [...answer.dropped_terms, ...answer.ignored_terms]) assert.ok(text.includes(word), text);
    await page.screenshot({ path: screenshotPath('dropped-words') });
  });

  it('shows the server\'s message for a malformed query instead of swallowing it', async () => {
    expectBadRequest = true;
    const response = await fetch(`${nexus.base}/api/search?q=${encodeURIComponent('foo AND')}`);
    assert.equal(response.status, 400);
    const { error } = await response.json();
    await typeQuery('foo AND');
    const box = page.locator('[data-error]');
    await box.waitFor();
    const text = await box.textContent();
    assert.match(text, /400/);
    assert.ok(text.includes(error.message), `"${text}" shows "${error.message}"`);
    expectBadRequest = false;
  });

  it('is driven by the keyboard: / focuses the search, arrows move through results, Enter opens one', async () => {
    await page.goto(`${nexus.base}/?q=celery`);
    await page.locator('.hit').first().waitFor();
    await page.locator('body').press('/');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'q');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    const focused = await page.evaluate(() => [...document.querySelectorAll('.hit')].indexOf(document.activeElement));
    assert.equal(focused, 1, 'the second result has the focus');
    const learner = (await hitLearners())[1];
    await page.keyboard.press('Enter');
    // Example repositories are local paths (no GitHub link), so Enter opens the learner.
    await page.locator('.profile-name', { hasText: learner }).waitFor();
  });

  // These tests move within one page load where they can: each reload fetches a dozen files, and the
  // server's per-client rate limit counts them.
  it('suggests as the reader types: a combobox of technologies, learners and headings driven by the keys', async () => {
    await typeQuery('celery');
    const options = page.locator('#suggestions [role="option"]');
    await options.first().waitFor();
    const input = page.locator('#q');
    assert.equal(await input.getAttribute('role'), 'combobox');
    assert.equal(await input.getAttribute('aria-expanded'), 'true');
    assert.equal(await input.getAttribute('aria-controls'), 'suggestions');
    const expected = await api(nexus.base, '/api/suggest?q=celery&limit=8');
    await expectTexts('#suggestions .suggestion-text', expected.suggestions.map((s) => s.text), 'suggestions in the API\'s order');
    assert.match(await options.first().textContent(), /technology · 3 learners/);
    // The live results of what was typed show under the open list: neither waits for the other.
    await page.locator('.hit').first().waitFor();
    assert.equal(await page.locator('#suggestions').isVisible(), true);
    await page.screenshot({ path: screenshotPath('suggest') });

    await page.keyboard.press('ArrowDown');
    assert.equal(await input.getAttribute('aria-activedescendant'), 'suggestion-0');
    assert.equal(await options.first().getAttribute('aria-selected'), 'true');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'q', 'the focus stays in the box');
    await page.keyboard.press('Enter');
    await page.waitForURL(/view=learners&tech=celery/);
    const celery = await api(nexus.base, '/api/learners?tech=celery');
    await expectTexts('.learner-card h3', celery.learners.map((l) => l.learner), 'choosing Celery asks who covered it');
    assert.equal(await page.locator('#suggestions').isVisible(), false);
  });

  it('closes suggestions with Escape, and then the arrows reach the live results as before', async () => {
    await typeQuery('nkech');
    await page.locator('#suggestions [role="option"]', { hasText: 'nkechi-dev' }).waitFor();
    await page.keyboard.press('Escape');
    assert.equal(await page.locator('#suggestions').isVisible(), false);
    assert.equal(await page.locator('#q').getAttribute('aria-expanded'), 'false');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'q', 'the first Escape only closes the list');
    // The learner suggestion, chosen with the keys, opens the profile.
    await page.keyboard.type('i');
    await page.locator('#suggestions [role="option"]', { hasText: 'nkechi-dev' }).waitFor();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.locator('.profile-name', { hasText: 'nkechi-dev' }).waitFor();

    await typeQuery('celery');
    await page.locator('#suggestions [role="option"]').first().waitFor();
    await page.locator('.hit').first().waitFor();
    await page.keyboard.press('Escape');
    await page.keyboard.press('ArrowDown');
    const focused = await page.evaluate(() => [...document.querySelectorAll('.hit')].indexOf(document.activeElement));
    assert.equal(focused, 0, 'with the list closed, ArrowDown moves to the first result');
  });

  it('shows learners like this one on the profile, each with what they share', async () => {
    await typeQuery('nkechi-dev');
    await page.locator('#suggestions [role="option"]', { hasText: 'nkechi-dev' }).click();
    await page.locator('.similar').first().waitFor();
    const like = await api(nexus.base, '/api/learners/nkechi-dev/similar?limit=6');
    await expectTexts('.similar .learner-link', like.similar.map((s) => s.learner), 'similar learners in the API\'s order');
    const first = page.locator('.similar').first();
    assert.match(await first.textContent(), /Both cover .*Celery/);
    await page.locator('#profile-similar').scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('profile-similar') });
    // Keyboard: the first peer's link takes the focus and Enter opens their profile.
    await first.locator('.learner-link').focus();
    await page.keyboard.press('Enter');
    await page.locator('.profile-name', { hasText: like.similar[0].learner }).waitFor();
  });

  it('shows the coverage matrix as a heat map with sticky headers, sorts it and lists who has not covered a technology yet', async () => {
    await openInPage('/?view=coverage&tech=celery&tech=rabbitmq&tech=kubernetes');
    await page.locator('.matrix tbody tr').first().waitFor();
    const body = await api(nexus.base, '/api/coverage?tech=celery&tech=rabbitmq&tech=kubernetes');
    await expectTexts('.matrix tbody th a', body.learners.map((l) => l.learner), 'rows in the API\'s order');
    for (const learner of body.learners) {
      for (const c of learner.cells) {
        assert.equal(await page.locator(`[data-cell="${learner.learner}:${c.tech}"]`).getAttribute('data-state'), c.state);
      }
    }
    assert.equal(await page.locator('[data-column="celery"] .column-count').textContent(), '3 covered');
    const sticky = await page.locator('.matrix thead th').first().evaluate((th) => getComputedStyle(th).position);
    assert.equal(sticky, 'sticky');
    await page.screenshot({ path: screenshotPath('coverage'), fullPage: true });

    // Keyboard: Enter on the Celery column sorts by it, strongest coverage first.
    await page.locator('.matrix [data-sort="celery"]').focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/sort=celery/);
    const sorted = await api(nexus.base, '/api/coverage?tech=celery&tech=rabbitmq&tech=kubernetes&sort=celery');
    await expectTexts('.matrix tbody th a', sorted.learners.map((l) => l.learner), 'sorted by Celery');
    assert.equal(await page.locator('.matrix th[data-column="celery"]').getAttribute('aria-sort'), 'descending');

    // One key press: who has not covered Celery yet.
    await page.locator('.matrix [data-missing="celery"]').focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/missing=celery/);
    const missing = await api(nexus.base, '/api/coverage?tech=celery&tech=rabbitmq&tech=kubernetes&sort=celery&missing=celery');
    await expectTexts('.matrix tbody th a', missing.learners.map((l) => l.learner), 'learners without Celery');
    assert.equal(missing.total, 7);
    assert.match(await page.locator('.coverage-summary').textContent(), /7 learners who have not covered celery yet/);

    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-csv]').click()]);
    const csv = fs.readFileSync(await download.path(), 'utf8').trim().split(/\r?\n/);
    assert.equal(csv[0], 'learner,cohort,celery,celery evidence,rabbitmq,rabbitmq evidence,kubernetes,kubernetes evidence');
    assert.equal(csv.length, 1 + 7);

    // A column is added from the list of technologies.
    await page.locator('#coverage-add').selectOption('docker');
    await page.waitForURL(/tech=docker/);
    await page.locator('.matrix [data-column="docker"]').waitFor();
  });

  it('fits a phone-width screen', async () => {
    await page.setViewportSize(PHONE);
    for (const [name, address, ready] of [
      ['phone-search', '/?q=celery', '.hit'],
      ['phone-learners', '/?view=learners&tech=celery&tech=redis', '.learner-card'],
      ['phone-technologies', '/?view=technologies', '.bar'],
      ['phone-coverage', '/?view=coverage&tech=celery&tech=docker&tech=postgresql', '.matrix'],
      ['phone-profile-similar', '/?view=profile&name=nkechi-dev', '.similar'],
    ]) {
      if (name.startsWith('phone-search')) await page.goto(nexus.base + address);
      else await openInPage(address);
      await page.locator(ready).first().waitFor();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `${address} scrolls sideways by ${overflow}px at phone width`);
      await page.screenshot({ path: screenshotPath(name) });
    }
    // The filters fold away above the results and open on demand.
    await page.goto(`${nexus.base}/?q=celery`);
    await page.locator('.hit').first().waitFor();
    assert.equal(await page.locator('.facet').first().isVisible(), false, 'filters are folded at phone width');
    await page.locator('.facets-toggle').click();
    assert.equal(await page.locator('.facet').first().isVisible(), true, 'the toggle shows the filters');
    // Suggestions fit the phone's width too.
    await typeQuery('c');
    await page.locator('#suggestions [role="option"]').first().waitFor();
    const box = await page.locator('#suggestions').boundingBox();
    assert.ok(box.x >= 0 && box.x + box.width <= PHONE.width, `suggestions span ${box.x}..${box.x + box.width}`);
    await page.screenshot({ path: screenshotPath('phone-suggest') });
    await page.keyboard.press('Escape');
    await page.setViewportSize(DESKTOP);
  });

  it('logged no console errors and requested nothing beyond the Nexus server', () => {
    assert.deepEqual(consoleErrors, []);
    assert.deepEqual(foreignRequests, []);
  });

  // The server limits each client (by default 20 requests a second, bursts of 100):
  // a page that asks once per technology works on a small cohort and fails on a real one.
  it('never sends a burst of API requests: every view asks a handful of questions', () => {
    // Counted within one page load: the tests themselves open several pages a second, a person does not.
    const WINDOW_MS = 1000;
    let busiest = [];
    for (let first = 0; first < apiRequests.length; first++) {
      const { at, load } = apiRequests[first];
      const inWindow = apiRequests.filter((r) => r.load === load && r.at >= at && r.at < at + WINDOW_MS);
      if (inWindow.length > busiest.length) busiest = inWindow;
    }
    assert.ok(busiest.length <= 10, `${busiest.length} API requests within a second: ${busiest.map((r) => r.path).join(', ')}`);
  });
});
