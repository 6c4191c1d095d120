import { join } from 'node:path';
import type { Duration, Size } from 'aws-cdk-lib';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';

const ROOT = join(import.meta.dirname, '..');

export type ClairlessFunctionProps = {
  /** The config file, copied into the bundle and named by CLAIR_CONF. */
  readonly configFile: string;
  readonly timeout: Duration;
  /** @default 512 */
  readonly memorySize?: number;
  /** /tmp. @default 512 MiB */
  readonly ephemeralStorageSize?: Size;
};

/**
 * One function from functions/<name>.ts: Node 24 on arm64, an ESM bundle built by the local
 * esbuild (no Docker), with the files the code reads at run time copied beside it.
 */
export function clairlessFunction(
  scope: Construct,
  name: string,
  props: ClairlessFunctionProps,
): NodejsFunction {
  return new NodejsFunction(scope, name, {
    entry: join(ROOT, 'functions', `${name}.ts`),
    runtime: Runtime.NODEJS_24_X,
    architecture: Architecture.ARM_64,
    memorySize: props.memorySize ?? 512,
    ...(props.ephemeralStorageSize === undefined ? {} : { ephemeralStorageSize: props.ephemeralStorageSize }),
    timeout: props.timeout,
    logGroup: new LogGroup(scope, `${name}-logs`, { retention: RetentionDays.ONE_MONTH }),
    environment: { CLAIR_CONF: '/var/task/config.yaml', NODE_OPTIONS: '--enable-source-maps' },
    bundling: {
      format: OutputFormat.ESM,
      target: 'node24',
      minify: true,
      sourceMap: true,
      forceDockerBundling: false,
      // The SDK version we test with, not whichever the runtime happens to carry.
      bundleAwsSDK: true,
      // pg and other CommonJS dependencies call require(); an ESM bundle needs one made for it.
      banner:
        "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
      commandHooks: {
        beforeBundling: () => [],
        beforeInstall: () => [],
        // lib/http/openapi.ts and lib/db/migrate.ts read these beside the code (import.meta.dirname).
        afterBundling: (_input: string, output: string) => [
          `cp ${JSON.stringify(join(ROOT, props.configFile))} ${output}/config.yaml`,
          `cp ${JSON.stringify(join(ROOT, 'lib/http/openapi.yaml'))} ${output}/openapi.yaml`,
          `cp -R ${JSON.stringify(join(ROOT, 'lib/db/migrations'))} ${output}/migrations`,
        ],
      },
    },
  });
}
