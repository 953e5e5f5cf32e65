package io.compressnet.bench.rd;

import com.github.luben.zstd.Zstd;

/** zstd (zstd-jni) of the raw pixels, one frame per image, at a compression level. */
final class ZstdCodec implements ImageCodec {

  private final int level;

  ZstdCodec(int level) {
    this.level = level;
  }

  @Override
  public String series() {
    return "zstd raw pixels";
  }

  @Override
  public String setting() {
    return "level " + level;
  }

  @Override
  public boolean lossless() {
    return true;
  }

  @Override
  public byte[] encode(byte[] pixels, int width, int height, int channels) {
    return Zstd.compress(pixels, level);
  }

  @Override
  public byte[] decode(byte[] data, int width, int height, int channels) {
    byte[] out = Zstd.decompress(data, width * height * channels);
    if (out.length != width * height * channels) {
      throw new IllegalStateException("zstd gave " + out.length + " bytes");
    }
    return out;
  }
}
