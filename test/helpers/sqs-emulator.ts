import { after, before } from 'node:test';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { startFauxqs } from 'fauxqs';
import { LOCAL_AWS_IDENTITY, localSqsClient } from '../../lib/local/sqs.ts';
import type { SqsEndpoint } from '../../lib/queue/send-message.ts';

type FauxqsServer = Awaited<ReturnType<typeof startFauxqs>>;

export type SqsEmulator = {
  /** An AWS SDK client on the emulator, for making queues and reading them. */
  readonly sqs: SQSClient;
  /** Where clairless's own senders put messages. */
  readonly endpoint: SqsEndpoint;
};

/** The SQS emulator (fauxqs) on a free loopback port for the enclosing suite, started before it. */
export function sqsEmulator(): SqsEmulator {
  let server: FauxqsServer | undefined;
  let sqs: SQSClient | undefined;
  before(async () => {
    server = await startFauxqs({ port: 0, logger: false });
    sqs = localSqsClient(server.address);
  });
  after(async () => {
    sqs?.destroy();
    await server?.stop();
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error("the SQS emulator starts in the suite's before hook");
    return value;
  };
  return {
    get sqs() {
      return started(sqs);
    },
    get endpoint() {
      return { identity: LOCAL_AWS_IDENTITY, endpoint: started(server).address };
    },
  };
}
