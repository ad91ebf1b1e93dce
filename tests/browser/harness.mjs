// Browser-test harness: builds the example cohort's git repos, indexes them with
// the real nexus-index, serves them with the real nexus-server on a free port and
// launches Debian's headless Chromium through playwright-core.
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const SOURCE = process.env.NEXUS_SOURCE || path.resolve(HERE, '..', '..');
export const BIN = process.env.NEXUS_BIN || path.join(SOURCE, 'build', 'bin');
export const ARTIFACTS = process.env.NEXUS_ARTIFACTS || path.join(SOURCE, 'build', 'artifacts', 'screenshots');
export const CHROMIUM = process.env.NEXUS_CHROMIUM || '/usr/bin/chromium';
const SERVER_START_MS = 15000;

// Flags that keep Chromium from talking to anything but the page under test.
export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

function need(file, hint) {
  if (!fs.existsSync(file)) throw new Error(`${file} is missing: ${hint}`);
  return file;
}

export async function loadPlaywright() {
  const entry = path.join(HERE, 'node_modules', 'playwright-core', 'index.mjs');
  need(entry, 'run `npm ci` in tests/browser (scripts/setup.sh does)');
  need(CHROMIUM, 'install Debian\'s chromium package (scripts/setup.sh does)');
  return import(entry);
}

// Builds, indexes and serves the example cohort; returns {base, stop()}.
export async function serveExampleCohort() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nexus-browser-'));
  const repos = path.join(tmp, 'repos');
  execFileSync(path.join(SOURCE, 'examples', 'make-example-repos.sh'), [repos], { stdio: 'pipe' });
  execFileSync(need(path.join(BIN, 'nexus-index'), 'build Nexus first'), [
    '--cohort', path.join(repos, 'cohort.tsv'), '--cache', path.join(tmp, 'cache'), '--index', path.join(tmp, 'index'),
  ], { stdio: 'pipe' });
  const server = spawn(need(path.join(BIN, 'nexus-server'), 'build Nexus first'), [
    '--index', path.join(tmp, 'index'), '--listen', '127.0.0.1:0', '--web', path.join(SOURCE, 'web'),
  ], { stdio: ['ignore', 'pipe', 'pipe'] });
  const base = await listeningAddress(server);
  return {
    base,
    async stop() {
      if (server.exitCode === null) {
        const exited = new Promise((resolve) => server.once('exit', resolve));
        server.kill('SIGTERM');
        await exited;
      }
      if (!process.env.NEXUS_KEEP_TMP) fs.rmSync(tmp, { recursive: true, force: true });
    },
  };
}

function listeningAddress(server) {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => fail(new Error(`nexus-server did not start in ${SERVER_START_MS} ms:\n${output}`)), SERVER_START_MS);
    function fail(error) {
      clearTimeout(timer);
      server.kill('SIGKILL');
      reject(error);
    }
    function read(chunk) {
      output += chunk;
      const match = output.match(/^nexus-server: listening on (http:\/\/[^/\s]+)\/\s*$/m);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    }
    server.stdout.setEncoding('utf8').on('data', read);
    server.stderr.setEncoding('utf8').on('data', read);
    server.once('exit', (code) => fail(new Error(`nexus-server exited with ${code}:\n${output}`)));
  });
}

export async function api(base, pathAndQuery) {
  const response = await fetch(base + pathAndQuery);
  const text = await response.text();
  if (!response.ok) throw new Error(`${pathAndQuery}: ${response.status} ${text}`);
  return text.startsWith('{') ? JSON.parse(text) : text;
}

export function screenshotPath(name) {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  return path.join(ARTIFACTS, `${name}.png`);
}
