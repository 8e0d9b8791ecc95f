// End-to-end test of `tiersim serve` in a real browser: Debian's headless Chromium driven by
// puppeteer-core (no browser download). Starts the binary on a free loopback port, loads the
// page, moves a lever, runs, waits for the result, checks that the goal shown equals the
// API's number, that the page logged no console error and made no failed request, keeps
// screenshots at 1280x720 under the build's test-artifacts/, and stops the server with
// SIGINT (it must exit 0 promptly).
//
// Usage: node workbench_test.mjs TIERSIM_BINARY SOURCE_DIR ARTIFACT_DIR
// Exit 0 pass, 1 fail, 77 skipped (no chromium or no node_modules, and CI unset).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const [binary, sourceDir, artifacts] = process.argv.slice(2);
const chromium = '/usr/bin/chromium';
const here = path.dirname(fileURLToPath(import.meta.url));
const skip = (why) => {
  if (process.env.CI) { console.error(`FAIL: ${why} and CI is set`); process.exit(1); }
  console.log(`SKIP: ${why}`);
  process.exit(77);
};
if (!binary || !sourceDir || !artifacts) { console.error('usage: node workbench_test.mjs BINARY SOURCE_DIR ARTIFACT_DIR'); process.exit(1); }
if (!existsSync(chromium)) skip(`no ${chromium} (tools/deps --browser installs it)`);
if (!existsSync(path.join(here, 'node_modules', 'puppeteer-core'))) skip(`no node_modules in ${here} (npm ci there)`);
const { default: puppeteer } = await import('puppeteer-core');
mkdirSync(artifacts, { recursive: true });

const failures = [];
const check = (ok, what) => { if (!ok) { failures.push(what); console.error('FAILED: ' + what); } else console.log('ok: ' + what); };

// The server; its first stdout line carries the URL.
const server = spawn(path.resolve(binary), ['serve', path.join('scenarios', 'tutorial.yaml'), '--port', '0', '--threads', '2'],
  { cwd: sourceDir, stdio: ['ignore', 'pipe', 'pipe'] });
let serverErr = '';
server.stderr.on('data', (d) => { serverErr += d; });
const exited = new Promise((ok) => server.on('exit', (code, signal) => ok({ code, signal })));
const url = await new Promise((ok, fail) => {
  let out = '';
  const timer = setTimeout(() => fail(new Error('no URL from tiersim serve within 30 s: ' + serverErr)), 30000);
  server.stdout.on('data', (d) => {
    out += d;
    const m = out.match(/open (http:\/\/\S+)/);
    if (m) { clearTimeout(timer); ok(m[1]); }
  });
  server.on('exit', () => fail(new Error('tiersim serve exited: ' + serverErr)));
});
console.log('server at ' + url);

