/**
 * The API reference page (docs/api-reference.md) rendered from the OpenAPI document, so the page
 * says what the server does: `npm run docs:api` writes it, and a test checks it is up to date.
 */
type Json = Record<string, unknown>;
interface Doc {
  info: { title: string; description: string };
  paths: Record<string, Record<string, Json>>;
  components: { responses: Record<string, { description: string }> };
}

/** A schema in a few words: `string (date-time, ≤ 200)`, `integer 1–1440`, `"a" | "b"`, `Meeting[]`… */
function typeOf(schema: Json | undefined): string {
  if (!schema) return '';
  if (schema.const !== undefined) return `\`${JSON.stringify(schema.const)}\``;
  if (Array.isArray(schema.enum)) return schema.enum.map((e) => `\`${JSON.stringify(e)}\``).join(' \\| ');
  const alternatives = (schema.anyOf ?? schema.oneOf) as Json[] | undefined;
  if (alternatives) return alternatives.map(typeOf).join(' or ');
  if (schema.type === 'array') return `list of ${typeOf(schema.items as Json)}`;
  if (schema.type === 'object') return 'object';
  const limits = [
    schema.description,
    schema.format,
    schema.minLength !== undefined && `≥ ${schema.minLength} chars`,
    schema.maxLength !== undefined && `≤ ${schema.maxLength} chars`,
    schema.minimum !== undefined && `≥ ${schema.minimum}`,
    schema.maximum !== undefined && `≤ ${schema.maximum}`,
    schema.pattern !== undefined && `\`${String(schema.pattern).replace(/\|/g, '\\|')}\``,
    schema.default !== undefined && `default ${JSON.stringify(schema.default)}`,
  ].filter(Boolean);
  return `${String(schema.type ?? 'any')}${limits.length ? ` (${limits.join(', ')})` : ''}`;
}

/** The fields of an object schema, one row each, nested objects and lists of objects indented. */
function fieldRows(schema: Json, indent = ''): string[] {
  const properties = (schema.properties ?? {}) as Record<string, Json>;
  const required = new Set((schema.required ?? []) as string[]);
  return Object.entries(properties).flatMap(([name, property]) => {
    const row = `| ${indent}\`${name}\` | ${typeOf(property)} | ${required.has(name) ? 'yes' : ''} |`;
    const inner = property.type === 'array' ? (property.items as Json) : property;
    return inner?.type === 'object' ? [row, ...fieldRows(inner, `${indent}${name}.`)] : [row];
  });
}

function schemaBlock(schema: Json): string[] {
  if (schema.type === 'object') return ['| field | type | required |', '|---|---|---|', ...fieldRows(schema), ''];
  const alternatives = (schema.oneOf ?? schema.anyOf) as Json[] | undefined;
  if (alternatives) return alternatives.flatMap((alt, i) => [`One of (${i + 1}):`, '', ...schemaBlock(alt)]);
  return [typeOf(schema), ''];
}

export function renderReference(doc: Doc): string {
  const out = [
    `# ${doc.info.title} reference`,
    '',
    '<!-- Generated from /api/v1/openapi.json by `npm run docs:api`; a test keeps it up to date. Do not edit by hand. -->',
    '',
    doc.info.description,
    '',
    'How to get a key, the scopes, webhooks and their signatures: [api.md](api.md). The machine-readable',
    'document: `GET /api/v1/openapi.json` (OpenAPI 3.1).',
    '',
  ];
  const byTag = new Map<string, [string, string, Json][]>();
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const tag = (op.tags as string[])[0]!;
      byTag.set(tag, [...(byTag.get(tag) ?? []), [method, path, op]]);
    }
  }
  for (const [tag, ops] of byTag) {
    out.push(`## ${tag}`, '');
    for (const [method, path, op] of ops) {
      out.push(`### ${op.summary}`, '', `\`${method.toUpperCase()} /api/v1${path}\` · scope \`${op['x-scope']}\``, '');
      if (op.description) out.push(String(op.description), '');
      const parameters = op.parameters as { name: string; in: string; required: boolean; schema: Json }[];
      if (parameters.length) {
        out.push('| parameter | in | type | required |', '|---|---|---|---|');
        for (const p of parameters) out.push(`| \`${p.name}\` | ${p.in} | ${typeOf(p.schema)} | ${p.required ? 'yes' : ''} |`);
        out.push('');
      }
      const body = (op.requestBody as { content: Record<string, { schema: Json }> } | undefined)?.content['application/json']?.schema;
      if (body) out.push('Body (JSON):', '', ...schemaBlock(body));
      for (const [status, answer] of Object.entries(op.responses as Record<string, Json>)) {
        if (answer.$ref) continue;
        const content = answer.content as Record<string, { schema: Json }> | undefined;
        const [media, body] = Object.entries(content ?? {})[0] ?? [];
        out.push(`**${status}** ${answer.description}${media && media !== 'application/json' ? ` (\`${media}\`)` : ''}`, '');
        if (media === 'application/json' && body) out.push(...schemaBlock(body.schema));
      }
      const errors = Object.entries(op.responses as Record<string, Json>)
        .filter(([, a]) => a.$ref)
        .map(([s]) => s);
      out.push(`Errors: ${errors.join(', ')} (\`{ "error": { "code", "message" } }\`).`, '');
    }
  }
  out.push('## Errors', '', '| status | when |', '|---|---|');
  for (const [name, answer] of Object.entries(doc.components.responses)) out.push(`| ${name.slice(1)} | ${answer.description} |`);
  return `${out.join('\n')}\n`;
}
