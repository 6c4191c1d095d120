// Webhook delivery (clair-spec.md §3.10): POSTs the callback object (§2.15) to notifier.webhook.target
// so the receiver can page through the set at the callback URL.
import pkg from '../../../package.json' with { type: 'json' };
import { intraserviceKey, signIntraserviceToken } from '../../auth/sign.ts';
import type { AuthConfig, WebhookConfig } from '../../config/types.ts';
import { ConfigError, UpstreamError } from '../../errors.ts';
import type { Deliver } from '../types.ts';

const USER_AGENT = `clairless/${pkg.version}`;
const ISSUER = 'clair-notifier';
const DEFAULT_TIMEOUT_MS = 30_000;

/** The object a receiver gets, keys in the alphabetical order Clair's map gives them. */
export function callbackBody(callbackBase: string, setId: string): string {
  return JSON.stringify({ callback: `${callbackBase}${setId}`, notification_id: setId });
}

export function webhookDeliverer(
  webhook: WebhookConfig,
  auth: AuthConfig,
  options: { readonly timeoutMs?: number } = {},
): Deliver {
  const baseHeaders = configuredHeaders(webhook.headers);
  // Ours are set after the configured ones, so configuration cannot replace them.
  baseHeaders.set('content-type', 'application/json');
  baseHeaders.set('user-agent', USER_AGENT);
  const key = intraserviceKey(auth);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return async (setId, signal) => {
    const headers = new Headers(baseHeaders);
    if (key !== undefined) headers.set('authorization', `Bearer ${await signIntraserviceToken(key, ISSUER)}`);
    const timeout = AbortSignal.timeout(timeoutMs);
    let response: Response;
    try {
      response = await fetch(webhook.target, {
        method: 'POST',
        headers,
        body: callbackBody(webhook.callback, setId),
        // A redirect could carry the token to another host; the receiver must answer itself.
        redirect: 'manual',
        signal: AbortSignal.any([signal, timeout]),
      });
    } catch (cause) {
      if (signal.aborted) throw signal.reason;
      const why = timeout.aborted ? `no answer within ${timeoutMs} ms` : networkReason(cause);
      throw new UpstreamError(`webhook ${webhook.target}: ${why}`, { cause });
    }
    await response.body?.cancel();
    // Clair accepts only 200; any 2xx means the receiver took it, so we accept those too.
    if (response.status < 200 || response.status > 299) {
      throw new UpstreamError(`webhook ${webhook.target} answered ${response.status}: want 2xx`);
    }
  };
}

function configuredHeaders(configured: WebhookConfig['headers']): Headers {
  const headers = new Headers();
  for (const [name, values] of Object.entries(configured)) {
    for (const value of values) {
      try {
        headers.append(name, value);
      } catch (cause) {
        throw new ConfigError(`notifier.webhook.headers.${name}: ${(cause as Error).message}`, { cause });
      }
    }
  }
  return headers;
}

/** fetch says only "fetch failed"; the socket's own error (ECONNREFUSED, ENOTFOUND) is its cause. */
function networkReason(err: unknown): string {
  const inner = err instanceof Error ? err.cause : undefined;
  if (inner instanceof Error) return inner.message;
  return err instanceof Error ? err.message : String(err);
}
