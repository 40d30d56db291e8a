/** The error contract of API.md, described once in the OpenAPI components and referenced by every operation. */

type Schema = Record<string, unknown>;

export const SCHEMAS: Readonly<Record<string, Schema>> = {
  CommandAccepted: {
    type: 'object',
    description: 'A command was decided and its events appended (API.md: command success).',
    required: ['position', 'events'],
    properties: {
      position: {
        type: 'string',
        description: 'Log position; pass it as X-Min-Position to read your write',
        example: '42',
      },
      events: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            type: { type: 'string', example: 'PatientListed' },
            stream: { type: 'string', example: 'person-7f1c…' },
            revision: { type: 'integer', example: 3 },
          },
        },
      },
      effectiveFrom: {
        type: 'string',
        format: 'date',
        description: 'When the change takes effect (R17)',
        example: '2027-01-01',
      },
    },
    additionalProperties: true,
  },
  InvalidInput: {
    type: 'object',
    description: '400: the request is malformed; every problem is named by field.',
    required: ['code', 'errors'],
    properties: {
      code: {
        type: 'string',
        enum: ['INVALID_INPUT', 'INVALID_NIN', 'NOT_A_REGISTER_ID', 'BODY_TOO_DEEP'],
        description:
          'INVALID_NIN: a fødselsnummer/D-nummer with a wrong check digit or date; NOT_A_REGISTER_ID: an H-number or other non-register number',
      },
      message: {
        type: 'string',
        description: "With INVALID_NIN: FLR's fault text 'patientNin er ugyldig' (§5.1, S02)",
      },
      errors: {
        type: 'array',
        items: {
          type: 'object',
          properties: { field: { type: 'string', example: 'diedOn' }, message: { type: 'string' } },
        },
      },
    },
  },
  UnknownResource: {
    type: 'object',
    description: '404: the person, contract, GP or doctor period does not exist (or the person has no GP).',
    required: ['code'],
    properties: {
      code: {
        type: 'string',
        enum: [
          'UNKNOWN_PERSON',
          'UNKNOWN_CONTRACT',
          'UNKNOWN_GP',
          'UNKNOWN_DOCTOR_PERIOD',
          'NO_GP',
          'UNKNOWN_PROJECTION',
        ],
      },
      message: { type: 'string' },
    },
  },
  RuleRefusal: {
    type: 'object',
    description:
      '409: a register rule refused the command. `rule` is the rule id of DOMAIN.md (R1–R48, §…) or an API ' +
      'convention (API-IDEMPOTENCY, API-REGISTERED-AT). Codes are stable; messages are for people.',
    required: ['code', 'rule', 'message'],
    properties: {
      code: { type: 'string', example: 'YEARLY_LIMIT_REACHED' },
      rule: { type: 'string', example: 'R15' },
      message: { type: 'string', example: 'The person has used 2 changes in 2026' },
    },
    additionalProperties: true,
  },
  AccessRefused: {
    type: 'object',
    description:
      '401 UNAUTHENTICATED (no or invalid bearer token) / 403 FORBIDDEN (the role may not call this) / 429 RATE_LIMITED.',
    required: ['code'],
    properties: {
      code: { type: 'string', enum: ['UNAUTHENTICATED', 'FORBIDDEN', 'RATE_LIMITED'] },
      message: { type: 'string' },
    },
  },
  Unavailable: {
    type: 'object',
    description: '503: the read models did not reach X-Min-Position in time, or the request timed out.',
    required: ['code'],
    properties: { code: { type: 'string', example: 'NOT_CAUGHT_UP' }, message: { type: 'string' } },
  },
};

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: Schema) => ({ 'application/json': { schema } });

export const RESPONSES: Readonly<Record<string, Schema>> = {
  InvalidInput: {
    description: 'Invalid input (error contract: InvalidInput).',
    content: json(ref('InvalidInput')),
  },
  Unauthenticated: { description: 'No valid bearer token.', content: json(ref('AccessRefused')) },
  Forbidden: {
    description: 'The caller’s role may not call this operation (docs/security.md).',
    content: json(ref('AccessRefused')),
  },
  Unavailable: {
    description: 'Read models not caught up to X-Min-Position, or timeout.',
    content: json(ref('Unavailable')),
  },
};

/** Refusals of the API conventions that every command can give (README). */
export const CONVENTION_REFUSALS: readonly (readonly [string, string, string])[] = [
  ['IDEMPOTENCY_KEY_REUSED', 'API-IDEMPOTENCY', 'the commandId was used for another command or body'],
  [
    'BACKDATED_COMMAND',
    'API-REGISTERED-AT',
    'registeredAt precedes the last fact recorded on a stream the command touches (person, list, GP, municipality)',
  ],
];

export const ERROR_CONTRACT_TEXT = [
  '## Answers and errors (one contract for every operation)',
  '',
  '| Status | Body | When |',
  '|---|---|---|',
  '| 200 / 201 | `CommandAccepted` `{ position, events, effectiveFrom? }` | a command was accepted |',
  '| 400 | `InvalidInput` `{ code, errors: [{ field, message }] }` | malformed input; every field named |',
  '| 401 / 403 / 429 | `AccessRefused` `{ code }` | no token, wrong role, rate limit |',
  '| 404 | `UnknownResource` `{ code }` | unknown person, contract, GP, doctor period; `NO_GP` |',
  '| 409 | `RuleRefusal` `{ code, rule, message }` | a register rule (rule id of DOMAIN.md) or an API convention refused |',
  '| 503 | `Unavailable` `{ code }` | read models not caught up to `X-Min-Position`, timeout |',
  '',
  'Each command lists the 409 codes it can give with their rule ids, and the 404 codes.',
].join('\n');

export { ref, json };
