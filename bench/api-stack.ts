// What the shared middy stack costs per request: the full indexer-api handler (PSK token
// verification, routing, negotiation, JSON, error body, logging) against a bare function that
// returns the same response, in the same process.
import { SignJWT } from 'jose';
import pg from 'pg';
import { parseConfig } from '../lib/config/load.ts';
import { ECOSYSTEMS } from '../lib/ecosystems/index.ts';
import { createIndexerApi } from '../lib/indexer/api.ts';
import { scannerSet } from '../lib/indexer/scanner-set.ts';
import { lambdaContext } from '../lib/local/lambda-context.ts';
import { createLogger } from '../lib/log.ts';

const ROUNDS = 20_000;

async function perSecond(run: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 1000; i++) await run();
  const started = performance.now();
  for (let i = 0; i < ROUNDS; i++) await run();
  return ROUNDS / ((performance.now() - started) / 1000);
}

export async function benchApiStack(): Promise<void> {
  const key = Buffer.from('bench pre-shared key');
  const { config } = parseConfig(
    `auth:\n  psk:\n    key: ${key.toString('base64')}\n    iss: [bench]\n`,
    'bench.yaml',
    {},
  );
  const log = createLogger({ level: 'info', write: () => undefined });
  // GET index_state touches neither the database nor the queue: neither is ever reached.
  const unused = { db: new pg.Pool(), scanners: scannerSet(ECOSYSTEMS), enqueueIndex: async () => undefined };
  const handler = createIndexerApi({ config, log, ...unused });
  const open = createIndexerApi({ config: parseConfig('', 'open.yaml', {}).config, log, ...unused });
  const token = await new SignJWT({})
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer('bench')
    .setExpirationTime('1h')
    .sign(key);
  const event = {
    version: '2.0',
    routeKey: '$default',
    rawPath: '/indexer/api/v1/index_state',
    rawQueryString: '',
    headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
    requestContext: { http: { method: 'GET', path: '/indexer/api/v1/index_state' } },
    isBase64Encoded: false,
  } as unknown as Parameters<typeof handler>[0];
  const context = lambdaContext('bench', 30_000);
  const bare = async () => ({
    statusCode: 501,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      code: 'not-implemented',
      message: 'GET /indexer/api/v1/index_state: not implemented yet',
    }),
  });
  const baseline = await perSecond(bare);
  const stack = await perSecond(() => handler(event, context));
  const noAuth = await perSecond(() => open(event, context));
  const us = (perSecond: number) => (1e6 / perSecond).toFixed(1);
  process.stdout.write(
    [
      'api stack (GET index_state with a PSK token, through the whole indexer-api handler)',
      `  bare function      ${baseline.toFixed(0)} req/s`,
      `  stack, no auth     ${noAuth.toFixed(0)} req/s  (${us(noAuth)} µs per request)`,
      `  stack, PSK token   ${stack.toFixed(0)} req/s  (${us(stack)} µs per request)`,
      `  ratio              ${(baseline / stack).toFixed(1)}x the bare function's cost`,
      '',
    ].join('\n'),
  );
}
