import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { DynamoEndpoint, InterfaceEndpointOptions } from '../src';

describe('DynamoEndpoint.gateway()', () => {
  test('is a gateway endpoint without interface options or prefix-list id', () => {
    // GIVEN / WHEN
    const endpoint = DynamoEndpoint.gateway();

    // THEN
    expect(endpoint.hasGateway).toBe(true);
    expect(endpoint.hasInterface).toBe(false);
    expect(endpoint.mode).toEqual('gateway');
    expect(endpoint.interfaceOptions).toBeUndefined();
    expect(endpoint.prefixListId).toBeUndefined();
  });

  test('keeps the prefixListId it is given', () => {
    // GIVEN / WHEN
    const endpoint = DynamoEndpoint.gateway({ prefixListId: 'pl-02cd2c6b' });

    // THEN
    expect(endpoint.hasGateway).toBe(true);
    expect(endpoint.hasInterface).toBe(false);
    expect(endpoint.mode).toEqual('gateway');
    expect(endpoint.prefixListId).toEqual('pl-02cd2c6b');
  });

  test('fails when interface endpoint options are passed through an escape hatch', () => {
    // GIVEN options a jsii user (Python, Java, ...) can pass where TypeScript would refuse them
    const options = { prefixListId: 'pl-02cd2c6b', allowedPeers: [ec2.Peer.ipv4('10.0.0.0/8')] };

    // WHEN / THEN
    expect(() => DynamoEndpoint.gateway(options as any)).toThrow(
      /^endpoint: DynamoEndpoint\.gateway\(\) does not take interface endpoint options, got allowedPeers; use DynamoEndpoint\.interface\(options\) or DynamoEndpoint\.gatewayAndInterface\(options\) instead$/,
    );
  });

  test.each([
    ['subnets', { subnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED } }],
    ['securityGroups', { securityGroups: [] }],
    ['allowedPeers', { allowedPeers: [] }],
    ['streams', { streams: false }],
  ])('fails when the interface option %s is passed', (name, options) => {
    // GIVEN / WHEN / THEN
    expect(() => DynamoEndpoint.gateway(options as any)).toThrow(new RegExp(`got ${name};`));
  });

  test('fails when several interface endpoint options are passed, naming each', () => {
    // GIVEN / WHEN / THEN
    expect(() => DynamoEndpoint.gateway({ subnets: {}, streams: true } as any)).toThrow(/got subnets, streams;/);
  });
});

describe('DynamoEndpoint.interface()', () => {
  test('without options is an interface endpoint with empty options', () => {
    // GIVEN / WHEN
    const endpoint = DynamoEndpoint.interface();

    // THEN
    expect(endpoint.hasGateway).toBe(false);
    expect(endpoint.hasInterface).toBe(true);
    expect(endpoint.mode).toEqual('interface');
    expect(endpoint.interfaceOptions).toEqual({});
    expect(endpoint.prefixListId).toBeUndefined();
  });

  test('keeps the options it is given', () => {
    // GIVEN
    const stack = new Stack(new App(), 'Stack');
    const vpc = new ec2.Vpc(stack, 'Vpc');
    const options: InterfaceEndpointOptions = {
      subnets: { subnetGroupName: 'Private' },
      securityGroups: [new ec2.SecurityGroup(stack, 'Group', { vpc })],
      allowedPeers: [ec2.Peer.ipv4('192.168.0.0/16')],
      streams: true,
    };

    // WHEN
    const endpoint = DynamoEndpoint.interface(options);

    // THEN
    expect(endpoint.hasGateway).toBe(false);
    expect(endpoint.hasInterface).toBe(true);
    expect(endpoint.mode).toEqual('interface');
    expect(endpoint.interfaceOptions).toBe(options);
    expect(endpoint.prefixListId).toBeUndefined();
  });
});

describe('DynamoEndpoint.gatewayAndInterface()', () => {
  test('without options is both endpoints with empty interface options', () => {
    // GIVEN / WHEN
    const endpoint = DynamoEndpoint.gatewayAndInterface();

    // THEN
    expect(endpoint.hasGateway).toBe(true);
    expect(endpoint.hasInterface).toBe(true);
    expect(endpoint.mode).toEqual('gateway+interface');
    expect(endpoint.interfaceOptions).toEqual({});
    expect(endpoint.prefixListId).toBeUndefined();
  });

  test('keeps the interface options and the prefixListId it is given', () => {
    // GIVEN
    const options = { streams: true, allowedPeers: [], prefixListId: 'pl-02cd2c6b' };

    // WHEN
    const endpoint = DynamoEndpoint.gatewayAndInterface(options);

    // THEN
    expect(endpoint.hasGateway).toBe(true);
    expect(endpoint.hasInterface).toBe(true);
    expect(endpoint.mode).toEqual('gateway+interface');
    expect(endpoint.interfaceOptions).toEqual(expect.objectContaining({ streams: true, allowedPeers: [] }));
    expect(endpoint.prefixListId).toEqual('pl-02cd2c6b');
  });
});

describe('validation of the endpoint choice', () => {
  test.each([
    ['gateway', () => DynamoEndpoint.gateway({ prefixListId: 'dynamodb' })],
    ['gatewayAndInterface', () => DynamoEndpoint.gatewayAndInterface({ prefixListId: 'com.amazonaws.eu-west-1.dynamodb' })],
  ])('%s: fails when prefixListId is not a pl- id, before anything deploys', (_name, choose) => {
    // GIVEN a prefix-list name where its id belongs WHEN the endpoint is chosen THEN the error names the prop and the fix
    expect(choose).toThrow(/^endpoint\.prefixListId: ".*" is not a prefix-list id, and a security-group rule naming it fails at deploy; pass the id of com\.amazonaws\.<region>\.dynamodb/);
  });

  test('does not judge a prefixListId that is a token', () => {
    // GIVEN a prefix-list id known only at deploy time
    const stack = new Stack(new App(), 'Stack');
    const id = new ec2.PrefixList(stack, 'List', { maxEntries: 1 }).prefixListId;
    // WHEN / THEN
    expect(DynamoEndpoint.gateway({ prefixListId: id }).prefixListId).toEqual(id);
  });

  test.each([
    ['interface', () => DynamoEndpoint.interface({ securityGroups: [] })],
    ['gatewayAndInterface', () => DynamoEndpoint.gatewayAndInterface({ securityGroups: [] })],
  ])('%s: fails when securityGroups is an empty list, instead of a TypeError later', (_name, choose) => {
    // GIVEN no security group WHEN the endpoint is chosen THEN the error names the prop and the fix
    expect(choose).toThrow(/^endpoint\.interfaceOptions\.securityGroups: the list is empty, .*; omit securityGroups to have a security group created, or pass at least one$/);
  });
});
