// The baseline: a bare Fastify route with no authentication, validation or database, on the same runtime.
// It answers the same object as the endpoint it is compared with (BARE_BODY), so only the work differs.
// GET /bare-proof answers a precomputed inclusion proof (BARE_PROOF_BODY) whatever the query string: compared
// with the ledger's proof route, the difference is the proof's database lookup and hashing.
import Fastify from 'fastify';

const app = Fastify({ logger: false });
const body: unknown = JSON.parse(process.env.BARE_BODY ?? '{"ok":true}');
const proof: unknown = JSON.parse(process.env.BARE_PROOF_BODY ?? '{"ok":true}');
app.get('/bare', async () => body);
app.get('/bare-proof', async () => proof);
const address = await app.listen({ host: '127.0.0.1', port: 0 });
process.stdout.write(`listening on ${address}\n`);
