// `node -r` preload: a CPU profile of the whole process into $CPU_PROFILE_DIR, written at exit. For
// processes the benchmark does not start itself (NODE_OPTIONS refuses --cpu-prof, but allows -r).
const { Session } = require('node:inspector');
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');

const session = new Session();
session.connect();
session.post('Profiler.enable');
session.post('Profiler.start');
process.on('exit', () => {
  // An in-process session answers synchronously, so the profile is written before the process ends.
  session.post('Profiler.stop', (error, result) => {
    if (!error) writeFileSync(join(process.env.CPU_PROFILE_DIR, `${process.argv[process.argv.length - 1].replace(/\W+/g, '_')}.${process.pid}.cpuprofile`), JSON.stringify(result.profile));
  });
});
