/** The BFF's error registry: every answer that is not a success carries one of the codes in errors.json. */
import { defineErrors, type ServiceError } from '../service-kit/errors';
import catalogue from './errors.json';

export const BFF_ERRORS = defineErrors('BFF', catalogue);

export type BffErrorCode = keyof typeof BFF_ERRORS.specs;
export const BffError = BFF_ERRORS.Error;
export type BffError = ServiceError<BffErrorCode>;
