import { Judgement, Verdict } from './judge';
import { ConnectivityCheck } from '../../connectivity-check';
import { DYNAMODB_URL_VARIABLE } from '../dynamodb-service';
import type { Reportable } from '../report';

/*
 * The catalogue of the connectivity check's findings: for each verdict, its `ConnectivityCheck` id, its
 * level (a certain break is an error, an unknown a warning) and its message, which names the client,
 * what is wrong and the fix in one sentence. The one place where the check's words are written.
 */

/** One finding about one client, ready to report: an id, whether it is certain (an error), a message. */
export type Finding = Reportable;

/** The findings of a judgement, in the order of its verdicts. */
export function findingsOf(judgement: Judgement): Finding[] {
  return judgement.verdicts.map((verdict) => findingOf(verdict, judgement));
}

function findingOf(verdict: Verdict, { client, access }: Judgement): Finding {
  const who = `${client.kind} ${client.construct.node.path}`;
  const path = access.construct.node.path;
  const where = `subnets that ${path} serves (vpcSubnets: { subnets: access.subnets })`;
  const configure = `merge access.clientEnvironment of ${path} into its environment, or call access.acknowledgeClientConfiguration(client, reason) if its code sets the endpoint`;
  switch (verdict.kind) {
    case 'noRoute':
      return verdict.certain
        ? error(ConnectivityCheck.NO_ENDPOINT_ROUTE,
          `${who} cannot reach DynamoDB: ${plural('subnet', verdict.broken)} no route to a DynamoDB gateway endpoint and no other way out; ` +
          `place it in ${where}, or add its subnets to that construct's subnets`)
        : warning(ConnectivityCheck.NO_ENDPOINT_ROUTE,
          `${who} may not reach DynamoDB: the gateway endpoint of ${path} does not serve ${verdict.unknown.join(', ')}; ` +
          `place it in ${where}, or acknowledge this warning if its route tables have another route to DynamoDB`);
    case 'bypassesGateway':
      return warning(ConnectivityCheck.BYPASSES_ENDPOINT,
        `${who} reaches DynamoDB through the NAT or internet route of ${verdict.subnets.join(', ')}, ` +
        `not through the gateway endpoint of ${path}, so the endpoint policy does not apply and NAT data charges do; ` +
        `place it in ${where}, or add its subnets to that construct's subnets`);
    case 'noEgress': {
      const destination = verdict.to === 'dynamodb'
        ? 'to DynamoDB (its prefix list, or 0.0.0.0/0)'
        : "to the interface endpoint (its security groups or subnets' CIDR)";
      const fix = `call allowFrom(client) on ${path} to add the egress rule`;
      return verdict.certain
        ? error(ConnectivityCheck.NO_HTTPS_EGRESS,
          `${who} cannot reach DynamoDB: its security ${plural('group', verdict.groups)} no outbound TCP 443 ${destination}; ${fix}`)
        : warning(ConnectivityCheck.NO_HTTPS_EGRESS,
          `${who} may not reach DynamoDB: whether its security groups (${verdict.groups.join(', ')}) allow outbound TCP 443 ${destination} ` +
          `is not known at synth (${verdict.reason}); ${fix}, or acknowledge this warning if a rule outside this app allows it`);
    }
    case 'endpointRejects':
      return verdict.certain
        ? error(ConnectivityCheck.ENDPOINT_REJECTS_CLIENT,
          `${who} cannot reach DynamoDB: the interface endpoint's security ${plural('group', verdict.groups)} ` +
          `no inbound TCP 443 from its security groups or subnets; call allowFrom(client) on ${path}, or add its subnets' CIDR to allowedPeers`)
        : warning(ConnectivityCheck.ENDPOINT_REJECTS_CLIENT,
          `${who} may not reach DynamoDB: whether the interface endpoint's security groups (${verdict.groups.join(', ')}) ` +
          `admit TCP 443 from it is not known at synth (${verdict.reason}); call allowFrom(client) on ${path} (an imported group must be mutable), ` +
          'or acknowledge this warning if a rule outside this app admits it');
    case 'bypassesInterface':
      return warning(ConnectivityCheck.BYPASSES_ENDPOINT,
        `${who} reaches DynamoDB through the NAT or internet route of its subnets, not through the interface endpoint of ${path}, ` +
        `because ${DYNAMODB_URL_VARIABLE} is not in its environment, so the endpoint policy does not apply and NAT data charges do; ${configure}`);
    case 'conflictingSdkSetting':
      return sdkSettingFinding(who, path, verdict.setting, verdict.effect);
    case 'dualStackBypassesGateway': {
      const sends = `${who} may not reach DynamoDB through the gateway endpoint of its subnets: it may send IPv6, and AWS_USE_DUALSTACK_ENDPOINT=true ` +
        'points its SDK at DynamoDB\'s dual-stack names (dynamodb.<region>.api.aws, <account>.ddb.<region>.api.aws)';
      const dualStack = 'ec2.VpcEndpointIpAddressType.DUALSTACK';
      return verdict.ipv4Only.length > 0
        ? warning(ConnectivityCheck.DUALSTACK_BYPASSES_GATEWAY,
          `${sends}, whose IPv6 addresses the gateway route (IPv4 only) of ${endpoints(verdict.ipv4Only)} does not carry (its IpAddressType is ipv4 or not set); ` +
          `make the endpoint dual-stack (DynamoEndpoint.gateway({ ipAddressType: ${dualStack} }) on ${path}, or IpAddressType dualstack on an endpoint written by hand), ` +
          'remove AWS_USE_DUALSTACK_ENDPOINT from its environment, or acknowledge this warning if IPv6 has another path')
        : warning(ConnectivityCheck.DUALSTACK_BYPASSES_GATEWAY,
          `${sends}, and whether ${endpoints(verdict.unknown)} routes IPv6 is not known at synth (its IpAddressType is a deploy-time value, or it is owned elsewhere); ` +
          'make sure its IpAddressType is dualstack, remove AWS_USE_DUALSTACK_ENDPOINT from its environment, or acknowledge this warning if it is');
    }
    case 'notConfigured': {
      if (verdict.certain) {
        return error(ConnectivityCheck.NO_ENDPOINT_CONFIGURATION,
          `${who} cannot reach DynamoDB: ${DYNAMODB_URL_VARIABLE} is not in its environment, so its SDK calls DynamoDB's public name, ` +
          `which has no route from its subnets (the interface endpoint has no private DNS); ${configure}`);
      }
      const why = verdict.missing
        ? `${DYNAMODB_URL_VARIABLE} is not in its environment, and whether its subnets have another way out is not known at synth`
        : `whether it calls the interface endpoint instead of DynamoDB's public name is not known at synth (${verdict.reason ?? 'its configuration cannot be read'})`;
      return warning(ConnectivityCheck.NO_ENDPOINT_CONFIGURATION,
        `${who} may not reach DynamoDB: ${why}; set ${DYNAMODB_URL_VARIABLE} to access.endpointUrl of ${path} on it, ` +
        'then call access.acknowledgeClientConfiguration(client, reason)');
    }
  }
}

