import { awsEndpoint } from '../aws/endpoint.ts';
import { type AwsIdentity, awsIdentityFromEnv } from '../aws/identity.ts';
import { callAwsJson } from '../aws/json-call.ts';
import type { Env } from '../config/yaml-reader.ts';
import { InvalidInputError } from '../errors.ts';

/** Puts one message body on a queue. */
export type SendMessage = (body: string) => Promise<void>;

/** SQS's limit on one message. */
export const MAX_MESSAGE_BYTES = 256 * 1024;

/** Where SQS requests go and who signs them. */
export type SqsEndpoint = { readonly identity: AwsIdentity; readonly endpoint: string };

/** The region's SQS endpoint (or AWS_ENDPOINT_URL_SQS), signed with the function's role. */
export function sqsEndpointFromEnv(env: Env): SqsEndpoint {
  const identity = awsIdentityFromEnv(env);
  return { identity, endpoint: awsEndpoint(env, 'SQS', 'sqs', identity.region) };
}

/** SendMessage to queueUrl through the endpoint, which (as with the AWS SDK) need not be the URL's host. */
export function sqsSender(queueUrl: string, { identity, endpoint }: SqsEndpoint): SendMessage {
  return async (body) => {
    const bytes = Buffer.byteLength(body);
    if (bytes > MAX_MESSAGE_BYTES) {
      throw new InvalidInputError(
        `message is ${bytes} bytes: a queue message may be at most ${MAX_MESSAGE_BYTES}`,
      );
    }
    await callAwsJson(identity, {
      service: 'sqs',
      target: 'AmazonSQS.SendMessage',
      jsonVersion: '1.0',
      endpoint,
      input: { QueueUrl: queueUrl, MessageBody: body },
    });
  };
}
