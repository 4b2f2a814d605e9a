import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { Job } from 'bullmq';
import { AppConfig } from '../config/app-config.js';
import {
  GENERATE_TRACK_JOB,
  GENERATION_QUEUE,
  type GenerateTrackJobData,
} from './generation.queue.js';
import { TrackGenerationService, type GenerationOutcome } from './track-generation.service.js';

/** The generation worker: one job, one track. Runs in ROLE=worker and ROLE=all only. */
// autorun off: the options below come from config, which decorators cannot read.
@Processor(GENERATION_QUEUE, { autorun: false })
export class GenerationProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(GenerationProcessor.name);

  constructor(
    private readonly generation: TrackGenerationService,
    private readonly config: AppConfig,
  ) {
    super();
  }

  onApplicationBootstrap() {
    const { concurrency, lockDurationMs } = this.config.worker;
    Object.assign(this.worker.opts, {
      lockDuration: lockDurationMs,
      stalledInterval: lockDurationMs,
    });
    this.worker.concurrency = concurrency;
    void this.worker
      .run()
      .catch((error: unknown) =>
        this.logger.error({ msg: 'Generation worker stopped unexpectedly', err: error }),
      );
    this.logger.log({ msg: 'Generation worker has started', concurrency });
  }

  async process(job: Job<GenerateTrackJobData>): Promise<GenerationOutcome> {
    if (job.name !== GENERATE_TRACK_JOB) {
      throw new Error(`Job ${job.id} has unknown name ${job.name}`);
    }
    const attempts = job.opts.attempts ?? 1;

    return this.generation.generate(job.data.track_id, {
      jobId: job.id,
      finalAttempt: job.attemptsMade + 1 >= attempts,
    });
  }

  @OnWorkerEvent('stalled')
  onStalled(jobId: string) {
    this.logger.warn({ msg: 'Generation job stalled and will be picked up again', job_id: jobId });
  }
}
