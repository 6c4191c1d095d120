import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Network } from '../../../infra/network.ts';

describe('network construct', () => {
  it('makes a VPC over two zones: public, private with one NAT, and isolated subnets, logging rejected traffic', () => {
    // GIVEN a new VPC by default
    const stack = new Stack(new App(), 'NetworkTest');
    new Network(stack, 'Network');
    const template = Template.fromStack(stack);
    // THEN two subnets of each kind, one NAT gateway, and a flow log of rejected traffic
    template.resourceCountIs('AWS::EC2::Subnet', 6);
    template.resourceCountIs('AWS::EC2::NatGateway', 1);
    template.hasResourceProperties('AWS::EC2::FlowLog', {
      TrafficType: 'REJECT',
      LogDestinationType: 'cloud-watch-logs',
    });
    for (const name of ['public', 'functions', 'database']) {
      template.resourcePropertiesCountIs(
        'AWS::EC2::Subnet',
        { Tags: Match.arrayWith([{ Key: 'aws-cdk:subnet-name', Value: name }]) },
        2,
      );
    }
  });

  it('puts a NAT gateway in each zone on request, and refuses other counts', () => {
    const stack = new Stack(new App(), 'NetworkTest');
    new Network(stack, 'Network', { natGateways: 2 });
    Template.fromStack(stack).resourceCountIs('AWS::EC2::NatGateway', 2);
    assert.throws(
      () => new Network(new Stack(new App(), 'Bad'), 'Network', { natGateways: 0 }),
      /natGateways must be 1 or 2 \(one per Availability Zone\), got 0/,
    );
  });

  it('looks an existing VPC up by id, putting the database in its isolated subnets', () => {
    // GIVEN the lookup answer cdk.context.json would hold for an account and region
    const account = '123456789012';
    const region = 'eu-west-1';
    const vpcId = 'vpc-0123456789abcdef0';
    const subnets = (type: string, name: string) => ({
      name,
      type,
      subnets: ['a', 'b'].map((zone, i) => ({
        subnetId: `subnet-${name}${i}`,
        cidr: `10.0.${i}.0/24`,
        availabilityZone: `${region}${zone}`,
        routeTableId: `rtb-${name}${i}`,
      })),
    });
    const app = new App({
      context: {
        [`vpc-provider:account=${account}:filter.vpc-id=${vpcId}:region=${region}:returnAsymmetricSubnets=true`]:
          {
            vpcId,
            vpcCidrBlock: '10.0.0.0/16',
            ownerAccountId: account,
            availabilityZones: [],
            subnetGroups: [
              subnets('Public', 'public'),
              subnets('Private', 'apps'),
              subnets('Isolated', 'data'),
            ],
          },
      },
    });
    const stack = new Stack(app, 'Existing', { env: { account, region } });
    const network = new Network(stack, 'Network', { vpcId });
    // THEN no VPC is created and the subnets come from the lookup
    Template.fromStack(stack).resourceCountIs('AWS::EC2::VPC', 0);
    assert.equal(network.vpc.vpcId, vpcId);
    assert.deepEqual(network.vpc.selectSubnets(network.databaseSubnets).subnetIds, [
      'subnet-data0',
      'subnet-data1',
    ]);
    assert.deepEqual(network.vpc.selectSubnets(network.functionSubnets).subnetIds, [
      'subnet-apps0',
      'subnet-apps1',
    ]);
  });
});