let browser;
try {
  browser = await puppeteer.launch({
    executablePath: chromium,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 720 });
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push('page error: ' + e.message));
  page.on('requestfailed', (r) => problems.push('request failed: ' + r.url() + ' ' + (r.failure() && r.failure().errorText)));
  page.on('response', (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()} for ${r.url()}`); });

  await page.goto(url, { waitUntil: 'load' });
  await page.waitForSelector('body[data-ready="1"]', { timeout: 30000 });
  check(await page.$eval('#scenario', (s) => s.value) === 'tutorial', 'the scenario list shows tutorial');
  check((await page.$$('.lever')).length >= 8, 'levers generated from the scenario');
  check(await page.$eval('#network', (n) => n.querySelector('svg#network-svg') !== null), 'the network picture is drawn');
  check(await page.$eval('#summary', (n) => n.textContent.includes('facilities and population by tier')), 'the planner\'s summary is shown');

  // Move levers: one more doctor at the county hospital, 3 replications.
  const servers = 'input[data-path="facilities[county].servers"]';
  const before = Number(await page.$eval(servers, (i) => i.value));
  await page.click(servers, { clickCount: 3 });
  await page.type(servers, String(before + 1));
  // A share lever is a slider: set it as a user's drag would, with input and change events.
  await page.$eval('input[data-path="policy.bypass.minor"]', (i) => {
    i.value = '0.3';
    i.dispatchEvent(new Event('input', { bubbles: true }));
    i.dispatchEvent(new Event('change', { bubbles: true }));
  });
  const reps = 'input[data-path="replications"]';
  await page.click(reps, { clickCount: 3 });
  await page.type(reps, '3');
  check(await page.$eval(`.lever[data-path="facilities[county].servers"]`, (r) => r.classList.contains('changed')), 'a moved lever is marked');

  await page.click('#run');
  await page.waitForSelector('#queue li', { timeout: 10000 });
  await page.waitForSelector('#result[data-run]:not([hidden]) .wb-goal[data-metric="county_retention"] .value', { timeout: 120000 });
  const runId = Number(await page.$eval('#result', (r) => r.getAttribute('data-run')));
  const shown = await page.$eval('.wb-goal[data-metric="county_retention"] .value', (v) => ({ text: v.textContent, raw: v.getAttribute('data-value') }));
  const api = await page.evaluate(async (id) => (await fetch('/api/runs/' + id)).json(), runId);
  check(api.status === 'done', 'the run is done');
  check(JSON.stringify(api.set) === JSON.stringify({ 'facilities[county].servers': before + 1, 'policy.bypass.minor': 0.3 }),
    'the run has the moved levers as its set: ' + JSON.stringify(api.set));
  check(api.replications === 3, 'the run has 3 replications');
  const mean = api.summary.metrics.county_retention.mean;
  check(Number(shown.raw) === mean, `the goal shown (${shown.raw}) is the API's number (${mean})`);
  // Every goal: the text shown is the API's mean as a percentage.
  for (const g of ['minor_stays_in_village', 'moderate_stays_in_township', 'severe_stays_in_county', 'county_retention', 'primary_share']) {
    const text = await page.$eval(`.wb-goal[data-metric="${g}"] .value`, (v) => v.textContent);
    const want = (100 * api.summary.metrics[g].mean).toFixed(1) + '%';
    check(text === want, `goal ${g} shown as ${text}, the API's ${want}`);
  }
  const minor = api.comparison.metrics.minor_stays_in_village.difference[0];
  check(minor.ci95[1] < 0, 'more bypass lowers minor_stays_in_village, significantly (difference ' + minor.mean + ')');
  check(await page.$eval('.wb-goal[data-metric="minor_stays_in_village"] .sig', (s) => s.textContent.includes('significant 显著') && s.classList.contains('down')),
    'the page marks that difference significant');
  // Every significant difference is coloured by the metric's good direction as the API gives
  // it (comparison.json's "better"): up when it moved the good way, down the bad way, flat for
  // a metric with no good direction.
  const rows = await page.$$eval('#result tr[data-metric]', (trs) => trs.map((tr) => ({
    name: tr.getAttribute('data-metric'), cls: tr.querySelector('.sig').className })));
  check(rows.length > 0, 'metric rows shown');
  for (const r of rows) {
    const m = api.comparison.metrics[r.name];
    const [lo, hi] = m.difference[0].ci95;
    const moved = lo > 0 ? 1 : hi < 0 ? -1 : 0;
    const good = m.better === 'higher' ? 1 : m.better === 'lower' ? -1 : 0;
    const want = moved === 0 || lo === null ? 'none' : good === 0 ? 'flat' : moved === good ? 'up' : 'down';
    check(r.cls === 'sig ' + want, `${r.name} (better: ${m.better}, CI [${lo}, ${hi}]) marked ${r.cls}, expected sig ${want}`);
  }
  check((await page.$$('.wb-goal')).length === 5, 'five goals shown');
  check(await page.$eval('#waits', (w) => w.querySelectorAll('tr[data-metric]').length > 0), 'waits against the base shown');
  check(await page.$eval('#result-network', (n) => n.querySelector('svg#network-svg .flow.up') !== null), 'the variant\'s referral flows are drawn');
  const reportHref = await page.$eval('#report-link', (a) => a.getAttribute('href'));
  const report = await page.evaluate(async (href) => { const r = await fetch(href); return { status: r.status, text: await r.text() }; }, reportHref);
  check(report.status === 200 && report.text.includes('id="goals"'), 'the full report.html link works');
  const yamlHref = await page.$eval('#yaml-link', (a) => a.getAttribute('href'));
  const yaml = await page.evaluate(async (href) => (await fetch(href)).text(), yamlHref);
  check(yaml.includes('extends:') && yaml.includes(`facilities[county].servers: ${before + 1}`), 'the variant downloads as extends + set');

  await page.screenshot({ path: path.join(artifacts, 'serve_workbench.png') });
  await page.click('.wb-tabs button[data-tab="history"]');
  check(await page.$eval('#history', (h) => h.querySelectorAll('th.run').length === 1), 'the history lists the run');
  await page.screenshot({ path: path.join(artifacts, 'serve_history.png') });
  await page.click('.wb-tabs button[data-tab="scenario"]');
  await page.screenshot({ path: path.join(artifacts, 'serve_scenario.png') });
  check(problems.length === 0, 'no console error or failed request' + (problems.length ? ': ' + problems.join(' | ') : ''));
} catch (e) {
  failures.push(String(e && e.stack || e));
  console.error(e);
} finally {
  if (browser) await browser.close();
  server.kill('SIGINT');
  const timeout = new Promise((ok) => setTimeout(() => ok({ code: 'timeout' }), 15000));
  const end = await Promise.race([exited, timeout]);
  if (end.code === 'timeout') server.kill('SIGKILL');
  check(end.code === 0, `tiersim serve exits 0 on SIGINT (got ${end.code}${end.signal ? ' ' + end.signal : ''}) ${serverErr.trim()}`);
}
console.log(`${failures.length ? 0 : 1} passed, ${failures.length ? 1 : 0} failed`);
process.exit(failures.length ? 1 : 0);
