import fc from 'fast-check';

/** The JSON Schema subset TypeBox emits for our routes. */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  pattern?: string;
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
}

/** Strings that have broken parsers, databases and templates before. */
export const NASTY_STRINGS = [
  '', ' ', '\u0000', '\ud800', '\u202e', '\u200b', '💥', '𠜎𠜱', '<script>alert(1)</script>', "'; drop table visits; --",
  '%', '%00', '../../etc/passwd', '__proto__', 'constructor', 'prototype', 'NaN', 'Infinity', '-0', '1e999', 'null', 'true',
  '9'.repeat(400), 'a'.repeat(70_000), '00000000-0000-0000-0000-000000000000', '2099-12-31T23:59:59.999Z', '0001-01-01', '9999-99-99',
  '=HYPERLINK("http://x")', '{"a":1}', '[]', '\\', '"', "'", '\r\n', '\t',
];

/** Any JSON value, hostile ones first: wrong types, huge values, deep nesting, prototype keys. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(null, true, false, 0, -1, 1.5, 2 ** 53, -(2 ** 63), 1e308, [], {}, [[[[[]]]]], { a: { b: { c: {} } } }),
  fc.constantFrom(...NASTY_STRINGS),
  fc.string({ maxLength: 60 }),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.integer(),
  fc.double({ noNaN: true }),
  fc.anything({ maxDepth: 3, maxKeys: 4 }),
  fc.constant(JSON.parse('{"__proto__":{"admin":true,"role":"admin"}}')),
  fc.constant(JSON.parse('{"constructor":{"prototype":{"admin":true}}}')),
);

const cap = (n: number | undefined, max: number) => Math.min(n ?? max, max);

function stringFor(s: JsonSchema, known: Record<string, readonly string[]>): fc.Arbitrary<string> {
  const options: fc.Arbitrary<string>[] = [];
  if (s.format === 'uuid') options.push(fc.uuid(), ...(known.uuid?.length ? [fc.constantFrom(...known.uuid)] : []));
  else if (s.format === 'date-time') options.push(fc.date({ min: new Date('2020-01-01'), max: new Date(Date.now() + 3_600_000), noInvalidDate: true }).map((d) => d.toISOString()));
  else if (s.format === 'email') options.push(fc.emailAddress());
  else if (s.pattern) {
    let re: RegExp | null = null;
    try {
      re = new RegExp(s.pattern, 'u');
    } catch {
      re = null;
    }
    if (re && /\\u[0-9a-f]{4}|\[\^/i.test(s.pattern)) {
      // Negated classes ("anything but control characters") are ordinary text.
      const test = re;
      options.push(fc.string({ unit: 'grapheme', minLength: s.minLength ?? 0, maxLength: cap(s.maxLength, 40) }).filter((x) => test.test(x)));
    } else if (re) {
      const test = re;
      options.push(fc.stringMatching(re).filter((x) => x.length >= (s.minLength ?? 0) && x.length <= (s.maxLength ?? Infinity) && test.test(x)));
    }
  }
  if (options.length === 0) options.push(fc.string({ unit: 'grapheme', minLength: s.minLength ?? 0, maxLength: cap(s.maxLength, 40) }));
  return fc.oneof(...options);
}

/**
 * Values that mostly satisfy `schema`, so requests get past validation into the services
 * (where the 5xx live); `known` supplies real ids so updates and deletes hit real rows.
 */
export function fromSchema(schema: JsonSchema | undefined, known: Record<string, readonly string[]> = {}, depth = 0): fc.Arbitrary<unknown> {
  if (!schema || depth > 6) return hostileValue;
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) return fc.oneof(...alternatives.map((a) => fromSchema(a, known, depth + 1)));
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'string':
      return stringFor(schema, known);
    case 'integer':
      return fc.integer({ min: Math.ceil(schema.minimum ?? -1000), max: Math.floor(schema.maximum ?? 100_000) });
    case 'number':
      return fc.double({ min: schema.minimum ?? -1000, max: schema.maximum ?? 100_000, noNaN: true, noDefaultInfinity: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(fromSchema(schema.items, known, depth + 1), { minLength: cap(schema.minItems, 4), maxLength: Math.max(cap(schema.minItems, 4), cap(schema.maxItems, 4)) });
    case 'object': {
      const props = schema.properties ?? {};
      const required = new Set(schema.required ?? []);
      const record: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [k, v] of Object.entries(props)) record[k] = fromSchema(v, known, depth + 1);
      return fc.record(record, { requiredKeys: [...required].filter((k) => k in props) });
    }
    default:
      return hostileValue;
  }
}

/** Replaces the value at `path` (indices wrap around) inside a JSON value. */
export function mutateAt(value: unknown, path: readonly (string | number)[], replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path;
  if (Array.isArray(value)) {
    const copy = [...value];
    const i = Math.abs(Number(head) || 0) % Math.max(copy.length, 1);
    copy[i] = mutateAt(copy[i], rest, replacement);
    return copy;
  }
  if (value && typeof value === 'object') {
    const keys = Object.keys(value);
    const key = typeof head === 'number' && keys.length ? keys[head % keys.length]! : String(head);
    return { ...(value as object), [key]: mutateAt((value as Record<string, unknown>)[key], rest, replacement) };
  }
  return replacement;
}

/** A valid-looking value, or one with a hostile value somewhere inside, or something else entirely. */
export function hostileFromSchema(schema: JsonSchema | undefined, known: Record<string, readonly string[]> = {}): fc.Arbitrary<unknown> {
  const valid = fromSchema(schema, known);
  return fc.oneof(
    { weight: 3, arbitrary: valid },
    { weight: 4, arbitrary: fc.tuple(valid, fc.array(fc.nat(20), { minLength: 1, maxLength: 3 }), hostileValue).map(([v, path, h]) => mutateAt(v, path, h)) },
    { weight: 1, arbitrary: fc.tuple(valid, fc.constantFrom('__proto__', 'constructor', 'prototype', 'extra'), hostileValue).map(([v, k, h]) => (v && typeof v === 'object' && !Array.isArray(v) ? JSON.parse(JSON.stringify(v).replace(/^\{/, `{${JSON.stringify(k)}:${JSON.stringify(h ?? null)}${Object.keys(v).length ? ',' : ''}`)) : v)) },
    { weight: 1, arbitrary: hostileValue },
  );
}
