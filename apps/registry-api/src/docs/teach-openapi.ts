import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { OpenAPIObject } from '@nestjs/swagger';
import { COMMANDS, type CommandDoc, type Refusal } from './commands.catalogue';
import { CONVENTION_REFUSALS, ERROR_CONTRACT_TEXT, json, RESPONSES, ref, SCHEMAS } from './error-contract';
import { QUERIES, type QueryDoc } from './queries.catalogue';

type Operation = {
  summary?: string;
  description?: string;
  parameters?: { name: string; in: string; example?: unknown; description?: string }[];
  requestBody?: { content?: Record<string, { schema?: unknown; examples?: unknown }> };
  responses: Record<string, unknown>;
  'x-flr-operation'?: string;
  'x-rules'?: readonly string[];
};

const METHODS = ['get', 'post', 'put', 'delete', 'patch'] as const;

/** The contract text of API.md (docs/API.md), found from this module upward (src and dist layouts). */
export function readApiContract(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 8; i++) {
    const candidate = join(dir, 'docs', 'API.md');
    if (existsSync(candidate)) return readFileSync(candidate, 'utf8');
    dir = dirname(dir);
  }
  const fallback = join(process.cwd(), 'docs', 'API.md');
  if (existsSync(fallback)) return readFileSync(fallback, 'utf8');
  throw new Error('docs/API.md not found: the OpenAPI description renders it');
}

/**
 * Turns the generated document into one that teaches (issue 11): every operation gets a summary and
 * a description naming its FLR operation and rules, examples that work on a fresh register,
 * response schemas for every status (the refusal codes and rule ids of each command), the error
 * contract described once, and API.md as the document's description. An operation without an
 * entry in the catalogues is an error, so a new route cannot ship undocumented.
 */
export function teachOpenApi(document: OpenAPIObject, apiContract: string): OpenAPIObject {
  const components = (document.components ??= {}) as Record<string, Record<string, unknown>>;
  components.schemas = { ...(components.schemas ?? {}), ...SCHEMAS };
  components.responses = { ...(components.responses ?? {}), ...RESPONSES };
  document.info.description = [
    "Commands and queries of Norway's GP register (Fastlegeregisteret), event-sourced. Every operation names the FLR ",
    'operation it mirrors and the DOMAIN.md rules it applies; every command lists the refusals it can give. ',
    'The examples build one small register in Oslo in the order the command list shows: Try-it-out on a fresh register succeeds.',
    '',
    ERROR_CONTRACT_TEXT,
    '',
    apiContract.replace(/^# /, '## '),
  ].join('\n');
  const missing: string[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const op = (item as Record<string, Operation | undefined>)[method];
      if (!op) continue;
      const key = `${method.toUpperCase()} ${path}`;
      const command = COMMANDS[key];
      const query = QUERIES[key];
      if (command) teachCommand(op, command);
      else if (query) teachQuery(op, query);
      else missing.push(key);
    }
  }
  if (missing.length) throw new Error(`OpenAPI operations without documentation: ${missing.join(', ')}`);
  return document;
}

function header(op: Operation, doc: CommandDoc | QueryDoc): void {
  op.summary = doc.summary;
  const own = doc.description || op.description || '';
  op.description = [
    own,
    `**FLR operation:** ${doc.flr}.`,
    doc.rules.length ? `**Rules:** ${doc.rules.join(', ')} (DOMAIN.md).` : '',
  ]
    .filter((part) => part !== '')
    .join('\n\n');
  op['x-flr-operation'] = doc.flr;
  op['x-rules'] = doc.rules;
}

function paramExamples(op: Operation, values: Readonly<Record<string, string>> | undefined): void {
  for (const p of op.parameters ?? []) {
    const value = values?.[p.name];
    if (value !== undefined) p.example = value;
  }
}

function refusalTable(refusals: readonly Refusal[]): string {
  const rows = refusals.map(([code, rule, when]) => `| \`${code}\` | ${rule} | ${when} |`);
  return ['| code | rule | when |', '|---|---|---|', ...rows].join('\n');
}

function teachCommand(op: Operation, doc: CommandDoc): void {
  header(op, doc);
  paramExamples(op, { ...doc.params, ...doc.query });
  const body = op.requestBody?.content?.['application/json'];
  if (body && doc.examples) body.examples = doc.examples;
  const success = Object.keys(op.responses).find((s) => s.startsWith('2')) ?? '200';
  op.responses[success] = {
    description: 'Accepted: the events appended and their log position.',
    content: json(ref('CommandAccepted')),
  };
  op.responses['400'] = { $ref: '#/components/responses/InvalidInput' };
  op.responses['401'] = { $ref: '#/components/responses/Unauthenticated' };
  op.responses['403'] = { $ref: '#/components/responses/Forbidden' };
  if (doc.notFound.length)
    op.responses['404'] = {
      description: `Unknown: ${doc.notFound.map((c) => `\`${c}\``).join(', ')}.`,
      content: {
        'application/json': {
          schema: ref('UnknownResource'),
          examples: Object.fromEntries(doc.notFound.map((code) => [code, { value: { code } }])),
        },
      },
    };
  const refusals = [...doc.refusals, ...CONVENTION_REFUSALS];
  op.responses['409'] = {
    description: `Refused by a rule (code, rule id, when):\n\n${refusalTable(refusals)}`,
    content: {
      'application/json': {
        schema: ref('RuleRefusal'),
        examples: Object.fromEntries(
          refusals.map(([code, rule, when]) => [
            `${code}-${rule}`,
            { summary: when, value: { code, rule, message: when } },
          ]),
        ),
      },
    },
  };
  op.description += `\n\n**Refusals (409):**\n\n${refusalTable(refusals)}`;
}

const ANSWER_SCHEMAS: Readonly<Record<QueryDoc['answer'], Record<string, unknown>>> = {
  array: {
    'application/json': { schema: { type: 'array', items: { type: 'object', additionalProperties: true } } },
  },
  object: { 'application/json': { schema: { type: 'object', additionalProperties: true } } },
  ndjson: {
    'application/x-ndjson': {
      schema: { type: 'string', description: 'one { position, type, data, recordedAt } per line' },
    },
    'text/event-stream': { schema: { type: 'string' } },
  },
  text: { 'text/plain': { schema: { type: 'string' } } },
};

function teachQuery(op: Operation, doc: QueryDoc): void {
  header(op, doc);
  paramExamples(op, { ...doc.params, ...doc.query });
  const success = String(doc.status ?? 200);
  for (const s of Object.keys(op.responses)) if (s.startsWith('2') && s !== success) delete op.responses[s];
  op.responses[success] = { description: doc.summary, content: ANSWER_SCHEMAS[doc.answer] };
  op.responses['400'] = { $ref: '#/components/responses/InvalidInput' };
  op.responses['401'] = { $ref: '#/components/responses/Unauthenticated' };
  op.responses['403'] = { $ref: '#/components/responses/Forbidden' };
  if (doc.notFound.length)
    op.responses['404'] = {
      description: `Unknown: ${doc.notFound.map((c) => `\`${c}\``).join(', ')}.`,
      content: json(ref('UnknownResource')),
    };
  op.responses['503'] = { $ref: '#/components/responses/Unavailable' };
}
