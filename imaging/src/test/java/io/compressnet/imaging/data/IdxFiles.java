package io.compressnet.imaging.data;

import java.nio.ByteBuffer;

/** IDX files built in memory for tests. */
final class IdxFiles {

  private IdxFiles() {}

  /** One image file with the given header rows and columns and the bytes as stored. */
  static byte[] images(int rows, int columns, byte[] stored) {
    ByteBuffer out = ByteBuffer.allocate(16 + stored.length);
    out.putInt(0x803).putInt(1).putInt(rows).putInt(columns).put(stored);
    return out.array();
  }
}
