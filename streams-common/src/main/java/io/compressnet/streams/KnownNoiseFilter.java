package io.compressnet.streams;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.List;
import org.slf4j.Marker;

/**
 * Drops log lines a user cannot act on, each named here with the reason; everything else passes.
 * Installed by the logging configurations of the CLI and the service artifacts ({@code <turboFilter
 * class="io.compressnet.streams.KnownNoiseFilter"/>}).
 *
 * <ul>
 *   <li>Kafka Streams 4.3 warns "Processing exception handler is not enabled for the GlobalThread"
 *       once per client from a copy of the config it makes internally, even though the services set
 *       {@code processing.exception.handler.global.enabled=true} (see {@link
 *       ServiceConfig#streamsProperties()}); no CompressNet topology has a global store.
 * </ul>
 */
public final class KnownNoiseFilter extends TurboFilter {

  private record Noise(String logger, String messageStart) {}

  private static final List<Noise> NOISE =
      List.of(
          new Noise(
              "org.apache.kafka.streams.StreamsConfig",
              "Processing exception handler is not enabled for the GlobalThread"));

  @Override
  public FilterReply decide(
      Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
    if (format == null || logger == null) {
      return FilterReply.NEUTRAL;
    }
    for (Noise noise : NOISE) {
      if (logger.getName().equals(noise.logger()) && format.startsWith(noise.messageStart())) {
        return FilterReply.DENY;
      }
    }
    return FilterReply.NEUTRAL;
  }
}
