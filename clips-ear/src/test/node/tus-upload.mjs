// Drives the official tus JavaScript client (tus-js-client) against the real server for TusIT.
//   node tus-upload.mjs <endpoint> <token> <file> <mode>
// mode "drop":   the upload goes through a TCP proxy (trusted by the server, like a load balancer)
//                whose connection dies once 40 % of the file
//                has passed; the client retries on its own, asks the server for its offset (HEAD)
//                and resumes from there.
// mode "resume": the upload goes in 4 MiB requests and is aborted after the first, then a new
//                Upload with the first one's URL resumes it, as an app does after a restart.
// Prints one JSON line: the upload URL, every HEAD offset, every PATCH answer, the asset id.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { Upload, enableDebugLog } from 'tus-js-client';

if (process.env.TUS_DEBUG) {
  enableDebugLog();
}

const [endpoint, token, file, mode] = process.argv.slice(2);
const data = fs.readFileSync(file);
const heads = [];
const patches = [];
let drops = 0;

function options(extra) {
  return {
    endpoint,
    headers: { Authorization: `Bearer ${token}` },
    metadata: { filename: path.basename(file), filetype: 'video/mp4', title: `tus ${mode}`, visibility: 'private' },
    retryDelays: [0, 300, 1000, 2000, 4000],
    onShouldRetry(err, attempt) {
      // tus-js-client's own rule (retry unless a 4xx other than 409/423), logged for the IT's output
      const status = err.originalResponse ? err.originalResponse.getStatus() : 0;
      const retry = !(status >= 400 && status < 500 && status !== 409 && status !== 423);
      console.error(`${new Date().toISOString()} ${retry ? 'retry' : 'give up'} after attempt ${attempt}: ${err.message}`);
      return retry;
    },
    onAfterResponse(req, res) {
      console.error(`${new Date().toISOString()} ${req.getMethod()} -> ${res.getStatus()} offset ${res.getHeader('Upload-Offset')}`);
      if (req.getMethod() === 'HEAD') {
        heads.push(Number(res.getHeader('Upload-Offset')));
      } else if (req.getMethod() === 'PATCH') {
        patches.push({ status: res.getStatus(), offset: Number(res.getHeader('Upload-Offset')),
          asset: res.getHeader('Clips-Asset-Id') || null });
      }
    },
    ...extra,
  };
}

function run(upload) {
  return new Promise((resolve, reject) => {
    upload.options.onSuccess = () => resolve(upload);
    upload.options.onError = reject;
    upload.start();
  });
}

/**
 * A proxy whose first connection dies like a mobile link: after `after` request bytes nothing
 * more gets through, and 1.5 s later the connection is reset.
 */
function flakyProxy(target, after) {
  return new Promise((resolve) => {
    const server = net.createServer((client) => {
      // from 127.0.0.2, the suite's one trusted proxy (CLIPS_HTTP_TRUSTED_PROXIES): the server then
      // names the proxy's address (the Host it was sent) in the upload URL, as it does for a load
      // balancer in front of it; from anyone else it would name clips.public-base-url and the
      // client would go round the proxy
      const upstream = net.connect({ port: Number(target.port), host: target.hostname, localAddress: '127.0.0.2' });
      let forwarded = 0;
      let dead = false;
      client.on('data', (chunk) => {
        if (dead) {
          return;
        }
        if (drops === 0 && forwarded + chunk.length > after) {
          drops++;
          dead = true;
          upstream.write(chunk.subarray(0, Math.max(0, after - forwarded)));
          setTimeout(() => { client.destroy(); upstream.destroy(); }, 1500);
          return;
        }
        forwarded += chunk.length;
        if (!upstream.write(chunk)) {
          client.pause();
          upstream.once('drain', () => client.resume());
        }
      });
      upstream.pipe(client);
      for (const [a, b] of [[client, upstream], [upstream, client]]) {
        a.on('error', () => b.destroy());
        a.on('close', () => b.destroy());
      }
    });
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

async function main() {
  let upload;
  if (mode === 'drop') {
    const target = new URL(endpoint);
    const proxy = await flakyProxy(target, Math.floor(data.length * 0.4));
    const viaProxy = new URL(endpoint);
    viaProxy.port = String(proxy.address().port);
    upload = await run(new Upload(data, options({ endpoint: viaProxy.toString() })));
    proxy.close();
  } else if (mode === 'resume') {
    // 4 MiB requests; the app "restarts" once the first one is acknowledged
    let stopped = false;
    const first = new Upload(data, options({
      chunkSize: 4 * 1024 * 1024,
      onChunkComplete() {
        if (!stopped) {
          stopped = true;
          first.abort(false);
        }
      },
    }));
    first.start();
    while (!stopped) {
      await new Promise((r) => setTimeout(r, 20));
    }
    upload = await run(new Upload(data, options({ uploadUrl: first.url, chunkSize: 4 * 1024 * 1024 })));
    upload.firstUrl = first.url;
  } else {
    throw new Error(`unknown mode ${mode}`);
  }
  const asset = patches.map((p) => p.asset).find((a) => a) || null;
  console.log(JSON.stringify({ url: upload.url, firstUrl: upload.firstUrl || upload.url, heads, patches, drops, asset }));
  // kept-alive connections (to the proxy and through it) would hold the process until the server times them out
  process.exit(0);
}

main().catch((e) => {
  console.log(JSON.stringify({ error: String(e && e.message ? e.message : e) }));
  process.exit(1);
});
