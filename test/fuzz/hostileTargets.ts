/**
 * Fuzz targets for the hostile-input classes (see test/hostile/): inputs whose size, not their content, used to make
 * the work explode. Each generator draws a size as well as a shape, so `npm run fuzz` reports the slowest input of
 * each class; the run fails when one takes longer than the slow limit or breaks an invariant.
 */
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { collectInputFiles } from '../../server/src/cli/inputFiles';
import { closestMatches } from '../../server/src/iam/catalog/suggest';
import { loadModel } from '../../server/src/iam/model/loadModel';
import { closestNames } from '../../server/src/iam/model/closestNames';
import type { ModelHost } from '../../server/src/iam/model/modelTypes';
import { validatePolicy } from '../../server/src/iam/validator/validatePolicy';
import { compileWildcard } from '../../server/src/iam/wildcard';
import type { Prng } from './prng';
import { InvariantError, type FuzzTarget } from './targets';

const PIECES = ['?', '*', 'a', 'b', 'Get', 'Object', '/', ':', '${aws:username}'];

function pattern(rng: Prng, length: number, questionShare: number): string {
  let out = '';
  while (out.length < length) out += rng.chance(questionShare) ? '?' : rng.pick(PIECES);
  return out;
}

/** Long Action and Resource lists of wildcard entries that mostly do not cover each other. */
export const longListsTarget: FuzzTarget<{ actions: string[]; resources: string[] }> = {
  name: 'longLists',
  generate(rng) {
    const count = rng.int(10, rng.chance(0.3) ? 3000 : 300);
    const width = rng.int(1, rng.chance(0.2) ? 400 : 20);
    return {
      actions: Array.from({ length: count }, (_, i) => `s3:${pattern(rng, rng.int(1, width), 0.3)}${i}*`),
      resources: Array.from({ length: count }, () => `arn:aws:s3:::b/*${pattern(rng, rng.int(1, width), 0.5)}*`),
    };
  },
  run(input, corpus) {
    const text = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: input.actions, Resource: input.resources }] });
    validatePolicy(text, { type: 'identity', catalog: corpus.catalog });
  },
};

/** `?`-heavy wildcard patterns against long values, checked against a reference on small ones. */
export const questionPatternsTarget: FuzzTarget<{ pattern: string; value: string }> = {
  name: 'questionPatterns',
  generate(rng) {
    const long = rng.chance(0.3);
    const value = 'ab'.repeat(rng.int(1, long ? 60_000 : 40)).slice(rng.int(0, 1));
    return { pattern: `*${pattern(rng, rng.int(1, long ? 20_000 : 30), 0.6)}*`, value };
  },
  run(input) {
    const got = compileWildcard(input.pattern, { caseInsensitive: false })(input.value);
    if (input.pattern.length * input.value.length > 200_000) return;
    const regex = new RegExp(
      `^${[...input.pattern].map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('')}$`,
      's',
    );
    if (got !== regex.test(input.value)) throw new InvariantError(`wildcard ${input.pattern} on ${input.value}: ${got}`);
  },
};

/** "Did you mean" over long names and many long candidates. */
export const longNamesTarget: FuzzTarget<{ written: string; candidates: string[] }> = {
  name: 'longNames',
  generate(rng) {
    const length = rng.int(1, rng.chance(0.3) ? 30_000 : 60);
    const base = pattern(rng, length, 0).replace(/[*?]/g, 'x');
    return {
      written: base,
      candidates: Array.from({ length: rng.int(1, 300) }, () => base.slice(0, rng.int(0, base.length)) + pattern(rng, rng.int(0, 8), 0)),
    };
  },
  run(input) {
    closestNames(input.written, input.candidates);
    closestMatches(input.written, input.candidates);
  },
};

/** Organizations nested hundreds to tens of thousands of levels deep. */
export const deepModelsTarget: FuzzTarget<{ depth: number }> = {
  name: 'deepModels',
  generate: (rng) => ({ depth: rng.int(1, rng.chance(0.5) ? 50_000 : 200) }),
  run(input) {
    let open = '';
    let close = '';
    for (let i = 1; i <= input.depth; i++) {
      open += `{"id":"ou-${i}","children":[`;
      close += ']}';
    }
    const text = `{"organization":{"id":"o-1","managementAccount":"111111111111","root":{"id":"r-1","children":[${open}{"id":"leaf","accounts":["111111111111"]}${close}]}},"accounts":{"111111111111":{}}}`;
    const host: ModelHost = {
      readFile: (path) => (path === '/m.iam-model.json' ? text : { error: 'no such file' }),
      resolve: (from, relative) => posix.resolve(posix.dirname(from), relative),
    };
    const { diagnostics } = loadModel('/m.iam-model.json', host);
    const deep = diagnostics.some((d) => d.code === 'tooDeep');
    if (deep !== 2 * input.depth + 6 > 256) throw new InvariantError(`depth ${input.depth}: tooDeep reported ${deep}`);
  },
};

/** Folder trees with symbolic links back up, sideways and to themselves: the walk must end with each file once. */
export const symlinkTreesTarget: FuzzTarget<{ folders: number; links: [number, number][] }> = {
  name: 'symlinkTrees',
  generate(rng) {
    const folders = rng.int(1, 12);
    return { folders, links: Array.from({ length: rng.int(0, 10) }, () => [rng.int(0, folders - 1), rng.int(0, folders - 1)] as [number, number]) };
  },
  run(input) {
    if (process.platform === 'win32') return;
    const root = mkdtempSync(join(tmpdir(), 'iam-fuzz-tree-'));
    try {
      // Folder i is a child of folder ⌊i/2⌋: a small binary tree, each with one policy file.
      const path = (i: number): string => (i === 0 ? root : join(path(Math.floor((i - 1) / 2)), `d${i}`));
      for (let i = 0; i < input.folders; i++) {
        mkdirSync(path(i), { recursive: true });
        writeFileSync(join(path(i), `p${i}.json`), '{}');
      }
      input.links.forEach(([from, to], k) => symlinkSync(path(to), join(path(from), `link${k}`)));
      const { files } = collectInputFiles([root]);
      const real = files.map((f) => realpathSync(f.path));
      if (new Set(real).size !== real.length) throw new InvariantError('a file was walked twice');
      if (real.length !== input.folders) throw new InvariantError(`${real.length} files found, ${input.folders} exist`);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  },
};

export const HOSTILE_TARGETS = [longListsTarget, questionPatternsTarget, longNamesTarget, deepModelsTarget, symlinkTreesTarget] as const;
