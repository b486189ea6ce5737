/** Where the OAP runner's files are, from source (tsx in tests) and compiled (dist/node/oap/) alike. */
import path from 'node:path';
import { REPO_ROOT } from '../service-kit/repo-paths';

/** The dependency list Maven resolves (server-starter 10.1.0 and the netty pin). */
export const POM = path.join(REPO_ROOT, 'oap', 'pom.xml');
/** Our OAP configuration, first on the classpath: OAP reads application.yml and its rule files from there. */
export const CONFIG_DIR = path.join(REPO_ROOT, 'deploy', 'oap');
/** The resolved classpath, kept between runs (a warm Maven resolve still takes ~10 s). */
export const CLASSPATH_CACHE = path.join(REPO_ROOT, 'dist', 'oap', 'classpath.txt');
