// What an ELSA definition says, per Oracle Linux release it names (claircore's oracle/parser.go).
import type { OvalDefinition } from '../rpm/oval-document.ts';
import { definitionPrototype, type VulnerabilityPrototype } from '../rpm/oval-vulnerabilities.ts';
import { oracleRelease } from './distribution-scanner.ts';
import { oracleSeverity } from './severity.ts';

/**
 * One prototype per `Oracle Linux N` platform of the definition; none when it names no release, or
 * when every affected CPE is of the userspace_ksplice edition, whose packages never run in a
 * container. A CPE that cannot be read keeps the definition, as in claircore.
 */
export function elsaPrototypes(definition: OvalDefinition): VulnerabilityPrototype[] {
  const severity = oracleSeverity(definition.severity);
  const prototypes = definition.platforms.flatMap((platform) => {
    const dist = oracleRelease(/^Oracle Linux (\d+)$/.exec(platform)?.[1]);
    return dist === undefined ? [] : [definitionPrototype(definition, severity, dist)];
  });
  const kspliceOnly =
    definition.cpes.length > 0 && definition.cpes.every((cpe) => cpeEdition(cpe) === 'userspace_ksplice');
  return kspliceOnly ? [] : prototypes;
}

/**
 * The edition of a CPE in URI form (`cpe:/a:oracle:linux:8::userspace_ksplice`, packed editions
 * included) or formatted-string form (`cpe:2.3:a:oracle:linux:8:*:userspace_ksplice:...`);
 * undefined when it is neither.
 */
export function cpeEdition(cpe: string): string | undefined {
  if (cpe.startsWith('cpe:2.3:')) {
    const fields = cpe.slice('cpe:2.3:'.length).split(/(?<!\\):/);
    return fields.length === 11 ? fields[5] : undefined;
  }
  if (!cpe.startsWith('cpe:/')) return undefined;
  const fields = cpe.slice('cpe:/'.length).split(':');
  if (fields.length > 7 || !/^[aoh]?$/.test(fields[0] ?? '')) return undefined;
  const edition = fields[5] ?? '';
  return edition.startsWith('~') ? edition.split('~')[1] : edition;
}
