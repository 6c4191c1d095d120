import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { callAwsJson } from '../../../lib/aws/json-call.ts';
import { UpstreamError } from '../../../lib/errors.ts';
import { LOCAL_AWS_IDENTITY } from '../../../lib/local/sqs.ts';
import { freePorts } from '../../helpers/free-port.ts';

type Answer = { status: number; body: unknown };

// A loopback endpoint answering from a script, so each failure path of the JSON protocol is met.
describe('AWS JSON protocol calls', () => {
  let script: Answer[] = [];
  let received = 0;
  const server = createServer((req, res) => {
    req.resume();
    received++;
    const answer = script.shift() ?? { status: 500, body: {} };
    if (answer.status === 0) {
      // Headers, one byte, then nothing: a server that trickles.
      res.writeHead(200).write('{');
      return;
    }
    res.statusCode = answer.status;
    res.setHeader('content-type', 'application/x-amz-json-1.0');
    res.end(typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body));
  });
  let endpoint: string;
  before(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => server.close());

  const call = (target = 'AmazonSQS.SendMessage', at = endpoint) =>
    callAwsJson(LOCAL_AWS_IDENTITY, {
      service: 'sqs',
      target,
      jsonVersion: '1.0',
      endpoint: at,
      input: { QueueUrl: 'q' },
    });
  const given = (...answers: Answer[]) => {
    script = answers;
    received = 0;
  };

  it('answers the JSON the service returns, trying again after a 5xx or throttling', async () => {
    given(
      { status: 500, body: {} },
      { status: 400, body: { __type: 'ThrottlingException' } },
      { status: 200, body: { MessageId: 'm-1' } },
    );
    assert.deepEqual(await call(), { MessageId: 'm-1' });
    assert.equal(received, 3);
  });

  it("fails at once on the service's refusal, naming the operation, the error type and its message", async () => {
    given({
      status: 400,
      body: { __type: 'com.amazonaws.sqs#QueueDoesNotExist', message: 'The specified queue does not exist.' },
    });
    await assert.rejects(call(), (err: unknown) => {
      assert.ok(err instanceof UpstreamError);
      assert.equal(err.message, 'SendMessage failed: QueueDoesNotExist: The specified queue does not exist.');
      return true;
    });
    assert.equal(received, 1);
  });

  it('gives up after three tries, saying what the last one met', async () => {
    given({ status: 503, body: 'busy' }, { status: 503, body: 'busy' }, { status: 503, body: 'still busy' });
    await assert.rejects(
      call('secretsmanager.GetSecretValue'),
      /^UpstreamError: GetSecretValue failed: HTTP 503: still busy$/,
    );
    assert.equal(received, 3);
    const [closed] = await freePorts(1);
    await assert.rejects(
      call('AmazonSQS.SendMessage', `http://127.0.0.1:${closed}`),
      /SendMessage failed: connect ECONNREFUSED 127.0.0.1:\d+$/,
    );
  });

  it('fails on a 2xx that is not JSON, and on an answer that never completes, within the deadline of each try', async () => {
    given({ status: 200, body: '<html>proxy</html>' });
    await assert.rejects(
      call(),
      /^UpstreamError: SendMessage answered 200 with something that is not JSON: <html>proxy<\/html>$/,
    );
    given({ status: 0, body: '' }, { status: 0, body: '' }, { status: 0, body: '' });
    await assert.rejects(
      callAwsJson(LOCAL_AWS_IDENTITY, {
        service: 'sqs',
        target: 'AmazonSQS.SendMessage',
        jsonVersion: '1.0',
        endpoint,
        input: {},
        timeoutMs: 200,
      }),
      /SendMessage failed: no whole answer from 127\.0\.0\.1:\d+ within 200 ms/,
    );
    assert.equal(received, 3);
  });
});
