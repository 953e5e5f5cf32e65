package io.compressnet.codec.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.compressnet.codec.model.Architecture;
import io.compressnet.codec.model.ModelSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Runs under Surefire's ONEDNN_MAX_CPU_ISA=SSE41, the setting the trainer falls back to. */
class GradientChecksTest {

  @Test
  void shouldMatchFiniteDifferencesOnTheSmallConvStack() {
    GradientSelfCheck.Result result = GradientSelfCheck.run();
    assertThat(result.passed()).as(result.describe()).isTrue();
    assertThat(result.maxError()).isLessThan(1e-4);
  }

  @ParameterizedTest
  @EnumSource(Architecture.class)
  void shouldMatchFloat64GradientsOfEveryArchitecture(Architecture architecture) {
    ModelGradientCheck.Result result = ModelGradientCheck.run(ModelSpec.emnist(architecture, 8));
    assertThat(result.passed()).as(result.describe()).isTrue();
  }
}
