export interface GenerationRequest {
  trackId: string;
  prompt: string;
  durationSeconds: number;
  signal?: AbortSignal;
}

export interface GeneratedAudio {
  data: Buffer;
  /** Always `audio/mpeg` for the generators in this library. */
  contentType: string;
  extension: string;
  /** Measured from the MP3 frames, not taken from the request. */
  durationMs: number;
  providerId?: string;
  /** Set when the provider's suggested prompt was used instead of the requested one. */
  promptUsed?: string;
}

/** A music model behind one method; errors thrown are `GenerationError` subclasses. */
export interface MusicGenerator {
  readonly name: string;
  generate(request: GenerationRequest): Promise<GeneratedAudio>;
}
