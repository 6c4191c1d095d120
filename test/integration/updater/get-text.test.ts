// getText against a loopback server: the small GETs of mirror lists and repository indexes.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { UpstreamError } from '../../../lib/errors.ts';
import { getText } from '../../../lib/updater/get-text.ts';
import { type FeedServer, startFeedServer } from '../../helpers/feed-server.ts';
import { freePort } from '../../helpers/free-port.ts';
import { withUpdaterContext } from '../../helpers/updater-context.ts';

const get = (url: string, maxBytes?: number) =>
  withUpdaterContext((ctx) => getText(url, ctx, { timeoutMs: 15_000, maxBytes }));

describe('getText', () => {
  let feeds: FeedServer;
  before(async () => {
    feeds = await startFeedServer();
    feeds.set('/mirror.list', { body: 'http://a/\nhttp://b/\n' });
    feeds.set('/gone', { body: 'gone', status: 410 });
  });
  after(() => feeds.close());

  it('gives the body of a 200 as text', async () => {
    assert.equal(await get(`${feeds.url}/mirror.list`), 'http://a/\nhttp://b/\n');
  });

  it('fails another status with UpstreamError naming the URL and status', async () => {
    await assert.rejects(get(`${feeds.url}/gone`), {
      name: UpstreamError.name,
      message: `feed ${feeds.url}/gone answered 410`,
    });
  });

  it('fails a body over maxBytes, stopping there', async () => {
    await assert.rejects(get(`${feeds.url}/mirror.list`, 10), {
      name: UpstreamError.name,
      message: `feed ${feeds.url}/mirror.list: larger than 10 bytes`,
    });
    assert.equal(await get(`${feeds.url}/mirror.list`, 20), 'http://a/\nhttp://b/\n');
  });

  it('fails a server that is not there with UpstreamError naming the URL', async () => {
    const url = `http://127.0.0.1:${await freePort()}/mirror.list`;
    await assert.rejects(get(url), { name: UpstreamError.name, message: new RegExp(`^feed ${url}: `) });
  });
});
