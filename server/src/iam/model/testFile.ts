import type { ContextValue, Decision } from '../evaluator/types';
import type { Span } from '../span';
import { isPolicyDecision } from './decisions';
import { JsonReader, nodeSpan, type JsonNode } from './jsonReader';
import type { ModelDiagnostic, ModelHost } from './modelTypes';
import { PolicyLoader } from './policyLoader';
import { VALUES_FROM } from './valueTree';
import type { PolicyRef } from '../evaluator/model';

/** One test of a `*.iam-test.json` file (docs/formats.md, section 3). */
export interface PolicyTest {
  readonly name: string;
  readonly principal: string;
  readonly action: string;
  readonly resource: string;
  readonly context: Readonly<Record<string, ContextValue>>;
  /** Session policies, each parsed once, with their source file (or the test file, for inline ones). */
  readonly sessionPolicies: readonly PolicyRef[];
  readonly expect: Decision;
  /** The test object in the test file, and its name, for editors and failure messages. */
  readonly span: Span;
  readonly nameSpan: Span;
  /** Where each part of the request is written, so that a finding about it points there. */
  readonly spans: PolicyTestSpans;
}

export interface PolicyTestSpans {
  readonly principal: Span;
  readonly action: Span;
  readonly resource: Span;
  /** Per context key as written: the key and its value (the whole list, for a list). */
  readonly context: Readonly<Record<string, { readonly key: Span; readonly value: Span }>>;
}

export interface PolicyTestFile {
  readonly file: string;
  /** The model path, resolved against the test file; undefined when missing. */
  readonly model?: string;
  readonly modelSpan?: Span;
  readonly tests: readonly PolicyTest[];
}

export interface LoadTestFileResult {
  readonly testFile: PolicyTestFile;
  readonly diagnostics: readonly ModelDiagnostic[];
}

const FILE_KEYS = ['$schema', 'description', 'model', 'tests'] as const;
const TEST_KEYS = ['name', 'principal', 'action', 'resource', 'context', 'sessionPolicies', 'expect', 'description'] as const;

/**
 * Reads a policy test file. Tests with a missing required field are reported and left out; the rest run. Never
 * throws. The model itself is not loaded here: the caller loads it once for every test of the file.
 */
/**
 * Nothing is left opaque: every part of a test has a place the test's messages point at, found when a message needs
 * it where the file is large and plain JSON (read with JSON.parse, see valueTree.ts).
 */
const STRICT_FIRST = { isOpaque: () => false, strictOnly: true, valuesFrom: VALUES_FROM };

export function loadTestFile(path: string, host: ModelHost): LoadTestFileResult {
  const diagnostics: ModelDiagnostic[] = [];
  const text = host.readFile(path);
  if (typeof text !== 'string') {
    diagnostics.push({
      file: path,
      span: { offset: 0, length: 0 },
      severity: 'error',
      message: `Cannot read the test file ${path}: ${text.error}`,
      code: 'unreadableFile',
    });
    return { testFile: { file: path, tests: [] }, diagnostics };
  }
  // Strict JSON (what a generated test file is) is read in one quick pass; anything else in full, as before.
  const reader = new JsonReader(path, text, diagnostics, STRICT_FIRST);
  const loader = new PolicyLoader(host, diagnostics);
  const root = reader.expectObject(reader.tree, 'a policy test file');
  if (!root) return { testFile: { file: path, tests: [] }, diagnostics };
  const props = reader.knownProps(root, FILE_KEYS, 'the test file');

  const modelProp = props.get('model');
  const model = reader.expectString(modelProp?.value, 'the model');
  if (!modelProp) reader.report(nodeSpan(root), 'The test file needs a "model": the path of the account model its tests run against.', 'missingKey');

  const tests: PolicyTest[] = [];
  const testsNode = props.get('tests')?.value;
  if (!testsNode) reader.report(nodeSpan(root), 'The test file needs "tests": a list of requests with the decision each expects.', 'missingKey');
  else if (testsNode.type !== 'array') reader.report(nodeSpan(testsNode), '"tests" must be a list.', 'wrongType');
  const names = new Set<string>();
  for (const [index, node] of (testsNode?.type === 'array' ? (testsNode.children ?? []) : []).entries()) {
    const test = readTest(reader, loader, node, index);
    if (!test) continue;
    if (names.has(test.name))
      reader.report(test.nameSpan, `Two tests are named '${test.name}'; give each its own name so results can be told apart.`, 'duplicateTest', 'warning');
    names.add(test.name);
    tests.push(test);
  }
  return {
    testFile: {
      file: path,
      ...(model ? { model: host.resolve(path, model.value), modelSpan: model.span } : {}),
      tests,
    },
    diagnostics,
  };
}

