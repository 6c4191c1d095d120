import type { APIGatewayProxyEventV2 } from 'aws-lambda';

/** What a route handler sees: plain data, no API Gateway or middy types. */
export type ApiRequest = {
  readonly method: string;
  readonly path: string;
  /** Values of the `{name}` segments of the route path. */
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  /** Header names in lower case; repeated headers joined with ", ". */
  readonly headers: Readonly<Record<string, string | undefined>>;
  /** The request body as text, or undefined when there is none. */
  readonly body: string | undefined;
  /** The negotiated response media type, when the route offers any. */
  readonly mediaType: string | undefined;
  /** Aborted shortly before the function times out; pass it to every I/O call. */
  readonly signal: AbortSignal;
};

export type ApiResponse = {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** Serialised as JSON with the negotiated media type. */
  readonly json?: unknown;
  /** Sent as is; give its content-type in headers. */
  readonly text?: string;
};

/** The request body as text (API Gateway base64-encodes bodies it considers binary). */
export function bodyText(event: APIGatewayProxyEventV2): string | undefined {
  if (event.body === undefined || event.body === null) return undefined;
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
}
