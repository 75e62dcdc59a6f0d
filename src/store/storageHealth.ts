import type { FastifyBaseLogger } from "fastify";
import { type Bilingual, bilingual } from "../messages/catalogue.js";
import type { InboxJournal } from "./inboxJournal.js";
import type { Store } from "./store.js";

/** What is wrong with the store and the inbox journal, for /healthz and the start-up log; empty when nothing is. */
export function storageProblems(store: Store, journal: InboxJournal): Bilingual[] {
  const problems: Bilingual[] = [];
  if (store.damage) problems.push(bilingual("storage.storeDamaged", { file: store.damage.file, reason: store.damage.reason }));
  const damage = journal.damage;
  if (damage) {
    const params = {
      file: journal.path,
      lines: damage.unreadableLines,
      lineNumbers: `${damage.lineNumbers.join(", ")}${damage.unreadableLines > damage.lineNumbers.length ? ", …" : ""}`,
      read: damage.messagesRead,
      pending: damage.messagesPending,
    };
    problems.push(
      damage.keptAs ? bilingual("storage.journalDamaged", { ...params, keptAs: damage.keptAs }) : bilingual("storage.journalNotKept", params),
    );
  }
  return problems;
}

/** One log line per problem found at start: counts, line numbers and file names, never a message's content. */
export function logStorageProblems(store: Store, journal: InboxJournal, log: FastifyBaseLogger): void {
  if (store.damage) {
    log.error({ file: store.damage.file, reason: store.damage.reason }, "store damaged: residents are answered, the question log is off; restore the back-up");
  }
  const damage = journal.damage;
  if (!damage) return;
  const fields = {
    unreadableLines: damage.unreadableLines,
    lineNumbers: damage.lineNumbers,
    messagesRead: damage.messagesRead,
    messagesPending: damage.messagesPending,
  };
  if (damage.keptAs) log.error({ ...fields, keptAs: damage.keptAs }, "inbox journal damaged: unreadable lines skipped, the damaged file kept aside");
  else log.error(fields, "inbox journal damaged and could not be copied aside: unreadable lines skipped, the file left as it is");
}
