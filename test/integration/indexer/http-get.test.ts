import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, IncomingMessage, type ServerResponse } from 'node:http';
import { connect, type Socket } from 'node:net';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { after, describe, it } from 'node:test';
import { Worker } from 'node:worker_threads';
import { InvalidInputError } from '../../../lib/errors.ts';
import { ForbiddenAddressError, LayerFetchError } from '../../../lib/indexer/errors.ts';
import { type HttpGetOptions, httpGet } from '../../../lib/indexer/fetch/http-get.ts';
import { freePort } from '../../helpers/free-port.ts';
import { captureLog } from '../../helpers/log.ts';

type Handler = (req: IncomingMessage, res: ServerResponse, count: number) => void;

type TestServer = {
  /** `http://host:port`, no trailing slash. */
  readonly origin: string;
  readonly port: number;
  readonly requests: { url: string; headers: IncomingHttpHeaders }[];
  /** TCP connections accepted. */
  connections: number;
};

const servers: ReturnType<typeof createServer>[] = [];
after(async () => {
  for (const server of servers) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

/** A loopback HTTP server whose handler gets each request with its 1-based number. */
async function serve(handler: Handler, host = '127.0.0.1'): Promise<TestServer> {
  const requests: TestServer['requests'] = [];
  const state = { connections: 0 };
  const server = createServer((req, res) => {
    requests.push({ url: req.url ?? '', headers: req.headers });
    handler(req, res, requests.length);
  });
  server.on('connection', () => state.connections++);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('no address');
  return {
    origin: `http://${host}:${address.port}`,
    port: address.port,
    requests,
    get connections() {
      return state.connections;
    },
  };
}

function optionsWith(overrides: Partial<HttpGetOptions> = {}): HttpGetOptions {
  return {
    policy: 'any',
    connectTimeoutMs: 10_000,
    idleTimeoutMs: 10_000,
    retries: 0,
    signal: new AbortController().signal,
    log: captureLog().log,
    backoffMs: 5,
    ...overrides,
  };
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  let value: unknown;
  try {
    value = await promise;
  } catch (err) {
    assert.ok(err instanceof Error, `rejects with an Error, not ${String(err)}`);
    return err;
  }
  if (value instanceof Readable) value.destroy();
  const what = value instanceof IncomingMessage ? `a ${value.statusCode} response` : String(value);
  assert.fail(`want a rejection, got ${what}`);
}

const ok: Handler = (_req, res) => {
  res.writeHead(200, { 'content-type': 'application/octet-stream' });
  res.end('layer bytes');
};

const redirectTo =
  (location: string): Handler =>
  (_req, res) => {
    res.writeHead(307, { location });
    res.end();
  };

const CREDENTIALS = {
  authorization: ['Bearer registry-token'],
  cookie: ['session=abc'],
  'x-layer': ['kept'],
};

describe('httpGet', () => {
  describe('success', () => {
    it('answers the 200 response with its body to stream', async () => {
      const server = await serve(ok);

      const response = await httpGet(`${server.origin}/v2/blobs/sha256:1`, {}, optionsWith());

      assert.equal(response.statusCode, 200);
      assert.equal((await buffer(response)).toString(), 'layer bytes');
    });

    it('sends the layer’s headers with its own user agent and no content encoding', async () => {
      const server = await serve(ok);

      const response = await httpGet(
        `${server.origin}/`,
        { accept: ['a/b', 'c/d'], ...CREDENTIALS },
        optionsWith(),
      );
      response.resume();

      const headers = server.requests[0]?.headers;
      assert.equal(headers?.['user-agent'], 'clairless');
      assert.equal(headers?.['accept-encoding'], 'identity');
      assert.equal(headers?.accept, 'a/b, c/d');
      assert.equal(headers?.authorization, 'Bearer registry-token');
    });
  });

  describe('redirects', () => {
    it('keeps Authorization and Cookie on a redirect to the same host', async () => {
      const server = await serve((req, res) =>
        req.url === '/start' ? redirectTo('/blob')(req, res, 0) : ok(req, res, 0),
      );

      const response = await httpGet(`${server.origin}/start`, CREDENTIALS, optionsWith());
      response.resume();

      assert.deepEqual(
        server.requests.map((r) => [r.url, r.headers.authorization, r.headers.cookie, r.headers['x-layer']]),
        [
          ['/start', 'Bearer registry-token', 'session=abc', 'kept'],
          ['/blob', 'Bearer registry-token', 'session=abc', 'kept'],
        ],
      );
    });

    const otherHosts: { name: string; host: string }[] = [
      { name: 'another address', host: '127.0.0.2' },
      { name: 'another port of the same address', host: '127.0.0.1' },
    ];
    for (const { name, host } of otherHosts) {
      it(`drops Authorization and Cookie on a redirect to ${name}`, async () => {
        const storage = await serve(ok, host);
        const registry = await serve(redirectTo(`${storage.origin}/signed-blob?sig=1`));
        const headers = {
          Authorization: ['Bearer registry-token'],
          Cookie: ['session=abc'],
          'x-layer': ['kept'],
        };

        const response = await httpGet(`${registry.origin}/v2/blobs/sha256:1`, headers, optionsWith());
        response.resume();

        assert.equal(registry.requests[0]?.headers.authorization, 'Bearer registry-token');
        const seen = storage.requests[0]?.headers;
        assert.deepEqual(
          [seen?.authorization, seen?.cookie, seen?.['x-layer']],
          [undefined, undefined, 'kept'],
        );
      });
    }

    it('follows five redirects', async () => {
      const server = await serve((req, res) => {
        const left = Number(req.url?.slice('/r/'.length));
        if (left === 0) ok(req, res, 0);
        else redirectTo(`/r/${left - 1}`)(req, res, 0);
      });

      const response = await httpGet(`${server.origin}/r/5`, {}, optionsWith());

      assert.equal((await buffer(response)).toString(), 'layer bytes');
      assert.equal(server.requests.length, 6);
    });

    it('fails on a sixth redirect, permanently', async () => {
      const server = await serve((req, res) => redirectTo(`${req.url}x`)(req, res, 0));

      const err = await rejection(httpGet(`${server.origin}/r`, {}, optionsWith({ retries: 3 })));

      assert.ok(err instanceof InvalidInputError);
      assert.equal(err.message, `GET ${server.origin}/r: more than 5 redirects`);
      assert.equal(server.requests.length, 6);
    });

    it('fails on a redirect to a scheme other than http and https', async () => {
      const server = await serve(redirectTo('file:///etc/passwd'));

      const err = await rejection(httpGet(`${server.origin}/`, {}, optionsWith()));

      assert.ok(err instanceof InvalidInputError);
      assert.equal(err.message, `GET ${server.origin}/ redirected to a file: URL`);
    });
  });

  describe('retries', () => {
    it('retries a 503 and answers the 200 that follows', async () => {
      const server = await serve((req, res, count) => {
        if (count === 1) {
          res.writeHead(503);
          res.end('busy');
        } else ok(req, res, count);
      });
      const { log, entries } = captureLog();

      const response = await httpGet(`${server.origin}/blob`, {}, optionsWith({ retries: 3, log }));

      assert.equal((await buffer(response)).toString(), 'layer bytes');
      assert.equal(server.requests.length, 2);
      assert.deepEqual(
        entries.map(({ level, msg, attempt, status, url }) => ({ level, msg, attempt, status, url })),
        [{ level: 'warn', msg: 'layer fetch retry', attempt: 1, status: 503, url: `${server.origin}/blob` }],
      );
    });

    it('retries a 429 that names a Retry-After', async () => {
      const server = await serve((req, res, count) => {
        if (count === 1) {
          res.writeHead(429, { 'retry-after': '0' });
          res.end('slow down');
        } else ok(req, res, count);
      });

      const response = await httpGet(`${server.origin}/blob`, {}, optionsWith({ retries: 1 }));

      assert.equal(response.statusCode, 200);
      response.resume();
    });

    it('retries a connection the server breaks', async () => {
      const server = await serve((req, res, count) => {
        if (count === 1) req.socket.destroy();
        else ok(req, res, count);
      });

      const response = await httpGet(`${server.origin}/blob`, {}, optionsWith({ retries: 1 }));

      assert.equal((await buffer(response)).toString(), 'layer bytes');
    });

    it('fails with LayerFetchError once the retries are spent', async () => {
      const server = await serve((_req, res) => {
        res.writeHead(503);
        res.end('busy');
      });

      const err = await rejection(httpGet(`${server.origin}/blob`, {}, optionsWith({ retries: 2 })));

      assert.ok(err instanceof LayerFetchError);
      assert.equal(err.message, `GET ${server.origin}/blob answered 503 (body starts: "busy") after 3 tries`);
      assert.equal(server.requests.length, 3);
    });

    it('fails with LayerFetchError when nothing listens', async () => {
      const port = await freePort();
      const { log, entries } = captureLog();

      const err = await rejection(
        httpGet(`http://127.0.0.1:${port}/blob`, {}, optionsWith({ retries: 1, log })),
      );

      assert.ok(err instanceof LayerFetchError);
      assert.match(err.message, new RegExp(`^GET http://127\\.0\\.0\\.1:${port}/blob: .*ECONNREFUSED`));
      assert.deepEqual(
        entries.map((e) => e.msg),
        ['layer fetch retry'],
      );
    });
  });

  describe('client errors', () => {
    for (const status of [401, 403, 404]) {
      it(`fails on ${status} permanently, quoting the start of the body`, async () => {
        const body = JSON.stringify({
          errors: [{ code: 'BLOB_UNKNOWN', message: 'blob unknown to registry' }],
        });
        const server = await serve((_req, res) => {
          res.writeHead(status, { 'content-type': 'application/json' });
          res.end(body);
        });

        const err = await rejection(
          httpGet(`${server.origin}/v2/blobs/sha256:1`, {}, optionsWith({ retries: 3 })),
        );

        assert.ok(err instanceof InvalidInputError);
        assert.ok(!(err instanceof LayerFetchError));
        assert.equal(
          err.message,
          `GET ${server.origin}/v2/blobs/sha256:1 answered ${status} (body starts: ${JSON.stringify(body)})`,
        );
        assert.equal(server.requests.length, 1);
      });
    }

    it('quotes only the first 256 characters of a long body, and no query string', async () => {
      const server = await serve((_req, res) => {
        res.writeHead(404);
        res.end('e'.repeat(300_000));
      });

      const err = await rejection(httpGet(`${server.origin}/blob?X-Amz-Signature=secret`, {}, optionsWith()));

      assert.equal(err.message, `GET ${server.origin}/blob answered 404 (body starts: "${'e'.repeat(256)}")`);
    });
  });

  describe('timeouts', () => {
    it('fails with LayerFetchError when no response comes within the idle timeout', async () => {
      const server = await serve(() => {});

      const err = await rejection(httpGet(`${server.origin}/blob`, {}, optionsWith({ idleTimeoutMs: 100 })));

      assert.ok(err instanceof LayerFetchError);
      assert.equal(err.message, `GET ${server.origin}/blob: nothing received for 100 ms`);
    });

    it('fails the body stream with LayerFetchError when the body stalls past the idle timeout', async () => {
      const server = await serve((_req, res) => {
        res.writeHead(200, { 'content-length': '1000' });
        res.write('first bytes');
      });
      const response = await httpGet(`${server.origin}/blob`, {}, optionsWith({ idleTimeoutMs: 100 }));

      const err = await rejection(buffer(response));

      assert.ok(err instanceof LayerFetchError, `want LayerFetchError, got ${err.name}: ${err.message}`);
      assert.equal(err.message, `GET ${server.origin}/blob: nothing received for 100 ms`);
    });

    it('fails with LayerFetchError when the connection does not open within the connect timeout', async () => {
      const listener = await unacceptingListener();
      try {
        const err = await rejection(
          httpGet(`http://127.0.0.1:${listener.port}/blob`, {}, optionsWith({ connectTimeoutMs: 200 })),
        );

        assert.ok(err instanceof LayerFetchError);
        assert.equal(err.message, `GET http://127.0.0.1:${listener.port}/blob: no connection within 200 ms`);
      } finally {
        await listener.close();
      }
    });

    it('stops with the abort reason when its signal aborts, without retrying', async () => {
      const server = await serve(() => {});
      const controller = new AbortController();
      const reason = new Error('index job cancelled');

      const pending = httpGet(
        `${server.origin}/blob`,
        {},
        optionsWith({ retries: 3, signal: controller.signal }),
      );
      while (server.requests.length === 0) await new Promise((resolve) => setImmediate(resolve));
      controller.abort(reason);
      const err = await rejection(pending);

      assert.equal(err, reason);
      assert.equal(server.requests.length, 1);
    });
  });

  describe('network policy', () => {
    it('refuses 127.0.0.1 under policy public without connecting, saying why', async () => {
      const server = await serve(ok);

      const err = await rejection(
        httpGet(`${server.origin}/blob`, {}, optionsWith({ policy: 'public', retries: 3 })),
      );

      assert.ok(err instanceof ForbiddenAddressError);
      assert.equal(
        err.message,
        'layer host 127.0.0.1 is 127.0.0.1, a loopback address: refused unless indexer.allow_private_networks is true',
      );
      assert.equal(server.connections, 0);
    });

    it('refuses the instance metadata address under policy public, saying why', async () => {
      const err = await rejection(
        httpGet(
          'http://169.254.169.254/latest/meta-data/',
          {},
          optionsWith({ policy: 'public', retries: 3 }),
        ),
      );

      assert.ok(err instanceof ForbiddenAddressError);
      assert.equal(
        err.message,
        'layer host 169.254.169.254 is 169.254.169.254, a link-local address (cloud instance metadata lives here): refused unless indexer.allow_private_networks is true',
      );
    });

    const loopbackSpellings: { name: string; host: (port: number) => string }[] = [
      { name: 'the name localhost', host: (port) => `localhost:${port}` },
      { name: 'a decimal IPv4 number', host: (port) => `2130706433:${port}` },
      { name: 'an IPv4-mapped IPv6 literal', host: (port) => `[::ffff:127.0.0.1]:${port}` },
    ];
    for (const { name, host } of loopbackSpellings) {
      it(`refuses loopback spelt as ${name} under policy public without connecting`, async () => {
        const server = await serve(ok);

        const err = await rejection(
          httpGet(`http://${host(server.port)}/blob`, {}, optionsWith({ policy: 'public', retries: 3 })),
        );

        assert.ok(
          err instanceof ForbiddenAddressError,
          `want ForbiddenAddressError, got ${err.name}: ${err.message}`,
        );
        assert.match(
          err.message,
          /a loopback address: refused unless indexer\.allow_private_networks is true$/,
        );
        assert.equal(server.connections, 0);
      });
    }

    it('checks every redirect: refuses a public address under policy private', async () => {
      const server = await serve(redirectTo('http://93.184.216.34/blob'));

      const err = await rejection(
        httpGet(`${server.origin}/blob`, {}, optionsWith({ policy: 'private', retries: 3 })),
      );

      assert.ok(err instanceof ForbiddenAddressError);
      assert.equal(
        err.message,
        'layer host 93.184.216.34 is 93.184.216.34, a public address: refused because indexer.airgap is true',
      );
      assert.equal(server.requests.length, 1);
    });
  });
});

/**
 * A loopback port whose listen queue is full: new connections are never accepted, so a connect
 * to it hangs. The listener lives in a worker whose event loop is blocked, so it never accepts,
 * and its queue (backlog 1) is filled first.
 */
async function unacceptingListener(): Promise<{ port: number; close(): Promise<void> }> {
  const shared = new Int32Array(new SharedArrayBuffer(8));
  const worker = new Worker(
    `
    const { workerData } = require('node:worker_threads');
    const { createServer } = require('node:net');
    const server = createServer();
    server.listen({ port: 0, host: '127.0.0.1', backlog: 1 }, () => {
      Atomics.store(workerData, 1, server.address().port);
      Atomics.notify(workerData, 1);
      Atomics.wait(workerData, 0, 0);
      server.close();
    });`,
    { eval: true, workerData: shared },
  );
  while (Atomics.load(shared, 1) === 0) await new Promise((resolve) => setTimeout(resolve, 5));
  const port = Atomics.load(shared, 1);
  // Fill the queue: connect until one connection is left hanging.
  const fillers: Socket[] = [];
  for (let tries = 0; ; tries++) {
    if (tries === 64) throw new Error('the listen queue never filled');
    const socket = connect(port, '127.0.0.1');
    socket.on('error', () => {});
    fillers.push(socket);
    const connected = await new Promise<boolean>((resolve) => {
      socket.once('connect', () => resolve(true));
      setTimeout(() => resolve(false), 1000);
    });
    if (!connected) break;
  }
  return {
    port,
    close: async () => {
      for (const socket of fillers) socket.destroy();
      Atomics.store(shared, 0, 1);
      Atomics.notify(shared, 0);
      await worker.terminate();
    },
  };
}
