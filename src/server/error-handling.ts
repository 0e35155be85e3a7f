import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { TEXT_PATTERN_HINTS } from '../shared/text.ts';
import { ApiError } from './errors.ts';

const FRAMEWORK_CODES: Record<string, [number, string]> = {
  FST_ERR_CTP_INVALID_JSON_BODY: [400, 'invalid_json'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'invalid_json'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'unsupported_media_type'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, 'bad_request'],
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'payload_too_large'],
  FST_ERR_BAD_URL: [400, 'bad_url'],
  FST_ERR_ASYNC_CONSTRAINT: [400, 'bad_request'],
};

function describeValidation(err: FastifyError): string {
  const first = err.validation?.[0];
  if (!first) return err.message;
  const where = `${err.validationContext ?? 'body'}${first.instancePath || ''}`;
  const params = first.params as Record<string, unknown>;
  if (first.keyword === 'additionalProperties') return `${where} has an unknown field "${String(params.additionalProperty)}"`;
  if (first.keyword === 'required') return `${where} is missing "${String(params.missingProperty)}"`;
  if (first.keyword === 'pattern' && TEXT_PATTERN_HINTS[String(params.pattern)]) return `${where} ${TEXT_PATTERN_HINTS[String(params.pattern)]}`;
  if (first.keyword === 'enum' || first.keyword === 'const' || first.keyword === 'anyOf') return `${where} has a value that is not allowed`;
  return `${where} ${first.message ?? 'is invalid'}`;
}

export function toErrorReply(err: FastifyError | ApiError | Error): { status: number; code: string; message: string } {
  if (err instanceof ApiError) return { status: err.statusCode, code: err.code, message: err.message };
  const fe = err as FastifyError;
  if (fe.validation) return { status: 400, code: 'validation_failed', message: describeValidation(fe) };
  const known = fe.code ? FRAMEWORK_CODES[fe.code] : undefined;
  if (known) {
    const message =
      known[1] === 'payload_too_large' ? 'the request body is too large' :
      known[1] === 'invalid_json' ? `the body is not valid JSON: ${fe.message}` :
      known[1] === 'unsupported_media_type' ? 'send the body as application/json' :
      fe.message;
    return { status: known[0], code: known[1], message };
  }
  // Data errors from the database (class 22: a value it cannot read) are the caller's input, not our fault.
  if (typeof fe.code === 'string' && /^22[0-9A-Z]{3}$/.test(fe.code)) return { status: 400, code: 'bad_request', message: 'a value in the request is not valid' };
  if (fe.statusCode === 429) return { status: 429, code: 'rate_limited', message: fe.message || 'too many requests, slow down' };
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
    return { status: fe.statusCode, code: 'bad_request', message: fe.message };
  }
  return { status: 500, code: 'internal', message: 'something went wrong on our side; nothing was stored' };
}

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, req: FastifyRequest, reply: FastifyReply) => {
    const { status, code, message } = toErrorReply(err);
    if (status >= 500) req.log.error({ err: { message: err.message, code: err.code, stack: err.stack } }, 'request failed');
    else req.log.info({ status, code }, 'request refused');
    if (err instanceof ApiError && err.statusCode === 401) reply.header('www-authenticate', 'Bearer');
    return reply.status(status).send({ error: { code, message } });
  });
  app.setNotFoundHandler((req, reply) => {
    return reply.status(404).send({ error: { code: 'not_found', message: `no route for ${req.method} ${req.url.split('?')[0]}` } });
  });
}
