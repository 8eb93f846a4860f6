// The Clips player (watch and embed pages): hls.js where MediaSource exists, the browser's own
// HLS (Safari, iOS) where it does not, the progressive MP4 as the last resort. The page's data is
// the JSON block #clip-config; URL parameters: start (s), muted, autoplay, loop (1/true), and for an
// encrypted clip drmToken (a playback token of audience d: hls.js asks the ClearKey licence with it).
// postMessage API, PeerTube's method names: {method: 'play'|'pause'|'seek'|'getResolutions'|
// 'setResolution'|'getCurrentTime', params, id} answers {id, method, result}; the player also posts
// {event: 'ready'}, {event: 'playbackStatusUpdate', position, duration, playbackState} and
// {event: 'resolutionUpdate', resolutions}.
// Beacons (config.beaconUrl): a play once per page load, each quartile once, every rebuffer
// ('waiting' to 'playing') and rendition switch after the first play, in a viewer session kept per
// tab in sessionStorage; the server counts a view and each quartile once per session.
(function () {
  'use strict';

  var config = JSON.parse(document.getElementById('clip-config').textContent);
  var params = new URLSearchParams(window.location.search);
  var video = document.getElementById('video');
  var player = document.getElementById('player');
  var playButton = document.getElementById('play');
  var seek = document.getElementById('seek');
  var progress = document.getElementById('progress');
  var thumb = document.getElementById('thumb');
  var thumbTime = document.getElementById('thumb-time');
  var time = document.getElementById('time');
  var quality = document.getElementById('quality');
  var captions = document.getElementById('captions');
  var audio = document.getElementById('audio');
  var fullscreen = document.getElementById('fullscreen');
  var errorBox = document.getElementById('error');
  var hls = null;
  var cues = [];

  // what a test (or a curious embedder) can read: the engine, the last fatal error, the rung playing
  var status = { engine: null, error: null, level: -1, levels: [], subtitleTracks: [], subtitleTrack: -1,
    audioTracks: [], audioTrack: -1 };
  window.clipsPlayer = status;

  function flag(name) {
    var value = params.get(name);
    return value === '' || value === '1' || value === 'true';
  }

  function clock(seconds) {
    if (!isFinite(seconds)) { seconds = 0; }
    var s = Math.floor(seconds % 60);
    return Math.floor(seconds / 60) + ':' + (s < 10 ? '0' : '') + s;
  }

  function duration() {
    return isFinite(video.duration) && video.duration > 0 ? video.duration : config.durationSeconds;
  }

  function post(message) {
    if (window.parent !== window) { window.parent.postMessage(message, '*'); }
  }

  function fail(text) {
    status.error = text;
    errorBox.textContent = 'This clip cannot be played here (' + text + ').';
    errorBox.hidden = false;
  }

  // ---- beacons
  function newSession() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return (b < 16 ? '0' : '') + b.toString(16); }).join('');
  }

  var session;
  try {
    session = window.sessionStorage.getItem('clips.session');
    if (!/^[0-9a-f]{32}$/.test(session || '')) {
      session = newSession();
      window.sessionStorage.setItem('clips.session', session);
    }
  } catch (e) {
    session = newSession(); // storage refused (a third-party frame): one session per load
  }
  status.session = session;
  status.beacons = [];
  var played = false;
  var quartilesSent = {};
  var waitingSince = null;

  // text/plain (sendBeacon's type for a string): a CORS simple request, no preflight to lose on pagehide
  function beacon(fields) {
    if (!config.beaconUrl) { return; }
    fields.session = session;
    fields.position = Math.round((isFinite(video.currentTime) ? video.currentTime : 0) * 1000) / 1000;
    var body = JSON.stringify(fields);
    status.beacons.push(fields.kind + (fields.quartile ? ':' + fields.quartile : ''));
    if (navigator.sendBeacon && navigator.sendBeacon(config.beaconUrl, body)) { return; }
    fetch(config.beaconUrl, { method: 'POST', body: body, keepalive: true,
      headers: { 'Content-Type': 'text/plain' } }).catch(function () {});
  }

  function reportProgress() {
    var total = duration();
    if (!played || !(total > 0)) { return; }
    [25, 50, 75, 100].forEach(function (quartile) {
      var reached = quartile === 100 ? video.ended || video.currentTime >= total - 0.25
        : video.currentTime >= total * quartile / 100;
      if (reached && !quartilesSent[quartile]) {
        quartilesSent[quartile] = true;
        beacon({ kind: 'progress', quartile: quartile });
      }
    });
  }

  video.addEventListener('playing', function () {
    if (!played) {
      played = true;
      beacon({ kind: 'play' });
    } else if (waitingSince !== null) {
      var seconds = (performance.now() - waitingSince) / 1000;
      if (seconds > 0 && seconds <= 3600) { beacon({ kind: 'rebuffer', duration: Math.round(seconds * 1000) / 1000 }); }
    }
    waitingSince = null;
  });
  video.addEventListener('waiting', function () {
    // a stall while playing; the wait a seek causes is the viewer's doing, not a rebuffer
    if (played && !video.seeking && waitingSince === null) { waitingSince = performance.now(); }
  });
  video.addEventListener('seeking', function () { waitingSince = null; });
  video.addEventListener('timeupdate', reportProgress);
  video.addEventListener('ended', reportProgress);
  window.addEventListener('pagehide', reportProgress);

  // ---- engine
  video.muted = flag('muted');
  video.loop = flag('loop');
  var start = parseFloat(params.get('start') || '0');
  if (!(start > 0)) { start = 0; }

  if (window.Hls && window.Hls.isSupported()) {
    status.engine = 'hls.js';
    var hlsConfig = { startPosition: start > 0 ? start : -1 };
    if (config.licenceUrl) {
      // an encrypted clip: EME with ClearKey, the licence asked for with the page's DRM token
      hlsConfig.emeEnabled = true;
      hlsConfig.drmSystems = { 'org.w3.clearkey': {
        licenseUrl: config.licenceUrl + '?token=' + encodeURIComponent(params.get('drmToken') || '') } };
    }
    hls = new window.Hls(hlsConfig);
    hls.on(window.Hls.Events.ERROR, function (event, data) {
      if (data.fatal) { fail(data.type + ': ' + data.details); } else { status.warning = data.details; }
    });
    hls.on(window.Hls.Events.MANIFEST_PARSED, function () {
      status.levels = hls.levels.map(function (l) { return l.height; });
      buildQualityMenu();
      ready();
    });
    hls.on(window.Hls.Events.SUBTITLE_TRACKS_UPDATED, buildCaptionsMenu);
    hls.on(window.Hls.Events.SUBTITLE_TRACK_SWITCH, function (event, data) {
      status.subtitleTrack = data.id;
      captions.value = String(data.id);
    });
    hls.on(window.Hls.Events.AUDIO_TRACKS_UPDATED, buildAudioMenu);
    hls.on(window.Hls.Events.AUDIO_TRACK_SWITCHED, function (event, data) {
      status.audioTrack = data.id;
      audio.value = String(data.id);
    });
    hls.on(window.Hls.Events.LEVEL_SWITCHED, function (event, data) {
      status.level = data.level;
      var level = hls.levels[data.level];
      if (played && level && level.height) { beacon({ kind: 'switch', rendition: level.height + 'p' }); }
      post({ event: 'resolutionUpdate', resolutions: resolutions() });
    });
    hls.loadSource(config.playbackUrl);
    hls.attachMedia(video);
  } else if (video.canPlayType('application/vnd.apple.mpegurl')) {
    status.engine = 'native-hls';
    video.src = config.playbackUrl + (start > 0 ? '#t=' + start : '');
    buildQualityMenu();
    video.addEventListener('loadedmetadata', ready, { once: true });
  } else {
    status.engine = 'mp4';
    video.src = config.mp4Url + (start > 0 ? '#t=' + start : '');
    buildQualityMenu();
    video.addEventListener('loadedmetadata', ready, { once: true });
  }
  video.addEventListener('playing', function () {
    if (status.firstFrameMs === undefined) { status.firstFrameMs = Math.round(performance.now()); }
  });
  video.addEventListener('error', function () {
    if (video.error) { fail('media error ' + video.error.code); }
  });

  function ready() {
    if (flag('autoplay')) {
      video.play().catch(function () {
        // browsers refuse unmuted autoplay: start muted rather than not at all
        video.muted = true;
        video.play().catch(function () {});
      });
    }
    post({ event: 'ready' });
  }

  // ---- quality menu: Auto and every rung of the ladder
  // one <option> of a menu: its value and the text it shows
  function addOption(menu, value, text) {
    var option = document.createElement('option');
    option.value = String(value);
    option.textContent = text;
    menu.appendChild(option);
    return option;
  }

  function buildQualityMenu() {
    quality.textContent = '';
    addOption(quality, -1, 'Auto');
    if (!hls) { quality.disabled = true; return; }
    hls.levels.forEach(function (level, index) {
      addOption(quality, index, level.height + 'p');
    });
  }

  function resolutions() {
    if (!hls) { return [{ id: -1, label: 'Auto', active: true }]; }
    var list = [{ id: -1, label: 'Auto', active: hls.autoLevelEnabled }];
    hls.levels.forEach(function (level, index) {
      list.push({ id: index, label: level.height + 'p', height: level.height,
        active: !hls.autoLevelEnabled && hls.currentLevel === index });
    });
    return list;
  }

  function setResolution(id) {
    if (!hls) { return; }
    hls.currentLevel = Number(id); // -1: automatic again
    quality.value = String(id);
  }

  quality.addEventListener('change', function () { setResolution(quality.value); });

  // ---- captions menu: Off and every subtitle rendition of the master playlist (hidden without any)
  function buildCaptionsMenu() {
    captions.textContent = '';
    addOption(captions, -1, 'Off');
    var tracks = hls ? hls.subtitleTracks : [];
    status.subtitleTracks = tracks.map(function (t) { return t.name; });
    tracks.forEach(function (track, index) {
      var option = addOption(captions, index, track.name);
      if (track.lang) { option.lang = track.lang; }
    });
    captions.value = String(hls ? hls.subtitleTrack : -1);
    captions.hidden = tracks.length === 0;
  }

  function setCaptions(id) {
    if (!hls) { return; }
    hls.subtitleDisplay = true;
    hls.subtitleTrack = Number(id); // -1: off
    status.subtitleTrack = Number(id);
    captions.value = String(id);
  }

  captions.addEventListener('change', function () { setCaptions(captions.value); });

  // ---- audio menu: every track of the master playlist's audio group (hidden with fewer than two)
  function buildAudioMenu() {
    audio.textContent = '';
    var tracks = hls ? hls.audioTracks : [];
    status.audioTracks = tracks.map(function (t) { return t.name; });
    tracks.forEach(function (track, index) {
      var option = addOption(audio, index, track.name);
      if (track.lang) { option.lang = track.lang; }
    });
    status.audioTrack = hls ? hls.audioTrack : -1;
    audio.value = String(status.audioTrack);
    audio.hidden = tracks.length < 2;
  }

  audio.addEventListener('change', function () {
    if (hls) { hls.audioTrack = Number(audio.value); }
  });

  // ---- controls
  function togglePlay() {
    if (video.paused) { video.play().catch(function () {}); } else { video.pause(); }
  }
  playButton.addEventListener('click', togglePlay);
  video.addEventListener('click', togglePlay);
  video.addEventListener('play', function () { playButton.textContent = '❚❚'; playButton.setAttribute('aria-label', 'Pause'); });
  video.addEventListener('pause', function () { playButton.textContent = '▶'; playButton.setAttribute('aria-label', 'Play'); });
  video.addEventListener('timeupdate', function () {
    var total = duration();
    progress.style.width = total > 0 ? (100 * video.currentTime / total) + '%' : '0';
    time.textContent = clock(video.currentTime) + ' / ' + clock(total);
    post({ event: 'playbackStatusUpdate', position: video.currentTime, duration: total,
      playbackState: video.paused ? 'paused' : (video.ended ? 'ended' : 'playing') });
  });

  function ratioAt(event) {
    var box = seek.getBoundingClientRect();
    return Math.min(1, Math.max(0, (event.clientX - box.left) / box.width));
  }
  seek.addEventListener('click', function (event) { video.currentTime = ratioAt(event) * duration(); });

  fullscreen.addEventListener('click', function () {
    if (document.fullscreenElement) { document.exitFullscreen(); } else if (player.requestFullscreen) { player.requestFullscreen(); }
  });

  // ---- storyboard thumbnails over the seek bar
  function parseTimestamp(text) {
    var parts = text.trim().split(':').map(parseFloat);
    return parts.reduce(function (sum, part) { return sum * 60 + part; }, 0);
  }

  // a WebVTT track's cues, each {start, end, text} with its first text line, to then(cues)
  function fetchCues(url, then) {
    fetch(url).then(function (response) {
      return response.ok ? response.text() : '';
    }).then(function (text) {
      var lines = text.split(/\r?\n/);
      var found = [];
      for (var i = 0; i < lines.length; i++) {
        var times = lines[i].split('-->');
        if (times.length === 2 && lines[i + 1]) {
          found.push({ start: parseTimestamp(times[0]), end: parseTimestamp(times[1]), text: lines[i + 1] });
        }
      }
      then(found);
    }).catch(function () {});
  }

  if (config.storyboardVttUrl) {
    fetchCues(config.storyboardVttUrl, function (found) {
      found.forEach(function (cue) {
        var target = new URL(cue.text.trim(), config.storyboardVttUrl);
        var xywh = /#xywh=(\d+),(\d+),(\d+),(\d+)/.exec(target.hash);
        if (xywh) {
          target.hash = '';
          cues.push({ start: cue.start, end: cue.end, url: target.href,
            x: +xywh[1], y: +xywh[2], w: +xywh[3], h: +xywh[4] });
        }
      });
      status.storyboardCues = cues.length;
    });
  }

  // ---- chapters: a mark on the seek bar where each one after the first starts; the title over the thumbnail
  var chapters = [];
  function cueText(line) {
    return line.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  }
  function chapterAt(at) {
    return chapters.find(function (c) { return at >= c.start && at < c.end; });
  }
  if (config.chaptersVttUrl) {
    fetchCues(config.chaptersVttUrl, function (found) {
      found.forEach(function (cue) { chapters.push({ start: cue.start, end: cue.end, title: cueText(cue.text) }); });
      var total = config.durationSeconds || duration();
      chapters.forEach(function (chapter) {
        if (chapter.start <= 0 || !(total > 0)) { return; }
        var mark = document.createElement('div');
        mark.className = 'chapter';
        mark.style.left = (100 * chapter.start / total) + '%';
        seek.appendChild(mark);
      });
      status.chapters = chapters.map(function (c) { return c.title; });
      status.chapterMarks = seek.querySelectorAll('.chapter').length;
    });
  }

  seek.addEventListener('mousemove', function (event) {
    var at = ratioAt(event) * duration();
    var cue = cues.find(function (c) { return at >= c.start && at < c.end; }) || cues[cues.length - 1];
    if (!cue) { return; }
    thumb.hidden = false;
    thumb.style.width = cue.w + 'px';
    thumb.style.height = cue.h + 'px';
    thumb.style.backgroundImage = 'url("' + cue.url + '")';
    thumb.style.backgroundPosition = (-cue.x) + 'px ' + (-cue.y) + 'px';
    thumb.style.left = (ratioAt(event) * 100) + '%';
    var chapter = chapterAt(at);
    thumbTime.textContent = chapter ? chapter.title + ' \u00b7 ' + clock(at) : clock(at);
    status.hoverText = thumbTime.textContent;
  });
  seek.addEventListener('mouseleave', function () { thumb.hidden = true; });

  // ---- postMessage API
  window.addEventListener('message', function (event) {
    var data = event.data;
    if (!data || typeof data.method !== 'string') { return; }
    var result = null;
    switch (data.method) {
      case 'play': video.play().catch(function () {}); break;
      case 'pause': video.pause(); break;
      case 'seek': video.currentTime = Number(data.params); break;
      case 'getCurrentTime': result = video.currentTime; break;
      case 'getResolutions': result = resolutions(); break;
      case 'setResolution': setResolution(data.params); result = resolutions(); break;
      default: return;
    }
    if (event.source) {
      event.source.postMessage({ id: data.id, method: data.method, result: result },
        event.origin === 'null' ? '*' : event.origin);
    }
  });
})();
