// Types of ServerTable.vue, importable from plain TypeScript.
export interface FetchQuery {
  cursor: string | null;
  limit: number;
  signal: AbortSignal;
}
/** What a template ref to <ServerTable> exposes: `const table = ref<ServerTableApi | null>(null)`. */
export interface ServerTableApi {
  /** Back to the first page and load. */
  reload(): Promise<void>;
  /** Load the current page again. */
  refresh(): Promise<void>;
}
