import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { Api } from './api.ts';

export type ClairlessStackProps = StackProps & {
  /** Path of the validated config file, relative to the repository root. */
  readonly configFile: string;
};

/** The clairless deployment. Construct IDs are part of the contract: renaming one replaces its resource. */
export class ClairlessStack extends Stack {
  constructor(scope: Construct, id: string, props: ClairlessStackProps) {
    super(scope, id, props);
    new Api(this, 'Api', { configFile: props.configFile });
  }
}
