import { lstatSync, opendirSync, readdirSync, statSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { type FSWatcher, watch } from "chokidar";
import pLimit from "p-limit";
import { keepReadersReady } from "../ingest/planReaderPool.js";
import type { FileProblem } from "../ingest/readPlanFile.js";
import type { PlanDocument } from "../ingest/types.js";
import { DEFAULT_LEXICON_DIR, type Lexicon, loadLexicon } from "../lexicon/lexicon.js";
import { buildIndex, IndexBuilder, type KnowledgeIndex, passageCount, type PreparedSentences, prepareSentences, updateIndex } from "../search/knowledgeIndex.js";
import { searchAtRest } from "../search/searchSnapshot.js";
import { runBetweenAnswers } from "../search/steps.js";
import { cacheBytes, readDocumentCache, writeCacheBytes } from "./documentCache.js";
import { type Bilingual, bilingual } from "../messages/catalogue.js";
import { errorCode, isPlanFileName, KnowledgeFolderError, listFolder, loadPlanFile, problemOf, SIDECAR_SUFFIX, ScanPending, sidecarName, symlinkProblem } from "./loadKnowledge.js";
import { type ScanProgress, ScanQueue } from "./scanQueue.js";
import { BuildAsRead } from "./buildAsRead.js";

export { KnowledgeFolderError };
import { RefusedFiles } from "./refusedFiles.js";

/** Up to this many changed plans (or this share of all plans) are updated in place instead of rebuilt. */
const INCREMENTAL_MIN_FILES = 10;
const INCREMENTAL_SHARE = 0.1;

const FILE_CONCURRENCY = 8;
/** From this many plans (the large-corpus threshold of src/nodeFlags.mjs) one reader thread stays ready for the next change. */
const STANDBY_READER_PLANS = 200;
const CACHE_WRITE_DELAY_MS = 2000;

export interface FileEntry {
  /** Size and modification time of the plan and its sidecar: a change means a re-parse. */
  signature: string;
  /** The version that serves: the latest that parsed, even when a newer one failed. */
  doc?: PlanDocument;
  problem?: FileProblem;
}

export interface ReloadReport {
  changed: string[];
  removed: string[];
  lexiconChanged: boolean;
  problems: FileProblem[];
  documents: number;
  passages: number;
  builtAt: Date;
  durationMs: number;
  /** Plans taken from the cache of parsed plans at start-up instead of being parsed again. */
  reusedFromCache: number;
}

export interface KnowledgeBaseOptions {
  lexiconDir?: string;
  /** Where parsed plans are kept between runs (start-up then parses only changed files). */
  cacheFile?: string;
  /** Where files that crashed a reader or took its time limit are remembered (in DATA_DIR). */
  refusedFile?: string;
  /** How often the watcher checks that it still sees the folder (tests shorten it). */
  watchCheckMs?: number;
  onError?: (error: unknown) => void;
}

export interface WatchHealth {
  watching: boolean;
  /** Why the folder is not watched (Vietnamese first), while it is not. */
  problem?: Bilingual;
}

/**
 * Synchronous on purpose: a thousand stat calls take a few milliseconds this way, and several
 * times longer through the thread pool, on every reload.
 */
function signatureOf(path: string): string {
  try {
    const info = statSync(path);
    return `${info.size}:${info.mtimeMs}`;
  } catch {
    return "-";
  }
}

/**
 * The lexicon folder's files by name, size and time: the same signature, the same lexicon (parsing
 * it takes tens of milliseconds, which every reload paid, a one-plan update included).
 */
function lexiconSignature(dir: string): string | undefined {
  try {
    return readdirSync(dir)
      .sort()
      .map((name) => `${name}:${signatureOf(join(dir, name))}`)
      .join("|");
  } catch {
    return undefined;
  }
}

/**
 * What a reload looks at: plan files with their signatures, links named like plans, and either
 * every name in the folder (whatever else is known is gone) or the known plans no longer there.
 */
interface FolderScan {
  files: { name: string; hasSidecar: boolean; signature: string }[];
  links: string[];
  present?: Set<string>;
  gone?: string[];
}

/**
 * The plans that answer now. Reloads re-parse only changed files, asynchronously; then either the
 * few changed plans are replaced in the live index in one synchronous step, or (many changes, or a
 * new lexicon) a new index is built aside and swapped in with one assignment. Either way a question
 * is always answered from a complete index.
 */
export class KnowledgeBase {
  private current!: KnowledgeIndex;
  private lexicon!: Lexicon;
  /** The lexicon last read, and the signature of its folder then. */
  private lexiconRead: { signature: string; lexicon: Lexicon } | undefined;
  private readonly entries = new Map<string, FileEntry>();
  private running: Promise<ReloadReport> | undefined;
  private queued: Promise<ReloadReport> | undefined;
  private watcher: FSWatcher | undefined;
  private ready: Promise<void> = Promise.resolve();
  private debounce: NodeJS.Timeout | undefined;
  private reused = 0;
  private preparedFromCache: PreparedSentences | undefined;
  /** The report of the last reload that built or changed the index. */
  lastReport: ReloadReport | undefined;
  private saving: Promise<void> = Promise.resolve();
  private cacheTimer: NodeJS.Timeout | undefined;
  /** Counts the changes of the index in place (a write of the cache made across one is given up). */
  private indexChanges = 0;
  private readonly listeners = new Set<(report: ReloadReport) => void | Promise<void>>();
  readonly knowledgeDir: string;
  readonly lexiconDir: string;
  readonly refused: RefusedFiles;
  /** Scans read by OCR in the background; when one is read, the plans are reloaded and it serves. */
  private readonly scans: ScanQueue;
  private watchProblem: Bilingual | undefined;
  private watchTimer: NodeJS.Timeout | undefined;
  private watchedFolder: number | undefined;
  private watchOptions: { debounceMs: number; onReloaded?: (report: ReloadReport) => void } | undefined;
  /** Names in the plans folder the watcher saw change since the last reload it made; undefined: look at everything. */
  private touched: Set<string> | undefined = new Set();

  private constructor(
    knowledgeDir: string,
    private readonly options: KnowledgeBaseOptions,
  ) {
    this.knowledgeDir = resolve(knowledgeDir);
    this.lexiconDir = resolve(options.lexiconDir ?? DEFAULT_LEXICON_DIR);
    this.refused = RefusedFiles.open(options.refusedFile);
    this.scans = new ScanQueue({
      background: true,
      onRead: () => void this.reload().catch((error) => this.options.onError?.(error)),
      ...(options.onError ? { onError: options.onError } : {}),
    });
  }

  /** The scans waiting for OCR or being read, page by page. */
  scansInProgress(): ScanProgress[] {
    return this.scans.progress();
  }

  static async open(knowledgeDir: string, options: KnowledgeBaseOptions = {}): Promise<KnowledgeBase> {
    const base = new KnowledgeBase(knowledgeDir, options);
    await base.reload();
    return base;
  }

  get index(): KnowledgeIndex {
    return this.current;
  }

  /** Called after every reload that changed something (saved test questions run again here). */
  onReload(listener: (report: ReloadReport) => void | Promise<void>): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Reloads changed files; concurrent calls share the running reload plus at most one more (which
   * looks at the whole folder). `files`: only these names of the plans folder changed (what the
   * watcher saw), so that only they are looked at: at 10,000 plans, listing the folder and reading
   * every plan's size and time took longer than the rest of a one-plan update.
   */
  reload(files?: Iterable<string>): Promise<ReloadReport> {
    if (!this.running) {
      this.running = this.rebuild(files ? new Set(files) : undefined).finally(() => {
        this.running = undefined;
      });
      return this.running;
    }
    this.queued ??= this.running
      .catch(() => undefined)
      .then(() => {
        this.queued = undefined;
        return this.reload();
      });
    return this.queued;
  }

  /** The folder's listing; once plans are served, a folder that cannot be read keeps them serving (and is reported). */
  private async listing(): Promise<Awaited<ReturnType<typeof listFolder>> | undefined> {
    try {
      return await listFolder(this.knowledgeDir);
    } catch (error) {
      if (this.current === undefined) throw new KnowledgeFolderError(this.knowledgeDir, errorCode(error));
      this.cannotWatch(error);
      return undefined;
    }
  }

  /** Every plan of the folder; undefined when the folder cannot be read while plans are served. */
  private async scanFolder(): Promise<FolderScan | undefined> {
    const listing = await this.listing();
    if (!listing) return undefined;
    const { plans: names, links, all: inFolder } = listing;
    this.refused.keepOnly(new Set(names));
    const files = names.map((name) => {
      const sidecar = sidecarName(name);
      const hasSidecar = inFolder.has(sidecar);
      return { name, hasSidecar, signature: this.signature(name, hasSidecar) };
    });
    // The plans known are compared with these once the cache has seeded them.
    return { files, links, present: new Set([...names, ...links]) };
  }

  private signature(name: string, hasSidecar: boolean): string {
    return `${signatureOf(join(this.knowledgeDir, name))}|${hasSidecar ? signatureOf(join(this.knowledgeDir, sidecarName(name))) : "-"}`;
  }

  /**
   * Only the plans behind the names given (a plan, or its sidecar); the whole folder when a name
   * is the sidecar of no plan known.
   */
  private scanNames(names: Set<string>): Promise<FolderScan | undefined> | FolderScan {
    const plans = new Set<string>();
    const bySidecar = new Map([...this.entries.keys()].map((name) => [sidecarName(name), name]));
    for (const name of names) {
      if (name.endsWith(SIDECAR_SUFFIX)) {
        const plan = bySidecar.get(name);
        if (plan === undefined) return this.scanFolder();
        plans.add(plan);
      } else if (isPlanFileName(name)) plans.add(name);
    }
    const scan: FolderScan & { gone: string[] } = { files: [], links: [], gone: [] };
    for (const name of [...plans].sort()) {
      const info = lstatSync(join(this.knowledgeDir, name), { throwIfNoEntry: false });
      if (!info) {
        if (this.entries.has(name)) scan.gone.push(name);
      } else if (info.isSymbolicLink()) scan.links.push(name);
      else if (info.isFile()) {
        const hasSidecar = lstatSync(join(this.knowledgeDir, sidecarName(name)), { throwIfNoEntry: false }) !== undefined;
        scan.files.push({ name, hasSidecar, signature: this.signature(name, hasSidecar) });
      } else if (this.entries.has(name)) scan.gone.push(name);
    }
    return scan;
  }

  private async rebuild(names?: Set<string>): Promise<ReloadReport> {
    const started = performance.now();
    const scan = names && this.current ? await this.scanNames(names) : await this.scanFolder();
    if (!scan) return this.report([], [], false, this.current.problems, started);
    const { files, links, present } = scan;
    let cacheOutdated = false;
    if (this.current === undefined && this.options.cacheFile) this.reused = await this.seedFromCache(this.options.cacheFile);
    const removed = present ? [...this.entries.keys()].filter((name) => !present.has(name)) : scan.gone!;
    const changed: string[] = [];
    const outgoing: PlanDocument[] = [];
    const incoming: PlanDocument[] = [];
    // A few changed files at a time: Word and PDF files are decoded asynchronously, and overlap.
    const limit = pLimit(FILE_CONCURRENCY);
    const stale = files.filter(({ name, signature }) => this.entries.get(name)?.signature !== signature);
    const building = this.current === undefined ? this.buildAsRead(stale, links, removed) : undefined;
    const loaded = await limit.map(stale, async ({ name, hasSidecar }) => {
      const result = await this.loadStale(name, hasSidecar);
      building?.settle(name, result.doc ?? this.entries.get(name)?.doc);
      return result;
    });
    stale.forEach(({ name, signature }, i) => {
      const previous = this.entries.get(name);
      const { doc, problem, pending } = loaded[i]!;
      changed.push(name);
      if (pending) {
        // Read again once OCR has its text; until then a previous version keeps serving.
        this.entries.set(name, { signature: `pending|${signature}`, ...(previous?.doc ? { doc: previous.doc } : {}) });
      } else if (doc) {
        this.entries.set(name, { signature, doc });
        if (previous?.doc) outgoing.push(previous.doc);
        incoming.push(doc);
      } else {
        // The previous version, if any, keeps serving.
        this.entries.set(name, { signature, ...(previous?.doc ? { doc: previous.doc } : {}), ...(problem ? { problem } : {}) });
      }
    });
    // A plan replaced by a symbolic link is refused, never followed (it could point anywhere).
    for (const name of links) {
      const previous = this.entries.get(name);
      if (previous?.signature === "link") continue;
      changed.push(name);
      if (previous?.doc) outgoing.push(previous.doc);
      this.entries.set(name, { signature: "link", problem: symlinkProblem(name) });
    }
    for (const name of removed) {
      const doc = this.entries.get(name)?.doc;
      if (doc) outgoing.push(doc);
      this.entries.delete(name);
    }

    const lexicon = this.readLexicon();
    const lexiconChanged = this.lexicon !== undefined && lexicon.fingerprint !== this.lexicon.fingerprint;
    const problems = [...this.entries.values()].flatMap((entry) => (entry.problem ? [entry.problem] : []));
    if (this.current && changed.length === 0 && removed.length === 0 && !lexiconChanged) {
      return this.report([], [], false, problems, started);
    }
    this.lexicon = lexicon;
    const documents = [...this.entries.values()].flatMap((entry) => (entry.doc ? [entry.doc] : []));
    const few = outgoing.length + incoming.length <= Math.max(INCREMENTAL_MIN_FILES, documents.length * INCREMENTAL_SHARE);
    // Replaced sentences stay in the units array; once they are half of it, a rebuild reclaims them.
    const compact = this.current !== undefined && this.current.units.length > 2 * passageCount(this.current);
    if (this.current && !lexiconChanged && few && !compact) {
      // Everything above was asynchronous; this step is not, so questions see the old or the new plans, never a mix.
      updateIndex(this.current, outgoing, incoming, problems);
      this.indexChanges++;
    } else {
      // A cache made under another lexicon gave plans but no sentence keys: write it again.
      cacheOutdated ||= this.preparedFromCache !== undefined && this.preparedFromCache.lexicon !== lexicon.fingerprint;
      this.current = building?.builder.lexicon === lexicon ? building.builder.finish(documents, problems) : buildIndex(documents, lexicon, problems, this.preparedFromCache);
      // Made from the cache: its sentences by text are made between answers, before the first update needs them.
      if (this.preparedFromCache) this.current.sentences.fillInBackground();
      this.preparedFromCache = undefined;
    }
    keepReadersReady(documents.length >= STANDBY_READER_PLANS ? 1 : 0);
    const report = this.report(changed, removed, lexiconChanged, problems, started);
    this.lastReport = report;
    if (this.options.cacheFile && (changed.length || removed.length || lexiconChanged || cacheOutdated)) this.saveCache(this.options.cacheFile);
    for (const listener of this.listeners) {
      try {
        await listener(report);
      } catch (error) {
        this.options.onError?.(error);
      }
    }
    return report;
  }

  private async loadStale(name: string, hasSidecar: boolean): Promise<{ doc?: PlanDocument; pending?: boolean; problem?: FileProblem }> {
    try {
      return { doc: await loadPlanFile(this.knowledgeDir, name, hasSidecar, this.refused, this.scans) };
    } catch (error) {
      if (error instanceof ScanPending) return { pending: true };
      return { problem: problemOf(name, error) };
    }
  }

  /**
   * Start-up's index, built as its plans are read: in the order the entries will have them (those
   * known, less those removed, then the new ones; links serve nothing).
   */
  private buildAsRead(stale: FolderScan["files"], links: string[], removed: string[]): BuildAsRead {
    const reading = new Set(stale.map(({ name }) => name));
    const gone = new Set(removed);
    const notServing = new Set(links);
    const order = [...this.entries.keys()].filter((name) => !gone.has(name));
    for (const { name } of stale) if (!this.entries.has(name)) order.push(name);
    const known = new Map<string, PlanDocument | undefined>();
    for (const name of order) if (!reading.has(name)) known.set(name, notServing.has(name) ? undefined : this.entries.get(name)?.doc);
    return new BuildAsRead(new IndexBuilder(this.readLexicon(), this.preparedFromCache), order, known);
  }

  private readLexicon(): Lexicon {
    const signature = lexiconSignature(this.lexiconDir);
    if (signature !== undefined && signature === this.lexiconRead?.signature) return this.lexiconRead.lexicon;
    const lexicon = loadLexicon(this.lexiconDir);
    this.lexiconRead = signature === undefined ? undefined : { signature, lexicon };
    return lexicon;
  }

  /** Parsed plans from the last run: a file whose signature still matches is not parsed again. */
  private async seedFromCache(cacheFile: string): Promise<number> {
    const cached = await readDocumentCache(cacheFile, (reason) => this.options.onError?.(new Error(`knowledge cache ignored: ${reason}`)));
    for (const [name, entry] of cached.entries) this.entries.set(name, entry);
    this.preparedFromCache = cached.sentences;
    return cached.entries.size;
  }

  /** Written a little later, once per burst of changes: serialising every plan takes tens of milliseconds. */
  private saveCache(cacheFile: string) {
    if (this.cacheTimer) return;
    this.cacheTimer = setTimeout(() => this.writeCacheNow(cacheFile), CACHE_WRITE_DELAY_MS);
    this.cacheTimer.unref();
  }

  private writeCacheNow(cacheFile: string) {
    clearTimeout(this.cacheTimer);
    this.cacheTimer = undefined;
    this.saving = this.saving.then(() => this.writeCacheBetweenAnswers(cacheFile)).catch((error) => this.options.onError?.(error));
  }

  /**
   * At 10,000 plans making the cache takes seconds, which the bot spends answering too: the cache
   * is made a few milliseconds at a time (see steps.ts). A change of the plans meanwhile stops it,
   * and the change's own write follows.
   */
  private async writeCacheBetweenAnswers(cacheFile: string): Promise<void> {
    await searchAtRest(this.current.search);
    const index = this.current;
    const changes = this.indexChanges;
    const entries = new Map(this.entries);
    const steps = (function* () {
      return yield* cacheBytes(entries, yield* prepareSentences(index));
    })();
    const run = await runBetweenAnswers(steps, () => this.indexChanges === changes && this.current === index);
    if (run.done) await writeCacheBytes(cacheFile, run.value!);
    else this.saveCache(cacheFile);
  }

  private report(changed: string[], removed: string[], lexiconChanged: boolean, problems: FileProblem[], started: number): ReloadReport {
    return {
      changed,
      removed,
      lexiconChanged,
      problems,
      documents: this.current.documents.length,
      passages: passageCount(this.current),
      builtAt: this.current.builtAt,
      durationMs: performance.now() - started,
      reusedFromCache: this.reused,
    };
  }

  /**
   * Watches the plans and the lexicon; a burst of changes becomes one reload after `debounceMs`.
   * Every second it also checks that the folder is still the one watched: a folder that became
   * unreadable, or was removed and put back, is watched again as soon as it can be (and reloaded),
   * and until then health() reports why not.
   */
  watch(debounceMs = 400, onReloaded?: (report: ReloadReport) => void): void {
    if (this.watchOptions) return;
    this.watchOptions = { debounceMs, ...(onReloaded ? { onReloaded } : {}) };
    this.startWatcher();
    this.watchTimer = setInterval(() => this.checkWatchedFolder(), this.options.watchCheckMs ?? 1000);
    this.watchTimer.unref();
  }

  health(): WatchHealth {
    return { watching: this.watcher !== undefined && this.watchProblem === undefined, ...(this.watchProblem ? { problem: this.watchProblem } : {}) };
  }

  private folderIdentity(): number {
    // Opening the folder fails when it cannot be read; its inode changes when it was replaced.
    opendirSync(this.knowledgeDir).closeSync();
    return statSync(this.knowledgeDir).ino;
  }

  private checkWatchedFolder(): void {
    let identity: number;
    try {
      identity = this.folderIdentity();
    } catch (error) {
      this.cannotWatch(error);
      return;
    }
    if (this.watcher && this.watchProblem === undefined && identity === this.watchedFolder) return;
    void this.stopWatcher().then(() => {
      if (!this.watchOptions) return;
      this.startWatcher();
      // What changed while the folder was not watched is not known: everything is looked at.
      this.touched = undefined;
      this.scheduleReload();
    });
  }

  private cannotWatch(error: unknown): void {
    const first = this.watchProblem === undefined;
    this.watchProblem = bilingual("knowledge.notWatching", { code: errorCode(error) });
    if (first) this.options.onError?.(new Error(this.watchProblem.en));
    void this.stopWatcher();
  }

  private startWatcher(): void {
    try {
      this.watchedFolder = this.folderIdentity();
    } catch (error) {
      this.cannotWatch(error);
      return;
    }
    this.watchProblem = undefined;
    const watcher = watch([this.knowledgeDir, this.lexiconDir], {
      ignoreInitial: true,
      depth: 0,
      ignored: (path) => /(^|[/\\])\.[^/\\]+$/.test(path) && resolve(path) !== this.knowledgeDir,
      awaitWriteFinish: { stabilityThreshold: 150, pollInterval: 50 },
    });
    this.watcher = watcher;
    this.ready = new Promise<void>((resolveReady) => watcher.once("ready", () => resolveReady()));
    watcher.on("all", (_event, path) => {
      this.noteChange(path);
      this.scheduleReload();
    });
    watcher.on("error", (error) => {
      this.options.onError?.(error);
      if (this.watcher === watcher) this.cannotWatch(error);
    });
  }

  private async stopWatcher(): Promise<void> {
    const watcher = this.watcher;
    this.watcher = undefined;
    await watcher?.close().catch(() => undefined);
  }

  /** A name of the plans folder is remembered for the next reload; anything else (the lexicon, the folder itself) makes it look at everything. */
  private noteChange(path: string): void {
    const full = resolve(path);
    if (this.touched && dirname(full) === this.knowledgeDir) this.touched.add(basename(full));
    else this.touched = undefined;
  }

  private scheduleReload(): void {
    const { debounceMs, onReloaded } = this.watchOptions ?? { debounceMs: 400 };
    clearTimeout(this.debounce);
    this.debounce = setTimeout(() => {
      const touched = this.touched;
      this.touched = new Set();
      this.reload(touched)
        .then((report) => {
          if (report.changed.length || report.removed.length || report.lexiconChanged) onReloaded?.(report);
        })
        .catch((error) => this.options.onError?.(error));
    }, debounceMs);
  }

  /** Resolves when the watcher is listening (tests wait for it before touching files). */
  watching(): Promise<void> {
    return this.ready;
  }

  /** Resolves when the cache of parsed plans has been written. */
  async cacheWritten(): Promise<void> {
    for (;;) {
      if (this.cacheTimer && this.options.cacheFile) this.writeCacheNow(this.options.cacheFile);
      const saving = this.saving;
      await saving;
      // A write given up for a change is made again, after that change's.
      if ((!this.cacheTimer || !this.options.cacheFile) && this.saving === saving) return;
    }
  }

  async close(): Promise<void> {
    clearTimeout(this.debounce);
    clearInterval(this.watchTimer);
    this.watchOptions = undefined;
    await this.stopWatcher();
    await this.running?.catch(() => undefined);
    await this.cacheWritten();
  }
}
