// Resident memory of ROLE=all once started and idle, next to a bare Node process.
import { NodeProcess } from '../lib/service.mjs';
import { mb } from '../lib/stats.mjs';

const IDLE_MS = 10_000;

export async function idleFootprint(ctx) {
  const all = await ctx.startService('all-idle', { ROLE: 'all' });
  const atStart = all.rss();
  await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
  const idle = all.rss();
  await all.stop();

  const bare = new NodeProcess('bare-node', ctx.script('lib/idle-node.mjs'));
  await bare.waitForOutput('idle');
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  const bareRss = bare.rss();
  await bare.stop();

  return {
    rss_at_start_mb: mb(atStart),
    rss_idle_mb: mb(idle),
    bare_node_rss_mb: mb(bareRss),
    target: '< 200 MB',
    met: idle < 200 * 1024 * 1024,
  };
}
