// What an update operation's affected manifests become: Clair's notifications (clair-spec.md
// section 3.8), one per manifest in summary mode, one per (manifest, vulnerability, reason) else.
import type { AffectedManifests } from '../indexer/affected-manifests.ts';
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

/** Every (manifest, vulnerability) of each reason, added before removed. */
function* pairs(byReason: Readonly<Record<Reason, AffectedManifests>>) {
  for (const reason of ['added', 'removed'] as const) {
    const affected = byReason[reason];
    for (const [manifest, ids] of Object.entries(affected.vulnerable_manifests)) {
      for (const id of ids) {
        const vuln = affected.vulnerabilities[id];
        if (vuln !== undefined) yield { manifest, reason, vuln };
      }
    }
  }
}

/**
 * Summary mode, fed pair by pair as the reverse lookup finds them: one notification per manifest,
 * for its most severe vulnerability of either reason and that vulnerability's reason. Feed added
 * before removed: a tie keeps added, then the vulnerability listed first. Only one entry per
 * manifest is kept, however many pairs come.
 */
export function summaryCollector() {
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

/** Full mode (`notifier.disable_summary`): one notification per manifest, vulnerability and reason. */
export function fullNotifications(byReason: Readonly<Record<Reason, AffectedManifests>>): NewNotification[] {
  return [...pairs(byReason)].map(({ manifest, reason, vuln }) => ({
    manifest,
    reason,
    vulnerability: vulnSummary(vuln),
  }));
}
