import { ApiError, createUser, getUser } from '../api/client';
import type { User } from '../api/types';

const STORAGE_KEY = 'radio402.user_id';
export const NAME_MIN = 1;
export const NAME_MAX = 40;

export type IdentityStatus = 'loading' | 'anonymous' | 'editing' | 'saving' | 'ready' | 'error';

export class IdentityState {
  user = $state.raw<User | null>(null);
  status = $state<IdentityStatus>('loading');
  error = $state<string | null>(null);
  draft = $state('');

  get userId(): string | null {
    return this.user?.id ?? null;
  }

  get draftValid(): boolean {
    const length = this.draft.trim().length;

    return length >= NAME_MIN && length <= NAME_MAX;
  }

  async load(): Promise<void> {
    const id = localStorage.getItem(STORAGE_KEY);

    if (!id) {
      this.status = 'anonymous';

      return;
    }

    this.status = 'loading';

    try {
      this.user = await getUser(id);
      this.status = 'ready';
      this.error = null;
    } catch (error) {
      if (error instanceof ApiError && (error.status === 404 || error.status === 400)) {
        localStorage.removeItem(STORAGE_KEY);
        this.status = 'anonymous';

        return;
      }

      this.error = `We couldn't load your name. ${(error as Error).message}`;
      this.status = 'error';
    }
  }

  startEditing(): void {
    this.draft = this.user?.display_name ?? '';
    this.error = null;
    this.status = 'editing';
  }

  cancelEditing(): void {
    this.error = null;
    this.status = this.user ? 'ready' : 'anonymous';
  }

  async save(): Promise<boolean> {
    if (!this.draftValid) {
      this.error = `Use ${NAME_MIN} to ${NAME_MAX} characters.`;

      return false;
    }

    const previous = this.status;

    this.status = 'saving';
    this.error = null;

    try {
      const user = await createUser(this.draft.trim());

      localStorage.setItem(STORAGE_KEY, user.id);
      this.user = user;
      this.status = 'ready';
      this.draft = '';

      return true;
    } catch (error) {
      this.error = (error as Error).message;
      this.status = previous === 'saving' ? 'anonymous' : previous;

      return false;
    }
  }
}
