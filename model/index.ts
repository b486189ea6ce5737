export { start, type ModelServer, type StartOptions } from './server';
