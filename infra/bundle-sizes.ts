import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { CloudFormationStackArtifact } from 'aws-cdk-lib/cx-api';

const TARGET_BYTES = 1.5 * 2 ** 20;

type TemplateResource = { Type: string; Metadata?: Record<string, string> };

/** Prints each function's bundle (what the deploy uploads) beside the 1.5 MiB target. */
export function printBundleSizes(stack: CloudFormationStackArtifact): void {
  const resources = Object.values(stack.template.Resources as Record<string, TemplateResource>);
  for (const resource of resources) {
    const asset = resource.Metadata?.['aws:asset:path'];
    const path = resource.Metadata?.['aws:cdk:path'];
    if (resource.Type !== 'AWS::Lambda::Function' || asset === undefined || path === undefined) continue;
    const dir = join(stack.assembly.directory, asset);
    const code = readdirSync(dir).filter((file) => file.endsWith('.mjs'));
    // Our functions are ESM bundles; aws-cdk-lib's own helpers (CommonJS) are not ours to measure.
    if (code.length === 0) continue;
    const bytes = code.reduce((sum, file) => sum + statSync(join(dir, file)).size, 0);
    const name = path.split('/').at(-2);
    const mark = bytes > TARGET_BYTES ? '  over the 1.5 MiB target' : '';
    process.stderr.write(`bundle ${name}: ${(bytes / 2 ** 20).toFixed(2)} MiB${mark}\n`);
  }
}
