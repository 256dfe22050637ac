// The shared argument parser (server/src/cli/args.ts) that every command uses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatOptions, HELP_OPTION, parseArgs } from '../../../server/src/cli/args';
import type { OptionSpec } from '../../../server/src/cli/args';

const SPECS: OptionSpec[] = [
  { name: 'type', short: 't', kind: 'value', choices: ['auto', 'identity'], default: 'auto', description: 'policy type' },
  { name: 'context', kind: 'list', valueName: 'KEY=VALUE', description: 'context value' },
  { name: 'verbose', short: 'v', kind: 'flag', description: 'more output' },
  HELP_OPTION,
];

function parse(argv: string[]) {
  const result = parseArgs(argv, SPECS);
  if (!result.ok) throw new Error(result.error);
  return result.args;
}

test('long, short and --name=value forms; defaults; positionals in order', () => {
  const args = parse(['a.json', '--type', 'identity', '-v', 'b.json']);
  assert.equal(args.value('type'), 'identity');
  assert.equal(args.flag('verbose'), true);
  assert.equal(args.flag('help'), false);
  assert.deepEqual(args.positionals, ['a.json', 'b.json']);
  assert.equal(parse(['--type=identity']).value('type'), 'identity');
  assert.equal(parse(['-t', 'identity']).value('type'), 'identity');
  assert.equal(parse([]).value('type'), 'auto');
});

test('list options collect every value; the last single value wins', () => {
  const args = parse(['--context', 'aws:SourceIp=1.2.3.4', '--context=aws:username=alice', '--type', 'auto', '--type', 'identity']);
  assert.deepEqual(args.list('context'), ['aws:SourceIp=1.2.3.4', 'aws:username=alice']);
  assert.equal(args.value('type'), 'identity');
  assert.deepEqual(parse([]).list('context'), []);
});

test('"--" ends options and "-" is a positional', () => {
  const args = parse(['--', '--type', '-']);
  assert.deepEqual(args.positionals, ['--type', '-']);
  assert.deepEqual(parse(['-']).positionals, ['-']);
});

test('errors name the option: unknown, missing value, value for a flag, value not allowed', () => {
  const error = (argv: string[]) => {
    const result = parseArgs(argv, SPECS);
    assert.equal(result.ok, false);
    return result.ok ? '' : result.error;
  };
  assert.equal(error(['--frob']), "unknown option '--frob'");
  assert.equal(error(['-x']), "unknown option '-x'");
  assert.equal(error(['--type']), "option '--type' needs a value");
  assert.equal(error(['--verbose=yes']), "option '--verbose' takes no value");
  assert.equal(error(['--type', 'scp']), "option '--type' must be one of auto, identity, not 'scp'");
});

test('help lists every option with its aliases, choices and default', () => {
  const help = formatOptions(SPECS);
  assert.match(help, /-t, --type <value> +policy type \(one of: auto, identity; default: auto\)/);
  assert.match(help, / {4}--context <KEY=VALUE> +context value \(repeatable\)/);
  assert.match(help, /-h, --help +show this help and exit/);
});
