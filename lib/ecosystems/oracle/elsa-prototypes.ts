// What an ELSA definition says, per Oracle Linux release it names (claircore's oracle/parser.go).
import { parseCpe } from '../../cpe/wfn.ts';
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

/** The edition of a CPE in either form, "" when it names none; undefined when it is no CPE. */
export function cpeEdition(cpe: string): string | undefined {
  try {
    const edition = parseCpe(cpe)[5];
    return edition?.kind === 'set' ? edition.value : '';
  } catch {
    return undefined;
  }
}
