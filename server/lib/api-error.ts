import { ErrorCode, errorStatus, type ApiErrorBody } from '../../shared/api/errors.ts';

/** Thrown anywhere in a request; the app's error handler turns it into `{ error: { code, message } }`. */
export class ApiError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.code = code;
  }
  get status() {
    return errorStatus[this.code];
  }
  toBody(): ApiErrorBody {
    return { error: { code: this.code, message: this.message } };
  }
}

export const notFound = (what: string) => new ApiError(ErrorCode.NotFound, `${what} not found`);
export const forbidden = (message = 'you may not do this') => new ApiError(ErrorCode.Forbidden, message);
export const unauthorized = (message = 'sign in first') => new ApiError(ErrorCode.Unauthorized, message);
export const badRequest = (message: string) => new ApiError(ErrorCode.BadRequest, message);
