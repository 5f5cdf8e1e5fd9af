import { ChildProcess, spawn } from 'child_process';
import { createServer } from 'net';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DescribeAvailabilityZonesCommand, DescribePrefixListsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { pythonTool } from '../support/python-tools';

/** The loopback address the emulator binds to: never a routable interface. */
const HOST = '127.0.0.1';
/** moto's fixed account id: every ARN the emulator hands out names it. */
export const EMULATOR_ACCOUNT = '123456789012';
/** Dummy credentials, given to the emulator's clients only (never put in process.env). */
const CREDENTIALS = { accessKeyId: 'testing', secretAccessKey: 'testing', sessionToken: 'testing' };
/** The SSM parameter a CDK-synthesized template reads its bootstrap version from (default qualifier). */
const BOOTSTRAP_VERSION_PARAMETER = '/cdk-bootstrap/hnb659fds/version';

/** A running `moto_server`, the clients pointed at it, and the way to stop it. */
export interface MotoServer {
  /** `http://127.0.0.1:<port>`: every client is given it explicitly, so nothing reaches real AWS. */
  readonly endpoint: string;
  readonly region: string;
  readonly account: string;
  readonly pid: number;
  readonly cloudFormation: CloudFormationClient;
  readonly ec2: EC2Client;
  readonly dynamoDb: DynamoDBClient;
  /** Calls a REST API of the emulator that has no SDK client installed here (Lambda), unsigned. */
  restCall(service: string, method: string, path: string): Promise<unknown>;
  /** The `availability-zones:…` context a real `cdk synth` would have cached for a concrete-env stack. */
  availabilityZoneContext(): Promise<Record<string, string[]>>;
  /** The id of the emulator's `com.amazonaws.<region>.dynamodb` prefix list. */
  dynamoPrefixListId(): Promise<string>;
  /** What the server printed so far: attached to errors. */
  output(): string;
  /** Stops the server by its pid; safe to call twice. */
  stop(): Promise<void>;
}

/**
 * Starts `moto_server` on 127.0.0.1 on a free port, waits until it answers, and prepares it like a
 * bootstrapped account (see `seedBootstrapVersion`). Rejects, with the server's output, when it does
 * not come up in `timeoutMs`.
 */
