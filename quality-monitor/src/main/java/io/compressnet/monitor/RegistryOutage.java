package io.compressnet.monitor;

import io.compressnet.schemas.registry.SchemaNotFoundException;
import io.compressnet.schemas.registry.SchemaRegistryException;
import org.apache.kafka.common.errors.SerializationException;

/** Tells a registry outage (retry, never dead-letter) from a bad record (dead-letter). */
final class RegistryOutage {
  private RegistryOutage() {}

  /**
   * True when the failure is the registry's, not the record's: any {@link SchemaRegistryException}
   * other than "schema id not found" that is not wrapped in a {@link SerializationException} (the
   * deserializer wraps the record-caused ones, like an unknown schema id).
   */
  static boolean is(Throwable error) {
    for (Throwable t = error; t != null && t.getCause() != t; t = t.getCause()) {
      if (t instanceof SerializationException) {
        return false;
      }
      if (t instanceof SchemaRegistryException) {
        return !(t instanceof SchemaNotFoundException);
      }
    }
    return false;
  }
}
