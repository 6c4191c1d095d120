import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { InvalidInputError } from '../errors.ts';

/** Puts one message body on a queue. */
export type SendMessage = (body: string) => Promise<void>;

/** SQS's limit on one message. */
export const MAX_MESSAGE_BYTES = 256 * 1024;

export function sqsSender(client: SQSClient, queueUrl: string): SendMessage {
  return async (body) => {
    const bytes = Buffer.byteLength(body);
    if (bytes > MAX_MESSAGE_BYTES) {
      throw new InvalidInputError(
        `message is ${bytes} bytes: a queue message may be at most ${MAX_MESSAGE_BYTES}`,
      );
    }
    await client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: body }));
  };
}
