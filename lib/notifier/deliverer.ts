import type pg from 'pg';
import type { Config } from '../config/types.ts';
import type { SendMessage } from '../queue/send-message.ts';
import { sqsCallbackDeliverer } from './deliver/sqs-callback.ts';
import { sqsDirectDeliverer } from './deliver/sqs-direct.ts';
import { webhookDeliverer } from './deliver/webhook.ts';
import { allNotifications } from './store/notification-pages.ts';
import type { Deliver } from './types.ts';

/**
 * How sets reach their readers: the webhook when `notifier.webhook` is set, else the
 * notifications queue, as callbacks or (`notifier.sqs.direct`) as the notifications themselves.
 */
export function configuredDeliverer(
  config: Pick<Config, 'notifier' | 'auth' | 'httpListenAddr'>,
  db: pg.Pool,
  sendNotification: SendMessage,
): Deliver {
  const { webhook, sqs } = config.notifier;
  if (webhook !== undefined) return webhookDeliverer(webhook, config.auth);
  if (sqs.direct) return sqsDirectDeliverer(sendNotification, (setId) => allNotifications(db, setId));
  return sqsCallbackDeliverer(sendNotification, sqs.callback ?? localCallback(config.httpListenAddr));
}

// Without notifier.sqs.callback, readers are pointed at the local runtime's own API.
function localCallback({ host, port }: Config['httpListenAddr']): string {
  const shown = host === '' || host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  return `http://${shown.includes(':') ? `[${shown}]` : shown}:${port}/notifier/api/v1/notification/`;
}
