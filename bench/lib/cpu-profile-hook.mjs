// Preloaded with `--import` into a child under profile. The first SIGWINCH starts sampling the
// CPU, the second writes BENCH_CPU_PROFILE (SIGUSR2 would stop Nest; a SIGTERM'd Nest process exits before --cpu-prof
// could write its file, and sampling only the measured window keeps startup out of it).
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';

const target = process.env.BENCH_CPU_PROFILE;

if (target) {
  const session = new Session();
  let running = false;
  session.connect();
  session.post('Profiler.enable', () => {
    session.post('Profiler.setSamplingInterval', { interval: 500 });
  });
  process.on('SIGWINCH', () => {
    if (!running) {
      running = true;
      session.post('Profiler.start');

      return;
    }
    session.post('Profiler.stop', (error, result) => {
      running = false;
      writeFileSync(target, error ? '{}' : JSON.stringify(result.profile));
    });
  });
}
