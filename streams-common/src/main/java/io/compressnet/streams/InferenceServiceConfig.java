package io.compressnet.streams;

/** The config of an inference service: the shared {@link InferenceSettings} and its own keys. */
public interface InferenceServiceConfig {

  InferenceSettings inference();

  /** All settings, including the Kafka and Schema Registry ones. */
  default ServiceConfig service() {
    return inference().service();
  }
}
