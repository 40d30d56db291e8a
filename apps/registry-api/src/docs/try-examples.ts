import { TRY_OUT_ORDER } from './commands.catalogue';

export interface ExampleOutcome {
  operation: string;
  example: string;
  status: number;
  body: unknown;
}

interface DocOperation {
  parameters?: { name: string; in: string; example?: unknown }[];
  requestBody?: { content?: Record<string, { examples?: Record<string, { value: unknown }> }> };
}

/**
 * Sends every command's examples in `TRY_OUT_ORDER`, as Try-it-out would with the example values
 * of the served document and nothing else (the doctor period's id is chosen in its example, so
 * ending it needs no value copied from an answer).
 */
export async function runExamples(
  baseUrl: string,
  doc: { paths: Record<string, Record<string, DocOperation>> },
  headers: Record<string, string> = {},
): Promise<ExampleOutcome[]> {
  const outcomes: ExampleOutcome[] = [];
  for (const key of TRY_OUT_ORDER) {
    const [method, path] = key.split(' ') as [string, string];
    const op = doc.paths[path]?.[method.toLowerCase()];
    if (!op) throw new Error(`The document has no ${key}`);
    let url = path;
    const query = new URLSearchParams();
    for (const p of op.parameters ?? []) {
      const value = p.example;
      if (value === undefined) continue;
      if (p.in === 'path') url = url.replace(`{${p.name}}`, encodeURIComponent(String(value)));
      else if (p.in === 'query') query.set(p.name, String(value));
    }
    const target = `${baseUrl}${url}${query.size ? `?${query}` : ''}`;
    const examples = Object.entries(op.requestBody?.content?.['application/json']?.examples ?? {});
    for (const [name, example] of examples.length
      ? examples
      : [['(no body)', { value: undefined }] as const]) {
      const res = await fetch(target, {
        method,
        headers: { 'content-type': 'application/json', ...headers },
        body: example.value === undefined ? undefined : JSON.stringify(example.value),
      });
      const text = await res.text();
      const body = text ? (JSON.parse(text) as unknown) : null;
      outcomes.push({ operation: key, example: name, status: res.status, body });
    }
  }
  return outcomes;
}
