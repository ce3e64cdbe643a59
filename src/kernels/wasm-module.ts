import { KERNELS_WASM_PLAIN, KERNELS_WASM_SHARED } from './generated/wasm-bytes.js';

// The project compiles against lib ES2022 without DOM types, so the few WebAssembly JS-API members
// used here are typed locally rather than through a global declaration.
/** A compiled WebAssembly module (opaque). */
export interface WasmModule {
  readonly __wasmModule?: never;
}
/** A WebAssembly.Memory (shared or plain). */
export interface WasmMemory {
  readonly buffer: ArrayBufferLike;
  grow(deltaPages: number): number;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule, imports: object) => { readonly exports: object };
  Memory: new (descriptor: { initial: number; maximum: number; shared?: boolean }) => WasmMemory;
  compile(bytes: Uint8Array): Promise<WasmModule>;
}

/** The WebAssembly API of this runtime, or undefined where there is none. */
export const WA = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;

/** Which build of the kernels: over a shared memory (threads) or a plain one. */
export type MemoryKind = 'shared' | 'plain';

const compiled: Partial<Record<MemoryKind, WasmModule>> = {};

/** Reads a build's bytes from where a host keeps them (hnn/node: the package's .wasm files), or null. */
export type KernelBytesSource = (kind: MemoryKind) => Uint8Array | null;

let bytesSource: KernelBytesSource | null = null;

/** Makes `source` the first place the kernels' bytes are read from (the embedded copy serves where it gives null). */
export function setKernelBytesSource(source: KernelBytesSource): void {
  bytesSource = source;
}

/** The bytes of a build embedded in this module, decoded from base64 (what bundles for browsers carry). */
export function embeddedKernelBytes(kind: MemoryKind): Uint8Array {
  const text = atob(kind === 'shared' ? KERNELS_WASM_SHARED : KERNELS_WASM_PLAIN);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

/** The bytes of a build: from the host's source where it has them, else the embedded copy. */
function bytesOf(kind: MemoryKind): Uint8Array {
  return bytesSource?.(kind) ?? embeddedKernelBytes(kind);
}

/** Whether this runtime can create shared WebAssembly memories (Node; browser pages that are cross-origin isolated). */
export function sharedMemoryUsable(): boolean {
  try {
    return WA !== undefined && typeof SharedArrayBuffer !== 'undefined' && new WA.Memory({ initial: 1, maximum: 1, shared: true }).buffer instanceof SharedArrayBuffer;
  } catch {
    return false;
  }
}

/** The compiled module of a build, compiling it synchronously on first use (browsers allow that only off the main thread: `compileKernels` first there). */
export function kernelModule(kind: MemoryKind): WasmModule {
  if (!WA) throw new Error('this runtime has no WebAssembly');
  return (compiled[kind] ??= new WA.Module(bytesOf(kind)));
}

/** Compiles the kernels asynchronously (browsers compile large modules synchronously only off the main thread). */
export async function compileKernels(): Promise<void> {
  if (!WA) return;
  const kinds: MemoryKind[] = sharedMemoryUsable() ? ['shared', 'plain'] : ['plain'];
  for (const kind of kinds) compiled[kind] ??= await WA.compile(bytesOf(kind));
}
