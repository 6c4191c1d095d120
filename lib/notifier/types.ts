// The notifier's data (clair-spec.md sections 2.13-2.15): notifications grouped in sets, one set
// per update operation that affected indexed manifests.
import type { WireDistribution } from '../indexer/index-report.ts';
import type { WireVulnerablePackage } from '../updater/wire-vulnerability.ts';

export type Reason = 'added' | 'removed';

/** Clair's VulnSummary: `repo`, not `repository`; `severity` is the normalised severity. */
export type VulnSummary = {
  readonly name: string;
  readonly description: string;
  readonly package?: WireVulnerablePackage;
  readonly distribution?: Partial<WireDistribution>;
  readonly repo?: Readonly<Record<string, string>>;
  readonly severity: string;
  readonly fixed_in_version: string;
  readonly links: string;
};

export type Notification = {
  readonly id: string;
  readonly manifest: string;
  readonly reason: Reason;
  readonly vulnerability: VulnSummary;
};

/** A set's life: created, then delivered or failed (retried until delivered), deleted by its reader. */
export type SetStatus = 'created' | 'delivered' | 'failed' | 'deleted';

/** Sends a notification set to its reader; throws (an UpstreamError) when the receiver refused it. */
export type Deliver = (setId: string, signal: AbortSignal) => Promise<void>;
