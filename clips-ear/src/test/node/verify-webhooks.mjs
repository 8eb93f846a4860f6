// Verifies webhooks the server sent with the Standard Webhooks reference library (standardwebhooks)
// for WebhooksIT, exactly as an integrator's receiver would.
//   node verify-webhooks.mjs <file>
// <file>: {"secrets": ["whsec_…", …], "messages": [{"id", "timestamp", "signature", "body"}, …]}
// Each message must verify with every secret given, and the same message with its body changed by
// one character must be refused. Prints one JSON line: verified, tamperedRefused, failures, types.
import fs from 'node:fs';
import { Webhook } from 'standardwebhooks';

const { secrets, messages } = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
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
console.log(JSON.stringify({ verified, tamperedRefused, failures, types }));
