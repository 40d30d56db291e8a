import { type CommandApp, startCommandApp } from '../../test/command-test-app';
import { TRY_OUT_ORDER } from './commands.catalogue';
import { runExamples } from './try-examples';

/** The served /docs-json, typed loosely: the test reads it as a client would. */
type Doc = {
  info: { description: string };
  paths: Record<string, Record<string, any>>;
  components: { schemas: Record<string, unknown>; responses: Record<string, unknown> };
};

describe('the OpenAPI document teaches (issue 11)', () => {
  let t: CommandApp;
  let doc: Doc;

  beforeAll(async () => {
    t = await startCommandApp();
    doc = (await t.get('/docs-json')).body;
  });
  afterAll(async () => t.close());

  const operations = () =>
    Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.entries(item).map(([method, op]) => ({ key: `${method.toUpperCase()} ${path}`, op })),
    );

  it('serves API.md’s contract text and the error contract in the description', () => {
    expect(doc.info.description).toContain('## Conventions');
    expect(doc.info.description).toContain('Read-your-writes');
    expect(doc.info.description).toContain('| 409 | `RuleRefusal`');
    expect(doc.info.description).not.toContain('See API.md');
    expect(Object.keys(doc.components.schemas)).toEqual(
      expect.arrayContaining(['CommandAccepted', 'InvalidInput', 'UnknownResource', 'RuleRefusal']),
    );
  });

  it('gives every operation a summary and a description naming its FLR operation', () => {
    const ops = operations();
    expect(ops.length).toBeGreaterThan(40);
    for (const { key, op } of ops) {
      expect({ key, summary: typeof op.summary === 'string' && op.summary.length > 10 }).toEqual({
        key,
        summary: true,
      });
      expect({ key, flr: /\*\*FLR operation:\*\*/.test(op.description ?? '') }).toEqual({ key, flr: true });
    }
  });

  it('describes every status of every command: success schema, 400/401/403 by reference, 409 with codes and rule ids', () => {
    const commands = operations().filter(({ op }) => op.responses['409']);
    expect(commands.map((c) => c.key).sort()).toEqual([...TRY_OUT_ORDER].sort());
    for (const { key, op } of commands) {
      const success = Object.keys(op.responses).find((s) => s.startsWith('2'))!;
      expect({ key, schema: op.responses[success].content['application/json'].schema }).toEqual({
        key,
        schema: { $ref: '#/components/schemas/CommandAccepted' },
      });
      for (const s of ['400', '401', '403'])
        expect(op.responses[s].$ref).toMatch(/^#\/components\/responses\//);
      const refused = op.responses['409'].content['application/json'];
      expect(refused.schema).toEqual({ $ref: '#/components/schemas/RuleRefusal' });
      for (const example of Object.values(refused.examples) as { value: { code: string; rule: string } }[])
        expect(example.value.rule).toMatch(/^(R\d+[ab]?|§[\d.]+|API-[A-Z-]+)$/);
    }
    const change = doc.paths['/v1/persons/{nin}/gp-changes'].post;
    expect(change.description).toContain('`YEARLY_LIMIT_REACHED` | R15');
    expect(Object.keys(change.responses['409'].content['application/json'].examples)).toContain(
      'NO_CAPACITY-R19',
    );
  });

  it('has no "string" placeholders: every command body has a worked example, every path parameter one', () => {
    for (const { key, op } of operations()) {
      for (const p of op.parameters ?? [])
        if (p.in === 'path')
          expect({ key, param: p.name, example: p.example !== undefined }).toEqual({
            key,
            param: p.name,
            example: true,
          });
      const body = op.requestBody?.content?.['application/json'];
      if (body && op.responses['409'])
        expect({ key, examples: Object.keys(body.examples ?? {}).length > 0 }).toEqual({
          key,
          examples: true,
        });
    }
  });

  it('Try-it-out: every command’s examples, in order, are accepted by a fresh register', async () => {
    const outcomes = await runExamples(t.url, doc);
    const failed = outcomes.filter((o) => o.status >= 300);
    expect(failed).toEqual([]);
    expect(new Set(outcomes.map((o) => o.operation))).toEqual(new Set(TRY_OUT_ORDER));
  });
});
