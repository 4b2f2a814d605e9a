import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import type { JobsOptions, Queue } from 'bullmq';
import { AppConfig } from '../config/app-config.js';

/** The generation queue's names and job contract, declared once. */
export const GENERATION_QUEUE = 'generation';
export const GENERATE_TRACK_JOB = 'generate-track';

export interface GenerateTrackJobData {
  /** The track to generate; absent means "claim the oldest PAID track". */
  track_id?: string;
}

export function generationJobOptions(config: AppConfig): JobsOptions {
  return {
    attempts: config.worker.attempts,
    backoff: { type: 'exponential', delay: 2_000 },
    // Completed jobs stay a day so a repeated enqueue of the same track id is ignored.
    removeOnComplete: { age: 24 * 3600, count: 10_000 },
    removeOnFail: { age: 7 * 24 * 3600, count: 10_000 },
  };
}

/** Producer side of the generation queue. The job id is the track id: one job per track. */
@Injectable()
export class GenerationQueue {
  private readonly logger = new Logger(GenerationQueue.name);

  constructor(
    @InjectQueue(GENERATION_QUEUE) private readonly queue: Queue<GenerateTrackJobData>,
    private readonly config: AppConfig,
  ) {}

  async enqueue(trackId: string): Promise<void> {
    await this.queue.add(
      GENERATE_TRACK_JOB,
      { track_id: trackId },
      { ...generationJobOptions(this.config), jobId: trackId },
    );
    this.logger.log({ msg: 'Generation job has been enqueued', track_id: trackId });
  }

  /** Enqueues and logs instead of throwing: the recovery sweep re-enqueues PAID tracks. */
  async enqueueOrDefer(trackId: string): Promise<boolean> {
    try {
      await this.enqueue(trackId);

      return true;
    } catch (error) {
      this.logger.warn({
        msg: 'Generation job could not be enqueued; the recovery sweep will retry',
        track_id: trackId,
        err: error,
      });

      return false;
    }
  }

  async hasJob(trackId: string): Promise<boolean> {
    return (await this.queue.getJob(trackId)) !== undefined;
  }

  /** Removes a finished job so the same track id can be enqueued again (admin retry). */
  async removeFinished(trackId: string): Promise<void> {
    const job = await this.queue.getJob(trackId);
    const state = await job?.getState();
    if (job && (state === 'completed' || state === 'failed')) await job.remove();
  }

  get raw(): Queue<GenerateTrackJobData> {
    return this.queue;
  }
}
