package io.compressnet.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.compressnet.schemas.registry.RegistryUnavailableException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;

class ThreadReplacementPolicyTest {
  private final AtomicLong now = new AtomicLong();
  private final List<Duration> slept = new ArrayList<>();
  private final ThreadReplacementPolicy policy = new ThreadReplacementPolicy(now::get, slept::add);

  @Test
  void shouldKeepReplacingThreadsThroughALongRegistryOutageWithAGrowingBackoff() {
    // Given a registry that stays down: every new thread fails at once on the same record
    RegistryUnavailableException down = new RegistryUnavailableException("refused", null);

    // When the thread dies 50 times (far more than the cap for other failures)
    List<StreamThreadExceptionResponse> responses = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      responses.add(policy.respond(down));
      now.addAndGet(slept.get(slept.size() - 1).toNanos());
    }

    // Then it is always replaced, after 1, 2, 4, ... s capped at 30 s
    assertThat(responses).containsOnly(StreamThreadExceptionResponse.REPLACE_THREAD);
    assertThat(slept.subList(0, 7))
        .extracting(Duration::toSeconds)
        .containsExactly(1L, 2L, 4L, 8L, 16L, 30L, 30L);
  }

  @Test
  void shouldStartTheBackoffAgainAfterTwoQuietMinutes() {
    RegistryUnavailableException down = new RegistryUnavailableException("refused", null);
    policy.respond(down);
    policy.respond(down);
    now.addAndGet(Duration.ofMinutes(3).toNanos());
    policy.respond(down);
    assertThat(slept).extracting(Duration::toSeconds).containsExactly(1L, 2L, 1L);
  }

  @Test
  void shouldCapReplacementsForOtherRetriableFailuresAndStopOnBugs() {
    // Given
    RuntimeException retriable = new RuntimeException(new TimeoutException("slow broker"));

    // When
    List<StreamThreadExceptionResponse> responses = new ArrayList<>();
    for (int i = 0; i < ThreadReplacementPolicy.MAX_REPLACEMENTS + 1; i++) {
      responses.add(policy.respond(retriable));
    }
    now.addAndGet(
        Duration.ofMinutes(ThreadReplacementPolicy.REPLACEMENT_WINDOW_MINUTES + 1).toNanos());
    StreamThreadExceptionResponse afterTheWindow = policy.respond(retriable);

    // Then
    assertThat(responses.subList(0, ThreadReplacementPolicy.MAX_REPLACEMENTS))
        .containsOnly(StreamThreadExceptionResponse.REPLACE_THREAD);
    assertThat(responses.get(ThreadReplacementPolicy.MAX_REPLACEMENTS))
        .isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
    assertThat(afterTheWindow).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
    assertThat(policy.respond(new IllegalStateException("bug")))
        .isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
    assertThat(slept).isEmpty();
  }
}
