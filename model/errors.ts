/** The model server's error registry: every answer that is not a success carries one of the codes in errors.json. */
import { defineErrors, type ServiceError } from '../service-kit/errors';
import catalogue from './errors.json';

export const MODEL_ERRORS = defineErrors('MODEL', catalogue);

export type ModelErrorCode = keyof typeof MODEL_ERRORS.specs;
export const ModelError = MODEL_ERRORS.Error;
export type ModelError = ServiceError<ModelErrorCode>;
