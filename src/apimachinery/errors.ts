// API errors as values (k8s.io/apimachinery pkg/api/errors): each carries the Kubernetes
// Status it becomes, converted to an HTTP response in exactly one place (the apiserver's
// response writer). Messages read like kube-apiserver's, because users paste them into searches.

/** StatusReason is the machine-readable reason of a failed request (metav1.StatusReason). */
export type StatusReason =
  | 'BadRequest'
  | 'Unauthorized'
  | 'Forbidden'
  | 'NotFound'
  | 'MethodNotAllowed'
  | 'AlreadyExists'
  | 'Conflict'
  | 'Gone'
  | 'Expired'
  | 'RequestEntityTooLarge'
  | 'UnsupportedMediaType'
  | 'Invalid'
  | 'TooManyRequests'
  | 'InternalError'
  | 'ServiceUnavailable'
  | 'Timeout'
  | 'NotAcceptable'
  | '';

/** StatusCause is one reason a request failed, usually naming a field. */
export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

/** StatusDetails names the object a failure is about. */
export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

/** Status is the body of every error response (metav1.Status). */
export interface Status {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure' | 'Success';
  message: string;
  reason?: StatusReason;
  details?: StatusDetails;
  code: number;
}

/** GroupResource names a resource for messages: "deployments.apps", or "pods" in the core group. */
export interface GroupResource {
  group: string;
  resource: string;
}

/** Returns "resource.group", or "resource" for the core group (schema.GroupResource.String). */
export function groupResourceString(gr: GroupResource): string {
  return gr.group ? `${gr.resource}.${gr.group}` : gr.resource;
}

/** StatusError is an error that is a Kubernetes Status. */
export class StatusError extends Error {
  readonly status: Status;

  constructor(code: number, reason: StatusReason, message: string, details?: StatusDetails) {
    super(message);
    this.name = 'StatusError';
    this.status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, code };
    if (reason) this.status.reason = reason;
    if (details) this.status.details = details;
  }

  get code(): number {
    return this.status.code;
  }

  get reason(): StatusReason {
    return this.status.reason ?? '';
  }
}

/** Returns whether `err` is a StatusError with `reason` (any reason when omitted). */
export function isStatusError(err: unknown, reason?: StatusReason): err is StatusError {
  return err instanceof StatusError && (reason === undefined || err.reason === reason);
}

/** 404: `<resource> "<name>" not found`. */
export function notFound(gr: GroupResource, name: string): StatusError {
  return new StatusError(404, 'NotFound', `${groupResourceString(gr)} "${name}" not found`, {
    name,
    group: gr.group,
    kind: gr.resource,
  });
}

/** 404 for a path no handler serves. */
export function notFoundPath(): StatusError {
  return new StatusError(404, 'NotFound', 'the server could not find the requested resource', {});
}

/** 409: `<resource> "<name>" already exists`. */
export function alreadyExists(gr: GroupResource, name: string): StatusError {
  return new StatusError(409, 'AlreadyExists', `${groupResourceString(gr)} "${name}" already exists`, {
    name,
    group: gr.group,
    kind: gr.resource,
  });
}

/** The message kube-apiserver gives for an optimistic-concurrency failure. */
export const optimisticLockErrorMsg = 'the object has been modified; please apply your changes to the latest version and try again';

/** 409: `Operation cannot be fulfilled on <resource> "<name>": <why>`. */
export function conflict(gr: GroupResource, name: string, why: string, causes?: StatusCause[]): StatusError {
  return new StatusError(409, 'Conflict', `Operation cannot be fulfilled on ${groupResourceString(gr)} "${name}": ${why}`, {
    name,
    group: gr.group,
    kind: gr.resource,
    ...(causes ? { causes } : {}),
  });
}

/** 400 with a plain message. */
export function badRequest(message: string): StatusError {
  return new StatusError(400, 'BadRequest', message);
}

/** 401. */
export function unauthorized(message = 'Unauthorized'): StatusError {
  return new StatusError(401, 'Unauthorized', message);
}

/** 403: `<resource> "<name>" is forbidden: <why>` (name may be empty for collections). */
export function forbidden(gr: GroupResource, name: string, why: string): StatusError {
  const subject = name ? `${groupResourceString(gr)} "${name}"` : groupResourceString(gr);
  return new StatusError(403, 'Forbidden', `${subject} is forbidden: ${why}`, { name, group: gr.group, kind: gr.resource });
}

/** 405: the verb is not supported on this resource. */
export function methodNotSupported(gr: GroupResource, verb: string): StatusError {
  return new StatusError(405, 'MethodNotAllowed', `${verb} is not supported on resources of kind "${groupResourceString(gr)}"`, {
    group: gr.group,
    kind: gr.resource,
  });
}

/** 410 Expired: the requested resourceVersion has been compacted. */
export function resourceExpired(message: string): StatusError {
  return new StatusError(410, 'Expired', message);
}

/** 413: the request body or stored object is too large. */
export function requestEntityTooLarge(message: string): StatusError {
  return new StatusError(413, 'RequestEntityTooLarge', `Request entity too large: ${message}`);
}

/** 415: the request body is in a format this endpoint does not accept. */
export function unsupportedMediaType(contentType: string, accepted: string[]): StatusError {
  return new StatusError(
    415,
    'UnsupportedMediaType',
    `the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')}`,
    { causes: [{ reason: 'UnsupportedMediaType', message: contentType }] },
  );
}

