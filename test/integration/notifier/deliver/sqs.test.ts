import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { CreateQueueCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { InvalidInputError } from '../../../../lib/errors.ts';
import { sqsCallbackDeliverer } from '../../../../lib/notifier/deliver/sqs-callback.ts';
import { sqsDirectDeliverer } from '../../../../lib/notifier/deliver/sqs-direct.ts';
import type { Notification } from '../../../../lib/notifier/types.ts';
import { MAX_MESSAGE_BYTES, type SendMessage, sqsSender } from '../../../../lib/queue/send-message.ts';
import { sqsEmulator } from '../../../helpers/sqs-emulator.ts';

const SET = '0f7e6c1e-3c40-4a4b-9b4a-3a3f3c6c2a11';
const CALLBACK = 'http://clair-notifier:6060/notifier/api/v1/notification/';
// Multi-byte text, so a split measuring characters instead of UTF-8 bytes would overflow a message.
const DESCRIPTION = 'Überlauf im Puffer — 缓冲区溢出 allows remote code execution. '.repeat(20);

const signal = new AbortController().signal;

/** The i-th notification of a set; its id carries i so order can be checked. */
function notification(i: number, description = DESCRIPTION): Notification {
  return {
    id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    manifest: `sha256:${String(i).padStart(64, '0')}`,
    reason: 'added',
    vulnerability: {
      name: `CVE-2024-${i}`,
      description,
      package: { id: '', name: 'libssl3', version: '', kind: 'binary', normalized_version: '', cpe: '' },
      severity: 'High',
      fixed_in_version: '3.0.2-0ubuntu1.12',
      links: `https://ubuntu.com/security/CVE-2024-${i}`,
    },
  };
}

async function* stream(items: readonly Notification[]): AsyncIterable<Notification> {
  yield* items;
}

const emulator = sqsEmulator();
let queues = 0;

/** A fresh queue that, like SQS, refuses messages over 256 KiB. */
async function newQueue(): Promise<string> {
  const { QueueUrl } = await emulator.sqs.send(
    new CreateQueueCommand({
      QueueName: `notifications-${++queues}`,
      Attributes: { MaximumMessageSize: String(MAX_MESSAGE_BYTES) },
    }),
  );
  return QueueUrl as string;
}

async function receiveAll(queueUrl: string): Promise<string[]> {
  const bodies: string[] = [];
  for (;;) {
    const { Messages = [] } = await emulator.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }),
    );
    if (Messages.length === 0) return bodies;
    bodies.push(...Messages.map((m) => m.Body as string));
  }
}

const idsOf = (body: string): string[] => (JSON.parse(body) as Notification[]).map((n) => n.id);

describe('sqs callback deliverer', () => {
  it('sends one message holding the callback object', async () => {
    const queueUrl = await newQueue();
    await sqsCallbackDeliverer(sqsSender(queueUrl, emulator.endpoint), CALLBACK)(SET, signal);
    assert.deepEqual(await receiveAll(queueUrl), [
      `{"callback":"${CALLBACK}${SET}","notification_id":"${SET}"}`,
    ]);
  });
});

describe('sqs direct deliverer', () => {
  describe('with a set larger than one message', () => {
    const set = Array.from({ length: 3000 }, (_, i) => notification(i));
    let bodies: string[];

    before(async () => {
      const queueUrl = await newQueue();
      await sqsDirectDeliverer(sqsSender(queueUrl, emulator.endpoint), () => stream(set))(SET, signal);
      // A standard queue need not keep order; each message's first id says where it belongs.
      bodies = (await receiveAll(queueUrl)).sort((a, b) =>
        (idsOf(a)[0] ?? '').localeCompare(idsOf(b)[0] ?? ''),
      );
    });

    it('splits it into several messages within the size limit', () => {
      assert.ok(bodies.length > 1, `${bodies.length} messages`);
      for (const body of bodies) assert.ok(Buffer.byteLength(body) <= MAX_MESSAGE_BYTES);
    });

    it('sends every notification exactly once, in order', () => {
      assert.deepEqual(
        bodies.flatMap(idsOf),
        set.map((n) => n.id),
      );
    });

    it('fills each message but the last until the next notification would not fit', () => {
      for (const [i, body] of bodies.slice(0, -1).entries()) {
        const next = (JSON.parse(bodies[i + 1] as string) as Notification[])[0];
        const withNext = Buffer.byteLength(body) + 1 + Buffer.byteLength(JSON.stringify(next));
        assert.ok(
          withNext > MAX_MESSAGE_BYTES,
          `message ${i} had room for ${MAX_MESSAGE_BYTES - withNext} more bytes`,
        );
      }
    });

    it('writes each message as a JSON array ending in a newline', () => {
      for (const body of bodies) {
        assert.ok(body.startsWith('[{') && body.endsWith('}]\n'));
        assert.ok(Array.isArray(JSON.parse(body)));
      }
    });
  });

  it('sends a small set as one message', async () => {
    const queueUrl = await newQueue();
    const set = [notification(1), notification(2)];
    await sqsDirectDeliverer(sqsSender(queueUrl, emulator.endpoint), () => stream(set))(SET, signal);
    assert.deepEqual(await receiveAll(queueUrl), [`${JSON.stringify(set)}\n`]);
  });

  it('sends nothing for an empty set', async () => {
    const queueUrl = await newQueue();
    await sqsDirectDeliverer(sqsSender(queueUrl, emulator.endpoint), () => stream([]))(SET, signal);
    assert.deepEqual(await receiveAll(queueUrl), []);
  });

  it('asks for the notifications of the set it delivers', async () => {
    const asked: string[] = [];
    const send: SendMessage = async () => {};
    await sqsDirectDeliverer(send, (setId) => {
      asked.push(setId);
      return stream([notification(1)]);
    })(SET, signal);
    assert.deepEqual(asked, [SET]);
  });

  it('sends each message before reading the rest of the set', async () => {
    let read = 0;
    const readAtSend: number[] = [];
    const send: SendMessage = async () => {
      readAtSend.push(read);
    };
    async function* counted(): AsyncIterable<Notification> {
      for (let i = 0; i < 3000; i++) {
        read++;
        yield notification(i);
      }
    }
    await sqsDirectDeliverer(send, counted)(SET, signal);
    assert.ok(readAtSend.length > 1);
    // The first message goes out once the notification that does not fit in it has been read.
    assert.ok((readAtSend[0] ?? 3000) < 3000 / 2, `read ${readAtSend[0]} before the first send`);
  });

  it('fails with invalid input naming a notification too large for any message', async () => {
    const queueUrl = await newQueue();
    const huge = notification(7, 'x'.repeat(MAX_MESSAGE_BYTES));
    await assert.rejects(
      sqsDirectDeliverer(sqsSender(queueUrl, emulator.endpoint), () => stream([huge]))(SET, signal),
      (err) => {
        assert.ok(err instanceof InvalidInputError);
        assert.match(err.message, new RegExp(`notification ${huge.id} of set ${SET} is \\d+ bytes`));
        return true;
      },
    );
    assert.deepEqual(await receiveAll(queueUrl), []);
  });
});
