package io.compressnet.bench.rd;

import com.github.luben.zstd.Zstd;

/** zstd (zstd-jni) of the raw pixels, one frame per image, at a compression level. */
final class ZstdCodec extends ImageCodec {

  private final int level;

  ZstdCodec(int level) {
    super("zstd raw pixels", "level " + level, true);
    this.level = level;
  }

  @Override
  public byte[] encode(byte[] pixels, int width, int height, int channels) {
    return Zstd.compress(pixels, level);
  }

  @Override
  public byte[] decode(byte[] data, int width, int height, int channels) {
    int length = width * height * channels;
    return wholeImage("zstd", Zstd.decompress(data, length), length);
  }
}
