// Verifies webhooks the server sent with the Standard Webhooks reference library (standardwebhooks)
// for WebhooksIT, exactly as an integrator's receiver would.
//   node verify-webhooks.mjs <file>
// <file>: {"secrets": ["whsec_…", …], "publicKey": "whpk_…" (optional),
//          "messages": [{"id", "timestamp", "signature", "body"}, …]}
// Each message must verify with every secret given, and the same message with its body changed by
// one character must be refused. With a public key, the v1a (Ed25519) signature of each message is
// checked too, with Node's crypto (the reference library verifies v1 only). Prints one JSON line:
// verified, tamperedRefused, v1aVerified, failures, types.
import crypto from 'node:crypto';
import fs from 'node:fs';
import { Webhook } from 'standardwebhooks';

const { secrets, publicKey, messages } = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
let v1aVerified = 0;
let verified = 0;
let tamperedRefused = 0;
const failures = [];
const types = [];
for (const secret of secrets) {
  const webhook = new Webhook(secret);
  for (const m of messages) {
    const headers = { 'webhook-id': m.id, 'webhook-timestamp': m.timestamp, 'webhook-signature': m.signature };
    try {
      const payload = webhook.verify(m.body, headers);
      verified++;
      types.push(payload.type);
    } catch (e) {
      failures.push(`${m.id}: ${e.message}`);
    }
    try {
      webhook.verify(m.body.replace(/}$/, ' }'), headers);
      failures.push(`${m.id}: a tampered body verified`);
    } catch (e) {
      tamperedRefused++;
    }
  }
}
if (publicKey) {
  // SubjectPublicKeyInfo of an Ed25519 key: a fixed 12-byte prefix, then the 32 raw bytes
  const spki = Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), Buffer.from(publicKey.slice(5), 'base64')]);
  const key = crypto.createPublicKey({ key: spki, format: 'der', type: 'spki' });
  for (const m of messages) {
    const signed = Buffer.from(`${m.id}.${m.timestamp}.${m.body}`);
    const v1a = m.signature.split(' ').filter((s) => s.startsWith('v1a,'));
    if (v1a.some((s) => crypto.verify(null, signed, key, Buffer.from(s.slice(4), 'base64')))) {
      v1aVerified++;
    } else {
      failures.push(`${m.id}: no valid v1a signature`);
    }
  }
}
console.log(JSON.stringify({ verified, tamperedRefused, v1aVerified, failures, types }));
