// Compiles the WebAssembly kernels (asm/) with the npm-installed AssemblyScript compiler.
// Placeholder until the wasm kernels land: nothing to build yet.
