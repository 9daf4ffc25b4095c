import { exportStaticUi } from '@plinth/ui';
import type { CliContext } from '../context.ts';
import { checkTarget } from '../export/export-static.ts';
import { toJson } from '../output/json.ts';
import type { Store } from '../store.ts';

/** Writes the UI of a store as static files (`plinth ui --static <folder>`). */
export async function writeStaticUi(
  context: CliContext,
  store: Store,
  target: string,
  flags: { force?: boolean; json?: boolean },
): Promise<void> {
  await checkTarget(store.dir, target, flags.force === true, 'index.html');
  const progress = context.progress('writing the static UI', 0);
  const summary = await exportStaticUi({
    tracker: store.tracker,
    registry: store.registry,
    profiles: store.profiles,
    to: target,
    // the total grows as the export discovers runs and versions
    onProgress: (step) => progress.update(step.done, step.total),
  });
  progress.done();
  if (flags.json) context.print(toJson({ to: target, ...summary }));
  else {
    context.print(
      `wrote the UI (${summary.runs} runs, ${summary.versions} model versions, ${summary.files} files) to ${target}\n`,
    );
    context.note('open it from any static host (or a local static server); it works offline');
  }
}
