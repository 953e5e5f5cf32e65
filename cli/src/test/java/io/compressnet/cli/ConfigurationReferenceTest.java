package io.compressnet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.compressnet.cli.init.InitSettings;
import io.compressnet.decoder.DecoderConfig;
import io.compressnet.encoder.EncoderConfig;
import io.compressnet.monitor.MonitorConfig;
import io.compressnet.streams.ConfigKey;
import io.compressnet.streams.ServiceConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The README's configuration reference must list every key a service registers, with the key's
 * environment variable, property and default, so the table cannot drift from the code.
 */
class ConfigurationReferenceTest {

  private static final Path README = Path.of("..", "README.md");

  /** The monitor's own windows, join, sampling and alert keys are listed in its README. */
  private static final Path MONITOR_README = Path.of("..", "quality-monitor", "README.md");

  /** One row of the table: the variables and properties it documents, and its default text. */
  private record Row(List<String> envVars, List<String> properties, String defaults) {}

  static Stream<Arguments> services() {
    return Stream.of(
        Arguments.of("encoder", EncoderConfig.SPEC.loader().load()),
        Arguments.of("decoder", DecoderConfig.SPEC.loader().load()),
        Arguments.of("init", ServiceConfig.loader().keys(InitSettings.KEYS).load()),
        Arguments.of(
            "monitor",
            ServiceConfig.loader()
                .keys(MonitorConfig.KEYS)
                .defaultValue(ServiceConfig.APPLICATION_ID, MonitorConfig.DEFAULT_APPLICATION_ID)
                .load()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("services")
  void shouldDocumentEveryKeyWithItsVariablePropertyAndDefault(String service, ServiceConfig config)
      throws IOException {
    // Given the READMEs' tables
    List<Row> rows =
        new ArrayList<>(rows(Files.readAllLines(README), "| env var | property |", 1, 2));
    rows.addAll(rows(Files.readAllLines(MONITOR_README), "| property | env |", 2, 1));

    // When each registered key is looked up by its environment variable
    for (ConfigKey key : config.keys()) {
      Row row =
          rows.stream().filter(r -> r.envVars().contains(key.envVar())).findFirst().orElse(null);

      // Then it is there, with the same property and its default
      assertThat(row).as("README row for %s (%s)", key.envVar(), service).isNotNull();
      assertThat(row.properties()).as("property of %s", key.envVar()).contains(key.property());
      String value = config.get(key);
      if (value != null) {
        assertThat(row.defaults().contains(value))
            .as(
                "%s's README default '%s' mentions %s's '%s'",
                key.envVar(), row.defaults(), service, value)
            .isTrue();
      }
    }
  }

  /** The rows of the table under {@code header}, whose env and property columns are given. */
  private static List<Row> rows(List<String> readme, String header, int envColumn, int property) {
    List<Row> rows = new ArrayList<>();
    boolean inTable = false;
    for (String line : readme) {
      if (line.startsWith(header)) {
        inTable = true;
        continue;
      }
      if (inTable && !line.startsWith("|")) {
        break;
      }
      if (inTable && !line.startsWith("|---")) {
        String[] cells = line.split("\\|");
        rows.add(new Row(names(cells[envColumn], "_"), names(cells[property], "."), cells[3]));
      }
    }
    return rows;
  }

  /**
   * The names in a cell such as {@code `A_B_C` / `_D`}: a name starting with the separator replaces
   * the last segment of the first name ({@code A_B_D}).
   */
  private static List<String> names(String cell, String separator) {
    List<String> names = new ArrayList<>();
    String first = null;
    for (String part : cell.split(" / ")) {
      String name = part.trim().replace("`", "");
      if (name.isEmpty() || name.contains(" ")) {
        continue;
      }
      if (first != null && name.startsWith(separator)) {
        name = first.substring(0, first.lastIndexOf(separator)) + name;
      } else if (first == null) {
        first = name;
      }
      names.add(name);
    }
    return names;
  }
}
