import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';
import { freePort, onProcessExit, sleep } from './util';

const run = promisify(execFile);
const KAFKA_DIR = resolve(__dirname, '../../kafka'); // tools/kafka: pom.xml, log4j2.properties, lib/
const LIB_DIR = join(KAFKA_DIR, 'lib');
const TOOLS_LIB_DIR = join(KAFKA_DIR, 'tools-lib');

export interface RunningKafka {
  brokers: string;
  version: string;
  stop(): Promise<void>;
}

/**
 * A `bin/` with the broker's `kafka-topics.sh` (what the distribution's script runs: TopicCommand on
 * the broker and tools jars), fetched once into tools/kafka/tools-lib: for running the topics Job's
 * script (k8s/base/kafka-topics.yaml) against the test broker.
 */
export async function kafkaToolsBin(binDir: string, log: (m: string) => void = () => undefined): Promise<string> {
  await ensureKafkaJars(log);
  await fetchJarsOnce('command-line tools', 'pom-tools.xml', TOOLS_LIB_DIR, /^kafka-tools-\d.*\.jar$/, log);
  mkdirSync(binDir, { recursive: true });
  const classpath = `${join(LIB_DIR, '*')}:${join(TOOLS_LIB_DIR, '*')}`;
  writeFileSync(join(binDir, 'kafka-topics.sh'), `#!/bin/sh\nexec java -Xmx256m -cp '${classpath}' org.apache.kafka.tools.TopicCommand "$@"\n`, { mode: 0o755 });
  return binDir;
}

/** Waits until a real client call succeeds: a broker is up and has joined the KRaft quorum. */
export async function waitForKafka(brokers: string, timeoutMs: number, failure: () => string | undefined): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError = '';
  while (Date.now() < deadline) {
    const failed = failure();
    if (failed) throw new Error(failed);
    const admin = new Kafka({
      clientId: 'infra-readiness',
      brokers: brokers.split(','),
      logLevel: logLevel.NOTHING, // connection refused is expected while the JVM starts
      connectionTimeout: 1000,
      retry: { retries: 0 },
    }).admin();
    try {
      await admin.connect();
      const cluster = await admin.describeCluster();
      if (cluster.brokers.length > 0 && cluster.controller !== null) return;
      lastError = 'no broker or controller yet';
    } catch (error) {
      lastError = (error as Error).message;
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
    await sleep(250);
  }
  throw new Error(`Kafka on ${brokers} not ready after ${timeoutMs} ms (last error: ${lastError})`);
}

/**
 * Copies the runtime jars of one of tools/kafka's POMs from Maven Central into `dir` once (gitignored).
 * Downloads into a private dir and renames it, so a concurrent run never sees half of it.
 */
