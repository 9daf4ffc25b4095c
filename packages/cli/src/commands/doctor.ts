import type { DoctorFlags } from '../doctor/doctor.ts';
import { durationOption } from '../options.ts';
import { withStoreOption } from '../store-option.ts';
import { action, type CliCommand } from './command.ts';

/** `plinth doctor`: checks a store; exit code 1 when it finds a problem. */
export const doctorCommand: CliCommand = {
  name: 'doctor',
  register(program, context) {
    withStoreOption(
      program
        .command('doctor')
        .description(
          'check a store: unreadable documents and metrics, missing or orphan blobs, runs left running (exit 1 on problems)',
        ),
      context,
    )
      .option(
        '--stale-after <duration>',
        'report running runs with no heartbeat for this long: 90s, 30m, 2h, 1d',
        durationOption,
        3_600_000,
      )
      .option('--verify', 'also hash every artifact against its recorded SHA-256 (reads all blobs)')
      .option('--json', 'print JSON: { dir, ok, checked, problems: [{ kind, severity, key, message }] }')
      .action(
        action(context, async (flags: DoctorFlags) => {
          const [{ withStore }, { runDoctor }] = await Promise.all([
            import('../store.ts'),
            import('../doctor/doctor.ts'),
          ]);
          return withStore(context, flags.dir, (store) => runDoctor(context, store, flags));
        }),
      );
  },
};
