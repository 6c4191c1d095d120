import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import { jwtVerify } from 'jose';
import type { AuthConfig, WebhookConfig } from '../../../../lib/config/types.ts';
import { UpstreamError } from '../../../../lib/errors.ts';
import { webhookDeliverer } from '../../../../lib/notifier/deliver/webhook.ts';
import pkg from '../../../../package.json' with { type: 'json' };
import { freePort } from '../../../helpers/free-port.ts';

const SET = '0f7e6c1e-3c40-4a4b-9b4a-3a3f3c6c2a11';
const CALLBACK = 'http://clair-notifier:6060/notifier/api/v1/notification/';
const PSK = new TextEncoder().encode('the pre-shared key of this test!');
const OPEN: AuthConfig = { psk: undefined, keyserver: undefined };
const WITH_PSK: AuthConfig = { psk: { key: PSK, issuers: [] }, keyserver: undefined };

type Received = { readonly method: string; readonly url: string; headers: IncomingHttpHeaders; body: string };

let server: Server;
let base: string;
/** Requests the receiver got since the last test began. */
let received: Received[] = [];
/** How the receiver answers the next requests; it records each one first. */
let answer: (res: ServerResponse) => void;

before(async () => {
  server = createServer(async (req, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
    answer(res);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(async () => {
  server.closeAllConnections();
  server.close();
  await once(server, 'close');
});
beforeEach(() => {
  received = [];
  answer = (res) => res.writeHead(200).end();
});

const webhook = (headers: WebhookConfig['headers'] = {}): WebhookConfig => ({
  target: `${base}/hook`,
  callback: CALLBACK,
  headers,
});

const deliver = (config: WebhookConfig, auth: AuthConfig = OPEN, timeoutMs?: number) =>
  webhookDeliverer(
    config,
    auth,
    timeoutMs === undefined ? {} : { timeoutMs },
  )(SET, new AbortController().signal);

describe('webhook deliverer', () => {
  it('posts the callback object to the target', async () => {
    await deliver(webhook());
    assert.equal(received.length, 1);
    assert.equal(received[0]?.method, 'POST');
    assert.equal(received[0]?.url, '/hook');
    assert.equal(received[0]?.body, `{"callback":"${CALLBACK}${SET}","notification_id":"${SET}"}`);
  });

  it('sends the JSON content type and its own user agent', async () => {
    await deliver(webhook());
    assert.equal(received[0]?.headers['content-type'], 'application/json');
    assert.equal(received[0]?.headers['user-agent'], `clairless/${pkg.version}`);
  });

  it('sends no authorization without a key', async () => {
    await deliver(webhook());
    assert.equal(received[0]?.headers.authorization, undefined);
  });

  it('signs a token the receiver verifies with the pre-shared key', async () => {
    await deliver(webhook(), WITH_PSK);
    const [scheme, token] = (received[0]?.headers.authorization ?? '').split(' ');
    assert.equal(scheme, 'Bearer');
    const { payload, protectedHeader } = await jwtVerify(token ?? '', PSK, { issuer: 'clair-notifier' });
    assert.equal(protectedHeader.alg, 'HS256');
    assert.equal(typeof payload.exp, 'number');
  });

  it('signs with the keyserver intraservice key when there is no pre-shared key', async () => {
    const auth: AuthConfig = {
      psk: undefined,
      keyserver: { api: 'http://keyserver.invalid/', intraservice: PSK, audience: undefined },
    };
    await deliver(webhook(), auth);
    const token = (received[0]?.headers.authorization ?? '').replace(/^Bearer /, '');
    await jwtVerify(token, PSK, { issuer: 'clair-notifier' });
  });

  it('sends every configured header value', async () => {
    await deliver(webhook({ 'X-Tenant': ['blue'], 'X-Route': ['a', 'b'] }));
    assert.equal(received[0]?.headers['x-tenant'], 'blue');
    assert.equal(received[0]?.headers['x-route'], 'a, b');
  });

  it('keeps its own content type over a configured one', async () => {
    await deliver(webhook({ 'Content-Type': ['text/plain'] }));
    assert.equal(received[0]?.headers['content-type'], 'application/json');
  });

  it('accepts a 204', async () => {
    answer = (res) => res.writeHead(204).end();
    await deliver(webhook());
    assert.equal(received.length, 1);
  });

  it('fails with an upstream error naming the target and the status on a 500', async () => {
    answer = (res) => res.writeHead(500).end('broken');
    await assert.rejects(deliver(webhook()), (err) => {
      assert.ok(err instanceof UpstreamError);
      assert.match(err.message, new RegExp(`${base}/hook answered 500`));
      return true;
    });
  });

  it('fails on a redirect without following it', async () => {
    answer = (res) => res.writeHead(302, { location: `${base}/elsewhere` }).end();
    await assert.rejects(deliver(webhook(), WITH_PSK), (err) => {
      assert.ok(err instanceof UpstreamError);
      assert.match(err.message, /answered 302/);
      return true;
    });
    assert.deepEqual(
      received.map((r) => r.url),
      ['/hook'],
    );
  });

  it('fails with an upstream error when the receiver does not answer in time', async () => {
    answer = () => {};
    await assert.rejects(deliver(webhook(), OPEN, 100), (err) => {
      assert.ok(err instanceof UpstreamError);
      assert.match(err.message, /no answer within 100 ms/);
      return true;
    });
  });

  it('fails with an upstream error naming the target when nothing listens', async () => {
    const target = `http://127.0.0.1:${await freePort()}/hook`;
    await assert.rejects(deliver({ ...webhook(), target }), (err) => {
      assert.ok(err instanceof UpstreamError);
      assert.ok(err.message.startsWith(`webhook ${target}: connect ECONNREFUSED`), err.message);
      return true;
    });
  });

  it('rejects with the abort reason when the caller aborts', async () => {
    answer = () => {};
    const controller = new AbortController();
    const delivery = webhookDeliverer(webhook(), OPEN)(SET, controller.signal);
    setTimeout(() => controller.abort(new Error('shutting down')), 50);
    await assert.rejects(delivery, { message: 'shutting down' });
  });
});
