import { describe, expect, it } from 'vitest';
import { LARGE_PAYLOAD_BYTES, payloadFileExtension, payloadFileName } from '@shared/models/payload';
import {
  base64ToBytes,
  binaryLabel,
  convertText,
  formatBytes,
  isLargeText,
  jsonToYaml,
  languageFor,
  normalizeJson,
  parseJson,
  prepareText,
  prettyJson,
  saveFileName,
  utf8ByteLength,
  yamlToJson,
} from '../../../renderer/features/payload-viewer/format';

describe('detecting and pretty-printing JSON', () => {
  it('pretty-prints JSON with a 2-space indent, keeping key order', () => {
    const prepared = prepareText('{"b":1,"a":[true,null,"x"]}', 'application/json');
    expect(prepared).toEqual({
      format: 'json',
      language: 'json',
      text: '{\n  "b": 1,\n  "a": [\n    true,\n    null,\n    "x"\n  ]\n}',
    });
  });

  it('recognises JSON objects and arrays whatever the content type says', () => {
    expect(prepareText(' [1, 2]', 'text/plain').format).toBe('json');
    expect(prepareText('{"tool":"lookup"}', 'text/markdown').format).toBe('json');
    // Bare scalars count only when the type says JSON: "42" in a prompt is just text.
    expect(prepareText('42', 'text/plain')).toEqual({ text: '42', format: 'text', language: 'plaintext' });
    expect(prepareText('42', 'application/json').format).toBe('json');
  });

  it('leaves text that is not JSON unchanged', () => {
    for (const text of ['{ not json', 'Hello: world', '# Title\n\n- item']) {
      expect(prepareText(text, 'text/markdown')).toEqual({ text, format: 'text', language: 'plaintext' });
    }
    // Broken JSON under a JSON type still gets JSON highlighting, unchanged.
    expect(prepareText('{"a":', 'application/json')).toEqual({
      text: '{"a":',
      format: 'text',
      language: 'json',
    });
  });

  it('keeps integers beyond 2^53 exactly as written', () => {
    const text = '{"id":12345678901234567890,"small":1,"ratio":0.5,"huge":1e400}';
    const prepared = prepareText(text, 'application/json');
    expect(prepared.text).toContain('"id": 12345678901234567890');
    expect(prepared.text).toContain('"huge": 1e400');
    expect(prepared.text).toContain('"ratio": 0.5');
    expect(jsonToYaml(text)).toContain('id: 12345678901234567890');
    expect(yamlToJson('id: 12345678901234567890\nn: 3\n')).toBe(
      '{\n  "id": 12345678901234567890,\n  "n": 3\n}',
    );
  });

  it('returns null for text that is not JSON', () => {
    expect(parseJson('{')).toBeNull();
    expect(parseJson('')).toBeNull();
    expect(parseJson('[1]')).toEqual({ value: [1] });
  });
});