function sdkSettingFinding(who: string, path: string, setting: string, effect: 'throws' | 'ignoresUrl'): Finding {
  return effect === 'throws'
    ? error(ConnectivityCheck.CONFLICTING_SDK_SETTINGS,
      `${who} cannot reach DynamoDB: ${setting}=true is in its environment together with ${DYNAMODB_URL_VARIABLE}, and AWS SDKs refuse ` +
      `to combine a ${setting === 'AWS_USE_FIPS_ENDPOINT' ? 'FIPS' : 'dual-stack'} endpoint with an endpoint URL (every call throws); ` +
      `remove ${setting} from its environment: the interface endpoint of ${path} is the endpoint it uses` +
      (setting === 'AWS_USE_FIPS_ENDPOINT' ? '' : ', and its DNS name answers with IPv6 addresses when the endpoint is dual-stack (ipAddressType)'))
    : error(ConnectivityCheck.CONFLICTING_SDK_SETTINGS,
      `${who} cannot reach DynamoDB: AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true is in its environment, so its SDK ignores ${DYNAMODB_URL_VARIABLE} ` +
      `and calls DynamoDB's public name instead of the interface endpoint of ${path}; remove AWS_IGNORE_CONFIGURED_ENDPOINT_URLS from its environment`);
}

function error(id: string, message: string): Finding {
  return { id, certain: true, message };
}

function warning(id: string, message: string): Finding {
  return { id, certain: false, message };
}

/** `gateway endpoint a` or `gateway endpoints a, b`. */
function endpoints(labels: string[]): string {
  return `gateway endpoint${labels.length === 1 ? '' : 's'} ${labels.join(', ')}`;
}

/** `subnet a has` or `subnets a, b have`. */
export function plural(noun: string, labels: string[]): string {
  return labels.length === 1 ? `${noun} ${labels[0]} has` : `${noun}s ${labels.join(', ')} have`;
}
