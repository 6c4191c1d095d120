import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { Database, type DatabaseProps } from '../../../infra/database.ts';
import { Network } from '../../../infra/network.ts';

function given(props: Partial<DatabaseProps> = {}) {
  const stack = new Stack(new App(), 'DatabaseTest');
  const network = new Network(stack, 'Network');
  const database = new Database(stack, 'Database', {
    vpc: network.vpc,
    subnets: network.databaseSubnets,
    egressSubnets: network.functionSubnets,
    ...props,
  });
  const fn = (name: string) =>
    new LambdaFunction(stack, name, {
      runtime: Runtime.NODEJS_24_X,
      handler: 'index.handler',
      code: Code.fromInline('export const handler = () => {};'),
      vpc: network.vpc,
      vpcSubnets: network.functionSubnets,
    });
  return { stack, network, database, fn };
}

describe('database construct', () => {
  it('makes an encrypted, backed-up, protected PostgreSQL 17 instance that accepts only TLS', () => {
    const { stack } = given();
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::RDS::DBInstance', {
      Engine: 'postgres',
      EngineVersion: '17',
      DBInstanceClass: 'db.t4g.micro',
      StorageEncrypted: true,
      BackupRetentionPeriod: 7,
      DeletionProtection: true,
      EnableIAMDatabaseAuthentication: true,
      MultiAZ: false,
      PubliclyAccessible: false,
      DBName: 'clairless',
      EnableCloudwatchLogsExports: ['postgresql'],
    });
    template.hasResource('AWS::RDS::DBInstance', {
      DeletionPolicy: 'Snapshot',
      UpdateReplacePolicy: 'Snapshot',
    });
    template.hasResourceProperties('AWS::RDS::DBParameterGroup', { Parameters: { 'rds.force_ssl': '1' } });
    // Generated credentials, rotated every 30 days.
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: Match.objectLike({ SecretStringTemplate: '{"username":"clairless"}' }),
    });
    template.hasResourceProperties('AWS::SecretsManager::RotationSchedule', {
      RotationRules: { ScheduleExpression: 'rate(30 days)' },
    });
  });

  it('sits in the isolated subnets, behind a proxy that requires TLS and IAM tokens', () => {
    const { stack } = given();
    const template = Template.fromStack(stack);
    const isolated = Object.keys(
      template.findResources('AWS::EC2::Subnet', {
        Properties: { Tags: Match.arrayWith([{ Key: 'aws-cdk:subnet-type', Value: 'Isolated' }]) },
      }),
    );
    const [group] = Object.values(template.findResources('AWS::RDS::DBSubnetGroup'));
    assert.deepEqual(
      group?.Properties.SubnetIds.map((s: { Ref: string }) => s.Ref),
      isolated,
    );
    template.hasResourceProperties('AWS::RDS::DBProxy', {
      EngineFamily: 'POSTGRESQL',
      RequireTLS: true,
      Auth: [Match.objectLike({ AuthScheme: 'SECRETS', IAMAuth: 'REQUIRED' })],
    });
  });

  it('lets a function reach the proxy with an IAM token for the clairless user, and migrations reach the database', () => {
    const { stack, database, fn } = given();
    const app = fn('app');
    const migrate = fn('migrate');
    database.connectThroughProxy(app);
    database.connectDirectly(migrate);
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: 'rds-db:connect',
            Resource: {
              'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp(':dbuser:'), '/clairless'])],
            },
          }),
        ]),
      },
      Roles: [{ Ref: Match.stringLikeRegexp('^appServiceRole') }],
    });
    // Only the migrate function may read the credentials.
    const readers = Object.values(template.findResources('AWS::IAM::Policy'))
      .filter((p) => JSON.stringify(p).includes('secretsmanager:GetSecretValue'))
      .map((p) => JSON.stringify(p.Properties.Roles));
    assert.equal(readers.filter((r) => r.includes('migrateServiceRole')).length, 1);
    assert.equal(readers.filter((r) => r.includes('appServiceRole')).length, 0);
    // Port 5432 (the instance's own port, a token, where aws-cdk-lib adds the rule): app to proxy,
    // proxy, migrations and the credentials' rotation to the database, and nothing else in.
    const ingress = Object.values(template.findResources('AWS::EC2::SecurityGroupIngress')).map((r) => {
      const { SourceSecurityGroupId: from, GroupId: to, FromPort: port } = r.Properties;
      const name = (ref: { 'Fn::GetAtt': string[] }) =>
        (ref['Fn::GetAtt'][0] as string).replace(/[0-9A-F]{8}$/, '');
      return `${name(from)} -> ${name(to)}:${typeof port === 'number' ? port : 'instance port'}`;
    });
    assert.deepEqual(ingress.sort(), [
      'DatabaseInstanceRotationSingleUserSecurityGroup -> DatabaseSecurityGroup:instance port',
      'DatabaseProxySecurityGroup -> DatabaseSecurityGroup:instance port',
      'appSecurityGroup -> DatabaseProxySecurityGroup:5432',
      'migrateSecurityGroup -> DatabaseSecurityGroup:5432',
    ]);
  });

  it('makes Aurora PostgreSQL Serverless v2 on request, with a reader when multi-AZ', () => {
    const { stack } = given({ engine: 'aurora-serverless', multiAz: true, maxCapacity: 8 });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::RDS::DBCluster', {
      Engine: 'aurora-postgresql',
      EngineVersion: Match.stringLikeRegexp('^17\\.'),
      StorageEncrypted: true,
      DeletionProtection: true,
      EnableIAMDatabaseAuthentication: true,
      ServerlessV2ScalingConfiguration: { MinCapacity: 0.5, MaxCapacity: 8 },
    });
    template.hasResourceProperties('AWS::RDS::DBClusterParameterGroup', {
      Parameters: { 'rds.force_ssl': '1' },
    });
    template.resourcePropertiesCountIs('AWS::RDS::DBInstance', { DBInstanceClass: 'db.serverless' }, 2);
    template.resourceCountIs('AWS::RDS::DBProxy', 1);
  });

  it('fails on an unknown engine or an impossible capacity, naming the value', () => {
    assert.throws(
      () => given({ engine: 'mysql' as DatabaseProps['engine'] }),
      /database engine must be one of postgres, aurora-serverless, got "mysql"/,
    );
    assert.throws(() => given({ maxCapacity: 0 }), /between 1 and 256 ACUs, got 0/);
  });
});