async function fetchJarsOnce(what: string, pom: string, dir: string, marker: RegExp, log: (m: string) => void): Promise<void> {
  const present = () => existsSync(dir) && readdirSync(dir).some((f) => marker.test(f));
  if (present()) return;
  log(`Kafka: fetching ${what} from Maven Central into ${dir} (once)`);
  const tmp = `${dir}.tmp-${process.pid}`;
  try {
    await run('mvn', ['-B', '-q', '-f', pom, 'dependency:copy-dependencies', '-DincludeScope=runtime', `-DoutputDirectory=${tmp}`], {
      cwd: KAFKA_DIR,
      maxBuffer: 16 * 1024 * 1024,
    });
    if (!present()) renameSync(tmp, dir);
  } catch (error) {
    const e = error as Error & { stdout?: string; stderr?: string };
    throw new Error(`mvn could not fetch the Kafka ${what} (is Maven installed?): ${e.message}\n${e.stdout ?? ''}${e.stderr ?? ''}`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** Fetches the broker jars from Maven Central once (tools/kafka/lib is gitignored). */
export async function ensureKafkaJars(log: (m: string) => void): Promise<string> {
  await fetchJarsOnce('broker jars', 'pom.xml', LIB_DIR, /^kafka_2\.13-.*\.jar$/, log);
  const jar = readdirSync(LIB_DIR).find((f) => /^kafka_2\.13-.*\.jar$/.test(f))!;
  return jar.replace(/^kafka_2\.13-|\.jar$/g, '');
}

function tail(file: string, lines = 40): string {
  if (!existsSync(file)) return '(no broker log)';
  return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
}

/**
 * Starts a real single-node KRaft broker (broker + controller in one JVM) on 127.0.0.1, on free ports
 * unless `ports` names them (a restart that clients must find again).
 * `dir` keeps its data: an already formatted dir is reused (ports may change between runs, which the
 * static `controller.quorum.voters` style allows; a `--standalone` dynamic quorum stores them).
 */
export async function startLocalKafka(dir: string, log: (m: string) => void, ports?: { port: number; controllerPort: number }): Promise<RunningKafka> {
  const version = await ensureKafkaJars(log);
  const { port, controllerPort } = ports ?? { port: await freePort(), controllerPort: await freePort() };
  const dataDir = join(dir, 'data');
  const configFile = join(dir, 'server.properties');
  const logFile = join(dir, 'broker.log');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    configFile,
    [
      'process.roles=broker,controller',
      'node.id=1',
      `controller.quorum.voters=1@127.0.0.1:${controllerPort}`,
      `listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`,
      `advertised.listeners=PLAINTEXT://127.0.0.1:${port}`,
      'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
      'controller.listener.names=CONTROLLER',
      'inter.broker.listener.name=PLAINTEXT',
      `log.dirs=${dataDir}`,
      'auto.create.topics.enable=true',
      'num.partitions=3',
      'offsets.topic.replication.factor=1',
      // 50 partitions by default: fewer makes the first consumer group join faster on 2 cores.
      'offsets.topic.num.partitions=10',
      'transaction.state.log.replication.factor=1',
      'transaction.state.log.min.isr=1',
      'share.coordinator.state.topic.replication.factor=1',
      'share.coordinator.state.topic.min.isr=1',
      'group.initial.rebalance.delay.ms=0',
      '',
    ].join('\n'),
  );

  const classpath = join(LIB_DIR, '*');
  const jvm = [
    '-Xmx512m',
    '-XX:-UsePerfData', // no hsperfdata files left in /tmp
    `-Dlog4j2.configurationFile=${join(KAFKA_DIR, 'log4j2.properties')}`,
    `-Dkafka.logs.dir=${join(dir, 'logs')}`,
    '-cp',
    classpath,
  ];
  if (!existsSync(join(dataDir, 'meta.properties'))) {
    // Kafka cluster ids are 16 random bytes in URL-safe base64; one must not start with '-'.
    let clusterId = randomBytes(16).toString('base64url');
    while (clusterId.startsWith('-')) clusterId = randomBytes(16).toString('base64url');
    // A short-lived tool: the client compiler and serial GC start it in about half the time.
    const quick = ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC'];
    await run('java', [...quick, ...jvm, 'kafka.tools.StorageTool', 'format', '-t', clusterId, '-c', configFile]).catch((e) => {
      throw new Error(`Kafka storage format failed: ${e.message}\n${e.stdout ?? ''}${e.stderr ?? ''}`);
    });
  }

  const out = openSync(logFile, 'a');
  // detached: the JVM leads its own process group, so stop() can kill the whole group.
  const child = spawn('java', [...jvm, 'kafka.Kafka', configFile], { detached: true, stdio: ['ignore', out, out] });
  closeSync(out);
  let exited: string | undefined;
  const exitPromise = new Promise<void>((resolveExit) => {
    child.once('exit', (code, signal) => {
      exited = `exit code ${code ?? signal}`;
      resolveExit();
    });
    child.once('error', (error) => {
      exited = `could not run java: ${error.message}`;
      resolveExit();
    });
  });
  const killGroup = (signal: NodeJS.Signals) => {
    try {
      if (!exited && child.pid) process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  };
  // SIGTERM makes the JVM shut the broker down cleanly, even after this process has exited.
  const removeExitHook = onProcessExit(() => killGroup('SIGTERM'));
  const stop = async () => {
    removeExitHook();
    killGroup('SIGTERM');
    const timer = setTimeout(() => killGroup('SIGKILL'), 15_000);
    await exitPromise;
    clearTimeout(timer);
  };

  const brokers = `127.0.0.1:${port}`;
  try {
    await waitForKafka(brokers, 90_000, () =>
      exited ? `Kafka broker exited (${exited}); last lines of ${logFile}:\n${tail(logFile)}` : undefined,
    );
  } catch (error) {
    await stop();
    const message = (error as Error).message;
    throw new Error(message.includes(logFile) ? message : `${message}\nlast lines of ${logFile}:\n${tail(logFile)}`);
  }
  return { brokers, version, stop };
}
