import { getConfig } from '../api/client';
import type { StationConfig } from '../api/types';

export class ConfigState {
  value = $state.raw<StationConfig | null>(null);
  error = $state<string | null>(null);

  get stationName(): string {
    return this.value?.station_name ?? 'radio402';
  }

  get durations(): number[] {
    return this.value?.durations ?? [];
  }

  get payments() {
    return this.value?.x402 ?? null;
  }

  async load(): Promise<void> {
    try {
      this.value = await getConfig();
      this.error = null;
    } catch (error) {
      this.error = (error as Error).message;
    }
  }
}
