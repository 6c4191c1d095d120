// The CDK app: `npm run synth`, `npx cdk deploy -c config=config/example-aws.yaml`.
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { Config } from '../lib/config/types.ts';
import { ConfigError } from '../lib/errors.ts';
import { printBundleSizes } from './bundle-sizes.ts';
import { ClairlessStack } from './clairless-stack.ts';
import { loadDeploymentConfig } from './deployment-config.ts';
import { readDeploymentContext } from './deployment-context.ts';

const app = new App();
const configFile = String(app.node.tryGetContext('config') ?? 'config/example-aws.yaml');
let config: Config;
try {
  // The same validator as at run time, so a bad config fails the synth with the message npm start gives.
  ({ config } = await loadDeploymentConfig(configFile, process.env));
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  process.stderr.write(`clairless: ${err.message}\n`);
  process.exit(2);
}
const deployment = readDeploymentContext(app.node);
const stack = new ClairlessStack(app, 'Clairless', {
  configFile,
  config,
  deployment,
  description: 'clairless: Clair v4 compatible vulnerability scanner',
  // An existing VPC is looked up, which needs the account and region; otherwise the template is
  // environment-agnostic and synthesises without credentials.
  ...(deployment.vpcId === undefined
    ? {}
    : { env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION } }),
});
// cdk-nag's AWS Solutions rules: a finding not acknowledged with a reason fails the synth.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
const assembly = app.synth();
printBundleSizes(assembly.getStackByName(stack.stackName));
