import { CfnOutput, Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import {
  type IConnectable,
  InstanceType,
  type IVpc,
  Port,
  SecurityGroup,
  type SubnetSelection,
} from 'aws-cdk-lib/aws-ec2';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import {
  AuroraPostgresEngineVersion,
  CaCertificate,
  ClusterInstance,
  Credentials,
  DatabaseCluster,
  DatabaseClusterEngine,
  DatabaseInstance,
  DatabaseInstanceEngine,
  type DatabaseProxy,
  PostgresEngineVersion,
  StorageType,
} from 'aws-cdk-lib/aws-rds';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { DEPLOYMENT_ENV } from '../lib/config/deployment-env.ts';

export const DATABASE_ENGINES = ['postgres', 'aurora-serverless'] as const;
export type DatabaseEngine = (typeof DATABASE_ENGINES)[number];

export type DatabaseProps = {
  readonly vpc: IVpc;
  /** Subnets of the database and its proxy. */
  readonly subnets: SubnetSelection;
  /** Subnets that reach AWS APIs, for the function that rotates the credentials. */
  readonly egressSubnets: SubnetSelection;
  /** RDS PostgreSQL 17 on one instance, or Aurora PostgreSQL 17 Serverless v2. @default 'postgres' */
  readonly engine?: DatabaseEngine;
  /** The instance class of engine `postgres`. @default 't4g.micro' */
  readonly instanceType?: string;
  /** A standby in the other Availability Zone (an Aurora reader). @default false */
  readonly multiAz?: boolean;
  /** Aurora Serverless v2 capacity ceiling, in ACUs. @default 4 */
  readonly maxCapacity?: number;
};

const PORT = 5432;
const USER = 'clairless';
const NAME = 'clairless';
// The Lambda Node.js runtime ships the Amazon CAs (RDS's included) here but no longer loads them by default.
const LAMBDA_AMAZON_CAS = '/var/runtime/ca-cert.pem';

/**
 * The one PostgreSQL database, reached through RDS Proxy with TLS and IAM tokens by the
 * functions; only migrations connect directly, with the generated credentials, because a
 * migration's session must not be shared through the proxy's pool.
 */
export class Database extends Construct {
  /** The generated credentials: the proxy signs in with them, and so do migrations. */
  readonly secret: ISecret;
  readonly proxy: DatabaseProxy;
  private readonly target: IConnectable;

  constructor(scope: Construct, id: string, props: DatabaseProps) {
    super(scope, id);
    const engine = props.engine ?? 'postgres';
    if (!DATABASE_ENGINES.includes(engine)) {
      throw new Error(
        `database engine must be one of ${DATABASE_ENGINES.join(', ')}, got ${JSON.stringify(engine)}`,
      );
    }
    const maxCapacity = props.maxCapacity ?? 4;
    if (!(maxCapacity >= 1 && maxCapacity <= 256)) {
      throw new Error(`Aurora maximum capacity must be between 1 and 256 ACUs, got ${maxCapacity}`);
    }
    const credentials = Credentials.fromGeneratedSecret(USER);
    const common = {
      vpc: props.vpc,
      vpcSubnets: props.subnets,
      credentials,
      storageEncrypted: true,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.SNAPSHOT,
      iamAuthentication: true,
      cloudwatchLogsExports: ['postgresql'],
      cloudwatchLogsRetention: RetentionDays.ONE_MONTH,
      // The default since PostgreSQL 15, written down so a parameter change cannot drop it.
      parameters: { 'rds.force_ssl': '1' },
      securityGroups: [new SecurityGroup(this, 'SecurityGroup', { vpc: props.vpc, allowAllOutbound: false })],
    };
    const database =
      engine === 'postgres'
        ? new DatabaseInstance(this, 'Instance', {
            ...common,
            engine: DatabaseInstanceEngine.postgres({ version: PostgresEngineVersion.VER_17 }),
            instanceType: new InstanceType(props.instanceType ?? 't4g.micro'),
            databaseName: NAME,
            multiAz: props.multiAz ?? false,
            storageType: StorageType.GP3,
            allocatedStorage: 20,
            maxAllocatedStorage: 200,
            backupRetention: Duration.days(7),
            autoMinorVersionUpgrade: true,
            caCertificate: CaCertificate.RDS_CA_RSA2048_G1,
          })
        : new DatabaseCluster(this, 'Cluster', {
            ...common,
            engine: DatabaseClusterEngine.auroraPostgres({ version: AuroraPostgresEngineVersion.VER_17_7 }),
            writer: ClusterInstance.serverlessV2('writer', {
              caCertificate: CaCertificate.RDS_CA_RSA2048_G1,
            }),
            readers: props.multiAz
              ? [
                  ClusterInstance.serverlessV2('reader', {
                    scaleWithWriter: true,
                    caCertificate: CaCertificate.RDS_CA_RSA2048_G1,
                  }),
                ]
              : [],
            serverlessV2MinCapacity: 0.5,
            serverlessV2MaxCapacity: maxCapacity,
            defaultDatabaseName: NAME,
            backup: { retention: Duration.days(7) },
          });
    Validations.of(database).acknowledge({
      id: 'AwsSolutions-RDS11',
      reason: 'The standard port: only the proxy and migrations security groups reach the isolated subnets',
    });
    if (engine === 'postgres' && props.multiAz !== true) {
      Validations.of(database).acknowledge({
        id: 'AwsSolutions-RDS3',
        reason: 'A standby doubles the idle cost; production deploys with -c multiAz=true (README "Deploy")',
      });
    }
    this.secret = database.secret as ISecret;
    // The proxy reads the secret for each new connection, so a rotation reaches no client.
    database.addRotationSingleUser({
      automaticallyAfter: Duration.days(30),
      vpcSubnets: props.egressSubnets,
    });
    this.target = database;
    this.proxy = database.addProxy('Proxy', {
      secrets: [this.secret],
      vpc: props.vpc,
      vpcSubnets: props.subnets,
      requireTLS: true,
      iamAuth: true,
      securityGroups: [
        new SecurityGroup(this, 'ProxySecurityGroup', { vpc: props.vpc, allowAllOutbound: false }),
      ],
    });
    new CfnOutput(this, 'DatabaseSecretArn', {
      value: this.secret.secretArn,
      description: 'the database credentials (for a direct psql session through a bastion)',
    });
  }

  /** fn signs in through the proxy with an IAM token as the clairless user; it never sees a password. */
  connectThroughProxy(fn: LambdaFunction): void {
    this.proxy.connections.allowFrom(fn, Port.tcp(PORT), 'clairless functions');
    this.proxy.grantConnect(fn, USER);
    fn.addEnvironment(
      DEPLOYMENT_ENV.databaseUrl,
      `postgresql://${USER}@${this.proxy.endpoint}:${PORT}/${NAME}?sslmode=verify-full`,
    );
    fn.addEnvironment(DEPLOYMENT_ENV.databaseIamAuth, 'true');
  }

  /** fn connects to the database itself with the generated credentials, read at its cold start. */
  connectDirectly(fn: LambdaFunction): void {
    this.target.connections.allowFrom(fn, Port.tcp(PORT), 'migrations');
    this.secret.grantRead(fn);
    fn.addEnvironment(DEPLOYMENT_ENV.databaseSecretArn, this.secret.secretArn);
    fn.addEnvironment('NODE_EXTRA_CA_CERTS', LAMBDA_AMAZON_CAS);
  }
}
