import type { ChannelOutput, ParsedChannelInput } from '@shared/ipc/contract';
import { IpcError } from '@shared/ipc/errors';
import {
  compareSteps,
  countRows,
  firstDivergence,
  headerDeltas,
  metadataDiff,
  runFigures,
  sessionFigures,
  sideSteps,
  type CompareSide,
  type CompareSideResult,
  type SideFigures,
  type StepInput,
} from '@shared/models/compare';
import type { CoreDeps } from '../core';
import { readCompareSource } from '../db/compare-repo';
import type { Db } from '../db/connection';

interface LoadedSide {
  result: CompareSideResult;
  contents: string[];
  figures: SideFigures;
}

function loadSide(db: Db, side: CompareSide, which: string): LoadedSide {
  const source = readCompareSource(db, side.sessionId);
  if (!source) throw new IpcError('not-found', `The ${which} session is not in the local store`);
  const run = side.runId === undefined ? null : (source.runs.find((r) => r.id === side.runId) ?? null);
  if (side.runId !== undefined && !run) {
    throw new IpcError('not-found', `The ${which} session has no run ${side.runId}`);
  }
  const { steps, contents } = run
    ? sideSteps(
        source.activity.filter((item) => item.runId === run.id),
        [run],
        null,
      )
    : sideSteps(source.activity, source.runs, { session: source.session, body: source.promptBody });
  const { target } = source;
  return {
    result: {
      session: source.session,
      target: target && { id: target.id, name: target.name, kind: target.kind, location: target.location },
      run,
      runs: source.runs,
      steps,
    },
    contents,
    figures: run ? runFigures(run, steps) : sessionFigures(source.session),
  };
}

function stepInputs(side: LoadedSide): StepInput[] {
  return side.result.steps.map((step, i) => ({ ...step, content: side.contents[i]! }));
}

/**
 * Compares two sessions, or runs, from the store (any targets): both sides' compact steps, the
 * aligned rows, header deltas and the metadata diff. Bodies stay behind their refs.
 */
export function compareSessions(
  input: ParsedChannelInput<'compare:sessions'>,
  deps: CoreDeps,
): ChannelOutput<'compare:sessions'> {
  const left = loadSide(deps.db, input.left, 'left');
  const right = loadSide(deps.db, input.right, 'right');
  const { rows, method } = compareSteps(stepInputs(left), stepInputs(right));
  return {
    left: left.result,
    right: right.result,
    deltas: headerDeltas(left.figures, right.figures),
    metadata: metadataDiff(left.result, right.result),
    rows,
    firstDivergence: firstDivergence(rows),
    counts: countRows(rows),
    method,
  };
}
