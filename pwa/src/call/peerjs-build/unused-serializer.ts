/**
 * In place of PeerJS's data-connection serialisers (`@msgpack/msgpack`, `peerjs-js-binarypack`):
 * we open no data connection, so nothing may call these (see README.md).
 */
const unused = (): never => {
  throw new Error('PeerJS data connections are not part of this build');
};

export const pack = unused;
export const unpack = unused;
export class Encoder {
  constructor() {
    unused();
  }
}
export const decodeMultiStream = unused;
