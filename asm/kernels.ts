// Entry point of the WebAssembly kernels (build/kernels.wasm): the GEMM and the element-wise maps.
export { gemm, gemmStrided, scratchBytes, heapBase, thinMaxK } from './gemm';
export { activation, mul, add, dual, addBias, columnSums, adam } from './elementwise';
