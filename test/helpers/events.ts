import type { APIGatewayProxyEventV2, SQSEvent, SQSRecord } from 'aws-lambda';

export type ApiEventInput = {
  readonly method?: string;
  readonly path: string;
  readonly query?: string;
  readonly headers?: Record<string, string>;
  readonly body?: string;
};

/** An API Gateway HTTP API v2 event, shaped as AWS delivers it. */
export function apiEvent(input: ApiEventInput): APIGatewayProxyEventV2 {
  const method = input.method ?? 'GET';
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: input.path,
    rawQueryString: input.query ?? '',
    headers: input.headers ?? {},
    requestContext: {
      accountId: '123456789012',
      apiId: 'test',
      domainName: 'test.execute-api.us-east-1.amazonaws.com',
      domainPrefix: 'test',
      http: { method, path: input.path, protocol: 'HTTP/1.1', sourceIp: '192.0.2.1', userAgent: 'test' },
      requestId: 'test-request',
      routeKey: '$default',
      stage: '$default',
      time: '27/Nov/2026:18:00:00 +0000',
      timeEpoch: 1_795_802_400_000,
    },
    ...(input.body === undefined ? {} : { body: input.body }),
    isBase64Encoded: false,
  };
}

/** An SQS event with one record per body, message ids m0, m1, ... */
export function sqsEvent(bodies: readonly string[], receiveCount = 1): SQSEvent {
  return {
    Records: bodies.map(
      (body, i): SQSRecord => ({
        messageId: `m${i}`,
        receiptHandle: `r${i}`,
        body,
        attributes: {
          ApproximateReceiveCount: String(receiveCount),
          SentTimestamp: '1795802400000',
          SenderId: 'test',
          ApproximateFirstReceiveTimestamp: '1795802400000',
        },
        messageAttributes: {},
        md5OfBody: '',
        eventSource: 'aws:sqs',
        eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:clairless-test',
        awsRegion: 'us-east-1',
      }),
    ),
  };
}
