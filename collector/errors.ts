/** Every error the collector's HTTP port answers: the codes in errors.json. */
import { defineErrors } from '../service-kit/errors';
import catalogue from './errors.json';

export const COLLECTOR_ERRORS = defineErrors('COLLECTOR', catalogue);

export type CollectorErrorCode = keyof typeof COLLECTOR_ERRORS.specs;
