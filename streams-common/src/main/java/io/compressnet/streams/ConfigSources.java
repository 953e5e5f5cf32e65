package io.compressnet.streams;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.common.config.ConfigException;

/**
 * Where settings come from besides the defaults and flags: the environment and a properties file.
 */
final class ConfigSources {

  private ConfigSources() {}

  /**
   * The registered keys' own variables and every other {@code KAFKA_*} client setting of {@code
   * environment}, as properties.
   */
  static Map<String, String> fromEnvironment(
      Map<String, String> environment, Collection<ConfigKey> keys) {
    Map<String, String> out = new TreeMap<>();
    Map<String, ConfigKey> byEnv = new LinkedHashMap<>();
    keys.forEach(k -> byEnv.put(k.envVar(), k));
    // Generic KAFKA_* first, so a registered key's own variable wins for the same property.
    List<String> names = new ArrayList<>(environment.keySet());
    Collections.sort(names);
    for (String name : names) {
      String property = KafkaEnvironment.propertyOf(name);
      if (property != null && !byEnv.containsKey(name)) {
        out.put(property, environment.get(name));
      }
    }
    byEnv.forEach(
        (env, key) -> {
          String value = environment.get(env);
          if (value != null) {
            out.put(key.property(), value);
          }
        });
    return out;
  }

  /**
   * The properties of {@code file}, or of the file {@value ServiceConfig#CONFIG_FILE_ENV} names
   * when {@code file} is null; none when neither is given.
   */
  static Map<String, String> fromFile(Path file, Map<String, String> environment) {
    if (file == null) {
      String named = environment.get(ServiceConfig.CONFIG_FILE_ENV);
      if (named == null || named.isBlank()) {
        return Map.of();
      }
      file = Path.of(named.trim());
    }
    if (!Files.isRegularFile(file)) {
      throw new ConfigException(
          "config file " + file.toAbsolutePath() + " does not exist or is not a file");
    }
    Properties props = new Properties();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      props.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read config file " + file, e);
    }
    Map<String, String> out = new TreeMap<>();
    props.stringPropertyNames().forEach(k -> out.put(k.trim(), props.getProperty(k).trim()));
    return out;
  }
}
