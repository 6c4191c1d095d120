import { CfnOutput, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { PSK_KEY_ENV } from '../lib/config/deployment-env.ts';

/**
 * The secrets the config names as `${NAME}`, kept out of the template: a JSON secret whose keys
 * each function reads into its environment at cold start. The stack generates the PSK
 * (44 letters and digits, which is also valid base64); an operator may add keys of their own.
 */
export class AppSecret extends Construct {
  readonly secret: Secret;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.secret = new Secret(this, 'Secret', {
      description: 'clairless: keys the config names (CLAIRLESS_PSK_KEY signs and checks API tokens)',
      generateSecretString: {
        secretStringTemplate: '{}',
        generateStringKey: PSK_KEY_ENV,
        passwordLength: 44,
        excludePunctuation: true,
      },
      // Clients hold tokens signed with this key; a stack replacement must not silently change it.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.secret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Every API client signs with this key, so it changes on an operator\'s schedule (README "Rotating the PSK")',
    });
    new CfnOutput(this, 'AppSecretArn', {
      value: this.secret.secretArn,
      description: `holds ${PSK_KEY_ENV}, the pre-shared key API tokens are signed with`,
    });
  }
}
