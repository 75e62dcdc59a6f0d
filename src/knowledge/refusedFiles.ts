import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { type FileProblem, planProblem } from "../ingest/readPlanFile.js";

/**
 * Plan files that made a reader crash, run out of memory or time: remembered in DATA_DIR so that
 * they are not read again at every start (a file that takes the time limit would otherwise cost
 * that at each start, and one that crashed the process would crash it again). A file is known by
 * its name, size and modification time: replacing it gives it a new chance.
 *
 * The files being read are written down too: a file found still "being read" after two stops of
 * the bot is refused, whatever happened to the process.
 */
interface Remembered {
  version: 1;
  refused: Record<string, { key: string; problem: FileProblem }>;
  reading: Record<string, { key: string; interrupted: number }>;
}

const INTERRUPTIONS_BEFORE_REFUSAL = 2;

/** The list's name in DATA_DIR. */
export const REFUSED_FILES_NAME = "refused-plans.json";

export class RefusedFiles {
  private state: Remembered = { version: 1, refused: {}, reading: {} };

  private constructor(
    private readonly path: string | undefined,
    private readonly readOnly: boolean,
  ) {}

  /**
   * Reads the list (a damaged list is started afresh); files left "being read" by the last run
   * count one interruption. `readOnly` (kb:check, beside a running bot) uses the list and never writes it.
   */
  static open(path?: string, options: { readOnly?: boolean } = {}): RefusedFiles {
    const files = new RefusedFiles(path, options.readOnly ?? false);
    if (!path) return files;
    try {
      const state = JSON.parse(readFileSync(path, "utf8")) as Remembered;
      if (state.version === 1 && state.refused && state.reading) files.state = state;
    } catch {
      // No list yet, or unreadable: nothing is remembered.
    }
    if (files.readOnly) return files;
    for (const [name, reading] of Object.entries(files.state.reading)) {
      const interrupted = reading.interrupted + 1;
      if (interrupted >= INTERRUPTIONS_BEFORE_REFUSAL) {
        files.state.refused[name] = { key: reading.key, problem: planProblem(name, "planFile.interrupted") };
        delete files.state.reading[name];
      } else files.state.reading[name] = { key: reading.key, interrupted };
    }
    files.save();
    return files;
  }

  /** The remembered refusal of this version of the file, if any. */
  refusal(name: string, key: string): FileProblem | undefined {
    const entry = this.state.refused[name];
    return entry && entry.key === key ? entry.problem : undefined;
  }

  all(): FileProblem[] {
    return Object.values(this.state.refused).map((e) => e.problem);
  }

  beginReading(name: string, key: string): void {
    this.state.reading[name] = { key, interrupted: this.state.reading[name]?.key === key ? this.state.reading[name]!.interrupted : 0 };
    this.save();
  }

  /** The read ended (read or refused); `lasting` refusals are remembered. */
  endReading(name: string, key: string, lasting?: FileProblem): void {
    delete this.state.reading[name];
    if (lasting) this.state.refused[name] = { key, problem: lasting };
    else if (this.state.refused[name]?.key !== key) delete this.state.refused[name];
    this.save();
  }

  /** Files no longer in the folder are forgotten. */
  keepOnly(names: Set<string>): void {
    let changed = false;
    for (const map of [this.state.refused, this.state.reading]) {
      for (const name of Object.keys(map)) {
        if (!names.has(name)) {
          delete map[name];
          changed = true;
        }
      }
    }
    if (changed) this.save();
  }

  /** Synchronous, through a temporary file and a rename: it must be on disk before a read that may crash the process. */
  private save(): void {
    if (!this.path || this.readOnly) return;
    const temp = `${this.path}.${randomBytes(4).toString("hex")}.tmp`;
    try {
      mkdirSync(dirname(this.path), { recursive: true });
      writeFileSync(temp, JSON.stringify(this.state));
      renameSync(temp, this.path);
    } catch {
      // A full or read-only disk: the list stays in memory for this run.
      rmSync(temp, { force: true });
    }
  }
}
