const TABLE = buildTable();

/** CRC-16/ARC (polynomial 0x8005, reflected), the checksum of the LAME tag. */
export function crc16(bytes: Uint8Array, initial = 0): number {
  let crc = initial;

  for (let i = 0; i < bytes.length; i++) {
    crc = (crc >>> 8) ^ TABLE[(crc ^ bytes[i]) & 0xff];
  }

  return crc & 0xffff;
}

function buildTable(): Uint16Array {
  const table = new Uint16Array(256);

  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) {
      c = c & 1 ? (c >>> 1) ^ 0xa001 : c >>> 1;
    }
    table[n] = c;
  }

  return table;
}
