/** What a command writes to; the tests pass their own. */
export interface Io {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  /** Replaces the status line a terminal shows (a live view); absent = each line goes to `out`. */
  readonly live?: (line: string) => void;
}
