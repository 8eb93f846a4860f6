// Drives Debian's chromium with puppeteer-core for PlayerBrowserIT.
//   node player-check.mjs play <embedUrl> <screenshot.png>
//       serves a host page on another loopback port (another origin) whose iframe is the embed
//       page; waits until the video has played 3 s with no hls.js error, asks the player for its
//       resolutions over postMessage, switches to the lowest rung, waits for hls.js to switch and
//       play on, and saves a screenshot.
//   node player-check.mjs dash <mpdUrl> <screenshot.png>
//       a page on another origin plays the MPD in dash.js; reports what it played, its video
//       representations, audio and text languages, the segments fetched through the playback
//       routes, and, with two audio tracks or more, switches to the second and plays on.
//   node player-check.mjs dash-drm <mpdUrl> <screenshot.png> <licenceUrl>
//       dash.js plays an encrypted clip's MPD through EME with ClearKey, asking <licenceUrl> for
//       the keys; reports what it played, its errors, the key system it chose and the licence
//       requests' statuses.
//   node player-check.mjs hls-drm <embedUrl> <screenshot.png>
//       loads the embed page of an encrypted clip (its URL carries drmToken or not); hls.js asks
//       the ClearKey licence through EME; reports what played, the player's error and the
//       licence requests' statuses.
//   node player-check.mjs audio <embedUrl> <screenshot.png>
//       loads the embed page (autoplay, muted), waits for hls.js's audio tracks, picks the second
//       in the audio menu and reports the menu, the track hls.js switched to, whether playback
//       went on, and which of the alternate track's files (a1/...) the browser fetched.
//   node player-check.mjs captions <embedUrl> <screenshot.png>
//       loads the embed page (autoplay, muted), waits for hls.js's subtitle tracks, picks the
//       first in the captions menu and reports the menu, the track hls.js switched to and the
//       cues the browser loaded for it.
//   node player-check.mjs chapters <embedUrl> <screenshot.png>
//       loads the embed page, waits for its chapters and storyboard, reports the chapter titles and
//       the marks on the seek bar, points at three quarters of the bar and reports the thumbnail's text.
//   node player-check.mjs beacons <embedUrl> <screenshot.png>
//       three steps, each printing one JSON line (the player's session, the beacons it sent, the
//       statuses they were answered with) and then waiting for a line on stdin: (1) the host page
//       plays the clip to its end; (2) the same tab reloads (same session) and plays; (3) a new tab
//       (a new session) plays the clip to its end.
//   node player-check.mjs refused <embedUrl> <screenshot.png>
//       loads the embed page from the host page's origin and reports the status it answered.
// Prints one JSON line with what it saw.
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import puppeteer from 'puppeteer-core';

const [mode, embedUrl, screenshot, licenceUrl] = process.argv.slice(2);
const deadline = (seconds) => Date.now() + seconds * 1000;

