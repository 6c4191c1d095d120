// Direct SQS delivery (§2.16): the set's notifications themselves, as JSON arrays each ending in a
// newline, packed as many to a message as SQS's size limit allows instead of Clair's fixed rollup.
import { InvalidInputError } from '../../errors.ts';
import { MAX_MESSAGE_BYTES, type SendMessage } from '../../queue/send-message.ts';
import type { Deliver, Notification } from '../types.ts';

// "[", "]" and "\n" around the items.
const FRAME_BYTES = 3;

/** Streams the set from notifications(setId); only one message's worth is held at a time. */
export function sqsDirectDeliverer(
  send: SendMessage,
  notifications: (setId: string) => AsyncIterable<Notification>,
): Deliver {
  return async (setId, signal) => {
    let items: string[] = [];
    let bytes = FRAME_BYTES;
    const flush = async (): Promise<void> => {
      signal.throwIfAborted();
      await send(`[${items.join(',')}]\n`);
      items = [];
      bytes = FRAME_BYTES;
    };
    for await (const notification of notifications(setId)) {
      const item = JSON.stringify(notification);
      const itemBytes = Buffer.byteLength(item);
      if (FRAME_BYTES + itemBytes > MAX_MESSAGE_BYTES) {
        throw new InvalidInputError(
          `notification ${notification.id} of set ${setId} is ${itemBytes} bytes: a queue message may be at most ${MAX_MESSAGE_BYTES}`,
        );
      }
      // Every item after the first costs a comma too.
      if (items.length > 0 && bytes + 1 + itemBytes > MAX_MESSAGE_BYTES) await flush();
      bytes += items.length === 0 ? itemBytes : itemBytes + 1;
      items.push(item);
    }
    if (items.length > 0) await flush();
  };
}
