// Drives Debian's chromium with puppeteer-core for ConsoleBrowserIT: the operator story.
//   node console-check.mjs <consoleUrl> <clientId> <clientSecret> <jobId> <assetId> <screenshotDir>
// Signs in, finds the job among the dashboard's runs that need an operator, clicks it, reads why it failed, restarts it and waits for
// the new run to complete (the page refreshes itself), counting the clicks; then opens an asset
// whose title is markup and reports what the page shows. Prints one JSON line with what it saw.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import puppeteer from 'puppeteer-core';

const [consoleUrl, clientId, clientSecret, jobId, assetId, shots] = process.argv.slice(2);
const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'clips-chromium-'));
const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  userDataDir,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
    `--user-data-dir=${userDataDir}`],
});
const result = { clicks: 0, consoleErrors: [], dialogs: [] };
const text = (page, selector) => page.$eval(selector, (e) => e.textContent);
try {
  const page = await browser.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error') result.consoleErrors.push(`${m.text()} (${m.location()?.url || 'no url'})`);
  });
  page.on('pageerror', (e) => result.consoleErrors.push(String(e)));
  page.on('dialog', async (d) => { result.dialogs.push(d.message()); await d.dismiss(); });
  await page.setViewport({ width: 1280, height: 900 });
  const answer = await page.goto(consoleUrl, { waitUntil: 'load' });
  result.csp = answer.headers()['content-security-policy'];

  await page.waitForSelector('#sign-in:not([hidden])');
  await page.type('#client-id', clientId);
  await page.type('#client-secret', clientSecret);
  await page.click('#sign-in-button'); result.clicks++;
  await page.waitForSelector('#failed-count');
  result.dashboardFailed = await text(page, '#failed-count');

  // the dashboard lists the runs that need an operator: the stopped or failed one is a click away
  await page.waitForSelector(`#attention tr[data-id="${jobId}"] a`);
  result.attention = await page.$$eval('#attention tbody tr', (rows) => rows.map((r) => r.getAttribute('data-id')));
  await page.click(`#attention tr[data-id="${jobId}"] a`); result.clicks++;
  await page.waitForSelector(`#job-status[data-job="${jobId}"]`);
  result.statusBefore = await text(page, '#job-status');
  result.errorShown = await page.$eval('#job-error', (e) => e.textContent).catch(() => null);
  await page.screenshot({ path: path.join(shots, 'console-failed-job.png'), fullPage: true });

  await page.click('#restart'); result.clicks++;
  await page.waitForFunction((id) => location.hash.startsWith('#/jobs/') && location.hash !== '#/jobs/' + id,
    { timeout: 60000 }, jobId);
  result.newJob = await page.evaluate(() => location.hash.slice('#/jobs/'.length));
  // the new run's own page (not the stopped run's, still shown while the new one loads), until it ends
  await page.waitForFunction((id) => {
    const s = document.querySelector(`#job-status[data-job="${id}"]`);
    return s && ['COMPLETED', 'FAILED', 'STOPPED'].includes(s.textContent);
  }, { timeout: 300000, polling: 1000 }, result.newJob);
  Object.assign(result, await page.evaluate(() => ({
    statusAfter: document.querySelector('#job-status').textContent,
    assetStatusAfter: document.querySelector('#asset-status').textContent,
    renditions: [...document.querySelectorAll('#renditions tbody tr')].map((r) => r.textContent),
  })));
  await page.screenshot({ path: path.join(shots, 'console-restarted-job.png'), fullPage: true });

  await page.goto(consoleUrl + '#/assets?id=' + assetId, { waitUntil: 'load' });
  await page.waitForSelector('#asset-title');
  result.assetTitle = await text(page, '#asset-title');
  result.injectedImages = await page.$$eval('#view img', (imgs) => imgs.length);
  await page.screenshot({ path: path.join(shots, 'console-asset.png'), fullPage: true });
} catch (e) {
  result.error = String(e);
} finally {
  await browser.close();
  fs.rmSync(userDataDir, { recursive: true, force: true });
}
console.log(JSON.stringify(result));