const hostPage = `<!doctype html><html><head><meta charset="utf-8"><title>host</title></head><body>
<iframe id="clip" src="${embedUrl}${embedUrl.includes('?') ? '&' : '?'}autoplay=1&muted=1" width="854" height="480"
  allow="autoplay; fullscreen" allowfullscreen></iframe>
<script>
  window.replies = [];
  window.addEventListener('message', (e) => { if (e.data && e.data.id) window.replies.push(e.data); });
  window.ask = (id, method, params) => document.getElementById('clip').contentWindow
      .postMessage({ id, method, params }, '*');
</script></body></html>`;
// dash mode: a page on this other origin plays the MPD in dash.js (the DASH-IF reference player, from npm)
const dashPage = `<!doctype html><html><head><meta charset="utf-8"><title>dash.js</title></head><body>
<video id="video" muted autoplay playsinline width="854" height="480"></video>
<script src="/dash.all.min.js"></script>
<script>
  window.dashErrors = [];
  const player = dashjs.MediaPlayer().create();
  player.on(dashjs.MediaPlayer.events.ERROR, (e) => window.dashErrors.push(
      (e.error && (e.error.code + ' ' + e.error.message)) || String(e)));
  const licence = ${JSON.stringify(licenceUrl || null)};
  if (licence) player.setProtectionData({ 'org.w3.clearkey': { serverURL: licence } });
  player.initialize(document.getElementById('video'), ${JSON.stringify(embedUrl)}, true);
  window.player = player;
</script></body></html>`;
const server = http.createServer((req, res) => {
  if (req.url === '/dash.all.min.js') {
    res.writeHead(200, { 'Content-Type': 'text/javascript' });
    res.end(fs.readFileSync(path.join(path.dirname(new URL(import.meta.url).pathname), 'node_modules/dashjs/dist/modern/umd/dash.all.min.js')));
    return;
  }
  res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
  res.end(req.url === '/dash' ? dashPage : hostPage);
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const host = `http://127.0.0.1:${server.address().port}/`;

const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'clips-chromium-'));
const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  userDataDir,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
    '--autoplay-policy=no-user-gesture-required', `--user-data-dir=${userDataDir}`],
});
const result = { mode, host, consoleErrors: [] };
try {
  const page = await browser.newPage();
  page.on('console', (m) => { if (m.type() === 'error') result.consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => result.consoleErrors.push(String(e)));
  await page.setViewport({ width: 900, height: 540 });
  if (mode === 'beacons') {
    const lines = (await import('node:readline')).createInterface({ input: process.stdin });
    let ended = false;
    lines.once('close', () => { ended = true; });
    // the next step when told; none once stdin is closed (the test gave up)
    const next = () => new Promise((resolve, reject) => {
      if (ended) { reject(new Error('stdin closed')); return; }
      lines.once('line', resolve);
      lines.once('close', () => reject(new Error('stdin closed')));
    });
    const watch = (tab) => {
      const answered = [];
      tab.on('response', (r) => { if (r.url().endsWith('/beacons')) answered.push(r.status()); });
      return answered;
    };
    const play = async (tab, answered, until) => {
      const frame = await (await tab.waitForSelector('#clip')).contentFrame();
      await frame.waitForFunction((wanted) => window.clipsPlayer && (window.clipsPlayer.error
          || window.clipsPlayer.beacons.includes(wanted)), { timeout: 120000 }, until);
      const seen = await frame.evaluate(() => ({ ...window.clipsPlayer }));
      // the beacons sent so far are answered (sendBeacon's requests are fire-and-forget for the page)
      const stop = deadline(30);
      while (answered.length < seen.beacons.length && Date.now() < stop) {
        await new Promise((r) => setTimeout(r, 100));
      }
      return { session: seen.session, error: seen.error, beacons: seen.beacons, statuses: [...answered] };
    };
    const first = page;
    const firstAnswers = watch(first);
    await first.goto(host, { waitUntil: 'load' });
    console.log(JSON.stringify({ step: 1, ...(await play(first, firstAnswers, 'progress:100')) }));
    await next();
    firstAnswers.length = 0;
    await first.reload({ waitUntil: 'load' });
    console.log(JSON.stringify({ step: 2, ...(await play(first, firstAnswers, 'play')) }));
    await next();
    const second = await browser.newPage();
    const secondAnswers = watch(second);
    await second.goto(host, { waitUntil: 'load' });
    await first.close();
    console.log(JSON.stringify({ step: 3, ...(await play(second, secondAnswers, 'progress:100')) }));
    await next();
    lines.close();
    await second.screenshot({ path: screenshot });
    result.screenshot = screenshot;
  } else if (mode === 'refused') {
    const answer = await page.goto(embedUrl, { waitUntil: 'load' });
    result.status = answer.status();
    result.contentType = answer.headers()['content-type'];
    result.body = await answer.text();
  } else if (mode === 'captions') {
    await page.goto(`${embedUrl}${embedUrl.includes('?') ? '&' : '?'}autoplay=1&muted=1`, { waitUntil: 'load' });
    await page.waitForFunction(() => window.clipsPlayer && window.clipsPlayer.subtitleTracks.length > 0
        || window.clipsPlayer && window.clipsPlayer.error, { timeout: 60000 });
    result.error = await page.evaluate(() => window.clipsPlayer.error);
    result.subtitleTracks = await page.evaluate(() => window.clipsPlayer.subtitleTracks);
    result.captionsHidden = await page.evaluate(() => document.getElementById('captions').hidden);
    result.captionOptions = await page.evaluate(() => [...document.getElementById('captions').options].map((o) => o.textContent));
    await page.select('#captions', '0');
    await page.waitForFunction(() => window.clipsPlayer.subtitleTrack === 0, { timeout: 30000 });
    result.subtitleTrack = await page.evaluate(() => window.clipsPlayer.subtitleTrack);
    await page.waitForFunction(() => [...document.getElementById('video').textTracks]
        .some((t) => t.mode === 'showing' && t.cues && t.cues.length > 0), { timeout: 60000 }).catch(() => {});
    result.cueTexts = await page.evaluate(() => [...document.getElementById('video').textTracks]
        .filter((t) => t.mode === 'showing' && t.cues)
        .flatMap((t) => [...t.cues].map((c) => c.text)));
  } else if (mode === 'audio') {
    result.audioRequests = [];
    page.on('request', (r) => { if (/\/a1\/(index\.m3u8|init\.mp4|seg_[0-9]+\.m4s)/.test(new URL(r.url()).pathname)) result.audioRequests.push(new URL(r.url()).pathname.split('/').pop()); });
    await page.goto(`${embedUrl}${embedUrl.includes('?') ? '&' : '?'}autoplay=1&muted=1`, { waitUntil: 'load' });
    await page.waitForFunction(() => window.clipsPlayer && (window.clipsPlayer.audioTracks.length > 1
        && window.clipsPlayer.audioTrack >= 0 || window.clipsPlayer.error), { timeout: 60000 });
    result.error = await page.evaluate(() => window.clipsPlayer.error);
    result.audioTracks = await page.evaluate(() => window.clipsPlayer.audioTracks);
    result.audioTrackBefore = await page.evaluate(() => window.clipsPlayer.audioTrack);
    result.audioHidden = await page.evaluate(() => document.getElementById('audio').hidden);
    result.audioOptions = await page.evaluate(() => [...document.getElementById('audio').options].map((o) => o.textContent));
    await page.waitForFunction(() => document.getElementById('video').currentTime > 0.5, { timeout: 60000 }).catch(() => {});
    await page.select('#audio', '1');
    await page.waitForFunction(() => window.clipsPlayer.audioTrack === 1 || window.clipsPlayer.error, { timeout: 60000 }).catch(() => {});
    result.audioTrack = await page.evaluate(() => window.clipsPlayer.audioTrack);
    const before = await page.evaluate(() => document.getElementById('video').currentTime);
    await page.waitForFunction((t) => document.getElementById('video').currentTime > t + 1
        || document.getElementById('video').ended, { timeout: 60000 }, before).catch(() => {});
    result.advancedAfterSwitch = (await page.evaluate(() => document.getElementById('video').currentTime)) - before;
    result.errorAfterSwitch = await page.evaluate(() => window.clipsPlayer.error);
    result.warning = await page.evaluate(() => window.clipsPlayer.warning || null);
  } else if (mode === 'dash-drm' || mode === 'hls-drm') {
    result.failed = [];
    result.licences = [];
    page.on('response', (r) => {
      const url = new URL(r.url());
      // the licence requests themselves, not their CORS preflights
      if (url.pathname.endsWith('/license/clearkey')) { if (r.request().method() === 'POST') result.licences.push(r.status()); }
      else if (r.status() >= 400) result.failed.push(url.pathname);
    });
    const playing = mode === 'dash-drm'
      ? () => document.getElementById('video').currentTime >= 3 || window.dashErrors.length > 0
      : () => window.clipsPlayer && (window.clipsPlayer.error || document.getElementById('video').currentTime >= 3);
    await page.goto(mode === 'dash-drm' ? `${host}dash`
      : `${embedUrl}${embedUrl.includes('?') ? '&' : '?'}autoplay=1&muted=1`, { waitUntil: 'load' });
    await page.waitForFunction(playing, { timeout: 60000 }).catch(() => {});
    // a refused licence shows as an error; give the player a moment to report it
    await new Promise((r) => setTimeout(r, 1000));
    result.played = await page.evaluate(() => document.getElementById('video').currentTime);
    if (mode === 'dash-drm') {
      result.errors = await page.evaluate(() => window.dashErrors);
      result.keySystem = await page.evaluate(() => {
        const ks = window.player.getProtectionController && window.player.getProtectionController()
          && window.player.getProtectionController().getKeySystem && window.player.getProtectionController().getKeySystem();
        return ks ? ks.systemString : null;
      }).catch(() => null);
    } else {
      result.error = await page.evaluate(() => window.clipsPlayer.error);
    }
    result.mediaKeys = await page.evaluate(() => document.getElementById('video').mediaKeys !== null);
  } else if (mode === 'dash') {
    result.failed = [];
    result.segments = [];
    page.on('response', (r) => {
      const url = new URL(r.url());
      if (r.status() >= 400) result.failed.push(url.pathname);
      if (url.pathname.includes('/playback/') && /\/(init\.mp4|seg_[0-9]+\.m4s)$/.test(url.pathname)) {
        result.segments.push(url.pathname.split('/').slice(-2).join('/') + ' ' + r.status());
      }
    });
    await page.goto(`${host}dash`, { waitUntil: 'load' });
    await page.waitForFunction(() => document.getElementById('video').currentTime >= 3 || window.dashErrors.length > 0,
        { timeout: 90000 }).catch(() => {});
    result.errors = await page.evaluate(() => window.dashErrors);
    result.played = await page.evaluate(() => document.getElementById('video').currentTime);
    result.videoHeights = await page.evaluate(() => window.player.getRepresentationsByType('video').map((r) => r.height));
    result.audioLanguages = await page.evaluate(() => window.player.getTracksFor('audio').map((t) => t.lang));
    result.textLanguages = await page.evaluate(() => window.player.getTracksFor('text').map((t) => t.lang));
    result.audioBefore = await page.evaluate(() => (window.player.getCurrentTrackFor('audio') || {}).lang || null);
    if (result.audioLanguages.length > 1) {
      await page.evaluate(() => window.player.setCurrentTrack(window.player.getTracksFor('audio')[1]));
      const before = result.played;
      await page.waitForFunction((t) => document.getElementById('video').currentTime > t + 1
          || document.getElementById('video').ended, { timeout: 60000 }, before).catch(() => {});
      result.audioAfter = await page.evaluate(() => window.player.getCurrentTrackFor('audio').lang);
      result.advancedAfterSwitch = (await page.evaluate(() => document.getElementById('video').currentTime)) - before;
      result.errorsAfterSwitch = await page.evaluate(() => window.dashErrors);
    }
  } else if (mode === 'chapters') {
    result.failed = [];
    page.on('response', (r) => { if (r.status() >= 400) result.failed.push(new URL(r.url()).pathname); });
    await page.goto(embedUrl, { waitUntil: 'load' });
    await page.waitForFunction(() => window.clipsPlayer && (window.clipsPlayer.chapters && window.clipsPlayer.storyboardCues
        || window.clipsPlayer.error), { timeout: 60000 });
    result.error = await page.evaluate(() => window.clipsPlayer.error);
    result.chapters = await page.evaluate(() => window.clipsPlayer.chapters);
    result.marks = await page.evaluate(() => [...document.querySelectorAll('#seek .chapter')].map((m) => m.style.left));
    // a viewer points at three quarters of the seek bar: the thumbnail names the chapter there
    const box = await (await page.$('#seek')).boundingBox();
    await page.mouse.move(box.x + box.width * 0.75, box.y + box.height / 2);
    await page.waitForFunction(() => !document.getElementById('thumb').hidden, { timeout: 30000 }).catch(() => {});
    result.hoverText = await page.evaluate(() => document.getElementById('thumb-time').textContent);
  } else {
    const started = Date.now();
    await page.goto(host, { waitUntil: 'load' });
    const frame = await (await page.waitForSelector('#clip')).contentFrame();
    await frame.waitForFunction(() => window.clipsPlayer && window.clipsPlayer.engine, { timeout: 60000 });
    const until = deadline(120);
    let seen;
    while (Date.now() < until) {
      seen = await frame.evaluate(() => ({ ...window.clipsPlayer, currentTime: document.getElementById('video').currentTime }));
      if (seen.error || seen.currentTime >= 3) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    result.engine = seen.engine;
    result.error = seen.error;
    result.played = seen.currentTime;
    result.firstFrameMs = seen.firstFrameMs;
    result.pageToFirstFrameMs = seen.firstFrameMs === undefined ? null : Date.now() - started;
    result.storyboardCues = seen.storyboardCues || 0;
    if (!seen.error && seen.currentTime >= 3) {
      await page.evaluate(() => window.ask(1, 'getResolutions'));
      await page.waitForFunction(() => window.replies.some((r) => r.id === 1), { timeout: 30000 });
      result.resolutions = (await page.evaluate(() => window.replies.find((r) => r.id === 1))).result;
      const lowest = result.resolutions.filter((r) => r.id >= 0).sort((a, b) => a.height - b.height)[0];
      await page.evaluate((id) => window.ask(2, 'setResolution', id), lowest.id);
      await frame.waitForFunction((id) => window.clipsPlayer.level === id, { timeout: 60000 }, lowest.id);
      const before = await frame.evaluate(() => document.getElementById('video').currentTime);
      await frame.waitForFunction((t) => document.getElementById('video').currentTime > t + 0.5
          || document.getElementById('video').ended, { timeout: 60000 }, before);
      const after = await frame.evaluate(() => ({ ...window.clipsPlayer }));
      result.switchedTo = after.level;
      result.switchedHeight = lowest.height;
      result.errorAfterSwitch = after.error;
      result.selectedQuality = await frame.evaluate(() => document.getElementById('quality').value);
      result.qualityOptions = await frame.evaluate(() => [...document.getElementById('quality').options].map((o) => o.textContent));
    }
  }
  if (mode !== 'beacons') {
    fs.mkdirSync(path.dirname(screenshot), { recursive: true });
    await page.screenshot({ path: screenshot });
    result.screenshot = screenshot;
  }
} finally {
  await browser.close();
  server.close();
  fs.rmSync(userDataDir, { recursive: true, force: true });
}
console.log(JSON.stringify(result));
