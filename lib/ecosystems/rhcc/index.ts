import type { Ecosystem } from '../../indexer/types.ts';
import { rhccCoalescer } from './coalescer.ts';
import { rhccDockerfileRepositoryScanner, rhccDockerfileScanner } from './dockerfile-scanner.ts';
import { rhccLabelsRepositoryScanner, rhccLabelsScanner } from './labels-scanner.ts';
import { rhccMatcher } from './matcher.ts';

/** Red Hat container images as packages (claircore's rhel/rhcc); their advisories come from RHEL VEX. */
export const rhcc = {
  name: 'rhcc',
  packageScanners: [rhccDockerfileScanner, rhccLabelsScanner],
  distributionScanners: [],
  repositoryScanners: [rhccDockerfileRepositoryScanner, rhccLabelsRepositoryScanner],
  coalescer: rhccCoalescer,
  matchers: [rhccMatcher],
} satisfies Ecosystem;
