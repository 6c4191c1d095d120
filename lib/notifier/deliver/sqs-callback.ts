// SQS delivery of the callback object (§2.15), as Clair's AMQP and STOMP deliverers send it when
// not direct: the reader pages through the set at the callback URL.
import type { SendMessage } from '../../queue/send-message.ts';
import type { Deliver } from '../types.ts';
import { callbackBody } from './webhook.ts';

/** callbackBase ends in `/`; the set id is appended to it. */
export function sqsCallbackDeliverer(send: SendMessage, callbackBase: string): Deliver {
  return async (setId, signal) => {
    signal.throwIfAborted();
    await send(callbackBody(callbackBase, setId));
  };
}
