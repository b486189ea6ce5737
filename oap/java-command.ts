/**
 * The `java` command line of one OAP: our configuration folder first on the classpath, then the jars
 * Maven resolved; ports, hosts and tuning as `-D` properties, which OAP reads for every
 * `${NAME:default}` in application.yml before looking at the environment.
 */
import path from 'node:path';
import { CONFIG_DIR } from './paths';

export const OAP_MAIN_CLASS = 'org.apache.skywalking.oap.server.starter.OAPServerStartUp';

export interface OapSettings {
  grpcPort: number;
  httpPort: number;
  /** Bind address of both ports; default 127.0.0.1. */
  host?: string;
  /** -Xmx in MB; default 1024 (RSS settles at ~450–600 MB with our configuration). */
  heapMb?: number;
  /** More `${NAME}` values of application.yml, e.g. SW_CORE_PERSISTENT_PERIOD or SW_STORAGE_H2_URL. */
  properties?: Record<string, string>;
}

export function javaArgs(settings: OapSettings, jars: string[]): string[] {
  const host = settings.host ?? '127.0.0.1';
  const properties: Record<string, string> = {
    SW_CORE_GRPC_HOST: host,
    SW_CORE_GRPC_PORT: String(settings.grpcPort),
    SW_CORE_REST_HOST: host,
    SW_CORE_REST_PORT: String(settings.httpPort),
    ...settings.properties,
  };
  return [
    `-Xmx${settings.heapMb ?? 1024}m`,
    // Start-up over peak throughput (a local OAP for one stack): the C1 JIT only and one GC thread
    // leave the CPU to class loading. Boot on 2 cores at load 12-17: 29-51 s with them, 92-124 s without.
    '-XX:TieredStopAtLevel=1',
    '-XX:+UseSerialGC',
    // oap/pom.xml pins one netty (4.1.110) for every netty jar; what Armeria still reports as
    // inconsistent is the copy nacos-client shades under its own package (version file included),
    // which cannot clash. Nacos cannot be left out: OAP instantiates every provider it finds.
    '-Dcom.linecorp.armeria.warnNettyVersions=false',
    ...Object.entries(properties).map(([name, value]) => `-D${name}=${value}`),
    '-cp',
    [CONFIG_DIR, ...jars].join(path.delimiter),
    OAP_MAIN_CLASS,
  ];
}
