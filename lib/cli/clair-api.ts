// A client of a Clair v4 API (clairless local or deployed, or Clair itself): what `report` needs.
import { signIntraserviceToken } from '../auth/sign.ts';
import { InvalidInputError, UpstreamError } from '../errors.ts';
import type { Digest } from '../indexer/digest.ts';
import type { IndexReport } from '../indexer/index-report.ts';
import type { Manifest } from '../indexer/manifest.ts';
import type { VulnerabilityReport } from '../matcher/vulnerability-report.ts';

const REQUEST_TIMEOUT_MS = 120_000;

export type ClairApiOptions = {
  /** Base URL: http://localhost:6060, or a deployment's ApiUrl. */
  readonly host: string;
  /** Requests are signed with it (HS256), as clairctl signs them, when given. */
  readonly psk?: { readonly key: Uint8Array; readonly issuer: string };
};

export type ClairApi = {
  /** The index report, or undefined when the manifest was never indexed (404). */
  indexReport(digest: Digest): Promise<IndexReport | undefined>;
  /** POSTs the manifest: the report, finished (201/200) or still going (202). */
  index(manifest: Manifest): Promise<{ finished: boolean; report: IndexReport }>;
  /** The vulnerability report; undefined while the matcher has no vulnerability data yet (202). */
  vulnerabilityReport(digest: Digest): Promise<VulnerabilityReport | undefined>;
};

export function clairApi(options: ClairApiOptions): ClairApi {
  const base = options.host.replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]/.test(base)) {
    throw new InvalidInputError(`--host ${JSON.stringify(options.host)} is not an http(s) URL`);
  }
  const request = async (
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; json: unknown }> => {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (options.psk !== undefined) {
      headers.authorization = `Bearer ${await signIntraserviceToken(options.psk.key, options.psk.issuer)}`;
    }
    if (body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await fetch(`${base}${path}`, {
        // POST index_report may wait indexer.request_wait (20 s by default) before answering.
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
        method,
        headers,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (err) {
      const cause = (err as Error).cause;
      throw new UpstreamError(
        `cannot reach clairless at ${base}: ${cause instanceof Error ? cause.message : (err as Error).message}`,
      );
    }
    const text = await response.text();
    let json: unknown;
    try {
      json = text === '' ? undefined : JSON.parse(text);
    } catch {
      json = undefined;
    }
    if (response.status === 401 || response.status === 403) {
      const why = (json as { message?: string } | undefined)?.message ?? text;
      throw new InvalidInputError(
        `${base} refused the request (${response.status}): ${why}${options.psk === undefined ? ' (give --psk-key, or a config with auth.psk)' : ''}`,
      );
    }
    if (response.status >= 400 && response.status !== 404) {
      const why = (json as { message?: string } | undefined)?.message ?? text.slice(0, 200);
      throw new UpstreamError(`${method} ${path} answered ${response.status}: ${why}`);
    }
    return { status: response.status, json };
  };
  return {
    async indexReport(digest) {
      const { status, json } = await request('GET', `/indexer/api/v1/index_report/${digest}`);
      return status === 404 ? undefined : (json as IndexReport);
    },
    async index(manifest) {
      const { status, json } = await request('POST', '/indexer/api/v1/index_report', manifest);
      if (status === 404)
        throw new UpstreamError(`${base} has no indexer API (404): is --host a clairless or Clair?`);
      return { finished: status !== 202, report: json as IndexReport };
    },
    async vulnerabilityReport(digest) {
      const { status, json } = await request('GET', `/matcher/api/v1/vulnerability_report/${digest}`);
      if (status === 404) throw new UpstreamError(`${base} has no index report for ${digest} (404)`);
      return status === 202 ? undefined : (json as VulnerabilityReport);
    },
  };
}