/** A test as messages and labels name it: by its name, or by its place in the file when it has none. */
export function testLabel(name: string | undefined, index: number): string {
  return name !== undefined ? `test '${name}'` : `test ${index + 1}`;
}

/** A session policy a test writes inline, as fixes, explanations and the editor name it. */
export function sessionPolicyLabel(position: number, test: string): string {
  return `session policy ${position} of ${test}`;
}

function readTest(reader: JsonReader, loader: PolicyLoader, node: JsonNode, index: number): PolicyTest | undefined {
  const what = `test ${index + 1}`;
  const object = reader.expectObject(node, what);
  if (!object) return undefined;
  const props = reader.knownProps(object, TEST_KEYS, what);
  const nameNode = reader.expectString(props.get('name')?.value, `the name of ${what}`);
  const label = testLabel(nameNode?.value, index);
  const required = (key: 'principal' | 'action' | 'resource' | 'expect') => {
    const prop = props.get(key);
    if (!prop) {
      reader.report(nameNode?.span ?? nodeSpan(object), `The ${label} has no "${key}".`, 'missingKey');
      return undefined;
    }
    return reader.expectString(prop.value, `the ${key} of ${label}`);
  };
  const principal = required('principal');
  const action = required('action');
  const resource = required('resource');
  const expect = required('expect');
  if (expect && !isPolicyDecision(expect.value)) {
    reader.report(expect.span, `"expect" must be allowed, explicitDeny or implicitDeny, not '${expect.value}'.`, 'invalidValue');
  }
  const sessionPolicies: PolicyRef[] = [];
  const sessionNode = props.get('sessionPolicies')?.value;
  if (sessionNode && sessionNode.type !== 'array') reader.report(nodeSpan(sessionNode), `The sessionPolicies of ${label} must be a list.`, 'wrongType');
  for (const item of sessionNode?.type === 'array' ? (sessionNode.children ?? []) : []) {
    const doc = loader.fromNode(reader, item, `A session policy of ${label}`);
    const name = item.type === 'string' ? String(item.value) : sessionPolicyLabel(sessionPolicies.length + 1, label);
    if (doc) sessionPolicies.push(loader.ref(doc, { name, type: 'session' }));
  }
  const contextSpans: Record<string, { key: Span; value: Span }> = {};
  const context = readContext(reader, props.get('context')?.value, label, contextSpans);
  if (!principal || !action || !resource || !expect || !isPolicyDecision(expect.value)) return undefined;
  return {
    name: nameNode?.value ?? what,
    principal: principal.value,
    action: action.value,
    resource: resource.value,
    context,
    sessionPolicies,
    expect: expect.value,
    span: nodeSpan(object),
    nameSpan: nameNode?.span ?? nodeSpan(object),
    spans: { principal: principal.span, action: action.span, resource: resource.span, context: contextSpans },
  };
}

/** Context values: strings, or lists of strings for multi-valued keys; numbers and booleans read as strings. */
function readContext(
  reader: JsonReader,
  node: JsonNode | undefined,
  label: string,
  spans: Record<string, { key: Span; value: Span }>,
): Record<string, ContextValue> {
  const context: Record<string, ContextValue> = {};
  for (const entry of reader.entries(node, `the context of ${label}`)) {
    const value = entry.value;
    if (!value) continue;
    spans[entry.key] = { key: entry.keySpan, value: nodeSpan(value) };
    const scalar = (n: JsonNode): string | undefined => (n.type === 'string' || n.type === 'number' || n.type === 'boolean' ? String(n.value) : undefined);
    if (value.type === 'array') {
      const items: string[] = [];
      for (const item of value.children ?? []) {
        const text = scalar(item);
        if (text === undefined) reader.report(nodeSpan(item), `Values of context key '${entry.key}' must be strings, numbers or booleans.`, 'wrongType');
        else items.push(text);
      }
      context[entry.key] = items;
    } else {
      const text = scalar(value);
      if (text === undefined) reader.report(nodeSpan(value), `The value of context key '${entry.key}' must be a string or a list of strings.`, 'wrongType');
      else context[entry.key] = text;
    }
  }
  return context;
}
