// Builds the system a source names; a typed formula or a CSV file that cannot be read throws an
// InputError whose message says where and what.
import { InputError } from 'hnn';
import { BUILTIN_SYSTEMS } from './builtin.js';
import type { LabSystem, SystemSource } from './system.js';

/** The system of a source (the same value on the page and in both workers). */
export function systemFromSource(source: SystemSource): LabSystem {
  switch (source.kind) {
    case 'task':
      return BUILTIN_SYSTEMS[source.name];
    case 'expression':
    case 'csv':
      throw new InputError(`${source.kind} systems need the library's taskFromExpression and taskFromCsv (issue 19), not merged yet`);
  }
}