export async function startMoto(options: { region?: string; timeoutMs?: number } = {}): Promise<MotoServer> {
  const region = options.region ?? 'eu-west-1';
  const port = await freePort();
  const endpoint = `http://${HOST}:${port}`;
  let output = '';
  const child = spawn(pythonTool('moto_server'), ['-H', HOST, '-p', String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
  const spawnError = new Promise<Error>((resolve) => child.once('error', resolve));
  child.stdout?.on('data', (chunk) => { output = keepTail(output + chunk); });
  child.stderr?.on('data', (chunk) => { output = keepTail(output + chunk); });
  if (child.pid === undefined) {
    throw new Error(`moto_server did not start (${(await spawnError).message}): install the emulator with pip install "moto[server]==5.2.1"`);
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // Node exits without running afterAll when a worker crashes: do not leave a server behind.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  const stop = async () => {
    process.removeListener('exit', killOnExit);
    await stopByPid(child, exited);
  };
  try {
    await waitUntilAnswering(endpoint, child, options.timeoutMs ?? 30_000);
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\nmoto_server output:\n${output}`);
  }

  const config = { endpoint, region, credentials: CREDENTIALS, maxAttempts: 1 };
  const server: MotoServer = {
    endpoint,
    region,
    account: EMULATOR_ACCOUNT,
    pid: child.pid,
    cloudFormation: new CloudFormationClient(config),
    ec2: new EC2Client(config),
    dynamoDb: new DynamoDBClient(config),
    restCall: (service, method, path) => restCall(endpoint, region, service, method, path),
    availabilityZoneContext: async () => {
      const { AvailabilityZones = [] } = await server.ec2.send(new DescribeAvailabilityZonesCommand({}));
      return { [`availability-zones:account=${EMULATOR_ACCOUNT}:region=${region}`]: AvailabilityZones.map((zone) => zone.ZoneName!) };
    },
    dynamoPrefixListId: async () => {
      const { PrefixLists = [] } = await server.ec2.send(new DescribePrefixListsCommand({}));
      const id = PrefixLists.find((list) => list.PrefixListName === `com.amazonaws.${region}.dynamodb`)?.PrefixListId;
      if (id === undefined) {
        throw new Error(`the emulator has no prefix list com.amazonaws.${region}.dynamodb`);
      }
      return id;
    },
    output: () => output,
    // The SDK clients keep sockets open: destroyed with the server, so that Jest's worker can exit.
    stop: async () => {
      [server.cloudFormation, server.ec2, server.dynamoDb].forEach((client) => client.destroy());
      await stop();
    },
  };
  try {
    await seedBootstrapVersion(server);
  } catch (error) {
    await stop();
    throw error;
  }
  return server;
}

/**
 * Emulator gap: a CDK template has a `BootstrapVersion` parameter of type
 * `AWS::SSM::Parameter::Value<String>`; moto resolves it from its own SSM store and fails with HTTP 500
 * when the parameter is missing. `cdk bootstrap` creates it in a real account, so the harness does the
 * same in the emulator instead of editing the template. (moto does not evaluate the template's `Rules`,
 * so the CheckBootstrapVersion rule is not exercised; it is aws-cdk-lib's, not this library's.)
 */
async function seedBootstrapVersion(server: MotoServer): Promise<void> {
  const response = await fetch(server.endpoint, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-amz-json-1.1',
      'X-Amz-Target': 'AmazonSSM.PutParameter',
      'Authorization': fakeAuthorization(server.region, 'ssm'),
    },
    body: JSON.stringify({ Name: BOOTSTRAP_VERSION_PARAMETER, Value: '30', Type: 'String', Overwrite: true }),
  });
  if (!response.ok) {
    throw new Error(`could not seed ${BOOTSTRAP_VERSION_PARAMETER} in the emulator: HTTP ${response.status} ${await response.text()}`);
  }
}

/** An unsigned REST call: moto does not check signatures, it only reads the region from the header. */
async function restCall(endpoint: string, region: string, service: string, method: string, path: string): Promise<unknown> {
  const response = await fetch(`${endpoint}${path}`, { method, headers: { Authorization: fakeAuthorization(region, service) } });
  const text = await response.text();
  if (!response.ok) {
    throw new Error(`${service} ${method} ${path}: HTTP ${response.status} ${text}`);
  }
  return JSON.parse(text);
}

function fakeAuthorization(region: string, service: string): string {
  return `AWS4-HMAC-SHA256 Credential=${CREDENTIALS.accessKeyId}/20250101/${region}/${service}/aws4_request, SignedHeaders=host, Signature=0`;
}

/** A port that was free a moment ago on 127.0.0.1 (the OS picks it). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, HOST, () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function waitUntilAnswering(endpoint: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`moto_server (pid ${child.pid}) exited with ${child.exitCode ?? child.signalCode} before answering on ${endpoint}`);
    }
    try {
      const response = await fetch(`${endpoint}/moto-api/`);
      if (response.ok) {
        return;
      }
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`moto_server (pid ${child.pid}) did not answer on ${endpoint} within ${timeoutMs} ms`);
}

/** SIGTERM to the pid, SIGKILL if it is still there after 5 s. */
async function stopByPid(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return;
  }
  process.kill(child.pid!, 'SIGTERM');
  const killed = await Promise.race([exited.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 5_000).unref())]);
  if (!killed) {
    process.kill(child.pid!, 'SIGKILL');
    await exited;
  }
}

function keepTail(text: string): string {
  return text.length > 20_000 ? text.slice(-20_000) : text;
}