describe('normalizing for diffs', () => {
  it('sorts keys at every level and keeps array order', () => {
    const a = { z: 1, a: { y: [3, { d: 1, c: 2 }], b: null } };
    expect(normalizeJson(a)).toBe(
      '{\n  "a": {\n    "b": null,\n    "y": [\n      3,\n      {\n        "c": 2,\n        "d": 1\n      }\n    ]\n  },\n  "z": 1\n}',
    );
  });

  it('gives the same text for the same data in any key order or spacing', () => {
    const left = prepareText('{"b":{"y":2,"x":1},"a":[1,2]}', 'application/json', true);
    const right = prepareText('{\n "a": [1, 2],\n "b": {"x": 1, "y": 2}\n}', 'text/plain', true);
    expect(left.text).toBe(right.text);
    expect(prettyJson({ b: 1, a: 2 })).not.toBe(normalizeJson({ b: 1, a: 2 }));
  });

  it('keeps a __proto__ key as data', () => {
    const normalized = prepareText('{"__proto__":{"polluted":true},"a":1}', 'application/json', true);
    expect(JSON.parse(normalized.text)).toEqual(JSON.parse('{"__proto__":{"polluted":true},"a":1}'));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('normalizes YAML bodies as YAML', () => {
    const prepared = prepareText('b: 1\na:\n  d: [1, 2]\n  c: x\n', 'application/yaml', true);
    expect(prepared).toEqual({
      format: 'yaml',
      language: 'yaml',
      text: 'a:\n  c: x\n  d:\n    - 1\n    - 2\nb: 1\n',
    });
  });
});

describe('JSON ↔ YAML', () => {
  const json = prettyJson({ name: 'lookup', args: { city: 'Zürich', days: [1, 2] }, ok: true, note: null });

  it('converts JSON to YAML and back to the same JSON', () => {
    const yaml = convertText(json, 'yaml');
    expect(yaml).toBe(
      'name: lookup\nargs:\n  city: Zürich\n  days:\n    - 1\n    - 2\nok: true\nnote: null\n',
    );
    expect(convertText(yaml, 'json')).toBe(json);
  });

  it('keeps YAML bodies as written and offers them as JSON', () => {
    const yaml = '# config\nmodel: gpt\nretries: 3\n';
    expect(prepareText(yaml, 'text/yaml')).toEqual({ text: yaml, format: 'yaml', language: 'yaml' });
    expect(convertText(yaml, 'json')).toBe('{\n  "model": "gpt",\n  "retries": 3\n}');
  });

  it('treats invalid YAML as text and refuses to convert it', () => {
    const broken = 'a: [1, 2\nb: }';
    expect(prepareText(broken, 'application/x-yaml').format).toBe('text');
    expect(() => convertText(broken, 'json')).toThrow(/not valid YAML/);
    expect(() => convertText('{', 'yaml')).toThrow(/not valid JSON/);
  });

  it('does not take YAML-looking text without a YAML type for YAML', () => {
    expect(prepareText('Hello: world', 'text/plain').format).toBe('text');
  });
});

describe('languages, sizes and file names', () => {
  it('maps content types to editor languages', () => {
    expect(languageFor('application/json; charset=utf-8')).toBe('json');
    expect(languageFor('application/vnd.api+json')).toBe('json');
    expect(languageFor('application/x-yaml')).toBe('yaml');
    expect(languageFor('text/yaml')).toBe('yaml');
    expect(languageFor('text/markdown')).toBe('plaintext');
    expect(languageFor('image/png')).toBe('plaintext');
  });

  it('counts UTF-8 bytes without encoding', () => {
    for (const text of ['', 'abc', 'héllo', '€100', '😀 ok', 'a\ud800b']) {
      expect(utf8ByteLength(text), text).toBe(new TextEncoder().encode(text).length);
    }
  });

  it('calls a text large only above the payload threshold in bytes', () => {
    expect(isLargeText('a'.repeat(LARGE_PAYLOAD_BYTES))).toBe(false);
    expect(isLargeText('a'.repeat(LARGE_PAYLOAD_BYTES + 1))).toBe(true);
    // 1 M three-byte characters: 1 M UTF-16 units but 3 MB.
    expect(isLargeText('€'.repeat(1024 * 1024))).toBe(true);
  });

  it('formats sizes and binary bodies', () => {
    expect(formatBytes(1)).toBe('1 byte');
    expect(formatBytes(812)).toBe('812 bytes');
    expect(formatBytes(4300)).toBe('4.2 KB');
    expect(formatBytes(10 * 1024 * 1024)).toBe('10.0 MB');
    expect(binaryLabel(1024)).toBe('binary, 1,024 bytes');
    expect(binaryLabel(1)).toBe('binary, 1 byte');
  });

  it('offers file names with the right extension', () => {
    expect(saveFileName('Tool result: lookup', 'application/json')).toBe('tool-result-lookup.json');
    expect(saveFileName('Prompt', 'text/markdown')).toBe('prompt.md');
    expect(saveFileName('Réponse finale', 'text/plain')).toBe('reponse-finale.txt');
    // Plain text that parsed as JSON is saved as .json; unknown binary stays .bin.
    expect(saveFileName('output', 'text/plain', 'json')).toBe('output.json');
    expect(saveFileName('blob', 'application/octet-stream')).toBe('blob.bin');
    expect(saveFileName('???', 'application/x-yaml')).toBe('payload.yaml');
    expect(payloadFileName('56', 'application/json')).toBe('payload-56.json');
    expect(payloadFileName('r12.output', 'text/plain')).toBe('payload-r12.output.txt');
    expect(payloadFileName('../../etc/passwd', 'text/plain')).toBe('payload-_.._etc_passwd.txt');
    expect(payloadFileExtension('image/svg+xml')).toBe('svg');
    expect(payloadFileExtension('image/png')).toBe('png');
  });

  it('decodes base64 bodies to bytes', () => {
    expect([...base64ToBytes('AAEC+v8=')]).toEqual([0, 1, 2, 250, 255]);
    expect(base64ToBytes('').length).toBe(0);
  });
});
