// What an update operation's affected manifests become: Clair's notifications (clair-spec.md
// section 3.8), one per manifest in summary mode, one per (manifest, vulnerability, reason) else.
import { SEVERITIES } from '../updater/types.ts';
import type { WireVulnerability } from '../updater/wire-vulnerability.ts';
import type { Notification, Reason, VulnSummary } from './types.ts';

export type NewNotification = Omit<Notification, 'id'>;

export function vulnSummary(v: WireVulnerability): VulnSummary {
  return {
    name: v.name,
    description: v.description,
    package: v.package,
    distribution: v.distribution,
    repo: v.repository,
    severity: v.normalized_severity,
    fixed_in_version: v.fixed_in_version,
    links: v.links,
  };
}

const rank = (v: WireVulnerability): number =>
  (SEVERITIES as readonly string[]).indexOf(v.normalized_severity);

/** Takes the (manifest, reason, vulnerability) pairs a reverse lookup finds, added before removed. */
export type Collector = {
  /** order: the vulnerability's place in its reason's list, for ties. */
  add(manifest: string, reason: Reason, vuln: WireVulnerability, order: number): void;
  notifications(): NewNotification[];
};

/**
 * Summary mode, fed pair by pair as the reverse lookup finds them: one notification per manifest,
 * for its most severe vulnerability of either reason and that vulnerability's reason. Feed added
 * before removed: a tie keeps added, then the vulnerability listed first. Only one entry per
 * manifest is kept, however many pairs come.
 */
export function summaryCollector(): Collector {
  const best = new Map<string, { reason: Reason; vuln: WireVulnerability; order: number }>();
  return {
    add(manifest: string, reason: Reason, vuln: WireVulnerability, order: number): void {
      const kept = best.get(manifest);
      const better =
        kept === undefined ||
        rank(vuln) > rank(kept.vuln) ||
        (rank(vuln) === rank(kept.vuln) && reason === kept.reason && order < kept.order);
      if (better) best.set(manifest, { reason, vuln, order });
    },
    notifications(): NewNotification[] {
      return [...best].map(([manifest, { reason, vuln }]) => ({
        manifest,
        reason,
        vulnerability: vulnSummary(vuln),
      }));
    },
  };
}

/**
 * Full mode (`notifier.disable_summary`): one notification per manifest, vulnerability and reason,
 * each once however many matchers find it.
 */
export function fullCollector(): Collector {
  const seen = new Set<string>();
  const out: NewNotification[] = [];
  return {
    add(manifest, reason, vuln) {
      const key = `${manifest} ${reason} ${vuln.id}`;
      if (seen.has(key)) return;
      seen.add(key);
      out.push({ manifest, reason, vulnerability: vulnSummary(vuln) });
    },
    notifications: () => out,
  };
}
