package io.compressnet.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

/** The shared RocksDB budget on real RocksDB options and a real database. */
class BoundedRocksDbMemoryTest {

  static {
    RocksDB.loadLibrary();
  }

  @Test
  void shouldGiveEveryStoreSmallMemtablesCountedAgainstOneSharedBudget(@TempDir Path dir)
      throws Exception {
    // Given two stores configured through the setter with a 64 MiB budget
    BoundedRocksDbMemory setter = new BoundedRocksDbMemory();
    Map<String, Object> configs = Map.of(BoundedRocksDbMemory.MEMORY_MB, "64");
    try (Options first = storeOptions();
        Options second = storeOptions()) {
      // When
      setter.setConfig("pending", first, configs);
      setter.setConfig("index", second, configs);

      // Then: one budget for the JVM, memtables capped well below Kafka Streams' 3 x 16 MB
      assertThat(BoundedRocksDbMemory.budgetBytes()).isEqualTo(64L * 1024 * 1024);
      for (Options options : new Options[] {first, second}) {
        assertThat(options.maxWriteBufferNumber()).isEqualTo(2);
        assertThat(options.writeBufferSize()).isEqualTo(4L * 1024 * 1024);
      }
      // and a database opens, writes and reads with those options
      try (RocksDB db = RocksDB.open(first, dir.toString())) {
        db.put("k".getBytes(StandardCharsets.UTF_8), "v".getBytes(StandardCharsets.UTF_8));
        assertThat(db.get("k".getBytes(StandardCharsets.UTF_8)))
            .isEqualTo("v".getBytes(StandardCharsets.UTF_8));
      }
    }
  }

  @Test
  void shouldNameTheSettingWhenTheBudgetIsNotANumber() {
    assertThatThrownBy(
            () -> BoundedRocksDbMemory.budgetMib(Map.of(BoundedRocksDbMemory.MEMORY_MB, "lots")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("compressnet.rocksdb.memory.mb");
  }

  private static Options storeOptions() {
    Options options = new Options().setCreateIfMissing(true);
    options.setTableFormatConfig(new BlockBasedTableConfig());
    return options;
  }
}
