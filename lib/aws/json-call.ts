// The AWS JSON protocol (SQS, Secrets Manager): one signed POST naming the operation in
// X-Amz-Target. The functions make two such calls, so they carry this instead of the SDK clients,
// whose load time was most of a cold start.
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { setTimeout as sleep } from 'node:timers/promises';
import { UpstreamError } from '../errors.ts';
import type { AwsIdentity } from './identity.ts';
import { awsSigner } from './signer.ts';

export type AwsJsonCall = {
  /** The signing name: `sqs`, `secretsmanager`. */
  readonly service: string;
  /** `AmazonSQS.SendMessage`, `secretsmanager.GetSecretValue`. */
  readonly target: string;
  readonly jsonVersion: '1.0' | '1.1';
  /** The service's endpoint, e.g. https://sqs.eu-west-1.amazonaws.com. */
  readonly endpoint: string;
  readonly input: unknown;
  /** For one try, answer included. @default 5 s, so three tries fit in an API function's 29 s */
  readonly timeoutMs?: number;
};

const ATTEMPTS = 3;
const ATTEMPT_TIMEOUT_MS = 5_000;
const RETRIED_TYPES =
  /Throttl|TooManyRequests|RequestLimitExceeded|ServiceUnavailable|InternalFailure|InternalError/;

/** The operation's JSON answer; network errors, 5xx and throttling are tried again, twice. */
export async function callAwsJson(identity: AwsIdentity, call: AwsJsonCall): Promise<unknown> {
  const signer = awsSigner(identity, call.service);
  const url = new URL(call.endpoint);
  const operation = call.target.split('.').at(-1);
  let failure = '';
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    if (attempt > 1) await sleep(100 * 2 ** (attempt - 2) * (0.5 + Math.random()));
    const signed = await signer.sign({
      method: 'POST',
      protocol: url.protocol,
      hostname: url.hostname,
      port: url.port === '' ? undefined : Number(url.port),
      path: url.pathname,
      query: {},
      headers: {
        host: url.host,
        'content-type': `application/x-amz-json-${call.jsonVersion}`,
        'x-amz-target': call.target,
      },
      body: JSON.stringify(call.input),
    });
    let status: number;
    let text: string;
    try {
      ({ status, text } = await post(
        url,
        signed.headers,
        signed.body as string,
        call.timeoutMs ?? ATTEMPT_TIMEOUT_MS,
      ));
    } catch (err) {
      failure = (err as Error).message;
      continue;
    }
    if (status >= 200 && status < 300) {
      try {
        return text === '' ? {} : JSON.parse(text);
      } catch {
        throw new UpstreamError(
          `${operation} answered ${status} with something that is not JSON: ${text.slice(0, 100)}`,
        );
      }
    }
    const { type, message } = errorOf(text);
    failure = `${type ?? `HTTP ${status}`}${message ? `: ${message}` : ''}`;
    if (status < 500 && status !== 429 && !RETRIED_TYPES.test(type ?? '')) break;
  }
  throw new UpstreamError(`${operation} failed: ${failure}`);
}

// node:http rather than fetch: the first fetch in a process loads undici, a cold start's worth of time.
function post(
  url: URL,
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
): Promise<{ status: number; text: string }> {
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers }, (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        clearTimeout(deadline);
        resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') });
      });
      res.on('error', reject);
    });
    // One deadline for the whole exchange: a server trickling bytes does not reset it.
    const deadline = setTimeout(
      () => req.destroy(new Error(`no whole answer from ${url.host} within ${timeoutMs} ms`)),
      timeoutMs,
    );
    req.on('error', (err) => {
      clearTimeout(deadline);
      reject(err);
    });
    req.end(body);
  });
}

// `__type` is "com.amazonaws.sqs#QueueDoesNotExist" or a bare name; the message key's case varies.
function errorOf(text: string): { type?: string; message?: string } {
  try {
    const body = JSON.parse(text) as Record<string, unknown>;
    const type = typeof body.__type === 'string' ? body.__type.split('#').at(-1) : undefined;
    const message = body.message ?? body.Message;
    return { type, message: typeof message === 'string' ? message : undefined };
  } catch {
    return { message: text.slice(0, 200) };
  }
}
