// The lab's worker script, started twice: once as the trainer, once as the explorer (one script, so
// the library and its WebAssembly are downloaded once). The first message names the role.
import { explorerOnMessage } from './explorer.js';
import type { WorkerRole } from './protocol.js';
import { trainerOnMessage } from './trainer.js';

onmessage = (event: MessageEvent<{ role: WorkerRole }>) => {
  onmessage = event.data.role === 'trainer' ? trainerOnMessage : explorerOnMessage;
};
