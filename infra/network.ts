import { RemovalPolicy } from 'aws-cdk-lib';
import {
  FlowLogDestination,
  FlowLogTrafficType,
  type IVpc,
  SecurityGroup,
  type SubnetSelection,
  SubnetType,
  Vpc,
} from 'aws-cdk-lib/aws-ec2';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

export type NetworkProps = {
  /**
   * An existing VPC to deploy into, looked up at synth (the stack then needs an account and
   * region). It must have private subnets with egress; isolated ones, when present, hold the database.
   * @default a new VPC over two Availability Zones
   */
  readonly vpcId?: string;
  /** NAT gateways of a new VPC: layers and feeds are fetched through them. @default 1 */
  readonly natGateways?: number;
};

/**
 * Where everything runs: functions in private subnets that reach registries and feeds through
 * NAT, the database in isolated subnets no route leaves.
 */
export class Network extends Construct {
  readonly vpc: IVpc;
  readonly functionSubnets: SubnetSelection = { subnetType: SubnetType.PRIVATE_WITH_EGRESS };
  readonly databaseSubnets: SubnetSelection;
  /** The functions' own group: the database side allows it by name. */
  readonly functionsSecurityGroup: SecurityGroup;

  constructor(scope: Construct, id: string, props: NetworkProps = {}) {
    super(scope, id);
    const natGateways = props.natGateways ?? 1;
    if (!Number.isInteger(natGateways) || natGateways < 1 || natGateways > 2) {
      throw new Error(`natGateways must be 1 or 2 (one per Availability Zone), got ${natGateways}`);
    }
    if (props.vpcId === undefined) {
      const vpc = new Vpc(this, 'Vpc', {
        maxAzs: 2,
        natGateways,
        subnetConfiguration: [
          { name: 'public', subnetType: SubnetType.PUBLIC, cidrMask: 24 },
          { name: 'functions', subnetType: SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 20 },
          { name: 'database', subnetType: SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
        ],
      });
      // Rejected traffic only: enough to see a blocked connection, without paying to log every packet.
      vpc.addFlowLog('RejectedTraffic', {
        trafficType: FlowLogTrafficType.REJECT,
        destination: FlowLogDestination.toCloudWatchLogs(
          new LogGroup(this, 'FlowLogs', {
            retention: RetentionDays.ONE_MONTH,
            removalPolicy: RemovalPolicy.DESTROY,
          }),
        ),
      });
      this.vpc = vpc;
    } else {
      this.vpc = Vpc.fromLookup(this, 'Vpc', { vpcId: props.vpcId });
    }
    this.databaseSubnets = {
      subnetType:
        this.vpc.isolatedSubnets.length > 0 ? SubnetType.PRIVATE_ISOLATED : SubnetType.PRIVATE_WITH_EGRESS,
    };
    this.functionsSecurityGroup = new SecurityGroup(this, 'Functions', {
      vpc: this.vpc,
      description: 'clairless functions: out to the database proxy, registries and feeds',
      allowAllOutbound: true,
    });
  }
}
