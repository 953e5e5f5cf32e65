package io.compressnet.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class HistogramTest {

  @Test
  void shouldGiveExactNearestRankLatencyBelowOneSecond() {
    Histogram h = new Histogram();
    for (int ms = 1; ms <= 100; ms++) {
      h.add(Histogram.LATENCY_MS, ms);
    }
    assertThat(h.percentile(Histogram.LATENCY_MS, 0.50, 1, 100)).isEqualTo(50.0);
    assertThat(h.percentile(Histogram.LATENCY_MS, 0.99, 1, 100)).isEqualTo(99.0);
    assertThat(h.percentile(Histogram.LATENCY_MS, 1.00, 1, 100)).isEqualTo(100.0);
  }

  @Test
  void shouldKeepLatencyWithinHalfAPercentAboveOneSecond() {
    for (double ms : new double[] {1000, 1234, 5000, 59_999, 3_600_000}) {
      Histogram h = new Histogram();
      h.add(Histogram.LATENCY_MS, ms);
      h.add(Histogram.LATENCY_MS, 1); // keeps the clamp from hiding the bucket error
      double p = h.percentile(Histogram.LATENCY_MS, 1.0, 0, Double.MAX_VALUE);
      assertThat(p).isCloseTo(ms, within(ms * 0.0051));
    }
  }

  @Test
  void shouldBoundSizeByBucketsNotValues() {
    Histogram h = new Histogram();
    for (int i = 0; i < 100_000; i++) {
      h.add(Histogram.SSIM, 0.9 + (i % 1000) * 1e-4);
    }
    assertThat(h.total()).isEqualTo(100_000);
    assertThat(h.buckets()).isLessThanOrEqualTo(101);
  }

  @Test
  void shouldReportSsimPercentileWithinHalfABucketAndExactForEqualValues() {
    Histogram h = new Histogram();
    for (int i = 0; i < 100; i++) {
      h.add(Histogram.SSIM, 0.80 + i * 0.002); // 0.800 .. 0.998
    }
    // 5th of 100 sorted values = 0.808
    assertThat(h.percentile(Histogram.SSIM, 0.05, 0.80, 0.998)).isCloseTo(0.808, within(0.0005));
    Histogram ones = new Histogram();
    ones.add(Histogram.SSIM, 1.0);
    ones.add(Histogram.SSIM, 1.0);
    assertThat(ones.percentile(Histogram.SSIM, 0.05, 1.0, 1.0)).isEqualTo(1.0);
  }

  @Test
  void shouldMergeLikeOneHistogram() {
    Histogram a = new Histogram();
    Histogram b = new Histogram();
    Histogram all = new Histogram();
    for (int i = 0; i < 200; i++) {
      (i % 3 == 0 ? a : b).add(Histogram.LATENCY_MS, i * 13 % 1700);
      all.add(Histogram.LATENCY_MS, i * 13 % 1700);
    }
    a.merge(b);
    for (double p : new double[] {0.05, 0.5, 0.99}) {
      assertThat(a.percentile(Histogram.LATENCY_MS, p, 0, 2000))
          .isEqualTo(all.percentile(Histogram.LATENCY_MS, p, 0, 2000));
    }
  }

  @Test
  void shouldWriteCompactlyAndReadBackTheSameCounts() throws IOException {
    // Given 1,000 latencies over 300 distinct buckets, counts up to 2^40 in one of them
    Histogram h = new Histogram();
    for (int i = 0; i < 1000; i++) {
      h.add(Histogram.LATENCY_MS, i % 300 * 7);
    }
    Histogram big = new Histogram();
    big.merge(h);
    for (int i = 0; i < 40; i++) {
      big.merge(big);
    }

    // When written and read back
    Histogram back = Histogram.read(in(bytesOf(h)));
    Histogram bigBack = Histogram.read(in(bytesOf(big)));

    // Then every percentile and the total are unchanged, in a few bytes per bucket
    for (double p : new double[] {0.01, 0.25, 0.5, 0.9, 0.99, 1.0}) {
      assertThat(back.percentile(Histogram.LATENCY_MS, p, 0, 5000))
          .isEqualTo(h.percentile(Histogram.LATENCY_MS, p, 0, 5000));
      assertThat(bigBack.percentile(Histogram.LATENCY_MS, p, 0, 5000))
          .isEqualTo(big.percentile(Histogram.LATENCY_MS, p, 0, 5000));
    }
    assertThat(back.total()).isEqualTo(1000);
    assertThat(bigBack.total()).isEqualTo(1000L << 40);
    assertThat(bytesOf(h).length).isLessThan(300 * 4);
  }

  @Test
  void shouldReadTheFixedWidthLayoutOfEarlierVersions() throws IOException {
    // Given the layout written before the compact one: bucket count, then (int index, long count)
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(2);
    out.writeInt(10);
    out.writeLong(3);
    out.writeInt(500);
    out.writeLong(1);

    // When read
    Histogram h = Histogram.readFixedWidth(in(bytes.toByteArray()));

    // Then 3 values of 10 ms and one of 500 ms
    assertThat(h.total()).isEqualTo(4);
    assertThat(h.percentile(Histogram.LATENCY_MS, 0.75, 0, 1000)).isEqualTo(10.0);
    assertThat(h.percentile(Histogram.LATENCY_MS, 1.0, 0, 1000)).isEqualTo(500.0);
  }

  private static byte[] bytesOf(Histogram h) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      h.write(out);
    }
    return bytes.toByteArray();
  }

  private static DataInputStream in(byte[] bytes) {
    return new DataInputStream(new ByteArrayInputStream(bytes));
  }
}
