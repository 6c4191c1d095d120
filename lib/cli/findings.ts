// A vulnerability report as a scanner's user reads it: one finding per (package, vulnerability),
// most severe first, as a table.
import { InvalidInputError } from '../errors.ts';
import type { VulnerabilityReport } from '../matcher/vulnerability-report.ts';
import { SEVERITIES, type Severity } from '../updater/types.ts';

export type Finding = {
  readonly package: string;
  readonly version: string;
  readonly vulnerability: string;
  readonly severity: Severity;
  readonly fixedIn: string;
};

const rank = (severity: string): number => Math.max(0, SEVERITIES.indexOf(severity as Severity));

/** Every (package, vulnerability) pair of the report, most severe first, then by package and name. */
export function findingsOf(report: VulnerabilityReport): Finding[] {
  const findings: Finding[] = [];
  for (const [packageId, vulnerabilityIds] of Object.entries(report.package_vulnerabilities)) {
    const pkg = report.packages[packageId];
    for (const id of vulnerabilityIds) {
      const vulnerability = report.vulnerabilities[id];
      if (pkg === undefined || vulnerability === undefined) continue;
      findings.push({
        package: pkg.name,
        version: pkg.version,
        vulnerability: vulnerability.name,
        severity: SEVERITIES[rank(vulnerability.normalized_severity)] as Severity,
        fixedIn: vulnerability.fixed_in_version,
      });
    }
  }
  return findings.sort(
    (a, b) =>
      rank(b.severity) - rank(a.severity) ||
      a.package.localeCompare(b.package) ||
      a.vulnerability.localeCompare(b.vulnerability),
  );
}

/** `--fail-on` read case-insensitively: Critical, High, Medium, Low, Negligible or Unknown. */
export function parseSeverity(text: string): Severity {
  const found = SEVERITIES.find((s) => s.toLowerCase() === text.toLowerCase());
  if (found === undefined) {
    throw new InvalidInputError(
      `severity ${JSON.stringify(text)} is not one of ${[...SEVERITIES].reverse().join(', ')}`,
    );
  }
  return found;
}

export const atLeast = (finding: Finding, severity: Severity): boolean =>
  rank(finding.severity) >= rank(severity);

/** The findings as an aligned table with a summary line under it. */
export function findingsTable(image: string, findings: readonly Finding[]): string {
  if (findings.length === 0) return `${image}: no known vulnerabilities\n`;
  const header = ['PACKAGE', 'INSTALLED', 'VULNERABILITY', 'SEVERITY', 'FIXED IN'];
  const rows = findings.map((f) => [f.package, f.version, f.vulnerability, f.severity, f.fixedIn || '-']);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (cells: readonly string[]) =>
    cells.map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i] as number))).join('  ');
  const counts = [...SEVERITIES]
    .reverse()
    .map((s) => [s, findings.filter((f) => f.severity === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s.toLowerCase()}`);
  const packages = new Set(findings.map((f) => `${f.package}\0${f.version}`)).size;
  return [
    line(header),
    ...rows.map(line),
    '',
    `${image}: ${findings.length} vulnerabilities (${counts.join(', ')}) in ${packages} packages`,
    '',
  ].join('\n');
}