/** 406: no representation the client accepts. */
export function notAcceptable(accepted: string[]): StatusError {
  return new StatusError(406, 'NotAcceptable', `only the following media types are accepted: ${accepted.join(', ')}`);
}

/** 429 with Retry-After. */
export function tooManyRequests(message: string, retryAfterSeconds: number): StatusError {
  return new StatusError(429, 'TooManyRequests', message, { retryAfterSeconds });
}

/** 500. */
export function internalError(message: string): StatusError {
  return new StatusError(500, 'InternalError', `Internal error occurred: ${message}`, {
    causes: [{ message }],
  });
}

/** 503 with Retry-After. */
export function serviceUnavailable(message: string, retryAfterSeconds = 1): StatusError {
  return new StatusError(503, 'ServiceUnavailable', message, { retryAfterSeconds });
}

/** 504: the request could not complete in time (also "Too large resource version"). */
export function timeout(message: string, retryAfterSeconds = 1): StatusError {
  return new StatusError(504, 'Timeout', message, {
    retryAfterSeconds,
    causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }],
  });
}

// ---- Field errors (k8s.io/apimachinery pkg/util/validation/field) ----

/** FieldErrorType is the kind of a validation failure; its value is the cause's reason. */
export type FieldErrorType =
  | 'FieldValueRequired'
  | 'FieldValueInvalid'
  | 'FieldValueNotSupported'
  | 'FieldValueForbidden'
  | 'FieldValueDuplicate'
  | 'FieldValueTooLong'
  | 'FieldValueTooMany'
  | 'FieldValueTypeInvalid'
  | 'InternalError';

/** FieldError is one validation failure at a field path like "spec.containers[0].name". */
export interface FieldError {
  type: FieldErrorType;
  field: string;
  /** The offending value, when the message shows it. */
  value?: unknown;
  detail: string;
}

/** Returns how field.Error renders a value: strings quoted, others as JSON. */
function renderValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === undefined || value === null) return 'null';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** Returns the message field.Error gives for `e`, without the field path. */
export function fieldErrorBody(e: FieldError): string {
  switch (e.type) {
    case 'FieldValueRequired':
      return `Required value${e.detail ? `: ${e.detail}` : ''}`;
    case 'FieldValueForbidden':
      return `Forbidden${e.detail ? `: ${e.detail}` : ''}`;
    case 'FieldValueTooLong':
      return `Too long: ${e.detail}`;
    case 'FieldValueTooMany':
      return `Too many: ${e.detail}`;
    case 'InternalError':
      return `Internal error: ${e.detail}`;
    case 'FieldValueDuplicate':
      return `Duplicate value: ${renderValue(e.value)}`;
    case 'FieldValueNotSupported':
      return `Unsupported value: ${renderValue(e.value)}${e.detail ? `: ${e.detail}` : ''}`;
    case 'FieldValueTypeInvalid':
      return `Invalid value: ${renderValue(e.value)}: ${e.detail}`;
    default:
      return `Invalid value: ${renderValue(e.value)}${e.detail ? `: ${e.detail}` : ''}`;
  }
}

/** Returns "field: message" as field.Error.Error() does. */
export function fieldErrorString(e: FieldError): string {
  return `${e.field}: ${fieldErrorBody(e)}`;
}

/** Returns a Required field error. */
export function fieldRequired(field: string, detail = ''): FieldError {
  return { type: 'FieldValueRequired', field, detail };
}

/** Returns an Invalid field error. */
export function fieldInvalid(field: string, value: unknown, detail: string): FieldError {
  return { type: 'FieldValueInvalid', field, value, detail };
}

/** Returns a Forbidden field error. */
export function fieldForbidden(field: string, detail: string): FieldError {
  return { type: 'FieldValueForbidden', field, detail };
}

/** Returns a NotSupported field error listing the valid values. */
export function fieldNotSupported(field: string, value: unknown, valid: string[]): FieldError {
  return { type: 'FieldValueNotSupported', field, value, detail: `supported values: ${valid.map((v) => JSON.stringify(v)).join(', ')}` };
}

/** Returns a Duplicate field error. */
export function fieldDuplicate(field: string, value: unknown): FieldError {
  return { type: 'FieldValueDuplicate', field, value, detail: '' };
}

/** Returns a TooLong field error. */
export function fieldTooLong(field: string, value: unknown, max: number): FieldError {
  return { type: 'FieldValueTooLong', field, value, detail: `may not be more than ${max} bytes` };
}

/** Returns a TypeInvalid field error. */
export function fieldTypeInvalid(field: string, value: unknown, detail: string): FieldError {
  return { type: 'FieldValueTypeInvalid', field, value, detail };
}

/** 422: `<Kind>.<group> "<name>" is invalid: <causes>` with one cause per field error. */
export function invalid(kind: { group: string; kind: string }, name: string, errors: FieldError[]): StatusError {
  const qualified = kind.group ? `${kind.kind}.${kind.group}` : kind.kind;
  const causes = errors.map((e) => ({ reason: e.type, message: fieldErrorBody(e), field: e.field }));
  const summary = errors.length === 1 ? fieldErrorString(errors[0] as FieldError) : `[${errors.map(fieldErrorString).join(', ')}]`;
  return new StatusError(422, 'Invalid', `${qualified} "${name}" is invalid: ${summary}`, {
    name,
    group: kind.group,
    kind: kind.kind,
    causes,
  });
}
