package io.compressnet.decoder;

import io.compressnet.encoder.EncoderConfig;
import io.compressnet.encoder.EncoderService;
import io.compressnet.schemas.registry.RegistryClientConfig;
import io.compressnet.schemas.registry.RestSchemaRegistryClient;
import io.compressnet.streams.ServiceConfig;
import io.compressnet.streams.ServiceMetrics;
import io.compressnet.streams.StreamsApp;

/**
 * Starts the encoder or decoder in this JVM as its command does: from loaded settings, with a
 * registry client built from them (so security and timeouts pass through), for the end-to-end tests
 * on a real broker.
 */
final class RunningServices {

  private RunningServices() {}

  static StreamsApp encoder(ServiceConfig settings, ServiceMetrics metrics) {
    return StreamsApp.start(
        EncoderService.buildTopology(EncoderConfig.from(settings), registry(settings), metrics),
        settings,
        metrics);
  }

  static StreamsApp decoder(ServiceConfig settings, ServiceMetrics metrics) {
    return StreamsApp.start(
        DecoderService.buildTopology(DecoderConfig.from(settings), registry(settings), metrics),
        settings,
        metrics);
  }

  private static RestSchemaRegistryClient registry(ServiceConfig settings) {
    return new RestSchemaRegistryClient(
        RegistryClientConfig.fromProperties(settings.serdeConfigs()));
  }
}
