type TypedArray = Int32Array | Uint8Array | Uint16Array | Float64Array;
type TypedArrayCtor<T extends TypedArray> = new (length: number) => T;

/** Doubles a typed array when `needed` exceeds its length (copying the old contents). */
export function ensureCapacity<T extends TypedArray>(array: T, needed: number, ctor: TypedArrayCtor<T>): T {
  if (needed <= array.length) return array;
  let size = Math.max(16, array.length);
  while (size < needed) size *= 2;
  const grown = new ctor(size);
  grown.set(array as never);
  return grown;
}
