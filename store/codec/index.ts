// How object versions are stored in the log: raw, deflated keyframes, and deltas against a keyframe.

export type { ObjectEncoder, ObjectEncoderOptions } from './createObjectEncoder.ts';
export { createObjectEncoder, encodeStandalone } from './createObjectEncoder.ts';
export type { LoadBase, ObjectDecoder } from './decodeObject.ts';
export { createObjectDecoder, decodeObject } from './decodeObject.ts';
export type { EncodedBody, EncodingValue, StoredBody } from './encodings.ts';
export { Encoding } from './encodings.ts';
