package io.compressnet.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SamplerTest {

  @Test
  void shouldPickTheSameIdsOnEveryRun() {
    // Golden list: changing the hash would silently change which images a deployed monitor
    // watches, so this is pinned.
    List<String> ids = IntStream.range(0, 20).mapToObj(i -> "img-" + i).toList();
    List<String> picked = ids.stream().filter(new Sampler(0.5)::keep).toList();
    assertThat(picked).containsExactlyElementsOf(GOLDEN);
    assertThat(ids.stream().filter(new Sampler(0.5)::keep).toList()).isEqualTo(picked);
  }

  private static final List<String> GOLDEN =
      List.of(
          "img-0", "img-3", "img-4", "img-5", "img-6", "img-8", "img-10", "img-11", "img-12",
          "img-13", "img-14", "img-15", "img-17", "img-18", "img-19");

  @Test
  void shouldKeepAboutTheConfiguredFraction() {
    Sampler tenth = new Sampler(0.1);
    long kept =
        IntStream.range(0, 100_000).mapToObj(i -> "camera-7/" + i).filter(tenth::keep).count();
    // binomial sd = sqrt(1e5 * 0.1 * 0.9) ~ 95: 5 sd either side
    assertThat(kept).isBetween(9_525L, 10_475L);
  }

  @Test
  void shouldNestSamplesSoRaisingTheRateOnlyAddsImages() {
    Sampler low = new Sampler(0.2);
    Sampler high = new Sampler(0.6);
    IntStream.range(0, 5_000)
        .mapToObj(i -> "id-" + i)
        .filter(low::keep)
        .forEach(id -> assertThat(high.keep(id)).isTrue());
  }

  @Test
  void shouldKeepAllAtOneAndNoneAtZero() {
    assertThat(IntStream.range(0, 1000).mapToObj(i -> "x" + i).allMatch(new Sampler(1.0)::keep))
        .isTrue();
    assertThat(IntStream.range(0, 1000).mapToObj(i -> "x" + i).noneMatch(new Sampler(0.0)::keep))
        .isTrue();
    assertThatThrownBy(() -> new Sampler(-0.1)).isInstanceOf(IllegalArgumentException.class);
  }
}
