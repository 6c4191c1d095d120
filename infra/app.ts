// The CDK app: `npm run synth`, `npx cdk deploy -c config=config/example-aws.yaml`.
import { App } from 'aws-cdk-lib';
import { loadConfig } from '../lib/config/load.ts';
import { ClairlessStack } from './clairless-stack.ts';

const app = new App();
const configFile = String(app.node.tryGetContext('config') ?? 'config/example-aws.yaml');
// The same validator as at run time, so a bad config fails the synth with the same message.
const { config } = await loadConfig(['--config', configFile], process.env);
new ClairlessStack(app, 'Clairless', {
  configFile,
  config,
  description: 'clairless: Clair v4 compatible vulnerability scanner',
});
app.synth();
