import { existsSync } from "node:fs";
import { dirname } from "node:path";
import { type FSWatcher, watch } from "chokidar";
import type { FastifyBaseLogger } from "fastify";
import { type Bilingual, bilingual } from "../messages/catalogue.js";
import { type ChannelDefaults, type ChannelsConfig, ChannelsFileError, mergeChannels, readChannelsFile } from "./channelsFile.js";

export interface ChannelsWatcherOptions {
  file: string;
  /** The bots of the single-bot environment variables: always there, before the file's. */
  fromEnv: ChannelsConfig;
  env: Record<string, string | undefined>;
  defaults: ChannelDefaults;
  logger: FastifyBaseLogger;
  onChange: (channels: ChannelsConfig) => void;
  /** Changes are read this long after the last one (an editor writes in several steps). */
  debounceMs?: number;
}

/**
 * The channels file, read at start and again whenever it changes. A file with errors at start stops
 * the start (its problems are thrown); later, the bots keep their last good configuration and the
 * problems are shown in /healthz and the log until the file is put right. A file that does not
 * exist lists no bots.
 */
export class ChannelsWatcher {
  private watcher: FSWatcher | undefined;
  private timer: NodeJS.Timeout | undefined;
  /** Set while the file on disk has errors. */
  problem: Bilingual | undefined;
  /** When the file was last applied. */
  loadedAt: Date | undefined;

  constructor(private readonly options: ChannelsWatcherOptions) {}

  /** Reads the file; throws a ChannelsFileError when it has errors. */
  read(): ChannelsConfig {
    const { file, fromEnv, env, defaults } = this.options;
    const envBots = { telegram: fromEnv.telegram.length > 0, zalo: fromEnv.zalo.length > 0, ...(fromEnv.zalo[0]?.oaId ? { zaloOaId: fromEnv.zalo[0].oaId } : {}) };
    const fromFile = existsSync(file) ? readChannelsFile(file, { env, defaults, envBots }) : undefined;
    return mergeChannels(fromEnv, fromFile);
  }

  /** Reads the file now and applies it (throws at start when it has errors), then watches it: resolves once the watch is on. */
  async start(): Promise<ChannelsConfig> {
    const channels = this.read();
    this.options.onChange(channels);
    this.loadedAt = new Date();
    // The folder is watched, not the file: an editor may replace the file, or it may not exist yet.
    this.watcher = watch(dirname(this.options.file), {
      ignoreInitial: true,
      depth: 0,
      ignored: (path) => path !== this.options.file && path !== dirname(this.options.file),
    });
    this.watcher.on("all", (_event, path) => {
      if (path === this.options.file) this.schedule();
    });
    await new Promise<void>((resolve) => this.watcher!.once("ready", () => resolve()));
    return channels;
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.reload(), this.options.debounceMs ?? 200);
  }

  /** Applies the file as it is now; on errors keeps the last good configuration. */
  reload(): boolean {
    const { logger, file } = this.options;
    try {
      const channels = this.read();
      this.options.onChange(channels);
      this.problem = undefined;
      this.loadedAt = new Date();
      logger.info({ telegram: channels.telegram.length, zalo: channels.zalo.length }, "channels file reloaded");
      return true;
    } catch (error) {
      if (!(error instanceof ChannelsFileError)) throw error;
      this.problem = bilingual("channels.reloadFailed", { file, problems: error.problems.join("; ") });
      logger.error({ problems: error.problems }, "channels file has errors; the bots keep their previous configuration");
      return false;
    }
  }

  async close(): Promise<void> {
    clearTimeout(this.timer);
    await this.watcher?.close();
  }
}
